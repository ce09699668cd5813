#include "sim/analysis/tensor_source.h"

#include "base/errors.h"

namespace akichi::sim {

std::size_t job_rows(const TensorJob& job) {
  return job.ctx->grid.heights_m.size() * static_cast<std::size_t>(job.ctx->grid.ny);
}

void compute_job(const TensorJob& job, Progress& progress) {
  if (job.ctx == nullptr) throw RuntimeError("tensor job without an area context");
  const auto rows = [&progress](std::size_t n) { progress.advance(n); };
  switch (job.kind) {
    case TensorJob::Kind::Area:
      prop::compute_area(job.tx, job.antenna, *job.ctx, job.area, rows);
      return;
    case TensorJob::Kind::Coupling:
      if (job.antenna == nullptr) throw RuntimeError("coupling job without an antenna");
      prop::compute_coupling(job.tx, *job.antenna, *job.ctx, job.coupling_dB, rows);
      return;
  }
}

void TensorSource::compute_each(std::span<const TensorJob> jobs, Progress& progress,
                                const std::function<void(std::size_t)>& deliver) {
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    compute(jobs.subspan(j, 1), progress);
    deliver(j);
  }
}

void LocalTensorSource::compute(std::span<const TensorJob> jobs, Progress& progress) {
  for (const TensorJob& job : jobs) compute_job(job, progress);
}

}  // namespace akichi::sim

#include "sim/parallel/mpi_tensor_source.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <numeric>

#include "base/errors.h"

namespace akichi::sim::par {

std::vector<int> assign_jobs(std::span<const std::size_t> rows, int ranks) {
  if (ranks < 1) throw RuntimeError("assign_jobs: ranks must be >= 1");
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&rows](std::size_t a, std::size_t b) { return rows[a] > rows[b]; });
  std::vector<std::size_t> load(static_cast<std::size_t>(ranks), 0);
  std::vector<int> owner(rows.size(), 0);
  for (const std::size_t j : order) {
    const auto least = std::min_element(load.begin(), load.end());  // first minimum: lowest rank
    *least += rows[j];
    owner[j] = static_cast<int>(least - load.begin());
  }
  return owner;
}

namespace {

/// Forwards advance(u) as u * total / local (rounded down, cumulatively), capped at total.
class ScaledProgress final : public Progress {
 public:
  ScaledProgress(Progress& out, std::size_t local, std::size_t total)
      : out_(out), local_(local), total_(total) {}
  void stage(const std::string& name, std::size_t total) override { out_.stage(name, total); }
  void advance(std::size_t units) override {
    std::size_t step = 0;
    {
      const std::lock_guard lock(mutex_);
      done_ += units;
      const std::size_t target =
          local_ == 0 ? total_
                      : std::min(total_, static_cast<std::size_t>(static_cast<double>(done_) *
                                                                  static_cast<double>(total_) /
                                                                  static_cast<double>(local_)));
      if (target > forwarded_) {
        step = target - forwarded_;
        forwarded_ = target;
      }
    }
    if (step > 0) out_.advance(step);
  }
  void done() override { out_.done(); }
  void note(const std::string& line) override { out_.note(line); }
  /// Forwards whatever is left of `total` (the other ranks' rows, now exchanged).
  void finish() {
    std::size_t step = 0;
    {
      const std::lock_guard lock(mutex_);
      step = total_ - forwarded_;
      forwarded_ = total_;
    }
    if (step > 0) out_.advance(step);
  }

 private:
  Progress& out_;
  std::size_t local_, total_;
  std::mutex mutex_;
  std::size_t done_ = 0, forwarded_ = 0;
};

/// job_rows() of every job.
std::vector<std::size_t> rows_of(std::span<const TensorJob> jobs) {
  std::vector<std::size_t> rows(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].ctx == nullptr) throw RuntimeError("tensor job without an area context");
    rows[j] = job_rows(jobs[j]);
  }
  return rows;
}

/// Every output span of a job, as bytes, in a fixed order (the sender's and the receiver's).
template <class F>
void for_each_output(const TensorJob& job, F&& f) {
  switch (job.kind) {
    case TensorJob::Kind::Area:
      if (!job.area.loss_dB.empty()) f(std::as_writable_bytes(job.area.loss_dB));
      if (!job.area.tx_gain_dBi.empty()) f(std::as_writable_bytes(job.area.tx_gain_dBi));
      if (!job.area.mechanism.empty()) f(std::as_writable_bytes(job.area.mechanism));
      return;
    case TensorJob::Kind::Coupling:
      f(std::as_writable_bytes(job.coupling_dB));
      return;
  }
}

/// compute_job(), every failure a RuntimeError (see compute_each()).
void compute_or_fail(const TensorJob& job, Progress& progress) {
  try {
    compute_job(job, progress);
  } catch (const RuntimeError&) {
    throw;
  } catch (const std::exception& e) {
    throw RuntimeError(e.what());
  }
}

}  // namespace

void MpiTensorSource::compute_each(std::span<const TensorJob> jobs, Progress& progress,
                                   const std::function<void(std::size_t)>& deliver) {
  const int me = comm_.rank();
  const std::vector<std::size_t> rows = rows_of(jobs);
  const std::vector<int> owner = assign_jobs(rows, comm_.size());
  if (me != 0) {
    SilentProgress silent;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (owner[j] != me) continue;
      compute_or_fail(jobs[j], silent);
      for_each_output(jobs[j], [&](std::span<std::byte> out) { comm_.send(out, 0); });
    }
    return;
  }
  // Rank 0 takes the jobs in index order: the owners send theirs in that order too, so each
  // message is the one expected, and an owner computes its next job while rank 0 computes or
  // receives the ones before.
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (owner[j] == 0) {
      compute_or_fail(jobs[j], progress);
    } else {
      for_each_output(jobs[j], [&](std::span<std::byte> out) { comm_.recv(out, owner[j]); });
      progress.advance(rows[j]);
    }
    deliver(j);
  }
}

void MpiTensorSource::compute(std::span<const TensorJob> jobs, Progress& progress) {
  const int me = comm_.rank();
  const std::vector<std::size_t> rows = rows_of(jobs);
  const std::vector<int> owner = assign_jobs(rows, comm_.size());
  std::size_t mine = 0;
  for (std::size_t j = 0; j < jobs.size(); ++j) mine += owner[j] == me ? rows[j] : 0;
  const std::size_t total = std::accumulate(rows.begin(), rows.end(), std::size_t{0});

  SilentProgress silent;
  ScaledProgress scaled(progress, mine, total);
  Progress& p = me == 0 ? static_cast<Progress&>(scaled) : static_cast<Progress&>(silent);
  std::exception_ptr failure;
  try {
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (owner[j] == me) compute_job(jobs[j], p);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // Every rank learns whether any failed before the exchange, so none waits on a broadcast
  // that will never come.
  if (comm_.max(failure ? 1.0 : 0.0) > 0.0) {
    if (failure) std::rethrow_exception(failure);
    throw RuntimeError("a tensor job failed on another MPI rank");
  }
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const TensorJob& job = jobs[j];
    switch (job.kind) {
      case TensorJob::Kind::Area:
        if (!job.area.loss_dB.empty()) comm_.broadcast(job.area.loss_dB, owner[j]);
        if (!job.area.tx_gain_dBi.empty()) comm_.broadcast(job.area.tx_gain_dBi, owner[j]);
        if (!job.area.mechanism.empty())
          comm_.broadcast(std::as_writable_bytes(job.area.mechanism), owner[j]);
        break;
      case TensorJob::Kind::Coupling:
        comm_.broadcast(job.coupling_dB, owner[j]);
        break;
    }
  }
  if (me == 0) scaled.finish();
}

}  // namespace akichi::sim::par

// A TensorSource that shares the jobs of each stage out among the ranks of a Comm: each rank
// computes its own jobs with compute_job(), then every job's outputs are broadcast from the
// rank that computed them, so every rank ends with every job's outputs; in a streamed run
// (compute_each()) they go to rank 0 alone, one job at a time. The engine is deterministic per
// cell, so the bits do not depend on the number of ranks.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/analysis/tensor_source.h"
#include "sim/parallel/comm.h"

namespace akichi::sim::par {

/// Owner rank of each job: longest-processing-time-first over `rows` (job_rows() of each job,
/// any values >= 0), jobs of equal rows in index order, each to the rank with the least rows so
/// far (the lowest rank on ties). Depends only on `rows` and `ranks` (>= 1); every job gets
/// exactly one owner; the largest load exceeds the mean by at most the largest job.
std::vector<int> assign_jobs(std::span<const std::size_t> rows, int ranks);

class MpiTensorSource final : public TensorSource {
 public:
  /// `comm` must outlive the source; all ranks must call compute() with the same jobs.
  explicit MpiTensorSource(Comm& comm) : comm_(comm) {}
  /// Progress: rank 0 reports its own rows scaled by (all rows / its rows), an estimate of the
  /// whole stage assuming the ranks run at the same speed, and the rest once the exchange is
  /// done; the other ranks report nothing. A job failing on any rank makes every rank throw
  /// RuntimeError (the failing rank its own error) before any output is exchanged.
  void compute(std::span<const TensorJob> jobs, Progress& progress) override;
  /// A streamed run: each rank computes its own jobs (assign_jobs()) in index order and sends
  /// each job's outputs to rank 0, which computes its own, receives the others' in index order
  /// and delivers each there; every rank holds one job's outputs at a time. Rank 0's progress
  /// advances with its own rows as computed and with the others' as received. A job failing on
  /// any rank throws RuntimeError there (an InputError too: a rank ending alone with status 2
  /// would leave the others waiting), which ends the whole run (MPI_Abort).
  void compute_each(std::span<const TensorJob> jobs, Progress& progress,
                    const std::function<void(std::size_t)>& deliver) override;
  bool delivers() const noexcept override { return comm_.rank() == 0; }

 private:
  Comm& comm_;
};

}  // namespace akichi::sim::par

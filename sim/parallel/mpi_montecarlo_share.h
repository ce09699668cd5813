// A MonteCarloShare over the ranks of a Comm: each batch of trials is split into contiguous
// parts in rank order, each rank runs its part, and every part is broadcast from its rank.
// Trials draw from (seed, trial) alone and are reduced in trial order, so the results are the
// same bits for any number of ranks.
#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include "sim/analysis/montecarlo.h"
#include "sim/parallel/comm.h"

namespace akichi::sim::par {

/// Trials [begin, end) of a batch of n for `rank` of `ranks`: n r / ranks .. n (r + 1) / ranks.
std::pair<std::size_t, std::size_t> trial_part(std::size_t n, int rank, int ranks);

class MpiMonteCarloShare final : public MonteCarloShare {
 public:
  /// `comm` must outlive the share; every rank must run the same Monte Carlo.
  explicit MpiMonteCarloShare(Comm& comm) : comm_(comm) {}
  std::pair<std::size_t, std::size_t> mine(std::size_t n) const override;
  void gather(std::span<double> samples, std::size_t n, std::size_t n_targets) const override;

 private:
  Comm& comm_;
};

}  // namespace akichi::sim::par

#include "sim/parallel/mpi_montecarlo_share.h"

#include <cstddef>

namespace akichi::sim::par {

std::pair<std::size_t, std::size_t> trial_part(std::size_t n, int rank, int ranks) {
  const auto r = static_cast<std::size_t>(rank), s = static_cast<std::size_t>(ranks);
  return {n * r / s, n * (r + 1) / s};
}

std::pair<std::size_t, std::size_t> MpiMonteCarloShare::mine(std::size_t n) const {
  return trial_part(n, comm_.rank(), comm_.size());
}

void MpiMonteCarloShare::gather(std::span<double> samples, std::size_t n,
                                std::size_t n_targets) const {
  for (int q = 0; q < comm_.size(); ++q) {
    const auto [b, e] = trial_part(n, q, comm_.size());
    const std::span<double> part = samples.subspan(b * n_targets, (e - b) * n_targets);
    comm_.broadcast(std::as_writable_bytes(part), q);
  }
}

}  // namespace akichi::sim::par

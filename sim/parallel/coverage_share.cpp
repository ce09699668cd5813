#include "sim/parallel/coverage_share.h"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace akichi::sim::par {
namespace {

/// Broadcasts rank 0's vector: its length first, then its elements.
template <class T>
void share(Comm& comm, std::vector<T>& v) {
  std::uint64_t n = v.size();
  comm.broadcast(std::as_writable_bytes(std::span<std::uint64_t>(&n, 1)), 0);
  v.resize(static_cast<std::size_t>(n));
  comm.broadcast(std::as_writable_bytes(std::span<T>(v)), 0);
}

}  // namespace

void share_coverage(Comm& comm, CoverageResult& c) {
  std::array<std::int64_t, 5> sizes{c.n_stations, c.n_heights, c.ny, c.nx, c.has_premises ? 1 : 0};
  comm.broadcast(std::as_writable_bytes(std::span<std::int64_t>(sizes)), 0);
  c.n_stations = static_cast<int>(sizes[0]);
  c.n_heights = static_cast<int>(sizes[1]);
  c.ny = static_cast<int>(sizes[2]);
  c.nx = static_cast<int>(sizes[3]);
  c.has_premises = sizes[4] != 0;
  share(comm, c.rx_power_dBm);
  share(comm, c.best_server);
  share(comm, c.best_rx_power_dBm);
  share(comm, c.interference_dBm);
  share(comm, c.sinr_dB);
  share(comm, c.noise_dBm);
  share(comm, c.premises_mask);
  share(comm, c.premises_coverage_share);
  share(comm, c.leakage_share);
  share(comm, c.station_best_share);
}

}  // namespace akichi::sim::par

#include "sim/analysis/vacancy.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include <numbers>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "propagation/engine/area.h"
#include "sim/analysis/vacancy_kernels.h"

namespace akichi::sim {

namespace vd = vacancy_detail;

namespace {

/// Cells per task: the coupling tiles of a few dozen stations stay in L2 while every
/// (set, channel) of the tile is reduced, so each tensor is streamed from memory once.
constexpr std::size_t kTile = 2048;
static_assert(kTile <= vd::kMaxRun);
static_assert(vd::kNoBindingId == kNoBinding);

constexpr float kLn10Over10 = 0.230258509299404568f;  // ln(10) / 10

}  // namespace

std::size_t vacancy_evaluations(const std::vector<ActiveSet>& sets, std::size_t n_channels,
                                std::size_t n_heights, std::size_t n_cells) {
  std::size_t terms = 0;
  for (const ActiveSet& s : sets) terms += s.receivers.size() + s.transmitters.size();
  return terms * n_channels * n_heights * n_cells;
}

std::vector<double> usable_share(const VacancyCube& cube) {
  std::vector<double> share(cube.n_sets * cube.n_channels * cube.n_heights);
  for (std::size_t i = 0; i < share.size(); ++i) {
    const std::uint8_t* u = cube.usable.data() + i * cube.n_cells;
    std::size_t n = 0;
    for (std::size_t c = 0; c < cube.n_cells; ++c) n += u[c];
    share[i] = static_cast<double>(n) / static_cast<double>(cube.n_cells);
  }
  return share;
}

namespace {

/// Throws std::invalid_argument unless every tensor has n values and the limits and terms
/// match the channels and stations.
void check_vacancy_input(const std::vector<std::span<const float>>& coupling, std::size_t n,
                         const std::vector<ActiveSet>& sets, std::size_t n_channels,
                         const VacancyParams& params) {
  for (const auto& k : coupling) {
    if (k.size() != n) throw std::invalid_argument("compute_vacancy: coupling tensor size");
  }
  if (params.newcomer_limit_dBm.size() != n_channels) {
    throw std::invalid_argument("compute_vacancy: newcomer limit per channel");
  }
  for (const ActiveSet& s : sets) {
    for (const auto& r : s.receivers) {
      if (r.a_dB.size() != n_channels || r.station < 0 ||
          static_cast<std::size_t>(r.station) >= coupling.size())
        throw std::invalid_argument("compute_vacancy: receiver term");
    }
    for (const auto& t : s.transmitters) {
      if (t.b_dB.size() != n_channels || t.station < 0 ||
          static_cast<std::size_t>(t.station) >= coupling.size())
        throw std::invalid_argument("compute_vacancy: transmitter term");
    }
  }
}

/// A cube of the given dimensions, its fields sized but not written (compute_vacancy writes every
/// element).
/// Shapes `cube` (its arrays keep their memory when already that size: no new pages), every
/// element unwritten or as it was; azimuth_deg is left as it is.
void size_cube(VacancyCube& cube, std::size_t n_sets, std::size_t n_channels, std::size_t n_heights,
               std::size_t n_cells) {
  cube.n_sets = n_sets;
  cube.n_channels = n_channels;
  cube.n_heights = n_heights;
  cube.n_cells = n_cells;
  const std::size_t total = n_sets * n_channels * n_heights * n_cells;
  cube.max_eirp_dBm.resize(total);
  cube.binding.resize(total);
  cube.interference_dBm.resize(total);
  cube.usable.resize(total);
}

/// Stations that transmit in some set get a slot in the per-tile table of 10^(K/10), computed
/// once per tile instead of once per (set, channel): the received power sum is then a
/// multiply-add per term, with the per-channel factor 10^(b/10) hoisted out of the cell loop.
struct TxSlots {
  std::vector<int> slot;             ///< [station] its slot, -1 when it never transmits
  std::vector<std::size_t> station;  ///< [slot] its station
};

TxSlots tx_slots(const std::vector<ActiveSet>& sets, std::size_t n_stations) {
  TxSlots tx;
  tx.slot.assign(n_stations, -1);
  std::size_t n_tx = 0;
  for (const ActiveSet& set : sets)
    for (const auto& t : set.transmitters)
      if (tx.slot[static_cast<std::size_t>(t.station)] < 0)
        tx.slot[static_cast<std::size_t>(t.station)] = static_cast<int>(n_tx++);
  tx.station.resize(n_tx);
  for (std::size_t s = 0; s < n_stations; ++s)
    if (tx.slot[s] >= 0) tx.station[static_cast<std::size_t>(tx.slot[s])] = s;
  return tx;
}

}  // namespace

VacancyCube compute_vacancy(const std::vector<std::span<const float>>& coupling,
                            std::size_t n_heights, std::size_t n_cells,
                            const std::vector<ActiveSet>& sets, std::size_t n_channels,
                            const VacancyParams& params) {
  VacancyCube cube;
  compute_vacancy_into(cube, coupling, n_heights, n_cells, sets, n_channels, params);
  return cube;
}

namespace {

/// Folds n elements of a trial cube (its arrays from t_eirp, t_binding, t_i, t_usable) into
/// `best` from element `at`: keep_best_azimuth()'s rule, every element written, the winner's
/// values selected without a branch (so the loop vectorises).
void fold_elements(VacancyCube& best, std::size_t at, std::size_t n, const float* t_eirp,
                   const std::int16_t* t_binding, const float* t_i, const std::uint8_t* t_usable,
                   float azimuth_deg) noexcept {
  float* const b_eirp = best.max_eirp_dBm.data() + at;
  std::int16_t* const b_binding = best.binding.data() + at;
  float* const b_i = best.interference_dBm.data() + at;
  std::uint8_t* const b_usable = best.usable.data() + at;
  float* const b_az = best.azimuth_deg.data() + at;
  for (std::size_t i = 0; i < n; ++i) {
    const bool better = t_eirp[i] > b_eirp[i] || (t_eirp[i] == b_eirp[i] && t_i[i] < b_i[i]);
    b_eirp[i] = better ? t_eirp[i] : b_eirp[i];
    b_binding[i] = better ? t_binding[i] : b_binding[i];
    b_i[i] = better ? t_i[i] : b_i[i];
    b_usable[i] = better ? t_usable[i] : b_usable[i];
    b_az[i] = better ? azimuth_deg : b_az[i];
  }
}

/// compute_vacancy_into(), or with `fold_azimuth_deg` each run of cells reduced into a buffer of
/// the thread's and folded at once into `cube`, the best cube so far (sized for these inputs,
/// with azimuth_deg): keep_best_azimuth() of this azimuth's cube, without the cube.
void reduce(VacancyCube& cube, const std::vector<std::span<const float>>& coupling,
            std::size_t n_heights, std::size_t n_cells, const std::vector<ActiveSet>& sets,
            std::size_t n_channels, const VacancyParams& params, const float* fold_azimuth_deg) {
  const std::size_t n = n_heights * n_cells;
  check_vacancy_input(coupling, n, sets, n_channels, params);
  if (fold_azimuth_deg == nullptr) {
    size_cube(cube, sets.size(), n_channels, n_heights, n_cells);
  } else if (cube.n_sets != sets.size() || cube.n_channels != n_channels ||
             cube.n_heights != n_heights || cube.n_cells != n_cells ||
             cube.azimuth_deg.size() != cube.max_eirp_dBm.size()) {
    throw std::invalid_argument("keep_best_azimuth: cube sizes");
  }

  const float cap = static_cast<float>(params.max_eirp_dBm);
  const float min_useful = static_cast<float>(params.min_useful_eirp_dBm);
  const std::size_t n_tiles = (n + kTile - 1) / kTile;
  const TxSlots tx = tx_slots(sets, coupling.size());
  const std::vector<int>& tx_slot = tx.slot;
  const std::vector<std::size_t>& tx_station = tx.station;
  const std::size_t n_tx = tx_station.size();

  // The terms of each (set, channel) in the reduction's order, without the receivers a channel
  // cannot reach (a = +inf) and the transmitters that put no power in it (b = -inf).
  struct RxKey {
    float a;
    std::int32_t station;
  };
  struct TxKey {
    float scale;
    std::size_t slot;
  };
  std::vector<std::vector<RxKey>> rx_keys(sets.size() * n_channels);
  std::vector<std::vector<TxKey>> tx_keys(sets.size() * n_channels);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t ch = 0; ch < n_channels; ++ch) {
      for (const VacancyReceiver& r : sets[s].receivers) {
        const double a = r.a_dB[ch];
        if (a == std::numeric_limits<double>::infinity()) continue;
        rx_keys[s * n_channels + ch].push_back({static_cast<float>(a), r.station});
      }
      for (const VacancyTransmitter& t : sets[s].transmitters) {
        const double bb = t.b_dB[ch];
        if (bb == -std::numeric_limits<double>::infinity()) continue;
        tx_keys[s * n_channels + ch].push_back(
            {static_cast<float>(std::pow(10.0, bb / 10.0)),
             static_cast<std::size_t>(tx_slot[static_cast<std::size_t>(t.station)])});
      }
    }
  }
  // A (set, channel) whose transmitter terms are those of an earlier set on the same channel
  // (the same stations and scales, in the same order: sets that differ in their receivers
  // alone) has that set's interference to the bit: it is copied, not summed again. Likewise
  // its receiver terms (sets that differ in their transmitters alone): that set's maximum EIRP
  // and binding station.
  const auto same_tx = [](const TxKey& x, const TxKey& y) {
    return std::bit_cast<std::uint32_t>(x.scale) == std::bit_cast<std::uint32_t>(y.scale) &&
           x.slot == y.slot;
  };
  const auto same_rx = [](const RxKey& x, const RxKey& y) {
    return std::bit_cast<std::uint32_t>(x.a) == std::bit_cast<std::uint32_t>(y.a) &&
           x.station == y.station;
  };
  // [set * n_channels + ch]: the set whose reduction the (set, channel) takes
  std::vector<std::size_t> i_from(sets.size() * n_channels), rx_from(sets.size() * n_channels);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t ch = 0; ch < n_channels; ++ch) {
      const std::size_t sc = s * n_channels + ch;
      i_from[sc] = rx_from[sc] = s;
      for (std::size_t e = s; e-- > 0;) {
        const std::size_t ec = e * n_channels + ch;
        if (std::ranges::equal(tx_keys[ec], tx_keys[sc], same_tx)) i_from[sc] = e;
        if (std::ranges::equal(rx_keys[ec], rx_keys[sc], same_rx)) rx_from[sc] = e;
      }
    }
  }
  const bool avx2 = params.allow_avx2 && vd::cpu_has_avx2();

  // Rows of the 10^(K/10) table: a tile, or fewer cells when the whole cube is smaller (a
  // single point for the live engine).
  const std::size_t stride = std::min(kTile, n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_tiles), [&](const auto& range) {
    std::vector<float> lin_tx(n_tx * stride);
    std::vector<vd::RxTerm> rx;
    std::vector<vd::TxTerm> txs;
    vd::Scratch scratch;
    // Folding: one run's outputs, folded into the best cube as soon as they are reduced; each
    // set's of the run's channel, kept while the later sets that share them are reduced.
    const std::size_t held = fold_azimuth_deg ? sets.size() * stride : 0;
    std::vector<float> run_eirp(held);
    std::vector<std::int16_t> run_binding(held);
    std::vector<float> run_i(held);
    std::vector<std::uint8_t> run_usable(fold_azimuth_deg ? stride : 0);
    for (std::size_t tile = range.begin(); tile != range.end(); ++tile) {
      const std::size_t t0 = tile * kTile;
      const std::size_t len = std::min(kTile, n - t0);
      for (std::size_t j = 0; j < n_tx; ++j) {
        const float* k = coupling[tx_station[j]].data() + t0;
        float* l = lin_tx.data() + j * stride;
        for (std::size_t c = 0; c < len; ++c) l[c] = std::exp(k[c] * kLn10Over10);
      }
      // Channel by channel, the sets in turn: what a later set shares is the same run's and
      // channel's.
      for (std::size_t k = 0; k < sets.size() * n_channels; ++k) {
        const std::size_t sc = (k % sets.size()) * n_channels + k / sets.size();
        rx.clear();
        for (const RxKey& r : rx_keys[sc])
          rx.push_back({r.a, r.station, coupling[static_cast<std::size_t>(r.station)].data() + t0});
        txs.clear();
        for (const TxKey& t : tx_keys[sc])
          txs.push_back({t.scale, lin_tx.data() + t.slot * stride});
        const std::size_t ch = sc % n_channels, set = sc / n_channels;
        const std::size_t base = sc * n + t0;
        // Where a set's outputs of this channel and run are (or go)
        const auto at = [&](auto& held_run, auto& array, std::size_t s) {
          return fold_azimuth_deg ? held_run.data() + s * stride
                                  : array.data() + (s * n_channels + ch) * n + t0;
        };
        const auto interference = [&](std::size_t s) {
          return at(run_i, cube.interference_dBm, s);
        };
        const auto max_eirp = [&](std::size_t s) { return at(run_eirp, cube.max_eirp_dBm, s); };
        const auto binding = [&](std::size_t s) { return at(run_binding, cube.binding, s); };
        const std::size_t i_set = i_from[sc], rx_set = rx_from[sc];
        const vd::RunIn in{rx,
                           txs,
                           cap,
                           min_useful,
                           static_cast<float>(params.newcomer_limit_dBm[ch]),
                           i_set != set ? interference(i_set) : nullptr,
                           rx_set != set ? max_eirp(rx_set) : nullptr,
                           rx_set != set ? binding(rx_set) : nullptr};
        const vd::RunOut out{max_eirp(set), binding(set), interference(set),
                             fold_azimuth_deg ? run_usable.data() : cube.usable.data() + base};
        if (avx2) {
          vd::reduce_avx2(in, out, len, scratch);
        } else {
          vd::reduce_portable(in, out, len, scratch);
        }
        if (fold_azimuth_deg) {
          fold_elements(cube, base, len, max_eirp(set), binding(set), interference(set),
                        run_usable.data(), *fold_azimuth_deg);
        }
      }
    }
  });
}

}  // namespace

void compute_vacancy_into(VacancyCube& cube, const std::vector<std::span<const float>>& coupling,
                          std::size_t n_heights, std::size_t n_cells,
                          const std::vector<ActiveSet>& sets, std::size_t n_channels,
                          const VacancyParams& params) {
  reduce(cube, coupling, n_heights, n_cells, sets, n_channels, params, nullptr);
}

namespace {

/// The bearing from (x, y) towards (x_m, y_m), clockwise from grid north in [0, 360), and the
/// distance between them (at least prop::kMinLinkDistance_m, as the engine's).
struct PlaneDirection {
  double bearing_deg, distance_m;
};

PlaneDirection plane_direction(double x, double y, double x_m, double y_m) {
  constexpr double kDeg = 180.0 / std::numbers::pi;
  double bearing = std::atan2(x_m - x, y_m - y) * kDeg;
  if (bearing < 0) bearing += 360.0;
  // The direction only: the plane's length (a great circle differs by tenths of a per cent, far
  // below what moves an elevation angle)
  const double d =
      std::max(prop::TerrainGrid::path_length_m(nullptr, x, y, x_m, y_m), prop::kMinLinkDistance_m);
  return {bearing, d};
}

/// The elevation of a station whose antenna is at z_station (terrain plus height) seen from a
/// candidate h above ground at z_ground, `d` away.
float elevation_towards(double z_station, double z_ground, double h, double d) {
  constexpr double kDeg = 180.0 / std::numbers::pi;
  return static_cast<float>(std::atan2(z_station - (z_ground + h), d) * kDeg);
}

}  // namespace

void candidate_directions(const prop::StudyGrid& grid, const prop::TerrainGrid& terrain, double x_m,
                          double y_m, double h_m, std::span<float> bearing_deg,
                          std::span<float> elevation_deg) {
  const std::size_t n_cells = grid.cells();
  const std::size_t nh = grid.heights_m.size();
  if (bearing_deg.size() != nh * n_cells || elevation_deg.size() != nh * n_cells) {
    throw std::invalid_argument("candidate_directions: output size");
  }
  const double z_station = terrain.elevation_m(x_m, y_m) + h_m;
  tbb::parallel_for(tbb::blocked_range<int>(0, grid.ny), [&](const auto& rows) {
    for (int iy = rows.begin(); iy != rows.end(); ++iy) {
      for (int ix = 0; ix < grid.nx; ++ix) {
        const double x = grid.x(ix), y = grid.y(iy);
        const PlaneDirection p = plane_direction(x, y, x_m, y_m);
        const double z_ground = terrain.elevation_m(x, y);
        const std::size_t c = static_cast<std::size_t>(iy) * static_cast<std::size_t>(grid.nx) +
                              static_cast<std::size_t>(ix);
        for (std::size_t h = 0; h < nh; ++h) {
          bearing_deg[h * n_cells + c] = static_cast<float>(p.bearing_deg);
          elevation_deg[h * n_cells + c] =
              elevation_towards(z_station, z_ground, grid.heights_m[h], p.distance_m);
        }
      }
    }
  });
}

CandidateDirection candidate_direction(const prop::TerrainGrid& terrain, double x, double y,
                                       double h, double x_m, double y_m, double h_m) {
  const double z_station = terrain.elevation_m(x_m, y_m) + h_m;
  const PlaneDirection p = plane_direction(x, y, x_m, y_m);
  return {static_cast<float>(p.bearing_deg),
          elevation_towards(z_station, terrain.elevation_m(x, y), h, p.distance_m)};
}

void candidate_coupling(std::span<const float> coupling, std::span<const float> bearing_deg,
                        std::span<const float> elevation_deg, const prop::Antenna& antenna,
                        double azimuth_offset_deg, std::span<float> out) {
  if (coupling.size() != out.size() || bearing_deg.size() != out.size() ||
      elevation_deg.size() != out.size()) {
    throw std::invalid_argument("candidate_coupling: sizes");
  }
  const double g_max = antenna.max_gain_dBi();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, out.size(), kTile), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const double g = antenna.gain_dBi(bearing_deg[i] - azimuth_offset_deg, elevation_deg[i]);
      out[i] = static_cast<float>(coupling[i] - (g_max - g));
    }
  });
}

void keep_best_azimuth(VacancyCube& best, const VacancyCube& trial, float azimuth_deg) {
  if (best.max_eirp_dBm.empty()) {
    best = trial;
    best.azimuth_deg.assign(best.max_eirp_dBm.size(), azimuth_deg);
    return;
  }
  if (trial.max_eirp_dBm.size() != best.max_eirp_dBm.size()) {
    throw std::invalid_argument("keep_best_azimuth: cube sizes");
  }
  // Blocks of elements on the threads.
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, best.max_eirp_dBm.size(), 8 * kTile), [&](const auto& r) {
        const std::size_t i = r.begin();
        fold_elements(best, i, r.size(), trial.max_eirp_dBm.data() + i, trial.binding.data() + i,
                      trial.interference_dBm.data() + i, trial.usable.data() + i, azimuth_deg);
      });
}

void keep_best_azimuth(VacancyCube& best, VacancyCube&& trial, float azimuth_deg) {
  if (best.max_eirp_dBm.empty()) {
    best = std::move(trial);
    best.azimuth_deg.assign(best.max_eirp_dBm.size(), azimuth_deg);
    return;
  }
  keep_best_azimuth(best, static_cast<const VacancyCube&>(trial), azimuth_deg);
}

VacancyCube best_azimuth_vacancy(int n_azimuths, double step_deg,
                                 const std::function<void(double)>& adjust,
                                 const std::vector<std::span<const float>>& coupling,
                                 std::size_t n_heights, std::size_t n_cells,
                                 const std::vector<ActiveSet>& sets, std::size_t n_channels,
                                 const VacancyParams& params) {
  VacancyCube best;
  for (int a = 0; a < n_azimuths; ++a) {
    const double azimuth = a * step_deg;
    const auto az = static_cast<float>(azimuth);
    adjust(azimuth);
    if (a == 0) {
      compute_vacancy_into(best, coupling, n_heights, n_cells, sets, n_channels, params);
      best.azimuth_deg.assign(best.max_eirp_dBm.size(), az);
      continue;
    }
    // The later azimuths' cubes are never made: each run of cells is folded as it is reduced.
    reduce(best, coupling, n_heights, n_cells, sets, n_channels, params, &az);
  }
  return best;
}

}  // namespace akichi::sim

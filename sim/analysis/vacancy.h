// Vacancy search: for every (distinct active set, channel, height, cell), the maximum EIRP a new
// local 5G base station at that cell may radiate on that channel while every active protected
// receiver stays within its criterion (single entry), the receiver that binds, the interference
// the newcomer itself would receive from the active incumbent transmitters, and whether the
// slot is usable.
//
// A reduction over the coupling tensors K_j = G_j(towards cell) - L_j(cell) computed once per
// database station by the engine (prop::compute_coupling); path loss is never recomputed per
// time slot or per channel: time only switches stations on and off (distinct active sets), and
// a channel only changes the scalar adjacent-channel coupling of each station.
//
// Single-entry limit of protected receiver i for a newcomer on channel k (all dB / dBm):
//   I_i = EIRP - G_max,new + G_new + K_i(cell) - F_i - C(k -> i) + T_i  <=  I_lim,i
//   =>  EIRP <= a_ik - K_i(cell),  a_ik = I_lim,i + F_i + C(k -> i) - T_i + G_max,new - G_new
// with F_i the receiver's feeder loss, C the coupling loss from the newcomer's channel into the
// receiver's band (overlap / ACIR), T_i the TDD activity correction (10 log10 of the frame
// fraction in which the two links collide; -inf when they never collide). The candidate's
// antenna is omnidirectional: G_new = G_max,new (an isotropic pattern with a gain).
//   max_eirp = min(EIRP_sys, min_i (a_ik - K_i));  binding = argmin_i (lowest index on ties;
//   kNoBinding when the system maximum is lower).
// Interference received by the newcomer on channel k from active transmitters j:
//   I_new = 10 log10 sum_j 10^((b_jk + K_j(cell)) / 10),  b_jk = EIRP_j - G_max,j - C(j -> k)
//           + T_j + G_new
//   usable = max_eirp >= EIRP_min  and  I_new <= I_lim,new(k)
//
// A directional candidate ([vacancy] antenna): G_new depends on the direction from the cell
// towards each station, so G_max,new - G_new(dir_s(cell)) is a tensor D_s[height][cell] >= 0
// per station s. It enters both sums through the coupling: the receiver term is
// a_ik - (K_i - D_i) with a_ik as above (G_max,new - G_new taken out), and the received term is
// b_jk + (K_j - D_j) with b_jk's G_new = G_max,new, i.e. EIRP_j - G_max,j - C + T_j + G_new(dir_j)
// + G_j - L_j. compute_vacancy then runs unchanged on the tensors K_s - D_s
// (candidate_coupling). With azimuth = "best", it runs once per azimuth of the declared step
// and each element of the cube keeps the azimuth with the largest max EIRP (the lower I_new on
// a tie, then the smaller azimuth: keep_best_azimuth).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <utility>
#include <vector>

#include "propagation/antenna/antenna.h"
#include "propagation/geo/grid.h"
#include "propagation/terrain/terrain.h"

namespace akichi::sim {

/// Binding-receiver value where the system maximum EIRP binds (no receiver limits the cell).
inline constexpr std::int16_t kNoBinding = -1;

/// A protected receiver as the reduction sees it.
struct VacancyReceiver {
  int station = 0;           ///< index of its coupling tensor (and the binding value written)
  std::vector<double> a_dB;  ///< [channel] a_ik; +inf: the channel cannot reach it
};

/// An active incumbent transmitter as the reduction sees it.
struct VacancyTransmitter {
  int station = 0;           ///< index of its coupling tensor
  std::vector<double> b_dB;  ///< [channel] b_jk; -inf: no power reaches the channel
};

struct VacancyParams {
  double max_eirp_dBm = 0;                 ///< EIRP_sys: the system maximum (cap)
  double min_useful_eirp_dBm = 0;          ///< EIRP_min
  std::vector<double> newcomer_limit_dBm;  ///< [channel] I_lim,new (e.g. N + I/N)
  /// false: the portable kernel even on a CPU with AVX2 (tests and benchmarks; both kernels give
  /// the same bits)
  bool allow_avx2 = true;
};

/// One distinct set of active stations: which receivers and transmitters are on.
struct ActiveSet {
  std::vector<VacancyReceiver> receivers;
  std::vector<VacancyTransmitter> transmitters;
};

/// std::allocator whose construct() without arguments default-initialises: a vector of numbers
/// resized with it is not written. The cube's arrays (hundreds of MB) are then first written by
/// the reduction that fills them, in parallel, which also first touches their new pages (the
/// kernel clears each page then), instead of by a pass writing zeros on one thread first.
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() noexcept = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};

/// One array of the cube: resize() leaves the new elements unwritten.
template <class T>
using CubeArray = std::vector<T, UninitAllocator<T>>;

/// The vacancy cube, each array laid out [set][channel][height][y][x].
struct VacancyCube {
  std::size_t n_sets = 0, n_channels = 0, n_heights = 0, n_cells = 0;
  CubeArray<float> max_eirp_dBm;
  CubeArray<std::int16_t> binding;    ///< station index or kNoBinding
  CubeArray<float> interference_dBm;  ///< I_new; -inf when no transmitter is active
  CubeArray<std::uint8_t> usable;     ///< 1 usable, 0 not
  /// azimuth = "best": the candidate's azimuth (degrees from grid north) of each element;
  /// empty otherwise.
  CubeArray<float> azimuth_deg;

  std::size_t index(std::size_t set, std::size_t ch, std::size_t h) const {
    return ((set * n_channels + ch) * n_heights + h) * n_cells;
  }
};

/// Evaluates the cube. `coupling[s]` is the coupling tensor of station s, [height][cell] with
/// n_heights * n_cells elements. Work is split by tiles of cells; each output element is
/// written by one task and sums run in a fixed order, so any thread count gives the same bits.
VacancyCube compute_vacancy(const std::vector<std::span<const float>>& coupling,
                            std::size_t n_heights, std::size_t n_cells,
                            const std::vector<ActiveSet>& sets, std::size_t n_channels,
                            const VacancyParams& params);

/// compute_vacancy() into `cube`, whose arrays are reused when they have the size already (no
/// new pages to fault in and clear); its azimuth_deg is left as it is.
void compute_vacancy_into(VacancyCube& cube, const std::vector<std::span<const float>>& coupling,
                          std::size_t n_heights, std::size_t n_cells,
                          const std::vector<ActiveSet>& sets, std::size_t n_channels,
                          const VacancyParams& params);

/// Share of the cells usable, [set][channel][height], computed once from the cube for the results
/// file and the run summary.
std::vector<double> usable_share(const VacancyCube& cube);

/// Number of (cell x height x receiver x channel x set) limit evaluations compute_vacancy does,
/// for benchmarks and reports.
std::size_t vacancy_evaluations(const std::vector<ActiveSet>& sets, std::size_t n_channels,
                                std::size_t n_heights, std::size_t n_cells);

/// Directions from a candidate at every (height, cell) of `grid` towards a station at
/// (x_m, y_m), h_m above ground: bearing clockwise from grid north and elevation above the
/// horizontal, degrees, each [height][cell]. Ground heights are the terrain's at both ends, the
/// distance the terrain's path length (at least prop::kMinLinkDistance_m) as the engine's.
void candidate_directions(const prop::StudyGrid& grid, const prop::TerrainGrid& terrain, double x_m,
                          double y_m, double h_m, std::span<float> bearing_deg,
                          std::span<float> elevation_deg);

/// The direction candidate_directions() gives a candidate at (x, y), h above ground, towards
/// the station at (x_m, y_m), h_m above ground: the same bits at a cell centre (the live point
/// query's direction).
struct CandidateDirection {
  float bearing_deg, elevation_deg;
};
CandidateDirection candidate_direction(const prop::TerrainGrid& terrain, double x, double y,
                                       double h, double x_m, double y_m, double h_m);

/// K_s - (G_max,new - G_new(dir)) for every element: `coupling`, `bearing_deg` and
/// `elevation_deg` of one station (same sizes as `out`), the candidate `antenna` turned by
/// `azimuth_offset_deg` (its gain read at bearing - offset).
void candidate_coupling(std::span<const float> coupling, std::span<const float> bearing_deg,
                        std::span<const float> elevation_deg, const prop::Antenna& antenna,
                        double azimuth_offset_deg, std::span<float> out);

/// Folds the cube of one candidate azimuth into `best` (empty: takes `trial` whole): each
/// element keeps the larger max EIRP, on a tie the lower interference, on a tie the earlier
/// azimuth; azimuth_deg records the winner's.
void keep_best_azimuth(VacancyCube& best, VacancyCube&& trial, float azimuth_deg);
void keep_best_azimuth(VacancyCube& best, const VacancyCube& trial, float azimuth_deg);

/// The best-azimuth search: for each azimuth a * step_deg (0 <= a < n_azimuths, in order),
/// `adjust(azimuth)` writes the tensors `coupling` views (candidate_coupling()), then that
/// azimuth's cube is computed and folded into the best (keep_best_azimuth()). Two cubes are
/// allocated whatever the number of azimuths: the best and one for every later azimuth.
VacancyCube best_azimuth_vacancy(int n_azimuths, double step_deg,
                                 const std::function<void(double)>& adjust,
                                 const std::vector<std::span<const float>>& coupling,
                                 std::size_t n_heights, std::size_t n_cells,
                                 const std::vector<ActiveSet>& sets, std::size_t n_channels,
                                 const VacancyParams& params);

}  // namespace akichi::sim

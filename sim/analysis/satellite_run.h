// Protection of space-station receivers ([[space_station]]): the aggregate interference of the
// study's local 5G stations at each satellite on earth-to-space paths, per channel of the plan
// and time slot, each station's share of it, and how many base stations fit under the
// satellite's criterion. Documented in docs/methods.md, "Space-station receivers".
//
// The sources: every planned base station ([[station]]), placed on each channel of the plan in
// turn as the aggregate analysis places the planned layout (the same power spectral density),
// then every transmitting database station of role local5g_base or local5g_terminal on its own
// band, in the order of the database.
//
// One path, source j to satellite s, channel k (all dB, at the satellite's receiver input):
//   I_jk = EIRP_j - G_max,j + G_j(az, el) - L_fs(d, f) - A_gas(f, h_j, el) - L_clutter(f, el)
//          + G_s(psi) - C(tx_jk -> rx_s) + 10 log10(activity_j)
// with the look angles (az, el, d) from the WGS 84 geometry (propagation/geo/earth_space.h),
// G_j the station's own pattern towards the satellite (elevation pattern included), L_fs free
// space (ITU-R P.525-4), A_gas the slant-path gases of ITU-R P.676-13 Annex 1 §2.2.1 through
// the P.835-6 reference atmosphere, L_clutter ITU-R P.2108-1 §3.3 when the space station asks
// for it, G_s the satellite's pattern at the off-axis angle psi between its boresight and the
// source, C the coupling loss of the channel plan (sim/spectrum/acir.h) from the source's band
// into the satellite's receive band, and the activity of [aggregate] (bs_activity,
// terminal_activity; 1 without [aggregate]). Rain (P.618) and clouds (P.840) only lower the
// interference and are not credited. A source that sees the satellite below its horizon
// (elevation < 0) does not reach it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "propagation/terrain/terrain.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

struct SatelliteSource {
  enum class Kind : std::uint8_t { PlannedBase, DatabaseBase, DatabaseTerminal };
  std::string id;
  std::size_t station = 0;  ///< index in scenario.stations.all()
  Kind kind = Kind::PlannedBase;
  bool base() const { return kind != Kind::DatabaseTerminal; }
};

/// The geometry and gains of one earth-to-space path (channel-independent).
struct SatellitePath {
  double azimuth_deg = 0;    ///< from true north at the source
  double elevation_deg = 0;  ///< at the source
  double range_m = 0;        ///< slant range
  double off_axis_deg = 0;   ///< at the satellite, from its boresight
  double tx_gain_dBi = 0;    ///< the source's antenna towards the satellite
  double rx_gain_dBi = 0;    ///< the satellite's antenna towards the source
  double altitude_m = 0;     ///< of the source's antenna above sea level
  bool visible = false;      ///< elevation >= 0
};

struct SatelliteRun {
  bool done = false;
  std::size_t n_satellites = 0, n_channels = 0, n_sources = 0, n_times = 0;
  std::vector<SatelliteSource> sources;
  std::vector<std::string> pattern_descriptions;  ///< [satellite]
  std::vector<double> noise_dBm;                  ///< [satellite] k T B over the receive band
  std::vector<double> limit_dBm;                  ///< [satellite] N + I/N
  std::vector<SatellitePath> paths;               ///< [satellite][source]
  /// [satellite][channel][source], dB (NaN where the source does not see the satellite).
  std::vector<double> free_space_loss_dB, gas_loss_dB, clutter_loss_dB, coupling_loss_dB;
  /// [satellite][channel][source] I_jk in dBm, activity included; -inf: does not reach it.
  std::vector<double> contribution_dBm;
  /// [satellite][channel] every source on the air, dBm, and as I/N in dB.
  std::vector<double> aggregate_all_dBm, i_over_n_all_dB;
  /// [time][channel][satellite] the sources on the air in each slot (their schedules), dBm and
  /// I/N dB; -inf where none is.
  std::vector<double> aggregate_dBm, i_over_n_dB;
  /// [satellite][channel][rank] source indices by decreasing contribution (ties: lower index).
  std::vector<std::int32_t> ranking;
  /// [satellite][channel]: the mean contribution of the base stations (planned and database,
  /// mW average, dBm), the terminals' sum (dBm; -inf without terminals), and the base
  /// stations that fit under the limit with the terminals' sum counted first:
  ///   fit_mean: identical base stations of the mean contribution, floor((L - T) / m);
  ///   fit_in_order: the base stations in the order of the sources (the [[station]] tables,
  ///   then the database) whose running sum stays within L - T.
  /// -1 in fit_mean: no base station reaches the satellite (no bound).
  std::vector<double> mean_base_dBm, terminals_dBm;
  std::vector<std::int32_t> fit_mean, fit_in_order;
  std::size_t n_bases = 0;

  std::size_t at(std::size_t s, std::size_t k, std::size_t j) const {
    return (s * n_channels + k) * n_sources + j;
  }
};

/// The analysis of every [[space_station]] of the scenario on the terrain already loaded (the
/// stations' ground altitude). Nothing (done = false) without space stations.
SatelliteRun run_satellite(const Scenario& scenario, const prop::TerrainGrid& terrain);

/// The fit counts of one satellite and channel from the linear contributions (mW) of the base
/// stations in order and the terminals' sum (mW) under limit_mW: {fit_mean, fit_in_order}.
struct FitCounts {
  std::int32_t mean = -1, in_order = 0;
};
FitCounts fit_counts(const std::vector<double>& base_mW, double terminals_mW, double limit_mW);

}  // namespace akichi::sim

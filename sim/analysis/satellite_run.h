// Protection of space-station receivers ([[space_station]]): the aggregate interference of the
// study's local 5G stations at each satellite on earth-to-space paths, per channel of the plan
// and time slot, each station's share of it, and how many base stations (each with the
// terminals it serves) fit under the satellite's criterion. Documented in docs/methods.md,
// "Space-station receivers".
//
// The sources: every planned base station ([[station]]), placed on each channel of the plan in
// turn as the aggregate analysis places the planned layout (the same power spectral density),
// each followed, with [aggregate] terminals, by the terminals it serves (one row "ID/terminals",
// as the terrestrial aggregate has them); then every transmitting database station of role
// local5g_base or local5g_terminal on its own band, in the order of the database.
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
//
// The terminals served by planned base station p, as the terrestrial aggregate models them
// (docs/methods.md, "Aggregate interference"): N = terminals_per_station isotropic terminals
// of EIRP terminal_eirp_dBm (per channel), duty terminal_activity, spread uniformly over the
// cells p serves at terminal_height_m; each cell c has its own path to the satellite:
//   I_pk = EIRP_UE + 10 log10(N a) - C(k -> s)
//          + 10 log10( mean over c of 10^((G_s(psi_c) - L_fs(d_c) - A_gas,c - L_clutter,c) / 10) )
// a cell below the satellite's horizon adding 0 to the mean.
//
// Over time: a geostationary satellite or a given point stays where it is; a satellite with an
// ephemeris is where the ephemeris puts it at each slot's start (linear interpolation in ECEF
// between the rows around it). With any ephemeris, every geometry and every "all on the air"
// result is computed per slot (n_epochs = n_times), otherwise once (n_epochs = 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "propagation/geo/earth_space.h"
#include "propagation/terrain/terrain.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

struct SatelliteSource {
  enum class Kind : std::uint8_t { PlannedBase, DatabaseBase, DatabaseTerminal, ServedTerminals };
  std::string id;
  /// Index in scenario.stations.all(); ServedTerminals: their serving base station's (whose
  /// schedule they follow).
  std::size_t station = 0;
  Kind kind = Kind::PlannedBase;
  bool base() const { return kind == Kind::PlannedBase || kind == Kind::DatabaseBase; }
};

/// The geometry and gains of one earth-to-space path (channel-independent); NaN for the
/// terminals served by a base station (one path per cell, summarised in SatelliteRun).
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

/// Where a satellite is in one epoch.
struct SatellitePosition {
  double lat_deg = 0, lon_deg = 0;  ///< sub-satellite point
  double altitude_m = 0;            ///< above the WGS 84 ellipsoid
};

/// Every array below with an epoch index has n_epochs leading blocks: 1 (no ephemeris: the
/// same geometry all the time) or n_times (an ephemeris: epoch t is slot t's start).
struct SatelliteRun {
  bool done = false;
  std::size_t n_satellites = 0, n_channels = 0, n_sources = 0, n_times = 0, n_epochs = 1;
  std::vector<SatelliteSource> sources;
  std::vector<std::string> pattern_descriptions;  ///< [satellite]
  std::vector<double> noise_dBm;                  ///< [satellite] k T B over the receive band
  std::vector<double> limit_dBm;                  ///< [satellite] N + I/N
  std::vector<SatellitePosition> positions;       ///< [epoch][satellite]
  std::vector<SatellitePath> paths;               ///< [epoch][satellite][source]
  /// [source] the cells whose terminals a ServedTerminals source spreads over (0 for others).
  std::vector<std::int32_t> served_cells;
  /// [epoch][satellite][source] the share of those cells that see the satellite (elevation
  /// >= 0); NaN for the other sources.
  std::vector<double> served_visible_share;
  bool has_served_terminals = false;
  /// [epoch][satellite][channel][source], dB (NaN where the source does not see the satellite,
  /// and for the served terminals, one path per cell).
  std::vector<double> free_space_loss_dB, gas_loss_dB, clutter_loss_dB, coupling_loss_dB;
  /// [epoch][satellite][channel][source] I_jk in dBm, activity included; -inf: does not reach it.
  std::vector<double> contribution_dBm;
  /// [epoch][satellite][channel] every source on the air, dBm, and as I/N in dB.
  std::vector<double> aggregate_all_dBm, i_over_n_all_dB;
  /// [time][channel][satellite] the sources on the air in each slot (their schedules), dBm and
  /// I/N dB; -inf where none is.
  std::vector<double> aggregate_dBm, i_over_n_dB;
  /// [epoch][satellite][channel][rank] source indices by decreasing contribution (ties: lower
  /// index).
  std::vector<std::int32_t> ranking;
  /// [epoch][satellite][channel]: the mean contribution of a base station (planned and
  /// database, mW average, dBm) with the terminals it serves, the sum of the database's
  /// terminals at given points (dBm; -inf without them), and the base stations that fit under
  /// the limit with that sum counted first:
  ///   fit_mean: identical base stations of the mean contribution, floor((L - T) / m);
  ///   fit_in_order: the base stations in the order of the sources (the [[station]] tables,
  ///   then the database) whose running sum stays within L - T.
  /// -1 in fit_mean: no base station reaches the satellite (no bound).
  std::vector<double> mean_base_dBm, terminals_dBm;
  std::vector<std::int32_t> fit_mean, fit_in_order;
  std::size_t n_bases = 0;

  std::size_t at(std::size_t s, std::size_t k, std::size_t j, std::size_t e = 0) const {
    return ((e * n_satellites + s) * n_channels + k) * n_sources + j;
  }
  /// Index of [epoch][satellite][channel].
  std::size_t sk(std::size_t s, std::size_t k, std::size_t e = 0) const {
    return (e * n_satellites + s) * n_channels + k;
  }
};

/// The analysis of every [[space_station]] of the scenario on the terrain already loaded (the
/// stations' ground altitude). `served` [planned station]: the cells (indices into
/// scenario.grid) whose terminals each planned base station serves, as the terrestrial
/// aggregate finds them; empty: no served terminals (nor without [aggregate] terminals).
/// Nothing (done = false) without space stations.
SatelliteRun run_satellite(const Scenario& scenario, const prop::TerrainGrid& terrain,
                           const std::vector<std::vector<std::size_t>>& served = {});

/// Where a satellite with an ephemeris is at utc_s (within the rows' span): the ECEF position
/// interpolated linearly between the rows around it (exact at a row).
prop::Ecef ephemeris_position(const SpaceStation& s, std::int64_t utc_s,
                              const prop::GeocentricConverter& geocentric);

/// The gas loss (ITU-R P.676-13 slant path) on a node grid spanning the elevations and
/// altitudes of many paths at one frequency, interpolated bilinearly between exact
/// evaluations: 0.1 deg in elevation, 100 m in altitude (a single node where a range is one
/// value). Used for the cells of served terminals (each exact evaluation integrates 922
/// layers).
class GasTable {
 public:
  static constexpr double kElevationStep_deg = 0.1, kAltitudeStep_m = 100.0;
  GasTable(double f_GHz, double rho0_g_m3, double el_min_deg, double el_max_deg, double h_min_m,
           double h_max_m);
  double loss_dB(double elevation_deg, double altitude_m) const;

 private:
  double el0_ = 0, h0_ = 0;
  std::size_t n_el_ = 1, n_h_ = 1;
  std::vector<double> a_;  ///< [altitude node][elevation node]
};

/// The fit counts of one satellite and channel from the linear contributions (mW) of the base
/// stations in order and the terminals' sum (mW) under limit_mW: {fit_mean, fit_in_order}.
struct FitCounts {
  std::int32_t mean = -1, in_order = 0;
};
FitCounts fit_counts(const std::vector<double>& base_mW, double terminals_mW, double limit_mW);

}  // namespace akichi::sim

// The spectrum-sharing part of a scenario: the time axis, the channel plan and adjacent-channel
// coupling, the radio-station database, and the parameters of the vacancy search, the aggregate
// interference analysis and the MIC local 5G area rules. Documented in docs/scenario-format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "propagation/antenna/antenna.h"
#include "propagation/geo/boundaries.h"
#include "sim/scenario/coordination_spec.h"
#include "sim/scenario/mic_rules.h"
#include "sim/scenario/space_station_spec.h"
#include "sim/spectrum/acir.h"
#include "sim/spectrum/channel_plan.h"
#include "sim/station/criterion.h"
#include "sim/station/schedule.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// [vacancy]: the candidate new base station and what "usable" means.
struct VacancySpec {
  bool enabled = false;
  double max_eirp_dBm = 50;         ///< system maximum EIRP over the channel (cap)
  double min_useful_eirp_dBm = 20;  ///< a cell is usable only from this EIRP up
  /// Omnidirectional candidate antenna (rx and tx); with `antenna`, that antenna's G_max,new.
  double antenna_gain_dBi = 0;
  /// A directional candidate ([vacancy] antenna, any antenna type); nullopt: the
  /// omnidirectional candidate of antenna_gain_dBi. Its freq_Hz is the centre of the channel
  /// plan's span.
  std::optional<prop::AntennaConfig> antenna;
  /// [vacancy] azimuth = "best": the candidate's azimuth chosen per cell (and slot, channel,
  /// height) among 0, step, 2 step, ... below 360 degrees, the one with the largest max EIRP.
  bool best_azimuth = false;
  double azimuth_step_deg = 10;
  double noise_figure_dB = 5;  ///< candidate receiver noise figure
  double i_over_n_dB = -6;     ///< interference the candidate accepts, relative to noise
  TddMode tdd = TddMode::Synchronous;
  double tdd_overlap = 1.0;  ///< QuasiSynchronous: DL/UL overlap fraction
};

/// [aggregate]: the planned layout ([[station]]) and its terminals as interferers.
struct AggregateSpec {
  bool enabled = false;
  double bs_activity = 1.0;           ///< base station transmit duty (TDD downlink share)
  bool terminals = true;              ///< include the terminals each base station serves
  double terminal_eirp_dBm = 23;      ///< per terminal, over the channel
  double terminals_per_station = 10;  ///< simultaneously scheduled terminals per base station
  double terminal_activity = 0.25;    ///< uplink duty of each terminal
  double terminal_height_m = 1.5;     ///< one of area.rx_heights_m
  std::size_t terminal_height_index = 0;
};

/// [montecarlo]: Monte Carlo aggregate interference (sim/analysis/montecarlo.h) over the terms of
/// [aggregate]: per trial the activity of each interferer, its schedule at a random instant of
/// the time axis, TDD collisions and lognormal shadowing are drawn.
struct MonteCarloSpec {
  bool enabled = false;
  std::uint64_t seed = 1;
  std::size_t max_trials = 100000;  ///< trial cap
  std::size_t batch_trials = 1000;  ///< trials between two checks of the stopping rule
  double confidence = 0.95;         ///< of the P_I intervals (Wilson score)
  double interval_width = 0.01;     ///< stop when every P_I interval is at most this wide
  double shadowing_sigma_dB = 0;    ///< lognormal shadowing of every link
  bool i_over_n = true;             ///< the receiver's own criterion (its I/N or power limit)
  bool c_over_i = false;
  bool c_over_n_plus_i = false;
  bool n_plus_i_over_n = false;
  double c_over_i_dB = 0, c_over_n_plus_i_dB = 0, n_plus_i_over_n_dB = 0;
  double wanted_dBm = 0;  ///< C at the protected receivers (C/I and C/(N+I) criteria)
  /// Where the terminals a base station serves are in a trial: the mean coupling over its
  /// served cells (as [aggregate]), or one cell drawn per terminal and trial, uniformly or
  /// weighted by the density raster `terminal_density_path` (resolved).
  enum class TerminalPositions {
    Mean,
    Uniform,
    Density
  } terminal_positions = TerminalPositions::Mean;
  std::string terminal_density_path;
  /// Open-loop power control of drawn terminals (TS 38.213 §7.1.1): P = min(P_max, P0 + α PL)
  /// with P_max = [aggregate] terminal_eirp_dBm; off: every terminal at P_max.
  bool power_control = false;
  double p0_dBm = 0, alpha = 1;
  /// Draw the ITU-R P.2109-2 building entry loss of every link with an indoor end (a planned
  /// base station, a database terminal or the receiver), once per indoor end and trial.
  bool draw_entry_loss = false;
  /// I/N values (dB) at which the CDF is written: cdf_min_dB to cdf_max_dB by cdf_step_dB.
  double cdf_min_dB = -40, cdf_max_dB = 20, cdf_step_dB = 0.5;
};

/// [mic]: MIC local 5G coverage / coordination areas of the planned base stations.
struct MicSpec {
  bool enabled = false;
  std::string rules_path;    ///< resolved
  MicRules rules;            ///< read from rules_path
  std::string geojson_path;  ///< resolved; "" = the results file with .geojson
};

/// [municipal]: the municipal eligibility of the rules' sub-band (sim/analysis/municipal.h):
/// the municipal boundaries, read when the scenario is read, and the rule they are judged by.
struct MunicipalSpec {
  bool enabled = false;
  std::string boundaries_path;  ///< resolved
  prop::BoundaryFields fields;
  prop::Boundaries boundaries;  ///< in the study CRS, clipped to the study area, sorted by code
  std::string rules_path;       ///< resolved: [municipal] rules, or [mic] rules
  MicRules rules;
  std::size_t band = 0;               ///< the band of `rules` with [band.municipal_eligibility]
  std::vector<std::size_t> channels;  ///< indices in SharingSpec::channels inside the sub-band
  std::string
      output_path;  ///< resolved .geojson / .gpkg; "" = the results file's -municipal.geojson

  const MicBandRule& band_rule() const { return rules.bands[band]; }
  const MicMunicipalRule& rule() const { return *rules.bands[band].municipal_eligibility; }
};

struct SharingSpec {
  bool has_time = false;          ///< a [time] table was given
  TimeGrid time;                  ///< one slot with start 0, step 0 when !has_time
  std::vector<Channel> channels;  ///< [spectrum]; empty when not given
  CouplingModel coupling;
  CriterionSettings criteria;  ///< [protection]: how every receiver's criterion is applied
  /// [station in Scenario::stations.all()]: the database's stations, then the planned layout's
  std::vector<Schedule> schedules;
  VacancySpec vacancy;
  AggregateSpec aggregate;
  MonteCarloSpec montecarlo;
  CoordinationSpec coordination;
  MicSpec mic;
  std::vector<SpaceStation> space_stations;  ///< [[space_station]]
  MunicipalSpec municipal;

  bool any() const {
    return vacancy.enabled || aggregate.enabled || mic.enabled || !space_stations.empty() ||
           municipal.enabled;
  }
};

}  // namespace akichi::sim

// The spectrum-sharing study of a scenario: coupling tensors of every database station (computed
// once), the distinct active sets of the time axis, the vacancy cube, and the aggregate
// interference of the planned layout at every protected receiver.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "propagation/terrain/terrain.h"
#include "sim/analysis/aggregate.h"
#include "sim/analysis/coordination_run.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/mic_area.h"
#include "sim/analysis/montecarlo.h"
#include "sim/analysis/municipal.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/satellite_run.h"
#include "sim/analysis/vacancy.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// One source of the aggregate-interference table: a planned base station, the terminals it
/// serves (spread over its cells), or a terminal of the planned layout's licensees at a given
/// point (a database station with role local5g_terminal).
struct AggregateSource {
  enum class Kind { Base, ServedTerminals, PointTerminal };
  std::string id;           ///< "gnb-1", "gnb-1/terminals", "ue-7"
  std::size_t station = 0;  ///< index in scenario.stations (Base, ServedTerminals) or in the
                            ///< database (PointTerminal)
  Kind kind = Kind::Base;
};

struct SharingRun {
  std::vector<double> eirp_dBm;                   ///< [db station], completed for msi antennas
  std::vector<double> antenna_max_gain_dBi;       ///< [db station]
  std::vector<std::string> antenna_descriptions;  ///< [db station]
  /// [db station] I_lim at the receiver input (criterion_limit_dBm(), sim/station/criterion.h),
  /// over criterion_bandwidth_Hz; +inf (NaN) when it does not receive.
  std::vector<double> interference_limit_dBm;
  std::vector<double> criterion_bandwidth_Hz;
  std::vector<float> coupling_dB;  ///< [db station][height][y][x]

  ActiveSets vacancy_sets;                 ///< over the database stations
  VacancyCube vacancy;                     ///< [vacancy set][channel][height][y][x]
  std::string candidate_antenna;           ///< describe() of a directional candidate, or empty
  std::vector<double> usable_share;        ///< [vacancy set][channel][height] share of cells usable
  std::vector<double> newcomer_limit_dBm;  ///< [channel]

  std::vector<std::size_t> receivers;  ///< db station index of each aggregate receiver
  std::vector<AggregateSource> sources;
  ActiveSets aggregate_sets;  ///< over db stations, then planned stations
  AggregateResult aggregate;
  std::vector<double> aggregate_contribution_dBm;  ///< [receiver][channel][source]

  /// [montecarlo]: targets [receiver][channel] of the aggregate's receivers and channels.
  MonteCarloResult montecarlo;
  std::vector<double> montecarlo_cdf_i_over_n_dB;  ///< the CDF's I/N values (dB)
  std::vector<double> montecarlo_noise_dBm;        ///< [receiver] N of the I/N

  CoordinationRun coordination;  ///< [coordination]: over the aggregate's receivers and channels

  SatelliteRun satellite;  ///< [[space_station]]: the aggregate at each satellite receiver

  /// MIC local 5G areas of every base station: the planned layout, then the database's local
  /// 5G base stations.
  std::vector<std::string> mic_station_ids;
  std::vector<std::string> mic_licensees;
  std::vector<float> mic_rx_dBm;  ///< [mic station][y][x] in the reference bandwidth
  MicAreas mic;
  const MicBandRule* mic_rule = nullptr;  ///< the band rule used (owned by the scenario)
  std::string mic_model_description;

  MunicipalRun municipal;  ///< [municipal]: eligibility per municipality of the rules' sub-band

  std::vector<std::pair<std::string, double>> stage_seconds;
};

/// Number of coupling-tensor evaluations (database stations x heights x cells).
std::size_t coupling_evaluations(const Scenario& scenario);

/// Runs the sharing analyses the scenario asks for, on the terrain already loaded and (for the
/// aggregate) the coverage of the planned stations. Throws InputError / RuntimeError.
/// The coupling tensors and the MIC-area fields come from `source` (nullptr: computed here); the
/// Monte Carlo's trials, and the move lists' of [coordination], are shared out by
/// `montecarlo_share` (nullptr: all run here).
SharingRun run_sharing(const Scenario& scenario, const prop::TerrainGrid& terrain,
                       const CoverageRun* coverage, Progress& progress,
                       TensorSource* source = nullptr,
                       const MonteCarloShare* montecarlo_share = nullptr);

/// TDD collision correction between a transmitting and a receiving local 5G base station:
/// -inf dB when both follow the synchronous reference pattern (they never collide), 10 log10 of
/// the DL/UL overlap when either is quasi-synchronous (the larger overlap of the two), 0 dB
/// otherwise (unsynchronised, or a station that is not TDD).
double tdd_correction_dB(TddMode a, double a_overlap, TddMode b, double b_overlap);

}  // namespace akichi::sim

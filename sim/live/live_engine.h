// The live sharing engine: the scenario's area, terrain, buildings, models, time axis, channel
// plan and rules, and the stations of the live database (incumbents, licensees' local 5G
// stations and the active grants, all as Stations), answering in real time:
//   vacancy(): for a point, a height, a window of time slots and channels, the maximum EIRP a
//     new local 5G base station may radiate, the protected receiver that binds, the interference
//     the newcomer receives and the usable flag — the batch vacancy cube's reduction
//     (sim/analysis/vacancy.h) evaluated at one point, with the active grants among the database
//     stations; at a cell centre without grants it equals the cube bit for bit, for the
//     omnidirectional candidate and for a directional one (its gain towards each station
//     taken off that station's coupling, vacancy.h candidate_coupling(), and the best azimuth
//     searched as the cube searches it);
//   judge_grant(): a newcomer's request judged against the aggregate of everything already on
//     the air at every protected receiver it reaches (its contribution there no more than 30 dB
//     below the receiver's limit: less is negligible, and leaves the receiver out);
//   judge_change(): the interference at every protected receiver before and after adding,
//     changing or removing one station, and the MIC coordination pairs that appear or vanish;
//   map(): max EIRP, aggregate margin, coverage, best server or SINR over the study grid.
//
// Paths. Every path into a protected receiver i from a point P (a newcomer, a grant, a database
// transmitter) is the coupling tensor's path: the receiver's station as the link's transmitter
// and P as its receiving end, K_i(P) = G_i(towards P) - L(i -> P), rounded to float as
// prop::compute_coupling() stores it, with the model the batch uses for that receiver (its
// criterion's time percentage, the study's buildings, the building entry loss of an indoor end).
// The contribution of a transmitter j at receiver i on the time slots both are on:
//   c_ji = EIRP_j - G_max,j + G_j(towards i) + K_i(P_j) - F_i - C(band_j -> band_i) + T_ij
// (T: the TDD correction of sim/analysis/sharing_run.h, -inf for two synchronous local 5G base
// stations; no contribution from the receiver's own licensee, nor between two incumbents).
// The aggregate at i in slot t is the power sum of the contributions of the transmitters on the
// air in t, in the order of the stations' ids; the criterion is I <= I_lim,i (the receiver's
// limit, sim/station/criterion.h criterion_limit_dBm()); for a power criterion checked in the
// worst reference bandwidth, I is the largest window sum of the slot, each contribution lying in
// the band as coupling_shape() says, as the batch aggregate takes it.
//
// Incremental state: the couplings between stations are computed when a station is added or
// changed (that station's paths only) and kept; a schedule change recomputes no path; point
// queries compute only the paths from the protected receivers to the point.
//
// Station tensors (sim/live/tensor_store.h), for the maps and the MIC judgement: each station's
// coupling tensor over the study grid and heights (the batch vacancy's TensorJob, its cache_key),
// each transmitting local 5G base station's area tensor (loss and gain, the batch coverage's)
// and, with [mic] rules, its MIC tensor (the batch MIC areas'). They are computed when a map or a
// judgement first needs them, by the const members, and kept by key within a byte budget (least
// recently used out first, spilled to a cache folder when one is given): adding or moving a
// station computes that station's tensors only, a schedule or EIRP change none, and the tensors
// of a removed or moved station leave the store. The maps are the batch's reductions over them
// (the vacancy cube's layer, the coverage analysis), so they equal a batch run of the same
// stations bit for bit.
//
// Thread safety: const members may run concurrently (the tensor store has its own lock);
// set_stations(), upsert() and remove() need exclusive access (the caller's lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/terrain/terrain.h"
#include "sim/analysis/mic_area.h"
#include "sim/live/tensor_store.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::live {

/// Time slots [begin, end) of the scenario's time axis; begin == end means every slot.
struct SlotRange {
  std::size_t begin = 0, end = 0;
};

/// The antenna of a point query's candidate newcomer, as [vacancy] antenna and azimuth take it
/// (sim/scenario/sharing_spec.h VacancySpec): any antenna type pointed by its azimuth_deg, or
/// turned to the best azimuth among 0, step, 2 step, ... below 360 degrees.
struct CandidateAntenna {
  prop::AntennaConfig antenna;  ///< freq_Hz is set by the engine: the channel plan's centre
  bool best_azimuth = false;
  double azimuth_step_deg = 10;  ///< (0, 90], dividing 360
};

struct VacancyQuery {
  double x_m = 0, y_m = 0;  ///< in the study CRS, inside the study area
  double height_m = 0;      ///< antenna height above ground
  SlotRange slots;
  std::vector<std::size_t> channels;  ///< indices in the channel plan; empty: every channel
  /// The candidate's antenna; nullopt: the scenario's [vacancy] candidate (omnidirectional of
  /// antenna_gain_dBi, or its antenna table and azimuth), the batch cube's.
  std::optional<CandidateAntenna> candidate;
};

struct ChannelVacancy {
  std::size_t channel = 0;
  /// min over the window's slots of min(EIRP_sys, min_i (a_ik - K_i)), float as in the cube
  float max_eirp_dBm = 0;
  std::string binding;           ///< the binding receiver's id; "" when the system maximum binds
  std::size_t binding_slot = 0;  ///< the slot where max_eirp_dBm is reached (first such slot)
  /// max over the window's slots of the interference the newcomer receives (-inf: none)
  float interference_dBm = -std::numeric_limits<float>::infinity();
  bool usable = false;  ///< usable in every slot of the window
  /// A best-azimuth search: the candidate's azimuth (degrees from grid north) with the largest
  /// max_eirp_dBm over the window (on a tie the lower interference, then the smaller azimuth:
  /// keep_best_azimuth() of the batch cube for a one-slot window). nullopt otherwise.
  std::optional<float> azimuth_deg;
};

struct VacancyAnswer {
  std::vector<ChannelVacancy> channels;  ///< in the order asked
};

/// A protected receiver as a request or a change leaves it, at its worst slot. For a criterion
/// in the worst reference bandwidth, the limit, the aggregate and the request's share are
/// powers in one reference bandwidth (the aggregate's worst window, the request's own).
struct ReceiverMargin {
  std::string receiver;  ///< station id
  double limit_dBm = 0;
  double aggregate_dBm = -std::numeric_limits<double>::infinity();  ///< with the request
  double margin_dB = std::numeric_limits<double>::infinity();       ///< limit - aggregate
  double request_dBm = -std::numeric_limits<double>::infinity();    ///< the request's share
  std::size_t slot = 0;                                             ///< the worst slot
};

struct GrantDecision {
  bool granted = false;
  std::string reason;   ///< one sentence: why granted or denied
  std::string binding;  ///< the receiver with the least margin; "" when none is reached
  double margin_dB = std::numeric_limits<double>::infinity();  ///< its margin
  std::vector<ReceiverMargin> receivers;  ///< every receiver reached, least margin first
  /// Denied: the highest EIRP that keeps every margin >= 0 on the requested channel and slots,
  /// when it is at least the minimum useful EIRP of [vacancy].
  std::optional<double> grantable_eirp_dBm;
  std::vector<std::string> channels_that_work;  ///< names of channels granted at the request's EIRP
  std::vector<std::size_t> slots_that_work;     ///< requested slots that pass on its channel
};

struct ReceiverChange {
  std::string receiver;
  double limit_dBm = 0;
  double before_dBm = -std::numeric_limits<double>::infinity();  ///< worst slot, before
  double after_dBm = -std::numeric_limits<double>::infinity();   ///< worst slot, after
  double margin_before_dB = std::numeric_limits<double>::infinity();
  double margin_after_dB = std::numeric_limits<double>::infinity();
  /// after the change, the largest contributions at the worst slot: (station id, dBm)
  std::vector<std::pair<std::string, double>> top_after;
};

/// An ordered MIC coordination pair (sim/analysis/mic_area.h): licensee a's coordination area
/// reaches licensee b's cover area.
struct MicPairChange {
  std::string a, b;
  std::size_t cells = 0;           ///< overlap cells (cover area or premises)
  std::size_t cells_coverage = 0;  ///< of which in b's cover area
  std::size_t cells_premises = 0;  ///< of which in b's premises
  double area_m2 = 0;              ///< cells x cell area
  std::string rule;                ///< the band rule (its name): pairs are within one band
};

struct Judgement {
  std::vector<ReceiverChange> receivers;      ///< every protected receiver, by id
  std::vector<std::string> newly_harmed;      ///< margin >= 0 before, < 0 after
  std::vector<std::string> no_longer_harmed;  ///< margin < 0 before, >= 0 after
  std::vector<std::string> still_harmed;
  /// Whether the MIC coordination pairs were judged: the scenario has [mic] rules.
  bool mic = false;
  /// The band rule of the changed base station after the change (before it, for a removal),
  /// or for a change of no base station the first base station's by id; when judged.
  std::string mic_rule;
  /// Pairs present after the change and not before (with their overlap after), and present
  /// before and not after (with their overlap before); sorted by (a, b).
  std::vector<MicPairChange> mic_pairs_appeared, mic_pairs_vanished;
};

/// The MIC areas of the live state (LiveEngine::mic_areas()).
struct MicAreasAnswer {
  /// The band rule (its name): every station of the answer is in its band.
  std::string rule;
  std::vector<std::string> stations;   ///< ids, in the order of the masks of `areas`
  std::vector<std::string> licensees;  ///< the stations' licensees, in the same order
  MicAreas areas;  ///< sim/analysis/mic_area.h: masks [station][y][x], row 0 the southernmost
};

/// The maps of the live state over the study grid (LiveEngine::map()).
enum class MapKind { MaxEirp, AggregateMargin, Coverage, BestServer, Sinr };

struct MapQuery {
  MapKind kind = MapKind::MaxEirp;
  std::size_t channel = 0;       ///< index in the channel plan (MaxEirp, AggregateMargin)
  std::size_t slot = 0;          ///< time slot of the scenario's time axis
  std::size_t height_index = 0;  ///< index into the study heights
};

struct MapAnswer {
  int nx = 0, ny = 0;         ///< the study grid
  std::vector<float> values;  ///< [y][x] in the study grid's own row order, NaN where undefined
  std::vector<std::string> servers;  ///< BestServer: values are indices into these station ids
  std::string unit;                  ///< "dBm", "dB", or "" for BestServer
};

/// How the engine keeps its station tensors (sim/live/tensor_store.h).
struct LiveEngineOptions {
  /// Bytes of station tensors held in memory: 1 GiB suits a laptop (a 500 x 500 grid at two
  /// heights is 2 MB per coupling tensor, 4 MB per area tensor).
  std::size_t tensor_budget_bytes = std::size_t{1} << 30;
  std::string tensor_cache_dir;  ///< where evicted tensors are spilled; empty: nowhere
};

/// The scenario's premises as the batch's MIC areas take them: those of the planned layout's
/// licensee when every planned station is that licensee's; none otherwise.
std::vector<MicPremises> scenario_mic_premises(const Scenario& sc);

class LiveEngine {
 public:
  /// Loads the scenario's buildings (when it has [buildings]) on `terrain`. Keeps copies of
  /// both.
  LiveEngine(const Scenario& scenario, const prop::TerrainGrid& terrain,
             const LiveEngineOptions& options = {});
  ~LiveEngine();
  LiveEngine(const LiveEngine&) = delete;
  LiveEngine& operator=(const LiveEngine&) = delete;

  const Scenario& scenario() const;
  std::size_t n_slots() const;  ///< of the time axis (1 without [time])

  /// Replaces every station (database stations and active grants, as Local5gBase stations
  /// whose band is the granted channel). Ids unique.
  void set_stations(std::vector<Station> stations);
  /// Adds a station, or replaces the one with its id; computes that station's paths only.
  void upsert(const Station& station);
  void remove(std::string_view id);  ///< no-op when absent
  const std::vector<Station>& stations() const;

  VacancyAnswer vacancy(const VacancyQuery& query) const;

  /// `request`: role Local5gBase, its band the channel `channel` of the plan, its EIRP, antenna,
  /// licensee, TDD and schedule (the slots it asks for). Changes nothing.
  GrantDecision judge_grant(const Station& request, std::size_t channel) const;

  /// Adding (`station` with a new id), changing (an existing id) or removing (`remove_id`)
  /// one station, judged at every protected receiver. Changes nothing.
  Judgement judge_change(const Station* station, std::string_view remove_id) const;

  /// The current aggregate at every protected receiver (worst slot), by id.
  std::vector<ReceiverChange> interference() const;

  /// The model names and versions of the paths, as JSON text (for the audit table).
  std::string models_json() const;

  /// Number of paths (links into a protected receiver or a point) computed since construction,
  /// by every member: for tests and metrics of the incremental state.
  std::size_t paths_computed() const;

  /// A map of the state over the study grid at one slot and height, from the station tensors
  /// (computed here for the stations that have none in the store):
  ///   MaxEirp: the batch vacancy cube's max_eirp layer (sim/analysis/vacancy.h) of the stations
  ///     on the air in the slot, at the channel, for the scenario's [vacancy] candidate (a
  ///     directional one's best azimuth too, when searched), bit for bit, "dBm";
  ///   AggregateMargin: I_lim,new(k) - I_new, the vacancy's usable test on the interference the
  ///     newcomer receives as a margin, "dB" (+inf where no transmitter is on the air);
  ///   Coverage, BestServer, Sinr: the batch coverage analysis (sim/analysis/coverage.h) of the
  ///     transmitting local 5G base stations on the air in the slot: best received power
  ///     ("dBm"), the best server (an index into `servers`; NaN where none), SINR ("dB"); every
  ///     cell NaN when no such station is on the air.
  /// Any thread count gives the same bits. InputError for an index out of range.
  MapAnswer map(const MapQuery& q) const;

  /// The MIC cover and coordination areas of every transmitting local 5G base station, and the
  /// coordination pairs, from the stations' MIC tensors, one answer per band of the rules with
  /// stations in it (in the rules' order): each station under its own band's rule, the pairs
  /// among the stations of one band, with the premises of set_premises(). The areas a
  /// judgement's MIC pairs are found in, equal to the batch's MIC areas of the same stations
  /// and premises. Empty without [mic] rules or base stations in their bands.
  std::vector<MicAreasAnswer> mic_areas() const;

  /// The licensees' premises for the MIC areas: masks over the study grid ([y][x], row 0 the
  /// southernmost, nonzero inside; sim/analysis/coverage.h rasterize_premises()); a licensee
  /// with several is given their union. Replaces those set before. InputError for a mask of
  /// another size.
  void set_premises(const std::vector<MicPremises>& premises);

  /// The station tensors' counters (computed, hits, spills, reloads, bytes, ...).
  TensorStoreStats tensor_stats() const;

  /// Writes the station tensors in memory that the cache folder lacks to it (TensorStore::
  /// flush()): a server's shutdown, so that the next start reloads them. The number written.
  std::size_t save_tensors() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace akichi::sim::live

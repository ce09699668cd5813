// The stations of a study, in one model: the planned base stations of the coverage analysis and
// every station of the radio-station database, whoever owns it — incumbent receivers to protect,
// incumbent transmitters that interfere with newcomers, and the local 5G base stations and
// terminals of each licensee — with where, how high, which frequencies, how much power, which
// antenna, what protection it needs, whether it is indoors and when it is on the air.
//
// Stations are read from the scenario's [[station]] (planned), [[incumbent]] and
// [[licensee_station]] tables and from CSV / GeoJSON station lists whose columns carry the same
// names as the TOML keys (docs/scenario-format.md, "Station lists"), all by one parser
// (sim/station/station_db.h).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"

namespace akichi::sim {

/// What a station is, for protection and reporting. Whether a station is a protected receiver,
/// an interfering transmitter or both is said by Station::receives / Station::transmits.
enum class StationRole {
  Incumbent,        ///< a licensee already in the band (public-service station, earth station, ...)
  Local5gBase,      ///< a local 5G base station of a licensee (in the database)
  Local5gTerminal,  ///< a local 5G terminal at a given point
  PlannedBase,      ///< a base station of the planned layout ([[station]]): the coverage
                    ///< analysis's transmitters and the aggregate analysis's interferers
};

/// Time-division duplex alignment of a local 5G station with the reference TDD pattern
/// (synchronous: same DL/UL pattern; quasi-synchronous: a different pattern whose DL/UL overlap
/// with the reference is a stated fraction of the frame; unsynchronised: any overlap).
enum class TddMode { NotTdd, Synchronous, QuasiSynchronous, Unsynchronised };

/// How a power criterion stated per reference bandwidth is checked (sim/station/criterion.h):
/// in the worst reference bandwidth the interferers hit, or as the band average.
enum class CriterionMode { WorstReferenceBandwidth, BandAverage };
/// Where a criterion applies: at the receiver input (after the feeder loss) or at the antenna
/// port (before it).
enum class CriterionAt { ReceiverInput, AntennaPort };

/// The protection a receiving station asks for. Exactly one form.
struct ProtectionCriterion {
  enum class Kind { None, IOverN, Power } kind = Kind::None;
  double i_over_n_dB = 0;         ///< IOverN: I/N not to be exceeded, dB (e.g. -6, -10)
  double power_dBm = 0;           ///< Power: interference power not to be exceeded ...
  double ref_bandwidth_Hz = 1e6;  ///< ... in this reference bandwidth
  /// Not to be exceeded for more than this percentage of time (short-term criterion); the
  /// interfering paths to this station are then computed with the model at this time
  /// percentage where the model has one. nullopt: the model's default (median) loss.
  std::optional<double> time_percent;
  /// The station's own way of checking a power criterion and point of application, overriding
  /// the scenario's [protection] criterion_mode and criterion_at; nullopt: the scenario's.
  std::optional<CriterionMode> mode;
  std::optional<CriterionAt> at;
};

struct Station {
  std::string id;  ///< unique over the whole database; letters, digits (any script), _ . -
  StationRole role = StationRole::Incumbent;
  std::string
      service;  ///< free text: "public-service fixed", "satellite uplink earth station", ...
  std::string licensee;  ///< licensee / operator name; local 5G stations of one licensee share it
  TddMode tdd = TddMode::NotTdd;
  double tdd_overlap = 1.0;  ///< QuasiSynchronous: fraction of the frame with DL/UL overlap, (0, 1]

  double x_m = 0, y_m = 0;          ///< position in the study CRS
  double lon_deg = 0, lat_deg = 0;  ///< the same position in WGS 84
  double height_m = 0;              ///< antenna height above ground

  double freq_lo_Hz = 0, freq_hi_Hz = 0;  ///< occupied (tx) or tuned (rx) band, lo < hi
  /// The same band as centre and width: as given (freq_<unit>, bandwidth_<unit>), or from the
  /// edges (centre 0.5 (lo + hi), width hi - lo). The centre is the carrier frequency of the
  /// station's paths and antenna.
  double freq_Hz = 0, bandwidth_Hz = 0;

  bool receives = false;   ///< protected receiver (criterion is not None)
  bool transmits = false;  ///< interferer (eirp_dBm or tx_power_dBm given)
  /// EIRP over the whole band, in the direction of maximum gain; NaN until completed from
  /// tx_power_dBm + the antenna's maximum gain (msi patterns) by the caller.
  double eirp_dBm = 0;
  std::optional<double> tx_power_dBm;  ///< conducted power when given instead of eirp_dBm
  /// Receiver: noise figure (dB) or noise temperature (K); one is used for kTB.
  std::optional<double> noise_figure_dB;
  std::optional<double> noise_temperature_K;
  prop::AntennaConfig antenna;  ///< pattern_path resolved
  double feeder_loss_dB = 0;    ///< receiver feeder loss, subtracted from the antenna gain
  ProtectionCriterion criterion;

  /// Inside a building: the MIC area rules add their building entry loss, and with [buildings]
  /// every link of the station gets the scenario's entry loss at this end.
  bool indoor = false;
  /// Indoors when the station stands inside a footprint of [buildings] below its roof: planned
  /// stations with indoor = "auto", database stations whenever the scenario has [buildings].
  /// Decided when the buildings are loaded (StudyBuildings::station_indoor); `indoor` is false
  /// until then.
  bool indoor_auto = false;

  /// When the station is on the air: schedule expressions in the scenario's time zone (see
  /// sim/station/schedule.h); empty = always.
  std::vector<std::string> schedule;

  std::string source;   ///< "scenario" or the station list's path
  InputLocation where;  ///< table or row it was defined at (row number as line)
  /// The same as message text: "FILE:LINE:COL" (scenario), "FILE:row N" (CSV list),
  /// "FILE: feature F" (OGR list).
  std::string defined_at;
  /// How messages name the station's keys: its table ("station[0]", "incumbent[2]"), or its
  /// id for a station list.
  std::string field;

  bool planned() const { return role == StationRole::PlannedBase; }
};

/// The stations of a study in one list: the database stations ([[incumbent]],
/// [[licensee_station]], then the station lists, in the order given) followed by the planned
/// layout ([[station]]). The planned stations are the stations of role PlannedBase; views give
/// each part with its own indices (the indices of the results file's `db_station` and
/// `station` dimensions).
class Stations {
 public:
  Stations() = default;
  /// Every station of `planned` must have role PlannedBase and none of `database`.
  Stations(std::vector<Station> database, std::vector<Station> planned);

  std::span<const Station> all() const { return all_; }
  std::span<const Station> database() const { return all().first(n_database_); }
  std::span<const Station> planned() const { return all().subspan(n_database_); }

 private:
  std::vector<Station> all_;
  std::size_t n_database_ = 0;
};

/// EIRP of a transmitter once its antenna pattern is built: eirp_dBm when it is known (given,
/// or derived from tx_power_dBm and the configured gain), else tx_power_dBm +
/// antenna_max_gain_dBi.
double station_eirp_dBm(const Station& station, double antenna_max_gain_dBi);

/// The role as written in station lists and results files: "incumbent", "local5g_base",
/// "local5g_terminal", "planned".
const char* role_name(StationRole role);

/// The TDD alignment as written in scenarios, station lists and results files: "none",
/// "synchronous", "quasi_synchronous", "unsynchronised".
const char* tdd_name(TddMode mode);
/// Every tdd_name(), in TddMode order: the values a `tdd` key accepts.
const std::vector<std::string_view>& tdd_names();
/// The mode named `name`, one of tdd_names().
TddMode tdd_of(std::string_view name);

/// Receiver noise power over `bandwidth_Hz`: k T B with T = noise_temperature_K, or
/// k T0 B F with T0 = 290 K and F = noise_figure_dB (ITU-R SM.1541 / P.372 convention). dBm.
double noise_power_dBm(const Station& s, double bandwidth_Hz);

/// Interference limit of a protected receiver over its whole band [freq_lo, freq_hi], dBm:
/// I/N form: N + I/N; power form: power_dBm + 10 log10(band / ref_bandwidth).
double interference_limit_dBm(const Station& s);

}  // namespace akichi::sim

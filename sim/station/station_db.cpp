// Station readers: TOML tables (planned and database), CSV lists and OGR vector lists, all
// through Records and the one field parser parse_station(). Keys and checks:
// docs/station-lists.md, docs/scenario-format.md.
#include "sim/station/station_db.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "base/gdal_quiet.h"
#include "base/text.h"
#include "sim/input/csv.h"
#include "sim/station/criterion.h"

namespace akichi::sim {

namespace fs = std::filesystem;
using toml_in::any;
using toml_in::at_least;
using toml_in::closed;
using toml_in::in_quotes;
using toml_in::num;
using toml_in::positive;
using toml_in::Range;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Upper frequency bound of a station's band (the top of the ITU radio regulations' range).
constexpr double kMaxFreq_Hz = 300e9;

const std::vector<std::string_view> kRoles{"incumbent", "local5g_base", "local5g_terminal"};

const std::vector<std::string_view> kLoKeys{"freq_lo_Hz", "freq_lo_MHz", "freq_lo_GHz"};
const std::vector<std::string_view> kHiKeys{"freq_hi_Hz", "freq_hi_MHz", "freq_hi_GHz"};
const std::vector<std::string_view> kCentreKeys{"freq_Hz", "freq_MHz", "freq_GHz"};
const std::vector<std::string_view> kWidthKeys{"bandwidth_Hz", "bandwidth_MHz", "bandwidth_GHz"};
const std::vector<double> kFreqScales{1.0, 1e6, 1e9};
const std::vector<std::string_view> kRefBwKeys{"ref_bandwidth_Hz", "ref_bandwidth_kHz",
                                               "ref_bandwidth_MHz"};
const std::vector<double> kRefBwScales{1.0, 1e3, 1e6};

/// The station keys besides the antenna's, in documentation order.
const std::vector<std::string_view> kStationKeys{"id",
                                                 "role",
                                                 "service",
                                                 "licensee",
                                                 "tdd",
                                                 "tdd_overlap",
                                                 "lat_deg",
                                                 "lon_deg",
                                                 "x_m",
                                                 "y_m",
                                                 "height_m",
                                                 "freq_lo_Hz",
                                                 "freq_lo_MHz",
                                                 "freq_lo_GHz",
                                                 "freq_hi_Hz",
                                                 "freq_hi_MHz",
                                                 "freq_hi_GHz",
                                                 "freq_Hz",
                                                 "freq_MHz",
                                                 "freq_GHz",
                                                 "bandwidth_Hz",
                                                 "bandwidth_MHz",
                                                 "bandwidth_GHz",
                                                 "eirp_dBm",
                                                 "tx_power_dBm",
                                                 "noise_figure_dB",
                                                 "noise_temperature_K",
                                                 "feeder_loss_dB",
                                                 "i_over_n_dB",
                                                 "interference_dBm",
                                                 "ref_bandwidth_Hz",
                                                 "ref_bandwidth_kHz",
                                                 "ref_bandwidth_MHz",
                                                 "criterion_time_percent",
                                                 "criterion_mode",
                                                 "criterion_at",
                                                 "schedule"};

/// The keys of a planned station ([[station]]) besides the antenna's: a transmitter of the
/// planned layout, given by its channel centre and width.
const std::vector<std::string_view> kPlannedKeys{
    "id",           "lat_deg",  "lon_deg",  "x_m",          "y_m",           "height_m",
    "freq_Hz",      "freq_MHz", "freq_GHz", "bandwidth_Hz", "bandwidth_MHz", "eirp_dBm",
    "tx_power_dBm", "licensee", "tdd",      "tdd_overlap",  "indoor",        "schedule"};

StationRole role_of(std::string_view s) {
  return s == "incumbent"      ? StationRole::Incumbent
         : s == "local5g_base" ? StationRole::Local5gBase
                               : StationRole::Local5gTerminal;
}

std::string_view unit_of(std::string_view key) {
  return key.substr(key.rfind('_') + 1);
}

std::string key_at(std::string_view prefix, std::string_view key) {
  return std::string(prefix) + std::string(key);
}

// Antenna pointing shared by the directional types: azimuth folded to [0, 360), downtilt.
void read_pointing(const Record& r, std::string_view prefix, prop::AntennaConfig& a) {
  const double az = r.number_or(key_at(prefix, "azimuth_deg"), 0.0, closed(-360, 360, "degrees"));
  a.azimuth_deg = std::fmod(az + 360.0, 360.0);
  a.downtilt_deg = r.number_or(key_at(prefix, "downtilt_deg"), 0.0, closed(-90, 90, "degrees"));
}

/// Converts positions into the study CRS and WGS 84 (one pair of PROJ transformers per source).
struct Projector {
  const StationSource& source;
  prop::Transformer from_wgs84;
  prop::Transformer to_wgs84;
  explicit Projector(const StationSource& s)
      : source(s), from_wgs84(prop::Crs::wgs84(), s.crs), to_wgs84(s.crs, prop::Crs::wgs84()) {}
};

/// Id, role, service, licensee and TDD alignment; the id becomes the record's subject.
void read_identity(Record& r, Station& st, const StationRole* default_role, bool planned) {
  const std::string id_expected = "a unique id of letters, digits, '_', '.', '-'";
  const auto id = r.text("id", id_expected);
  if (!id) r.missing("id", id_expected);
  if (!toml_in::valid_id(*id)) r.fail("id", in_quotes(*id), id_expected);
  st.id = *id;
  st.field = r.name().empty() ? st.id : r.name();
  r.set_subject(st.id);

  if (const auto role = r.choice("role", kRoles)) {
    st.role = role_of(*role);
    if (default_role != nullptr && st.role != *default_role) {
      r.fail("role", in_quotes(*role),
             fmt::format("{} (the role of this table; it may be left out)",
                         in_quotes(role_name(*default_role))));
    }
  } else if (default_role != nullptr) {
    st.role = *default_role;
  } else {
    r.missing("role", "one of " + toml_in::join_quoted(kRoles));
  }
  const bool local5g = st.role != StationRole::Incumbent && !planned;
  const std::string role_text = in_quotes(role_name(st.role));

  st.service = r.text("service").value_or("");
  if (const auto lic = r.text("licensee")) {
    if (lic->empty()) r.fail("licensee", "\"\" (empty string)", "a licensee name");
    st.licensee = *lic;
  } else if (planned) {
    st.licensee = "planned";
  } else if (local5g) {
    r.missing("licensee", "a licensee name: required for role " + role_text);
  }

  if (const auto tdd = r.choice("tdd", tdd_names())) {
    st.tdd = tdd_of(*tdd);
  } else if (planned) {
    st.tdd = TddMode::Synchronous;
  } else if (local5g) {
    r.missing("tdd",
              "one of " + toml_in::join_quoted(tdd_names()) + ": required for role " + role_text);
  }
  if (st.tdd == TddMode::QuasiSynchronous) {
    st.tdd_overlap = r.required_number("tdd_overlap", {0, 1, true, false, "fraction of the frame"});
  } else if (r.has("tdd_overlap")) {
    r.fail("tdd_overlap", "tdd_overlap with tdd = " + in_quotes(r.text("tdd").value_or("none")),
           "tdd_overlap only with tdd = \"quasi_synchronous\"");
  }
}

/// Position: the feature's point, or lat_deg + lon_deg, or x_m + y_m; inside the study area.
void read_position(const Record& r, Station& st, Projector& proj, const PointGeometry* point,
                   bool planned) {
  std::string_view position_key;
  if (point != nullptr) {
    for (std::string_view k : {"lat_deg", "lon_deg", "x_m", "y_m"}) {
      if (r.has(k)) {
        r.fail(k, fmt::format("both a point geometry and {}", k),
               "the position once: the feature's point geometry");
      }
    }
    st.x_m = point->x;
    st.y_m = point->y;
    st.lon_deg = point->lon_deg;
    st.lat_deg = point->lat_deg;
  } else if (r.group({"lat_deg", "lon_deg"}, {"x_m", "y_m"}) == 0) {
    position_key = "lat_deg";
    st.lat_deg = r.required_number("lat_deg", closed(-90, 90, "degrees"));
    st.lon_deg = r.required_number("lon_deg", closed(-180, 180, "degrees"));
    st.x_m = st.lon_deg;
    st.y_m = st.lat_deg;
    try {
      proj.from_wgs84.transform(st.x_m, st.y_m);
    } catch (const RuntimeError&) {
      r.fail("lat_deg", num(st.lat_deg),
             "a position that " + proj.source.crs.name() + " can represent");
    }
  } else {
    position_key = "x_m";
    st.x_m = r.required_number("x_m", any("m, study CRS"));
    st.y_m = r.required_number("y_m", any("m, study CRS"));
    st.lon_deg = st.x_m;
    st.lat_deg = st.y_m;
    try {
      proj.to_wgs84.transform(st.lon_deg, st.lat_deg);
    } catch (const RuntimeError&) {
      r.fail("x_m", num(st.x_m), "a position that " + proj.source.crs.name() + " can represent");
    }
  }
  const prop::Extent& ext = proj.source.extent;
  if (!ext.contains(st.x_m, st.y_m) && planned) {
    r.fail_record(
        fmt::format("position ({:.1f}, {:.1f}), outside the study area", st.x_m, st.y_m),
        fmt::format("a position inside the study area [{:.1f}, {:.1f}] × [{:.1f}, {:.1f}]",
                    ext.xmin_m, ext.xmax_m, ext.ymin_m, ext.ymax_m),
        position_key);
  }
  if (!ext.contains(st.x_m, st.y_m)) {
    r.fail_record(
        fmt::format("position ({:.1f}, {:.1f}) m (lon {:.6f}, lat {:.6f}), outside the study area",
                    st.x_m, st.y_m, st.lon_deg, st.lat_deg),
        fmt::format("a position inside the study area x [{:.1f}, {:.1f}] × y [{:.1f}, {:.1f}] "
                    "(m, {})",
                    ext.xmin_m, ext.xmax_m, ext.ymin_m, ext.ymax_m, proj.source.crs.name()),
        position_key);
  }
}

/// Band: edges, or centre and width (a planned station: centre and width only, inside the
/// model's frequency domain).
void read_band(const Record& r, Station& st, const Projector& proj, bool planned) {
  auto first = [&](const std::vector<std::string_view>& a,
                   const std::vector<std::string_view>& b) -> std::string_view {
    for (const auto* keys : {&a, &b})
      for (auto k : *keys)
        if (r.has(k)) return k;
    return {};
  };
  const std::string_view edge = first(kLoKeys, kHiKeys), centre = first(kCentreKeys, kWidthKeys);
  const std::string expected =
      "either freq_lo_<unit> and freq_hi_<unit>, or freq_<unit> and bandwidth_<unit> "
      "(unit Hz, MHz or GHz)";
  if (!edge.empty() && !centre.empty())
    r.fail(centre, fmt::format("both {} and {}", edge, centre), expected);
  // A planned station has no band-edge keys: its channel centre is then the missing key.
  if (edge.empty() && centre.empty() && !planned)
    r.fail_record("no frequency band (neither freq_lo_/freq_hi_ nor freq_/bandwidth_)", expected);
  // Planned stations (the coverage transmitters) lie in the model's frequency domain.
  const std::optional<StationSource::FrequencyDomain>& domain = proj.source.model_domain;
  const Range freq_range = planned && domain
                               ? Range{domain->min_Hz, domain->max_Hz, false, false,
                                       fmt::format("the validity range of model {}, {}",
                                                   proj.source.model_name, domain->source)}
                               : Range{0, kMaxFreq_Hz, true, false, ""};
  if (!edge.empty()) {
    st.freq_lo_Hz = *r.scaled(kLoKeys, kFreqScales, freq_range, true);
    st.freq_hi_Hz = *r.scaled(kHiKeys, kFreqScales, freq_range, true);
    st.freq_Hz = 0.5 * (st.freq_lo_Hz + st.freq_hi_Hz);
    st.bandwidth_Hz = st.freq_hi_Hz - st.freq_lo_Hz;
    if (!(st.freq_hi_Hz > st.freq_lo_Hz)) {
      const auto hi = static_cast<std::size_t>(r.one_of(kHiKeys, true));
      const auto lo = static_cast<std::size_t>(r.one_of(kLoKeys, true));
      r.fail(kHiKeys[hi],
             fmt::format("{} {}", num(st.freq_hi_Hz / kFreqScales[hi]), unit_of(kHiKeys[hi])),
             fmt::format("a frequency above {} = {} {}", kLoKeys[lo],
                         num(st.freq_lo_Hz / kFreqScales[lo]), unit_of(kLoKeys[lo])));
    }
  } else {
    const double f = *r.scaled(kCentreKeys, kFreqScales, freq_range, true);
    const double bw = *r.scaled(kWidthKeys, kFreqScales, positive(""), true);
    st.freq_Hz = f;
    st.bandwidth_Hz = bw;
    st.freq_lo_Hz = f - bw / 2;
    st.freq_hi_Hz = f + bw / 2;
    if (!(st.freq_lo_Hz > 0) || st.freq_hi_Hz > kMaxFreq_Hz) {
      const std::string_view bw_key =
          kWidthKeys[static_cast<std::size_t>(r.one_of(kWidthKeys, true))];
      r.fail(bw_key,
             fmt::format("{} Hz around {} Hz (band [{}, {}] Hz)", num(bw), num(f),
                         num(st.freq_lo_Hz), num(st.freq_hi_Hz)),
             "a band within (0, 300 GHz]");
    }
  }
}

/// Transmitter: EIRP or conducted power (a planned station is one).
void read_transmitter(const Record& r, Station& st, bool planned) {
  switch (r.one_of({"eirp_dBm", "tx_power_dBm"}, planned)) {
    case 0:
      st.transmits = true;
      st.eirp_dBm = *r.number("eirp_dBm", any("dBm"));
      break;
    case 1:
      st.transmits = true;
      st.tx_power_dBm = *r.number("tx_power_dBm", any("dBm"));
      // msi: the maximum gain is in the pattern file; m2101: gain_dBi is the element's, the
      // array's maximum is known once it is built. The caller completes eirp_dBm.
      st.eirp_dBm =
          std::isnan(st.antenna.gain_dBi) || st.antenna.type == "msi" || st.antenna.type == "m2101"
              ? kNaN
              : *st.tx_power_dBm + st.antenna.gain_dBi;
      break;
    default:
      st.eirp_dBm = kNaN;
      break;
  }
}

/// Receiver: noise, feeder loss and protection criterion.
void read_receiver(const Record& r, Station& st) {
  const int noise = r.one_of({"noise_figure_dB", "noise_temperature_K"}, false);
  if (noise == 0) st.noise_figure_dB = *r.number("noise_figure_dB", at_least(0, "dB"));
  if (noise == 1) st.noise_temperature_K = *r.number("noise_temperature_K", positive("K"));
  st.feeder_loss_dB = r.number_or("feeder_loss_dB", 0.0, at_least(0, "dB"));
  const int crit = r.one_of({"i_over_n_dB", "interference_dBm"}, false);
  ProtectionCriterion& c = st.criterion;
  if (crit == 0) {
    c.kind = ProtectionCriterion::Kind::IOverN;
    c.i_over_n_dB = *r.number("i_over_n_dB", any("dB"));
    if (noise < 0) {
      r.fail("i_over_n_dB", "an I/N criterion without a receiver noise",
             "noise_figure_dB or noise_temperature_K with i_over_n_dB");
    }
    if (const int k = r.one_of(kRefBwKeys, false); k >= 0) {
      r.fail(kRefBwKeys[static_cast<std::size_t>(k)],
             fmt::format("{} with i_over_n_dB", kRefBwKeys[static_cast<std::size_t>(k)]),
             "a reference bandwidth only with interference_dBm (I/N is over the whole band)");
    }
  } else if (crit == 1) {
    c.kind = ProtectionCriterion::Kind::Power;
    c.power_dBm = *r.number("interference_dBm", any("dBm"));
    c.ref_bandwidth_Hz = r.scaled(kRefBwKeys, kRefBwScales, positive(""), false).value_or(1e6);
  } else {
    for (std::string_view k : {"criterion_time_percent", "criterion_mode", "criterion_at",
                               "ref_bandwidth_Hz", "ref_bandwidth_kHz", "ref_bandwidth_MHz"}) {
      if (r.has(k)) {
        r.fail(k, fmt::format("{} without a protection criterion", k),
               "i_over_n_dB or interference_dBm with it");
      }
    }
  }
  // ITU-R P.452-18 §1 time percentage domain 0.001 % <= p <= 50 %.
  c.time_percent = r.number("criterion_time_percent", closed(0.001, 50, "%"));
  // The station's own settings over the scenario's [protection] (sim/station/criterion.h). The
  // mode is how a power per reference bandwidth is checked: an I/N is over the band in either.
  const auto index = [](const std::vector<std::string_view>& names, const std::string& v) {
    return static_cast<int>(std::find(names.begin(), names.end(), v) - names.begin());
  };
  if (const auto m = r.choice("criterion_mode", criterion_mode_names())) {
    if (c.kind == ProtectionCriterion::Kind::IOverN) {
      r.fail("criterion_mode", "criterion_mode with i_over_n_dB",
             "criterion_mode only with interference_dBm (an I/N criterion is over the whole "
             "band)");
    }
    c.mode = static_cast<CriterionMode>(index(criterion_mode_names(), *m));
  }
  if (const auto a = r.choice("criterion_at", criterion_at_names()))
    c.at = static_cast<CriterionAt>(index(criterion_at_names(), *a));
  st.receives = c.kind != ProtectionCriterion::Kind::None;
}

/// Indoors: given for a planned station; a database station is placed by the [buildings]
/// footprints when the scenario has them (its links take the entry loss where it is inside).
void read_indoor(const Record& r, Station& st, const Projector& proj, bool planned) {
  if (planned && r.has("indoor")) {
    const RecordValue& v = *r.get("indoor");
    if (v.kind == RecordValue::Kind::Text && v.text == "auto") {
      if (!proj.source.buildings) {
        r.fail("indoor", "\"auto\" without a [buildings] table",
               "true or false, or a [buildings] table for \"auto\"");
      }
      st.indoor_auto = true;
    } else {
      st.indoor = *r.boolean("indoor", "true, false or \"auto\" (from the [buildings] footprints)");
    }
  } else if (!planned) {
    st.indoor_auto = proj.source.buildings;
  }
}

/// The one field parser (see parse_station): the record's parts in the order of the keys.
Station parse_station_with(const Record& input, Projector& proj, const StationRole* default_role,
                           const PointGeometry* point) {
  Record r = input;
  // A planned station ([[station]]) is a transmitter given by its channel; its table has no role.
  const bool planned = default_role != nullptr && *default_role == StationRole::PlannedBase;
  {
    const std::vector<std::string> keys = planned ? planned_station_keys() : station_keys();
    r.check_keys(std::vector<std::string_view>(keys.begin(), keys.end()));
  }
  Station st;
  st.where = r.location();
  st.defined_at = r.where();

  read_identity(r, st, default_role, planned);
  read_position(r, st, proj, point, planned);
  st.height_m = r.required_number("height_m", positive("m above ground"));
  read_band(r, st, proj, planned);
  st.antenna = parse_antenna(r, "antenna.");
  st.antenna.freq_Hz = st.freq_Hz;
  if (st.antenna.gso_longitude_deg) {
    try {
      prop::resolve_gso_pointing(st.antenna, st.lat_deg, st.lon_deg);
    } catch (const InputError& e) {
      r.fail("antenna.gso_longitude_deg", e.what(),
             "a geostationary satellite above the station's horizon");
    }
  }
  read_transmitter(r, st, planned);
  read_receiver(r, st);
  if (!st.receives && !st.transmits) {
    r.fail_record(
        "neither a transmitter (eirp_dBm or tx_power_dBm) nor a protection criterion "
        "(i_over_n_dB or interference_dBm)",
        "at least one of them: a station transmits, is protected, or both");
  }
  read_indoor(r, st, proj, planned);

  st.schedule = r.texts("schedule",
                        "schedule expressions: an array of strings, or one string with the "
                        "expressions separated by ';'",
                        ';')
                    .value_or(std::vector<std::string>{});
  return st;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Antennas: the keys and defaults of the scenario's [[station]].antenna table.

const std::vector<std::string_view> kEarthStationKeys{
    "diameter_m", "azimuth_deg", "elevation_deg", "efficiency", "gain_dBi", "gso_longitude_deg"};

void read_earth_station(const Record& r, std::string_view p, prop::AntennaConfig& a) {
  a.diameter_m = r.required_number(key_at(p, "diameter_m"), positive("m"));
  if (r.one_of({key_at(p, "efficiency"), key_at(p, "gain_dBi")}, false) == 1) {
    a.gain_dBi = *r.number(key_at(p, "gain_dBi"), any("dBi"));
  } else {
    // NaN: G_max = 10 log10(efficiency (pi D / lambda)^2), known once the frequency is; with
    // tx_power_dBm the EIRP is then completed from the built antenna's maximum gain.
    a.gain_dBi = kNaN;
    a.efficiency =
        r.number_or(key_at(p, "efficiency"), 0.7, {0, 1, true, false, "aperture efficiency"});
  }
  if (r.group({key_at(p, "azimuth_deg"), key_at(p, "elevation_deg")},
              {key_at(p, "gso_longitude_deg")}) == 0) {
    const double az = r.required_number(key_at(p, "azimuth_deg"), closed(-360, 360, "degrees"));
    a.azimuth_deg = std::fmod(az + 360.0, 360.0);
    a.elevation_deg = r.required_number(key_at(p, "elevation_deg"), closed(-90, 90, "degrees"));
  } else {
    a.gso_longitude_deg =
        r.required_number(key_at(p, "gso_longitude_deg"), closed(-180, 180, "degrees east"));
  }
}

namespace {

/// A whole number in [lo, hi] under `key`, or `fallback` when absent.
int whole_number(const Record& r, const std::string& key, int fallback, int lo, int hi) {
  const auto v = r.number(key, closed(lo, hi, "a whole number"));
  if (!v) return fallback;
  if (*v != std::floor(*v)) r.fail(key, num(*v), fmt::format("a whole number in [{}, {}]", lo, hi));
  return static_cast<int>(*v);
}

}  // namespace

const std::vector<AntennaType>& antenna_types() {
  static const std::vector<AntennaType> types{
      {"isotropic",
       {"gain_dBi"},
       [](const Record& r, std::string_view p, prop::AntennaConfig& a) {
         a.gain_dBi = r.number_or(key_at(p, "gain_dBi"), 0.0, any("dBi"));
       }},
      {"3gpp_sector",
       {"gain_dBi", "azimuth_deg", "downtilt_deg", "hpbw_h_deg", "hpbw_v_deg", "front_to_back_dB",
        "sla_v_dB"},
       [](const Record& r, std::string_view p, prop::AntennaConfig& a) {
         // 3GPP TR 38.901 Table 7.3-1: G_E,max 8 dBi, phi_3dB = theta_3dB = 65°, A_m = SLA_V = 30
         // dB.
         a.gain_dBi = r.number_or(key_at(p, "gain_dBi"), 8.0, any("dBi"));
         a.hpbw_h_deg =
             r.number_or(key_at(p, "hpbw_h_deg"), 65.0, {0, 360, true, false, "degrees"});
         a.hpbw_v_deg =
             r.number_or(key_at(p, "hpbw_v_deg"), 65.0, {0, 180, true, false, "degrees"});
         a.front_to_back_dB = r.number_or(key_at(p, "front_to_back_dB"), 30.0, at_least(0, "dB"));
         a.sla_v_dB = r.number_or(key_at(p, "sla_v_dB"), 30.0, at_least(0, "dB"));
         read_pointing(r, p, a);
       }},
      {"msi",
       {"pattern", "azimuth_deg", "downtilt_deg"},
       [](const Record& r, std::string_view p, prop::AntennaConfig& a) {
         const std::string key = key_at(p, "pattern");
         const auto path = r.existing_file(key, "an MSI / Planet antenna pattern file");
         if (!path) r.missing(key, "the path of an MSI / Planet antenna pattern file");
         a.pattern_path = *path;
         read_pointing(r, p, a);
       }},
      // ITU-R S.465-6 / S.580-6 earth stations (propagation/antenna/earth_station.h). The
      // frequency is the station's, set by complete_antenna(); gso_longitude_deg is resolved
      // there too (prop::resolve_gso_pointing).
      {"s465", kEarthStationKeys, read_earth_station},
      {"s580", kEarthStationKeys, read_earth_station},
      // ITU-R M.2101-0 Annex 1 §5 array (propagation/antenna/m2101_array.h). No defaults in the
      // Recommendation; these are the IMT-2020 sharing studies' usual 8 x 8 array of 65-degree
      // elements at half-wavelength spacing with a 5 dBi element.
      {"m2101",
       {"gain_dBi",
        "azimuth_deg",
        "downtilt_deg",
        "hpbw_h_deg",
        "hpbw_v_deg",
        "front_to_back_dB",
        "sla_v_dB",
        "elements_h",
        "elements_v",
        "spacing_h",
        "spacing_v",
        "correlation",
        "beam",
        "electrical_scan_deg",
        "electrical_tilt_deg",
        "beam_scan_min_deg",
        "beam_scan_max_deg",
        "beam_scan_step_deg",
        "beam_tilt_min_deg",
        "beam_tilt_max_deg",
        "beam_tilt_step_deg"},
       [](const Record& r, std::string_view p, prop::AntennaConfig& a) {
         a.gain_dBi = r.number_or(key_at(p, "gain_dBi"), 5.0, any("dBi"));
         a.hpbw_h_deg =
             r.number_or(key_at(p, "hpbw_h_deg"), 65.0, {0, 360, true, false, "degrees"});
         a.hpbw_v_deg =
             r.number_or(key_at(p, "hpbw_v_deg"), 65.0, {0, 180, true, false, "degrees"});
         a.front_to_back_dB = r.number_or(key_at(p, "front_to_back_dB"), 30.0, at_least(0, "dB"));
         a.sla_v_dB = r.number_or(key_at(p, "sla_v_dB"), 30.0, at_least(0, "dB"));
         a.elements_h = whole_number(r, key_at(p, "elements_h"), 8, 1, 64);
         a.elements_v = whole_number(r, key_at(p, "elements_v"), 8, 1, 64);
         a.spacing_h =
             r.number_or(key_at(p, "spacing_h"), 0.5, {0, 10, true, false, "wavelengths"});
         a.spacing_v =
             r.number_or(key_at(p, "spacing_v"), 0.5, {0, 10, true, false, "wavelengths"});
         // M.2101's correlation level rho: 1 the fully correlated array (m2101_array.h).
         a.correlation = r.number_or(key_at(p, "correlation"), 1.0, closed(0, 1, "dimensionless"));
         a.beam = r.choice(key_at(p, "beam"), {"fixed", "envelope"}).value_or("fixed");
         const std::vector<std::string_view> fixed{"electrical_scan_deg", "electrical_tilt_deg"};
         const std::vector<std::string_view> envelope{"beam_scan_min_deg",  "beam_scan_max_deg",
                                                      "beam_scan_step_deg", "beam_tilt_min_deg",
                                                      "beam_tilt_max_deg",  "beam_tilt_step_deg"};
         for (auto k : a.beam == "fixed" ? envelope : fixed) {
           if (r.has(key_at(p, k))) {
             r.fail(key_at(p, k), fmt::format("key '{}'", key_at(p, k)),
                    fmt::format("no {} with {}beam = {}", in_quotes(k), p, in_quotes(a.beam)));
           }
         }
         const auto angle = [&](std::string_view k, double fallback) {
           return r.number_or(key_at(p, k), fallback, closed(-90, 90, "degrees"));
         };
         a.escan_deg = angle("electrical_scan_deg", 0.0);
         a.etilt_deg = angle("electrical_tilt_deg", 0.0);
         a.escan_min_deg = angle("beam_scan_min_deg", -60.0);
         a.escan_max_deg = angle("beam_scan_max_deg", 60.0);
         a.escan_step_deg =
             r.number_or(key_at(p, "beam_scan_step_deg"), 10.0, {0, 180, true, false, "degrees"});
         a.etilt_min_deg = angle("beam_tilt_min_deg", 0.0);
         a.etilt_max_deg = angle("beam_tilt_max_deg", a.etilt_min_deg);
         a.etilt_step_deg =
             r.number_or(key_at(p, "beam_tilt_step_deg"), 1.0, {0, 180, true, false, "degrees"});
         if (a.escan_max_deg < a.escan_min_deg) {
           r.fail(key_at(p, "beam_scan_max_deg"), num(a.escan_max_deg),
                  fmt::format("a value >= beam_scan_min_deg ({})", num(a.escan_min_deg)));
         }
         if (a.etilt_max_deg < a.etilt_min_deg) {
           r.fail(key_at(p, "beam_tilt_max_deg"), num(a.etilt_max_deg),
                  fmt::format("a value >= beam_tilt_min_deg ({})", num(a.etilt_min_deg)));
         }
         read_pointing(r, p, a);
       }},
      // ITU-R F.1336-5 (propagation/antenna/f1336.h); the frequency is the station's.
      {"f1336",
       {"variant", "gain_dBi", "azimuth_deg", "downtilt_deg", "electrical_tilt_deg", "hpbw_h_deg",
        "hpbw_v_deg", "k", "k_h", "k_v"},
       [](const Record& r, std::string_view p, prop::AntennaConfig& a) {
         const std::string variant_key = key_at(p, "variant");
         const auto variant =
             r.choice(variant_key, {"omni-peak", "omni-average", "sector-peak", "sector-average"});
         if (!variant) {
           r.missing(variant_key, "one of omni-peak, omni-average, sector-peak, sector-average");
         }
         a.variant = *variant;
         a.gain_dBi = r.required_number(key_at(p, "gain_dBi"), any("dBi"));
         const bool omni = a.variant.starts_with("omni");
         if (omni) {
           for (auto k : {"hpbw_h_deg", "hpbw_v_deg", "k_h", "k_v"}) {
             if (r.has(key_at(p, k))) {
               r.fail(key_at(p, k), fmt::format("key '{}'", key_at(p, k)),
                      fmt::format("no '{}' with {}variant = {} (the omnidirectional beamwidth "
                                  "follows from gain_dBi)",
                                  k, p, in_quotes(a.variant)));
             }
           }
         }
         a.hpbw_h_deg =
             r.number_or(key_at(p, "hpbw_h_deg"), 65.0, {0, 360, true, false, "degrees"});
         // NaN: theta_3 from F.1336-5 recommends 3.3.
         a.hpbw_v_deg = r.number_or(key_at(p, "hpbw_v_deg"), kNaN, {0, 90, true, true, "degrees"});
         // F.1336-5: k = 0.7 (omni), k_p = k_a = 0.7; k_h = 0.8, k_v = 0.7 for typical antennas
         // (recommends 3.1.1.2, 3.1.1.3).
         a.k = r.number_or(key_at(p, "k"), 0.7, closed(0, 1, "dimensionless"));
         a.k_h = r.number_or(key_at(p, "k_h"), 0.8, closed(0, 1, "dimensionless"));
         a.k_v = r.number_or(key_at(p, "k_v"), 0.7, closed(0, 1, "dimensionless"));
         a.electrical_tilt_deg =
             r.number_or(key_at(p, "electrical_tilt_deg"), 0.0, closed(-89, 89, "degrees"));
         read_pointing(r, p, a);
       }},
      // ITU-R F.699-8 fixed-link dish (propagation/antenna/f699.h); the frequency is the
      // station's.
      {"f699",
       {"gain_dBi", "diameter_m", "azimuth_deg", "elevation_deg"},
       [](const Record& r, std::string_view p, prop::AntennaConfig& a) {
         a.gain_dBi = r.required_number(key_at(p, "gain_dBi"), any("dBi"));
         a.diameter_m = r.required_number(key_at(p, "diameter_m"), positive("m"));
         const double az =
             r.required_number(key_at(p, "azimuth_deg"), closed(-360, 360, "degrees"));
         a.azimuth_deg = std::fmod(az + 360.0, 360.0);
         a.elevation_deg = r.number_or(key_at(p, "elevation_deg"), 0.0, closed(-90, 90, "degrees"));
       }},
  };
  return types;
}

std::vector<std::string> antenna_keys(std::string_view prefix) {
  std::vector<std::string> out{key_at(prefix, "type")};
  for (const AntennaType& t : antenna_types()) {
    for (auto k : t.keys) {
      std::string full = key_at(prefix, k);
      if (std::find(out.begin(), out.end(), full) == out.end()) out.push_back(std::move(full));
    }
  }
  return out;
}

prop::AntennaConfig parse_antenna(const Record& record, std::string_view prefix) {
  std::vector<std::string_view> names;
  for (const AntennaType& t : antenna_types()) names.push_back(t.name);
  prop::AntennaConfig cfg;
  cfg.type = record.choice(key_at(prefix, "type"), names).value_or("isotropic");
  const AntennaType& type = *std::find_if(antenna_types().begin(), antenna_types().end(),
                                          [&](const AntennaType& t) { return t.name == cfg.type; });
  std::vector<std::string_view> allowed{"type"};
  allowed.insert(allowed.end(), type.keys.begin(), type.keys.end());
  record.check_keys(allowed, prefix, fmt::format("with {}type = {}", prefix, in_quotes(cfg.type)));
  type.read(record, prefix, cfg);
  return cfg;
}

std::vector<std::string> station_keys() {
  std::vector<std::string> out(kStationKeys.begin(), kStationKeys.end());
  for (auto& k : antenna_keys("antenna.")) out.push_back(std::move(k));
  return out;
}

std::vector<std::string> planned_station_keys() {
  std::vector<std::string> out(kPlannedKeys.begin(), kPlannedKeys.end());
  for (auto& k : antenna_keys("antenna.")) out.push_back(std::move(k));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sources

Station parse_station(const Record& record, const StationSource& source,
                      const StationRole* default_role, const PointGeometry* point) {
  Projector proj(source);
  return parse_station_with(record, proj, default_role, point);
}

struct StationParser::Impl {
  explicit Impl(const StationSource& s) : source(s), proj(source) {}
  const StationSource source;
  Projector proj;  ///< refers to `source`
};

StationParser::StationParser(const StationSource& source) : impl_(std::make_unique<Impl>(source)) {}
StationParser::~StationParser() = default;

Station StationParser::parse(const Record& record, const StationRole* default_role,
                             const PointGeometry* point) {
  return parse_station_with(record, impl_->proj, default_role, point);
}

void check_unique_ids(const std::vector<Station>& stations) {
  std::map<std::string_view, const Station*> seen;
  for (const Station& s : stations) {
    const auto [it, inserted] = seen.emplace(s.id, &s);
    if (!inserted) {
      throw_input_error({s.defined_at, 0, 0}, "id",
                        fmt::format("{}, already the id of the station at {}", in_quotes(s.id),
                                    it->second->defined_at),
                        "an id used once over the scenario and every station list");
    }
  }
}

std::vector<Station> parse_station_tables(const toml_in::Section& parent, std::string_view key,
                                          const StationSource& source) {
  std::vector<Station> out;
  const toml::array* arr =
      parent.tables(key, fmt::format("at least one [[{}]] table", parent.field(key)));
  if (arr == nullptr) return out;
  Projector proj(source);
  const StationRole role = key == "station" ? StationRole::PlannedBase : StationRole::Incumbent;
  const StationRole* default_role = key == "station" || key == "incumbent" ? &role : nullptr;
  std::map<std::string, std::size_t, std::less<>> ids;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml_in::Section s(parent.ctx(), *arr->get(i)->as_table(),
                             fmt::format("{}[{}]", parent.field(key), i));
    const Record record = record_from_toml(s);
    Station st = parse_station_with(record, proj, default_role, nullptr);
    if (const auto it = ids.find(st.id); it != ids.end()) {
      record.fail("id",
                  fmt::format("{} (already used by {}[{}])", in_quotes(st.id), parent.field(key),
                              it->second),
                  "a unique id of letters, digits, '_', '.', '-'");
    }
    ids.emplace(st.id, i);
    st.source = "scenario";
    out.push_back(std::move(st));
  }
  return out;
}

namespace {

/// " (station \"ID\")" for a record whose id field holds `id`, so that every message about the
/// record names the station as well as its row or feature; nothing for an empty or overlong id
/// (the id's own check then reports it).
std::string station_note(std::string_view id) {
  const std::string_view t = trim(id);
  if (t.empty() || t.size() > 64) return {};
  return fmt::format(" (station {})", in_quotes(t));
}

/// Line of the CSV header: the first line that is neither blank nor a '#' comment.
int header_line(std::string_view text) {
  int line = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    std::string_view l = text.substr(pos, end - pos);
    if (line == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);
    const std::size_t first = l.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && l[first] != '#') return line;
    pos = end + 1;
  }
  return 1;
}

/// Refuses unknown and repeated column / field names (a record of the names themselves).
void check_names(const std::vector<std::string>& names, const std::string& where,
                 Record::Naming naming, const std::string& path) {
  Record header(where, {path, 0, 0}, "", naming, {});
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (header.has(names[i])) {
      header.fail(names[i], fmt::format("{} twice", in_quotes(names[i])), "each name once");
    }
    RecordValue v;
    v.where = where;
    header.set(names[i], std::move(v));
  }
  const std::vector<std::string> keys = station_keys();
  header.check_keys(std::vector<std::string_view>(keys.begin(), keys.end()));
}

std::vector<Station> csv_list_of_text(const std::string& text, const std::string& path,
                                      const std::filesystem::path& dir,
                                      const StationSource& source) {
  const CsvTable table = CsvTable::parse(text, path);
  const int hline = header_line(text);
  check_names(table.header(), fmt::format("{}:row {}", path, hline), Record::Naming::Column, path);
  if (table.rows() == 0) {
    throw_input_error({fmt::format("{}:row {}", path, hline), 0, 0}, "", "no station row",
                      "at least one station below the header");
  }
  Projector proj(source);
  std::vector<Station> out;
  const int id_column = table.find_column("id");
  for (std::size_t i = 0; i < table.rows(); ++i) {
    const int line = table.line_of(i);
    const std::string where =
        fmt::format("{}:row {}{}", path, line,
                    id_column >= 0 ? station_note(table.text(i, id_column)) : std::string());
    Record rec(where, {path, line, 0}, "", Record::Naming::Column, dir);
    for (std::size_t c = 0; c < table.header().size(); ++c) {
      const std::string& cell = table.row(i)[c];
      if (cell.empty()) continue;  // an empty cell: the key is not given for this station
      RecordValue v;
      v.kind = RecordValue::Kind::Text;
      v.text = cell;
      v.untyped = true;
      v.where = where;
      rec.set(table.header()[c], std::move(v));
    }
    Station st = parse_station_with(rec, proj, nullptr, nullptr);
    st.source = path;
    out.push_back(std::move(st));
  }
  check_unique_ids(out);
  return out;
}

std::vector<Station> read_csv_list(const std::string& path, const StationSource& source) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw_input_error({path, 0, 0}, "", "a file that cannot be opened",
                      "a readable CSV station list");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return csv_list_of_text(text.str(), path, fs::path(path).parent_path(), source);
}

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};

RecordValue field_value(const OGRFeature& f, int i, const std::string& where) {
  RecordValue v;
  v.where = where;
  const OGRFieldDefn* defn = f.GetFieldDefnRef(i);
  switch (defn->GetType()) {
    case OFTInteger:
    case OFTInteger64:
      if (defn->GetSubType() == OFSTBoolean) {
        v.kind = RecordValue::Kind::Boolean;
        v.flag = f.GetFieldAsInteger(i) != 0;
        v.text = v.flag ? "true (boolean)" : "false (boolean)";
      } else {
        v.kind = RecordValue::Kind::Number;
        v.number = static_cast<double>(f.GetFieldAsInteger64(i));
      }
      break;
    case OFTReal:
      v.kind = RecordValue::Kind::Number;
      v.number = f.GetFieldAsDouble(i);
      break;
    case OFTString:
      v.kind = RecordValue::Kind::Text;
      v.text = f.GetFieldAsString(i);
      v.untyped = true;
      break;
    case OFTStringList: {
      v.kind = RecordValue::Kind::Texts;
      char** list = f.GetFieldAsStringList(i);
      for (int k = 0; list != nullptr && list[k] != nullptr; ++k) v.texts.emplace_back(list[k]);
      break;
    }
    default:
      v.kind = RecordValue::Kind::Other;
      v.text = fmt::format("{} ({})", in_quotes(f.GetFieldAsString(i)),
                           OGRFieldDefn::GetFieldTypeName(defn->GetType()));
      break;
  }
  return v;
}

/// Opens a station list with OGR (GeoJSON with nested properties flattened to dotted names:
/// "antenna": {"type": ...} -> "antenna.type", the names station lists use).
std::unique_ptr<GDALDataset, DatasetCloser> open_station_dataset(const std::string& path) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  QuietGdal quiet;
  const char* const geojson_options[] = {"FLATTEN_NESTED_ATTRIBUTES=YES",
                                         "NESTED_ATTRIBUTE_SEPARATOR=.", nullptr};
  const char* const geojson_driver[] = {"GeoJSON", nullptr};
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, geojson_driver, nullptr);
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                         driver != nullptr ? geojson_options : nullptr, nullptr)));
  if (!ds) {
    const std::string message = gdal_message();
    throw_input_error(gdal_location(path, message), "",
                      fmt::format("a file OGR cannot open ({})", message),
                      "a station list: CSV, or a vector file (GeoJSON, GeoPackage, Shapefile, "
                      "...) of points");
  }
  if (ds->GetLayerCount() != 1 && ds->GetLayerByName("stations") == nullptr) {
    throw_input_error({path, 0, 0}, "",
                      fmt::format("{} layers, none named \"stations\"", ds->GetLayerCount()),
                      "one layer of station points, or a layer named \"stations\" (as in "
                      "akichi's live database)");
  }
  return ds;
}

/// The station layer: the only one, or the one named "stations" (the live database's station
/// table, beside its other tables).
OGRLayer* station_layer(GDALDataset& ds) {
  return ds.GetLayerCount() == 1 ? ds.GetLayer(0) : ds.GetLayerByName("stations");
}

/// The layer's CRS; a layer without one is taken as WGS 84 longitude/latitude.
prop::Crs layer_crs_of(OGRLayer& layer, const std::string& layer_where) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs == nullptr) return prop::Crs::wgs84();
  char* wkt = nullptr;
  const char* const options[] = {"FORMAT=WKT2_2019", nullptr};
  if (srs->exportToWkt(&wkt, options) != OGRERR_NONE || wkt == nullptr) {
    CPLFree(wkt);
    throw_input_error({layer_where, 0, 0}, "crs", "a CRS that cannot be written as WKT",
                      "a CRS PROJ knows");
  }
  const std::string text(wkt);
  CPLFree(wkt);
  return prop::Crs::from_user_input(text, layer_where + " crs");
}

/// The feature's point geometry in the study CRS and in WGS 84; none without a geometry.
std::optional<PointGeometry> feature_point(const OGRFeature& f, const std::string& where,
                                           const prop::Transformer& to_study,
                                           const prop::Transformer& to_wgs84,
                                           const prop::Crs& layer_crs, const prop::Crs& study) {
  const OGRGeometry* g = f.GetGeometryRef();
  if (g == nullptr) return std::nullopt;
  if (wkbFlatten(g->getGeometryType()) != wkbPoint || g->IsEmpty()) {
    throw_input_error({where, 0, 0}, "geometry", OGRGeometryTypeToName(g->getGeometryType()),
                      "a Point (or no geometry and lat_deg, lon_deg or x_m, y_m fields)");
  }
  const auto* p = g->toPoint();
  PointGeometry pg{p->getX(), p->getY(), p->getX(), p->getY()};
  try {
    to_study.transform(pg.x, pg.y);
    to_wgs84.transform(pg.lon_deg, pg.lat_deg);
  } catch (const RuntimeError&) {
    throw_input_error({where, 0, 0}, "geometry",
                      fmt::format("POINT ({} {})", num(p->getX()), num(p->getY())),
                      "a point that converts from " + layer_crs.name() + " to " + study.name());
  }
  return pg;
}

std::vector<Station> read_ogr_list(const std::string& path, const StationSource& source) {
  const InputLocation file{path, 0, 0};
  const auto ds = open_station_dataset(path);
  OGRLayer* layer = station_layer(*ds);
  const std::string layer_where = fmt::format("{}: layer {}", path, layer->GetName());

  std::vector<std::string> names;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  check_names(names, layer_where, Record::Naming::Field, path);

  const prop::Crs layer_crs = layer_crs_of(*layer, layer_where);
  const prop::Transformer to_study(layer_crs, source.crs);
  const prop::Transformer to_wgs84(layer_crs, prop::Crs::wgs84());

  const fs::path dir = fs::path(path).parent_path();
  Projector proj(source);
  std::vector<Station> out;
  layer->ResetReading();
  for (std::unique_ptr<OGRFeature, FeatureDeleter> f(layer->GetNextFeature()); f;
       f.reset(layer->GetNextFeature())) {
    const int id_field = f->GetFieldIndex("id");
    const std::string where = fmt::format("{}: feature {}{}", path, f->GetFID(),
                                          id_field >= 0 && f->IsFieldSetAndNotNull(id_field)
                                              ? station_note(f->GetFieldAsString(id_field))
                                              : std::string());
    Record rec(where, file, "", Record::Naming::Field, dir);
    for (int i = 0; i < f->GetFieldCount(); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) continue;
      RecordValue v = field_value(*f, i, where);
      if (v.kind == RecordValue::Kind::Text && v.text.empty()) continue;  // as an empty CSV cell
      rec.set(names[static_cast<std::size_t>(i)], std::move(v));
    }
    const std::optional<PointGeometry> point =
        feature_point(*f, where, to_study, to_wgs84, layer_crs, source.crs);
    Station st = parse_station_with(rec, proj, nullptr, point ? &*point : nullptr);
    st.source = path;
    out.push_back(std::move(st));
  }
  if (out.empty()) {
    throw_input_error({layer_where, 0, 0}, "", "no feature", "at least one station");
  }
  check_unique_ids(out);
  return out;
}

}  // namespace

std::vector<Station> read_station_list_csv_text(const std::string& text, const std::string& name,
                                                const std::filesystem::path& base_dir,
                                                const StationSource& source) {
  return csv_list_of_text(text, name, base_dir, source);
}

std::vector<Station> read_station_list(const std::string& path, const StationSource& source) {
  if (to_lower(fs::path(path).extension().string()) == ".csv") return read_csv_list(path, source);
  return read_ogr_list(path, source);
}

}  // namespace akichi::sim

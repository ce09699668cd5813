// Stations as station-list fields: every role and antenna type the parser accepts, read from
// TOML tables, written as fields and read back through parse_station(), gives the same station.
#include "sim/station/station_fields.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "propagation/geo/crs.h"
#include "sim/station/station_db.h"

namespace akichi::sim::station_fields_test {
namespace {

namespace fs = std::filesystem;

// Every kind of station the parser reads: each role, each antenna type (an msi pattern among
// them), both criteria with a time percentage, schedules, quasi-synchronous TDD, positions as
// lat/lon and as x/y, bands as edges and as centre and width, EIRP and conducted power.
constexpr const char* kStations = R"(
[[incumbent]]
id = "fixed-rx-1"
service = "public-service fixed"
licensee = "Metropolitan Police"
lat_deg = 35.69
lon_deg = 139.75
height_m = 40
freq_lo_MHz = 4900
freq_hi_MHz = 4940
noise_figure_dB = 5
feeder_loss_dB = 2
i_over_n_dB = -6
criterion_time_percent = 1
schedule = ["mon-fri 08:00-12:00", "mon-fri 13:00-18:00"]
antenna = { type = "3gpp_sector", gain_dBi = 20, azimuth_deg = -45, downtilt_deg = 2, hpbw_h_deg = 10, hpbw_v_deg = 12, front_to_back_dB = 25, sla_v_dB = 20 }

[[incumbent]]
id = "es-uplink-1"
service = "satellite uplink earth station"
x_m = 390000.25
y_m = 3950000.75
height_m = 10
freq_MHz = 4750
bandwidth_MHz = 36
tx_power_dBm = 30
antenna = { type = "s465", diameter_m = 4.5, gso_longitude_deg = 140.0 }

[[incumbent]]
id = "es-rx-2"
service = "satellite earth station"
licensee = "Sat Operator"
lat_deg = 35.675
lon_deg = 139.755
height_m = 8
freq_lo_GHz = 4.5
freq_hi_GHz = 4.6
noise_temperature_K = 150
interference_dBm = -140
ref_bandwidth_kHz = 40
criterion_time_percent = 0.01
criterion_mode = "band_average"
criterion_at = "antenna_port"
antenna = { type = "s580", diameter_m = 7, gain_dBi = 48.5, azimuth_deg = 200, elevation_deg = 45.5 }

[[incumbent]]
id = "es-rx-3"
lat_deg = 35.676
lon_deg = 139.756
height_m = 6
freq_lo_GHz = 4.5
freq_hi_GHz = 4.6
noise_figure_dB = 1.5
i_over_n_dB = -10
criterion_at = "receiver_input"
antenna = { type = "s465", diameter_m = 3, efficiency = 0.62, azimuth_deg = 190, elevation_deg = 40 }

[[incumbent]]
id = "tx-1"
service = "public-service mobile base"
lat_deg = 35.67
lon_deg = 139.77
height_m = 30
freq_lo_GHz = 4.8
freq_hi_GHz = 4.82
tx_power_dBm = 43
antenna = { type = "msi", pattern = "PATTERN", azimuth_deg = -90, downtilt_deg = 3 }

[[licensee_station]]
id = "l5g-a-1"
role = "local5g_base"
service = "local 5G"
licensee = "Alpha Factory"
tdd = "synchronous"
lat_deg = 35.685
lon_deg = 139.765
height_m = 15
freq_MHz = 4850
bandwidth_MHz = 100
tx_power_dBm = 24
antenna = { type = "3gpp_sector", azimuth_deg = 120, downtilt_deg = 6 }

[[licensee_station]]
id = "l5g-b-1"
role = "local5g_base"
service = "local 5G"
licensee = "Beta Campus"
tdd = "quasi_synchronous"
tdd_overlap = 0.25
x_m = 386000
y_m = 3947000
height_m = 12
freq_lo_MHz = 4700
freq_hi_MHz = 4800
eirp_dBm = 35
interference_dBm = -110
criterion_time_percent = 20
schedule = "daily 07:00-22:00"

[[licensee_station]]
id = "l5g-b-ue-1"
role = "local5g_terminal"
licensee = "Beta Campus"
tdd = "unsynchronised"
lat_deg = 35.68
lon_deg = 139.76
height_m = 1.5
freq_lo_MHz = 4700
freq_hi_MHz = 4800
eirp_dBm = 23
noise_figure_dB = 9
i_over_n_dB = -6
antenna = { type = "isotropic", gain_dBi = 2.5 }

[[licensee_station]]
id = "l5g-c-array"
role = "local5g_base"
licensee = "Gamma Port"
tdd = "synchronous"
lat_deg = 35.683
lon_deg = 139.762
height_m = 20
freq_MHz = 4750
bandwidth_MHz = 100
tx_power_dBm = 20
antenna = { type = "m2101", gain_dBi = 6.4, azimuth_deg = 30, downtilt_deg = 3, elements_h = 4, elements_v = 2, spacing_v = 0.7, correlation = 0.6, beam = "envelope", beam_scan_min_deg = -45, beam_scan_max_deg = 45, beam_scan_step_deg = 15, beam_tilt_max_deg = 6, beam_tilt_step_deg = 3 }

[[licensee_station]]
id = "l5g-c-sector"
role = "local5g_base"
licensee = "Gamma Port"
tdd = "synchronous"
lat_deg = 35.684
lon_deg = 139.763
height_m = 18
freq_MHz = 4750
bandwidth_MHz = 100
eirp_dBm = 40
antenna = { type = "f1336", variant = "sector-average", gain_dBi = 16, azimuth_deg = 250, downtilt_deg = 2, electrical_tilt_deg = 4, hpbw_h_deg = 70, k = 0.6, k_h = 0.7, k_v = 0.3 }

[[licensee_station]]
id = "l5g-c-link"
role = "local5g_base"
licensee = "Gamma Port"
tdd = "synchronous"
lat_deg = 35.686
lon_deg = 139.764
height_m = 25
freq_MHz = 4750
bandwidth_MHz = 100
eirp_dBm = 55
antenna = { type = "f699", gain_dBi = 34, diameter_m = 1.2, azimuth_deg = 75, elevation_deg = 1.5 }

[[station]]
id = "planned-1"
lat_deg = 35.681
lon_deg = 139.761
height_m = 20
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
indoor = true
schedule = "mon-sat 09:00-17:00"
antenna = { type = "3gpp_sector", azimuth_deg = 30 }

[[station]]
id = "planned-2"
x_m = 387000
y_m = 3948000
height_m = 25
freq_GHz = 4.85
bandwidth_MHz = 100
tx_power_dBm = 30
licensee = "Alpha Factory"
tdd = "quasi_synchronous"
tdd_overlap = 0.5
)";

void expect_close(double a, double b, const char* what) {
  if (std::isnan(a) || std::isnan(b)) {
    EXPECT_TRUE(std::isnan(a) && std::isnan(b)) << what << ": " << a << " vs " << b;
    return;
  }
  EXPECT_LE(std::abs(a - b), 1e-9 * std::max(std::abs(a), std::abs(b)))
      << what << ": " << a << " vs " << b;
}

void expect_close(const std::optional<double>& a, const std::optional<double>& b,
                  const char* what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a) expect_close(*a, *b, what);
}

}  // namespace

// Every member of a station, numbers to 1e-9 relative, positions to 1e-6 m (shared with the
// store's tests).
void expect_same_station(const Station& a, const Station& b) {
  SCOPED_TRACE(a.id + " vs " + b.id + " (" + b.defined_at + ")");
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.role, b.role);
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.licensee, b.licensee);
  EXPECT_EQ(a.tdd, b.tdd);
  expect_close(a.tdd_overlap, b.tdd_overlap, "tdd_overlap");
  EXPECT_NEAR(a.x_m, b.x_m, 1e-6);
  EXPECT_NEAR(a.y_m, b.y_m, 1e-6);
  EXPECT_NEAR(a.lon_deg, b.lon_deg, 1e-11);
  EXPECT_NEAR(a.lat_deg, b.lat_deg, 1e-11);
  expect_close(a.height_m, b.height_m, "height_m");
  expect_close(a.freq_lo_Hz, b.freq_lo_Hz, "freq_lo_Hz");
  expect_close(a.freq_hi_Hz, b.freq_hi_Hz, "freq_hi_Hz");
  expect_close(a.freq_Hz, b.freq_Hz, "freq_Hz");
  expect_close(a.bandwidth_Hz, b.bandwidth_Hz, "bandwidth_Hz");
  EXPECT_EQ(a.indoor, b.indoor);
  EXPECT_EQ(a.indoor_auto, b.indoor_auto);
  EXPECT_EQ(a.receives, b.receives);
  EXPECT_EQ(a.transmits, b.transmits);
  expect_close(a.eirp_dBm, b.eirp_dBm, "eirp_dBm");
  expect_close(a.tx_power_dBm, b.tx_power_dBm, "tx_power_dBm");
  expect_close(a.noise_figure_dB, b.noise_figure_dB, "noise_figure_dB");
  expect_close(a.noise_temperature_K, b.noise_temperature_K, "noise_temperature_K");
  expect_close(a.feeder_loss_dB, b.feeder_loss_dB, "feeder_loss_dB");
  const prop::AntennaConfig &p = a.antenna, &q = b.antenna;
  EXPECT_EQ(p.type, q.type);
  expect_close(p.gain_dBi, q.gain_dBi, "antenna.gain_dBi");
  expect_close(p.azimuth_deg, q.azimuth_deg, "antenna.azimuth_deg");
  expect_close(p.downtilt_deg, q.downtilt_deg, "antenna.downtilt_deg");
  expect_close(p.hpbw_h_deg, q.hpbw_h_deg, "antenna.hpbw_h_deg");
  expect_close(p.hpbw_v_deg, q.hpbw_v_deg, "antenna.hpbw_v_deg");
  expect_close(p.front_to_back_dB, q.front_to_back_dB, "antenna.front_to_back_dB");
  expect_close(p.sla_v_dB, q.sla_v_dB, "antenna.sla_v_dB");
  EXPECT_EQ(p.pattern_path, q.pattern_path);
  expect_close(p.elevation_deg, q.elevation_deg, "antenna.elevation_deg");
  expect_close(p.diameter_m, q.diameter_m, "antenna.diameter_m");
  expect_close(p.efficiency, q.efficiency, "antenna.efficiency");
  expect_close(p.freq_Hz, q.freq_Hz, "antenna.freq_Hz");
  expect_close(p.gso_longitude_deg, q.gso_longitude_deg, "antenna.gso_longitude_deg");
  EXPECT_EQ(p.elements_h, q.elements_h);
  EXPECT_EQ(p.elements_v, q.elements_v);
  expect_close(p.spacing_h, q.spacing_h, "antenna.spacing_h");
  expect_close(p.spacing_v, q.spacing_v, "antenna.spacing_v");
  expect_close(p.correlation, q.correlation, "antenna.correlation");
  EXPECT_EQ(p.beam, q.beam);
  for (const auto& [x, y, name] :
       {std::tuple{p.escan_deg, q.escan_deg, "escan_deg"},
        {p.etilt_deg, q.etilt_deg, "etilt_deg"},
        {p.escan_min_deg, q.escan_min_deg, "escan_min_deg"},
        {p.escan_max_deg, q.escan_max_deg, "escan_max_deg"},
        {p.escan_step_deg, q.escan_step_deg, "escan_step_deg"},
        {p.etilt_min_deg, q.etilt_min_deg, "etilt_min_deg"},
        {p.etilt_max_deg, q.etilt_max_deg, "etilt_max_deg"},
        {p.etilt_step_deg, q.etilt_step_deg, "etilt_step_deg"},
        {p.k, q.k, "k"},
        {p.k_h, q.k_h, "k_h"},
        {p.k_v, q.k_v, "k_v"},
        {p.electrical_tilt_deg, q.electrical_tilt_deg, "electrical_tilt_deg"}})
    expect_close(x, y, name);
  EXPECT_EQ(p.variant, q.variant);
  EXPECT_EQ(a.criterion.kind, b.criterion.kind);
  expect_close(a.criterion.i_over_n_dB, b.criterion.i_over_n_dB, "i_over_n_dB");
  expect_close(a.criterion.power_dBm, b.criterion.power_dBm, "interference_dBm");
  expect_close(a.criterion.ref_bandwidth_Hz, b.criterion.ref_bandwidth_Hz, "ref_bandwidth_Hz");
  expect_close(a.criterion.time_percent, b.criterion.time_percent, "criterion_time_percent");
  EXPECT_EQ(a.criterion.mode, b.criterion.mode);
  EXPECT_EQ(a.criterion.at, b.criterion.at);
  EXPECT_EQ(a.schedule, b.schedule);
}

/// The stations of kStations (database stations, then the planned ones), read from TOML.
std::vector<Station> every_kind_of_station(const fs::path& dir, const StationSource& source) {
  std::string text = kStations;
  const std::string pattern =
      (fs::path(AKICHI_TEST_DATA_DIR) / "antenna" / "tr38901_like.msi").lexically_normal().string();
  text.replace(text.find("PATTERN"), 7, pattern);
  const std::string path = (dir / "every_kind.toml").string();
  std::ofstream(path) << text;
  const toml::table root = toml::parse(text, path);
  const toml_in::Context ctx{path, dir};
  const toml_in::Section top(ctx, root, "");
  std::vector<Station> out = parse_station_tables(top, "incumbent", source);
  for (const char* key : {"licensee_station", "station"})
    for (Station& s : parse_station_tables(top, key, source)) out.push_back(std::move(s));
  return out;
}

namespace {

class StationFields : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("akichi_fields_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  prop::Crs crs_ = prop::Crs::from_epsg(32654);
  StationSource source_{crs_, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
};

TEST_F(StationFields, EveryRoleAndAntennaTypeRoundTrips) {
  const std::vector<Station> stations = every_kind_of_station(dir_, source_);
  ASSERT_EQ(stations.size(), 13u);
  std::set<std::string> types;
  std::set<StationRole> roles;
  for (const Station& s : stations) {
    types.insert(s.antenna.type);
    roles.insert(s.role);
    const std::vector<StationField> fields = station_fields(s);
    const Record r = record_of_fields(fields, "request body", dir_);
    const StationRole planned = StationRole::PlannedBase;
    const Station back = parse_station(r, source_, s.planned() ? &planned : nullptr);
    expect_same_station(s, back);
    EXPECT_EQ(back.defined_at, "request body");
  }
  // Every antenna type and role the parser knows was written and read.
  EXPECT_EQ(types.size(), antenna_types().size());
  EXPECT_EQ(roles.size(), 4u);
}

TEST_F(StationFields, KeysAreCanonicalAndComplete) {
  const std::vector<Station> stations = every_kind_of_station(dir_, source_);
  // l5g-a-1 was given with centre, width and the 3gpp_sector defaults: its fields carry the
  // band edges in Hz and every sector key, defaults included, in station_keys() order.
  const Station& a = stations[5];
  ASSERT_EQ(a.id, "l5g-a-1");
  std::vector<std::string> keys;
  for (const auto& [k, v] : station_fields(a)) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"id",
                                            "role",
                                            "service",
                                            "licensee",
                                            "tdd",
                                            "lon_deg",
                                            "lat_deg",
                                            "height_m",
                                            "freq_lo_Hz",
                                            "freq_hi_Hz",
                                            "tx_power_dBm",
                                            "feeder_loss_dB",
                                            "antenna.type",
                                            "antenna.gain_dBi",
                                            "antenna.azimuth_deg",
                                            "antenna.downtilt_deg",
                                            "antenna.hpbw_h_deg",
                                            "antenna.hpbw_v_deg",
                                            "antenna.front_to_back_dB",
                                            "antenna.sla_v_dB"}));
  const std::vector<StationField> f = station_fields(a);
  EXPECT_EQ(f[8].second.number, 4800e6);
  EXPECT_EQ(f[9].second.number, 4900e6);
  EXPECT_EQ(f[13].second.number, 8.0);  // TR 38.901 default gain, written out
  // The GSO longitude of es-uplink-1 was resolved into azimuth and elevation.
  const Station& es = stations[1];
  ASSERT_EQ(es.id, "es-uplink-1");
  bool has_elevation = false;
  for (const auto& [k, v] : station_fields(es)) {
    EXPECT_NE(k, "antenna.gso_longitude_deg");
    if (k == "antenna.elevation_deg") {
      has_elevation = true;
      EXPECT_NEAR(v.number, es.antenna.elevation_deg, 0);
      EXPECT_GT(v.number, 0);
    }
  }
  EXPECT_TRUE(has_elevation);
}

TEST_F(StationFields, TheReceiversOwnCriterionSettingsRoundTrip) {
  const std::vector<Station> stations = every_kind_of_station(dir_, source_);
  const Station& es = stations[2];
  ASSERT_EQ(es.id, "es-rx-2");
  EXPECT_EQ(es.criterion.mode, CriterionMode::BandAverage);
  EXPECT_EQ(es.criterion.at, CriterionAt::AntennaPort);
  const Station& es3 = stations[3];
  ASSERT_EQ(es3.id, "es-rx-3");
  EXPECT_FALSE(es3.criterion.mode);
  EXPECT_EQ(es3.criterion.at, CriterionAt::ReceiverInput);
  // Written as the station lists' keys, after criterion_time_percent.
  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& [k, v] : station_fields(es))
    if (k.rfind("criterion_", 0) == 0 && v.kind == RecordValue::Kind::Text)
      texts.emplace_back(k, v.text);
  EXPECT_EQ(texts, (std::vector<std::pair<std::string, std::string>>{
                       {"criterion_mode", "band_average"}, {"criterion_at", "antenna_port"}}));
  // A station without them writes neither (the scenario's settings hold).
  for (const auto& [k, v] : station_fields(stations[0])) {
    EXPECT_NE(k, "criterion_mode");
    EXPECT_NE(k, "criterion_at");
  }
}

TEST_F(StationFields, OwnCriterionSettingsNeedACriterionThatTheyApplyTo) {
  const std::vector<Station> stations = every_kind_of_station(dir_, source_);
  const auto message = [&](const Station& s, const char* key, const char* value) {
    std::vector<StationField> fields = station_fields(s);
    RecordValue v;
    v.kind = RecordValue::Kind::Text;
    v.text = value;
    fields.emplace_back(key, v);
    const Record r = record_of_fields(fields, "stations table: feature 3", dir_);
    try {
      parse_station(r, source_, nullptr);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // es-rx-3 has an I/N criterion, tx-1 none, es-rx-2 a power criterion.
  EXPECT_EQ(message(stations[3], "criterion_mode", "band_average"),
            "stations table: feature 3: field criterion_mode: found criterion_mode with "
            "i_over_n_dB, expected criterion_mode only with interference_dBm (an I/N criterion "
            "is over the whole band)");
  ASSERT_EQ(stations[4].id, "tx-1");
  EXPECT_EQ(message(stations[4], "criterion_at", "antenna_port"),
            "stations table: feature 3: field criterion_at: found criterion_at without a "
            "protection criterion, expected i_over_n_dB or interference_dBm with it");
  std::vector<StationField> fields = station_fields(stations[2]);
  for (auto& [k, v] : fields)
    if (k == "criterion_mode") v.text = "worst_window";
  try {
    parse_station(record_of_fields(fields, "stations table: feature 3", dir_), source_, nullptr);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("field criterion_mode: found \"worst_window\""),
              std::string::npos)
        << e.what();
  }
}

TEST_F(StationFields, BadFieldIsReportedAtTheRecordsPlace) {
  const std::vector<Station> stations = every_kind_of_station(dir_, source_);
  std::vector<StationField> fields = station_fields(stations[0]);
  for (auto& [k, v] : fields)
    if (k == "height_m") v.number = -3;
  const Record r = record_of_fields(fields, "stations table: feature 12", dir_);
  try {
    parse_station(r, source_, nullptr);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "stations table: feature 12: field height_m: found -3, expected a number > 0 (m "
              "above ground)");
  }
}

}  // namespace
}  // namespace akichi::sim::station_fields_test

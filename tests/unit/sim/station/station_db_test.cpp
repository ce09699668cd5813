// The station database readers: the same five stations written as [[incumbent]] /
// [[licensee_station]] tables, a CSV list and a GeoJSON list give the same Station values; every
// input check answers with the exact place (TOML line:column, CSV row, OGR feature).
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <toml++/toml.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "sim/scenario/scenario.h"
#include "sim/station/station_db.h"

namespace akichi::sim::station_db_test {
namespace {

namespace fs = std::filesystem;

std::string data(const std::string& name) {
  return std::string(AKICHI_TEST_DATA_DIR) + "/stations/" + name;
}

class StationDb : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("akichi_stations_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Writes `text` into the test's folder; returns the path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  /// The [[incumbent]] and [[licensee_station]] tables of a TOML file.
  std::vector<Station> from_toml(const std::string& path) const {
    const toml::table root = toml::parse_file(path);
    const toml_in::Context ctx{path, fs::path(path).parent_path()};
    const toml_in::Section top(ctx, root, "");
    std::vector<Station> out = parse_station_tables(top, "incumbent", source_);
    for (Station& s : parse_station_tables(top, "licensee_station", source_))
      out.push_back(std::move(s));
    return out;
  }

  /// The [[key]] tables of a TOML text written into the test's folder, read with `source`.
  std::vector<Station> tables(const std::string& text, const std::string& key,
                              const StationSource& source) const {
    const std::string path = write("t.toml", text);
    const toml::table root = toml::parse(text, path);
    const toml_in::Context ctx{path, dir_};
    return parse_station_tables(toml_in::Section(ctx, root, ""), key, source);
  }

  /// The message of the InputError `f` throws.
  template <typename F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  std::string csv_error(const std::string& text) const {
    const std::string p = write("f.csv", text);
    return error_of([&] { read_station_list(p, source_); });
  }
  std::string csv_path() const { return (dir_ / "f.csv").string(); }

  fs::path dir_;
  prop::Crs crs_ = prop::Crs::from_epsg(32654);
  StationSource source_{crs_, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
};

// Every value of two stations, positions to 1e-6 m / 1e-9 degrees (the GeoJSON gives WGS 84
// points where the TOML gives x_m, y_m: one more conversion), everything else exactly.
void expect_same(const Station& a, const Station& b) {
  SCOPED_TRACE(a.id + " vs " + b.id + " (" + b.defined_at + ")");
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.role, b.role);
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.licensee, b.licensee);
  EXPECT_EQ(a.tdd, b.tdd);
  EXPECT_EQ(a.tdd_overlap, b.tdd_overlap);
  EXPECT_NEAR(a.x_m, b.x_m, 1e-6);
  EXPECT_NEAR(a.y_m, b.y_m, 1e-6);
  EXPECT_NEAR(a.lon_deg, b.lon_deg, 1e-9);
  EXPECT_NEAR(a.lat_deg, b.lat_deg, 1e-9);
  EXPECT_EQ(a.height_m, b.height_m);
  EXPECT_EQ(a.freq_lo_Hz, b.freq_lo_Hz);
  EXPECT_EQ(a.freq_hi_Hz, b.freq_hi_Hz);
  EXPECT_EQ(a.freq_Hz, b.freq_Hz);
  EXPECT_EQ(a.bandwidth_Hz, b.bandwidth_Hz);
  EXPECT_EQ(a.indoor, b.indoor);
  EXPECT_EQ(a.indoor_auto, b.indoor_auto);
  EXPECT_EQ(a.receives, b.receives);
  EXPECT_EQ(a.transmits, b.transmits);
  EXPECT_TRUE(a.eirp_dBm == b.eirp_dBm || (std::isnan(a.eirp_dBm) && std::isnan(b.eirp_dBm)));
  EXPECT_EQ(a.tx_power_dBm, b.tx_power_dBm);
  EXPECT_EQ(a.noise_figure_dB, b.noise_figure_dB);
  EXPECT_EQ(a.noise_temperature_K, b.noise_temperature_K);
  EXPECT_EQ(a.feeder_loss_dB, b.feeder_loss_dB);
  EXPECT_EQ(a.antenna.type, b.antenna.type);
  EXPECT_EQ(a.antenna.gain_dBi, b.antenna.gain_dBi);
  EXPECT_EQ(a.antenna.azimuth_deg, b.antenna.azimuth_deg);
  EXPECT_EQ(a.antenna.downtilt_deg, b.antenna.downtilt_deg);
  EXPECT_EQ(a.antenna.hpbw_h_deg, b.antenna.hpbw_h_deg);
  EXPECT_EQ(a.antenna.hpbw_v_deg, b.antenna.hpbw_v_deg);
  EXPECT_EQ(a.antenna.front_to_back_dB, b.antenna.front_to_back_dB);
  EXPECT_EQ(a.antenna.sla_v_dB, b.antenna.sla_v_dB);
  EXPECT_EQ(a.antenna.pattern_path, b.antenna.pattern_path);
  EXPECT_EQ(a.criterion.kind, b.criterion.kind);
  EXPECT_EQ(a.criterion.i_over_n_dB, b.criterion.i_over_n_dB);
  EXPECT_EQ(a.criterion.power_dBm, b.criterion.power_dBm);
  EXPECT_EQ(a.criterion.ref_bandwidth_Hz, b.criterion.ref_bandwidth_Hz);
  EXPECT_EQ(a.criterion.time_percent, b.criterion.time_percent);
  EXPECT_EQ(a.schedule, b.schedule);
}

TEST_F(StationDb, TomlTablesGiveTheStatedValues) {
  const std::vector<Station> st = from_toml(data("stations.toml"));
  ASSERT_EQ(st.size(), 5u);

  const Station& rx = st[0];
  EXPECT_EQ(rx.id, "fixed-rx-1");
  EXPECT_EQ(rx.role, StationRole::Incumbent);
  EXPECT_EQ(rx.service, "public-service fixed");
  EXPECT_EQ(rx.freq_lo_Hz, 4900e6);
  EXPECT_EQ(rx.freq_hi_Hz, 4940e6);
  EXPECT_TRUE(rx.receives);
  EXPECT_FALSE(rx.transmits);
  EXPECT_TRUE(std::isnan(rx.eirp_dBm));
  EXPECT_EQ(rx.criterion.kind, ProtectionCriterion::Kind::IOverN);
  EXPECT_EQ(rx.criterion.i_over_n_dB, -6);
  EXPECT_EQ(rx.noise_figure_dB, 5.0);
  EXPECT_EQ(rx.feeder_loss_dB, 2);
  EXPECT_EQ(rx.schedule, (std::vector<std::string>{"mon-fri 08:00-12:00", "mon-fri 13:00-18:00"}));
  EXPECT_EQ(rx.antenna.type, "3gpp_sector");
  EXPECT_EQ(rx.antenna.gain_dBi, 20);
  EXPECT_EQ(rx.antenna.sla_v_dB, 30);  // the TR 38.901 default
  EXPECT_EQ(rx.defined_at, data("stations.toml") + ":3:1");
  EXPECT_EQ(rx.source, "scenario");
  // N = kT0 B F over the 40 MHz band: -173.975 + 10 log10(40e6) + 5 = -92.953 dBm; limit N - 6.
  EXPECT_NEAR(interference_limit_dBm(rx), -173.975 + 10 * std::log10(40e6) + 5 - 6, 1e-3);

  const Station& es = st[1];
  EXPECT_EQ(es.x_m, 390000);
  EXPECT_EQ(es.y_m, 3950000);
  EXPECT_EQ(es.freq_lo_Hz, 4732e6);
  EXPECT_EQ(es.freq_hi_Hz, 4768e6);
  EXPECT_EQ(es.eirp_dBm, 40);  // tx_power_dBm 30 + isotropic gain 10 dBi
  EXPECT_EQ(es.tx_power_dBm, 30.0);
  EXPECT_FALSE(es.receives);

  const Station& tx = st[2];
  EXPECT_EQ(tx.antenna.type, "msi");
  EXPECT_EQ(tx.antenna.pattern_path,
            fs::path(std::string(AKICHI_TEST_DATA_DIR) + "/antenna/tr38901_like.msi")
                .lexically_normal()
                .string());
  EXPECT_EQ(tx.antenna.azimuth_deg, 270);  // -90 folded into [0, 360)
  EXPECT_TRUE(std::isnan(tx.eirp_dBm));    // msi: completed from the pattern's gain later
  EXPECT_EQ(tx.licensee, "");

  const Station& a = st[3];
  EXPECT_EQ(a.role, StationRole::Local5gBase);
  EXPECT_EQ(a.tdd, TddMode::Synchronous);
  EXPECT_EQ(a.eirp_dBm, 32);  // 24 dBm + 8 dBi (3gpp_sector default gain)
  EXPECT_EQ(a.freq_lo_Hz, 4800e6);
  EXPECT_EQ(a.freq_hi_Hz, 4900e6);

  const Station& b = st[4];
  EXPECT_EQ(b.licensee, "Beta Campus");
  EXPECT_EQ(b.tdd, TddMode::QuasiSynchronous);
  EXPECT_EQ(b.tdd_overlap, 0.25);
  EXPECT_TRUE(b.receives);
  EXPECT_TRUE(b.transmits);
  EXPECT_EQ(b.criterion.kind, ProtectionCriterion::Kind::Power);
  EXPECT_EQ(b.criterion.ref_bandwidth_Hz, 1e6);
  EXPECT_EQ(b.criterion.time_percent, 20.0);
  EXPECT_EQ(b.antenna.type, "isotropic");
  // -110 dBm/MHz over 100 MHz: -90 dBm.
  EXPECT_NEAR(interference_limit_dBm(b), -90, 1e-12);
  EXPECT_EQ(b.schedule, std::vector<std::string>{"daily 07:00-22:00"});
}

TEST_F(StationDb, CsvAndGeoJsonListsEqualTheTomlTables) {
  const std::vector<Station> toml = from_toml(data("stations.toml"));
  const std::vector<Station> csv = read_station_list(data("stations.csv"), source_);
  const std::vector<Station> geo = read_station_list(data("stations.geojson"), source_);
  ASSERT_EQ(csv.size(), toml.size());
  ASSERT_EQ(geo.size(), toml.size());
  for (std::size_t i = 0; i < toml.size(); ++i) {
    expect_same(toml[i], csv[i]);
    expect_same(toml[i], geo[i]);
  }
  EXPECT_EQ(csv[0].defined_at,
            data("stations.csv") + ":row 3 (station \"fixed-rx-1\")");  // line 1 is a comment
  EXPECT_EQ(csv[0].where.line, 3);
  EXPECT_EQ(csv[0].source, data("stations.csv"));
  EXPECT_EQ(geo[4].defined_at, data("stations.geojson") + ": feature 4 (station \"l5g-b-1\")");
  // One database over all sources: the same ids twice are refused.
  std::vector<Station> all = toml;
  all.insert(all.end(), csv.begin(), csv.end());
  EXPECT_EQ(error_of([&] { check_unique_ids(all); }),
            data("stations.csv") +
                ":row 3 (station \"fixed-rx-1\"): id: found \"fixed-rx-1\", already the id of the "
                "station at " +
                data("stations.toml") +
                ":3:1, expected an id used once over the scenario and every station list");
}

TEST_F(StationDb, LatLonToUtm54nAsGdalTransforms) {
  const std::string p = write("p.csv",
                              "id,role,lat_deg,lon_deg,height_m,freq_MHz,bandwidth_MHz,eirp_dBm\n"
                              "a,incumbent,35.69,139.75,10,4800,100,40\n");
  const Station s = read_station_list(p, source_).at(0);
  // GDAL's own conversion (EPSG:4326 -> EPSG:32654, traditional lon/lat order)...
  OGRSpatialReference wgs, utm;
  wgs.importFromEPSG(4326);
  utm.importFromEPSG(32654);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &utm));
  ASSERT_TRUE(ct);
  double x = 139.75, y = 35.69;
  ASSERT_TRUE(ct->Transform(1, &x, &y));
  EXPECT_NEAR(s.x_m, x, 1e-6);
  EXPECT_NEAR(s.y_m, y, 1e-6);
  // ... and `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32654` (GDAL 3.6, PROJ 9.1).
  EXPECT_NEAR(s.x_m, 386898.3200568, 1e-3);
  EXPECT_NEAR(s.y_m, 3950285.64603833, 1e-3);
  EXPECT_EQ(s.lon_deg, 139.75);
  EXPECT_EQ(s.lat_deg, 35.69);
}

const std::string kHeader = "id,role,lat_deg,lon_deg,height_m,freq_MHz,bandwidth_MHz,eirp_dBm\n";
const std::string kRow = "a,incumbent,35.68,139.76,10,4800,100,40\n";

TEST_F(StationDb, CsvMissingColumn) {
  EXPECT_EQ(csv_error("id,role,lat_deg,lon_deg,freq_MHz,bandwidth_MHz,eirp_dBm\n"
                      "a,incumbent,35.68,139.76,4800,100,40\n"),
            csv_path() +
                ":row 2 (station \"a\"): column height_m: found no value, expected a number > 0 "
                "(m above ground)");
  // An empty cell is the same as no column for that row.
  EXPECT_EQ(csv_error(kHeader + kRow + "b,incumbent,35.68,139.76,,4800,100,40\n"),
            csv_path() +
                ":row 3 (station \"b\"): column height_m: found no value, expected a number > 0 "
                "(m above ground)");
}

TEST_F(StationDb, CsvUnknownColumnWithDidYouMean) {
  const std::string e =
      csv_error("id,role,lat_deg,lon_deg,heigth_m,freq_MHz,bandwidth_MHz,eirp_dBm\n" + kRow);
  const std::string start = csv_path() +
                            ":row 1: column heigth_m: found an unknown column, "
                            "expected one of id, role, service, ";
  EXPECT_EQ(e.substr(0, start.size()), start);
  const std::string end = ", antenna.k_h, antenna.k_v (did you mean 'height_m'?)";
  ASSERT_GT(e.size(), end.size());
  EXPECT_EQ(e.substr(e.size() - end.size()), end);
}

TEST_F(StationDb, CsvUnitLikeColumn) {
  EXPECT_EQ(csv_error("id,role,lat_deg,lon_deg,height_ft,freq_MHz,bandwidth_MHz,eirp_dBm\n" + kRow),
            csv_path() +
                ":row 1: column height_ft: found an unknown column, expected height in a "
                "unit accepted for it, the unit being part of the name: height_m (did "
                "you mean 'height_m'?)");
  EXPECT_EQ(csv_error("id,role,lat_deg,lon_deg,height_m,freq_kHz,bandwidth_MHz,eirp_dBm\n" + kRow),
            csv_path() +
                ":row 1: column freq_kHz: found an unknown column, expected freq in a "
                "unit accepted for it, the unit being part of the name: freq_Hz, "
                "freq_MHz, freq_GHz (did you mean 'freq_Hz'?)");
}

TEST_F(StationDb, CsvBadNumberNamesTheRowAsTheUserSeesIt) {
  EXPECT_EQ(csv_error(kHeader + kRow + "b,incumbent,35.68,139.76,abc,4800,100,40\n"),
            csv_path() +
                ":row 3 (station \"b\"): column height_m: found \"abc\", expected a number > 0 "
                "(m above ground)");
  // Comment and blank lines count: rows are the lines of the file.
  EXPECT_EQ(csv_error("# list\n\n" + kHeader + kRow + "b,incumbent,35.68,139.76,-2,4800,100,40\n"),
            csv_path() +
                ":row 5 (station \"b\"): column height_m: found -2, expected a number > 0 "
                "(m above ground)");
  EXPECT_EQ(
      csv_error(kHeader + "b,incumbent,35.68,139.76,10,4800,100,40dBm\n"),
      csv_path() +
          ":row 2 (station \"b\"): column eirp_dBm: found \"40dBm\", expected a number (dBm)");
}

TEST_F(StationDb, DuplicateIds) {
  EXPECT_EQ(csv_error(kHeader + kRow + kRow),
            csv_path() +
                ":row 3 (station \"a\"): id: found \"a\", already the id of the station at " +
                csv_path() +
                ":row 2 (station \"a\"), expected an id used once over the scenario and every "
                "station list");
  const std::string toml = write("s.toml",
                                 "[[incumbent]]\nid = \"a\"\nlat_deg = 35.68\nlon_deg = 139.76\n"
                                 "height_m = 10\nfreq_MHz = 4800\nbandwidth_MHz = 100\n"
                                 "eirp_dBm = 40\n");
  std::vector<Station> all = from_toml(toml);
  const std::string list = write("l.csv", kHeader + kRow);
  for (Station& s : read_station_list(list, source_)) all.push_back(std::move(s));
  EXPECT_EQ(error_of([&] { check_unique_ids(all); }),
            list + ":row 2 (station \"a\"): id: found \"a\", already the id of the station at " +
                toml + ":1:1, expected an id used once over the scenario and every station list");
}

TEST_F(StationDb, OutsideTheStudyArea) {
  const std::string e = csv_error(
      "id,role,x_m,y_m,height_m,freq_MHz,bandwidth_MHz,eirp_dBm\n"
      "far,incumbent,400000,3950000,10,4800,100,40\n");
  const std::string start =
      csv_path() +
      ":row 2 (station \"far\"): station far: found position (400000.0, 3950000.0) m (lon ";
  EXPECT_EQ(e.substr(0, start.size()), start);
  const std::string end =
      "), outside the study area, expected a position inside the study area x [383000.0, "
      "393000.0] × y [3944000.0, 3954000.0] (m, WGS 84 / UTM zone 54N)";
  ASSERT_GT(e.size(), end.size());
  EXPECT_EQ(e.substr(e.size() - end.size()), end);
}

TEST_F(StationDb, BothOrNeitherAlternatives) {
  const std::string h =
      "id,role,lat_deg,lon_deg,x_m,y_m,height_m,freq_MHz,bandwidth_MHz,freq_lo_MHz,freq_hi_MHz,"
      "eirp_dBm,tx_power_dBm,i_over_n_dB,noise_figure_dB\n";
  EXPECT_EQ(csv_error(h + "a,incumbent,35.68,139.76,387000,,10,4800,100,,,40,,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): column x_m: found both lat_deg and x_m, expected either "
                "lat_deg, lon_deg, or x_m, y_m");
  EXPECT_EQ(csv_error(h + "a,incumbent,,,,,10,4800,100,,,40,,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): station a: found neither lat_deg, lon_deg nor x_m, y_m, "
                "expected either lat_deg, lon_deg, or x_m, y_m");
  EXPECT_EQ(csv_error(h + "a,incumbent,35.68,,,,10,4800,100,,,40,,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): column lon_deg: found no value, expected lon_deg together "
                "with lat_deg");
  EXPECT_EQ(
      csv_error(h + "a,incumbent,35.68,139.76,,,10,4800,100,,,40,30,,\n"),
      csv_path() +
          ":row 2 (station \"a\"): column tx_power_dBm: found both eirp_dBm and tx_power_dBm, "
          "expected exactly one of eirp_dBm, tx_power_dBm");
  EXPECT_EQ(csv_error(h + "a,incumbent,35.68,139.76,,,10,,100,4700,4800,40,,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): column bandwidth_MHz: found both freq_lo_MHz and "
                "bandwidth_MHz, expected either freq_lo_<unit> and freq_hi_<unit>, or "
                "freq_<unit> and bandwidth_<unit> (unit Hz, MHz or GHz)");
  EXPECT_EQ(csv_error(h + "a,incumbent,35.68,139.76,,,10,,,4800,4700,40,,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): column freq_hi_MHz: found 4700 MHz, expected a "
                "frequency above freq_lo_MHz = 4800 MHz");
  EXPECT_EQ(csv_error(h + "a,incumbent,35.68,139.76,,,10,4800,100,,,,,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): station a: found neither a transmitter (eirp_dBm or "
                "tx_power_dBm) nor a protection criterion (i_over_n_dB or "
                "interference_dBm), expected at least one of them: a station transmits, "
                "is protected, or both");
  EXPECT_EQ(
      csv_error(h + "a,incumbent,35.68,139.76,,,10,4800,100,,,,,-6,\n"),
      csv_path() +
          ":row 2 (station \"a\"): column i_over_n_dB: found an I/N criterion without a receiver "
          "noise, expected noise_figure_dB or noise_temperature_K with i_over_n_dB");
}

TEST_F(StationDb, RolesTddAndAntennaChecks) {
  const std::string h =
      "id,role,licensee,tdd,tdd_overlap,lat_deg,lon_deg,height_m,freq_MHz,bandwidth_MHz,eirp_dBm,"
      "antenna.type,antenna.azimuth_deg\n";
  EXPECT_EQ(
      csv_error(h + "a,local5g_base,,synchronous,,35.68,139.76,10,4800,100,40,,\n"),
      csv_path() +
          ":row 2 (station \"a\"): column licensee: found no value, expected a licensee name: "
          "required for role \"local5g_base\"");
  EXPECT_EQ(csv_error(h + "a,local5g_terminal,L,,,35.68,139.76,10,4800,100,40,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): column tdd: found no value, expected one of \"none\", "
                "\"synchronous\", \"quasi_synchronous\", \"unsynchronised\": required "
                "for role \"local5g_terminal\"");
  EXPECT_EQ(
      csv_error(h + "a,local5g_base,L,quasi_synchronous,1.5,35.68,139.76,10,4800,100,40,,\n"),
      csv_path() +
          ":row 2 (station \"a\"): column tdd_overlap: found 1.5, expected a number in (0, 1] "
          "(fraction of the frame)");
  EXPECT_EQ(
      csv_error(h + "a,local5g_base,L,synchronus,,35.68,139.76,10,4800,100,40,,\n"),
      csv_path() +
          ":row 2 (station \"a\"): column tdd: found \"synchronus\", expected one of \"none\", "
          "\"synchronous\", \"quasi_synchronous\", \"unsynchronised\" (did you "
          "mean \"synchronous\"?)");
  EXPECT_EQ(csv_error(h + "a,incumbant,,,,35.68,139.76,10,4800,100,40,,\n"),
            csv_path() +
                ":row 2 (station \"a\"): column role: found \"incumbant\", expected one of "
                "\"incumbent\", \"local5g_base\", \"local5g_terminal\" (did you mean "
                "\"incumbent\"?)");
  EXPECT_EQ(csv_error(h + "a,incumbent,,,,35.68,139.76,10,4800,100,40,isotropic,30\n"),
            csv_path() +
                ":row 2 (station \"a\"): column antenna.azimuth_deg: found column "
                "'antenna.azimuth_deg', not used with antenna.type = \"isotropic\", "
                "expected one of antenna.type, antenna.gain_dBi");
  EXPECT_EQ(
      csv_error(h + "a,incumbent,,,,35.68,139.76,10,4800,100,40,msi,30\n"),
      csv_path() +
          ":row 2 (station \"a\"): column antenna.pattern: found no value, expected the path of "
          "an MSI / Planet antenna pattern file");
}

TEST_F(StationDb, TomlErrorsNameLineAndColumn) {
  const std::string p = write("s.toml",
                              "[[incumbent]]\nid = \"a\"\nlat_deg = 35.68\nlon_deg = 139.76\n"
                              "height_m = \"abc\"\nfreq_MHz = 4800\nbandwidth_MHz = 100\n"
                              "eirp_dBm = 40\n");
  EXPECT_EQ(error_of([&] { from_toml(p); }),
            p + ":5:12: incumbent[0].height_m: found \"abc\" (string), expected a number > 0 "
                "(m above ground)");
  const std::string q = write("t.toml",
                              "[[licensee_station]]\nid = \"a\"\nrole = \"local5g_base\"\n"
                              "licensee = \"L\"\ntdd = \"none\"\nlat_deg = 35.68\n"
                              "lon_deg = 139.76\nheight_m = 10\nfreq_MHz = 4800\n"
                              "bandwidth_MHz = 100\neirp_dBm = 40\n"
                              "antenna = { type = \"3gpp_sector\", tilt_deg = 3 }\n");
  const std::string e = error_of([&] { from_toml(q); });
  const std::string start = q +
                            ":12:46: licensee_station[0].antenna.tilt_deg: found an unknown "
                            "key, expected one of id, ";
  EXPECT_EQ(e.substr(0, start.size()), start);
  EXPECT_NE(e.find("(did you mean 'antenna.downtilt_deg'?)"), std::string::npos) << e;
  // [[incumbent]] tables are incumbents.
  const std::string r = write("u.toml",
                              "[[incumbent]]\nid = \"a\"\nrole = \"local5g_base\"\n"
                              "lat_deg = 35.68\nlon_deg = 139.76\nheight_m = 10\n"
                              "freq_MHz = 4800\nbandwidth_MHz = 100\neirp_dBm = 40\n");
  EXPECT_EQ(error_of([&] { from_toml(r); }),
            r + ":3:8: incumbent[0].role: found \"local5g_base\", expected \"incumbent\" (the "
                "role of this table; it may be left out)");
}

TEST_F(StationDb, OgrErrorsNameTheFeature) {
  const std::string head = R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [139.76, 35.68]},
 "properties": {"id": "a", "role": "incumbent", "height_m": 10, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}},
)";
  const std::string bad_height = write("h.geojson", head + R"(
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [139.76, 35.68]},
 "properties": {"id": "b", "role": "incumbent", "height_m": -3, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}}
]})");
  EXPECT_EQ(error_of([&] { read_station_list(bad_height, source_); }),
            bad_height +
                ": feature 1 (station \"b\"): field height_m: found -3, expected a number > 0 "
                "(m above ground)");
  const std::string line = write("l.geojson", head + R"(
{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[139.76, 35.68], [139.77, 35.68]]},
 "properties": {"id": "b", "role": "incumbent", "height_m": 10, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}}
]})");
  EXPECT_EQ(error_of([&] { read_station_list(line, source_); }),
            line +
                ": feature 1 (station \"b\"): geometry: found Line String, expected a Point (or no "
                "geometry "
                "and lat_deg, lon_deg or x_m, y_m fields)");
  const std::string both = write("b.geojson", head + R"(
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [139.76, 35.68]},
 "properties": {"id": "b", "role": "incumbent", "lat_deg": 35.68, "height_m": 10, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}}
]})");
  EXPECT_EQ(
      error_of([&] { read_station_list(both, source_); }),
      both +
          ": feature 1 (station \"b\"): field lat_deg: found both a point geometry and lat_deg, "
          "expected the position once: the feature's point geometry");
  const std::string unknown = write("u.geojson", R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [139.76, 35.68]},
 "properties": {"id": "a", "role": "incumbent", "height_ft": 30, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}}
]})");
  EXPECT_EQ(error_of([&] { read_station_list(unknown, source_); }),
            unknown +
                ": layer u: field height_ft: found an unknown field, expected height in a "
                "unit accepted for it, the unit being part of the name: height_m (did you "
                "mean 'height_m'?)");
}

TEST_F(StationDb, OgrPointsInAnotherCrsAreConverted) {
  // A GeoJSON in EPSG:32654 itself (legacy "crs" member): positions kept, lon/lat derived.
  const std::string p = write("utm.geojson", R"({"type": "FeatureCollection",
"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32654"}},
"features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [386898.3200568, 3950285.64603833]},
 "properties": {"id": "a", "role": "incumbent", "height_m": 10, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}}
]})");
  const Station s = read_station_list(p, source_).at(0);
  EXPECT_NEAR(s.x_m, 386898.3200568, 1e-6);
  EXPECT_NEAR(s.y_m, 3950285.64603833, 1e-6);
  EXPECT_NEAR(s.lon_deg, 139.75, 1e-9);
  EXPECT_NEAR(s.lat_deg, 35.69, 1e-9);
}

TEST_F(StationDb, GeoPackageWithoutCrsIsWgs84) {
  GDALAllRegister();
  const std::string p = (dir_ / "list.gpkg").string();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(drv, nullptr);
    struct Closer {
      void operator()(GDALDataset* d) const { GDALClose(d); }
    };
    std::unique_ptr<GDALDataset, Closer> ds(drv->Create(p.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->CreateLayer("stations", nullptr, wkbPoint, nullptr);
    ASSERT_NE(layer, nullptr);
    for (const char* name : {"id", "role", "antenna.type"}) {
      OGRFieldDefn f(name, OFTString);
      ASSERT_EQ(layer->CreateField(&f), OGRERR_NONE);
    }
    for (const char* name : {"height_m", "freq_MHz", "bandwidth_MHz", "eirp_dBm"}) {
      OGRFieldDefn f(name, OFTReal);
      ASSERT_EQ(layer->CreateField(&f), OGRERR_NONE);
    }
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("id", "gp-1");
    f.SetField("role", "incumbent");
    f.SetField("antenna.type", "isotropic");
    f.SetField("height_m", 25.0);
    f.SetField("freq_MHz", 4800.0);
    f.SetField("bandwidth_MHz", 100.0);
    f.SetField("eirp_dBm", 45.5);
    OGRPoint pt(139.75, 35.69);
    f.SetGeometry(&pt);
    ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  }
  const std::vector<Station> st = read_station_list(p, source_);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].id, "gp-1");
  EXPECT_EQ(st[0].eirp_dBm, 45.5);
  EXPECT_EQ(st[0].height_m, 25);
  EXPECT_NEAR(st[0].x_m, 386898.3200568, 1e-3);  // as gdaltransform, above
  EXPECT_NEAR(st[0].y_m, 3950285.64603833, 1e-3);
  EXPECT_EQ(st[0].defined_at, p + ": feature 1 (station \"gp-1\")");  // GeoPackage ids count from 1
}

// The record-based antenna parser has the keys and defaults of the scenario's
// [[station]].antenna table: the same table gives the same AntennaConfig.
TEST_F(StationDb, AntennaAsTheScenarioReadsIt) {
  const std::string head = R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
model = "free_space"
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
)";
  for (const std::string& antenna : std::vector<std::string>{
           "", "antenna = { type = \"isotropic\", gain_dBi = 3 }\n",
           "antenna = { type = \"3gpp_sector\" }\n",
           "antenna = { type = \"3gpp_sector\", gain_dBi = 12, azimuth_deg = -30, downtilt_deg = "
           "4, "
           "hpbw_h_deg = 70, hpbw_v_deg = 10, front_to_back_dB = 25, sla_v_dB = 20 }\n",
           "antenna = { type = \"msi\", pattern = \"" + data("../antenna/tr38901_like.msi") +
               "\", azimuth_deg = 350, downtilt_deg = -2 }\n"}) {
    SCOPED_TRACE(antenna);
    const std::string text = head + antenna;
    const std::string path = write("s.toml", text);
    const prop::AntennaConfig want = parse_scenario(text, path).stations.planned()[0].antenna;
    const toml::table root = toml::parse(text, path);
    const toml_in::Context ctx{path, dir_};
    const toml_in::Section s(ctx, *root["station"].as_array()->get(0)->as_table(), "station[0]");
    const prop::AntennaConfig got = parse_antenna(record_from_toml(s), "antenna.");
    EXPECT_EQ(got.type, want.type);
    EXPECT_EQ(got.gain_dBi, want.gain_dBi);
    EXPECT_EQ(got.azimuth_deg, want.azimuth_deg);
    EXPECT_EQ(got.downtilt_deg, want.downtilt_deg);
    EXPECT_EQ(got.hpbw_h_deg, want.hpbw_h_deg);
    EXPECT_EQ(got.hpbw_v_deg, want.hpbw_v_deg);
    EXPECT_EQ(got.front_to_back_dB, want.front_to_back_dB);
    EXPECT_EQ(got.sla_v_dB, want.sla_v_dB);
    EXPECT_EQ(got.pattern_path, want.pattern_path);
  }
}

// Planned stations ([[station]]) are Stations of role "planned" read by the same parser: the
// keys they share with a database station give the same values.
TEST_F(StationDb, PlannedTablesAreReadByTheOneParser) {
  const std::string keys =
      "id = \"a\"\nlicensee = \"L\"\ntdd = \"quasi_synchronous\"\ntdd_overlap = 0.5\n"
      "x_m = 387000\ny_m = 3950000\nheight_m = 12\nfreq_MHz = 4850\nbandwidth_MHz = 100\n"
      "tx_power_dBm = 20\nschedule = \"mon-fri 08:00-18:00\"\n"
      "antenna = { type = \"3gpp_sector\", azimuth_deg = -30, downtilt_deg = 4 }\n";
  const std::vector<Station> planned = tables("[[station]]\n" + keys, "station", source_);
  const std::vector<Station> db =
      tables("[[licensee_station]]\nrole = \"local5g_base\"\n" + keys, "licensee_station", source_);
  ASSERT_EQ(planned.size(), 1u);
  ASSERT_EQ(db.size(), 1u);
  const Station& p = planned[0];
  EXPECT_EQ(p.role, StationRole::PlannedBase);
  EXPECT_TRUE(p.planned());
  EXPECT_EQ(std::string(role_name(p.role)), "planned");
  EXPECT_EQ(p.source, "scenario");
  EXPECT_EQ(p.field, "station[0]");
  EXPECT_EQ(p.freq_Hz, 4850e6);
  EXPECT_EQ(p.bandwidth_Hz, 100e6);
  EXPECT_EQ(p.freq_lo_Hz, 4800e6);
  EXPECT_EQ(p.freq_hi_Hz, 4900e6);
  EXPECT_EQ(p.eirp_dBm, 28.0);  // tx power + the sector's default 8 dBi
  EXPECT_EQ(p.antenna.freq_Hz, p.freq_Hz);
  Station d = db[0];
  EXPECT_EQ(d.role, StationRole::Local5gBase);
  d.role = p.role;
  expect_same(p, d);

  // Planned defaults: licensee "planned", synchronous TDD, outdoors.
  const std::vector<Station> bare = tables(
      "[[station]]\nid = \"b\"\nx_m = 387000\ny_m = 3950000\nheight_m = 12\n"
      "freq_GHz = 4.85\nbandwidth_Hz = 1e8\neirp_dBm = 40\n",
      "station", source_);
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0].licensee, "planned");
  EXPECT_EQ(bare[0].tdd, TddMode::Synchronous);
  EXPECT_FALSE(bare[0].indoor);
  EXPECT_FALSE(bare[0].indoor_auto);
  EXPECT_TRUE(bare[0].transmits);
  EXPECT_FALSE(bare[0].receives);
}

TEST_F(StationDb, PlannedAndDatabaseKeysDiffer) {
  const std::string pos = "x_m = 387000\ny_m = 3950000\nheight_m = 12\n";
  // A planned table has no role, no band edges and no protection criterion.
  EXPECT_NE(error_of([&] {
              tables("[[station]]\nid = \"a\"\nrole = \"local5g_base\"\n" + pos +
                         "freq_MHz = 4850\nbandwidth_MHz = 100\neirp_dBm = 40\n",
                     "station", source_);
            }).find(":3:8: station[0].role: found an unknown key"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              tables("[[station]]\nid = \"a\"\n" + pos +
                         "freq_lo_MHz = 4800\nfreq_hi_MHz = 4900\neirp_dBm = 40\n",
                     "station", source_);
            }).find("station[0].freq_hi_MHz: found an unknown key"),
            std::string::npos);
  // A planned station transmits: one of eirp_dBm, tx_power_dBm is required.
  EXPECT_NE(error_of([&] {
              tables("[[station]]\nid = \"a\"\n" + pos + "freq_MHz = 4850\nbandwidth_MHz = 100\n",
                     "station", source_);
            })
                .find("station[0].eirp_dBm|tx_power_dBm: found none of them, expected exactly one "
                      "of eirp_dBm, tx_power_dBm"),
            std::string::npos);
  // indoor is a planned station's key; database stations are placed by the footprints.
  EXPECT_EQ(csv_error("id,role,x_m,y_m,height_m,freq_MHz,bandwidth_MHz,eirp_dBm,indoor\n"
                      "a,incumbent,387000,3950000,10,4800,100,40,true\n")
                .find(csv_path() + ":row 1: column indoor: found an unknown column"),
            0u);
}

TEST_F(StationDb, IndoorFlags) {
  const std::string station =
      "[[station]]\nid = \"a\"\nx_m = 387000\ny_m = 3950000\n"
      "height_m = 12\nfreq_MHz = 4850\nbandwidth_MHz = 100\n"
      "eirp_dBm = 40\n";
  EXPECT_TRUE(tables(station + "indoor = true\n", "station", source_).at(0).indoor);
  EXPECT_FALSE(tables(station + "indoor = false\n", "station", source_).at(0).indoor);
  EXPECT_EQ(error_of([&] { tables(station + "indoor = \"auto\"\n", "station", source_); }),
            (dir_ / "t.toml").string() +
                ":9:10: station[0].indoor: found \"auto\" without a [buildings] table, expected "
                "true or false, or a [buildings] table for \"auto\"");
  EXPECT_EQ(error_of([&] { tables(station + "indoor = \"yes\"\n", "station", source_); }),
            (dir_ / "t.toml").string() +
                ":9:10: station[0].indoor: found \"yes\" (string), expected true, false or "
                "\"auto\" (from the [buildings] footprints)");
  StationSource with_buildings = source_;
  with_buildings.buildings = true;
  const Station a = tables(station + "indoor = \"auto\"\n", "station", with_buildings).at(0);
  EXPECT_TRUE(a.indoor_auto);
  EXPECT_FALSE(a.indoor);  // decided when the buildings are loaded
  // Database stations: "auto" exactly when the scenario has [buildings].
  const std::string list = write("l.csv", kHeader + kRow);
  EXPECT_FALSE(read_station_list(list, source_).at(0).indoor_auto);
  EXPECT_TRUE(read_station_list(list, with_buildings).at(0).indoor_auto);
}

TEST_F(StationDb, DuplicateIdsInScenarioTablesNameTheFirstTable) {
  const std::string a =
      "id = \"a\"\nlat_deg = 35.68\nlon_deg = 139.76\nheight_m = 10\n"
      "freq_MHz = 4800\nbandwidth_MHz = 100\neirp_dBm = 40\n";
  EXPECT_EQ(error_of([&] {
              tables("[[incumbent]]\n" + a + "[[incumbent]]\n" + a, "incumbent", source_);
            }),
            (dir_ / "t.toml").string() +
                ":10:6: incumbent[1].id: found \"a\" (already used by incumbent[0]), expected a "
                "unique id of letters, digits, '_', '.', '-'");
}

TEST_F(StationDb, UnicodeIdsOfAnyScript) {
  // Letters and digits of any script (the users of the tool write Japanese), '_', '.', '-'.
  for (const char* id :
       {"臨海工場-gNB1", "ローカル5G_基地局.2", "Zürich-1", "gnb-north", "Ωmega"}) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(toml_in::valid_id(id));
    const std::string t = std::string("[[incumbent]]\nid = \"") + id +
                          "\"\nlat_deg = 35.68\nlon_deg = 139.76\nheight_m = 10\n"
                          "freq_MHz = 4800\nbandwidth_MHz = 100\neirp_dBm = 40\n";
    EXPECT_EQ(tables(t, "incumbent", source_).at(0).id, id);
  }
  // A combining mark after a letter (e + U+0301) is part of the id; on its own it is not.
  EXPECT_TRUE(toml_in::valid_id("cafe\u0301"));
  EXPECT_FALSE(toml_in::valid_id("\u0301e"));
  // Spaces, punctuation, symbols, controls and malformed UTF-8 stay out
  for (const char* id : {"", "a b", "a/b", "工場・1", "5G\u2605", "a\tb", "\xff\xfe", "\xe8\x87"}) {
    SCOPED_TRACE(id);
    EXPECT_FALSE(toml_in::valid_id(id));
  }
}

TEST_F(StationDb, BooleansFromEverySource) {
  // TOML booleans stay booleans; a CSV cell "true" is read as one where a boolean is expected.
  Record csv("f.csv:row 2", {"f.csv", 2, 0}, "", Record::Naming::Column, {});
  RecordValue t;
  t.text = " true ";
  t.untyped = true;
  t.where = "f.csv:row 2";
  csv.set("flag", t);
  EXPECT_EQ(csv.boolean("flag", "true or false"), true);
  t.text = "yes";
  csv.set("flag", t);
  EXPECT_EQ(error_of([&] { csv.boolean("flag", "true or false"); }),
            "f.csv:row 2: column flag: found \"yes\", expected true or false");
  EXPECT_FALSE(csv.boolean("absent", "true or false").has_value());
  const std::string text = "[t]\nflag = false\nn = 3\n";
  const toml::table root = toml::parse(text, std::string("b.toml"));
  const toml_in::Context ctx{"b.toml", dir_};
  const Record r = record_from_toml(toml_in::Section(ctx, *root["t"].as_table(), "t"));
  EXPECT_EQ(r.boolean("flag", "true or false"), false);
  EXPECT_EQ(error_of([&] { r.boolean("n", "true or false"); }),
            "b.toml:3:5: t.n: found 3 (number), expected true or false");
  EXPECT_EQ(error_of([&] { r.number("flag", toml_in::any("m")); }),
            "b.toml:2:8: t.flag: found false (boolean), expected a number (m)");
}

}  // namespace
}  // namespace akichi::sim::station_db_test

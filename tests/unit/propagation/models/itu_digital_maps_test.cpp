// ITU-R digital maps (propagation/models/itu_digital_maps.h) on SYNTHETIC map files written by
// the tests (the ITU files DN50.TXT / N050.TXT are not redistributable): v = a + b lat + c lon on
// the 1.5 deg grid, which bilinear interpolation (P.1144-12 Annex 1 §1b) reproduces exactly
// inside the grid; wrap at longitude 360/0, poles, malformed files with their exact messages;
// the P.452-18 adapter, the scenario keys and the p2p path-centre look-up.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/engine/adapters/p452.h"
#include "propagation/models/itu_digital_maps.h"
#include "sim/input/csv.h"
#include "sim/p2p/p452.h"
#include "sim/scenario/scenario.h"

namespace akichi::prop::itu_maps::itu_digital_maps_test {
namespace {

constexpr double kA = 40.0, kB = 0.1, kC = 0.02;  // synthetic map a + b lat + c lon
constexpr double kExact = 1e-9;                   // bilinear on a linear map: rounding only

/// Map text on the DN50.TXT layout: rows lat 90..-90, columns lon 0..360, every 1.5 deg.
template <class F>
std::string map_text(F value) {
  std::string s;
  for (int r = 0; r <= 120; ++r) {
    for (int c = 0; c <= 240; ++c)
      s += fmt::format("{}{}", c ? " " : "", value(90.0 - 1.5 * r, 1.5 * c));
    s += "\n";
  }
  return s;
}
double linear(double lat, double lon) {
  return kA + kB * lat + kC * lon;
}

std::filesystem::path temp_dir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("akichi_itu_maps_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}
std::string write(const std::string& name, const std::string& text) {
  const std::string path = (temp_dir() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string parse_error(const std::string& text) {
  try {
    LatLonGrid::parse(text, "DN50.TXT");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ItuDigitalMaps, GridShapeAndValues) {
  const LatLonGrid g = LatLonGrid::read(write("lin.txt", map_text(linear)));
  EXPECT_EQ(g.rows(), 121u);
  EXPECT_EQ(g.cols(), 241u);
  EXPECT_DOUBLE_EQ(g.at(0, 0), linear(90, 0));
  EXPECT_DOUBLE_EQ(g.at(120, 240), linear(-90, 360));
  EXPECT_DOUBLE_EQ(g.at(2, 3), linear(87, 4.5));
}

TEST(ItuDigitalMaps, BilinearIsExactOnALinearMap) {
  const LatLonGrid g = LatLonGrid::parse(map_text(linear), "lin");
  for (double lat : {-89.9, -45.3, -0.7, 0.0, 12.34, 35.6, 60.01, 89.99}) {
    for (double lon : {0.0, 0.3, 1.5, 139.8, 200.123, 358.6, 359.999}) {
      EXPECT_NEAR(g.interpolate(lat, lon), linear(lat, lon), kExact) << lat << ", " << lon;
    }
  }
  // on a grid point the grid value itself
  EXPECT_DOUBLE_EQ(g.interpolate(31.5, 139.5), g.at(39, 93));
}

TEST(ItuDigitalMaps, LongitudeWrapsAt360) {
  const LatLonGrid g = LatLonGrid::parse(map_text(linear), "lin");
  EXPECT_NEAR(g.interpolate(10, -1.0), linear(10, 359.0), kExact);  // west longitudes
  EXPECT_NEAR(g.interpolate(10, -180.0), linear(10, 180.0), kExact);
  EXPECT_NEAR(g.interpolate(10, 360.0), linear(10, 0.0), kExact);  // 360 is 0
  EXPECT_NEAR(g.interpolate(10, 720.75), linear(10, 0.75), kExact);
  // a map periodic in longitude (column 360 = column 0) is continuous across the seam
  const LatLonGrid p = LatLonGrid::parse(map_text([](double lat, double lon) {
                                           return 300.0 + lat + 10.0 * std::cos(lon * M_PI / 180.0);
                                         }),
                                         "periodic");
  EXPECT_NEAR(p.interpolate(20, 359.9999), p.interpolate(20, 0.0), 1e-4);
  EXPECT_NEAR(p.interpolate(20, -0.0001), p.interpolate(20, 0.0001), 1e-4);
}

TEST(ItuDigitalMaps, Poles) {
  const LatLonGrid g = LatLonGrid::parse(map_text(linear), "lin");
  EXPECT_NEAR(g.interpolate(90, 77.7), linear(90, 77.7), kExact);    // first row
  EXPECT_NEAR(g.interpolate(-90, 77.7), linear(-90, 77.7), kExact);  // last row, last cell
  EXPECT_NEAR(g.interpolate(-90, 360.0), linear(-90, 0.0), kExact);
}

TEST(ItuDigitalMaps, MalformedFilesNameFileLineAndColumn) {
  const std::string good = map_text(linear);
  // a short row: line 3 holds 240 values
  std::string s = good;
  {
    const std::size_t l3 = s.find('\n', s.find('\n') + 1) + 1;  // start of line 3
    const std::size_t end = s.find('\n', l3);
    const std::size_t last_blank = s.rfind(' ', end);
    s.erase(last_blank, end - last_blank);
    const int width = static_cast<int>(last_blank - l3);
    EXPECT_EQ(parse_error(s),
              fmt::format("DN50.TXT:3:{}: row: found 240 values, expected 121 rows x 241 columns "
                          "(latitudes 90..-90 deg and longitudes 0..360 deg every 1.5 deg)",
                          width + 1));
  }
  // a value that is not a number: line 2, column 1
  s = good;
  s.replace(s.find('\n') + 1, 2, "x7");
  EXPECT_EQ(parse_error(s),
            "DN50.TXT:2:1: value: found 'x7" +
                s.substr(s.find('\n') + 3, s.find(' ', s.find('\n')) - s.find('\n') - 3) +
                "', expected a finite number");
  EXPECT_EQ(parse_error("1 nan\n"), "DN50.TXT:1:3: value: found 'nan', expected a finite number");
  EXPECT_EQ(parse_error("1 2,5\n"), "DN50.TXT:1:3: value: found '2,5', expected a finite number");
  // wrong row count: the last row left out, then one row too many
  s = good.substr(0, good.rfind('\n', good.size() - 2) + 1);
  EXPECT_EQ(parse_error(s),
            "DN50.TXT:120: rows: found 120, expected 121 rows x 241 columns "
            "(latitudes 90..-90 deg and longitudes 0..360 deg every 1.5 deg)");
  s = good + "1\n";
  EXPECT_EQ(parse_error(s),
            "DN50.TXT:122:1: rows: found more than 121, expected 121 rows x 241 columns "
            "(latitudes 90..-90 deg and longitudes 0..360 deg every 1.5 deg)");
  // one value too many on line 1
  s = good;
  s.insert(s.find('\n'), " 5");
  EXPECT_EQ(parse_error(s),
            "DN50.TXT:1:" + std::to_string(s.find('\n')) +
                ": row: found more than 241 values, expected 121 rows x 241 columns "
                "(latitudes 90..-90 deg and longitudes 0..360 deg every 1.5 deg)");
  // blank lines and CRLF line ends are accepted
  std::string crlf;
  for (char c : good) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_NO_THROW(LatLonGrid::parse("\n" + crlf + "\n\n", "crlf"));
  // a missing file
  try {
    LatLonGrid::read("/nonexistent/DN50.TXT");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/DN50.TXT: file: found a file that cannot be opened, expected a "
                 "readable ITU-R digital map");
  }
}

TEST(ItuDigitalMaps, GreatCircleMidpoint) {
  const LatLon m = great_circle_midpoint(0, 0, 90, 0);
  EXPECT_NEAR(m.lat_deg, 0, 1e-12);
  EXPECT_NEAR(m.lon_deg, 45, 1e-12);
  const LatLon m2 = great_circle_midpoint(10, 20, 10, 40);  // along a meridian
  EXPECT_NEAR(m2.lat_deg, 30, 1e-12);
  EXPECT_NEAR(m2.lon_deg, 10, 1e-12);
  const LatLon m3 = great_circle_midpoint(179, 0, -179, 0);  // across the antimeridian
  EXPECT_NEAR(std::fabs(m3.lon_deg), 180, 1e-9);
}

// The area engine reads the maps once, at the study-area centre. Self-generated bound: on a
// smooth synthetic map with a gradient of up to 0.7 N-units per degree (45 + 20 sin(2 lat)
// cos(lon)), the interpolated value over a 20 km x 20 km area differs from the centre value by
// at most 0.085 N-units (measured: below 0.07) at any of the centres tried.
TEST(ItuDigitalMaps, SelfGeneratedVariationOver20kmArea) {
  const LatLonGrid g = LatLonGrid::parse(map_text([](double lat, double lon) {
                                           return 45.0 + 20.0 * std::sin(2 * lat * M_PI / 180) *
                                                             std::cos(lon * M_PI / 180);
                                         }),
                                         "smooth");
  double worst = 0;
  for (double lat0 : {-60.0, -30.0, 0.0, 10.0, 35.6, 45.0, 60.0}) {
    for (double lon0 : {0.0, 47.0, 139.8, 271.3}) {
      const double c = g.interpolate(lat0, lon0);
      const double dlat = 10.0 / 111.195, dlon = dlat / std::cos(lat0 * M_PI / 180);  // +-10 km
      for (int i = -10; i <= 10; ++i) {
        for (int j = -10; j <= 10; ++j) {
          worst = std::max(
              worst, std::fabs(g.interpolate(lat0 + i * dlat / 10, lon0 + j * dlon / 10) - c));
        }
      }
    }
  }
  EXPECT_LT(worst, 0.085);
  EXPECT_GT(worst, 0.01);  // the area does see the map's variation
  RecordProperty("max_variation_N_units", fmt::format("{:.4f}", worst));
}

TEST(ItuDigitalMaps, AdapterUsesTheMapsAtTheStudyAreaCentre) {
  const std::string dn = write("dn.txt", map_text(linear));
  const std::string n0 =
      write("n0.txt", map_text([](double lat, double lon) { return 300 + lat + 0.1 * lon; }));
  P452Params p;
  p.delta_N = 10;  // replaced by the map
  p.delta_N_map = dn;
  p.N0_map = n0;
  p.latitude_deg = 35.6;
  p.longitude_deg = 139.8;
  const auto m = make_p452_18_model(p);
  const std::string d = m->describe();
  const double dn_c = LatLonGrid::read(dn).interpolate(35.6, 139.8);
  const double n0_c = LatLonGrid::read(n0).interpolate(35.6, 139.8);
  EXPECT_NEAR(dn_c, linear(35.6, 139.8), kExact);
  EXPECT_NEAR(n0_c, 300 + 35.6 + 0.1 * 139.8, kExact);
  EXPECT_NE(d.find(fmt::format("dN = {} N-units/km, N0 = {},", dn_c, n0_c)), std::string::npos)
      << d;
  // a map value outside P.452's domain names the map
  p.delta_N_map = write("bad.txt", map_text([](double, double) { return 200.0; }));
  try {
    make_p452_18_model(p);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "propagation.p452-18.delta_N_map: found 200 at (35.6, 139.8) in " + p.delta_N_map +
                  ", expected 0 < dN < 157 (N-units/km)");
  }
}

TEST(ItuDigitalMaps, ScenarioKeys) {
  const std::string dn = write("dn_s.txt", map_text(linear));
  auto scenario = [&](const std::string& keys) {
    return R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
model = "p452-18"
[propagation.p452-18]
)" + keys + R"(
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
)";
  };
  const sim::Scenario s = sim::parse_scenario(
      scenario("delta_N_map = \"" + dn + "\"\nN0 = 330\nlongitude_deg = 139.8"), "m.toml");
  EXPECT_EQ(s.model.p452.delta_N_map, dn);
  EXPECT_TRUE(s.model.p452.N0_map.empty());
  EXPECT_DOUBLE_EQ(s.model.p452.N0, 330);
  EXPECT_DOUBLE_EQ(s.model.p452.longitude_deg, 139.8);
  // a relative map path is taken from the scenario's folder
  const sim::Scenario r =
      sim::parse_scenario(scenario("N0_map = \"maps/N050.TXT\""), "/data/run/m.toml");
  EXPECT_EQ(r.model.p452.N0_map, "/data/run/maps/N050.TXT");
  // both a value and a map: an error naming both
  try {
    sim::parse_scenario(scenario("delta_N = 45\ndelta_N_map = \"" + dn + "\""), "m.toml");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "m.toml:10:1: propagation.p452-18.delta_N_map: found both delta_N and delta_N_map, "
              "expected exactly one of delta_N, delta_N_map");
  }
  try {
    sim::parse_scenario(scenario("N0_map = \"x\"\nN0 = 300"), "m.toml");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "m.toml:9:1: propagation.p452-18.N0_map: found both N0 and N0_map, expected exactly "
              "one of N0, N0_map");
  }
}

TEST(ItuDigitalMaps, P2pReadsTheMapsAtThePathCentre) {
  const std::string dir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p452-18/";
  const auto profile = sim::p2p::read_p452_profile(dir + "profiles/test_profile_land_70km.csv");
  const auto table = sim::CsvTable::read(dir + "results/test_result_land_70km.csv");
  sim::p2p::P452Maps maps;
  maps.delta_N = LatLonGrid::parse(map_text(linear), "dn");
  const auto c = sim::p2p::p452_case(table, 0, profile, maps);
  const LatLon mid = great_circle_midpoint(c.path.phit_e_deg, c.path.phit_n_deg, c.path.phir_e_deg,
                                           c.path.phir_n_deg);
  double lon = std::fmod(mid.lon_deg, 360.0);
  if (lon < 0) lon += 360.0;
  EXPECT_NEAR(c.path.delta_N, linear(mid.lat_deg, lon), kExact);
  EXPECT_DOUBLE_EQ(c.path.N0, table.number(0, table.column("N0")));  // no N0 map: the column
  // the path centre lies between the terminals
  EXPECT_GT(mid.lat_deg, std::min(c.path.phit_n_deg, c.path.phir_n_deg));
  EXPECT_LT(mid.lat_deg, std::max(c.path.phit_n_deg, c.path.phir_n_deg));
}

}  // namespace
}  // namespace akichi::prop::itu_maps::itu_digital_maps_test

// [station.antenna] with type "s465" / "s580": the scenario keys, their defaults and errors,
// and the path from the scenario to a built antenna (frequency and GSO pointing set by the
// caller, EIRP completed with the pattern's maximum gain).
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::earth_station_scenario_test {
namespace {

std::string scenario(const std::string& antenna_lines, const std::string& power_line) {
  return R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
model = "free_space"
[[station]]
id = "es-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 10
freq_GHz = 28.5
bandwidth_MHz = 100
)" + power_line +
         "\n[station.antenna]\n" + antenna_lines;
}

void expect_error(const std::string& text, const std::vector<std::string>& parts) {
  try {
    parse_scenario(text, "dir/s.toml");
    ADD_FAILURE() << "no InputError for:\n" << text;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("dir/s.toml:", 0), 0u) << msg;
    for (const auto& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

TEST(EarthStationScenario, AzimuthElevationAndEfficiencyDefault) {
  const Scenario sc = parse_scenario(
      scenario("type = \"s465\"\ndiameter_m = 2.4\nazimuth_deg = -160\nelevation_deg = 48\n",
               "tx_power_dBm = 10"),
      "dir/s.toml");
  ASSERT_EQ(sc.stations.planned().size(), 1u);
  Station st = sc.stations.planned()[0];
  EXPECT_EQ(st.antenna.type, "s465");
  EXPECT_EQ(st.antenna.diameter_m, 2.4);
  EXPECT_EQ(st.antenna.azimuth_deg, 200.0);
  EXPECT_EQ(st.antenna.elevation_deg, 48.0);
  EXPECT_EQ(st.antenna.efficiency, 0.7);
  EXPECT_TRUE(std::isnan(st.antenna.gain_dBi));  // G_max from the efficiency
  EXPECT_FALSE(st.antenna.gso_longitude_deg.has_value());
  EXPECT_TRUE(std::isnan(st.eirp_dBm));  // completed once G_max is known
  // What the caller does: the station's frequency, then build.
  st.antenna.freq_Hz = st.freq_Hz;
  const auto a = prop::make_antenna(st.antenna);
  EXPECT_NEAR(a->max_gain_dBi(), 55.558686, 1e-6);  // 10 log(0.7 (pi 2.4 / lambda)^2)
  EXPECT_NEAR(station_eirp_dBm(st, a->max_gain_dBi()), 65.558686, 1e-6);
  EXPECT_NEAR(a->gain_dBi(200, 58), 7.0, 1e-9);  // 10 deg off axis: 32 - 25 log 10
}

TEST(EarthStationScenario, GsoLongitudeAndExplicitGain) {
  const Scenario sc = parse_scenario(
      scenario("type = \"s580\"\ndiameter_m = 1.2\ngso_longitude_deg = 128\ngain_dBi = 48\n",
               "tx_power_dBm = 10"),
      "dir/s.toml");
  Station st = sc.stations.planned()[0];
  EXPECT_EQ(st.antenna.type, "s580");
  EXPECT_EQ(st.antenna.gain_dBi, 48.0);
  EXPECT_EQ(st.eirp_dBm, 58.0);
  // The reader sets the station's frequency and resolves the GSO pointing.
  EXPECT_FALSE(st.antenna.gso_longitude_deg.has_value());
  EXPECT_EQ(st.antenna.freq_Hz, st.freq_Hz);
  EXPECT_NEAR(st.antenna.elevation_deg, 46.7, 0.2);
  EXPECT_NEAR(st.antenna.azimuth_deg, 199.6, 0.2);
  const auto a = prop::make_antenna(st.antenna);
  EXPECT_EQ(a->max_gain_dBi(), 48.0);
  EXPECT_EQ(a->describe().rfind("s580 D 1.2 m at 28.5 GHz", 0), 0u) << a->describe();
}

TEST(EarthStationScenario, ErrorsNameTheField) {
  const std::string p = "eirp_dBm = 50";
  expect_error(scenario("type = \"s465\"\nazimuth_deg = 0\nelevation_deg = 30\n", p),
               {"station[0].antenna.diameter_m: found no value, expected a number > 0 (m)"});
  expect_error(
      scenario("type = \"s465\"\ndiameter_m = -1\nazimuth_deg = 0\nelevation_deg = 30\n", p),
      {"station[0].antenna.diameter_m: found -1"});
  expect_error(
      scenario("type = \"s465\"\ndiameter_m = 1\nazimuth_deg = 0\nelevation_deg = 95\n", p),
      {"station[0].antenna.elevation_deg: found 95", "[-90, 90]"});
  expect_error(scenario("type = \"s465\"\ndiameter_m = 1\nazimuth_deg = 0\n", p),
               {"station[0].antenna.elevation_deg: found no value"});
  expect_error(scenario("type = \"s465\"\ndiameter_m = 1\nazimuth_deg = 0\nelevation_deg = 30\n"
                        "gso_longitude_deg = 128\n",
                        p),
               {"station[0].antenna.gso_longitude_deg: found both antenna.azimuth_deg and "
                "antenna.gso_longitude_deg"});
  expect_error(scenario("type = \"s465\"\ndiameter_m = 1\ngso_longitude_deg = 128\n"
                        "efficiency = 0.6\ngain_dBi = 40\n",
                        p),
               {"station[0].antenna"});
  expect_error(scenario("type = \"s465\"\ndiameter_m = 1\ngso_longitude_deg = 128\n"
                        "efficiency = 1.2\n",
                        p),
               {"station[0].antenna.efficiency: found 1.2"});
  expect_error(scenario("type = \"s465\"\ndiameter_m = 1\ngso_longitude_deg = 128\n"
                        "downtilt_deg = 3\n",
                        p),
               {"station[0].antenna", "downtilt_deg"});
  expect_error(scenario("type = \"s465\"\ndiameter_m = 1\ngso_longitude_deg = 128\n"
                        "diameter = 3\n",
                        p),
               {"diameter"});
  expect_error(scenario("type = \"s466\"\n", p), {"station[0].antenna.type", "s465"});
}

}  // namespace
}  // namespace akichi::sim::earth_station_scenario_test

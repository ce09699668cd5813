// The added-loss tables of a scenario (sim/scenario/loss_spec.h): read into the model
// configuration with their defaults, the rain rate looked up in a P.837-layout map, and every
// class of bad input answered with "FILE:LINE:COL: FIELD: found X, expected Y".
#include "sim/scenario/loss_spec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "propagation/engine/added_losses.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::loss_spec_test {
namespace {

// Anchors relative paths in tests/data (the hand-made map is itu-r-p837/R001-linear-5deg.txt).
const std::string kPath = std::string(AKICHI_TEST_DATA_DIR) + "/s.toml";

std::string scenario(const std::string& model, const std::string& tables,
                     const std::string& freq_MHz = "28700") {
  return R"([area]
center_lat_deg = 34.63
center_lon_deg = 135.42
size_x_m = 1000
size_y_m = 800
[propagation]
model = ")" +
         model + "\"\n" + tables + R"(
[[station]]
id = "gnb-1"
lat_deg = 34.63
lon_deg = 135.42
height_m = 15
freq_MHz = )" +
         freq_MHz +
         R"(
bandwidth_MHz = 100
eirp_dBm = 40
)";
}

void expect_error(const std::string& text, const std::vector<std::string>& parts) {
  try {
    parse_scenario(text, kPath);
    ADD_FAILURE() << "no InputError for:\n" << text;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(kPath + ":", 0), 0u) << msg;
    for (const auto& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

TEST(LossSpec, NoTablesNothingAdded) {
  const Scenario sc = parse_scenario(scenario("free_space", ""), kPath);
  EXPECT_FALSE(sc.model.added.any());
}

TEST(LossSpec, TablesWithDefaults) {
  const Scenario sc = parse_scenario(scenario("free_space", R"(
[propagation.clutter]
model = "p2108-statistical"
[propagation.rain]
rain_rate_mm_h = 85
[propagation.gases]
)"),
                                     kPath);
  const prop::AddedLossesConfig& a = sc.model.added;
  EXPECT_EQ(a.clutter.model, "p2108-statistical");
  EXPECT_EQ(a.clutter.ends, "rx");
  EXPECT_EQ(a.clutter.location_percent, 50.0);
  EXPECT_TRUE(a.rain.enabled);
  EXPECT_EQ(a.rain.time_percent, 0.01);
  EXPECT_EQ(a.rain.R001_mm_h, 85.0);
  EXPECT_EQ(a.rain.polarization, "vertical");
  EXPECT_TRUE(a.gases.enabled);
  EXPECT_EQ(a.gases.temperature_C, 15.0);
  EXPECT_EQ(a.gases.dry_pressure_hPa, 1013.25);
  EXPECT_EQ(a.gases.water_vapour_g_m3, 7.5);
  EXPECT_FALSE(a.gases.interference_paths);
  EXPECT_EQ(a.role, prop::LinkRole::Interference);
  EXPECT_EQ(sc.model.name, "free_space");  // the model's name survives the tables
}

TEST(LossSpec, RainRateFromAP837Map) {
  const Scenario sc = parse_scenario(scenario("free_space", R"(
[propagation.rain]
rain_rate_map = "itu-r-p837/R001-linear-5deg.txt"
time_percent = 0.1
polarization = "horizontal"
)"),
                                     kPath);
  const prop::RainConfig& r = sc.model.added.rain;
  EXPECT_EQ(r.latitude_deg, sc.centre_lat_deg);  // the study area's centre by default
  EXPECT_EQ(r.longitude_deg, sc.centre_lon_deg);
  // The map is R = 120 + 0.5 lat + 0.05 lon (its ORIGIN.md), bilinear on a 5 deg grid.
  EXPECT_NEAR(r.R001_mm_h, 120 + 0.5 * sc.centre_lat_deg + 0.05 * sc.centre_lon_deg, 1e-9);
  const auto m = prop::make_path_loss_model([&] {
    prop::ModelConfig c = sc.model;
    c.added.role = prop::LinkRole::Wanted;
    return c;
  }());
  EXPECT_NE(m->describe().find("ITU-R P.837-7 map"), std::string::npos) << m->describe();
}

TEST(LossSpec, BadInput) {
  expect_error(scenario("free_space", "[propagation.clutter]\nmodel = \"p2108\"\n"),
               {"s.toml:9:9: propagation.clutter.model: found \"p2108\"",
                "expected one of \"none\", \"p2108-terminal\", \"p2108-statistical\""});
  expect_error(scenario("free_space",
                        "[propagation.clutter]\nmodel = \"p2108-statistical\"\n"
                        "location_percent = 100\n"),
               {"s.toml:10:20: propagation.clutter.location_percent: found 100",
                "expected a number in (0, 100) (%)"});
  expect_error(scenario("free_space",
                        "[propagation.clutter]\nmodel = \"p2108-statistical\"\n"
                        "clutter_type = \"urban\"\n"),
               {"propagation.clutter.clutter_type", "not used with model = \"p2108-statistical\""});
  expect_error(scenario("free_space", "[propagation.rain]\ntime_percent = 5\n"),
               {"s.toml:9:16: propagation.rain.time_percent: found 5",
                "expected a number in [0.001, 1] (%)"});
  expect_error(scenario("free_space", "[propagation.rain]\n"),
               {"propagation.rain.rain_rate_mm_h: found neither it nor rain_rate_map",
                "expected R0.01 > 0 (mm/h), or rain_rate_map"});
  expect_error(scenario("free_space",
                        "[propagation.rain]\nrain_rate_mm_h = 80\nrain_rate_map = \"x.txt\"\n"),
               {"propagation.rain"});
  expect_error(scenario("free_space", "[propagation.rain]\nrain_rate_map = \"missing.txt\"\n"),
               {"s.toml:9:17: propagation.rain.rain_rate_map: found",
                "missing.txt\" (no such file)", "expected a copy of the ITU-R P.837-7 map"});
  expect_error(scenario("free_space", "[propagation.gases]\nwater_vapour_g_m3 = -1\n"),
               {"s.toml:9:21: propagation.gases.water_vapour_g_m3: found -1",
                "expected a number in [0, 50] (g/m3)"});
  expect_error(scenario("free_space", "[propagation.gases]\nhumidity = 3\n"),
               {"propagation.gases.humidity: found unknown key 'humidity'"});
  // Double counting.
  expect_error(scenario("p1411", "[propagation.clutter]\nmodel = \"p2108-statistical\"\n"),
               {"s.toml:9:9: propagation.clutter.model: found 'p2108-statistical' with "
                "[propagation] model = \"p1411\"",
                "count it twice"});
  expect_error(scenario("p452-18", "[propagation.gases]\n"),
               {"s.toml:8:1: propagation.gases.model: found [propagation.gases] with [propagation] "
                "model = \"p452-18\"",
                "count it twice"});
  // Stations outside an added loss's frequency range.
  expect_error(scenario("free_space", "[propagation.clutter]\nmodel = \"p2108-terminal\"\n"),
               {"s.toml:9:9: propagation.clutter.model: found station 'gnb-1' at 28700 MHz with "
                "model = \"p2108-terminal\"",
                "expected stations in 30-3000 MHz (ITU-R P.2108-1 §3.1)"});
  expect_error(scenario("free_space", "[propagation.rain]\nrain_rate_mm_h = 80\n", "700"),
               {"propagation.rain: found station 'gnb-1' at 700 MHz",
                "expected stations in 1000-100000 MHz"});
}

}  // namespace
}  // namespace akichi::sim::loss_spec_test

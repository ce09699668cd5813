// The [propagation.<model>] tables of the ITU-R / NTIA models land in ModelConfig, and their
// errors name file, line, column and key.
#include <string>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::model_tables_test {
namespace {

std::string scenario_with(const std::string& propagation, double freq_MHz = 4850) {
  return R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
)" + propagation +
         R"(
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = )" +
         std::to_string(freq_MHz) + R"(
bandwidth_MHz = 100
eirp_dBm = 50
)";
}

std::string error_of(const std::string& text) {
  try {
    parse_scenario(text, "m.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ScenarioModelTables, P452Table) {
  const Scenario s = parse_scenario(scenario_with(R"(model = "p452-18"
[propagation.p452-18]
time_percent = 1
delta_N = 53.5
N0 = 330
polarization = "horizontal"
zone = "coastal"
latitude_deg = 35.6)"),
                                    "m.toml");
  EXPECT_EQ(s.model.name, "p452-18");
  EXPECT_DOUBLE_EQ(s.model.p452.time_percent, 1.0);
  EXPECT_DOUBLE_EQ(s.model.p452.delta_N, 53.5);
  EXPECT_DOUBLE_EQ(s.model.p452.N0, 330.0);
  EXPECT_EQ(s.model.p452.pol, "horizontal");
  EXPECT_EQ(s.model.p452.zone, "coastal");
  EXPECT_DOUBLE_EQ(s.model.p452.latitude_deg, 35.6);
  EXPECT_EQ(
      error_of(scenario_with("model = \"p452-18\"\n[propagation.p452-18]\ntime_percent = 60")),
      "m.toml:9:16: propagation.p452-18.time_percent: found 60, expected a number in "
      "[0.001, 50] (%)");
}

TEST(ScenarioModelTables, P1812AndItmAndHataAndP1411Tables) {
  Scenario s = parse_scenario(
      scenario_with(
          "model = \"p1812\"\n[propagation.p1812]\nlocation_percent = 90\nsigma_L_dB = 5.5"),
      "m.toml");
  EXPECT_DOUBLE_EQ(s.model.p1812.location_percent, 90.0);
  EXPECT_DOUBLE_EQ(s.model.p1812.sigma_L_dB, 5.5);
  s = parse_scenario(scenario_with("model = \"itm\"\n[propagation.itm]\nclimate = 6\nN0 = 320\n"
                                   "time_percent = 10"),
                     "m.toml");
  EXPECT_EQ(s.model.itm.climate, 6);
  EXPECT_DOUBLE_EQ(s.model.itm.N_0, 320.0);
  EXPECT_DOUBLE_EQ(s.model.itm.time_pct, 10.0);
  s = parse_scenario(scenario_with("model = \"ehata-ntia\"\n[propagation.ehata-ntia]\n"
                                   "environment = \"suburban\"\nreliability = 0.9"),
                     "m.toml");
  EXPECT_EQ(s.model.ehata.environment, "suburban");
  EXPECT_DOUBLE_EQ(s.model.ehata.reliability, 0.9);
  s = parse_scenario(scenario_with("model = \"extended-hata\"\n[propagation.extended-hata]\n"
                                   "environment = \"open\""),
                     "m.toml");
  EXPECT_EQ(s.model.extended_hata.environment, "open");
  s = parse_scenario(scenario_with("model = \"p1411\"\nk_factor = 1.2\n[propagation.p1411]\n"
                                   "los = \"nlos\"\nenvironment = \"residential\"",
                                   28500),
                     "m.toml");
  EXPECT_EQ(s.model.p1411.los_mode, prop::LosMode::Nlos);
  EXPECT_EQ(s.model.p1411.environment, "residential");
  EXPECT_DOUBLE_EQ(s.model.k_factor, 1.2);  // p1411 takes [propagation] k_factor
}

TEST(ScenarioModelTables, P1812RevisionAndTroposcatter) {
  Scenario s = parse_scenario(scenario_with("model = \"p1812\""), "m.toml");
  EXPECT_EQ(s.model.p1812.version, 8);  // the revision in force
  EXPECT_EQ(s.model.p1812.troposcatter, "p1812-6");
  s = parse_scenario(scenario_with("model = \"p1812\"\n[propagation.p1812]\nversion = 7\n"
                                   "troposcatter = \"p1812-7\"\ntropo_tx_gain_dBi = 15"),
                     "m.toml");
  EXPECT_EQ(s.model.p1812.version, 7);
  EXPECT_EQ(s.model.p1812.troposcatter, "p1812-7");
  EXPECT_DOUBLE_EQ(s.model.p1812.tropo_tx_gain_dBi, 15);
  // -8 has no -7 troposcatter; the gains belong to the -7 model only
  EXPECT_NE(error_of(scenario_with("model = \"p1812\"\n[propagation.p1812]\n"
                                   "troposcatter = \"p1812-7\""))
                .find("propagation.p1812.troposcatter: found 'p1812-7' with version = 8, expected "
                      "the -7 troposcatter model only with version = 7"),
            std::string::npos);
  EXPECT_NE(
      error_of(scenario_with("model = \"p1812\"\n[propagation.p1812]\n"
                             "tropo_rx_gain_dBi = 3"))
          .find("propagation.p1812.tropo_rx_gain_dBi: found key 'tropo_rx_gain_dBi', not used "
                "with troposcatter = \"p1812-6\""),
      std::string::npos);
  EXPECT_NE(error_of(scenario_with("model = \"p1812\"\n[propagation.p1812]\nversion = 9"))
                .find("propagation.p1812.version: found 9, expected an integer in [6, 8]"),
            std::string::npos);
}

TEST(ScenarioModelTables, ErrorsNameTheKey) {
  // A key of another model's table.
  EXPECT_NE(
      error_of(scenario_with("model = \"itm\"\n[propagation.itm]\ndelta_N = 40"))
          .find("m.toml:9:1: propagation.itm.delta_N: found unknown key 'delta_N', expected one of "
                "climate, N0,"),
      std::string::npos);
  // Another model's table next to the model.
  EXPECT_NE(
      error_of(scenario_with("model = \"itm\"\n[propagation.p1812]\nsigma_L_dB = 5"))
          .find("m.toml:8:14: propagation.p1812: found key 'p1812', not used with model = \"itm\""),
      std::string::npos);
  // A station outside the model's frequency domain.
  EXPECT_EQ(error_of(scenario_with("model = \"p1812\"", 28500)),
            "m.toml:13:12: station[0].freq_MHz: found 28500, expected a number in [30, 6000] "
            "(MHz; the validity range of model p1812, ITU-R P.1812-8 (30 MHz to 6 GHz))");
  EXPECT_NE(error_of(scenario_with("model = \"hata\"")).find("\"extended-hata\""),
            std::string::npos);
}

}  // namespace
}  // namespace akichi::sim::model_tables_test

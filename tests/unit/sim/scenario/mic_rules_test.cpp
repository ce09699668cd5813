// The local-5G area rules file: the shipped example, rule_for, and every input error branch.
#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"
#include "propagation/models/itu_r_p2109_2.h"
#include "sim/scenario/mic_rules.h"

namespace akichi::sim::mic_rules_test {
namespace {

const std::string kExample =
    std::string(AKICHI_SOURCE_DIR) + "/scenarios/rules/mic-local5g-example.toml";

// A valid file with one band; tests replace parts of it.
std::string valid() {
  return R"([rules]
title = "t"
status = "example"
source = "test values"

[[band]]
name = "4.7GHz"
freq_min_GHz = 4.6
freq_max_GHz = 4.9
coverage_threshold_dBm = -80
coordination_threshold_dBm = -95
reference_bandwidth_MHz = 1
terminal_height_m = 1.5
[band.propagation]
model = "extended-hata"
environment = "urban"
[band.building_entry_loss]
model = "fixed"
loss_dB = 10
)";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  if (pos == std::string::npos) throw std::logic_error("test text lacks '" + from + "'");
  return s.replace(pos, from.size(), to);
}

// The InputError message of parsing `text`, or "" when it parses.
std::string error_of(const std::string& text) {
  try {
    parse_mic_rules(text, "rules.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& text, const std::string& part) {
  const std::string msg = error_of(text);
  EXPECT_NE(msg.find(part), std::string::npos) << "message: '" << msg << "', expected: " << part;
  EXPECT_EQ(msg.rfind("rules.toml:", 0), 0u) << msg;
}

TEST(MicRules, ShippedExampleLoadsAndIsLabelledExample) {
  const MicRules r = load_mic_rules(kExample);
  EXPECT_EQ(r.status, "example");
  ASSERT_EQ(r.bands.size(), 2u);
  const MicBandRule& b47 = r.bands[0];
  EXPECT_EQ(b47.name, "4.7GHz");
  EXPECT_DOUBLE_EQ(b47.freq_min_Hz, 4.6e9);
  EXPECT_DOUBLE_EQ(b47.freq_max_Hz, 4.9e9);
  EXPECT_DOUBLE_EQ(b47.reference_bandwidth_Hz, 1e6);
  EXPECT_DOUBLE_EQ(b47.terminal_height_m, 1.5);
  EXPECT_EQ(b47.model.config.name, "extended-hata");
  EXPECT_EQ(b47.model.config.extended_hata.environment, "urban");
  EXPECT_TRUE(b47.model.stand_in_for.empty());
  EXPECT_EQ(b47.building_entry_loss.kind, MicBuildingEntryLoss::Kind::Fixed);
  EXPECT_DOUBLE_EQ(building_entry_loss_dB(b47.building_entry_loss, 4.8e9), 10.0);

  const MicBandRule& b28 = r.bands[1];
  EXPECT_DOUBLE_EQ(b28.freq_min_Hz, 28.2e9);
  EXPECT_DOUBLE_EQ(b28.freq_max_Hz, 29.1e9);
  EXPECT_EQ(b28.model.config.name, "p1411");
  EXPECT_EQ(b28.model.config.p1411.placement, "below_rooftop");
  EXPECT_EQ(b28.model.config.p1411.los_mode, prop::LosMode::Terrain);
  EXPECT_FALSE(b28.model.stand_in_for.empty());
  EXPECT_EQ(b28.building_entry_loss.kind, MicBuildingEntryLoss::Kind::P2109);
  // P.2109-2 eq. (1) at the band centre, through the project's P.2109 model.
  EXPECT_DOUBLE_EQ(
      building_entry_loss_dB(b28.building_entry_loss, 28.5e9),
      prop::p2109::building_entry_loss_dB(28.5, 0.5, prop::p2109::BuildingType::Traditional, 0));
  EXPECT_GT(building_entry_loss_dB(b28.building_entry_loss, 28.5e9), 10.0);
  EXPECT_DOUBLE_EQ(building_entry_loss_dB(MicBuildingEntryLoss{}, 28.5e9), 0.0);
}

TEST(MicRules, RuleForPicksTheBandWithItsEdges) {
  const MicRules r = load_mic_rules(kExample);
  EXPECT_EQ(rule_for(r, 4.6e9).name, "4.7GHz");
  EXPECT_EQ(rule_for(r, 4.9e9).name, "4.7GHz");
  EXPECT_EQ(rule_for(r, 28.5e9).name, "28GHz");
  EXPECT_EQ(rule_for(r, 29.1e9).name, "28GHz");
  try {
    rule_for(r, 3.7e9);
    FAIL() << "3.7 GHz is in no band";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("frequency: found 3.7 GHz"), std::string::npos) << m;
    EXPECT_NE(m.find("'4.7GHz' (4.6-4.9 GHz)"), std::string::npos) << m;
    EXPECT_NE(m.find("mic-local5g-example.toml"), std::string::npos) << m;
  }
  EXPECT_THROW(rule_for(r, 29.2e9), InputError);
}

TEST(MicRules, ValidTextParses) {
  EXPECT_EQ(error_of(valid()), "");
  const MicRules r =
      parse_mic_rules(replace(valid(), "freq_min_GHz = 4.6", "freq_min_MHz = 4600"), "rules.toml");
  EXPECT_DOUBLE_EQ(r.bands[0].freq_min_Hz, 4.6e9);
  EXPECT_DOUBLE_EQ(r.bands[0].coverage_threshold_dBm, -80);
  EXPECT_DOUBLE_EQ(r.bands[0].coordination_threshold_dBm, -95);
}

TEST(MicRules, FileErrors) {
  try {
    load_mic_rules("/nonexistent/rules.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be opened"), std::string::npos);
  }
  expect_error("[rules\n", "TOML syntax");
  expect_error(replace(valid(), "[rules]", "[rulez]"), "rulez");
  expect_error("[[band]]\nname = \"x\"\n", "rules: found no value");
}

TEST(MicRules, RulesTableErrors) {
  expect_error(replace(valid(), "status = \"example\"\n", ""), "rules.status: found no value");
  expect_error(replace(valid(), "status = \"example\"", "status = \"draft\""), "rules.status");
  expect_error(replace(valid(), "source = \"test values\"\n", ""), "rules.source: found no value");
  expect_error(replace(valid(), "source = \"test values\"", "source = \"\""),
               "rules.source: found an empty string");
  expect_error(replace(valid(), "title = \"t\"", "titel = \"t\""), "titel");
}

TEST(MicRules, BandErrors) {
  const std::string no_band = valid().substr(0, valid().find("[[band]]"));
  expect_error(no_band, "band: found no value");
  expect_error(replace(valid(), "name = \"4.7GHz\"\n", ""), "band[0].name: found no value");
  expect_error(replace(valid(), "name = \"4.7GHz\"", "name = \"\""),
               "band[0].name: found an empty");
  expect_error(replace(valid(), "freq_min_GHz = 4.6\n", ""), "band[0].freq_min");
  expect_error(
      replace(valid(), "freq_max_GHz = 4.9", "freq_max_GHz = 4.5"),
      "band[0].freq_max_GHz: found 4.5 GHz, expected a frequency above freq_min (4.6 GHz)");
  expect_error(replace(valid(), "freq_max_GHz = 4.9", "freq_max_GHz = -1"), "band[0].freq_max_GHz");
  expect_error(replace(valid(), "coverage_threshold_dBm = -80\n", ""),
               "band[0].coverage_threshold_dBm: found no value");
  expect_error(
      replace(valid(), "coordination_threshold_dBm = -95", "coordination_threshold_dBm = -70"),
      "band[0].coordination_threshold_dBm: found -70 dBm, expected a level <= "
      "coverage_threshold_dBm (-80 dBm)");
  expect_error(replace(valid(), "coverage_threshold_dBm = -80", "coverage_threshold_dBm = \"x\""),
               "band[0].coverage_threshold_dBm");
  expect_error(replace(valid(), "reference_bandwidth_MHz = 1", "reference_bandwidth_MHz = 0"),
               "band[0].reference_bandwidth_MHz");
  expect_error(replace(valid(), "reference_bandwidth_MHz = 1\n", ""),
               "band[0].reference_bandwidth");
  expect_error(replace(valid(), "terminal_height_m = 1.5", "terminal_height_m = 0"),
               "band[0].terminal_height_m");
  expect_error(replace(valid(), "terminal_height_m = 1.5\n", ""),
               "band[0].terminal_height_m: found no value");
  expect_error(replace(valid(), "terminal_height_m = 1.5", "terminal_height_m = 1.5\nheight = 2"),
               "band[0].height");
}

TEST(MicRules, DuplicateAndOverlappingBands) {
  const std::string band = valid().substr(valid().find("[[band]]"));
  expect_error(valid() + band, "band[1].name: found \"4.7GHz\", already used");
  expect_error(valid() + replace(band, "name = \"4.7GHz\"", "name = \"other\""),
               "band[1].freq_min: found 4.6-4.9 GHz, which overlaps band '4.7GHz'");
  const std::string disjoint = replace(replace(replace(band, "name = \"4.7GHz\"", "name = \"b\""),
                                               "freq_min_GHz = 4.6", "freq_min_GHz = 4.95"),
                                       "freq_max_GHz = 4.9", "freq_max_GHz = 5.0");
  EXPECT_EQ(parse_mic_rules(valid() + disjoint, "rules.toml").bands.size(), 2u);
}

TEST(MicRules, PropagationErrors) {
  const std::string prop =
      "[band.propagation]\nmodel = \"extended-hata\"\nenvironment = \"urban\"\n";
  expect_error(replace(valid(), prop, ""), "band[0].propagation: found no value");
  expect_error(replace(valid(), "model = \"extended-hata\"\n", ""),
               "band[0].propagation.model: found no value");
  expect_error(replace(valid(), "model = \"extended-hata\"", "model = \"hata\""),
               "band[0].propagation.model");
  // A key left out takes the registry's default, as in a scenario.
  EXPECT_EQ(
      parse_mic_rules(replace(valid(), "environment = \"urban\"\n", "environment = \"suburban\"\n"),
                      "r.toml")
          .bands[0]
          .model.config.extended_hata.environment,
      "suburban");
  EXPECT_EQ(parse_mic_rules(replace(valid(), "environment = \"urban\"\n", ""), "r.toml")
                .bands[0]
                .model.config.extended_hata.environment,
            "urban");
  expect_error(replace(valid(), "environment = \"urban\"", "environment = \"rural\""),
               "band[0].propagation.environment");
  expect_error(
      replace(valid(), "environment = \"urban\"", "environment = \"urban\"\nlos = \"los\""),
      "band[0].propagation.los");
  // The other models and their keys.
  const MicRules p1411 = parse_mic_rules(
      replace(valid(), prop, "[band.propagation]\nmodel = \"p1411\"\nlos = \"nlos\"\n"), "r.toml");
  EXPECT_EQ(p1411.bands[0].model.config.p1411.los_mode, prop::LosMode::Nlos);
  const MicRules tr = parse_mic_rules(
      replace(valid(), prop,
              "[band.propagation]\nmodel = \"tr38901\"\nscenario = \"UMi\"\nlos = \"los\"\n"),
      "r.toml");
  EXPECT_EQ(tr.bands[0].model.config.scenario, "UMi");
  EXPECT_EQ(tr.bands[0].model.config.los_mode, prop::LosMode::Los);
  expect_error(
      replace(valid(), prop, "[band.propagation]\nmodel = \"tr38901\"\nscenario = \"XX\"\n"),
      "band[0].propagation.scenario");
  expect_error(
      replace(valid(), prop, "[band.propagation]\nmodel = \"free_space\"\nlos = \"los\"\n"),
      "band[0].propagation.los");
}

TEST(MicRules, BuildingEntryLossErrors) {
  const std::string bel = "model = \"fixed\"\nloss_dB = 10\n";
  auto with = [&](const std::string& t) { return replace(valid(), bel, t); };
  expect_error(with(""), "band[0].building_entry_loss.model: found no value");
  expect_error(with("model = \"p2108\"\n"), "band[0].building_entry_loss.model");
  expect_error(with("model = \"fixed\"\n"), "band[0].building_entry_loss.loss_dB: found no value");
  expect_error(with("model = \"fixed\"\nloss_dB = -1\n"), "band[0].building_entry_loss.loss_dB");
  expect_error(with("model = \"none\"\nloss_dB = 3\n"), "band[0].building_entry_loss.loss_dB");
  expect_error(with("model = \"p2109\"\n"),
               "band[0].building_entry_loss.probability: found no value");
  expect_error(with("model = \"p2109\"\nprobability = 1\n"),
               "band[0].building_entry_loss.probability");
  expect_error(with("model = \"p2109\"\nprobability = 0.5\nbuilding = \"glass\"\n"),
               "band[0].building_entry_loss.building");
  expect_error(with("model = \"p2109\"\nprobability = 0.5\nelevation_deg = 91\n"),
               "band[0].building_entry_loss.elevation_deg");
  expect_error(with("model = \"p2109\"\nprobability = 0.5\nloss_dB = 3\n"),
               "band[0].building_entry_loss.loss_dB");
  const MicRules none = parse_mic_rules(with("model = \"none\"\n"), "r.toml");
  EXPECT_EQ(none.bands[0].building_entry_loss.kind, MicBuildingEntryLoss::Kind::None);
  const MicRules eff = parse_mic_rules(
      with("model = \"p2109\"\nprobability = 0.9\nbuilding = \"thermally_efficient\"\n"), "r.toml");
  EXPECT_EQ(eff.bands[0].building_entry_loss.building,
            prop::p2109::BuildingType::ThermallyEfficient);
  EXPECT_DOUBLE_EQ(eff.bands[0].building_entry_loss.probability, 0.9);
}

}  // namespace
}  // namespace akichi::sim::mic_rules_test

namespace akichi::sim::mic_rules_test {
namespace {

const std::string kMunicipal = R"([band.municipal_eligibility]
freq_min_MHz = 4600
freq_max_GHz = 4.8
indoor_only = true
reference_eirp_dBm = 24
)";

TEST(MicRules, MunicipalEligibilityRule) {
  const MicRules r = parse_mic_rules(valid() + kMunicipal, "rules.toml");
  ASSERT_TRUE(r.bands[0].municipal_eligibility);
  const MicMunicipalRule& m = *r.bands[0].municipal_eligibility;
  EXPECT_DOUBLE_EQ(m.freq_min_Hz, 4.6e9);
  EXPECT_DOUBLE_EQ(m.freq_max_Hz, 4.8e9);
  EXPECT_TRUE(m.indoor_only);
  EXPECT_DOUBLE_EQ(m.reference_eirp_dBm, 24.0);
  EXPECT_EQ(municipal_band(r), &r.bands[0]);
  EXPECT_EQ(municipal_band(parse_mic_rules(valid(), "rules.toml")), nullptr);
  // The shipped example: 4.6-4.8 GHz of its 4.7GHz band, indoor only.
  const MicRules ex = load_mic_rules(kExample);
  const MicBandRule* b = municipal_band(ex);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->name, "4.7GHz");
  EXPECT_DOUBLE_EQ(b->municipal_eligibility->freq_max_Hz, 4.8e9);
  EXPECT_TRUE(b->municipal_eligibility->indoor_only);
  // The source names the base instruction and the 2020 amending instruction.
  EXPECT_NE(ex.source.find("平成13年総務省訓令第67号"), std::string::npos) << ex.source;
  EXPECT_NE(ex.source.find("令和2年総務省訓令第47号"), std::string::npos) << ex.source;
}

TEST(MicRules, MunicipalEligibilityErrors) {
  const std::string text = valid() + kMunicipal;
  expect_error(replace(text, "freq_min_MHz = 4600", "freq_min_MHz = 4500"),
               "band[0].municipal_eligibility.freq_min_MHz: found 4.5 GHz, expected a frequency "
               "inside the band (4.6-4.9 GHz)");
  expect_error(replace(text, "freq_max_GHz = 4.8", "freq_max_GHz = 5"),
               "band[0].municipal_eligibility.freq_max_GHz: found 5 GHz, expected a frequency "
               "above freq_min (4.6 GHz) inside the band");
  expect_error(replace(text, "indoor_only = true\n", ""),
               "band[0].municipal_eligibility.indoor_only: found no value, expected true or false");
  expect_error(replace(text, "reference_eirp_dBm = 24\n", ""),
               "band[0].municipal_eligibility.reference_eirp_dBm: found no value");
  expect_error(replace(text, "reference_eirp_dBm = 24", "reference_eirp_dBm = 24\nmax = 1"),
               "band[0].municipal_eligibility");
}

}  // namespace
}  // namespace akichi::sim::mic_rules_test

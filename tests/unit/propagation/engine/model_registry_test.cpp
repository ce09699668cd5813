// The model registry: a toy model added by one registry entry in this file is usable from a
// scenario, listed, and validated with its real table name; docs/scenario-format.md agrees with
// every registered model; the typed configuration structs start at the schema's defaults.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/added_losses.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_r_p525.h"
#include "sim/scenario/mic_rules.h"
#include "sim/scenario/model_params.h"
#include "sim/scenario/scenario.h"

namespace akichi::prop::model_registry_test {
namespace {

// ---------------------------------------------------------------------------------------------
// The toy model: free space plus a fixed excess loss. Its one registry entry is all it takes.

constexpr std::string_view kToy = "toy-excess";

class ToyModel final : public PathLossModel {
 public:
  explicit ToyModel(double excess_dB) : excess_dB_(excess_dB) {}
  std::string_view name() const noexcept override { return kToy; }
  bool uses_profile() const noexcept override { return false; }
  double loss_dB(const LinkInput& link) const noexcept override {
    return p525::free_space_loss_dB_si(link.freq_Hz, distance_3d_m(link)) + excess_dB_;
  }
  std::string describe() const override { return fmt::format("toy, {} dB excess", excess_dB_); }

 private:
  double excess_dB_;
};

const ModelRegistration toy_registration{[] {
  ModelEntry e;
  e.name = kToy;
  e.table = "toy";
  e.summary = "free space plus a fixed excess loss (a test model)";
  e.domain.frequency_Hz = Interval{1e9, 10e9};
  e.domain.frequency_enforced = true;
  e.domain.source = "the test";
  e.distance_source = "the test measures in its plane";
  e.parameters = {number_param("excess_dB", "dB", closed(0, 50), 10, "excess loss", Stored{}),
                  choice_param("mode", {"add", "none"}, "add", "add the excess or not", Stored{})};
  e.make = [](const ModelConfig& c) {
    return std::make_unique<ToyModel>(c.text("mode") == "add" ? c.number("excess_dB") : 0.0);
  };
  return e;
}()};

std::string toy_scenario(const std::string& table, double freq_MHz = 3500) {
  return fmt::format(R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
model = "toy-excess"
[propagation.toy]
{}
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = {}
bandwidth_MHz = 100
eirp_dBm = 50
)",
                     table, freq_MHz);
}

std::string scenario_error(const std::string& text) {
  try {
    sim::parse_scenario(text, "toy.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ModelRegistry, AToyModelFromOneEntryIsUsableListedAndValidated) {
  const sim::Scenario sc = sim::parse_scenario(toy_scenario("excess_dB = 7.5"), "toy.toml");
  EXPECT_EQ(sc.model.name, kToy);
  const auto model = make_path_loss_model(sc.model);
  LinkInput link;
  link.freq_Hz = 3.5e9;
  link.d_m = 400;
  link.h_tx_m = 25;
  link.h_rx_m = 1.5;
  EXPECT_DOUBLE_EQ(model->loss_dB(link),
                   p525::free_space_loss_dB_si(3.5e9, distance_3d_m(link)) + 7.5);
  // Defaults from the schema when the key is left out.
  const sim::Scenario plain = sim::parse_scenario(toy_scenario(""), "toy.toml");
  EXPECT_DOUBLE_EQ(make_path_loss_model(plain.model)->loss_dB(link),
                   p525::free_space_loss_dB_si(3.5e9, distance_3d_m(link)) + 10.0);

  // Listed for people and programs.
  EXPECT_NE(sim::models_table().find("toy-excess  [propagation.toy]"), std::string::npos);
  const std::string json = sim::models_json();
  EXPECT_NE(json.find("\"name\": \"toy-excess\", \"table\": \"toy\""), std::string::npos);
  EXPECT_NE(json.find("{\"name\": \"excess_dB\", \"type\": \"number\", \"unit\": \"dB\", \"min\": "
                      "0, \"max\": 50,"),
            std::string::npos);

  // Messages name the real table and key, with file, line and column.
  EXPECT_EQ(scenario_error(toy_scenario("excess_dB = 80")),
            "toy.toml:9:13: propagation.toy.excess_dB: found 80, expected a number in [0, 50] "
            "(dB)");
  EXPECT_EQ(
      scenario_error(toy_scenario("mode = \"multiply\""))
          .rfind("toy.toml:9:8: propagation.toy.mode: found \"multiply\", expected one of \"add\", "
                 "\"none\"",
                 0),
      0u);
  EXPECT_EQ(scenario_error(toy_scenario("gain_dB = 1"))
                .rfind("toy.toml:9:1: propagation.toy.gain_dB: found unknown key 'gain_dB'", 0),
            0u);
  // Its enforced frequency domain refuses a station outside it.
  EXPECT_NE(scenario_error(toy_scenario("", 28000))
                .find("station[0].freq_MHz: found 28000, expected a number in [1000, 10000] "
                      "(MHz; the validity range of model toy-excess, the test)"),
            std::string::npos);
  // A configuration built in code is checked against the same schema.
  ModelConfig c;
  c.name = kToy;
  c.params["excess_dB"] = -1.0;
  try {
    make_path_loss_model(c);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "propagation.toy.excess_dB: found -1, expected a number in [0, 50] (dB)");
  }
}

TEST(ModelRegistry, MicRulesReadTheToyModelToo) {
  const std::string rules = R"([rules]
title = "t"
status = "example"
source = "the test"
[[band]]
name = "3.5GHz"
freq_min_GHz = 3.4
freq_max_GHz = 3.6
coverage_threshold_dBm = -80
coordination_threshold_dBm = -95
reference_bandwidth_MHz = 1
terminal_height_m = 1.5
[band.propagation]
model = "toy-excess"
excess_dB = 60
)";
  try {
    sim::parse_mic_rules(rules, "r.toml");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "r.toml:15:13: band[0].propagation.excess_dB: found 60, expected a number in [0, "
              "50] (dB)");
  }
}

// ---------------------------------------------------------------------------------------------

/// Every model but the toy one of this file.
std::vector<const ModelEntry*> shipped_models() {
  std::vector<const ModelEntry*> out;
  for (const ModelEntry* e : registered_models()) {
    if (e->name != kToy) out.push_back(e);
  }
  return out;
}

TEST(ModelRegistry, TypedStructsStartAtTheSchemaDefaults) {
  for (const ModelEntry* e : shipped_models()) {
    ModelConfig built;
    built.name = e->name;
    ModelConfig defaults = built;
    apply_defaults(*e, ModelContext{}, defaults);
    for (const ParamSpec& p : e->parameters) {
      EXPECT_EQ(p.get(built), p.get(defaults)) << e->name << "." << p.name;
    }
    EXPECT_NO_THROW(make_path_loss_model(defaults)) << e->name;
  }
}

TEST(ModelRegistry, ScenarioAndMicRulesShareTheDefaults) {
  // One reading: a rules file's [band.propagation] gets the scenario defaults (tr38901: UMa,
  // probabilistic LoS; p1411: terrain LoS).
  const std::string rules = R"([rules]
title = "t"
status = "example"
source = "the test"
[[band]]
name = "28GHz"
freq_min_GHz = 28.2
freq_max_GHz = 29.1
coverage_threshold_dBm = -80
coordination_threshold_dBm = -95
reference_bandwidth_MHz = 1
terminal_height_m = 1.5
[band.propagation]
model = "tr38901"
)";
  const sim::MicRules r = sim::parse_mic_rules(rules, "r.toml");
  EXPECT_EQ(r.bands[0].model.config.scenario, "UMa");
  EXPECT_EQ(r.bands[0].model.config.los_mode, LosMode::Probabilistic);
}

// ---------------------------------------------------------------------------------------------
// docs/scenario-format.md

/// The rows of the table under each "### `[propagation.<table>]`" heading: table -> key ->
/// cells (key, type, unit, default, range, meaning).
using DocTables = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream ss(row.substr(1));
  std::string c;
  while (std::getline(ss, c, '|')) out.push_back(trim(c));
  return out;
}

/// A cell without Markdown code marks and without the quotes of a string.
std::string plain(std::string s) {
  std::string out;
  for (const char c : s) {
    if (c != '`') out += c;
  }
  if (out.size() >= 2 && out.front() == '"' && out.back() == '"')
    out = out.substr(1, out.size() - 2);
  return out == "–" ? std::string() : out;
}

std::string docs_text() {
  std::ifstream in(std::string(AKICHI_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

DocTables doc_tables(const std::string& text) {
  DocTables out;
  std::stringstream ss(text);
  std::string line, table;
  const std::string heading = "### `[propagation.";
  while (std::getline(ss, line)) {
    if (line.rfind("#", 0) == 0) {
      table.clear();
      if (line.rfind(heading, 0) == 0) {
        table = line.substr(heading.size(), line.find("]`") - heading.size());
        out[table];
      }
      continue;
    }
    if (table.empty() || line.rfind("| `", 0) != 0) continue;
    const std::vector<std::string> c = cells(line);
    out[table][plain(c[0])] = c;
  }
  return out;
}

/// The default as the docs write it (without code marks and quotes).
std::string docs_default(const ParamSpec& p) {
  if (p.type == ParamType::Path) return "";
  const std::string v = std::holds_alternative<std::string>(p.default_value)
                            ? std::get<std::string>(p.default_value)
                            : value_text(p.default_value);
  if (p.context_default != ContextDefault::None) {
    return "the study-area centre (" + v + " without one)";
  }
  return v;
}

TEST(ModelRegistry, ScenarioFormatDocsAgreeWithTheRegistry) {
  const std::string text = docs_text();
  ASSERT_FALSE(text.empty()) << "docs/scenario-format.md not found";
  const DocTables docs = doc_tables(text);
  // The [propagation] model row names every model.
  const std::string model_row = text.substr(text.find("| `model` | string |"));
  const std::string row = model_row.substr(0, model_row.find('\n'));
  std::map<std::string, bool> tables;
  // The models' tables, then the added-loss tables of any model (same schema, same check).
  std::vector<const ModelEntry*> entries = shipped_models();
  const std::size_t n_models = entries.size();
  for (const ModelEntry& t : added_loss_tables()) entries.push_back(&t);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const ModelEntry* e = entries[i];
    if (i < n_models) {
      EXPECT_NE(row.find("`\"" + e->name + "\"`"), std::string::npos)
          << "model " << e->name << " missing from the [propagation] model row";
    }
    if (e->parameters.empty()) continue;
    tables[e->table_name()] = true;
    const auto t = docs.find(e->table_name());
    if (t == docs.end()) {
      ADD_FAILURE() << "no ### `[propagation." << e->table_name() << "]` table for " << e->name;
      continue;
    }
    for (const ParamSpec& p : e->parameters) {
      const auto r = t->second.find(p.name);
      if (r == t->second.end()) {
        ADD_FAILURE() << "[propagation." << e->table_name() << "] " << p.name
                      << " missing from the docs";
        continue;
      }
      const std::vector<std::string>& c = r->second;
      ASSERT_GE(c.size(), 6u) << p.name;
      EXPECT_EQ(plain(c[2]), p.unit) << e->table_name() << "." << p.name << " unit";
      EXPECT_EQ(plain(c[3]), docs_default(p)) << e->table_name() << "." << p.name << " default";
    }
    for (const auto& [key, cols] : t->second) {
      EXPECT_NE(e->parameter(key), nullptr)
          << "[propagation." << e->table_name() << "] " << key << " is documented but unknown";
    }
  }
  for (const auto& [table, rows] : docs) {
    EXPECT_TRUE(tables.count(table)) << "[propagation." << table << "] is documented but no model "
                                     << "has this table";
  }
}

}  // namespace
}  // namespace akichi::prop::model_registry_test

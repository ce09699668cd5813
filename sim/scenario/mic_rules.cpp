#include "sim/scenario/mic_rules.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/input/toml_section.h"
#include "sim/scenario/model_params.h"

namespace akichi::sim {

using namespace toml_in;

double building_entry_loss_dB(const MicBuildingEntryLoss& bel, double freq_Hz) noexcept {
  switch (bel.kind) {
    case MicBuildingEntryLoss::Kind::None:
      return 0.0;
    case MicBuildingEntryLoss::Kind::Fixed:
      return bel.fixed_dB;
    case MicBuildingEntryLoss::Kind::P2109:
      return prop::p2109::building_entry_loss_dB(freq_Hz / 1e9, bel.probability, bel.building,
                                                 bel.elevation_deg);  // P.2109-2 eq. (1)
  }
  return 0.0;
}

namespace {

// [band.propagation]: `model`, `stand_in_for`, and the model's parameters as in a scenario's
// [propagation.<table>], with the same defaults (the registry's).
MicModelChoice parse_model(const Section& p) {
  MicModelChoice m;
  if (!p.has("model")) p.missing("model", "one of " + prop::model_names_text());
  std::vector<std::string_view> names;
  for (const prop::ModelEntry* e : prop::registered_models()) names.push_back(e->name);
  const prop::ModelEntry& entry = prop::model_entry(*p.choice("model", names));
  m.stand_in_for = p.string("stand_in_for").value_or("");
  // A rules file knows no study area: parameters defaulting to its centre take their fixed
  // defaults.
  read_model_parameters(p, entry, prop::ModelContext{}, m.config, {"model", "stand_in_for"});
  return m;
}

// [band.building_entry_loss]
MicBuildingEntryLoss parse_bel(const Section& b) {
  MicBuildingEntryLoss bel;
  if (!b.has("model")) b.missing("model", "one of 'none', 'fixed', 'p2109'");
  const std::string model = *b.choice("model", {"none", "fixed", "p2109"});
  if (model == "none") {
    b.check_keys({"model"}, "with model = 'none'");
  } else if (model == "fixed") {
    b.check_keys({"model", "loss_dB"}, "with model = 'fixed'");
    bel.kind = MicBuildingEntryLoss::Kind::Fixed;
    bel.fixed_dB = b.required_number("loss_dB", at_least(0, "dB"));
  } else {
    b.check_keys({"model", "probability", "building", "elevation_deg"}, "with model = 'p2109'");
    bel.kind = MicBuildingEntryLoss::Kind::P2109;
    bel.probability = b.required_number("probability", open_range(0, 1, ""));
    const std::string type =
        b.choice("building", {"traditional", "thermally_efficient"}).value_or("traditional");
    bel.building = type == "traditional" ? prop::p2109::BuildingType::Traditional
                                         : prop::p2109::BuildingType::ThermallyEfficient;
    bel.elevation_deg = b.number_or("elevation_deg", 0.0, closed(-90, 90, "deg"));
  }
  return bel;
}

std::string ghz(double f_Hz) {
  return num(f_Hz / 1e9);
}

// [band.municipal_eligibility]: the sub-band, indoor_only and the reference station's EIRP.
MicMunicipalRule parse_municipal(const Section& m, const MicBandRule& band) {
  m.check_keys({"freq_min_Hz", "freq_min_MHz", "freq_min_GHz", "freq_max_Hz", "freq_max_MHz",
                "freq_max_GHz", "indoor_only", "reference_eirp_dBm"});
  MicMunicipalRule r;
  const std::vector<double> scales = {1.0, 1e6, 1e9};
  const std::vector<std::string_view> lo = {"freq_min_Hz", "freq_min_MHz", "freq_min_GHz"};
  const std::vector<std::string_view> hi = {"freq_max_Hz", "freq_max_MHz", "freq_max_GHz"};
  r.freq_min_Hz = *m.scaled(lo, scales, positive("Hz"), true);
  r.freq_max_Hz = *m.scaled(hi, scales, positive("Hz"), true);
  const std::string range = ghz(band.freq_min_Hz) + "-" + ghz(band.freq_max_Hz) + " GHz";
  if (r.freq_min_Hz < band.freq_min_Hz)
    m.fail(lo[static_cast<std::size_t>(m.one_of(lo, true))], ghz(r.freq_min_Hz) + " GHz",
           "a frequency inside the band (" + range + ")");
  if (!(r.freq_max_Hz > r.freq_min_Hz) || r.freq_max_Hz > band.freq_max_Hz)
    m.fail(hi[static_cast<std::size_t>(m.one_of(hi, true))], ghz(r.freq_max_Hz) + " GHz",
           "a frequency above freq_min (" + ghz(r.freq_min_Hz) + " GHz) inside the band (" + range +
               ")");
  if (!m.has("indoor_only")) m.missing("indoor_only", "true or false");
  r.indoor_only = *m.boolean("indoor_only");
  r.reference_eirp_dBm = m.required_number("reference_eirp_dBm", closed(-100, 100, "dBm"));
  return r;
}

MicBandRule parse_band(const Section& s) {
  s.check_keys({"name", "freq_min_Hz", "freq_min_MHz", "freq_min_GHz", "freq_max_Hz",
                "freq_max_MHz", "freq_max_GHz", "coverage_threshold_dBm",
                "coordination_threshold_dBm", "reference_bandwidth_Hz", "reference_bandwidth_MHz",
                "terminal_height_m", "propagation", "building_entry_loss",
                "municipal_eligibility"});
  MicBandRule r;
  if (!s.has("name")) s.missing("name", "a band name such as \"4.7GHz\"");
  r.name = *s.string("name");
  if (r.name.empty()) s.fail("name", "an empty string", "a band name such as \"4.7GHz\"");
  const std::vector<double> scales = {1.0, 1e6, 1e9};
  r.freq_min_Hz =
      *s.scaled({"freq_min_Hz", "freq_min_MHz", "freq_min_GHz"}, scales, positive("Hz"), true);
  r.freq_max_Hz =
      *s.scaled({"freq_max_Hz", "freq_max_MHz", "freq_max_GHz"}, scales, positive("Hz"), true);
  if (!(r.freq_max_Hz > r.freq_min_Hz)) {
    const int i = s.one_of({"freq_max_Hz", "freq_max_MHz", "freq_max_GHz"}, true);
    const std::string_view key = i == 0 ? "freq_max_Hz" : i == 1 ? "freq_max_MHz" : "freq_max_GHz";
    s.fail(key, ghz(r.freq_max_Hz) + " GHz",
           "a frequency above freq_min (" + ghz(r.freq_min_Hz) + " GHz)");
  }
  const Range power = closed(-300, 100, "dBm");
  r.coverage_threshold_dBm = s.required_number("coverage_threshold_dBm", power);
  r.coordination_threshold_dBm = s.required_number("coordination_threshold_dBm", power);
  if (!(r.coordination_threshold_dBm <= r.coverage_threshold_dBm))
    s.fail("coordination_threshold_dBm", num(r.coordination_threshold_dBm) + " dBm",
           "a level <= coverage_threshold_dBm (" + num(r.coverage_threshold_dBm) +
               " dBm): the coordination area contains the cover area");
  r.reference_bandwidth_Hz = *s.scaled({"reference_bandwidth_Hz", "reference_bandwidth_MHz"},
                                       {1.0, 1e6}, positive("Hz"), true);
  r.terminal_height_m = s.required_number("terminal_height_m", open_range(0, 1000, "m"));

  const toml::table* p = s.table("propagation");
  if (!p) s.missing("propagation", "a table [band.propagation] with the model");
  r.model = parse_model(Section(s.ctx(), *p, s.field("propagation")));
  const toml::table* b = s.table("building_entry_loss");
  if (b) r.building_entry_loss = parse_bel(Section(s.ctx(), *b, s.field("building_entry_loss")));
  if (const toml::table* m = s.table("municipal_eligibility"))
    r.municipal_eligibility =
        parse_municipal(Section(s.ctx(), *m, s.field("municipal_eligibility")), r);
  return r;
}

}  // namespace

MicRules parse_mic_rules(const std::string& text, const std::string& path) {
  const Context ctx{path, std::filesystem::path(path).parent_path()};
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    std::string d(e.description());
    if (!d.empty()) d[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(d[0])));
    throw_input_error(ctx.at(e.source()), "TOML syntax", d,
                      "a valid TOML document (https://toml.io/en/v1.0.0)");
  }
  const Section top(ctx, root, "");
  top.check_keys({"rules", "band"});

  MicRules rules;
  rules.path = path;
  const toml::table* rt = top.table("rules");
  if (!rt) top.missing("rules", "a table [rules] with title, status and source");
  const Section r(ctx, *rt, "rules");
  r.check_keys({"title", "status", "source"});
  rules.title = r.string("title").value_or("");
  if (!r.has("status")) r.missing("status", "'example' or 'official'");
  rules.status = *r.choice("status", {"example", "official"});
  if (!r.has("source")) r.missing("source", "a string naming where the numbers come from");
  rules.source = *r.string("source");
  if (rules.source.empty())
    r.fail("source", "an empty string", "a string naming where the numbers come from");

  const toml::array* bands = top.tables("band", "one or more [[band]] tables");
  if (!bands) top.missing("band", "one or more [[band]] tables");
  for (std::size_t i = 0; i < bands->size(); ++i) {
    const toml::table* t = bands->get(i)->as_table();
    const Section s(ctx, *t, "band[" + std::to_string(i) + "]");
    MicBandRule band = parse_band(s);
    for (const MicBandRule& other : rules.bands) {
      if (other.name == band.name)
        s.fail("name", in_quotes(band.name) + ", already used by an earlier band",
               "a name of its own");
      if (band.freq_min_Hz <= other.freq_max_Hz && other.freq_min_Hz <= band.freq_max_Hz)
        throw_input_error(s.where(), s.field("freq_min"),
                          fmt::format("{}-{} GHz, which overlaps band '{}' ({}-{} GHz)",
                                      ghz(band.freq_min_Hz), ghz(band.freq_max_Hz), other.name,
                                      ghz(other.freq_min_Hz), ghz(other.freq_max_Hz)),
                          "bands that do not overlap");
    }
    rules.bands.push_back(std::move(band));
  }
  return rules;
}

MicRules load_mic_rules(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw_input_error({path, 0, 0}, "rules file", "a file that cannot be opened",
                      "a readable TOML rules file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_mic_rules(text.str(), path);
}

const MicBandRule& rule_for(const MicRules& rules, double freq_Hz) {
  for (const MicBandRule& b : rules.bands)
    if (freq_Hz >= b.freq_min_Hz && freq_Hz <= b.freq_max_Hz) return b;
  std::string bands;
  for (const MicBandRule& b : rules.bands)
    bands += fmt::format("{}'{}' ({}-{} GHz)", bands.empty() ? "" : ", ", b.name,
                         ghz(b.freq_min_Hz), ghz(b.freq_max_Hz));
  throw_input_error({rules.path, 0, 0}, "frequency", ghz(freq_Hz) + " GHz",
                    "a frequency inside one of the bands " + bands);
}

const MicBandRule* municipal_band(const MicRules& rules) {
  for (const MicBandRule& b : rules.bands)
    if (b.municipal_eligibility) return &b;
  return nullptr;
}

}  // namespace akichi::sim

// Model parameters from TOML, and the models listing. See the header.
#include "sim/scenario/model_params.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace akichi::sim {

using namespace toml_in;

namespace {

prop::ParamValue read_value(const Section& t, const prop::ParamSpec& p) {
  switch (p.type) {
    case prop::ParamType::Number:
      return *t.number(p.name, Range{p.min, p.max, p.min_open, p.max_open, p.unit});
    case prop::ParamType::Integer:
      return static_cast<double>(
          *t.integer(p.name, static_cast<std::int64_t>(p.min), static_cast<std::int64_t>(p.max)));
    case prop::ParamType::Boolean:
      return *t.boolean(p.name);
    case prop::ParamType::Choice: {
      const std::vector<std::string_view> choices(p.choices.begin(), p.choices.end());
      return *t.choice(p.name, choices);
    }
    case prop::ParamType::Path:
      return t.ctx().resolve(*t.string(p.name, "a file path: " + p.help));
  }
  return {};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

void read_model_parameters(const Section& t, const prop::ModelEntry& entry,
                           const prop::ModelContext& context, prop::ModelConfig& config,
                           const std::vector<std::string_view>& other_keys) {
  config.name = entry.name;
  std::vector<std::string_view> keys(other_keys);
  for (const prop::ParamSpec& p : entry.parameters) keys.push_back(p.name);
  t.check_keys(keys);
  prop::apply_defaults(entry, context, config);
  for (const prop::ParamSpec& p : entry.parameters) {
    if (!p.excludes.empty()) t.one_of({p.name, p.excludes}, false);  // not both
    if (t.has(p.name)) p.set(config, read_value(t, p));
  }
  // Keys that apply only with some values of a choice (e.g. TR 38.901 RMa-only keys).
  auto applies = [&](const prop::ParamSpec& p) {
    return p.when_key.empty() ||
           contains(p.when_values, std::get<std::string>(entry.parameter(p.when_key)->get(config)));
  };
  for (const prop::ParamSpec& p : entry.parameters) {
    if (applies(p) || !t.has(p.name)) continue;
    const std::string now = std::get<std::string>(entry.parameter(p.when_key)->get(config));
    std::vector<std::string_view> used;
    for (const prop::ParamSpec& q : entry.parameters) {
      if (applies(q)) used.push_back(q.name);
    }
    throw_input_error(
        t.where_key(p.name), t.field(p.name),
        fmt::format("key '{}', not used with {} = {}", p.name, p.when_key, in_quotes(now)),
        "one of " + join(used));
  }
  prop::validate_parameters(
      entry, config,
      prop::Reject(t.name(), [&t](std::string_view key, std::string_view found,
                                  std::string_view expected) { t.fail(key, found, expected); }));
}

namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : std::string("null");
}

std::string json_value(const prop::ParamValue& v) {
  if (const double* d = std::get_if<double>(&v)) return json_number(*d);
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return json_string(std::get<std::string>(v));
}

std::string json_interval(const std::optional<prop::Interval>& i) {
  if (!i) return "null";
  return fmt::format("{{\"min\": {}, \"max\": {}}}", json_number(i->min), json_number(i->max));
}

std::string_view type_name(prop::ParamType t) {
  switch (t) {
    case prop::ParamType::Number:
      return "number";
    case prop::ParamType::Integer:
      return "integer";
    case prop::ParamType::Boolean:
      return "boolean";
    case prop::ParamType::Choice:
      return "string";
    case prop::ParamType::Path:
      return "path";
  }
  return "";
}

std::string_view default_source(prop::ContextDefault d) {
  switch (d) {
    case prop::ContextDefault::AreaCentreLatitude:
      return "study-area centre latitude";
    case prop::ContextDefault::AreaCentreLongitude:
      return "study-area centre longitude";
    case prop::ContextDefault::None:
      break;
  }
  return "";
}

std::string json_parameter(const prop::ParamSpec& p) {
  const bool ranged = p.type == prop::ParamType::Number || p.type == prop::ParamType::Integer;
  std::string choices = "[";
  for (std::size_t i = 0; i < p.choices.size(); ++i) {
    choices += (i ? ", " : "") + json_string(p.choices[i]);
  }
  choices += "]";
  std::string only_with = "null";
  if (!p.when_key.empty()) {
    std::string values;
    for (const std::string& v : p.when_values)
      values += (values.empty() ? "" : ", ") + json_string(v);
    only_with = fmt::format("{{{}: [{}]}}", json_string(p.when_key), values);
  }
  return fmt::format(
      "{{\"name\": {}, \"type\": {}, \"unit\": {}, \"min\": {}, \"max\": {}, "
      "\"min_exclusive\": {}, \"max_exclusive\": {}, \"default\": {}, \"default_from\": {}, "
      "\"choices\": {}, \"only_with\": {}, \"help\": {}}}",
      json_string(p.name), json_string(type_name(p.type)), json_string(p.unit),
      ranged ? json_number(p.min) : "null", ranged ? json_number(p.max) : "null",
      ranged && p.min_open ? "true" : "false", ranged && p.max_open ? "true" : "false",
      json_value(p.default_value),
      p.context_default == prop::ContextDefault::None
          ? std::string("null")
          : json_string(default_source(p.context_default)),
      choices, only_with, json_string(p.help));
}

std::string human_interval(const std::optional<prop::Interval>& i, double scale,
                           std::string_view unit) {
  if (!i) return "-";
  return fmt::format("{}-{} {}", i->min / scale, i->max / scale, unit);
}

std::string range_text(const prop::ParamSpec& p) {
  if (p.type == prop::ParamType::Choice) return join_quoted({p.choices.begin(), p.choices.end()});
  if (p.type == prop::ParamType::Boolean) return "true, false";
  if (p.type == prop::ParamType::Path) return "a file";
  return prop::expected_text(p);
}

}  // namespace

std::string models_json() {
  std::string out = "[";
  bool first_model = true;
  for (const prop::ModelEntry* e : prop::registered_models()) {
    const prop::ModelDomain& d = e->domain;
    std::string params;
    for (const prop::ParamSpec& p : e->parameters) {
      params += (params.empty() ? "\n      " : ",\n      ") + json_parameter(p);
    }
    out += fmt::format(
        "{}\n  {{\"name\": {}, \"table\": {}, \"summary\": {},\n   \"domain\": {{\"frequency_Hz\": "
        "{}, \"frequency_enforced\": {}, \"distance_m\": {}, \"tx_height_m\": {}, "
        "\"rx_height_m\": {}, \"source\": {}}},\n   \"path_length\": {{\"distance\": {}, "
        "\"source\": {}}},\n   \"parameters\": [{}]}}",
        first_model ? "" : ",", json_string(e->name), json_string(e->table_name()),
        json_string(e->summary), json_interval(d.frequency_Hz),
        d.frequency_enforced ? "true" : "false", json_interval(d.distance_m),
        json_interval(d.tx_height_m), json_interval(d.rx_height_m), json_string(d.source),
        json_string(std::string(prop::distance_kind_name(e->distance))),
        json_string(e->distance_source), params);
    first_model = false;
  }
  return out + "\n]\n";
}

std::string domain_text(const prop::ModelDomain& d) {
  return fmt::format("frequency {}{}, distance {}, tx height {}, rx height {} ({})",
                     human_interval(d.frequency_Hz, 1e6, "MHz"),
                     d.frequency_enforced ? " (stations outside are refused)" : "",
                     human_interval(d.distance_m, 1e3, "km"), human_interval(d.tx_height_m, 1, "m"),
                     human_interval(d.rx_height_m, 1, "m"), d.source);
}

std::string models_table() {
  std::string out;
  for (const prop::ModelEntry* e : prop::registered_models()) {
    out += fmt::format("{}  [propagation.{}]\n  {}\n", e->name, e->table_name(), e->summary);
    out += fmt::format("  domain: {}\n", domain_text(e->domain));
    out += fmt::format("  path length (without [terrain] distance): {}\n",
                       prop::distance_text(e->name, std::nullopt));
    if (e->parameters.empty()) out += "  no parameters\n";
    for (const prop::ParamSpec& p : e->parameters) {
      std::string only;
      if (!p.when_key.empty()) {
        only = fmt::format(" (only with {} = {})", p.when_key,
                           join({p.when_values.begin(), p.when_values.end()}, " | "));
      }
      out += fmt::format("  {:<28} {:<10} default {:<22} {}\n    {}{}\n", p.name,
                         p.unit.empty() ? "-" : p.unit, prop::default_text(p), range_text(p),
                         p.help, only);
    }
    out += "\n";
  }
  return out;
}

}  // namespace akichi::sim

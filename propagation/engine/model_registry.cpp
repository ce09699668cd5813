// The model registry. See the header.
#include "propagation/engine/model_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "base/errors.h"
#include "propagation/engine/added_losses.h"

namespace akichi::prop {

namespace {

std::string num(double v) {
  return fmt::format("{}", v);
}

std::vector<std::unique_ptr<ModelEntry>>& storage() {
  static std::vector<std::unique_ptr<ModelEntry>> entries;
  return entries;
}

std::vector<const ModelEntry*>& sorted() {
  static std::vector<const ModelEntry*> view;
  return view;
}

double context_value(ContextDefault d, const ModelContext& ctx, bool& found) {
  std::optional<double> v;
  if (d == ContextDefault::AreaCentreLatitude) v = ctx.centre_lat_deg;
  if (d == ContextDefault::AreaCentreLongitude) v = ctx.centre_lon_deg;
  found = v.has_value();
  return v.value_or(0.0);
}

}  // namespace

std::string value_text(const ParamValue& v) {
  if (const double* d = std::get_if<double>(&v)) return num(*d);
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "'" + std::get<std::string>(v) + "'";
}

std::string expected_text(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::Boolean:
      return "true or false";
    case ParamType::Path:
      return "a file path";
    case ParamType::Choice: {
      std::string s = "one of ";
      for (std::size_t i = 0; i < p.choices.size(); ++i) {
        s += (i ? ", " : "") + p.choices[i];
      }
      return s;
    }
    case ParamType::Integer:
      return fmt::format("an integer in [{}, {}]", num(p.min), num(p.max));
    case ParamType::Number:
      break;
  }
  // The wording of sim/scenario/toml_section.h's Range::text().
  const double inf = std::numeric_limits<double>::infinity();
  std::string s;
  if (p.min == -inf && p.max == inf) {
    s = "a number";
  } else if (p.max == inf) {
    s = fmt::format("a number {} {}", p.min_open ? ">" : ">=", num(p.min));
  } else if (p.min == -inf) {
    s = fmt::format("a number {} {}", p.max_open ? "<" : "<=", num(p.max));
  } else {
    s = fmt::format("a number in {}{}, {}{}", p.min_open ? "(" : "[", num(p.min), num(p.max),
                    p.max_open ? ")" : "]");
  }
  if (!p.unit.empty()) s += fmt::format(" ({})", p.unit);
  return s;
}

std::string default_text(const ParamSpec& p) {
  if (p.context_default != ContextDefault::None) {
    return fmt::format("the study area's centre ({} without one)", value_text(p.default_value));
  }
  if (p.type == ParamType::Path) return "none";
  return value_text(p.default_value);
}

std::string rejected_value(const ParamSpec& p, const ParamValue& v) {
  switch (p.type) {
    case ParamType::Number:
    case ParamType::Integer: {
      const double* d = std::get_if<double>(&v);
      if (d == nullptr) return value_text(v);
      const double x = *d;
      const bool ok = std::isfinite(x) && (p.min_open ? x > p.min : x >= p.min) &&
                      (p.max_open ? x < p.max : x <= p.max) &&
                      (p.type == ParamType::Number || x == std::floor(x));
      return ok ? std::string() : num(x);
    }
    case ParamType::Boolean:
      return std::holds_alternative<bool>(v) ? std::string() : value_text(v);
    case ParamType::Choice: {
      const std::string* s = std::get_if<std::string>(&v);
      if (s != nullptr && std::find(p.choices.begin(), p.choices.end(), *s) != p.choices.end()) {
        return {};
      }
      return value_text(v);
    }
    case ParamType::Path:
      return std::holds_alternative<std::string>(v) ? std::string() : value_text(v);
  }
  return value_text(v);
}

void Reject::operator()(std::string_view key, std::string_view found,
                        std::string_view expected) const {
  if (locate_) locate_(key, found, expected);
  throw_input_error(InputLocation{}, field_ + "." + std::string(key), found, expected);
}

const ParamSpec* ModelEntry::parameter(std::string_view key) const {
  for (const ParamSpec& p : parameters) {
    if (p.name == key) return &p;
  }
  return nullptr;
}

void register_model(ModelEntry entry) {
  for (const auto& e : storage()) {
    if (e->name == entry.name || e->table_name() == entry.table_name()) {
      throw std::logic_error("model registry: '" + entry.name + "' registered twice");
    }
  }
  if (!entry.make) throw std::logic_error("model registry: '" + entry.name + "' has no factory");
  if (!entry.time_percent_parameter.empty() && !entry.parameter(entry.time_percent_parameter)) {
    throw std::logic_error("model registry: '" + entry.name + "' has no parameter '" +
                           entry.time_percent_parameter + "'");
  }
  for (const ParamSpec& p : entry.parameters) {
    if (!p.set || !p.get || !rejected_value(p, p.default_value).empty()) {
      throw std::logic_error("model registry: parameter " + entry.name + "." + p.name +
                             " has no binding or a default its range refuses");
    }
  }
  if (entry.distance_source.empty()) {
    throw std::logic_error("model registry: " + entry.name +
                           " does not say how its source measures a path's length");
  }
  storage().push_back(std::make_unique<ModelEntry>(std::move(entry)));
  auto& view = sorted();
  view.clear();
  for (const auto& e : storage()) view.push_back(e.get());
  std::sort(view.begin(), view.end(),
            [](const ModelEntry* a, const ModelEntry* b) { return a->name < b->name; });
}

const std::vector<const ModelEntry*>& registered_models() {
  return sorted();
}

const ModelEntry* find_model(std::string_view name) {
  for (const ModelEntry* e : sorted()) {
    if (e->name == name) return e;
  }
  return nullptr;
}

std::string model_names_text() {
  std::string s;
  for (const ModelEntry* e : sorted()) s += (s.empty() ? "\"" : ", \"") + e->name + "\"";
  return s;
}

const ModelEntry& model_entry(std::string_view name) {
  const ModelEntry* e = find_model(name);
  if (e == nullptr) {
    throw_input_error(InputLocation{}, "propagation.model", "'" + std::string(name) + "'",
                      "one of " + model_names_text());
  }
  return *e;
}

DistanceKind distance_for(std::string_view model_name, std::optional<DistanceKind> given) {
  if (given) return *given;
  const ModelEntry* e = find_model(model_name);
  return e != nullptr ? e->distance : DistanceKind::Plane;
}

std::string distance_text(std::string_view model_name, std::optional<DistanceKind> given) {
  const std::string_view kind = distance_kind_name(distance_for(model_name, given));
  if (given) return fmt::format("{} (given by [terrain] distance)", kind);
  const ModelEntry* e = find_model(model_name);
  if (e == nullptr) return fmt::format("{} (the model prescribes none)", kind);
  return fmt::format("{} ({}{})", kind, e->distance == DistanceKind::Plane ? "" : "prescribed by ",
                     e->distance_source);
}

void apply_defaults(const ModelEntry& entry, const ModelContext& context, ModelConfig& config) {
  for (const ParamSpec& p : entry.parameters) {
    bool found = false;
    const double v = context_value(p.context_default, context, found);
    if (found) {
      // Moved into the parameter's range (e.g. P.1812 accepts |latitude| <= 80 deg only).
      p.set(config, std::clamp(v, p.min, p.max));
    } else {
      p.set(config, p.default_value);
    }
  }
}

void validate_parameters(const ModelEntry& entry, const ModelConfig& config, const Reject& reject) {
  for (const ParamSpec& p : entry.parameters) {
    const std::string found = rejected_value(p, p.get(config));
    if (!found.empty()) reject(p.name, found, expected_text(p));
  }
  if (entry.check) entry.check(config, reject);
}

std::optional<Interval> enforced_frequency_range(const ModelConfig& config) {
  const ModelEntry* e = find_model(config.name);
  if (e == nullptr || !e->domain.frequency_enforced) return std::nullopt;
  if (e->frequency_for) return e->frequency_for(config);
  return e->domain.frequency_Hz;
}

namespace {

/// ModelConfig::params[key], or the default of the model's parameter `key`.
const ParamValue& stored_value(const ModelConfig& c, std::string_view key) {
  const auto it = c.params.find(key);
  if (it != c.params.end()) return it->second;
  const ModelEntry* e = find_model(c.name);
  const ParamSpec* p = e != nullptr ? e->parameter(key) : nullptr;
  if (p == nullptr) {
    throw std::logic_error("model '" + c.name + "' has no parameter '" + std::string(key) + "'");
  }
  return p->default_value;
}

}  // namespace

double ModelConfig::number(std::string_view key) const {
  return std::get<double>(stored_value(*this, key));
}

bool ModelConfig::flag(std::string_view key) const {
  return std::get<bool>(stored_value(*this, key));
}

std::string ModelConfig::text(std::string_view key) const {
  return std::get<std::string>(stored_value(*this, key));
}

std::unique_ptr<PathLossModel> make_path_loss_model(const ModelConfig& config) {
  const ModelEntry& e = model_entry(config.name);
  validate_parameters(e, config, Reject(e.field()));
  return with_added_losses(e.make(config), config);
}

}  // namespace akichi::prop

// The registry of path-loss models: one entry per model, written in the model's adapter file
// (propagation/engine/adapters/<model>.cpp) and registered at start-up by a ModelRegistration.
// An entry holds everything the rest of the program needs to know about the model: its name,
// its scenario table [propagation.<table>], the schema of its parameters (unit, valid range,
// default, allowed values, help), its domain with the source of the limits, and its factory.
// Scenario parsing, the MIC rules reader, `akichi check` and `akichi models` read it; nothing
// else names a model.
//
// Adding a model: one file propagation/engine/adapters/<model>.cpp with the PathLossModel, a
// function returning its ModelEntry and a `const ModelRegistration` of it (the build picks the
// file up; parameters without a typed struct in ModelConfig bind with Stored{}), its unit test,
// and its table in docs/scenario-format.md (tests/unit/propagation/engine/model_registry_test.cpp
// fails until the docs agree). The toy model of that test is a complete example.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "propagation/engine/model_config.h"
#include "propagation/engine/path_loss_model.h"
#include "propagation/geo/distance.h"

namespace akichi::prop {

enum class ParamType {
  Number,   ///< a real number in [min, max]
  Integer,  ///< an integer in [min, max]
  Boolean,  ///< true or false
  Choice,   ///< one of `choices`
  Path,     ///< a file path, relative to the file that gives it; "" = none
};

/// Where the default of a parameter comes from when its key is absent and the reader knows the
/// study area (a scenario does, a MIC rules file does not): the area's centre, moved into the
/// parameter's range. Without a study area the fixed default applies.
enum class ContextDefault { None, AreaCentreLatitude, AreaCentreLongitude };

/// What the reader knows about the study when it fills the parameters.
struct ModelContext {
  std::optional<double> centre_lat_deg;  ///< WGS 84 latitude of the study area's centre
  std::optional<double> centre_lon_deg;  ///< WGS 84 longitude of the study area's centre
};

/// One parameter of a model: the key of its scenario table and its schema.
struct ParamSpec {
  std::string name;  ///< key in [propagation.<table>]
  ParamType type = ParamType::Number;
  std::string unit;  ///< "" for dimensionless quantities and strings
  double min = -std::numeric_limits<double>::infinity();  ///< Number, Integer
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false, max_open = false;  ///< (min, ...) / (..., max)
  ParamValue default_value;
  ContextDefault context_default = ContextDefault::None;
  std::vector<std::string> choices;  ///< Choice: the allowed values
  /// A key this one may not be given with (the two are alternatives, e.g. a value or a map).
  std::string excludes;
  /// When not empty, the key is allowed only while the Choice parameter `when_key` has one of
  /// `when_values` (e.g. TR 38.901 RMa-only keys).
  std::string when_key;
  std::vector<std::string> when_values;
  std::string help;  ///< one line
  std::function<void(ModelConfig&, const ParamValue&)> set;
  std::function<ParamValue(const ModelConfig&)> get;
};

/// "a number in [0.001, 50] (%)", "an integer in [1, 7]", "one of vertical, horizontal", ...
std::string expected_text(const ParamSpec& p);
/// The default as the documentation writes it: 50, 4/3 is "1.33333", "vertical" in quotes, true.
std::string default_text(const ParamSpec& p);
/// "" when `v` is a value `p` accepts; otherwise what was found, for the message.
std::string rejected_value(const ParamSpec& p, const ParamValue& v);
/// A value as text: numbers shortest, strings in single quotes, booleans true/false.
std::string value_text(const ParamValue& v);

/// A closed interval of a domain.
struct Interval {
  double min, max;
};

/// Where a model is defined. Absent intervals: the source states no limit. Only the frequency
/// range may be enforced (stations outside it are refused); the others inform.
struct ModelDomain {
  std::optional<Interval> frequency_Hz;
  bool frequency_enforced = false;
  std::optional<Interval> distance_m;   ///< link distance
  std::optional<Interval> tx_height_m;  ///< transmitter (base station) height above ground
  std::optional<Interval> rx_height_m;  ///< receiver (terminal) height above ground
  std::string source;                   ///< the citation of the limits
  /// The citation of the frequency range alone, for messages refusing a station ("" = source).
  std::string frequency_source;
};

/// Reports a parameter problem and throws: an InputError naming the key in the real table
/// (with file:line:col when the reader knows them).
class Reject {
 public:
  using Locate =
      std::function<void(std::string_view key, std::string_view found, std::string_view expected)>;
  /// `field` names the table, e.g. "propagation.p452-18"; `locate`, when set, must throw.
  explicit Reject(std::string field, Locate locate = {})
      : field_(std::move(field)), locate_(std::move(locate)) {}
  [[noreturn]] void operator()(std::string_view key, std::string_view found,
                               std::string_view expected) const;

 private:
  std::string field_;
  Locate locate_;
};

/// One model.
struct ModelEntry {
  std::string name;     ///< the value of `model` in [propagation]
  std::string table;    ///< [propagation.<table>]; "" = the name
  std::string summary;  ///< one line: what the model is, with its source
  ModelDomain domain;
  std::vector<ParamSpec> parameters;
  /// The parameter a receiver's short-term interference criterion sets to its time percentage
  /// (the loss not exceeded for that percentage of time), or "" when the model has none.
  std::string time_percent_parameter;
  /// How the model's source measures a path's length: the default of [terrain] distance for
  /// this model's links (docs/methods.md, "Profiles: lengths").
  DistanceKind distance = DistanceKind::Plane;
  /// Where the source prescribes it (the citation), or why the plane; never empty.
  std::string distance_source;
  /// Rules between parameters the schema cannot state (may be empty). Calls `reject`.
  std::function<void(const ModelConfig&, const Reject&)> check;
  /// The frequency domain for a given configuration, when it depends on a parameter (may be
  /// empty: `domain.frequency_Hz`).
  std::function<std::optional<Interval>(const ModelConfig&)> frequency_for;
  /// Builds the model from validated parameters.
  std::function<std::unique_ptr<PathLossModel>(const ModelConfig&)> make;

  const std::string& table_name() const { return table.empty() ? name : table; }
  /// "propagation.<table>"
  std::string field() const { return "propagation." + table_name(); }
  const ParamSpec* parameter(std::string_view key) const;
};

/// Adds `entry` to the registry. Throws std::logic_error for a name or table already taken or
/// an entry whose defaults its own schema refuses.
void register_model(ModelEntry entry);

/// Registers an entry during static initialisation: `const ModelRegistration r{entry()};` in the
/// adapter file (the library is linked whole, so every adapter file is part of the program).
struct ModelRegistration {
  explicit ModelRegistration(ModelEntry entry) { register_model(std::move(entry)); }
};

/// Every registered model, sorted by name.
const std::vector<const ModelEntry*>& registered_models();
/// The entry of `name`, or null.
const ModelEntry* find_model(std::string_view name);
/// The entry of `name`; InputError "propagation.model: found 'x', expected one of ..." if none.
const ModelEntry& model_entry(std::string_view name);
/// "\"ehata-ntia\", \"extended-hata\", ..." in registry order.
std::string model_names_text();

/// The measure of length of the links of the model `model_name`: `given` ([terrain] distance)
/// when the user set one, otherwise the one the model's entry prescribes (the plane for a model
/// outside the registry, which prescribes nothing).
DistanceKind distance_for(std::string_view model_name, std::optional<DistanceKind> given);
/// That measure and why, for people: "great-circle (prescribed by ITU-R P.452-18 ...)",
/// "plane (the study plane of TR 38.901 ...)" or "geodesic (given by [terrain] distance)".
std::string distance_text(std::string_view model_name, std::optional<DistanceKind> given);

/// Sets every parameter of `entry` in `config` to its default (the context's when it has one).
void apply_defaults(const ModelEntry& entry, const ModelContext& context, ModelConfig& config);
/// Checks every parameter value of `config` against the schema, then the entry's own rules;
/// the first problem goes to `reject`.
void validate_parameters(const ModelEntry& entry, const ModelConfig& config, const Reject& reject);

/// The frequency domain of `config`'s model when the model enforces one.
std::optional<Interval> enforced_frequency_range(const ModelConfig& config);

// ---------------------------------------------------------------------------------------------
// Writing an entry's parameters. `field` is a lambda taking `auto& config` and returning a
// reference to the member the parameter fills, e.g. [](auto& c) -> auto& { return c.itm.N_0; },
// or Stored{}: the value is kept in ModelConfig::params under the parameter's name (for models
// without a typed struct in ModelConfig).

struct Stored {};

/// `p` bound to ModelConfig::params[p.name].
inline ParamSpec stored(ParamSpec p) {
  p.set = [key = p.name](ModelConfig& c, const ParamValue& v) { c.params[key] = v; };
  p.get = [key = p.name, def = p.default_value](const ModelConfig& c) -> ParamValue {
    const auto it = c.params.find(key);
    return it == c.params.end() ? def : it->second;
  };
  return p;
}

/// A valid range: [min, max] with either end open or unbounded.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false, max_open = false;
};
inline Bounds closed(double lo, double hi) {
  return {lo, hi, false, false};
}
inline Bounds open(double lo, double hi) {
  return {lo, hi, true, true};
}
inline Bounds at_least(double lo) {
  return {lo, std::numeric_limits<double>::infinity(), false, false};
}
inline Bounds above(double lo) {
  return {lo, std::numeric_limits<double>::infinity(), true, false};
}

/// Binds a parameter to its typed field of ModelConfig: `to` turns a ParamValue into the field's
/// value, `from` the field's value back; a parameter of the generic store (Stored) is bound there.
template <class F, class To, class From>
ParamSpec bind_field(ParamSpec p, F field, To to, From from) {
  if constexpr (std::is_same_v<F, Stored>) {
    return stored(std::move(p));
  } else {
    p.set = [field, to](ModelConfig& c, const ParamValue& v) { field(c) = to(v); };
    p.get = [field, from](const ModelConfig& c) -> ParamValue { return from(field(c)); };
    return p;
  }
}

template <class F>
ParamSpec number_param(std::string name, std::string unit, Bounds b, double def, std::string help,
                       F field) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Number;
  p.unit = std::move(unit);
  p.min = b.min;
  p.max = b.max;
  p.min_open = b.min_open;
  p.max_open = b.max_open;
  p.default_value = def;
  p.help = std::move(help);
  return bind_field(
      std::move(p), field, [](const ParamValue& v) { return std::get<double>(v); },
      [](auto x) -> ParamValue { return static_cast<double>(x); });
}

template <class F>
ParamSpec integer_param(std::string name, int lo, int hi, int def, std::string help, F field) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Integer;
  p.min = lo;
  p.max = hi;
  p.default_value = static_cast<double>(def);
  p.help = std::move(help);
  return bind_field(
      std::move(p), field,
      [](const ParamValue& v) { return static_cast<int>(std::get<double>(v)); },
      [](auto x) -> ParamValue { return static_cast<double>(x); });
}

template <class F>
ParamSpec boolean_param(std::string name, bool def, std::string help, F field) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Boolean;
  p.default_value = def;
  p.help = std::move(help);
  return bind_field(
      std::move(p), field, [](const ParamValue& v) { return std::get<bool>(v); },
      [](auto x) -> ParamValue { return static_cast<bool>(x); });
}

template <class F>
ParamSpec choice_param(std::string name, std::vector<std::string> choices, std::string def,
                       std::string help, F field) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Choice;
  p.choices = std::move(choices);
  p.default_value = std::move(def);
  p.help = std::move(help);
  return bind_field(
      std::move(p), field, [](const ParamValue& v) { return std::get<std::string>(v); },
      [](const auto& x) -> ParamValue { return std::string(x); });
}

/// A choice stored as something else (an enum): `to` maps the text to it, `from` back.
template <class F, class To, class From>
ParamSpec mapped_choice_param(std::string name, std::vector<std::string> choices, std::string def,
                              std::string help, F field, To to, From from) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Choice;
  p.choices = std::move(choices);
  p.default_value = std::move(def);
  p.help = std::move(help);
  return bind_field(
      std::move(p), field, [to](const ParamValue& v) { return to(std::get<std::string>(v)); },
      [from](const auto& x) -> ParamValue { return std::string(from(x)); });
}

template <class F>
ParamSpec path_param(std::string name, std::string help, F field) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Path;
  p.default_value = std::string();
  p.help = std::move(help);
  if constexpr (std::is_same_v<F, Stored>) {
    return stored(std::move(p));
  } else {
    p.set = [field](ModelConfig& c, const ParamValue& v) { field(c) = std::get<std::string>(v); };
    p.get = [field](const ModelConfig& c) -> ParamValue { return std::string(field(c)); };
    return p;
  }
}

/// `p`, refused together with `key`.
inline ParamSpec excluding(ParamSpec p, std::string key) {
  p.excludes = std::move(key);
  return p;
}
/// `p`, allowed only while the choice `key` is one of `values`.
inline ParamSpec only_with(ParamSpec p, std::string key, std::vector<std::string> values) {
  p.when_key = std::move(key);
  p.when_values = std::move(values);
  return p;
}
/// `p`, defaulting to the study area's centre when the reader knows it.
inline ParamSpec area_default(ParamSpec p, ContextDefault d) {
  p.context_default = d;
  return p;
}

}  // namespace akichi::prop

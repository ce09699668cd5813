#include "sim/scenario/sweep.h"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "base/text.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

namespace fs = std::filesystem;
using toml_in::Context;
using toml_in::Range;
using toml_in::Section;

namespace {

/// Arrays of tables whose elements are addressed by their `id`.
bool is_id_array(std::string_view name) {
  return name == "station" || name == "incumbent" || name == "licensee_station";
}

std::string join_segments(const std::vector<std::string>& s, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (i > from ? "." : "") + s[i];
  return out;
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

/// Where a key path lands in a TOML tree: every table that receives the value and the key
/// name inside it. Intermediate plain tables are created when missing; an id pattern must
/// match at least one element of its array.
struct Target {
  std::vector<toml::table*> tables;
  std::string key;
};

/// Resolves `segments` in `root`. Returns an error text ("" when resolved).
std::string resolve(toml::table& root, const std::vector<std::string>& segments, Target& out) {
  if (segments.empty()) return "an empty key";
  std::vector<toml::table*> current{&root};
  std::size_t i = 0;
  while (i + 1 < segments.size()) {
    const std::string& seg = segments[i];
    std::vector<toml::table*> next;
    std::size_t consumed = 1;
    for (toml::table* t : current) {
      toml::node* n = t->get(seg);
      if (n != nullptr && n->is_array_of_tables() && is_id_array(seg)) {
        // The id may itself contain dots: the shortest run of segments that matches an id.
        toml::array& arr = *n->as_array();
        bool found = false;
        // The id is followed by at least the key: segments i+1 .. i+len, then more.
        for (std::size_t len = 1; i + 1 + len < segments.size(); ++len) {
          const std::string pattern = join_segments(segments, i + 1, i + 1 + len);
          std::vector<toml::table*> hits;
          for (toml::node& el : arr) {
            toml::table* et = el.as_table();
            const auto id = et ? et->get_as<std::string>("id") : nullptr;
            if (id && glob_match(pattern, id->get())) hits.push_back(et);
          }
          if (!hits.empty()) {
            next.insert(next.end(), hits.begin(), hits.end());
            consumed = 1 + len;
            found = true;
            break;
          }
        }
        if (!found) {
          std::vector<std::string> ids;
          for (toml::node& el : arr) {
            if (toml::table* et = el.as_table()) {
              if (auto id = et->get_as<std::string>("id")) ids.push_back(id->get());
            }
          }
          std::string list;
          for (std::size_t k = 0; k < ids.size() && k < 8; ++k) list += (k ? ", " : "") + ids[k];
          return fmt::format("no [[{}]] with an id matching the path after '{}' (ids: {})", seg,
                             seg, list.empty() ? "none" : list);
        }
      } else if (n != nullptr && n->is_table()) {
        next.push_back(n->as_table());
      } else if (n == nullptr) {
        if (is_id_array(seg)) return fmt::format("the scenario has no [[{}]]", seg);
        auto [it, ok] = t->insert(seg, toml::table{});
        next.push_back(it->second.as_table());
      } else {
        return fmt::format("'{}' is a {}, not a table", seg, toml_in::describe(*n));
      }
    }
    current = std::move(next);
    i += consumed;
  }
  out.tables = std::move(current);
  out.key = segments.back();
  for (toml::table* t : out.tables) {
    const toml::node* n = t->get(out.key);
    if (n != nullptr && (n->is_table() || n->is_array())) {
      return fmt::format("'{}' is a {}, not a scalar key", out.key, toml_in::describe(*n));
    }
  }
  return {};
}

std::string canonical(const SweepScalar& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, double>)
          return toml_in::num(x);
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(x);
        else if constexpr (std::is_same_v<T, bool>)
          return x ? "true" : "false";
        else
          return x;
      },
      v);
}

std::optional<SweepScalar> scalar_of(const toml::node& n) {
  if (auto v = n.as_floating_point()) return SweepScalar(v->get());
  if (auto v = n.as_integer()) return SweepScalar(v->get());
  if (auto v = n.as_boolean()) return SweepScalar(v->get());
  if (auto v = n.as_string()) return SweepScalar(v->get());
  return std::nullopt;
}

/// Variant names: [A-Za-z0-9_.=,+-], anything else becomes '_'.
std::string sanitise(std::string s) {
  for (char& c : s) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                    c == '=' || c == ',' || c == '+' || c == '-';
    if (!ok) c = '_';
  }
  return s;
}

bool valid_label(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

struct Param {
  std::string key;
  std::string label;
  std::string group;
  InputLocation where;
  std::vector<SweepScalar> values;  ///< list / range (product), or the choices (samples)
  // Continuous sampling (random, lhs):
  bool continuous = false;
  double min = 0, max = 0;
  bool integer = false, log = false;
};

/// A uniform double in [0, 1) from the generator, independent of the standard library's
/// distributions (whose output is implementation-defined): the top 53 bits of one draw.
double unit(std::mt19937_64& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;
}

SweepScalar sample_value(const Param& p, double u) {
  if (!p.continuous) {
    const std::size_t i = std::min(
        p.values.size() - 1, static_cast<std::size_t>(u * static_cast<double>(p.values.size())));
    return p.values[i];
  }
  if (p.integer) {
    const double lo = std::ceil(p.min), hi = std::floor(p.max);
    const double v = std::min(hi, std::floor(lo + u * (hi - lo + 1)));
    return SweepScalar(static_cast<std::int64_t>(v));
  }
  if (p.log)
    return SweepScalar(std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min))));
  return SweepScalar(p.min + u * (p.max - p.min));
}

/// The label of a parameter: as given, or the key's last segment (with the one before it when
/// another parameter already has that name), made safe for variant names.
std::string param_label(const Section& ps, const std::vector<std::string>& segs,
                        const std::set<std::string>& labels_seen) {
  std::string label = ps.string("label").value_or("");
  if (label.empty()) {
    label = segs.back();
    if (labels_seen.count(label) && segs.size() >= 3) label = segs[segs.size() - 2] + "_" + label;
    label = sanitise(label);
    std::replace(label.begin(), label.end(), '=', '_');
    std::replace(label.begin(), label.end(), ',', '_');
  }
  if (!valid_label(label) || label == "variant" || label == "variant_name" ||
      label == "variant_index") {
    ps.fail("label", toml_in::in_quotes(label),
            "a name of letters, digits, '_', '-', '.', starting with a letter or '_', other "
            "than variant, variant_name, variant_index");
  }
  if (labels_seen.count(label)) {
    ps.fail("label", toml_in::in_quotes(label), "a label no other parameter has (set label = ...)");
  }
  return label;
}

/// `values = [...]`: numbers, strings or booleans.
void read_value_list(const Section& ps, const toml::table& t, Param& p) {
  const toml::array* vals = t.get_as<toml::array>("values");
  if (vals == nullptr || vals->empty()) {
    ps.fail("values", toml_in::describe(*t.get("values")),
            "a non-empty array of numbers, strings or booleans");
  }
  for (const toml::node& v : *vals) {
    auto sc = scalar_of(v);
    if (!sc) ps.fail("values", toml_in::describe(v), "numbers, strings or booleans");
    p.values.push_back(*sc);
  }
}

/// `start`, `stop`, `step`: integers when all three are, the last value snapped to `stop`.
void read_range(const Section& ps, const toml::table& t, Param& p) {
  for (const char* k : {"start", "stop", "step"}) {
    if (!ps.has(k)) ps.missing(k, "start, stop and step of the range");
  }
  const double start = *ps.number("start", toml_in::any(""));
  const double stop = *ps.number("stop", toml_in::any(""));
  const double step = *ps.number("step", toml_in::any(""));
  if (step == 0 || (stop - start) / step < 0) {
    ps.fail("step", toml_in::num(step), "a step from start towards stop");
  }
  const bool ints =
      t.get("start")->is_integer() && t.get("stop")->is_integer() && t.get("step")->is_integer();
  const double count = std::floor((stop - start) / step * (1 + 1e-9) + 1e-9);
  if (count > 100000) ps.fail("step", toml_in::num(step), "at most 100001 values in the range");
  for (int k = 0; k <= static_cast<int>(count); ++k) {
    const double v = start + k * step;
    if (ints)
      p.values.push_back(SweepScalar(static_cast<std::int64_t>(std::llround(v))));
    else
      p.values.push_back(SweepScalar(
          k == static_cast<int>(count) && std::abs(v - stop) <= 1e-9 * std::abs(stop) ? stop : v));
  }
}

/// `min`, `max` and the sampling options `integer`, `log` of a random / lhs parameter.
void read_bounds(const Section& ps, Param& p) {
  if (!ps.has("min")) ps.missing("min", "the lower bound");
  if (!ps.has("max")) ps.missing("max", "the upper bound");
  p.continuous = true;
  p.min = *ps.number("min", toml_in::any(""));
  p.max = *ps.number("max", toml_in::any(""));
  p.integer = ps.boolean("integer").value_or(false);
  p.log = ps.boolean("log").value_or(false);
  if (!(p.max > p.min))
    ps.fail("max", toml_in::num(p.max), "a number > min = " + toml_in::num(p.min));
  if (p.log && !(p.min > 0)) ps.fail("min", toml_in::num(p.min), "a number > 0 with log = true");
  if (p.integer && p.log) ps.fail("log", "true with integer = true", "one of integer, log");
}

/// One [[sweep.param]] table: its key path (which must address the base file), label, group
/// and values (a list, a range, or sampling bounds).
Param read_param(const Context& ctx, const toml::table& root, const toml::table& t, std::size_t i,
                 const std::string& mode, const std::set<std::string>& labels_seen) {
  const bool sampled = mode != "product";
  const Section ps(ctx, t, fmt::format("sweep.param[{}]", i));
  ps.check_keys(
      {"key", "label", "values", "start", "stop", "step", "min", "max", "integer", "log", "group"});
  Param p;
  if (!ps.has("key"))
    ps.missing("key", "the dotted path of a scenario key, e.g. station.gnb-1.height_m");
  p.key = *ps.string("key", "a dotted key path");
  p.where = ps.where("key");
  const std::vector<std::string> segs = split(p.key, '.');
  if (std::any_of(segs.begin(), segs.end(), [](const std::string& x) { return x.empty(); }) ||
      segs.size() < 2) {
    ps.fail("key", toml_in::in_quotes(p.key),
            "a dotted path table.key (e.g. propagation.time_percent)");
  }
  if (segs.front() == "sweep") ps.fail("key", toml_in::in_quotes(p.key), "a key outside [sweep]");
  {
    // The path must address something in the base file.
    toml::table probe = root;
    Target target;
    const std::string err = resolve(probe, segs, target);
    if (!err.empty())
      ps.fail("key", toml_in::in_quotes(p.key), "a key path of the scenario: " + err);
  }
  p.label = param_label(ps, segs, labels_seen);
  p.group = ps.string("group").value_or(fmt::format("#{}", i));

  const bool has_list = ps.has("values");
  const bool has_range = ps.has("start") || ps.has("stop") || ps.has("step");
  const bool has_bounds = ps.has("min") || ps.has("max");
  if (int(has_list) + int(has_range) + int(has_bounds) != 1) {
    ps.fail(has_list     ? "values"
            : has_range  ? "start"
            : has_bounds ? "min"
                         : "values",
            "values, a range and bounds together or none of them",
            sampled ? "exactly one of: values = [...], or min and max"
                    : "exactly one of: values = [...], or start, stop and step");
  }
  if (has_list) {
    read_value_list(ps, t, p);
  } else if (has_range) {
    if (sampled)
      ps.fail("start", "a range", "values = [...] or min and max with mode = \"" + mode + "\"");
    read_range(ps, t, p);
  } else {
    if (!sampled)
      ps.fail(ps.has("min") ? "min" : "max", "bounds",
              "values = [...] or start, stop and step with mode = \"product\"");
    read_bounds(ps, p);
  }
  if (sampled && ps.has("group"))
    ps.fail("group", "a group", "no group with mode = \"" + mode + "\"");
  if (!p.continuous && (ps.has("integer") || ps.has("log"))) {
    ps.fail(ps.has("integer") ? "integer" : "log", "a sampling option",
            "integer / log only with min and max");
  }
  return p;
}

SweepValue make_value(const Param& p, SweepScalar v) {
  return SweepValue{p.key, p.label, v, canonical(v), p.where};
}

/// mode = "product": groups in order of first appearance, the parameters of one group zipped,
/// the groups combined row-major (the first group varies slowest).
std::vector<Variant> product_variants(const std::vector<Param>& params) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!members.count(params[i].group)) order.push_back(params[i].group);
    members[params[i].group].push_back(i);
  }
  std::vector<std::size_t> sizes;
  for (const std::string& g : order) {
    const auto& m = members[g];
    const std::size_t n = params[m.front()].values.size();
    for (std::size_t i : m) {
      if (params[i].values.size() != n) {
        throw_input_error(
            params[i].where, fmt::format("sweep.param (group {})", g),
            fmt::format("{} values for {}", params[i].values.size(), params[i].key),
            fmt::format("{} values, as {} of the same group has", n, params[m.front()].key));
      }
    }
    sizes.push_back(n);
  }
  std::size_t total = 1;
  for (std::size_t n : sizes) {
    total *= n;
    if (total > 1000000) {
      throw_input_error(params.front().where, "sweep", "more than 1000000 variants",
                        "a smaller sweep");
    }
  }
  std::vector<Variant> variants;
  for (std::size_t v = 0; v < total; ++v) {
    std::vector<std::size_t> pick(order.size());
    std::size_t rest = v;
    for (std::size_t g = order.size(); g-- > 0;) {
      pick[g] = rest % sizes[g];
      rest /= sizes[g];
    }
    Variant var;
    var.index = v;
    var.values.resize(params.size());
    for (std::size_t g = 0; g < order.size(); ++g) {
      for (std::size_t i : members[order[g]])
        var.values[i] = make_value(params[i], params[i].values[pick[g]]);
    }
    std::string name;
    for (const SweepValue& sv : var.values)
      name += (name.empty() ? "" : ",") + sv.label + "=" + sv.text;
    var.name = sanitise(name);
    variants.push_back(std::move(var));
  }
  return variants;
}

/// mode = "random" or "lhs": `samples` variants named s0000, s0001, ... drawn from `seed`.
std::vector<Variant> sampled_variants(const std::vector<Param>& params, const std::string& mode,
                                      std::uint64_t seed, std::size_t samples) {
  std::mt19937_64 gen(seed);
  const std::size_t np = params.size();
  std::vector<std::vector<double>> u(samples, std::vector<double>(np));
  if (mode == "random") {
    for (std::size_t k = 0; k < samples; ++k) {
      for (std::size_t i = 0; i < np; ++i) u[k][i] = unit(gen);
    }
  } else {
    // Latin hypercube (McKay, Beckman & Conover 1979): per parameter, the samples take one
    // point each in the `samples` equal strata of [0, 1), in a random order.
    for (std::size_t i = 0; i < np; ++i) {
      std::vector<std::size_t> perm(samples);
      for (std::size_t k = 0; k < samples; ++k) perm[k] = k;
      for (std::size_t k = samples; k-- > 1;) {
        const std::size_t j = static_cast<std::size_t>(unit(gen) * static_cast<double>(k + 1));
        std::swap(perm[k], perm[std::min(j, k)]);
      }
      for (std::size_t k = 0; k < samples; ++k) {
        u[k][i] = (static_cast<double>(perm[k]) + unit(gen)) / static_cast<double>(samples);
      }
    }
  }
  const int width = std::max<int>(4, static_cast<int>(std::to_string(samples - 1).size()));
  std::vector<Variant> variants;
  for (std::size_t k = 0; k < samples; ++k) {
    Variant var;
    var.index = k;
    var.name = fmt::format("s{:0{}}", k, width);
    for (std::size_t i = 0; i < np; ++i)
      var.values.push_back(make_value(params[i], sample_value(params[i], u[k][i])));
    variants.push_back(std::move(var));
  }
  return variants;
}

}  // namespace

std::optional<Sweep> read_sweep(const std::string& text, const std::string& path) {
  // Every way of writing a sweep table ([sweep], [[sweep.param]], sweep.mode = ..., an inline
  // table) spells its name: without it the file is not parsed a second time (a scenario of
  // megabytes, e.g. 10^6 receiver heights, costs a second per parse).
  if (text.find("sweep") == std::string::npos) return std::nullopt;
  const Context ctx{path, fs::path(path).parent_path()};
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw_input_error(ctx.at(e.source()), "TOML syntax", std::string(e.description()),
                      "a valid TOML document");
  }
  const toml::node* node = root.get("sweep");
  if (node == nullptr) return std::nullopt;
  if (!node->is_table()) {
    throw_input_error(ctx.at(node->source()), "sweep", toml_in::describe(*node), "a table [sweep]");
  }
  const Section s(ctx, *node->as_table(), "sweep");
  s.check_keys({"mode", "seed", "samples", "param"});
  Sweep sweep;
  sweep.mode = s.choice("mode", {"product", "random", "lhs"}).value_or("product");
  const bool sampled = sweep.mode != "product";
  std::uint64_t seed = 0;
  std::size_t samples = 0;
  if (sampled) {
    if (!s.has("seed")) s.missing("seed", "an integer seed (mode = \"" + sweep.mode + "\")");
    if (!s.has("samples")) s.missing("samples", "a number of samples >= 1");
    seed =
        static_cast<std::uint64_t>(*s.integer("seed", 0, std::numeric_limits<std::int64_t>::max()));
    samples = static_cast<std::size_t>(*s.integer("samples", 1, 1000000));
  } else {
    for (const char* k : {"seed", "samples"}) {
      if (s.has(k))
        s.fail(k, toml_in::describe(*s.get(k)),
               "no " + std::string(k) + " with mode = \"product\"");
    }
  }
  const toml::array* arr = s.tables("param", "one or more [[sweep.param]] tables");
  if (arr == nullptr) s.missing("param", "one or more [[sweep.param]] tables");

  std::vector<Param> params;
  std::set<std::string> labels_seen;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    params.push_back(read_param(ctx, root, *(*arr)[i].as_table(), i, sweep.mode, labels_seen));
    labels_seen.insert(params.back().label);
    sweep.labels.push_back(params.back().label);
    sweep.keys.push_back(params.back().key);
  }
  sweep.variants =
      sampled ? sampled_variants(params, sweep.mode, seed, samples) : product_variants(params);
  std::set<std::string> names;
  for (const Variant& v : sweep.variants) {
    if (!names.insert(v.name).second) {
      throw_input_error(params.front().where, "sweep", "two variants named " + v.name,
                        "values whose text differs (variant names are label=value lists)");
    }
  }
  return sweep;
}

Scenario variant_scenario(const std::string& text, const std::string& path, const Variant& v) {
  toml::table root = toml::parse(text, path);
  root.erase("sweep");
  for (const SweepValue& sv : v.values) {
    Target target;
    const std::string err = resolve(root, split(sv.key, '.'), target);
    if (!err.empty()) throw_input_error(sv.where, "sweep variant " + v.name, sv.key, err);
    for (toml::table* t : target.tables) {
      std::visit([&](const auto& x) { t->insert_or_assign(target.key, x); }, sv.value);
    }
  }
  std::ostringstream out;
  out << "# variant " << v.name << " of " << path << "\n" << toml::toml_formatter(root) << "\n";
  try {
    return parse_scenario(out.str(), path);
  } catch (const InputError& e) {
    // The message's location is in the generated text: point at the [sweep] parameters.
    std::string what = e.what();
    const std::string prefix = path + ":";
    if (what.rfind(prefix, 0) == 0) {
      const std::size_t p = what.find(": ", prefix.size());
      if (p != std::string::npos) what = what.substr(p + 2);
    }
    std::string values;
    for (const SweepValue& sv : v.values)
      values += (values.empty() ? "" : ", ") + sv.key + " = " + sv.text;
    throw_input_error(v.values.empty() ? InputLocation{path} : v.values.front().where,
                      "sweep variant " + v.name, "(" + values + ") " + what,
                      "values the scenario accepts");
  }
}

}  // namespace akichi::sim

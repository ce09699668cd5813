#include "sim/input/toml_section.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdint>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "base/file_kind.h"
#include "sim/input/key_choice.h"

namespace akichi::sim::toml_in {

namespace fs = std::filesystem;

std::string num(double v) {
  return fmt::format("{}", v);
}

std::string in_quotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

std::string join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string join_quoted(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += in_quotes(items[i]);
  }
  return out;
}

std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return in_quotes(n.as_string()->get()) + " (string)";
    case toml::node_type::integer:
      return std::to_string(n.as_integer()->get()) + " (integer)";
    case toml::node_type::floating_point:
      return num(n.as_floating_point()->get()) + " (float)";
    case toml::node_type::boolean:
      return std::string(n.as_boolean()->get() ? "true" : "false") + " (boolean)";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "no value";
  }
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string_view suggestion(std::string_view key, const std::vector<std::string_view>& allowed) {
  std::string_view best;
  std::size_t best_d = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (auto a : allowed) {
    const std::size_t d = edit_distance(key, a);
    if (d < best_d) {
      best_d = d;
      best = a;
    }
  }
  return best;
}

std::string Range::text() const {
  std::string s;
  if (lo == -kInf && hi == kInf) {
    s = "a number";
  } else if (hi == kInf) {
    s = fmt::format("a number {} {}", lo_open ? ">" : ">=", num(lo));
  } else if (lo == -kInf) {
    s = fmt::format("a number {} {}", hi_open ? "<" : "<=", num(hi));
  } else {
    s = fmt::format("a number in {}{}, {}{}", lo_open ? "(" : "[", num(lo), num(hi),
                    hi_open ? ")" : "]");
  }
  if (!unit.empty()) s += fmt::format(" ({})", unit);
  return s;
}

Range any(std::string unit) {
  return {-kInf, kInf, false, false, std::move(unit)};
}
Range positive(std::string unit) {
  return {0, kInf, true, false, std::move(unit)};
}
Range at_least(double lo, std::string unit) {
  return {lo, kInf, false, false, std::move(unit)};
}
Range closed(double lo, double hi, std::string unit) {
  return {lo, hi, false, false, std::move(unit)};
}
Range open_range(double lo, double hi, std::string unit) {
  return {lo, hi, true, true, std::move(unit)};
}

std::string Context::resolve(const std::string& p) const {
  const fs::path given(p);
  if (given.is_absolute() || dir.empty()) return given.lexically_normal().string();
  return (dir / given).lexically_normal().string();
}

InputLocation Section::where_key(std::string_view key) const {
  const auto it = table_.find(key);
  if (it == table_.end()) return where();
  const InputLocation loc = ctx_.at(it->first.source());
  return loc.line > 0 ? loc : ctx_.at(it->second.source());
}

void Section::check_keys(const std::vector<std::string_view>& allowed,
                         std::string_view context) const {
  for (auto&& [k, v] : table_) {
    const std::string_view key = k.str();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string expected = "one of " + join(allowed);
    const std::string_view close = suggestion(key, allowed);
    if (!close.empty()) expected += fmt::format(" (did you mean '{}'?)", close);
    std::string found = fmt::format("unknown key '{}'", key);
    if (!context.empty()) found = fmt::format("key '{}', not used {}", key, context);
    InputLocation loc = ctx_.at(k.source());
    if (loc.line == 0) loc = ctx_.at(v.source());
    throw_input_error(loc, field(key), found, expected);
  }
}

double Section::to_number(const toml::node& n, std::string_view key, const Range& range) const {
  double v = 0;
  if (const auto* i = n.as_integer()) {
    v = static_cast<double>(i->get());
  } else if (const auto* f = n.as_floating_point()) {
    v = f->get();
  } else {
    fail(key, describe(n), range.text());
  }
  if (!std::isfinite(v)) fail(key, num(v), "a finite number");
  return v;
}

std::optional<double> Section::number(std::string_view key, const Range& range) const {
  const toml::node* n = get(key);
  if (n == nullptr) return std::nullopt;
  const double v = to_number(*n, key, range);
  if (!range.contains(v)) fail(key, num(v), range.text());
  return v;
}

std::optional<std::int64_t> Section::integer(std::string_view key, std::int64_t lo,
                                             std::int64_t hi) const {
  const toml::node* n = get(key);
  if (n == nullptr) return std::nullopt;
  const std::string expected = hi == std::numeric_limits<std::int64_t>::max()
                                   ? fmt::format("an integer >= {}", lo)
                                   : fmt::format("an integer in [{}, {}]", lo, hi);
  const auto* i = n->as_integer();
  if (i == nullptr) fail(key, describe(*n), expected);
  if (i->get() < lo || i->get() > hi) fail(key, std::to_string(i->get()), expected);
  return i->get();
}

std::optional<bool> Section::boolean(std::string_view key) const {
  const toml::node* n = get(key);
  if (n == nullptr) return std::nullopt;
  const auto* b = n->as_boolean();
  if (b == nullptr) fail(key, describe(*n), "true or false");
  return b->get();
}

std::optional<std::string> Section::string(std::string_view key, std::string_view expected) const {
  const toml::node* n = get(key);
  if (n == nullptr) return std::nullopt;
  const auto* s = n->as_string();
  if (s == nullptr) fail(key, describe(*n), expected);
  return s->get();
}

std::optional<std::string> Section::choice(std::string_view key,
                                           const std::vector<std::string_view>& choices) const {
  const std::string expected = "one of " + join_quoted(choices);
  auto s = string(key, expected);
  if (!s) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *s) == choices.end()) {
    std::string exp = expected;
    const std::string_view close = suggestion(*s, choices);
    if (!close.empty()) exp += fmt::format(" (did you mean {}?)", in_quotes(close));
    fail(key, in_quotes(*s), exp);
  }
  return s;
}

std::optional<std::vector<std::string>> Section::strings(std::string_view key,
                                                         std::string_view expected) const {
  const toml::node* n = get(key);
  if (n == nullptr) return std::nullopt;
  std::vector<std::string> out;
  if (const auto* s = n->as_string()) {
    out.push_back(s->get());
    return out;
  }
  const auto* arr = n->as_array();
  if (arr == nullptr) fail(key, describe(*n), expected);
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* s = arr->get(i)->as_string();
    if (s == nullptr) {
      throw_input_error(ctx_.at(arr->get(i)->source()), fmt::format("{}[{}]", field(key), i),
                        describe(*arr->get(i)), expected);
    }
    out.push_back(s->get());
  }
  return out;
}

std::optional<std::vector<double>> Section::numbers(std::string_view key,
                                                    const Range& range) const {
  const toml::node* n = get(key);
  if (n == nullptr) return std::nullopt;
  const std::string expected = "an array of numbers, each " + range.text();
  const auto* arr = n->as_array();
  if (arr == nullptr) fail(key, describe(*n), expected);
  std::vector<double> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    const std::string name = fmt::format("{}[{}]", field(key), i);
    double v = 0;
    if (const auto* iv = e.as_integer()) {
      v = static_cast<double>(iv->get());
    } else if (const auto* fv = e.as_floating_point()) {
      v = fv->get();
    } else {
      throw_input_error(ctx_.at(e.source()), name, describe(e), range.text());
    }
    if (!std::isfinite(v) || !range.contains(v))
      throw_input_error(ctx_.at(e.source()), name, num(v), range.text());
    out.push_back(v);
  }
  return out;
}

const toml::table* Section::table(std::string_view key) const {
  const toml::node* n = get(key);
  if (n == nullptr) return nullptr;
  const auto* t = n->as_table();
  if (t == nullptr) fail(key, describe(*n), fmt::format("a table ([{}])", field(key)));
  return t;
}

const toml::array* Section::tables(std::string_view key, std::string_view expected) const {
  const toml::node* n = get(key);
  if (n == nullptr) return nullptr;
  const auto* arr = n->as_array();
  if (arr == nullptr || !arr->is_array_of_tables() || arr->empty())
    fail(key, arr != nullptr && arr->empty() ? "an empty array" : describe(*n), expected);
  return arr;
}

/// How messages of a TOML table locate and name its keys (sim/input/key_choice.h).
struct Section::KeyNames {
  const Section& s;
  bool has(std::string_view key) const { return s.has(key); }
  InputLocation location_of(std::string_view key) const { return s.where_key(key); }
  InputLocation location() const { return s.where(); }
  std::string label_of(std::string_view key) const { return s.field(key); }
  std::string label() const { return s.name_; }
};

int Section::one_of(const std::vector<std::string_view>& keys, bool required) const {
  return choose_one_of(KeyNames{*this}, keys, required);
}

int Section::group(const std::vector<std::string_view>& a,
                   const std::vector<std::string_view>& b) const {
  return choose_group(KeyNames{*this}, a, b);
}

Range scaled_range(std::string_view key, double scale, const Range& base) {
  const std::string_view unit = key.substr(key.rfind('_') + 1);
  const std::string unit_text =
      base.unit.empty() ? std::string(unit) : fmt::format("{}; {}", unit, base.unit);
  return Range{base.lo / scale, base.hi / scale, base.lo_open, base.hi_open, unit_text};
}

std::optional<double> Section::scaled(const std::vector<std::string_view>& keys,
                                      const std::vector<double>& scales, const Range& base_range,
                                      bool required) const {
  const int k = one_of(keys, required);
  if (k < 0) return std::nullopt;
  const double s = scales[static_cast<std::size_t>(k)];
  const std::string_view key = keys[static_cast<std::size_t>(k)];
  return *number(key, scaled_range(key, s, base_range)) * s;
}

const toml::table& empty_table() {
  static const toml::table t;
  return t;
}

std::string existing_file(const Section& s, std::string_view key, std::string_view what) {
  const auto given = s.string(key, "a file path (string)");
  if (!given) s.missing(key, fmt::format("the path of {}", what));
  if (given->empty()) s.fail(key, "\"\" (empty string)", fmt::format("the path of {}", what));
  const std::string resolved = s.ctx().resolve(*given);
  std::error_code ec;
  if (!fs::exists(resolved, ec)) {
    s.fail(key, fmt::format("{} ({} does not exist)", in_quotes(*given), resolved),
           fmt::format("an existing file: {}", what));
  }
  if (const std::string kind = special_file_kind(resolved); !kind.empty()) {
    s.fail(key, fmt::format("{} ({}, which is {})", in_quotes(*given), resolved, kind),
           fmt::format("a regular file: {}", what));
  }
  return resolved;
}

bool valid_id(std::string_view id) {
  // UTF-8, code point by code point: letters and digits of any script (Unicode categories L*
  // and Nd: 臨海工場, ローカル5G, Zürich), combining marks after a letter, and '_', '.', '-'.
  // Spaces, punctuation, symbols, controls and malformed UTF-8 are refused, so that an id stays
  // one token in file names, URLs, CSV and log lines.
  if (id.empty() || id.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
    return false;
  const auto* s = reinterpret_cast<const uint8_t*>(id.data());
  const auto n = static_cast<int32_t>(id.size());
  int32_t i = 0;
  bool first = true;
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;  // malformed UTF-8
    const bool ok = c == '_' || c == '.' || c == '-' || u_isalpha(c) || u_isdigit(c) ||
                    (!first && (u_charType(c) == U_NON_SPACING_MARK ||
                                u_charType(c) == U_COMBINING_SPACING_MARK));
    if (!ok) return false;
    first = false;
  }
  return true;
}

}  // namespace akichi::sim::toml_in

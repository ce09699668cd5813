#include "sim/input/record.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "base/file_kind.h"
#include "base/text.h"
#include "sim/input/key_choice.h"

namespace akichi::sim {

namespace fs = std::filesystem;
using toml_in::in_quotes;
using toml_in::num;
using toml_in::Range;

namespace {

/// "height" for "height_m", "antenna.gain" for "antenna.gain_dBi"; "" without a '_'.
std::string_view stem_of(std::string_view key) {
  const std::size_t p = key.rfind('_');
  return p == std::string_view::npos ? std::string_view{} : key.substr(0, p);
}

std::string where_text(const toml_in::Context& ctx, const toml::source_region& r) {
  const InputLocation loc = ctx.at(r);
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column);
}

void flatten(const toml_in::Context& ctx, const toml::table& table, const std::string& prefix,
             Record& out) {
  for (auto&& [k, node] : table) {
    const std::string key = prefix + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      flatten(ctx, *sub, key + ".", out);
      continue;
    }
    RecordValue v;
    v.where = where_text(ctx, node.source());
    v.key_where = where_text(ctx, k.source());
    if (const auto* s = node.as_string()) {
      v.kind = RecordValue::Kind::Text;
      v.text = s->get();
    } else if (const auto* i = node.as_integer()) {
      v.kind = RecordValue::Kind::Number;
      v.number = static_cast<double>(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      v.kind = RecordValue::Kind::Number;
      v.number = f->get();
    } else if (const auto* b = node.as_boolean()) {
      v.kind = RecordValue::Kind::Boolean;
      v.flag = b->get();
      v.text = toml_in::describe(node);
    } else if (const auto* arr = node.as_array();
               arr != nullptr && !arr->empty() &&
               std::all_of(arr->begin(), arr->end(),
                           [](const toml::node& e) { return e.is_string(); })) {
      v.kind = RecordValue::Kind::Texts;
      for (const toml::node& e : *arr) v.texts.push_back(e.as_string()->get());
    } else {
      v.kind = RecordValue::Kind::Other;
      v.text = toml_in::describe(node);
      if (arr != nullptr && arr->empty()) v.text = "an empty array";
    }
    out.set(key, std::move(v));
  }
}

std::string found_of(const RecordValue& v) {
  switch (v.kind) {
    case RecordValue::Kind::Text:
      return v.untyped ? in_quotes(v.text) : in_quotes(v.text) + " (string)";
    case RecordValue::Kind::Number:
      return num(v.number) + " (number)";
    case RecordValue::Kind::Texts:
      return "an array of strings";
    case RecordValue::Kind::Boolean:
    case RecordValue::Kind::Other:
      break;
  }
  return v.text;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string expected_keys(std::string_view key, const std::vector<std::string_view>& allowed) {
  const std::string_view stem = stem_of(key);
  std::vector<std::string_view> same_quantity;
  if (!stem.empty()) {
    for (auto a : allowed)
      if (stem_of(a) == stem) same_quantity.push_back(a);
  }
  const std::string_view close = toml_in::suggestion(key, allowed);
  std::string out;
  if (!same_quantity.empty()) {
    out = fmt::format("{} in a unit accepted for it, the unit being part of the name: {}", stem,
                      toml_in::join(same_quantity));
  } else {
    out = "one of " + toml_in::join(allowed);
  }
  if (!close.empty()) out += fmt::format(" (did you mean '{}'?)", close);
  return out;
}

Record::Record(std::string where, InputLocation location, std::string name, Naming naming,
               fs::path base_dir)
    : where_(std::move(where)),
      location_(std::move(location)),
      name_(std::move(name)),
      naming_(naming),
      base_dir_(std::move(base_dir)) {}

void Record::set(std::string key, RecordValue value) {
  values_.insert_or_assign(std::move(key), std::move(value));
}

std::string Record::subject() const {
  if (naming_ == Naming::Dotted) {
    return subject_id_.empty() ? name_ : fmt::format("{} ({})", name_, subject_id_);
  }
  return subject_id_.empty() ? std::string("record") : "station " + subject_id_;
}

const RecordValue* Record::get(std::string_view key) const {
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

std::string Record::label(std::string_view key) const {
  switch (naming_) {
    case Naming::Dotted:
      return name_.empty() ? std::string(key) : fmt::format("{}.{}", name_, key);
    case Naming::Column:
      return fmt::format("column {}", key);
    case Naming::Field:
      break;
  }
  return fmt::format("field {}", key);
}

std::string Record::where(std::string_view key) const {
  const RecordValue* v = get(key);
  return v != nullptr ? v->where : where_;
}

std::string Record::where_key(std::string_view key) const {
  const RecordValue* v = get(key);
  return v != nullptr && !v->key_where.empty() ? v->key_where : where(key);
}

void Record::fail(std::string_view key, std::string_view found, std::string_view expected) const {
  throw_input_error({where(key), 0, 0}, label(key), found, expected);
}

void Record::missing(std::string_view key, std::string_view expected) const {
  throw_input_error({where_, 0, 0}, label(key), "no value", expected);
}

void Record::fail_record(std::string_view found, std::string_view expected,
                         std::string_view key) const {
  throw_input_error({key.empty() ? where_ : where(key), 0, 0}, subject(), found, expected);
}

void Record::check_keys(const std::vector<std::string_view>& allowed, std::string_view prefix,
                        std::string_view context) const {
  const char* kind = naming_ == Naming::Dotted   ? "key"
                     : naming_ == Naming::Column ? "column"
                                                 : "field";
  std::vector<std::string> storage;
  storage.reserve(allowed.size());
  for (auto a : allowed) storage.push_back(std::string(prefix) + std::string(a));
  const std::vector<std::string_view> full(storage.begin(), storage.end());
  for (const auto& entry : values_) {
    const std::string& key = entry.first;
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    if (std::find(full.begin(), full.end(), key) != full.end()) continue;
    if (!context.empty()) {
      fail(key, fmt::format("{} '{}', not used {}", kind, key, context),
           "one of " + toml_in::join(full));
    }
    fail(key, fmt::format("an unknown {}", kind), expected_keys(key, full));
  }
}

std::optional<double> Record::number(std::string_view key, const Range& range) const {
  const RecordValue* v = get(key);
  if (v == nullptr) return std::nullopt;
  double x = 0;
  if (v->kind == RecordValue::Kind::Number) {
    x = v->number;
    if (!std::isfinite(x)) fail(key, num(x), range.text());
  } else if (v->kind == RecordValue::Kind::Text && v->untyped) {
    const auto parsed = parse_number(v->text);
    if (!parsed) fail(key, in_quotes(v->text), range.text());
    x = *parsed;
  } else {
    fail(key, found_of(*v), range.text());
  }
  if (!range.contains(x)) fail(key, num(x), range.text());
  return x;
}

double Record::required_number(std::string_view key, const Range& range) const {
  if (!has(key)) missing(key, range.text());
  return *number(key, range);
}

std::optional<std::string> Record::text(std::string_view key, std::string_view expected) const {
  const RecordValue* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind != RecordValue::Kind::Text) fail(key, found_of(*v), expected);
  return v->text;
}

std::optional<bool> Record::boolean(std::string_view key, std::string_view expected) const {
  const RecordValue* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind == RecordValue::Kind::Boolean) return v->flag;
  if (v->kind == RecordValue::Kind::Text && v->untyped) {
    const std::string_view t = trim(v->text);
    if (t == "true") return true;
    if (t == "false") return false;
  }
  fail(key, found_of(*v), expected);
}

std::optional<std::string> Record::choice(std::string_view key,
                                          const std::vector<std::string_view>& choices) const {
  const std::string expected = "one of " + toml_in::join_quoted(choices);
  auto s = text(key, expected);
  if (!s) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *s) == choices.end()) {
    std::string exp = expected;
    const std::string_view close = toml_in::suggestion(*s, choices);
    if (!close.empty()) exp += fmt::format(" (did you mean {}?)", in_quotes(close));
    fail(key, in_quotes(*s), exp);
  }
  return s;
}

std::optional<std::vector<std::string>> Record::texts(std::string_view key,
                                                      std::string_view expected,
                                                      char separator) const {
  const RecordValue* v = get(key);
  if (v == nullptr) return std::nullopt;
  std::vector<std::string> out;
  auto add_parts = [&](std::string_view s) {
    for (const std::string& piece : split(s, separator)) {
      const std::string_view part = trim(piece);
      if (!part.empty()) out.emplace_back(part);
    }
  };
  if (v->kind == RecordValue::Kind::Text) {
    add_parts(v->text);
  } else if (v->kind == RecordValue::Kind::Texts) {
    for (const auto& t : v->texts) add_parts(t);
  } else {
    fail(key, found_of(*v), expected);
  }
  return out;
}

/// How messages of a record locate and name its keys (sim/input/key_choice.h).
struct Record::KeyNames {
  const Record& r;
  bool has(std::string_view key) const { return r.has(key); }
  InputLocation location_of(std::string_view key) const { return {r.where_key(key), 0, 0}; }
  InputLocation location() const { return {r.where_, 0, 0}; }
  std::string label_of(std::string_view key) const { return r.label(key); }
  std::string label() const { return r.subject(); }
};

int Record::one_of(const std::vector<std::string_view>& keys, bool required) const {
  return toml_in::choose_one_of(KeyNames{*this}, keys, required);
}

int Record::group(const std::vector<std::string_view>& a,
                  const std::vector<std::string_view>& b) const {
  const int g = toml_in::choose_group(KeyNames{*this}, a, b);
  // Every key of the chosen group, together with the one given.
  const auto& chosen = g == 0 ? a : b;
  const auto given = std::find_if(chosen.begin(), chosen.end(), [&](auto k) { return has(k); });
  for (auto k : chosen) {
    if (!has(k)) missing(k, fmt::format("{} together with {}", k, *given));
  }
  return g;
}

std::optional<double> Record::scaled(const std::vector<std::string_view>& keys,
                                     const std::vector<double>& scales, const Range& base_range,
                                     bool required) const {
  const int k = one_of(keys, required);
  if (k < 0) return std::nullopt;
  const double s = scales[static_cast<std::size_t>(k)];
  const std::string_view key = keys[static_cast<std::size_t>(k)];
  return *number(key, toml_in::scaled_range(key, s, base_range)) * s;
}

std::optional<std::string> Record::existing_file(std::string_view key,
                                                 std::string_view what) const {
  const auto given = text(key, "a file path (string)");
  if (!given) return std::nullopt;
  if (given->empty()) fail(key, "\"\" (empty string)", fmt::format("the path of {}", what));
  const fs::path p(*given);
  const std::string resolved = (p.is_absolute() || base_dir_.empty())
                                   ? p.lexically_normal().string()
                                   : (base_dir_ / p).lexically_normal().string();
  std::error_code ec;
  if (!fs::exists(resolved, ec)) {
    fail(key, fmt::format("{} ({} does not exist)", in_quotes(*given), resolved),
         fmt::format("an existing file: {}", what));
  }
  if (const std::string kind = special_file_kind(resolved); !kind.empty()) {
    fail(key, fmt::format("{} ({}, which is {})", in_quotes(*given), resolved, kind),
         fmt::format("a regular file: {}", what));
  }
  return resolved;
}

Record record_from_toml(const toml_in::Section& section) {
  const toml_in::Context& ctx = section.ctx();
  Record r(where_text(ctx, section.table().source()), section.where(), section.name(),
           Record::Naming::Dotted, ctx.dir);
  flatten(ctx, section.table(), "", r);
  return r;
}

}  // namespace akichi::sim

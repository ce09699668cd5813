// Checked, typed access to the TOML tables of a scenario (and of any other TOML input file):
// every failure is an InputError "FILE:LINE:COL: KEY: found X, expected Y" that names the key
// by its dotted path, with a "did you mean" for misspelt keys and choices.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "base/errors.h"

namespace akichi::sim::toml_in {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// Shortest decimal text of a number ("0.1", "1e-06").
std::string num(double v);
std::string in_quotes(std::string_view s);
std::string join(const std::vector<std::string_view>& items, std::string_view sep = ", ");
std::string join_quoted(const std::vector<std::string_view>& items);
/// The value of a node and its TOML type, for "found ..." parts.
std::string describe(const toml::node& n);
/// Closest allowed word within a small edit distance (case-insensitive), or "".
std::string_view suggestion(std::string_view key, const std::vector<std::string_view>& allowed);

/// An interval of accepted values with its unit, for checks and "expected ..." parts.
struct Range {
  double lo = -kInf, hi = kInf;
  bool lo_open = false, hi_open = false;
  std::string unit;

  bool contains(double v) const {
    if (lo_open ? !(v > lo) : !(v >= lo)) return false;
    if (hi_open ? !(v < hi) : !(v <= hi)) return false;
    return true;
  }
  /// "a number in [0, 1] (m)", "a number > 0 (Hz)", ...
  std::string text() const;
};

/// The range of a value given in the unit of `key` ("..._MHz") when the value in the base unit
/// must lie in `base` and value_in_base = value * scale: the bounds divided by `scale`, the unit
/// the key's suffix (followed by the base range's unit, if any).
Range scaled_range(std::string_view key, double scale, const Range& base);

Range any(std::string unit);
Range positive(std::string unit);
Range at_least(double lo, std::string unit);
Range closed(double lo, double hi, std::string unit);
Range open_range(double lo, double hi, std::string unit);

/// The file being read: its name for messages and its folder for relative paths.
struct Context {
  std::string file;
  std::filesystem::path dir;

  InputLocation at(const toml::source_region& r) const {
    return {file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  /// A path from the file, made relative to the file's directory.
  std::string resolve(const std::string& p) const;
};

/// One TOML table with its dotted name, and typed, checked access to its keys.
class Section {
 public:
  Section(const Context& ctx, const toml::table& table, std::string name)
      : ctx_(ctx), table_(table), name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  std::string field(std::string_view key) const {
    return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
  }
  InputLocation where() const { return ctx_.at(table_.source()); }
  InputLocation where(std::string_view key) const {
    const toml::node* n = table_.get(key);
    return n ? ctx_.at(n->source()) : where();
  }
  /// Location of the key itself (not its value), for "found both ..." and similar.
  InputLocation where_key(std::string_view key) const;
  const toml::node* get(std::string_view key) const { return table_.get(key); }
  bool has(std::string_view key) const { return table_.contains(key); }
  const toml::table& table() const { return table_; }

  [[noreturn]] void fail(std::string_view key, std::string_view found,
                         std::string_view expected) const {
    throw_input_error(where(key), field(key), found, expected);
  }
  [[noreturn]] void missing(std::string_view key, std::string_view expected) const {
    throw_input_error(where(), field(key), "no value", expected);
  }

  /// Every key must be in `allowed`; `context` says why a known key is not allowed here.
  void check_keys(const std::vector<std::string_view>& allowed,
                  std::string_view context = {}) const;

  /// Optional number (integers accepted), checked against `range`.
  std::optional<double> number(std::string_view key, const Range& range) const;
  double number_or(std::string_view key, double fallback, const Range& range) const {
    return number(key, range).value_or(fallback);
  }
  double required_number(std::string_view key, const Range& range) const {
    if (!has(key)) missing(key, range.text());
    return *number(key, range);
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::string> string(std::string_view key,
                                    std::string_view expected = "a string") const;
  /// Optional string restricted to `choices`.
  std::optional<std::string> choice(std::string_view key,
                                    const std::vector<std::string_view>& choices) const;
  /// Optional array of strings (a single string is accepted as an array of one).
  std::optional<std::vector<std::string>> strings(std::string_view key,
                                                  std::string_view expected) const;
  /// Optional array of numbers, each checked against `range`.
  std::optional<std::vector<double>> numbers(std::string_view key, const Range& range) const;

  /// Optional sub-table.
  const toml::table* table(std::string_view key) const;
  /// Optional array of tables ([[key]]); an empty array is refused.
  const toml::array* tables(std::string_view key, std::string_view expected) const;

  /// Exactly one of `keys` (alternative spellings of one quantity, possibly optional).
  /// Returns the index of the key present, or -1 when none is and `required` is false.
  int one_of(const std::vector<std::string_view>& keys, bool required) const;

  /// Which of two groups of keys is used: 0 for `a`, 1 for `b`. Both or neither is an error;
  /// every key of the chosen group must be present.
  int group(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) const;

  /// A quantity that may be written in several units, e.g. {"freq_Hz", "freq_MHz", "freq_GHz"}
  /// with scales {1, 1e6, 1e9}: the value in the base unit, or nullopt when none is present
  /// (an error when `required`). `range` is given in the base unit and reported in the unit
  /// the user wrote.
  std::optional<double> scaled(const std::vector<std::string_view>& keys,
                               const std::vector<double>& scales, const Range& base_range,
                               bool required) const;

  const Context& ctx() const { return ctx_; }

 private:
  struct KeyNames;  // how messages locate and name keys (key_choice.h)
  double to_number(const toml::node& n, std::string_view key, const Range& range) const;

  const Context& ctx_;
  const toml::table& table_;
  std::string name_;
};

const toml::table& empty_table();

/// A path from the file that must name an existing file; returns it resolved.
std::string existing_file(const Section& s, std::string_view key, std::string_view what);

/// Identifiers of stations, channels, ...: one or more letters or digits of any script (UTF-8),
/// '_', '.' or '-' (combining marks allowed after the first character).
bool valid_id(std::string_view id);

}  // namespace akichi::sim::toml_in

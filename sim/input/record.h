// One input record — a [[station]]-like TOML table, a CSV row or an OGR feature — as a flat map
// key -> value with the place each value came from. Every reader of station-like input turns its
// source into Records, and one field-parsing path (sim/station/station_db.cpp) reads them: the
// three sources then accept the same keys with the same checks and the same messages.
//
// Keys are flat and dotted: a nested TOML table `antenna = { type = "msi" }` gives the key
// "antenna.type", as does a CSV column or an OGR field named "antenna.type".
//
// Locations, as they appear at the start of messages:
//   TOML  "FILE:LINE:COL"     (the value's source region)
//   CSV   "FILE:row N (station \"ID\")"      (N = the line of the file; the header is row 1)
//   OGR   "FILE: feature F (station \"ID\")"  (F = the feature id OGR reports)
// (the station part when the record has an id, so that every message names the station too)
// and fields are named "incumbent[2].height_m" (TOML), "column height_m" (CSV) or
// "field height_m" (OGR).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

/// One value of a record.
struct RecordValue {
  enum class Kind {
    Text,     ///< a string; `untyped` when the source has no types (CSV cells, OGR text fields)
    Number,   ///< a number (TOML integer or float, OGR integer or real field)
    Texts,    ///< a list of strings (TOML array of strings, OGR string-list field)
    Boolean,  ///< true or false (TOML boolean, OGR boolean field); `text` describes it too
    Other,    ///< anything else (dates, mixed arrays); `text` describes it
  };
  Kind kind = Kind::Text;
  std::string text;
  double number = 0;
  bool flag = false;  ///< Boolean
  std::vector<std::string> texts;
  bool untyped = false;  ///< Text that may be read as a number ("12.5" in a CSV cell)
  std::string where;     ///< location text of the value (see the top of this file)
  /// Location text of the key where the source has one of its own (TOML); else empty (the
  /// value's location is used).
  std::string key_where;
};

class Record {
 public:
  /// How fields are named in messages.
  enum class Naming {
    Dotted,  ///< TOML: "<name>.<key>", e.g. "incumbent[2].antenna.type"
    Column,  ///< CSV: "column <key>"
    Field,   ///< OGR: "field <key>"
  };

  /// `where`: location text of the record as a whole (used when a key is absent);
  /// `location`: the same as an InputLocation (kept by the parsed station);
  /// `name`: the record's name for Dotted naming ("incumbent[2]"); `base_dir`: the folder
  /// relative file paths (antenna patterns) are taken from.
  Record(std::string where, InputLocation location, std::string name, Naming naming,
         std::filesystem::path base_dir);

  void set(std::string key, RecordValue value);

  const std::string& where() const { return where_; }
  const InputLocation& location() const { return location_; }
  const std::string& name() const { return name_; }
  Naming naming() const { return naming_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  const std::map<std::string, RecordValue, std::less<>>& values() const { return values_; }

  /// What the record is called in whole-record messages: the TOML table name, or
  /// "station ID" once the id is known (set_subject), or "record".
  std::string subject() const;
  void set_subject(std::string id) { subject_id_ = std::move(id); }

  bool has(std::string_view key) const { return values_.find(key) != values_.end(); }
  const RecordValue* get(std::string_view key) const;
  /// "incumbent[2].height_m", "column height_m" or "field height_m".
  std::string label(std::string_view key) const;
  /// The value's location, or the record's when the key is absent.
  std::string where(std::string_view key) const;
  /// The key's location (TOML), else as where(key): where a key that should not be there is.
  std::string where_key(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, std::string_view found,
                         std::string_view expected) const;
  [[noreturn]] void missing(std::string_view key, std::string_view expected) const;
  /// A problem of the record as a whole (position outside the area, neither tx nor rx, ...),
  /// located at `key`'s value when given and present.
  [[noreturn]] void fail_record(std::string_view found, std::string_view expected,
                                std::string_view key = {}) const;

  /// Every key starting with `prefix` must be `prefix` + one of `allowed`; `context` says why
  /// a key accepted elsewhere is not accepted here ("with antenna.type = \"isotropic\"").
  void check_keys(const std::vector<std::string_view>& allowed, std::string_view prefix = {},
                  std::string_view context = {}) const;

  std::optional<double> number(std::string_view key, const toml_in::Range& range) const;
  double number_or(std::string_view key, double fallback, const toml_in::Range& range) const {
    return number(key, range).value_or(fallback);
  }
  double required_number(std::string_view key, const toml_in::Range& range) const;
  std::optional<std::string> text(std::string_view key,
                                  std::string_view expected = "a string") const;
  /// Optional boolean: a boolean value, or the text "true" / "false" from an untyped source.
  std::optional<bool> boolean(std::string_view key, std::string_view expected) const;
  /// Optional text restricted to `choices` (with "did you mean").
  std::optional<std::string> choice(std::string_view key,
                                    const std::vector<std::string_view>& choices) const;
  /// Optional list of strings: an array, or one string split at `separator` (blank parts
  /// dropped, parts trimmed).
  std::optional<std::vector<std::string>> texts(std::string_view key, std::string_view expected,
                                                char separator) const;

  /// Exactly one of `keys` (alternatives for one quantity); index present, or -1 when none is
  /// and `required` is false.
  int one_of(const std::vector<std::string_view>& keys, bool required) const;
  /// Which of two groups of keys is used (0 = a, 1 = b); both or neither is an error, and
  /// every key of the chosen group must be present.
  int group(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) const;
  /// A quantity in one of several units, e.g. {"freq_Hz", "freq_MHz"} with scales {1, 1e6}:
  /// the value in the base unit; `base_range` is in the base unit and reported in the user's.
  std::optional<double> scaled(const std::vector<std::string_view>& keys,
                               const std::vector<double>& scales, const toml_in::Range& base_range,
                               bool required) const;
  /// A path relative to base_dir() that must name an existing file; returned resolved.
  std::optional<std::string> existing_file(std::string_view key, std::string_view what) const;

 private:
  struct KeyNames;  // how messages locate and name keys (key_choice.h)
  std::string where_;
  InputLocation location_;
  std::string name_;
  Naming naming_;
  std::filesystem::path base_dir_;
  std::string subject_id_;
  std::map<std::string, RecordValue, std::less<>> values_;
};

/// "did you mean" text for an unknown key: "one of a, b, c (did you mean 'x'?)", and, when the
/// key differs from accepted ones only by its unit suffix ("height_ft"), which units are
/// accepted for that quantity.
std::string expected_keys(std::string_view key, const std::vector<std::string_view>& allowed);

/// The table of a TOML section, flattened to dotted keys (nested tables; arrays of strings
/// become Texts; other arrays and booleans, dates, ... Other). Locations are the values'
/// source regions; the record's is the table's.
Record record_from_toml(const toml_in::Section& section);

/// Number in text ("12.5", "+3", "-1e-3"), surrounding blanks ignored; nullopt when the text
/// is not entirely one finite number.
std::optional<double> parse_number(std::string_view text);

}  // namespace akichi::sim

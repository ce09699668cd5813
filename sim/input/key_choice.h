// The choice among alternative keys, shared by the two field readers (Section for TOML tables,
// Record for station-like records): which one of several spellings of a key is given, and which
// of two groups of keys (e.g. lat/lon or x/y). Each reader says how a key is located and named
// in its messages; the rules and the message texts are these, once. Internal to sim/input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/input/toml_section.h"

namespace akichi::sim::toml_in {

/// How a reader locates and names keys in messages. `Reader` provides:
///   bool has(std::string_view key) const;
///   InputLocation location_of(std::string_view key) const;   // where the key is written
///   InputLocation location() const;                           // where the table/record starts
///   std::string label_of(std::string_view key) const;        // the field name of a key
///   std::string label() const;                                // the field name of the whole
template <class Reader>
int choose_one_of(const Reader& r, const std::vector<std::string_view>& keys, bool required) {
  int found = -1;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!r.has(keys[i])) continue;
    if (found >= 0) {
      throw_input_error(
          r.location_of(keys[i]), r.label_of(keys[i]),
          fmt::format("both {} and {}", keys[static_cast<std::size_t>(found)], keys[i]),
          "exactly one of " + join(keys));
    }
    found = static_cast<int>(i);
  }
  if (found < 0 && required) {
    throw_input_error(r.location(), r.label_of(join(keys, "|")), "none of them",
                      "exactly one of " + join(keys));
  }
  return found;
}

/// 0 when a key of group `a` is given, 1 for group `b`; both or neither is an input error.
template <class Reader>
int choose_group(const Reader& r, const std::vector<std::string_view>& a,
                 const std::vector<std::string_view>& b) {
  auto first_present = [&](const std::vector<std::string_view>& keys) -> std::string_view {
    for (auto k : keys)
      if (r.has(k)) return k;
    return {};
  };
  const std::string_view in_a = first_present(a), in_b = first_present(b);
  const std::string expected = fmt::format("either {}, or {}", join(a), join(b));
  if (!in_a.empty() && !in_b.empty()) {
    throw_input_error(r.location_of(in_b), r.label_of(in_b),
                      fmt::format("both {} and {}", in_a, in_b), expected);
  }
  if (in_a.empty() && in_b.empty()) {
    throw_input_error(r.location(), r.label(), fmt::format("neither {} nor {}", join(a), join(b)),
                      expected);
  }
  return in_a.empty() ? 1 : 0;
}

}  // namespace akichi::sim::toml_in

// Parameter sweeps: the [sweep] table of a scenario file turns one scenario into a batch of
// variants, each the scenario with some of its scalar keys set to other values. The syntax is
// documented in docs/scenario-format.md ("Sweeps"); batch runs are sim/batch/batch_run.h.
//
// A key is addressed by its dotted path in the file: "propagation.time_percent",
// "coverage.service_threshold_dBm", and for arrays of tables with ids ([[station]],
// [[incumbent]], [[licensee_station]]) by the id: "station.gnb-1.height_m",
// "station.gnb-1.antenna.downtilt_deg"; the id may be a glob ("station.gnb-*.eirp_dBm" sets
// the key of every matching station to the same value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// A TOML scalar: float, integer, boolean or string.
using SweepScalar = std::variant<double, std::int64_t, bool, std::string>;

/// One swept key's value in one variant.
struct SweepValue {
  std::string key;    ///< the key path as written in [sweep]
  std::string label;  ///< short name: in variant names, results variables, xarray dimensions
  SweepScalar value;
  std::string text;     ///< canonical text: "15", "1e-05", "true", "UMa"
  InputLocation where;  ///< the parameter's `key` in [sweep], for messages
};

struct Variant {
  std::string name;       ///< stable: "label=text,label=text" (product) or "s0007" (samples)
  std::size_t index = 0;  ///< position in the sweep
  std::vector<SweepValue> values;  ///< one per parameter, in the order of [[sweep.param]]
};

struct Sweep {
  std::string mode;                 ///< "product" | "random" | "lhs"
  std::vector<std::string> labels;  ///< one per parameter, in file order
  std::vector<std::string> keys;
  std::vector<Variant> variants;
};

/// The sweep of a scenario file; nullopt when it has no [sweep] table. Throws InputError
/// ("FILE:LINE:COL: sweep...: found X, expected Y") for a malformed table, a key path that
/// addresses nothing, values of different lengths in one zip group, colliding names.
std::optional<Sweep> read_sweep(const std::string& text, const std::string& path);

/// The scenario of one variant: the file's TOML with the variant's values set and [sweep]
/// removed, parsed by parse_scenario() (so every value is validated as the scenario's own).
/// Scenario::text is the variant's TOML. An invalid value is an InputError that names the
/// variant and the [sweep] parameter's line.
Scenario variant_scenario(const std::string& text, const std::string& path, const Variant& v);

}  // namespace akichi::sim

// Reading a model's parameters from a TOML table through the model registry
// (propagation/engine/model_registry.h), and listing the registered models: the one path by
// which a scenario's [propagation.<table>], a MIC rules file's [band.propagation] and
// `akichi models` see the models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "propagation/engine/model_registry.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

/// Fills `config` with the parameters of `entry` read from `t`: every key of `t` must be one of
/// the entry's parameters or of `other_keys`; absent parameters take their defaults (the study
/// area's centre for those that have one, when `context` knows it). Every value is checked
/// against the schema and the entry's own rules; errors name `t`'s real table and key
/// (FILE:LINE:COL: TABLE.KEY: found X, expected Y). Sets config.name.
void read_model_parameters(const toml_in::Section& t, const prop::ModelEntry& entry,
                           const prop::ModelContext& context, prop::ModelConfig& config,
                           const std::vector<std::string_view>& other_keys = {});

/// "frequency 30-6000 MHz (stations outside are refused), distance 0.25-3000 km, tx height
/// 1-3000 m, rx height 1-3000 m (source)"; "-" for a limit the source does not state.
std::string domain_text(const prop::ModelDomain& domain);

/// The registered models as a table for people: name, table, domain, and one line per
/// parameter (unit, range, default, help).
std::string models_table();
/// The registered models as JSON: a list of {name, table, summary, domain, parameters}, each
/// parameter {name, type, unit, min, max, min_exclusive, max_exclusive, default, default_from,
/// choices, only_with, help}; unbounded limits, absent domains, a default that is not the
/// study area's centre and a key allowed everywhere are null.
std::string models_json();

}  // namespace akichi::sim

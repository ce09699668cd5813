// Cache keys of engine tensor jobs: the text of every input a station's tensor depends on, so
// that a batch run computes a tensor once for all the variants that share those inputs.
//
// A key is built from the scenario's TOML tables that configure the engine (the study grid,
// the terrain, the propagation model, the buildings) in toml++'s canonical serialisation, and
// from the station's own engine inputs (position, height, frequency, antenna, indoor flag).
// What the engine does not read (EIRP, bandwidth, licensee, schedules, thresholds, protection
// criteria other than a model's time percentage) is left out, so a sweep over those reuses
// every tensor. A key may only be too specific, never too loose: extra text costs a cache
// miss, a missing input would serve a wrong tensor.
#pragma once

#include <string>
#include <string_view>

#include "propagation/antenna/antenna.h"
#include "sim/analysis/tensor_source.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// The engine context of a scenario: [area], [terrain], [propagation], [buildings] (and the
/// tables named in `extra_tables`, e.g. "mic") as canonical TOML, plus the scenario file's
/// directory (relative paths in those tables resolve against it). Empty when the scenario's
/// text cannot be parsed (a scenario built in memory): its jobs are then not cacheable.
std::string engine_context_key(const Scenario& scenario,
                               std::initializer_list<std::string_view> extra_tables = {});

/// The revision of what the engine computes from the same inputs, part of every context key.
/// Raise it with any change that gives other numbers for an unchanged scenario (a model's
/// default, a corrected equation), so that tensors cached by an earlier program are not served
/// as this one's. 2: each model measures its links as its source prescribes (great circle for
/// P.452, P.1812, P.526 and ITM) unless [terrain] distance says otherwise. 3: ray-2.5d adds
/// reflection-diffraction paths (reflection_diffraction_order = 1 by default).
inline constexpr int kEngineRevision = 3;

/// Every field of an antenna configuration, exactly (hexadecimal floating point).
std::string antenna_key(const prop::AntennaConfig& antenna);

/// The station inputs beyond position, height, frequency and antenna that the engine reads:
/// a planned station's indoor flag (as resolved, given or found from the buildings); a
/// database station's time percentage (model_for()).
std::string indoor_key(bool indoor);
std::string station_extra_key(const Station& station);

/// The key of one job: "" when `context_key` is empty, else the context, the job kind, which
/// outputs it fills, the transmitter's position, height and frequency (exact), the antenna and
/// `station_extra` (inputs of the station that a model reads, e.g. "indoor=1").
std::string job_key(const std::string& context_key, const TensorJob& job,
                    const std::string& antenna, std::string_view station_extra = {});

/// The same key from its parts, for a job not built yet (akichi check counts the tensors a
/// sweep's variants share): job_key(c, job, a, e) == tensor_key(c, job.kind, loss wanted,
/// gain wanted, job.tx, job.ctx->grid, a, e).
std::string tensor_key(const std::string& context_key, TensorJob::Kind kind, bool loss, bool gain,
                       const prop::Transmitter& tx, const prop::StudyGrid& grid,
                       const std::string& antenna, std::string_view station_extra = {});

}  // namespace akichi::sim

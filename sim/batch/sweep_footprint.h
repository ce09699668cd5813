// The footprint of a batch run (sim/results/footprint.h for one scenario): the memory of its
// largest variant plus the tensor cache, and the batch file's data summed over the variants.
// Fast for large sweeps: only variants that differ in a key that can change a size are parsed
// (one per distinct combination of such keys' values), so 133,000 variants that differ in a
// station's power are sized from one.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/batch/batch_run.h"
#include "sim/results/footprint.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::batch {

/// True when no value of the sweep key `key` can change a size of the run: a number or a
/// boolean of a station ([[station]], [[incumbent]], [[licensee_station]]; not its position,
/// which moves the terrain's extent, nor its schedule), of [propagation] or of [coverage].
/// Strings (file names, model names) and every other table (area, time, spectrum, the
/// analyses, output) may change one.
bool size_neutral(const std::string& key, const SweepScalar& value);

struct SweepFootprint {
  std::size_t variants = 0;  ///< in the shard
  std::size_t parsed = 0;    ///< variant scenarios parsed to size them
  /// The peak of the variant that needs the most memory, with its name, plus the cache.
  std::vector<results::FootprintTerm> memory;
  /// The batch file's data: one term per group of variants of the same sizes.
  std::vector<results::FootprintTerm> output;
};

/// Sizes the variants of `sweep` that `shard` takes; `cache_bytes` is the tensor cache's budget
/// (BatchOptions::cache_bytes). Throws what variant_scenario() throws for a variant it parses.
SweepFootprint sweep_footprint(const std::string& text, const std::string& path, const Sweep& sweep,
                               const Shard& shard, std::size_t cache_bytes);

}  // namespace akichi::sim::batch

// The /coordination group of a results file (docs/results-format.md, "Coordination"): the
// allocation of [coordination] per applicant (granted channel and EIRP, the receivers that bound
// it), per receiver (aggregate and margin after it), the move lists and the convergence record.
#pragma once

#include "sim/analysis/sharing_run.h"
#include "sim/results/footprint.h"
#include "sim/results/writer.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// Adds the group under `root`, whose `receiver` dimension and channel axis the aggregate
/// wrote (sim/results/sharing_file.h).
void write_coordination(results::Group& root, const Scenario& scenario, const SharingRun& run,
                        const results::StoreOptions& store);

/// What write_coordination() will write, from the scenario alone, as a footprint term of the
/// results file's data (uncompressed; an upper bound: the number of steps of the iterative
/// sharing is bounded by the passes that cut the highest request to the minimum EIRP, and each
/// text by its length and a heap entry); empty name and no bytes without [coordination].
results::FootprintTerm coordination_footprint(const Scenario& scenario);

}  // namespace akichi::sim

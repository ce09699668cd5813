// The /coordination group of a results file (docs/results-format.md, "Coordination"): the
// allocation of [coordination] per applicant (granted channel and EIRP, the receivers that bound
// it), per receiver (aggregate and margin after it), the move lists and the convergence record.
#pragma once

#include "sim/analysis/sharing_run.h"
#include "sim/results/writer.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// Adds the group under `root`, whose `receiver` dimension and channel axis the aggregate
/// wrote (sim/results/sharing_file.h).
void write_coordination(results::Group& root, const Scenario& scenario, const SharingRun& run,
                        const results::StoreOptions& store);

}  // namespace akichi::sim

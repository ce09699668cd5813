// The sharing part of a results file (docs/results-format.md, "Sharing"): the time and channel
// axes, the station database, the vacancy cube and the aggregate-interference tables.
#pragma once

#include "sim/analysis/sharing_run.h"
#include "sim/results/results_types.h"
#include "sim/results/writer.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// Adds the sharing dimensions and variables to the root group of a results file being written.
void write_sharing(results::Group& root, const Scenario& scenario, const SharingRun& run,
                   const results::StoreOptions& store);

}  // namespace akichi::sim

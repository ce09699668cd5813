// The /satellite group of a results file (docs/results-format.md, "Space-station receivers"):
// per [[space_station]] its receive band, noise and limit; per earth-to-space path the
// geometry, gains and losses; each source's contribution and share; the aggregate and I/N per
// channel and time slot; and the number of base stations that fit under the criterion.
#pragma once

#include "sim/analysis/satellite_run.h"
#include "sim/results/writer.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// Adds the group under `root`, whose `time` (and `channel`, with a channel plan) dimension the
/// sharing variables wrote (sim/results/sharing_file.h).
void write_satellite(results::Group& root, const Scenario& scenario, const SatelliteRun& run,
                     const results::StoreOptions& store);

}  // namespace akichi::sim

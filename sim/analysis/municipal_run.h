// The municipal-eligibility stage of a sharing run: the public-service receivers of the station
// database, their coupling tensors and single-entry terms from the run, the cells of each
// municipality, and the reduction of sim/analysis/municipal.h.
#pragma once

#include "sim/analysis/municipal.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// The public-service receivers: the database stations of role incumbent that receive (the
/// receivers a 4.6-4.8 GHz study protects are the public-service systems of that band).
bool public_service_receiver(const Station& st);

/// Runs [municipal] over the coupling tensors and limits `run` holds (computed by its coupling
/// stage for every database station and study height).
MunicipalRun run_municipal(const Scenario& scenario, const SharingRun& run);

}  // namespace akichi::sim

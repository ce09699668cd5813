// The /municipal group of a results file (docs/results-format.md, "Municipal eligibility"): per
// municipality its code, name, eligibility flag, worst margin and what binds it, and the maps of
// the municipality, its flag and the margin per cell.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/analysis/sharing_run.h"
#include "sim/results/writer.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// Where each municipality's name is drawn: the centre of its cell nearest the centroid of its
/// (clipped) area, so that it lies inside it; NaN for a municipality without a cell.
std::vector<std::pair<double, double>> municipal_label_points(const Scenario& scenario,
                                                              const MunicipalRun& run);

/// Adds the group under `root`, whose x, y, channel and db_station dimensions the run wrote.
void write_municipal(results::Group& root, const Scenario& scenario, const SharingRun& run,
                     const results::StoreOptions& store);

}  // namespace akichi::sim

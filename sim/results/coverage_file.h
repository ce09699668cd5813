// The layout of a coverage results file (docs/results-format.md): which variables, dimensions
// and attributes an `akichi run` writes, on top of the generic netCDF-4/CF writer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// Version of the results layout; bumped on any incompatible change.
inline constexpr int kResultsFormatVersion = 2;

struct RunInfo {
  int threads = 1;
  int ranks = 1;
  std::string command_line;
  double total_seconds = 0;
  long peak_rss_kib = 0;
  /// Extra global text attributes (a batch run marks each variant's file with them).
  std::vector<std::pair<std::string, std::string>> attributes;
};

/// Writes the whole results file to a temporary name and renames it onto `path` when complete:
/// the grid, terrain and premises; the coverage of the planned layout when the scenario has
/// one; the sharing analyses when `sharing` is given.
void write_results(const std::string& path, const Scenario& scenario, const CoverageRun& run,
                   const SharingRun* sharing, const RunInfo& info);

}  // namespace akichi::sim

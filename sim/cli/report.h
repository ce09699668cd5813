// Human-readable overviews and summaries printed by the subcommands.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "sim/analysis/coverage_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::cli {

/// Area, grid, terrain, model and station table of a scenario.
void print_scenario_overview(std::FILE* out, const Scenario& scenario,
                             const std::string& model_description,
                             const std::vector<std::string>& antenna_descriptions);

/// The end-of-run summary: per-station service, premises coverage, leakage, SINR, timings.
void print_run_summary(std::FILE* out, const Scenario& scenario, const CoverageRun& run,
                       const std::string& results_path, double total_seconds, long peak_rss_kib,
                       int threads);

}  // namespace akichi::sim::cli

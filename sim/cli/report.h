// Human-readable overviews and summaries printed by the subcommands.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/results/sweep_summary.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::cli {

/// Area, grid, terrain, model and station table of a scenario.
void print_scenario_overview(std::FILE* out, const Scenario& scenario,
                             const std::string& model_description,
                             const std::vector<std::string>& antenna_descriptions);

/// Time axis, channel plan and the station database of a sharing study (nothing when the
/// scenario has no sharing analysis).
void print_sharing_overview(std::FILE* out, const Scenario& scenario);

/// The end-of-run summary: per-station service, premises coverage, leakage, SINR; for a sharing
/// study, per channel the share of the area usable, which receivers bind, aggregate margins and
/// the MIC areas and coordination pairs; timings.
void print_run_summary(std::FILE* out, const Scenario& scenario, const CoverageRun& run,
                       const SharingRun* sharing, const std::string& results_path,
                       double total_seconds, long peak_rss_kib, int threads);

/// The variants of a sweep side by side: one row per variant with its swept values and the
/// figures of its end-of-run summary (sim/results/sweep_summary.h), then what each column is.
void print_sweep_summary(std::FILE* out, const results::SweepSummary& summary);

}  // namespace akichi::sim::cli

// The study report of a results file (`akichi report`): one self-contained HTML document with
// what a planner hands on and a regulator checks — the scenario and its assumptions, the
// stations, the coverage and leakage of the premises, the MIC cover and coordination areas and
// the pairs that must coordinate, the vacancy per channel and hour at chosen points, the
// aggregate at each protected receiver with its largest contributors, the Monte Carlo and the
// coordination results, and every map the file holds (drawn by render_png and the coordination
// plots, embedded as PNG). A sweep's batch file adds the table of its variants. Everything is
// read from the results file (sim/results/reader.h); every text from it is escaped.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace akichi::viz {

/// A point of the vacancy tables: WGS 84 degrees; the candidate antenna height (one of the
/// file's heights), or nullopt for the lowest.
struct ReportPoint {
  double lat_deg = 0, lon_deg = 0;
  std::optional<double> height_m;
};

struct ReportOptions {
  /// Batch files: the variant reported, by name or index in the sweep; "" = the first in the
  /// file. A single run's file refuses it.
  std::string variant;
  /// The vacancy tables' points; empty = the planned stations' sites (the first
  /// max_default_points of them), each at the file's height nearest its antenna height.
  std::vector<ReportPoint> points;
  std::size_t max_default_points = 12;
  /// Maps per variable along a station or pair dimension (the first ones; the rest are named).
  std::size_t max_maps_per_variable = 8;
};

/// "LAT,LON" or "LAT,LON,H" of --point. Throws InputError naming --point.
ReportPoint parse_report_point(const std::string& text);

/// The report of `results_path` as an HTML document (UTF-8). Throws InputError for a file that
/// is not a results file, a --variant or --point that does not fit it (a point outside the
/// grid, a height the file lacks); RuntimeError when a map cannot be drawn.
std::string study_report_html(const std::string& results_path, const ReportOptions& options);

}  // namespace akichi::viz

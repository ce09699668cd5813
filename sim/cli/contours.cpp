#include <filesystem>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/layer_selection.h"
#include "sim/cli/output_guard.h"
#include "sim/results/file_check.h"
#include "viz/contours.h"
#include "viz/results_map.h"

namespace akichi::sim::cli {

int command_contours(const ContoursOptions& opts) {
  require_regular_input(opts.results, "results");
  refuse_output_onto_input(opts.output, {opts.results}, "-o", "the results file read");
  clear_stale_temporaries(opts.output);
  const viz::LayerSelection sel = layer_selection(opts);
  results::check_results_file(opts.results);
  const viz::LoadedMap map = viz::load_mask_union(opts.results, sel);
  std::string slice;
  for (const viz::SliceCoordinate& c : map.slice)
    slice += fmt::format("{}{} {}", slice.empty() ? "" : ", ", c.dim, c.label);
  const auto written = viz::write_areas(map.layer, opts.levels, slice, opts.output);
  fmt::print("{}: {}\n", opts.output, map.overlay.subtitle);
  for (const viz::AreaFeature& f : written)
    fmt::print("  {:<28} {:>9} cells  {:>12.0f} m2\n", f.label, f.cells,
               static_cast<double>(f.cells) * map.layer.cell_m * map.layer.cell_m);
  return 0;
}

}  // namespace akichi::sim::cli

#include <filesystem>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_guard.h"
#include "sim/results/file_check.h"
#include "viz/results_map.h"

namespace akichi::sim::cli {

int command_render(const RenderOptions& opts) {
  const std::string ext = std::filesystem::path(opts.output).extension().string();
  if (ext != ".png" && ext != ".tif" && ext != ".tiff" && ext != ".kmz") {
    throw InputError(format_input_error({}, "-o", "'" + opts.output + "'",
                                        "an output file ending in .png, .tif, .tiff or .kmz"));
  }
  require_regular_input(opts.results, "results");
  refuse_output_onto_input(opts.output, {opts.results}, "-o", "the results file rendered");
  clear_stale_map_temporaries(opts.output);
  viz::LayerSelection sel;
  sel.var = opts.var;
  sel.variant = opts.variant;
  sel.station = opts.station;
  sel.height_m = opts.height_m;
  sel.time = opts.time;
  sel.channel = opts.channel;
  sel.pair = opts.pair;
  results::check_results_file(opts.results);
  const viz::LoadedMap map = viz::load_map(opts.results, sel);
  viz::RenderOptions ro;
  ro.colormap = opts.colormap;
  ro.vmin = opts.vmin;
  ro.vmax = opts.vmax;
  if (ext == ".png") {
    viz::render_png(map.layer, map.overlay, ro, opts.output);
  } else if (ext == ".kmz") {
    viz::write_kmz(map.layer, map.overlay, ro, opts.output);
  } else {
    viz::write_geotiff(map.layer, opts.output);
  }
  fmt::print("{}: {} ({} x {} cells)\n", opts.output, map.overlay.subtitle, map.layer.nx,
             map.layer.ny);
  return 0;
}

}  // namespace akichi::sim::cli

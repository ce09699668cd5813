#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/layer_selection.h"
#include "sim/cli/output_guard.h"
#include "sim/results/file_check.h"
#include "viz/coordination_plot.h"
#include "viz/map_context.h"
#include "viz/results_map.h"

namespace akichi::sim::cli {

namespace {

/// The --no-* options of the PNG maps applied to what load_map() read.
void apply_map_context(const RenderOptions& opts, viz::MapOverlay& overlay,
                       viz::RenderOptions& ro) {
  if (opts.no_hillshade || !opts.basemap.empty()) overlay.backdrop.reset();
  if (opts.no_stations) {
    overlay.stations.clear();
    overlay.sites.clear();
  }
  if (opts.no_buildings) overlay.buildings.clear();
  ro.graticule = !opts.no_graticule;
}

/// The drawings of the operation coordination, which are not slices of a map variable: the
/// applicants' granted EIRP over the study area (/coordination) and the CDF of I/N per protected
/// receiver (/montecarlo).
int render_coordination(const RenderOptions& opts, const std::string& ext) {
  for (const auto& [given, name] :
       {std::pair{opts.height_m.has_value(), "--height"}, std::pair{!opts.time.empty(), "--time"},
        std::pair{!opts.pair.empty(), "--pair"}}) {
    if (given)
      throw InputError(format_input_error({}, name, "a value for --var " + opts.var,
                                          "no such selector for this variable"));
  }
  results::check_results_file(opts.results);
  if (opts.log && opts.var != "i_over_n_cdf")
    throw InputError(format_input_error({}, "--log", "a value for --var " + opts.var,
                                        "--log only with --var i_over_n_cdf"));
  if (opts.var == "granted_eirp") {
    if (!opts.station.empty() || !opts.channel.empty())
      throw InputError(format_input_error({}, !opts.station.empty() ? "--station" : "--channel",
                                          "a value for --var granted_eirp",
                                          "no selector: every applicant is drawn"));
    viz::GrantedEirpMap map = viz::load_granted_eirp(opts.results, opts.variant);
    viz::RenderOptions ro;
    ro.colormap = opts.colormap;
    ro.vmin = opts.vmin;
    ro.vmax = opts.vmax;
    if (ext == ".png") {
      apply_map_context(opts, map.overlay, ro);
      if (!opts.basemap.empty()) {
        require_regular_input(opts.basemap, "--basemap");
        map.overlay.backdrop = viz::basemap_backdrop(opts.basemap, map.layer, ro);
      }
      viz::render_granted_eirp_png(map, ro, opts.output);
    } else if (ext == ".kmz") {
      // The granted EIRP on the grid (the GeoTIFF's layer) over the colour range of the PNG,
      // the receivers marked as in the other maps' KMZ.
      const viz::ValueRange range = viz::granted_eirp_range(map, ro);
      ro.vmin = range.vmin;
      ro.vmax = range.vmax;
      viz::write_kmz(viz::granted_eirp_raster(map), map.overlay, ro, opts.output);
    } else {
      viz::write_geotiff(viz::granted_eirp_raster(map), opts.output);
    }
    fmt::print("{}: {} ({} applicants)\n", opts.output, map.overlay.subtitle,
               map.applicants.size());
    return 0;
  }
  if (ext != ".png")
    throw InputError(format_input_error({}, "-o", "'" + opts.output + "'",
                                        "for i_over_n_cdf an output ending in .png"));
  if (opts.vmin || opts.vmax)
    throw InputError(format_input_error({}, "--vmin/--vmax", "a value for --var i_over_n_cdf",
                                        "no colour scale: the plot has none"));
  const viz::CdfPlot plot =
      viz::load_i_over_n_cdf(opts.results, opts.station, opts.channel, opts.log, opts.variant);
  viz::render_cdf_png(plot, opts.output);
  fmt::print("{}: {} ({} curves)\n", opts.output, plot.subtitle, plot.curves.size());
  return 0;
}

}  // namespace

int command_render(const RenderOptions& opts) {
  const std::string ext = std::filesystem::path(opts.output).extension().string();
  if (ext != ".png" && ext != ".tif" && ext != ".tiff" && ext != ".kmz") {
    throw InputError(format_input_error({}, "-o", "'" + opts.output + "'",
                                        "an output file ending in .png, .tif, .tiff or .kmz"));
  }
  if (ext != ".png") {
    for (const auto& [given, name] : {std::pair{opts.no_hillshade, "--no-hillshade"},
                                      std::pair{opts.no_graticule, "--no-graticule"},
                                      std::pair{opts.no_stations, "--no-stations"},
                                      std::pair{opts.no_buildings, "--no-buildings"},
                                      std::pair{!opts.basemap.empty(), "--basemap"}}) {
      if (given)
        throw InputError(format_input_error({}, name, "an output '" + opts.output + "'",
                                            "a .png output: only the PNG map draws it"));
    }
  }
  require_regular_input(opts.results, "results");
  refuse_output_onto_input(opts.output, {opts.results}, "-o", "the results file rendered");
  clear_stale_map_temporaries(opts.output);
  if (opts.var == "granted_eirp" || opts.var == "i_over_n_cdf")
    return render_coordination(opts, ext);
  if (opts.log)
    throw InputError(format_input_error({}, "--log", "a value for --var " + opts.var,
                                        "--log only with --var i_over_n_cdf"));
  const viz::LayerSelection sel = layer_selection(opts);
  results::check_results_file(opts.results);
  viz::LoadedMap map = viz::load_map(opts.results, sel);
  viz::RenderOptions ro;
  ro.colormap = opts.colormap;
  ro.vmin = opts.vmin;
  ro.vmax = opts.vmax;
  if (ext == ".png") {
    apply_map_context(opts, map.overlay, ro);
    if (!opts.basemap.empty()) {
      require_regular_input(opts.basemap, "--basemap");
      map.overlay.backdrop = viz::basemap_backdrop(opts.basemap, map.layer, ro);
    }
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

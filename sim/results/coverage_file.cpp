#include "sim/results/coverage_file.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <sstream>

#include <fmt/format.h>

#include "akichi_version.h"
#include "propagation/models/itu_r_p2040_3.h"
#include "sim/results/sharing_file.h"
#include "sim/results/station_table.h"
#include "sim/results/variable_table.h"
#include "sim/results/writer.h"

namespace akichi::sim {
namespace {

using results::all;
using results::Attr;
using results::Attrs;
using results::Group;
using results::StoreOptions;
using results::Values;
using results::VariableSpec;

std::string utc_now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const double kNaNd = std::numeric_limits<double>::quiet_NaN();

Attrs station_coord() {
  return {{"coordinates", std::string("station_id")}};
}

Attrs mechanism_flags() {
  return results::flag_attrs({0, 1, 2, 3, 4},
                             "none line_of_sight reflected diffracted transmitted");
}

/// The `analysis` attribute: the analyses the file holds, space-separated.
std::string analyses_of(const Scenario& sc, bool coverage, const SharingRun* sharing) {
  std::string analyses = coverage ? "coverage" : "";
  if (sharing != nullptr) {
    const SharingSpec& sh = sc.sharing;
    for (const auto& [on, name] :
         {std::pair{sh.vacancy.enabled, "vacancy"}, std::pair{sh.aggregate.enabled, "aggregate"},
          std::pair{sh.mic.enabled, "mic"}}) {
      if (on) analyses += fmt::format("{}{}", analyses.empty() ? "" : " ", name);
    }
  }
  return analyses;
}

// Global attributes (CF-1.10 §2.6).
void write_global_attributes(Group& root, const Scenario& sc, const CoverageRun& run,
                             const SharingRun* sharing, const RunInfo& info) {
  const std::string created = utc_now_iso8601();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", sc.name.empty() ? std::string("akichi coverage study") : sc.name);
  root.set_attribute("summary", sc.description);
  root.set_attribute("source", fmt::format("akichi {} (git {})", AKICHI_VERSION, AKICHI_GIT_SHA));
  root.set_attribute("history", created + " " + info.command_line);
  root.set_attribute("akichi_version", std::string(AKICHI_VERSION));
  root.set_attribute("git_sha", std::string(AKICHI_GIT_SHA));
  root.set_attribute("format_version", static_cast<std::int32_t>(kResultsFormatVersion));
  root.set_attribute("created", created);
  root.set_attribute("analysis", analyses_of(sc, !sc.stations.planned().empty(), sharing));
  root.set_attribute("scenario_path", sc.path);
  root.set_attribute("scenario_text", sc.text);
  root.set_attribute("propagation_model", run.model_description);
  root.set_attribute("profile_step_m", run.profile_step_m);
  root.set_attribute("cell_size_m", sc.grid.cell_m);
}

// Coordinates: cell centres in the study CRS, receiver heights, and the grid mapping.
void write_coordinates(Group& root, const Scenario& sc) {
  const prop::StudyGrid& g = sc.grid;
  std::vector<double> xs(g.nx), ys(g.ny);
  for (int i = 0; i < g.nx; ++i) xs[i] = g.x(i);
  for (int j = 0; j < g.ny; ++j) ys[j] = g.y(j);
  root.add_coordinate("x", xs,
                      {{"standard_name", std::string("projection_x_coordinate")},
                       {"long_name", std::string("easting of the cell centre")},
                       {"units", std::string("m")},
                       {"axis", std::string("X")}});
  root.add_coordinate("y", ys,
                      {{"standard_name", std::string("projection_y_coordinate")},
                       {"long_name", std::string("northing of the cell centre")},
                       {"units", std::string("m")},
                       {"axis", std::string("Y")}});
  root.add_coordinate("height", g.heights_m,
                      {{"long_name", std::string("receiver antenna height above ground")},
                       {"units", std::string("m")},
                       {"positive", std::string("up")},
                       {"axis", std::string("Z")}});
  root.add_grid_mapping("crs", sc.crs.wkt(),
                        {{"long_name", std::string("study coordinate reference system")},
                         {"crs_name", sc.crs.name()},
                         {"crs_definition", sc.crs_definition},
                         {"crs_wkt2", sc.crs.wkt2()}});
}

// Terrain on the study grid (sampled at cell centres, as every link sees it) and the premises.
void write_terrain_and_premises(Group& root, const Scenario& sc, const CoverageRun& run,
                                const StoreOptions& store) {
  const prop::StudyGrid& g = sc.grid;
  std::vector<float> terrain(g.cells());
  for (int j = 0; j < g.ny; ++j) {
    for (int i = 0; i < g.nx; ++i) {
      terrain[static_cast<std::size_t>(j) * g.nx + i] =
          static_cast<float>(run.terrain.elevation_m(g.x(i), g.y(j)));
    }
  }
  const CoverageResult& cov = run.coverage;
  std::ostringstream premises_wkt;
  premises_wkt << prop::bg::wkt(sc.coverage.premises);
  const VariableSpec specs[] = {
      {.name = "terrain_height",
       .dims = {"y", "x"},
       .long_name = "terrain elevation at the cell centre",
       .units = "m",
       .on_grid = true,
       .extra = {{"standard_name", std::string("surface_altitude")}},
       .data = Values<float>{all(terrain), kNaN}},
      {.name = "premises_mask",
       .dims = {"y", "x"},
       .long_name = "cell centre inside the premises",
       .units = "1",
       .on_grid = true,
       .flags = results::flag_attrs({0, 1}, "outside inside"),
       .extra = {{"premises_source", sc.coverage.premises_path},
                 {"premises_wkt", cov.has_premises ? premises_wkt.str() : std::string()}},
       .data = Values<std::uint8_t>{all(cov.premises_mask)}},
  };
  results::write_variables(root, specs, store);
}

/// Variables along `building`: the footprint table.
void write_building_table(Group& root, const Scenario& sc, const prop::Buildings& list,
                          const StoreOptions& store) {
  std::vector<std::string> bids, bmat;
  std::vector<double> bheight, bbase, barea;
  const auto materials = prop::p2040::materials();
  for (const prop::Building& x : list) {
    bids.push_back(x.id);
    bmat.push_back(std::string(materials[x.material].name));
    bheight.push_back(x.height_m);
    bbase.push_back(x.base_z_m);
    barea.push_back(prop::bg::area(x.footprint));
  }
  const Attrs building_coord = {{"coordinates", std::string("building_id")}};
  const VariableSpec specs[] = {
      {.name = "building_id",
       .dims = {"building"},
       .long_name = "building identifier",
       .extra = {{"source", sc.buildings.read.path}},
       .data = Values<std::string>{all(bids)}},
      {.name = "building_material",
       .dims = {"building"},
       .long_name = "wall material (ITU-R P.2040-3 Table 3)",
       .data = Values<std::string>{all(bmat)}},
      {.name = "building_height",
       .dims = {"building"},
       .long_name = "roof height above the ground under the building",
       .units = "m",
       .extra = building_coord,
       .data = Values<double>{all(bheight)}},
      {.name = "building_base_z",
       .dims = {"building"},
       .long_name = "terrain elevation at the footprint's centroid",
       .units = "m",
       .extra = building_coord,
       .data = Values<double>{all(bbase)}},
      {.name = "building_area",
       .dims = {"building"},
       .long_name = "footprint area",
       .units = "m2",
       .extra = building_coord,
       .data = Values<double>{all(barea)}},
  };
  results::write_variables(root, specs, store);
}

// Buildings: the footprint table, the building covering each cell centre and the indoor flag
// per receiver height (inside a footprint and below its roof), then where each station stands.
void write_buildings(Group& root, const Scenario& sc, const CoverageRun& run,
                     const StoreOptions& store) {
  const StudyBuildings& b = *run.buildings;
  root.add_dimension("building", b.buildings->size());
  write_building_table(root, sc, *b.buildings, store);
  const std::vector<std::uint8_t> indoor = b.map->indoor_mask(sc.grid.heights_m);
  const VariableSpec grid_specs[] = {
      {.name = "building_index",
       .dims = {"y", "x"},
       .long_name = "index along building of the footprint covering the cell centre",
       .units = "1",
       .on_grid = true,
       .extra = {{"comment", std::string("-1: no building; the taller building where footprints "
                                         "overlap")}},
       .data = Values<std::int32_t>{all(b.map->index()), -1}},
      {.name = "indoor",
       .dims = {"height", "y", "x"},
       .long_name =
           "receiver inside a building (cell centre in a footprint, height below its roof)",
       .units = "1",
       .on_grid = true,
       .flags = results::flag_attrs({0, 1}, "outdoor indoor"),
       .data = Values<std::uint8_t>{all(indoor)}},
  };
  results::write_variables(root, grid_specs, store);
  root.set_attribute("building_entry_loss", prop::describe_building_entry(sc.buildings.entry_loss));
  const std::size_t ns = sc.stations.planned().size();
  if (ns == 0) return;
  const std::vector<std::int32_t> sin(b.station_indoor.begin(), b.station_indoor.begin() + ns);
  const std::vector<std::int32_t> sbld(b.station_building.begin(), b.station_building.begin() + ns);
  root.add_dimension("station", ns);
  const VariableSpec station_specs[] = {
      {.name = "station_indoor",
       .dims = {"station"},
       .long_name = "station indoors (indoor = true, or \"auto\" inside a footprint below its "
                    "roof)",
       .units = "1",
       .flags = results::flag_attrs({0, 1}, "outdoor indoor"),
       .extra = station_coord(),
       .data = Values<std::int32_t>{all(sin)}},
      {.name = "station_building",
       .dims = {"station"},
       .long_name = "index along building of the footprint containing the station",
       .units = "1",
       .extra = station_coord(),
       .data = Values<std::int32_t>{all(sbld), -1}},
  };
  results::write_variables(root, station_specs, store);
}

/// The best server's mechanism per cell [height][y][x] (0 where no station serves).
std::vector<std::uint8_t> best_server_mechanism(const CoverageRun& run, std::size_t per_station) {
  std::vector<std::uint8_t> best(per_station, 0);
  for (std::size_t i = 0; i < best.size(); ++i) {
    const std::int16_t b = run.coverage.best_server[i];
    if (b >= 0) best[i] = run.mechanism[static_cast<std::size_t>(b) * per_station + i];
  }
  return best;
}

// A streamed run's station tensor, read back a station at a time (none when in memory).
std::function<void(std::size_t, std::span<float>)> from_scratch(
    const std::shared_ptr<const ScratchTensor>& tensor) {
  if (tensor == nullptr) return {};
  return [&t = *tensor](std::size_t s, std::span<float> slab) { t.read(s, 0, slab); };
}

// Per-station tensors [station][height][y][x], written one station at a time: path loss,
// received power and the dominant mechanism of each link (and of the best server's link).
void write_coverage_tensors(Group& root, const Scenario& sc, const CoverageRun& run,
                            const StoreOptions& store) {
  const std::vector<std::string> dims{"station", "height", "y", "x"};
  const std::vector<std::uint8_t> best =
      run.mechanism.empty()
          ? std::vector<std::uint8_t>{}
          : best_server_mechanism(run, sc.grid.heights_m.size() * sc.grid.cells());
  std::vector<VariableSpec> specs;
  if (sc.output.write_path_loss) {
    specs.push_back(
        {.name = "path_loss",
         .dims = dims,
         .long_name = "basic transmission loss",
         .units = "dB",
         .on_grid = true,
         .extra = {{"coordinates", std::string("station_id")}, {"model", run.model_description}},
         .data = Values<float>{all(run.loss_dB), kNaN},
         .by_outer = true,
         .read_outer = from_scratch(run.loss_scratch)});
  }
  if (sc.output.write_rx_power) {
    specs.push_back({.name = "rx_power",
                     .dims = dims,
                     .long_name = "received power over the station's channel bandwidth",
                     .units = "dBm",
                     .on_grid = true,
                     .extra = station_coord(),
                     .data = Values<float>{all(run.coverage.rx_power_dBm), kNaN},
                     .by_outer = true,
                     .read_outer = from_scratch(run.rx_power_scratch)});
  }
  if (!run.mechanism.empty()) {
    Attrs link_extra = station_coord();
    for (Attr& a : mechanism_flags()) link_extra.push_back(std::move(a));
    link_extra.push_back({"model", run.model_description});
    specs.push_back({.name = "mechanism",
                     .dims = dims,
                     .long_name = "dominant propagation mechanism of the link",
                     .units = "1",
                     .on_grid = true,
                     .extra = link_extra,
                     .data = Values<std::uint8_t>{all(run.mechanism)},
                     .by_outer = true});
    specs.push_back({.name = "best_server_mechanism",
                     .dims = {"height", "y", "x"},
                     .long_name = "dominant propagation mechanism of the best server's link",
                     .units = "1",
                     .on_grid = true,
                     .flags = mechanism_flags(),
                     .extra = {{"model", run.model_description}},
                     .data = Values<std::uint8_t>{all(best)}});
  }
  results::write_variables(root, specs, store);
}

// Per-height layers [height][y][x] of the best server, and the scalar results per height and
// per station.
void write_coverage_layers(Group& root, const Scenario& sc, const CoverageResult& cov,
                           const StoreOptions& store) {
  const std::span<const Station> planned = sc.stations.planned();
  std::string meanings;
  std::vector<std::int32_t> flag_values;
  for (std::size_t s = 0; s < planned.size(); ++s) {
    meanings += (s ? " " : "") + planned[s].id;
    flag_values.push_back(static_cast<std::int32_t>(s));
  }
  const std::vector<std::string> layer{"height", "y", "x"};
  const VariableSpec specs[] = {
      {.name = "best_server",
       .dims = layer,
       .long_name = "index of the station received strongest",
       .units = "1",
       .on_grid = true,
       .flags = results::flag_attrs(flag_values, meanings),
       .data = Values<std::int16_t>{all(cov.best_server), kNoServer}},
      {.name = "best_rx_power",
       .dims = layer,
       .long_name = "received power of the best server",
       .units = "dBm",
       .on_grid = true,
       .data = Values<float>{all(cov.best_rx_power_dBm), kNaN}},
      {.name = "interference",
       .dims = layer,
       .long_name = "co-channel interference power in the best server's channel",
       .units = "dBm",
       .on_grid = true,
       .data = Values<float>{all(cov.interference_dBm), kNaN}},
      {.name = "sinr",
       .dims = layer,
       .long_name = "signal to interference-plus-noise ratio of the best server",
       .units = "dB",
       .on_grid = true,
       .extra = {{"noise_figure_dB", sc.coverage.noise_figure_dB}},
       .data = Values<float>{all(cov.sinr_dB), kNaN}},
      {.name = "premises_coverage_share",
       .dims = {"height"},
       .long_name = "share of premises cells with best received power at or above the service "
                    "threshold",
       .units = "1",
       .extra = {{"threshold_dBm", sc.coverage.service_threshold_dBm}},
       .data = Values<double>{all(cov.premises_coverage_share), kNaNd}},
      {.name = "leakage_share",
       .dims = {"height"},
       .long_name = "share of cells outside the premises with best received power at or above "
                    "the leakage threshold",
       .units = "1",
       .extra = {{"threshold_dBm", sc.coverage.leakage_threshold_dBm}},
       .data = Values<double>{all(cov.leakage_share), kNaNd}},
      {.name = "station_best_share",
       .dims = {"station", "height"},
       .long_name = "share of study cells the station serves best",
       .units = "1",
       .extra = station_coord(),
       .data = Values<double>{all(cov.station_best_share)}},
  };
  results::write_variables(root, specs, store);
}

// Coverage of the planned layout (absent from a sharing study without one): the station table
// along `station`, the per-station tensors and the per-height layers.
void write_coverage(Group& root, const Scenario& sc, const CoverageRun& run,
                    const StoreOptions& store) {
  const std::span<const Station> planned = sc.stations.planned();
  if (run.buildings == nullptr) root.add_dimension("station", planned.size());  // else with them
  write_station_table(root,
                      planned_station_table(planned, run.antenna_descriptions, run.eirp_dBm,
                                            run.antenna_max_gain_dBi, run.coverage.noise_dBm),
                      store);
  write_coverage_tensors(root, sc, run, store);
  write_coverage_layers(root, sc, run.coverage, store);
}

// Run information: thread and rank counts, timings (the only content that differs between
// identical runs, together with `created` and `history`).
void write_run_group(Group& root, const CoverageRun& run, const RunInfo& info) {
  Group run_group = root.create_group("run");
  run_group.set_attribute("threads", static_cast<std::int32_t>(info.threads));
  run_group.set_attribute("ranks", static_cast<std::int32_t>(info.ranks));
  run_group.set_attribute("command_line", info.command_line);
  run_group.set_attribute("wall_seconds_before_writing", info.total_seconds);
  run_group.set_attribute("peak_rss_kib", static_cast<double>(info.peak_rss_kib));
  for (const auto& [stage, seconds] : run.stage_seconds) {
    std::string key = "stage_seconds_" + stage;
    for (char& c : key) {
      if (c == ' ') c = '_';
    }
    run_group.set_attribute(key, seconds);
  }
}

}  // namespace

void write_results(const std::string& path, const Scenario& sc, const CoverageRun& run,
                   const SharingRun* sharing, const RunInfo& info) {
  StoreOptions store;
  store.deflate_level = sc.output.compression_level;
  results::Writer writer(path);
  Group& root = writer.root();
  write_global_attributes(root, sc, run, sharing, info);
  write_coordinates(root, sc);
  write_terrain_and_premises(root, sc, run, store);
  if (run.buildings != nullptr) write_buildings(root, sc, run, store);
  if (!sc.stations.planned().empty()) write_coverage(root, sc, run, store);
  if (sharing != nullptr) write_sharing(root, sc, *sharing, store);
  write_run_group(root, run, info);
  for (const auto& [name, value] : info.attributes) root.set_attribute(name, value);
  if (run.terrain_from_raster) {
    root.set_attribute("terrain_nodata_samples",
                       static_cast<double>(run.terrain_report.nodata_samples));
  }
  writer.commit();
}

}  // namespace akichi::sim

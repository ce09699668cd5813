#include "sim/results/coverage_file.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "akichi_version.h"
#include "propagation/models/itu_r_p2040_3.h"
#include "sim/results/sharing_file.h"
#include "sim/results/station_table.h"
#include "sim/results/writer.h"

namespace akichi::sim {
namespace {

using results::Attr;
using results::Attrs;
using results::Group;
using results::StoreOptions;

std::string utc_now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Attrs grid_var(const std::string& long_name, const std::string& units, Attrs extra = {}) {
  Attrs a{{"long_name", long_name}, {"units", units}, {"grid_mapping", std::string("crs")}};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

template <class T>
std::span<const T> all(const std::vector<T>& v) {
  return {v.data(), v.size()};
}

}  // namespace

void write_results(const std::string& path, const Scenario& sc, const CoverageRun& run,
                   const SharingRun* sharing, const RunInfo& info) {
  const prop::StudyGrid& g = sc.grid;
  const CoverageResult& cov = run.coverage;
  const std::span<const Station> planned = sc.stations.planned();
  const std::size_t ns = planned.size();
  const std::size_t nh = g.heights_m.size();
  const float kNaN = std::numeric_limits<float>::quiet_NaN();
  StoreOptions store;
  store.deflate_level = sc.output.compression_level;

  results::Writer writer(path);
  Group& root = writer.root();

  // Global attributes (CF-1.10 §2.6).
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
  std::string analyses = ns > 0 ? "coverage" : "";
  if (sharing != nullptr) {
    const SharingSpec& sh = sc.sharing;
    for (const auto& [on, name] :
         {std::pair{sh.vacancy.enabled, "vacancy"}, std::pair{sh.aggregate.enabled, "aggregate"},
          std::pair{sh.mic.enabled, "mic"}}) {
      if (on) analyses += fmt::format("{}{}", analyses.empty() ? "" : " ", name);
    }
  }
  root.set_attribute("analysis", analyses);
  root.set_attribute("scenario_path", sc.path);
  root.set_attribute("scenario_text", sc.text);
  root.set_attribute("propagation_model", run.model_description);
  root.set_attribute("profile_step_m", run.profile_step_m);
  root.set_attribute("cell_size_m", g.cell_m);

  // Coordinates: cell centres in the study CRS, receiver heights, stations.
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

  // Coverage of the planned layout (absent from a sharing study without one).
  const auto write_coverage = [&]() {
    if (run.buildings == nullptr) root.add_dimension("station", ns);  // else added with buildings
    // Station table along `station`.
    write_station_table(root,
                        planned_station_table(planned, run.antenna_descriptions, run.eirp_dBm,
                                              run.antenna_max_gain_dBi, cov.noise_dBm),
                        store);
    const Attrs station_coord = {{"coordinates", std::string("station_id")}};

    // Per-station tensors [station][height][y][x], written one station at a time.
    const std::size_t per_station = nh * g.cells();
    const auto tensor = [&](const char* name, const std::vector<float>& data, const Attrs& attrs) {
      results::Variable v =
          root.create_variable<float>(name, {"station", "height", "y", "x"}, attrs, store, kNaN);
      for (std::size_t s = 0; s < ns; ++s) {
        v.write_slab<float>({s, 0, 0, 0},
                            {1, nh, static_cast<std::size_t>(g.ny), static_cast<std::size_t>(g.nx)},
                            std::span<const float>(data).subspan(s * per_station, per_station));
      }
    };
    if (sc.output.write_path_loss) {
      Attrs a = grid_var("basic transmission loss", "dB", station_coord);
      a.push_back({"model", run.model_description});
      tensor("path_loss", run.loss_dB, a);
    }
    if (sc.output.write_rx_power) {
      tensor("rx_power", cov.rx_power_dBm,
             grid_var("received power over the station's channel bandwidth", "dBm", station_coord));
    }

    if (!run.mechanism.empty()) {
      // Dominant mechanism of each link, and of the best server's link per cell.
      const Attrs flags{{"flag_values", std::vector<std::int32_t>{0, 1, 2, 3}},
                        {"flag_meanings", std::string("none line_of_sight reflected diffracted")},
                        {"model", run.model_description}};
      Attrs a = grid_var("dominant propagation mechanism of the link", "1", station_coord);
      a.insert(a.end(), flags.begin(), flags.end());
      results::Variable v = root.create_variable<std::uint8_t>(
          "mechanism", {"station", "height", "y", "x"}, a, store);
      for (std::size_t s = 0; s < ns; ++s) {
        v.write_slab<std::uint8_t>(
            {s, 0, 0, 0}, {1, nh, static_cast<std::size_t>(g.ny), static_cast<std::size_t>(g.nx)},
            std::span<const std::uint8_t>(run.mechanism).subspan(s * per_station, per_station));
      }
      std::vector<std::uint8_t> best(nh * g.cells(), 0);
      for (std::size_t i = 0; i < best.size(); ++i) {
        const std::int16_t b = cov.best_server[i];
        if (b >= 0) best[i] = run.mechanism[static_cast<std::size_t>(b) * per_station + i];
      }
      Attrs ab = grid_var("dominant propagation mechanism of the best server's link", "1");
      ab.insert(ab.end(), flags.begin(), flags.end());
      root.write_variable<std::uint8_t>("best_server_mechanism", {"height", "y", "x"}, all(best),
                                        ab, store);
    }

    // Per-height layers [height][y][x].
    std::string meanings;
    std::vector<std::int32_t> flag_values;
    for (std::size_t s = 0; s < ns; ++s) {
      meanings += (s ? " " : "") + planned[s].id;
      flag_values.push_back(static_cast<std::int32_t>(s));
    }
    root.write_variable<std::int16_t>(
        "best_server", {"height", "y", "x"}, all(cov.best_server),
        grid_var("index of the station received strongest", "1",
                 {{"flag_values", flag_values}, {"flag_meanings", meanings}}),
        store, kNoServer);
    root.write_variable<float>("best_rx_power", {"height", "y", "x"}, all(cov.best_rx_power_dBm),
                               grid_var("received power of the best server", "dBm"), store, kNaN);
    root.write_variable<float>(
        "interference", {"height", "y", "x"}, all(cov.interference_dBm),
        grid_var("co-channel interference power in the best server's channel", "dBm"), store, kNaN);
    root.write_variable<float>(
        "sinr", {"height", "y", "x"}, all(cov.sinr_dB),
        grid_var("signal to interference-plus-noise ratio of the best server", "dB",
                 {{"noise_figure_dB", sc.coverage.noise_figure_dB}}),
        store, kNaN);

    // Scalar results per height and per station.
    root.write_variable<double>(
        "premises_coverage_share", {"height"}, all(cov.premises_coverage_share),
        {{"long_name", std::string("share of premises cells with best received power at or above "
                                   "the service threshold")},
         {"units", std::string("1")},
         {"threshold_dBm", sc.coverage.service_threshold_dBm}},
        store, std::numeric_limits<double>::quiet_NaN());
    root.write_variable<double>(
        "leakage_share", {"height"}, all(cov.leakage_share),
        {{"long_name", std::string("share of cells outside the premises with best received power "
                                   "at or above the leakage threshold")},
         {"units", std::string("1")},
         {"threshold_dBm", sc.coverage.leakage_threshold_dBm}},
        store, std::numeric_limits<double>::quiet_NaN());
    root.write_variable<double>(
        "station_best_share", {"station", "height"}, all(cov.station_best_share),
        {{"long_name", std::string("share of study cells the station serves "
                                   "best")},
         {"units", std::string("1")},
         {"coordinates", std::string("station_id")}},
        store);
  };

  // Terrain on the study grid (sampled at cell centres, as every link sees it).
  std::vector<float> terrain(g.cells());
  for (int j = 0; j < g.ny; ++j) {
    for (int i = 0; i < g.nx; ++i) {
      terrain[static_cast<std::size_t>(j) * g.nx + i] =
          static_cast<float>(run.terrain.elevation_m(g.x(i), g.y(j)));
    }
  }
  root.write_variable<float>("terrain_height", {"y", "x"}, all(terrain),
                             grid_var("terrain elevation at the cell centre", "m",
                                      {{"standard_name", std::string("surface_altitude")}}),
                             store, kNaN);

  // Premises.
  std::ostringstream premises_wkt;
  premises_wkt << prop::bg::wkt(sc.coverage.premises);
  root.write_variable<std::uint8_t>(
      "premises_mask", {"y", "x"}, all(cov.premises_mask),
      grid_var("cell centre inside the premises", "1",
               {{"flag_values", std::vector<std::int32_t>{0, 1}},
                {"flag_meanings", std::string("outside inside")},
                {"premises_source", sc.coverage.premises_path},
                {"premises_wkt", cov.has_premises ? premises_wkt.str() : std::string()}}),
      store);

  // Buildings: the footprint table, the building covering each cell centre and the indoor flag
  // per receiver height (inside a footprint and below its roof).
  if (run.buildings != nullptr) {
    const StudyBuildings& b = *run.buildings;
    const prop::Buildings& list = *b.buildings;
    const std::size_t nb = list.size();
    root.add_dimension("building", nb);
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
    root.add_string_variable(
        "building_id", "building", bids,
        {{"long_name", std::string("building identifier")}, {"source", sc.buildings.read.path}});
    root.add_string_variable(
        "building_material", "building", bmat,
        {{"long_name", std::string("wall material (ITU-R P.2040-3 Table 3)")}});
    const auto building_var = [&](const char* name, const std::vector<double>& v,
                                  const std::string& long_name, const std::string& units) {
      Attrs a{{"long_name", long_name}, {"units", units}};
      a.insert(a.end(), building_coord.begin(), building_coord.end());
      root.write_variable<double>(name, {"building"}, all(v), a, store);
    };
    building_var("building_height", bheight, "roof height above the ground under the building",
                 "m");
    building_var("building_base_z", bbase, "terrain elevation at the footprint's centroid", "m");
    building_var("building_area", barea, "footprint area", "m2");
    root.write_variable<std::int32_t>(
        "building_index", {"y", "x"}, all(b.map->index()),
        grid_var("index along building of the footprint covering the cell centre", "1",
                 {{"comment", std::string("-1: no building; the taller building where footprints "
                                          "overlap")}}),
        store, std::int32_t{-1});
    root.write_variable<std::uint8_t>(
        "indoor", {"height", "y", "x"}, all(b.map->indoor_mask(g.heights_m)),
        grid_var("receiver inside a building (cell centre in a footprint, height below its roof)",
                 "1",
                 {{"flag_values", std::vector<std::int32_t>{0, 1}},
                  {"flag_meanings", std::string("outdoor indoor")}}),
        store);
    root.set_attribute("building_entry_loss",
                       prop::describe_building_entry(sc.buildings.entry_loss));
    if (ns > 0) {
      std::vector<std::int32_t> sin, sbld;
      for (std::size_t s = 0; s < ns; ++s) {
        sin.push_back(b.station_indoor[s]);
        sbld.push_back(b.station_building[s]);
      }
      root.add_dimension("station", ns);
      root.write_variable<std::int32_t>(
          "station_indoor", {"station"}, all(sin),
          {{"long_name", std::string("station indoors (indoor = true, or \"auto\" inside a "
                                     "footprint below its roof)")},
           {"units", std::string("1")},
           {"flag_values", std::vector<std::int32_t>{0, 1}},
           {"flag_meanings", std::string("outdoor indoor")},
           {"coordinates", std::string("station_id")}},
          store);
      root.write_variable<std::int32_t>(
          "station_building", {"station"}, all(sbld),
          {{"long_name", std::string("index along building of the footprint containing the "
                                     "station")},
           {"units", std::string("1")},
           {"coordinates", std::string("station_id")}},
          store, std::int32_t{-1});
    }
  }

  if (ns > 0) write_coverage();
  if (sharing != nullptr) write_sharing(root, sc, *sharing, store);

  // Run information: thread and rank counts, timings (the only content that differs between
  // identical runs, together with `created` and `history`).
  {
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
  for (const auto& [name, value] : info.attributes) root.set_attribute(name, value);
  if (run.terrain_from_raster) {
    root.set_attribute("terrain_nodata_samples",
                       static_cast<double>(run.terrain_report.nodata_samples));
  }
  writer.commit();
}

}  // namespace akichi::sim

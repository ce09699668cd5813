// `akichi points`: the receiver points of a scenario (every cell centre at every receiver
// height) as CSV, for a peer tool to compute its path loss at; `akichi compare` reads the
// peer's answers back by the same ids (docs/comparing.md).
#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "propagation/geo/crs.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_guard.h"
#include "sim/cli/points_table.h"
#include "sim/input/csv.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::cli {

int command_points(const PointsOptions& opts) {
  const Scenario sc = load_scenario(opts.scenario);
  refuse_output_onto_input(opts.output, {opts.scenario}, "-o", "the scenario");
  const prop::StudyGrid& g = sc.grid;
  const prop::Transformer to_wgs84(sc.crs, prop::Crs::wgs84());
  // Longitude and latitude per column and row would not do: a projected grid's columns are not
  // meridians. Every cell centre is converted.
  std::vector<std::vector<std::string>> rows;
  rows.reserve(g.cells() * g.heights_m.size());
  for (std::size_t k = 0; k < g.heights_m.size(); ++k) {
    for (int iy = 0; iy < g.ny; ++iy) {
      for (int ix = 0; ix < g.nx; ++ix) {
        double lon = g.x(ix), lat = g.y(iy);
        to_wgs84.transform(lon, lat);
        rows.push_back({std::to_string(point_id(g, k, iy, ix)), fmt::format("{:.9f}", lat),
                        fmt::format("{:.9f}", lon), exact(g.heights_m[k]), exact(g.x(ix)),
                        exact(g.y(iy))});
      }
    }
  }
  write_csv_atomically(opts.output, kPointsHeader, rows);
  fmt::print("{}: {} points ({} heights x {} x {} cells), CRS {} [{}]\n", opts.output, rows.size(),
             g.heights_m.size(), g.nx, g.ny, sc.crs.name(), sc.crs_definition);
  for (const Station& st : sc.stations.planned()) {
    double lon = st.x_m, lat = st.y_m;
    to_wgs84.transform(lon, lat);
    fmt::print("station {}: {:.9f}, {:.9f}, {:g} m above ground, {:g} MHz\n", st.id, lat, lon,
               st.height_m, st.freq_Hz * 1e-6);
  }
  return 0;
}

}  // namespace akichi::sim::cli

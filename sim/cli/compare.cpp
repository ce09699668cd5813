// `akichi compare`: akichi's path loss against a peer's (crc-covlib, SPLAT!, a commercial tool)
// at the receiver points of `akichi points`: the distribution of the difference, overall, by
// distance band and by terrain line of sight (docs/comparing.md).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_registry.h"
#include "propagation/geo/crs.h"
#include "propagation/terrain/profile.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/cli/commands.h"
#include "sim/cli/compare_stats.h"
#include "sim/cli/points_table.h"
#include "sim/input/csv.h"
#include "sim/results/reader.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::cli {
namespace {

/// akichi's side: the scenario, the terrain, one station's path loss [height][y][x].
struct Ours {
  Scenario sc;
  prop::TerrainGrid terrain;
  std::size_t station = 0;
  std::vector<float> loss_dB;
  std::string source;  ///< "results file X" or "scenario X, computed now"
};

bool is_hdf5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  return in.gcount() == 8 && std::string(sig, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

std::size_t station_index(const std::vector<std::string>& ids, const std::string& wanted,
                          const std::string& where) {
  if (ids.empty()) {
    throw InputError(format_input_error({where}, "stations", "no planned station",
                                        "a scenario with at least one [[station]]"));
  }
  if (wanted.empty()) return 0;
  const auto it = std::find(ids.begin(), ids.end(), wanted);
  if (it == ids.end()) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    throw InputError(format_input_error({}, "--station", "'" + wanted + "'", "one of " + list));
  }
  return static_cast<std::size_t>(it - ids.begin());
}

Ours load_ours(const CompareOptions& opts) {
  Ours o;
  std::vector<std::string> ids;
  if (is_hdf5(opts.input)) {
    const results::Reader r(opts.input);
    const auto text = r.attr_string("/", "scenario_text");
    const auto path = r.attr_string("/", "scenario_path");
    if (!text || !path || !r.has_variable("/path_loss") || !r.has_variable("/station_id")) {
      throw InputError(format_input_error(
          {opts.input}, "path_loss", "a results file without a path_loss tensor",
          "the results file of a single run with [output] write_path_loss = true, or a scenario"));
    }
    o.sc = parse_scenario(*text, *path);
    ids = r.read_strings("/station_id");
    o.station = station_index(ids, opts.station, opts.input);
    const prop::StudyGrid& g = o.sc.grid;
    o.loss_dB = r.read_slab_float(
        "/path_loss", {o.station, 0, 0, 0},
        {1, g.heights_m.size(), static_cast<std::size_t>(g.ny), static_cast<std::size_t>(g.nx)});
    o.terrain = load_terrain(o.sc, nullptr);
    o.source = "results file " + opts.input;
  } else {
    o.sc = load_scenario(opts.input);
    for (const Station& st : o.sc.stations.planned()) ids.push_back(st.id);
    o.station = station_index(ids, opts.station, opts.input);
    SilentProgress quiet;
    CoverageRun run = run_coverage(o.sc, quiet);
    const std::size_t per = o.sc.grid.cells() * o.sc.grid.heights_m.size();
    o.loss_dB.assign(run.loss_dB.begin() + static_cast<std::ptrdiff_t>(o.station * per),
                     run.loss_dB.begin() + static_cast<std::ptrdiff_t>((o.station + 1) * per));
    o.terrain = std::move(run.terrain);
    o.source = "scenario " + opts.input + ", computed now";
  }
  return o;
}

/// One peer row matched to a point of the grid.
struct Match {
  std::size_t k = 0;  ///< height index
  int iy = 0, ix = 0;
  double peer_dB = 0;
};

/// Reads the peer's CSV: a loss column (loss_dB or loss) and either an id column (the ids of
/// `akichi points`) or lat_deg and lon_deg (WGS 84; the point must lie within kSnap_m of a
/// cell centre), with height_m required when the study has more than one receiver height.
std::vector<Match> read_peer(const std::string& path, const Scenario& sc) {
  constexpr double kSnap_m = 1.0;
  const CsvTable t = CsvTable::read(path);
  const auto col = [&](std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) {
      if (const int c = t.find_column(n); c >= 0) return c;
    }
    return -1;
  };
  int c_loss = col({"loss_dB", "loss"});
  if (c_loss < 0) c_loss = t.column("loss_dB");  // InputError listing the header
  const int c_id = col({"id"});
  const int c_lat = col({"lat_deg", "lat", "latitude"});
  const int c_lon = col({"lon_deg", "lon", "longitude"});
  const int c_h = col({"height_m", "height"});
  const prop::StudyGrid& g = sc.grid;
  if (c_id < 0 && (c_lat < 0 || c_lon < 0)) {
    std::string cols;
    for (const auto& h : t.header()) cols += (cols.empty() ? "" : ", ") + h;
    throw InputError(format_input_error({path, 1}, "header", "columns " + cols,
                                        "an id column (akichi points) or lat_deg and lon_deg"));
  }
  if (c_id < 0 && c_h < 0 && g.heights_m.size() > 1) {
    throw InputError(format_input_error(
        {path, 1}, "header", "no height_m column",
        fmt::format("height_m: the study has {} receiver heights", g.heights_m.size())));
  }
  const std::int64_t n_points = static_cast<std::int64_t>(g.cells() * g.heights_m.size());
  std::vector<std::uint8_t> seen(static_cast<std::size_t>(n_points), 0);
  const prop::Transformer to_study(prop::Crs::wgs84(), sc.crs);
  std::vector<Match> out;
  out.reserve(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const InputLocation at{path, t.line_of(r)};
    const auto field = [&](int c) { return "column " + t.header()[static_cast<std::size_t>(c)]; };
    Match m;
    m.peer_dB = t.number(r, c_loss);
    if (!std::isfinite(m.peer_dB)) {
      throw_input_error(at, field(c_loss), "'" + t.text(r, c_loss) + "'", "a finite loss in dB");
    }
    std::int64_t id = -1;
    if (c_id >= 0) {
      const double v = t.number(r, c_id);
      if (!(v >= 0 && v < static_cast<double>(n_points)) || v != std::floor(v)) {
        throw_input_error(
            at, field(c_id), "'" + t.text(r, c_id) + "'",
            fmt::format("a point id of akichi points: a whole number from 0 to {}", n_points - 1));
      }
      id = static_cast<std::int64_t>(v);
      m.ix = static_cast<int>(id % g.nx);
      m.iy = static_cast<int>((id / g.nx) % g.ny);
      m.k = static_cast<std::size_t>(id / (static_cast<std::int64_t>(g.nx) * g.ny));
    } else {
      const double lat = t.number(r, c_lat), lon = t.number(r, c_lon);
      if (!(std::abs(lat) <= 90))
        throw_input_error(at, field(c_lat), t.text(r, c_lat), "|lat| <= 90");
      if (!(std::abs(lon) <= 180))
        throw_input_error(at, field(c_lon), t.text(r, c_lon), "|lon| <= 180");
      double x = lon, y = lat;
      to_study.transform(x, y);
      m.ix = g.column_of(x);
      m.iy = g.row_of(y);
      if (m.ix < 0 || m.iy < 0 || std::hypot(x - g.x(m.ix), y - g.y(m.iy)) > kSnap_m) {
        throw_input_error(at, field(c_lat) + " and " + field(c_lon),
                          fmt::format("{}, {} (x = {:.2f} m, y = {:.2f} m)", t.text(r, c_lat),
                                      t.text(r, c_lon), x, y),
                          fmt::format("a cell centre of the study grid, within {:g} m (the "
                                      "points of akichi points)",
                                      kSnap_m));
      }
      if (c_h >= 0) {
        const double h = t.number(r, c_h);
        const auto it = std::find_if(g.heights_m.begin(), g.heights_m.end(),
                                     [&](double v) { return std::abs(v - h) <= 1e-6; });
        if (it == g.heights_m.end()) {
          std::string hs;
          for (double v : g.heights_m) hs += (hs.empty() ? "" : ", ") + fmt::format("{:g}", v);
          throw_input_error(at, field(c_h), "'" + t.text(r, c_h) + "'",
                            "one of the study's receiver heights: " + hs + " m");
        }
        m.k = static_cast<std::size_t>(it - g.heights_m.begin());
      }
      id = point_id(g, m.k, m.iy, m.ix);
    }
    if (c_id >= 0 && c_h >= 0) {
      const double h = t.number(r, c_h);
      if (std::abs(h - g.heights_m[m.k]) > 1e-6) {
        throw_input_error(at, field(c_h), "'" + t.text(r, c_h) + "'",
                          fmt::format("{:g}, the height of point {}", g.heights_m[m.k], id));
      }
    }
    if (seen[static_cast<std::size_t>(id)]++ != 0) {
      throw_input_error(at, c_id >= 0 ? field(c_id) : "point",
                        fmt::format("point {} a second time", id), "each point once");
    }
    out.push_back(m);
  }
  if (out.empty()) {
    throw InputError(format_input_error({path}, "rows", "no point", "at least one point"));
  }
  return out;
}

std::string km(double m) {
  return std::isfinite(m) ? fmt::format("{:g}", m / 1000) : std::string("inf");
}

void print_row(const std::string& label, const DeltaStats& s) {
  if (s.n == 0) {
    fmt::print("  {:<18} {:>8}\n", label, 0);
    return;
  }
  fmt::print("  {:<18} {:>8} {:>10.3f} {:>10.3f} {:>12.3f} {:>10.3f} {:>9.2f}\n", label, s.n,
             s.median, s.mean, s.p95_abs, s.max_abs, 100.0 * s.share_over_1dB);
}

}  // namespace

int command_compare(const CompareOptions& opts) {
  std::vector<double> edges_km = opts.bands_km;
  if (edges_km.empty()) edges_km = {1, 2, 5, 10, 20, 50};
  for (std::size_t i = 0; i < edges_km.size(); ++i) {
    if (!(edges_km[i] > 0) || (i > 0 && !(edges_km[i] > edges_km[i - 1]))) {
      throw InputError(format_input_error({}, "--bands-km", fmt::format("{}", edges_km[i]),
                                          "increasing distances > 0 km"));
    }
  }
  const Ours ours = load_ours(opts);
  const std::vector<Match> peer = read_peer(opts.peer, ours.sc);
  const Scenario& sc = ours.sc;
  const prop::StudyGrid& g = sc.grid;
  const Station& st = sc.stations.planned()[ours.station];

  // Each point's distance (the model's measure, as its run took it) and its terrain line of
  // sight: the profile
  // at the run's spacing clears the straight ray over an earth of k R_e ([propagation]
  // k_factor), the test of docs/methods.md "Terrain LoS".
  const double step = effective_profile_step_m(sc);
  const prop::PathDistance* measure =
      ours.terrain.distance(prop::distance_for(sc.model.name, sc.terrain.distance));
  prop::Profile profile;
  std::vector<double> all;
  std::vector<std::vector<double>> by_band(edges_km.size() + 1);
  std::vector<double> los, nlos;
  for (const Match& m : peer) {
    const double x = g.x(m.ix), y = g.y(m.iy);
    const std::size_t cell = static_cast<std::size_t>(m.iy) * static_cast<std::size_t>(g.nx) +
                             static_cast<std::size_t>(m.ix);
    const double ours_dB = ours.loss_dB[m.k * g.cells() + cell];
    if (!std::isfinite(ours_dB)) continue;  // a cell akichi left without a value (fill)
    const double delta = ours_dB - m.peer_dB;
    all.push_back(delta);
    const double d_m = prop::TerrainGrid::path_length_m(measure, st.x_m, st.y_m, x, y);
    const auto band = static_cast<std::size_t>(
        std::upper_bound(edges_km.begin(), edges_km.end(), d_m / 1000) - edges_km.begin());
    by_band[band].push_back(delta);
    prop::extract_profile(ours.terrain, st.x_m, st.y_m, x, y, step, profile, measure);
    prop::LinkInput link;
    link.d_m = std::max(d_m, prop::kMinLinkDistance_m);
    link.h_tx_m = st.height_m;
    link.h_rx_m = g.heights_m[m.k];
    link.profile_d_m = profile.d_m.data();
    link.profile_z_m = profile.z_m.data();
    link.profile_n = profile.size();
    link.z_tx_m = profile.z_m[0];
    link.z_rx_m = profile.z_m[profile.size() - 1];
    (prop::terrain_line_of_sight(link, sc.model.k_factor) ? los : nlos).push_back(delta);
  }
  if (all.empty()) {
    throw InputError(format_input_error({opts.peer}, "points", "no point where akichi has a loss",
                                        "points of the study grid"));
  }

  fmt::print("akichi:  {} (model {}, station {})\n", ours.source, sc.model.name, st.id);
  const auto identical = static_cast<std::size_t>(std::count(all.begin(), all.end(), 0.0));
  fmt::print("peer:    {} ({} points of {}; {} receiver height(s)); {} identical\n", opts.peer,
             all.size(), g.cells() * g.heights_m.size(), g.heights_m.size(), identical);
  fmt::print(
      "delta = akichi - peer (dB); distances {} from the station; LoS: terrain clears the "
      "ray at k = {:g}\n",
      prop::distance_text(sc.model.name, sc.terrain.distance), sc.model.k_factor);
  fmt::print("  {:<18} {:>8} {:>10} {:>10} {:>12} {:>10} {:>9}\n", "", "points", "median", "mean",
             "p95 |delta|", "max |delta|", "% > 1 dB");
  print_row("all", delta_stats(all));
  for (std::size_t b = 0; b < by_band.size(); ++b) {
    const double lo = b == 0 ? 0.0 : edges_km[b - 1] * 1000;
    const double hi =
        b < edges_km.size() ? edges_km[b] * 1000 : std::numeric_limits<double>::infinity();
    print_row(fmt::format("{}-{} km", km(lo), km(hi)), delta_stats(by_band[b]));
  }
  print_row("LoS", delta_stats(los));
  print_row("NLoS", delta_stats(nlos));
  return 0;
}

}  // namespace akichi::sim::cli

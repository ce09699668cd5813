// TerrainGrid construction, the node lattice, and flat terrain.
#include "propagation/terrain/terrain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::prop {
namespace {

// floor(length / step) + 1 nodes, plus one when the last falls short of the far edge: the
// count is ceil(length / step) + 1, with a 1e-9 relative tolerance so that whole multiples of
// the step (1000 m / 0.1 m = 9999.999...) do not grow a node. At least 2.
int node_count(double length_m, double step_m, const char* axis) {
  if (!(step_m > 0) || !std::isfinite(step_m)) {
    throw InputError(format_input_error({}, "terrain lattice step_m", fmt::format("{}", step_m),
                                        "a finite step > 0 m"));
  }
  if (!std::isfinite(length_m) || length_m < 0) {
    throw InputError(format_input_error({}, fmt::format("terrain lattice extent ({})", axis),
                                        fmt::format("a {} of {} m", axis, length_m),
                                        "a finite extent with max >= min"));
  }
  const double intervals = std::ceil(length_m / step_m - 1e-9);
  if (intervals + 1 > static_cast<double>(std::numeric_limits<int>::max() / 4)) {
    throw InputError(format_input_error(
        {}, "terrain lattice step_m", fmt::format("{} m over a {} of {} m", step_m, axis, length_m),
        "fewer than 5e8 nodes along an axis"));
  }
  return std::max(2, static_cast<int>(intervals) + 1);
}

}  // namespace

int TerrainLattice::nx() const {
  return node_count(extent.width_m(), step_m, "width");
}
int TerrainLattice::ny() const {
  return node_count(extent.height_m(), step_m, "height");
}

TerrainGrid::TerrainGrid(double x0_m, double y0_m, double step_m, int nx, int ny,
                         std::vector<float> z_m)
    : x0_(x0_m), y0_(y0_m), step_(step_m), nx_(nx), ny_(ny), z_(std::move(z_m)) {
  if (!(step_m > 0) || !std::isfinite(step_m)) {
    throw InputError(format_input_error({}, "terrain grid step_m", fmt::format("{}", step_m),
                                        "a finite step > 0 m"));
  }
  if (nx < 2 || ny < 2) {
    throw InputError(format_input_error({}, "terrain grid size", fmt::format("{} x {}", nx, ny),
                                        "at least 2 x 2 nodes"));
  }
  if (z_.size() != static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny)) {
    throw InputError(format_input_error({}, "terrain grid data",
                                        fmt::format("{} values", z_.size()),
                                        fmt::format("nx * ny = {} x {} values", nx, ny)));
  }
  if (!std::isfinite(x0_m) || !std::isfinite(y0_m)) {
    throw InputError(format_input_error({}, "terrain grid origin",
                                        fmt::format("({}, {})", x0_m, y0_m), "finite metres"));
  }
  inv_step_ = 1.0 / step_m;
  const auto [lo, hi] = std::minmax_element(z_.begin(), z_.end());
  flat_ = *lo == *hi;
  fi_max_ = nx - 1;
  fj_max_ = ny - 1;
}

const PathDistance* TerrainGrid::distance(DistanceKind kind) const {
  if (kind == DistanceKind::Plane) return nullptr;
  for (const auto& m : measures_)
    if (m->kind() == kind) return m.get();
  throw RuntimeError(
      fmt::format("the terrain grid has no {} measure of length", distance_kind_name(kind)));
}

SourcePosts::SourcePosts(TerrainGrid posts, double table_x0_m, double table_y0_m,
                         double table_step_m, int table_nx, int table_ny, std::vector<double> fi,
                         std::vector<double> fj)
    : posts_(std::move(posts)),
      tx0_(table_x0_m),
      ty0_(table_y0_m),
      tstep_(table_step_m),
      tinv_(1.0 / table_step_m),
      tnx_(table_nx),
      tny_(table_ny),
      fi_(std::move(fi)),
      fj_(std::move(fj)) {
  if (!(table_step_m > 0) || !std::isfinite(table_step_m) || !std::isfinite(table_x0_m) ||
      !std::isfinite(table_y0_m)) {
    throw InputError(format_input_error(
        {}, "terrain post map",
        fmt::format("origin ({}, {}), step {}", table_x0_m, table_y0_m, table_step_m),
        "a finite origin and a finite step > 0 m"));
  }
  const auto size = static_cast<std::size_t>(std::max(table_nx, 0)) *
                    static_cast<std::size_t>(std::max(table_ny, 0));
  if (table_nx < 2 || table_ny < 2 || fi_.size() != size || fj_.size() != size) {
    throw InputError(
        format_input_error({}, "terrain post map",
                           fmt::format("{} x {} nodes with {} and {} values", table_nx, table_ny,
                                       fi_.size(), fj_.size()),
                           "at least 2 x 2 nodes, one value of each coordinate per node"));
  }
  for (std::size_t k = 0; k < size; ++k) {
    if (!std::isfinite(fi_[k]) || !std::isfinite(fj_[k])) {
      throw InputError(format_input_error({}, "terrain post map",
                                          fmt::format("node {} at ({}, {})", k, fi_[k], fj_[k]),
                                          "finite post coordinates"));
    }
  }
  if (posts_.nx() < 2) {
    throw InputError(format_input_error({}, "terrain posts", "an empty grid", "2 x 2 posts"));
  }
}

TerrainGrid make_flat_terrain(const TerrainLattice& lattice, double z_m) {
  const int nx = lattice.nx();
  const int ny = lattice.ny();
  std::vector<float> z(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny),
                       static_cast<float>(z_m));
  return TerrainGrid(lattice.extent.xmin_m, lattice.extent.ymin_m, lattice.step_m, nx, ny,
                     std::move(z));
}

}  // namespace akichi::prop

// Map layers for the web page as XYZ tiles: a grid of values in the study CRS, warped by GDAL
// onto the bounds of one tile of the Web Mercator tiling scheme (EPSG:3857; sim/serve/tiles.h)
// and coloured with the colour maps of `akichi render` (viz/colormap.h), encoded as PNG.
// Everything happens in GDAL's in-memory datasets and file system: no file is written.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "propagation/geo/crs.h"
#include "propagation/terrain/terrain.h"
#include "sim/serve/tiles.h"

namespace akichi::sim::serve {

/// A grid of cells: `values` row-major, row 0 the northernmost, `nx` x `ny` cells of `cell_m`
/// from the north-west corner (`west_m`, `north_m`) in `crs`. NaN: no value (transparent).
struct LayerGrid {
  const prop::Crs& crs;
  double west_m = 0, north_m = 0, cell_m = 1;
  int nx = 0, ny = 0;
  std::vector<float> values;
  /// A categorical layer's labels: value k is category k, labelled categories[k] (a best-server
  /// map's station ids). Empty for a continuous layer.
  std::vector<std::string> categories;

  /// The cell holding (x, y) in `crs` as (column, row), or (-1, -1) outside the grid. A point on
  /// the boundary of two cells belongs to the east / south one, as StudyGrid::cell_of() decides.
  std::pair<int, int> cell_of(double x_m, double y_m) const;
  float at(int col, int row) const {
    return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(nx) +
                  static_cast<std::size_t>(col)];
  }
  std::size_t bytes() const {
    std::size_t n = sizeof(LayerGrid) + values.size() * sizeof(float);
    for (const std::string& c : categories) n += sizeof c + c.size();
    return n;
  }
};

/// How a layer's values become colours.
struct TileStyle {
  /// Continuous: viz::colormap(colormap, (v - vmin) / (vmax - vmin)). Categorical: the value is
  /// a category index and takes viz::category_colour(index).
  std::string colormap = "viridis";
  double vmin = 0, vmax = 1;
  bool categorical = false;
  /// Resampling of the warp: nearest neighbour (cells stay cells; the only choice for
  /// categories) or bilinear (smooth fields such as the hillshade).
  bool bilinear = false;
};

/// The colour of one value as 8-bit RGBA (NaN: transparent black).
std::array<unsigned char, 4> tile_colour(const TileStyle& style, float value);

/// The tile `t` of `grid` as a 256 x 256 RGBA PNG: each pixel takes the value of the grid where
/// its centre falls (GDAL's warper from the grid's CRS to EPSG:3857), transparent where the grid
/// has NaN and outside the grid. A tile wholly outside the grid is wholly transparent.
std::string tile_png(const LayerGrid& grid, const TileStyle& style, const TileIndex& t);

/// The terrain's hillshade (GDAL DEM processing: azimuth 315, altitude 45 degrees, Horn's
/// slope, edges computed) on the terrain's nodes, values 1..255 (0: no data, as GDAL writes).
LayerGrid hillshade_grid(const prop::TerrainGrid& terrain, const prop::Crs& crs);

}  // namespace akichi::sim::serve

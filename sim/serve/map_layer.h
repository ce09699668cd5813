// Map layers for the web page: a grid of values on the study grid, coloured with the colour maps
// of `akichi render` (viz/colormap.h), or the terrain's hillshade (GDAL DEM processing), warped
// by GDAL to Web Mercator (EPSG:3857) — the projection of the page's map — and encoded as PNG,
// with the WGS 84 bounds the browser places the image at. Everything happens in GDAL's in-memory
// file system: no file is written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "propagation/geo/crs.h"
#include "propagation/geo/grid.h"
#include "propagation/terrain/terrain.h"

namespace akichi::sim::serve {

struct LayerImage {
  std::string png;                                  ///< the PNG file's bytes
  double south = 0, west = 0, north = 0, east = 0;  ///< WGS 84 degrees of the image's edges
};

/// A grid of cells: `values` row-major, row 0 the northernmost, `nx` x `ny` cells of `cell_m`
/// from the north-west corner (`west_m`, `north_m`) in `crs`. NaN cells are transparent; the
/// others take `colormap` at (v - vmin) / (vmax - vmin).
struct LayerGrid {
  const prop::Crs& crs;
  double west_m = 0, north_m = 0, cell_m = 1;
  int nx = 0, ny = 0;
  std::vector<float> values;
};

LayerImage colour_layer(const LayerGrid& grid, std::string_view colormap, double vmin, double vmax);

/// The hillshade of the terrain (azimuth 315, altitude 45 degrees; Horn's slope), grey.
LayerImage hillshade_layer(const prop::TerrainGrid& terrain, const prop::Crs& crs);

/// "data:image/png;base64,..." of a PNG (GDAL's Base64 encoder).
std::string png_data_url(const std::string& png);

}  // namespace akichi::sim::serve

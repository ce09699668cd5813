// Cell masks of the study grid as GeoJSON polygons (RFC 7946: WGS 84 longitude/latitude), for
// cover / coordination areas and their overlaps: GDALPolygonize over an in-memory raster, then
// each polygon transformed from the study CRS to WGS 84 and written with its layer's properties.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace akichi::viz {

/// The study grid the masks are laid on: nx x ny square cells of cell_m metres in a projected
/// CRS, row 0 the southernmost, column 0 the westernmost.
struct MaskGrid {
  double x0_m = 0;    ///< west edge of column 0
  double y0_m = 0;    ///< south edge of row 0
  double cell_m = 1;  ///< cell side
  int nx = 0;
  int ny = 0;
  std::string crs_wkt;  ///< the projected CRS, as WKT (any flavour GDAL reads)
  std::size_t cells() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
};

/// One mask to draw. Its cells with a nonzero value become one or more polygons (4-connected
/// regions, holes kept), each a feature carrying the layer's properties.
struct MaskLayer {
  std::string name;                ///< property "layer"
  std::string station;             ///< property "station" (may be empty, e.g. for a licensee union)
  std::string licensee;            ///< property "licensee"
  std::string kind;                ///< property "kind": "coverage", "coordination", "overlap", ...
  std::vector<std::uint8_t> mask;  ///< [y][x], row 0 = SOUTH
};

/// Writes every layer's polygons to one GeoJSON FeatureCollection at `path` (".geojson" or
/// ".json"), through a temporary name renamed when complete. Feature properties: layer,
/// station, licensee, kind, layer_cells (cells of the whole layer), layer_area_m2 (their area in
/// the study CRS). Throws InputError on a bad path, a grid without cells, a CRS that is not
/// projected or a mask of the wrong size, RuntimeError when GDAL fails.
void write_mask_polygons_geojson(const std::string& path, const MaskGrid& grid,
                                 const std::vector<MaskLayer>& layers);

}  // namespace akichi::viz

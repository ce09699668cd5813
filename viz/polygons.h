// Cell masks of the study grid as GeoJSON polygons (RFC 7946: WGS 84 longitude/latitude), for
// cover / coordination areas and their overlaps: GDALPolygonize over an in-memory raster, then
// each polygon transformed from the study CRS to WGS 84 and written with its layer's properties.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "propagation/geo/crs.h"
#include "propagation/geo/grid.h"

namespace akichi::viz {

/// One mask to draw. Its cells with a nonzero value become one or more polygons (4-connected
/// regions, holes kept), each a feature carrying the layer's properties.
struct MaskLayer {
  std::string name;                ///< property "layer"
  std::string station;             ///< property "station" (may be empty, e.g. for a licensee union)
  std::string licensee;            ///< property "licensee"
  std::string kind;                ///< property "kind": "coverage", "coordination", "overlap", ...
  std::vector<std::uint8_t> mask;  ///< [y][x], row 0 = SOUTH (propagation/geo/grid.h)
};

/// Writes every layer's polygons to one GeoJSON FeatureCollection at `path` (".geojson" or
/// ".json"), through a temporary name renamed when complete. Feature properties: layer,
/// station, licensee, kind, layer_cells (cells of the whole layer), layer_area_m2 (their area in
/// the study CRS). `crs` is the grid's projected CRS. Throws InputError on a bad path or a mask
/// of the wrong size, RuntimeError when GDAL fails.
void write_mask_polygons_geojson(const std::string& path, const prop::StudyGrid& grid,
                                 const prop::Crs& crs, const std::vector<MaskLayer>& layers);

}  // namespace akichi::viz

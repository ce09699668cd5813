// Vector areas of a map layer for GIS tools and Google Earth: the areas at or above given levels
// of a continuous field (GDAL's contour algorithm, GDALContourGenerateEx) and the regions of a
// categorical one (GDALPolygonize), written as GeoJSON, GeoPackage or KML by the output's
// extension.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "viz/map.h"

namespace akichi::viz {

/// What was written: one entry per feature.
struct AreaFeature {
  std::string label;      ///< ">= -95 dBm", or the category's label
  double level = 0.0;     ///< the level (continuous layers) or the category index
  std::size_t cells = 0;  ///< cells whose value is >= level (or of the category)
};

/// Output format by extension (case-insensitive): ".geojson" / ".json" (GeoJSON, RFC 7946:
/// WGS 84 longitude/latitude), ".gpkg" (GeoPackage, in the layer's projected CRS), ".kml" (KML,
/// WGS 84). One layer named after the layer's variable; feature fields: variable, kind
/// ("at_or_above" or "category"), level, label, units, slice (`slice`, e.g. "height 1.5 m"),
/// cells, area_m2 (cells x cell area).
///
/// Continuous layer: one (multi)polygon feature per level, in the order given: the area where the
/// field is at or above the level, traced by GDAL's contour algorithm (GDALContourGenerateEx,
/// POLYGONIZE=YES: linear interpolation between cell centres, so a cell centre whose value is
/// above the level lies inside and one below it outside; no-data cells are holes) as the union
/// of the bands between consecutive levels above it. A level no cell reaches gives a feature
/// with an empty geometry and 0 cells.
///
/// Categorical layer (`levels` must be empty): one feature per category present (its cells
/// polygonised with GDALPolygonize, 4-connected, holes kept, dissolved into one multipolygon),
/// except category 0 of a two-category mask whose first label is "outside" or begins with
/// "not_" (the area outside a cover area is not an area anyone draws).
///
/// Written through a temporary name renamed when complete. Throws InputError for an invalid
/// layer, a missing CRS, an unknown extension, levels that are not finite or are given for a
/// categorical layer, no levels for a continuous one, or a path that cannot be written;
/// RuntimeError when GDAL fails.
std::vector<AreaFeature> write_areas(const MapLayer& layer, const std::vector<double>& levels,
                                     const std::string& slice, const std::string& path);

}  // namespace akichi::viz

// The MIC areas of the live stations as GeoJSON, for the page's "MIC areas" layer
// (GET /api/layers/mic_areas/geojson): each station's cover area and coordination area
// (sim/analysis/mic_area.h masks over the study grid) turned into polygons by GDALPolygonize
// (4-connected regions of cells, holes kept) in the study CRS, then transformed to WGS 84
// (RFC 7946: longitude, latitude). Drawn in the colour `akichi render` gives a MIC mask's
// "inside" category.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "propagation/geo/crs.h"
#include "propagation/geo/grid.h"
#include "sim/analysis/mic_area.h"

namespace akichi::sim::serve {

/// The nonzero cells of `mask` (nx x ny values of `grid`, [y][x], row 0 the southernmost) as a
/// GeoJSON MultiPolygon geometry in WGS 84; JSON null when no cell is set. `crs`: the grid's
/// projected CRS. RuntimeError when GDAL fails.
nlohmann::json mask_geometry(std::span<const std::uint8_t> mask, const prop::StudyGrid& grid,
                             const prop::Crs& crs);

/// The stations' MIC areas as a GeoJSON FeatureCollection: for every station with cells in
/// them, a feature for its cover area and one for its coordination area, with the properties
/// station, licensee, kind ("coverage" or "coordination", as the batch's mic_coverage and
/// mic_coordination), cells and area_m2. `stations` and `licensees` are in the order of the
/// masks of `areas`.
nlohmann::json mic_areas_geojson(const MicAreas& areas, const std::vector<std::string>& stations,
                                 const std::vector<std::string>& licensees,
                                 const prop::StudyGrid& grid, const prop::Crs& crs);

/// The colour (#rrggbb) `akichi render` draws the cells inside a MIC mask with: the category
/// colour of "inside" (flag value 1) of mic_coverage / mic_coordination.
std::string mic_inside_colour();

}  // namespace akichi::sim::serve

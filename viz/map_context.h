// What ties a map to a place: the terrain's hillshade (or a user's basemap) under the field, a
// latitude/longitude graticule through the map's CRS, and the outlines of a category raster's
// areas (masks, building footprints). Everything geographic is done by GDAL/OGR.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "viz/map.h"

namespace akichi::viz {

/// Value of GDAL's hillshade over flat ground: 1 + 254 sin(altitude), altitude 45°.
double flat_hillshade();

/// The hillshade of `terrain` (heights in metres on its grid, NaN = unknown) computed by GDAL's
/// DEM processing (GDALDEMProcessing "hillshade": Horn's (1981) slope and aspect, light from
/// azimuth 315° at altitude 45°, heights multiplied by `z_factor`, the edges computed): one byte
/// per cell, north up (row 0 = northern row), 1 (darkest) .. 255; unknown heights give
/// flat_hillshade(). Throws RuntimeError when GDAL fails.
std::vector<std::uint8_t> hillshade(const MapLayer& terrain, double z_factor = 1.0);

/// Vertical exaggeration of the hillshade under the maps: the gentle slopes of the plains
/// local 5G sites stand on (a few metres over a kilometre) are invisible at 1.
constexpr double kReliefExaggeration = 3.0;

/// hillshade(terrain, kReliefExaggeration) as the relief Backdrop of render_png (one grey pixel
/// per cell).
Backdrop hillshade_backdrop(const MapLayer& terrain);

/// The raster at `path` (any format and CRS GDAL reads, georeferenced) warped by GDAL (GDALWarp,
/// bilinear; nearest for paletted rasters, expanded to RGB) onto the map's extent in the
/// layer's CRS, at about the pixel size render_png draws with `options` (at most 4096 pixels a
/// side). One band is grey, three or more are R, G, B; bands that are not bytes are scaled from
/// their minimum..maximum to 0..255. Areas the raster does not cover are white.
/// Throws InputError naming --basemap for a file GDAL cannot open, one with no georeference, or
/// a layer without a CRS; RuntimeError when GDAL fails while warping.
Backdrop basemap_backdrop(const std::string& path, const MapLayer& layer,
                          const RenderOptions& options);

/// One line of the graticule: a meridian (constant longitude) or a parallel (constant latitude)
/// sampled densely across the map's extent, as points of the layer's CRS (in UTM they curve).
struct GraticuleLine {
  bool meridian = false;
  double value_deg = 0.0;                       ///< the longitude or latitude [deg]
  std::vector<std::pair<double, double>> xy_m;  ///< points in the layer's CRS
  std::string label;                            ///< e.g. "139°46′30″E", "35°37′N"
};

/// The graticule of the layer's extent: a step of whole degrees, minutes or seconds (1, 2, 5,
/// 10, 15, 30 of each, or 1, 2, 5, 10 degrees) giving 2..5 lines along the longer side, each
/// line sampled at 64 points through OGR's transformation from WGS 84 to the layer's CRS.
/// Labels carry the minutes and seconds the step needs. Empty for a layer without a CRS.
std::vector<GraticuleLine> graticule(const MapLayer& layer);

/// Outlines of the cells whose value is `value` (cells are squares of the layer's grid): rings
/// in the layer's CRS, outer rings and holes, found by GDAL's polygonizer (GDALPolygonize,
/// 4-connected).
std::vector<std::vector<std::pair<double, double>>> category_outlines(const MapLayer& layer,
                                                                      float value);

/// Outlines of every area of equal value >= 0 of `index` (e.g. building_index, -1 or NaN = none):
/// the footprint of each building as the grid records it.
std::vector<std::vector<std::pair<double, double>>> index_outlines(const MapLayer& index);

/// The direction on the map (clockwise from grid north, degrees) of the true bearing
/// `bearing_deg` at (x_m, y_m) of the layer's CRS: the bearing plus the meridian convergence,
/// found by OGR (a point 10 m along the bearing on the WGS 84 ellipsoid, projected). The bearing
/// itself for a layer without a CRS.
double grid_azimuth(const MapLayer& layer, double x_m, double y_m, double bearing_deg);

}  // namespace akichi::viz

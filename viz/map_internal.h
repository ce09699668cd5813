// Helpers shared by the map writers (not part of the public interface).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "viz/map.h"

namespace akichi::viz {

/// Registers GDAL's drivers once (thread-safe).
void ensure_gdal_registered();

/// "WGS 84 / UTM zone 54N (EPSG:32654)" for a CRS definition; "" when empty or not understood.
std::string crs_display_name(const std::string& crs);

/// The layer's cells as north-up RGBA (row 0 = northern row, 4 bytes a cell): the colours of
/// render_png's field (the colour map over value_range(), or category_colour()), no-data cells
/// fully transparent. Throws InputError as render_png does.
std::vector<std::uint8_t> field_rgba(const MapLayer& layer, const RenderOptions& options);

/// `s` with XML's special characters as entities (&, <, >, "), for text and attribute values of
/// the KML and QGIS style files the writers make.
std::string xml_escaped(const std::string& s);

/// render_png's colour bar (or category legend) with its caption alone, on a white card, as
/// PNG bytes: the legend of overlays drawn by other programs (the KMZ's screen overlay).
std::vector<unsigned char> legend_png(const MapLayer& layer, const RenderOptions& options);

}  // namespace akichi::viz

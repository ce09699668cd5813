// Helpers shared by the map writers (not part of the public interface).
#pragma once

#include <string>

namespace akichi::viz {

/// Registers GDAL's drivers once (thread-safe).
void ensure_gdal_registered();

/// "WGS 84 / UTM zone 54N (EPSG:32654)" for a CRS definition; "" when empty or not understood.
std::string crs_display_name(const std::string& crs);

}  // namespace akichi::viz

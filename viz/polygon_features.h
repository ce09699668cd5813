// Polygons with attributes as a vector file (GeoJSON or GeoPackage) through OGR: the municipal
// boundaries of a run with their eligibility, for GIS tools.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace akichi::viz {

/// One feature: its (multi)polygon as WKT in the study CRS, and its fields in order (every
/// feature of a file has the same names and types, those of the first).
struct PolygonFeature {
  using Value = std::variant<std::string, double, std::int64_t>;
  std::string wkt;
  std::vector<std::pair<std::string, Value>> fields;
};

/// Writes `features` as one layer `layer_name` to `path` by its extension (case-insensitive):
/// ".geojson" / ".json" (GeoJSON, RFC 7946: WGS 84 longitude/latitude, coordinates transformed
/// from `crs_wkt`) or ".gpkg" (GeoPackage, in the projected CRS `crs_wkt`), through a temporary
/// name renamed when complete. A double field that is not finite is written as null. Throws
/// InputError for an unknown extension, a missing directory, an empty CRS or features whose
/// fields differ from the first's; RuntimeError when GDAL fails.
void write_polygon_features(const std::string& path, const std::string& crs_wkt,
                            const std::string& layer_name,
                            const std::vector<PolygonFeature>& features);

}  // namespace akichi::viz

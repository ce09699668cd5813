#include "sim/serve/tiles.h"

#include <algorithm>
#include <cmath>

#include "propagation/geo/crs.h"

namespace akichi::sim::serve {

namespace {

/// The side of one tile at zoom z, m.
double tile_side_m(int z) {
  return 2 * kMercatorHalfSide_m / std::ldexp(1.0, z);
}

}  // namespace

bool valid_tile(const TileIndex& t) {
  if (t.z < 0 || t.z > kMaxZoom) return false;
  const std::int64_t n = std::int64_t{1} << t.z;
  return t.x >= 0 && t.x < n && t.y >= 0 && t.y < n;
}

TileBounds tile_bounds(const TileIndex& t) {
  const double side = tile_side_m(t.z);
  TileBounds b;
  b.west_m = -kMercatorHalfSide_m + static_cast<double>(t.x) * side;
  b.east_m = -kMercatorHalfSide_m + static_cast<double>(t.x + 1) * side;
  b.north_m = kMercatorHalfSide_m - static_cast<double>(t.y) * side;
  b.south_m = kMercatorHalfSide_m - static_cast<double>(t.y + 1) * side;
  return b;
}

TileIndex tile_at_mercator(double x_m, double y_m, int z) {
  const double side = tile_side_m(z);
  const std::int64_t last = (std::int64_t{1} << z) - 1;
  const auto index = [&](double from_edge) {
    return std::clamp(static_cast<std::int64_t>(std::floor(from_edge / side)), std::int64_t{0},
                      last);
  };
  return {z, index(x_m + kMercatorHalfSide_m), index(kMercatorHalfSide_m - y_m)};
}

TileIndex tile_at(double lon_deg, double lat_deg, int z) {
  // Beyond the square's latitude the projection still answers (or fails at the poles): the
  // point belongs to the edge row either way.
  constexpr double kEdgeLat = 85.05112877980659;
  const double lat = std::clamp(lat_deg, -kEdgeLat, kEdgeLat);
  double x = lon_deg, y = lat;
  const prop::Transformer to_mercator(prop::Crs::wgs84(), prop::Crs::from_epsg(3857));
  to_mercator.transform(x, y);
  return tile_at_mercator(x, y, z);
}

}  // namespace akichi::sim::serve

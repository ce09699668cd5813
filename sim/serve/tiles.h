// The XYZ tiling scheme of web maps ("slippy map" tiles, as Leaflet's L.tileLayer asks): zoom z
// cuts the Web Mercator square (EPSG:3857, x and y in [-pi R, pi R] with R = 6378137 m, the
// WGS 84 semi-major axis) into 2^z x 2^z tiles of 256 x 256 pixels, x from the west and y from
// the north. (OGC Two Dimensional Tile Matrix Set, OGC 17-083r4, Annex D.1 "WebMercatorQuad".)
#pragma once

#include <array>
#include <cstdint>

namespace akichi::sim::serve {

/// Half the side of the Web Mercator square, m: pi * 6378137.
constexpr double kMercatorHalfSide_m = 20037508.342789244;
constexpr int kTileSize = 256;
/// The deepest zoom the server tiles: 2.4 cm pixels at the equator, well below any study cell.
constexpr int kMaxZoom = 24;

struct TileIndex {
  int z = 0;
  std::int64_t x = 0, y = 0;
  bool operator==(const TileIndex&) const = default;
};

/// A tile's edges in EPSG:3857 metres.
struct TileBounds {
  double west_m = 0, south_m = 0, east_m = 0, north_m = 0;
};

/// True when 0 <= z <= kMaxZoom and 0 <= x, y < 2^z.
bool valid_tile(const TileIndex& t);

/// The bounds of tile `t` (valid_tile(t) assumed).
TileBounds tile_bounds(const TileIndex& t);

/// The tile at zoom `z` (0..kMaxZoom) holding the EPSG:3857 point (x, y) (clamped to the square).
TileIndex tile_at_mercator(double x_m, double y_m, int z);

/// The tile at zoom `z` holding the point (lon, lat) in WGS 84 degrees (PROJ's Web Mercator;
/// latitudes beyond the square's +-85.0511 degrees fall in its first or last row).
TileIndex tile_at(double lon_deg, double lat_deg, int z);

}  // namespace akichi::sim::serve

// The XYZ tiling scheme of Web Mercator (sim/serve/tiles.h): tile bounds and the tile holding a
// point against the scheme's closed forms.
#include "sim/serve/tiles.h"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

namespace tiles_test {

namespace {

using namespace akichi::sim::serve;

constexpr double kH = 20037508.342789244;  // pi * 6378137 m

TEST(Tiles, ZoomZeroIsTheWholeSquare) {
  const TileBounds b = tile_bounds({0, 0, 0});
  EXPECT_DOUBLE_EQ(b.west_m, -kH);
  EXPECT_DOUBLE_EQ(b.east_m, kH);
  EXPECT_DOUBLE_EQ(b.south_m, -kH);
  EXPECT_DOUBLE_EQ(b.north_m, kH);
  EXPECT_DOUBLE_EQ(kMercatorHalfSide_m, std::numbers::pi * 6378137.0);
}

TEST(Tiles, RowsCountFromTheNorth) {
  // Zoom 1: four quadrants; (1, 0) is the north-east one.
  const TileBounds ne = tile_bounds({1, 1, 0});
  EXPECT_DOUBLE_EQ(ne.west_m, 0);
  EXPECT_DOUBLE_EQ(ne.east_m, kH);
  EXPECT_DOUBLE_EQ(ne.south_m, 0);
  EXPECT_DOUBLE_EQ(ne.north_m, kH);
  // Zoom 10, tile (900, 405): side 2H / 1024.
  const double side = 2 * kH / 1024;
  const TileBounds b = tile_bounds({10, 900, 405});
  EXPECT_NEAR(b.west_m, -kH + 900 * side, 1e-6);
  EXPECT_NEAR(b.east_m - b.west_m, side, 1e-6);
  EXPECT_NEAR(b.north_m, kH - 405 * side, 1e-6);
  EXPECT_NEAR(b.north_m - b.south_m, side, 1e-6);
  EXPECT_NEAR(side, 39135.75848201024, 1e-6);
}

/// The scheme's closed form (OpenStreetMap's "slippy map tilenames").
TileIndex closed_form(double lon, double lat, int z) {
  const double n = std::ldexp(1.0, z), phi = lat * std::numbers::pi / 180;
  return {z, static_cast<std::int64_t>(std::floor((lon + 180) / 360 * n)),
          static_cast<std::int64_t>(
              std::floor((1 - std::asinh(std::tan(phi)) / std::numbers::pi) / 2 * n))};
}

TEST(Tiles, TileHoldingAPointMatchesTheClosedForm) {
  // The example's study area: tile (900, 405) at zoom 10, (57642, 25965) at zoom 16.
  EXPECT_EQ(tile_at(136.64, 34.97, 10), (TileIndex{10, 900, 405}));
  EXPECT_EQ(tile_at(136.64, 34.97, 16), (TileIndex{16, 57642, 25965}));
  for (const auto& [lon, lat] :
       {std::pair{136.64, 34.97}, std::pair{-122.4194, 37.7749}, std::pair{2.3522, 48.8566},
        std::pair{151.2093, -33.8688}, std::pair{-58.3816, -34.6037}})
    for (int z : {0, 1, 5, 12, 18, 24}) {
      EXPECT_EQ(tile_at(lon, lat, z), closed_form(lon, lat, z)) << lon << " " << lat << " z" << z;
      // The point lies inside its tile's bounds.
      const TileBounds b = tile_bounds(tile_at(lon, lat, z));
      const double x = lon * kH / 180;
      EXPECT_LE(b.west_m, x);
      EXPECT_GT(b.east_m, x);
    }
}

TEST(Tiles, CornersAndPolesFallInTheEdgeTiles) {
  EXPECT_EQ(tile_at_mercator(-kH + 1, kH - 1, 3), (TileIndex{3, 0, 0}));
  EXPECT_EQ(tile_at_mercator(kH - 1, -kH + 1, 3), (TileIndex{3, 7, 7}));
  EXPECT_EQ(tile_at_mercator(kH, -kH, 3), (TileIndex{3, 7, 7}));  // the far edges are clamped
  EXPECT_EQ(tile_at(10, 89.9, 4).y, 0);
  EXPECT_EQ(tile_at(10, -89.9, 4).y, 15);
}

TEST(Tiles, ValidTilesAreThoseOfTheScheme) {
  EXPECT_TRUE(valid_tile({0, 0, 0}));
  EXPECT_TRUE(valid_tile({24, (1 << 24) - 1, 0}));
  EXPECT_FALSE(valid_tile({25, 0, 0}));
  EXPECT_FALSE(valid_tile({-1, 0, 0}));
  EXPECT_FALSE(valid_tile({3, 8, 0}));
  EXPECT_FALSE(valid_tile({3, 0, -1}));
}

}  // namespace

}  // namespace tiles_test

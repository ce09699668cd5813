// Map tiles (sim/serve/map_layer.h): a grid in a UTM zone warped onto Web Mercator tiles; the
// pixel at a cell's centre has the colour map's colour of that cell's value, cells without a
// value and the outside are transparent.
#include "sim/serve/map_layer.h"

#include <cmath>
#include <limits>
#include <string>

#include <cpl_vsi.h>
#include <gdal.h>
#include <gtest/gtest.h>

#include "propagation/geo/crs.h"
#include "propagation/terrain/terrain.h"
#include "viz/colormap.h"

namespace map_layer_test {

namespace {

using namespace akichi::sim::serve;
using akichi::prop::Crs;
using akichi::prop::Transformer;

/// A decoded PNG tile (GDAL's PNG driver), RGBA bytes of pixel (col, row).
struct Decoded {
  explicit Decoded(const std::string& png) {
    static int counter = 0;
    const std::string name = "/vsimem/map_layer_test_" + std::to_string(counter++) + ".png";
    VSILFILE* f = VSIFileFromMemBuffer(
        name.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(png.data())), png.size(), FALSE);
    VSIFCloseL(f);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(name.c_str(), GA_ReadOnly);
    EXPECT_NE(ds, nullptr);
    width = GDALGetRasterXSize(ds);
    height = GDALGetRasterYSize(ds);
    bands = GDALGetRasterCount(ds);
    data.resize(static_cast<std::size_t>(4 * width * height));
    for (int b = 0; b < bands && b < 4; ++b)
      EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Read, 0, 0, width, height,
                             data.data() + b, width, height, GDT_Byte, 4, 4 * width),
                CE_None);
    GDALClose(ds);
    VSIUnlink(name.c_str());
  }
  std::array<unsigned char, 4> at(int col, int row) const {
    const std::size_t i = 4 * static_cast<std::size_t>(row * width + col);
    return {data[i], data[i + 1], data[i + 2], data[i + 3]};
  }
  int width = 0, height = 0, bands = 0;
  std::vector<unsigned char> data;
};

class MapTile : public ::testing::Test {
 protected:
  // 40 x 30 cells of 25 m in UTM zone 53N around (136.64 E, 34.97 N); values 0..39 along the
  // rows, a hole of no data at cell (10, 7).
  MapTile() : utm(Crs::from_epsg(32653)), grid{utm, 649000, 3871300, 25, 40, 30, {}, {}} {
    grid.values.resize(40 * 30);
    for (int r = 0; r < 30; ++r)
      for (int c = 0; c < 40; ++c) grid.values[static_cast<std::size_t>(r * 40 + c)] = float(c);
    grid.values[7 * 40 + 10] = std::numeric_limits<float>::quiet_NaN();
  }

  /// The tile at zoom z holding the centre of cell (col, row), and the pixel there.
  struct Where {
    TileIndex tile;
    int px, py;
  };
  Where at_cell(int col, int row, int z) const {
    double x = grid.west_m + (col + 0.5) * grid.cell_m,
           y = grid.north_m - (row + 0.5) * grid.cell_m;
    Transformer(utm, Crs::from_epsg(3857)).transform(x, y);
    const TileIndex t = tile_at_mercator(x, y, z);
    const TileBounds b = tile_bounds(t);
    const double res = (b.east_m - b.west_m) / kTileSize;
    return {t, static_cast<int>(std::floor((x - b.west_m) / res)),
            static_cast<int>(std::floor((b.north_m - y) / res))};
  }

  Crs utm;
  LayerGrid grid;
  TileStyle style{"viridis", 0, 39, false, false};
};

TEST_F(MapTile, PixelAtACellCentreHasTheCellsColour) {
  for (const auto& [col, row] :
       {std::pair{0, 0}, std::pair{5, 3}, std::pair{20, 15}, std::pair{39, 29}, std::pair{33, 2}}) {
    const Where w = at_cell(col, row, 17);
    const Decoded png(tile_png(grid, style, w.tile));
    ASSERT_EQ(png.width, 256);
    ASSERT_EQ(png.height, 256);
    ASSERT_EQ(png.bands, 4);
    const auto want = tile_colour(style, float(col));
    EXPECT_EQ(png.at(w.px, w.py), want) << "cell " << col << ", " << row;
    const akichi::viz::Rgb c = akichi::viz::colormap("viridis", col / 39.0);
    EXPECT_EQ(want[0], std::lround(255 * c.r));
    EXPECT_EQ(want[1], std::lround(255 * c.g));
    EXPECT_EQ(want[2], std::lround(255 * c.b));
    EXPECT_EQ(want[3], 255);
  }
}

TEST_F(MapTile, NoDataAndOutsideAreTransparent) {
  const Where hole = at_cell(10, 7, 17);
  EXPECT_EQ(Decoded(tile_png(grid, style, hole.tile)).at(hole.px, hole.py)[3], 0);
  // 100 m west of the grid's west edge.
  const Where out = at_cell(-4, 10, 17);
  EXPECT_EQ(Decoded(tile_png(grid, style, out.tile)).at(out.px, out.py)[3], 0);
  // A tile far from the grid, and the world's north-west tile at zoom 3: wholly transparent.
  for (const TileIndex& t : {TileIndex{17, at_cell(0, 0, 17).tile.x + 50, at_cell(0, 0, 17).tile.y},
                             TileIndex{3, 0, 0}}) {
    const Decoded png(tile_png(grid, style, t));
    int opaque = 0;
    for (int r = 0; r < 256; ++r)
      for (int c = 0; c < 256; ++c) opaque += png.at(c, r)[3] != 0;
    EXPECT_EQ(opaque, 0) << t.z << "/" << t.x << "/" << t.y;
  }
}

TEST_F(MapTile, CategoriesTakeTheQualitativePalette) {
  const TileStyle cat{"", 0, 0, true, false};
  const Where w = at_cell(3, 4, 16);
  const auto px = Decoded(tile_png(grid, cat, w.tile)).at(w.px, w.py);
  const akichi::viz::Rgb c = akichi::viz::category_colour(3);
  EXPECT_EQ(
      px, (std::array<unsigned char, 4>{static_cast<unsigned char>(std::lround(255 * c.r)),
                                        static_cast<unsigned char>(std::lround(255 * c.g)),
                                        static_cast<unsigned char>(std::lround(255 * c.b)), 255}));
}

// GDAL's hillshade (Horn's slope, light from azimuth 315 and altitude 45 degrees) is
// 1 + 254 cos(angle between the surface's normal and the light): flat ground 1 + 254 sin 45
// = 180.6, stored as 181; a plane facing the light squarely (rising to the south-east at 45
// degrees) 255.
TEST(Hillshade, FlatGroundAndAPlaneFacingTheLight) {
  const Crs utm = Crs::from_epsg(32653);
  const int n = 12;
  const double step = 30, x0 = 649000, y0 = 3870000;
  std::vector<float> flat(n * n, 5.0f), facing(n * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      facing[static_cast<std::size_t>(j * n + i)] =
          static_cast<float>((i * step - j * step) / std::sqrt(2.0));
  const LayerGrid g = hillshade_grid(akichi::prop::TerrainGrid(x0, y0, step, n, n, flat), utm);
  ASSERT_EQ(g.nx, n);
  ASSERT_EQ(g.ny, n);
  EXPECT_DOUBLE_EQ(g.west_m, x0 - step / 2);  // nodes are pixel centres
  EXPECT_DOUBLE_EQ(g.north_m, y0 + (n - 0.5) * step);
  for (float v : g.values) EXPECT_EQ(v, 181.0f);
  const LayerGrid f = hillshade_grid(akichi::prop::TerrainGrid(x0, y0, step, n, n, facing), utm);
  // Inside (the edges' slopes are extrapolated).
  for (int r = 1; r < n - 1; ++r)
    for (int c = 1; c < n - 1; ++c) EXPECT_EQ(f.at(c, r), 255.0f) << c << ", " << r;
}

TEST_F(MapTile, CellOfAPoint) {
  EXPECT_EQ(grid.cell_of(649000 + 12.5, 3871300 - 12.5), (std::pair{0, 0}));
  EXPECT_EQ(grid.cell_of(649000 + 25 * 39 + 1, 3871300 - 25 * 29 - 1), (std::pair{39, 29}));
  EXPECT_EQ(grid.cell_of(649000 + 25, 3871300 - 30), (std::pair{1, 1}));  // boundary: east
  EXPECT_EQ(grid.cell_of(648999, 3871299), (std::pair{-1, -1}));
  EXPECT_EQ(grid.cell_of(649000 + 1000, 3871299), (std::pair{-1, -1}));
}

}  // namespace

}  // namespace map_layer_test

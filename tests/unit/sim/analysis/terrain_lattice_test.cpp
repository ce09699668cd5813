// The terrain a run loads: a raster's own posts by default, the user's spacing when given, and
// the scenario's measure of length on the grid.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gdal.h>
#include <gtest/gtest.h>

#include "base/errors.h"

#include "propagation/geo/distance.h"
#include "sim/analysis/coverage_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::terrain_lattice_test {
namespace {

const std::string kDem = std::string(AKICHI_TEST_DATA_DIR) + "/scenario/dem.tif";

/// dem.tif's posts as GDAL reads them, north-up rows.
std::vector<float> dem_posts(int& nx, int& ny) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(kDem.c_str(), GA_ReadOnly);
  EXPECT_NE(ds, nullptr);
  nx = GDALGetRasterXSize(ds);
  ny = GDALGetRasterYSize(ds);
  std::vector<float> z(static_cast<std::size_t>(nx) * ny);
  EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, nx, ny, z.data(), nx, ny,
                         GDT_Float32, 0, 0),
            CE_None);
  GDALClose(ds);
  return z;
}

TEST(TerrainLattice, ARastersNodesAreItsPostsByDefault) {
  // complete.toml: 25 m cells from (390300, 3939500), dem.tif's 100 m posts from (389850,
  // 3941450) southwards; the scenario asks for 50 m nodes.
  Scenario sc = load_scenario(std::string(AKICHI_TEST_DATA_DIR) + "/scenario/complete.toml");
  EXPECT_EQ(terrain_lattice(sc).step_m, 50.0);
  sc.terrain.step_m = 0;
  sc.profile_step_m = 0;
  const prop::TerrainLattice lattice = terrain_lattice(sc);
  EXPECT_EQ(lattice.step_m, 100.0);
  // The study extent less one node (390200, 3939400) taken outwards to the posts.
  EXPECT_EQ(lattice.extent.xmin_m, 390150.0);
  EXPECT_EQ(lattice.extent.ymin_m, 3939350.0);
  // Profiles at the finer of the cell size and the node spacing.
  EXPECT_EQ(effective_profile_step_m(sc), 25.0);

  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  int nx = 0, ny = 0;
  const std::vector<float> posts = dem_posts(nx, ny);
  ASSERT_EQ(terrain.nx(), 24);
  ASSERT_EQ(terrain.ny(), 19);
  for (int j = 0; j < terrain.ny(); ++j) {
    for (int i = 0; i < terrain.nx(); ++i) {
      const int column = 3 + i;  // (390150 - 389850) / 100
      const int row = static_cast<int>(std::lround((3941450.0 - (3939350.0 + 100 * j)) / 100));
      ASSERT_EQ(terrain.at(i, j), posts[static_cast<std::size_t>(row) * nx + column])
          << i << "," << j;
    }
  }
  // No [terrain] distance: each model's own measure; the great circle is the only one a model
  // prescribes besides the plane.
  EXPECT_EQ(terrain.given_distance(), std::nullopt);
  EXPECT_EQ(terrain.distance(prop::DistanceKind::Plane), nullptr);
  ASSERT_NE(terrain.distance(prop::DistanceKind::GreatCircle), nullptr);
  EXPECT_THROW(terrain.distance(prop::DistanceKind::Geodesic), RuntimeError);
}

TEST(TerrainLattice, TheScenariosDistanceReachesTheTerrain) {
  Scenario sc = load_scenario(std::string(AKICHI_TEST_DATA_DIR) + "/scenario/complete.toml");
  sc.terrain.distance = prop::DistanceKind::Geodesic;
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  EXPECT_EQ(terrain.given_distance(), prop::DistanceKind::Geodesic);
  const prop::PathDistance* geodesic = terrain.distance(prop::DistanceKind::Geodesic);
  ASSERT_NE(geodesic, nullptr);
  EXPECT_EQ(geodesic->kind(), prop::DistanceKind::Geodesic);
  const prop::PathDistance reference(prop::DistanceKind::Geodesic, sc.crs);
  EXPECT_EQ(geodesic->length_m(390400, 3939600, 392000, 3940900),
            reference.length_m(390400, 3939600, 392000, 3940900));
}

}  // namespace
}  // namespace akichi::sim::terrain_lattice_test

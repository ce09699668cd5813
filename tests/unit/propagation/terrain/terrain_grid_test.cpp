// TerrainGrid: construction checks, bilinear sampling, edge clamping; the node lattice; flat
// terrain.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::terrain_grid_test {
namespace {

double unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// z = a + b (x - x0) + c (y - y0) on nodes; with these coefficients every node value is exact
// in float, and bilinear interpolation reproduces a plane exactly.
constexpr double kX0 = 351000, kY0 = 3946000, kStep = 10;
constexpr int kNx = 31, kNy = 21;
constexpr double kA = 100, kB = 0.25, kC = -0.5;
double plane(double x, double y) {
  return kA + kB * (x - kX0) + kC * (y - kY0);
}

TerrainGrid plane_grid() {
  std::vector<float> z(kNx * kNy);
  for (int j = 0; j < kNy; ++j) {
    for (int i = 0; i < kNx; ++i) {
      z[j * kNx + i] = static_cast<float>(plane(kX0 + i * kStep, kY0 + j * kStep));
    }
  }
  return TerrainGrid(kX0, kY0, kStep, kNx, kNy, std::move(z));
}

TEST(TerrainGrid, RejectsInconsistentConstruction) {
  EXPECT_THROW(TerrainGrid(0, 0, 10, 3, 3, std::vector<float>(8)), InputError);
  EXPECT_THROW(TerrainGrid(0, 0, 0, 3, 3, std::vector<float>(9)), InputError);
  EXPECT_THROW(TerrainGrid(0, 0, -1, 3, 3, std::vector<float>(9)), InputError);
  EXPECT_THROW(TerrainGrid(0, 0, NAN, 3, 3, std::vector<float>(9)), InputError);
  EXPECT_THROW(TerrainGrid(0, 0, 10, 1, 9, std::vector<float>(9)), InputError);
  EXPECT_NO_THROW(TerrainGrid(0, 0, 10, 3, 3, std::vector<float>(9)));
}

TEST(TerrainGrid, AccessorsDescribeTheNodes) {
  const TerrainGrid g = plane_grid();
  EXPECT_EQ(g.nx(), kNx);
  EXPECT_EQ(g.ny(), kNy);
  EXPECT_DOUBLE_EQ(g.inv_step(), 0.1);
  const Extent e = g.extent();
  EXPECT_DOUBLE_EQ(e.xmax_m, kX0 + 300);
  EXPECT_DOUBLE_EQ(e.ymax_m, kY0 + 200);
  EXPECT_EQ(g.at(0, 0), 100.0f);
  EXPECT_EQ(g.at(4, 2), static_cast<float>(100 + 10 - 10));
}

TEST(TerrainGrid, BilinearReproducesAPlaneExactly) {
  const TerrainGrid g = plane_grid();
  std::mt19937_64 rng(42);
  for (int k = 0; k < 10000; ++k) {
    const double x = kX0 + unit(rng) * (kNx - 1) * kStep;
    const double y = kY0 + unit(rng) * (kNy - 1) * kStep;
    ASSERT_NEAR(g.elevation_m(x, y), plane(x, y), 1e-10) << "at " << x << ", " << y;
  }
}

TEST(TerrainGrid, NodeValuesAreExact) {
  std::vector<float> z(kNx * kNy);
  std::mt19937_64 rng(7);
  for (float& v : z) v = static_cast<float>(-50 + 3000 * unit(rng));
  const TerrainGrid g(kX0, kY0, kStep, kNx, kNy, z);
  for (int j = 0; j < kNy; ++j) {
    for (int i = 0; i < kNx; ++i) {
      ASSERT_EQ(g.elevation_m(kX0 + i * kStep, kY0 + j * kStep), static_cast<double>(g.at(i, j)))
          << i << ", " << j;
    }
  }
  // Midpoint of a cell: the mean of its four corners.
  const double mid = g.elevation_m(kX0 + 35, kY0 + 15);
  const double mean = (static_cast<double>(g.at(3, 1)) + g.at(4, 1) + g.at(3, 2) + g.at(4, 2)) / 4;
  EXPECT_NEAR(mid, mean, 1e-9);
}

TEST(TerrainGrid, PointsOutsideTakeTheNearestEdge) {
  std::vector<float> z(kNx * kNy);
  std::mt19937_64 rng(8);
  for (float& v : z) v = static_cast<float>(1000 * unit(rng));
  const TerrainGrid g(kX0, kY0, kStep, kNx, kNy, z);
  const double xmax = kX0 + (kNx - 1) * kStep, ymax = kY0 + (kNy - 1) * kStep;
  // West of the grid at a node row: the west node; far corners: the corner nodes.
  EXPECT_EQ(g.elevation_m(kX0 - 500, kY0 + 3 * kStep), g.at(0, 3));
  EXPECT_EQ(g.elevation_m(xmax + 1e6, ymax + 1e6), g.at(kNx - 1, kNy - 1));
  EXPECT_EQ(g.elevation_m(kX0 - 1, kY0 - 1), g.at(0, 0));
  EXPECT_EQ(g.elevation_m(xmax + 3, kY0 - 7), g.at(kNx - 1, 0));
  // South of the grid between nodes: the bilinear value on the south edge.
  EXPECT_EQ(g.elevation_m(kX0 + 123.4, kY0 - 50), g.elevation_m(kX0 + 123.4, kY0));
  EXPECT_EQ(g.elevation_m(kX0 + 123.4, ymax + 50), g.elevation_m(kX0 + 123.4, ymax));
  // NaN does not crash and gives a grid value.
  EXPECT_TRUE(std::isfinite(g.elevation_m(NAN, NAN)));
  // An empty grid answers NaN.
  EXPECT_TRUE(std::isnan(TerrainGrid().elevation_m(0, 0)));
}

TEST(TerrainLattice, NodeCountsCoverTheExtent) {
  TerrainLattice l{{0, 0, 1000, 500}, 10};
  EXPECT_EQ(l.nx(), 101);
  EXPECT_EQ(l.ny(), 51);
  l.extent = {0, 0, 1005, 0};  // last node at 1010 passes xmax; zero height still gives 2 rows
  EXPECT_EQ(l.nx(), 102);
  EXPECT_EQ(l.ny(), 2);
  l = {{0, 0, 1000, 1000}, 0.1};  // 1000 / 0.1 = 9999.999...: no extra node
  EXPECT_EQ(l.nx(), 10001);
  l = {{0, 0, 1000, 1000}, 0};
  EXPECT_THROW(l.nx(), InputError);
  l = {{10, 0, 0, 1000}, 10};
  EXPECT_THROW(l.nx(), InputError);
}

TEST(FlatTerrain, IsConstantOnTheLattice) {
  const TerrainLattice l{{500000, 3900000, 502000, 3901000}, 25};
  const TerrainGrid g = make_flat_terrain(l, 42.5);
  EXPECT_EQ(g.nx(), 81);
  EXPECT_EQ(g.ny(), 41);
  EXPECT_EQ(g.x0_m(), 500000);
  EXPECT_EQ(g.y0_m(), 3900000);
  for (float v : g.data()) ASSERT_EQ(v, 42.5f);
  EXPECT_EQ(g.elevation_m(501234.5, 3900777.7), 42.5);
}

}  // namespace
}  // namespace akichi::prop::terrain_grid_test

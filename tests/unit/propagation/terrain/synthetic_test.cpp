// Synthetic terrain: determinism (seed, threads), scaling to the requested relief, the coast.
#include <algorithm>
#include <cmath>
#include <cstring>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "base/errors.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::synthetic_test {
namespace {

const TerrainLattice kLattice{{400000, 3950000, 410000, 3958000}, 50};

bool same_bits(const TerrainGrid& a, const TerrainGrid& b) {
  return a.data().size() == b.data().size() &&
         std::memcmp(a.data().data(), b.data().data(), a.data().size() * sizeof(float)) == 0;
}

TEST(SyntheticTerrain, SameParametersGiveIdenticalBits) {
  const SyntheticTerrainParams p{.seed = 12345, .base_m = 5, .relief_m = 120};
  const TerrainGrid a = make_synthetic_terrain(kLattice, p);
  const TerrainGrid b = make_synthetic_terrain(kLattice, p);
  EXPECT_TRUE(same_bits(a, b));
  SyntheticTerrainParams q = p;
  q.seed = 12346;
  const TerrainGrid c = make_synthetic_terrain(kLattice, q);
  EXPECT_FALSE(same_bits(a, c));
  int differing = 0;
  for (std::size_t k = 0; k < a.data().size(); ++k) differing += a.data()[k] != c.data()[k];
  EXPECT_GT(differing, static_cast<int>(a.data().size() * 9 / 10));
}

TEST(SyntheticTerrain, OneThreadAndManyThreadsAgree) {
  const SyntheticTerrainParams p{.seed = 99, .relief_m = 300, .wavelength_m = 2000, .modes = 32};
  const TerrainGrid many = make_synthetic_terrain(kLattice, p);
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  const TerrainGrid single = make_synthetic_terrain(kLattice, p);
  EXPECT_TRUE(same_bits(many, single));
}

TEST(SyntheticTerrain, SpansBaseToBasePlusRelief) {
  for (const auto& p : {SyntheticTerrainParams{.seed = 1, .base_m = 0, .relief_m = 50},
                        SyntheticTerrainParams{.seed = 2, .base_m = 120, .relief_m = 800},
                        SyntheticTerrainParams{.seed = 3, .base_m = -30, .relief_m = 10}}) {
    const TerrainGrid g = make_synthetic_terrain(kLattice, p);
    EXPECT_EQ(g.nx(), 201);
    EXPECT_EQ(g.ny(), 161);
    EXPECT_EQ(g.x0_m(), 400000);
    EXPECT_EQ(g.y0_m(), 3950000);
    const auto [lo, hi] = std::minmax_element(g.data().begin(), g.data().end());
    EXPECT_NEAR(*lo, p.base_m, 1e-3);
    EXPECT_NEAR(*hi, p.base_m + p.relief_m, 1e-3);
  }
}

TEST(SyntheticTerrain, HasHillsOfTheRequestedScale) {
  // Neighbouring nodes 50 m apart on 1 km hills: a smooth field, not noise.
  const TerrainGrid g = make_synthetic_terrain(kLattice, {.relief_m = 100, .wavelength_m = 1000});
  double max_jump = 0;
  for (int j = 0; j < g.ny(); ++j) {
    for (int i = 1; i < g.nx(); ++i)
      max_jump = std::max(max_jump, std::abs(g.at(i, j) - g.at(i - 1, j) + 0.0));
  }
  EXPECT_LT(max_jump, 30.0);
  EXPECT_GT(max_jump, 1.0);
}

TEST(SyntheticTerrain, CoastLowersTheSouthToSeaLevel) {
  SyntheticTerrainParams p{.seed = 5, .base_m = 20, .relief_m = 60, .wavelength_m = 1000};
  const TerrainGrid land = make_synthetic_terrain(kLattice, p);
  p.coast_y_m = 3954000;
  p.sea_level_m = -1;
  const TerrainGrid coast = make_synthetic_terrain(kLattice, p);
  for (int j = 0; j < coast.ny(); ++j) {
    const double y = coast.y0_m() + j * coast.step_m();
    for (int i = 0; i < coast.nx(); ++i) {
      const double h = coast.at(i, j), h_land = land.at(i, j);
      // Between sea level and the land it replaces, everywhere.
      ASSERT_GE(h, -1 - 1e-4);
      ASSERT_LE(h, h_land + 1e-4);
      if (y < p.coast_y_m - 2 * p.wavelength_m) {
        ASSERT_NEAR(h, -1, 1e-3) << "j " << j;
      }
      if (y > p.coast_y_m + 2 * p.wavelength_m) {
        ASSERT_NEAR(h, h_land, 1e-3) << "j " << j;
      }
    }
  }
  // On the coast line itself the land is halfway down: w = (1 + tanh 0) / 2.
  const int j_coast = 80;  // 3950000 + 80 * 50 = 3954000
  for (int i = 0; i < coast.nx(); i += 17) {
    EXPECT_NEAR(coast.at(i, j_coast), -1 + (land.at(i, j_coast) + 1) * 0.5, 1e-3);
  }
}

TEST(SyntheticTerrain, RejectsBadParameters) {
  EXPECT_THROW(make_synthetic_terrain(kLattice, {.modes = 0}), InputError);
  EXPECT_THROW(make_synthetic_terrain(kLattice, {.wavelength_m = 0}), InputError);
  EXPECT_THROW(make_synthetic_terrain(kLattice, {.relief_m = -1}), InputError);
  EXPECT_THROW(make_synthetic_terrain({kLattice.extent, -5}, {}), InputError);
}

}  // namespace
}  // namespace akichi::prop::synthetic_test

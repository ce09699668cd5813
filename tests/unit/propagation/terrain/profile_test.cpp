// Terrain profiles: sample counts, spacing, and agreement with pointwise sampling.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <random>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/geo/distance.h"
#include "propagation/terrain/profile.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::profile_test {
namespace {

double unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

TEST(ProfileSampleCount, FollowsTheDefinition) {
  EXPECT_EQ(profile_sample_count(0, 10), 2);
  EXPECT_EQ(profile_sample_count(5, 10), 2);
  EXPECT_EQ(profile_sample_count(10, 10), 2);
  EXPECT_EQ(profile_sample_count(10.5, 10), 3);
  EXPECT_EQ(profile_sample_count(20, 10), 3);
  EXPECT_EQ(profile_sample_count(100, 10), 11);
  EXPECT_EQ(profile_sample_count(100.001, 10), 12);
  EXPECT_EQ(profile_sample_count(0.6, 0.2), 4);   // 2.9999999999999996 steps
  EXPECT_EQ(profile_sample_count(1.1, 0.1), 12);  // 11.000000000000002 steps
  EXPECT_EQ(profile_sample_count(-1, 10), 2);
  EXPECT_EQ(profile_sample_count(100, 0), 2);
  EXPECT_EQ(profile_sample_count(NAN, 10), 2);
}

class ProfileTest : public ::testing::Test {
 protected:
  const TerrainLattice lattice{{300000, 3900000, 305000, 3904000}, 20};
  const TerrainGrid terrain =
      make_synthetic_terrain(lattice, {.seed = 3, .base_m = 10, .relief_m = 300});
};

TEST_F(ProfileTest, SamplesEqualPointwiseElevation) {
  std::mt19937_64 rng(11);
  Profile p;
  for (int trial = 0; trial < 200; ++trial) {
    // End points up to 500 m outside the grid on every side: clamping must match elevation_m.
    const double x0 = 299500 + 6000 * unit(rng), y0 = 3899500 + 5000 * unit(rng);
    const double x1 = 299500 + 6000 * unit(rng), y1 = 3899500 + 5000 * unit(rng);
    const double step = 5 + 30 * unit(rng);
    extract_profile(terrain, x0, y0, x1, y1, step, p);
    const double d = std::hypot(x1 - x0, y1 - y0);
    ASSERT_EQ(p.size(), profile_sample_count(d, step));
    ASSERT_EQ(p.d_m[0], 0.0);
    ASSERT_EQ(p.length_m(), d);
    const int n = p.size();
    for (int k = 0; k < n; ++k) {
      const double t = static_cast<double>(k) / (n - 1);
      ASSERT_NEAR(p.d_m[k], t * d, 1e-9 * d);
      if (k > 0) {
        ASSERT_LE(p.d_m[k] - p.d_m[k - 1], step * (1 + 1e-9));
      }
      const double x = k == n - 1 ? x1 : x0 + t * (x1 - x0);
      const double y = k == n - 1 ? y1 : y0 + t * (y1 - y0);
      ASSERT_NEAR(p.z_m[k], terrain.elevation_m(x, y), 1e-7) << "sample " << k;
    }
    ASSERT_EQ(p.z_m[0], terrain.elevation_m(x0, y0));
    ASSERT_EQ(p.z_m[n - 1], terrain.elevation_m(x1, y1));
  }
}

TEST_F(ProfileTest, InsideTheGridEqualsTheBilinearKernelBitForBit) {
  // Every sample of a segment inside the grid is the bilinear kernel at fi0 + k dfi, fj0 + k dfj
  // to the last bit, whatever the instruction set (4 samples at a time with AVX2, one without),
  // and every distance is k L / (n - 1) as k (L / (n - 1)).
  std::mt19937_64 rng(17);
  Profile p;
  const Extent e = terrain.extent();
  const double inv = terrain.inv_step();
  for (int trial = 0; trial < 300; ++trial) {
    const double x0 = e.xmin_m + (e.xmax_m - e.xmin_m) * unit(rng);
    const double y0 = e.ymin_m + (e.ymax_m - e.ymin_m) * unit(rng);
    const double x1 = e.xmin_m + (e.xmax_m - e.xmin_m) * unit(rng);
    const double y1 = e.ymin_m + (e.ymax_m - e.ymin_m) * unit(rng);
    extract_profile(terrain, x0, y0, x1, y1, 3 + 40 * unit(rng), p);
    const int n = p.size();
    const double fi0 = (x0 - terrain.x0_m()) * inv, fj0 = (y0 - terrain.y0_m()) * inv;
    const double dfi = ((x1 - terrain.x0_m()) * inv - fi0) * (1.0 / (n - 1));
    const double dfj = ((y1 - terrain.y0_m()) * inv - fj0) * (1.0 / (n - 1));
    const double dd = p.length_m() * (1.0 / (n - 1));
    for (int k = 0; k + 1 < n; ++k) {
      const double fi = fi0 + k * dfi, fj = fj0 + k * dfj;
      const int i = std::min(static_cast<int>(fi), terrain.nx() - 2);
      const int j = std::min(static_cast<int>(fj), terrain.ny() - 2);
      const double tx = fi - i, ty = fj - j;
      const double z00 = terrain.at(i, j), z10 = terrain.at(i + 1, j);
      const double z01 = terrain.at(i, j + 1), z11 = terrain.at(i + 1, j + 1);
      const double south = z00 + tx * (z10 - z00), north = z01 + tx * (z11 - z01);
      ASSERT_EQ(p.z_m[k], south + ty * (north - south)) << "trial " << trial << " sample " << k;
      ASSERT_EQ(p.d_m[k], k * dd) << "trial " << trial << " sample " << k;
    }
  }
}

TEST_F(ProfileTest, ReusesItsBuffersAndHandlesZeroLength) {
  Profile p;
  extract_profile(terrain, 300100, 3900100, 304900, 3903900, 10, p);
  const std::size_t capacity = p.d_m.size();
  EXPECT_EQ(p.size(), profile_sample_count(std::hypot(4800, 3800), 10));
  extract_profile(terrain, 301000, 3901000, 301000, 3901000, 10, p);
  EXPECT_EQ(p.size(), 2);
  EXPECT_EQ(p.d_m.size(), capacity);  // never shrinks
  EXPECT_EQ(p.d_m[0], 0.0);
  EXPECT_EQ(p.d_m[1], 0.0);
  EXPECT_EQ(p.z_m[0], terrain.elevation_m(301000, 3901000));
  EXPECT_EQ(p.z_m[1], p.z_m[0]);
}

TEST_F(ProfileTest, RunsAlongTheGridEdges) {
  // End points on the edges and corners: the fast in-grid path must not step past the last
  // row or column.
  const Extent e = terrain.extent();
  Profile p;
  const double ends[][4] = {{e.xmin_m, e.ymin_m, e.xmax_m, e.ymax_m},
                            {e.xmax_m, e.ymin_m, e.xmax_m, e.ymax_m},
                            {e.xmin_m, e.ymax_m, e.xmax_m, e.ymax_m},
                            {e.xmax_m, e.ymax_m, e.xmin_m, e.ymin_m}};
  for (const auto& q : ends) {
    extract_profile(terrain, q[0], q[1], q[2], q[3], 7, p);
    const int n = p.size();
    for (int k = 0; k < n; ++k) {
      const double t = static_cast<double>(k) / (n - 1);
      ASSERT_NEAR(p.z_m[k], terrain.elevation_m(q[0] + t * (q[2] - q[0]), q[1] + t * (q[3] - q[1])),
                  1e-7);
    }
  }
  extract_profile(terrain, e.xmin_m, e.ymin_m, e.xmax_m, e.ymax_m, 7, p);
  EXPECT_EQ(p.z_m[0], terrain.at(0, 0));
  EXPECT_EQ(p.z_m[p.size() - 1], terrain.at(terrain.nx() - 1, terrain.ny() - 1));
}

TEST_F(ProfileTest, FollowsAPlaneExactly) {
  std::vector<float> z(101 * 51);
  for (int j = 0; j < 51; ++j) {
    for (int i = 0; i < 101; ++i) z[j * 101 + i] = static_cast<float>(20 + 0.5 * i - 0.25 * j);
  }
  const TerrainGrid plane(0, 0, 10, 101, 51, z);
  Profile p;
  extract_profile(plane, 3, 7, 987, 433, 10, p);
  for (int k = 0; k < p.size(); ++k) {
    const double t = static_cast<double>(k) / (p.size() - 1);
    const double x = 3 + t * 984, y = 7 + t * 426;
    ASSERT_NEAR(p.z_m[k], 20 + 0.05 * x - 0.025 * y, 1e-9);
  }
}

TEST_F(ProfileTest, RejectsBadInput) {
  Profile p;
  EXPECT_THROW(extract_profile(terrain, 0, 0, 1, 1, 0, p), InputError);
  EXPECT_THROW(extract_profile(terrain, 0, 0, 1, 1, -3, p), InputError);
  EXPECT_THROW(extract_profile(terrain, 0, NAN, 1, 1, 10, p), InputError);
  EXPECT_THROW(extract_profile(TerrainGrid(), 0, 0, 1, 1, 10, p), RuntimeError);
}

}  // namespace
}  // namespace akichi::prop::profile_test

namespace akichi::prop::profile_test {
namespace {

TEST_F(ProfileTest, MeasuresItsLengthByTheGivenDistance) {
  TerrainGrid earth = terrain;
  const auto geodesic =
      std::make_shared<const PathDistance>(DistanceKind::Geodesic, Crs::from_epsg(32654));
  earth.set_distances(std::nullopt, {geodesic});
  ASSERT_EQ(earth.distance(DistanceKind::Geodesic), geodesic.get());
  EXPECT_EQ(earth.distance(DistanceKind::Plane), nullptr);
  EXPECT_THROW(earth.distance(DistanceKind::GreatCircle), RuntimeError);  // not given
  EXPECT_EQ(earth.given_distance(), std::nullopt);
  EXPECT_EQ(terrain.given_distance(), DistanceKind::Plane);  // no earth: the plane
  const double x0 = 300100, y0 = 3900200, x1 = 304900, y1 = 3903700;
  const double length = geodesic->length_m(x0, y0, x1, y1);
  EXPECT_EQ(TerrainGrid::path_length_m(geodesic.get(), x0, y0, x1, y1), length);
  EXPECT_EQ(TerrainGrid::path_length_m(nullptr, x0, y0, x1, y1), std::hypot(x1 - x0, y1 - y0));
  ASSERT_GT(std::abs(length - std::hypot(x1 - x0, y1 - y0)), 0.4);  // 6 km, 0.008 % apart

  Profile plane, geo;
  extract_profile(terrain, x0, y0, x1, y1, 10, plane);
  extract_profile(earth, x0, y0, x1, y1, 10, geo, earth.distance(DistanceKind::Geodesic));
  // The count follows the measured length; the samples sit on the same line of the plane, so
  // with as many samples the elevations are those of the plane's profile.
  ASSERT_EQ(geo.size(), profile_sample_count(length, 10));
  EXPECT_EQ(geo.length_m(), length);
  for (int k = 0; k < geo.size(); ++k)
    ASSERT_NEAR(geo.d_m[k], length * k / (geo.size() - 1), 1e-9 * length);
  ASSERT_EQ(geo.size(), plane.size());  // 5940.5 m on the plane, 5940.0 m on the ellipsoid
  for (int k = 0; k < geo.size(); ++k) ASSERT_EQ(geo.z_m[k], plane.z_m[k]);
}

}  // namespace
}  // namespace akichi::prop::profile_test

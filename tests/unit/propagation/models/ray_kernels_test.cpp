// The ray model's corner culling kernel (propagation/models/ray_kernels.h): the corners it
// passes are those whose four conditions hold, taken one by one, on a scene built for it (a
// wall, its image, corners inside and outside its cone, behind it, on it and beyond the reach)
// and on seeded random walls and corners; the SSE2 and AVX2 kernels pass the same corners,
// for every remainder of the 4-lane blocks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "propagation/models/ray_kernels.h"
#include "propagation/surface/building_index.h"

namespace akichi::prop::ray::detail::ray_kernels_test {
namespace {

constexpr double kTouch = BuildingIndex::kTouch_m;

/// The wall (x0, y0) -> (x1, y1) with unit normal (nx, ny), A the image of an end across it:
/// the score's inputs with the culling's margin (1e-4 m).
CornerScore make_score(double x0, double y0, double x1, double y1, double nx, double ny, double ax,
                       double ay) {
  return corner_score(ax, ay, x0, y0, x1, y1, nx, ny, 1e-4);
}

/// The corners whose four conditions hold, each tested on its own.
std::vector<std::uint32_t> reference(const CornerScore& c, const std::vector<double>& qx,
                                     const std::vector<double>& qy, const std::vector<double>& rr) {
  std::vector<std::uint32_t> out;
  for (std::size_t k = 0; k < qx.size(); ++k) {
    const double dx = qx[k] - c.ax, dy = qy[k] - c.ay;
    const bool front = (qx[k] - c.wx) * c.wnx + (qy[k] - c.wy) * c.wny > kTouch;
    const bool reach = rr[k] - (dx * dx + dy * dy) > 0.0;
    const bool side0 = dx * c.n0x + dy * c.n0y + c.m0 > 0.0;
    const bool side1 = dx * c.n1x + dy * c.n1y + c.m1 > 0.0;
    if (front && reach && side0 && side1) out.push_back(static_cast<std::uint32_t>(k));
  }
  return out;
}

std::vector<std::uint32_t> run(bool avx2, const CornerScore& c, const std::vector<double>& qx,
                               const std::vector<double>& qy, const std::vector<double>& rr) {
  std::vector<std::uint32_t> pass(qx.size());
  const std::size_t n =
      avx2 ? score_corners_avx2(c, qx.data(), qy.data(), rr.data(), qx.size(), pass.data())
           : score_corners_sse2(c, qx.data(), qy.data(), rr.data(), qx.size(), pass.data());
  pass.resize(n);
  return pass;
}

TEST(RayKernels, CornersInTheWallsBeamPass) {
  // Wall from (0, 0) to (10, 0) facing +y; the end's image at (5, -5): the beam is the cone
  // from (5, -5) through the wall, above it.
  const CornerScore c = make_score(0, 0, 10, 0, 0, 1, 5, -5);
  const double big = 1e6;
  // At y = 10 the cone spans x in (-10, 20).
  const std::vector<double> qx = {5, 30, 5, 5, 5, 5, 19.9, 20.1, -9.9, -10.1};
  const std::vector<double> qy = {5, 5, -1, kTouch, 2 * kTouch, 50, 10, 10, 10, 10};
  // The reach of corner 5 (55 m from the image) is 50 m: beyond it.
  const std::vector<double> rr = {big, big, big, big, big, 50.0 * 50.0, big, big, big, big};
  const std::vector<std::uint32_t> expected = {0, 4, 6, 8};
  EXPECT_EQ(reference(c, qx, qy, rr), expected);
  EXPECT_EQ(run(false, c, qx, qy, rr), expected);
  if (cpu_has_avx2()) {
    EXPECT_EQ(run(true, c, qx, qy, rr), expected);
  }
  // A degenerate cone (the image on the wall's line) keeps the front and reach tests only.
  const CornerScore flat = make_score(0, 0, 10, 0, 0, 1, 20, 0);
  EXPECT_EQ(flat.n0x, 0.0);
  const std::vector<std::uint32_t> front_only = {0, 1, 4, 6, 7, 8, 9};
  EXPECT_EQ(run(false, flat, qx, qy, rr), front_only);
  if (cpu_has_avx2()) {
    EXPECT_EQ(run(true, flat, qx, qy, rr), front_only);
  }
}

TEST(RayKernels, TheKernelsPassWhatEachConditionPasses) {
  std::mt19937_64 rng(41);
  std::uniform_real_distribution<double> pos(-100, 100), ang(0, 6.283185307179586), len(1, 30);
  int passed = 0, total = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const double x0 = pos(rng), y0 = pos(rng), a = ang(rng), l = len(rng);
    const double x1 = x0 + l * std::cos(a), y1 = y0 + l * std::sin(a);
    const double nx = -std::sin(a), ny = std::cos(a);  // unit normal of the wall
    // An end in front of the wall, and its image across it.
    const double ex = pos(rng), ey = pos(rng);
    const double f = (ex - x0) * nx + (ey - y0) * ny;
    if (!(f > 0.0)) continue;
    const CornerScore c = make_score(x0, y0, x1, y1, nx, ny, ex - 2 * f * nx, ey - 2 * f * ny);
    const std::size_t n = static_cast<std::size_t>(trial % 23);  // every remainder of 4
    std::vector<double> qx(n), qy(n), rr(n);
    std::uniform_real_distribution<double> near(-40, 40);  // around the wall's start
    for (std::size_t k = 0; k < n; ++k) {
      qx[k] = x0 + near(rng);
      qy[k] = y0 + near(rng);
      const double reach = 150.0 * std::uniform_real_distribution<double>(0, 1)(rng);
      rr[k] = reach * reach;
    }
    const std::vector<std::uint32_t> ref = reference(c, qx, qy, rr);
    ASSERT_EQ(run(false, c, qx, qy, rr), ref) << trial;
    if (cpu_has_avx2()) {
      ASSERT_EQ(run(true, c, qx, qy, rr), ref) << trial;
    }
    passed += static_cast<int>(ref.size());
    total += static_cast<int>(n);
  }
  // Some pass, most do not (as on a city's links).
  EXPECT_GT(passed, 25);
  EXPECT_LT(passed, total / 2);
}

}  // namespace
}  // namespace akichi::prop::ray::detail::ray_kernels_test

// The 2.5-D ray model against closed forms: free space (P.525-4), the two-ray ground
// reflection, a single wall's image solution, a thin screen's knife-edge loss J(nu)
// (P.526-15 eq. (31)); reciprocity and sanity invariants over a random scene; the visibility
// culling against the plain enumeration.
#include "propagation/models/ray_2p5d.h"

#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "propagation/models/itu_r_p2040_3.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/utd_wedge.h"
#include "tests/unit/propagation/models/ray_test_util.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::ray::ray_2p5d_test {
namespace {

using namespace ray_test_util;

TEST(Ray2p5d, EmptySceneIsFreeSpaceExactly) {
  const BuildingIndex empty(nullptr);
  for (const Combine c : {Combine::Power, Combine::Coherent}) {
    Options o;
    o.ground_reflection = false;
    o.combine = c;
    for (const double d : {1.0, 12.5, 300.0, 4000.0}) {
      for (const double f : {0.7e9, 3.5e9, 28e9}) {
        const Result r = trace(empty, o, f, d, {0, 0, 10, 25}, {d, 0, 3, 1.5});
        EXPECT_EQ(r.loss_dB, p525::free_space_loss_dB_si(f, std::hypot(d, 35.0 - 4.5)));
        EXPECT_EQ(r.dominant, Dominant::Direct);
        EXPECT_EQ(r.rays, 1);
      }
    }
  }
}

TEST(Ray2p5d, TwoRayGroundReflectionMatchesTheClosedForm) {
  const BuildingIndex empty(nullptr);
  const double f = 3.5e9, k = 2 * kPi * f / kC, lambda = kC / f;
  const double ht = 10, hr = 1.5;
  const double d_break = 4 * ht * hr / lambda;  // two-ray breakpoint, ~700 m
  const cplx eta = eta_of(13, f * 1e-9);        // medium_dry_ground
  for (const bool vertical : {true, false}) {
    Options o = bare();
    o.ground_reflection = true;
    o.vertical_polarization = vertical;
    o.ground_material = 13;
    for (const double d : {5.0, 20.0, 77.0, 150.0, 0.5 * d_break, d_break, 1.3 * d_break, 5000.0}) {
      const double r1 = std::hypot(d, ht - hr), r2 = std::hypot(d, ht + hr);
      const double cos_t = (ht + hr) / r2;
      const cplx G = vertical ? gamma_tm(eta, cos_t) : gamma_te(eta, cos_t);
      const cplx field = 1.0 + G * (r1 / r2) * std::exp(cplx(0, -k * (r2 - r1)));
      const double expected = fspl_dB(f, r1) - 20 * std::log10(std::abs(field));
      const Result r = trace(empty, o, f, d, {100, 50, 0, ht}, {100, 50 + d, 0, hr});
      EXPECT_NEAR(r.loss_dB, expected, 1e-9) << "d = " << d << " vertical = " << vertical;
      EXPECT_EQ(r.rays, 2);
      o.combine = Combine::Power;
      const double p = 1.0 + std::norm(G) * (r1 / r2) * (r1 / r2);
      EXPECT_NEAR(trace(empty, o, f, d, {100, 50, 0, ht}, {100, 50 + d, 0, hr}).loss_dB,
                  fspl_dB(f, r1) - 10 * std::log10(p), 1e-9);
      o.combine = Combine::Coherent;
    }
  }
  // Far beyond the breakpoint the coherent sum falls as d^-4 (40 dB per decade).
  Options o = bare();
  o.ground_reflection = true;
  const double l1 = trace(empty, o, f, 20e3, {0, 0, 0, ht}, {20e3, 0, 0, hr}).loss_dB;
  const double l2 = trace(empty, o, f, 200e3, {0, 0, 0, ht}, {200e3, 0, 0, hr}).loss_dB;
  EXPECT_NEAR(l2 - l1, 40.0, 0.5);
}

TEST(Ray2p5d, SingleWallMatchesTheImageSolution) {
  // A long wall 15 m north of the link (the building's south face at y = 15), ends at 1.5 m.
  const auto bs = scene({{box_footprint(-500, 15, 500, 40), 30}}, 1 /* concrete */);
  const BuildingIndex idx(bs);
  const double f = 3.5e9, k = 2 * kPi * f / kC;
  const cplx eta = eta_of(1, f * 1e-9);
  for (const bool vertical : {true, false}) {
    Options o = bare();
    o.max_reflections = 1;
    o.vertical_polarization = vertical;
    for (const double d : {10.0, 50.0, 120.0, 333.0}) {
      const double w = 15.0 - 3.0;  // both ends at y = 3
      const double r2 = std::hypot(d, 2 * w);
      const double cos_t = 2 * w / r2;
      // Vertical wall, horizontal rays: vertical polarisation is TE, horizontal is TM.
      const cplx G = vertical ? gamma_te(eta, cos_t) : gamma_tm(eta, cos_t);
      const cplx field = 1.0 + G * (d / r2) * std::exp(cplx(0, -k * (r2 - d)));
      const Result r = trace(idx, o, f, d, {-d / 2, 3, 0, 1.5}, {d / 2, 3, 0, 1.5});
      EXPECT_NEAR(r.loss_dB, fspl_dB(f, d) - 20 * std::log10(std::abs(field)), 1e-9) << d;
      EXPECT_EQ(r.rays, 2);
      EXPECT_EQ(r.dominant, Dominant::Direct);
    }
  }
  // The reflection point must lie below the roof: a 1 m wall reflects nothing at 1.5 m.
  const auto low = scene({{box_footprint(-500, 15, 500, 40), 1.0}});
  const BuildingIndex low_idx(low);
  Options o = bare();
  o.max_reflections = 1;
  EXPECT_EQ(trace(low_idx, o, f, 100, {-50, 3, 0, 1.5}, {50, 3, 0, 1.5}).rays, 1);
  // ... and on the wall: a 20 m long wall far to the side does not reflect this link.
  const auto short_wall = scene({{box_footprint(300, 15, 320, 40), 30}});
  const BuildingIndex short_idx(short_wall);
  EXPECT_EQ(trace(short_idx, o, f, 100, {-50, 3, 0, 1.5}, {50, 3, 0, 1.5}).rays, 1);
}

TEST(Ray2p5d, FlatRoofReflectionMatchesTheImageSolution) {
  // Both ends above a flat concrete roof 10 m high (the part 20..80 x -50..50): the roof
  // reflects as the two-ray with the ends' heights above the roof, h't = 20 and h'r = 10 m, the
  // specular point at 2/3 of the way (on the roof); the walls reflect nothing (their reflection
  // points would lie above the roof).
  const auto bs = scene({{box_footprint(20, -50, 80, 50), 10}}, 1 /* concrete */);
  const BuildingIndex idx(bs);
  const double f = 3.5e9, k = 2 * kPi * f / kC;
  const cplx eta = eta_of(1, f * 1e-9);
  for (const bool vertical : {true, false}) {
    Options o = bare();
    o.max_reflections = 1;
    o.vertical_polarization = vertical;
    const double d = 100, d3 = std::hypot(d, 10.0), r2 = std::hypot(d, 30.0);
    // A horizontal surface: vertical polarisation is TM, horizontal TE.
    const cplx G = vertical ? gamma_tm(eta, 30 / r2) : gamma_te(eta, 30 / r2);
    const cplx field = 1.0 + G * (d3 / r2) * std::exp(cplx(0, -k * (r2 - d3)));
    const Result r = trace(idx, o, f, d, {0, 0, 0, 30}, {100, 0, 0, 20});
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 20 * std::log10(std::abs(field)), 1e-9) << vertical;
    EXPECT_EQ(r.rays, 2);
    EXPECT_EQ(r.dominant, Dominant::Direct);
    // Swapped ends: the same ray (reciprocity).
    EXPECT_NEAR(trace(idx, o, f, d, {100, 0, 0, 20}, {0, 0, 0, 30}).loss_dB, r.loss_dB, 1e-9);
  }
  Options o = bare();
  o.max_reflections = 1;
  // The specular point off the roof (at 2/3 of 150 m: x = 100): the direct ray alone.
  EXPECT_EQ(trace(idx, o, f, 150, {0, 0, 0, 30}, {150, 0, 0, 20}).rays, 1);
  // An end below the roof's height: no roof reflection (the direct ray alone, over the roof:
  // 12.4 m high at its far edge).
  EXPECT_EQ(trace(idx, o, f, 100, {0, 0, 0, 30}, {100, 0, 0, 8}).rays, 1);
  // Without reflections: no roof reflection.
  EXPECT_EQ(trace(idx, bare(), f, 100, {0, 0, 0, 30}, {100, 0, 0, 20}).rays, 1);
  // A taller part on the way of a leg blocks it.
  const auto tall = scene({{box_footprint(20, -50, 80, 50), 10}, {box_footprint(5, -5, 8, 5), 40}});
  const BuildingIndex tall_idx(tall);
  EXPECT_EQ(trace(tall_idx, o, f, 100, {0, 0, 0, 30}, {100, 0, 0, 20}).rays, 0);
}

// A wall standing on the ground is a right-angled dihedral: the field is the source's and its
// three images' (across the wall plane x = 0, across the ground z = 0, across both), each
// weighted by the Fresnel coefficients of the surfaces it stands for at its own angle. The
// image across both is the wall-ground ray: wall first when the image line meets the wall
// before the ground, ground first otherwise.
TEST(Ray2p5d, WallAndGroundReflectionsAreTheDihedralsImages) {
  const auto bs = scene({{box_footprint(-10, -100, 0, 100), 30}}, 1 /* concrete */);
  const BuildingIndex idx(bs);
  const double f = 3.5e9, k = 2 * kPi * f / kC;
  const cplx wall = eta_of(1, f * 1e-9), ground = eta_of(13, f * 1e-9);
  struct Case {
    double xt, yt, ht, xr, yr, hr;
    bool wall_first;
  };
  // The image line from (-xt, yt, ht) to (xr, yr, -hr) crosses the wall at the fraction
  // xt / (xt + xr) and the ground at ht / (ht + hr) of its plan length.
  for (const Case& c : {Case{10, 0, 20, 60, 30, 1.5, true}, Case{10, 0, 1.5, 60, 30, 20, false},
                        Case{4, -20, 8, 25, 40, 2, true}}) {
    EXPECT_EQ(c.xt / (c.xt + c.xr) < c.ht / (c.ht + c.hr), c.wall_first);
    for (const bool vertical : {true, false}) {
      Options o = bare();
      o.max_reflections = 1;
      o.ground_reflection = true;
      o.vertical_polarization = vertical;
      const double d = std::hypot(c.xr - c.xt, c.yr - c.yt);
      const double r0 = std::hypot(d, c.hr - c.ht);
      const auto image = [&](double x_sign, double z_sign, bool via_wall, bool via_ground) {
        const double dx = c.xr - x_sign * c.xt, dy = c.yr - c.yt, dz = c.hr - z_sign * c.ht;
        const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
        cplx g = 1.0;
        // Wall: vertical E is TE; ground: vertical E is TM.
        if (via_wall)
          g *= vertical ? gamma_te(wall, std::abs(dx) / r) : gamma_tm(wall, std::abs(dx) / r);
        if (via_ground)
          g *= vertical ? gamma_tm(ground, std::abs(dz) / r) : gamma_te(ground, std::abs(dz) / r);
        return g * (r0 / r) * std::exp(cplx(0, -k * (r - r0)));
      };
      const cplx three =
          image(1, 1, false, false) + image(1, -1, false, true) + image(-1, 1, true, false);
      const cplx four = three + image(-1, -1, true, true);
      const End a{c.xt, c.yt, 0, c.ht}, b{c.xr, c.yr, 0, c.hr};
      const Result r = trace(idx, o, f, d, a, b);
      EXPECT_EQ(r.rays, 4);
      EXPECT_NEAR(r.loss_dB, fspl_dB(f, r0) - 20 * std::log10(std::abs(four)), 1e-9)
          << c.xt << " " << vertical;
      EXPECT_EQ(trace(idx, o, f, d, b, a).loss_dB, r.loss_dB);  // reciprocal, to the bit
      o.wall_ground_reflections = false;
      const Result without = trace(idx, o, f, d, a, b);
      EXPECT_EQ(without.rays, 3);
      EXPECT_NEAR(without.loss_dB, fspl_dB(f, r0) - 20 * std::log10(std::abs(three)), 1e-9);
    }
  }
  // A wall lower than the point where the image line meets it reflects nothing there: a 10 m
  // wall under the 16.9 m reflection point of the first case keeps the ground-wall rays of
  // neither order (the single wall ray meets it at 17.4 m: none either).
  const BuildingIndex low(scene({{box_footprint(-10, -100, 0, 100), 10}}));
  Options o = bare();
  o.max_reflections = 1;
  o.ground_reflection = true;
  EXPECT_EQ(trace(low, o, f, 58.3, {10, 0, 0, 20}, {60, 30, 0, 1.5}).rays, 2);
}

TEST(Ray2p5d, CorridorGivesHigherOrderReflections) {
  // Two parallel walls (a street canyon 20 m wide): order n finds 2 rays of each order.
  const auto bs =
      scene({{box_footprint(-500, 10, 500, 30), 30}, {box_footprint(-500, -30, 500, -10), 30}});
  const BuildingIndex idx(bs);
  const double f = 3.5e9, k = 2 * kPi * f / kC;
  const cplx eta = eta_of(1, f * 1e-9);
  for (int order = 0; order <= 3; ++order) {
    Options o = bare();
    o.max_reflections = order;
    const double d = 200;
    const Result r = trace(idx, o, f, d, {-100, 0, 0, 1.5}, {100, 0, 0, 1.5});
    EXPECT_EQ(r.rays, 1 + 2 * order);
    // Image solution: the n-th order images sit at lateral offset 20 n.
    cplx field = 1.0;
    for (int n = 1; n <= order; ++n) {
      const double rn = std::hypot(d, 20.0 * n);
      const cplx G = gamma_te(eta, 20.0 * n / rn);
      field += 2.0 * std::pow(G, n) * (d / rn) * std::exp(cplx(0, -k * (rn - d)));
    }
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d) - 20 * std::log10(std::abs(field)), 1e-9) << order;
  }
}

TEST(Ray2p5d, ThinScreenMatchesTheKnifeEdge) {
  const double f = 2.0e9, lambda = kC / f;
  Options o = bare();
  o.roof_diffraction = true;
  const double d1 = 180, d2 = 320, D = d1 + d2;
  double last = -1;
  for (const double top : {5.0, 9.0, 10.5, 12.0, 15.0, 25.0, 40.0}) {
    // A 2 cm thick screen, 2 km wide, across the path.
    const auto bs = scene({{box_footprint(d1 - 0.01, -1000, d1 + 0.01, 1000), top}});
    const BuildingIndex idx(bs);
    const Result r = trace(idx, o, f, D, {0, 0, 0, 10}, {D, 0, 0, 12});
    const double ray_z = 10 + 2.0 * d1 / D;
    const double h = top - ray_z;
    const double nu = h * std::sqrt(2 / lambda * (1 / d1 + 1 / d2));  // P.526-15 eq. (26)
    const double J = nu > -0.78
                         ? 6.9 + 20 * std::log10(std::sqrt((nu - 0.1) * (nu - 0.1) + 1) + nu - 0.1)
                         : 0.0;  // eq. (31)
    const double d3 = std::hypot(D, 2.0);
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) + J, 2e-3) << "top = " << top;
    EXPECT_EQ(r.dominant, h > 0 ? Dominant::Diffracted : Dominant::Direct);
    EXPECT_GE(r.loss_dB, last);  // higher screen, more loss
    last = r.loss_dB;
  }
  // Roof diffraction off: a blocked path has no ray, the loss is the floor.
  const auto bs = scene({{box_footprint(d1 - 0.01, -1000, d1 + 0.01, 1000), 40}});
  const BuildingIndex idx(bs);
  const Result r = trace(idx, bare(), f, D, {0, 0, 0, 10}, {D, 0, 0, 12});
  EXPECT_EQ(r.rays, 0);
  EXPECT_EQ(r.dominant, Dominant::None);
  EXPECT_NEAR(r.loss_dB, fspl_dB(f, std::hypot(D, 2.0)) + 300.0, 1e-9);
}

TEST(Ray2p5d, DeygoutOfTwoEdges) {
  // Main edge + the other edge over the sub-path, each J(nu) (Deygout 1966).
  const double lambda = 0.1;
  const double d[2] = {100, 300};
  const double z[2] = {20, 15};
  auto J = [](double nu) {
    return nu > -0.78 ? 6.9 + 20 * std::log10(std::sqrt((nu - 0.1) * (nu - 0.1) + 1) + nu - 0.1)
                      : 0.0;
  };
  auto nu = [&](double h, double a, double b) {
    return h * std::sqrt(2 / lambda * (1 / a + 1 / b));
  };
  const double nu1 = nu(20 - 10, 100, 300), nu2 = nu(15 - 10, 300, 100);
  ASSERT_GT(nu1, nu2);
  const double sub = nu(15 - (20 - 10 * 200.0 / 300.0), 200, 100);
  EXPECT_NEAR(deygout_loss_dB(d, z, 2, 10, 10, 400, lambda), J(nu1) + J(sub), 1e-12);
  EXPECT_EQ(deygout_loss_dB(d, z, 0, 10, 10, 400, lambda), 0.0);
  const double below[2] = {0, 0};
  EXPECT_EQ(deygout_loss_dB(d, below, 2, 10, 10, 400, lambda), 0.0);
}

TEST(Ray2p5d, EndsInsideABuildingIgnoreItsWalls) {
  const auto bs = scene({{box_footprint(-10, -10, 10, 10), 20}});
  const BuildingIndex idx(bs);
  Options o = bare();
  o.roof_diffraction = true;
  const double f = 3.5e9;
  // Indoors at 1.5 m, outdoors 100 m away: the own building is transparent (entry loss is
  // added by the caller), so free space.
  const Result r = trace(idx, o, f, 100, {0, 0, 0, 1.5}, {100, 0, 0, 1.5});
  EXPECT_EQ(r.loss_dB, p525::free_space_loss_dB_si(f, 100));
  EXPECT_EQ(r.dominant, Dominant::Direct);
  // Above its roof, the building is a neighbour like any other; the ray leaves over the roof.
  const Result above = trace(idx, o, f, 100, {0, 0, 0, 25}, {100, 0, 0, 25});
  EXPECT_EQ(above.dominant, Dominant::Direct);
  // Both ends outdoors on either side: blocked.
  const Result through = trace(idx, o, f, 200, {-100, 0, 0, 1.5}, {100, 0, 0, 1.5});
  EXPECT_EQ(through.dominant, Dominant::Diffracted);
  EXPECT_GT(through.loss_dB, p525::free_space_loss_dB_si(f, 200) + 20);
}

// The reproduction (local coordinates, 4.85 GHz): a 10 m podium [100, 160] x [0, 40]
// listed first and a 60 m tower [120, 140] x [10, 30] inside it; the station 20 m up in the
// tower, above the podium's roof; cells at 1.5 m along y = 20. Every part an end stands in
// below its roof is its own: the station's tower, the cell's podium and tower. The losses are
// then those of the tower alone, to the bit: the rays that leave the tower run above the
// podium's roof (its edge at x = 100 lies 5.6 m below the ray to x = 1, nu = -6.6 < -0.78, so
// J(nu) adds nothing), the ground-reflected legs too, and no podium wall faces both ends.
TEST(Ray2p5d, OverlappingPartsAnEndStandsInAreAllItsOwn) {
  const BuildingIndex both(
      scene({{box_footprint(100, 0, 160, 40), 10}, {box_footprint(120, 10, 140, 30), 60}}));
  const BuildingIndex tower(scene({{box_footprint(120, 10, 140, 30), 60}}));
  Options o;  // every mechanism, power sum; the rays inside buildings too (ray_indoor_test.cpp)
  o.indoor.by_use = false;
  o.indoor.forced = IndoorScenario::FreeSpace;
  o.indoor.depth_loss = false;
  const double f = 4.85e9;
  const End station{130.5, 20, 0, 20};
  for (const double x : {1.0, 111.0, 131.0, 249.0}) {
    const End cell{x, 20, 0, 1.5};
    const double d = std::max(std::abs(x - 130.5), 1.0);
    const Result a = trace(both, o, f, d, station, cell);
    const Result b = trace(tower, o, f, d, station, cell);
    EXPECT_EQ(a.loss_dB, b.loss_dB) << "x " << x;
    EXPECT_EQ(a.dominant, b.dominant) << "x " << x;
    EXPECT_EQ(a.rays, b.rays) << "x " << x;
    // Direct ray and ground reflection, nothing in the way: at most free space + 3 dB (the
    // power sum of two rays is at least the direct ray's power).
    EXPECT_LE(a.loss_dB, fspl_dB(f, std::hypot(d, 18.5)) + 1e-9) << "x " << x;
    EXPECT_EQ(a.dominant, Dominant::Direct) << "x " << x;
  }
  // Below the podium's roof at the far side of the tower, the podium is a neighbour's volume
  // for an outdoor end: a cell at 1.5 m west of the podium seen from 5 m up inside the wing
  // (x = 105, podium only) is free space too, while from outside at the same height the
  // podium's wall stands between.
  const Result wing = trace(both, o, f, 104, {105, 20, 0, 5}, {1, 20, 0, 1.5});
  EXPECT_EQ(wing.dominant, Dominant::Direct);
  const Result past = trace(both, o, f, 179, {180, 20, 0, 5}, {1, 20, 0, 1.5});
  EXPECT_EQ(past.dominant, Dominant::Diffracted);
  EXPECT_GT(past.loss_dB, fspl_dB(f, 179) + 20);
}

// P.2040-3 §2.2.2.2 single-layer slab written out: R' of eq. (37a) (TE) or (37b) (TM), q of
// eq. (44), T of eq. (43b).
cplx slab_t(std::size_t material, double f_Hz, double d_m, double cos_t, bool te) {
  const cplx eta = eta_of(material, f_Hz * 1e-9);
  const cplx root = std::sqrt(eta - (1.0 - cos_t * cos_t));
  const cplx r = te ? (cos_t - root) / (cos_t + root) : (eta * cos_t - root) / (eta * cos_t + root);
  const cplx q = 2 * kPi * d_m * f_Hz / kC * root;
  const cplx j(0, 1);
  return (1.0 - r * r) * std::exp(-j * q) / (1.0 - r * r * std::exp(-2.0 * j * q));
}

std::shared_ptr<const Buildings> slab_building(std::size_t material, double thickness_m,
                                               double height_m) {
  auto bs = std::make_shared<Buildings>();
  Building b;
  b.footprint = box_footprint(0, -50, 20, 50);  // walls at x = 0 and x = 20
  b.height_m = height_m;
  b.material = material;
  b.wall_thickness_m = thickness_m;
  bs->push_back(b);
  return bs;
}

constexpr std::size_t kConcrete = 1, kGlass = 5;

// Through a building: free space plus the slab loss of each wall the direct ray crosses, at
// normal and oblique incidence, for both polarisations (walls: vertical E is TE).
TEST(Ray2p5d, TransmissionIsFreeSpacePlusEachWallsSlab) {
  const double f = 4.85e9;
  Options o = bare();
  o.wall_transmission = true;
  for (const auto& [m, d] : {std::pair{kGlass, 0.012}, {kConcrete, 0.2}}) {
    const BuildingIndex idx(slab_building(m, d, 30));
    // Square on: both walls at normal incidence.
    const Result r = trace(idx, o, f, 100, {-40, 0, 0, 1.5}, {60, 0, 0, 1.5});
    const cplx t = slab_t(m, f, d, 1.0, true);
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, 100) - 20 * std::log10(std::norm(t)), 1e-9);
    EXPECT_EQ(r.dominant, Dominant::Transmitted);
    EXPECT_EQ(r.rays, 1);
    // Per wall: 12 mm glass 0.357 dB, 0.2 m concrete 24.13 dB (P.2040-3 at 4.85 GHz).
    EXPECT_NEAR((r.loss_dB - fspl_dB(f, 100)) / 2, m == kGlass ? 0.357 : 24.13, 0.005);
    // Obliquely, rising: cos t = |d . n| / |d| on both walls (n = +-x).
    const double dx = 100, dy = 75, dz = 10;
    const double cos_t = dx / std::sqrt(dx * dx + dy * dy + dz * dz);
    for (const bool vertical : {true, false}) {
      Options ob = o;
      ob.vertical_polarization = vertical;
      const double d2 = std::hypot(dx, dy);
      const Result ro = trace(idx, ob, f, d2, {-40, -30, 0, 1.5}, {60, 45, 0, 11.5});
      const cplx to = slab_t(m, f, d, cos_t, vertical);
      EXPECT_NEAR(ro.loss_dB, fspl_dB(f, std::hypot(d2, dz)) - 20 * std::log10(std::norm(to)), 1e-9)
          << "vertical " << vertical;
    }
  }
  // Metal lets nothing through: no ray at all.
  const BuildingIndex metal(slab_building(11, 0.002, 30));
  EXPECT_EQ(trace(metal, o, f, 100, {-40, 0, 0, 1.5}, {60, 0, 0, 1.5}).rays, 0);
  // Transmission off: as before, a blocked path with no other mechanism has no ray.
  const BuildingIndex glass(slab_building(kGlass, 0.012, 30));
  EXPECT_EQ(trace(glass, bare(), f, 100, {-40, 0, 0, 1.5}, {60, 0, 0, 1.5}).rays, 0);
}

// The through-building ray and the ray diffracted over the roof combine by the model's rule:
// power sum P = 10^(-J/10) + |T1 T2|^2, or phasor sum |10^(-J/20) + T1 T2|^2, with J of the
// roof edge (P.526-15 eqs. (26), (31)) at the wall with the larger nu.
TEST(Ray2p5d, TransmissionCombinesWithRoofDiffraction) {
  const double f = 4.85e9, lambda = kC / f;
  // Roof 12 m, ends at 1.5 m, 40 m and 60 m from the walls' centre line: both walls give the
  // same nu (h = 10.5 m at d1 = 40, d2 = 60 or d1 = 60, d2 = 40).
  const double nu = 10.5 * std::sqrt(2 / lambda * (1.0 / 40 + 1.0 / 60));
  const double J = 6.9 + 20 * std::log10(std::sqrt((nu - 0.1) * (nu - 0.1) + 1) + nu - 0.1);
  for (const auto& [m, d] : {std::pair{kGlass, 0.012}, {kConcrete, 0.2}}) {
    const BuildingIndex idx(slab_building(m, d, 12));
    const cplx t2 = slab_t(m, f, d, 1.0, true) * slab_t(m, f, d, 1.0, true);
    Options o = bare();
    o.wall_transmission = true;
    o.roof_diffraction = true;
    o.combine = Combine::Power;
    const Result p = trace(idx, o, f, 100, {-40, 0, 0, 1.5}, {60, 0, 0, 1.5});
    EXPECT_NEAR(p.loss_dB, fspl_dB(f, 100) - 10 * std::log10(std::pow(10, -J / 10) + std::norm(t2)),
                2e-9);
    EXPECT_EQ(p.rays, 2);
    // Behind glass the walls cost less than the roof's 34.6 dB: transmission dominates; behind
    // concrete (48 dB) the roof does.
    EXPECT_EQ(p.dominant, m == kGlass ? Dominant::Transmitted : Dominant::Diffracted);
    o.combine = Combine::Coherent;
    const Result c = trace(idx, o, f, 100, {-40, 0, 0, 1.5}, {60, 0, 0, 1.5});
    EXPECT_NEAR(c.loss_dB, fspl_dB(f, 100) - 20 * std::log10(std::abs(std::pow(10, -J / 20) + t2)),
                2e-9);
  }
  EXPECT_NEAR(J, 34.6, 0.1);
}

TEST(Ray2p5d, ReciprocityOverRandomLinks) {
  const BuildingIndex idx(random_scene(7, 40, 400));
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> pos(-20, 420), hgt(1, 30);
  int diffracted = 0, reflected = 0, los = 0;
  for (const Combine c : {Combine::Power, Combine::Coherent}) {
    Options o;
    o.max_reflections = 2;
    o.combine = c;
    o.edge_diffraction = true;
    for (int i = 0; i < 300; ++i) {
      const End a{pos(rng), pos(rng), 0, hgt(rng)};
      const End b{pos(rng), pos(rng), 0, hgt(rng)};
      const double d = std::max(std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), 1.0);
      const Result ab = trace(idx, o, 3.5e9, d, a, b);
      const Result ba = trace(idx, o, 3.5e9, d, b, a);
      ASSERT_NEAR(ab.loss_dB, ba.loss_dB, 1e-9) << i;
      EXPECT_EQ(ab.rays, ba.rays);
      EXPECT_EQ(ab.dominant, ba.dominant);
      EXPECT_TRUE(std::isfinite(ab.loss_dB));
      // Power sum: never more than the number of rays above free space (the rays; not the
      // TR 38.901 indoor loss of two ends in one building, rays = 0).
      if (c == Combine::Power && ab.rays > 0) {
        EXPECT_GE(ab.loss_dB, p525::free_space_loss_dB_si(3.5e9, std::hypot(d, a.h_m - b.h_m)) -
                                  10 * std::log10(std::max(ab.rays, 1)) - 1e-9);
      }
      diffracted += ab.dominant == Dominant::Diffracted;
      reflected += ab.dominant == Dominant::Reflected;
      los += ab.dominant == Dominant::Direct;
    }
  }
  // The scene exercises every mechanism.
  EXPECT_GT(diffracted, 20);
  EXPECT_GT(reflected, 0);
  EXPECT_GT(los, 20);
}

TEST(Ray2p5d, DeterministicAndMoreRaysWithHigherOrder) {
  const BuildingIndex idx(random_scene(3, 60, 500));
  Options o;
  o.ground_reflection = false;
  int rays_prev = -1;
  for (int order = 0; order <= 3; ++order) {
    o.max_reflections = order;
    int rays = 0;
    for (int i = 0; i < 50; ++i) {
      const End a{10.0 * i, 5, 0, 12};
      const End b{480 - 7.0 * i, 490, 0, 1.5};
      const Result r1 = trace(idx, o, 3.5e9, std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), a, b);
      const Result r2 = trace(idx, o, 3.5e9, std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), a, b);
      EXPECT_EQ(r1.loss_dB, r2.loss_dB);
      rays += r1.rays;
    }
    EXPECT_GE(rays, rays_prev);  // each order adds paths, never removes any
    rays_prev = rays;
  }
}

}  // namespace
}  // namespace akichi::prop::ray::ray_2p5d_test

namespace akichi::prop::ray::ray_2p5d_test {
namespace {

TEST(Ray2p5d, CornerDiffractionIsTheUtdWedgeResult) {
  // A large block x in [0, 400], y in [-400, 0]: its corner (0, 0) is the only vertical edge
  // both ends see; the direct ray cuts the block.
  const auto bs = scene({{box_footprint(0, -400, 400, 0), 50}});
  const BuildingIndex idx(bs);
  Options o = bare();
  o.edge_diffraction = true;
  const double f = 3.5e9, k = 2 * kPi * f / kC;
  const End tx{-50, -30, 0, 1.5}, rx{40, 10, 0, 1.5};
  const double d = std::hypot(90.0, 40.0);
  for (const bool vertical : {true, false}) {
    o.vertical_polarization = vertical;
    const Result r = trace(idx, o, f, d, tx, rx);
    ASSERT_EQ(r.rays, 1);
    EXPECT_EQ(r.dominant, Dominant::Diffracted);
    // Angles from the face along -y, through the exterior (clockwise), exterior wedge 3 pi/2.
    auto phi = [](double x, double y) {
      double a = std::fmod(-kPi / 2 - std::atan2(y, x), 2 * kPi);
      return a < 0 ? a + 2 * kPi : a;
    };
    const double si = std::hypot(50.0, 30.0), sd = std::hypot(40.0, 10.0);
    const cplx D = utd::wedge_diffraction_coefficient(1.5, phi(-50, -30), phi(40, 10), si, sd, k,
                                                      vertical /* soft: E along the edge */);
    const double amp = std::abs(D) * std::sqrt(si / (sd * (si + sd))) / si;  // |E_d|, unit source
    const double expected = 20 * std::log10(4 * kPi * f / kC) - 20 * std::log10(amp);
    EXPECT_NEAR(r.loss_dB, expected, 1e-9);
    // Deep behind the corner: more loss than free space over the bent path.
    EXPECT_GT(r.loss_dB, fspl_dB(f, si + sd) + 10);
  }
}

// Reflection then roof diffraction: a wall north of the link (y = 15) and a 2 cm screen at
// x = 25 from y = -100 to 14 (short of the wall), 10 m high, across both the direct ray and the
// reflected ray's second leg. Each ray is its knife-edge result on its own path: the direct ray
// over the plan distance, the reflected ray on the unfolded path (the image of the transmitter
// at y = 27) times the wall's Fresnel coefficient; power sum.
TEST(Ray2p5d, ReflectionThenRoofIsTheImagesKnifeEdge) {
  const auto bs = scene(
      {{box_footprint(-500, 15, 500, 40), 30}, {box_footprint(25 - 0.01, -100, 25 + 0.01, 14), 10}},
      1 /* concrete */);
  const BuildingIndex idx(bs);
  const double f = 3.5e9, lambda = kC / f;
  const cplx eta = eta_of(1, f * 1e-9);
  const double zt = 10, zr = 1.5;
  // The model places the screen at its entry or exit wall, whichever has the larger nu.
  auto J = [&](double d_in, double d_out, double D, double top) {
    double nu = -1e300;
    for (const double d1 : {d_in, d_out}) {
      const double h = top - (zt + (zr - zt) * d1 / D);
      nu = std::max(nu, h * std::sqrt(2 / lambda * (1 / d1 + 1 / (D - d1))));  // P.526-15 (26)
    }
    return 6.9 + 20 * std::log10(std::sqrt((nu - 0.1) * (nu - 0.1) + 1) + nu - 0.1);  // (31)
  };
  Options o = bare();
  o.combine = Combine::Power;
  o.max_reflections = 1;
  o.roof_diffraction = true;
  for (const bool vertical : {true, false}) {
    o.vertical_polarization = vertical;
    const double d = 100;
    const double d3 = std::hypot(d, zt - zr);
    // Direct ray: the screen at 75 m of 100.
    const double p_direct = std::pow(10.0, -J(74.99, 75.01, d, 10) / 10);
    // Reflected ray: unfolded plan length S from (-50, 27) to (50, 3), the screen's walls at
    // x = 25 -+ 0.01 on the second leg (half of S from the wall point (0, 15) to (50, 3)).
    const double S = std::hypot(100.0, 24.0), S3 = std::hypot(S, zt - zr);
    const double cos_t = 24.0 / S3;
    const cplx G = vertical ? gamma_te(eta, cos_t) : gamma_tm(eta, cos_t);
    const double p_refl =
        std::norm(G) * (d3 / S3) * (d3 / S3) *
        std::pow(10.0, -J(0.5 * S * (1 + 24.99 / 50), 0.5 * S * (1 + 25.01 / 50), S, 10) / 10);
    const Result r = trace(idx, o, f, d, {-50, 3, 0, zt}, {50, 3, 0, zr});
    EXPECT_EQ(r.rays, 2);
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 10 * std::log10(p_direct + p_refl), 1e-9);
    // Without reflection-diffraction the blocked reflected ray is lost.
    o.reflection_diffraction_order = 0;
    const Result r0 = trace(idx, o, f, d, {-50, 3, 0, zt}, {50, 3, 0, zr});
    EXPECT_EQ(r0.rays, 1);
    EXPECT_NEAR(r0.loss_dB, fspl_dB(f, d3) - 10 * std::log10(p_direct), 1e-9);
    o.reflection_diffraction_order = 1;
    // The reflected-diffracted ray is 20 log10 |G| + the image's spreading and knife edge
    // weaker than its unblocked self: lift the screen out of the way and it is the image ray.
    EXPECT_GT(r0.loss_dB, r.loss_dB);
  }
}

// Reflection and corner diffraction: the block of CornerDiffractionIsTheUtdWedgeResult and a
// long wall north of it (y = 30). Four rays, power sum: the corner's own diffracted ray; the
// wall's reflection (its image (-50, 90) sees the receiver past the block); the transmitter's
// image diffracted by the corner (reflection, then corner); the receiver's image (40, 50)
// diffracted by the corner (corner, then reflection). Each is the image source's UTD result
// times the wall's Fresnel coefficient at its own angle.
TEST(Ray2p5d, ReflectionAndCornerAreTheImagesUtdResult) {
  const auto bs =
      scene({{box_footprint(0, -400, 400, 0), 50}, {box_footprint(-300, 30, 300, 60), 50}}, 1);
  const BuildingIndex idx(bs);
  Options o = bare();
  o.combine = Combine::Power;
  o.max_reflections = 1;
  o.edge_diffraction = true;
  o.max_path_excess_m = 100;  // the blocks' far corners are out of reach
  const double f = 3.5e9, k = 2 * kPi * f / kC;
  const cplx eta = eta_of(1, f * 1e-9);
  const End tx{-50, -30, 0, 1.5}, rx{40, 10, 0, 1.5};
  const double d = std::hypot(90.0, 40.0);
  auto phi = [](double x, double y) {
    double a = std::fmod(-kPi / 2 - std::atan2(y, x), 2 * kPi);
    return a < 0 ? a + 2 * kPi : a;
  };
  for (const bool vertical : {true, false}) {
    o.vertical_polarization = vertical;
    auto G = [&](double cos_t) {
      return std::abs(vertical ? gamma_te(eta, cos_t) : gamma_tm(eta, cos_t));
    };
    // |E| of a unit source over each ray.
    auto corner = [&](double xs, double ys, double xo, double yo) {
      const double si = std::hypot(xs, ys), sd = std::hypot(xo, yo);
      const cplx D =
          utd::wedge_diffraction_coefficient(1.5, phi(xs, ys), phi(xo, yo), si, sd, k, vertical);
      return std::abs(D) * std::sqrt(si / (sd * (si + sd))) / si;
    };
    const double a_corner = corner(-50, -30, 40, 10);
    const double S = std::hypot(90.0, 80.0);
    const double a_refl = G(80.0 / S) / S;
    const double a_tx_side = G(90.0 / std::hypot(50.0, 90.0)) * corner(-50, 90, 40, 10);
    const double a_rx_side = G(50.0 / std::hypot(40.0, 50.0)) * corner(40, 50, -50, -30);
    const double sum =
        a_corner * a_corner + a_refl * a_refl + a_tx_side * a_tx_side + a_rx_side * a_rx_side;
    const double expected = 20 * std::log10(4 * kPi * f / kC) - 10 * std::log10(sum);
    const Result r = trace(idx, o, f, d, tx, rx);
    EXPECT_EQ(r.rays, 4);
    EXPECT_NEAR(r.loss_dB, expected, 1e-9);
    EXPECT_EQ(trace(idx, o, f, d, rx, tx).loss_dB, r.loss_dB);  // reciprocal
    // Off: only the corner's and the wall's own rays.
    o.reflection_diffraction_order = 0;
    const Result r0 = trace(idx, o, f, d, tx, rx);
    EXPECT_EQ(r0.rays, 2);
    EXPECT_NEAR(
        r0.loss_dB,
        20 * std::log10(4 * kPi * f / kC) - 10 * std::log10(a_corner * a_corner + a_refl * a_refl),
        1e-9);
    o.reflection_diffraction_order = 1;
  }
}

// Two reflections with the diffraction: only more rays (power sum: the loss never rises), some
// links gain order-2 rays, and the ends can be swapped bit for bit.
TEST(Ray2p5d, SecondOrderReflectionDiffractionOnlyAddsRays) {
  const BuildingIndex idx(random_scene(7, 40, 400));
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> pos(-20, 420), hgt(1, 30);
  Options o1;
  o1.max_reflections = 2;
  Options o2 = o1;
  o2.reflection_diffraction_order = 2;
  Options o0 = o1;
  o0.reflection_diffraction_order = 0;
  int gained = 0, gained1 = 0;
  for (int i = 0; i < 60; ++i) {
    const End a{pos(rng), pos(rng), 0, hgt(rng)};
    const End b{pos(rng), pos(rng), 0, hgt(rng)};
    const double d = std::max(std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), 1.0);
    const Result r0 = trace(idx, o0, 3.5e9, d, a, b);
    const Result r1 = trace(idx, o1, 3.5e9, d, a, b);
    const Result r2 = trace(idx, o2, 3.5e9, d, a, b);
    EXPECT_GE(r1.rays, r0.rays);
    EXPECT_GE(r2.rays, r1.rays);
    EXPECT_LE(r1.loss_dB, r0.loss_dB + 1e-12);
    EXPECT_LE(r2.loss_dB, r1.loss_dB + 1e-12);
    EXPECT_EQ(trace(idx, o2, 3.5e9, d, b, a).loss_dB, r2.loss_dB);
    gained1 += r1.rays > r0.rays;
    gained += r2.rays > r1.rays;
  }
  EXPECT_GT(gained1, 10);
  EXPECT_GT(gained, 5);
}

// Options::visibility_culling against the plain enumeration: links sharing one end (the view's
// end, in either role: trace() orders the ends), over seeded random scenes whose parts overlap
// and whose ends may stand inside them; the loss, the dominant mechanism and the ray count
// must be identical.
TEST(Ray2p5d, VisibilityCullingIsThePlainEnumeration) {
  std::vector<Options> sets;
  Options o;
  o.max_reflections = 2;
  sets.push_back(o);  // the defaults of the engine
  o.combine = Combine::Coherent;
  o.vertical_polarization = false;
  o.max_path_excess_m = 50;
  sets.push_back(o);
  o = Options{};
  o.max_reflections = 1;
  o.ground_reflection = false;
  o.max_path_excess_m = 120;
  sets.push_back(o);
  o = Options{};
  o.max_reflections = 3;  // plain wall sequences, culled corners
  o.reflection_diffraction_order = 0;
  sets.push_back(o);
  int links = 0, rays = 0, diffracted = 0, reflected = 0;
  for (const unsigned seed : {7U, 19U}) {
    const BuildingIndex idx(random_scene(seed, 40, 400));
    std::mt19937_64 rng(seed + 100);
    std::uniform_real_distribution<double> pos(-20, 420), hgt(1, 30), ground(0, 3);
    for (std::size_t k = 0; k < sets.size(); ++k) {
      Options culled = sets[k], plain = sets[k];
      culled.visibility_culling = true;
      plain.visibility_culling = false;
      for (int shared = 0; shared < 2; ++shared) {
        const End f{pos(rng), pos(rng), ground(rng), hgt(rng)};
        for (int i = 0; i < 30; ++i) {
          const End v{pos(rng), pos(rng), ground(rng), hgt(rng)};
          const End& a = i % 3 == 0 ? v : f;
          const End& b = i % 3 == 0 ? f : v;
          const double d = std::max(std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), 1.0);
          const Result c = trace(idx, culled, 3.5e9, d, a, b);
          const Result p = trace(idx, plain, 3.5e9, d, a, b);
          ASSERT_EQ(c.loss_dB, p.loss_dB) << "seed " << seed << " set " << k << " link " << i;
          ASSERT_EQ(c.rays, p.rays) << "seed " << seed << " set " << k << " link " << i;
          ASSERT_EQ(c.dominant, p.dominant) << "seed " << seed << " set " << k << " link " << i;
          ++links;
          rays += c.rays;
          diffracted += c.dominant == Dominant::Diffracted;
          reflected += c.dominant == Dominant::Reflected;
        }
      }
    }
  }
  // The links exercise the culled mechanisms.
  EXPECT_EQ(links, 480);
  EXPECT_GT(rays, 3 * links);
  EXPECT_GT(diffracted, 60);
  EXPECT_GT(reflected, 15);
}

// The engine's order: one transmitter above the roofs of most parts, a row-major grid of
// receivers at 1.5 m, a third of them inside parts (whose own part blocks nothing): the culled
// enumeration is the plain one for each, and the rays reflected then diffracted by a corner
// include some whose leg crosses the receiver's own part.
TEST(Ray2p5d, VisibilityCullingIsThePlainEnumerationOverAGridWithEndsInsideParts) {
  const BuildingIndex idx(random_scene(23, 60, 300));
  Options culled;
  culled.max_reflections = 2;
  culled.max_path_excess_m = 80;
  const End t{151.5, 148.5, 0, 25};
  ASSERT_LT(idx.containing(t.x_m, t.y_m), 0);
  const GridCount n = culled_equals_plain_over_grid(idx, culled, t);
  EXPECT_EQ(n.cells, 625);
  EXPECT_GT(n.inside, 100);
  EXPECT_GT(n.rays, 3 * n.cells);
}

TEST(UtdWedge, TransitionFunctionLimits) {
  // Small X: F ~ sqrt(pi X) exp(j pi/4); large X: F -> 1 + j/(2X) (K&P eq. (25) asymptotes).
  const double x = 1e-6;
  const cplx small =
      (std::sqrt(kPi * x) - 2 * x * std::polar(1.0, kPi / 4)) * std::polar(1.0, kPi / 4 + x);
  EXPECT_NEAR(std::abs(utd::transition_function(x) - small), 0.0, 1e-9);
  const cplx big = utd::transition_function(1000);
  EXPECT_NEAR(big.real(), 1.0, 1e-5);
  EXPECT_NEAR(big.imag(), 1.0 / 2000, 1e-6);
  // Continuous where the series hands over to the asymptotic expansion.
  EXPECT_NEAR(std::abs(utd::transition_function(20 - 1e-9) - utd::transition_function(20 + 1e-9)),
              0.0, 1e-6);
  // Uniformity across the shadow boundary phi = phi' + pi of a plane wave (s' -> inf) on a
  // half-plane (n = 2) and a right-angled wedge (n = 1.5): the incident field e^{-jks} that
  // vanishes there is made up by the jump of the diffracted field D e^{-jks} / sqrt(s), so
  // (D_shadow - D_lit) / sqrt(s) = 1.
  const double k = 2 * kPi, s = 100;
  for (const double n : {2.0, 1.5}) {
    for (const bool soft : {true, false}) {
      const double phi_i = kPi / 4;
      const cplx lit =
          utd::wedge_diffraction_coefficient(n, phi_i, phi_i + kPi - 1e-7, 1e12, s, k, soft);
      const cplx shadow =
          utd::wedge_diffraction_coefficient(n, phi_i, phi_i + kPi + 1e-7, 1e12, s, k, soft);
      EXPECT_NEAR(std::abs((shadow - lit) / std::sqrt(s) - 1.0), 0.0, 1e-3) << n << soft;
    }
  }
}

}  // namespace
}  // namespace akichi::prop::ray::ray_2p5d_test

// The 2.5-D ray model over terrain (ray_2p5d.h, "Terrain under the rays") against closed forms:
// a flat terrain gives the model without terrain bit for bit; a uniform slope reflects as the
// two-ray image across the tilted plane with the P.2040-3 Fresnel coefficient at the tilted
// incidence; a sharp ridge is free space plus the P.526-15 knife edge J(nu) (eqs. (26), (31));
// a ridge and a roof together are Deygout's two edges; a hill blocks the direct ray; the terrain
// blocks a wall reflection's legs, or with roof diffraction diffracts it (the image solution
// times Deygout's loss over the ridges on its legs), and a corner ray's likewise (its UTD power
// times the knife edge's); a wall-ground ray reflects on the plane of the terrain under it,
// sloping along its ground leg or also across it (the images across the wall and the plane in
// 3-D).
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <functional>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "propagation/models/ray_2p5d.h"
#include "propagation/terrain/terrain.h"
#include "tests/unit/propagation/models/ray_test_util.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::ray::ray_2p5d_terrain_test {
namespace {

using namespace ray_test_util;

/// A terrain grid from (0, 0) with nodes every step_m, elevation z(x, y).
TerrainGrid terrain(double step_m, int nx, int ny, const std::function<double(double, double)>& z) {
  std::vector<float> v(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      v[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i)] =
          static_cast<float>(z(i * step_m, j * step_m));
    }
  }
  return TerrainGrid(0, 0, step_m, nx, ny, std::move(v));
}

/// P.526-15 eq. (31), nu > -0.78; 0 below.
double J(double nu) {
  return nu > -0.78 ? 6.9 + 20 * std::log10(std::sqrt((nu - 0.1) * (nu - 0.1) + 1) + nu - 0.1)
                    : 0.0;
}

/// P.526-15 eq. (26).
double nu_of(double h, double d1, double d2, double lambda) {
  return h * std::sqrt(2 / lambda * (1 / d1 + 1 / d2));
}

/// 3-D vectors of the expected values.
using V = std::array<double, 3>;
V sub(V a, V b) {
  return V{a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
double dot(V a, V b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
V mul(double s, V a) {
  return V{s * a[0], s * a[1], s * a[2]};
}
V crs(V a, V b) {
  return V{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
V unit(V a) {
  return mul(1 / std::sqrt(dot(a, a)), a);
}

/// The coefficient of a plane of normal n (unit) for the incident and reflected directions ki
/// and kr (unit) between antennas of vertical or horizontal polarisation, the polarisations
/// mixed by a tilted plane of incidence: Gamma_TE (p_i . e_TE)(e_TE . p_r) + Gamma_TM (p_i .
/// e_TM,i)(e_TM,r . p_r) with e_TE = k_i x n / |k_i x n|, e_TM = e_TE x k, p the antennas'
/// polarisations across k (vertical: the vertical's part normal to k; horizontal: z x k), Gamma of
/// P.2040-3 at the angle from n.
cplx tilted_gamma(cplx eta, const V& ki, const V& kr, const V& n, bool vertical) {
  const double cos_t = std::abs(dot(ki, n));
  const V e_te = unit(crs(ki, n)), e_tm_i = crs(e_te, ki), e_tm_r = crs(e_te, kr);
  const V z{0, 0, 1};
  const auto pol = [&](V k) { return unit(vertical ? sub(z, mul(dot(z, k), k)) : crs(z, k)); };
  const V pi = pol(ki), pr = pol(kr);
  return gamma_te(eta, cos_t) * (dot(pi, e_te) * dot(e_te, pr)) +
         gamma_tm(eta, cos_t) * (dot(pi, e_tm_i) * dot(e_tm_r, pr));
}

TEST(Ray2p5dTerrain, FlatTerrainIsTheModelWithoutTerrainBitForBit) {
  // A hilly grid the option turns off, and flat grids at the ends' elevation: the same rays.
  const TerrainGrid hills = terrain(
      5, 101, 101, [](double x, double y) { return 20 * std::sin(x / 60) * std::cos(y / 45); });
  for (const double z0 : {0.0, 12.5}) {
    const TerrainGrid flat = terrain(5, 101, 101, [&](double, double) { return z0; });
    ASSERT_TRUE(flat.flat());
    // The buildings of a random scene standing on the ground at z0.
    auto standing = std::make_shared<Buildings>(*random_scene(5, 40, 450));
    for (Building& b : *standing) b.base_z_m = z0;
    const BuildingIndex idx(standing);
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> pos(-20, 470), hgt(1, 30);
    for (const Combine c : {Combine::Power, Combine::Coherent}) {
      Options o;
      o.combine = c;
      Options off = o;
      off.terrain = false;
      for (int i = 0; i < 150; ++i) {
        const End a{pos(rng), pos(rng), z0, hgt(rng)};
        const End b{pos(rng), pos(rng), z0, hgt(rng)};
        const double d = std::max(std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), 1.0);
        const Result none = trace(idx, o, 3.5e9, d, a, b);
        const Result on_flat = trace(idx, o, 3.5e9, d, a, b, &flat);
        const Result switched_off = trace(idx, off, 3.5e9, d, a, b, &hills);
        ASSERT_EQ(none.loss_dB, on_flat.loss_dB) << i;
        ASSERT_EQ(none.rays, on_flat.rays) << i;
        ASSERT_EQ(none.dominant, on_flat.dominant) << i;
        ASSERT_EQ(none.loss_dB, switched_off.loss_dB) << i;
        ASSERT_EQ(none.rays, switched_off.rays) << i;
      }
    }
  }
}

TEST(Ray2p5dTerrain, UniformSlopeReflectsOnTheTiltedPlane) {
  // z = 5 + x / 16 (exact in float nodes and under bilinear interpolation); the link runs up
  // the slope along y = 50.
  const double g = 1.0 / 16;
  const TerrainGrid slope = terrain(2, 301, 51, [&](double x, double) { return 5 + g * x; });
  const BuildingIndex empty(nullptr);
  const double f = 2.4e9, k = 2 * kPi * f / kC;
  const cplx eta = eta_of(13, f * 1e-9);  // medium_dry_ground
  for (const bool vertical : {true, false}) {
    Options o = bare();
    o.ground_reflection = true;
    o.vertical_polarization = vertical;
    for (const double D : {40.0, 130.0, 200.0, 420.0}) {
      const double x0 = 10, ht = 12, hr = 2;
      const End tx{x0, 50, 5 + g * x0, ht};
      const End rx{x0 + D, 50, 5 + g * (x0 + D), hr};
      // The vertical plane of the link: s along it, the ground z = 5 + g (x0 + s).
      const double Tz = tx.z_ground_m + ht, Rz = rx.z_ground_m + hr;
      const double nn = std::hypot(g, 1.0);
      const double ns = -g / nn, nz = 1 / nn;       // upward unit normal of the ground line
      const double hT = (Tz - tx.z_ground_m) * nz;  // T's height along the normal
      const double hR = (D * ns + (Rz - tx.z_ground_m) * nz);  // R's, from the point under T
      const double Is = -2 * hT * ns, Iz = Tz - 2 * hT * nz;   // the image T'
      const double r2 = std::hypot(D - Is, Rz - Iz);
      const double d3 = std::hypot(D, Rz - Tz);
      const double cos_t = std::abs((D - Is) * ns + (Rz - Iz) * nz) / r2;
      ASSERT_NEAR(cos_t, (hT + hR) / r2, 1e-12);
      // V: TM on the ground (the tilt lies in the plane of incidence).
      const cplx G = vertical ? gamma_tm(eta, cos_t) : gamma_te(eta, cos_t);
      const cplx field = 1.0 + G * (d3 / r2) * std::exp(cplx(0, -k * (r2 - d3)));
      const Result r = trace(empty, o, f, D, tx, rx, &slope);
      EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 20 * std::log10(std::abs(field)), 1e-9)
          << "D = " << D << " vertical = " << vertical;
      EXPECT_EQ(r.rays, 2);
      // The flat-ground two-ray (heights above each end's ground) is not this.
      const Result flat = trace(empty, o, f, D, tx, rx);
      EXPECT_GT(std::abs(flat.loss_dB - r.loss_dB), 1e-6) << "D = " << D;
    }
  }
}

TEST(Ray2p5dTerrain, CrossSlopeReflectsOnTheTiltedPlane) {
  // A plane sloping across the link, z = 5 + c (y - 50), the link along y = 50 (level along
  // it): the image across the tilted plane, the specular point off the link's vertical plane,
  // and the polarisations mixed by the tilted plane of incidence: Gamma_TE (p_i . e_TE)(e_TE .
  // p_r) + Gamma_TM (p_i . e_TM,i)(e_TM,r . p_r) with e_TE = k_i x n / |k_i x n|, e_TM = e_TE
  // x k, p the antennas' polarisations across k (vertical: the vertical's part normal to k;
  // horizontal: z x k), Gamma of P.2040-3 at the angle from n (tilted_gamma()).
  const BuildingIndex empty(nullptr);
  const double f = 2.4e9, k = 2 * kPi * f / kC;
  const cplx eta = eta_of(13, f * 1e-9);         // medium_dry_ground
  for (const double c : {1.0 / 16, -1.0 / 8}) {  // node heights exact in float
    const TerrainGrid plane =
        terrain(2, 301, 101, [&](double, double y) { return 5 + c * (y - 50); });
    for (const bool vertical : {true, false}) {
      Options o = bare();
      o.ground_reflection = true;
      o.vertical_polarization = vertical;
      for (const double D : {60.0, 200.0}) {
        const V T{10, 50, 5 + 12.0}, R{10 + D, 50, 5 + 2.0};
        const V n = unit(V{0, -c, 1});
        const V p0{0, 50, 5};
        const double dT = dot(sub(T, p0), n), dR = dot(sub(R, p0), n);
        const V Ti = sub(T, mul(2 * dT, n));
        const V G =
            V{Ti[0] + dT / (dT + dR) * (R[0] - Ti[0]), Ti[1] + dT / (dT + dR) * (R[1] - Ti[1]),
              Ti[2] + dT / (dT + dR) * (R[2] - Ti[2])};
        const cplx G_eff = tilted_gamma(eta, unit(sub(G, T)), unit(sub(R, G)), n, vertical);
        const double r2 = std::sqrt(dot(sub(R, Ti), sub(R, Ti))), d3 = std::hypot(D, 10.0);
        const cplx field = 1.0 + G_eff * (d3 / r2) * std::exp(cplx(0, -k * (r2 - d3)));
        const Result r = trace(empty, o, f, D, {10, 50, 5, 12}, {10 + D, 50, 5, 2}, &plane);
        EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 20 * std::log10(std::abs(field)), 1e-9)
            << "c = " << c << " D = " << D << " vertical = " << vertical;
        EXPECT_EQ(r.rays, 2);
        // The level ground's two-ray is not this.
        const Result flat = trace(empty, o, f, D, {10, 50, 5, 12}, {10 + D, 50, 5, 2});
        EXPECT_GT(std::abs(flat.loss_dB - r.loss_dB), 1e-6);
      }
    }
  }
}

TEST(Ray2p5dTerrain, SharpRidgeIsTheKnifeEdge) {
  // Flat ground at 0 with a ridge along x = 110 (one row of nodes at `top`); the link crosses
  // it at right angles, the profile's samples on the nodes.
  const BuildingIndex empty(nullptr);
  const double f = 1e9, lambda = kC / f;
  const End tx{10, 50, 0, 10}, rx{210, 50, 0, 2};
  const double D = 200, d1 = 100, d3 = std::hypot(D, 8.0);
  double last = -1;
  for (const double top : {4.0, 5.5, 6.5, 9.0, 20.0, 45.0}) {
    const TerrainGrid ridge =
        terrain(2, 151, 51, [&](double x, double) { return x == 110 ? top : 0.0; });
    const Result r = trace(empty, bare(), f, D, tx, rx, &ridge);
    const double h = top - (10 + (2 - 10) * d1 / D);
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) + J(nu_of(h, d1, D - d1, lambda)), 1e-9)
        << "top = " << top;
    EXPECT_EQ(r.dominant, h > 0 ? Dominant::Diffracted : Dominant::Direct) << "top = " << top;
    EXPECT_GE(r.loss_dB, last);
    last = r.loss_dB;
  }
}

TEST(Ray2p5dTerrain, RidgeAndRoofAreDeygoutsTwoEdges) {
  // The ridge of SharpRidgeIsTheKnifeEdge (20 m, at 100 m) and a thin building screen standing
  // on the ground 150 m from the transmitter, roof at 15 m: main edge plus the other edge over
  // the sub-path (Deygout 1966, each J(nu) of P.526-15).
  const double f = 1e9, lambda = kC / f;
  const TerrainGrid ridge =
      terrain(2, 151, 51, [&](double x, double) { return x == 110 ? 20.0 : 0.0; });
  const BuildingIndex idx(scene({{box_footprint(159.99, -100, 160.01, 200), 15}}));
  Options o = bare();
  o.roof_diffraction = true;
  const End tx{10, 50, 0, 10}, rx{210, 50, 0, 10};
  const Result r = trace(idx, o, f, 200, tx, rx, &ridge);
  const double nu1 = nu_of(20 - 10, 100, 100, lambda);
  const double nu2 = nu_of(15 - 10, 150, 50, lambda);
  ASSERT_GT(nu1, nu2);
  // The screen stands at its exit wall (150.01 m: the larger nu over the direct ray).
  const double sub = nu_of(15 - (20 - 10 * 50.01 / 100), 50.01, 49.99, lambda);
  EXPECT_NEAR(r.loss_dB, fspl_dB(f, 200) + J(nu1) + J(sub), 2e-3);
  EXPECT_EQ(r.dominant, Dominant::Diffracted);
}

TEST(Ray2p5dTerrain, HillBlocksTheDirectRay) {
  // A round hill 60 m high between two ends at 10 m: diffraction, at least the main edge's
  // J(nu) beyond free space; without the terrain, line of sight.
  const BuildingIndex empty(nullptr);
  const double f = 3.5e9, lambda = kC / f;
  const TerrainGrid hill = terrain(5, 161, 101, [](double x, double y) {
    return 60 * std::exp(-((x - 400) * (x - 400) + (y - 250) * (y - 250)) / (2 * 80.0 * 80.0));
  });
  const Options o = bare();
  const End tx{100, 250, hill.elevation_m(100, 250), 10};
  const End rx{700, 250, hill.elevation_m(700, 250), 10};
  const Result r = trace(empty, o, f, 600, tx, rx, &hill);
  EXPECT_EQ(r.dominant, Dominant::Diffracted);
  const double line = tx.z_ground_m + 10;  // both ends at the same height
  const double nu_top = nu_of(60 - line, 300, 300, lambda);
  EXPECT_GE(r.loss_dB, fspl_dB(f, 600) + J(nu_top) - 1e-9);
  const Result no_terrain = trace(empty, o, f, 600, tx, rx);
  EXPECT_EQ(no_terrain.dominant, Dominant::Direct);
  EXPECT_NEAR(no_terrain.loss_dB, fspl_dB(f, 600), 1e-9);
}

TEST(Ray2p5dTerrain, TerrainBlocksAWallReflection) {
  // A wall along y = 60 reflects the link (0, 0) -> (200, 0) at (100, 60); a ridge along
  // y = 30 (25 m) stands across both its legs but not under the direct ray: free space alone.
  const double f = 3.5e9;
  const BuildingIndex idx(scene({{box_footprint(50, 60, 150, 80), 30}}));
  const TerrainGrid ridge =
      terrain(2, 151, 61, [](double, double y) { return y == 30 ? 25.0 : 0.0; });
  Options o = bare();
  o.max_reflections = 1;
  const End tx{0, 0, 0, 10}, rx{200, 0, 0, 10};
  const Result with = trace(idx, o, f, 200, tx, rx, &ridge);
  EXPECT_EQ(with.rays, 1);
  EXPECT_NEAR(with.loss_dB, fspl_dB(f, 200), 1e-9);
  EXPECT_EQ(with.dominant, Dominant::Direct);
  const Result without = trace(idx, o, f, 200, tx, rx);
  EXPECT_EQ(without.rays, 2);
}

TEST(Ray2p5dTerrain, ReflectionDiffractsOverTheTerrainOnItsLegs) {
  // A wall along y = 60 reflects the link (0, 0) -> (160, 0) at (80, 60): the unfolded path
  // from the image (0, 120) is 200 m long, each leg 100 m. A ridge along y = 30 (a row of
  // nodes at height `top`) crosses both legs at their middles (50 m and 150 m along the unfolded
  // path; the legs' samples fall on it), not the direct ray. With roof diffraction the
  // reflected ray is diffracted over the two edges by Deygout's construction: the image
  // solution times 10^(-J/20), J = J(nu) of the main edge plus J(nu) of the other over its
  // sub-path (P.526-15 eqs. (26), (31)), added coherently to the direct ray; without it the
  // terrain ends the reflected ray (TerrainBlocksAWallReflection).
  const double f = 3.5e9, k = 2 * kPi * f / kC, lambda = kC / f;
  const BuildingIndex idx(scene({{box_footprint(40, 60, 120, 80), 30}}, 1 /* concrete */));
  Options o = bare();
  o.max_reflections = 1;
  o.roof_diffraction = true;
  const End tx{0, 0, 0, 10}, rx{160, 0, 0, 10};
  const double d3 = 160, S = 200;
  const cplx G = gamma_te(eta_of(1, f * 1e-9), 0.6);  // vertical polarisation, cos = 60 / 100
  double last = -1e9;
  for (const double top : {12.0, 18.0, 25.0, 40.0}) {
    const TerrainGrid ridge =
        terrain(2, 81, 41, [&](double, double y) { return y == 30 ? top : 0.0; });
    const Result r = trace(idx, o, f, d3, tx, rx, &ridge);
    const double h = top - 10;
    const double main_nu = nu_of(h, 50, 150, lambda);
    // The other edge over the sub-path from the main edge's top to the far end (either way
    // round: the scene is symmetric).
    const double sub_h = top - (top + (10 - top) * 100 / 150);
    const double J_total = J(main_nu) + J(nu_of(sub_h, 100, 50, lambda));
    const cplx a = G * (d3 / S) * std::exp(cplx(0, -k * (S - d3))) * std::pow(10.0, -J_total / 20);
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 20 * std::log10(std::abs(1.0 + a)), 1e-9)
        << "top = " << top;
    EXPECT_EQ(r.rays, 2) << "top = " << top;
    EXPECT_EQ(r.dominant, Dominant::Direct);
    // A higher ridge takes more of the reflected ray away: the loss tends to free space.
    const double reflected_dB = -20 * std::log10(std::abs(a));
    EXPECT_GT(reflected_dB, last);
    last = reflected_dB;
  }
  o.roof_diffraction = false;
  const TerrainGrid ridge =
      terrain(2, 81, 41, [](double, double y) { return y == 30 ? 25.0 : 0.0; });
  const Result ended = trace(idx, o, f, d3, tx, rx, &ridge);
  EXPECT_EQ(ended.rays, 1);
  EXPECT_NEAR(ended.loss_dB, fspl_dB(f, d3), 1e-9);
}

TEST(Ray2p5dTerrain, CornerRayDiffractsOverTheTerrainOnItsLegs) {
  // A block (100..200 x 0..100, 50 m) hides (132, 124) from (50, 20), both 1.5 m above flat
  // ground; its corner (100, 100) diffracts (UTD). A bump of the terrain (one node at (116, 112)
  // of height `top`) stands under the middle of the corner ray's second leg (40 m, its samples
  // every 2 m: the middle one on the node), not under the direct ray. With roof diffraction the
  // corner ray is diffracted over it: its power is multiplied by 10^(-J/10), J the P.526-15
  // knife edge (eqs. (26), (31)) at the edge's place on the unfolded path (plan lengths
  // |t Q| + 20 and 20 m). Powers are summed (Combine::Power), so the corner ray's power is the
  // run's less that of the run without corner diffraction on the same terrain (the direct ray
  // over the block's roof, the same in both).
  const double f = 3.5e9, lambda = kC / f;
  const BuildingIndex idx(scene({{box_footprint(100, 0, 200, 100), 50}}));
  Options o = bare();
  o.combine = Combine::Power;
  o.roof_diffraction = true;
  const End tx{50, 20, 0, 1.5}, rx{132, 124, 0, 1.5};
  const double d = std::hypot(82.0, 104.0);
  const auto corner_power = [&](const TerrainGrid& g, const Options& with) {
    Options without = with;
    without.edge_diffraction = false;
    Options on = with;
    on.edge_diffraction = true;
    const Result a = trace(idx, on, f, d, tx, rx, &g);
    const Result r = trace(idx, without, f, d, tx, rx, &g);
    EXPECT_EQ(a.rays, r.rays + 1);
    return std::pow(10.0, -a.loss_dB / 10) - std::pow(10.0, -r.loss_dB / 10);
  };
  const TerrainGrid flat = terrain(2, 101, 101, [](double, double) { return 0.0; });
  const double clear = corner_power(flat, o);
  ASSERT_GT(clear, 0.0);
  const double rho_i = std::hypot(50.0, 80.0);
  for (const double top : {2.0, 4.0, 10.0, 25.0}) {
    const TerrainGrid bump =
        terrain(2, 101, 101, [&](double x, double y) { return x == 116 && y == 112 ? top : 0.0; });
    const double J_dB = J(nu_of(top - 1.5, rho_i + 20, 20, lambda));
    EXPECT_NEAR(10 * std::log10(clear / corner_power(bump, o)), J_dB, 1e-6) << "top = " << top;
  }
  // Without roof diffraction the terrain ends the corner ray.
  o.roof_diffraction = false;
  const TerrainGrid bump =
      terrain(2, 101, 101, [](double x, double y) { return x == 116 && y == 112 ? 10.0 : 0.0; });
  Options on = o;
  on.edge_diffraction = true;
  EXPECT_EQ(trace(idx, on, f, d, tx, rx, &bump).rays, trace(idx, o, f, d, tx, rx, &bump).rays);
}

TEST(Ray2p5dTerrain, WallGroundRayReflectsOnTheTerrainsSlope) {
  // A wall and a terrain plane sloping up the leg that meets the ground, along it or also
  // across it: the wall-ground ray is the image of the source across the wall and then across
  // the plane (or across the plane and then the wall), in 3-D. The wall's coefficient is TE or
  // TM at its leg's angle; the ground's is TM or TE at the angle to the plane's normal when the
  // plane slopes along the leg only (the plane of incidence is the leg's vertical plane), and
  // mixes them when it slopes across it too: Gamma_TE (p_i . e_TE)(e_TE . p_r) + Gamma_TM (p_i .
  // e_TM,i)(e_TM,r . p_r) as in CrossSlopeReflectsOnTheTiltedPlane. Powers are summed
  // (Combine::Power): the ray's power is the run's less that of the run without wall-ground rays.
  struct Case {
    double wall_x, wall_nx;  // the wall's plane x = wall_x, its outward normal (wall_nx, 0)
    double tx, ty, ht, rx, ry, hr;
    double a, b, c;  // the terrain z = c + a x + b y (exact in float nodes)
    bool wall_first;
  };
  const double f = 3.5e9;
  const cplx wall_eta = eta_of(1, f * 1e-9), ground_eta = eta_of(13, f * 1e-9);
  // Wall then ground: the transmitter high by the wall, the receiver low 65 m away; the plane
  // slopes up along the leg wall -> receiver, direction (7, 3). Ground then wall: the
  // transmitter low 74 m from the wall, the receiver high by it; the plane slopes up along the
  // leg transmitter -> wall, direction (3, 1). Then the same with planes that also slope across
  // those legs: gradients (8, 1) / 64 and (3, 2) / 32.
  for (const Case& c : {Case{20, 1, 30, 10, 20, 80, 40, 1.5, 7.0 / 64, 3.0 / 64, 0, true},
                        Case{100, -1, 30, 10, 1.5, 80, 40, 20, 3.0 / 32, 1.0 / 32, 20, false},
                        Case{20, 1, 30, 10, 20, 80, 40, 1.5, 8.0 / 64, 1.0 / 64, 0, true},
                        Case{100, -1, 30, 10, 1.5, 80, 40, 20, 3.0 / 32, 2.0 / 32, 20, false}}) {
    auto bs = std::make_shared<Buildings>();
    Building b;
    b.footprint = c.wall_nx > 0 ? box_footprint(c.wall_x - 10, -100, c.wall_x, 200)
                                : box_footprint(c.wall_x, -100, c.wall_x + 10, 200);
    b.base_z_m = -50;
    b.height_m = 150;
    b.material = 1;  // concrete
    bs->push_back(b);
    const BuildingIndex idx(bs);
    const auto z_of = [&](double x, double y) { return c.c + c.a * x + c.b * y; };
    const TerrainGrid plane = terrain(2, 61, 31, z_of);
    const End tx{c.tx, c.ty, z_of(c.tx, c.ty), c.ht}, rx{c.rx, c.ry, z_of(c.rx, c.ry), c.hr};
    const double d = std::hypot(c.rx - c.tx, c.ry - c.ty);
    // The images in 3-D.
    const auto len = [](V p) { return std::sqrt(dot(p, p)); };
    const auto along = [](V p, V q, double t) {
      return V{p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])};
    };
    const double nn = std::sqrt(c.a * c.a + c.b * c.b + 1);
    const V N{-c.a / nn, -c.b / nn, 1 / nn}, P0{0, 0, c.c};
    const auto mirror_ground = [&](V p) {
      const double h = dot(sub(p, P0), N);
      return V{p[0] - 2 * h * N[0], p[1] - 2 * h * N[1], p[2] - 2 * h * N[2]};
    };
    const auto mirror_wall = [&](V p) { return V{2 * c.wall_x - p[0], p[1], p[2]}; };
    const V T{c.tx, c.ty, tx.z_ground_m + c.ht}, R{c.rx, c.ry, rx.z_ground_m + c.hr};
    const V I1 = c.wall_first ? mirror_wall(T) : mirror_ground(T);
    const V I2 = c.wall_first ? mirror_ground(I1) : mirror_wall(I1);
    // The second surface's point on I2 -> R, then the first's on I1 -> it.
    V P2{}, P1{};
    if (c.wall_first) {
      P2 = along(I2, R, dot(sub(P0, I2), N) / dot(sub(R, I2), N));  // ground
      P1 = along(I1, P2, (c.wall_x - I1[0]) / (P2[0] - I1[0]));     // wall
    } else {
      P2 = along(I2, R, (c.wall_x - I2[0]) / (R[0] - I2[0]));         // wall
      P1 = along(I1, P2, dot(sub(P0, I1), N) / dot(sub(P2, I1), N));  // ground
    }
    const double r = len(sub(R, I2));
    ASSERT_NEAR(len(sub(P1, T)) + len(sub(P2, P1)) + len(sub(R, P2)), r, 1e-9);
    // The wall's leg and the ground's leg (each reflection's incoming leg).
    const V wall_in = c.wall_first ? sub(P1, T) : sub(P2, P1);
    const V ground_in = c.wall_first ? sub(P2, P1) : sub(P1, T);
    const V ground_out = c.wall_first ? sub(R, P2) : sub(P2, P1);
    const double cos_w = std::abs(wall_in[0]) / len(wall_in);
    const V ki = unit(ground_in), kr = unit(ground_out);
    const double d3 = std::hypot(d, R[2] - T[2]);
    for (const bool vertical : {true, false}) {
      Options o = bare();
      o.combine = Combine::Power;
      o.max_reflections = 1;
      o.ground_reflection = true;
      o.vertical_polarization = vertical;
      Options off = o;
      off.wall_ground_reflections = false;
      const Result on = trace(idx, o, f, d, tx, rx, &plane);
      const Result without = trace(idx, off, f, d, tx, rx, &plane);
      ASSERT_EQ(on.rays, without.rays + 1) << c.wall_first << vertical;
      const double power = std::pow(10.0, -(on.loss_dB - fspl_dB(f, d3)) / 10) -
                           std::pow(10.0, -(without.loss_dB - fspl_dB(f, d3)) / 10);
      const cplx ground = tilted_gamma(ground_eta, ki, kr, N, vertical);
      const cplx G = (vertical ? gamma_te(wall_eta, cos_w) : gamma_tm(wall_eta, cos_w)) * ground;
      const double expected = std::norm(G) * (d3 / r) * (d3 / r);
      EXPECT_NEAR(10 * std::log10(power), 10 * std::log10(expected), 1e-8)
          << "wall first " << c.wall_first << " vertical " << vertical;
      // Reciprocal, to the bit.
      EXPECT_EQ(trace(idx, o, f, d, rx, tx, &plane).loss_dB, on.loss_dB);
      // The ray on the plane through the ends' ground (the model before the terrain was under
      // this ray) is another.
      const double flat_power =
          std::pow(10.0, -(trace(idx, o, f, d, tx, rx).loss_dB - fspl_dB(f, d3)) / 10) -
          std::pow(10.0, -(trace(idx, off, f, d, tx, rx).loss_dB - fspl_dB(f, d3)) / 10);
      EXPECT_GT(std::abs(10 * std::log10(flat_power) - 10 * std::log10(expected)), 0.01);
    }
  }
}

// The culled enumeration on hills: the engine's order (one transmitter, a row-major grid of
// receivers 1.5 m above the ground, a third inside parts), buildings standing on the terrain
// under their first vertex, so that the ends' heights (and the legs' surely-blocked tests)
// change from cell to cell: the plain enumeration's rays for every cell.
TEST(Ray2p5dTerrain, VisibilityCullingIsThePlainEnumerationOnHills) {
  const TerrainGrid hills = terrain(
      5, 71, 71, [](double x, double y) { return 15 + 12 * std::sin(x / 50) * std::cos(y / 35); });
  auto standing = std::make_shared<Buildings>(*random_scene(29, 60, 300));
  for (Building& b : *standing) {
    const Point2& v = b.footprint.outer().front();
    b.base_z_m = hills.elevation_m(std::clamp(v.x(), 0.0, 350.0), std::clamp(v.y(), 0.0, 350.0));
  }
  const BuildingIndex idx(standing);
  Options culled;
  culled.max_reflections = 2;
  culled.max_path_excess_m = 80;
  const End t{151.5, 148.5, hills.elevation_m(151.5, 148.5), 25};
  const GridCount n = culled_equals_plain_over_grid(idx, culled, t, &hills);
  EXPECT_EQ(n.cells, 625);
  EXPECT_GT(n.inside, 100);
  EXPECT_GT(n.rays, 2 * n.cells);
}

}  // namespace
}  // namespace akichi::prop::ray::ray_2p5d_terrain_test

// The 2.5-D ray model over roofs of planar facets (CityGML LOD2) against closed forms: a gable
// across the link is one knife edge at its ridge, a shed roof one at its higher eave, a path along
// a ridge one at the wall of larger nu (each J(nu) of P.526-15 eq. (31), nu of eq. (26)); a shed
// roof reflects as the image across its plane, a facet tilted across the link reciprocally,
// alike when turned and as the level roof when nearly level; a flat facet is the prism bit for
// bit; the visibility culling is the plain enumeration over gables.
#include "propagation/models/ray_2p5d.h"

#include <cmath>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/propagation/models/ray_test_util.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::ray::ray_2p5d_roofs_test {
namespace {

using namespace ray_test_util;

/// The facet over plan polygon `plan` of the plane z = z0 + dz_dx (x - x0) + dz_dy (y - y0).
RoofFacet facet(const Polygon2& plan, double x0, double y0, double z0, double dz_dx, double dz_dy) {
  RoofFacet f;
  f.plan = plan;
  f.x0_m = x0;
  f.y0_m = y0;
  f.z0_m = z0;
  f.dz_dx = dz_dx;
  f.dz_dy = dz_dy;
  return f;
}

double J(double nu) {  // P.526-15 eq. (31), written out
  return nu > -0.78 ? 6.9 + 20 * std::log10(std::sqrt((nu - 0.1) * (nu - 0.1) + 1) + nu - 0.1)
                    : 0.0;
}

/// The knife edge at plan distance d1 of height z over the link (0, zt) -> (D, zr): J(nu), nu of
/// P.526-15 eq. (26).
double nu_of(double d1, double z, double D, double zt, double zr, double lambda) {
  const double h = z - (zt + (zr - zt) * d1 / D);
  return h * std::sqrt(2 / lambda * (1 / d1 + 1 / (D - d1)));
}

Options roofs_only() {
  Options o = bare();
  o.roof_diffraction = true;
  return o;
}

constexpr double kF = 2.0e9, kD = 500, kZt = 10, kZr = 12;

double trace_x(const Buildings& bs, const Options& o, double y = 0) {
  const BuildingIndex idx(std::make_shared<const Buildings>(bs));
  return trace(idx, o, kF, kD, {0, y, 0, kZt}, {kD, y, 0, kZr}).loss_dB;
}

TEST(Ray2p5dRoofs, GableAcrossTheLinkIsOneKnifeEdgeAtTheRidge) {
  const double lambda = kC / kF;
  // Eaves 8 m at x = 200 and 220, ridge 16 m at x = 210, along y (across the link, along x).
  for (const double ridge : {11.0, 16.0, 30.0}) {
    const double k = (ridge - 8.0) / 10.0;
    Building b;
    b.footprint = box_footprint(200, -500, 220, 500);
    b.height_m = ridge;
    b.roof = {facet(box_footprint(200, -500, 210, 500), 210, 0, ridge, k, 0),
              facet(box_footprint(210, -500, 220, 500), 210, 0, ridge, -k, 0)};
    const BuildingIndex idx(std::make_shared<const Buildings>(Buildings{b}));
    const Result r = trace(idx, roofs_only(), kF, kD, {0, 0, 0, kZt}, {kD, 0, 0, kZr});
    const double expected =
        fspl_dB(kF, std::hypot(kD, kZr - kZt)) + J(nu_of(210, ridge, kD, kZt, kZr, lambda));
    EXPECT_NEAR(r.loss_dB, expected, 1e-6) << "ridge " << ridge;
    EXPECT_EQ(r.dominant, Dominant::Diffracted);
    // The eaves (8 m) are below the ray (10.8 m): a prism at the eaves' height is free space.
    Building low = b;
    low.roof.clear();
    low.height_m = 8.0;
    EXPECT_NEAR(trace_x({low}, roofs_only()), fspl_dB(kF, std::hypot(kD, kZr - kZt)), 1e-9);
  }
}

TEST(Ray2p5dRoofs, ShedRoofIsOneKnifeEdgeAtTheHigherEave) {
  const double lambda = kC / kF;
  const double free = fspl_dB(kF, std::hypot(kD, kZr - kZt));
  // From 8 m to 18 m across the link's path over x in [200, 220], rising, then falling.
  for (const double slope : {0.5, -0.5}) {
    Building b;
    b.footprint = box_footprint(200, -500, 220, 500);
    b.height_m = 18;
    const double x_high = slope > 0 ? 220 : 200;
    b.roof = {facet(b.footprint, x_high, 0, 18, slope, 0)};
    EXPECT_NEAR(trace_x({b}, roofs_only()), free + J(nu_of(x_high, 18, kD, kZt, kZr, lambda)), 1e-6)
        << "slope " << slope;
  }
  // A gable whose ridge runs along the link (ridge 16 m at y = 0, eaves 8 m at y = +-10): the
  // path 2 m off the ridge sees a level roof at 14.4 m from wall to wall, one edge at the wall of
  // larger nu, as a flat roof of that height.
  Building g;
  g.footprint = box_footprint(200, -10, 240, 10);
  g.height_m = 16;
  g.roof = {facet(box_footprint(200, -10, 240, 0), 0, 0, 16, 0, 0.8),
            facet(box_footprint(200, 0, 240, 10), 0, 0, 16, 0, -0.8)};
  const double z = 16 - 0.8 * 2;
  const double nu =
      std::max(nu_of(200, z, kD, kZt, kZr, lambda), nu_of(240, z, kD, kZt, kZr, lambda));
  EXPECT_NEAR(trace_x({g}, roofs_only(), 2.0), free + J(nu), 1e-6);
  Building flat = g;
  flat.roof.clear();
  flat.height_m = z;
  EXPECT_NEAR(trace_x({g}, roofs_only(), 2.0), trace_x({flat}, roofs_only(), 2.0), 1e-9);
}

TEST(Ray2p5dRoofs, TwoGablesAreDeygoutsConstructionOverTheirRidges) {
  const double lambda = kC / kF;
  Buildings bs;
  for (const auto& [x, ridge] : {std::pair{150.0, 16.0}, std::pair{330.0, 14.0}}) {
    Building b;
    b.footprint = box_footprint(x - 10, -500, x + 10, 500);
    b.height_m = ridge;
    const double k = (ridge - 8.0) / 10.0;
    b.roof = {facet(box_footprint(x - 10, -500, x, 500), x, 0, ridge, k, 0),
              facet(box_footprint(x, -500, x + 10, 500), x, 0, ridge, -k, 0)};
    bs.push_back(b);
  }
  const double d[2] = {150, 330}, zz[2] = {16, 14};
  const double expected =
      fspl_dB(kF, std::hypot(kD, kZr - kZt)) + deygout_loss_dB(d, zz, 2, kZt, kZr, kD, lambda);
  EXPECT_NEAR(trace_x(bs, roofs_only()), expected, 1e-6);
  EXPECT_GT(deygout_loss_dB(d, zz, 2, kZt, kZr, kD, lambda),
            J(nu_of(150, 16, kD, kZt, kZr, lambda)) + 1.0);  // both edges count
}

/// The random scene of ray_test_util with a roof on every building: a flat facet at its height
/// (`gable` false), or a gable (eaves at half the height, ridge along the long side's middle).
std::shared_ptr<const Buildings> roofed(unsigned seed, bool gable) {
  auto bs = std::make_shared<Buildings>(*random_scene(seed, 40, 400));
  for (Building& b : *bs) {
    const auto& r = b.footprint.outer();
    Point2 c(0, 0);
    bg::centroid(b.footprint, c);
    if (!gable) {
      b.roof = {facet(b.footprint, c.x(), c.y(), b.height_m, 0, 0)};
      continue;
    }
    // Long side r[0] -> r[1] or r[1] -> r[2]: the ridge parallel to it through the centroid.
    const double l01 = std::hypot(r[1].x() - r[0].x(), r[1].y() - r[0].y());
    const double l12 = std::hypot(r[2].x() - r[1].x(), r[2].y() - r[1].y());
    const Point2 a = l01 >= l12 ? r[0] : r[1], e = l01 >= l12 ? r[1] : r[2];
    const Point2 next = l01 >= l12 ? r[2] : r[3];
    const double vx = next.x() - e.x(), vy = next.y() - e.y();  // across the ridge
    const double half = 0.5 * std::hypot(vx, vy);
    const double nx = vx / (2 * half), ny = vy / (2 * half);
    const double k = 0.5 * b.height_m / half;  // from half height at the eaves to the ridge
    const Point2 m0(a.x() + 0.5 * vx, a.y() + 0.5 * vy), m1(e.x() + 0.5 * vx, e.y() + 0.5 * vy);
    Polygon2 p0, p1;
    for (const Point2& q : {a, e, m1, m0, a}) bg::append(p0.outer(), q);
    for (const Point2& q : {m0, m1, next, Point2(a.x() + vx, a.y() + vy), m0})
      bg::append(p1.outer(), q);
    bg::correct(p0);
    bg::correct(p1);
    // Heights rise towards the ridge (the line m0 m1) from both sides.
    b.roof = {facet(p0, m0.x(), m0.y(), b.height_m, k * nx, k * ny),
              facet(p1, m0.x(), m0.y(), b.height_m, -k * nx, -k * ny)};
  }
  return bs;
}

/// A part over box x0..x1 x y0..y1 with one roof facet z = z0 + sx (x - x0) + sy (y - y0) above
/// its ground (concrete).
Building shed(double x0, double y0, double x1, double y1, double z0, double sx, double sy) {
  Building b;
  b.footprint = box_footprint(x0, y0, x1, y1);
  b.material = 1;
  const double corners[4][2] = {{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}};
  double top = 0;
  for (const auto& c : corners) top = std::max(top, z0 + sx * (c[0] - x0) + sy * (c[1] - y0));
  b.height_m = top;
  b.roof = {facet(b.footprint, x0, y0, z0, sx, sy)};
  return b;
}

TEST(Ray2p5dRoofs, ShedRoofReflectsAsTheImageAcrossItsPlane) {
  // A shed roof over 20..80 x -30..30 rising along the link (z = 10 + x / 20 - 1 above the
  // ground), the ends above it at 30 and 25 m: the image of the transmitter across the roof's
  // plane, in the link's vertical plane (the tilt lies in the plane of incidence: vertical
  // polarisation is TM, horizontal TE), with P.2040-3's coefficient at the tilted incidence.
  const double f = 3.5e9, k = 2 * kPi * f / kC, g = 1.0 / 20;
  const cplx eta = eta_of(1, f * 1e-9);
  Buildings bs{shed(20, -30, 80, 30, 10, g, 0)};
  const BuildingIndex idx(std::make_shared<const Buildings>(bs));
  for (const bool vertical : {true, false}) {
    Options o = bare();
    o.max_reflections = 1;
    o.vertical_polarization = vertical;
    const double D = 100, Tz = 30, Rz = 25;
    // The roof's line z = 10 + g (s - 20) in the plane y = 0; its upward unit normal (ns, nz).
    const double nn = std::hypot(g, 1.0), ns = -g / nn, nz = 1 / nn;
    const double dT = (0 - 20) * ns + (Tz - 10) * nz, dR = (D - 20) * ns + (Rz - 10) * nz;
    const double Is = 0 - 2 * dT * ns, Iz = Tz - 2 * dT * nz;  // the image T'
    const double r2 = std::hypot(D - Is, Rz - Iz), d3 = std::hypot(D, Rz - Tz);
    const double cos_t = (dT + dR) / r2;
    const cplx G = vertical ? gamma_tm(eta, cos_t) : gamma_te(eta, cos_t);
    const cplx field = 1.0 + G * (d3 / r2) * std::exp(cplx(0, -k * (r2 - d3)));
    const Result r = trace(idx, o, f, D, {0, 0, 0, Tz}, {D, 0, 0, Rz});
    EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 20 * std::log10(std::abs(field)), 1e-9) << vertical;
    EXPECT_EQ(r.rays, 2);
    // Turned a quarter turn about the vertical (the link along y, the roof rising along y): the
    // same loss.
    Buildings turned{shed(-30, 20, 30, 80, 10, 0, g)};
    const BuildingIndex t_idx(std::make_shared<const Buildings>(turned));
    EXPECT_NEAR(trace(t_idx, o, f, D, {0, 0, 0, Tz}, {0, D, 0, Rz}).loss_dB, r.loss_dB, 1e-9);
  }
}

TEST(Ray2p5dRoofs, AFacetWiderThanTheSearchReflects) {
  // A shed roof 2 km square (its walls far outside the link's search box) rising gently along
  // the link, z = 10 + (x + 1000) / 1000 above the ground: the link above it reflects off it as
  // the image across its plane (vertical polarisation: TM).
  const double f = 3.5e9, k = 2 * kPi * f / kC, g = 1e-3;
  Buildings bs{shed(-1000, -1000, 1000, 1000, 10, g, 0)};
  const BuildingIndex idx(std::make_shared<const Buildings>(bs));
  Options o = bare();
  o.max_reflections = 1;
  const double D = 100, Tz = 30, Rz = 25;
  const double nn = std::hypot(g, 1.0), ns = -g / nn, nz = 1 / nn;
  const double dT = (0 + 1000) * ns + (Tz - 10) * nz, dR = (D + 1000) * ns + (Rz - 10) * nz;
  const double Is = 0 - 2 * dT * ns, Iz = Tz - 2 * dT * nz;
  const double r2 = std::hypot(D - Is, Rz - Iz), d3 = std::hypot(D, Rz - Tz);
  const cplx G = gamma_tm(eta_of(1, f * 1e-9), (dT + dR) / r2);
  const cplx field = 1.0 + G * (d3 / r2) * std::exp(cplx(0, -k * (r2 - d3)));
  const Result r = trace(idx, o, f, D, {0, 0, 0, Tz}, {D, 0, 0, Rz});
  EXPECT_EQ(r.rays, 2);
  EXPECT_NEAR(r.loss_dB, fspl_dB(f, d3) - 20 * std::log10(std::abs(field)), 1e-9);
}

TEST(Ray2p5dRoofs, TiltedFacetReflectionIsReciprocalTurnableAndTendsToTheLevelRoof) {
  // A facet tilted across and along the link (the plane of incidence tilted: the polarisations
  // mix): the same loss with the ends swapped and with the scene turned a quarter turn; a
  // facet tilted by 1e-10 gives the level roof's loss (roof_reflections) within 1e-5 dB.
  const double f = 3.5e9;
  for (const bool vertical : {true, false}) {
    Options o = bare();
    o.max_reflections = 1;
    o.vertical_polarization = vertical;
    Buildings bs{shed(20, -30, 80, 30, 10, 0.04, 0.12)};
    const BuildingIndex idx(std::make_shared<const Buildings>(bs));
    const End a{0, -5, 0, 30}, b{100, 4, 0, 25};
    const double d = std::hypot(100.0, 9.0);
    const Result ab = trace(idx, o, f, d, a, b);
    EXPECT_EQ(ab.rays, 2) << vertical;
    EXPECT_NEAR(trace(idx, o, f, d, b, a).loss_dB, ab.loss_dB, 1e-9);
    // Turned by (x, y) -> (x', y') = (-y, x): the box to -30..30 x 20..80, the plane z = 10 +
    // 0.04 (x - 20) + 0.12 (y + 30) to z = 10 + 0.12 * 60 - 0.12 (x' + 30) + 0.04 (y' - 20).
    Buildings turned{shed(-30, 20, 30, 80, 10 + 0.12 * 60, -0.12, 0.04)};
    const BuildingIndex t_idx(std::make_shared<const Buildings>(turned));
    EXPECT_NEAR(trace(t_idx, o, f, d, {5, 0, 0, 30}, {-4, 100, 0, 25}).loss_dB, ab.loss_dB, 1e-9);
    // Nearly level against level.
    Buildings level{shed(20, -30, 80, 30, 10, 0, 0)};
    Buildings tilted{shed(20, -30, 80, 30, 10, 1e-10, 1e-10)};
    const BuildingIndex l_idx(std::make_shared<const Buildings>(level));
    const BuildingIndex t2_idx(std::make_shared<const Buildings>(tilted));
    const Result l = trace(l_idx, o, f, d, a, b), t = trace(t2_idx, o, f, d, a, b);
    EXPECT_EQ(l.rays, 2);
    EXPECT_EQ(t.rays, 2);
    EXPECT_NEAR(t.loss_dB, l.loss_dB, 1e-5);
  }
}

TEST(Ray2p5dRoofs, FlatFacetIsThePrismBitForBit) {
  for (const unsigned seed : {3U, 11U}) {
    const BuildingIndex prisms(random_scene(seed, 40, 400));
    const BuildingIndex facets(roofed(seed, false));
    std::mt19937_64 rng(seed + 7);
    std::uniform_real_distribution<double> pos(-20, 420), hgt(1, 45);
    int diffracted = 0;
    for (int i = 0; i < 150; ++i) {
      const End a{pos(rng), pos(rng), 0, hgt(rng)}, b{pos(rng), pos(rng), 0, hgt(rng)};
      const double d = std::max(std::hypot(a.x_m - b.x_m, a.y_m - b.y_m), 1.0);
      const Result p = trace(prisms, Options{}, 3.5e9, d, a, b);
      const Result f = trace(facets, Options{}, 3.5e9, d, a, b);
      ASSERT_EQ(p.loss_dB, f.loss_dB) << "seed " << seed << " link " << i;
      ASSERT_EQ(p.rays, f.rays);
      ASSERT_EQ(p.dominant, f.dominant);
      diffracted += p.dominant == Dominant::Diffracted;
    }
    EXPECT_GT(diffracted, 10);
  }
}

TEST(Ray2p5dRoofs, VisibilityCullingIsThePlainEnumerationOverGables) {
  int links = 0, diffracted = 0, differ = 0;
  for (const unsigned seed : {5U, 23U}) {
    const BuildingIndex idx(roofed(seed, true));
    const BuildingIndex prisms(random_scene(seed, 40, 400));
    std::mt19937_64 rng(seed + 100);
    std::uniform_real_distribution<double> pos(-20, 420), hgt(1, 30);
    Options culled, plain;
    plain.visibility_culling = false;
    const End f{pos(rng), pos(rng), 0, hgt(rng)};
    for (int i = 0; i < 60; ++i) {
      const End v{pos(rng), pos(rng), 0, hgt(rng)};
      const double d = std::max(std::hypot(f.x_m - v.x_m, f.y_m - v.y_m), 1.0);
      const Result c = trace(idx, culled, 3.5e9, d, f, v);
      const Result p = trace(idx, plain, 3.5e9, d, f, v);
      ASSERT_EQ(c.loss_dB, p.loss_dB) << "seed " << seed << " link " << i;
      ASSERT_EQ(c.rays, p.rays);
      ++links;
      diffracted += c.dominant == Dominant::Diffracted;
      differ += c.loss_dB != trace(prisms, culled, 3.5e9, d, f, v).loss_dB;
    }
  }
  EXPECT_GT(diffracted, 10);
  EXPECT_GT(differ, links / 4);  // the gables are not the prisms
}

/// A part over [x0, x1] x [y0, y1] with a gable roof: eaves at 8 m, ridge at 16 m, the ridge
/// along y (at the middle of x) or along x (at the middle of y).
Building gable(double x0, double y0, double x1, double y1, bool ridge_along_y) {
  Building b;
  b.footprint = box_footprint(x0, y0, x1, y1);
  b.height_m = 16;
  const double xm = 0.5 * (x0 + x1), ym = 0.5 * (y0 + y1);
  if (ridge_along_y) {
    const double k = 8 / (xm - x0);
    b.roof = {facet(box_footprint(x0, y0, xm, y1), xm, ym, 16, k, 0),
              facet(box_footprint(xm, y0, x1, y1), xm, ym, 16, -k, 0)};
  } else {
    const double k = 8 / (ym - y0);
    b.roof = {facet(box_footprint(x0, y0, x1, ym), xm, ym, 16, 0, k),
              facet(box_footprint(x0, ym, x1, y1), xm, ym, 16, 0, -k)};
  }
  return b;
}

Result trace_in(const Buildings& bs, const Options& o, const End& t, const End& r) {
  const BuildingIndex idx(std::make_shared<const Buildings>(bs));
  return trace(idx, o, kF, std::hypot(r.x_m - t.x_m, r.y_m - t.y_m), t, r);
}

TEST(Ray2p5dRoofs, AWallReflectsOnlyBelowTheRoofOverIt) {
  // The wall y = 20 of a part over [100, 400] x [20, 40], facing the link, as a gable end (the
  // ridge across it at x = 250: its top rises from 8 m at the corners to 16 m), as an eave wall
  // (the ridge along it: 8 m all along), and as the wall of a 16 m flat prism.
  Options o = bare();
  o.max_reflections = 1;
  const Building gable_end = gable(100, 20, 400, 40, true);
  const Building eave = gable(100, 20, 400, 40, false);
  Building flat;
  flat.footprint = gable_end.footprint;
  flat.height_m = 16;
  const double k = 8.0 / 150;
  for (const double h : {13.0, 6.0}) {
    for (const double yr : {0.0, -20.0}) {
      // The image of the transmitter (0, 40) and the receiver (500, yr): the reflection point
      // on y = 20 at x = 250 (yr = 0) or 500/3 (yr = -20), at the antennas' common height h.
      const double x_refl = yr == 0.0 ? 250 : 500.0 / 3;
      const End t{0, 0, 0, h}, r{500, yr, 0, h};
      const Result none = trace_in({}, o, t, r);
      const Result with_flat = trace_in({flat}, o, t, r);
      ASSERT_EQ(with_flat.rays, 2) << h << " " << yr;  // direct and reflected
      // The gable end's top over the reflection point.
      const double top = 16 - k * std::abs(x_refl - 250);
      const Result g = trace_in({gable_end}, o, t, r);
      const Result e = trace_in({eave}, o, t, r);
      const Result expected_g = h < top ? with_flat : none;
      const Result expected_e = h < 8 ? with_flat : none;
      EXPECT_EQ(g.rays, expected_g.rays) << h << " " << yr;
      EXPECT_EQ(g.loss_dB, expected_g.loss_dB) << h << " " << yr;
      EXPECT_EQ(e.rays, expected_e.rays) << h << " " << yr;
      EXPECT_EQ(e.loss_dB, expected_e.loss_dB) << h << " " << yr;
    }
  }
  // The gable end at 13 m: reflected under its ridge (top 16 m), not near its corner (11.6 m).
  EXPECT_EQ(trace_in({gable_end}, o, {0, 0, 0, 13}, {500, 0, 0, 13}).rays, 2);
  EXPECT_EQ(trace_in({gable_end}, o, {0, 0, 0, 13}, {500, -20, 0, 13}).rays, 1);
}

TEST(Ray2p5dRoofs, AVerticalEdgeEndsAtTheRoofOverTheCorner) {
  // A part over [200, 220] x [-10, 20] across the link (0, 0) -> (500, 30): its corner
  // (200, 20) diffracts the blocked link (the other corners' legs pass through the part). A
  // gable with its ridge along y has its corners at the eaves (8 m): the edge diffracts at the
  // Keller point's height h (the ends' common height) only below 8 m, where the flat 16 m
  // prism's does, with the same ray.
  Options o = bare();
  o.edge_diffraction = true;
  const Building g = gable(200, -10, 220, 20, true);
  Building flat;
  flat.footprint = g.footprint;
  flat.height_m = 16;
  for (const double h : {5.0, 7.9, 8.1, 12.0}) {
    const End t{0, 0, 0, h}, r{500, 30, 0, h};
    const Result f = trace_in({flat}, o, t, r);
    const Result s = trace_in({g}, o, t, r);
    ASSERT_EQ(f.rays, 1) << h;
    EXPECT_EQ(f.dominant, Dominant::Diffracted);
    if (h < 8) {
      EXPECT_EQ(s.rays, 1) << h;
      EXPECT_EQ(s.loss_dB, f.loss_dB) << h;
    } else {
      EXPECT_EQ(s.rays, 0) << h;
    }
  }
}

}  // namespace
}  // namespace akichi::prop::ray::ray_2p5d_roofs_test

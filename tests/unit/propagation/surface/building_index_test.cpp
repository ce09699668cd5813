// BuildingIndex over hand-made footprints: point queries, walls and corners, prism blockage
// and crossing distances.
#include "propagation/surface/building_index.h"
#include "tests/unit/propagation/surface/footprint_util.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace akichi::prop::building_index_test {
namespace {

Building make(Polygon2 fp, double height_m, double base_z_m = 0) {
  Building b;
  b.footprint = std::move(fp);
  b.height_m = height_m;
  b.base_z_m = base_z_m;
  return b;
}

// Ignore lists (ascending part indices).
constexpr std::uint32_t kZero[] = {0};
constexpr std::uint32_t kOne[] = {1};
constexpr std::uint32_t kBoth[] = {0, 1};

std::shared_ptr<const Buildings> two_boxes() {
  auto bs = std::make_shared<Buildings>();
  bs->push_back(make(box_footprint(0, 0, 10, 10), 20));      // 0
  bs->push_back(make(box_footprint(30, 0, 40, 10), 10, 5));  // 1: base at 5 m, roof at 15 m
  return bs;
}

TEST(BuildingIndex, ContainingFindsTheFootprint) {
  const BuildingIndex idx(two_boxes());
  EXPECT_EQ(idx.containing(5, 5), 0);
  EXPECT_EQ(idx.containing(35, 2), 1);
  EXPECT_EQ(idx.containing(20, 5), -1);
  EXPECT_EQ(idx.containing(10, 5), 0);  // on the wall: covered
  EXPECT_EQ(idx.containing(-0.001, 5), -1);
  const BuildingIndex empty(nullptr);
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.containing(0, 0), -1);
  EXPECT_FALSE(empty.blocked({0, 0, 1, 100, 0, 1}));
}

TEST(BuildingIndex, WallsHaveOutwardNormalsAndConvexCorners) {
  const BuildingIndex idx(two_boxes());
  ASSERT_EQ(idx.walls().size(), 8u);
  for (const Wall& w : idx.walls()) {
    const double cx = w.building == 0 ? 5 : 35, cy = 5;
    const double mx = 0.5 * (w.x0_m + w.x1_m), my = 0.5 * (w.y0_m + w.y1_m);
    // The normal points away from the centre, and is unit and perpendicular to the wall.
    EXPECT_GT((mx - cx) * w.nx + (my - cy) * w.ny, 4.9);
    EXPECT_NEAR(std::hypot(w.nx, w.ny), 1.0, 1e-12);
    EXPECT_NEAR((w.x1_m - w.x0_m) * w.nx + (w.y1_m - w.y0_m) * w.ny, 0.0, 1e-12);
    EXPECT_TRUE(w.corner_convex);
    EXPECT_NEAR(w.corner_n, 1.5, 1e-12);  // a right-angled corner: exterior wedge 3 pi / 2
    // Rotating the o-face by n pi in the stated sense gives the n-face (this wall).
    const double rot = w.corner_sense * w.corner_n * std::numbers::pi;
    const double rx = std::cos(rot) * w.corner_ox - std::sin(rot) * w.corner_oy;
    const double ry = std::sin(rot) * w.corner_ox + std::cos(rot) * w.corner_oy;
    EXPECT_NEAR(rx, (w.x1_m - w.x0_m) / 10.0, 1e-9);
    EXPECT_NEAR(ry, (w.y1_m - w.y0_m) / 10.0, 1e-9);
    // Half-way through the sweep, the bisector points outside the building.
    const double half = 0.5 * rot;
    const double bx = std::cos(half) * w.corner_ox - std::sin(half) * w.corner_oy;
    const double by = std::sin(half) * w.corner_ox + std::cos(half) * w.corner_oy;
    EXPECT_EQ(idx.containing(w.x0_m + 0.1 * bx, w.y0_m + 0.1 * by), -1);
    EXPECT_DOUBLE_EQ(w.top_z_m, w.building == 0 ? 20.0 : 15.0);
  }
}

// An L of 20 m x 20 m with its reflex corner at (x0 + 10, y0 + 10).
Polygon2 l_shape(double x0, double y0) {
  Polygon2 l;
  for (const auto& [x, y] : {std::pair{0.0, 0.0},
                             {0.0, 20.0},
                             {10.0, 20.0},
                             {10.0, 10.0},
                             {20.0, 10.0},
                             {20.0, 0.0},
                             {0.0, 0.0}}) {
    bg::append(l.outer(), Point2(x0 + x, y0 + y));
  }
  bg::correct(l);
  return l;
}

TEST(BuildingIndex, LShapeHasOneReflexCorner) {
  auto bs = std::make_shared<Buildings>();
  bs->push_back(make(l_shape(0, 0), 10));
  const BuildingIndex idx(bs);
  ASSERT_EQ(idx.walls().size(), 6u);
  int reflex = 0;
  for (const Wall& w : idx.walls()) {
    if (!w.corner_convex) {
      ++reflex;
      EXPECT_DOUBLE_EQ(w.x0_m, 10.0);
      EXPECT_DOUBLE_EQ(w.y0_m, 10.0);
    }
  }
  EXPECT_EQ(reflex, 1);
  EXPECT_FALSE(idx.convex(0));
  EXPECT_TRUE(BuildingIndex(two_boxes()).convex(1));
}

// in_corner_wedge() against its definition, corner_angle() > n pi, at the convex corners of
// random polygons at UTM coordinates (triangles with sharp and blunt corners, nearly straight
// corners, rotated rectangles): points anywhere around each corner and points on or next to the
// lines of its two faces (on the face, on its extension, rounded off it by 1e-12 to 1e-6 of the
// distance), where the cross products hand over to the angles.
TEST(BuildingIndex, InCornerWedgeIsTheAngleTest) {
  std::mt19937_64 rng(41);
  std::uniform_real_distribution<double> u(0, 1);
  const double x0 = 380000, y0 = 3930000;
  int tested = 0, inside = 0, near_face = 0;
  for (int shape = 0; shape < 300; ++shape) {
    auto bs = std::make_shared<Buildings>();
    Polygon2 poly;
    const int n = shape % 3 == 0 ? 4 : 3;
    const double cx = x0 + 500 * u(rng), cy = y0 + 500 * u(rng), r = 2 + 60 * u(rng);
    const double a0 = 2 * std::numbers::pi * u(rng);
    for (int k = 0; k < n; ++k) {
      // Angles of the vertices: a rectangle's, or a triangle's with one corner nearly straight
      // (shape % 3 == 1) or arbitrary.
      double a = a0 + 2 * std::numbers::pi * k / n;
      if (n == 3 && shape % 3 == 1 && k == 1) a = a0 + std::numbers::pi * (1 - 1e-3 * u(rng));
      if (n == 3 && shape % 3 == 2) a = a0 + 2 * std::numbers::pi * (k + 0.8 * u(rng) - 0.4) / 3;
      bg::append(poly.outer(), Point2(cx + r * std::cos(a), cy + r * std::sin(a)));
    }
    bg::append(poly.outer(), poly.outer().front());
    bg::correct(poly);
    bs->push_back(make(poly, 10));
    const BuildingIndex idx(bs);
    for (const Wall& w : idx.walls()) {
      if (!w.corner_convex) continue;
      const auto check = [&](double x, double y) {
        const bool angle = corner_angle(w, x, y) > w.corner_n * std::numbers::pi;
        ASSERT_EQ(in_corner_wedge(w, x, y), angle) << std::setprecision(17) << x << " " << y;
        ++tested;
        inside += angle;
      };
      for (int i = 0; i < 200; ++i) {
        const double d = std::pow(10.0, -3 + 6 * u(rng)), b = 2 * std::numbers::pi * u(rng);
        check(w.x0_m + d * std::cos(b), w.y0_m + d * std::sin(b));
      }
      // The faces' lines: the n-face (the wall) and the o-face (towards the previous corner).
      const double ex = w.x1_m - w.x0_m, ey = w.y1_m - w.y0_m, el = std::hypot(ex, ey);
      for (const auto& [fx, fy] : {std::pair{ex / el, ey / el}, {w.corner_ox, w.corner_oy}}) {
        for (int i = 0; i < 100; ++i) {
          const double t = (u(rng) < 0.3 ? -1 : 1) * std::pow(10.0, -2 + 4 * u(rng));
          const double off = i % 4 == 0 ? 0.0 : (u(rng) - 0.5) * std::pow(10.0, -12 + 6 * u(rng));
          check(w.x0_m + t * fx - off * t * fy, w.y0_m + t * fy + off * t * fx);
          ++near_face;
        }
      }
    }
  }
  EXPECT_GT(tested, 100000);
  EXPECT_GT(inside, 5000);
  EXPECT_GT(near_face, 50000);
}

TEST(BuildingIndex, BlockageFollowsTheRayHeight) {
  const BuildingIndex idx(two_boxes());
  EXPECT_TRUE(idx.blocked({-10, 5, 2, 50, 5, 2}));     // through both, low
  EXPECT_FALSE(idx.blocked({-10, 5, 25, 50, 5, 25}));  // above both roofs
  // Over building 0's roof (20 m) but through building 1 (5..15 m).
  EXPECT_TRUE(idx.blocked({20, 5, 10, 50, 5, 10}));
  // Below building 1's base (it stands on a 5 m step): not blocked by it.
  EXPECT_FALSE(idx.blocked({20, 5, 2, 50, 5, 2}));
  // Rising ray: at x = 0 it is at 10 m (inside), but it enters building 0 at x = 0.
  EXPECT_TRUE(idx.blocked({-10, 5, 0, 10, 5, 20}));
  // Descending onto the roof edge from above: leaves at x = 10 with z = 20 + eps.
  EXPECT_FALSE(idx.blocked({-10, 5, 40, 10, 5, 20.0001}, kOne));
  // Ending on a wall, touching a corner, running along a wall: not crossings.
  EXPECT_FALSE(idx.blocked({20, 5, 2, 10, 5, 2}));
  EXPECT_FALSE(idx.blocked({20, 0, 2, 0, 20, 2}));      // touches the corner (10, 10)
  EXPECT_TRUE(idx.blocked({20, -0.1, 2, 0, 19.9, 2}));  // cuts the corner
  EXPECT_FALSE(idx.blocked({-5, 10, 2, 15, 10, 2}));    // along the top wall y = 10
  // The ignored buildings do not block.
  EXPECT_FALSE(idx.blocked({5, 5, 8, 50, 5, 8}, kBoth));
  EXPECT_TRUE(idx.blocked({5, 5, 8, 50, 5, 8}, kZero));
}

TEST(BuildingIndex, CrossingDistancesAreTheWallPositions) {
  const BuildingIndex idx(two_boxes());
  std::vector<Crossing> c;
  idx.crossings({-10, 5, 12, 50, 5, 12}, {}, c);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].building, 0u);
  EXPECT_NEAR(c[0].t_in * 60, 10.0, 1e-9);
  EXPECT_NEAR(c[0].t_out * 60, 20.0, 1e-9);
  EXPECT_TRUE(c[0].blocked);
  EXPECT_DOUBLE_EQ(c[0].top_z_m, 20.0);
  EXPECT_EQ(c[1].building, 1u);
  EXPECT_NEAR(c[1].t_in * 60, 40.0, 1e-9);
  EXPECT_NEAR(c[1].t_out * 60, 50.0, 1e-9);
  EXPECT_TRUE(c[1].blocked);
  // Above building 1: crossed in plan, not blocked.
  idx.crossings({-10, 5, 17, 50, 5, 17}, {}, c);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_TRUE(c[0].blocked);
  EXPECT_FALSE(c[1].blocked);
  // Diagonal through building 0 only.
  idx.crossings({-5, -5, 1, 15, 15, 1}, {}, c);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c[0].t_in, 0.25, 1e-12);
  EXPECT_NEAR(c[0].t_out, 0.75, 1e-12);
}

TEST(BuildingIndex, CourtyardIsOutdoorsWithInwardFacingWalls) {
  auto bs = std::make_shared<Buildings>();
  Polygon2 p = box_footprint(0, 0, 30, 30);
  Polygon2 hole = box_footprint(10, 10, 20, 20);
  p.inners().push_back(hole.outer());
  bg::correct(p);
  bs->push_back(make(p, 10));
  const BuildingIndex idx(bs);
  EXPECT_EQ(idx.containing(15, 15), -1);
  EXPECT_EQ(idx.containing(5, 15), 0);
  ASSERT_EQ(idx.walls().size(), 8u);
  int courtyard = 0;
  for (const Wall& w : idx.walls()) {
    const double mx = 0.5 * (w.x0_m + w.x1_m), my = 0.5 * (w.y0_m + w.y1_m);
    const bool inner = std::abs(mx - 15) <= 5 + 1e-9 && std::abs(my - 15) <= 5 + 1e-9;
    if (inner) {
      ++courtyard;
      EXPECT_LT((mx - 15) * w.nx + (my - 15) * w.ny, 0.0);  // faces the courtyard's centre
      EXPECT_FALSE(w.corner_convex);  // courtyard corners are reflex for the building
    } else {
      EXPECT_GT((mx - 15) * w.nx + (my - 15) * w.ny, 0.0);
    }
  }
  EXPECT_EQ(courtyard, 4);
  std::vector<Crossing> c;
  idx.crossings({-10, 15, 5, 40, 15, 5}, {}, c);
  ASSERT_EQ(c.size(), 1u);  // first entry to last exit
  EXPECT_NEAR(c[0].t_in * 50, 10.0, 1e-9);
  EXPECT_NEAR(c[0].t_out * 50, 40.0, 1e-9);
  // From inside the courtyard to outside: blocked by the building.
  EXPECT_TRUE(idx.blocked({15, 15, 2, 15, 50, 2}));
  EXPECT_FALSE(idx.blocked({12, 15, 2, 18, 15, 2}));
}

// The reproduction in local coordinates: a 10 m podium [100, 160] x [0, 40] listed
// first, and a 60 m tower [120, 140] x [10, 30] standing inside it.
std::shared_ptr<const Buildings> podium_and_tower() {
  auto bs = std::make_shared<Buildings>();
  bs->push_back(make(box_footprint(100, 0, 160, 40), 10));   // 0: podium
  bs->push_back(make(box_footprint(120, 10, 140, 30), 60));  // 1: tower
  return bs;
}

TEST(BuildingParts, OverlappingAndWallSharingPartsAreOneBuilding) {
  // Nested parts (the tower inside the podium): one building, named by the lower index.
  EXPECT_EQ(building_of_parts(*podium_and_tower()), (std::vector<std::uint32_t>{0, 0}));
  // Partly overlapping, sharing a wall, meeting at a corner only, apart.
  Buildings bs;
  bs.push_back(make(box_footprint(0, 0, 10, 10), 5));    // 0
  bs.push_back(make(box_footprint(5, 5, 15, 15), 8));    // 1: overlaps 0
  bs.push_back(make(box_footprint(15, 0, 25, 10), 8));   // 2: shares x = 15, y 5..10 with 1
  bs.push_back(make(box_footprint(25, 10, 35, 20), 8));  // 3: meets 2 at the point (25, 10)
  bs.push_back(make(box_footprint(50, 0, 60, 10), 8));   // 4: apart
  bs.push_back(make(box_footprint(60, 0, 70, 10), 8));   // 5: shares x = 60 with 4
  bs.push_back(make(box_footprint(35, 12, 50, 18), 8));  // 6: shares x = 35 with 3 (not 4)
  EXPECT_EQ(building_of_parts(bs), (std::vector<std::uint32_t>{0, 0, 0, 3, 4, 4, 3}));
  // A chain joined through a later part takes the lowest index, whatever the order.
  Buildings chain;
  chain.push_back(make(box_footprint(0, 0, 10, 10), 5));   // 0
  chain.push_back(make(box_footprint(20, 0, 30, 10), 5));  // 1
  chain.push_back(make(box_footprint(8, 2, 22, 8), 5));    // 2: bridges 0 and 1
  EXPECT_EQ(building_of_parts(chain), (std::vector<std::uint32_t>{0, 0, 0}));
  const BuildingIndex idx(std::make_shared<const Buildings>(bs));
  EXPECT_EQ(idx.building_count(), 3u);
  EXPECT_EQ(idx.building_of(6), 3u);
  EXPECT_EQ(BuildingIndex(two_boxes()).building_count(), 2u);
  EXPECT_EQ(BuildingIndex(nullptr).building_count(), 0u);
}

TEST(BuildingParts, EveryPartAboveAPointContainsIt) {
  const BuildingIndex idx(podium_and_tower());
  std::vector<std::uint32_t> in;
  // The station of the reproduction: 20 m up in the tower, above the podium's roof.
  idx.parts_containing(130.5, 20, 20, in);
  EXPECT_EQ(in, (std::vector<std::uint32_t>{1}));
  // At 1.5 m under the tower it is inside both parts; in the podium's wing only the podium.
  idx.parts_containing(131, 20, 1.5, in);
  EXPECT_EQ(in, (std::vector<std::uint32_t>{0, 1}));
  idx.parts_containing(110, 20, 1.5, in);
  EXPECT_EQ(in, (std::vector<std::uint32_t>{0}));
  // On the tower's wall (boundary included), above both roofs, outdoors.
  idx.parts_containing(120, 20, 5, in);
  EXPECT_EQ(in, (std::vector<std::uint32_t>{0, 1}));
  idx.parts_containing(130, 20, 60, in);
  EXPECT_TRUE(in.empty());
  idx.parts_containing(90, 20, 1.5, in);
  EXPECT_TRUE(in.empty());
  // The lowest-index part containing the point is still the podium.
  EXPECT_EQ(idx.containing(130.5, 20), 0);
}

TEST(BuildingParts, IgnoringEveryOwnPartClearsTheWayOut) {
  const BuildingIndex idx(podium_and_tower());
  // From the station (20 m, in the tower) down to a cell 129.5 m west at 1.5 m: the ray leaves
  // the tower at 20 - 10.5 / 129.5 * 18.5 = 18.5 m and the podium at 15.6 m, above its roof.
  const Segment3 west{130.5, 20, 20, 1, 20, 1.5};
  constexpr std::uint32_t kTower[] = {1};
  EXPECT_TRUE(idx.blocked(west));           // nothing ignored: the tower's volume blocks
  EXPECT_TRUE(idx.blocked(west, kZero));    // the lowest-index part alone (the old rule)
  EXPECT_FALSE(idx.blocked(west, kTower));  // the station's own part: clear over the podium
  std::vector<Crossing> c;
  idx.crossings(west, kTower, c);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].building, 0u);
  EXPECT_FALSE(c[0].blocked);
  EXPECT_NEAR(c[0].t_out * 129.5, 30.5, 1e-9);  // leaves the podium at x = 100
  // Down to 1.5 m inside the podium's wing (x = 110): through the podium's volume unless the
  // cell's own part (the podium) is ignored as well.
  const Segment3 wing{130.5, 20, 20, 110, 20, 1.5};
  EXPECT_TRUE(idx.blocked(wing, kTower));
  EXPECT_FALSE(idx.blocked(wing, kBoth));
}

TEST(BuildingIndex, FaceCrossingsAreTheWallsAndRoofsOfTheShell) {
  const BuildingIndex idx(two_boxes());  // 0: [0, 10]^2 up to 20 m; 1: [30, 40] x [0, 10], 5..15 m
  std::vector<FaceCrossing> f;
  // Low and level through both: four walls, each hit square on (cos = 1).
  idx.face_crossings({-10, 5, 8, 50, 5, 8}, {}, f);
  ASSERT_EQ(f.size(), 4u);
  const double ts[] = {10, 20, 40, 50};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(f[i].t * 60, ts[i], 1e-9);
    EXPECT_NEAR(f[i].cos_incidence, 1.0, 1e-12);
    EXPECT_FALSE(f[i].roof);
    EXPECT_EQ(f[i].building, i < 2 ? 0u : 1u);
  }
  // Obliquely in plan and rising: cos = |d . n| / |d| for the wall x = 0 (n = -x).
  idx.face_crossings({-10, 0, 1, 20, 9, 3}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_NEAR(f[0].cos_incidence, 30 / std::sqrt(30.0 * 30 + 9 * 9 + 2 * 2), 1e-12);
  // Down through building 0's roof (at x = 6) and out of its wall x = 10 (at 16 m): a roof
  // (cos = |dz| / |d|) and a wall.
  idx.face_crossings({2, 5, 24, 22, 5, 4}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_TRUE(f[0].roof);
  EXPECT_NEAR(f[0].t, 0.2, 1e-12);
  EXPECT_NEAR(f[0].cos_incidence, 20 / std::hypot(20.0, 20.0), 1e-12);
  EXPECT_FALSE(f[1].roof);
  EXPECT_NEAR(f[1].t, 0.4, 1e-12);
  EXPECT_NEAR(f[1].cos_incidence, 20 / std::hypot(20.0, 20.0), 1e-12);
  // Ignored parts, segments above the roofs, ends on a wall, touching a corner: none.
  idx.face_crossings({-10, 5, 8, 50, 5, 8}, kBoth, f);
  EXPECT_TRUE(f.empty());
  idx.face_crossings({-10, 5, 25, 50, 5, 25}, {}, f);
  EXPECT_TRUE(f.empty());
  idx.face_crossings({20, 5, 2, 10, 5, 2}, {}, f);
  EXPECT_TRUE(f.empty());
  idx.face_crossings({20, 0, 2, 0, 20, 2}, {}, f);
  EXPECT_TRUE(f.empty());
  // Building 1 stands on a 5 m step: a ray below its base passes under it.
  idx.face_crossings({20, 5, 2, 50, 5, 2}, {}, f);
  EXPECT_TRUE(f.empty());
}

TEST(BuildingParts, FaceCrossingsSkipTheWallsInsideAnotherPart) {
  const BuildingIndex idx(podium_and_tower());
  std::vector<FaceCrossing> f;
  // At 5 m through the podium and the tower standing in it: only the podium's outer walls
  // (x = 100, 160); the tower's walls at x = 120, 140 are inside the podium's volume.
  idx.face_crossings({0, 20, 5, 250, 20, 5}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_NEAR(f[0].t * 250, 100, 1e-9);
  EXPECT_NEAR(f[1].t * 250, 160, 1e-9);
  EXPECT_EQ(f[0].building, 0u);
  // At 30 m only the tower's walls, which are its shell there.
  idx.face_crossings({0, 20, 30, 250, 20, 30}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_NEAR(f[0].t * 250, 120, 1e-9);
  EXPECT_EQ(f[0].building, 1u);
}

TEST(BuildingIndex, WallsInBoxAreSortedAndComplete) {
  const BuildingIndex idx(two_boxes());
  std::vector<std::uint32_t> w;
  idx.walls_in_box(-1, -1, 11, 11, w);
  ASSERT_EQ(w.size(), 4u);
  for (std::size_t i = 0; i < w.size(); ++i) EXPECT_EQ(idx.walls()[w[i]].building, 0u);
  EXPECT_TRUE(std::is_sorted(w.begin(), w.end()));
  idx.walls_in_box(-100, -100, 100, 100, w);
  EXPECT_EQ(w.size(), 8u);
  idx.walls_in_box(15, 15, 25, 25, w);
  EXPECT_TRUE(w.empty());
}

/// A part over [0, 20] x [0, 10] whose roof has two facets split at x = 10: z_a + a (x - 10)
/// over x < 10 and z_b + b (x - 10) over x > 10.
std::shared_ptr<const Buildings> two_facets(double z_a, double a, double z_b, double b) {
  Building bd;
  bd.footprint = box_footprint(0, 0, 20, 10);
  bd.height_m = std::max({z_a, z_b, z_a - 10 * a, z_b + 10 * b});
  RoofFacet fa, fb;
  fa.plan = box_footprint(0, 0, 10, 10);
  fb.plan = box_footprint(10, 0, 20, 10);
  fa.x0_m = fb.x0_m = 10;
  fa.z0_m = z_a;
  fa.dz_dx = a;
  fb.z0_m = z_b;
  fb.dz_dx = b;
  bd.roof = {fa, fb};
  return std::make_shared<const Buildings>(Buildings{bd});
}

TEST(BuildingIndex, FaceCrossingsMeetSlopedRoofsWhereTheyAre) {
  std::vector<FaceCrossing> f;
  // A gable (eaves 8 m at x = 0 and 20, ridge 16 m at x = 10): level at 12 m, the segment passes
  // over the walls and through the two slopes at x = 5 and 15, each at the angle to its normal
  // (-+0.8, 0, 1): cos = 0.8 / sqrt(1.64).
  const BuildingIndex g(two_facets(16, 0.8, 16, -0.8));
  g.face_crossings({-10, 5, 12, 30, 5, 12}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(f[i].roof);
    EXPECT_NEAR(f[i].t * 40, i == 0 ? 15 : 25, 1e-9);
    EXPECT_NEAR(f[i].cos_incidence, 0.8 / std::sqrt(1.64), 1e-12);
  }
  // Below the eaves: the walls, square on.
  g.face_crossings({-10, 5, 6, 30, 5, 6}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_FALSE(f[0].roof);
  EXPECT_NEAR(f[0].t * 40, 10, 1e-9);
  EXPECT_NEAR(f[1].t * 40, 30, 1e-9);
  // Down from (2, 5, 30) to (12, 5, 0): meets the rising slope z = 8 + 0.8 x where
  // 30 - 3 (x - 2) = 8 + 0.8 x, x = 28 / 3.8, and leaves by the base at t = 1 (its end, not a
  // crossing). d = (10, 0, -30), n = (-0.8, 0, 1): cos = |-8 - 30| / (|d| sqrt(1.64)).
  g.face_crossings({2, 5, 30, 12, 5, 0}, {}, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].roof);
  EXPECT_NEAR(f[0].t, (28 / 3.8 - 2) / 10, 1e-12);
  EXPECT_NEAR(f[0].cos_incidence, 38 / (std::sqrt(1000.0) * std::sqrt(1.64)), 1e-12);
  // Over the ridge, clear of both slopes: nothing.
  g.face_crossings({-10, 5, 16.5, 30, 5, 16.5}, {}, f);
  EXPECT_TRUE(f.empty());
  // A stepped roof (10 m over x < 10, 16 m over x > 10): level at 12 m, in through the step's
  // vertical face at x = 10 and out through the wall x = 20.
  const BuildingIndex st(two_facets(10, 0, 16, 0));
  st.face_crossings({-10, 5, 12, 30, 5, 12}, {}, f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_FALSE(f[0].roof);
  EXPECT_NEAR(f[0].t * 40, 20, 1e-9);
  EXPECT_NEAR(f[0].cos_incidence, 1.0, 1e-12);
  EXPECT_FALSE(f[1].roof);
  EXPECT_NEAR(f[1].t * 40, 30, 1e-9);
}

TEST(BuildingIndex, AWallsTopFollowsTheRoofOverIt) {
  const BuildingIndex g(two_facets(16, 0.8, 16, -0.8));  // ridge along y at x = 10
  int checked = 0;
  for (const Wall& w : g.walls()) {
    for (const double u : {0.0, 0.25, 0.5, 1.0}) {
      const double x = w.x0_m + u * (w.x1_m - w.x0_m), y = w.y0_m + u * (w.y1_m - w.y0_m);
      // The gable ends (y = 0 and 10) rise to the ridge; the eave walls (x = 0, 20) stay at 8 m.
      EXPECT_NEAR(g.wall_top_z_m(w, x, y), 16 - 0.8 * std::abs(x - 10), 1e-12) << x << "," << y;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 16);
  // A flat roof: the part's height.
  const BuildingIndex flat(std::make_shared<const Buildings>(
      Buildings{Building{"f", box_footprint(0, 0, 20, 10), 12.0, 2.0, 1}}));
  EXPECT_EQ(flat.wall_top_z_m(flat.walls()[0], 0, 5), 14.0);
}

TEST(BuildingIndex, CrossingsAgreeWithAStretchByStretchReference) {
  // A U-shaped part and a part with a courtyard, crossed by random segments (generic ones, ones
  // starting on a vertex, ones through a vertex): the first entry, the last exit and the
  // blockage of crossings() against a reference written here: the segment cut where
  // Boost.Geometry finds it meets a ring's edge, each stretch inside when a point at a third or
  // two thirds of it is within the footprint.
  Polygon2 u, yard;
  bg::read_wkt("POLYGON((0 0,0 30,10 30,10 10,20 10,20 30,30 30,30 0,0 0))", u);
  bg::read_wkt("POLYGON((50 0,50 40,90 40,90 0,50 0),(60 10,80 10,80 30,60 30,60 10))", yard);
  bg::correct(u);
  bg::correct(yard);
  auto bs = std::make_shared<Buildings>();
  bs->push_back(make(u, 12, 2));
  bs->push_back(make(yard, 20));
  const BuildingIndex idx(bs);
  std::mt19937_64 rng(16);
  std::uniform_real_distribution<double> x(-10, 100), y(-10, 50), z(0, 25);
  std::vector<Crossing> c;
  int checked = 0, blocked = 0;
  for (int i = 0; i < 3000; ++i) {
    Segment3 s{x(rng), y(rng), z(rng), x(rng), y(rng), z(rng)};
    const Polygon2& vp = i % 2 ? u : yard;
    const auto& ring = i % 4 == 2 ? yard.inners()[0] : vp.outer();
    const Point2& v = ring[static_cast<std::size_t>(i / 3) % (ring.size() - 1)];
    if (i % 3 == 1) {  // from a vertex
      s.x0_m = v.x();
      s.y0_m = v.y();
    } else if (i % 3 == 2) {  // through a vertex
      s.x1_m = 2 * v.x() - s.x0_m;
      s.y1_m = 2 * v.y() - s.y0_m;
    }
    const double dx = s.x1_m - s.x0_m, dy = s.y1_m - s.y0_m, L2 = dx * dx + dy * dy;
    const auto t_of = [&](const Point2& q) {
      return ((q.x() - s.x0_m) * dx + (q.y() - s.y0_m) * dy) / L2;
    };
    idx.crossings(s, {}, c);
    for (std::uint32_t b = 0; b < 2; ++b) {
      const Polygon2& fp = (*bs)[b].footprint;
      const bg::model::segment<Point2> seg({s.x0_m, s.y0_m}, {s.x1_m, s.y1_m});
      std::vector<double> ts{0.0, 1.0};
      const auto cut = [&](const auto& r) {
        for (std::size_t k = 0; k + 1 < r.size(); ++k) {
          std::vector<Point2> hits;
          bg::intersection(seg, bg::model::segment<Point2>(r[k], r[k + 1]), hits);
          for (const Point2& h : hits) ts.push_back(std::clamp(t_of(h), 0.0, 1.0));
        }
      };
      cut(fp.outer());
      for (const auto& r : fp.inners()) cut(r);
      std::sort(ts.begin(), ts.end());
      double t_in = 2, t_out = -1;
      bool expect_blocked = false;
      for (std::size_t k = 0; k + 1 < ts.size(); ++k) {
        const double ta = ts[k], tb = ts[k + 1];
        if ((tb - ta) * std::sqrt(L2) <= BuildingIndex::kTouch_m) continue;
        const auto within_at = [&](double t) {
          return bg::within(Point2(s.x0_m + t * dx, s.y0_m + t * dy), fp);
        };
        if (!within_at((2 * ta + tb) / 3) && !within_at((ta + 2 * tb) / 3)) continue;
        t_in = std::min(t_in, ta);
        t_out = std::max(t_out, tb);
        const double za = s.z0_m + ta * (s.z1_m - s.z0_m), zb = s.z0_m + tb * (s.z1_m - s.z0_m);
        const double base = (*bs)[b].base_z_m, top = base + (*bs)[b].height_m;
        expect_blocked = expect_blocked || (std::min(za, zb) < top && std::max(za, zb) > base);
      }
      const auto it =
          std::find_if(c.begin(), c.end(), [&](const Crossing& k) { return k.building == b; });
      ASSERT_EQ(it != c.end(), t_out >= 0) << "segment " << i << " part " << b;
      if (it == c.end()) continue;
      EXPECT_NEAR(it->t_in, t_in, 1e-9) << "segment " << i << " part " << b;
      EXPECT_NEAR(it->t_out, t_out, 1e-9) << "segment " << i << " part " << b;
      EXPECT_EQ(it->blocked, expect_blocked) << "segment " << i << " part " << b;
      ++checked;
      blocked += expect_blocked;
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(blocked, 300);
}

// blocked() decides most convex parts under flat roofs by clipping the segment to the
// footprint grown and shrunk by a margin; crossings() still finds each part's stretches from
// the rings' crossings. Both must agree on every segment: convex parts (rotated rectangles,
// triangles, hexagons with collinear vertices) and an L-shape at UTM coordinates; segments at
// random, from and through vertices, along edges, ending on walls, grazing an edge, and at the
// heights of the roofs and bases where the stretches start and end.
TEST(BuildingIndex, ClippedConvexPartsBlockAsTheirStretches) {
  std::mt19937_64 rng(43);
  std::uniform_real_distribution<double> u(0, 1);
  const double X0 = 380000, Y0 = 3930000;
  auto bs = std::make_shared<Buildings>();
  for (int i = 0; i < 60; ++i) {
    const double cx = X0 + 400 * u(rng), cy = Y0 + 400 * u(rng), r = 3 + 40 * u(rng);
    const double a0 = 7 * u(rng);
    const int n = i % 3 == 0 ? 4 : (i % 3 == 1 ? 3 : 6);
    Polygon2 p;
    for (int k = 0; k < n; ++k) {
      const double a = a0 + 2 * std::numbers::pi * (k + (n == 3 ? 0.3 * u(rng) : 0.0)) / n;
      bg::append(p.outer(), Point2(cx + r * std::cos(a), cy + r * std::sin(a)));
      if (n == 6 && k == 2) {  // a collinear vertex half-way along the next edge
        const double b = a0 + 2 * std::numbers::pi * (k + 1) / n;
        bg::append(p.outer(), Point2(cx + r * 0.5 * (std::cos(a) + std::cos(b)),
                                     cy + r * 0.5 * (std::sin(a) + std::sin(b))));
      }
    }
    bg::append(p.outer(), p.outer().front());
    bg::correct(p);
    bs->push_back(make(p, 5 + 30 * u(rng), i % 4 == 0 ? 8.0 * u(rng) : 0.0));  // some raised
  }
  bs->push_back(make(l_shape(X0 + 200, Y0 + 200), 12));
  const BuildingIndex idx(bs);
  // The vertices of every part, for segments through them.
  std::vector<Point2> vertices;
  for (const Building& b : *bs) {
    for (std::size_t k = 0; k + 1 < b.footprint.outer().size(); ++k)
      vertices.push_back(b.footprint.outer()[k]);
  }
  std::vector<Crossing> cs;
  int blocked = 0, open = 0;
  for (int i = 0; i < 20000; ++i) {
    const Point2& v = vertices[static_cast<std::size_t>(u(rng) * vertices.size())];
    const Point2& w = vertices[static_cast<std::size_t>(u(rng) * vertices.size())];
    const double zmax = i % 5 == 0 ? 12 : 40;  // often near the raised parts' bases
    const double zt = zmax * u(rng), zr = zmax * u(rng);
    Segment3 s{X0 - 20 + 440 * u(rng), Y0 - 20 + 440 * u(rng), zt,
               X0 - 20 + 440 * u(rng), Y0 - 20 + 440 * u(rng), zr};
    switch (i % 8) {
      case 1:  // from a vertex
        s.x0_m = v.x();
        s.y0_m = v.y();
        break;
      case 2: {  // through a vertex
        const double t = 0.2 + 0.6 * u(rng);
        s.x1_m = v.x() + (v.x() - s.x0_m) * (1 - t) / t;
        s.y1_m = v.y() + (v.y() - s.y0_m) * (1 - t) / t;
        break;
      }
      case 3:  // from one vertex to another: along an edge, a diagonal, or across the scene
        s.x0_m = v.x();
        s.y0_m = v.y();
        s.x1_m = w.x();
        s.y1_m = w.y();
        break;
      case 4: {  // along the line of an edge of the vertex's part, beyond its ends
        const double ex = w.x() - v.x(), ey = w.y() - v.y();
        s.x0_m = v.x() - ex * u(rng);
        s.y0_m = v.y() - ey * u(rng);
        s.x1_m = v.x() + ex * (1 + u(rng));
        s.y1_m = v.y() + ey * (1 + u(rng));
        break;
      }
      case 5: {  // grazing: nearly along the line from the vertex, off it by a hair
        const double ex = s.x1_m - v.x(), ey = s.y1_m - v.y();
        const double off = std::pow(10.0, -9 + 6 * u(rng));
        s.x0_m = v.x() - ex + off * ey;
        s.y0_m = v.y() - ey - off * ex;
        break;
      }
      default:
        break;
    }
    if (i % 16 == 6) {  // heights at a roof or a base where the segment enters
      const Building& b = (*bs)[static_cast<std::size_t>(u(rng) * bs->size())];
      s.z0_m = s.z1_m = i % 32 == 6 ? b.base_z_m + b.height_m : b.base_z_m;
    }
    idx.crossings(s, {}, cs);
    bool expect = false;
    for (const Crossing& c : cs) expect = expect || c.blocked;
    ASSERT_EQ(idx.blocked(s), expect)
        << std::setprecision(17) << "segment " << i << ": " << s.x0_m << " " << s.y0_m << " "
        << s.z0_m << " -> " << s.x1_m << " " << s.y1_m << " " << s.z1_m;
    blocked += expect;
    open += !expect && !cs.empty();
  }
  EXPECT_GT(blocked, 3000);
  EXPECT_GT(open, 1000);
}

/// The origin of scattered_rectangles() (UTM-like coordinates).
constexpr double X0 = 380000, Y0 = 3930000;

/// 400 rotated rectangles of 4-60 m over 1.5 km x 1 km from (X0, Y0), a quarter of them in a
/// dense corner, overlapping, every seventh standing 2 m up.
std::shared_ptr<const Buildings> scattered_rectangles(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> ux(0, 1500), uy(0, 1000), side(4, 60), ang(0, 3.2),
      hgt(3, 40);
  auto bs = std::make_shared<Buildings>();
  for (int i = 0; i < 400; ++i) {
    const double cx = X0 + (i % 4 == 0 ? ux(rng) / 10 : ux(rng));
    const double cy = Y0 + (i % 4 == 0 ? uy(rng) / 10 : uy(rng));
    const double w = side(rng), h = side(rng), a = ang(rng), c = std::cos(a), s = std::sin(a);
    Polygon2 p;
    for (const auto& [u, v] :
         {std::pair{-0.5, -0.5}, {-0.5, 0.5}, {0.5, 0.5}, {0.5, -0.5}, {-0.5, -0.5}})
      bg::append(p.outer(), Point2(cx + c * u * w - s * v * h, cy + s * u * w + c * v * h));
    bg::correct(p);
    bs->push_back(make(p, hgt(rng), i % 7 == 0 ? 2.0 : 0.0));
  }
  return bs;
}

/// Segment i of a random series over scattered_rectangles()' scene and 100 m around it: short
/// and long, at heights 0-45 m, every tenth along x and along y, every fiftieth a point.
Segment3 scattered_segment(std::mt19937_64& rng, int i) {
  std::uniform_real_distribution<double> ux(0, 1500), uy(0, 1000), ang(0, 3.2), z(0, 45), len(0, 1);
  Segment3 s{X0 - 100 + ux(rng) * 1.15, Y0 - 100 + uy(rng) * 1.2, z(rng), 0, 0, z(rng)};
  const double reach = i % 3 == 0 ? 30 * len(rng) : 1600 * len(rng);
  const double a = ang(rng) * 2;
  s.x1_m = s.x0_m + reach * std::cos(a);
  s.y1_m = s.y0_m + reach * std::sin(a);
  if (i % 10 == 1) s.y1_m = s.y0_m;  // along x
  if (i % 10 == 2) s.x1_m = s.x0_m;  // along y
  if (i % 50 == 3) {                 // a point
    s.x1_m = s.x0_m;
    s.y1_m = s.y0_m;
  }
  return s;
}

TEST(BuildingIndex, SegmentQueriesFindEveryPartTheSegmentMeets) {
  // 400 rotated rectangles of 4-60 m at UTM-like coordinates, over 1.5 km x 1 km with a dense
  // corner: blocked() and crossings() of the whole scene (its footprint grid) against the union
  // of single-part indexes, for random segments (short, long, axis-parallel, vertical in plan,
  // leaving the scene, zero length).
  std::mt19937_64 rng(41);
  const auto bs = scattered_rectangles(rng);
  const BuildingIndex all(bs);
  std::vector<BuildingIndex> one;
  for (const Building& b : *bs) one.emplace_back(std::make_shared<const Buildings>(Buildings{b}));
  std::vector<Crossing> c, ci;
  int blocked = 0, crossed = 0;
  for (int i = 0; i < 1500; ++i) {
    const Segment3 s = scattered_segment(rng, i);
    bool expect_blocked = false;
    std::vector<Crossing> expect;
    for (std::uint32_t p = 0; p < one.size(); ++p) {
      expect_blocked = expect_blocked || one[p].blocked(s);
      one[p].crossings(s, {}, ci);
      for (Crossing k : ci) {
        k.building = p;
        expect.push_back(k);
      }
    }
    std::sort(expect.begin(), expect.end(), [](const Crossing& a, const Crossing& b) {
      return a.t_in < b.t_in || (a.t_in == b.t_in && a.building < b.building);
    });
    ASSERT_EQ(all.blocked(s), expect_blocked) << "segment " << i;
    all.crossings(s, {}, c);
    ASSERT_EQ(c.size(), expect.size()) << "segment " << i;
    for (std::size_t k = 0; k < c.size(); ++k) {
      EXPECT_EQ(c[k].building, expect[k].building) << "segment " << i;
      EXPECT_EQ(c[k].t_in, expect[k].t_in) << "segment " << i;
      EXPECT_EQ(c[k].t_out, expect[k].t_out) << "segment " << i;
      EXPECT_EQ(c[k].blocked, expect[k].blocked) << "segment " << i;
    }
    blocked += expect_blocked;
    crossed += !expect.empty();
  }
  EXPECT_GT(blocked, 300);
  EXPECT_GT(crossed, 500);
}

TEST(BuildingIndex, GridQueriesAreTheAnswersPartByPart) {
  // The point, box and face-crossing queries (the footprint grid's) against the parts taken
  // one by one: 400 rotated rectangles at UTM-like coordinates, overlapping, with a dense
  // corner, and random points (on corners and edges too), boxes (degenerate, touching, outside
  // the scene) and segments.
  std::mt19937_64 rng(43);
  std::uniform_real_distribution<double> ux(0, 1500), uy(0, 1000), u01(0, 1);
  const auto bs = scattered_rectangles(rng);
  const BuildingIndex all(bs);
  const auto walls = all.walls();
  std::vector<std::uint32_t> got, expect;
  // Points: random, and the walls' own ends and midpoints (on a footprint's boundary).
  for (int i = 0; i < 3000; ++i) {
    double x = X0 - 50 + ux(rng) * 1.07, y = Y0 - 50 + uy(rng) * 1.1;
    if (i % 3 != 0) {
      const Wall& w = walls[static_cast<std::size_t>(rng() % walls.size())];
      const double f = i % 3 == 1 ? 0.0 : 0.5;
      x = w.x0_m + f * (w.x1_m - w.x0_m);
      y = w.y0_m + f * (w.y1_m - w.y0_m);
    }
    const double z = 45 * u01(rng);
    expect.clear();
    int lowest = -1;
    for (std::uint32_t p = 0; p < bs->size(); ++p) {
      const Building& b = (*bs)[p];
      if (!bg::covered_by(Point2(x, y), b.footprint)) continue;
      if (lowest < 0) lowest = static_cast<int>(p);
      if (z < b.base_z_m + b.height_m) expect.push_back(p);
    }
    all.parts_containing(x, y, z, got);
    ASSERT_EQ(got, expect) << "point " << i;
    ASSERT_EQ(all.containing(x, y), lowest) << "point " << i;
  }
  // Boxes: random sizes, a point box, boxes touching a wall's end, boxes outside.
  for (int i = 0; i < 1500; ++i) {
    double x0 = X0 - 200 + ux(rng) * 1.3, y0 = Y0 - 200 + uy(rng) * 1.4;
    double x1 = x0 + (i % 5 == 0 ? 0.0 : 400 * u01(rng) * u01(rng));
    double y1 = y0 + (i % 5 == 0 ? 0.0 : 400 * u01(rng) * u01(rng));
    if (i % 7 == 1) {  // a box whose corner is a wall's end
      const Wall& w = walls[static_cast<std::size_t>(rng() % walls.size())];
      x1 = w.x0_m;
      y1 = w.y0_m;
      x0 = x1 - 30 * u01(rng);
      y0 = y1 - 30 * u01(rng);
    }
    expect.clear();
    for (std::uint32_t k = 0; k < walls.size(); ++k) {
      const Wall& w = walls[k];
      if (!(std::max(w.x0_m, w.x1_m) < x0 || std::min(w.x0_m, w.x1_m) > x1 ||
            std::max(w.y0_m, w.y1_m) < y0 || std::min(w.y0_m, w.y1_m) > y1))
        expect.push_back(k);
    }
    all.walls_in_box(x0, y0, x1, y1, got);
    ASSERT_EQ(got, expect) << "box " << i;
  }
  // Face crossings of parts that overlap no other part of their building equal the part's
  // alone (with overlaps a part's walls inside another part are left out: tested above).
  std::vector<std::uint8_t> alone(bs->size(), 1);
  for (std::uint32_t p = 0; p < bs->size(); ++p) {
    for (std::uint32_t q = 0; q < bs->size(); ++q) {
      if (p != q && all.building_of(p) == all.building_of(q)) alone[p] = 0;
    }
  }
  std::vector<FaceCrossing> fc, fci;
  int crossings = 0;
  for (int i = 0; i < 1000; ++i) {
    const Segment3 s = scattered_segment(rng, i);
    all.face_crossings(s, {}, fc);
    std::vector<FaceCrossing> expect_fc;
    for (std::uint32_t p = 0; p < bs->size(); ++p) {
      if (!alone[p]) continue;
      const BuildingIndex one(std::make_shared<const Buildings>(Buildings{(*bs)[p]}));
      one.face_crossings(s, {}, fci);
      for (FaceCrossing f : fci) {
        f.building = p;
        expect_fc.push_back(f);
      }
    }
    std::erase_if(fc, [&](const FaceCrossing& f) { return !alone[f.building]; });
    std::sort(expect_fc.begin(), expect_fc.end(), [](const FaceCrossing& a, const FaceCrossing& b) {
      return a.t < b.t || (a.t == b.t && a.building < b.building);
    });
    ASSERT_EQ(fc.size(), expect_fc.size()) << "segment " << i;
    for (std::size_t k = 0; k < fc.size(); ++k) {
      EXPECT_EQ(fc[k].building, expect_fc[k].building) << "segment " << i;
      EXPECT_EQ(fc[k].t, expect_fc[k].t) << "segment " << i;
      EXPECT_EQ(fc[k].cos_incidence, expect_fc[k].cos_incidence) << "segment " << i;
      EXPECT_EQ(fc[k].roof, expect_fc[k].roof) << "segment " << i;
    }
    crossings += static_cast<int>(fc.size());
  }
  EXPECT_GT(crossings, 400);
}

}  // namespace
}  // namespace akichi::prop::building_index_test

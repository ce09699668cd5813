// Path lengths: the plane, the great circle on the ITU-R mean earth and the WGS 84 geodesic,
// against closed forms.
#include "propagation/geo/distance.h"

#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"

namespace akichi::prop::distance_test {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
const Crs& utm54() {
  static const Crs crs = Crs::from_epsg(32654);
  return crs;
}

TEST(PathDistance, PlaneIsTheHypotenuseBitForBit) {
  const PathDistance plane(DistanceKind::Plane, utm54());
  for (const double dx : {0.0, 1.0, 12.345, -987.5, 30000.25}) {
    for (const double dy : {0.0, -3.0, 4000.125}) {
      const double x1 = 400000.5 + dx, y1 = 3940000.25 + dy;
      EXPECT_EQ(plane.length_m(400000.5, 3940000.25, x1, y1),
                std::hypot(x1 - 400000.5, y1 - 3940000.25));
    }
  }
}

TEST(PathDistance, GreatCircleClosedForms) {
  const PathDistance gc(DistanceKind::GreatCircle, utm54());
  // A quarter of a meridian and of the equator, and 0.1 degree along a meridian: R pi / 2,
  // R pi / 2 and R 0.1 pi / 180.
  EXPECT_NEAR(gc.length_deg_m(0, 139, 90, 139), kEarthMeanRadius_m * std::numbers::pi / 2, 1e-6);
  EXPECT_NEAR(gc.length_deg_m(0, 0, 0, 90), kEarthMeanRadius_m * std::numbers::pi / 2, 1e-6);
  EXPECT_NEAR(gc.length_deg_m(35.5, 139.7, 35.6, 139.7), kEarthMeanRadius_m * 0.1 * kDeg, 1e-6);
  // Short paths keep their precision (the haversine form): 1 m of latitude.
  const double one_m_deg = 1.0 / (kEarthMeanRadius_m * kDeg);
  EXPECT_NEAR(gc.length_deg_m(35.5, 139.7, 35.5 + one_m_deg, 139.7), 1.0, 1e-9);
}

TEST(PathDistance, GreatCircleFromProjectedPointsUsesTheirLatitudes) {
  const PathDistance gc(DistanceKind::GreatCircle, utm54());
  // Along zone 54's central meridian (141 E, x = 500 km): R times the difference of latitude.
  const Transformer to_geo(utm54(), Crs::wgs84());
  double lon0 = 500000, lat0 = 3930000, lon1 = 500000, lat1 = 3980000;
  to_geo.transform(lon0, lat0);
  to_geo.transform(lon1, lat1);
  ASSERT_NEAR(lon0, 141.0, 1e-9);
  EXPECT_NEAR(gc.length_m(500000, 3930000, 500000, 3980000),
              kEarthMeanRadius_m * (lat1 - lat0) * kDeg, 1e-6);
}

TEST(PathDistance, GeodesicClosedForms) {
  const PathDistance geo(DistanceKind::Geodesic, utm54());
  // WGS 84 (a = 6378137 m): one degree of the equator is a pi / 180; the quarter meridian is
  // 10 001 965.729 m.
  EXPECT_NEAR(geo.length_deg_m(0, 10, 0, 11), 6378137.0 * kDeg, 1e-6);
  EXPECT_NEAR(geo.length_deg_m(0, 10, 90, 10), 10001965.729, 1e-3);
  // On the central meridian the UTM northing is 0.9996 times the meridian arc: the geodesic
  // between two points of it is their difference of northing / 0.9996.
  EXPECT_NEAR(geo.length_m(500000, 3930000, 500000, 3980000), 50000.0 / 0.9996, 1e-3);
}

TEST(PathDistance, KindsDifferAsTheEarthsDo) {
  const PathDistance plane(DistanceKind::Plane, utm54());
  const PathDistance gc(DistanceKind::GreatCircle, utm54());
  const PathDistance geo(DistanceKind::Geodesic, utm54());
  // 20 km east-west at 35.5 N, 1.5 degrees west of the central meridian: the UTM scale there is
  // 0.9996 (1 + (dlon cos lat)^2 / 2) = 0.99983, so the plane is shorter than the earth by
  // about 0.017 %; the sphere of radius 6371 km and the ellipsoid differ by some 0.2 %.
  const double p = plane.length_m(350000, 3930000, 370000, 3930000);
  const double e = geo.length_m(350000, 3930000, 370000, 3930000);
  const double s = gc.length_m(350000, 3930000, 370000, 3930000);
  EXPECT_EQ(p, 20000.0);
  EXPECT_NEAR(e / p, 1.0 / 0.99983, 3e-5);
  EXPECT_GT(std::abs(s / e - 1), 1e-4);
  EXPECT_LT(std::abs(s / e - 1), 4e-3);
}

TEST(PathDistance, ThreadsGetTheSameLengths) {
  const PathDistance geo(DistanceKind::Geodesic, utm54());
  std::vector<double> serial(2000), parallel(2000);
  for (std::size_t i = 0; i < serial.size(); ++i)
    serial[i] = geo.length_m(400000, 3940000, 400000 + 17.0 * i, 3940000 + 11.0 * i);
  tbb::parallel_for(std::size_t{0}, parallel.size(), [&](std::size_t i) {
    parallel[i] = geo.length_m(400000, 3940000, 400000 + 17.0 * i, 3940000 + 11.0 * i);
  });
  EXPECT_EQ(serial, parallel);
}

TEST(PathDistance, RememberedConversionsGiveTheSameLengths) {
  // Each length from its own PathDistance (nothing remembered) against one PathDistance asked
  // as a point query asks: every path twice in a row, one end shared, the ends swapped, the
  // same end again after others, and -0 against +0 (two inputs): the same bits every time.
  for (const DistanceKind kind : {DistanceKind::GreatCircle, DistanceKind::Geodesic}) {
    const PathDistance shared(kind, utm54());
    const auto fresh = [&](double x0, double y0, double x1, double y1) {
      return PathDistance(kind, utm54()).length_m(x0, y0, x1, y1);
    };
    const double qx = 401234.5, qy = 3941234.25;
    for (int i = 0; i < 40; ++i) {
      const double x = 395000.0 + 313.7 * i, y = 3936000.0 + 271.3 * (i % 7);
      const double d = fresh(x, y, qx, qy);
      EXPECT_GT(d, 0.0);
      EXPECT_EQ(shared.length_m(x, y, qx, qy), d) << i;
      EXPECT_EQ(shared.length_m(x, y, qx, qy), d) << i;
      EXPECT_EQ(shared.length_m(qx, qy, x, y), fresh(qx, qy, x, y)) << i;
    }
    EXPECT_EQ(shared.length_m(qx, qy, 0.0, 3940000.0), fresh(qx, qy, 0.0, 3940000.0));
    EXPECT_EQ(shared.length_m(qx, qy, -0.0, 3940000.0), fresh(qx, qy, -0.0, 3940000.0));
    EXPECT_EQ(shared.length_m(qx, qy, qx, qy), 0.0);
  }
}

TEST(PathDistance, NeedsAProjectedStudyCrs) {
  EXPECT_THROW(PathDistance(DistanceKind::Geodesic, Crs::wgs84()), InputError);
  EXPECT_NO_THROW(PathDistance(DistanceKind::Plane, Crs::wgs84()));
  EXPECT_EQ(distance_kind_name(DistanceKind::GreatCircle), "great-circle");
}

}  // namespace
}  // namespace akichi::prop::distance_test

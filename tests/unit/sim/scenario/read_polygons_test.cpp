// read_polygons: OGR vector files -> Boost.Geometry polygons in the study CRS.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "propagation/geo/geometry.h"

namespace akichi::prop::read_polygons_test {
namespace {

const std::string kDataDir = std::string(AKICHI_TEST_DATA_DIR) + "/scenario";

/// Area of a lon/lat ring in `to`, by projecting each vertex and the shoelace formula.
double shoelace_area(const std::vector<std::pair<double, double>>& lonlat, const Crs& to) {
  Transformer t(Crs::wgs84(), to);
  std::vector<std::pair<double, double>> xy;
  for (auto [lon, lat] : lonlat) {
    t.transform(lon, lat);
    xy.emplace_back(lon, lat);
  }
  double twice = 0;
  for (std::size_t i = 0; i + 1 < xy.size(); ++i)
    twice += xy[i].first * xy[i + 1].second - xy[i + 1].first * xy[i].second;
  return std::abs(twice) / 2;
}

std::string error_of(const std::string& path, const Crs& crs) {
  try {
    read_polygons(path, crs);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST(ReadPolygons, LonLatGeoJsonComesBackInUtmWithItsArea) {
  const Crs utm = Crs::from_epsg(32654);
  const MultiPolygon2 mp = read_polygons(kDataDir + "/premises.geojson", utm);
  ASSERT_EQ(mp.size(), 2u);  // the site with its courtyard, and the separate outbuilding

  const double outer = shoelace_area({{139.7960, 35.5980},
                                      {139.8040, 35.5980},
                                      {139.8040, 35.6020},
                                      {139.7960, 35.6020},
                                      {139.7960, 35.5980}},
                                     utm);
  const double hole = shoelace_area({{139.7990, 35.5995},
                                     {139.7990, 35.6005},
                                     {139.8010, 35.6005},
                                     {139.8010, 35.5995},
                                     {139.7990, 35.5995}},
                                    utm);
  const double shed = shoelace_area({{139.8050, 35.5990},
                                     {139.8060, 35.5990},
                                     {139.8060, 35.6000},
                                     {139.8050, 35.6000},
                                     {139.8050, 35.5990}},
                                    utm);
  // Corrected orientation: Boost.Geometry areas are positive for clockwise outer rings.
  EXPECT_NEAR(bg::area(mp), outer - hole + shed, 1e-6 * outer);
  // Plausibility against a spherical estimate: 0.008 deg x 0.004 deg at 35.6 N is about
  // 724.6 m x 443.6 m; the UTM scale factor near the zone's central meridian (141 E) is within
  // 0.1 % of 1.
  EXPECT_NEAR(outer, 0.008 * 111320 * std::cos(35.6 * M_PI / 180) * 0.004 * 110940, 0.01 * outer);

  // Coordinates are UTM 54N metres, not degrees.
  const Polygon2& site = mp[0].inners().empty() ? mp[1] : mp[0];
  Point2 centre;
  bg::centroid(site.outer(), centre);
  double cx = 139.8, cy = 35.6;
  Transformer(Crs::wgs84(), utm).transform(cx, cy);
  EXPECT_NEAR(centre.x(), cx, 1.0);
  EXPECT_NEAR(centre.y(), cy, 1.0);

  std::string reason;
  EXPECT_TRUE(bg::is_valid(mp, reason)) << reason;
  EXPECT_EQ(mp[0].inners().size() + mp[1].inners().size(), 1u);
}

TEST(ReadPolygons, SelfIntersectingPolygonNamesTheFeature) {
  const std::string path = kDataDir + "/self_intersecting.geojson";
  const std::string msg = error_of(path, Crs::from_epsg(32654));
  EXPECT_EQ(msg.rfind(path + ": feature 7: found an invalid polygon (", 0), 0u) << msg;
  EXPECT_NE(msg.find("self-intersection"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected a valid polygon"), std::string::npos) << msg;
}

TEST(ReadPolygons, NonPolygonFeatureIsAnError) {
  const std::string path = kDataDir + "/not_polygon.geojson";
  EXPECT_EQ(error_of(path, Crs::from_epsg(32654)),
            path + ": feature 5: found Line String, expected a Polygon or MultiPolygon");
}

TEST(ReadPolygons, UnreadableFileIsAnError) {
  const std::string path = kDataDir + "/no_such_file.geojson";
  const std::string msg = error_of(path, Crs::from_epsg(32654));
  EXPECT_EQ(msg.rfind(path + ": vector file: found ", 0), 0u) << msg;
  EXPECT_NE(msg.find("expected a readable vector file"), std::string::npos) << msg;
}

}  // namespace
}  // namespace akichi::prop::read_polygons_test

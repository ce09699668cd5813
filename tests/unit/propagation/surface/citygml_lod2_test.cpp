// CityGML LOD2 roofs through read_buildings(): the hand-written PLATEAU-style file
// tests/data/buildings/lod2_plateau.gml (EPSG:6697 latitude / longitude / height), read into a
// UTM study CRS: parts, footprints, roof facets and their planes, and the faults of roof data.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "base/errors.h"
#include "propagation/surface/building_reader.h"
#include "propagation/surface/citygml_lod2.h"

namespace akichi::prop::citygml_lod2_test {
namespace {

const std::string kFile = std::string(AKICHI_TEST_DATA_DIR) + "/buildings/lod2_plateau.gml";
// The file's shapes were drawn in JGD2011 / UTM zone 54N metres around this origin.
constexpr double kX0 = 390000, kY0 = 3930000;

const Crs& utm54() {
  static const Crs crs = Crs::from_epsg(32654);
  return crs;
}

Buildings read_file(const std::string& path) {
  BuildingReadOptions o;
  o.path = path;
  o.id_attribute = "gml_id";
  return read_buildings(o, utm54());
}

/// The highest facet's height at a plan point (m above the building's ground).
double roof_at(const Building& b, double x, double y) {
  double z = -1e300;
  for (const RoofFacet& f : b.roof) {
    if (bg::covered_by(Point2(x, y), f.plan)) z = std::max(z, f.height_m(x, y));
  }
  return z;
}

TEST(CityGmlLod2, SurfacesOfBuildingsAndPartsAsGdalParsesThem) {
  const citygml::Lod2Model m = citygml::read_lod2(kFile);
  EXPECT_EQ(m.srs_name, "http://www.opengis.net/def/crs/EPSG/0/6697");
  ASSERT_EQ(m.buildings.size(), 2u);
  EXPECT_EQ(m.buildings[0].id, "bldg-gable");
  ASSERT_EQ(m.buildings[0].parts.size(), 1u);
  EXPECT_EQ(m.buildings[0].parts[0].roofs.size(), 2u);
  EXPECT_EQ(m.buildings[0].parts[0].others.size(), 4u);  // the walls
  EXPECT_EQ(m.buildings[0].parts[0].ground.size(), 1u);
  // posList without srsDimension read as 3-D: latitude, longitude, height.
  const OGRLinearRing* r = m.buildings[0].parts[0].roofs[0]->getExteriorRing();
  EXPECT_NEAR(r->getX(0), 35.5074857623, 1e-9);
  EXPECT_NEAR(r->getY(0), 139.7870355001, 1e-9);
  EXPECT_NEAR(r->getZ(0), 11.0, 1e-9);
  ASSERT_EQ(m.buildings[1].parts.size(), 2u);
  EXPECT_EQ(m.buildings[1].parts[0].id, "part-shed");
  EXPECT_EQ(m.buildings[1].parts[1].id, "part-flat");
  EXPECT_TRUE(citygml::is_citygml(kFile));
  EXPECT_FALSE(
      citygml::is_citygml(std::string(AKICHI_TEST_DATA_DIR) + "/buildings/campus.geojson"));
}

TEST(CityGmlLod2, RoofFacetsArePlanesOverTheFootprint) {
  const Buildings b = read_file(kFile);
  ASSERT_EQ(b.size(), 3u);
  // Coordinates went through EPSG:6697 with 10 decimals of a degree (~0.01 mm).
  constexpr double kTol_m = 2e-3;

  // The gabled building: 40 x 20 m, eaves 8 m, ridge 12 m along x at y = 10.
  EXPECT_EQ(b[0].id, "bldg-gable");
  EXPECT_NEAR(bg::area(b[0].footprint), 800.0, 0.05);
  EXPECT_NEAR(b[0].height_m, 12.0, kTol_m);
  ASSERT_EQ(b[0].roof.size(), 2u);
  for (const RoofFacet& f : b[0].roof) {
    EXPECT_NEAR(bg::area(f.plan), 400.0, 0.05);
    EXPECT_NEAR(std::hypot(f.dz_dx, f.dz_dy), 0.4, 1e-4);  // 4 m over 10 m
  }
  EXPECT_NEAR(roof_at(b[0], kX0 + 20, kY0 + 10), 12.0, kTol_m);
  EXPECT_NEAR(roof_at(b[0], kX0 + 20, kY0 + 0.001), 8.0, kTol_m);
  EXPECT_NEAR(roof_at(b[0], kX0 + 20, kY0 + 19.999), 8.0, kTol_m);
  EXPECT_NEAR(roof_at(b[0], kX0 + 5, kY0 + 5), 10.0, kTol_m);
  EXPECT_NEAR(roof_at(b[0], kX0 + 35, kY0 + 15), 10.0, kTol_m);

  // The building of two parts: a shed roof from 6 m (y = 0) to 9 m (y = 20), and a flat one.
  EXPECT_EQ(b[1].id, "bldg-parts#1");
  EXPECT_EQ(b[2].id, "bldg-parts#2");
  ASSERT_EQ(b[1].roof.size(), 1u);
  ASSERT_EQ(b[2].roof.size(), 1u);
  EXPECT_NEAR(b[1].height_m, 9.0, kTol_m);
  EXPECT_NEAR(roof_at(b[1], kX0 + 110, kY0 + 0.001), 6.0, kTol_m);
  EXPECT_NEAR(roof_at(b[1], kX0 + 110, kY0 + 10), 7.5, kTol_m);
  EXPECT_NEAR(std::hypot(b[1].roof[0].dz_dx, b[1].roof[0].dz_dy), 0.15, 1e-4);
  EXPECT_NEAR(b[2].height_m, 5.0, kTol_m);
  EXPECT_NEAR(roof_at(b[2], kX0 + 130, kY0 + 10), 5.0, kTol_m);
  EXPECT_NEAR(std::hypot(b[2].roof[0].dz_dx, b[2].roof[0].dz_dy), 0.0, 1e-4);
  EXPECT_NEAR(bg::area(b[2].footprint), 400.0, 0.05);
  for (const Building& x : b) EXPECT_EQ(x.base_z_m, 0.0);
}

/// The file with the first occurrence of `from` replaced by `to`, written beside the build.
std::string variant(const std::string& name, const std::string& from, const std::string& to) {
  std::ifstream in(kFile);
  std::string t((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = t.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) t.replace(at, from.size(), to);
  const std::string path = testing::TempDir() + name;
  std::ofstream(path) << t;
  return path;
}

TEST(CityGmlLod2, FaultsNameTheFileTheBuildingAndTheSurface) {
  // A roof polygon bent out of its plane: its first vertex raised by 1 m.
  const std::string bent = variant("lod2_bent.gml", " 11.000 ", " 12.000 ");
  try {
    read_file(bent);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("lod2_bent.gml: feature 0 (bldg-gable).RoofSurface polygon 1: found a "
                     "polygon 0.2"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("off its best-fitting plane, expected a planar roof polygon (within 0.1 m)"),
              std::string::npos)
        << m;
  }
  // Under invalid = "repair" the fitted plane stands for the bent polygon, with a note.
  BuildingReadOptions o;
  o.path = bent;
  o.id_attribute = "gml_id";
  o.invalid = InvalidBuildingPolicy::Repair;
  BuildingReadReport report;
  const Buildings b = read_buildings(o, utm54(), &report);
  ASSERT_EQ(b.size(), 3u);
  ASSERT_EQ(report.repaired.size(), 1u);
  EXPECT_EQ(report.repaired[0], "feature 0 (bldg-gable)");
  EXPECT_NEAR(b[0].height_m, 12.25, 2e-3);  // the plane through 12, 8, 8, 12 raised by 0.25 m
  // A surface whose geometry OGR cannot read.
  const std::string broken = variant("lod2_broken.gml", "<gml:MultiSurface>",
                                     "<gml:MultiSurface><gml:surfaceMember><gml:Point><gml:pos>"
                                     "1 2 3</gml:pos></gml:Point></gml:surfaceMember>");
  try {
    citygml::read_lod2(broken);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("lod2_broken.gml: Building bldg-gable.RoofSurface.lod2MultiSurface: found "),
              std::string::npos)
        << m;
  }
}

}  // namespace
}  // namespace akichi::prop::citygml_lod2_test

// read_buildings(): footprints, heights, materials, reprojection, every error message and each
// invalid-geometry policy, on the hand-made fixtures of tests/data/buildings.
#include "propagation/surface/building_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/models/itu_r_p2040_3.h"

namespace akichi::prop::building_reader_test {
namespace {

const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/buildings/";
const Crs& utm54() {
  static const Crs crs = Crs::from_epsg(32654);
  return crs;
}

BuildingReadOptions options(const std::string& file) {
  BuildingReadOptions o;
  o.path = kDir + file;
  o.id_attribute = "name";
  o.height_attribute = "height_m";
  o.material_attribute = "material";
  return o;
}

std::string error_of(const BuildingReadOptions& o) {
  try {
    read_buildings(o, utm54());
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::size_t material(std::string_view name) {
  return *p2040::find_material(name);
}

TEST(BuildingReader, FootprintsReprojectedFromLonLatKeepTheirAreaInUtm) {
  BuildingReadReport report;
  const Buildings b = read_buildings(options("campus.geojson"), utm54(), &report);
  ASSERT_EQ(b.size(), 4u);  // hall-a, office-b#1, office-b#2, store-c
  EXPECT_EQ(report.features, 3u);
  EXPECT_EQ(report.buildings, 4u);
  EXPECT_TRUE(report.skipped.empty());
  EXPECT_EQ(report.source_crs_name, "WGS 84");

  EXPECT_EQ(b[0].id, "hall-a");
  // A 40 m x 30 m rectangle drawn in UTM 54N metres, stored as lon/lat (9 decimals).
  EXPECT_NEAR(bg::area(b[0].footprint), 1200.0, 0.05);
  bg::model::box<Point2> box;
  bg::envelope(b[0].footprint, box);
  EXPECT_NEAR(box.min_corner().x(), 390000.0, 0.01);
  EXPECT_NEAR(box.min_corner().y(), 3930000.0, 0.01);
  EXPECT_NEAR(box.max_corner().x(), 390040.0, 0.01);
  EXPECT_NEAR(box.max_corner().y(), 3930030.0, 0.01);
  EXPECT_DOUBLE_EQ(b[0].height_m, 15.0);
  EXPECT_EQ(b[0].material, material("metal"));  // alias steel -> metal
  EXPECT_DOUBLE_EQ(b[0].base_z_m, 0.0);

  EXPECT_EQ(b[1].id, "office-b#1");
  EXPECT_EQ(b[2].id, "office-b#2");
  EXPECT_NEAR(bg::area(b[1].footprint), 100.0, 0.01);
  EXPECT_NEAR(bg::area(b[2].footprint), 200.0, 0.01);
  EXPECT_DOUBLE_EQ(b[2].height_m, 12.5);
  EXPECT_EQ(b[1].material, material("glass"));  // "Glass": case-insensitive

  EXPECT_EQ(b[3].id, "store-c");
  EXPECT_NEAR(bg::area(b[3].footprint), 900.0 - 100.0, 0.05);  // courtyard hole
  EXPECT_DOUBLE_EQ(b[3].height_m, 8.0);                        // "8" as text
  EXPECT_EQ(b[3].material, material("concrete"));              // null -> default
  for (const Building& x : b) EXPECT_TRUE(bg::is_valid(x.footprint));
}

TEST(BuildingReader, FidIdsAndDefaultMaterial) {
  BuildingReadOptions o = options("campus.geojson");
  o.id_attribute.clear();
  o.material_attribute.clear();
  o.default_material = "wood";
  const Buildings b = read_buildings(o, utm54());
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].id, "0");
  EXPECT_EQ(b[1].id, "1#1");
  EXPECT_EQ(b[3].id, "2");
  for (const Building& x : b) EXPECT_EQ(x.material, material("wood"));
}

TEST(BuildingReader, StoreysTimesStoreyHeight) {
  BuildingReadOptions o = options("storeys.geojson");
  o.height_attribute.clear();
  o.material_attribute.clear();
  o.storeys_attribute = "storeys";
  Buildings b = read_buildings(o, utm54());
  ASSERT_EQ(b.size(), 2u);
  EXPECT_DOUBLE_EQ(b[0].height_m, 4 * kDefaultStoreyHeight_m);
  EXPECT_DOUBLE_EQ(b[1].height_m, 3 * kDefaultStoreyHeight_m);
  o.storey_height_m = 4.0;
  b = read_buildings(o, utm54());
  EXPECT_DOUBLE_EQ(b[0].height_m, 16.0);
  EXPECT_DOUBLE_EQ(b[1].height_m, 12.0);
}

TEST(BuildingReader, CityGmlLod1SolidFootprintFromGdalGml) {
  BuildingReadOptions o;
  o.path = kDir + "lod1_building.gml";
  o.id_attribute = "gml_id";
  o.height_attribute = "measuredHeight";
  BuildingReadReport report;
  const Buildings b = read_buildings(o, utm54(), &report);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].id, "hall-1");
  EXPECT_DOUBLE_EQ(b[0].height_m, 15.0);
  EXPECT_NEAR(bg::area(b[0].footprint), 1200.0, 1e-6);  // the solid's 40 x 30 m ground face
  EXPECT_EQ(report.source_crs_name, "WGS 84 / UTM zone 54N");
}

struct ErrorCase {
  const char* file;
  const char* message;
};

TEST(BuildingReader, EachFaultNamesFileFeatureFieldFoundAndExpected) {
  const ErrorCase cases[] = {
      {"self_intersecting.geojson",
       "self_intersecting.geojson: feature 1 (bow).geometry: found an invalid polygon (Geometry "
       "has invalid self-intersections"},
      // A hole with a vertex 200 km outside its shell (the shapefile fuzzer's find: Boost's own
      // validity test overflowed its integers on it).
      {"hole_outside.geojson",
       "hole_outside.geojson: feature 1 (office-b).geometry: found an invalid polygon (Geometry "
       "has interior rings defined outside the outer boundary"},
      {"unclosed_ring.geojson",
       "unclosed_ring.geojson: feature 1 (open).geometry ring 0: found an unclosed ring (first "
       "point"},
      {"too_few_points.geojson",
       "too_few_points.geojson: feature 1 (thin).geometry ring 0: found 3 points, expected a ring "
       "of at least 4 points"},
      {"missing_height.geojson",
       "missing_height.geojson: feature 1 (nohigh).height_m: found no value, expected a number > "
       "0 (m above ground)"},
      {"negative_height.geojson",
       "negative_height.geojson: feature 1 (neg).height_m: found -4, expected a number > 0 (m "
       "above ground)"},
      {"text_height.geojson",
       "text_height.geojson: feature 1 (txt).height_m: found \"tall\" (not a number), expected a "
       "number > 0 (m above ground)"},
      {"unknown_material.geojson",
       "unknown_material.geojson: feature 1 (card).material: found \"cardboard\", expected one of "
       "concrete, brick, plasterboard, wood, glass"},
      {"point.geojson",
       "point.geojson: feature 1 (pt).geometry: found Point, expected a Polygon or MultiPolygon"},
      {"duplicate_id.geojson",
       "duplicate_id.geojson: feature 1 (ok-1).name: found \"ok-1\" (already used by feature 0 "
       "(ok-1)), expected a unique building id"},
  };
  for (const ErrorCase& c : cases) {
    const std::string msg = error_of(options(c.file));
    EXPECT_NE(msg.find(c.message), std::string::npos) << c.file << ": " << msg;
    EXPECT_EQ(msg.rfind(kDir, 0), 0u) << msg;  // starts with the file's path
  }
}

TEST(BuildingReader, LayerAndAttributeErrors) {
  BuildingReadOptions o = options("campus.geojson");
  o.height_attribute = "hoehe";
  EXPECT_NE(error_of(o).find("height attribute: found \"hoehe\" (not an attribute of layer"),
            std::string::npos)
      << error_of(o);
  o = options("campus.geojson");
  o.layer = "roofs";
  EXPECT_NE(error_of(o).find("layer: found \"roofs\", expected one of the file's layers: campus"),
            std::string::npos)
      << error_of(o);
  o = options("no_such_file.geojson");
  EXPECT_NE(error_of(o).find("vector file: found"), std::string::npos);
  o = options("campus.geojson");
  o.default_material = "unobtainium";
  EXPECT_NE(error_of(o).find("default_material: found \"unobtainium\""), std::string::npos);
  o = options("campus.geojson");
  o.storeys_attribute = "storeys";
  EXPECT_NE(error_of(o).find("found both height_attribute and storeys_attribute"),
            std::string::npos);
}

TEST(BuildingReader, SkipPolicyKeepsTheGoodFeaturesAndSaysWhy) {
  BuildingReadOptions o = options("mixed.geojson");
  o.invalid = InvalidBuildingPolicy::Skip;
  BuildingReadReport report;
  const Buildings b = read_buildings(o, utm54(), &report);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].id, "ok-1");
  EXPECT_EQ(b[1].id, "ok-2");
  EXPECT_EQ(report.features, 11u);
  EXPECT_EQ(report.buildings, 2u);
  ASSERT_EQ(report.skipped.size(), 9u);
  EXPECT_NE(report.skipped[0].find("feature 1 (bow).geometry: found an invalid polygon"),
            std::string::npos);
  EXPECT_NE(report.skipped[8].find("feature 9 (ok-1).name: found \"ok-1\" (already used"),
            std::string::npos);
  EXPECT_TRUE(report.repaired.empty());
}

TEST(BuildingReader, RepairPolicyClosesRingsAndSplitsABowTie) {
  BuildingReadOptions o = options("self_intersecting.geojson");
  o.invalid = InvalidBuildingPolicy::Repair;
  BuildingReadReport report;
  Buildings b = read_buildings(o, utm54(), &report);
  // MakeValid turns the bow tie (corners (0,0) (20,20) (20,0) (0,20)) into its two triangles,
  // each 20 x 10 / 2 = 100 m^2.
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1].id, "bow#1");
  EXPECT_EQ(b[2].id, "bow#2");
  EXPECT_NEAR(bg::area(b[1].footprint), 100.0, 0.01);
  EXPECT_NEAR(bg::area(b[2].footprint), 100.0, 0.01);
  ASSERT_EQ(report.repaired.size(), 1u);
  EXPECT_EQ(report.repaired[0], "feature 1 (bow)");

  o = options("unclosed_ring.geojson");
  o.invalid = InvalidBuildingPolicy::Repair;
  b = read_buildings(o, utm54(), &report);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].id, "open");
  EXPECT_NEAR(bg::area(b[1].footprint), 400.0, 0.05);

  // What cannot be repaired still fails: a ring of 3 points, a missing height.
  o = options("too_few_points.geojson");
  o.invalid = InvalidBuildingPolicy::Repair;
  EXPECT_NE(error_of(o).find("found 3 points"), std::string::npos);
  o = options("missing_height.geojson");
  o.invalid = InvalidBuildingPolicy::Repair;
  EXPECT_NE(error_of(o).find("height_m: found no value"), std::string::npos);
}

TEST(BuildingReader, WallThicknessFromAnAttributeADefaultOrTheMaterial) {
  const std::string path = ::testing::TempDir() + "walls.geojson";
  {
    std::ofstream f(path);
    f << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32654"}},"features":[)";
    const auto feature = [&](const char* name, const char* material, const char* wall, double x) {
      f << fmt::format(
          R"({{"type":"Feature","properties":{{"name":"{}","height_m":10,"material":"{}","wall_m":{}}},)"
          R"("geometry":{{"type":"Polygon","coordinates":[[[{},0],[{},10],[{},10],[{},0],[{},0]]]}}}})",
          name, material, wall, x, x, x + 10, x + 10, x);
    };
    feature("a", "glass", "0.024", 0);
    f << ",";
    feature("b", "glass", "null", 20);
    f << ",";
    feature("c", "concrete", "null", 40);
    f << "]}";
  }
  BuildingReadOptions o;
  o.path = path;
  o.id_attribute = "name";
  o.height_attribute = "height_m";
  o.material_attribute = "material";
  o.thickness_attribute = "wall_m";
  Buildings b = read_buildings(o, utm54());
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].wall_thickness_m, 0.024);  // the attribute
  EXPECT_EQ(b[1].wall_thickness_m, 0.012);  // no value: glass's typical pane
  EXPECT_EQ(b[2].wall_thickness_m, 0.2);    // concrete's
  EXPECT_EQ(p2040::default_thickness_m(material("glass")), 0.012);
  o.default_thickness_m = 0.3;
  b = read_buildings(o, utm54());
  EXPECT_EQ(b[0].wall_thickness_m, 0.024);
  EXPECT_EQ(b[1].wall_thickness_m, 0.3);
  o.thickness_attribute.clear();
  b = read_buildings(o, utm54());
  EXPECT_EQ(b[0].wall_thickness_m, 0.3);
  o.default_thickness_m = -1;
  EXPECT_NE(error_of(o).find("default_thickness_m: found -1"), std::string::npos) << error_of(o);
  o.default_thickness_m = 0;
  o.thickness_attribute = "thick";
  EXPECT_NE(error_of(o).find("thickness attribute: found \"thick\""), std::string::npos)
      << error_of(o);
}

TEST(BuildingReader, MaterialAliases) {
  EXPECT_EQ(find_building_material("steel"), material("metal"));
  EXPECT_EQ(find_building_material("Reinforced Concrete"), material("concrete"));
  EXPECT_EQ(find_building_material("ceiling-board"), material("ceiling_board"));
  EXPECT_EQ(find_building_material("timber"), material("wood"));
  EXPECT_FALSE(find_building_material("vacuum"));
  EXPECT_FALSE(find_building_material("wet_ground"));
  EXPECT_FALSE(find_building_material("cardboard"));
}

// The use attribute: OpenStreetMap words and TR 38.901 names, case, '-' and a final remark in
// parentheses ignored; a feature without a value is of unspecified use; an unknown word names
// the file, the feature, the field, what was found and what is expected.
TEST(BuildingReader, UseAttribute) {
  BuildingReadOptions o = options("uses.geojson");
  o.material_attribute.clear();
  o.use_attribute = "use";
  const Buildings b = read_buildings(o, utm54());
  ASSERT_EQ(b.size(), 8u);
  const BuildingUse expected[] = {BuildingUse::Factory,    BuildingUse::Office,
                                  BuildingUse::OpenOffice, BuildingUse::Factory,
                                  BuildingUse::Other,      BuildingUse::Unspecified,
                                  BuildingUse::Factory,    BuildingUse::Unspecified};
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b[i].use, expected[i]) << b[i].id;
  // Without the attribute every building is of unspecified use.
  o.use_attribute.clear();
  for (const Building& x : read_buildings(o, utm54())) EXPECT_EQ(x.use, BuildingUse::Unspecified);

  BuildingReadOptions bad = options("unknown_use.geojson");
  bad.material_attribute.clear();
  bad.use_attribute = "use";
  const std::string msg = error_of(bad);
  EXPECT_EQ(msg.rfind(kDir + "unknown_use.geojson: feature 1 (port).use: found \"spaceport\", "
                             "expected one of office (office, commercial",
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("factory (factory, industrial"), std::string::npos) << msg;
  bad.use_attribute = "usage";
  EXPECT_NE(error_of(bad).find("use attribute: found \"usage\" (not an attribute of layer"),
            std::string::npos);
  bad.use_attribute = "use";
  bad.invalid = InvalidBuildingPolicy::Skip;
  BuildingReadReport report;
  EXPECT_EQ(read_buildings(bad, utm54(), &report).size(), 1u);
  EXPECT_EQ(report.skipped.size(), 1u);

  EXPECT_EQ(find_building_use(" Production-Hall "), BuildingUse::Factory);
  EXPECT_EQ(find_building_use("InH-Office-open"), BuildingUse::OpenOffice);
  EXPECT_EQ(find_building_use("house (neighbour)"), BuildingUse::Other);
  EXPECT_EQ(find_building_use(""), BuildingUse::Unspecified);
  EXPECT_FALSE(find_building_use("(office)").has_value());
  EXPECT_FALSE(find_building_use("offices").has_value());
}

}  // namespace
}  // namespace akichi::prop::building_reader_test

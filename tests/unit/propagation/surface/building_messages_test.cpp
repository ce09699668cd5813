// Every error path of the building reader on damaged CityGML and GeoJSON as a table: the input
// and the parts of the message that locate it (file, feature with its id or gml:id, field,
// found, expected). Coordinates no place on Earth has are refused before Boost.Geometry, which
// converts them to integers, sees them.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/errors.h"
#include "propagation/surface/building_reader.h"
#include "tests/unit/base/temp_dir_test_util.h"

namespace akichi::prop::building_messages_test {
namespace {

namespace fs = std::filesystem;

const Crs& utm54() {
  static const Crs crs = Crs::from_epsg(32654);
  return crs;
}

std::string lod1_text() {
  std::ifstream in(std::string(AKICHI_TEST_DATA_DIR) + "/buildings/lod1_building.gml");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The LOD1 building with the first occurrence of `from` replaced by `to`.
std::string lod1_with(const std::string& from, const std::string& to) {
  std::string t = lod1_text();
  const std::size_t at = t.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) t.replace(at, from.size(), to);
  return t;
}

class BuildingMessages : public test::TempDirTest {
 protected:
  BuildingMessages() : TempDirTest("akichi_building_messages_") {}

  static std::string error_of(const BuildingReadOptions& o) {
    try {
      read_buildings(o, utm54());
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

struct Row {
  std::string name;
  std::string text;
  std::string where;  ///< after the path: ": feature 1 (gml:id hall-1)"
  std::string field;
  std::string found;
  std::string expected;
};

void expect_located(const std::string& message, const std::string& path, const Row& r) {
  const std::string head = path + r.where + "." + r.field + ": found " + r.found;
  EXPECT_EQ(message.substr(0, head.size()), head) << message;
  EXPECT_NE(message.find(", expected " + r.expected, head.size()), std::string::npos) << message;
}

TEST_F(BuildingMessages, CityGmlEveryErrorNamesTheElement) {
  const std::string first = "390000 3930000 0 390000 3930030 0";
  const Row rows[] = {
      {"vertex 1e23", lod1_with(first, "1e23 3930000 0 390000 3930030 0"),
       ": feature 1 (gml:id hall-1)", "geometry", "a vertex with x = 1e+23 in the file's CRS",
       "coordinates within +-1e+08"},
      {"vertex 9.2e18", lod1_with(first, "390000 9.2e18 0 390000 3930030 0"),
       ": feature 1 (gml:id hall-1)", "geometry", "a vertex with y = 9.2e+18 in the file's CRS",
       "coordinates within +-1e+08"},
      {"vertex -1e308", lod1_with(first, "-1e308 3930000 0 390000 3930030 0"),
       ": feature 1 (gml:id hall-1)", "geometry", "a vertex with x = -1e+308 in the file's CRS",
       "coordinates within +-1e+08"},
      {"height 0", lod1_with(">15.0<", ">0<"), ": feature 1 (gml:id hall-1)", "measuredHeight", "0",
       "a number > 0 (m above ground)"},
      {"height overflow", lod1_with(">15.0<", ">1e999<"), ": feature 1 (gml:id hall-1)",
       "measuredHeight", "inf", "a number > 0 (m above ground)"},
      {"no height", lod1_with("<bldg:measuredHeight uom=\"m\">15.0</bldg:measuredHeight>", ""), "",
       "", "", ""},  // GDAL then has no measuredHeight field: the attribute is refused
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    BuildingReadOptions o;
    o.path = write("city.gml", r.text);
    o.height_attribute = "measuredHeight";
    const std::string m = error_of(o);
    if (r.field.empty()) {
      EXPECT_EQ(m.rfind(o.path + ": height attribute: found \"measuredHeight\" (not an attribute "
                                 "of layer ",
                        0),
                0u)
          << m;
    } else {
      expect_located(m, o.path, r);
    }
  }
}

std::string building(const std::string& properties, const std::string& coordinates) {
  return R"({"type": "Feature", "properties": {)" + properties +
         R"(}, "geometry": {"type": "Polygon", "coordinates": )" + coordinates + "}}";
}
const std::string kSquare =
    "[[[139.787, 35.5075], [139.7874, 35.5075], [139.7874, 35.5078], [139.787, 35.5078], "
    "[139.787, 35.5075]]]";

TEST_F(BuildingMessages, GeoJsonEveryErrorNamesTheFeatureAndItsId) {
  const auto file = [](const std::string& features) {
    return "{\"type\": \"FeatureCollection\", \"features\": [\n" + features + "\n]}\n";
  };
  const Row rows[] = {
      {"vertex 1e23",
       file(building(R"("name": "a", "height_m": 10)",
                     "[[[1e23, 35.5075], [139.7874, 35.5075], [139.7874, 35.5078], [139.787, "
                     "35.5075]]]")),
       ": feature 0 (a)", "geometry", "a vertex with x = 1e+23 in the file's CRS",
       "coordinates within +-1e+08"},
      {"height text", file(building(R"("name": "a", "height_m": "tall")", kSquare)),
       ": feature 0 (a)", "height_m", "\"tall\" (not a number)", "a number > 0"},
      {"second feature",
       file(building(R"("name": "a", "height_m": 10)", kSquare) + ",\n" +
            building(R"("name": "b", "height_m": -1)", kSquare)),
       ": feature 1 (b)", "height_m", "-1", "a number > 0"},
      {"escaped id", file(building(R"("name": "a\u001b[2J", "height_m": 0)", kSquare)),
       ": feature 0 (a\\x1b[2J)", "height_m", "0", "a number > 0"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    BuildingReadOptions o;
    o.path = write("b.geojson", r.text);
    o.id_attribute = "name";
    o.height_attribute = "height_m";
    expect_located(error_of(o), o.path, r);
  }
}

TEST_F(BuildingMessages, GeoJsonSyntaxErrorNamesLineAndColumn) {
  BuildingReadOptions o;
  o.path = write("b.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n" +
                                  building(R"("name": "a", "height_m": 10)", kSquare) + ",,\n]}\n");
  o.height_attribute = "height_m";
  const std::string m = error_of(o);
  const std::string col =
      std::to_string(building(R"("name": "a", "height_m": 10)", kSquare).size() + 2);
  EXPECT_EQ(m.rfind(o.path + ":2:" + col + ": vector file: found 'At line 2, character " + col, 0),
            0u)
      << m;
}

}  // namespace
}  // namespace akichi::prop::building_messages_test

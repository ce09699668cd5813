// Every error path of the station-list readers as a table: a damaged CSV or GeoJSON list and the
// parts of the message that locate it (file, CSV row or OGR feature with the station's id,
// field, found, expected).
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "sim/station/station_db.h"
#include "tests/unit/base/temp_dir_test_util.h"

namespace akichi::sim::station_list_messages_test {
namespace {

namespace fs = std::filesystem;

class StationListMessages : public test::TempDirTest {
 protected:
  StationListMessages() : TempDirTest("akichi_list_messages_") {}

  std::string error_of(const std::string& path) const {
    try {
      read_station_list(path, source_);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }

  prop::Crs crs_ = prop::Crs::from_epsg(32654);
  StationSource source_{crs_, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
};

/// One damaged input and the message it must give: "FILE" + where + ": " + field + ": found " +
/// found + ", expected " + the start of expected.
struct Row {
  std::string name;
  std::string text;
  std::string where;  ///< after the file's path: ":row N (station \"id\")", ": feature F ..."
  std::string field;
  std::string found;
  std::string expected;
};

void expect_located(const std::string& message, const std::string& path, const Row& r) {
  std::string head = path + r.where + ": ";
  if (!r.field.empty()) head += r.field + ": ";
  head += "found " + r.found;
  EXPECT_EQ(message.substr(0, head.size()), head) << message;
  EXPECT_NE(message.find("expected " + r.expected, head.size()), std::string::npos) << message;
}

const std::string kHeader = "id,role,lat_deg,lon_deg,height_m,freq_MHz,bandwidth_MHz,eirp_dBm\n";
const std::string kRow = "a,incumbent,35.68,139.76,10,4800,100,40\n";

TEST_F(StationListMessages, CsvEveryErrorNamesTheRowAndTheStation) {
  const Row rows[] = {
      {"bad number", kHeader + kRow + "b,incumbent,35.68,139.76,abc,4800,100,40\n",
       ":row 3 (station \"b\")", "column height_m", "\"abc\"", "a number > 0 (m above ground)"},
      {"numeric overflow", kHeader + "b,incumbent,35.68,139.76,1e999,4800,100,40\n",
       ":row 2 (station \"b\")", "column height_m", "\"1e999\"", "a number > 0"},
      {"negative", "# list\n\n" + kHeader + "b,incumbent,35.68,139.76,-2,4800,100,40\n",
       ":row 4 (station \"b\")", "column height_m", "-2", "a number > 0"},
      {"missing value", kHeader + "b,incumbent,35.68,139.76,,4800,100,40\n",
       ":row 2 (station \"b\")", "column height_m", "no value", "a number > 0"},
      {"unknown role", kHeader + "b,incumbnt,35.68,139.76,10,4800,100,40\n",
       ":row 2 (station \"b\")", "column role", "\"incumbnt\"", "one of"},
      {"bad id", kHeader + "b/c,incumbent,35.68,139.76,10,4800,100,40\n",
       ":row 2 (station \"b/c\")", "column id", "\"b/c\"", "a unique id of letters"},
      {"no id", kHeader + ",incumbent,35.68,139.76,10,4800,100,40\n", ":row 2", "column id",
       "no value", "a unique id of letters"},
      {"outside the area", kHeader + "far,incumbent,0,0,10,4800,100,40\n",
       ":row 2 (station \"far\")", "station far", "position", "a position inside the study area"},
      {"ragged row", kHeader + "b,incumbent,35.68,139.76,10,4800,100\n", ":2", "", "7 fields",
       "8 fields as in the header"},
      {"control characters", kHeader + "b,incumbent,35.68,139.76,\x1b[2J\r\x01,4800,100,40\n",
       ":row 2 (station \"b\")", "column height_m", "\"\\x1b[2J\\x0d\\x01\"", "a number > 0"},
      {"unknown column",
       "id,role,lat_deg,lon_deg,heigth_m,freq_MHz,bandwidth_MHz,eirp_dBm\n" + kRow, ":row 1",
       "column heigth_m", "an unknown column", "one of id, role"},
      {"no station row", "# empty\n" + kHeader, ":row 2", "", "no station row",
       "at least one station below the header"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    const std::string path = write("list.csv", r.text);
    expect_located(error_of(path), path, r);
  }
}

TEST_F(StationListMessages, CsvValueOfAMegabyteIsShortened) {
  const std::string path = write("big.csv", kHeader + "b,incumbent,35.68,139.76," +
                                                std::string(1'000'000, '9') + "x,4800,100,40\n");
  const std::string m = error_of(path);
  EXPECT_LT(m.size(), 2000u) << m.substr(0, 2000);
  EXPECT_NE(m.find("\u2026 (1000003 bytes)"), std::string::npos) << m.substr(0, 2000);
  EXPECT_EQ(m.rfind(path + ":row 2 (station \"b\"): column height_m: found \"999", 0), 0u);
}

std::string feature(
    const std::string& properties,
    const std::string& geometry = R"({"type": "Point", "coordinates": [139.76, 35.68]})") {
  return R"({"type": "Feature", "geometry": )" + geometry + R"(, "properties": {)" + properties +
         "}}";
}
const std::string kGood =
    R"("id": "a", "role": "incumbent", "height_m": 10, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40)";
std::string collection(const std::string& features) {
  return "{\"type\": \"FeatureCollection\", \"features\": [\n" + features + "\n]}\n";
}

TEST_F(StationListMessages, GeoJsonEveryErrorNamesTheFeatureAndTheStation) {
  const Row rows[] = {
      {"bad number",
       collection(
           feature(kGood) + ",\n" +
           feature(
               R"("id": "b", "role": "incumbent", "height_m": "abc", "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40)")),
       ": feature 1 (station \"b\")", "field height_m", "\"abc\"", "a number > 0"},
      {"negative",
       collection(feature(
           R"("id": "b", "role": "incumbent", "height_m": -3, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40)")),
       ": feature 0 (station \"b\")", "field height_m", "-3", "a number > 0"},
      {"line geometry",
       collection(feature(
           kGood, R"({"type": "LineString", "coordinates": [[139.76, 35.68], [139.77, 35.69]]})")),
       ": feature 0 (station \"a\")", "geometry", "Line String", "a Point"},
      {"unknown role",
       collection(feature(
           R"("id": "b", "role": "owner", "height_m": 10, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40)")),
       ": feature 0 (station \"b\")", "field role", "\"owner\"", "one of"},
      {"outside the area",
       collection(feature(kGood, R"({"type": "Point", "coordinates": [0, 0]})")),
       ": feature 0 (station \"a\")", "station a", "position", "a position inside the study area"},
      {"feature ids", R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "id": 17, "geometry": {"type": "Point", "coordinates": [139.76, 35.68]}, "properties": {"id": "c", "role": "incumbent", "height_m": 0, "freq_MHz": 4800, "bandwidth_MHz": 100, "eirp_dBm": 40}}]})",
       ": feature 17 (station \"c\")", "field height_m", "0", "a number > 0"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    const std::string path = write("list.geojson", r.text);
    expect_located(error_of(path), path, r);
  }
}

TEST_F(StationListMessages, GeoJsonSyntaxErrorNamesLineAndColumn) {
  // GDAL's JSON parser says where it stopped before it says that it failed: both are kept, and
  // the place becomes the message's line and column.
  const std::string text =
      "{\"type\": \"FeatureCollection\", \"features\": [\n" + feature(kGood) + ",,\n]}\n";
  const std::string path = write("list.geojson", text);
  const std::string m = error_of(path);
  const std::string col = std::to_string(feature(kGood).size() + 2);
  EXPECT_EQ(m.rfind(path + ":2:" + col + ": found a file OGR cannot open (At line 2, character " +
                        col + ": ",
                    0),
            0u)
      << m;
  EXPECT_NE(m.find("; Failed to read GeoJSON data), expected a station list"), std::string::npos)
      << m;
}

}  // namespace
}  // namespace akichi::sim::station_list_messages_test

#include "sim/serve/json_station.h"

#include <gtest/gtest.h>

#include "sim/serve/api_error.h"

namespace json_station_test {

namespace {

using namespace akichi::sim;
using namespace akichi::sim::serve;
using nlohmann::json;

TEST(JsonStation, NestedObjectsBecomeDottedKeysWithTheirTypes) {
  const json j = json::parse(R"({"id": "a", "height_m": 12.5, "indoor": true,
      "schedule": ["Mon 08:00-09:00", "Tue 08:00-09:00"],
      "antenna": {"type": "3gpp_sector", "gain_dBi": 15}})");
  const auto fields = fields_of_json(j, "request body");
  std::map<std::string, RecordValue> m(fields.begin(), fields.end());
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m.at("height_m").kind, RecordValue::Kind::Number);
  EXPECT_DOUBLE_EQ(m.at("height_m").number, 12.5);
  EXPECT_EQ(m.at("indoor").kind, RecordValue::Kind::Boolean);
  EXPECT_TRUE(m.at("indoor").flag);
  EXPECT_EQ(m.at("schedule").texts.size(), 2u);
  EXPECT_EQ(m.at("antenna.type").text, "3gpp_sector");
  EXPECT_DOUBLE_EQ(m.at("antenna.gain_dBi").number, 15);
}

TEST(JsonStation, ValuesOfNoStationTypeAre400NamingTheKey) {
  for (const char* text : {R"({"height_m": null})", R"({"height_m": [1, 2]})"}) {
    try {
      fields_of_json(json::parse(text), "request body");
      ADD_FAILURE() << text;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 400);
      EXPECT_EQ(e.body()["error"]["field"], "height_m");
    }
  }
  EXPECT_THROW(fields_of_json(json::array(), "request body"), ApiError);
}

}  // namespace

}  // namespace json_station_test

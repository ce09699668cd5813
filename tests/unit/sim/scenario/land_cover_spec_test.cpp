// [land_cover]: the built-in tables with the scenario's classes over them, a table of the
// user's own, the located input errors, and the list of models that take clutter heights
// against the models themselves.
#include "sim/scenario/land_cover_spec.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "propagation/engine/model_config.h"
#include "propagation/engine/model_registry.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::land_cover_spec_test {
namespace {

namespace fs = std::filesystem;
using T = prop::p2108::ClutterType;

const char* kBase = R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
model = "p1812"
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
)";

class LandCoverSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("akichi_lc_spec_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "lc.tif") << "the reader does not open the raster";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file() const { return (dir_ / "s.toml").string(); }
  Scenario parse(const std::string& land_cover) const {
    return parse_scenario(std::string(kBase) + land_cover, file());
  }
  /// The InputError message for `land_cover` (or "no InputError").
  std::string error(const std::string& land_cover) const {
    try {
      parse(land_cover);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no InputError";
  }
  fs::path dir_;
};

TEST_F(LandCoverSpecTest, BuiltInTableWithOverrides) {
  const Scenario sc = parse(R"([land_cover]
path = "lc.tif"
classes = "esa-worldcover"
nodata = "open_rural"
[[land_cover.class]]
value = 50
clutter = "dense_urban"
[[land_cover.class]]
value = 200
clutter = "suburban"
height_m = 8
name = "allotments"
)");
  const prop::LandCoverOptions& o = sc.land_cover.options;
  ASSERT_TRUE(sc.land_cover.enabled);
  EXPECT_EQ(o.path, (dir_ / "lc.tif").string());
  EXPECT_EQ(o.band, 1);
  EXPECT_EQ(o.classes, "esa-worldcover");
  EXPECT_EQ(o.nodata_values, std::vector<std::int64_t>{0});
  ASSERT_TRUE(o.nodata.has_value());
  EXPECT_EQ(o.nodata->type, T::OpenRural);
  EXPECT_EQ(o.nodata->profile_height_m, 0.0);
  EXPECT_EQ(o.table.size(), 12u);  // WorldCover's 11 and one more
  EXPECT_EQ(o.table.at(50).type, T::DenseUrban);
  EXPECT_EQ(o.table.at(50).height_m, 20.0);  // P.2108-1 Table 3
  EXPECT_EQ(o.table.at(50).profile_height_m, 20.0);
  EXPECT_EQ(o.table.at(200).height_m, 8.0);
  EXPECT_EQ(o.table.at(200).profile_height_m, 8.0);  // follows the given height
  EXPECT_EQ(o.table.at(200).name, "allotments");
  EXPECT_EQ(o.table.at(10).type, T::TreesForest);  // untouched
  // The run's inputs include the raster.
  const auto inputs = scenario_inputs(sc);
  EXPECT_NE(std::find(inputs.begin(), inputs.end(), o.path), inputs.end());
  EXPECT_NE(describe_land_cover(sc.land_cover, sc.model.name)
                .find("the representative clutter heights R_i of p1812's profile points"),
            std::string::npos);
}

TEST_F(LandCoverSpecTest, UserTable) {
  const Scenario sc = parse(R"([land_cover]
path = "lc.tif"
classes = "table"
band = 1
[[land_cover.class]]
value = 1
clutter = "water_sea"
height_m = 12
[[land_cover.class]]
value = 2
clutter = "urban"
profile_height_m = 18
)");
  const prop::LandCoverOptions& o = sc.land_cover.options;
  EXPECT_TRUE(o.nodata_values.empty());
  EXPECT_FALSE(o.nodata.has_value());
  ASSERT_EQ(o.table.size(), 2u);
  EXPECT_EQ(o.table.at(1).height_m, 12.0);
  EXPECT_EQ(o.table.at(1).profile_height_m, 0.0);  // P.1812-6 Table 2: water is bare
  EXPECT_EQ(o.table.at(2).height_m, 15.0);
  EXPECT_EQ(o.table.at(2).profile_height_m, 18.0);
}

TEST_F(LandCoverSpecTest, LocatedErrors) {
  EXPECT_NE(error("[land_cover]\npath = \"lc.tif\"\n")
                .find("land_cover.classes: found no value, expected one of \"esa-worldcover\""),
            std::string::npos);
  EXPECT_NE(error("[land_cover]\npath = \"lc.tif\"\nclasses = \"corine\"\n")
                .find("land_cover.classes: found \"corine\""),
            std::string::npos);
  EXPECT_NE(error("[land_cover]\npath = \"none.tif\"\nclasses = \"jaxa-hrlulc\"\n")
                .find("land_cover.path"),
            std::string::npos);
  EXPECT_NE(
      error("[land_cover]\npath = \"lc.tif\"\nclasses = \"table\"\n")
          .find("land_cover.class: found no value, expected one or more [[land_cover.class]]"),
      std::string::npos);
  const std::string bad_type = error(
      "[land_cover]\npath = \"lc.tif\"\nclasses = \"table\"\n[[land_cover.class]]\nvalue = "
      "3\nclutter = \"forest\"\n");
  EXPECT_NE(bad_type.find(file() + ":"), std::string::npos) << bad_type;
  EXPECT_NE(bad_type.find("land_cover.class[0].clutter: found \"forest\""), std::string::npos)
      << bad_type;
  EXPECT_NE(bad_type.find("\"trees_forest\""), std::string::npos) << bad_type;
  const std::string twice = error(
      "[land_cover]\npath = \"lc.tif\"\nclasses = \"table\"\n[[land_cover.class]]\nvalue = "
      "3\nclutter = \"urban\"\n[[land_cover.class]]\nvalue = 3\nclutter = \"suburban\"\n");
  EXPECT_NE(twice.find("land_cover.class[1].value: found 3, already mapped by "
                       "land_cover.class[0], expected each class value once"),
            std::string::npos)
      << twice;
  EXPECT_NE(error("[land_cover]\npath = \"lc.tif\"\nclasses = \"table\"\n[[land_cover.class]]\n"
                  "value = 3\nclutter = \"urban\"\nheight_m = 0\n")
                .find("land_cover.class[0].height_m: found 0"),
            std::string::npos);
  EXPECT_NE(error("[land_cover]\npath = \"lc.tif\"\nclasses = \"esa-worldcover\"\nnodata = "
                  "\"grass\"\n")
                .find("land_cover.nodata: found \"grass\""),
            std::string::npos);
  EXPECT_NE(error("[land_cover]\npath = \"lc.tif\"\nclasses = \"esa-worldcover\"\ncolour = 1\n")
                .find("land_cover"),
            std::string::npos);
}

TEST(LandCoverModels, TheListAgreesWithTheModels) {
  // Every registered model that builds from its defaults: the list of models taking clutter
  // heights says what the model itself says.
  int built = 0, taking = 0;
  for (const prop::ModelEntry* e : prop::registered_models()) {
    prop::ModelConfig c;
    c.name = e->name;
    std::unique_ptr<prop::PathLossModel> m;
    try {
      m = prop::make_path_loss_model(c);
    } catch (const Error&) {
      continue;  // needs more than its defaults (the ray model's buildings)
    }
    ++built;
    EXPECT_EQ(model_takes_clutter_heights(e->name), m->uses_clutter_heights()) << e->name;
    taking += m->uses_clutter_heights();
  }
  EXPECT_GE(built, 8);
  EXPECT_EQ(taking, 2);  // p1812 and p452-18
}

}  // namespace
}  // namespace akichi::sim::land_cover_spec_test

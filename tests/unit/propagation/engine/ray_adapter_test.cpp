// The "ray-2.5d" PathLossModel: factory, configuration errors, the area engine's per-cell
// mechanism output, and the [propagation.ray] scenario table.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "base/errors.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/terrain.h"
#include "sim/scenario/scenario.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::ray_adapter_test {
namespace {

StudyGrid grid() {
  StudyGrid g;
  g.x0_m = 0;
  g.y0_m = 0;
  g.cell_m = 10;
  g.nx = 30;
  g.ny = 30;
  g.heights_m = {1.5, 6.0};
  return g;
}

std::shared_ptr<const Buildings> blocks() {
  auto bs = std::make_shared<Buildings>();
  for (int j = 0; j < 3; ++j) {
    for (int i = 0; i < 3; ++i) {
      if (i == 1 && j == 1) continue;  // the transmitter's square
      Building b;
      b.id = std::to_string(i) + std::to_string(j);
      b.footprint = box_footprint(20 + 100.0 * i, 20 + 100.0 * j, 80 + 100.0 * i, 80 + 100.0 * j);
      b.height_m = 10 + 5.0 * (i + j);
      bs->push_back(b);
    }
  }
  return bs;
}

TEST(RayModel, WithoutBuildingsIsFreeSpace) {
  ModelConfig c;
  c.name = "ray-2.5d";
  c.ray.ground_reflection = false;
  const auto ray = make_path_loss_model(c);
  EXPECT_EQ(ray->name(), "ray-2.5d");
  EXPECT_FALSE(ray->uses_profile());
  c.name = "free_space";
  const auto fs = make_path_loss_model(c);
  const StudyGrid g = grid();
  const TerrainGrid t = make_flat_terrain({{-10, -10, 310, 310}, 10}, 12);
  for (const double h : {1.5, 30.0}) {
    for (const auto& [x, y] : {std::pair{5.0, 5.0}, {155.0, 150.0}, {290.0, 3.0}}) {
      const Transmitter tx{150, 150, 25, 3.5e9};
      const double a = point_loss_dB(tx, x, y, h, {g, t, *ray, 10});
      const double b = point_loss_dB(tx, x, y, h, {g, t, *fs, 10});
      EXPECT_EQ(a, b);
    }
  }
}

TEST(RayModel, AreaMechanismsAndThreadIndependence) {
  ModelConfig c;
  c.name = "ray-2.5d";
  c.buildings = blocks();
  const auto model = make_path_loss_model(c);
  const StudyGrid g = grid();
  const TerrainGrid t = make_flat_terrain({{-10, -10, 310, 310}, 10}, 0);
  const AreaContext ctx{g, t, *model, 10};
  const Transmitter tx{150, 150, 8, 3.5e9};
  const std::size_t n = g.cells() * g.heights_m.size();
  std::vector<float> plain(n), with(n), two(n);
  std::vector<std::uint8_t> mech(n, 255), mech2(n, 255);
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    compute_area(tx, nullptr, ctx, {plain, {}});
    compute_area(tx, nullptr, ctx, {with, {}, mech});
  }
  {
    tbb::global_control two_threads(tbb::global_control::max_allowed_parallelism, 2);
    compute_area(tx, nullptr, ctx, {two, {}, mech2});
  }
  EXPECT_EQ(plain, with);
  EXPECT_EQ(plain, two);
  EXPECT_EQ(mech, mech2);
  int count[5] = {0, 0, 0, 0, 0};
  for (const std::uint8_t m : mech) {
    ASSERT_GE(m, 1);
    ASSERT_LE(m, 4);
    ++count[m];
  }
  EXPECT_GT(count[1], 0);  // LoS in the streets
  EXPECT_GT(count[3], 0);  // diffracted behind the blocks (concrete walls)
  // A cell equals the point API.
  const double p = point_loss_dB(tx, g.x(3), g.y(27), 1.5, ctx);
  EXPECT_EQ(static_cast<float>(p), with[27 * 30 + 3]);
  // A model that does not trace rays reports None and the same loss as without the buffer.
  c.name = "free_space";
  const auto fs = make_path_loss_model(c);
  const AreaContext fctx{g, t, *fs, 10};
  std::vector<float> f1(n), f2(n);
  compute_area(tx, nullptr, fctx, {f1, {}});
  compute_area(tx, nullptr, fctx, {f2, {}, mech});
  EXPECT_EQ(f1, f2);
  for (const std::uint8_t m : mech) ASSERT_EQ(m, 0);
  std::vector<std::uint8_t> wrong(3);
  EXPECT_THROW(compute_area(tx, nullptr, fctx, {f1, {}, wrong}), std::invalid_argument);
}

std::string error_of(const ModelConfig& c) {
  try {
    make_path_loss_model(c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RayModel, BadParametersNameTheField) {
  ModelConfig c;
  c.name = "ray-2.5d";
  c.ray.max_reflections = 4;
  EXPECT_EQ(error_of(c), "propagation.ray.max_reflections: found 4, expected an integer in [0, 3]");
  c.ray.max_reflections = 1;
  c.ray.combine = "sum";
  EXPECT_EQ(error_of(c), "propagation.ray.combine: found 'sum', expected one of power, coherent");
  c.ray.combine = "coherent";
  c.ray.ground_material = "mud";
  EXPECT_EQ(error_of(c).rfind("propagation.ray.ground_material: found 'mud', expected one of", 0),
            0u);
  c.ray.ground_material = "wet_ground";
  c.ray.max_path_excess_m = 0;
  EXPECT_EQ(error_of(c), "propagation.ray.max_path_excess_m: found 0, expected a number > 0 (m)");
  c.ray.max_path_excess_m = 50;
  EXPECT_EQ(error_of(c), "");
}

std::string scenario_with(const std::string& propagation) {
  return R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
)" + propagation +
         R"(
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 3500
bandwidth_MHz = 100
eirp_dBm = 50
)";
}

TEST(RayModel, ScenarioTable) {
  const sim::Scenario s = sim::parse_scenario(
      scenario_with("model = \"ray-2.5d\"\n[propagation.ray]\nmax_reflections = 3\n"
                    "ground_reflection = false\nedge_diffraction = false\ncombine = \"coherent\"\n"
                    "polarization = \"horizontal\"\nground_material = \"wet_ground\"\n"
                    "max_path_excess_m = 120"),
      "m.toml");
  EXPECT_EQ(s.model.name, "ray-2.5d");
  EXPECT_EQ(s.model.ray.max_reflections, 3);
  EXPECT_FALSE(s.model.ray.ground_reflection);
  EXPECT_TRUE(s.model.ray.roof_diffraction);
  EXPECT_FALSE(s.model.ray.edge_diffraction);
  EXPECT_EQ(s.model.ray.combine, "coherent");
  EXPECT_EQ(s.model.polarization, "horizontal");
  EXPECT_EQ(s.model.ray.ground_material, "wet_ground");
  EXPECT_DOUBLE_EQ(s.model.ray.max_path_excess_m, 120);
  // Defaults without the table.
  const sim::Scenario d = sim::parse_scenario(scenario_with("model = \"ray-2.5d\""), "m.toml");
  EXPECT_EQ(d.model.ray.max_reflections, 2);
  EXPECT_EQ(d.model.ray.combine, "power");
  auto err = [](const std::string& text) {
    try {
      sim::parse_scenario(text, "m.toml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(err(scenario_with("model = \"ray-2.5d\"\n[propagation.ray]\nmax_reflections = 5"))
                .rfind("m.toml:9:19: propagation.ray.max_reflections:", 0),
            0u);
  EXPECT_NE(err(scenario_with("model = \"ray-2.5d\"\n[propagation.ray]\nbounces = 2"))
                .find("propagation.ray.bounces: found unknown key 'bounces'"),
            std::string::npos);
}

// The indoor keys of [propagation.ray] and the use attribute of [buildings].
TEST(RayModel, IndoorKeys) {
  const std::string data = std::string(AKICHI_TEST_DATA_DIR) + "/buildings/uses.geojson";
  const sim::Scenario s = sim::parse_scenario(
      scenario_with("model = \"ray-2.5d\"\n[propagation.ray]\nindoor_model = \"InF-SH\"\n"
                    "indoor_los = \"los\"\nindoor_clutter_density = 0.5\n"
                    "indoor_clutter_height_m = 4\nindoor_clutter_size_m = 3\n"
                    "indoor_depth_loss = false\n[buildings]\npath = \"" +
                    data + "\"\nheight_attribute = \"height_m\"\nuse_attribute = \"use\""),
      "m.toml");
  EXPECT_EQ(s.model.ray.indoor_model, "InF-SH");
  EXPECT_EQ(s.model.ray.indoor_los, "los");
  EXPECT_DOUBLE_EQ(s.model.ray.indoor_clutter_density, 0.5);
  EXPECT_DOUBLE_EQ(s.model.ray.indoor_clutter_height_m, 4);
  EXPECT_DOUBLE_EQ(s.model.ray.indoor_clutter_size_m, 3);
  EXPECT_FALSE(s.model.ray.indoor_depth_loss);
  EXPECT_EQ(s.buildings.read.use_attribute, "use");
  const sim::Scenario d = sim::parse_scenario(scenario_with("model = \"ray-2.5d\""), "m.toml");
  EXPECT_EQ(d.model.ray.indoor_model, "by_use");
  EXPECT_EQ(d.model.ray.indoor_default, "InH");
  EXPECT_EQ(d.model.ray.indoor_los, "probabilistic");
  EXPECT_TRUE(d.model.ray.indoor_depth_loss);
  const std::string describe = make_path_loss_model(d.model)->describe();
  EXPECT_NE(describe.find("inside a building: 3GPP TR 38.901 V17.0.0 indoor path loss by the "
                          "building's use (office InH, open office InH-open, factory InF, "
                          "others InH), LoS state probabilistic"),
            std::string::npos)
      << describe;

  ModelConfig c;
  c.name = "ray-2.5d";
  c.ray.indoor_model = "InH-Office";
  EXPECT_EQ(error_of(c).rfind("propagation.ray.indoor_model: found 'InH-Office', expected one of "
                              "by_use, InH, InH-open, InF,",
                              0),
            0u);
  c.ray.indoor_model = "InF";
  c.ray.indoor_clutter_density = 1.0;
  EXPECT_EQ(error_of(c).rfind("propagation.ray.indoor_clutter_density: found 1,", 0), 0u);
  c.ray.indoor_clutter_density = 0.3;
  c.ray.indoor_model = "free_space";
  EXPECT_EQ(error_of(c), "");
}

}  // namespace
}  // namespace akichi::prop::ray_adapter_test

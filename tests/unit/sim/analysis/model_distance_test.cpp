// The measure of length of every link: the one its model's source prescribes (the great circle
// of the 6371 km earth for the terrain models, the study plane for the others) unless
// [terrain] distance gives one for every model.
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/engine/model_registry.h"
#include "propagation/geo/distance.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::model_distance_test {
namespace {

using prop::DistanceKind;

/// A 2 km x 1.6 km study at 35.6 N, 139.8 E (UTM 54N, 1.2 degrees west of its central
/// meridian) over synthetic hills; `terrain_extra` goes into [terrain].
std::string scenario_text(const std::string& model, const std::string& terrain_extra = "") {
  return fmt::format(R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 2000
size_y_m = 1600
cell_size_m = 100
rx_heights_m = [1.5]

[terrain]
source = "synthetic"
{}

[propagation]
model = "{}"

[[station]]
id = "mast"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 2000
bandwidth_MHz = 20
eirp_dBm = 40
)",
                     terrain_extra, model);
}

struct Measured {
  double d_m = 0;          ///< the link distance the model sees
  double profile_end = 0;  ///< the profile's last distance (NaN without a profile)
  std::optional<DistanceKind> given;
};

/// The link from (x0, y0) to (x1, y1) as the engine builds it for the scenario's model.
Measured measure(const Scenario& sc, double x0, double y0, double x1, double y1) {
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  const auto model = prop::make_path_loss_model(sc.model);
  const prop::AreaContext ctx{sc.grid, terrain, *model, effective_profile_step_m(sc)};
  prop::Profile profile;
  prop::LinkInput link;
  prop::make_link({x0, y0, 25, 2e9}, x1, y1, 1.5, ctx, profile, link);
  return {link.d_m, model->uses_profile() ? profile.d_m[profile.size() - 1] : std::nan(""),
          terrain.given_distance()};
}

struct Prescribed {
  std::string model;
  DistanceKind kind;
  std::string source;  ///< a part of the reason check and run print
};

TEST(ModelDistance, EachModelMeasuresAsItsSourcePrescribes) {
  const std::vector<Prescribed> models = {
      {"p452-18", DistanceKind::GreatCircle, "prescribed by ITU-R P.452-18"},
      {"p1812", DistanceKind::GreatCircle, "prescribed by ITU-R P.1812-8"},
      {"p526", DistanceKind::GreatCircle, "prescribed by ITU-R P.526-15"},
      {"itm", DistanceKind::GreatCircle, "prescribed by NTIA ITM 1.2.2"},
      {"free_space", DistanceKind::Plane, "ITU-R P.525-4"},
      {"tr38901", DistanceKind::Plane, "3GPP TR 38.901"},
      {"extended-hata", DistanceKind::Plane, "Hata family"},
      {"ehata-ntia", DistanceKind::Plane, "Hata family"},
      {"p1411", DistanceKind::Plane, "ITU-R P.1411-12"},
  };
  for (const Prescribed& m : models) {
    SCOPED_TRACE(m.model);
    const Scenario sc = parse_scenario(scenario_text(m.model), "dir/s.toml");
    ASSERT_EQ(sc.terrain.distance, std::nullopt);
    const prop::StudyGrid& g = sc.grid;
    const double x0 = g.x(2), y0 = g.y(3), x1 = g.x(17), y1 = g.y(12);  // 1.75 km apart
    const prop::PathDistance prescribed(m.kind, sc.crs);
    const prop::PathDistance great_circle(DistanceKind::GreatCircle, sc.crs);
    const double gc = great_circle.length_m(x0, y0, x1, y1);
    const double plane = std::hypot(x1 - x0, y1 - y0);
    ASSERT_GT(std::abs(gc - plane), 1.0);  // the two measures are told apart here

    const Measured got = measure(sc, x0, y0, x1, y1);
    EXPECT_EQ(got.given, std::nullopt);
    EXPECT_EQ(got.d_m, prescribed.length_m(x0, y0, x1, y1));
    EXPECT_EQ(got.d_m, m.kind == DistanceKind::Plane ? plane : gc);
    if (!std::isnan(got.profile_end)) {
      EXPECT_EQ(got.profile_end, got.d_m);
    }
    EXPECT_EQ(prop::model_entry(m.model).distance, m.kind);
    const std::string why = prop::distance_text(m.model, sc.terrain.distance);
    EXPECT_EQ(why.rfind(std::string(prop::distance_kind_name(m.kind)) + " (", 0), 0u) << why;
    EXPECT_NE(why.find(m.source), std::string::npos) << why;
  }
  // ray-2.5d needs buildings to run; its entry keeps the plane its buildings lie in.
  EXPECT_EQ(prop::model_entry("ray-2.5d").distance, DistanceKind::Plane);
  // Every entry says where its measure comes from.
  for (const prop::ModelEntry* e : prop::registered_models())
    EXPECT_FALSE(e->distance_source.empty()) << e->name;
}

TEST(ModelDistance, AGivenDistanceHoldsForEveryModel) {
  const auto given = [](const std::string& model, const std::string& kind) {
    return parse_scenario(scenario_text(model, "distance = \"" + kind + "\""), "dir/s.toml");
  };
  for (const auto& [model, kind, name] :
       {std::tuple{"p452-18", DistanceKind::Plane, "plane"},
        std::tuple{"itm", DistanceKind::Geodesic, "geodesic"},
        std::tuple{"tr38901", DistanceKind::GreatCircle, "great-circle"},
        std::tuple{"extended-hata", DistanceKind::Geodesic, "geodesic"}}) {
    SCOPED_TRACE(model);
    const Scenario sc = given(model, name);
    ASSERT_EQ(sc.terrain.distance, kind);
    const prop::StudyGrid& g = sc.grid;
    const double x0 = g.x(2), y0 = g.y(3), x1 = g.x(17), y1 = g.y(12);
    const Measured got = measure(sc, x0, y0, x1, y1);
    EXPECT_EQ(got.given, kind);
    EXPECT_EQ(got.d_m, prop::PathDistance(kind, sc.crs).length_m(x0, y0, x1, y1));
    EXPECT_EQ(prop::distance_text(model, sc.terrain.distance),
              std::string(name) + " (given by [terrain] distance)");
  }
}

TEST(ModelDistance, OneTerrainServesModelsOfEitherMeasure) {
  // The database stations' and MIC rules' models share the study's terrain: each context takes
  // its own model's measure from it.
  const Scenario sc = parse_scenario(scenario_text("p452-18"), "dir/s.toml");
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  prop::ModelConfig hata;
  hata.name = "extended-hata";
  prop::apply_defaults(prop::model_entry(hata.name), {}, hata);
  const auto p452 = prop::make_path_loss_model(sc.model);
  const auto plane_model = prop::make_path_loss_model(hata);
  const prop::AreaContext a{sc.grid, terrain, *p452, 100};
  const prop::AreaContext b{sc.grid, terrain, *plane_model, 100};
  ASSERT_NE(a.distance, nullptr);
  EXPECT_EQ(a.distance->kind(), DistanceKind::GreatCircle);
  EXPECT_EQ(b.distance, nullptr);  // the plane
}

TEST(ModelDistance, TheDefaultRunIsTheExplicitGreatCircleRunBitForBit) {
  SilentProgress quiet;
  const auto run = [&](const std::string& extra) {
    return run_coverage(parse_scenario(scenario_text("p452-18", extra), "dir/s.toml"), quiet);
  };
  const CoverageRun by_default = run("");
  const CoverageRun great_circle = run("distance = \"great-circle\"");
  const CoverageRun plane = run("distance = \"plane\"");
  ASSERT_EQ(by_default.loss_dB.size(), great_circle.loss_dB.size());
  ASSERT_FALSE(by_default.loss_dB.empty());
  EXPECT_EQ(std::memcmp(by_default.loss_dB.data(), great_circle.loss_dB.data(),
                        by_default.loss_dB.size() * sizeof(float)),
            0);
  // ... and not the plane's: the measure reaches the losses.
  ASSERT_EQ(plane.loss_dB.size(), by_default.loss_dB.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < plane.loss_dB.size(); ++i)
    differ += plane.loss_dB[i] != by_default.loss_dB[i] ? 1 : 0;
  EXPECT_GT(differ, by_default.loss_dB.size() / 2);
}

}  // namespace
}  // namespace akichi::sim::model_distance_test

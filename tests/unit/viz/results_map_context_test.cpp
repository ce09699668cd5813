// What load_map reads to tie a map to its place: the terrain's hillshade, the building
// footprints, every station with its role and azimuth, best_server's cells below the service
// threshold, and which 0/1 variables are masks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/results/writer.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/map_context.h"
#include "viz/results_map.h"

namespace akichi::viz::results_map_context_test {
namespace {

using sim::results::Group;
using sim::results::Writer;

constexpr double kX0 = 384000.0, kY0 = 3950000.0, kCell = 10.0;
constexpr std::size_t kNx = 6, kNy = 4;

/// best_rx_power at (iy, ix): -80 - 5 ix dBm, so that the threshold of -90 dBm leaves the
/// columns ix >= 3 clear.
float best_rx(std::size_t, std::size_t ix) {
  return static_cast<float>(-80.0 - 5.0 * ix);
}

void write_file(const std::string& path) {
  Writer w(path);
  Group& root = w.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  std::vector<double> x, y;
  for (std::size_t i = 0; i < kNx; ++i) x.push_back(kX0 + (i + 0.5) * kCell);
  for (std::size_t j = 0; j < kNy; ++j) y.push_back(kY0 + (j + 0.5) * kCell);
  root.add_coordinate("x", x, {{"units", std::string("m")}});
  root.add_coordinate("y", y, {{"units", std::string("m")}});
  root.add_coordinate("height", std::vector<double>{1.5}, {{"units", std::string("m")}});
  root.add_grid_mapping("crs", testing::utm54n_wkt());
  const sim::results::Attrs grid{{"grid_mapping", std::string("crs")}};

  root.add_dimension("station", 2);
  root.add_string_variable("station_id", "station", {"gnb-east", "gnb-omni"});
  root.add_string_variable("station_antenna", "station",
                           {"3gpp_sector 8 dBi az 90 tilt 4 hpbw_h 65", "isotropic 0 dBi"});
  root.write_variable<double>("station_x", {"station"}, std::vector<double>{kX0 + 15, kX0 + 45});
  root.write_variable<double>("station_y", {"station"}, std::vector<double>{kY0 + 15, kY0 + 25});

  root.add_dimension("db_station", 4);
  root.add_string_variable("db_station_id", "db_station", {"ps-rx", "ps-tx", "es-up", "l5g"});
  root.add_string_variable("db_station_role", "db_station",
                           {"incumbent", "incumbent", "incumbent", "local5g_base"});
  root.add_string_variable(
      "db_station_service", "db_station",
      {"public-service fixed", "public-service fixed", "satellite uplink earth station", ""});
  root.add_string_variable(
      "db_station_antenna", "db_station",
      {"3gpp_sector 15 dBi az 225 tilt 0", "isotropic 0 dBi",
       "s465 D 4.5 m at 28.4 GHz G_max 60.99 dBi az 179.005 el 49.7771", "isotropic 0 dBi"});
  root.write_variable<std::uint8_t>("db_station_receives", {"db_station"},
                                    std::vector<std::uint8_t>{1, 0, 0, 1});
  root.write_variable<double>("db_station_x", {"db_station"},
                              std::vector<double>{kX0 + 5, kX0 + 25, kX0 + 35, kX0 + 55});
  root.write_variable<double>("db_station_y", {"db_station"},
                              std::vector<double>{kY0 + 5, kY0 + 35, kY0 + 15, kY0 + 5});

  // Terrain rising 3 m a cell to the east; one building over cells ix 1..2, iy 1..2.
  std::vector<float> terrain;
  std::vector<std::int32_t> building;
  std::vector<float> best;
  std::vector<std::int16_t> server;
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix) {
      terrain.push_back(static_cast<float>(3.0 * ix));
      building.push_back(ix >= 1 && ix <= 2 && iy >= 1 && iy <= 2 ? 0 : -1);
      best.push_back(best_rx(iy, ix));
      server.push_back(ix < 3 ? 0 : 1);
    }
  auto with = [&](sim::results::Attrs a) {
    a.insert(a.end(), grid.begin(), grid.end());
    return a;
  };
  root.write_variable<float>("terrain_height", {"y", "x"}, terrain,
                             with({{"units", std::string("m")}}));
  root.write_variable<std::int32_t>("building_index", {"y", "x"}, building, with({}), {},
                                    std::int32_t{-1});
  root.write_variable<float>("best_rx_power", {"height", "y", "x"}, best,
                             with({{"units", std::string("dBm")}}), {},
                             std::numeric_limits<float>::quiet_NaN());
  root.write_variable<std::int16_t>("best_server", {"height", "y", "x"}, server,
                                    with({{"units", std::string("1")},
                                          {"flag_values", std::vector<std::int32_t>{0, 1}},
                                          {"flag_meanings", std::string("gnb-east gnb-omni")}}),
                                    {}, std::int16_t{-1});
  root.write_variable<double>("premises_coverage_share", {"height"}, std::vector<double>{0.5},
                              {{"threshold_dBm", -90.0}});
  std::vector<std::uint8_t> cover(kNx * kNy * 2, 0);
  cover[1] = 1;
  root.add_dimension("mic_station", 2);
  root.add_string_variable("mic_station_id", "mic_station", {"gnb-east", "gnb-omni"});
  root.write_variable<std::uint8_t>("mic_coverage", {"mic_station", "y", "x"}, cover,
                                    with({{"units", std::string("1")},
                                          {"flag_values", std::vector<std::int32_t>{0, 1}},
                                          {"flag_meanings", std::string("outside inside")}}));
  w.commit();
}

class ResultsMapContext : public ::testing::Test {
 protected:
  void SetUp() override { write_file(dir.file("r.h5")); }
  LoadedMap load(const std::string& var, const std::string& station = "") {
    LayerSelection s;
    s.var = var;
    s.station = station;
    return load_map(dir.file("r.h5"), s);
  }
  testing::ScratchDir dir;
};

TEST_F(ResultsMapContext, BestServerBelowTheServiceThresholdIsClear) {
  const LoadedMap m = load("best_server");
  EXPECT_FALSE(m.layer.mask) << "two stations are categories, not a mask";
  ASSERT_EQ(m.layer.clear.size(), kNx * kNy);
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix)
      EXPECT_EQ(m.layer.clear[iy * kNx + ix], best_rx(iy, ix) < -90.0f ? 1 : 0) << ix << "," << iy;
  EXPECT_EQ(m.layer.clear[3], 1);  // -95 dBm
  EXPECT_EQ(m.layer.clear[2], 0);  // exactly -90 dBm: served
  EXPECT_EQ(m.layer.clear_label, "below \u221290 dBm");
  // Other variables have no clear cells.
  EXPECT_TRUE(load("best_rx_power").layer.clear.empty());
}

TEST_F(ResultsMapContext, ZeroOneFlagVariablesAreMasks) {
  const LoadedMap m = load("mic_coverage", "gnb-east");
  EXPECT_TRUE(m.layer.mask);
  EXPECT_EQ(m.layer.values[1], 1.0f);
}

TEST_F(ResultsMapContext, StationsWithTheirRolesAndAzimuths) {
  const LoadedMap m = load("best_rx_power");
  ASSERT_EQ(m.overlay.sites.size(), 6u);
  const auto& s = m.overlay.sites;
  EXPECT_EQ(s[0].label, "gnb-east");
  EXPECT_EQ(s[0].role, StationRole::planned);
  EXPECT_EQ(s[1].role, StationRole::planned);
  EXPECT_TRUE(std::isnan(s[1].azimuth_deg)) << "isotropic";
  EXPECT_EQ(s[2].label, "ps-rx");
  EXPECT_EQ(s[2].role, StationRole::protected_receiver);
  EXPECT_EQ(s[3].role, StationRole::incumbent_transmitter);
  EXPECT_EQ(s[4].role, StationRole::earth_station);
  EXPECT_EQ(s[5].role, StationRole::database_local5g);
  // The true azimuths on the grid of UTM zone 54, west of its central meridian.
  EXPECT_NEAR(s[0].azimuth_deg, grid_azimuth(m.layer, kX0 + 15, kY0 + 15, 90.0), 1e-9);
  EXPECT_NEAR(s[0].azimuth_deg, 90.7, 0.1);
  EXPECT_NEAR(s[2].azimuth_deg, 225.7, 0.1);
  EXPECT_NEAR(s[4].azimuth_deg, 179.005 + 0.7, 0.1);
  EXPECT_TRUE(std::isnan(s[3].azimuth_deg));
  EXPECT_TRUE(m.overlay.stations.empty());
}

TEST_F(ResultsMapContext, HillshadeOfTheTerrainAndBuildingFootprints) {
  const LoadedMap m = load("best_rx_power");
  ASSERT_TRUE(m.overlay.backdrop.has_value());
  const Backdrop& b = *m.overlay.backdrop;
  EXPECT_TRUE(b.relief);
  EXPECT_EQ(b.width, static_cast<int>(kNx));
  EXPECT_EQ(b.height, static_cast<int>(kNy));
  // Terrain rising to the east faces west, half towards the light from the north-west: every
  // cell the same, brighter than flat ground.
  // (The border cells are extrapolated by GDAL's -compute_edges: inner cells only.)
  const std::uint8_t inner = b.rgb[(1 * kNx + 1) * 3];
  for (std::size_t iy = 1; iy + 1 < kNy; ++iy)
    for (std::size_t ix = 1; ix + 1 < kNx; ++ix) EXPECT_EQ(b.rgb[(iy * kNx + ix) * 3], inner);
  EXPECT_GT(inner, flat_hillshade() + 10);
  ASSERT_EQ(m.overlay.buildings.size(), 1u);
  double xmin = 1e18, xmax = -1e18, ymin = 1e18, ymax = -1e18;
  for (const auto& [x, y] : m.overlay.buildings[0]) {
    xmin = std::min(xmin, x);
    xmax = std::max(xmax, x);
    ymin = std::min(ymin, y);
    ymax = std::max(ymax, y);
  }
  EXPECT_DOUBLE_EQ(xmin, kX0 + 10);
  EXPECT_DOUBLE_EQ(xmax, kX0 + 30);
  EXPECT_DOUBLE_EQ(ymin, kY0 + 10);
  EXPECT_DOUBLE_EQ(ymax, kY0 + 30);
}

}  // namespace
}  // namespace akichi::viz::results_map_context_test

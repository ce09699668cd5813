// The MIC areas take a base station's indoor flag from the station model: a database local 5G
// base station standing inside a [buildings] footprint below its roof gets the rules' building
// entry loss, as a planned station with indoor = true does.
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::mic_indoor_test {
namespace {

// Hall "hall-a" of campus.geojson is 40 x 30 m and 15 m high; every station stands at its
// centre, 5 m above the ground.
std::string scenario_text() {
  const std::string data = AKICHI_TEST_DATA_DIR;
  const std::string rules =
      std::string(AKICHI_SOURCE_DIR) + "/scenarios/rules/mic-local5g-example.toml";
  const std::string at =
      "lat_deg = 35.507623\nlon_deg = 139.787252\nheight_m = 5\n"
      "freq_MHz = 4800\nbandwidth_MHz = 100\neirp_dBm = 30\n";
  return "[area]\ncenter_lat_deg = 35.5076\ncenter_lon_deg = 139.7875\nsize_x_m = 400\n"
         "size_y_m = 400\ncell_size_m = 20\n"
         "[propagation]\nmodel = \"free_space\"\n"
         "[buildings]\npath = \"" +
         data +
         "/buildings/campus.geojson\"\n"
         "height_attribute = \"height_m\"\nid_attribute = \"name\"\n"
         "[mic]\nrules = \"" +
         rules +
         "\"\n"
         "[[station]]\nid = \"planned-in\"\nlicensee = \"A\"\nindoor = true\n" +
         at + "[[station]]\nid = \"planned-out\"\nlicensee = \"A\"\nindoor = false\n" + at +
         "[[licensee_station]]\nid = \"db-base\"\nrole = \"local5g_base\"\nlicensee = \"B\"\n"
         "tdd = \"synchronous\"\n" +
         at;
}

TEST(MicIndoor, DatabaseBaseStationInsideABuildingTakesTheEntryLoss) {
  const Scenario sc = parse_scenario(scenario_text(), "dir/mic.toml");
  ASSERT_EQ(sc.stations.planned().size(), 2u);
  ASSERT_EQ(sc.stations.database().size(), 1u);
  EXPECT_TRUE(sc.stations.database()[0].indoor_auto);  // placed by the footprints
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  SilentProgress progress;
  const SharingRun run = run_sharing(sc, terrain, nullptr, progress, nullptr);
  ASSERT_EQ(run.mic_station_ids,
            (std::vector<std::string>{"planned-in", "planned-out", "db-base"}));
  const std::size_t cells = sc.grid.cells();
  ASSERT_EQ(run.mic_rx_dBm.size(), 3 * cells);
  std::size_t finite = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    const float in = run.mic_rx_dBm[c], out = run.mic_rx_dBm[cells + c];
    const float db = run.mic_rx_dBm[2 * cells + c];
    if (!std::isfinite(in)) continue;
    ++finite;
    EXPECT_EQ(db, in) << "cell " << c;
    EXPECT_NEAR(out - in, 10.0, 1e-4) << "cell " << c;  // the rules' fixed 10 dB
  }
  EXPECT_GT(finite, cells / 2);
}

}  // namespace
}  // namespace akichi::sim::mic_indoor_test

// Municipal eligibility (sim/analysis/municipal.h): the reduction on hand-made terms, and a hand
// case through a whole sharing run: three 200 m square municipalities side by side on flat
// ground, a public-service receiver (isotropic, 20 m) in the middle of the first, free-space
// paths at 4.6-4.9 GHz. The reference indoor station (a weak one, -8 dBm EIRP, with 10 dB entry
// loss) exceeds the receiver's criterion (I/N -10 dB, about -100 dBm) within about 50 m of it on
// its own channel, inside the first municipality only: that one is not eligible, the others are.
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/municipal.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::municipal_test {
namespace {

namespace fs = std::filesystem;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

TEST(MunicipalEligibility, ReductionOverReceiversChannelsHeightsAndCells) {
  // 4 cells, 2 heights, 2 channels; municipalities: cells 0, 1 -> 0; cell 2 -> 1; cell 3 none.
  MunicipalInput in;
  in.n_municipalities = 3;  // the third has no cell
  in.n_heights = 2;
  in.n_cells = 4;
  in.n_channels = 2;
  in.owner = {0, 0, 1, -1};
  in.reference_eirp_dBm = 20;
  in.entry_loss_dB = {10, 12};
  // m = a + L_BEL - EIRP_ref - K
  const std::vector<float> k0 = {-100, -90, -130, -50, /* height 1 */ -95, -120, kNaNf, -40};
  const std::vector<float> k1 = {-200, -200, -105, -200, /* height 1 */ -200, -200, -200, -200};
  in.receivers.push_back({k0, {-100, -60}});
  in.receivers.push_back({k1, {kInf, -100}});
  const MunicipalResult r = municipal_eligibility(in);

  EXPECT_EQ(r.cells, (std::vector<std::size_t>{2, 1, 0}));
  // Municipality 0, receiver 0, channel 0: cell 1 at height 0: -100 + 10 - 20 + 90 = -20 dB.
  EXPECT_DOUBLE_EQ(r.worst_margin_dB[0], -20.0);
  EXPECT_EQ(r.binding[0].receiver, 0);
  EXPECT_EQ(r.binding[0].channel, 0);
  EXPECT_EQ(r.binding[0].height, 0);
  EXPECT_EQ(r.binding[0].cell, 1);
  // Municipality 1 (cell 2): receiver 0 channel 0 height 0: -110 + 130 = 20; height 1 is NaN;
  // receiver 1 channel 1 height 0: -100 + 12 - 20 + 105 = -3 (channel 0 cannot reach it).
  EXPECT_DOUBLE_EQ(r.worst_margin_dB[1], -3.0);
  EXPECT_EQ(r.binding[1].receiver, 1);
  EXPECT_EQ(r.binding[1].channel, 1);
  EXPECT_EQ(r.binding[1].cell, 2);
  EXPECT_EQ(r.worst_margin_dB[2], kInf);
  EXPECT_EQ(r.binding[2].receiver, -1);
  EXPECT_EQ(r.eligible, (std::vector<std::uint8_t>{0, 0, 1}));
  // Per cell: the least over receivers, channels and heights; NaN outside every municipality.
  EXPECT_FLOAT_EQ(r.cell_margin_dB[0], -100 + 10 - 20 + 95);  // receiver 0, ch 0, height 1
  EXPECT_FLOAT_EQ(r.cell_margin_dB[1], -20);
  EXPECT_FLOAT_EQ(r.cell_margin_dB[2], -3);
  EXPECT_TRUE(std::isnan(r.cell_margin_dB[3]));

  // A margin of exactly 0 dB does not exceed: eligible.
  in.reference_eirp_dBm = 0;
  in.owner = {1, 1, 0, -1};
  EXPECT_DOUBLE_EQ(municipal_eligibility(in).worst_margin_dB[0], 17.0);
  in.reference_eirp_dBm = 17;
  const MunicipalResult edge = municipal_eligibility(in);
  EXPECT_DOUBLE_EQ(edge.worst_margin_dB[0], 0.0);
  EXPECT_EQ(edge.eligible[0], 1);

  in.entry_loss_dB = {10};
  EXPECT_THROW(municipal_eligibility(in), RuntimeError);
}

constexpr double kX0 = 400000, kY0 = 3900000;

std::string square(const std::string& code, const std::string& name, double x0) {
  return fmt::format(
      R"({{"type":"Feature","properties":{{"N03_001":"例示県","N03_003":"例示市","N03_004":"{}",)"
      R"("N03_007":"{}"}},"geometry":{{"type":"Polygon","coordinates":[[[{},{}],[{},{}],[{},{}],)"
      R"([{},{}],[{},{}]]]}}}})",
      name, code, x0, kY0, x0 + 200, kY0, x0 + 200, kY0 + 200, x0, kY0 + 200, x0, kY0);
}

constexpr const char* kRules = R"(
[rules]
title = "test rules"
status = "example"
source = "unit test"

[[band]]
name = "4.7GHz"
freq_min_GHz = 4.6
freq_max_GHz = 4.9
coverage_threshold_dBm = -80.0
coordination_threshold_dBm = -95.0
reference_bandwidth_MHz = 1.0
terminal_height_m = 1.5
[band.propagation]
model = "free_space"
[band.building_entry_loss]
model = "fixed"
loss_dB = 10.0
[band.municipal_eligibility]
freq_min_GHz = 4.6
freq_max_GHz = 4.8
indoor_only = true
reference_eirp_dBm = -8.0
)";

constexpr const char* kScenario = R"(
[scenario]
name = "municipal hand case"

[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900200
cell_size_m = 20
rx_heights_m = [10.0]

[terrain]
source = "flat"

[propagation]
model = "free_space"

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100
aclr_dB = 45
acs_dB = 45

[[incumbent]]
id = "ps-rx"
x_m = 400100
y_m = 3900100
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
feeder_loss_dB = 2
i_over_n_dB = -10
[incumbent.antenna]
gain_dBi = 0

[vacancy]
max_eirp_dBm = 100
min_useful_eirp_dBm = 0

[municipal]
boundaries = "squares.geojson"
rules = "rules.toml"
)";

class MunicipalRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("akichi-municipal-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "rules.toml") << kRules;
    std::ofstream(dir_ / "squares.geojson")
        << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
           R"("urn:ogc:def:crs:EPSG::32654"}},"features":[)"
        << square("99101", "東区", kX0) << "," << square("99102", "中区", kX0 + 200) << ","
        << square("99103", "西区", kX0 + 400) << "]}";
    std::ofstream(dir_ / "scenario.toml") << kScenario;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(MunicipalRun, ExceedanceInOneOfThreeSquares) {
  const Scenario sc = load_scenario((dir_ / "scenario.toml").string());
  const MunicipalSpec& mu = sc.sharing.municipal;
  ASSERT_TRUE(mu.enabled);
  EXPECT_EQ(mu.channels, (std::vector<std::size_t>{0, 1}));  // 4600-4700, 4700-4800 MHz
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  SilentProgress progress;
  const SharingRun run = run_sharing(sc, terrain, nullptr, progress);
  ASSERT_TRUE(run.municipal.done);
  const MunicipalResult& r = run.municipal.result;
  ASSERT_EQ(r.eligible.size(), 3u);
  EXPECT_EQ(r.eligible, (std::vector<std::uint8_t>{0, 1, 1}));
  EXPECT_EQ(r.cells, (std::vector<std::size_t>{100, 100, 100}));
  EXPECT_EQ(run.municipal.receivers, (std::vector<std::size_t>{0}));
  for (std::size_t m = 0; m < 3; ++m) {
    EXPECT_EQ(r.binding[m].receiver, 0) << m;  // ps-rx
    EXPECT_EQ(r.binding[m].channel, 1) << m;   // its own channel, 4700-4800 MHz
  }

  // The worst margin against the run's own numbers at the cells: the vacancy cube holds
  // a_ik - K_i (uncapped at 100 dBm), so m = max_eirp + L_BEL - EIRP_ref, least over the
  // municipality's cells and the sub-band's channels.
  const std::size_t cells = sc.grid.cells();
  std::vector<double> expected(3, kInf);
  for (std::size_t k : mu.channels) {
    const float* eirp = run.vacancy.max_eirp_dBm.data() + run.vacancy.index(0, k, 0);
    for (std::size_t c = 0; c < cells; ++c) {
      const std::size_t m = (c % 30) / 10;  // 10 columns of 20 m per municipality
      ASSERT_LT(eirp[c], 100.0f);
      expected[m] = std::min(expected[m], double(eirp[c]) + 10.0 + 8.0);
    }
  }
  for (std::size_t m = 0; m < 3; ++m) EXPECT_NEAR(r.worst_margin_dB[m], expected[m], 1e-4) << m;

  // And against the closed form at the binding cells. a = I_lim + F (co-channel: no coupling
  // loss); K = -L_fs(d) with the isotropic 0 dBi receiver; m = a + 10 - (-8) + L_fs(d).
  const double a = run.interference_limit_dBm[0] + 2.0;
  const auto free_space_dB = [](double d_m) {
    return 20 * std::log10(d_m) + 20 * std::log10(4.75e9) - 147.55;
  };
  // The first municipality: the four cells around the receiver, 14.14 m away and 10 m below.
  EXPECT_NEAR(r.worst_margin_dB[0], a + 18 + free_space_dB(std::hypot(10 * std::sqrt(2.0), 10.0)),
              0.05);
  EXPECT_LT(r.worst_margin_dB[0], 0.0);
  // The second: its nearest column, 110 m east (cells at y = 90 and 110 m, 10 m off the axis).
  EXPECT_NEAR(r.worst_margin_dB[1],
              a + 18 + free_space_dB(std::sqrt(110.0 * 110 + 10 * 10 + 10 * 10)), 0.05);
  EXPECT_GT(r.worst_margin_dB[1], 0.0);
  EXPECT_GT(r.worst_margin_dB[2], r.worst_margin_dB[1] + 5.0);
  EXPECT_EQ(r.binding[0].cell % 30 == 4 || r.binding[0].cell % 30 == 5, true);
  EXPECT_EQ(r.binding[1].cell % 30, 10);
}

}  // namespace
}  // namespace akichi::sim::municipal_test

// Criterion settings per protected station (the station lists' criterion_mode and criterion_at,
// sim/station/criterion.h) in one run: two receivers side by side on 4700-4800 MHz with the same
// criterion, -120 dBm per 1 MHz, and a 3 dB feeder; the scenario's [protection] says band average
// at the antenna port, and one receiver states its own worst reference bandwidth at its receiver
// input. One planned base station on 4700-4720 MHz, wholly inside both bands (its in-band share
// is exactly 1, flat over its 20 MHz).
//   rx-avg (the scenario's): I_lim = -120 + 10 log10(100 MHz / 1 MHz) - 3 = -103 dBm over the
//     band; the aggregate is the station's whole coupled power P.
//   rx-own (its own): I_lim = -120 dBm in 1 MHz; the aggregate is the worst 1 MHz window,
//     P / 20: 10 log10(1/20) = -13.0103 dB under P.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"
#include "sim/station/criterion.h"

namespace akichi::sim::criterion_per_station_test {
namespace {

constexpr const char* kScenario = R"(
[scenario]
name = "criterion settings per station"

[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900600
cell_size_m = 60
rx_heights_m = [10.0]

[terrain]
source = "synthetic"
seed = 7
base_m = 5
relief_m = 0
wavelength_m = 400

[propagation]
model = "free_space"

[spectrum]
band_lo_MHz = 4700
band_hi_MHz = 4800
bandwidth_MHz = 20

[protection]
criterion_mode = "band_average"
criterion_at = "antenna_port"

[[incumbent]]
id = "rx-avg"
x_m = 400300
y_m = 3900300
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
feeder_loss_dB = 3
interference_dBm = -120
ref_bandwidth_MHz = 1
[incumbent.antenna]
gain_dBi = 0

[[incumbent]]
id = "rx-own"
x_m = 400500
y_m = 3900300
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
feeder_loss_dB = 3
interference_dBm = -120
ref_bandwidth_MHz = 1
criterion_mode = "worst_reference_bandwidth"
criterion_at = "receiver_input"
[incumbent.antenna]
gain_dBi = 0

[aggregate]
terminals = false
bs_activity = 1.0

[[station]]
id = "gnb"
x_m = 400100
y_m = 3900100
height_m = 10
freq_MHz = 4710
bandwidth_MHz = 20
eirp_dBm = 20
)";

TEST(CriterionPerStation, TwoReceiversWithTheirOwnSettingsInOneRun) {
  const Scenario sc = parse_scenario(kScenario, "criterion_per_station.toml");
  const auto db = sc.stations.database();
  ASSERT_EQ(db.size(), 2u);
  EXPECT_FALSE(db[0].criterion.mode);
  EXPECT_EQ(db[1].criterion.mode, CriterionMode::WorstReferenceBandwidth);
  EXPECT_EQ(db[1].criterion.at, CriterionAt::ReceiverInput);
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  SilentProgress progress;
  const SharingRun run = run_sharing(sc, terrain, nullptr, progress);

  // The limits and their bandwidths, each by its own settings.
  EXPECT_NEAR(run.interference_limit_dBm[0], -103.0, 1e-12);
  EXPECT_DOUBLE_EQ(run.criterion_bandwidth_Hz[0], 100e6);
  EXPECT_DOUBLE_EQ(run.interference_limit_dBm[1], -120.0);
  EXPECT_DOUBLE_EQ(run.criterion_bandwidth_Hz[1], 1e6);

  // The aggregate on 4700-4720 MHz: the whole coupled power at rx-avg, the worst 1 MHz of it at
  // rx-own.
  ASSERT_EQ(run.receivers.size(), 2u);
  ASSERT_EQ(run.sources.size(), 1u);
  const AggregateResult& ag = run.aggregate;
  const std::size_t nc = sc.sharing.channels.size();
  for (std::size_t r = 0; r < 2; ++r) {
    const double p = run.aggregate_contribution_dBm[r * nc + 0];  // [receiver][channel][source]
    ASSERT_TRUE(std::isfinite(p));
    const double expected = r == 0 ? p : p - 10.0 * std::log10(20.0);
    EXPECT_NEAR(ag.aggregate_dBm[ag.index(0, 0, r)], expected, 1e-9) << r;
    EXPECT_NEAR(ag.margin_dB[ag.index(0, 0, r)], run.interference_limit_dBm[r] - expected, 1e-9)
        << r;
  }
  EXPECT_NEAR(-10.0 * std::log10(20.0), -13.010299956639812, 1e-12);
}

}  // namespace
}  // namespace akichi::sim::criterion_per_station_test

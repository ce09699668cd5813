// First come, first served in the allocation (sim/analysis/allocation.h) against the live
// engine's grant decisions on the same stations: the allocation takes its couplings from the
// batch's aggregate (sim/analysis/sharing_run.h, the planned layout's contributions at the
// protected receivers, less the EIRP); the live engine judges each applicant in turn
// (judge_grant), grants it as asked or at its grantable EIRP, and adds it (upsert) before the
// next. Both must grant the same applicants at the same EIRP (to the float rounding of the
// coupling tensors, well under 1e-3 dB).
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/allocation.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/live/live_engine.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::live::allocation_live_test {
namespace {

// Two incumbent receivers on channels 1 and 2 of a 4600-4900 MHz plan; seven planned base
// stations on the three channels, some close to the receivers (reduced or denied), some far
// (granted as asked), one over the system maximum.
constexpr const char* kScenario = R"(
[scenario]
name = "allocation against the live engine"

[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900600
cell_size_m = 30
rx_heights_m = [10.0]

[terrain]
source = "synthetic"
seed = 21
base_m = 5
relief_m = 20
wavelength_m = 400

[propagation]
model = "p452-18"

[propagation.p452-18]
time_percent = 50
zone = "inland"

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100
aclr_dB = 40
acs_dB = 40

[[incumbent]]
id = "rx-a"
x_m = 400150
y_m = 3900450
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
feeder_loss_dB = 2
i_over_n_dB = -10
[incumbent.antenna]
gain_dBi = 10

[[incumbent]]
id = "rx-b"
x_m = 400450
y_m = 3900150
height_m = 15
freq_lo_MHz = 4800
freq_hi_MHz = 4900
interference_dBm = -110
ref_bandwidth_MHz = 1

# rx-b's power criterion as a band average: first come, first served checks one sum per
# receiver, as the live engine does for a criterion over the band.
[protection]
criterion_mode = "band_average"

[vacancy]
max_eirp_dBm = 40
min_useful_eirp_dBm = -20
antenna_gain_dBi = 0

[aggregate]
terminals = false
bs_activity = 1.0

[[station]]
id = "a1"
x_m = 400200
y_m = 3900400
height_m = 8
freq_MHz = 4750
bandwidth_MHz = 100
eirp_dBm = 0
licensee = "l1"

[[station]]
id = "a2"
x_m = 400500
y_m = 3900550
height_m = 8
freq_MHz = 4750
bandwidth_MHz = 100
eirp_dBm = -15
licensee = "l2"

[[station]]
id = "a3"
x_m = 400120
y_m = 3900480
height_m = 10
freq_MHz = 4750
bandwidth_MHz = 100
eirp_dBm = 10
licensee = "l3"

[[station]]
id = "a4"
x_m = 400400
y_m = 3900200
height_m = 6
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 25
licensee = "l4"

[[station]]
id = "a5"
x_m = 400050
y_m = 3900050
height_m = 6
freq_MHz = 4650
bandwidth_MHz = 100
eirp_dBm = 45
licensee = "l5"

[[station]]
id = "a6"
x_m = 400300
y_m = 3900300
height_m = 8
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = -10
licensee = "l6"

[[station]]
id = "a7"
x_m = 400180
y_m = 3900420
height_m = 8
freq_MHz = 4650
bandwidth_MHz = 100
eirp_dBm = 0
licensee = "l7"
)";

TEST(AllocationLive, FirstComeFirstServedAgreesWithTheLiveGrantDecisions) {
  const Scenario sc = parse_scenario(kScenario, "allocation_live_test.toml");
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  SilentProgress progress;
  const SharingRun run = run_sharing(sc, terrain, nullptr, progress);
  const auto planned = sc.stations.planned();
  const std::vector<Channel>& channels = sc.sharing.channels;
  ASSERT_EQ(run.sources.size(), planned.size());  // base stations only (terminals = false)

  AllocationInput in;
  in.n_applicants = planned.size();
  in.n_receivers = run.receivers.size();
  in.n_channels = channels.size();
  for (const Station& p : planned) {
    in.requested_eirp_dBm.push_back(p.eirp_dBm);
    std::size_t k = 0;
    while (channels[k].lo_Hz != p.freq_lo_Hz) ++k;
    in.channel.push_back(k);
  }
  for (std::size_t r = 0; r < in.n_receivers; ++r) {
    in.limit_dBm.push_back(run.interference_limit_dBm[run.receivers[r]]);
    for (std::size_t k = 0; k < in.n_channels; ++k) {
      for (std::size_t a = 0; a < in.n_applicants; ++a) {
        const double c =
            run.aggregate_contribution_dBm[(r * in.n_channels + k) * in.n_applicants + a];
        in.coupling_dB.push_back(c - planned[a].eirp_dBm);
      }
    }
  }
  in.max_eirp_dBm = sc.sharing.vacancy.max_eirp_dBm;
  in.min_eirp_dBm = sc.sharing.vacancy.min_useful_eirp_dBm;

  for (const std::vector<std::size_t>& order : {std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6},
                                                std::vector<std::size_t>{6, 5, 4, 3, 2, 1, 0},
                                                std::vector<std::size_t>{2, 0, 6, 1, 5, 3, 4}}) {
    const AllocationResult fcfs = allocate_fcfs(in, order);
    LiveEngine engine(sc, terrain);
    std::vector<Station> incumbents;
    for (const Station& s : sc.stations.database()) incumbents.push_back(s);
    engine.set_stations(incumbents);
    int as_asked = 0, reduced = 0, denied = 0;
    for (const std::size_t a : order) {
      Station req = planned[a];
      req.role = StationRole::Local5gBase;
      req.transmits = true;
      req.receives = false;
      const GrantDecision d = engine.judge_grant(req, in.channel[a]);
      std::optional<double> eirp;
      if (d.granted) {
        eirp = req.eirp_dBm;
        ++as_asked;
      } else if (d.grantable_eirp_dBm) {
        eirp = *d.grantable_eirp_dBm;
        req.eirp_dBm = *eirp;
        EXPECT_TRUE(engine.judge_grant(req, in.channel[a]).granted) << req.id;
        // The receiver with the least margin bound the request in both.
        for (std::size_t r = 0; r < in.n_receivers; ++r) {
          if (sc.stations.database()[run.receivers[r]].id == d.binding) {
            EXPECT_EQ(fcfs.bound_by[a * in.n_receivers + r], 1) << req.id;
          }
        }
        ++reduced;
      } else {
        ++denied;
      }
      ASSERT_EQ(fcfs.granted[a] != 0, eirp.has_value()) << req.id;
      if (!eirp) continue;
      EXPECT_NEAR(fcfs.eirp_dBm[a], *eirp, 1e-3) << req.id;
      engine.upsert(req);
    }
    // The case exercises every answer.
    EXPECT_GE(as_asked, 1);
    EXPECT_GE(reduced, 1);
    EXPECT_GE(denied, 1);
    // The aggregate at each receiver after the allocation, as the live engine sums it.
    const std::vector<ReceiverChange> now = engine.interference();
    for (std::size_t r = 0; r < in.n_receivers; ++r) {
      const std::string& id = sc.stations.database()[run.receivers[r]].id;
      for (const ReceiverChange& c : now) {
        if (c.receiver != id) continue;
        EXPECT_NEAR(c.after_dBm, fcfs.aggregate_dBm[r], 1e-3) << id;
      }
    }
  }
}

}  // namespace
}  // namespace akichi::sim::live::allocation_live_test

// [coordination] for a receiver whose power criterion holds in every reference bandwidth
// (sim/station/criterion.h, worst_reference_bandwidth): the allocation checks one sum per
// receiver, so each applicant's coupling carries the share of its power in its own worst window
// (worst_window_share_dB in sim/analysis/sharing_run.cpp), and the sum of those shares bounds
// the worst window's sum (a sum of maxima is at least the maximum of sums).
//
// The hand case: one receiver on 4700-4800 MHz with -120 dBm per 10 MHz; two applicants on
// 20 MHz channels inside its band, A on 4700-4720 MHz and B on 4760-4780 MHz, so that they fill
// disjoint windows. A channel wholly inside the band couples all its power in band (the
// in-band share f / (f + (1 - f) 10^(-ACIR/10)) with f = 1 is exactly 1), flat over its 20 MHz:
// a 10 MHz window holds at most 10/20 = 1/2 of it. So
//   - the coordination's coupling of each applicant is its band power per dBm of EIRP less
//     10 log10(2) = 3.0103 dB;
//   - each applicant asking for a band power of 1.2 L (L the window limit) puts 0.6 L in its
//     worst window, and alone it fits. Together the true worst window holds 0.6 L (the windows
//     are disjoint), but the allocation counts 0.6 L + 0.6 L = 1.2 L: first come, first served
//     grants A as asked and cuts B to the room left, 0.4 L, that is by 10 log10(0.4 / 0.6) =
//     -1.7609 dB; the counted margin is then 0 dB and the true one -10 log10(0.6) = 2.2185 dB
//     (the price of the bound);
//   - the aggregate places the whole layout on one channel of the plan at a time: both on
//     4700-4720 MHz share one window, which then holds 0.6 L + 0.6 L = 1.2 L, over the limit by
//     10 log10(1.2) = 0.7918 dB: the same two applicants in one window do not fit;
//   - each asking for a band power of 0.9 L (0.45 L in its window): the counted sum 0.9 L fits,
//     both are granted as asked, with a counted margin of -10 log10(0.9) = 0.4576 dB.
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::coordination_window_test {
namespace {

constexpr double kLimit_dBm = -120.0;  // per 10 MHz

std::string scenario_text(double eirp_a_dBm, double eirp_b_dBm) {
  return fmt::format(R"(
[scenario]
name = "coordination in the worst reference bandwidth"

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

[[incumbent]]
id = "rx"
x_m = 400300
y_m = 3900300
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
interference_dBm = {limit:.17g}
ref_bandwidth_MHz = 10
[incumbent.antenna]
gain_dBi = 0

[aggregate]
terminals = false
bs_activity = 1.0

[coordination]
method = "fcfs"
max_eirp_dBm = 100
min_eirp_dBm = -100

[[station]]
id = "a"
x_m = 400100
y_m = 3900300
height_m = 10
freq_MHz = 4710
bandwidth_MHz = 20
eirp_dBm = {a:.17g}
licensee = "la"

[[station]]
id = "b"
x_m = 400300
y_m = 3900500
height_m = 10
freq_MHz = 4770
bandwidth_MHz = 20
eirp_dBm = {b:.17g}
licensee = "lb"
)",
                     fmt::arg("limit", kLimit_dBm), fmt::arg("a", eirp_a_dBm),
                     fmt::arg("b", eirp_b_dBm));
}

SharingRun run(const Scenario& sc) {
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  SilentProgress progress;
  return run_sharing(sc, terrain, nullptr, progress);
}

struct Layout {
  Scenario sc;
  SharingRun run;
};

Layout layout(double eirp_a_dBm, double eirp_b_dBm) {
  Layout l{parse_scenario(scenario_text(eirp_a_dBm, eirp_b_dBm), "coordination_window.toml"), {}};
  l.run = run(l.sc);
  return l;
}

constexpr std::size_t kA = 0, kB = 1;             // applicants (and aggregate sources)
constexpr std::size_t kChA = 0, kChB = 3;         // their channels: 4700-4720, 4760-4780 MHz
constexpr double kHalf_dB = -3.0102999566398121;  // 10 log10(1/2)

/// A's and B's band powers at the receiver per dBm of EIRP, on their own channels (the
/// aggregate's contributions at bs_activity = 1, non-TDD: on the air).
struct BandCoupling {
  double a_dB, b_dB;
};

BandCoupling band_coupling(const Layout& l, double eirp_a_dBm, double eirp_b_dBm) {
  // [receiver][channel][source], receiver 0.
  const std::size_t ns = l.run.sources.size();
  return {l.run.aggregate_contribution_dBm[kChA * ns + kA] - eirp_a_dBm,
          l.run.aggregate_contribution_dBm[kChB * ns + kB] - eirp_b_dBm};
}

TEST(CoordinationWindow, EachApplicantCountsWithItsOwnWorstWindow) {
  const Layout probe = layout(0.0, 0.0);
  ASSERT_EQ(probe.sc.sharing.channels.size(), 5u);
  ASSERT_EQ(probe.run.receivers.size(), 1u);
  ASSERT_EQ(probe.run.sources.size(), 2u);
  EXPECT_DOUBLE_EQ(probe.run.interference_limit_dBm[probe.run.receivers[0]], kLimit_dBm);
  EXPECT_DOUBLE_EQ(probe.run.criterion_bandwidth_Hz[probe.run.receivers[0]], 10e6);
  const BandCoupling c = band_coupling(probe, 0.0, 0.0);
  ASSERT_TRUE(std::isfinite(c.a_dB) && std::isfinite(c.b_dB));
  const AllocationInput& in = probe.run.coordination.input;
  EXPECT_EQ(in.channel[kA], kChA);
  EXPECT_EQ(in.channel[kB], kChB);
  EXPECT_NEAR(in.coupling(0, kChA, kA), c.a_dB + kHalf_dB, 1e-9);
  EXPECT_NEAR(in.coupling(0, kChB, kB), c.b_dB + kHalf_dB, 1e-9);
}

TEST(CoordinationWindow, DisjointWindowsAreCountedAsOneSum) {
  const Layout probe = layout(0.0, 0.0);
  const BandCoupling c = band_coupling(probe, 0.0, 0.0);
  // Band powers of 1.2 L: 0.6 L in each applicant's own worst window.
  const double ask_a = kLimit_dBm + 10.0 * std::log10(1.2) - c.a_dB;
  const double ask_b = kLimit_dBm + 10.0 * std::log10(1.2) - c.b_dB;
  const Layout l = layout(ask_a, ask_b);
  const AllocationResult& res = l.run.coordination.allocation;
  ASSERT_EQ(res.granted.size(), 2u);
  EXPECT_EQ(res.granted[kA], 1);
  EXPECT_EQ(res.granted[kB], 1);
  EXPECT_NEAR(res.eirp_dBm[kA], ask_a, 1e-9);
  EXPECT_NEAR(res.eirp_dBm[kB] - ask_b, 10.0 * std::log10(0.4 / 0.6), 1e-6);  // -1.7609 dB
  EXPECT_NEAR(res.eirp_dBm[kB] - ask_b, -1.7609125905568124, 1e-6);
  EXPECT_EQ(res.bound_by[kA], 0);
  EXPECT_EQ(res.bound_by[kB], 1);
  // The counted sum is at the limit; the true worst window holds A's 0.6 L.
  EXPECT_NEAR(res.margin_dB[0], 0.0, 1e-6);
  const double true_worst_dBm =
      std::max(res.eirp_dBm[kA] + c.a_dB, res.eirp_dBm[kB] + c.b_dB) + kHalf_dB;
  EXPECT_NEAR(kLimit_dBm - true_worst_dBm, 2.2184874961635639, 1e-6);  // -10 log10(0.6)

  // The aggregate puts the layout on one channel at a time: on A's channel both share its
  // windows, and the worst holds 0.6 L + 0.6 L = 1.2 L.
  const AggregateResult& ag = l.run.aggregate;
  ASSERT_EQ(ag.n_sets, 1u);
  EXPECT_NEAR(ag.margin_dB[ag.index(0, kChA, 0)], -0.79181246047624818, 1e-6);
}

TEST(CoordinationWindow, ApplicantsWhoseWorstWindowsSumWithinTheLimitAreGrantedAsAsked) {
  const Layout probe = layout(0.0, 0.0);
  const BandCoupling c = band_coupling(probe, 0.0, 0.0);
  // Band powers of 0.9 L: 0.45 L in each applicant's worst window, 0.9 L counted.
  const double ask_a = kLimit_dBm + 10.0 * std::log10(0.9) - c.a_dB;
  const double ask_b = kLimit_dBm + 10.0 * std::log10(0.9) - c.b_dB;
  const Layout l = layout(ask_a, ask_b);
  const AllocationResult& res = l.run.coordination.allocation;
  EXPECT_EQ(res.granted[kA], 1);
  EXPECT_EQ(res.granted[kB], 1);
  EXPECT_NEAR(res.eirp_dBm[kA], ask_a, 1e-9);
  EXPECT_NEAR(res.eirp_dBm[kB], ask_b, 1e-9);
  EXPECT_EQ(res.bound_by[kA] + res.bound_by[kB], 0);
  EXPECT_NEAR(res.margin_dB[0], 0.45757490560675115, 1e-6);  // -10 log10(0.9)
}

}  // namespace
}  // namespace akichi::sim::coordination_window_test

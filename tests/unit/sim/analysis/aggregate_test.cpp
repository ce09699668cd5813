// Aggregate interference: the power sum in mW against single entry, schedules, margins and the
// ranking of contributions.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/aggregate.h"

namespace akichi::sim::aggregate_test {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

TEST(Aggregate, PowerSumInMilliwatts) {
  EXPECT_NEAR(power_sum_dBm({-100.0, -100.0}), -100.0 + 10.0 * std::log10(2.0), 1e-12);
  EXPECT_NEAR(power_sum_dBm({-90.0, -100.0, -110.0}), 10.0 * std::log10(1e-9 + 1e-10 + 1e-11),
              1e-12);
  EXPECT_DOUBLE_EQ(power_sum_dBm({-73.5}), -73.5);  // one entry: the single-entry value
  EXPECT_EQ(power_sum_dBm({}), kNegInf);
  EXPECT_EQ(power_sum_dBm({kNegInf, kNegInf}), kNegInf);
}

TEST(Aggregate, SumsActiveSourcesAtActiveReceiversWithMarginsAndRanking) {
  AggregateInput in;
  in.n_receivers = 2;
  in.n_channels = 2;
  in.n_sources = 3;
  in.limit_dBm = {-110.0, -95.0};
  // [receiver][channel][source]
  in.contribution_dBm = {-115.0, -108.0, -120.0,   // rx 0, ch 0
                         -135.0, -128.0, kNegInf,  // rx 0, ch 1
                         -100.0, -100.0, -97.0,    // rx 1, ch 0
                         -120.0, -121.0, -117.0};  // rx 1, ch 1
  // Set 0: everything on. Set 1: source 1 off, receiver 1 off.
  in.receiver_active = {{1, 1}, {1, 0}};
  in.source_active = {{1, 1, 1}, {1, 0, 1}};
  const AggregateResult r = aggregate_interference(in);
  ASSERT_EQ(r.n_sets, 2u);
  const double a000 = power_sum_dBm({-115.0, -108.0, -120.0});
  EXPECT_DOUBLE_EQ(r.aggregate_dBm[r.index(0, 0, 0)], a000);
  EXPECT_DOUBLE_EQ(r.margin_dB[r.index(0, 0, 0)], -110.0 - a000);
  EXPECT_LT(r.margin_dB[r.index(0, 0, 0)], 0.0);  // -106.8 dBm > -110 dBm: exceeded
  EXPECT_DOUBLE_EQ(r.aggregate_dBm[r.index(0, 1, 0)], power_sum_dBm({-135.0, -128.0}));
  EXPECT_DOUBLE_EQ(r.aggregate_dBm[r.index(0, 0, 1)], power_sum_dBm({-100.0, -100.0, -97.0}));
  EXPECT_DOUBLE_EQ(r.aggregate_dBm[r.index(1, 0, 0)], power_sum_dBm({-115.0, -120.0}));
  EXPECT_TRUE(std::isnan(r.aggregate_dBm[r.index(1, 0, 1)]));  // receiver off the air
  EXPECT_TRUE(std::isnan(r.margin_dB[r.index(1, 1, 1)]));
  // The aggregate is never below the largest single entry and never above it + 10 log10(n).
  for (std::size_t ch = 0; ch < 2; ++ch) {
    for (std::size_t rx = 0; rx < 2; ++rx) {
      const double* c = in.contribution_dBm.data() + (rx * 2 + ch) * 3;
      const double mx = std::max({c[0], c[1], c[2]});
      EXPECT_GE(r.aggregate_dBm[r.index(0, ch, rx)], mx);
      EXPECT_LE(r.aggregate_dBm[r.index(0, ch, rx)], mx + 10.0 * std::log10(3.0) + 1e-12);
    }
  }
  // Ranking by decreasing contribution; the tie at rx 1 ch 0 keeps the lower index first.
  const std::vector<std::int32_t> expected{1, 0, 2, 1, 0, 2, 2, 0, 1, 2, 0, 1};
  EXPECT_EQ(r.ranking, expected);
}

TEST(Aggregate, WindowedReceiverTakesTheLargestWindowSum) {
  // Receiver 0's criterion holds per reference bandwidth: three windows, source 0 in window 0,
  // source 1 in window 2, source 2 over windows 1 and 2; receiver 1 sums over its band.
  AggregateInput in;
  in.n_receivers = 2;
  in.n_channels = 1;
  in.n_sources = 3;
  in.limit_dBm = {-118.0, -100.0};
  in.contribution_dBm = {-110.0, -110.0, -113.0,   // rx 0
                         -110.0, -110.0, -113.0};  // rx 1
  in.window_fraction = {{0.02, 0.0, 0.0,           // window 0
                         0.0, 0.0, 0.5,            // window 1
                         0.0, 0.02, 0.5},          // window 2
                        {}};
  in.receiver_active = {{1, 1}, {1, 1}, {1, 1}};
  in.source_active = {{1, 1, 1}, {1, 0, 1}, {1, 1, 0}};
  const AggregateResult r = aggregate_interference(in);
  const double p = std::pow(10.0, -11.0), q = std::pow(10.0, -11.3);
  // All on: window 2 holds 0.02 p + 0.5 q.
  EXPECT_NEAR(r.aggregate_dBm[r.index(0, 0, 0)], 10 * std::log10(0.02 * p + 0.5 * q), 1e-12);
  EXPECT_NEAR(r.margin_dB[r.index(0, 0, 0)], -118.0 - r.aggregate_dBm[r.index(0, 0, 0)], 1e-12);
  // Source 1 off: window 1 and 2 hold 0.5 q.
  EXPECT_NEAR(r.aggregate_dBm[r.index(1, 0, 0)], 10 * std::log10(0.5 * q), 1e-12);
  // Sources 0 and 1, in disjoint windows: no sum, the larger share alone.
  EXPECT_NEAR(r.aggregate_dBm[r.index(2, 0, 0)], 10 * std::log10(0.02 * p), 1e-12);
  // Receiver 1: the band's power sum as before.
  EXPECT_DOUBLE_EQ(r.aggregate_dBm[r.index(0, 0, 1)], power_sum_dBm({-110.0, -110.0, -113.0}));
  // Window shares that do not match the sources are refused.
  in.window_fraction[0].pop_back();
  EXPECT_THROW(aggregate_interference(in), std::invalid_argument);
}

}  // namespace
}  // namespace akichi::sim::aggregate_test

// Aggregate interference: the power sum in mW against single entry, schedules, margins and the
// ranking of contributions.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/aggregate.h"

namespace akichi::sim {
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

}  // namespace
}  // namespace akichi::sim

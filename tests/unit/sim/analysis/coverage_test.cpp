// Coverage reduction: link budget, best server, SINR and shares against closed forms.
#include <cmath>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/coverage.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim::coverage_test {
namespace {

TEST(LinkBudget, ThermalNoiseIsMinus174dBmPerHzAt290K) {
  // 10 log10(1.380649e-23 * 290 / 1e-3) = -173.97519 dBm/Hz
  EXPECT_NEAR(thermal_noise_dBm(1.0, 0.0), -173.97519, 1e-4);
  EXPECT_NEAR(thermal_noise_dBm(100e6, 7.0), -173.97519 + 80.0 + 7.0, 1e-4);
}

TEST(LinkBudget, BandOverlapFraction) {
  EXPECT_DOUBLE_EQ(band_overlap_fraction(0, 100, 0, 100), 1.0);
  EXPECT_DOUBLE_EQ(band_overlap_fraction(0, 100, 50, 150), 0.5);
  EXPECT_DOUBLE_EQ(band_overlap_fraction(0, 100, 100, 200), 0.0);  // adjacent, not overlapping
  EXPECT_DOUBLE_EQ(band_overlap_fraction(0, 100, 20, 40), 0.2);
  EXPECT_DOUBLE_EQ(band_overlap_fraction(20, 40, 0, 100), 1.0);
}

prop::StudyGrid grid_2x3() {
  prop::StudyGrid g;
  g.x0_m = 0;
  g.y0_m = 0;
  g.cell_m = 10;
  g.nx = 3;
  g.ny = 2;
  g.heights_m = {1.5};
  return g;
}

TEST(Coverage, BestServerSinrAndSharesMatchHandComputation) {
  const prop::StudyGrid g = grid_2x3();
  const std::size_t n = g.cells();
  // Three stations: A and B co-channel (4850 MHz, 100 MHz); C half-overlapping B's band
  // (4900 MHz, 100 MHz -> half of C's power falls in A/B's band and vice versa).
  const std::vector<CoverageStation> st = {
      {40.0, 8.0, 4850e6, 100e6}, {40.0, 8.0, 4850e6, 100e6}, {30.0, 0.0, 4900e6, 100e6}};
  std::vector<float> loss(3 * n), gain(3 * n);
  for (std::size_t c = 0; c < n; ++c) {
    loss[0 * n + c] = 100.0f + 5.0f * c;  // A weakens along the grid
    loss[1 * n + c] = 125.0f - 5.0f * c;  // B strengthens
    loss[2 * n + c] = 110.0f;
    gain[0 * n + c] = 8.0f;  // at boresight: P = EIRP - L
    gain[1 * n + c] = 5.0f;  // 3 dB below maximum
    gain[2 * n + c] = 0.0f;
  }
  CoverageParams p;
  p.rx_gain_dBi = 2.0;
  p.noise_figure_dB = 9.0;
  p.service_threshold_dBm = -70.0;
  p.leakage_threshold_dBm = -75.0;
  // Premises: the western column (cells ix = 0, both rows).
  prop::MultiPolygon2 premises;
  premises.resize(1);
  prop::bg::read_wkt("POLYGON((0 0,0 20,10 20,10 0,0 0))", premises[0]);
  prop::bg::correct(premises);

  const CoverageResult r = analyse_coverage(g, st, p, loss, std::move(gain), premises);
  const double noise = -173.97519 + 80.0 + 9.0;
  for (std::size_t c = 0; c < n; ++c) {
    const double pa = 40.0 - 8.0 + 8.0 - (100.0 + 5.0 * c) + 2.0;
    const double pb = 40.0 - 8.0 + 5.0 - (125.0 - 5.0 * c) + 2.0;
    const double pc = 30.0 - 0.0 + 0.0 - 110.0 + 2.0;
    EXPECT_NEAR(r.rx_power_dBm[0 * n + c], pa, 1e-4);
    EXPECT_NEAR(r.rx_power_dBm[1 * n + c], pb, 1e-4);
    EXPECT_NEAR(r.rx_power_dBm[2 * n + c], pc, 1e-4);
    const double best = std::max({pa, pb, pc});
    const int best_i = best == pa ? 0 : (best == pb ? 1 : 2);
    EXPECT_EQ(r.best_server[c], best_i) << c;
    EXPECT_NEAR(r.best_rx_power_dBm[c], best, 1e-4);
    const auto mw = [](double dbm) { return std::pow(10.0, dbm / 10); };
    double i_mw = 0;
    if (best_i == 0) i_mw = mw(pb) + 0.5 * mw(pc);
    if (best_i == 1) i_mw = mw(pa) + 0.5 * mw(pc);
    if (best_i == 2) i_mw = 0.5 * mw(pa) + 0.5 * mw(pb);
    EXPECT_NEAR(r.interference_dBm[c], 10 * std::log10(i_mw), 1e-4);
    EXPECT_NEAR(r.sinr_dB[c], best - 10 * std::log10(i_mw + mw(noise)), 1e-4) << c;
  }
  // Premises: cells (iy=0, ix=0) and (iy=1, ix=0).
  EXPECT_EQ(r.premises_mask, (std::vector<std::uint8_t>{1, 0, 0, 1, 0, 0}));
  // Best power per cell c: A gives -58 - 5c, B -86 + 5c, C -78 -> cells 0..5:
  // -58 (A), -63 (A), -68 (A), -71 (B), -66 (B), -61 (B).
  // Premises cells 0 and 3: -58 >= -70 but -71 < -70 -> one of two served.
  EXPECT_DOUBLE_EQ(r.premises_coverage_share[0], 0.5);
  // Outside cells 1, 2, 4, 5: all >= -75 -> leakage 4/4.
  EXPECT_DOUBLE_EQ(r.leakage_share[0], 1.0);
  EXPECT_DOUBLE_EQ(r.station_best_share[0], 0.5);
  EXPECT_DOUBLE_EQ(r.station_best_share[1], 0.5);
  EXPECT_DOUBLE_EQ(r.station_best_share[2], 0.0);
}

TEST(Coverage, ThresholdsSplitPremisesAndLeakage) {
  const prop::StudyGrid g = grid_2x3();
  const std::size_t n = g.cells();
  const std::vector<CoverageStation> st = {{0.0, 0.0, 4.85e9, 1e8}};
  std::vector<float> loss(n), gain(n, 0.0f);
  for (std::size_t c = 0; c < n; ++c) loss[c] = 60.0f + 10.0f * c;  // -60 .. -110 dBm
  CoverageParams p;
  p.service_threshold_dBm = -75;
  p.leakage_threshold_dBm = -95;
  prop::MultiPolygon2 premises;
  premises.resize(1);
  prop::bg::read_wkt("POLYGON((0 0,0 10,30 10,30 0,0 0))", premises[0]);  // southern row
  prop::bg::correct(premises);
  const CoverageResult r = analyse_coverage(g, st, p, loss, std::move(gain), premises);
  // Premises cells 0,1,2: -60, -70, -80 -> 2 of 3 served.
  EXPECT_DOUBLE_EQ(r.premises_coverage_share[0], 2.0 / 3.0);
  // Outside cells 3,4,5: -90, -100, -110 -> 1 of 3 leaks.
  EXPECT_DOUBLE_EQ(r.leakage_share[0], 1.0 / 3.0);
  // One station: no interference, SINR = S - N.
  EXPECT_TRUE(std::isnan(r.interference_dBm[0]));
  EXPECT_NEAR(r.sinr_dB[0], -60.0 - thermal_noise_dBm(1e8, p.noise_figure_dB), 1e-4);
}

TEST(Coverage, NoPremisesGivesNaNShares) {
  const prop::StudyGrid g = grid_2x3();
  const std::vector<CoverageStation> st = {{0.0, 0.0, 4.85e9, 1e8}};
  std::vector<float> loss(g.cells(), 80.0f), gain(g.cells(), 0.0f);
  const CoverageResult r = analyse_coverage(g, st, {}, loss, std::move(gain), {});
  EXPECT_FALSE(r.has_premises);
  EXPECT_TRUE(std::isnan(r.premises_coverage_share[0]));
  EXPECT_EQ(r.premises_mask, std::vector<std::uint8_t>(6, 0));
}

TEST(Coverage, TiesGoToTheLowerStationIndexAndCoChannelTwinsGiveZeroDbSinr) {
  const prop::StudyGrid g = grid_2x3();
  const std::vector<CoverageStation> st = {{20.0, 0.0, 4.85e9, 1e8}, {20.0, 0.0, 4.85e9, 1e8}};
  std::vector<float> loss(2 * g.cells(), 70.0f), gain(2 * g.cells(), 0.0f);
  const CoverageResult r = analyse_coverage(g, st, {}, loss, std::move(gain), {});
  for (std::size_t c = 0; c < g.cells(); ++c) {
    EXPECT_EQ(r.best_server[c], 0);
    // S = I = -50 dBm >> N: SINR = -10 log10(1 + N/I), a hair below 0 dB.
    const double n_mw = std::pow(10.0, thermal_noise_dBm(1e8, 7.0) / 10);
    EXPECT_NEAR(r.sinr_dB[c], -10 * std::log10(1 + n_mw / 1e-5), 1e-5);
  }
}

TEST(Coverage, InterferersUseTheirInterferenceLoss) {
  // Two co-channel twins; their wanted losses carry 12 dB of rain, their interference losses
  // none: S drops by 12 dB, I stays at the dry level (docs/methods.md, "Added losses").
  const prop::StudyGrid g = grid_2x3();
  const std::vector<CoverageStation> st = {{20.0, 0.0, 4.85e9, 1e8}, {20.0, 0.0, 4.85e9, 1e8}};
  std::vector<float> wanted(2 * g.cells(), 82.0f), dry(2 * g.cells(), 70.0f);
  const CoverageResult r =
      analyse_coverage(g, st, {}, wanted, std::vector<float>(2 * g.cells(), 0.0f), {}, &dry);
  const CoverageResult same =
      analyse_coverage(g, st, {}, wanted, std::vector<float>(2 * g.cells(), 0.0f), {});
  const double n_mw = std::pow(10.0, thermal_noise_dBm(1e8, 7.0) / 10);
  for (std::size_t c = 0; c < g.cells(); ++c) {
    EXPECT_FLOAT_EQ(r.best_rx_power_dBm[c], -62.0f);
    EXPECT_NEAR(r.interference_dBm[c], -50.0, 1e-5);  // 20 - 70
    EXPECT_NEAR(r.sinr_dB[c], -62.0 - 10 * std::log10(1e-5 + n_mw), 1e-5);
    EXPECT_NEAR(same.interference_dBm[c], -62.0, 1e-5);  // without: the rain counted twice
  }
}

TEST(Coverage, RasterizedPremisesAreaMatchesPolygonArea) {
  prop::StudyGrid g;
  g.cell_m = 1;
  g.nx = 200;
  g.ny = 200;
  g.heights_m = {1.5};
  prop::MultiPolygon2 premises;
  premises.resize(1);
  // A right triangle of legs 150 m: 11250 m^2; cell-centre sampling errs by O(perimeter).
  prop::bg::read_wkt("POLYGON((20 20,170 20,20 170,20 20))", premises[0]);
  prop::bg::correct(premises);
  const auto mask = rasterize_premises(g, premises);
  std::size_t cells = 0;
  for (auto m : mask) cells += m;
  EXPECT_NEAR(static_cast<double>(cells), 11250.0, 150.0);
}

}  // namespace
}  // namespace akichi::sim::coverage_test

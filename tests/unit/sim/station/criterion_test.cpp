// Criteria per reference bandwidth (sim/station/criterion.h) against closed forms: the worst
// window of a narrow interferer in a wide receiver, disjoint and overlapping interferers, the
// leakage spread over the band, the band average as before, the antenna port; and the window
// starts against a brute-force search over every start.
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "sim/spectrum/acir.h"
#include "sim/station/criterion.h"

namespace akichi::sim::criterion_test {
namespace {

/// A receiver on 4700-4760 MHz (60 MHz) with a power criterion of -118 dBm per 200 kHz.
Station receiver() {
  Station s;
  s.id = "rx";
  s.freq_lo_Hz = 4700e6;
  s.freq_hi_Hz = 4760e6;
  s.freq_Hz = 4730e6;
  s.bandwidth_Hz = 60e6;
  s.receives = true;
  s.feeder_loss_dB = 3;
  s.criterion.kind = ProtectionCriterion::Kind::Power;
  s.criterion.power_dBm = -118;
  s.criterion.ref_bandwidth_Hz = 200e3;
  return s;
}

Channel rx_band(const Station& s) {
  return {s.id, s.freq_lo_Hz, s.freq_hi_Hz};
}

const CriterionSettings kWorst{};
const CriterionSettings kAverage{CriterionSettings::Mode::BandAverage,
                                 CriterionSettings::At::ReceiverInput};

TEST(Criterion, TenMegahertzInSixtyIsTenLog10SixStricterThanTheBandAverage) {
  const Station rx = receiver();
  const CouplingModel m;
  const Channel tx{"tx", 4720e6, 4730e6};  // inside the receiver's band
  EXPECT_TRUE(windowed_criterion(rx, kWorst));
  EXPECT_FALSE(windowed_criterion(rx, kAverage));
  // Band average: -118 + 10 log10(60 MHz / 200 kHz), for the whole 10 MHz of power.
  const double average = criterion_limit_dBm(rx, kAverage);
  EXPECT_NEAR(average, -118 + 10 * std::log10(300.0), 1e-12);
  EXPECT_EQ(single_entry_limit_dBm(rx, kAverage, average, tx, m), average);
  // Worst window: 200 kHz of the interferer's 10 MHz may hold -118 dBm.
  EXPECT_EQ(criterion_limit_dBm(rx, kWorst), -118.0);
  EXPECT_DOUBLE_EQ(criterion_bandwidth_Hz(rx, kWorst), 200e3);
  const double worst = single_entry_limit_dBm(rx, kWorst, -118.0, tx, m);
  EXPECT_NEAR(worst, -118 + 10 * std::log10(10e6 / 200e3), 1e-9);
  EXPECT_NEAR(average - worst, 10 * std::log10(60.0 / 10.0), 1e-9);
  EXPECT_NEAR(average - worst, 7.7815, 1e-4);
}

TEST(Criterion, AnInterfererOverTheWholeBandGivesTheBandAverage) {
  const Station rx = receiver();
  const double w = single_entry_limit_dBm(rx, kWorst, -118.0, rx_band(rx), CouplingModel{});
  EXPECT_NEAR(w, criterion_limit_dBm(rx, kAverage), 1e-9);
}

TEST(Criterion, DisjointInterferersDoNotAddOverlappingOnesDo) {
  const Station rx = receiver();
  const Channel band = rx_band(rx);
  const CouplingModel m;
  const CouplingShape a = coupling_shape({"a", 4700e6, 4710e6}, band, m);
  const CouplingShape b = coupling_shape({"b", 4740e6, 4750e6}, band, m);
  const CouplingShape a2 = coupling_shape({"a2", 4705e6, 4715e6}, band, m);
  EXPECT_EQ(a.in_band_share, 1.0);
  const auto worst_sum = [&](const std::vector<CouplingShape>& shapes,
                             const std::vector<double>& mw) {
    const std::vector<double> f = window_fractions(band, 200e3, shapes);
    double worst = 0;
    for (std::size_t w = 0; w < f.size() / shapes.size(); ++w) {
      double sum = 0;
      for (std::size_t j = 0; j < shapes.size(); ++j) sum += mw[j] * f[w * shapes.size() + j];
      worst = std::max(worst, sum);
    }
    return worst;
  };
  // Each alone: 1/50 of its power in the worst window.
  EXPECT_NEAR(worst_sum({a}, {1.0}), 0.02, 1e-15);
  // Disjoint: the worst window still holds one of them only.
  EXPECT_NEAR(worst_sum({a, b}, {1.0, 1.0}), 0.02, 1e-15);
  EXPECT_NEAR(worst_sum({a, b}, {1.0, 3.0}), 0.06, 1e-15);
  // Overlapping over 4705-4710 MHz: both in the windows there.
  EXPECT_NEAR(worst_sum({a, a2}, {1.0, 1.0}), 0.04, 1e-15);
}

TEST(Criterion, AdjacentChannelLeakageIsFlatOverTheReceiverBand) {
  const Station rx = receiver();
  const Channel band = rx_band(rx);
  CouplingModel m;
  m.aclr = Mask::flat(40);
  m.acs = Mask::flat(40);
  // Next to the band: leakage only, the worst window holds its 200 kHz share of 60 MHz, so
  // the single-entry limit is the band average's.
  const Channel adjacent{"adj", 4760e6, 4780e6};
  const CouplingShape s = coupling_shape(adjacent, band, m);
  EXPECT_EQ(s.in_band_share, 0.0);
  EXPECT_NEAR(worst_window_fraction(s, band, 200e3), 200e3 / 60e6, 1e-18);
  EXPECT_NEAR(single_entry_limit_dBm(rx, kWorst, -118.0, adjacent, m),
              criterion_limit_dBm(rx, kAverage), 1e-9);
  // Half in the band (4750-4770 MHz): f = 1/2 in 10 MHz, (1 - f) 10^(-ACIR/10) over the band.
  const Channel half{"half", 4750e6, 4770e6};
  const CouplingShape h = coupling_shape(half, band, m);
  const double leak = std::pow(10.0, -acir_dB(40, 40) / 10.0);
  const double share = 0.5 / (0.5 + 0.5 * leak);
  EXPECT_NEAR(h.in_band_share, share, 1e-15);
  EXPECT_EQ(h.lo_Hz, 4750e6);
  EXPECT_EQ(h.hi_Hz, 4760e6);
  EXPECT_NEAR(worst_window_fraction(h, band, 200e3), share * 0.02 + (1 - share) * 200e3 / 60e6,
              1e-15);
  // The coupled total is that of coupling_loss_dB: the shares describe where it lies.
  EXPECT_NEAR(-10 * std::log10(0.5 + 0.5 * leak), coupling_loss_dB(half, band, m), 1e-12);
}

TEST(Criterion, BandAverageIsTheLimitOverTheBandBitForBit) {
  Station rx = receiver();
  EXPECT_EQ(criterion_limit_dBm(rx, kAverage), interference_limit_dBm(rx));
  // A reference bandwidth as wide as the band, or an I/N criterion: over the band in both modes.
  rx.criterion.ref_bandwidth_Hz = 60e6;
  EXPECT_FALSE(windowed_criterion(rx, kWorst));
  EXPECT_EQ(criterion_limit_dBm(rx, kWorst), interference_limit_dBm(rx));
  rx.criterion.kind = ProtectionCriterion::Kind::IOverN;
  rx.criterion.i_over_n_dB = -10;
  rx.noise_figure_dB = 5;
  EXPECT_FALSE(windowed_criterion(rx, kWorst));
  EXPECT_EQ(criterion_limit_dBm(rx, kWorst), interference_limit_dBm(rx));
  EXPECT_DOUBLE_EQ(criterion_bandwidth_Hz(rx, kWorst), 60e6);
  rx.criterion.kind = ProtectionCriterion::Kind::None;
  EXPECT_EQ(criterion_limit_dBm(rx, kWorst), std::numeric_limits<double>::infinity());
}

TEST(Criterion, AtTheAntennaPortTheLimitAtTheReceiverInputIsTheFeederLossLower) {
  const Station rx = receiver();
  const CriterionSettings port{CriterionSettings::Mode::WorstReferenceBandwidth,
                               CriterionSettings::At::AntennaPort};
  EXPECT_EQ(criterion_limit_dBm(rx, port), -118.0 - 3.0);
  const CriterionSettings port_avg{CriterionSettings::Mode::BandAverage,
                                   CriterionSettings::At::AntennaPort};
  EXPECT_EQ(criterion_limit_dBm(rx, port_avg), interference_limit_dBm(rx) - 3.0);
}

TEST(Criterion, AStationsOwnSettingsOverrideTheScenarios) {
  // -118 dBm per 200 kHz over 60 MHz, feeder 3 dB: windowed at the receiver input -118 dBm per
  // 200 kHz; as the band average -118 + 10 log10(60 MHz / 200 kHz) = -93.229 dBm over 60 MHz;
  // at the antenna port 3 dB lower.
  const double average = -118.0 + 10.0 * std::log10(300.0);
  Station rx = receiver();
  rx.criterion.mode = CriterionMode::BandAverage;
  EXPECT_FALSE(windowed_criterion(rx, kWorst));
  EXPECT_NEAR(criterion_limit_dBm(rx, kWorst), average, 1e-12);
  EXPECT_DOUBLE_EQ(criterion_bandwidth_Hz(rx, kWorst), 60e6);
  rx.criterion.at = CriterionAt::AntennaPort;
  EXPECT_NEAR(criterion_limit_dBm(rx, kWorst), average - 3.0, 1e-12);
  // The other way round: the station's worst window at its receiver input under a scenario of
  // band averages at the antenna port.
  const CriterionSettings port_avg{CriterionSettings::Mode::BandAverage,
                                   CriterionSettings::At::AntennaPort};
  rx.criterion.mode = CriterionMode::WorstReferenceBandwidth;
  rx.criterion.at = CriterionAt::ReceiverInput;
  EXPECT_TRUE(windowed_criterion(rx, port_avg));
  EXPECT_EQ(criterion_limit_dBm(rx, port_avg), -118.0);
  EXPECT_DOUBLE_EQ(criterion_bandwidth_Hz(rx, port_avg), 200e3);
  // Only what the station states overrides: its mode alone keeps the scenario's point.
  rx.criterion.at.reset();
  EXPECT_EQ(criterion_limit_dBm(rx, port_avg), -118.0 - 3.0);
  const CriterionSettings own = station_criterion_settings(rx, port_avg);
  EXPECT_EQ(own.mode, CriterionMode::WorstReferenceBandwidth);
  EXPECT_EQ(own.at, CriterionAt::AntennaPort);
  // The single-entry limit of a 10 MHz transmitter inside the band follows the station's mode:
  // windowed, 10 log10(10 MHz / 200 kHz) = 16.99 dB over the window's -118 dBm.
  const Channel tx{"tx", 4710e6, 4720e6};
  const CouplingModel m;
  EXPECT_NEAR(single_entry_limit_dBm(rx, port_avg, -118.0, tx, m), -118.0 + 10 * std::log10(50.0),
              1e-9);
  rx.criterion.mode = CriterionMode::BandAverage;
  EXPECT_EQ(single_entry_limit_dBm(rx, kWorst, average, tx, m), average);
}

TEST(Criterion, WindowStartsHoldTheLargestWindowSumOfABruteForceSearch) {
  const Station rx = receiver();
  const Channel band = rx_band(rx);
  CouplingModel m;
  m.aclr = Mask::flat(30);
  m.acs = Mask::flat(35);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(4680e6, 4780e6), width(0.1e6, 30e6), p(0.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const double window = trial % 2 ? 200e3 : 5e6;
    std::vector<CouplingShape> shapes;
    std::vector<double> mw;
    for (int j = 0; j < 4; ++j) {
      const double lo = u(rng);
      shapes.push_back(coupling_shape({"t", lo, lo + width(rng)}, band, m));
      mw.push_back(p(rng));
    }
    const std::vector<double> starts = window_starts(band, window, shapes);
    ASSERT_TRUE(std::is_sorted(starts.begin(), starts.end()));
    EXPECT_EQ(starts.front(), band.lo_Hz);
    EXPECT_EQ(starts.back(), band.hi_Hz - window);
    const auto sum_at = [&](double a) {
      double s = 0;
      for (std::size_t j = 0; j < shapes.size(); ++j)
        s += mw[j] * window_fraction(shapes[j], band, a, window);
      return s;
    };
    double best = 0;
    for (const double a : starts) best = std::max(best, sum_at(a));
    // Every start on a 10 kHz grid: none beats the breakpoints.
    for (double a = band.lo_Hz; a <= band.hi_Hz - window; a += 10e3)
      EXPECT_LE(sum_at(a), best * (1 + 1e-12)) << trial << " " << a;
    // Each shape alone: the closed form of worst_window_fraction.
    for (const CouplingShape& s : shapes) {
      double w = 0;
      for (const double a : window_starts(band, window, {&s, 1}))
        w = std::max(w, window_fraction(s, band, a, window));
      EXPECT_NEAR(w, worst_window_fraction(s, band, window), 1e-15);
    }
  }
}

}  // namespace
}  // namespace akichi::sim::criterion_test

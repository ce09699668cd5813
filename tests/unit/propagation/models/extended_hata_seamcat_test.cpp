// ERC Report 68 / SEAMCAT extended Hata: hand-computed cases, regime and band boundaries,
// monotonicity, and self-generated sweeps over the local-5G bands.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.h"
#include "propagation/engine/adapters/hata.h"
#include "propagation/models/extended_hata_seamcat.h"

namespace extended_hata_seamcat_test {

namespace {
namespace eh = akichi::prop::extended_hata;
using eh::Environment;

constexpr double kHandTolDb = 1e-4;  // hand arithmetic carried to 6 decimals

double L(double f, double h1, double h2, double d, Environment e = Environment::Urban) {
  return eh::median_loss(f, h1, h2, d, e).L_dB;
}

TEST(ExtendedHataSeamcat, HandComputedUrban900MHz) {
  // f = 900, Hb = 30, Hm = 1.5, d = 1 km (eq. 193): log f = 2.954243
  // a(Hm) = (1.1*2.954243 - 0.7)*1.5 - (1.56*2.954243 - 0.8) = 3.824501 - 3.808619 = 0.015882
  // L = 69.6 + 26.2*2.954243 - 13.82*log 30 + 0 - 0.015882 = 147.001157 - 20.413815 - 0.015882
  EXPECT_NEAR(eh::a_Hm_dB(900, 1.5), 0.015882, 1e-6);
  EXPECT_NEAR(L(900, 30, 1.5, 1.0), 126.571456, kHandTolDb);
  // reciprocal: Hb = max(h1, h2), Hm = min(h1, h2)
  EXPECT_DOUBLE_EQ(L(900, 30, 1.5, 1.0), L(900, 1.5, 30, 1.0));
}

TEST(ExtendedHataSeamcat, HandComputedSuburban1800MHz) {
  // f = 1800, Hb = 40, Hm = 1.5, d = 2 km (eq. 194 then 196):
  // urban = 46.3 + 33.9 log 1800 - 13.82 log 40 + (44.9 - 6.55 log 40) log 2 - a(1.5)
  //       = 46.3 + 110.354 - 22.140 + 36.700*0.30103 - 0.042975 = 145.519...
  // suburban = urban - 2 (log(1800/28))^2 - 5.4 = urban - 7.2298 - 5.4 = 132.889129
  EXPECT_NEAR(L(1800, 40, 1.5, 2.0, Environment::Suburban), 132.889129, kHandTolDb);
}

TEST(ExtendedHataSeamcat, HandComputedOpen2600MHz) {
  // f = 2600, Hb = 50, Hm = 2, d = 5 km (eq. 195 then 197, fc = min(max(150, f), 2000) = 2000):
  // a(2) = (1.1 log 2600 - 0.7)*2 - (1.56 log 2600 - 0.8) = 1.585583
  // open = urban - 4.78 (log 2000)^2 + 18.33 log 2000 - 40.94 = 125.365620
  EXPECT_NEAR(eh::a_Hm_dB(2600, 2), 1.585583, 1e-6);
  EXPECT_NEAR(L(2600, 50, 2, 5.0, Environment::Open), 125.365620, kHandTolDb);
}

TEST(ExtendedHataSeamcat, HandComputedVhf100MHz) {
  // f = 100 (eq. 192): 69.6 + 26.2 log 150 - 20 log(150/100) - 13.82 log 30 + 14.225 log 3 + 0.07
  EXPECT_NEAR(eh::a_Hm_dB(100, 1.5), -0.070000, 1e-6);
  EXPECT_NEAR(L(100, 30, 1.5, 3.0), 119.554477, kHandTolDb);
}

TEST(ExtendedHataSeamcat, HandComputedAlphaBeyond20km) {
  // f = 4700 (extension), Hb = 40, d = 30 km: alpha = 1 + (0.14 + 1.87e-4*4700 + 1.07e-3*40)
  //   * (log 1.5)^0.8 = 1 + 1.0617 * 0.249021 = 1.264601
  EXPECT_NEAR(eh::alpha(4700, 40, 30), 1.264601, 1e-6);
  EXPECT_NEAR(L(4700, 40, 1.5, 30.0), 196.043412, kHandTolDb);
  EXPECT_FALSE(eh::median_loss(4700, 40, 1.5, 30.0, Environment::Urban).beyond_100km);
  EXPECT_TRUE(eh::median_loss(4700, 40, 1.5, 120.0, Environment::Urban).beyond_100km);
}

TEST(ExtendedHataSeamcat, HandComputedLowBaseHighMobileTerms) {
  // Hb = Hm = 15: b(15) = 20 log 0.5 = -6.020600; a uses min(10, 15) and + 20 log 1.5
  EXPECT_NEAR(eh::b_Hb_dB(15), -6.020600, 1e-6);
  EXPECT_NEAR(eh::a_Hm_dB(4700, 15), 31.986429, 1e-6);
  EXPECT_NEAR(L(4700, 15, 15, 2.0), 126.139689, kHandTolDb);
}

TEST(ExtendedHataSeamcat, HandComputedFreeSpaceAndInterpolation) {
  // d = 0.02 km <= 0.04: 32.4 + 20 log 4700 + 10 log(0.02^2 + 0.0185^2) = 74.547459
  const auto fs = eh::median_loss(4700, 20, 1.5, 0.02, Environment::Urban);
  EXPECT_EQ(fs.regime, eh::Regime::FreeSpace);
  EXPECT_NEAR(fs.L_dB, 74.547459, kHandTolDb);
  EXPECT_DOUBLE_EQ(fs.sigma_dB, 3.5);
  // d = 0.07: L(0.04) = 78.725008, L(0.1) = 109.718260 (Hata),
  // L = 78.725008 + (log 0.07 - log 0.04)/(log 0.1 - log 0.04) * 30.993252 = 97.653840
  const auto mid = eh::median_loss(4700, 20, 1.5, 0.07, Environment::Urban);
  EXPECT_EQ(mid.regime, eh::Regime::Interpolated);
  EXPECT_NEAR(mid.L_dB, 97.653840, kHandTolDb);
  // sigma, above roof: 3.5 + (12 - 3.5)/0.06 * 0.03 = 7.75
  EXPECT_NEAR(mid.sigma_dB, 7.75, 1e-12);
  EXPECT_NEAR(eh::sigma_dB(0.07, eh::RoofMode::BelowRoof), 3.5 + 13.5 / 0.06 * 0.03, 1e-12);
  EXPECT_DOUBLE_EQ(eh::sigma_dB(0.15, eh::RoofMode::AboveRoof), 12.0);
  EXPECT_DOUBLE_EQ(eh::sigma_dB(0.4, eh::RoofMode::AboveRoof), 10.5);
  EXPECT_DOUBLE_EQ(eh::sigma_dB(2.0, eh::RoofMode::BelowRoof), 9.0);
}

TEST(ExtendedHataSeamcat, NeverBelowFreeSpace) {
  // Open area, tall mast, 0.15 km at 150 MHz: the Hata expression falls below free space.
  const double f = 160, hb = 200, hm = 10, d = 0.15;
  ASSERT_LT(eh::hata_dB(f, hb, hm, d, Environment::Open), eh::free_space_dB(f, hb, hm, d));
  const auto r = eh::median_loss(f, hb, hm, d, Environment::Open);
  EXPECT_EQ(r.regime, eh::Regime::FreeSpaceFloor);
  EXPECT_DOUBLE_EQ(r.L_dB, eh::free_space_dB(f, hb, hm, d));
}

TEST(ExtendedHataSeamcat, OutsideTheFrequencyDomainIsNaN) {
  EXPECT_TRUE(std::isnan(L(30, 30, 1.5, 1)));
  EXPECT_FALSE(std::isnan(L(30.001, 30, 1.5, 1)));
  EXPECT_FALSE(std::isnan(
      eh::median_loss(3000, 30, 1.5, 1, Environment::Urban, eh::RoofMode::AboveRoof, false).L_dB));
  EXPECT_TRUE(std::isnan(
      eh::median_loss(3000.1, 30, 1.5, 1, Environment::Urban, eh::RoofMode::AboveRoof, false)
          .L_dB));
  EXPECT_FALSE(std::isnan(L(6000, 30, 1.5, 1)));
  EXPECT_TRUE(std::isnan(L(6000.1, 30, 1.5, 1)));
  EXPECT_TRUE(std::isnan(L(900, 30, 1.5, 0)));
  EXPECT_EQ(eh::median_loss(900, 30, 1.5, -1, Environment::Urban).regime, eh::Regime::OutOfDomain);
}

// Self-generated: continuity across the regime boundaries (0.04 km, 0.1 km, 20 km).
TEST(ExtendedHataSeamcat, SelfGeneratedContinuityAtDistanceBoundaries) {
  for (Environment e : {Environment::Urban, Environment::Suburban, Environment::Open}) {
    for (double f : {100.0, 900.0, 1800.0, 2300.0, 3500.0, 4800.0}) {
      for (double dB : {0.04, 0.1, 20.0}) {
        const double lo = L(f, 30, 1.5, dB * (1 - 1e-9), e);
        const double hi = L(f, 30, 1.5, dB * (1 + 1e-9), e);
        EXPECT_NEAR(lo, hi, 1e-5) << "f " << f << " d " << dB;
      }
    }
  }
}

// Self-generated: band boundaries. 150, 2000 and 3000 MHz are continuous; at 1500 MHz the
// COST-231 expression (46.3 + 33.9 log f) starts above Okumura-Hata's (69.6 + 26.2 log f) by
// (46.3 - 69.6) + 7.7 log 1500 = 1.156 dB, a step the text itself carries: checked exactly.
TEST(ExtendedHataSeamcat, SelfGeneratedFrequencyBandBoundaries) {
  for (double fb : {150.0, 2000.0, 3000.0}) {
    EXPECT_NEAR(L(fb, 30, 1.5, 5), L(fb * (1 + 1e-9), 30, 1.5, 5), 1e-5) << fb;
  }
  const double step = L(1500 * (1 + 1e-12), 30, 1.5, 5) - L(1500, 30, 1.5, 5);
  EXPECT_NEAR(step, (46.3 - 69.6) + (33.9 - 26.2) * std::log10(1500.0), 1e-6);
}

// Self-generated: non-decreasing in distance for every environment (0.001..100 km).
TEST(ExtendedHataSeamcat, SelfGeneratedMonotonicInDistance) {
  for (Environment e : {Environment::Urban, Environment::Suburban, Environment::Open}) {
    for (double f : {2300.0, 3700.0, 4700.0}) {
      double prev = -1e9;
      for (double d = 0.001; d <= 100.0; d *= 1.01) {
        const double l = L(f, 25, 1.5, d, e);
        EXPECT_GE(l, prev - 1e-12) << "f " << f << " d " << d;
        prev = l;
      }
    }
  }
}

// Self-generated sweeps over 2.3 GHz, 3.3-4.2 and 4.6-4.9 GHz (26.5-29.5 GHz is outside the
// model's domain): 1 MHz steps, neighbouring values differ by less than 0.01 dB (the analytic
// slope is 10/ln10 / f + a(Hm) terms, < 0.005 dB/MHz here) and loss rises with frequency.
TEST(ExtendedHataSeamcat, SelfGeneratedBandSweeps) {
  const double bands[][2] = {{2300, 2400}, {3300, 4200}, {4600, 4900}};
  for (const auto& b : bands) {
    for (Environment e : {Environment::Urban, Environment::Suburban, Environment::Open}) {
      for (double d : {0.03, 0.07, 0.5, 5.0, 40.0}) {
        double prev = L(b[0], 20, 1.5, d, e);
        for (double f = b[0] + 1; f <= b[1]; f += 1) {
          const double l = L(f, 20, 1.5, d, e);
          ASSERT_FALSE(std::isnan(l));
          EXPECT_LT(std::fabs(l - prev), 0.01) << f << " " << d;
          EXPECT_GE(l, prev) << f << " " << d;
          prev = l;
        }
      }
    }
  }
}

TEST(ExtendedHataAdapter, MatchesTheModelAndValidatesParams) {
  akichi::prop::ExtendedHataParams p;
  p.environment = "suburban";
  const auto m = akichi::prop::make_extended_hata_model(p);
  EXPECT_FALSE(m->uses_profile());
  akichi::prop::LinkInput link;
  link.freq_Hz = 4.8e9;
  link.d_m = 1500;
  link.h_tx_m = 20;
  link.h_rx_m = 1.5;
  EXPECT_DOUBLE_EQ(m->loss_dB(link), L(4800, 20, 1.5, 1.5, Environment::Suburban));
  p.environment = "rural";
  EXPECT_THROW(akichi::prop::make_extended_hata_model(p), akichi::InputError);
  p.environment = "open";
  p.roof = "inside";
  try {
    akichi::prop::make_extended_hata_model(p);
    FAIL();
  } catch (const akichi::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("propagation.extended-hata.roof"), std::string::npos);
  }
  p.roof = "below";
  p.extend_above_3GHz = false;
  EXPECT_TRUE(std::isnan(akichi::prop::make_extended_hata_model(p)->loss_dB(link)));
}

}  // namespace

}  // namespace extended_hata_seamcat_test

// ITU-R P.2108-1: one test per validation branch of §3.1, §3.2 and §3.3 (the NTIA/p2108 return
// codes, bounds included/excluded as in the reference implementation), analytic values, and
// self-generated sweeps over the local-5G bands inside each section's frequency domain.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "propagation/models/itu_r_p2108_1.h"

namespace akichi::prop::p2108::itu_r_p2108_1_test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- §3.1 validation branches ----
TEST(P2108Validation, HeightGainFrequency) {
  EXPECT_EQ(validate_height_gain(0.0299, 2, 27, 10, 3), kError31Frequency);
  EXPECT_EQ(validate_height_gain(3.0001, 2, 27, 10, 3), kError31Frequency);
  EXPECT_EQ(validate_height_gain(kNaN, 2, 27, 10, 3), kError31Frequency);
  EXPECT_EQ(validate_height_gain(0.03, 2, 27, 10, 3), kSuccess);  // bounds included
  EXPECT_EQ(validate_height_gain(3.0, 2, 27, 10, 3), kSuccess);
}
TEST(P2108Validation, HeightGainAntennaHeight) {
  EXPECT_EQ(validate_height_gain(1, 0.0, 27, 10, 3), kError31AntennaHeight);
  EXPECT_EQ(validate_height_gain(1, -1.0, 27, 10, 3), kError31AntennaHeight);
  EXPECT_EQ(validate_height_gain(1, 1e-6, 27, 10, 3), kSuccess);
}
TEST(P2108Validation, HeightGainStreetWidth) {
  EXPECT_EQ(validate_height_gain(1, 2, 0.0, 10, 3), kError31StreetWidth);
  EXPECT_EQ(validate_height_gain(1, 2, -5.0, 10, 3), kError31StreetWidth);
}
TEST(P2108Validation, HeightGainClutterHeight) {
  EXPECT_EQ(validate_height_gain(1, 2, 27, 0.0, 3), kError31ClutterHeight);
  EXPECT_EQ(validate_height_gain(1, 2, 27, -10.0, 3), kError31ClutterHeight);
}
TEST(P2108Validation, HeightGainClutterType) {
  EXPECT_EQ(validate_height_gain(1, 2, 27, 10, 0), kError31ClutterType);
  EXPECT_EQ(validate_height_gain(1, 2, 27, 10, 7), kError31ClutterType);
  for (int t = 1; t <= 6; ++t) EXPECT_EQ(validate_height_gain(1, 2, 27, 10, t), kSuccess);
  double out = 5.0;
  EXPECT_EQ(height_gain_terminal_correction(1, 2, 27, 10, 9, out), kError31ClutterType);
  EXPECT_EQ(out, 5.0);
}
TEST(P2108Validation, HeightGainFirstFailingCheckWins) {
  // frequency is checked before the antenna height, as in NTIA/p2108
  EXPECT_EQ(validate_height_gain(5.0, 0.0, 0.0, 0.0, 0), kError31Frequency);
  EXPECT_EQ(validate_height_gain(1.0, 0.0, 0.0, 0.0, 0), kError31AntennaHeight);
}

// ---- §3.2 validation branches ----
TEST(P2108Validation, TerrestrialFrequency) {
  EXPECT_EQ(validate_terrestrial(0.499, 1, 50), kError32Frequency);
  EXPECT_EQ(validate_terrestrial(67.01, 1, 50), kError32Frequency);
  EXPECT_EQ(validate_terrestrial(0.5, 1, 50), kSuccess);
  EXPECT_EQ(validate_terrestrial(67.0, 1, 50), kSuccess);
}
TEST(P2108Validation, TerrestrialDistance) {
  EXPECT_EQ(validate_terrestrial(3.5, 0.2499, 50), kError32Distance);
  EXPECT_EQ(validate_terrestrial(3.5, kNaN, 50), kError32Distance);
  EXPECT_EQ(validate_terrestrial(3.5, 0.25, 50), kSuccess);
}
TEST(P2108Validation, TerrestrialPercentage) {
  EXPECT_EQ(validate_terrestrial(3.5, 1, 0.0), kError32Percentage);
  EXPECT_EQ(validate_terrestrial(3.5, 1, 100.0), kError32Percentage);
  EXPECT_EQ(validate_terrestrial(3.5, 1, 1e-6), kSuccess);
  double out = 7.0;
  EXPECT_EQ(terrestrial_statistical_model(3.5, 1, 100.0, out), kError32Percentage);
  EXPECT_EQ(out, 7.0);
}

// ---- §3.3 validation branches ----
TEST(P2108Validation, AeronauticalFrequency) {
  EXPECT_EQ(validate_aeronautical(9.99, 45, 50), kError33Frequency);
  EXPECT_EQ(validate_aeronautical(100.01, 45, 50), kError33Frequency);
  EXPECT_EQ(validate_aeronautical(10.0, 45, 50), kSuccess);
  EXPECT_EQ(validate_aeronautical(100.0, 45, 50), kSuccess);
}
TEST(P2108Validation, AeronauticalTheta) {
  EXPECT_EQ(validate_aeronautical(28, -0.01, 50), kError33Theta);
  EXPECT_EQ(validate_aeronautical(28, 90.01, 50), kError33Theta);
  EXPECT_EQ(validate_aeronautical(28, 0.0, 50), kSuccess);
  EXPECT_EQ(validate_aeronautical(28, 90.0, 50), kSuccess);
}
TEST(P2108Validation, AeronauticalPercentage) {
  EXPECT_EQ(validate_aeronautical(28, 45, 0.0), kError33Percentage);
  EXPECT_EQ(validate_aeronautical(28, 45, 100.0), kError33Percentage);
  double out = 3.0;
  EXPECT_EQ(aeronautical_statistical_model(28, 45, 0.0, out), kError33Percentage);
  EXPECT_EQ(out, 3.0);
}

// ---- analytic values ----
TEST(P2108, HeightGainOpenRuralHandComputed) {
  // f = 2.3 GHz, h = 1.5 m, R = 10 m: K_h2 = 21.8 + 6.2 log10(2.3) = 21.8 + 6.2 * 0.361728
  // = 24.042713 (2f); A_h = -K_h2 log10(1.5 / 10) = 24.042713 * 0.823909 = 19.809001 dB (2b)
  EXPECT_NEAR(height_gain_correction_dB(2.3, 1.5, 27, 10, ClutterType::OpenRural), 19.809001, 1e-5);
}
TEST(P2108, HeightGainUrbanHandComputed) {
  // f = 2.3 GHz, h = 1.5 m, R = 15 m, w_s = 27 m: h_dif = 13.5 m (2d);
  // theta_clut = atan(13.5 / 27) = 26.565051 deg (2e); K_nu = 0.342 sqrt(2.3) = 0.518669 (2g);
  // nu = 0.518669 sqrt(13.5 * 26.565051) = 9.822278 (2c);
  // J = 6.9 + 20 log10(sqrt(9.722278^2 + 1) + 9.722278) = 32.698843; A_h = J - 6.03 = 26.668843
  // (2a)
  EXPECT_NEAR(height_gain_correction_dB(2.3, 1.5, 27, 15, ClutterType::Urban), 26.668843, 1e-5);
}
TEST(P2108, HeightGainZeroAtOrAboveClutter) {
  for (int t = 1; t <= 6; ++t) {
    EXPECT_EQ(height_gain_correction_dB(1.0, 20, 27, 20, static_cast<ClutterType>(t)), 0.0);
    EXPECT_EQ(height_gain_correction_dB(1.0, 25, 27, 20, static_cast<ClutterType>(t)), 0.0);
  }
  EXPECT_EQ(default_clutter_height_m(ClutterType::WaterSea), 10.0);
  EXPECT_EQ(default_clutter_height_m(ClutterType::Suburban), 10.0);
  EXPECT_EQ(default_clutter_height_m(ClutterType::Urban), 15.0);
  EXPECT_EQ(default_clutter_height_m(ClutterType::TreesForest), 15.0);
  EXPECT_EQ(default_clutter_height_m(ClutterType::DenseUrban), 20.0);
}
TEST(P2108, TerrestrialMedianHandComputed) {
  // f = 3.5 GHz, d = 1 km, p = 50 % (Q^-1(0.5) = 0):
  // L_l = -2 log10(10^(-5 log10 3.5 - 12.5) + 10^-16.5) = 30.396218 dB (4a);
  // L_s = 32.98 + 23.9 log10(1) + 3 log10(3.5) = 34.612204 dB (5a);
  // L_ctc = -5 log10(10^(-0.2 * 30.396218) + 10^(-0.2 * 34.612204)) = 30.105068 dB (3a)
  EXPECT_NEAR(terrestrial_clutter_loss_dB(3.5, 1.0, 50), 30.105068, 1e-5);
  // f = 28 GHz, d = 0.5 km, p = 90 %: L_l = 32.999495 dB (4a); L_s = 30.126857 dB (5a);
  // sigma_cb = sqrt((4^2 w_l + 6^2 w_s) / (w_l + w_s)) = 5.638552 dB with w = 10^(-0.2 L) (3b);
  // median -5 log10(w_l + w_s) = 29.614068 dB; Q^-1(0.9) = -1.281552;
  // L_ctc = 29.614068 + 5.638552 * 1.281552 = 36.840163 dB (3a)
  EXPECT_NEAR(terrestrial_clutter_loss_dB(28.0, 0.5, 90), 36.840163, 1e-5);
}
TEST(P2108, TerrestrialCappedAtTwoKilometres) {
  for (double f : {0.5, 3.5, 28.0, 67.0}) {
    EXPECT_EQ(terrestrial_clutter_loss_dB(f, 5.0, 50), terrestrial_clutter_loss_dB(f, 2.0, 50));
    EXPECT_EQ(terrestrial_clutter_loss_dB(f, 50.0, 10), terrestrial_clutter_loss_dB(f, 2.0, 10));
  }
}
TEST(P2108, AeronauticalHandComputed) {
  // f = 28 GHz, theta = 30 deg, p = 50 %: K_1 = 93 * 28^0.175 = 166.623251;
  // cot(0.05 * (1 - 30/90) + pi * 30 / 180) = cot(0.556932) = 1.602...;
  // base = -166.623251 ln(0.5) / tan(0.556932) = 185.478422;
  // L_ces = 185.478422^(0.5 * 60 / 90) - 1 - 0.6 * 0 = 4.702927 dB (7)
  EXPECT_NEAR(aeronautical_clutter_loss_dB(28, 30, 50), 4.702927, 1e-5);
  // theta = 90 deg: exponent 0, L_ces = 1 - 1 - 0.6 Q^-1(p/100) = 0 at the median
  EXPECT_NEAR(aeronautical_clutter_loss_dB(15, 90, 50), 0.0, 1e-12);
}

// ---- self-generated sweeps ----
struct Band {
  double lo_GHz, hi_GHz;
};
const std::vector<Band> kLocal5gBands = {{2.3, 2.4}, {3.3, 4.2}, {4.6, 4.9}, {26.5, 29.5}};

// Self-generated: §3.2 over every band at 1 MHz steps: continuous in frequency (a 1 MHz step
// changes the loss by < 0.01 dB), non-decreasing and continuous in distance up to 2 km then
// constant, increasing in the percentage of locations.
TEST(P2108SelfGeneratedSweep, TerrestrialContinuousAndMonotonic) {
  for (const Band& b : kLocal5gBands) {
    for (double p : {1.0, 50.0, 99.0}) {
      double prev = terrestrial_clutter_loss_dB(b.lo_GHz, 1.0, p);
      for (double f = b.lo_GHz + 0.001; f <= b.hi_GHz + 1e-9; f += 0.001) {
        const double L = terrestrial_clutter_loss_dB(f, 1.0, p);
        ASSERT_LT(std::fabs(L - prev), 0.01) << f;
        prev = L;
      }
    }
    const double f = 0.5 * (b.lo_GHz + b.hi_GHz);
    // 1 % distance steps: L_s grows by 23.9 log10(1.01) = 0.103 dB (5a), L_ctc by less
    double prev = terrestrial_clutter_loss_dB(f, 0.25, 50);
    for (double d = 0.25 * 1.01; d <= 5.0; d *= 1.01) {
      const double L = terrestrial_clutter_loss_dB(f, d, 50);
      ASSERT_GE(L, prev - 1e-12) << f << " GHz " << d << " km";
      ASSERT_LT(L - prev, 0.104) << f << " GHz " << d << " km";
      prev = L;
    }
    double prev_p = terrestrial_clutter_loss_dB(f, 1.0, 0.1);
    for (double p = 0.2; p < 100.0; p += 0.1) {
      const double L = terrestrial_clutter_loss_dB(f, 1.0, p);
      ASSERT_GT(L, prev_p) << p;
      prev_p = L;
    }
  }
}

// Self-generated: §3.3 over 26.5-29.5 GHz (the only band inside 10-100 GHz): continuous in
// frequency (< 0.01 dB per MHz) and in elevation (< 0.3 dB per 0.01 deg), increasing in p.
TEST(P2108SelfGeneratedSweep, AeronauticalContinuousAndMonotonicInP) {
  for (double theta : {0.0, 10.0, 45.0, 80.0}) {
    double prev = aeronautical_clutter_loss_dB(26.5, theta, 50);
    for (double f = 26.501; f <= 29.5 + 1e-9; f += 0.001) {
      const double L = aeronautical_clutter_loss_dB(f, theta, 50);
      ASSERT_LT(std::fabs(L - prev), 0.01);
      prev = L;
    }
  }
  for (double p : {1.0, 50.0, 99.0}) {
    // steepest at theta = 0 and high p: 0.28 dB per 0.01 deg at p = 99 %
    double prev = aeronautical_clutter_loss_dB(28, 0.0, p);
    for (int i = 1; i <= 9000; ++i) {
      const double th = 0.01 * i;
      const double L = aeronautical_clutter_loss_dB(28, th, p);
      ASSERT_LT(std::fabs(L - prev), 0.3) << th;
      prev = L;
    }
  }
  for (double th : {0.0, 30.0, 60.0}) {
    double prev = aeronautical_clutter_loss_dB(28, th, 0.5);
    for (double p = 1.0; p < 100.0; p += 0.5) {
      const double L = aeronautical_clutter_loss_dB(28, th, p);
      ASSERT_GT(L, prev) << th << " " << p;
      prev = L;
    }
  }
}

// Self-generated: §3.1 at 2.3-2.4 GHz (the only band inside 0.03-3 GHz): the loss decreases as
// the antenna rises towards the clutter height and reaches 0 there without a jump.
TEST(P2108SelfGeneratedSweep, HeightGainDecreasesToZeroAtClutterHeight) {
  for (int t = 1; t <= 6; ++t) {
    const auto type = static_cast<ClutterType>(t);
    const double R = default_clutter_height_m(type);
    for (double f = 2.3; f <= 2.4 + 1e-9; f += 0.01) {
      double prev = height_gain_correction_dB(f, 0.5, kDefaultStreetWidth_m, R, type);
      for (double h = 0.51; h <= R + 1.0; h += 0.01) {
        const double A = height_gain_correction_dB(f, h, kDefaultStreetWidth_m, R, type);
        ASSERT_LE(A, prev + 1e-12) << t << " " << h;
        ASSERT_LT(prev - A, 0.5) << t << " " << h;  // no jump, including at h = R
        prev = A;
      }
      EXPECT_EQ(prev, 0.0);
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p2108::itu_r_p2108_1_test

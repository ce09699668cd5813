// ITU-R P.530-18 §2.4.1 rain attenuation on terrestrial links: hand-computed 28 GHz cases (each
// step's arithmetic in the comments), the r = 2.5 limit, the time-percentage power law, and
// self-generated sweeps over 26.5-29.5 GHz (monotonic in rain rate and distance).
#include <gtest/gtest.h>

#include <cmath>

#include "propagation/models/itu_r_p530_18.h"
#include "propagation/models/itu_r_p838_3.h"

namespace akichi::prop::p530::itu_r_p530_18_test {
namespace {

TEST(P530, Horizontal28GHzOneKilometreHandComputed) {
  // f = 28 GHz, horizontal (tau = 0), d = 1 km, R_0.01 = 50 mm/h.
  // Step 2 (P.838-3): k = 0.2050913, alpha = 0.9678759, gamma_R = 0.2050913 * 50^0.9678759
  //   = 9.043557 dB/km.
  // Step 3: denominator = 0.477 * 1^0.633 * 50^(0.073 * 0.9678759) * 28^0.123
  //   - 10.579 * (1 - e^-0.024) = 0.477 * 1.318380 * 1.506609 - 10.579 * 0.023714 = 0.696583;
  //   r = 1 / 0.696583 = 1.435578 (< 2.5).
  // Step 4: A_0.01 = 9.043557 * 1 * 1.435578 = 12.982734 dB.
  // Step 5: C_0 = 0.12 + 0.4 log10((28/10)^0.8) = 0.263091; C_1 = 0.07^0.263091 * 0.12^0.736909
  //   = 0.104135; C_2 = 0.855 C_0 + 0.546 (1 - C_0) = 0.627295; C_3 = 0.139 C_0 + 0.043 (1 - C_0)
  //   = 0.068257; A_0.1 = 12.982734 * 0.104135 * 0.1^-(0.627295 - 0.068257) = 4.897795 dB;
  //   A_1 = 12.982734 * 0.104135 * 1^-0.627295 = 1.351955 dB; A_0.001 = 25.034391 dB.
  const RainAttenuation a = rain_attenuation(1.0, 28.0, 50.0, 0.1, p838::kTauHorizontal_deg);
  EXPECT_NEAR(a.gamma_R_dB_per_km, 9.043557, 1e-6);
  EXPECT_NEAR(a.r, 1.435578, 1e-6);
  EXPECT_NEAR(a.d_eff_km, 1.435578, 1e-6);
  EXPECT_NEAR(a.A001_dB, 12.982734, 1e-5);
  EXPECT_NEAR(a.Ap_dB, 4.897795, 1e-5);
  EXPECT_FALSE(a.p_out_of_range);
  EXPECT_NEAR(rain_attenuation(1.0, 28.0, 50.0, 1.0, 0.0).Ap_dB, 1.351955, 1e-5);
  EXPECT_NEAR(rain_attenuation(1.0, 28.0, 50.0, 0.001, 0.0).Ap_dB, 25.034391, 1e-5);
}

TEST(P530, Vertical28GHzTwoKilometresHandComputed) {
  // f = 28 GHz, vertical (tau = 90), d = 2 km, R_0.01 = 100 mm/h: k = 0.1964463,
  // alpha = 0.9276691, gamma_R = 0.1964463 * 100^0.9276691 = 14.079335 dB/km;
  // denominator = 0.477 * 2^0.633 * 100^(0.073 * 0.9276691) * 28^0.123 - 10.579 (1 - e^-0.048)
  //   = 1.026538, r = 0.974148; A_0.01 = 14.079335 * 2 * 0.974148 = 27.430707 dB.
  const RainAttenuation a = rain_attenuation(2.0, 28.0, 100.0, 0.01, p838::kTauVertical_deg);
  EXPECT_NEAR(a.gamma_R_dB_per_km, 14.079335, 1e-6);
  EXPECT_NEAR(a.r, 0.974148, 1e-6);
  EXPECT_NEAR(a.A001_dB, 27.430707, 1e-5);
  // the step-5 power law at p = 0.01 % is C_1 0.01^-(C_2 - 2 C_3) = 0.998066, not exactly 1
  EXPECT_NEAR(a.Ap_dB / a.A001_dB, 0.998066, 1e-6);
}

TEST(P530, PathLengthFactorLimitedTo2Point5) {
  // d = 0.2 km, R = 10 mm/h, 28 GHz H: denominator = 0.477 * 0.2^0.633 * 10^0.0707 * 28^0.123
  //   - 10.579 (1 - e^-0.0048) = 0.305299 - 0.050658 = 0.254642 < 0.4 -> r = 2.5
  EXPECT_EQ(path_length_factor_r(0.2, 28.0, 10.0, 0.9678759), 2.5);
  EXPECT_EQ(rain_attenuation(0.2, 28.0, 10.0, 0.01, 0.0).d_eff_km, 0.5);
  EXPECT_LT(path_length_factor_r(1.0, 28.0, 50.0, 0.9678759), 2.5);
}

TEST(P530, PercentageScalingBelowTenGigahertzUsesC0Of0Point12) {
  // f < 10 GHz: C_0 = 0.12, C_1 = 0.07^0.12 0.12^0.88, C_2 = 0.5830, C_3 = 0.0545
  const double C1 = std::pow(0.07, 0.12) * std::pow(0.12, 0.88);
  const double C2 = 0.855 * 0.12 + 0.546 * 0.88;
  const double C3 = 0.139 * 0.12 + 0.043 * 0.88;
  EXPECT_NEAR(percentage_scaling(8.0, 0.1), C1 * std::pow(0.1, -(C2 + C3 * -1.0)), 1e-12);
  EXPECT_EQ(percentage_scaling(8.0, 0.1), percentage_scaling(4.0, 0.1));
  EXPECT_TRUE(rain_attenuation(1.0, 28.0, 50.0, 5.0, 0.0).p_out_of_range);
  EXPECT_TRUE(rain_attenuation(1.0, 28.0, 50.0, 0.0005, 0.0).p_out_of_range);
}

// Self-generated: 26.5-29.5 GHz (0.1 GHz steps), H and V, links of 0.05-20 km and rain rates of
// 1-150 mm/h: A_0.01 strictly increases with the rain rate and with the distance (including
// through the r = 2.5 limit), is continuous in distance (<= 2.5 gamma_R per km) and frequency
// (< 0.2 dB per 0.1 GHz); A_p decreases as p grows from 0.001 to 1 %.
TEST(P530SelfGeneratedSweep, MonotonicInRainRateAndDistance) {
  for (double f = 26.5; f <= 29.5 + 1e-9; f += 0.1) {
    for (double tau : {p838::kTauHorizontal_deg, p838::kTauVertical_deg}) {
      for (double d : {0.1, 0.5, 2.0, 10.0}) {
        double prev = 0.0;
        for (double R = 1.0; R <= 150.0; R += 1.0) {
          const double A = rain_attenuation(d, f, R, 0.01, tau).A001_dB;
          ASSERT_GT(A, prev) << f << " GHz " << d << " km " << R << " mm/h";
          prev = A;
        }
      }
      for (double R : {5.0, 25.0, 50.0, 100.0, 150.0}) {
        // d_eff = d r grows at most as fast as 2.5 d (its slope under the r = 2.5 limit), so a
        // 10 m step adds at most 2.5 gamma_R * 0.01 km
        const double max_step_dB =
            2.5 * p838::specific_attenuation_dB_per_km(f, R, 0.0, tau) * 0.01 + 1e-9;
        double prev = rain_attenuation(0.04, f, R, 0.01, tau).A001_dB;
        for (double d = 0.05; d <= 20.0; d += 0.01) {
          const double A = rain_attenuation(d, f, R, 0.01, tau).A001_dB;
          ASSERT_GT(A, prev) << f << " GHz " << d << " km " << R << " mm/h";
          ASSERT_LE(A - prev, max_step_dB) << f << " GHz " << d << " km " << R << " mm/h";
          prev = A;
        }
        double prev_p = 1e9;
        for (double p = 0.001; p <= 1.0; p *= 1.1) {
          const double A = rain_attenuation(2.0, f, R, p, tau).Ap_dB;
          ASSERT_LT(A, prev_p) << p;
          prev_p = A;
        }
      }
      if (f + 0.1 <= 29.5 + 1e-9) {
        const double a0 = rain_attenuation(3.0, f, 100.0, 0.01, tau).A001_dB;
        const double a1 = rain_attenuation(3.0, f + 0.1, 100.0, 0.01, tau).A001_dB;
        ASSERT_LT(std::fabs(a1 - a0), 0.2) << f;
      }
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p530::itu_r_p530_18_test

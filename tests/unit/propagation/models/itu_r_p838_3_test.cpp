// ITU-R P.838-3: coefficients at 28 GHz computed by hand from Tables 1-4, the polarisation and
// elevation combination of eqs. (4)-(5), and self-generated sweeps.
#include <gtest/gtest.h>

#include <cmath>

#include "propagation/models/itu_r_p838_3.h"

namespace akichi::prop::p838::itu_r_p838_3_test {
namespace {

TEST(P838, LinearCoefficientsAt28GHz) {
  // log10 28 = 1.447158; eq. (2) with Table 1: log10 k_H = -0.688053 -> k_H = 0.2050913;
  // Table 2: k_V = 0.1964463; eq. (3) with Table 3: alpha_H = 0.9678759; Table 4: alpha_V =
  // 0.9276691
  const LinearCoefficients c = linear_coefficients(28.0);
  EXPECT_NEAR(c.k_H, 0.2050913, 1e-7);
  EXPECT_NEAR(c.k_V, 0.1964463, 1e-7);
  EXPECT_NEAR(c.alpha_H, 0.9678759, 1e-7);
  EXPECT_NEAR(c.alpha_V, 0.9276691, 1e-7);
}

TEST(P838, PolarisationAndElevationCombination) {
  const LinearCoefficients l = linear_coefficients(28.0);
  // horizontal path: tau = 0 gives H, tau = 90 gives V (cos 2 tau = +1 / -1)
  const Coefficients h = coefficients(28.0, 0.0, kTauHorizontal_deg);
  const Coefficients v = coefficients(28.0, 0.0, kTauVertical_deg);
  EXPECT_NEAR(h.k, l.k_H, 1e-15);
  EXPECT_NEAR(h.alpha, l.alpha_H, 1e-15);
  EXPECT_NEAR(v.k, l.k_V, 1e-15);
  EXPECT_NEAR(v.alpha, l.alpha_V, 1e-15);
  // circular (tau = 45) or a vertical path (theta = 90): cos term vanishes, eq. (4)
  // k = (k_H + k_V) / 2, eq. (5) alpha = (k_H alpha_H + k_V alpha_V) / (k_H + k_V)
  const double k_mid = 0.5 * (l.k_H + l.k_V);
  const double a_mid = (l.k_H * l.alpha_H + l.k_V * l.alpha_V) / (l.k_H + l.k_V);
  for (const Coefficients& c :
       {coefficients(28.0, 0.0, kTauCircular_deg), coefficients(28.0, 90.0, 0.0)}) {
    EXPECT_NEAR(c.k, k_mid, 1e-15);
    EXPECT_NEAR(c.alpha, a_mid, 1e-15);
  }
  // gamma_R = k R^alpha: 28 GHz horizontal, R = 50 mm/h: 0.2050913 * 50^0.9678759 = 9.043557 dB/km
  EXPECT_NEAR(specific_attenuation_dB_per_km(28.0, 50.0, 0.0, 0.0), 9.043557, 1e-6);
  EXPECT_EQ(specific_attenuation_dB_per_km(h, 0.0), 0.0);
}

// Self-generated: 26.5-29.5 GHz at 1 MHz steps, H and V: k grows with frequency, gamma_R is
// continuous (< 0.001 dB/km per MHz at 100 mm/h) and grows with the rain rate.
TEST(P838SelfGeneratedSweep, MmWaveBandContinuousAndMonotonic) {
  for (double tau : {kTauHorizontal_deg, kTauVertical_deg}) {
    Coefficients prev = coefficients(26.5, 0.0, tau);
    for (double f = 26.501; f <= 29.5 + 1e-9; f += 0.001) {
      const Coefficients c = coefficients(f, 0.0, tau);
      ASSERT_GT(c.k, prev.k) << f;
      ASSERT_LT(std::fabs(specific_attenuation_dB_per_km(c, 100.0) -
                          specific_attenuation_dB_per_km(prev, 100.0)),
                1e-3)
          << f;
      prev = c;
    }
    const Coefficients c = coefficients(28.0, 0.0, tau);
    double g_prev = 0.0;
    for (double R = 0.5; R <= 200.0; R += 0.5) {
      const double g = specific_attenuation_dB_per_km(c, R);
      ASSERT_GT(g, g_prev) << R;
      g_prev = g;
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p838::itu_r_p838_3_test

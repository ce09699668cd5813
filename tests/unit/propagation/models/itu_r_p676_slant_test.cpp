// Slant-path gaseous attenuation (ITU-R P.676-13 Annex 1 §2.2.1) through the P.835-6 reference
// atmosphere: the atmosphere's laws meet at their boundaries and give the US Standard
// Atmosphere's values; at the zenith the layered sum is the integral of the specific
// attenuation over height (computed here independently); elsewhere it follows the flat-layer
// cosecant law above 10 deg and grows towards the horizon.
#include <cmath>

#include <gtest/gtest.h>

#include "propagation/models/itu_r_p676.h"
#include "propagation/models/itu_r_p676_slant.h"
#include "propagation/models/itu_r_p835_6.h"

namespace akichi::prop::itu_r_p676_slant_test {
namespace {

/// Geometric height (km) of geopotential height hp (km').
double geometric_km(double hp) {
  return 6356.766 * hp / (6356.766 - hp);
}

TEST(P835, ReferenceAtmosphereLayersMeet) {
  EXPECT_DOUBLE_EQ(p835::temperature_K(0), 288.15);
  EXPECT_DOUBLE_EQ(p835::pressure_hPa(0), 1013.25);
  // Each layer's law starts where the one below it ends (US Standard Atmosphere 1976 values
  // at 11, 20, 32, 47, 51, 71 km': 226.32, 54.75, 8.680, 1.109, 0.6694, 0.03957 hPa).
  const double base_P[] = {226.3226, 54.74980, 8.680422, 1.109106, 0.6694167, 0.03956649};
  const double base_T[] = {216.65, 216.65, 228.65, 270.65, 270.65, 214.65};
  const double hp[] = {11, 20, 32, 47, 51, 71};
  for (int i = 0; i < 6; ++i) {
    const double h = geometric_km(hp[i]);
    EXPECT_NEAR(p835::pressure_hPa(h - 1e-9), base_P[i], base_P[i] * 2e-4) << hp[i];
    EXPECT_NEAR(p835::pressure_hPa(h + 1e-9), base_P[i], base_P[i] * 2e-4) << hp[i];
    EXPECT_NEAR(p835::temperature_K(h - 1e-9), base_T[i], 1e-6) << hp[i];
    EXPECT_NEAR(p835::temperature_K(h + 1e-9), base_T[i], 1e-6) << hp[i];
  }
  // 86 km: 186.87 K and 3.734e-3 hPa in the 1976 US Standard Atmosphere; the laws below and
  // above 86 km agree there (to 0.1 K: 84.852 km' is 85.9999 km, where the law below gives
  // 186.95 K).
  EXPECT_NEAR(p835::temperature_K(85.999), 186.87, 0.1);
  EXPECT_NEAR(p835::temperature_K(86.0), 186.8673, 1e-9);
  EXPECT_NEAR(p835::pressure_hPa(85.999), 3.734e-3, 0.02 * 3.734e-3);
  EXPECT_NEAR(p835::pressure_hPa(86.0), 3.734e-3, 0.02 * 3.734e-3);
  // Water vapour: 7.5 g/m^3 at the surface, e-folding over 2 km, mixing ratio held at 2e-6.
  EXPECT_NEAR(p835::reference_atmosphere(0).rho_g_m3, 7.5, 1e-12);
  EXPECT_NEAR(p835::reference_atmosphere(2).rho_g_m3, 7.5 / std::exp(1.0), 1e-12);
  const p835::Atmosphere high = p835::reference_atmosphere(40);
  EXPECT_NEAR(high.e_hPa / high.P_hPa, 2e-6, 1e-15);
  EXPECT_DOUBLE_EQ(p835::reference_atmosphere(1, 0.0).rho_g_m3, 0.0);
}

/// Zenith attenuation as an independent trapezoid integral of gamma(h) dh, 0-100 km.
double zenith_integral(double f_GHz, double h0_km, double rho0) {
  double A = 0;
  const int n = 20000;
  double prev = 0;
  for (int i = 0; i <= n; ++i) {
    // Fine steps near the ground, where gamma varies fastest: h = h0 + (100 - h0) u^3.
    const double u = static_cast<double>(i) / n;
    const double h = h0_km + (100 - h0_km) * u * u * u;
    const p835::Atmosphere a = p835::reference_atmosphere(h, rho0);
    const double g =
        p676::specific_attenuation(f_GHz, a.P_hPa - a.e_hPa, a.rho_g_m3, a.T_K).total();
    if (i > 0) {
      const double hp = h0_km + (100 - h0_km) * std::pow(static_cast<double>(i - 1) / n, 3);
      A += 0.5 * (g + prev) * (h - hp);
    }
    prev = g;
  }
  return A;
}

TEST(P676Slant, ZenithIsTheIntegralOfTheSpecificAttenuation) {
  for (double f : {12.0, 28.0, 50.0}) {
    for (double h0 : {0.0, 1.0}) {
      const double layered = p676::slant_path_attenuation_dB(f, h0, 90.0);
      EXPECT_NEAR(layered, zenith_integral(f, h0, 7.5), 0.002 * layered) << f << " " << h0;
    }
  }
}

TEST(P676Slant, ElevationAltitudeAndHumidity) {
  const double zenith = p676::slant_path_attenuation_dB(28.0, 0.0, 90.0);
  // 28 GHz in the mean annual global atmosphere: a few tenths of a dB at the zenith.
  EXPECT_GT(zenith, 0.1);
  EXPECT_LT(zenith, 0.6);
  // The flat-layer cosecant law: within 1 % from 20 deg up, 2 % at 10 deg (the earth's
  // curvature shortens the low paths through the upper layers).
  for (double el : {10.0, 20.0, 48.0, 70.0}) {
    const double A = p676::slant_path_attenuation_dB(28.0, 0.0, el);
    EXPECT_NEAR(A, zenith / std::sin(el * M_PI / 180.0), (el < 20 ? 0.02 : 0.01) * A) << el;
  }
  // Towards the horizon the curved layers make it less than the cosecant law, yet larger.
  const double low = p676::slant_path_attenuation_dB(28.0, 0.0, 1.0);
  EXPECT_GT(low, p676::slant_path_attenuation_dB(28.0, 0.0, 5.0));
  EXPECT_LT(low, zenith / std::sin(M_PI / 180.0));
  EXPECT_LT(p676::slant_path_attenuation_dB(28.0, 2.0, 30.0),
            p676::slant_path_attenuation_dB(28.0, 0.0, 30.0));
  EXPECT_LT(p676::slant_path_attenuation_dB(28.0, 0.0, 30.0, 0.0),
            p676::slant_path_attenuation_dB(28.0, 0.0, 30.0, 7.5));
  // The refractive index at the surface: N = 77.6 * 1013.25 / 288.15 = 272.9 for dry air.
  EXPECT_NEAR(p676::refractive_index(1013.25, 0.0, 288.15), 1 + 77.6 * 1013.25 / 288.15 * 1e-6,
              1e-15);
}

}  // namespace
}  // namespace akichi::prop::itu_r_p676_slant_test

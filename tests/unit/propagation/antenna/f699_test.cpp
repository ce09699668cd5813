// ITU-R F.699-8 reference pattern against its recommends 2.1, 2.2 and 2.3 written out here, at
// the listed angles (boresight, main-lobe parabola, first side lobe, the 25 log phi side lobes,
// the back-lobe floor).
#include "propagation/antenna/f699.h"

#include <cmath>
#include <numbers>
#include <string>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"

namespace akichi::prop::f699_test {
namespace {

constexpr double kC = 299792458.0;

TEST(F699, Recommends21LargeDish) {
  F699Params p;
  p.D_over_lambda = 2.0 * 18e9 / kC;  // 120.1
  p.G_max_dBi = 45;
  const double dl = p.D_over_lambda;
  const double G1 = 2 + 15 * std::log10(dl);
  const double phi_m = 20 / dl * std::sqrt(45 - G1);
  const double phi_r = 15.85 * std::pow(dl, -0.6);
  ASSERT_LT(phi_m, phi_r);
  EXPECT_DOUBLE_EQ(f699_gain_dBi(0, p), 45);
  EXPECT_NEAR(f699_gain_dBi(0.3, p), 45 - 2.5e-3 * std::pow(dl * 0.3, 2), 1e-12);
  EXPECT_NEAR(f699_gain_dBi(0.5 * (phi_m + phi_r), p), G1, 1e-12);
  EXPECT_NEAR(f699_gain_dBi(10, p), 32 - 25, 1e-12);
  EXPECT_NEAR(f699_gain_dBi(47.9, p), 32 - 25 * std::log10(47.9), 1e-12);
  EXPECT_DOUBLE_EQ(f699_gain_dBi(90, p), -10);
  EXPECT_DOUBLE_EQ(f699_gain_dBi(180, p), -10);
}

TEST(F699, Recommends22SmallDish) {
  F699Params p;
  p.D_over_lambda = 1.2 * 6e9 / kC;  // 24.0
  p.G_max_dBi = 35;
  const double dl = p.D_over_lambda;
  const double G1 = 2 + 15 * std::log10(dl);
  const double phi_m = 20 / dl * std::sqrt(35 - G1);
  EXPECT_DOUBLE_EQ(f699_gain_dBi(0, p), 35);
  EXPECT_NEAR(f699_gain_dBi(phi_m / 2, p), 35 - 2.5e-3 * std::pow(dl * phi_m / 2, 2), 1e-12);
  EXPECT_NEAR(f699_gain_dBi(0.5 * (phi_m + 100 / dl), p), G1, 1e-12);
  EXPECT_NEAR(f699_gain_dBi(20, p), 52 - 10 * std::log10(dl) - 25 * std::log10(20.0), 1e-12);
  EXPECT_NEAR(f699_gain_dBi(100, p), 10 - 10 * std::log10(dl), 1e-12);
}

TEST(F699, Recommends23Below1GHz) {
  F699Params p;
  p.D_over_lambda = 3.0 * 800e6 / kC;  // 8.0
  p.G_max_dBi = 20;
  p.below_1GHz = true;
  const double dl = p.D_over_lambda;
  const double phi_s = 144.5 * std::pow(dl, -0.2);
  EXPECT_DOUBLE_EQ(f699_gain_dBi(0, p), 20);
  EXPECT_NEAR(f699_gain_dBi(50, p), 52 - 10 * std::log10(dl) - 25 * std::log10(50.0), 1e-12);
  EXPECT_NEAR(f699_gain_dBi(0.5 * (phi_s + 180), p), -2 - 5 * std::log10(dl), 1e-12);
}

TEST(F699, SegmentsMeetAtTheirBreakAngles) {
  // Each segment of recommends 2.1, 2.2 and 2.3 meets the next at its break angle: phi_m
  // (the parabola reaches G1), phi_r = 15.85 (D/lambda)^-0.6 and 100 lambda/D (G1 meets the
  // 25 log phi side lobes), 48 degrees (2.2: 10 - 10 log(D/lambda), within 0.03 dB of the side
  // lobe there as 2.1's -10 dBi is) and phi_s (2.3), up to the rounding of the
  // Recommendation's constants. A constant other than the
  // Recommendation's (a back lobe of -10 - 10 log(D/lambda) in 2.2, or 2.1's phi_r in 2.2)
  // would break one of these.
  const auto jump = [](const F699Params& p, double at) {
    return f699_gain_dBi(at + 1e-9, p) - f699_gain_dBi(at - 1e-9, p);
  };
  for (double dl : {150.0, 400.0}) {  // recommends 2.1
    const F699Params p{45, dl, false};
    const double G1 = 2 + 15 * std::log10(dl);
    EXPECT_NEAR(jump(p, 20 / dl * std::sqrt(45 - G1)), 0, 1e-6);
    // 15.85 is 10^1.2 = 15.849 rounded in the Recommendation: a 0.0007 dB step.
    EXPECT_NEAR(jump(p, 15.85 * std::pow(dl, -0.6)), 0, 1e-3);
    EXPECT_NEAR(std::abs(jump(p, 48)), 25 * std::log10(48.0) - 42, 1e-9);  // 0.03 dB
  }
  for (double dl : {12.0, 24.0, 80.0}) {  // recommends 2.2
    const F699Params p{dl < 20 ? 25.0 : 38.0, dl, false};
    const double G1 = 2 + 15 * std::log10(dl);
    EXPECT_NEAR(jump(p, 20 / dl * std::sqrt(p.G_max_dBi - G1)), 0, 1e-6);
    EXPECT_NEAR(jump(p, 100 / dl), 0, 1e-6);
    EXPECT_NEAR(std::abs(jump(p, 48)), 25 * std::log10(48.0) - 42, 1e-9);
  }
  const F699Params low{20, 8, true};  // recommends 2.3
  EXPECT_NEAR(jump(low, 100 / 8.0), 0, 1e-6);
  // 144.5 is 10^2.16 = 144.54 rounded in the Recommendation: a 0.003 dB step.
  EXPECT_NEAR(jump(low, 144.5 * std::pow(8.0, -0.2)), 0, 5e-3);
}

TEST(F699, PointingAndErrors) {
  AntennaConfig c;
  c.type = "f699";
  c.gain_dBi = 38;
  c.diameter_m = 0.6;
  c.freq_Hz = 23e9;
  c.azimuth_deg = 270;
  c.elevation_deg = 2;
  const auto a = make_antenna(c);
  EXPECT_DOUBLE_EQ(a->gain_dBi(270, 2), 38);
  // 10 deg off axis in azimuth along the horizon of a dish at elevation 2: the great-circle
  // angle, computed here from the unit vectors.
  const double r = std::numbers::pi / 180;
  const double cos_off =
      std::cos(2 * r) * std::cos(2 * r) * std::cos(10 * r) + std::sin(2 * r) * std::sin(2 * r);
  F699Params p;
  p.D_over_lambda = 0.6 * 23e9 / kC;
  p.G_max_dBi = 38;
  EXPECT_NEAR(a->gain_dBi(280, 2), f699_gain_dBi(std::acos(cos_off) / r, p), 1e-9);
  const auto error = [](const AntennaConfig& bad) {
    try {
      make_antenna(bad);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  AntennaConfig bad = c;
  bad.gain_dBi = 20;
  EXPECT_EQ(error(bad),
            "antenna.gain_dBi: found 20, expected a maximum gain above the first side lobe G1 = "
            "2 + 15 log(D/lambda) = 26.95 dBi");
  bad = c;
  bad.freq_Hz = 90e9;
  EXPECT_EQ(error(bad),
            "antenna.freq_Hz: found 9e+10, expected a value in [1e8, 8.6e10] Hz (ITU-R F.699-8: "
            "100 MHz to 86 GHz)");
}

}  // namespace
}  // namespace akichi::prop::f699_test

// 3GPP TR 38.901 V17.0.0 Table 7.3-1 element and the §7.1.3 rotation.
#include "propagation/antenna/tr38901_element.h"

#include <gtest/gtest.h>

#include <cmath>

#include "propagation/antenna/orientation.h"

namespace akichi::prop::tr38901_element_test {
namespace {

constexpr double kTol = 1e-9;

Tr38901ElementParams tr_params(double theta_3dB = 65.0) {
  Tr38901ElementParams p;  // TR values: 8 dBi, 65 deg, 30 dB, 30 dB
  p.theta_3dB_deg = theta_3dB;
  return p;
}

TEST(Tr38901Element, GainIsNoexcept) {
  const Tr38901SectorAntenna a(tr_params(), 0, 0);
  static_assert(noexcept(a.gain_dBi(0.0, 0.0)));
  EXPECT_DOUBLE_EQ(a.max_gain_dBi(), 8.0);
}

TEST(Tr38901Element, BoresightIsMaximumGain) {
  const Tr38901SectorAntenna a(tr_params(), 0, 0);
  EXPECT_NEAR(a.gain_dBi(0, 0), 8.0, kTol);
  EXPECT_NEAR(a.gain_dBi(360, 0), 8.0, kTol);
}

TEST(Tr38901Element, HorizontalHalfPowerPoints) {
  const Tr38901SectorAntenna a(tr_params(), 0, 0);
  EXPECT_NEAR(a.gain_dBi(32.5, 0), 5.0, kTol);  // 12 (32.5/65)^2 = 3 dB
  EXPECT_NEAR(a.gain_dBi(-32.5, 0), 5.0, kTol);
  EXPECT_NEAR(a.gain_dBi(327.5, 0), 5.0, kTol);
  // 90 deg off boresight: 12 (90/65)^2 = 23.00591716 dB
  EXPECT_NEAR(a.gain_dBi(90, 0), 8.0 - 12.0 * (90.0 / 65.0) * (90.0 / 65.0), kTol);
  EXPECT_NEAR(a.gain_dBi(90, 0), -15.00591716, 1e-8);
}

TEST(Tr38901Element, BackIsFrontToBackBelowMaximum) {
  const Tr38901SectorAntenna a(tr_params(), 0, 0);
  EXPECT_NEAR(a.gain_dBi(180, 0), 8.0 - 30.0, kTol);
  EXPECT_NEAR(a.gain_dBi(180, 40), 8.0 - 30.0, kTol);  // the cap A_max holds everywhere behind
  // Nothing is ever below G_max - A_max.
  for (double b = 0; b < 360; b += 7.5)
    for (double e = -90; e <= 90; e += 7.5) EXPECT_GE(a.gain_dBi(b, e), -22.0 - kTol);
}

TEST(Tr38901Element, VerticalHalfPowerPointsAroundTiltedBeam) {
  const double tilt = 6.0;
  const Tr38901SectorAntenna a(tr_params(10.0), 30.0, tilt);
  EXPECT_NEAR(a.gain_dBi(30, -tilt), 8.0, kTol);
  EXPECT_NEAR(a.gain_dBi(30, -tilt + 5.0), 5.0, kTol);  // theta_3dB / 2 above the beam
  EXPECT_NEAR(a.gain_dBi(30, -tilt - 5.0), 5.0, kTol);  // theta_3dB / 2 below the beam
  // Horizon in the boresight bearing: theta'' = 84 deg, 12 (6/10)^2 = 4.32 dB
  EXPECT_NEAR(a.gain_dBi(30, 0), 8.0 - 4.32, kTol);
  // Far side lobe: SLA_V caps the vertical cut, 12 (40/10)^2 = 192 > 30
  EXPECT_NEAR(a.gain_dBi(30, -46), 8.0 - 30.0, kTol);
}

TEST(Tr38901Element, DowntiltMovesMaximumBelowHorizon) {
  const Tr38901SectorAntenna a(tr_params(), 0, 10.0);
  double best_e = 999, best_g = -1e9;
  for (int i = -900; i <= 900; ++i) {
    const double e = i * 0.1;
    const double g = a.gain_dBi(0, e);
    if (g > best_g) best_g = g, best_e = e;
  }
  EXPECT_NEAR(best_e, -10.0, 1e-9);
  EXPECT_NEAR(best_g, 8.0, kTol);
}

TEST(Tr38901Element, RotationForAzimuth120MovesThePattern) {
  const Tr38901SectorAntenna north(tr_params(10.0), 0.0, 8.0);
  const Tr38901SectorAntenna east_south(tr_params(10.0), 120.0, 8.0);
  for (double d = -180; d < 180; d += 5)
    for (double e = -90; e <= 90; e += 5)
      EXPECT_NEAR(east_south.gain_dBi(120.0 + d, e), north.gain_dBi(d, e), 1e-9) << d << " " << e;
  EXPECT_NEAR(east_south.gain_dBi(120, -8), 8.0, kTol);
  // North is 120 deg off its boresight: horizontal attenuation capped at A_max.
  EXPECT_NEAR(east_south.gain_dBi(0, -8), 8.0 - 30.0, kTol);
  EXPECT_NEAR(east_south.gain_dBi(300, 0), 8.0 - 30.0, kTol);
}

TEST(Tr38901Element, SymmetricAboutBoresightVerticalPlane) {
  const Tr38901SectorAntenna a(tr_params(10.0), 75.0, 12.0);
  for (double d = 0; d <= 180; d += 3.7)
    for (double e = -90; e <= 90; e += 4.1)
      EXPECT_NEAR(a.gain_dBi(75.0 + d, e), a.gain_dBi(75.0 - d, e), 1e-9);
}

TEST(Tr38901Element, TiltLeavesTheSideHorizonUnchanged) {
  // Towards boresight + 90 deg on the horizon, eq. (7.1-7)/(7.1-8) give theta' = 90, phi' = 90
  // whatever the downtilt.
  const Tr38901SectorAntenna a(tr_params(10.0), 0.0, 15.0);
  EXPECT_NEAR(a.gain_dBi(90, 0), 8.0 - 12.0 * (90.0 / 65.0) * (90.0 / 65.0), 1e-9);
}

TEST(Orientation, LocalAnglesFollowTr38901Section713) {
  const Orientation o(40.0, 10.0);
  LocalDirection l = o.to_local(40.0, -10.0);  // on the beam
  EXPECT_NEAR(l.theta_deg, 90.0, 1e-9);
  EXPECT_NEAR(l.phi_deg, 0.0, 1e-9);
  l = o.to_local(123.0, -90.0);  // straight down: theta' = 180 - beta, towards the front
  EXPECT_NEAR(l.theta_deg, 170.0, 1e-9);
  EXPECT_NEAR(l.phi_deg, 0.0, 1e-9);
  l = o.to_local(0.0, 90.0);  // straight up: theta' = beta, towards the back
  EXPECT_NEAR(l.theta_deg, 10.0, 1e-9);
  EXPECT_NEAR(std::abs(l.phi_deg), 180.0, 1e-9);
  l = o.to_local(130.0, 0.0);  // horizon, 90 deg clockwise: phi' = +90
  EXPECT_NEAR(l.theta_deg, 90.0, 1e-9);
  EXPECT_NEAR(l.phi_deg, 90.0, 1e-9);
  l = o.to_local(-50.0, 0.0);  // horizon, 90 deg anticlockwise: phi' = -90
  EXPECT_NEAR(l.phi_deg, -90.0, 1e-9);
  // Unit check against eq. (7.1-7) by hand: bearing offset 30, elevation 20, beta 10:
  // cos theta' = cos10 cos70 + sin10 cos30 sin70
  const double d2r = M_PI / 180.0;
  const double expected = std::acos(std::cos(10 * d2r) * std::cos(70 * d2r) +
                                    std::sin(10 * d2r) * std::cos(30 * d2r) * std::sin(70 * d2r)) /
                          d2r;
  EXPECT_NEAR(o.to_local(70.0, 20.0).theta_deg, expected, 1e-9);
  EXPECT_NEAR(expected, 61.4361, 1e-3);
}

TEST(Orientation, WrapHelpers) {
  EXPECT_DOUBLE_EQ(wrap_360_deg(-30), 330);
  EXPECT_DOUBLE_EQ(wrap_360_deg(720), 0);
  EXPECT_DOUBLE_EQ(wrap_pm180_deg(190), -170);
  EXPECT_DOUBLE_EQ(wrap_pm180_deg(180), 180);
  EXPECT_DOUBLE_EQ(wrap_pm180_deg(-180), 180);
}

}  // namespace
}  // namespace akichi::prop::tr38901_element_test

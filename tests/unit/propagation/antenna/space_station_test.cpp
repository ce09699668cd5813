// Space-station antenna patterns (propagation/antenna/space_station.h): ITU-R S.672-4
// recommends 1.1 and S.1528-0 recommends 1.2 at listed off-axis angles, from the equations.
#include <cmath>

#include <gtest/gtest.h>

#include "propagation/antenna/space_station.h"

namespace akichi::prop::space_station_test {
namespace {

TEST(SpaceStationPattern, S672AtListedAngles) {
  // Gm = 45 dBi, 3 dB beamwidth 1.6 deg (psi0 = 0.8 deg), Ls = -20 dB: a = 2.58, b = 6.32,
  // psi1 = 0.8 * 10^((45 - 20 + 20) / 25) = 50.475 deg.
  const SpaceStationPattern p =
      make_space_station_pattern(SpacePatternKind::kS672_4, 45, 1.6, -20, 0);
  EXPECT_DOUBLE_EQ(p.a, 2.58);
  EXPECT_NEAR(p.psi1_deg, 0.8 * std::pow(10.0, 45.0 / 25.0), 1e-12);
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(p, 0.0), 45.0);
  EXPECT_NEAR(space_station_gain_dBi(p, 0.8), 42.0, 1e-12);                // -3 dB at psi0
  EXPECT_NEAR(space_station_gain_dBi(p, 2.0), 45 - 3 * 2.5 * 2.5, 1e-12);  // psi/psi0 = 2.5
  EXPECT_NEAR(space_station_gain_dBi(p, 3.0), 25.0, 1e-12);                // 3.75 psi0: Gm + Ls
  EXPECT_NEAR(space_station_gain_dBi(p, 5.0), 25.0, 1e-12);                // 6.25 psi0: Gm + Ls
  EXPECT_NEAR(space_station_gain_dBi(p, 10.0), 45 - 20 + 20 - 25 * std::log10(12.5), 1e-12);
  EXPECT_NEAR(space_station_gain_dBi(p, 50.0), 45 - 25 * std::log10(62.5), 1e-12);
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(p, 51.0), 0.0);  // beyond psi1
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(p, 170.0), 0.0);
  // The envelope is continuous at psi1 (where it reaches 0 dBi).
  EXPECT_NEAR(space_station_gain_dBi(p, p.psi1_deg), 0.0, 1e-9);
  // Ls = -25 and -30 dB: a = 2.88 and 3.16.
  EXPECT_DOUBLE_EQ(make_space_station_pattern(SpacePatternKind::kS672_4, 45, 1.6, -25, 0).a, 2.88);
  const SpaceStationPattern q =
      make_space_station_pattern(SpacePatternKind::kS672_4, 45, 1.6, -30, 0);
  EXPECT_DOUBLE_EQ(q.a, 3.16);
  EXPECT_NEAR(space_station_gain_dBi(q, 3.0 * 0.8), 45 - 27, 1e-12);  // 3 psi0 < a psi0
  EXPECT_NEAR(space_station_gain_dBi(q, 3.2 * 0.8), 15.0, 1e-12);     // beyond a psi0: Gm + Ls
}

TEST(SpaceStationPattern, S1528AtListedAngles) {
  // Gm = 40 dBi, 3 dB beamwidth 2 deg (psi_b = 1 deg), LN = -20 dB, LF = 0 dBi, z = 1:
  // a = 2.58, b = 6.32, alpha = 1.5, X = 40 - 20 + 25 log(6.32), Y = 6.32 * 10^(0.04 * 20),
  // LB = max(15 - 20 + 0.25 * 40, 0) = 5 dBi.
  const SpaceStationPattern p =
      make_space_station_pattern(SpacePatternKind::kS1528_0, 40, 2.0, -20, 0);
  const double X = 20 + 25 * std::log10(6.32);
  const double Y = 6.32 * std::pow(10.0, 0.8);
  EXPECT_NEAR(p.X_dBi, X, 1e-12);
  EXPECT_NEAR(p.Y_deg, Y, 1e-12);
  EXPECT_DOUBLE_EQ(p.LB_dBi, 5.0);
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(p, 0.0), 40.0);
  EXPECT_NEAR(space_station_gain_dBi(p, 1.0), 37.0, 1e-12);
  EXPECT_NEAR(space_station_gain_dBi(p, 2.0), 40 - 3 * std::pow(2.0, 1.5), 1e-12);
  EXPECT_NEAR(space_station_gain_dBi(p, 3.0), 20.0, 1e-12);  // a psi_b < 3 <= 0.5 b psi_b
  EXPECT_NEAR(space_station_gain_dBi(p, 5.0), 20.0, 1e-12);  // 0.5 b psi_b < 5 <= b psi_b
  EXPECT_NEAR(space_station_gain_dBi(p, 10.0), X - 25, 1e-12);
  EXPECT_NEAR(space_station_gain_dBi(p, 30.0), X - 25 * std::log10(30.0), 1e-12);
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(p, 45.0), 0.0);   // beyond Y (39.9 deg): LF
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(p, 120.0), 5.0);  // back lobe LB
  // The far side-lobe law reaches LF at Y, and meets Gm + LN at b psi_b.
  EXPECT_NEAR(X - 25 * std::log10(Y), 0.0, 1e-9);
  EXPECT_NEAR(X - 25 * std::log10(6.32), 20.0, 1e-12);
  // LN = -15 dB with LF = 5 dBi: Y = 6.32 * 10^(0.04 * 20) again, LB = max(15 - 15 + 10, 0)
  // = 10 dBi.
  const SpaceStationPattern q =
      make_space_station_pattern(SpacePatternKind::kS1528_0, 40, 2.0, -15, 5);
  EXPECT_DOUBLE_EQ(q.LB_dBi, 10.0);
  EXPECT_NEAR(q.Y_deg, Y, 1e-12);
  EXPECT_DOUBLE_EQ(space_station_gain_dBi(q, 80.0), 5.0);
  EXPECT_NEAR(space_station_gain_dBi(q, 4.0), 25.0, 1e-12);
}

TEST(SpaceStationPattern, TabulatedNearInSideLobeLevels) {
  EXPECT_TRUE(space_pattern_accepts_ls(SpacePatternKind::kS672_4, -25));
  EXPECT_FALSE(space_pattern_accepts_ls(SpacePatternKind::kS672_4, -15));
  EXPECT_TRUE(space_pattern_accepts_ls(SpacePatternKind::kS1528_0, -15));
  EXPECT_FALSE(space_pattern_accepts_ls(SpacePatternKind::kS1528_0, -22));
}

}  // namespace
}  // namespace akichi::prop::space_station_test

// ITU-R P.2109-2: hand-computed values from Table 1, the structure of eqs. (1)-(10), and
// self-generated sweeps over the local-5G bands (all inside 0.08-100 GHz).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "propagation/models/itu_r_p2109_2.h"

namespace akichi::prop::p2109::itu_r_p2109_2_test {
namespace {

TEST(P2109, Table1Rows) {
  const Table1Coefficients& t = table1(BuildingType::Traditional);
  EXPECT_EQ(t.r, 12.64);
  EXPECT_EQ(t.s, 3.72);
  EXPECT_EQ(t.t, 0.96);
  EXPECT_EQ(t.u, 9.6);
  EXPECT_EQ(t.v, 2.0);
  EXPECT_EQ(t.w, 9.1);
  EXPECT_EQ(t.x, -3.0);
  EXPECT_EQ(t.y, 4.5);
  EXPECT_EQ(t.z, -2.0);
  const Table1Coefficients& e = table1(BuildingType::ThermallyEfficient);
  EXPECT_EQ(e.r, 28.19);
  EXPECT_EQ(e.s, -3.00);
  EXPECT_EQ(e.t, 8.48);
  EXPECT_EQ(e.u, 13.5);
  EXPECT_EQ(e.v, 3.8);
  EXPECT_EQ(e.w, 27.8);
  EXPECT_EQ(e.x, -2.9);
  EXPECT_EQ(e.y, 9.4);
  EXPECT_EQ(e.z, -2.1);
}

TEST(P2109, MedianHandComputed) {
  // Traditional, f = 3.5 GHz, P = 0.5 (F^-1 = 0), theta = 0: log10 f = 0.544068;
  // L_h = 12.64 + 3.72 * 0.544068 + 0.96 * 0.544068^2 = 14.948103 (9); mu_2 = 9.1 - 3 * 0.544068
  // = 7.467796 (6); L = 10 log10(10^1.4948103 + 10^0.7467796 + 10^-0.3) = 15.720603 dB (1)
  EXPECT_NEAR(building_entry_loss_dB(3.5, 0.5, BuildingType::Traditional, 0.0), 15.720603, 1e-5);
  // Thermally efficient, f = 28 GHz, P = 0.5, theta = 30 deg: log10 f = 1.447158;
  // L_h = 28.19 - 3 * 1.447158 + 8.48 * 1.447158^2 = 41.607905 (9); L_e = 0.212 * 30 = 6.36 (10);
  // mu_2 = 27.8 - 2.9 * 1.447158 = 23.603242 (6);
  // L = 10 log10(10^4.7967905 + 10^2.3603242 + 10^-0.3) = 47.983807 dB (1)
  EXPECT_NEAR(building_entry_loss_dB(28.0, 0.5, BuildingType::ThermallyEfficient, 30.0), 47.983807,
              1e-5);
}

TEST(P2109, ElevationTermIsSymmetricAndLinear) {
  EXPECT_DOUBLE_EQ(elevation_term_dB(-45.0), elevation_term_dB(45.0));
  EXPECT_DOUBLE_EQ(elevation_term_dB(90.0), 0.212 * 90.0);
  EXPECT_DOUBLE_EQ(building_entry_loss_dB(4.7, 0.3, BuildingType::Traditional, -20.0),
                   building_entry_loss_dB(4.7, 0.3, BuildingType::Traditional, 20.0));
}

TEST(P2109, Domain) {
  EXPECT_TRUE(in_domain(0.08, 0.5, 0));
  EXPECT_TRUE(in_domain(100, 0.5, -90));
  EXPECT_FALSE(in_domain(0.079, 0.5, 0));
  EXPECT_FALSE(in_domain(100.1, 0.5, 0));
  EXPECT_FALSE(in_domain(3.5, 0.0, 0));
  EXPECT_FALSE(in_domain(3.5, 1.0, 0));
  EXPECT_FALSE(in_domain(3.5, 0.5, 90.5));
}

// Self-generated: every band at 1 MHz steps, both building types, several P and theta:
// continuous in frequency (< 0.01 dB per MHz); increasing in P; thermally efficient buildings
// lose more than traditional ones at the median.
TEST(P2109SelfGeneratedSweep, ContinuousInFrequencyMonotonicInProbability) {
  const std::vector<std::pair<double, double>> bands = {
      {2.3, 2.4}, {3.3, 4.2}, {4.6, 4.9}, {26.5, 29.5}};
  for (const auto& [lo, hi] : bands) {
    for (BuildingType type : {BuildingType::Traditional, BuildingType::ThermallyEfficient}) {
      for (double P : {0.01, 0.5, 0.99}) {
        for (double theta : {0.0, 30.0}) {
          double prev = building_entry_loss_dB(lo, P, type, theta);
          for (double f = lo + 0.001; f <= hi + 1e-9; f += 0.001) {
            const double L = building_entry_loss_dB(f, P, type, theta);
            ASSERT_LT(std::fabs(L - prev), 0.01) << f;
            prev = L;
          }
        }
      }
      const double f = 0.5 * (lo + hi);
      double prev = building_entry_loss_dB(f, 0.001, type, 0.0);
      for (double P = 0.005; P < 0.999; P += 0.005) {
        const double L = building_entry_loss_dB(f, P, type, 0.0);
        ASSERT_GT(L, prev) << f << " " << P;
        prev = L;
      }
    }
    const double f = 0.5 * (lo + hi);
    EXPECT_GT(building_entry_loss_dB(f, 0.5, BuildingType::ThermallyEfficient, 0.0),
              building_entry_loss_dB(f, 0.5, BuildingType::Traditional, 0.0));
  }
}

}  // namespace
}  // namespace akichi::prop::p2109::itu_r_p2109_2_test

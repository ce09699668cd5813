// ITU-R P.1411-12 §4.1.1 / §4.2.1 site-general models: hand-computed values from the tables
// (arithmetic in the comments), the rows and ranges that exist, the location-quantile forms, and
// self-generated sweeps over the local-5G bands where each row is valid.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "propagation/models/itu_r_p1411_12.h"
#include "propagation/models/itu_r_p525.h"

namespace akichi::prop::p1411::itu_r_p1411_12_test {
namespace {

const SiteGeneralRow& row(Placement p, Environment e, PathState s) {
  const SiteGeneralRow* r = site_general_row(p, e, s);
  EXPECT_NE(r, nullptr);
  return *r;
}

TEST(P1411, BelowRooftopHandComputed) {
  // LoS (urban high-rise and low-rise/suburban), d = 100 m, f = 28 GHz:
  // 10 * 2.12 * log10(100) + 29.2 + 10 * 2.11 * log10(28) = 42.4 + 29.2 + 30.535034 = 102.135034 dB
  EXPECT_NEAR(
      median_loss_dB(row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::LoS), 28,
                     100),
      102.135034, 1e-6);
  EXPECT_EQ(
      site_general_row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::LoS),
      site_general_row(Placement::BelowRooftop, Environment::UrbanLowRiseSuburban, PathState::LoS));
  // NLoS urban high-rise, d = 200 m, f = 3.5 GHz: 40 log10(200) + 10.2 + 23.6 log10(3.5)
  //   = 92.041200 + 10.2 + 12.840006 = 115.081206 dB
  EXPECT_NEAR(
      median_loss_dB(row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::NLoS), 3.5,
                     200),
      115.081206, 1e-6);
  // NLoS urban low-rise/suburban, d = 100 m, f = 28 GHz: 50.6 * 2 - 4.68 + 20.2 log10(28)
  //   = 101.2 - 4.68 + 29.232592 = 125.752592 dB
  EXPECT_NEAR(median_loss_dB(
                  row(Placement::BelowRooftop, Environment::UrbanLowRiseSuburban, PathState::NLoS),
                  28, 100),
              125.752592, 1e-6);
  // NLoS residential, d = 100 m, f = 4.7 GHz: 30.1 * 2 + 18.8 + 20.7 log10(4.7)
  //   = 60.2 + 18.8 + 13.912426 = 92.912426 dB
  EXPECT_NEAR(
      median_loss_dB(row(Placement::BelowRooftop, Environment::Residential, PathState::NLoS), 4.7,
                     100),
      92.912426, 1e-6);
}

TEST(P1411, AboveRooftopHandComputed) {
  // LoS, d = 500 m, f = 28 GHz: 22.9 log10(500) + 28.6 + 19.6 log10(28)
  //   = 61.806413 + 28.6 + 28.364297 = 118.770711 dB
  EXPECT_NEAR(
      median_loss_dB(
          row(Placement::AboveRooftop, Environment::UrbanLowRiseSuburban, PathState::LoS), 28, 500),
      118.770711, 1e-6);
  // NLoS urban high-rise, d = 1000 m, f = 3.7 GHz: 43.9 * 3 - 6.27 + 23 log10(3.7)
  //   = 131.7 - 6.27 + 13.068640 = 138.498640 dB
  EXPECT_NEAR(
      median_loss_dB(row(Placement::AboveRooftop, Environment::UrbanHighRise, PathState::NLoS), 3.7,
                     1000),
      138.498640, 1e-6);
}

TEST(P1411, RowsThatTheTablesDoNotHave) {
  EXPECT_EQ(site_general_row(Placement::BelowRooftop, Environment::Residential, PathState::LoS),
            nullptr);
  EXPECT_EQ(site_general_row(Placement::AboveRooftop, Environment::Residential, PathState::LoS),
            nullptr);
  EXPECT_EQ(site_general_row(Placement::AboveRooftop, Environment::Residential, PathState::NLoS),
            nullptr);
  EXPECT_EQ(
      site_general_row(Placement::AboveRooftop, Environment::UrbanLowRiseSuburban, PathState::NLoS),
      nullptr);
}

TEST(P1411, RangesOfTheRows) {
  const SiteGeneralRow& los =
      row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::LoS);
  EXPECT_TRUE(in_range(los, 0.8, 5));
  EXPECT_TRUE(in_range(los, 82, 660));
  EXPECT_FALSE(in_range(los, 0.79, 100));
  EXPECT_FALSE(in_range(los, 28, 661));
  EXPECT_FALSE(in_range(los, 28, 4.9));
  const SiteGeneralRow& ulr =
      row(Placement::BelowRooftop, Environment::UrbanLowRiseSuburban, PathState::NLoS);
  EXPECT_FALSE(in_range(ulr, 3.5, 100));  // 10-73 GHz only
  EXPECT_TRUE(in_range(ulr, 28, 250));
  EXPECT_FALSE(in_range(ulr, 28, 251));
  const SiteGeneralRow& res =
      row(Placement::BelowRooftop, Environment::Residential, PathState::NLoS);
  EXPECT_TRUE(in_range(res, 73, 170));
  EXPECT_FALSE(in_range(res, 74, 100));
  EXPECT_FALSE(in_range(res, 28, 29));
  const SiteGeneralRow& uhr =
      row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::NLoS);
  EXPECT_TRUE(in_range(uhr, 28, 715));
  EXPECT_FALSE(in_range(uhr, 28, 716));
  const SiteGeneralRow& alos =
      row(Placement::AboveRooftop, Environment::UrbanHighRise, PathState::LoS);
  EXPECT_FALSE(in_range(alos, 2.19, 100));
  EXPECT_TRUE(in_range(alos, 2.3, 55));
  EXPECT_FALSE(in_range(alos, 2.3, 54));
  EXPECT_TRUE(in_range(alos, 73, 1200));
  const SiteGeneralRow& anlos =
      row(Placement::AboveRooftop, Environment::UrbanHighRise, PathState::NLoS);
  EXPECT_FALSE(in_range(anlos, 67, 500));  // 2.2-66.5 GHz
  EXPECT_FALSE(in_range(anlos, 28, 259));  // 260-1200 m
  EXPECT_TRUE(in_range(anlos, 28, 260));
}

TEST(P1411, LocationQuantiles) {
  // uncapped row: L(p) = Lb + sigma F^-1(p/100); LoS below rooftop, 100 m, 28 GHz, p = 90 %:
  // 102.135034 + 5.06 * 1.281552 = 102.135034 + 6.484651 = 108.619685 dB
  const SiteGeneralRow& los =
      row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::LoS);
  EXPECT_NEAR(loss_not_exceeded_dB(los, 28, 100, 90), 108.619685, 1e-6);
  EXPECT_DOUBLE_EQ(loss_not_exceeded_dB(los, 28, 100, 50), median_loss_dB(los, 28, 100));
  // capped row: NLoS urban high-rise, 200 m, 3.5 GHz, p = 50 %: L_FS = 89.349744 dB (P.525),
  // mu = 115.081206 - 89.349744 = 25.731462; L = 89.349744 + 10 log10(10^2.5731462 + 1)
  //   = 115.092795 dB
  const SiteGeneralRow& uhr =
      row(Placement::BelowRooftop, Environment::UrbanHighRise, PathState::NLoS);
  EXPECT_NEAR(loss_not_exceeded_dB(uhr, 3.5, 200, 50), 115.092795, 1e-6);
  // the capped form never goes below free space, even at 0.001 % of locations
  const double lfs = p525::free_space_loss_dB(3500.0, 0.05);
  EXPECT_GT(loss_not_exceeded_dB(uhr, 3.5, 50, 0.001), lfs);
}

struct Band {
  double lo, hi;
};

// Self-generated: for each row, every local-5G band inside the row's frequency range (2.3-2.4,
// 3.3-4.2, 4.6-4.9, 26.5-29.5 GHz) at 1 MHz steps and the row's whole distance range at
// distance steps of 1 %: continuous in frequency (< 0.01 dB per MHz), strictly increasing and
// continuous in distance (< 0.22 dB per 1 % step), increasing in the location percentage.
TEST(P1411SelfGeneratedSweep, ContinuousAndMonotonicWhereValid) {
  const std::vector<Band> bands = {{2.3, 2.4}, {3.3, 4.2}, {4.6, 4.9}, {26.5, 29.5}};
  int swept = 0;
  for (Placement pl : {Placement::BelowRooftop, Placement::AboveRooftop}) {
    for (Environment env : {Environment::UrbanHighRise, Environment::UrbanLowRiseSuburban,
                            Environment::Residential}) {
      for (PathState st : {PathState::LoS, PathState::NLoS}) {
        const SiteGeneralRow* r = site_general_row(pl, env, st);
        if (r == nullptr) continue;
        for (const Band& b : bands) {
          if (b.lo < r->f_min_GHz || b.hi > r->f_max_GHz) continue;
          ++swept;
          for (double p : {10.0, 50.0, 90.0}) {
            const double d = 0.5 * (r->d_min_m + r->d_max_m);
            double prev = loss_not_exceeded_dB(*r, b.lo, d, p);
            for (double f = b.lo + 0.001; f <= b.hi + 1e-9; f += 0.001) {
              const double L = loss_not_exceeded_dB(*r, f, d, p);
              ASSERT_LT(std::fabs(L - prev), 0.01) << f;
              prev = L;
            }
            const double f = 0.5 * (b.lo + b.hi);
            // 1 % distance steps: the median grows by 10 alpha log10(1.01) <= 50.6 * 0.00432
            // = 0.219 dB (alpha <= 5.06), and the capped form by less
            prev = loss_not_exceeded_dB(*r, f, r->d_min_m, p);
            for (double dd = r->d_min_m * 1.01; dd <= r->d_max_m; dd *= 1.01) {
              const double L = loss_not_exceeded_dB(*r, f, dd, p);
              ASSERT_GT(L, prev) << dd;
              ASSERT_LT(L - prev, 0.22) << dd;
              prev = L;
            }
          }
          const double f = 0.5 * (b.lo + b.hi);
          const double d = 0.5 * (r->d_min_m + r->d_max_m);
          double prev = loss_not_exceeded_dB(*r, f, d, 0.5);
          for (double p = 1.0; p < 100.0; p += 0.5) {
            const double L = loss_not_exceeded_dB(*r, f, d, p);
            ASSERT_GT(L, prev) << p;
            prev = L;
          }
        }
      }
    }
  }
  // (environment, state) pairs with a row: 8 (both LoS rows are reached from two environments);
  // 4 bands each, except NLoS urban low-rise/suburban below rooftop (10-73 GHz): 7 * 4 + 1
  EXPECT_EQ(swept, 29);
}

}  // namespace
}  // namespace akichi::prop::p1411::itu_r_p1411_12_test

// 3GPP TR 38.901 V17.0.0 §7.4.1 / §7.4.2: hand-computed values (self-generated, arithmetic in
// the comments) for the InF scenarios, which have no public deterministic vectors, the LoS
// probabilities of Table 7.4.2-1, breakpoints, and the documented clamping.
#include <gtest/gtest.h>

#include <cmath>

#include "propagation/models/tr38901.h"

namespace akichi::prop::tr38901::tr38901_test {
namespace {

constexpr double kHand_dB = 1e-9;  // same arithmetic, double precision
const Params kDefault{};

// log10(50) = 1.6989700043360187; log10(4.8) = 0.6812412373755872;
// log10(28.5) = 1.4548448600085102; log10(5) = 0.6989700043360189.
TEST(Tr38901InF, FormulasAt4p8GHzAnd50m) {
  // LOS: 31.84 + 21.50*1.69897000 + 19.00*0.68124124 = 81.31143860336056
  // SL:  33 + 25.5*1.69897000 + 20*0.68124124        = 89.94855985808022
  // DL:  18.6 + 35.7*1.69897000 + 20*0.68124124      = 92.87805390230761
  // SH:  32.4 + 23.0*1.69897000 + 20*0.68124124      = 85.10113484724017
  // DH:  33.63 + 21.9*1.69897000 + 20*0.68124124     = 84.46226784247055
  const double fc = 4.8;
  const auto sl = path_loss(Scenario::InF_SL, kDefault, fc, 50, 50, 1.5, 1.5);
  const auto dl = path_loss(Scenario::InF_DL, kDefault, fc, 50, 50, 1.5, 1.5);
  const auto sh = path_loss(Scenario::InF_SH, kDefault, fc, 50, 50, 1.5, 1.5);
  const auto dh = path_loss(Scenario::InF_DH, kDefault, fc, 50, 50, 1.5, 1.5);
  for (const auto& pl : {sl, dl, sh, dh}) EXPECT_NEAR(pl.los_dB, 81.31143860336056, kHand_dB);
  EXPECT_NEAR(sl.nlos_dB, 89.94855985808022, kHand_dB);
  EXPECT_NEAR(dl.nlos_dB, 92.87805390230761, kHand_dB);
  EXPECT_NEAR(sh.nlos_dB, 85.10113484724017, kHand_dB);
  EXPECT_NEAR(dh.nlos_dB, 84.46226784247055, kHand_dB);
  EXPECT_DOUBLE_EQ(sl.sigma_sf_los_dB, 4.3);
  EXPECT_DOUBLE_EQ(sl.sigma_sf_nlos_dB, 5.7);
  EXPECT_DOUBLE_EQ(dl.sigma_sf_nlos_dB, 7.2);
  EXPECT_DOUBLE_EQ(sh.sigma_sf_nlos_dB, 5.9);
  EXPECT_DOUBLE_EQ(dh.sigma_sf_nlos_dB, 4.0);
}

TEST(Tr38901InF, FormulasAt28p5GHzAnd50m) {
  // LOS: 31.84 + 21.50*1.69897000 + 19.00*1.45484486 = 96.0099074333861
  // SL:  33 + 25.5*1.69897000 + 20*1.45484486        = 105.42063231073868
  // DL:  18.6 + 35.7*1.69897000 + 20*1.45484486      = 108.35012635496608
  // SH:  32.4 + 23.0*1.69897000 + 20*1.45484486      = 100.57320729989864
  // DH:  33.63 + 21.9*1.69897000 + 20*1.45484486     = 99.93434029512902
  const double fc = 28.5;
  EXPECT_NEAR(path_loss(Scenario::InF_SL, kDefault, fc, 50, 50, 1.5, 1.5).los_dB, 96.0099074333861,
              kHand_dB);
  EXPECT_NEAR(path_loss(Scenario::InF_SL, kDefault, fc, 50, 50, 1.5, 1.5).nlos_dB,
              105.42063231073868, kHand_dB);
  EXPECT_NEAR(path_loss(Scenario::InF_DL, kDefault, fc, 50, 50, 1.5, 1.5).nlos_dB,
              108.35012635496608, kHand_dB);
  EXPECT_NEAR(path_loss(Scenario::InF_SH, kDefault, fc, 50, 50, 1.5, 1.5).nlos_dB,
              100.57320729989864, kHand_dB);
  EXPECT_NEAR(path_loss(Scenario::InF_DH, kDefault, fc, 50, 50, 1.5, 1.5).nlos_dB,
              99.93434029512902, kHand_dB);
}

TEST(Tr38901InF, NlosTakesTheMaximumTheTableNames) {
  // At 28.5 GHz, d_3D = 5 m (log10 5 = 0.69897000):
  //   LOS  = 31.84 + 21.5*0.69897 + 19*1.45484486 = 74.5099074333861
  //   SL'  = 33 + 25.5*0.69897 + 20*1.45484486    = 79.92063231073868
  //   DL'  = 18.6 + 35.7*0.69897 + 20*1.45484486  = 72.65012635496608  (< LOS < SL)
  //   DH'  = 33.63 + 21.9*0.69897 + 20*1.45484486 = 78.03434029512903
  // InF-DL NLOS = max(DL', LOS, SL) = SL.
  EXPECT_NEAR(path_loss(Scenario::InF_DL, kDefault, 28.5, 5, 5, 1.5, 1.5).nlos_dB,
              79.92063231073868, kHand_dB);
  EXPECT_NEAR(path_loss(Scenario::InF_DH, kDefault, 28.5, 5, 5, 1.5, 1.5).nlos_dB,
              78.03434029512903, kHand_dB);
  // NLoS is never below LoS anywhere (sweep, self-generated).
  for (Scenario s : {Scenario::RMa, Scenario::UMa, Scenario::UMi, Scenario::InH_Mixed,
                     Scenario::InF_SL, Scenario::InF_DL, Scenario::InF_SH, Scenario::InF_DH}) {
    for (double d = 1; d < 5000; d *= 1.1) {
      const auto pl = path_loss(s, kDefault, 3.5, d, std::hypot(d, 8.5), 10, 1.5);
      ASSERT_GE(pl.nlos_dB, pl.los_dB) << scenario_name(s) << " d = " << d;
    }
  }
}

TEST(Tr38901LosProbability, TableValues) {
  // RMa, d = 1010 m: exp(-(1010 - 10)/1000) = exp(-1) = 0.36787944117144233
  EXPECT_NEAR(los_probability(Scenario::RMa, kDefault, 1010, 35, 1.5), 0.36787944117144233, 1e-12);
  EXPECT_EQ(los_probability(Scenario::RMa, kDefault, 10, 35, 1.5), 1.0);
  // UMi, d = 100 m: 18/100 + exp(-100/36)(1 - 18/100) = 0.23098474969813537
  EXPECT_NEAR(los_probability(Scenario::UMi, kDefault, 100, 10, 1.5), 0.23098474969813537, 1e-12);
  EXPECT_EQ(los_probability(Scenario::UMi, kDefault, 18, 10, 1.5), 1.0);
  // UMa, d = 100 m, h_UT = 1.5 m (C' = 0): 0.18 + exp(-100/63)*0.82 = 0.3476708368442312
  EXPECT_NEAR(los_probability(Scenario::UMa, kDefault, 100, 25, 1.5), 0.3476708368442312, 1e-12);
  // UMa, h_UT = 18 m: C' = (5/10)^1.5; x (1 + C' 5/4 (100/100)^3 exp(-100/150)) =
  // 0.4265575075765704
  EXPECT_NEAR(los_probability(Scenario::UMa, kDefault, 100, 25, 18), 0.4265575075765704, 1e-12);
  // InH mixed: d = 3: exp(-(3 - 1.2)/4.7) = 0.6818274060977494; d = 20: exp(-(13.5)/32.6)*0.32
  EXPECT_NEAR(los_probability(Scenario::InH_Mixed, kDefault, 3, 3, 1), 0.6818274060977494, 1e-12);
  EXPECT_NEAR(los_probability(Scenario::InH_Mixed, kDefault, 20, 3, 1), 0.21149694762432883, 1e-12);
  // InH open: d = 20: exp(-15/70.8) = 0.8090743951319385; d = 100: exp(-51/211.7)*0.54
  EXPECT_NEAR(los_probability(Scenario::InH_Open, kDefault, 20, 3, 1), 0.8090743951319385, 1e-12);
  EXPECT_NEAR(los_probability(Scenario::InH_Open, kDefault, 100, 3, 1), 0.4243939689072336, 1e-12);
}

TEST(Tr38901LosProbability, InFClutter) {
  // InF-SL/DL, r = 0.2, d_clutter = 2 m: k = -2/ln(0.8) = 8.962840235449102;
  // d = 50 m: exp(-50/k) = 0.0037778931862957207
  Params p;
  p.r = 0.2;
  p.d_clutter_m = 2;
  EXPECT_NEAR(los_probability(Scenario::InF_SL, p, 50, 8, 1.5), 0.0037778931862957207, 1e-14);
  EXPECT_NEAR(los_probability(Scenario::InF_DL, p, 50, 8, 1.5), 0.0037778931862957207, 1e-14);
  // InF-SH/DH, r = 0.6, d_clutter = 10 m, h_c = 6 m, h_BS = 8 m, h_UT = 1.5 m:
  // k = -10/ln(0.4) * (8 - 1.5)/(6 - 1.5) = 10.913566679372915 * 1.4444444 = 15.76404075909421;
  // d = 50 m: exp(-50/k) = 0.04192908205609128
  p.r = 0.6;
  p.d_clutter_m = 10;
  p.h_c_m = 6;
  EXPECT_NEAR(los_probability(Scenario::InF_SH, p, 50, 8, 1.5), 0.04192908205609128, 1e-14);
  EXPECT_NEAR(los_probability(Scenario::InF_DH, p, 50, 8, 1.5), 0.04192908205609128, 1e-14);
  // UT at or above the clutter: unobstructed (documented choice).
  EXPECT_EQ(los_probability(Scenario::InF_DH, p, 50, 8, 6.5), 1.0);
  // No clutter at all: always LoS.
  p.r = 0;
  EXPECT_EQ(los_probability(Scenario::InF_SL, p, 300, 8, 1.5), 1.0);
}

TEST(Tr38901, BreakpointsAndClamping) {
  // UMa d'_BP = 4 (25 - 1)(1.5 - 1) 5e9 / 3e8 = 800 m; RMa d_BP = 2 pi 35 1.5 5e9/3e8 = 5497.787 m
  EXPECT_NEAR(breakpoint_prime_m(5, 25, 1.5, 1), 800.0, 1e-9);
  EXPECT_NEAR(rma_breakpoint_m(5, 35, 1.5), 5497.787143782138, 1e-6);
  // UMa LoS continuous at the breakpoint (PL1 and PL2 meet there).
  const double dbp = 800.0;
  const auto below =
      path_loss(Scenario::UMa, kDefault, 5, dbp - 1e-6, std::hypot(dbp, 23.5), 25, 1.5);
  const auto above =
      path_loss(Scenario::UMa, kDefault, 5, dbp + 1e-6, std::hypot(dbp, 23.5), 25, 1.5);
  EXPECT_NEAR(below.los_dB, above.los_dB, 1e-3);
  // d_2D below 10 m is clamped to 10 m (same height difference), and flagged.
  const auto at10 = path_loss(Scenario::UMa, kDefault, 5, 10, std::hypot(10, 23.5), 25, 1.5);
  const auto at2 = path_loss(Scenario::UMa, kDefault, 5, 2, std::hypot(2, 23.5), 25, 1.5);
  EXPECT_TRUE(at2.clamped);
  EXPECT_FALSE(at10.clamped);
  EXPECT_DOUBLE_EQ(at2.los_dB, at10.los_dB);
  EXPECT_DOUBLE_EQ(at2.nlos_dB, at10.nlos_dB);
  // InH / InF: d_3D below 1 m is clamped to 1 m; beyond the maximum, flagged.
  EXPECT_DOUBLE_EQ(path_loss(Scenario::InF_SL, kDefault, 28.5, 0.2, 0.3, 2, 1.8).los_dB,
                   path_loss(Scenario::InF_SL, kDefault, 28.5, 1, 1, 2, 1.8).los_dB);
  EXPECT_TRUE(path_loss(Scenario::InF_SL, kDefault, 28.5, 700, 700, 2, 1.8).out_of_range);
  EXPECT_TRUE(path_loss(Scenario::InH_Mixed, kDefault, 28.5, 200, 200, 3, 1).out_of_range);
  EXPECT_FALSE(path_loss(Scenario::InH_Mixed, kDefault, 28.5, 100, 100, 3, 1).out_of_range);
}

TEST(Tr38901, ScenarioNames) {
  Scenario s{};
  for (Scenario t :
       {Scenario::RMa, Scenario::UMa, Scenario::UMi, Scenario::InH_Mixed, Scenario::InH_Open,
        Scenario::InF_SL, Scenario::InF_DL, Scenario::InF_SH, Scenario::InF_DH}) {
    ASSERT_TRUE(parse_scenario(scenario_name(t), s));
    EXPECT_EQ(s, t);
  }
  EXPECT_FALSE(parse_scenario("UMx", s));
  EXPECT_FALSE(parse_scenario("uma", s));
}

}  // namespace
}  // namespace akichi::prop::tr38901::tr38901_test

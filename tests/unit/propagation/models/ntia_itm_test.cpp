// NTIA Irregular Terrain Model: every input check (one edge per branch, NTIA return codes and
// warning flags), analytic checks of the building blocks, and self-generated sweeps for
// continuity over the project's bands.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "propagation/models/ntia_itm.h"

namespace akichi::prop::itm::ntia_itm_test {
namespace {

ItmParams base_params() {
  ItmParams p;
  p.climate = 5;
  p.N_0 = 301;
  p.f_MHz = 3500;
  p.pol = 1;
  p.epsilon = 15;
  p.sigma = 0.005;
  p.mdvar = 12;
  return p;
}

/// A pfl array {np, xi, z...}: a flat path at `z0` with an optional Gaussian hill.
std::vector<double> make_pfl(int np, double xi, double z0, double hill_m = 0, double hill_at = 0.5,
                             double hill_width = 0.1) {
  std::vector<double> pfl{static_cast<double>(np), xi};
  for (int i = 0; i <= np; ++i) {
    const double x = static_cast<double>(i) / np;
    pfl.push_back(z0 + hill_m * std::exp(-std::pow((x - hill_at) / hill_width, 2)));
  }
  return pfl;
}

ItmResult p2p_with(const ItmParams& p, double h_tx = 10, double h_rx = 2, double time = 50,
                   double location = 50, double situation = 50) {
  static const std::vector<double> pfl = make_pfl(200, 100, 100, 60);
  return p2p_tls(h_tx, h_rx, profile_from_pfl(pfl.data()), p, time, location, situation);
}

TEST(NtiaItmInputs, ValidBaseCaseSucceeds) {
  const ItmResult r = p2p_with(base_params());
  EXPECT_EQ(r.rc, kSuccess);
  EXPECT_EQ(r.warnings, 0u);
  EXPECT_GT(r.A_dB, r.iv.A_fs_dB);
}

TEST(NtiaItmInputs, TerminalHeights) {
  EXPECT_EQ(p2p_with(base_params(), 0.49).rc, kErrorTxTerminalHeight);
  EXPECT_EQ(p2p_with(base_params(), 3000.1).rc, kErrorTxTerminalHeight);
  const ItmResult w = p2p_with(base_params(), 0.8);
  EXPECT_TRUE(w.ok());
  EXPECT_TRUE(w.warnings & kWarnTxTerminalHeight);
  EXPECT_EQ(w.rc, kSuccessWithWarnings);
  EXPECT_EQ(p2p_with(base_params(), 10, 0.49).rc, kErrorRxTerminalHeight);
  EXPECT_EQ(p2p_with(base_params(), 10, 3000.1).rc, kErrorRxTerminalHeight);
  EXPECT_TRUE(p2p_with(base_params(), 10, 1500).warnings & kWarnRxTerminalHeight);
}

TEST(NtiaItmInputs, ClimateRefractivityFrequencyPolarizationGround) {
  ItmParams p = base_params();
  p.climate = 0;
  EXPECT_EQ(p2p_with(p).rc, kErrorInvalidRadioClimate);
  p.climate = 8;
  EXPECT_EQ(p2p_with(p).rc, kErrorInvalidRadioClimate);
  p = base_params();
  p.N_0 = 249.9;
  EXPECT_EQ(p2p_with(p).rc, kErrorRefractivity);
  p.N_0 = 400.1;
  EXPECT_EQ(p2p_with(p).rc, kErrorRefractivity);
  p = base_params();
  p.f_MHz = 19.9;
  EXPECT_EQ(p2p_with(p).rc, kErrorFrequency);
  p.f_MHz = 20000.1;
  EXPECT_EQ(p2p_with(p).rc, kErrorFrequency);
  p.f_MHz = 12000;
  EXPECT_EQ(p2p_with(p).warnings & kWarnFrequency, kWarnFrequency);
  p = base_params();
  p.pol = 2;
  EXPECT_EQ(p2p_with(p).rc, kErrorPolarization);
  p = base_params();
  p.epsilon = 0.99;
  EXPECT_EQ(p2p_with(p).rc, kErrorEpsilon);
  p = base_params();
  p.sigma = 0;
  EXPECT_EQ(p2p_with(p).rc, kErrorSigma);
  // epsilon = 1 with horizontal polarization: Z_g = sqrt(j 18000 sigma / f) has equal real and
  // imaginary parts -> the impedance check of the core.
  p = base_params();
  p.epsilon = 1;
  p.pol = 0;
  EXPECT_EQ(p2p_with(p).rc, kErrorGroundImpedance);
}

TEST(NtiaItmInputs, Mdvar) {
  ItmParams p = base_params();
  for (int bad : {-1, 4, 9, 14, 19, 24, 29, 34}) {
    p.mdvar = bad;
    EXPECT_EQ(p2p_with(p).rc, kErrorMdvar) << bad;
  }
  for (int good : {0, 3, 10, 13, 20, 23, 30, 33}) {
    p.mdvar = good;
    EXPECT_TRUE(p2p_with(p).ok()) << good;
  }
}

TEST(NtiaItmInputs, Percentages) {
  const ItmParams p = base_params();
  EXPECT_EQ(p2p_with(p, 10, 2, 0, 50, 50).rc, kErrorInvalidTime);
  EXPECT_EQ(p2p_with(p, 10, 2, 100, 50, 50).rc, kErrorInvalidTime);
  EXPECT_EQ(p2p_with(p, 10, 2, 50, 0, 50).rc, kErrorInvalidLocation);
  EXPECT_EQ(p2p_with(p, 10, 2, 50, 100, 50).rc, kErrorInvalidLocation);
  EXPECT_EQ(p2p_with(p, 10, 2, 50, 50, 0).rc, kErrorInvalidSituation);
  EXPECT_EQ(p2p_with(p, 10, 2, 50, 50, 100).rc, kErrorInvalidSituation);
  // |z| > 3.10 (time 0.05 % -> z = 3.29).
  EXPECT_TRUE(p2p_with(p, 10, 2, 0.05, 50, 50).warnings & kWarnExtremeVariabilities);
  EXPECT_FALSE(p2p_with(p, 10, 2, 0.2, 50, 50).warnings & kWarnExtremeVariabilities);
  // Confidence / reliability map the time and situation codes.
  const auto pfl = make_pfl(200, 100, 100, 60);
  EXPECT_EQ(p2p_cr(10, 2, profile_from_pfl(pfl.data()), p, 50, 0).rc, kErrorInvalidReliability);
  EXPECT_EQ(p2p_cr(10, 2, profile_from_pfl(pfl.data()), p, 100, 50).rc, kErrorInvalidConfidence);
  EXPECT_EQ(area_cr(10, 2, 0, 0, 10, 20, p, 50, 100).rc, kErrorInvalidReliability);
  EXPECT_EQ(area_cr(10, 2, 0, 0, 10, 20, p, 0, 50).rc, kErrorInvalidConfidence);
}

TEST(NtiaItmInputs, AreaModeChecks) {
  const ItmParams p = base_params();
  EXPECT_TRUE(area_tls(10, 2, 0, 0, 10, 20, p, 50, 50, 50).ok());
  EXPECT_EQ(area_tls(10, 2, 0, 0, 0, 20, p, 50, 50, 50).rc, kErrorPathDistance);
  EXPECT_EQ(area_tls(10, 2, 0, 0, 10, -0.1, p, 50, 50, 50).rc, kErrorDeltaH);
  EXPECT_EQ(area_tls(10, 2, 3, 0, 10, 20, p, 50, 50, 50).rc, kErrorTxSitingCriteria);
  EXPECT_EQ(area_tls(10, 2, -1, 0, 10, 20, p, 50, 50, 50).rc, kErrorTxSitingCriteria);
  EXPECT_EQ(area_tls(10, 2, 0, 3, 10, 20, p, 50, 50, 50).rc, kErrorRxSitingCriteria);
  // The common checks run first in area mode too.
  EXPECT_EQ(area_tls(0.1, 2, 0, 0, 10, 20, p, 50, 50, 50).rc, kErrorTxTerminalHeight);
}

TEST(NtiaItmInputs, DistanceWarnings) {
  const ItmParams p = base_params();
  EXPECT_TRUE(area_tls(10, 2, 0, 0, 0.5, 20, p, 50, 50, 50).warnings & kWarnPathDistanceTooSmall2);
  EXPECT_FALSE(area_tls(10, 2, 0, 0, 1.5, 20, p, 50, 50, 50).warnings & kWarnPathDistanceTooSmall2);
  // d < |h_e1 - h_e2| / 0.2 = 4995 m.
  EXPECT_TRUE(area_tls(1000, 1, 0, 0, 2, 20, p, 50, 50, 50).warnings & kWarnPathDistanceTooSmall1);
  const ItmResult big1 = area_tls(10, 2, 0, 0, 1500, 20, p, 50, 50, 50);
  EXPECT_TRUE(big1.warnings & kWarnPathDistanceTooBig1);
  EXPECT_FALSE(big1.warnings & kWarnPathDistanceTooBig2);
  EXPECT_TRUE(area_tls(10, 2, 0, 0, 2500, 20, p, 50, 50, 50).warnings & kWarnPathDistanceTooBig2);
}

TEST(NtiaItmInputs, HorizonWarnings) {
  const ItmParams p = base_params();
  // A 300 m wall 1 km from the transmitter: horizon angle ~0.3 rad, horizon distance far below
  // 1/10 of the smooth-earth value.
  std::vector<double> wall = make_pfl(100, 200, 0);
  wall[2 + 5] = 300;
  const ItmResult r = p2p_tls(10, 10, profile_from_pfl(wall.data()), p, 50, 50, 50);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings & kWarnTxHorizonAngle);
  EXPECT_TRUE(r.warnings & kWarnTxHorizonDistance1);
  EXPECT_FALSE(r.warnings & kWarnRxHorizonAngle);
  // Mirror: the wall near the receiver.
  std::vector<double> wall_rx = make_pfl(100, 200, 0);
  wall_rx[2 + 95] = 300;
  const ItmResult rr = p2p_tls(10, 10, profile_from_pfl(wall_rx.data()), p, 50, 50, 50);
  EXPECT_TRUE(rr.warnings & kWarnRxHorizonAngle);
  EXPECT_TRUE(rr.warnings & kWarnRxHorizonDistance1);
  // A narrow 600 m ridge mid-way on a 120 km flat path seen by 2 m antennas: horizons at 60 km,
  // more than 3 times the smooth-earth horizon sqrt(2 h_e a_e) ~ 5.8 km.
  std::vector<double> ridge = make_pfl(1200, 100, 0);
  ridge[2 + 600] = 600;
  const ItmResult rg = p2p_tls(2, 2, profile_from_pfl(ridge.data()), p, 50, 50, 50);
  EXPECT_TRUE(rg.ok());
  EXPECT_TRUE(rg.warnings & kWarnTxHorizonDistance2);
  EXPECT_TRUE(rg.warnings & kWarnRxHorizonDistance2);
  EXPECT_NEAR(rg.iv.d_hzn_m[0], 60e3, 1e-6);
}

TEST(NtiaItmInputs, SurfaceRefractivityFromPathHeight) {
  ItmParams p = base_params();
  // N_s = N_0 exp(-h / 9460 m): 2000 m -> 243 (warning), 6000 m with N_0 250 -> 132 (error).
  const auto high = make_pfl(200, 100, 2000, 60);
  const ItmResult w = p2p_tls(10, 2, profile_from_pfl(high.data()), p, 50, 50, 50);
  EXPECT_TRUE(w.ok());
  EXPECT_TRUE(w.warnings & kWarnSurfaceRefractivity);
  EXPECT_NEAR(w.iv.N_s, 301 * std::exp(-2000.0 / 9460.0), 1.0);
  p.N_0 = 250;
  const auto very_high = make_pfl(200, 100, 6000, 60);
  EXPECT_EQ(p2p_tls(10, 2, profile_from_pfl(very_high.data()), p, 50, 50, 50).rc,
            kErrorSurfaceRefractivitySmall);
  // Below sea level: -1000 m with N_0 400 -> 445.
  p.N_0 = 400;
  const auto low = make_pfl(200, 100, -1000, 60);
  EXPECT_EQ(p2p_tls(10, 2, profile_from_pfl(low.data()), p, 50, 50, 50).rc,
            kErrorSurfaceRefractivityLarge);
  // ERROR__EFFECTIVE_EARTH (a_e outside 4000..13333 km) cannot be reached: N_s is limited to
  // 150..400 before it, which keeps a_e between ~7100 and ~11300 km.
}

TEST(NtiaItmInputs, Profile) {
  const ItmParams p = base_params();
  const double one_interval[] = {1, 100, 10, 10};
  EXPECT_EQ(p2p_tls(10, 2, profile_from_pfl(one_interval), p, 50, 50, 50).rc, kErrorProfile);
  const double zero_xi[] = {2, 0, 10, 10, 10};
  EXPECT_EQ(p2p_tls(10, 2, profile_from_pfl(zero_xi), p, 50, 50, 50).rc, kErrorProfile);
  const double nan_z[] = {2, 100, 10, NAN, 10};
  EXPECT_EQ(p2p_tls(10, 2, profile_from_pfl(nan_z), p, 50, 50, 50).rc, kErrorProfile);
  EXPECT_STREQ(return_code_name(kErrorProfile), "ERROR__PROFILE");
  EXPECT_EQ(warning_names(kWarnTxTerminalHeight | kWarnSurfaceRefractivity),
            "WARN__TX_TERMINAL_HEIGHT|WARN__SURFACE_REFRACTIVITY");
}

TEST(NtiaItmBlocks, InverseCcdfMatchesNormalQuantiles) {
  // Abramowitz & Stegun 26.2.23: |error| < 4.5e-4.
  EXPECT_NEAR(inverse_ccdf(0.5), 0.0, 4.5e-4);
  EXPECT_NEAR(inverse_ccdf(0.1), 1.2815516, 4.5e-4);
  EXPECT_NEAR(inverse_ccdf(0.9), -1.2815516, 4.5e-4);
  EXPECT_NEAR(inverse_ccdf(0.01), 2.3263479, 4.5e-4);
  EXPECT_DOUBLE_EQ(inverse_ccdf(0.2), -inverse_ccdf(0.8));
}

TEST(NtiaItmBlocks, FreeSpaceLoss) {
  EXPECT_NEAR(free_space_loss_dB(1000, 100), 72.45, 1e-12);
  EXPECT_NEAR(free_space_loss_dB(10000, 3500) - free_space_loss_dB(1000, 3500), 20.0, 1e-12);
}

TEST(NtiaItmBlocks, DeltaHOfRampIsZeroAndOfSineIsItsInterdecileRange) {
  // A straight ramp is removed entirely by the least-squares line.
  std::vector<double> ramp{1000, 100};
  for (int i = 0; i <= 1000; ++i) ramp.push_back(0.37 * i);
  EXPECT_NEAR(delta_h_m(profile_from_pfl(ramp.data()), 0, 100e3), 0.0, 1e-9);
  // A sine of amplitude A over whole periods: the 10 %-90 % range of its values is
  // 2 A sin(0.4 pi) = 1.902 A; Delta h = that / (1 - 0.8 exp(-L / 50 km)).
  const double A = 20;
  std::vector<double> sine{1000, 100};
  for (int i = 0; i <= 1000; ++i) sine.push_back(A * std::sin(2 * M_PI * i / 50.0));
  const double expected = 2 * A * std::sin(0.4 * M_PI) / (1 - 0.8 * std::exp(-100e3 / 50e3));
  EXPECT_NEAR(delta_h_m(profile_from_pfl(sine.data()), 0, 100e3), expected, 0.05 * expected);
  // Shorter than two samples: 0.
  EXPECT_EQ(delta_h_m(profile_from_pfl(sine.data()), 0, 150), 0.0);
}

TEST(NtiaItmBlocks, InterdecileIsTheOrderStatisticsOfASortedCopy) {
  // Every n = 10 k - 5 of Delta h (k = 4..25), against the k-th largest and k-th smallest of a
  // sorted copy: random values, few distinct values (ties across the thresholds), constant,
  // ascending, descending, a sine, a spike; each value equal to the sorted copy's bits.
  std::mt19937_64 rng(20261207);
  std::normal_distribution<double> normal(0.0, 30.0);
  std::uniform_int_distribution<int> level(-2, 2);
  int cases = 0;
  for (int k = 4; k <= 25; ++k) {
    const int n = 10 * k - 5;
    for (int kind = 0; kind < 7; ++kind) {
      for (int rep = 0; rep < (kind < 2 ? 40 : 1); ++rep) {
        std::vector<double> v(static_cast<std::size_t>(n));
        for (int j = 0; j < n; ++j) {
          const auto u = static_cast<std::size_t>(j);
          switch (kind) {
            case 0:
              v[u] = normal(rng);
              break;
            case 1:
              v[u] = 0.5 * level(rng);
              break;
            case 2:
              v[u] = 7.25;
              break;
            case 3:
              v[u] = j * 0.1;
              break;
            case 4:
              v[u] = -j * 0.1;
              break;
            case 5:
              v[u] = 40 * std::sin(j * 0.37);
              break;
            default:
              v[u] = j == n / 2 ? 500.0 : 0.0;
              break;
          }
        }
        std::vector<double> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        const auto [q10, q90] = interdecile(v.data(), n, k);
        const auto uk = static_cast<std::size_t>(k);
        ASSERT_EQ(std::bit_cast<std::uint64_t>(q10),
                  std::bit_cast<std::uint64_t>(sorted[static_cast<std::size_t>(n) - uk]))
            << "n " << n << " kind " << kind;
        ASSERT_EQ(std::bit_cast<std::uint64_t>(q90), std::bit_cast<std::uint64_t>(sorted[uk - 1]))
            << "n " << n << " kind " << kind;
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 22 * 85);
}

TEST(NtiaItmBlocks, AreaAndProfileModesAgreeOnFlatEarthLineOfSight) {
  // Flat sea-level path, same heights: both modes see Delta h = 0 and the same effective
  // heights, so the reference attenuation and loss agree closely (the p2p mode adds 10 m^2 in
  // the diffraction weighting only).
  const ItmParams p = base_params();
  const auto flat = make_pfl(100, 100, 0);
  const ItmResult pp = p2p_tls(30, 10, profile_from_pfl(flat.data()), p, 50, 50, 50);
  const ItmResult ar = area_tls(30, 10, 0, 0, 10, 0, p, 50, 50, 50);
  ASSERT_TRUE(pp.ok());
  ASSERT_TRUE(ar.ok());
  EXPECT_EQ(pp.iv.mode, PropMode::LineOfSight);
  EXPECT_NEAR(pp.iv.delta_h_m, 0.0, 1e-9);
  EXPECT_NEAR(pp.A_dB, ar.A_dB, 0.5);
}

// Self-generated: dense frequency sweeps over 2.3 GHz, 3.3-4.2 GHz and 4.6-4.9 GHz on a
// 80 km trans-horizon path over a 300 m hill and a 5 km line-of-sight path, 1 MHz steps: no jump
// above 0.5 dB between neighbouring frequencies. (Line-of-sight paths whose diffraction
// intercept A_d0 changes sign inside a band do jump: see LineOfSightBranchOnInterceptSign.)
// 26.5-29.5 GHz lies outside the model's domain (20 MHz - 20 GHz): ERROR__FREQUENCY.
TEST(NtiaItmSelfGenerated, FrequencySweepsAreContinuous) {
  const auto hilly = make_pfl(800, 100, 200, 300, 0.45, 0.05);
  const auto los = make_pfl(50, 100, 50, 5);
  const double bands[][2] = {{2300, 2400}, {3300, 4200}, {4600, 4900}};
  const double heights[][2] = {{25, 3}, {10, 2}};
  for (int k = 0; k < 2; ++k) {
    const auto& pfl = k == 0 ? hilly : los;
    for (const auto& band : bands) {
      ItmParams p = base_params();
      double prev = NAN;
      for (double f = band[0]; f <= band[1]; f += 1.0) {
        p.f_MHz = f;
        const ItmResult r =
            p2p_tls(heights[k][0], heights[k][1], profile_from_pfl(pfl.data()), p, 50, 50, 50);
        ASSERT_TRUE(r.ok()) << f;
        ASSERT_EQ(r.iv.mode == PropMode::LineOfSight, k == 1) << f;
        if (!std::isnan(prev)) {
          ASSERT_LT(std::abs(r.A_dB - prev), 0.5) << "path " << k << ", f = " << f << " MHz";
        }
        prev = r.A_dB;
      }
    }
  }
  ItmParams p = base_params();
  for (double f = 26500; f <= 29500; f += 500) {
    p.f_MHz = f;
    EXPECT_EQ(area_tls(25, 3, 0, 0, 10, 30, p, 50, 50, 50).rc, kErrorFrequency);
  }
}

// Self-generated, documenting a property of the algorithm itself: in line of sight the first
// fitting distance is d_0 = min(0.04 f h_e1 h_e2, d_ML / 2) when the diffraction intercept
// A_d0 >= 0 and d_1 = max(-A_d0 / M_d, d_ML / 4) otherwise ([ERL 79-ITS 67 (3.16a), (3.16d)],
// [Alg (4.33)-(4.35)]). When A_d0 crosses zero the fit changes branch and the loss steps. On this
// 5 km path (25 m / 3 m) A_d0 crosses zero between 3607 and 3608 MHz: a 1.0 dB step, while the
// neighbouring 1 MHz steps move by less than 0.01 dB.
TEST(NtiaItmSelfGenerated, LineOfSightBranchOnInterceptSign) {
  const auto los = make_pfl(50, 100, 50, 5);
  ItmParams p = base_params();
  double A[4];
  for (int i = 0; i < 4; ++i) {
    p.f_MHz = 3606 + i;
    A[i] = p2p_tls(25, 3, profile_from_pfl(los.data()), p, 50, 50, 50).A_dB;
  }
  EXPECT_LT(std::abs(A[1] - A[0]), 0.01);
  EXPECT_NEAR(A[2] - A[1], 1.02, 0.05);
  EXPECT_LT(std::abs(A[3] - A[2]), 0.01);
}

// Self-generated: area-mode distance sweeps 1-300 km in geometric steps of 0.1 % at 2.35, 3.5 and
// 4.75 GHz, through line of sight, diffraction and troposcatter. The reference attenuation is
// continuous by construction at d_sML and d_x, so neighbouring distances differ by less than
// 0.1 dB (free space alone moves 0.009 dB per step, the steepest diffraction slopes ~0.06 dB); the
// median loss (50/50/50) grows with distance: k_1, k_2, M_d, M_s >= 0 and free-space loss
// grows, only V_med(d_e) may take back a little (allowed: 0.01 dB per step).
TEST(NtiaItmSelfGenerated, AreaDistanceSweepsContinuousAndIncreasing) {
  for (double f : {2350.0, 3500.0, 4750.0}) {
    for (double dh : {0.0, 30.0, 90.0}) {
      ItmParams p = base_params();
      p.f_MHz = f;
      double prev = NAN;
      bool saw_los = false;
      bool saw_tropo = false;
      for (double d = 1.0; d <= 300.0; d *= 1.001) {
        const ItmResult r = area_tls(30, 3, 1, 0, d, dh, p, 50, 50, 50);
        ASSERT_TRUE(r.ok());
        saw_los |= r.iv.mode == PropMode::LineOfSight;
        saw_tropo |= r.iv.mode == PropMode::Troposcatter;
        if (!std::isnan(prev)) {
          ASSERT_LT(std::abs(r.A_dB - prev), 0.1) << f << " MHz, dh " << dh << ", d = " << d;
          ASSERT_GT(r.A_dB, prev - 0.01) << f << " MHz, dh " << dh << ", d = " << d;
        }
        prev = r.A_dB;
      }
      EXPECT_TRUE(saw_los);
      EXPECT_TRUE(saw_tropo);
    }
  }
}

// The run constants (run_constants(), shared by the links of a run) give the bits the per-link
// computation gives, in every mode of variability and both polarizations, on a line-of-sight,
// a diffraction and a troposcatter path.
TEST(NtiaItmRunConstants, SameBitsAsPerLink) {
  const std::vector<double> los = make_pfl(100, 50, 100);
  const std::vector<double> hill = make_pfl(200, 200, 100, 50);
  const std::vector<double> far = make_pfl(600, 1000, 100, 800);
  int modes[4] = {0, 0, 0, 0};
  for (int mdvar : {0, 1, 2, 3, 12, 23, 33}) {
    for (int pol : {0, 1}) {
      for (const auto* pfl : {&los, &hill, &far}) {
        ItmParams p = base_params();
        p.mdvar = mdvar;
        p.pol = pol;
        const RunConstants rc = run_constants(p, 90, 10, 70);
        EXPECT_TRUE(run_constants_match(rc, p, 90, 10, 70));
        const ItmProfile pf = profile_from_pfl(pfl->data());
        const ItmResult a = p2p_tls(10, 2, pf, p, 90, 10, 70);
        const ItmResult b = p2p_tls(10, 2, pf, p, 90, 10, 70, rc);
        ASSERT_TRUE(a.ok());
        EXPECT_EQ(b.rc, a.rc);
        EXPECT_EQ(b.warnings, a.warnings);
        EXPECT_EQ(std::bit_cast<std::uint64_t>(b.A_dB), std::bit_cast<std::uint64_t>(a.A_dB));
        EXPECT_EQ(std::bit_cast<std::uint64_t>(b.iv.A_ref_dB),
                  std::bit_cast<std::uint64_t>(a.iv.A_ref_dB));
        ++modes[static_cast<int>(a.iv.mode)];
        p.f_MHz = 3600;
        EXPECT_FALSE(run_constants_match(rc, p, 90, 10, 70));
        EXPECT_FALSE(run_constants_match(rc, base_params(), 90, 10, 71));
      }
    }
  }
  EXPECT_GT(modes[static_cast<int>(PropMode::LineOfSight)], 0);
  EXPECT_GT(modes[static_cast<int>(PropMode::Diffraction)], 0);
  EXPECT_GT(modes[static_cast<int>(PropMode::Troposcatter)], 0);
}

}  // namespace
}  // namespace akichi::prop::itm::ntia_itm_test

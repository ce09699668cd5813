// The one-scan terrain-profile analysis shared by P.452-18, P.1812-6 and P.526-15
// (propagation/models/path_scan.h) against the Recommendation's expressions evaluated point by
// point (P.452-18 Attachment 2 eqs. (152), (157), (161), (162), (165a)-(165d) and §4.2.1 eqs.
// (14), (16), (18)), on seeded random profiles of every length from 2 points (no interior
// point) to 40 and longer, with and without ground cover, on both kernels; the smooth-profile
// maxima found by bisection against every point; the Bullington loss against P.526-15 / P.452-18
// eqs. (14)-(22) written out directly.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "propagation/models/itu_r_p526_15.h"
#include "propagation/models/path_scan.h"

namespace akichi::prop::path_scan::path_scan_test {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

struct RandomProfile {
  std::vector<double> d, h, R;
};

// n points, ascending distances from 0 with uneven spacing (km), hilly heights (m), ground
// cover of 0-20 m on about half of the points.
RandomProfile random_profile(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  RandomProfile p;
  double x = 0.0, z = 300.0 * u(rng);
  for (std::size_t i = 0; i < n; ++i) {
    p.d.push_back(x);
    p.h.push_back(z);
    p.R.push_back(u(rng) < 0.5 ? 0.0 : 20.0 * u(rng));
    x += 0.01 + 0.05 * u(rng);
    z = std::max(0.0, z + 40.0 * (u(rng) - 0.5));
  }
  return p;
}

// The expressions of the Recommendation, point by point, as reference.
struct Direct {
  double hobs = kNegInf, aobt = kNegInf, aobr = kNegInf, xt = kNegInf, xr = kNegInf;
  double nu_h = kNegInf, Stim_h = kNegInf, v1 = 0, v2 = 0;
  BullAcc ae, ab;
  std::size_t it = 0, ir = 0, inu = 0;
};

double sq(double x) {
  return x * std::fabs(x);
}

Direct direct(const RandomProfile& p, const Input& in) {
  const std::size_t n = p.d.size();
  const double dtot = p.d[n - 1];
  Direct r;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double di = p.d[i], dr = dtot - di, hi = p.h[i];
    const double ray = (in.hts_m * dr + in.hrs_m * di) / dtot;
    const double Hi = hi - ray;  // eqs. (165a)-(165d)
    r.hobs = std::max(r.hobs, Hi);
    r.aobt = std::max(r.aobt, Hi / di);
    r.aobr = std::max(r.aobr, Hi / dr);
    const double xt = (hi - in.hts_m) / (1000.0 * di) - di / (2.0 * in.ae_km);  // eq. (152)
    if (xt > r.xt) {
      r.xt = xt;
      r.it = i;
    }
    const double xr = (hi - in.hrs_m) / (1000.0 * dr) - dr / (2.0 * in.ae_km);  // eq. (157)
    if (xr >= r.xr) {
      r.xr = xr;
      r.ir = i;
    }
    auto curv = [&](double a) { return 500.0 / a * di * dr; };
    const double nu = sq(hi + curv(in.ae_km) - ray) * 0.002 * dtot / (di * dr);  // eq. (16)
    if (nu >= r.nu_h) {
      r.nu_h = nu;
      r.inu = i;
    }
    r.Stim_h = std::max(r.Stim_h, (hi + curv(in.ae_km) - in.hts_m) / di);  // eq. (14)
    const bool cover = in.R_m != nullptr && di >= in.g_lo_km && di <= in.g_hi_km;
    const double gi = cover ? hi + p.R[i] : hi;
    for (auto [acc, a] : {std::pair{&r.ae, in.ae_km}, std::pair{&r.ab, in.ab_km}}) {
      acc->Stim = std::max(acc->Stim, (gi + curv(a) - in.hts_m) / di);  // eq. (14)
      acc->Srim = std::max(acc->Srim, (gi + curv(a) - in.hrs_m) / dr);  // eq. (18)
      acc->numax = std::max(acc->numax, sq(gi + curv(a) - ray) * 0.002 * dtot / (di * dr));
    }
  }
  for (std::size_t i = 1; i < n; ++i) {
    const double s = p.d[i] - p.d[i - 1];
    r.v1 += s * (p.h[i] + p.h[i - 1]);  // eq. (161)
    r.v2 += s * (p.h[i] * (2 * p.d[i] + p.d[i - 1]) + p.h[i - 1] * (p.d[i] + 2 * p.d[i - 1]));
  }
  return r;
}

void expect_close(double a, double b, const char* what, std::size_t n) {
  if (std::isinf(b)) {
    EXPECT_EQ(a, b) << what << ", n = " << n;
  } else {
    EXPECT_NEAR(a, b, 1e-9 * std::max(1.0, std::fabs(b))) << what << ", n = " << n;
  }
}

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

TEST(PathScan, MatchesTheRecommendationsExpressionsAtEveryProfileLength) {
  std::mt19937_64 rng(15);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 2; n <= 40; ++n) lengths.push_back(n);
  for (std::size_t n : {101, 257, 1000}) lengths.push_back(n);
  for (std::size_t n : lengths) {
    for (int cover = 0; cover < 2; ++cover) {
      const RandomProfile p = random_profile(n, rng);
      Input in;
      in.d_km = p.d.data();
      in.h_m = p.h.data();
      in.R_m = cover ? p.R.data() : nullptr;
      in.n = n;
      in.hts_m = p.h[0] + 25.0;
      in.hrs_m = p.h[n - 1] + 1.5;
      in.ae_km = 8495.0;
      in.ab_km = 19113.0;
      in.g_lo_km = 0.05;
      in.g_hi_km = p.d[n - 1] - 0.05;
      Result r;
      scan(in, r);
      const Direct x = direct(p, in);
      expect_close(r.hobs, x.hobs, "hobs", n);
      expect_close(r.aobt, x.aobt, "aobt", n);
      expect_close(r.aobr, x.aobr, "aobr", n);
      expect_close(r.xt_max, x.xt, "eq. (152)", n);
      expect_close(r.xr_max, x.xr, "eq. (157)", n);
      expect_close(r.nu_h_max, x.nu_h, "eq. (16) on h", n);
      expect_close(r.Stim_h, x.Stim_h, "eq. (14) on h", n);
      expect_close(r.acc_ae.Stim, x.ae.Stim, "eq. (14) at ae", n);
      expect_close(r.acc_ae.Srim, x.ae.Srim, "eq. (18) at ae", n);
      expect_close(r.acc_ae.numax, x.ae.numax, "eq. (16) at ae", n);
      expect_close(r.acc_ab.Stim, x.ab.Stim, "eq. (14) at ab", n);
      expect_close(r.acc_ab.Srim, x.ab.Srim, "eq. (18) at ab", n);
      expect_close(r.acc_ab.numax, x.ab.numax, "eq. (16) at ab", n);
      expect_close(r.v1, x.v1, "eq. (161)", n);
      expect_close(r.v2, x.v2, "eq. (162)", n);
      EXPECT_EQ(first_xt_max_point(r), x.it) << n;
      EXPECT_EQ(last_xr_max_point(r), x.ir) << n;
      EXPECT_EQ(last_nu_max_point(r), x.inu) << n;
      // The 2-lane kernel gives the same bits as the one chosen for this CPU
      Input narrow = in;
      narrow.allow_avx2 = false;
      Result s;
      scan(narrow, s);
      for (auto [a, b] : {std::pair{r.hobs, s.hobs},
                          {r.xt_max, s.xt_max},
                          {r.xr_max, s.xr_max},
                          {r.nu_h_max, s.nu_h_max},
                          {r.acc_ae.Stim, s.acc_ae.Stim},
                          {r.acc_ab.numax, s.acc_ab.numax},
                          {r.v1, s.v1},
                          {r.v2, s.v2}}) {
        EXPECT_EQ(bits(a), bits(b)) << n;
      }
    }
  }
}

TEST(PathScan, MaxHeightAboveALine) {
  // eq. (171) over [lt, lr] of h - (hst + m d): the largest is at d = 2 (h = 9 - 1 - 0.5 * 2)
  const std::vector<double> d{0, 1, 2, 3, 4, 5, 6}, h{0, 3, 9, 2, 7, 1, 0};
  for (bool wide : {false, true}) {
    if (wide && !detail::cpu_has_avx2()) continue;
    EXPECT_EQ(max_height_above(d.data(), h.data(), 1, 5, 1.0, 0.5, wide), 7.0);
    EXPECT_EQ(max_height_above(d.data(), h.data(), 3, 5, 1.0, 0.5, wide), 4.0);
    EXPECT_EQ(max_height_above(d.data(), h.data(), 5, 5, 1.0, 0.5, wide), -2.5);
  }
}

TEST(PathScan, SmoothProfileMaximaEqualTheSearchOverEveryPoint) {
  // The bisection on the unimodal functions of §4.2.3 finds the maxima that every point gives,
  // bit for bit (the same expressions), for antennas from 1 cm to 1 km above the smooth surface;
  // with an antenna below it (not unimodal) every point is searched.
  std::mt19937_64 rng(4);
  for (std::size_t n : {3, 4, 7, 30, 200, 1001}) {
    const RandomProfile p = random_profile(n, rng);
    const double dtot = p.d[n - 1];
    for (double hts1 : {0.01, 3.0, 40.0, 1000.0, -5.0}) {
      for (double hrs1 : {0.02, 1.5, 700.0}) {
        for (double ap : {8495.0, 19113.0}) {
          const BullAcc got = smooth_maxima(p.d.data(), n, ap, hts1, hrs1);
          BullAcc all;
          const double c = 500.0 * (1.0 / ap), ray_k = (hrs1 - hts1) / dtot;
          for (std::size_t i = 1; i + 1 < n; ++i) {
            const double di = p.d[i], dr = dtot - di, qi = 1.0 / (di * dr), curv = c * (di * dr);
            all.Stim = std::max(all.Stim, (curv - hts1) * (dr * qi));
            all.Srim = std::max(all.Srim, (curv - hrs1) * (di * qi));
            all.numax = std::max(all.numax, sq(curv - (hts1 + ray_k * di)) * (0.002 * dtot * qi));
          }
          EXPECT_EQ(bits(got.Stim), bits(all.Stim)) << n << " " << hts1 << " " << hrs1;
          EXPECT_EQ(bits(got.Srim), bits(all.Srim)) << n << " " << hts1 << " " << hrs1;
          EXPECT_EQ(bits(got.numax), bits(all.numax)) << n << " " << hts1 << " " << hrs1;
        }
      }
    }
  }
}

// P.452-18 §4.2.1 eqs. (14)-(22) (= P.526-15 §4.5) written out with one square root per point.
double bullington_direct(const RandomProfile& p, double hts, double hrs, double f_GHz,
                         double ae_km) {
  const std::size_t n = p.d.size();
  const double dtot = p.d[n - 1], Ce = 1.0 / ae_km, lambda = 0.2998 / f_GHz;
  double Stim = kNegInf, Srim = kNegInf, numax = kNegInf;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double di = p.d[i], g = p.h[i] + 500.0 * Ce * di * (dtot - di);
    Stim = std::max(Stim, (g - hts) / di);                                 // eq. (14)
    Srim = std::max(Srim, (g - hrs) / (dtot - di));                        // eq. (18)
    numax = std::max(numax, (g - (hts * (dtot - di) + hrs * di) / dtot) *  // eq. (16)
                                std::sqrt(0.002 * dtot / (lambda * di * (dtot - di))));
  }
  double Luc;
  if (Stim < (hrs - hts) / dtot) {  // eq. (15)
    Luc = p526::knife_edge_loss_dB(numax);
  } else {
    const double dbp = (hrs - hts + Srim * dtot) / (Stim + Srim);  // eq. (19)
    const double nub = (hts + Stim * dbp - (hts * (dtot - dbp) + hrs * dbp) / dtot) *
                       std::sqrt(0.002 * dtot / (lambda * dbp * (dtot - dbp)));  // eq. (20)
    Luc = p526::knife_edge_loss_dB(nub);
  }
  return Luc + (1.0 - std::exp(-Luc / 6.0)) * (10.0 + 0.02 * dtot);  // eq. (22)
}

TEST(PathScan, P526BullingtonEqualsTheDirectConstruction) {
  // On line-of-sight and trans-horizon random paths, with the profile in km from 0 and in
  // metres from an offset (d_unit_km = 1e-3), the Bullington loss of itu_r_p526_15.h agrees with
  // the construction written out above to 1e-9 dB.
  std::mt19937_64 rng(526);
  int clear = 0, obstructed = 0;
  for (std::size_t n : {2, 3, 4, 5, 9, 50, 333}) {
    for (int k = 0; k < 20; ++k) {
      const RandomProfile p = random_profile(n, rng);
      const double hts = p.h[0] + (k % 2 ? 200.0 : 10.0), hrs = p.h[n - 1] + 1.5;
      const double ref = bullington_direct(p, hts, hrs, 4.7, 8495.0);
      (ref > 0.0 ? obstructed : clear) += 1;
      EXPECT_NEAR(p526::bullington_loss_dB(p.d, p.h, hts, hrs, 4.7, 8495.0), ref, 1e-9) << n;
      std::vector<double> d_m;
      for (double x : p.d) d_m.push_back(1000.0 * x + 250.0);
      EXPECT_NEAR(p526::bullington_loss_dB(d_m, p.h, hts, hrs, 4.7, 8495.0, 1e-3), ref, 1e-9) << n;
    }
  }
  EXPECT_GT(clear, 10);  // both kinds of path were drawn
  EXPECT_GT(obstructed, 10);
}

}  // namespace
}  // namespace akichi::prop::path_scan::path_scan_test

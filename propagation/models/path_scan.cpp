// The one-scan terrain-profile analysis of the delta-Bullington models; see path_scan.h.
#include "propagation/models/path_scan.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "propagation/models/itu_r_p526_15.h"

namespace akichi::prop::path_scan {
namespace {

using detail::ScanIn;
using detail::ScanOut;

/// x |x|: a monotone map, so the largest nu and the largest nu |nu| are at the same point.
inline double sq(double x) noexcept {
  return x * std::fabs(x);
}

/// Inverse of sq().
inline double unsq(double y) noexcept {
  return y < 0.0 ? -std::sqrt(-y) : std::sqrt(y);
}

/// scan_profile() of path_scan_kernels.cpp one point at a time, with the same expressions, for
/// profiles with fewer interior points than the narrowest kernel's lanes (n < 4).
void scan_scalar(const ScanIn& in, bool clutter, ScanOut& out) noexcept {
  const double* d = in.d;
  const double* h = in.h;
  out = ScanOut{kNegInf, kNegInf, kNegInf, kNegInf, kNegInf, kNegInf, kNegInf, {}, {}, 0.0, 0.0};
  for (std::size_t i = 1; i + 1 < in.n; ++i) {
    const double di = d[i], hi = h[i];
    const double dr = in.dtot - di;
    const double dd = di * dr;
    const double qi = 1.0 / dd;
    const double id = dr * qi, ir = di * qi, wk = in.k_w * qi;
    const double ray = (in.hts * dr + in.hrs * di) * in.inv_dtot;
    const double Hi = hi - ray;                                     // eqs. (165a)-(165d)
    const double xt = (hi - in.hts) * 1e-3 * id - di * in.half_Ce;  // eq. (152)
    const double xr = (hi - in.hrs) * 1e-3 * ir - dr * in.half_Ce;  // eq. (157)
    const double hc = hi + in.c_ae * dd;
    const double nu = sq(hc - ray) * wk;  // eq. (16) on h
    in.xt_a[i] = xt;
    in.xr_a[i] = xr;
    in.nu_a[i] = nu;
    out.hobs = std::max(out.hobs, Hi);
    out.aobt = std::max(out.aobt, Hi * id);
    out.aobr = std::max(out.aobr, Hi * ir);
    out.xt_max = std::max(out.xt_max, xt);
    out.xr_max = std::max(out.xr_max, xr);
    out.nu_h_max = std::max(out.nu_h_max, nu);
    out.Stim_h = std::max(out.Stim_h, (hc - in.hts) * id);  // eq. (14) on h
    const double gi = clutter && di >= in.g_lo && di <= in.g_hi ? hi + in.R[i] : hi;
    const double ga = gi + in.c_ae * dd, gb = gi + in.c_ab * dd;
    out.acc_ae.Stim = std::max(out.acc_ae.Stim, (ga - in.hts) * id);   // eq. (14)
    out.acc_ae.Srim = std::max(out.acc_ae.Srim, (ga - in.hrs) * ir);   // eq. (18)
    out.acc_ae.numax = std::max(out.acc_ae.numax, sq(ga - ray) * wk);  // eq. (16)
    out.acc_ab.Stim = std::max(out.acc_ab.Stim, (gb - in.hts) * id);
    out.acc_ab.Srim = std::max(out.acc_ab.Srim, (gb - in.hrs) * ir);
    out.acc_ab.numax = std::max(out.acc_ab.numax, sq(gb - ray) * wk);
  }
  for (std::size_t i = 1; i < in.n; ++i) {  // eqs. (161), (162) over the segments
    const double seg = d[i] - d[i - 1];
    out.v1 += seg * (h[i] + h[i - 1]);
    out.v2 += seg * (h[i] * (2.0 * d[i] + d[i - 1]) + h[i - 1] * (d[i] + 2.0 * d[i - 1]));
  }
}

/// Largest f(i) over [first, last) for a strictly unimodal sequence (rising, then falling):
/// bisection on the sign of f(i + 1) - f(i), then every point within kPeakWindow of the
/// bracket is evaluated, so that rounding-level plateaus near the peak cannot hide it.
/// Points evaluated either side of a peak's bracket, so that rounding-level plateaus near the
/// peak cannot hide it.
constexpr std::size_t kPeakWindow = 4;

template <class F>
double unimodal_max(std::size_t first, std::size_t last, F f) noexcept {
  std::size_t lo = first, hi = last - 1;  // the peak is in [lo, hi]
  while (hi - lo > 2 * kPeakWindow) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (f(mid) < f(mid + 1)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const std::size_t from = lo > first + kPeakWindow ? lo - kPeakWindow : first;
  const std::size_t to = std::min(hi + kPeakWindow, last - 1);
  double best = kNegInf;
  for (std::size_t i = from; i <= to; ++i) best = std::max(best, f(i));
  return best;
}

}  // namespace

void scan(const Input& p, Result& r) {
  const double* d = p.d_km;
  const double* h = p.h_m;
  const std::size_t n = p.n;
  const double dtot = d[n - 1] - d[0];
  // The per-point geometry takes one division, q_i = 1 / (d_i (dtot - d_i)): 1/d_i = (dtot -
  // d_i) q_i, 1/(dtot - d_i) = d_i q_i and the square of the Fresnel scaling of eq. (16) is
  // 0.002 dtot q_i. The searches for the highest nu compare the sign-preserving square nu |nu|,
  // a monotone map, so no square root is taken per point. Only the three searched values whose
  // point is needed afterwards (eqs. (152), (157), (16)) are stored, in per-thread scratch that
  // only grows: no allocation per link once a thread has seen its longest profile. A failure to
  // grow is thrown (the failure policy of propagation/engine/area.h), never terminates.
  thread_local std::vector<double> scratch;
  if (scratch.size() < 3 * n) scratch.resize(3 * n);
  double* const xt_a = scratch.data();
  double* const xr_a = xt_a + n;
  double* const nu_a = xr_a + n;
  const double Ce_ae = 1.0 / p.ae_km;
  const double Ce_ab = 1.0 / p.ab_km;
  const double half_Ce = 0.5 * Ce_ae;  // d / (2 ae) of eqs. (152), (157)
  const double c_ae = 500.0 * Ce_ae;   // earth curvature term of eq. (14) at ae, d_i (dtot - d_i) c
  const double c_ab = 500.0 * Ce_ab;   // the same at ab
  const double inv_dtot = 1.0 / dtot;
  const double k_w = 0.002 * dtot;
  const std::size_t first = 1, last = n - 1;  // interior points [first, last)
  const std::size_t interior = n >= 2 ? n - 2 : 0;

  // Without ground cover on the interior points (g = h), the eq. (14) and eq. (16) maxima at ae
  // are those on h (the same expressions on the same heights)
  const bool wide = p.allow_avx2 && interior >= 4 && detail::cpu_has_avx2();
  const double* R = p.R_m;
  bool clutter = false;
  if (R != nullptr && interior > 0) {
    clutter =
        wide ? detail::any_nonzero_avx2(R, first, last) : detail::any_nonzero_sse2(R, first, last);
  }
  const ScanIn in{d,    h,        R,   n,         dtot,      p.hts_m, p.hrs_m, half_Ce, c_ae,
                  c_ab, inv_dtot, k_w, p.g_lo_km, p.g_hi_km, xt_a,    xr_a,    nu_a};
  ScanOut so;
  if (interior < 2) {
    scan_scalar(in, clutter, so);
  } else if (wide) {
    clutter ? detail::scan_avx2_g(in, so) : detail::scan_avx2_h(in, so);
  } else {
    clutter ? detail::scan_sse2_g(in, so) : detail::scan_sse2_h(in, so);
  }
  r.hobs = so.hobs;
  r.aobt = so.aobt;
  r.aobr = so.aobr;
  r.xt_max = so.xt_max;
  r.xr_max = so.xr_max;
  r.nu_h_max = so.nu_h_max;
  r.Stim_h = so.Stim_h;
  r.acc_ae = so.acc_ae;
  r.acc_ab = so.acc_ab;
  r.v1 = so.v1;
  r.v2 = so.v2;
  r.wide = wide;
  r.n = n;
  r.xt_a = xt_a;
  r.xr_a = xr_a;
  r.nu_a = nu_a;
}

// The searches go four points per step, without early exit inside a step, then to the point
// within the step.
std::size_t first_xt_max_point(const Result& r) noexcept {
  if (r.n < 3) return 0;
  const double* const xt_a = r.xt_a;
  const double mx = r.xt_max;
  const std::size_t first = 1, last = r.n - 1;
  std::size_t it = first;
  while (it + 4 <= last && (static_cast<int>(xt_a[it] == mx) | (xt_a[it + 1] == mx) |
                            (xt_a[it + 2] == mx) | (xt_a[it + 3] == mx)) == 0) {
    it += 4;
  }
  while (xt_a[it] != mx) ++it;
  return it;
}

namespace {

std::size_t last_max_point(const double* v, double mx, std::size_t n) noexcept {
  if (n < 3) return 0;
  const std::size_t first = 1;
  std::size_t i = n - 1;  // the point is below i
  while (i >= first + 4 && (static_cast<int>(v[i - 1] == mx) | (v[i - 2] == mx) | (v[i - 3] == mx) |
                            (v[i - 4] == mx)) == 0) {
    i -= 4;
  }
  do --i;
  while (v[i] != mx);
  return i;
}

}  // namespace

std::size_t last_xr_max_point(const Result& r) noexcept {
  return last_max_point(r.xr_a, r.xr_max, r.n);
}

std::size_t last_nu_max_point(const Result& r) noexcept {
  return last_max_point(r.nu_a, r.nu_h_max, r.n);
}

double max_height_above(const double* d_km, const double* h_m, std::size_t lt, std::size_t lr,
                        double hst_m, double m, bool wide) noexcept {
  return wide ? detail::hm_avx2(d_km, h_m, lt, lr, hst_m, m)
              : detail::hm_sse2(d_km, h_m, lt, lr, hst_m, m);
}

// With hts1, hrs1 > 0 (in the delta-Bullington method hstd <= h_0, hsrd <= h_{n-1}, so it holds
// whenever the antennas are above ground; otherwise every point is evaluated), each searched
// function of d is strictly unimodal along the profile: eq. (14) c (dtot - d) - hts1 / d and eq.
// (18) c d - hrs1 / (dtot - d) are concave; eq. (16), with d = dtot sin^2(t), is (C / 2) sin(2t) -
// A cot(t) - B tan(t) (A, B > 0), whose derivative C cos(2t) + A / sin^2(t) - B / cos^2(t)
// decreases strictly. So each maximum is found by bisection on the sign of the step between
// neighbours, with the points around it evaluated by the same expressions as the scan's.
BullAcc smooth_maxima(const double* d, std::size_t n, double ap_km, double hts1,
                      double hrs1) noexcept {
  if (n < 3) return BullAcc{};
  const double dtot = d[n - 1] - d[0];
  const double c = 500.0 * (1.0 / ap_km);  // as c_ae, c_ab of scan()
  const double k_w = 0.002 * dtot;
  const double ray_k = (hrs1 - hts1) / dtot;
  auto at = [&](std::size_t i, int which) noexcept {
    const double di = d[i];
    const double dr = dtot - di;
    const double qi = 1.0 / (di * dr);  // as in scan_profile
    const double curv = c * (di * dr);
    if (which == 0) return (curv - hts1) * (dr * qi);    // eq. (14)
    if (which == 1) return (curv - hrs1) * (di * qi);    // eq. (18)
    return sq(curv - (hts1 + ray_k * di)) * (k_w * qi);  // eq. (16), nu |nu| / sqrt(lambda)^2
  };
  auto peak = [&](int which) noexcept {
    if (hts1 > 0.0 && hrs1 > 0.0) {
      return unimodal_max(1, n - 1, [&](std::size_t i) { return at(i, which); });
    }
    double best = kNegInf;  // an antenna on or below the smooth surface: not unimodal, every point
    for (std::size_t i = 1; i + 1 < n; ++i) best = std::max(best, at(i, which));
    return best;
  };
  // Eqs. (14) and (18) are c (dtot - d) - hts1 / d and c d - hrs1 / (dtot - d), whose peaks
  // are at d = sqrt(hts1 / c) and d = dtot - sqrt(hrs1 / c): the largest value over the
  // profile is at one of the two points around that distance, and the points within
  // kPeakWindow of them are evaluated (as after unimodal_max's bisection).
  auto peak_at = [&](double d_peak, int which) noexcept {
    if (!(hts1 > 0.0 && hrs1 > 0.0)) return peak(which);
    const std::size_t lo = 1, hi = n - 2;                             // interior points
    const double guess = d_peak / dtot * static_cast<double>(n - 1);  // on an even spacing
    std::size_t i = guess <= 1.0                       ? lo
                    : guess >= static_cast<double>(hi) ? hi
                                                       : static_cast<std::size_t>(guess);
    while (i < hi && d[i] < d_peak) ++i;  // the first interior point at or beyond d_peak
    while (i > lo && d[i - 1] >= d_peak) --i;
    const std::size_t from = i > lo + kPeakWindow + 1 ? i - kPeakWindow - 1 : lo;
    const std::size_t to = std::min(i + kPeakWindow, hi);
    double best = kNegInf;
    for (std::size_t k = from; k <= to; ++k) best = std::max(best, at(k, which));
    return best;
  };
  return {peak_at(std::sqrt(hts1 / c), 0), peak_at(dtot - std::sqrt(hrs1 / c), 1), peak(2)};
}

double finish_bullington(const BullAcc& a, double hts, double hrs, double dtot) noexcept {
  const double Str = (hrs - hts) / dtot;                               // eq. (15)
  if (a.Stim < Str) return unsq(a.numax);                              // LoS: eq. (16)
  const double dbp = (hrs - hts + a.Srim * dtot) / (a.Stim + a.Srim);  // eq. (19)
  return (hts + a.Stim * dbp - (hts * (dtot - dbp) + hrs * dbp) / dtot) *
         std::sqrt(0.002 * dtot / (dbp * (dtot - dbp)));  // eq. (20) times sqrt(lambda)
}

double bullington_loss_dB(double nu_sqrt_lambda, double lambda_m, double dtot) noexcept {
  const double Luc = p526::knife_edge_loss_dB(nu_sqrt_lambda / std::sqrt(lambda_m));  // (17), (21)
  return Luc + (1.0 - std::exp(-Luc / 6.0)) * (10.0 + 0.02 * dtot);                   // eq. (22)
}

}  // namespace akichi::prop::path_scan

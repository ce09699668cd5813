// Vector kernels of the terrain-profile scan (ITU-R P.452-18 Attachment 2); see
// path_scan_kernels.h. The same template is instantiated on 2 lanes (the default x86-64 SSE2 build)
// and on 4 lanes inside target("avx2") functions. AVX2 without FMA: GCC contracts a * b + c into an
// FMA only when FMA is enabled, so both kernels round every operation alike.
#include "propagation/models/path_scan_kernels.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

// The 4-lane instantiations pass 32-byte vectors between always-inlined helpers inside
// target("avx2") functions: the ABI note of -Wpsabi (such vectors passed to a function compiled
// without AVX) does not apply to any call that remains.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace akichi::prop::path_scan::detail {
namespace {

using V2 = double __attribute__((vector_size(16)));
using V4 = double __attribute__((vector_size(32)));

template <class V>
[[gnu::always_inline]] inline V vload(const double* p) noexcept {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class V>
[[gnu::always_inline]] inline double lane_max(V v) noexcept {
  double m = v[0];
  for (std::size_t j = 1; j < sizeof(V) / sizeof(double); ++j) m = std::max(m, v[j]);
  return m;
}

/// Pass 1 and pass 2 of the profile analysis in one scan, W = sizeof(V) / 8 points at a time.
/// Every per-point value is the same expression on the same operands whatever W (so the
/// values are bit-identical between the SSE2 and the AVX2 kernels); a maximum does not
/// depend on the order of its operands (no NaN; only the sign of a maximum equal to zero
/// could, and -0 == +0), so the maxima are those of a sequential search; the sums of eqs.
/// (161), (162) are accumulated in the two lanes of a V2 in the order of the points whatever
/// W (in a loop of their own after the maxima: fewer live registers). The interior points
/// [1, n - 1) are visited in blocks of W; the last block overlaps the one before when W does
/// not divide the count (a point visited twice is harmless for a maximum and rewrites the same
/// values). Needs n - 2 >= W.
/// kClutter: the radio profile g differs from h at some interior point (otherwise the eq. (14)
/// and eq. (16) maxima on g at ae are those on h).
// Long: P.452-18 eqs. (14), (16), Att. 2 (152)-(171) in the Recommendation's step order.
template <class V, bool kClutter>
[[gnu::always_inline]] inline void scan_profile(const ScanIn& in, ScanOut& out) noexcept {
  using VI = decltype(V{} < V{});  // the lane mask type
  constexpr std::size_t W = sizeof(V) / sizeof(double);
  const double* const d = in.d;
  const double* const h = in.h;
  const std::size_t first = 1, last = in.n - 1;
  const V dtot = V{} + in.dtot, hts = V{} + in.hts, hrs = V{} + in.hrs;
  const double half_Ce = in.half_Ce, c_ae = in.c_ae, c_ab = in.c_ab, inv_dtot = in.inv_dtot,
               k_w = in.k_w;
  const V g_lo = V{} + in.g_lo, g_hi = V{} + in.g_hi;
  const VI no_sign = VI{} + 0x7fffffffffffffffLL;
  auto vsq = [&](V x) __attribute__((always_inline)) {  // x |x| per lane, see sq()
    return x * reinterpret_cast<V>(reinterpret_cast<VI>(x) & no_sign);
  };
  auto vmax = [](V a, V b) __attribute__((always_inline)) {
    return a < b ? b : a;
  };
  const V ninf = V{} + kNegInf;
  V hobs_v = ninf, aobt_v = ninf, aobr_v = ninf, xt_v = ninf, xr_v = ninf, nu_v = ninf,
    Stim_h_v = ninf;
  V ae_t = ninf, ae_r = ninf, ae_n = ninf, ab_t = ninf, ab_r = ninf, ab_n = ninf;
  auto block = [&](std::size_t k) __attribute__((always_inline)) {
    const V di = vload<V>(d + k), hi = vload<V>(h + k);
    const V dr = dtot - di;
    const V dd = di * dr;
    const V qi = 1.0 / dd;
    const V id = dr * qi, ir = di * qi, wk = k_w * qi;
    const V ray = (in.hts * dr + in.hrs * di) * inv_dtot;  // straight ray between the antennas
    // pass 1, terrain heights h (Attachment 2 §4, §5.1.6.3, §4.2.1, §4.5)
    const V Hi = hi - ray;                               // eqs. (165a)-(165d)
    const V xt = (hi - hts) * 1e-3 * id - di * half_Ce;  // eq. (152)
    const V xr = (hi - hrs) * 1e-3 * ir - dr * half_Ce;  // eq. (157)
    const V hc = hi + c_ae * dd;
    const V nu = vsq(hc - ray) * wk;  // eq. (16) on h, §5.1.2
    std::memcpy(in.xt_a + k, &xt, sizeof xt);
    std::memcpy(in.xr_a + k, &xr, sizeof xr);
    std::memcpy(in.nu_a + k, &nu, sizeof nu);
    hobs_v = vmax(hobs_v, Hi);
    aobt_v = vmax(aobt_v, Hi * id);
    aobr_v = vmax(aobr_v, Hi * ir);
    xt_v = vmax(xt_v, xt);
    xr_v = vmax(xr_v, xr);
    nu_v = vmax(nu_v, nu);
    Stim_h_v = vmax(Stim_h_v, (hc - hts) * id);  // eq. (14) on h
    // pass 2, §4.2.1 on the radio profile g at ae and ab: eqs. (14), (16), (18); g_i = h_i +
    // R_i, g_i = h_i within 50 m of a terminal (§3.2.1)
    if constexpr (kClutter) {
      const V gi = ((di >= g_lo) & (di <= g_hi)) ? hi + vload<V>(in.R + k) : hi;
      const V ga = gi + c_ae * dd, gb = gi + c_ab * dd;
      ae_t = vmax(ae_t, (ga - hts) * id);
      ae_r = vmax(ae_r, (ga - hrs) * ir);
      ae_n = vmax(ae_n, vsq(ga - ray) * wk);
      ab_t = vmax(ab_t, (gb - hts) * id);
      ab_r = vmax(ab_r, (gb - hrs) * ir);
      ab_n = vmax(ab_n, vsq(gb - ray) * wk);
    } else {
      const V gb = hi + c_ab * dd;
      ae_r = vmax(ae_r, (hc - hrs) * ir);
      ab_t = vmax(ab_t, (gb - hts) * id);
      ab_r = vmax(ab_r, (gb - hrs) * ir);
      ab_n = vmax(ab_n, vsq(gb - ray) * wk);
    }
  };
  // Attachment 2 §5.1.6.2 eqs. (161), (162) over the segments [d_{i-1}, d_i]: lane 0 takes the
  // segments ending at first, first + 2, ..., lane 1 those ending at first + 1, first + 3, ...
  V2 s1 = {0.0, 0.0}, s2 = {0.0, 0.0};
  auto sums = [&](std::size_t k) __attribute__((always_inline)) {
    const V d1 = vload<V>(d + k), d0 = vload<V>(d + k - 1), h1 = vload<V>(h + k),
            h0 = vload<V>(h + k - 1);
    const V seg = d1 - d0;
    const V t1 = seg * (h1 + h0);                                      // eq. (161)
    const V t2 = seg * (h1 * (2.0 * d1 + d0) + h0 * (d1 + 2.0 * d0));  // eq. (162)
    for (std::size_t j = 0; j < W; j += 2) {
      s1 += V2{t1[j], t1[j + 1]};
      s2 += V2{t2[j], t2[j + 1]};
    }
  };
  const std::size_t pairs_end = first + (last - first) / 2 * 2;  // [first, pairs_end) in pairs
  std::size_t k = first;
  for (; k + W <= pairs_end; k += W) block(k);
  for (std::size_t j = first; j < k; j += W) sums(j);    // a loop of its own: fewer live registers
  for (std::size_t j = k; j + 2 <= pairs_end; j += 2) {  // the pairs left (W > 2)
    const V2 d1 = vload<V2>(d + j), d0 = vload<V2>(d + j - 1), h1 = vload<V2>(h + j),
             h0 = vload<V2>(h + j - 1);
    const V2 seg = d1 - d0;
    s1 += seg * (h1 + h0);                                      // eq. (161)
    s2 += seg * (h1 * (2.0 * d1 + d0) + h0 * (d1 + 2.0 * d0));  // eq. (162)
  }
  if (k < last) block(last - W);  // the points left, in one block overlapping the previous
  double v1 = s1[0] + s1[1], v2 = s2[0] + s2[1];
  for (std::size_t i = pairs_end; i < in.n; ++i) {  // the remaining segments
    const double seg = d[i] - d[i - 1];
    v1 += seg * (h[i] + h[i - 1]);                                                      // eq. (161)
    v2 += seg * (h[i] * (2.0 * d[i] + d[i - 1]) + h[i - 1] * (d[i] + 2.0 * d[i - 1]));  // eq. (162)
  }
  out.v1 = v1;
  out.v2 = v2;
  out.hobs = lane_max(hobs_v);
  out.aobt = lane_max(aobt_v);
  out.aobr = lane_max(aobr_v);
  out.xt_max = lane_max(xt_v);
  out.xr_max = lane_max(xr_v);
  out.nu_h_max = lane_max(nu_v);
  out.Stim_h = lane_max(Stim_h_v);
  if constexpr (kClutter) {
    out.acc_ae = {lane_max(ae_t), lane_max(ae_r), lane_max(ae_n)};
  } else {
    out.acc_ae = {out.Stim_h, lane_max(ae_r), out.nu_h_max};
  }
  out.acc_ab = {lane_max(ab_t), lane_max(ab_r), lane_max(ab_n)};
}

template <class V>
[[gnu::always_inline]] inline bool any_nonzero(const double* R, std::size_t first,
                                               std::size_t last) noexcept {
  using VI = decltype(V{} < V{});
  constexpr std::size_t W = sizeof(V) / sizeof(double);
  VI acc0 = VI{}, acc1 = VI{};  // the bits of each value without its sign, or-ed
  std::size_t i = first;
  for (; i + 2 * W <= last; i += 2 * W) {
    VI b0, b1;
    std::memcpy(&b0, R + i, sizeof b0);
    std::memcpy(&b1, R + i + W, sizeof b1);
    acc0 |= b0 << 1;
    acc1 |= b1 << 1;
  }
  acc0 |= acc1;
  long long any = 0;
  for (std::size_t j = 0; j < W; ++j) any |= acc0[j];
  for (; i < last; ++i) any |= static_cast<long long>(std::bit_cast<std::uint64_t>(R[i]) << 1);
  return any != 0;
}

template <class V>
[[gnu::always_inline]] inline double hm_max(const double* d, const double* h, std::size_t lt,
                                            std::size_t lr, double hst, double m) noexcept {
  constexpr std::size_t W = sizeof(V) / sizeof(double);
  V acc = V{} + kNegInf;
  std::size_t i = lt;
  for (; i + W <= lr + 1; i += W) {
    const V x = vload<V>(h + i) - (hst + m * vload<V>(d + i));  // eq. (171)
    acc = acc < x ? x : acc;
  }
  double hm = lane_max(acc);
  for (; i <= lr; ++i) hm = std::max(hm, h[i] - (hst + m * d[i]));  // eq. (171)
  return hm;
}

}  // namespace

bool any_nonzero_sse2(const double* R, std::size_t first, std::size_t last) noexcept {
  return any_nonzero<V2>(R, first, last);
}
__attribute__((target("avx2"))) bool any_nonzero_avx2(const double* R, std::size_t first,
                                                      std::size_t last) noexcept {
  return any_nonzero<V4>(R, first, last);
}
double hm_sse2(const double* d, const double* h, std::size_t lt, std::size_t lr, double hst,
               double m) noexcept {
  return hm_max<V2>(d, h, lt, lr, hst, m);
}
__attribute__((target("avx2"))) double hm_avx2(const double* d, const double* h, std::size_t lt,
                                               std::size_t lr, double hst, double m) noexcept {
  return hm_max<V4>(d, h, lt, lr, hst, m);
}

void scan_sse2_h(const ScanIn& in, ScanOut& out) noexcept {
  scan_profile<V2, false>(in, out);
}
void scan_sse2_g(const ScanIn& in, ScanOut& out) noexcept {
  scan_profile<V2, true>(in, out);
}
// The same kernels on 4 lanes (AVX2 without FMA: no contraction, the same roundings)
__attribute__((target("avx2"))) void scan_avx2_h(const ScanIn& in, ScanOut& out) noexcept {
  scan_profile<V4, false>(in, out);
}
__attribute__((target("avx2"))) void scan_avx2_g(const ScanIn& in, ScanOut& out) noexcept {
  scan_profile<V4, true>(in, out);
}

bool cpu_has_avx2() noexcept {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}

}  // namespace akichi::prop::path_scan::detail

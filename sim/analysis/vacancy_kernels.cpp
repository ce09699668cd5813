// Kernels of the vacancy reduction; see vacancy_kernels.h. The AVX2 functions are compiled with
// target("avx2") and without FMA: GCC and Clang contract a * b + c into an FMA only when FMA is
// enabled, so both kernels round every operation alike.
#include "sim/analysis/vacancy_kernels.h"

#include <algorithm>
#include <bit>
#include <limits>

#include <immintrin.h>

namespace akichi::sim::vacancy_detail {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// logf's table and polynomial (glibc's sysdeps/ieee754/flt-32/e_logf_data.c, from Arm's
// optimized-routines): 16 subintervals of [0x3f330000, 2 x 0x3f330000), 1/c and log(c) at their
// centres, log(1 + r) ~ r + A2 r^2 + A1 r^3 + A0 r^4.
constexpr double kInvC[16] = {
    0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0, 0x1.49539f0f010b0p+0, 0x1.3c995b0b80385p+0,
    0x1.30d190c8864a5p+0, 0x1.25e227b0b8ea0p+0, 0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
    0x1.0953f419900a7p+0, 0x1.0000000000000p+0, 0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aa0p-1,
    0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1, 0x1.886e6037841edp-1, 0x1.767dcf5534862p-1};
constexpr double kLogC[16] = {-0x1.57bf7808caadep-2, -0x1.2bef0a7c06ddbp-2,
                              -0x1.01eae7f513a67p-2, -0x1.b31d8a68224e9p-3,
                              -0x1.6574f0ac07758p-3, -0x1.1aa2bc79c8100p-3,
                              -0x1.a4e76ce8c0e5ep-4, -0x1.1973c5a611cccp-4,
                              -0x1.252f438e10c1ep-5, 0x0.0p+0,
                              0x1.aa5aa5df25984p-5,  0x1.c5e53aa362eb4p-4,
                              0x1.526e57720db08p-3,  0x1.bc2860d224770p-3,
                              0x1.1058bc8a07ee1p-2,  0x1.4043057b6ee09p-2};
constexpr double kLn2 = 0x1.62e42fefa39efp-1;
constexpr double kA0 = -0x1.00ea348b88334p-2, kA1 = 0x1.5575b0be00b6ap-2,
                 kA2 = -0x1.ffffef20a4123p-2;
constexpr std::uint32_t kLogOff = 0x3f330000;  // logf's OFF

// log10f's constants (glibc's sysdeps/ieee754/flt-32/e_log10f.c): 1/ln 10 and log10(2) in two
// parts.
constexpr float kIvLn10 = std::bit_cast<float>(0x3ede5bd9u);
constexpr float kLog10_2hi = std::bit_cast<float>(0x3e9a2080u);
constexpr float kLog10_2lo = std::bit_cast<float>(0x355427dbu);

/// logf of the float whose bits are ix, a value in [0.5, 2): log(x) = log1p(z / c - 1) + log(c)
/// + k ln 2 with x = 2^k z, each operation in double, rounded once to float.
inline float logf_reduced(std::uint32_t ix) noexcept {
  if (ix == 0x3f800000u) return 0.0f;
  const std::uint32_t tmp = ix - kLogOff;
  const std::uint32_t i = (tmp >> 19) & 15u;
  const std::int32_t k = static_cast<std::int32_t>(tmp) >> 23;
  const double z = std::bit_cast<float>(ix - (tmp & 0xff800000u));
  const double r = z * kInvC[i] - 1.0;
  const double y0 = kLogC[i] + static_cast<double>(k) * kLn2;
  const double r2 = r * r;
  double y = kA1 * r + kA2;
  y = kA0 * r2 + y;
  y = y * r2 + (y0 + r);
  return static_cast<float>(y);
}

inline float log10_inline(float x) noexcept {
  std::uint32_t hx = std::bit_cast<std::uint32_t>(x);
  std::int32_t k = 0;
  if (hx >= 0x80000000u) return hx == 0x80000000u ? kNegInf : (x - x) / (x - x);
  if (hx < 0x00800000u) {  // +0 and the subnormals
    if (hx == 0) return kNegInf;
    k = -25;
    x *= 0x1p25f;
    hx = std::bit_cast<std::uint32_t>(x);
  }
  if (hx >= 0x7f800000u) return x + x;
  k += static_cast<std::int32_t>(hx >> 23) - 127;
  // x = 2^(k + i) m with m in [1, 2), or in [0.5, 1) when k < 0
  const std::int32_t i = k < 0 ? 1 : 0;
  const std::uint32_t m = (hx & 0x007fffffu) | (static_cast<std::uint32_t>(0x7f - i) << 23);
  const float y = static_cast<float>(k + i);
  const float z = y * kLog10_2lo + kIvLn10 * logf_reduced(m);
  return z + y * kLog10_2hi;
}

inline float ten_log10_inline(float x) noexcept {
  return x > 0.0f ? 10.0f * log10_inline(x) : kNegInf;
}

/// One cell of a run, as both kernels compute it.
inline void reduce_cell(const RunIn& in, const RunOut& out, std::size_t c) noexcept {
  float m = in.cap;
  std::int32_t bind = kNoBindingId;
  if (in.max_eirp != nullptr) {
    m = in.max_eirp[c];
    bind = in.binding[c];
  } else {
    for (const RxTerm& r : in.rx) {
      const float v = r.a - r.k[c];
      const bool lower = v < m;
      m = lower ? v : m;
      bind = lower ? r.id : bind;
    }
  }
  float i_new;
  if (in.interference != nullptr) {
    i_new = in.interference[c];
  } else {
    float sum = 0.0f;
    for (const TxTerm& t : in.tx) sum += t.scale * t.lin[c];
    i_new = ten_log10_inline(sum);
  }
  out.max_eirp[c] = m;
  out.binding[c] = static_cast<std::int16_t>(bind);
  out.interference[c] = i_new;
  out.usable[c] = static_cast<std::uint8_t>(m >= in.min_useful && i_new <= in.limit);
}

}  // namespace

float log10_float(float x) noexcept {
  return log10_inline(x);
}

float ten_log10(float x) noexcept {
  return ten_log10_inline(x);
}

namespace {

/// reduce_portable()'s receivers: the minimum into out.max_eirp, the binding station into
/// out.binding.
void reduce_receivers_portable(const RunIn& in, const RunOut& out, std::size_t n,
                               Scratch& scratch) noexcept {
  float* m = out.max_eirp;
  std::int32_t* bind = scratch.bind;
  std::fill(m, m + n, in.cap);
  std::fill(bind, bind + n, kNoBindingId);
  // Single-entry limits: min over the active receivers (ascending station order, so the lowest
  // index wins ties). The index is carried in 32 bits, the width of the limit, so that the
  // compare-and-select vectorises.
  for (const RxTerm& r : in.rx) {
    const float a = r.a;
    const std::int32_t id = r.id;
    const float* k = r.k;
    for (std::size_t c = 0; c < n; ++c) {
      const float v = a - k[c];
      const float old = m[c];
      // Branch-free select (a bit mask), which GCC vectorises where `lower ? id : b` keeps a
      // branch.
      const std::int32_t lower = -static_cast<std::int32_t>(v < old);
      m[c] = v < old ? v : old;
      bind[c] = (id & lower) | (bind[c] & ~lower);
    }
  }
  for (std::size_t c = 0; c < n; ++c) out.binding[c] = static_cast<std::int16_t>(bind[c]);
}

}  // namespace

void reduce_portable(const RunIn& in, const RunOut& out, std::size_t n, Scratch& scratch) noexcept {
  float* m = out.max_eirp;
  if (in.max_eirp != nullptr) {
    std::copy(in.max_eirp, in.max_eirp + n, m);
    std::copy(in.binding, in.binding + n, out.binding);
  } else {
    reduce_receivers_portable(in, out, n, scratch);
  }
  if (in.interference != nullptr) {
    std::copy(in.interference, in.interference + n, out.interference);
  } else {
    // Interference received from the active transmitters, summed in mW in index order.
    float* sum = scratch.sum;
    std::fill(sum, sum + n, 0.0f);
    for (const TxTerm& t : in.tx) {
      const float scale = t.scale;
      const float* l = t.lin;
      for (std::size_t c = 0; c < n; ++c) sum[c] += scale * l[c];
    }
    for (std::size_t c = 0; c < n; ++c) out.interference[c] = ten_log10_inline(sum[c]);
  }
  for (std::size_t c = 0; c < n; ++c) {
    out.usable[c] =
        static_cast<std::uint8_t>(m[c] >= in.min_useful && out.interference[c] <= in.limit);
  }
}

namespace {

#define AKICHI_AVX2 __attribute__((target("avx2"), always_inline)) inline

/// ten_log10 on 8 lanes: log10_inline's operations in each lane, logf's in double on two halves
/// of 4; lanes that are not a positive normal float (rare: subnormal, +inf) are done by
/// ten_log10_inline.
AKICHI_AVX2 __m256 ten_log10_v(__m256 x) noexcept {
  const __m256i hx = _mm256_castps_si256(x);
  const __m256i k = _mm256_sub_epi32(_mm256_srli_epi32(hx, 23), _mm256_set1_epi32(127));
  const __m256i i = _mm256_srli_epi32(k, 31);
  const __m256 y = _mm256_cvtepi32_ps(_mm256_add_epi32(k, i));
  const __m256i m =
      _mm256_or_si256(_mm256_and_si256(hx, _mm256_set1_epi32(0x007fffff)),
                      _mm256_slli_epi32(_mm256_sub_epi32(_mm256_set1_epi32(0x7f), i), 23));
  // logf of m
  const __m256i tmp = _mm256_sub_epi32(m, _mm256_set1_epi32(static_cast<int>(kLogOff)));
  const __m256i idx = _mm256_and_si256(_mm256_srli_epi32(tmp, 19), _mm256_set1_epi32(15));
  const __m256i kk = _mm256_srai_epi32(tmp, 23);
  const __m256 zf = _mm256_castsi256_ps(
      _mm256_sub_epi32(m, _mm256_and_si256(tmp, _mm256_set1_epi32(static_cast<int>(0xff800000u)))));
  const __m256d one = _mm256_set1_pd(1.0), ln2 = _mm256_set1_pd(kLn2);
  const __m256d a0 = _mm256_set1_pd(kA0), a1 = _mm256_set1_pd(kA1), a2 = _mm256_set1_pd(kA2);
  const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  __m128 half[2];
  for (int h = 0; h < 2; ++h) {
    const __m128i ih = h == 0 ? _mm256_castsi256_si128(idx) : _mm256_extracti128_si256(idx, 1);
    const __m128i kh = h == 0 ? _mm256_castsi256_si128(kk) : _mm256_extracti128_si256(kk, 1);
    const __m256d z =
        _mm256_cvtps_pd(h == 0 ? _mm256_castps256_ps128(zf) : _mm256_extractf128_ps(zf, 1));
    // The masked form with every lane on: the same instruction, and no value left undefined
    // (GCC 12 warns about the plain form's)
    const __m256d invc = _mm256_mask_i32gather_pd(_mm256_setzero_pd(), kInvC, ih, all, 8);
    const __m256d logc = _mm256_mask_i32gather_pd(_mm256_setzero_pd(), kLogC, ih, all, 8);
    const __m256d r = _mm256_sub_pd(_mm256_mul_pd(z, invc), one);
    const __m256d y0 = _mm256_add_pd(logc, _mm256_mul_pd(_mm256_cvtepi32_pd(kh), ln2));
    const __m256d r2 = _mm256_mul_pd(r, r);
    __m256d p = _mm256_add_pd(_mm256_mul_pd(a1, r), a2);
    p = _mm256_add_pd(_mm256_mul_pd(a0, r2), p);
    p = _mm256_add_pd(_mm256_mul_pd(p, r2), _mm256_add_pd(y0, r));
    half[h] = _mm256_cvtpd_ps(p);
  }
  __m256 lg = _mm256_set_m128(half[1], half[0]);
  const __m256i is_one = _mm256_cmpeq_epi32(m, _mm256_set1_epi32(0x3f800000));
  lg = _mm256_andnot_ps(_mm256_castsi256_ps(is_one), lg);  // logf(1) = +0
  const __m256 z = _mm256_add_ps(_mm256_mul_ps(y, _mm256_set1_ps(kLog10_2lo)),
                                 _mm256_mul_ps(_mm256_set1_ps(kIvLn10), lg));
  const __m256 lg10 = _mm256_add_ps(z, _mm256_mul_ps(y, _mm256_set1_ps(kLog10_2hi)));
  const __m256 positive = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ);
  __m256 out = _mm256_blendv_ps(_mm256_set1_ps(kNegInf), _mm256_mul_ps(_mm256_set1_ps(10.0f), lg10),
                                positive);
  // Positive lanes outside the normal floats: hx < 0x00800000 or hx > 0x7f7fffff
  const __m256i odd = _mm256_or_si256(_mm256_cmpgt_epi32(_mm256_set1_epi32(0x00800000), hx),
                                      _mm256_cmpgt_epi32(hx, _mm256_set1_epi32(0x7f7fffff)));
  const int fix = _mm256_movemask_ps(_mm256_and_ps(positive, _mm256_castsi256_ps(odd)));
  if (fix != 0) [[unlikely]] {
    alignas(32) float xs[8], os[8];
    _mm256_store_ps(xs, x);
    _mm256_store_ps(os, out);
    for (int j = 0; j < 8; ++j)
      if ((fix >> j) & 1) os[j] = ten_log10_inline(xs[j]);
    out = _mm256_load_ps(os);
  }
  return out;
}

/// Cells [c, c + 8 B) of a run: B registers of 8 cells each, the receivers' minimum and the
/// transmitters' sum kept in registers across the terms.
template <int B, bool Given, bool RxGiven>
AKICHI_AVX2 void reduce_block(const RunIn& in, const RunOut& out, std::size_t c) noexcept {
  __m256 m[B];
  __m256i bind[B];
  __m256 sum[B];
#pragma GCC unroll 4
  for (int j = 0; j < B; ++j) {
    m[j] = _mm256_set1_ps(in.cap);
    bind[j] = _mm256_set1_epi32(kNoBindingId);
    sum[j] = _mm256_setzero_ps();
  }
  if constexpr (!RxGiven) {
    for (const RxTerm& r : in.rx) {
      const __m256 a = _mm256_set1_ps(r.a);
      const __m256 id = _mm256_castsi256_ps(_mm256_set1_epi32(r.id));
#pragma GCC unroll 4
      for (int j = 0; j < B; ++j) {
        const __m256 v = _mm256_sub_ps(a, _mm256_loadu_ps(r.k + c + 8 * j));
        const __m256 lower = _mm256_cmp_ps(v, m[j], _CMP_LT_OQ);
        m[j] = _mm256_min_ps(v, m[j]);  // v < m ? v : m, as the blend of `lower`
        bind[j] = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(bind[j]), id, lower));
      }
    }
  }
  if constexpr (!Given) {
    for (const TxTerm& t : in.tx) {
      const __m256 scale = _mm256_set1_ps(t.scale);
#pragma GCC unroll 4
      for (int j = 0; j < B; ++j)
        sum[j] = _mm256_add_ps(sum[j], _mm256_mul_ps(scale, _mm256_loadu_ps(t.lin + c + 8 * j)));
    }
  }
  const __m256 min_useful = _mm256_set1_ps(in.min_useful), limit = _mm256_set1_ps(in.limit);
#pragma GCC unroll 4
  for (int j = 0; j < B; ++j) {
    const std::size_t at = c + 8 * static_cast<std::size_t>(j);
    __m256 i_new;
    if constexpr (Given) {
      i_new = _mm256_loadu_ps(in.interference + at);
    } else {
      i_new = ten_log10_v(sum[j]);
    }
    if constexpr (RxGiven) {
      m[j] = _mm256_loadu_ps(in.max_eirp + at);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out.binding + at),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(in.binding + at)));
    } else {
      // The station index's low 16 bits, as static_cast<std::int16_t>
      const __m256i b16 = _mm256_srai_epi32(_mm256_slli_epi32(bind[j], 16), 16);
      _mm_storeu_si128(
          reinterpret_cast<__m128i*>(out.binding + at),
          _mm_packs_epi32(_mm256_castsi256_si128(b16), _mm256_extracti128_si256(b16, 1)));
    }
    _mm256_storeu_ps(out.max_eirp + at, m[j]);
    _mm256_storeu_ps(out.interference + at, i_new);
    const __m256 ok = _mm256_and_ps(_mm256_cmp_ps(m[j], min_useful, _CMP_GE_OQ),
                                    _mm256_cmp_ps(i_new, limit, _CMP_LE_OQ));
    const __m256i u = _mm256_srli_epi32(_mm256_castps_si256(ok), 31);
    const __m128i u16 = _mm_packs_epi32(_mm256_castsi256_si128(u), _mm256_extracti128_si256(u, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out.usable + at), _mm_packus_epi16(u16, u16));
  }
}

/// The whole blocks of 8 cells of [0, n), 4 registers at a time while they last; returns the
/// first cell not reduced.
template <bool Given, bool RxGiven>
__attribute__((target("avx2"))) std::size_t reduce_blocks(const RunIn& in, const RunOut& out,
                                                          std::size_t n) noexcept {
  std::size_t c = 0;
  for (; c + 32 <= n; c += 32) reduce_block<4, Given, RxGiven>(in, out, c);
  for (; c + 8 <= n; c += 8) reduce_block<1, Given, RxGiven>(in, out, c);
  return c;
}

}  // namespace

__attribute__((target("avx2"))) void ten_log10_avx2(const float* x, float* out,
                                                    std::size_t n) noexcept {
  std::size_t c = 0;
  for (; c + 8 <= n; c += 8) _mm256_storeu_ps(out + c, ten_log10_v(_mm256_loadu_ps(x + c)));
  for (; c < n; ++c) out[c] = ten_log10_inline(x[c]);
}

__attribute__((target("avx2"))) void reduce_avx2(const RunIn& in, const RunOut& out, std::size_t n,
                                                 Scratch&) noexcept {
  const bool i_given = in.interference != nullptr, rx_given = in.max_eirp != nullptr;
  std::size_t c = i_given ? (rx_given ? reduce_blocks<true, true>(in, out, n)
                                      : reduce_blocks<true, false>(in, out, n))
                          : (rx_given ? reduce_blocks<false, true>(in, out, n)
                                      : reduce_blocks<false, false>(in, out, n));
  for (; c < n; ++c) reduce_cell(in, out, c);
}

bool cpu_has_avx2() noexcept {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}

}  // namespace akichi::sim::vacancy_detail

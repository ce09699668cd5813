// Vector kernels of the ray model's visibility culling; see ray_kernels.h. The corner scores on
// 2 lanes (SSE2, the default x86-64 build) and on 4 lanes (a target("avx2") function, without
// FMA: no a * b + c is contracted). Each lane evaluates the scalar tail's expressions in the
// same order, so front(W, q) is the exact test's value; a block whose lanes all fail (most of
// them) costs one branch.
#include "propagation/models/ray_kernels.h"

#include <immintrin.h>

#include <cmath>

#include "propagation/surface/building_index.h"

namespace akichi::prop::ray::detail {
namespace {

constexpr double kTouch = BuildingIndex::kTouch_m;

/// The corners from k on, one at a time (inlined: in the AVX2 kernel, VEX-encoded as the rest).
[[gnu::always_inline]] inline std::size_t score_tail(const CornerScore& c, const double* qx,
                                                     const double* qy, const double* rr,
                                                     std::size_t k, std::size_t n,
                                                     std::uint32_t* pass, std::size_t np) noexcept {
  for (; k < n; ++k) {
    const double dx = qx[k] - c.ax, dy = qy[k] - c.ay;
    const bool ok = (qx[k] - c.wx) * c.wnx + (qy[k] - c.wy) * c.wny > kTouch &&
                    rr[k] - (dx * dx + dy * dy) > 0.0 && dx * c.n0x + dy * c.n0y + c.m0 > 0.0 &&
                    dx * c.n1x + dy * c.n1y + c.m1 > 0.0;
    pass[np] = static_cast<std::uint32_t>(k);
    np += ok ? 1 : 0;
  }
  return np;
}

/// Lists the lanes set in `mask` (bit j: corner k + j passes), without a branch per lane.
[[gnu::always_inline]] inline std::size_t list_lanes(int mask, int lanes, std::size_t k,
                                                     std::uint32_t* pass, std::size_t np) noexcept {
  for (int j = 0; j < lanes; ++j) {
    pass[np] = static_cast<std::uint32_t>(k + static_cast<std::size_t>(j));
    np += static_cast<std::size_t>((mask >> j) & 1);
  }
  return np;
}

}  // namespace

CornerScore corner_score(double ax, double ay, double x0, double y0, double x1, double y1,
                         double nx, double ny, double margin) noexcept {
  CornerScore c;
  c.ax = ax;
  c.ay = ay;
  c.wx = x0;
  c.wy = y0;
  c.wnx = nx;
  c.wny = ny;
  const double d0x = x0 - ax, d0y = y0 - ay, d1x = x1 - ax, d1y = y1 - ay;
  const double cross = d0x * d1y - d0y * d1x;
  if (std::abs(cross) > 1e-9 * (std::abs(d0x) + std::abs(d0y)) * (std::abs(d1x) + std::abs(d1y))) {
    const double sg = cross > 0.0 ? 1.0 : -1.0;
    c.n0x = -sg * d0y;
    c.n0y = sg * d0x;
    c.n1x = sg * d1y;
    c.n1y = -sg * d1x;
    c.m0 = margin * (std::abs(d0x) + std::abs(d0y));
    c.m1 = margin * (std::abs(d1x) + std::abs(d1y));
  }  // else degenerate: no cone (its terms stay 1)
  return c;
}

std::size_t score_corners_sse2(const CornerScore& c, const double* qx, const double* qy,
                               const double* rr, std::size_t n, std::uint32_t* pass) noexcept {
  const __m128d ax = _mm_set1_pd(c.ax), ay = _mm_set1_pd(c.ay);
  const __m128d wx = _mm_set1_pd(c.wx), wy = _mm_set1_pd(c.wy);
  const __m128d wnx = _mm_set1_pd(c.wnx), wny = _mm_set1_pd(c.wny);
  const __m128d n0x = _mm_set1_pd(c.n0x), n0y = _mm_set1_pd(c.n0y), m0 = _mm_set1_pd(c.m0);
  const __m128d n1x = _mm_set1_pd(c.n1x), n1y = _mm_set1_pd(c.n1y), m1 = _mm_set1_pd(c.m1);
  const __m128d touch = _mm_set1_pd(kTouch), zero = _mm_setzero_pd();
  std::size_t np = 0, k = 0;
  for (; k + 2 <= n; k += 2) {
    const __m128d x = _mm_loadu_pd(qx + k), y = _mm_loadu_pd(qy + k), r = _mm_loadu_pd(rr + k);
    const __m128d dx = _mm_sub_pd(x, ax), dy = _mm_sub_pd(y, ay);
    const __m128d f =
        _mm_add_pd(_mm_mul_pd(_mm_sub_pd(x, wx), wnx), _mm_mul_pd(_mm_sub_pd(y, wy), wny));
    const __m128d d = _mm_sub_pd(r, _mm_add_pd(_mm_mul_pd(dx, dx), _mm_mul_pd(dy, dy)));
    const __m128d s0 = _mm_add_pd(_mm_add_pd(_mm_mul_pd(dx, n0x), _mm_mul_pd(dy, n0y)), m0);
    const __m128d s1 = _mm_add_pd(_mm_add_pd(_mm_mul_pd(dx, n1x), _mm_mul_pd(dy, n1y)), m1);
    const __m128d ok = _mm_and_pd(_mm_and_pd(_mm_cmpgt_pd(f, touch), _mm_cmpgt_pd(d, zero)),
                                  _mm_and_pd(_mm_cmpgt_pd(s0, zero), _mm_cmpgt_pd(s1, zero)));
    const int mask = _mm_movemask_pd(ok);
    if (mask != 0) np = list_lanes(mask, 2, k, pass, np);
  }
  return score_tail(c, qx, qy, rr, k, n, pass, np);
}

__attribute__((target("avx2"))) std::size_t score_corners_avx2(const CornerScore& c,
                                                               const double* qx, const double* qy,
                                                               const double* rr, std::size_t n,
                                                               std::uint32_t* pass) noexcept {
  const __m256d ax = _mm256_set1_pd(c.ax), ay = _mm256_set1_pd(c.ay);
  const __m256d wx = _mm256_set1_pd(c.wx), wy = _mm256_set1_pd(c.wy);
  const __m256d wnx = _mm256_set1_pd(c.wnx), wny = _mm256_set1_pd(c.wny);
  const __m256d n0x = _mm256_set1_pd(c.n0x), n0y = _mm256_set1_pd(c.n0y), m0 = _mm256_set1_pd(c.m0);
  const __m256d n1x = _mm256_set1_pd(c.n1x), n1y = _mm256_set1_pd(c.n1y), m1 = _mm256_set1_pd(c.m1);
  const __m256d touch = _mm256_set1_pd(kTouch), zero = _mm256_setzero_pd();
  std::size_t np = 0, k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m256d x = _mm256_loadu_pd(qx + k), y = _mm256_loadu_pd(qy + k);
    const __m256d r = _mm256_loadu_pd(rr + k);
    const __m256d dx = _mm256_sub_pd(x, ax), dy = _mm256_sub_pd(y, ay);
    const __m256d f = _mm256_add_pd(_mm256_mul_pd(_mm256_sub_pd(x, wx), wnx),
                                    _mm256_mul_pd(_mm256_sub_pd(y, wy), wny));
    const __m256d d = _mm256_sub_pd(r, _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)));
    const __m256d s0 =
        _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(dx, n0x), _mm256_mul_pd(dy, n0y)), m0);
    const __m256d s1 =
        _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(dx, n1x), _mm256_mul_pd(dy, n1y)), m1);
    const __m256d ok = _mm256_and_pd(
        _mm256_and_pd(_mm256_cmp_pd(f, touch, _CMP_GT_OQ), _mm256_cmp_pd(d, zero, _CMP_GT_OQ)),
        _mm256_and_pd(_mm256_cmp_pd(s0, zero, _CMP_GT_OQ), _mm256_cmp_pd(s1, zero, _CMP_GT_OQ)));
    const int mask = _mm256_movemask_pd(ok);
    if (mask != 0) np = list_lanes(mask, 4, k, pass, np);
  }
  return score_tail(c, qx, qy, rr, k, n, pass, np);
}

std::size_t score_corners(const CornerScore& c, const double* qx, const double* qy,
                          const double* rr, std::size_t n, std::uint32_t* pass) noexcept {
  return cpu_has_avx2() ? score_corners_avx2(c, qx, qy, rr, n, pass)
                        : score_corners_sse2(c, qx, qy, rr, n, pass);
}

}  // namespace akichi::prop::ray::detail

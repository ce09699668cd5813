// Vector kernels of the ray model's visibility culling; see ray_kernels.h. One template,
// instantiated on 2 lanes (the default x86-64 SSE2 build) and on 4 lanes inside a
// target("avx2") function. AVX2 without FMA: GCC contracts a * b + c into an FMA only when FMA
// is enabled, so both kernels round every operation alike.
#include "propagation/models/ray_kernels.h"

#include <algorithm>
#include <cstring>

#include "propagation/surface/building_index.h"

namespace akichi::prop::ray::detail {
namespace {

using V2 = double __attribute__((vector_size(16)));
using V4 = double __attribute__((vector_size(32)));

/// score_corners() on W = sizeof(V) / 8 corners at a time; every lane the same expression as
/// the scalar tail's (the least of the four, std::min's choice).
template <class V>
[[gnu::always_inline]] inline std::size_t score_lanes(const CornerScore& c, const double* qx,
                                                      const double* qy, const double* rr,
                                                      std::size_t n, std::uint32_t* pass) noexcept {
  constexpr std::size_t W = sizeof(V) / sizeof(double);
  constexpr double touch = BuildingIndex::kTouch_m;
  std::size_t np = 0, k = 0;
  for (; k + W <= n; k += W) {
    V x, y, r;
    std::memcpy(&x, qx + k, sizeof x);
    std::memcpy(&y, qy + k, sizeof y);
    std::memcpy(&r, rr + k, sizeof r);
    const V dx = x - c.ax, dy = y - c.ay;
    const V f = (x - c.wx) * c.wnx + (y - c.wy) * c.wny - touch;
    const V d = r - (dx * dx + dy * dy);
    const V s0 = dx * c.n0x + dy * c.n0y + c.m0, s1 = dx * c.n1x + dy * c.n1y + c.m1;
    const V a = d < f ? d : f, b = s1 < s0 ? s1 : s0;
    const V s = b < a ? b : a;
    for (std::size_t j = 0; j < W; ++j) {  // the passes listed without a branch per corner
      pass[np] = static_cast<std::uint32_t>(k + j);
      np += s[j] > 0.0 ? 1 : 0;
    }
  }
  for (; k < n; ++k) {
    const double dx = qx[k] - c.ax, dy = qy[k] - c.ay;
    const double s =
        std::min(std::min((qx[k] - c.wx) * c.wnx + (qy[k] - c.wy) * c.wny - touch,
                          rr[k] - (dx * dx + dy * dy)),
                 std::min(dx * c.n0x + dy * c.n0y + c.m0, dx * c.n1x + dy * c.n1y + c.m1));
    pass[np] = static_cast<std::uint32_t>(k);
    np += s > 0.0 ? 1 : 0;
  }
  return np;
}

}  // namespace

std::size_t score_corners_sse2(const CornerScore& c, const double* qx, const double* qy,
                               const double* rr, std::size_t n, std::uint32_t* pass) noexcept {
  return score_lanes<V2>(c, qx, qy, rr, n, pass);
}

__attribute__((target("avx2"))) std::size_t score_corners_avx2(const CornerScore& c,
                                                               const double* qx, const double* qy,
                                                               const double* rr, std::size_t n,
                                                               std::uint32_t* pass) noexcept {
  return score_lanes<V4>(c, qx, qy, rr, n, pass);
}

bool cpu_has_avx2() noexcept {
  static const bool has = __builtin_cpu_supports("avx2") != 0;
  return has;
}

std::size_t score_corners(const CornerScore& c, const double* qx, const double* qy,
                          const double* rr, std::size_t n, std::uint32_t* pass) noexcept {
  return cpu_has_avx2() ? score_corners_avx2(c, qx, qy, rr, n, pass)
                        : score_corners_sse2(c, qx, qy, rr, n, pass);
}

}  // namespace akichi::prop::ray::detail

// Vector kernels of the 2.5-D ray model's visibility culling (propagation/models/ray_2p5d.cpp).
// Internal to ray_2p5d.cpp; two instruction sets, the same results.
#pragma once

#include <cstddef>
#include <cstdint>

#include "propagation/models/path_scan_kernels.h"

namespace akichi::prop::ray::detail {

/// The corners a reflection off a wall W (A: the image of the link's end across W) can reach,
/// reflection_corners_culled()'s first test: in front of W (front(W, q) > kTouch_m, the exact
/// test of the plain enumeration), in the cone from A through W's ends and within A's reach.
/// The cone's sides unnormalised (inward normal times |d|), their margin kCullMargin_m times
/// |d|_1 >= |d|; a degenerate cone has zero normals and margins 1 (its terms always hold).
struct CornerScore {
  double ax = 0, ay = 0;                    ///< A
  double wx = 0, wy = 0, wnx = 0, wny = 0;  ///< W's start and unit normal (front())
  double n0x = 0, n0y = 0, n1x = 0, n1y = 0, m0 = 1, m1 = 1;
};

/// The score's inputs for wall W from (x0, y0) to (x1, y1), unit normal (nx, ny), and the image
/// A = (ax, ay) of an end across it; the cone's margin `margin` times |d|_1, its sides left out
/// (degenerate) when A is on the wall's line within 1e-9 of the cross product's scale.
CornerScore corner_score(double ax, double ay, double x0, double y0, double x1, double y1,
                         double nx, double ny, double margin) noexcept;

/// The places k of the corners (qx[k], qy[k]; squared reaches rr[k]) that pass, into `pass`
/// (ascending; room for n); their number. A corner passes when four conditions hold:
/// (qx - wx) wnx + (qy - wy) wny > kTouch_m (front(W, q) > kTouch_m, the same expression),
/// rr - |A q|^2 > 0 and the cone's two sides with their margins > 0 (strictly: a corner exactly
/// at the margin is outside). The AVX2 kernel (without FMA) rounds every operation as the SSE2
/// kernel does; score_corners() takes AVX2 when the CPU has it.
std::size_t score_corners_sse2(const CornerScore& c, const double* qx, const double* qy,
                               const double* rr, std::size_t n, std::uint32_t* pass) noexcept;
std::size_t score_corners_avx2(const CornerScore& c, const double* qx, const double* qy,
                               const double* rr, std::size_t n, std::uint32_t* pass) noexcept;
std::size_t score_corners(const CornerScore& c, const double* qx, const double* qy,
                          const double* rr, std::size_t n, std::uint32_t* pass) noexcept;
using path_scan::detail::cpu_has_avx2;

}  // namespace akichi::prop::ray::detail

// Terrain profiles: bilinear samples at equal steps along a straight line of the study plane,
// at distances measured by the terrain's PathDistance (docs/methods.md, "Terrain profiles").
#include "propagation/terrain/profile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::prop {

// max(2, ceil(d / step) + 1). The ceiling forgives 1e-9 of a step so that a length that is a
// whole number of steps up to rounding (0.6 / 0.2 = 2.9999999999999996, 1.1 / 0.1 =
// 11.000000000000002) does not gain a sample; the spacing d / (n - 1) is therefore at most
// step * (1 + 1e-9). Non-positive or NaN inputs give 2; the count saturates at INT_MAX.
int profile_sample_count(double d_m, double step_m) noexcept {
  if (!(d_m > 0) || !(step_m > 0)) return 2;
  const double n = std::ceil(d_m / step_m - 1e-9) + 1.0;
  constexpr double kMax = std::numeric_limits<int>::max();
  if (!(n < kMax)) return std::numeric_limits<int>::max();
  return std::max(2, static_cast<int>(n));
}

void extract_profile(const TerrainGrid& terrain, double x0_m, double y0_m, double x1_m, double y1_m,
                     double step_m, Profile& out, const PathDistance* distance) {
  if (!(step_m > 0) || !std::isfinite(step_m)) {
    throw InputError(
        format_input_error({}, "profile step_m", fmt::format("{}", step_m), "a finite step > 0 m"));
  }
  if (!std::isfinite(x0_m) || !std::isfinite(y0_m) || !std::isfinite(x1_m) ||
      !std::isfinite(y1_m)) {
    throw InputError(format_input_error({}, "profile end points",
                                        fmt::format("({}, {}) - ({}, {})", x0_m, y0_m, x1_m, y1_m),
                                        "finite projected coordinates"));
  }
  if (terrain.nx() < 2) throw RuntimeError("extract_profile: the terrain grid is empty");

  // The samples lie on the straight line of the study plane; their distances are the given
  // measure of the path's length (the plane, the great circle or the geodesic).
  const double d_m = TerrainGrid::path_length_m(distance, x0_m, y0_m, x1_m, y1_m);
  const int n = profile_sample_count(d_m, step_m);
  if (out.d_m.size() < static_cast<std::size_t>(n)) out.d_m.resize(n);  // grows, never shrinks
  if (out.z_m.size() < static_cast<std::size_t>(n)) out.z_m.resize(n);

  // End points in node units, computed once; the samples between are fi0 + k * dfi.
  const double inv = terrain.inv_step();
  const double fi0 = (x0_m - terrain.x0_m()) * inv;
  const double fj0 = (y0_m - terrain.y0_m()) * inv;
  const double fi1 = (x1_m - terrain.x0_m()) * inv;
  const double fj1 = (y1_m - terrain.y0_m()) * inv;
  const double inv_intervals = 1.0 / (n - 1);
  const double dfi = (fi1 - fi0) * inv_intervals;
  const double dfj = (fj1 - fj0) * inv_intervals;
  const double dd = d_m * inv_intervals;

  double* const d_out = out.d_m.data();
  double* const z_out = out.z_m.data();
  const int last = n - 1;
  const float* const z = terrain.data().data();
  const std::ptrdiff_t nx = terrain.nx();
  const double fi_max = terrain.nx() - 1, fj_max = terrain.ny() - 1;
  const bool inside = fi0 >= 0 && fi0 <= fi_max && fi1 >= 0 && fi1 <= fi_max && fj0 >= 0 &&
                      fj0 <= fj_max && fj1 >= 0 && fj1 <= fj_max;
  if (inside) {
    // The segment lies in the grid (it is convex): no clamping. Samples kPrefetch ahead are
    // prefetched: a profile crosses rows nx floats apart, so nearly every sample needs a new
    // cache line and the hardware prefetcher cannot guess which.
    const int i_top = terrain.nx() - 2, j_top = terrain.ny() - 2;
    const auto kernel = [&](double fi, double fj) {
      // Same arithmetic as TerrainGrid::sample_nodes(); fi, fj >= -1e-15 by construction, and
      // truncation takes such values to 0.
      const int i = std::min(static_cast<int>(fi), i_top);
      const int j = std::min(static_cast<int>(fj), j_top);
      const double tx = fi - i;
      const double ty = fj - j;
      const float* p = z + j * nx + i;
      const double z00 = p[0], z10 = p[1], z01 = p[nx], z11 = p[nx + 1];
      const double south = z00 + tx * (z10 - z00);
      const double north = z01 + tx * (z11 - z01);
      return south + ty * (north - south);
    };
    constexpr int kPrefetch = 48;
    const int prefetched_end = std::max(0, last - kPrefetch);
    int k = 0;
    double kk = 0;
    for (; k < prefetched_end; ++k, kk += 1.0) {
      const double ahead = kk + kPrefetch;
      const float* cell = z + std::min(static_cast<int>(fj0 + ahead * dfj), j_top) * nx +
                          static_cast<int>(fi0 + ahead * dfi);
      __builtin_prefetch(cell);
      __builtin_prefetch(cell + nx);
      d_out[k] = kk * dd;
      z_out[k] = kernel(fi0 + kk * dfi, fj0 + kk * dfj);
    }
    for (; k < last; ++k, kk += 1.0) {
      d_out[k] = kk * dd;
      z_out[k] = kernel(fi0 + kk * dfi, fj0 + kk * dfj);
    }
  } else {
    // An end off the grid: the clamping kernel, so those samples take edge values exactly as
    // elevation_m() does.
    double kk = 0;
    for (int k = 0; k < last; ++k, kk += 1.0) {
      d_out[k] = kk * dd;
      z_out[k] = terrain.sample_nodes(fi0 + kk * dfi, fj0 + kk * dfj);
    }
  }
  d_out[last] = d_m;  // the last sample sits exactly on the second end
  z_out[last] = terrain.sample_nodes(fi1, fj1);
  out.n = n;
}

}  // namespace akichi::prop

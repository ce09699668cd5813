// Terrain profiles: bilinear samples at equal steps along a straight line of the study plane.
#include "propagation/terrain/profile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "propagation/errors.h"

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
                     double step_m, Profile& out) {
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

  const double d_m = std::hypot(x1_m - x0_m, y1_m - y0_m);
  const int n = profile_sample_count(d_m, step_m);
  if (out.d_m.size() < static_cast<std::size_t>(n)) {
    out.d_m.resize(n);
    out.z_m.resize(n);
  }
  if (out.z_m.size() < static_cast<std::size_t>(n)) out.z_m.resize(n);

  // End points in node units, computed once; the samples between are fi0 + k * dfi. The
  // kernel clamps to the grid without branches, so end points off the grid take edge values
  // exactly as elevation_m() does.
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
  for (int k = 0; k < last; ++k) {
    const double kk = k;
    d_out[k] = kk * dd;
    z_out[k] = terrain.sample_nodes(fi0 + kk * dfi, fj0 + kk * dfj);
  }
  d_out[last] = d_m;  // the last sample sits exactly on the second end
  z_out[last] = terrain.sample_nodes(fi1, fj1);
  out.n = n;
}

}  // namespace akichi::prop

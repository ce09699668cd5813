// Shared set-up of the local-5G area tests: a flat field with free-space received power computed
// in closed form, so every area has an analytic radius.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

#include "propagation/geo/grid.h"

namespace akichi::sim::testing {

inline constexpr double kFreq_Hz = 4.8e9;
inline constexpr double kCoverage_dBm = -80.0;
inline constexpr double kCoordination_dBm = -86.0;  // 6 dB lower: radius x 10^(6/20) = 1.995

/// Free-space loss in dB, d in m and f in Hz: 20 log d + 20 log f - 147.55.
inline double free_space_dB(double d_m, double f_Hz) {
  return 20.0 * std::log10(d_m) + 20.0 * std::log10(f_Hz) - 147.55;
}
/// EIRP (dBm) that puts `threshold_dBm` at distance `r_m`.
inline double eirp_for_radius(double r_m, double threshold_dBm) {
  return threshold_dBm + free_space_dB(r_m, kFreq_Hz);
}
/// Radius (m) at which the free-space power of `eirp_dBm` falls to `threshold_dBm`.
inline double radius_for(double eirp_dBm, double threshold_dBm) {
  return std::pow(10.0, (eirp_dBm - threshold_dBm - 20.0 * std::log10(kFreq_Hz) + 147.55) / 20.0);
}

/// 201 x 201 cells of 5 m in UTM 54N around (384000, 3952000) (near Tokyo); the centre of cell
/// (100, 100) is the origin of the station offsets below.
inline prop::StudyGrid field_grid() {
  prop::StudyGrid g;
  g.cell_m = 5.0;
  g.nx = g.ny = 201;
  g.x0_m = 384000.0 - 100.5 * g.cell_m;
  g.y0_m = 3952000.0 - 100.5 * g.cell_m;
  g.heights_m = {1.5};
  return g;
}

struct Site {
  double dx_m, dy_m;  ///< offset from the grid centre
  double eirp_dBm;
};

/// Free-space received power of `s` at every cell centre, [y][x] float dBm (d >= 0.5 m).
inline std::vector<float> free_space_power(const prop::StudyGrid& g, const Site& s) {
  std::vector<float> p(g.cells());
  const double cx = g.x(100) + s.dx_m, cy = g.y(100) + s.dy_m;
  for (int iy = 0; iy < g.ny; ++iy)
    for (int ix = 0; ix < g.nx; ++ix) {
      const double d = std::max(0.5, std::hypot(g.x(ix) - cx, g.y(iy) - cy));
      p[static_cast<std::size_t>(iy) * g.nx + ix] =
          static_cast<float>(s.eirp_dBm - free_space_dB(d, kFreq_Hz));
    }
  return p;
}

/// Area of the intersection of two discs of radii R and r whose centres are d apart.
inline double lens_area(double R, double r, double d) {
  if (R <= 0 || r <= 0) return 0.0;
  if (d >= R + r) return 0.0;
  if (d <= std::abs(R - r)) return std::numbers::pi * std::min(R, r) * std::min(R, r);
  const double a = r * r * std::acos((d * d + r * r - R * R) / (2 * d * r));
  const double b = R * R * std::acos((d * d + R * R - r * r) / (2 * d * R));
  const double c = 0.5 * std::sqrt((-d + r + R) * (d + r - R) * (d - r + R) * (d + r + R));
  return a + b - c;
}

}  // namespace akichi::sim::testing

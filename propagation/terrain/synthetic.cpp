// Deterministic synthetic terrain: a seeded sum of random Fourier modes.
//
//   z(x, y) = sum_m A_m cos(k_m (x cos(theta_m) + y sin(theta_m)) + phi_m)
//
// with, drawn in this order for m = 0, 1, ..., modes-1 from std::mt19937_64(seed), each draw
// converted to u in [0, 1) as (draw >> 11) * 2^-53 (no std:: distributions: their output is
// implementation-defined):
//   theta_m = 2 pi u1                  isotropic directions
//   s_m     = 2^(3 u2 - 1)             log-uniform in [1/2, 4): k_m = s_m * 2 pi / wavelength_m
//   phi_m   = 2 pi u3
//   A_m     = 1 / s_m                  power-law spectrum: longer waves carry more relief
// x, y are absolute projected coordinates, so the hills stay put when the extent changes.
// The field is then scaled so its minimum is base_m and its maximum base_m + relief_m. With a
// coast, elevations are blended towards sea_level_m south of coast_y_m:
//   z' = sea + (z - sea) * w(y),  w(y) = (1 + tanh((y - coast_y_m) / (wavelength_m / 4))) / 2.
// Each node is computed independently with a fixed summation order, so the result does not
// depend on the number of threads.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "base/errors.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop {
namespace {

double unit_double(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;  // 53 random bits -> [0, 1)
}

void require(bool ok, const char* field, double found, const char* expected) {
  if (!ok) throw InputError(format_input_error({}, field, fmt::format("{}", found), expected));
}

}  // namespace

TerrainGrid make_synthetic_terrain(const TerrainLattice& lattice,
                                   const SyntheticTerrainParams& params) {
  require(params.modes >= 1, "terrain.modes", params.modes, "at least 1 mode");
  require(params.wavelength_m > 0 && std::isfinite(params.wavelength_m), "terrain.wavelength_m",
          params.wavelength_m, "a finite wavelength > 0 m");
  require(params.relief_m >= 0 && std::isfinite(params.relief_m), "terrain.relief_m",
          params.relief_m, "a finite relief >= 0 m");
  require(std::isfinite(params.base_m), "terrain.base_m", params.base_m, "a finite elevation");
  const bool coast = !std::isnan(params.coast_y_m);
  if (coast) {
    require(std::isfinite(params.coast_y_m), "terrain.coast_y_m", params.coast_y_m,
            "a finite northing, or none");
    require(std::isfinite(params.sea_level_m), "terrain.sea_level_m", params.sea_level_m,
            "a finite elevation");
  }

  const int nx = lattice.nx();
  const int ny = lattice.ny();
  const double x0 = lattice.extent.xmin_m;
  const double y0 = lattice.extent.ymin_m;
  const double step = lattice.step_m;
  const int M = params.modes;

  // Modes, drawn in a fixed order.
  const double two_pi = 2.0 * std::numbers::pi;
  const double k0 = two_pi / params.wavelength_m;
  std::vector<double> kx(M), ky(M), phase(M), amp(M);
  std::mt19937_64 rng(params.seed);
  for (int m = 0; m < M; ++m) {
    const double theta = two_pi * unit_double(rng);
    const double s = std::exp2(3.0 * unit_double(rng) - 1.0);
    phase[m] = two_pi * unit_double(rng);
    kx[m] = k0 * s * std::cos(theta);
    ky[m] = k0 * s * std::sin(theta);
    amp[m] = 1.0 / s;
  }

  // cos(a x + b y + phi) = cos(a x) cos(b y + phi) - sin(a x) sin(b y + phi): per-column and
  // per-row factors, so the node loop has no trigonometry.
  std::vector<double> cx(static_cast<std::size_t>(nx) * M), sx(cx.size());
  for (int i = 0; i < nx; ++i) {
    const double x = x0 + i * step;
    for (int m = 0; m < M; ++m) {
      cx[static_cast<std::size_t>(i) * M + m] = std::cos(kx[m] * x);
      sx[static_cast<std::size_t>(i) * M + m] = std::sin(kx[m] * x);
    }
  }

  std::vector<float> z(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  tbb::parallel_for(tbb::blocked_range<int>(0, ny), [&](const tbb::blocked_range<int>& rows) {
    std::vector<double> cy(M), sy(M);
    for (int j = rows.begin(); j != rows.end(); ++j) {
      const double y = y0 + j * step;
      for (int m = 0; m < M; ++m) {
        const double arg = ky[m] * y + phase[m];
        cy[m] = amp[m] * std::cos(arg);
        sy[m] = amp[m] * std::sin(arg);
      }
      float* row = z.data() + static_cast<std::size_t>(j) * nx;
      for (int i = 0; i < nx; ++i) {
        const double* c = cx.data() + static_cast<std::size_t>(i) * M;
        const double* s = sx.data() + static_cast<std::size_t>(i) * M;
        double sum = 0;
        for (int m = 0; m < M; ++m) sum += c[m] * cy[m] - s[m] * sy[m];
        row[i] = static_cast<float>(sum);
      }
    }
  });

  // Scale to [base, base + relief]. min/max are exact whatever the order they are taken in.
  const auto [lo_it, hi_it] = std::minmax_element(z.begin(), z.end());
  const double lo = *lo_it;
  const double range = static_cast<double>(*hi_it) - lo;
  const double scale = range > 0 ? params.relief_m / range : 0.0;
  const double ramp_m = params.wavelength_m / 4.0;
  tbb::parallel_for(tbb::blocked_range<int>(0, ny), [&](const tbb::blocked_range<int>& rows) {
    for (int j = rows.begin(); j != rows.end(); ++j) {
      const double w =
          coast ? 0.5 * (1.0 + std::tanh((y0 + j * step - params.coast_y_m) / ramp_m)) : 1.0;
      float* row = z.data() + static_cast<std::size_t>(j) * nx;
      for (int i = 0; i < nx; ++i) {
        double h = params.base_m + (static_cast<double>(row[i]) - lo) * scale;
        if (coast) h = params.sea_level_m + (h - params.sea_level_m) * w;
        row[i] = static_cast<float>(h);
      }
    }
  });

  return TerrainGrid(x0, y0, step, nx, ny, std::move(z));
}

}  // namespace akichi::prop

// Helpers of the ray model's tests (ray_2p5d_test.cpp, ray_2p5d_terrain_test.cpp): options with
// every mechanism off, the Fresnel coefficients and free-space loss written out independently of
// the model, a seeded random scene, and the culled enumeration against the plain one over a grid.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <initializer_list>
#include <memory>
#include <numbers>
#include <random>
#include <utility>

#include <gtest/gtest.h>

#include "propagation/models/itu_r_p2040_3.h"
#include "propagation/models/ray_2p5d.h"
#include "propagation/surface/building.h"

namespace akichi::prop::ray::ray_test_util {

using cplx = std::complex<double>;
inline constexpr double kPi = std::numbers::pi;
inline constexpr double kC = 299792458.0;  ///< speed of light (m/s)

inline Options bare() {
  Options o;
  o.max_reflections = 0;
  o.ground_reflection = false;
  o.roof_diffraction = false;
  o.edge_diffraction = false;
  o.wall_transmission = false;
  o.combine = Combine::Coherent;
  o.indoor.by_use = false;  // inside a building the rays too (no TR 38.901 indoor model)
  o.indoor.forced = IndoorScenario::FreeSpace;
  o.indoor.depth_loss = false;
  return o;
}

// Fresnel coefficients written out here, independently of the model (P.2040-3 §2.2.2).
inline cplx gamma_te(cplx eta, double cos_t) {
  const cplx root = std::sqrt(eta - (1.0 - cos_t * cos_t));
  return (cos_t - root) / (cos_t + root);
}
inline cplx gamma_tm(cplx eta, double cos_t) {
  const cplx root = std::sqrt(eta - (1.0 - cos_t * cos_t));
  return (eta * cos_t - root) / (eta * cos_t + root);
}
inline cplx eta_of(std::size_t material, double f_GHz) {
  const p2040::Material& m = p2040::materials()[material];
  const double er = m.a * std::pow(f_GHz, m.b);
  const double sigma = m.c * std::pow(f_GHz, m.d);
  return {er, -17.98 * sigma / f_GHz};
}

inline double fspl_dB(double f_Hz, double d_m) {
  return 20.0 * std::log10(4 * kPi * d_m * f_Hz / kC);
}

/// Prisms on the ground (base 0) of the given footprints and heights, all of one material
/// (default 1: concrete).
inline std::shared_ptr<const Buildings> scene(
    std::initializer_list<std::pair<Polygon2, double>> list, std::size_t material = 1) {
  auto bs = std::make_shared<Buildings>();
  for (const auto& [fp, h] : list) {
    Building b;
    b.footprint = fp;
    b.height_m = h;
    b.material = material;
    bs->push_back(b);
  }
  return bs;
}

/// A seeded scene of n rotated rectangles over [0, size_m]^2, alternately concrete and glass.
inline std::shared_ptr<const Buildings> random_scene(unsigned seed, int n, double size_m) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> pos(0, size_m), side(8, 40), height(5, 40);
  auto bs = std::make_shared<Buildings>();
  for (int i = 0; i < n; ++i) {
    const double x = pos(rng), y = pos(rng), w = side(rng), h = side(rng);
    // A rotated rectangle, so walls are not all axis-parallel.
    const double a = pos(rng) / size_m * std::numbers::pi;
    Polygon2 p;
    const double c = std::cos(a), s = std::sin(a);
    for (const auto& [u, v] :
         {std::pair{-0.5, -0.5}, {-0.5, 0.5}, {0.5, 0.5}, {0.5, -0.5}, {-0.5, -0.5}}) {
      bg::append(p.outer(), Point2(x + c * u * w - s * v * h, y + s * u * w + c * v * h));
    }
    bg::correct(p);
    Building b;
    b.footprint = p;
    b.height_m = height(rng);
    b.material = i % 2 == 0 ? 1 : 5;  // concrete, glass
    bs->push_back(b);
  }
  return bs;
}

/// What culled_equals_plain_over_grid() traced.
struct GridCount {
  int cells = 0, inside = 0, rays = 0;  ///< cells, those inside a part, rays of the culled trace
};

/// The engine's order: one transmitter t, a row-major grid of receivers 1.5 m above the ground
/// (terrain, or 0 without; x from 3 m and y from 2 m by 12 m, below 300 m), each traced with
/// `culled` (visibility culling on) and without the culling: a test failure at the first cell
/// whose loss or ray count differs.
inline GridCount culled_equals_plain_over_grid(const BuildingIndex& idx, const Options& culled,
                                               const End& t, const TerrainGrid* terrain = nullptr) {
  Options plain = culled;
  plain.visibility_culling = false;
  GridCount n;
  for (double y = 2; y < 300; y += 12) {
    for (double x = 3; x < 300; x += 12) {
      const End r{x, y, terrain ? terrain->elevation_m(x, y) : 0.0, 1.5};
      const double d = std::max(std::hypot(x - t.x_m, y - t.y_m), 1.0);
      const Result c = trace(idx, culled, 3.5e9, d, t, r, terrain);
      const Result p = trace(idx, plain, 3.5e9, d, t, r, terrain);
      if (c.loss_dB != p.loss_dB || c.rays != p.rays) {
        ADD_FAILURE() << "cell (" << x << ", " << y << "): culled " << c.loss_dB << " dB, "
                      << c.rays << " rays; plain " << p.loss_dB << " dB, " << p.rays << " rays";
        return n;
      }
      ++n.cells;
      n.inside += idx.containing(x, y) >= 0;
      n.rays += c.rays;
    }
  }
  return n;
}

}  // namespace akichi::prop::ray::ray_test_util

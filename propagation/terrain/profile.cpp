// Terrain profiles: bilinear samples at equal steps along a straight line of the study plane,
// at distances measured by the terrain's PathDistance (docs/methods.md, "Terrain profiles").
#include "propagation/terrain/profile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <immintrin.h>

#include "base/errors.h"

namespace akichi::prop {
namespace {

bool cpu_has_avx2() noexcept {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}

/// The samples k in [0, count) of a profile inside the grid, 4 at a time: the same arithmetic as
/// the scalar kernel of extract_profile() (TerrainGrid::sample_nodes() without its clamp) in each
/// lane of AVX2 registers, every operation rounded alike (no FMA: GCC contracts a * b + c only
/// when FMA is enabled), so the values are bit-identical. The two nodes of a row are adjacent
/// floats: one 64-bit gather per row and 4 samples. count is a multiple of 4. No software
/// prefetch: the scalar loop's, 8 per 4 samples here, made the benchmark's extraction take about
/// a third longer (bench/RESULTS.md, "Profile extraction with AVX2").
/// With kQuadratic (a profile on a DEM's own posts, posts_samples()), sample k is at
/// fi0 + k (dfi + k ddfi), fj0 + k (dfj + k ddfj) instead, and d_out is not written.
template <bool kQuadratic = false>
__attribute__((target("avx2"))) void interior_samples_avx2(
    const float* z, int nx, int i_top, int j_top, double fi0, double fj0, double dfi, double dfj,
    double dd, int count, double* d_out, double* z_out, double ddfi = 0, double ddfj = 0) noexcept {
  const __m256d fi0v = _mm256_set1_pd(fi0), fj0v = _mm256_set1_pd(fj0);
  const __m256d dfiv = _mm256_set1_pd(dfi), dfjv = _mm256_set1_pd(dfj), ddv = _mm256_set1_pd(dd);
  const __m128i i_topv = _mm_set1_epi32(i_top), j_topv = _mm_set1_epi32(j_top);
  const __m256i nxv = _mm256_set1_epi64x(nx);
  const __m256i split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);  // (a0 b0 a1 b1 ...) -> a, b
  const auto* south_row = reinterpret_cast<const long long*>(z);
  const auto* north_row = reinterpret_cast<const long long*>(z + nx);
  __m256d kk = _mm256_setr_pd(0.0, 1.0, 2.0, 3.0);
  const __m256d four = _mm256_set1_pd(4.0);
  for (int k = 0; k < count; k += 4, kk = _mm256_add_pd(kk, four)) {
    __m256d fi, fj;
    if constexpr (kQuadratic) {
      fi = _mm256_add_pd(
          fi0v, _mm256_mul_pd(kk, _mm256_add_pd(dfiv, _mm256_mul_pd(kk, _mm256_set1_pd(ddfi)))));
      fj = _mm256_add_pd(
          fj0v, _mm256_mul_pd(kk, _mm256_add_pd(dfjv, _mm256_mul_pd(kk, _mm256_set1_pd(ddfj)))));
    } else {
      fi = _mm256_add_pd(fi0v, _mm256_mul_pd(kk, dfiv));
      fj = _mm256_add_pd(fj0v, _mm256_mul_pd(kk, dfjv));
    }
    const __m128i i = _mm_min_epi32(_mm256_cvttpd_epi32(fi), i_topv);
    const __m128i j = _mm_min_epi32(_mm256_cvttpd_epi32(fj), j_topv);
    const __m256d tx = _mm256_sub_pd(fi, _mm256_cvtepi32_pd(i));
    const __m256d ty = _mm256_sub_pd(fj, _mm256_cvtepi32_pd(j));
    const __m256i at = _mm256_add_epi64(_mm256_mul_epi32(_mm256_cvtepi32_epi64(j), nxv),
                                        _mm256_cvtepi32_epi64(i));  // j nx + i, 64 bits
    // (z00 z10) and (z01 z11) of each sample as one 64-bit element, split into 4 + 4 floats
    const __m256 s = _mm256_permutevar8x32_ps(
        _mm256_castsi256_ps(_mm256_i64gather_epi64(south_row, at, 4)), split);
    const __m256 n = _mm256_permutevar8x32_ps(
        _mm256_castsi256_ps(_mm256_i64gather_epi64(north_row, at, 4)), split);
    const __m256d z00 = _mm256_cvtps_pd(_mm256_castps256_ps128(s));
    const __m256d z10 = _mm256_cvtps_pd(_mm256_extractf128_ps(s, 1));
    const __m256d z01 = _mm256_cvtps_pd(_mm256_castps256_ps128(n));
    const __m256d z11 = _mm256_cvtps_pd(_mm256_extractf128_ps(n, 1));
    const __m256d south = _mm256_add_pd(z00, _mm256_mul_pd(tx, _mm256_sub_pd(z10, z00)));
    const __m256d north = _mm256_add_pd(z01, _mm256_mul_pd(tx, _mm256_sub_pd(z11, z01)));
    _mm256_storeu_pd(z_out + k,
                     _mm256_add_pd(south, _mm256_mul_pd(ty, _mm256_sub_pd(north, south))));
    if constexpr (!kQuadratic) _mm256_storeu_pd(d_out + k, _mm256_mul_pd(kk, ddv));
  }
}

/// The samples k in [0, last] of a profile on a DEM's own posts (SourcePosts). The straight line
/// of the study plane is a smooth curve in post coordinates: in pieces of at most kPiece_m, each
/// is the parabola through the map of its two ends and of its middle (the map's third
/// derivative, about 1 / R^2, puts it under a millimetre off over 4 km), evaluated at every
/// sample with the lattice's bilinear kernel on the posts, 4 at a time with AVX2.
void posts_samples(const SourcePosts& sp, double x0_m, double y0_m, double x1_m, double y1_m,
                   int last, double* z_out) {
  // Sample `last` too: the second end, mapped as SourcePosts::elevation_m() maps it.
  constexpr double kPiece_m = 4000;
  const TerrainGrid& posts = sp.posts();
  const double plane_length = std::hypot(x1_m - x0_m, y1_m - y0_m);
  const int pieces =
      std::clamp(static_cast<int>(std::ceil(plane_length / kPiece_m)), 1, std::max(1, last / 4));
  const double inv_intervals = 1.0 / last;
  const double fi_max = posts.nx() - 1, fj_max = posts.ny() - 1;
  const int i_top = posts.nx() - 2, j_top = posts.ny() - 2;
  const bool avx2 = cpu_has_avx2();
  const auto at = [&](double k, double& fi, double& fj) {
    const double t = k * inv_intervals;
    sp.to_posts(x0_m + t * (x1_m - x0_m), y0_m + t * (y1_m - y0_m), fi, fj);
  };
  double ai = 0, aj = 0;
  sp.to_posts(x0_m, y0_m, ai, aj);
  for (int p = 0; p < pieces; ++p) {
    const int ka = static_cast<int>(static_cast<long long>(last) * p / pieces);
    const int kb = static_cast<int>(static_cast<long long>(last) * (p + 1) / pieces);
    const int count = kb - ka;
    double bi = 0, bj = 0, ci = 0, cj = 0;
    at(ka + 0.5 * count, bi, bj);
    if (kb == last) {
      sp.to_posts(x1_m, y1_m, ci, cj);
    } else {
      at(kb, ci, cj);
    }
    // f(u) = a + u (c1 + u c2), u = k - ka in [0, count]: f(0) = a, f(count / 2) = b,
    // f(count) = c.
    const double u = count, inv_u = 1.0 / u;
    const double c2i = 2 * (ai - 2 * bi + ci) * inv_u * inv_u;
    const double c2j = 2 * (aj - 2 * bj + cj) * inv_u * inv_u;
    const double c1i = (ci - ai) * inv_u - c2i * u, c1j = (cj - aj) * inv_u - c2j * u;
    // The parabola leaves the chord by at most |a - 2b + c| / 4 posts.
    const double bulge_i = std::abs(ai - 2 * bi + ci) / 4, bulge_j = std::abs(aj - 2 * bj + cj) / 4;
    const bool inside =
        std::min({ai, bi, ci}) - bulge_i >= 0 && std::max({ai, bi, ci}) + bulge_i <= fi_max &&
        std::min({aj, bj, cj}) - bulge_j >= 0 && std::max({aj, bj, cj}) + bulge_j <= fj_max;
    int k = 0;
    if (inside && avx2) {
      k = count / 4 * 4;
      interior_samples_avx2<true>(posts.data().data(), posts.nx(), i_top, j_top, ai, aj, c1i, c1j,
                                  0.0, k, nullptr, z_out + ka, c2i, c2j);
    }
    for (double kk = k; k < count; ++k, kk += 1.0)
      z_out[ka + k] = posts.sample_nodes(ai + kk * (c1i + kk * c2i), aj + kk * (c1j + kk * c2j));
    ai = ci;
    aj = cj;
  }
  z_out[last] = posts.sample_nodes(ai, aj);
}

}  // namespace

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
  if (const SourcePosts* sp = terrain.source_posts()) {
    posts_samples(*sp, x0_m, y0_m, x1_m, y1_m, last, z_out);
    // k * dd as the lattice's loop forms it (its kk counts k exactly), in a loop that vectorises.
    for (int k = 0; k < last; ++k) d_out[k] = static_cast<double>(k) * dd;
    d_out[last] = d_m;
    out.n = n;
    return;
  }
  const float* const z = terrain.data().data();
  const std::ptrdiff_t nx = terrain.nx();
  const double fi_max = terrain.nx() - 1, fj_max = terrain.ny() - 1;
  const bool inside = fi0 >= 0 && fi0 <= fi_max && fi1 >= 0 && fi1 <= fi_max && fj0 >= 0 &&
                      fj0 <= fj_max && fj1 >= 0 && fj1 <= fj_max;
  if (inside) {
    // The segment lies in the grid (it is convex): no clamping. With AVX2, every sample but the
    // last few 4 at a time; the rest (all without AVX2) one at a time, kPrefetch ahead
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
    int k = 0;
    double kk = 0;
    if (cpu_has_avx2()) {
      k = last / 4 * 4;
      interior_samples_avx2(z, terrain.nx(), i_top, j_top, fi0, fj0, dfi, dfj, dd, k, d_out, z_out);
      kk = k;
    }
    constexpr int kPrefetch = 48;
    const int prefetched_end = std::max(0, last - kPrefetch);
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

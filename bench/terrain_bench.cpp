// Terrain sampling speed: profile extraction and point sampling on a 2001 x 2001 synthetic grid
// (10 m nodes, 20 km square), and synthetic terrain generation.
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "propagation/terrain/profile.h"
#include "propagation/terrain/terrain.h"

namespace {

using akichi::prop::SyntheticTerrainParams;
using akichi::prop::TerrainGrid;
using akichi::prop::TerrainLattice;

const TerrainLattice kLattice{{400000, 3950000, 420000, 3970000}, 10};  // 2001 x 2001 nodes

const TerrainGrid& terrain() {
  static const TerrainGrid grid = akichi::prop::make_synthetic_terrain(
      kLattice, SyntheticTerrainParams{.seed = 2024, .relief_m = 400, .wavelength_m = 3000});
  return grid;
}

struct Points {
  std::vector<double> x, y;
};

Points random_points(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto unit = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  Points p;
  for (std::size_t k = 0; k < n; ++k) {
    p.x.push_back(kLattice.extent.xmin_m + unit() * kLattice.extent.width_m());
    p.y.push_back(kLattice.extent.ymin_m + unit() * kLattice.extent.height_m());
  }
  return p;
}

// Profiles between random end points in the grid, 10 m sample spacing (mean length ~10 km).
void BM_ExtractProfile(benchmark::State& state) {
  const TerrainGrid& g = terrain();
  const Points ends = random_points(2048, 1);
  akichi::prop::Profile profile;
  std::size_t k = 0;
  std::int64_t samples = 0;
  for (auto _ : state) {
    const std::size_t a = k & 2047, b = (k + 1) & 2047;
    akichi::prop::extract_profile(g, ends.x[a], ends.y[a], ends.x[b], ends.y[b], 10.0, profile);
    benchmark::DoNotOptimize(profile.z_m.data());
    benchmark::ClobberMemory();
    samples += profile.size();
    k += 2;
  }
  state.counters["samples/s"] =
      benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
  state.counters["profiles/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExtractProfile);

// The same on a 201 x 201 grid (160 KB, cache-resident): the arithmetic alone.
void BM_ExtractProfileCached(benchmark::State& state) {
  const TerrainLattice small{{400000, 3950000, 402000, 3952000}, 10};
  const TerrainGrid g = akichi::prop::make_synthetic_terrain(small, {.seed = 3, .relief_m = 100});
  const Points ends = random_points(2048, 3);
  akichi::prop::Profile profile;
  std::size_t k = 0;
  std::int64_t samples = 0;
  for (auto _ : state) {
    const std::size_t a = k & 2047, b = (k + 1) & 2047;
    // Rescale the 20 km end points into the 2 km grid, keeping ~1000 samples per profile.
    const auto sx = [](double x) { return 400000 + (x - 400000) / 10; };
    const auto sy = [](double y) { return 3950000 + (y - 3950000) / 10; };
    akichi::prop::extract_profile(g, sx(ends.x[a]), sy(ends.y[a]), sx(ends.x[b]), sy(ends.y[b]),
                                  1.0, profile);
    benchmark::DoNotOptimize(profile.z_m.data());
    benchmark::ClobberMemory();
    samples += profile.size();
    k += 2;
  }
  state.counters["samples/s"] =
      benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExtractProfileCached);

// elevation_m at random points (scattered: a cache miss on most calls).
void BM_ElevationPointRandom(benchmark::State& state) {
  const TerrainGrid& g = terrain();
  const Points pts = random_points(1 << 16, 2);
  double sum = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < pts.x.size(); ++k) sum += g.elevation_m(pts.x[k], pts.y[k]);
  }
  benchmark::DoNotOptimize(sum);
  state.counters["points/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(pts.x.size()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ElevationPointRandom);

// elevation_m along a raster scan (x fastest, as an area loop visits cells).
void BM_ElevationPointScan(benchmark::State& state) {
  const TerrainGrid& g = terrain();
  double sum = 0;
  std::int64_t points = 0;
  for (auto _ : state) {
    for (int j = 0; j < 200; ++j) {
      const double y = kLattice.extent.ymin_m + 7.3 + j * 99.7;
      for (int i = 0; i < 2000; ++i)
        sum += g.elevation_m(kLattice.extent.xmin_m + 3.1 + i * 9.99, y);
    }
    points += 200 * 2000;
  }
  benchmark::DoNotOptimize(sum);
  state.counters["points/s"] =
      benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ElevationPointScan);

// Generating the 2001 x 2001 synthetic grid (64 modes), all threads.
void BM_SyntheticTerrain(benchmark::State& state) {
  for (auto _ : state) {
    TerrainGrid g = akichi::prop::make_synthetic_terrain(kLattice, {.seed = 7, .relief_m = 100});
    benchmark::DoNotOptimize(g.data().data());
  }
  state.counters["nodes/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kLattice.nx() * kLattice.ny(),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SyntheticTerrain)->Unit(benchmark::kMillisecond);

}  // namespace

// The "ray-2.5d" model over seeded synthetic building scenes: cells per second of the area
// engine and rays per second, at 1 and 2 threads.
//   campus:   100 buildings (10 x 10 blocks of 100 m, footprints 20-60 m, rotated up to 30 deg,
//             6-40 m tall) in 1 km^2;
//   district: 2025 buildings (45 x 45 blocks of 33 m, footprints 10-25 m, 6-40 m tall) in
//             1.5 km x 1.5 km.
// Transmitter 25 m above flat ground at the centre, 3.5 GHz, receivers 1.5 m, 2 wall
// reflections + ground reflection + roof (Deygout) and corner diffraction, power sum; paths
// searched up to 300 m (campus) or 50 m (district) longer than the direct ray.
// The study grid has 2 m cells; the benchmark evaluates the sub-grid of every `stride`-th cell
// in x and y (state.range(2)), so its cells are (stride * 2 m) apart. state.range(3): the
// ground, 0 flat, 1 seeded synthetic hills (30 m of relief, 400 m wavelength, 10 m nodes) with
// the buildings standing on them and the model's `terrain` on (ray_2p5d.h, "Terrain under the
// rays").
//
//   build/release/bench/buildings_bench --benchmark_counters_tabular=true
#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/models/ray_2p5d.h"
#include "propagation/surface/building_index.h"
#include "propagation/terrain/terrain.h"

namespace {

using namespace akichi::prop;

std::shared_ptr<const Buildings> make_scene(unsigned seed, int blocks, double block_m,
                                            double min_side_m, double max_side_m) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> side(min_side_m, max_side_m), height(6, 40),
      angle(-std::numbers::pi / 6, std::numbers::pi / 6), u01(0, 1);
  auto bs = std::make_shared<Buildings>();
  for (int j = 0; j < blocks; ++j) {
    for (int i = 0; i < blocks; ++i) {
      const double w = side(rng), h = side(rng), a = angle(rng);
      // Keep the rotated rectangle inside its block (half-diagonal margin).
      const double r = 0.5 * std::hypot(w, h);
      const double span = std::max(block_m - 2 * r, 0.0);
      const double cx = i * block_m + (block_m - span) / 2 + span * u01(rng);
      const double cy = j * block_m + (block_m - span) / 2 + span * u01(rng);
      Polygon2 p;
      const double c = std::cos(a), s = std::sin(a);
      for (const auto& [x, y] :
           {std::pair{-0.5, -0.5}, {-0.5, 0.5}, {0.5, 0.5}, {0.5, -0.5}, {-0.5, -0.5}}) {
        bg::append(p.outer(), Point2(cx + c * x * w - s * y * h, cy + s * x * w + c * y * h));
      }
      bg::correct(p);
      Building b;
      b.id = std::to_string(bs->size());
      b.footprint = p;
      b.height_m = height(rng);
      b.material = (i + j) % 3 == 0 ? 5 : 1;  // glass or concrete
      bs->push_back(b);
    }
  }
  return bs;
}

struct Scene {
  std::shared_ptr<const Buildings> buildings;
  double size_m;
};

const Scene& scene(int which) {
  static const Scene campus{make_scene(1, 10, 100.0, 20, 60), 1000.0};
  static const Scene district{make_scene(2, 45, 1500.0 / 45, 10, 25), 1500.0};
  return which == 0 ? campus : district;
}

void BM_RayArea(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  const int stride = static_cast<int>(state.range(2));
  const bool hilly = state.range(3) != 0;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Scene& sc = scene(which);
  const TerrainLattice lattice{{-10, -10, sc.size_m + 10, sc.size_m + 10}, 10};
  SyntheticTerrainParams hills;
  hills.seed = 7;
  hills.relief_m = 30;
  hills.wavelength_m = 400;
  hills.modes = 32;
  const TerrainGrid terrain =
      hilly ? make_synthetic_terrain(lattice, hills) : make_flat_terrain(lattice, 0);
  // On the hills each building stands on the terrain under its centroid (as the scenario
  // reader places them).
  std::shared_ptr<const Buildings> buildings = sc.buildings;
  if (hilly) {
    auto standing = std::make_shared<Buildings>(*sc.buildings);
    for (Building& b : *standing) {
      Point2 c(0, 0);
      bg::centroid(b.footprint, c);
      b.base_z_m = terrain.elevation_m(c.x(), c.y());
    }
    buildings = standing;
  }
  ModelConfig cfg;
  cfg.name = "ray-2.5d";
  cfg.buildings = buildings;
  cfg.ray.max_reflections = 2;
  // District: the search ellipse is narrowed (50 m excess path instead of 300 m), else a
  // 700 m link would consider ~4000 walls and ~10^7 wall pairs.
  const double excess_m = which == 0 ? 300.0 : 50.0;
  cfg.ray.max_path_excess_m = excess_m;
  auto model = make_path_loss_model(cfg);
  // Sub-grid of the 2 m study grid: every stride-th cell centre; over the whole scene, or over
  // a square window of that side around the scene's centre.
  const double window_m = state.range(4) > 0 ? static_cast<double>(state.range(4)) : sc.size_m;
  StudyGrid grid;
  grid.cell_m = 2.0 * stride;
  grid.x0_m = 0.5 * (sc.size_m - window_m);
  grid.y0_m = grid.x0_m;
  grid.nx = static_cast<int>(window_m / grid.cell_m);
  grid.ny = grid.nx;
  grid.heights_m = {1.5};
  // Transmitter at the centre of a street crossing (outside every building).
  BuildingIndex index(buildings);
  double tx_x = sc.size_m / 2, tx_y = sc.size_m / 2;
  while (index.containing(tx_x, tx_y) >= 0) tx_x += 1.0;
  const Transmitter tx{tx_x, tx_y, 25.0, 3.5e9};
  std::vector<float> loss(grid.cells());
  std::vector<std::uint8_t> mech(grid.cells());
  // Rays per sweep, counted once outside the timing with the model function itself.
  ray::Options opt;
  opt.max_reflections = 2;
  opt.max_path_excess_m = excess_m;
  double rays = 0;
  for (int iy = 0; iy < grid.ny; ++iy) {
    for (int ix = 0; ix < grid.nx; ++ix) {
      const double x = grid.x(ix), y = grid.y(iy);
      const double d = std::max(std::hypot(x - tx.x_m, y - tx.y_m), kMinLinkDistance_m);
      rays += ray::trace(index, opt, tx.freq_Hz, d,
                         {tx.x_m, tx.y_m, terrain.elevation_m(tx.x_m, tx.y_m), tx.h_m},
                         {x, y, terrain.elevation_m(x, y), 1.5}, &terrain)
                  .rays;
    }
  }
  for (auto _ : state) {
    // A new model (a new scene index) each sweep, built outside the timing, so that the
    // timing includes what the ray model derives once per transmitter (its visibility view).
    state.PauseTiming();
    model = make_path_loss_model(cfg);
    const AreaContext ctx{grid, terrain, *model, 10.0};
    state.ResumeTiming();
    compute_area(tx, nullptr, ctx, {loss, {}, mech});
    benchmark::DoNotOptimize(loss.data());
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["cells/s"] =
      benchmark::Counter(n * static_cast<double>(grid.cells()), benchmark::Counter::kIsRate);
  state.counters["rays/s"] = benchmark::Counter(n * rays, benchmark::Counter::kIsRate);
  state.counters["rays/cell"] = rays / static_cast<double>(grid.cells());
  state.counters["cells"] = static_cast<double>(grid.cells());
  state.counters["buildings"] = static_cast<double>(sc.buildings->size());
  int counts[5] = {0, 0, 0, 0, 0};
  for (const std::uint8_t m : mech) ++counts[std::min<int>(m, 4)];
  state.counters["LoS%"] = 100.0 * counts[1] / static_cast<double>(grid.cells());
  state.counters["refl%"] = 100.0 * counts[2] / static_cast<double>(grid.cells());
  state.counters["diffr%"] = 100.0 * counts[3] / static_cast<double>(grid.cells());
  state.counters["trans%"] = 100.0 * counts[4] / static_cast<double>(grid.cells());
  state.SetLabel(std::string(which == 0 ? "campus" : "district") + (hilly ? ", hills" : ""));
}

// {scene, threads, stride, hills, window}: campus at 10 m (stride 5) and district at 50 m
// (stride 25); the district again at 20 m (stride 10, 5,625 cells), where the once-per-
// transmitter work of the model weighs less; the campus and the district at 50 m on hills; the
// full 2 m grids of issue 16's targets on 2 threads: the campus's 1 km² (250,000 cells), the
// district's central 1 km² (window 1000 m, 250,000 cells) and its whole 2.25 km² (562,500); the
// district's central 1 km² on one thread at 10 m and 4 m (10,000 and 62,500 cells).
BENCHMARK(BM_RayArea)
    ->Args({0, 1, 5, 0, 0})
    ->Args({0, 2, 5, 0, 0})
    ->Args({1, 1, 25, 0, 0})
    ->Args({1, 2, 25, 0, 0})
    ->Args({1, 1, 10, 0, 0})
    ->Args({0, 1, 5, 1, 0})
    ->Args({1, 1, 25, 1, 0})
    ->Args({0, 2, 1, 0, 0})
    ->Args({1, 2, 1, 0, 1000})
    ->Args({1, 2, 1, 0, 0})
    ->Args({1, 1, 5, 0, 1000})
    ->Args({1, 1, 2, 0, 1000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_BuildingIndexBlocked(benchmark::State& state) {
  const Scene& sc = scene(static_cast<int>(state.range(0)));
  const BuildingIndex index(sc.buildings);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> pos(0, sc.size_m);
  std::vector<Segment3> segs(4096);
  for (Segment3& s : segs) s = {pos(rng), pos(rng), 25, pos(rng), pos(rng), 1.5};
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    hits += index.blocked(segs[i++ & 4095]);
  }
  benchmark::DoNotOptimize(hits);
  state.counters["tests/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildingIndexBlocked)->Arg(0)->Arg(1);

}  // namespace

// The area engine: cells per second for each model at 1 and 2 threads (250 x 250 cells of 10 m,
// transmitter in the centre, synthetic hills, a 3GPP sector antenna), against a plain streaming
// write of the same output (the memory-bound ceiling).
//
// BM_AreaTerrainModels is the side-by-side case of the terrain models (10 km x 10 km of 20 m
// cells, 250,000 receivers 1.5 m above 0-800 m synthetic terrain, transmitter 30 m above ground
// in the centre, 4.7 GHz, profile step 25 m, loss only): points/s per model and thread count.
// BM_AreaTerrainModelsRadial: the same with the radial engine, and its differences from exact.
//
//   build/release/bench/engine_bench --benchmark_counters_tabular=true
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/terrain.h"
#include "sim/p2p/p452.h"

namespace {

using namespace akichi::prop;

struct Fixture {
  StudyGrid grid;
  TerrainGrid terrain;
  Fixture() {
    grid.x0_m = 400000;
    grid.y0_m = 3900000;
    grid.cell_m = 10;
    grid.nx = 250;
    grid.ny = 250;
    grid.heights_m = {1.5};
    SyntheticTerrainParams p;
    p.seed = 3;
    p.relief_m = 120;
    p.wavelength_m = 1500;
    const Extent e = grid.extent();
    terrain = make_synthetic_terrain(
        {{e.xmin_m - 20, e.ymin_m - 20, e.xmax_m + 20, e.ymax_m + 20}, 10}, p);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

constexpr int kModels = 10;

ModelConfig model_config(int which) {
  ModelConfig c;
  switch (which) {
    case 0:
      c.name = "free_space";
      break;
    case 1:
      c.name = "tr38901";
      c.scenario = "UMa";
      c.los_mode = LosMode::Probabilistic;
      break;
    case 2:
      c.name = "tr38901";
      c.scenario = "UMa";
      c.los_mode = LosMode::Terrain;
      break;
    case 3:
      c.name = "p526";
      break;
    case 4:
      c.name = "p452-18";
      break;
    case 5:
      c.name = "p1812";
      break;
    case 6:
      c.name = "itm";
      break;
    case 7:
      c.name = "ehata-ntia";
      break;
    case 8:
      c.name = "extended-hata";
      break;
    default:
      c.name = "p1411";
      break;
  }
  return c;
}

const char* model_label(int which) {
  static const char* names[kModels] = {
      "free_space", "tr38901_UMa_prob", "tr38901_UMa_terrain", "p526", "p452-18", "p1812",
      "itm",        "ehata-ntia",       "extended-hata",       "p1411"};
  return names[which];
}

// One transmitter over the whole grid; with_gain adds the 3GPP sector pattern.
void run_area_benchmark(benchmark::State& state, bool with_gain) {
  const int which = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Fixture& f = fixture();
  const auto model = make_path_loss_model(model_config(which));
  AntennaConfig ac;
  ac.type = "3gpp_sector";
  ac.gain_dBi = 8;
  ac.azimuth_deg = 30;
  ac.downtilt_deg = 5;
  const auto antenna = make_antenna(ac);
  const AreaContext ctx{f.grid, f.terrain, *model, 10.0};
  const Transmitter tx{f.grid.x(f.grid.nx / 2), f.grid.y(f.grid.ny / 2), 25.0, 4.85e9};
  std::vector<float> loss(f.grid.cells()), gain(with_gain ? f.grid.cells() : 0);
  for (auto _ : state) {
    compute_area(tx, with_gain ? antenna.get() : nullptr, ctx, {loss, gain});
    benchmark::DoNotOptimize(loss.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(model_label(which));
  state.counters["cells/s"] = benchmark::Counter(static_cast<double>(f.grid.cells()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] = threads;
}

void BM_AreaEngine(benchmark::State& state) {
  run_area_benchmark(state, true);
}
BENCHMARK(BM_AreaEngine)
    ->ArgsProduct({benchmark::CreateDenseRange(0, kModels - 1, 1), {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same without the transmit-antenna pattern: the cost of the model and the loop alone.
void BM_AreaEngineLossOnly(benchmark::State& state) {
  run_area_benchmark(state, false);
}
BENCHMARK(BM_AreaEngineLossOnly)
    ->ArgsProduct({{0, 1, 8}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The terrain models on the side-by-side case (see the file comment).
struct TerrainModelsFixture {
  StudyGrid grid;
  TerrainGrid terrain;
  TerrainModelsFixture() {
    grid.x0_m = 400000;
    grid.y0_m = 3900000;
    grid.cell_m = 20;
    grid.nx = 500;
    grid.ny = 500;
    grid.heights_m = {1.5};
    SyntheticTerrainParams p;
    p.seed = 15;
    p.base_m = 0;
    p.relief_m = 800;
    p.wavelength_m = 3000;
    const Extent e = grid.extent();
    terrain = make_synthetic_terrain(
        {{e.xmin_m - 40, e.ymin_m - 40, e.xmax_m + 40, e.ymax_m + 40}, 20}, p);
  }
};

const TerrainModelsFixture& terrain_models() {
  static const TerrainModelsFixture f;
  return f;
}

/// One transmitter of the case, its model and the losses of its last timed run.
struct TerrainModelRun {
  int which = 0;  ///< the model_config() index
  std::unique_ptr<PathLossModel> model;
  Transmitter tx;
  std::vector<float> loss;
};

/// Times compute_area() of the case's transmitter over `grid` (the case's, or the same with
/// other heights) with the terrain model state.range(0) (p452-18, p1812, itm, p526), profile
/// step `step_m` and `engine`, on the threads the caller allows; labels the model and counts
/// the links (cells x heights) per second.
TerrainModelRun time_terrain_model(benchmark::State& state, const StudyGrid& grid, double step_m,
                                   AreaEngine engine = AreaEngine::Exact) {
  static const int models[] = {4, 5, 6, 3};  // p452-18, p1812, itm, p526
  TerrainModelRun run;
  run.which = models[state.range(0)];
  run.model = make_path_loss_model(model_config(run.which));
  run.tx = Transmitter{grid.x(grid.nx / 2), grid.y(grid.ny / 2), 30.0, 4.7e9};
  run.loss.resize(grid.heights_m.size() * grid.cells());
  const AreaContext ctx{grid, terrain_models().terrain, *run.model, step_m, engine};
  for (auto _ : state) {
    compute_area(run.tx, nullptr, ctx, {run.loss, {}});
    benchmark::DoNotOptimize(run.loss.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(model_label(run.which));
  state.counters["points/s"] = benchmark::Counter(static_cast<double>(run.loss.size()),
                                                  benchmark::Counter::kIsIterationInvariantRate);
  return run;
}

void BM_AreaTerrainModels(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  time_terrain_model(state, terrain_models().grid, 25.0);
  state.counters["threads"] = threads;
}
BENCHMARK(BM_AreaTerrainModels)
    ->ArgsProduct({{0, 1, 2, 3}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same case at two receiver heights (1.5 m and 10 m, 500,000 links): a cell's profile is
// extracted once for both.
void BM_AreaTerrainModelsTwoHeights(benchmark::State& state) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
  StudyGrid grid = terrain_models().grid;
  grid.heights_m = {1.5, 10.0};
  time_terrain_model(state, grid, 25.0);
}
BENCHMARK(BM_AreaTerrainModelsTwoHeights)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The floor of any engine that carries the profile's state along radials (issue 15's radial
// target): the same case with every profile reduced to its ends and a midpoint (profile step
// 5 km: 2 or 3 points), so that what is left per cell is the link's set-up and the model's
// evaluation, which such an engine still pays once per cell.
void BM_AreaTerrainModelsFloor(benchmark::State& state) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
  time_terrain_model(state, terrain_models().grid, 5000.0);
}
BENCHMARK(BM_AreaTerrainModelsFloor)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same case with the radial engine ([propagation] engine = "radial"), and its accuracy:
// the median, 95th percentile and maximum of |radial - exact| over the 250,000 cells (dL_*,
// dB), from one exact run per model outside the timed loop.
void BM_AreaTerrainModelsRadial(benchmark::State& state) {
  const TerrainModelsFixture& f = terrain_models();
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const TerrainModelRun run = time_terrain_model(state, f.grid, 25.0, AreaEngine::Radial);
  const std::vector<float>& loss = run.loss;
  const Transmitter& tx = run.tx;
  const auto& model = run.model;
  {
    std::vector<float> exact(f.grid.cells());
    compute_area(tx, nullptr, AreaContext{f.grid, f.terrain, *model, 25.0}, {exact, {}});
    std::vector<double> diff;
    diff.reserve(exact.size());
    for (std::size_t i = 0; i < exact.size(); ++i) {
      if (std::isnan(exact[i]) && std::isnan(loss[i])) continue;
      diff.push_back(std::abs(static_cast<double>(loss[i]) - exact[i]));
    }
    std::sort(diff.begin(), diff.end());
    const auto at = [&](double q) {
      return diff[static_cast<std::size_t>(q * static_cast<double>(diff.size() - 1))];
    };
    state.counters["dL_med"] = at(0.5);
    state.counters["dL_p95"] = at(0.95);
    state.counters["dL_max"] = diff.back();
  }
  state.counters["threads"] = threads;
}
BENCHMARK(BM_AreaTerrainModelsRadial)
    ->ArgsProduct({{0, 1, 2, 3}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The radial engine's accuracy on terrain made of the ITU-R WP 3M validation profiles of
// P.452-18 (tests/data/itu-r-p452-18): each profile, resampled linearly at 50 m, extruded across
// its path (z(x, y) = h(x)), the transmitter 30 m above its first point, 200 x 25 cells of
// L / 200 from it along the profile and L / 8 across, receivers 1.5 m above ground, 2 GHz,
// profile step 50 m. The counters are the median, 95th percentile and maximum of |radial -
// exact| over the cells of the four terrains together (dB); one run, untimed in substance.
void BM_RadialAccuracyItuTerrains(benchmark::State& state) {
  static const int models[] = {4, 5, 6, 3};  // p452-18, p1812, itm, p526
  const int which = models[state.range(0)];
  const auto model = make_path_loss_model(model_config(which));
  std::vector<double> diff;
  for (auto _ : state) {
    diff.clear();
    for (const char* name : {"land_70km", "rburg_rural_no_clutter", "cebreros_3995_no_clutter",
                             "b2iseac_land_eqdist_no_clutter"}) {
      const auto profile = akichi::sim::p2p::read_p452_profile(
          std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p452-18/profiles/test_profile_" + name +
          ".csv");
      const double length_m = profile.d_km.back() * 1e3;
      constexpr double kNode = 50;
      const int nx = static_cast<int>(std::ceil(length_m / kNode)) + 1;
      StudyGrid grid;
      grid.cell_m = length_m / 200;
      grid.nx = 200;
      grid.ny = 25;
      grid.x0_m = 0;
      grid.y0_m = -12.5 * grid.cell_m;
      grid.heights_m = {1.5};
      const int ny = static_cast<int>(std::ceil(grid.ny * grid.cell_m / kNode)) + 3;
      std::vector<float> z(static_cast<std::size_t>(nx) * ny);
      std::size_t k = 0;
      for (int i = 0; i < nx; ++i) {
        const double d_km = std::min(i * kNode, length_m) * 1e-3;
        while (k + 2 < profile.d_km.size() && profile.d_km[k + 1] < d_km) ++k;
        const double t = std::clamp(
            (d_km - profile.d_km[k]) / (profile.d_km[k + 1] - profile.d_km[k]), 0.0, 1.0);
        const double h = profile.h_m[k] + t * (profile.h_m[k + 1] - profile.h_m[k]);
        for (int j = 0; j < ny; ++j)
          z[static_cast<std::size_t>(j) * nx + i] = static_cast<float>(h);
      }
      const TerrainGrid terrain(0, grid.y0_m - kNode, kNode, nx, ny, std::move(z));
      const Transmitter tx{0, 0, 30.0, 2e9};
      std::vector<float> exact(grid.cells()), radial(grid.cells());
      compute_area(tx, nullptr, AreaContext{grid, terrain, *model, kNode}, {exact, {}});
      compute_area(tx, nullptr, AreaContext{grid, terrain, *model, kNode, AreaEngine::Radial},
                   {radial, {}});
      for (std::size_t i = 0; i < exact.size(); ++i) {
        if (std::isnan(exact[i]) && std::isnan(radial[i])) continue;
        diff.push_back(std::abs(static_cast<double>(radial[i]) - exact[i]));
      }
    }
  }
  std::sort(diff.begin(), diff.end());
  const auto at = [&](double q) {
    return diff[static_cast<std::size_t>(q * static_cast<double>(diff.size() - 1))];
  };
  state.counters["dL_med"] = at(0.5);
  state.counters["dL_p95"] = at(0.95);
  state.counters["dL_max"] = diff.back();
  state.counters["cells"] = static_cast<double>(diff.size());
  state.SetLabel(model_label(which));
}
BENCHMARK(BM_RadialAccuracyItuTerrains)
    ->DenseRange(0, 3)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// Ceiling: writing two float tensors of the same size (loss + gain), no model at all.
void BM_StreamingWrite(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Fixture& f = fixture();
  std::vector<float> loss(f.grid.cells()), gain(f.grid.cells());
  float v = 0;
  for (auto _ : state) {
    v += 1;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, loss.size(), 8192),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        std::fill(loss.begin() + r.begin(), loss.begin() + r.end(), v);
                        std::fill(gain.begin() + r.begin(), gain.begin() + r.end(), v);
                      });
    benchmark::DoNotOptimize(loss.data());
    benchmark::ClobberMemory();
  }
  state.counters["cells/s"] = benchmark::Counter(static_cast<double>(f.grid.cells()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_StreamingWrite)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

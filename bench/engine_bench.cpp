// The area engine: cells per second for each model at 1 and 2 threads (250 x 250 cells of 10 m,
// transmitter in the centre, synthetic hills, a 3GPP sector antenna), against a plain streaming
// write of the same output (the memory-bound ceiling).
//
// BM_AreaTerrainModels is the side-by-side case of the terrain models (10 km x 10 km of 20 m
// cells, 250,000 receivers 1.5 m above 0-800 m synthetic terrain, transmitter 30 m above ground
// in the centre, 4.7 GHz, profile step 25 m, loss only): points/s per model and thread count.
//
//   build/release/bench/engine_bench --benchmark_counters_tabular=true
#include <algorithm>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/terrain.h"

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

void BM_AreaTerrainModels(benchmark::State& state) {
  static const TerrainModelsFixture f;
  static const int models[] = {4, 5, 6, 3};  // p452-18, p1812, itm, p526
  const int which = models[state.range(0)];
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const auto model = make_path_loss_model(model_config(which));
  const AreaContext ctx{f.grid, f.terrain, *model, 25.0};
  const Transmitter tx{f.grid.x(f.grid.nx / 2), f.grid.y(f.grid.ny / 2), 30.0, 4.7e9};
  std::vector<float> loss(f.grid.cells());
  for (auto _ : state) {
    compute_area(tx, nullptr, ctx, {loss, {}});
    benchmark::DoNotOptimize(loss.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(model_label(which));
  state.counters["points/s"] = benchmark::Counter(static_cast<double>(f.grid.cells()),
                                                  benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] = threads;
}
BENCHMARK(BM_AreaTerrainModels)
    ->ArgsProduct({{0, 1, 2, 3}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

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

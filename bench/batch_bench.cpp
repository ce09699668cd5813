// Batch runs of a sweep: wall time of the 16 variants of bench/scenarios/sweep16.toml (one
// station's height x two stations' power) at 1 and 2 threads, with the tensor cache (each station
// tensor computed once for all the variants that share its inputs) and without it (cache budget 0:
// every variant computes every station), writing the batch file as `akichi run` does.
//
//   build/release/bench/batch_bench --benchmark_counters_tabular=true
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "sim/batch/batch_run.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"

namespace {

using namespace akichi::sim;

void BM_SweepBatch(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const bool cache = state.range(1) != 0;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  const std::string path = std::string(AKICHI_SOURCE_DIR) + "/bench/scenarios/sweep16.toml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const Sweep sweep = *read_sweep(text.str(), path);
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / "akichi-batch-bench" / "sweep.h5";
  batch::BatchOptions opt;
  opt.output = out.string();
  opt.threads = threads;
  opt.cache_bytes = cache ? std::size_t{2} << 30 : 0;
  SilentProgress quiet;
  batch::BatchReport r;
  for (auto _ : state) r = batch::run_batch(path, text.str(), sweep, opt, quiet);
  state.counters["variants"] = static_cast<double>(r.run);
  state.counters["tensors_computed"] = static_cast<double>(r.cache.misses + r.cache.uncacheable);
  state.counters["tensors_reused"] = static_cast<double>(r.cache.hits);
  state.counters["variants_per_s"] =
      benchmark::Counter(static_cast<double>(r.run), benchmark::Counter::kIsIterationInvariantRate);
  std::filesystem::remove_all(out.parent_path());
}

}  // namespace

BENCHMARK(BM_SweepBatch)
    ->ArgNames({"threads", "cache"})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(3);

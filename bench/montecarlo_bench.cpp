// Monte Carlo aggregate interference (sim/analysis/montecarlo.h) once the path losses are known:
// 100 protected receivers, each reached by 100 of 400 interferers, 2,000 trials (20 million
// interferer-to-receiver link evaluations per run, statistics included).
//   (a) lognormal shadowing (σ = 8 dB) on every link, every interferer active;
//   (b) the same with activity factors (0.25 to 1) and a quarter of the links quasi-synchronous
//       TDD (collision 0.3): links of inactive interferers are skipped after one draw;
//   (c) P.2109-2 building entry loss drawn on every link besides the shadowing.
// At 1 and 2 threads; `links_per_s` counts every link of every trial.
//
//   build/release/bench/montecarlo_bench --benchmark_counters_tabular=true
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "sim/analysis/montecarlo.h"

namespace {

using namespace akichi::sim;

constexpr std::size_t kReceivers = 100, kSources = 400, kLinksPerReceiver = 100, kTrials = 2000;

enum class Variant { Shadowing, Activity, EntryLoss };

MonteCarloInput input(Variant v) {
  MonteCarloInput in;
  for (std::size_t s = 0; s < kSources; ++s)
    in.source_activity.push_back(v == Variant::Activity ? 0.25 + 0.25 * (s % 4) : 1.0);
  LossStatistic bel;
  if (v == Variant::EntryLoss) {
    bel.kind = LossStatistic::Kind::P2109;
    bel.f_GHz = 4.8;
  }
  for (std::size_t r = 0; r < kReceivers; ++r) {
    in.add_target(r, -100.0, -106.0, -75.0);
    for (std::size_t l = 0; l < kLinksPerReceiver; ++l) {
      const auto s = static_cast<std::uint32_t>((r * 37 + l * 3) % kSources);
      const double collision = v == Variant::Activity && l % 4 == 0 ? 0.3 : 1.0;
      in.add_link(s, -125.0 - static_cast<double>((r + l) % 20), collision, 8.0, bel);
    }
  }
  return in;
}

void BM_MonteCarlo(benchmark::State& state, Variant v) {
  const tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                               static_cast<std::size_t>(state.range(0)));
  const MonteCarloInput in = input(v);
  MonteCarloSettings st;
  st.max_trials = kTrials;
  st.batch_trials = 1000;
  st.target_width = 0.0;  // run to the cap
  st.criteria.c_over_i = true;
  st.criteria.c_over_i_dB = 20.0;
  for (auto _ : state) {
    const MonteCarloResult res = run_montecarlo(in, st);
    benchmark::DoNotOptimize(res.targets.front().mean_mW);
  }
  state.counters["links_per_s"] =
      benchmark::Counter(static_cast<double>(kTrials * kReceivers * kLinksPerReceiver) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_MonteCarlo, shadowing, Variant::Shadowing)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_MonteCarlo, activity_tdd, Variant::Activity)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_MonteCarlo, entry_loss, Variant::EntryLoss)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

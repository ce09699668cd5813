// The vacancy reduction: (cell x height x term x channel x distinct active set) evaluations per
// second at 1 and 2 threads, against a plain streaming read of the same coupling tensors (the
// memory-bandwidth reference the reduction is measured by).
//
// Sizes: 400 x 400 cells x 2 heights, 24 database stations (16 protected receivers, 8
// transmitters), 30 channels (4.6-4.9 GHz in 10 MHz), 4 distinct active sets.
//
//   build/release/bench/vacancy_bench --benchmark_counters_tabular=true
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include "sim/analysis/vacancy.h"

namespace {

using namespace akichi::sim;

constexpr std::size_t kCells = 400 * 400, kHeights = 2, kStations = 24, kReceivers = 16,
                      kChannels = 30, kSets = 4;

struct Fixture {
  std::vector<std::vector<float>> tensors;
  std::vector<std::span<const float>> views;
  std::vector<ActiveSet> sets;
  VacancyParams params;
  Fixture() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> k(-160.0f, -60.0f);
    tensors.resize(kStations);
    for (auto& t : tensors) {
      t.resize(kCells * kHeights);
      for (float& v : t) v = k(rng);
      views.emplace_back(t);
    }
    // Set s: receivers with index % kSets != s are on (3/4 of them), every transmitter.
    for (std::size_t s = 0; s < kSets; ++s) {
      ActiveSet set;
      for (std::size_t i = 0; i < kStations; ++i) {
        std::vector<double> terms(kChannels);
        for (std::size_t c = 0; c < kChannels; ++c) terms[c] = -110.0 + 3.0 * ((c + i) % 11);
        if (i < kReceivers) {
          if (i % kSets != s) set.receivers.push_back({static_cast<int>(i), terms});
        } else {
          for (double& b : terms) b += 150.0;
          set.transmitters.push_back({static_cast<int>(i), terms});
        }
      }
      sets.push_back(std::move(set));
    }
    params.max_eirp_dBm = 40.0;
    params.min_useful_eirp_dBm = 0.0;
    params.newcomer_limit_dBm.assign(kChannels, -95.0);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

void BM_Vacancy(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const Fixture& f = fixture();
  for (auto _ : state) {
    VacancyCube cube = compute_vacancy(f.views, kHeights, kCells, f.sets, kChannels, f.params);
    benchmark::DoNotOptimize(cube.max_eirp_dBm.data());
  }
  const double evals =
      static_cast<double>(vacancy_evaluations(f.sets, kChannels, kHeights, kCells));
  state.counters["evals/s"] = benchmark::Counter(evals * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
  state.counters["tensor_GB/s"] =
      benchmark::Counter(static_cast<double>(kStations * kCells * kHeights * sizeof(float)) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Vacancy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The reference: one plain read of every coupling tensor (a parallel sum).
void BM_StreamingRead(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const Fixture& f = fixture();
  for (auto _ : state) {
    float total = 0;
    for (const auto& t : f.views) {
      total += tbb::parallel_reduce(
          tbb::blocked_range<std::size_t>(0, t.size()), 0.0f,
          [&](const tbb::blocked_range<std::size_t>& r, float acc) {
            for (std::size_t i = r.begin(); i != r.end(); ++i) acc += t[i];
            return acc;
          },
          [](float a, float b) { return a + b; });
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["tensor_GB/s"] =
      benchmark::Counter(static_cast<double>(kStations * kCells * kHeights * sizeof(float)) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamingRead)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

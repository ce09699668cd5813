// The vacancy reduction: (cell x height x term x channel x distinct active set) evaluations per
// second at 1 and 2 threads, against the memory bandwidth references the reduction is measured
// by: a vectorised read of the same coupling tensors (what it reads) and the writing of a
// buffer the size of its cube (what it writes).
//
// Sizes: 400 x 400 cells x 2 heights, 24 database stations (16 protected receivers, 8
// transmitters), 30 channels (4.6-4.9 GHz in 10 MHz), 4 distinct active sets.
//
//   export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
//   build/release/bench/vacancy_bench --benchmark_counters_tabular=true
//
// The tunable is what `akichi` runs with (sim/cli/main.cpp): without it the cube's first touch,
// page by page, is most of BM_Vacancy's time on a virtual machine (bench/RESULTS.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
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

/// The reduction with its AVX2 kernel where the CPU has it (avx2 = true) or its portable kernel.
void run_vacancy(benchmark::State& state, bool avx2) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const Fixture& f = fixture();
  VacancyParams params = f.params;
  params.allow_avx2 = avx2;
  for (auto _ : state) {
    VacancyCube cube = compute_vacancy(f.views, kHeights, kCells, f.sets, kChannels, params);
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

void BM_Vacancy(benchmark::State& state) {
  run_vacancy(state, true);
}
BENCHMARK(BM_Vacancy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Sets that differ in their transmitters alone (set s: the transmitters with index % kSets !=
/// s on, every receiver on), the other case of a schedule: each channel's receivers are reduced
/// once and their maximum EIRP and binding shared by the four sets.
void BM_VacancyTransmitterSets(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const Fixture& f = fixture();
  std::vector<ActiveSet> sets(kSets);
  for (std::size_t s = 0; s < kSets; ++s) {
    for (const ActiveSet& g : f.sets) {  // every receiver that is on in some set, once
      for (const VacancyReceiver& r : g.receivers) {
        if (std::ranges::none_of(sets[s].receivers,
                                 [&](const VacancyReceiver& x) { return x.station == r.station; }))
          sets[s].receivers.push_back(r);
      }
    }
    std::ranges::sort(sets[s].receivers, {}, &VacancyReceiver::station);
    for (const VacancyTransmitter& t : f.sets[0].transmitters) {
      if (static_cast<std::size_t>(t.station) % kSets != s) sets[s].transmitters.push_back(t);
    }
  }
  for (auto _ : state) {
    VacancyCube cube = compute_vacancy(f.views, kHeights, kCells, sets, kChannels, f.params);
    benchmark::DoNotOptimize(cube.max_eirp_dBm.data());
  }
  state.counters["evals/s"] = benchmark::Counter(
      static_cast<double>(vacancy_evaluations(sets, kChannels, kHeights, kCells)) *
          static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VacancyTransmitterSets)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The portable kernel (what a CPU without AVX2 runs): the same bits.
void BM_VacancyPortable(benchmark::State& state) {
  run_vacancy(state, false);
}
BENCHMARK(BM_VacancyPortable)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The best-azimuth search of a directional candidate over 6 azimuths (60-degree steps): six
/// reductions, each folded into the best cube. The tensors are not turned between azimuths
/// (candidate_coupling() is not what is measured), so every element keeps the first azimuth's
/// values; the work per azimuth is a reduction into the reused cube and a fold.
void BM_VacancyBestAzimuth(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const Fixture& f = fixture();
  constexpr int kAzimuths = 6;
  for (auto _ : state) {
    VacancyCube cube = best_azimuth_vacancy(
        kAzimuths, 60.0, [](double) {}, f.views, kHeights, kCells, f.sets, kChannels, f.params);
    benchmark::DoNotOptimize(cube.max_eirp_dBm.data());
  }
  const double evals =
      static_cast<double>(vacancy_evaluations(f.sets, kChannels, kHeights, kCells)) * kAzimuths;
  state.counters["evals/s"] = benchmark::Counter(evals * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VacancyBestAzimuth)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// One read of every coupling tensor as a sum with one accumulator: the additions form one
/// dependent chain (a float sum is not reordered without -ffast-math), so this measures the
/// add's latency, not the memory: kept for comparison with the figures recorded before
/// BM_StreamingReadVector.
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

/// A sum of `t` with 32 independent accumulators, which the compiler keeps in vector registers
/// (4 AVX2 or 8 SSE2 registers of independent sums), so the loop is limited by the loads, not
/// by an addition's latency.
float lanes_sum(std::span<const float> t) {
  constexpr std::size_t kLanes = 32;
  using Lanes = std::array<float, kLanes>;
  const Lanes sums = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, t.size() / kLanes), Lanes{},
      [&](const tbb::blocked_range<std::size_t>& r, Lanes acc) {
        const float* p = t.data() + r.begin() * kLanes;
        for (std::size_t b = r.begin(); b != r.end(); ++b, p += kLanes)
          for (std::size_t k = 0; k < kLanes; ++k) acc[k] += p[k];
        return acc;
      },
      [](Lanes a, const Lanes& b) {
        for (std::size_t k = 0; k < kLanes; ++k) a[k] += b[k];
        return a;
      });
  float total = 0;
  for (float v : sums) total += v;
  for (std::size_t i = t.size() / kLanes * kLanes; i < t.size(); ++i) total += t[i];
  return total;
}

/// The read rate of the reduction's own input: the 24 coupling tensors (30.7 MB) read as by
/// lanes_sum(). They fit in this machine's 32 MiB L3 cache, as in the reduction.
void BM_StreamingReadVector(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const Fixture& f = fixture();
  for (auto _ : state) {
    float total = 0;
    for (const auto& t : f.views) total += lanes_sum(t);
    benchmark::DoNotOptimize(total);
  }
  state.counters["tensor_GB/s"] =
      benchmark::Counter(static_cast<double>(kStations * kCells * kHeights * sizeof(float)) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamingReadVector)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The memory's read bandwidth: 512 MiB, far beyond any cache, read as by lanes_sum().
void BM_MemoryReadVector(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  static const std::vector<float> big(std::size_t{128} << 20, 1.0f);
  for (auto _ : state) benchmark::DoNotOptimize(lanes_sum(big));
  state.counters["GB/s"] = benchmark::Counter(
      static_cast<double>(big.size() * sizeof(float)) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MemoryReadVector)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The write bandwidth the reduction's output needs: a new buffer of the cube's size (11 bytes
/// per set, channel, height and cell: 422 MB here) allocated and filled in parallel, its pages
/// touched first as the cube's are.
void BM_StreamingWriteCube(benchmark::State& state) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const std::size_t bytes = 11 * kSets * kChannels * kHeights * kCells;
  for (auto _ : state) {
    std::unique_ptr<std::uint8_t[]> out(new std::uint8_t[bytes]);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, bytes, 1 << 20),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        std::memset(out.get() + r.begin(), 1, r.size());
                      });
    benchmark::DoNotOptimize(out.get());
    benchmark::ClobberMemory();
  }
  state.counters["cube_GB/s"] =
      benchmark::Counter(static_cast<double>(bytes) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamingWriteCube)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

// ITU-R P.452-18 over every case of the WP 3M validation set (tests/data/itu-r-p452-18:
// 12 profiles x 35 rows = 420 cases), single thread. Reported: mean time per case.
//   BM_P452_FullPerCase     profile analysis + all sub-models for every case (nothing reused
//                           between cases except the per-thread P.676 line-strength cache),
//                           with the AVX2 kernel when the CPU has AVX2;
//   BM_P452_FullPerCaseSse2 the same with the 2-lane SSE2 kernel;
//   BM_P452_SharedAnalysis  one profile analysis per link (the 35 rows of a file share the
//                           profile, antennas, dN and atmosphere), then every (f, p, pol) case.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "propagation/models/itu_r_p452_18.h"
#include "sim/input/csv.h"
#include "sim/p2p/p452.h"

namespace {

namespace m = akichi::prop::p452_18;
namespace p2p = akichi::sim::p2p;

struct Set {
  p2p::P452Profile profile;
  std::vector<p2p::P452Case> cases;
};

const std::vector<Set>& sets() {
  static const std::vector<Set> all = [] {
    const std::string dir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p452-18/";
    std::vector<Set> v;
    for (const char* name :
         {"b2iseac_eqdist", "b2iseac_eqdist_no_clutter", "b2iseac_land_eqdist_no_clutter",
          "cebreros_3995_no_clutter", "flat_land_1000km", "flat_land_100km", "flat_land_5km",
          "flat_land_5km_Dense_Suburban", "flat_land_5km_Dense_Urban", "land_70km",
          "rburg_rural_no_clutter", "tropo_7001"}) {
      v.emplace_back();
      v.back().profile = p2p::read_p452_profile(dir + "profiles/test_profile_" + name + ".csv");
    }
    std::size_t k = 0;
    for (const char* name :
         {"b2iseac_eqdist", "b2iseac_eqdist_no_clutter", "b2iseac_land_eqdist_no_clutter",
          "cebreros_3995_no_clutter", "flat_land_1000km", "flat_land_100km", "flat_land_5km",
          "flat_land_5km_Dense_Suburban", "flat_land_5km_Dense_Urban", "land_70km",
          "rburg_rural_no_clutter", "tropo_7001"}) {
      const auto t = akichi::sim::CsvTable::read(dir + "results/test_result_" + name + ".csv");
      for (std::size_t r = 0; r < t.rows(); ++r)
        v[k].cases.push_back(p2p::p452_case(t, r, v[k].profile));
      ++k;
    }
    return v;
  }();
  return all;
}

std::size_t case_count() {
  std::size_t n = 0;
  for (const auto& s : sets()) n += s.cases.size();
  return n;
}

void full_per_case(benchmark::State& state, m::Kernel kernel) {
  m::PathAnalysis a;
  const std::size_t n = case_count();
  for (auto _ : state) {
    double sum = 0;
    for (const auto& s : sets()) {
      for (const auto& c : s.cases) {
        m::analyse_path(c.path, a, kernel);
        sum += m::evaluate(a, c.radio).Lb;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["us_per_case"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}
void BM_P452_FullPerCase(benchmark::State& state) {
  full_per_case(state, m::Kernel::Best);
}
BENCHMARK(BM_P452_FullPerCase)->Unit(benchmark::kMillisecond);

void BM_P452_FullPerCaseSse2(benchmark::State& state) {
  full_per_case(state, m::Kernel::Sse2);
}
BENCHMARK(BM_P452_FullPerCaseSse2)->Unit(benchmark::kMillisecond);

void BM_P452_SharedAnalysis(benchmark::State& state) {
  m::PathAnalysis a;
  const std::size_t n = case_count();
  for (auto _ : state) {
    double sum = 0;
    for (const auto& s : sets()) {
      m::analyse_path(s.cases.front().path, a);  // all rows of a file share the link
      for (const auto& c : s.cases) sum += m::evaluate(a, c.radio).Lb;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["us_per_case"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}
BENCHMARK(BM_P452_SharedAnalysis)->Unit(benchmark::kMillisecond);

}  // namespace

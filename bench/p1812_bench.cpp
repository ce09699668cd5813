// ITU-R P.1812-6 (propagation/models/itu_r_p1812.h): time per case over the owners' 14
// validation profiles x 3 measurement rows (42 cases, 6 to 2001 profile points), single thread.
// Profiles are read once; each iteration evaluates every case.
//
//   build-bench/bench/p1812_bench --benchmark_counters_tabular=true
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "propagation/models/itu_r_p1812.h"
#include "sim/p2p/p1812.h"

namespace {

using namespace akichi;

struct Case {
  const sim::p2p::Sg3File* file;
  prop::p1812::Inputs in;
};

struct Set {
  std::vector<sim::p2p::Sg3File> files;
  std::vector<Case> cases;
  std::size_t max_n = 0;
  Set() {
    const std::string dir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p1812-6/profiles";
    std::vector<std::string> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      paths.push_back(e.path().string());
    std::sort(paths.begin(), paths.end());
    files.reserve(paths.size());
    for (const auto& p : paths) files.push_back(sim::p2p::read_sg3(p));
    for (const auto& f : files) {
      max_n = std::max(max_n, f.d_km.size());
      for (std::size_t r = 0; r < f.measurements.size(); ++r)
        cases.push_back({&f, sim::p2p::sg3_inputs(f, r)});
    }
  }
};

void BM_P1812_ValidationCases(benchmark::State& state) {
  static const Set set;
  std::vector<double> scratch(prop::p1812::scratch_size(set.max_n));
  for (auto _ : state) {
    for (const Case& c : set.cases) {
      const auto r =
          prop::p1812::basic_transmission_loss(sim::p2p::sg3_profile(*c.file), c.in, scratch);
      benchmark::DoNotOptimize(r.Lb);
    }
  }
  state.counters["cases"] = static_cast<double>(set.cases.size());
  // CPU seconds per case (printed with an SI prefix, e.g. "50u" = 50 us)
  state.counters["s_per_case"] =
      benchmark::Counter(static_cast<double>(state.iterations() * set.cases.size()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_P1812_ValidationCases)->Unit(benchmark::kMicrosecond);

/// One case per profile size class: the 211-point b2iseac and the 2001-point b2iseac_eqdist.
void BM_P1812_OneCase(benchmark::State& state, const char* name) {
  const auto file =
      sim::p2p::read_sg3(std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p1812-6/profiles/" + name);
  const auto in = sim::p2p::sg3_inputs(file, 0);
  std::vector<double> scratch(prop::p1812::scratch_size(file.d_km.size()));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        prop::p1812::basic_transmission_loss(sim::p2p::sg3_profile(file), in, scratch).Lb);
  }
  state.counters["points"] = static_cast<double>(file.d_km.size());
}
BENCHMARK_CAPTURE(BM_P1812_OneCase, b2iseac_211pts, "b2iseac.csv")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_P1812_OneCase, b2iseac_eqdist_2001pts, "b2iseac_eqdist.csv")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_P1812_OneCase, rburg_963pts, "rburg.csv")->Unit(benchmark::kMicrosecond);

}  // namespace

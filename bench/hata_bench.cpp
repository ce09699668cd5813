// ns per case for the Hata family: NTIA extended Hata over a 12 km / 121-point profile and a
// 50 km / 501-point profile, and the SEAMCAT extended Hata (no profile).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "propagation/models/extended_hata_seamcat.h"
#include "propagation/models/ntia_ehata.h"

namespace {
namespace eh = akichi::prop::ehata;

std::vector<double> hills(int np, double step) {
  std::vector<double> z(static_cast<std::size_t>(np) + 1);
  for (int i = 0; i <= np; ++i)
    z[static_cast<std::size_t>(i)] =
        100 + 40 * std::sin(i * step / 1700.0) + 15 * std::sin(i * step / 430.0);
  return z;
}

void BM_NtiaEhata(benchmark::State& state) {
  const int np = static_cast<int>(state.range(0));
  const auto z = hills(np, 100);
  std::vector<double> scratch(z.size());
  double f = 3500;
  for (auto _ : state) {
    benchmark::DoNotOptimize(eh::extended_hata_dB(z.data(), np, 100, f, 30, 1.5,
                                                  eh::Environment::Urban, 0, scratch.data()));
    f = f < 3700 ? f + 1 : 3500;
  }
  state.counters["cases/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NtiaEhata)->Arg(120)->Arg(500);

void BM_ExtendedHataSeamcat(benchmark::State& state) {
  double d = 0.05;
  for (auto _ : state) {
    benchmark::DoNotOptimize(akichi::prop::extended_hata::median_loss(
        4700, 20, 1.5, d, akichi::prop::extended_hata::Environment::Urban));
    d = d < 50 ? d * 1.001 : 0.05;
  }
  state.counters["cases/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExtendedHataSeamcat);

}  // namespace

BENCHMARK_MAIN();

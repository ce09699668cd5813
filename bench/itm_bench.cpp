// NTIA Irregular Terrain Model speed, single thread: one point-to-point case (validation,
// terrain analysis, reference attenuation, variability) on a 100-point and a 1000-point
// profile (hilly synthetic terrain, 10 km / 100 km, 3.5 GHz, 25 m / 1.5 m), the model
// function and the area-engine adapter (which also resamples the profile); plus one area-mode case.
#include <cmath>
#include <vector>

#include <benchmark/benchmark.h>

#include "propagation/engine/adapters/itm.h"
#include "propagation/models/ntia_itm.h"

namespace {

namespace itm = akichi::prop::itm;

std::vector<double> hilly_pfl(int points, double length_m) {
  const int np = points - 1;
  std::vector<double> pfl{static_cast<double>(np), length_m / np};
  for (int i = 0; i <= np; ++i) {
    const double x = length_m * i / np;
    pfl.push_back(300 + 80 * std::sin(x / 1700.0) + 45 * std::sin(x / 530.0 + 1.0) +
                  20 * std::sin(x / 170.0 + 2.0));
  }
  return pfl;
}

itm::ItmParams params() {
  itm::ItmParams p;
  p.climate = 5;
  p.N_0 = 301;
  p.f_MHz = 3500;
  p.pol = 1;
  p.epsilon = 15;
  p.sigma = 0.005;
  p.mdvar = 12;
  return p;
}

void BM_ItmP2p(benchmark::State& state) {
  const int points = static_cast<int>(state.range(0));
  const auto pfl = hilly_pfl(points, points * 100.0);
  const auto prof = itm::profile_from_pfl(pfl.data());
  const itm::ItmParams p = params();
  for (auto _ : state) {
    const itm::ItmResult r = itm::p2p_tls(25, 1.5, prof, p, 50, 50, 50);
    benchmark::DoNotOptimize(r.A_dB);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ItmP2p)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

void BM_ItmAdapter(benchmark::State& state) {
  const int points = static_cast<int>(state.range(0));
  const double D = points * 100.0;
  const auto pfl = hilly_pfl(points, D);
  std::vector<double> d, z(pfl.begin() + 2, pfl.end());
  for (int i = 0; i < points; ++i) d.push_back(D * i / (points - 1));
  const auto model = akichi::prop::make_itm_model(akichi::prop::ItmParams{});
  akichi::prop::LinkInput link;
  link.freq_Hz = 3.5e9;
  link.d_m = D;
  link.h_tx_m = 25;
  link.h_rx_m = 1.5;
  link.z_tx_m = z.front();
  link.z_rx_m = z.back();
  link.profile_d_m = d.data();
  link.profile_z_m = z.data();
  link.profile_n = points;
  for (auto _ : state) benchmark::DoNotOptimize(model->loss_dB(link));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ItmAdapter)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

void BM_ItmArea(benchmark::State& state) {
  const itm::ItmParams p = params();
  for (auto _ : state) {
    const itm::ItmResult r = itm::area_tls(25, 1.5, 1, 0, 30, 90, p, 50, 50, 50);
    benchmark::DoNotOptimize(r.A_dB);
  }
}
BENCHMARK(BM_ItmArea)->Unit(benchmark::kMicrosecond);

}  // namespace

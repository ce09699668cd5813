// Nanoseconds per call of the small ITU-R models: P.2108-1 §3.1-§3.3, P.2109-2, P.838-3,
// P.530-18 §2.4.1, P.1411-12 site-general (pure function and area-engine adapter), and the
// clutter/building-entry add-ons. Inputs cycle through a small table so that no call is folded.
//
//   build/bench/small_models_bench --benchmark_min_time=0.2
#include <array>
#include <memory>

#include <benchmark/benchmark.h>

#include "propagation/engine/adapters/p1411.h"
#include "propagation/engine/model_config.h"
#include "propagation/models/itu_r_p1057_7.h"
#include "propagation/models/itu_r_p1411_12.h"
#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/models/itu_r_p2109_2.h"
#include "propagation/models/itu_r_p530_18.h"
#include "propagation/models/itu_r_p838_3.h"

namespace {

using namespace akichi::prop;

constexpr std::array<double, 8> kF_GHz = {2.35, 3.4, 3.75, 4.1, 4.75, 26.8, 28.0, 29.3};
constexpr std::array<double, 8> kD_km = {0.3, 0.45, 0.6, 0.8, 1.1, 1.5, 2.4, 3.2};
constexpr std::array<double, 8> kP = {1, 5, 10, 25, 50, 75, 90, 99};

void BM_InverseNormal(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(
        p1057::inverse_normal_cdf(kP[i & 7] / 100.0 + 1e-9 * static_cast<double>(i & 63)));
    ++i;
  }
}
BENCHMARK(BM_InverseNormal);

void BM_P2108_HeightGain(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(p2108::height_gain_correction_dB(
        2.3, 1.0 + 0.5 * static_cast<double>(i & 7), 27.0, 15.0, p2108::ClutterType::Urban));
    ++i;
  }
}
BENCHMARK(BM_P2108_HeightGain);

void BM_P2108_Terrestrial(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(
        p2108::terrestrial_clutter_loss_dB(kF_GHz[i & 7], kD_km[(i >> 3) & 7], kP[(i >> 6) & 7]));
    ++i;
  }
}
BENCHMARK(BM_P2108_Terrestrial);

void BM_P2108_Aeronautical(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(p2108::aeronautical_clutter_loss_dB(
        26.5 + 0.4 * static_cast<double>(i & 7), 10.0 * static_cast<double>((i >> 3) & 7),
        kP[(i >> 6) & 7]));
    ++i;
  }
}
BENCHMARK(BM_P2108_Aeronautical);

void BM_P2109_BuildingEntryLoss(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(p2109::building_entry_loss_dB(
        kF_GHz[i & 7], kP[(i >> 3) & 7] / 100.0,
        (i & 64) ? p2109::BuildingType::ThermallyEfficient : p2109::BuildingType::Traditional,
        5.0 * static_cast<double>((i >> 7) & 7)));
    ++i;
  }
}
BENCHMARK(BM_P2109_BuildingEntryLoss);

void BM_P838_SpecificAttenuation(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(p838::specific_attenuation_dB_per_km(
        kF_GHz[5 + i % 3], 10.0 + static_cast<double>(i & 63), 0.0, (i & 64) ? 90.0 : 0.0));
    ++i;
  }
}
BENCHMARK(BM_P838_SpecificAttenuation);

void BM_P530_RainAttenuation(benchmark::State& s) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(p530::rain_attenuation(kD_km[i & 7], kF_GHz[5 + i % 3],
                                                    20.0 + static_cast<double>((i >> 3) & 63),
                                                    0.01 * static_cast<double>(1 + (i & 7)), 0.0));
    ++i;
  }
}
BENCHMARK(BM_P530_RainAttenuation);

void BM_P1411_SiteGeneral(benchmark::State& s) {
  const auto* row = p1411::site_general_row(
      p1411::Placement::BelowRooftop, p1411::Environment::UrbanHighRise, p1411::PathState::NLoS);
  const double z = p1057::inverse_normal_cdf(0.9);
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(
        p1411::loss_at_quantile_dB(*row, kF_GHz[i & 7], 1000.0 * kD_km[(i >> 3) & 7] / 4.0, z));
    ++i;
  }
}
BENCHMARK(BM_P1411_SiteGeneral);

void BM_P1411_Adapter(benchmark::State& s) {
  P1411Params p;
  p.los_mode = LosMode::Nlos;
  p.location_percent = 90;
  const auto m = make_p1411_model(p);
  LinkInput l;
  l.h_tx_m = 10;
  l.h_rx_m = 1.5;
  std::size_t i = 0;
  for (auto _ : s) {
    l.freq_Hz = kF_GHz[i & 7] * 1e9;
    l.d_m = 250.0 * kD_km[(i >> 3) & 7];
    benchmark::DoNotOptimize(m->loss_dB(l));
    ++i;
  }
}
BENCHMARK(BM_P1411_Adapter);

// The added-losses decorator (propagation/engine/added_losses.h) over free space with the
// P.2108-1 §3.2 clutter loss, as a run with [propagation.clutter] evaluates every link.
void BM_AddedLossesStatisticalClutter(benchmark::State& s) {
  ModelConfig c;
  c.name = "free_space";
  c.added.clutter.model = "p2108-statistical";
  const auto m = make_path_loss_model(c);
  LinkInput l;
  l.h_tx_m = 30;
  l.h_rx_m = 1.5;
  std::size_t i = 0;
  for (auto _ : s) {
    l.freq_Hz = kF_GHz[i & 7] * 1e9;
    l.d_m = 1000.0 * kD_km[(i >> 3) & 7];
    benchmark::DoNotOptimize(m->loss_dB(l));
    ++i;
  }
}
BENCHMARK(BM_AddedLossesStatisticalClutter);

}  // namespace

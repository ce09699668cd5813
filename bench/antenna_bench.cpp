// Nanoseconds per gain_dBi call of the antenna patterns the engine evaluates once per cell:
// the TR 38.901 element (the reference), the ITU-R M.2101-0 array with one fixed beam (summed
// per call) and with the envelope over 39 beams (its table), F.1336-5 sector and omni, and
// F.699-8. Directions cycle through a small table so that no call is folded.
// Also the one-off cost of building an envelope table.
//
//   build/release/bench/antenna_bench --benchmark_min_time=0.2
#include <array>
#include <cmath>
#include <memory>

#include <benchmark/benchmark.h>

#include "propagation/antenna/antenna.h"
#include "propagation/antenna/m2101_array.h"

namespace {

using namespace akichi::prop;

constexpr std::array<double, 8> kBearing = {3.0, 47.5, 91.0, 133.3, 178.0, 222.2, 268.9, 311.1};
constexpr std::array<double, 8> kElevation = {-30.0, -12.5, -4.0, -0.7, 0.3, 2.5, 9.0, 40.0};

void run(benchmark::State& s, const Antenna& a) {
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(a.gain_dBi(kBearing[i & 7], kElevation[(i >> 3) & 7]));
    ++i;
  }
}

AntennaConfig sector() {
  AntennaConfig c;
  c.type = "3gpp_sector";
  c.azimuth_deg = 120;
  c.downtilt_deg = 6;
  return c;
}

AntennaConfig array(const char* beam) {
  AntennaConfig c;
  c.type = "m2101";
  c.gain_dBi = 6.4;
  c.azimuth_deg = 120;
  c.downtilt_deg = 3;
  c.beam = beam;
  c.escan_min_deg = -60;
  c.escan_max_deg = 60;
  c.escan_step_deg = 10;
  c.etilt_min_deg = 0;
  c.etilt_max_deg = 10;
  c.etilt_step_deg = 5;  // 13 x 3 = 39 beams
  return c;
}

void BM_Tr38901Element(benchmark::State& s) {
  run(s, *make_antenna(sector()));
}
BENCHMARK(BM_Tr38901Element);

void BM_M2101FixedBeam8x8(benchmark::State& s) {
  run(s, *make_antenna(array("fixed")));
}
BENCHMARK(BM_M2101FixedBeam8x8);

void BM_M2101Envelope8x8Table(benchmark::State& s) {
  run(s, *make_antenna(array("envelope")));
}
BENCHMARK(BM_M2101Envelope8x8Table);

void BM_M2101Envelope8x8Exact(benchmark::State& s) {
  const auto a = make_antenna(array("envelope"));
  const auto& m = dynamic_cast<const M2101ArrayAntenna&>(*a);
  std::size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(
        m.exact_local_gain_dBi(90 - kElevation[i & 7], kBearing[(i >> 3) & 7] - 180));
    ++i;
  }
}
BENCHMARK(BM_M2101Envelope8x8Exact);

void BM_M2101EnvelopeBuild(benchmark::State& s) {
  for (auto _ : s) benchmark::DoNotOptimize(make_antenna(array("envelope")));
}
BENCHMARK(BM_M2101EnvelopeBuild)->Unit(benchmark::kMillisecond);

void BM_F1336Sector(benchmark::State& s) {
  AntennaConfig c;
  c.type = "f1336";
  c.variant = "sector-peak";
  c.gain_dBi = 15;
  c.hpbw_v_deg = std::nan("");
  c.freq_Hz = 4.75e9;
  c.azimuth_deg = 120;
  c.downtilt_deg = 3;
  c.electrical_tilt_deg = 3;
  run(s, *make_antenna(c));
}
BENCHMARK(BM_F1336Sector);

void BM_F1336Omni(benchmark::State& s) {
  AntennaConfig c;
  c.type = "f1336";
  c.variant = "omni-average";
  c.gain_dBi = 10;
  c.freq_Hz = 4.75e9;
  c.electrical_tilt_deg = 2;
  run(s, *make_antenna(c));
}
BENCHMARK(BM_F1336Omni);

void BM_F699(benchmark::State& s) {
  AntennaConfig c;
  c.type = "f699";
  c.gain_dBi = 38;
  c.diameter_m = 0.6;
  c.freq_Hz = 23e9;
  c.azimuth_deg = 270;
  c.elevation_deg = 1;
  run(s, *make_antenna(c));
}
BENCHMARK(BM_F699);

}  // namespace

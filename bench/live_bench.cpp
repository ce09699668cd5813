// The live engine (sim/live/live_engine.h) on a synthetic-terrain scenario with P.452-18: 3 km x
// 2 km of 20 m cells, one week hourly (168 slots), three 100 MHz channels at 4.6-4.9 GHz; 50
// protected incumbent receivers (sector and omni antennas, three schedules, half with a 1 %
// criterion) and 200 active grants of 20 licensees (three schedules, mostly synchronous TDD).
//   (a) vacancy() at one point over every slot and channel;
//   (b) judge_grant() of one request;
//   (c) upsert() of one grant moved (its paths into the receivers it reaches, and the
//       aggregates it changes);
//   and set_stations() of the whole list, for scale.
// Each at 1 and 2 threads (TBB parallelism inside the call); real time per call.
//
//   build/release/bench/live_bench --benchmark_counters_tabular=true
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include "sim/analysis/coverage_run.h"
#include "sim/live/live_engine.h"
#include "sim/scenario/scenario.h"

namespace {

using namespace akichi::sim;
using akichi::sim::live::LiveEngine;

constexpr int kReceivers = 50, kGrants = 200;
constexpr double kX0 = 400000, kY0 = 3900000, kW = 3000, kH = 2000;

const char* const kSchedules[] = {"", "Mon-Fri 08:00-18:00", "daily 18:00-08:00"};

std::string scenario_text() {
  std::string s = fmt::format(R"(
[scenario]
name = "live bench"

[area]
crs = "EPSG:32654"
xmin_m = {}
ymin_m = {}
xmax_m = {}
ymax_m = {}
cell_size_m = 20
rx_heights_m = [10.0]

[terrain]
source = "synthetic"
seed = 4700
base_m = 2
relief_m = 25
wavelength_m = 1500

[propagation]
model = "p452-18"

[propagation.p452-18]
time_percent = 50
zone = "inland"

[time]
tz = "Asia/Tokyo"
start = "2026-12-07T00:00"
end = "2026-12-14T00:00"
step_minutes = 60

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100
aclr_dB = 45
acs_dB = 45

[vacancy]
max_eirp_dBm = 50
min_useful_eirp_dBm = 20
antenna_gain_dBi = 5
noise_figure_dB = 5
i_over_n_dB = -6
tdd = "synchronous"
)",
                              kX0, kY0, kX0 + kW, kY0 + kH);
  std::mt19937 rng(13);
  std::uniform_real_distribution<double> ux(kX0 + 10, kX0 + kW - 10), uy(kY0 + 10, kY0 + kH - 10),
      az(0, 360);
  for (int i = 0; i < kReceivers; ++i) {
    const int band = i % 3;
    s += fmt::format(R"(
[[incumbent]]
id = "rx-{:02d}"
x_m = {:.1f}
y_m = {:.1f}
height_m = {}
freq_lo_MHz = {}
freq_hi_MHz = {}
noise_figure_dB = 4
feeder_loss_dB = 2
i_over_n_dB = -10
)",
                     i, ux(rng), uy(rng), 15 + i % 4 * 5, 4600 + 100 * band, 4700 + 100 * band);
    if (i % 2 == 0) s += "criterion_time_percent = 1\n";
    if (kSchedules[i % 3][0] != '\0') s += fmt::format("schedule = [\"{}\"]\n", kSchedules[i % 3]);
    if (i % 2 == 0) {
      s += fmt::format(
          "[incumbent.antenna]\ntype = \"3gpp_sector\"\ngain_dBi = 15\nazimuth_deg = {:.0f}\n"
          "hpbw_h_deg = 30\nhpbw_v_deg = 15\n",
          az(rng));
    }
  }
  return s;
}

struct Fixture {
  Scenario sc = parse_scenario(scenario_text(), "live_bench.toml");
  akichi::prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  std::vector<Station> grants;
  std::unique_ptr<LiveEngine> engine;

  Station grant(int i, double x, double y) const {
    Station s;
    s.id = fmt::format("grant-{:03d}", i);
    s.role = StationRole::Local5gBase;
    s.licensee = fmt::format("lic-{:02d}", i % 20);
    s.tdd = i % 10 == 0 ? TddMode::Unsynchronised : TddMode::Synchronous;
    s.x_m = x;
    s.y_m = y;
    s.height_m = 6 + i % 3 * 4;
    const Channel& c = sc.sharing.channels[static_cast<std::size_t>(i) % 3];
    s.freq_lo_Hz = c.lo_Hz;
    s.freq_hi_Hz = c.hi_Hz;
    s.freq_Hz = c.centre_Hz();
    s.bandwidth_Hz = c.bandwidth_Hz();
    s.transmits = true;
    s.eirp_dBm = 20 + i % 11;
    s.antenna.gain_dBi = 5;
    if (kSchedules[i % 3][0] != '\0') s.schedule = {kSchedules[i % 3]};
    return s;
  }

  Fixture() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> ux(kX0 + 10, kX0 + kW - 10), uy(kY0 + 10, kY0 + kH - 10);
    std::vector<Station> all(sc.stations.database().begin(), sc.stations.database().end());
    for (int i = 0; i < kGrants; ++i) {
      grants.push_back(grant(i, ux(rng), uy(rng)));
      all.push_back(grants.back());
    }
    engine = std::make_unique<LiveEngine>(sc, terrain);
    engine->set_stations(all);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

const double kPoints[][2] = {{kX0 + 1210, kY0 + 830},
                             {kX0 + 2530, kY0 + 1490},
                             {kX0 + 450, kY0 + 1770},
                             {kX0 + 1890, kY0 + 260}};

void BM_LiveVacancy(benchmark::State& state) {
  Fixture& f = fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0, paths = f.engine->paths_computed();
  for (auto _ : state) {
    const auto& p = kPoints[i++ % 4];
    const auto a = f.engine->vacancy({p[0], p[1], 10.0, {}, {}});
    benchmark::DoNotOptimize(a.channels.data());
  }
  state.counters["paths/call"] =
      static_cast<double>(f.engine->paths_computed() - paths) / static_cast<double>(i);
  state.counters["slots"] = static_cast<double>(f.engine->n_slots());
}

void BM_LiveJudgeGrant(benchmark::State& state) {
  Fixture& f = fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0, paths = f.engine->paths_computed();
  bool granted = false;
  for (auto _ : state) {
    const auto& p = kPoints[i++ % 4];
    Station req = f.grant(999, p[0], p[1]);
    req.id = "request";
    req.eirp_dBm = 30;
    const auto d = f.engine->judge_grant(req, 1);
    granted = d.granted;
    benchmark::DoNotOptimize(d.receivers.data());
  }
  state.counters["paths/call"] =
      static_cast<double>(f.engine->paths_computed() - paths) / static_cast<double>(i);
  state.counters["granted_last"] = granted ? 1 : 0;
}

void BM_LiveUpsertMove(benchmark::State& state) {
  Fixture& f = fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0, paths = f.engine->paths_computed();
  // grant-001 (channel 1, weekdays 08-18) moves between the four points.
  for (auto _ : state) {
    const auto& p = kPoints[i++ % 4];
    Station moved = f.grants[1];
    moved.x_m = p[0];
    moved.y_m = p[1];
    f.engine->upsert(moved);
  }
  state.counters["paths/call"] =
      static_cast<double>(f.engine->paths_computed() - paths) / static_cast<double>(i);
  f.engine->upsert(f.grants[1]);
}

/// The whole state from scratch: every path between a grant and a receiver (10,000), and the
/// aggregates.
void BM_LiveSetStations(benchmark::State& state) {
  Fixture& f = fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  LiveEngine engine(f.sc, f.terrain);
  for (auto _ : state) engine.set_stations(f.engine->stations());
  state.counters["paths/call"] =
      static_cast<double>(engine.paths_computed()) / static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK(BM_LiveVacancy)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_LiveJudgeGrant)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_LiveUpsertMove)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_LiveSetStations)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

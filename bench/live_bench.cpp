// The live engine (sim/live/live_engine.h) on a synthetic-terrain scenario with P.452-18: 3 km x
// 2 km of 20 m cells, one week hourly (168 slots), three 100 MHz channels at 4.6-4.9 GHz; 50
// protected incumbent receivers (sector and omni antennas, three schedules, half with a 1 %
// criterion) and 200 active grants of 20 licensees (three schedules, mostly synchronous TDD).
//   (a) vacancy() at one point over every slot and channel;
//   (b) judge_grant() of one request;
//   (c) upsert() of one grant moved (its paths into the receivers it reaches, and the
//       aggregates it changes);
//   and set_stations() of the whole list, for scale;
//   (d)-(f) the maps of a 250,000-cell area from the station tensors (below).
// Each at 1 and 2 threads (TBB parallelism inside the call); real time per call.
//
//   build/release/bench/live_bench --benchmark_counters_tabular=true
#include <cmath>
#include <random>
#include <string>
#include <string_view>
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

/// The scenario text both benchmarks share: the area [x0, x0 + w] x [y0, y0 + h] on synthetic
/// terrain, P.452-18, hourly slots from Monday 2026-12-07 to `end`, the 4600-4900 MHz plan and
/// the vacancy rules.
std::string scenario_head(std::string_view name, double w, double h, std::string_view end) {
  return fmt::format(R"(
[scenario]
name = "{}"

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
end = "{}"
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
                     name, kX0, kY0, kX0 + w, kY0 + h, end);
}

std::string scenario_text() {
  std::string s = scenario_head("live bench", kW, kH, "2026-12-14T00:00");
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
    const auto a = f.engine->vacancy({p[0], p[1], 10.0, {}, {}, {}});
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

// ---- Maps from the station tensors ---------------------------------------------------------
//
// A 250,000-cell area (500 x 500 cells of 20 m, 10 km x 10 km, one height of 10 m) on synthetic
// terrain with P.452-18: 10 protected incumbent receivers and 12 local 5G base stations of 6
// licensees. (d) One base station moved: upsert() (its paths), then the max-EIRP and
// aggregate-margin maps of one channel, slot and height, which compute the moved station's
// tensor (the other stations' come from the store). (e) The same maps with every tensor in the
// store (a schedule change), and (f) coverage / best server / SINR likewise.

constexpr int kMapReceivers = 10, kMapBases = 12;
constexpr double kMapSide = 10000;

std::string map_scenario_text() {
  std::string s = scenario_head("live maps bench", kMapSide, kMapSide, "2026-12-08T00:00");
  std::mt19937 rng(31);
  std::uniform_real_distribution<double> u(100, kMapSide - 100), az(0, 360);
  for (int i = 0; i < kMapReceivers; ++i) {
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
[incumbent.antenna]
type = "3gpp_sector"
gain_dBi = 15
azimuth_deg = {:.0f}
hpbw_h_deg = 30
hpbw_v_deg = 15
)",
                     i, kX0 + u(rng), kY0 + u(rng), 15 + i % 4 * 5, 4600 + 100 * band,
                     4700 + 100 * band, az(rng));
  }
  for (int i = 0; i < kMapBases; ++i) {
    s += fmt::format(R"(
[[licensee_station]]
id = "gnb-{:02d}"
role = "local5g_base"
licensee = "lic-{}"
tdd = "{}"
x_m = {:.1f}
y_m = {:.1f}
height_m = {}
freq_lo_MHz = {}
freq_hi_MHz = {}
eirp_dBm = {}
noise_figure_dB = 5
i_over_n_dB = -6
[licensee_station.antenna]
gain_dBi = 5
)",
                     i, i % 6, i % 4 == 0 ? "unsynchronised" : "synchronous", kX0 + u(rng),
                     kY0 + u(rng), 8 + i % 3 * 4, 4600 + 100 * (i % 3), 4700 + 100 * (i % 3),
                     24 + i % 7);
  }
  return s;
}

struct MapFixture {
  Scenario sc = parse_scenario(map_scenario_text(), "live_maps_bench.toml");
  akichi::prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  std::vector<Station> stations{sc.stations.database().begin(), sc.stations.database().end()};
  std::unique_ptr<LiveEngine> engine;

  MapFixture() {
    engine = std::make_unique<LiveEngine>(sc, terrain);
    engine->set_stations(stations);
    maps();  // every station's tensors in the store
  }

  /// The max-EIRP and aggregate-margin maps of channel 1 at 10:00.
  void maps() const {
    for (auto kind : {live::MapKind::MaxEirp, live::MapKind::AggregateMargin}) {
      const live::MapAnswer m = engine->map({kind, 1, 10, 0});
      benchmark::DoNotOptimize(m.values.data());
    }
  }
};

MapFixture& map_fixture() {
  static MapFixture f;
  return f;
}

const double kMapPoints[][2] = {
    {kX0 + 2310, kY0 + 7430}, {kX0 + 8120, kY0 + 1960}, {kX0 + 5050, kY0 + 5250}};

void BM_LiveMoveAndMaps(benchmark::State& state) {
  MapFixture& f = map_fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const std::size_t computed = f.engine->tensor_stats().computed;
  std::size_t i = 0;
  // gnb-01 (channel 1, always on) moves between three points, never back to where it was in
  // the store.
  for (auto _ : state) {
    const auto& p = kMapPoints[i++ % 3];
    Station moved = f.stations[kMapReceivers + 1];
    moved.x_m = p[0] + static_cast<double>(i % 7);
    moved.y_m = p[1];
    f.engine->upsert(moved);
    f.maps();
  }
  state.counters["tensors/call"] =
      static_cast<double>(f.engine->tensor_stats().computed - computed) / static_cast<double>(i);
  state.counters["cells"] = static_cast<double>(f.sc.grid.cells());
  f.engine->upsert(f.stations[kMapReceivers + 1]);
  f.maps();
}

void BM_LiveMapsFromStore(benchmark::State& state) {
  MapFixture& f = map_fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const std::size_t computed = f.engine->tensor_stats().computed;
  for (auto _ : state) f.maps();
  state.counters["tensors/call"] =
      static_cast<double>(f.engine->tensor_stats().computed - computed) /
      static_cast<double>(state.iterations());
}

void BM_LiveCoverageMapsFromStore(benchmark::State& state) {
  MapFixture& f = map_fixture();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  for (auto kind : {live::MapKind::Coverage})
    benchmark::DoNotOptimize(f.engine->map({kind, 0, 10, 0}).values.data());  // area tensors
  const std::size_t computed = f.engine->tensor_stats().computed;
  for (auto _ : state) {
    for (auto kind : {live::MapKind::Coverage, live::MapKind::BestServer, live::MapKind::Sinr})
      benchmark::DoNotOptimize(f.engine->map({kind, 0, 10, 0}).values.data());
  }
  state.counters["tensors/call"] =
      static_cast<double>(f.engine->tensor_stats().computed - computed) /
      static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK(BM_LiveMoveAndMaps)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK(BM_LiveMapsFromStore)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_LiveCoverageMapsFromStore)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
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

// The live engine's maps (LiveEngine::map()) against the batch: the max-EIRP layer equals the
// batch vacancy cube bit for bit at every cell, the aggregate margin is the cube's usable test,
// coverage / best server / SINR equal the batch coverage run of the same stations; the station
// tensors are computed once per station and only again for a station that moves; the MIC
// coordination pairs of a judgement equal the batch's MIC areas before and after the change.
//
// The scenario: 20 x 20 cells of 20 m on synthetic terrain, P.452-18, two days hourly, two
// heights; incumbents (two receivers, a transmitter at night), a licensee's local 5G base
// station on weekdays 09-17, and two more local 5G base stations of two other licensees (the
// scenario's planned layout, given to the engine as database stations).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "base/errors.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/live/live_engine.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::live::live_maps_test {
namespace {

const std::string kHead = R"(
[scenario]
name = "live maps test"

[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400400
ymax_m = 3900400
cell_size_m = 20
rx_heights_m = [1.5, 15.0]

[terrain]
source = "synthetic"
seed = 13
base_m = 5
relief_m = 30
wavelength_m = 300

[propagation]
model = "p452-18"

[propagation.p452-18]
time_percent = 50
zone = "inland"

[time]
tz = "Asia/Tokyo"
start = "2026-12-07T00:00"
end = "2026-12-09T00:00"
step_minutes = 60

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100
aclr_dB = 45
acs_dB = 45

[coverage]
noise_figure_dB = 7

[[incumbent]]
id = "rx-a"
x_m = 400110
y_m = 3900330
height_m = 25
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
feeder_loss_dB = 2
i_over_n_dB = -10
criterion_time_percent = 1
schedule = ["Mon-Fri 08:00-18:00"]
[incumbent.antenna]
type = "3gpp_sector"
gain_dBi = 15
azimuth_deg = 150
downtilt_deg = 2
hpbw_h_deg = 40
hpbw_v_deg = 15

[[incumbent]]
id = "rx-b"
x_m = 400350
y_m = 3900050
height_m = 12
freq_lo_MHz = 4800
freq_hi_MHz = 4900
interference_dBm = -112
ref_bandwidth_MHz = 1
[incumbent.antenna]
gain_dBi = 8

[[incumbent]]
id = "tx-c"
x_m = 400020
y_m = 3900050
height_m = 30
freq_lo_MHz = 4600
freq_hi_MHz = 4700
eirp_dBm = 45
schedule = ["daily 18:00-08:00"]
[incumbent.antenna]
type = "3gpp_sector"
gain_dBi = 12
azimuth_deg = 45

[[licensee_station]]
id = "gnb-x"
role = "local5g_base"
licensee = "lic-x"
tdd = "quasi_synchronous"
tdd_overlap = 0.5
x_m = 400210
y_m = 3900190
height_m = 10
freq_lo_MHz = 4600
freq_hi_MHz = 4700
eirp_dBm = 30
noise_figure_dB = 5
i_over_n_dB = -6
schedule = ["Mon-Fri 09:00-17:00"]

[vacancy]
max_eirp_dBm = 40
min_useful_eirp_dBm = -30
antenna_gain_dBi = 3
noise_figure_dB = 5
i_over_n_dB = -6
tdd = "synchronous"
)";

/// A planned base station ([[station]]) of licensee `licensee` on 4600-4700 MHz, with an
/// omnidirectional antenna of 6 dBi (`height` 8 m) or the default antenna.
std::string planned(const std::string& id, const std::string& licensee, double x, double y,
                    double eirp, double height = 8, bool antenna = true) {
  return "\n[[station]]\nid = \"" + id + "\"\nlicensee = \"" + licensee +
         "\"\nx_m = " + std::to_string(x) + "\ny_m = " + std::to_string(y) +
         "\nheight_m = " + std::to_string(height) +
         "\nfreq_MHz = 4650\nbandwidth_MHz = 100\neirp_dBm = " + std::to_string(eirp) +
         (antenna ? "\n[station.antenna]\ngain_dBi = 6\n" : "\n");
}

const std::string kMic = "\n[mic]\nrules = \"" + std::string(AKICHI_SOURCE_DIR) +
                         "/scenarios/rules/mic-local5g-example.toml\"\n";

struct P {
  double x, y;
};
constexpr P kP1{400060, 3900120}, kP2{400330, 3900300};

std::string scenario_text(P p1, P p2, bool mic = false) {
  return kHead + planned("gnb-p1", "lic-1", p1.x, p1.y, 28) +
         planned("gnb-p2", "lic-2", p2.x, p2.y, 24) + (mic ? kMic : "");
}

std::uint32_t bits(float f) {
  return std::bit_cast<std::uint32_t>(f);
}

/// A planned station as a database station of the live engine: a transmitting local 5G base
/// station (synchronous TDD), always on unless `schedule` says otherwise.
Station as_live(const Station& p) {
  Station s = p;
  s.role = StationRole::Local5gBase;
  s.tdd = TddMode::Synchronous;
  s.transmits = true;
  s.receives = false;
  return s;
}

struct World {
  explicit World(const std::string& text) : sc(parse_scenario(text, "live_maps_test.toml")) {
    terrain = load_terrain(sc, nullptr);
  }
  Scenario sc;
  prop::TerrainGrid terrain;

  std::vector<Station> database() const {
    const auto db = sc.stations.database();
    return {db.begin(), db.end()};
  }
  /// The database, then the planned layout as live stations.
  std::vector<Station> everything() const {
    std::vector<Station> all = database();
    for (const Station& p : sc.stations.planned()) all.push_back(as_live(p));
    return all;
  }
};

const World& world() {
  static const World w(scenario_text(kP1, kP2));
  return w;
}

void expect_same_bits(const MapAnswer& a, const MapAnswer& b) {
  ASSERT_EQ(a.values.size(), b.values.size());
  EXPECT_EQ(a.servers, b.servers);
  EXPECT_EQ(a.unit, b.unit);
  std::size_t differ = 0;
  for (std::size_t c = 0; c < a.values.size(); ++c)
    differ += bits(a.values[c]) != bits(b.values[c]);
  EXPECT_EQ(differ, 0u);
}

TEST(LiveMaps, MaxEirpAndAggregateMarginEqualTheBatchCubeAtEveryCell) {
  const World& w = world();
  SilentProgress progress;
  const SharingRun run = run_sharing(w.sc, w.terrain, nullptr, progress);
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  const VacancyCube& cube = run.vacancy;
  ASSERT_GE(cube.n_sets, 3u);
  const prop::StudyGrid& g = w.sc.grid;
  const std::size_t cells = g.cells();
  // One slot of each active set.
  std::vector<std::size_t> slot_of_set(cube.n_sets, engine.n_slots());
  for (std::size_t t = 0; t < engine.n_slots(); ++t) {
    const auto set = static_cast<std::size_t>(run.vacancy_sets.slot_set[t]);
    slot_of_set[set] = std::min(slot_of_set[set], t);
  }
  std::size_t negative_margins = 0, binding_cells = 0;
  for (std::size_t set = 0; set < cube.n_sets; ++set) {
    const std::size_t t = slot_of_set[set];
    for (std::size_t ch = 0; ch < cube.n_channels; ++ch) {
      for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
        const MapAnswer m = engine.map({MapKind::MaxEirp, ch, t, h});
        const MapAnswer a = engine.map({MapKind::AggregateMargin, ch, t, h});
        ASSERT_EQ(m.nx, g.nx);
        ASSERT_EQ(m.ny, g.ny);
        ASSERT_EQ(m.values.size(), cells);
        EXPECT_EQ(m.unit, "dBm");
        EXPECT_EQ(a.unit, "dB");
        const float lim = static_cast<float>(run.newcomer_limit_dBm[ch]);
        for (std::size_t c = 0; c < cells; ++c) {
          const std::size_t i = cube.index(set, ch, h) + c;
          ASSERT_EQ(bits(m.values[c]), bits(cube.max_eirp_dBm[i])) << set << " " << ch << " " << c;
          ASSERT_EQ(bits(a.values[c]), bits(lim - cube.interference_dBm[i]));
          // The margin is the usable test of the newcomer's interference.
          const bool usable = cube.max_eirp_dBm[i] >= w.sc.sharing.vacancy.min_useful_eirp_dBm;
          EXPECT_EQ(cube.usable[i] != 0, usable && a.values[c] >= 0.0f);
          negative_margins += a.values[c] < 0.0f;
          binding_cells += cube.binding[i] != kNoBinding;
        }
      }
    }
  }
  // The slots include interferers strong enough to fail the test, and receivers that bind.
  EXPECT_GT(negative_margins, 0u);
  EXPECT_GT(binding_cells, 0u);

  // And the point query at cell centres (its own point-to-point paths) agrees.
  for (const auto& [ix, iy] : std::vector<std::pair<int, int>>{{0, 0}, {7, 13}, {19, 4}}) {
    const std::size_t c = static_cast<std::size_t>(iy * g.nx + ix);
    for (std::size_t t : {std::size_t{3}, std::size_t{10}}) {
      const VacancyAnswer v =
          engine.vacancy({g.x(ix), g.y(iy), g.heights_m[1], {t, t + 1}, {1}, {}});
      EXPECT_EQ(bits(engine.map({MapKind::MaxEirp, 1, t, 1}).values[c]),
                bits(v.channels.front().max_eirp_dBm));
    }
  }
}

/// The batch coverage of `text`'s planned layout at height index h, as a map of `kind`.
std::vector<float> batch_layer(const CoverageResult& r, MapKind kind, std::size_t h) {
  const std::size_t cells = static_cast<std::size_t>(r.nx) * static_cast<std::size_t>(r.ny);
  std::vector<float> out(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    const std::size_t i = h * cells + c;
    out[c] = kind == MapKind::Coverage       ? r.best_rx_power_dBm[i]
             : kind == MapKind::Sinr         ? r.sinr_dB[i]
             : r.best_server[i] == kNoServer ? std::numeric_limits<float>::quiet_NaN()
                                             : static_cast<float>(r.best_server[i]);
  }
  return out;
}

TEST(LiveMaps, CoverageBestServerAndSinrEqualTheBatchCoverageOfTheStationsOnTheAir) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.everything());
  SilentProgress progress;
  // Slot 0 (Monday 00:00): gnb-x is off, the two planned stations are on.
  const CoverageRun off = run_coverage(w.sc, progress);
  // Slot 10 (Monday 10:00): gnb-x is on too; the batch with it planned first.
  const Station x = w.database().back();  // a copy: database() returns a new vector
  ASSERT_EQ(x.id, "gnb-x");
  const World with_x(kHead + planned("gnb-x", "lic-x", x.x_m, x.y_m, 30, x.height_m, false) +
                     planned("gnb-p1", "lic-1", kP1.x, kP1.y, 28) +
                     planned("gnb-p2", "lic-2", kP2.x, kP2.y, 24));
  const CoverageRun on = run_coverage(with_x.sc, progress);
  std::set<float> servers_seen;
  for (const auto& [slot, batch, servers] :
       {std::tuple{std::size_t{0}, &off, std::vector<std::string>{"gnb-p1", "gnb-p2"}},
        std::tuple{std::size_t{10}, &on, std::vector<std::string>{"gnb-x", "gnb-p1", "gnb-p2"}}}) {
    for (std::size_t h = 0; h < 2; ++h) {
      for (MapKind kind : {MapKind::Coverage, MapKind::BestServer, MapKind::Sinr}) {
        const MapAnswer m = engine.map({kind, 0, slot, h});
        EXPECT_EQ(m.servers, servers);
        EXPECT_EQ(m.unit, kind == MapKind::Coverage ? "dBm" : kind == MapKind::Sinr ? "dB" : "");
        const std::vector<float> want = batch_layer(batch->coverage, kind, h);
        ASSERT_EQ(m.values.size(), want.size());
        for (std::size_t c = 0; c < want.size(); ++c) {
          ASSERT_EQ(bits(m.values[c]), bits(want[c])) << slot << " " << h << " " << c;
          if (kind == MapKind::BestServer) servers_seen.insert(m.values[c]);
        }
      }
    }
  }
  EXPECT_EQ(servers_seen.size(), 3u);  // every station serves somewhere at slot 10
}

TEST(LiveMaps, AnyThreadCountGivesTheSameBits) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.everything());
  std::vector<MapAnswer> many;
  for (MapKind k : {MapKind::MaxEirp, MapKind::AggregateMargin, MapKind::Coverage,
                    MapKind::BestServer, MapKind::Sinr})
    many.push_back(engine.map({k, 1, 10, 1}));
  LiveEngine single(w.sc, w.terrain);
  single.set_stations(w.everything());
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  std::size_t i = 0;
  for (MapKind k : {MapKind::MaxEirp, MapKind::AggregateMargin, MapKind::Coverage,
                    MapKind::BestServer, MapKind::Sinr})
    expect_same_bits(single.map({k, 1, 10, 1}), many[i++]);
}

TEST(LiveMaps, ConcurrentMapsOfAFreshEngineComputeEachTensorOnceAndGiveTheSerialAnswers) {
  const World& w = world();
  LiveEngine serial(w.sc, w.terrain);
  serial.set_stations(w.everything());
  const std::vector<MapQuery> queries{{MapKind::MaxEirp, 1, 10, 0},
                                      {MapKind::AggregateMargin, 0, 10, 1},
                                      {MapKind::Coverage, 0, 10, 0},
                                      {MapKind::Sinr, 0, 10, 1}};
  std::vector<MapAnswer> want;
  for (const MapQuery& q : queries) want.push_back(serial.map(q));
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.everything());
  std::vector<MapAnswer> got(8 * queries.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < queries.size(); ++i)
        got[t * queries.size() + i] = engine.map(queries[(i + t) % queries.size()]);
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t t = 0; t < 8; ++t)
    for (std::size_t i = 0; i < queries.size(); ++i)
      expect_same_bits(got[t * queries.size() + i], want[(i + t) % queries.size()]);
  EXPECT_EQ(engine.tensor_stats().computed, 8u);
}

/// Every map kind at slot 10, channel 1, both heights.
std::vector<MapAnswer> all_maps(const LiveEngine& e) {
  std::vector<MapAnswer> out;
  for (std::size_t h = 0; h < 2; ++h)
    for (MapKind k : {MapKind::MaxEirp, MapKind::AggregateMargin, MapKind::Coverage,
                      MapKind::BestServer, MapKind::Sinr})
      out.push_back(e.map({k, 1, 10, h}));
  return out;
}

void expect_fresh(const World& w, const LiveEngine& e, const std::vector<Station>& list) {
  LiveEngine fresh(w.sc, w.terrain);
  fresh.set_stations(list);
  const std::vector<MapAnswer> a = all_maps(e), b = all_maps(fresh);
  for (std::size_t i = 0; i < a.size(); ++i) expect_same_bits(a[i], b[i]);
}

TEST(LiveMaps, OnlyAnAddedOrMovedStationsTensorsAreComputed) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  std::vector<Station> list = w.everything();
  engine.set_stations(list);
  EXPECT_EQ(engine.tensor_stats().computed, 0u);  // nothing before a map asks
  all_maps(engine);
  // A coupling tensor for each of the 5 stations on the air at slot 10 (tx-c is off), an area
  // tensor for each of the 3 local 5G base stations; then every map of both heights from the
  // store.
  TensorStoreStats s = engine.tensor_stats();
  EXPECT_EQ(s.computed, 8u);
  EXPECT_EQ(s.entries, 8u);
  EXPECT_GT(s.hits, 0u);

  // Schedule and EIRP changes: no tensor.
  Station& p1 = list[4];
  ASSERT_EQ(p1.id, "gnb-p1");
  p1.eirp_dBm = 20;
  p1.schedule = {"Mon-Fri 08:00-12:00"};
  engine.upsert(p1);
  all_maps(engine);
  EXPECT_EQ(engine.tensor_stats().computed, 8u);
  expect_fresh(w, engine, list);

  // Moved: its two tensors, and its old ones leave the store.
  p1.x_m = 400250;
  p1.y_m = 3900050;
  const std::size_t before = engine.tensor_stats().computed;
  engine.upsert(p1);
  all_maps(engine);
  s = engine.tensor_stats();
  EXPECT_EQ(s.computed - before, 2u);
  EXPECT_EQ(s.entries, 8u);
  EXPECT_EQ(s.dropped, 2u);
  expect_fresh(w, engine, list);

  // Added: a new base station's two tensors.
  Station p3 = list[5];
  p3.id = "gnb-p3";
  p3.licensee = "lic-3";
  p3.x_m = 400150;
  p3.y_m = 3900250;
  list.push_back(p3);
  engine.upsert(p3);
  all_maps(engine);
  EXPECT_EQ(engine.tensor_stats().computed - before, 4u);
  expect_fresh(w, engine, list);

  // Removed: its tensors leave the store, none is computed.
  engine.remove("gnb-p2");
  std::erase_if(list, [](const Station& st) { return st.id == "gnb-p2"; });
  all_maps(engine);
  s = engine.tensor_stats();
  EXPECT_EQ(s.computed - before, 4u);
  EXPECT_EQ(s.entries, 8u);
  EXPECT_EQ(s.dropped, 4u);
  expect_fresh(w, engine, list);
}

TEST(LiveMaps, ASmallBudgetSpillsToTheCacheFolderAndReadsBackTheSameBits) {
  const World& w = world();
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("akichi-live-maps-" + std::to_string(::getpid())))
          .string();
  std::filesystem::remove_all(dir);
  LiveEngineOptions opt;
  // Two coupling tensors (2 heights x 400 cells x 4 bytes each) fit, not more.
  opt.tensor_budget_bytes = 2 * 2 * 400 * sizeof(float);
  opt.tensor_cache_dir = dir;
  LiveEngine small(w.sc, w.terrain, opt);
  small.set_stations(w.everything());
  const std::vector<MapAnswer> first = all_maps(small);
  TensorStoreStats s = small.tensor_stats();
  EXPECT_LE(s.bytes, opt.tensor_budget_bytes);
  EXPECT_GT(s.spills, 0u);
  EXPECT_EQ(s.computed, 8u);  // each once: the others come back from the folder
  EXPECT_GT(s.reloads, 0u);
  EXPECT_EQ(s.rejected, 0u);
  const std::vector<MapAnswer> again = all_maps(small);
  for (std::size_t i = 0; i < first.size(); ++i) expect_same_bits(first[i], again[i]);
  EXPECT_EQ(small.tensor_stats().computed, 8u);
  LiveEngine big(w.sc, w.terrain);
  big.set_stations(w.everything());
  const std::vector<MapAnswer> ref = all_maps(big);
  for (std::size_t i = 0; i < first.size(); ++i) expect_same_bits(first[i], ref[i]);
  std::filesystem::remove_all(dir);
}

TEST(LiveMaps, IndicesOutOfRangeAreInputErrors) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  EXPECT_THROW(engine.map({MapKind::MaxEirp, 3, 0, 0}), InputError);
  EXPECT_THROW(engine.map({MapKind::Coverage, 0, 48, 0}), InputError);
  EXPECT_THROW(engine.map({MapKind::Sinr, 0, 0, 2}), InputError);
  // Channels do not matter to the coverage maps; no base station on the air: NaN everywhere.
  const MapAnswer m = engine.map({MapKind::Coverage, 7, 0, 0});
  EXPECT_TRUE(m.servers.empty());
  EXPECT_TRUE(std::all_of(m.values.begin(), m.values.end(), [](float v) { return std::isnan(v); }));
}

/// The batch's MIC pairs of a scenario, as (a, b) -> cells.
std::map<std::pair<std::string, std::string>, std::size_t> batch_pairs(const World& w) {
  SilentProgress progress;
  const CoverageRun cov = run_coverage(w.sc, progress);
  const SharingRun run = run_sharing(w.sc, cov.terrain, &cov, progress);
  std::map<std::pair<std::string, std::string>, std::size_t> out;
  for (const MicPair& p : run.mic.pairs) out[{p.a, p.b}] = p.cells;
  return out;
}

TEST(LiveMaps, MovingAStationNextToAnotherLicenseeMakesAMicPairAppear) {
  const P near{400230, 3900210};  // beside gnb-x (lic-x)
  const World before(scenario_text(kP1, kP2, true));
  const World after(scenario_text(kP1, near, true));
  const auto pb = batch_pairs(before), pa = batch_pairs(after);
  LiveEngine engine(before.sc, before.terrain);
  engine.set_stations(before.everything());
  Station moved = as_live(after.sc.stations.planned()[1]);
  ASSERT_EQ(moved.id, "gnb-p2");
  const Judgement j = engine.judge_change(&moved, "");
  ASSERT_TRUE(j.mic);
  EXPECT_EQ(j.mic_rule, "4.7GHz");
  std::map<std::pair<std::string, std::string>, std::size_t> appeared, vanished;
  for (const MicPairChange& p : j.mic_pairs_appeared) {
    appeared[{p.a, p.b}] = p.cells;
    EXPECT_DOUBLE_EQ(p.area_m2, 400.0 * static_cast<double>(p.cells));
  }
  for (const MicPairChange& p : j.mic_pairs_vanished) vanished[{p.a, p.b}] = p.cells;
  std::map<std::pair<std::string, std::string>, std::size_t> want_appeared, want_vanished;
  for (const auto& [ab, cells] : pa)
    if (!pb.contains(ab)) want_appeared[ab] = cells;
  for (const auto& [ab, cells] : pb)
    if (!pa.contains(ab)) want_vanished[ab] = cells;
  EXPECT_EQ(appeared, want_appeared);
  EXPECT_EQ(vanished, want_vanished);
  // The case is one where lic-2 and lic-x come to coordinate.
  EXPECT_TRUE(appeared.contains({"lic-2", "lic-x"}) || appeared.contains({"lic-x", "lic-2"}));

  // A schedule change of a base station moves no area: nothing appears or vanishes.
  Station same = before.everything()[4];
  same.schedule = {"Mon 00:00-06:00"};
  const Judgement k = engine.judge_change(&same, "");
  EXPECT_TRUE(k.mic);
  EXPECT_TRUE(k.mic_pairs_appeared.empty());
  EXPECT_TRUE(k.mic_pairs_vanished.empty());

  // Without [mic] the judgement has none.
  const World& plain = world();
  LiveEngine no_mic(plain.sc, plain.terrain);
  no_mic.set_stations(plain.everything());
  EXPECT_FALSE(no_mic.judge_change(&moved, "").mic);
}

/// One station's part of a [station][y][x] mask.
std::vector<std::uint8_t> part(const std::vector<std::uint8_t>& v, std::size_t k,
                               std::size_t cells) {
  return std::vector<std::uint8_t>(v.begin() + static_cast<std::ptrdiff_t>(k * cells),
                                   v.begin() + static_cast<std::ptrdiff_t>((k + 1) * cells));
}

/// The live answer `m` equals the batch run's MIC areas `run`, station by station (`suffix`:
/// what the live ids have after the batch's), and pair by pair with their overlap masks.
void expect_batch_areas(const MicAreasAnswer& m, const SharingRun& run, std::size_t cells,
                        const std::string& suffix = "") {
  ASSERT_EQ(m.stations.size(), run.mic_station_ids.size());
  std::size_t inside = 0;
  for (std::size_t i = 0; i < m.stations.size(); ++i) {
    const std::string id = m.stations[i].substr(0, m.stations[i].size() - suffix.size());
    const auto it = std::find(run.mic_station_ids.begin(), run.mic_station_ids.end(), id);
    ASSERT_NE(it, run.mic_station_ids.end()) << m.stations[i];
    const auto j = static_cast<std::size_t>(it - run.mic_station_ids.begin());
    EXPECT_EQ(part(m.areas.coverage, i, cells), part(run.mic.coverage, j, cells)) << id;
    EXPECT_EQ(part(m.areas.coordination, i, cells), part(run.mic.coordination, j, cells)) << id;
    EXPECT_EQ(m.areas.coverage_cells[i], run.mic.coverage_cells[j]);
    EXPECT_EQ(m.areas.coordination_cells[i], run.mic.coordination_cells[j]);
    inside += m.areas.coverage_cells[i];
  }
  EXPECT_GT(inside, 0u);  // not a case of empty masks
  ASSERT_EQ(m.areas.pairs.size(), run.mic.pairs.size());
  for (std::size_t k = 0; k < m.areas.pairs.size(); ++k) {
    const MicPair &a = m.areas.pairs[k], &b = run.mic.pairs[k];
    EXPECT_EQ(std::tie(a.a, a.b, a.cells, a.cells_coverage, a.cells_premises),
              std::tie(b.a, b.b, b.cells, b.cells_coverage, b.cells_premises));
    EXPECT_EQ(a.area_m2, b.area_m2);
    EXPECT_EQ(a.mask, b.mask) << a.a << " -> " << a.b;
  }
}

TEST(LiveMaps, MicAreasAreTheBatchsMasks) {
  const World w(scenario_text(kP1, {400230, 3900210}, true));
  SilentProgress progress;
  const CoverageRun cov = run_coverage(w.sc, progress);
  const SharingRun run = run_sharing(w.sc, cov.terrain, &cov, progress);
  ASSERT_FALSE(run.mic_station_ids.empty());
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.everything());
  engine.set_premises(scenario_mic_premises(w.sc));
  const std::vector<MicAreasAnswer> m = engine.mic_areas();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rule, "4.7GHz");
  ASSERT_EQ(m[0].areas.nx, w.sc.grid.nx);
  ASSERT_EQ(m[0].areas.ny, w.sc.grid.ny);
  // Station by station (the engine's order is by id, the batch's its own): the same cells.
  expect_batch_areas(m[0], run, w.sc.grid.cells());

  // Without [mic], none.
  const World& plain = world();
  LiveEngine no_mic(plain.sc, plain.terrain);
  no_mic.set_stations(plain.everything());
  EXPECT_TRUE(no_mic.mic_areas().empty());
}

/// A scenario whose planned layout is lic-1's (so that its premises are lic-1's, as the batch
/// takes them) with premises `premises_path`, in the 4.7 GHz band of the MIC rules or, with
/// `band28`, every local 5G base station moved to the 28 GHz band (the incumbents stay).
std::string premises_text(const std::string& premises_path, bool band28) {
  std::string text = kHead;
  const auto replace = [&](const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("[coverage]\nnoise_figure_dB = 7\n",
          "[coverage]\nnoise_figure_dB = 7\npremises = \"" + premises_path + "\"\n");
  text += planned("gnb-p1", "lic-1", kP1.x, kP1.y, 28) +
          planned("gnb-p2", "lic-1", 400330, 3900260, 24) + kMic;
  if (band28) {
    replace("freq_lo_MHz = 4600\nfreq_hi_MHz = 4700\neirp_dBm = 30",
            "freq_lo_MHz = 28400\nfreq_hi_MHz = 28500\neirp_dBm = 30");
    for (int k = 0; k < 2; ++k) replace("freq_MHz = 4650", "freq_MHz = 28450");
  }
  return text;
}

TEST(LiveMaps, MicAreasWithPremisesInTwoBandsAreTheBatchsBandByBand) {
  // lic-1's premises: a block around gnb-p1, reached by lic-x's coordination area.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("akichi-live-premises-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string premises = (dir / "premises.geojson").string();
  {
    std::ofstream f(premises);
    f << R"({"type": "FeatureCollection",
  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32654"}},
  "features": [{"type": "Feature", "properties": {},
    "geometry": {"type": "Polygon", "coordinates": [[[400000, 3900040], [400200, 3900040],
      [400200, 3900240], [400000, 3900240], [400000, 3900040]]]}}]})";
  }
  const World w47(premises_text(premises, false));
  const World w28(premises_text(premises, true));
  SilentProgress progress;
  const CoverageRun cov47 = run_coverage(w47.sc, progress);
  const SharingRun run47 = run_sharing(w47.sc, cov47.terrain, &cov47, progress);
  const CoverageRun cov28 = run_coverage(w28.sc, progress);
  const SharingRun run28 = run_sharing(w28.sc, cov28.terrain, &cov28, progress);
  ASSERT_EQ(run47.mic_rule->name, "4.7GHz");
  ASSERT_EQ(run28.mic_rule->name, "28GHz");
  // The premises count: a pair reaches lic-1 through them in the batch.
  const auto through_premises = [](const SharingRun& r) {
    return std::any_of(r.mic.pairs.begin(), r.mic.pairs.end(),
                       [](const MicPair& p) { return p.b == "lic-1" && p.cells_premises > 0; });
  };
  EXPECT_TRUE(through_premises(run47));

  // One live state with the stations of both bands (the 28 GHz ones under ids of their own)
  // and lic-1's premises.
  LiveEngine engine(w47.sc, w47.terrain);
  std::vector<Station> all = w47.everything();
  for (Station st : w28.everything()) {
    if (st.role != StationRole::Local5gBase) continue;
    st.id += "-28";
    all.push_back(st);
  }
  engine.set_stations(all);
  const std::vector<MicPremises> prem = scenario_mic_premises(w47.sc);
  ASSERT_EQ(prem.size(), 1u);
  EXPECT_EQ(prem[0].licensee, "lic-1");
  engine.set_premises(prem);
  const std::vector<MicAreasAnswer> m = engine.mic_areas();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].rule, "4.7GHz");
  EXPECT_EQ(m[1].rule, "28GHz");
  const std::size_t cells = w47.sc.grid.cells();
  expect_batch_areas(m[0], run47, cells);
  expect_batch_areas(m[1], run28, cells, "-28");

  // A judgement in one band lists that band's pairs: moving lic-x's 4.7 GHz station away
  // makes its pairs vanish, with the batch's overlap before, and leaves the 28 GHz ones.
  Station far =
      *std::find_if(all.begin(), all.end(), [](const Station& s) { return s.id == "gnb-x"; });
  far.x_m = 400390;
  far.y_m = 3900390;
  const Judgement j = engine.judge_change(&far, "");
  ASSERT_TRUE(j.mic);
  EXPECT_EQ(j.mic_rule, "4.7GHz");
  for (const MicPairChange& p : j.mic_pairs_vanished) EXPECT_EQ(p.rule, "4.7GHz");
  for (const MicPairChange& p : j.mic_pairs_appeared) EXPECT_EQ(p.rule, "4.7GHz");
  std::size_t vanished_premises = 0;
  for (const MicPairChange& p : j.mic_pairs_vanished) {
    const auto it = std::find_if(run47.mic.pairs.begin(), run47.mic.pairs.end(),
                                 [&](const MicPair& b) { return b.a == p.a && b.b == p.b; });
    ASSERT_NE(it, run47.mic.pairs.end()) << p.a << " -> " << p.b;
    EXPECT_EQ(p.cells, it->cells);
    EXPECT_EQ(p.cells_premises, it->cells_premises);
    vanished_premises += p.cells_premises;
  }
  EXPECT_GT(vanished_premises, 0u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace akichi::sim::live::live_maps_test

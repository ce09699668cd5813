// The live engine (sim/live/live_engine.h) against the batch: vacancy() equals the batch cube
// bit for bit at cell centres, and the grant and change judgements against closed forms, brute
// force and a freshly built engine.
//
// The scenario: 20 x 20 cells of 20 m on synthetic terrain, P.452-18, two days hourly; two
// incumbent receivers (a directional one on weekdays 08-18 with a 1 % criterion, an omni one
// with a power criterion, always on), an incumbent transmitter at night, a licensee's
// quasi-synchronous local 5G base station that both transmits and receives.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/errors.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/live/live_engine.h"
#include "sim/scenario/scenario.h"
#include "sim/station/schedule.h"

namespace akichi::sim::live::live_engine_test {
namespace {

constexpr const char* kScenario = R"(
[scenario]
name = "live engine test"

[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400400
ymax_m = 3900400
cell_size_m = 20
rx_heights_m = [5.0, 15.0]

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

std::uint32_t bits(float f) {
  return std::bit_cast<std::uint32_t>(f);
}

struct World {
  World() = default;
  explicit World(const std::string& text)
      : sc(parse_scenario(text, "live_engine_test.toml")), terrain(load_terrain(sc, nullptr)) {}

  Scenario sc = parse_scenario(kScenario, "live_engine_test.toml");
  prop::TerrainGrid terrain = load_terrain(sc, nullptr);

  std::vector<Station> database() const {
    const auto db = sc.stations.database();
    return {db.begin(), db.end()};
  }
  std::vector<Station> incumbents() const {
    std::vector<Station> out;
    for (const Station& s : sc.stations.database())
      if (s.role == StationRole::Incumbent) out.push_back(s);
    return out;
  }
  const Station& station(std::string_view id) const {
    for (const Station& s : sc.stations.database())
      if (s.id == id) return s;
    throw std::runtime_error("no station");
  }
  /// Schedule expression of slot t alone, "LOCAL/LOCAL".
  std::string slot_schedule(std::size_t t) const {
    const TimeGrid& g = sc.sharing.time;
    const auto local = [&](std::int64_t u) { return iso_local(u, g.tz).substr(0, 16); };
    return local(g.start_utc_s[t]) + "/" + local(g.start_utc_s[t] + g.step_s);
  }
  /// A local 5G base station on channel `ch` with an omnidirectional antenna of the
  /// candidate's gain.
  Station grant(const std::string& id, const std::string& licensee, double x, double y, double h,
                double eirp, std::size_t ch, std::vector<std::string> schedule = {},
                TddMode tdd = TddMode::Synchronous, double overlap = 1.0) const {
    Station s;
    s.id = id;
    s.role = StationRole::Local5gBase;
    s.licensee = licensee;
    s.tdd = tdd;
    s.tdd_overlap = overlap;
    s.x_m = x;
    s.y_m = y;
    s.height_m = h;
    const Channel& c = sc.sharing.channels[ch];
    s.freq_lo_Hz = c.lo_Hz;
    s.freq_hi_Hz = c.hi_Hz;
    s.freq_Hz = c.centre_Hz();
    s.bandwidth_Hz = c.bandwidth_Hz();
    s.transmits = true;
    s.eirp_dBm = eirp;
    s.antenna.gain_dBi = sc.sharing.vacancy.antenna_gain_dBi;
    s.schedule = std::move(schedule);
    return s;
  }
};

const World& world() {
  static const World w;
  return w;
}

const ReceiverMargin* margin_at(const GrantDecision& d, std::string_view id) {
  for (const ReceiverMargin& m : d.receivers)
    if (m.receiver == id) return &m;
  return nullptr;
}

double power_sum_dBm(double a, double b) {
  return 10.0 * std::log10(std::pow(10.0, a / 10.0) + std::pow(10.0, b / 10.0));
}

TEST(LiveEngine, VacancyAtCellCentresEqualsTheBatchCubeBitForBit) {
  const World& w = world();
  SilentProgress progress;
  const SharingRun run = run_sharing(w.sc, w.terrain, nullptr, progress);
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  ASSERT_EQ(engine.n_slots(), 48u);
  const VacancyCube& cube = run.vacancy;
  ASSERT_GE(cube.n_sets, 3u);
  const auto db = w.sc.stations.database();
  const prop::StudyGrid& g = w.sc.grid;
  const std::vector<std::pair<int, int>> cells{{0, 0},  {3, 17}, {10, 10},
                                               {5, 15}, {19, 2}, {14, 9}};
  std::set<std::string> bindings;
  for (const auto& [ix, iy] : cells) {
    for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
      const std::size_t cell = static_cast<std::size_t>(iy * g.nx + ix);
      // Each slot alone: the cube of its active set.
      for (std::size_t t = 0; t < engine.n_slots(); t += 5) {
        const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[t]);
        const VacancyAnswer a =
            engine.vacancy({g.x(ix), g.y(iy), g.heights_m[h], {t, t + 1}, {}, {}});
        ASSERT_EQ(a.channels.size(), cube.n_channels);
        for (std::size_t c = 0; c < cube.n_channels; ++c) {
          const std::size_t i = cube.index(set, c, h) + cell;
          const ChannelVacancy& v = a.channels[c];
          EXPECT_EQ(v.channel, c);
          EXPECT_EQ(bits(v.max_eirp_dBm), bits(cube.max_eirp_dBm[i]))
              << ix << " " << iy << " " << t;
          const std::string binding =
              cube.binding[i] == kNoBinding ? "" : db[static_cast<std::size_t>(cube.binding[i])].id;
          EXPECT_EQ(v.binding, binding);
          EXPECT_EQ(v.binding_slot, t);
          EXPECT_EQ(bits(v.interference_dBm), bits(cube.interference_dBm[i]));
          EXPECT_EQ(v.usable, cube.usable[i] != 0);
          bindings.insert(v.binding);
        }
      }
      // The whole window, two channels asked in reverse order: the reduction over its slots.
      const VacancyAnswer a = engine.vacancy({g.x(ix), g.y(iy), g.heights_m[h], {}, {2, 0}, {}});
      ASSERT_EQ(a.channels.size(), 2u);
      for (std::size_t q = 0; q < 2; ++q) {
        const std::size_t c = q == 0 ? 2 : 0;
        float m = 0, in = -std::numeric_limits<float>::infinity();
        std::size_t slot = 0;
        bool usable = true;
        for (std::size_t t = 0; t < engine.n_slots(); ++t) {
          const std::size_t i =
              cube.index(static_cast<std::size_t>(run.vacancy_sets.slot_set[t]), c, h) + cell;
          if (t == 0 || cube.max_eirp_dBm[i] < m) {
            m = cube.max_eirp_dBm[i];
            slot = t;
          }
          in = std::max(in, cube.interference_dBm[i]);
          usable = usable && cube.usable[i];
        }
        EXPECT_EQ(a.channels[q].channel, c);
        EXPECT_EQ(bits(a.channels[q].max_eirp_dBm), bits(m));
        EXPECT_EQ(a.channels[q].binding_slot, slot);
        EXPECT_EQ(bits(a.channels[q].interference_dBm), bits(in));
        EXPECT_EQ(a.channels[q].usable, usable);
      }
    }
  }
  // The cells chosen see more than one binding receiver and the system maximum.
  EXPECT_GE(bindings.size(), 3u);
}

/// A point and slot where rx-a (channel 1, co-channel) binds the vacancy, rx-a on (Monday 10:00).
struct Bound {
  double x, y, h;
  std::size_t slot = 10, channel = 1;
};

/// The scenario on 20 MHz channels (15 of them), with rx-b's power criterion (-112 dBm per
/// MHz over 4800-4900 MHz) applied in the worst reference bandwidth (the default) or as the
/// band average.
const World& narrow_world(bool band_average) {
  const auto make = [](bool average) {
    std::string text = kScenario;
    const std::string from = "bandwidth_MHz = 100";
    text.replace(text.find(from), from.size(), "bandwidth_MHz = 20");
    if (average) text += "\n[protection]\ncriterion_mode = \"band_average\"\n";
    return text;
  };
  static const World worst(make(false));
  static const World average(make(true));
  return band_average ? average : worst;
}

TEST(LiveEngine, WorstReferenceBandwidthVacancyEqualsTheBatchCubeBitForBit) {
  const World& w = narrow_world(false);
  SilentProgress progress;
  const SharingRun run = run_sharing(w.sc, w.terrain, nullptr, progress);
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  const VacancyCube& cube = run.vacancy;
  ASSERT_EQ(cube.n_channels, 15u);
  const auto db = w.sc.stations.database();
  const prop::StudyGrid& g = w.sc.grid;
  std::size_t rx_b_binds = 0;
  for (const auto& [ix, iy] : std::vector<std::pair<int, int>>{{17, 2}, {15, 5}, {10, 10}}) {
    const std::size_t cell = static_cast<std::size_t>(iy * g.nx + ix);
    for (std::size_t t = 0; t < engine.n_slots(); t += 7) {
      const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[t]);
      const VacancyAnswer a =
          engine.vacancy({g.x(ix), g.y(iy), g.heights_m[0], {t, t + 1}, {}, {}});
      for (std::size_t c = 0; c < cube.n_channels; ++c) {
        const std::size_t i = cube.index(set, c, 0) + cell;
        EXPECT_EQ(bits(a.channels[c].max_eirp_dBm), bits(cube.max_eirp_dBm[i]));
        const std::string binding =
            cube.binding[i] == kNoBinding ? "" : db[static_cast<std::size_t>(cube.binding[i])].id;
        EXPECT_EQ(a.channels[c].binding, binding);
        rx_b_binds += binding == "rx-b";
      }
    }
  }
  EXPECT_GT(rx_b_binds, 0u);
}

TEST(LiveEngine, WorstReferenceBandwidthIsTheBandRatioStricterThanTheBandAverage) {
  // A 20 MHz newcomer inside rx-b's 100 MHz: in the worst 1 MHz it may put 1/20 of its power
  // where the band average lets it have 1/100 of the band's limit's density: 10 log10(100/20).
  const World& worst = narrow_world(false);
  const World& average = narrow_world(true);
  LiveEngine e_worst(worst.sc, worst.terrain), e_average(average.sc, average.terrain);
  e_worst.set_stations(worst.incumbents());
  e_average.set_stations(average.incumbents());
  int checked = 0;
  for (const auto& [x, y] :
       std::vector<std::pair<double, double>>{{400300, 3900100}, {400380, 3900020}}) {
    for (std::size_t ch = 10; ch < 15; ++ch) {  // 4800-4900 MHz: rx-b's band
      const ChannelVacancy vw = e_worst.vacancy({x, y, 10, {}, {ch}, {}}).channels.front();
      const ChannelVacancy va = e_average.vacancy({x, y, 10, {}, {ch}, {}}).channels.front();
      if (vw.binding != "rx-b" || va.binding != "rx-b") continue;
      ++checked;
      EXPECT_NEAR(va.max_eirp_dBm - vw.max_eirp_dBm, 10.0 * std::log10(100.0 / 20.0), 1e-4);
      // The grant at the vacancy passes, half a decibel above it does not, in the worst 1 MHz.
      const Station at = worst.grant("new", "lic-new", x, y, 10, vw.max_eirp_dBm, ch);
      const GrantDecision d = e_worst.judge_grant(at, ch);
      EXPECT_TRUE(d.granted) << d.reason;
      const ReceiverMargin* m = margin_at(d, "rx-b");
      ASSERT_NE(m, nullptr);
      EXPECT_EQ(m->limit_dBm, -112.0);
      EXPECT_NEAR(m->aggregate_dBm, -112.0, 1e-4);
      EXPECT_FALSE(
          e_worst
              .judge_grant(worst.grant("new", "lic-new", x, y, 10, vw.max_eirp_dBm + 0.5, ch), ch)
              .granted);
    }
  }
  EXPECT_GE(checked, 2);
}

TEST(LiveEngine, GrantsInDisjointPartsOfAWindowedReceiverDoNotAddOverlappingOnesDo) {
  const World& w = narrow_world(false);
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.incumbents());
  // Channels 10 and 13 (4800-4820 and 4860-4880 MHz) in rx-b's band, two grants near it.
  const Station g1 = w.grant("g1", "lic-1", 400300, 3900100, 10, 20, 10);
  const Station g2 = w.grant("g2", "lic-2", 400380, 3900150, 6, 23, 13);
  const Station g3 = w.grant("g3", "lic-3", 400380, 3900150, 6, 23, 10);
  const GrantDecision d1 = engine.judge_grant(g1, 10);
  const GrantDecision d2 = engine.judge_grant(g2, 13);
  const GrantDecision d3 = engine.judge_grant(g3, 10);
  const ReceiverMargin* a = margin_at(d1, "rx-b");
  const ReceiverMargin* b = margin_at(d2, "rx-b");
  const ReceiverMargin* c = margin_at(d3, "rx-b");
  ASSERT_TRUE(a && b && c);
  const double a_dBm = a->request_dBm;
  // Alone: the request's worst window is the aggregate.
  EXPECT_NEAR(a->aggregate_dBm, a_dBm, 1e-9);
  EXPECT_NEAR(b->request_dBm, c->request_dBm, 1e-9);  // the same path, 20 MHz each
  engine.upsert(g1);
  const GrantDecision d12 = engine.judge_grant(g2, 13);
  const GrantDecision d13 = engine.judge_grant(g3, 10);
  const ReceiverMargin* ab = margin_at(d12, "rx-b");
  const ReceiverMargin* ac = margin_at(d13, "rx-b");
  ASSERT_TRUE(ab && ac);
  // Disjoint: the worst window holds the larger alone; overlapping: the power sum.
  EXPECT_NEAR(ab->aggregate_dBm, std::max(a_dBm, b->request_dBm), 1e-9);
  EXPECT_NEAR(ac->aggregate_dBm, power_sum_dBm(a_dBm, c->request_dBm), 1e-9);
  // The engine's own aggregate after the grants: the same.
  engine.upsert(g2);
  for (const ReceiverChange& r : engine.interference())
    if (r.receiver == "rx-b") {
      EXPECT_NEAR(r.after_dBm, std::max(a_dBm, b->request_dBm), 1e-9);
    }
}

TEST(LiveEngine, RequestAtTheVacancyMaximumIsGrantedAndHalfADecibelAboveIsDenied) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.incumbents());
  int checked = 0;
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{
           {400150, 3900250}, {400250, 3900150}, {400330, 3900110}, {400090, 3900390}}) {
    for (std::size_t ch = 0; ch < 3; ++ch) {
      const Bound b{x, y, 8.0, 10, ch};
      const VacancyAnswer a =
          engine.vacancy({b.x, b.y, b.h, {b.slot, b.slot + 1}, {b.channel}, {}});
      const ChannelVacancy& v = a.channels.front();
      if (v.binding.empty()) continue;  // the system maximum binds
      ++checked;
      const std::vector<std::string> one{w.slot_schedule(b.slot)};
      const GrantDecision at =
          engine.judge_grant(w.grant("new", "lic-new", b.x, b.y, b.h, v.max_eirp_dBm, ch, one), ch);
      EXPECT_TRUE(at.granted) << at.reason;
      EXPECT_EQ(at.binding, v.binding);
      EXPECT_GE(at.margin_dB, -1e-4);
      EXPECT_LE(at.margin_dB, 1e-4);
      EXPECT_FALSE(at.grantable_eirp_dBm.has_value());
      const GrantDecision above = engine.judge_grant(
          w.grant("new", "lic-new", b.x, b.y, b.h, v.max_eirp_dBm + 0.5, ch, one), ch);
      EXPECT_FALSE(above.granted);
      EXPECT_EQ(above.binding, v.binding);
      EXPECT_NEAR(above.margin_dB, -0.5, 1e-4);
      // What could be granted is the vacancy, when it is a useful EIRP at all.
      if (v.max_eirp_dBm >= w.sc.sharing.vacancy.min_useful_eirp_dBm) {
        ASSERT_TRUE(above.grantable_eirp_dBm.has_value());
        EXPECT_NEAR(*above.grantable_eirp_dBm, v.max_eirp_dBm, 1e-4);
      } else {
        EXPECT_FALSE(above.grantable_eirp_dBm.has_value());
      }
      EXPECT_TRUE(above.slots_that_work.empty());
    }
  }
  EXPECT_GE(checked, 4);
}

TEST(LiveEngine, TwoGrantsAtOneReceiverSumAsPowers) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.incumbents());
  // Channel 2 is rx-b's band; two grants near it, always on.
  const Station g1 = w.grant("g1", "lic-1", 400300, 3900100, 10, 20, 2);
  const Station g2 = w.grant("g2", "lic-2", 400380, 3900150, 6, 23, 2);
  const GrantDecision d1 = engine.judge_grant(g1, 2);
  const GrantDecision d2 = engine.judge_grant(g2, 2);
  const ReceiverMargin* a = margin_at(d1, "rx-b");
  const ReceiverMargin* b = margin_at(d2, "rx-b");
  ASSERT_TRUE(a && b);
  // Alone, the aggregate is the request's share (incumbent transmitters do not count).
  EXPECT_DOUBLE_EQ(a->aggregate_dBm, a->request_dBm);
  engine.upsert(g1);
  const GrantDecision d2_after = engine.judge_grant(g2, 2);
  const ReceiverMargin* ab = margin_at(d2_after, "rx-b");
  ASSERT_TRUE(ab);
  EXPECT_NEAR(ab->request_dBm, b->request_dBm, 1e-12);
  EXPECT_NEAR(ab->aggregate_dBm, power_sum_dBm(a->request_dBm, b->request_dBm), 1e-9);
  EXPECT_NEAR(ab->margin_dB, ab->limit_dBm - ab->aggregate_dBm, 1e-12);
  engine.upsert(g2);
  for (const ReceiverChange& r : engine.interference()) {
    if (r.receiver != "rx-b") continue;
    EXPECT_NEAR(r.after_dBm, power_sum_dBm(a->request_dBm, b->request_dBm), 1e-9);
    ASSERT_EQ(r.top_after.size(), 2u);
    EXPECT_EQ(r.top_after[0].first, a->request_dBm > b->request_dBm ? "g1" : "g2");
  }
}

TEST(LiveEngine, AggregateCriterionDeniesASecondRequestThatPassesAlone) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.incumbents());
  const double x = 400300, y = 3900100, h = 10;
  const ChannelVacancy v = engine.vacancy({x, y, h, {}, {2}, {}}).channels.front();
  ASSERT_EQ(v.binding, "rx-b");
  // Each at 2 dB below the single-entry maximum passes alone; both together exceed the
  // limit by 10 log10(2 * 10^-0.2) = 1.01 dB.
  const Station g1 = w.grant("g1", "lic-1", x, y, h, v.max_eirp_dBm - 2.0, 2);
  const Station g2 = w.grant("g2", "lic-2", x, y, h, v.max_eirp_dBm - 2.0, 2);
  EXPECT_TRUE(engine.judge_grant(g1, 2).granted);
  EXPECT_TRUE(engine.judge_grant(g2, 2).granted);
  engine.upsert(g1);
  const GrantDecision d = engine.judge_grant(g2, 2);
  EXPECT_FALSE(d.granted);
  EXPECT_EQ(d.binding, "rx-b");
  EXPECT_NEAR(d.margin_dB, -(10.0 * std::log10(2.0) - 2.0), 1e-3);
  // What could be granted: the room left by g1, 10 log10(10^(I/10) - 10^(I_g1/10)).
  ASSERT_TRUE(d.grantable_eirp_dBm.has_value());
  const double share = v.max_eirp_dBm - 2.0;  // g1 and g2 have the same path
  const double room_dB = 10.0 * std::log10(1.0 - std::pow(10.0, (share - v.max_eirp_dBm) / 10.0));
  EXPECT_NEAR(*d.grantable_eirp_dBm, v.max_eirp_dBm + room_dB, 1e-3);
  EXPECT_TRUE(
      engine.judge_grant(w.grant("g2", "lic-2", x, y, h, *d.grantable_eirp_dBm, 2), 2).granted);
}

TEST(LiveEngine, GrantsOfTheReceiversOwnLicenseeDoNotCount) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  const Station& x = w.station("gnb-x");
  // Next to gnb-x on its channel, unsynchronised: another licensee reaches it, lic-x does not.
  const Station other =
      w.grant("o", "lic-o", x.x_m + 30, x.y_m, 10, 20, 0, {}, TddMode::Unsynchronised);
  Station own = other;
  own.licensee = "lic-x";
  EXPECT_NE(margin_at(engine.judge_grant(other, 0), "gnb-x"), nullptr);
  EXPECT_EQ(margin_at(engine.judge_grant(own, 0), "gnb-x"), nullptr);
  engine.upsert(own);
  for (const ReceiverChange& r : engine.interference())
    if (r.receiver == "gnb-x") {
      EXPECT_EQ(r.after_dBm, -std::numeric_limits<double>::infinity());
    }
}

TEST(LiveEngine, SynchronousLocal5gBaseStationsDoNotInterfere) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  std::vector<Station> list = w.incumbents();
  // A synchronous receiving base station of lic-y, always on.
  Station y = w.grant("gnb-y", "lic-y", 400200, 3900200, 10, 30, 0);
  y.receives = true;
  y.criterion.kind = ProtectionCriterion::Kind::IOverN;
  y.criterion.i_over_n_dB = -6;
  y.noise_figure_dB = 5;
  list.push_back(y);
  engine.set_stations(list);
  const auto req = [&](TddMode m, double overlap) {
    return engine.judge_grant(w.grant("n", "lic-n", 400230, 3900200, 10, 25, 0, {}, m, overlap), 0);
  };
  EXPECT_EQ(margin_at(req(TddMode::Synchronous, 1.0), "gnb-y"), nullptr);
  const GrantDecision unsync_d = req(TddMode::Unsynchronised, 1.0);
  const GrantDecision quasi_d = req(TddMode::QuasiSynchronous, 0.25);
  const ReceiverMargin* unsync = margin_at(unsync_d, "gnb-y");
  const ReceiverMargin* quasi = margin_at(quasi_d, "gnb-y");
  ASSERT_TRUE(unsync && quasi);
  EXPECT_NEAR(quasi->request_dBm - unsync->request_dBm, 10.0 * std::log10(0.25), 1e-9);
  // The synchronous request is also no interferer in gnb-y's aggregate once granted; the
  // unsynchronised one is.
  const auto at_y = [&] {
    for (const ReceiverChange& r : engine.interference())
      if (r.receiver == "gnb-y") return r;
    throw std::runtime_error("gnb-y is not a protected receiver");
  };
  const ReceiverChange alone = at_y();
  engine.upsert(w.grant("n", "lic-n", 400230, 3900200, 10, 25, 0));
  EXPECT_EQ(at_y().after_dBm, alone.after_dBm);
  EXPECT_EQ(at_y().top_after, alone.top_after);
  engine.upsert(w.grant("n", "lic-n", 400230, 3900200, 10, 25, 0, {}, TddMode::Unsynchronised));
  const auto top = at_y().top_after;
  EXPECT_TRUE(std::any_of(top.begin(), top.end(), [](const auto& c) { return c.first == "n"; }));
}

TEST(LiveEngine, SlotsAndChannelsThatWorkMatchSingleJudgements) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.incumbents());
  engine.upsert(w.grant("g1", "lic-1", 400050, 3900380, 10, -10, 0));
  const double x = 400150, y = 3900250, h = 8;
  // 3 dB above the maximum at 10:00 on Monday (rx-a on), on Monday and Tuesday 06:00-20:00.
  const ChannelVacancy v = engine.vacancy({x, y, h, {10, 11}, {1}, {}}).channels.front();
  ASSERT_EQ(v.binding, "rx-a");
  const std::vector<std::string> days{"Mon-Tue 06:00-20:00"};
  const Station req = w.grant("n", "lic-n", x, y, h, v.max_eirp_dBm + 3.0, 1, days);
  const GrantDecision d = engine.judge_grant(req, 1);
  EXPECT_FALSE(d.granted);
  std::size_t on = 0;
  for (std::size_t t = 0; t < engine.n_slots(); ++t) {
    Station one = req;
    one.schedule = {w.slot_schedule(t)};
    const bool in_request = (t % 24) >= 6 && (t % 24) < 20;
    if (!in_request) continue;
    ++on;
    const bool works =
        std::find(d.slots_that_work.begin(), d.slots_that_work.end(), t) != d.slots_that_work.end();
    EXPECT_EQ(engine.judge_grant(one, 1).granted, works) << t;
  }
  EXPECT_EQ(on, 28u);
  EXPECT_GT(d.slots_that_work.size(), 0u);
  EXPECT_LT(d.slots_that_work.size(), on);
  std::size_t working = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string& name = w.sc.sharing.channels[k].id;
    const bool listed = std::find(d.channels_that_work.begin(), d.channels_that_work.end(), name) !=
                        d.channels_that_work.end();
    EXPECT_EQ(engine.judge_grant(req, k).granted, listed) << name;
    working += listed;
  }
  EXPECT_GT(working, 0u);
  EXPECT_LT(working, 3u);
}

TEST(LiveEngine, RequestOutsideAReceiversScheduleIsGrantedAtAnyPower) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations({w.station("rx-a")});
  const Station& a = w.station("rx-a");
  // Right in front of rx-a, co-channel, at the system maximum.
  const double cap = w.sc.sharing.vacancy.max_eirp_dBm;
  const Station night =
      w.grant("n", "lic-n", a.x_m + 20, a.y_m - 40, 10, cap, 1, {"daily 19:00-07:00"});
  const GrantDecision dn = engine.judge_grant(night, 1);
  EXPECT_TRUE(dn.granted) << dn.reason;
  EXPECT_TRUE(dn.receivers.empty());
  EXPECT_EQ(dn.slots_that_work.size(), 24u);
  Station day = night;
  day.schedule = {"daily 07:00-19:00"};
  const GrantDecision dd = engine.judge_grant(day, 1);
  EXPECT_FALSE(dd.granted);
  EXPECT_EQ(dd.binding, "rx-a");
  EXPECT_LT(dd.margin_dB, -20.0);
}

std::vector<ReceiverChange> fresh_interference(const World& w, const std::vector<Station>& list) {
  LiveEngine fresh(w.sc, w.terrain);
  fresh.set_stations(list);
  return fresh.interference();
}

void expect_after_equals(const Judgement& j, const std::vector<ReceiverChange>& fresh) {
  ASSERT_EQ(j.receivers.size(), fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    EXPECT_EQ(j.receivers[i].receiver, fresh[i].receiver);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(j.receivers[i].after_dBm),
              std::bit_cast<std::uint64_t>(fresh[i].after_dBm))
        << fresh[i].receiver;
    EXPECT_EQ(j.receivers[i].top_after, fresh[i].top_after);
  }
}

void expect_same(const std::vector<ReceiverChange>& a, const std::vector<ReceiverChange>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].receiver, b[i].receiver);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a[i].after_dBm),
              std::bit_cast<std::uint64_t>(b[i].after_dBm));
    EXPECT_EQ(a[i].top_after, b[i].top_after);
  }
}

TEST(LiveEngine, JudgedChangesEqualAFreshEngineAndOnlyTheChangedPathsAreComputed) {
  const World& w = world();
  std::vector<Station> list = w.database();
  list.push_back(w.grant("g1", "lic-1", 400300, 3900100, 10, 10, 0));
  list.push_back(w.grant("g2", "lic-2", 400150, 3900250, 8, 20, 1, {"Mon-Fri 07:00-12:00"},
                         TddMode::Unsynchronised));
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(list);
  const std::vector<ReceiverChange> now = engine.interference();
  ASSERT_EQ(now.size(), 3u);  // rx-a, rx-b, gnb-x

  // Add: g3 next to rx-b at a power that harms it.
  const Station g3 = w.grant("g3", "lic-3", 400340, 3900080, 12, 40, 2);
  const Judgement add = engine.judge_change(&g3, "");
  std::vector<Station> with_g3 = list;
  with_g3.push_back(g3);
  expect_after_equals(add, fresh_interference(w, with_g3));
  for (std::size_t i = 0; i < now.size(); ++i)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(add.receivers[i].before_dBm),
              std::bit_cast<std::uint64_t>(now[i].after_dBm));
  EXPECT_EQ(add.newly_harmed, std::vector<std::string>{"rx-b"});
  EXPECT_TRUE(add.no_longer_harmed.empty());

  // Move: g1 to the other corner. The judgement, then the upsert: only g1's paths (into the
  // three receivers it reaches) are computed, and the state equals a fresh engine.
  Station g1 = list[list.size() - 2];
  g1.x_m = 400050;
  g1.y_m = 3900380;
  std::vector<Station> moved = list;
  moved[moved.size() - 2] = g1;
  const Judgement move = engine.judge_change(&g1, "");
  expect_after_equals(move, fresh_interference(w, moved));
  std::size_t before = engine.paths_computed();
  engine.upsert(g1);
  EXPECT_EQ(engine.paths_computed() - before, 3u);
  expect_same(engine.interference(), fresh_interference(w, moved));
  EXPECT_EQ(engine.stations().size(), moved.size());

  // A schedule change computes no path, judged or applied.
  g1.schedule = {"Mon 00:00-12:00"};
  moved[moved.size() - 2] = g1;
  before = engine.paths_computed();
  const Judgement sched = engine.judge_change(&g1, "");
  engine.upsert(g1);
  EXPECT_EQ(engine.paths_computed(), before);
  expect_after_equals(sched, fresh_interference(w, moved));
  expect_same(engine.interference(), fresh_interference(w, moved));

  // Remove: g2, judged then applied.
  std::vector<Station> without = moved;
  std::erase_if(without, [](const Station& s) { return s.id == "g2"; });
  const Judgement rm = engine.judge_change(nullptr, "g2");
  expect_after_equals(rm, fresh_interference(w, without));
  before = engine.paths_computed();
  engine.remove("g2");
  EXPECT_EQ(engine.paths_computed(), before);
  expect_same(engine.interference(), fresh_interference(w, without));

  // g3 applied, then judged away: rx-b is no longer harmed.
  engine.upsert(g3);
  const Judgement back = engine.judge_change(nullptr, "g3");
  EXPECT_EQ(back.no_longer_harmed, std::vector<std::string>{"rx-b"});
  EXPECT_TRUE(back.newly_harmed.empty());
  expect_after_equals(back, fresh_interference(w, without));
}

/// Two vacancy answers channel by channel, bit for bit.
void expect_same_answer(const VacancyAnswer& a, const VacancyAnswer& b) {
  ASSERT_EQ(a.channels.size(), b.channels.size());
  for (std::size_t c = 0; c < a.channels.size(); ++c) {
    EXPECT_EQ(bits(a.channels[c].max_eirp_dBm), bits(b.channels[c].max_eirp_dBm));
    EXPECT_EQ(a.channels[c].binding, b.channels[c].binding);
    EXPECT_EQ(a.channels[c].binding_slot, b.channels[c].binding_slot);
    EXPECT_EQ(bits(a.channels[c].interference_dBm), bits(b.channels[c].interference_dBm));
    EXPECT_EQ(a.channels[c].usable, b.channels[c].usable);
  }
}

TEST(LiveEngine, ConcurrentVacancyQueriesGiveTheSerialAnswers) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  std::vector<Station> list = w.database();
  list.push_back(w.grant("g1", "lic-1", 400300, 3900100, 10, 25, 2));
  engine.set_stations(list);
  std::vector<VacancyQuery> queries;
  for (int i = 0; i < 16; ++i)
    queries.push_back({400010.0 + 23.0 * i, 3900390.0 - 21.0 * i, 3.0 + i, {}, {}, {}});
  std::vector<VacancyAnswer> serial;
  for (const VacancyQuery& q : queries) serial.push_back(engine.vacancy(q));
  std::vector<std::vector<VacancyAnswer>> parallel(8);
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < 8; ++k) {
    threads.emplace_back([&, k] {
      for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t i = 0; i < queries.size(); ++i)
          parallel[k].push_back(engine.vacancy(queries[(i + k) % queries.size()]));
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t k = 0; k < 8; ++k) {
    ASSERT_EQ(parallel[k].size(), 3 * queries.size());
    for (std::size_t j = 0; j < parallel[k].size(); ++j) {
      expect_same_answer(parallel[k][j], serial[(j % queries.size() + k) % queries.size()]);
    }
  }
}

TEST(LiveEngine, VacancyAfterEachChangeEqualsAFreshEngine) {
  // The reduction's terms are kept between queries: every change of the stations (set, upsert,
  // move, schedule, remove) must give the answers of an engine built with the new list.
  const World& w = world();
  const std::vector<VacancyQuery> queries = {{400120.0, 3900210.0, 6.0, {}, {}, {}},
                                             {400300.0, 3900300.0, 10.0, {0, 12}, {}, {}},
                                             {400200.0, 3900120.0, 3.0, {}, {0}, {}}};
  const auto expect_fresh = [&](const LiveEngine& engine, const std::vector<Station>& list) {
    LiveEngine fresh(w.sc, w.terrain);
    fresh.set_stations(list);
    for (const VacancyQuery& q : queries) expect_same_answer(engine.vacancy(q), fresh.vacancy(q));
  };
  LiveEngine engine(w.sc, w.terrain);
  std::vector<Station> list = w.database();
  engine.set_stations(list);
  expect_fresh(engine, list);
  const VacancyAnswer before = engine.vacancy(queries[0]);

  // A grant next to the first point, on the air all week: it must show in the next answer.
  Station g = w.grant("g1", "lic-1", 400130, 3900200, 12, 40, 0, {}, TddMode::Unsynchronised);
  list.push_back(g);
  engine.upsert(g);
  expect_fresh(engine, list);
  EXPECT_NE(bits(engine.vacancy(queries[0]).channels[0].interference_dBm),
            bits(before.channels[0].interference_dBm));

  g.x_m = 400290;  // moved
  list.back() = g;
  engine.upsert(g);
  expect_fresh(engine, list);

  g.schedule = {"Mon 00:00-06:00"};  // on the air for a few slots only
  list.back() = g;
  engine.upsert(g);
  expect_fresh(engine, list);

  list.pop_back();
  engine.remove("g1");
  expect_fresh(engine, list);

  list.push_back(w.grant("g2", "lic-2", 400150, 3900250, 8, 20, 1));
  engine.set_stations(list);
  expect_fresh(engine, list);
}

TEST(LiveEngine, BadQueriesAreInputErrors) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  EXPECT_THROW(engine.vacancy({390000, 3900100, 5, {}, {}, {}}), InputError);
  EXPECT_THROW(engine.vacancy({400100, 3900100, 5, {3, 2}, {}, {}}), InputError);
  EXPECT_THROW(engine.vacancy({400100, 3900100, 5, {0, 49}, {}, {}}), InputError);
  EXPECT_THROW(engine.vacancy({400100, 3900100, 5, {}, {3}, {}}), InputError);
  EXPECT_THROW(engine.judge_grant(w.grant("n", "l", 400100, 3900100, 5, 20, 0), 3), InputError);
  std::vector<Station> twice = w.database();
  twice.push_back(twice.front());
  EXPECT_THROW(engine.set_stations(twice), InputError);
}

}  // namespace
}  // namespace akichi::sim::live::live_engine_test

namespace akichi::sim::live::live_engine_test {
namespace {

TEST(LiveEngine, ModelsJsonNamesTheModelOfEachTimePercentage) {
  const World& w = world();
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.database());
  const nlohmann::json j = nlohmann::json::parse(engine.models_json());
  EXPECT_EQ(j.at("propagation"), "p452-18");
  ASSERT_EQ(j.at("paths").size(), 2u);  // the scenario's 50 %, and rx-a's 1 %
  EXPECT_TRUE(j.at("paths")[0].at("time_percent").is_null());
  EXPECT_EQ(j.at("paths")[1].at("time_percent"), 1.0);
  for (const auto& m : j.at("paths"))
    EXPECT_NE(m.at("model").get<std::string>().find("452"), std::string::npos);
  EXPECT_NE(j.at("paths")[0].at("model"), j.at("paths")[1].at("model"));
}

}  // namespace
}  // namespace akichi::sim::live::live_engine_test

namespace akichi::sim::live::live_engine_test {
namespace {

/// The scenario with a directional candidate newcomer ([vacancy] antenna): a 3GPP sector of
/// 14 dBi with a 10-degree vertical beam, turned to 200 degrees or to the best of every 30.
const World& directional_world(bool best) {
  const auto make = [](bool b) {
    std::string text = kScenario;
    const std::string from = "antenna_gain_dBi = 3\n";
    std::string to =
        std::string("antenna = { type = \"3gpp_sector\", gain_dBi = 14, hpbw_h_deg = ") +
        "65, hpbw_v_deg = 10, downtilt_deg = 4" + (b ? "" : ", azimuth_deg = 200") + " }\n";
    if (b) to += "azimuth = \"best\"\nazimuth_step_deg = 30\n";
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  static const World fixed(make(false));
  static const World searched(make(true));
  return best ? searched : fixed;
}

/// The point answers of `engine` (for `candidate`, or the scenario's) against the batch cube
/// at cell centres, one slot at a time: every field bit for bit, the azimuth too.
void expect_cube_at_cell_centres(const World& w, const LiveEngine& engine, const SharingRun& run,
                                 const std::optional<CandidateAntenna>& candidate) {
  const VacancyCube& cube = run.vacancy;
  const auto db = w.sc.stations.database();
  const prop::StudyGrid& g = w.sc.grid;
  std::set<std::string> bindings;
  for (const auto& [ix, iy] :
       std::vector<std::pair<int, int>>{{0, 0}, {3, 17}, {10, 10}, {19, 2}}) {
    for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
      const std::size_t cell = static_cast<std::size_t>(iy * g.nx + ix);
      for (std::size_t t = 0; t < engine.n_slots(); t += 7) {
        const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[t]);
        VacancyQuery q{g.x(ix), g.y(iy), g.heights_m[h], {t, t + 1}, {}, {}};
        q.candidate = candidate;
        const VacancyAnswer a = engine.vacancy(q);
        ASSERT_EQ(a.channels.size(), cube.n_channels);
        for (std::size_t c = 0; c < cube.n_channels; ++c) {
          const std::size_t i = cube.index(set, c, h) + cell;
          const ChannelVacancy& v = a.channels[c];
          EXPECT_EQ(bits(v.max_eirp_dBm), bits(cube.max_eirp_dBm[i]))
              << ix << " " << iy << " " << t;
          const std::string binding =
              cube.binding[i] == kNoBinding ? "" : db[static_cast<std::size_t>(cube.binding[i])].id;
          EXPECT_EQ(v.binding, binding);
          EXPECT_EQ(bits(v.interference_dBm), bits(cube.interference_dBm[i]));
          EXPECT_EQ(v.usable, cube.usable[i] != 0);
          if (cube.azimuth_deg.empty()) {
            EXPECT_FALSE(v.azimuth_deg.has_value());
          } else {
            ASSERT_TRUE(v.azimuth_deg.has_value());
            EXPECT_EQ(*v.azimuth_deg, cube.azimuth_deg[i]) << ix << " " << iy << " " << t;
          }
          bindings.insert(v.binding);
        }
      }
    }
  }
  // The points see more than one binding receiver.
  EXPECT_GE(bindings.size(), 2u);
}

TEST(LiveEngine, DirectionalCandidateVacancyEqualsTheBatchCubeBitForBit) {
  for (const bool best : {false, true}) {
    const World& w = directional_world(best);
    ASSERT_TRUE(w.sc.sharing.vacancy.antenna.has_value());
    ASSERT_EQ(w.sc.sharing.vacancy.best_azimuth, best);
    SilentProgress progress;
    const SharingRun run = run_sharing(w.sc, w.terrain, nullptr, progress);
    ASSERT_EQ(run.vacancy.azimuth_deg.empty(), !best);
    LiveEngine engine(w.sc, w.terrain);
    engine.set_stations(w.database());
    // The scenario's candidate, and the same antenna given in the query.
    expect_cube_at_cell_centres(w, engine, run, std::nullopt);
    CandidateAntenna same{*w.sc.sharing.vacancy.antenna, best,
                          w.sc.sharing.vacancy.azimuth_step_deg};
    same.antenna.freq_Hz = 1;  // the engine sets the plan's centre, as the scenario did
    expect_cube_at_cell_centres(w, engine, run, same);
    // The map of the live state at one slot, channel and height: the cube's layer.
    const prop::StudyGrid& g = w.sc.grid;
    const std::size_t slot = 10, ch = 1, h = 1;
    const MapAnswer m = engine.map({MapKind::MaxEirp, ch, slot, h});
    const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[slot]);
    ASSERT_EQ(m.values.size(), g.cells());
    for (std::size_t c = 0; c < g.cells(); ++c)
      ASSERT_EQ(bits(m.values[c]),
                bits(run.vacancy.max_eirp_dBm[run.vacancy.index(set, ch, h) + c]))
          << c;
  }
}

TEST(LiveEngine, CandidateOfTheQueryReplacesTheScenarios) {
  // An omnidirectional candidate of 3 dBi asked of the directional scenario gives the omni
  // scenario's answer (its b terms moved by the difference of the maximum gains: a rounding).
  const World& omni = world();
  const World& dir = directional_world(false);
  LiveEngine a(omni.sc, omni.terrain), b(dir.sc, dir.terrain);
  a.set_stations(omni.database());
  b.set_stations(dir.database());
  CandidateAntenna iso;
  iso.antenna.type = "isotropic";
  iso.antenna.gain_dBi = 3;
  int differ = 0;
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{
           {400150, 3900250}, {400250, 3900150}, {400090, 3900390}}) {
    for (std::size_t t : {2u, 10u, 30u}) {
      VacancyQuery q{x, y, 8.0, {t, t + 1}, {}, {}};
      const VacancyAnswer ref = a.vacancy(q);
      const VacancyAnswer scen = b.vacancy(q);
      q.candidate = iso;
      const VacancyAnswer asked = b.vacancy(q);
      for (std::size_t c = 0; c < ref.channels.size(); ++c) {
        EXPECT_NEAR(asked.channels[c].max_eirp_dBm, ref.channels[c].max_eirp_dBm, 1e-4);
        EXPECT_EQ(asked.channels[c].binding, ref.channels[c].binding);
        EXPECT_NEAR(asked.channels[c].interference_dBm, ref.channels[c].interference_dBm, 1e-4);
        EXPECT_FALSE(asked.channels[c].azimuth_deg.has_value());
        differ += scen.channels[c].max_eirp_dBm != ref.channels[c].max_eirp_dBm ? 1 : 0;
      }
    }
  }
  // The sector of the scenario does answer otherwise.
  EXPECT_GT(differ, 0);
  // A best-azimuth step that does not divide 360 degrees is an input error.
  CandidateAntenna bad{*dir.sc.sharing.vacancy.antenna, true, 25};
  bad.antenna.azimuth_deg = 0;
  VacancyQuery q{400150, 3900250, 8.0, {}, {}, {}};
  q.candidate = bad;
  EXPECT_THROW(b.vacancy(q), InputError);
}

TEST(LiveEngine, DirectionalRequestAtTheVacancyMaximumIsGrantedAndHalfADecibelAboveIsDenied) {
  // The grant judges the request's own antenna towards each receiver: a request with the
  // candidate's antenna, turned to the azimuth the vacancy reports, at the vacancy's maximum.
  const World& w = directional_world(true);
  LiveEngine engine(w.sc, w.terrain);
  engine.set_stations(w.incumbents());
  int checked = 0;
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{
           {400150, 3900250}, {400250, 3900150}, {400330, 3900110}, {400090, 3900390}}) {
    for (std::size_t ch = 0; ch < 3; ++ch) {
      const Bound b{x, y, 8.0, 10, ch};
      const VacancyAnswer a =
          engine.vacancy({b.x, b.y, b.h, {b.slot, b.slot + 1}, {b.channel}, {}});
      const ChannelVacancy& v = a.channels.front();
      ASSERT_TRUE(v.azimuth_deg.has_value());
      if (v.binding.empty()) continue;  // the system maximum binds
      ++checked;
      const std::vector<std::string> one{w.slot_schedule(b.slot)};
      const auto request = [&](double eirp) {
        Station s = w.grant("new", "lic-new", b.x, b.y, b.h, eirp, ch, one);
        s.antenna = *w.sc.sharing.vacancy.antenna;
        s.antenna.azimuth_deg = *v.azimuth_deg;
        return s;
      };
      const GrantDecision at = engine.judge_grant(request(v.max_eirp_dBm), ch);
      EXPECT_TRUE(at.granted) << at.reason;
      EXPECT_EQ(at.binding, v.binding);
      EXPECT_NEAR(at.margin_dB, 0.0, 1e-4);
      const GrantDecision above = engine.judge_grant(request(v.max_eirp_dBm + 0.5), ch);
      EXPECT_FALSE(above.granted);
      EXPECT_NEAR(above.margin_dB, -0.5, 1e-4);
    }
  }
  EXPECT_GE(checked, 3);
}

}  // namespace
}  // namespace akichi::sim::live::live_engine_test

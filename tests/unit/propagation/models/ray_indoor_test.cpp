// Inside a building (propagation/models/ray_indoor.h): the scenario a building's use names, the
// InF sub-scenario of TR 38.901 V17.0.0 Table 7.2-4, the Table 7.4.1-1 / 7.4.2-1 losses against
// values computed by hand from the table's formulas, the indoor leg's excess over free space,
// where a ray leaves a building's volume, and the ray model's links inside a building, leaving
// one, and outdoors.
#include "propagation/models/ray_indoor.h"

#include <cmath>
#include <memory>

#include <gtest/gtest.h>

#include "propagation/models/itu_r_p525.h"
#include "propagation/models/ray_2p5d.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::ray::ray_indoor_test {
namespace {

constexpr double kF_Hz = 4.85e9, kF_GHz = 4.85;

Building building(const Polygon2& fp, double height_m, BuildingUse use) {
  Building b;
  b.footprint = fp;
  b.height_m = height_m;
  b.use = use;
  return b;
}

/// The options that reproduce the ray model as it was before the indoor models: the rays
/// inside a building, no indoor loss on links leaving one.
Options rays_only(Options o = Options{}) {
  o.indoor.by_use = false;
  o.indoor.forced = IndoorScenario::FreeSpace;
  o.indoor.depth_loss = false;
  return o;
}

TEST(RayIndoor, ScenarioOfTheBuildingsUse) {
  IndoorOptions o;
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Office), IndoorScenario::InH_Mixed);
  EXPECT_EQ(scenario_of_use(o, BuildingUse::OpenOffice), IndoorScenario::InH_Open);
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Factory), IndoorScenario::InF);
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Unspecified), IndoorScenario::InH_Mixed);
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Other), IndoorScenario::InH_Mixed);
  o.default_scenario = IndoorScenario::FreeSpace;
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Other), IndoorScenario::FreeSpace);
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Factory), IndoorScenario::InF);
  o.by_use = false;
  o.forced = IndoorScenario::InF_DH;
  EXPECT_EQ(scenario_of_use(o, BuildingUse::Office), IndoorScenario::InF_DH);
  for (const char* name :
       {"free_space", "InH", "InH-open", "InF", "InF-SL", "InF-DL", "InF-SH", "InF-DH"}) {
    IndoorScenario s{};
    ASSERT_TRUE(parse_indoor_scenario(name, s)) << name;
    EXPECT_STREQ(indoor_scenario_name(s), name);
  }
  IndoorScenario s{};
  EXPECT_FALSE(parse_indoor_scenario("InH-Office", s));
}

// Table 7.2-4: sparse clutter r < 40 %, dense r >= 40 %; high BS above the clutter height h_c.
TEST(RayIndoor, InFSubScenarioByClutterDensityAndHeight) {
  IndoorOptions o;  // r = 0.2, h_c = 2 m
  EXPECT_EQ(resolve(IndoorScenario::InF, o, 1.5), tr38901::Scenario::InF_SL);
  EXPECT_EQ(resolve(IndoorScenario::InF, o, 2.0), tr38901::Scenario::InF_SL);
  EXPECT_EQ(resolve(IndoorScenario::InF, o, 8.0), tr38901::Scenario::InF_SH);
  o.clutter_density = 0.4;
  EXPECT_EQ(resolve(IndoorScenario::InF, o, 1.5), tr38901::Scenario::InF_DL);
  EXPECT_EQ(resolve(IndoorScenario::InF, o, 8.0), tr38901::Scenario::InF_DH);
  // A named sub-scenario stays as named.
  EXPECT_EQ(resolve(IndoorScenario::InF_SL, o, 8.0), tr38901::Scenario::InF_SL);
  EXPECT_EQ(resolve(IndoorScenario::InH_Open, o, 8.0), tr38901::Scenario::InH_Open);
}

// Hand values at 4.85 GHz from the formulas of Table 7.4.1-1 and Table 7.4.2-1.
TEST(RayIndoor, LossesOfTheTablesFormulas) {
  IndoorOptions o;
  // InH mixed office, d_2D = 30 m, antennas at 2.5 m and 1.5 m: d_3D = sqrt(30^2 + 1) =
  // 30.01666203960727 m.
  const double d3 = std::hypot(30.0, 1.0);
  // PL_LOS = 32.4 + 17.3 log10(d_3D) + 20 log10(f_c) = 71.67320421401416
  // PL'_NLOS = 38.3 log10(d_3D) + 17.30 + 24.9 log10(f_c) = 90.95794903844542 (> PL_LOS)
  // P_LOS (mixed office, d_2D > 6.5 m) = exp(-(30 - 6.5)/32.6) 0.32 = 0.1556269971280959
  // weighted: -10 log10(P 10^(-7.167320421401416) + (1 - P) 10^(-9.095794903844542))
  //         = 79.48306187154051
  o.los = IndoorLos::Los;
  EXPECT_NEAR(indoor_loss(IndoorScenario::InH_Mixed, o, kF_GHz, 30, d3, 2.5, 1.5).loss_dB,
              71.67320421401416, 1e-9);
  o.los = IndoorLos::Nlos;
  EXPECT_NEAR(indoor_loss(IndoorScenario::InH_Mixed, o, kF_GHz, 30, d3, 1.5, 2.5).loss_dB,
              90.95794903844542, 1e-9);
  o.los = IndoorLos::Probabilistic;
  const IndoorLoss inh = indoor_loss(IndoorScenario::InH_Mixed, o, kF_GHz, 30, d3, 2.5, 1.5);
  EXPECT_NEAR(inh.p_los, 0.1556269971280959, 1e-12);
  EXPECT_NEAR(inh.loss_dB, 79.48306187154051, 1e-9);

  // InF with r = 0.2, h_c = 2 m, d_clutter = 2 m; BS at 8 m (above the clutter: InF-SH), UT
  // at 1.5 m, d_2D = 30 m: d_3D = sqrt(30^2 + 6.5^2) = 30.696090956341656 m.
  const double d3f = std::hypot(30.0, 6.5);
  // PL_LOS = 31.84 + 21.50 log10(d_3D) + 19.00 log10(f_c) = 76.84137910425066
  // PL_NLOS = max(32.4 + 23.0 log10(d_3D) + 20 log10(f_c), PL_LOS) = 80.31774545244417
  // k_subsce = -d_clutter / ln(1 - r) (h_BS - h_UT) / (h_c - h_UT) = 116.51692306083832 m
  // P_LOS = exp(-d_2D / k_subsce) = 0.7730022432146572; weighted 77.4215382942179
  const IndoorLoss sh = indoor_loss(IndoorScenario::InF, o, kF_GHz, 30, d3f, 1.5, 8.0);
  EXPECT_EQ(sh.scenario, tr38901::Scenario::InF_SH);
  EXPECT_NEAR(sh.p_los, 0.7730022432146572, 1e-12);
  EXPECT_NEAR(sh.loss_dB, 77.4215382942179, 1e-9);

  // Dense clutter (r = 0.6), both antennas below h_c: InF-DL; d_3D = sqrt(30^2 + 0.5^2).
  // PL_NLOS = max(18.6 + 35.7 log10(d_3D) + 20 log10(f_c), PL_LOS, PL_InF-SL) = 85.05021664331858
  o.clutter_density = 0.6;
  o.los = IndoorLos::Nlos;
  const IndoorLoss dl =
      indoor_loss(IndoorScenario::InF, o, kF_GHz, 30, std::hypot(30.0, 0.5), 1.0, 1.5);
  EXPECT_EQ(dl.scenario, tr38901::Scenario::InF_DL);
  EXPECT_NEAR(dl.loss_dB, 85.05021664331858, 1e-9);
}

// The indoor leg's excess over free space (P.525-4: 20 log10(4 pi d f / c)), hand values at
// 4.85 GHz, both heights 1.5 m, LoS-probability weighted.
TEST(RayIndoor, LegExcessOverFreeSpace) {
  const IndoorOptions o;
  // InH mixed, 30 m: weighted 79.47858550560409 - FSPL 75.7050430883219 = 3.7735424172821865.
  EXPECT_NEAR(indoor_leg_excess_dB(IndoorScenario::InH_Mixed, o, kF_Hz, 30, 30, 1.5, 1.5),
              3.7735424172821865, 1e-9);
  // InF at 1.5 m (below h_c = 2 m, r = 0.2: InF-SL), 10 m: P_LOS = exp(-10 / (-2 / ln 0.8)),
  // weighted 69.35630296196592 - FSPL 66.16261799392865 = 3.1936849680372745.
  EXPECT_NEAR(indoor_leg_excess_dB(IndoorScenario::InF, o, kF_Hz, 10, 10, 1.5, 1.5),
              3.1936849680372745, 1e-9);
  // Below 1 m both at 1 m: InH LoS there is 0.048 dB below free space, so nothing.
  EXPECT_EQ(indoor_leg_excess_dB(IndoorScenario::InH_Mixed, o, kF_Hz, 0.2, 0.2, 1.5, 1.5), 0.0);
  EXPECT_EQ(indoor_leg_excess_dB(IndoorScenario::FreeSpace, o, kF_Hz, 30, 30, 1.5, 1.5), 0.0);
}

TEST(RayIndoor, ExitFromTheBuildingsVolume) {
  auto bs = std::make_shared<Buildings>();
  // A rectangle, a U open to the north (a concave building the ray leaves and re-enters),
  // and two overlapping parts of one building.
  bs->push_back(building(box_footprint(0, 0, 40, 20), 10, BuildingUse::Office));
  Polygon2 u;
  bg::read_wkt("POLYGON((100 0,100 30,110 30,110 10,130 10,130 30,140 30,140 0,100 0))", u);
  bg::correct(u);
  bs->push_back(building(u, 10, BuildingUse::Factory));
  bs->push_back(building(box_footprint(200, 0, 230, 20), 10, BuildingUse::Office));
  bs->push_back(building(box_footprint(220, 5, 260, 15), 20, BuildingUse::Office));
  const BuildingIndex idx(bs);
  std::vector<FaceCrossing> faces;
  // From (x0, y0) at 1 m to (x1, y1) at z1 (1 m unless given).
  const auto depth = [&](double x0, double y0, double x1, double y1, double z1 = 1.0) {
    std::vector<std::uint32_t> parts;
    idx.parts_containing(x0, y0, 1.0, parts);
    EXPECT_FALSE(parts.empty());
    return std::hypot(x1 - x0, y1 - y0) * indoor_exit_fraction(idx, idx.building_of(parts.front()),
                                                               Segment3{x0, y0, 1.0, x1, y1, z1},
                                                               faces);
  };
  EXPECT_NEAR(depth(10, 10, 100, 10), 30.0, 1e-9);               // east wall at x = 40
  EXPECT_NEAR(depth(10, 10, 10, -50), 10.0, 1e-9);               // south wall at y = 0
  EXPECT_NEAR(depth(10, 10, 70, 70), std::hypot(10, 10), 1e-9);  // north wall at y = 20
  // In the U's west arm, looking east across the courtyard to the east arm and beyond: the
  // ray leaves at x = 110 (the courtyard is outdoors), not at the last exit x = 140.
  EXPECT_NEAR(depth(105, 20, 200, 20), 5.0, 1e-9);
  // Along the U's base (y = 5) the ray stays inside to x = 140.
  EXPECT_NEAR(depth(105, 5, 200, 5), 35.0, 1e-9);
  // From the lower part through the taller one (overlapping: one building) to x = 260.
  EXPECT_NEAR(depth(205, 10, 300, 10), 55.0, 1e-9);
  // The far end inside the building too: the whole segment.
  EXPECT_NEAR(depth(205, 10, 255, 10), 50.0, 1e-9);
  // Through the roof: from 1 m to 21 m over 40 m in plan, the 10 m roof is met at 18 m.
  EXPECT_NEAR(depth(10, 10, 50, 10, 21.0), 18.0, 1e-9);
  // Rising 3 m per metre from the lower part: out through its 10 m roof at 3 m. Rising 0.4 m per
  // metre, the ray is at 7 m where the taller part begins (x = 220) and stays below its 20 m
  // roof to x = 250: the lower roof above 10 m lies inside the taller part (not the shell), so
  // the ray never leaves: the whole 45 m.
  EXPECT_NEAR(depth(205, 10, 215, 10, 31.0), 3.0, 1e-9);
  EXPECT_NEAR(depth(205, 10, 250, 10, 19.0), 45.0, 1e-9);
}

std::shared_ptr<const Buildings> campus() {
  auto bs = std::make_shared<Buildings>();
  bs->push_back(building(box_footprint(0, 0, 40, 20), 10, BuildingUse::Office));
  bs->push_back(building(box_footprint(100, 0, 160, 40), 12, BuildingUse::Factory));
  bs->push_back(building(box_footprint(0, 100, 30, 130), 8, BuildingUse::Unspecified));
  bs->push_back(building(box_footprint(60, 60, 80, 80), 15, BuildingUse::Other));
  return bs;
}

// Both ends in the office: the InH formula of Table 7.4.1-1 / 7.4.2-1 (the hand values above);
// in the hall: InF-SH; the same for either end first.
TEST(RayIndoor, BothEndsInOneBuildingTakeTheIndoorFormula) {
  const BuildingIndex idx(campus());
  const Options o;  // every mechanism; indoor by use, probabilistic LoS
  const End a{5, 10, 0, 2.5}, b{35, 10, 0, 1.5};
  const Result r = trace(idx, o, kF_Hz, 30, a, b);
  EXPECT_NEAR(r.loss_dB, 79.48306187154051, 1e-9);
  EXPECT_EQ(r.dominant, Dominant::Transmitted);  // P_LOS = 0.16 < 0.5
  EXPECT_EQ(r.rays, 0);
  EXPECT_EQ(trace(idx, o, kF_Hz, 30, b, a).loss_dB, r.loss_dB);
  Options los = o;
  los.indoor.los = IndoorLos::Los;
  const Result rl = trace(idx, los, kF_Hz, 30, a, b);
  EXPECT_NEAR(rl.loss_dB, 71.67320421401416, 1e-9);
  EXPECT_EQ(rl.dominant, Dominant::Direct);

  const Result hall = trace(idx, o, kF_Hz, 30, {110, 20, 0, 8}, {140, 20, 0, 1.5});
  EXPECT_NEAR(hall.loss_dB, 77.4215382942179, 1e-9);
  EXPECT_EQ(hall.dominant, Dominant::Direct);  // P_LOS = 0.77

  // A building of unspecified use: the default scenario (InH), or as configured.
  const End c{5, 105, 0, 2.5}, d{5, 125, 0, 1.5};
  IndoorOptions io;
  io.los = IndoorLos::Probabilistic;
  // (1e-9: the model's f_c is freq_Hz * 1e-9, not the literal 4.85.)
  EXPECT_NEAR(
      trace(idx, o, kF_Hz, 20, c, d).loss_dB,
      indoor_loss(IndoorScenario::InH_Mixed, io, kF_GHz, 20, std::hypot(20.0, 1.0), 2.5, 1.5)
          .loss_dB,
      1e-9);
  Options forced = o;
  forced.indoor.by_use = false;
  forced.indoor.forced = IndoorScenario::InF_DH;
  io.los = IndoorLos::Probabilistic;
  EXPECT_NEAR(
      trace(idx, forced, kF_Hz, 20, c, d).loss_dB,
      indoor_loss(IndoorScenario::InF_DH, io, kF_GHz, 20, std::hypot(20.0, 1.0), 2.5, 1.5).loss_dB,
      1e-9);
  // free_space: the rays, as before (direct ray and ground reflection inside the empty box).
  Options fs = o;
  fs.indoor.by_use = false;
  fs.indoor.forced = IndoorScenario::FreeSpace;
  const Result free = trace(idx, fs, kF_Hz, 30, a, b);
  EXPECT_EQ(free.loss_dB, trace(idx, rays_only(), kF_Hz, 30, a, b).loss_dB);
  EXPECT_GT(free.rays, 0);
  // Above the roof the building is not the end's: no indoor model; the indoor end's leg runs
  // to where the ray leaves through the roof: from 1.5 m to 12 m over 30 m in plan, the 10 m
  // roof at t = (10 - 1.5) / (12 - 1.5) of the way.
  const Result roof = trace(idx, o, kF_Hz, 30, {5, 10, 0, 12}, b);
  const double t = 8.5 / 10.5;
  EXPECT_NEAR(roof.loss_dB,
              trace(idx, rays_only(), kF_Hz, 30, {5, 10, 0, 12}, b).loss_dB +
                  indoor_leg_excess_dB(IndoorScenario::InH_Mixed, IndoorOptions{}, kF_Hz, 30 * t,
                                       t * std::hypot(30.0, 10.5), 1.5, 10.0),
              1e-9);
}

// Links with no end indoors are the rays, to the bit; an end inside a building the other end is
// not in adds its building's indoor excess over free space along its leg to the shell.
TEST(RayIndoor, OutdoorLinksUnchangedIndoorEndsAddTheirLeg) {
  const BuildingIndex idx(campus());
  const Options o;
  const Options before = rays_only();
  const End outdoor[] = {
      {-20, 50, 0, 1.5}, {90, 90, 0, 6}, {200, 20, 0, 25}, {50, 10, 0, 1.5}, {10, 10, 0, 12}};
  for (const End& p : outdoor) {
    for (const End& q : outdoor) {
      if (&p == &q) continue;
      const double dist = std::max(std::hypot(p.x_m - q.x_m, p.y_m - q.y_m), 1.0);
      const Result now = trace(idx, o, kF_Hz, dist, p, q);
      const Result was = trace(idx, before, kF_Hz, dist, p, q);
      EXPECT_EQ(now.loss_dB, was.loss_dB) << p.x_m << "," << p.y_m << " -> " << q.x_m;
      EXPECT_EQ(now.dominant, was.dominant);
      EXPECT_EQ(now.rays, was.rays);
    }
  }
  // Office end at (10, 10) to an outdoor end east of it: 30 m to the east wall, InH (the hand
  // value of LegExcessOverFreeSpace).
  const End office{10, 10, 0, 1.5}, east{90, 10, 0, 1.5};
  EXPECT_NEAR(trace(idx, o, kF_Hz, 80, office, east).loss_dB,
              trace(idx, before, kF_Hz, 80, office, east).loss_dB + 3.7735424172821865, 1e-9);
  EXPECT_NEAR(trace(idx, o, kF_Hz, 80, east, office).loss_dB,
              trace(idx, before, kF_Hz, 80, east, office).loss_dB + 3.7735424172821865, 1e-9);
  // Office to hall (two buildings): both legs, 30 m of office (InH) and 10 m of hall (InF-SL,
  // the hall's west wall at x = 100).
  const End hall{110, 10, 0, 1.5};
  EXPECT_NEAR(trace(idx, o, kF_Hz, 100, office, hall).loss_dB,
              trace(idx, before, kF_Hz, 100, office, hall).loss_dB + 3.7735424172821865 +
                  3.1936849680372745,
              1e-9);
  Options no_depth = o;
  no_depth.indoor.depth_loss = false;
  EXPECT_EQ(trace(idx, no_depth, kF_Hz, 100, office, hall).loss_dB,
            trace(idx, before, kF_Hz, 100, office, hall).loss_dB);
}

}  // namespace
}  // namespace akichi::prop::ray::ray_indoor_test

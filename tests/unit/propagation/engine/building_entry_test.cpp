// BuildingMap rasterisation and the building entry loss decorator: the decorator adds exactly
// the ITU-R P.2109-2 value (closed form at P = 0.5) at an indoor end, nothing outdoors, above
// the roof or inside the transmitter's own building, and stays reciprocal.
#include "propagation/engine/adapters/building_entry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>

#include "base/errors.h"
#include "propagation/engine/model_config.h"
#include "propagation/surface/building_map.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::building_entry_test {
namespace {

StudyGrid grid10x10() {
  StudyGrid g;
  g.x0_m = 0;
  g.y0_m = 0;
  g.cell_m = 5;
  g.nx = 10;
  g.ny = 10;
  g.heights_m = {1.5, 13.0};
  return g;
}

std::shared_ptr<const Buildings> two_buildings() {
  auto b = std::make_shared<Buildings>();
  b->push_back({"A", box_footprint(10, 10, 30, 30), 12.0, 0.0, 1});
  b->push_back({"B", box_footprint(35, 0, 45, 20), 6.0, 0.0, 11});
  return b;
}

// P.2109-2 eq. (1) at P = 0.5 (F^-1(0.5) = 0): A = mu_1 = r + s lf + t lf^2 + 0.212 |theta|,
// B = mu_2 = w + x lf, C = -3 dB; Table 1 traditional row r = 12.64, s = 3.72, t = 0.96,
// w = 9.1, x = -3.0.
double p2109_median_traditional_dB(double f_GHz, double theta_deg) {
  const double lf = std::log10(f_GHz);
  const double A = 12.64 + 3.72 * lf + 0.96 * lf * lf + 0.212 * std::fabs(theta_deg);
  const double B = 9.1 - 3.0 * lf;
  return 10 * std::log10(std::pow(10, A / 10) + std::pow(10, B / 10) + std::pow(10, -0.3));
}

LinkInput link(double xt, double yt, double ht, double xr, double yr, double hr) {
  LinkInput l;
  l.freq_Hz = 4.85e9;
  l.x_tx_m = xt;
  l.y_tx_m = yt;
  l.h_tx_m = ht;
  l.x_rx_m = xr;
  l.y_rx_m = yr;
  l.h_rx_m = hr;
  l.z_tx_m = 3.0;
  l.z_rx_m = 1.0;
  l.d_m = std::max(std::hypot(xr - xt, yr - yt), 1.0);
  return l;
}

ModelConfig free_space() {
  ModelConfig c;
  c.name = "free_space";
  return c;
}

struct BuildingEntry : ::testing::Test {
  std::shared_ptr<const PathLossModel> inner{make_path_loss_model(free_space())};
  std::shared_ptr<const BuildingMap> map =
      std::make_shared<BuildingMap>(grid10x10(), two_buildings());
  BuildingEntryParams p2109{};  // P.2109-2 traditional, P = 0.5
  BuildingEntryModel model(TxEnd tx, BuildingEntryParams params) const {
    return BuildingEntryModel(inner, map, params, tx);
  }
};

TEST_F(BuildingEntry, MapCoversCellCentresInsideFootprints) {
  // Building A spans x, y in [10, 30]: cell centres 12.5 .. 27.5 -> cells 2..5.
  for (int iy = 0; iy < 10; ++iy) {
    for (int ix = 0; ix < 10; ++ix) {
      const bool in_a = ix >= 2 && ix <= 5 && iy >= 2 && iy <= 5;
      const bool in_b = ix >= 7 && ix <= 8 && iy >= 0 && iy <= 3;  // x 37.5, 42.5; y 2.5..17.5
      EXPECT_EQ(map->building_at(ix, iy), in_a ? 0 : in_b ? 1 : -1) << ix << "," << iy;
    }
  }
  EXPECT_EQ(map->building_at(-1, 0), -1);
  EXPECT_EQ(map->building_at(10, 0), -1);
  EXPECT_EQ(map->building_at_point(11.0, 29.9), 0);  // in cell (2, 5)
  EXPECT_EQ(map->indoor_building(3, 3, 1.5), 0);
  EXPECT_EQ(map->indoor_building(3, 3, 12.0), -1);  // at the roof: outside
  EXPECT_EQ(map->indoor_building(7, 1, 5.9), 1);
  const auto mask = map->indoor_mask({1.5, 8.0});
  ASSERT_EQ(mask.size(), 200u);
  int indoor_low = 0, indoor_high = 0;
  for (int c = 0; c < 100; ++c) {
    indoor_low += mask[c];
    indoor_high += mask[100 + c];
  }
  EXPECT_EQ(indoor_low, 16 + 8);  // both buildings at 1.5 m
  EXPECT_EQ(indoor_high, 16);     // only A (12 m) at 8 m
  EXPECT_EQ(building_containing(map->buildings(), 40.0, 10.0), 1);
  EXPECT_EQ(building_containing(map->buildings(), 32.0, 10.0), -1);
}

TEST_F(BuildingEntry, OverlapGoesToTheTallerBuilding) {
  auto b = std::make_shared<Buildings>(*two_buildings());
  b->push_back({"C", box_footprint(0, 0, 50, 50), 30.0, 0.0, 1});  // covers everything, tallest
  const BuildingMap m(grid10x10(), b);
  EXPECT_EQ(m.building_at(3, 3), 2);
  EXPECT_EQ(m.building_at(0, 9), 2);
}

TEST_F(BuildingEntry, ARoofOfFacetsCoversEachCellAtItsHeightThere) {
  // A gable over [10, 30] x [10, 30]: eaves 4 m at x = 10 and 30, ridge 14 m at x = 20 (the
  // roof over a cell centre x is 14 - |x - 20|), beside a 9 m flat part over [25, 40] x [10, 30]
  // listed first. Cell centres x = 12.5 .. 27.5 in the gable, 27.5 .. 37.5 in the flat part.
  auto b = std::make_shared<Buildings>();
  b->push_back({"flat", box_footprint(25, 10, 40, 30), 9.0, 0.0, 1});
  Building g{"gable", box_footprint(10, 10, 30, 30), 14.0, 0.0, 1};
  RoofFacet w, e;
  w.plan = box_footprint(10, 10, 20, 30);
  e.plan = box_footprint(20, 10, 30, 30);
  w.x0_m = e.x0_m = 20;
  w.z0_m = e.z0_m = 14;
  w.dz_dx = 1;
  e.dz_dx = -1;
  g.roof = {w, e};
  b->push_back(g);
  const BuildingMap m(grid10x10(), b);
  const auto mask = m.indoor_mask({6.0, 10.0});
  for (int ix = 0; ix < 10; ++ix) {
    const double x = 5 * ix + 2.5;
    const double gable_roof = 14 - std::abs(x - 20);
    // Where both cover the centre (x = 27.5), the higher roof there owns it: the flat part's
    // 9 m over the gable's 6.5 m.
    const int owner = x > 10 && x < 25 ? 1 : x > 25 && x < 40 ? 0 : -1;
    const double roof = owner == 1 ? gable_roof : owner == 0 ? 9.0 : 0.0;
    EXPECT_EQ(m.building_at(ix, 4), owner) << x;
    for (int h = 0; h < 2; ++h) {
      const double z = h == 0 ? 6.0 : 10.0;
      EXPECT_EQ(mask[static_cast<std::size_t>(h * 100 + 40 + ix)], owner >= 0 && z < roof ? 1 : 0)
          << x << " " << z;
      EXPECT_EQ(m.indoor_building(ix, 4, z), owner >= 0 && z < roof ? owner : -1) << x << " " << z;
    }
  }
  // The exact point test: the roof over the point itself.
  double roof = 0;
  EXPECT_EQ(building_containing(*b, 17.0, 20.0, &roof), 1);
  EXPECT_DOUBLE_EQ(roof, 11.0);
  EXPECT_EQ(building_containing(*b, 29.0, 20.0, &roof), 0);  // flat 9 m over the gable's 5 m
  EXPECT_DOUBLE_EQ(roof, 9.0);
  EXPECT_EQ(building_containing(*b, 25.0, 20.0, &roof), 0);  // 9 m both: the lower index
  EXPECT_DOUBLE_EQ(roof, 9.0);
}

TEST_F(BuildingEntry, OverlappingPartsAreOneBuilding) {
  // A 10 m podium [5, 45] x [5, 45] listed first, a 40 m tower [15, 35] x [15, 35] inside it.
  auto b = std::make_shared<Buildings>();
  b->push_back({"podium", box_footprint(5, 5, 45, 45), 10.0, 0.0, 1});
  b->push_back({"tower", box_footprint(15, 15, 35, 35), 40.0, 0.0, 1});
  const auto parts = std::make_shared<BuildingMap>(grid10x10(), b);
  EXPECT_EQ(parts->building_at(4, 4), 1);  // the taller part owns the shared cells
  EXPECT_EQ(parts->building_at(1, 4), 0);
  EXPECT_TRUE(parts->same_building(0, 1));
  EXPECT_FALSE(parts->same_building(0, -1));
  EXPECT_FALSE(map->same_building(0, 1));  // A and B are apart
  // A station 20 m up in the tower, as the batch places it (the tallest part containing it).
  const BuildingEntryModel m(inner, parts, p2109, {TxEnd::Kind::Indoor, 1});
  // Cells under the tower and in the podium's wing are inside the station's building.
  const LinkInput under = link(25.5, 25.5, 20.0, 22.5, 22.5, 1.5);
  EXPECT_EQ(m.loss_dB(under), inner->loss_dB(under));
  const LinkInput wing = link(25.5, 25.5, 20.0, 7.5, 22.5, 1.5);
  EXPECT_EQ(m.loss_dB(wing), inner->loss_dB(wing));
  // Outdoors (and above the podium's roof in the wing): the station's end only.
  const LinkInput out = link(25.5, 25.5, 20.0, 47.5, 22.5, 1.5);
  EXPECT_NEAR(m.loss_dB(out) - inner->loss_dB(out), m.end_loss_dB(out), 1e-12);
  const LinkInput roof = link(25.5, 25.5, 20.0, 7.5, 22.5, 13.0);
  EXPECT_NEAR(m.loss_dB(roof) - inner->loss_dB(roof), m.end_loss_dB(roof), 1e-12);
  // Both ends from the map: the same, and reciprocal.
  const BuildingEntryModel from_map(inner, parts, p2109, {TxEnd::Kind::FromMap, -1});
  const LinkInput ab = link(22.5, 22.5, 1.5, 7.5, 22.5, 1.5);
  const LinkInput ba = link(7.5, 22.5, 1.5, 22.5, 22.5, 1.5);
  EXPECT_EQ(from_map.loss_dB(ab), inner->loss_dB(ab));
  EXPECT_EQ(from_map.loss_dB(ba), inner->loss_dB(ba));
}

TEST_F(BuildingEntry, AddsExactlyTheP2109ValueForAnIndoorCell) {
  const BuildingEntryModel m = model({TxEnd::Kind::Outdoor, -1}, p2109);
  const LinkInput l = link(2.5, 47.5, 10.0, 17.5, 17.5, 1.5);  // rx in A, below its roof
  const double theta_deg =
      std::atan2(std::fabs((3.0 + 10.0) - (1.0 + 1.5)), l.d_m) * 180.0 / std::numbers::pi;
  EXPECT_NEAR(m.loss_dB(l) - inner->loss_dB(l), p2109_median_traditional_dB(4.85, theta_deg), 1e-9);
  // Horizontal path: theta = 0; at 4.85 GHz the closed form gives L_BEL = 16.25586 dB.
  LinkInput flat = l;
  flat.z_tx_m = flat.z_rx_m = 0;
  flat.h_tx_m = flat.h_rx_m = 1.5;
  EXPECT_NEAR(m.loss_dB(flat) - inner->loss_dB(flat), 16.255862, 1e-6);
}

TEST_F(BuildingEntry, NothingOutdoorsOrAboveTheRoof) {
  const BuildingEntryModel m = model({TxEnd::Kind::Outdoor, -1}, p2109);
  const LinkInput out = link(2.5, 47.5, 10.0, 47.5, 47.5, 1.5);
  EXPECT_EQ(m.loss_dB(out), inner->loss_dB(out));
  const LinkInput roof = link(2.5, 47.5, 10.0, 17.5, 17.5, 13.0);  // above A's 12 m roof
  EXPECT_EQ(m.loss_dB(roof), inner->loss_dB(roof));
}

TEST_F(BuildingEntry, SameBuildingNoneOtherBuildingBothEnds) {
  const BuildingEntryModel m = model({TxEnd::Kind::Indoor, 0}, p2109);  // tx inside A
  const LinkInput same = link(12.5, 12.5, 3.0, 27.5, 27.5, 1.5);
  EXPECT_EQ(m.loss_dB(same), inner->loss_dB(same));
  const LinkInput other = link(12.5, 12.5, 3.0, 42.5, 7.5, 1.5);  // rx in B
  EXPECT_NEAR(m.loss_dB(other) - inner->loss_dB(other), 2.0 * m.end_loss_dB(other), 1e-12);
  const LinkInput outdoors = link(12.5, 12.5, 3.0, 47.5, 47.5, 1.5);
  EXPECT_NEAR(m.loss_dB(outdoors) - inner->loss_dB(outdoors), m.end_loss_dB(outdoors), 1e-12);
  // An indoor transmitter in no known footprint: a different building from every cell.
  const BuildingEntryModel unknown = model({TxEnd::Kind::Indoor, -1}, p2109);
  EXPECT_NEAR(unknown.loss_dB(same) - inner->loss_dB(same), 2.0 * unknown.end_loss_dB(same), 1e-12);
}

TEST_F(BuildingEntry, ReciprocalWhenBothEndsComeFromTheMap) {
  const BuildingEntryModel m = model({TxEnd::Kind::FromMap, -1}, p2109);
  const double pts[][3] = {{17.5, 17.5, 1.5},
                           {42.5, 7.5, 2.0},
                           {47.5, 47.5, 1.5},
                           {22.5, 22.5, 20.0},
                           {27.5, 12.5, 3.0}};
  for (const auto& a : pts) {
    for (const auto& b : pts) {
      LinkInput ab = link(a[0], a[1], a[2], b[0], b[1], b[2]);
      LinkInput ba = link(b[0], b[1], b[2], a[0], a[1], a[2]);
      ab.z_tx_m = ab.z_rx_m = ba.z_tx_m = ba.z_rx_m = 2.0;
      EXPECT_NEAR(m.loss_dB(ab), m.loss_dB(ba), 1e-9);
    }
  }
  // tx in A (from the map), rx in B: two entry losses.
  const LinkInput l = link(17.5, 17.5, 1.5, 42.5, 7.5, 2.0);
  EXPECT_NEAR(m.loss_dB(l) - inner->loss_dB(l), 2.0 * m.end_loss_dB(l), 1e-12);
}

TEST_F(BuildingEntry, FixedLossAndParameterChecks) {
  BuildingEntryParams fixed;
  fixed.kind = BuildingEntryParams::Kind::Fixed;
  fixed.fixed_dB = 11.0;
  const BuildingEntryModel m = model({TxEnd::Kind::Outdoor, -1}, fixed);
  const LinkInput l = link(2.5, 47.5, 10.0, 17.5, 17.5, 1.5);
  EXPECT_DOUBLE_EQ(m.loss_dB(l) - inner->loss_dB(l), 11.0);
  EXPECT_EQ(m.name(), inner->name());
  EXPECT_EQ(m.uses_profile(), inner->uses_profile());
  EXPECT_NE(m.describe().find("building entry loss 11 dB per indoor end"), std::string::npos);
  fixed.fixed_dB = -1;
  EXPECT_THROW(model({}, fixed), InputError);
  BuildingEntryParams bad;
  bad.probability = 1.0;
  EXPECT_THROW(model({}, bad), InputError);
  // Thermally efficient buildings lose more (Table 1).
  BuildingEntryParams te;
  te.building = p2109::BuildingType::ThermallyEfficient;
  EXPECT_GT(model({}, te).end_loss_dB(l), model({}, p2109).end_loss_dB(l) + 10.0);
}

}  // namespace
}  // namespace akichi::prop::building_entry_test

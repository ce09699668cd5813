// Local-5G cover / coordination areas and the coordination pairs on a flat field with
// closed-form free-space received power: every area has an analytic radius, and a mask of the
// cells whose centre lies in a disc of radius r has an area between pi (r - h)^2 and
// pi (r + h)^2, h = c / sqrt(2) the half-diagonal of a cell (a cell with its centre inside lies
// in the disc r + h; the cells with their centre inside cover the disc r - h). The same bound
// holds for the intersection of two discs with both radii moved by h.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "base/errors.h"
#include "sim/analysis/mic_area.h"
#include "tests/unit/sim/analysis/mic_test_util.h"

namespace akichi::sim::mic_area_test {
namespace {

using namespace testing;

constexpr double kPi = std::numbers::pi;

struct Field {
  prop::StudyGrid grid = field_grid();
  std::vector<float> rx;  // [station][y][x]
  std::vector<std::string> licensee;
  std::vector<Site> sites;

  void add(const std::string& who, const Site& s) {
    const auto p = free_space_power(grid, s);
    rx.insert(rx.end(), p.begin(), p.end());
    licensee.push_back(who);
    sites.push_back(s);
  }
  MicAreaInput input() const {
    MicAreaInput in;
    in.nx = grid.nx;
    in.ny = grid.ny;
    in.cell_m = grid.cell_m;
    in.rx_dBm = rx;
    in.licensee = licensee;
    in.coverage_threshold_dBm = kCoverage_dBm;
    in.coordination_threshold_dBm = kCoordination_dBm;
    return in;
  }
};

double h_of(const prop::StudyGrid& g) {
  return g.cell_m / std::sqrt(2.0);
}

TEST(MicArea, ReferenceBandwidthConversion) {
  // 100 MHz channel, 1 MHz reference: -20 dB.
  EXPECT_NEAR(power_in_reference_bandwidth_dBm(30.0, 100e6, 1e6), 10.0, 1e-12);
  // 5 MHz reference in a 100 MHz channel: -10 log10(20) = -13.0103 dB.
  EXPECT_NEAR(power_in_reference_bandwidth_dBm(30.0, 100e6, 5e6), 30.0 - 13.010299956639812, 1e-12);
  // Reference wider than the channel: the whole channel power, no gain.
  EXPECT_DOUBLE_EQ(power_in_reference_bandwidth_dBm(30.0, 10e6, 20e6), 30.0);
  EXPECT_DOUBLE_EQ(power_in_reference_bandwidth_dBm(30.0, 10e6, 10e6), 30.0);
}

TEST(MicArea, CoverageOfOneStationIsTheClosedFormDisc) {
  Field f;
  const double r_cov = 200.0;
  f.add("alpha", {0, 0, eirp_for_radius(r_cov, kCoverage_dBm)});
  const double r_co = radius_for(f.sites[0].eirp_dBm, kCoordination_dBm);
  ASSERT_NEAR(r_co, r_cov * std::pow(10.0, 6.0 / 20.0), 1e-9);

  const MicAreas a = mic_areas(f.input());
  const double c2 = f.grid.cell_m * f.grid.cell_m, h = h_of(f.grid);
  ASSERT_EQ(a.stations, 1);
  EXPECT_DOUBLE_EQ(a.cell_area_m2, 25.0);
  EXPECT_DOUBLE_EQ(a.coverage_area_m2[0], static_cast<double>(a.coverage_cells[0]) * c2);
  EXPECT_GE(a.coverage_area_m2[0], kPi * (r_cov - h) * (r_cov - h));
  EXPECT_LE(a.coverage_area_m2[0], kPi * (r_cov + h) * (r_cov + h));
  EXPECT_GE(a.coordination_area_m2[0], kPi * (r_co - h) * (r_co - h));
  EXPECT_LE(a.coordination_area_m2[0], kPi * (r_co + h) * (r_co + h));
  // Cell by cell: in the area exactly when the centre is inside the radius (cells within 1 cm
  // of the circle are left out: float power resolves ~0.2 mm there).
  const double cx = f.grid.x(100), cy = f.grid.y(100);
  int checked = 0;
  for (int iy = 0; iy < f.grid.ny; ++iy)
    for (int ix = 0; ix < f.grid.nx; ++ix) {
      const double d = std::hypot(f.grid.x(ix) - cx, f.grid.y(iy) - cy);
      const std::size_t i = static_cast<std::size_t>(iy) * f.grid.nx + ix;
      if (std::abs(d - r_cov) > 0.01) {
        EXPECT_EQ(a.coverage[i], d < r_cov ? 1 : 0) << ix << "," << iy;
        ++checked;
      }
      if (std::abs(d - r_co) > 0.01) {
        EXPECT_EQ(a.coordination[i], d < r_co ? 1 : 0);
      }
      EXPECT_LE(a.coverage[i], a.coordination[i]);  // the cover area lies in the coordination area
    }
  EXPECT_GT(checked, 40000);
  // One licensee: its union is the station, and there is no pair.
  ASSERT_EQ(a.licensees, std::vector<std::string>{"alpha"});
  EXPECT_EQ(a.licensee_coverage_cells[0], a.coverage_cells[0]);
  EXPECT_TRUE(a.pairs.empty());
}

TEST(MicArea, NanIsInNoArea) {
  Field f;
  f.add("alpha", {0, 0, eirp_for_radius(200.0, kCoverage_dBm)});
  const std::size_t centre = 100 * 201 + 100;
  f.rx[centre] = std::nanf("");
  const MicAreas a = mic_areas(f.input());
  EXPECT_EQ(a.coverage[centre], 0);
  EXPECT_EQ(a.coordination[centre], 0);
  EXPECT_EQ(a.coverage[centre + 1], 1);
}

// alpha: A at (-150, 0) with cover radius 210 (coordination 419), A2 at (-400, 400) with cover
// radius 100 (coordination 200); beta: B at (+150, 0) with cover radius 100 (coordination 200);
// gamma: G at (450, -450) with cover radius 10 (coordination 20), far from everyone.
Field three_licensees() {
  Field f;
  f.add("beta", {150, 0, eirp_for_radius(100.0, kCoverage_dBm)});
  f.add("alpha", {-150, 0, eirp_for_radius(210.0, kCoverage_dBm)});
  f.add("gamma", {450, -450, eirp_for_radius(10.0, kCoverage_dBm)});
  f.add("alpha", {-400, 400, eirp_for_radius(100.0, kCoverage_dBm)});
  return f;
}

TEST(MicArea, LicenseeUnionsAndPairsOfTwoDiscs) {
  const Field f = three_licensees();
  const MicAreas a = mic_areas(f.input());
  const double h = h_of(f.grid), k = std::pow(10.0, 6.0 / 20.0);
  ASSERT_EQ(a.licensees, (std::vector<std::string>{"alpha", "beta", "gamma"}));
  // alpha's two cover discs are 471 m apart with radii 210 and 100: disjoint, so the union is
  // the sum.
  EXPECT_EQ(a.licensee_coverage_cells[0], a.coverage_cells[1] + a.coverage_cells[3]);
  EXPECT_LT(a.licensee_coordination_cells[0], a.coordination_cells[1] + a.coordination_cells[3]);
  EXPECT_DOUBLE_EQ(a.licensee_coverage_area_m2[1], a.coverage_area_m2[0]);

  // Only (alpha, beta) and (beta, alpha), in that order; gamma reaches nobody.
  ASSERT_EQ(a.pairs.size(), 2u);
  const MicPair& ab = a.pairs[0];
  const MicPair& ba = a.pairs[1];
  EXPECT_EQ(ab.a, "alpha");
  EXPECT_EQ(ab.b, "beta");
  EXPECT_EQ(ba.a, "beta");
  EXPECT_EQ(ba.b, "alpha");
  // (alpha, beta): beta's cover disc (radius 100, 300 m from A: at most 400 + h) lies inside
  // A's coordination disc (radius 419): the overlap is beta's whole cover area.
  EXPECT_EQ(ab.cells, a.licensee_coverage_cells[1]);
  EXPECT_EQ(ab.cells_coverage, ab.cells);
  EXPECT_EQ(ab.cells_premises, 0u);
  EXPECT_GE(ab.area_m2, kPi * (100 - h) * (100 - h));
  EXPECT_LE(ab.area_m2, kPi * (100 + h) * (100 + h));
  // (beta, alpha): the lens of B's coordination disc (radius 200 k / 2 = 100 k) and A's cover
  // disc (radius 210), 300 m apart.
  const double r_b_co = 100 * k;
  EXPECT_GE(ba.area_m2, lens_area(r_b_co - h, 210 - h, 300));
  EXPECT_LE(ba.area_m2, lens_area(r_b_co + h, 210 + h, 300));
  EXPECT_GT(ba.area_m2, 0.9 * lens_area(r_b_co, 210, 300));
  EXPECT_DOUBLE_EQ(ba.area_m2, static_cast<double>(ba.cells) * 25.0);
  // The pair mask is exactly coordination(A) AND coverage(B).
  const std::size_t n = f.grid.cells();
  std::size_t in_mask = 0;
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(ba.mask[i], a.licensee_coordination[1 * n + i] & a.licensee_coverage[0 * n + i]);
    in_mask += ba.mask[i];
  }
  EXPECT_EQ(in_mask, ba.cells);
}

TEST(MicArea, PremisesExtendTheOverlap) {
  const Field f = three_licensees();
  MicAreaInput in = f.input();
  const MicAreas before = mic_areas(in);
  // beta's premises: 10 x 10 cells around (-150, 200), inside A's coordination disc (distance
  // <= 236 m < 419 m) and outside beta's cover disc (distance >= 300 m > 100 m).
  MicPremises prem{"beta", std::vector<std::uint8_t>(f.grid.cells(), 0)};
  for (int iy = 135; iy < 145; ++iy)
    for (int ix = 65; ix < 75; ++ix) prem.mask[static_cast<std::size_t>(iy) * 201 + ix] = 1;
  in.premises.push_back(prem);
  const MicAreas after = mic_areas(in);
  ASSERT_EQ(after.pairs.size(), 2u);
  EXPECT_EQ(after.pairs[0].cells, before.pairs[0].cells + 100);
  EXPECT_EQ(after.pairs[0].cells_premises, 100u);
  EXPECT_EQ(after.pairs[0].cells_coverage, before.pairs[0].cells_coverage);
  EXPECT_DOUBLE_EQ(after.pairs[0].area_m2, before.pairs[0].area_m2 + 2500.0);
  EXPECT_EQ(after.pairs[1].cells, before.pairs[1].cells);  // (beta, alpha) unchanged

  // gamma's premises inside alpha's coordination area create the pair (alpha, gamma).
  MicPremises gp{"gamma", prem.mask};
  in.premises.push_back(gp);
  const MicAreas third = mic_areas(in);
  ASSERT_EQ(third.pairs.size(), 3u);
  EXPECT_EQ(third.pairs[1].a, "alpha");
  EXPECT_EQ(third.pairs[1].b, "gamma");
  EXPECT_EQ(third.pairs[1].cells, 100u);
}

TEST(MicArea, InputErrors) {
  const Field f = three_licensees();
  auto error_of = [](const MicAreaInput& in) -> std::string {
    try {
      mic_areas(in);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  MicAreaInput in = f.input();
  in.licensee.pop_back();
  EXPECT_NE(error_of(in).find("mic area rx_dBm"), std::string::npos);
  in = f.input();
  in.nx = 0;
  EXPECT_NE(error_of(in).find("mic area grid"), std::string::npos);
  in = f.input();
  in.cell_m = 0;
  EXPECT_NE(error_of(in).find("mic area cell_m"), std::string::npos);
  in = f.input();
  in.coordination_threshold_dBm = -70;
  EXPECT_NE(error_of(in).find("mic area coordination_threshold_dBm"), std::string::npos);
  in = f.input();
  in.premises.push_back({"delta", std::vector<std::uint8_t>(f.grid.cells(), 0)});
  EXPECT_NE(error_of(in).find("premises[0].licensee: found 'delta'"), std::string::npos);
  in = f.input();
  in.premises.push_back({"beta", std::vector<std::uint8_t>(10, 0)});
  EXPECT_NE(error_of(in).find("premises[0].mask: found 10 values"), std::string::npos);
  in = f.input();
  in.premises.push_back({"beta", std::vector<std::uint8_t>(f.grid.cells(), 0)});
  in.premises.push_back({"beta", std::vector<std::uint8_t>(f.grid.cells(), 0)});
  EXPECT_NE(error_of(in).find("premises[1].licensee"), std::string::npos);
}

}  // namespace
}  // namespace akichi::sim::mic_area_test

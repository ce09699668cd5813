#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/link_plot.h"

namespace akichi::viz::link_plot_test {
namespace {

using testing::ScratchDir;

/// A flat profile of `n` samples over `d` metres at elevation z.
LinkProfile flat(int n, double d, double z, double h_tx, double h_rx) {
  LinkProfile p;
  for (int i = 0; i < n; ++i) {
    p.d_m.push_back(d * i / (n - 1));
    p.z_m.push_back(z);
  }
  p.h_tx_m = h_tx;
  p.h_rx_m = h_rx;
  p.freq_Hz = 3.0e9;  // lambda = 0.0999308 m
  return p;
}

TEST(VizLinkPlot, BulgeAndFresnelRadiusClosedForms) {
  // d1 = d2 = 5 km, k = 4/3: 25e6 / (2 * 4/3 * 6371e3) = 1.47151 m
  EXPECT_NEAR(earth_bulge_m(5000, 5000, 4.0 / 3.0), 25e6 / (8.0 / 3.0 * 6371e3), 1e-12);
  EXPECT_NEAR(earth_bulge_m(5000, 5000, 4.0 / 3.0), 1.47151, 1e-5);
  // P.530's 17.3 sqrt(d1 d2 / (f d)) with f in GHz, d in km: 17.3 sqrt(25 / 30) = 15.79 m; its
  // 17.3 rounds sqrt(c / 1e6) = 17.314, so the exact radius is 15.806 m.
  EXPECT_NEAR(fresnel_radius_m(5000, 5000, 3e9), 17.3 * std::sqrt(25.0 / 30.0), 0.02);
  EXPECT_NEAR(fresnel_radius_m(5000, 5000, 3e9), std::sqrt(299792458.0 / 3e9 * 2500), 1e-12);
}

TEST(VizLinkPlot, ClearanceOnFlatGroundIsLeastMidPath) {
  // 10 km between two 20 m masts over flat ground: the least clearance is at the middle
  // sample, h - d^2 / (8 k a), in radii sqrt(lambda d) / 2.
  const LinkProfile p = flat(101, 10000, 5, 20, 20);
  const Clearance c = link_clearance(p);
  const double lambda = 299792458.0 / 3.0e9;
  const double want_c = 20 - 1e8 / (8 * 4.0 / 3.0 * 6371e3);
  EXPECT_NEAR(c.at_m, 5000, 1e-9);
  EXPECT_NEAR(c.clearance_m, want_c, 1e-9);
  EXPECT_NEAR(c.fresnel_m, std::sqrt(lambda * 10000) / 2, 1e-9);
  EXPECT_NEAR(c.ratio, want_c / (std::sqrt(lambda * 10000) / 2), 1e-9);
  EXPECT_TRUE(c.line_of_sight);
  EXPECT_TRUE(c.zone_clear);  // 18.5 m against 0.6 x 15.8 m

  // Lower masts: the bulge (1.47 m mid-path) and 0.6 F1 (9.5 m) are not cleared by 8 m.
  const Clearance low = link_clearance(flat(101, 10000, 5, 8, 8));
  EXPECT_TRUE(low.line_of_sight);
  EXPECT_FALSE(low.zone_clear);
  // A hill mid-path above the ray: blocked, negative clearance.
  LinkProfile hill = flat(101, 10000, 5, 20, 20);
  hill.z_m[50] = 40;
  const Clearance blocked = link_clearance(hill);
  EXPECT_FALSE(blocked.line_of_sight);
  EXPECT_NEAR(blocked.clearance_m, 25 - 40 - 1e8 / (8 * 4.0 / 3.0 * 6371e3), 1e-9);
  EXPECT_LT(blocked.ratio, 0);
}

TEST(VizLinkPlot, PlotIsWrittenAndBadInputRefused) {
  ScratchDir dir;
  render_link_profile_png(flat(51, 3000, 10, 15, 2), "Link", "3 km", {"free_space: 100 dB"},
                          dir.file("p.png"));
  std::ifstream in(dir.file("p.png"), std::ios::binary);
  std::string sig(8, '\0');
  in.read(sig.data(), 8);
  EXPECT_EQ(sig.substr(1, 3), "PNG");
  EXPECT_THROW(link_clearance(flat(2, 3000, 10, 15, 2)), InputError);
  LinkProfile no_f = flat(10, 3000, 10, 15, 2);
  no_f.freq_Hz = 0;
  EXPECT_THROW(link_clearance(no_f), InputError);
  EXPECT_THROW(render_link_profile_png(flat(51, 3000, 10, 15, 2), "", "", {}, dir.file("p.jpg")),
               InputError);
}

}  // namespace
}  // namespace akichi::viz::link_plot_test

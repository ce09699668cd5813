// Per-point clutter heights from a land cover (LinkInput::clutter_m) in the P.1812-6 and
// P.452-18 adapters and through the area engine:
// - P.1812-6 over the owners' validation profiles (tests/data/itu-r-p1812-6) with their ground
//   cover heights R_i passed as the land cover would pass them: the adapter equals the model
//   function called with those R_i, and the owners' Lb;
// - P.452-18: the adapter with clutter heights equals the model called with them as the radio
//   profile's ground cover;
// - the area engine over flat ground where only the land cover differs: every cell equals the
//   model function called with the R_i of the land cover under its profile points, the area
//   equals the point API, and a model without clutter heights is unchanged.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "propagation/engine/adapters/p1812.h"
#include "propagation/engine/adapters/p452.h"
#include "propagation/engine/added_losses.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/models/itu_r_p1812.h"
#include "propagation/models/itu_r_p452_18.h"
#include "propagation/terrain/land_cover.h"
#include "propagation/terrain/profile.h"
#include "propagation/terrain/terrain.h"
#include "sim/p2p/p1812.h"

namespace akichi::prop::land_cover_clutter_test {
namespace {

const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p1812-6/";

/// The adapter's parameters for the inputs the owners' file gives (the whole path inland, the
/// coast 500 km away, as sg3_inputs()).
P1812Params params_of(const p1812::Inputs& in) {
  P1812Params p;
  p.time_percent = in.p_percent;
  p.location_percent = in.pL_percent;
  p.sigma_L_dB = in.sigmaL_dB;
  p.delta_N = in.dN;
  p.N0 = in.N0;
  p.polarization = in.pol == p526::Polarization::Horizontal ? "horizontal" : "vertical";
  p.zone = "inland";
  p.path_centre_latitude_deg = in.phi_path_deg;
  p.dct_km = in.dct_km;
  p.dcr_km = in.dcr_km;
  return p;
}

// Inland profiles of the validation set with ground cover: built-up and rural clutter of 10 m
// along parts of the path (b2iseac_*), or everywhere including both ends (the 1 km ones), and a
// long rural path with 393 points in clutter (rburg).
class P1812OwnersClutter : public ::testing::TestWithParam<const char*> {};

TEST_P(P1812OwnersClutter, AdapterWithLandCoverHeightsEqualsModelAndOwners) {
  const auto file = sim::p2p::read_sg3(kDir + "profiles/" + GetParam() + ".csv");
  const std::size_t n = file.d_km.size();
  std::vector<double> d_m(n);
  for (std::size_t i = 0; i < n; ++i) d_m[i] = file.d_km[i] * 1000.0;
  double clutter_points = 0;
  for (std::size_t i = 1; i + 1 < n; ++i) clutter_points += file.R_m[i] > 0;
  ASSERT_GT(clutter_points, 0);
  for (std::size_t r = 0; r < file.measurements.size(); ++r) {
    SCOPED_TRACE(std::string(GetParam()) + " dataset " + std::to_string(r + 1));
    const p1812::Inputs ref_in = sim::p2p::sg3_inputs(file, r);
    const auto model = make_p1812_model(params_of(ref_in));
    ASSERT_TRUE(model->uses_clutter_heights());
    LinkInput link;
    link.freq_Hz = ref_in.f_GHz * 1e9;
    link.h_tx_m = ref_in.htg_m;
    link.h_rx_m = ref_in.hrg_m;
    link.d_m = d_m.back();
    link.profile_d_m = d_m.data();
    link.profile_z_m = file.h_m.data();
    link.profile_n = static_cast<int>(n);
    link.z_tx_m = file.h_m.front();
    link.z_rx_m = file.h_m.back();
    link.clutter_m = file.R_m.data();
    const double Lb = model->loss_dB(link);

    // The model function with the adapter's inputs and these R_i (the terminals at ground
    // height, §3.2): the same bits.
    p1812::Inputs in = ref_in;
    in.f_GHz = link.freq_Hz * 1e-9;
    std::vector<double> R = file.R_m;
    R.front() = 0.0;
    R.back() = 0.0;
    std::vector<double> scratch(p1812::scratch_size(n));
    const p1812::Profile profile{d_m, file.h_m, R, {}, 1e-3};
    EXPECT_EQ(Lb, p1812::basic_transmission_loss(profile, in, scratch).Lb);

    // The owners' Lb (the file's row, computed with the file's R_i), at the owners' logs'
    // tolerance: the terminals' own R does not enter the method.
    const double Lb_row = std::stod(file.measurements[r][17]);
    EXPECT_NEAR(Lb, Lb_row, std::max(1e-6, 1e-9 * std::abs(Lb_row)));

    // Without the heights the adapter is the model without clutter (R empty).
    link.clutter_m = nullptr;
    const double bare = model->loss_dB(link);
    EXPECT_EQ(bare, p1812::basic_transmission_loss({d_m, file.h_m, {}, {}, 1e-3}, in, scratch).Lb);
    // The clutter raises the radio profile: 0.3 to 7 dB more on the rural and the 1 km paths,
    // nothing on the 235 km dense-urban path, whose loss is decided away from its clutter.
    if (std::string(GetParam()) == "b2iseac_dense_urban_land") {
      EXPECT_EQ(Lb, bare);
    } else {
      EXPECT_GT(Lb, bare + 0.25);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, P1812OwnersClutter,
                         ::testing::Values("b2iseac_dense_urban_land", "b2iseac_rural_land_10km",
                                           "b2iseac_rural_land_1km", "rburg"));

TEST(P452LandCover, AdapterPassesTheGroundCoverToTheModel) {
  // A 6 km path over a hill, 121 points, clutter of 20 m on the middle third.
  const int n = 121;
  std::vector<double> d_m(n), z_m(n), R(n, 0.0);
  for (int i = 0; i < n; ++i) {
    d_m[i] = 50.0 * i;
    z_m[i] = 30.0 + 40.0 * std::exp(-std::pow((d_m[i] - 3500.0) / 700.0, 2));
    if (i >= n / 3 && i < 2 * n / 3) R[i] = 20.0;
  }
  P452Params p;
  const auto model = make_p452_18_model(p);
  ASSERT_TRUE(model->uses_clutter_heights());
  LinkInput link;
  link.freq_Hz = 2.0e9;
  link.h_tx_m = 12;
  link.h_rx_m = 3;
  link.d_m = d_m.back();
  link.profile_d_m = d_m.data();
  link.profile_z_m = z_m.data();
  link.profile_n = n;
  link.z_tx_m = z_m.front();
  link.z_rx_m = z_m.back();
  link.clutter_m = R.data();
  const double with = model->loss_dB(link);
  link.clutter_m = nullptr;
  const double without = model->loss_dB(link);

  std::vector<double> d_km(n);
  for (int i = 0; i < n; ++i) d_km[i] = d_m[i] * 1e-3;
  std::vector<p452_18::Zone> zone(n, p452_18::Zone::Inland);
  p452_18::Path path;
  path.d_km = d_km;
  path.h_m = z_m;
  path.clutter_m = R;
  path.zone = zone;
  path.htg_m = link.h_tx_m;
  path.hrg_m = link.h_rx_m;
  path.phit_n_deg = p.latitude_deg;
  path.phir_n_deg = p.latitude_deg;
  path.delta_N = p.delta_N;
  path.N0 = p.N0;
  p452_18::PathAnalysis a;
  p452_18::analyse_path(path, a);
  p452_18::Radio radio;
  radio.f_GHz = 2.0;
  radio.p_percent = p.time_percent;
  EXPECT_EQ(with, p452_18::evaluate(a, radio).Lb);
  // The clutter raises the obstruction of the diffraction path: more loss.
  EXPECT_GT(with, without + 1.0);
}

// ---- through the area engine ------------------------------------------------------------

StudyGrid grid() {
  StudyGrid g;
  g.x0_m = 500000;
  g.y0_m = 3900000;
  g.cell_m = 50;
  g.nx = 24;
  g.ny = 16;
  g.heights_m = {1.5, 25.0};
  return g;
}

/// Land cover over the grid on a 10 m lattice: dense urban (20 m) in the band 300 m <= x - x0 <
/// 600 m, open/rural (0 m) elsewhere.
std::shared_ptr<const LandCover> band_land_cover(const StudyGrid& g) {
  const int nx = g.nx * 5 + 1, ny = g.ny * 5 + 1;
  std::vector<std::uint8_t> index(static_cast<std::size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      const double x = 10.0 * i;
      index[static_cast<std::size_t>(j) * nx + i] = x >= 300 && x < 600 ? 1 : 0;
    }
  }
  return std::make_shared<const LandCover>(
      g.x0_m, g.y0_m, 10.0, nx, ny, std::move(index),
      std::vector<ClutterClass>{default_clutter_class(p2108::ClutterType::OpenRural),
                                default_clutter_class(p2108::ClutterType::DenseUrban)});
}

TEST(AreaLandCover, OnlyTheClutterHeightsDifferAndTheLossFollowsTheModel) {
  const StudyGrid g = grid();
  const Extent e = g.extent();
  TerrainGrid bare =
      make_flat_terrain({{e.xmin_m - 50, e.ymin_m - 50, e.xmax_m + 50, e.ymax_m + 50}, 10}, 12.0);
  TerrainGrid covered = bare;
  const auto lc = band_land_cover(g);
  covered.set_land_cover(lc);

  ModelConfig c;
  c.name = "p1812";
  c.p1812.path_centre_latitude_deg = 35;
  const auto model = make_path_loss_model(c);
  const Transmitter tx{g.x0_m + 100, g.y0_m + 400, 10.0, 2.0e9};
  const double step = 10.0;
  const AreaContext ctx_bare{g, bare, *model, step};
  const AreaContext ctx_cov{g, covered, *model, step};
  const std::size_t cells = g.cells() * g.heights_m.size();
  std::vector<float> loss_bare(cells), loss_cov(cells);
  compute_area(tx, nullptr, ctx_bare, {loss_bare, {}});
  compute_area(tx, nullptr, ctx_cov, {loss_cov, {}});

  // Each cell: the model function on the same profile with the R_i of the land cover under
  // its points (the terminals at ground height).
  p1812::Inputs in;
  in.pol = p526::Polarization::Vertical;
  in.phi_path_deg = 35;
  in.f_GHz = tx.freq_Hz * 1e-9;
  in.htg_m = tx.h_m;
  int crossing = 0, clear = 0;
  Profile profile;
  for (std::size_t ih = 0; ih < g.heights_m.size(); ++ih) {
    for (int iy = 0; iy < g.ny; ++iy) {
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::size_t k = (ih * g.ny + iy) * g.nx + ix;
        const double x = g.x(ix), y = g.y(iy);
        LinkInput link;
        make_link(tx, x, y, g.heights_m[ih], ctx_cov, profile, link);
        const int n = link.profile_n;
        ASSERT_NE(link.clutter_m, nullptr);
        std::vector<double> R(n);
        lc->fill_profile_heights(tx.x_m, tx.y_m, x, y, n, R.data());
        for (int i = 0; i < n; ++i) ASSERT_EQ(link.clutter_m[i], R[i]);
        R.front() = 0;  // P.1812-6 §3.2: the terminals at ground height
        R.back() = 0;
        in.hrg_m = g.heights_m[ih];
        std::vector<double> scratch(p1812::scratch_size(n));
        const p1812::Profile p{std::span<const double>(link.profile_d_m, n),
                               std::span<const double>(link.profile_z_m, n),
                               R,
                               {},
                               1e-3};
        const double expected = p1812::basic_transmission_loss(p, in, scratch).Lb;
        EXPECT_EQ(loss_cov[k], static_cast<float>(expected)) << ix << ", " << iy;
        // The area equals the point API bit for bit, land cover included.
        EXPECT_EQ(loss_cov[k],
                  static_cast<float>(point_loss_dB(tx, x, y, g.heights_m[ih], ctx_cov)));
        bool any = false;
        for (int i = 1; i + 1 < n; ++i) any = any || R[i] > 0;
        if (any) {
          ++crossing;
          // 20 m of dense urban between a 10 m mast and a 1.5 m receiver: more loss.
          if (ih == 0 && x - g.x0_m > 650) {
            EXPECT_GT(loss_cov[k], loss_bare[k] + 1.0f) << ix << ", " << iy;
          }
        } else {
          ++clear;
          EXPECT_EQ(loss_cov[k], loss_bare[k]) << ix << ", " << iy;  // R_i all 0: bare terrain
        }
      }
    }
  }
  EXPECT_GT(crossing, 100);
  EXPECT_GT(clear, 50);

  // A model that takes no clutter heights sees the same links and gives the same loss.
  ModelConfig fs;
  fs.name = "p526";
  const auto p526 = make_path_loss_model(fs);
  EXPECT_FALSE(p526->uses_clutter_heights());
  std::vector<float> a(cells), b(cells);
  compute_area(tx, nullptr, AreaContext{g, bare, *p526, step}, {a, {}});
  compute_area(tx, nullptr, AreaContext{g, covered, *p526, step}, {b, {}});
  EXPECT_EQ(a, b);
}

// [propagation.clutter] p2108-terminal over a land cover: the P.2108-1 §3.1 correction at the
// cell takes the clutter type and R of the land cover's class there, not the keys'.
TEST(AreaLandCover, TerminalClutterReadsTheLandCoverAtTheEnd) {
  const StudyGrid g = grid();
  const Extent e = g.extent();
  TerrainGrid covered =
      make_flat_terrain({{e.xmin_m - 50, e.ymin_m - 50, e.xmax_m + 50, e.ymax_m + 50}, 10}, 12.0);
  const auto lc = band_land_cover(g);
  covered.set_land_cover(lc);

  ModelConfig plain;
  plain.name = "free_space";
  ModelConfig c = plain;
  c.added.clutter.model = "p2108-terminal";
  c.added.clutter.clutter_type = "suburban";  // applies nowhere: the land cover decides
  const auto fs = make_path_loss_model(plain);
  const auto cl = make_path_loss_model(c);
  const Transmitter tx{g.x0_m + 100, g.y0_m + 400, 30.0, 2.0e9};
  int urban = 0, rural = 0;
  for (int iy = 0; iy < g.ny; ++iy) {
    for (int ix = 0; ix < g.nx; ++ix) {
      const double x = g.x(ix), y = g.y(iy);
      const ClutterAt at = lc->clutter_at(x, y);
      const double A_h = p2108::height_gain_correction_dB(2.0, 1.5, 27.0, at.height_m, at.type);
      const double expected =
          point_loss_dB(tx, x, y, 1.5, AreaContext{g, covered, *fs, 10.0}) + A_h;
      EXPECT_NEAR(point_loss_dB(tx, x, y, 1.5, AreaContext{g, covered, *cl, 10.0}), expected, 1e-9);
      (at.type == p2108::ClutterType::DenseUrban ? urban : rural) += 1;
    }
  }
  EXPECT_GT(urban, 0);
  EXPECT_GT(rural, 0);
  // Dense urban (R = 20 m) costs more than open/rural (R = 10 m) at 1.5 m
  EXPECT_GT(p2108::height_gain_correction_dB(2.0, 1.5, 27.0, 20.0, p2108::ClutterType::DenseUrban),
            p2108::height_gain_correction_dB(2.0, 1.5, 27.0, 10.0, p2108::ClutterType::OpenRural));

  // The decorator passes the model's use of the per-point clutter heights through.
  ModelConfig p = plain;
  p.name = "p1812";
  p.added.rain.enabled = true;
  p.added.rain.R001_mm_h = 90;
  p.added.role = LinkRole::Wanted;
  EXPECT_TRUE(make_path_loss_model(p)->uses_clutter_heights());
}

}  // namespace
}  // namespace akichi::prop::land_cover_clutter_test

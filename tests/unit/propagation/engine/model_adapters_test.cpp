// The engine adapters of propagation/engine/model_adapters.h: each one against the pure model
// it wraps, the LoS modes of tr38901, and configuration errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_config.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/itu_r_p526_15.h"
#include "propagation/models/tr38901.h"

namespace akichi::prop::model_adapters_test {
namespace {

/// A flat profile at z_m over d_m with n samples, owned by the test.
struct TestProfile {
  std::vector<double> d_m, z_m;
  TestProfile(double length_m, int n, double z) : d_m(n), z_m(n, z) {
    for (int i = 0; i < n; ++i) d_m[i] = length_m * i / (n - 1);
  }
  void attach(LinkInput& link) const {
    link.profile_d_m = d_m.data();
    link.profile_z_m = z_m.data();
    link.profile_n = static_cast<int>(d_m.size());
  }
};

LinkInput make_link(double f_Hz, double d_m, double h_tx, double h_rx, double z_tx, double z_rx) {
  LinkInput l;
  l.freq_Hz = f_Hz;
  l.d_m = d_m;
  l.h_tx_m = h_tx;
  l.h_rx_m = h_rx;
  l.z_tx_m = z_tx;
  l.z_rx_m = z_rx;
  return l;
}

TEST(FreeSpaceAdapter, IsP525OverThe3dDistance) {
  ModelConfig cfg;
  cfg.name = "free_space";
  const auto m = make_path_loss_model(cfg);
  EXPECT_EQ(m->name(), "free_space");
  EXPECT_FALSE(m->uses_profile());
  const LinkInput link = make_link(3.7e9, 3000, 30, 1.5, 100, 20);
  // d_3D = sqrt(3000^2 + (130 - 21.5)^2) = 3001.961445...
  const double d3 = std::sqrt(3000.0 * 3000.0 + 108.5 * 108.5);
  EXPECT_NEAR(distance_3d_m(link), d3, 1e-9);
  EXPECT_NEAR(m->loss_dB(link), p525::free_space_loss_dB(3700.0, d3 / 1000.0), 1e-10);
  EXPECT_FALSE(m->describe().empty());
}

TEST(P526Adapter, FreeSpacePlusDeltaBullington) {
  ModelConfig cfg;
  cfg.name = "p526";
  const auto m = make_path_loss_model(cfg);
  EXPECT_TRUE(m->uses_profile());
  // Clear flat path: no diffraction loss, the result is the free-space loss.
  TestProfile flat(1000, 51, 0);
  LinkInput link = make_link(1e9, 1000, 30, 30, 0, 0);
  flat.attach(link);
  EXPECT_NEAR(m->loss_dB(link), p525::free_space_loss_dB_si(1e9, 1000), 1e-10);

  // A hill: profile in metres through the adapter == pure function on the same profile in km.
  TestProfile hill(8000, 81, 100);
  hill.z_m[30] = 180;
  hill.z_m[31] = 190;
  hill.z_m[32] = 175;
  link = make_link(2e9, 8000, 10, 3, 100, 100);
  hill.attach(link);
  std::vector<double> d_km(hill.d_m);
  for (double& x : d_km) x /= 1000;
  p526::Surface surface;  // vertical, land
  const double ae_km = 6371.0 * 4.0 / 3.0;
  const double Ld = p526::delta_bullington_loss_dB(d_km, hill.z_m, 110, 103, 2.0, ae_km, surface);
  EXPECT_GT(Ld, 20.0);
  EXPECT_NEAR(m->loss_dB(link), p525::free_space_loss_dB_si(2e9, distance_3d_m(link)) + Ld, 1e-9);

  // An antenna at ground level, with and without a profile, gives a finite loss above free space.
  for (const bool with_profile : {false, true}) {
    for (const double h_tx : {0.0, 1.0}) {
      LinkInput ground = make_link(1e9, 1000, h_tx, 5 - 5 * h_tx, 0, 0);
      TestProfile level(1000, 11, 0);
      if (with_profile) level.attach(ground);
      const double L = m->loss_dB(ground);
      EXPECT_TRUE(std::isfinite(L)) << with_profile << " " << h_tx;
      EXPECT_GT(L, p525::free_space_loss_dB_si(1e9, distance_3d_m(ground)));
    }
  }

  // k_factor is used: a smaller effective earth raises the loss over a long smooth path.
  TestProfile smooth(40000, 201, 0);
  link = make_link(1e9, 40000, 10, 10, 0, 0);
  smooth.attach(link);
  ModelConfig k1 = cfg;
  k1.k_factor = 1.0;
  EXPECT_GT(make_path_loss_model(k1)->loss_dB(link), m->loss_dB(link) + 1.0);
}

TEST(Tr38901Adapter, ProbabilisticLiesBetweenLosAndNlos) {
  ModelConfig cfg;
  cfg.name = "tr38901";
  cfg.scenario = "UMa";
  cfg.los_mode = LosMode::Los;
  const auto los = make_path_loss_model(cfg);
  cfg.los_mode = LosMode::Nlos;
  const auto nlos = make_path_loss_model(cfg);
  cfg.los_mode = LosMode::Probabilistic;
  const auto prob = make_path_loss_model(cfg);
  EXPECT_FALSE(prob->uses_profile());
  const LinkInput link = make_link(3.5e9, 200, 25, 1.5, 0, 0);
  const double L = los->loss_dB(link);
  const double N = nlos->loss_dB(link);
  const double P = prob->loss_dB(link);
  EXPECT_LT(L, N);
  EXPECT_GT(P, L);
  EXPECT_LT(P, N);
  const double p_los = tr38901::los_probability(tr38901::Scenario::UMa, {}, 200, 25, 1.5);
  EXPECT_NEAR(P,
              -10 * std::log10(p_los * std::pow(10, -L / 10) + (1 - p_los) * std::pow(10, -N / 10)),
              1e-9);
  // Within 18 m the UMa LoS probability is 1.
  const LinkInput near = make_link(3.5e9, 15, 25, 1.5, 0, 0);
  EXPECT_NEAR(prob->loss_dB(near), los->loss_dB(near), 1e-12);
  // The weighting itself: equal losses give that loss; extremes give one state.
  EXPECT_NEAR(los_weighted_loss_dB(0.3, 100, 100), 100, 1e-12);
  EXPECT_NEAR(los_weighted_loss_dB(1.0, 90, 400), 90, 1e-12);
  EXPECT_NEAR(los_weighted_loss_dB(0.0, 90, 400), 400, 1e-12);
}

TEST(Tr38901Adapter, TerrainModeFollowsTheProfile) {
  ModelConfig cfg;
  cfg.name = "tr38901";
  cfg.scenario = "UMi";
  cfg.los_mode = LosMode::Terrain;
  const auto terrain = make_path_loss_model(cfg);
  EXPECT_TRUE(terrain->uses_profile());
  cfg.los_mode = LosMode::Los;
  const auto los = make_path_loss_model(cfg);
  cfg.los_mode = LosMode::Nlos;
  const auto nlos = make_path_loss_model(cfg);

  TestProfile flat(300, 31, 50);
  LinkInput link = make_link(3.5e9, 300, 10, 1.5, 50, 50);
  flat.attach(link);
  EXPECT_TRUE(terrain_line_of_sight(link, cfg.k_factor));
  EXPECT_DOUBLE_EQ(terrain->loss_dB(link), los->loss_dB(link));

  TestProfile hill(300, 31, 50);
  hill.z_m[15] = 58;  // the ray is at 50 + 10 + (1.5 - 10)/2 = 55.75 m there
  hill.attach(link);
  EXPECT_FALSE(terrain_line_of_sight(link, cfg.k_factor));
  EXPECT_DOUBLE_EQ(terrain->loss_dB(link), nlos->loss_dB(link));

  // Earth bulge: 20 km over flat ground, 2 m antennas; bulge at mid-path
  // 10000 * 10000 / (2 * 4/3 * 6371000) = 5.886 m > 2 m -> blocked.
  TestProfile far(20000, 201, 0);
  LinkInput lf = make_link(3.5e9, 20000, 2, 2, 0, 0);
  far.attach(lf);
  EXPECT_FALSE(terrain_line_of_sight(lf, 4.0 / 3.0));
  // 10 m antennas clear it.
  lf.h_tx_m = lf.h_rx_m = 10;
  EXPECT_TRUE(terrain_line_of_sight(lf, 4.0 / 3.0));
}

TEST(Tr38901Adapter, UsesHeightsAboveGroundAndTerrainIn3dDistance) {
  ModelConfig cfg;
  cfg.name = "tr38901";
  cfg.scenario = "InF-DH";
  cfg.los_mode = LosMode::Los;
  const auto m = make_path_loss_model(cfg);
  const LinkInput link = make_link(28.5e9, 40, 8, 1.5, 10, 4);  // d_3D = sqrt(40^2 + 12.5^2)
  const double d3 = std::hypot(40.0, 12.5);
  EXPECT_NEAR(m->loss_dB(link), 31.84 + 21.50 * std::log10(d3) + 19.00 * std::log10(28.5), 1e-9);
}

std::string error_of(const ModelConfig& cfg) {
  try {
    make_path_loss_model(cfg);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(MakePathLossModel, BadConfigurationNamesTheField) {
  ModelConfig cfg;
  cfg.name = "hata";
  // The registered models in name order (this executable also registers a test model).
  EXPECT_EQ(error_of(cfg).rfind("propagation.model: found 'hata', expected one of \"ehata-ntia\", "
                                "\"extended-hata\", \"free_space\", \"itm\", \"p1411\", "
                                "\"p1812\", \"p452-18\", \"p526\", \"ray-2.5d\", ",
                                0),
            0u);
  cfg.name = "tr38901";
  cfg.scenario = "UMx";
  EXPECT_EQ(error_of(cfg),
            "propagation.tr38901.scenario: found 'UMx', expected one of RMa, UMa, UMi, InH, "
            "InH-open, InF-SL, InF-DL, InF-SH, InF-DH");
  cfg.scenario = "InF-SH";
  cfg.clutter_density = 1.0;
  EXPECT_NE(error_of(cfg).find("propagation.tr38901.clutter_density: found 1"), std::string::npos);
  cfg.clutter_density = 0.3;
  cfg.clutter_height_m = 12;  // above the 10 m hall
  EXPECT_NE(error_of(cfg).find("propagation.tr38901.clutter_height_m"), std::string::npos);
  cfg.clutter_height_m = 2;
  cfg.scenario = "RMa";
  cfg.avg_building_height_m = 60;
  EXPECT_NE(error_of(cfg).find("propagation.tr38901.avg_building_height_m: found 60"),
            std::string::npos);
  cfg.avg_building_height_m = 5;
  EXPECT_EQ(error_of(cfg), "");
  cfg.los_mode = LosMode::Terrain;
  cfg.k_factor = 0;
  EXPECT_NE(error_of(cfg).find("propagation.k_factor: found 0"), std::string::npos);

  ModelConfig p;
  p.name = "p526";
  p.polarization = "circular";
  EXPECT_EQ(error_of(p),
            "propagation.p526.polarization: found 'circular', expected one of vertical, "
            "horizontal");
  p.polarization = "horizontal";
  p.k_factor = -1;
  EXPECT_NE(error_of(p).find("propagation.k_factor"), std::string::npos);
  p.k_factor = 4.0 / 3.0;
  p.ground_conductivity_S_per_m = 0;
  EXPECT_NE(error_of(p).find("propagation.p526.ground_conductivity_S_per_m"), std::string::npos);
  EXPECT_THROW(make_path_loss_model(p), InputError);
}

}  // namespace
}  // namespace akichi::prop::model_adapters_test

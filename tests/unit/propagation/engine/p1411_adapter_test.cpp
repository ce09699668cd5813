// The "p1411" area-engine adapter (propagation/engine/adapters/p1411.h): same value as the pure
// model at the 3-D distance, LoS modes including the terrain test, the location percentage,
// the minimum-distance clamp, and one test per parameter check.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/adapters/p1411.h"
#include "propagation/models/itu_r_p1411_12.h"

namespace akichi::prop::p1411_adapter_test {
namespace {

LinkInput link_at(double f_Hz, double d_m, double h_tx, double h_rx) {
  LinkInput l;
  l.freq_Hz = f_Hz;
  l.d_m = d_m;
  l.h_tx_m = h_tx;
  l.h_rx_m = h_rx;
  l.z_tx_m = 40.0;
  l.z_rx_m = 40.0;
  return l;
}

TEST(P1411Adapter, MatchesPureModelAtThe3dDistance) {
  P1411Params p;
  p.los_mode = LosMode::Nlos;
  p.environment = "urban_high_rise";
  const auto m = make_p1411_model(p);
  EXPECT_EQ(m->name(), "p1411");
  EXPECT_FALSE(m->uses_profile());
  const LinkInput l = link_at(28e9, 300.0, 25.0, 1.5);
  const double d3 = std::hypot(300.0, 23.5);
  const auto* row = p1411::site_general_row(
      p1411::Placement::BelowRooftop, p1411::Environment::UrbanHighRise, p1411::PathState::NLoS);
  EXPECT_NEAR(m->loss_dB(l), p1411::loss_not_exceeded_dB(*row, 28.0, d3, 50.0), 1e-9);
  EXPECT_NE(m->describe().find("P.1411-12"), std::string::npos);
}

TEST(P1411Adapter, LocationPercentageAndLosMode) {
  P1411Params p;
  p.placement = "above_rooftop";
  p.los_mode = LosMode::Los;
  p.location_percent = 90.0;
  const auto m = make_p1411_model(p);
  const LinkInput l = link_at(3.7e9, 500.0, 30.0, 1.5);
  const auto* row = p1411::site_general_row(
      p1411::Placement::AboveRooftop, p1411::Environment::UrbanHighRise, p1411::PathState::LoS);
  const double d3 = std::hypot(500.0, 28.5);
  // 90 %: Lb + 3.48 * 1.2815516
  EXPECT_NEAR(m->loss_dB(l), p1411::median_loss_dB(*row, 3.7, d3) + 3.48 * 1.2815515655446004,
              1e-9);
}

TEST(P1411Adapter, TerrainDecidesLosState) {
  P1411Params p;  // below rooftop, urban high-rise, terrain mode
  const auto m = make_p1411_model(p);
  EXPECT_TRUE(m->uses_profile());
  LinkInput l = link_at(28e9, 200.0, 10.0, 1.5);
  std::vector<double> d = {0, 50, 100, 150, 200};
  std::vector<double> z = {40, 40, 40, 40, 40};
  l.profile_d_m = d.data();
  l.profile_z_m = z.data();
  l.profile_n = 5;
  const double d3 = std::hypot(200.0, 8.5);
  const auto* los = p1411::site_general_row(
      p1411::Placement::BelowRooftop, p1411::Environment::UrbanHighRise, p1411::PathState::LoS);
  const auto* nlos = p1411::site_general_row(
      p1411::Placement::BelowRooftop, p1411::Environment::UrbanHighRise, p1411::PathState::NLoS);
  EXPECT_NEAR(m->loss_dB(l), p1411::median_loss_dB(*los, 28.0, d3), 1e-9);
  z[2] = 60.0;  // a 20 m hill in the middle blocks the ray
  EXPECT_NEAR(m->loss_dB(l), p1411::loss_not_exceeded_dB(*nlos, 28.0, d3, 50.0), 1e-9);
}

TEST(P1411Adapter, ShortLinksClampedToTheRowMinimumDistance) {
  P1411Params p;
  p.los_mode = LosMode::Nlos;
  p.environment = "residential";
  const auto m = make_p1411_model(p);
  // residential NLoS starts at 30 m: a 10 m link gets the 30 m loss
  EXPECT_DOUBLE_EQ(m->loss_dB(link_at(3.5e9, 10.0, 1.5, 1.5)),
                   m->loss_dB(link_at(3.5e9, 30.0, 1.5, 1.5)));
  EXPECT_LT(m->loss_dB(link_at(3.5e9, 30.0, 1.5, 1.5)), m->loss_dB(link_at(3.5e9, 31.0, 1.5, 1.5)));
}

void expect_error(const P1411Params& p, const std::string& field) {
  try {
    (void)make_p1411_model(p);
    ADD_FAILURE() << "no error for " << field;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("expected"), std::string::npos) << e.what();
  }
}

TEST(P1411Adapter, ParameterChecks) {
  P1411Params p;
  p.placement = "on_the_roof";
  expect_error(p, "propagation.p1411.placement: found 'on_the_roof'");
  p = P1411Params{};
  p.environment = "urban_very_high_rise";
  expect_error(p, "propagation.p1411.environment: found 'urban_very_high_rise'");
  p = P1411Params{};
  p.los_mode = LosMode::Probabilistic;
  expect_error(p, "propagation.p1411.los");
  p = P1411Params{};
  p.location_percent = 0.0;
  expect_error(p, "propagation.p1411.location_percent: found 0");
  p.location_percent = 100.0;
  expect_error(p, "propagation.p1411.location_percent: found 100");
  p = P1411Params{};
  p.k_factor = 0.0;
  expect_error(p, "propagation.k_factor");
  // rows the tables do not have
  p = P1411Params{};
  p.environment = "residential";  // terrain mode needs a LoS row
  expect_error(p, "propagation.p1411.environment");
  p.los_mode = LosMode::Nlos;
  EXPECT_NO_THROW(make_p1411_model(p));
  p = P1411Params{};
  p.placement = "above_rooftop";
  p.environment = "urban_low_rise_suburban";  // no NLoS row above rooftop
  expect_error(p, "propagation.p1411.environment");
  p.los_mode = LosMode::Los;
  EXPECT_NO_THROW(make_p1411_model(p));
}

}  // namespace
}  // namespace akichi::prop::p1411_adapter_test

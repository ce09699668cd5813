// Space-station receivers (sim/analysis/satellite_run.h): a hand case on the sub-satellite
// meridian of a geostationary satellite (the contribution from the closed-form geometry, free
// space, the slant-path gases and the satellite's peak gain), the aggregate of N identical
// stations (single + 10 log10 N), the fit counts against a hand computation, the schedules per
// slot, and the located messages of bad [[space_station]] input.
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/models/itu_r_p676_slant.h"
#include "propagation/terrain/terrain.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/satellite_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

std::string scenario_text(int n_stations, const std::string& extra = "",
                          const std::string& satellite_extra = "") {
  std::string s = R"(
[area]
center_lat_deg = 34.63
center_lon_deg = 135.42
size_x_m = 600
size_y_m = 600
cell_size_m = 50
rx_heights_m = [10.0]

[terrain]
source = "flat"
elevation_m = 0

[propagation]
model = "free_space"
)" + extra;
  for (int i = 0; i < n_stations; ++i) {
    s += "\n[[station]]\nid = \"bs-" + std::to_string(i) +
         "\"\nlat_deg = 34.63\nlon_deg = 135.42\nheight_m = 15\nfreq_MHz = 28700\n"
         "bandwidth_MHz = 400\neirp_dBm = 40\n";
    if (i == 1) s += "schedule = [\"Mon-Fri 08:00-18:00\"]\n";
  }
  s += R"(
[[space_station]]
id = "gso-sat"
gso_longitude_deg = 135.42
freq_lo_MHz = 27500
freq_hi_MHz = 29500
noise_temperature_K = 500
delta_t_over_t_percent = 6
)" + satellite_extra +
       R"(
[space_station.antenna]
type = "s672"
gain_dBi = 45
beamwidth_deg = 1.6
ls_dB = -20
boresight_lat_deg = 34.63
boresight_lon_deg = 135.42
)";
  return s;
}

SatelliteRun run_text(const std::string& text) {
  const Scenario sc = parse_scenario(text, "satellite.toml");
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  return run_satellite(sc, terrain);
}

TEST(SatelliteRun, HandCaseOnTheSubSatelliteMeridian) {
  const SatelliteRun run = run_text(scenario_text(1));
  ASSERT_TRUE(run.done);
  ASSERT_EQ(run.n_sources, 1u);
  ASSERT_EQ(run.n_channels, 1u);
  // The station at geodetic latitude 34.63 deg, 15 m up, on the satellite's meridian: geocentric
  // radius rho and latitude psi, the law of cosines for the range, the GSO elevation formula.
  const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), h = 15.0;
  const double s = std::sin(34.63 * kDeg), c = std::cos(34.63 * kDeg);
  const double N = a / std::sqrt(1 - e2 * s * s);
  const double x = (N + h) * c, z = (N * (1 - e2) + h) * s;
  const double rho = std::hypot(x, z), psi = std::atan2(z, x), r = 42164172.0;
  const double d = std::sqrt(rho * rho + r * r - 2 * rho * r * std::cos(psi));
  const double el =
      std::atan((std::cos(psi) - rho / r) / std::sin(psi)) / kDeg - (34.63 - psi / kDeg);
  const SatellitePath& p = run.paths[0];
  EXPECT_NEAR(p.range_m, d, 1e-3);
  EXPECT_NEAR(p.elevation_deg, el, 1e-7);
  EXPECT_NEAR(p.azimuth_deg, 180.0, 1e-7);
  EXPECT_LT(p.off_axis_deg, 1e-4);  // the boresight is on the station (15 m below it)
  // I = EIRP - L_fs - A_gas + G_m (isotropic source fully inside the receive band, activity 1).
  const double fsl = 20 * std::log10(4 * std::numbers::pi * d * 28.7e9 / 299792458.0);
  const double gas = prop::p676::slant_path_attenuation_dB(28.7, 0.015, el);
  EXPECT_NEAR(run.free_space_loss_dB[0], fsl, 1e-6);
  EXPECT_NEAR(run.gas_loss_dB[0], gas, 1e-6);
  EXPECT_DOUBLE_EQ(run.coupling_loss_dB[0], 0.0);
  EXPECT_NEAR(run.contribution_dBm[0], 40 - fsl - gas + 45, 1e-6);
  // N = k T B with T = 500 K over 2 GHz; the criterion dT/T = 6 % is I/N = 10 log10(0.06).
  const double noise = 10 * std::log10(1.380649e-23 * 500 * 2e9 * 1e3);
  EXPECT_NEAR(run.noise_dBm[0], noise, 1e-9);
  EXPECT_NEAR(run.limit_dBm[0], noise + 10 * std::log10(0.06), 1e-9);
  EXPECT_NEAR(run.i_over_n_all_dB[0], run.contribution_dBm[0] - noise, 1e-9);
  // The base stations of this contribution that fit: floor(10^((limit - I) / 10)).
  const auto fit = static_cast<std::int32_t>(
      std::floor(std::pow(10.0, (run.limit_dBm[0] - run.contribution_dBm[0]) / 10.0)));
  EXPECT_EQ(run.fit_mean[0], fit);
  EXPECT_EQ(run.fit_in_order[0], std::min(fit, 1));
}

TEST(SatelliteRun, AggregateOfIdenticalStationsAndSlots) {
  const std::string time = R"(
[time]
tz = "Asia/Tokyo"
start = "2026-12-07T06:00"
end = "2026-12-07T10:00"
step_minutes = 60
)";
  const SatelliteRun one = run_text(scenario_text(1, time));
  const SatelliteRun four = run_text(scenario_text(4, time));
  ASSERT_EQ(four.n_sources, 4u);
  EXPECT_NEAR(four.aggregate_all_dBm[0], one.aggregate_all_dBm[0] + 10 * std::log10(4.0), 1e-9);
  EXPECT_EQ(four.fit_mean[0], one.fit_mean[0]);
  EXPECT_NEAR(four.mean_base_dBm[0], one.contribution_dBm[0], 1e-9);
  for (std::size_t j = 0; j < 4; ++j)
    EXPECT_NEAR(four.contribution_dBm[four.at(0, 0, j)], one.contribution_dBm[0], 1e-12);
  // bs-1 is on the air on weekdays 08:00-18:00: 3 stations in the slots of 06:00 and 07:00,
  // 4 in those of 08:00 and 09:00 (2026-12-07 is a Monday).
  ASSERT_EQ(four.n_times, 4u);
  const double single = one.contribution_dBm[0];
  EXPECT_NEAR(four.aggregate_dBm[0], single + 10 * std::log10(3.0), 1e-9);
  EXPECT_NEAR(four.aggregate_dBm[1], single + 10 * std::log10(3.0), 1e-9);
  EXPECT_NEAR(four.aggregate_dBm[2], single + 10 * std::log10(4.0), 1e-9);
  EXPECT_NEAR(four.i_over_n_dB[3], four.aggregate_all_dBm[0] - four.noise_dBm[0], 1e-9);
  // Each contributes a quarter.
  EXPECT_NEAR(std::pow(10.0, (four.contribution_dBm[0] - four.aggregate_all_dBm[0]) / 10), 0.25,
              1e-12);
}

TEST(SatelliteRun, ClutterAndActivityLowerTheContribution) {
  const SatelliteRun plain = run_text(scenario_text(1));
  const SatelliteRun clutter = run_text(scenario_text(1, "", "clutter_location_percent = 50\n"));
  EXPECT_GT(clutter.clutter_loss_dB[0], 0.0);
  EXPECT_NEAR(clutter.contribution_dBm[0], plain.contribution_dBm[0] - clutter.clutter_loss_dB[0],
              1e-9);
  // [aggregate] needs a database station: a receiver at 4.7 GHz, far from the band.
  const SatelliteRun active = run_text(scenario_text(
      1,
      "\n[aggregate]\nbs_activity = 0.5\nterminals = false\n\n[[incumbent]]\nid = \"rx\"\n"
      "lat_deg = 34.631\nlon_deg = 135.421\nheight_m = 10\nfreq_lo_MHz = 4700\n"
      "freq_hi_MHz = 4800\nnoise_figure_dB = 5\ni_over_n_dB = -10\n"));
  ASSERT_EQ(active.n_sources, 1u);
  EXPECT_NEAR(active.contribution_dBm[0], plain.contribution_dBm[0] + 10 * std::log10(0.5), 1e-9);
}

TEST(SatelliteRun, FitCountsByHand) {
  // Bases of 1, 2 and 3 mW, terminals 1 mW, limit 5 mW: room 4 mW; mean 2 mW -> 2 stations;
  // in order 1 + 2 = 3 <= 4 but + 3 = 6 > 4 -> 2.
  FitCounts f = fit_counts({1, 2, 3}, 1, 5);
  EXPECT_EQ(f.mean, 2);
  EXPECT_EQ(f.in_order, 2);
  f = fit_counts({3, 1, 1}, 0, 4.5);  // mean 5/3 -> floor(2.7) = 2; in order 3 + 1 = 4 -> 2
  EXPECT_EQ(f.mean, 2);
  EXPECT_EQ(f.in_order, 2);
  f = fit_counts({1, 1}, 2, 1);  // the terminals alone exceed the limit
  EXPECT_EQ(f.mean, 0);
  EXPECT_EQ(f.in_order, 0);
  f = fit_counts({0, 0}, 0, 1);  // no base station reaches the satellite: no bound
  EXPECT_EQ(f.mean, -1);
  EXPECT_EQ(f.in_order, 2);
}

void expect_error(const std::string& text, const std::vector<std::string>& parts) {
  try {
    (void)parse_scenario(text, "satellite.toml");
    ADD_FAILURE() << "no InputError for:\n" << text;
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("satellite.toml:"), std::string::npos) << m;
    for (const std::string& p : parts) EXPECT_NE(m.find(p), std::string::npos) << m << "\n" << p;
  }
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto i = s.find(from);
  EXPECT_NE(i, std::string::npos) << from;
  return s.replace(i, from.size(), to);
}

TEST(SatelliteRun, BadInputIsLocated) {
  const std::string ok = scenario_text(1);
  expect_error(replaced(ok, "ls_dB = -20", "ls_dB = -15"),
               {"space_station[0].antenna.ls_dB", "found -15 dB", "one of -20, -25, -30 dB"});
  expect_error(replaced(ok, "type = \"s672\"", "type = \"s999\""),
               {"space_station[0].antenna.type", "s999"});
  expect_error(replaced(ok, "freq_hi_MHz = 29500", "freq_hi_MHz = 27000"),
               {"space_station[0].freq_hi_MHz", "found 27000 MHz", "above freq_lo"});
  expect_error(replaced(ok, "boresight_lat_deg = 34.63\nboresight_lon_deg = 135.42",
                        "boresight_station = \"nobody\""),
               {"space_station[0].antenna.boresight_station", "nobody", "no station"});
  expect_error(
      replaced(ok, "gso_longitude_deg = 135.42", "gso_longitude_deg = 135.42\nlat_deg = 1"),
      {"space_station[0]", "gso_longitude_deg"});
  expect_error(replaced(ok, "delta_t_over_t_percent = 6", ""), {"space_station[0]", "i_over_n_dB"});
  expect_error(replaced(ok, "noise_temperature_K = 500", "noise_temperature_K = -3"),
               {"space_station[0].noise_temperature_K", "found -3"});
  expect_error(replaced(ok, "gso_longitude_deg", "gso_longitud_deg"),
               {"space_station[0]", "gso_longitud_deg"});
}

}  // namespace
}  // namespace akichi::sim

// Space-station receivers (sim/analysis/satellite_run.h): a hand case on the sub-satellite
// meridian of a geostationary satellite (the contribution from the closed-form geometry, free
// space, the slant-path gases and the satellite's peak gain), the aggregate of N identical
// stations (single + 10 log10 N), the fit counts against a hand computation, the schedules per
// slot, and the located messages of bad [[space_station]] input; the terminals [aggregate]
// spreads over a base station's served cells (each cell's path from the closed forms) and the
// fit count they lower; a satellite on a two-row ephemeris, its geometry per slot from the
// closed forms, and the located messages of bad ephemeris files.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "propagation/models/itu_r_p676_slant.h"
#include "propagation/terrain/terrain.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/satellite_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::satellite_run_test {
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

/// ECEF of a WGS 84 geodetic point, the closed form.
struct Xyz {
  double x, y, z;
};
Xyz ecef(double lat_deg, double lon_deg, double h) {
  const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
  const double s = std::sin(lat_deg * kDeg), c = std::cos(lat_deg * kDeg);
  const double N = a / std::sqrt(1 - e2 * s * s);
  return {(N + h) * c * std::cos(lon_deg * kDeg), (N + h) * c * std::sin(lon_deg * kDeg),
          (N * (1 - e2) + h) * s};
}
Xyz minus(const Xyz& a, const Xyz& b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
double dot(const Xyz& a, const Xyz& b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
double norm(const Xyz& a) {
  return std::sqrt(dot(a, a));
}
/// Elevation (deg) of `to` seen from `from` at geodetic lat, lon: the angle above the plane
/// normal to the ellipsoid normal.
double elevation_deg(const Xyz& from, double lat, double lon, const Xyz& to) {
  const Xyz up{std::cos(lat * kDeg) * std::cos(lon * kDeg),
               std::cos(lat * kDeg) * std::sin(lon * kDeg), std::sin(lat * kDeg)};
  const Xyz d = minus(to, from);
  return std::asin(dot(up, d) / norm(d)) / kDeg;
}
/// Angle (deg) at `apex` between the directions to a and b.
double angle_deg(const Xyz& apex, const Xyz& a, const Xyz& b) {
  const Xyz u = minus(a, apex), v = minus(b, apex);
  return std::acos(std::clamp(dot(u, v) / (norm(u) * norm(v)), -1.0, 1.0)) / kDeg;
}
double fsl_dB(double d_m, double f_Hz) {
  return 20 * std::log10(4 * std::numbers::pi * d_m * f_Hz / 299792458.0);
}

// [aggregate] needs a database station: a receiver at 4.7 GHz, far from the band. The satellite's
// beam is centred 6.63 deg of latitude south of the study, so the cells lie on the slope of its
// main beam (S.672-4: Gm - 3 (psi/psi0)^2, psi0 = 0.8 deg).
std::string terminals_text(bool terminals) {
  return replaced(
      scenario_text(1, std::string("\n[aggregate]\nbs_activity = 1\nterminals = ") +
                           (terminals ? "true" : "false") +
                           "\nterminals_per_station = 10\nterminal_eirp_dBm = 33\n"
                           "terminal_activity = 0.5\nterminal_height_m = 10\n\n[[incumbent]]\n"
                           "id = \"rx\"\nlat_deg = 34.631\nlon_deg = 135.421\nheight_m = 10\n"
                           "freq_lo_MHz = 4700\nfreq_hi_MHz = 4800\nnoise_figure_dB = 5\n"
                           "i_over_n_dB = -10\n"),
      "boresight_lat_deg = 34.63", "boresight_lat_deg = 28.0");
}

TEST(SatelliteRun, ServedTerminalsFromTheClosedForms) {
  const Scenario sc = parse_scenario(terminals_text(true), "satellite.toml");
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  // Three served cells of the 12 x 12 grid: two corners and one inside.
  const std::vector<std::size_t> cells = {0, 77, 143};
  const SatelliteRun run = run_satellite(sc, terrain, {cells});
  ASSERT_EQ(run.n_sources, 2u);
  EXPECT_EQ(run.sources[1].id, "bs-0/terminals");
  EXPECT_EQ(run.sources[1].kind, SatelliteSource::Kind::ServedTerminals);
  EXPECT_EQ(run.served_cells[1], 3);
  EXPECT_EQ(run.served_visible_share[1], 1.0);
  EXPECT_TRUE(std::isnan(run.paths[1].elevation_deg));
  // Each cell from the closed forms: its centre at 10 m above the flat ground at 0 m, free
  // space over the slant range, the P.676 slant path at the cell's elevation, the satellite's
  // S.672-4 main-beam gain at the off-axis angle.
  const prop::Transformer to_wgs84(sc.crs, prop::Crs::wgs84());
  const Xyz sat{42164172.0 * std::cos(135.42 * kDeg), 42164172.0 * std::sin(135.42 * kDeg), 0};
  const Xyz bore = ecef(28.0, 135.42, 0);
  double sum_mW = 0;
  for (std::size_t c : cells) {
    double lon = sc.grid.x(static_cast<int>(c % 12)), lat = sc.grid.y(static_cast<int>(c / 12));
    to_wgs84.transform(lon, lat);
    const Xyz at = ecef(lat, lon, 10.0);
    const double d = norm(minus(sat, at));
    const double el = elevation_deg(at, lat, lon, sat);
    const double psi = angle_deg(sat, bore, at);
    ASSERT_GT(psi, 0.8);  // past psi0, inside a psi0 = 2.06 deg: the main-beam law holds
    ASSERT_LT(psi, 2.06);
    const double gain = 45 - 3 * (psi / 0.8) * (psi / 0.8);
    const double gas = prop::p676::slant_path_attenuation_dB(28.7, 0.010, el);
    sum_mW += std::pow(10.0, (gain - fsl_dB(d, 28.7e9) - gas) / 10);
  }
  // N a = 10 x 0.5 terminals of 33 dBm, the mean over the three cells, fully in band.
  const double expected = 33 + 10 * std::log10(10 * 0.5) + 10 * std::log10(sum_mW / 3);
  // The gases are interpolated between exact evaluations 0.1 deg apart (micro-dB here).
  EXPECT_NEAR(run.contribution_dBm[1], expected, 1e-4);
  EXPECT_DOUBLE_EQ(run.coupling_loss_dB[1], 0.0);
  // Aggregate: the base station and its terminals.
  const double base = run.contribution_dBm[0];
  EXPECT_NEAR(run.aggregate_all_dBm[0],
              10 * std::log10(std::pow(10.0, base / 10) + std::pow(10.0, expected / 10)), 1e-4);

  // The fit counts: a base station counts with its terminals. Without them, floor(L / B);
  // with them, floor(L / (B + T)): fewer.
  const SatelliteRun alone =
      run_satellite(parse_scenario(terminals_text(false), "s.toml"), terrain);
  ASSERT_EQ(alone.n_sources, 1u);
  EXPECT_DOUBLE_EQ(alone.contribution_dBm[0], base);
  const double limit_mW = std::pow(10.0, run.limit_dBm[0] / 10);
  const double base_mW = std::pow(10.0, base / 10);
  const double unit_mW = base_mW + std::pow(10.0, run.contribution_dBm[1] / 10);
  EXPECT_EQ(alone.fit_mean[0], static_cast<std::int32_t>(std::floor(limit_mW / base_mW)));
  EXPECT_EQ(run.fit_mean[0], static_cast<std::int32_t>(std::floor(limit_mW / unit_mW)));
  EXPECT_LT(run.fit_mean[0], alone.fit_mean[0]);
  EXPECT_NEAR(run.mean_base_dBm[0], 10 * std::log10(unit_mW), 1e-9);
  EXPECT_EQ(run.terminals_dBm[0], -std::numeric_limits<double>::infinity());
  // No served cell: the terminals' row is there and does not reach the satellite.
  const SatelliteRun none = run_satellite(sc, terrain, {});
  ASSERT_EQ(none.n_sources, 2u);
  EXPECT_EQ(none.contribution_dBm[1], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(none.fit_mean[0], alone.fit_mean[0]);
}

TEST(SatelliteRun, GasTableInterpolatesExactNodes) {
  const GasTable t(28.7, 7.5, 40.05, 40.35, 0, 250);
  // At a node: exact.
  EXPECT_NEAR(t.loss_dB(40.1, 200), prop::p676::slant_path_attenuation_dB(28.7, 0.2, 40.1), 1e-12);
  // Between nodes: within a thousandth of a dB of the exact integral.
  EXPECT_NEAR(t.loss_dB(40.234, 137), prop::p676::slant_path_attenuation_dB(28.7, 0.137, 40.234),
              1e-3);
}

/// A file in the test's temporary folder with `text`.
std::string temp_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "akichi_satellite_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

// Three 5-minute slots from 00:00 UTC; rows at 00:00 and 00:10: slot 1 lies halfway.
std::string ephemeris_text(const std::string& csv_path) {
  return replaced(replaced(scenario_text(1, R"(
[time]
tz = "UTC"
start = "2026-12-07T00:00"
end = "2026-12-07T00:15"
step_minutes = 5
)"),
                           "gso_longitude_deg = 135.42", "ephemeris = \"" + csv_path + "\""),
                  "type = \"s672\"", "type = \"s1528\"");
}

TEST(SatelliteRun, EphemerisGeometryPerSlot) {
  const std::string csv = temp_file("two_rows.csv",
                                    "time,lat_deg,lon_deg,altitude_km\n"
                                    "2026-12-07T00:00:00Z,30.0,135.0,550\n"
                                    "2026-12-07T00:10:00Z,36.0,136.0,560\n");
  const Scenario sc = parse_scenario(ephemeris_text(csv), "satellite.toml");
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  const SatelliteRun run = run_satellite(sc, terrain);
  ASSERT_EQ(run.n_times, 3u);
  ASSERT_EQ(run.n_epochs, 3u);
  // The satellite per slot: the rows at 00:00 and 00:10, halfway in ECEF at 00:05.
  const Xyz r0 = ecef(30.0, 135.0, 550e3), r1 = ecef(36.0, 136.0, 560e3);
  const Xyz mid{(r0.x + r1.x) / 2, (r0.y + r1.y) / 2, (r0.z + r1.z) / 2};
  const std::vector<Xyz> sat = {r0, mid, r1};
  const Xyz station = ecef(34.63, 135.42, 15.0), bore = ecef(34.63, 135.42, 0);
  for (std::size_t e = 0; e < 3; ++e) {
    const SatellitePath& p = run.paths[e];
    EXPECT_NEAR(p.range_m, norm(minus(sat[e], station)), 1e-3) << e;
    EXPECT_NEAR(p.elevation_deg, elevation_deg(station, 34.63, 135.42, sat[e]), 1e-7) << e;
    EXPECT_NEAR(p.off_axis_deg, angle_deg(sat[e], bore, station), 1e-6) << e;
    EXPECT_TRUE(p.visible);
    const double gas = prop::p676::slant_path_attenuation_dB(28.7, 0.015, p.elevation_deg);
    EXPECT_NEAR(run.contribution_dBm[run.at(0, 0, 0, e)],
                40 - fsl_dB(p.range_m, 28.7e9) - gas + p.rx_gain_dBi, 1e-6)
        << e;
    // The slot's aggregate is its epoch's.
    EXPECT_DOUBLE_EQ(run.aggregate_dBm[e], run.contribution_dBm[run.at(0, 0, 0, e)]);
    EXPECT_DOUBLE_EQ(run.aggregate_all_dBm[run.sk(0, 0, e)], run.aggregate_dBm[e]);
  }
  // The sub-satellite point back from ECEF (PROJ's iterative inverse: to about a millimetre).
  EXPECT_NEAR(run.positions[0].lat_deg, 30.0, 1e-7);
  EXPECT_NEAR(run.positions[2].altitude_m, 560e3, 1e-2);
  EXPECT_NE(run.contribution_dBm[0], run.contribution_dBm[run.at(0, 0, 0, 1)]);
}

TEST(SatelliteRun, EphemerisBelowTheHorizonDoesNotReach) {
  // The satellite over the far side of the earth in the second slot.
  const std::string csv = temp_file("far_side.csv",
                                    "time,lat_deg,lon_deg,altitude_km\n"
                                    "2026-12-07T00:00:00Z,34.0,135.0,550\n"
                                    "2026-12-07T00:05:00Z,-34.0,-45.0,550\n"
                                    "2026-12-07T00:10:00Z,-34.0,-44.0,550\n");
  const SatelliteRun run = run_text(ephemeris_text(csv));
  EXPECT_TRUE(run.paths[0].visible);
  EXPECT_FALSE(run.paths[1].visible);
  EXPECT_LT(run.paths[1].elevation_deg, 0);
  EXPECT_EQ(run.contribution_dBm[run.at(0, 0, 0, 1)], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(run.aggregate_dBm[1], -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isfinite(run.aggregate_dBm[0]));
}

TEST(SatelliteRun, BadEphemerisIsLocated) {
  const std::string header = "time,lat_deg,lon_deg,altitude_km\n";
  const std::string row0 = "2026-12-07T00:00:00Z,30.0,135.0,550\n";
  const std::string row1 = "2026-12-07T00:10:00Z,36.0,136.0,560\n";
  const auto error_of = [](const std::string& text) -> std::string {
    try {
      (void)parse_scenario(text, "satellite.toml");
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  const auto expect_parts = [](const std::string& m, const std::vector<std::string>& parts) {
    for (const std::string& p : parts) EXPECT_NE(m.find(p), std::string::npos) << m << "\n" << p;
  };
  std::string path = temp_file("bad_lat.csv", header + row0 + "2026-12-07T00:10:00Z,96,136,560\n");
  expect_parts(error_of(ephemeris_text(path)),
               {"bad_lat.csv:3", "lat_deg", "found 96", "expected a value in [-90, 90] deg"});
  path = temp_file("bad_time.csv", header + "2026-12-07 00:00,30,135,550\n" + row1);
  expect_parts(error_of(ephemeris_text(path)),
               {"bad_time.csv:2", "time", "2026-12-07 00:00", "ISO 8601 UTC"});
  path = temp_file("no_z.csv", header + "2026-12-07T00:00:00,30,135,550\n" + row1);
  expect_parts(error_of(ephemeris_text(path)), {"no_z.csv:2", "time", "ISO 8601 UTC"});
  path = temp_file("bad_alt.csv", header + row0 + "2026-12-07T00:10:00Z,36,136,high\n");
  expect_parts(error_of(ephemeris_text(path)), {"bad_alt.csv:3", "altitude_km", "high"});
  path = temp_file("backwards.csv", header + row1 + row0);
  expect_parts(error_of(ephemeris_text(path)), {"backwards.csv:3", "time", "strictly increasing"});
  path = temp_file("short.csv", header + row0 + "2026-12-07T00:09:00Z,36,136,560\n");
  expect_parts(error_of(ephemeris_text(path)),
               {"satellite.toml:", "space_station[0].ephemeris", "short.csv",
                "2026-12-07T00:10:00+00:00 is outside", "every slot start"});
  path = temp_file("no_column.csv", "time,lat_deg,lon_deg\n2026-12-07T00:00:00Z,30,135\n");
  expect_parts(error_of(ephemeris_text(path)), {"no_column.csv", "altitude_km"});
  // Without [time] an ephemeris has no slots to be read at.
  path = temp_file("ok.csv", header + row0 + row1);
  expect_parts(error_of(replaced(scenario_text(1), "gso_longitude_deg = 135.42",
                                 "ephemeris = \"" + path + "\"")),
               {"space_station[0].ephemeris", "a [time] table"});
  // Not with another orbit.
  expect_parts(error_of(replaced(ephemeris_text(path), "ephemeris =", "lat_deg = 3\nephemeris =")),
               {"space_station[0].lat_deg", "either ephemeris"});
}

}  // namespace
}  // namespace akichi::sim::satellite_run_test

// ITU-R S.465-6 / S.580-6 earth-station patterns, the main-lobe model, pointing geometry, GSO
// pointing and the configuration checks of make_antenna / resolve_gso_pointing.
#include "propagation/antenna/earth_station.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"

namespace akichi::prop::earth_station_test {
namespace {

constexpr double kC = 299792458.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDeg = std::numbers::pi / 180.0;

AntennaConfig dish(const std::string& type, double D_m, double f_Hz) {
  AntennaConfig c;
  c.type = type;
  c.diameter_m = D_m;
  c.freq_Hz = f_Hz;
  c.gain_dBi = kNaN;  // G_max from the efficiency (0.7)
  c.azimuth_deg = 200;
  c.elevation_deg = 45;
  return c;
}

std::string config_error(const AntennaConfig& c) {
  try {
    make_antenna(c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Direction at off-axis angle phi from the boresight (az0, el0), rotated by psi about the
// boresight; returned as (bearing, elevation) of the study frame.
void direction_about(double az0, double el0, double phi_deg, double psi_deg, double& bearing,
                     double& elevation) {
  const double a = az0 * kDeg, e = el0 * kDeg;
  const double b[3] = {std::cos(e) * std::sin(a), std::cos(e) * std::cos(a), std::sin(e)};
  // Two unit vectors orthogonal to b: "up" in the boresight's vertical plane and "right".
  const double u[3] = {-std::sin(e) * std::sin(a), -std::sin(e) * std::cos(a), std::cos(e)};
  const double r[3] = {std::cos(a), -std::sin(a), 0.0};
  const double p = phi_deg * kDeg, s = psi_deg * kDeg;
  double d[3];
  for (int i = 0; i < 3; ++i) {
    d[i] = std::cos(p) * b[i] + std::sin(p) * (std::cos(s) * u[i] + std::sin(s) * r[i]);
  }
  bearing = std::atan2(d[0], d[1]) / kDeg;
  elevation = std::asin(std::clamp(d[2], -1.0, 1.0)) / kDeg;
}

TEST(EarthStation, PhiMinBranchesOfS465) {
  // D/lambda >= 50: max(1, 100 lambda/D).
  EXPECT_DOUBLE_EQ(s465_6_phi_min_deg(50), 2.0);
  EXPECT_DOUBLE_EQ(s465_6_phi_min_deg(80), 1.25);
  EXPECT_DOUBLE_EQ(s465_6_phi_min_deg(100), 1.0);
  EXPECT_DOUBLE_EQ(s465_6_phi_min_deg(400), 1.0);
  // D/lambda < 50: max(2, 114 (D/lambda)^-1.09).
  EXPECT_NEAR(s465_6_phi_min_deg(10), 114.0 * std::pow(10.0, -1.09), 1e-12);
  EXPECT_NEAR(s465_6_phi_min_deg(10), 9.26627, 1e-5);
  EXPECT_DOUBLE_EQ(s465_6_phi_min_deg(49.9), 2.0);  // 114 * 49.9^-1.09 = 1.62 < 2
  // The two branches meet at D/lambda = 50 (both 2 deg): no jump.
  EXPECT_NEAR(s465_6_phi_min_deg(50 - 1e-9), s465_6_phi_min_deg(50), 1e-12);
  EXPECT_DOUBLE_EQ(s580_6_phi_min_deg(70), 100.0 / 70.0);
  EXPECT_DOUBLE_EQ(s580_6_phi_min_deg(300), 1.0);
}

TEST(EarthStation, SideLobeEnvelopesAnalytic) {
  EXPECT_NEAR(s465_6_sidelobe_dBi(10), 7.0, 1e-12);  // 32 - 25 log 10
  EXPECT_NEAR(s465_6_sidelobe_dBi(1), 32.0, 1e-12);
  EXPECT_NEAR(s465_6_sidelobe_dBi(47.999), 32 - 25 * std::log10(47.999), 1e-12);
  EXPECT_DOUBLE_EQ(s465_6_sidelobe_dBi(48), -10.0);
  EXPECT_DOUBLE_EQ(s465_6_sidelobe_dBi(120), -10.0);
  EXPECT_NEAR(s580_6_sidelobe_dBi(10), 4.0, 1e-12);  // 29 - 25 log 10
  EXPECT_NEAR(s580_6_sidelobe_dBi(20), 29 - 25 * std::log10(20.0), 1e-12);
  EXPECT_DOUBLE_EQ(s580_6_sidelobe_dBi(25), -3.5);
  EXPECT_DOUBLE_EQ(s580_6_sidelobe_dBi(26.3), -3.5);
  EXPECT_NEAR(s580_6_sidelobe_dBi(30), 32 - 25 * std::log10(30.0), 1e-12);
  EXPECT_DOUBLE_EQ(s580_6_sidelobe_dBi(60), -10.0);
  EXPECT_NEAR(parabolic_max_gain_dBi(100, 0.7),
              10 * std::log10(0.7 * std::pow(100 * std::numbers::pi, 2)), 1e-12);
  EXPECT_NEAR(parabolic_max_gain_dBi(100, 0.7), 48.39398, 1e-5);
}

struct DishCase {
  double D_m, f_Hz, phi_min_deg, G_max_dBi;
};

// D = 1.2, 2.4, 4.5 m at 28.5 GHz (D/lambda 114, 228, 428: phi_min = 1 deg) and at 4.7 GHz
// (D/lambda 18.8 and 37.6 below 50, 70.5 above): analytic values at chosen off-axis angles.
TEST(EarthStation, S465AnalyticValuesAt28p5And4p7GHz) {
  const DishCase cases[] = {
      {1.2, 28.5e9, 1.0, 49.538086},     {2.4, 28.5e9, 1.0, 55.558686},
      {4.5, 28.5e9, 1.0, 61.018711},     {1.2, 4.7e9, 4.653130, 33.883146},
      {2.4, 4.7e9, 2.185861, 39.903746}, {4.5, 4.7e9, 100.0 / 70.548806, 45.363771},
  };
  for (const DishCase& k : cases) {
    SCOPED_TRACE(testing::Message() << "D " << k.D_m << " m, f " << k.f_Hz / 1e9 << " GHz");
    const double x = k.D_m * k.f_Hz / kC;
    const auto a = make_antenna(dish("s465", k.D_m, k.f_Hz));
    const auto* es = dynamic_cast<const EarthStationAntenna*>(a.get());
    ASSERT_NE(es, nullptr);
    const EarthStationEnvelope& env = es->envelope();
    EXPECT_NEAR(env.D_over_lambda, x, 1e-12);
    EXPECT_NEAR(env.phi_min_deg, k.phi_min_deg, 1e-6);
    EXPECT_NEAR(a->max_gain_dBi(), k.G_max_dBi, 1e-6);
    EXPECT_NEAR(env.G1_dBi, 32 - 25 * std::log10(k.phi_min_deg), 1e-5);
    // Boresight: G_max.
    EXPECT_NEAR(a->gain_dBi(200, 45), k.G_max_dBi, 1e-6);
    // Side lobes: 7 dBi at 10 deg, 32 - 25 log 20 at 20 deg, -10 dBi beyond 48 deg.
    EXPECT_NEAR(earth_station_gain_dBi(env, 10), 7.0, 1e-12);
    EXPECT_NEAR(earth_station_gain_dBi(env, 20), 32 - 25 * std::log10(20.0), 1e-12);
    EXPECT_DOUBLE_EQ(earth_station_gain_dBi(env, 48), -10);
    EXPECT_DOUBLE_EQ(earth_station_gain_dBi(env, 90), -10);
    EXPECT_DOUBLE_EQ(earth_station_gain_dBi(env, 180), -10);
    // Main lobe: at phi_m / 2 the parabola is G_max - (G_max - G1) / 4; flat G1 up to phi_min.
    EXPECT_NEAR(env.phi_m_deg, 20.0 / x * std::sqrt(k.G_max_dBi - env.G1_dBi), 1e-5);
    const double phi_m = env.phi_m_deg;
    EXPECT_LT(env.phi_m_deg, env.phi_min_deg);
    EXPECT_NEAR(earth_station_gain_dBi(env, phi_m / 2),
                env.G_max_dBi - (env.G_max_dBi - env.G1_dBi) / 4, 1e-9);
    EXPECT_NEAR(earth_station_gain_dBi(env, 0.5 * (phi_m + env.phi_min_deg)), env.G1_dBi, 1e-12);
    // The same through the pointing: a direction 10 deg off the boresight, straight above it.
    EXPECT_NEAR(a->gain_dBi(200, 55), 7.0, 1e-9);
  }
}

TEST(EarthStation, S580AnalyticValues) {
  const auto a = make_antenna(dish("s580", 2.4, 28.5e9));  // D/lambda 228, phi_min 1 deg
  const auto& env = dynamic_cast<const EarthStationAntenna&>(*a).envelope();
  EXPECT_DOUBLE_EQ(env.phi_min_deg, 1.0);
  EXPECT_NEAR(env.G1_dBi, 29.0, 1e-12);
  EXPECT_NEAR(earth_station_gain_dBi(env, 10), 4.0, 1e-12);  // 29 - 25 log 10
  EXPECT_DOUBLE_EQ(earth_station_gain_dBi(env, 22), -3.5);
  EXPECT_NEAR(earth_station_gain_dBi(env, 40), 32 - 25 * std::log10(40.0), 1e-12);
  EXPECT_DOUBLE_EQ(earth_station_gain_dBi(env, 100), -10);
  EXPECT_NEAR(a->max_gain_dBi(), 55.558686, 1e-6);
  // 4.5 m at 4.7 GHz: D/lambda 70.5 >= 50, phi_min = 100 lambda/D = 1.417 deg.
  const auto b = make_antenna(dish("s580", 4.5, 4.7e9));
  const auto& envb = dynamic_cast<const EarthStationAntenna&>(*b).envelope();
  EXPECT_NEAR(envb.phi_min_deg, 1.417458, 1e-6);
  EXPECT_NEAR(envb.G1_dBi, 29 - 25 * std::log10(1.417458), 1e-5);
  // S.580 is 3 dB below S.465 from phi_min to 20 deg.
  const auto c = make_antenna(dish("s465", 4.5, 4.7e9));
  for (double phi = 1.5; phi < 19.9; phi += 0.5) {
    EXPECT_NEAR(c->gain_dBi(200, 45 + phi) - b->gain_dBi(200, 45 + phi), 3.0, 1e-9);
  }
}

// Continuity at every breakpoint: |G(phi+) - G(phi-)| <= 1e-6 dB for eps = 1e-9 deg, except the
// Recommendations' own steps: S.465-6 and S.580-6 at 48 deg (-10.031 -> -10 dBi), S.580-6 at
// 20 deg (-3.526 -> -3.5 dBi) and at 26.3 deg (-3.5 -> -3.499 dBi).
TEST(EarthStation, ContinuityAtBreakpoints) {
  constexpr double eps = 1e-9;
  constexpr double bound_dB = 1e-6;
  const auto jump = [&](const EarthStationEnvelope& env, double phi) {
    return earth_station_gain_dBi(env, phi + eps) - earth_station_gain_dBi(env, phi - eps);
  };
  for (const double f : {4.7e9, 28.5e9}) {
    for (const double D : {1.2, 2.4, 4.5}) {
      const double x = D * f / kC;
      const auto e465 = make_earth_station_envelope(EarthStationRecommendation::kS465_6, x,
                                                    parabolic_max_gain_dBi(x, 0.7));
      EXPECT_LE(std::abs(jump(e465, e465.phi_m_deg)), bound_dB);
      EXPECT_LE(std::abs(jump(e465, e465.phi_min_deg)), bound_dB);
      EXPECT_NEAR(jump(e465, 48), -10 - (32 - 25 * std::log10(48.0)), 1e-6);
      EXPECT_NEAR(jump(e465, 48), 0.0310, 1e-4);
      if (x < 50) continue;
      const auto e580 = make_earth_station_envelope(EarthStationRecommendation::kS580_6, x,
                                                    parabolic_max_gain_dBi(x, 0.7));
      EXPECT_LE(std::abs(jump(e580, e580.phi_m_deg)), bound_dB);
      EXPECT_LE(std::abs(jump(e580, e580.phi_min_deg)), bound_dB);
      EXPECT_NEAR(jump(e580, 20), 0.0257, 1e-4);  // -3.5 - (29 - 25 log 20)
      EXPECT_NEAR(jump(e580, 26.3), 32 - 25 * std::log10(26.3) + 3.5, 1e-6);  // +0.0011 dB
      EXPECT_NEAR(jump(e580, 26.3), 0.0011, 1e-4);
      EXPECT_NEAR(jump(e580, 48), 0.0310, 1e-4);
    }
  }
}

// Self-generated sweep: with eta = 0.7 the main lobe meets G1 before phi_min for every D/lambda
// from 1 to 3000, so the pattern has no step at phi_min; the pattern never rises with phi.
TEST(EarthStation, SelfGeneratedSweepNoStepAtPhiMinAndMonotone) {
  for (double x = 1.0; x < 3000; x *= 1.01) {
    const auto env = make_earth_station_envelope(EarthStationRecommendation::kS465_6, x,
                                                 parabolic_max_gain_dBi(x, 0.7));
    ASSERT_LE(env.phi_m_deg, env.phi_min_deg) << "D/lambda " << x;
    double prev = earth_station_gain_dBi(env, 0);
    for (double phi = 0.01; phi <= 180; phi += 0.01) {
      const double g = earth_station_gain_dBi(env, phi);
      // The only rise allowed is the Recommendation's step at 48 deg.
      if (std::abs(phi - 48) > 0.011) {
        ASSERT_LE(g, prev + 1e-12) << x << " " << phi;
      }
      prev = g;
    }
  }
}

// With an explicit G_max far above the efficiency-derived one, the parabola is still above G1 at
// phi_min, and the documented step down at phi_min is G_max - 2.5e-3 (D/lambda phi_min)^2 - G1.
TEST(EarthStation, DocumentedStepAtPhiMinForLargeExplicitGain) {
  const double x = 31.2;
  const auto env = make_earth_station_envelope(EarthStationRecommendation::kS465_6, x, 40.0);
  EXPECT_GT(env.phi_m_deg, env.phi_min_deg);
  const double below = earth_station_gain_dBi(env, env.phi_min_deg - 1e-9);
  const double at = earth_station_gain_dBi(env, env.phi_min_deg);
  const double par = 40.0 - 2.5e-3 * std::pow(x * env.phi_min_deg, 2);
  EXPECT_NEAR(below - at, par - env.G1_dBi, 1e-6);
  EXPECT_NEAR(at, env.G1_dBi, 1e-12);
}

TEST(EarthStation, OffAxisAngleGeometry) {
  EXPECT_DOUBLE_EQ(off_axis_angle_deg(10, 20, 10, 20), 0.0);
  EXPECT_NEAR(off_axis_angle_deg(0, 0, 90, 0), 90, 1e-12);
  EXPECT_NEAR(off_axis_angle_deg(0, 0, 180, 0), 180, 1e-12);
  EXPECT_NEAR(off_axis_angle_deg(0, 30, 0, 45), 15, 1e-12);
  EXPECT_NEAR(off_axis_angle_deg(350, 0, 10, 0), 20, 1e-12);   // across north
  EXPECT_NEAR(off_axis_angle_deg(123, 90, 0, 60), 30, 1e-12);  // zenith boresight: any bearing
  // Spherical law of cosines at a well-conditioned angle.
  const double el0 = 40 * kDeg, el = 10 * kDeg, daz = 35 * kDeg;
  const double ref =
      std::acos(std::sin(el0) * std::sin(el) + std::cos(el0) * std::cos(el) * std::cos(daz)) / kDeg;
  EXPECT_NEAR(off_axis_angle_deg(100, 40, 135, 10), ref, 1e-11);
  // Stable near 0: a 1e-7 deg elevation offset is resolved (acos would give 0 or 1e-4 deg).
  EXPECT_NEAR(off_axis_angle_deg(200, 45, 200, 45 + 1e-7), 1e-7, 1e-12);
}

TEST(EarthStation, GainIsSymmetricAboutTheBoresight) {
  const auto a = make_antenna(dish("s465", 1.2, 28.5e9));
  const auto* es = dynamic_cast<const EarthStationAntenna*>(a.get());
  for (const double phi : {0.3, 0.9, 1.0, 3.0, 10.0, 30.0, 47.0, 60.0, 150.0}) {
    const double ref = earth_station_gain_dBi(es->envelope(), phi);
    for (double psi = 0; psi < 360; psi += 15) {
      double bearing = 0, elevation = 0;
      direction_about(200, 45, phi, psi, bearing, elevation);
      EXPECT_NEAR(es->off_axis_deg(bearing, elevation), phi, 1e-9) << phi << " " << psi;
      EXPECT_NEAR(a->gain_dBi(bearing, elevation), ref, 1e-7) << phi << " " << psi;
    }
  }
  // Bearing taken modulo 360.
  EXPECT_DOUBLE_EQ(a->gain_dBi(200 + 360, 50), a->gain_dBi(200, 50));
  EXPECT_DOUBLE_EQ(a->gain_dBi(-160, 50), a->gain_dBi(200, 50));
}

TEST(EarthStation, MaxGainAtBoresightAndDescribe) {
  AntennaConfig c = dish("s465", 2.4, 28.5e9);
  c.azimuth_deg = 186.3;
  c.elevation_deg = 48.4;
  const auto a = make_antenna(c);
  const double g0 = a->gain_dBi(186.3, 48.4);
  EXPECT_NEAR(g0, a->max_gain_dBi(), 1e-9);
  for (double db = -3; db <= 3; db += 0.25)
    for (double de = -3; de <= 3; de += 0.25) EXPECT_LE(a->gain_dBi(186.3 + db, 48.4 + de), g0);
  EXPECT_EQ(a->describe(),
            "s465 D 2.4 m at 28.5 GHz (D/lambda 228.2) G_max 55.56 dBi az 186.3 el 48.4");
  // Explicit gain replaces the efficiency; efficiency 1 gives 10 log((pi D/lambda)^2).
  c.gain_dBi = 52.0;
  EXPECT_DOUBLE_EQ(make_antenna(c)->max_gain_dBi(), 52.0);
  c.gain_dBi = kNaN;
  c.efficiency = 1.0;
  const double x = 2.4 * 28.5e9 / kC;
  EXPECT_NEAR(make_antenna(c)->max_gain_dBi(), 20 * std::log10(std::numbers::pi * x), 1e-12);
}

// Reference values: the WGS 84 ECEF line of sight in the station's ENU frame, computed
// independently (full ECEF with both longitudes, explicit ENU basis vectors); and the textbook
// spherical-Earth formulas by hand (Re 6378.137 km, r 42164.172 km), e.g. Tokyo -> 128 E:
//   E = r sin(dlon) = -8542 km, N = -r sin(lat) cos(dlon) = -24086 km,
//   U = r cos(lat) cos(dlon) - Re = 27159 km -> az 199.53 deg, el 46.74 deg,
// which the ellipsoid moves by less than 0.05 deg.
TEST(EarthStation, GsoPointingKnownValues) {
  struct Case {
    double lat, lon, sat, az, el, az_sph, el_sph;
  };
  const Case cases[] = {
      {35.6895, 139.6917, 128, 199.545632531, 46.765624725, 199.530442, 46.736607},  // Tokyo
      {35.6895, 139.6917, 136, 186.316280530, 48.409530032, 186.311111, 48.378893},
      {35.6895, 139.6917, 139.6917, 180.0, 48.596125395, 180.0, 48.565296},
      {-33.8688, 151.2093, 156, 8.559498174, 50.317601956, 8.552375, 50.287783},     // Sydney
      {43.0621, 141.3544, 150, 167.436591836, 39.579011359, 167.445710, 39.547278},  // Sapporo
  };
  for (const Case& k : cases) {
    const GsoPointing p = gso_pointing(k.lat, k.lon, k.sat);
    EXPECT_NEAR(p.azimuth_deg, k.az, 1e-7) << k.lat << " " << k.sat;
    EXPECT_NEAR(p.elevation_deg, k.el, 1e-7) << k.lat << " " << k.sat;
    EXPECT_NEAR(p.azimuth_deg, k.az_sph, 0.05);
    EXPECT_NEAR(p.elevation_deg, k.el_sph, 0.05);
  }
  // Sub-satellite point: zenith. Symmetry: east and west offsets mirror the azimuth.
  EXPECT_NEAR(gso_pointing(0, 10, 10).elevation_deg, 90, 1e-9);
  const GsoPointing e = gso_pointing(35, 140, 150), w = gso_pointing(35, 140, 130);
  EXPECT_NEAR(e.azimuth_deg + w.azimuth_deg, 360, 1e-9);
  EXPECT_NEAR(e.elevation_deg, w.elevation_deg, 1e-9);
  // Longitudes wrap: 139.69 E seeing 128 E is the same as seeing -232 E.
  EXPECT_NEAR(gso_pointing(35.6895, 139.6917, -232).azimuth_deg, 199.545632531, 1e-7);
  // Beyond the visible arc: negative elevation.
  EXPECT_LT(gso_pointing(35.6895, 139.6917, 139.6917 + 85).elevation_deg, 0);
}

TEST(EarthStation, ResolveGsoPointing) {
  AntennaConfig c = dish("s465", 2.4, 28.5e9);
  c.gso_longitude_deg = 128.0;
  EXPECT_EQ(config_error(c),
            "antenna.gso_longitude_deg: found 128, expected azimuth_deg and elevation_deg "
            "resolved by resolve_gso_pointing() before the antenna is built");
  resolve_gso_pointing(c, 35.6895, 139.6917);
  EXPECT_FALSE(c.gso_longitude_deg.has_value());
  EXPECT_NEAR(c.azimuth_deg, 199.545632531, 1e-7);
  EXPECT_NEAR(c.elevation_deg, 46.765624725, 1e-7);
  const auto a = make_antenna(c);
  EXPECT_NEAR(a->gain_dBi(c.azimuth_deg, c.elevation_deg), a->max_gain_dBi(), 1e-9);
  // Nothing to resolve: unchanged.
  AntennaConfig d = dish("s465", 2.4, 28.5e9);
  resolve_gso_pointing(d, 35, 139);
  EXPECT_EQ(d.azimuth_deg, 200);
  EXPECT_EQ(d.elevation_deg, 45);
  // A satellite below the horizon.
  d.gso_longitude_deg = -60.0;
  try {
    resolve_gso_pointing(d, 35.6895, 139.6917);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("antenna.gso_longitude_deg: found -60 (elevation ", 0),
              0u)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("expected a satellite above the station's horizon"),
              std::string::npos);
  }
}

TEST(EarthStation, InvalidConfigurationsNameTheField) {
  AntennaConfig c = dish("s465", -1.2, 28.5e9);
  EXPECT_EQ(config_error(c), "antenna.diameter_m: found -1.2, expected a finite value > 0 m");
  c.diameter_m = 1.2;
  c.elevation_deg = 95;
  EXPECT_EQ(config_error(c),
            "antenna.elevation_deg: found 95, expected a value in [-90, 90] degrees");
  c.elevation_deg = -90.5;
  EXPECT_EQ(config_error(c),
            "antenna.elevation_deg: found -90.5, expected a value in [-90, 90] degrees");
  c.elevation_deg = 20;
  c.azimuth_deg = kNaN;
  EXPECT_EQ(config_error(c), "antenna.azimuth_deg: found nan, expected a finite number");
  c.azimuth_deg = 200;
  c.freq_Hz = 40e9;
  EXPECT_EQ(config_error(c),
            "antenna.freq_Hz: found 4e+10, expected a value in [2e9, 3.1e10] Hz (ITU-R S.465-6: 2 "
            "to 31 GHz)");
  c.freq_Hz = 0;  // the caller forgot to set it
  EXPECT_NE(config_error(c).find("antenna.freq_Hz: found 0"), std::string::npos);
  c.freq_Hz = 28.5e9;
  c.efficiency = 1.5;
  EXPECT_EQ(config_error(c), "antenna.efficiency: found 1.5, expected a value > 0 and <= 1");
  c.efficiency = 0;
  EXPECT_EQ(config_error(c), "antenna.efficiency: found 0, expected a value > 0 and <= 1");
  c.efficiency = 0.7;
  c.gain_dBi = 0;  // below the first side-lobe level 32 dBi
  EXPECT_EQ(config_error(c),
            "antenna.gain_dBi: found 0, expected NaN (G_max from the efficiency) or a finite "
            "maximum gain above the first side-lobe level 32.00 dBi");
  c.gain_dBi = kNaN;
  EXPECT_EQ(config_error(c), "");
  // S.580-6 needs D/lambda >= 50: 1.2 m at 4.7 GHz is 18.8.
  AntennaConfig s = dish("s580", 1.2, 4.7e9);
  EXPECT_EQ(config_error(s),
            "antenna.diameter_m: found 1.2 (D/lambda 18.81 at 4.7 GHz), expected D/lambda >= 50 "
            "for ITU-R S.580-6 (use type 's465' for smaller dishes)");
  s.freq_Hz = 28.5e9;
  EXPECT_EQ(config_error(s), "");
}

}  // namespace
}  // namespace akichi::prop::earth_station_test

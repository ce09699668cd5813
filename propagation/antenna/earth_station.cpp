// ITU-R S.465-6 and S.580-6 earth-station patterns and GSO pointing (see earth_station.h for
// the scope and the main-lobe model).
#include "propagation/antenna/earth_station.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "propagation/antenna/orientation.h"

namespace akichi::prop {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

// WGS 84 ellipsoid (NIMA TR8350.2): semi-major axis and flattening.
constexpr double kWgs84_a_m = 6378137.0;
constexpr double kWgs84_f = 1.0 / 298.257223563;
// Geostationary orbit radius: (GM T^2 / 4 pi^2)^(1/3) with GM = 3.986004418e14 m^3/s^2 and the
// sidereal day T = 86164.0905 s.
constexpr double kGsoRadius_m = 42164172.0;

void unit_vector(double bearing_deg, double elevation_deg, double v[3]) noexcept {
  const double az = bearing_deg * kDegToRad;
  const double el = std::clamp(elevation_deg, -90.0, 90.0) * kDegToRad;
  const double cos_el = std::cos(el);
  v[0] = cos_el * std::sin(az);  // east
  v[1] = cos_el * std::cos(az);  // north
  v[2] = std::sin(el);           // up
}

double angle_between_deg(const double a[3], const double b[3]) noexcept {
  const double cx = a[1] * b[2] - a[2] * b[1];
  const double cy = a[2] * b[0] - a[0] * b[2];
  const double cz = a[0] * b[1] - a[1] * b[0];
  const double cross = std::sqrt(cx * cx + cy * cy + cz * cz);
  const double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return std::atan2(cross, dot) * kRadToDeg;
}

const char* type_name(EarthStationRecommendation r) noexcept {
  return r == EarthStationRecommendation::kS465_6 ? "s465" : "s580";
}

}  // namespace

double s465_6_phi_min_deg(double D_over_lambda) noexcept {
  if (D_over_lambda >= 50.0) {
    return std::max(1.0, 100.0 / D_over_lambda);  // S.465-6 recommends 2, D/lambda >= 50
  }
  return std::max(2.0, 114.0 * std::pow(D_over_lambda, -1.09));  // S.465-6 rec. 2, D/lambda < 50
}

double s580_6_phi_min_deg(double D_over_lambda) noexcept {
  return std::max(1.0, 100.0 / D_over_lambda);  // S.580-6 recommends 1
}

double s465_6_sidelobe_dBi(double phi_deg) noexcept {
  if (phi_deg < 48.0) return 32.0 - 25.0 * std::log10(phi_deg);  // S.465-6 rec. 2, phi_min..48
  return -10.0;                                                  // S.465-6 rec. 2, 48..180
}

double s580_6_sidelobe_dBi(double phi_deg) noexcept {
  if (phi_deg <= 20.0) return 29.0 - 25.0 * std::log10(phi_deg);  // S.580-6 rec. 1, phi_min..20
  if (phi_deg <= 26.3) return -3.5;                               // S.580-6 rec. 2, 20..26.3
  if (phi_deg <= 48.0) return 32.0 - 25.0 * std::log10(phi_deg);  // S.580-6 rec. 2, 26.3..48
  return -10.0;                                                   // S.580-6 rec. 2, 48..180
}

double parabolic_max_gain_dBi(double D_over_lambda, double efficiency) noexcept {
  const double x = std::numbers::pi * D_over_lambda;
  return 10.0 * std::log10(efficiency * x * x);  // G_max = eta (pi D / lambda)^2
}

EarthStationEnvelope make_earth_station_envelope(EarthStationRecommendation recommendation,
                                                 double D_over_lambda, double G_max_dBi) noexcept {
  EarthStationEnvelope e;
  e.recommendation = recommendation;
  e.D_over_lambda = D_over_lambda;
  e.G_max_dBi = G_max_dBi;
  if (recommendation == EarthStationRecommendation::kS465_6) {
    e.phi_min_deg = s465_6_phi_min_deg(D_over_lambda);
    e.G1_dBi = s465_6_sidelobe_dBi(e.phi_min_deg);
  } else {
    e.phi_min_deg = s580_6_phi_min_deg(D_over_lambda);
    e.G1_dBi = s580_6_sidelobe_dBi(e.phi_min_deg);
  }
  // RR Appendix 8 Annex III main-beam term: G_max - 2.5e-3 (D/lambda phi)^2 = G1 at
  // phi_m = 20 (lambda / D) sqrt(G_max - G1).
  e.phi_m_deg = 20.0 / D_over_lambda * std::sqrt(std::max(0.0, G_max_dBi - e.G1_dBi));
  return e;
}

double earth_station_gain_dBi(const EarthStationEnvelope& env, double phi_deg) noexcept {
  const double phi = std::clamp(phi_deg, 0.0, 180.0);
  if (phi < env.phi_min_deg) {
    const double x = env.D_over_lambda * phi;
    return std::max(env.G_max_dBi - 2.5e-3 * x * x, env.G1_dBi);  // RR AP8 Annex III main beam
  }
  return env.recommendation == EarthStationRecommendation::kS465_6 ? s465_6_sidelobe_dBi(phi)
                                                                   : s580_6_sidelobe_dBi(phi);
}

double off_axis_angle_deg(double boresight_bearing_deg, double boresight_elevation_deg,
                          double bearing_deg, double elevation_deg) noexcept {
  double b[3];
  double d[3];
  unit_vector(boresight_bearing_deg, boresight_elevation_deg, b);
  unit_vector(bearing_deg, elevation_deg, d);
  return angle_between_deg(b, d);
}

EarthStationAntenna::EarthStationAntenna(const EarthStationEnvelope& env, double azimuth_deg,
                                         double elevation_deg, double diameter_m,
                                         double freq_Hz) noexcept
    : env_(env),
      azimuth_deg_(wrap_360_deg(azimuth_deg)),
      elevation_deg_(elevation_deg),
      diameter_m_(diameter_m),
      freq_Hz_(freq_Hz) {
  unit_vector(azimuth_deg_, elevation_deg_, b_);
}

double EarthStationAntenna::off_axis_deg(double bearing_deg, double elevation_deg) const noexcept {
  double d[3];
  unit_vector(bearing_deg, elevation_deg, d);
  return angle_between_deg(b_, d);
}

double EarthStationAntenna::gain_dBi(double bearing_deg, double elevation_deg) const noexcept {
  return earth_station_gain_dBi(env_, off_axis_deg(bearing_deg, elevation_deg));
}

std::string EarthStationAntenna::describe() const {
  return fmt::format("{} D {:g} m at {:g} GHz (D/lambda {:.4g}) G_max {:.2f} dBi az {:g} el {:g}",
                     type_name(env_.recommendation), diameter_m_, freq_Hz_ / 1e9,
                     env_.D_over_lambda, env_.G_max_dBi, azimuth_deg_, elevation_deg_);
}

GsoPointing gso_pointing(double station_lat_deg, double station_lon_deg,
                         double sat_lon_deg) noexcept {
  const double e2 = kWgs84_f * (2.0 - kWgs84_f);  // first eccentricity squared
  const double lat = std::clamp(station_lat_deg, -90.0, 90.0) * kDegToRad;
  const double dlon = wrap_pm180_deg(sat_lon_deg - station_lon_deg) * kDegToRad;
  const double sin_lat = std::sin(lat);
  const double cos_lat = std::cos(lat);
  const double N = kWgs84_a_m / std::sqrt(1.0 - e2 * sin_lat * sin_lat);  // prime vertical radius
  // ECEF in a frame rotated so the station's meridian is at longitude 0.
  const double px = N * cos_lat;
  const double pz = N * (1.0 - e2) * sin_lat;
  const double dx = kGsoRadius_m * std::cos(dlon) - px;
  const double dy = kGsoRadius_m * std::sin(dlon);
  const double dz = -pz;
  // East-north-up frame of the geodetic normal at longitude 0.
  const double east = dy;
  const double north = -sin_lat * dx + cos_lat * dz;
  const double up = cos_lat * dx + sin_lat * dz;
  GsoPointing g;
  g.azimuth_deg = wrap_360_deg(std::atan2(east, north) * kRadToDeg);
  g.elevation_deg = std::atan2(up, std::hypot(east, north)) * kRadToDeg;
  return g;
}

}  // namespace akichi::prop

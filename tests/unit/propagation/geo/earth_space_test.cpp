// Earth-to-space geometry (propagation/geo/earth_space.h) against closed forms: a station on
// the sub-satellite meridian of a geostationary satellite, where the ECEF positions, the slant
// range (law of cosines), the elevation (the standard GSO formula, corrected from the
// geocentric to the geodetic vertical) and the off-axis angle at the satellite (law of sines)
// are all closed forms.
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "propagation/geo/earth_space.h"

namespace akichi::prop::earth_space_test {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double a = 6378137.0;            // WGS 84 semi-major axis
constexpr double f = 1.0 / 298.257223563;  // WGS 84 flattening
constexpr double e2 = f * (2.0 - f);

/// ECEF of a point of the ellipsoid (height h) at geodetic latitude phi on longitude 0.
void meridian_point(double phi_deg, double h, double& x, double& z) {
  const double s = std::sin(phi_deg * kDeg), c = std::cos(phi_deg * kDeg);
  const double N = a / std::sqrt(1 - e2 * s * s);
  x = (N + h) * c;
  z = (N * (1 - e2) + h) * s;
}

TEST(EarthSpace, GeocentricConversionMatchesTheClosedForm) {
  const GeocentricConverter g;
  for (double phi : {0.0, 12.5, 34.63, -45.0, 89.0}) {
    for (double lon : {0.0, 135.42, -70.0}) {
      double x0, z0;
      meridian_point(phi, 25.0, x0, z0);
      const Ecef p = g.to_ecef(phi, lon, 25.0);
      EXPECT_NEAR(p.x, x0 * std::cos(lon * kDeg), 1e-6) << phi << " " << lon;
      EXPECT_NEAR(p.y, x0 * std::sin(lon * kDeg), 1e-6);
      EXPECT_NEAR(p.z, z0, 1e-6);
    }
  }
}

TEST(EarthSpace, GsoLookAnglesOnTheSubSatelliteMeridian) {
  const GeocentricConverter g;
  const double r = kGsoOrbitRadius_m;
  const Ecef sat = gso_position(136.0);
  EXPECT_NEAR(std::hypot(sat.x, sat.y), r, 1e-6);
  for (double phi : {0.0, 10.0, 34.64, 60.0, -35.0}) {
    const Ecef st = g.to_ecef(phi, 136.0, 0.0);
    const LookAngles look = look_angles(st, phi, 136.0, sat);
    // Geocentric radius rho and latitude psi of the station.
    double x, z;
    meridian_point(phi, 0.0, x, z);
    const double rho = std::hypot(x, z);
    const double psi = std::atan2(z, x);
    // Law of cosines in the triangle earth's centre - station - satellite.
    const double d = std::sqrt(rho * rho + r * r - 2 * rho * r * std::cos(psi));
    EXPECT_NEAR(look.range_m, d, 1e-3) << phi;
    // The standard GSO elevation, el = atan((cos psi - rho/r) / sin psi), is from the
    // geocentric vertical; the geodetic vertical leans (phi - psi) further from the satellite.
    const double el_geocentric =
        phi == 0.0 ? 90.0 : std::atan((std::cos(psi) - rho / r) / std::sin(std::abs(psi))) / kDeg;
    EXPECT_NEAR(look.elevation_deg, el_geocentric - std::abs(phi - psi / kDeg), 1e-9) << phi;
    if (phi > 0) {
      EXPECT_NEAR(look.azimuth_deg, 180.0, 1e-9);
    } else if (phi < 0) {
      EXPECT_NEAR(look.azimuth_deg, 0.0, 1e-9);
    }
    // Off-axis angle at the satellite from a boresight at the sub-satellite point (nadir): the
    // law of sines, sin(off) / rho = sin(psi) / d.
    const Ecef nadir = g.to_ecef(0.0, 136.0, 0.0);
    const double off = angle_at_deg(sat, nadir, st);
    EXPECT_NEAR(off, std::asin(rho * std::sin(std::abs(psi)) / d) / kDeg, 1e-9) << phi;
  }
}

TEST(EarthSpace, TokyoBayElevationAndRangeAsTheTextbookFormula) {
  // A station at 34.64 N, 135.435 E seeing a GSO satellite at 136 E: the spherical formula of
  // the textbooks (R_e = 6378 km, r = 42164 km, cos gamma = cos(lat) cos(dlon)) agrees to within
  // the flattening's effect (< 0.2 deg in elevation, < 15 km in range).
  const GeocentricConverter g;
  const Ecef st = g.to_ecef(34.64, 135.435, 8.0);
  const LookAngles look = look_angles(st, 34.64, 135.435, gso_position(136.0));
  const double Re = 6378.137e3, r = 42164e3;
  const double cg = std::cos(34.64 * kDeg) * std::cos((136.0 - 135.435) * kDeg);
  const double sg = std::sqrt(1 - cg * cg);
  const double el = std::atan((cg - Re / r) / sg) / kDeg;
  const double d = std::sqrt(Re * Re + r * r - 2 * Re * r * cg);
  EXPECT_NEAR(look.elevation_deg, el, 0.2);
  EXPECT_NEAR(look.range_m, d, 15e3);
  EXPECT_GT(look.azimuth_deg, 178.0);  // the satellite is east of the station's meridian:
  EXPECT_LT(look.azimuth_deg, 180.0);  // a little east of south
}

}  // namespace
}  // namespace akichi::prop::earth_space_test

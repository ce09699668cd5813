// Earth-station antenna patterns of the fixed-satellite service, for protecting satellite
// earth stations (e.g. 28 GHz uplink stations) and FSS receivers in sharing studies.
//
// Implemented:
//   Recommendation ITU-R S.465-6 (01/2010), "Reference radiation pattern for earth station
//   antennas in the fixed-satellite service for use in coordination and interference assessment
//   in the frequency range from 2 to 31 GHz", recommends 2 (the side-lobe envelope):
//     G = 32 - 25 log phi  dBi   for phi_min <= phi < 48 deg
//     G = -10              dBi   for 48 deg <= phi <= 180 deg
//     phi_min = max(1 deg, 100 lambda/D)            for D/lambda >= 50
//     phi_min = max(2 deg, 114 (D/lambda)^-1.09)    for D/lambda <  50
//   Recommendation ITU-R S.580-6, "Radiation diagrams for use as design objectives for
//   antennas of earth stations operating with geostationary satellites", D/lambda >= 50:
//     recommends 1: G = 29 - 25 log phi dBi  for phi_min <= phi <= 20 deg,
//                   phi_min = max(1 deg, 100 lambda/D)   (side lobes within 3 deg of the GSO arc)
//     recommends 2: G = -3.5 dBi for 20 < phi <= 26.3 deg; 32 - 25 log phi for 26.3 < phi <= 48;
//                   -10 dBi for 48 < phi <= 180 deg.
//   The "s580" pattern applies that envelope in every direction (akichi has no GSO-arc geometry
//   in the gain call); S.465-6 is the conservative choice for directions off the GSO arc.
//
// Main lobe (phi < phi_min). Neither Recommendation defines the gain there. akichi uses the
// main-beam term of RR Appendix 8 Annex III (the same term as RR Appendix 7 Annex 3 and
// ITU-R F.699 / S.1428), held at the first side-lobe level:
//     G(phi) = max(G_max - 2.5e-3 (D/lambda * phi)^2, G1)     for 0 <= phi < phi_min
//     G1     = G_sidelobe(phi_min)   (the Recommendation's own envelope at phi_min)
//     phi_m  = 20 (lambda/D) sqrt(G_max - G1)   (where the parabola meets G1)
// G1 taken from the envelope makes the pattern continuous at phi_min whenever the parabola has
// reached G1 there (phi_m <= phi_min), which holds for G_max = 10 log(eta (pi D/lambda)^2) with
// eta <= 0.78 at every D/lambda (checked in the tests for eta = 0.7 over D/lambda 1..3000).
// With a larger G_max (explicit gain, or eta near 1) the parabola is still above G1 at phi_min
// and the pattern steps down there by G_parabola(phi_min) - G1 (<= 1.05 dB for eta <= 1).
// G_max = 10 log10(eta (pi D / lambda)^2) (aperture efficiency eta, default 0.7, the value of
// the ITU-R antenna pattern library's S.465-6 pattern APEREC025V01), or given explicitly.
//
// Steps the Recommendations themselves contain: at 48 deg, 32 - 25 log 48 = -10.031 dBi -> -10 dBi
// (+0.031 dB, both); S.580-6 at 20 deg, 29 - 25 log 20 = -3.526 dBi -> -3.5 dBi (+0.026 dB) and
// at 26.3 deg, -3.5 dBi -> 32 - 25 log 26.3 = -3.499 dBi (+0.001 dB).
//
// Not implemented: S.465-6 Note 1 (the pre-1993 pattern 52 - 10 log(D/lambda) - 25 log phi for
// D/lambda < 100), cross-polar patterns (S.731), S.580-6 recommends 3/4 (90 % of side-lobe
// peaks, the non-GSO-direction objectives), and the GSO-arc geometry that would choose between
// S.580 and S.465 per direction.
//
// Pointing: the boresight is at (azimuth_deg, elevation_deg) of the study frame (bearing
// clockwise from grid north, elevation above the horizontal plane); the pattern is rotationally
// symmetric about it, so only the off-axis angle phi between boresight and direction matters.
#pragma once

#include <string>

#include "propagation/antenna/antenna.h"

namespace akichi::prop {

enum class EarthStationRecommendation {
  kS465_6,  ///< ITU-R S.465-6 reference pattern (coordination, interference assessment)
  kS580_6,  ///< ITU-R S.580-6 design objective (D/lambda >= 50)
};

/// The pattern with its breakpoints, precomputed. Build it with make_earth_station_envelope.
struct EarthStationEnvelope {
  EarthStationRecommendation recommendation = EarthStationRecommendation::kS465_6;
  double D_over_lambda = 0;  ///< D/lambda, dimensionless, > 0
  double G_max_dBi = 0;      ///< on-axis gain, dBi
  double phi_min_deg = 0;    ///< start of the Recommendation's side-lobe envelope, deg
  double G1_dBi = 0;         ///< first side-lobe level = envelope gain at phi_min, dBi
  double phi_m_deg = 0;      ///< where the main-lobe parabola meets G1, deg (may exceed phi_min)
};

/// S.465-6 recommends 2: phi_min in degrees. D_over_lambda > 0.
double s465_6_phi_min_deg(double D_over_lambda) noexcept;

/// S.580-6 recommends 1: phi_min = max(1, 100 lambda/D) in degrees. D_over_lambda > 0.
double s580_6_phi_min_deg(double D_over_lambda) noexcept;

/// S.465-6 recommends 2 side-lobe envelope, dBi, for phi_deg in (0, 180] (meant for
/// phi >= phi_min; below 48 deg it is 32 - 25 log phi whatever phi_min is).
double s465_6_sidelobe_dBi(double phi_deg) noexcept;

/// S.580-6 recommends 1 and 2 side-lobe envelope, dBi, for phi_deg in (0, 180].
double s580_6_sidelobe_dBi(double phi_deg) noexcept;

/// G_max = 10 log10(eta (pi D/lambda)^2), dBi. D_over_lambda > 0, efficiency in (0, 1].
double parabolic_max_gain_dBi(double D_over_lambda, double efficiency) noexcept;

/// Breakpoints of the pattern. Inputs are not checked here (make_antenna checks them):
/// D_over_lambda > 0 (>= 50 for S.580-6), G_max_dBi > the envelope gain at phi_min.
EarthStationEnvelope make_earth_station_envelope(EarthStationRecommendation recommendation,
                                                 double D_over_lambda, double G_max_dBi) noexcept;

/// Gain in dBi at off-axis angle phi_deg in [0, 180] (values outside are clamped).
double earth_station_gain_dBi(const EarthStationEnvelope& env, double phi_deg) noexcept;

/// Angle between two directions of the study frame, degrees in [0, 180]: atan2(|a x b|, a . b),
/// accurate near 0 and 180 deg. Bearings any value, elevations in [-90, 90].
double off_axis_angle_deg(double boresight_bearing_deg, double boresight_elevation_deg,
                          double bearing_deg, double elevation_deg) noexcept;

/// "s465" / "s580": an earth-station dish pointed at (azimuth_deg, elevation_deg).
class EarthStationAntenna final : public Antenna {
 public:
  /// env from make_earth_station_envelope; azimuth any value (modulo 360); elevation in
  /// [-90, 90]; diameter_m and freq_Hz only for describe().
  EarthStationAntenna(const EarthStationEnvelope& env, double azimuth_deg, double elevation_deg,
                      double diameter_m, double freq_Hz) noexcept;

  double gain_dBi(double bearing_deg, double elevation_deg) const noexcept override;
  double max_gain_dBi() const noexcept override { return env_.G_max_dBi; }
  std::string describe() const override;

  const EarthStationEnvelope& envelope() const noexcept { return env_; }
  /// Off-axis angle of a direction from the boresight, degrees in [0, 180].
  double off_axis_deg(double bearing_deg, double elevation_deg) const noexcept;

 private:
  EarthStationEnvelope env_;
  double azimuth_deg_;
  double elevation_deg_;
  double diameter_m_;
  double freq_Hz_;
  double b_[3];  ///< boresight unit vector (east, north, up)
};

/// Azimuth and elevation from an earth station to a geostationary satellite.
struct GsoPointing {
  double azimuth_deg = 0;    ///< clockwise from TRUE north, [0, 360)
  double elevation_deg = 0;  ///< above the local horizontal plane (ellipsoid normal), [-90, 90]
};

/// Pointing to a GSO satellite at longitude sat_lon_deg (on the equator, orbit radius
/// 42 164 172 m) from a station on the WGS 84 ellipsoid (height 0) at geodetic station_lat_deg
/// [-90, 90], station_lon_deg (any). The line of sight is the ECEF difference vector expressed
/// in the station's east-north-up frame: exact geometry, no spherical-Earth approximation.
/// A negative elevation means the satellite is below the horizon.
/// The azimuth is from TRUE north; the study frame measures bearings from GRID north. Their
/// difference (the meridian convergence of the projection) is the caller's business.
GsoPointing gso_pointing(double station_lat_deg, double station_lon_deg,
                         double sat_lon_deg) noexcept;

}  // namespace akichi::prop

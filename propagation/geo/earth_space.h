// Earth-to-space geometry on the WGS 84 ellipsoid: positions in the earth-centred, earth-fixed
// frame (ECEF, EPSG:4978), look angles from a station on the ground towards a space station
// (azimuth, elevation, slant range), and the off-axis angle at the space station between its
// antenna's boresight and a station on the ground.
//
// Geodetic to ECEF goes through PROJ (GDAL's OGRCoordinateTransformation from the WGS 84
// geographic 3D CRS EPSG:4979 to the geocentric CRS EPSG:4978). The look angles are the ECEF
// difference vector expressed in the station's east-north-up frame (the ellipsoid normal at its
// geodetic latitude and longitude): exact geometry, no spherical earth and no refraction (the
// elevation is the geometric one; the apparent elevation of ITU-R P.834 differs from it by less
// than 0.1 deg above 5 deg).
#pragma once

#include <memory>

namespace akichi::prop {

/// Radius of the geostationary orbit, m (the value earth_station.h's gso_pointing uses).
inline constexpr double kGsoOrbitRadius_m = 42164172.0;

/// A point in the ECEF frame, m.
struct Ecef {
  double x = 0, y = 0, z = 0;
};

/// Converts WGS 84 geodetic coordinates (latitude, longitude in degrees, height above the
/// ellipsoid in metres) to ECEF through PROJ. Not thread-safe: make one per thread.
class GeocentricConverter {
 public:
  GeocentricConverter();
  ~GeocentricConverter();
  GeocentricConverter(const GeocentricConverter&) = delete;
  GeocentricConverter& operator=(const GeocentricConverter&) = delete;

  /// Throws RuntimeError when PROJ fails on the point.
  Ecef to_ecef(double lat_deg, double lon_deg, double height_m) const;

  /// The inverse: the geodetic latitude, longitude (degrees) and ellipsoidal height (m) of an
  /// ECEF point. Throws RuntimeError when PROJ fails on the point.
  struct Geodetic {
    double lat_deg = 0, lon_deg = 0, height_m = 0;
  };
  Geodetic to_geodetic(const Ecef& p) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A geostationary space station at longitude sat_lon_deg: on the equator at kGsoOrbitRadius_m
/// from the earth's centre.
Ecef gso_position(double sat_lon_deg) noexcept;

/// Where a space station is seen from a station on the ground.
struct LookAngles {
  double azimuth_deg = 0;    ///< clockwise from TRUE north, [0, 360)
  double elevation_deg = 0;  ///< above the plane normal to the ellipsoid normal, [-90, 90]
  double range_m = 0;        ///< slant range, m
};

/// Look angles from `ground` (ECEF, at geodetic lat_deg, lon_deg: the east-north-up frame's
/// orientation) towards `target` (ECEF).
LookAngles look_angles(const Ecef& ground, double lat_deg, double lon_deg,
                       const Ecef& target) noexcept;

/// Angle at `apex` between the directions to `a` and to `b`, degrees in [0, 180]:
/// atan2(|u x v|, u . v), accurate near 0 and 180 deg. apex must differ from a and b.
double angle_at_deg(const Ecef& apex, const Ecef& a, const Ecef& b) noexcept;

}  // namespace akichi::prop

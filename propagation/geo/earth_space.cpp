#include "propagation/geo/earth_space.h"

#include <cmath>
#include <numbers>

#include <fmt/format.h>
#include <ogr_spatialref.h>

#include "base/errors.h"

namespace akichi::prop {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

}  // namespace

struct GeocentricConverter::Impl {
  OGRSpatialReference geographic3d;
  OGRSpatialReference geocentric;
  OGRCoordinateTransformation* ct = nullptr;
  OGRCoordinateTransformation* inverse = nullptr;
  ~Impl() {
    OGRCoordinateTransformation::DestroyCT(ct);
    OGRCoordinateTransformation::DestroyCT(inverse);
  }
};

GeocentricConverter::GeocentricConverter() : impl_(std::make_unique<Impl>()) {
  // EPSG:4979 (WGS 84, latitude, longitude, ellipsoidal height) to EPSG:4978 (WGS 84
  // geocentric X, Y, Z); longitude first, as the rest of akichi passes geographic points.
  if (impl_->geographic3d.importFromEPSG(4979) != OGRERR_NONE ||
      impl_->geocentric.importFromEPSG(4978) != OGRERR_NONE) {
    throw RuntimeError("geocentric conversion: PROJ does not know EPSG:4979 or EPSG:4978");
  }
  impl_->geographic3d.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  impl_->geocentric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  impl_->ct = OGRCreateCoordinateTransformation(&impl_->geographic3d, &impl_->geocentric);
  if (impl_->ct == nullptr) {
    throw RuntimeError("geocentric conversion: PROJ cannot convert EPSG:4979 to EPSG:4978");
  }
  impl_->inverse = OGRCreateCoordinateTransformation(&impl_->geocentric, &impl_->geographic3d);
  if (impl_->inverse == nullptr) {
    throw RuntimeError("geocentric conversion: PROJ cannot convert EPSG:4978 to EPSG:4979");
  }
}

GeocentricConverter::~GeocentricConverter() = default;

Ecef GeocentricConverter::to_ecef(double lat_deg, double lon_deg, double height_m) const {
  double x = lon_deg, y = lat_deg, z = height_m;
  if (!impl_->ct->Transform(1, &x, &y, &z)) {
    throw RuntimeError("geocentric conversion: PROJ failed on latitude " + std::to_string(lat_deg) +
                       ", longitude " + std::to_string(lon_deg));
  }
  return {x, y, z};
}

GeocentricConverter::Geodetic GeocentricConverter::to_geodetic(const Ecef& p) const {
  double x = p.x, y = p.y, z = p.z;
  if (!impl_->inverse->Transform(1, &x, &y, &z)) {
    throw RuntimeError(fmt::format(
        "geocentric conversion: PROJ failed on the ECEF point ({}, {}, {})", p.x, p.y, p.z));
  }
  return {y, x, z};
}

Ecef gso_position(double sat_lon_deg) noexcept {
  const double lon = sat_lon_deg * kDegToRad;
  return {kGsoOrbitRadius_m * std::cos(lon), kGsoOrbitRadius_m * std::sin(lon), 0.0};
}

LookAngles look_angles(const Ecef& ground, double lat_deg, double lon_deg,
                       const Ecef& target) noexcept {
  const double dx = target.x - ground.x, dy = target.y - ground.y, dz = target.z - ground.z;
  const double sin_lat = std::sin(lat_deg * kDegToRad), cos_lat = std::cos(lat_deg * kDegToRad);
  const double sin_lon = std::sin(lon_deg * kDegToRad), cos_lon = std::cos(lon_deg * kDegToRad);
  // The ECEF-to-ENU rotation at the station's geodetic latitude and longitude.
  const double east = -sin_lon * dx + cos_lon * dy;
  const double north = -sin_lat * cos_lon * dx - sin_lat * sin_lon * dy + cos_lat * dz;
  const double up = cos_lat * cos_lon * dx + cos_lat * sin_lon * dy + sin_lat * dz;
  LookAngles a;
  double az = std::atan2(east, north) * kRadToDeg;
  if (az < 0) az += 360.0;
  a.azimuth_deg = az >= 360.0 ? 0.0 : az;
  a.elevation_deg = std::atan2(up, std::hypot(east, north)) * kRadToDeg;
  a.range_m = std::sqrt(dx * dx + dy * dy + dz * dz);
  return a;
}

double angle_at_deg(const Ecef& apex, const Ecef& a, const Ecef& b) noexcept {
  const double ux = a.x - apex.x, uy = a.y - apex.y, uz = a.z - apex.z;
  const double vx = b.x - apex.x, vy = b.y - apex.y, vz = b.z - apex.z;
  const double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
  return std::atan2(std::sqrt(cx * cx + cy * cy + cz * cz), ux * vx + uy * vy + uz * vz) *
         kRadToDeg;
}

}  // namespace akichi::prop

// Path lengths between two points of the study plane: in the plane of the projection, along the
// great circle of a spherical earth, or along the geodesic of the CRS's ellipsoid.
#pragma once

#include <memory>
#include <string_view>

#include "propagation/geo/crs.h"

namespace akichi::prop {

/// How a profile's length (and the distance every model sees) is measured.
enum class DistanceKind {
  Plane,        ///< straight line in the projected study CRS (hypot of the coordinates)
  GreatCircle,  ///< great circle on a sphere of kEarthMeanRadius_m (ITU-R P.2001-4 Att. H)
  Geodesic,     ///< geodesic on the ellipsoid of the study CRS's datum (Karney 2013)
};

/// Mean earth radius of ITU-R P.452-18 §4, P.1812-6 §3.5 and P.526-15 (a = 6371 km).
inline constexpr double kEarthMeanRadius_m = 6371.0e3;

/// "plane", "great-circle", "geodesic".
std::string_view distance_kind_name(DistanceKind kind) noexcept;

/// Measures the length between two points given in the projected study CRS. Thread-safe:
/// each thread converts to geographic coordinates with its own PROJ transformation.
class PathDistance {
 public:
  /// Throws InputError when `study` is not projected (Plane needs nothing of it).
  PathDistance(DistanceKind kind, const Crs& study);
  ~PathDistance();
  PathDistance(const PathDistance&) = delete;
  PathDistance& operator=(const PathDistance&) = delete;

  DistanceKind kind() const noexcept { return kind_; }

  /// Length in metres from (x0, y0) to (x1, y1), projected metres of the study CRS. Plane is
  /// exactly std::hypot(x1 - x0, y1 - y0).
  double length_m(double x0_m, double y0_m, double x1_m, double y1_m) const;

  /// The same from geographic coordinates (degrees); Plane is not defined on them and throws
  /// RuntimeError.
  double length_deg_m(double lat0_deg, double lon0_deg, double lat1_deg, double lon1_deg) const;

 private:
  struct Impl;
  DistanceKind kind_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace akichi::prop

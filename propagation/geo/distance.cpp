// Path lengths: the plane of the projection, the great circle of ITU-R P.2001-4 Attachment H
// (eq. H.2.1, in its haversine form), or the ellipsoid geodesic of C. F. F. Karney, "Algorithms
// for geodesics", J. Geodesy 87 (2013) 43-55, as PROJ implements it (geodesic.h).
#include "propagation/geo/distance.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <string>

#include <cpl_conv.h>
#include <geodesic.h>
#include <ogr_spatialref.h>
#include <tbb/enumerable_thread_specific.h>

#include "base/errors.h"

namespace akichi::prop {

std::string_view distance_kind_name(DistanceKind kind) noexcept {
  switch (kind) {
    case DistanceKind::Plane:
      return "plane";
    case DistanceKind::GreatCircle:
      return "great-circle";
    case DistanceKind::Geodesic:
      return "geodesic";
  }
  return "plane";
}

struct PathDistance::Impl {
  Crs study;
  Crs geographic;  // the study CRS's own geographic CRS (its datum), longitude first
  geod_geodesic ellipsoid{};
  // One transformation per thread: OGRCoordinateTransformation is not thread-safe.
  mutable tbb::enumerable_thread_specific<std::optional<Transformer>> to_geographic;

  const Transformer& transformer() const {
    std::optional<Transformer>& t = to_geographic.local();
    if (!t) t.emplace(study, geographic);
    return *t;
  }
};

PathDistance::PathDistance(DistanceKind kind, const Crs& study) : kind_(kind) {
  if (kind == DistanceKind::Plane) return;
  const auto* srs = static_cast<const OGRSpatialReference*>(study.native());
  if (!study.is_projected()) {
    throw InputError(format_input_error(
        {}, "terrain.distance", std::string(distance_kind_name(kind)) + " in " + study.name(),
        "a projected study CRS"));
  }
  impl_ = std::make_unique<Impl>();
  impl_->study = study;
  OGRSpatialReference geog;
  geog.CopyGeogCSFrom(srs);
  char* wkt = nullptr;
  geog.exportToWkt(&wkt);
  impl_->geographic =
      Crs::from_user_input(wkt != nullptr ? wkt : "", "geographic CRS of the study");
  CPLFree(wkt);
  OGRErr err = OGRERR_NONE;
  const double a = srs->GetSemiMajor(&err);
  const double inv_f = srs->GetInvFlattening(&err);
  geod_init(&impl_->ellipsoid, a, inv_f > 0 ? 1.0 / inv_f : 0.0);
}

PathDistance::~PathDistance() = default;

double PathDistance::length_deg_m(double lat0_deg, double lon0_deg, double lat1_deg,
                                  double lon1_deg) const {
  switch (kind_) {
    case DistanceKind::Plane:
      break;
    case DistanceKind::GreatCircle: {
      // P.2001-4 eq. (H.2.1) is the spherical law of cosines; the haversine form is the same
      // angle without its loss of precision for short paths (a few metres apart).
      constexpr double kRad = std::numbers::pi / 180.0;
      const double s_lat = std::sin(0.5 * (lat1_deg - lat0_deg) * kRad);
      const double s_lon = std::sin(0.5 * (lon1_deg - lon0_deg) * kRad);
      const double h =
          s_lat * s_lat + std::cos(lat0_deg * kRad) * std::cos(lat1_deg * kRad) * s_lon * s_lon;
      return 2.0 * kEarthMeanRadius_m * std::asin(std::min(1.0, std::sqrt(h)));
    }
    case DistanceKind::Geodesic: {
      double s12 = 0;
      geod_inverse(&impl_->ellipsoid, lat0_deg, lon0_deg, lat1_deg, lon1_deg, &s12, nullptr,
                   nullptr);
      return s12;
    }
  }
  throw RuntimeError("a plane distance has no geographic form");
}

double PathDistance::length_m(double x0_m, double y0_m, double x1_m, double y1_m) const {
  if (kind_ == DistanceKind::Plane) return std::hypot(x1_m - x0_m, y1_m - y0_m);
  const Transformer& t = impl_->transformer();
  double lon0 = x0_m, lat0 = y0_m, lon1 = x1_m, lat1 = y1_m;
  t.transform(lon0, lat0);
  t.transform(lon1, lat1);
  return length_deg_m(lat0, lon0, lat1, lon1);
}

}  // namespace akichi::prop

// Path lengths: the plane of the projection, the great circle of ITU-R P.2001-4 Attachment H
// (eq. H.2.1, in its haversine form), or the ellipsoid geodesic of C. F. F. Karney, "Algorithms
// for geodesics", J. Geodesy 87 (2013) 43-55, as PROJ implements it (geodesic.h).
#include "propagation/geo/distance.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

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
  /// Whether two inputs are the same bits (not ==: -0 and +0 are two inputs).
  static bool same(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  }
  /// A point of the study plane and its geographic coordinates.
  struct Converted {
    bool valid = false;
    double x = 0, y = 0, lon = 0, lat = 0;
  };
  /// The bits of a point of the study plane, as a key.
  struct PointKey {
    std::uint64_t x = 0, y = 0;
    bool operator==(const PointKey&) const = default;
  };
  struct PointHash {
    std::size_t operator()(const PointKey& k) const noexcept {
      return std::hash<std::uint64_t>{}(k.x * 0x9E3779B97F4A7C15ull ^ k.y);
    }
  };
  /// Conversions of the first end the thread made before, beyond the last: the first end of
  /// the paths of a point query or a judgement is each station in turn (then converted once
  /// per station, not once per query). Not for the second end, which is each cell of an area
  /// in turn (only ever asked once). Emptied when it reaches kMaxPoints.
  static constexpr std::size_t kMaxPoints = 4096;
  /// One transformation per thread (OGRCoordinateTransformation is not thread-safe), and the
  /// thread's last conversion of each end and last length. A path's length is asked twice (by
  /// its profile and by its link), and the paths of one point query or judgement share one end
  /// (the point asked about, the station judged): the PROJ conversions, most of a length's
  /// cost, are then made once. The same inputs give the same numbers, remembered or not.
  struct PerThread {
    std::optional<Transformer> transformer;
    Converted from, to;
    std::unordered_map<PointKey, std::pair<double, double>, PointHash> points;
    bool valid = false;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0, length_m = 0;
  };
  // Kept in memory from the C++ allocator (std::allocator), not TBB's scalable allocator: a
  // leak checker sees the transformers they own through it (TBB's pools are invisible to
  // LeakSanitizer, which then reports every per-thread transformer as leaked).
  mutable tbb::enumerable_thread_specific<PerThread, std::allocator<PerThread>> per_thread;

  /// (x, y) -> (lon, lat) through `memo`, the thread's last conversion of that end.
  static void convert(PerThread& mine, Converted& memo, bool remember, double x, double y,
                      double& lon, double& lat) {
    if (!memo.valid || !same(x, memo.x) || !same(y, memo.y)) {
      const PointKey key{std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(y)};
      double gx = x, gy = y;
      const auto it = remember ? mine.points.find(key) : mine.points.end();
      if (it != mine.points.end()) {
        std::tie(gx, gy) = it->second;
      } else {
        mine.transformer->transform(gx, gy);  // may throw: the memos change only after it
        if (remember) {
          if (mine.points.size() >= kMaxPoints) mine.points.clear();
          mine.points.emplace(key, std::pair{gx, gy});
        }
      }
      memo = {true, x, y, gx, gy};
    }
    lon = memo.lon;
    lat = memo.lat;
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
  Impl::PerThread& mine = impl_->per_thread.local();
  if (mine.valid && Impl::same(x0_m, mine.x0) && Impl::same(y0_m, mine.y0) &&
      Impl::same(x1_m, mine.x1) && Impl::same(y1_m, mine.y1))
    return mine.length_m;
  if (!mine.transformer) mine.transformer.emplace(impl_->study, impl_->geographic);
  // Converted, then remembered: a transformation that throws leaves no memo behind.
  double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;
  Impl::convert(mine, mine.from, true, x0_m, y0_m, lon0, lat0);
  Impl::convert(mine, mine.to, false, x1_m, y1_m, lon1, lat1);
  const double length = length_deg_m(lat0, lon0, lat1, lon1);
  mine.valid = true;
  mine.x0 = x0_m;
  mine.y0 = y0_m;
  mine.x1 = x1_m;
  mine.y1 = y1_m;
  mine.length_m = length;
  return length;
}

}  // namespace akichi::prop

// Planar geometry types (Boost.Geometry) in projected metres, and vector-file reading (OGR).
#pragma once

#include <string>

// GCC 12 reports the factor of Boost.Geometry's rescale policy (robust_policy, set on every path
// that reads it) as maybe uninitialised where relate() and is_valid() inline it, at some
// optimisation levels: the warning is off for Boost.Geometry's own lines, not for akichi's.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include "propagation/geo/crs.h"

namespace akichi::prop {

namespace bg = boost::geometry;
using Point2 = bg::model::d2::point_xy<double>;
using Polygon2 = bg::model::polygon<Point2>;  // clockwise outer ring, closed
using MultiPolygon2 = bg::model::multi_polygon<Polygon2>;

/// bg::is_valid() made safe for any input: false with a reason when an interior ring reaches
/// beyond the exterior ring's bounding box (an invalid polygon: its hole is not inside its
/// shell) before Boost.Geometry's own test, which rescales the polygon to 64-bit integers over
/// the exterior ring's box and overflows them on such a ring (Boost 1.74; undefined behaviour,
/// found by the shapefile fuzzer).
bool valid_polygon(const Polygon2& poly, std::string& reason);

/// Reads every polygon and multipolygon feature of the first layer of an OGR vector file
/// (GeoJSON, GeoPackage, Shapefile, ...), reprojected to `target`, corrected to Boost.Geometry's
/// orientation. Files without a CRS are taken as WGS 84 (as GeoJSON specifies). Throws
/// InputError naming the file and feature id for unreadable files, non-polygon features or
/// invalid geometries.
MultiPolygon2 read_polygons(const std::string& path, const Crs& target);

}  // namespace akichi::prop

// Planar geometry types (Boost.Geometry) in projected metres, and vector-file reading (OGR).
#pragma once

#include <string>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include "propagation/geo/crs.h"

namespace akichi::prop {

namespace bg = boost::geometry;
using Point2 = bg::model::d2::point_xy<double>;
using Polygon2 = bg::model::polygon<Point2>;  // clockwise outer ring, closed
using MultiPolygon2 = bg::model::multi_polygon<Polygon2>;

/// Reads every polygon and multipolygon feature of the first layer of an OGR vector file
/// (GeoJSON, GeoPackage, Shapefile, ...), reprojected to `target`, corrected to Boost.Geometry's
/// orientation. Files without a CRS are taken as WGS 84 (as GeoJSON specifies). Throws
/// InputError naming the file and feature id for unreadable files, non-polygon features or
/// invalid geometries.
MultiPolygon2 read_polygons(const std::string& path, const Crs& target);

}  // namespace akichi::prop

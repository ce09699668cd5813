// Test footprints: axis-aligned rectangles as Boost.Geometry polygons (clockwise, closed).
#pragma once

#include "propagation/geo/geometry.h"

namespace akichi::prop {

/// The rectangle [x0, x1] x [y0, y1] (metres, study CRS), starting at (x0, y0), clockwise.
inline Polygon2 box_footprint(double x0, double y0, double x1, double y1) {
  Polygon2 p;
  bg::convert(bg::model::box<Point2>(Point2(x0, y0), Point2(x1, y1)), p);
  bg::correct(p);
  return p;
}

}  // namespace akichi::prop

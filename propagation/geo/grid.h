// The study grid: a regular raster of square cells in one projected CRS, plus the receiver
// heights above ground at which every analysis is evaluated.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace akichi::prop {

/// Rectangle in projected metres.
struct Extent {
  double xmin_m = 0, ymin_m = 0, xmax_m = 0, ymax_m = 0;
  double width_m() const { return xmax_m - xmin_m; }
  double height_m() const { return ymax_m - ymin_m; }
  bool contains(double x, double y) const {
    return x >= xmin_m && x <= xmax_m && y >= ymin_m && y <= ymax_m;
  }
};

/// Cells are indexed (iy, ix) with iy = 0 the southernmost row and ix = 0 the westernmost
/// column; arrays are row-major [iy][ix]. Values are evaluated at cell centres.
struct StudyGrid {
  double x0_m = 0;    ///< west edge of column 0
  double y0_m = 0;    ///< south edge of row 0
  double cell_m = 1;  ///< cell side
  int nx = 0;
  int ny = 0;
  std::vector<double> heights_m;  ///< receiver heights above ground, ascending

  double x(int ix) const { return x0_m + (ix + 0.5) * cell_m; }
  double y(int iy) const { return y0_m + (iy + 0.5) * cell_m; }
  std::size_t cells() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
  Extent extent() const { return {x0_m, y0_m, x0_m + nx * cell_m, y0_m + ny * cell_m}; }
  /// Column / row containing a point, or -1 outside.
  int column_of(double x) const {
    const double f = std::floor((x - x0_m) / cell_m);
    return (f >= 0 && f < nx) ? static_cast<int>(f) : -1;
  }
  int row_of(double y) const {
    const double f = std::floor((y - y0_m) / cell_m);
    return (f >= 0 && f < ny) ? static_cast<int>(f) : -1;
  }
};

}  // namespace akichi::prop

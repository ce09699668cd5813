// ITU-R digital maps on a global latitude/longitude grid, as supplied with the Recommendations
// (e.g. P.452-18 §3.2.1 / Attachment 1: DN50.TXT, the average radio-refractivity lapse rate
// dN through the lowest 1 km of the atmosphere, and N050.TXT, the sea-level surface
// refractivity N0; neither file is distributed with akichi: the user supplies them).
// File layout (plain text, one grid row per line, numbers separated by blanks): rows from
// latitude +90 deg down to -90 deg, columns from longitude 0 deg to 360 deg inclusive (the last
// column repeats the first), both every `step` degrees: 121 rows x 241 columns at 1.5 deg.
// Interpolation: bilinear between the four surrounding grid points, ITU-R P.1144-12 Annex 1
// §1b (square grid of points, eq. for I(phi, lambda) with the fractional row and column).
// Blank lines are ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akichi::prop::itu_maps {

/// A global grid of values, rows by latitude (north first), columns by longitude (0..360).
class LatLonGrid {
 public:
  /// Reads `path`; InputError "FILE:LINE:COL: FIELD: found X, expected Y" for a value that is
  /// not a finite number, a row with the wrong number of values or the wrong number of rows.
  static LatLonGrid read(const std::string& path, double step_deg = 1.5);
  /// The same on text already in memory; `source` names it in messages.
  static LatLonGrid parse(std::string_view text, const std::string& source, double step_deg = 1.5);

  /// Bilinear interpolation (P.1144-12 Annex 1 §1b) at latitude lat_deg in [-90, 90] and any
  /// longitude lon_deg (taken modulo 360).
  double interpolate(double lat_deg, double lon_deg) const noexcept;

  std::size_t rows() const noexcept { return rows_; }
  std::size_t cols() const noexcept { return cols_; }
  double step_deg() const noexcept { return step_; }
  /// Grid value at row r (latitude 90 - r step) and column c (longitude c step).
  double at(std::size_t r, std::size_t c) const noexcept { return v_[r * cols_ + c]; }
  const std::string& source() const noexcept { return source_; }

 private:
  std::string source_;
  double step_ = 1.5;
  std::size_t rows_ = 0, cols_ = 0;
  std::vector<double> v_;
};

/// Geographic point (degrees).
struct LatLon {
  double lat_deg = 0, lon_deg = 0;
};

/// The mid-point of the great-circle path between two points (longitudes east, latitudes
/// north, degrees): the point at half the path length of ITU-R P.2001-4 Attachment H §H.3, here
/// as the normalised sum of the two unit vectors (the same point on a sphere). Antipodal or
/// identical points return the first point.
LatLon great_circle_midpoint(double lon1_deg, double lat1_deg, double lon2_deg,
                             double lat2_deg) noexcept;

}  // namespace akichi::prop::itu_maps

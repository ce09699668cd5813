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
//
// ITU-R P.837-7 (06/2017) Annex 1 gives its rain-rate map R001.TXT (R_0.01, the rainfall rate
// exceeded for 0.01 % of an average year, mm/h, 1-min integration) in the same plain-text
// layout but the other way round: rows from latitude -90 deg up to +90 deg, columns from
// longitude -180 deg to +180 deg inclusive, every 0.125 deg (1441 rows x 2881 columns; the
// companion files LAT_R001.TXT and LON_R001.TXT list those coordinates). The same P.1144-12
// bilinear interpolation applies (P.837-7 Annex 1 §2 asks for it). read_rain_rate_map() finds the
// step from the number of rows, so a coarser hand-made grid in that layout (tests) reads too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akichi::prop::itu_maps {

/// A global grid of values, rows by latitude (north first), columns by longitude (0..360).
class LatLonGrid {
 public:
  /// How a map lays its grid out.
  struct Layout {
    double step_deg = 1.5;
    double first_latitude_deg = 90.0;  ///< of the first row: +90 (north first) or -90
    double first_longitude_deg = 0.0;  ///< of the first column: 0 or -180
  };
  /// The layout-general reader behind parse() and parse_rain_rate_map().
  static LatLonGrid parse(std::string_view text, const std::string& source, const Layout& layout);

  /// Reads `path`; InputError "FILE:LINE:COL: FIELD: found X, expected Y" for a value that is
  /// not a finite number, a row with the wrong number of values or the wrong number of rows.
  static LatLonGrid read(const std::string& path, double step_deg = 1.5);
  /// The same on text already in memory; `source` names it in messages.
  static LatLonGrid parse(std::string_view text, const std::string& source, double step_deg = 1.5);

  /// Reads an ITU-R P.837-7 R001.TXT rain-rate map (rows south to north from -90 deg, columns
  /// from -180 deg), its step 180 / (rows - 1) degrees; errors as read(), and a file whose rows
  /// and columns do not make a global grid of one step is refused.
  static LatLonGrid read_rain_rate_map(const std::string& path);
  /// The same on text already in memory.
  static LatLonGrid parse_rain_rate_map(std::string_view text, const std::string& source);

  /// Bilinear interpolation (P.1144-12 Annex 1 §1b) at latitude lat_deg in [-90, 90] and any
  /// longitude lon_deg (taken modulo 360).
  double interpolate(double lat_deg, double lon_deg) const noexcept;

  std::size_t rows() const noexcept { return rows_; }
  std::size_t cols() const noexcept { return cols_; }
  double step_deg() const noexcept { return step_; }
  /// Grid value at row r (latitude first_latitude +- r step: from +90 down, or -90 up for
  /// P.837) and column c (longitude first_longitude + c step).
  double at(std::size_t r, std::size_t c) const noexcept { return v_[r * cols_ + c]; }
  const std::string& source() const noexcept { return source_; }

 private:
  std::string source_;
  double step_ = 1.5;
  double lat0_deg_ = 90.0;  ///< latitude of row 0
  double lat_dir_ = -1.0;   ///< -1: rows go south (ITU-R P.452 maps), +1: north (P.837)
  double lon0_deg_ = 0.0;   ///< longitude of column 0
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

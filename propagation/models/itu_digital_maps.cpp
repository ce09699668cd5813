// ITU-R digital maps: reading and bilinear interpolation. See the header.
#include "propagation/models/itu_digital_maps.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include "base/errors.h"

namespace akichi::prop::itu_maps {

LatLonGrid LatLonGrid::read(const std::string& path, double step_deg) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw_input_error(InputLocation{path}, "file", "a file that cannot be opened",
                      "a readable ITU-R digital map");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path, step_deg);
}

LatLonGrid LatLonGrid::parse(std::string_view text, const std::string& source, double step_deg) {
  return parse(text, source, Layout{step_deg, 90.0, 0.0});
}

LatLonGrid LatLonGrid::read_rain_rate_map(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw_input_error(InputLocation{path}, "file", "a file that cannot be opened",
                      "a readable ITU-R P.837-7 rain-rate map (R001.TXT)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_rain_rate_map(ss.str(), path);
}

LatLonGrid LatLonGrid::parse_rain_rate_map(std::string_view text, const std::string& source) {
  // The step from the number of rows (P.837-7: 1441 rows, 0.125 deg); the columns are then
  // checked against it by the reader.
  std::size_t rows = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    if (text.substr(pos, eol - pos).find_first_not_of(" \t\r") != std::string_view::npos) ++rows;
    pos = eol + 1;
  }
  if (rows < 3) {
    throw_input_error(InputLocation{source}, "rows", fmt::format("{}", rows),
                      "an ITU-R P.837-7 R001.TXT grid: rows from latitude -90 to +90 deg (1441 "
                      "at 0.125 deg), at least 3");
  }
  return parse(text, source, Layout{180.0 / static_cast<double>(rows - 1), -90.0, -180.0});
}

LatLonGrid LatLonGrid::parse(std::string_view text, const std::string& source,
                             const Layout& layout) {
  const double step_deg = layout.step_deg;
  LatLonGrid g;
  g.source_ = source;
  g.step_ = step_deg;
  g.lat0_deg_ = layout.first_latitude_deg;
  g.lat_dir_ = layout.first_latitude_deg > 0 ? -1.0 : 1.0;
  g.lon0_deg_ = layout.first_longitude_deg;
  g.rows_ = static_cast<std::size_t>(std::lround(180.0 / step_deg)) + 1;  // +90 .. -90
  g.cols_ = static_cast<std::size_t>(std::lround(360.0 / step_deg)) + 1;  // 0 .. 360
  g.v_.reserve(g.rows_ * g.cols_);
  const std::string grid_text = fmt::format(
      "{} rows x {} columns (latitudes {}..{} deg and longitudes {}..{} deg every {} deg)", g.rows_,
      g.cols_, g.lat0_deg_, -g.lat0_deg_, g.lon0_deg_, g.lon0_deg_ + 360.0, step_deg);
  std::size_t row = 0;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t i = 0, count = 0;
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (true) {
      while (i < line.size() && blank(line[i])) ++i;
      if (i >= line.size()) break;
      std::size_t j = i;
      while (j < line.size() && !blank(line[j])) ++j;
      const std::string_view tok = line.substr(i, j - i);
      double v = 0;
      const auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
      const InputLocation at{source, line_no, static_cast<int>(i) + 1};
      if (ec != std::errc() || end != tok.data() + tok.size() || !std::isfinite(v)) {
        throw_input_error(at, "value", fmt::format("'{}'", tok), "a finite number");
      }
      if (row >= g.rows_) {
        throw_input_error(at, "rows", fmt::format("more than {}", g.rows_), grid_text);
      }
      if (count >= g.cols_) {
        throw_input_error(at, "row", fmt::format("more than {} values", g.cols_), grid_text);
      }
      g.v_.push_back(v);
      ++count;
      i = j;
    }
    if (count == 0) continue;  // blank line
    if (count != g.cols_) {
      throw_input_error({source, line_no, static_cast<int>(line.size()) + 1}, "row",
                        fmt::format("{} values", count), grid_text);
    }
    ++row;
  }
  if (row != g.rows_)
    throw_input_error({source, line_no, 0}, "rows", fmt::format("{}", row), grid_text);
  return g;
}

double LatLonGrid::interpolate(double lat_deg, double lon_deg) const noexcept {
  // P.1144-12 Annex 1 §1b: fractional row r and column c of the point, R = floor(r),
  // C = floor(c) (kept inside the grid so that the poles and longitude 360 use the last cell),
  // I = f(R,C)(R+1-r)(C+1-c) + f(R+1,C)(r-R)(C+1-c) + f(R,C+1)(R+1-r)(c-C) + f(R+1,C+1)(r-R)(c-C)
  double lon = std::fmod(lon_deg - lon0_deg_, 360.0);  // from the first column
  if (lon < 0.0) lon += 360.0;
  const double r = lat_dir_ * (lat_deg - lat0_deg_) / step_;
  const double c = lon / step_;
  const auto R =
      static_cast<std::size_t>(std::clamp(std::floor(r), 0.0, static_cast<double>(rows_ - 2)));
  const auto C =
      static_cast<std::size_t>(std::clamp(std::floor(c), 0.0, static_cast<double>(cols_ - 2)));
  const double fr = r - static_cast<double>(R), fc = c - static_cast<double>(C);
  return at(R, C) * (1.0 - fr) * (1.0 - fc) + at(R + 1, C) * fr * (1.0 - fc) +
         at(R, C + 1) * (1.0 - fr) * fc + at(R + 1, C + 1) * fr * fc;
}

LatLon great_circle_midpoint(double lon1_deg, double lat1_deg, double lon2_deg,
                             double lat2_deg) noexcept {
  constexpr double deg = std::numbers::pi / 180.0;
  auto unit = [&](double lon, double lat) {
    return std::array<double, 3>{std::cos(lat * deg) * std::cos(lon * deg),
                                 std::cos(lat * deg) * std::sin(lon * deg), std::sin(lat * deg)};
  };
  const auto a = unit(lon1_deg, lat1_deg), b = unit(lon2_deg, lat2_deg);
  const double x = a[0] + b[0], y = a[1] + b[1], z = a[2] + b[2];
  const double norm = std::sqrt(x * x + y * y + z * z);
  if (norm < 1e-12) return {lat1_deg, lon1_deg};
  const double horiz = std::sqrt(x * x + y * y);
  // a pole has no longitude: keep the first point's
  const double lon = horiz < 1e-15 ? lon1_deg : std::atan2(y, x) / deg;
  return {std::atan2(z, horiz) / deg, lon};
}

}  // namespace akichi::prop::itu_maps

#include "viz/map.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "base/errors.h"
#include "viz/map_internal.h"

namespace akichi::viz {

namespace {

// Value at fraction q (0..1) of the sorted sample: linear interpolation between order
// statistics (the "linear" / type-7 definition of Hyndman & Fan 1996, NumPy's default).
double quantile(std::vector<double>& v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (b - a) * (pos - static_cast<double>(lo));
}

}  // namespace

std::string crs_display_name(const std::string& crs) {
  if (crs.empty()) return {};
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) return {};
  const char* name = srs.GetName();
  std::string out = name ? name : "";
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code) out += fmt::format(" ({}:{})", auth, code);
  return out;
}

void validate_layer(const MapLayer& layer) {
  const std::string what =
      layer.name.empty() ? std::string("map layer") : "map layer '" + layer.name + "'";
  if (layer.nx < 1 || layer.ny < 1)
    throw_input_error({}, what, fmt::format("{} x {} cells", layer.nx, layer.ny),
                      "at least 1 x 1 cells");
  const auto n = static_cast<std::size_t>(layer.nx) * static_cast<std::size_t>(layer.ny);
  if (layer.values.size() != n)
    throw_input_error({}, what + ": values", fmt::format("{} values", layer.values.size()),
                      fmt::format("nx*ny = {} x {} = {}", layer.nx, layer.ny, n));
  if (!layer.clear.empty() && layer.clear.size() != n)
    throw_input_error({}, what + ": clear", fmt::format("{} flags", layer.clear.size()),
                      fmt::format("none or nx*ny = {}", n));
  if (layer.mask && (!layer.categorical || layer.category_labels.size() > 2))
    throw_input_error({}, what + ": mask", "a layer that is not categorical with 2 categories",
                      "a mask of categories 0 and 1");
  if (!(layer.cell_m > 0.0) || !std::isfinite(layer.cell_m))
    throw_input_error({}, what + ": cell_m", fmt::format("{}", layer.cell_m),
                      "a finite cell size > 0 m");
  if (!std::isfinite(layer.x0_m) || !std::isfinite(layer.y0_m))
    throw_input_error({}, what + ": origin", fmt::format("({}, {})", layer.x0_m, layer.y0_m),
                      "finite x0_m, y0_m");
  if (!layer.crs_wkt.empty()) {
    ensure_gdal_registered();
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(layer.crs_wkt.c_str()) != OGRERR_NONE)
      throw_input_error({}, what + ": crs_wkt", "a definition PROJ does not understand",
                        "a projected CRS as WKT");
    if (!srs.IsProjected())
      throw_input_error(
          {}, what + ": crs_wkt",
          fmt::format("'{}', which is not projected", srs.GetName() ? srs.GetName() : "?"),
          "a projected CRS (metres)");
  }
  if (layer.categorical) {
    const std::size_t ncat = layer.category_labels.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float v = layer.values[i];
      if (std::isnan(v)) continue;
      const bool integer = std::isfinite(v) && v >= 0.0f && std::floor(v) == v;
      if (!integer || (ncat > 0 && static_cast<std::size_t>(v) >= ncat))
        throw_input_error(
            {}, what + fmt::format(": value at (ix {}, iy {})", i % layer.nx, i / layer.nx),
            fmt::format("{}", v),
            ncat > 0 ? fmt::format("a category index 0..{} or NaN", ncat - 1)
                     : std::string("a category index >= 0 or NaN"));
    }
  }
}

ValueRange value_range(const MapLayer& layer, const RenderOptions& options) {
  if (options.vmin && !std::isfinite(*options.vmin))
    throw_input_error({}, "colour range: vmin", fmt::format("{}", *options.vmin), "a finite value");
  if (options.vmax && !std::isfinite(*options.vmax))
    throw_input_error({}, "colour range: vmax", fmt::format("{}", *options.vmax), "a finite value");
  if (options.vmin && options.vmax) {
    if (!(*options.vmin < *options.vmax))
      throw_input_error({}, "colour range",
                        fmt::format("vmin {} and vmax {}", *options.vmin, *options.vmax),
                        "vmin < vmax");
    return {*options.vmin, *options.vmax};
  }
  std::vector<double> finite;
  finite.reserve(layer.values.size());
  for (const float v : layer.values)
    if (std::isfinite(v)) finite.push_back(v);
  double lo = 0.0, hi = 1.0;
  if (!finite.empty()) {
    lo = quantile(finite, 0.02);
    hi = quantile(finite, 0.98);
    if (options.colormap == "rdbu") {
      const double m = std::max(std::abs(lo), std::abs(hi));
      lo = -m;
      hi = m;
    }
  }
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // One bound given: keep it; move the default other bound by the default span if it is on
  // the wrong side.
  const double span = hi - lo;
  if (options.vmin) {
    lo = *options.vmin;
    if (hi <= lo) hi = lo + span;
  }
  if (options.vmax) {
    hi = *options.vmax;
    if (lo >= hi) lo = hi - span;
  }
  return {lo, hi};
}

double pixels_per_cell(const MapLayer& layer, const RenderOptions& options) {
  if (options.scale < 0)
    throw_input_error({}, "scale", fmt::format("{}", options.scale),
                      "pixels per cell >= 1, or 0 for automatic");
  if (options.scale > 0) return options.scale;
  const double s = std::min(1100.0 / std::max(layer.nx, 1), 900.0 / std::max(layer.ny, 1));
  return s >= 4.0 ? std::floor(s) : s;
}

std::string xml_escaped(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace akichi::viz

// The granted EIRP map and the CDF plot of I/N (cairo), from a results file's /coordination and
// /montecarlo groups (read through sim/results).
#include "viz/coordination_plot.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/results/reader.h"
#include "viz/colormap.h"
#include "viz/map_context.h"
#include "viz/output_file.h"
#include "viz/results_map.h"
#include "viz/text.h"

namespace akichi::viz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void text(cairo_t* cr, double x, double y, const std::string& s, double size, double align = 0,
          bool bold = false) {
  set_font(cr, size, bold);
  draw_text(cr, x, y, s, align);
}

/// Step of about span/target, rounded to 1, 2 or 5 times a power of ten.
double nice_step(double span, double target) {
  const double raw = span / std::max(target, 1.0);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10.0 * mag;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void write_surface(cairo_surface_t* surface, const std::filesystem::path& final_path,
                   const std::string& path, const std::string& what) {
  cairo_surface_flush(surface);
  TempOutput out(final_path);
  const cairo_status_t st = cairo_surface_write_to_png(surface, out.temp().c_str());
  if (st != CAIRO_STATUS_SUCCESS)
    throw_input_error({}, what, "'" + path + "' (" + cairo_status_to_string(st) + ")",
                      "a path that can be written");
  out.commit();
}

/// The path of `name` in the results of one run: `name` itself in a single run's file, under the
/// variant's group `group` of a batch file ("/": the group's own attributes).
std::string in_run(const std::string& group, const std::string& name) {
  if (group.empty()) return name;
  const std::string rel = name.rfind('/', 0) == 0 ? name.substr(1) : name;
  return rel.empty() ? "/" + group : "/" + group + "/" + rel;
}

/// " · variant NAME" for a variant of a batch file, else "".
std::string variant_text(const std::string& group) {
  return group.empty() ? std::string() : " · variant " + group;
}

/// The receivers' positions and ids (the run's receiver, receiver_db_station, db_station_x/y).
std::vector<MapOverlay::Marker> receivers(const sim::results::Reader& r, const std::string& g) {
  std::vector<MapOverlay::Marker> out;
  if (!r.has_variable(in_run(g, "receiver_id")) ||
      !r.has_variable(in_run(g, "receiver_db_station")))
    return out;
  const auto ids = r.read_strings(in_run(g, "receiver_id"));
  const auto db = r.read_coordinate(in_run(g, "receiver_db_station"));
  const auto x = r.read_coordinate(in_run(g, "db_station_x"));
  const auto y = r.read_coordinate(in_run(g, "db_station_y"));
  for (std::size_t i = 0; i < ids.size() && i < db.size(); ++i) {
    const auto k = static_cast<std::size_t>(db[i]);
    if (k < x.size() && k < y.size() && std::isfinite(x[k]) && std::isfinite(y[k]))
      out.push_back({x[k], y[k], ids[i]});
  }
  return out;
}

}  // namespace

GrantedEirpMap load_granted_eirp(const std::string& results_path, const std::string& variant) {
  const sim::results::Reader r(results_path);
  std::vector<SliceCoordinate> slice;
  const std::string g = select_variant(r, results_path, variant, slice);
  if (!r.has_variable(in_run(g, "/coordination/granted_eirp")))
    throw InputError(
        format_input_error({results_path}, "/coordination", "no such group",
                           "the allocation results of a scenario with a [coordination] section"));
  GrantedEirpMap out;
  const auto xs = r.read_coordinate(in_run(g, "x"));
  const auto ys = r.read_coordinate(in_run(g, "y"));
  if (xs.size() < 2 || ys.empty())
    throw InputError(format_input_error({results_path}, "x", "fewer than 2 cells", "a grid"));
  MapLayer& layer = out.layer;
  layer.nx = static_cast<int>(xs.size());
  layer.ny = static_cast<int>(ys.size());
  layer.cell_m = xs[1] - xs[0];
  layer.x0_m = xs[0] - layer.cell_m / 2;
  layer.y0_m = ys[0] - layer.cell_m / 2;
  layer.values.assign(xs.size() * ys.size(), std::numeric_limits<float>::quiet_NaN());
  layer.crs_wkt = r.attr_string(in_run(g, "crs"), "crs_wkt").value_or("");
  layer.name = "granted_eirp";
  layer.long_name = "granted EIRP";
  layer.units = "dBm";

  const auto ids = r.read_strings(in_run(g, "/coordination/applicant_id"));
  const auto granted = r.read_coordinate(in_run(g, "/coordination/granted"));
  const auto eirp = r.read_coordinate(in_run(g, "/coordination/granted_eirp"));
  const auto sid = r.read_strings(in_run(g, "station_id"));
  const auto sx = r.read_coordinate(in_run(g, "station_x"));
  const auto sy = r.read_coordinate(in_run(g, "station_y"));
  std::map<std::string, std::size_t> where;
  for (std::size_t s = 0; s < sid.size(); ++s) where.emplace(sid[s], s);
  for (std::size_t a = 0; a < ids.size(); ++a) {
    const auto it = where.find(ids[a]);
    if (it == where.end() || it->second >= sx.size() || it->second >= sy.size())
      throw InputError(format_input_error({results_path}, "/coordination/applicant_id",
                                          "'" + ids[a] + "'", "an id of station_id"));
    Applicant ap;
    ap.x_m = sx[it->second];
    ap.y_m = sy[it->second];
    ap.id = ids[a];
    ap.granted = a < granted.size() && granted[a] == 1 && a < eirp.size() && std::isfinite(eirp[a]);
    ap.eirp_dBm = ap.granted ? eirp[a] : kNaN;
    out.applicants.push_back(std::move(ap));
  }
  out.overlay.stations = receivers(r, g);
  // The terrain's hillshade under the applicants, as under every map of the file.
  if (const std::string t = in_run(g, "terrain_height"); r.has_variable(t)) {
    const auto info = r.info(t);
    if (info.dims.size() == 2 && info.dims[0].size == ys.size() && info.dims[1].size == xs.size()) {
      MapLayer terrain = layer;
      terrain.values = r.read_float(t);
      out.overlay.backdrop = hillshade_backdrop(terrain);
    }
  }
  out.overlay.title = r.attr_string(in_run(g, "/"), "title").value_or("");
  const std::string method = r.attr_string(in_run(g, "/coordination"), "method").value_or("");
  const auto n_granted = std::count_if(out.applicants.begin(), out.applicants.end(),
                                       [](const Applicant& a) { return a.granted; });
  out.overlay.subtitle = fmt::format("granted EIRP [dBm] · {} of {} applicants granted{}{}",
                                     n_granted, out.applicants.size(),
                                     method.empty() ? "" : " · method " + method, variant_text(g));
  return out;
}

ValueRange granted_eirp_range(const GrantedEirpMap& map, const RenderOptions& options) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Applicant& a : map.applicants) {
    if (!a.granted) continue;
    lo = std::min(lo, a.eirp_dBm);
    hi = std::max(hi, a.eirp_dBm);
  }
  if (!(lo <= hi)) lo = 0, hi = 1;
  if (lo == hi) lo -= 0.5, hi += 0.5;
  if (options.vmin) lo = *options.vmin;
  if (options.vmax) hi = *options.vmax;
  if (!(lo < hi))
    throw_input_error({}, "--vmin/--vmax", fmt::format("{} .. {}", lo, hi), "vmin < vmax");
  return {lo, hi};
}

namespace {
void draw_applicants(const GrantedEirpMap& map, const RenderOptions& ro, const ValueRange& range,
                     const std::filesystem::path& final_path, const std::string& path);
}  // namespace

void render_granted_eirp_png(const GrantedEirpMap& map, const RenderOptions& options,
                             const std::string& path) {
  const auto final_path = check_output_path(path, {".png"}, "granted EIRP map");
  const ValueRange range = granted_eirp_range(map, options);
  RenderOptions ro = options;
  ro.vmin = range.vmin;
  ro.vmax = range.vmax;
  // The frame, the colour bar over the EIRP range and the receivers come from render_png (its
  // field is all no data); the applicants are drawn over that image, which then replaces it
  // (atomically, as render_png wrote it). Should that fail, the frame alone is not left behind.
  render_png(map.layer, map.overlay, ro, path);
  try {
    draw_applicants(map, ro, range, final_path, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(final_path, ec);
    throw;
  }
}

namespace {

void draw_applicants(const GrantedEirpMap& map, const RenderOptions& ro, const ValueRange& range,
                     const std::filesystem::path& final_path, const std::string& path) {
  SurfacePtr surface(cairo_image_surface_create_from_png(path.c_str()), cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError("cannot read back " + path + ": " +
                       cairo_status_to_string(cairo_surface_status(surface.get())));
  ContextPtr ctx(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = ctx.get();
  const PngGeometry g = png_geometry(map.layer, map.overlay, ro);
  const double r = kApplicantMarkerRadius_px;
  // Denied first, so that a granted applicant on the same spot stays visible.
  for (const bool pass_granted : {false, true}) {
    for (const Applicant& a : map.applicants) {
      if (a.granted != pass_granted) continue;
      const auto [px, py] = g.to_pixel(a.x_m, a.y_m, map.layer);
      cairo_new_path(cr);
      if (a.granted) {
        const Rgb c = colormap(ro.colormap, (a.eirp_dBm - range.vmin) / (range.vmax - range.vmin));
        cairo_arc(cr, px, py, r, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_fill(cr);
        cairo_arc(cr, px, py, r - 1.5, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        cairo_fill(cr);
      } else {
        cairo_arc(cr, px, py, r - 1, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, 2.0);
        cairo_stroke(cr);
      }
    }
  }
  // Legend of the two marker styles in the map's upper-left corner (the north arrow has the
  // upper-right one, the scale bar the lower-left one).
  const double lx = g.map_left_px + 8, ly = g.map_top_px + 8;
  cairo_rectangle(cr, lx, ly, 182, 50);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  const Rgb mid = colormap(ro.colormap, 0.5);
  cairo_arc(cr, lx + 14, ly + 15, r, 0, 2 * M_PI);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
  cairo_arc(cr, lx + 14, ly + 15, r - 1.5, 0, 2 * M_PI);
  cairo_set_source_rgb(cr, mid.r, mid.g, mid.b);
  cairo_fill(cr);
  cairo_new_path(cr);
  cairo_arc(cr, lx + 14, ly + 36, r - 1, 0, 2 * M_PI);
  cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
  cairo_set_line_width(cr, 2.0);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text(cr, lx + 28, ly + 19, "granted (colour: EIRP)", 12);
  text(cr, lx + 28, ly + 40, "denied", 12);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError(std::string("cairo drawing failed: ") +
                       cairo_status_to_string(cairo_status(cr)));
  write_surface(surface.get(), final_path, path, "granted EIRP map");
}

}  // namespace

MapLayer granted_eirp_raster(const GrantedEirpMap& map) {
  MapLayer layer = map.layer;
  for (const Applicant& a : map.applicants) {
    if (!a.granted) continue;
    const auto ix = static_cast<long>(std::floor((a.x_m - layer.x0_m) / layer.cell_m));
    const auto iy = static_cast<long>(std::floor((a.y_m - layer.y0_m) / layer.cell_m));
    if (ix < 0 || iy < 0 || ix >= layer.nx || iy >= layer.ny) continue;
    float& v = layer.values[static_cast<std::size_t>(iy * layer.nx + ix)];
    if (std::isnan(v) || a.eirp_dBm > v) v = static_cast<float>(a.eirp_dBm);
  }
  return layer;
}

CdfPlot load_i_over_n_cdf(const std::string& results_path, const std::string& station,
                          const std::string& channel, bool complementary,
                          const std::string& variant) {
  const sim::results::Reader r(results_path);
  std::vector<SliceCoordinate> slice;
  const std::string g = select_variant(r, results_path, variant, slice);
  if (!r.has_variable(in_run(g, "/montecarlo/i_over_n_cdf")))
    throw InputError(
        format_input_error({results_path}, "/montecarlo", "no such group",
                           "the Monte Carlo results of a scenario with a [montecarlo] section"));
  const auto x = r.read_coordinate(in_run(g, "/montecarlo/i_over_n"));
  const auto cdf = r.read_float(in_run(g, "/montecarlo/i_over_n_cdf"));  // [receiver][ch][i_over_n]
  const auto noise = r.read_coordinate(in_run(g, "/montecarlo/noise"));
  const auto trials = r.read_float(in_run(g, "/montecarlo/trials"));  // [receiver][ch]
  const auto rx_ids = r.read_strings(in_run(g, "receiver_id"));
  const auto db = r.read_coordinate(in_run(g, "receiver_db_station"));
  const auto limit = r.read_coordinate(in_run(g, "db_station_limit"));
  const std::size_t nr = rx_ids.size(), nx = x.size();
  const std::size_t nch = nr * nx == 0 ? 0 : cdf.size() / (nr * nx);
  std::vector<std::string> ch_ids = r.has_variable(in_run(g, "channel_id"))
                                        ? r.read_strings(in_run(g, "channel_id"))
                                        : std::vector<std::string>{};
  ch_ids.resize(nch);
  for (std::size_t c = 0; c < nch; ++c)
    if (ch_ids[c].empty()) ch_ids[c] = std::to_string(c);

  if (!station.empty() && std::find(rx_ids.begin(), rx_ids.end(), station) == rx_ids.end())
    throw InputError(format_input_error({results_path}, "--station", "'" + station + "'",
                                        "a protected receiver: " + join(rx_ids)));
  std::size_t only_ch = nch;
  if (!channel.empty()) {
    const auto it = std::find(ch_ids.begin(), ch_ids.end(), channel);
    if (it != ch_ids.end()) {
      only_ch = static_cast<std::size_t>(it - ch_ids.begin());
    } else if (std::all_of(channel.begin(), channel.end(),
                           [](char c) { return c >= '0' && c <= '9'; }) &&
               std::stoul(channel) < nch) {
      only_ch = std::stoul(channel);
    } else {
      throw InputError(format_input_error({results_path}, "--channel", "'" + channel + "'",
                                          "a channel_id or index: " + join(ch_ids)));
    }
  }
  CdfPlot plot;
  plot.title = r.attr_string(in_run(g, "/"), "title").value_or("");
  for (std::size_t i = 0; i < nr; ++i) {
    if (!station.empty() && rx_ids[i] != station) continue;
    const auto k = i < db.size() ? static_cast<std::size_t>(db[i]) : limit.size();
    const double crit = k < limit.size() && i < noise.size() ? limit[k] - noise[i] : kNaN;
    for (std::size_t c = 0; c < nch; ++c) {
      if (only_ch < nch && c != only_ch) continue;
      if (i * nch + c < trials.size() && !(trials[i * nch + c] > 0)) continue;
      CdfCurve curve;
      curve.label = nch > 1 && only_ch == nch ? rx_ids[i] + " · " + ch_ids[c] : rx_ids[i];
      curve.x_dB = x;
      curve.p.resize(nx);
      for (std::size_t j = 0; j < nx; ++j) curve.p[j] = cdf[(i * nch + c) * nx + j];
      curve.criterion_dB = crit;
      plot.curves.push_back(std::move(curve));
    }
  }
  if (plot.curves.empty())
    throw InputError(format_input_error({results_path}, "/montecarlo/trials",
                                        "no counted trial for the receivers selected",
                                        "a receiver on the air in some trial"));
  const std::optional<double> trials_run = r.attr_double(in_run(g, "/montecarlo"), "trials");
  const std::string trials_attr = trials_run ? fmt::format("{:g}", *trials_run) : "";
  plot.complementary = complementary;
  plot.trials = trials_run.value_or(0.0);
  plot.subtitle = std::string(complementary ? "complementary CDF of I/N, log scale to 1/trials"
                                            : "empirical CDF of I/N") +
                  (only_ch < nch ? " · channel " + ch_ids[only_ch] : std::string()) +
                  (trials_attr.empty() ? std::string() : " · " + trials_attr + " trials") +
                  variant_text(g) + " · dashed: the receiver's I/N criterion";
  return plot;
}

CdfGeometry cdf_geometry(const CdfPlot& plot) {
  CdfGeometry g;
  g.plot_w = g.width_px - g.left - 30;
  g.height_px =
      static_cast<int>(g.top + g.plot_h + 60 + 20 * static_cast<double>(plot.curves.size()) + 20);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const CdfCurve& c : plot.curves) {
    for (const double v : c.x_dB) lo = std::min(lo, v), hi = std::max(hi, v);
    if (std::isfinite(c.criterion_dB))
      lo = std::min(lo, c.criterion_dB), hi = std::max(hi, c.criterion_dB);
  }
  if (!(lo < hi)) lo = std::isfinite(lo) ? lo - 1 : 0, hi = lo + 2;
  g.xmin = lo;
  g.xmax = hi;
  // The tail down to the least non-zero share of the trials; at least one decade.
  g.log = plot.complementary;
  g.pmin = plot.trials > 10 ? 1.0 / plot.trials : 0.1;
  return g;
}

void render_cdf_png(const CdfPlot& plot, const std::string& path) {
  const auto final_path = check_output_path(path, {".png"}, "CDF plot");
  if (plot.curves.empty()) throw_input_error({}, "CDF plot", "no curve", "at least one curve");
  const CdfGeometry g = cdf_geometry(plot);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, g.width_px, g.height_px),
                     cairo_surface_destroy);
  ContextPtr ctx(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = ctx.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  // Grid lines, axes and ticks.
  cairo_set_line_width(cr, 1.0);
  const double xs = nice_step(g.xmax - g.xmin, 10);
  for (double t = std::ceil(g.xmin / xs) * xs; t <= g.xmax + 1e-9; t += xs) {
    const double px = g.to_pixel(t, 0).first;
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, px, g.top);
    cairo_line_to(cr, px, g.top + g.plot_h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, px, g.top + g.plot_h + 20, fmt::format("{:g}", std::abs(t) < xs * 1e-9 ? 0.0 : t), 12,
         0.5);
  }
  // Probability ticks: tenths, or on the log axis the decades from 1 down to pmin.
  std::vector<double> ticks;
  if (g.log) {
    for (double p = 1.0; p >= g.pmin * (1 - 1e-9); p /= 10.0) ticks.push_back(p);
  } else {
    for (int k = 0; k <= 10; ++k) ticks.push_back(k / 10.0);
  }
  for (const double p : ticks) {
    const double py = g.to_pixel(g.xmin, p).second;
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, g.left, py);
    cairo_line_to(cr, g.left + g.plot_w, py);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, g.left - 8, py + 4, fmt::format("{:g}", p), 12, 1);
  }
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_rectangle(cr, g.left - 0.5, g.top - 0.5, g.plot_w + 1, g.plot_h + 1);
  cairo_stroke(cr);
  text(cr, g.left + g.plot_w / 2, g.top + g.plot_h + 42, "I/N [dB]", 13, 0.5);
  cairo_save(cr);
  cairo_translate(cr, 24, g.top + g.plot_h / 2);
  cairo_rotate(cr, -M_PI / 2);
  text(cr, 0, 0, g.log ? "Probability I/N > x" : "Probability I/N \u2264 x", 13, 0.5);
  cairo_restore(cr);

  cairo_save(cr);
  cairo_rectangle(cr, g.left, g.top, g.plot_w, g.plot_h);
  cairo_clip(cr);
  for (std::size_t i = 0; i < plot.curves.size(); ++i) {
    const CdfCurve& c = plot.curves[i];
    const Rgb col = category_colour(i);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    if (std::isfinite(c.criterion_dB)) {
      const double dash[] = {6.0, 4.0};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_set_line_width(cr, 1.5);
      const double px = g.to_pixel(c.criterion_dB, 0).first;
      cairo_move_to(cr, px, g.top);
      cairo_line_to(cr, px, g.top + g.plot_h);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
    // The empirical CDF between the abscissae: linear, as the file samples it.
    cairo_set_line_width(cr, 2.0);
    cairo_new_path(cr);
    // The tail: the complement, which ends where no trial lies above x (no point at 0 on a
    // log axis).
    for (std::size_t j = 0; j < c.x_dB.size() && j < c.p.size(); ++j) {
      const double v = g.log ? 1.0 - c.p[j] : c.p[j];
      if (!std::isfinite(v) || (g.log && !(v > 0.0))) {
        cairo_stroke(cr);
        continue;
      }
      const auto [px, py] = g.to_pixel(c.x_dB[j], v);
      cairo_line_to(cr, px, py);
    }
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  // Legend under the axis label.
  for (std::size_t i = 0; i < plot.curves.size(); ++i) {
    const Rgb col = category_colour(i);
    const double y = g.top + g.plot_h + 70 + 20.0 * static_cast<double>(i);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, 3.0);
    cairo_move_to(cr, g.left, y - 4);
    cairo_line_to(cr, g.left + 30, y - 4);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    const CdfCurve& c = plot.curves[i];
    text(cr, g.left + 40, y,
         std::isfinite(c.criterion_dB)
             ? fmt::format("{} (criterion I/N = {:.1f} dB)", c.label, c.criterion_dB)
             : c.label,
         13);
  }
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text(cr, g.left, 30, plot.title.empty() ? "I/N of the protected receivers" : plot.title, 20, 0,
       true);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  text(cr, g.left, 54, plot.subtitle, 14);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError(std::string("cairo drawing failed: ") +
                       cairo_status_to_string(cairo_status(cr)));
  write_surface(surface.get(), final_path, path, "CDF plot");
}

}  // namespace akichi::viz

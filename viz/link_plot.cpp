// The clearance of a link's first Fresnel zone and its profile plot (cairo).
#include "viz/link_plot.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "base/errors.h"
#include "viz/output_file.h"
#include "viz/text.h"

namespace akichi::viz {
namespace {

constexpr double kSpeedOfLight_m_per_s = 299792458.0;

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void check_profile(const LinkProfile& link) {
  if (link.d_m.size() < 3 || link.d_m.size() != link.z_m.size())
    throw_input_error(
        {}, "link profile",
        fmt::format("{} distances and {} elevations", link.d_m.size(), link.z_m.size()),
        "at least 3 samples, as many elevations as distances");
  if (!(link.freq_Hz > 0) || !(link.k_factor > 0))
    throw_input_error({}, "link profile",
                      fmt::format("frequency {} Hz, k factor {}", link.freq_Hz, link.k_factor),
                      "a frequency and a k factor > 0");
  if (!(link.d_m.back() > link.d_m.front()))
    throw_input_error({}, "link profile", fmt::format("length {} m", link.d_m.back()),
                      "a length > 0");
}

/// Step of about span/target, rounded to 1, 2 or 5 times a power of ten.
double nice_step(double span, double target) {
  const double raw = span / std::max(target, 1.0);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10.0 * mag;
}

void text(cairo_t* cr, double x, double y, const std::string& s, double size, double align = 0,
          bool bold = false) {
  set_font(cr, size, bold);
  draw_text(cr, x, y, s, align);
}

}  // namespace

double earth_bulge_m(double d1_m, double d2_m, double k_factor) {
  return d1_m * d2_m / (2.0 * k_factor * kEarthRadius_m);
}

double fresnel_radius_m(double d1_m, double d2_m, double freq_Hz) {
  const double lambda = kSpeedOfLight_m_per_s / freq_Hz;
  return std::sqrt(lambda * d1_m * d2_m / (d1_m + d2_m));
}

Clearance link_clearance(const LinkProfile& link) {
  check_profile(link);
  const std::size_t n = link.d_m.size();
  const double d = link.d_m.back();
  const double a = link.z_m.front() + link.h_tx_m, b = link.z_m.back() + link.h_rx_m;
  Clearance out;
  bool first = true;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double d1 = link.d_m[i], d2 = d - d1;
    if (!(d1 > 0 && d2 > 0)) continue;
    const double ray = a + (b - a) * d1 / d;
    const double c = ray - (link.z_m[i] + earth_bulge_m(d1, d2, link.k_factor));
    const double r = fresnel_radius_m(d1, d2, link.freq_Hz);
    out.line_of_sight = out.line_of_sight && c > 0;
    out.zone_clear = out.zone_clear && c >= 0.6 * r;
    if (first || c / r < out.ratio) {
      out.ratio = c / r;
      out.clearance_m = c;
      out.at_m = d1;
      out.fresnel_m = r;
      first = false;
    }
  }
  return out;
}

void render_link_profile_png(const LinkProfile& link, const std::string& title,
                             const std::string& subtitle, const std::vector<std::string>& notes,
                             const std::string& path) {
  check_profile(link);
  const auto final_path = check_output_path(path, {".png"}, "profile plot");
  const std::size_t n = link.d_m.size();
  const double d = link.d_m.back();
  const double a = link.z_m.front() + link.h_tx_m, b = link.z_m.back() + link.h_rx_m;
  // Everything drawn, in the frame of the straight chord between the ends: the earth bulges up.
  std::vector<double> ground(n), sea(n), ray(n), f1(n);
  double lo = std::min({a, b}), hi = std::max({a, b});
  for (std::size_t i = 0; i < n; ++i) {
    const double d1 = link.d_m[i], d2 = d - d1;
    sea[i] = earth_bulge_m(d1, d2, link.k_factor);
    ground[i] = link.z_m[i] + sea[i];
    ray[i] = a + (b - a) * d1 / d;
    f1[i] = d1 > 0 && d2 > 0 ? fresnel_radius_m(d1, d2, link.freq_Hz) : 0.0;
    lo = std::min({lo, ground[i], ray[i] - f1[i]});
    hi = std::max({hi, ground[i], ray[i] + f1[i]});
  }
  lo = std::min(lo, 0.0);
  const double pad = std::max(5.0, 0.08 * (hi - lo));
  lo -= pad;
  hi += pad;

  const int width = 1100;
  const double left = 80, right = 30, top = 78, plot_h = 420;
  const int height = static_cast<int>(top + plot_h + 60 + 20 * notes.size() + 20);
  const double plot_w = width - left - right;
  const auto X = [&](double dist) { return left + dist / d * plot_w; };
  const auto Y = [&](double z) { return top + (hi - z) / (hi - lo) * plot_h; };

  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
                     cairo_surface_destroy);
  ContextPtr ctx(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = ctx.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  cairo_save(cr);
  cairo_rectangle(cr, left, top, plot_w, plot_h);
  cairo_clip(cr);
  // The first Fresnel zone around the direct ray, shaded.
  cairo_new_path(cr);
  for (std::size_t i = 0; i < n; ++i) cairo_line_to(cr, X(link.d_m[i]), Y(ray[i] + f1[i]));
  for (std::size_t i = n; i-- > 0;) cairo_line_to(cr, X(link.d_m[i]), Y(ray[i] - f1[i]));
  cairo_close_path(cr);
  cairo_set_source_rgba(cr, 0.2, 0.45, 0.85, 0.22);
  cairo_fill_preserve(cr);
  cairo_set_source_rgba(cr, 0.2, 0.45, 0.85, 0.8);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  // The ground over the curved earth, filled down to the bottom.
  cairo_new_path(cr);
  cairo_move_to(cr, X(0), Y(lo));
  for (std::size_t i = 0; i < n; ++i) cairo_line_to(cr, X(link.d_m[i]), Y(ground[i]));
  cairo_line_to(cr, X(d), Y(lo));
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0.62, 0.52, 0.36);
  cairo_fill(cr);
  // Sea level over the curved earth (the bulge alone).
  cairo_new_path(cr);
  for (std::size_t i = 0; i < n; ++i) cairo_line_to(cr, X(link.d_m[i]), Y(sea[i]));
  cairo_set_source_rgb(cr, 0.15, 0.35, 0.7);
  cairo_set_line_width(cr, 1.2);
  const double dash[] = {6.0, 4.0};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  // The direct ray and the antennas.
  cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
  cairo_set_line_width(cr, 1.8);
  cairo_move_to(cr, X(0), Y(a));
  cairo_line_to(cr, X(d), Y(b));
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_line_width(cr, 3.0);
  cairo_move_to(cr, X(0) + 2, Y(ground[0]));
  cairo_line_to(cr, X(0) + 2, Y(a));
  cairo_move_to(cr, X(d) - 2, Y(ground[n - 1]));
  cairo_line_to(cr, X(d) - 2, Y(b));
  cairo_stroke(cr);
  cairo_restore(cr);

  // Frame and axes.
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, left - 0.5, top - 0.5, plot_w + 1, plot_h + 1);
  cairo_stroke(cr);
  const double xs = nice_step(d / 1000.0, 10);
  for (double t = 0; t <= d / 1000.0 + 1e-9; t += xs) {
    cairo_move_to(cr, X(t * 1000), top + plot_h);
    cairo_line_to(cr, X(t * 1000), top + plot_h + 5);
    cairo_stroke(cr);
    text(cr, X(t * 1000), top + plot_h + 20, fmt::format("{:g}", t), 12, 0.5);
  }
  const double ys = nice_step(hi - lo, 8);
  for (double t = std::ceil(lo / ys) * ys; t <= hi; t += ys) {
    cairo_move_to(cr, left, Y(t));
    cairo_line_to(cr, left - 5, Y(t));
    cairo_stroke(cr);
    text(cr, left - 8, Y(t) + 4, fmt::format("{:g}", std::abs(t) < ys * 1e-9 ? 0.0 : t), 12, 1);
  }
  text(cr, left + plot_w / 2, top + plot_h + 42, "Distance from the transmitter [km]", 13, 0.5);
  cairo_save(cr);
  cairo_translate(cr, 22, top + plot_h / 2);
  cairo_rotate(cr, -M_PI / 2);
  text(cr, 0, 0, "Height [m] (earth curvature as a bulge)", 13, 0.5);
  cairo_restore(cr);
  text(cr, left, 30, title, 20, 0, true);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  text(cr, left, 54, subtitle, 14);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  for (std::size_t i = 0; i < notes.size(); ++i)
    text(cr, left, top + plot_h + 70 + 20.0 * static_cast<double>(i), notes[i], 13);
  cairo_surface_flush(surface.get());
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError(std::string("cairo drawing failed: ") +
                       cairo_status_to_string(cairo_status(cr)));

  TempOutput out(final_path);
  const cairo_status_t st = cairo_surface_write_to_png(surface.get(), out.temp().c_str());
  if (st != CAIRO_STATUS_SUCCESS)
    throw_input_error({}, "profile plot", "'" + path + "' (" + cairo_status_to_string(st) + ")",
                      "a path that can be written");
  out.commit();
}

}  // namespace akichi::viz

// PNG map of a layer through cairo: field, overlays, axes, colour bar or legend, scale bar,
// north arrow, title and footer; under the field a hillshade or basemap, over it building
// outlines, a graticule and the stations by role. Text through Pango (viz/text.h).
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <numbers>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "base/errors.h"
#include "viz/colormap.h"
#include "viz/map.h"
#include "viz/map_context.h"
#include "viz/map_internal.h"
#include "viz/output_file.h"
#include "viz/text.h"

namespace akichi::viz {
namespace {

constexpr double kPad = 20.0;
constexpr double kTitleSize = 22.0;
constexpr double kSubtitleSize = 15.0;
constexpr double kTickSize = 13.0;
constexpr double kCaptionSize = 14.0;
constexpr double kFooterSize = 12.0;
constexpr double kStationLabelSize = 13.0;
constexpr double kBarWidth = 22.0;
constexpr double kLegendRow = 26.0;
constexpr Rgb kNoDataColour{217 / 255.0, 217 / 255.0, 217 / 255.0};  // #d9d9d9
constexpr Rgb kInk{0.1, 0.1, 0.1};
constexpr Rgb kGreyInk{0.35, 0.35, 0.35};
constexpr int kCairoMaxSide = 32767;
// Opacity of a mask's inside, and of the whole field over a basemap.
constexpr double kMaskAlpha = 0.35;
constexpr double kOverBasemapAlpha = 0.6;
// Ground of clear cells under a hillshade: a light grey, so that slopes facing the light show.
constexpr Rgb kReliefGround{0.88, 0.88, 0.88};

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void set_colour(cairo_t* cr, const Rgb& c, double alpha = 1.0) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

// Dark text with a white halo, readable over any colour of the field.
void draw_halo_text(cairo_t* cr, double x, double y, const std::string& s, double align = 0.0) {
  cairo_move_to(cr, x - align * text_width(cr, s), y);
  text_path(cr, s);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width(cr, 3.5);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_stroke_preserve(cr);
  set_colour(cr, kInk);
  cairo_fill(cr);
}

// Text rotated by -90 degrees (reading upwards), baseline vertical at x, centred on y.
void draw_vertical_text(cairo_t* cr, double x, double y, const std::string& s) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rotate(cr, -std::numbers::pi / 2);
  draw_text(cr, 0, 0, s, 0.5);
  cairo_restore(cr);
}

// Step of about span/target, rounded to 1, 2, 2.5 or 5 times a power of ten.
double nice_step(double span, double target) {
  const double raw = span / std::max(target, 1.0);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0})
    if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10.0 * mag;
}

// Largest 1-2-5 times a power of ten not above v (v > 0).
double nice_floor(double v) {
  const double mag = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {5.0, 2.0, 1.0})
    if (m * mag <= v * (1 + 1e-9)) return m * mag;
  return mag;
}

std::vector<double> ticks(double lo, double hi, double step) {
  std::vector<double> out;
  const double first = std::ceil(lo / step - 1e-9);
  for (int k = 0;; ++k) {
    const double v = (first + k) * step;
    if (v > hi + step * 1e-9) break;
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return out;
}

int decimals_for(double step) {
  int d = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  if (std::abs(mantissa - 2.5) < 1e-6) ++d;
  return d;
}

// Number with a typographic minus sign.
std::string format_number(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.size() > 1 && s[0] == '-') {
    if (s.find_first_not_of("-0.") == std::string::npos) return s.substr(1);  // "-0.0"
    return "\u2212" + s.substr(1);
  }
  return s;
}

std::string format_distance(double m) {
  if (m >= 1000.0) return fmt::format("{:g} km", m / 1000.0);
  return fmt::format("{:g} m", m);
}

struct LegendEntry {
  Rgb colour;
  std::string label;
};

struct Layout {
  PngGeometry geo{};
  double map_w = 0, map_h = 0;
  std::string title, subtitle, caption, footer;
  double title_baseline = 0, subtitle_baseline = 0;
  double side_x = 0;  // left of the colour bar or legend
  double content_h = 0;
  bool has_nodata = false;
  // Continuous layers
  ValueRange range{0, 1};
  bool extend_low = false, extend_high = false;
  double bar_top = 0, bar_bottom = 0;
  std::vector<double> bar_ticks;
  int bar_decimals = 0;
  double caption_x = 0;
  // Categorical layers
  std::vector<LegendEntry> legend;
};

/// The colour bar (continuous layers) or the legend (categorical ones) beside a content area of
/// height max(L.map_h, its own need) whose top is L.geo.map_top_px, at L.side_x; returns its
/// width. Needs L.has_nodata and L.caption.
double layout_side(cairo_t* cr, const MapLayer& layer, const RenderOptions& options, Layout& L) {
  double side_w = 0;
  if (layer.categorical) {
    std::size_t n = layer.category_labels.size();
    if (n == 0) {
      for (const float v : layer.values)
        if (!std::isnan(v)) n = std::max(n, static_cast<std::size_t>(v) + 1);
    }
    for (std::size_t i = 0; i < n; ++i) {
      Rgb c = category_colour(i);
      if (layer.mask) {
        // A mask's inside as drawn over white (semi-transparent), its outside clear.
        const Rgb in = category_colour(1);
        c = i == 0 ? Rgb{1, 1, 1}
                   : Rgb{1 - kMaskAlpha * (1 - in.r), 1 - kMaskAlpha * (1 - in.g),
                         1 - kMaskAlpha * (1 - in.b)};
      }
      L.legend.push_back(
          {c, i < layer.category_labels.size() ? layer.category_labels[i] : std::to_string(i)});
    }
    if (!layer.clear_label.empty()) L.legend.push_back({Rgb{1, 1, 1}, layer.clear_label});
    if (L.has_nodata) L.legend.push_back({kNoDataColour, "no data"});
    set_font(cr, kCaptionSize, true);
    side_w = text_width(cr, L.caption);
    set_font(cr, kTickSize);
    for (const auto& e : L.legend) side_w = std::max(side_w, 28 + text_width(cr, e.label));
    L.content_h = std::max(L.map_h, 30 + kLegendRow * static_cast<double>(L.legend.size()));
  } else {
    if (!has_colormap(options.colormap))
      (void)colormap(options.colormap, 0.0);  // throws the InputError naming the known maps
    L.range = value_range(layer, options);
    for (const float v : layer.values) {
      if (std::isnan(v)) continue;
      L.extend_low = L.extend_low || v < L.range.vmin;
      L.extend_high = L.extend_high || v > L.range.vmax;
    }
    L.content_h = std::max(L.map_h, 280.0);
    const double tri = kBarWidth * 0.9;
    L.bar_top = L.geo.map_top_px + (L.extend_high ? tri : 0.0);
    L.bar_bottom =
        L.geo.map_top_px + L.content_h - (L.has_nodata ? 36.0 : 0.0) - (L.extend_low ? tri : 0.0);
    const double bar_h = L.bar_bottom - L.bar_top;
    const double step = nice_step(L.range.vmax - L.range.vmin, std::clamp(bar_h / 55.0, 2.0, 10.0));
    L.bar_ticks = ticks(L.range.vmin, L.range.vmax, step);
    L.bar_decimals = decimals_for(step);
    set_font(cr, kTickSize);
    double label_w = 0;
    for (const double t : L.bar_ticks)
      label_w = std::max(label_w, text_width(cr, format_number(t, L.bar_decimals)));
    if (L.has_nodata) label_w = std::max(label_w, text_width(cr, "no data") - 8);
    set_font(cr, kCaptionSize);
    const FontMetrics fe = font_metrics(cr);
    L.caption_x = L.side_x + kBarWidth + 9 + label_w + 12 + fe.ascent;
    side_w = L.caption_x + fe.descent - L.side_x;
  }

  return side_w;
}

Layout make_layout(cairo_t* cr, const MapLayer& layer, const MapOverlay& overlay,
                   const RenderOptions& options) {
  Layout L;
  const double s = pixels_per_cell(layer, options);
  L.geo.px_per_cell = s;
  L.map_w = layer.nx * s;
  L.map_h = layer.ny * s;
  L.title = !overlay.title.empty()     ? overlay.title
            : !layer.long_name.empty() ? layer.long_name
                                       : layer.name;
  L.subtitle = overlay.subtitle;
  const std::string what = layer.long_name.empty() ? layer.name : layer.long_name;
  L.caption = layer.units.empty()
                  ? what
                  : (what.empty() ? "[" + layer.units + "]" : what + " [" + layer.units + "]");

  L.title_baseline = kPad + 20;
  L.subtitle_baseline = L.title_baseline + 24;
  L.geo.map_top_px = std::round((L.subtitle.empty() ? L.title_baseline : L.subtitle_baseline) + 24);
  L.geo.map_left_px = kPad + 48;
  L.side_x = std::round(L.geo.map_left_px + L.map_w + 32);

  for (const float v : layer.values) {
    if (std::isnan(v)) L.has_nodata = true;
  }
  const double side_w = layout_side(cr, layer, options, L);

  const double map_bottom = L.geo.map_top_px + L.map_h;
  const double bottom = std::max(map_bottom + 66, L.geo.map_top_px + L.content_h + 12);
  L.geo.width_px = static_cast<int>(std::ceil(L.side_x + side_w + kPad));
  set_font(cr, kTitleSize, true);
  L.geo.width_px =
      std::max(L.geo.width_px,
               static_cast<int>(std::ceil(L.geo.map_left_px + text_width(cr, L.title) + kPad)));
  L.geo.height_px = static_cast<int>(std::ceil(bottom + kPad));

  std::string crs = crs_display_name(layer.crs_wkt);
  L.footer = (crs.empty() ? std::string() : crs + "  \u00b7  ") +
             fmt::format("cell {}  \u00b7  {} \u00d7 {} cells", format_distance(layer.cell_m),
                         layer.nx, layer.ny);
  return L;
}

/// Paints a north-up image of w x h pixels over the whole map area.
void paint_over_map(cairo_t* cr, cairo_surface_t* img, int w, int h, const Layout& L,
                    cairo_filter_t filter, double alpha = 1.0) {
  cairo_save(cr);
  cairo_rectangle(cr, L.geo.map_left_px, L.geo.map_top_px, L.map_w, L.map_h);
  cairo_clip(cr);
  cairo_translate(cr, L.geo.map_left_px, L.geo.map_top_px);
  cairo_scale(cr, L.map_w / w, L.map_h / h);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), filter);
  cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
  if (alpha < 1.0)
    cairo_paint_with_alpha(cr, alpha);
  else
    cairo_paint(cr);
  cairo_restore(cr);
}

SurfacePtr image_surface(cairo_format_t format, int w, int h) {
  SurfacePtr img(cairo_image_surface_create(format, w, h), cairo_surface_destroy);
  if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError("cairo cannot create a " + std::to_string(w) + " x " + std::to_string(h) +
                       " image");
  cairo_surface_flush(img.get());
  return img;
}

std::uint32_t byte_of(double c) {
  return static_cast<std::uint32_t>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0));
}

/// The ground under the field: a basemap image, the light ground of a hillshade, or white.
void draw_ground(cairo_t* cr, const MapOverlay& overlay, const Layout& L) {
  if (overlay.backdrop && !overlay.backdrop->relief) {
    const Backdrop& b = *overlay.backdrop;
    SurfacePtr img = image_surface(CAIRO_FORMAT_RGB24, b.width, b.height);
    unsigned char* data = cairo_image_surface_get_data(img.get());
    const int stride = cairo_image_surface_get_stride(img.get());
    for (int r = 0; r < b.height; ++r) {
      auto* px = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(r) * stride);
      for (int c = 0; c < b.width; ++c) {
        const std::uint8_t* p = b.rgb.data() + (static_cast<std::size_t>(r) * b.width + c) * 3;
        px[c] = 0xff000000u | (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
      }
    }
    cairo_surface_mark_dirty(img.get());
    paint_over_map(cr, img.get(), b.width, b.height, L, CAIRO_FILTER_GOOD);
    return;
  }
  if (overlay.backdrop)
    set_colour(cr, kReliefGround);
  else
    cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, L.geo.map_left_px, L.geo.map_top_px, L.map_w, L.map_h);
  cairo_fill(cr);
}

/// The hillshade blended into everything drawn in the map area with the soft-light operator
/// (W3C Compositing and Blending Level 1, §10.1.8): grey 0.5 leaves the colours as they are,
/// lighter greys lighten, darker ones darken. The hillshade is shifted so that flat ground maps
/// to 0.5: a flat terrain leaves the map unchanged and uniform.
void blend_relief(cairo_t* cr, const Backdrop& b, const Layout& L) {
  SurfacePtr img = image_surface(CAIRO_FORMAT_RGB24, b.width, b.height);
  unsigned char* data = cairo_image_surface_get_data(img.get());
  const int stride = cairo_image_surface_get_stride(img.get());
  const double flat = flat_hillshade();
  for (int r = 0; r < b.height; ++r) {
    auto* px = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(r) * stride);
    for (int c = 0; c < b.width; ++c) {
      const double shade = b.rgb[(static_cast<std::size_t>(r) * b.width + c) * 3];
      const std::uint32_t g = byte_of(0.5 + (shade - flat) / 255.0);
      px[c] = 0xff000000u | (g << 16) | (g << 8) | g;
    }
  }
  cairo_surface_mark_dirty(img.get());
  cairo_save(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_SOFT_LIGHT);
  paint_over_map(cr, img.get(), b.width, b.height, L, CAIRO_FILTER_GOOD);
  cairo_restore(cr);
}

/// Closed rings in the study CRS as one cairo path.
void rings_path(cairo_t* cr, const std::vector<std::vector<std::pair<double, double>>>& rings,
                const MapLayer& layer, const Layout& L) {
  cairo_new_path(cr);
  for (const auto& ring : rings) {
    if (ring.size() < 2) continue;
    cairo_new_sub_path(cr);
    for (const auto& [x, y] : ring) {
      const auto [px, py] = L.geo.to_pixel(x, y, layer);
      cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
  }
}

/// The field's cells (nearest neighbour): no-data cells light grey; clear cells (layer.clear,
/// a mask's outside) not drawn; a mask's inside semi-transparent with its boundary outlined;
/// everything at 60 % over a basemap.
void draw_field(cairo_t* cr, const MapLayer& layer, const MapOverlay& overlay,
                const RenderOptions& options, const Layout& L) {
  SurfacePtr img = image_surface(CAIRO_FORMAT_ARGB32, layer.nx, layer.ny);
  unsigned char* data = cairo_image_surface_get_data(img.get());
  const int stride = cairo_image_surface_get_stride(img.get());
  const double span = L.range.vmax - L.range.vmin;
  const bool clears = layer.clear.size() == layer.values.size();
  for (int r = 0; r < layer.ny; ++r) {
    const int iy = layer.ny - 1 - r;  // image row 0 is the northern row
    auto* px = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(r) * stride);
    const std::size_t row0 = static_cast<std::size_t>(iy) * layer.nx;
    for (int ix = 0; ix < layer.nx; ++ix) {
      const float v = layer.values[row0 + ix];
      px[ix] = 0;  // transparent
      if (clears && layer.clear[row0 + ix] != 0) continue;
      if (layer.mask && v == 0.0f) continue;
      Rgb c;
      double alpha = 1.0;
      if (std::isnan(v)) {
        c = kNoDataColour;
      } else if (layer.categorical) {
        c = category_colour(static_cast<std::size_t>(v));
        if (layer.mask) alpha = kMaskAlpha;
      } else {
        c = colormap(options.colormap, (v - L.range.vmin) / span);
      }
      // Cairo's ARGB32 is premultiplied.
      px[ix] = (byte_of(alpha) << 24) | (byte_of(c.r * alpha) << 16) | (byte_of(c.g * alpha) << 8) |
               byte_of(c.b * alpha);
    }
  }
  cairo_surface_mark_dirty(img.get());
  const bool basemap = overlay.backdrop && !overlay.backdrop->relief;
  paint_over_map(cr, img.get(), layer.nx, layer.ny, L, CAIRO_FILTER_NEAREST,
                 basemap ? kOverBasemapAlpha : 1.0);
}

/// The boundary of a mask's inside, in the inside's colour.
void draw_mask_outline(cairo_t* cr, const MapLayer& layer, const Layout& L) {
  const auto rings = category_outlines(layer, 1.0f);
  if (rings.empty()) return;
  cairo_save(cr);
  cairo_rectangle(cr, L.geo.map_left_px, L.geo.map_top_px, L.map_w, L.map_h);
  cairo_clip(cr);
  rings_path(cr, rings, layer, L);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width(cr, 2.0);
  set_colour(cr, category_colour(1));
  cairo_stroke(cr);
  cairo_restore(cr);
}

/// Building footprints: thin dark outlines.
void draw_buildings(cairo_t* cr, const MapLayer& layer, const MapOverlay& overlay,
                    const Layout& L) {
  if (overlay.buildings.empty()) return;
  cairo_save(cr);
  cairo_rectangle(cr, L.geo.map_left_px, L.geo.map_top_px, L.map_w, L.map_h);
  cairo_clip(cr);
  rings_path(cr, overlay.buildings, layer, L);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width(cr, 0.8);
  cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.85);
  cairo_stroke(cr);
  cairo_restore(cr);
}

/// Meridians and parallels through the map's CRS, labelled inside the frame: longitudes along
/// the top, latitudes along the left.
void draw_graticule(cairo_t* cr, const MapLayer& layer, const Layout& L) {
  const std::vector<GraticuleLine> lines = graticule(layer);
  if (lines.empty()) return;
  const double left = L.geo.map_left_px, top = L.geo.map_top_px;
  const double right = left + L.map_w, bottom = top + L.map_h;
  cairo_save(cr);
  cairo_rectangle(cr, left, top, L.map_w, L.map_h);
  cairo_clip(cr);
  cairo_set_line_width(cr, 1.0);
  cairo_set_source_rgba(cr, 0.1, 0.1, 0.1, 0.65);
  for (const GraticuleLine& g : lines) {
    cairo_new_path(cr);
    for (const auto& [x, y] : g.xy_m) {
      const auto [px, py] = L.geo.to_pixel(x, y, layer);
      cairo_line_to(cr, px, py);
    }
    cairo_stroke(cr);
  }
  set_font(cr, 11.0);
  for (const GraticuleLine& g : lines) {
    // Where the line crosses the top edge (meridians) or the left edge (parallels).
    std::optional<std::pair<double, double>> at;
    for (std::size_t i = 1; i < g.xy_m.size() && !at; ++i) {
      const auto [ax, ay] = L.geo.to_pixel(g.xy_m[i - 1].first, g.xy_m[i - 1].second, layer);
      const auto [bx, by] = L.geo.to_pixel(g.xy_m[i].first, g.xy_m[i].second, layer);
      const double edge = g.meridian ? top : left;
      const double a = g.meridian ? ay : ax, b = g.meridian ? by : bx;
      if ((a - edge) * (b - edge) > 0 || a == b) continue;
      const double f = (edge - a) / (b - a);
      at = std::pair{ax + f * (bx - ax), ay + f * (by - ay)};
    }
    if (!at) continue;
    const double w = text_width(cr, g.label);
    if (g.meridian) {
      // Not under the north arrow (top right) nor past the frame.
      if (at->first + 4 + w > right - 52 || at->first < left) continue;
      draw_halo_text(cr, at->first + 3, top + 13, g.label);
    } else {
      // Not over the scale bar (bottom left).
      if (at->second > bottom - 56 || at->second < top + 14) continue;
      draw_halo_text(cr, left + 4, at->second - 3, g.label);
    }
  }
  cairo_restore(cr);
}

constexpr double kAzimuthLine = 26.0;  // length of a directional station's azimuth line [px]

Rgb role_colour(StationRole role) {
  switch (role) {
    case StationRole::planned:
      return {0, 0, 0};
    case StationRole::protected_receiver:
      return {0.80, 0.10, 0.10};
    case StationRole::incumbent_transmitter:
      return {0.85, 0.45, 0.0};
    case StationRole::earth_station:
      return {0.10, 0.30, 0.80};
    case StationRole::database_local5g:
      return {0.45, 0.20, 0.60};
  }
  return {0, 0, 0};
}

/// The role's symbol centred on (px, py), in the role's colour with a white edge; its centre
/// pixel always in the role's colour. Planned station: triangle (as the markers of `stations`);
/// protected receiver: ring with a centre dot; incumbent transmitter: square; earth station:
/// diamond; database local 5G station: circle.
void draw_symbol(cairo_t* cr, StationRole role, double px, double py, double size = 1.0) {
  const Rgb c = role_colour(role);
  cairo_new_path(cr);
  switch (role) {
    case StationRole::planned: {
      const double h = 17.0 * size, half_w = 9.5 * size;
      cairo_move_to(cr, px, py - 2 * h / 3);
      cairo_line_to(cr, px - half_w, py + h / 3);
      cairo_line_to(cr, px + half_w, py + h / 3);
      cairo_close_path(cr);
      break;
    }
    case StationRole::protected_receiver: {
      cairo_arc(cr, px, py, 8.0 * size, 0, 2 * std::numbers::pi);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_fill_preserve(cr);
      cairo_set_line_width(cr, 3.0 * size);
      set_colour(cr, c);
      cairo_stroke(cr);
      cairo_arc(cr, px, py, 3.0 * size, 0, 2 * std::numbers::pi);
      cairo_fill(cr);
      cairo_arc(cr, px, py, 9.5 * size, 0, 2 * std::numbers::pi);
      cairo_set_line_width(cr, 1.0);
      cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
      cairo_stroke(cr);
      return;
    }
    case StationRole::incumbent_transmitter:
      cairo_rectangle(cr, px - 7.5 * size, py - 7.5 * size, 15 * size, 15 * size);
      break;
    case StationRole::earth_station:
      cairo_move_to(cr, px, py - 10 * size);
      cairo_line_to(cr, px + 9 * size, py);
      cairo_line_to(cr, px, py + 10 * size);
      cairo_line_to(cr, px - 9 * size, py);
      cairo_close_path(cr);
      break;
    case StationRole::database_local5g:
      cairo_arc(cr, px, py, 7.5 * size, 0, 2 * std::numbers::pi);
      break;
  }
  set_colour(cr, c);
  cairo_fill_preserve(cr);
  cairo_set_line_width(cr, 1.6);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_stroke(cr);
}

void draw_overlays(cairo_t* cr, const MapLayer& layer, const MapOverlay& overlay, const Layout& L) {
  cairo_save(cr);
  cairo_rectangle(cr, L.geo.map_left_px, L.geo.map_top_px, L.map_w, L.map_h);
  cairo_clip(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);

  // Outlines: black over a white casing.
  for (const auto& ring : overlay.outlines) {
    if (ring.size() < 2) continue;
    cairo_new_path(cr);
    for (const auto& [x, y] : ring) {
      const auto [px, py] = L.geo.to_pixel(x, y, layer);
      cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
    cairo_set_line_width(cr, 5.0);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_stroke_preserve(cr);
    cairo_set_line_width(cr, 2.2);
    set_colour(cr, kInk);
    cairo_stroke(cr);
  }

  // Labels (municipality names): centred on their point (Pango finds a font for Japanese).
  set_font(cr, kStationLabelSize + 1.0, true);
  for (const auto& lb : overlay.labels) {
    if (lb.label.empty()) continue;
    const auto [px, py] = L.geo.to_pixel(lb.x_m, lb.y_m, layer);
    draw_halo_text(cr, px, py + 5, lb.label, 0.5);
  }

  // Stations: black triangle (centroid on the station) with a white edge, label beside it.
  const double h = 17.0, half_w = 9.5;
  const double map_right = L.geo.map_left_px + L.map_w;
  set_font(cr, kStationLabelSize, true);
  for (const auto& st : overlay.stations) {
    const auto [px, py] = L.geo.to_pixel(st.x_m, st.y_m, layer);
    cairo_new_path(cr);
    cairo_move_to(cr, px, py - 2 * h / 3);
    cairo_line_to(cr, px - half_w, py + h / 3);
    cairo_line_to(cr, px + half_w, py + h / 3);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 1.6);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_stroke(cr);
    if (st.label.empty()) continue;
    const double w = text_width(cr, st.label);
    if (px + 12 + w > map_right - 4)
      draw_halo_text(cr, px - 12, py + 5, st.label, 1.0);
    else
      draw_halo_text(cr, px + 12, py + 5, st.label, 0.0);
  }

  // Stations by role: the azimuth line under the symbol, the label beside it.
  for (const auto& st : overlay.sites) {
    const auto [px, py] = L.geo.to_pixel(st.x_m, st.y_m, layer);
    if (std::isfinite(st.azimuth_deg)) {
      const double a = st.azimuth_deg * std::numbers::pi / 180.0;
      const double ex = px + kAzimuthLine * std::sin(a), ey = py - kAzimuthLine * std::cos(a);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to(cr, px, py);
      cairo_line_to(cr, ex, ey);
      cairo_set_line_width(cr, 4.5);
      cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
      cairo_stroke_preserve(cr);
      cairo_set_line_width(cr, 2.2);
      set_colour(cr, role_colour(st.role));
      cairo_stroke(cr);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    }
    draw_symbol(cr, st.role, px, py);
  }
  for (const auto& st : overlay.sites) {
    if (st.label.empty()) continue;
    const auto [px, py] = L.geo.to_pixel(st.x_m, st.y_m, layer);
    const double w = text_width(cr, st.label);
    if (px + 12 + w > map_right - 4)
      draw_halo_text(cr, px - 12, py + 5, st.label, 1.0);
    else
      draw_halo_text(cr, px + 12, py + 5, st.label, 0.0);
  }
  cairo_restore(cr);
}

/// A white card in the lower right of the map with one entry for each role present.
void draw_station_legend(cairo_t* cr, const MapOverlay& overlay, const Layout& L) {
  std::vector<StationRole> roles;
  for (const auto& st : overlay.sites)
    if (std::find(roles.begin(), roles.end(), st.role) == roles.end()) roles.push_back(st.role);
  if (roles.empty()) return;
  std::sort(roles.begin(), roles.end());
  set_font(cr, 12.0);
  double w = 0;
  for (const StationRole r : roles) w = std::max(w, text_width(cr, station_role_name(r)));
  const double row = 22, box_w = w + 40, box_h = row * static_cast<double>(roles.size()) + 8;
  const double x = L.geo.map_left_px + L.map_w - 12 - box_w;
  const double y = L.geo.map_top_px + L.map_h - 12 - box_h;
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, x, y, box_w, box_h);
  cairo_fill(cr);
  const double digit_h = digit_height(cr);
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const double cy = y + 4 + row * (static_cast<double>(i) + 0.5);
    draw_symbol(cr, roles[i], x + 15, cy, 0.8);
    set_colour(cr, kInk);
    draw_text(cr, x + 30, cy + digit_h / 2, station_role_name(roles[i]));
  }
}

void draw_frame_and_axes(cairo_t* cr, const MapLayer& layer, const Layout& L) {
  const double left = L.geo.map_left_px, top = L.geo.map_top_px;
  const double right = left + L.map_w, bottom = top + L.map_h;
  set_colour(cr, kInk);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, left - 0.5, top - 0.5, L.map_w + 1.0, L.map_h + 1.0);
  cairo_stroke(cr);

  set_font(cr, kTickSize);
  const double digit_h = digit_height(cr);
  // Eastings along the bottom, northings (rotated) along the left, in km.
  const double x_lo = layer.x0_m / 1000, x_hi = (layer.x0_m + layer.nx * layer.cell_m) / 1000;
  const double x_step = nice_step(x_hi - x_lo, std::max(2.0, L.map_w / 140.0));
  const int x_dec = decimals_for(x_step);
  for (const double t : ticks(x_lo, x_hi, x_step)) {
    const double px = left + (t - x_lo) / (x_hi - x_lo) * L.map_w;
    cairo_move_to(cr, px, bottom);
    cairo_line_to(cr, px, bottom + 5);
    cairo_stroke(cr);
    const std::string s = format_number(t, x_dec);
    const double w = text_width(cr, s);
    if (px - w / 2 < left - 12 || px + w / 2 > right + 12) continue;
    draw_text(cr, px, bottom + 9 + digit_h, s, 0.5);
  }
  const double y_lo = layer.y0_m / 1000, y_hi = (layer.y0_m + layer.ny * layer.cell_m) / 1000;
  const double y_step = nice_step(y_hi - y_lo, std::max(2.0, L.map_h / 120.0));
  const int y_dec = decimals_for(y_step);
  for (const double t : ticks(y_lo, y_hi, y_step)) {
    const double py = bottom - (t - y_lo) / (y_hi - y_lo) * L.map_h;
    cairo_move_to(cr, left, py);
    cairo_line_to(cr, left - 5, py);
    cairo_stroke(cr);
    const std::string s = format_number(t, y_dec);
    const double w = text_width(cr, s);
    if (py - w / 2 < top - 4 || py + w / 2 > bottom + 12) continue;
    draw_vertical_text(cr, left - 9, py, s);
  }
  set_font(cr, kCaptionSize);
  set_colour(cr, kGreyInk);
  draw_text(cr, left + L.map_w / 2, bottom + 44, "Easting [km]", 0.5);
  draw_vertical_text(cr, left - 33, top + L.map_h / 2, "Northing [km]");
}

void draw_scale_bar(cairo_t* cr, const MapLayer& layer, const Layout& L) {
  const double s = L.geo.px_per_cell;
  const double metres = nice_floor(0.22 * L.map_w / s * layer.cell_m);
  const double len = metres / layer.cell_m * s;
  set_font(cr, 12.0, true);
  const std::string label = format_distance(metres);
  const double lw = text_width(cr, label);
  const double x = L.geo.map_left_px + 12, bottom = L.geo.map_top_px + L.map_h - 12;
  const double box_w = len + 20 + lw / 2 + 6, box_h = 36;
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, x, bottom - box_h, box_w, box_h);
  cairo_fill(cr);
  const double bx = x + 10, by = bottom - 14;
  for (int k = 0; k < 4; ++k) {
    cairo_rectangle(cr, bx + k * len / 4, by, len / 4, 6);
    if (k % 2 == 0)
      cairo_set_source_rgb(cr, 0, 0, 0);
    else
      cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, bx, by, len, 6);
  cairo_stroke(cr);
  set_colour(cr, kInk);
  draw_text(cr, bx, by - 5, "0", 0.5);
  draw_text(cr, bx + len, by - 5, label, 0.5);
}

void draw_north_arrow(cairo_t* cr, const Layout& L) {
  const double w = 34, h = 54;
  const double x = L.geo.map_left_px + L.map_w - 12 - w, y = L.geo.map_top_px + 12;
  const double cx = x + w / 2;
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
  set_colour(cr, kInk);
  set_font(cr, 14.0, true);
  draw_text(cr, cx, y + 18, "N", 0.5);
  const double tip = y + 23, base = y + h - 6, notch = base - 7;
  cairo_set_line_width(cr, 1.2);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_move_to(cr, cx, tip);  // left half filled
  cairo_line_to(cr, cx - 9, base);
  cairo_line_to(cr, cx, notch);
  cairo_close_path(cr);
  cairo_fill_preserve(cr);
  cairo_stroke(cr);
  cairo_move_to(cr, cx, tip);  // right half open
  cairo_line_to(cr, cx + 9, base);
  cairo_line_to(cr, cx, notch);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  set_colour(cr, kInk);
  cairo_stroke(cr);
}

void draw_colour_bar(cairo_t* cr, const RenderOptions& options, const Layout& L) {
  const double x = L.side_x, top = L.bar_top, bottom = L.bar_bottom;
  const double h = bottom - top;
  const int rows = std::max(1, static_cast<int>(std::round(h)));
  for (int j = 0; j < rows; ++j) {
    const double t = 1.0 - (j + 0.5) / rows;
    set_colour(cr, colormap(options.colormap, t));
    cairo_rectangle(cr, x, top + j * h / rows, kBarWidth, h / rows + 0.6);
    cairo_fill(cr);
  }
  const double tri = kBarWidth * 0.9;
  if (L.extend_high) {
    cairo_move_to(cr, x, top);
    cairo_line_to(cr, x + kBarWidth / 2, top - tri);
    cairo_line_to(cr, x + kBarWidth, top);
    cairo_close_path(cr);
    set_colour(cr, colormap(options.colormap, 1.0));
    cairo_fill(cr);
  }
  if (L.extend_low) {
    cairo_move_to(cr, x, bottom);
    cairo_line_to(cr, x + kBarWidth / 2, bottom + tri);
    cairo_line_to(cr, x + kBarWidth, bottom);
    cairo_close_path(cr);
    set_colour(cr, colormap(options.colormap, 0.0));
    cairo_fill(cr);
  }
  // Outline of bar and end triangles.
  set_colour(cr, kInk);
  cairo_set_line_width(cr, 1.0);
  cairo_move_to(cr, x, top);
  if (L.extend_high) cairo_line_to(cr, x + kBarWidth / 2, top - tri);
  cairo_line_to(cr, x + kBarWidth, top);
  cairo_line_to(cr, x + kBarWidth, bottom);
  if (L.extend_low) cairo_line_to(cr, x + kBarWidth / 2, bottom + tri);
  cairo_line_to(cr, x, bottom);
  cairo_close_path(cr);
  cairo_stroke(cr);

  set_font(cr, kTickSize);
  const double digit_h = digit_height(cr);
  const double span = L.range.vmax - L.range.vmin;
  for (const double t : L.bar_ticks) {
    const double y = bottom - (t - L.range.vmin) / span * h;
    cairo_move_to(cr, x + kBarWidth, y);
    cairo_line_to(cr, x + kBarWidth + 5, y);
    cairo_stroke(cr);
    draw_text(cr, x + kBarWidth + 9, y + digit_h / 2, format_number(t, L.bar_decimals));
  }
  if (L.has_nodata) {
    const double y = L.geo.map_top_px + L.content_h - 18;
    set_colour(cr, kNoDataColour);
    cairo_rectangle(cr, x, y, kBarWidth, 18);
    cairo_fill_preserve(cr);
    set_colour(cr, kInk);
    cairo_stroke(cr);
    draw_text(cr, x + kBarWidth + 9, y + 9 + digit_h / 2, "no data");
  }
  set_font(cr, kCaptionSize);
  draw_vertical_text(cr, L.caption_x, (top + bottom) / 2, L.caption);
}

void draw_legend(cairo_t* cr, const Layout& L) {
  const double x = L.side_x;
  double y = L.geo.map_top_px;
  set_colour(cr, kInk);
  set_font(cr, kCaptionSize, true);
  draw_text(cr, x, y + 12, L.caption);
  y += 26;
  set_font(cr, kTickSize);
  const double digit_h = digit_height(cr);
  cairo_set_line_width(cr, 1.0);
  for (const auto& e : L.legend) {
    set_colour(cr, e.colour);
    cairo_rectangle(cr, x + 0.5, y + 0.5, 18, 18);
    cairo_fill_preserve(cr);
    set_colour(cr, kInk);
    cairo_stroke(cr);
    draw_text(cr, x + 28, y + 9 + digit_h / 2, e.label);
    y += kLegendRow;
  }
}

void draw_titles(cairo_t* cr, const Layout& L) {
  set_colour(cr, kInk);
  set_font(cr, kTitleSize, true);
  draw_text(cr, L.geo.map_left_px, L.title_baseline, L.title);
  if (!L.subtitle.empty()) {
    set_colour(cr, kGreyInk);
    set_font(cr, kSubtitleSize);
    draw_text(cr, L.geo.map_left_px, L.subtitle_baseline, L.subtitle);
  }
  set_colour(cr, kGreyInk);
  set_font(cr, kFooterSize);
  draw_text(cr, L.geo.map_left_px, L.geo.height_px - kPad, L.footer);
}

}  // namespace

const char* station_role_name(StationRole role) {
  switch (role) {
    case StationRole::planned:
      return "planned station";
    case StationRole::protected_receiver:
      return "protected receiver";
    case StationRole::incumbent_transmitter:
      return "incumbent transmitter";
    case StationRole::earth_station:
      return "earth station";
    case StationRole::database_local5g:
      return "database local 5G station";
  }
  return "station";
}

std::vector<std::uint8_t> field_rgba(const MapLayer& layer, const RenderOptions& options) {
  validate_layer(layer);
  ValueRange range{0, 1};
  if (!layer.categorical) {
    if (!has_colormap(options.colormap))
      (void)colormap(options.colormap, 0.0);  // throws the InputError naming the known maps
    range = value_range(layer, options);
  }
  const double span = range.vmax - range.vmin;
  const auto byte = [](double c) {
    return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0));
  };
  std::vector<std::uint8_t> out(static_cast<std::size_t>(layer.nx) * layer.ny * 4, 0);
  for (int r = 0; r < layer.ny; ++r) {
    const int iy = layer.ny - 1 - r;  // image row 0 is the northern row
    const float* row = layer.values.data() + static_cast<std::size_t>(iy) * layer.nx;
    for (int ix = 0; ix < layer.nx; ++ix) {
      const float v = row[ix];
      if (std::isnan(v)) continue;  // transparent
      const Rgb c = layer.categorical ? category_colour(static_cast<std::size_t>(v))
                                      : colormap(options.colormap, (v - range.vmin) / span);
      std::uint8_t* px = out.data() + (static_cast<std::size_t>(r) * layer.nx + ix) * 4;
      px[0] = byte(c.r);
      px[1] = byte(c.g);
      px[2] = byte(c.b);
      px[3] = 255;
    }
  }
  return out;
}

std::vector<unsigned char> legend_png(const MapLayer& layer, const RenderOptions& options) {
  validate_layer(layer);
  Layout L;
  double side_w = 0;
  const auto place = [&](cairo_t* cr) {
    L = make_layout(cr, layer, MapOverlay{}, options);
    // The side panel alone: no map beside it, so the bar keeps its minimum height.
    L.map_h = 0;
    L.side_x = 14;
    L.geo.map_top_px = layer.categorical ? 14 : 24;
    L.legend.clear();
    side_w = layout_side(cr, layer, options, L);
  };
  {
    SurfacePtr probe(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1), cairo_surface_destroy);
    ContextPtr cr(cairo_create(probe.get()), cairo_destroy);
    place(cr.get());
  }
  const int width = static_cast<int>(std::ceil(L.side_x + side_w + 14));
  const int height = static_cast<int>(std::ceil(L.geo.map_top_px + L.content_h + 24));
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height),
                     cairo_surface_destroy);
  ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
  place(cr.get());
  cairo_set_source_rgba(cr.get(), 1, 1, 1, 0.88);  // a white card, readable over imagery
  cairo_paint(cr.get());
  if (layer.categorical)
    draw_legend(cr.get(), L);
  else
    draw_colour_bar(cr.get(), options, L);
  cairo_surface_flush(surface.get());
  std::vector<unsigned char> png;
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<unsigned char>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
  };
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream(surface.get(), append, &png) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError(std::string("cairo: drawing the legend failed: ") +
                       cairo_status_to_string(cairo_status(cr.get())));
  return png;
}

std::pair<double, double> PngGeometry::to_pixel(double x_m, double y_m,
                                                const MapLayer& layer) const {
  return {map_left_px + (x_m - layer.x0_m) / layer.cell_m * px_per_cell,
          map_top_px + (layer.ny - (y_m - layer.y0_m) / layer.cell_m) * px_per_cell};
}

PngGeometry png_geometry(const MapLayer& layer, const MapOverlay& overlay,
                         const RenderOptions& options) {
  validate_layer(layer);
  SurfacePtr probe(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1), cairo_surface_destroy);
  ContextPtr cr(cairo_create(probe.get()), cairo_destroy);
  return make_layout(cr.get(), layer, overlay, options).geo;
}

void render_png(const MapLayer& layer, const MapOverlay& overlay, const RenderOptions& options,
                const std::string& path) {
  validate_layer(layer);
  const auto final_path = check_output_path(path, {".png"}, "PNG output");
  Layout L;
  {
    SurfacePtr probe(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1), cairo_surface_destroy);
    ContextPtr cr(cairo_create(probe.get()), cairo_destroy);
    L = make_layout(cr.get(), layer, overlay, options);
  }
  if (L.geo.width_px > kCairoMaxSide || L.geo.height_px > kCairoMaxSide)
    throw_input_error({}, "scale",
                      fmt::format("{} px per cell, giving a {} x {} px image", L.geo.px_per_cell,
                                  L.geo.width_px, L.geo.height_px),
                      fmt::format("an image of at most {} px a side", kCairoMaxSide));

  SurfacePtr surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, L.geo.width_px, L.geo.height_px),
      cairo_surface_destroy);
  ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());

  draw_ground(cr.get(), overlay, L);
  draw_field(cr.get(), layer, overlay, options, L);
  if (overlay.backdrop && overlay.backdrop->relief) blend_relief(cr.get(), *overlay.backdrop, L);
  if (layer.mask) draw_mask_outline(cr.get(), layer, L);
  draw_buildings(cr.get(), layer, overlay, L);
  if (options.graticule) draw_graticule(cr.get(), layer, L);
  draw_overlays(cr.get(), layer, overlay, L);
  draw_frame_and_axes(cr.get(), layer, L);
  if (L.map_w >= 180 && L.map_h >= 140) {
    draw_scale_bar(cr.get(), layer, L);
    draw_north_arrow(cr.get(), L);
    draw_station_legend(cr.get(), overlay, L);
  }
  if (layer.categorical)
    draw_legend(cr.get(), L);
  else
    draw_colour_bar(cr.get(), options, L);
  draw_titles(cr.get(), L);
  cairo_surface_flush(surface.get());
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
    throw RuntimeError(std::string("cairo drawing failed: ") +
                       cairo_status_to_string(cairo_status(cr.get())));

  TempOutput out(final_path);
  const cairo_status_t st = cairo_surface_write_to_png(surface.get(), out.temp().c_str());
  if (st != CAIRO_STATUS_SUCCESS) {
    // A temporary that was created and then could not be written is a failure of the disk
    // (full, or past the file size limit): exit 1, like the results writer. One that could not
    // be created at all is the path's fault.
    std::error_code ec;
    if (std::filesystem::exists(out.temp(), ec)) {
      throw RuntimeError(fmt::format("PNG output '{}': writing {} failed ({})", path,
                                     out.temp().string(), cairo_status_to_string(st)));
    }
    throw_input_error({}, "PNG output", "'" + path + "' (" + cairo_status_to_string(st) + ")",
                      "a path that can be written");
  }
  out.commit();
}

}  // namespace akichi::viz

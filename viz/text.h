// Text on cairo surfaces through Pango: HarfBuzz shaping and fontconfig's font fallback, so that
// any Unicode text (Japanese scenario and station names, Greek units) is drawn with a font that
// has its glyphs. cairo's own "toy" text API, which this replaces, knows one font face and draws
// empty boxes for every character that face lacks.
//
// The font is a property of the cairo context (set_font() attaches it as user data), as it was
// with the toy API: the calls below draw and measure in the font last set on `cr`.
#pragma once

#include <cairo.h>

#include <string_view>

namespace akichi::viz {

/// The family asked for first; fontconfig supplies the glyphs it lacks from another installed
/// font (e.g. IPAGothic or Noto Sans CJK for Japanese).
inline constexpr const char* kFontFamily = "DejaVu Sans";

/// Sets the font of `cr`: `size_px` in user-space units (as cairo_set_font_size took), bold or not.
void set_font(cairo_t* cr, double size_px, bool bold = false);

/// Logical width (advance) of `s` in the current font.
double text_width(cairo_t* cr, std::string_view s);

/// Ink height of the digit "0": used to centre labels on tick marks.
double digit_height(cairo_t* cr);

/// Ascent and descent of the current font (above and below the baseline, both positive).
struct FontMetrics {
  double ascent = 0, descent = 0;
};
FontMetrics font_metrics(cairo_t* cr);

/// Draws `s` with its baseline's left end at cairo's current point (as cairo_show_text did).
void show_text(cairo_t* cr, std::string_view s);

/// Adds the outline of `s`, baseline-left at the current point, to the current path (as
/// cairo_text_path did), for halos and outlined text.
void text_path(cairo_t* cr, std::string_view s);

/// Text with its baseline at y; align 0 = left, 0.5 = centred, 1 = right.
void draw_text(cairo_t* cr, double x, double y, std::string_view s, double align = 0.0);

/// How many characters of `s` no installed font could draw (0 when every glyph is found).
int unknown_glyphs(cairo_t* cr, std::string_view s);

}  // namespace akichi::viz

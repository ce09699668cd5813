// Pango text on cairo. See the header.
#include "viz/text.h"

#include <pango/pangocairo.h>

#include <memory>

namespace akichi::viz {
namespace {

// The font of a context, kept as cairo user data so that it follows the context like the
// toy API's font did (cairo_save/cairo_restore do not touch it; set_font replaces it).
const cairo_user_data_key_t kFontKey{};

void free_font(void* p) {
  pango_font_description_free(static_cast<PangoFontDescription*>(p));
}

const PangoFontDescription* font_of(cairo_t* cr) {
  auto* d = static_cast<const PangoFontDescription*>(cairo_get_user_data(cr, &kFontKey));
  if (d == nullptr) {
    set_font(cr, 10.0);
    d = static_cast<const PangoFontDescription*>(cairo_get_user_data(cr, &kFontKey));
  }
  return d;
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

// A layout of `s` in the current font. Hint metrics are off so that widths scale with the size
// and do not depend on the device (the same text measures the same on PNG and PDF surfaces).
LayoutPtr layout(cairo_t* cr, std::string_view s) {
  LayoutPtr l(pango_cairo_create_layout(cr));
  PangoContext* pc = pango_layout_get_context(l.get());
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_layout_context_changed(l.get());
  pango_layout_set_font_description(l.get(), font_of(cr));
  pango_layout_set_text(l.get(), s.data(), static_cast<int>(s.size()));
  return l;
}

double baseline(PangoLayout* l) {
  return pango_layout_get_baseline(l) / static_cast<double>(PANGO_SCALE);
}

// Moves from the current point (the baseline's left end) to the layout's top-left corner.
void to_layout_origin(cairo_t* cr, PangoLayout* l) {
  double x = 0, y = 0;
  cairo_get_current_point(cr, &x, &y);
  cairo_move_to(cr, x, y - baseline(l));
}

}  // namespace

void set_font(cairo_t* cr, double size_px, bool bold) {
  PangoFontDescription* d = pango_font_description_new();
  pango_font_description_set_family(d, kFontFamily);
  pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(d, size_px * PANGO_SCALE);
  cairo_set_user_data(cr, &kFontKey, d, free_font);
}

double text_width(cairo_t* cr, std::string_view s) {
  PangoRectangle logical;
  pango_layout_get_extents(layout(cr, s).get(), nullptr, &logical);
  return logical.width / static_cast<double>(PANGO_SCALE);
}

double digit_height(cairo_t* cr) {
  PangoRectangle ink;
  pango_layout_get_extents(layout(cr, "0").get(), &ink, nullptr);
  return ink.height / static_cast<double>(PANGO_SCALE);
}

FontMetrics font_metrics(cairo_t* cr) {
  const LayoutPtr l = layout(cr, "0");
  PangoFontMetrics* m =
      pango_context_get_metrics(pango_layout_get_context(l.get()), font_of(cr), nullptr);
  const FontMetrics out{pango_font_metrics_get_ascent(m) / static_cast<double>(PANGO_SCALE),
                        pango_font_metrics_get_descent(m) / static_cast<double>(PANGO_SCALE)};
  pango_font_metrics_unref(m);
  return out;
}

void show_text(cairo_t* cr, std::string_view s) {
  const LayoutPtr l = layout(cr, s);
  to_layout_origin(cr, l.get());
  pango_cairo_show_layout(cr, l.get());
}

void text_path(cairo_t* cr, std::string_view s) {
  const LayoutPtr l = layout(cr, s);
  to_layout_origin(cr, l.get());
  pango_cairo_layout_path(cr, l.get());
}

void draw_text(cairo_t* cr, double x, double y, std::string_view s, double align) {
  cairo_move_to(cr, x - align * text_width(cr, s), y);
  show_text(cr, s);
}

int unknown_glyphs(cairo_t* cr, std::string_view s) {
  return pango_layout_get_unknown_glyphs_count(layout(cr, s).get());
}

}  // namespace akichi::viz

// Text through Pango (viz/text.h): Japanese and other Unicode text finds its glyphs through
// fontconfig's fallback, text sits on its baseline as cairo_show_text placed it, and widths
// scale with the size.
#include "viz/text.h"

#include <gtest/gtest.h>

#include <memory>

namespace akichi::viz::text_test {
namespace {

struct Canvas {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 100), &cairo_surface_destroy};
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr{cairo_create(surface.get()),
                                                        &cairo_destroy};
  Canvas() {
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
  }
  /// Rows [first, last] holding any dark pixel, or {-1, -1}.
  std::pair<int, int> ink_rows() {
    cairo_surface_flush(surface.get());
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    int first = -1, last = -1;
    for (int y = 0; y < 100; ++y) {
      for (int x = 0; x < 400; ++x) {
        const unsigned char* px = data + y * stride + 4 * x;  // B, G, R, A
        if (px[1] < 128) {
          if (first < 0) first = y;
          last = y;
          break;
        }
      }
    }
    return {first, last};
  }
};

TEST(VizText, JapaneseFindsItsGlyphs) {
  Canvas c;
  set_font(c.cr.get(), 20.0, true);
  // The scenario name of a Japanese study: every character is drawn by some installed font
  // (fonts-ipafont-gothic is part of the set-up), not replaced by a box.
  EXPECT_EQ(unknown_glyphs(c.cr.get(), "臨海工場 ローカル5G"), 0);
  EXPECT_EQ(unknown_glyphs(c.cr.get(), "μ Ω ° ± — ü"), 0);
  // A private-use code point has no glyph anywhere: the count works.
  EXPECT_EQ(unknown_glyphs(c.cr.get(), "a\uE000b"), 1);
  // Full-width ideographs are about one em wide each
  const double w = text_width(c.cr.get(), "臨海工場");
  EXPECT_GT(w, 4 * 20.0 * 0.8);
  EXPECT_LT(w, 4 * 20.0 * 1.2);
  draw_text(c.cr.get(), 10, 60, "臨海工場");
  const auto [top, bottom] = c.ink_rows();
  EXPECT_GT(top, 30);  // drawn, and above the baseline at y = 60
  EXPECT_LE(bottom, 62);
}

TEST(VizText, DigitsSitOnTheBaseline) {
  Canvas c;
  set_font(c.cr.get(), 30.0);
  const double h = digit_height(c.cr.get());
  EXPECT_GT(h, 30.0 * 0.6);  // a lining digit is about 0.7 em tall in DejaVu Sans
  EXPECT_LT(h, 30.0 * 0.8);
  draw_text(c.cr.get(), 20, 70, "0");
  const auto [top, bottom] = c.ink_rows();
  EXPECT_NEAR(bottom, 70, 1.5);  // the round digit's overshoot reaches the baseline
  EXPECT_NEAR(bottom - top + 1, h, 2.0);
  const FontMetrics m = font_metrics(c.cr.get());
  EXPECT_GT(m.ascent, h);
  EXPECT_GT(m.descent, 0.0);
}

TEST(VizText, WidthScalesWithTheSizeAndAlignmentMovesTheText) {
  Canvas c;
  set_font(c.cr.get(), 10.0);
  const double w10 = text_width(c.cr.get(), "received power (dBm)");
  set_font(c.cr.get(), 20.0);
  const double w20 = text_width(c.cr.get(), "received power (dBm)");
  EXPECT_NEAR(w20, 2.0 * w10, 0.02 * w20);  // metrics unhinted: proportional to the size
  // Right-aligned at x = 390: the text ends there
  set_font(c.cr.get(), 20.0, true);
  draw_text(c.cr.get(), 390, 50, "5G", 1.0);
  cairo_surface_flush(c.surface.get());
  const unsigned char* data = cairo_image_surface_get_data(c.surface.get());
  const int stride = cairo_image_surface_get_stride(c.surface.get());
  int rightmost = -1;
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 400; ++x)
      if (data[y * stride + 4 * x + 1] < 128) rightmost = std::max(rightmost, x);
  EXPECT_LE(rightmost, 390);
  EXPECT_GT(rightmost, 380);
}

}  // namespace
}  // namespace akichi::viz::text_test

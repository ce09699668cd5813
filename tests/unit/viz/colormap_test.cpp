#include "viz/colormap.h"

#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.h"

namespace akichi::viz::colormap_test {
namespace {

struct Ref {
  double t;
  unsigned hex;
};

// 8-bit channel of a 0..1 colour.
int byte(double c) {
  return static_cast<int>(std::lround(c * 255.0));
}

void expect_colour(const Rgb& c, unsigned hex, int tolerance, const std::string& what) {
  EXPECT_NEAR(byte(c.r), static_cast<int>((hex >> 16) & 0xff), tolerance) << what << " red";
  EXPECT_NEAR(byte(c.g), static_cast<int>((hex >> 8) & 0xff), tolerance) << what << " green";
  EXPECT_NEAR(byte(c.b), static_cast<int>(hex & 0xff), tolerance) << what << " blue";
}

// matplotlib's viridis at five points (matplotlib.colors.to_hex(cm.viridis(t))).
TEST(VizColormap, ViridisMatchesMatplotlibWithinTwoLevels) {
  const Ref refs[] = {
      {0.0, 0x440154}, {0.25, 0x3b528b}, {0.5, 0x21918c}, {0.75, 0x5ec962}, {1.0, 0xfde725}};
  for (const auto& r : refs) {
    expect_colour(colormap("viridis", r.t), r.hex, 2, "viridis(" + std::to_string(r.t) + ")");
    expect_colour(colormap("", r.t), r.hex, 2, "default map");
  }
}

TEST(VizColormap, ViridisIsClampedAndMonotoneInLightness) {
  expect_colour(colormap("viridis", -3.0), 0x440154, 0, "below 0");
  expect_colour(colormap("viridis", 7.0), 0xfde725, 0, "above 1");
  expect_colour(colormap("viridis", std::nan("")), 0x440154, 0, "NaN");
  // Viridis is designed with monotonically increasing lightness; the Rec. 709 luma of the table
  // must rise from one end to the other (checked every 1/32).
  double prev = -1.0;
  for (int k = 0; k <= 32; ++k) {
    const Rgb c = colormap("viridis", k / 32.0);
    const double luma = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    EXPECT_GT(luma, prev) << "t = " << k / 32.0;
    prev = luma;
  }
}

// ColorBrewer RdBu (11 classes): its ends and middle class.
TEST(VizColormap, RdBuDivergesThroughWhite) {
  expect_colour(colormap("rdbu", 0.0), 0x67001f, 0, "rdbu(0)");
  expect_colour(colormap("rdbu", 0.5), 0xf7f7f7, 0, "rdbu(0.5)");
  expect_colour(colormap("rdbu", 1.0), 0x053061, 0, "rdbu(1)");
  expect_colour(colormap("rdbu", 0.1), 0xb2182b, 0, "rdbu(0.1)");
  // Half-way between the 2nd and 3rd classes: the mean of #b2182b and #d6604d.
  const Rgb mid = colormap("rdbu", 0.15);
  EXPECT_NEAR(mid.r * 255, (0xb2 + 0xd6) / 2.0, 1e-9);
  EXPECT_NEAR(mid.g * 255, (0x18 + 0x60) / 2.0, 1e-9);
  EXPECT_NEAR(mid.b * 255, (0x2b + 0x4d) / 2.0, 1e-9);
}

TEST(VizColormap, GreysIsLinearBlackToWhite) {
  expect_colour(colormap("greys", 0.0), 0x000000, 0, "greys(0)");
  expect_colour(colormap("greys", 1.0), 0xffffff, 0, "greys(1)");
  // A hillshade's brightness b in 0..255 at t = b / 255 comes back as the grey (b, b, b).
  const Rgb c = colormap("greys", 181.0 / 255.0);
  EXPECT_NEAR(c.r * 255, 181, 1e-9);
  EXPECT_EQ(c.r, c.g);
  EXPECT_EQ(c.g, c.b);
  EXPECT_TRUE(has_colormap("greys"));
}

TEST(VizColormap, UnknownNameIsAnInputError) {
  EXPECT_FALSE(has_colormap("jet"));
  EXPECT_TRUE(has_colormap("viridis"));
  EXPECT_TRUE(has_colormap("rdbu"));
  try {
    (void)colormap("jet", 0.5);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'jet'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'viridis'"), std::string::npos) << e.what();
  }
}

TEST(VizColormap, CategoryColoursAreTableauWithoutGrey) {
  expect_colour(category_colour(0), 0x1f77b4, 0, "category 0");
  expect_colour(category_colour(3), 0xd62728, 0, "category 3");
  expect_colour(category_colour(8), 0x17becf, 0, "category 8");
  expect_colour(category_colour(9), 0x1f77b4, 0, "category 9 repeats 0");
  for (std::size_t i = 0; i < kCategoryColourCount; ++i) {
    const Rgb c = category_colour(i);
    EXPECT_FALSE(c.r == c.g && c.g == c.b) << "category " << i << " is grey";
    for (std::size_t j = 0; j < i; ++j) {
      const Rgb d = category_colour(j);
      EXPECT_FALSE(c.r == d.r && c.g == d.g && c.b == d.b) << i << " vs " << j;
    }
  }
}

}  // namespace
}  // namespace akichi::viz::colormap_test

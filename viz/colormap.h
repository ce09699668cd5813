// Colour maps for result maps: a sequential map (viridis) for powers, losses and levels, a
// diverging map (rdbu) for margins around zero, and a qualitative palette for categories
// (best server, binding incumbent).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace akichi::viz {

struct Rgb {
  double r, g, b;  ///< 0..1
};

/// Colour at t in [0, 1] (clamped; NaN counts as 0) of a named continuous map:
///   "viridis" (also the empty name): sequential, perceptually uniform; the 256-entry table of
///            matplotlib 2.0+ (S. van der Walt, N. Smith, 2015, CC0), looked up as matplotlib
///            does: entry min(floor(256 t), 255), so the 8-bit colours equal matplotlib's.
///   "rdbu":  diverging, red (low) - white (t = 0.5) - blue (high): the 11-class ColorBrewer
///            RdBu scheme (C. Brewer, colorbrewer2.org), interpolated linearly in sRGB.
///   "greys": black (t = 0) to white (t = 1), linear in sRGB: shaded relief (a hillshade's
///            0..255 brightness maps onto itself).
/// Throws akichi::InputError (base/errors.h) for an unknown name.
Rgb colormap(std::string_view name, double t);

/// True when `name` is a continuous map that colormap() knows.
bool has_colormap(std::string_view name) noexcept;

/// Names colormap() accepts (without the empty alias), for messages and documentation.
std::vector<std::string> colormap_names();

/// Qualitative colour for category `index` (0, 1, 2, ...): Tableau 10 (matplotlib "tab10") with
/// its grey left out, so that categories never look like the light-grey no-data colour; the
/// 9 colours repeat for index >= 9.
Rgb category_colour(std::size_t index) noexcept;

/// Number of distinct colours category_colour() gives before repeating.
constexpr std::size_t kCategoryColourCount = 9;

}  // namespace akichi::viz

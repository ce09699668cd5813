// Perceptually uniform colour maps for result maps.
#pragma once

#include <array>
#include <string_view>

namespace akichi::viz {

struct Rgb {
  double r, g, b;  ///< 0..1
};

/// Colour at t in [0, 1] (clamped) of a named map: "viridis" (default for powers and losses). Throws std::invalid_argument for an unknown name.
Rgb colormap(std::string_view name, double t);

}  // namespace akichi::viz

#include "viz/colormap.h"

#include <algorithm>
#include <stdexcept>

namespace akichi::viz {
namespace {

// Degree-6 polynomial fit (in t) of matplotlib's viridis map, coefficients from
// constant term upwards; maximum error against the 256-entry tables is below 1/255 per channel.
constexpr std::array<std::array<double, 3>, 7> kViridis = {{
    {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
    {0.1050930431085774, 1.404613529898575, 1.384590162594685},
    {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
    {-4.634230498983486, -5.799100973351585, -19.33244095627987},
    {6.228269936347081, 14.17993336680509, 56.69055260068105},
    {4.776384997670288, -13.74514537774601, -65.35303263337234},
    {-5.435455855934631, 4.645852612178535, 26.3124352495832},
}};

Rgb eval(const std::array<std::array<double, 3>, 7>& c, double t) {
  double rgb[3];
  for (int k = 0; k < 3; ++k) {
    double v = c[6][k];
    for (int i = 5; i >= 0; --i) v = v * t + c[i][k];  // Horner
    rgb[k] = std::clamp(v, 0.0, 1.0);
  }
  return {rgb[0], rgb[1], rgb[2]};
}

}  // namespace

Rgb colormap(std::string_view name, double t) {
  t = std::clamp(t, 0.0, 1.0);
  if (name == "viridis" || name.empty()) return eval(kViridis, t);
  throw std::invalid_argument("unknown colour map '" + std::string(name) + "'");
}

}  // namespace akichi::viz

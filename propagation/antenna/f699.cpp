// ITU-R F.699-8 fixed-wireless reference pattern (see f699.h for the equations and the scope).
#include "propagation/antenna/f699.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "propagation/antenna/earth_station.h"
#include "propagation/antenna/orientation.h"

namespace akichi::prop {

double f699_first_sidelobe_dBi(double D_over_lambda) noexcept {
  return 2.0 + 15.0 * std::log10(D_over_lambda);
}

double f699_gain_dBi(double phi_deg, const F699Params& p) noexcept {
  const double phi = std::clamp(std::abs(phi_deg), 0.0, 180.0);
  const double dl = p.D_over_lambda;
  const double G1 = f699_first_sidelobe_dBi(dl);
  const double phi_m = 20.0 / dl * std::sqrt(p.G_max_dBi - G1);
  if (phi < phi_m) return p.G_max_dBi - 2.5e-3 * (dl * phi) * (dl * phi);
  if (p.below_1GHz) {  // recommends 2.3
    const double phi_s = 144.5 * std::pow(dl, -0.2);
    if (phi < 100.0 / dl) return G1;
    if (phi < phi_s) return 52.0 - 10.0 * std::log10(dl) - 25.0 * std::log10(phi);
    return -2.0 - 5.0 * std::log10(dl);
  }
  if (dl > 100.0) {  // recommends 2.1
    const double phi_r = 15.85 * std::pow(dl, -0.6);
    if (phi < phi_r) return G1;
    if (phi < 48.0) return 32.0 - 25.0 * std::log10(phi);
    return -10.0;
  }
  // recommends 2.2
  if (phi < 100.0 / dl) return G1;
  if (phi < 48.0) return 52.0 - 10.0 * std::log10(dl) - 25.0 * std::log10(phi);
  return 10.0 - 10.0 * std::log10(dl);
}

F699Antenna::F699Antenna(const F699Params& params, double azimuth_deg, double elevation_deg,
                         double freq_Hz)
    : params_(params),
      azimuth_deg_(wrap_360_deg(azimuth_deg)),
      elevation_deg_(elevation_deg),
      freq_Hz_(freq_Hz) {}

double F699Antenna::gain_dBi(double bearing_deg, double elevation_deg) const noexcept {
  return f699_gain_dBi(off_axis_angle_deg(azimuth_deg_, elevation_deg_, bearing_deg, elevation_deg),
                       params_);
}

std::string F699Antenna::describe() const {
  return fmt::format("f699 {:g} dBi D/lambda {:.4g} at {:g} GHz ({}) az {:g} el {:g}",
                     params_.G_max_dBi, params_.D_over_lambda, freq_Hz_ / 1e9,
                     params_.below_1GHz            ? "recommends 2.3"
                     : params_.D_over_lambda > 100 ? "recommends 2.1"
                                                   : "recommends 2.2",
                     azimuth_deg_, elevation_deg_);
}

}  // namespace akichi::prop

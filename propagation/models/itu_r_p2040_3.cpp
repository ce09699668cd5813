#include "propagation/models/itu_r_p2040_3.h"

#include <cmath>

namespace akichi::prop::p2040 {
double relative_permittivity(const Material& m, double f_GHz) noexcept {
  return m.a * std::pow(f_GHz, m.b);  // P.2040-3 §2.1.4, Table 3: eta' = a f^b
}

double conductivity_S_per_m(const Material& m, double f_GHz) noexcept {
  return m.c * std::pow(f_GHz, m.d);  // P.2040-3 §2.1.4, Table 3: sigma = c f^d
}

std::complex<double> complex_permittivity(const Material& m, double f_GHz) noexcept {
  // P.2040-3 §2.1.2: eta'' = 17.98 sigma / f (f in GHz)
  return {relative_permittivity(m, f_GHz), -17.98 * conductivity_S_per_m(m, f_GHz) / f_GHz};
}

Reflection fresnel_reflection(std::complex<double> eta, double theta_i_rad) noexcept {
  const double c = std::cos(theta_i_rad);
  const double s = std::sin(theta_i_rad);
  const std::complex<double> root = std::sqrt(eta - s * s);               // principal root: Re >= 0
  return {(c - root) / (c + root), (eta * c - root) / (eta * c + root)};  // P.2040-3 §2.2.1.5
}

}  // namespace akichi::prop::p2040

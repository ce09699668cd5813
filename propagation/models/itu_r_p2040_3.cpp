#include "propagation/models/itu_r_p2040_3.h"

#include <cmath>
#include <numbers>

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

Slab slab_coefficients(std::complex<double> eta, double theta_i_rad, double d_m,
                       double lambda_m) noexcept {
  const double s = std::sin(theta_i_rad);
  const Reflection r1 = fresnel_reflection(eta, theta_i_rad);  // eqs. (37a), (37b)
  // eq. (44); the principal root has Re >= 0 and, for a lossy medium (Im eta < 0), Im <= 0, so
  // e^{-jq} decays through the slab.
  const std::complex<double> q = (2.0 * std::numbers::pi * d_m / lambda_m) * std::sqrt(eta - s * s);
  const std::complex<double> j(0.0, 1.0);
  const std::complex<double> e1 = std::exp(-j * q), e2 = std::exp(-2.0 * j * q);
  const auto reflect = [&](std::complex<double> r) {
    return r * (1.0 - e2) / (1.0 - r * r * e2);  // eq. (43a)
  };
  const auto transmit = [&](std::complex<double> r) {
    return (1.0 - r * r) * e1 / (1.0 - r * r * e2);  // eq. (43b)
  };
  return {reflect(r1.te), reflect(r1.tm), transmit(r1.te), transmit(r1.tm)};
}

}  // namespace akichi::prop::p2040

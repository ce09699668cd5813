#include "propagation/models/itu_r_p835_6.h"

#include <algorithm>
#include <cmath>

namespace akichi::prop::p835 {
namespace {

/// §1.1: geopotential height (km') of geometric height h (km).
double geopotential_km(double h_km) noexcept {
  return 6356.766 * h_km / (6356.766 + h_km);
}

}  // namespace

double temperature_K(double h_km) noexcept {
  const double h = std::clamp(h_km, 0.0, 100.0);
  if (h >= 91.0) {
    const double u = (h - 91.0) / 19.9429;
    return 263.1905 - 76.3232 * std::sqrt(1.0 - u * u);
  }
  if (h >= 86.0) return 186.8673;
  const double hp = geopotential_km(h);
  if (hp <= 11.0) return 288.15 - 6.5 * hp;
  if (hp <= 20.0) return 216.65;
  if (hp <= 32.0) return 216.65 + (hp - 20.0);
  if (hp <= 47.0) return 228.65 + 2.8 * (hp - 32.0);
  if (hp <= 51.0) return 270.65;
  if (hp <= 71.0) return 270.65 - 2.8 * (hp - 51.0);
  return 214.65 - 2.0 * (std::min(hp, 84.852) - 71.0);
}

double pressure_hPa(double h_km) noexcept {
  const double h = std::clamp(h_km, 0.0, 100.0);
  if (h >= 86.0) {
    return std::exp(95.571899 - 4.011801 * h + 6.424731e-2 * h * h - 4.789660e-4 * h * h * h +
                    1.340543e-6 * h * h * h * h);
  }
  const double hp = std::min(geopotential_km(h), 84.852);
  if (hp <= 11.0) return 1013.25 * std::pow(288.15 / (288.15 - 6.5 * hp), -34.1632 / 6.5);
  if (hp <= 20.0) return 226.3226 * std::exp(-34.1632 * (hp - 11.0) / 216.65);
  if (hp <= 32.0) return 54.74980 * std::pow(216.65 / (216.65 + (hp - 20.0)), 34.1632);
  if (hp <= 47.0) return 8.680422 * std::pow(228.65 / (228.65 + 2.8 * (hp - 32.0)), 34.1632 / 2.8);
  if (hp <= 51.0) return 1.109106 * std::exp(-34.1632 * (hp - 47.0) / 270.65);
  if (hp <= 71.0)
    return 0.6694167 * std::pow(270.65 / (270.65 - 2.8 * (hp - 51.0)), -34.1632 / 2.8);
  return 0.03956649 * std::pow(214.65 / (214.65 - 2.0 * (hp - 71.0)), -34.1632 / 2.0);
}

Atmosphere reference_atmosphere(double h_km, double rho0_g_m3, double h0_km) noexcept {
  Atmosphere a;
  a.T_K = temperature_K(h_km);
  a.P_hPa = pressure_hPa(h_km);
  const double rho = rho0_g_m3 * std::exp(-std::clamp(h_km, 0.0, 100.0) / h0_km);  // §1.2
  // §1.2: the mixing ratio e / P is held at 2e-6 where the exponential profile falls below it
  // (none when the surface is dry, rho0 = 0).
  const double e = rho * a.T_K / 216.7;  // vapour pressure from density (hPa)
  a.e_hPa = rho0_g_m3 > 0 ? std::max(e, 2e-6 * a.P_hPa) : 0.0;
  a.rho_g_m3 = a.e_hPa * 216.7 / a.T_K;
  return a;
}

}  // namespace akichi::prop::p835

// ITU-R P.835-6 (12/2017) "Reference standard atmospheres".
// Implemented: §1.1 the mean annual global reference atmosphere (temperature and pressure
// against geometric height 0-100 km: the geopotential height h' = 6356.766 h / (6356.766 + h),
// the seven temperature and pressure laws in h' up to h' = 84.852 km (the layers of the 1976
// US Standard Atmosphere: lapse rates -6.5, 0, +1, +2.8, 0, -2.8, -2.0 K/km from 288.15 K and
// 1013.25 hPa), and the laws in h from 86 to 100 km; 84.852 km of geopotential height is 86 km
// geometric, so the two sets meet), and §1.2 its water vapour: rho(h) = rho0 exp(-h / h0) with
// h0 = 2 km and rho0 = 7.5 g/m^3 by default, the vapour pressure e = rho T / 216.7 held at a
// mixing ratio e / P of at least 2e-6 above the height where the exponential falls below it.
// Not implemented: the seasonal low-, mid- and high-latitude atmospheres (§2-§4).
#pragma once

namespace akichi::prop::p835 {

/// One height of the reference atmosphere.
struct Atmosphere {
  double T_K = 0;       ///< temperature
  double P_hPa = 0;     ///< total barometric pressure
  double rho_g_m3 = 0;  ///< water-vapour density
  double e_hPa = 0;     ///< water-vapour partial pressure
};

/// §1.1 temperature (K) at geometric height h_km in [0, 100] (clamped).
double temperature_K(double h_km) noexcept;

/// §1.1 total pressure (hPa) at geometric height h_km in [0, 100] (clamped).
double pressure_hPa(double h_km) noexcept;

/// §1.1 and §1.2 at geometric height h_km in [0, 100], with surface water-vapour density
/// rho0_g_m3 (>= 0) and scale height h0_km (> 0).
Atmosphere reference_atmosphere(double h_km, double rho0_g_m3 = 7.5, double h0_km = 2.0) noexcept;

}  // namespace akichi::prop::p835

// ITU-R P.838-3 (03/2005) "Specific attenuation model for rain for use in prediction methods".
// Implemented: the whole method: gamma_R = k R^alpha (eq. (1)); k_H, k_V from eq. (2) with
// Tables 1 and 2; alpha_H, alpha_V from eq. (3) with Tables 3 and 4; k and alpha for any linear or
// circular polarisation and path elevation, eqs. (4) and (5).
// Not implemented: nothing (the figures of the recommendation only plot eqs. (2)-(3)).
//
// Validity: 1 <= f <= 1000 GHz (the curve fits); evaluated as given outside.
// Units: f in GHz, R in mm/h, angles in degrees, gamma_R in dB/km.
#pragma once

namespace akichi::prop::p838 {

/// Polarisation tilt angle tau (degrees) of common polarisations (eqs. (4)-(5)).
inline constexpr double kTauHorizontal_deg = 0.0;
inline constexpr double kTauVertical_deg = 90.0;
inline constexpr double kTauCircular_deg = 45.0;

/// The four frequency-dependent coefficients of eqs. (2)-(3).
struct LinearCoefficients {
  double k_H = 0;      ///< Table 1 through eq. (2)
  double k_V = 0;      ///< Table 2 through eq. (2)
  double alpha_H = 0;  ///< Table 3 through eq. (3)
  double alpha_V = 0;  ///< Table 4 through eq. (3)
};

/// k and alpha for a given polarisation and elevation (eqs. (4)-(5)).
struct Coefficients {
  double k = 0;
  double alpha = 0;
};

/// k_H, k_V, alpha_H, alpha_V at frequency f_GHz (1..1000 GHz), eqs. (2)-(3).
LinearCoefficients linear_coefficients(double f_GHz) noexcept;

/// k and alpha, eqs. (4)-(5).
/// @param f_GHz     frequency (GHz), 1..1000
/// @param theta_deg path elevation angle (degrees; 0 for a horizontal terrestrial path)
/// @param tau_deg   polarisation tilt angle relative to the horizontal (degrees; 0 horizontal,
///                  90 vertical, 45 circular)
Coefficients coefficients(double f_GHz, double theta_deg, double tau_deg) noexcept;

/// Specific attenuation gamma_R = k R^alpha (dB/km), eq. (1).
/// @param c      k and alpha from coefficients()
/// @param R_mm_h rain rate (mm/h, >= 0)
double specific_attenuation_dB_per_km(const Coefficients& c, double R_mm_h) noexcept;

/// The same in one call: coefficients(f, theta, tau) then eq. (1).
double specific_attenuation_dB_per_km(double f_GHz, double R_mm_h, double theta_deg,
                                      double tau_deg) noexcept;

}  // namespace akichi::prop::p838

// ITU-R P.530-18 (09/2021) "Propagation data and prediction methods required for the design of
// terrestrial line-of-sight systems".
// Implemented: Annex 1 §2.4.1 long-term statistics of rain attenuation, steps 2-5: specific
// attenuation gamma_R from ITU-R P.838-3 (step 2), the effective path length factor r with its
// recommended maximum 2.5 (step 3), A_0.01 = gamma_R d r (step 4), and the scaling to other
// percentages of time, A_p / A_0.01 = C_1 p^-(C_2 + C_3 log10 p) with C_0..C_3 (step 5).
// Not implemented: step 1 (R_0.01 from the ITU-R P.837 maps: the caller supplies R_0.01), the
// worst-month conversion of step 6 (P.841), §2.4.2 wet snow, §2.4.3-2.4.7 (frequency and
// polarisation scaling, event statistics, multi-hop, outage), and every other section
// (gases, diffraction, multipath, XPD, distortion, diversity).
//
// Validity (§2.4.1): frequencies where P.838-3 applies (the method is used up to about 100 GHz),
// path lengths up to about 60 km, 0.001 % <= p <= 1 %. Outside that range of p the power law is
// evaluated as given and `p_out_of_range` is set.
// Units: f in GHz, d in km, R in mm/h, p in %, attenuations in dB.
#pragma once

namespace akichi::prop::p530 {

/// Effective path length factor r of §2.4.1 step 3:
///   r = 1 / (0.477 d^0.633 R_0.01^(0.073 alpha) f^0.123 - 10.579 (1 - exp(-0.024 d))),
/// limited to its recommended maximum 2.5 (denominator below 0.4, including negative, gives 2.5).
/// @param d_km      path length (km, > 0)
/// @param f_GHz     frequency (GHz, > 0)
/// @param R001_mm_h rain rate exceeded for 0.01 % of the time, 1-min integration (mm/h, > 0)
/// @param alpha     P.838-3 exponent alpha for the link's frequency and polarisation
double path_length_factor_r(double d_km, double f_GHz, double R001_mm_h, double alpha) noexcept;

/// Ratio A_p / A_0.01 of §2.4.1 step 5 (dimensionless), with
///   C_0 = 0.12 + 0.4 log10((f/10)^0.8) for f >= 10 GHz, 0.12 below,
///   C_1 = 0.07^C_0 0.12^(1 - C_0), C_2 = 0.855 C_0 + 0.546 (1 - C_0),
///   C_3 = 0.139 C_0 + 0.043 (1 - C_0).
/// @param f_GHz     frequency (GHz, > 0)
/// @param p_percent percentage of time (%), 0.001..1
double percentage_scaling(double f_GHz, double p_percent) noexcept;

/// Everything the method computes for one link.
struct RainAttenuation {
  double k = 0;                  ///< P.838-3 k
  double alpha = 0;              ///< P.838-3 alpha
  double gamma_R_dB_per_km = 0;  ///< step 2, specific attenuation at R_0.01
  double r = 0;                  ///< step 3, effective path length factor
  double d_eff_km = 0;           ///< step 3, d r
  double A001_dB = 0;            ///< step 4, attenuation exceeded for 0.01 % of the time
  double Ap_dB = 0;              ///< step 5, attenuation exceeded for p % of the time
  bool p_out_of_range = false;   ///< p outside 0.001..1 %: power law extrapolated
};

/// Rain attenuation of a terrestrial line-of-sight link, §2.4.1 steps 2-5.
/// @param d_km      path length (km, > 0)
/// @param f_GHz     frequency (GHz), 1..100
/// @param R001_mm_h rain rate exceeded for 0.01 % of the time (mm/h, > 0), from the caller
/// @param p_percent percentage of time (%), 0.001..1
/// @param tau_deg   polarisation tilt (degrees; 0 horizontal, 90 vertical, 45 circular)
/// @param theta_deg path elevation angle (degrees; ~0 on terrestrial links)
RainAttenuation rain_attenuation(double d_km, double f_GHz, double R001_mm_h, double p_percent,
                                 double tau_deg, double theta_deg = 0.0) noexcept;

}  // namespace akichi::prop::p530

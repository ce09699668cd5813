// ITU-R P.676-13 (08/2022) "Attenuation by atmospheric gases and related effects", Annex 1
// §2.2.1: the attenuation of an earth-space path with a non-negative elevation angle, by
// integration through the atmosphere in layers (the terrestrial functions stay in itu_r_p676.h).
//
//   A_gas = sum_n a_n gamma_n                                           dB
//   a_n   = -r_n cos beta_n + 1/2 sqrt(4 r_n^2 cos^2 beta_n + 8 r_n delta_n + 4 delta_n^2)   km
//   alpha_n = pi - arccos((-a_n^2 - 2 r_n delta_n - delta_n^2) / (2 a_n r_n + 2 a_n delta_n))
//   beta_1 = pi/2 - theta,  beta_(n+1) = arcsin(n_n / n_(n+1) sin alpha_n)   (Snell's law)
//   delta_i = 0.0001 exp((i - 1) / 100) km, layers from the station's altitude up to 100 km;
//   r_n = R_e + the height of the bottom of layer n, R_e = 6371 km;
// with gamma_n the line-by-line specific attenuation of Annex 1 §1 (itu_r_p676.h) and n_n the
// radio refractive index n = 1 + 1e-6 N, N = 77.6 P_d / T + 72 e / T + 3.75e5 e / T^2
// (ITU-R P.453-14 §1), both at the middle of each layer of the reference atmosphere of ITU-R
// P.835-6 §1 (itu_r_p835_6.h; dry pressure P_d = P - e). theta is the geometric elevation of
// the path (the apparent elevation of P.676 §2.2.1 differs by less than 0.1 deg above 5 deg).
// Domain: 1-1 000 GHz (Annex 1 §1), elevation 0-90 deg, station altitude 0-10 km.
// Not implemented: §2.2.2 negative apparent elevation angles, §2.2.3 (paths between two
// stations inside the atmosphere), Annex 2 (approximate) and local atmospheric profiles.
#pragma once

namespace akichi::prop::p676 {

/// Attenuation (dB) of the path from a station at altitude h_station_km (above mean sea level,
/// [0, 10]) at elevation theta_deg ([0, 90]) through the whole atmosphere (up to 100 km), at
/// f_GHz ([1, 1000]), in the P.835-6 §1 reference atmosphere with surface water-vapour density
/// rho0_g_m3 (>= 0, default 7.5). Inputs outside the ranges are clamped.
double slant_path_attenuation_dB(double f_GHz, double h_station_km, double theta_deg,
                                 double rho0_g_m3 = 7.5) noexcept;

/// Radio refractive index n of ITU-R P.453-14 §1 for dry pressure P_d_hPa, water-vapour
/// pressure e_hPa and temperature T_K.
double refractive_index(double P_d_hPa, double e_hPa, double T_K) noexcept;

}  // namespace akichi::prop::p676

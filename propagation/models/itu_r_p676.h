// ITU-R P.676-13 (08/2022) "Attenuation by atmospheric gases and related effects".
// Implemented:
//   Annex 1 §1  specific attenuation of dry air (oxygen lines of Table 1, the dry continuum of
//               eq. (8)) and of water vapour (lines of Table 2), line-by-line, eqs. (1)-(9),
//               for 1-1 000 GHz (used below 1 GHz by ITU-R P.452-18's own validation set);
//   Annex 1 §2.1 terrestrial path attenuation A = gamma d (eq. (10)).
// The spectroscopic tables are those of P.676-11, unchanged in -12 and -13 (the -12 and -13
// validation workbook values are reproduced to 1e-5 dB/km, tests/validation/p676_*_test.cpp).
// Not implemented: Annex 1 §2.2 slant paths (atmospheric layers, ray tracing), Annex 2
// (approximate slant-path and zenith attenuation: the -13 Annex 2 no longer gives approximate
// terrestrial specific attenuation formulas; it takes gamma from Annex 1), dispersion (§4).
#pragma once

namespace akichi::prop::p676 {

/// Specific attenuation in dB/km, the dry-air and water-vapour parts of gamma = gamma_o + gamma_w.
struct SpecificAttenuation {
  double gamma_o_dB_per_km = 0;  ///< oxygen and dry continuum, eq. (1) with N''_Oxygen
  double gamma_w_dB_per_km = 0;  ///< water vapour, eq. (1) with N''_WaterVapour
  double total() const noexcept { return gamma_o_dB_per_km + gamma_w_dB_per_km; }
};

/// Number of oxygen lines (Table 1) and water-vapour lines (Table 2).
inline constexpr int kOxygenLines = 44;
inline constexpr int kWaterVapourLines = 35;

/// The frequency-independent part of eqs. (3), (6), (7), (9) for one atmosphere (p, rho, T):
/// line strengths S_i, widths Delta f_i, interference factors delta_i and the continuum width d.
/// Precompute it once per atmosphere; specific_attenuation(state, f) is then a sum of rational
/// line shapes (no exp/pow), which is what a path-loss model evaluating many frequencies needs.
struct GasState {
  double p_hPa = 0, e_hPa = 0, theta = 0;
  double S_o[kOxygenLines]{}, df_o[kOxygenLines]{}, delta_o[kOxygenLines]{};
  double S_w[kWaterVapourLines]{}, df_w[kWaterVapourLines]{};
  double d_cont = 0;  ///< width parameter of the Debye spectrum, eq. (9) (GHz)
  double nd_a = 0;    ///< f-independent factor of the Debye term of eq. (8)
  double nd_b = 0;    ///< f-independent factor of the pressure-induced N2 term of eq. (8)
};

/// Fills the frequency-independent terms for dry pressure p_hPa (> 0), water-vapour density
/// rho_g_m3 (>= 0) and temperature T_K (> 0).
GasState gas_state(double p_hPa, double rho_g_m3, double T_K) noexcept;

/// Line-by-line specific attenuation at f_GHz (> 0) for a precomputed atmosphere.
SpecificAttenuation specific_attenuation(const GasState& state, double f_GHz) noexcept;

/// Line-by-line specific attenuation, P.676-13 Annex 1 §1 eqs. (1)-(9).
/// @param f_GHz     frequency (GHz, 1..1000 per the text; any f > 0 is computed)
/// @param p_hPa     dry-air pressure (hPa, > 0)
/// @param rho_g_m3  water-vapour density (g/m^3, >= 0); e = rho T / 216.7 hPa (eq. (4))
/// @param T_K       temperature (K, > 0)
SpecificAttenuation specific_attenuation(double f_GHz, double p_hPa, double rho_g_m3,
                                         double T_K) noexcept;

/// Attenuation of a terrestrial (horizontal) path, A = gamma d, P.676-13 eq. (10), dB.
/// @param d_km path length (km, >= 0); other parameters as specific_attenuation().
double terrestrial_path_attenuation_dB(double f_GHz, double p_hPa, double rho_g_m3, double T_K,
                                       double d_km) noexcept;

}  // namespace akichi::prop::p676

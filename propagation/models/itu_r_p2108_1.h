// ITU-R P.2108-1 (09/2021) "Prediction of clutter loss".
// Implemented (Annex 1):
//   §3.1 height gain terminal correction model, eqs. (2a)-(2g), Table 3 (default representative
//        clutter heights by clutter type);
//   §3.2 statistical clutter loss model for terrestrial paths, eqs. (3a)-(6);
//   §3.3 Earth-space and aeronautical statistical clutter loss model, eqs. (7)-(8).
// Not implemented: §2 (clutter loss in the prediction of basic transmission loss: how a caller
// combines the terms with a terrain model) and the Attachment.
//
// Version: the frequency range of §3.2 starts at 0.5 GHz in P.2108-1 (P.2108-0: 2 GHz); the NTIA
// test data (tests/data/itu-r-p2108) computes 0.5 GHz and rejects 0.24 GHz, so it is P.2108-1.
//
// Input validation follows the NTIA reference implementation (github.com/NTIA/p2108) and returns
// the same integer codes its test data expects; the kernels *_dB() assume valid inputs.
// Units as in the recommendation: f in GHz, heights and widths in m, d in km, angles in degrees,
// percentages in %.
#pragma once

#include "propagation/terrain/clutter_type.h"  // ClutterType, default_clutter_height_m (Table 3)

namespace akichi::prop::p2108 {

/// Return codes of the validated entry points (the NTIA/p2108 numbering).
enum ReturnCode : int {
  kSuccess = 0,
  // §3.1
  kError31Frequency = 32,      ///< f outside 0.03 <= f <= 3 GHz
  kError31AntennaHeight = 33,  ///< h <= 0 m
  kError31StreetWidth = 34,    ///< w_s <= 0 m
  kError31ClutterHeight = 35,  ///< R <= 0 m
  kError31ClutterType = 36,    ///< clutter type not one of Table 3
  // §3.2
  kError32Frequency = 48,   ///< f outside 0.5 <= f <= 67 GHz
  kError32Distance = 49,    ///< d < 0.25 km
  kError32Percentage = 50,  ///< p outside 0 < p < 100 %
  // §3.3
  kError33Frequency = 64,   ///< f outside 10 <= f <= 100 GHz
  kError33Theta = 65,       ///< theta outside 0 <= theta <= 90 deg
  kError33Percentage = 66,  ///< p outside 0 < p < 100 %
};

/// Default street width w_s (m) of §3.1: 27 m.
inline constexpr double kDefaultStreetWidth_m = 27.0;

// ---- §3.1 height gain terminal correction model -------------------------------------------

/// Checks the inputs of §3.1; returns kSuccess or the first failing code (frequency, antenna
/// height, street width, clutter height, clutter type, in that order).
int validate_height_gain(double f_GHz, double h_m, double w_s_m, double R_m,
                         int clutter_type) noexcept;

/// Additional loss A_h (dB) of the terminal surroundings, §3.1 eqs. (2a)-(2g); 0 when h >= R.
/// @param f_GHz  frequency, 0.03..3 GHz
/// @param h_m    antenna height above ground (m, > 0)
/// @param w_s_m  street width (m, > 0)
/// @param R_m    representative clutter height (m, > 0)
/// @param type   clutter type (Table 3)
double height_gain_correction_dB(double f_GHz, double h_m, double w_s_m, double R_m,
                                 ClutterType type) noexcept;

/// Validated §3.1: writes A_h (dB) to A_h_dB and returns kSuccess, or returns an error code and
/// leaves A_h_dB unchanged.
int height_gain_terminal_correction(double f_GHz, double h_m, double w_s_m, double R_m,
                                    int clutter_type, double& A_h_dB) noexcept;

// ---- §3.2 terrestrial statistical model ---------------------------------------------------

/// Checks the inputs of §3.2 (frequency, distance, percentage, in that order).
int validate_terrestrial(double f_GHz, double d_km, double p_percent) noexcept;

/// Clutter loss L_ctc (dB) not exceeded for p % of locations for a terrestrial path with one end
/// in urban/suburban clutter, §3.2 eqs. (3a)-(5b), limited by its value at 2 km, eq. (6).
/// @param f_GHz     frequency, 0.5..67 GHz
/// @param d_km      path length (km, >= 0.25; >= 1 km to apply the loss at both ends)
/// @param p_percent percentage of locations, 0 < p < 100
double terrestrial_clutter_loss_dB(double f_GHz, double d_km, double p_percent) noexcept;

/// Validated §3.2: writes L_ctc (dB) and returns kSuccess, or returns an error code.
int terrestrial_statistical_model(double f_GHz, double d_km, double p_percent,
                                  double& L_ctc_dB) noexcept;

// ---- §3.3 Earth-space and aeronautical statistical model ----------------------------------

/// Checks the inputs of §3.3 (frequency, elevation angle, percentage, in that order).
int validate_aeronautical(double f_GHz, double theta_deg, double p_percent) noexcept;

/// Clutter loss L_ces (dB) not exceeded for p % of locations for a path between a terminal in
/// urban/suburban clutter and a platform above the Earth, §3.3 eqs. (7)-(8).
/// @param f_GHz     frequency, 10..100 GHz
/// @param theta_deg elevation angle of the path at the terminal, 0..90 degrees
/// @param p_percent percentage of locations, 0 < p < 100
double aeronautical_clutter_loss_dB(double f_GHz, double theta_deg, double p_percent) noexcept;

/// Validated §3.3: writes L_ces (dB) and returns kSuccess, or returns an error code.
int aeronautical_statistical_model(double f_GHz, double theta_deg, double p_percent,
                                   double& L_ces_dB) noexcept;

}  // namespace akichi::prop::p2108

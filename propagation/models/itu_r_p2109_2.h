// ITU-R P.2109-2 "Prediction of building entry loss".
// Implemented (Annex 1): §3 the building entry loss L_BEL(P) not exceeded with probability P for
// a horizontal or inclined path into a traditional or a thermally efficient building, eqs. (1)-(10)
// with the coefficients r, s, t, u, v, w, x, y, z of Table 1; F^-1 is the inverse cumulative
// normal distribution (ITU-R P.1057, computed exactly).
// Not implemented: nothing else is in the method (the recommendation's Annex 2 background and the
// building classification guidance are informative).
//
// Validity (§3): 0.08 <= f <= 100 GHz, 0 < P < 1, -90 <= theta <= 90 degrees. The formulas are
// evaluated as given outside; callers validate with in_domain().
#pragma once

namespace akichi::prop::p2109 {

/// Building classes of Table 1.
enum class BuildingType : int {
  Traditional = 1,         ///< traditional building
  ThermallyEfficient = 2,  ///< thermally efficient building (metallised glass, foil-backed panels)
};

/// The coefficients of Table 1 for one building type.
struct Table1Coefficients {
  double r, s, t, u, v, w, x, y, z;
};

/// Table 1 row of `type`.
const Table1Coefficients& table1(BuildingType type) noexcept;

/// Whether (f, P, theta) lie in the method's domain: 0.08 <= f <= 100 GHz, 0 < P < 1,
/// -90 <= theta <= 90 degrees.
bool in_domain(double f_GHz, double P, double theta_deg) noexcept;

/// Elevation-angle term L_e (dB) of eq. (10): 0.212 |theta|.
double elevation_term_dB(double theta_deg) noexcept;

/// Horizontal-path median L_h (dB) of eq. (9): r + s log10 f + t (log10 f)^2.
double horizontal_term_dB(BuildingType type, double f_GHz) noexcept;

/// Building entry loss L_BEL (dB) not exceeded with probability P, eq. (1).
/// @param f_GHz     frequency (GHz), 0.08..100
/// @param P         probability that the loss is not exceeded, 0 < P < 1 (a fraction, not %)
/// @param type      building type (Table 1)
/// @param theta_deg elevation angle of the path at the building facade (degrees above the
///                  horizontal), -90..90
double building_entry_loss_dB(double f_GHz, double P, BuildingType type, double theta_deg) noexcept;

}  // namespace akichi::prop::p2109

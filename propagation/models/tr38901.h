// 3GPP TR 38.901 V17.0.0 (2022-03) "Study on channel model for frequencies from 0.5 to 100 GHz".
// Implemented: §7.4.1 Table 7.4.1-1 path loss, LoS and NLoS, for RMa, UMa, UMi-Street Canyon,
// InH-Office, InF-SL, InF-DL, InF-SH, InF-DH (the default NLoS formulas, not the optional ones),
// the breakpoint distances of Note 1 and Note 5 of the table, the shadow-fading standard
// deviations of the table (informative), and §7.4.2 Table 7.4.2-1 LoS probabilities (InH
// mixed and open office; InF with k_subsce from clutter density r, height h_c, size d_clutter).
// Not implemented: the optional NLoS formulas, InF-HH, O2I penetration (§7.4.3), the random
// draw of h_E for UMa (the caller fixes h_E), spatially consistent LoS states.
//
// Units as in the TR: f_c in GHz, distances and heights in m, losses in dB. h_BS and h_UT are
// antenna heights above ground.
//
// Validity (Table 7.4.1-1) and what happens outside:
//   - RMa, UMa, UMi: 10 m <= d_2D. Below, d_2D is CLAMPED to 10 m (d_3D recomputed with the
//     same height difference). Above the table's maximum (RMa LoS 10 km, RMa NLoS 5 km, UMa and
//     UMi 5 km) the formulas are extrapolated and `out_of_range` is set.
//   - InH: 1 m <= d_3D <= 150 m; InF: 1 m <= d_3D <= 600 m. Below 1 m, d_3D is CLAMPED to 1 m;
//     above, extrapolated with `out_of_range` set.
//   - heights and f_c outside the table's ranges (RMa h_BS 10-150 m, h_UT 1-10 m; UMa h_BS 25 m,
//     h_UT 1.5-22.5 m; UMi h_BS 10 m, h_UT 1.5-22.5 m; f_c 0.5-100 GHz, RMa 0.5-30 GHz) are
//     evaluated as given, without a flag.
#pragma once

#include <string_view>

namespace akichi::prop::tr38901 {

enum class Scenario { RMa, UMa, UMi, InH_Mixed, InH_Open, InF_SL, InF_DL, InF_SH, InF_DH };

/// Scenario parameters that are not per link.
struct Params {
  double h_m = 5.0;          ///< RMa average building height h (m), 5..50
  double W_m = 20.0;         ///< RMa average street width W (m), 5..50
  double h_E_m = 1.0;        ///< UMa/UMi effective environment height h_E (m), Note 1
  double r = 0.2;            ///< InF clutter density (0 <= r < 1)
  double h_c_m = 2.0;        ///< InF effective clutter height h_c (m), > 0
  double d_clutter_m = 2.0;  ///< InF typical clutter size d_clutter (m), > 0
};

/// Path loss of one link in both states.
struct PathLoss {
  double los_dB = 0;            ///< PL_LOS
  double nlos_dB = 0;           ///< PL_NLOS (already max(PL_LOS, PL'_NLOS, ...) as the table says)
  double sigma_sf_los_dB = 0;   ///< shadow-fading standard deviation, LoS (informative)
  double sigma_sf_nlos_dB = 0;  ///< shadow-fading standard deviation, NLoS (informative)
  bool clamped = false;         ///< d_2D (or d_3D for InH/InF) was raised to the table's minimum
  bool out_of_range = false;    ///< distance beyond the table's maximum: extrapolated
};

/// Speed of light used by the TR for breakpoint distances (m/s), Table 7.4.1-1 Note 1.
inline constexpr double kSpeedOfLight_m_per_s = 3.0e8;

/// RMa breakpoint distance d_BP = 2 pi h_BS h_UT f_c / c (m), Table 7.4.1-1 Note 5.
double rma_breakpoint_m(double fc_GHz, double h_BS_m, double h_UT_m) noexcept;

/// UMa/UMi breakpoint distance d'_BP = 4 h'_BS h'_UT f_c / c (m), h' = h - h_E,
/// Table 7.4.1-1 Note 1.
double breakpoint_prime_m(double fc_GHz, double h_BS_m, double h_UT_m, double h_E_m) noexcept;

/// Path loss (dB) of Table 7.4.1-1.
/// @param s      scenario
/// @param p      scenario parameters
/// @param fc_GHz carrier frequency (GHz, > 0)
/// @param d2D_m  horizontal distance BS-UT (m, >= 0)
/// @param d3D_m  3-D distance BS-UT (m, >= d2D_m); pass sqrt(d2D^2 + (h_BS - h_UT)^2) on flat
///               ground
/// @param h_BS_m BS antenna height above ground (m, > h_E for UMa/UMi)
/// @param h_UT_m UT antenna height above ground (m, > h_E for UMa/UMi)
PathLoss path_loss(Scenario s, const Params& p, double fc_GHz, double d2D_m, double d3D_m,
                   double h_BS_m, double h_UT_m) noexcept;

/// LoS probability of Table 7.4.2-1 (0..1).
/// @param d2D_m horizontal distance (m, >= 0; the TR's d_2D-out for RMa/UMa/UMi, the UT being
///              outdoors)
/// @param h_BS_m antenna height of the BS above ground (m; enters InF-SH/DH)
/// @param h_UT_m antenna height of the UT above ground (m; enters UMa C'(h_UT) and InF-SH/DH)
/// For InF-SH/DH the TR assumes h_UT < h_c < h_BS; a UT at or above the clutter (h_UT >= h_c) is
/// taken as unobstructed by clutter: probability 1.
double los_probability(Scenario s, const Params& p, double d2D_m, double h_BS_m,
                       double h_UT_m) noexcept;

/// Name of a scenario as in the project's configuration ("RMa", "UMa", "UMi", "InH",
/// "InH-open", "InF-SL", "InF-DL", "InF-SH", "InF-DH").
std::string_view scenario_name(Scenario s) noexcept;

/// Parses a configuration name (the names of scenario_name(), plus "UMi-StreetCanyon" and
/// "InH-Office" / "InH-Office-mixed" / "InH-Office-open" as in the TR). Returns false if unknown.
bool parse_scenario(std::string_view name, Scenario& out) noexcept;

}  // namespace akichi::prop::tr38901

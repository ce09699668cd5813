// Extended Hata model of ERC Report 68 (Monte-Carlo radio simulation methodology, as revised)
// as implemented in SEAMCAT (SEAMCAT Handbook / manual Annex 17, §A17.3.1 "Outdoor-outdoor
// propagation", eqs. 190-204; the same model as Report ITU-R SM.2028-2 §6.1). In Japan it is the
// "拡張秦式" of the MIC local-5G / regional-BWA cover-area and coordination-area calculations.
//
// Implemented (median loss L, outdoor-outdoor, eq. numbers of the SEAMCAT manual):
//   Hm = min(h1, h2), Hb = max(h1, h2), Hm < 1 m taken as 1 m;
//   d <= 0.04 km: free space with the antenna height difference (eq. 191);
//   d >= 0.1 km: urban, per band 30-150, 150-1500, 1500-2000, 2000-3000 MHz (eqs. 192-195),
//     suburban (196) and open area (197); a(Hm), b(Hb) (199, 200); alpha for 20 < d <= 100 km
//     (201);
//   0.04 < d < 0.1 km: interpolation in log d between L(0.04) and L(0.1) (198);
//   L never below the free-space loss of eq. 191 at the same distance ("when L is below the free
//     space attenuation for the same distance, the free space attenuation is used instead");
//   the log-normal standard deviation sigma (Table 81, eqs. 202-204), above or below roof, as an
//     informative output (the median L carries no variation).
// Frequency domain: ERC Report 68 / SEAMCAT: 30 < f <= 3000 MHz. Extension (option
//   `extend_above_3GHz`): 3000 < f <= 6000 MHz with the 2000-3000 MHz expression
//   46.3 + 33.9 log 2000 + 10 log(f/2000) continued, which is how the Japanese local-5G area
//   calculation applies the 拡張秦式 at 4.6-4.9 GHz (suburban/open corrections keep their
//   min(max(150, f), 2000) frequency clamp). Outside the domain the loss is NaN.
// Distance domain: d > 0; the text gives alpha up to 100 km; beyond 100 km eq. 201 is used as it
//   stands (extrapolation, flagged in the result).
// Not implemented: the SRD variant, indoor/outdoor local environments (wall losses, floors),
//   the "env" general environment attenuation term of eq. 190 (callers add it).
#pragma once

namespace akichi::prop::extended_hata {

enum class Environment { Urban, Suburban, Open };
/// Propagation mode for sigma only (Table 81): Hb above or below the roof tops.
enum class RoofMode { AboveRoof, BelowRoof };

/// Which expression produced the loss.
enum class Regime { FreeSpace, Interpolated, Hata, FreeSpaceFloor, OutOfDomain };

struct Result {
  double L_dB = 0;      ///< median basic transmission loss (dB); NaN outside the domain
  double sigma_dB = 0;  ///< log-normal standard deviation (dB), informative
  Regime regime = Regime::Hata;
  bool beyond_100km = false;  ///< alpha extrapolated beyond the stated 100 km
};

/// Upper frequency bound (MHz) of the model: 3000, or 6000 with the extension.
double max_frequency_MHz(bool extend_above_3GHz) noexcept;

/// a(Hm) of eq. 199 (dB). f in MHz, Hm in m (>= 1).
double a_Hm_dB(double f_MHz, double Hm_m) noexcept;
/// b(Hb) of eq. 200 (dB): min(0, 20 log10(Hb/30)). Hb in m (> 0).
double b_Hb_dB(double Hb_m) noexcept;
/// alpha of eq. 201: 1 for d <= 20 km, else 1 + (0.14 + 1.87e-4 f + 1.07e-3 Hb)(log10(d/20))^0.8.
double alpha(double f_MHz, double Hb_m, double d_km) noexcept;
/// Free-space loss of eq. 191 (dB): 32.4 + 20 log f + 10 log(d^2 + (Hb - Hm)^2 / 10^6).
double free_space_dB(double f_MHz, double Hb_m, double Hm_m, double d_km) noexcept;
/// Hata expression for d >= 0.1 km (eqs. 192-197, before the free-space floor). dB.
double hata_dB(double f_MHz, double Hb_m, double Hm_m, double d_km, Environment env) noexcept;
/// Standard deviation of Table 81 (dB) at d_km.
double sigma_dB(double d_km, RoofMode mode) noexcept;

/// Median loss and sigma.
/// @param f_MHz  frequency in MHz, 30 < f <= max_frequency_MHz(extend_above_3GHz)
/// @param h1_m   one antenna height above ground (m, >= 0)
/// @param h2_m   the other antenna height above ground (m, >= 0)
/// @param d_km   horizontal distance in km (> 0)
Result median_loss(double f_MHz, double h1_m, double h2_m, double d_km, Environment env,
                   RoofMode mode = RoofMode::AboveRoof, bool extend_above_3GHz = true) noexcept;

}  // namespace akichi::prop::extended_hata

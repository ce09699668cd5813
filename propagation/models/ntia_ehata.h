// NTIA extended Hata (eHata) urban propagation model.
// Source: NTIA Report TR-15-517, "Improvement to the Extended Hata Urban Propagation Model"
// (Drocella, Richards, Sole, Najmy, Lundy, McKenna, 2015/2016), Appendix A, and its reference
// implementation github.com/NTIA/ehata (the behaviour reproduced here, function by function:
// MedianBasicPropLoss, PreprocessTerrainPath, the correction factors, Variability). The terrain
// corrections are Okumura et al. (1968) §2.4 (Δh), §4.1 (rolling hilly), §4.2 / Fig. 31
// (isolated ridge), §4.3 / Fig. 34 (general slope), §4.4 / Fig. 36 (mixed land-sea).
//
// Implemented: median basic transmission loss (quasi-smooth urban, 1.5-3 GHz refit of Okumura's
//   reference attenuation, break-point distance to the long-distance exponent), suburban and
//   rural (open) adjustments chosen by an NLCD environment code (22 suburban, 23/24 urban,
//   anything else rural), effective antenna heights from the profile, terrain statistics
//   (10/50/90 % quantiles, Δh with its short-path asymptote), mobile terrain slope, single/two
//   horizon test with the isolated-ridge correction, median and fine rolling-hilly terrain
//   corrections, general slope, mixed land-sea path, and the location variability
//   (reliability) of the NTIA interface. Effective heights for 3 <= d <= 15 km as the current
//   NTIA code: h + (d - 3)/12 (z_terminal - mean ground 3 km .. far end), not the 2016 code's
//   scaled mean (WInnForum SAS issue #816, NTIA/ehata issue #2).
// Not implemented: the Wireless Innovation Forum CBRS extensions (R2-SGN-04 effective heights,
//   h_b_eff >= 20 m, h_m_eff = h_m, clamped isolated ridge), which are a different model.
// Domain (TR-15-517 §2): 1500-3000 MHz fitted (extrapolated above), h_b 30-200 m and h_m 1-10 m
//   after the effective-height clamps, d 1-100 km (the code runs 0.1-... km as the reference does).
#pragma once

namespace akichi::prop::ehata {

/// Environment of the mobile, as the NTIA interface takes it (an NLCD land-cover code).
enum class Environment { Urban, Suburban, Rural };

/// NTIA ExtendedHata enviro_code mapping: 23 or 24 -> urban, 22 -> suburban, other -> rural.
Environment environment_from_nlcd(int code) noexcept;

/// Intermediate values, named as the NTIA InterValues structure names them.
struct Intermediates {
  double d_km = 0;             ///< path length np * step / 1000
  double h_b_eff_m = 0;        ///< base effective height after the [30, 200] m clamp
  double h_m_eff_m = 0;        ///< mobile effective height after the [1, 10] m clamp
  double h_avg_m[2] = {0, 0};  ///< ground-height term at the mobile [0] and base [1] (as NTIA)
  double d_bp_km = 0;          ///< break-point distance
  double att_1km_dB = 0;       ///< reference attenuation at 1 km
  double att_100km_dB = 0;     ///< reference attenuation at 100 km
  double pfl10_m = 0, pfl50_m = 0, pfl90_m = 0;  ///< terrain quantiles (10 % exceeded, ...)
  double deltah_m = 0;         ///< terrain irregularity Δh = pfl10 - pfl90 (short-path scaled)
  double d_hzn_m[2] = {0, 0};  ///< horizon distance from the mobile [0] and from the base [1]
  double theta_m_mrad = 0;     ///< mobile terrain slope (Okumura sign: positive downhill)
  double slope_max = 0, slope_min = 0;
  double beta = 0;           ///< fraction of profile points at elevation 0 (sea)
  int iend_ov_sea = -1;      ///< 1 sea at mobile half, 0 at base half, -1 equal
  double hedge_tilda_m = 0;  ///< isolated-ridge height above the path (single horizon)
  bool single_horizon = false;
  double plb_median_dB = 0;       ///< median basic loss before terrain corrections
  double sigma_dB = 0;            ///< location variability standard deviation
  double plb_variability_dB = 0;  ///< median loss shifted to the requested reliability
  double isolated_ridge_dB = 0, median_rolling_hilly_dB = 0, fine_rolling_hilly_dB = 0,
         general_slope_dB = 0, mixed_path_dB = 0;  ///< corrections, each subtracted from the loss
};

/// Median basic propagation loss over quasi-smooth terrain (NTIA MedianBasicPropLoss,
/// TR-15-517 Appendix A eqs. for the 1 km / 100 km reference attenuation and break point).
/// @param f_MHz    frequency in MHz (> 0)
/// @param h_b_m    base effective height in m (> 0)
/// @param h_m_m    mobile effective height in m (> 0)
/// @param d_km     distance in km (> 0)
/// @param out      optional: receives d_bp_km, att_1km_dB, att_100km_dB
/// @return median basic transmission loss in dB
double median_basic_loss_dB(double f_MHz, double h_b_m, double h_m_m, double d_km, Environment env,
                            Intermediates* out = nullptr) noexcept;

/// Location variability standard deviation (NTIA Variability.cpp, Okumura's 7.1/7.5/8.1 dB at
/// 1.5/2/3 GHz fitted in log f; +2 dB outside urban). Returns dB.
double sigma_dB(double f_MHz, Environment env) noexcept;

/// Standard normal quantile z with P(Z > z) = q (0 < q < 1); exact to double precision.
/// The NTIA code uses the Abramowitz-Stegun 26.2.23 approximation (|error| < 4.5e-4), which is
/// not exactly 0 at q = 0.5; here q = 0.5 gives z = 0 and the median loss.
double normal_upper_quantile(double q) noexcept;

/// Extended-Hata basic transmission loss over a terrain profile (NTIA ExtendedHata).
/// @param z_m      elevations above sea level in m, np+1 equally spaced points FROM THE MOBILE
///                 (index 0) TO THE BASE STATION (index np); elevation 0 is taken as sea
/// @param np       number of intervals (>= 1)
/// @param step_m   spacing of the points in m (> 0)
/// @param f_MHz    frequency in MHz (> 0)
/// @param h_b_m    base station antenna height above ground in m
/// @param h_m_m    mobile antenna height above ground in m
/// @param z_shift  the loss is L_median - z_shift * sigma: pass normal_upper_quantile(reliability)
///                 (0 for the median)
/// @param scratch  caller-provided buffer of at least np+1 doubles (quantile selection)
/// @param out      optional intermediate values
/// @return basic transmission loss in dB
double extended_hata_dB(const double* z_m, int np, double step_m, double f_MHz, double h_b_m,
                        double h_m_m, Environment env, double z_shift, double* scratch,
                        Intermediates* out = nullptr) noexcept;

}  // namespace akichi::prop::ehata

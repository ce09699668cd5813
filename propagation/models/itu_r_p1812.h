// ITU-R P.1812 "A path-specific propagation prediction method for point-to-area terrestrial
// services in the frequency range 30 MHz to 6 000 MHz", Annex 1: revisions -6 (08/2021), -7
// (08/2023) and -8 (09/2025).
//
// The three revisions give the same basic transmission loss except for the troposcatter term:
//   -6  §4.4 eqs. (44), (45), the empirical troposcatter loss;
//   -7  §4.4 a new troposcatter model, the one of ITU-R P.2001 (common-volume geometry, the
//       scatter angle, the aperture-to-medium coupling loss of the antenna gains, the height of
//       the common volume and the refractivity there). After its publication the ITU advised
//       users of -7 to revert to the -6 troposcatter model (eq. (44)) for Lbs; it is therefore
//       here only behind a switch (Troposcatter::P1812_7), and a -7 run uses eq. (44) unless
//       told otherwise;
//   -8  §4.4 back to the -6 model; the clutter-type input Ct of the -6/-7 reference code, which
//       no equation of the method used, is gone (akichi never took it). The owners' validation
//       values of -6 hold for -8: the ITU-R WP 3K reference code (Py1812) moved to -8 in 2026
//       without a change of its validation losses.
// Equation numbers below are those of -6 (as printed in the owners' validation logs); the -7
// troposcatter is cited by its section and step.
//
// Implemented:
//   §3.2  profile with representative clutter heights: g_i = h_i + R_i at the intermediate points,
//         the terminals at ground height (h_ts = h_1 + h_tg, h_rs = h_n + h_rg; Table 5 in -6:
//         h_tc = h_ts, h_rc = h_rs, no separate terminal clutter loss);
//   §3.3-3.7 radio-climatic zones, path fraction over sea omega, longest land / inland sections
//         dtm, dlm, path-centre latitude (great-circle mid-point, ITU-R P.2001 Attachment H),
//         beta0 (eqs. (2)-(5)), effective earth radii ae, abeta (eqs. (6), (7a), (7b));
//   §4.2  line of sight with the 3-D free-space distance: Lbfs (8), (8a), Lb0p (10), Lb0b (11);
//   §4.3  delta-Bullington diffraction (§4.3.1-4.3.4, eqs. (12)-(39)) REUSING the one-scan
//         profile analysis of propagation/models/path_scan.h and the spherical-earth loss of
//         propagation/models/itu_r_p526_15.h (the same method as P.452-18 §4.2), with what P.1812
//         does differently: Lbulla over g (terrain + clutter), the smooth surface over bare terrain
//         h, and §4.3.5 the diffraction loss for p % from Fi (eqs. (40), (41));
//   §4.4  troposcatter: -6/-8 eqs. (44), (45); -7 steps 1-4 (troposcatter_p1812_7_dB());
//   §4.5  ducting/layer reflection (eqs. (46)-(56a));
//   §4.6  combination for p % time and 50 % locations (eqs. (57)-(63));
//   §4.7  location variability Lloc = -I(pL/100) sigma_L (0 for a receiver at sea), with the
//         standard deviation sigma_L = (0.52 + 0.024 f) wa^0.28 u_h (§4.7/§4.10) as a helper;
//   §4.9  Lb = max(Lb0p, Lbc + Lloc) (eq. (69)); §4.10 Ep = 199.36 + 20 log f - Lb (eq. (70)),
//         field strength for 1 kW e.r.p., and Ep + 10 log Ptx for another power;
//   Attachment 1 §5.6 path-profile analysis (hst, hsr, hstd, hsrd, hte, hre, hm, dlt, dlr,
//         theta_t, theta_r, theta: eqs. (76)-(93) as numbered in the owners' result logs);
//   Attachment 2 the approximation I(x) of the inverse complementary cumulative normal
//         distribution (eqs. (96), (97)).
// Not implemented: §4.8 building entry loss (it is taken from ITU-R P.2109, outside this file:
// the result is for an outdoor receiver); Attachment 4 (Lbulls without profile analysis); the
// derivation of dN, N0 and the zones from the digital maps of the Recommendation (they are
// inputs here). Equation numbers are those of P.1812-6 as printed beside each value in the
// owners' validation logs (eeveetza/p1812, tests/data/itu-r-p1812-6).
//
// Unit conventions follow the Recommendation: distances km, heights m, f GHz, angles mrad,
// percentages %.
#pragma once

#include <cstddef>
#include <span>

#include "propagation/models/itu_r_p526_15.h"

namespace akichi::prop::p1812 {

/// Radio-climatic zone codes of P.1812-6 §3.3 (as in the SG3 profile files).
inline constexpr int kZoneSea = 1;
inline constexpr int kZoneCoastalLand = 3;
inline constexpr int kZoneInland = 4;

/// The path profile, transmitter first. All spans of the same length n >= 3 (or empty where
/// allowed). Distances ascending from d_km[0] (the transmitter) to d_km[n-1] (the receiver).
struct Profile {
  std::span<const double> d_km;  ///< distance of point i from the transmitter (km)
  std::span<const double> h_m;   ///< terrain height above mean sea level (m)
  std::span<const double> R_m;   ///< representative clutter height (m, >= 0); empty: all 0
  std::span<const int> zone;     ///< radio-climatic zone (1, 3, 4); empty: all inland (4)
  /// km per unit of d_km (1 for km; 1e-3 lets a caller pass distances in metres without a copy)
  double d_unit_km = 1.0;
};

/// Which troposcatter model gives Lbs (§4.4); see the file comment.
enum class Troposcatter {
  Eq44,     ///< P.1812-6 and -8 §4.4 eqs. (44), (45) (also -7 as the ITU advises)
  P1812_7,  ///< P.1812-7 §4.4, the ITU-R P.2001 troposcatter model
};

/// Everything else the method needs.
struct Inputs {
  double f_GHz = 0;        ///< frequency, 0.03..6 GHz
  double p_percent = 50;   ///< time percentage, 1..50 %
  double pL_percent = 50;  ///< location percentage, 1..99 %
  double sigmaL_dB = 0;    ///< location variability standard deviation (dB, >= 0), §4.7
  double htg_m = 10;       ///< transmitter antenna height above ground, 1..3000 m
  double hrg_m = 10;       ///< receiver antenna height above ground, 1..3000 m
  p526::Polarization pol = p526::Polarization::Horizontal;
  double phi_path_deg =
      45;  ///< path-centre latitude (deg, |phi| <= 80), see path_centre_latitude_deg()
  double dN =
      45;  ///< average radio-refractivity lapse rate, lowest 1 km (N-units/km, 0 < dN < 157)
  double N0 = 325;  ///< sea-level surface refractivity at the path centre (N-units)
  double dct_km =
      500;  ///< transmitter distance from the coast over land (km, >= 0); 0 when its zone is sea
  double dcr_km =
      500;  ///< receiver distance from the coast over land (km, >= 0); 0 when its zone is sea
  double Ptx_kW = 1;  ///< transmitter e.r.p. for Ep_Ptx (kW, > 0)
  Troposcatter troposcatter = Troposcatter::Eq44;
  /// P1812_7 only: antenna gains towards the horizon along the path (dBi), for the
  /// aperture-to-medium coupling loss Lc (step 3). The engine applies the antenna patterns
  /// separately; these enter only the coupling loss.
  double Gt_dBi = 0, Gr_dBi = 0;
};

/// Result with every intermediate of the method (units in the names).
struct Result {
  // Path profile analysis (§3, Attachment 1 §5.6)
  double d_km = 0;                                            ///< path length
  double dlt_km = 0, dlr_km = 0;                              ///< horizon distances (78), (81a)
  double theta_t_mrad = 0, theta_r_mrad = 0, theta_mrad = 0;  ///< (76)-(81), (82)
  double hts_m = 0, hrs_m = 0;                                ///< antenna heights amsl
  double omega = 0;                                           ///< path fraction over sea
  double dtm_km = 0, dlm_km = 0;    ///< longest land / inland sections (§3.6)
  double b0_percent = 0;            ///< beta0 (5)
  double ae_km = 0, ab_km = 0;      ///< effective earth radii (7a), (7b)
  double hst_n_m = 0, hsr_n_m = 0;  ///< least-squares smooth surface at the ends (85), (86)
  double hst_m = 0, hsr_m = 0;      ///< the same, not above the ground (90a), (90b)
  double hstd_m = 0, hsrd_m = 0;    ///< smooth-surface heights for diffraction (89)
  double hte_m = 0, hre_m = 0;      ///< effective heights, ducting model (92a), (92b)
  double hm_m = 0;                  ///< terrain roughness (93)
  bool trans_horizon = false;
  // Interpolation factors
  double Fi = 1, Fj = 0, Fk = 0;  ///< (40), (57), (58)
  // Losses (dB)
  double Lbfs = 0, Lb0p = 0, Lb0b = 0;                           ///< (8), (10), (11)
  double Lbulla = 0, Lbulls = 0, Ldsph = 0;                      ///< median (ae) terms of (39)
  double Ld50 = 0, Ldb = 0, Ldp = 0;                             ///< (39) at ae and abeta, (41)
  double Lbd50 = 0, Lbd = 0;                                     ///< (42), (43)
  double Lminb0p = 0, Lba = 0, Lminbap = 0, Lbda = 0, Lbam = 0;  ///< (59), (46), (60), (61), (62)
  double Lbs = 0, Lbc = 0, Lloc = 0, Lb = 0;                     ///< (44), (63), §4.7, (69)
  double dtcv_km = 0;       ///< P1812_7: distance of the common volume from the transmitter
  double Ep_dBuVm = 0;      ///< field strength for 1 kW e.r.p. (70)
  double Ep_Ptx_dBuVm = 0;  ///< Ep + 10 log10(Ptx_kW)
};

/// Approximation of the inverse complementary cumulative normal distribution, P.1812-6
/// Attachment 2 eqs. (96a,b), (97a,b): I(x) with x clamped to [1e-6, 0.999999]; I(0.01) ~ 2.33.
double inv_cum_norm(double x) noexcept;

/// Path-centre latitude (deg): the point at dpnt_km from the transmitter along the great
/// circle, ITU-R P.2001 Attachment H (H.2, H.3), mean earth radius 6371 km, as P.1812-6 §3.5
/// asks for the path centre. Latitudes/longitudes in degrees (north, east positive).
double path_centre_latitude_deg(double phi_t_deg, double lam_t_deg, double phi_r_deg,
                                double lam_r_deg, double dpnt_km) noexcept;

/// Standard deviation of the location variability (dB), P.1812-6 §4.7 / §4.10:
/// sigma_L = (0.52 + 0.024 f_GHz) wa_m^0.28 u_h, u_h = 1 for h < R, 1 - (h - R)/10 for
/// R <= h < R + 10, 0 above.
/// @param h_m receiver height above ground (m); @param R_m clutter height there (m);
/// @param wa_m width of the square area the variability applies to (m, > 0)
double location_sigma_dB(double f_GHz, double h_m, double R_m, double wa_m) noexcept;

/// The P.1812-7 §4.4 troposcatter loss Lbs (dB), the ITU-R P.2001 model, for a path of
/// length d_km with horizon elevation angles theta_t, theta_r (mrad, from the profile analysis),
/// antennas hts, hrs (m amsl), median effective earth radius ae_km, refractivity N0 and dN at the
/// common volume (with one N0 and dN for the study they are the path's), the terrain height
/// h_cv_m (m amsl) under the common volume, and gains Gt, Gr towards the horizon:
///   step 1  theta_e = d / ae; d_tcv = (d tan(theta_r+/1000 + theta_e/2) - (hts - hrs)/1000) /
///           (tan(theta_t+/1000 + theta_e/2) + tan(theta_r+/1000 + theta_e/2)), in [0, d], with
///           theta_t+ = max(theta_t, 0), theta_r+ = max(theta_r, 0);
///   step 2  scatter angle theta = 1000 d / ae + theta_t + theta_r (mrad);
///   step 3  Lc = 0.07 exp(0.055 (Gt + Gr));
///   step 4  beta = d / (2 ae) + theta_r / 1000 + (hrs - hts) / (1000 d);
///           h0 = hts/1000 + d sin(beta) / sin(theta/1000) (d sin(beta) / (2 ae sin(theta/1000))
///           + sin(theta_t/1000)) (km); Yp = 0.035 N0 exp(-h0/hb) (-log10(p/50))^0.67 for
///           p < 50 (the mirror image for p > 50), hb = 7.35 km; F = 0.18 N0 exp(-hs/hb) -
///           0.23 dN with hs = h_cv_m / 1000; Lbs = F + 22 log10(f_MHz) + 35 log10(theta) +
///           17 log10(d) + Lc - Yp.
/// `dtcv_km` (may be null) receives d_tcv: the caller reads the terrain height there.
double troposcatter_p1812_7_dB(double f_GHz, double p_percent, double d_km, double theta_t_mrad,
                               double theta_r_mrad, double hts_m, double hrs_m, double ae_km,
                               double N0, double dN, double Gt_dBi, double Gr_dBi,
                               double h_cv_m) noexcept;

/// Step 1 of troposcatter_p1812_7_dB(): the distance (km) of the common volume from the
/// transmitter, d_tcv in [0, d].
double common_volume_distance_km(double d_km, double theta_t_mrad, double theta_r_mrad,
                                 double hts_m, double hrs_m, double ae_km) noexcept;

/// Scratch doubles needed by basic_transmission_loss() for a profile of n points (the distances
/// in km from the transmitter).
constexpr std::size_t scratch_size(std::size_t n) noexcept {
  return n;
}

/// The terms of the method that depend only on the frequency, the time and location
/// percentages, sigma_L, the path-centre latitude, dN and Ptx (not on the profile, the antenna
/// heights or the coast distances): computed once by run_constants() and shared by every link of
/// a run with these inputs (a station's tensor: one frequency, one set of model parameters).
struct RunConstants {
  // the inputs they were computed from (run_constants_match())
  double f_GHz = -1, p_percent = -1, pL_percent = -1, sigmaL_dB = -1, phi_path_deg = -1, dN = -1,
         Ptx_kW = -1;
  double ae_km = 0, ab_km = 0;       ///< eqs. (6), (7a), (7b)
  double lambda_m = 0;               ///< wavelength of §4.3
  double b0_scale = 0, mu4_exp = 0;  ///< eqs. (4), (5): beta0 = b0_scale mu1 mu1^mu4_exp
  double I_p = 0;                    ///< I(p / 100) of eq. (40)
  double twenty_log10_f = 0;         ///< 20 log10(f) of eqs. (8), (47), (70)
  double log10_p_50 = 0;             ///< log10(p / 50) of eq. (10)
  double cbrt_f = 0, Alf = 0;        ///< f^(1/3) of eqs. (48), (51); eq. (47a)
  double Lf = 0;                     ///< eq. (45)
  double tropo_p = 0;                ///< 10.125 log10(50 / p)^0.7 of eq. (44)
  double Lloc_land = 0;              ///< §4.7: -I(pL / 100) sigma_L (a receiver on land)
  double ten_log10_Ptx = 0;          ///< 10 log10(Ptx_kW)
};

/// The run constants of `in` (inputs assumed valid).
RunConstants run_constants(const Inputs& in) noexcept;

/// True when `c` was computed from inputs equal to `in` in everything it depends on.
bool run_constants_match(const RunConstants& c, const Inputs& in) noexcept;

/// Checks inputs and profile against the domain of the Recommendation; throws InputError whose
/// field is "<prefix>.<name>" (e.g. "propagation.p1812.time_percent").
void validate(const Profile& profile, const Inputs& in, const char* prefix = "p1812");

/// The complete method of Annex 1 (see the file comment). `scratch` holds at least
/// scratch_size(n) doubles. Inputs are assumed valid (validate()). The profile scan uses
/// thread-local scratch that only grows (path_scan::scan()); throws std::bad_alloc when it cannot
/// grow.
Result basic_transmission_loss(const Profile& profile, const Inputs& in, std::span<double> scratch);

/// The same with the run constants of `in` given (run_constants(in)).
Result basic_transmission_loss(const Profile& profile, const Inputs& in, const RunConstants& rc,
                               std::span<double> scratch);

/// The basic transmission loss Lb (dB) alone, the value of basic_transmission_loss(profile, in,
/// rc, scratch).Lb, for a caller that reads no other term: the diffraction loss at abeta (Ldb,
/// eqs. (39) with ap = abeta) is not computed at p = 50 %, where eq. (41) gives Ldp = Ld50.
double basic_transmission_loss_dB(const Profile& profile, const Inputs& in, const RunConstants& rc,
                                  std::span<double> scratch);

}  // namespace akichi::prop::p1812

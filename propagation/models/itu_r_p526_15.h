// ITU-R P.526-15 (10/2019) "Propagation by diffraction", the parts used for terrain paths:
//   §4.1  single knife edge, approximation of J(nu) (eq. (31));
//   §4.5  Bullington construction over a terrain profile and the delta-Bullington method for a
//         general path (Bullington on the actual profile, Bullington on the smooth profile,
//         spherical-earth loss for the smooth path);
//   §3.2  spherical-earth diffraction loss at any distance, with the first term of the residue
//         series of §3.1.1 (normalised X, Y, F(X), G(Y)).
// The same method, with numbered equations, is ITU-R P.452-18 Annex 1 §4.2.1 (Bullington,
// eqs. (13)-(22)), §4.2.2 (spherical earth, eqs. (23)-(28)), §4.2.2.1 (first term, eqs.
// (29)-(37)), §4.2.3 (delta-Bullington, eqs. (38)-(40)), and Attachment 2 §5.1.6.2-5.1.6.3
// (smooth-surface heights hstd, hsrd). Both are cited beside the code; the P.452-18 numbers are
// the ones a reader can check line by line. The wavelength is lambda = 0.2998 / f_GHz m, the
// speed of light P.452-18 takes from ITU-R P.2001 (its validation set is computed with it).
// Not implemented: the exact J(nu) through Fresnel integrals (§4.1 eq. (26)), multiple
// knife-edge methods (§4.2-4.4), the residue series beyond its first term (§3.1.1.1), rounded
// obstacles (§4.3), P.452's time-percentage interpolation (§4.2.4).
//
// Profiles: d[0..n-1] distances from the transmitter (ascending, d[0] the transmitter, d[n-1]
// the receiver) and h_m[0..n-1] heights above mean sea level in metres, n >= 2. The distances
// are in km unless d_unit_km says otherwise (e.g. 1e-3 for a profile in metres). The profile
// functions run the one-scan analysis shared with P.452-18 and P.1812-6
// (propagation/models/path_scan.h) and use per-thread scratch that only grows (the distances in
// km, when they are given otherwise, and three values per point); they throw std::bad_alloc when
// it cannot grow.
#pragma once

#include <span>

namespace akichi::prop::p526 {

enum class Polarization { Horizontal, Vertical };

/// Electrical properties of the surface for the spherical-earth term.
struct Surface {
  Polarization pol = Polarization::Vertical;
  double eps_r = 22.0;           ///< relative permittivity (P.452-18 §4.2.2.1 land: 22)
  double sigma_S_per_m = 0.003;  ///< conductivity, S/m (P.452-18 §4.2.2.1 land: 0.003)
  /// Fraction omega of the path over sea (0..1): the first-term loss is mixed with the sea
  /// value (eps_r 80, sigma 5 S/m) as omega Ldft_sea + (1 - omega) Ldft, P.452-18 eq. (29).
  double sea_fraction = 0.0;
};

/// c / 1e9 in m (lambda_m = kLambdaTimesF_m_GHz / f_GHz), P.452-18 (c = 2.998e8 m/s, after P.2001).
inline constexpr double kLambdaTimesF_m_GHz = 0.2998;

/// Mean earth radius used by P.452-18 §4.2 and P.526-15 (km).
inline constexpr double kEarthRadius_km = 6371.0;

/// Median effective earth-radius factor k50 = 157 / (157 - dN), P.452-18 eq. (5).
/// @param dN_per_km average radio-refractivity lapse rate dN (N-units/km, positive, < 157)
double median_k_factor(double dN_per_km) noexcept;

/// Knife-edge loss J(nu) in dB, P.526-15 §4.1 eq. (31) (= P.452-18 eq. (13)):
/// 6.9 + 20 log10(sqrt((nu - 0.1)^2 + 1) + nu - 0.1) for nu > -0.78, else 0.
/// @param nu dimensionless diffraction parameter (any value)
double knife_edge_loss_dB(double nu) noexcept;

/// Diffraction parameter of a single edge, P.526-15 §4.1 eq. (26):
/// nu = h sqrt(2 / lambda (1/d1 + 1/d2)).
/// @param h_m      height of the edge above the straight ray (m, negative below it)
/// @param d1_m     distance transmitter -> edge (m, > 0)
/// @param d2_m     distance edge -> receiver (m, > 0)
/// @param lambda_m wavelength (m, > 0)
double knife_edge_nu(double h_m, double d1_m, double d2_m, double lambda_m) noexcept;

/// Bullington diffraction loss Lbull (dB) over a profile, P.526-15 §4.5 / P.452-18 §4.2.1
/// eqs. (14)-(22), including the distance correction of eq. (22).
/// @param d        profile distances (km, or units of d_unit_km), ascending, n >= 2
/// @param h_m      profile heights above mean sea level (m), same size as d
/// @param hts_m    transmitter antenna height above mean sea level (m)
/// @param hrs_m    receiver antenna height above mean sea level (m)
/// @param f_GHz    frequency (GHz, > 0; the method is stated for 0.1 GHz and above)
/// @param ae_km    effective earth radius (km, > 0)
/// @param d_unit_km km per unit of d (1 for km)
double bullington_loss_dB(std::span<const double> d, std::span<const double> h_m, double hts_m,
                          double hrs_m, double f_GHz, double ae_km, double d_unit_km = 1.0);

/// Heights (m above mean sea level) of the least-squares smooth surface at both ends
/// (hst, hsr: P.452-18 Attachment 2 §5.1.6.2) and their values for the diffraction model
/// (hstd, hsrd: §5.1.6.3, corrected for the highest obstruction and never above the ground).
struct SmoothSurfaceHeights {
  double hst_m = 0;
  double hsr_m = 0;
  double hstd_m = 0;
  double hsrd_m = 0;
};

/// Smooth-surface heights of a profile; arguments as for bullington_loss_dB().
SmoothSurfaceHeights smooth_surface_heights(std::span<const double> d, std::span<const double> h_m,
                                            double hts_m, double hrs_m, double d_unit_km = 1.0);

/// First-term spherical-earth diffraction loss Ldft (dB) over one kind of ground,
/// P.526-15 §3.1.1 / P.452-18 §4.2.2.1 eqs. (30)-(37).
/// @param d_km    path length (km, > 0)
/// @param hte_m   transmitter height above the smooth surface (m, > 0)
/// @param hre_m   receiver height above the smooth surface (m, > 0)
/// @param adft_km effective earth radius (km, > 0)
/// @param f_GHz   frequency (GHz, > 0)
/// @param eps_r   relative permittivity; @param sigma_S_per_m conductivity (S/m)
/// @param pol     polarization
double first_term_loss_dB(double d_km, double hte_m, double hre_m, double adft_km, double f_GHz,
                          double eps_r, double sigma_S_per_m, Polarization pol) noexcept;

/// Spherical-earth diffraction loss Ldsph (dB) for any distance, P.526-15 §3.2 /
/// P.452-18 §4.2.2 eqs. (23)-(28); surface as described by `surface` (eq. (29)).
/// Arguments as for first_term_loss_dB(), ap_km the effective earth radius.
double spherical_earth_loss_dB(double d_km, double hte_m, double hre_m, double ap_km, double f_GHz,
                               const Surface& surface) noexcept;

/// All terms of the delta-Bullington method.
struct DeltaBullington {
  double Lbulla_dB = 0;  ///< Bullington loss of the actual profile
  double Lbulls_dB = 0;  ///< Bullington loss of the smooth (zero-height) profile
  double Ldsph_dB = 0;   ///< spherical-earth loss of the smooth path
  double Ld_dB = 0;      ///< diffraction loss of the general path, eq. (40)
  SmoothSurfaceHeights heights;
};

/// Delta-Bullington diffraction loss for a general path, P.526-15 §4.5 /
/// P.452-18 §4.2.3 eqs. (38)-(40): Ld = Lbulla + max(Ldsph - Lbulls, 0).
/// Arguments as for bullington_loss_dB(); ap_km the effective earth radius (for P.452's median
/// case ap = 6371 k50). Antenna heights must lie above the ground under them.
DeltaBullington delta_bullington(std::span<const double> d, std::span<const double> h_m,
                                 double hts_m, double hrs_m, double f_GHz, double ap_km,
                                 const Surface& surface, double d_unit_km = 1.0);

/// Shorthand: delta_bullington(...).Ld_dB.
double delta_bullington_loss_dB(std::span<const double> d, std::span<const double> h_m,
                                double hts_m, double hrs_m, double f_GHz, double ap_km,
                                const Surface& surface, double d_unit_km = 1.0);

}  // namespace akichi::prop::p526

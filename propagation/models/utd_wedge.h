// Uniform geometrical theory of diffraction (UTD) for a wedge.
//
// Sources:
//   [KP74] R. G. Kouyoumjian, P. H. Pathak, "A uniform geometrical theory of diffraction for an
//          edge in a perfectly conducting surface", Proc. IEEE 62(11), 1448-1461, 1974: the
//          diffraction coefficient D_s,h of a perfectly conducting wedge (the four cotangent
//          terms, a^±, N^±, the distance parameter L), the transition function F(X) with its
//          small- and large-argument forms, and the limit of a cotangent term at a shadow or
//          reflection boundary.
//   [L84]  R. J. Luebbers, "Finite conductivity uniform GTD versus knife edge diffraction in
//          prediction of propagation path loss", IEEE Trans. Antennas Propag. 32(1), 70-76,
//          1984: the heuristic coefficient of a finitely conducting wedge, terms 3 and 4
//          weighted by the Fresnel reflection coefficients R_n and R_0 of the two faces.
//   ITU-R P.526-15 §6 "Diffraction over a finitely conducting wedge" recommends the same
//   formulation ([L84] with the notation of [KP74]) for 2-D paths (source and observer in the
//   plane normal to the edge).
//   [AS64] Abramowitz & Stegun, Handbook of Mathematical Functions: 7.1.5 (the power series of
//          erf) and 7.1.14 (the continued fraction of e^{z^2} erfc z, Re z > 0), used for F(X).
//
// Conventions (those of [KP74]):
//   - time dependence exp(+j omega t): a ray field travelling a distance s carries exp(-j k s);
//   - the wedge has two faces, the o-face (phi = 0) and the n-face (phi = n pi); its exterior
//     (the region outside the wedge, where source and observer lie) has angle n pi, n in [1, 2]
//     (n = 2: a half-plane or knife edge; n = 1.5: a right-angled corner, as of a building);
//   - phi' (incidence) and phi (diffraction) are measured from the o-face, in the plane normal
//     to the edge, through the exterior, in [0, n pi];
//   - soft (Dirichlet) = E parallel to the edge (TE to the faces); hard (Neumann) = E normal
//     to the edge in the plane of incidence (TM to the faces).
//
// The diffraction coefficient (beta0 the angle between the incident ray and the edge):
//   D = -exp(-j pi/4) / (2 n sqrt(2 pi k) sin beta0) x
//       [ cot((pi + (phi - phi')) / 2n) F(k L a+(phi - phi'))
//       + cot((pi - (phi - phi')) / 2n) F(k L a-(phi - phi'))
//       + R_n cot((pi + (phi + phi')) / 2n) F(k L a+(phi + phi'))
//       + R_0 cot((pi - (phi + phi')) / 2n) F(k L a-(phi + phi')) ]
// with a±(b) = 2 cos^2((2 n pi N± - b) / 2), N± the integers that most nearly satisfy
// 2 pi n N± - b = ± pi, and the transition function
//   F(X) = 2 j sqrt(X) exp(jX) Int_{sqrt X}^inf exp(-j t^2) dt.
// A perfect conductor has R_0 = R_n = -1 (soft) or +1 (hard) [KP74]; a finitely conducting
// wedge takes the Fresnel coefficients of each face [L84]: R_0 at the grazing angle phi' on the
// o-face, R_n at the grazing angle n pi - phi on the n-face (absolute values of the sines, so
// that a shadowed face reflects "virtually"), TE for soft, TM for hard.
//
// The diffracted field of a spherical wave (point source at distance s' from the edge point
// Q, observer at s from Q, [KP74]):
//   E_d = E_i(Q) D sqrt(s' / (s (s' + s))) exp(-j k s),   L = s s' sin^2(beta0) / (s + s');
// for a cylindrical wave (line source parallel to the edge at distance s') the same D with the
// same L multiplies exp(-j k s) / sqrt(s); for a plane wave L = s sin^2(beta0), spreading
// 1/sqrt(s). D has units of m^(1/2).
//
// Singular directions: each cotangent term is evaluated from eps = pi ± b - 2 n pi N±, the
// angular distance to its shadow or reflection boundary, as cot(eps / 2n) F(2 k L sin^2(eps/2))
// (exactly equal to the term above, and accurate as eps -> 0); for |eps| < 1e-10 rad the
// [KP74] limit n exp(j pi/4) [sqrt(2 pi k L) sgn(eps) - 2 k L eps exp(j pi/4)] is used, with
// sgn(0) = 0 exactly on a boundary: there the coefficient is the mean of its two one-sided
// limits, which with a geometrical-optics field of half strength on the boundary gives the
// continuous total field. No direction yields NaN or infinity.
//
// Not implemented: the dyadic form for arbitrary polarisation in 3-D (the scalar soft/hard
// coefficients are given; with beta0 != pi/2 they are the [KP74] edge-fixed components),
// slope diffraction, curved faces or edges, multiple (double) wedge diffraction, impedance
// (Maliuzhinets) wedges.
#pragma once

#include <complex>
#include <numbers>

namespace akichi::prop::utd {

/// The [KP74] transition function F(X) = 2 j sqrt(X) e^{jX} Int_{sqrt X}^inf e^{-j t^2} dt.
/// F(0) = 0, |F| -> 1 as X -> inf (F ~ 1 + j/(2X) - 3/(4X^2)), F ~ sqrt(pi X) e^{j pi/4} for
/// small X. Relative accuracy ~1e-14 over X >= 0 (power series for X < 4, continued fraction
/// up to kTransitionAsymptoticX, the asymptotic series above; see the .cpp).
/// @param X argument (dimensionless, >= 0; negative values are treated as |X|)
std::complex<double> transition_function(double X) noexcept;

/// From this X on, transition_function() sums the asymptotic series (at most 17 real terms)
/// instead of the continued fraction's 40 complex divisions.
inline constexpr double kTransitionAsymptoticX = 64.0;

/// Diffraction coefficient D (m^0.5, as in [KP74]) of a perfectly conducting wedge of exterior
/// angle n pi.
/// @param n                   exterior wedge angle / pi, in [1, 2] (2 = half-plane; 1 = no edge,
///                            D = 0)
/// @param phi_incident_rad    phi', angle of the incident ray's source side from the o-face
///                            (rad, [0, n pi])
/// @param phi_diffracted_rad  phi, angle of the observer from the o-face (rad, [0, n pi])
/// @param s_incident_m        s', source (or its caustic) to the edge point (m, > 0)
/// @param s_diffracted_m      s, edge point to the observer (m, > 0)
/// @param wavenumber_per_m    k = 2 pi / lambda (rad/m, > 0)
/// @param soft                true: Dirichlet (E parallel to the edge); false: Neumann
/// @param beta0_rad           angle between the incident ray and the edge (rad, (0, pi/2];
///                            pi/2: ray normal to the edge, the 2-D case)
std::complex<double> wedge_diffraction_coefficient(double n, double phi_incident_rad,
                                                   double phi_diffracted_rad, double s_incident_m,
                                                   double s_diffracted_m, double wavenumber_per_m,
                                                   bool soft,
                                                   double beta0_rad = std::numbers::pi /
                                                                      2) noexcept;

/// Diffraction coefficient D (m^0.5) of a finitely conducting wedge ([L84]; ITU-R P.526-15 §6):
/// terms 3 and 4 weighted by the Fresnel coefficients R_n and R_0 of the faces
/// (p2040::fresnel_reflection), R_0 at incidence cos(theta) = |sin phi'|, R_n at
/// cos(theta) = |sin(n pi - phi)|. With eta -> infinity it tends to
/// wedge_diffraction_coefficient(..., soft = te).
/// Arguments as for wedge_diffraction_coefficient(), and:
/// @param eta_o complex relative permittivity of the o-face material (eta' - j eta'', as
///              p2040::complex_permittivity)
/// @param eta_n complex relative permittivity of the n-face material
/// @param te    true: E parallel to the edge (TE to the faces, the soft case); false: TM (hard)
std::complex<double> wedge_diffraction_coefficient_lossy(
    double n, double phi_incident_rad, double phi_diffracted_rad, double s_incident_m,
    double s_diffracted_m, double wavenumber_per_m, std::complex<double> eta_o,
    std::complex<double> eta_n, bool te, double beta0_rad = std::numbers::pi / 2) noexcept;

/// Spreading factor of the diffracted ray of a spherical wave, sqrt(s' / (s (s' + s))) (1/m).
/// @param s_incident_m s' (m, > 0); @param s_diffracted_m s (m, > 0)
double spherical_spreading_factor(double s_incident_m, double s_diffracted_m) noexcept;

/// Loss (dB) of the field diffracted by a perfectly conducting wedge (spherical wave, ray normal
/// to the edge) relative to the free-space field at the unfolded distance s' + s:
///   |E_d| / |E_fs(s' + s)| = |D| sqrt(s'/(s (s' + s))) (s' + s) / s' = |D| sqrt((s' + s) / (s'
///   s)), loss_dB = -20 log10(|D| sqrt((s' + s) / (s' s))).
/// This is the diffracted ray alone: in the shadow of the wedge (no geometrical-optics field)
/// it is the whole excess loss over free space; in lit regions the incident and reflected
/// fields must be added to the diffracted one before taking a loss. Very large where D vanishes
/// (n = 1, where D is zero to rounding; soft at grazing incidence).
/// Arguments as for wedge_diffraction_coefficient(), with @param f_Hz frequency (Hz, > 0).
double utd_edge_loss_dB(double n, double phi_incident_rad, double phi_diffracted_rad,
                        double s_incident_m, double s_diffracted_m, double f_Hz,
                        bool soft) noexcept;

/// Speed of light in vacuum (m/s) used to turn f_Hz into k.
inline constexpr double kSpeedOfLight_m_per_s = 299792458.0;

}  // namespace akichi::prop::utd

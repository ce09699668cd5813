// Uniform geometrical theory of diffraction (UTD) for a perfectly conducting wedge:
// R. G. Kouyoumjian and P. H. Pathak, "A uniform geometrical theory of diffraction for an edge
// in a perfectly conducting surface", Proc. IEEE 62(11), pp. 1448-1461, Nov. 1974.
// Implemented: the diffraction coefficient D_s / D_h of eq. (26) (normal incidence on the
// edge, beta_0 = pi/2) with the distance parameter L = s s' / (s + s') of a spherical wave,
// the transition function F(X) of eq. (25) (evaluated through the Fresnel integral: power series
// for X <= 20, asymptotic series above), and the limit of each term at its shadow or
// reflection boundary.
// Not implemented: oblique incidence (sin beta_0 != 1), finite conductivity (Luebbers'
// heuristic coefficients), curved faces, slope diffraction.
#pragma once

#include <complex>

namespace akichi::prop::utd {

/// Transition function F(X) = 2 j sqrt(X) exp(jX) Int_{sqrt X}^{inf} exp(-j tau^2) d tau,
/// K&P eq. (25). @param X >= 0. F(0) = 0, F -> 1 for large X.
std::complex<double> transition_function(double X) noexcept;

/// Kouyoumjian-Pathak wedge diffraction coefficient D (units sqrt(m)), so that the diffracted
/// field is E_d = E_i(Q) D sqrt(s' / (s (s' + s))) exp(-j k s) (time dependence exp(+j w t)).
/// @param n                  exterior wedge angle / pi (1 <= n <= 2; n = 2 is a half-plane)
/// @param phi_incident_rad   angle of the source direction from the o-face, [0, n pi]
/// @param phi_diffracted_rad angle of the observation direction from the o-face, [0, n pi]
/// @param s_incident_m       distance source -> edge s' (m, > 0)
/// @param s_diffracted_m     distance edge -> observer s (m, > 0)
/// @param wavenumber_per_m   k = 2 pi / lambda (1/m, > 0)
/// @param soft               true: soft (Dirichlet; E parallel to the edge, "TE"); false: hard
std::complex<double> wedge_diffraction_coefficient(double n, double phi_incident_rad,
                                                   double phi_diffracted_rad, double s_incident_m,
                                                   double s_diffracted_m, double wavenumber_per_m,
                                                   bool soft) noexcept;

}  // namespace akichi::prop::utd

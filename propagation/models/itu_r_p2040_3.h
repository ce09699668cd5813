// ITU-R P.2040-3 (08/2023) "Effects of building materials and structures on radiowave
// propagation above about 100 MHz", Annex 1.
// Implemented:
//   §2.1.4 the frequency-dependent models eta' = a f_GHz^b, sigma = c f_GHz^d with the
//          coefficients of Table 3 (the rows valid at or below 100 GHz, and the three ground
//          types);
//   §2.1.2 the complex relative permittivity of a conducting dielectric,
//          eta = eta' - j eta'', eta'' = sigma / (omega eps0) = 17.98 sigma / f_GHz;
//   §2.2.1 the Fresnel reflection coefficients at a single plane interface, in the simplified
//          form for a wave incident from air (§2.2.1.5), TE and TM.
// The Table 3 catalogue itself (names and coefficients) is surface data, shared with the building
// reader: propagation/surface/materials.h.
//   §2.2.2.2 reflection and transmission through a single-layer slab, eqs. (43a), (43b) and
//          (44), with the simplified Fresnel coefficients of §2.2.1.5, eqs. (37a), (37b).
// Not modelled (outside the single-layer slab akichi uses): §2.2.2.1 the general method for a
// multi-layer slab, §2.2.3 waveguide propagation in buildings, §2.3 frequency selective
// surfaces, the Table 3 rows above 100 GHz (glass and ceiling board at 220-450 GHz). Building
// entry loss is ITU-R P.2109-2 (propagation/models/itu_r_p2109_2.h).
// The Table 3 coefficients were checked row by row against the Recommendation as transcribed
// by independent implementations (tests/unit/propagation/models/itu_r_p2040_3_test.cpp cites one).
#pragma once

#include <complex>

#include "propagation/surface/materials.h"

namespace akichi::prop::p2040 {

/// Real relative permittivity eta' = a f^b (§2.1.4, Table 3). @param f_GHz > 0 (GHz)
double relative_permittivity(const Material& m, double f_GHz) noexcept;

/// Conductivity sigma = c f^d in S/m (§2.1.4, Table 3). @param f_GHz > 0 (GHz)
double conductivity_S_per_m(const Material& m, double f_GHz) noexcept;

/// Complex relative permittivity eta = eta' - j 17.98 sigma / f_GHz (§2.1.2: eta'' = sigma /
/// (omega eps0) = 17.98 sigma / f_GHz, with a time dependence exp(+j omega t); eta' and sigma
/// from §2.1.4). @param f_GHz > 0 (GHz)
std::complex<double> complex_permittivity(const Material& m, double f_GHz) noexcept;

/// Fresnel reflection coefficients at the plane interface between air and a medium of complex
/// relative permittivity eta (non-magnetic), for the electric field:
///   R_TE = (cos t - sqrt(eta - sin^2 t)) / (cos t + sqrt(eta - sin^2 t))          (E normal to
///           the plane of incidence; horizontal polarisation on a horizontal surface)
///   R_TM = (eta cos t - sqrt(eta - sin^2 t)) / (eta cos t + sqrt(eta - sin^2 t))  (E in the
///           plane of incidence)
/// with t the angle of incidence from the surface normal (P.2040-3 §2.2.1, simplified for a
/// wave incident from air in §2.2.1.5). Conventions: at t = 0, R_TE = (1 - sqrt(eta)) /
/// (1 + sqrt(eta)) = -R_TM; at grazing incidence R_TE = R_TM = -1; R_TM = 0 at the Brewster
/// angle tan t = sqrt(eta) of a lossless medium.
/// @param theta_i_rad angle of incidence from the normal, [0, pi/2]
struct Reflection {
  std::complex<double> te, tm;
};
Reflection fresnel_reflection(std::complex<double> eta, double theta_i_rad) noexcept;

/// Reflection and transmission coefficients of a single-layer slab of thickness d_m and
/// complex relative permittivity eta in air (P.2040-3 §2.2.2.2), for the electric field, TE
/// and TM as in fresnel_reflection():
///   R = R' (1 - e^{-j2q}) / (1 - R'^2 e^{-j2q})           eq. (43a)
///   T = (1 - R'^2) e^{-jq} / (1 - R'^2 e^{-j2q})          eq. (43b)
///   q = (2 pi d / lambda) sqrt(eta - sin^2 t)             eq. (44)
/// with R' the air-to-material Fresnel coefficient of the polarisation, eqs. (37a), (37b). The
/// multiple reflections inside the slab are summed coherently; T is referred to the slab's
/// faces (no displacement of the transmitted ray). d_m = 0 gives R = 0, T = 1.
/// @param theta_i_rad angle of incidence from the normal, [0, pi/2)
/// @param d_m thickness (m, >= 0); @param lambda_m free-space wavelength (m, > 0)
struct Slab {
  std::complex<double> r_te, r_tm, t_te, t_tm;
};
Slab slab_coefficients(std::complex<double> eta, double theta_i_rad, double d_m,
                       double lambda_m) noexcept;

}  // namespace akichi::prop::p2040

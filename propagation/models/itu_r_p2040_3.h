// ITU-R P.2040-3 (08/2023) "Effects of building materials and structures on radiowave
// propagation above about 100 MHz".
// Implemented: §2.1.4 the frequency-dependent electrical properties of building materials
// (Table 3, the rows valid below 100 GHz, and the three ground types), the complex relative
// permittivity of a lossy medium from its conductivity, and the Fresnel reflection coefficients
// of a plane wave incident from air on a semi-infinite material (TE and TM).
// Not implemented: §2.2.4 and §3 reflection and transmission through a slab of finite thickness,
// §4 building entry loss (see P.2109-2), §5 the Table 3 rows above 100 GHz.
#pragma once

#include <complex>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace akichi::prop::p2040 {

/// One row of P.2040-3 Table 3: eta' = a f_GHz^b (relative permittivity) and
/// sigma = c f_GHz^d (conductivity, S/m), valid for f_min_GHz <= f <= f_max_GHz.
struct Material {
  std::string_view name;  ///< lower-case identifier: "concrete", "glass", "metal", ...
  double a, b, c, d;
  double f_min_GHz, f_max_GHz;
};

/// Every material of the table, in the table's order: vacuum, concrete, brick, plasterboard,
/// wood, glass, ceiling_board, chipboard, plywood, marble, floorboard, metal, very_dry_ground,
/// medium_dry_ground, wet_ground.
std::span<const Material> materials() noexcept;

/// Index into materials() of the material named `name` (case-insensitive; '-' and ' ' match '_'),
/// or nullopt.
std::optional<std::size_t> find_material(std::string_view name) noexcept;

/// The material names, for "expected one of ..." messages.
std::vector<std::string> material_names();

/// Real relative permittivity eta' = a f^b (§2.1.4, Table 3). @param f_GHz > 0
double relative_permittivity(const Material& m, double f_GHz) noexcept;

/// Conductivity sigma = c f^d in S/m (§2.1.4, Table 3). @param f_GHz > 0
double conductivity_S_per_m(const Material& m, double f_GHz) noexcept;

/// Complex relative permittivity eta = eta' - j 17.98 sigma / f_GHz (§2.1.4: eta'' = sigma /
/// (omega eps0) = 17.98 sigma / f_GHz, with a time dependence exp(+j omega t)).
std::complex<double> complex_permittivity(const Material& m, double f_GHz) noexcept;

/// Fresnel reflection coefficients at the plane interface between air and a medium of complex
/// relative permittivity eta (non-magnetic), for the electric field:
///   R_TE = (cos t - sqrt(eta - sin^2 t)) / (cos t + sqrt(eta - sin^2 t))          (E normal to
///           the plane of incidence; horizontal polarisation on a horizontal surface)
///   R_TM = (eta cos t - sqrt(eta - sin^2 t)) / (eta cos t + sqrt(eta - sin^2 t))  (E in the
///           plane of incidence)
/// with t the angle of incidence from the surface normal (P.2040-3 §2.2.2).
/// @param theta_i_rad angle of incidence from the normal, [0, pi/2]
struct Reflection {
  std::complex<double> te, tm;
};
Reflection fresnel_reflection(std::complex<double> eta, double theta_i_rad) noexcept;

}  // namespace akichi::prop::p2040

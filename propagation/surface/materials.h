// The materials of surfaces (walls, roofs, ground) as ITU-R P.2040-3 (08/2023) Table 3 lists
// them: a name and the coefficients of the frequency-dependent models of §2.1.4, for the rows
// valid at or below 100 GHz and the three ground types. The building reader names wall materials
// by these rows; the electromagnetic functions that use the coefficients (permittivity, Fresnel
// reflection) are the model, propagation/models/itu_r_p2040_3.h.
#pragma once

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

/// Default thickness (m) of a wall of material `index` (into materials()), for buildings whose
/// data give none: a typical construction thickness, not a value of P.2040-3 (docs/methods.md
/// lists them): concrete and brick 0.2, glass 0.012 (a 12 mm pane), wood 0.05, plasterboard
/// 0.0125, ceiling board 0.015, chipboard and plywood 0.02, marble and floorboard 0.03,
/// metal 0.002 (cladding), and 0.2 for the rows that are not building materials.
double default_thickness_m(std::size_t index) noexcept;

}  // namespace akichi::prop::p2040

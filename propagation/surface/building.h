// Buildings of the study area as the physics sees them: 2.5-D prisms (a footprint polygon in
// the study CRS extruded from the ground to a flat roof, or to a roof of planar facets read from
// a CityGML LOD2 model) with the wall material of ITU-R P.2040-3 Table 3. Read from vector files by
// propagation/surface/building_reader.h, indexed for ray queries by
// propagation/surface/building_index.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "propagation/geo/geometry.h"

namespace akichi::prop {

/// What a building is used for, as far as the propagation inside it is concerned: the 2.5-D ray
/// model picks the 3GPP TR 38.901 indoor scenario of a link inside the building from it
/// (propagation/models/ray_indoor.h).
enum class BuildingUse : std::uint8_t {
  Unspecified = 0,  ///< not given (or "yes" / "unknown")
  Office = 1,       ///< offices and similar rooms-and-corridors buildings: TR 38.901 InH (mixed)
  OpenOffice = 2,   ///< open-plan office: TR 38.901 InH open office
  Factory = 3,      ///< production halls, warehouses: TR 38.901 InF
  Other = 4,        ///< a use without a TR 38.901 indoor scenario (houses, ...)
};

/// One planar face of a sloped, gabled or flat roof (a CityGML LOD2 bldg:RoofSurface polygon):
/// where it lies in plan and its plane. Heights are above the ground under the building, the
/// datum of Building::height_m.
struct RoofFacet {
  Polygon2 plan;                ///< study CRS, valid and corrected
  double x0_m = 0, y0_m = 0;    ///< reference point of the plane (study CRS, m)
  double z0_m = 0;              ///< roof height at (x0, y0) above the ground under the building (m)
  double dz_dx = 0, dz_dy = 0;  ///< slopes of the plane along x and y (m per m)

  /// Height of the plane at (x_m, y_m) above the ground under the building (m).
  double height_m(double x_m, double y_m) const noexcept {
    return z0_m + dz_dx * (x_m - x0_m) + dz_dy * (y_m - y0_m);
  }
};

struct Building {
  std::string id;      ///< feature id, or the id attribute named by the scenario
  Polygon2 footprint;  ///< study CRS, valid and corrected (clockwise outer ring, closed)
  /// Roof height above the ground under the building (> 0); with roof facets, their highest
  /// point.
  double height_m = 0;
  /// Ground elevation the building stands on (m, terrain datum): 0 as read; set from the
  /// terrain (at the footprint's centroid) when the buildings are placed on a terrain grid.
  double base_z_m = 0;
  std::size_t material = 1;  ///< index into p2040::materials() (default 1: concrete)
  /// Thickness of the walls and roof (m, > 0) as a single slab of the material, for
  /// transmission through the building (ITU-R P.2040-3 §2.2.2.2); 0 = the material's
  /// p2040::default_thickness_m().
  double wall_thickness_m = 0;
  BuildingUse use = BuildingUse::Unspecified;  ///< from the use attribute, if any
  /// The roof's planar facets (CityGML LOD2), or empty: a flat roof at height_m. Where the
  /// facets overlap in plan the highest is the roof; a point of the footprint under no facet has
  /// the lowest facet height.
  std::vector<RoofFacet> roof{};
};

using Buildings = std::vector<Building>;

}  // namespace akichi::prop

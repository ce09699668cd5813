// Buildings of the study area as the physics sees them: 2.5-D prisms (a footprint polygon in
// the study CRS extruded from the ground to a flat roof) with the wall material of ITU-R
// P.2040-3 Table 3. Read from vector files by propagation/surface/building_reader.h, indexed for
// ray queries by propagation/surface/building_index.h.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "propagation/geo/geometry.h"

namespace akichi::prop {

struct Building {
  std::string id;       ///< feature id, or the id attribute named by the scenario
  Polygon2 footprint;   ///< study CRS, valid and corrected (clockwise outer ring, closed)
  double height_m = 0;  ///< roof height above the ground under the building (> 0)
  /// Ground elevation the building stands on (m, terrain datum): 0 as read; set from the
  /// terrain (at the footprint's centroid) when the buildings are placed on a terrain grid.
  double base_z_m = 0;
  std::size_t material = 1;  ///< index into p2040::materials() (default 1: concrete)
  /// Thickness of the walls and roof (m, > 0) as a single slab of the material, for
  /// transmission through the building (ITU-R P.2040-3 §2.2.2.2); 0 = the material's
  /// p2040::default_thickness_m().
  double wall_thickness_m = 0;
};

using Buildings = std::vector<Building>;

}  // namespace akichi::prop

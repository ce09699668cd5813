// Shared by the building targets: the file read into the study CRS of the building tests
// (UTM 54N), under the Error policy and, when that refuses it, under Repair (which runs OGR's
// MakeValid through GEOS on what it can).
#pragma once

#include <string>

#include "propagation/geo/crs.h"
#include "propagation/surface/building_reader.h"
#include "tests/fuzz/fuzz_common.h"

namespace akichi::fuzz {

inline void read_buildings(const std::string& path, const std::string& height_attribute) {
  static const prop::Crs study = prop::Crs::from_epsg(32654);
  for (const prop::InvalidBuildingPolicy policy :
       {prop::InvalidBuildingPolicy::Error, prop::InvalidBuildingPolicy::Repair}) {
    prop::BuildingReadOptions opts;
    opts.path = path;
    opts.height_attribute = height_attribute;
    opts.material_attribute = "material";
    opts.invalid = policy;
    bool refused = false;
    try {
      prop::read_buildings(opts, study);
    } catch (const akichi::Error&) {
      refused = true;
    }
    if (!refused) return;
  }
}

}  // namespace akichi::fuzz

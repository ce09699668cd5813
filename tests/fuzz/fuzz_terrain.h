// Shared by the terrain targets: the raster is warped onto a small lattice inside the seed DEM
// (tests/data/scenario/dem.tif, UTM 54N), once per NodataPolicy so that the fill paths run too.
#pragma once

#include <string>

#include "propagation/geo/crs.h"
#include "propagation/terrain/terrain.h"
#include "tests/fuzz/fuzz_common.h"

namespace akichi::fuzz {

inline const prop::Crs& terrain_crs() {
  static const prop::Crs crs = prop::Crs::from_epsg(32654);
  return crs;
}

inline void load_terrain(const std::string& path) {
  const prop::TerrainLattice lattice{{389900, 3939100, 392700, 3941400}, 200};
  for (const prop::NodataPolicy policy :
       {prop::NodataPolicy::Error, prop::NodataPolicy::Fill, prop::NodataPolicy::Nearest}) {
    prop::RasterTerrainOptions options;
    options.path = path;
    options.nodata = policy;
    prop::RasterTerrainReport report;
    answer([&] { prop::load_raster_terrain(options, terrain_crs(), lattice, &report); });
  }
}

}  // namespace akichi::fuzz

// Terrain rasters as ESRI ASCII grids through the terrain reader (propagation/terrain/
// raster.cpp), the bytes in GDAL's /vsimem/ beside a fixed .prj (UTM 54N): a grid without a
// CRS is refused before its cells are read.
#include "tests/fuzz/fuzz_terrain.h"
#include "tests/fuzz/fuzz_vsimem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string prj = akichi::fuzz::terrain_crs().wkt();
  const akichi::fuzz::VsiFolder folder;
  folder.add("dem.prj", prj);
  akichi::fuzz::load_terrain(folder.add("dem.asc", data, size));
  return 0;
}

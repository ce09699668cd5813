// Terrain rasters as GeoTIFF through the terrain reader (propagation/terrain/raster.cpp), the
// bytes in GDAL's /vsimem/.
#include "tests/fuzz/fuzz_terrain.h"
#include "tests/fuzz/fuzz_vsimem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const akichi::fuzz::VsiFolder folder;
  akichi::fuzz::load_terrain(folder.add("dem.tif", data, size));
  return 0;
}

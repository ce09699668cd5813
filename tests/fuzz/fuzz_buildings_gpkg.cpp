// Buildings as a GeoPackage through the building reader (propagation/surface/building_reader),
// the bytes in GDAL's /vsimem/ (GDAL's SQLite VFS reads them there).
#include "tests/fuzz/fuzz_buildings.h"
#include "tests/fuzz/fuzz_vsimem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const akichi::fuzz::VsiFolder folder;
  akichi::fuzz::read_buildings(folder.add("buildings.gpkg", data, size), "height_m");
  return 0;
}

// Buildings as GeoJSON through the building reader (propagation/surface/building_reader), the
// bytes in GDAL's /vsimem/.
#include "tests/fuzz/fuzz_buildings.h"
#include "tests/fuzz/fuzz_vsimem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const akichi::fuzz::VsiFolder folder;
  akichi::fuzz::read_buildings(folder.add("buildings.geojson", data, size), "height_m");
  return 0;
}

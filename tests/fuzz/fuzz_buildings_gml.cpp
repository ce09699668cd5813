// Buildings as CityGML / GML through the building reader (propagation/surface/building_reader,
// GDAL's GML driver), the bytes in GDAL's /vsimem/; heights from CityGML's measuredHeight.
#include <cpl_conv.h>

#include "tests/fuzz/fuzz_buildings.h"
#include "tests/fuzz/fuzz_vsimem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A schemaLocation in a fuzzed file must not send GDAL to the network: runs stay offline and
  // reproducible.
  static const bool offline = [] {
    CPLSetConfigOption("GML_DOWNLOAD_SCHEMA", "NO");
    return true;
  }();
  (void)offline;
  const akichi::fuzz::VsiFolder folder;
  akichi::fuzz::read_buildings(folder.add("buildings.gml", data, size), "measuredHeight");
  return 0;
}

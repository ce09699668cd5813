// Station lists as GeoJSON, read through OGR as the station reader reads any vector list
// (sim/station/station_db: nested properties flattened, each feature's point and fields).
#include "tests/fuzz/fuzz_common.h"
#include "tests/fuzz/fuzz_station_list.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = akichi::fuzz::write_input("stations.geojson", data, size);
  return akichi::fuzz::answer([&] { akichi::fuzz::read_station_list(path); });
}

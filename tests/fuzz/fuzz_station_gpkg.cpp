// Station lists as GeoPackage (the format of the live database's `stations` table, which
// `akichi run` reads back as a station list): the bytes are an SQLite file that OGR's GPKG
// driver opens, so the fuzzer reaches the SQLite pager, GDAL's GeoPackage reader and the
// station fields of every feature.
#include "tests/fuzz/fuzz_common.h"
#include "tests/fuzz/fuzz_station_list.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = akichi::fuzz::write_input("stations.gpkg", data, size);
  return akichi::fuzz::answer([&] { akichi::fuzz::read_station_list(path); });
}

// Station lists as CSV (sim/station/station_db: the CSV table, then every row's fields).
#include "tests/fuzz/fuzz_common.h"
#include "tests/fuzz/fuzz_station_list.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = akichi::fuzz::write_input("stations.csv", data, size);
  return akichi::fuzz::answer([&] { akichi::fuzz::read_station_list(path); });
}

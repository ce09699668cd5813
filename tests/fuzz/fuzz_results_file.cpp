// Results files handed to render and merge: the structure check, then the reader over every
// variable's metadata, as `akichi render` does before it reads a layer.
#include "sim/results/file_check.h"
#include "sim/results/reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = akichi::fuzz::write_input("results.h5", data, size);
  return akichi::fuzz::answer([&] {
    akichi::sim::results::check_results_file(path);
    const akichi::sim::results::Reader r(path);
    for (const std::string& v : r.variables("/")) r.info(v);
  });
}

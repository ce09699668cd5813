// The ITU-R SG3 measurement-data CSV reader (sim/p2p/p1812), with the P.1812 inputs of row 0.
#include "sim/p2p/p1812.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return akichi::fuzz::answer([&] {
    const akichi::sim::p2p::Sg3File f =
        akichi::sim::p2p::parse_sg3(akichi::fuzz::as_text(data, size), "sg3.csv");
    akichi::sim::p2p::sg3_profile(f);
    if (!f.measurements.empty()) akichi::sim::p2p::sg3_inputs(f, 0);
  });
}

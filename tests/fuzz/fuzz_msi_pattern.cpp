// The MSI / Planet antenna pattern reader (propagation/antenna/msi_pattern).
#include "propagation/antenna/msi_pattern.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return akichi::fuzz::answer([&] {
    const akichi::prop::MsiPattern p =
        akichi::prop::parse_msi(akichi::fuzz::as_text(data, size), "pattern.msi");
    akichi::prop::msi_attenuation_dB(p, 3.0, 45.0);  // the pattern as the engine uses it
  });
}

// The MIC area rules reader (sim/scenario/mic_rules).
#include "sim/scenario/mic_rules.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(akichi::fuzz::as_text(data, size));
  return akichi::fuzz::answer([&] { akichi::sim::parse_mic_rules(text, "rules.toml"); });
}

// The scenario reader (sim/scenario): TOML text -> Scenario, with its [sweep].
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(akichi::fuzz::as_text(data, size));
  const std::string path = (akichi::fuzz::scratch_dir() / "scenario.toml").string();
  akichi::fuzz::answer([&] { akichi::sim::parse_scenario(text, path); });
  return akichi::fuzz::answer([&] { akichi::sim::read_sweep(text, path); });
}

// The ITM point-to-point and area CSV inputs (sim/p2p/itm): each input is run as the cases file
// (on the first profile of NTIA's pfls.csv) and as the pfl profile file (for NTIA's p2p.csv
// cases), through the driver `akichi p2p --model itm` runs.
#include <fstream>

#include "sim/p2p/itm.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

const std::string kData = std::string(AKICHI_SOURCE_DIR) + "/tests/data/ntia-itm/";

/// The first profile line of NTIA's pfls.csv as a file of its own: one profile for any number
/// of cases.
std::string one_profile() {
  std::ifstream in(kData + "pfls.csv");
  std::string line;
  std::getline(in, line);
  const std::string path = (akichi::fuzz::scratch_dir() / "one.pfl").string();
  std::ofstream(path) << line << '\n';
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string profile = one_profile();
  const std::string input = akichi::fuzz::write_input("input.csv", data, size);
  const std::string output = (akichi::fuzz::scratch_dir() / "out.csv").string();
  akichi::fuzz::answer([&] { akichi::sim::p2p::run_itm_p2p({"itm", profile, input, "", output}); });
  return akichi::fuzz::answer([&] {
    akichi::sim::p2p::run_itm_p2p({"itm", input, kData + "p2p.csv", "", output});
  });
}

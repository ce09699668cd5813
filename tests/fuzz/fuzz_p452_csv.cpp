// The P.452-18 point-to-point CSV inputs (sim/p2p/p452): each input is read as a profile (and
// predicted on the first cases of the WP 3M flat-land 100 km file) and as a cases table (each
// row predicted on that file's profile), so both readers and the model see fuzzed values.
#include "sim/p2p/p452.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

namespace p2p = akichi::sim::p2p;
namespace p452 = akichi::prop::p452_18;

const std::string kData = std::string(AKICHI_SOURCE_DIR) + "/tests/data/itu-r-p452-18/";

void predict(const akichi::sim::CsvTable& cases, std::size_t rows,
             const p2p::P452Profile& profile) {
  p452::PathAnalysis analysis;
  for (std::size_t r = 0; r < rows; ++r) {
    const p2p::P452Case c = p2p::p452_case(cases, r, profile);
    p452::analyse_path(c.path, analysis);
    p452::evaluate(analysis, c.radio);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const p2p::P452Profile profile =
      p2p::read_p452_profile(kData + "profiles/test_profile_flat_land_100km.csv");
  static const akichi::sim::CsvTable cases =
      akichi::sim::CsvTable::read(kData + "results/test_result_flat_land_100km.csv");
  const std::string path = akichi::fuzz::write_input("profile.csv", data, size);
  akichi::fuzz::answer([&] { predict(cases, 2, p2p::read_p452_profile(path)); });
  return akichi::fuzz::answer([&] {
    const auto table = akichi::sim::CsvTable::parse(akichi::fuzz::as_text(data, size), "cases.csv");
    predict(table, table.rows(), profile);
  });
}

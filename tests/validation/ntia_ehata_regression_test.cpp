// NTIA extended Hata against the owners' regression table: WInnForum SAS reference models,
// its/test/test-inputs-wfmod.csv + pfls/ (tests/data/ntia-ehata/ORIGIN.md), tolerance 1e-4 dB
// (the owners' unittest: assertAlmostEqual(..., 4)). Every row is checked; all 40 match.
// Profiles are used as stored in the files (first point = mobile, last = base station), which
// is what the owners' harness hands the ITS code after its two reversals.
// Behaviour that the table pins down (each was checked to move some rows off by > 1e-4 dB):
//  * effective heights for 3-15 km: h + (d-3)/12 (z_terminal - mean ground), not the 2016
//    code's scaled mean (rows 90004, 90010, 90022, 90028, 90029 move by 0.14-18.8 dB);
//  * fine rolling-hilly correction 0 for Δh < 10 m (rows 90006, 90033, 90035, 90039, 90041,
//    90044, 90045 move by up to 2 dB otherwise).
// ORIGIN.md's note of mismatching "X1R1R2-TC2967"/"Coronado" rows concerns a 53-row variant and
// a scratch build; with the 40-row file stored here those rows (90023, 90024, 90032) match.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "propagation/models/ntia_ehata.h"
#include "sim/input/csv.h"
#include "sim/p2p/ehata.h"

namespace ntia_ehata_regression_test {

namespace {

namespace ehata = akichi::prop::ehata;
using akichi::sim::CsvTable;

constexpr double kToleranceDb = 1e-4;  // owners' assertAlmostEqual(..., places=4)
const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/ntia-ehata";

TEST(NtiaEhataRegression, EveryRowWithinOwnersTolerance) {
  const CsvTable t = CsvTable::read(kDir + "/test-inputs-wfmod.csv");
  ASSERT_EQ(t.rows(), 40u);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto pfl =
        akichi::sim::p2p::read_pfl(kDir + "/pfls/" + t.text(r, t.column("pfl file name")));
    std::vector<double> scratch(pfl.z_m.size());
    ehata::Intermediates iv;
    const double lb = ehata::extended_hata_dB(
        pfl.z_m.data(), pfl.intervals(), pfl.step_m, t.number(r, "f"), t.number(r, "hb"),
        t.number(r, "hm"), ehata::environment_from_nlcd(static_cast<int>(t.number(r, "env"))), 0.0,
        scratch.data(), &iv);
    EXPECT_NEAR(lb, t.number(r, "Path Loss"), kToleranceDb)
        << "ID " << t.text(r, t.column("ID")) << " " << t.text(r, t.column("Scenario Title"));
    // The path length the table states (great-circle km) agrees with np * step to 0.1 %.
    EXPECT_NEAR(iv.d_km, t.number(r, "Dist"), 1e-3 * t.number(r, "Dist")) << r;
  }
}

TEST(NtiaEhataRegression, P2pDriverWritesTheSameValues) {
  const auto out = std::filesystem::path(AKICHI_BINARY_DIR) / "ntia_ehata_p2p_out.csv";
  akichi::sim::p2p::P2pRequest req;
  req.model = "ehata-ntia";
  req.cases = kDir + "/test-inputs-wfmod.csv";
  req.pfl_dir = kDir + "/pfls";
  req.output = out.string();
  akichi::sim::p2p::run_ehata_ntia_p2p(req);
  const CsvTable in = CsvTable::read(req.cases);
  const CsvTable o = CsvTable::read(req.output);
  ASSERT_EQ(o.rows(), in.rows());
  ASSERT_EQ(o.header().size(),
            in.header().size() + akichi::sim::p2p::ehata_ntia_output_columns().size());
  for (std::size_t r = 0; r < o.rows(); ++r) {
    for (std::size_t c = 0; c < in.header().size(); ++c) EXPECT_EQ(o.row(r)[c], in.row(r)[c]);
    EXPECT_NEAR(o.number(r, "akichi_Lb"), o.number(r, "Path Loss"), kToleranceDb) << r;
  }
  std::filesystem::remove(out);
}

}  // namespace

}  // namespace ntia_ehata_regression_test

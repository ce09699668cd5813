// ITU-R P.676 Annex 1 line-by-line specific attenuation (propagation/models/itu_r_p676.h)
// against the ITU-R SG3 validation workbook values (tests/data/itu-r-p676, see its ORIGIN.md):
//   ITURP676-13_gamma.csv checks P.676-13 (1..350 GHz, 350 rows);
//   ITURP676-12_gamma.csv checks P.676-12 (the same Annex 1 tables; 355 rows).
// P is the dry-air pressure (P.676-13 eq. (4): e = rho T / 216.7 is added to it in the widths).
// Tolerance: 1e-5 dB/km (the workbook's), on gamma_o, gamma_w and gamma.
#include <gtest/gtest.h>

#include <string>

#include "propagation/models/itu_r_p676.h"
#include "sim/input/csv.h"

namespace akichi::prop::p676::p676_gamma_test {
namespace {

constexpr double kWorkbookTolerance_dB_per_km = 1e-5;

class P676Gamma : public ::testing::TestWithParam<std::string> {};

TEST_P(P676Gamma, EveryRow) {
  const auto t =
      sim::CsvTable::read(std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p676/" + GetParam());
  ASSERT_GT(t.rows(), 300u);
  // row 0 is the units row of the ITU-Rpy layout
  for (std::size_t r = 1; r < t.rows(); ++r) {
    SCOPED_TRACE("line " + std::to_string(t.line_of(r)));
    const auto g = specific_attenuation(t.number(r, "f"), t.number(r, "P"), t.number(r, "rho"),
                                        t.number(r, "T"));
    EXPECT_NEAR(g.gamma_o_dB_per_km, t.number(r, "gamma0"), kWorkbookTolerance_dB_per_km);
    EXPECT_NEAR(g.gamma_w_dB_per_km, t.number(r, "gammaw"), kWorkbookTolerance_dB_per_km);
    EXPECT_NEAR(g.total(), t.number(r, "gamma"), kWorkbookTolerance_dB_per_km);
    EXPECT_NEAR(terrestrial_path_attenuation_dB(t.number(r, "f"), t.number(r, "P"),
                                                t.number(r, "rho"), t.number(r, "T"), 2.0),
                2.0 * t.number(r, "gamma"), 2.0 * kWorkbookTolerance_dB_per_km);
  }
}

INSTANTIATE_TEST_SUITE_P(Workbook, P676Gamma,
                         ::testing::Values("ITURP676-13_gamma.csv", "ITURP676-12_gamma.csv"),
                         [](const auto& info) {
                           return info.param.substr(9, 2) == "13" ? std::string("v13")
                                                                  : std::string("v12");
                         });

}  // namespace
}  // namespace akichi::prop::p676::p676_gamma_test

// ITU-R P.2108-1 §3.1-§3.3 against the NTIA/ITS test data (tests/data/itu-r-p2108, see its
// ORIGIN.md): every row of the three files, values at the owners' tolerance and the return code
// of the invalid-input rows, as the NTIA/p2108 reference implementation returns them.
#include <gtest/gtest.h>

#include <string>

#include "propagation/models/itu_r_p2108_1.h"
#include "sim/input/csv.h"

namespace akichi::prop::p2108::itu_r_p2108_1_ntia_test {
namespace {

using sim::CsvTable;

constexpr double kNtiaTolerance_dB = 0.1;  // NTIA/p2108 tests/TestUtils.h ABSTOL__DB

std::string data(const char* file) {
  return std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p2108/" + file;
}

TEST(P2108NtiaData, HeightGainTerminalCorrectionEveryRow) {
  const CsvTable t = CsvTable::read(data("HeightGainTerminalCorrectionModelTestData.csv"));
  ASSERT_EQ(t.rows(), 23u);  // ORIGIN.md says 22; the file holds 23 data rows
  int errors = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    SCOPED_TRACE("line " + std::to_string(t.line_of(r)));
    double A_h_dB = -999.0;
    const int rtn = height_gain_terminal_correction(
        t.number(r, "f__ghz"), t.number(r, "h__meter"), t.number(r, "w_s__meter"),
        t.number(r, "R__meter"), static_cast<int>(t.number(r, "clutter_type")), A_h_dB);
    const int expected_rtn = static_cast<int>(t.number(r, "rtn"));
    EXPECT_EQ(rtn, expected_rtn);
    if (expected_rtn == kSuccess) {
      EXPECT_NEAR(A_h_dB, t.number(r, "A_h__db"), kNtiaTolerance_dB);
    } else {
      EXPECT_EQ(A_h_dB, -999.0);  // output untouched on error
      ++errors;
    }
  }
  EXPECT_EQ(errors, 5);  // 32 (twice), 33, 34, 35
}

TEST(P2108NtiaData, TerrestrialStatisticalModelEveryRow) {
  const CsvTable t = CsvTable::read(data("TerrestrialStatisticalModelTestData.csv"));
  ASSERT_EQ(t.rows(), 12u);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    SCOPED_TRACE("line " + std::to_string(t.line_of(r)));
    double L_dB = -999.0;
    const int rtn = terrestrial_statistical_model(t.number(r, "f__ghz"), t.number(r, "d__km"),
                                                  t.number(r, "p"), L_dB);
    const int expected_rtn = static_cast<int>(t.number(r, "rtn"));
    EXPECT_EQ(rtn, expected_rtn);
    if (expected_rtn == kSuccess) {
      EXPECT_NEAR(L_dB, t.number(r, "L_ctt__db"), kNtiaTolerance_dB);
    }
  }
}

TEST(P2108NtiaData, AeronauticalStatisticalModelEveryRow) {
  const CsvTable t = CsvTable::read(data("AeronauticalStatisticalModelTestData.csv"));
  ASSERT_EQ(t.rows(), 13u);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    SCOPED_TRACE("line " + std::to_string(t.line_of(r)));
    double L_dB = -999.0;
    const int rtn = aeronautical_statistical_model(t.number(r, "f__ghz"), t.number(r, "theta_deg"),
                                                   t.number(r, "p"), L_dB);
    const int expected_rtn = static_cast<int>(t.number(r, "rtn"));
    EXPECT_EQ(rtn, expected_rtn);
    if (expected_rtn == kSuccess) {
      EXPECT_NEAR(L_dB, t.number(r, "L_ces__db"), kNtiaTolerance_dB);
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p2108::itu_r_p2108_1_ntia_test

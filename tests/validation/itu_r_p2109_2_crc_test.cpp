// ITU-R P.2109-2 building entry loss against the crc-covlib test vectors generated with the
// MATLAB reference implementation (tests/data/itu-r-p2109-2, see its ORIGIN.md): all 31,250 rows
// (25 frequencies 0.08-100 GHz x 25 probabilities x 2 building types x 25 elevation angles).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "propagation/models/itu_r_p2109_2.h"
#include "sim/input/csv.h"

namespace akichi::prop::p2109::itu_r_p2109_2_crc_test {
namespace {

constexpr double kCrcTolerance_dB = 1e-4;  // crc-covlib tests/iturp2109

TEST(P2109CrcVectors, AllRowsWithinOwnersTolerance) {
  const auto t =
      sim::CsvTable::read(std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p2109-2/validation.csv");
  ASSERT_EQ(t.rows(), 31250u);
  ASSERT_EQ(t.header().size(), 5u);  // f (GHz), P (%), building type, theta (deg), BEL (dB)
  double worst_dB = 0.0;
  int failures = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const double f_GHz = t.number(r, 0);
    const double P = t.number(r, 1) / 100.0;
    const int type = static_cast<int>(t.number(r, 2));
    const double theta_deg = t.number(r, 3);
    const double expected_dB = t.number(r, 4);
    ASSERT_TRUE(type == 1 || type == 2) << "line " << t.line_of(r);
    const double got_dB =
        building_entry_loss_dB(f_GHz, P, static_cast<BuildingType>(type), theta_deg);
    const double err = std::fabs(got_dB - expected_dB);
    worst_dB = std::max(worst_dB, err);
    if (!(err <= kCrcTolerance_dB) && ++failures <= 10) {
      ADD_FAILURE() << "line " << t.line_of(r) << ": f " << f_GHz << " GHz, P " << P << ", type "
                    << type << ", theta " << theta_deg << " deg: got " << got_dB << " dB, expected "
                    << expected_dB << " dB";
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_LT(worst_dB, kCrcTolerance_dB);
  std::printf("P.2109-2: worst |error| over %zu rows: %.3g dB\n", t.rows(), worst_dB);
}

}  // namespace
}  // namespace akichi::prop::p2109::itu_r_p2109_2_crc_test

// ITU-R P.838-3 against the ITU-R SG3 validation examples as distributed with ITU-Rpy
// (tests/data/itu-r-p838, see its ORIGIN.md): every row (14.25 and 29 GHz, tilt 0 and 90 deg,
// several elevations and rain rates), k, alpha and gamma_R.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "propagation/models/itu_r_p838_3.h"

namespace akichi::prop::p838::itu_r_p838_3_itur_test {
namespace {

constexpr double kItuRpyTolerance = 1e-5;  // ITU-Rpy assertAlmostEqual(places = 5)

TEST(P838ItuValidationExamples, EveryRowKAlphaGamma) {
  std::ifstream in(std::string(AKICHI_TEST_DATA_DIR) +
                   "/itu-r-p838/ITURP838-3_rain_specific_attenuation.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line.rfind("el,f,R,tau,k,alpha,gamma_r", 0), 0u);
  std::getline(in, line);  // units row (cp1252 degree signs), not data
  int rows = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<double> v;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
    ASSERT_EQ(v.size(), 7u) << line;
    SCOPED_TRACE(line);
    const Coefficients c = coefficients(v[1], v[0], v[3]);
    EXPECT_NEAR(c.k, v[4], kItuRpyTolerance);
    EXPECT_NEAR(c.alpha, v[5], kItuRpyTolerance);
    EXPECT_NEAR(specific_attenuation_dB_per_km(c, v[2]), v[6], kItuRpyTolerance);
    ++rows;
  }
  EXPECT_EQ(rows, 64);
}

}  // namespace
}  // namespace akichi::prop::p838::itu_r_p838_3_itur_test

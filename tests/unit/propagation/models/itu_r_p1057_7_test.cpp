// ITU-R P.1057-7 normal distribution: the inverse against tabulated standard normal quantiles
// (to 15 digits) and the round trip F(F^-1(p)) = p from the far tails to the centre.
#include <gtest/gtest.h>

#include <cmath>

#include "propagation/models/itu_r_p1057_7.h"

namespace akichi::prop::p1057::itu_r_p1057_7_test {
namespace {

TEST(P1057, InverseNormalKnownQuantiles) {
  EXPECT_NEAR(inverse_normal_cdf(0.5), 0.0, 1e-15);
  EXPECT_NEAR(inverse_normal_cdf(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(inverse_normal_cdf(0.9), 1.2815515655446004, 1e-13);
  EXPECT_NEAR(inverse_normal_cdf(0.01), -2.3263478740408408, 1e-13);
  EXPECT_NEAR(inverse_normal_cdf(1e-8), -5.612001244174789, 1e-11);
  EXPECT_NEAR(inverse_normal_ccdf(0.025), 1.959963984540054, 1e-13);  // Q^-1(q) = -F^-1(q)
}

TEST(P1057, RoundTripFromTailsToCentre) {
  for (double p : {1e-12, 1e-9, 1e-6, 1e-3, 0.02, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.95, 0.97575, 0.999,
                   1.0 - 1e-6}) {
    const double x = inverse_normal_cdf(p);
    if (p < 0.5) {
      EXPECT_NEAR(normal_cdf(x) / p, 1.0, 1e-12) << p;
    } else {
      EXPECT_NEAR(normal_ccdf(x) / (1.0 - p), 1.0, 1e-9) << p;
    }
  }
}

TEST(P1057, EdgesOfTheDomain) {
  EXPECT_TRUE(std::isinf(inverse_normal_cdf(0.0)) && inverse_normal_cdf(0.0) < 0);
  EXPECT_TRUE(std::isinf(inverse_normal_cdf(1.0)) && inverse_normal_cdf(1.0) > 0);
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(-0.1)));
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(1.1)));
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(std::nan(""))));
}

}  // namespace
}  // namespace akichi::prop::p1057::itu_r_p1057_7_test

// ITU-R P.525-4 §2.2 free-space basic transmission loss: analytic values.
#include <gtest/gtest.h>

#include <cmath>

#include "propagation/models/itu_r_p525.h"

namespace akichi::prop::p525::itu_r_p525_test {
namespace {

TEST(P525, OneKilometreAtOneGigahertz) {
  // 20 log10(4 pi 1000 m / (299792458/1e9 m)) = 92.44778322188337 dB (32.45 + 60 + 0)
  EXPECT_NEAR(free_space_loss_dB(1000.0, 1.0), 92.44778322188337, 1e-10);
  EXPECT_NEAR(free_space_loss_dB(1000.0, 1.0), 92.45, 0.005);
}

TEST(P525, TwentyDecibelsPerDecadeInDistanceAndFrequency) {
  const double base = free_space_loss_dB(3500.0, 2.0);
  EXPECT_NEAR(free_space_loss_dB(3500.0, 20.0) - base, 20.0, 1e-10);
  EXPECT_NEAR(free_space_loss_dB(35000.0, 2.0) - base, 20.0, 1e-10);
  EXPECT_NEAR(free_space_loss_dB(3500.0, 4.0) - base, 20.0 * std::log10(2.0), 1e-10);
}

TEST(P525, SiEdgeConvertsUnits) {
  EXPECT_NEAR(free_space_loss_dB_si(1e9, 1000.0), free_space_loss_dB(1000.0, 1.0), 1e-12);
  EXPECT_NEAR(free_space_loss_dB_si(28.5e9, 250.0), free_space_loss_dB(28500.0, 0.25), 1e-12);
}

}  // namespace
}  // namespace akichi::prop::p525::itu_r_p525_test

// TDD collision correction between two local 5G base stations (sim/analysis/sharing_run.h).
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "sim/analysis/sharing_run.h"

namespace akichi::sim::tdd_test {
namespace {

TEST(TddCorrection, SynchronousPairsNeverCollideQuasiByOverlapOthersFully) {
  const double inf = std::numeric_limits<double>::infinity();
  using M = TddMode;
  EXPECT_EQ(tdd_correction_dB(M::Synchronous, 1, M::Synchronous, 1), -inf);
  EXPECT_DOUBLE_EQ(tdd_correction_dB(M::Synchronous, 1, M::Unsynchronised, 1), 0.0);
  EXPECT_DOUBLE_EQ(tdd_correction_dB(M::Unsynchronised, 1, M::QuasiSynchronous, 0.25), 0.0);
  EXPECT_DOUBLE_EQ(tdd_correction_dB(M::NotTdd, 1, M::Synchronous, 1), 0.0);
  // 10 log10(0.25) = -6.0206 dB, whichever side is quasi-synchronous; both: the larger overlap.
  EXPECT_NEAR(tdd_correction_dB(M::Synchronous, 1, M::QuasiSynchronous, 0.25), -6.0205999, 1e-6);
  EXPECT_NEAR(tdd_correction_dB(M::QuasiSynchronous, 0.25, M::Synchronous, 1), -6.0205999, 1e-6);
  EXPECT_NEAR(tdd_correction_dB(M::QuasiSynchronous, 0.25, M::QuasiSynchronous, 0.5),
              10 * std::log10(0.5), 1e-12);
}

}  // namespace
}  // namespace akichi::sim::tdd_test

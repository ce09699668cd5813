// ITU-R P.452-18 profile analysis (propagation/models/itu_r_p452_18.h): the AVX2 kernel
// (Kernel::Best on a CPU with AVX2) and the SSE2 kernel give bit-identical analyses and losses,
// on all 420 cases of the WP 3M validation set (tests/data/itu-r-p452-18) and on short
// self-generated profiles whose interior point counts leave every remainder of the 4-lane
// blocks (with and without ground cover).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "propagation/models/itu_r_p452_18.h"
#include "sim/input/csv.h"
#include "sim/p2p/p452.h"

namespace akichi::prop::p452_18::p452_18_kernels_test {
namespace {

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

void expect_identical(const Path& path, const Radio& radio) {
  PathAnalysis a, b;
  analyse_path(path, a, Kernel::Best);
  analyse_path(path, b, Kernel::Sse2);
  const Losses La = evaluate(a, radio), Lb = evaluate(b, radio);
  const double va[] = {a.ae_km,
                       a.dtot_km,
                       a.d3d_km,
                       a.theta_t_mrad,
                       a.theta_r_mrad,
                       a.theta_mrad,
                       a.hst_m,
                       a.hsr_m,
                       a.hstd_m,
                       a.hsrd_m,
                       a.hm_m,
                       a.hte_m,
                       a.hre_m,
                       a.dlt_km,
                       a.dlr_km,
                       a.dtm_km,
                       a.dlm_km,
                       a.b0_percent,
                       a.omega,
                       a.Fj,
                       a.Fk,
                       a.bull_a_ae.nu_sqrt_lambda,
                       a.bull_s_ae.nu_sqrt_lambda,
                       a.bull_a_ab.nu_sqrt_lambda,
                       a.bull_s_ab.nu_sqrt_lambda,
                       La.Lb,
                       La.Lbfsg,
                       La.Lb0p,
                       La.Lb0b,
                       La.Ldsph,
                       La.Ld50,
                       La.Ldp,
                       La.Lbs,
                       La.Lba,
                       La.Lbam};
  const double vb[] = {b.ae_km,
                       b.dtot_km,
                       b.d3d_km,
                       b.theta_t_mrad,
                       b.theta_r_mrad,
                       b.theta_mrad,
                       b.hst_m,
                       b.hsr_m,
                       b.hstd_m,
                       b.hsrd_m,
                       b.hm_m,
                       b.hte_m,
                       b.hre_m,
                       b.dlt_km,
                       b.dlr_km,
                       b.dtm_km,
                       b.dlm_km,
                       b.b0_percent,
                       b.omega,
                       b.Fj,
                       b.Fk,
                       b.bull_a_ae.nu_sqrt_lambda,
                       b.bull_s_ae.nu_sqrt_lambda,
                       b.bull_a_ab.nu_sqrt_lambda,
                       b.bull_s_ab.nu_sqrt_lambda,
                       Lb.Lb,
                       Lb.Lbfsg,
                       Lb.Lb0p,
                       Lb.Lb0b,
                       Lb.Ldsph,
                       Lb.Ld50,
                       Lb.Ldp,
                       Lb.Lbs,
                       Lb.Lba,
                       Lb.Lbam};
  for (std::size_t k = 0; k < std::size(va); ++k) {
    EXPECT_EQ(bits(va[k]), bits(vb[k])) << "value " << k << ": " << va[k] << " vs " << vb[k];
  }
  EXPECT_EQ(a.trans_horizon, b.trans_horizon);
}

TEST(P452Kernels, Avx2AndSse2BitIdenticalOnTheReferenceSet) {
  if (!avx2_kernel_available()) GTEST_SKIP() << "no AVX2 on this CPU: only the SSE2 kernel runs";
  const std::string dir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p452-18/";
  std::size_t cases = 0;
  for (const char* name :
       {"b2iseac_eqdist", "b2iseac_eqdist_no_clutter", "b2iseac_land_eqdist_no_clutter",
        "cebreros_3995_no_clutter", "flat_land_1000km", "flat_land_100km", "flat_land_5km",
        "flat_land_5km_Dense_Suburban", "flat_land_5km_Dense_Urban", "land_70km",
        "rburg_rural_no_clutter", "tropo_7001"}) {
    const auto profile =
        sim::p2p::read_p452_profile(dir + "profiles/test_profile_" + name + ".csv");
    const auto table = sim::CsvTable::read(dir + "results/test_result_" + name + ".csv");
    for (std::size_t r = 0; r < table.rows(); ++r) {
      SCOPED_TRACE(std::string(name) + " row " + std::to_string(r));
      const auto c = sim::p2p::p452_case(table, r, profile);
      expect_identical(c.path, c.radio);
      ++cases;
    }
  }
  EXPECT_EQ(cases, 420u);
}

TEST(P452Kernels, Avx2AndSse2BitIdenticalOnEveryBlockRemainder) {
  if (!avx2_kernel_available()) GTEST_SKIP() << "no AVX2 on this CPU: only the SSE2 kernel runs";
  for (std::size_t n = 4; n <= 23; ++n) {
    for (const bool cover : {false, true}) {
      SCOPED_TRACE("n = " + std::to_string(n) + (cover ? ", ground cover" : ""));
      std::vector<double> d(n), h(n), R(n);
      for (std::size_t i = 0; i < n; ++i) {  // hilly terrain, a ridge near 60 % of the path
        d[i] = 0.7 * static_cast<double>(i);
        h[i] = 100.0 + 30.0 * std::sin(1.7 * static_cast<double>(i)) +
               (i == (6 * n) / 10 ? 80.0 : 0.0);
        R[i] = cover ? 10.0 + static_cast<double>(i % 3) : 0.0;
      }
      Path path;
      path.d_km = d;
      path.h_m = h;
      path.clutter_m = R;
      path.htg_m = 15;
      path.hrg_m = 25;
      Radio radio;
      radio.f_GHz = 3.5;
      radio.p_percent = 1.0;
      expect_identical(path, radio);
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p452_18::p452_18_kernels_test

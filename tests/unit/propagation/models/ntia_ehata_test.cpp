// NTIA extended Hata: calibration points of TR-15-517 Appendix A, variability, the adapter's
// parameter checks and profile orientation, the p2p driver's row/column errors, and a
// self-generated frequency sweep.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/adapters/hata.h"
#include "propagation/models/ntia_ehata.h"
#include "sim/p2p/ehata.h"

namespace ntia_ehata_test {

namespace {
namespace eh = akichi::prop::ehata;

TEST(NtiaEhata, ReferenceAttenuationCalibrationPoints) {
  // TR-15-517 eqs. A-4a..c: 22 / 23.5 / 25.85 dB at 1 km and 63.5 / 65.75 / 69.5 dB at 100 km
  // for 1.5 / 2 / 3 GHz (the 100 km coefficients are published to 8 digits: 1e-4 dB).
  const double f[3] = {1500, 2000, 3000};
  const double a1[3] = {22.0, 23.5, 25.85};
  const double a100[3] = {63.5, 65.75, 69.5};
  for (int i = 0; i < 3; ++i) {
    eh::Intermediates iv;
    eh::median_basic_loss_dB(f[i], 200, 3, 1.0, eh::Environment::Urban, &iv);
    EXPECT_NEAR(iv.att_1km_dB, a1[i], 1e-9) << f[i];
    EXPECT_NEAR(iv.att_100km_dB, a100[i], 1e-4) << f[i];
  }
}

TEST(NtiaEhata, EnvironmentCodesAndOrdering) {
  EXPECT_EQ(eh::environment_from_nlcd(23), eh::Environment::Urban);
  EXPECT_EQ(eh::environment_from_nlcd(24), eh::Environment::Urban);
  EXPECT_EQ(eh::environment_from_nlcd(22), eh::Environment::Suburban);
  EXPECT_EQ(eh::environment_from_nlcd(112), eh::Environment::Rural);
  const double u = eh::median_basic_loss_dB(3500, 30, 1.5, 5, eh::Environment::Urban);
  const double s = eh::median_basic_loss_dB(3500, 30, 1.5, 5, eh::Environment::Suburban);
  const double r = eh::median_basic_loss_dB(3500, 30, 1.5, 5, eh::Environment::Rural);
  EXPECT_GT(u, s);
  EXPECT_GT(s, r);
}

TEST(NtiaEhata, VariabilityAndQuantile) {
  EXPECT_EQ(eh::normal_upper_quantile(0.5), 0.0);
  EXPECT_NEAR(eh::normal_upper_quantile(0.1), 1.2815515655446004, 1e-12);
  EXPECT_NEAR(eh::normal_upper_quantile(0.9), -1.2815515655446004, 1e-12);
  // Okumura's location variability: 7.1 / 7.5 / 8.1 dB urban at 1.5 / 2 / 3 GHz; +2 dB elsewhere
  EXPECT_NEAR(eh::sigma_dB(1500, eh::Environment::Urban), 7.1, 1e-6);
  EXPECT_NEAR(eh::sigma_dB(2000, eh::Environment::Urban), 7.5, 1e-6);
  EXPECT_NEAR(eh::sigma_dB(3000, eh::Environment::Urban), 8.1, 1e-6);
  EXPECT_NEAR(eh::sigma_dB(3000, eh::Environment::Rural), 10.1, 1e-6);
  std::vector<double> z(101, 50.0), scratch(101);
  eh::Intermediates iv;
  const double med = eh::extended_hata_dB(z.data(), 100, 100, 3600, 30, 1.5, eh::Environment::Urban,
                                          0, scratch.data(), &iv);
  const double q10 = eh::extended_hata_dB(z.data(), 100, 100, 3600, 30, 1.5, eh::Environment::Urban,
                                          eh::normal_upper_quantile(0.1), scratch.data());
  EXPECT_NEAR(med - q10, 1.2815515655446004 * iv.sigma_dB, 1e-9);
}

TEST(NtiaEhata, SeaPathAndSmoothLandHaveNoRollingCorrection) {
  // 20 km all-sea path: beta = 1, Δh = 0 -> mixed-path correction 15 dB... at 20 km the 30 km
  // curve applies: 11 dB (Okumura Fig. 36, beta = 1); fine correction 0 (Δh < 10 m).
  std::vector<double> z(201, 0.0), scratch(201);
  eh::Intermediates iv;
  eh::extended_hata_dB(z.data(), 200, 100, 3000, 50, 3, eh::Environment::Urban, 0, scratch.data(),
                       &iv);
  EXPECT_DOUBLE_EQ(iv.beta, 1.0);
  EXPECT_DOUBLE_EQ(iv.mixed_path_dB, 11.0);
  EXPECT_DOUBLE_EQ(iv.fine_rolling_hilly_dB, 0.0);
  EXPECT_DOUBLE_EQ(iv.deltah_m, 0.0);
  EXPECT_DOUBLE_EQ(iv.h_b_eff_m, 50.0);
}

std::vector<double> hills(int np, double step) {
  std::vector<double> z(static_cast<std::size_t>(np) + 1);
  for (int i = 0; i <= np; ++i)
    z[static_cast<std::size_t>(i)] =
        100 + 40 * std::sin(i * step / 1700.0) + 15 * std::sin(i * step / 430.0);
  return z;
}

// Self-generated: 1 MHz steps over 2.3, 3.3-4.2 and 4.6-4.9 GHz on a hilly 12 km profile
// (26.5-29.5 GHz is outside eHata's domain): the loss rises with f and neighbouring values
// differ by less than 0.01 dB (d/df of 20 log f-type terms is < 0.004 dB/MHz here).
TEST(NtiaEhata, SelfGeneratedBandSweepsContinuous) {
  const auto z = hills(120, 100);
  std::vector<double> scratch(z.size());
  const double bands[][2] = {{2300, 2400}, {3300, 4200}, {4600, 4900}};
  for (auto env : {eh::Environment::Urban, eh::Environment::Suburban, eh::Environment::Rural}) {
    for (const auto& b : bands) {
      double prev = eh::extended_hata_dB(z.data(), 120, 100, b[0], 30, 1.5, env, 0, scratch.data());
      for (double f = b[0] + 1; f <= b[1]; f += 1) {
        const double l =
            eh::extended_hata_dB(z.data(), 120, 100, f, 30, 1.5, env, 0, scratch.data());
        EXPECT_LT(std::fabs(l - prev), 0.01) << f;
        EXPECT_GT(l, prev) << f;
        prev = l;
      }
    }
  }
}

TEST(EhataAdapter, ReversesTheEngineProfileAndValidatesParams) {
  akichi::prop::EhataParams p;
  p.environment = "suburban";
  const auto m = akichi::prop::make_ehata_ntia_model(p);
  EXPECT_TRUE(m->uses_profile());
  const int np = 120;
  const auto z = hills(np, 100);
  std::vector<double> d(z.size()), zr(z.rbegin(), z.rend()), scratch(z.size());
  for (int i = 0; i <= np; ++i) d[static_cast<std::size_t>(i)] = i * 100.0;
  akichi::prop::LinkInput link;
  link.freq_Hz = 3.7e9;
  link.d_m = np * 100.0;
  link.h_tx_m = 40;  // base station
  link.h_rx_m = 1.5;
  link.profile_d_m = d.data();
  link.profile_z_m = zr.data();  // engine order: transmitter (base) first
  link.profile_n = np + 1;
  EXPECT_DOUBLE_EQ(m->loss_dB(link),
                   eh::extended_hata_dB(z.data(), np, 100, 3700, 40, 1.5, eh::Environment::Suburban,
                                        0, scratch.data()));
  link.profile_n = 1;
  EXPECT_TRUE(std::isnan(m->loss_dB(link)));
  for (double bad : {0.0, 1.0, -0.2, std::nan("")}) {
    p.reliability = bad;
    EXPECT_THROW(akichi::prop::make_ehata_ntia_model(p), akichi::InputError) << bad;
  }
  p.reliability = 0.5;
  p.environment = "dense";
  try {
    akichi::prop::make_ehata_ntia_model(p);
    FAIL();
  } catch (const akichi::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("propagation.ehata-ntia.environment"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("dense"), std::string::npos);
  }
}

class EhataP2pErrors : public ::testing::Test {
 protected:
  // One folder per test and process: ctest runs the tests of this fixture in parallel.
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("akichi_ehata_p2p_" +
       std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
       std::to_string(::getpid()));
  void SetUp() override {
    std::filesystem::create_directories(dir / "pfls");
    std::ofstream(dir / "pfls" / "a.csv") << "4,100,10,11,12,13,14\n";
    std::ofstream(dir / "pfls" / "short.csv") << "4,100,10,11\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string run_with(const std::string& row) {
    std::ofstream(dir / "cases.csv") << "ID,f,hb,hm,env,pfl file name,Path Loss(dB)\n"
                                     << row << "\n";
    akichi::sim::p2p::P2pRequest r;
    r.cases = (dir / "cases.csv").string();
    r.pfl_dir = (dir / "pfls").string();
    r.output = (dir / "out.csv").string();
    try {
      akichi::sim::p2p::run_ehata_ntia_p2p(r);
    } catch (const akichi::InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(EhataP2pErrors, GoodRowWritesOutput) {
  EXPECT_EQ(run_with("1,3500,30,3,23,a.csv,0"), "");
  EXPECT_TRUE(std::filesystem::exists(dir / "out.csv"));
}

TEST_F(EhataP2pErrors, BadRowsNameRowAndColumn) {
  auto has = [](const std::string& msg, const std::string& part) {
    return msg.find(part) != std::string::npos;
  };
  std::string m = run_with("1,abc,30,3,23,a.csv,0");
  EXPECT_TRUE(has(m, ":2") && has(m, "column f") && has(m, "abc")) << m;
  m = run_with("1,-5,30,3,23,a.csv,0");
  EXPECT_TRUE(has(m, "column f") && has(m, "> 0")) << m;
  m = run_with("1,3500,-1,3,23,a.csv,0");
  EXPECT_TRUE(has(m, "column hb")) << m;
  m = run_with("1,3500,30,-3,23,a.csv,0");
  EXPECT_TRUE(has(m, "column hm")) << m;
  m = run_with("1,3500,30,3,22.5,a.csv,0");
  EXPECT_TRUE(has(m, "column env") && has(m, "NLCD")) << m;
  m = run_with("1,3500,30,3,23,missing.csv,0");
  EXPECT_TRUE(has(m, "column pfl file name") && has(m, "missing.csv")) << m;
  m = run_with("1,3500,30,3,23,short.csv,0");
  EXPECT_TRUE(has(m, "column pfl file name") && has(m, "elevations")) << m;
  m = run_with("1,3500,30,3,23,,0");
  EXPECT_TRUE(has(m, "column pfl file name") && has(m, "empty")) << m;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
}

}  // namespace

}  // namespace ntia_ehata_test

// `akichi p2p --model itm` on the NTIA example files as they are (tests/data/ntia-itm): every
// row's akichi_A__db against the owners' A__db, and the messages for bad rows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/errors.h"
#include "sim/input/csv.h"
#include "sim/p2p/itm.h"

namespace akichi::sim::p2p::ntia_itm_p2p_driver_test {
namespace {

const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/ntia-itm/";
constexpr double kTolerance_dB = 0.1;  // the owners' printed precision (0.01 / 0.1 dB)

std::string temp_path(const std::string& name) {
  // Per process, so that concurrent test runs do not share files.
  return (std::filesystem::temp_directory_path() /
          ("akichi_itm_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

P2pRequest request(const std::string& cases, const std::string& profile, const std::string& out) {
  P2pRequest r;
  r.model = "itm";
  r.cases = cases;
  r.profile = profile;
  r.output = out;
  return r;
}

void expect_every_row_matches(const std::string& out, std::size_t rows) {
  const CsvTable t = CsvTable::read(out);
  ASSERT_EQ(t.rows(), rows);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    SCOPED_TRACE("row " + std::to_string(r + 1));
    EXPECT_NEAR(t.number(r, "akichi_A__db"), t.number(r, "A__db"), kTolerance_dB);
    EXPECT_LT(t.number(r, "akichi_return_code"), 1000);
    EXPECT_EQ(t.text(r, t.column("akichi_warnings")).substr(0, 2), "0x");
  }
}

TEST(NtiaItmP2pDriver, PointToPointFilesAsTheyAre) {
  const std::string out = temp_path("p2p_out.csv");
  run_itm_p2p(request(kDir + "p2p.csv", kDir + "pfls.csv", out));
  expect_every_row_matches(out, 5);
  const CsvTable t = CsvTable::read(out);
  // The input columns come first, in their order; warnings as the reference reports them.
  EXPECT_EQ(t.header()[0], "h_tx__meter");
  EXPECT_EQ(t.text(1, t.column("akichi_warnings")), "0x0400");
  EXPECT_EQ(t.text(1, t.column("akichi_warning_names")), "WARN__RX_HORIZON_DISTANCE_1");
  EXPECT_EQ(t.text(4, t.column("akichi_warnings")), "0x0600");
  std::remove(out.c_str());
}

TEST(NtiaItmP2pDriver, AreaFileAsItIs) {
  const std::string out = temp_path("area_out.csv");
  run_itm_p2p(request(kDir + "area.csv", "", out));
  expect_every_row_matches(out, 5);
  std::remove(out.c_str());
}

TEST(NtiaItmP2pDriver, ConfidenceReliabilityColumnsAndOneProfileForAll) {
  // The ITMDrvr example o_p2pcr_tbl.txt as a table over cmd_examples/pfl.txt.
  const std::string cases = temp_path("cr_cases.csv");
  {
    std::ofstream f(cases);
    f << "h_tx__meter,h_rx__meter,climate,N_0,f__mhz,pol,epsilon,sigma,mdvar,confidence,"
         "reliability,A__db\n"
         "15,3,5,301,3500,1,15,0.005,1,10,10,110.9\n"
         "15,3,5,301,3500,1,15,0.005,1,60,65,117.4\n"
         "15,3,5,301,3500,1,15,0.005,1,90,90,129.3\n";
  }
  const std::string out = temp_path("cr_out.csv");
  run_itm_p2p(request(cases, kDir + "cmd_examples/pfl.txt", out));
  expect_every_row_matches(out, 3);
  std::remove(cases.c_str());
  std::remove(out.c_str());
}

std::string error_of(const P2pRequest& r) {
  try {
    run_itm_p2p(r);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(NtiaItmP2pDriver, BadRowsAreNamedByRowAndColumn) {
  const std::string cases = temp_path("bad_cases.csv");
  const std::string out = temp_path("bad_out.csv");
  const std::string header =
      "h_tx__meter,h_rx__meter,delta_h__meter,mdvar,d__km,tx_siting_criteria,rx_siting_criteria,"
      "epsilon,sigma,N_0,f__mhz,pol,climate,time,location,situation\n";
  const std::string good = "10,1,0,0,16,0,0,15,0.008,301,230,0,5,87,50,50\n";
  auto write = [&](const std::string& bad_row) {
    std::ofstream f(cases);
    f << header << good << bad_row;
  };
  // Out of ITM's range: line 3, column f__mhz (11th).
  write("10,1,0,0,16,0,0,15,0.008,301,25000,0,5,87,50,50\n");
  std::string msg = error_of(request(cases, "", out));
  EXPECT_NE(msg.find(cases + ":3:11"), std::string::npos) << msg;
  EXPECT_NE(msg.find("f__mhz"), std::string::npos) << msg;
  EXPECT_NE(msg.find("ERROR__FREQUENCY"), std::string::npos) << msg;
  // Not a number: the CSV reader names row and column.
  write("10,1,0,0,abc,0,0,15,0.008,301,230,0,5,87,50,50\n");
  msg = error_of(request(cases, "", out));
  EXPECT_NE(msg.find(":3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("d__km"), std::string::npos) << msg;
  // Non-integer enumeration.
  write("10,1,0,0,16,0,0,15,0.008,301,230,0.5,5,87,50,50\n");
  msg = error_of(request(cases, "", out));
  EXPECT_NE(msg.find(cases + ":3:12"), std::string::npos) << msg;
  EXPECT_NE(msg.find("pol"), std::string::npos) << msg;
  // Point-to-point without a profile, and a profile with a wrong field count.
  msg = error_of(request(kDir + "p2p.csv", "", out));
  EXPECT_NE(msg.find("--profile"), std::string::npos) << msg;
  const std::string pfl = temp_path("bad.pfl");
  {
    std::ofstream f(pfl);
    f << "3,100,1,2,3\n";
  }
  msg = error_of(request(kDir + "p2p.csv", pfl, out));
  EXPECT_NE(msg.find(pfl + ":1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("np + 1 elevations"), std::string::npos) << msg;
  EXPECT_FALSE(std::filesystem::exists(out));
  std::remove(cases.c_str());
  std::remove(pfl.c_str());
}

}  // namespace
}  // namespace akichi::sim::p2p::ntia_itm_p2p_driver_test

// Every error path of the p2p CSV readers (sim/p2p: P.452-18 profiles and cases, ITM cases and
// pfl profiles) as a table: a damaged input and the message that locates it, against the file
// that is actually wrong (file, line, column or field, found, expected).
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/errors.h"
#include "sim/input/csv.h"
#include "sim/p2p/itm.h"
#include "sim/p2p/p452.h"
#include "tests/unit/base/temp_dir_test_util.h"

namespace akichi::sim::p2p::p2p_messages_test {
namespace {

namespace fs = std::filesystem;

class P2pMessages : public test::TempDirTest {
 protected:
  P2pMessages() : TempDirTest("akichi_p2p_") {}

  template <typename F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

// A WP 3M profile: 5 points on flat land, inland.
const std::string kProfileHeader =
    "d (km),h (m),Ground Cover Height (m),zone: 1=Coastal Land/2=Inland/3=Sea\n";
const std::string kProfile = kProfileHeader + "0,10,0,2\n1,12,0,2\n2,15,0,2\n3,11,0,2\n4,10,0,2\n";
// One WP 3M case on it.
const std::string kCasesHeader =
    "f,p,htg,hrg,phit_e,phit_n,phir_e,phir_n,Gt,Gr,pol,dct,dcr,press,temp,DN,N0\n";
const std::string kCase = "2,50,20,10,-1.0,51.0,-1.05,51.02,0,0,1,500,500,1013.25,15,45,330\n";

struct Row {
  std::string name;
  std::string profile;  // profile file text
  std::string cases;    // cases file text
  std::string message;  // with PROFILE and CASES for the files' paths
};

std::string located(std::string message, const std::string& profile, const std::string& cases) {
  for (const auto& [key, path] : {std::pair{"PROFILE", profile}, std::pair{"CASES", cases}}) {
    for (std::size_t at = message.find(key); at != std::string::npos; at = message.find(key))
      message.replace(at, std::string(key).size(), path);
  }
  return message;
}

TEST_F(P2pMessages, P452EveryErrorNamesTheFileThatIsWrong) {
  const Row rows[] = {
      {"nan height", kProfileHeader + "0,10,0,2\n1,nan,0,2\n2,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase, "PROFILE:3: column h (m): found 'nan', expected a finite height (m)"},
      {"inf distance", kProfileHeader + "0,10,0,2\n1,10,0,2\ninf,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase,
       "PROFILE:4: column d (km): found 'inf', expected a finite distance (km)"},
      {"text height", kProfileHeader + "0,10,0,2\n1,ten,0,2\n2,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase, "PROFILE:3: column h (m): found 'ten', expected a number"},
      {"negative clutter", kProfileHeader + "0,10,-1,2\n1,10,0,2\n2,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase,
       "PROFILE:2: column Ground Cover Height (m): found '-1', expected a finite ground-cover "
       "height >= 0 m"},
      {"nan clutter", kProfileHeader + "0,10,0,2\n1,10,nan,2\n2,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase,
       "PROFILE:3: column Ground Cover Height (m): found 'nan', expected a finite ground-cover "
       "height >= 0 m"},
      {"zone 4", kProfileHeader + "0,10,0,2\n1,10,0,4\n2,15,0,2\n3,11,0,2\n", kCasesHeader + kCase,
       "PROFILE:3: column zone: 1=Coastal Land/2=Inland/3=Sea: found '4', expected 1, 2 or 3"},
      {"3 points", kProfileHeader + "0,10,0,2\n1,10,0,2\n2,15,0,2\n", kCasesHeader + kCase,
       "PROFILE: profile: found 3 points, expected at least 4 points"},
      {"distance back", kProfileHeader + "0,10,0,2\n1,10,0,2\n0.5,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase,
       "PROFILE:4: column d (km): found '0.5', expected a distance larger than the previous "
       "row's"},
      {"ragged row", kProfileHeader + "0,10,0,2\n1,10,0\n2,15,0,2\n3,11,0,2\n",
       kCasesHeader + kCase, "PROFILE:3: found 3 fields, expected 4 fields as in the header"},
      {"no h column", "d (km),height\n0,1\n1,1\n2,1\n3,1\n", kCasesHeader + kCase,
       "PROFILE:1: header: found no column 'h', expected a column named so among: d (km), height"},
      {"polarisation 3", kProfile,
       kCasesHeader + "2,50,20,10,-1.0,51.0,-1.05,51.02,0,0,3,500,500,1013.25,15,45,330\n",
       "CASES:2: column pol: found '3', expected 1 (horizontal) or 2 (vertical)"},
      {"frequency text", kProfile,
       kCasesHeader +
           "# a comment\n2GHz,50,20,10,-1.0,51.0,-1.05,51.02,0,0,1,500,500,1013.25,15,45,330\n",
       "CASES:3: column f: found '2GHz', expected a number"},
      {"no N0 column", kProfile,
       "f,p,htg,hrg,phit_e,phit_n,phir_e,phir_n,Gt,Gr,pol,dct,dcr,press,temp,DN\n"
       "2,50,20,10,-1.0,51.0,-1.05,51.02,0,0,1,500,500,1013.25,15,45\n",
       "CASES:1: header: found no column 'N0', expected a column named so among: f, p, htg, hrg, "
       "phit_e, phit_n, phir_e, phir_n, Gt, Gr, pol, dct, dcr, press, temp, DN"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    const std::string profile = write("profile.csv", r.profile);
    const std::string cases = write("cases.csv", r.cases);
    const std::string out = (dir_ / "out.csv").string();
    EXPECT_EQ(error_of([&] {
                run_p452_18_p2p({"p452-18", profile, cases, "", out});
              }),
              located(r.message, profile, cases));
    EXPECT_FALSE(fs::exists(out));
  }
}

TEST_F(P2pMessages, P452CaseOutsideTheModelNamesTheCaseRow) {
  const std::string profile = write("profile.csv", kProfile);
  const std::string cases =
      write("cases.csv", kCasesHeader +
                             "2,50,20,10,-1.0,51.0,-1.05,51.02,0,0,1,500,500,1013.25,15,45,330\n"
                             "2,70,20,10,-1.0,51.0,-1.05,51.02,0,0,1,500,500,1013.25,15,45,330\n");
  const std::string m = error_of([&] {
    run_p452_18_p2p({"p452-18", profile, cases, "", (dir_ / "o.csv").string()});
  });
  EXPECT_EQ(m.rfind(cases + ":3: row: found ", 0), 0u) << m;
  EXPECT_NE(m.find("expected inputs within P.452-18's domain"), std::string::npos) << m;
}

// NTIA's ITM inputs: one point-to-point case and an 11-point profile.
const std::string kItmHeader =
    "h_tx__meter,h_rx__meter,epsilon,sigma,N_0,f__mhz,pol,climate,time,location,situation,mdvar\n";
const std::string kItmCase = "10,1,15,0.008,301,230,1,5,50,50,50,12\n";
const std::string kPfl = "10,100,5,6,7,8,9,10,9,8,7,6,5\n";

TEST_F(P2pMessages, ItmEveryErrorNamesTheFileThatIsWrong) {
  const Row rows[] = {
      {"no case row", kPfl, kItmHeader,
       "CASES: found no case row, expected at least one case "
       "below the header"},
      {"no case row, comments only", kPfl, "# NTIA\n" + kItmHeader + "# nothing\n",
       "CASES: found no case row, expected at least one case below the header"},
      {"elevations far too high", "10,100,9000,9000,9000,9000,9000,9000,9000,9000,9000,9000,9000\n",
       kItmHeader + kItmCase,
       "PROFILE:1: pfl elevations: found elevations giving ERROR__SURFACE_REFRACTIVITY_SMALL with "
       "N_0 = "
       "301 of CASES:2, expected elevations for which a surface refractivity N_s = N_0 "
       "exp(-h_path / 9460 m) in 150..400 N-units"},
      {"elevations far below the sea",
       "# profile\n\n10,100,-9000,-9000,-9000,-9000,-9000,-9000,"
       "-9000,-9000,-9000,-9000,-9000\n",
       kItmHeader + kItmCase,
       "PROFILE:3: pfl elevations: found elevations giving ERROR__SURFACE_REFRACTIVITY_LARGE with "
       "N_0 = "
       "301 of CASES:2, expected elevations for which a surface refractivity N_s = N_0 "
       "exp(-h_path / 9460 m) in 150..400 N-units"},
      {"N_0 out of range", kPfl, kItmHeader + "10,1,15,0.008,200,230,1,5,50,50,50,12\n",
       "CASES:2:5: column N_0: found '200' (ERROR__REFRACTIVITY), expected 250..400 N-units"},
      {"pfl count", "10,100,5,6,7\n", kItmHeader + kItmCase,
       "PROFILE:1: pfl: found 5 fields with np = 10, expected np (an integer >= 2), xi, then np + "
       "1 elevations"},
      {"pfl spacing", "10,0,5,6,7,8,9,10,9,8,7,6,5\n", kItmHeader + kItmCase,
       "PROFILE:1:2: pfl xi: found 0, expected a spacing > 0 m"},
      {"pfl nan", "10,100,5,6,7,nan,9,10,9,8,7,6,5\n", kItmHeader + kItmCase,
       "PROFILE:1:6: pfl: found 'nan', expected a number"},
      {"pfl empty", "# nothing\n", kItmHeader + kItmCase,
       "PROFILE: found no profile, expected at least one pfl row"},
      {"profiles and cases", kPfl + kPfl, kItmHeader + kItmCase + kItmCase + kItmCase,
       "PROFILE: found 2 profiles for 3 cases, expected one profile per case, or a single "
       "profile"},
      {"climate 8", kPfl, kItmHeader + "10,1,15,0.008,301,230,1,8,50,50,50,12\n",
       "CASES:2:8: column climate: found '8' (ERROR__INVALID_RADIO_CLIMATE), expected an integer "
       "1..7"},
      {"climate 1.5", kPfl, kItmHeader + "10,1,15,0.008,301,230,1,1.5,50,50,50,12\n",
       "CASES:2:8: column climate: found 1.5, expected an integer"},
      {"height text", kPfl, kItmHeader + "ten,1,15,0.008,301,230,1,5,50,50,50,12\n",
       "CASES:2: column h_tx__meter: found 'ten', expected a number"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    const std::string profile = write("profile.pfl", r.profile);
    const std::string cases = write("cases.csv", r.cases);
    const std::string out = (dir_ / "out.csv").string();
    EXPECT_EQ(error_of([&] {
                run_itm_p2p({"itm", profile, cases, "", out});
              }),
              located(r.message, profile, cases));
    EXPECT_FALSE(fs::exists(out));
  }
}

}  // namespace
}  // namespace akichi::sim::p2p::p2p_messages_test

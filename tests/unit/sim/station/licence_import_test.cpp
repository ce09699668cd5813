// The FCC ULS importer on hand-made records in the published layout (tests/data/licence-import/
// fcc-uls): every imported row field by field, the same rows read back by akichi's own station
// list parser, the report of what was not mapped and skipped, and damaged records.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "sim/input/csv.h"
#include "sim/station/licence_import.h"
#include "sim/station/station_db.h"
#include "tests/unit/base/temp_dir_test_util.h"

namespace akichi::sim::licence_import_test {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(AKICHI_TEST_DATA_DIR) / "licence-import" / "fcc-uls";

std::vector<std::string> sample_files() {
  std::vector<std::string> out;
  for (const char* t : {"HD", "EN", "LO", "AN", "FR", "EM", "PA"})
    out.push_back((kDir / (std::string(t) + ".dat")).string());
  return out;
}

/// A row as column -> cell.
std::map<std::string, std::string> row_of(const ImportedStations& s, std::size_t i) {
  std::map<std::string, std::string> m;
  for (std::size_t c = 0; c < s.header.size(); ++c) m[s.header[c]] = s.rows.at(i)[c];
  return m;
}

// The sexagesimal coordinates of the LO records: d + m/60 + s/3600, west negative.
const double kLat1 = 39.0 + 44.0 / 60.0 + 21.6 / 3600.0;
const double kLon1 = -(104.0 + 59.0 / 60.0 + 31.2 / 3600.0);
const double kLat2 = 39.0 + 45.0 / 60.0;
const double kLon2 = -(105.0 + 36.0 / 3600.0);

TEST(EmissionBandwidth, DesignatorsOfRadioRegulationsAppendix1) {
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("30M0D7W"), 30e6);
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("11K2F3E"), 11.2e3);
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("400HA1A"), 400.0);
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("1G25W7D"), 1.25e9);
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("M100"), 0);  // the letter is never first
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("30X0D7W"), 0);
  EXPECT_DOUBLE_EQ(emission_bandwidth_Hz("3M"), 0);
}

TEST(FccUlsImport, RowsFieldByField) {
  const ImportedStations s = import_fcc_uls(sample_files());
  ASSERT_EQ(s.rows.size(), 3u);

  auto r = row_of(s, 0);
  EXPECT_EQ(r["id"], "WQAB123.L1.A1.1");
  EXPECT_EQ(r["role"], "incumbent");
  EXPECT_EQ(r["service"], "FCC ULS CF FXO");
  EXPECT_EQ(r["licensee"], "Front Range Microwave LLC");
  EXPECT_EQ(std::stod(r["lat_deg"]), kLat1);  // exact: the shortest text reads back the same
  EXPECT_EQ(std::stod(r["lon_deg"]), kLon1);
  EXPECT_EQ(r["height_m"], "30.5");
  EXPECT_EQ(r["freq_MHz"], "6175");
  EXPECT_EQ(r["bandwidth_MHz"], "30");
  EXPECT_EQ(r["freq_lo_MHz"], "");
  EXPECT_EQ(r["eirp_dBm"], "55");
  EXPECT_EQ(r["tx_power_dBm"], "");
  EXPECT_EQ(r["antenna.type"], "3gpp_sector");
  EXPECT_EQ(r["antenna.gain_dBi"], "38.1");
  EXPECT_EQ(r["antenna.azimuth_deg"], "287.4");
  EXPECT_EQ(r["antenna.hpbw_h_deg"], "2.2");

  r = row_of(s, 1);
  EXPECT_EQ(r["id"], "WQAB123.L2.A1.1");
  EXPECT_EQ(r["service"], "FCC ULS CF FB2");
  EXPECT_EQ(std::stod(r["lat_deg"]), kLat2);
  EXPECT_EQ(std::stod(r["lon_deg"]), kLon2);
  EXPECT_EQ(r["height_m"], "25");
  EXPECT_EQ(r["freq_lo_MHz"], "4940");
  EXPECT_EQ(r["freq_hi_MHz"], "4990");
  EXPECT_EQ(r["freq_MHz"], "");
  // ERP 100 W over a half-wave dipole: 50 dBm + 2.15 dB.
  EXPECT_DOUBLE_EQ(std::stod(r["eirp_dBm"]), 52.15);
  EXPECT_EQ(r["antenna.type"], "isotropic");
  EXPECT_EQ(r["antenna.gain_dBi"], "10");
  EXPECT_EQ(r["antenna.azimuth_deg"], "");

  r = row_of(s, 2);
  EXPECT_EQ(r["id"], "WQAB123.L2.A1.2");
  EXPECT_EQ(r["freq_MHz"], "4950");
  EXPECT_DOUBLE_EQ(std::stod(r["bandwidth_MHz"]), 0.0112);
  EXPECT_EQ(r["eirp_dBm"], "");
  EXPECT_DOUBLE_EQ(std::stod(r["tx_power_dBm"]), 10.0 * std::log10(5000.0));
}

TEST(FccUlsImport, RowsReadByTheStationListParser) {
  const ImportedStations s = import_fcc_uls(sample_files());
  const prop::Crs crs = prop::Crs::from_epsg(32613);  // UTM 13N around Denver
  const StationSource source{crs, {400000, 4300000, 600000, 4500000}, std::nullopt, "", false};
  const auto st = read_station_list_csv_text(csv_text(s.header, s.rows), "fcc.csv", kDir, source);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].role, StationRole::Incumbent);
  EXPECT_DOUBLE_EQ(st[0].lat_deg, kLat1);
  EXPECT_DOUBLE_EQ(st[0].lon_deg, kLon1);
  EXPECT_DOUBLE_EQ(st[0].height_m, 30.5);
  EXPECT_DOUBLE_EQ(st[0].freq_lo_Hz, 6160e6);
  EXPECT_DOUBLE_EQ(st[0].freq_hi_Hz, 6190e6);
  EXPECT_TRUE(st[0].transmits);
  EXPECT_FALSE(st[0].receives);
  EXPECT_DOUBLE_EQ(st[0].eirp_dBm, 55.0);
  EXPECT_EQ(st[0].antenna.type, "3gpp_sector");
  EXPECT_DOUBLE_EQ(st[0].antenna.gain_dBi, 38.1);
  EXPECT_DOUBLE_EQ(st[0].antenna.azimuth_deg, 287.4);
  EXPECT_DOUBLE_EQ(st[0].antenna.hpbw_h_deg, 2.2);
  EXPECT_EQ(st[0].licensee, "Front Range Microwave LLC");

  EXPECT_DOUBLE_EQ(st[1].freq_lo_Hz, 4940e6);
  EXPECT_DOUBLE_EQ(st[1].freq_hi_Hz, 4990e6);
  EXPECT_NEAR(st[1].eirp_dBm, 52.15, 1e-12);
  EXPECT_EQ(st[1].antenna.type, "isotropic");

  // Transmitter output 5 W (36.99 dBm) + the antenna's 10 dBi.
  EXPECT_NEAR(st[2].eirp_dBm, 10.0 * std::log10(5000.0) + 10.0, 1e-12);
  EXPECT_NEAR(st[2].freq_hi_Hz - st[2].freq_lo_Hz, 11.2e3, 1e-6);
}

bool has_line(const std::vector<std::string>& lines, const std::string& text) {
  return std::find(lines.begin(), lines.end(), text) != lines.end();
}

TEST(FccUlsImport, ReportOfFieldsNotMappedAndRecordsSkipped) {
  const ImportedStations s = import_fcc_uls(sample_files());
  const std::string fr = (kDir / "FR.dat").string();
  const std::vector<std::string> skipped{
      fr + ":4: FR (call sign WQAB123, location 1, antenna 1): no power (EIRP, Power ERP and "
           "Power Output empty): akichi's database stations transmit or are protected, and ULS "
           "gives no receiver noise or criterion",
      fr + ":5: FR (call sign WQAB123, location 3, antenna 1): its LO record has no coordinates",
      fr + ":6: FR (call sign WQZZ999, location 1, antenna 1): licence status \"E\", not A "
           "(active)"};
  EXPECT_EQ(s.skipped, skipped);
  for (const char* line :
       {"LO position 19 (Ground Elevation: the ground comes from the study's terrain): 2 records",
        "LO position 16 (Radius of Operation: akichi stations are points): 1 record",
        "AN position 11 (Height to Tip: the antenna's centre height is used): 1 record",
        "AN position 16 (Polarization Code: akichi has no polarisation key): 1 record",
        "FR position 18 (Tolerance: not a station key): 1 record",
        "HD position 8 (Grant Date: not a station key): 2 records",
        "EN position 9 (First Name: the licensee is the entity name): 1 record",
        "PA records: 1 (a record type not read)"}) {
    EXPECT_TRUE(has_line(s.not_mapped, line)) << line;
  }
  // Positions read are never reported, whatever they hold.
  for (const std::string& l : s.not_mapped) {
    EXPECT_EQ(l.find("LO position 20 "), std::string::npos) << l;
    EXPECT_EQ(l.find("FR position 21 "), std::string::npos) << l;
  }
}

class FccUlsDamaged : public test::TempDirTest {
 protected:
  FccUlsDamaged() : TempDirTest("akichi_fcc_uls_") {}
  std::string error_of(const std::string& name, const std::string& text) const {
    const std::string p = write(name, text);
    try {
      import_fcc_uls({p});
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

/// One record of `type` with `fields` at their 1-based positions, as a line.
std::string record(const std::string& type, const std::map<int, std::string>& fields) {
  std::vector<std::string> f(static_cast<std::size_t>(fields.rbegin()->first), "");
  f[0] = type;
  for (const auto& [pos, v] : fields) f[static_cast<std::size_t>(pos - 1)] = v;
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i) out += '|';
    out += f[i];
  }
  return out + "\n";
}

/// An LO record of location 2 at 39 44 21.6 N, 104 59 31.2 W with `change` applied.
std::string lo(const std::map<int, std::string>& change) {
  std::map<int, std::string> f{{2, "7"},  {9, "2"},    {20, "39"}, {21, "44"},   {22, "21.6"},
                               {23, "N"}, {24, "104"}, {25, "59"}, {26, "31.2"}, {27, "W"}};
  for (const auto& [pos, v] : change) f[pos] = v;
  return record("LO", f);
}

TEST_F(FccUlsDamaged, MessagesNameFileLineFieldFoundExpected) {
  EXPECT_EQ(
      error_of("lo1.dat", lo({}) + lo({{20, "3x"}})),
      (dir_ / "lo1.dat").string() +
          ":2: LO position 20 (Lat Degrees): found \"3x\", expected whole degrees in [0, 90]");
  EXPECT_EQ(error_of("lo2.dat", lo({{23, "X"}})),
            (dir_ / "lo2.dat").string() +
                ":1: LO position 23 (Lat Direction): found \"X\", expected N or S");
  EXPECT_EQ(
      error_of("lo3.dat", lo({{21, "61"}})),
      (dir_ / "lo3.dat").string() +
          ":1: LO position 21 (Lat Minutes): found \"61\", expected whole minutes in [0, 60)");
  EXPECT_EQ(error_of("lo4.dat", lo({{24, "181"}})),
            (dir_ / "lo4.dat").string() +
                ":1: LO position 24 (Long Degrees): found \"181\", expected whole degrees in [0, "
                "180]");
  EXPECT_EQ(error_of("an.dat", record("AN", {{2, "7"}, {7, "1"}, {8, "1"}, {12, "ten"}})),
            (dir_ / "an.dat").string() +
                ":1: AN position 12 (Height to Center RAAT): found \"ten\", expected metres above "
                "ground");
  EXPECT_EQ(error_of("em.dat",
                     record("EM", {{2, "7"}, {6, "1"}, {7, "1"}, {8, "6175.0"}, {10, "30X0D7W"}})),
            (dir_ / "em.dat").string() +
                ":1: EM position 10 (Emission Code): found \"30X0D7W\", expected an emission "
                "designator whose first four characters give the bandwidth (e.g. 40M0, 11K2; ITU "
                "RR Appendix 1)");
  EXPECT_EQ(error_of("hd.dat", record("HD", {{2, "WQ1"}, {5, "X"}, {6, "A"}, {7, "CF"}})),
            (dir_ / "hd.dat").string() +
                ":1: HD position 2 (Unique System Identifier): found \"WQ1\", expected a whole "
                "number >= 0");
  EXPECT_EQ(error_of("x.dat", "hello world\n"),
            (dir_ / "x.dat").string() +
                ":1: record type: found \"hello world\", expected a two-letter ULS record type "
                "(HD, EN, LO, AN, FR, EM, ...) before the first '|'");
}

const fs::path kTafl = fs::path(AKICHI_TEST_DATA_DIR) / "licence-import" / "tafl" / "TAFL_LTAF.csv";

TEST(TaflImport, RowsFieldByField) {
  const ImportedStations s = import_tafl({kTafl.string()});
  ASSERT_EQ(s.rows.size(), 2u);
  auto r = row_of(s, 0);
  EXPECT_EQ(r["id"], "VXC123.0001403864");
  EXPECT_EQ(r["role"], "incumbent");
  EXPECT_EQ(r["service"], "ISED TAFL service 2 subservice 200");
  EXPECT_EQ(r["licensee"], "TESTCO CANADA LTD");
  EXPECT_EQ(r["lat_deg"], "45.4215");
  EXPECT_EQ(r["lon_deg"], "-75.6972");
  EXPECT_EQ(r["height_m"], "35.5");
  EXPECT_EQ(r["freq_MHz"], "3650");
  EXPECT_EQ(r["bandwidth_MHz"], "20");  // 20000 kHz
  // ERP 10.5 dBW over a half-wave dipole: + 30 dB to dBm, + 2.15 dB to isotropic.
  EXPECT_DOUBLE_EQ(std::stod(r["eirp_dBm"]), 42.65);
  EXPECT_EQ(r["antenna.type"], "3gpp_sector");
  EXPECT_EQ(r["antenna.gain_dBi"], "");
  EXPECT_EQ(r["antenna.azimuth_deg"], "120");
  EXPECT_EQ(r["antenna.hpbw_h_deg"], "65");
  EXPECT_EQ(r["antenna.front_to_back_dB"], "25");

  r = row_of(s, 1);
  EXPECT_EQ(r["id"], "VXC123.0001403865");
  EXPECT_EQ(r["height_m"], "20");
  EXPECT_EQ(r["freq_MHz"], "461.5625");
  EXPECT_DOUBLE_EQ(std::stod(r["bandwidth_MHz"]), 0.0112);  // emission 11K2F3E
  EXPECT_DOUBLE_EQ(std::stod(r["eirp_dBm"]), 35.35);
  EXPECT_EQ(r["antenna.type"], "isotropic");
  EXPECT_EQ(r["antenna.azimuth_deg"], "");
  EXPECT_EQ(r["antenna.hpbw_h_deg"], "");
}

TEST(TaflImport, RowsReadByTheStationListParser) {
  const ImportedStations s = import_tafl({kTafl.string()});
  const prop::Crs crs = prop::Crs::from_epsg(32618);  // UTM 18N around Ottawa
  const StationSource source{crs, {300000, 4900000, 700000, 5200000}, std::nullopt, "", false};
  const auto st = read_station_list_csv_text(csv_text(s.header, s.rows), "tafl.csv",
                                             kTafl.parent_path(), source);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_DOUBLE_EQ(st[0].lat_deg, 45.4215);
  EXPECT_DOUBLE_EQ(st[0].lon_deg, -75.6972);
  EXPECT_DOUBLE_EQ(st[0].freq_lo_Hz, 3640e6);
  EXPECT_DOUBLE_EQ(st[0].freq_hi_Hz, 3660e6);
  EXPECT_NEAR(st[0].eirp_dBm, 42.65, 1e-12);
  EXPECT_EQ(st[0].antenna.type, "3gpp_sector");
  EXPECT_DOUBLE_EQ(st[0].antenna.gain_dBi, 8.0);  // the sector's default maximum gain
  EXPECT_DOUBLE_EQ(st[0].antenna.azimuth_deg, 120.0);
  EXPECT_DOUBLE_EQ(st[0].antenna.hpbw_h_deg, 65.0);
  EXPECT_DOUBLE_EQ(st[0].antenna.front_to_back_dB, 25.0);
  EXPECT_TRUE(st[1].transmits);
  EXPECT_NEAR(st[1].freq_hi_Hz - st[1].freq_lo_Hz, 11.2e3, 1e-6);
}

TEST(TaflImport, ReportOfColumnsNotMappedAndRowsSkipped) {
  const ImportedStations s = import_tafl({kTafl.string()});
  const std::string f = kTafl.string();
  const std::vector<std::string> skipped{
      f + ":2: RX (call sign VXC123, record 0001403864): receive-only: TAFL gives no receiver "
          "noise or protection criterion",
      f + ":4: TX (call sign VXC123, record 0001403866): no coordinates",
      f + ":5: TX (call sign VXC123, record 0001403867): no ERP: akichi's database stations "
          "transmit with a known EIRP or are protected"};
  EXPECT_EQ(s.skipped, skipped);
  for (const char* line :
       {"column 43 (Ground Elevation Above Sea Level: the ground comes from the study's terrain): "
        "5 rows",
        "column 24 (Antenna Gain: the ERP holds it; its reference (dBi or dBd) is not needed): 5 "
        "rows",
        "column 28 (Polarization: no akichi station key): 5 rows",
        "column 31 (Vertical Elevation Angle: akichi's sector pattern has no uptilt; the downtilt "
        "sign is not defined): 4 rows",
        "column 56 (Licensee Address: no akichi station key): 5 rows"}) {
    EXPECT_TRUE(has_line(s.not_mapped, line)) << line;
  }
  for (const std::string& l : s.not_mapped) {
    EXPECT_EQ(l.find("column 41 "), std::string::npos) << l;
    EXPECT_EQ(l.find("column 15 "), std::string::npos) << l;
  }
}

/// A TAFL row of 61 quoted cells: a transmitter at 45.4215, -75.6972 with `change` applied.
std::string tafl_row(const std::map<int, std::string>& change) {
  std::map<int, std::string> c{{1, "TX"},     {2, "3650"},     {3, "1"},
                               {11, "20000"}, {15, "10"},      {29, "30"},
                               {34, "X"},     {41, "45.4215"}, {42, "-75.6972"}};
  for (const auto& [col, v] : change) c[col] = v;
  std::string out;
  for (int col = 1; col <= 61; ++col) {
    if (col > 1) out += ',';
    out += '"';
    if (const auto it = c.find(col); it != c.end()) out += it->second;
    out += '"';
  }
  return out + "\n";
}

class TaflDamaged : public test::TempDirTest {
 protected:
  TaflDamaged() : TempDirTest("akichi_tafl_") {}
  std::string error_of(const std::string& name, const std::string& text) const {
    const std::string p = write(name, text);
    try {
      import_tafl({p});
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(TaflDamaged, MessagesNameFileRowColumnFoundExpected) {
  EXPECT_EQ(error_of("a.csv", tafl_row({}) + tafl_row({{41, "45.x"}})),
            (dir_ / "a.csv").string() +
                ":2: column 41 (Latitude (degrees)): found \"45.x\", expected decimal degrees in "
                "[-90, 90]");
  EXPECT_EQ(error_of("b.csv", tafl_row({{42, "-200"}})),
            (dir_ / "b.csv").string() +
                ":1: column 42 (Longitude (degrees)): found \"-200\", expected decimal degrees in "
                "[-180, 180]");
  EXPECT_EQ(error_of("c.csv", tafl_row({{1, "TR"}})),
            (dir_ / "c.csv").string() +
                ":1: column 1 (Station Function (TX/RX)): found \"TR\", expected TX or RX");
  EXPECT_EQ(
      error_of("d.csv", tafl_row({{15, "ten"}})),
      (dir_ / "d.csv").string() + ":1: column 15 (Tx ERP (dBW)): found \"ten\", expected dBW");
  EXPECT_EQ(error_of("e.csv", "\"TX\",\"3650\",\"1\"\n"),
            (dir_ / "e.csv").string() +
                ":1: found 3 columns, expected the 61 columns of ISED's TAFL field descriptions");
}

}  // namespace
}  // namespace akichi::sim::licence_import_test

// make_antenna: the three types and the configuration checks.
#include "propagation/antenna/antenna.h"

#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"

namespace akichi::prop::make_antenna_test {
namespace {

std::string config_error(const AntennaConfig& c) {
  try {
    make_antenna(c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(MakeAntenna, Isotropic) {
  AntennaConfig c;
  c.gain_dBi = 2.5;
  const auto a = make_antenna(c);
  for (double b = 0; b < 360; b += 45)
    for (double e = -90; e <= 90; e += 30) EXPECT_DOUBLE_EQ(a->gain_dBi(b, e), 2.5);
  EXPECT_DOUBLE_EQ(a->max_gain_dBi(), 2.5);
  EXPECT_EQ(a->describe(), "isotropic 2.5 dBi");
}

TEST(MakeAntenna, ThreeGppSector) {
  AntennaConfig c;
  c.type = "3gpp_sector";
  c.gain_dBi = 8;
  c.azimuth_deg = 120;
  c.downtilt_deg = 6;
  c.hpbw_v_deg = 10;
  const auto a = make_antenna(c);
  EXPECT_DOUBLE_EQ(a->max_gain_dBi(), 8);
  EXPECT_NEAR(a->gain_dBi(120, -6), 8, 1e-9);
  EXPECT_NEAR(a->gain_dBi(120, -6 + 5), 5, 1e-9);  // theta_3dB / 2 above the beam
  EXPECT_NEAR(a->gain_dBi(300, 0), -22, 1e-9);
  EXPECT_EQ(a->describe(), "3gpp_sector 8 dBi az 120 tilt 6 hpbw_h 65 hpbw_v 10 A_max 30 SLA_V 30");
}

TEST(MakeAntenna, Msi) {
  AntennaConfig c;
  c.type = "msi";
  c.pattern_path = std::string(AKICHI_TEST_DATA_DIR) + "/antenna/small_crlf.msi";
  c.azimuth_deg = 90;
  c.gain_dBi = 99;  // not used for msi: the gain comes from the file
  const auto a = make_antenna(c);
  EXPECT_DOUBLE_EQ(a->max_gain_dBi(), 17.15);
  EXPECT_NEAR(a->gain_dBi(90, 0), 17.15, 1e-12);
  EXPECT_NEAR(a->gain_dBi(135, 0), 17.15 - 3, 1e-12);
  EXPECT_NEAR(a->gain_dBi(270, 0), 17.15 - 25, 1e-12);
  EXPECT_NE(a->describe().find("SMALL_TEST_PANEL"), std::string::npos);
}

TEST(MakeAntenna, InvalidConfigurationsNameTheField) {
  AntennaConfig c;
  c.type = "yagi";
  EXPECT_EQ(config_error(c),
            "antenna.type: found 'yagi', expected one of isotropic, 3gpp_sector, msi, s465, s580, "
            "m2101, f1336, f699");
  c.type = "3gpp_sector";
  c.hpbw_h_deg = 0;
  EXPECT_EQ(config_error(c), "antenna.hpbw_h_deg: found 0, expected a value > 0 and <= 360");
  c.hpbw_h_deg = 65;
  c.hpbw_v_deg = -10;
  EXPECT_EQ(config_error(c), "antenna.hpbw_v_deg: found -10, expected a value > 0 and <= 180");
  c.hpbw_v_deg = 10;
  c.front_to_back_dB = -1;
  EXPECT_EQ(config_error(c), "antenna.front_to_back_dB: found -1, expected a finite value >= 0");
  c.front_to_back_dB = 30;
  c.sla_v_dB = -0.5;
  EXPECT_EQ(config_error(c), "antenna.sla_v_dB: found -0.5, expected a finite value >= 0");
  c.sla_v_dB = 30;
  c.downtilt_deg = 95;
  EXPECT_EQ(config_error(c),
            "antenna.downtilt_deg: found 95, expected a value in [-90, 90] degrees");
  c.downtilt_deg = 0;
  EXPECT_EQ(config_error(c), "");
  c.type = "msi";
  EXPECT_EQ(config_error(c),
            "antenna.pattern_path: found nothing, expected the path of an MSI / "
            "Planet pattern file (required for type 'msi')");
  c.pattern_path = "/nonexistent/x.msi";
  EXPECT_EQ(config_error(c),
            "/nonexistent/x.msi: pattern file: found a file that cannot be "
            "opened, expected a readable MSI / Planet pattern file");
}

}  // namespace
}  // namespace akichi::prop::make_antenna_test

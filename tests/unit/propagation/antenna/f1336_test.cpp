// ITU-R F.1336-5 omnidirectional and sectoral patterns at the Recommendation's listed angles
// (boresight, 3 dB points, side-lobe floors, back lobe), the expected values computed here from
// the equations as the Recommendation writes them (f1336.h cites them).
#include "propagation/antenna/f1336.h"

#include <cmath>
#include <numbers>
#include <string>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"

namespace akichi::prop::f1336_test {
namespace {

F1336Params omni(F1336Variant v, double G0, double k = 0.7) {
  F1336Params p;
  p.variant = v;
  p.G0_dBi = G0;
  p.k = k;
  return p;
}

TEST(F1336Omni, PeakSideLobesRecommends21) {
  const F1336Params p = omni(F1336Variant::kOmniPeak, 10);
  const double theta3 = 107.6 * std::pow(10.0, -0.1 * 10);  // 10.76 deg
  const double theta4 = theta3 * std::sqrt(1 - std::log10(1.7) / 1.2);
  EXPECT_DOUBLE_EQ(f1336_omni_dBi(0, p), 10);
  EXPECT_NEAR(f1336_omni_dBi(theta3 / 2, p), 10 - 3, 1e-12);  // half of theta_3: -3 dB
  EXPECT_NEAR(f1336_omni_dBi(-theta3 / 2, p), 10 - 3, 1e-12);
  // theta_4 <= |theta| < theta_3: G0 - 12 + 10 log(1 + k), continuous with the parabola at theta_4.
  EXPECT_NEAR(f1336_omni_dBi(0.5 * (theta4 + theta3), p), 10 - 12 + 10 * std::log10(1.7), 1e-12);
  EXPECT_NEAR(f1336_omni_dBi(theta4 - 1e-9, p), 10 - 12 + 10 * std::log10(1.7), 1e-6);
  // Side lobes to 90 deg.
  for (double t : {theta3, 20.0, 45.0, 90.0}) {
    EXPECT_NEAR(f1336_omni_dBi(t, p), 10 - 12 + 10 * std::log10(std::pow(t / theta3, -1.5) + 0.7),
                1e-12)
        << t;
  }
  // k = 0 (improved side lobes): theta_4 = theta_3, floor falls as 15 log.
  const F1336Params q = omni(F1336Variant::kOmniPeak, 10, 0.0);
  EXPECT_NEAR(f1336_omni_dBi(90, q), 10 - 12 - 15 * std::log10(90 / theta3), 1e-12);
}

TEST(F1336Omni, AverageSideLobesRecommends22) {
  const F1336Params p = omni(F1336Variant::kOmniAverage, 8);
  const double theta3 = 107.6 * std::pow(10.0, -0.1 * 8);
  const double theta5 = theta3 * std::sqrt(1.25 - std::log10(1.7) / 1.2);
  EXPECT_DOUBLE_EQ(f1336_omni_dBi(0, p), 8);
  EXPECT_NEAR(f1336_omni_dBi(theta3 / 2, p), 8 - 3, 1e-12);
  EXPECT_NEAR(f1336_omni_dBi(0.5 * (theta3 + theta5), p), 8 - 15 + 10 * std::log10(1.7), 1e-12);
  EXPECT_NEAR(f1336_omni_dBi(90, p), 8 - 15 + 10 * std::log10(std::pow(90 / theta3, -1.5) + 0.7),
              1e-12);
}

TEST(F1336Omni, ElectricalTiltMovesTheMaximumDown) {
  // (1e): the maximum lies at theta = -beta_e, and the map keeps +-90 deg fixed.
  EXPECT_DOUBLE_EQ(f1336_electrical_tilt_deg(-6, 6), 0);
  EXPECT_DOUBLE_EQ(f1336_electrical_tilt_deg(90, 6), 90);
  EXPECT_DOUBLE_EQ(f1336_electrical_tilt_deg(-90, 6), -90);
  EXPECT_DOUBLE_EQ(f1336_electrical_tilt_deg(10, 6), 90.0 * 16 / 96);
  EXPECT_DOUBLE_EQ(f1336_electrical_tilt_deg(-20, 6), 90.0 * -14 / 84);
  F1336Params p = omni(F1336Variant::kOmniPeak, 10);
  p.electrical_tilt_deg = 6;
  const F1336Antenna a(p, 0, 0);
  EXPECT_DOUBLE_EQ(a.gain_dBi(123, -6), 10);
  EXPECT_NEAR(a.gain_dBi(77, 10), f1336_omni_dBi(90.0 * 16 / 96, omni(F1336Variant::kOmniPeak, 10)),
              1e-12);
}

F1336Params sector(F1336Variant v, bool above6) {
  F1336Params p;
  p.variant = v;
  p.G0_dBi = 15;
  p.phi_3_deg = 65;
  p.theta_3_deg = f1336_sector_theta3_deg(15, 65);  // recommends 3.3
  p.k = 0.7;
  p.k_h = 0.8;
  p.k_v = 0.7;
  p.above_6GHz = above6;
  return p;
}

TEST(F1336Sector, Recommends33Beamwidth) {
  EXPECT_NEAR(f1336_sector_theta3_deg(15, 65), 31000 * std::pow(10.0, -1.5) / 65, 1e-12);
}

TEST(F1336Sector, PeakBelow6GHzRecommends311) {
  const F1336Params p = sector(F1336Variant::kSectorPeak, false);
  const double t3 = p.theta_3_deg;
  const double G180 = -12 + 10 * std::log10(1 + 8 * 0.7) - 15 * std::log10(180 / t3);  // (2b1)
  EXPECT_DOUBLE_EQ(f1336_sector_dBi(0, 0, p), 15);                                     // boresight
  // Azimuth 3 dB points: x_h = 0.5, G_hr = -12 x_h^2 = -3, G_vr(0) = 0.
  EXPECT_NEAR(f1336_sector_dBi(32.5, 0, p), 12, 1e-12);
  EXPECT_NEAR(f1336_sector_dBi(-32.5, 0, p), 12, 1e-12);
  // Elevation 3 dB points: x_v = 0.5 < x_k = sqrt(1 - 0.36 k_v): G_vr = -3, R = 1.
  EXPECT_NEAR(f1336_sector_dBi(0, t3 / 2, p), 12, 1e-12);
  EXPECT_NEAR(f1336_sector_dBi(0, -t3 / 2, p), 12, 1e-12);
  // Back lobe: G_hr(180/phi_3) = max(-12 x^(2-k_h) - lambda_kh, G180) = G180 here, R = 0.
  const double x180 = 180 / 65.0;
  const double lambda_kh = 3 * (1 - std::pow(0.5, -0.8));
  ASSERT_LT(-12 * std::pow(x180, 1.2) - lambda_kh, G180);
  EXPECT_NEAR(f1336_sector_dBi(180, 0, p), 15 + G180, 1e-12);
  EXPECT_NEAR(f1336_sector_dBi(180, 40, p), 15 + G180, 1e-12);
  // Side-lobe floor of the vertical cut at the zenith: G_vr(90/theta_3) = G180.
  EXPECT_NEAR(f1336_sector_dBi(0, 90, p), 15 + G180, 1e-12);
  // A side-lobe point of (2b3)'s third segment: 4 <= x_v < 90/theta_3.
  const double C = 10 * std::log10(std::pow(180 / t3, 1.5) * (std::pow(4, -1.5) + 0.7) / 6.6) /
                   std::log10(22.5 / t3);
  const double lambda_kv = 12 - C * std::log10(4) - 10 * std::log10(std::pow(4, -1.5) + 0.7);
  const double xv = 70 / t3;
  ASSERT_GE(xv, 4);
  EXPECT_NEAR(f1336_sector_dBi(0, 70, p), 15 - lambda_kv - C * std::log10(xv), 1e-12);
  // Off both axes: G0 + G_hr + R G_vr (2a1, 2a2).
  const double xh = 50 / 65.0;
  const double ghr = -12 * std::pow(xh, 1.2) - lambda_kh;
  const double R = (ghr - G180) / (0 - G180);
  const double gvr = -12 + 10 * std::log10(std::pow(20 / t3, -1.5) + 0.7);
  ASSERT_TRUE(20 / t3 >= std::sqrt(1 - 0.36 * 0.7) && 20 / t3 < 4);
  EXPECT_NEAR(f1336_sector_dBi(50, -20, p), 15 + ghr + R * gvr, 1e-12);
}

TEST(F1336Sector, VerticalCutMeetsG180AtNinetyDegrees) {
  // C of (2b3) / (2c3) carries (4^-1.5 + k_v): with it the third segment -lambda_kv - C log x_v
  // (and -lambda_kv - 3 - C log x_v for average side lobes) reaches G180 exactly at
  // x_v = 90/theta_3, and meets the second segment at x_v = 4. Checked on the vertical cut
  // (phi = 0, R = 1) for narrow beams, where the third segment exists.
  for (const F1336Variant v : {F1336Variant::kSectorPeak, F1336Variant::kSectorAverage}) {
    for (double theta_3 : {4.0, 8.0, 15.0}) {
      F1336Params p = sector(v, false);
      p.theta_3_deg = theta_3;
      const bool peak = v == F1336Variant::kSectorPeak;
      const double G180 =
          (peak ? -12 : -15) + 10 * std::log10(1 + 8 * p.k) - 15 * std::log10(180 / theta_3);
      EXPECT_NEAR(f1336_sector_dBi(0, 90 - 1e-9, p), 15 + G180, 1e-6) << theta_3;
      EXPECT_NEAR(f1336_sector_dBi(0, 4 * theta_3 + 1e-9, p),
                  f1336_sector_dBi(0, 4 * theta_3 - 1e-9, p), 1e-6)
          << theta_3;
    }
  }
}

TEST(F1336Sector, AverageBelow6GHzRecommends312) {
  const F1336Params p = sector(F1336Variant::kSectorAverage, false);
  const double t3 = p.theta_3_deg;
  const double G180 = -15 + 10 * std::log10(1 + 8 * 0.7) - 15 * std::log10(180 / t3);  // (2c1)
  EXPECT_DOUBLE_EQ(f1336_sector_dBi(0, 0, p), 15);
  EXPECT_NEAR(f1336_sector_dBi(32.5, 0, p), 12, 1e-12);
  EXPECT_NEAR(f1336_sector_dBi(180, 0, p), 15 + G180, 1e-12);
  EXPECT_NEAR(f1336_sector_dBi(0, 90, p), 15 + G180, 1e-12);
  const double xv = 25 / t3;  // x_k = sqrt(1.33 - 0.33 k_v) <= x_v < 4
  ASSERT_TRUE(xv >= std::sqrt(1.33 - 0.33 * 0.7) && xv < 4);
  EXPECT_NEAR(f1336_sector_dBi(0, 25, p), 15 - 15 + 10 * std::log10(std::pow(xv, -1.5) + 0.7),
              1e-12);
}

TEST(F1336Sector, Above6GHzRecommends32) {
  const F1336Params p = sector(F1336Variant::kSectorPeak, true);
  const double t3 = p.theta_3_deg;
  EXPECT_DOUBLE_EQ(f1336_sector_dBi(0, 0, p), 15);
  // x = psi / psi_alpha = 0.5 at the half beamwidths of both planes: G0 - 3.
  EXPECT_NEAR(f1336_sector_dBi(32.5, 0, p), 12, 1e-12);
  EXPECT_NEAR(f1336_sector_dBi(0, t3 / 2, p), 12, 1e-12);
  // Beyond x = 1: G0 - 12 - 15 log x (2e); at phi = 100 deg in the horizontal plane psi = 100.
  // psi > 90: phi_3m of the ellipse at 90 (100 - phi_3)/(180 - phi_3), then psi_alpha = phi_3m.
  const double a = (100 - 65.0) / (180 - 65.0) * 90 * std::numbers::pi / 180;
  const double phi3m = 1 / std::sqrt(std::pow(std::cos(a) / 65, 2) + std::pow(std::sin(a) / t3, 2));
  EXPECT_NEAR(f1336_sector_dBi(100, 0, p), 15 - 12 - 15 * std::log10(100 / phi3m), 1e-9);
  // Back lobe: phi_3m = theta_3 at |phi| = 180.
  EXPECT_NEAR(f1336_sector_dBi(180, 0, p), 15 - 12 - 15 * std::log10(180 / t3), 1e-9);
  // Average (2f): G0 - 15 - 15 log x from x = 1.152.
  const F1336Params q = sector(F1336Variant::kSectorAverage, true);
  // psi = 80 <= 90 in the horizontal plane: alpha = 0, psi_alpha = phi_3, x = 80/65 >= 1.152.
  EXPECT_NEAR(f1336_sector_dBi(80, 0, q), 15 - 15 - 15 * std::log10(80 / 65.0), 1e-9);
  EXPECT_NEAR(f1336_sector_dBi(30, 0, q), 15 - 12 * std::pow(30 / 65.0, 2), 1e-9);
}

TEST(F1336Antenna, PointingAndTilt) {
  F1336Params p = sector(F1336Variant::kSectorPeak, false);
  p.electrical_tilt_deg = 4;
  const F1336Antenna a(p, 120, 3);  // mechanical 3, electrical 4
  // Mechanical downtilt rotates the frame: boresight plane at elevation -3 in bearing 120; the
  // electrical tilt then puts the maximum 4 deg further down in that frame.
  EXPECT_NEAR(a.gain_dBi(120, -7), 15, 1e-9);
  EXPECT_LT(a.gain_dBi(120, 0), 15 - 1);
  // Straight behind (local phi = 180): R = 0, the back lobe G0 + G180 whatever the elevation.
  const double G180 = -12 + 10 * std::log10(1 + 8 * 0.7) - 15 * std::log10(180 / p.theta_3_deg);
  EXPECT_NEAR(a.gain_dBi(300, 0), 15 + G180, 1e-9);
  EXPECT_DOUBLE_EQ(a.max_gain_dBi(), 15);
}

std::string error_of(const AntennaConfig& c) {
  try {
    make_antenna(c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(F1336MakeAntenna, VariantsAndErrors) {
  AntennaConfig c;
  c.type = "f1336";
  c.gain_dBi = 15;
  c.hpbw_v_deg = std::nan("");
  c.freq_Hz = 4.7e9;
  EXPECT_NEAR(make_antenna(c)->gain_dBi(32.5, 0), 12, 1e-12);
  c.freq_Hz = 28e9;
  EXPECT_NE(make_antenna(c)->describe().find("recommends 3.2"), std::string::npos);
  AntennaConfig bad = c;
  bad.variant = "sector";
  EXPECT_EQ(error_of(bad),
            "antenna.variant: found 'sector', expected one of omni-peak, omni-average, "
            "sector-peak, sector-average");
  bad = c;
  bad.freq_Hz = 80e9;
  EXPECT_EQ(error_of(bad),
            "antenna.freq_Hz: found 8e+10, expected a value in [4e8, 7e10] Hz (ITU-R F.1336-5: "
            "400 MHz to 70 GHz)");
  bad = c;
  bad.hpbw_h_deg = 200;
  EXPECT_EQ(error_of(bad).substr(0, 33), "antenna.hpbw_v_deg: found nothing");
  bad = c;
  bad.variant = "omni-peak";
  bad.gain_dBi = 0;
  EXPECT_EQ(error_of(bad),
            "antenna.gain_dBi: found 0, expected a value in [0.8, 40] dBi (F.1336-5 "
            "omnidirectional: theta_3 < 90 deg)");
}

}  // namespace
}  // namespace akichi::prop::f1336_test

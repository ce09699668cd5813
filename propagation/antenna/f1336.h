// Reference patterns of Recommendation ITU-R F.1336-5 (01/2019), "Reference radiation patterns
// of omnidirectional, sectoral and other antennas for the fixed and mobile services for use in
// sharing studies in the frequency range from 400 MHz to about 70 GHz".
//
// Implemented (theta: elevation relative to the direction of maximum gain in the vertical
// plane, [-90, 90]; phi: azimuth relative to the boresight, [-180, 180]; G0 the maximum gain):
//
//   Omnidirectional, recommends 2:
//     theta_3 = 107.6 x 10^(-0.1 G0)                                     (3 dB beamwidth)
//     peak side lobes (recommends 2.1), k = 0.7 typical (0 for improved side lobes):
//       G = G0 - 12 (theta/theta_3)^2                    0 <= |theta| < theta_4
//       G = G0 - 12 + 10 log(1 + k)                      theta_4 <= |theta| < theta_3
//       G = G0 - 12 + 10 log((|theta|/theta_3)^-1.5 + k) theta_3 <= |theta| <= 90
//       theta_4 = theta_3 sqrt(1 - log(k + 1) / 1.2)
//     average side lobes (recommends 2.2):
//       G = G0 - 12 (theta/theta_3)^2                    0 <= |theta| < theta_3
//       G = G0 - 15 + 10 log(1 + k)                      theta_3 <= |theta| < theta_5
//       G = G0 - 15 + 10 log((|theta|/theta_3)^-1.5 + k) theta_5 <= |theta| <= 90
//       theta_5 = theta_3 sqrt(1.25 - log(k + 1) / 1.2)
//
//   Sectoral, 400 MHz to 6 GHz (recommends 3.1), x_h = |phi|/phi_3, x_v = |theta|/theta_3:
//     G = G0 + G_hr(x_h) + R G_vr(x_v)                                            (2a1)
//     R = (G_hr(x_h) - G_hr(180/phi_3)) / (G_hr(0) - G_hr(180/phi_3))             (2a2)
//     peak side lobes (recommends 3.1.1), k_p = 0.7:
//       G180 = -12 + 10 log(1 + 8 k_p) - 15 log(180/theta_3)                      (2b1)
//       G_hr = -12 x_h^2 (x_h <= 0.5); -12 x_h^(2-k_h) - lambda_kh (x_h > 0.5);
//              at least G180,  lambda_kh = 3 (1 - 0.5^-k_h)                         (2b2)
//       G_vr = -12 x_v^2                                  x_v < x_k = sqrt(1 - 0.36 k_v)
//              -12 + 10 log(x_v^-1.5 + k_v)               x_k <= x_v < 4
//              -lambda_kv - C log(x_v)                    4 <= x_v < 90/theta_3
//              G180                                       x_v = 90/theta_3            (2b3)
//       lambda_kv = 12 - C log 4 - 10 log(4^-1.5 + k_v),
//       C = 10 log((180/theta_3)^1.5 (4^-1.5 + k_v) / (1 + 8 k_p)) / log(22.5/theta_3)
//     average side lobes (recommends 3.1.2), k_a = 0.7, the same with
//       G180 = -15 + 10 log(1 + 8 k_a) - 15 log(180/theta_3)                      (2c1)
//       G_vr = -12 x_v^2 (x_v < x_k = sqrt(1.33 - 0.33 k_v)); -15 + 10 log(x_v^-1.5 + k_v)
//              (x_k <= x_v < 4); -lambda_kv - 3 - C log(x_v) (4 <= x_v < 90/theta_3); G180 (2c3)
//       and k_a for k_p in C.
//     k_h = 0.8, k_v = 0.7 typical antennas; k_h = 0.7, k_v = 0.3 improved side lobes
//     (recommends 3.1.1.2, 3.1.1.3). theta_3 given, or for phi_3 <= 120 deg
//     theta_3 = 31000 x 10^(-0.1 G0) / phi_3 (recommends 3.3).
//
//   Sectoral, 6 GHz to 70 GHz (recommends 3.2):
//     alpha = arctan(tan theta / sin phi)                                           (2d2)
//     psi = arccos(cos phi cos theta)                                               (2d4)
//     psi_alpha = 1 / sqrt((cos alpha / phi_3)^2 + (sin alpha / theta_3)^2) for psi <= 90,
//               = 1 / sqrt((cos theta / phi_3m)^2 + (sin theta / theta_3)^2) for psi > 90  (2d3)
//       phi_3m = phi_3 (|phi| <= phi_th), else the same ellipse at the angle
//       90 (|phi| - phi_th)/(180 - phi_th); phi_th = phi_3 (peak), 1.152 phi_3 (average)
//     x = psi / psi_alpha                                                           (2d5)
//     peak (recommends 3.2.1):    G = G0 - 12 x^2 (x < 1); G0 - 12 - 15 log x (x >= 1)  (2e)
//     average (recommends 3.2.2): G = G0 - 12 x^2 (x < 1.152); G0 - 15 - 15 log x       (2f)
//
//   Tilt (recommends 3.4, 3.5 and, for the omnidirectional antenna, the same elevation map):
//     mechanical downtilt beta: the direction rotated into the antenna's frame (eqs. (3b),
//       (3c): the rotation of orientation.h with slant 0), then the pattern;
//     electrical downtilt beta_e: theta_e = 90 (theta + beta_e) / (90 + beta_e) for
//       theta + beta_e >= 0, 90 (theta + beta_e) / (90 - beta_e) otherwise          (1e)
//   with theta the elevation above the antenna's horizontal plane.
//
// Domain: 400 MHz to 70 GHz (the title); the sectoral variants choose recommends 3.1 up to
// 6 GHz and recommends 3.2 above (make_antenna takes the frequency from the station).
//
// Not implemented: recommends 4 (low-gain circularly symmetric subscriber antennas), the
// patterns of Annexes 5 and 7 not in recommends, and the cross-polar patterns.
#pragma once

#include <string>

#include "propagation/antenna/antenna.h"
#include "propagation/antenna/orientation.h"

namespace akichi::prop {

enum class F1336Variant { kOmniPeak, kOmniAverage, kSectorPeak, kSectorAverage };

/// The variant's name in a scenario: "omni-peak", "omni-average", "sector-peak",
/// "sector-average".
const char* f1336_variant_name(F1336Variant v) noexcept;

struct F1336Params {
  F1336Variant variant = F1336Variant::kSectorPeak;
  double G0_dBi = 15;              ///< maximum gain
  double phi_3_deg = 65;           ///< sector: azimuth 3 dB beamwidth, (0, 360]
  double theta_3_deg = 0;          ///< sector: elevation 3 dB beamwidth; 0: from recommends 3.3;
                                   ///< omni: set from G0 (recommends 2)
  double k = 0.7;                  ///< omni k; sector k_p (peak) or k_a (average)
  double k_h = 0.8;                ///< sector, 400 MHz - 6 GHz
  double k_v = 0.7;                ///< sector, 400 MHz - 6 GHz
  bool above_6GHz = false;         ///< sector: recommends 3.2 instead of 3.1
  double electrical_tilt_deg = 0;  ///< beta_e, positive down
};

/// Omnidirectional pattern, dBi, at elevation theta relative to the maximum (recommends 2.1 /
/// 2.2); theta_3 from G0.
double f1336_omni_dBi(double theta_deg, const F1336Params& p) noexcept;

/// Sectoral pattern, dBi, at (phi, theta) relative to the boresight (recommends 3.1 or 3.2).
double f1336_sector_dBi(double phi_deg, double theta_deg, const F1336Params& p) noexcept;

/// Electrical tilt (1e): the elevation the untilted pattern is read at.
double f1336_electrical_tilt_deg(double theta_deg, double beta_e_deg) noexcept;

/// theta_3 of recommends 3.3: 31000 x 10^(-0.1 G0) / phi_3.
double f1336_sector_theta3_deg(double G0_dBi, double phi_3_deg) noexcept;

/// "f1336": the pattern pointed by azimuth and mechanical downtilt (orientation.h), with its
/// electrical tilt.
class F1336Antenna final : public Antenna {
 public:
  /// theta_3_deg must be set (> 0) for the sector variants; not checked here.
  F1336Antenna(const F1336Params& params, double azimuth_deg, double downtilt_deg);

  double gain_dBi(double bearing_deg, double elevation_deg) const noexcept override;
  double max_gain_dBi() const noexcept override { return params_.G0_dBi; }
  std::string describe() const override;
  const F1336Params& params() const noexcept { return params_; }

 private:
  F1336Params params_;
  Orientation orientation_;
};

}  // namespace akichi::prop

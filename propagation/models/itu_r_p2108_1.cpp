// ITU-R P.2108-1 Annex 1 §3.1-§3.3 clutter loss. See the header for scope.
#include "propagation/models/itu_r_p2108_1.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "propagation/models/itu_r_p1057_7.h"

namespace akichi::prop::p2108 {

namespace {

constexpr double kDegPerRad = 180.0 / std::numbers::pi;

bool known_clutter_type(int t) noexcept {
  return t >= 1 && t <= 6;
}

// Knife-edge diffraction loss J(nu) used by eq. (2a) (the P.526 approximation the text gives).
double knife_edge_J_dB(double nu) noexcept {
  if (nu <= -0.78) return 0.0;
  const double x = nu - 0.1;
  return 6.9 + 20.0 * std::log10(std::sqrt(x * x + 1.0) + x);
}

// Eqs. (3a)-(5b) at distance d_km, before the 2 km cap of eq. (6); Qinv = Q^-1(p / 100).
double terrestrial_uncapped_dB(double f_GHz, double d_km, double Qinv) noexcept {
  constexpr double sigma_l_dB = 4.0;  // eq. (4b)
  constexpr double sigma_s_dB = 6.0;  // eq. (5b)
  const double L_l_dB = -2.0 * std::log10(std::pow(10.0, -5.0 * std::log10(f_GHz) - 12.5) +
                                          std::pow(10.0, -16.5));                   // eq. (4a)
  const double L_s_dB = 32.98 + 23.9 * std::log10(d_km) + 3.0 * std::log10(f_GHz);  // eq. (5a)
  const double w_l = std::pow(10.0, -0.2 * L_l_dB);
  const double w_s = std::pow(10.0, -0.2 * L_s_dB);
  const double sigma_cb_dB = std::sqrt(
      (sigma_l_dB * sigma_l_dB * w_l + sigma_s_dB * sigma_s_dB * w_s) / (w_l + w_s));  // eq. (3b)
  return -5.0 * std::log10(w_l + w_s) - sigma_cb_dB * Qinv;                            // eq. (3a)
}

}  // namespace

int validate_height_gain(double f_GHz, double h_m, double w_s_m, double R_m,
                         int clutter_type) noexcept {
  if (!(f_GHz >= 0.03 && f_GHz <= 3.0)) return kError31Frequency;  // §3.1 scope: 0.03-3 GHz
  if (!(h_m > 0.0)) return kError31AntennaHeight;
  if (!(w_s_m > 0.0)) return kError31StreetWidth;
  if (!(R_m > 0.0)) return kError31ClutterHeight;
  if (!known_clutter_type(clutter_type)) return kError31ClutterType;
  return kSuccess;
}

double height_gain_correction_dB(double f_GHz, double h_m, double w_s_m, double R_m,
                                 ClutterType type) noexcept {
  if (h_m >= R_m) return 0.0;        // §3.1: the correction applies to antennas below the clutter
  const double h_dif_m = R_m - h_m;  // eq. (2d)
  const double theta_clut_deg = std::atan(h_dif_m / w_s_m) * kDegPerRad;  // eq. (2e)
  switch (type) {
    case ClutterType::WaterSea:
    case ClutterType::OpenRural: {
      const double K_h2 = 21.8 + 6.2 * std::log10(f_GHz);  // eq. (2f)
      return -K_h2 * std::log10(h_m / R_m);                // eq. (2b)
    }
    case ClutterType::Suburban:
    case ClutterType::Urban:
    case ClutterType::TreesForest:
    case ClutterType::DenseUrban: {
      const double K_nu = 0.342 * std::sqrt(f_GHz);                  // eq. (2g)
      const double nu = K_nu * std::sqrt(h_dif_m * theta_clut_deg);  // eq. (2c)
      return knife_edge_J_dB(nu) - 6.03;                             // eq. (2a)
    }
  }
  return 0.0;
}

int height_gain_terminal_correction(double f_GHz, double h_m, double w_s_m, double R_m,
                                    int clutter_type, double& A_h_dB) noexcept {
  const int rtn = validate_height_gain(f_GHz, h_m, w_s_m, R_m, clutter_type);
  if (rtn != kSuccess) return rtn;
  A_h_dB =
      height_gain_correction_dB(f_GHz, h_m, w_s_m, R_m, static_cast<ClutterType>(clutter_type));
  return kSuccess;
}

int validate_terrestrial(double f_GHz, double d_km, double p_percent) noexcept {
  if (!(f_GHz >= 0.5 && f_GHz <= 67.0)) return kError32Frequency;  // §3.2 scope: 0.5-67 GHz
  if (!(d_km >= 0.25)) return kError32Distance;                    // §3.2: d >= 0.25 km
  if (!(p_percent > 0.0 && p_percent < 100.0)) return kError32Percentage;
  return kSuccess;
}

double terrestrial_clutter_loss_dB(double f_GHz, double d_km, double p_percent) noexcept {
  const double Qinv = p1057::inverse_normal_ccdf(p_percent / 100.0);
  // eq. (6): the loss must not exceed its value at 2 km
  return std::min(terrestrial_uncapped_dB(f_GHz, d_km, Qinv),
                  terrestrial_uncapped_dB(f_GHz, 2.0, Qinv));
}

int terrestrial_statistical_model(double f_GHz, double d_km, double p_percent,
                                  double& L_ctc_dB) noexcept {
  const int rtn = validate_terrestrial(f_GHz, d_km, p_percent);
  if (rtn != kSuccess) return rtn;
  L_ctc_dB = terrestrial_clutter_loss_dB(f_GHz, d_km, p_percent);
  return kSuccess;
}

int validate_aeronautical(double f_GHz, double theta_deg, double p_percent) noexcept {
  if (!(f_GHz >= 10.0 && f_GHz <= 100.0)) return kError33Frequency;  // §3.3 scope: 10-100 GHz
  if (!(theta_deg >= 0.0 && theta_deg <= 90.0)) return kError33Theta;
  if (!(p_percent > 0.0 && p_percent < 100.0)) return kError33Percentage;
  return kSuccess;
}

double aeronautical_clutter_loss_dB(double f_GHz, double theta_deg, double p_percent) noexcept {
  constexpr double A_1 = 0.05;                       // eq. (8)
  const double K_1 = 93.0 * std::pow(f_GHz, 0.175);  // eq. (8)
  const double angle_rad = A_1 * (1.0 - theta_deg / 90.0) + std::numbers::pi * theta_deg / 180.0;
  const double base = -K_1 * std::log(1.0 - p_percent / 100.0) / std::tan(angle_rad);
  const double exponent = 0.5 * (90.0 - theta_deg) / 90.0;
  return std::pow(base, exponent) - 1.0 -
         0.6 * p1057::inverse_normal_ccdf(p_percent / 100.0);  // eq. (7)
}

int aeronautical_statistical_model(double f_GHz, double theta_deg, double p_percent,
                                   double& L_ces_dB) noexcept {
  const int rtn = validate_aeronautical(f_GHz, theta_deg, p_percent);
  if (rtn != kSuccess) return rtn;
  L_ces_dB = aeronautical_clutter_loss_dB(f_GHz, theta_deg, p_percent);
  return kSuccess;
}

}  // namespace akichi::prop::p2108

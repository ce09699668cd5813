// ITU-R P.2109-2 §3 building entry loss. See the header for scope.
#include "propagation/models/itu_r_p2109_2.h"

#include <cmath>

#include "propagation/models/itu_r_p1057_7.h"

namespace akichi::prop::p2109 {

namespace {

// Table 1                          r      s      t     u     v    w     x     y    z
constexpr Table1Coefficients kTraditional{12.64, 3.72, 0.96, 9.6, 2.0, 9.1, -3.0, 4.5, -2.0};
constexpr Table1Coefficients kThermallyEfficient{28.19, -3.00, 8.48, 13.5, 3.8,
                                                 27.8,  -2.9,  9.4,  -2.1};

}  // namespace

const Table1Coefficients& table1(BuildingType type) noexcept {
  return type == BuildingType::ThermallyEfficient ? kThermallyEfficient : kTraditional;
}

bool in_domain(double f_GHz, double P, double theta_deg) noexcept {
  return f_GHz >= 0.08 && f_GHz <= 100.0 && P > 0.0 && P < 1.0 && theta_deg >= -90.0 &&
         theta_deg <= 90.0;
}

double elevation_term_dB(double theta_deg) noexcept {
  return 0.212 * std::fabs(theta_deg);  // eq. (10)
}

double horizontal_term_dB(BuildingType type, double f_GHz) noexcept {
  const Table1Coefficients& c = table1(type);
  const double lf = std::log10(f_GHz);
  return c.r + c.s * lf + c.t * lf * lf;  // eq. (9)
}

double building_entry_loss_dB(double f_GHz, double P, BuildingType type,
                              double theta_deg) noexcept {
  const Table1Coefficients& c = table1(type);
  const double lf = std::log10(f_GHz);
  const double mu_1 = horizontal_term_dB(type, f_GHz) + elevation_term_dB(theta_deg);  // eq. (5)
  const double mu_2 = c.w + c.x * lf;                                                  // eq. (6)
  const double sigma_1 = c.u + c.v * lf;                                               // eq. (7)
  const double sigma_2 = c.y + c.z * lf;                                               // eq. (8)
  const double Finv = p1057::inverse_normal_cdf(P);
  const double A_dB = Finv * sigma_1 + mu_1;  // eq. (2)
  const double B_dB = Finv * sigma_2 + mu_2;  // eq. (3)
  constexpr double C_dB = -3.0;               // eq. (4)
  return 10.0 * std::log10(std::pow(10.0, 0.1 * A_dB) + std::pow(10.0, 0.1 * B_dB) +
                           std::pow(10.0, 0.1 * C_dB));  // eq. (1)
}

}  // namespace akichi::prop::p2109

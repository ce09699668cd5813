// ITU-R P.530-18 Annex 1 §2.4.1 rain attenuation on terrestrial links. See the header for scope.
#include "propagation/models/itu_r_p530_18.h"

#include <cmath>

#include "propagation/models/itu_r_p838_3.h"

namespace akichi::prop::p530 {

double path_length_factor_r(double d_km, double f_GHz, double R001_mm_h, double alpha) noexcept {
  const double denominator =
      0.477 * std::pow(d_km, 0.633) * std::pow(R001_mm_h, 0.073 * alpha) * std::pow(f_GHz, 0.123) -
      10.579 * (1.0 - std::exp(-0.024 * d_km));  // §2.4.1 step 3
  // step 3: "maximum recommended r = 2.5, so if the denominator is less than 0.4, use r = 2.5"
  if (!(denominator >= 0.4)) return 2.5;
  return 1.0 / denominator;
}

double percentage_scaling(double f_GHz, double p_percent) noexcept {
  const double C_0 =
      f_GHz >= 10.0 ? 0.12 + 0.4 * std::log10(std::pow(f_GHz / 10.0, 0.8)) : 0.12;  // step 5, C_0
  const double C_1 = std::pow(0.07, C_0) * std::pow(0.12, 1.0 - C_0);               // step 5, C_1
  const double C_2 = 0.855 * C_0 + 0.546 * (1.0 - C_0);                             // step 5, C_2
  const double C_3 = 0.139 * C_0 + 0.043 * (1.0 - C_0);                             // step 5, C_3
  return C_1 * std::pow(p_percent, -(C_2 + C_3 * std::log10(p_percent)));  // step 5, A_p / A_0.01
}

RainAttenuation rain_attenuation(double d_km, double f_GHz, double R001_mm_h, double p_percent,
                                 double tau_deg, double theta_deg) noexcept {
  RainAttenuation a;
  const p838::Coefficients c = p838::coefficients(f_GHz, theta_deg, tau_deg);
  a.k = c.k;
  a.alpha = c.alpha;
  a.gamma_R_dB_per_km = p838::specific_attenuation_dB_per_km(c, R001_mm_h);  // step 2
  a.r = path_length_factor_r(d_km, f_GHz, R001_mm_h, c.alpha);               // step 3
  a.d_eff_km = a.r * d_km;                                                   // step 3
  a.A001_dB = a.gamma_R_dB_per_km * a.d_eff_km;                              // step 4
  a.Ap_dB = a.A001_dB * percentage_scaling(f_GHz, p_percent);                // step 5
  a.p_out_of_range = !(p_percent >= 0.001 && p_percent <= 1.0);
  return a;
}

}  // namespace akichi::prop::p530

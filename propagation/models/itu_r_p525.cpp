// ITU-R P.525-4 §2.2 free-space basic transmission loss. See the header for scope.
#include "propagation/models/itu_r_p525.h"

#include <cmath>
#include <numbers>

namespace akichi::prop::p525 {

double free_space_loss_dB(double f_MHz, double d_km) noexcept {
  const double lambda_m = kSpeedOfLight_m_per_s / (f_MHz * 1e6);
  const double d_m = d_km * 1e3;
  return 20.0 * std::log10(4.0 * std::numbers::pi * d_m /
                           lambda_m);  // P.525-4 §2.2, Lbf = 20 log(4 pi d / lambda)
}

double free_space_loss_dB_si(double freq_Hz, double d_m) noexcept {
  return free_space_loss_dB(freq_Hz * 1e-6, d_m * 1e-3);
}

}  // namespace akichi::prop::p525

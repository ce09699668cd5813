// Extended Hata (ERC Report 68 / SEAMCAT manual §A17.3.1): see extended_hata_seamcat.h.
#include "propagation/models/extended_hata_seamcat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace akichi::prop::extended_hata {
namespace {
constexpr double kD_fs_km = 0.04;   // upper end of the free-space regime (Table 80)
constexpr double kD_hata_km = 0.1;  // lower end of the Hata regime (Table 80)
}  // namespace

double max_frequency_MHz(bool extend_above_3GHz) noexcept {
  return extend_above_3GHz ? 6000.0 : 3000.0;
}

double a_Hm_dB(double f_MHz, double Hm_m) noexcept {
  const double lf = std::log10(f_MHz);
  return (1.1 * lf - 0.7) * std::min(10.0, Hm_m) - (1.56 * lf - 0.8) +
         std::max(0.0, 20.0 * std::log10(Hm_m / 10.0));  // eq. 199
}

double b_Hb_dB(double Hb_m) noexcept {
  return std::min(0.0, 20.0 * std::log10(Hb_m / 30.0));
}  // eq. 200

double alpha(double f_MHz, double Hb_m, double d_km) noexcept {
  if (d_km <= 20.0) return 1.0;  // eq. 201, d <= 20 km
  return 1.0 + (0.14 + 1.87e-4 * f_MHz + 1.07e-3 * Hb_m) * std::pow(std::log10(d_km / 20.0), 0.8);
}

double free_space_dB(double f_MHz, double Hb_m, double Hm_m, double d_km) noexcept {
  const double dh_km = (Hb_m - Hm_m) / 1000.0;
  return 32.4 + 20.0 * std::log10(f_MHz) +
         10.0 * std::log10(d_km * d_km + dh_km * dh_km);  // eq. 191
}

double hata_dB(double f_MHz, double Hb_m, double Hm_m, double d_km, Environment env) noexcept {
  const double hb30 = std::max(30.0, Hb_m);
  const double common =
      -13.82 * std::log10(hb30) +
      (44.9 - 6.55 * std::log10(hb30)) * std::pow(std::log10(d_km), alpha(f_MHz, Hb_m, d_km)) -
      a_Hm_dB(f_MHz, Hm_m) - b_Hb_dB(Hb_m);
  double L;
  if (f_MHz <= 150.0)
    L = 69.6 + 26.2 * std::log10(150.0) - 20.0 * std::log10(150.0 / f_MHz) + common;  // eq. 192
  else if (f_MHz <= 1500.0)
    L = 69.6 + 26.2 * std::log10(f_MHz) + common;  // eq. 193
  else if (f_MHz <= 2000.0)
    L = 46.3 + 33.9 * std::log10(f_MHz) + common;  // eq. 194
  else  // eq. 195 (2000-3000 MHz), continued above 3000 MHz by the extension
    L = 46.3 + 33.9 * std::log10(2000.0) + 10.0 * std::log10(f_MHz / 2000.0) + common;
  const double fc = std::min(std::max(150.0, f_MHz), 2000.0);
  switch (env) {
    case Environment::Urban:
      return L;
    case Environment::Suburban:
      return L - 2.0 * std::pow(std::log10(fc / 28.0), 2) - 5.4;  // eq. 196
    case Environment::Open:
      break;
  }
  const double lfc = std::log10(fc);
  return L - 4.78 * lfc * lfc + 18.33 * lfc - 40.94;  // eq. 197
}

double sigma_dB(double d_km, RoofMode mode) noexcept {
  const double s_mid = mode == RoofMode::AboveRoof ? 12.0 : 17.0;
  if (d_km <= 0.04) return 3.5;                                                // Table 81
  if (d_km <= 0.1) return 3.5 + (s_mid - 3.5) / (0.1 - 0.04) * (d_km - 0.04);  // eq. 202/203
  if (d_km <= 0.2) return s_mid;
  if (d_km <= 0.6) return s_mid + (9.0 - s_mid) / (0.6 - 0.2) * (d_km - 0.2);  // eq. 204
  return 9.0;
}

Result median_loss(double f_MHz, double h1_m, double h2_m, double d_km, Environment env,
                   RoofMode mode, bool extend_above_3GHz) noexcept {
  Result r;
  if (!(f_MHz > 30.0 && f_MHz <= max_frequency_MHz(extend_above_3GHz)) || !(d_km > 0.0) ||
      !(h1_m >= 0.0) || !(h2_m >= 0.0)) {
    r.L_dB = std::numeric_limits<double>::quiet_NaN();
    r.sigma_dB = std::numeric_limits<double>::quiet_NaN();
    r.regime = Regime::OutOfDomain;
    return r;
  }
  const double Hm = std::max(1.0, std::min(h1_m, h2_m));  // Hm < 1 m -> 1 m
  const double Hb = std::max(h1_m, h2_m);
  r.sigma_dB = sigma_dB(d_km, mode);
  r.beyond_100km = d_km > 100.0;
  const double L_fs = free_space_dB(f_MHz, Hb, Hm, d_km);
  if (d_km <= kD_fs_km) {
    r.L_dB = L_fs;
    r.regime = Regime::FreeSpace;
    return r;
  }
  double L;
  if (d_km < kD_hata_km) {  // eq. 198: log-distance interpolation between 0.04 and 0.1 km
    const double L04 = free_space_dB(f_MHz, Hb, Hm, kD_fs_km);
    const double L10 =
        std::max(hata_dB(f_MHz, Hb, Hm, kD_hata_km, env), free_space_dB(f_MHz, Hb, Hm, kD_hata_km));
    L = L04 + (std::log10(d_km) - std::log10(kD_fs_km)) /
                  (std::log10(kD_hata_km) - std::log10(kD_fs_km)) * (L10 - L04);
    r.regime = Regime::Interpolated;
  } else {
    L = hata_dB(f_MHz, Hb, Hm, d_km, env);
    r.regime = Regime::Hata;
  }
  if (L < L_fs) {  // never below free space
    L = L_fs;
    r.regime = Regime::FreeSpaceFloor;
  }
  r.L_dB = L;
  return r;
}

}  // namespace akichi::prop::extended_hata

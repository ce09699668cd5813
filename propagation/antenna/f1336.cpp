// ITU-R F.1336-5 omnidirectional and sectoral reference patterns (see f1336.h for the
// equations and the scope).
#include "propagation/antenna/f1336.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

namespace akichi::prop {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

bool is_peak(F1336Variant v) noexcept {
  return v == F1336Variant::kOmniPeak || v == F1336Variant::kSectorPeak;
}

/// G180 of (2b1) (peak, k = k_p) or (2c1) (average, k = k_a).
double g180_dB(const F1336Params& p, bool peak) noexcept {
  return (peak ? -12.0 : -15.0) + 10.0 * std::log10(1.0 + 8.0 * p.k) -
         15.0 * std::log10(180.0 / p.theta_3_deg);
}

/// G_hr of (2b2) / (2c2) (the same form; G180 differs).
double g_hr_dB(double x_h, const F1336Params& p, double g180) noexcept {
  const double lambda_kh = 3.0 * (1.0 - std::pow(0.5, -p.k_h));
  const double g = x_h <= 0.5 ? -12.0 * x_h * x_h : -12.0 * std::pow(x_h, 2.0 - p.k_h) - lambda_kh;
  return std::max(g, g180);
}

/// G_vr of (2b3) (peak) or (2c3) (average).
double g_vr_dB(double x_v, const F1336Params& p, bool peak, double g180) noexcept {
  const double x_k = peak ? std::sqrt(1.0 - 0.36 * p.k_v) : std::sqrt(1.33 - 0.33 * p.k_v);
  if (x_v < x_k) return -12.0 * x_v * x_v;
  if (x_v < 4.0) return (peak ? -12.0 : -15.0) + 10.0 * std::log10(std::pow(x_v, -1.5) + p.k_v);
  if (x_v < 90.0 / p.theta_3_deg) {
    // Reached only for theta_3 < 22.5 deg, where log(22.5 / theta_3) > 0.
    const double C = 10.0 *
                     std::log10(std::pow(180.0 / p.theta_3_deg, 1.5) *
                                (std::pow(4.0, -1.5) + p.k_v) / (1.0 + 8.0 * p.k)) /
                     std::log10(22.5 / p.theta_3_deg);
    const double lambda_kv =
        12.0 - C * std::log10(4.0) - 10.0 * std::log10(std::pow(4.0, -1.5) + p.k_v);
    return -lambda_kv - (peak ? 0.0 : 3.0) - C * std::log10(x_v);
  }
  return g180;
}

/// Recommends 3.1 (400 MHz - 6 GHz).
double sector_below_6GHz_dBi(double phi_deg, double theta_deg, const F1336Params& p) noexcept {
  const bool peak = is_peak(p.variant);
  const double g180 = g180_dB(p, peak);
  const double x_h = std::abs(phi_deg) / p.phi_3_deg;
  const double x_v = std::abs(theta_deg) / p.theta_3_deg;
  const double ghr = g_hr_dB(x_h, p, g180);
  const double ghr_180 = g_hr_dB(180.0 / p.phi_3_deg, p, g180);
  const double ghr_0 = g_hr_dB(0.0, p, g180);
  const double R = (ghr - ghr_180) / (ghr_0 - ghr_180);     // (2a2)
  return p.G0_dBi + ghr + R * g_vr_dB(x_v, p, peak, g180);  // (2a1)
}

/// Recommends 3.2 (6 GHz - 70 GHz).
double sector_above_6GHz_dBi(double phi_deg, double theta_deg, const F1336Params& p) noexcept {
  const bool peak = is_peak(p.variant);
  const double ph = phi_deg * kDegToRad, th = theta_deg * kDegToRad;
  const double psi = std::acos(std::clamp(std::cos(ph) * std::cos(th), -1.0, 1.0)) * kRadToDeg;
  double psi_alpha;
  if (psi <= 90.0) {
    const double alpha = std::atan2(std::tan(th), std::sin(ph));  // (2d2), quadrant kept
    const double a = std::cos(alpha) / p.phi_3_deg, b = std::sin(alpha) / p.theta_3_deg;
    psi_alpha = 1.0 / std::sqrt(a * a + b * b);
  } else {
    const double phi_th = peak ? p.phi_3_deg : 1.152 * p.phi_3_deg;
    const double abs_phi = std::abs(phi_deg);
    double phi_3m = p.phi_3_deg;
    if (abs_phi > phi_th) {
      const double x = (abs_phi - phi_th) / (180.0 - phi_th) * 90.0 * kDegToRad;
      const double a = std::cos(x) / p.phi_3_deg, b = std::sin(x) / p.theta_3_deg;
      phi_3m = 1.0 / std::sqrt(a * a + b * b);
    }
    const double a = std::cos(th) / phi_3m, b = std::sin(th) / p.theta_3_deg;
    psi_alpha = 1.0 / std::sqrt(a * a + b * b);
  }
  const double x = psi / psi_alpha;  // (2d5)
  if (peak) return x < 1.0 ? p.G0_dBi - 12.0 * x * x : p.G0_dBi - 12.0 - 15.0 * std::log10(x);
  return x < 1.152 ? p.G0_dBi - 12.0 * x * x : p.G0_dBi - 15.0 - 15.0 * std::log10(x);
}

}  // namespace

const char* f1336_variant_name(F1336Variant v) noexcept {
  switch (v) {
    case F1336Variant::kOmniPeak:
      return "omni-peak";
    case F1336Variant::kOmniAverage:
      return "omni-average";
    case F1336Variant::kSectorPeak:
      return "sector-peak";
    case F1336Variant::kSectorAverage:
      return "sector-average";
  }
  return "";
}

double f1336_sector_theta3_deg(double G0_dBi, double phi_3_deg) noexcept {
  return 31000.0 * std::pow(10.0, -0.1 * G0_dBi) / phi_3_deg;
}

double f1336_electrical_tilt_deg(double theta_deg, double beta_e_deg) noexcept {
  const double t = theta_deg + beta_e_deg;
  return t >= 0 ? 90.0 * t / (90.0 + beta_e_deg) : 90.0 * t / (90.0 - beta_e_deg);  // (1e)
}

double f1336_omni_dBi(double theta_deg, const F1336Params& p) noexcept {
  const double theta_3 = 107.6 * std::pow(10.0, -0.1 * p.G0_dBi);
  const double a = std::abs(theta_deg);
  const double x = a / theta_3;
  if (is_peak(p.variant)) {  // recommends 2.1
    const double theta_4 = theta_3 * std::sqrt(1.0 - std::log10(p.k + 1.0) / 1.2);
    if (a < theta_4) return p.G0_dBi - 12.0 * x * x;
    if (a < theta_3) return p.G0_dBi - 12.0 + 10.0 * std::log10(1.0 + p.k);
    return p.G0_dBi - 12.0 + 10.0 * std::log10(std::pow(x, -1.5) + p.k);
  }
  // recommends 2.2
  const double theta_5 = theta_3 * std::sqrt(1.25 - std::log10(p.k + 1.0) / 1.2);
  if (a < theta_3) return p.G0_dBi - 12.0 * x * x;
  if (a < theta_5) return p.G0_dBi - 15.0 + 10.0 * std::log10(1.0 + p.k);
  return p.G0_dBi - 15.0 + 10.0 * std::log10(std::pow(x, -1.5) + p.k);
}

double f1336_sector_dBi(double phi_deg, double theta_deg, const F1336Params& p) noexcept {
  const double phi = wrap_pm180_deg(phi_deg);
  const double theta = std::clamp(theta_deg, -90.0, 90.0);
  return p.above_6GHz ? sector_above_6GHz_dBi(phi, theta, p) : sector_below_6GHz_dBi(phi, theta, p);
}

F1336Antenna::F1336Antenna(const F1336Params& params, double azimuth_deg, double downtilt_deg)
    : params_(params), orientation_(azimuth_deg, downtilt_deg) {}

double F1336Antenna::gain_dBi(double bearing_deg, double elevation_deg) const noexcept {
  // Mechanical tilt: (3b), (3c) are the rotation of orientation.h with slant 0.
  const LocalDirection l = orientation_.to_local(bearing_deg, elevation_deg);
  const double theta = f1336_electrical_tilt_deg(90.0 - l.theta_deg, params_.electrical_tilt_deg);
  if (params_.variant == F1336Variant::kOmniPeak || params_.variant == F1336Variant::kOmniAverage)
    return f1336_omni_dBi(theta, params_);
  return f1336_sector_dBi(l.phi_deg, theta, params_);
}

std::string F1336Antenna::describe() const {
  const bool omni =
      params_.variant == F1336Variant::kOmniPeak || params_.variant == F1336Variant::kOmniAverage;
  if (omni) {
    return fmt::format("f1336 {} {:g} dBi k {:g} az {:g} tilt {:g} etilt {:g}",
                       f1336_variant_name(params_.variant), params_.G0_dBi, params_.k,
                       orientation_.azimuth_deg(), orientation_.downtilt_deg(),
                       params_.electrical_tilt_deg);
  }
  return fmt::format(
      "f1336 {} ({}) {:g} dBi phi_3 {:g} theta_3 {:.4g} k {:g} k_h {:g} k_v {:g} az {:g} tilt {:g} "
      "etilt {:g}",
      f1336_variant_name(params_.variant),
      params_.above_6GHz ? "recommends 3.2, 6-70 GHz" : "recommends 3.1, 0.4-6 GHz", params_.G0_dBi,
      params_.phi_3_deg, params_.theta_3_deg, params_.k, params_.k_h, params_.k_v,
      orientation_.azimuth_deg(), orientation_.downtilt_deg(), params_.electrical_tilt_deg);
}

}  // namespace akichi::prop

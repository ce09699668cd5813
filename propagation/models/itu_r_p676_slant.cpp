#include "propagation/models/itu_r_p676_slant.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "propagation/models/itu_r_p676.h"
#include "propagation/models/itu_r_p835_6.h"

namespace akichi::prop::p676 {
namespace {

constexpr double kEarthRadius_km = 6371.0;  // R_e of P.676-13 §2.2.1
constexpr double kTop_km = 100.0;           // the top of the layered atmosphere

struct Layer {
  double gamma_dB_per_km = 0;
  double n = 1;
};

/// The specific attenuation and refractive index at the middle of a layer (height h_km).
Layer layer_at(double f_GHz, double h_km, double rho0_g_m3) {
  const p835::Atmosphere a = p835::reference_atmosphere(h_km, rho0_g_m3);
  const double P_d = a.P_hPa - a.e_hPa;
  Layer l;
  l.gamma_dB_per_km = specific_attenuation(f_GHz, P_d, a.rho_g_m3, a.T_K).total();
  l.n = refractive_index(P_d, a.e_hPa, a.T_K);
  return l;
}

}  // namespace

double refractive_index(double P_d_hPa, double e_hPa, double T_K) noexcept {
  const double N = 77.6 * P_d_hPa / T_K + 72.0 * e_hPa / T_K + 3.75e5 * e_hPa / (T_K * T_K);
  return 1.0 + 1e-6 * N;
}

double slant_path_attenuation_dB(double f_GHz, double h_station_km, double theta_deg,
                                 double rho0_g_m3) noexcept {
  const double f = std::clamp(f_GHz, 1.0, 1000.0);
  const double h0 = std::clamp(h_station_km, 0.0, 10.0);
  const double theta = std::clamp(theta_deg, 0.0, 90.0) * std::numbers::pi / 180.0;
  double beta = std::numbers::pi / 2 - theta;
  double bottom = h0;
  Layer here = layer_at(f, h0 + 0.5e-4, rho0_g_m3);
  double A = 0;
  for (int i = 1; bottom < kTop_km; ++i) {
    const double delta = std::min(1e-4 * std::exp((i - 1) / 100.0), kTop_km - bottom);
    const double r = kEarthRadius_km + bottom;
    const double cb = std::cos(beta);
    const double a =
        -r * cb + 0.5 * std::sqrt(4 * r * r * cb * cb + 8 * r * delta + 4 * delta * delta);
    A += a * here.gamma_dB_per_km;
    const double c = (-a * a - 2 * r * delta - delta * delta) / (2 * a * r + 2 * a * delta);
    const double alpha = std::numbers::pi - std::acos(std::clamp(c, -1.0, 1.0));
    bottom += delta;
    if (bottom >= kTop_km) break;
    const double next_delta = std::min(1e-4 * std::exp(i / 100.0), kTop_km - bottom);
    const Layer next = layer_at(f, bottom + 0.5 * next_delta, rho0_g_m3);
    beta = std::asin(std::clamp(here.n / next.n * std::sin(alpha), -1.0, 1.0));
    here = next;
  }
  return A;
}

}  // namespace akichi::prop::p676

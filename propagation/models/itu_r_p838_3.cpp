// ITU-R P.838-3 rain specific attenuation. See the header for scope.
#include "propagation/models/itu_r_p838_3.h"

#include <cmath>
#include <numbers>

namespace akichi::prop::p838 {

namespace {

// One of Tables 1-4: a_j, b_j, c_j and the linear terms m, c of eq. (2) or (3).
template <int N>
struct Table {
  double a[N];
  double b[N];
  double c[N];
  double m;
  double ck;
};

// Table 1: coefficients for k_H
constexpr Table<4> kTable1{{-5.33980, -0.35351, -0.23789, -0.94158},
                           {-0.10008, 1.26970, 0.86036, 0.64552},
                           {1.13098, 0.45400, 0.15354, 0.16817},
                           -0.18961,
                           0.71147};
// Table 2: coefficients for k_V
constexpr Table<4> kTable2{{-3.80595, -3.44965, -0.39902, 0.50167},
                           {0.56934, -0.22911, 0.73042, 1.07319},
                           {0.81061, 0.51059, 0.11899, 0.27195},
                           -0.16398,
                           0.63297};
// Table 3: coefficients for alpha_H
constexpr Table<5> kTable3{{-0.14318, 0.29591, 0.32177, -5.37610, 16.1721},
                           {1.82442, 0.77564, 0.63773, -0.96230, -3.29980},
                           {-0.55187, 0.19822, 0.13164, 1.47828, 3.43990},
                           0.67849,
                           -1.95537};
// Table 4: coefficients for alpha_V
constexpr Table<5> kTable4{{-0.07771, 0.56727, -0.20238, -48.2991, 48.5833},
                           {2.33840, 0.95545, 1.14520, 0.791669, 0.791459},
                           {-0.76284, 0.54039, 0.26809, 0.116226, 0.116479},
                           -0.053739,
                           0.83433};

// sum_j a_j exp(-((log10 f - b_j) / c_j)^2) + m log10 f + c: right-hand side of eqs. (2)-(3)
template <int N>
double curve_fit(const Table<N>& t, double log10_f) noexcept {
  double sum = t.m * log10_f + t.ck;
  for (int j = 0; j < N; ++j) {
    const double z = (log10_f - t.b[j]) / t.c[j];
    sum += t.a[j] * std::exp(-z * z);
  }
  return sum;
}

}  // namespace

LinearCoefficients linear_coefficients(double f_GHz) noexcept {
  const double lf = std::log10(f_GHz);
  LinearCoefficients c;
  c.k_H = std::pow(10.0, curve_fit(kTable1, lf));  // eq. (2): log10 k_H
  c.k_V = std::pow(10.0, curve_fit(kTable2, lf));  // eq. (2): log10 k_V
  c.alpha_H = curve_fit(kTable3, lf);              // eq. (3)
  c.alpha_V = curve_fit(kTable4, lf);              // eq. (3)
  return c;
}

Coefficients coefficients(double f_GHz, double theta_deg, double tau_deg) noexcept {
  const LinearCoefficients l = linear_coefficients(f_GHz);
  constexpr double kRadPerDeg = std::numbers::pi / 180.0;
  const double cos_theta = std::cos(theta_deg * kRadPerDeg);
  const double g = cos_theta * cos_theta * std::cos(2.0 * tau_deg * kRadPerDeg);
  Coefficients c;
  c.k = (l.k_H + l.k_V + (l.k_H - l.k_V) * g) / 2.0;  // eq. (4)
  c.alpha = (l.k_H * l.alpha_H + l.k_V * l.alpha_V + (l.k_H * l.alpha_H - l.k_V * l.alpha_V) * g) /
            (2.0 * c.k);  // eq. (5)
  return c;
}

double specific_attenuation_dB_per_km(const Coefficients& c, double R_mm_h) noexcept {
  return c.k * std::pow(R_mm_h, c.alpha);  // eq. (1)
}

double specific_attenuation_dB_per_km(double f_GHz, double R_mm_h, double theta_deg,
                                      double tau_deg) noexcept {
  return specific_attenuation_dB_per_km(coefficients(f_GHz, theta_deg, tau_deg), R_mm_h);
}

}  // namespace akichi::prop::p838

// ITU-R P.1057-7 normal distribution and its inverse. See the header for scope.
#include "propagation/models/itu_r_p1057_7.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace akichi::prop::p1057 {

double normal_cdf(double x) noexcept {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);  // F(x) = 1 - Q(x), Q(x) = erfc(x / sqrt 2) / 2
}

double normal_ccdf(double x) noexcept {
  return 0.5 *
         std::erfc(
             x / std::numbers::sqrt2);  // P.1057-7 normal distribution, Q(x) = erfc(x / sqrt 2) / 2
}

namespace {

// First guess of F^-1(p): a rational minimax fit on three sub-intervals (relative error below
// 1.2e-9), then refined below. Coefficients of the public-domain rational approximation by
// P. J. Acklam (2003).
double inverse_normal_first_guess(double p) noexcept {
  constexpr double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                           1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                           6.680131188771972e+01, -1.328068155288572e+01};
  constexpr double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                           -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                           3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  if (p > 1.0 - p_low) {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace

double inverse_normal_cdf(double p) noexcept {
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  double x = inverse_normal_first_guess(p);
  // One Halley step on e(x) = F(x) - p: x -= u / (1 + x u / 2), u = e(x) sqrt(2 pi) exp(x^2 / 2).
  // The error is evaluated in the tail it is small in, to keep its relative accuracy.
  const double e = (p < 0.5) ? normal_cdf(x) - p : (1.0 - p) - normal_ccdf(x);
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  x -= u / (1.0 + 0.5 * x * u);
  return x;
}

double inverse_normal_ccdf(double q) noexcept {
  return -inverse_normal_cdf(q);  // Q^-1(q) = F^-1(1 - q) = -F^-1(q), symmetry of the normal law
}

}  // namespace akichi::prop::p1057

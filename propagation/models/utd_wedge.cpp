// Kouyoumjian-Pathak UTD wedge coefficient. See the header.
#include "propagation/models/utd_wedge.h"

#include <cmath>
#include <numbers>

namespace akichi::prop::utd {

namespace {

using cplx = std::complex<double>;
constexpr double kPi = std::numbers::pi;
const cplx kJ(0.0, 1.0);

/// One term cot((pi + s beta) / (2n)) F(k L a^s(beta)) of K&P eq. (26), s = +1 or -1.
cplx term(double n, double beta, int sign, double kL) noexcept {
  // N^{+-}: the integer that most nearly satisfies 2 pi n N - beta = +-pi (K&P eq. (27)).
  const double N = std::round((beta + sign * kPi) / (2.0 * kPi * n));
  const double a = 2.0 * std::pow(std::cos((2.0 * kPi * n * N - beta) / 2.0), 2);
  const double arg = (kPi + sign * beta) / (2.0 * n);
  const double s = std::sin(arg);
  if (std::abs(s) < 1e-9) {
    // At the boundary cot -> inf and F -> 0; the product's limit (K&P §III, eq. (32) form):
    // n [sqrt(2 pi k L) sgn(eps) - 2 k L eps exp(j pi/4)] exp(j pi/4), eps = pi + s beta - 2 pi n N.
    const double eps = kPi + sign * beta - 2.0 * kPi * n * N;
    const cplx e4 = std::polar(1.0, kPi / 4);
    const double sg = eps >= 0 ? 1.0 : -1.0;
    return n * (std::sqrt(2.0 * kPi * kL) * sg - 2.0 * kL * eps * e4) * e4;
  }
  return (std::cos(arg) / s) * transition_function(kL * a);
}

}  // namespace

cplx transition_function(double X) noexcept {
  if (!(X > 0.0)) return 0.0;
  if (X > 20.0) {
    // Asymptotic series: F ~ sum_m (-1)^m (2m-1)!! / (2jX)^m (terms decrease up to m ~ X).
    cplx sum = 1.0, t = 1.0;
    for (int m = 1; m <= 16; ++m) {
      t *= -(2.0 * m - 1.0) / (2.0 * kJ * X);
      sum += t;
    }
    return sum;
  }
  // Int_0^x exp(-j tau^2) = sum_n (-j)^n x^(2n+1) / (n! (2n+1)); the tail is
  // Int_0^inf = sqrt(pi)/2 exp(-j pi/4) minus it.
  const double x = std::sqrt(X);
  cplx p = x;  // (-j)^n x^(2n+1) / n!
  cplx g = x;
  for (int k = 1; k < 200; ++k) {
    p *= -kJ * X / static_cast<double>(k);
    const cplx add = p / (2.0 * k + 1.0);
    g += add;
    if (std::abs(add) < 1e-17 * std::abs(g)) break;
  }
  const cplx tail = 0.5 * std::sqrt(kPi) * std::polar(1.0, -kPi / 4) - g;
  return 2.0 * kJ * x * std::polar(1.0, X) * tail;  // K&P eq. (25)
}

cplx wedge_diffraction_coefficient(double n, double phi_i, double phi_d, double s_i, double s_d,
                                   double k, bool soft) noexcept {
  const double kL = k * s_i * s_d / (s_i + s_d);  // spherical wave, beta_0 = pi/2
  const double bm = phi_d - phi_i, bp = phi_d + phi_i;
  const cplx a = term(n, bm, +1, kL) + term(n, bm, -1, kL);
  const cplx b = term(n, bp, +1, kL) + term(n, bp, -1, kL);
  const cplx c = -std::polar(1.0, -kPi / 4) / (2.0 * n * std::sqrt(2.0 * kPi * k));
  return c * (soft ? a - b : a + b);  // K&P eq. (26): D_s (-), D_h (+)
}

}  // namespace akichi::prop::utd

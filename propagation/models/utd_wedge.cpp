#include "propagation/models/utd_wedge.h"

#include <algorithm>
#include <cmath>

#include "propagation/models/itu_r_p2040_3.h"

namespace akichi::prop::utd {
namespace {

using cd = std::complex<double>;
constexpr double kPi = std::numbers::pi;

const cd kExpJPi4{std::numbers::sqrt2 / 2, std::numbers::sqrt2 / 2};  // e^{j pi/4}

// erfcx(z) = e^{z^2} erfc(z) for z = e^{j pi/4} sqrt(X), the only ray F(X) needs.
// F(X) = 2 e^{j pi/4} sqrt(X) Int_0^inf exp(-s^2 - 2 z s) ds = sqrt(pi X) e^{j pi/4} erfcx(z):
// the [KP74] integral with its path rotated onto the steepest-descent line t = sqrt(X) +
// e^{-j pi/4} s, where the integrand no longer oscillates.
cd erfcx_on_ray(cd z, double X) noexcept {
  if (X < 4.0) {
    // [AS64] 7.1.5: erf z = 2/sqrt(pi) sum (-1)^m z^(2m+1) / (m! (2m+1)); |z^2| = X < 4 keeps
    // the cancellation below 1e-15 (largest term X^m/m! < e^4 / sqrt(8 pi)).
    const cd z2 = z * z;
    cd term = z;
    cd sum = z;
    for (int m = 1; m < 80; ++m) {
      term *= -z2 / static_cast<double>(m);
      const cd add = term / static_cast<double>(2 * m + 1);
      sum += add;
      if (std::abs(add) < 1e-17 * std::abs(sum)) break;
    }
    return std::exp(z2) * (1.0 - sum * (2.0 / std::sqrt(kPi)));
  }
  // [AS64] 7.1.14: sqrt(pi) erfcx(z) = 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...))))),
  // Re z > 0, evaluated from the tail; 80 levels give < 2e-15 for X >= 4, 40 for X >= 10.
  const int levels = X < 10.0 ? 80 : 40;
  cd f = z;
  for (int m = levels; m >= 1; --m) f = z + (0.5 * m) / f;
  return 1.0 / (std::sqrt(kPi) * f);
}

// One cotangent term cot((pi + sign b)/2n) F(k L a^sign(b)), written through
// eps = x - 2 n pi N, x = pi + sign b, N = round(x / (2 n pi)):
//   cot((pi + sign b)/2n) = cot(eps / 2n)   (cot has period pi),
//   a^sign(b) = 2 cos^2((2 n pi N - sign b)/2) = 2 cos^2((pi - eps)/2) = 2 sin^2(eps/2),
// both accurate as eps -> 0 (the shadow or reflection boundary of this term).
cd cot_term(double n, double x, double kL) noexcept {
  const double N = std::round(x / (2.0 * n * kPi));
  const double eps = x - 2.0 * n * kPi * N;
  if (std::abs(eps) < 1e-10) {
    // [KP74] limit at the boundary: n e^{j pi/4} [sqrt(2 pi k L) sgn(eps) - 2 k L eps e^{j pi/4}];
    // sgn(0) = 0 gives the mean of both sides exactly on the boundary.
    const double sgn = eps > 0 ? 1.0 : (eps < 0 ? -1.0 : 0.0);
    return n * kExpJPi4 * (std::sqrt(2.0 * kPi * kL) * sgn - 2.0 * kL * eps * kExpJPi4);
  }
  const double sh = std::sin(0.5 * eps);
  return transition_function(2.0 * kL * sh * sh) / std::tan(eps / (2.0 * n));
}

// The four terms of D without reflection weights and the common factor.
struct Terms {
  cd t1, t2, t3, t4;
  cd factor;  // -e^{-j pi/4} / (2 n sqrt(2 pi k) sin beta0)
};

Terms terms(double n, double phi_i, double phi_d, double s_i, double s_d, double k,
            double beta0) noexcept {
  const double sin_b = std::sin(beta0);
  const double kL = k * s_i * s_d / (s_i + s_d) * sin_b * sin_b;  // [KP74] L, spherical wave
  const double bm = phi_d - phi_i;
  const double bp = phi_d + phi_i;
  Terms t;
  t.t1 = cot_term(n, kPi + bm, kL);
  t.t2 = cot_term(n, kPi - bm, kL);
  t.t3 = cot_term(n, kPi + bp, kL);
  t.t4 = cot_term(n, kPi - bp, kL);
  t.factor = -std::conj(kExpJPi4) / (2.0 * n * std::sqrt(2.0 * kPi * k) * sin_b);
  return t;
}

}  // namespace

cd transition_function(double X) noexcept {
  X = std::abs(X);
  if (X == 0.0) return {0.0, 0.0};
  if (X >= kTransitionAsymptoticX) {
    // [AS64] 7.1.23 on z^2 = jX: sqrt(pi) z erfcx(z) ~ sum_m (-1)^m (2m-1)!! / (2 z^2)^m, i.e.
    // F(X) ~ sum_m (2m-1)!! j^m / (2X)^m = 1 + j/(2X) - 3/(4X^2) - j 15/(8X^3) + ... ([KP74]'s
    // large-X form, continued). On |ph z| <= pi/4 the remainder is bounded by the first term left
    // out (DLMF 7.12.1), so the sum stops at a term below 2^-55 of the first: real arithmetic
    // only, 17 terms at X = 64, 7 at X = 1000.
    const double r = 0.5 / X;
    double term = 1.0, re = 1.0, im = 0.0;
    for (int m = 1; term > 0x1p-55; ++m) {
      term *= (2 * m - 1) * r;
      switch (m & 3) {  // j^m
        case 1:
          im += term;
          break;
        case 2:
          re -= term;
          break;
        case 3:
          im -= term;
          break;
        default:
          re += term;
          break;
      }
    }
    return {re, im};
  }
  const double w = std::sqrt(X);
  return std::sqrt(kPi) * w * kExpJPi4 * erfcx_on_ray(kExpJPi4 * w, X);
}

cd wedge_diffraction_coefficient(double n, double phi_incident_rad, double phi_diffracted_rad,
                                 double s_incident_m, double s_diffracted_m,
                                 double wavenumber_per_m, bool soft, double beta0_rad) noexcept {
  const Terms t = terms(n, phi_incident_rad, phi_diffracted_rad, s_incident_m, s_diffracted_m,
                        wavenumber_per_m, beta0_rad);
  const double r = soft ? -1.0 : 1.0;  // [KP74]: D_s,h = ... -/+ (terms 3 + 4)
  return t.factor * (t.t1 + t.t2 + r * (t.t3 + t.t4));
}

cd wedge_diffraction_coefficient_lossy(double n, double phi_incident_rad, double phi_diffracted_rad,
                                       double s_incident_m, double s_diffracted_m,
                                       double wavenumber_per_m, cd eta_o, cd eta_n, bool te,
                                       double beta0_rad) noexcept {
  const Terms t = terms(n, phi_incident_rad, phi_diffracted_rad, s_incident_m, s_diffracted_m,
                        wavenumber_per_m, beta0_rad);
  // [L84]: R_0 at grazing angle phi' on the o-face, R_n at grazing angle n pi - phi on the
  // n-face; angles of incidence from the normals theta = acos|sin(grazing)|.
  const double theta_0 = std::acos(std::min(1.0, std::abs(std::sin(phi_incident_rad))));
  const double theta_n = std::acos(std::min(1.0, std::abs(std::sin(n * kPi - phi_diffracted_rad))));
  const p2040::Reflection r0 = p2040::fresnel_reflection(eta_o, theta_0);
  const p2040::Reflection rn = p2040::fresnel_reflection(eta_n, theta_n);
  const cd R_0 = te ? r0.te : r0.tm;
  const cd R_n = te ? rn.te : rn.tm;
  return t.factor * (t.t1 + t.t2 + R_n * t.t3 + R_0 * t.t4);
}

double spherical_spreading_factor(double s_incident_m, double s_diffracted_m) noexcept {
  return std::sqrt(s_incident_m / (s_diffracted_m * (s_incident_m + s_diffracted_m)));
}

double utd_edge_loss_dB(double n, double phi_incident_rad, double phi_diffracted_rad,
                        double s_incident_m, double s_diffracted_m, double f_Hz,
                        bool soft) noexcept {
  const double k = 2.0 * kPi * f_Hz / kSpeedOfLight_m_per_s;
  const cd D = wedge_diffraction_coefficient(n, phi_incident_rad, phi_diffracted_rad, s_incident_m,
                                             s_diffracted_m, k, soft);
  // |E_d / E_fs(s' + s)| = |D| sqrt((s' + s) / (s' s))
  const double ratio =
      std::abs(D) * std::sqrt((s_incident_m + s_diffracted_m) / (s_incident_m * s_diffracted_m));
  return -20.0 * std::log10(ratio);
}

}  // namespace akichi::prop::utd

// UTD wedge diffraction: transition function, perfectly conducting and finitely conducting
// wedges, against independent numerical references and the exact half-plane solution.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "propagation/models/itu_r_p2040_3.h"
#include "propagation/models/utd_wedge.h"

namespace akichi::prop::utd::utd_wedge_test {
namespace {

using cd = std::complex<double>;
constexpr double kPi = std::numbers::pi;

// Int_0^b e^{-j t^2} dt by composite Simpson with a fixed step (independent of the code's
// series / continued fraction); error ~ h^4 |f''''| b / 180 < 1e-12 for b <= 10.
cd fresnel_integral(double b) {
  const int m = 2 * static_cast<int>(std::ceil(b / 2e-4 / 2)) + 2;
  const double h = b / m;
  cd sum = 1.0 + std::exp(cd(0, -b * b));
  for (int i = 1; i < m; ++i) {
    const double t = i * h;
    sum += (i % 2 ? 4.0 : 2.0) * std::exp(cd(0, -t * t));
  }
  return sum * h / 3.0;
}

// G(v) = Int_v^inf e^{-j t^2} dt, Int_0^inf = (sqrt(pi)/2) e^{-j pi/4}.
cd G(double v) {
  const cd half = std::sqrt(kPi) / 2 * std::exp(cd(0, -kPi / 4));
  const cd I = fresnel_integral(std::abs(v));
  return v >= 0 ? half - I : half + I;
}

TEST(UtdTransitionFunction, AgainstNumericalFresnelIntegral) {
  for (double X : {1e-4, 0.01, 0.3, 1.0, 2.0, 3.9, 4.1, 8.0, 20.0, 50.0}) {
    const double w = std::sqrt(X);
    const cd ref = cd(0, 2) * w * std::exp(cd(0, X)) * G(w);  // [KP74] definition
    EXPECT_LT(std::abs(transition_function(X) - ref), 1e-9 * std::abs(ref)) << X;
  }
  // Values tabulated for F in the UTD literature (8 decimals): F(0.5), F(1), F(4).
  EXPECT_NEAR(std::abs(transition_function(0.5) - cd(0.67676271, 0.26823295)), 0.0, 1e-8);
  EXPECT_NEAR(std::abs(transition_function(1.0) - cd(0.80952548, 0.23219939)), 0.0, 1e-8);
  EXPECT_NEAR(std::abs(transition_function(4.0) - cd(0.96578828, 0.10728867)), 0.0, 1e-8);
}

TEST(UtdTransitionFunction, LimitsAndAsymptotes) {
  EXPECT_EQ(transition_function(0.0), cd(0.0, 0.0));
  // Large X: F ~ 1 + j/(2X) - 3/(4X^2) - j 15/(8X^3).
  for (double X : {100.0, 1e3, 1e6}) {
    const cd asym = 1.0 + cd(0, 1) / (2 * X) - 3.0 / (4 * X * X) - cd(0, 15) / (8 * X * X * X);
    EXPECT_LT(std::abs(transition_function(X) - asym), std::max(200.0 / std::pow(X, 4), 1e-14))
        << X;
  }
  // Small X: F ~ [sqrt(pi X) - 2 X e^{j pi/4} - (2/3) X^2 e^{-j pi/4}] e^{j(pi/4 + X)}.
  for (double X : {1e-6, 1e-4}) {
    const cd e4 = std::exp(cd(0, kPi / 4));
    const cd small = (std::sqrt(kPi * X) - 2 * X * e4 - 2.0 / 3 * X * X * std::conj(e4)) *
                     std::exp(cd(0, kPi / 4 + X));
    EXPECT_LT(std::abs(transition_function(X) - small), 1e-12) << X;
  }
  // Continuity where the evaluation switches method (X = 4).
  EXPECT_LT(std::abs(transition_function(4.0 - 1e-12) - transition_function(4.0 + 1e-12)), 1e-12);
}

// F(X) by [AS64] 7.1.14's continued fraction in long double with 4000 levels, from the tail:
// F = sqrt(pi) z erfcx(z), z = e^{j pi/4} sqrt(X), sqrt(pi) erfcx(z) = 1 / (z + (1/2) / (z + 1 /
// (z + ...))).
cd transition_reference(double X) {
  using cl = std::complex<long double>;
  const long double w = std::sqrt(static_cast<long double>(X));
  const cl z = cl(w / std::sqrt(2.0L), w / std::sqrt(2.0L));
  cl f = z;
  for (int m = 4000; m >= 1; --m) f = z + (0.5L * m) / f;
  const cl F = z / f;
  return {static_cast<double>(F.real()), static_cast<double>(F.imag())};
}

TEST(UtdTransitionFunction, AsymptoticSeriesWhereItIsSummed) {
  // From kTransitionAsymptoticX on, the asymptotic series against the continued fraction in
  // long double: within 4 units of the last place of |F| ~ 1, and continuous at the switch.
  double worst = 0;
  for (double X = kTransitionAsymptoticX; X < 1e9; X *= 1.013) {
    worst = std::max(worst, std::abs(transition_function(X) - transition_reference(X)));
  }
  EXPECT_LT(worst, 4 * 0x1p-52) << worst;
  const double below = std::nextafter(kTransitionAsymptoticX, 0.0);
  EXPECT_LT(std::abs(transition_function(below) - transition_function(kTransitionAsymptoticX)),
            4 * 0x1p-52);
  // The continued fraction below it against the same reference.
  for (double X = 4.0; X < kTransitionAsymptoticX; X *= 1.01) {
    EXPECT_LT(std::abs(transition_function(X) - transition_reference(X)), 1e-14) << X;
  }
}

// Exact plane-wave solution of a perfectly conducting half-plane (Sommerfeld), unit incident
// field at the edge from direction phi': u = U(phi - phi') -/+ U(phi + phi'),
// U(psi) = e^{j k rho cos psi} [1 - e^{j pi/4}/sqrt(pi) G(sqrt(2 k rho) cos(psi/2))].
cd U(double krho, double psi) {
  const double v = std::sqrt(2 * krho) * std::cos(psi / 2);
  return std::exp(cd(0, krho * std::cos(psi))) *
         (1.0 - std::exp(cd(0, kPi / 4)) / std::sqrt(kPi) * G(v));
}

// UTD total field of the half-plane for a plane wave (s' >> s), unit field at the edge.
cd utd_half_plane(double k, double rho, double phi_i, double phi, bool soft) {
  const double krho = k * rho;
  const double r = soft ? -1.0 : 1.0;
  cd go = 0;
  if (std::abs(phi - phi_i) < kPi) go += std::exp(cd(0, krho * std::cos(phi - phi_i)));
  if (phi + phi_i < kPi || phi + phi_i > 3 * kPi)
    go += r * std::exp(cd(0, krho * std::cos(phi + phi_i)));
  const cd D = wedge_diffraction_coefficient(2.0, phi_i, phi, 1e9 * rho, rho, k, soft);
  return go + D * std::exp(cd(0, -krho)) / std::sqrt(rho);
}

TEST(UtdHalfPlane, MatchesTheExactSommerfeldSolution) {
  const double k = 2 * kPi;  // lambda = 1 m
  const double rho = 8.0;    // k rho = 50
  const double phi_i = kPi / 3;
  for (bool soft : {true, false}) {
    for (double deg : {20.0, 60.0, 100.0, 150.0, 200.0, 235.0, 238.0, 242.0, 260.0, 300.0, 340.0}) {
      const double phi = deg * kPi / 180;
      const cd exact = U(k * rho, phi - phi_i) + (soft ? -1.0 : 1.0) * U(k * rho, phi + phi_i);
      const cd utd = utd_half_plane(k, rho, phi_i, phi, soft);
      EXPECT_LT(std::abs(utd - exact), 2e-3) << soft << " " << deg;
    }
  }
}

TEST(UtdHalfPlane, TotalFieldContinuousAcrossTheShadowBoundary) {
  const double k = 2 * kPi;
  const double rho = 8.0;
  const double phi_i = kPi / 3;
  const double sb = phi_i + kPi;  // incident shadow boundary
  for (bool soft : {true, false}) {
    for (double d : {1e-11, 1e-7, 1e-4}) {
      const cd lit = utd_half_plane(k, rho, phi_i, sb - d, soft);
      const cd shadow = utd_half_plane(k, rho, phi_i, sb + d, soft);
      EXPECT_LT(std::abs(20 * std::log10(std::abs(lit) / std::abs(shadow))), 0.1) << d;
      EXPECT_LT(std::abs(lit - shadow), 1e-3) << soft << " " << d;
      EXPECT_TRUE(std::isfinite(lit.real()) && std::isfinite(shadow.imag()));
    }
    // Exactly on the boundary: half the incident field plus the coefficient's mean value.
    // (No reflected ray reaches phi = phi' + pi: phi + phi' = 5 pi/3 is outside both
    // reflection regions.)
    const cd on = 0.5 * std::exp(cd(0, k * rho * std::cos(kPi))) +
                  wedge_diffraction_coefficient(2.0, phi_i, sb, 1e9 * rho, rho, k, soft) *
                      std::exp(cd(0, -k * rho)) / std::sqrt(rho);
    const cd exact = U(k * rho, sb - phi_i) + (soft ? -1.0 : 1.0) * U(k * rho, sb + phi_i);
    EXPECT_LT(std::abs(on - exact), 2e-3) << soft;
  }
}

TEST(UtdWedge, RightAngledCornerCompensatesTheGeometricalOpticsJump) {
  // n = 1.5 (building corner), spherical incidence. Across the incident shadow boundary
  // phi = phi' + pi and the o-face reflection boundary phi = pi - phi' a GO ray of magnitude
  // s'/(s' + s) (relative to the incident field at the edge) switches; the diffracted field
  // E_d = D sqrt(s'/(s (s' + s))) e^{-jks} must jump by exactly that magnitude so that the total
  // field is continuous, and be finite on the boundary itself.
  const double n = 1.5, k = 2 * kPi / 0.1;  // 3 GHz
  const double s_i = 50.0, s_d = 20.0, phi_i = 0.4;
  const double go_mag = s_i / (s_i + s_d);
  for (bool soft : {true, false}) {
    for (double b : {phi_i + kPi, kPi - phi_i}) {
      for (double d : {1e-9, 1e-6}) {
        const cd jump = (wedge_diffraction_coefficient(n, phi_i, b + d, s_i, s_d, k, soft) -
                         wedge_diffraction_coefficient(n, phi_i, b - d, s_i, s_d, k, soft)) *
                        spherical_spreading_factor(s_i, s_d);
        EXPECT_NEAR(std::abs(jump), go_mag, 1e-3 * go_mag) << soft << " " << b << " " << d;
      }
      const cd on = wedge_diffraction_coefficient(n, phi_i, b, s_i, s_d, k, soft);
      EXPECT_TRUE(std::isfinite(on.real()) && std::isfinite(on.imag()));
      // On the boundary the coefficient is the mean of its one-sided limits.
      const cd mean = 0.5 * (wedge_diffraction_coefficient(n, phi_i, b + 1e-12, s_i, s_d, k, soft) +
                             wedge_diffraction_coefficient(n, phi_i, b - 1e-12, s_i, s_d, k, soft));
      EXPECT_LT(std::abs(on - mean), 1e-4 * std::abs(mean) + 1e-9) << soft << " " << b;
    }
  }
}

// Hankel function of the second kind (outgoing waves for e^{+j omega t}).
cd H2(double nu, double x) {
  return {std::cyl_bessel_j(nu, x), -std::cyl_neumann(nu, x)};
}

TEST(UtdWedge, RightAngledCornerAgainstTheExactEigenfunctionSeries) {
  // Line source H0^(2)(k |r - r'|) parallel to the edge of a perfectly conducting wedge with
  // exterior angle alpha = n pi, n = 1.5. Exact field (separation of variables, nu_m = m / n):
  //   soft: u = (4 pi / alpha) sum_{m>=1} J_nu(k rho<) H_nu(k rho>) sin(nu phi) sin(nu phi')
  //   hard: u = (2 pi / alpha) [J_0 H_0 + 2 sum_{m>=1} J_nu H_nu cos(nu phi) cos(nu phi')]
  // UTD: GO rays (incident and the two face images, exact H0 each) plus the diffracted ray of a
  // cylindrical wave, u_i(Q) D e^{-j k rho} / sqrt(rho), L = rho rho' / (rho + rho').
  const double n = 1.5, alpha = n * kPi, k = 1.0, rs = 60.0, ro = 30.0, phis = 0.6;
  for (bool soft : {true, false}) {
    const double r = soft ? -1.0 : 1.0;
    for (double phi = 0.05; phi < alpha - 0.05; phi += 0.1) {
      cd exact =
          soft ? cd(0.0) : 2 * kPi / alpha * std::cyl_bessel_j(0.0, k * ro) * H2(0.0, k * rs);
      for (int m = 1; m < 160; ++m) {  // J_nu(30) < 1e-20 beyond nu ~ 70
        const double nu = m / n;
        const double ang = soft ? std::sin(nu * phi) * std::sin(nu * phis)
                                : std::cos(nu * phi) * std::cos(nu * phis);
        exact += 4 * kPi / alpha * std::cyl_bessel_j(nu, k * ro) * H2(nu, k * rs) * ang;
      }
      auto dist = [&](double a) {
        return std::sqrt(rs * rs + ro * ro - 2 * rs * ro * std::cos(phi - a));
      };
      cd utd = 0;
      if (std::abs(phi - phis) < kPi) utd += H2(0.0, k * dist(phis));
      if (phi + phis < kPi) utd += r * H2(0.0, k * dist(-phis));
      if (phi + phis > (2 * n - 1) * kPi) utd += r * H2(0.0, k * dist(2 * alpha - phis));
      utd += H2(0.0, k * rs) * wedge_diffraction_coefficient(n, phis, phi, rs, ro, k, soft) *
             std::exp(cd(0, -k * ro)) / std::sqrt(ro);
      EXPECT_LT(std::abs(utd - exact), 2e-4) << soft << " " << phi;
      EXPECT_NEAR(20 * std::log10(std::abs(utd) / std::abs(exact)), 0.0, 0.05)
          << soft << " " << phi;
    }
  }
}

TEST(UtdWedge, ReciprocityOfThePerfectlyConductingCoefficient) {
  const double k = 2 * kPi / 0.0857;  // 3.5 GHz
  for (double n : {1.2, 1.5, 1.8, 2.0}) {
    for (bool soft : {true, false}) {
      for (double a : {0.3, 1.0, 2.0}) {
        for (double b : {0.1, 1.7, 3.0}) {
          if (a > n * kPi || b > n * kPi) continue;
          const cd d1 = wedge_diffraction_coefficient(n, a, b, 30.0, 70.0, k, soft);
          const cd d2 = wedge_diffraction_coefficient(n, b, a, 70.0, 30.0, k, soft);
          EXPECT_LT(std::abs(d1 - d2), 1e-12 * std::abs(d1)) << n << " " << a << " " << b;
        }
      }
    }
  }
}

TEST(UtdWedge, NoEdgeNoDiffraction) {
  // n = 1: the faces form one plane; the four terms cancel.
  const double k = 100.0;
  for (double phi : {0.3, 1.0, 2.5})
    for (bool soft : {true, false})
      EXPECT_LT(std::abs(wedge_diffraction_coefficient(1.0, 0.7, phi, 10, 10, k, soft)), 1e-12);
  EXPECT_GT(utd_edge_loss_dB(1.0, 0.7, 2.0, 10, 10, 3.5e9, true), 200.0);
}

TEST(UtdWedge, LossyTendsToThePerfectConductor) {
  const double k = 2 * kPi / 0.0857;
  const cd metal =
      p2040::complex_permittivity(p2040::materials()[*p2040::find_material("metal")], 3.5);
  for (bool te : {true, false}) {
    for (double phi : {0.5, 2.0, 3.5, 4.5}) {
      const cd pec = wedge_diffraction_coefficient(1.5, 0.8, phi, 40, 25, k, te);
      const cd lossy =
          wedge_diffraction_coefficient_lossy(1.5, 0.8, phi, 40, 25, k, metal, metal, te);
      EXPECT_LT(std::abs(lossy - pec), 1e-3 * std::abs(pec)) << te << " " << phi;
    }
  }
  // Concrete faces diffract less than metal into the deep shadow, and |R| <= 1 keeps D finite.
  const cd concrete =
      p2040::complex_permittivity(p2040::materials()[*p2040::find_material("concrete")], 3.5);
  const cd lossy =
      wedge_diffraction_coefficient_lossy(1.5, 0.8, 4.5, 40, 25, k, concrete, concrete, true);
  EXPECT_TRUE(std::isfinite(lossy.real()) && std::isfinite(lossy.imag()));
}

TEST(UtdKnifeEdge, LossAgainstTheExactFresnelKnifeEdge) {
  // Half-plane with source and observer h below the edge, d1 and d2 away (small angles).
  // Exact Fresnel-Kirchhoff J(nu) = -20 log10(|Int_nu^inf e^{-j pi t^2/2} dt| / sqrt(2)).
  const double f_Hz = 3.0e9, lambda = kSpeedOfLight_m_per_s / f_Hz;
  const double d1 = 1000.0, d2 = 500.0;
  for (double nu : {0.5, 1.0, 2.0, 4.0}) {
    const double h = nu / std::sqrt(2.0 / lambda * (1 / d1 + 1 / d2));
    const double s_i = std::hypot(d1, h), s_d = std::hypot(d2, h);
    const double phi_i = 1.5 * kPi + std::atan(h / d1);  // screen along -y, angles from it
    const double phi = 0.5 * kPi - std::atan(h / d2);
    // Int_nu^inf e^{-j pi t^2/2} dt = sqrt(2/pi) G(nu sqrt(pi/2))
    const double J = -20 * std::log10(std::abs(std::sqrt(2 / kPi) * G(nu * std::sqrt(kPi / 2))) /
                                      std::sqrt(2.0));
    // Kirchhoff theory has no polarisation: the UTD soft and hard losses straddle J(nu)
    // (by +-0.05 dB at nu = 0.5 to +-0.2 dB at nu = 4) and their mean field matches it.
    const double Ls = utd_edge_loss_dB(2.0, phi_i, phi, s_i, s_d, f_Hz, true);
    const double Lh = utd_edge_loss_dB(2.0, phi_i, phi, s_i, s_d, f_Hz, false);
    EXPECT_NEAR(Ls, J, 0.3) << nu;
    EXPECT_NEAR(Lh, J, 0.3) << nu;
    const double mean = -20 * std::log10(0.5 * (std::pow(10, -Ls / 20) + std::pow(10, -Lh / 20)));
    EXPECT_NEAR(mean, J, 0.02) << nu;
  }
}

}  // namespace
}  // namespace akichi::prop::utd::utd_wedge_test

// ITU-R P.526-15 diffraction over terrain (delta-Bullington). See the header for scope and for
// the correspondence with the numbered equations of ITU-R P.452-18 Annex 1 §4.2.
#include "propagation/models/itu_r_p526_15.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace akichi::prop::p526 {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// Bullington construction, P.452-18 §4.2.1. `height(i)` gives the profile height (m amsl)
/// at sample i, so the same code serves the actual profile and the zero-height smooth profile
/// of §4.2.3 without copying.
template <class Height>
double bullington(std::span<const double> d, Height height, double hts_m, double hrs_m,
                  double f_GHz, double ae_km, double d_unit_km) noexcept {
  const std::size_t n = d.size();
  const double Ce = 1.0 / ae_km;  // effective earth curvature, P.452-18 §4.2.1
  const double lambda_m = kLambdaTimesF_m_GHz / f_GHz;  // wavelength, P.452-18 §4.2.1
  const double d0 = d[0];
  const double dtot = (d[n - 1] - d0) * d_unit_km;  // path length, km

  // Highest slope from the transmitter to an intermediate point, P.452-18 eq. (14)
  double Stim = kNegInf;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double di = (d[i] - d0) * d_unit_km;
    Stim = std::max(Stim, (height(i) + 500.0 * Ce * di * (dtot - di) - hts_m) / di);
  }
  const double Str = (hrs_m - hts_m) / dtot;  // slope of the direct ray, P.452-18 eq. (15)

  double Luc = 0.0;
  if (Stim < Str) {
    // Line-of-sight path: the point with the highest diffraction parameter, P.452-18 eq. (16)
    double numax = kNegInf;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      const double di = (d[i] - d0) * d_unit_km;
      const double nu =
          (height(i) + 500.0 * Ce * di * (dtot - di) - (hts_m * (dtot - di) + hrs_m * di) / dtot) *
          std::sqrt(0.002 * dtot / (lambda_m * di * (dtot - di)));
      numax = std::max(numax, nu);
    }
    Luc = knife_edge_loss_dB(numax);  // P.452-18 eq. (17)
  } else {
    // Trans-horizon path: highest slope from the receiver, P.452-18 eq. (18)
    double Srim = kNegInf;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      const double di = (d[i] - d0) * d_unit_km;
      Srim = std::max(Srim, (height(i) + 500.0 * Ce * di * (dtot - di) - hrs_m) / (dtot - di));
    }
    const double dbp =
        (hrs_m - hts_m + Srim * dtot) / (Stim + Srim);  // Bullington point, P.452-18 eq. (19)
    const double nub =
        (hts_m + Stim * dbp - (hts_m * (dtot - dbp) + hrs_m * dbp) / dtot) *
        std::sqrt(0.002 * dtot / (lambda_m * dbp * (dtot - dbp)));  // P.452-18 eq. (20)
    Luc = knife_edge_loss_dB(nub);                                  // P.452-18 eq. (21)
  }
  return Luc + (1.0 - std::exp(-Luc / 6.0)) * (10.0 + 0.02 * dtot);  // P.452-18 eq. (22)
}

}  // namespace

double median_k_factor(double dN_per_km) noexcept {
  return 157.0 / (157.0 - dN_per_km);  // P.452-18 eq. (5)
}

double knife_edge_loss_dB(double nu) noexcept {
  if (nu <= -0.78) return 0.0;  // P.526-15 §4.1: J(nu) = 0 for nu <= -0.78
  const double x = nu - 0.1;
  return 6.9 +
         20.0 * std::log10(std::sqrt(x * x + 1.0) + x);  // P.526-15 eq. (31), P.452-18 eq. (13)
}

double knife_edge_nu(double h_m, double d1_m, double d2_m, double lambda_m) noexcept {
  return h_m * std::sqrt(2.0 / lambda_m * (1.0 / d1_m + 1.0 / d2_m));  // P.526-15 eq. (26)
}

double bullington_loss_dB(std::span<const double> d, std::span<const double> h_m, double hts_m,
                          double hrs_m, double f_GHz, double ae_km, double d_unit_km) noexcept {
  return bullington(
      d, [h_m](std::size_t i) { return h_m[i]; }, hts_m, hrs_m, f_GHz, ae_km, d_unit_km);
}

SmoothSurfaceHeights smooth_surface_heights(std::span<const double> d, std::span<const double> h_m,
                                            double hts_m, double hrs_m, double d_unit_km) noexcept {
  const std::size_t n = d.size();
  const double d0 = d[0];
  const double dtot = (d[n - 1] - d0) * d_unit_km;
  // Least-squares smooth surface, P.452-18 Attachment 2 §5.1.6.2
  double v1 = 0.0;
  double v2 = 0.0;
  for (std::size_t i = 1; i < n; ++i) {
    const double di = (d[i] - d0) * d_unit_km;
    const double dim1 = (d[i - 1] - d0) * d_unit_km;
    v1 += (di - dim1) * (h_m[i] + h_m[i - 1]);  // §5.1.6.2 v1
    v2 +=
        (di - dim1) * (h_m[i] * (2.0 * di + dim1) + h_m[i - 1] * (di + 2.0 * dim1));  // §5.1.6.2 v2
  }
  SmoothSurfaceHeights s;
  s.hst_m = (2.0 * v1 * dtot - v2) / (dtot * dtot);  // §5.1.6.2 hst
  s.hsr_m = (v2 - v1 * dtot) / (dtot * dtot);        // §5.1.6.2 hsr

  // Highest obstruction above the straight ray and its slopes, P.452-18 Att. 2 §5.1.6.3
  double hobs = kNegInf;
  double alpha_obt = kNegInf;
  double alpha_obr = kNegInf;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double di = (d[i] - d0) * d_unit_km;
    const double Hi = h_m[i] - (hts_m * (dtot - di) + hrs_m * di) / dtot;  // §5.1.6.3 Hi
    hobs = std::max(hobs, Hi);                                             // §5.1.6.3 hobs
    alpha_obt = std::max(alpha_obt, Hi / di);                              // §5.1.6.3 alpha_obt
    alpha_obr = std::max(alpha_obr, Hi / (dtot - di));                     // §5.1.6.3 alpha_obr
  }
  double hstp = s.hst_m;  // §5.1.6.3 provisional heights, case hobs <= 0
  double hsrp = s.hsr_m;
  if (hobs > 0.0) {
    const double gt = alpha_obt / (alpha_obt + alpha_obr);  // §5.1.6.3 gt
    const double gr = alpha_obr / (alpha_obt + alpha_obr);  // §5.1.6.3 gr
    hstp = s.hst_m - hobs * gt;                             // §5.1.6.3 hstp, hobs > 0
    hsrp = s.hsr_m - hobs * gr;                             // §5.1.6.3 hsrp, hobs > 0
  }
  s.hstd_m = std::min(hstp, h_m[0]);      // §5.1.6.3: hstd = h1 if hstp > h1, else hstp
  s.hsrd_m = std::min(hsrp, h_m[n - 1]);  // §5.1.6.3: hsrd = hn if hsrp > hn, else hsrp
  return s;
}

double first_term_loss_dB(double d_km, double hte_m, double hre_m, double adft_km, double f_GHz,
                          double eps_r, double sigma_S_per_m, Polarization pol) noexcept {
  const double s18 = 18.0 * sigma_S_per_m / f_GHz;
  double K =
      0.036 * std::pow(adft_km * f_GHz, -1.0 / 3.0) *
      std::pow((eps_r - 1.0) * (eps_r - 1.0) + s18 * s18, -0.25);  // P.452-18 eq. (30a), horizontal
  if (pol == Polarization::Vertical) {
    K *= std::sqrt(eps_r * eps_r + s18 * s18);  // P.452-18 eq. (30b), vertical
  }
  const double K2 = K * K;
  const double K4 = K2 * K2;
  const double beta =
      (1.0 + 1.6 * K2 + 0.67 * K4) / (1.0 + 4.5 * K2 + 1.53 * K4);  // P.452-18 eq. (31)
  const double X =
      21.88 * beta * std::cbrt(f_GHz / (adft_km * adft_km)) * d_km;  // P.452-18 eq. (32)
  const double Ycoef = 0.9575 * beta * std::cbrt(f_GHz * f_GHz / adft_km);
  const double Yt = Ycoef * hte_m;  // P.452-18 eq. (33a)
  const double Yr = Ycoef * hre_m;  // P.452-18 eq. (33b)

  const double Fx = X >= 1.6
                        ? 11.0 + 10.0 * std::log10(X) - 17.6 * X  // P.452-18 eq. (34), X >= 1.6
                        : -20.0 * std::log10(X) - 5.6488 * std::pow(X, 1.425);  // eq. (34), X < 1.6
  const double G_min = 2.0 + 20.0 * std::log10(K);  // P.452-18 eq. (35): G(Y) >= 2 + 20 log K
  auto G = [&](double Y) {
    const double B = beta * Y;  // P.452-18 eq. (36)
    const double g =
        B > 2.0 ? 17.6 * std::sqrt(B - 1.1) - 5.0 * std::log10(B - 1.1) - 8.0  // eq. (35), B > 2
                : 20.0 * std::log10(B + 0.1 * B * B * B);                      // eq. (35), B <= 2
    return std::max(g, G_min);
  };
  return -Fx - G(Yt) - G(Yr);  // P.452-18 eq. (37)
}

namespace {

double first_term_mixed_dB(double d_km, double hte_m, double hre_m, double adft_km, double f_GHz,
                           const Surface& s) noexcept {
  const double land =
      first_term_loss_dB(d_km, hte_m, hre_m, adft_km, f_GHz, s.eps_r, s.sigma_S_per_m, s.pol);
  if (s.sea_fraction <= 0.0) return land;
  const double sea = first_term_loss_dB(d_km, hte_m, hre_m, adft_km, f_GHz, 80.0, 5.0,
                                        s.pol);                 // §4.2.2.1 sea: 80, 5 S/m
  return s.sea_fraction * sea + (1.0 - s.sea_fraction) * land;  // P.452-18 eq. (29)
}

}  // namespace

double spherical_earth_loss_dB(double d_km, double hte_m, double hre_m, double ap_km, double f_GHz,
                               const Surface& surface) noexcept {
  const double lambda_m = kLambdaTimesF_m_GHz / f_GHz;  // wavelength, P.452-18 §4.2.2
  const double dlos = std::sqrt(2.0 * ap_km) *
                      (std::sqrt(0.001 * hte_m) + std::sqrt(0.001 * hre_m));  // P.452-18 eq. (23)
  if (d_km >= dlos) {
    return first_term_mixed_dB(d_km, hte_m, hre_m, ap_km, f_GHz,
                               surface);  // P.452-18 §4.2.2: Ldsph = Ldft(ap)
  }
  const double c = (hte_m - hre_m) / (hte_m + hre_m);                // P.452-18 eq. (25d)
  const double m = 250.0 * d_km * d_km / (ap_km * (hte_m + hre_m));  // P.452-18 eq. (25e)
  const double b =
      2.0 * std::sqrt((m + 1.0) / (3.0 * m)) *
      std::cos(std::numbers::pi / 3.0 +
               std::acos(1.5 * c * std::sqrt(3.0 * m / ((m + 1.0) * (m + 1.0) * (m + 1.0)))) /
                   3.0);                       // P.452-18 eq. (25c)
  const double dse1 = d_km / 2.0 * (1.0 + b);  // P.452-18 eq. (25a)
  const double dse2 = d_km - dse1;             // P.452-18 eq. (25b)
  const double hse = ((hte_m - 500.0 * dse1 * dse1 / ap_km) * dse2 +
                      (hre_m - 500.0 * dse2 * dse2 / ap_km) * dse1) /
                     d_km;                                                // P.452-18 eq. (24)
  const double hreq = 17.456 * std::sqrt(dse1 * dse2 * lambda_m / d_km);  // P.452-18 eq. (26)
  if (hse > hreq) return 0.0;  // P.452-18 §4.2.2: Ldsph = 0
  const double sq = std::sqrt(hte_m) + std::sqrt(hre_m);
  const double aem = 500.0 * (d_km / sq) * (d_km / sq);  // P.452-18 eq. (27)
  const double Ldft = first_term_mixed_dB(d_km, hte_m, hre_m, aem, f_GHz, surface);
  if (Ldft < 0.0) return 0.0;  // P.452-18 §4.2.2: Ldsph = 0 if Ldft < 0
  // A terminal on the smooth surface (hte or hre = 0) puts the point of least clearance at it:
  // dse1 or dse2 = 0 and hse = hreq = 0. hse falls linearly and hreq as a square root there, so
  // hse / hreq tends to 0; that limit is used instead of 0/0.
  const double clearance_ratio = hreq > 0.0 ? hse / hreq : 0.0;
  return (1.0 - clearance_ratio) * Ldft;  // P.452-18 eq. (28)
}

DeltaBullington delta_bullington(std::span<const double> d, std::span<const double> h_m,
                                 double hts_m, double hrs_m, double f_GHz, double ap_km,
                                 const Surface& surface, double d_unit_km) noexcept {
  DeltaBullington r;
  r.Lbulla_dB =
      bullington_loss_dB(d, h_m, hts_m, hrs_m, f_GHz, ap_km, d_unit_km);  // P.452-18 §4.2.3, Lbulla
  r.heights = smooth_surface_heights(d, h_m, hts_m, hrs_m, d_unit_km);
  const double hts1 = hts_m - r.heights.hstd_m;  // P.452-18 eq. (38a)
  const double hrs1 = hrs_m - r.heights.hsrd_m;  // P.452-18 eq. (38b)
  r.Lbulls_dB = bullington(
      d, [](std::size_t) { return 0.0; }, hts1, hrs1, f_GHz, ap_km,
      d_unit_km);  // §4.2.3, Lbulls: all hi = 0
  const double dtot = (d[d.size() - 1] - d[0]) * d_unit_km;
  r.Ldsph_dB = spherical_earth_loss_dB(dtot, hts1, hrs1, ap_km, f_GHz,
                                       surface);  // eq. (39a,b): hte = hts1, hre = hrs1
  r.Ld_dB = r.Lbulla_dB + std::max(r.Ldsph_dB - r.Lbulls_dB, 0.0);  // P.452-18 eq. (40)
  return r;
}

double delta_bullington_loss_dB(std::span<const double> d, std::span<const double> h_m,
                                double hts_m, double hrs_m, double f_GHz, double ap_km,
                                const Surface& surface, double d_unit_km) noexcept {
  return delta_bullington(d, h_m, hts_m, hrs_m, f_GHz, ap_km, surface, d_unit_km).Ld_dB;
}

}  // namespace akichi::prop::p526

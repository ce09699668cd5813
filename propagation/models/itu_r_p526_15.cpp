// ITU-R P.526-15 diffraction over terrain (delta-Bullington). See the header for scope and for
// the correspondence with the numbered equations of ITU-R P.452-18 Annex 1 §4.2.
#include "propagation/models/itu_r_p526_15.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "propagation/models/path_scan.h"

namespace akichi::prop::p526 {
namespace {

/// The profile's distances in km from its first point: the given array when it already is one,
/// else per-thread scratch that only grows (a failure to grow is thrown).
const double* distances_km(std::span<const double> d, double d_unit_km) {
  if (d_unit_km == 1.0 && d[0] == 0.0) return d.data();
  thread_local std::vector<double> km;
  if (km.size() < d.size()) km.resize(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) km[i] = (d[i] - d[0]) * d_unit_km;
  return km.data();
}

/// The one-scan analysis (propagation/models/path_scan.h) of the profile (dk, h_m) at ae_km:
/// the Bullington maxima of P.452-18 eqs. (14), (16), (18) and the smooth-surface sums and
/// obstruction of Attachment 2 §5.1.6.2-3 together.
path_scan::Result scan_profile(const double* dk, std::span<const double> h_m, double hts_m,
                               double hrs_m, double ae_km) {
  path_scan::Input in;
  in.d_km = dk;
  in.h_m = h_m.data();
  in.n = h_m.size();
  in.hts_m = hts_m;
  in.hrs_m = hrs_m;
  in.ae_km = ae_km;
  in.ab_km = ae_km;
  path_scan::Result r;
  path_scan::scan(in, r);
  return r;
}

/// Bullington loss Lbull (dB), P.452-18 §4.2.1 eqs. (14)-(22), from the maxima of eqs. (14),
/// (16), (18) over the profile.
double bullington_from(const path_scan::BullAcc& acc, double hts_m, double hrs_m, double f_GHz,
                       double dtot_km) noexcept {
  const double lambda_m = kLambdaTimesF_m_GHz / f_GHz;  // wavelength, P.452-18 §4.2.1
  return path_scan::bullington_loss_dB(path_scan::finish_bullington(acc, hts_m, hrs_m, dtot_km),
                                       lambda_m, dtot_km);
}

/// Smooth-surface heights, P.452-18 Attachment 2 §5.1.6.2-3, from the scan's sums and obstruction.
SmoothSurfaceHeights smooth_from(const path_scan::Result& ps, std::span<const double> h_m,
                                 double dtot) noexcept {
  const std::size_t n = h_m.size();
  SmoothSurfaceHeights s;
  s.hst_m = (2.0 * ps.v1 * dtot - ps.v2) / (dtot * dtot);  // §5.1.6.2 hst
  s.hsr_m = (ps.v2 - ps.v1 * dtot) / (dtot * dtot);        // §5.1.6.2 hsr
  double hstp = s.hst_m;  // §5.1.6.3 provisional heights, case hobs <= 0
  double hsrp = s.hsr_m;
  if (ps.hobs > 0.0) {
    const double gt = ps.aobt / (ps.aobt + ps.aobr);  // §5.1.6.3 gt
    const double gr = ps.aobr / (ps.aobt + ps.aobr);  // §5.1.6.3 gr
    hstp = s.hst_m - ps.hobs * gt;                    // §5.1.6.3 hstp, hobs > 0
    hsrp = s.hsr_m - ps.hobs * gr;                    // §5.1.6.3 hsrp, hobs > 0
  }
  s.hstd_m = std::min(hstp, h_m[0]);      // §5.1.6.3: hstd = h1 if hstp > h1, else hstp
  s.hsrd_m = std::min(hsrp, h_m[n - 1]);  // §5.1.6.3: hsrd = hn if hsrp > hn, else hsrp
  return s;
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
                          double hrs_m, double f_GHz, double ae_km, double d_unit_km) {
  const double* dk = distances_km(d, d_unit_km);
  const path_scan::Result ps = scan_profile(dk, h_m, hts_m, hrs_m, ae_km);
  return bullington_from(ps.acc_ae, hts_m, hrs_m, f_GHz, dk[d.size() - 1]);
}

SmoothSurfaceHeights smooth_surface_heights(std::span<const double> d, std::span<const double> h_m,
                                            double hts_m, double hrs_m, double d_unit_km) {
  const double* dk = distances_km(d, d_unit_km);
  // The scan's Bullington maxima need an earth radius; any is as good (they are not used)
  const path_scan::Result ps = scan_profile(dk, h_m, hts_m, hrs_m, kEarthRadius_km);
  return smooth_from(ps, h_m, dk[d.size() - 1]);
}

namespace {

/// The terms of the first-term loss that depend on the earth radius, the frequency and the
/// ground only, P.452-18 eqs. (30a)-(33b), (35).
struct FirstTermTerms {
  double adft_km = -1, f_GHz = -1, eps_r = -1, sigma_S_per_m = -1;
  Polarization pol = Polarization::Vertical;
  double beta = 0;      ///< eq. (31)
  double x_per_km = 0;  ///< X / d of eq. (32)
  double y_per_m = 0;   ///< Y / h of eqs. (33a), (33b)
  double G_min = 0;     ///< 2 + 20 log10(K), the least G(Y) of eq. (35)
};

FirstTermTerms first_term_terms(double adft_km, double f_GHz, double eps_r, double sigma_S_per_m,
                                Polarization pol) noexcept {
  FirstTermTerms t;
  t.adft_km = adft_km;
  t.f_GHz = f_GHz;
  t.eps_r = eps_r;
  t.sigma_S_per_m = sigma_S_per_m;
  t.pol = pol;
  const double s18 = 18.0 * sigma_S_per_m / f_GHz;
  double K =
      0.036 * std::pow(adft_km * f_GHz, -1.0 / 3.0) *
      std::pow((eps_r - 1.0) * (eps_r - 1.0) + s18 * s18, -0.25);  // P.452-18 eq. (30a), horizontal
  if (pol == Polarization::Vertical) {
    K *= std::sqrt(eps_r * eps_r + s18 * s18);  // P.452-18 eq. (30b), vertical
  }
  const double K2 = K * K;
  const double K4 = K2 * K2;
  t.beta = (1.0 + 1.6 * K2 + 0.67 * K4) / (1.0 + 4.5 * K2 + 1.53 * K4);  // P.452-18 eq. (31)
  t.x_per_km = 21.88 * t.beta * std::cbrt(f_GHz / (adft_km * adft_km));  // P.452-18 eq. (32)
  t.y_per_m = 0.9575 * t.beta * std::cbrt(f_GHz * f_GHz / adft_km);      // eqs. (33a), (33b)
  t.G_min = 2.0 + 20.0 * std::log10(K);  // P.452-18 eq. (35): G(Y) >= 2 + 20 log K
  return t;
}

/// first_term_terms() remembered per thread: at the effective earth radii of a run (ae, abeta;
/// one frequency per station, one ground) they are the same for every link, and were about a
/// third of the spherical-earth loss. An entry whose inputs equal the query's holds the very
/// values first_term_terms() gives.
const FirstTermTerms& cached_first_term_terms(double adft_km, double f_GHz, double eps_r,
                                              double sigma_S_per_m, Polarization pol) noexcept {
  thread_local std::array<FirstTermTerms, 8> cache;
  thread_local unsigned next = 0;
  for (const FirstTermTerms& t : cache) {
    if (t.adft_km == adft_km && t.f_GHz == f_GHz && t.eps_r == eps_r &&
        t.sigma_S_per_m == sigma_S_per_m && t.pol == pol) {
      return t;
    }
  }
  FirstTermTerms& t = cache[next++ % cache.size()];
  t = first_term_terms(adft_km, f_GHz, eps_r, sigma_S_per_m, pol);
  return t;
}

/// Eqs. (32)-(37) from the terms.
double first_term_from(const FirstTermTerms& t, double d_km, double hte_m, double hre_m) noexcept {
  const double X = t.x_per_km * d_km;   // P.452-18 eq. (32)
  const double Yt = t.y_per_m * hte_m;  // P.452-18 eq. (33a)
  const double Yr = t.y_per_m * hre_m;  // P.452-18 eq. (33b)
  const double Fx = X >= 1.6
                        ? 11.0 + 10.0 * std::log10(X) - 17.6 * X  // P.452-18 eq. (34), X >= 1.6
                        : -20.0 * std::log10(X) - 5.6488 * std::pow(X, 1.425);  // eq. (34), X < 1.6
  auto G = [&](double Y) {
    const double B = t.beta * Y;  // P.452-18 eq. (36)
    const double g =
        B > 2.0 ? 17.6 * std::sqrt(B - 1.1) - 5.0 * std::log10(B - 1.1) - 8.0  // eq. (35), B > 2
                : 20.0 * std::log10(B + 0.1 * B * B * B);                      // eq. (35), B <= 2
    return std::max(g, t.G_min);
  };
  return -Fx - G(Yt) - G(Yr);  // P.452-18 eq. (37)
}

}  // namespace

double first_term_loss_dB(double d_km, double hte_m, double hre_m, double adft_km, double f_GHz,
                          double eps_r, double sigma_S_per_m, Polarization pol) noexcept {
  return first_term_from(first_term_terms(adft_km, f_GHz, eps_r, sigma_S_per_m, pol), d_km, hte_m,
                         hre_m);
}

namespace {

/// Eq. (29) over the path's land and sea; `cached`: the terms from cached_first_term_terms()
/// (the run's earth radii), else computed (eq. (27)'s radius, one per link).
double first_term_mixed_dB(double d_km, double hte_m, double hre_m, double adft_km, double f_GHz,
                           const Surface& s, bool cached) noexcept {
  auto terms = [&](double eps_r, double sigma) {
    return cached ? cached_first_term_terms(adft_km, f_GHz, eps_r, sigma, s.pol)
                  : first_term_terms(adft_km, f_GHz, eps_r, sigma, s.pol);
  };
  const double land = first_term_from(terms(s.eps_r, s.sigma_S_per_m), d_km, hte_m, hre_m);
  if (s.sea_fraction <= 0.0) return land;
  const double sea =
      first_term_from(terms(80.0, 5.0), d_km, hte_m, hre_m);    // §4.2.2.1 sea: 80, 5 S/m
  return s.sea_fraction * sea + (1.0 - s.sea_fraction) * land;  // P.452-18 eq. (29)
}

}  // namespace

double spherical_earth_loss_dB(double d_km, double hte_m, double hre_m, double ap_km, double f_GHz,
                               const Surface& surface) noexcept {
  const double lambda_m = kLambdaTimesF_m_GHz / f_GHz;  // wavelength, P.452-18 §4.2.2
  const double dlos = std::sqrt(2.0 * ap_km) *
                      (std::sqrt(0.001 * hte_m) + std::sqrt(0.001 * hre_m));  // P.452-18 eq. (23)
  if (d_km >= dlos) {
    return first_term_mixed_dB(d_km, hte_m, hre_m, ap_km, f_GHz, surface,
                               true);  // P.452-18 §4.2.2: Ldsph = Ldft(ap)
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
  const double Ldft = first_term_mixed_dB(d_km, hte_m, hre_m, aem, f_GHz, surface, false);
  if (Ldft < 0.0) return 0.0;  // P.452-18 §4.2.2: Ldsph = 0 if Ldft < 0
  // A terminal on the smooth surface (hte or hre = 0) puts the point of least clearance at it:
  // dse1 or dse2 = 0 and hse = hreq = 0. hse falls linearly and hreq as a square root there, so
  // hse / hreq tends to 0; that limit is used instead of 0/0.
  const double clearance_ratio = hreq > 0.0 ? hse / hreq : 0.0;
  return (1.0 - clearance_ratio) * Ldft;  // P.452-18 eq. (28)
}

DeltaBullington delta_bullington(std::span<const double> d, std::span<const double> h_m,
                                 double hts_m, double hrs_m, double f_GHz, double ap_km,
                                 const Surface& surface, double d_unit_km) {
  // One scan of the profile gives the actual profile's Bullington maxima and the smooth surface;
  // the smooth (zero-height) profile's maxima come by bisection (path_scan::smooth_maxima)
  const std::size_t n = d.size();
  const double* dk = distances_km(d, d_unit_km);
  const double dtot = dk[n - 1];
  const path_scan::Result ps = scan_profile(dk, h_m, hts_m, hrs_m, ap_km);
  DeltaBullington r;
  r.Lbulla_dB = bullington_from(ps.acc_ae, hts_m, hrs_m, f_GHz, dtot);  // P.452-18 §4.2.3, Lbulla
  r.heights = smooth_from(ps, h_m, dtot);
  const double hts1 = hts_m - r.heights.hstd_m;  // P.452-18 eq. (38a)
  const double hrs1 = hrs_m - r.heights.hsrd_m;  // P.452-18 eq. (38b)
  r.Lbulls_dB = bullington_from(path_scan::smooth_maxima(dk, n, ap_km, hts1, hrs1), hts1, hrs1,
                                f_GHz, dtot);  // §4.2.3, Lbulls: all hi = 0
  r.Ldsph_dB = spherical_earth_loss_dB(dtot, hts1, hrs1, ap_km, f_GHz,
                                       surface);  // eq. (39a,b): hte = hts1, hre = hrs1
  r.Ld_dB = r.Lbulla_dB + std::max(r.Ldsph_dB - r.Lbulls_dB, 0.0);  // P.452-18 eq. (40)
  return r;
}

double delta_bullington_loss_dB(std::span<const double> d, std::span<const double> h_m,
                                double hts_m, double hrs_m, double f_GHz, double ap_km,
                                const Surface& surface, double d_unit_km) {
  return delta_bullington(d, h_m, hts_m, hrs_m, f_GHz, ap_km, surface, d_unit_km).Ld_dB;
}

}  // namespace akichi::prop::p526

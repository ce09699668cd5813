// ITU-R P.1812-6/-7/-8 Annex 1. See the header for the scope and the equation numbering.
#include "propagation/models/itu_r_p1812.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "base/errors.h"
#include "propagation/models/path_scan.h"

namespace akichi::prop::p1812 {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

int zone_at(const Profile& p, std::size_t i) noexcept {
  return p.zone.empty() ? kZoneInland : p.zone[i];
}

/// Length (km) of the longest continuous section whose zone satisfies `in_zone`, each run
/// extended by half the sample spacing at either end that is not a path end (§3.6: dtm, dlm).
template <class Pred>
double longest_section_km(const Profile& p, Pred in_zone) noexcept {
  const auto& d = p.d_km;
  const std::size_t n = d.size();
  double dm = 0.0;
  std::size_t i = 0;
  while (i < n) {
    if (!in_zone(zone_at(p, i))) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i + 1 < n && in_zone(zone_at(p, i + 1))) ++i;
    const std::size_t stop = i;
    double delta = 0.0;
    if (d[stop] < d[n - 1]) delta += (d[stop + 1] - d[stop]) / 2.0;
    if (start > 0) delta += (d[start] - d[start - 1]) / 2.0;
    dm = std::max(dm, (d[stop] - d[start] + delta) * p.d_unit_km);
    ++i;
  }
  return dm;
}

/// Fraction of the path over sea (omega, §3.3): the sea runs, each extended by half the sample
/// spacing at either end that is not a path end (as for dtm, dlm), over the path length.
double sea_fraction(const Profile& p) noexcept {
  const auto& d = p.d_km;
  const std::size_t n = d.size();
  double dm = 0.0;
  std::size_t i = 0;
  while (i < n) {
    if (zone_at(p, i) != kZoneSea) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i + 1 < n && zone_at(p, i + 1) == kZoneSea) ++i;
    const std::size_t stop = i;
    double delta = 0.0;
    if (d[stop] < d[n - 1]) delta += (d[stop + 1] - d[stop]) / 2.0;
    if (start > 0) delta += (d[start] - d[start - 1]) / 2.0;
    dm += d[stop] - d[start] + delta;
    ++i;
  }
  return dm / (d[n - 1] - d[0]);
}

/// beta0 (%), P.1812-6 eqs. (2)-(5), tau of eq. (3) and the latitude terms of eqs. (4), (5)
/// (run_constants()) given.
double beta0_percent(const RunConstants& rc, double dtm_km, double tau) noexcept {
  const double mu1 = std::min(std::pow(std::pow(10.0, -dtm_km / (16.0 - 6.6 * tau)) +
                                           std::pow(10.0, -5.0 * (0.496 + 0.354 * tau)),
                                       0.2),
                              1.0);              // eq. (2), mu1 <= 1
  const double mu4 = std::pow(mu1, rc.mu4_exp);  // eq. (4)
  return rc.b0_scale * mu1 * mu4;                // eq. (5)
}

/// Basic transmission loss during anomalous propagation Lba (dB), P.1812-6 §4.5 eqs. (46)-(56a).
/// tau of eq. (3) given.
double ducting_loss_dB(const Result& r, const RunConstants& rc, double dct_km, double dcr_km,
                       double p, double tau) noexcept {
  const double f_GHz = rc.f_GHz;
  const double Alf = rc.Alf;                                // eq. (47a)
  const double theta_t2 = r.theta_t_mrad - 0.1 * r.dlt_km;  // eq. (48a)
  const double theta_r2 = r.theta_r_mrad - 0.1 * r.dlr_km;  // eq. (48a)
  const double Ast = theta_t2 > 0.0
                         ? 20.0 * std::log10(1.0 + 0.361 * theta_t2 * std::sqrt(f_GHz * r.dlt_km)) +
                               0.264 * theta_t2 * rc.cbrt_f
                         : 0.0;  // eq. (48)
  const double Asr = theta_r2 > 0.0
                         ? 20.0 * std::log10(1.0 + 0.361 * theta_r2 * std::sqrt(f_GHz * r.dlr_km)) +
                               0.264 * theta_r2 * rc.cbrt_f
                         : 0.0;  // eq. (48)
  const double Act =
      (dct_km <= 5.0 && dct_km <= r.dlt_km && r.omega >= 0.75)
          ? -3.0 * std::exp(-0.25 * dct_km * dct_km) * (1.0 + std::tanh(0.07 * (50.0 - r.hts_m)))
          : 0.0;  // eq. (49)
  const double Acr =
      (dcr_km <= 5.0 && dcr_km <= r.dlr_km && r.omega >= 0.75)
          ? -3.0 * std::exp(-0.25 * dcr_km * dcr_km) * (1.0 + std::tanh(0.07 * (50.0 - r.hrs_m)))
          : 0.0;                                                       // eq. (49)
  const double gamma_d = 5e-5 * r.ae_km * rc.cbrt_f;                   // eq. (51)
  const double theta_t1 = std::min(r.theta_t_mrad, 0.1 * r.dlt_km);    // eq. (52a)
  const double theta_r1 = std::min(r.theta_r_mrad, 0.1 * r.dlr_km);    // eq. (52a)
  const double theta1 = 1e3 * r.d_km / r.ae_km + theta_t1 + theta_r1;  // eq. (52)
  const double dI = std::min(r.d_km - r.dlt_km - r.dlr_km, 40.0);      // eq. (56a)
  const double mu3 =
      r.hm_m > 10.0 ? std::exp(-4.6e-5 * (r.hm_m - 10.0) * (43.0 + 6.0 * dI)) : 1.0;  // eq. (56)
  const double sq = std::sqrt(r.hte_m) + std::sqrt(r.hre_m);
  const double x_mu2 = 500.0 / r.ae_km * r.d_km * r.d_km / (sq * sq);
  // eq. (55): mu2 = min(x^alpha, 1) with alpha <= -0.6 (eq. (55a)), so mu2 = 1 whenever x <= 1:
  // x^alpha >= 1 there and pow() (within 0.52 ulp; pow(1, y) = 1) returns no value below 1. The
  // two pow() of alpha and mu2 are taken only when x > 1, with the same value of mu2 either way.
  double mu2 = 1.0;
  if (!(x_mu2 <= 1.0)) {
    const double alpha =
        std::max(-0.6 - 3.5e-9 * std::pow(r.d_km, 3.1) * tau, -3.4);  // eq. (55a), >= -3.4
    mu2 = std::min(std::pow(x_mu2, alpha), 1.0);                      // eq. (55), <= 1
  }
  const double beta = r.b0_percent * mu2 * mu3;  // eq. (54)
  const double lb = std::log10(beta);
  const double Gamma =
      1.076 / std::pow(2.0058 - lb, 1.012) *
      std::exp(-(9.51 - 4.8 * lb + 0.198 * lb * lb) * 1e-6 * std::pow(r.d_km, 1.13));  // eq. (53a)
  const double Ap = -12.0 + (1.2 + 3.7e-3 * r.d_km) * std::log10(p / beta) +
                    12.0 * std::pow(p / beta, Gamma);  // eq. (53)
  const double Adp = gamma_d * theta1 + Ap;            // eq. (50)
  const double Af = 102.45 + rc.twenty_log10_f + 20.0 * std::log10(r.dlt_km + r.dlr_km) + Alf +
                    Ast + Asr + Act + Acr;  // eq. (47)
  return Af + Adp;                          // eq. (46)
}

/// Attachment 1 §5.6: horizon angles and distances, smooth-surface heights, roughness, from the
/// one-scan analysis `ps` of the profile (distances dk in km from the transmitter).
void profile_analysis(const double* dk, const double* h, std::size_t n, const path_scan::Result& ps,
                      Result& r) noexcept {
  const double dtot = r.d_km;
  const double hts = r.hts_m;
  const double hrs = r.hrs_m;
  const double ae = r.ae_km;

  // Smooth surface (85)-(89) over bare terrain, P.452-18 Att. 2 §5.1.6.2-3 (same method)
  r.hst_n_m = (2.0 * ps.v1 * dtot - ps.v2) / (dtot * dtot);  // eq. (85)
  r.hsr_n_m = (ps.v2 - ps.v1 * dtot) / (dtot * dtot);        // eq. (86)
  double hstp = r.hst_n_m;  // eq. (87), provisional heights, case hobs <= 0
  double hsrp = r.hsr_n_m;
  if (ps.hobs > 0.0) {
    const double gt = ps.aobt / (ps.aobt + ps.aobr);  // eq. (88)
    const double gr = ps.aobr / (ps.aobt + ps.aobr);
    hstp = r.hst_n_m - ps.hobs * gt;  // eq. (87), hobs > 0
    hsrp = r.hsr_n_m - ps.hobs * gr;
  }
  r.hstd_m = std::min(hstp, h[0]);      // eq. (89)
  r.hsrd_m = std::min(hsrp, h[n - 1]);  // eq. (89)

  // Transmitter horizon, eqs. (76)-(78): the scan compares the arguments of eq. (77)'s atan (an
  // increasing function), so the largest angle is 1000 atan of the largest argument, at its
  // first point
  const double theta_max = 1000.0 * std::atan(ps.xt_max);  // eq. (77)
  const double theta_td =
      1000.0 * std::atan((hrs - hts) / (1000.0 * dtot) - dtot / (2.0 * ae));  // eq. (78)
  const double theta_rd =
      1000.0 * std::atan((hts - hrs) / (1000.0 * dtot) - dtot / (2.0 * ae));  // eq. (81)
  r.trans_horizon = theta_max > theta_td;  // eq. (76): trans-horizon when theta_max > theta_td
  r.theta_t_mrad = std::max(theta_max, theta_td);  // eq. (76)
  std::size_t it = 0;
  std::size_t ir = 0;
  if (r.trans_horizon) {
    it = path_scan::first_xt_max_point(ps);
    r.dlt_km = dk[it];                               // eq. (78)
    r.theta_r_mrad = 1000.0 * std::atan(ps.xr_max);  // eqs. (79), (80): last point of the maximum
    ir = path_scan::last_xr_max_point(ps);
    r.dlr_km = dtot - dk[ir];  // eq. (81a)
  } else {
    // LoS: horizons at the Bullington point of the 50 % diffraction (highest nu of eq. (13) on
    // the terrain at ae, its last point)
    r.theta_r_mrad = theta_rd;  // eq. (81)
    it = path_scan::last_nu_max_point(ps);
    ir = it;
    r.dlt_km = dk[it];           // eq. (78)
    r.dlr_km = dtot - r.dlt_km;  // eq. (81a)
  }
  r.theta_mrad = 1e3 * dtot / ae + r.theta_t_mrad + r.theta_r_mrad;  // eq. (82)

  // Ducting/layer-reflection heights, eqs. (90)-(93)
  r.hst_m = std::min(r.hst_n_m, h[0]);          // eq. (90a)
  r.hsr_m = std::min(r.hsr_n_m, h[n - 1]);      // eq. (90b)
  const double m = (r.hsr_m - r.hst_m) / dtot;  // slope of the smooth surface, eq. (91)
  r.hte_m = r.hts_m - r.hst_m;                  // eq. (92a): htg + h_1 - hst
  r.hre_m = r.hrs_m - r.hsr_m;                  // eq. (92b)
  r.hm_m = path_scan::max_height_above(dk, h, it, ir, r.hst_m, m, ps.wide);  // eq. (93)
}

/// Terrain height (m) at distance x_km along the profile, linear between the samples.
double terrain_height_at_m(const double* d_km, const double* h_m, std::size_t n,
                           double x_km) noexcept {
  x_km = std::clamp(x_km, d_km[0], d_km[n - 1]);
  const double* hi = std::upper_bound(d_km, d_km + n, x_km);
  if (hi == d_km + n) return h_m[n - 1];
  const std::size_t j = static_cast<std::size_t>(hi - d_km);  // d[j-1] <= x < d[j], j >= 1
  const double t = (x_km - d_km[j - 1]) / (d_km[j] - d_km[j - 1]);
  return h_m[j - 1] + t * (h_m[j] - h_m[j - 1]);
}

}  // namespace

double common_volume_distance_km(double d_km, double theta_t_mrad, double theta_r_mrad,
                                 double hts_m, double hrs_m, double ae_km) noexcept {
  const double theta_e = d_km / ae_km;  // rad
  const double tt = std::tan(0.001 * std::max(theta_t_mrad, 0.0) + 0.5 * theta_e);
  const double tr = std::tan(0.001 * std::max(theta_r_mrad, 0.0) + 0.5 * theta_e);
  const double dtcv = (d_km * tr - 0.001 * (hts_m - hrs_m)) / (tt + tr);
  return std::clamp(dtcv, 0.0, d_km);
}

double troposcatter_p1812_7_dB(double f_GHz, double p_percent, double d_km, double theta_t_mrad,
                               double theta_r_mrad, double hts_m, double hrs_m, double ae_km,
                               double N0, double dN, double Gt_dBi, double Gr_dBi,
                               double h_cv_m) noexcept {
  constexpr double kHb_km = 7.35;  // global mean scale height of the refractivity
  // step 2: scatter angle (mrad)
  const double theta = 1000.0 * d_km / ae_km + theta_t_mrad + theta_r_mrad;
  // step 3: aperture-to-medium coupling loss
  const double Lc = 0.07 * std::exp(0.055 * (Gt_dBi + Gr_dBi));
  // step 4: the height h0 (km above sea level) of the common volume, and the percentage term
  const double beta =
      d_km / (2.0 * ae_km) + theta_r_mrad / 1000.0 + (hrs_m - hts_m) / (1000.0 * d_km);
  const double d_sin_beta = d_km * std::sin(beta);
  const double sin_theta = std::sin(theta / 1000.0);
  const double h0 = hts_m / 1000.0 +
                    d_sin_beta / sin_theta *
                        (d_sin_beta / (2.0 * ae_km * sin_theta) + std::sin(theta_t_mrad / 1000.0));
  const double scale = 0.035 * N0 * std::exp(-h0 / kHb_km);
  const double Yp = p_percent < 50.0
                        ? scale * std::pow(-std::log10(p_percent / 50.0), 0.67)
                        : -scale * std::pow(-std::log10((100.0 - p_percent) / 50.0), 0.67);
  const double F = 0.18 * N0 * std::exp(-(h_cv_m / 1000.0) / kHb_km) - 0.23 * dN;
  return F + 22.0 * std::log10(f_GHz * 1000.0) + 35.0 * std::log10(theta) +
         17.0 * std::log10(d_km) + Lc - Yp;
}

double inv_cum_norm(double x) noexcept {
  x = std::clamp(x, 1e-6, 0.999999);
  auto T = [](double y) { return std::sqrt(-2.0 * std::log(y)); };  // eq. (97a)
  auto C = [&](double z) {
    const double t = T(z);
    return ((0.010328 * t + 0.802853) * t + 2.515516698) /
           (((0.001308 * t + 0.189269) * t + 1.432788) * t + 1.0);  // eq. (97b)
  };
  return x <= 0.5 ? T(x) - C(x)                  // eq. (96a)
                  : -(T(1.0 - x) - C(1.0 - x));  // eq. (96b)
}

double path_centre_latitude_deg(double phi_t_deg, double lam_t_deg, double phi_r_deg,
                                double lam_r_deg, double dpnt_km) noexcept {
  const double Re = 6371.0;
  const double dlon = lam_r_deg - lam_t_deg;  // P.2001 (H.2.1)
  const double st = std::sin(phi_t_deg * kDeg);
  const double ct = std::cos(phi_t_deg * kDeg);
  const double sr = std::sin(phi_r_deg * kDeg);
  const double cr = std::cos(phi_r_deg * kDeg);
  const double rr = st * sr + ct * cr * std::cos(dlon * kDeg);  // (H.2.2)
  const double x1 = sr - rr * st;                               // (H.2.5a)
  const double y1 = ct * cr * std::sin(dlon * kDeg);            // (H.2.5b)
  // (H.2.6): bearing; for coincident ends the owners' code takes the receiver longitude.
  const double Bt2r =
      (std::abs(x1) < 1e-9 && std::abs(y1) < 1e-9) ? lam_r_deg * kDeg : std::atan2(y1, x1);
  const double phipnt = dpnt_km / Re;                                               // (H.3.1)
  const double s = st * std::cos(phipnt) + ct * std::sin(phipnt) * std::cos(Bt2r);  // (H.3.2)
  return std::asin(s) / kDeg;                                                       // (H.3.3)
}

double location_sigma_dB(double f_GHz, double h_m, double R_m, double wa_m) noexcept {
  double uh = 0.0;
  if (h_m < R_m) {
    uh = 1.0;
  } else if (h_m < R_m + 10.0) {
    uh = 1.0 - (h_m - R_m) / 10.0;
  }
  return (0.52 + 0.024 * f_GHz) * std::pow(wa_m, 0.28) * uh;  // §4.7 / §4.10
}

void validate(const Profile& profile, const Inputs& in, const char* prefix) {
  const std::string pre(prefix);
  auto fail = [&](const char* field, double found, const char* expected) {
    throw_input_error({}, pre + "." + field, std::to_string(found), expected);
  };
  const std::size_t n = profile.d_km.size();
  if (n < 3) fail("profile", static_cast<double>(n), "at least 3 points");
  if (profile.h_m.size() != n)
    fail("profile.h", static_cast<double>(profile.h_m.size()), "as many heights as distances");
  if (!profile.R_m.empty() && profile.R_m.size() != n)
    fail("profile.clutter_height", static_cast<double>(profile.R_m.size()),
         "as many clutter heights as distances");
  if (!profile.zone.empty() && profile.zone.size() != n)
    fail("profile.zone", static_cast<double>(profile.zone.size()), "as many zones as distances");
  for (std::size_t i = 1; i < n; ++i) {
    if (!(profile.d_km[i] > profile.d_km[i - 1]))
      fail("profile.d", profile.d_km[i], "strictly ascending distances");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(profile.h_m[i])) fail("profile.h", profile.h_m[i], "a finite height");
    if (!profile.R_m.empty() && !(profile.R_m[i] >= 0.0))
      fail("profile.clutter_height", profile.R_m[i], ">= 0 m");
    if (!profile.zone.empty()) {
      const int z = profile.zone[i];
      if (z != kZoneSea && z != kZoneCoastalLand && z != kZoneInland)
        fail("profile.zone", z, "1 (sea), 3 (coastal land) or 4 (inland)");
    }
  }
  if (!(in.f_GHz >= 0.03 && in.f_GHz <= 6.0))
    fail("frequency_GHz", in.f_GHz, "0.03..6 GHz (P.1812-6 §1)");
  if (!(in.p_percent >= 1.0 && in.p_percent <= 50.0)) fail("time_percent", in.p_percent, "1..50 %");
  if (!(in.pL_percent >= 1.0 && in.pL_percent <= 99.0))
    fail("location_percent", in.pL_percent, "1..99 %");
  if (!(in.sigmaL_dB >= 0.0 && std::isfinite(in.sigmaL_dB)))
    fail("sigma_L_dB", in.sigmaL_dB, ">= 0 dB");
  if (!(in.htg_m >= 1.0 && in.htg_m <= 3000.0)) fail("htg_m", in.htg_m, "1..3000 m");
  if (!(in.hrg_m >= 1.0 && in.hrg_m <= 3000.0)) fail("hrg_m", in.hrg_m, "1..3000 m");
  if (!(std::abs(in.phi_path_deg) <= 80.0))
    fail("path_centre_latitude_deg", in.phi_path_deg, "-80..80 deg");
  if (!(in.dN > 0.0 && in.dN < 157.0)) fail("delta_N", in.dN, "0 < dN < 157 N-units/km");
  if (!(in.N0 > 0.0 && std::isfinite(in.N0))) fail("N0", in.N0, "> 0 N-units");
  if (!(in.dct_km >= 0.0)) fail("dct_km", in.dct_km, ">= 0 km");
  if (!(in.dcr_km >= 0.0)) fail("dcr_km", in.dcr_km, ">= 0 km");
  if (!(in.Ptx_kW > 0.0 && std::isfinite(in.Ptx_kW))) fail("ptx_kW", in.Ptx_kW, "> 0 kW");
  if (!std::isfinite(in.Gt_dBi)) fail("tropo_tx_gain_dBi", in.Gt_dBi, "a finite gain (dBi)");
  if (!std::isfinite(in.Gr_dBi)) fail("tropo_rx_gain_dBi", in.Gr_dBi, "a finite gain (dBi)");
}

// Long: P.1812-6 §3-§4.10 (eqs. (5)-(70)) in the Recommendation's step order, checkable by line.
RunConstants run_constants(const Inputs& in) noexcept {
  RunConstants c;
  c.f_GHz = in.f_GHz;
  c.p_percent = in.p_percent;
  c.pL_percent = in.pL_percent;
  c.sigmaL_dB = in.sigmaL_dB;
  c.phi_path_deg = in.phi_path_deg;
  c.dN = in.dN;
  c.Ptx_kW = in.Ptx_kW;
  const double f = in.f_GHz;
  c.ae_km = 6371.0 * p526::median_k_factor(in.dN);  // eqs. (6), (7a)
  c.ab_km = 6371.0 * 3.0;                           // eq. (7b), k_beta = 3
  c.lambda_m = p526::kLambdaTimesF_m_GHz / f;
  const double aphi = std::abs(in.phi_path_deg);
  if (aphi <= 70.0) {
    c.b0_scale = std::pow(10.0, -0.015 * aphi + 1.67);  // eq. (5), |phi| <= 70
    c.mu4_exp = -0.935 + 0.0176 * aphi;                 // eq. (4), |phi| <= 70
  } else {
    c.b0_scale = 4.17;  // eq. (5), |phi| > 70
    c.mu4_exp = 0.3;    // eq. (4), |phi| > 70
  }
  c.I_p = inv_cum_norm(in.p_percent / 100.0);  // eq. (40)
  c.twenty_log10_f = 20.0 * std::log10(f);
  c.log10_p_50 = std::log10(in.p_percent / 50.0);             // eq. (10)
  c.cbrt_f = std::cbrt(f);                                    // eqs. (48), (51)
  c.Alf = f < 0.5 ? 45.375 - 137.0 * f + 92.5 * f * f : 0.0;  // eq. (47a)
  const double lf2 = std::log10(f / 2.0);
  c.Lf = 25.0 * std::log10(f) - 2.5 * lf2 * lf2;                        // eq. (45)
  c.tropo_p = 10.125 * std::pow(std::log10(50.0 / in.p_percent), 0.7);  // eq. (44)
  c.Lloc_land = -inv_cum_norm(in.pL_percent / 100.0) * in.sigmaL_dB;    // §4.7
  c.ten_log10_Ptx = 10.0 * std::log10(in.Ptx_kW);
  return c;
}

bool run_constants_match(const RunConstants& c, const Inputs& in) noexcept {
  return c.f_GHz == in.f_GHz && c.p_percent == in.p_percent && c.pL_percent == in.pL_percent &&
         c.sigmaL_dB == in.sigmaL_dB && c.phi_path_deg == in.phi_path_deg && c.dN == in.dN &&
         c.Ptx_kW == in.Ptx_kW;
}

namespace {

/// basic_transmission_loss(); every_term false: the terms that do not enter Lb are left at 0
/// (Ldb when p = 50 %: eq. (41) takes Ld50 alone there).
Result transmission_loss(const Profile& p, const Inputs& in, const RunConstants& rc,
                         std::span<double> scratch, bool every_term) {
  const auto& d = p.d_km;
  const auto& h = p.h_m;
  const std::size_t n = d.size();
  const double f = in.f_GHz;
  const double pc = in.p_percent;
  Result r;
  r.d_km = (d[n - 1] - d[0]) * p.d_unit_km;
  r.hts_m = h[0] + in.htg_m;      // §3: h_ts = h_1 + h_tg
  r.hrs_m = h[n - 1] + in.hrg_m;  // §3: h_rs = h_n + h_rg

  // Distances in km from the transmitter, as the scan takes them
  const double* dk = d.data();
  if (p.d_unit_km != 1.0 || d[0] != 0.0) {
    for (std::size_t i = 0; i < n; ++i) scratch[i] = (d[i] - d[0]) * p.d_unit_km;
    dk = scratch.data();
  }

  // §3.3-3.7 (without zones the path is one inland section: no sea, dtm = dlm = the path)
  if (p.zone.empty()) {
    r.omega = 0.0;
    r.dtm_km = r.dlm_km = r.d_km;
  } else {
    r.omega = sea_fraction(p);
    r.dtm_km = longest_section_km(
        p, [](int z) { return z == kZoneCoastalLand || z == kZoneInland; });   // §3.6 dtm
    r.dlm_km = longest_section_km(p, [](int z) { return z == kZoneInland; });  // §3.6 dlm
  }
  const double tau = 1.0 - std::exp(-4.12e-4 * std::pow(r.dlm_km, 2.41));  // eq. (3)
  r.b0_percent = beta0_percent(rc, r.dtm_km, tau);                         // eq. (5)
  r.ae_km = rc.ae_km;                                                      // eqs. (6), (7a)
  r.ab_km = rc.ab_km;                                                      // eq. (7b)
  const double dct = zone_at(p, 0) == kZoneSea ? 0.0 : in.dct_km;  // §3.4: 0 for a terminal at sea
  const double dcr = zone_at(p, n - 1) == kZoneSea ? 0.0 : in.dcr_km;

  // One scan over the profile (propagation/models/path_scan.h) for the profile analysis and the
  // Bullington maxima of the actual profile at ae and abeta: §3.2, the radio profile g_i = h_i +
  // R_i at every intermediate point (the terminals at ground height)
  path_scan::Input si;
  si.d_km = dk;
  si.h_m = h.data();
  si.R_m = p.R_m.empty() ? nullptr : p.R_m.data();
  si.n = n;
  si.hts_m = r.hts_m;
  si.hrs_m = r.hrs_m;
  si.ae_km = r.ae_km;
  si.ab_km = r.ab_km;
  si.g_lo_km = 0.0;
  si.g_hi_km = r.d_km;
  path_scan::Result ps;
  path_scan::scan(si, ps);
  profile_analysis(dk, h.data(), n, ps, r);

  // Interpolation factors
  constexpr double kTheta = 0.3;
  constexpr double kXi = 0.8;
  r.Fj = 1.0 - 0.5 * (1.0 + std::tanh(3.0 * kXi * (r.theta_mrad - kTheta) / kTheta));  // eq. (57)
  constexpr double kDsw = 20.0;
  constexpr double kKappa = 0.5;
  r.Fk = 1.0 - 0.5 * (1.0 + std::tanh(3.0 * kKappa * (r.d_km - kDsw) / kDsw));    // eq. (58)
  r.Fi = pc >= r.b0_percent ? rc.I_p / inv_cum_norm(r.b0_percent / 100.0) : 1.0;  // eq. (40)

  // §4.2 line of sight
  const double dfs =
      std::sqrt(r.d_km * r.d_km + std::pow((r.hts_m - r.hrs_m) / 1000.0, 2));  // eq. (8a)
  r.Lbfs = 92.4 + rc.twenty_log10_f + 20.0 * std::log10(dfs);                  // eq. (8)
  const double Es = 2.6 * (1.0 - std::exp(-0.1 * (r.dlt_km + r.dlr_km)));
  r.Lb0p = r.Lbfs + Es * rc.log10_p_50;                    // eqs. (9a), (10)
  r.Lb0b = r.Lbfs + Es * std::log10(r.b0_percent / 50.0);  // eqs. (9b), (11)

  // §4.3 diffraction: delta-Bullington (the P.452-18 §4.2 method, path_scan.h and
  // itu_r_p526_15.h), Lbulla over g from the scan's maxima, Lbulls over the zero-height smooth
  // profile, Ldsph of the smooth path
  const p526::Surface surface{in.pol, 22.0, 0.003,
                              r.omega};    // §4.3.3 land 22, 0.003 S/m; sea mix eq. (28)
  const double hts1 = r.hts_m - r.hstd_m;  // eq. (37a) (h_tc = h_ts)
  const double hrs1 = r.hrs_m - r.hsrd_m;  // eq. (37b) (h_rc = h_rs)
  const double lambda_m = rc.lambda_m;
  auto delta_bullington = [&](const path_scan::BullAcc& acc, double ap, double& Lbulla,
                              double& Lbulls, double& Ldsph) {
    Lbulla = path_scan::bullington_loss_dB(
        path_scan::finish_bullington(acc, r.hts_m, r.hrs_m, r.d_km), lambda_m,
        r.d_km);  // §4.3.1 over g, eq. (21)
    Lbulls = path_scan::bullington_loss_dB(
        path_scan::finish_bullington(path_scan::smooth_maxima(dk, n, ap, hts1, hrs1), hts1, hrs1,
                                     r.d_km),
        lambda_m, r.d_km);  // §4.3.1, all g_i = 0, eq. (21)
    Ldsph = p526::spherical_earth_loss_dB(r.d_km, hts1, hrs1, ap, f,
                                          surface);  // §4.3.2, eqs. (38a,b), (27)
    return Lbulla + std::max(Ldsph - Lbulls, 0.0);   // eq. (39)
  };
  r.Ld50 = delta_bullington(ps.acc_ae, r.ae_km, r.Lbulla, r.Lbulls, r.Ldsph);  // §4.3.5, ap = ae
  if (every_term || pc != 50.0) {
    double a, b, c;
    r.Ldb = delta_bullington(ps.acc_ab, r.ab_km, a, b, c);  // §4.3.5, ap = abeta
  }
  r.Ldp = pc == 50.0 ? r.Ld50 : r.Ld50 + r.Fi * (r.Ldb - r.Ld50);  // eq. (41)
  r.Lbd50 = r.Lbfs + r.Ld50;                                       // eq. (42)
  r.Lbd = r.Lb0p + r.Ldp;                                          // eq. (43)

  // §4.6 combination
  r.Lminb0p = pc < r.b0_percent ? r.Lb0p + (1.0 - r.omega) * r.Ldp  // eq. (59), p < b0
                                : r.Lbd50 + (r.Lb0b + (1.0 - r.omega) * r.Ldp - r.Lbd50) *
                                                r.Fi;  // eq. (59), p >= b0
  r.Lba = ducting_loss_dB(r, rc, dct, dcr, pc, tau);   // eq. (46)
  constexpr double kEta = 2.5;
  r.Lminbap = kEta * std::log(std::exp(r.Lba / kEta) + std::exp(r.Lb0p / kEta));  // eq. (60)
  r.Lbda = r.Lminbap <= r.Lbd ? r.Lminbap + (r.Lbd - r.Lminbap) * r.Fk : r.Lbd;   // eq. (61)
  r.Lbam = r.Lbda + (r.Lminb0p - r.Lbda) * r.Fj;                                  // eq. (62)

  // §4.4 troposcatter
  if (in.troposcatter == Troposcatter::P1812_7) {
    // -7 step 1: the common volume, and the terrain (bare ground, m amsl) under it
    r.dtcv_km = common_volume_distance_km(r.d_km, r.theta_t_mrad, r.theta_r_mrad, r.hts_m, r.hrs_m,
                                          r.ae_km);
    const double h_cv_m = terrain_height_at_m(dk, h.data(), n, r.dtcv_km);
    r.Lbs = troposcatter_p1812_7_dB(f, pc, r.d_km, r.theta_t_mrad, r.theta_r_mrad, r.hts_m, r.hrs_m,
                                    r.ae_km, in.N0, in.dN, in.Gt_dBi, in.Gr_dBi, h_cv_m);
  } else {
    r.Lbs = 190.1 + rc.Lf + 20.0 * std::log10(r.d_km) + 0.573 * r.theta_mrad - 0.15 * in.N0 -
            rc.tropo_p;  // eqs. (44), (45)
  }

  r.Lbc =
      -5.0 * std::log10(std::pow(10.0, -0.2 * r.Lbs) + std::pow(10.0, -0.2 * r.Lbam));  // eq. (63)

  // §4.7 location variability (0 for a receiver at sea), §4.9 eq. (69), §4.10 eq. (70)
  r.Lloc = zone_at(p, n - 1) == kZoneSea ? 0.0 : rc.Lloc_land;
  r.Lb = std::max(r.Lb0p, r.Lbc + r.Lloc);         // eq. (69)
  r.Ep_dBuVm = 199.36 + rc.twenty_log10_f - r.Lb;  // eq. (70)
  r.Ep_Ptx_dBuVm = r.Ep_dBuVm + rc.ten_log10_Ptx;
  return r;
}

}  // namespace

Result basic_transmission_loss(const Profile& p, const Inputs& in, std::span<double> scratch) {
  return transmission_loss(p, in, run_constants(in), scratch, true);
}

Result basic_transmission_loss(const Profile& p, const Inputs& in, const RunConstants& rc,
                               std::span<double> scratch) {
  return transmission_loss(p, in, rc, scratch, true);
}

double basic_transmission_loss_dB(const Profile& p, const Inputs& in, const RunConstants& rc,
                                  std::span<double> scratch) {
  return transmission_loss(p, in, rc, scratch, false).Lb;
}

}  // namespace akichi::prop::p1812

// NTIA extended Hata: see ntia_ehata.h for the source and scope. Section names below are the
// NTIA/ehata source files; "Okumura" is Okumura, Ohmori, Kawano, Fukuda, Rev. Elec. Comm. Lab.
// 16 (1968); "TR" is NTIA TR-15-517 Appendix A.
#include "propagation/models/ntia_ehata.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <boost/math/special_functions/erf.hpp>

namespace akichi::prop::ehata {
namespace {

constexpr double kPi = 3.14159265358979323846;

double sq(double x) noexcept {
  return x * x;
}

// ---- FindAverageGroundHeight (TR §A.2 effective heights) -------------------------------------
void effective_heights(const double* z, int np, double step_m, double h_b_m, double h_m_m,
                       Intermediates& iv) noexcept {
  const double xi_km = step_m / 1000.0;
  const double d_km = np * xi_km;
  const int n3 = static_cast<int>(3.0 / xi_km);  // int(3 / xi): points within 3 km
  const int n15 = static_cast<int>(15.0 / xi_km);
  auto mean = [z](int i0, int i1) {
    double s = 0;
    for (int i = i0; i <= i1; ++i) s += z[i];
    return s / (i1 - i0 + 1);
  };
  if (d_km < 3.0) {  // both ends: the antenna height above local ground
    iv.h_avg_m[0] = z[0];
    iv.h_avg_m[1] = z[np];
    iv.h_m_eff_m = h_m_m;
    iv.h_b_eff_m = h_b_m;
  } else if (d_km <= 15.0) {  // 3 <= d <= 15 km: linear transition over 3..15 km
    const double w = (d_km - 3.0) / 12.0;
    const double mean_m = mean(n3, np);      // 3 km from the mobile .. base
    const double mean_b = mean(0, np - n3);  // mobile .. 3 km from the base
    iv.h_avg_m[0] = w * (z[0] - mean_m);
    iv.h_avg_m[1] = w * (z[np] - mean_b);
    iv.h_m_eff_m = h_m_m + iv.h_avg_m[0];
    iv.h_b_eff_m = h_b_m + iv.h_avg_m[1];
  } else {  // d > 15 km: mean ground 3..15 km from each terminal (Okumura §2.3)
    const double mean_m = mean(n3, n15);
    const double mean_b = mean(np - n15, np - n3);
    iv.h_avg_m[0] = z[0] - mean_m;
    iv.h_avg_m[1] = z[np] - mean_b;
    iv.h_m_eff_m = h_m_m + iv.h_avg_m[0];
    iv.h_b_eff_m = h_b_m + iv.h_avg_m[1];
  }
  // ExtendedHata: clamps of the Hata domain
  iv.h_m_eff_m = std::clamp(iv.h_m_eff_m, 1.0, 10.0);
  iv.h_b_eff_m = std::clamp(iv.h_b_eff_m, 30.0, 200.0);
}

// k-th largest value (0-based) of a[0..n-1], as NTIA FindQuantile selects it.
double kth_largest(double* a, int n, int k) noexcept {
  k = std::clamp(k, 0, n - 1);
  std::nth_element(a, a + k, a + n, std::greater<double>());
  return a[k];
}

// ---- ComputeTerrainStatistics (Okumura §2.4 (1)(b); TR short-path asymptote) ---------------
void terrain_statistics(const double* z, int np, double step_m, double* scratch,
                        Intermediates& iv) noexcept {
  const double xi_km = step_m / 1000.0;
  const double d_km = np * xi_km;
  // Δh over the 10 km next to the mobile, or the whole path when shorter.
  const int i_end = d_km < 10.0 ? np : std::min(np, static_cast<int>(10.0 / xi_km));
  const int npts = i_end + 1;
  const int i10 = static_cast<int>(0.1 * npts - 1);
  const int i50 = static_cast<int>(0.5 * npts - 1);
  const int i90 = static_cast<int>(0.9 * npts - 1);
  std::copy(z, z + npts, scratch);
  iv.pfl10_m = kth_largest(scratch, npts, i10);
  iv.pfl50_m = kth_largest(scratch, npts, i50);
  iv.pfl90_m = kth_largest(scratch, npts, i90);
  iv.deltah_m = iv.pfl10_m - iv.pfl90_m;
  if (d_km < 10.0) {  // TR: asymptotic Δh for paths shorter than 10 km
    const double factor = (1.0 - 0.8 * std::exp(-0.2)) / (1.0 - 0.8 * std::exp(-0.02 * d_km));
    iv.pfl10_m *= factor;
    iv.pfl50_m *= factor;
    iv.pfl90_m *= factor;
    iv.deltah_m *= factor;
  }
}

// ---- LeastSquares: trapezoid-weighted straight-line fit of z[0..n], values at both ends ----
void least_squares_ends(const double* z, int n, double* z0, double* zn) noexcept {
  if (n <= 0) {
    *z0 = *zn = z[0];
    return;
  }
  const double xa = n;
  double x = -0.5 * xa;
  const double centre = n + x;
  double a = 0.5 * (z[0] + z[n]);
  double b = 0.5 * (z[0] - z[n]) * x;
  for (int i = 1; i < n; ++i) {
    x += 1.0;
    a += z[i];
    b += z[i] * x;
  }
  a /= xa;
  b = b * 12.0 / ((xa * xa + 2.0) * xa);
  *z0 = a - b * centre;
  *zn = a + b * (n - centre);
}

// ---- MobileTerrainSlope (Okumura §4.3: mean slope over 5..10 km at the mobile) -------------
void mobile_slope(const double* z, int np, double step_m, Intermediates& iv) noexcept {
  const double d_m = np * step_m;
  iv.slope_max = -1.0e31;
  iv.slope_min = 1.0e31;
  double slope_five = 0.0;
  for (double x2 = 5000.0; d_m >= x2 && x2 <= 10000.0; x2 += 1000.0) {
    const int n = std::min(np, static_cast<int>(x2 / step_m));
    double z1 = 0, z2 = 0;
    least_squares_ends(z, n, &z1, &z2);
    const double slope = -1000.0 * (z2 - z1) / x2;  // mrad, Okumura sign (x1 = 0)
    iv.slope_min = std::min(iv.slope_min, slope);
    iv.slope_max = std::max(iv.slope_max, slope);
    if (x2 == 5000.0) slope_five = slope;
  }
  if (d_m <= 5000.0 || iv.slope_max * iv.slope_min < 0.0)
    iv.theta_m_mrad = slope_five;
  else
    iv.theta_m_mrad = iv.slope_max >= 0.0 ? iv.slope_max : iv.slope_min;
}

// ---- AnalyzeSeaPath: fraction of sea (elevation exactly 0) and the end it lies at ----------
void sea_path(const double* z, int np, Intermediates& iv) noexcept {
  const int mid = np / 2;
  int sea = 0, low = 0, high = 0;
  for (int i = 1; i <= np + 1; ++i) {  // i is the 1-based point number, as NTIA counts it
    if (z[i - 1] == 0.0) {
      ++sea;
      (i <= mid ? low : high) += 1;
    }
  }
  iv.beta = static_cast<double>(sea) / (np + 1);
  iv.iend_ov_sea = low > high ? 1 : (high > low ? 0 : -1);
}

// ---- FindHorizons (ITM-style horizon search with effective earth curvature gme) ------------
void find_horizons(const double* z, int np, double step_m, double gme, double d_m, double h1_m,
                   double h2_m, double d_hzn[2]) noexcept {
  const double za = z[0] + h1_m;
  const double zb = z[np] + h2_m;
  const double qc = 0.5 * gme;
  double q = qc * d_m;
  double theta1 = (zb - za) / d_m;
  double theta0 = theta1 - q;
  theta1 = -theta1 - q;
  d_hzn[0] = d_m;
  d_hzn[1] = d_m;
  if (np < 2) return;
  double sa = 0, sb = d_m;
  bool wq = true;
  for (int i = 1; i < np; ++i) {
    sa += step_m;
    sb -= step_m;
    q = z[i] - (qc * sa + theta0) * sa - za;
    if (q > 0) {
      theta0 += q / sa;
      d_hzn[0] = sa;
      wq = false;
    }
    if (!wq) {
      q = z[i] - (qc * sb + theta1) * sb - zb;
      if (q > 0) {
        theta1 += q / sb;
        d_hzn[1] = sb;
      }
    }
  }
}

// ---- SingleHorizonTest ---------------------------------------------------------------------
void horizon_test(const double* z, int np, double step_m, double h_m_m, double h_b_m,
                  Intermediates& iv) noexcept {
  const double d_m = np * step_m;
  double h_gnd = 0;
  for (int i = 0; i <= np; ++i) h_gnd += z[i];
  h_gnd /= (np + 1);
  const double en0 = 301.0;                            // surface refractivity N0
  const double ens = en0 * std::exp(-h_gnd / 9460.0);  // Ns at the mean ground height
  const double gma = static_cast<double>(157e-9f);     // actual earth curvature (1/m), as coded
  const double gme = gma * (1.0 - 0.04665 * std::exp(ens / 179.3));  // effective curvature
  find_horizons(z, np, step_m, gme, d_m, h_m_m, h_b_m, iv.d_hzn_m);
  const double d_diff = d_m - iv.d_hzn_m[0] - iv.d_hzn_m[1];
  const double q = std::max(d_diff - 0.5 * step_m, 0.0) - std::max(-d_diff - 0.5 * step_m, 0.0);
  if (q != 0.0) {
    iv.single_horizon = false;
    return;
  }
  iv.single_horizon = true;
  const int iedge = static_cast<int>(iv.d_hzn_m[0] / step_m);
  // Ridge height above the terminal-to-terminal line, with the end weights as the NTIA code
  // applies them (za: base end, zb: mobile end), plus the earth bulge.
  const double za = h_b_m + z[np];
  const double zb = h_m_m + z[0];
  iv.hedge_tilda_m = z[iedge] - (za * iv.d_hzn_m[1] + zb * iv.d_hzn_m[0]) / d_m +
                     0.5 * gme * iv.d_hzn_m[0] * iv.d_hzn_m[1];
  if (iv.hedge_tilda_m < 0.0) iv.hedge_tilda_m = 0.0;
}

// ---- IsolatedRidgeCorrectionFactor (Okumura §4.2, Fig. 31 curves A/B/C) --------------------
double isolated_ridge_dB(double d1_km, double d2_km, double h_edge_m) noexcept {
  static constexpr double d_1[3] = {15.0, 30.0, 60.0};
  static constexpr double d_2[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  static constexpr double curve[3][9] = {
      {4.0, -13.0, -17.5, -17.5, -15.0, -12.5, -10.0, -8.0, -6.0},  // C: d1 = 15 km
      {12.0, -8.5, -13.0, -12.0, -10.0, -8.0, -6.5, -5.0, -4.0},    // B: d1 = 30 km
      {20.0, -4.0, -6.5, -6.0, -4.5, -3.5, -2.5, -2.0, -1.0}};      // A: d1 = 60 km
  const double alpha = std::sqrt(h_edge_m / 200.0);  // Okumura eq. (1): ridge height factor
  const int id1 = d1_km >= d_1[1] ? 1 : 0;
  int id2 = 0;
  while (id2 < 7 && d2_km > d_2[id2 + 1]) ++id2;
  const double t2 = (d2_km - d_2[id2]) / (d_2[id2 + 1] - d_2[id2]);
  const double c1 = curve[id1][id2] + (curve[id1][id2 + 1] - curve[id1][id2]) * t2;
  const double c2 = curve[id1 + 1][id2] + (curve[id1 + 1][id2 + 1] - curve[id1 + 1][id2]) * t2;
  return alpha * (c1 + (c2 - c1) * (d1_km - d_1[id1]) / (d_1[id1 + 1] - d_1[id1]));
}

// ---- MedianRollingHillyTerrainCorrectionFactor (Okumura §4.1, Fig. 29 fit) -----------------
double median_rolling_hilly_dB(double deltah_m) noexcept {
  const double dh = std::max(deltah_m, 15.0);
  return -1.5072013 + std::log10(dh) * (8.458676 - 6.102538 * std::log10(dh));
}

// ---- FineRollingHillyTerrainCorrectionFactor (Okumura §4.1, Fig. 30 fit) -------------------
// As the current NTIA/ehata code: no correction for Δh < 10 m, and below the median ground
// height the correction goes linearly from 0 at pfl50 to -K_h at pfl90 (continuous).
double fine_rolling_hilly_dB(const Intermediates& iv, double h_m_gnd_m) noexcept {
  if (iv.deltah_m < 10.0) return 0.0;  // "deltaH must be at least 10 meters"
  const double dh = iv.deltah_m;
  const double K_h = -11.728795 + std::log10(dh) * (15.544272 - 1.8154766 * std::log10(dh));
  if (h_m_gnd_m >= iv.pfl10_m) return K_h;
  if (h_m_gnd_m <= iv.pfl90_m) return -K_h;
  if (h_m_gnd_m >= iv.pfl50_m) return K_h * (h_m_gnd_m - iv.pfl50_m) / (iv.pfl10_m - iv.pfl50_m);
  return -K_h * (iv.pfl50_m - h_m_gnd_m) / (iv.pfl50_m - iv.pfl90_m);
}

// ---- GeneralSlopeCorrectionFactor (Okumura §4.3, Fig. 34) ----------------------------------
double general_slope_dB(double theta_mrad, double d_km) noexcept {
  if (theta_mrad <= 0.0) {
    if (d_km <= 10.0) return theta_mrad * 0.25;
    if (d_km >= 30.0) return theta_mrad * 0.8;
    return theta_mrad * (0.25 + 0.05 * (0.8 - 0.25) * (d_km - 10.0));
  }
  if (d_km <= 10.0) return theta_mrad * 0.125;
  if (d_km >= 60.0) return theta_mrad * 0.6;
  if (d_km <= 30.0) return theta_mrad * (0.125 + 0.05 * (d_km - 10.0) * (0.35 - 0.125));
  return theta_mrad * (0.35 + (d_km - 30.0) * (0.6 - 0.35) / 30.0);
}

// ---- MixedPathCorrectionFactor (Okumura §4.4, Fig. 36 curves at 30 and 60 km) --------------
double mixed_path_dB(double d_km, const Intermediates& iv) noexcept {
  static constexpr double beta_30[10] = {0.0, 0.15, 0.35, 0.45, 0.6, 0.65, 0.725, 0.775, 0.85, 1.0};
  static constexpr double corr_30[2][10] = {{0, 1, 3, 4, 6, 7, 8, 9, 10, 11},
                                            {0, 4, 5.5, 7, 8.5, 9, 9.5, 9.8, 10.25, 11}};
  static constexpr double beta_60[10] = {0.0, 0.15, 0.3, 0.4, 0.5, 0.6, 0.725, 0.85, 0.9, 1.0};
  static constexpr double corr_60[2][10] = {{0, 2, 4, 5.5, 7, 9, 11, 13, 14, 15},
                                            {0, 4.25, 6.25, 9.2, 10.5, 11.75, 13, 14, 14.25, 15}};
  const double beta = iv.beta;
  if (beta == 0.0) return 0.0;  // no sea on the path
  int i30 = 0;
  while (i30 < 8 && beta > beta_30[i30 + 1]) ++i30;
  int i60 = 0;
  while (i60 < 8 && beta > beta_60[i60 + 1]) ++i60;
  auto at = [beta](const double* b, const double* c, int i) {
    return c[i] + (beta - b[i]) * (c[i + 1] - c[i]) / (b[i + 1] - b[i]);
  };
  auto curve = [&](const double* b, const double(*c)[10], int i) {
    if (iv.iend_ov_sea == 0 || iv.iend_ov_sea == 1) return at(b, c[iv.iend_ov_sea], i);
    return 0.5 * (at(b, c[0], i) + at(b, c[1], i));  // sea at both ends equally: mean
  };
  if (d_km <= 30.0) return curve(beta_30, corr_30, i30);
  if (d_km >= 60.0) return curve(beta_60, corr_60, i60);
  const double q30 = curve(beta_30, corr_30, i30);
  const double q60 = curve(beta_60, corr_60, i60);
  return q30 + (d_km - 30.0) / 30.0 * (q60 - q30);
}

}  // namespace

Environment environment_from_nlcd(int code) noexcept {
  if (code == 23 || code == 24) return Environment::Urban;
  if (code == 22) return Environment::Suburban;
  return Environment::Rural;
}

double median_basic_loss_dB(double f_MHz, double h_b_m, double h_m_m, double d_km, Environment env,
                            Intermediates* out) noexcept {
  // Wave number from the constants the NTIA code uses (c = 1/sqrt(eps0 mu0)).
  const double c = 1.0 / std::sqrt(8.854e-12 * 4.0e-7 * kPi);
  // TR eq. A-4a..c: urban reference attenuation 22 / 23.5 / 25.85 dB at 1.5 / 2 / 3 GHz, 1 km,
  // h_b = 200 m, h_m = 3 m; solved for alpha_1, beta_1, gamma_1.
  const double sr_1km = std::sqrt(1.0e6 + sq(200.0 - 3.0));
  const double htg_hb_ref = 13.82 * std::log10(200.0);
  const double htg_hm_ref = 3.2 * sq(std::log10(11.75 * 3.0)) - 4.97;  // Hata eq. (16), h_m = 3 m
  const double wn_1500 = 2.0 * kPi * 1.5e9 / c;
  const double gamma_1 = (3.85 / std::log10(2.0) - 1.5 / std::log10(4.0 / 3.0)) / std::log10(1.5);
  const double beta_1 = 20 + 1.5 / std::log10(4.0 / 3.0) - gamma_1 * std::log10(3.0e6);
  const double alpha_1 = 22 + htg_hb_ref + htg_hm_ref + 20 * std::log10(2.0 * wn_1500 * sr_1km) -
                         std::log10(1500.0) * (beta_1 + gamma_1 * std::log10(1500.0));
  // Suburban: 11.5 / 12.4 / 14 dB at 1.5 / 2 / 3 GHz.
  const double denom = std::log10(4.0 / 3.0) * std::log10(1.5) * std::log10(2.0);
  const double gamma_s = (2.5 * std::log10(4.0 / 3.0) - 0.9 * std::log10(2.0)) / denom;
  const double beta_s = (0.9 * std::log10(2.0) * std::log10(4.5e6) -
                         2.5 * std::log10(4.0 / 3.0) * std::log10(3.0e6)) /
                        denom;
  const double alpha_s = 11.5 - beta_s * std::log10(1.5e3) - gamma_s * sq(std::log10(1.5e3));
  // 100 km fit through 63.5 / 65.75 / 69.5 dB at 1.5 / 2 / 3 GHz (coefficients as published).
  const double alpha_100 = 120.78129, beta_100 = -52.714929, gamma_100 = 10.919011;
  // Distance exponent for 20..100 km (Okumura Fig. 12: n/2 = 2.5, 3, 3.22 at 24.5, 70, 200 m).
  const double tau = (0.72 * std::log10(70.0 / 24.5) - 0.5 * std::log10(200.0 / 24.5)) /
                     std::log10(70.0 / 24.5) / std::log10(200.0 / 70.0) / std::log10(200.0 / 24.5);
  const double sigma = 0.72 / std::log10(200.0 / 24.5) - tau * std::log10(200.0 * 24.5);
  const double rho = 2.5 - std::log10(24.5) * (sigma + tau * std::log10(24.5));

  const double lf = std::log10(f_MHz);
  const double suburban_factor = alpha_s + beta_s * lf + gamma_s * lf * lf;
  const double rural_factor = 40.94 - 18.33 * lf + 4.78 * lf * lf;  // Hata open area
  const double wnmh = 2.0e6 * kPi * f_MHz / c;
  const double term1 = lf * (beta_1 + gamma_1 * lf);
  const double att_1km =
      alpha_1 + term1 - htg_hb_ref - htg_hm_ref - 20.0 * std::log10(2.0 * wnmh * sr_1km);
  const double att_100km = alpha_100 + lf * (beta_100 + gamma_100 * lf);
  const double lhb = std::log10(h_b_m);
  const double term2 = -13.82 * lhb;
  const double n_h = 2.0 * (rho + lhb * (sigma + tau * lhb) - 1.0);  // long-distance exponent
  const double n_l = 0.1 * (44.9 - 6.55 * lhb) - 2.0;                // Hata exponent
  const double d_bp_km = std::pow(10.0, (2.0 * n_h + 0.1 * (att_1km - att_100km)) / (n_h - n_l));
  const double terma = -3.2 * sq(std::log10(11.75 * h_m_m)) + 4.97;  // -a(h_m), Hata large city
  const double sr_d = std::sqrt(1.0e6 * d_km * d_km + sq(h_b_m - h_m_m));  // slant range (m)
  double plb_urban;
  if (d_km <= d_bp_km)  // Hata exponent with the refitted intercept
    plb_urban = alpha_1 + term1 + term2 + terma + (44.9 - 6.55 * lhb) * std::log10(d_km);
  else  // long-distance exponent through the 100 km attenuation
    plb_urban = att_100km + htg_hb_ref + term2 + htg_hm_ref + terma - 20 * n_h +
                10.0 * n_h * std::log10(d_km) + 20.0 * std::log10(2.0 * wnmh * sr_d);
  if (out) {
    out->d_bp_km = d_bp_km;
    out->att_1km_dB = att_1km;
    out->att_100km_dB = att_100km;
  }
  switch (env) {
    case Environment::Urban:
      return plb_urban;
    case Environment::Suburban:
      return plb_urban - suburban_factor;
    case Environment::Rural:
      break;
  }
  return plb_urban - rural_factor;
}

double sigma_dB(double f_MHz, Environment env) noexcept {
  const double lf = std::log10(f_MHz);
  const double sigma_u = 4.0976291 - 1.2255656 * lf + 0.68350345 * lf * lf;  // Sigma_u
  return env == Environment::Urban ? sigma_u : sigma_u + 2.0;                // Sigma_r
}

double normal_upper_quantile(double q) noexcept {
  // P(Z > z) = q  <=>  z = sqrt(2) erfc^-1(2q)
  return std::sqrt(2.0) * boost::math::erfc_inv(2.0 * q);
}

double extended_hata_dB(const double* z_m, int np, double step_m, double f_MHz, double h_b_m,
                        double h_m_m, Environment env, double z_shift, double* scratch,
                        Intermediates* out) noexcept {
  Intermediates local;
  Intermediates& iv = out ? *out : local;
  iv = Intermediates{};
  // PreprocessTerrainPath
  effective_heights(z_m, np, step_m, h_b_m, h_m_m, iv);
  terrain_statistics(z_m, np, step_m, scratch, iv);
  mobile_slope(z_m, np, step_m, iv);
  sea_path(z_m, np, iv);
  horizon_test(z_m, np, step_m, h_m_m, h_b_m, iv);

  iv.d_km = np * step_m / 1000.0;
  iv.plb_median_dB = median_basic_loss_dB(f_MHz, iv.h_b_eff_m, iv.h_m_eff_m, iv.d_km, env, &iv);
  iv.sigma_dB = sigma_dB(f_MHz, env);
  iv.plb_variability_dB = iv.plb_median_dB - z_shift * iv.sigma_dB;  // Variability
  iv.mixed_path_dB = mixed_path_dB(iv.d_km, iv);
  if (iv.single_horizon) {
    // d1: horizon distance from the base, d2: from the mobile (Okumura Fig. 31 axes)
    iv.isolated_ridge_dB =
        isolated_ridge_dB(iv.d_hzn_m[1] * 0.001, iv.d_hzn_m[0] * 0.001, iv.hedge_tilda_m);
    return iv.plb_variability_dB - iv.isolated_ridge_dB - iv.mixed_path_dB;
  }
  iv.median_rolling_hilly_dB = median_rolling_hilly_dB(iv.deltah_m);
  iv.fine_rolling_hilly_dB = fine_rolling_hilly_dB(iv, z_m[0]);
  iv.general_slope_dB = general_slope_dB(iv.theta_m_mrad, iv.d_km);
  return iv.plb_variability_dB - iv.median_rolling_hilly_dB - iv.fine_rolling_hilly_dB -
         iv.general_slope_dB - iv.mixed_path_dB;
}

}  // namespace akichi::prop::ehata

// NTIA/ITS Irregular Terrain Model 1.2.2 -- see ntia_itm.h for scope and sources.
#include "propagation/models/ntia_itm.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <functional>

namespace akichi::prop::itm {
namespace {

using cplx = std::complex<double>;

constexpr double kPi = 3.1415926535897932384;
constexpr double kThird = 1.0 / 3.0;
constexpr double kSqrt2 = 1.4142135623730951;
constexpr double a_0_m = 6370e3;          // actual earth radius [Alg §4, Vogler eq. (2)]
constexpr double a_9000_m = 9000e3;       // reference radius of the effective distance [Alg (5.3)]
constexpr double gamma_a_per_m = 157e-9;  // curvature of the actual earth [Alg (2.2)]

// Fortran DIM: positive difference.
inline double dim(double x, double y) noexcept {
  return x > y ? x - y : 0.0;
}
inline double sq(double x) noexcept {
  return x * x;
}

/// The geometry shared by both modes, input to the Longley-Rice core.
struct Path {
  double theta_hzn[2];
  double d_hzn_m[2];
  double h_e_m[2];
  double h_m[2];   // structural heights
  double gamma_e;  // curvature of the effective earth (1/m)
  double N_s;      // surface refractivity
  double delta_h_m;
  double d_m;
  cplx Z_g;  // surface transfer impedance
  double f_MHz;
  bool p2p;
  const RunConstants* rc;  // the terms that depend only on the run's inputs
};

int validate_common(double h_tx_m, double h_rx_m, const ItmParams& p, double time, double location,
                    double situation, std::uint32_t& warnings) noexcept {
  if (!(h_tx_m >= 1.0 && h_tx_m <= 1000.0)) warnings |= kWarnTxTerminalHeight;
  if (!(h_tx_m >= 0.5 && h_tx_m <= 3000.0)) return kErrorTxTerminalHeight;
  if (!(h_rx_m >= 1.0 && h_rx_m <= 1000.0)) warnings |= kWarnRxTerminalHeight;
  if (!(h_rx_m >= 0.5 && h_rx_m <= 3000.0)) return kErrorRxTerminalHeight;
  if (p.climate < 1 || p.climate > 7) return kErrorInvalidRadioClimate;
  if (!(p.N_0 >= 250.0 && p.N_0 <= 400.0)) return kErrorRefractivity;
  if (!(p.f_MHz >= 40.0 && p.f_MHz <= 10000.0)) warnings |= kWarnFrequency;
  if (!(p.f_MHz >= 20.0 && p.f_MHz <= 20000.0)) return kErrorFrequency;
  if (p.pol != 0 && p.pol != 1) return kErrorPolarization;
  if (!(p.epsilon >= 1.0)) return kErrorEpsilon;
  if (!(p.sigma > 0.0)) return kErrorSigma;
  const int base = p.mdvar % 10;
  if (p.mdvar < 0 || p.mdvar > 33 || base > 3) return kErrorMdvar;
  if (!(situation > 0.0 && situation < 100.0)) return kErrorInvalidSituation;
  if (!(time > 0.0 && time < 100.0)) return kErrorInvalidTime;
  if (!(location > 0.0 && location < 100.0)) return kErrorInvalidLocation;
  return kSuccess;
}

/// Surface refractivity and effective earth curvature [Alg §2 eqs. (2.1), (2.2)].
void prepare_environment(double h_sys_m, const ItmParams& p, double& N_s,
                         double& gamma_e) noexcept {
  N_s = h_sys_m == 0.0 ? p.N_0 : p.N_0 * std::exp(-h_sys_m / 9460.0);  // [Alg (2.1)], [TN101 (4.3)]
  gamma_e = gamma_a_per_m * (1.0 - 0.04665 * std::exp(N_s / 179.3));   // [Alg (2.2)], [TN101 (4.4)]
}

/// Surface transfer impedance [Alg (2.3), (2.4)].
cplx ground_impedance(double f_MHz, const ItmParams& p) noexcept {
  const cplx eps_r(p.epsilon, 18000.0 * p.sigma / f_MHz);  // [Alg (2.3)]
  cplx Z_g = std::sqrt(eps_r - 1.0);                       // [Alg (2.4)] horizontal
  if (p.pol == 1) Z_g /= eps_r;                            // [Alg (2.4)] vertical
  return Z_g;
}

// ---------------------------------------------------------------------------------------------
// Terrain analysis [Alg §3, point-to-point]

/// Least-squares line through z[i_a..i_b] on the index grid, returned as its heights at the two
/// ends of the whole profile (distance 0 -> z_0, np xi -> z_n) [Alg §3, "zlsq1"]. The end points
/// of the fitted range weigh one half (trapezoidal sums).
void least_squares_fit(const double* z, int np, double xi_m, double x1_m, double x2_m, double& z_0,
                       double& z_n) noexcept {
  int i_a = static_cast<int>(dim(x1_m / xi_m, 0.0));
  int i_b = np - static_cast<int>(dim(np, x2_m / xi_m));
  if (i_b <= i_a) {
    i_a = static_cast<int>(dim(i_a, 1.0));
    i_b = np - static_cast<int>(dim(np, i_b + 1.0));
  }
  const double n = i_b - i_a;    // intervals in the fit
  double x = -0.5 * n;           // index relative to the middle of the range
  const double x_mid = i_b + x;  // index of the middle
  double a = 0.5 * (z[i_a] + z[i_b]);
  double b = 0.5 * (z[i_a] - z[i_b]) * x;
  for (int k = 2; k <= n; ++k) {
    ++i_a;
    x += 1.0;
    a += z[i_a];
    b += z[i_a] * x;
  }
  a /= n;                              // mean height
  b = b * 12.0 / ((n * n + 2.0) * n);  // slope per index
  z_0 = a - b * x_mid;
  z_n = a + b * (np - x_mid);
}

/// Horizons of both terminals over the profile [Alg §3 (3.8)-(3.9)], [TN101 (6.15)]: the
/// largest elevation angle of any profile point seen from each antenna on the effective earth.
void find_horizons(const ItmProfile& pf, double a_e_m, const double h_m[2], double theta[2],
                   double d_hzn[2]) noexcept {
  const int np = pf.np;
  const double xi = pf.xi_m;
  const double d = np * xi;
  const double z_tx = pf.z_m[0] + h_m[0];
  const double z_rx = pf.z_m[np] + h_m[1];
  theta[0] = (z_rx - z_tx) / d - d / (2.0 * a_e_m);  // line-of-sight values
  theta[1] = -(z_rx - z_tx) / d - d / (2.0 * a_e_m);
  d_hzn[0] = d;
  d_hzn[1] = d;
  // The points in blocks: the distances by the reference's running sums (one add per point
  // and end), then the elevations of a block with no dependence between points (so the
  // divisions run in vector registers), then the maxima in the reference's order (the first
  // point of the largest angle from each end). Every value is the reference's expression.
  constexpr int kBlock = 64;
  double dt[kBlock], dr[kBlock], tt[kBlock], tr[kBlock];
  const double two_a_e = 2.0 * a_e_m;
  double d_tx = 0.0;
  double d_rx = d;
  for (int i0 = 1; i0 < np; i0 += kBlock) {
    const int m = std::min(kBlock, np - i0);
    for (int k = 0; k < m; ++k) {
      d_tx += xi;
      d_rx -= xi;
      dt[k] = d_tx;
      dr[k] = d_rx;
    }
    const double* z = pf.z_m + i0;
    for (int k = 0; k < m; ++k) {
      tt[k] = (z[k] - z_tx) / dt[k] - dt[k] / two_a_e;
      tr[k] = -(z_rx - z[k]) / dr[k] - dr[k] / two_a_e;
    }
    for (int k = 0; k < m; ++k) {
      if (tt[k] > theta[0]) {
        theta[0] = tt[k];
        d_hzn[0] = dt[k];
      }
      if (tr[k] > theta[1]) {
        theta[1] = tr[k];
        d_hzn[1] = dr[k];
      }
    }
  }
}

/// Delta h from the terrain roughness at distance d: Delta h(d) = Delta h (1 - 0.8 e^{-d/50 km})
/// [Alg (3.6)], [ERL (3)].
inline double delta_h_at(double d_m, double delta_h) noexcept {
  return delta_h * (1.0 - 0.8 * std::exp(-d_m / 50e3));
}

/// RMS terrain deviation within the first Fresnel zone, sigma_h = 0.78 Dh e^{-(Dh)^{1/4}/2}
/// [Alg (4.45)], [ERL (3.6a)].
inline double sigma_h_m(double delta_h) noexcept {
  return 0.78 * delta_h * std::exp(-0.5 * std::pow(delta_h, 0.25));
}

/// Effective heights, horizons and Delta h of a profile [Alg §3 "qlrpfl"].
void analyse_profile(const ItmProfile& pf, double gamma_e, Path& path) noexcept {
  const int np = pf.np;
  const double d = np * pf.xi_m;
  path.d_m = d;
  const double a_e = 1.0 / gamma_e;
  find_horizons(pf, a_e, path.h_m, path.theta_hzn, path.d_hzn_m);

  // Terrain considered from the lesser of 15 antenna heights and 10 % of the horizon distance
  // from each end [Alg (3.10)], [TR82 p. 25].
  const double x1 = std::min(15.0 * path.h_m[0], 0.1 * path.d_hzn_m[0]);
  const double x2 = d - std::min(15.0 * path.h_m[1], 0.1 * path.d_hzn_m[1]);
  path.delta_h_m = delta_h_m(pf, x1, x2);

  double fit_tx = 0;
  double fit_rx = 0;
  if (path.d_hzn_m[0] + path.d_hzn_m[1] > 1.5 * d) {
    // Well within line of sight: effective heights from one fit over the whole path, horizons
    // re-estimated as in the area mode [Alg (3.11)-(3.13)].
    least_squares_fit(pf.z_m, np, pf.xi_m, x1, x2, fit_tx, fit_rx);
    path.h_e_m[0] = path.h_m[0] + dim(pf.z_m[0], fit_tx);
    path.h_e_m[1] = path.h_m[1] + dim(pf.z_m[np], fit_rx);
    for (int j = 0; j < 2; ++j) {
      path.d_hzn_m[j] = std::sqrt(2.0 * path.h_e_m[j] * a_e) *
                        std::exp(-0.07 * std::sqrt(path.delta_h_m / std::max(path.h_e_m[j], 5.0)));
    }
    const double d_L = path.d_hzn_m[0] + path.d_hzn_m[1];
    if (d_L <= d) {
      const double q = sq(d / d_L);
      for (int j = 0; j < 2; ++j) {
        path.h_e_m[j] *= q;
        path.d_hzn_m[j] =
            std::sqrt(2.0 * path.h_e_m[j] * a_e) *
            std::exp(-0.07 * std::sqrt(path.delta_h_m / std::max(path.h_e_m[j], 5.0)));
      }
    }
    for (int j = 0; j < 2; ++j) {
      const double d_Ls = std::sqrt(2.0 * path.h_e_m[j] * a_e);
      path.theta_hzn[j] =
          (0.65 * path.delta_h_m * (d_Ls / path.d_hzn_m[j] - 1.0) - 2.0 * path.h_e_m[j]) / d_Ls;
    }
  } else {
    // Trans-horizon: each effective height from a fit between the foreground start and 90 % of
    // that terminal's horizon distance [Alg (3.14)].
    double unused = 0;
    least_squares_fit(pf.z_m, np, pf.xi_m, x1, 0.9 * path.d_hzn_m[0], fit_tx, unused);
    path.h_e_m[0] = path.h_m[0] + dim(pf.z_m[0], fit_tx);
    least_squares_fit(pf.z_m, np, pf.xi_m, d - 0.9 * path.d_hzn_m[1], x2, unused, fit_rx);
    path.h_e_m[1] = path.h_m[1] + dim(pf.z_m[np], fit_rx);
  }
}

// ---------------------------------------------------------------------------------------------
// Reference attenuation [Alg §4]

/// Knife-edge attenuation A(v, 0) of the Fresnel integral, argument v^2 [Alg (4.21)],
/// [TN101 (III.24b,c)], [ERL (3.27)].
inline double fresnel_A_dB(double v2) noexcept {
  if (v2 < 5.76) return 6.02 + 9.11 * std::sqrt(v2) - 1.27 * v2;
  return 12.953 + 10.0 * std::log10(v2);
}

/// Double knife-edge diffraction over both horizons [Alg (4.19)-(4.22)], [TN101 (I.7)].
double knife_edge_dB(double d_m, const Path& p, double a_e, double theta_los) noexcept {
  const double d_ML = p.d_hzn_m[0] + p.d_hzn_m[1];
  const double theta_nlos = d_m / a_e - theta_los;  // [Alg (4.12)]
  const double d_nlos = d_m - d_ML;
  // v^2 = (k / 4 pi) theta^2 d_L d_nlos / (d_nlos + d_L), k = f / 47.7 MHz m; 1/(4 pi) = 0.0795775
  const double c = 0.0795775 * (p.f_MHz / 47.7) * sq(theta_nlos) * d_nlos;
  const double v1 = c * p.d_hzn_m[0] / (d_nlos + p.d_hzn_m[0]);
  const double v2 = c * p.d_hzn_m[1] / (d_nlos + p.d_hzn_m[1]);
  return fresnel_A_dB(v1) + fresnel_A_dB(v2);
}

/// Height-gain function F(x, K) of the smooth-earth diffraction [Alg (4.27)-(4.29)], [Vogler].
double height_gain_dB(double x, double K) noexcept {
  if (x < 200.0) {
    const double w = -std::log(K);
    if (K < 1e-5 || x * w * w * w > 5495.0) {
      double r = -117.0;
      if (x > 1.0) r += 17.372 * std::log(x);
      return r;
    }
    return 2.5e-5 * x * x / K - 8.686 * w - 15.0;
  }
  double r = 0.05751 * x - 4.343 * std::log(x);
  if (x < 2000.0) {
    const double w = 0.0134 * x * std::exp(-0.005 * x);
    r = (1.0 - w) * r + w * (17.372 * std::log(x) - 117.0);
  }
  return r;
}

/// Smooth-earth diffraction by Vogler's three-radii method [Alg (4.23)-(4.30)], [Vogler (2),
/// (3), (6a), (13)].
double smooth_earth_dB(double d_m, const Path& p, double a_e, double theta_los) noexcept {
  const double theta_nlos = d_m / a_e - theta_los;  // [Alg (4.12)]
  const double d_ML = p.d_hzn_m[0] + p.d_hzn_m[1];
  const double a[3] = {(d_m - d_ML) / (d_m / a_e - theta_los),  // [Alg (4.23)]
                       0.5 * sq(p.d_hzn_m[0]) / p.h_e_m[0],     // [Alg (4.24)], [Vogler (3)]
                       0.5 * sq(p.d_hzn_m[1]) / p.h_e_m[1]};
  const double d_km[3] = {a[0] * theta_nlos / 1000.0, p.d_hzn_m[0] / 1000.0, p.d_hzn_m[1] / 1000.0};
  const double f_third = std::pow(p.f_MHz, kThird);
  const double abs_Z = std::abs(p.Z_g);
  double x[3];
  double K[3];
  for (int i = 0; i < 3; ++i) {
    const double C_0 = std::pow((4.0 / 3.0) * a_0_m / a[i], kThird);  // [Vogler (2)]
    K[i] = 0.017778 * C_0 * std::pow(p.f_MHz, -kThird) / abs_Z;       // [Alg (4.25)], [Vogler (6a)]
    const double B_0 = 1.607 - K[i];             // [Alg (4.26)], [Vogler Fig. 4]
    x[i] = B_0 * C_0 * C_0 * f_third * d_km[i];  // [Alg (4.26)]
  }
  const double x_0 = x[0] + x[1] + x[2];
  const double G = 0.05751 * x_0 - 10.0 * std::log10(x_0);  // [Alg (4.28)], [Vogler (13)]
  return G - height_gain_dB(x[1], K[1]) - height_gain_dB(x[2], K[2]) - 20.0;  // [Alg (4.30)]
}

/// Diffraction attenuation at distance d: weighted knife-edge / smooth-earth plus clutter
/// [Alg (4.11)-(4.18)], [ERL (3.23), (3.38c)].
double diffraction_dB(double d_m, const Path& p, double a_e, double theta_los,
                      double d_sML) noexcept {
  const double A_k = knife_edge_dB(d_m, p, a_e, theta_los);
  const double A_r = smooth_earth_dB(d_m, p, a_e, theta_los);
  // Clutter factor from sigma_h at the smooth-earth line-of-sight distance [Alg (4.18)],
  // [ERL (3.38c), p. 3-13].
  const double sigma_h = sigma_h_m(delta_h_at(d_sML, p.delta_h_m));
  const double A_fo =
      std::min(15.0, 5.0 * std::log10(1.0 + 1e-5 * p.h_m[0] * p.h_m[1] * p.f_MHz * sigma_h));
  // Weighting factor w = 1 / (1 + 0.1 sqrt(Q)) [Alg (4.14)-(4.16)], [ERL (3.23)];
  // the point-to-point mode adds H_1 H_2 = 10 m^2 to the structural-height product [Alg (4.15)].
  const double delta_h_d = delta_h_at(d_m, p.delta_h_m);
  double q = p.h_m[0] * p.h_m[1];
  const double qk = p.h_e_m[0] * p.h_e_m[1] - q;
  if (p.p2p) q += 10.0;
  const double term = std::sqrt(1.0 + qk / q);
  const double d_ML = p.d_hzn_m[0] + p.d_hzn_m[1];
  q = (term + (-theta_los * a_e + d_ML) / d_m) * std::min(delta_h_d * p.f_MHz / 47.7, 6283.2);
  const double w = 25.1 / (25.1 + std::sqrt(q));
  return w * A_r + (1.0 - w) * A_k + A_fo;  // [Alg (4.11)]
}

/// Line-of-sight attenuation: two-ray with rough-earth reflection blended with the extended
/// diffraction line [Alg (4.43)-(4.51)].
double line_of_sight_dB(double d_m, const Path& p, double M_d, double A_d0, double d_sML) noexcept {
  const double sigma_h = sigma_h_m(delta_h_at(d_m, p.delta_h_m));
  const double k = p.f_MHz / 47.7;  // wave number (1/m)
  const double h_sum = p.h_e_m[0] + p.h_e_m[1];
  const double sin_psi = h_sum / std::sqrt(d_m * d_m + h_sum * h_sum);  // [Alg (4.46)]
  cplx R_e = (sin_psi - p.Z_g) / (sin_psi + p.Z_g) *
             std::exp(-std::min(10.0, k * sigma_h * sin_psi));  // [Alg (4.47)]
  const double q = std::norm(R_e);
  if (q < 0.25 || q < sin_psi) R_e *= std::sqrt(sin_psi / q);              // [Alg (4.48)]
  double delta_phi = k * 2.0 * p.h_e_m[0] * p.h_e_m[1] / d_m;              // [Alg (4.49)]
  if (delta_phi > kPi / 2.0) delta_phi = kPi - sq(kPi / 2.0) / delta_phi;  // [Alg (4.50)]
  const cplx rr = cplx(std::cos(delta_phi), -std::sin(delta_phi)) + R_e;
  const double A_t = -10.0 * std::log10(std::norm(rr));                          // [Alg (4.51)]
  const double A_d = M_d * d_m + A_d0;                                           // [Alg (4.44)]
  const double w = 1.0 / (1.0 + p.f_MHz * p.delta_h_m / std::max(10e3, d_sML));  // [Alg (4.43)]
  return w * A_t + (1.0 - w) * A_d;
}

/// F(theta d) of the troposcatter attenuation [Alg (6.9)].
double F_theta_d_dB(double td) noexcept {
  static constexpr double a[] = {133.4, 104.6, 71.8};
  static constexpr double b[] = {0.332e-3, 0.212e-3, 0.157e-3};
  static constexpr double c[] = {-10.0, -2.5, 5.0};
  const int i = td <= 10e3 ? 0 : (td <= 70e3 ? 1 : 2);
  return a[i] + b[i] * td + c[i] * std::log10(td);
}

/// H_01(r, j) curves of the frequency-gain function [Alg (6.13)].
double H01_dB(double r, int j) noexcept {
  static constexpr double a[] = {25.0, 80.0, 177.0, 395.0, 705.0};
  static constexpr double b[] = {24.0, 45.0, 68.0, 80.0, 105.0};
  const double u = 1.0 / r;
  return 10.0 * std::log10(1.0 + a[j] * u * u * u * u + b[j] * u * u);
}

/// Frequency-gain function H_0(r, eta_s), interpolated between the integer eta_s curves
/// [Alg (6.12)], [TN101 §9.2].
double H0_dB(double r, double eta_s) noexcept {
  eta_s = std::min(std::max(eta_s, 1.0), 5.0);
  const int i = static_cast<int>(eta_s);
  const double q = eta_s - i;
  double h = H01_dB(r, i - 1);
  if (q != 0.0) h = (1.0 - q) * h + q * H01_dB(r, i);
  return h;
}

/// Troposcatter attenuation at d [Alg (4.52)-(4.67)], [TN101 (9.3)-(9.5)]. `h0` carries H_0
/// between the two calls (at d_6 first, then d_5): a value above 15 dB at d_5 is replaced by
/// the one at d_6 [Alg p. 12]. Returns 1001 when r_1 and r_2 are both below 0.2 (undefined).
double troposcatter_dB(double d_m, const Path& p, double a_e, double theta_los,
                       double& h0) noexcept {
  const double k = p.f_MHz / 47.7;
  double H_0;
  if (h0 > 15.0) {
    H_0 = h0;
  } else {
    double ad = p.d_hzn_m[0] - p.d_hzn_m[1];
    double rr = p.h_e_m[1] / p.h_e_m[0];
    if (ad < 0.0) {
      ad = -ad;
      rr = 1.0 / rr;
    }
    const double theta = p.theta_hzn[0] + p.theta_hzn[1] + d_m / a_e;  // [Alg (4.53)]
    const double r_1 = 2.0 * k * theta * p.h_e_m[0];  // [Alg (4.56)], [TN101 (9.4a)]
    const double r_2 = 2.0 * k * theta * p.h_e_m[1];
    if (r_1 < 0.2 && r_2 < 0.2) return 1001.0;
    double s = (d_m - ad) / (d_m + ad);                      // [Alg (4.57)]
    const double q = std::min(std::max(0.1, rr / s), 10.0);  // [Alg (4.58)], truncation [Alg p. 16]
    s = std::max(0.1, s);
    const double h_0_m =
        (d_m - ad) * (d_m + ad) * theta * 0.25 / d_m;  // [Alg (4.59)], [TN101 (9.3b)]
    constexpr double Z_0_m = 1.7556e3;                 // [Alg (4.67)]
    constexpr double Z_1_m = 8.0e3;
    const double eta_s =
        (h_0_m / Z_0_m) *
        (1.0 + (0.031 - p.N_s * 2.32e-3 + sq(p.N_s) * 5.67e-6) *
                   std::exp(-std::pow(std::min(1.7, h_0_m / Z_1_m), 6)));  // [Alg (4.60)]
    const double H_00 = (H0_dB(r_1, eta_s) + H0_dB(r_2, eta_s)) / 2.0;     // [Alg (4.61)]
    const double dH_0 = std::min(
        H_00, 6.0 * (0.6 - std::log10(std::max(eta_s, 1.0))) * std::log10(s) * std::log10(q));
    H_0 = std::max(H_00 + dH_0, 0.0);  // [Alg (4.62)], [TN101 (9.5)]
    if (eta_s < 1.0) {                 // interpolate towards eta_s = 0
      H_0 = eta_s * H_0 + (1.0 - eta_s) * 10.0 *
                              std::log10(sq((1.0 + kSqrt2 / r_1) * (1.0 + kSqrt2 / r_2)) *
                                         (r_1 + r_2) / (r_1 + r_2 + 2.0 * kSqrt2));
    }
    if (H_0 > 15.0 && h0 >= 0.0) H_0 = h0;
  }
  h0 = H_0;
  const double th = d_m / a_e - theta_los;
  constexpr double D_0_m = 40e3;  // [Alg (6.8)]
  constexpr double H_m = 47.7;    // [Alg (4.63)]
  return F_theta_d_dB(th * d_m) + 10.0 * std::log10(k * H_m * th * th * th * th) -
         0.1 * (p.N_s - 301.0) * std::exp(-th * d_m / D_0_m) + H_0;  // [Alg (4.63)]
}

/// The Longley-Rice reference attenuation [Alg §4 "lrprop"]: diffraction line through two
/// distances far in the diffraction region, line-of-sight fit below d_sML, troposcatter line
/// beyond the transition distance d_x. Adds warnings; returns an error code or kSuccess.
// Long: the reference code's "lrprop" [Alg §4 (4.1)-(4.52)] in its own step order, by line.
int longley_rice(const Path& p, double& A_ref_dB, PropMode& mode,
                 std::uint32_t& warnings) noexcept {
  const double a_e = 1.0 / p.gamma_e;
  double d_Ls[2];
  for (int j = 0; j < 2; ++j) d_Ls[j] = std::sqrt(2.0 * p.h_e_m[j] * a_e);           // [Alg (4.1)]
  const double d_sML = d_Ls[0] + d_Ls[1];                                            // [Alg (4.2)]
  const double d_ML = p.d_hzn_m[0] + p.d_hzn_m[1];                                   // [Alg (4.3)]
  const double theta_los = -std::max(p.theta_hzn[0] + p.theta_hzn[1], -d_ML / a_e);  // [Alg (4.4)]

  if (std::abs(p.theta_hzn[0]) > 200e-3) warnings |= kWarnTxHorizonAngle;
  if (std::abs(p.theta_hzn[1]) > 200e-3) warnings |= kWarnRxHorizonAngle;
  if (p.d_hzn_m[0] < 0.1 * d_Ls[0]) warnings |= kWarnTxHorizonDistance1;
  if (p.d_hzn_m[1] < 0.1 * d_Ls[1]) warnings |= kWarnRxHorizonDistance1;
  if (p.d_hzn_m[0] > 3.0 * d_Ls[0]) warnings |= kWarnTxHorizonDistance2;
  if (p.d_hzn_m[1] > 3.0 * d_Ls[1]) warnings |= kWarnRxHorizonDistance2;

  if (p.N_s < 150.0) return kErrorSurfaceRefractivitySmall;
  if (p.N_s > 400.0) return kErrorSurfaceRefractivityLarge;
  if (p.N_s < 250.0) warnings |= kWarnSurfaceRefractivity;
  if (a_e < 4000000.0 || a_e > 13333333.0) return kErrorEffectiveEarth;
  if (p.Z_g.real() <= std::abs(p.Z_g.imag())) return kErrorGroundImpedance;

  // Diffraction line from d_3, d_4 [Alg (4.5)-(4.10)].
  const double X_ae = std::pow(a_e * a_e / p.f_MHz, kThird);
  const double d_3 = std::max(d_sML, d_ML + 5.0 * X_ae);
  const double d_4 = d_3 + 10.0 * X_ae;
  const double A_3 = diffraction_dB(d_3, p, a_e, theta_los, d_sML);
  const double A_4 = diffraction_dB(d_4, p, a_e, theta_los, d_sML);
  const double M_d = (A_4 - A_3) / (d_4 - d_3);
  const double A_d0 = A_3 - M_d * d_3;

  const double d_min = std::abs(p.h_e_m[0] - p.h_e_m[1]) / 200e-3;
  if (p.d_m < d_min) warnings |= kWarnPathDistanceTooSmall1;
  if (p.d_m < 1e3) warnings |= kWarnPathDistanceTooSmall2;
  if (p.d_m > 1000e3) warnings |= kWarnPathDistanceTooBig1;
  if (p.d_m > 2000e3) warnings |= kWarnPathDistanceTooBig2;

  double A_ref;
  if (p.d_m < d_sML) {
    // Line of sight: A_ref = A_o + k_1 d + k_2 ln(d) through d_0, d_1, d_sML [Alg (4.31)-(4.42)],
    // [ERL (3.16a), (3.16d), (3.19)-(3.21)].
    const double A_sML = d_sML * M_d + A_d0;
    double d_0 = 0.04 * p.f_MHz * p.h_e_m[0] * p.h_e_m[1];
    double d_1;
    if (A_d0 >= 0.0) {
      d_0 = std::min(d_0, 0.5 * d_ML);
      d_1 = d_0 + 0.25 * (d_ML - d_0);
    } else {
      d_1 = std::max(-A_d0 / M_d, 0.25 * d_ML);
    }
    const double A_1 = line_of_sight_dB(d_1, p, M_d, A_d0, d_sML);
    bool use_two_terms = false;
    double k_1 = 0.0;
    double k_2 = 0.0;
    if (d_0 < d_1) {
      const double A_0 = line_of_sight_dB(d_0, p, M_d, A_d0, d_sML);
      const double q = std::log(d_sML / d_0);
      k_2 = std::max(0.0,
                     ((d_sML - d_0) * (A_1 - A_0) - (d_1 - d_0) * (A_sML - A_0)) /
                         ((d_sML - d_0) * std::log(d_1 / d_0) - (d_1 - d_0) * q));  // [ERL (3.20)]
      use_two_terms = A_d0 > 0.0 || k_2 > 0.0;
      if (use_two_terms) {
        k_1 = (A_sML - A_0 - k_2 * q) / (d_sML - d_0);  // [ERL (3.21)]
        if (k_1 < 0.0) {
          k_1 = 0.0;
          k_2 = dim(A_sML, A_0) / q;
          if (k_2 == 0.0) k_1 = M_d;
        }
      }
    }
    if (!use_two_terms) {
      k_1 = dim(A_sML, A_1) / (d_sML - d_1);
      k_2 = 0.0;
      if (k_1 == 0.0) k_1 = M_d;
    }
    const double A_o = A_sML - k_1 * d_sML - k_2 * std::log(d_sML);
    A_ref = A_o + k_1 * p.d_m + k_2 * std::log(p.d_m);  // [ERL (3.19)]
    mode = PropMode::LineOfSight;
  } else {
    // Trans-horizon: troposcatter line from d_5, d_6 [Alg (4.52)-(4.55)].
    const double d_5 = d_ML + 200e3;
    const double d_6 = d_ML + 400e3;
    double h0 = -1.0;
    const double A_6 = troposcatter_dB(d_6, p, a_e, theta_los, h0);
    const double A_5 = troposcatter_dB(d_5, p, a_e, theta_los, h0);
    double M_s;
    double A_s0;
    double d_x;
    if (A_5 < 1000.0) {
      M_s = (A_6 - A_5) / 200e3;
      d_x = std::max(std::max(d_sML, d_ML + 1.088 * X_ae * p.rc->log_f),
                     (A_5 - A_d0 - M_s * d_5) / (M_d - M_s));
      A_s0 = (M_d - M_s) * d_x + A_d0;
    } else {
      M_s = M_d;
      A_s0 = A_d0;
      d_x = 10e6;
    }
    if (p.d_m > d_x) {
      A_ref = M_s * p.d_m + A_s0;
      mode = PropMode::Troposcatter;
    } else {
      A_ref = M_d * p.d_m + A_d0;
      mode = PropMode::Diffraction;
    }
  }
  A_ref_dB = std::max(A_ref, 0.0);
  return kSuccess;
}

// ---------------------------------------------------------------------------------------------
// Variability [Alg §5 "avar"]

/// Curve shape of [TN101 (III.69), (III.70)]: (c_1 + c_2 / (1 + ((d_e - x_2)/x_3)^2)) (d_e/x_1)^2
/// / (1 + (d_e/x_1)^2) [Alg (5.5)].
inline double curve(double c1, double c2, double x1, double x2, double x3, double d_e) noexcept {
  const double r = sq(d_e / x1);
  return (c1 + c2 / (1.0 + sq((d_e - x2) / x3))) * r / (1.0 + r);
}

// [Alg Table 5.1] and the curve constants of [TN101 Fig. 10.13], climates 1..7.
constexpr double all_year[5][7] = {{-9.67, -0.62, 1.26, -9.21, -0.62, -0.39, 3.15},
                                   {12.7, 9.19, 15.5, 9.05, 9.19, 2.86, 857.9},
                                   {144.9e3, 228.9e3, 262.6e3, 84.1e3, 228.9e3, 141.7e3, 2222.e3},
                                   {190.3e3, 205.2e3, 185.2e3, 101.1e3, 205.2e3, 315.9e3, 164.8e3},
                                   {133.8e3, 143.6e3, 99.8e3, 98.6e3, 143.6e3, 167.4e3, 116.3e3}};
constexpr double bsm1[] = {2.13, 2.66, 6.11, 1.98, 2.68, 6.86, 8.51};
constexpr double bsm2[] = {159.5, 7.67, 6.65, 13.11, 7.16, 10.38, 169.8};
constexpr double xsm1[] = {762.2e3, 100.4e3, 138.2e3, 139.1e3, 93.7e3, 187.8e3, 609.8e3};
constexpr double xsm2[] = {123.6e3, 172.5e3, 242.2e3, 132.7e3, 186.8e3, 169.6e3, 119.9e3};
constexpr double xsm3[] = {94.5e3, 136.4e3, 178.6e3, 193.5e3, 133.5e3, 108.9e3, 106.6e3};
constexpr double bsp1[] = {2.11, 6.87, 10.08, 3.68, 4.75, 8.58, 8.43};
constexpr double bsp2[] = {102.3, 15.53, 9.60, 159.3, 8.12, 13.97, 8.19};
constexpr double xsp1[] = {636.9e3, 138.7e3, 165.3e3, 464.4e3, 93.2e3, 216.0e3, 136.2e3};
constexpr double xsp2[] = {134.8e3, 143.7e3, 225.7e3, 93.1e3, 135.9e3, 152.0e3, 188.5e3};
constexpr double xsp3[] = {95.6e3, 98.6e3, 129.7e3, 94.2e3, 113.4e3, 122.7e3, 122.9e3};
constexpr double C_D[] = {1.224, 0.801, 1.380, 1.000, 1.224, 1.518, 1.518};
constexpr double z_D[] = {1.282, 2.161, 1.282, 20.0, 1.282, 1.282, 1.282};
constexpr double bfm1[] = {1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0};
constexpr double bfm2[] = {0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0};
constexpr double bfm3[] = {0.0, 0.0, 0.0, 0.0, 1.77, 0.0, 0.0};
constexpr double bfp1[] = {1.0, 0.93, 1.0, 0.93, 0.93, 1.0, 1.0};
constexpr double bfp2[] = {0.0, 0.31, 0.0, 0.19, 0.31, 0.0, 0.0};
constexpr double bfp3[] = {0.0, 2.00, 0.0, 1.79, 2.00, 0.0, 0.0};

/// Quantile A(q_T, q_L, q_S) - A_fs from the reference attenuation [Alg §5 (5.1)-(5.12)].
// Long: the reference code's "avar" [Alg §5 (5.1)-(5.12)] in its own step order, by line.
double variability_dB(const Path& p, double A_ref, int climate, int mdvar,
                      std::uint32_t& warnings) noexcept {
  const RunConstants& rc = *p.rc;
  double z_T = rc.z_T;
  double z_L = rc.z_L;
  const double z_S = rc.z_S;
  const int c = climate - 1;
  const double k = p.f_MHz / 47.7;

  // Effective distance [Alg (5.3)-(5.4)].
  const double d_ex =
      std::sqrt(2.0 * a_9000_m * p.h_e_m[0]) + std::sqrt(2.0 * a_9000_m * p.h_e_m[1]) + rc.d_ex_f;
  const double d_e = p.d_m < d_ex ? 130e3 * p.d_m / d_ex : 130e3 + p.d_m - d_ex;

  int md = mdvar;
  const bool no_situation = md >= 20;  // +20: direct situation variability removed [TR82]
  if (no_situation) md -= 20;
  const double sigma_S = no_situation ? 0.0 : 5.0 + 3.0 * std::exp(-d_e / 100e3);  // [Alg (5.10)]
  const bool no_location = md >= 10;  // +10: location variability removed
  if (no_location) md -= 10;

  const double V_med = curve(all_year[0][c], all_year[1][c], all_year[2][c], all_year[3][c],
                             all_year[4][c], d_e);  // [Alg (5.5)]
  if (md == 0) {                                    // single message: one deviate for all
    z_T = z_S;
    z_L = z_S;
  } else if (md == 1) {  // accidental (individual)
    z_L = z_S;
  } else if (md == 2) {  // mobile
    z_L = z_T;
  }  // 3 broadcast: independent
  if (std::abs(z_T) > 3.10 || std::abs(z_L) > 3.10 || std::abs(z_S) > 3.10) {
    warnings |= kWarnExtremeVariabilities;
  }

  // Location variability [Alg (5.9)].
  const double sigma_L = no_location ? 0.0
                                     : 10.0 * k * delta_h_at(p.d_m, p.delta_h_m) /
                                           (k * delta_h_at(p.d_m, p.delta_h_m) + 13.0);
  const double Y_L = sigma_L * z_L;

  // Time variability [Alg (5.6)-(5.8)].
  const double g_minus = rc.g_minus;
  const double g_plus = rc.g_plus;
  const double sigma_T_minus = curve(bsm1[c], bsm2[c], xsm1[c], xsm2[c], xsm3[c], d_e) * g_minus;
  const double sigma_T_plus = curve(bsp1[c], bsp2[c], xsp1[c], xsp2[c], xsp3[c], d_e) * g_plus;
  const double sigma_TD = C_D[c] * sigma_T_plus;
  const double tgtd = (sigma_T_plus - sigma_TD) * z_D[c];
  double sigma_T;
  if (z_T < 0.0) {
    sigma_T = sigma_T_minus;
  } else if (z_T <= z_D[c]) {
    sigma_T = sigma_T_plus;
  } else {
    sigma_T = sigma_TD + tgtd / z_T;
  }
  const double Y_T = sigma_T * z_T;

  // Combination [Alg (5.11)].
  const double S_temp = sq(sigma_S) + sq(Y_T) / (7.8 + sq(z_S)) + sq(Y_L) / (24.0 + sq(z_S));
  double Y_R;
  double Y_S;
  if (md == 0) {
    Y_R = 0.0;
    Y_S = std::sqrt(sq(sigma_T) + sq(sigma_L) + S_temp) * z_S;
  } else if (md == 1) {
    Y_R = Y_T;
    Y_S = std::sqrt(sq(sigma_L) + S_temp) * z_S;
  } else if (md == 2) {
    Y_R = std::sqrt(sq(sigma_T) + sq(sigma_L)) * z_T;
    Y_S = std::sqrt(S_temp) * z_S;
  } else {
    Y_R = Y_T + Y_L;
    Y_S = std::sqrt(S_temp) * z_S;
  }
  double A = A_ref - V_med - Y_R - Y_S;
  if (A < 0.0)
    A = A * (29.0 - A) / (29.0 - 10.0 * A);  // [Alg (5.12)] soft limit of negative values
  return A;
}

void fill_intermediate(const Path& p, double A_ref, double A_fs, PropMode mode,
                       ItmIntermediate& iv) noexcept {
  for (int j = 0; j < 2; ++j) {
    iv.theta_hzn[j] = p.theta_hzn[j];
    iv.d_hzn_m[j] = p.d_hzn_m[j];
    iv.h_e_m[j] = p.h_e_m[j];
  }
  iv.N_s = p.N_s;
  iv.delta_h_m = p.delta_h_m;
  iv.A_ref_dB = A_ref;
  iv.A_fs_dB = A_fs;
  iv.mode = mode;
}

/// The part shared by both modes after the geometry: core, free space, variability.
void finish(const Path& path, const ItmParams& p, ItmResult& r) noexcept {
  double A_ref = 0.0;
  PropMode mode = PropMode::NotSet;
  const int rc = longley_rice(path, A_ref, mode, r.warnings);
  if (rc != kSuccess) {
    r.rc = rc;
    return;
  }
  const double A_fs = 32.45 + path.rc->twenty_log10_f +
                      20.0 * std::log10(path.d_m / 1000.0);  // free_space_loss_dB()
  r.A_dB = A_fs + variability_dB(path, A_ref, p.climate, p.mdvar, r.warnings);
  fill_intermediate(path, A_ref, A_fs, mode, r.iv);
  r.rc = r.warnings != 0 ? kSuccessWithWarnings : kSuccess;
}

int cr_code(int rc) noexcept {
  if (rc == kErrorInvalidTime) return kErrorInvalidReliability;
  if (rc == kErrorInvalidSituation) return kErrorInvalidConfidence;
  return rc;
}

}  // namespace

ItmProfile profile_from_pfl(const double* pfl) noexcept {
  return ItmProfile{static_cast<int>(pfl[0]), pfl[1], pfl + 2};
}

double free_space_loss_dB(double d_m, double f_MHz) noexcept {
  return 32.45 + 20.0 * std::log10(f_MHz) + 20.0 * std::log10(d_m / 1000.0);
}

double inverse_ccdf(double q) noexcept {
  constexpr double C_0 = 2.515516;
  constexpr double C_1 = 0.802853;
  constexpr double C_2 = 0.010328;
  constexpr double D_1 = 1.432788;
  constexpr double D_2 = 0.189269;
  constexpr double D_3 = 0.001308;
  const double x = q > 0.5 ? 1.0 - q : q;
  const double t = std::sqrt(-2.0 * std::log(x));
  const double zeta = ((C_2 * t + C_1) * t + C_0) / (((D_3 * t + D_2) * t + D_1) * t + 1.0);
  const double z = t - zeta;
  return q > 0.5 ? -z : z;
}

std::pair<double, double> interdecile(const double* v, int n, int k) noexcept {
  const auto uk = static_cast<std::size_t>(k);
  const auto un = static_cast<std::size_t>(n);
  // The reference selects the k-th largest (q10) and the (n - k + 1)-th largest, that is the
  // k-th smallest (q90). Each is selected here among the few values that can be it: split the
  // n values into k strided groups (j mod k); the smallest of the groups' maxima, t_hi, has at
  // least k values at or above it (the maxima), so the k largest are all >= t_hi, and the k-th
  // largest of the values >= t_hi is the k-th largest of all. Likewise below the largest of the
  // groups' minima. The same order statistics, so the same values as a selection among all n;
  // on terrain profiles the candidates are some 2 k of the n = 10 k - 5.
  std::array<double, 25> g_max;
  std::array<double, 25> g_min;
  for (std::size_t r = 0; r < uk; ++r) g_max[r] = g_min[r] = v[r];
  for (std::size_t base = uk; base < un; base += uk) {
    const std::size_t m = std::min(uk, un - base);
    for (std::size_t r = 0; r < m; ++r) {
      const double x = v[base + r];
      g_max[r] = x > g_max[r] ? x : g_max[r];
      g_min[r] = x < g_min[r] ? x : g_min[r];
    }
  }
  double t_hi = g_max[0];
  double t_lo = g_min[0];
  for (std::size_t r = 1; r < uk; ++r) {
    t_hi = g_max[r] < t_hi ? g_max[r] : t_hi;
    t_lo = g_min[r] > t_lo ? g_min[r] : t_lo;
  }
  std::array<double, 245> hi;
  std::array<double, 245> lo;
  std::size_t n_hi = 0;
  std::size_t n_lo = 0;
  for (std::size_t j = 0; j < un; ++j) {  // without a branch per value
    const double x = v[j];
    hi[n_hi] = x;
    lo[n_lo] = x;
    n_hi += x >= t_hi ? 1 : 0;
    n_lo += x <= t_lo ? 1 : 0;
  }
  if (n_hi < uk || n_lo < uk) {
    // Only a NaN among the values does this (no order): select among all of them.
    std::copy_n(v, un, hi.begin());
    std::copy_n(v, un, lo.begin());
    n_hi = n_lo = un;
  }
  std::nth_element(hi.begin(), hi.begin() + (k - 1), hi.begin() + static_cast<std::ptrdiff_t>(n_hi),
                   std::greater<double>());
  std::nth_element(lo.begin(), lo.begin() + (k - 1),
                   lo.begin() + static_cast<std::ptrdiff_t>(n_lo));
  return {hi[uk - 1], lo[uk - 1]};
}

double delta_h_m(const ItmProfile& pf, double x1_m, double x2_m) noexcept {
  // Resample the profile between x1 and x2 at n = 10 k - 5 points, k the 10 % index (4..25)
  // [Alg (3.5)].
  double xa = x1_m / pf.xi_m;
  double xb = x2_m / pf.xi_m;
  if (xb - xa < 2.0) return 0.0;
  int k10 = static_cast<int>(0.1 * (xb - xa + 8.0));
  k10 = std::min(std::max(4, k10), 25);
  const int n = 10 * k10 - 5;
  std::array<double, 245> s{};  // n <= 245 values written below (zeroed: GCC -O1 cannot see it)
  const double sn = n - 1;
  const double step = (xb - xa) / sn;
  int i = static_cast<int>(xa);
  xa -= static_cast<double>(static_cast<float>(i + 1.0));
  for (int j = 0; j < n; ++j) {
    while (xa > 0.0 && i + 1 < pf.np) {
      xa -= 1.0;
      ++i;
    }
    s[static_cast<std::size_t>(j)] = pf.z_m[i + 1] + (pf.z_m[i + 1] - pf.z_m[i]) * xa;
    xa += step;
  }
  // Remove the least-squares line and take the interdecile range [Alg (3.6)].
  double f0 = 0;
  double fn = 0;
  least_squares_fit(s.data(), n - 1, 1.0, 0.0, sn, f0, fn);
  const double slope = (fn - f0) / sn;
  std::array<double, 245> dev;
  for (int j = 0; j < n; ++j) {
    dev[static_cast<std::size_t>(j)] = s[static_cast<std::size_t>(j)] - f0;
    f0 += slope;
  }
  const auto [q10, q90] = interdecile(dev.data(), n, k10);
  // Invert Delta h(d) = Delta h (1 - 0.8 e^{-d / 50 km}) [Alg (3.7)], [ERL (3)].
  return (q10 - q90) / (1.0 - 0.8 * std::exp(-(x2_m - x1_m) / 50e3));
}

RunConstants run_constants(const ItmParams& p, double time, double location,
                           double situation) noexcept {
  RunConstants c;
  c.f_MHz = p.f_MHz;
  c.epsilon = p.epsilon;
  c.sigma = p.sigma;
  c.pol = p.pol;
  c.climate = p.climate;
  c.mdvar = p.mdvar;
  c.time = time;
  c.location = location;
  c.situation = situation;
  c.Z_g = ground_impedance(p.f_MHz, p);  // [Alg (2.3), (2.4)]
  c.z_T = inverse_ccdf(time / 100.0);    // [Alg (5.1)]
  c.z_L = inverse_ccdf(location / 100.0);
  c.z_S = inverse_ccdf(situation / 100.0);
  const double k = p.f_MHz / 47.7;
  c.d_ex_f = std::pow(575.7e12 / k, kThird);  // [Alg (5.3)]
  if (p.climate >= 1 && p.climate <= 7) {
    const int cl = p.climate - 1;
    const double q = std::log(0.133 * k);  // [Alg (5.6)-(5.8)]
    c.g_minus = bfm1[cl] + bfm2[cl] / (sq(bfm3[cl] * q) + 1.0);
    c.g_plus = bfp1[cl] + bfp2[cl] / (sq(bfp3[cl] * q) + 1.0);
  }
  c.log_f = std::log(p.f_MHz);
  c.twenty_log10_f = 20.0 * std::log10(p.f_MHz);
  return c;
}

bool run_constants_match(const RunConstants& c, const ItmParams& p, double time, double location,
                         double situation) noexcept {
  return c.f_MHz == p.f_MHz && c.epsilon == p.epsilon && c.sigma == p.sigma && c.pol == p.pol &&
         c.climate == p.climate && c.mdvar == p.mdvar && c.time == time && c.location == location &&
         c.situation == situation;
}

ItmResult p2p_tls(double h_tx_m, double h_rx_m, const ItmProfile& pf, const ItmParams& p,
                  double time, double location, double situation) noexcept {
  return p2p_tls(h_tx_m, h_rx_m, pf, p, time, location, situation,
                 run_constants(p, time, location, situation));
}

ItmResult p2p_tls(double h_tx_m, double h_rx_m, const ItmProfile& pf, const ItmParams& p,
                  double time, double location, double situation, const RunConstants& rc) noexcept {
  ItmResult r;
  r.rc = validate_common(h_tx_m, h_rx_m, p, time, location, situation, r.warnings);
  if (r.rc != kSuccess) return r;
  if (pf.np < 2 || !(pf.xi_m > 0.0) || !std::isfinite(pf.xi_m) || pf.z_m == nullptr) {
    r.rc = kErrorProfile;
    return r;
  }
  const int np = pf.np;
  // Average path height above sea level, the first and last 10 % left out [Alg (2.1)].
  const int p10 = static_cast<int>(0.1 * np);
  double h_sys = 0.0;
  for (int i = p10; i <= np - p10; ++i) {
    if (!std::isfinite(pf.z_m[i])) {
      r.rc = kErrorProfile;
      return r;
    }
    h_sys += pf.z_m[i];
  }
  h_sys /= (np - 2 * p10 + 1);
  if (!std::isfinite(pf.z_m[0]) || !std::isfinite(pf.z_m[np])) {
    r.rc = kErrorProfile;
    return r;
  }

  Path path{};
  path.h_m[0] = h_tx_m;
  path.h_m[1] = h_rx_m;
  path.f_MHz = p.f_MHz;
  path.p2p = true;
  path.rc = &rc;
  path.Z_g = rc.Z_g;
  prepare_environment(h_sys, p, path.N_s, path.gamma_e);
  analyse_profile(pf, path.gamma_e, path);
  r.iv.d_km = path.d_m / 1000.0;
  finish(path, p, r);
  return r;
}

ItmResult p2p_cr(double h_tx_m, double h_rx_m, const ItmProfile& profile, const ItmParams& p,
                 double confidence, double reliability) noexcept {
  ItmResult r = p2p_tls(h_tx_m, h_rx_m, profile, p, reliability, 50.0, confidence);
  r.rc = cr_code(r.rc);
  return r;
}

ItmResult area_tls(double h_tx_m, double h_rx_m, int tx_siting, int rx_siting, double d_km,
                   double delta_h, const ItmParams& p, double time, double location,
                   double situation) noexcept {
  ItmResult r;
  r.rc = validate_common(h_tx_m, h_rx_m, p, time, location, situation, r.warnings);
  if (r.rc != kSuccess) return r;
  if (!(d_km > 0.0)) {
    r.rc = kErrorPathDistance;
    return r;
  }
  if (!(delta_h >= 0.0)) {
    r.rc = kErrorDeltaH;
    return r;
  }
  if (tx_siting < 0 || tx_siting > 2) {
    r.rc = kErrorTxSitingCriteria;
    return r;
  }
  if (rx_siting < 0 || rx_siting > 2) {
    r.rc = kErrorRxSitingCriteria;
    return r;
  }

  Path path{};
  path.h_m[0] = h_tx_m;
  path.h_m[1] = h_rx_m;
  path.f_MHz = p.f_MHz;
  path.p2p = false;
  path.delta_h_m = delta_h;
  path.d_m = d_km * 1000.0;
  const RunConstants rc = run_constants(p, time, location, situation);
  path.rc = &rc;
  path.Z_g = rc.Z_g;
  prepare_environment(0.0, p, path.N_s, path.gamma_e);
  const int siting[2] = {tx_siting, rx_siting};
  for (int j = 0; j < 2; ++j) {
    const double h = path.h_m[j];
    if (siting[j] == 0) {
      path.h_e_m[j] = h;  // random siting
    } else {
      double B = siting[j] == 1 ? 4.0 : 9.0;  // careful / very careful
      if (h < 5.0) B *= std::sin(0.1 * kPi * h);
      path.h_e_m[j] = h + (1.0 + B) * std::exp(-std::min(
                                          20.0, 2.0 * h / std::max(1e-3, delta_h)));  // [Alg (3.2)]
    }
    const double d_Ls = std::sqrt(2.0 * path.h_e_m[j] / path.gamma_e);
    path.d_hzn_m[j] =
        d_Ls * std::exp(-0.07 * std::sqrt(delta_h / std::max(path.h_e_m[j], 5.0)));  // [Alg (3.3)]
    path.theta_hzn[j] = (0.65 * delta_h * (d_Ls / path.d_hzn_m[j] - 1.0) - 2.0 * path.h_e_m[j]) /
                        d_Ls;  // [Alg (3.4)]
  }
  r.iv.d_km = d_km;
  finish(path, p, r);
  return r;
}

ItmResult area_cr(double h_tx_m, double h_rx_m, int tx_siting, int rx_siting, double d_km,
                  double delta_h, const ItmParams& p, double confidence,
                  double reliability) noexcept {
  ItmResult r = area_tls(h_tx_m, h_rx_m, tx_siting, rx_siting, d_km, delta_h, p, reliability, 50.0,
                         confidence);
  r.rc = cr_code(r.rc);
  return r;
}

const char* return_code_name(int rc) noexcept {
  switch (rc) {
    case kSuccess:
      return "SUCCESS";
    case kSuccessWithWarnings:
      return "SUCCESS_WITH_WARNINGS";
    case kErrorTxTerminalHeight:
      return "ERROR__TX_TERMINAL_HEIGHT";
    case kErrorRxTerminalHeight:
      return "ERROR__RX_TERMINAL_HEIGHT";
    case kErrorInvalidRadioClimate:
      return "ERROR__INVALID_RADIO_CLIMATE";
    case kErrorInvalidTime:
      return "ERROR__INVALID_TIME";
    case kErrorInvalidLocation:
      return "ERROR__INVALID_LOCATION";
    case kErrorInvalidSituation:
      return "ERROR__INVALID_SITUATION";
    case kErrorInvalidConfidence:
      return "ERROR__INVALID_CONFIDENCE";
    case kErrorInvalidReliability:
      return "ERROR__INVALID_RELIABILITY";
    case kErrorRefractivity:
      return "ERROR__REFRACTIVITY";
    case kErrorFrequency:
      return "ERROR__FREQUENCY";
    case kErrorPolarization:
      return "ERROR__POLARIZATION";
    case kErrorEpsilon:
      return "ERROR__EPSILON";
    case kErrorSigma:
      return "ERROR__SIGMA";
    case kErrorGroundImpedance:
      return "ERROR__GROUND_IMPEDANCE";
    case kErrorMdvar:
      return "ERROR__MDVAR";
    case kErrorEffectiveEarth:
      return "ERROR__EFFECTIVE_EARTH";
    case kErrorPathDistance:
      return "ERROR__PATH_DISTANCE";
    case kErrorDeltaH:
      return "ERROR__DELTA_H";
    case kErrorTxSitingCriteria:
      return "ERROR__TX_SITING_CRITERIA";
    case kErrorRxSitingCriteria:
      return "ERROR__RX_SITING_CRITERIA";
    case kErrorSurfaceRefractivitySmall:
      return "ERROR__SURFACE_REFRACTIVITY_SMALL";
    case kErrorSurfaceRefractivityLarge:
      return "ERROR__SURFACE_REFRACTIVITY_LARGE";
    case kErrorProfile:
      return "ERROR__PROFILE";
    default:
      return "UNKNOWN";
  }
}

std::string warning_names(std::uint32_t w) {
  static constexpr const char* names[] = {"WARN__TX_TERMINAL_HEIGHT",
                                          "WARN__RX_TERMINAL_HEIGHT",
                                          "WARN__FREQUENCY",
                                          "WARN__PATH_DISTANCE_TOO_BIG_1",
                                          "WARN__PATH_DISTANCE_TOO_BIG_2",
                                          "WARN__PATH_DISTANCE_TOO_SMALL_1",
                                          "WARN__PATH_DISTANCE_TOO_SMALL_2",
                                          "WARN__TX_HORIZON_ANGLE",
                                          "WARN__RX_HORIZON_ANGLE",
                                          "WARN__TX_HORIZON_DISTANCE_1",
                                          "WARN__RX_HORIZON_DISTANCE_1",
                                          "WARN__TX_HORIZON_DISTANCE_2",
                                          "WARN__RX_HORIZON_DISTANCE_2",
                                          "WARN__EXTREME_VARIABILITIES",
                                          "WARN__SURFACE_REFRACTIVITY"};
  std::string out;
  for (int b = 0; b < 15; ++b) {
    if (w & (1u << b)) {
      if (!out.empty()) out += '|';
      out += names[b];
    }
  }
  return out;
}

}  // namespace akichi::prop::itm

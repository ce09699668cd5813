// ITU-R P.452-18 Annex 1, clear-air prediction. See the header for scope.
#include "propagation/models/itu_r_p452_18.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <vector>

#include "base/errors.h"
#include "propagation/models/itu_r_p526_15.h"
#include "propagation/models/path_scan.h"

namespace akichi::prop::p452_18 {
namespace {

using path_scan::BullAcc;
constexpr double kRe_km = 6371.0;           // P.452-18 §3.2.1, mean earth radius
constexpr double kClutterGrace_km = 0.050;  // §3.2.1 Step 4: g_i = h_i within 50 m of a terminal

/// One gaseous-absorption state per (p, rho, T), shared between links: gas_state() is about
/// 80 exponentials and powers, the per-frequency sum is not. A few entries per thread.
const p676::GasState& cached_gas_state(double p_hPa, double rho, double T_K) noexcept {
  struct Entry {
    double p = -1, rho = -1, T = -1;
    p676::GasState state;
  };
  thread_local std::array<Entry, 4> cache;
  thread_local unsigned next = 0;
  for (const Entry& e : cache) {
    if (e.p == p_hPa && e.rho == rho && e.T == T_K) return e.state;
  }
  Entry& e = cache[next++ % cache.size()];
  e.p = p_hPa;
  e.rho = rho;
  e.T = T_K;
  e.state = p676::gas_state(p_hPa, rho, T_K);
  return e.state;
}

/// gamma = gamma_o + gamma_w of P.676-13 eq. (1) for an atmosphere of cached_gas_state() at
/// f_GHz, remembered per thread: the line-by-line sum (79 lines) is the same for every link of a
/// run (one frequency per station, one atmosphere per zone), and was a tenth of a link's time.
/// A GasState is a function of (p, e, theta) alone (p676::gas_state()), so an entry whose
/// (p, e, theta, f) equal the query's holds the very value specific_attenuation() gives.
double cached_gamma(const p676::GasState& s, double f_GHz) noexcept {
  struct Entry {
    double p = -1, e = -1, theta = -1, f = -1, gamma = 0;
  };
  thread_local std::array<Entry, 32> cache;
  thread_local unsigned next = 0;
  for (const Entry& c : cache) {
    if (c.f == f_GHz && c.p == s.p_hPa && c.e == s.e_hPa && c.theta == s.theta) return c.gamma;
  }
  Entry& c = cache[next++ % cache.size()];
  c.p = s.p_hPa;
  c.e = s.e_hPa;
  c.theta = s.theta;
  c.f = f_GHz;
  c.gamma = p676::specific_attenuation(s, f_GHz).total();
  return c.gamma;
}

/// The terms of evaluate() that depend on the frequency, the time percentage and the sum of the
/// antenna gains alone, remembered per thread for the last few (f, p, Gt + Gr) asked: the same
/// for every link of an area, a few for the stations of a point query, and a dozen logarithms,
/// powers and exponentials of each link's. Each is the expression evaluate() wrote out, on the
/// same operands: the same bits.
struct RunTerms {
  std::uint64_t f = ~0ull, p = ~0ull, gains = ~0ull;  ///< the key, as bits
  double log10f = 0;                                  ///< log10 f
  double log10_p50 = 0;                               ///< log10(p / 50), eqs. (10a), (11)
  double I_p = 0;                                     ///< I(p / 100), eq. (41a)
  double Lf = 0;                                      ///< eq. (45a)
  double Lc = 0;                                      ///< eq. (45b)
  double tropo_p = 0;                                 ///< 10.1 (-log10(p / 50))^0.7 of eq. (45)
  double cbrt_f = 0;                                  ///< f^(1/3), eqs. (48), (51)
};
const RunTerms& run_terms(double f, double p, double gains_dBi) noexcept {
  thread_local std::array<RunTerms, 8> cache;
  thread_local unsigned next = 0;
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  for (const RunTerms& t : cache)
    if (t.f == bits(f) && t.p == bits(p) && t.gains == bits(gains_dBi)) return t;
  RunTerms& t = cache[next++ % cache.size()];
  t.f = bits(f);
  t.p = bits(p);
  t.gains = bits(gains_dBi);
  t.log10f = std::log10(f);
  t.log10_p50 = std::log10(p / 50.0);
  t.I_p = inv_cum_norm(p / 100.0);
  t.Lf = 25.0 * t.log10f - 2.5 * std::pow(std::log10(f / 2.0), 2.0);
  t.Lc = 0.051 * std::exp(0.055 * gains_dBi);
  t.tropo_p = 10.1 * std::pow(-std::log10(p / 50.0), 0.7);
  t.cbrt_f = std::cbrt(f);
  return t;
}

/// Radio-climatic parameters of §3.2.1 from the zones of the profile, in one scan over the runs
/// of equal zone codes:
///   dtm (Step 3) the longest continuous land (coastal + inland) section, dlm (Step 3) the
///   longest continuous inland section, each extended by half a sample spacing at its ends as
///   the WP 3M reference does (at the start by half the spacing before its LAST point);
///   omega (Step 4) the fraction of the path over sea (sea sections with half spacings at both
///   ends, summed in profile order).
/// Runs are found eight zone codes at a time (one 64-bit compare against the run's code).
struct ZoneParameters {
  double dtm_km = 0, dlm_km = 0, omega = 0;
};

/// First index >= j whose zone differs from zc (n when none).
inline std::size_t run_end(const Zone* z, std::size_t j, std::size_t n, Zone zc) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    const std::uint64_t pattern = 0x0101010101010101ULL * static_cast<std::uint8_t>(zc);
    for (; j + 8 <= n; j += 8) {
      std::uint64_t word;
      std::memcpy(&word, z + j, sizeof word);
      const std::uint64_t diff = word ^ pattern;
      if (diff != 0) return j + static_cast<std::size_t>(std::countr_zero(diff)) / 8;
    }
  }
  while (j < n && z[j] == zc) ++j;
  return j;
}

ZoneParameters zone_parameters(const Path& path) noexcept {
  const double* d = path.d_km.data();
  const std::size_t n = path.d_km.size();
  ZoneParameters zp;
  // Step 3 section length with the reference's half spacings
  auto land_section = [&](std::size_t start, std::size_t stop) {
    double delta = 0.0;
    if (d[stop] < d[n - 1]) delta += (d[stop + 1] - d[stop]) / 2.0;
    if (d[start] > 0.0) delta += (d[stop] - d[stop - 1]) / 2.0;
    return d[stop] - d[start] + delta;
  };
  if (path.zone.empty()) {  // inland everywhere
    zp.dtm_km = zp.dlm_km = land_section(0, n - 1);
    return zp;
  }
  const Zone* z = path.zone.data();
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t land_start = kNone;  // start of the current land section
  double sea = 0.0;
  for (std::size_t i = 0; i < n;) {
    const Zone zc = z[i];
    const std::size_t stop = run_end(z, i + 1, n, zc) - 1;  // run [i, stop]
    if (zc == Zone::Sea) {
      if (land_start != kNone) zp.dtm_km = std::max(land_section(land_start, i - 1), zp.dtm_km);
      land_start = kNone;
      double delta = 0.0;  // Step 4: sea section with half spacings at both ends
      if (d[stop] < d[n - 1]) delta += (d[stop + 1] - d[stop]) / 2.0;
      if (d[i] > 0.0) delta += (d[i] - d[i - 1]) / 2.0;
      sea += d[stop] - d[i] + delta;
    } else {
      if (land_start == kNone) land_start = i;
      if (zc == Zone::Inland) zp.dlm_km = std::max(land_section(i, stop), zp.dlm_km);
    }
    i = stop + 1;
  }
  if (land_start != kNone) zp.dtm_km = std::max(land_section(land_start, n - 1), zp.dtm_km);
  zp.omega = sea / (d[n - 1] - d[0]);
  return zp;
}

/// Bullington loss Lbull (dB) from its geometry, eqs. (17)/(21), (22).
double bullington_loss(const BullingtonGeometry& g, double lambda_m, double dtot) noexcept {
  return path_scan::bullington_loss_dB(g.nu_sqrt_lambda, lambda_m, dtot);
}

}  // namespace

double inv_cum_norm(double x) noexcept {
  x = std::max(x, 0.000001);                                        // Attachment 3: x >= 1e-6
  const double tx = std::sqrt(-2.0 * std::log(x));                  // eq. (172a)
  constexpr double C0 = 2.515516698, C1 = 0.802853, C2 = 0.010328;  // eqs. (172c)-(172e)
  constexpr double D1 = 1.432788, D2 = 0.189269, D3 = 0.001308;     // eqs. (172f)-(172h)
  const double xi =
      ((C2 * tx + C1) * tx + C0) / (((D3 * tx + D2) * tx + D1) * tx + 1.0);  // eq. (172b)
  return xi - tx;                                                            // eq. (172)
}

namespace {

double tau_of(double dlm_km) noexcept {
  return 1.0 - std::exp(-(4.12e-4 * std::pow(dlm_km, 2.41)));  // eq. (3a)
}

/// beta0 of eqs. (2)-(4) with tau of eq. (3a) given.
double beta0_from_tau(double phi_deg, double dtm_km, double tau) noexcept {
  double mu1 = std::pow(
      std::pow(10.0, -dtm_km / (16.0 - 6.6 * tau)) + std::pow(10.0, -5.0 * (0.496 + 0.354 * tau)),
      0.2);                  // eq. (3)
  mu1 = std::min(mu1, 1.0);  // eq. (3): mu1 <= 1
  const double aphi = std::fabs(phi_deg);
  if (aphi <= 70.0) {
    const double mu4 = std::pow(10.0, (-0.935 + 0.0176 * aphi) * std::log10(mu1));  // eq. (4)
    return std::pow(10.0, -0.015 * aphi + 1.67) * mu1 * mu4;                        // eq. (2)
  }
  const double mu4 = std::pow(10.0, 0.3 * std::log10(mu1));  // eq. (4)
  return 4.17 * mu1 * mu4;                                   // eq. (2)
}

}  // namespace

double beta0_percent(double phi_deg, double dtm_km, double dlm_km) noexcept {
  return beta0_from_tau(phi_deg, dtm_km, tau_of(dlm_km));
}

double great_circle_latitude_deg(double phit_e_deg, double phit_n_deg, double phir_e_deg,
                                 double phir_n_deg, double dpnt_km) noexcept {
  constexpr double deg = std::numbers::pi / 180.0;
  // What depends on the two ends alone (the transmitter's latitude and the bearing), remembered
  // per thread for the last ends asked: an area's links are all given the same two points (the
  // engine's adapter places both ends at the study's latitude), and these are seven of the
  // function's ten trigonometric calls. The same expressions on the same operands: the same bits.
  struct Ends {
    std::uint64_t te = ~0ull, tn = ~0ull, re = ~0ull, rn = ~0ull;  ///< the key, as bits
    double st = 0, ct = 0, bt2r = 0;
  };
  thread_local Ends e;
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  if (e.te != bits(phit_e_deg) || e.tn != bits(phit_n_deg) || e.re != bits(phir_e_deg) ||
      e.rn != bits(phir_n_deg)) {
    const double dlon = (phir_e_deg - phit_e_deg) * deg;  // (H.2.1)
    const double st = std::sin(phit_n_deg * deg), ct = std::cos(phit_n_deg * deg);
    const double sr = std::sin(phir_n_deg * deg), cr = std::cos(phir_n_deg * deg);
    const double r = st * sr + ct * cr * std::cos(dlon);  // (H.2.2)
    const double x1 = sr - r * st;                        // (H.2.5a)
    const double y1 = ct * cr * std::sin(dlon);           // (H.2.5b)
    // (H.2.6) bearing Tx -> Rx; a zero-length path keeps the bearing the reference uses
    e.bt2r = (std::fabs(x1) < 1e-9 && std::fabs(y1) < 1e-9) ? phir_e_deg * deg : std::atan2(y1, x1);
    e.st = st;
    e.ct = ct;
    e.te = bits(phit_e_deg);
    e.tn = bits(phit_n_deg);
    e.re = bits(phir_e_deg);
    e.rn = bits(phir_n_deg);
  }
  const double st = e.st, ct = e.ct, bt2r = e.bt2r;
  const double phipnt = dpnt_km / kRe_km;                                           // (H.3.1)
  const double s = st * std::cos(phipnt) + ct * std::sin(phipnt) * std::cos(bt2r);  // (H.3.2)
  return std::asin(s) / deg;                                                        // (H.3.3)
}

bool avx2_kernel_available() noexcept {
  return path_scan::detail::cpu_has_avx2();
}

void analyse_path(const Path& path, PathAnalysis& a) {
  analyse_path(path, a, Kernel::Best);
}

// Long: P.452-18 §3.2.1, §4, Att. 2 §5.1 (eqs. (2)-(171)) in the Recommendation's step order.
void analyse_path(const Path& path, PathAnalysis& a, Kernel kernel) {
  const double* d = path.d_km.data();
  const double* h = path.h_m.data();
  const double* R = path.clutter_m.empty() ? nullptr : path.clutter_m.data();
  const std::size_t n = path.d_km.size();
  const double dtot = d[n - 1] - d[0];

  a.dtot_km = dtot;
  a.htg_m = path.htg_m;
  a.hrg_m = path.hrg_m;
  a.dct_km = path.dct_km;
  a.dcr_km = path.dcr_km;
  a.delta_N = path.delta_N;
  a.N0 = path.N0;

  // §3.2.1: radio-climatic parameters
  const ZoneParameters zp = zone_parameters(path);
  a.dtm_km = zp.dtm_km;  // Step 3, dtm
  a.dlm_km = zp.dlm_km;  // Step 3, dlm
  a.omega = zp.omega;    // Step 4, omega
  a.phi_centre_n_deg = great_circle_latitude_deg(path.phit_e_deg, path.phit_n_deg, path.phir_e_deg,
                                                 path.phir_n_deg, 0.5 * dtot);
  a.tau = tau_of(a.dlm_km);                                            // eq. (3a)
  a.b0_percent = beta0_from_tau(a.phi_centre_n_deg, a.dtm_km, a.tau);  // eq. (2)
  a.I_b0 = inv_cum_norm(a.b0_percent / 100.0);                         // eq. (41a)
  a.ae_km = kRe_km * p526::median_k_factor(path.delta_N);              // eqs. (5), (6a)
  a.ab_km = kRe_km * 3.0;                                              // eq. (6b), k_beta = 3

  const double hts = h[0] + path.htg_m;  // antenna heights above mean sea level
  const double hrs = h[n - 1] + path.hrg_m;
  a.hts_m = hts;
  a.hrs_m = hrs;
  const double dh_km = (hts - hrs) / 1000.0;
  a.d3d_km = std::sqrt(dtot * dtot + dh_km * dh_km);  // §4.1: distance between the antennas
  const double ae = a.ae_km;

  // The profile analysis in one scan over the interior points (propagation/models/path_scan.h:
  // pass 1 on the terrain heights and pass 2 on the radio profile fused, W points at a time in
  // vector registers; W = 4 with AVX2 when the CPU has it, else 2; bit-identical results). The
  // ground cover counts only on [50 m, dtot - 50 m] (§3.2.1 Step 4).
  path_scan::Input in;
  in.d_km = d;
  in.h_m = h;
  in.R_m = R;
  in.n = n;
  in.hts_m = hts;
  in.hrs_m = hrs;
  in.ae_km = ae;
  in.ab_km = a.ab_km;
  in.g_lo_km = kClutterGrace_km;
  in.g_hi_km = d[n - 1] - kClutterGrace_km;
  in.allow_avx2 = kernel == Kernel::Best;
  path_scan::Result so;
  path_scan::scan(in, so);
  const double hobs = so.hobs, aobt = so.aobt, aobr = so.aobr;
  const double xt_max = so.xt_max, xr_max = so.xr_max;
  const double Stim_h = so.Stim_h;  // eq. (14) on the terrain heights, for Fj of eq. (58)
  const BullAcc acc_ae = so.acc_ae, acc_ab = so.acc_ab;
  const double v1 = so.v1, v2 = so.v2;

  // Attachment 2 §5.1.6.2: least-squares smooth surface, eqs. (163), (164)
  a.hst_m = (2.0 * v1 * dtot - v2) / (dtot * dtot);
  a.hsr_m = (v2 - v1 * dtot) / (dtot * dtot);
  // §5.1.6.3: heights for the diffraction model, eqs. (166a)-(167d)
  double hstp = a.hst_m, hsrp = a.hsr_m;
  if (hobs > 0.0) {
    hstp = a.hst_m - hobs * aobt / (aobt + aobr);  // eqs. (166c), (166e)
    hsrp = a.hsr_m - hobs * aobr / (aobt + aobr);  // eqs. (166d), (166f)
  }
  a.hstd_m = std::min(hstp, h[0]);      // eqs. (167a), (167b)
  a.hsrd_m = std::min(hsrp, h[n - 1]);  // eqs. (167c), (167d)

  // Attachment 2 §4 / §5.1.1-5.1.3: path type, horizon angles and distances
  const double theta_max_t = 1000.0 * std::atan(xt_max);  // eq. (152)
  const double theta_td =
      1000.0 * std::atan((hrs - hts) / (1000.0 * dtot) - dtot / (2.0 * ae));  // eq. (153)
  const double theta_rd = 1000.0 * std::atan((hts - hrs) / (1000.0 * dtot) - dtot / (2.0 * ae));
  a.trans_horizon = theta_max_t > theta_td;  // eq. (150)
  std::size_t lt = 0, lr = 0;
  if (a.trans_horizon) {
    lt = path_scan::first_xt_max_point(so);
    lr = path_scan::last_xr_max_point(so);
    a.theta_t_mrad = theta_max_t;                                     // eq. (154)
    a.theta_r_mrad = std::max(1000.0 * std::atan(xr_max), theta_rd);  // eq. (157)
    a.dlt_km = d[lt];                                                 // eq. (155)
    a.dlr_km = dtot - d[lr];                                          // eq. (158)
  } else {
    a.theta_t_mrad = theta_td;  // §5.1.1, LoS
    a.theta_r_mrad = theta_rd;
    lt = path_scan::last_nu_max_point(so);  // §5.1.2: Bullington point
    a.dlt_km = d[lt];
    a.dlr_km = dtot - a.dlt_km;
    lr = lt;
  }
  a.theta_mrad = 1e3 * dtot / ae + a.theta_t_mrad + a.theta_r_mrad;  // eq. (159)

  // §5.1.6.4: effective heights and roughness for the ducting/layer-reflection model
  const double hst = std::min(a.hst_m, h[0]);      // eq. (168a)
  const double hsr = std::min(a.hsr_m, h[n - 1]);  // eq. (168b)
  const double m = (hsr - hst) / dtot;             // eq. (169)
  a.hte_m = path.htg_m + h[0] - hst;               // eq. (170a)
  a.hre_m = path.hrg_m + h[n - 1] - hsr;           // eq. (170b)
  // eq. (171): the largest height above the smooth surface between the horizon points
  a.hm_m = path_scan::max_height_above(d, h, lt, lr, hst, m, so.wide);

  // §4.2.1-4.2.3: Bullington geometry of the actual (g) and smooth profiles at ae and ab
  a.bull_a_ae = {path_scan::finish_bullington(acc_ae, hts, hrs, dtot)};
  a.bull_a_ab = {path_scan::finish_bullington(acc_ab, hts, hrs, dtot)};
  const double hts1 = hts - a.hstd_m;  // eq. (38a)
  const double hrs1 = hrs - a.hsrd_m;  // eq. (38b)
  // Pass 3, §4.2.3: the smooth profile (all heights zero) at ae and ab, by bisection on unimodal
  // functions (path_scan::smooth_maxima)
  const BullAcc s_ae = path_scan::smooth_maxima(d, n, ae, hts1, hrs1);
  const BullAcc s_ab = path_scan::smooth_maxima(d, n, a.ab_km, hts1, hrs1);
  a.bull_s_ae = {path_scan::finish_bullington(s_ae, hts1, hrs1, dtot)};
  a.bull_s_ab = {path_scan::finish_bullington(s_ab, hts1, hrs1, dtot)};

  // §4.5 eq. (58): Fj from the slope of eq. (14) over the terrain heights at ae (pass 1)
  const double Str = (hrs - hts) / dtot;  // eq. (15)
  a.Fj =
      1.0 -
      0.5 * (1.0 + std::tanh(3.0 * 0.8 * (Stim_h - Str) / 0.3));  // eq. (58): xi = 0.8, Theta = 0.3
  a.Fk =
      1.0 -
      0.5 * (1.0 + std::tanh(3.0 * 0.5 * (dtot - 20.0) / 20.0));  // eq. (59): kappa = 0.5, dsw = 20

  // Gaseous absorption (eq. (9) with ITU-R P.676 Annex 1)
  const double T_K = path.temperature_C + 273.15;
  a.gas_los = cached_gas_state(path.pressure_hPa, 7.5 + 2.5 * a.omega, T_K);  // eq. (9a)
  a.gas_tropo = cached_gas_state(path.pressure_hPa, 3.0, T_K);  // §4.3: rho = 3 g/m^3
}

// Long: P.452-18 §4.1-§4.5 (eqs. (8)-(64)) in the Recommendation's step order, checkable by line.
Losses evaluate(const PathAnalysis& a, const Radio& r) noexcept {
  Losses L;
  const double f = r.f_GHz;
  const double p = r.p_percent;
  const double dtot = a.dtot_km;
  const double lambda_m = p526::kLambdaTimesF_m_GHz / f;
  const RunTerms& run = run_terms(f, p, r.Gt_dBi + r.Gr_dBi);
  const double log10f = run.log10f;
  // I(p / 100) of Attachment 3, the numerator of eq. (41a) (used for p >= beta0 only)
  const double I_p = p >= a.b0_percent ? run.I_p : 0.0;

  // §4.1 line of sight, eqs. (8)-(12)
  const double gamma_los = cached_gamma(a.gas_los, f);
  const double Ag_los = gamma_los * a.d3d_km;                             // eq. (9), 3-D distance
  L.Lbfsg = 92.4 + 20.0 * log10f + 20.0 * std::log10(a.d3d_km) + Ag_los;  // eq. (8)
  const double Es = 2.6 * (1.0 - std::exp(-0.1 * (a.dlt_km + a.dlr_km)));
  L.Lb0p = L.Lbfsg + Es * run.log10_p50;                    // eqs. (10a), (11)
  L.Lb0b = L.Lbfsg + Es * std::log10(a.b0_percent / 50.0);  // eqs. (10b), (12)

  // §4.2 diffraction
  p526::Surface surface;
  surface.pol = r.pol == Polarization::Horizontal ? p526::Polarization::Horizontal
                                                  : p526::Polarization::Vertical;
  surface.sea_fraction = a.omega;
  const double hts1 = a.hts_m - a.hstd_m;                                          // eq. (39a)
  const double hrs1 = a.hrs_m - a.hsrd_m;                                          // eq. (39b)
  L.Ldsph = p526::spherical_earth_loss_dB(dtot, hts1, hrs1, a.ae_km, f, surface);  // §4.2.2 at ae
  const double Lbulla_ae = bullington_loss(a.bull_a_ae, lambda_m, dtot);
  const double Lbulls_ae = bullington_loss(a.bull_s_ae, lambda_m, dtot);
  L.Ld50 = Lbulla_ae + std::max(L.Ldsph - Lbulls_ae, 0.0);  // eq. (40) at ap = ae
  if (p == 50.0) {
    L.Ldp = L.Ld50;  // §4.2.4
  } else {
    const double Ldsph_b = p526::spherical_earth_loss_dB(dtot, hts1, hrs1, a.ab_km, f, surface);
    const double Ldb = bullington_loss(a.bull_a_ab, lambda_m, dtot) +
                       std::max(Ldsph_b - bullington_loss(a.bull_s_ab, lambda_m, dtot),
                                0.0);                  // eq. (40) at ap = ab
    const double Fi = p > a.b0_percent ? I_p / a.I_b0  // eq. (41a)
                                       : 1.0;          // eq. (41b)
    L.Ldp = L.Ld50 + Fi * (Ldb - L.Ld50);              // eq. (42)
  }
  L.Lbd50 = L.Lbfsg + L.Ld50;  // eq. (43)
  L.Lbd = L.Lb0p + L.Ldp;      // eq. (44)

  // §4.3 troposcatter, eqs. (45), (45a), (45b)
  const double Lf = run.Lf;                                     // eq. (45a)
  const double Lc = run.Lc;                                     // eq. (45b)
  const double Ag_tropo = cached_gamma(a.gas_tropo, f) * dtot;  // eq. (9), rho = 3
  L.Lbs = 190.0 + Lf + 20.0 * std::log10(dtot) + 0.573 * a.theta_mrad - 0.15 * a.N0 + Lc +
          Ag_tropo - run.tropo_p;  // eq. (45)

  // §4.4 ducting/layer reflection, eqs. (46)-(56a)
  {
    const double Alf = f < 0.5 ? 45.375 - 137.0 * f + 92.5 * f * f : 0.0;  // eq. (47a)
    const double cbrt_f = run.cbrt_f;
    const double tt1 = a.theta_t_mrad - 0.1 * a.dlt_km;  // eq. (48a)
    const double tr1 = a.theta_r_mrad - 0.1 * a.dlr_km;
    const double Ast = tt1 > 0.0 ? 20.0 * std::log10(1.0 + 0.361 * tt1 * std::sqrt(f * a.dlt_km)) +
                                       0.264 * tt1 * cbrt_f
                                 : 0.0;  // eq. (48)
    const double Asr = tr1 > 0.0 ? 20.0 * std::log10(1.0 + 0.361 * tr1 * std::sqrt(f * a.dlr_km)) +
                                       0.264 * tr1 * cbrt_f
                                 : 0.0;
    double Act = 0.0, Acr = 0.0;  // eqs. (49), (49a)
    if (a.omega >= 0.75 && a.dct_km <= a.dlt_km && a.dct_km <= 5.0) {
      Act =
          -3.0 * std::exp(-0.25 * a.dct_km * a.dct_km) * (1.0 + std::tanh(0.07 * (50.0 - a.hts_m)));
    }
    if (a.omega >= 0.75 && a.dcr_km <= a.dlr_km && a.dcr_km <= 5.0) {
      Acr =
          -3.0 * std::exp(-0.25 * a.dcr_km * a.dcr_km) * (1.0 + std::tanh(0.07 * (50.0 - a.hrs_m)));
    }
    const double Af = 102.45 + 20.0 * log10f + 20.0 * std::log10(a.dlt_km + a.dlr_km) + Alf + Ast +
                      Asr + Act + Acr;                            // eq. (47)
    const double gamma_d = 5e-5 * a.ae_km * cbrt_f;               // eq. (51)
    const double ttp = std::min(a.theta_t_mrad, 0.1 * a.dlt_km);  // eq. (52a)
    const double trp = std::min(a.theta_r_mrad, 0.1 * a.dlr_km);
    const double theta_p = 1e3 * dtot / a.ae_km + ttp + trp;  // eq. (52)
    double mu3 = 1.0;
    if (a.hm_m > 10.0) {
      const double dI = std::min(dtot - a.dlt_km - a.dlr_km, 40.0);   // eq. (56a)
      mu3 = std::exp(-4.6e-5 * (a.hm_m - 10.0) * (43.0 + 6.0 * dI));  // eq. (56)
    }
    const double tau = a.tau;  // eq. (3a)
    const double alpha =
        std::max(-0.6 - 3.5e-9 * std::pow(dtot, 3.1) * tau, -3.4);  // eq. (55a), >= -3.4
    const double sq = std::sqrt(a.hte_m) + std::sqrt(a.hre_m);
    const double mu2 = std::min(std::pow(500.0 / a.ae_km * dtot * dtot / (sq * sq), alpha),
                                1.0);              // eq. (55), <= 1
    const double beta = a.b0_percent * mu2 * mu3;  // eq. (54)
    const double lb = std::log10(beta);
    const double Gamma =
        1.076 / std::pow(2.0058 - lb, 1.012) *
        std::exp(-(9.51 - 4.8 * lb + 0.198 * lb * lb) * 1e-6 * std::pow(dtot, 1.13));  // eq. (53a)
    const double Ap = -12.0 + (1.2 + 3.7e-3 * dtot) * std::log10(p / beta) +
                      12.0 * std::pow(p / beta, Gamma);  // eq. (53)
    const double Adp = gamma_d * theta_p + Ap;           // eq. (50)
    const double Ag = gamma_los * dtot;                  // eq. (9), rho = 7.5 + 2.5 omega
    L.Lba = Af + Adp + Ag;                               // eq. (46)
  }

  // §4.5 the overall prediction, eqs. (57)-(64)
  if (p < a.b0_percent) {
    L.Lminb0p = L.Lb0p + (1.0 - a.omega) * L.Ldp;  // eq. (60), p < beta0
  } else {
    const double Fi = I_p / a.I_b0;  // eq. (41a)
    L.Lminb0p =
        L.Lbd50 + (L.Lb0b + (1.0 - a.omega) * L.Ldp - L.Lbd50) * Fi;  // eq. (60), p >= beta0
  }
  constexpr double eta = 2.5;
  const double mx = std::max(L.Lba, L.Lb0p);
  L.Lminbap = mx + eta * std::log(std::exp((L.Lba - mx) / eta) +
                                  std::exp((L.Lb0p - mx) / eta));               // eq. (61)
  L.Lbda = L.Lminbap > L.Lbd ? L.Lbd : L.Lminbap + (L.Lbd - L.Lminbap) * a.Fk;  // eq. (62)
  L.Lbam = L.Lbda + (L.Lminb0p - L.Lbda) * a.Fj;                                // eq. (63)
  const double mn = std::min(L.Lbs, L.Lbam);
  L.Lb = mn - 5.0 * std::log10(std::pow(10.0, -0.2 * (L.Lbs - mn)) +
                               std::pow(10.0, -0.2 * (L.Lbam - mn)));  // eq. (64)
  return L;
}

namespace {

[[noreturn]] void bad(std::string_view field, double found, std::string_view expected) {
  throw_input_error(InputLocation{}, field, fmt::format("{}", found), expected);
}

}  // namespace

void check_path(const Path& path) {
  const std::size_t n = path.d_km.size();
  if (n < 4) bad("p452.profile", static_cast<double>(n), "at least 4 points");
  if (path.h_m.size() != n)
    bad("p452.profile.h", static_cast<double>(path.h_m.size()), fmt::format("{} heights", n));
  if (!path.clutter_m.empty() && path.clutter_m.size() != n) {
    bad("p452.profile.clutter", static_cast<double>(path.clutter_m.size()),
        fmt::format("{} heights", n));
  }
  if (!path.zone.empty() && path.zone.size() != n) {
    bad("p452.profile.zone", static_cast<double>(path.zone.size()), fmt::format("{} zones", n));
  }
  if (path.d_km[0] != 0.0) bad("p452.profile.d", path.d_km[0], "0 at the transmitter");
  for (std::size_t i = 1; i < n; ++i) {
    if (!(path.d_km[i] > path.d_km[i - 1]))
      bad("p452.profile.d", path.d_km[i], "strictly increasing distances");
  }
  for (std::size_t i = 0; i < path.zone.size(); ++i) {
    const auto z = static_cast<int>(path.zone[i]);
    if (z < 1 || z > 3) bad("p452.profile.zone", z, "1 (coastal land), 2 (inland) or 3 (sea)");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(path.h_m[i])) bad("p452.profile.h", path.h_m[i], "a finite height in m");
    if (!path.clutter_m.empty() && !(path.clutter_m[i] >= 0.0))
      bad("p452.profile.clutter", path.clutter_m[i], "a height >= 0 m");
  }
  if (!(path.htg_m > 0.0)) bad("p452.htg", path.htg_m, "an antenna height > 0 m");
  if (!(path.hrg_m > 0.0)) bad("p452.hrg", path.hrg_m, "an antenna height > 0 m");
  if (!(path.dct_km >= 0.0)) bad("p452.dct", path.dct_km, "a distance >= 0 km");
  if (!(path.dcr_km >= 0.0)) bad("p452.dcr", path.dcr_km, "a distance >= 0 km");
  if (!(path.delta_N > 0.0 && path.delta_N < 157.0))
    bad("p452.delta_N", path.delta_N, "0 < dN < 157 N-units/km");
  if (!(path.N0 > 0.0 && path.N0 < 500.0)) bad("p452.N0", path.N0, "0 < N0 < 500 N-units");
  if (!(path.pressure_hPa > 0.0 && path.pressure_hPa <= 1200.0))
    bad("p452.pressure", path.pressure_hPa, "0 < pressure <= 1200 hPa");
  if (!(path.temperature_C > -100.0 && path.temperature_C < 70.0))
    bad("p452.temperature", path.temperature_C, "-100 < temperature < 70 deg C");
  if (!(std::fabs(path.phit_n_deg) <= 90.0))
    bad("p452.phit_n", path.phit_n_deg, "a latitude in [-90, 90] deg");
  if (!(std::fabs(path.phir_n_deg) <= 90.0))
    bad("p452.phir_n", path.phir_n_deg, "a latitude in [-90, 90] deg");
  if (!(std::fabs(path.phit_e_deg) <= 360.0))
    bad("p452.phit_e", path.phit_e_deg, "a longitude in [-360, 360] deg");
  if (!(std::fabs(path.phir_e_deg) <= 360.0))
    bad("p452.phir_e", path.phir_e_deg, "a longitude in [-360, 360] deg");
}

void check_radio(const Radio& r) {
  if (!(r.f_GHz >= 0.1 && r.f_GHz <= 50.0)) bad("p452.frequency", r.f_GHz, "0.1 <= f <= 50 GHz");
  if (!(r.p_percent >= 0.001 && r.p_percent <= 50.0))
    bad("p452.time_percent", r.p_percent, "0.001 <= p <= 50 %");
  if (r.pol != Polarization::Horizontal && r.pol != Polarization::Vertical) {
    bad("p452.pol", static_cast<int>(r.pol), "1 (horizontal) or 2 (vertical)");
  }
  if (!std::isfinite(r.Gt_dBi)) bad("p452.Gt", r.Gt_dBi, "a finite gain in dBi");
  if (!std::isfinite(r.Gr_dBi)) bad("p452.Gr", r.Gr_dBi, "a finite gain in dBi");
}

}  // namespace akichi::prop::p452_18

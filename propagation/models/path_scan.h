// The one-scan analysis of a terrain profile shared by the delta-Bullington models: ITU-R
// P.452-18 (Annex 1 §4.2, Attachment 2 §4-5), ITU-R P.1812-6 (Annex 1 §4.3, Attachment 1 §5.6)
// and ITU-R P.526-15 (§4.5). The three prescribe the same Bullington construction (P.452-18
// eqs. (14)-(22) = P.1812-6 eqs. (12)-(21) = P.526-15 §4.5), the same least-squares smooth
// surface with its obstruction correction (P.452-18 Att. 2 eqs. (161)-(167) = P.1812-6 eqs.
// (83)-(89)) and the same horizon elevation angles (P.452-18 Att. 2 eqs. (152), (157) = P.1812-6
// eqs. (77), (80)); one implementation computes them for all three:
//   - scan(): one pass over the interior points, W points at a time in vector registers
//     (path_scan_kernels.h: 4 lanes with AVX2 when the CPU has it, else 2; bit-identical), giving
//     every maximum and sum of the analysis and the points of the three maxima whose position is
//     needed afterwards;
//   - smooth_maxima(): the Bullington maxima of the zero-height smooth profile (§4.2.3), those
//     of eqs. (14), (18) around their peaks in closed form, that of eq. (16) by bisection (all
//     three functions proven unimodal);
//   - finish_bullington(), bullington_loss_dB(): eqs. (15)-(22) from the maxima.
// No transcendental function is taken per point: a horizon angle atan(x) is increasing in x, so
// the largest angle and its point are those of the largest argument x, and one atan is taken
// at the end by the caller; the diffraction parameter nu of eq. (16) is compared as nu |nu|
// lambda (a monotone map of nu, free of the wavelength), and one square root is taken at the
// end. Equation numbers below are those of P.452-18.
#pragma once

#include <cstddef>

#include "propagation/models/path_scan_kernels.h"

namespace akichi::prop::path_scan {

using detail::BullAcc;
using detail::kNegInf;

/// A profile and the geometry of the scan.
struct Input {
  const double* d_km = nullptr;  ///< distances from the transmitter (km), d_km[0] = 0, ascending
  const double* h_m = nullptr;   ///< terrain heights above mean sea level (m)
  /// Ground-cover heights R_i (m): the radio profile of the Bullington maxima is g_i = h_i + R_i
  /// at the interior points with g_lo_km <= d_i <= g_hi_km, h_i elsewhere; nullptr: g = h.
  const double* R_m = nullptr;
  std::size_t n = 0;            ///< points, >= 2
  double hts_m = 0, hrs_m = 0;  ///< antenna heights above mean sea level (m)
  double ae_km = 0;  ///< effective earth radius of eqs. (152), (157), (16) and of acc_ae (km)
  double ab_km = 0;  ///< effective earth radius of acc_ab (km)
  double g_lo_km = 0, g_hi_km = 0;
  bool allow_avx2 = true;  ///< false: the 2-lane kernel even on a CPU with AVX2
};

/// Maxima, sums and points of the scan over the interior points 1..n-2 (maxima -inf and points
/// 0 when there are none).
struct Result {
  double hobs = kNegInf, aobt = kNegInf, aobr = kNegInf;  ///< eqs. (165a)-(165d)
  double xt_max = kNegInf;    ///< largest tangent of the elevation from the transmitter, eq. (152)
  double xr_max = kNegInf;    ///< the same from the receiver, eq. (157)
  double nu_h_max = kNegInf;  ///< largest nu |nu| lambda of eq. (16) on h at ae (§5.1.2)
  double Stim_h = kNegInf;    ///< eq. (14) on h at ae
  BullAcc acc_ae, acc_ab;     ///< eqs. (14), (18), (16) on the radio profile g at ae and ab
  double v1 = 0, v2 = 0;      ///< eqs. (161), (162) over every segment
  bool wide = false;          ///< the 4-lane kernel ran
  // the per-point values of the three maxima whose point may be needed (the calling thread's
  // scratch, valid until its next scan), searched on demand by the functions below
  std::size_t n = 0;
  const double* xt_a = nullptr;
  const double* xr_a = nullptr;
  const double* nu_a = nullptr;
};

/// The scan. Uses thread-local scratch of three values per point that only grows (no
/// allocation once a thread has seen its longest profile); throws std::bad_alloc when it cannot
/// grow.
void scan(const Input& in, Result& out);

/// The points of the maxima (0 when there is no interior point), found only when asked (a path
/// needs those of eqs. (152), (157) beyond the horizon, that of eq. (16) within it): eq. (152)
/// the first point of highest elevation from the transmitter, eq. (157) the last from the
/// receiver, §5.1.2 the last point of highest nu (the LoS horizon point).
std::size_t first_xt_max_point(const Result& r) noexcept;
std::size_t last_xr_max_point(const Result& r) noexcept;
std::size_t last_nu_max_point(const Result& r) noexcept;

/// Eq. (171): the largest h_i - (hst + m d_i) over lt <= i <= lr (4 lanes when `wide`).
double max_height_above(const double* d_km, const double* h_m, std::size_t lt, std::size_t lr,
                        double hst_m, double m, bool wide) noexcept;

/// §4.2.3: the eqs. (14), (18), (16) maxima of the smooth profile (every height zero) with the
/// antennas hts1_m, hrs1_m above it, at the effective earth radius ap_km, over the interior
/// points of d_km[0..n-1] (d_km[0] = 0): when both are > 0 (the delta-Bullington case) around
/// the peaks, else over every point.
BullAcc smooth_maxima(const double* d_km, std::size_t n, double ap_km, double hts1_m,
                      double hrs1_m) noexcept;

/// Eqs. (15), (16), (19), (20) without the wavelength: the diffraction parameter of the
/// Bullington point times sqrt(lambda).
double finish_bullington(const BullAcc& a, double hts_m, double hrs_m, double dtot_km) noexcept;

/// Bullington loss Lbull (dB) from finish_bullington()'s value, eqs. (17)/(21), (22).
double bullington_loss_dB(double nu_sqrt_lambda, double lambda_m, double dtot_km) noexcept;

}  // namespace akichi::prop::path_scan

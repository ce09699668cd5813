// Vector kernels of the terrain-profile scan (propagation/models/path_scan.h): ITU-R P.452-18
// Attachment 2 §4-5 and §4.2.1 over the interior points of a profile, in one scan. Internal to
// path_scan.cpp; two instruction sets, bit-identical results (see scan_profile in
// path_scan_kernels.cpp).
#pragma once

#include <cstddef>
#include <limits>

namespace akichi::prop::path_scan::detail {

inline constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// Bullington slopes of §4.2.1 accumulated over a profile for one effective curvature.
struct BullAcc {
  double Stim = kNegInf;   // eq. (14)
  double Srim = kNegInf;   // eq. (18)
  double numax = kNegInf;  // sign-preserving square of eq. (16) times sqrt(lambda)
};

/// Inputs of the fused profile scan (Attachment 2 §4-5 and §4.2.1 over the interior points).
struct ScanIn {
  const double* d;  // distances (km)
  const double* h;  // terrain heights (m)
  const double* R;  // ground-cover heights (m), used only by the kernels with ground cover
  std::size_t n;
  double dtot, hts, hrs;
  double half_Ce;     // 1 / (2 ae) of eqs. (152), (157)
  double c_ae;        // earth curvature term of eq. (14) at ae, d_i (dtot - d_i) c
  double c_ab;        // the same at ab
  double inv_dtot;    // 1 / dtot
  double k_w;         // 0.002 dtot of eq. (16)
  double g_lo, g_hi;  // §3.2.1: ground cover counts on [g_lo, g_hi] only
  double* xt_a;       // per-point scratch: eq. (152), eq. (157), eq. (16) on h
  double* xr_a;
  double* nu_a;
};

/// Maxima and sums of the fused scan.
struct ScanOut {
  double hobs, aobt, aobr;  // eqs. (165a)-(165d)
  double xt_max, xr_max;    // eqs. (152), (157)
  double nu_h_max;          // eq. (16) on h at ae (LoS horizon point, §5.1.2)
  double Stim_h;            // eq. (14) on h at ae, for Fj of eq. (58)
  BullAcc acc_ae, acc_ab;   // eqs. (14), (18), (16) on the radio profile g at ae and ab
  double v1, v2;            // eqs. (161), (162)
};

/// The scan on the terrain heights only (g = h at every interior point) and with ground cover.
/// 2 lanes (SSE2); needs n >= 4.
void scan_sse2_h(const ScanIn& in, ScanOut& out) noexcept;
void scan_sse2_g(const ScanIn& in, ScanOut& out) noexcept;
/// The same on 4 lanes (AVX2 without FMA); call only when cpu_has_avx2(); needs n >= 6.
void scan_avx2_h(const ScanIn& in, ScanOut& out) noexcept;
void scan_avx2_g(const ScanIn& in, ScanOut& out) noexcept;
/// True when some R[i], i in [first, last), is not zero (a NaN counts as not zero).
bool any_nonzero_sse2(const double* R, std::size_t first, std::size_t last) noexcept;
bool any_nonzero_avx2(const double* R, std::size_t first, std::size_t last) noexcept;
/// Attachment 2 eq. (171): the largest h[i] - (hst + m d[i]) over i in [lt, lr], lt <= lr.
double hm_sse2(const double* d, const double* h, std::size_t lt, std::size_t lr, double hst,
               double m) noexcept;
double hm_avx2(const double* d, const double* h, std::size_t lt, std::size_t lr, double hst,
               double m) noexcept;
bool cpu_has_avx2() noexcept;

}  // namespace akichi::prop::path_scan::detail

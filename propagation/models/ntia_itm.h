// NTIA/ITS Irregular Terrain Model (ITM, Longley-Rice), version 1.2.2 of the algorithm, with the
// input checks, return codes and warning flags of the NTIA/ITS C++ reference implementation
// (github.com/NTIA/itm, v1.4, functionally identical to 1.2.2).
//
// Sources, cited beside the code:
//   [Alg]  G. A. Hufford, "The ITS Irregular Terrain Model, version 1.2.2 -- the Algorithm"
//          (NTIA/ITS, 1995/1999), equation numbers (x.y);
//   [TN101] Rice, Longley, Norton, Barsis, NBS Tech. Note 101 (1967), vol. I/II;
//   [ERL]  Longley & Rice, ESSA Tech. Report ERL 79-ITS 67 (1968);
//   [TR82] Hufford, Longley, Kissick, NTIA Report 82-100 (1982), area prediction mode;
//   [Vogler] L. E. Vogler, "Calculation of groundwave attenuation in the far diffraction region",
//          Radio Science 68D(7), 1964 (three-radii smooth-earth diffraction).
//   Codes: NTIA/itm ERRORS_AND_WARNINGS.md (return codes 0, 1, 1000-1022; warning bits).
//
// Implemented:
//   - input validation (ValidateInputs of the reference, plus the area-mode checks and the
//     checks inside the Longley-Rice core: surface refractivity, effective earth, impedance);
//   - point-to-point preparation from a terrain profile [Alg §3 "qlrpfl"]: average path height
//     and surface refractivity N_s, horizons, Delta h over the interpolated profile with the
//     least-squares line and the 10 %/90 % interdecile range, effective heights from the
//     least-squares fits, the line-of-sight (combined horizons > 1.5 d) re-estimation;
//   - area preparation [Alg §3, TR82]: effective heights from the siting criteria, horizon
//     distances and angles from Delta h;
//   - the reference attenuation [Alg §4]: line of sight (two-ray with rough-earth reflection
//     blended with the extended diffraction line), diffraction (knife-edge + Vogler smooth
//     earth, weighted, plus the clutter term), troposcatter (H_0 and F(theta d));
//   - the quantiles of variability [Alg §5]: climates 1-7, time / location / situation, mdvar
//     0-3 with the +10 (no location variability) and +20 (no direct situation variability)
//     options, and the confidence/reliability variant (time = reliability, location = 50,
//     situation = confidence).
// Not implemented: the inverse use of the model (finding a distance for a given loss), the
// "kwx" severity levels of the 1.2.2 Fortran (the NTIA codes replace them).
//
// Profiles follow the ITM "pfl" convention: np intervals of xi metres, np + 1 elevations in
// metres above mean sea level, z[0] under the transmitter and z[np] under the receiver.
#pragma once

#include <complex>
#include <cstdint>
#include <string>
#include <utility>

namespace akichi::prop::itm {

// Return codes (NTIA/itm ERRORS_AND_WARNINGS.md).
inline constexpr int kSuccess = 0;
inline constexpr int kSuccessWithWarnings = 1;
inline constexpr int kErrorTxTerminalHeight = 1000;
inline constexpr int kErrorRxTerminalHeight = 1001;
inline constexpr int kErrorInvalidRadioClimate = 1002;
inline constexpr int kErrorInvalidTime = 1003;
inline constexpr int kErrorInvalidLocation = 1004;
inline constexpr int kErrorInvalidSituation = 1005;
inline constexpr int kErrorInvalidConfidence = 1006;
inline constexpr int kErrorInvalidReliability = 1007;
inline constexpr int kErrorRefractivity = 1008;
inline constexpr int kErrorFrequency = 1009;
inline constexpr int kErrorPolarization = 1010;
inline constexpr int kErrorEpsilon = 1011;
inline constexpr int kErrorSigma = 1012;
inline constexpr int kErrorGroundImpedance = 1013;
inline constexpr int kErrorMdvar = 1014;
inline constexpr int kErrorEffectiveEarth = 1016;
inline constexpr int kErrorPathDistance = 1017;
inline constexpr int kErrorDeltaH = 1018;
inline constexpr int kErrorTxSitingCriteria = 1019;
inline constexpr int kErrorRxSitingCriteria = 1020;
inline constexpr int kErrorSurfaceRefractivitySmall = 1021;
inline constexpr int kErrorSurfaceRefractivityLarge = 1022;
/// Not an NTIA code: the profile has fewer than 2 intervals, a spacing xi <= 0, or a
/// non-finite value.
inline constexpr int kErrorProfile = 1100;

// Warning flags (bitwise; NTIA/itm ERRORS_AND_WARNINGS.md).
inline constexpr std::uint32_t kWarnTxTerminalHeight = 0x0001;       ///< h_tx outside 1..1000 m
inline constexpr std::uint32_t kWarnRxTerminalHeight = 0x0002;       ///< h_rx outside 1..1000 m
inline constexpr std::uint32_t kWarnFrequency = 0x0004;              ///< f outside 40..10000 MHz
inline constexpr std::uint32_t kWarnPathDistanceTooBig1 = 0x0008;    ///< d > 1000 km
inline constexpr std::uint32_t kWarnPathDistanceTooBig2 = 0x0010;    ///< d > 2000 km
inline constexpr std::uint32_t kWarnPathDistanceTooSmall1 = 0x0020;  ///< d < |h_e1 - h_e2| / 0.2
inline constexpr std::uint32_t kWarnPathDistanceTooSmall2 = 0x0040;  ///< d < 1 km
inline constexpr std::uint32_t kWarnTxHorizonAngle = 0x0080;         ///< |theta_hzn,tx| > 200 mrad
inline constexpr std::uint32_t kWarnRxHorizonAngle = 0x0100;         ///< |theta_hzn,rx| > 200 mrad
inline constexpr std::uint32_t kWarnTxHorizonDistance1 =
    0x0200;  ///< d_L,tx < 0.1 smooth-earth d_Ls
inline constexpr std::uint32_t kWarnRxHorizonDistance1 = 0x0400;    ///< d_L,rx < 0.1 d_Ls
inline constexpr std::uint32_t kWarnTxHorizonDistance2 = 0x0800;    ///< d_L,tx > 3 d_Ls
inline constexpr std::uint32_t kWarnRxHorizonDistance2 = 0x1000;    ///< d_L,rx > 3 d_Ls
inline constexpr std::uint32_t kWarnExtremeVariabilities = 0x2000;  ///< |z| > 3.10
inline constexpr std::uint32_t kWarnSurfaceRefractivity = 0x4000;   ///< 150 <= N_s < 250

enum class Polarization : int { Horizontal = 0, Vertical = 1 };

/// Radio climates of [Alg] Table 5.1 / [TR82].
enum class Climate : int {
  Equatorial = 1,
  ContinentalSubtropical = 2,
  MaritimeSubtropical = 3,
  Desert = 4,
  ContinentalTemperate = 5,
  MaritimeTemperateOverLand = 6,
  MaritimeTemperateOverSea = 7,
};

/// Propagation mode of the reference attenuation.
enum class PropMode : int { NotSet = 0, LineOfSight = 1, Diffraction = 2, Troposcatter = 3 };

/// The system and environment parameters shared by both modes (NTIA argument names).
struct ItmParams {
  int climate = 5;   ///< 1..7, see Climate
  double N_0 = 301;  ///< minimum monthly mean surface refractivity at sea level, 250..400 N-units
  double f_MHz = 0;  ///< frequency, 20..20000 MHz (warning outside 40..10000)
  int pol = 1;       ///< 0 horizontal, 1 vertical
  double epsilon = 15;   ///< relative permittivity of the ground, >= 1
  double sigma = 0.005;  ///< conductivity of the ground, S/m, > 0
  /// Mode of variability: 0 single message, 1 accidental, 2 mobile, 3 broadcast; + 10 removes
  /// location variability, + 20 removes direct situation variability (valid: 0-3, 10-13,
  /// 20-23, 30-33).
  int mdvar = 12;
};

/// Intermediate values, as the NTIA driver prints them.
struct ItmIntermediate {
  double theta_hzn[2] = {0, 0};  ///< horizon elevation angles (rad)
  double d_hzn_m[2] = {0, 0};    ///< horizon distances (m)
  double h_e_m[2] = {0, 0};      ///< effective heights (m)
  double N_s = 0;                ///< surface refractivity (N-units)
  double delta_h_m = 0;          ///< terrain irregularity parameter (m)
  double A_ref_dB = 0;           ///< reference attenuation (dB)
  double A_fs_dB = 0;            ///< free-space basic transmission loss (dB)
  double d_km = 0;               ///< path distance (km)
  PropMode mode = PropMode::NotSet;
};

struct ItmResult {
  int rc = kSuccess;           ///< kSuccess, kSuccessWithWarnings or an error code >= 1000
  std::uint32_t warnings = 0;  ///< warning flags
  double A_dB = 0;             ///< basic transmission loss (dB); meaningful only when rc < 1000
  ItmIntermediate iv;
  bool ok() const noexcept { return rc < 1000; }
};

/// A terrain profile in the ITM convention (no copy): np intervals of xi_m, z_m[0..np].
struct ItmProfile {
  int np = 0;
  double xi_m = 0;
  const double* z_m = nullptr;
};

/// View of an NTIA "pfl" array {np, xi, z_0, ..., z_np} (np read as an integer).
ItmProfile profile_from_pfl(const double* pfl) noexcept;

/// The terms of the model that depend only on the frequency, the ground, the climate, the mode
/// of variability and the quantiles (not on the path): the surface transfer impedance [Alg
/// (2.3), (2.4)], the standard normal deviates of the quantiles and the frequency and climate
/// terms of the variability [Alg §5], ln f and 20 log10 f. Computed once by run_constants()
/// and shared by every link of a run with these inputs (a station's tensor: one frequency).
struct RunConstants {
  // the inputs they were computed from (run_constants_match())
  double f_MHz = -1, epsilon = -1, sigma = -1;
  int pol = -1, climate = -1, mdvar = -1;
  double time = -1, location = -1, situation = -1;
  std::complex<double> Z_g;          ///< [Alg (2.4)]
  double z_T = 0, z_L = 0, z_S = 0;  ///< inverse_ccdf() of the three quantiles [Alg (5.1)]
  double d_ex_f = 0;                 ///< (575.7e12 / k)^(1/3) of [Alg (5.3)], k = f / 47.7
  double g_minus = 0, g_plus = 0;    ///< [Alg (5.6)-(5.8)] frequency factors of the climate
  double log_f = 0;                  ///< ln f_MHz [Alg (4.53)]
  double twenty_log10_f = 0;         ///< 20 log10 f_MHz of the free-space loss
};

/// The run constants of (p, time, location, situation); meaningful for valid inputs only.
RunConstants run_constants(const ItmParams& p, double time, double location,
                           double situation) noexcept;

/// True when `c` was computed from inputs equal to these in everything it depends on.
bool run_constants_match(const RunConstants& c, const ItmParams& p, double time, double location,
                         double situation) noexcept;

/// Point-to-point mode, variability by time / location / situation percentages.
/// @param h_tx_m, h_rx_m structural antenna heights above ground (0.5..3000 m; warning
///        outside 1..1000)
/// @param profile terrain profile, transmitter first (np >= 2, xi > 0)
/// @param time, location, situation percentages, each in (0, 100)
/// @return basic transmission loss in dB, code, warnings and intermediate values.
ItmResult p2p_tls(double h_tx_m, double h_rx_m, const ItmProfile& profile, const ItmParams& p,
                  double time, double location, double situation) noexcept;

/// p2p_tls() with the run constants of (p, time, location, situation) given.
ItmResult p2p_tls(double h_tx_m, double h_rx_m, const ItmProfile& profile, const ItmParams& p,
                  double time, double location, double situation, const RunConstants& rc) noexcept;

/// Point-to-point mode, variability by confidence / reliability percentages (0, 100):
/// p2p_tls with time = reliability, location = 50, situation = confidence; the time and
/// situation error codes become kErrorInvalidReliability / kErrorInvalidConfidence.
ItmResult p2p_cr(double h_tx_m, double h_rx_m, const ItmProfile& profile, const ItmParams& p,
                 double confidence, double reliability) noexcept;

/// Area prediction mode, variability by time / location / situation percentages.
/// @param tx_siting, rx_siting siting criteria: 0 random, 1 careful, 2 very careful
/// @param d_km path distance, > 0 km
/// @param delta_h_m terrain irregularity parameter, >= 0 m
ItmResult area_tls(double h_tx_m, double h_rx_m, int tx_siting, int rx_siting, double d_km,
                   double delta_h_m, const ItmParams& p, double time, double location,
                   double situation) noexcept;

/// Area mode with confidence / reliability (see p2p_cr).
ItmResult area_cr(double h_tx_m, double h_rx_m, int tx_siting, int rx_siting, double d_km,
                  double delta_h_m, const ItmParams& p, double confidence,
                  double reliability) noexcept;

/// The NTIA name of a return code ("SUCCESS", "ERROR__FREQUENCY", ...; "UNKNOWN" otherwise).
const char* return_code_name(int rc) noexcept;

/// The NTIA names of the set warning bits joined by '|' ("" when none).
std::string warning_names(std::uint32_t warnings);

// Building blocks, exposed for tests and for callers that need one step.

/// Free-space basic transmission loss, 32.45 + 20 log10(f_MHz) + 20 log10(d_km) dB.
double free_space_loss_dB(double d_m, double f_MHz) noexcept;

/// Inverse complementary normal distribution Q^-1(q), Abramowitz & Stegun 26.2.23
/// (|error| < 4.5e-4). @param q fraction in (0, 1)
double inverse_ccdf(double q) noexcept;

/// Terrain irregularity parameter Delta h (m) of profile between distances x1_m < x2_m from
/// the transmitter [Alg §3 eqs. (3.5)-(3.7)]: the profile is resampled at n points, a
/// least-squares line removed, and the interdecile range divided by 1 - 0.8 exp(-(x2-x1)/50 km).
double delta_h_m(const ItmProfile& profile, double x1_m, double x2_m) noexcept;

/// The interdecile values of delta_h_m(): {the k-th largest, the k-th smallest} of v[0..n)
/// (4 <= k, 10 k - 5 = n <= 245 as there; v without NaN), the same values as a selection among
/// all n (the reference's two std::nth_element) but selected among fewer.
std::pair<double, double> interdecile(const double* v, int n, int k) noexcept;

}  // namespace akichi::prop::itm

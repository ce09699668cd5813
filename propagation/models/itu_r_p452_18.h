// ITU-R P.452-18 (10/2023) "Prediction procedure for the evaluation of interference between
// stations on the surface of the Earth at frequencies above about 0.1 GHz", clear-air part.
// Implemented (Annex 1):
//   §3.2.1  radio-meteorological parameters: dtm, dlm (Step 3), omega (Step 4), beta0 (eqs.
//           (2)-(4)), effective earth radii ae, ab (eqs. (5), (6a), (6b)); the path-centre
//           latitude from the great-circle mid-point (ITU-R P.2001 Attachment H);
//   §4.1    line of sight with gaseous absorption (eqs. (8)-(12), Ag of eq. (9) from ITU-R P.676
//           Annex 1, rho = 7.5 + 2.5 omega, over the 3-D distance between the antennas);
//   §4.2    diffraction: delta-Bullington (§4.2.1-4.2.3, propagation/models/itu_r_p526_15.h for
//           the knife-edge and spherical-earth parts) and its time-percentage interpolation §4.2.4
//           (eqs. (41)-(44), I(x) of Attachment 3);
//   §4.3    troposcatter (eqs. (45), (45a), (45b); Ag with rho = 3 g/m^3);
//   §4.4    ducting/layer reflection (eqs. (46)-(56a));
//   §4.5    the overall prediction (eqs. (57)-(64)), Fj with the slope test of §4.2.1;
//   Attachment 2 §4-5 path profile analysis (ae, theta_t, theta_r, theta, dlt, dlr, hst, hsr,
//           hstd, hsrd, hte, hre, hm, path type), on the terrain heights h_i;
//   the ground-cover ("representative clutter") heights R_i of the profile: g_i = h_i + R_i is
//   used by the diffraction model (§4.2), except within 50 m of either terminal where g_i = h_i
//   (§3.2.1 Step 4 / "radio profile"), as in the ITU-R WP 3M reference implementation whose
//   validation set tests/validation/p452_18_reference_set_test.cpp reproduces at 1e-6 dB.
// Not implemented: the worst-month conversion (§3.2.1 Step 2; p is an annual percentage here),
// the ITU digital maps of dN and N0 (inputs here; propagation/models/itu_digital_maps.h reads
// the user's DN50.TXT / N050.TXT), §5 (hydrometeor scatter, Annex 1 §4.6
// of older editions).
//
// Profile: d_km[0..n-1] ascending with d_km[0] = 0 (the transmitter) and n >= 4.
#pragma once

#include <cstdint>
#include <span>

#include "propagation/models/itu_r_p676.h"

namespace akichi::prop::p452_18 {

enum class Polarization : std::uint8_t { Horizontal = 1, Vertical = 2 };

/// Radio-climatic zones of §3.2.1 Table 3 (codes as in the WP 3M profiles).
enum class Zone : std::uint8_t { CoastalLand = 1, Inland = 2, Sea = 3 };

/// Everything about a link that does not depend on frequency or time percentage.
struct Path {
  std::span<const double> d_km;           ///< distances from the transmitter (km), d[0] = 0, n >= 4
  std::span<const double> h_m;            ///< terrain heights above mean sea level (m)
  std::span<const double> clutter_m;      ///< representative clutter heights R_i (m); empty: none
  std::span<const Zone> zone;             ///< zone of each point; empty: inland everywhere
  double htg_m = 10;                      ///< transmitter antenna height above ground (m)
  double hrg_m = 10;                      ///< receiver antenna height above ground (m)
  double phit_e_deg = 0, phit_n_deg = 0;  ///< transmitter longitude, latitude (deg)
  double phir_e_deg = 0, phir_n_deg = 0;  ///< receiver longitude, latitude (deg)
  double dct_km = 500, dcr_km = 500;      ///< distances of the terminals from the coast (km, >= 0)
  double delta_N = 45;  ///< average radio-refractivity lapse rate dN (N-units/km, 0 < dN < 157)
  double N0 = 325;      ///< sea-level surface refractivity (N-units)
  double pressure_hPa = 1013.25;  ///< dry-air pressure (hPa)
  double temperature_C = 15;      ///< air temperature (deg C)
};

/// Bullington construction of §4.2.1 reduced to its frequency-independent part: the
/// diffraction parameter is nu = nu_sqrt_lambda / sqrt(lambda) (eqs. (16), (20)).
struct BullingtonGeometry {
  double nu_sqrt_lambda = 0;
};

/// The profile analysis (Attachment 2) and every frequency-independent term, computed in one
/// pass pair over the profile and shared by all sub-models and all (f, p, pol) of the link.
struct PathAnalysis {
  // Attachment 2 and §3.2.1 outputs, as named in the recommendation and the WP 3M files
  double ae_km = 0, ab_km = 0, dtot_km = 0, d3d_km = 0;
  double hts_m = 0, hrs_m = 0;
  double theta_t_mrad = 0, theta_r_mrad = 0, theta_mrad = 0;
  double hst_m = 0, hsr_m = 0, hstd_m = 0, hsrd_m = 0;
  double hm_m = 0, hte_m = 0, hre_m = 0;
  double dlt_km = 0, dlr_km = 0;
  bool trans_horizon = false;
  double dtm_km = 0, dlm_km = 0, b0_percent = 0, omega = 0;
  double phi_centre_n_deg = 0;
  double tau = 0;   ///< eq. (3a), shared by beta0 (eq. (3)) and the ducting model (eq. (55a))
  double I_b0 = 0;  ///< I(beta0 / 100) of Attachment 3, the denominator of eq. (41a)
  // copied inputs used later
  double dct_km = 0, dcr_km = 0, delta_N = 0, N0 = 0, htg_m = 0, hrg_m = 0;
  double Fj = 0;  ///< eq. (58), from the slopes of the terrain profile
  double Fk = 0;  ///< eq. (59)
  // delta-Bullington geometry at ae (median) and ab (beta0 time): actual profile g and smooth
  // profile
  BullingtonGeometry bull_a_ae, bull_s_ae, bull_a_ab, bull_s_ab;
  // gaseous absorption states (ITU-R P.676 Annex 1) for rho = 7.5 + 2.5 omega and rho = 3 g/m^3
  p676::GasState gas_los;
  p676::GasState gas_tropo;
};

/// Profile analysis of `path` into `out`. Inputs are assumed valid (see check_path()). Uses
/// thread-local scratch of three values per profile point that only grows (no allocation once
/// a thread has seen its longest profile); throws std::bad_alloc when it cannot grow.
void analyse_path(const Path& path, PathAnalysis& out);

/// Vector kernels of the profile analysis. Best: 4 lanes (AVX2, without FMA) when the CPU has
/// AVX2, else 2 lanes (SSE2); Sse2: always 2 lanes. Both give bit-identical results (every
/// per-point value is the same expression, the sums are accumulated in the same order).
enum class Kernel : std::uint8_t { Best, Sse2 };

/// analyse_path() with a chosen kernel (Best is what analyse_path(path, out) uses).
void analyse_path(const Path& path, PathAnalysis& out, Kernel kernel);

/// True when Kernel::Best runs the AVX2 kernel on this CPU.
bool avx2_kernel_available() noexcept;

/// Throws InputError (field "p452.<name>") when a Path input is outside the recommendation's
/// domain or the profile is malformed.
void check_path(const Path& path);

/// Per-prediction inputs.
struct Radio {
  double f_GHz = 1;       ///< frequency (GHz), 0.1..50
  double p_percent = 50;  ///< annual time percentage not exceeded (%), 0.001..50
  Polarization pol = Polarization::Vertical;
  double Gt_dBi = 0;  ///< transmitter gain towards the horizon (troposcatter only)
  double Gr_dBi = 0;  ///< receiver gain towards the horizon (troposcatter only)
};

/// Throws InputError for a Radio input outside the recommendation's domain.
void check_radio(const Radio& radio);

/// Every loss of §4 (dB).
struct Losses {
  double Lb = 0;       ///< basic transmission loss not exceeded for p % of time, eq. (64)
  double Lbfsg = 0;    ///< free space + gases, eq. (8)
  double Lb0p = 0;     ///< LoS not exceeded for p %, eq. (11)
  double Lb0b = 0;     ///< LoS not exceeded for beta0 %, eq. (12)
  double Ldsph = 0;    ///< spherical-earth diffraction loss of the smooth path at ae, §4.2.2
  double Ld50 = 0;     ///< median diffraction loss, §4.2.4
  double Ldp = 0;      ///< diffraction loss not exceeded for p %, eq. (42)
  double Lbd50 = 0;    ///< eq. (43)
  double Lbd = 0;      ///< eq. (44)
  double Lbs = 0;      ///< troposcatter, eq. (45)
  double Lba = 0;      ///< ducting/layer reflection, eq. (46)
  double Lminb0p = 0;  ///< eq. (60)
  double Lminbap = 0;  ///< eq. (61)
  double Lbda = 0;     ///< eq. (62)
  double Lbam = 0;     ///< eq. (63)
};

/// All losses for one (f, p, pol, gains) on an analysed path. noexcept, allocation-free.
Losses evaluate(const PathAnalysis& path, const Radio& radio) noexcept;

/// Inverse complementary cumulative normal distribution I(x), P.452-18 Attachment 3
/// eqs. (172)-(172h), for 0 < x <= 0.5 (x below 1e-6 is taken as 1e-6).
double inv_cum_norm(double x) noexcept;

/// Time percentage beta0 (%) of §3.2.1 eqs. (2)-(4).
/// @param phi_deg path-centre latitude (deg); @param dtm_km, dlm_km longest land / inland sections
/// (km)
double beta0_percent(double phi_deg, double dtm_km, double dlm_km) noexcept;

/// Latitude (deg) of the great-circle point at dpnt_km from the transmitter towards the
/// receiver, ITU-R P.2001-4 Attachment H eqs. (H.2.1)-(H.3.3), earth radius 6371 km.
double great_circle_latitude_deg(double phit_e_deg, double phit_n_deg, double phir_e_deg,
                                 double phir_n_deg, double dpnt_km) noexcept;

}  // namespace akichi::prop::p452_18

// The IMT-2020 array antenna of Recommendation ITU-R M.2101-0 (02/2017), "Modelling and
// simulation of IMT networks and systems for use in sharing and compatibility studies",
// Annex 1 §5 (Table 4), pointed with the GCS -> LCS rotation of orientation.h.
//
// Implemented (angles in the array's local frame: theta = zenith angle [0, 180], 90 = the
// array's horizon; phi = azimuth (-180, 180], 0 = the array's broadside):
//   §5.1 element pattern:
//     A_E,H(phi)   = -min[12 (phi / phi_3dB)^2, A_m]
//     A_E,V(theta) = -min[12 ((theta - 90) / theta_3dB)^2, SLA_v]
//     A_E(theta, phi) = G_E,max - min{-[A_E,H(phi) + A_E,V(theta)], A_m}
//   §5.2 composite pattern of beam i, N_H x N_V elements at spacings d_H, d_V (wavelengths),
//   with the correlation level rho in [0, 1]:
//     A_A,Beam_i(theta, phi) = A_E(theta, phi)
//                              + 10 log10(1 + rho (|sum_m sum_n w_i,n,m v_n,m|^2 - 1))
//     v_n,m   = exp(j 2 pi ((n - 1) d_V cos(theta) + (m - 1) d_H sin(theta) sin(phi)))
//     w_i,n,m = 1 / sqrt(N_H N_V)
//               exp(j 2 pi ((n - 1) d_V sin(theta_i,etilt) - (m - 1) d_H cos(theta_i,etilt)
//                          sin(phi_i,escan)))
//   with n = 1..N_V, m = 1..N_H. The electrical tilt theta_i,etilt is positive below the
//   array's horizon (the beam's maximum at theta = 90 + theta_etilt), the electrical scan
//   phi_i,escan in the sense of phi.
//   The correlation level: rho = 1 (the default) is the fully correlated array, the Table 4
//   form A_E + 10 log10 |sum w v|^2 (computed as written, not as 1 + (x - 1), so that its
//   numbers are those of the form without rho); rho = 0 is the uncorrelated case, the element
//   pattern alone (the signals add in power, the array gives no directivity). The general form
//   with rho is that of 3GPP TR 37.840 §5.4.4.1.4 (Table 5.4.4.2-1), which the IMT-2020 model
//   of M.2101-0 follows; the text of M.2101-0 itself could not be consulted here, so the
//   equation is cited from TR 37.840. The envelope over beams with rho < 1 is
//   1 + rho (max_i |sum w_i v|^2 - 1): the expression grows with |sum w v|^2.
//   The double sum factorises into a vertical sum over n and a horizontal sum over m, each
//   summed term by term as written (no closed form), so that the tests' closed form of the
//   uniform linear array checks it.
//
// Two uses:
//   fixed beam   one steering (phi_escan, theta_etilt): the §5.2 pattern of that beam, exact in
//                every call;
//   envelope     the maximum over a declared set of beams (a grid of phi_escan and
//                theta_etilt): the pattern an interference study takes when the victim may lie in
//                any served beam. This is not a formula of M.2101 itself but the upper envelope of
//                its §5.2 pattern over the declared beams, the worst case of a single beam
//                pointing anywhere in the set. It is tabulated once at build time on a
//                (theta, phi) grid of kEnvelopeStep_deg as linear power gain and interpolated
//                bilinearly (linear power is smooth through the nulls, where dB is not), so that
//                gain_dBi stays a few multiplications and one logarithm;
//                envelope_table_error_dB() measures the table against the exact envelope
//                (tests/unit/propagation/antenna).
//
// Mechanical pointing: azimuth (bearing of the broadside) and mechanical downtilt (slant 0),
// through Orientation (TR 38.901 §7.1.3, the same rotation M.2101 §5 leaves to the study).
//
// Not implemented: sub-arrays, polarisation, and the normalisation of the composite pattern for
// steered beams (M.2101 Table 4 leaves it out; the array gain at a beam steered away from
// broadside is the formula's). Sub-arrays (K elements per column fed together with a fixed
// sub-array tilt) are not in M.2101-0: they come from the later IMT studies of ITU-R WP 5D
// (the sub-array of document R23-WP5D-C-0413, Annex 4.2, Table 8, as the SHARC simulator
// implements it) and from 3GPP TR 38.803 / TR 37.840's K > 1 vertical sub-arrays, not from
// this Recommendation.
#pragma once

#include <string>
#include <vector>

#include "propagation/antenna/antenna.h"
#include "propagation/antenna/orientation.h"

namespace akichi::prop {

/// The array of M.2101-0 Annex 1 Table 4, in its own symbols.
struct M2101ArrayParams {
  double G_E_max_dBi = 5.0;     ///< element gain, dBi
  double phi_3dB_deg = 65.0;    ///< element horizontal half-power beamwidth, deg, > 0
  double theta_3dB_deg = 65.0;  ///< element vertical half-power beamwidth, deg, > 0
  double A_m_dB = 30.0;         ///< front-to-back ratio, dB, >= 0
  double SLA_v_dB = 30.0;       ///< vertical side-lobe attenuation, dB, >= 0
  int N_H = 8;                  ///< columns, >= 1
  int N_V = 8;                  ///< rows, >= 1
  double d_H = 0.5;             ///< horizontal element spacing, wavelengths, > 0
  double d_V = 0.5;             ///< vertical element spacing, wavelengths, > 0
  double rho = 1.0;             ///< correlation level, [0, 1]; 1: fully correlated
};

/// One electrical steering of the array.
struct M2101Beam {
  double phi_escan_deg = 0;    ///< electrical scan, local azimuth, (-180, 180]
  double theta_etilt_deg = 0;  ///< electrical tilt, positive below the array's horizon
};

/// §5.1 element pattern A_E(theta, phi) in dBi (G_E,max included); local angles.
double m2101_element_dBi(double theta_deg, double phi_deg, const M2101ArrayParams& p) noexcept;

/// §5.2 array factor 10 log10(1 + rho (|sum w v|^2 - 1)) in dB for `beam`; local angles.
/// Summed term by term. -inf in an exact null of a fully correlated array (rho = 1).
double m2101_array_factor_dB(double theta_deg, double phi_deg, const M2101ArrayParams& p,
                             const M2101Beam& beam) noexcept;

/// §5.2 composite gain of one beam, dBi: element + array factor. Local angles.
/// The correlation level's term 1 + rho (x - 1) of the array power x = |sum w v|^2; x itself
/// when rho = 1.
double m2101_correlated(double x, double rho) noexcept;

double m2101_beam_dBi(double theta_deg, double phi_deg, const M2101ArrayParams& p,
                      const M2101Beam& beam) noexcept;

/// The beams of an envelope: phi_escan from min to max and theta_etilt from min to max, each by
/// its step (the last value is max when the range is a whole number of steps).
std::vector<M2101Beam> m2101_beam_grid(double escan_min_deg, double escan_max_deg,
                                       double escan_step_deg, double etilt_min_deg,
                                       double etilt_max_deg, double etilt_step_deg);

/// "m2101": the array pointed by azimuth and mechanical downtilt, either one fixed beam or the
/// envelope over a set of beams (tabulated). Thread-safe, gain_dBi allocation-free.
class M2101ArrayAntenna final : public Antenna {
 public:
  /// Grid step of the envelope table, in theta and in phi (local degrees).
  static constexpr double kEnvelopeStep_deg = 0.5;

  /// One fixed beam. Parameters are not checked here (make_antenna checks them).
  M2101ArrayAntenna(const M2101ArrayParams& params, const M2101Beam& beam, double azimuth_deg,
                    double downtilt_deg);
  /// The envelope over `beams` (at least one), tabulated now.
  M2101ArrayAntenna(const M2101ArrayParams& params, std::vector<M2101Beam> beams,
                    double azimuth_deg, double downtilt_deg);

  double gain_dBi(double bearing_deg, double elevation_deg) const noexcept override;
  double max_gain_dBi() const noexcept override { return max_gain_dBi_; }
  std::string describe() const override;

  /// The gain in local angles: the fixed beam's exact value, or the table's interpolation.
  double local_gain_dBi(double theta_deg, double phi_deg) const noexcept;
  /// The exact envelope (maximum over the beams, each summed), local angles; the fixed beam's
  /// gain for a fixed-beam antenna. For tests and the table.
  double exact_local_gain_dBi(double theta_deg, double phi_deg) const noexcept;
  bool is_envelope() const noexcept { return !table_.empty(); }
  const std::vector<M2101Beam>& beams() const noexcept { return beams_; }

 private:
  void tabulate();
  void find_max_gain();

  M2101ArrayParams params_;
  std::vector<M2101Beam> beams_;
  Orientation orientation_;
  /// [theta row][phi column] of the envelope, linear power gain; empty: a fixed beam
  std::vector<float> table_;
  int n_theta_ = 0, n_phi_ = 0;
  double max_gain_dBi_ = 0;
};

/// How far an envelope's table strays from the exact envelope.
struct EnvelopeTableError {
  double max_over_dB = 0;   ///< largest table - exact (the table above: conservative)
  double max_under_dB = 0;  ///< largest exact - table (the table below)
};

/// The table of an envelope antenna against the exact envelope over a regular sample of
/// `n_theta` x `n_phi` local directions placed between the table's nodes (a third of a step
/// off them, where bilinear interpolation errs most), counting only directions where the exact
/// envelope is within `within_dB` of its maximum. Zero for a fixed beam.
EnvelopeTableError envelope_table_error(const M2101ArrayAntenna& antenna, int n_theta, int n_phi,
                                        double within_dB);

}  // namespace akichi::prop

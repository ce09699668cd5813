// Link-budget arithmetic shared by stations and analyses: dB <-> linear, thermal noise, band
// overlap.
#pragma once

#include <cmath>

namespace akichi::sim {

/// Boltzmann constant, J/K (SI 2019 exact value).
inline constexpr double kBoltzmann_J_per_K = 1.380649e-23;
/// Reference noise temperature T0, K (ITU-R P.372, IEEE).
inline constexpr double kT0_K = 290.0;

/// 10 log10(mW) <-> mW.
inline double dbm_to_mw(double dBm) {
  return std::pow(10.0, dBm / 10.0);
}
inline double mw_to_dbm(double mW) {
  return 10.0 * std::log10(mW);
}

/// Receiver noise power in dBm over bandwidth_Hz with noise figure nf_dB:
/// N = 10 log10(k T0 B / 1 mW) + NF  (-174.0 dBm/Hz at T0 = 290 K).
double thermal_noise_dBm(double bandwidth_Hz, double nf_dB);

/// Share (0..1) of the band [f1_lo, f1_hi] that overlaps [f2_lo, f2_hi]; 0 when disjoint.
double band_overlap_fraction(double f1_lo_Hz, double f1_hi_Hz, double f2_lo_Hz, double f2_hi_Hz);

}  // namespace akichi::sim

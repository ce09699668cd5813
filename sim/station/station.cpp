#include "sim/station/station.h"

#include <cmath>
#include <limits>

namespace akichi::sim {

namespace {
/// Boltzmann's constant (J/K), CODATA 2018 exact value; kT0 at T0 = 290 K is -173.975 dBm/Hz.
constexpr double kBoltzmann = 1.380649e-23;
constexpr double kT0_K = 290.0;
}  // namespace

double noise_power_dBm(const Station& s, double bandwidth_Hz) {
  // Noise temperature when given; else T0 (F = NF) referred to the input: N = k T0 B F.
  const double t_K = s.noise_temperature_K.value_or(kT0_K);
  const double nf_dB = s.noise_temperature_K ? 0.0 : s.noise_figure_dB.value_or(0.0);
  return 10.0 * std::log10(kBoltzmann * t_K * bandwidth_Hz) + 30.0 + nf_dB;
}

double interference_limit_dBm(const Station& s) {
  const double band_Hz = s.freq_hi_Hz - s.freq_lo_Hz;
  switch (s.criterion.kind) {
    case ProtectionCriterion::Kind::IOverN:
      return noise_power_dBm(s, band_Hz) + s.criterion.i_over_n_dB;
    case ProtectionCriterion::Kind::Power:
      return s.criterion.power_dBm + 10.0 * std::log10(band_Hz / s.criterion.ref_bandwidth_Hz);
    case ProtectionCriterion::Kind::None:
      break;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace akichi::sim

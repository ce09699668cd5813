#include "sim/station/station.h"

#include <cmath>
#include <limits>

#include "sim/spectrum/link_budget.h"

namespace akichi::sim {

double noise_power_dBm(const Station& s, double bandwidth_Hz) {
  // A noise temperature when given (N = k T B), else T0 with the noise figure (N = k T0 B F).
  if (s.noise_temperature_K) {
    return mw_to_dbm(kBoltzmann_J_per_K * *s.noise_temperature_K * bandwidth_Hz * 1e3);
  }
  return thermal_noise_dBm(bandwidth_Hz, s.noise_figure_dB.value_or(0.0));
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

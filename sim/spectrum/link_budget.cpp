#include "sim/spectrum/link_budget.h"

#include <algorithm>

namespace akichi::sim {

double thermal_noise_dBm(double bandwidth_Hz, double nf_dB) {
  // k T0 B in W -> dBm (+30 dB).
  return 10.0 * std::log10(kBoltzmann_J_per_K * kT0_K * bandwidth_Hz) + 30.0 + nf_dB;
}

double band_overlap_fraction(double f1_lo_Hz, double f1_hi_Hz, double f2_lo_Hz, double f2_hi_Hz) {
  const double width = f1_hi_Hz - f1_lo_Hz;
  if (width <= 0) return 0.0;
  const double overlap = std::min(f1_hi_Hz, f2_hi_Hz) - std::max(f1_lo_Hz, f2_lo_Hz);
  return std::clamp(overlap / width, 0.0, 1.0);
}

}  // namespace akichi::sim

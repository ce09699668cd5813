#include "propagation/antenna/tr38901_element.h"

#include <algorithm>

#include <fmt/format.h>

namespace akichi::prop {

double tr38901_vertical_cut_dB(double theta_l_deg, const Tr38901ElementParams& p) noexcept {
  const double x = (theta_l_deg - 90.0) / p.theta_3dB_deg;
  return -std::min(12.0 * x * x, p.SLA_V_dB);  // TR 38.901 Table 7.3-1, A''_dB(theta'', 0)
}

double tr38901_horizontal_cut_dB(double phi_l_deg, const Tr38901ElementParams& p) noexcept {
  const double x = wrap_pm180_deg(phi_l_deg) / p.phi_3dB_deg;
  return -std::min(12.0 * x * x, p.A_max_dB);  // TR 38.901 Table 7.3-1, A''_dB(90, phi'')
}

double tr38901_element_pattern_dB(double theta_l_deg, double phi_l_deg,
                                  const Tr38901ElementParams& p) noexcept {
  const double A_V = tr38901_vertical_cut_dB(theta_l_deg, p);
  const double A_H = tr38901_horizontal_cut_dB(phi_l_deg, p);
  return -std::min(-(A_V + A_H), p.A_max_dB);  // TR 38.901 Table 7.3-1, A''_dB(theta'', phi'')
}

Tr38901SectorAntenna::Tr38901SectorAntenna(const Tr38901ElementParams& params, double azimuth_deg,
                                           double downtilt_deg) noexcept
    : params_(params), orientation_(azimuth_deg, downtilt_deg) {}

double Tr38901SectorAntenna::gain_dBi(double bearing_deg, double elevation_deg) const noexcept {
  const LocalDirection l = orientation_.to_local(bearing_deg, elevation_deg);  // §7.1.3
  return params_.G_E_max_dBi + tr38901_element_pattern_dB(l.theta_deg, l.phi_deg, params_);
}

std::string Tr38901SectorAntenna::describe() const {
  return fmt::format(
      "3gpp_sector {:g} dBi az {:g} tilt {:g} hpbw_h {:g} hpbw_v {:g} A_max {:g} "
      "SLA_V {:g}",
      params_.G_E_max_dBi, orientation_.azimuth_deg(), orientation_.downtilt_deg(),
      params_.phi_3dB_deg, params_.theta_3dB_deg, params_.A_max_dB, params_.SLA_V_dB);
}

}  // namespace akichi::prop

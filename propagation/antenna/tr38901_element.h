// The antenna element radiation pattern of 3GPP TR 38.901 V17.0.0 §7.3, Table 7.3-1, pointed
// with the GCS -> LCS rotation of §7.1.3 (see orientation.h).
//
// Implemented: the vertical cut A''_dB,V (Table 7.3-1 first row), the horizontal cut A''_dB,H
// (second row), the 3-D power pattern A''_dB (third row) and the maximum directional gain
// G_E,max (fifth row), gain = G_E,max + A''_dB. Not implemented: the field patterns
// F''_theta, F''_phi of §7.3.2 (polarisation), panels and arrays of §7.3.1.
//
// TR 38.901 values: theta_3dB = phi_3dB = 65 deg, SLA_V = 30 dB, A_max = 30 dB, G_E,max = 8 dBi.
#pragma once

#include <string>

#include "propagation/antenna/antenna.h"
#include "propagation/antenna/orientation.h"

namespace akichi::prop {

/// Parameters of the Table 7.3-1 element, in the TR's own symbols.
struct Tr38901ElementParams {
  double G_E_max_dBi = 8.0;     ///< maximum directional gain of the element, dBi
  double phi_3dB_deg = 65.0;    ///< horizontal half-power beamwidth, deg, > 0
  double theta_3dB_deg = 65.0;  ///< vertical half-power beamwidth, deg, > 0
  double SLA_V_dB = 30.0;       ///< side-lobe attenuation of the vertical cut, dB, >= 0
  double A_max_dB = 30.0;       ///< front-to-back ratio, dB, >= 0
};

/// Vertical cut A''_dB(theta'', phi'' = 0) = -min{12 ((theta'' - 90)/theta_3dB)^2, SLA_V}, dB (<=
/// 0). theta_l_deg: local zenith angle theta'', [0, 180].
double tr38901_vertical_cut_dB(double theta_l_deg, const Tr38901ElementParams& p) noexcept;

/// Horizontal cut A''_dB(theta'' = 90, phi'') = -min{12 (phi''/phi_3dB)^2, A_max}, dB (<= 0).
/// phi_l_deg: local azimuth phi'', any value (wrapped into (-180, 180]).
double tr38901_horizontal_cut_dB(double phi_l_deg, const Tr38901ElementParams& p) noexcept;

/// 3-D pattern A''_dB(theta'', phi'') = -min{-(A''_V + A''_H), A_max}, dB relative to G_E,max.
double tr38901_element_pattern_dB(double theta_l_deg, double phi_l_deg,
                                  const Tr38901ElementParams& p) noexcept;

/// "3gpp_sector": the Table 7.3-1 element pointed by azimuth (bearing angle alpha) and mechanical
/// downtilt (beta), slant gamma = 0. Its maximum lies at elevation -downtilt in the boresight
/// bearing.
class Tr38901SectorAntenna final : public Antenna {
 public:
  /// Parameters are not checked here (make_antenna checks them): phi_3dB, theta_3dB > 0.
  Tr38901SectorAntenna(const Tr38901ElementParams& params, double azimuth_deg,
                       double downtilt_deg) noexcept;

  double gain_dBi(double bearing_deg, double elevation_deg) const noexcept override;
  double max_gain_dBi() const noexcept override { return params_.G_E_max_dBi; }
  std::string describe() const override;

  const Tr38901ElementParams& params() const noexcept { return params_; }
  const Orientation& orientation() const noexcept { return orientation_; }

 private:
  Tr38901ElementParams params_;
  Orientation orientation_;
};

}  // namespace akichi::prop

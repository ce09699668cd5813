// Antenna radiation patterns. Directions are given in the study frame: bearing in degrees
// clockwise from grid north (the +y axis of the projected CRS), elevation in degrees above the
// horizontal plane. Each pattern applies its own pointing (azimuth, mechanical downtilt).
#pragma once

#include <memory>
#include <string>

namespace akichi::prop {

class Antenna {
 public:
  virtual ~Antenna() = default;
  /// Gain in dBi towards (bearing_deg, elevation_deg). Thread-safe, allocation-free.
  virtual double gain_dBi(double bearing_deg, double elevation_deg) const noexcept = 0;
  /// Maximum gain over all directions, dBi.
  virtual double max_gain_dBi() const noexcept = 0;
  /// Short description for logs and result attributes, e.g. "3gpp_sector 8 dBi az 120 tilt 6".
  virtual std::string describe() const = 0;
};

/// How a scenario describes an antenna.
struct AntennaConfig {
  /// "isotropic" | "3gpp_sector" (3GPP TR 38.901 Table 7.3-1 element) | "msi" (MSI / Planet
  /// pattern file, horizontal and vertical cuts)
  std::string type = "isotropic";
  double gain_dBi = 0;       ///< isotropic: gain; 3gpp_sector: maximum element gain (8 dBi in the TR)
  double azimuth_deg = 0;    ///< boresight bearing, clockwise from grid north
  double downtilt_deg = 0;   ///< mechanical downtilt, positive below the horizon
  double hpbw_h_deg = 65;    ///< 3gpp_sector: horizontal half-power beamwidth (phi_3dB)
  double hpbw_v_deg = 65;    ///< 3gpp_sector: vertical half-power beamwidth (theta_3dB)
  double front_to_back_dB = 30;  ///< 3gpp_sector: A_m
  double sla_v_dB = 30;          ///< 3gpp_sector: SLA_V
  std::string pattern_path;      ///< msi: file path (absolute, or resolved by the caller)
};

/// Builds the pattern; throws InputError for a bad configuration or pattern file (the message
/// names the file and line).
std::unique_ptr<Antenna> make_antenna(const AntennaConfig& config);

}  // namespace akichi::prop

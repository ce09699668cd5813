// Antenna radiation patterns. Directions are given in the study frame: bearing in degrees
// clockwise from grid north (the +y axis of the projected CRS), elevation in degrees above the
// horizontal plane. Each pattern applies its own pointing (azimuth, mechanical downtilt).
#pragma once

#include <memory>
#include <optional>
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
  /// pattern file, horizontal and vertical cuts) | "s465" (ITU-R S.465-6 earth station) |
  /// "s580" (ITU-R S.580-6 earth station design objective), see earth_station.h | "m2101"
  /// (ITU-R M.2101-0 array, m2101_array.h) | "f1336" (ITU-R F.1336-5, f1336.h) | "f699"
  /// (ITU-R F.699-8 fixed-link dish, f699.h)
  std::string type = "isotropic";
  /// isotropic: gain; 3gpp_sector: maximum element gain (8 dBi in the TR); s465, s580: G_max,
  /// or NaN for G_max = 10 log10(efficiency (pi diameter_m / lambda)^2); m2101: the element's
  /// G_E,max; f1336: G0; f699: G_max
  double gain_dBi = 0;
  double azimuth_deg = 0;   ///< boresight bearing, clockwise from grid north
  double downtilt_deg = 0;  ///< mechanical downtilt, positive below the horizon
  /// 3gpp_sector, m2101: horizontal half-power beamwidth (phi_3dB); f1336 sector: phi_3
  double hpbw_h_deg = 65;
  /// 3gpp_sector, m2101: vertical half-power beamwidth (theta_3dB); f1336 sector: theta_3, or
  /// NaN for theta_3 from F.1336-5 recommends 3.3
  double hpbw_v_deg = 65;
  double front_to_back_dB = 30;  ///< 3gpp_sector, m2101: A_m
  double sla_v_dB = 30;          ///< 3gpp_sector, m2101: SLA_V
  std::string pattern_path;      ///< msi: file path (absolute, or resolved by the caller)
  double elevation_deg = 0;  ///< s465, s580, f699: boresight elevation above the horizon, [-90, 90]
  double diameter_m = 0;     ///< s465, s580, f699: dish diameter D, > 0
  double efficiency = 0.7;   ///< s465, s580: aperture efficiency eta, (0, 1], used when
                             ///< gain_dBi is NaN
  /// s465, s580, f699: frequency for lambda = c / f; f1336: chooses recommends 3.1 or 3.2 and
  /// is checked against the domain (set by the caller from the station); S.465-6: [2, 31] GHz
  double freq_Hz = 0;
  /// s465, s580: longitude of the GSO satellite the dish points at, instead of azimuth_deg and
  /// elevation_deg. resolve_gso_pointing() turns it into azimuth/elevation; make_antenna refuses
  /// a configuration where it is still set.
  std::optional<double> gso_longitude_deg;

  // m2101 (ITU-R M.2101-0 Annex 1 §5): the element's parameters are gain_dBi, hpbw_h_deg,
  // hpbw_v_deg, front_to_back_dB and sla_v_dB above.
  int elements_h = 8;          ///< N_H, [1, 64]
  int elements_v = 8;          ///< N_V, [1, 64]
  double spacing_h = 0.5;      ///< d_H in wavelengths, (0, 10]
  double spacing_v = 0.5;      ///< d_V in wavelengths, (0, 10]
  double correlation = 1.0;    ///< the correlation level rho, [0, 1]
  std::string beam = "fixed";  ///< "fixed" (escan_deg, etilt_deg) | "envelope" (the ranges)
  double escan_deg = 0;        ///< fixed beam: phi_escan, [-90, 90]
  double etilt_deg = 0;        ///< fixed beam: theta_etilt, positive down, [-90, 90]
  double escan_min_deg = -60, escan_max_deg = 60, escan_step_deg = 10;  ///< envelope
  double etilt_min_deg = 0, etilt_max_deg = 0, etilt_step_deg = 1;      ///< envelope

  // f1336 (ITU-R F.1336-5)
  std::string variant = "sector-peak";  ///< omni-peak | omni-average | sector-peak | sector-average
  double k = 0.7;                       ///< omni: k; sector: k_p (peak) or k_a (average)
  double k_h = 0.8;                     ///< sector below 6 GHz: k_h
  double k_v = 0.7;                     ///< sector below 6 GHz: k_v
  double electrical_tilt_deg = 0;       ///< beta_e, positive down, [-90, 90]
};

/// Builds the pattern; throws InputError for a bad configuration or pattern file (the message
/// names the file and line).
std::unique_ptr<Antenna> make_antenna(const AntennaConfig& config);

/// s465, s580: when config.gso_longitude_deg is set, sets azimuth_deg and elevation_deg to the
/// pointing towards that GSO satellite from the station at (lat_deg, lon_deg) (WGS 84,
/// gso_pointing() of earth_station.h) and clears gso_longitude_deg. Otherwise does nothing.
/// The azimuth is from TRUE north, while azimuth_deg is from GRID north: correcting for the
/// meridian convergence of the study CRS is the caller's business.
/// Throws InputError (field antenna.gso_longitude_deg) when the satellite is below the horizon.
void resolve_gso_pointing(AntennaConfig& config, double lat_deg, double lon_deg);

}  // namespace akichi::prop

// The interface between the engine and the propagation models. Models themselves are pure
// functions in propagation/models/; the adapters implementing PathLossModel connect them to
// link geometry and terrain profiles.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace akichi::prop {

/// One link, as the engine hands it to a model. Distances in metres, heights in metres.
struct LinkInput {
  double freq_Hz = 0;
  double d_m = 0;     ///< horizontal distance between the ends in the study plane (> 0)
  double h_tx_m = 0;  ///< transmitter antenna height above local ground
  double h_rx_m = 0;  ///< receiver antenna height above local ground
  double z_tx_m = 0;  ///< ground elevation under the transmitter
  double z_rx_m = 0;  ///< ground elevation under the receiver
  /// Terrain profile from transmitter (index 0, distance 0) to receiver (index np-1, distance
  /// d_m); present only when the model's uses_profile() is true.
  const double* profile_d_m = nullptr;
  const double* profile_z_m = nullptr;
  int profile_n = 0;
};

/// How the LoS/NLoS state of a 3GPP TR 38.901 link is decided.
enum class LosMode {
  Los,             ///< always line of sight
  Nlos,            ///< always non-line of sight
  Probabilistic,   ///< LoS-probability-weighted loss: -10 log10(P_LoS 10^(-L_LoS/10) + (1-P_LoS) 10^(-L_NLoS/10))
  Terrain,         ///< LoS when the terrain profile clears the straight ray, NLoS otherwise
};

/// Everything needed to build any model of the project. Each model reads its own fields.
struct ModelConfig {
  /// "free_space" (ITU-R P.525-4) | "p526" (ITU-R P.526-15 diffraction over the terrain
  /// profile, delta-Bullington, plus free-space loss) | "tr38901" (3GPP TR 38.901 V17 §7.4.1)
  std::string name = "free_space";
  double k_factor = 4.0 / 3.0;  ///< effective earth-radius factor (p526, terrain LoS)

  // p526: electrical constants of the ground for the spherical-earth term
  std::string polarization = "vertical";       ///< "vertical" | "horizontal"
  double ground_permittivity = 22;             ///< relative permittivity (P.452-18 land: 22)
  double ground_conductivity_S_per_m = 0.003;  ///< conductivity (P.452-18 land: 0.003 S/m)

  // tr38901
  /// "RMa" | "UMa" | "UMi" (street canyon) | "InH" (office mixed) | "InH-open" |
  /// "InF-SL" | "InF-DL" | "InF-SH" | "InF-DH"
  std::string scenario = "UMa";
  LosMode los_mode = LosMode::Probabilistic;
  double avg_building_height_m = 5;  ///< RMa h
  double avg_street_width_m = 20;    ///< RMa W
  double h_e_m = 1;                  ///< UMa effective environment height (1 m, TR Note 1)
  double clutter_density = 0.2;      ///< InF r (0..1)
  double clutter_height_m = 2;       ///< InF h_c
  double clutter_size_m = 2;         ///< InF d_clutter
  double hall_ceiling_m = 10;        ///< InF hall height (informative; validity checks)
};

class PathLossModel {
 public:
  virtual ~PathLossModel() = default;
  virtual std::string_view name() const noexcept = 0;
  /// Whether loss_dB() reads the terrain profile (the engine extracts one only then).
  virtual bool uses_profile() const noexcept = 0;
  /// Basic transmission loss in dB (no antenna gains). Thread-safe, allocation-free.
  virtual double loss_dB(const LinkInput& link) const noexcept = 0;
  /// One line describing the model and its parameters, for logs and result attributes.
  virtual std::string describe() const = 0;
};

/// Builds the model named by config.name; throws InputError for an unknown name or invalid
/// parameters (the message names the field).
std::unique_ptr<PathLossModel> make_path_loss_model(const ModelConfig& config);

}  // namespace akichi::prop

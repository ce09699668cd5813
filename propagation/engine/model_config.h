// How a scenario names and parameterises a path-loss model, and the factory that builds it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "propagation/engine/adapters/hata.h"
#include "propagation/engine/adapters/itm.h"
#include "propagation/engine/adapters/p1411.h"
#include "propagation/engine/adapters/p1812.h"
#include "propagation/engine/adapters/p452.h"
#include "propagation/engine/adapters/ray.h"
#include "propagation/engine/path_loss_model.h"
#include "propagation/surface/building.h"

namespace akichi::prop {

/// Everything needed to build any model of the project. Each model reads its own fields.
struct ModelConfig {
  /// One of model_names(): "free_space" (ITU-R P.525-4), "p526" (ITU-R P.526-15 diffraction
  /// over the terrain profile plus free space), "tr38901" (3GPP TR 38.901 V17 §7.4.1),
  /// "p452-18" (ITU-R P.452-18), "p1812" (ITU-R P.1812-6), "itm" (NTIA ITM / Longley-Rice),
  /// "ehata-ntia" (NTIA extended Hata), "extended-hata" (ERC Report 68 / SEAMCAT),
  /// "p1411" (ITU-R P.1411-12 site-general), "ray-2.5d" (2.5-D rays over the buildings:
  /// propagation/models/ray_2p5d.h)
  std::string name = "free_space";
  double k_factor = 4.0 / 3.0;  ///< effective earth-radius factor (p526, terrain LoS)

  // p526 and ray-2.5d: polarization; p526: electrical constants of the ground for the
  // spherical-earth term
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

  P452Params p452;                   ///< p452-18
  P1812Params p1812;                 ///< p1812
  ItmParams itm;                     ///< itm
  EhataParams ehata;                 ///< ehata-ntia
  ExtendedHataParams extended_hata;  ///< extended-hata
  P1411Params p1411;                 ///< p1411 (its k_factor and LoS mode come from here too)
  RayParams ray;                     ///< ray-2.5d (its polarization is `polarization` above)

  /// The study's buildings (study CRS, base_z_m set on the terrain) for the models that see
  /// them; null when the scenario has none. Shared, immutable once the run starts.
  std::shared_ptr<const Buildings> buildings;
};

/// The model names make_path_loss_model() knows, in the order they are documented.
const std::vector<std::string>& model_names();

/// Frequencies a model is defined for, [min, max] in Hz, with the source of the limits; nullopt
/// when the model sets none (free space, P.526, and models that extrapolate by design).
struct FrequencyRange {
  double min_Hz, max_Hz;
  std::string source;
};
std::optional<FrequencyRange> model_frequency_range(const ModelConfig& config);

/// Builds the model named by config.name; throws InputError for an unknown name or invalid
/// parameters (the message names the field).
std::unique_ptr<PathLossModel> make_path_loss_model(const ModelConfig& config);

}  // namespace akichi::prop

// How a scenario names and parameterises a path-loss model, and the factory that builds it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "propagation/engine/adapters/hata.h"
#include "propagation/engine/adapters/itm.h"
#include "propagation/engine/adapters/p1411.h"
#include "propagation/engine/adapters/p1812.h"
#include "propagation/engine/adapters/p452.h"
#include "propagation/engine/adapters/ray.h"
#include "propagation/engine/added_losses_config.h"
#include "propagation/engine/path_loss_model.h"
#include "propagation/surface/building.h"

namespace akichi::prop {

/// A model parameter's value: numbers (integers too), booleans, and strings (choices, paths).
using ParamValue = std::variant<double, bool, std::string>;

/// Everything needed to build any model of the project. Each model reads its own fields; the
/// registry (propagation/engine/model_registry.h) says which, with their schema.
struct ModelConfig {
  /// The model's registry name (`akichi models` lists them).
  std::string name;
  double k_factor = 4.0 / 3.0;  ///< effective earth-radius factor ([propagation] k_factor)

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
  P1411Params p1411;                 ///< p1411 (its k_factor is `k_factor` above)
  RayParams ray;                     ///< ray-2.5d (its polarization is `polarization` above)

  /// Parameters of models that keep no typed struct here, by key (a model whose entry binds
  /// its parameters with prop::Stored{}); read them with number(), flag() and text().
  std::map<std::string, ParamValue, std::less<>> params;
  double number(std::string_view key) const;
  bool flag(std::string_view key) const;
  std::string text(std::string_view key) const;

  /// The study's buildings (study CRS, base_z_m set on the terrain) for the models that see
  /// them; null when the scenario has none. Shared, immutable once the run starts.
  std::shared_ptr<const Buildings> buildings;

  /// Losses added on top of the model's, whatever the model ([propagation.clutter],
  /// [propagation.rain], [propagation.gases]), and the role of the links this configuration
  /// builds a model for (propagation/engine/added_losses.h).
  AddedLossesConfig added;
};

/// Builds the model named by config.name from its registry entry, after checking its
/// parameters against the entry's schema; throws InputError for an unknown name or an invalid
/// parameter ("propagation.<table>.<key>: found X, expected Y"). The model is wrapped in
/// AddedLosses when config.added adds anything on links of its role (with_added_losses()).
std::unique_ptr<PathLossModel> make_path_loss_model(const ModelConfig& config);

}  // namespace akichi::prop

// The area-engine adapter of the ITU-R P.1411-12 site-general models (§4.1.1 below rooftop,
// §4.2.1 above rooftop; propagation/models/itu_r_p1411_12.h): PathLossModel over the 3-D distance
// between the antennas, LoS/NLoS fixed or decided by the terrain profile, the loss taken at a
// location percentage through the table's sigma.
#pragma once

#include <memory>
#include <string>

#include "propagation/engine/path_loss_model.h"

namespace akichi::prop {

/// Parameters of the "p1411" model (scenario keys propagation.p1411.<key>).
struct P1411Params {
  /// "below_rooftop" (§4.1.1, both stations below rooftop, street canyons) |
  /// "above_rooftop" (§4.2.1, one station above rooftop)
  std::string placement = "below_rooftop";
  /// "urban_high_rise" | "urban_low_rise_suburban" | "residential"
  std::string environment = "urban_high_rise";
  /// Los | Nlos | Terrain (LoS when the terrain profile clears the ray, NLoS otherwise).
  /// Probabilistic is not available: the recommendation gives no LoS probability.
  LosMode los_mode = LosMode::Terrain;
  /// Percentage of locations at which the loss is not exceeded, 0 < p < 100 (50: median).
  double location_percent = 50.0;
  /// Effective earth-radius factor for the terrain LoS test (> 0); from a scenario, the
  /// [propagation] k_factor.
  double k_factor = 4.0 / 3.0;
};

/// Builds the model through the registry; throws InputError naming "propagation.p1411.<key>"
/// ("propagation.k_factor" for k_factor) when a parameter is
/// invalid or when the table has no row for the requested combination (e.g. residential LoS,
/// above-rooftop NLoS other than urban high-rise).
///
/// Per link: d = 3-D distance between the antennas (m), raised to the row's minimum distance
/// when shorter (the formulas are not meant for shorter paths, and the loss stays finite);
/// beyond the row's maximum distance and outside its frequency range the formula is
/// extrapolated as given.
std::unique_ptr<PathLossModel> make_p1411_model(const P1411Params& params);

}  // namespace akichi::prop

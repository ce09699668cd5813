// The NTIA Irregular Terrain Model (propagation/models/ntia_itm.h) as a PathLossModel of the area
// engine: ITM point-to-point mode over the link's terrain profile.
//
// The LinkInput profile (metres, any spacing) is resampled by linear interpolation onto the
// uniform ITM grid of the same number of points (np = profile_n - 1 intervals of d_m / np), in
// thread_local scratch that grows to the longest profile seen and is then reused: no allocation
// per link after warm-up. Without a profile, the straight line between the two ground
// elevations (3 points) is used. The loss is ITM's basic transmission loss at the configured
// time / location / situation quantiles; a link ITM rejects (antenna height outside
// 0.5..3000 m, frequency outside 20..20000 MHz, surface refractivity outside 150..400
// N-units) gets a quiet NaN. A scratch that cannot grow throws std::bad_alloc (the engine's
// failure policy, area.h).
#pragma once

#include <string_view>

#include <memory>
#include <string>

#include "propagation/engine/path_loss_model.h"

namespace akichi::prop {

/// The model's name: in scenarios (model = "itm"), in the registry and for `akichi p2p`.
inline constexpr std::string_view kItmModelName = "itm";

/// Parameters of the "itm" model (scenario keys propagation.itm.<key>).
struct ItmParams {
  int climate = 5;                        ///< radio climate 1..7 (5 continental temperate)
  double N_0 = 301;                       ///< surface refractivity at sea level, 250..400 N-units
  std::string polarization = "vertical";  ///< "vertical" | "horizontal"
  double epsilon = 15;                    ///< relative permittivity of the ground, >= 1
  double sigma_S_per_m = 0.005;           ///< conductivity of the ground, > 0 S/m
  /// Mode of variability: 0 single message, 1 accidental, 2 mobile, 3 broadcast; +10 without
  /// location variability, +20 without direct situation variability.
  int mdvar = 12;
  double time_pct = 50;       ///< time percentage, (0, 100)
  double location_pct = 50;   ///< location percentage, (0, 100)
  double situation_pct = 50;  ///< situation percentage, (0, 100)
};

/// Builds the model through the registry; throws InputError naming the field
/// ("propagation.itm.<key>: found X, expected Y") for a parameter outside its range.
std::unique_ptr<PathLossModel> make_itm_model(const ItmParams& params);

}  // namespace akichi::prop

// What the model adapters (propagation/engine/adapters/*.cpp, one per model, each with its
// registry entry) share: link geometry and the LoS-state parameter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "propagation/engine/model_config.h"

namespace akichi::prop {

/// Mean earth radius used for the effective earth radius k R_e (m).
inline constexpr double kEarthRadius_m = 6371.0e3;

/// Straight-line distance between the two antennas (m):
/// sqrt(d^2 + (z_tx + h_tx - z_rx - h_rx)^2).
double distance_3d_m(const LinkInput& link) noexcept;

/// Whether the terrain profile of `link` clears the straight ray between the antennas
/// (heights z + h above sea level): no intermediate sample i may satisfy
/// z_i + d1 d2 / (2 k R_e) > ray height at d1, with d1, d2 the distances to both ends.
/// Without a profile (profile_n < 3) the link is taken as clear.
/// @param k_factor effective earth-radius factor (> 0)
bool terrain_line_of_sight(const LinkInput& link, double k_factor) noexcept;

/// LoS-probability-weighted loss (dB):
/// -10 log10(P 10^(-L_LoS/10) + (1 - P) 10^(-L_NLoS/10)), evaluated without underflow.
/// @param p_los probability of line of sight (0..1)
double los_weighted_loss_dB(double p_los, double los_dB, double nlos_dB) noexcept;

/// The `los` parameter's text for a LoS mode ("los", "nlos", "probabilistic", "terrain").
std::string_view los_mode_key(LosMode m) noexcept;
/// The LoS mode of a `los` text (one of the texts above; anything else is Probabilistic).
LosMode los_mode_of_key(std::string_view key) noexcept;
/// "LoS", "NLoS", "probabilistic", "terrain": the state as model descriptions write it.
std::string_view los_mode_name(LosMode m) noexcept;

}  // namespace akichi::prop

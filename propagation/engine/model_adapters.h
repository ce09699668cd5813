// The PathLossModel implementations built by make_path_loss_model() (declared in
// propagation/engine/path_loss_model.h), and the link-geometry helpers they share:
//   "free_space" ITU-R P.525-4 over the 3-D distance          (propagation/models/itu_r_p525.h)
//   "p526"       P.525-4 + ITU-R P.526-15 delta-Bullington    (propagation/models/itu_r_p526_15.h)
//   "tr38901"    3GPP TR 38.901 V17.0.0 §7.4.1/§7.4.2         (propagation/models/tr38901.h)
#pragma once

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

}  // namespace akichi::prop

// The clutter types of ITU-R P.2108-1 (09/2021) Annex 1 §3.1 Table 3 and their default
// representative clutter heights. They sit here, below the models, because they are also the
// vocabulary of the land cover (propagation/terrain/land_cover.h): a land-cover class is mapped
// to one of them. propagation/models/itu_r_p2108_1.h uses these definitions.
#pragma once

namespace akichi::prop::p2108 {

/// Clutter types of §3.1 Table 3 (the integer values of the NTIA test data).
enum class ClutterType : int {
  WaterSea = 1,
  OpenRural = 2,
  Suburban = 3,
  Urban = 4,
  TreesForest = 5,
  DenseUrban = 6,
};

/// Default representative clutter height R (m) of §3.1 Table 3: 10 m for water/sea, open/rural
/// and suburban, 15 m for urban and trees/forest, 20 m for dense urban.
constexpr double default_clutter_height_m(ClutterType type) noexcept {
  switch (type) {  // Table 3
    case ClutterType::WaterSea:
    case ClutterType::OpenRural:
    case ClutterType::Suburban:
      return 10.0;
    case ClutterType::Urban:
    case ClutterType::TreesForest:
      return 15.0;
    case ClutterType::DenseUrban:
      return 20.0;
  }
  return 10.0;
}

}  // namespace akichi::prop::p2108

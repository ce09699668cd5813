// Losses the coverage analysis adds on top of any path-loss model's basic transmission loss:
//   ClutterLoss        ITU-R P.2108-1 §3.2 terrestrial statistical clutter loss
//                      (propagation/models/itu_r_p2108_1.h)
//   BuildingEntryLoss  ITU-R P.2109-2 building entry loss (propagation/models/itu_r_p2109_2.h)
// Each is built once from validated parameters (InputError naming "propagation.<name>.<key>")
// and evaluated per link by a noexcept, allocation-free loss_dB().
// The clutter loss is for terrain models that do not already contain clutter (free space,
// P.526, P.452, ITM...): the empirical P.1411 and TR 38.901 path losses include the clutter of
// the measured environments, and P.1411 warns that adding a separate clutter loss to them would
// count it twice.
#pragma once

#include <string>

namespace akichi::prop {

/// Parameters of the P.2108 §3.2 clutter loss (scenario keys propagation.clutter_loss.<key>).
struct ClutterLossParams {
  /// Percentage of locations at which the clutter loss is not exceeded, 0 < p < 100.
  double location_percent = 50.0;
  /// Add the loss at both ends of the path (P.2108-1 §3.2 allows it for d >= 1 km; shorter
  /// paths get it once).
  bool both_ends = false;
};

/// P.2108-1 §3.2 clutter loss for terrestrial paths with a terminal in urban/suburban clutter.
class ClutterLoss {
 public:
  /// Throws InputError "propagation.clutter_loss.location_percent: found X, expected 0 < p < 100".
  explicit ClutterLoss(const ClutterLossParams& params);

  /// Clutter loss (dB) to add to the basic transmission loss of a link.
  /// @param freq_Hz frequency; CLAMPED to the model's 0.5-67 GHz
  /// @param d_m     horizontal path length; CLAMPED to the model's minimum of 250 m
  double loss_dB(double freq_Hz, double d_m) const noexcept;

  const ClutterLossParams& params() const noexcept { return params_; }
  std::string describe() const;

 private:
  ClutterLossParams params_;
};

/// Parameters of the P.2109-2 building entry loss (scenario keys
/// propagation.building_entry_loss.<key>).
struct BuildingEntryLossParams {
  /// "traditional" | "thermally_efficient" (P.2109-2 Table 1)
  std::string building_type = "traditional";
  /// Probability (%) that the loss is not exceeded, 0 < P < 100.
  double probability_percent = 50.0;
};

/// P.2109-2 building entry loss for a terminal inside a building.
class BuildingEntryLoss {
 public:
  /// Throws InputError naming propagation.building_entry_loss.building_type or
  /// .probability_percent.
  explicit BuildingEntryLoss(const BuildingEntryLossParams& params);

  /// Building entry loss (dB) to add to the basic transmission loss.
  /// @param freq_Hz       frequency; CLAMPED to the model's 0.08-100 GHz
  /// @param elevation_deg elevation of the path at the facade (degrees); CLAMPED to -90..90
  double loss_dB(double freq_Hz, double elevation_deg) const noexcept;

  const BuildingEntryLossParams& params() const noexcept { return params_; }
  std::string describe() const;

 private:
  BuildingEntryLossParams params_;
  int type_ = 1;  // p2109::BuildingType
};

}  // namespace akichi::prop

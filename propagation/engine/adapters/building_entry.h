// Building entry loss at the indoor ends of a link, as a decorator around any PathLossModel:
//   L = L_inner + L_BEL(rx end) + L_BEL(tx end)
// An end is indoors when it stands inside a building footprint below the roof (the receiver:
// the cell of the link's (x_rx_m, y_rx_m) in a BuildingMap and h_rx_m < the building's height;
// the transmitter: as configured, or looked up the same way). Both ends in the same building:
// no entry loss (the link does not cross the building's shell); parts of one building that
// overlap or share a wall are one building (BuildingMap::same_building).
//
// L_BEL is ITU-R P.2109-2 Annex 1 §3 (propagation/models/itu_r_p2109_2.h): eq. (1)
//   L_BEL(P) = 10 log10(10^(0.1 A(P)) + 10^(0.1 B(P)) + 10^(0.1 C)),
// with A(P) = F^-1(P) sigma_1 + mu_1 (eq. 2), B(P) = F^-1(P) sigma_2 + mu_2 (eq. 3), C = -3 dB
// (eq. 4), mu_1 = L_h + L_e (eqs. 5, 9, 10), mu_2, sigma_1, sigma_2 (eqs. 6-8) and the Table 1
// coefficients of the building type, at the link's frequency and at the elevation angle of the
// path theta = atan(|(z_tx + h_tx) - (z_rx + h_rx)| / d) (the same |theta| at both ends: eq. (10)
// uses |theta|), or a fixed loss in dB. Outside P.2109-2's 0.08-100 GHz the frequency is
// CLAMPED to the range.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "propagation/engine/path_loss_model.h"
#include "propagation/models/itu_r_p2109_2.h"
#include "propagation/surface/building_map.h"

namespace akichi::prop {

/// How the entry loss of one indoor end is computed.
struct BuildingEntryParams {
  enum class Kind { P2109, Fixed };
  Kind kind = Kind::P2109;
  double fixed_dB = 0;  ///< Fixed: the loss per indoor end (dB, >= 0)
  p2109::BuildingType building = p2109::BuildingType::Traditional;  ///< P2109: Table 1 class
  double probability = 0.5;  ///< P2109: probability the loss is not exceeded, 0 < P < 1
};

/// Where the transmitter end of the links is.
struct TxEnd {
  enum class Kind {
    FromMap,  ///< looked up in the map like the receiver (inside a footprint, below the roof)
    Indoor,   ///< indoors in `building` (an index into the map's buildings, or -1: unknown)
    Outdoor,  ///< outdoors
  };
  Kind kind = Kind::FromMap;
  int building = -1;
};

class BuildingEntryModel final : public PathLossModel {
 public:
  /// @param inner  the model whose basic transmission loss is extended (not null)
  /// @param map    the study's buildings on the study grid (not null)
  /// @param params checked: Fixed needs fixed_dB >= 0 and finite; P2109 needs 0 < P < 1
  ///               (InputError otherwise)
  /// @param tx     the transmitter end
  BuildingEntryModel(std::shared_ptr<const PathLossModel> inner,
                     std::shared_ptr<const BuildingMap> map, const BuildingEntryParams& params,
                     TxEnd tx);

  std::string_view name() const noexcept override { return inner_->name(); }
  bool uses_profile() const noexcept override { return inner_->uses_profile(); }
  bool uses_clutter_heights() const noexcept override { return inner_->uses_clutter_heights(); }
  double loss_dB(const LinkInput& link) const override;
  double loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const override;
  bool reports_mechanism() const noexcept override { return inner_->reports_mechanism(); }
  std::string describe() const override;

  /// Entry loss of one indoor end of `link` (dB), whichever end it is.
  double end_loss_dB(const LinkInput& link) const noexcept;
  /// Entry loss of the link: end_loss_dB per indoor end, none within one building.
  double entry_dB(const LinkInput& link) const noexcept;
  /// The building the receiver end of `link` is indoors in, or -1.
  int rx_building(const LinkInput& link) const noexcept;
  /// The building the transmitter end is indoors in (-1: indoors in an unknown building), or -2
  /// when it is outdoors.
  int tx_building(const LinkInput& link) const noexcept;

  const PathLossModel& inner() const noexcept { return *inner_; }

 private:
  std::shared_ptr<const PathLossModel> inner_;
  std::shared_ptr<const BuildingMap> map_;
  BuildingEntryParams params_;
  TxEnd tx_;
};

/// One-line description of the entry-loss parameters ("P.2109-2 traditional, P = 0.5" ...).
std::string describe_building_entry(const BuildingEntryParams& params);

}  // namespace akichi::prop

// Parameters of the Hata-family adapters: the NTIA extended Hata over the terrain profile
// (propagation/models/ntia_ehata.h) and the ERC Report 68 / SEAMCAT extended Hata
// (propagation/models/extended_hata_seamcat.h, distance and heights only).
#pragma once

#include <string_view>

#include <memory>
#include <string>

#include "propagation/engine/path_loss_model.h"

namespace akichi::prop {

/// The model's name: in scenarios (model = "ehata-ntia"), in the registry and for `akichi p2p`.
inline constexpr std::string_view kEhataNtiaModelName = "ehata-ntia";

/// [propagation.ehata-ntia]
struct EhataParams {
  /// "urban" (NLCD 23/24) | "suburban" (NLCD 22) | "rural" (any other NLCD code)
  std::string environment = "urban";
  /// NTIA "reliability": fraction of locations where the loss does not exceed the value...
  /// as the NTIA Variability() applies it: L = L_median - z(reliability) sigma, with
  /// P(Z > z) = reliability. 0.5 gives the median. Range (0, 1) exclusive.
  double reliability = 0.5;
};

/// [propagation.extended-hata]
struct ExtendedHataParams {
  std::string environment = "urban";  ///< "urban" | "suburban" | "open"
  std::string roof = "above";         ///< "above" | "below" (sigma only, informative)
  /// Continue the 2000-3000 MHz expression to 6000 MHz (local-5G 4.6-4.9 GHz use); when false
  /// the model stops at 3000 MHz as ERC Report 68 / SEAMCAT state it (NaN above).
  bool extend_above_3GHz = true;
};

/// NTIA eHata: the transmitter is the base station, the receiver the mobile; the engine's
/// profile (metres, equally spaced, transmitter first) is reversed to the model's mobile-first
/// order. Built through the registry: throws InputError "propagation.ehata-ntia.<key>: found X,
/// expected Y" for a parameter its schema refuses.
std::unique_ptr<PathLossModel> make_ehata_ntia_model(const EhataParams& params);

/// SEAMCAT extended Hata on the link distance and the two antenna heights above ground (the
/// model is reciprocal: Hb = max, Hm = min). Built through the registry: throws InputError
/// "propagation.extended-hata.<key>: found X, expected Y".
std::unique_ptr<PathLossModel> make_extended_hata_model(const ExtendedHataParams& params);

}  // namespace akichi::prop

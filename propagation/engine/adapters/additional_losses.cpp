// P.2108-1 §3.2 clutter loss and P.2109-2 building entry loss as add-ons. See the header.
#include "propagation/engine/adapters/additional_losses.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/errors.h"
#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/models/itu_r_p2109_2.h"

namespace akichi::prop {

ClutterLoss::ClutterLoss(const ClutterLossParams& params) : params_(params) {
  if (!(params.location_percent > 0.0 && params.location_percent < 100.0)) {
    throw_input_error(InputLocation{}, "propagation.clutter_loss.location_percent",
                      fmt::format("{}", params.location_percent), "0 < p < 100");
  }
}

double ClutterLoss::loss_dB(double freq_Hz, double d_m) const noexcept {
  const double f_GHz = std::clamp(freq_Hz * 1e-9, 0.5, 67.0);  // P.2108-1 §3.2 domain
  const double d_km = std::max(d_m * 1e-3, 0.25);              // P.2108-1 §3.2: d >= 0.25 km
  const double one_end_dB =
      p2108::terrestrial_clutter_loss_dB(f_GHz, d_km, params_.location_percent);
  return (params_.both_ends && d_km >= 1.0) ? 2.0 * one_end_dB : one_end_dB;
}

std::string ClutterLoss::describe() const {
  return fmt::format("clutter loss: ITU-R P.2108-1 §3.2, {} % of locations, {}",
                     params_.location_percent,
                     params_.both_ends ? "both ends for d >= 1 km" : "one end");
}

BuildingEntryLoss::BuildingEntryLoss(const BuildingEntryLossParams& params) : params_(params) {
  if (params.building_type == "traditional") {
    type_ = static_cast<int>(p2109::BuildingType::Traditional);
  } else if (params.building_type == "thermally_efficient") {
    type_ = static_cast<int>(p2109::BuildingType::ThermallyEfficient);
  } else {
    throw_input_error(InputLocation{}, "propagation.building_entry_loss.building_type",
                      "'" + params.building_type + "'", "traditional or thermally_efficient");
  }
  if (!(params.probability_percent > 0.0 && params.probability_percent < 100.0)) {
    throw_input_error(InputLocation{}, "propagation.building_entry_loss.probability_percent",
                      fmt::format("{}", params.probability_percent), "0 < P < 100");
  }
}

double BuildingEntryLoss::loss_dB(double freq_Hz, double elevation_deg) const noexcept {
  const double f_GHz = std::clamp(freq_Hz * 1e-9, 0.08, 100.0);  // P.2109-2 domain
  const double theta_deg = std::clamp(elevation_deg, -90.0, 90.0);
  return p2109::building_entry_loss_dB(f_GHz, params_.probability_percent / 100.0,
                                       static_cast<p2109::BuildingType>(type_), theta_deg);
}

std::string BuildingEntryLoss::describe() const {
  return fmt::format("building entry loss: ITU-R P.2109-2, {} building, {} % probability",
                     params_.building_type, params_.probability_percent);
}

}  // namespace akichi::prop

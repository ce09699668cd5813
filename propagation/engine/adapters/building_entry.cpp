// Building entry loss decorator. See the header for the method and its source.
#include "propagation/engine/adapters/building_entry.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::prop {
namespace {
constexpr int kOutdoor = -2;
}  // namespace

BuildingEntryModel::BuildingEntryModel(std::shared_ptr<const PathLossModel> inner,
                                       std::shared_ptr<const BuildingMap> map,
                                       const BuildingEntryParams& params, TxEnd tx)
    : inner_(std::move(inner)), map_(std::move(map)), params_(params), tx_(tx) {
  if (inner_ == nullptr || map_ == nullptr) {
    throw RuntimeError("BuildingEntryModel needs a model and a building map");
  }
  if (params_.kind == BuildingEntryParams::Kind::Fixed) {
    if (!(params_.fixed_dB >= 0) || !std::isfinite(params_.fixed_dB)) {
      throw_input_error({}, "buildings.entry_loss", fmt::format("{}", params_.fixed_dB),
                        "a loss >= 0 (dB) or \"p2109\"");
    }
  } else if (!(params_.probability > 0 && params_.probability < 1)) {
    throw_input_error({}, "buildings.p2109_probability", fmt::format("{}", params_.probability),
                      "a probability in (0, 1) (ITU-R P.2109-2 §3)");
  }
}

double BuildingEntryModel::end_loss_dB(const LinkInput& link) const noexcept {
  if (params_.kind == BuildingEntryParams::Kind::Fixed) return params_.fixed_dB;
  const double f_GHz = std::clamp(link.freq_Hz * 1e-9, 0.08, 100.0);  // P.2109-2 §3 domain
  const double dz_m = std::fabs((link.z_tx_m + link.h_tx_m) - (link.z_rx_m + link.h_rx_m));
  const double theta_deg = std::atan2(dz_m, link.d_m) * 180.0 / std::numbers::pi;
  return p2109::building_entry_loss_dB(f_GHz, params_.probability, params_.building,
                                       theta_deg);  // eq. (1)
}

int BuildingEntryModel::rx_building(const LinkInput& link) const noexcept {
  return map_->indoor_building_at_point(link.x_rx_m, link.y_rx_m, link.h_rx_m);
}

int BuildingEntryModel::tx_building(const LinkInput& link) const noexcept {
  switch (tx_.kind) {
    case TxEnd::Kind::Outdoor:
      return kOutdoor;
    case TxEnd::Kind::Indoor:
      return tx_.building;
    case TxEnd::Kind::FromMap: {
      const int b = map_->indoor_building_at_point(link.x_tx_m, link.y_tx_m, link.h_tx_m);
      return b >= 0 ? b : kOutdoor;
    }
  }
  return kOutdoor;
}

double BuildingEntryModel::entry_dB(const LinkInput& link) const noexcept {
  const int rx = rx_building(link);
  const int tx = tx_building(link);
  const bool rx_in = rx >= 0, tx_in = tx != kOutdoor;
  if (!rx_in && !tx_in) return 0.0;
  // The same building (one part, or overlapping parts of one): no shell crossed.
  if (rx_in && tx_in && map_->same_building(rx, tx)) return 0.0;
  const double end_dB = end_loss_dB(link);
  return (rx_in ? end_dB : 0.0) + (tx_in ? end_dB : 0.0);
}

double BuildingEntryModel::loss_dB(const LinkInput& link) const {
  return inner_->loss_dB(link) + entry_dB(link);
}

double BuildingEntryModel::loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const {
  return inner_->loss_and_mechanism_dB(link, dominant) + entry_dB(link);
}

std::string describe_building_entry(const BuildingEntryParams& p) {
  if (p.kind == BuildingEntryParams::Kind::Fixed)
    return fmt::format("building entry loss {} dB per indoor end", p.fixed_dB);
  return fmt::format(
      "building entry loss ITU-R P.2109-2 ({} building, P = {}) per indoor end",
      p.building == p2109::BuildingType::Traditional ? "traditional" : "thermally efficient",
      p.probability);
}

std::string BuildingEntryModel::describe() const {
  return inner_->describe() + " + " + describe_building_entry(params_);
}

}  // namespace akichi::prop

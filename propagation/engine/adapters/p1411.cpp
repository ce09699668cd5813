// The P.1411-12 site-general adapter. See the header.
#include "propagation/engine/adapters/p1411.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "base/errors.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/models/itu_r_p1057_7.h"
#include "propagation/models/itu_r_p1411_12.h"

namespace akichi::prop {

namespace {

[[noreturn]] void bad(std::string_view key, std::string_view found, std::string_view expected) {
  throw_input_error(InputLocation{}, fmt::format("propagation.p1411.{}", key), found, expected);
}

std::string_view state_name(LosMode m) {
  switch (m) {
    case LosMode::Los:
      return "LoS";
    case LosMode::Nlos:
      return "NLoS";
    case LosMode::Terrain:
      return "terrain";
    case LosMode::Probabilistic:
      return "probabilistic";
  }
  return "?";
}

class P1411Model final : public PathLossModel {
 public:
  P1411Model(const P1411Params& params, const p1411::SiteGeneralRow* los,
             const p1411::SiteGeneralRow* nlos)
      : params_(params),
        los_(los),
        nlos_(nlos),
        z_(p1057::inverse_normal_cdf(params.location_percent / 100.0)) {}

  std::string_view name() const noexcept override { return "p1411"; }
  bool uses_profile() const noexcept override { return params_.los_mode == LosMode::Terrain; }

  double loss_dB(const LinkInput& link) const noexcept override {
    const p1411::SiteGeneralRow* row = nlos_;
    if (params_.los_mode == LosMode::Los ||
        (params_.los_mode == LosMode::Terrain && terrain_line_of_sight(link, params_.k_factor))) {
      row = los_;
    }
    const double d_m = std::max(distance_3d_m(link), row->d_min_m);
    return p1411::loss_at_quantile_dB(*row, link.freq_Hz * 1e-9, d_m, z_);
  }

  std::string describe() const override {
    return fmt::format(
        "p1411: ITU-R P.1411-12 site-general model ({}), {}, LoS state {}, {} % of locations{}",
        params_.placement == "above_rooftop" ? "§4.2.1 above rooftop" : "§4.1.1 below rooftop",
        params_.environment, state_name(params_.los_mode), params_.location_percent,
        params_.los_mode == LosMode::Terrain ? fmt::format(", k = {:.4g}", params_.k_factor)
                                             : std::string());
  }

 private:
  P1411Params params_;
  const p1411::SiteGeneralRow* los_;
  const p1411::SiteGeneralRow* nlos_;
  double z_;  // F^-1(p / 100), the location quantile of the Gaussian term
};

}  // namespace

std::unique_ptr<PathLossModel> make_p1411_model(const P1411Params& params) {
  p1411::Placement placement{};
  if (params.placement == "below_rooftop") {
    placement = p1411::Placement::BelowRooftop;
  } else if (params.placement == "above_rooftop") {
    placement = p1411::Placement::AboveRooftop;
  } else {
    bad("placement", "'" + params.placement + "'", "below_rooftop or above_rooftop");
  }
  p1411::Environment env{};
  if (params.environment == "urban_high_rise") {
    env = p1411::Environment::UrbanHighRise;
  } else if (params.environment == "urban_low_rise_suburban") {
    env = p1411::Environment::UrbanLowRiseSuburban;
  } else if (params.environment == "residential") {
    env = p1411::Environment::Residential;
  } else {
    bad("environment", "'" + params.environment + "'",
        "urban_high_rise, urban_low_rise_suburban or residential");
  }
  if (params.los_mode == LosMode::Probabilistic) {
    bad("los_mode", "probabilistic",
        "los, nlos or terrain (ITU-R P.1411-12 gives no LoS probability)");
  }
  if (!(params.location_percent > 0.0 && params.location_percent < 100.0)) {
    bad("location_percent", fmt::format("{}", params.location_percent), "0 < p < 100");
  }
  if (!(params.k_factor > 0.0) || !std::isfinite(params.k_factor)) {
    bad("k_factor", fmt::format("{}", params.k_factor), "a positive number");
  }
  const p1411::SiteGeneralRow* los = p1411::site_general_row(placement, env, p1411::PathState::LoS);
  const p1411::SiteGeneralRow* nlos =
      p1411::site_general_row(placement, env, p1411::PathState::NLoS);
  const bool need_los = params.los_mode != LosMode::Nlos;
  const bool need_nlos = params.los_mode != LosMode::Los;
  if ((need_los && los == nullptr) || (need_nlos && nlos == nullptr)) {
    const std::string what = fmt::format("{} {} with {} state", params.placement,
                                         params.environment, state_name(params.los_mode));
    bad("environment", what,
        need_los && los == nullptr
            ? "an environment with a LoS row (urban_high_rise or urban_low_rise_suburban), or "
              "los_mode nlos"
            : "an environment with an NLoS row (above rooftop: urban_high_rise), or los_mode los");
  }
  return std::make_unique<P1411Model>(params, los != nullptr ? los : nlos,
                                      nlos != nullptr ? nlos : los);
}

}  // namespace akichi::prop

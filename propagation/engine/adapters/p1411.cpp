// The P.1411-12 site-general adapter. See the header.
#include "propagation/engine/adapters/p1411.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "base/errors.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_r_p1057_7.h"
#include "propagation/models/itu_r_p1411_12.h"

namespace akichi::prop {

namespace {

constexpr std::string_view kName = "p1411";

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

  std::string_view name() const noexcept override { return kName; }
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
        "{}: ITU-R P.1411-12 site-general model ({}), {}, LoS state {}, {} % of locations{}", kName,
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

struct Rows {
  const p1411::SiteGeneralRow* los;
  const p1411::SiteGeneralRow* nlos;
};

Rows rows_of(const P1411Params& params) {
  const p1411::Placement placement = params.placement == "above_rooftop"
                                         ? p1411::Placement::AboveRooftop
                                         : p1411::Placement::BelowRooftop;
  const p1411::Environment env =
      params.environment == "residential"               ? p1411::Environment::Residential
      : params.environment == "urban_low_rise_suburban" ? p1411::Environment::UrbanLowRiseSuburban
                                                        : p1411::Environment::UrbanHighRise;
  return {p1411::site_general_row(placement, env, p1411::PathState::LoS),
          p1411::site_general_row(placement, env, p1411::PathState::NLoS)};
}

// The combinations the Recommendation's tables have no row for.
void check(const ModelConfig& c, const Reject& reject) {
  const P1411Params& params = c.p1411;
  if (params.los_mode == LosMode::Probabilistic) {
    reject("los", "probabilistic",
           "los, nlos or terrain (ITU-R P.1411-12 gives no LoS probability)");
  }
  if (params.los_mode == LosMode::Terrain && !(c.k_factor > 0.0 && std::isfinite(c.k_factor))) {
    throw_input_error({}, "propagation.k_factor", fmt::format("{}", c.k_factor),
                      "a positive number");
  }
  const Rows r = rows_of(params);
  const bool need_los = params.los_mode != LosMode::Nlos;
  const bool need_nlos = params.los_mode != LosMode::Los;
  if ((need_los && r.los == nullptr) || (need_nlos && r.nlos == nullptr)) {
    const std::string what = fmt::format("{} {} with {} state", params.placement,
                                         params.environment, state_name(params.los_mode));
    reject("environment", what,
           need_los && r.los == nullptr
               ? "an environment with a LoS row (urban_high_rise or urban_low_rise_suburban), or "
                 "los nlos"
               : "an environment with an NLoS row (above rooftop: urban_high_rise), or los los");
  }
}

std::unique_ptr<PathLossModel> make(const ModelConfig& c) {
  P1411Params params = c.p1411;
  params.k_factor = c.k_factor;  // [propagation] k_factor
  const Rows r = rows_of(params);
  return std::make_unique<P1411Model>(params, r.los != nullptr ? r.los : r.nlos,
                                      r.nlos != nullptr ? r.nlos : r.los);
}

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::Plane;
  e.distance_source = "ITU-R P.1411-12 §4: short street-level paths, measured in the study plane";
  e.summary = "ITU-R P.1411-12 site-general model (§4.1.1 below rooftop, §4.2.1 above rooftop)";
  e.domain.frequency_Hz = Interval{0.3e9, 100e9};
  e.domain.source =
      "ITU-R P.1411-12 (300 MHz-100 GHz; each row of its site-general tables has narrower "
      "frequency and distance ranges, outside which the formula is extrapolated)";
  e.parameters = {
      choice_param(
          "placement", {"below_rooftop", "above_rooftop"}, "below_rooftop",
          "both stations below rooftop (§4.1.1), or one above rooftop (§4.2.1)",
          [](auto& c) -> auto& { return c.p1411.placement; }),
      choice_param(
          "environment", {"urban_high_rise", "urban_low_rise_suburban", "residential"},
          "urban_high_rise", "environment of the site-general table",
          [](auto& c) -> auto& { return c.p1411.environment; }),
      mapped_choice_param(
          "los", {"los", "nlos", "terrain"}, "terrain",
          "LoS state: always LoS, always NLoS, or LoS when the terrain profile clears the ray",
          [](auto& c) -> auto& { return c.p1411.los_mode; }, los_mode_of_key, los_mode_key),
      number_param(
          "location_percent", "%", open(0, 100), 50,
          "percentage of locations at which the loss is not exceeded (50: median)",
          [](auto& c) -> auto& { return c.p1411.location_percent; }),
  };
  e.check = check;
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_p1411_model(const P1411Params& params) {
  ModelConfig c;
  c.name = kName;
  c.p1411 = params;
  c.k_factor = params.k_factor;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

// "tr38901": 3GPP TR 38.901 V17.0.0 §7.4.1 path loss with the LoS state of §7.4.2 (the
// LoS-probability-weighted loss), fixed, or decided by the terrain profile
// (propagation/models/tr38901.h). Registered below.
#include <fmt/format.h>

#include <cmath>

#include "base/errors.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/tr38901.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kName = "tr38901";

class Tr38901Model final : public PathLossModel {
 public:
  Tr38901Model(tr38901::Scenario s, tr38901::Params p, LosMode mode, double k_factor)
      : s_(s), p_(p), mode_(mode), k_(k_factor) {}
  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return mode_ == LosMode::Terrain; }
  double loss_dB(const LinkInput& link) const noexcept override {
    // TR 38.901 heights are above ground: h_BS = h_tx, h_UT = h_rx; d_3D includes terrain.
    const tr38901::PathLoss pl = tr38901::path_loss(s_, p_, link.freq_Hz * 1e-9, link.d_m,
                                                    distance_3d_m(link), link.h_tx_m, link.h_rx_m);
    switch (mode_) {
      case LosMode::Los:
        return pl.los_dB;
      case LosMode::Nlos:
        return pl.nlos_dB;
      case LosMode::Probabilistic:
        return los_weighted_loss_dB(
            tr38901::los_probability(s_, p_, link.d_m, link.h_tx_m, link.h_rx_m), pl.los_dB,
            pl.nlos_dB);
      case LosMode::Terrain:
        return terrain_line_of_sight(link, k_) ? pl.los_dB : pl.nlos_dB;
    }
    return pl.nlos_dB;
  }
  std::string describe() const override {
    // Only the parameters the chosen scenario and LoS mode read.
    std::string params;
    switch (s_) {
      case tr38901::Scenario::RMa:
        params = fmt::format(", h = {} m, W = {} m", p_.h_m, p_.W_m);
        break;
      case tr38901::Scenario::UMa:
        params = fmt::format(", h_E = {} m", p_.h_E_m);
        break;
      case tr38901::Scenario::InF_SL:
      case tr38901::Scenario::InF_DL:
      case tr38901::Scenario::InF_SH:
      case tr38901::Scenario::InF_DH:
        params =
            fmt::format(", r = {}, h_c = {} m, d_clutter = {} m", p_.r, p_.h_c_m, p_.d_clutter_m);
        break;
      default:
        break;
    }
    if (mode_ == LosMode::Terrain) params += fmt::format(", k = {:.4g}", k_);
    return fmt::format("{}: 3GPP TR 38.901 V17.0.0 §7.4.1 path loss, scenario {}, LoS state {}{}",
                       kName, tr38901::scenario_name(s_), los_mode_name(mode_), params);
  }

 private:
  tr38901::Scenario s_;
  tr38901::Params p_;
  LosMode mode_;
  double k_;
};

const std::vector<std::string> kInF = {"InF-SL", "InF-DL", "InF-SH", "InF-DH"};

bool is_inf(const std::string& scenario) {
  return std::find(kInF.begin(), kInF.end(), scenario) != kInF.end();
}

void check(const ModelConfig& c, const Reject& reject) {
  if (is_inf(c.scenario) && c.clutter_height_m > c.hall_ceiling_m) {
    reject("clutter_height_m", fmt::format("{} m", c.clutter_height_m),
           fmt::format("a height <= hall_ceiling_m = {} m (clutter no higher than the hall "
                       "ceiling)",
                       c.hall_ceiling_m));
  }
  if (c.los_mode == LosMode::Terrain && !(std::isfinite(c.k_factor) && c.k_factor > 0.0)) {
    throw_input_error({}, "propagation.k_factor", fmt::format("{}", c.k_factor), "a number > 0");
  }
}

std::unique_ptr<PathLossModel> make(const ModelConfig& c) {
  tr38901::Scenario s{};
  tr38901::parse_scenario(c.scenario, s);  // one of the schema's choices
  tr38901::Params p;
  p.h_m = c.avg_building_height_m;
  p.W_m = c.avg_street_width_m;
  p.h_E_m = c.h_e_m;
  p.r = c.clutter_density;
  p.h_c_m = c.clutter_height_m;
  p.d_clutter_m = c.clutter_size_m;
  return std::make_unique<Tr38901Model>(s, p, c.los_mode, c.k_factor);
}

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::Plane;
  e.distance_source =
      "3GPP TR 38.901 V17.0.0 §7.4.1: d_2D, the distance in the plane of the scenario";
  e.summary = "3GPP TR 38.901 V17.0.0 §7.4.1 path loss, LoS state per §7.4.2";
  e.domain.frequency_Hz = Interval{0.5e9, 100e9};
  e.domain.frequency_enforced = true;
  e.domain.frequency_source = "3GPP TR 38.901 V17.0.0 §7.4.1";
  e.domain.distance_m = Interval{1, 10e3};
  e.domain.rx_height_m = Interval{1, 22.5};
  e.domain.source =
      "3GPP TR 38.901 V17.0.0 §7.4.1 (0.5-100 GHz); distances and terminal heights: the union "
      "of the scenarios' ranges in Table 7.4.1-1";
  const std::vector<std::string> all = {"RMa",    "UMa",    "UMi",    "InH",   "InH-open",
                                        "InF-SL", "InF-DL", "InF-SH", "InF-DH"};
  e.parameters = {
      choice_param(
          "scenario", all, "UMa",
          "TR 38.901 scenario: UMi is the street canyon, InH the mixed office",
          [](auto& c) -> auto& { return c.scenario; }),
      mapped_choice_param(
          "los", {"probabilistic", "los", "nlos", "terrain"}, "probabilistic",
          "LoS state: LoS-probability-weighted loss, always LoS, always NLoS, or LoS when the "
          "terrain profile clears the ray",
          [](auto& c) -> auto& { return c.los_mode; }, los_mode_of_key, los_mode_key),
      only_with(number_param(
                    "avg_building_height_m", "m", closed(5, 50), 5,
                    "average building height h (TR applicability)",
                    [](auto& c) -> auto& { return c.avg_building_height_m; }),
                "scenario", {"RMa"}),
      only_with(number_param(
                    "avg_street_width_m", "m", closed(5, 50), 20,
                    "average street width W (TR applicability)",
                    [](auto& c) -> auto& { return c.avg_street_width_m; }),
                "scenario", {"RMa"}),
      only_with(number_param(
                    "h_e_m", "m", at_least(0), 1, "effective environment height h_E",
                    [](auto& c) -> auto& { return c.h_e_m; }),
                "scenario", {"UMa"}),
      only_with(number_param(
                    "clutter_density", "", Bounds{0, 1, false, true}, 0.2, "clutter density r",
                    [](auto& c) -> auto& { return c.clutter_density; }),
                "scenario", kInF),
      only_with(
          number_param(
              "clutter_height_m", "m", above(0), 2, "clutter height h_c, at most hall_ceiling_m",
              [](auto& c) -> auto& { return c.clutter_height_m; }),
          "scenario", kInF),
      only_with(number_param(
                    "clutter_size_m", "m", above(0), 2, "clutter size d_clutter",
                    [](auto& c) -> auto& { return c.clutter_size_m; }),
                "scenario", kInF),
      only_with(number_param(
                    "hall_ceiling_m", "m", above(0), 10, "hall height",
                    [](auto& c) -> auto& { return c.hall_ceiling_m; }),
                "scenario", kInF),
  };
  e.check = check;
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace
}  // namespace akichi::prop

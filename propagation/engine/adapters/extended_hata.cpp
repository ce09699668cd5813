// "extended-hata" adapter and registry entry: the ERC Report 68 / SEAMCAT extended Hata on the
// distance and the antenna heights (propagation/models/extended_hata_seamcat.h). Parameters:
// ExtendedHataParams (hata.h).
#include "propagation/engine/adapters/hata.h"

#include <fmt/format.h>

#include "propagation/engine/model_registry.h"
#include "propagation/models/extended_hata_seamcat.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kExtendedHataName = "extended-hata";

class ExtendedHataModel final : public PathLossModel {
 public:
  ExtendedHataModel(extended_hata::Environment env, extended_hata::RoofMode roof, bool extend,
                    std::string text)
      : env_(env), roof_(roof), extend_(extend), text_(std::move(text)) {}
  std::string_view name() const noexcept override;
  bool uses_profile() const noexcept override { return false; }
  double loss_dB(const LinkInput& link) const noexcept override {
    return extended_hata::median_loss(link.freq_Hz * 1e-6, link.h_tx_m, link.h_rx_m,
                                      link.d_m * 1e-3, env_, roof_, extend_)
        .L_dB;
  }
  std::string describe() const override { return text_; }

 private:
  extended_hata::Environment env_;
  extended_hata::RoofMode roof_;
  bool extend_;
  std::string text_;
};

std::string_view ExtendedHataModel::name() const noexcept {
  return kExtendedHataName;
}

std::unique_ptr<PathLossModel> make_extended(const ModelConfig& c) {
  const ExtendedHataParams& p = c.extended_hata;
  const extended_hata::Environment env =
      p.environment == "urban"      ? extended_hata::Environment::Urban
      : p.environment == "suburban" ? extended_hata::Environment::Suburban
                                    : extended_hata::Environment::Open;
  const extended_hata::RoofMode roof =
      p.roof == "above" ? extended_hata::RoofMode::AboveRoof : extended_hata::RoofMode::BelowRoof;
  return std::make_unique<ExtendedHataModel>(
      env, roof, p.extend_above_3GHz,
      fmt::format("extended Hata (ERC Report 68 / SEAMCAT), environment {}, {} roof, 30-{} MHz",
                  p.environment, p.roof, extended_hata::max_frequency_MHz(p.extend_above_3GHz)));
}

ModelEntry extended_hata_entry() {
  ModelEntry e;
  e.name = kExtendedHataName;
  e.distance = DistanceKind::Plane;
  e.distance_source =
      "the Hata family measures its distance on the map, the study plane; ERC Report 68 prescribes "
      "no earth model for it";
  e.summary = "ERC Report 68 / SEAMCAT extended Hata on the distance and the antenna heights";
  e.domain.frequency_Hz = Interval{30e6, 6000e6};
  e.domain.frequency_enforced = true;
  e.domain.frequency_source = "ERC Report 68 / SEAMCAT extended Hata";
  e.domain.distance_m = Interval{0, 100e3};
  e.domain.source =
      "ERC Report 68 / SEAMCAT extended Hata (30-3000 MHz; to 6000 MHz with extend_above_3GHz; "
      "distance: alpha is given up to 100 km)";
  e.frequency_for = [](const ModelConfig& c) -> std::optional<Interval> {
    return Interval{30e6,
                    extended_hata::max_frequency_MHz(c.extended_hata.extend_above_3GHz) * 1e6};
  };
  e.parameters = {
      choice_param(
          "environment", {"urban", "suburban", "open"}, "urban", "propagation environment",
          [](auto& c) -> auto& { return c.extended_hata.environment; }),
      choice_param(
          "roof", {"above", "below"}, "above",
          "base station above or below the roofs (the variability's sigma only)",
          [](auto& c) -> auto& { return c.extended_hata.roof; }),
      boolean_param(
          "extend_above_3GHz", true,
          "continue the 2-3 GHz expression to 6 GHz (local 5G at 4.6-4.9 GHz)",
          [](auto& c) -> auto& { return c.extended_hata.extend_above_3GHz; }),
  };
  e.make = make_extended;
  return e;
}

const ModelRegistration extended_hata_registration{extended_hata_entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_extended_hata_model(const ExtendedHataParams& p) {
  ModelConfig c;
  c.name = kExtendedHataName;
  c.extended_hata = p;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

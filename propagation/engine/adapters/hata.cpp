// Area-engine adapters for the Hata family: see hata.h.
#include "propagation/engine/adapters/hata.h"

#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "propagation/engine/model_registry.h"
#include "propagation/models/extended_hata_seamcat.h"
#include "propagation/models/ntia_ehata.h"

namespace akichi::prop {
namespace {

class EhataNtiaModel final : public PathLossModel {
 public:
  EhataNtiaModel(ehata::Environment env, double reliability, std::string env_name)
      : env_(env),
        reliability_(reliability),
        z_shift_(ehata::normal_upper_quantile(reliability)),
        env_name_(std::move(env_name)) {}
  std::string_view name() const noexcept override;
  bool uses_profile() const noexcept override { return true; }
  double loss_dB(const LinkInput& link) const noexcept override {
    const int n = link.profile_n;
    if (n < 2 || link.profile_z_m == nullptr || !(link.d_m > 0))
      return std::numeric_limits<double>::quiet_NaN();
    // Per-thread buffer, grown only when a longer profile arrives (no allocation in steady state).
    thread_local std::vector<double> buf;
    if (buf.size() < 2 * static_cast<std::size_t>(n)) buf.resize(2 * static_cast<std::size_t>(n));
    double* z = buf.data();
    for (int i = 0; i < n; ++i) z[i] = link.profile_z_m[n - 1 - i];  // mobile (receiver) first
    const double step_m = link.d_m / (n - 1);
    return ehata::extended_hata_dB(z, n - 1, step_m, link.freq_Hz * 1e-6, link.h_tx_m, link.h_rx_m,
                                   env_, z_shift_, z + n);
  }
  std::string describe() const override {
    return fmt::format("NTIA extended Hata (TR-15-517, NTIA/ehata), environment {}, reliability {}",
                       env_name_, reliability_);
  }

 private:
  ehata::Environment env_;
  double reliability_;
  double z_shift_;
  std::string env_name_;
};

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

constexpr std::string_view kEhataName = "ehata-ntia";
constexpr std::string_view kExtendedHataName = "extended-hata";

std::unique_ptr<PathLossModel> make_ehata(const ModelConfig& c) {
  const EhataParams& p = c.ehata;
  const ehata::Environment env = p.environment == "urban"      ? ehata::Environment::Urban
                                 : p.environment == "suburban" ? ehata::Environment::Suburban
                                                               : ehata::Environment::Rural;
  return std::make_unique<EhataNtiaModel>(env, p.reliability, p.environment);
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

std::string_view EhataNtiaModel::name() const noexcept {
  return kEhataName;
}

std::string_view ExtendedHataModel::name() const noexcept {
  return kExtendedHataName;
}

ModelEntry ehata_entry() {
  ModelEntry e;
  e.name = kEhataName;
  e.summary = "NTIA extended Hata over the terrain profile (NTIA TR-15-517)";
  e.domain.frequency_Hz = Interval{1500e6, 3000e6};
  e.domain.distance_m = Interval{1e3, 100e3};
  e.domain.tx_height_m = Interval{30, 200};
  e.domain.rx_height_m = Interval{1, 10};
  e.domain.source =
      "NTIA TR-15-517 §2 (fitted 1500-3000 MHz, extrapolated outside; effective heights "
      "clamped to these ranges)";
  e.parameters = {
      choice_param(
          "environment", {"urban", "suburban", "rural"}, "urban",
          "urban (NLCD 23/24), suburban (NLCD 22) or rural (any other NLCD code)",
          [](auto& c) -> auto& { return c.ehata.environment; }),
      number_param(
          "reliability", "", open(0, 1), 0.5,
          "fraction of locations where the loss is not exceeded (0.5: median)",
          [](auto& c) -> auto& { return c.ehata.reliability; }),
  };
  e.make = make_ehata;
  return e;
}

ModelEntry extended_hata_entry() {
  ModelEntry e;
  e.name = kExtendedHataName;
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

const ModelRegistration ehata_registration{ehata_entry()};
const ModelRegistration extended_hata_registration{extended_hata_entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_ehata_ntia_model(const EhataParams& p) {
  ModelConfig c;
  c.name = kEhataName;
  c.ehata = p;
  return make_path_loss_model(c);
}

std::unique_ptr<PathLossModel> make_extended_hata_model(const ExtendedHataParams& p) {
  ModelConfig c;
  c.name = kExtendedHataName;
  c.extended_hata = p;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

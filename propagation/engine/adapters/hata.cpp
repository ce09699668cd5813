// Area-engine adapters for the Hata family: see hata.h.
#include "propagation/engine/adapters/hata.h"

#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
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
  std::string_view name() const noexcept override { return "ehata_ntia"; }
  bool uses_profile() const noexcept override { return true; }
  double loss_dB(const LinkInput& link) const override {
    const int n = link.profile_n;
    if (n < 2 || link.profile_z_m == nullptr || !(link.d_m > 0))
      return std::numeric_limits<double>::quiet_NaN();
    // Per-thread buffer, grown only when a longer profile arrives (no allocation in steady
    // state); a failure to grow is thrown (the failure policy, area.h).
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
  std::string_view name() const noexcept override { return "extended_hata"; }
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

}  // namespace

std::unique_ptr<PathLossModel> make_ehata_ntia_model(const EhataParams& p) {
  ehata::Environment env;
  if (p.environment == "urban")
    env = ehata::Environment::Urban;
  else if (p.environment == "suburban")
    env = ehata::Environment::Suburban;
  else if (p.environment == "rural")
    env = ehata::Environment::Rural;
  else
    throw_input_error({}, "propagation.ehata_ntia.environment", "'" + p.environment + "'",
                      "'urban', 'suburban' or 'rural'");
  if (!(p.reliability > 0.0 && p.reliability < 1.0))
    throw_input_error({}, "propagation.ehata_ntia.reliability", fmt::format("{}", p.reliability),
                      "a fraction strictly between 0 and 1 (0.5 = median)");
  return std::make_unique<EhataNtiaModel>(env, p.reliability, p.environment);
}

std::unique_ptr<PathLossModel> make_extended_hata_model(const ExtendedHataParams& p) {
  extended_hata::Environment env;
  if (p.environment == "urban")
    env = extended_hata::Environment::Urban;
  else if (p.environment == "suburban")
    env = extended_hata::Environment::Suburban;
  else if (p.environment == "open")
    env = extended_hata::Environment::Open;
  else
    throw_input_error({}, "propagation.extended_hata.environment", "'" + p.environment + "'",
                      "'urban', 'suburban' or 'open'");
  extended_hata::RoofMode roof;
  if (p.roof == "above")
    roof = extended_hata::RoofMode::AboveRoof;
  else if (p.roof == "below")
    roof = extended_hata::RoofMode::BelowRoof;
  else
    throw_input_error({}, "propagation.extended_hata.roof", "'" + p.roof + "'",
                      "'above' or 'below'");
  return std::make_unique<ExtendedHataModel>(
      env, roof, p.extend_above_3GHz,
      fmt::format("extended Hata (ERC Report 68 / SEAMCAT), environment {}, {} roof, 30-{} MHz",
                  p.environment, p.roof, extended_hata::max_frequency_MHz(p.extend_above_3GHz)));
}

}  // namespace akichi::prop

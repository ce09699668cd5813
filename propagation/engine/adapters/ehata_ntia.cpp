// "ehata-ntia" adapter and registry entry: the NTIA extended Hata over the terrain profile
// (propagation/models/ntia_ehata.h). Parameters: EhataParams (hata.h).
#include "propagation/engine/adapters/hata.h"

#include <fmt/format.h>

#include <limits>
#include <vector>

#include "propagation/engine/model_registry.h"
#include "propagation/models/ntia_ehata.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kEhataName = kEhataNtiaModelName;

class EhataNtiaModel final : public PathLossModel {
 public:
  EhataNtiaModel(ehata::Environment env, double reliability, std::string env_name)
      : env_(env),
        reliability_(reliability),
        z_shift_(ehata::normal_upper_quantile(reliability)),
        env_name_(std::move(env_name)) {}
  std::string_view name() const noexcept override;
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

std::string_view EhataNtiaModel::name() const noexcept {
  return kEhataName;
}

std::unique_ptr<PathLossModel> make_ehata(const ModelConfig& c) {
  const EhataParams& p = c.ehata;
  const ehata::Environment env = p.environment == "urban"      ? ehata::Environment::Urban
                                 : p.environment == "suburban" ? ehata::Environment::Suburban
                                                               : ehata::Environment::Rural;
  return std::make_unique<EhataNtiaModel>(env, p.reliability, p.environment);
}

ModelEntry ehata_entry() {
  ModelEntry e;
  e.name = kEhataName;
  e.distance = DistanceKind::Plane;
  e.distance_source =
      "the Hata family measures its distance on the map, the study plane; NTIA TR-15-517 "
      "prescribes no earth model for it";
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

const ModelRegistration ehata_registration{ehata_entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_ehata_ntia_model(const EhataParams& p) {
  ModelConfig c;
  c.name = kEhataName;
  c.ehata = p;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

// "p526": ITU-R P.525-4 free-space loss plus ITU-R P.526-15 delta-Bullington diffraction over
// the terrain profile (propagation/models/itu_r_p526_15.h), with the ground constants of the
// spherical-earth term. Registered below.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <span>

#include "base/errors.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/itu_r_p526_15.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kName = "p526";

class P526Model final : public PathLossModel {
 public:
  P526Model(double k_factor, p526::Surface surface) : k_(k_factor), surface_(surface) {}
  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return true; }
  double loss_dB(const LinkInput& link) const override {
    const double f_GHz = link.freq_Hz * 1e-9;
    const double hts = link.z_tx_m + link.h_tx_m;
    const double hrs = link.z_rx_m + link.h_rx_m;
    const double ae_km = p526::kEarthRadius_km * k_;
    const std::array<double, 2> ends_d{0.0, link.d_m};
    const std::array<double, 2> ends_z{link.z_tx_m, link.z_rx_m};
    std::span<const double> d(ends_d);
    std::span<const double> z(ends_z);
    if (link.profile_n >= 2 && link.profile_d_m != nullptr && link.profile_z_m != nullptr) {
      d = std::span<const double>(link.profile_d_m, static_cast<std::size_t>(link.profile_n));
      z = std::span<const double>(link.profile_z_m, static_cast<std::size_t>(link.profile_n));
    }
    const double Ld = p526::delta_bullington_loss_dB(d, z, hts, hrs, f_GHz, ae_km, surface_,
                                                     1e-3 /* profile in metres */);
    return p525::free_space_loss_dB_si(link.freq_Hz, distance_3d_m(link)) + Ld;
  }
  std::string describe() const override {
    return fmt::format(
        "{}: ITU-R P.525-4 free-space loss + ITU-R P.526-15 delta-Bullington diffraction over "
        "the terrain profile (k = {:.4g}, {} polarization, eps_r = {}, sigma = {} S/m)",
        kName, k_, surface_.pol == p526::Polarization::Vertical ? "vertical" : "horizontal",
        surface_.eps_r, surface_.sigma_S_per_m);
  }

 private:
  double k_;
  p526::Surface surface_;
};

std::unique_ptr<PathLossModel> make(const ModelConfig& c) {
  if (!(std::isfinite(c.k_factor) && c.k_factor > 0.0)) {
    throw_input_error({}, "propagation.k_factor", fmt::format("{}", c.k_factor), "a number > 0");
  }
  p526::Surface surface;
  surface.pol = c.polarization == "horizontal" ? p526::Polarization::Horizontal
                                               : p526::Polarization::Vertical;
  surface.eps_r = c.ground_permittivity;
  surface.sigma_S_per_m = c.ground_conductivity_S_per_m;
  return std::make_unique<P526Model>(c.k_factor, surface);
}

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::GreatCircle;
  e.distance_source =
      "ITU-R P.526-15 §4.5: the profile over the curved earth of radius k x 6371 km, its "
      "distances along that sphere";
  e.summary =
      "ITU-R P.526-15 diffraction over the terrain profile (delta-Bullington) plus free space";
  e.domain.source = "ITU-R P.526-15 (no stated limits)";
  e.parameters = {
      choice_param(
          "polarization", {"vertical", "horizontal"}, "vertical", "polarization of the wave",
          [](auto& c) -> auto& { return c.polarization; }),
      number_param(
          "ground_permittivity", "", at_least(1), 22,
          "relative permittivity of the ground (P.452-18 land: 22; sea: 80)",
          [](auto& c) -> auto& { return c.ground_permittivity; }),
      number_param(
          "ground_conductivity_S_per_m", "S/m", above(0), 0.003,
          "conductivity of the ground (P.452-18 land: 0.003; sea: 5)",
          [](auto& c) -> auto& { return c.ground_conductivity_S_per_m; }),
  };
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace
}  // namespace akichi::prop

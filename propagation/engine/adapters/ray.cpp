// The "ray-2.5d" adapter. See the header.
#include "propagation/engine/adapters/ray.h"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "base/errors.h"
#include "propagation/models/itu_r_p2040_3.h"
#include "propagation/models/ray_2p5d.h"
#include "propagation/surface/building_index.h"

namespace akichi::prop {

namespace {

[[noreturn]] void bad(std::string_view key, std::string_view found, std::string_view expected) {
  throw_input_error(InputLocation{}, fmt::format("propagation.ray.{}", key), found, expected);
}

Mechanism mechanism_of(ray::Dominant d) noexcept {
  switch (d) {
    case ray::Dominant::Direct:
      return Mechanism::LoS;
    case ray::Dominant::Reflected:
      return Mechanism::Reflected;
    case ray::Dominant::Diffracted:
      return Mechanism::Diffracted;
    case ray::Dominant::None:
      break;
  }
  return Mechanism::None;
}

class RayModel final : public PathLossModel {
 public:
  RayModel(const ray::Options& opt, std::string ground_name,
           std::shared_ptr<const Buildings> buildings)
      : opt_(opt), ground_name_(std::move(ground_name)), index_(std::move(buildings)) {}

  std::string_view name() const noexcept override { return "ray-2.5d"; }
  bool uses_profile() const noexcept override { return false; }
  bool reports_mechanism() const noexcept override { return true; }

  double loss_dB(const LinkInput& link) const override {
    Mechanism m;
    return loss_and_mechanism_dB(link, m);
  }

  double loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const override {
    const ray::End tx{link.x_tx_m, link.y_tx_m, link.z_tx_m, link.h_tx_m};
    const ray::End rx{link.x_rx_m, link.y_rx_m, link.z_rx_m, link.h_rx_m};
    const ray::Result r = ray::trace(index_, opt_, link.freq_Hz, link.d_m, tx, rx);
    dominant = mechanism_of(r.dominant);
    return r.loss_dB;
  }

  std::string describe() const override {
    return fmt::format(
        "ray-2.5d: deterministic 2.5-D rays over {} buildings ({} walls): direct ray with "
        "ITU-R P.526-15 knife-edge (Deygout) roof diffraction{}, {} wall reflections (ITU-R "
        "P.2040-3 Fresnel){}{}, {} sum, {} polarization, search excess {} m",
        index_.buildings().size(), index_.walls().size(), opt_.roof_diffraction ? "" : " off",
        opt_.max_reflections,
        opt_.ground_reflection ? fmt::format(", ground reflection ({})", ground_name_) : "",
        opt_.edge_diffraction ? ", UTD corner diffraction" : "",
        opt_.combine == ray::Combine::Power ? "power" : "coherent",
        opt_.vertical_polarization ? "vertical" : "horizontal", opt_.max_path_excess_m);
  }

 private:
  ray::Options opt_;
  std::string ground_name_;
  BuildingIndex index_;
};

}  // namespace

std::unique_ptr<PathLossModel> make_ray_model(const RayParams& p, const std::string& polarization,
                                              std::shared_ptr<const Buildings> buildings) {
  ray::Options o;
  if (p.max_reflections < 0 || p.max_reflections > 3) {
    bad("max_reflections", fmt::format("{}", p.max_reflections), "an integer in [0, 3]");
  }
  o.max_reflections = p.max_reflections;
  o.ground_reflection = p.ground_reflection;
  o.roof_diffraction = p.roof_diffraction;
  o.edge_diffraction = p.edge_diffraction;
  if (p.combine == "power") {
    o.combine = ray::Combine::Power;
  } else if (p.combine == "coherent") {
    o.combine = ray::Combine::Coherent;
  } else {
    bad("combine", "'" + p.combine + "'", "power or coherent");
  }
  if (polarization == "vertical") {
    o.vertical_polarization = true;
  } else if (polarization == "horizontal") {
    o.vertical_polarization = false;
  } else {
    bad("polarization", "'" + polarization + "'", "vertical or horizontal");
  }
  const auto m = p2040::find_material(p.ground_material);
  if (!m) {
    std::string names;
    for (const auto& n : p2040::material_names()) names += (names.empty() ? "" : ", ") + n;
    bad("ground_material", "'" + p.ground_material + "'", "one of " + names);
  }
  o.ground_material = *m;
  if (!(std::isfinite(p.max_path_excess_m) && p.max_path_excess_m > 0.0)) {
    bad("max_path_excess_m", fmt::format("{}", p.max_path_excess_m), "a length > 0 m");
  }
  o.max_path_excess_m = p.max_path_excess_m;
  if (buildings) {
    for (const Building& b : *buildings) {
      if (b.material >= p2040::materials().size()) {
        bad("material", fmt::format("index {} of building '{}'", b.material, b.id),
            "an index into the ITU-R P.2040-3 Table 3 materials");
      }
    }
  }
  return std::make_unique<RayModel>(o, p.ground_material, std::move(buildings));
}

}  // namespace akichi::prop

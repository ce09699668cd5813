// The 2.5-D ray adapter and its registry entry. See the header.
#include "propagation/engine/adapters/ray.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "base/errors.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_r_p2040_3.h"
#include "propagation/models/ray_2p5d.h"
#include "propagation/surface/building_index.h"
#include "propagation/surface/building_reader.h"

namespace akichi::prop {

namespace {

constexpr std::string_view kName = "ray-2.5d";

Mechanism mechanism_of(ray::Dominant d) noexcept {
  switch (d) {
    case ray::Dominant::Direct:
      return Mechanism::LoS;
    case ray::Dominant::Reflected:
      return Mechanism::Reflected;
    case ray::Dominant::Diffracted:
      return Mechanism::Diffracted;
    case ray::Dominant::Transmitted:
      return Mechanism::Transmitted;
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

  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return false; }
  bool reports_mechanism() const noexcept override { return true; }

  double loss_dB(const LinkInput& link) const override {
    Mechanism m;
    return loss_and_mechanism_dB(link, m);
  }

  double loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const override {
    const ray::End tx{link.x_tx_m, link.y_tx_m, link.z_tx_m, link.h_tx_m};
    const ray::End rx{link.x_rx_m, link.y_rx_m, link.z_rx_m, link.h_rx_m};
    const ray::Result r = ray::trace(index_, opt_, link.freq_Hz, link.d_m, tx, rx, link.terrain);
    dominant = mechanism_of(r.dominant);
    return r.loss_dB;
  }

  std::string describe() const override {
    return fmt::format(
        "{}: deterministic 2.5-D rays over {} buildings ({}{} walls): direct ray with "
        "ITU-R P.526-15 knife-edge (Deygout) roof diffraction{}, {} wall reflections (ITU-R "
        "P.2040-3 Fresnel){}{}{}{}{}, {} sum, {} polarization, search excess {} m; {}",
        kName, index_.building_count(),
        index_.building_count() == index_.buildings().size()
            ? std::string()
            : fmt::format("{} parts, ", index_.buildings().size()),
        index_.walls().size(), opt_.roof_diffraction ? "" : " off", opt_.max_reflections,
        opt_.ground_reflection
            ? fmt::format(", ground reflection ({}){}", ground_name_,
                          opt_.wall_ground_reflections && opt_.max_reflections > 0
                              ? ", wall-ground reflections"
                              : "")
            : "",
        opt_.edge_diffraction ? ", UTD corner diffraction" : "",
        opt_.reflection_diffraction_order > 0 && opt_.max_reflections > 0 &&
                (opt_.roof_diffraction || opt_.edge_diffraction)
            ? fmt::format(
                  ", reflection-diffraction (one diffraction, up to {} wall reflection{})",
                  std::min(opt_.reflection_diffraction_order, opt_.max_reflections),
                  std::min(opt_.reflection_diffraction_order, opt_.max_reflections) > 1 ? "s" : "")
            : "",
        opt_.wall_transmission ? ", transmission through walls (ITU-R P.2040-3 slabs)" : "",
        opt_.terrain ? ", terrain under the rays (reflection on the local slope, knife edges, "
                       "blocking)"
                     : ", ground flat at each end",
        opt_.combine == ray::Combine::Power ? "power" : "coherent",
        opt_.vertical_polarization ? "vertical" : "horizontal", opt_.max_path_excess_m,
        describe_indoor());
  }

  /// The indoor part of describe().
  std::string describe_indoor() const {
    const ray::IndoorOptions& in = opt_.indoor;
    const bool free = !in.by_use && in.forced == ray::IndoorScenario::FreeSpace;
    std::string s =
        free ? std::string("inside a building: the rays as outdoors")
        : in.by_use
            ? fmt::format(
                  "inside a building: 3GPP TR 38.901 V17.0.0 indoor path loss by the building's "
                  "use (office InH, open office InH-open, factory InF, others {})",
                  ray::indoor_scenario_name(in.default_scenario))
            : fmt::format("inside a building: 3GPP TR 38.901 V17.0.0 indoor path loss, {}",
                          ray::indoor_scenario_name(in.forced));
    if (in.by_use && !index_.empty()) {
      // Footprints per use, in the order of BuildingUse.
      std::array<std::size_t, 5> n{};
      for (const Building& b : index_.buildings()) ++n[static_cast<std::size_t>(b.use)];
      std::string uses;
      for (std::size_t u = 0; u < n.size(); ++u) {
        if (n[u] == 0) continue;
        uses += fmt::format("{}{} {}", uses.empty() ? "" : ", ", n[u],
                            building_use_name(static_cast<BuildingUse>(u)));
      }
      s += fmt::format(" [footprints: {}]", uses);
    }
    if (!free) {
      s += fmt::format(", LoS state {}", in.los == ray::IndoorLos::Los    ? "LoS"
                                         : in.los == ray::IndoorLos::Nlos ? "NLoS"
                                                                          : "probabilistic");
      const bool inf = in.by_use || (in.forced != ray::IndoorScenario::InH_Mixed &&
                                     in.forced != ray::IndoorScenario::InH_Open);
      if (inf) {
        s += fmt::format(", InF r = {}, h_c = {} m, d_clutter = {} m", in.clutter_density,
                         in.clutter_height_m, in.clutter_size_m);
      }
    }
    if (in.depth_loss) {
      s += "; indoor ends of other links: the indoor model's excess over free space up to the "
           "building's shell";
    }
    return s;
  }

 private:
  ray::Options opt_;
  std::string ground_name_;
  BuildingIndex index_;
};

void check(const ModelConfig& c, const Reject& reject) {
  if (!c.buildings) return;
  for (const Building& b : *c.buildings) {
    if (b.material >= p2040::materials().size()) {
      reject("material", fmt::format("index {} of building '{}'", b.material, b.id),
             "an index into the ITU-R P.2040-3 Table 3 materials");
    }
  }
}

std::unique_ptr<PathLossModel> make(const ModelConfig& c) {
  const RayParams& p = c.ray;
  ray::Options o;
  o.max_reflections = p.max_reflections;
  o.ground_reflection = p.ground_reflection;
  o.wall_ground_reflections = p.wall_ground_reflections;
  o.roof_diffraction = p.roof_diffraction;
  o.edge_diffraction = p.edge_diffraction;
  o.wall_transmission = p.wall_transmission;
  o.reflection_diffraction_order = p.reflection_diffraction_order;
  o.combine = p.combine == "coherent" ? ray::Combine::Coherent : ray::Combine::Power;
  o.vertical_polarization = c.polarization != "horizontal";
  o.ground_material = *p2040::find_material(p.ground_material);  // one of the schema's choices
  o.max_path_excess_m = p.max_path_excess_m;
  // Names are among the schema's choices.
  o.indoor.by_use = p.indoor_model == "by_use";
  if (!o.indoor.by_use) ray::parse_indoor_scenario(p.indoor_model.c_str(), o.indoor.forced);
  ray::parse_indoor_scenario(p.indoor_default.c_str(), o.indoor.default_scenario);
  o.indoor.los = p.indoor_los == "los"    ? ray::IndoorLos::Los
                 : p.indoor_los == "nlos" ? ray::IndoorLos::Nlos
                                          : ray::IndoorLos::Probabilistic;
  o.indoor.clutter_density = p.indoor_clutter_density;
  o.indoor.clutter_height_m = p.indoor_clutter_height_m;
  o.indoor.clutter_size_m = p.indoor_clutter_size_m;
  o.indoor.depth_loss = p.indoor_depth_loss;
  o.terrain = p.terrain;
  return std::make_unique<RayModel>(o, p.ground_material, c.buildings);
}

const std::vector<std::string> kIndoorScenarios = {"InH",    "InH-open", "InF",    "InF-SL",
                                                   "InF-DL", "InF-SH",   "InF-DH", "free_space"};
const std::vector<std::string> kIndoorModels = {
    "by_use", "InH", "InH-open", "InF", "InF-SL", "InF-DL", "InF-SH", "InF-DH", "free_space"};
const std::vector<std::string> kInFModels = {"by_use", "InF",    "InF-SL",
                                             "InF-DL", "InF-SH", "InF-DH"};

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.table = "ray";
  e.distance = DistanceKind::Plane;
  e.distance_source = "the study plane, in which its buildings lie";
  e.summary =
      "deterministic 2.5-D rays over the scenario's buildings: direct, ground and wall "
      "reflections, roof and corner diffraction";
  e.domain.source = "no stated limits (geometrical optics with ITU-R P.526-15 and UTD diffraction)";
  e.parameters = {
      integer_param(
          "max_reflections", 0, 3, 2, "order of specular wall reflections (image method)",
          [](auto& c) -> auto& { return c.ray.max_reflections; }),
      boolean_param(
          "ground_reflection", true, "add the flat-ground reflected ray (two-ray)",
          [](auto& c) -> auto& { return c.ray.ground_reflection; }),
      boolean_param(
          "wall_ground_reflections", true,
          "with ground_reflection and max_reflections >= 1: the rays reflected by one wall "
          "and the ground, in either order",
          [](auto& c) -> auto& { return c.ray.wall_ground_reflections; }),
      boolean_param(
          "roof_diffraction", true,
          "knife-edge (Deygout) diffraction over the roofs on the direct ray",
          [](auto& c) -> auto& { return c.ray.roof_diffraction; }),
      boolean_param(
          "edge_diffraction", true,
          "UTD diffraction around convex vertical building corners when the direct "
          "ray is blocked",
          [](auto& c) -> auto& { return c.ray.edge_diffraction; }),
      boolean_param(
          "wall_transmission", true,
          "transmission through the walls and roofs of the buildings on a blocked direct "
          "ray (ITU-R P.2040-3 single-layer slabs of each building's material and thickness)",
          [](auto& c) -> auto& { return c.ray.wall_transmission; }),
      integer_param(
          "reflection_diffraction_order", 0, 2, 1,
          "wall reflections before the one diffraction of a reflection-diffraction path "
          "(over roofs, or at a vertical corner on a blocked link); 0: none",
          [](auto& c) -> auto& { return c.ray.reflection_diffraction_order; }),
      choice_param(
          "combine", {"power", "coherent"}, "power",
          "sum of ray powers, or phasor sum (fast fading resolved)",
          [](auto& c) -> auto& { return c.ray.combine; }),
      choice_param(
          "polarization", {"vertical", "horizontal"}, "vertical", "transmitted polarization",
          [](auto& c) -> auto& { return c.polarization; }),
      choice_param(
          "ground_material", p2040::material_names(), "medium_dry_ground",
          "ITU-R P.2040-3 Table 3 material of the ground",
          [](auto& c) -> auto& { return c.ray.ground_material; }),
      number_param(
          "max_path_excess_m", "m", above(0), 300,
          "reflected and corner-diffracted paths are searched up to this much longer "
          "(in plan) than the direct ray",
          [](auto& c) -> auto& { return c.ray.max_path_excess_m; }),
      choice_param(
          "indoor_model", kIndoorModels, "by_use",
          "links with both ends inside one building: 3GPP TR 38.901 V17.0.0 indoor path loss "
          "of the scenario the building's use names (office: InH, open office: InH-open, "
          "factory: InF; others: indoor_default), or one scenario for every building; "
          "free_space: the rays as outdoors",
          [](auto& c) -> auto& { return c.ray.indoor_model; }),
      only_with(choice_param(
                    "indoor_default", kIndoorScenarios, "InH",
                    "scenario of buildings of unspecified or other use",
                    [](auto& c) -> auto& { return c.ray.indoor_default; }),
                "indoor_model", {"by_use"}),
      choice_param(
          "indoor_los", {"probabilistic", "los", "nlos"}, "probabilistic",
          "LoS state inside a building: TR 38.901 Table 7.4.2-1 LoS-probability-weighted "
          "loss, always LoS, or always NLoS",
          [](auto& c) -> auto& { return c.ray.indoor_los; }),
      only_with(number_param(
                    "indoor_clutter_density", "", Bounds{0, 1, false, true}, 0.2,
                    "InF clutter density r (r >= 0.4: dense clutter, TR 38.901 Table 7.2-4)",
                    [](auto& c) -> auto& { return c.ray.indoor_clutter_density; }),
                "indoor_model", kInFModels),
      only_with(number_param(
                    "indoor_clutter_height_m", "m", above(0), 2,
                    "InF effective clutter height h_c (an antenna above it: high BS, TR 38.901 "
                    "Table 7.2-4)",
                    [](auto& c) -> auto& { return c.ray.indoor_clutter_height_m; }),
                "indoor_model", kInFModels),
      only_with(number_param(
                    "indoor_clutter_size_m", "m", above(0), 2, "InF typical clutter size d_clutter",
                    [](auto& c) -> auto& { return c.ray.indoor_clutter_size_m; }),
                "indoor_model", kInFModels),
      boolean_param(
          "indoor_depth_loss", true,
          "an end inside a building the other end is not in adds its building's indoor path "
          "loss (as indoor_model) in excess of free space over its leg to the building's shell",
          [](auto& c) -> auto& { return c.ray.indoor_depth_loss; }),
      boolean_param(
          "terrain", true,
          "the terrain between the ends, when it is not flat: ground reflection on the local "
          "slope, terrain knife edges with the roofs (Deygout), terrain blocking of every ray; "
          "false: the ground flat at each end",
          [](auto& c) -> auto& { return c.ray.terrain; }),
  };
  e.check = check;
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_ray_model(const RayParams& params,
                                              const std::string& polarization,
                                              std::shared_ptr<const Buildings> buildings) {
  ModelConfig c;
  c.name = kName;
  c.ray = params;
  c.polarization = polarization;
  c.buildings = std::move(buildings);
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

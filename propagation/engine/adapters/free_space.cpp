// "free_space": ITU-R P.525-4 free-space loss over the 3-D distance between the antennas
// (propagation/models/itu_r_p525.h). Registered below; no parameters.
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_r_p525.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kName = "free_space";

class FreeSpaceModel final : public PathLossModel {
 public:
  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return false; }
  double loss_dB(const LinkInput& link) const noexcept override {
    return p525::free_space_loss_dB_si(link.freq_Hz, distance_3d_m(link));
  }
  std::string describe() const override {
    return std::string(kName) +
           ": ITU-R P.525-4 free-space basic transmission loss over the 3-D distance";
  }
};

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::Plane;
  e.distance_source =
      "ITU-R P.525-4 takes the distance between the antennas, measured here in the study plane";
  e.summary = "ITU-R P.525-4 free-space loss over the 3-D distance";
  e.domain.source = "ITU-R P.525-4 (no stated limits)";
  e.make = [](const ModelConfig&) { return std::make_unique<FreeSpaceModel>(); };
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace
}  // namespace akichi::prop

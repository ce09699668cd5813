// Losses added on top of the registry model's basic transmission loss, for any model: the one
// place where a scenario's [propagation.clutter], [propagation.rain] and [propagation.gases]
// enter a link's loss. make_path_loss_model() wraps the model it builds in AddedLosses whenever
// ModelConfig::added asks for something on links of its role, so the area engine
// (compute_area, compute_coupling), the point API (point_loss_dB, point_coupling_dB), the
// live engine and `akichi link` all see the same number for the same link.
//
//   clutter  ITU-R P.2108-1 §3.1 height-gain terminal correction A_h (eqs. (2a)-(2g), Table 3)
//            at each end in clutter, or §3.2 terrestrial statistical clutter loss L_ctc
//            (eqs. (3a)-(6)) once, or twice for both ends on paths of 1 km or more (§3.2);
//   rain     ITU-R P.530-18 Annex 1 §2.4.1 steps 2-5, attenuation A_p exceeded for p % of the
//            time, with ITU-R P.838-3 k and alpha for the polarisation and the path elevation;
//            on wanted-signal links only (LinkRole::Wanted);
//   gases    ITU-R P.676-13 Annex 1 §1 specific attenuation (eqs. (1)-(9)) over the path,
//            A = gamma d (§2.1 eq. (10)); on wanted-signal links, and on interference links
//            only when `interference_paths` says so.
// Which loss counts on which side of a study, and why, is docs/methods.md, "Added losses".
//
// The tables' keys are described by the same schema as the models' parameters (ParamSpec,
// propagation/engine/model_registry.h): added_loss_tables() lists them for the scenario reader
// and the documentation test.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/engine/added_losses_config.h"
#include "propagation/engine/model_registry.h"
#include "propagation/engine/path_loss_model.h"
#include "propagation/models/itu_r_p676.h"

namespace akichi::prop {

/// The same clutter type and representative height everywhere (the scenario's keys).
class UniformClutter final : public ClutterSource {
 public:
  explicit UniformClutter(ClutterAt at) : at_(at) {}
  ClutterAt clutter_at(double, double) const override { return at_; }
  std::string describe() const override;

 private:
  ClutterAt at_;
};

/// The clutter type of a [propagation.clutter] clutter_type text ("urban", "dense_urban", ...;
/// the names of clutter_type_keys(), propagation/terrain/land_cover.h).
p2108::ClutterType clutter_type_of(std::string_view key);
/// The P.838-3 polarisation tilt tau (degrees) of "horizontal", "vertical" or "circular".
double polarization_tilt_deg(std::string_view polarization);

/// The added terms of one link, in dB (0 for a term not added).
struct AddedTerms {
  double clutter_dB = 0;
  double rain_dB = 0;
  double gases_dB = 0;
  double total() const { return clutter_dB + rain_dB + gases_dB; }
};

/// The decorator: the inner model's loss plus the added terms of the configuration for its
/// role. Name, profile use and mechanism reporting are the inner model's.
class AddedLosses final : public PathLossModel {
 public:
  /// `config.rain.R001_mm_h` must be set when rain is enabled (the scenario reader resolves the
  /// map); a clutter source is made from the keys when `config.clutter.source` is null.
  AddedLosses(std::unique_ptr<PathLossModel> inner, const AddedLossesConfig& config);

  std::string_view name() const noexcept override { return inner_->name(); }
  bool uses_profile() const noexcept override { return inner_->uses_profile(); }
  bool uses_clutter_heights() const noexcept override { return inner_->uses_clutter_heights(); }
  double loss_dB(const LinkInput& link) const override;
  double loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const override;
  bool reports_mechanism() const noexcept override { return inner_->reports_mechanism(); }
  std::string describe() const override;

  /// The added terms of `link` (NaN for a term outside its recommendation's frequency range).
  AddedTerms terms(const LinkInput& link) const noexcept;
  const PathLossModel& inner() const noexcept { return *inner_; }

 private:
  double clutter_dB(const LinkInput& link) const noexcept;

  std::unique_ptr<PathLossModel> inner_;
  AddedLossesConfig config_;
  std::shared_ptr<const ClutterSource> clutter_;
  bool rain_ = false, gases_ = false;
  double tau_deg_ = 90.0;
  p676::GasState gas_state_{};
};

/// One line per added loss for the role of `config` ("" when nothing is added): what
/// AddedLosses::describe() appends to the inner model's description.
std::string describe_added_losses(const AddedLossesConfig& config);

/// `inner` wrapped in AddedLosses when `config.added` adds anything on links of its role,
/// otherwise `inner` itself. Refuses (InputError, check_added_losses) a combination that counts
/// a loss twice.
std::unique_ptr<PathLossModel> with_added_losses(std::unique_ptr<PathLossModel> inner,
                                                 const ModelConfig& config);

/// The schema of [propagation.clutter], [propagation.rain] and [propagation.gases], as model
/// entries (name = table; never registered as models, no factory): their keys, units, ranges,
/// defaults and rules between keys.
const std::vector<ModelEntry>& added_loss_tables();

/// Refuses the added losses a model already contains: clutter with P.1411, TR 38.901, the Hata
/// family, ray-2.5d over buildings (`with_buildings`) and P.1812 given clutter heights; gases
/// with P.452-18 and P.1812 (both add P.676 absorption themselves). Calls `clutter` or `gases`
/// (which must throw) with the key `model`, what was found and what is expected.
void check_added_losses(const ModelConfig& config, bool with_buildings, const Reject& clutter,
                        const Reject& gases);

/// The frequency range (Hz) every station of a study using clutter model `clutter_model` must
/// lie in, with its source: P.2108-1 §3.1 0.03-3 GHz, §3.2 0.5-67 GHz; nullopt for "none".
struct FrequencyLimit {
  Interval range;
  std::string source;
};
std::optional<FrequencyLimit> clutter_frequency_limit(std::string_view clutter_model);
/// Rain: P.530-18 §2.4.1 with P.838-3, 1-100 GHz.
FrequencyLimit rain_frequency_limit();
/// Gases: P.676-13 Annex 1, 1-1000 GHz.
FrequencyLimit gases_frequency_limit();

}  // namespace akichi::prop

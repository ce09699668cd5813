// The rules of the Japanese local-5G cover area (カバーエリア) and coordination area
// (調整対象区域): per frequency band, the received-power thresholds in a reference bandwidth at a
// terminal height, the propagation model that computes the received power, and the building entry
// loss of indoor base stations. Read from a TOML rules file (format: docs/mic-area-rules.md).
//
// The official values are those of the MIC (総務省) radio-station examination standards
// (電波法関係審査基準, 平成13年総務省訓令第67号, 別紙2) referred to by the MIC
// "ローカル5G導入に関する ガイドライン". This module holds whatever numbers the rules file gives;
// the file shipped in scenarios/rules/ is labelled `status = "example"` and its numbers are NOT the
// official ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "propagation/engine/model_config.h"
#include "propagation/models/itu_r_p2109_2.h"

namespace akichi::sim {

/// The propagation model of a band, as a ready-to-build engine configuration.
struct MicModelChoice {
  /// name and parameters as in a scenario's [propagation] table: any registered model (`akichi
  /// models`), read through the model registry with the same defaults
  prop::ModelConfig config;
  /// Empty when `config` is the rule's own model; otherwise the name of the official model it
  /// stands in for (e.g. the 28 GHz LoS/NLoS formula of the examination standards, which akichi
  /// does not implement).
  std::string stand_in_for;
};

/// Building entry loss added to the path of an indoor base station.
struct MicBuildingEntryLoss {
  enum class Kind { None, Fixed, P2109 };
  Kind kind = Kind::None;
  double fixed_dB = 0;       ///< Kind::Fixed: the loss (dB, >= 0)
  double probability = 0.5;  ///< Kind::P2109: P, loss not exceeded with probability P (0..1)
  prop::p2109::BuildingType building = prop::p2109::BuildingType::Traditional;
  double elevation_deg = 0;  ///< Kind::P2109: path elevation at the facade (deg, -90..90)
};

/// The loss (dB) of `bel` at `freq_Hz`: 0 for None, the fixed value, or ITU-R P.2109-2 eq. (1).
double building_entry_loss_dB(const MicBuildingEntryLoss& bel, double freq_Hz) noexcept;

/// Municipal eligibility of a sub-band (4.6-4.8 GHz in Japan): local 5G may use it only in the
/// municipalities (市区町村) where the public-service systems (公共業務用無線局) show no point at
/// risk of interference, and (indoor_only) only indoors. A cell is such a point when a reference
/// local 5G base station there, at reference_eirp_dBm (less the band's building entry loss when
/// indoor_only), would take some public-service receiver beyond its criterion
/// (sim/analysis/municipal.h; docs/methods.md, "Municipal eligibility").
struct MicMunicipalRule {
  double freq_min_Hz = 0;  ///< the sub-band [freq_min_Hz, freq_max_Hz], inside the band
  double freq_max_Hz = 0;
  bool indoor_only = true;  ///< the reference station is indoors: the band's entry loss applies
  double reference_eirp_dBm = 0;  ///< EIRP of the reference station over a channel of the plan
};

/// One frequency band of the rules.
struct MicBandRule {
  std::string name;        ///< e.g. "4.7GHz"
  double freq_min_Hz = 0;  ///< band [freq_min_Hz, freq_max_Hz]
  double freq_max_Hz = 0;
  double coverage_threshold_dBm = 0;      ///< cover area: received power >= this (dBm in B_ref)
  double coordination_threshold_dBm = 0;  ///< coordination area: received power >= this
  double reference_bandwidth_Hz = 0;      ///< B_ref of both thresholds
  double terminal_height_m = 0;           ///< receiver height above ground of the calculation
  MicModelChoice model;
  MicBuildingEntryLoss building_entry_loss;  ///< applies to indoor base stations only
  /// [band.municipal_eligibility], when the band has one
  std::optional<MicMunicipalRule> municipal_eligibility;
};

struct MicRules {
  std::string path;  ///< the file read
  std::string title;
  /// "example" (numbers for demonstration, not the official ones) or "official" (transcribed
  /// from the MIC text named in `source`)
  std::string status;
  std::string source;              ///< where the numbers come from
  std::vector<MicBandRule> bands;  ///< in file order; bands do not overlap
};

/// Reads and validates a rules file. Throws InputError "FILE:LINE:COL: FIELD: found X, expected Y".
MicRules load_mic_rules(const std::string& path);
/// The same from text (`path` names it in messages and resolves nothing).
MicRules parse_mic_rules(const std::string& text, const std::string& path);

/// The band containing `freq_Hz` (edges included). Throws InputError naming the rules file
/// and the bands when none does.
const MicBandRule& rule_for(const MicRules& rules, double freq_Hz);

/// The band with a municipal-eligibility rule (the first in file order), or nullptr.
const MicBandRule* municipal_band(const MicRules& rules);

}  // namespace akichi::sim

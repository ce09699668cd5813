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

}  // namespace akichi::sim

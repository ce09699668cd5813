// Area-engine adapter for ITU-R P.452-18 (propagation/models/itu_r_p452_18.h): the basic
// transmission loss not exceeded for time_percent % of an average year, over the engine's
// terrain profile (metres, converted to km), with the ground cover (representative clutter
// heights R_i of the radio profile, §3.2.1 Step 4) of the land cover when the scenario has one
// (LinkInput::clutter_m) and without ground cover otherwise, every profile point in one
// radio-climatic zone, antenna gains 0 dBi (the engine applies the
// antenna patterns itself; P.452 uses Gt, Gr only in the troposcatter coupling loss).
#pragma once

#include <string_view>

#include <memory>
#include <string>

#include "propagation/engine/path_loss_model.h"

namespace akichi::prop {

/// The model's name: in scenarios (model = "p452-18"), in the registry and for `akichi p2p`.
inline constexpr std::string_view kP452_18ModelName = "p452-18";

/// Parameters of the "p452-18" model (keys of [propagation.p452-18] in brackets).
struct P452Params {
  double time_percent = 50;  ///< [time_percent] annual % of time not exceeded, 0.001..50
  double delta_N = 45;       ///< [delta_N] radio-refractivity lapse rate (N-units/km), 0 < dN < 157
  double N0 = 325;           ///< [N0] sea-level surface refractivity (N-units), 0 < N0 < 500
  std::string pol = "vertical";   ///< [polarization] "vertical" | "horizontal"
  double temperature_C = 15;      ///< [temperature_C] air temperature (deg C), -100..70
  double pressure_hPa = 1013.25;  ///< [pressure_hPa] dry-air pressure (hPa), 0..1200
  std::string zone = "inland";    ///< [zone] "inland" | "coastal" | "sea", for the whole path
  double latitude_deg = 45;       ///< [latitude_deg] path-centre latitude for beta0 (deg), -90..90
  /// [delta_N_map] ITU-R digital map DN50.TXT (P.452-18 §3.2.1, user-supplied). When set, dN is
  /// interpolated (P.1144-12 Annex 1 §1b) once, at (latitude_deg, longitude_deg) — the centre of
  /// the study area — and replaces delta_N.
  std::string delta_N_map;
  std::string N0_map;        ///< [N0_map] ITU-R digital map N050.TXT, the same for N0
  double longitude_deg = 0;  ///< [longitude_deg] study-area centre longitude for the maps (deg)
};

/// Builds the P.452-18 model through the registry; InputError
/// "propagation.p452-18.<key>: found X, expected Y" for a
/// parameter out of range, "FILE:LINE:COL: ..." for a malformed map file. A map value outside
/// the parameter's range is refused naming the map.
std::unique_ptr<PathLossModel> make_p452_18_model(const P452Params& params);

}  // namespace akichi::prop

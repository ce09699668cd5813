// Area-engine adapter for ITU-R P.1812 (propagation/models/itu_r_p1812.h; revision -8 by
// default, -7 and -6 selectable): the basic
// transmission loss Lb not exceeded for p % time and pL % locations over the terrain profile of
// each link. LinkInput carries no zone or latitude data, so they come from the params: one
// radio-climatic zone for the whole path (default inland) and a path-centre latitude. The
// representative clutter heights R_i of §3.2 come from the land cover when the scenario has one
// (LinkInput::clutter_m, one per profile point); otherwise from the params: one for the
// intermediate profile points and one at each end (the profile point next to the terminal, R_2
// and R_n-1 of §3.2; P.1812-6 Table 2 gives 0 m for open/rural, the default).
#pragma once

#include <string_view>

#include <memory>
#include <string>

#include "propagation/engine/path_loss_model.h"

namespace akichi::prop {

/// The model's name: in scenarios (model = "p1812"), in the registry and for `akichi p2p`.
inline constexpr std::string_view kP1812ModelName = "p1812";

struct P1812Params {
  double time_percent = 50;      ///< p, 1..50 %
  double location_percent = 50;  ///< pL, 1..99 %
  double sigma_L_dB = 0;         ///< location variability std. dev. (dB, >= 0; 0: median location)
  double delta_N = 45;           ///< dN (N-units/km, 0 < dN < 157)
  double N0 = 325;               ///< N0 (N-units, > 0)
  std::string polarization = "vertical";  ///< "horizontal" | "vertical"
  std::string zone = "inland";            ///< "inland" | "coastal_land" | "sea" (whole path)
  double path_centre_latitude_deg = 45;   ///< |phi| <= 80 deg
  double clutter_height_m = 0;            ///< R_i at the intermediate points (>= 0 m)
  double tx_clutter_height_m = 0;  ///< R_2, the profile point next to the transmitter (>= 0 m)
  double rx_clutter_height_m = 0;  ///< R_n-1, the profile point next to the receiver (>= 0 m)
  double dct_km = 500;             ///< transmitter distance from the coast (>= 0 km)
  double dcr_km = 500;             ///< receiver distance from the coast (>= 0 km)
  int version = 8;                 ///< the revision cited: 6, 7 or 8
  /// Lbs (§4.4): "p1812-6" (eq. (44): -6, -8, and -7 as the ITU advises) or "p1812-7" (the -7
  /// model, version 7 only)
  std::string troposcatter = "p1812-6";
  double tropo_tx_gain_dBi = 0;  ///< "p1812-7": transmit gain towards the horizon (dBi)
  double tropo_rx_gain_dBi = 0;  ///< "p1812-7": receive gain towards the horizon (dBi)
};

/// Builds the "p1812" model through the registry. Throws InputError "propagation.p1812.<key>: found
/// X, expected Y" for an invalid parameter. loss_dB() returns NaN for a link outside the
/// Recommendation's domain (frequency outside 30 MHz..6 GHz, antenna height above ground
/// outside 1..3000 m). Per-link work is allocation-free once each thread's buffers have grown to
/// the longest profile.
std::unique_ptr<PathLossModel> make_p1812_model(const P1812Params& params);

}  // namespace akichi::prop

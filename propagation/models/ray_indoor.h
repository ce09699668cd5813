// Inside a building, for the 2.5-D ray model (propagation/models/ray_2p5d.h): the ray model
// traces no interior walls, floors or furniture, so a link whose ends both stand inside one
// building takes a 3GPP TR 38.901 V17.0.0 indoor path loss instead of the rays (InH-Office or
// InF, propagation/models/tr38901.h), and the indoor end of a link leaving its building adds
// that model's excess over free space up to the building's shell.
//
// Implemented:
//   * the scenario of a building: by its use (BuildingUse: office -> InH mixed office, open
//     office -> InH open office, factory -> InF, unspecified and other uses -> a configured
//     default, InH mixed office unless changed), or one scenario forced for every building;
//   * the InF sub-scenario when only "InF" is asked for, by the definitions of TR 38.901 V17.0.0
//     Table 7.2-4: sparse clutter when the clutter density r < 40 %, dense when r >= 40 %; high
//     BS when the higher antenna of the link is above the effective clutter height h_c, low
//     otherwise (InF-SL, InF-DL, InF-SH, InF-DH);
//   * the path loss of Table 7.4.1-1 in the LoS state of the configuration: the LoS-probability-
//     weighted loss of Table 7.4.2-1 (as the tr38901 adapter's "probabilistic" state:
//     propagation/engine/model_adapters.h los_weighted_loss_dB, i.e.
//     -10 log10(P_LOS 10^(-PL_LOS/10) + (1 - P_LOS) 10^(-PL_NLOS/10))), always LoS, or always
//     NLoS. h_BS is the higher antenna of the two, h_UT the lower (antenna heights above the
//     ground the building stands on), d_2D the plan distance, d_3D the 3-D distance;
//   * the indoor leg of a link leaving the building (one end inside it, the other outdoors or in
//     another building): the rays, plus for that end the excess of its building's indoor path
//     loss over free space along the leg from the end to where the link's straight 3-D path
//     first leaves the building (the union of its parts; through a wall or a roof):
//     max(0, PL_indoor(d_in) - FSPL(d_in)), d_in the leg's 3-D length raised to 1 m (Table
//     7.4.1-1's minimum, so a leg of a few centimetres adds nothing), PL_indoor as above over the
//     leg (d_2D its plan length, h_BS and h_UT the higher and lower of the end's antenna and the
//     exit point above the end's ground), FSPL of ITU-R P.525-4. The rays already spread as in
//     free space over the whole path; the excess is what the building's interior adds (the
//     interior walls, furniture, machines). Never below 0: the TR's LoS fit below free space
//     (InH: 17.3 log10 d, a waveguide effect of corridors) is not taken as a gain. The shell
//     itself is the engine's building entry loss (ITU-R P.2109-2 or fixed,
//     propagation/engine/adapters/building_entry.h), the counterpart of PL_tw in TR 38.901
//     §7.4.3.1 eq. (7.4-2); the TR's own indoor term PL_in = 0.5 d_2D-in (Table 7.4.3-2) is
//     not used: it is fitted to outdoor-to-indoor links with d_2D-in of at most 25 m and does
//     not depend on the building's use, while a production hall of 100 m is mostly line of
//     sight (TR 38.901 InF).
// Outside Table 7.4.1-1's ranges (InH: 1 m <= d_3D <= 150 m; InF: 1 m <= d_3D <= 600 m;
// 0.5 <= f_c <= 100 GHz): below 1 m, d_3D is CLAMPED to 1 m; beyond the maximum distance and
// outside the frequency range the formulas are extrapolated (tr38901.h).
// Not modelled: floors between the ends (the TR's indoor scenarios are one storey; ends on
// different storeys take the same formula over the 3-D distance), the buildings' own walls
// between two ends of one building (a concave building's re-entrant walls included: the link
// stays indoors), shadow fading, spatially consistent LoS states.
#pragma once

#include <cstdint>
#include <vector>

#include "propagation/models/tr38901.h"
#include "propagation/surface/building.h"
#include "propagation/surface/building_index.h"

namespace akichi::prop::ray {

/// A TR 38.901 indoor scenario, "InF" with its sub-scenario left to the link (see the header),
/// or free space (the ray model's rays, as if the building had no interior).
enum class IndoorScenario : std::uint8_t {
  FreeSpace,
  InH_Mixed,
  InH_Open,
  InF,
  InF_SL,
  InF_DL,
  InF_SH,
  InF_DH
};

/// The LoS state of an indoor link.
enum class IndoorLos : std::uint8_t { Probabilistic, Los, Nlos };

struct IndoorOptions {
  /// true: each building's scenario from its use (scenario_of_use()); false: `forced` for every
  /// building.
  bool by_use = true;
  IndoorScenario forced = IndoorScenario::InH_Mixed;
  /// by_use: the scenario of buildings of unspecified or other use.
  IndoorScenario default_scenario = IndoorScenario::InH_Mixed;
  IndoorLos los = IndoorLos::Probabilistic;
  /// InF clutter density r (0 <= r < 1), effective clutter height h_c (m, > 0) and typical
  /// clutter size d_clutter (m, > 0), TR 38.901 Table 7.2-4 parameters.
  double clutter_density = 0.2;
  double clutter_height_m = 2.0;
  double clutter_size_m = 2.0;
  /// The indoor leg's excess over free space (indoor_leg_excess_dB) on the indoor end(s) of
  /// links leaving a building.
  bool depth_loss = true;
};

/// The scenario of a building of use `use` under `opt` (by use: Office -> InH_Mixed,
/// OpenOffice -> InH_Open, Factory -> InF, Unspecified and Other -> default_scenario).
IndoorScenario scenario_of_use(const IndoorOptions& opt, BuildingUse use) noexcept;

/// The TR 38.901 scenario of an InF link with "InF" asked for: sparse (r < 0.4) or dense, low
/// (h_BS <= h_c) or high (Table 7.2-4). Other scenarios map to their own.
/// @param h_BS_m the higher antenna of the link above the floor (m)
tr38901::Scenario resolve(IndoorScenario s, const IndoorOptions& opt, double h_BS_m) noexcept;

/// Indoor path loss of one link.
struct IndoorLoss {
  double loss_dB = 0;  ///< path loss in the configured LoS state (dB)
  double p_los = 0;    ///< LoS probability of Table 7.4.2-1 (1 or 0 with a fixed state)
  tr38901::Scenario scenario = tr38901::Scenario::InH_Mixed;
};

/// TR 38.901 V17.0.0 Table 7.4.1-1 path loss of a link inside one building, in the LoS state of
/// `opt` (see the header).
/// @param s      the building's scenario (not FreeSpace)
/// @param fc_GHz carrier frequency (GHz, > 0)
/// @param d2D_m  plan distance (m, >= 0)
/// @param d3D_m  3-D distance (m, >= d2D_m)
/// @param h_a_m, h_b_m antenna heights of the two ends above the ground (m); the higher is
///               h_BS, the lower h_UT
IndoorLoss indoor_loss(IndoorScenario s, const IndoorOptions& opt, double fc_GHz, double d2D_m,
                       double d3D_m, double h_a_m, double h_b_m) noexcept;

/// Excess over free space (dB, >= 0) of the indoor leg of a link leaving a building of
/// scenario `s` (see the header); 0 for FreeSpace.
/// @param freq_Hz frequency (Hz, > 0)
/// @param d2D_m, d3D_m plan and 3-D length of the leg (m, >= 0)
/// @param h_a_m, h_b_m heights of the leg's ends above the ground (m)
double indoor_leg_excess_dB(IndoorScenario s, const IndoorOptions& opt, double freq_Hz,
                            double d2D_m, double d3D_m, double h_a_m, double h_b_m) noexcept;

/// Fraction (0..1) of the 3-D segment `s`, whose start is inside building `building`
/// (BuildingIndex::building_of of a part containing it), at which it first leaves the
/// building's volume (the union of its parts: through a wall, or through a roof); 1 if it does
/// not leave it. `faces` is the caller's scratch (cleared and reused); thread-local scratch of
/// BuildingIndex::face_crossings (std::bad_alloc when it cannot grow).
double indoor_exit_fraction(const BuildingIndex& index, std::uint32_t building, const Segment3& s,
                            std::vector<FaceCrossing>& faces);

/// Name of a scenario as in the configuration: "free_space", "InH", "InH-open", "InF",
/// "InF-SL", "InF-DL", "InF-SH", "InF-DH".
const char* indoor_scenario_name(IndoorScenario s) noexcept;

/// Parses a name of indoor_scenario_name(); false if unknown.
bool parse_indoor_scenario(const char* name, IndoorScenario& out) noexcept;

}  // namespace akichi::prop::ray

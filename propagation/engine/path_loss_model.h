// The interface between the engine and the propagation models. Models themselves are pure
// functions in propagation/models/; the adapters implementing PathLossModel connect them to
// link geometry and terrain profiles.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace akichi::prop {

class LandCover;    // propagation/terrain/land_cover.h
class TerrainGrid;  // propagation/terrain/terrain.h

/// One link, as the engine hands it to a model. Distances in metres, heights in metres.
struct LinkInput {
  double freq_Hz = 0;
  double d_m = 0;     ///< horizontal distance between the ends in the study plane (> 0)
  double h_tx_m = 0;  ///< transmitter antenna height above local ground
  double h_rx_m = 0;  ///< receiver antenna height above local ground
  double z_tx_m = 0;  ///< ground elevation under the transmitter
  double z_rx_m = 0;  ///< ground elevation under the receiver
  /// The ends' positions in the study CRS (metres), for models that see the scene in plan
  /// (buildings). d_m is their distance, raised to the engine's minimum link distance.
  double x_tx_m = 0, y_tx_m = 0;
  double x_rx_m = 0, y_rx_m = 0;
  /// Terrain profile from transmitter (index 0, distance 0) to receiver (index np-1, distance
  /// d_m); present only when the model's uses_profile() is true.
  const double* profile_d_m = nullptr;
  const double* profile_z_m = nullptr;
  int profile_n = 0;
  /// Representative clutter height R_i (m) of each profile point, from the land cover
  /// (propagation/terrain/land_cover.h, LandCover::profile_height_m()), index for index with
  /// the profile; present only when the model's uses_clutter_heights() is true and the terrain
  /// carries a land cover. Null: the model's own clutter parameters apply.
  const double* clutter_m = nullptr;
  /// The study's land cover (null without [land_cover]), for losses that read the clutter at
  /// the link's ends (the P.2108-1 §3.1 terminal correction of propagation/engine/added_losses.h).
  const LandCover* land_cover = nullptr;
  /// The study's terrain, for models that trace paths off the straight line between the ends
  /// (the ray model's reflected legs); set by the engine's make_link() for every link, null
  /// where a link is built without one.
  const TerrainGrid* terrain = nullptr;
};

/// How the LoS/NLoS state of a 3GPP TR 38.901 link is decided.
enum class LosMode {
  Los,            ///< always line of sight
  Nlos,           ///< always non-line of sight
  Probabilistic,  ///< LoS-probability-weighted loss: -10 log10(P_LoS 10^(-L_LoS/10) + (1-P_LoS)
                  ///< 10^(-L_NLoS/10))
  Terrain,        ///< LoS when the terrain profile clears the straight ray, NLoS otherwise
};

/// The propagation mechanism that dominates a link, for models that trace rays.
enum class Mechanism : std::uint8_t {
  None = 0,        ///< the model does not say
  LoS = 1,         ///< unobstructed direct ray
  Reflected = 2,   ///< a reflected ray (ground or wall) is the strongest
  Diffracted = 3,  ///< a diffracted ray (over roofs, around corners) is the strongest
  Transmitted = 4  ///< a ray through buildings' walls is the strongest
};

class PathLossModel {
 public:
  virtual ~PathLossModel() = default;
  virtual std::string_view name() const noexcept = 0;
  /// Whether loss_dB() reads the terrain profile (the engine extracts one only then).
  virtual bool uses_profile() const noexcept = 0;
  /// Whether loss_dB() reads per-point clutter heights (LinkInput::clutter_m) when the engine
  /// has a land cover. Only models that use a profile can.
  virtual bool uses_clutter_heights() const noexcept { return false; }
  /// Basic transmission loss in dB (no antenna gains). Thread-safe; allocation-free once the
  /// calling thread's scratch has grown to the link's size. NaN for a link outside the model's
  /// documented domain. A failure at run time (std::bad_alloc growing the scratch) is thrown,
  /// never answered with another value: the engine reports it as ComputeError (area.h, the
  /// failure policy). An implementation may be noexcept only if it never allocates.
  virtual double loss_dB(const LinkInput& link) const = 0;
  /// The same loss, and the link's dominant mechanism. The default returns loss_dB(link) and
  /// Mechanism::None; ray models override it (their loss_dB() must give the same value).
  virtual double loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const {
    dominant = Mechanism::None;
    return loss_dB(link);
  }
  /// Whether loss_and_mechanism_dB() tells the mechanism (the results then carry it).
  virtual bool reports_mechanism() const noexcept { return false; }
  /// One line describing the model and its parameters, for logs and result attributes.
  virtual std::string describe() const = 0;
};

}  // namespace akichi::prop

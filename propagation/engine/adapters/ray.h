// The area-engine adapter of the 2.5-D ray model over buildings (propagation/models/ray_2p5d.h):
// PathLossModel over the study's buildings (ModelConfig::buildings), indexed once by
// a BuildingIndex when the model is built. Without buildings the scene is empty: free space
// (ITU-R P.525-4), plus the flat-ground reflection when enabled (two-ray).
//
// uses_profile() is false: the model samples the study's terrain itself (LinkInput::terrain),
// along the direct ray and along every leg of the other rays (propagation/models/ray_2p5d.h,
// "Terrain under the rays"), with RayParams::terrain; over a flat terrain, or without one, it
// sees the terrain only through the ends' ground elevations (z_tx_m, z_rx_m) and the buildings'
// base_z_m (the ground is flat locally at each end).
#pragma once

#include <memory>
#include <string>

#include "propagation/engine/path_loss_model.h"
#include "propagation/surface/building.h"

namespace akichi::prop {

/// Parameters of the ray model (scenario keys propagation.ray.<key>).
struct RayParams {
  int max_reflections = 2;        ///< specular wall reflections, order 0..3
  bool ground_reflection = true;  ///< flat-ground reflected ray
  /// rays reflected by one wall and the ground (either order), with ground_reflection
  bool wall_ground_reflections = true;
  bool roof_diffraction = true;  ///< knife-edge diffraction over the roofs on the direct ray
  bool edge_diffraction = true;  ///< UTD diffraction around vertical corners (blocked links)
  /// transmission through the walls and roofs on a blocked direct ray (P.2040-3 slabs)
  bool wall_transmission = true;
  /// reflections before the one diffraction of a reflection-diffraction path: 0 (none) .. 2
  int reflection_diffraction_order = 1;
  std::string combine = "power";  ///< "power" (sum of ray powers) | "coherent" (phasor sum)
  /// ITU-R P.2040-3 Table 3 ground ("very_dry_ground", "medium_dry_ground", "wet_ground", or
  /// any other material name of the table)
  std::string ground_material = "medium_dry_ground";
  /// Reflections and corner diffraction are searched over paths at most this much longer in
  /// plan than the direct ray (m, > 0).
  double max_path_excess_m = 300.0;
  /// Links with both ends inside one building (propagation/models/ray_indoor.h): "by_use" (the
  /// building's use chooses the TR 38.901 scenario), or one scenario for every building:
  /// "InH", "InH-open", "InF" (sub-scenario by clutter and heights), "InF-SL", "InF-DL",
  /// "InF-SH", "InF-DH", or "free_space" (the rays, as if the building were empty).
  std::string indoor_model = "by_use";
  /// by_use: the scenario of buildings of unspecified or other use (a name as above but
  /// "by_use")
  std::string indoor_default = "InH";
  std::string indoor_los = "probabilistic";  ///< "probabilistic" | "los" | "nlos"
  double indoor_clutter_density = 0.2;       ///< InF clutter density r, 0 <= r < 1
  double indoor_clutter_height_m = 2.0;      ///< InF effective clutter height h_c (m, > 0)
  double indoor_clutter_size_m = 2.0;        ///< InF typical clutter size d_clutter (m, > 0)
  /// the indoor ends of links leaving a building add their building's indoor excess over free
  /// space along their leg to the shell (ray::indoor_leg_excess_dB)
  bool indoor_depth_loss = true;
  /// the terrain between the ends (a terrain that is not flat): relief under the direct and
  /// ground-reflected rays, terrain knife edges, terrain blocking of every leg
  bool terrain = true;
};

/// Builds the model; `polarization` is ModelConfig::polarization ("vertical" | "horizontal").
/// Throws InputError naming "propagation.ray.<key>" for an invalid parameter.
std::unique_ptr<PathLossModel> make_ray_model(const RayParams& params,
                                              const std::string& polarization,
                                              std::shared_ptr<const Buildings> buildings);

}  // namespace akichi::prop

// The losses a scenario adds on top of any path-loss model's basic transmission loss, as
// ModelConfig carries them (ModelConfig::added): terminal clutter (ITU-R P.2108-1 §3.1 or §3.2),
// rain (ITU-R P.530-18 §2.4.1 with ITU-R P.838-3) and atmospheric gases (ITU-R P.676-13).
// The scenario tables [propagation.clutter], [propagation.rain] and [propagation.gases] fill it
// through the schema of propagation/engine/added_losses.h (added_loss_tables()); the decorator
// AddedLosses of that header applies it. Kept apart from the decorator so that model_config.h
// can hold it without including the decorator.
#pragma once

#include <memory>
#include <string>

#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/terrain/land_cover.h"

namespace akichi::prop {

// ClutterAt (the clutter type of P.2108-1 Table 3 and the representative height R at a place)
// is the land cover's (propagation/terrain/land_cover.h).

/// The clutter type and representative height at any position of the study (study CRS,
/// metres). Thread-safe; the decorator calls it for each link end in clutter. The scenario's
/// keys give a uniform source (UniformClutter); a land-cover raster gives one per place.
class ClutterSource {
 public:
  virtual ~ClutterSource() = default;
  virtual ClutterAt clutter_at(double x_m, double y_m) const = 0;
  /// One line for logs and result attributes ("urban, R = 15 m everywhere").
  virtual std::string describe() const = 0;
};

/// [propagation.clutter]
struct ClutterConfig {
  /// "none" | "p2108-terminal" (§3.1 height-gain terminal correction) | "p2108-statistical"
  /// (§3.2 terrestrial statistical clutter loss)
  std::string model = "none";
  /// Which link ends are in clutter: "rx" (the grid cell, the terminal end of every tensor),
  /// "tx" (the station the tensor belongs to) or "both".
  std::string ends = "rx";
  /// §3.1 Table 3 clutter type: "water_sea" | "open_rural" | "suburban" | "urban" |
  /// "trees_forest" | "dense_urban" (the land cover's names, clutter_type_keys()). Where the
  /// study has a land cover ([land_cover]) the type and height come from it instead.
  std::string clutter_type = "urban";
  /// §3.1 representative clutter height R (m); 0 = Table 3's default for the type.
  double clutter_height_m = 0;
  double street_width_m = 27;    ///< §3.1 w_s (m), 27 m by default
  double location_percent = 50;  ///< §3.2 percentage of locations, 0 < p < 100
  /// Where the clutter type and height come from (§3.1); null = uniform from the keys above.
  std::shared_ptr<const ClutterSource> source;
};

/// [propagation.rain]
struct RainConfig {
  bool enabled = false;        ///< the scenario has [propagation.rain]
  double time_percent = 0.01;  ///< p (% of an average year), 0.001..1 (§2.4.1)
  /// R_0.01 (mm/h, 1-min integration) as given; 0 when it comes from the map.
  double rain_rate_mm_h = 0;
  /// A user's copy of the ITU-R P.837-7 map R001.TXT (resolved path); "" when the rate is given.
  std::string rain_rate_map;
  double latitude_deg = 0;   ///< the map's look-up point (the study area's centre by default)
  double longitude_deg = 0;  ///< (degrees east)
  /// "vertical" | "horizontal" | "circular": the P.838-3 tilt tau of eqs. (4)-(5).
  std::string polarization = "vertical";
  /// R_0.01 used (mm/h): the key's value, or the map's at (latitude, longitude) once read.
  double R001_mm_h = 0;
};

/// [propagation.gases]
struct GasesConfig {
  bool enabled = false;               ///< the scenario has [propagation.gases]
  double temperature_C = 15;          ///< T (P.676-13 eq. (3): theta = 300 / T)
  double dry_pressure_hPa = 1013.25;  ///< p, dry-air pressure
  double water_vapour_g_m3 = 7.5;     ///< rho (e = rho T / 216.7, eq. (4))
  /// Also add the absorption on interference paths (default: wanted-signal paths only;
  /// docs/methods.md, "Added losses").
  bool interference_paths = false;
};

/// Which side of a study a link is on: the loss of a wanted signal (coverage, the planned
/// layout's received power) includes rain exceeded for p % of the time; the loss of an
/// interfering signal never credits rain (docs/methods.md, "Added losses").
enum class LinkRole { Interference, Wanted };

struct AddedLossesConfig {
  ClutterConfig clutter;
  RainConfig rain;
  GasesConfig gases;
  LinkRole role = LinkRole::Interference;

  bool has_clutter() const { return clutter.model != "none"; }
  /// Whether anything is added on links of `role`.
  bool adds_for(LinkRole r) const {
    return has_clutter() || (rain.enabled && r == LinkRole::Wanted) ||
           (gases.enabled && (r == LinkRole::Wanted || gases.interference_paths));
  }
  /// Whether the scenario gives any added loss (for either role).
  bool any() const { return has_clutter() || rain.enabled || gases.enabled; }
};

}  // namespace akichi::prop

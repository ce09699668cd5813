// One link's terrain profile: the clearance of the first Fresnel zone over the terrain and the
// earth's curvature, and a profile plot (PNG, cairo) with the direct ray and the zone.
#pragma once

#include <string>
#include <vector>

namespace akichi::viz {

/// Mean earth radius, ITU-R P.452-18 / P.2001 (6371 km).
inline constexpr double kEarthRadius_m = 6371.0e3;

/// The link as the plot and the clearance see it.
struct LinkProfile {
  std::vector<double> d_m;  ///< distance from the transmitter end, ascending, d_m.front() == 0
  std::vector<double> z_m;  ///< terrain elevation at d_m
  double h_tx_m = 0;        ///< antenna heights above the ground at the two ends
  double h_rx_m = 0;
  double freq_Hz = 0;
  double k_factor = 4.0 / 3.0;  ///< effective earth-radius factor
};

/// Height of the earth's bulge at distances d1, d2 from the two ends over an effective earth
/// of radius k a: d1 d2 / (2 k a), the earth-curvature term 500 C_e d_i (d - d_i) of ITU-R
/// P.452-18 eq. (14) with C_e = 1 / (k a) (km there, metres here).
double earth_bulge_m(double d1_m, double d2_m, double k_factor);

/// Radius of the first Fresnel zone at distances d1, d2 from the ends: sqrt(λ d1 d2 / (d1 +
/// d2)), λ = c / f (ITU-R P.530-18 §2.2.2: F1 = 17.3 sqrt(d1 d2 / (f d)) m, f in GHz, d in
/// km).
double fresnel_radius_m(double d1_m, double d2_m, double freq_Hz);

/// The smallest clearance of the direct ray over the terrain raised by the earth's bulge, over
/// the interior samples (the ends excluded).
struct Clearance {
  double clearance_m = 0;     ///< ray height minus (terrain + bulge) where clearance / F1 is least
  double ratio = 0;           ///< that clearance in first-Fresnel-zone radii (negative: blocked)
  double at_m = 0;            ///< where, from the transmitter end
  double fresnel_m = 0;       ///< the zone's radius there
  bool line_of_sight = true;  ///< no sample rises above the direct ray
  bool zone_clear = true;     ///< 0.6 F1 clear everywhere (the clearance criterion of ITU-R
                              ///< P.530-18 §2.2.2)
};
/// Throws InputError when the profile has fewer than 3 samples, sizes differ, or the frequency
/// or k factor is not positive.
Clearance link_clearance(const LinkProfile& link);

/// Writes `path` (.png) atomically: the terrain over the curved earth (drawn as a bulge under
/// the straight ray), the sea-level arc, the direct ray, the first Fresnel zone (shaded), the
/// antennas, distance (km) and height (m) axes, the title, the subtitle and `notes` (one line
/// each, under the plot). Throws InputError for a bad profile or path.
void render_link_profile_png(const LinkProfile& link, const std::string& title,
                             const std::string& subtitle, const std::vector<std::string>& notes,
                             const std::string& path);

}  // namespace akichi::viz

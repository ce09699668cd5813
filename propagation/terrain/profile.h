// Terrain profiles between two points of the study plane.
#pragma once

#include <vector>

#include "propagation/terrain/terrain.h"

namespace akichi::prop {

/// Samples along a straight line, from the first end (d = 0) to the second (d = total).
/// Reused between calls to avoid allocation: extract_profile() only grows the vectors.
struct Profile {
  std::vector<double> d_m;  ///< distance from the first end, ascending, d_m.front() == 0
  std::vector<double> z_m;  ///< terrain elevation
  /// Representative clutter height of each sample (the engine's scratch for
  /// LinkInput::clutter_m; extract_profile() leaves it alone)
  std::vector<double> clutter_m;
  int size() const { return n; }
  double length_m() const { return n > 0 ? d_m[n - 1] : 0.0; }
  int n = 0;  ///< number of valid samples (the vectors may be longer)
};

/// Number of samples a profile of length d_m at spacing step_m has:
/// max(2, ceil(d_m / step_m) + 1); samples are equally spaced, the last at exactly d_m.
int profile_sample_count(double d_m, double step_m) noexcept;

/// Fills `out` with bilinear terrain samples from (x0, y0) to (x1, y1): n =
/// profile_sample_count(L, step_m) samples equally spaced on the straight line of the study
/// plane, at distances k * L / (n - 1), where L is the length of the two ends by `distance`
/// (TerrainGrid::path_length_m(); null, the default: the plane). On a terrain with source
/// posts (TerrainGrid::source_posts()) the samples are the posts' bilinear interpolation at the
/// same places, through the terrain's map onto them.
void extract_profile(const TerrainGrid& terrain, double x0_m, double y0_m, double x1_m, double y1_m,
                     double step_m, Profile& out, const PathDistance* distance = nullptr);

}  // namespace akichi::prop

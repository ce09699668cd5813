// Reads one 2-D slice of a results file into a map layer and its overlay (stations, premises).
// The only place where viz meets the results file, through sim/results.
#pragma once

#include <optional>
#include <string>

#include "viz/map.h"

namespace akichi::viz {

/// Which slice of a variable to map. Variables are [..., y, x]; `station` selects along the
/// `station` dimension by station id, `height_m` along `height` by value.
struct LayerSelection {
  std::string var;
  std::string station;              ///< required for variables along `station`
  std::optional<double> height_m;   ///< default: the lowest height
};

struct LoadedMap {
  MapLayer layer;
  MapOverlay overlay;
};

/// Throws InputError naming the file and what exists when the variable, station or height is
/// not there, or when the variable is not a map (its last dimensions are not y, x).
LoadedMap load_map(const std::string& results_path, const LayerSelection& selection);

}  // namespace akichi::viz

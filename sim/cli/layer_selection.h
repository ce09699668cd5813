// The slice of a results variable that `render` and `contours` read, from either command's
// options: both name it with the same selectors (--var, --variant, --station, --height, --time,
// --channel, --pair).
#pragma once

#include "viz/results_map.h"

namespace akichi::sim::cli {

template <typename Options>
viz::LayerSelection layer_selection(const Options& o) {
  return {o.var, o.variant, o.station, o.height_m, o.time, o.channel, o.pair};
}

}  // namespace akichi::sim::cli

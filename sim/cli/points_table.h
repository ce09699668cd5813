// The receiver points of `akichi points` and `akichi compare`: one id per (height, cell).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "propagation/geo/grid.h"

namespace akichi::sim::cli {

/// Columns of `akichi points`' CSV.
inline const std::vector<std::string> kPointsHeader{"id",       "lat_deg", "lon_deg",
                                                    "height_m", "x_m",     "y_m"};

/// The id of the cell (iy, ix) at receiver height index k: (k * ny + iy) * nx + ix, the
/// element's index in the [height][y][x] layout of the results file's tensors.
inline std::int64_t point_id(const prop::StudyGrid& g, std::size_t k, int iy, int ix) {
  return (static_cast<std::int64_t>(k) * g.ny + iy) * g.nx + ix;
}

}  // namespace akichi::sim::cli

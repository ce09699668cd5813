// Buildings rasterised onto the study grid: which building (if any) covers each cell centre,
// and whether a receiver at a given height above ground is inside it (below its roof). The
// elements of Buildings are building parts: overlapping or wall-sharing parts are one building
// (building_of_parts() in propagation/surface/building_index.h), which same_building() answers.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "propagation/geo/grid.h"
#include "propagation/surface/building.h"

namespace akichi::prop {

class BuildingMap {
 public:
  /// An empty map: every cell outdoors.
  BuildingMap() = default;

  /// Rasterises `buildings` (study CRS) onto `grid`: a cell belongs to a building when its
  /// centre is covered by the footprint (boundary included). Where footprints overlap, the cell
  /// takes the building whose roof is highest over its centre (the lower index on equal
  /// heights), so the result does not depend on the order of evaluation. The roof over a cell is
  /// its height at the cell's centre: height_m for a flat roof, the facets' height there for a
  /// roof of facets (roof_height_m() in building_index.h).
  BuildingMap(const StudyGrid& grid, std::shared_ptr<const Buildings> buildings);

  /// Index into buildings() of the building covering cell (ix, iy), or -1 outdoors or outside
  /// the grid.
  int building_at(int ix, int iy) const noexcept {
    if (ix < 0 || iy < 0 || ix >= nx_ || iy >= ny_) return -1;
    return index_[static_cast<std::size_t>(iy) * static_cast<std::size_t>(nx_) +
                  static_cast<std::size_t>(ix)];
  }
  /// The same for the cell containing the point (x_m, y_m) of the study CRS.
  int building_at_point(double x_m, double y_m) const noexcept;

  /// Building index of an end at height h_m above ground in cell (ix, iy) when it is indoors
  /// (the cell is covered and h_m is below the roof over the cell), else -1.
  int indoor_building(int ix, int iy, double h_m) const noexcept {
    const int b = building_at(ix, iy);
    return (b >= 0 &&
            h_m < roof_over(b, static_cast<std::size_t>(iy) * static_cast<std::size_t>(nx_) +
                                   static_cast<std::size_t>(ix)))
               ? b
               : -1;
  }
  int indoor_building_at_point(double x_m, double y_m, double h_m) const noexcept;

  /// Whether parts a and b (indices into buildings(); -1 is no building) belong to one
  /// building: the same part, or parts joined by building_of_parts().
  bool same_building(int a, int b) const noexcept {
    return a >= 0 && b >= 0 &&
           building_of_[static_cast<std::size_t>(a)] == building_of_[static_cast<std::size_t>(b)];
  }

  /// The per-cell building index, row-major [iy][ix], -1 outdoors.
  const std::vector<std::int32_t>& index() const noexcept { return index_; }
  /// Indoor flags [height][iy][ix] (1 = inside a footprint and below its roof) for the heights
  /// above ground `heights_m`.
  std::vector<std::uint8_t> indoor_mask(const std::vector<double>& heights_m) const;

  const Buildings& buildings() const noexcept;
  const std::shared_ptr<const Buildings>& shared_buildings() const noexcept { return buildings_; }
  bool empty() const noexcept { return buildings_ == nullptr || buildings_->empty(); }

 private:
  /// The cell (ix, iy) containing the point (x_m, y_m); false outside the grid.
  bool cell_of(double x_m, double y_m, int& ix, int& iy) const noexcept;
  /// Roof height above ground over cell `cell` covered by building b.
  double roof_over(int b, std::size_t cell) const noexcept {
    return cell_roof_m_.empty() ? roof_m_[static_cast<std::size_t>(b)] : cell_roof_m_[cell];
  }

  std::shared_ptr<const Buildings> buildings_;
  std::vector<double> roof_m_;  ///< height_m per building
  /// With roof facets in the scene: the owning building's roof over each cell's centre (m above
  /// ground; empty when every roof is flat, the roof being roof_m_ of the owner).
  std::vector<double> cell_roof_m_;
  std::vector<std::uint32_t> building_of_;  ///< building_of_parts() of the buildings
  double x0_m_ = 0, y0_m_ = 0, cell_m_ = 1;
  int nx_ = 0, ny_ = 0;
  std::vector<std::int32_t> index_;
};

/// Index of the building whose footprint covers the point (x_m, y_m) exactly (polygon test, not
/// the raster), the one whose roof is highest over the point where several do (the lower index
/// on equal heights); -1 when none. `roof_m`, when not null, receives that roof's height above
/// ground over the point (roof_height_m() in building_index.h; 0 when none).
int building_containing(const Buildings& buildings, double x_m, double y_m,
                        double* roof_m = nullptr);

}  // namespace akichi::prop

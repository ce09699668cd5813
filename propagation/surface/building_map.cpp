// Rasterisation of building footprints onto the study grid. See the header.
#include "propagation/surface/building_map.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "propagation/surface/building_index.h"

namespace akichi::prop {
BuildingMap::BuildingMap(const StudyGrid& grid, std::shared_ptr<const Buildings> buildings)
    : buildings_(std::move(buildings)),
      x0_m_(grid.x0_m),
      y0_m_(grid.y0_m),
      cell_m_(grid.cell_m),
      nx_(grid.nx),
      ny_(grid.ny),
      index_(grid.cells(), -1) {
  if (buildings_ == nullptr) return;
  const Buildings& bs = *buildings_;
  roof_m_.reserve(bs.size());
  for (const Building& b : bs) roof_m_.push_back(b.height_m);
  building_of_ = building_of_parts(bs);
  const bool facets =
      std::any_of(bs.begin(), bs.end(), [](const Building& b) { return !b.roof.empty(); });
  // The roof over the cells covered so far (with facets only; otherwise the owner's height_m).
  std::vector<double> roof(facets ? index_.size() : 0);
  for (std::size_t k = 0; k < bs.size(); ++k) {
    const double low_m = roof_low_m(bs[k]);
    const auto box = bg::return_envelope<bg::model::box<Point2>>(bs[k].footprint);
    // Cells whose centre x(i) = x0 + (i + 0.5) cell lies in [min, max].
    const auto first = [&](double lo, double origin) {
      return static_cast<int>(std::ceil((lo - origin) / cell_m_ - 0.5));
    };
    const auto last = [&](double hi, double origin) {
      return static_cast<int>(std::floor((hi - origin) / cell_m_ - 0.5));
    };
    const int i0 = std::max(0, first(box.min_corner().x(), x0_m_));
    const int i1 = std::min(nx_ - 1, last(box.max_corner().x(), x0_m_));
    const int j0 = std::max(0, first(box.min_corner().y(), y0_m_));
    const int j1 = std::min(ny_ - 1, last(box.max_corner().y(), y0_m_));
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const Point2 centre(grid.x(i), grid.y(j));
        if (!bg::covered_by(centre, bs[k].footprint)) continue;
        const std::size_t c = static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) +
                              static_cast<std::size_t>(i);
        std::int32_t& cell = index_[c];
        const double here =
            facets ? roof_height_m(bs[k], grid.x(i), grid.y(j), low_m) : bs[k].height_m;
        // The higher roof owns the cell; on equal heights the lower index (k ascends).
        const double owner = cell < 0 ? 0.0
                             : facets ? roof[c]
                                      : roof_m_[static_cast<std::size_t>(cell)];
        if (cell < 0 || here > owner) {
          cell = static_cast<std::int32_t>(k);
          if (facets) roof[c] = here;
        }
      }
    }
  }
  cell_roof_m_ = std::move(roof);
}

bool BuildingMap::cell_of(double x_m, double y_m, int& ix, int& iy) const noexcept {
  const double fx = std::floor((x_m - x0_m_) / cell_m_);
  const double fy = std::floor((y_m - y0_m_) / cell_m_);
  if (!(fx >= 0 && fx < nx_ && fy >= 0 && fy < ny_)) return false;
  ix = static_cast<int>(fx);
  iy = static_cast<int>(fy);
  return true;
}

int BuildingMap::building_at_point(double x_m, double y_m) const noexcept {
  int ix = 0, iy = 0;
  return cell_of(x_m, y_m, ix, iy) ? building_at(ix, iy) : -1;
}

int BuildingMap::indoor_building_at_point(double x_m, double y_m, double h_m) const noexcept {
  int ix = 0, iy = 0;
  return cell_of(x_m, y_m, ix, iy) ? indoor_building(ix, iy, h_m) : -1;
}

std::vector<std::uint8_t> BuildingMap::indoor_mask(const std::vector<double>& heights_m) const {
  const std::size_t cells = index_.size();
  std::vector<std::uint8_t> mask(heights_m.size() * cells, 0);
  for (std::size_t h = 0; h < heights_m.size(); ++h) {
    for (std::size_t c = 0; c < cells; ++c) {
      const std::int32_t b = index_[c];
      mask[h * cells + c] = (b >= 0 && heights_m[h] < roof_over(b, c)) ? 1 : 0;
    }
  }
  return mask;
}

const Buildings& BuildingMap::buildings() const noexcept {
  static const Buildings kNone;
  return buildings_ ? *buildings_ : kNone;
}

int building_containing(const Buildings& buildings, double x_m, double y_m, double* roof_m) {
  const Point2 p(x_m, y_m);
  int best = -1;
  double best_roof = 0;
  for (std::size_t k = 0; k < buildings.size(); ++k) {
    if (!bg::covered_by(p, buildings[k].footprint)) continue;
    const Building& b = buildings[k];
    const double roof = roof_height_m(b, x_m, y_m, roof_low_m(b));
    if (best < 0 || roof > best_roof) {  // the lower index on equal heights
      best = static_cast<int>(k);
      best_roof = roof;
    }
  }
  if (roof_m != nullptr) *roof_m = best_roof;
  return best;
}

}  // namespace akichi::prop

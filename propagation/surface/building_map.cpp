// Rasterisation of building footprints onto the study grid. See the header.
#include "propagation/surface/building_map.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "propagation/surface/building_index.h"

namespace akichi::prop {
namespace {

/// Whether building a should own a cell rather than building b (taller; lower index on ties).
bool preferred(const Buildings& bs, std::size_t a, std::size_t b) {
  if (bs[a].height_m != bs[b].height_m) return bs[a].height_m > bs[b].height_m;
  return a < b;
}

}  // namespace

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
  for (std::size_t k = 0; k < bs.size(); ++k) {
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
        std::int32_t& cell = index_[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) +
                                    static_cast<std::size_t>(i)];
        if (cell < 0 || preferred(bs, k, static_cast<std::size_t>(cell)))
          cell = static_cast<std::int32_t>(k);
      }
    }
  }
}

int BuildingMap::building_at_point(double x_m, double y_m) const noexcept {
  const double fx = std::floor((x_m - x0_m_) / cell_m_);
  const double fy = std::floor((y_m - y0_m_) / cell_m_);
  if (!(fx >= 0 && fx < nx_ && fy >= 0 && fy < ny_)) return -1;
  return building_at(static_cast<int>(fx), static_cast<int>(fy));
}

int BuildingMap::indoor_building_at_point(double x_m, double y_m, double h_m) const noexcept {
  const int b = building_at_point(x_m, y_m);
  return (b >= 0 && h_m < roof_m_[static_cast<std::size_t>(b)]) ? b : -1;
}

std::vector<std::uint8_t> BuildingMap::indoor_mask(const std::vector<double>& heights_m) const {
  const std::size_t cells = index_.size();
  std::vector<std::uint8_t> mask(heights_m.size() * cells, 0);
  for (std::size_t h = 0; h < heights_m.size(); ++h) {
    for (std::size_t c = 0; c < cells; ++c) {
      const std::int32_t b = index_[c];
      mask[h * cells + c] = (b >= 0 && heights_m[h] < roof_m_[static_cast<std::size_t>(b)]) ? 1 : 0;
    }
  }
  return mask;
}

const Buildings& BuildingMap::buildings() const noexcept {
  static const Buildings kNone;
  return buildings_ ? *buildings_ : kNone;
}

int building_containing(const Buildings& buildings, double x_m, double y_m) {
  const Point2 p(x_m, y_m);
  int best = -1;
  for (std::size_t k = 0; k < buildings.size(); ++k) {
    if (!bg::covered_by(p, buildings[k].footprint)) continue;
    if (best < 0 || preferred(buildings, k, static_cast<std::size_t>(best)))
      best = static_cast<int>(k);
  }
  return best;
}

}  // namespace akichi::prop

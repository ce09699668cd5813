// Building index and ray queries. See the header.

// First: Boost.Geometry as propagation/geo/geometry.h includes it, with GCC's false
// -Wmaybe-uninitialized off for Boost.Geometry's own lines.
#include "propagation/geo/geometry.h"

#include "propagation/surface/building_index.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <numbers>
#include <numeric>
#include <utility>

#include <boost/function_output_iterator.hpp>
#include <boost/geometry/index/rtree.hpp>

namespace akichi::prop {

namespace bgi = boost::geometry::index;

namespace {

using Ring = Polygon2::ring_type;

double signed_area(const Ring& r) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    a += r[i].x() * r[i + 1].y() - r[i + 1].x() * r[i].y();
  }
  return 0.5 * a;  // > 0: counter-clockwise
}

/// Appends the walls of one ring. `outer`: the building is the ring's interior; otherwise (a
/// courtyard) the building is the ring's exterior.
void add_ring_walls(const Ring& ring, bool outer, std::uint32_t b, double base_z_m, double top_z_m,
                    std::vector<Wall>& walls) {
  // Distinct vertices of the closed ring, repeated points dropped.
  std::vector<Point2> v;
  for (const Point2& p : ring) {
    if (v.empty() || std::hypot(p.x() - v.back().x(), p.y() - v.back().y()) > 1e-9) v.push_back(p);
  }
  while (v.size() > 1 &&
         std::hypot(v.front().x() - v.back().x(), v.front().y() - v.back().y()) <= 1e-9) {
    v.pop_back();
  }
  const std::size_t n = v.size();
  if (n < 3) return;
  Ring open(v.begin(), v.end());
  open.push_back(v.front());
  const bool ccw = signed_area(open) > 0;
  // The building lies to the left of travel when (ccw and outer) or (cw and courtyard).
  const bool building_left = (ccw == outer);
  for (std::size_t i = 0; i < n; ++i) {
    const Point2& prev = v[(i + n - 1) % n];
    const Point2& p0 = v[i];
    const Point2& p1 = v[(i + 1) % n];
    const double dx = p1.x() - p0.x(), dy = p1.y() - p0.y();
    const double len = std::hypot(dx, dy);
    Wall w;
    w.building = b;
    w.x0_m = p0.x();
    w.y0_m = p0.y();
    w.x1_m = p1.x();
    w.y1_m = p1.y();
    // Left normal (-dy, dx); outward is away from the building.
    const double s = building_left ? -1.0 : 1.0;
    w.nx = s * -dy / len;
    w.ny = s * dx / len;
    w.base_z_m = base_z_m;
    w.top_z_m = top_z_m;
    // Corner at p0: incoming edge prev -> p0, outgoing p0 -> p1. The turn is towards the
    // building side at a convex corner.
    const double ax = prev.x() - p0.x(), ay = prev.y() - p0.y();
    const double alen = std::hypot(ax, ay);
    const double inx = -ax / alen, iny = -ay / alen;  // incoming direction
    const double ox = dx / len, oy = dy / len;        // outgoing direction
    const double cross = inx * oy - iny * ox;
    const double turn = std::atan2(cross, inx * ox + iny * oy);  // (-pi, pi], + = left turn
    const bool convex = building_left ? turn > 1e-9 : turn < -1e-9;
    w.corner_convex = convex;
    w.corner_n = 1.0 + std::abs(turn) / std::numbers::pi;
    w.corner_ox = ax / alen;
    w.corner_oy = ay / alen;
    // From the o-face (towards prev) the exterior is swept away from the building: of the
    // rotations by +n pi (ccw) and -n pi (cw), the one that brings the o-face onto the n-face
    // (towards p1) gives the sense (at a reflex corner the value is unused).
    const double rot = w.corner_n * std::numbers::pi;
    const double cx = std::cos(rot) * w.corner_ox - std::sin(rot) * w.corner_oy;
    const double cy = std::sin(rot) * w.corner_ox + std::cos(rot) * w.corner_oy;
    w.corner_sense = (cx * ox + cy * oy) > 0.9999 ? 1.0 : -1.0;
    walls.push_back(w);
  }
}

/// Whether part b is in the ascending list `ignore` (a handful of parts at most: a linear scan).
bool listed(std::span<const std::uint32_t> ignore, std::uint32_t b) noexcept {
  for (const std::uint32_t i : ignore) {
    if (i == b) return true;
    if (i > b) return false;
  }
  return false;
}

/// A crossing this close to an edge's end (as a fraction of the edge) is at its vertex: it
/// counts for both edges that meet there, whichever way their parameters round.
constexpr double kVertex = 1e-9;

/// The crossings of the segment from (x0, y0) along (dx, dy) (plan length L) with the edges of
/// ring r: accept(t, u) for each edge it crosses, t the segment's parameter and u the edge's.
/// Parallel edges are skipped; parallel(c) is told of each, c = the cross product of the
/// segment's direction and the vector from its start to the edge's (|c| / L is the edge's
/// distance from the segment's line).
template <typename Accept, typename Parallel>
void ring_crossings(const Ring& r, double x0, double y0, double dx, double dy, double L,
                    Accept&& accept, Parallel&& parallel) {
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const double ax = r[i].x(), ay = r[i].y();
    const double ex = r[i + 1].x() - ax, ey = r[i + 1].y() - ay;
    const double denom = dx * ey - dy * ex;
    const double qx = ax - x0, qy = ay - y0;
    // |denom| <= 1e-15 L |e|, squared (no square root per edge).
    if (denom * denom <= 1e-30 * (L * L) * (ex * ex + ey * ey)) {
      parallel(qx * dy - qy * dx);
      continue;
    }
    accept((qx * ey - qy * ex) / denom, (qx * dy - qy * dx) / denom);
  }
}

/// The cell of coordinate v on a grid axis from `origin` with cells of size 1 / inv_c, clamped
/// to [0, n - 1] before converting (far or NaN coordinates included). A multiplication, not a
/// division: the mapping is monotone in v, which is all the grid's users need (a box is listed
/// in the cells of its corners, a segment visits those of its ends, both by this function).
int cell_index(double v, double origin, double inv_c, int n) noexcept {
  const double k = (v - origin) * inv_c;
  return k >= 0.0 ? (k < n - 1 ? static_cast<int>(k) : n - 1) : 0;
}

template <typename Accept>
void ring_crossings(const Ring& r, double x0, double y0, double dx, double dy, double L,
                    Accept&& accept) {
  ring_crossings(r, x0, y0, dx, dy, L, std::forward<Accept>(accept), [](double) {});
}

}  // namespace

std::vector<std::uint32_t> building_of_parts(const Buildings& parts) {
  using Box2 = bg::model::box<Point2>;
  using Value = std::pair<Box2, std::uint32_t>;
  const std::size_t n = parts.size();
  std::vector<std::uint32_t> root(n);
  std::iota(root.begin(), root.end(), 0U);
  // Union-find whose roots are always the lowest index of their set.
  const auto find = [&](std::uint32_t i) {
    while (root[i] != i) {
      root[i] = root[root[i]];
      i = root[i];
    }
    return i;
  };
  std::vector<Value> boxes;
  boxes.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    boxes.emplace_back(bg::return_envelope<Box2>(parts[i].footprint),
                       static_cast<std::uint32_t>(i));
  const bgi::rtree<Value, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  // DE-9IM (OGC Simple Features, Boost.Geometry's relate): the interiors meet in an area, or
  // the boundaries in a line.
  const bg::de9im::mask overlap("2********");
  const bg::de9im::mask shared_wall("****1****");
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = static_cast<std::uint32_t>(i);
    tree.query(bgi::intersects(boxes[i].first),
               boost::make_function_output_iterator([&](const Value& v) {
                 const std::uint32_t b = v.second;
                 if (b <= a) return;
                 const std::uint32_t ra = find(a), rb = find(b);
                 if (ra == rb) return;
                 const Polygon2& pa = parts[a].footprint;
                 const Polygon2& pb = parts[b].footprint;
                 if (!bg::relate(pa, pb, overlap) && !bg::relate(pa, pb, shared_wall)) return;
                 if (ra < rb) {
                   root[rb] = ra;
                 } else {
                   root[ra] = rb;
                 }
               }));
  }
  std::vector<std::uint32_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = find(static_cast<std::uint32_t>(i));
  return out;
}

BuildingIndex::BuildingIndex(std::shared_ptr<const Buildings> buildings)
    : buildings_(buildings ? std::move(buildings) : std::make_shared<const Buildings>()) {
  static std::atomic<std::uint64_t> next_id{1};
  id_ = next_id.fetch_add(1, std::memory_order_relaxed);
  std::vector<Value> boxes;
  const Buildings& bs = *buildings_;
  top_z_m_.resize(bs.size());
  low_z_m_.resize(bs.size());
  for (std::size_t i = 0; i < bs.size(); ++i) {
    const auto b = static_cast<std::uint32_t>(i);
    const double top = bs[i].base_z_m + bs[i].height_m;
    top_z_m_[i] = top;
    low_z_m_[i] = bs[i].roof.empty() ? top : bs[i].base_z_m + roof_low_m(bs[i]);
    lowest_roof_z_m_ = std::min(lowest_roof_z_m_, low_z_m_[i]);
    boxes.emplace_back(bg::return_envelope<Box2>(bs[i].footprint), b);
    wall_start_.push_back(static_cast<std::uint32_t>(walls_.size()));
    add_ring_walls(bs[i].footprint.outer(), true, b, bs[i].base_z_m, top, walls_);
    for (const Ring& inner : bs[i].footprint.inners()) {
      add_ring_walls(inner, false, b, bs[i].base_z_m, top, walls_);
    }
  }
  wall_start_.push_back(static_cast<std::uint32_t>(walls_.size()));
  boxes_.reserve(boxes.size());
  for (const Value& v : boxes) boxes_.push_back(v.first);
  build_grid();
  build_convex();
  building_of_ = building_of_parts(bs);
  for (std::size_t i = 0; i < bs.size(); ++i) building_count_ += building_of_[i] == i ? 1 : 0;
}

void BuildingIndex::build_grid() {
  if (boxes_.empty()) return;
  Box2 all = boxes_.front();
  for (const Box2& b : boxes_) bg::expand(all, b);
  const double w = all.max_corner().x() - all.min_corner().x();
  const double h = all.max_corner().y() - all.min_corner().y();
  // About one part per cell over the parts' extent, cells no smaller than 1 m and at most
  // 2^22 of them.
  const double area = std::max(w, 1.0) * std::max(h, 1.0);
  const double cell = std::max(
      {std::sqrt(area / static_cast<double>(boxes_.size())), 1.0, std::sqrt(area / 4194304.0)});
  grid_cell_m_ = cell;
  grid_inv_cell_ = 1.0 / cell;
  grid_x0_m_ = all.min_corner().x();
  grid_y0_m_ = all.min_corner().y();
  grid_nx_ = static_cast<int>(std::floor(w / cell)) + 1;
  grid_ny_ = static_cast<int>(std::floor(h / cell)) + 1;
  const auto cells_of = [&](const Box2& b, int& i0, int& i1, int& j0, int& j1) {
    const auto at = [&](double v, double origin, int n) {
      return cell_index(v, origin, grid_inv_cell_, n);
    };
    i0 = at(b.min_corner().x(), grid_x0_m_, grid_nx_);
    i1 = at(b.max_corner().x(), grid_x0_m_, grid_nx_);
    j0 = at(b.min_corner().y(), grid_y0_m_, grid_ny_);
    j1 = at(b.max_corner().y(), grid_y0_m_, grid_ny_);
  };
  // Counting sort of (cell, part) into the cells' lists, each in ascending part order.
  const std::size_t cells = static_cast<std::size_t>(grid_nx_) * static_cast<std::size_t>(grid_ny_);
  grid_start_.assign(cells + 1, 0);
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::uint32_t> next;
    if (pass == 1) {
      for (std::size_t c = 0; c < cells; ++c) grid_start_[c + 1] += grid_start_[c];
      grid_parts_.resize(grid_start_[cells]);
      next.assign(grid_start_.begin(), grid_start_.end() - 1);
    }
    for (std::size_t p = 0; p < boxes_.size(); ++p) {
      int i0 = 0, i1 = 0, j0 = 0, j1 = 0;
      cells_of(boxes_[p], i0, i1, j0, j1);
      for (int j = j0; j <= j1; ++j) {
        for (int i = i0; i <= i1; ++i) {
          const std::size_t c = static_cast<std::size_t>(j) * static_cast<std::size_t>(grid_nx_) +
                                static_cast<std::size_t>(i);
          if (pass == 0) {
            ++grid_start_[c + 1];
          } else {
            grid_parts_[next[c]++] = static_cast<std::uint32_t>(p);
          }
        }
      }
    }
  }
}

template <typename Visit>
void BuildingIndex::parts_along(double x0, double y0, double x1, double y1, Visit&& visit) const {
  if (boxes_.empty()) return;
  thread_local std::vector<std::uint64_t> stamp;  // per part: the query that last visited it
  thread_local std::uint64_t tick = 0;
  if (stamp.size() < boxes_.size()) stamp.resize(boxes_.size(), 0);
  ++tick;
  // Everything within kPad of the segment is visited: the grid's and the boxes' tests are
  // conservative by far more than their rounding.
  constexpr double kPad = kTouch_m;
  const double c = grid_cell_m_;
  const double dx = x1 - x0, dy = y1 - y0;
  const double ylo = std::min(y0, y1) - kPad, yhi = std::max(y0, y1) + kPad;
  const double xlo = std::min(x0, x1) - kPad, xhi = std::max(x0, x1) + kPad;
  const double gx1 = grid_x0_m_ + grid_nx_ * c, gy1 = grid_y0_m_ + grid_ny_ * c;
  if (yhi < grid_y0_m_ || ylo > gy1 || xhi < grid_x0_m_ || xlo > gx1) return;
  const double inv_c = grid_inv_cell_;
  const auto index = [&](double v, double origin, int n) {
    return cell_index(v, origin, inv_c, n);
  };
  // The segment against a part's box grown by kPad (Liang-Barsky slabs).
  // (Reciprocals: their rounding, 1e-16 of t, is far inside kPad.)
  const double inv_dx = dx != 0.0 ? 1.0 / dx : 0.0, inv_dy = dy != 0.0 ? 1.0 / dy : 0.0;
  const auto meets = [&](const Box2& b) {
    double t0 = 0.0, t1 = 1.0;
    const auto slab = [&](double p0, double d, double inv_d, double lo, double hi) {
      if (d == 0.0) return p0 >= lo - kPad && p0 <= hi + kPad;
      double ta = (lo - kPad - p0) * inv_d, tb = (hi + kPad - p0) * inv_d;
      if (ta > tb) std::swap(ta, tb);
      t0 = std::max(t0, ta);
      t1 = std::min(t1, tb);
      return t0 <= t1;
    };
    return slab(x0, dx, inv_dx, b.min_corner().x(), b.max_corner().x()) &&
           slab(y0, dy, inv_dy, b.min_corner().y(), b.max_corner().y());
  };
  const int j0 = index(ylo, grid_y0_m_, grid_ny_), j1 = index(yhi, grid_y0_m_, grid_ny_);
  for (int j = j0; j <= j1; ++j) {
    // The segment's x over the row's band of y (to its rounding, which slack covers).
    double xa = xlo, xb = xhi;
    if (dy != 0.0) {
      const double ya = std::max(ylo, grid_y0_m_ + j * c),
                   yb = std::min(yhi, grid_y0_m_ + (j + 1) * c);
      const double ta = std::clamp((ya - y0) * inv_dy, 0.0, 1.0),
                   tb = std::clamp((yb - y0) * inv_dy, 0.0, 1.0);
      const double slack = kPad + std::abs(dx) * 1e-15 *
                                      (std::abs(y0) + std::abs(ya) + std::abs(yb) + c) /
                                      std::abs(dy);
      xa = std::max(xlo, std::min(x0 + ta * dx, x0 + tb * dx) - slack);
      xb = std::min(xhi, std::max(x0 + ta * dx, x0 + tb * dx) + slack);
    }
    if (xb < grid_x0_m_ || xa > gx1) continue;
    const int i0 = index(xa, grid_x0_m_, grid_nx_), i1 = index(xb, grid_x0_m_, grid_nx_);
    for (int i = i0; i <= i1; ++i) {
      const std::size_t cell = static_cast<std::size_t>(j) * static_cast<std::size_t>(grid_nx_) +
                               static_cast<std::size_t>(i);
      for (std::uint32_t k = grid_start_[cell]; k < grid_start_[cell + 1]; ++k) {
        const std::uint32_t p = grid_parts_[k];
        if (stamp[p] == tick) continue;
        stamp[p] = tick;
        if (meets(boxes_[p]) && !visit(p)) return;
      }
    }
  }
}

template <typename Visit>
void BuildingIndex::parts_at(double x_m, double y_m, Visit&& visit) const {
  if (boxes_.empty()) return;
  // The point's cell: a part's box is listed in every cell from its min corner's to its max
  // corner's by the same monotone mapping, so a box covering the point is listed there.
  const int i = cell_index(x_m, grid_x0_m_, grid_inv_cell_, grid_nx_);
  const int j = cell_index(y_m, grid_y0_m_, grid_inv_cell_, grid_ny_);
  const std::size_t cell = static_cast<std::size_t>(j) * static_cast<std::size_t>(grid_nx_) +
                           static_cast<std::size_t>(i);
  for (std::uint32_t k = grid_start_[cell]; k < grid_start_[cell + 1]; ++k) {
    const std::uint32_t p = grid_parts_[k];
    const Box2& b = boxes_[p];
    if (x_m >= b.min_corner().x() && x_m <= b.max_corner().x() && y_m >= b.min_corner().y() &&
        y_m <= b.max_corner().y()) {
      visit(p);
    }
  }
}

int BuildingIndex::containing(double x_m, double y_m) const noexcept {
  const Point2 p(x_m, y_m);
  int found = -1;
  parts_at(x_m, y_m, [&](std::uint32_t part) {
    if (found < 0 && bg::covered_by(p, (*buildings_)[part].footprint))
      found = static_cast<int>(part);
  });
  return found;
}

void BuildingIndex::parts_containing(double x_m, double y_m, double z_m,
                                     std::vector<std::uint32_t>& out) const {
  out.clear();
  const Point2 p(x_m, y_m);
  parts_at(x_m, y_m, [&](std::uint32_t part) {
    if (z_m < top_z_m_[part] && bg::covered_by(p, (*buildings_)[part].footprint) &&
        (!has_roof(part) || z_m < roof_z_m(part, x_m, y_m))) {
      out.push_back(part);
    }
  });
}

int BuildingIndex::inside_intervals(std::uint32_t b, const Segment3& s, double* t_pairs,
                                    int max_pairs) const {
  thread_local std::vector<double> ts;
  ts.clear();
  const double dx = s.x1_m - s.x0_m, dy = s.y1_m - s.y0_m;
  const double L = std::hypot(dx, dy);
  if (L <= kTouch_m) return 0;
  const Polygon2& poly = (*buildings_)[b].footprint;
  // Whether every crossing is transversal, away from the edges' ends and the segment's, and no
  // edge runs along the segment's line: then the stretches between crossings alternate between
  // inside and outside, and one point-in-polygon test (the first stretch's) classifies them all.
  constexpr double kClear = kVertex;  // fraction of the segment or of an edge
  bool alternate = true;
  auto add_ring = [&](const Ring& r) {
    ring_crossings(
        r, s.x0_m, s.y0_m, dx, dy, L,
        [&](double t, double u) {
          // Through a vertex both edges' u may round outside [0, 1]: a crossing within kClear
          // of an edge's end counts (twice, at most, which the stretches' tests absorb).
          if (t >= -kClear && t <= 1.0 + kClear && u >= -kClear && u <= 1.0 + kClear) {
            if (t >= 0.0 && t <= 1.0) ts.push_back(t);
            alternate =
                alternate && t > kClear && t < 1.0 - kClear && u > kClear && u < 1.0 - kClear;
          }
        },
        [&](double c) { alternate = alternate && std::abs(c) > kTouch_m * L; });
  };
  add_ring(poly.outer());
  for (const Ring& inner : poly.inners()) add_ring(inner);
  ts.push_back(0.0);
  ts.push_back(1.0);
  std::sort(ts.begin(), ts.end());
  for (std::size_t i = 0; alternate && i + 1 < ts.size(); ++i)
    alternate = (ts[i + 1] - ts[i]) * L > kTouch_m;
  int n = 0;
  bool inside = false;
  for (std::size_t i = 0; i + 1 < ts.size(); ++i) {
    const double ta = ts[i], tb = ts[i + 1];
    if ((tb - ta) * L <= kTouch_m) continue;
    if (i == 0 || !alternate) {
      const double tm = 0.5 * (ta + tb);
      inside = bg::within(Point2(s.x0_m + tm * dx, s.y0_m + tm * dy), poly);
    } else {
      inside = !inside;
    }
    if (!inside) continue;
    if (n > 0 && t_pairs[2 * n - 1] >= ta - kTouch_m / L) {
      t_pairs[2 * n - 1] = tb;  // continues the previous interval
    } else if (n < max_pairs) {
      t_pairs[2 * n] = ta;
      t_pairs[2 * n + 1] = tb;
      ++n;
    }
  }
  return n;
}

double roof_low_m(const Building& b) {
  if (b.roof.empty()) return b.height_m;
  // A vertex of a facet (each is planar).
  double low = 1e300;
  for (const RoofFacet& f : b.roof) {
    for (const Point2& p : f.plan.outer()) low = std::min(low, f.height_m(p.x(), p.y()));
  }
  return std::min(b.height_m, low);
}

namespace {

/// The highest facet of b's roof over (x_m, y_m) above b's ground, or -1e300 under none.
double highest_facet_m(const Building& b, double x_m, double y_m) noexcept {
  const Point2 p(x_m, y_m);
  double z = -1e300;
  for (const RoofFacet& f : b.roof) {
    if (bg::covered_by(p, f.plan)) z = std::max(z, f.height_m(x_m, y_m));
  }
  return z;
}

}  // namespace

double roof_height_m(const Building& b, double x_m, double y_m, double low_m) {
  if (b.roof.empty()) return b.height_m;
  const double z = highest_facet_m(b, x_m, y_m);
  return z > -1e300 ? z : low_m;
}

double BuildingIndex::roof_z_m(std::uint32_t b, double x_m, double y_m) const noexcept {
  const Building& bd = (*buildings_)[b];
  if (bd.roof.empty()) return top_z_m_[b];
  const double z = highest_facet_m(bd, x_m, y_m);
  return z > -1e300 ? bd.base_z_m + z : low_z_m_[b];
}

double BuildingIndex::wall_top_z_m(const Wall& w, double x_m, double y_m) const noexcept {
  const Building& bd = (*buildings_)[w.building];
  if (bd.roof.empty()) return w.top_z_m;
  const Point2 p(x_m, y_m);
  double z = -1e300;
  for (const RoofFacet& f : bd.roof) {
    if (bg::distance(p, f.plan) <= kEdge_m) z = std::max(z, bd.base_z_m + f.height_m(x_m, y_m));
  }
  return z > -1e300 ? std::min(z, w.top_z_m) : low_z_m_[w.building];
}

void BuildingIndex::roof_profile(std::uint32_t b, const Segment3& s, double ta, double tb,
                                 std::vector<RoofPiece>& out) const {
  thread_local std::vector<double> ts;
  const Building& bd = (*buildings_)[b];
  const double dx = s.x1_m - s.x0_m, dy = s.y1_m - s.y0_m;
  const double L = std::hypot(dx, dy);
  if (L <= kTouch_m || (tb - ta) * L <= kTouch_m) return;
  const double touch_t = kTouch_m / L;
  // Breaks of the profile: where the plan crosses a facet's edge, strictly inside (ta, tb).
  ts.clear();
  ts.push_back(ta);
  for (const RoofFacet& f : bd.roof) {
    const auto add_ring = [&](const Ring& r) {
      ring_crossings(r, s.x0_m, s.y0_m, dx, dy, L, [&](double t, double u) {
        if (t > ta + touch_t && t < tb - touch_t && u >= -kVertex && u <= 1.0 + kVertex)
          ts.push_back(t);
      });
    };
    add_ring(f.plan.outer());
    for (const Ring& inner : f.plan.inners()) add_ring(inner);
  }
  std::sort(ts.begin() + 1, ts.end());
  ts.push_back(tb);
  // Each stretch between breaks lies under one facet (the highest at its midpoint) or none.
  double t0 = ta;
  for (std::size_t i = 1; i < ts.size(); ++i) {
    const double t1 = ts[i];
    if ((t1 - t0) * L <= kTouch_m && i + 1 < ts.size()) continue;  // breaks closer than a touch
    const double tm = 0.5 * (t0 + t1);
    const double xm = s.x0_m + tm * dx, ym = s.y0_m + tm * dy;
    const RoofFacet* top = nullptr;
    double z_top = -1e300;
    for (const RoofFacet& f : bd.roof) {
      const double z = f.height_m(xm, ym);
      if (z > z_top && bg::covered_by(Point2(xm, ym), f.plan)) {
        z_top = z;
        top = &f;
      }
    }
    RoofPiece piece{t0, t1, low_z_m_[b], low_z_m_[b], top};
    if (top != nullptr) {
      piece.z0 = bd.base_z_m + top->height_m(s.x0_m + t0 * dx, s.y0_m + t0 * dy);
      piece.z1 = bd.base_z_m + top->height_m(s.x0_m + t1 * dx, s.y0_m + t1 * dy);
    }
    out.push_back(piece);
    t0 = t1;
  }
}

void BuildingIndex::roof_edges(std::uint32_t b, const Segment3& s, double t_in, double t_out,
                               std::vector<RoofEdge>& out) const {
  thread_local std::vector<RoofPiece> pieces;
  thread_local std::vector<std::array<double, 2>> v;  // the profile's vertices (t, z)
  out.clear();
  constexpr int kMaxPairs = 32;
  double t[2 * kMaxPairs];
  const int n = inside_intervals(b, s, t, kMaxPairs);
  // Heights closer than this are level (a plane fitted to level points may tilt by rounding).
  constexpr double kLevel_m = 1e-9;
  for (int k = 0; k < n; ++k) {
    const double ta = std::max(t[2 * k], t_in), tb = std::min(t[2 * k + 1], t_out);
    pieces.clear();
    roof_profile(b, s, ta, tb, pieces);
    v.clear();
    for (const RoofPiece& p : pieces) {
      v.push_back({p.t0, p.z0});
      v.push_back({p.t1, p.z1});
    }
    // Runs of level vertices; a run higher than its neighbours (the walls at either end of the
    // stretch are lower) is a maximum.
    std::size_t i = 0;
    while (i < v.size()) {
      std::size_t j = i + 1;
      while (j < v.size() && std::abs(v[j][1] - v[i][1]) <= kLevel_m) ++j;
      const bool above_before = i == 0 || v[i - 1][1] < v[i][1];
      const bool above_after = j == v.size() || v[j][1] < v[j - 1][1];
      if (above_before && above_after) {
        double z = v[i][1];
        for (std::size_t m = i + 1; m < j; ++m) z = std::max(z, v[m][1]);
        out.push_back({v[i][0], v[j - 1][0], z});
      }
      i = j;
    }
  }
}

bool BuildingIndex::interval_blocked(std::uint32_t b, const Segment3& s, double ta,
                                     double tb) const {
  const double za = s.z0_m + (s.z1_m - s.z0_m) * ta;
  const double zb = s.z0_m + (s.z1_m - s.z0_m) * tb;
  const double base = (*buildings_)[b].base_z_m;
  if ((*buildings_)[b].roof.empty() || !(std::min(za, zb) < top_z_m_[b])) {
    return std::min(za, zb) < top_z_m_[b] && std::max(za, zb) > base;
  }
  if (!(std::max(za, zb) > base)) return false;
  if (std::max(za, zb) < low_z_m_[b]) return true;  // below the lowest point of the roof
  // Under the roof somewhere: the segment is below the roof profile at an end of one of its
  // linear pieces, and above the base there.
  thread_local std::vector<RoofPiece> pieces;
  pieces.clear();
  roof_profile(b, s, ta, tb, pieces);
  for (const RoofPiece& p : pieces) {
    const double z0 = s.z0_m + (s.z1_m - s.z0_m) * p.t0;
    const double z1 = s.z0_m + (s.z1_m - s.z0_m) * p.t1;
    if ((z0 < p.z0 || z1 < p.z1) && std::max(z0, z1) > base) return true;
  }
  return false;
}

namespace {

/// Longest edge of a part blocked() decides by clipping (m). inside_intervals() counts a
/// crossing up to kVertex of an edge's length beyond its end: over such edges that is under
/// 1e-6 m (kTouch_m), a stretch it skips, and within the clipping's margin.
constexpr double kConvexEdge_m = 500.0;
/// The clipping's margin (m): the footprint is grown and shrunk by it. Twenty times the longest
/// reach of inside_intervals()' crossings beyond the outline (above), and orders of magnitude
/// above the rounding of coordinates at any study scale.
constexpr double kConvexMargin_m = 1e-5;

}  // namespace

void BuildingIndex::build_convex() {
  const Buildings& bs = *buildings_;
  convex_.assign(bs.size(), 0);
  convex_start_.assign(bs.size() + 1, 0);
  convex_edges_.clear();
  for (std::size_t i = 0; i < bs.size(); ++i) {
    convex_start_[i] = static_cast<std::uint32_t>(convex_edges_.size());
    const Building& b = bs[i];
    const Ring& r = b.footprint.outer();
    if (!b.footprint.inners().empty() || r.size() < 4) continue;
    const std::size_t n = r.size() - 1;  // closed ring
    int sign = 0;
    bool convex = true, short_edges = true;
    for (std::size_t k = 0; convex && k < n; ++k) {
      const Point2& a = r[k];
      const Point2& c = r[(k + 1) % n];
      const Point2& d = r[(k + 2) % n];
      const double cr = (c.x() - a.x()) * (d.y() - c.y()) - (c.y() - a.y()) * (d.x() - c.x());
      const int sg = cr > 0 ? 1 : (cr < 0 ? -1 : 0);
      if (sg != 0 && sign != 0 && sg != sign) convex = false;
      if (sg != 0) sign = sg;
      const double len = std::hypot(c.x() - a.x(), c.y() - a.y());
      short_edges = short_edges && len > 0.0 && len <= kConvexEdge_m;
    }
    convex_[i] = convex ? 1 : 0;
    if (!convex || !short_edges || !b.roof.empty()) continue;
    double cx = 0, cy = 0;
    for (std::size_t k = 0; k < n; ++k) {
      cx += r[k].x() / static_cast<double>(n);
      cy += r[k].y() / static_cast<double>(n);
    }
    const std::size_t first = convex_edges_.size();
    for (std::size_t k = 0; k < n; ++k) {
      const Point2& a = r[k];
      const Point2& c = r[k + 1];
      const double ex = c.x() - a.x(), ey = c.y() - a.y(), len = std::hypot(ex, ey);
      EdgeLine e{a.x(), a.y(), ey / len, -ex / len};
      if ((cx - e.x) * e.nx + (cy - e.y) * e.ny > 0) {  // outward: away from the centroid
        e.nx = -e.nx;
        e.ny = -e.ny;
      }
      convex_edges_.push_back(e);
    }
    // A sliver whose centroid is within the margin of an edge's line (every vertex on one line
    // among them) is left to the rings.
    bool clear = true;
    for (std::size_t k = first; k < convex_edges_.size(); ++k) {
      const EdgeLine& e = convex_edges_[k];
      clear = clear && (cx - e.x) * e.nx + (cy - e.y) * e.ny < -10 * kConvexMargin_m;
    }
    if (!clear) convex_edges_.resize(first);
  }
  convex_start_[bs.size()] = static_cast<std::uint32_t>(convex_edges_.size());
}

int BuildingIndex::convex_blocked(std::uint32_t b, const Segment3& s) const noexcept {
  const double dx = s.x1_m - s.x0_m, dy = s.y1_m - s.y0_m;
  const double L = std::sqrt(dx * dx + dy * dy);
  if (!(L > 4 * kTouch_m)) return -1;
  // The segment's parameters inside the grown footprint [lo_o, hi_o] and the shrunk one
  // [lo_i, hi_i]: Cyrus-Beck clipping against each edge's line, f(t) = f0 + t (f1 - f0) the
  // signed distance (outward positive).
  double lo_o = 0, hi_o = 1, lo_i = 0, hi_i = 1;
  const auto clip = [](double g0, double dg, double& lo, double& hi) {
    if (dg == 0.0) {
      if (g0 > 0.0) hi = -1;  // wholly outside this line
    } else if (dg > 0.0) {
      hi = std::min(hi, -g0 / dg);
    } else {
      lo = std::max(lo, -g0 / dg);
    }
  };
  for (std::uint32_t k = convex_start_[b]; k < convex_start_[b + 1]; ++k) {
    const EdgeLine& e = convex_edges_[k];
    const double f0 = (s.x0_m - e.x) * e.nx + (s.y0_m - e.y) * e.ny;
    const double f1 = (s.x1_m - e.x) * e.nx + (s.y1_m - e.y) * e.ny;
    clip(f0 - kConvexMargin_m, f1 - f0, lo_o, hi_o);
    clip(f0 + kConvexMargin_m, f1 - f0, lo_i, hi_i);
  }
  if (!(hi_o > lo_o)) return 0;  // no part of the segment is inside: no stretch
  // The stretches inside_intervals() finds make one stretch from a point of [lo_o, lo_i] to
  // one of [hi_i, hi_o], longer than kTouch_m when the shrunk interval is.
  if (!((hi_i - lo_i) * L > 2 * kTouch_m)) return -1;
  // interval_blocked() under a flat roof: min(za, zb) < top and max(za, zb) > base, with za
  // anywhere between z(lo_o) and z(lo_i), zb between z(hi_i) and z(hi_o).
  const auto z = [&](double t) { return s.z0_m + (s.z1_m - s.z0_m) * t; };
  const double za0 = z(lo_o), za1 = z(lo_i), zb0 = z(hi_i), zb1 = z(hi_o);
  const double za_lo = std::min(za0, za1), za_hi = std::max(za0, za1);
  const double zb_lo = std::min(zb0, zb1), zb_hi = std::max(zb0, zb1);
  const double top = top_z_m_[b], base = (*buildings_)[b].base_z_m;
  // Each condition: 1 surely true, 0 surely false, -1 open.
  const auto either = [](int a, int c) {
    return a == 1 || c == 1 ? 1 : (a == 0 && c == 0 ? 0 : -1);
  };
  const int below_a = za_hi < top ? 1 : (za_lo >= top ? 0 : -1);
  const int below_b = zb_hi < top ? 1 : (zb_lo >= top ? 0 : -1);
  const int above_a = za_lo > base ? 1 : (za_hi <= base ? 0 : -1);
  const int above_b = zb_lo > base ? 1 : (zb_hi <= base ? 0 : -1);
  const int below = either(below_a, below_b), above = either(above_a, above_b);
  if (below == 0 || above == 0) return 0;
  if (below == 1 && above == 1) return 1;
  return -1;
}

bool BuildingIndex::blocked(const Segment3& s, std::span<const std::uint32_t> ignore) const {
  if (boxes_.empty()) return false;
  const double seg_zmin = std::min(s.z0_m, s.z1_m);
  const double seg_zmax = std::max(s.z0_m, s.z1_m);
  bool hit = false;
  constexpr int kMaxPairs = 32;
  double t[2 * kMaxPairs];
  parts_along(s.x0_m, s.y0_m, s.x1_m, s.y1_m, [&](std::uint32_t p) {
    if (listed(ignore, p)) return true;
    // Height pre-test: the segment is wholly above the roof or below the base.
    if (seg_zmin >= top_z_m_[p] || seg_zmax <= (*buildings_)[p].base_z_m) return true;
    if (convex_start_[p + 1] > convex_start_[p]) {
      const int c = convex_blocked(p, s);
      if (c >= 0) {
        hit = c == 1;
        return !hit;
      }
    }
    const int n = inside_intervals(p, s, t, kMaxPairs);
    for (int i = 0; i < n && !hit; ++i) hit = interval_blocked(p, s, t[2 * i], t[2 * i + 1]);
    return !hit;
  });
  return hit;
}

void BuildingIndex::crossings(const Segment3& s, std::span<const std::uint32_t> ignore,
                              std::vector<Crossing>& out) const {
  out.clear();
  if (boxes_.empty()) return;
  constexpr int kMaxPairs = 32;
  double t[2 * kMaxPairs];
  parts_along(s.x0_m, s.y0_m, s.x1_m, s.y1_m, [&](std::uint32_t p) {
    if (listed(ignore, p)) return true;
    const int n = inside_intervals(p, s, t, kMaxPairs);
    if (n == 0) return true;
    Crossing c;
    c.building = p;
    c.t_in = t[0];
    c.t_out = t[2 * n - 1];
    c.top_z_m = top_z_m_[p];
    c.low_z_m = low_z_m_[p];
    for (int i = 0; i < n && !c.blocked; ++i)
      c.blocked = interval_blocked(p, s, t[2 * i], t[2 * i + 1]);
    out.push_back(c);
    return true;
  });
  std::sort(out.begin(), out.end(), [](const Crossing& a, const Crossing& b) {
    return a.t_in < b.t_in || (a.t_in == b.t_in && a.building < b.building);
  });
}

bool BuildingIndex::inside_other_part(std::uint32_t b, double x_m, double y_m, double z_m) const {
  const Point2 p(x_m, y_m);
  bool inside = false;
  parts_at(x_m, y_m, [&](std::uint32_t c) {
    if (inside || c == b || building_of_[c] != building_of_[b]) return;
    inside = z_m > (*buildings_)[c].base_z_m && z_m < top_z_m_[c] &&
             bg::within(p, (*buildings_)[c].footprint) &&
             (!has_roof(c) || z_m < roof_z_m(c, x_m, y_m));
  });
  return inside;
}

void BuildingIndex::face_crossings(const Segment3& s, std::span<const std::uint32_t> ignore,
                                   std::vector<FaceCrossing>& out) const {
  out.clear();
  if (boxes_.empty()) return;
  struct Event {
    double t;
    double cos_incidence;
    bool roof;
  };
  thread_local std::vector<Event> events;
  thread_local std::vector<RoofPiece> pieces;
  const double dx = s.x1_m - s.x0_m, dy = s.y1_m - s.y0_m, dz = s.z1_m - s.z0_m;
  const double L = std::hypot(dx, dy);
  const double L3 = std::hypot(L, dz);
  if (L3 <= kTouch_m) return;
  const double touch_t = kTouch_m / L3;
  const auto z_at = [&](double t) { return s.z0_m + dz * t; };
  parts_along(s.x0_m, s.y0_m, s.x1_m, s.y1_m, [&](std::uint32_t b) {
    if (listed(ignore, b)) return true;
    const double base = (*buildings_)[b].base_z_m, top = top_z_m_[b];
    if (std::min(s.z0_m, s.z1_m) >= top || std::max(s.z0_m, s.z1_m) <= base) return true;
    const Polygon2& poly = (*buildings_)[b].footprint;
    events.clear();
    // Walls: the plan segment crosses a ring edge (the face's normal is horizontal).
    auto add_ring = [&](const Ring& r) {
      for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const double ax = r[i].x(), ay = r[i].y();
        const double ex = r[i + 1].x() - ax, ey = r[i + 1].y() - ay;
        const double elen = std::hypot(ex, ey);
        const double denom = dx * ey - dy * ex;
        if (L <= kTouch_m || std::abs(denom) <= 1e-15 * L * elen) continue;
        const double qx = ax - s.x0_m, qy = ay - s.y0_m;
        const double t = (qx * ey - qy * ex) / denom;
        const double u = (qx * dy - qy * dx) / denom;
        // An edge's end counts within kVertex of it (through a vertex both edges' u may
        // round outside [0, 1]); events closer than a touch are one below.
        if (t >= 0.0 && t <= 1.0 && u >= -kVertex && u <= 1.0 + kVertex)
          events.push_back({t, std::abs(dx * ey - dy * ex) / (elen * L3), false});
      }
    };
    add_ring(poly.outer());
    for (const Ring& inner : poly.inners()) add_ring(inner);
    const bool facets = has_roof(b);
    // A flat roof and the base: the segment crosses their height (the face's normal is
    // vertical).
    const auto add_level = [&](double h) {
      const double t = (h - s.z0_m) / dz;
      if (t > 0.0 && t < 1.0) events.push_back({t, std::abs(dz) / L3, true});
    };
    if (dz != 0.0) {
      if (!facets) add_level(top);
      add_level(base);
    }
    // A roof of facets: where the segment crosses the roof's profile along it, a facet at
    // the angle to its own normal (-dz/dx, -dz/dy, 1), a vertical step between two facets
    // as a wall across the path.
    if (facets) {
      constexpr int kMaxPairs = 32;
      double tp[2 * kMaxPairs];
      const int n = inside_intervals(b, s, tp, kMaxPairs);
      for (int k = 0; k < n; ++k) {
        pieces.clear();
        roof_profile(b, s, tp[2 * k], tp[2 * k + 1], pieces);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
          const RoofPiece& q = pieces[i];
          // Height of the segment over the roof at the piece's ends; a sign change is a
          // crossing (half-open, so that a crossing at a break is counted once).
          const double f0 = z_at(q.t0) - q.z0, f1 = z_at(q.t1) - q.z1;
          if ((f0 <= 0.0) != (f1 <= 0.0)) {
            const double a = q.facet ? q.facet->dz_dx : 0.0, c = q.facet ? q.facet->dz_dy : 0.0;
            events.push_back({q.t0 + (q.t1 - q.t0) * f0 / (f0 - f1),
                              std::abs(dz - a * dx - c * dy) / (L3 * std::hypot(1.0, a, c)), true});
          }
          if (i + 1 < pieces.size()) {
            const double za = q.z1, zb = pieces[i + 1].z0, zs = z_at(q.t1);
            if (zs > std::min(za, zb) && zs < std::max(za, zb))
              events.push_back({q.t1, L / L3, false});
          }
        }
      }
    }
    if (events.empty()) return true;
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.t < b.t || (a.t == b.t && !a.roof && b.roof);  // walls first at a shared point
    });
    // Inside the volume over a stretch (ta, tb) of positive length: at its midpoint.
    const auto inside = [&](double ta, double tb) {
      const double tm = 0.5 * (ta + tb);
      const double z = z_at(tm);
      const double x = s.x0_m + tm * dx, y = s.y0_m + tm * dy;
      return z > base && z < top && bg::within(Point2(x, y), poly) &&
             (!facets || z < roof_z_m(b, x, y));
    };
    // Events closer than a touch are one crossing point; a point is a crossing when the
    // stretches on either side differ (outside -> inside or inside -> outside).
    std::size_t i = 0;
    double prev_t = 0.0;
    bool prev_inside = false;
    bool first = true;
    while (i < events.size()) {
      std::size_t j = i + 1;
      while (j < events.size() && events[j].t - events[i].t <= touch_t) ++j;
      const double t_here = events[i].t;
      const double t_next = j < events.size() ? events[j].t : 1.0;
      if (first) {
        prev_inside = t_here > touch_t && inside(prev_t, t_here);
        first = false;
      }
      const bool next_inside = t_next - t_here > touch_t && inside(t_here, t_next);
      if (next_inside != prev_inside && t_here > touch_t && t_here < 1.0 - touch_t) {
        const Event& e = events[i];
        const double x = s.x0_m + e.t * dx, y = s.y0_m + e.t * dy;
        if (!inside_other_part(b, x, y, z_at(e.t)))
          out.push_back({b, e.t, e.cos_incidence, e.roof});
      }
      prev_inside = next_inside;
      prev_t = t_here;
      i = j;
    }
    return true;
  });
  std::sort(out.begin(), out.end(), [](const FaceCrossing& a, const FaceCrossing& b) {
    return a.t < b.t || (a.t == b.t && a.building < b.building);
  });
}

void BuildingIndex::walls_in_box(double min_x_m, double min_y_m, double max_x_m, double max_y_m,
                                 std::vector<std::uint32_t>& out) const {
  out.clear();
  if (walls_.empty()) return;
  const auto meets = [&](double x0, double y0, double x1, double y1) {
    return !(x1 < min_x_m || x0 > max_x_m || y1 < min_y_m || y0 > max_y_m);
  };
  // The parts whose boxes meet the box (every wall's box lies in its part's): the grid's cells
  // over the box, each part once, in ascending order.
  thread_local std::vector<std::uint32_t> parts;
  parts.clear();
  const auto at = [&](double v, double origin, int n) {
    return cell_index(v, origin, grid_inv_cell_, n);
  };
  const int i0 = at(min_x_m, grid_x0_m_, grid_nx_), i1 = at(max_x_m, grid_x0_m_, grid_nx_);
  const int j0 = at(min_y_m, grid_y0_m_, grid_ny_), j1 = at(max_y_m, grid_y0_m_, grid_ny_);
  for (int j = j0; j <= j1; ++j) {
    for (int i = i0; i <= i1; ++i) {
      const std::size_t cell = static_cast<std::size_t>(j) * static_cast<std::size_t>(grid_nx_) +
                               static_cast<std::size_t>(i);
      for (std::uint32_t k = grid_start_[cell]; k < grid_start_[cell + 1]; ++k) {
        const std::uint32_t p = grid_parts_[k];
        const Box2& b = boxes_[p];
        if (meets(b.min_corner().x(), b.min_corner().y(), b.max_corner().x(), b.max_corner().y()))
          parts.push_back(p);
      }
    }
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  // Their walls whose boxes meet it, ascending (a part's walls are consecutive, in part order).
  for (const std::uint32_t p : parts) {
    for (std::uint32_t w = wall_start_[p]; w < wall_start_[p + 1]; ++w) {
      const Wall& wl = walls_[w];
      if (meets(std::min(wl.x0_m, wl.x1_m), std::min(wl.y0_m, wl.y1_m), std::max(wl.x0_m, wl.x1_m),
                std::max(wl.y0_m, wl.y1_m))) {
        out.push_back(w);
      }
    }
  }
}

}  // namespace akichi::prop

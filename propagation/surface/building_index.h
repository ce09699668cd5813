// Spatial index of the study's buildings for ray queries: a uniform grid of the footprint boxes
// (for the segments of the blockage tests, the points of the point-in-building queries and the
// boxes of the wall queries; every wall of a footprint ring belongs to its part), the 3-D
// segment / building-prism crossing test (blockage, with the crossing distances used for roof
// diffraction), and the wall and corner candidates near a link.
//
// Each element of Buildings is a prism: its footprint (study CRS) times [base_z_m, base_z_m +
// height_m], or, with roof facets (CityGML LOD2), the footprint extruded from base_z_m up to the
// roof: at each plan point the highest facet over it (the lowest facet height where none is).
// Real city models split a building into parts (OSM building:part, CityGML BuildingPart, often
// with the whole outline as a further feature), and parts overlap: the prisms are kept as they are
// (each its own roof height), and the parts that overlap or share a stretch of wall are grouped
// into one building (building_of_parts()). A wall is one edge of a footprint ring (outer ring or
// courtyard), a vertical rectangle over the same height range, with the unit normal pointing out of
// the prism.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numbers>
#include <span>
#include <utility>
#include <vector>

#include "propagation/geo/geometry.h"
#include "propagation/surface/building.h"

namespace akichi::prop {

/// One wall: the ring edge (x0, y0) -> (x1, y1) of building `building`, extruded from base_z_m
/// to top_z_m (= Building::base_z_m + height_m). The wall's start point (x0, y0) is a vertical
/// edge of the building (a corner); its wedge is described by the corner_* fields.
struct Wall {
  std::uint32_t building = 0;  ///< index into the Buildings
  double x0_m = 0, y0_m = 0, x1_m = 0, y1_m = 0;
  double nx = 0, ny = 0;  ///< outward unit normal (horizontal)
  double base_z_m = 0, top_z_m = 0;
  /// Corner at (x0, y0), between the previous ring edge and this one. Convex when the building
  /// occupies less than a half-plane there (only convex corners diffract as wedges).
  bool corner_convex = false;
  /// Exterior (free-space) wedge angle = corner_n * pi, 1 < n <= 2 for a convex corner.
  double corner_n = 0;
  /// Unit direction of the wedge's o-face (from the corner along the previous edge).
  double corner_ox = 0, corner_oy = 0;
  /// Sense (+1 counter-clockwise, -1 clockwise) in which angles are measured from the o-face
  /// through the exterior towards the n-face (this wall).
  double corner_sense = 1;
};

/// Angle of the plan point (x, y) around the corner of wall w (at (x0, y0)), from the wedge's
/// o-face through the exterior, in [0, 2 pi).
inline double corner_angle(const Wall& w, double x, double y) noexcept {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  const double a = std::atan2(y - w.y0_m, x - w.x0_m) - std::atan2(w.corner_oy, w.corner_ox);
  double phi = std::fmod(w.corner_sense * a, kTwoPi);
  if (phi < 0) phi += kTwoPi;
  return phi;
}

/// Whether the plan point (x, y) lies in the building's wedge at the convex corner of wall w:
/// corner_angle(w, x, y) > corner_n * pi, decided by two cross products where the point is clear
/// of the faces' lines. The building's wedge, (2 - n) pi < pi wide, lies past the n-face (the
/// wall's own direction) and before the o-face in the wedge's sense: the point is in it when both
/// cross products, taken in that sense, are positive, and outside when either is negative.
/// Within 1e-9 of a face's line, relative to the distance from the corner (a million times the
/// rounding of the angles), the angles decide: the answer is always corner_angle's.
inline bool in_corner_wedge(const Wall& w, double x, double y) noexcept {
  const double vx = x - w.x0_m, vy = y - w.y0_m;
  const double ex = w.x1_m - w.x0_m, ey = w.y1_m - w.y0_m;
  const double past_n = w.corner_sense * (ex * vy - ey * vx);  // times |e|
  const double before_o = w.corner_sense * (vx * w.corner_oy - vy * w.corner_ox);
  const double m = 1e-9 * (std::abs(vx) + std::abs(vy));
  const double m_n = m * (std::abs(ex) + std::abs(ey));
  if (past_n > m_n && before_o > m) return true;
  if (past_n < -m_n || before_o < -m) return false;
  return corner_angle(w, x, y) > w.corner_n * std::numbers::pi;
}

/// A 3-D segment in study coordinates (m): plan (x, y) and height z (terrain datum), varying
/// linearly along the segment.
struct Segment3 {
  double x0_m, y0_m, z0_m;
  double x1_m, y1_m, z1_m;
};

/// Where a segment's plan crosses one part's footprint.
struct Crossing {
  std::uint32_t building = 0;  ///< the part (index into the Buildings)
  double t_in = 0, t_out = 0;  ///< fractions of the plan segment where it enters and leaves
  double top_z_m = 0;          ///< the building's roof height (terrain datum; facets: highest)
  double low_z_m = 0;          ///< the roof's lowest point (terrain datum; flat roof: top_z_m)
  bool blocked = false;        ///< the segment runs through the prism (below roof, above base)
};

/// A local maximum of the roof's height along a segment over a part with roof facets: a ridge
/// or an eave (t0 == t1), or a level stretch of roof at its top [t0, t1] (a flat facet, or a
/// path along a ridge).
struct RoofEdge {
  double t0 = 0, t1 = 0;  ///< fractions of the plan segment
  double z_m = 0;         ///< roof height there (terrain datum)
};

/// The building each part belongs to: footprints that overlap (share interior points, one
/// inside the other included) or touch along a stretch of wall (their boundaries meet in a
/// line) are parts of one building, and so, transitively, are the parts joined through others.
/// Returns, per element of `parts`, the lowest index among its building's parts. Footprints
/// that meet at a single point, or not at all, are separate buildings. Terraced houses drawn
/// as separate features with a shared wall are therefore one building too: the data does not
/// say which shared walls are party walls.
std::vector<std::uint32_t> building_of_parts(const Buildings& parts);

/// The lowest point of part b's roof above the ground under it: height_m for a flat roof, the
/// lowest facet vertex (at most height_m) with roof facets.
double roof_low_m(const Building& b);

/// Roof height of part b above the ground under it at the plan point (x_m, y_m): height_m for a
/// flat roof; with roof facets the highest facet whose plan covers the point, `low_m` (the roof's
/// lowest point, roof_low_m()) where none does.
double roof_height_m(const Building& b, double x_m, double y_m, double low_m);

/// Where a segment passes through a face of a prism: a wall, or the roof (or the base).
struct FaceCrossing {
  std::uint32_t building = 0;  ///< the part (index into the Buildings)
  double t = 0;                ///< fraction of the segment
  double cos_incidence = 1;    ///< |cos| of the angle between the segment and the face's normal
  bool roof = false;           ///< a horizontal face (roof or base), not a wall
};

class BuildingIndex {
 public:
  /// Builds both trees. `buildings` may be null (an empty scene). Footprints must be valid
  /// polygons (either ring orientation is accepted).
  explicit BuildingIndex(std::shared_ptr<const Buildings> buildings);

  /// The prisms (building parts), as given.
  const Buildings& buildings() const noexcept { return *buildings_; }
  /// A number distinct for each index constructed in the process (copies keep it): lets a cache
  /// derived from the scene tell two scenes apart even when one reuses the other's address.
  std::uint64_t id() const noexcept { return id_; }
  std::span<const Wall> walls() const noexcept { return walls_; }
  bool empty() const noexcept { return buildings_->empty(); }

  /// The building part `part` belongs to (building_of_parts()).
  std::uint32_t building_of(std::uint32_t part) const noexcept { return building_of_[part]; }
  /// The number of buildings the parts form (equal to buildings().size() when no footprints
  /// overlap or touch).
  std::size_t building_count() const noexcept { return building_count_; }

  /// Whether part b has roof facets (Building::roof not empty).
  bool has_roof(std::uint32_t b) const noexcept { return !(*buildings_)[b].roof.empty(); }

  /// Whether part b's footprint is one ring without holes that turns one way only (collinear
  /// vertices allowed): a convex polygon.
  bool convex(std::uint32_t b) const noexcept { return convex_[b] != 0; }

  /// The lowest point of part b's roof (terrain datum): base + height for a flat roof.
  double roof_low_z_m(std::uint32_t b) const noexcept { return low_z_m_[b]; }
  /// The lowest roof_low_z_m() of all parts (+inf without parts).
  double lowest_roof_z_m() const noexcept { return lowest_roof_z_m_; }

  /// Roof height of part b at the plan point (x_m, y_m) of its footprint (terrain datum): the
  /// highest facet over it, the lowest facet height where none is; flat roof: base + height.
  double roof_z_m(std::uint32_t b, double x_m, double y_m) const noexcept;

  /// Top of wall w at the plan point (x_m, y_m) of its segment (terrain datum): top_z_m for a
  /// part with a flat roof; with roof facets, the roof over the wall's line there: the highest
  /// facet whose plan comes within kEdge_m of the point (an eave, a gable end's slopes, the
  /// corner's height at the wall's start), the roof's lowest point where none does.
  double wall_top_z_m(const Wall& w, double x_m, double y_m) const noexcept;

  /// The local maxima of the roof height of part b (which has roof facets) along the segment
  /// where its plan lies inside the footprint, between t_in and t_out (a Crossing's), in
  /// increasing t. The roof's height profile along the segment is piecewise linear, with breaks
  /// where the plan crosses a facet's edge; a maximum is a break (or a level stretch) higher
  /// than the profile on either side, the walls at the ends of each inside stretch counting as
  /// lower. `out` is cleared and reused; thread-local scratch (std::bad_alloc when it cannot
  /// grow).
  void roof_edges(std::uint32_t b, const Segment3& s, double t_in, double t_out,
                  std::vector<RoofEdge>& out) const;

  /// Index of the part whose footprint covers (x_m, y_m) (boundary included; the lowest
  /// index if several do), or -1 outdoors.
  int containing(double x_m, double y_m) const noexcept;

  /// Every part whose footprint covers (x_m, y_m) (boundary included) and whose roof is above
  /// z_m (terrain datum): the parts a point at that height is inside of, in ascending order.
  /// `out` is cleared and reused (std::bad_alloc when it cannot grow).
  void parts_containing(double x_m, double y_m, double z_m, std::vector<std::uint32_t>& out) const;

  /// True when the segment crosses the volume of any part not listed in `ignore` (ascending
  /// part indices) over a plan length of more than kTouch_m (a segment that starts or ends on
  /// a wall, or touches a corner, is not blocked by it). Stops at the first hit.
  /// Uses thread-local scratch (no allocation once warm; std::bad_alloc when it cannot grow).
  bool blocked(const Segment3& s, std::span<const std::uint32_t> ignore = {}) const;

  /// Every part not listed in `ignore` (ascending part indices) whose footprint the segment's
  /// plan crosses, one Crossing per part (first entry to last exit), in increasing t_in; `out`
  /// is cleared and reused (no allocation once it has grown).
  void crossings(const Segment3& s, std::span<const std::uint32_t> ignore,
                 std::vector<Crossing>& out) const;

  /// Every face through which the 3-D segment enters or leaves the volume of a part not
  /// listed in `ignore` (ascending part indices), in increasing t: walls where the segment
  /// crosses a footprint ring between base and roof, roofs (and bases) where it crosses their
  /// height inside the footprint. A face inside the volume of another part of the same building
  /// (an inner wall of overlapping parts) is not a crossing: the building's shell is the union
  /// of its parts. Touches (shorter than kTouch_m) and the segment's own ends are not
  /// crossings. `out` is cleared and reused; thread-local scratch (std::bad_alloc when it
  /// cannot grow).
  void face_crossings(const Segment3& s, std::span<const std::uint32_t> ignore,
                      std::vector<FaceCrossing>& out) const;

  /// Indices of the walls whose boxes intersect [min_x, max_x] x [min_y, max_y], ascending;
  /// `out` is cleared and reused.
  void walls_in_box(double min_x_m, double min_y_m, double max_x_m, double max_y_m,
                    std::vector<std::uint32_t>& out) const;

  /// Plan overlaps shorter than this (m) are touches, not crossings.
  static constexpr double kTouch_m = 1e-6;
  /// A roof facet's plan this close (m) to a point of a wall reaches the wall there: the facets
  /// meet the footprint's outline only up to the city model's rounding.
  static constexpr double kEdge_m = 0.01;

 private:
  using Box2 = bg::model::box<Point2>;
  using Value = std::pair<Box2, std::uint32_t>;

  /// Plan inside-intervals of the segment in building b, written to t[] as pairs; returns
  /// their count. Uses the caller's scratch for the pairs and thread-local scratch for the
  /// crossings of the outline (std::bad_alloc when it cannot grow).
  int inside_intervals(std::uint32_t b, const Segment3& s, double* t_pairs, int max_pairs) const;
  /// Whether the segment runs through part b's volume over [ta, tb], a stretch inside its
  /// footprint. Thread-local scratch for roof facets (std::bad_alloc when it cannot grow).
  bool interval_blocked(std::uint32_t b, const Segment3& s, double ta, double tb) const;
  /// One linear piece of a roof's height along a segment: from (t0, z0) to (t1, z1).
  struct RoofPiece {
    double t0, t1, z0, z1;
    const RoofFacet* facet;  ///< the facet over the piece, or null (no facet: the lowest point)
  };
  /// The roof profile of part b (with roof facets) along the segment over [ta, tb], a stretch
  /// inside its footprint, appended to `out` (pieces no shorter than kTouch_m).
  void roof_profile(std::uint32_t b, const Segment3& s, double ta, double tb,
                    std::vector<RoofPiece>& out) const;
  /// Whether (x, y, z) lies strictly inside the volume of a part of the building of part b
  /// other than b.
  bool inside_other_part(std::uint32_t b, double x_m, double y_m, double z_m) const;
  /// Calls visit(part) once for every part whose footprint box the plan segment (x0, y0) ->
  /// (x1, y1) meets (touching included, and a few whose box it passes within a rounding error
  /// of), in no particular order, until visit returns false. The footprint grid's cells along
  /// the segment, row by row; thread-local stamps (std::bad_alloc when they cannot grow).
  template <typename Visit>
  void parts_along(double x0_m, double y0_m, double x1_m, double y1_m, Visit&& visit) const;
  /// Calls visit(part) once for every part whose footprint box covers the plan point (its
  /// boundary included), in ascending part order: the footprint grid's cell of the point.
  template <typename Visit>
  void parts_at(double x_m, double y_m, Visit&& visit) const;
  /// Fills the footprint grid from boxes_.
  void build_grid();
  /// Fills convex_, convex_start_ and convex_edges_ (the parts blocked() may decide by
  /// clipping).
  void build_convex();
  /// blocked()'s answer for part b, a convex footprint under a flat roof, by clipping the plan
  /// segment to the footprint grown and shrunk by a margin: 1 blocked, 0 not, -1 when the
  /// margin leaves it open (then inside_intervals() decides).
  int convex_blocked(std::uint32_t b, const Segment3& s) const noexcept;

  std::shared_ptr<const Buildings> buildings_;
  std::uint64_t id_ = 0;
  std::vector<Wall> walls_;
  std::vector<double> top_z_m_;
  std::vector<double> low_z_m_;  ///< per part: the roof's lowest point (terrain datum)
  double lowest_roof_z_m_ = std::numeric_limits<double>::infinity();
  std::vector<std::uint32_t> building_of_;
  std::size_t building_count_ = 0;
  /// Per part p: its walls are walls_[wall_start_[p] .. wall_start_[p + 1]).
  std::vector<std::uint32_t> wall_start_;
  /// The footprints' boxes on a uniform grid, for the segment, point and box queries: a segment
  /// visits the cells it passes, a point its cell, a box the cells under it. Cells are
  /// square (grid_cell_m_), row-major from (grid_x0_m_, grid_y0_m_); cell c holds the parts
  /// grid_parts_[grid_start_[c] .. grid_start_[c + 1]).
  double grid_x0_m_ = 0, grid_y0_m_ = 0, grid_cell_m_ = 1, grid_inv_cell_ = 1;
  int grid_nx_ = 0, grid_ny_ = 0;
  std::vector<std::uint32_t> grid_start_;
  std::vector<std::uint32_t> grid_parts_;
  std::vector<Box2> boxes_;  ///< per part: its footprint's box
  /// A convex footprint without holes under a flat roof, its edges no longer than
  /// kConvexEdge_m: its edges' lines (a point of each and its outward unit normal) are
  /// convex_edges_[convex_start_[b] .. convex_start_[b + 1]); other parts have none.
  struct EdgeLine {
    double x, y, nx, ny;
  };
  std::vector<std::uint8_t> convex_;  ///< per part: convex()
  std::vector<std::uint32_t> convex_start_;
  std::vector<EdgeLine> convex_edges_;
};

}  // namespace akichi::prop

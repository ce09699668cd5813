// 2.5-D ray model. See the header for the mechanisms and their sources.
#include "propagation/models/ray_2p5d.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include "propagation/models/itu_r_p2040_3.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/itu_r_p526_15.h"
#include "propagation/models/ray_kernels.h"
#include "propagation/models/utd_wedge.h"
#include "propagation/terrain/profile.h"

namespace akichi::prop::ray {

namespace {

using cplx = std::complex<double>;
constexpr double kPi = std::numbers::pi;
/// Terrain within this height of the chord between the ends' ground is on it (m): a uniform
/// slope sampled with rounding errors has no knife edge.
constexpr double kTerrainOnChord_m = 1e-6;
/// Reflection-diffraction paths: at most this many wall reflections with the one diffraction.
constexpr int kMaxReflectionsWithDiffraction = 2;

struct P2 {
  double x, y;
};

struct Ray {
  cplx a;  ///< amplitude relative to the free-space field over the direct 3-D distance
  Dominant kind;
};

/// Small fixed-capacity list of rays (no allocation).
struct Rays {
  static constexpr int kMax = 512;
  std::array<Ray, kMax> r;
  int n = 0;
  void add(cplx a, Dominant k) noexcept {
    if (n < kMax) r[static_cast<std::size_t>(n++)] = Ray{a, k};
  }
};

/// Scratch shared by the calls of one thread.
struct Scratch {
  std::vector<Crossing> crossings;
  std::vector<RoofEdge> roof_edges;  ///< of one crossing (BuildingIndex::roof_edges())
  std::vector<std::uint32_t> walls;
  std::vector<double> edge_d, edge_z;
  std::vector<std::uint32_t> own, own_tmp;
  std::vector<FaceCrossing> faces;
  std::vector<std::uint32_t> corners;  ///< convex corners among `walls`
  Profile profile;                     ///< the terrain under the direct ray (Link::terrain)
  Rays rays;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

/// The parts of the buildings the ends stand in, below their roofs, into `out` (ascending,
/// without repeats). Every footprint that covers an end whose roof is above it counts: with
/// overlapping building parts an end is inside all of them, and the walls of none of them lie
/// between it and the outside (P.2109 entry loss is applied elsewhere). Throws std::bad_alloc
/// when the scratch cannot grow.
/// `ends` receives the building (BuildingIndex::building_of) each end is inside (-1 outdoors)
/// and its use (that of the first of its parts, by index, that names one).
struct OwnEnds {
  std::int64_t building[2] = {-1, -1};
  BuildingUse use[2] = {BuildingUse::Unspecified, BuildingUse::Unspecified};
};

void own_parts(const BuildingIndex& index, const End& a, const End& b,
               std::vector<std::uint32_t>& tmp, std::vector<std::uint32_t>& out, OwnEnds& ends) {
  out.clear();
  ends = OwnEnds{};
  if (index.empty()) return;
  const auto note = [&](const std::vector<std::uint32_t>& parts, int k) {
    if (parts.empty()) return;
    ends.building[k] = index.building_of(parts.front());
    for (const std::uint32_t part : parts) {
      ends.use[k] = index.buildings()[part].use;
      if (ends.use[k] != BuildingUse::Unspecified) break;
    }
  };
  index.parts_containing(a.x_m, a.y_m, a.z_ground_m + a.h_m, out);
  note(out, 0);
  index.parts_containing(b.x_m, b.y_m, b.z_ground_m + b.h_m, tmp);
  if (tmp.empty()) return;
  note(tmp, 1);
  out.insert(out.end(), tmp.begin(), tmp.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

/// Signed distance of p in front of the wall plane (> 0: outside the building).
double front(const Wall& w, double x, double y) noexcept {
  return (x - w.x0_m) * w.nx + (y - w.y0_m) * w.ny;
}

P2 mirror(const Wall& w, P2 p) noexcept {
  const double s = 2.0 * front(w, p.x, p.y);
  return {p.x - s * w.nx, p.y - s * w.ny};
}

/// Intersection of the segment a -> b with the wall segment; false unless it falls inside
/// both (the wall's parameter in [0, 1], the segment's in (0, 1)).
[[gnu::always_inline]] inline bool hit_wall(const Wall& w, P2 a, P2 b, P2& out) noexcept {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double ex = w.x1_m - w.x0_m, ey = w.y1_m - w.y0_m;
  const double denom = dx * ey - dy * ex;
  if (denom == 0.0) return false;
  const double qx = w.x0_m - a.x, qy = w.y0_m - a.y;
  const double nt = qx * ey - qy * ex, nu = qx * dy - qy * dx;
  // Most pairs fail on the signs and sizes of the numerators, without the divisions. Each of
  // these tests implies the exact test's failure (rounding is monotone and 0 and 1 are
  // doubles): t <= 0, t >= 1, u < 0 by more than an underflow to -0, u > 1 by more than the
  // quotient's rounding to 1.
  const double ad = std::abs(denom), sg = denom > 0.0 ? 1.0 : -1.0;
  const double at = sg * nt, au = sg * nu;
  if (!(at > 0.0 && at < ad) || (au < 0.0 && -au > ad * 0x1p-1000) || au > ad + ad * 0x1p-40)
    return false;
  const double t = nt / denom;
  const double u = nu / denom;
  if (!(t > 0.0 && t < 1.0 && u >= 0.0 && u <= 1.0)) return false;
  out = {a.x + t * dx, a.y + t * dy};
  return true;
}

/// Fresnel coefficient of the state the polarisation takes on a surface (see the header).
cplx fresnel(std::size_t material, double f_GHz, double cos_theta, bool te) noexcept {
  const auto mats = p2040::materials();
  const std::size_t m = material < mats.size() ? material : 1;
  // P.2040-3 §2.1.4, once per material and frequency on each thread (the same value).
  struct Eta {
    double f_GHz = -1;
    cplx eta;
  };
  thread_local std::array<Eta, 32> cache;
  cplx eta;
  if (m < cache.size() && cache[m].f_GHz == f_GHz) {
    eta = cache[m].eta;
  } else {
    eta = p2040::complex_permittivity(mats[m], f_GHz);
    if (m < cache.size()) cache[m] = {f_GHz, eta};
  }
  const double theta = std::acos(std::clamp(cos_theta, 0.0, 1.0));
  const p2040::Reflection r = p2040::fresnel_reflection(eta, theta);  // P.2040-3 §2.2.2
  return te ? r.te : r.tm;
}

struct Link {
  const BuildingIndex* index;
  const Options* opt;
  double f_GHz, k_per_m, lambda_m;
  P2 t, r;          ///< plan positions
  double zt, zr;    ///< antenna heights (terrain datum)
  double ht, hr;    ///< antenna heights above the local ground at each end
  double zgt, zgr;  ///< ground elevation under each end
  double d_plan;    ///< actual plan distance between the ends
  double d3;        ///< 3-D distance of the direct ray (with the engine's minimum distance)
  double s_max;     ///< longest plan path searched
  std::span<const std::uint32_t> own;  ///< parts the ends stand in (ascending)
  /// The terrain under the rays (Options::terrain, a grid that is not flat), else null: the
  /// ground is flat locally at each end.
  const TerrainGrid* terrain = nullptr;
  /// With terrain: the terrain under the direct ray (Scratch::profile) is not flat at the ends'
  /// elevation, so the direct and the ground-reflected rays see its relief.
  bool relief = false;
};

/// Whether height z at the plan point p of wall w (a reflection point on it, or its start
/// corner) is on the wall: above its base and below its top there. The wall of a part with a
/// flat roof reaches the roof; with roof facets it ends under the roof over its line (an eave,
/// a gable end's slopes: BuildingIndex::wall_top_z_m), tested only below the roof's highest
/// point.
bool on_wall(const Link& L, const Wall& w, P2 p, double z) noexcept {
  return z > w.base_z_m && z < w.top_z_m &&
         (!L.index->has_roof(w.building) || z < L.index->wall_top_z_m(w, p.x, p.y));
}

/// Product of the Fresnel coefficients of the walls seq[0..m-1] met at the plan points p (heights
/// z) on the path from a (height za), each at its incoming leg's 3-D incidence angle.
cplx walls_fresnel(const Link& L, const std::uint32_t* seq, const P2* p, const double* z, int m,
                   P2 a, double za) noexcept {
  const auto walls = L.index->walls();
  const bool te = L.opt->vertical_polarization;  // vertical wall: V -> TE, H -> TM
  cplx g = 1.0;
  P2 prev = a;
  double zprev = za;
  for (int k = 0; k < m; ++k) {
    const Wall& w = walls[seq[k]];
    const double lx = p[k].x - prev.x, ly = p[k].y - prev.y, lz = z[k] - zprev;
    const double len = std::sqrt(lx * lx + ly * ly + lz * lz);
    const double cos_t = std::abs(lx * w.nx + ly * w.ny) / len;
    g *= fresnel(L.index->buildings()[w.building].material, L.f_GHz, cos_t, te);
    prev = p[k];
    zprev = z[k];
  }
  return g;
}

/// Calls visit(t, x, y) for the samples of the leg a -> b strictly between its ends, placed as
/// extract_profile() places a profile's (equally spaced at the terrain's node spacing; t the
/// fraction of the leg), until it returns true; returns whether it did. A leg shorter than the
/// spacing has none. Needs L.terrain.
template <class Visit>
bool any_leg_sample(const Link& L, P2 a, P2 b, Visit&& visit) {
  const int n = profile_sample_count(std::hypot(b.x - a.x, b.y - a.y), L.terrain->step_m());
  for (int k = 1; k < n - 1; ++k) {
    const double t = static_cast<double>(k) / (n - 1);
    if (visit(t, a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))) return true;
  }
  return false;
}

/// Whether the terrain rises above the leg a -> b at one of its samples (any_leg_sample(),
/// bilinear elevations). Needs L.terrain.
bool terrain_blocks(const Link& L, P2 a, double za, P2 b, double zb) noexcept {
  return any_leg_sample(L, a, b, [&](double t, double x, double y) {
    return L.terrain->elevation_m(x, y) > za + t * (zb - za);
  });
}

/// The terrain's knife edges under the leg a -> b of an unfolded path (Link::terrain), the leg
/// starting at plan distance s0 and running over plan length len: the samples of
/// terrain_blocks() whose height above the leg (e = z - the leg's height there) is positive and
/// a local maximum (at least its neighbours', above one of them), appended to edge_d / edge_z
/// from index n (distance along the unfolded path, terrain height); returns the new count. The ends
/// count as on the leg (e = 0). Throws std::bad_alloc when the scratch cannot grow.
int leg_terrain_edges(const Link& L, std::vector<double>& edge_d, std::vector<double>& edge_z, P2 a,
                      double za, P2 b, double zb, double s0, double len, int n) {
  // Each sample's e is known once the next one's is (the last one's next: the end, e = 0).
  double el = 0.0, ei = 0.0, ti = 0.0;
  bool have = false;
  const auto test = [&](double er) {
    if (!(have && ei > kTerrainOnChord_m && ei >= el && ei >= er && (ei > el || ei > er))) return;
    edge_d.resize(static_cast<std::size_t>(n) + 1);
    edge_z.resize(static_cast<std::size_t>(n) + 1);
    edge_d[static_cast<std::size_t>(n)] = s0 + ti * len;
    edge_z[static_cast<std::size_t>(n)] = ei + (za + ti * (zb - za));
    ++n;
  };
  any_leg_sample(L, a, b, [&](double t, double x, double y) {
    const double er = L.terrain->elevation_m(x, y) - (za + t * (zb - za));
    test(er);
    if (have) el = ei;
    ei = er;
    ti = t;
    have = true;
    return false;
  });
  test(0.0);
  return n;
}

/// Whether a building (not the ends' own) blocks the leg a -> b.
bool buildings_block(const Link& L, P2 a, double za, P2 b, double zb) {
  return L.index->blocked(Segment3{a.x, a.y, za, b.x, b.y, zb}, L.own);
}

/// Whether a building or the terrain blocks the leg a -> b.
bool leg_blocked(const Link& L, P2 a, double za, P2 b, double zb) {
  return buildings_block(L, a, za, b, zb) || (L.terrain && terrain_blocks(L, a, za, b, zb));
}

/// Relative amplitude of a ray of 3-D length s3 with complex factor g.
cplx relative(const Link& L, cplx g, double s3) noexcept {
  return g * (L.d3 / s3) * std::polar(1.0, -L.k_per_m * (s3 - L.d3));
}

/// Sorts the edges sc.edge_d / sc.edge_z [0, n) by increasing distance (insertion sort: they
/// come nearly in order).
void sort_edges(std::vector<double>& edge_d, std::vector<double>& edge_z, int n) noexcept {
  for (int i = 1; i < n; ++i) {
    for (int j = i;
         j > 0 && edge_d[static_cast<std::size_t>(j - 1)] > edge_d[static_cast<std::size_t>(j)];
         --j) {
      std::swap(edge_d[static_cast<std::size_t>(j - 1)], edge_d[static_cast<std::size_t>(j)]);
      std::swap(edge_z[static_cast<std::size_t>(j - 1)], edge_z[static_cast<std::size_t>(j)]);
    }
  }
}
void sort_edges(Scratch& sc, int n) noexcept {
  sort_edges(sc.edge_d, sc.edge_z, n);
}

/// Deygout's loss (dB, deygout_loss_dB) over the terrain's knife edges (leg_terrain_edges)
/// under the legs pts[0] -> pts[1] -> ... -> pts[n_pts - 1] of a path whose height is linear in
/// its plan length (an unfolded corner-diffracted ray, Keller's law), at the heights zs. Throws
/// std::bad_alloc when its scratch cannot grow.
double terrain_legs_loss_dB(const Link& L, const P2* pts, const double* zs, int n_pts) {
  thread_local std::vector<double> edge_d, edge_z;
  int n = 0;
  double s0 = 0;
  for (int k = 0; k + 1 < n_pts; ++k) {
    const double len = std::hypot(pts[k + 1].x - pts[k].x, pts[k + 1].y - pts[k].y);
    n = leg_terrain_edges(L, edge_d, edge_z, pts[k], zs[k], pts[k + 1], zs[k + 1], s0, len, n);
    s0 += len;
  }
  sort_edges(edge_d, edge_z, n);
  return deygout_loss_dB(edge_d.data(), edge_z.data(), n, zs[0], zs[n_pts - 1], s0, L.lambda_m);
}

/// Roof screens of the parts in sc.crossings, met by the leg `leg` that starts at plan distance
/// s0 along an unfolded path of plan length S (from the transmitter at height zt to the
/// receiver at zr) and runs over plan length len. A flat roof is one thin screen per part at
/// its roof height, at the leg's entry into or exit from the footprint, whichever has the larger
/// nu (P.526-15 eq. (26)) over the unfolded line (the roof's width is not modelled). A roof of
/// facets (CityGML LOD2) gives one knife edge at each maximum of its height along the leg
/// (BuildingIndex::roof_edges(): the ridges crossed, an eave at a wall where the roof falls away
/// from it), a level stretch at its top (a flat facet, a path along a ridge) placed at whichever
/// of its ends has the larger nu, as a flat roof. Appends to sc.edge_d / edge_z from index n;
/// returns the new count. Throws std::bad_alloc when the scratch cannot grow.
int roof_screens(const Link& L, Scratch& sc, const Segment3& leg, double s0, double len, double S,
                 int n) {
  // One screen at t0 or t1 (the larger nu of the two) at height z.
  const auto add = [&](double t0, double t1, double z) {
    double best_d = 0, best_nu = -1e300;
    for (const double t : {t0, t1}) {
      const double d1 = std::clamp(s0 + t * len, 1e-6 * S, S - 1e-6 * S);
      const double h = z - (L.zt + (L.zr - L.zt) * d1 / S);
      const double nu = p526::knife_edge_nu(h, d1, S - d1, L.lambda_m);  // P.526-15 eq. (26)
      if (nu > best_nu) {
        best_nu = nu;
        best_d = d1;
      }
    }
    if (static_cast<std::size_t>(n) >= sc.edge_d.size()) {
      sc.edge_d.resize(static_cast<std::size_t>(n) + 1);
      sc.edge_z.resize(static_cast<std::size_t>(n) + 1);
    }
    sc.edge_d[static_cast<std::size_t>(n)] = best_d;
    sc.edge_z[static_cast<std::size_t>(n)] = z;
    ++n;
  };
  for (const Crossing& c : sc.crossings) {
    if ((c.t_out - c.t_in) * len <= BuildingIndex::kTouch_m) continue;  // a touch, no screen
    if (!L.index->has_roof(c.building)) {
      add(c.t_in, c.t_out, c.top_z_m);
      continue;
    }
    L.index->roof_edges(c.building, leg, c.t_in, c.t_out, sc.roof_edges);
    for (const RoofEdge& e : sc.roof_edges) add(e.t0, e.t1, e.z_m);
  }
  // Keep the screens in increasing distance (entry/exit choice may reorder neighbours).
  sort_edges(sc, n);
  return n;
}

/// Tries the wall sequence w[0..m-1] with source images img[0..m] (img[0] = transmitter).
/// With roof diffraction, a sequence of at most Options::reflection_diffraction_order walls
/// whose legs are blocked by buildings below the unfolded ray or by the terrain still gives a
/// ray: the reflected ray diffracted over the roofs its legs pass and the terrain's knife edges
/// under them (leg_terrain_edges), the edges placed on the unfolded path (plan length S, from
/// the image to the receiver) and combined by Deygout's construction as for the direct ray
/// (deygout_loss_dB). The reflection points stay where the straight unfolded ray
/// puts them (the rise of the ray over the screens is not modelled, as for the direct ray).
/// Throws std::bad_alloc when the scratch cannot grow.
void try_reflection(const Link& L, const std::uint32_t* seq, const P2* img, int m, Scratch& sc) {
  Rays& rays = sc.rays;
  const auto walls = L.index->walls();
  std::array<P2, 4> p{};  // reflection points
  P2 target = L.r;
  for (int k = m; k >= 1; --k) {
    if (!hit_wall(walls[seq[k - 1]], img[k], target, p[static_cast<std::size_t>(k - 1)])) return;
    target = p[static_cast<std::size_t>(k - 1)];
  }
  const double S = std::hypot(L.r.x - img[m].x, L.r.y - img[m].y);  // unfolded plan length
  if (S > L.s_max || S <= 0.0) return;
  const double dz = L.zr - L.zt;
  const double S3 = std::hypot(S, dz);
  // Heights along the unfolded path, each point below its roof and above its base.
  std::array<double, 4> z{};
  double s = 0;
  P2 prev = L.t;
  for (int k = 0; k < m; ++k) {
    const P2 q = p[static_cast<std::size_t>(k)];
    s += std::hypot(q.x - prev.x, q.y - prev.y);
    z[static_cast<std::size_t>(k)] = L.zt + dz * s / S;
    if (!on_wall(L, walls[seq[k]], q, z[static_cast<std::size_t>(k)])) return;
    prev = q;
  }
  // Legs clear (or, with roof diffraction, blocked by buildings only), then the coefficient at
  // each bounce from the incoming leg's 3-D incidence angle.
  const bool diffract =
      L.opt->roof_diffraction &&
      m <= std::min(L.opt->reflection_diffraction_order, kMaxReflectionsWithDiffraction);
  bool blocked = false;
  prev = L.t;
  double zprev = L.zt;
  for (int k = 0; k < m; ++k) {
    const P2 q = p[static_cast<std::size_t>(k)];
    const double zq = z[static_cast<std::size_t>(k)];
    if (buildings_block(L, prev, zprev, q, zq) ||
        (L.terrain && terrain_blocks(L, prev, zprev, q, zq))) {
      if (!diffract) return;
      blocked = true;
    }
    prev = q;
    zprev = zq;
  }
  if (buildings_block(L, prev, zprev, L.r, L.zr) ||
      (L.terrain && terrain_blocks(L, prev, zprev, L.r, L.zr))) {
    if (!diffract) return;
    blocked = true;
  }
  const cplx g = walls_fresnel(L, seq, p.data(), z.data(), m, L.t, L.zt);
  if (!blocked) {
    rays.add(relative(L, g, S3), Dominant::Reflected);
    return;
  }
  // Reflection and diffraction: the roof screens and the terrain's knife edges of every leg on
  // the unfolded path.
  int n = 0;
  bool terrain_edges = false;
  double s0 = 0;
  prev = L.t;
  zprev = L.zt;
  for (int k = 0; k <= m; ++k) {
    const P2 q = k < m ? p[static_cast<std::size_t>(k)] : L.r;
    const double zq = k < m ? z[static_cast<std::size_t>(k)] : L.zr;
    const double len = std::hypot(q.x - prev.x, q.y - prev.y);
    const Segment3 leg{prev.x, prev.y, zprev, q.x, q.y, zq};
    L.index->crossings(leg, L.own, sc.crossings);
    n = roof_screens(L, sc, leg, s0, len, S, n);
    if (L.terrain) {
      const int before = n;
      n = leg_terrain_edges(L, sc.edge_d, sc.edge_z, prev, zprev, q, zq, s0, len, n);
      terrain_edges = terrain_edges || n > before;
    }
    s0 += len;
    prev = q;
    zprev = zq;
  }
  if (terrain_edges) sort_edges(sc, n);
  const double J =
      deygout_loss_dB(sc.edge_d.data(), sc.edge_z.data(), n, L.zt, L.zr, S, L.lambda_m);
  rays.add(relative(L, g * std::pow(10.0, -J / 20.0), S3), Dominant::Diffracted);
}

/// Walls (and so corners) within the bounding box of the search ellipse into sc.walls. Throws
/// std::bad_alloc when the scratch cannot grow.
void search_walls(const Link& L, Scratch& sc) {
  // Bounding box of the search ellipse (foci at the ends, plan path length <= s_max).
  const double a = 0.5 * L.s_max;
  const double c = 0.5 * L.d_plan;
  const double b = std::sqrt(std::max(a * a - c * c, 0.0));
  double ux = 1, uy = 0;
  if (L.d_plan > 0) {
    ux = (L.r.x - L.t.x) / L.d_plan;
    uy = (L.r.y - L.t.y) / L.d_plan;
  }
  const double ex = std::sqrt(a * a * ux * ux + b * b * uy * uy);
  const double ey = std::sqrt(a * a * uy * uy + b * b * ux * ux);
  const double mx = 0.5 * (L.t.x + L.r.x), my = 0.5 * (L.t.y + L.r.y);
  L.index->walls_in_box(mx - ex, my - ey, mx + ex, my + ey, sc.walls);
}

/// The corner's angle and wedge test (building_index.h) at a plan point.
double corner_angle(const Wall& w, P2 p) noexcept {
  return corner_angle(w, p.x, p.y);
}
bool in_wedge(const Wall& w, P2 p) noexcept {
  return in_corner_wedge(w, p.x, p.y);
}

/// Whether the path a -> q -> b is surely longer in plan than the longest searched (s_max): its
/// legs by square roots, within an ulp or two of the hypot() of the exact test that follows
/// (far less than the relative margin of 1e-12).
bool beyond(const Link& L, P2 a, P2 q, P2 b) noexcept {
  const double ax = a.x - q.x, ay = a.y - q.y, bx = b.x - q.x, by = b.y - q.y;
  return std::sqrt(ax * ax + ay * ay) + std::sqrt(bx * bx + by * by) > L.s_max * (1 + 1e-12);
}

/// UTD diffraction around the convex vertical corner of wall w (at its start) near a blocked
/// link (K&P 1974 through propagation/models/utd_wedge.h). The diffraction point Q on the
/// vertical edge follows Keller's law: its height divides the height difference in the ratio of
/// the plan distances. known_clear: legs known to be clear (bit 0: t -> Q, bit 1: Q -> r),
/// not tested again.
void edge_corner(const Link& L, const Wall& w, Rays& rays, unsigned known_clear = 0) {
  if (L.terrain) known_clear = 0;                  // known clear of buildings, not of the terrain
  const bool soft = L.opt->vertical_polarization;  // E parallel to a vertical edge: soft
  if (!w.corner_convex) return;
  const P2 q{w.x0_m, w.y0_m};
  if (beyond(L, L.t, q, L.r)) return;
  const double rho_i = std::hypot(L.t.x - q.x, L.t.y - q.y);
  const double rho_d = std::hypot(L.r.x - q.x, L.r.y - q.y);
  if (!(rho_i > 0.0 && rho_d > 0.0) || rho_i + rho_d > L.s_max) return;
  const double zq = L.zt + (L.zr - L.zt) * rho_i / (rho_i + rho_d);
  if (!on_wall(L, w, q, zq)) return;
  // Both ends must see the wedge from outside.
  if (in_wedge(w, L.t) || in_wedge(w, L.r)) return;
  if ((!(known_clear & 1) && buildings_block(L, L.t, L.zt, q, zq)) ||
      (!(known_clear & 2) && buildings_block(L, q, zq, L.r, L.zr)))
    return;
  // The terrain on its legs: ended, or with roof diffraction diffracted over its knife edges.
  double J = 0;
  if (L.terrain && (terrain_blocks(L, L.t, L.zt, q, zq) || terrain_blocks(L, q, zq, L.r, L.zr))) {
    if (!L.opt->roof_diffraction) return;
    const std::array<P2, 3> pts{L.t, q, L.r};
    const std::array<double, 3> zs{L.zt, zq, L.zr};
    J = terrain_legs_loss_dB(L, pts.data(), zs.data(), 3);
  }
  // Angles from the o-face, measured through the exterior.
  const double phi_i = corner_angle(w, L.t), phi_d = corner_angle(w, L.r);
  const double s_i = std::hypot(rho_i, zq - L.zt), s_d = std::hypot(rho_d, L.zr - zq);
  const cplx D =
      utd::wedge_diffraction_coefficient(w.corner_n, phi_i, phi_d, s_i, s_d, L.k_per_m, soft);
  // E_d = E_i(Q) D sqrt(s'/(s (s'+s))) e^{-jks}, E_i(Q) = e^{-jks'}/s'; relative to the free
  // field e^{-jk d3}/d3.
  cplx a = D * std::sqrt(s_i / (s_d * (s_i + s_d))) * (L.d3 / s_i) *
           std::polar(1.0, -L.k_per_m * (s_i + s_d - L.d3));
  if (J != 0) a *= std::pow(10.0, -J / 20.0);
  rays.add(a, Dominant::Diffracted);
}

/// Reflection then corner diffraction: the rays from end `a` (plan position, height za) that
/// meet the walls seq[0..m-1] (m = 1 or 2) and then the convex vertical corners of
/// sc.corners on their way to end `b`. By the image method (the source mirrored across each
/// wall in turn, img[m] its last image) the reflected field at a corner Q is that of a point
/// source at img[m] times the product of the walls' Fresnel coefficients; Q diffracts it as
/// any corner does (UTD, K&P 1974, through propagation/models/utd_wedge.h): incidence angle phi'
/// of the image, distance s' along the unfolded path img[m] -> Q, Q's height by Keller's law
/// on the unfolded path (plan lengths rho_i = |img[m] Q| and rho_d = |Q b|). The reflection
/// points are back-traced from Q (each on its wall segment, between base and roof at the
/// height of the unfolded ray); every leg must be clear. Amplitude
/// prod(Gamma) D sqrt(s'/(s (s' + s))) (d3 / s') e^{-jk(s' + s - d3)}, which is symmetric in
/// the ends: the same expression traced from b describes diffraction before reflection.
/// known_clear: legs known to be clear, not tested again (bit k < m: the leg to the k-th
/// reflection point, bit 2: the leg to Q, bit 3: Q -> b).
void reflection_corner(const Link& L, Scratch& sc, P2 a, double za, P2 b, double zb,
                       const std::uint32_t* seq, const P2* img, int m, std::uint32_t ci,
                       unsigned known_clear = 0) {
  if (L.terrain) known_clear = 0;  // known clear of buildings, not of the terrain
  const auto walls = L.index->walls();
  const Wall& last = walls[seq[m - 1]];
  const P2 src = img[m];
  const bool soft = L.opt->vertical_polarization;  // E parallel to a vertical edge: soft
  const Wall& w = walls[ci];
  const P2 q{w.x0_m, w.y0_m};
  // In front of the last wall, off its plane (its own corners reflect nothing onto it).
  if (!(front(last, q.x, q.y) > BuildingIndex::kTouch_m)) return;
  if (beyond(L, src, q, b)) return;
  const double rho_i = std::hypot(src.x - q.x, src.y - q.y);
  const double rho_d = std::hypot(b.x - q.x, b.y - q.y);
  if (!(rho_i > 0.0 && rho_d > 0.0) || rho_i + rho_d > L.s_max) return;
  std::array<P2, 2> p{};
  P2 target = q;
  bool on_walls = true;
  for (int k = m; k >= 1 && on_walls; --k) {
    on_walls = hit_wall(walls[seq[k - 1]], img[k], target, p[static_cast<std::size_t>(k - 1)]);
    target = p[static_cast<std::size_t>(k - 1)];
  }
  if (!on_walls) return;
  const double zq = za + (zb - za) * rho_i / (rho_i + rho_d);
  if (!on_wall(L, w, q, zq)) return;
  if (in_wedge(w, src) || in_wedge(w, b)) return;
  std::array<double, 2> z{};
  double s = 0;
  P2 prev = a;
  bool below_roofs = true;
  for (int k = 0; k < m && below_roofs; ++k) {
    const std::size_t kk = static_cast<std::size_t>(k);
    s += std::hypot(p[kk].x - prev.x, p[kk].y - prev.y);
    z[kk] = za + (zq - za) * s / rho_i;
    below_roofs = on_wall(L, walls[seq[k]], p[kk], z[kk]);
    prev = p[kk];
  }
  if (!below_roofs) return;
  // Every leg clear of buildings, then the terrain (which ends the ray, or with roof
  // diffraction diffracts it over its knife edges), then the walls' coefficients at each leg's
  // incidence angle.
  prev = a;
  double zprev = za;
  bool clear = true;
  for (int k = 0; k < m && clear; ++k) {
    const std::size_t kk = static_cast<std::size_t>(k);
    clear = ((known_clear >> k) & 1U) || !buildings_block(L, prev, zprev, p[kk], z[kk]);
    prev = p[kk];
    zprev = z[kk];
  }
  if (!clear || (!(known_clear & 4) && buildings_block(L, prev, zprev, q, zq)) ||
      (!(known_clear & 8) && buildings_block(L, q, zq, b, zb)))
    return;
  double J = 0;
  if (L.terrain) {
    std::array<P2, 5> pts{};  // a, the m <= 2 reflection points, the corner, b
    std::array<double, 5> zs{};
    pts[0] = a;
    zs[0] = za;
    for (int k = 0; k < m; ++k) {
      pts[static_cast<std::size_t>(k) + 1] = p[static_cast<std::size_t>(k)];
      zs[static_cast<std::size_t>(k) + 1] = z[static_cast<std::size_t>(k)];
    }
    pts[static_cast<std::size_t>(m) + 1] = q;
    zs[static_cast<std::size_t>(m) + 1] = zq;
    pts[static_cast<std::size_t>(m) + 2] = b;
    zs[static_cast<std::size_t>(m) + 2] = zb;
    bool terrain = false;
    for (int k = 0; k < m + 2 && !terrain; ++k) {
      const std::size_t kk = static_cast<std::size_t>(k);
      terrain = terrain_blocks(L, pts[kk], zs[kk], pts[kk + 1], zs[kk + 1]);
    }
    if (terrain) {
      if (!L.opt->roof_diffraction) return;
      J = terrain_legs_loss_dB(L, pts.data(), zs.data(), m + 3);
    }
  }
  const cplx g = walls_fresnel(L, seq, p.data(), z.data(), m, a, za);
  const double s_i = std::hypot(rho_i, zq - za), s_d = std::hypot(rho_d, zb - zq);
  const double phi_i = corner_angle(w, src), phi_d = corner_angle(w, b);
  const cplx D =
      utd::wedge_diffraction_coefficient(w.corner_n, phi_i, phi_d, s_i, s_d, L.k_per_m, soft);
  cplx amp = g * D * std::sqrt(s_i / (s_d * (s_i + s_d))) * (L.d3 / s_i) *
             std::polar(1.0, -L.k_per_m * (s_i + s_d - L.d3));
  if (J != 0) amp *= std::pow(10.0, -J / 20.0);
  sc.rays.add(amp, Dominant::Diffracted);
}

/// The reflection-then-corner rays of a blocked link traced from both ends (reflections before
/// the corner from the transmitter, and from the receiver, i.e. reflections after the corner):
/// wall sequences of one and two walls filtered as in wall_reflections(). Throws
/// std::bad_alloc when the scratch cannot grow.
void reflection_corners(const Link& L, Scratch& sc) {
  const auto walls = L.index->walls();
  sc.corners.clear();
  for (const std::uint32_t wi : sc.walls) {
    if (walls[wi].corner_convex) sc.corners.push_back(wi);
  }
  if (sc.corners.empty()) return;
  const int order = std::min({L.opt->max_reflections, L.opt->reflection_diffraction_order,
                              kMaxReflectionsWithDiffraction});
  auto partly_in_front = [&](const Wall& w, const Wall& of) {
    return front(of, w.x0_m, w.y0_m) > 0.0 || front(of, w.x1_m, w.y1_m) > 0.0;
  };
  for (const bool from_tx : {true, false}) {
    const P2 a = from_tx ? L.t : L.r, b = from_tx ? L.r : L.t;
    const double za = from_tx ? L.zt : L.zr, zb = from_tx ? L.zr : L.zt;
    std::array<std::uint32_t, 2> seq{};
    std::array<P2, 3> img{};
    img[0] = a;
    for (const std::uint32_t w1 : sc.walls) {
      const Wall& W1 = walls[w1];
      if (!(front(W1, a.x, a.y) > 0.0)) continue;
      seq[0] = w1;
      img[1] = mirror(W1, a);
      for (const std::uint32_t ci : sc.corners)
        reflection_corner(L, sc, a, za, b, zb, seq.data(), img.data(), 1, ci);
      if (order < 2) continue;
      for (const std::uint32_t w2 : sc.walls) {
        if (w2 == w1) continue;
        const Wall& W2 = walls[w2];
        if (!(front(W2, img[1].x, img[1].y) > 0.0) || !partly_in_front(W2, W1) ||
            !partly_in_front(W1, W2)) {
          continue;
        }
        seq[1] = w2;
        img[2] = mirror(W2, img[1]);
        for (const std::uint32_t ci : sc.corners)
          reflection_corner(L, sc, a, za, b, zb, seq.data(), img.data(), 2, ci);
      }
    }
  }
}

/// The ray reflected by wall `w` and by the ground, in whichever order the image line gives:
/// the source mirrored across the wall plane (img) and the receiver below the ground form one
/// straight unfolded path of plan length S and height drop h_t + h_r (heights above the local
/// ground, flat between the ends as for the two-ray ground reflection). Its plan projection
/// crosses the wall at s_w and it meets the ground at s_g = S h_t / (h_t + h_r): the wall comes
/// first when s_w < s_g. The reflection point on the wall lies on the wall segment, at |h| =
/// |h_t - (h_t + h_r) s_w / S| above the ground there, between the wall's base and roof; every
/// leg must be clear. Amplitude Gamma_wall Gamma_ground (d3 / S3) e^{-jk(S3 - d3)}, S3 =
/// sqrt(S^2 + (h_t + h_r)^2), each coefficient at its own 3-D angle of incidence.
/// A line over the plan distance s along a path: z = z0 + slope (s - s_lo).
struct TerrainLine {
  double s_lo = 0, z0 = 0, slope = 0;
  double at(double s) const noexcept { return z0 + slope * (s - s_lo); }
};

/// The least-squares line of the samples (d_m, z_m)[lo..hi] (p526::smooth_surface_heights()).
TerrainLine fit_line(const Link& L, const double* d_m, const double* z_m, int lo, int hi) {
  const auto n = static_cast<std::size_t>(hi - lo + 1);
  const std::span<const double> d(d_m + lo, n), z(z_m + lo, n);
  const p526::SmoothSurfaceHeights h = p526::smooth_surface_heights(d, z, L.zt, L.zr, 1e-3);
  return {d[0], h.hst_m, (h.hsr_m - h.hst_m) / (d[n - 1] - d[0])};
}

/// The ground reflection on the image across a terrain line, in the vertical plane of a path
/// of plan length D (the direct ray, or a wall-ground ray unfolded across its wall) (s, z): the
/// transmitter T = (0, zt), the receiver R = (D, zr).
struct TerrainImage {
  double h_t = 0, h_r = 0;  ///< heights of T and R above the line, along its normal
  double r2 = 0;            ///< |T' R|, T' the image of T across the line
  double s_g = 0;           ///< plan distance of the specular point
};

bool terrain_image(const Link& L, const TerrainLine& g, double D, TerrainImage& out) noexcept {
  const double c = 1.0 / std::hypot(1.0, g.slope);  // the normal (-slope, 1) c
  out.h_t = (L.zt - g.at(0.0)) * c;
  out.h_r = (L.zr - g.at(D)) * c;
  if (!(out.h_t > 0.0 && out.h_r > 0.0)) return false;  // an end on or below the line
  // T' = T - 2 h_t n; the specular point divides T' R in the ratio h_t : h_r.
  const double ts = -2.0 * out.h_t * (-g.slope * c), tz = L.zt - 2.0 * out.h_t * c;
  out.r2 = std::hypot(D - ts, L.zr - tz);
  out.s_g = ts + (D - ts) * out.h_t / (out.h_t + out.h_r);
  return out.s_g > 0.0 && out.s_g < D;
}

/// The ground's reflecting line under a path of plan length D over the terrain samples
/// (d, z)[0..n) (d ascending from 0 at the transmitter to D at the receiver): the least-squares
/// line is first fitted to every sample, giving a specular point by the image of the
/// transmitter across it; the reflection zone [lo, hi] is then the samples whose foot on that
/// line lies within the first Fresnel zone of the reflected ray (path excess at most
/// lambda / 2: the Fresnel zones of ITU-R P.526-15, "Fresnel ellipsoids and Fresnel zones"; at
/// least the two samples either side of the specular point), and the line (`zone`, its image
/// `im`) is fitted again to them. False when an end is not above a line or the specular point
/// is not between the ends.
bool reflection_zone(const Link& L, const double* d, const double* z, int n, double D,
                     TerrainLine& zone, TerrainImage& im, int& lo, int& hi) {
  const int last = n - 1;
  const TerrainLine whole = fit_line(L, d, z, 0, last);
  if (!terrain_image(L, whole, D, im)) return false;
  const auto excess = [&](int i) {
    const double s = d[i], zs = whole.at(s);
    return std::hypot(s, zs - L.zt) + std::hypot(D - s, L.zr - zs) - im.r2;
  };
  lo = static_cast<int>(std::upper_bound(d, d + n, im.s_g) - d) - 1;
  lo = std::clamp(lo, 0, last - 1);
  hi = lo + 1;
  const double half = 0.5 * L.lambda_m;
  while (lo > 0 && excess(lo - 1) <= half) --lo;
  while (hi < last && excess(hi + 1) <= half) ++hi;
  zone = fit_line(L, d, z, lo, hi);
  return terrain_image(L, zone, D, im);
}

/// A 3-D vector (study CRS, terrain datum).
struct V3 {
  double x, y, z;
};
V3 operator-(V3 a, V3 b) noexcept {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
V3 operator+(V3 a, V3 b) noexcept {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
V3 operator*(double s, V3 a) noexcept {
  return {s * a.x, s * a.y, s * a.z};
}
double dot(V3 a, V3 b) noexcept {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
V3 cross(V3 a, V3 b) noexcept {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double norm(V3 a) noexcept {
  return std::sqrt(dot(a, a));
}

/// The antenna's polarisation across the direction k (unit): vertical, the vertical's part
/// normal to k; horizontal, the horizontal normal to k (unit vectors).
V3 polarisation(bool vertical, V3 k) noexcept {
  const V3 up{0, 0, 1};
  const V3 p = vertical ? up - dot(up, k) * k : cross(up, k);
  return (1.0 / norm(p)) * p;
}

/// The reflection coefficient of a plane of unit normal n (pointing to the ends' side) for the
/// incident direction ki and the reflected kr (unit), between antennas of the run's
/// polarisation: a plane of incidence that is not vertical mixes the polarisations. With e_TE =
/// ki x n / |ki x n|, e_TM = e_TE x k and p_i, p_r the antennas' polarisations across ki and kr
/// (polarisation()), Gamma_TE (p_i . e_TE)(e_TE . p_r) + Gamma_TM (p_i . e_TM,i)(e_TM,r . p_r),
/// P.2040-3's coefficients of `material` at the incidence angle from n; on a level plane this is
/// the ground's coefficient (vertical polarisation: TM), on a vertical one the wall's (TE).
cplx plane_gamma(const Link& L, std::size_t material, V3 ki, V3 kr, V3 n) noexcept {
  const double cos_t = std::clamp(-dot(ki, n), 0.0, 1.0);
  const cplx g_te = fresnel(material, L.f_GHz, cos_t, true);
  const cplx g_tm = fresnel(material, L.f_GHz, cos_t, false);
  const V3 c = cross(ki, n);
  const double cn = norm(c);
  if (!(cn > 1e-12)) return g_te;  // normal incidence: no plane of incidence
  const V3 e_te = (1.0 / cn) * c;
  const V3 e_tm_i = cross(e_te, ki), e_tm_r = cross(e_te, kr);
  const bool v = L.opt->vertical_polarization;
  const V3 pi = polarisation(v, ki), pr = polarisation(v, kr);
  return g_te * (dot(pi, e_te) * dot(e_te, pr)) + g_tm * (dot(pi, e_tm_i) * dot(e_tm_r, pr));
}

/// Whether a sample (d, z)[i] of a reflection's profile outside its zone [lo, hi] (and not an
/// end) rises above the reflected ray's legs T -> G -> R, G the specular point at plan distance
/// s_g and height zg of a path of plan length D.
bool rises_outside_zone(const Link& L, const double* d, const double* z, int n, double D, int lo,
                        int hi, double s_g, double zg) noexcept {
  for (int i = 1; i < n - 1; ++i) {
    if (i >= lo && i <= hi) continue;
    const double s = d[i];
    const double z_leg =
        s < s_g ? L.zt + (zg - L.zt) * s / s_g : zg + (L.zr - zg) * (s - s_g) / (D - s_g);
    if (z[i] > z_leg) return true;
  }
  return false;
}

/// A wall-ground ray's ground point on its real plan path t -> p -> r, at s_g along its path
/// unfolded across the wall (plan length S, the wall's point p at s_w): on the leg from the
/// wall when the wall comes first (s_w < s_g), else on the leg to it.
P2 ground_point(const Link& L, P2 p, double S, double s_w, double s_g) noexcept {
  if (s_w < s_g) {
    const double f = (s_g - s_w) / (S - s_w);
    return {p.x + f * (L.r.x - p.x), p.y + f * (L.r.y - p.y)};
  }
  const double f = s_g / s_w;
  return {L.t.x + f * (p.x - L.t.x), L.t.y + f * (p.y - L.t.y)};
}

/// The terrain's mean slope to the left of a path (dz per m along (vx, vy), a unit vector across
/// it) over the reflection zone [lo, hi] of a ground reflection (image im), the samples at
/// pos(i): at each, the difference of the terrain either side at the half-width w of the first
/// Fresnel zone across the reflected ray at the specular point (sqrt(lambda r_a r_b / r2), r_a
/// and r_b the image's and the receiver's distances to it; at least the terrain's spacing),
/// over 2 w. Exactly 0 on a terrain that does not vary across the path.
template <class Pos>
double mean_cross_slope(const Link& L, int lo, int hi, double vx, double vy, const TerrainImage& im,
                        Pos&& pos) {
  const TerrainGrid& g = *L.terrain;
  const double ra = im.r2 * im.h_t / (im.h_t + im.h_r), rb = im.r2 - ra;
  const double w = std::max(std::sqrt(L.lambda_m * ra * rb / im.r2), g.step_m());
  double sum = 0;
  for (int i = lo; i <= hi; ++i) {
    const P2 q = pos(i);
    sum += g.elevation_m(q.x + w * vx, q.y + w * vy) - g.elevation_m(q.x - w * vx, q.y - w * vy);
  }
  return sum / ((hi - lo + 1) * 2.0 * w);
}

/// The wall-ground ray on a ground plane tilted across its ground leg (wall_ground_over_terrain()
/// where the zone slopes across the leg that holds the specular point, of plan unit direction
/// (ux, uy)): the plane through g0 rising by `along` per m along the leg and `across` per m to
/// its left. In 3-D, the
/// image of the transmitter across the wall and then the plane (wall then ground), or across the
/// plane and then the wall (ground then wall); the wall point on the wall segment between base
/// and roof; the legs clear of the buildings and of the terrain farther than zone_half from the
/// specular point; path length |I2 R|; the wall's coefficient at its incoming leg's 3-D angle,
/// the plane's by plane_gamma() (the polarisations mixed by the tilted plane of incidence).
void tilted_wall_ground(const Link& L, const Wall& w, bool wall_first, double ux, double uy, V3 g0,
                        double along, double across, double zone_half, Rays& rays) {
  const double vx = -uy, vy = ux;
  const V3 up{-(along * ux + across * vx), -(along * uy + across * vy), 1.0};
  const V3 n = (1.0 / norm(up)) * up;
  const V3 T{L.t.x, L.t.y, L.zt}, R{L.r.x, L.r.y, L.zr};
  const auto wall_front = [&](V3 a) { return front(w, a.x, a.y); };
  const auto mirror_wall = [&](V3 a) {
    const double f = 2.0 * front(w, a.x, a.y);
    return V3{a.x - f * w.nx, a.y - f * w.ny, a.z};
  };
  const auto mirror_plane = [&](V3 a) { return a - (2.0 * dot(a - g0, n)) * n; };
  V3 I2{}, G{}, Wp{};
  if (wall_first) {
    const V3 I1 = mirror_wall(T);
    I2 = mirror_plane(I1);
    const double dI = dot(I1 - g0, n), dR = dot(R - g0, n);
    if (!(dI > 0.0 && dR > 0.0)) return;
    G = I2 + (dI / (dI + dR)) * (R - I2);
    const double f1 = wall_front(I1), fg = wall_front(G);
    if (!(f1 < 0.0 && fg > 0.0)) return;
    Wp = I1 + (f1 / (f1 - fg)) * (G - I1);
  } else {
    const V3 I1 = mirror_plane(T);
    I2 = mirror_wall(I1);
    const double f2 = wall_front(I2), fr = wall_front(R);
    if (!(f2 < 0.0 && fr > 0.0)) return;
    Wp = I2 + (f2 / (f2 - fr)) * (R - I2);
    const double dT = dot(T - g0, n), dW = dot(Wp - g0, n);
    if (!(dT > 0.0 && dW > 0.0)) return;
    G = I1 + (dT / (dT + dW)) * (Wp - I1);
    if (!(wall_front(G) > 0.0)) return;
  }
  // The wall point on the wall segment, between base and roof.
  const double ex = w.x1_m - w.x0_m, ey = w.y1_m - w.y0_m;
  const double u = ((Wp.x - w.x0_m) * ex + (Wp.y - w.y0_m) * ey) / (ex * ex + ey * ey);
  const P2 wp{Wp.x, Wp.y};
  if (!(u >= 0.0 && u <= 1.0) || !on_wall(L, w, wp, Wp.z)) return;
  // The legs T -> A -> B -> R (A, B the wall and ground points in their order).
  const std::array<V3, 4> pts{T, wall_first ? Wp : G, wall_first ? G : Wp, R};
  for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
    const V3 a = pts[k], b = pts[k + 1];
    if (buildings_block(L, {a.x, a.y}, a.z, {b.x, b.y}, b.z)) return;
    if (any_leg_sample(L, {a.x, a.y}, {b.x, b.y}, [&](double t, double x, double y) {
          return std::hypot(x - G.x, y - G.y) > zone_half &&
                 L.terrain->elevation_m(x, y) > a.z + t * (b.z - a.z);
        })) {
      return;
    }
  }
  const V3 before_w = wall_first ? T : G, before_g = wall_first ? Wp : T;
  const V3 after_g = wall_first ? R : Wp;
  const V3 kw = (1.0 / norm(Wp - before_w)) * (Wp - before_w);
  const double cos_w = std::abs(kw.x * w.nx + kw.y * w.ny);
  const V3 ki = (1.0 / norm(G - before_g)) * (G - before_g);
  const V3 kr = (1.0 / norm(after_g - G)) * (after_g - G);
  const cplx Gw = fresnel(L.index->buildings()[w.building].material, L.f_GHz, cos_w,
                          L.opt->vertical_polarization);
  rays.add(relative(L, Gw * plane_gamma(L, L.opt->ground_material, ki, kr, n), norm(R - I2)),
           Dominant::Reflected);
}

/// The wall-ground ray over the terrain (wall_ground_reflection() with Link::terrain): the
/// terrain under its plan path t -> p -> r (p the wall's reflection point, at s_w along the
/// unfolded path of plan length S from the image `img`), sampled along each leg as a leg's
/// samples (any_leg_sample()) and at t, p and r, is the unfolded path's profile. The ground is
/// its least-squares line over the reflection zone (reflection_zone(), as the direct ray's
/// ground reflection), the ray the image of the transmitter across that line in the unfolded
/// vertical plane: wall then ground when the wall comes before the specular point, ground then
/// wall after it. The wall point at the height of the ray's straight leg there must lie on the
/// wall; the samples outside the zone must lie below the legs, and the buildings must not block
/// them. The wall's coefficient at its leg's 3-D angle (|u·n| times the leg's plan over 3-D
/// length), the ground's at the tilted incidence ((h_t + h_r) / r2, the line's normal). The
/// terrain across the unfolded path is not seen (the plane of incidence is the unfolded path's
/// vertical plane). Returns false, having added nothing, when the profile lies at the ends'
/// elevation: the flat ground's ray stands then. Throws std::bad_alloc when its scratch cannot
/// grow.
bool wall_ground_over_terrain(const Link& L, const Wall& w, P2 img, P2 p, double S, double s_w,
                              Rays& rays) {
  thread_local std::vector<double> d, z, xs, ys;
  d.clear();
  z.clear();
  xs.clear();
  ys.clear();
  const TerrainGrid& g = *L.terrain;
  const auto add = [&](double s, double x, double y) {
    d.push_back(s);
    z.push_back(g.elevation_m(x, y));
    xs.push_back(x);
    ys.push_back(y);
  };
  add(0.0, L.t.x, L.t.y);
  any_leg_sample(L, L.t, p, [&](double t, double x, double y) {
    add(t * s_w, x, y);
    return false;
  });
  add(s_w, p.x, p.y);
  any_leg_sample(L, p, L.r, [&](double t, double x, double y) {
    add(s_w + t * (S - s_w), x, y);
    return false;
  });
  add(S, L.r.x, L.r.y);
  const int n = static_cast<int>(d.size());
  bool level = L.zgt == L.zgr;
  for (int i = 0; i < n && level; ++i) level = z[static_cast<std::size_t>(i)] == L.zgt;
  if (level) return false;
  TerrainLine zone;
  TerrainImage im;
  int lo = 0, hi = 0;
  if (!reflection_zone(L, d.data(), z.data(), n, S, zone, im, lo, hi)) return true;
  const double s_g = im.s_g, zg = zone.at(s_g);
  if (s_g == s_w) return true;  // the wall's foot: grazing, no reflection
  const bool wall_first = s_w < s_g;
  // A zone on the specular point's leg alone may slope across that leg: the plane tilted by it.
  const P2 leg_a = wall_first ? p : L.t, leg_b = wall_first ? L.r : p;
  const double leg_len = std::hypot(leg_b.x - leg_a.x, leg_b.y - leg_a.y);
  const std::size_t ulo = static_cast<std::size_t>(lo), uhi = static_cast<std::size_t>(hi);
  if (leg_len > 0.0 && (wall_first ? d[ulo] >= s_w : d[uhi] <= s_w)) {
    const double ux = (leg_b.x - leg_a.x) / leg_len, uy = (leg_b.y - leg_a.y) / leg_len;
    const double vx = -uy, vy = ux;
    const double across = mean_cross_slope(L, lo, hi, vx, vy, im, [&](int i) {
      return P2{xs[static_cast<std::size_t>(i)], ys[static_cast<std::size_t>(i)]};
    });
    if (across != 0.0) {
      const P2 g0 = ground_point(L, p, S, s_w, s_g);
      tilted_wall_ground(L, w, wall_first, ux, uy, V3{g0.x, g0.y, zg}, zone.slope, across,
                         std::max(s_g - d[ulo], d[uhi] - s_g), rays);
      return true;
    }
  }
  // The wall lies on the straight leg T -> G or G -> R of the unfolded path.
  const double zw =
      wall_first ? L.zt + (zg - L.zt) * s_w / s_g : zg + (L.zr - zg) * (s_w - s_g) / (S - s_g);
  if (!on_wall(L, w, p, zw)) return true;
  if (rises_outside_zone(L, d.data(), z.data(), n, S, lo, hi, s_g, zg)) return true;
  const P2 gp = ground_point(L, p, S, s_w, s_g);
  // The path's two inner points in their order.
  const P2 m1 = wall_first ? p : gp, m2 = wall_first ? gp : p;
  const double z1 = wall_first ? zw : zg, z2 = wall_first ? zg : zw;
  if (buildings_block(L, L.t, L.zt, m1, z1) || buildings_block(L, m1, z1, m2, z2) ||
      buildings_block(L, m2, z2, L.r, L.zr)) {
    return true;
  }
  const double ux = (L.r.x - img.x) / S, uy = (L.r.y - img.y) / S;
  const double ds = wall_first ? s_g : S - s_g, dz = wall_first ? zg - L.zt : L.zr - zg;
  const double cos_w = std::abs(ux * w.nx + uy * w.ny) * ds / std::hypot(ds, dz);
  const double cos_g = (im.h_t + im.h_r) / im.r2;  // from the line's normal
  const bool v = L.opt->vertical_polarization;
  const cplx G = fresnel(L.index->buildings()[w.building].material, L.f_GHz, cos_w, v) *
                 fresnel(L.opt->ground_material, L.f_GHz, cos_g, !v);
  rays.add(relative(L, G, im.r2), Dominant::Reflected);
  return true;
}
void wall_ground_reflection(const Link& L, const Wall& w, P2 img, Rays& rays) {
  const double ht = L.ht, hr = L.hr;
  if (!(ht > 0.0 && hr > 0.0)) return;
  P2 p{};
  if (!hit_wall(w, img, L.r, p)) return;
  const double S = std::hypot(L.r.x - img.x, L.r.y - img.y);
  if (S > L.s_max || S <= 0.0) return;
  const double s_w = std::hypot(p.x - img.x, p.y - img.y);  // = |p - t| in the real path
  if (L.terrain && wall_ground_over_terrain(L, w, img, p, S, s_w, rays)) return;
  const double s_g = S * ht / (ht + hr);
  const double h_u = ht - (ht + hr) * s_w / S;  // unfolded height at the wall
  if (h_u == 0.0) return;                       // the wall's foot: grazing, no reflection
  const auto ground_z = [&](double s) { return L.zgt + (L.zgr - L.zgt) * s / S; };
  const double zw = ground_z(s_w) + std::abs(h_u);
  if (!on_wall(L, w, p, zw)) return;
  const bool wall_first = s_w < s_g;
  const P2 g = ground_point(L, p, S, s_w, s_g);
  const double zg = ground_z(s_g);
  if (wall_first) {
    if (leg_blocked(L, L.t, L.zt, p, zw) || leg_blocked(L, p, zw, g, zg) ||
        leg_blocked(L, g, zg, L.r, L.zr))
      return;
  } else {
    if (leg_blocked(L, L.t, L.zt, g, zg) || leg_blocked(L, g, zg, p, zw) ||
        leg_blocked(L, p, zw, L.r, L.zr))
      return;
  }
  const double S3 = std::hypot(S, ht + hr);
  // Wall: the plan direction of the unfolded line against the wall's normal, scaled to 3-D.
  const double ux = (L.r.x - img.x) / S, uy = (L.r.y - img.y) / S;
  const double cos_w = std::abs(ux * w.nx + uy * w.ny) * S / S3;
  const double cos_g = (ht + hr) / S3;  // from the vertical, as the two-ray
  const bool v = L.opt->vertical_polarization;
  const cplx G = fresnel(L.index->buildings()[w.building].material, L.f_GHz, cos_w, v) *
                 fresnel(L.opt->ground_material, L.f_GHz, cos_g, !v);
  rays.add(relative(L, G, S3), Dominant::Reflected);
}

void wall_reflections(const Link& L, Scratch& sc) {
  const int order = L.opt->max_reflections;
  if (order <= 0 || sc.walls.empty()) return;
  const auto walls = L.index->walls();
  const std::vector<std::uint32_t>& C = sc.walls;
  std::array<std::uint32_t, 3> seq{};
  std::array<P2, 4> img{};
  img[0] = L.t;
  // A wall reflects a source in front of it towards a point in front of it; the next wall
  // must face the previous image and lie (partly) in front of the previous wall.
  auto partly_in_front = [&](const Wall& w, const Wall& of) {
    return front(of, w.x0_m, w.y0_m) > 0.0 || front(of, w.x1_m, w.y1_m) > 0.0;
  };
  for (const std::uint32_t w1 : C) {
    const Wall& W1 = walls[w1];
    if (!(front(W1, L.t.x, L.t.y) > 0.0)) continue;
    seq[0] = w1;
    img[1] = mirror(W1, img[0]);
    if (front(W1, L.r.x, L.r.y) > 0.0) {
      try_reflection(L, seq.data(), img.data(), 1, sc);
      if (L.opt->ground_reflection && L.opt->wall_ground_reflections)
        wall_ground_reflection(L, W1, img[1], sc.rays);
    }
    if (order < 2) continue;
    for (const std::uint32_t w2 : C) {
      if (w2 == w1) continue;
      const Wall& W2 = walls[w2];
      if (!(front(W2, img[1].x, img[1].y) > 0.0) || !partly_in_front(W2, W1) ||
          !partly_in_front(W1, W2)) {
        continue;
      }
      seq[1] = w2;
      img[2] = mirror(W2, img[1]);
      if (front(W2, L.r.x, L.r.y) > 0.0) try_reflection(L, seq.data(), img.data(), 2, sc);
      if (order < 3) continue;
      for (const std::uint32_t w3 : C) {
        if (w3 == w2) continue;
        const Wall& W3 = walls[w3];
        if (!(front(W3, img[2].x, img[2].y) > 0.0) || !(front(W3, L.r.x, L.r.y) > 0.0) ||
            !partly_in_front(W3, W2) || !partly_in_front(W2, W3)) {
          continue;
        }
        seq[2] = w3;
        img[3] = mirror(W3, img[2]);
        try_reflection(L, seq.data(), img.data(), 3, sc);
      }
    }
  }
}

/// UTD diffraction around the convex vertical corners near a blocked link (K&P 1974 through
/// propagation/models/utd_wedge.h). The diffraction point Q on the vertical edge follows
/// Keller's law: its height divides the height difference in the ratio of the plan distances.
void edge_diffraction(const Link& L, const Scratch& sc, Rays& rays) {
  const auto walls = L.index->walls();
  for (const std::uint32_t wi : sc.walls) edge_corner(L, walls[wi], rays);
}

// Visibility culling. A link's rays are enumerated over every wall and corner of the search box
// above; the functions below enumerate the same candidates in the same order, less the ones a
// cheap test shows cannot give a ray, using what depends on one end only, computed once for an
// end that many links share (the engine traces every receiver of a grid from one transmitter).
// Each culling test is either one of the enumeration's own tests, evaluated by the same
// expression on the same operands (so with the same outcome), or a conservative geometric
// bound with a margin far above rounding; the rays that remain are computed by the same
// functions in the same order, so the result is bit-identical to the plain enumeration
// (tests/unit/propagation/models/ray_2p5d_test.cpp compares the two). The bounds:
//   * beam (image-method beam tracing, as in the beam tracers of Funkhouser et al., "A beam
//     tracing method for interactive architectural acoustics", JASA 115(2), 2004, in plan):
//     a ray reflected by wall W from source image I continues inside the wedge from I through
//     the segment W, so the next wall of a sequence, or the corner it reaches, lies in that
//     wedge; reciprocally for the sequence traced from the other end;
//   * path length: a ray from end F reflected by W (image I) reaching point q then end V has
//     plan length >= |I q| + |V F| - |F q| (triangle inequality), so it exceeds the search
//     limit |V F| + excess when |I q| - |F q| > excess; over a wall segment of half-length h
//     around its midpoint c, |I p| - |F p| >= |I c| - |F c| - 2 h;
//   * blockage: a leg whose plan crosses a part whose roof is above both ends and whose base
//     is below both (and not a part an end stands in) is blocked whatever the heights of its
//     ends between the two antenna heights (BuildingIndex::blocked on the same plan segment).

/// Margin of the geometric culling bounds (m): rounding errors of the tests culled are many
/// orders of magnitude smaller at any study scale.
constexpr double kCullMargin_m = 1e-4;

/// The wedge from apex A spanned by the segment (e0, e1), as two half-planes through A (inward
/// unit normals); `all` when degenerate (then everything is inside).
struct Cone {
  P2 a{};
  double n0x = 0, n0y = 0, n1x = 0, n1y = 0;
  bool all = true;
};

Cone make_cone(P2 apex, P2 e0, P2 e1) noexcept {
  Cone c;
  c.a = apex;
  const double d0x = e0.x - apex.x, d0y = e0.y - apex.y;
  const double d1x = e1.x - apex.x, d1y = e1.y - apex.y;
  const double l0 = std::hypot(d0x, d0y), l1 = std::hypot(d1x, d1y);
  const double cross = d0x * d1y - d0y * d1x;
  if (!(l0 > 1e-3 && l1 > 1e-3) || !(std::abs(cross) > 1e-9 * l0 * l1)) return c;
  const double sg = cross > 0 ? 1.0 : -1.0;
  c.n0x = -sg * d0y / l0;
  c.n0y = sg * d0x / l0;
  c.n1x = sg * d1y / l1;
  c.n1y = -sg * d1x / l1;
  c.all = false;
  return c;
}

/// Whether the segment p0 p1 meets the cone (within the margin).
bool cone_meets(const Cone& c, P2 p0, P2 p1) noexcept {
  if (c.all) return true;
  double lo = 0, hi = 1;
  for (const auto& [nx, ny] : {std::pair{c.n0x, c.n0y}, std::pair{c.n1x, c.n1y}}) {
    const double f0 = (p0.x - c.a.x) * nx + (p0.y - c.a.y) * ny + kCullMargin_m;
    const double f1 = (p1.x - c.a.x) * nx + (p1.y - c.a.y) * ny + kCullMargin_m;
    // f0 + t (f1 - f0) >= 0
    if (f0 < 0 && f1 < 0) return false;
    if (f0 < 0) lo = std::max(lo, f0 / (f0 - f1));
    if (f1 < 0) hi = std::min(hi, f0 / (f0 - f1));
  }
  return lo <= hi + 1e-12;
}

/// Parts whose crossing surely blocks a leg (see above): up to four of the parts a plan segment
/// crosses, those with the highest roofs.
struct Blockers {
  std::array<std::uint32_t, 4> part{};
  std::array<double, 4> top{}, base{};
  std::array<double, 4> low{};  ///< the roof's lowest point (a flat roof: top)
  int n = 0;
  int total = 0;  ///< parts crossed (all of them are listed when <= 4)
};

/// One wall's beam from the end: the convex corners the reflected ray can reach, with the
/// blockers of its two legs. The walls that can come next in a reflection sequence are listed
/// per wall instead (EndView::wall_in: the beam's wall, bit 31 set when the next wall also faces
/// the image, the test of the sequence traced from this end).
struct Beam {
  std::vector<std::uint32_t> corners;
  std::vector<std::array<Blockers, 2>> legs;  ///< end -> reflection point -> corner
};
constexpr std::uint32_t kFacesImage = 0x80000000U;

/// The shadows of tall parts seen from a corner: per direction bin, the part (convex footprint,
/// roof above the end's antenna) that covers the whole bin with the nearest far side, and the
/// distance from the corner beyond which a point of the bin is behind all of it.
constexpr int kShadowBins = 64;
struct Shadow {
  std::array<double, kShadowBins> r_far;
  std::array<std::uint32_t, kShadowBins> part;
};

/// A beam that holds a corner: the beam's wall, the corner's place in the beam, and the lowest
/// base among the parts that would surely block one of the beam's two legs (end -> reflection
/// point -> corner) for a link whose other end is not above the view's end (a roof more than the
/// margin above the view's end: Blockers::low > zf + kCullMargin_m), +inf when none, with that
/// part. Such a link, at height z, finds one of the legs surely blocked when
/// z - kCullMargin_m > base and the part is not the link's own (surely_blocked()'s test with
/// lo = z - kCullMargin_m and hi = zf + kCullMargin_m), and never when z - kCullMargin_m <= base.
struct CornerEntry {
  std::uint32_t w1 = 0, k = 0;
  double base = 0;
  std::uint32_t part = 0;
  double image_m = 0;  ///< |A Q|: the plan length from the image A across w1 to the corner Q
};

/// Whether e may end a path of a wall pair whose plan length is at most s_max, by the pair's
/// beam c from a view's end f: the cone (make_cone()) from the image of f across the first wall
/// (the one nearer f) and then the second, through the second wall (a degenerate cone's zero
/// normals let everything in). The image is the unfolded path's start: a path f -> first wall
/// -> second wall -> e is a straight line from it through the second wall to e, of the path's
/// plan length. So e lies in the cone (within rounding, far below kCullMargin_m) and within
/// s_max of the image whenever the sequence gives a ray; traced from the other end, the same
/// holds by reciprocity (the unfolded lines from each end's last image are the one path).
bool reaches(const Cone& c, P2 e, double s_max) noexcept {
  const double dx = e.x - c.a.x, dy = e.y - c.a.y;
  const double lim = s_max + kCullMargin_m;
  return dx * c.n0x + dy * c.n0y + kCullMargin_m >= 0.0 &&
         dx * c.n1x + dy * c.n1y + kCullMargin_m >= 0.0 && dx * dx + dy * dy <= lim * lim;
}

/// The plan length a path from an image to corner q may have on its way to end b within the
/// search (beyond(): |image q| + |q b| <= s_max (1 + 1e-12)), with the margin.
double image_reach(const Link& L, P2 q, P2 b) noexcept {
  const double bx = q.x - b.x, by = q.y - b.y;
  return L.s_max * (1 + 1e-12) + kCullMargin_m - std::sqrt(bx * bx + by * by);
}

/// What depends on one end of the links (its position) and the scene, built lazily.
struct EndView {
  const BuildingIndex* index = nullptr;
  std::uint64_t index_id = 0;
  double excess_m = 0;
  P2 f{};
  double zf = 0;                           ///< the end's antenna height (terrain datum)
  std::vector<Shadow> shadows;             ///< built so far
  std::vector<std::uint32_t> shadow_slot;  ///< per corner: 1 + index into shadows, 0 unbuilt
  double box[4] = {0, 0, 0, 0};            ///< the walls' bounding box
  std::vector<std::uint8_t> faces;         ///< per wall: the end is in front of it
  std::vector<P2> img;                     ///< per wall: the end's image across it
  std::vector<std::uint8_t> beam_built;    ///< per wall
  std::vector<Beam> beams;                 ///< per wall
  /// The beams built so far that hold a wall, per wall: the beams' walls (wall_in: w1 | the
  /// entry's kFacesImage bit) and corners (corner_in: w1 and the corner's place in w1's beam).
  /// A link enumerates its pairs from its near walls' lists, which are complete once the beams
  /// of its near walls are built (ensure_beams()).
  std::vector<std::vector<std::uint32_t>> wall_in;
  /// Per wall_in entry: the beam of the two walls, in which the link's other end lies when the
  /// pair gives a ray (reaches()).
  std::vector<std::vector<Cone>> wall_in_beam;
  std::vector<std::vector<CornerEntry>> corner_in;  ///< by CornerEntry::base, descending
  std::vector<std::uint8_t> corner_state;           ///< per wall: 1 built, 2 the end sees the wedge
  /// Legs end -> corner and corner -> end of the corners the end sees (corner_info()).
  std::vector<std::array<Blockers, 2>> corner_legs;
  std::vector<std::uint32_t> corner_slot;  ///< per corner: index into corner_legs
  std::vector<std::array<double, 3>> mid;  ///< per wall: midpoint, |f c| - 2 h (near_walls())
  /// Per wall: `tick` when in v.near. Bytes, so that the stamps of a city's walls stay in the
  /// first-level cache for the beams' random look-ups (cleared every 255 links).
  std::vector<std::uint8_t> stamp;
  /// Per wall: `tick` when in v.near and the link's t end is in front of it (front() > 0).
  std::vector<std::uint8_t> stamp_t;
  std::uint8_t tick = 0;
  std::vector<std::uint32_t> near;  ///< the link's candidate walls (near_walls())
  std::vector<Crossing> crossings;
  std::vector<std::uint32_t> found;
  std::vector<std::array<std::uint32_t, 2>> pairs, pairs_tmp;
  std::vector<std::array<std::uint32_t, 2>> corner_pairs;  ///< (w1, place in w1's beam)
  std::vector<std::uint32_t> near_pos;                     ///< per wall in v.near: its index there
  std::vector<std::uint32_t> pair_count;  ///< per wall of v.near: pairs starting with it
  std::vector<std::uint32_t> corners_f;
  std::vector<double> corners_fx, corners_fy;  ///< corners_f's positions
  std::vector<double> corners_rr;  ///< per corners_f: the squared reach of the image (or -inf)
  std::vector<std::uint32_t> corner_pass;  ///< the places in corners_f that pass (score_corners())
  // The ends of the previous link: an end seen twice running gets the view.
  P2 prev_t{}, prev_r{};
  bool has_prev = false;
};

void add_blockers(const BuildingIndex& index, const std::vector<Crossing>& cs, Blockers& b) {
  for (const Crossing& c : cs) {
    ++b.total;
    std::size_t k = 3;
    if (b.n < 4) {
      k = static_cast<std::size_t>(b.n++);
    } else if (!(c.top_z_m > b.top[3])) {
      continue;
    }
    b.part[k] = c.building;
    b.top[k] = c.top_z_m;
    b.low[k] = c.low_z_m;
    b.base[k] = index.buildings()[c.building].base_z_m;
    for (; k > 0 && b.top[k] > b.top[k - 1]; --k) {
      std::swap(b.part[k], b.part[k - 1]);
      std::swap(b.top[k], b.top[k - 1]);
      std::swap(b.low[k], b.low[k - 1]);
      std::swap(b.base[k], b.base[k - 1]);
    }
  }
}

/// The parts the plan segment a -> b crosses, as BuildingIndex::blocked() sees them.
void plan_blockers(EndView& v, P2 a, P2 b, Blockers& out) {
  out.n = 0;
  out.total = 0;
  v.index->crossings(Segment3{a.x, a.y, 0.0, b.x, b.y, 0.0}, {}, v.crossings);
  add_blockers(*v.index, v.crossings, out);
}

/// Whether every leg whose plan the blockers were found on, with both ends' heights between the
/// link's antenna heights, is blocked.
bool surely_blocked(const Link& L, const Blockers& b) noexcept {
  const double lo = std::min(L.zt, L.zr) - kCullMargin_m;
  const double hi = std::max(L.zt, L.zr) + kCullMargin_m;
  for (int i = 0; i < b.n; ++i) {
    const std::size_t k = static_cast<std::size_t>(i);
    if (b.low[k] > hi && b.base[k] < lo &&
        !std::binary_search(L.own.begin(), L.own.end(), b.part[k])) {
      return true;
    }
  }
  return false;
}

/// Whether every leg whose plan the blockers were found on, with both ends' heights between the
/// link's antenna heights, is clear: each part its plan crosses is an end's own, or wholly
/// below or above the leg (BuildingIndex::blocked's height test).
bool surely_clear(const Link& L, const Blockers& b) noexcept {
  if (b.total > b.n) return false;
  const double lo = std::min(L.zt, L.zr) - kCullMargin_m;
  const double hi = std::max(L.zt, L.zr) + kCullMargin_m;
  for (int i = 0; i < b.n; ++i) {
    const std::size_t k = static_cast<std::size_t>(i);
    if (!(b.top[k] < lo || b.base[k] > hi ||
          std::binary_search(L.own.begin(), L.own.end(), b.part[k]))) {
      return false;
    }
  }
  return true;
}

EndView& end_view() {
  thread_local EndView v;
  return v;
}

bool view_of(const EndView& v, const BuildingIndex& index, const Options& opt, P2 p,
             double z) noexcept {
  return v.index == &index && v.index_id == index.id() && v.excess_m == opt.max_path_excess_m &&
         v.f.x == p.x && v.f.y == p.y && v.zf == z;
}

void reset_view(EndView& v, const BuildingIndex& index, const Options& opt, P2 f, double zf) {
  const auto walls = index.walls();
  const std::size_t n = walls.size();
  v.index = nullptr;  // no view until complete (std::bad_alloc may stop it half-way)
  v.faces.assign(n, 0);
  v.img.assign(n, P2{});
  v.beam_built.assign(n, 0);
  v.beams.assign(n, Beam{});
  v.wall_in.assign(n, {});
  v.wall_in_beam.assign(n, {});
  v.corner_in.assign(n, {});
  v.corner_state.assign(n, 0);
  v.corner_legs.clear();
  v.corner_slot.assign(n, 0);
  v.stamp.assign(n, 0);
  v.stamp_t.assign(n, 0);
  v.near_pos.assign(n, 0);
  v.mid.resize(n);
  v.shadows.clear();
  v.shadow_slot.assign(n, 0);
  v.tick = 0;
  v.box[0] = v.box[1] = 1e300;
  v.box[2] = v.box[3] = -1e300;
  for (std::size_t i = 0; i < n; ++i) {
    const Wall& w = walls[i];
    v.faces[i] = front(w, f.x, f.y) > 0.0;
    v.img[i] = mirror(w, f);
    const double cx = 0.5 * (w.x0_m + w.x1_m), cy = 0.5 * (w.y0_m + w.y1_m);
    v.mid[i] = {cx, cy,
                std::hypot(cx - f.x, cy - f.y) - std::hypot(w.x1_m - w.x0_m, w.y1_m - w.y0_m)};
    v.box[0] = std::min({v.box[0], w.x0_m, w.x1_m});
    v.box[1] = std::min({v.box[1], w.y0_m, w.y1_m});
    v.box[2] = std::max({v.box[2], w.x0_m, w.x1_m});
    v.box[3] = std::max({v.box[3], w.y0_m, w.y1_m});
  }
  v.index_id = index.id();
  v.excess_m = opt.max_path_excess_m;
  v.f = f;
  v.zf = zf;
  v.index = &index;
}

/// The view of whichever end of the link (t, r) is shared with the previous link, or null.
/// `is_t` tells which end it is.
EndView* select_view(const BuildingIndex& index, const Options& opt, P2 t, double zt, P2 r,
                     double zr, bool& is_t) {
  if (!opt.visibility_culling || index.empty()) return nullptr;
  EndView& v = end_view();
  const auto same = [](P2 a, P2 b) { return a.x == b.x && a.y == b.y; };
  EndView* out = nullptr;
  if (view_of(v, index, opt, t, zt)) {
    is_t = true;
    out = &v;
  } else if (view_of(v, index, opt, r, zr)) {
    is_t = false;
    out = &v;
  } else if (v.has_prev && (same(t, v.prev_t) || same(t, v.prev_r))) {
    reset_view(v, index, opt, t, zt);
    is_t = true;
    out = &v;
  } else if (v.has_prev && (same(r, v.prev_t) || same(r, v.prev_r))) {
    reset_view(v, index, opt, r, zr);
    is_t = false;
    out = &v;
  }
  v.prev_t = t;
  v.prev_r = r;
  v.has_prev = true;
  return out;
}

/// The walls of the link's search box (sc.walls) that can lie on one of its paths, into v.near
/// (ascending), marked in v.stamp. Every path through a point P of a wall (a reflection point, or
/// the corner at its start) has a plan length of at least |t P| + |P r|, and over a wall of
/// half-length h around its midpoint c, |t P| + |P r| >= |t c| + |c r| - 2 h: walls whose bound
/// exceeds the longest path searched (s_max) give no ray. The view's end's term |f c| - 2 h is
/// the view's (EndView::mid), the other end's is the link's; `is_t`: the view's end is t.
void near_walls(EndView& v, const Link& L, const std::vector<std::uint32_t>& walls, bool is_t) {
  if (++v.tick == 0) {
    std::fill(v.stamp.begin(), v.stamp.end(), std::uint8_t{0});
    std::fill(v.stamp_t.begin(), v.stamp_t.end(), std::uint8_t{0});
    v.tick = 1;
  }
  v.near.clear();
  const double lim = L.s_max + kCullMargin_m;
  const P2 o = is_t ? L.r : L.t;
  const auto all = L.index->walls();
  for (const std::uint32_t w : walls) {
    const std::array<double, 3>& m = v.mid[w];
    const double ox = m[0] - o.x, oy = m[1] - o.y;
    if (m[2] + std::sqrt(ox * ox + oy * oy) > lim) continue;
    v.near_pos[w] = static_cast<std::uint32_t>(v.near.size());
    v.near.push_back(w);
    v.stamp[w] = v.tick;
    // front(W, t) > 0: the view's own test when its end is t.
    if (is_t ? v.faces[w] != 0 : front(all[w], L.t.x, L.t.y) > 0.0) v.stamp_t[w] = v.tick;
  }
}

/// The bounding box of the cone clipped to the walls' box (Sutherland-Hodgman against the
/// cone's two half-planes, widened by the margin); false when empty.
bool cone_box(const EndView& v, const Cone& c, double out[4]) {
  std::array<P2, 8> poly{P2{v.box[0], v.box[1]}, P2{v.box[2], v.box[1]}, P2{v.box[2], v.box[3]},
                         P2{v.box[0], v.box[3]}};
  int n = 4;
  if (!c.all) {
    for (const auto& normal : {std::pair{c.n0x, c.n0y}, std::pair{c.n1x, c.n1y}}) {
      // Named, not bound: a lambda cannot capture a structured binding before clang 16.
      const double nx = normal.first, ny = normal.second;
      std::array<P2, 8> next{};
      int m = 0;
      const auto f = [&](P2 p) {
        return (p.x - c.a.x) * nx + (p.y - c.a.y) * ny + 2.0 * kCullMargin_m;
      };
      for (int i = 0; i < n; ++i) {
        const P2 p = poly[static_cast<std::size_t>(i)];
        const P2 q = poly[static_cast<std::size_t>((i + 1) % n)];
        const double fp = f(p), fq = f(q);
        if (fp >= 0) next[static_cast<std::size_t>(m++)] = p;
        if ((fp >= 0) != (fq >= 0)) {
          const double u = fp / (fp - fq);
          next[static_cast<std::size_t>(m++)] = {p.x + u * (q.x - p.x), p.y + u * (q.y - p.y)};
        }
      }
      poly = next;
      n = m;
      if (n == 0) return false;
    }
  }
  out[0] = out[1] = 1e300;
  out[2] = out[3] = -1e300;
  for (int i = 0; i < n; ++i) {
    const P2 p = poly[static_cast<std::size_t>(i)];
    out[0] = std::min(out[0], p.x);
    out[1] = std::min(out[1], p.y);
    out[2] = std::max(out[2], p.x);
    out[3] = std::max(out[3], p.y);
  }
  // The clipped vertices carry rounding: widen the box by a metre.
  out[0] -= 1.0;
  out[1] -= 1.0;
  out[2] += 1.0;
  out[3] += 1.0;
  return true;
}

/// Builds the beam of wall w from the end (the end in front of it), and lists it in wall_in and
/// corner_in of the walls and corners it holds.
const Beam& beam(EndView& v, std::uint32_t w) {
  Beam& b = v.beams[w];
  if (v.beam_built[w]) return b;
  b.corners.clear();
  b.legs.clear();
  const auto walls = v.index->walls();
  const Wall& W = walls[w];
  const P2 A = v.img[w];
  const Cone c = make_cone(A, {W.x0_m, W.y0_m}, {W.x1_m, W.y1_m});
  double bb[4];
  if (!cone_box(v, c, bb)) {
    v.beam_built[w] = 1;
    return b;
  }
  v.index->walls_in_box(bb[0], bb[1], bb[2], bb[3], v.found);
  auto partly_in_front = [&](const Wall& a, const Wall& of) {
    return front(of, a.x0_m, a.y0_m) > 0.0 || front(of, a.x1_m, a.y1_m) > 0.0;
  };
  const double wedge_lim = v.excess_m + kCullMargin_m;
  for (const std::uint32_t w2 : v.found) {
    const Wall& W2 = walls[w2];
    // Next wall of a sequence (wall_reflections' tests, the beam, the path length).
    if (w2 != w && partly_in_front(W2, W) && partly_in_front(W, W2) &&
        cone_meets(c, {W2.x0_m, W2.y0_m}, {W2.x1_m, W2.y1_m})) {
      const P2 mid{0.5 * (W2.x0_m + W2.x1_m), 0.5 * (W2.y0_m + W2.y1_m)};
      const double h = 0.5 * std::hypot(W2.x1_m - W2.x0_m, W2.y1_m - W2.y0_m);
      const double detour =
          std::hypot(mid.x - A.x, mid.y - A.y) - std::hypot(mid.x - v.f.x, mid.y - v.f.y) - 2.0 * h;
      if (detour <= wedge_lim) {
        const std::uint32_t faces_image = front(W2, A.x, A.y) > 0.0 ? kFacesImage : 0U;
        v.wall_in[w2].push_back(w | faces_image);
        v.wall_in_beam[w2].push_back(
            make_cone(mirror(W2, A), {W2.x0_m, W2.y0_m}, {W2.x1_m, W2.y1_m}));
      }
    }
    // Corner reached after the reflection (reflection_corner's tests that do not involve the
    // other end, then the path length).
    if (W2.corner_convex) {
      const P2 q{W2.x0_m, W2.y0_m};
      P2 p{};
      if (!(front(W, q.x, q.y) > BuildingIndex::kTouch_m) || !hit_wall(W, A, q, p)) continue;
      if (in_wedge(W2, A)) continue;
      if (std::hypot(q.x - A.x, q.y - A.y) - std::hypot(q.x - v.f.x, q.y - v.f.y) > wedge_lim)
        continue;
      std::array<Blockers, 2> legs;
      plan_blockers(v, v.f, p, legs[0]);
      plan_blockers(v, p, q, legs[1]);
      // Listed in the corner's beams by that base, descending (a link takes the entries its
      // legs do not surely block, a prefix).
      const double hi = v.zf + kCullMargin_m;
      CornerEntry e{w, static_cast<std::uint32_t>(b.corners.size()),
                    std::numeric_limits<double>::infinity(), 0, std::hypot(q.x - A.x, q.y - A.y)};
      for (const Blockers& leg : legs) {
        for (int i = 0; i < leg.n; ++i) {
          const std::size_t kk = static_cast<std::size_t>(i);
          if (leg.low[kk] > hi && leg.base[kk] < e.base) {
            e.base = leg.base[kk];
            e.part = leg.part[kk];
          }
        }
      }
      std::vector<CornerEntry>& in = v.corner_in[w2];
      in.insert(std::upper_bound(
                    in.begin(), in.end(), e,
                    [](const CornerEntry& x, const CornerEntry& y) { return x.base > y.base; }),
                e);
      b.corners.push_back(w2);
      b.legs.push_back(legs);
    }
  }
  v.beam_built[w] = 1;
  return b;
}

/// Builds the beams of the near walls (v.near) that face the view's end, so that the near walls'
/// wall_in and corner_in list every near wall's beam they are in.
void ensure_beams(EndView& v) {
  for (const std::uint32_t w : v.near) {
    if (v.faces[w]) beam(v, w);
  }
}

/// Puts `in` (pairs whose first member is a near wall) in the order of their first members in
/// v.near, stable, into `out` (a counting sort on v.near_pos).
void sort_by_near(EndView& v, const std::vector<std::array<std::uint32_t, 2>>& in,
                  std::vector<std::array<std::uint32_t, 2>>& out) {
  v.pair_count.assign(v.near.size() + 1, 0);
  for (const auto& pr : in) ++v.pair_count[v.near_pos[pr[0]] + 1];
  for (std::size_t k = 1; k < v.pair_count.size(); ++k) v.pair_count[k] += v.pair_count[k - 1];
  out.resize(in.size());
  for (const auto& pr : in) out[v.pair_count[v.near_pos[pr[0]]]++] = pr;
}

/// Corner `ci` seen from the end: whether the end is outside its wedge, and the blockers of the
/// legs end -> corner and corner -> end.
std::uint8_t corner_info(EndView& v, std::uint32_t ci) {
  if (v.corner_state[ci] & 1) return v.corner_state[ci];
  const Wall& w = v.index->walls()[ci];
  std::uint8_t s = 1;
  if (w.corner_convex && !in_wedge(w, v.f)) s |= 2;
  const P2 q{w.x0_m, w.y0_m};
  if (s & 2) {
    std::array<Blockers, 2> legs;
    plan_blockers(v, v.f, q, legs[0]);
    plan_blockers(v, q, v.f, legs[1]);
    v.corner_legs.push_back(legs);
    v.corner_slot[ci] = static_cast<std::uint32_t>(v.corner_legs.size() - 1);
  }
  v.corner_state[ci] = s;
  return s;
}

/// The blockers of the leg end -> corner ci (corner_info(v, ci) & 2 must hold).
const Blockers& from_f(const EndView& v, std::uint32_t ci) {
  return v.corner_legs[v.corner_slot[ci]][0];
}
/// The blockers of the leg corner ci -> end (corner_info(v, ci) & 2 must hold).
const Blockers& to_f(const EndView& v, std::uint32_t ci) {
  return v.corner_legs[v.corner_slot[ci]][1];
}

/// Builds the shadows seen from corner ci: the tall parts (lowest roof point more than the
/// margin above the end's antenna, convex footprint at least 1 m from the corner) within 100 m. A
/// segment from the corner whose direction lies in the part's angular extent, kShadowAngle_rad
/// inside its edges, and whose far end is beyond the part's farthest vertex crosses the footprint
/// along a chord of positive length (at least about 1 mm): BuildingIndex::blocked() finds it
/// blocked whenever its heights lie below the roof and above the base.
const Shadow& shadow(EndView& v, std::uint32_t ci) {
  if (v.shadow_slot[ci] != 0) return v.shadows[v.shadow_slot[ci] - 1];
  Shadow s;
  s.r_far.fill(std::numeric_limits<double>::infinity());
  s.part.fill(0);
  constexpr double kShadowAngle_rad = 1e-3, kReach_m = 100.0;
  const double bin = 2.0 * kPi / kShadowBins;
  const auto walls = v.index->walls();
  const Wall& c = walls[ci];
  const P2 q{c.x0_m, c.y0_m};
  v.index->walls_in_box(q.x - kReach_m, q.y - kReach_m, q.x + kReach_m, q.y + kReach_m, v.found);
  std::uint32_t last = 0xFFFFFFFFU;
  for (const std::uint32_t wi : v.found) {
    const std::uint32_t p = walls[wi].building;
    if (p == last) continue;  // the walls of one part are consecutive
    last = p;
    const Building& b = v.index->buildings()[p];
    if (!(v.index->roof_low_z_m(p) > v.zf + kCullMargin_m) || !v.index->convex(p)) continue;
    const auto& ring = b.footprint.outer();
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300, cx = 0, cy = 0;
    const std::size_t n = ring.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      x0 = std::min(x0, ring[i].x());
      y0 = std::min(y0, ring[i].y());
      x1 = std::max(x1, ring[i].x());
      y1 = std::max(y1, ring[i].y());
      cx += ring[i].x() / static_cast<double>(n);
      cy += ring[i].y() / static_cast<double>(n);
    }
    if (q.x > x0 - 1.0 && q.x < x1 + 1.0 && q.y > y0 - 1.0 && q.y < y1 + 1.0) continue;
    const double ac = std::atan2(cy - q.y, cx - q.x);
    double dmin = 1e300, dmax = -1e300, r_far = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double d = std::atan2(ring[i].y() - q.y, ring[i].x() - q.x) - ac;
      if (d > kPi) d -= 2.0 * kPi;
      if (d < -kPi) d += 2.0 * kPi;
      dmin = std::min(dmin, d);
      dmax = std::max(dmax, d);
      r_far = std::max(r_far, std::hypot(ring[i].x() - q.x, ring[i].y() - q.y));
    }
    const double lo = ac + dmin + kShadowAngle_rad, width = dmax - dmin - 2.0 * kShadowAngle_rad;
    if (!(width > bin)) continue;
    r_far += 1e-3;
    for (int k = 0; k < kShadowBins; ++k) {
      double rel = std::fmod(k * bin - lo, 2.0 * kPi);
      if (rel < 0) rel += 2.0 * kPi;
      const std::size_t kk = static_cast<std::size_t>(k);
      if (rel + bin <= width && r_far < s.r_far[kk]) {
        s.r_far[kk] = r_far;
        s.part[kk] = p;
      }
    }
  }
  v.shadows.push_back(s);
  v.shadow_slot[ci] = static_cast<std::uint32_t>(v.shadows.size());
  return v.shadows.back();
}

/// The shadow bin of direction (dx, dy): floor(a / (2 pi / kShadowBins)) for its angle a in
/// [0, 2 pi), without the angle: the octant from the signs and the larger component, the bin in
/// it from the tangents of the bins' edges. A direction within rounding of an edge may fall in
/// either bin: a shadow covers a bin only kShadowAngle_rad (1e-3) inside its part's angular
/// extent, so either bin's part covers it.
int shadow_bin(double dx, double dy) noexcept {
  static_assert(kShadowBins % 8 == 0);
  constexpr int kPerOctant = kShadowBins / 8;
  static const std::array<double, kPerOctant - 1> tan_edge = [] {
    std::array<double, kPerOctant - 1> t{};
    for (int j = 1; j < kPerOctant; ++j)
      t[static_cast<std::size_t>(j - 1)] = std::tan(j * 2.0 * kPi / kShadowBins);
    return t;
  }();
  const double ax = std::abs(dx), ay = std::abs(dy);
  const bool steep = ay > ax;
  const double t = steep ? ax / ay : (ax > 0 ? ay / ax : 0.0);  // in [0, 1]
  int j = 0;  // bin within [0, pi/4]: the edges at or below t (counted without branches)
  for (const double e : tan_edge) j += t >= e ? 1 : 0;
  constexpr int kPerQuadrant = 2 * kPerOctant;
  const int b = steep ? kPerQuadrant - 1 - j : j;  // bin of atan2(|dy|, |dx|) in [0, pi/2]
  if (dx >= 0) return dy >= 0 ? b : kShadowBins - 1 - b;
  return dy >= 0 ? 2 * kPerQuadrant - 1 - b : 2 * kPerQuadrant + b;
}

/// Whether a leg between corner ci and plan point e is surely blocked by a tall part (shadow()):
/// the leg's heights lie between the ends' antenna heights, the view's end's and z_e (the other
/// end's), so below the part's roof when z_e is not above the view's end, and above its base
/// when that is below both.
bool shadowed(EndView& v, const Link& L, std::uint32_t ci, P2 e, double z_e) {
  if (z_e > v.zf) return false;
  const Shadow& s = shadow(v, ci);
  const Wall& c = v.index->walls()[ci];
  const double dx = e.x - c.x0_m, dy = e.y - c.y0_m;
  const std::size_t kk = static_cast<std::size_t>(shadow_bin(dx, dy));
  if (!(std::sqrt(dx * dx + dy * dy) > s.r_far[kk])) return false;
  const std::uint32_t p = s.part[kk];
  return v.index->buildings()[p].base_z_m < z_e - kCullMargin_m &&
         !std::binary_search(L.own.begin(), L.own.end(), p);
}

/// edge_diffraction() with the corners culled by the view of one end.
void edge_diffraction_culled(const Link& L, EndView& v, bool is_t, Rays& rays) {
  const auto walls = L.index->walls();
  for (const std::uint32_t wi : v.near) {
    if (!walls[wi].corner_convex) continue;
    // The end sees the wedge from outside (edge_corner's angle test of that end), and its leg
    // is not surely blocked.
    if (!(corner_info(v, wi) & 2)) continue;
    const Blockers& leg = is_t ? from_f(v, wi) : to_f(v, wi);
    if (surely_blocked(L, leg)) continue;
    if (shadowed(v, L, wi, is_t ? L.r : L.t, is_t ? L.zr : L.zt)) continue;  // the other leg
    edge_corner(L, walls[wi], rays, surely_clear(L, leg) ? (is_t ? 1U : 2U) : 0U);
  }
}

/// reflection_corners() (one reflection) with the wall-corner pairs culled by the view.
void reflection_corners_culled(const Link& L, Scratch& sc, EndView& v, bool is_t) {
  const auto walls = L.index->walls();
  bool any = false;
  for (const std::uint32_t wi : v.near) any = any || walls[wi].corner_convex;
  if (!any) return;
  std::array<std::uint32_t, 1> seq{};
  std::array<P2, 2> img{};
  for (const bool from_tx : {true, false}) {
    const P2 a = from_tx ? L.t : L.r, b = from_tx ? L.r : L.t;
    const double za = from_tx ? L.zt : L.zr, zb = from_tx ? L.zr : L.zt;
    img[0] = a;
    if (from_tx == is_t) {
      // Reflections next to the view's end: the near corners in the beams of the near walls
      // facing it (front(W1, a) > 0), from the corners' lists of beams (corner_in), in the
      // order of the walls in v.near and of the corners in each beam.
      // A link whose other end is not above the view's end skips the entries whose legs a
      // part not its own surely blocks (CornerEntry), the tail of each list when it has no
      // part of its own; and the entries whose path A -> Q -> b is beyond the search
      // (beyond(): |A Q| + |Q b| > s_max (1 + 1e-12), here with the margin).
      ensure_beams(v);
      const bool below = !(zb > za);
      const double lo = std::min(L.zt, L.zr) - kCullMargin_m;  // surely_blocked()'s
      v.pairs_tmp.clear();
      for (const std::uint32_t ci : v.near) {
        if (!walls[ci].corner_convex) continue;
        const double reach = image_reach(L, {walls[ci].x0_m, walls[ci].y0_m}, b);
        for (const CornerEntry& e : v.corner_in[ci]) {
          if (below && lo > e.base) {
            if (L.own.empty()) break;
            if (!std::binary_search(L.own.begin(), L.own.end(), e.part)) continue;
          }
          if (e.image_m > reach) continue;
          if (v.stamp[e.w1] == v.tick && v.faces[e.w1]) v.pairs_tmp.push_back({e.w1, e.k});
        }
      }
      sort_by_near(v, v.pairs_tmp, v.corner_pairs);
      for (const auto& [w1, k] : v.corner_pairs) {
        seq[0] = w1;
        img[1] = v.img[w1];  // mirror(W1, a)
        const Beam& bm = v.beams[w1];
        const std::uint32_t ci = bm.corners[k];
        const std::array<Blockers, 2>& legs = bm.legs[k];
        if ((!below || !L.own.empty()) &&
            (surely_blocked(L, legs[0]) || surely_blocked(L, legs[1]))) {
          continue;
        }
        if (shadowed(v, L, ci, b, zb)) continue;  // the leg corner -> b
        const unsigned known =
            (surely_clear(L, legs[0]) ? 1U : 0U) | (surely_clear(L, legs[1]) ? 4U : 0U);
        reflection_corner(L, sc, a, za, b, zb, seq.data(), img.data(), 1, ci, known);
      }
    } else {
      // Reflections next to the other end: the corners the view's end sees (and that lie in
      // the search ellipse: rho_i + rho_d >= |a Q| + |Q b|).
      v.corners_f.clear();
      for (const std::uint32_t ci : v.near) {
        if (!walls[ci].corner_convex || !(corner_info(v, ci) & 2)) continue;
        if (surely_blocked(L, to_f(v, ci))) continue;  // the leg corner -> b
        const double qx = walls[ci].x0_m, qy = walls[ci].y0_m;
        const double ax = qx - a.x, ay = qy - a.y, bx = qx - b.x, by = qy - b.y;
        if (std::sqrt(ax * ax + ay * ay) + std::sqrt(bx * bx + by * by) > L.s_max + kCullMargin_m) {
          continue;
        }
        v.corners_f.push_back(ci);
      }
      if (v.corners_f.empty()) continue;
      const std::size_t nc = v.corners_f.size();
      v.corners_fx.resize(nc);
      v.corners_fy.resize(nc);
      v.corners_rr.resize(nc);
      v.corner_pass.resize(nc);
      for (std::size_t k = 0; k < nc; ++k) {
        const double qx = walls[v.corners_f[k]].x0_m, qy = walls[v.corners_f[k]].y0_m;
        v.corners_fx[k] = qx;
        v.corners_fy[k] = qy;
        // The image's reach (image_reach()), squared.
        const double reach = image_reach(L, {qx, qy}, b);
        v.corners_rr[k] = reach > 0.0 ? reach * reach : -std::numeric_limits<double>::infinity();
      }
      for (const std::uint32_t w1 : v.near) {
        const Wall& W1 = walls[w1];
        if (!(front(W1, a.x, a.y) > 0.0)) continue;
        seq[0] = w1;
        img[1] = mirror(W1, a);
        // The corners a reflection off W1 can reach: in front of it, (hit_wall) in the cone
        // from the image through the wall's ends, and within the image's reach. Three
        // half-planes and a disc per corner, over arrays (detail::score_corners()), before the
        // exact tests below; the cone's sides unnormalised (normal times |d|), their margin
        // kCullMargin_m times |d|_1 >= |d|.
        const double* qx = v.corners_fx.data();
        const double* qy = v.corners_fy.data();
        const detail::CornerScore cs = detail::corner_score(
            img[1].x, img[1].y, W1.x0_m, W1.y0_m, W1.x1_m, W1.y1_m, W1.nx, W1.ny, kCullMargin_m);
        std::uint32_t* pass = v.corner_pass.data();
        const std::size_t np = detail::score_corners(cs, qx, qy, v.corners_rr.data(), nc, pass);
        for (std::size_t i = 0; i < np; ++i) {
          const std::size_t k = pass[i];
          const std::uint32_t ci = v.corners_f[k];
          // reflection_corner's first tests (front(W1, q) > kTouch_m is the kernel's first).
          const P2 q{qx[k], qy[k]};
          P2 p{};
          if (!hit_wall(W1, img[1], q, p)) continue;
          if (shadowed(v, L, ci, p, za)) continue;  // the leg reflection point -> corner
          const unsigned known = surely_clear(L, to_f(v, ci)) ? 8U : 0U;
          reflection_corner(L, sc, a, za, b, zb, seq.data(), img.data(), 1, ci, known);
        }
      }
    }
  }
}

/// wall_reflections() (up to two walls) with the wall pairs culled by the view.
void wall_reflections_culled(const Link& L, Scratch& sc, EndView& v, bool is_t) {
  const int order = L.opt->max_reflections;
  if (order <= 0 || v.near.empty()) return;
  const auto walls = L.index->walls();
  const std::vector<std::uint32_t>& C = v.near;
  std::array<std::uint32_t, 3> seq{};
  std::array<P2, 4> img{};
  img[0] = L.t;
  auto partly_in_front = [&](const Wall& w, const Wall& of) {
    return front(of, w.x0_m, w.y0_m) > 0.0 || front(of, w.x1_m, w.y1_m) > 0.0;
  };
  // Second-order candidates (w1, w2), in the order of w1 in C and then of w2 (ascending), from
  // the near walls' lists of beams (wall_in): from the transmitter's view, w2 in w1's beam
  // facing the image there (the enumeration's test of the second wall); from the receiver's
  // view, w1 in w2's beam with front(W1, t) > 0 (stamp_t: the enumeration's test of the first
  // wall). Every near wall facing the view's end has its beam (ensure_beams()).
  v.pairs.clear();
  if (order >= 2) {
    ensure_beams(v);
    // Only the pairs whose beam the other end lies in (reaches()).
    if (is_t) {
      v.pairs_tmp.clear();
      for (const std::uint32_t w2 : C) {
        const std::vector<std::uint32_t>& in = v.wall_in[w2];
        const std::vector<Cone>& beams = v.wall_in_beam[w2];
        for (std::size_t i = 0; i < in.size(); ++i) {
          const std::uint32_t w1 = in[i] & ~kFacesImage;
          if ((in[i] & kFacesImage) && v.stamp_t[w1] == v.tick && reaches(beams[i], L.r, L.s_max))
            v.pairs_tmp.push_back({w1, w2});
        }
      }
      sort_by_near(v, v.pairs_tmp, v.pairs);
    } else {
      for (const std::uint32_t w1 : C) {
        if (v.stamp_t[w1] != v.tick) continue;
        const std::size_t first = v.pairs.size();
        const std::vector<std::uint32_t>& in = v.wall_in[w1];
        const std::vector<Cone>& beams = v.wall_in_beam[w1];
        for (std::size_t i = 0; i < in.size(); ++i) {
          const std::uint32_t w2 = in[i] & ~kFacesImage;
          if (v.stamp[w2] == v.tick && v.faces[w2] && reaches(beams[i], L.t, L.s_max))
            v.pairs.push_back({w1, w2});
        }
        std::sort(v.pairs.begin() + static_cast<std::ptrdiff_t>(first), v.pairs.end());
      }
    }
  }
  std::size_t next_pair = 0;
  for (const std::uint32_t w1 : C) {
    if (v.stamp_t[w1] != v.tick) continue;  // front(W1, t) > 0, found by near_walls()
    const Wall& W1 = walls[w1];
    seq[0] = w1;
    img[1] = mirror(W1, img[0]);
    if (front(W1, L.r.x, L.r.y) > 0.0) {
      try_reflection(L, seq.data(), img.data(), 1, sc);
      if (L.opt->ground_reflection && L.opt->wall_ground_reflections)
        wall_ground_reflection(L, W1, img[1], sc.rays);
    }
    if (order < 2) continue;
    const auto second = [&](std::uint32_t w2) {
      const Wall& W2 = walls[w2];
      if (!(front(W2, img[1].x, img[1].y) > 0.0) || !partly_in_front(W2, W1) ||
          !partly_in_front(W1, W2)) {
        return;
      }
      seq[1] = w2;
      img[2] = mirror(W2, img[1]);
      if (front(W2, L.r.x, L.r.y) > 0.0) try_reflection(L, seq.data(), img.data(), 2, sc);
    };
    while (next_pair < v.pairs.size() && v.pairs[next_pair][0] < w1) ++next_pair;
    for (; next_pair < v.pairs.size() && v.pairs[next_pair][0] == w1; ++next_pair)
      second(v.pairs[next_pair][1]);
  }
}

void ground_reflection(const Link& L, const End& tx, const End& rx, double d_m, Rays& rays) {
  const double ht = tx.h_m, hr = rx.h_m;
  if (!(ht + hr > 0.0)) return;
  // Two-ray over flat local ground: heights above the ground at each end.
  const double r1 = std::hypot(d_m, ht - hr);
  const double r2 = std::hypot(d_m, ht + hr);
  const double frac = ht / (ht + hr);
  const P2 g{L.t.x + frac * (L.r.x - L.t.x), L.t.y + frac * (L.r.y - L.t.y)};
  const double zg = tx.z_ground_m + frac * (rx.z_ground_m - tx.z_ground_m);
  if ((L.index->empty() == false || L.terrain) &&
      (leg_blocked(L, L.t, L.zt, g, zg) || leg_blocked(L, g, zg, L.r, L.zr))) {
    return;
  }
  const double cos_t = (ht + hr) / r2;            // angle of incidence from the vertical normal
  const bool te = !L.opt->vertical_polarization;  // ground: V -> TM, H -> TE
  const cplx G = fresnel(L.opt->ground_material, L.f_GHz, cos_t, te);
  rays.add(G * (r1 / r2) * std::polar(1.0, -L.k_per_m * (r2 - r1)), Dominant::Reflected);
}

/// First-order reflections off the sloped facets of LOD2 roofs (the parts with roof facets among
/// the walls of the search box, sc.walls, and the parts the link passes over, sc.crossings: both
/// this link's, filled by roof_reflections() and its caller), by the image of the transmitter
/// across the facet's plane: both ends above the plane, the specular point G (where the image's
/// line to the receiver meets the plane) on the facet and the roof there (the highest facet over
/// its plan point), both legs clear of every part but the ends' own (G lifted 1 mm off the
/// facet) and of the terrain; path length r2 = |T' R|, plane_gamma()'s coefficient of the part's
/// material. Throws std::bad_alloc when the scratch cannot grow.
void sloped_roof_reflections(const Link& L, Scratch& sc) {
  thread_local std::vector<std::uint32_t> parts;
  parts.clear();
  const auto walls = L.index->walls();
  for (const std::uint32_t wi : sc.walls) {
    const std::uint32_t b = walls[wi].building;
    if (L.index->has_roof(b)) parts.push_back(b);
  }
  for (const Crossing& c : sc.crossings) {  // a part whose walls all lie outside the box
    if (L.index->has_roof(c.building)) parts.push_back(c.building);
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  const V3 T{L.t.x, L.t.y, L.zt}, R{L.r.x, L.r.y, L.zr};
  for (const std::uint32_t b : parts) {
    if (std::binary_search(L.own.begin(), L.own.end(), b)) continue;  // the ends' own roofs
    const Building& bd = L.index->buildings()[b];
    for (const RoofFacet& f : bd.roof) {
      if (f.dz_dx == 0.0 && f.dz_dy == 0.0) continue;  // level: roof_reflections()
      const V3 up{-f.dz_dx, -f.dz_dy, 1.0};
      const V3 n = (1.0 / norm(up)) * up;
      const V3 p0{f.x0_m, f.y0_m, bd.base_z_m + f.z0_m};
      const double dT = dot(T - p0, n), dR = dot(R - p0, n);
      if (!(dT > 0.0 && dR > 0.0)) continue;
      const V3 Ti = T - (2.0 * dT) * n;
      const V3 G = Ti + (dT / (dT + dR)) * (R - Ti);
      if (!bg::covered_by(Point2(G.x, G.y), f.plan)) continue;
      if (std::abs(L.index->roof_z_m(b, G.x, G.y) - G.z) > 1e-6) continue;  // another facet
      const V3 Gu = G + 1e-3 * n;
      if (L.index->blocked(Segment3{T.x, T.y, T.z, Gu.x, Gu.y, Gu.z}, L.own) ||
          L.index->blocked(Segment3{Gu.x, Gu.y, Gu.z, R.x, R.y, R.z}, L.own)) {
        continue;
      }
      const P2 g{G.x, G.y};
      if (L.terrain &&
          (terrain_blocks(L, L.t, L.zt, g, G.z) || terrain_blocks(L, g, G.z, L.r, L.zr))) {
        continue;
      }
      const V3 ki = (1.0 / norm(G - T)) * (G - T), kr = (1.0 / norm(R - G)) * (R - G);
      sc.rays.add(relative(L, plane_gamma(L, bd.material, ki, kr, n), norm(R - Ti)),
                  Dominant::Reflected);
    }
  }
}

/// First-order reflections off roofs: flat ones here (a part without roof facets, or a level
/// facet of one with facets where it is the roof), sloped facets by sloped_roof_reflections()
/// (sc.walls must hold the link's search box walls), by the image of the transmitter across the
/// roof's plane, as the flat-ground two-ray with the ends' heights above the roof (h't = zt -
/// z_roof, h'r = zr - z_roof, both > 0): the specular point lies on the plan line at the fraction
/// h't / (h't + h'r) from the transmitter and must fall on that roof; amplitude Gamma (d3 / r2)
/// e^{-jk (r2 - d3)}, r2 = sqrt(d^2 + (h't + h'r)^2), Gamma of P.2040-3 for the part's material
/// at the angle arccos((h't + h'r) / r2) from the roof's normal (a horizontal surface: vertical
/// polarisation is TM). Both legs clear of every other part (a leg from above a flat roof down
/// to it never enters that part) and of the terrain. Throws std::bad_alloc when the scratch
/// cannot grow.
void roof_reflections(const Link& L, Scratch& sc) {
  if (!(L.d_plan > 0.0) || !(std::min(L.zt, L.zr) > L.index->lowest_roof_z_m())) return;
  L.index->crossings(Segment3{L.t.x, L.t.y, L.zt, L.r.x, L.r.y, L.zr}, L.own, sc.crossings);
  thread_local std::vector<std::uint32_t> ignore;
  thread_local std::vector<std::pair<std::uint32_t, double>> done;  // (part, height) reflecting
  done.clear();
  const auto try_roof = [&](const Crossing& c, double z_roof, bool facet) {
    // Level facets of one part at one height are one plane: one specular point, one ray.
    if (facet && std::find(done.begin(), done.end(), std::pair{c.building, z_roof}) != done.end())
      return;
    const double ht = L.zt - z_roof, hr = L.zr - z_roof;
    if (!(ht > 0.0 && hr > 0.0)) return;
    const double frac = ht / (ht + hr);
    if (!(frac > c.t_in && frac < c.t_out)) return;
    const P2 g{L.t.x + frac * (L.r.x - L.t.x), L.t.y + frac * (L.r.y - L.t.y)};
    if (!bg::covered_by(Point2(g.x, g.y), L.index->buildings()[c.building].footprint)) return;
    if (facet && L.index->roof_z_m(c.building, g.x, g.y) != z_roof) return;  // another facet
    ignore.assign(L.own.begin(), L.own.end());
    ignore.insert(std::lower_bound(ignore.begin(), ignore.end(), c.building), c.building);
    if (L.index->blocked(Segment3{L.t.x, L.t.y, L.zt, g.x, g.y, z_roof}, ignore) ||
        L.index->blocked(Segment3{g.x, g.y, z_roof, L.r.x, L.r.y, L.zr}, ignore)) {
      return;
    }
    if (L.terrain &&
        (terrain_blocks(L, L.t, L.zt, g, z_roof) || terrain_blocks(L, g, z_roof, L.r, L.zr))) {
      return;
    }
    const double r2 = std::hypot(L.d_plan, ht + hr);
    const double cos_t = (ht + hr) / r2;
    const bool te = !L.opt->vertical_polarization;  // a horizontal surface: V -> TM, H -> TE
    const cplx G = fresnel(L.index->buildings()[c.building].material, L.f_GHz, cos_t, te);
    sc.rays.add(relative(L, G, r2), Dominant::Reflected);
    done.emplace_back(c.building, z_roof);
  };
  for (const Crossing& c : sc.crossings) {
    const Building& b = L.index->buildings()[c.building];
    if (b.roof.empty()) {
      try_roof(c, c.top_z_m, false);
      continue;
    }
    for (const RoofFacet& f : b.roof) {
      if (f.dz_dx == 0.0 && f.dz_dy == 0.0) try_roof(c, b.base_z_m + f.z0_m, true);
    }
  }
  sloped_roof_reflections(L, sc);
}

/// The least-squares line z = z0 + slope (s - s_lo) through the samples [lo, hi] of the terrain
/// under the direct ray (s: plan distance from the transmitter): the smooth surface of ITU-R
/// P.452-18 Attachment 2 §5.1.6.2 (the straight line fitted to the piecewise-linear profile,
/// through propagation/models/itu_r_p526_15.h).
/// The plan unit vectors along the link (u, from the transmitter) and across it (v, to its left).
void link_axes(const Link& L, double& ux, double& uy, double& vx, double& vy) noexcept {
  ux = (L.r.x - L.t.x) / L.d_plan;
  uy = (L.r.y - L.t.y) / L.d_plan;
  vx = -uy;
  vy = ux;
}

/// The terrain's mean slope across the link (dz per m to its left) over the reflection zone
/// [lo, hi] of the direct ray's profile (mean_cross_slope()). Exactly 0 on a terrain that does
/// not vary across the link.
double cross_slope(const Link& L, const Profile& p, int lo, int hi, const TerrainImage& im) {
  double ux, uy, vx, vy;
  link_axes(L, ux, uy, vx, vy);
  return mean_cross_slope(L, lo, hi, vx, vy, im, [&](int i) {
    const double s = p.d_m[static_cast<std::size_t>(i)];
    return P2{L.t.x + s * ux, L.t.y + s * uy};
  });
}

/// Whether the terrain rises above the leg a -> b (sampled as terrain_blocks() samples it) at a
/// sample whose distance along the link lies outside [d_lo, d_hi] (the reflection zone, which
/// the reflecting plane stands for).
bool terrain_blocks_outside(const Link& L, P2 a, double za, P2 b, double zb, double d_lo,
                            double d_hi) noexcept {
  double ux, uy, vx, vy;
  link_axes(L, ux, uy, vx, vy);
  return any_leg_sample(L, a, b, [&](double t, double x, double y) {
    const double along = (x - L.t.x) * ux + (y - L.t.y) * uy;
    return (along < d_lo || along > d_hi) && L.terrain->elevation_m(x, y) > za + t * (zb - za);
  });
}

/// The ground reflection on a plane tilted across the link (terrain_ground_reflection()): the
/// zone's line along the link (slope `zone.slope`) with the slope `across` to its left, through
/// the zone line's point under the specular point. The image of the transmitter across the
/// plane, the specular point G where its line to the receiver meets it (both ends above the
/// plane, G between the ends along the link), the legs clear of the buildings and of the
/// terrain outside the zone [d_lo, d_hi], path length |T' R|, and plane_gamma()'s coefficient
/// of the ground's material (the polarisations mixed by the tilted plane of incidence).
void tilted_ground_reflection(const Link& L, Scratch& sc, const TerrainLine& zone,
                              const TerrainImage& im, double across, double d_lo, double d_hi) {
  double ux, uy, vx, vy;
  link_axes(L, ux, uy, vx, vy);
  const double a = zone.slope;
  const V3 up{-(a * ux + across * vx), -(a * uy + across * vy), 1.0};
  const V3 n = (1.0 / norm(up)) * up;
  const V3 p0{L.t.x + im.s_g * ux, L.t.y + im.s_g * uy, zone.at(im.s_g)};
  const V3 T{L.t.x, L.t.y, L.zt}, R{L.r.x, L.r.y, L.zr};
  const double dT = dot(T - p0, n), dR = dot(R - p0, n);
  if (!(dT > 0.0 && dR > 0.0)) return;
  const V3 Ti = T - (2.0 * dT) * n;
  const V3 G = Ti + (dT / (dT + dR)) * (R - Ti);
  const double s_g = (G.x - L.t.x) * ux + (G.y - L.t.y) * uy;
  if (!(s_g > 0.0 && s_g < L.d_plan)) return;
  const P2 g{G.x, G.y};
  if (terrain_blocks_outside(L, L.t, L.zt, g, G.z, d_lo, d_hi) ||
      terrain_blocks_outside(L, g, G.z, L.r, L.zr, d_lo, d_hi)) {
    return;
  }
  if (!L.index->empty() &&
      (buildings_block(L, L.t, L.zt, g, G.z) || buildings_block(L, g, G.z, L.r, L.zr))) {
    return;
  }
  const V3 ki = (1.0 / norm(G - T)) * (G - T), kr = (1.0 / norm(R - G)) * (R - G);
  sc.rays.add(relative(L, plane_gamma(L, L.opt->ground_material, ki, kr, n), norm(R - Ti)),
              Dominant::Reflected);
}

/// The ground reflection over the terrain under the direct ray (Link::relief). The ground is
/// the terrain's least-squares line over the reflection zone (reflection_zone()). The ray is the
/// two-ray image across that line (heights along its normal; the tilt lies in the plane of
/// incidence, so vertical polarisation stays TM), the P.2040-3 Fresnel coefficient at the tilted
/// incidence angle; it is blocked by the terrain samples outside the zone that rise above its
/// legs and by the buildings. Where the terrain slopes across the link (cross_slope()), the
/// plane of the line tilted by that slope instead (tilted_ground_reflection()).
void terrain_ground_reflection(const Link& L, Scratch& sc) {
  const Profile& p = sc.profile;
  const double D = L.d_plan;
  TerrainLine zone;
  TerrainImage im;
  int lo = 0, hi = 0;
  if (!reflection_zone(L, p.d_m.data(), p.z_m.data(), p.n, D, zone, im, lo, hi)) return;
  // A slope across the link tilts the reflecting plane out of the link's vertical plane.
  const double across = cross_slope(L, p, lo, hi, im);
  if (across != 0.0) {
    tilted_ground_reflection(L, sc, zone, im, across, p.d_m[static_cast<std::size_t>(lo)],
                             p.d_m[static_cast<std::size_t>(hi)]);
    return;
  }
  const double zg = zone.at(im.s_g);
  if (rises_outside_zone(L, p.d_m.data(), p.z_m.data(), p.n, D, lo, hi, im.s_g, zg)) return;
  const double f = im.s_g / D;
  const P2 g{L.t.x + f * (L.r.x - L.t.x), L.t.y + f * (L.r.y - L.t.y)};
  if (!L.index->empty() &&
      (buildings_block(L, L.t, L.zt, g, zg) || buildings_block(L, g, zg, L.r, L.zr))) {
    return;
  }
  const double cos_t = (im.h_t + im.h_r) / im.r2;  // from the line's normal
  const bool te = !L.opt->vertical_polarization;   // ground: V -> TM, H -> TE
  const cplx G = fresnel(L.opt->ground_material, L.f_GHz, cos_t, te);
  sc.rays.add(relative(L, G, im.r2), Dominant::Reflected);
}

/// The terrain's knife edges under the direct ray (Link::relief), appended to sc.edge_d /
/// sc.edge_z from index n, the list kept in increasing distance; returns the new count. An
/// edge is a sample between the ends where the terrain's height above the chord between the
/// ends' ground (e = z - chord) is positive and a local maximum (at least its neighbours',
/// above one of them: both ends of a plateau), so that a flat or uniformly sloping ground or
/// a valley gives none (the ground reflection stands for it). `blocked`: whether a sample
/// rises above the direct ray. Throws std::bad_alloc when the scratch cannot grow.
int terrain_edges(const Link& L, Scratch& sc, int n, bool& blocked) {
  const Profile& p = sc.profile;
  const double D = L.d_plan;
  const auto e = [&](int i) {
    const double s = p.d_m[static_cast<std::size_t>(i)];
    return p.z_m[static_cast<std::size_t>(i)] - (L.zgt + (L.zgr - L.zgt) * s / D);
  };
  blocked = false;
  for (int i = 1; i < p.n - 1; ++i) {
    const double s = p.d_m[static_cast<std::size_t>(i)], z = p.z_m[static_cast<std::size_t>(i)];
    if (z > L.zt + (L.zr - L.zt) * s / D) blocked = true;
    const double ei = e(i), el = e(i - 1), er = e(i + 1);
    if (!(ei > kTerrainOnChord_m && ei >= el && ei >= er && (ei > el || ei > er))) continue;
    sc.edge_d.resize(static_cast<std::size_t>(n) + 1);
    sc.edge_z.resize(static_cast<std::size_t>(n) + 1);
    sc.edge_d[static_cast<std::size_t>(n)] = s;
    sc.edge_z[static_cast<std::size_t>(n)] = z;
    ++n;
  }
  sort_edges(sc, n);
  return n;
}

/// The direct ray through the buildings in its way: each face it passes through (walls and
/// roofs of the parts not the ends' own) a single-layer slab of the part's material and
/// thickness, ITU-R P.2040-3 §2.2.2.2 eq. (43b) at the ray's 3-D angle of incidence. Same
/// length as the direct ray (the slabs are thin: no displacement), so its amplitude relative
/// to free space is the product of the slabs' T. Nothing when a slab lets nothing through
/// (metal). Throws std::bad_alloc when the scratch cannot grow.
void transmitted_ray(const Link& L, Scratch& sc) {
  L.index->face_crossings(Segment3{L.t.x, L.t.y, L.zt, L.r.x, L.r.y, L.zr}, L.own, sc.faces);
  if (sc.faces.empty()) return;
  const auto mats = p2040::materials();
  cplx a = 1.0;
  for (const FaceCrossing& f : sc.faces) {
    const Building& b = L.index->buildings()[f.building];
    const std::size_t m = b.material < mats.size() ? b.material : 1;
    const double d = b.wall_thickness_m > 0 ? b.wall_thickness_m : p2040::default_thickness_m(m);
    const double theta = std::acos(std::clamp(f.cos_incidence, 0.0, 1.0));
    const p2040::Slab slab = p2040::slab_coefficients(p2040::complex_permittivity(mats[m], L.f_GHz),
                                                      theta, d, L.lambda_m);  // eqs. (43), (44)
    // A wall is vertical: a vertical E is normal to the (near-horizontal) plane of incidence,
    // TE; a roof is horizontal, as the ground: vertical polarisation is TM.
    const bool te = f.roof != L.opt->vertical_polarization;
    a *= te ? slab.t_te : slab.t_tm;
  }
  if (std::norm(a) > 0.0) sc.rays.add(a, Dominant::Transmitted);
}

/// The direct ray over the terrain under it (Link::relief): unobstructed, or diffracted over
/// the roofs and the terrain's knife edges (terrain_edges) together, by Deygout's construction
/// (deygout_loss_dB). Transmission through the buildings on its way only when the terrain
/// leaves it clear. Returns whether a building or the terrain blocks it.
bool direct_ray_over_terrain(const Link& L, Scratch& sc) {
  bool blocked = false;
  sc.crossings.clear();
  const Segment3 ray{L.t.x, L.t.y, L.zt, L.r.x, L.r.y, L.zr};
  if (!L.index->empty()) {
    L.index->crossings(ray, L.own, sc.crossings);
    for (const Crossing& c : sc.crossings) blocked = blocked || c.blocked;
  }
  bool terrain_blocked = false;
  const double D = L.d_plan;
  const int roofs = L.opt->roof_diffraction ? roof_screens(L, sc, ray, 0.0, D, D, 0) : 0;
  const int n = terrain_edges(L, sc, roofs, terrain_blocked);
  if (blocked && !terrain_blocked && L.opt->wall_transmission) transmitted_ray(L, sc);
  if (blocked && !L.opt->roof_diffraction) return true;  // no ray over the roofs
  const double J =
      deygout_loss_dB(sc.edge_d.data(), sc.edge_z.data(), n, L.zt, L.zr, D, L.lambda_m);
  sc.rays.add(std::pow(10.0, -J / 20.0),
              blocked || terrain_blocked ? Dominant::Diffracted : Dominant::Direct);
  return blocked || terrain_blocked;
}

/// The direct ray: unobstructed, or diffracted over the roofs it passes. Returns whether the
/// direct ray is blocked by a building volume. Throws std::bad_alloc when the scratch cannot
/// grow (never taken as "no building in the way").
bool direct_ray(const Link& L, Scratch& sc) {
  if (L.relief) return direct_ray_over_terrain(L, sc);
  if (L.index->empty()) {
    sc.rays.add(1.0, Dominant::Direct);
    return false;
  }
  const Segment3 ray{L.t.x, L.t.y, L.zt, L.r.x, L.r.y, L.zr};
  L.index->crossings(ray, L.own, sc.crossings);
  bool blocked = false;
  for (const Crossing& c : sc.crossings) blocked = blocked || c.blocked;
  if (blocked && L.opt->wall_transmission) transmitted_ray(L, sc);
  if (!L.opt->roof_diffraction || sc.crossings.empty()) {
    if (!blocked) sc.rays.add(1.0, Dominant::Direct);
    return blocked;
  }
  // One screen per building at its roof height, at the entry or exit wall, whichever has the
  // larger nu (P.526-15 eq. (26)) over the direct ray; over a roof of facets, one at each
  // maximum of the roof's height along the ray.
  const double D = L.d_plan;
  const int n = roof_screens(L, sc, ray, 0.0, D, D, 0);
  const double J =
      deygout_loss_dB(sc.edge_d.data(), sc.edge_z.data(), n, L.zt, L.zr, D, L.lambda_m);
  sc.rays.add(std::pow(10.0, -J / 20.0), blocked ? Dominant::Diffracted : Dominant::Direct);
  return blocked;
}

/// Index of the edge of largest nu over the line (d_a, z_a) -> (d_b, z_b) among edges
/// [lo, hi), and that nu; -1 when none.
int main_edge(const double* d, const double* z, int lo, int hi, double d_a, double z_a, double d_b,
              double z_b, double lambda_m, double& nu_out) noexcept {
  int best = -1;
  double best_nu = -1e300;
  for (int i = lo; i < hi; ++i) {
    const double d1 = d[i] - d_a, d2 = d_b - d[i];
    if (!(d1 > 0.0 && d2 > 0.0)) continue;
    const double h = z[i] - (z_a + (z_b - z_a) * d1 / (d_b - d_a));
    const double nu = p526::knife_edge_nu(h, d1, d2, lambda_m);  // P.526-15 eq. (26)
    if (nu > best_nu) {
      best_nu = nu;
      best = i;
    }
  }
  nu_out = best_nu;
  return best;
}

}  // namespace

double deygout_loss_dB(const double* d_m, const double* z_m, int n, double z_t_m, double z_r_m,
                       double D_m, double lambda_m) noexcept {
  if (n <= 0) return 0.0;
  double nu_m = 0;
  const int m = main_edge(d_m, z_m, 0, n, 0.0, z_t_m, D_m, z_r_m, lambda_m, nu_m);
  if (m < 0 || nu_m <= -0.78) return 0.0;
  double L = p526::knife_edge_loss_dB(nu_m);  // P.526-15 §4.1 eq. (31)
  double nu = 0;
  // Deygout: the edge of largest nu on each side, over the path from the end to the main edge.
  if (main_edge(d_m, z_m, 0, m, 0.0, z_t_m, d_m[m], z_m[m], lambda_m, nu) >= 0) {
    L += p526::knife_edge_loss_dB(nu);
  }
  if (main_edge(d_m, z_m, m + 1, n, d_m[m], z_m[m], D_m, z_r_m, lambda_m, nu) >= 0) {
    L += p526::knife_edge_loss_dB(nu);
  }
  return L;
}

Result trace(const BuildingIndex& index, const Options& opt, double freq_Hz, double d_m,
             const End& end_a, const End& end_b, const TerrainGrid* terrain) {
  // Every mechanism is reciprocal; the rays are traced from the lexicographically smaller end
  // so that swapping the ends gives the same rounding, hence bit-identical losses (a
  // near-cancelling coherent sum would otherwise amplify rounding differences of ~1e-13 m).
  const auto key = [](const End& e) {
    return std::array<double, 4>{e.x_m, e.y_m, e.z_ground_m, e.h_m};
  };
  const bool swap = key(end_b) < key(end_a);
  const End& tx = swap ? end_b : end_a;
  const End& rx = swap ? end_a : end_b;
  Scratch& sc = scratch();
  sc.rays.n = 0;
  Link L{};
  L.index = &index;
  L.opt = &opt;
  L.f_GHz = freq_Hz * 1e-9;
  L.lambda_m = p525::kSpeedOfLight_m_per_s / freq_Hz;
  L.k_per_m = 2.0 * kPi / L.lambda_m;
  L.t = {tx.x_m, tx.y_m};
  L.r = {rx.x_m, rx.y_m};
  L.zt = tx.z_ground_m + tx.h_m;
  L.zr = rx.z_ground_m + rx.h_m;
  L.ht = tx.h_m;
  L.hr = rx.h_m;
  L.zgt = tx.z_ground_m;
  L.zgr = rx.z_ground_m;
  L.d_plan = std::hypot(rx.x_m - tx.x_m, rx.y_m - tx.y_m);
  L.d3 = std::hypot(d_m, L.zt - L.zr);
  L.s_max = L.d_plan + opt.max_path_excess_m;
  if (opt.terrain && terrain != nullptr && !terrain->flat() && terrain->nx() >= 2) {
    // The terrain under the rays: every leg is tested against it; the direct and the ground-
    // reflected rays see the relief under the direct ray, unless it is flat at the ends'
    // elevation (then they are those of flat ground).
    L.terrain = terrain;
    extract_profile(*terrain, L.t.x, L.t.y, L.r.x, L.r.y, terrain->step_m(), sc.profile);
    L.relief = false;
    if (sc.profile.n >= 3 && L.d_plan > 0.0) {
      for (int i = 0; i < sc.profile.n && !L.relief; ++i) {
        const double z = sc.profile.z_m[static_cast<std::size_t>(i)];
        L.relief = z != L.zgt || z != L.zgr;
      }
      // Level along the link: the terrain may still slope across it (a node's spacing either
      // side of each sample).
      const double w = terrain->step_m();
      double ux, uy, vx, vy;
      link_axes(L, ux, uy, vx, vy);
      for (int i = 0; i < sc.profile.n && !L.relief; ++i) {
        const double f = sc.profile.d_m[static_cast<std::size_t>(i)] / L.d_plan;
        const double x = L.t.x + f * (L.r.x - L.t.x), y = L.t.y + f * (L.r.y - L.t.y);
        L.relief = terrain->elevation_m(x + w * vx, y + w * vy) != L.zgt ||
                   terrain->elevation_m(x - w * vx, y - w * vy) != L.zgt;
      }
    }
  }
  OwnEnds ends;
  own_parts(index, tx, rx, sc.own_tmp, sc.own, ends);
  L.own = sc.own;
  // Inside a building (ray_indoor.h): both ends in one building take its TR 38.901 indoor path
  // loss; an end inside a building the other is not in adds that building's indoor excess over
  // free space along its leg to the building's shell.
  double indoor_dB = 0;
  if (ends.building[0] >= 0 && ends.building[0] == ends.building[1]) {
    BuildingUse use = BuildingUse::Unspecified;  // the first part (by index) that names one
    for (const std::uint32_t part : sc.own) {
      use = index.buildings()[part].use;
      if (use != BuildingUse::Unspecified) break;
    }
    const IndoorScenario s = scenario_of_use(opt.indoor, use);
    if (s != IndoorScenario::FreeSpace) {
      const IndoorLoss in = indoor_loss(s, opt.indoor, L.f_GHz, d_m, L.d3, tx.h_m, rx.h_m);
      Result res;
      res.loss_dB = in.loss_dB;
      res.dominant = in.p_los >= 0.5 ? Dominant::Direct : Dominant::Transmitted;
      return res;
    }
  } else if (opt.indoor.depth_loss) {
    for (int k = 0; k < 2; ++k) {
      if (ends.building[k] < 0) continue;
      const End& e = k == 0 ? tx : rx;
      const P2 p = k == 0 ? L.t : L.r, q = k == 0 ? L.r : L.t;
      const double zp = k == 0 ? L.zt : L.zr, zq = k == 0 ? L.zr : L.zt;
      const double t = indoor_exit_fraction(index, static_cast<std::uint32_t>(ends.building[k]),
                                            Segment3{p.x, p.y, zp, q.x, q.y, zq}, sc.faces);
      const double h_exit = zp + t * (zq - zp) - e.z_ground_m;  // above the end's ground
      indoor_dB += indoor_leg_excess_dB(scenario_of_use(opt.indoor, ends.use[k]), opt.indoor,
                                        freq_Hz, t * L.d_plan, t * std::hypot(L.d_plan, zq - zp),
                                        e.h_m, std::max(h_exit, 0.0));
    }
  }

  const bool blocked = direct_ray(L, sc);
  if (opt.ground_reflection) {
    if (L.relief) {
      terrain_ground_reflection(L, sc);
    } else {
      ground_reflection(L, tx, rx, d_m, sc.rays);
    }
  }
  sc.walls.clear();
  if (!index.empty() && (opt.max_reflections > 0 || (blocked && opt.edge_diffraction))) {
    search_walls(L, sc);
  }
  // Roof reflections: the walls of the search box are this link's (the culled views below
  // narrow them).
  if (opt.max_reflections > 0 && !index.empty()) roof_reflections(L, sc);
  // Visibility culling (above): the view of an end shared with the previous link, if any.
  bool view_is_t = false;
  EndView* view = select_view(index, opt, L.t, L.zt, L.r, L.zr, view_is_t);
  if (view) near_walls(*view, L, sc.walls, view_is_t);
  if (view && opt.max_reflections <= 2) {
    wall_reflections_culled(L, sc, *view, view_is_t);
  } else {
    wall_reflections(L, sc);
  }
  if (blocked && opt.edge_diffraction) {
    if (view) {
      edge_diffraction_culled(L, *view, view_is_t, sc.rays);
    } else {
      edge_diffraction(L, sc, sc.rays);
    }
  }
  if (blocked && opt.edge_diffraction && opt.reflection_diffraction_order > 0 &&
      opt.max_reflections > 0) {
    if (view && std::min(opt.reflection_diffraction_order, opt.max_reflections) == 1) {
      reflection_corners_culled(L, sc, *view, view_is_t);
    } else {
      reflection_corners(L, sc);
    }
  }

  Result res;
  res.rays = sc.rays.n;
  double p = 0, best = -1;
  cplx sum = 0;
  for (int i = 0; i < sc.rays.n; ++i) {
    const Ray& ray = sc.rays.r[static_cast<std::size_t>(i)];
    const double pi = std::norm(ray.a);
    p += pi;
    sum += ray.a;
    if (pi > best) {
      best = pi;
      res.dominant = ray.kind;
    }
  }
  if (opt.combine == Combine::Coherent) p = std::norm(sum);
  const double rel_dB = 10.0 * std::log10(std::max(p, kPowerFloor));
  res.loss_dB = p525::free_space_loss_dB_si(freq_Hz, L.d3) - rel_dB + indoor_dB;
  return res;
}

}  // namespace akichi::prop::ray

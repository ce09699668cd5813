// Deterministic 2.5-D ray model over building prisms (footprint x [base, roof]).
//
// Rays between two points (each an antenna above its local ground):
//   * direct ray, with knife-edge diffraction over the roofs it passes (Deygout's construction,
//     J. Deygout, "Multiple knife-edge diffraction of microwaves", IEEE Trans. AP-14(4), 1966,
//     limited to the main edge and one edge on each side of it; each edge's loss J(nu) from
//     ITU-R P.526-15 §4.1 eq. (31), nu from eq. (26)); each building crossed in plan is one
//     thin screen at its roof height, placed at whichever of its entry and exit walls
//     obstructs the ray most (the roof's width is not modelled); a building with roof facets
//     (CityGML LOD2 sloped and gabled roofs) gives instead one knife edge at each maximum of
//     its roof's height along the ray (the ridges crossed, an eave where the roof falls away
//     from the wall, a level top as a flat roof: BuildingIndex::roof_edges()), and blocks rays
//     below its facets;
//   * ground reflection over flat local ground (two-ray: image of the transmitter below the
//     ground plane, heights above local ground), Fresnel coefficient of ITU-R P.2040-3 §2.2.2
//     for a P.2040-3 Table 3 ground; over terrain, on the local slope ("Terrain under the rays"
//     below);
//   * specular reflections off vertical walls up to order 3, by the image method (mirror the
//     source across each wall plane in turn, back-trace the reflection points, check each lies
//     on its wall segment and below its roof, check each leg for blockage), P.2040-3 §2.2.2
//     Fresnel coefficient of the wall's material at each leg's incidence angle;
//   * one wall reflection combined with the ground reflection, wall then ground or ground then
//     wall: the image of the source across the wall plane, then across the flat ground (one
//     image line gives both orders: which surface the ray meets first depends on where the
//     line crosses the wall and the ground), Fresnel coefficients of both surfaces; over
//     terrain, on the local slope under the unfolded path ("Terrain under the rays" below);
//   * first-order reflections off roofs, both ends above the roof: a flat roof (or a level LOD2
//     facet) as the two-ray over its plane, a sloped facet by the image across its plane, the
//     specular point on that roof, P.2040-3 coefficients of the part's material (a tilted
//     plane of incidence mixes TE and TM);
//   * transmission through buildings: the blocked direct ray passes through each wall (or
//     roof) of a building on its way, each a single-layer slab of the building's material and
//     thickness (ITU-R P.2040-3 §2.2.2.2 eqs. (43b), (44), Fresnel coefficients eqs. (37a),
//     (37b)) at the ray's 3-D angle of incidence; a ray of its own, combined with the others by
//     the model's rule (power or phasor sum);
//   * diffraction around convex vertical building corners by the uniform theory of
//     diffraction (Kouyoumjian & Pathak, Proc. IEEE 62(11), 1974), through
//     propagation/models/utd_wedge.h, the diffraction point on the vertical edge placed by
//     Keller's law (equal angles with the edge);
//   * reflection-diffraction: one diffraction with up to two wall reflections (order 1 by
//     default, Options::reflection_diffraction_order). A reflected ray
//     whose legs pass below roofs diffracts over them: the roofs as knife edges on the unfolded
//     path (image to receiver), Deygout's construction as for the direct ray, times the walls'
//     Fresnel coefficients. On a blocked link, a ray reflected by one or two walls reaches a
//     convex vertical corner (before or after the reflections): the corner diffracts the field
//     of the last image source (UTD as above, Keller's law on the unfolded path), times the
//     walls' Fresnel coefficients.
//   * inside a building (propagation/models/ray_indoor.h): a link whose ends both stand inside
//     one building (below its roof) takes the 3GPP TR 38.901 V17.0.0 Table 7.4.1-1 indoor path
//     loss of the building's scenario (InH-Office or InF, chosen by the building's use or
//     forced; LoS state by Table 7.4.2-1 probability, or fixed) instead of the rays; a link
//     with one end inside a building adds, for that end, that building's indoor path loss in
//     excess of free space over the leg from the end to where the ray leaves the building
//     (the shell itself is the engine's building entry loss).
// Free-space spreading of each ray: ITU-R P.525-4 §2.2 (basic transmission loss
// 20 log10(4 pi r / lambda)). Rays are combined by power sum or coherently.
//
// Polarisation. On the ground (horizontal surface) the plane of incidence is vertical:
// vertical polarisation is TM (E in the plane of incidence), horizontal is TE. On a vertical
// wall hit by a near-horizontal ray the plane of incidence is (nearly) horizontal: a
// vertically polarised E is normal to it, i.e. TE; horizontal polarisation is TM. The model
// uses these pure states (exact for horizontal rays; depolarisation of elevated rays ignored).
// At a vertical edge, vertical polarisation (E parallel to the edge) takes the soft (Dirichlet)
// coefficient, horizontal the hard one. Through a wall a vertical E is TE, through a roof TM.
//
// Acceleration (visibility culling, Options::visibility_culling, on by default). The engine
// traces every receiver of a grid from one transmitter: what depends on that end alone is kept,
// per thread, for as long as consecutive links share it (either end, in either role), and used
// to leave out candidates that cannot give a ray. Per shared end F, built lazily: each wall's
// image of F and its beam (the wedge from the image through the wall, in plan: beam tracing,
// Funkhouser et al., JASA 115(2), 2004), with the walls that can come next in a sequence and the
// convex corners the reflected ray can reach; per corner, whether F sees its wedge from outside,
// the parts the plan legs F -> corner and corner -> F cross, and the tall convex parts that
// shadow directions seen from it. Per link: only the walls whose plan path bound fits the search
// ellipse; second-order pairs from the beams (from either end); corners behind a part taller
// than both antennas skipped. Every test left out is one the plain enumeration would fail (the
// same expression on the same operands, or a geometric bound with a 0.1 mm margin), and the rays
// kept are computed by the same code in the same order, so the result is identical bit for bit
// to the plain enumeration (tested on random scenes). Sequences of three walls and
// reflection-diffraction of order 2 use the plain enumeration.
//
// Terrain under the rays (Options::terrain, with a terrain grid that is not flat; otherwise
// the ground is flat locally at each end and the result is bit for bit that of the model
// without terrain). The terrain under the direct ray is sampled as the engine samples a profile
// (extract_profile(): bilinear elevations at the grid's node spacing); buildings stand on their
// base_z_m (the engine sets it on the terrain). When that profile is not flat at the ends'
// elevation:
//   * terrain knife edges: the samples where the terrain's height above the chord between the
//     ends' ground is positive and a local maximum join the roof screens in the direct ray's
//     Deygout construction (P.526-15 eqs. (26), (31)); a sample above the direct ray blocks it
//     (diffracted, no transmission through the buildings then);
//   * ground reflection on the local slope: the image of the transmitter across the
//     least-squares line of the profile (ITU-R P.452-18 Attachment 2 §5.1.6.2 smooth surface)
//     fitted over the reflection zone (the samples whose point on the whole-path line lies
//     within the first Fresnel zone of the reflected ray, path excess <= lambda / 2, at least
//     the two samples either side of the specular point), heights along the line's normal, the
//     P.2040-3 coefficient at the tilted incidence angle; blocked by the samples outside the
//     zone that rise above its legs. Where the terrain slopes across the link, the plane of
//     that line tilted by the mean cross slope over the zone (the polarisations mixed by the
//     tilted plane of incidence);
//   * the wall-ground ray on the local slope: the profile of its path unfolded across the wall
//     (the terrain under its two legs and at the wall's foot), the same reflection zone and
//     line, the image across it in the unfolded vertical plane; where the terrain slopes across
//     the specular point's leg, the images across the wall and the tilted plane in 3-D.
// Every leg of every other ray (wall reflections, wall-ground, corners, reflection-diffraction)
// is tested against the terrain the same way along the leg. Where the terrain rises above it
// the ray is dropped, except (with roof diffraction) a reflection of at most
// reflection_diffraction_order walls, a corner-diffracted and a reflection-diffraction ray,
// which are diffracted over the terrain's knife edges under their legs (Deygout's
// construction on the unfolded path, with the roof screens).
//
// Not modelled: diffraction over the terrain on wall-ground rays and on reflections of more
// walls (the terrain ends them), the terrain across a wall-ground ray whose reflection zone
// spans the wall's foot, rounded
// hills (each terrain edge is a knife edge: Deygout over dense samples overestimates the loss
// over smooth hills), interior walls and floors as geometry (inside a building the TR 38.901
// indoor formulas stand for them), transmission on reflected or diffracted paths, the
// displacement of a ray through a slab, reflections of higher order that include a roof, more
// than one diffraction on a reflected ray (corner and roof together, two corners, reflections
// on both sides of a corner), reflection-diffraction with three reflections, earth curvature,
// depolarisation on vertical walls and level ground (their pure TE/TM states are used).
#pragma once

#include <cstddef>
#include <cstdint>

#include "propagation/models/ray_indoor.h"
#include "propagation/surface/building_index.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::ray {

enum class Combine : std::uint8_t { Power, Coherent };

/// The kind of the strongest ray of a link.
enum class Dominant : std::uint8_t {
  None = 0,        ///< no ray found (the loss is the floor)
  Direct = 1,      ///< unobstructed direct ray (possibly with sub-path roof diffraction loss)
  Reflected = 2,   ///< ground or wall reflection
  Diffracted = 3,  ///< over roofs or around a corner
  Transmitted = 4  ///< through the walls (and roofs) of buildings on the direct path
};

struct Options {
  int max_reflections = 2;        ///< wall reflection order, 0..3
  bool ground_reflection = true;  ///< add the flat-ground reflected ray
  /// With ground_reflection and max_reflections >= 1: the rays reflected by one wall and the
  /// ground, in either order (images across the wall and the ground plane).
  bool wall_ground_reflections = true;
  bool roof_diffraction = true;  ///< knife-edge diffraction over roofs on the direct path
  bool edge_diffraction = true;  ///< UTD diffraction around vertical corners (blocked links)
  /// Transmission through the faces of the buildings a blocked direct ray passes through
  /// (P.2040-3 single-layer slab per wall or roof crossed).
  bool wall_transmission = true;
  /// Wall reflections combined with one diffraction, 0..2 (0: none; at most max_reflections):
  /// with roof_diffraction, reflected rays of up to this order whose legs are blocked diffract
  /// over the roofs on their unfolded path; with edge_diffraction, on blocked links, rays
  /// reflected by up to this many walls before or after a convex vertical corner. Order 1
  /// multiplied the CPU per cell by about 4.8 on the benchmark campus before the visibility
  /// culling (bench/RESULTS.md); order 2 enumerates every wall pair for every corner (without
  /// the culling), hence the default 1.
  int reflection_diffraction_order = 1;
  Combine combine = Combine::Power;
  bool vertical_polarization = true;  ///< false: horizontal
  std::size_t ground_material = 13;   ///< index into p2040::materials() (13: medium_dry_ground)
  /// Reflected and corner-diffracted paths are searched within the ellipse whose plan path
  /// length is at most the plan distance + this (m, > 0).
  double max_path_excess_m = 300.0;
  /// Visibility culling for links that share an end (see "Acceleration" above): the same rays,
  /// bit for bit, found faster. false: the plain enumeration of every wall and corner in the
  /// search box (kept to test the culling against).
  bool visibility_culling = true;
  /// Links inside a building and the indoor ends of links leaving one (ray_indoor.h).
  IndoorOptions indoor;
  /// The terrain between the ends, when trace() is given a terrain that is not flat (see
  /// "Terrain under the rays" above). false: the ground is flat locally at each end, as over a
  /// flat terrain.
  bool terrain = true;
};

/// One end of a link: plan position (study CRS, m), ground elevation and antenna height
/// above it (m).
struct End {
  double x_m = 0, y_m = 0;
  double z_ground_m = 0;
  double h_m = 0;
};

struct Result {
  double loss_dB = 0;  ///< basic transmission loss (dB)
  Dominant dominant = Dominant::None;
  int rays = 0;  ///< number of rays combined
};

/// Relative power floor (10^-30, i.e. at most 300 dB beyond free space) when no ray is found.
inline constexpr double kPowerFloor = 1e-30;

/// Basic transmission loss between `tx` and `rx` (dB), P.525-4 free-space loss over the 3-D
/// distance minus 10 log10 of the combined relative power of the rays (each ray's amplitude
/// relative to the free-space field at that distance), plus the indoor leg's excess over free
/// space (indoor_leg_excess_dB) of each end inside a building the other end is not in; with both
/// ends inside one building whose indoor scenario is not free space, the TR 38.901 indoor path loss
/// instead (Result::rays 0, dominant Direct when the LoS probability is at least 0.5, else
/// Transmitted).
/// @param index   the scene (may be empty)
/// @param freq_Hz frequency (Hz, > 0)
/// @param d_m     plan distance used for spreading (m, > 0; the engine raises very short links)
/// Thread-safe; uses thread-local scratch (no allocation once warm) and a thread-local view of
/// an end shared by consecutive links (see "Acceleration"; the result does not depend on it).
/// @param terrain the terrain under the rays (null, or a flat grid: the ground is flat locally at
///                each end, bit for bit the model without terrain); the ends' z_ground_m should
///                be its elevation there, and the buildings' base_z_m stand on it
/// Throws std::bad_alloc when the scratch cannot grow (the engine's failure policy,
/// propagation/engine/area.h).
Result trace(const BuildingIndex& index, const Options& opt, double freq_Hz, double d_m,
             const End& tx, const End& rx, const TerrainGrid* terrain = nullptr);

/// Deygout knife-edge loss (dB) of edges at plan distances d_m[i] (ascending, strictly inside
/// (0, D_m)) with heights z_m[i], between a transmitter at height z_t_m (distance 0) and a
/// receiver at z_r_m (distance D_m): main edge plus one edge on each side, each J(nu) of
/// P.526-15 eq. (31), nu of eq. (26) over plan distances (flat earth). n <= 0 gives 0.
/// @param lambda_m wavelength (m, > 0)
double deygout_loss_dB(const double* d_m, const double* z_m, int n, double z_t_m, double z_r_m,
                       double D_m, double lambda_m) noexcept;

}  // namespace akichi::prop::ray

// The area engine: path loss (and transmit-antenna gain) from one transmitter to the centre of
// every cell of the study grid, at every receiver height, in parallel with TBB.
//
// With the exact engine (the default and the reference), every cell's link is built by
// make_link(), the same function the point-to-point API uses, so an area result equals the point
// result for the same link bit for bit. The radial engine (AreaEngine::Radial) shares terrain
// profiles along radials from the transmitter among the cells between them instead
// (make_radial_link()).
// Either way cells are independent and every output element is written by exactly one task, so
// the result does not depend on the number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/path_loss_model.h"
#include "propagation/geo/grid.h"
#include "propagation/terrain/profile.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop {

/// Horizontal distances shorter than this are raised to it before a model sees them (a
/// receiver in the transmitter's own cell), so that every model gets d > 0.
inline constexpr double kMinLinkDistance_m = 1.0;

/// A transmitter as the engine sees it.
struct Transmitter {
  double x_m = 0, y_m = 0;  ///< position in the study CRS
  double h_m = 0;           ///< antenna height above ground
  double freq_Hz = 0;
};

/// How the area engine gets each cell's terrain profile ([propagation] engine, docs/methods.md,
/// "The radial engine").
enum class AreaEngine {
  Exact,   ///< one profile per cell, from the transmitter to the cell centre (the reference)
  Radial,  ///< profiles shared by the cells along radials from the transmitter
};

/// Everything the engine needs besides the transmitter; all references must outlive the call.
struct AreaContext {
  /// Takes the measure of length of `model`'s links from `terrain`: the terrain's given one, or
  /// the one the model's registry entry prescribes (distance_for()).
  AreaContext(const StudyGrid& grid, const TerrainGrid& terrain, const PathLossModel& model,
              double profile_step_m, AreaEngine engine = AreaEngine::Exact);

  const StudyGrid& grid;
  const TerrainGrid& terrain;
  const PathLossModel& model;
  double profile_step_m;  ///< terrain profile sample spacing (> 0)
  /// How the links' lengths are measured (null: the plane), chosen once for every link.
  const PathDistance* distance;
  /// How compute_area() and compute_coupling() build the cells' profiles. Models that read no
  /// terrain profile (uses_profile() false) are computed exactly whatever this says: their
  /// links are the same either way.
  AreaEngine engine;
};

/// Fills `link` (and `profile` when the model uses one) for the link transmitter -> receiver
/// at (x_m, y_m), h_rx_m above ground. `profile` is scratch space reused between calls.
void make_link(const Transmitter& tx, double x_m, double y_m, double h_rx_m, const AreaContext& ctx,
               Profile& profile, LinkInput& link);

/// The radials of the radial engine from one transmitter over the study grid: `count` radials
/// equally spaced in angle (radial k at angle 2 pi k / count, counterclockwise from the +x
/// axis), so many that the arc between two neighbours at the farthest cell centre is at most
/// half a cell, sampled at step_m, a quarter of the profile step (kRadialRefine), in the study
/// plane. Sector k lies between radials k and k + 1 (mod count).
struct RadialFan {
  int count = 0;  ///< a multiple of 8 (the axes and the diagonals are radials), >= 8
  double step_m = 0;
  /// The sector of the direction (dx_m, dy_m) from the transmitter, in [0, count), and in `t`
  /// the direction's place between the sector's two radials, in [0, 1).
  int sector(double dx_m, double dy_m, double& t) const noexcept;
  double angle_rad(int k) const noexcept;
  /// The number of samples (at step_m, from the transmitter) a radial needs for the cells up
  /// to plane distance rho_m.
  int samples_for(double rho_m) const noexcept;
};
/// Radial samples per profile step.
inline constexpr int kRadialRefine = 4;
RadialFan radial_fan(const Transmitter& tx, const AreaContext& ctx);

/// The radial engine's link to the cell centre (x_m, y_m) at plane distance rho_m from the
/// transmitter, h_rx_m above ground, from the profiles `a` and `b` of the two radials of its
/// sector (extract_profile() from the transmitter at step fan.step_m in the plane, at least
/// fan.samples_for(rho_m) samples each) and the cell's place t between them
/// (RadialFan::sector()). The profile has the exact engine's samples: n =
/// profile_sample_count(L, ctx.profile_step_m), sample k at distance k L / (n - 1), where L is
/// the link's length by ctx.distance, and at plane distance u = k rho / (n - 1) on the straight
/// line to the cell; its elevation is interpolated linearly along the radials between their
/// samples around u, then linearly in angle between the two radials; the last sample is the
/// cell centre itself. Everything else as make_link(). Requires n >= 3 and L >= the least link
/// distance (the engine takes make_link() below). `profile` is the caller's scratch.
void make_radial_link(const Transmitter& tx, double x_m, double y_m, double rho_m, double h_rx_m,
                      const AreaContext& ctx, const RadialFan& fan, const Profile& a,
                      const Profile& b, double t, Profile& profile, LinkInput& link);

/// Transmit-antenna direction towards a receiver: bearing clockwise from grid north and
/// elevation above the horizontal at the transmitter, both in degrees, from a built link.
struct Direction {
  double bearing_deg;
  double elevation_deg;
};
Direction direction_of(const Transmitter& tx, double x_m, double y_m, const LinkInput& link);

/// The failure policy of the models (docs/methods.md, "Failures inside the models"), for a
/// catch block around the evaluation of the link tx -> (x_m, y_m), h_rx_m above ground, with
/// `model`: akichi's own errors (Error) are rethrown unchanged, any other exception
/// (std::bad_alloc from a model growing its scratch, ...) becomes ComputeError naming the
/// model and the link. Nothing may catch a model's exception and go on with another answer.
[[noreturn]] void rethrow_link_failure(const PathLossModel& model, const Transmitter& tx,
                                       double x_m, double y_m, double h_rx_m);

/// Point-to-point: basic transmission loss (dB) of one link, exactly as the area engine
/// computes it for a cell centre at (x_m, y_m). Throws ComputeError when the model fails.
double point_loss_dB(const Transmitter& tx, double x_m, double y_m, double h_rx_m,
                     const AreaContext& ctx);

/// Coupling of one built link tx -> (x_m, y_m), G(direction) - L as float32, exactly as
/// compute_coupling() stores it for a cell (both call this). `dir` receives the direction.
float link_coupling_dB(const Transmitter& tx, const Antenna& antenna, double x_m, double y_m,
                       const LinkInput& link, const PathLossModel& model, Direction& dir);

/// Point-to-point: the coupling of one link, exactly as compute_coupling() computes it for a
/// cell centre at (x_m, y_m), and (in `dir`) the transmitter antenna's direction towards it.
/// `profile` and `link` are the caller's scratch. Throws ComputeError when the model fails.
float point_coupling_dB(const Transmitter& tx, const Antenna& antenna, double x_m, double y_m,
                        double h_rx_m, const AreaContext& ctx, Profile& profile, LinkInput& link,
                        Direction& dir);

/// Output of compute_area() for one transmitter: arrays [height][iy][ix] of grid.heights_m.size()
/// * grid.ny * grid.nx elements.
struct AreaOutput {
  std::span<float> loss_dB;      ///< basic transmission loss
  std::span<float> tx_gain_dBi;  ///< transmit-antenna gain towards the cell (empty: not wanted)
  /// Dominant propagation mechanism per cell, a Mechanism value (empty: not wanted). When
  /// given, the loss comes from PathLossModel::loss_and_mechanism_dB() (the same value).
  std::span<std::uint8_t> mechanism = {};
};

/// Called from worker threads after each finished row with the number of rows finished in
/// that call (the row at every height); the callee must be thread-safe. May be empty.
using RowProgress = std::function<void(std::size_t rows)>;

/// Evaluates every (height, row, column) of the grid for one transmitter.
/// `antenna` may be null when out.tx_gain_dBi is empty. When the model fails on a cell, the
/// other tasks are cancelled and ComputeError (rethrow_link_failure) is thrown here; the
/// outputs are then incomplete.
void compute_area(const Transmitter& tx, const Antenna* antenna, const AreaContext& ctx,
                  const AreaOutput& out, const RowProgress& progress = {});

/// Coupling gain of one station with every cell, [height][iy][ix]: the station antenna's gain
/// towards the cell minus the basic transmission loss, G(direction) - L in dB, as float32 (the
/// same value as tx_gain_dBi - loss_dB from compute_area()). By reciprocity it serves both
/// directions: a cell's transmitter into the station's receiver, and the station's transmitter
/// into a cell. One tensor per station instead of two. Fails as compute_area() does.
void compute_coupling(const Transmitter& tx, const Antenna& antenna, const AreaContext& ctx,
                      std::span<float> coupling_dB, const RowProgress& progress = {});

}  // namespace akichi::prop

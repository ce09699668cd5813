#include "propagation/engine/area.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <new>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "base/errors.h"
#include "propagation/engine/model_registry.h"

namespace akichi::prop {

AreaContext::AreaContext(const StudyGrid& grid_, const TerrainGrid& terrain_,
                         const PathLossModel& model_, double profile_step_m_, AreaEngine engine_)
    : grid(grid_),
      terrain(terrain_),
      model(model_),
      profile_step_m(profile_step_m_),
      distance(terrain_.distance(distance_for(model_.name(), terrain_.given_distance()))),
      engine(engine_) {}

namespace {

/// The link's ends and length (`d_path_m`, raised to kMinLinkDistance_m) and the land cover,
/// the same for the exact and the radial engine.
void set_link_ends(const Transmitter& tx, double x_m, double y_m, double h_rx_m, double d_path_m,
                   const AreaContext& ctx, LinkInput& link) {
  link.d_m = std::max(d_path_m, kMinLinkDistance_m);
  link.h_tx_m = tx.h_m;
  link.h_rx_m = h_rx_m;
  link.x_tx_m = tx.x_m;
  link.y_tx_m = tx.y_m;
  link.x_rx_m = x_m;
  link.y_rx_m = y_m;
  link.land_cover = ctx.terrain.land_cover();
  link.terrain = &ctx.terrain;
}

}  // namespace

void make_link(const Transmitter& tx, double x_m, double y_m, double h_rx_m, const AreaContext& ctx,
               Profile& profile, LinkInput& link) {
  link.freq_Hz = tx.freq_Hz;
  // The model's measure of length (the one its source prescribes unless [terrain] distance says
  // otherwise), the same the profile's samples are placed by.
  const double d_path_m = TerrainGrid::path_length_m(ctx.distance, tx.x_m, tx.y_m, x_m, y_m);
  set_link_ends(tx, x_m, y_m, h_rx_m, d_path_m, ctx, link);
  if (ctx.model.uses_profile()) {
    extract_profile(ctx.terrain, tx.x_m, tx.y_m, x_m, y_m, ctx.profile_step_m, profile,
                    ctx.distance);
    const int n = profile.size();
    if (d_path_m < kMinLinkDistance_m) {
      // Receiver in the transmitter's own cell: spread the samples over the raised distance.
      for (int i = 0; i < n; ++i) profile.d_m[i] = link.d_m * i / (n - 1);
    }
    profile.d_m[n - 1] = link.d_m;  // the model sees exactly the link distance at the end
    link.profile_d_m = profile.d_m.data();
    link.profile_z_m = profile.z_m.data();
    link.profile_n = profile.size();
    link.z_tx_m = profile.z_m[0];
    link.z_rx_m = profile.z_m[profile.size() - 1];
    // Per-point clutter heights, at the samples' places on the straight line (as
    // extract_profile() places them), for a model that takes them.
    const LandCover* land_cover = ctx.terrain.land_cover();
    if (land_cover != nullptr && ctx.model.uses_clutter_heights()) {
      if (profile.clutter_m.size() < static_cast<std::size_t>(n)) profile.clutter_m.resize(n);
      land_cover->fill_profile_heights(tx.x_m, tx.y_m, x_m, y_m, n, profile.clutter_m.data());
      link.clutter_m = profile.clutter_m.data();
    } else {
      link.clutter_m = nullptr;
    }
  } else {
    link.profile_d_m = nullptr;
    link.profile_z_m = nullptr;
    link.profile_n = 0;
    link.clutter_m = nullptr;
    link.z_tx_m = ctx.terrain.elevation_m(tx.x_m, tx.y_m);
    link.z_rx_m = ctx.terrain.elevation_m(x_m, y_m);
  }
}

// ---------------------------------------------------------------------------------------------
// The radial engine (docs/methods.md, "The radial engine")

int RadialFan::sector(double dx_m, double dy_m, double& t) const noexcept {
  double u = std::atan2(dy_m, dx_m) * (count / (2.0 * std::numbers::pi));  // [-count/2, count/2]
  if (u < 0) u += count;
  const double k = std::floor(u);
  if (!(k < count)) {  // u rounded up to count: the +x axis
    t = 0;
    return 0;
  }
  t = u - k;
  return static_cast<int>(k);
}

double RadialFan::angle_rad(int k) const noexcept {
  return 2.0 * std::numbers::pi * k / count;
}

RadialFan radial_fan(const Transmitter& tx, const AreaContext& ctx) {
  const StudyGrid& g = ctx.grid;
  // The farthest cell centre is at a corner of the grid of centres.
  double rho_max = 0;
  for (const double x : {g.x(0), g.x(g.nx - 1)}) {
    for (const double y : {g.y(0), g.y(g.ny - 1)}) {
      rho_max = std::max(rho_max, std::hypot(x - tx.x_m, y - tx.y_m));
    }
  }
  // Arc between neighbouring radials at rho_max <= half a cell.
  const double n = std::ceil(2.0 * std::numbers::pi * rho_max / (0.5 * g.cell_m));
  constexpr double kMaxRadials = 1 << 28;
  const int count = static_cast<int>(std::clamp(n, 8.0, kMaxRadials));
  return RadialFan{(count + 7) / 8 * 8, ctx.profile_step_m / kRadialRefine};
}

int RadialFan::samples_for(double rho_m) const noexcept {
  return profile_sample_count(rho_m, step_m) + 1;
}

void make_radial_link(const Transmitter& tx, double x_m, double y_m, double rho_m, double h_rx_m,
                      const AreaContext& ctx, const RadialFan& fan, const Profile& a,
                      const Profile& b, double t, Profile& profile, LinkInput& link) {
  const double length_m = TerrainGrid::path_length_m(ctx.distance, tx.x_m, tx.y_m, x_m, y_m);
  const int n = profile_sample_count(length_m, ctx.profile_step_m);
  link.freq_Hz = tx.freq_Hz;
  set_link_ends(tx, x_m, y_m, h_rx_m, length_m, ctx, link);
  if (profile.d_m.size() < static_cast<std::size_t>(n)) profile.d_m.resize(n);
  if (profile.z_m.size() < static_cast<std::size_t>(n)) profile.z_m.resize(n);
  // The exact engine's samples (extract_profile(): k L / (n - 1)), at plane distances
  // k rho / (n - 1) on the straight line to the cell, in units of the radials' step.
  const int last = n - 1;
  const double dd = length_m / last;
  const double du = rho_m / (last * fan.step_m);
  const double* za = a.z_m.data();
  const double* zb = b.z_m.data();
  const int top = std::min(a.size(), b.size()) - 2;
  double kk = 0;
  for (int k = 0; k < last; ++k, kk += 1.0) {
    const double u = kk * du;
    const int i = std::min(static_cast<int>(u), top);
    const double w = u - i;
    const double z_a = za[i] + w * (za[i + 1] - za[i]);
    const double z_b = zb[i] + w * (zb[i + 1] - zb[i]);
    profile.d_m[k] = kk * dd;
    profile.z_m[k] = z_a + t * (z_b - z_a);
  }
  // The cell centre, as extract_profile() samples a profile's second end.
  const TerrainGrid& terrain = ctx.terrain;
  profile.d_m[last] = link.d_m;
  profile.z_m[last] = terrain.elevation_m(x_m, y_m);
  profile.n = n;
  link.profile_d_m = profile.d_m.data();
  link.profile_z_m = profile.z_m.data();
  link.profile_n = n;
  link.z_tx_m = profile.z_m[0];
  link.z_rx_m = profile.z_m[last];
  const LandCover* land_cover = ctx.terrain.land_cover();
  if (land_cover != nullptr && ctx.model.uses_clutter_heights()) {
    // The clutter heights at the exact engine's places (on the straight line to the cell).
    if (profile.clutter_m.size() < static_cast<std::size_t>(n)) profile.clutter_m.resize(n);
    land_cover->fill_profile_heights(tx.x_m, tx.y_m, x_m, y_m, n, profile.clutter_m.data());
    link.clutter_m = profile.clutter_m.data();
  } else {
    link.clutter_m = nullptr;
  }
}

Direction direction_of(const Transmitter& tx, double x_m, double y_m, const LinkInput& link) {
  constexpr double kDeg = 180.0 / std::numbers::pi;
  double bearing = std::atan2(x_m - tx.x_m, y_m - tx.y_m) * kDeg;
  if (bearing < 0) bearing += 360.0;
  const double dz = (link.z_rx_m + link.h_rx_m) - (link.z_tx_m + link.h_tx_m);
  return {bearing, std::atan2(dz, link.d_m) * kDeg};
}

// The failure policy (docs/methods.md, "Failures inside the models"). A model that cannot
// compute a link (in practice: it cannot grow its per-thread scratch) throws; no model catches
// and answers otherwise (no NaN, no simplified geometry), and a model that allocates is not
// noexcept. The engine catches around each task's links, here alone, and names the model and
// the link; TBB cancels the other tasks and rethrows the first exception to the caller of
// parallel_for, and it reaches the command line as a runtime failure (exit status 1).
void rethrow_link_failure(const PathLossModel& model, const Transmitter& tx, double x_m, double y_m,
                          double h_rx_m) {
  const auto link = [&] {
    return fmt::format(
        "the link from the transmitter at x = {:.1f} m, y = {:.1f} m, h = {} m ({} MHz) to the "
        "receiver at x = {:.1f} m, y = {:.1f} m, h = {} m",
        tx.x_m, tx.y_m, tx.h_m, tx.freq_Hz * 1e-6, x_m, y_m, h_rx_m);
  };
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw ComputeError(std::string(model.name()), link(), "out of memory");
  } catch (const std::exception& e) {
    throw ComputeError(std::string(model.name()), link(), e.what());
  }
}

double point_loss_dB(const Transmitter& tx, double x_m, double y_m, double h_rx_m,
                     const AreaContext& ctx) {
  try {
    Profile profile;
    LinkInput link;
    make_link(tx, x_m, y_m, h_rx_m, ctx, profile, link);
    return ctx.model.loss_dB(link);
  } catch (...) {
    rethrow_link_failure(ctx.model, tx, x_m, y_m, h_rx_m);
  }
}

float link_coupling_dB(const Transmitter& tx, const Antenna& antenna, double x_m, double y_m,
                       const LinkInput& link, const PathLossModel& model, Direction& dir) {
  dir = direction_of(tx, x_m, y_m, link);
  // The same operations, in the same order, as gain - loss from compute_area's
  // two float tensors would give after widening, so both routes agree bit for bit.
  const float loss = static_cast<float>(model.loss_dB(link));
  const float gain = static_cast<float>(antenna.gain_dBi(dir.bearing_deg, dir.elevation_deg));
  return gain - loss;
}

float point_coupling_dB(const Transmitter& tx, const Antenna& antenna, double x_m, double y_m,
                        double h_rx_m, const AreaContext& ctx, Profile& profile, LinkInput& link,
                        Direction& dir) {
  try {
    make_link(tx, x_m, y_m, h_rx_m, ctx, profile, link);
    return link_coupling_dB(tx, antenna, x_m, y_m, link, ctx.model, dir);
  } catch (...) {
    rethrow_link_failure(ctx.model, tx, x_m, y_m, h_rx_m);
  }
}

namespace {

/// The parallel loop shared by compute_area() and compute_coupling(): `cell(link, x, y, index)`
/// is called once per (height, row, column) with the built link. Tasks are blocks of rows; each
/// owns its profile buffer and writes disjoint cells. A cell's profile does not depend on the
/// receiver's height, so it is extracted once and the link is evaluated at every height in turn
/// (the same links, bit for bit, as one extraction per height). A failure on a cell ends the
/// loop with ComputeError for that cell (rethrow_link_failure).
template <class CellFn>
void for_each_cell_exact(const Transmitter& tx, const AreaContext& ctx, const RowProgress& progress,
                         const CellFn& cell) {
  const StudyGrid& g = ctx.grid;
  const std::size_t nh = g.heights_m.size();
  if (nh == 0) return;
  const std::size_t plane = g.cells();
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, static_cast<std::size_t>(g.ny), 4),
      [&](const tbb::blocked_range<std::size_t>& r) {
        Profile profile;
        LinkInput link;
        double x = 0, y = 0, h_rx = 0;  // the cell being computed, for the failure message
        try {
          for (std::size_t iy = r.begin(); iy != r.end(); ++iy) {
            y = g.y(static_cast<int>(iy));
            const std::size_t row = iy * static_cast<std::size_t>(g.nx);
            for (int ix = 0; ix < g.nx; ++ix) {
              x = g.x(ix);
              h_rx = g.heights_m[0];
              make_link(tx, x, y, h_rx, ctx, profile, link);
              cell(link, x, y, row + static_cast<std::size_t>(ix));
              for (std::size_t ih = 1; ih < nh; ++ih) {
                h_rx = g.heights_m[ih];
                link.h_rx_m = h_rx;  // the only input of the link that depends on the height
                cell(link, x, y, ih * plane + row + static_cast<std::size_t>(ix));
              }
            }
            if (progress) progress(nh);
          }
        } catch (...) {
          rethrow_link_failure(ctx.model, tx, x, y, h_rx);
        }
      });
}

/// The radial engine's loop: each cell is assigned to the sector of the fan it lies in
/// (RadialFan); tasks are blocks of sectors, each extracting its sectors' two radials once, as
/// far as its farthest cell, and building every cell's link from them (make_radial_link()).
/// Every cell belongs to exactly one sector, so every output element is written once, whatever
/// the number of threads. Progress is reported in rows' worth of finished cells.
template <class CellFn>
void for_each_cell_radial(const Transmitter& tx, const AreaContext& ctx,
                          const RowProgress& progress, const CellFn& cell) {
  const StudyGrid& g = ctx.grid;
  const std::size_t nh = g.heights_m.size();
  const std::size_t plane = g.cells();
  const RadialFan fan = radial_fan(tx, ctx);
  const auto nx = static_cast<std::size_t>(g.nx);

  // Each cell's sector, then the cells grouped by sector (a counting sort, in cell order).
  std::vector<std::uint32_t> sector_of(plane);
  tbb::parallel_for(tbb::blocked_range<int>(0, g.ny, 8), [&](const tbb::blocked_range<int>& r) {
    for (int iy = r.begin(); iy != r.end(); ++iy) {
      const double dy = g.y(iy) - tx.y_m;
      for (int ix = 0; ix < g.nx; ++ix) {
        double t = 0;
        sector_of[iy * nx + ix] = static_cast<std::uint32_t>(fan.sector(g.x(ix) - tx.x_m, dy, t));
      }
    }
  });
  std::vector<std::size_t> first(static_cast<std::size_t>(fan.count) + 1, 0);
  for (const std::uint32_t k : sector_of) ++first[k + 1];
  for (std::size_t k = 0; k < static_cast<std::size_t>(fan.count); ++k) first[k + 1] += first[k];
  std::vector<std::uint32_t> order(plane);
  {
    std::vector<std::size_t> next(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < plane; ++i)
      order[next[sector_of[i]]++] = static_cast<std::uint32_t>(i);
  }

  // Each sector's farthest cell, in radial samples; radial k serves sectors k - 1 and k and is
  // extracted as far as the farther needs it, the same profile whichever task extracts it.
  const auto sectors = static_cast<std::size_t>(fan.count);
  std::vector<int> need(sectors, 2);
  for (std::size_t i = 0; i < plane; ++i) {
    const double rho =
        std::hypot(g.x(static_cast<int>(i % nx)) - tx.x_m, g.y(static_cast<int>(i / nx)) - tx.y_m);
    need[sector_of[i]] = std::max(need[sector_of[i]], fan.samples_for(rho));
  }
  const auto extract_radial = [&](int k, Profile& radial) {
    const auto j = static_cast<std::size_t>(k) % sectors;
    const int samples = std::max(need[j], need[(j + sectors - 1) % sectors]);
    const double length = (samples - 1) * fan.step_m;
    const double angle = fan.angle_rad(k);
    extract_profile(ctx.terrain, tx.x_m, tx.y_m, tx.x_m + length * std::cos(angle),
                    tx.y_m + length * std::sin(angle), fan.step_m, radial);
  };

  std::atomic<std::size_t> cells_done{0};
  tbb::parallel_for(
      tbb::blocked_range<int>(0, fan.count, 4), [&](const tbb::blocked_range<int>& r) {
        Profile radial_a, radial_b, profile;
        LinkInput link;
        double x = 0, y = 0, h_rx = 0;  // the cell being computed, for the failure message
        std::size_t finished = 0;
        try {
          int have_b = -1;  // the radial in radial_b
          for (int k = r.begin(); k != r.end(); ++k) {
            const std::size_t begin = first[static_cast<std::size_t>(k)];
            const std::size_t end = first[static_cast<std::size_t>(k) + 1];
            if (begin == end) continue;
            // The sector's two radials: the previous sector's second one is its first.
            if (have_b == k) {
              std::swap(radial_a, radial_b);
            } else {
              extract_radial(k, radial_a);
            }
            extract_radial(k + 1, radial_b);
            have_b = k + 1;
            for (std::size_t c = begin; c < end; ++c) {
              const std::size_t i = order[c];
              x = g.x(static_cast<int>(i % nx));
              y = g.y(static_cast<int>(i / nx));
              const double rho = std::hypot(x - tx.x_m, y - tx.y_m);
              double t = 0;
              fan.sector(x - tx.x_m, y - tx.y_m, t);
              // Within a step of the transmitter (or nearer than the least link distance) the
              // cell's own profile: it is short (two samples).
              const double length_m =
                  TerrainGrid::path_length_m(ctx.distance, tx.x_m, tx.y_m, x, y);
              const bool own = length_m < kMinLinkDistance_m ||
                               profile_sample_count(length_m, ctx.profile_step_m) < 3;
              for (std::size_t ih = 0; ih < nh; ++ih) {
                h_rx = g.heights_m[ih];
                if (own) {
                  make_link(tx, x, y, h_rx, ctx, profile, link);
                } else if (ih == 0) {
                  make_radial_link(tx, x, y, rho, h_rx, ctx, fan, radial_a, radial_b, t, profile,
                                   link);
                } else {
                  link.h_rx_m = h_rx;  // the same profile at every height
                }
                cell(link, x, y, ih * plane + i);
              }
            }
            finished += (end - begin) * nh;
          }
        } catch (...) {
          rethrow_link_failure(ctx.model, tx, x, y, h_rx);
        }
        if (progress) {
          const std::size_t before = cells_done.fetch_add(finished);
          const std::size_t rows = (before + finished) / nx - before / nx;
          if (rows > 0) progress(rows);
        }
      });
}

template <class CellFn>
void for_each_cell(const Transmitter& tx, const AreaContext& ctx, const RowProgress& progress,
                   const CellFn& cell) {
  if (ctx.engine == AreaEngine::Radial && ctx.model.uses_profile()) {
    for_each_cell_radial(tx, ctx, progress, cell);
  } else {
    for_each_cell_exact(tx, ctx, progress, cell);
  }
}

}  // namespace

void compute_area(const Transmitter& tx, const Antenna* antenna, const AreaContext& ctx,
                  const AreaOutput& out, const RowProgress& progress) {
  const std::size_t n = ctx.grid.heights_m.size() * ctx.grid.cells();
  if (out.loss_dB.size() != n) {
    throw std::invalid_argument("compute_area: loss buffer has the wrong size");
  }
  const bool want_gain = !out.tx_gain_dBi.empty();
  if (want_gain && (out.tx_gain_dBi.size() != n || antenna == nullptr)) {
    throw std::invalid_argument("compute_area: gain buffer or antenna missing");
  }
  const bool want_mechanism = !out.mechanism.empty();
  if (want_mechanism && out.mechanism.size() != n) {
    throw std::invalid_argument("compute_area: mechanism buffer has the wrong size");
  }
  for_each_cell(tx, ctx, progress, [&](const LinkInput& link, double x, double y, std::size_t i) {
    if (want_mechanism) {
      Mechanism m = Mechanism::None;
      out.loss_dB[i] = static_cast<float>(ctx.model.loss_and_mechanism_dB(link, m));
      out.mechanism[i] = static_cast<std::uint8_t>(m);
    } else {
      out.loss_dB[i] = static_cast<float>(ctx.model.loss_dB(link));
    }
    if (want_gain) {
      const Direction dir = direction_of(tx, x, y, link);
      out.tx_gain_dBi[i] =
          static_cast<float>(antenna->gain_dBi(dir.bearing_deg, dir.elevation_deg));
    }
  });
}

void compute_coupling(const Transmitter& tx, const Antenna& antenna, const AreaContext& ctx,
                      std::span<float> coupling_dB, const RowProgress& progress) {
  if (coupling_dB.size() != ctx.grid.heights_m.size() * ctx.grid.cells()) {
    throw std::invalid_argument("compute_coupling: buffer has the wrong size");
  }
  for_each_cell(tx, ctx, progress, [&](const LinkInput& link, double x, double y, std::size_t i) {
    Direction dir{};
    coupling_dB[i] = link_coupling_dB(tx, antenna, x, y, link, ctx.model, dir);
  });
}

}  // namespace akichi::prop

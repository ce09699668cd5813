// The whole coverage study of a scenario: terrain, antennas, the engine over every station,
// and the coverage reduction. The command line writes what this returns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/limits.h"
#include "propagation/antenna/antenna.h"
#include "propagation/terrain/terrain.h"
#include "sim/analysis/coverage.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/scratch_tensor.h"
#include "sim/analysis/study_buildings.h"
#include "sim/analysis/tensor_source.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

struct CoverageRun {
  prop::TerrainGrid terrain;
  bool terrain_from_raster = false;
  prop::RasterTerrainReport terrain_report;
  std::vector<std::string> antenna_descriptions;  ///< [station]
  std::vector<double> antenna_max_gain_dBi;       ///< [station]
  std::vector<double> eirp_dBm;                   ///< [station], resolved from tx power if needed
  /// The study's buildings, map and resolved station indoor flags; null without [buildings].
  std::shared_ptr<const StudyBuildings> buildings;
  std::string model_description;
  double profile_step_m = 0;
  std::vector<float> loss_dB;  ///< [station][height][y][x]; empty in a streamed run
  /// A streamed run's station tensors [station][height][y][x], path loss and received power,
  /// in scratch files instead of loss_dB and coverage.rx_power_dBm (null otherwise).
  std::shared_ptr<const ScratchTensor> loss_scratch, rx_power_scratch;
  /// Dominant propagation mechanism (prop::Mechanism) of each link, [station][height][y][x];
  /// empty unless the model reports mechanisms (ray-2.5d).
  std::vector<std::uint8_t> mechanism;
  CoverageResult coverage;
  std::vector<std::pair<std::string, double>> stage_seconds;  ///< wall time per stage
};

/// The node lattice terrain is loaded on: the study extent (which contains every station)
/// plus one node of margin, at terrain.step_m (default: a raster's own posts, the cell size for
/// flat and synthetic terrain).
prop::TerrainLattice terrain_lattice(const Scenario& scenario);

/// Whether the run's profiles interpolate the DEM's own posts (prop::load_source_posts()): a
/// raster in another geometry than the study CRS's lattice, without terrain.step_m, resampled
/// bilinearly (docs/methods.md, "Profiles on the DEM's own posts"). Posts without data under the
/// study area still fall back to the lattice when the run reads them.
bool profiles_on_source_posts(const Scenario& scenario);

/// The number of DEM posts such a run reads: those under the lattice's extent and one of margin
/// on each side, from the DEM's post spacing at the study area's centre (0 when it reads none).
std::uint64_t source_posts_estimate(const Scenario& scenario);

/// The profile spacing used: propagation.profile_step_m, or the smaller of the cell size and
/// the terrain node spacing.
double effective_profile_step_m(const Scenario& scenario);

/// Number of path-loss evaluations a run needs (stations x heights x cells).
std::size_t path_loss_evaluations(const Scenario& scenario);

/// The size of the path-loss tensor from which `akichi run` streams its station tensors to
/// scratch files (run_coverage's scratch_dir); smaller ones are held in memory, where they are
/// small beside the libraries' own.
inline constexpr std::size_t kStreamedTensorBytes = std::size_t{32} << 20;

/// Whether `akichi run` of the scenario streams its station tensors: its path-loss tensor
/// reaches kStreamedTensorBytes (on one process or many: under MPI the ranks send their
/// stations to rank 0, which writes them to its scratch files).
inline bool streams_station_tensors(const Scenario& scenario) {
  // Overflow-checked: a tensor beyond 64 bits of bytes is large.
  const CheckedSize bytes =
      checked_product({scenario.stations.planned().size(), scenario.grid.heights_m.size(),
                       scenario.grid.cells(), sizeof(float)});
  return !bytes || *bytes >= kStreamedTensorBytes;
}

/// Loads the terrain described by the scenario, carrying its land cover ([land_cover]) when it
/// has one.
prop::TerrainGrid load_terrain(const Scenario& scenario, prop::RasterTerrainReport* report);

/// Runs the study. The station tensors come from `source` (nullptr: computed here, by a
/// LocalTensorSource). With `scratch_dir` the run is streamed: the source is asked for one
/// station at a time, and its path loss and received power go to scratch files in that folder
/// (CoverageRun::loss_scratch, rx_power_scratch) as soon as they are computed, so that the run
/// holds one station's tensors rather than all (docs/methods.md, "Memory of a run"); the
/// results are the same bits. A streamed run whose source does not deliver here (TensorSource::
/// delivers(): the ranks > 0 of an MPI run) returns without the tensors and without the
/// coverage layers, which the ranks then share from rank 0 (par::share_coverage()). Throws
/// InputError for input problems found only now (raster contents, pattern files), RuntimeError
/// otherwise.
CoverageRun run_coverage(const Scenario& scenario, Progress& progress,
                         TensorSource* source = nullptr,
                         const std::filesystem::path* scratch_dir = nullptr);

}  // namespace akichi::sim

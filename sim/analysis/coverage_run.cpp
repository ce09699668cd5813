#include "sim/analysis/coverage_run.h"
#include "propagation/engine/model_config.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "propagation/engine/area.h"
#include "propagation/engine/model_registry.h"
#include "sim/analysis/tensor_key.h"

namespace akichi::sim {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

prop::TerrainLattice terrain_lattice(const Scenario& scenario) {
  const double step = scenario.terrain.node_step_m(scenario.grid.cell_m);
  prop::Extent e = scenario.grid.extent();
  for (const Station& st : scenario.stations.planned()) {
    e.xmin_m = std::min(e.xmin_m, st.x_m);
    e.xmax_m = std::max(e.xmax_m, st.x_m);
    e.ymin_m = std::min(e.ymin_m, st.y_m);
    e.ymax_m = std::max(e.ymax_m, st.y_m);
  }
  e.xmin_m -= step;
  e.ymin_m -= step;
  e.xmax_m += step;
  e.ymax_m += step;
  // By default a raster's nodes are its own posts (docs/methods.md, "Terrain nodes").
  const TerrainSpec& t = scenario.terrain;
  if (t.kind == TerrainKind::Raster && t.step_m <= 0 && t.raster_geometry)
    return prop::native_lattice(*t.raster_geometry, e);
  return {e, step};
}

bool profiles_on_source_posts(const Scenario& scenario) {
  const TerrainSpec& t = scenario.terrain;
  return t.kind == TerrainKind::Raster && t.step_m <= 0 && t.raster_geometry &&
         !t.raster_geometry->aligned && t.raster.resampling == "bilinear";
}

std::uint64_t source_posts_estimate(const Scenario& scenario) {
  if (!profiles_on_source_posts(scenario)) return 0;
  const prop::RasterGeometry& g = *scenario.terrain.raster_geometry;
  const prop::Extent e = terrain_lattice(scenario).extent;
  return static_cast<std::uint64_t>(std::ceil(e.width_m() / g.pixel_x_m) + 3) *
         static_cast<std::uint64_t>(std::ceil(e.height_m() / g.pixel_y_m) + 3);
}

double effective_profile_step_m(const Scenario& scenario) {
  if (scenario.profile_step_m > 0) return scenario.profile_step_m;
  return std::min(scenario.grid.cell_m, scenario.terrain.node_step_m(scenario.grid.cell_m));
}

std::size_t path_loss_evaluations(const Scenario& scenario) {
  return scenario.stations.planned().size() * scenario.grid.heights_m.size() *
         scenario.grid.cells();
}

prop::TerrainGrid load_terrain(const Scenario& scenario, prop::RasterTerrainReport* report) {
  const prop::TerrainLattice lattice = terrain_lattice(scenario);
  prop::TerrainGrid grid;
  switch (scenario.terrain.kind) {
    case TerrainKind::Flat:
      grid = prop::make_flat_terrain(lattice, scenario.terrain.flat_elevation_m);
      break;
    case TerrainKind::Synthetic:
      grid = prop::make_synthetic_terrain(lattice, scenario.terrain.synthetic);
      break;
    case TerrainKind::Raster:
      grid = prop::load_raster_terrain(scenario.terrain.raster, scenario.crs, lattice, report);
      // By default profiles interpolate the DEM's own posts (docs/methods.md, "Terrain nodes").
      if (profiles_on_source_posts(scenario)) {
        grid.set_source_posts(
            prop::load_source_posts(scenario.terrain.raster, scenario.crs, lattice.extent, false));
      }
      break;
  }
  // The measures of length the links may ask for: the one [terrain] distance gives, or else
  // every one a model's source prescribes (each link takes its model's: prop::AreaContext).
  const std::optional<prop::DistanceKind> given = scenario.terrain.distance;
  std::vector<std::shared_ptr<const prop::PathDistance>> measures;
  const auto add = [&](prop::DistanceKind kind) {
    if (kind == prop::DistanceKind::Plane) return;
    for (const auto& m : measures)
      if (m->kind() == kind) return;
    measures.push_back(std::make_shared<const prop::PathDistance>(kind, scenario.crs));
  };
  if (given) {
    add(*given);
  } else {
    for (const prop::ModelEntry* entry : prop::registered_models()) add(entry->distance);
  }
  grid.set_distances(given, std::move(measures));
  // The land cover over the terrain's extent, which holds every link of the run: the engine
  // takes the clutter heights of a link's profile points from it (propagation/engine/area.h).
  if (scenario.land_cover.enabled) {
    grid.set_land_cover(std::make_shared<const prop::LandCover>(
        prop::load_land_cover(scenario.land_cover.options, scenario.crs, lattice.extent, nullptr)));
  }
  return grid;
}

namespace {

/// One coverage run, as its stages: the terrain, the buildings, the antennas and model of the
/// planned stations, their path-loss tensors, and the coverage they give; each reported to the
/// progress and timed.
class CoverageRunner {
 public:
  CoverageRunner(const Scenario& scenario, Progress& progress, TensorSource& source,
                 const std::filesystem::path* scratch_dir)
      : scenario_(scenario),
        progress_(progress),
        source_(source),
        scratch_dir_(scratch_dir),
        grid_(scenario.grid),
        ns_(scenario.stations.planned().size()),
        per_station_(grid_.cells() * grid_.heights_m.size()) {}

  CoverageRun run() {
    stage("terrain", 0, [&] { terrain(); });
    if (scenario_.buildings.enabled) stage("buildings", 0, [&] { buildings(); });
    buildings_ = run_.buildings.get();
    model_config_ = with_buildings(scenario_.model, buildings_);
    // The planned layout's links carry its wanted signals: rain (and gases) are added on them
    // (docs/methods.md, "Added losses"); as interferers in the SINR they are not.
    model_config_.added.role = prop::LinkRole::Wanted;
    if (ns_ == 0) {
      terrain_and_premises_only();
      return std::move(run_);
    }
    stage("antennas and model", 0, [&] { antennas_and_model(); });
    const std::size_t rows_per_station =
        grid_.heights_m.size() * static_cast<std::size_t>(grid_.ny);
    stage("path loss", ns_ * rows_per_station, [&] { path_loss(); });
    stage("coverage", 0, [&] { coverage(); });
    return std::move(run_);
  }

 private:
  /// Runs `body` as the progress stage `name` of `total` units, and records its duration.
  template <typename Body>
  void stage(const std::string& name, std::size_t total, Body&& body) {
    const auto t0 = Clock::now();
    progress_.stage(name, total);
    body();
    progress_.done();
    run_.stage_seconds.emplace_back(name, seconds_since(t0));
  }

  void terrain() {
    run_.terrain_from_raster = scenario_.terrain.kind == TerrainKind::Raster;
    run_.terrain = load_terrain(scenario_, &run_.terrain_report);
    if (run_.terrain_from_raster) {
      const auto& rep = run_.terrain_report;
      progress_.note(
          fmt::format("terrain: {} samples, {} without data ({:.2f}%), source CRS {}",
                      rep.total_samples, rep.nodata_samples,
                      rep.total_samples ? 100.0 * rep.nodata_samples / rep.total_samples : 0.0,
                      rep.source_crs_name));
    }
  }

  void buildings() {
    run_.buildings = load_study_buildings(scenario_, run_.terrain);
    const prop::BuildingReadReport& rep = run_.buildings->report;
    progress_.note(fmt::format(
        "buildings: {} from {} features ({} skipped, {} repaired), source "
        "CRS {}",
        rep.buildings, rep.features, rep.skipped.size(), rep.repaired.size(), rep.source_crs_name));
    for (const std::string& why : rep.skipped) progress_.note("skipped: " + why);
  }

  std::string describe_model(const prop::PathLossModel& m) const {
    return buildings_ == nullptr
               ? m.describe()
               : m.describe() + " + " +
                     prop::describe_building_entry(scenario_.buildings.entry_loss);
  }

  /// A sharing study without a planned layout: terrain and premises only.
  void terrain_and_premises_only() {
    run_.coverage.ny = grid_.ny;
    run_.coverage.nx = grid_.nx;
    run_.coverage.n_heights = static_cast<int>(grid_.heights_m.size());
    run_.coverage.has_premises = !scenario_.coverage.premises.empty();
    run_.coverage.premises_mask = rasterize_premises(grid_, scenario_.coverage.premises);
    run_.model_description = describe_model(*prop::make_path_loss_model(model_config_));
    run_.profile_step_m = effective_profile_step_m(scenario_);
  }

  void antennas_and_model() {
    for (const Station& st : scenario_.stations.planned()) {
      antennas_.push_back(prop::make_antenna(st.antenna));
      run_.antenna_descriptions.push_back(antennas_.back()->describe());
      run_.antenna_max_gain_dBi.push_back(antennas_.back()->max_gain_dBi());
      run_.eirp_dBm.push_back(station_eirp_dBm(st, antennas_.back()->max_gain_dBi()));
    }
    model_ = prop::make_path_loss_model(model_config_);
    run_.model_description = describe_model(*model_);
    // One model per station: the building entry loss depends on where the transmitter is.
    for (std::size_t s = 0; s < ns_; ++s) {
      station_models_.push_back(
          with_building_entry(model_, scenario_, buildings_,
                              buildings_ ? planned_tx_end(*buildings_, s)
                                         : prop::TxEnd{prop::TxEnd::Kind::Outdoor, -1}));
    }
    // The same stations as interferers, when their loss differs (rain, wanted-only gases) and
    // some station has another to interfere with.
    const prop::AddedLossesConfig& added = model_config_.added;
    if (ns_ > 1 &&
        (added.rain.enabled || (added.gases.enabled && !added.gases.interference_paths))) {
      prop::ModelConfig interference = model_config_;
      interference.added.role = prop::LinkRole::Interference;
      const std::shared_ptr<const prop::PathLossModel> m = prop::make_path_loss_model(interference);
      for (std::size_t s = 0; s < ns_; ++s) {
        interference_models_.push_back(
            with_building_entry(m, scenario_, buildings_,
                                buildings_ ? planned_tx_end(*buildings_, s)
                                           : prop::TxEnd{prop::TxEnd::Kind::Outdoor, -1}));
      }
    }
    run_.profile_step_m = effective_profile_step_m(scenario_);
  }

  void path_loss() {
    const bool streamed = scratch_dir_ != nullptr;
    // Streamed, the jobs' loss and gain go to one station's buffers, reused station after station.
    const std::size_t held = streamed ? per_station_ : ns_ * per_station_;
    std::vector<float> loss_buffer;
    std::vector<float>& loss = streamed ? loss_buffer : run_.loss_dB;
    loss.resize(held);
    if (model_->reports_mechanism()) run_.mechanism.resize(ns_ * per_station_);
    tx_gain_dBi_.resize(held);
    std::vector<prop::AreaContext> contexts;
    contexts.reserve(2 * ns_);  // the jobs point into it: no reallocation
    for (std::size_t s = 0; s < ns_; ++s)
      contexts.push_back(prop::AreaContext{grid_, run_.terrain, *station_models_[s],
                                           run_.profile_step_m, scenario_.area_engine});
    std::vector<TensorJob> jobs(ns_);
    const std::string context_key = engine_context_key(scenario_);
    for (std::size_t s = 0; s < ns_; ++s) {
      const Station& st = scenario_.stations.planned()[s];
      TensorJob& job = jobs[s];
      job.kind = TensorJob::Kind::Area;
      job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
      job.antenna = antennas_[s].get();
      job.ctx = &contexts[s];
      const std::size_t at = streamed ? 0 : s * per_station_;
      job.area = {std::span<float>(loss).subspan(at, per_station_),
                  std::span<float>(tx_gain_dBi_).subspan(at, per_station_)};
      if (!run_.mechanism.empty()) {
        job.area.mechanism =
            std::span<std::uint8_t>(run_.mechanism).subspan(s * per_station_, per_station_);
      }
      const bool indoor = buildings_ ? buildings_->station_indoor[s] != 0 : st.indoor;
      job.cache_key = job_key(context_key, job, antenna_key(st.antenna), indoor_key(indoor));
    }
    if (streamed) {
      // Each station's loss and received power to the scratch files as soon as it is here
      // (computed by this process, or under MPI sent by the rank that computed it). A rank that
      // only computes and sends keeps no scratch files.
      std::shared_ptr<ScratchTensor> loss_out, rx_out;
      if (source_.delivers()) {
        loss_out = std::make_shared<ScratchTensor>(*scratch_dir_, ns_, per_station_);
        rx_out = std::make_shared<ScratchTensor>(*scratch_dir_, ns_, per_station_);
      }
      const std::vector<CoverageStation> stations = coverage_stations();
      source_.compute_each(std::span<const TensorJob>(jobs.data(), ns_), progress_,
                           [&](std::size_t s) {
                             loss_out->write(s, 0, loss);
                             received_power(stations[s], coverage_params(), loss, tx_gain_dBi_);
                             rx_out->write(s, 0, tx_gain_dBi_);
                           });
      tx_gain_dBi_ = {};
      run_.loss_scratch = std::move(loss_out);
      run_.rx_power_scratch = std::move(rx_out);
      jobs.erase(jobs.begin(), jobs.begin() + static_cast<std::ptrdiff_t>(ns_));
    }
    // The interferers' losses (loss only), after the wanted ones.
    if (!interference_models_.empty()) {
      interference_loss_dB_.resize(ns_ * per_station_);
      for (std::size_t s = 0; s < ns_; ++s)
        contexts.push_back(prop::AreaContext{grid_, run_.terrain, *interference_models_[s],
                                             run_.profile_step_m, scenario_.area_engine});
      for (std::size_t s = 0; s < ns_; ++s) {
        const Station& st = scenario_.stations.planned()[s];
        TensorJob job;
        job.kind = TensorJob::Kind::Area;
        job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
        job.antenna = antennas_[s].get();
        job.ctx = &contexts[ns_ + s];
        job.area = {std::span<float>(interference_loss_dB_).subspan(s * per_station_, per_station_),
                    {}};
        const bool indoor = buildings_ ? buildings_->station_indoor[s] != 0 : st.indoor;
        job.cache_key = job_key(context_key, job, antenna_key(st.antenna),
                                indoor_key(indoor) + " role=interference");
        jobs.push_back(job);
      }
    }
    source_.compute(jobs, progress_);
  }

  std::vector<CoverageStation> coverage_stations() const {
    std::vector<CoverageStation> stations;
    for (std::size_t s = 0; s < ns_; ++s) {
      const Station& st = scenario_.stations.planned()[s];
      stations.push_back(
          {run_.eirp_dBm[s], run_.antenna_max_gain_dBi[s], st.freq_Hz, st.bandwidth_Hz});
    }
    return stations;
  }

  CoverageParams coverage_params() const {
    return {scenario_.coverage.rx_gain_dBi, scenario_.coverage.noise_figure_dB,
            scenario_.coverage.service_threshold_dBm, scenario_.coverage.leakage_threshold_dBm};
  }

  void coverage() {
    const std::vector<float>* interference =
        interference_loss_dB_.empty() ? nullptr : &interference_loss_dB_;
    if (scratch_dir_ != nullptr && run_.rx_power_scratch == nullptr) {
      // A rank of an MPI run that sent its stations to rank 0: the layers are rank 0's to
      // reduce, and to share (run_coverage()).
      interference_loss_dB_ = {};
      return;
    }
    if (run_.rx_power_scratch != nullptr) {
      // Streamed: the tensors are read back a piece at a time from the scratch files.
      const auto from = [](const ScratchTensor& t) {
        return [&t](std::size_t s, std::size_t first, std::span<float> buffer) {
          t.read(s, first, buffer);
          return std::span<const float>(buffer);
        };
      };
      run_.coverage = reduce_coverage(grid_, coverage_stations(), coverage_params(),
                                      from(*run_.rx_power_scratch), from(*run_.loss_scratch),
                                      scenario_.coverage.premises, interference);
    } else {
      // tx_gain_dBi_ becomes coverage.rx_power_dBm.
      run_.coverage =
          analyse_coverage(grid_, coverage_stations(), coverage_params(), run_.loss_dB,
                           std::move(tx_gain_dBi_), scenario_.coverage.premises, interference);
    }
    interference_loss_dB_ = {};
  }

  const Scenario& scenario_;
  Progress& progress_;
  TensorSource& source_;
  const std::filesystem::path* scratch_dir_;  ///< streamed run: where the tensors go; else null
  const prop::StudyGrid& grid_;
  const std::size_t ns_;           ///< planned stations
  const std::size_t per_station_;  ///< values per tensor: cells x heights

  const StudyBuildings* buildings_ = nullptr;
  prop::ModelConfig model_config_;
  std::shared_ptr<const prop::PathLossModel> model_;
  std::vector<std::unique_ptr<prop::Antenna>> antennas_;
  std::vector<std::shared_ptr<const prop::PathLossModel>> station_models_;
  std::vector<float> tx_gain_dBi_;  ///< [station][height][y][x], the path loss stage's gains
  /// The planned stations as interferers (no wanted-only attenuation): models and losses
  /// [station][height][y][x]; empty when they equal the wanted ones.
  std::vector<std::shared_ptr<const prop::PathLossModel>> interference_models_;
  std::vector<float> interference_loss_dB_;
  CoverageRun run_;
};

}  // namespace

CoverageRun run_coverage(const Scenario& scenario, Progress& progress, TensorSource* source,
                         const std::filesystem::path* scratch_dir) {
  LocalTensorSource local;
  return CoverageRunner(scenario, progress, source != nullptr ? *source : local, scratch_dir).run();
}

}  // namespace akichi::sim

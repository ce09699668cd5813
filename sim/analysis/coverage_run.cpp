#include "sim/analysis/coverage_run.h"
#include "propagation/engine/model_config.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "propagation/engine/area.h"
#include "sim/analysis/tensor_key.h"

namespace akichi::sim {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

prop::TerrainLattice terrain_lattice(const Scenario& scenario) {
  const double step = scenario.terrain.step_m > 0 ? scenario.terrain.step_m : scenario.grid.cell_m;
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
  return {e, step};
}

double effective_profile_step_m(const Scenario& scenario) {
  if (scenario.profile_step_m > 0) return scenario.profile_step_m;
  const double terrain_step =
      scenario.terrain.step_m > 0 ? scenario.terrain.step_m : scenario.grid.cell_m;
  return std::min(scenario.grid.cell_m, terrain_step);
}

std::size_t path_loss_evaluations(const Scenario& scenario) {
  return scenario.stations.planned().size() * scenario.grid.heights_m.size() *
         scenario.grid.cells();
}

prop::TerrainGrid load_terrain(const Scenario& scenario, prop::RasterTerrainReport* report) {
  const prop::TerrainLattice lattice = terrain_lattice(scenario);
  switch (scenario.terrain.kind) {
    case TerrainKind::Flat:
      return prop::make_flat_terrain(lattice, scenario.terrain.flat_elevation_m);
    case TerrainKind::Synthetic:
      return prop::make_synthetic_terrain(lattice, scenario.terrain.synthetic);
    case TerrainKind::Raster:
      return prop::load_raster_terrain(scenario.terrain.raster, scenario.crs, lattice, report);
  }
  throw RuntimeError("unknown terrain kind");
}

CoverageRun run_coverage(const Scenario& scenario, Progress& progress, TensorSource* source) {
  CoverageRun run;
  const prop::StudyGrid& grid = scenario.grid;
  const std::size_t ns = scenario.stations.planned().size();
  const std::size_t per_station = grid.cells() * grid.heights_m.size();

  auto t0 = Clock::now();
  progress.stage("terrain", 0);
  run.terrain_from_raster = scenario.terrain.kind == TerrainKind::Raster;
  run.terrain = load_terrain(scenario, &run.terrain_report);
  if (run.terrain_from_raster) {
    const auto& rep = run.terrain_report;
    progress.note(
        fmt::format("terrain: {} samples, {} without data ({:.2f}%), source CRS {}",
                    rep.total_samples, rep.nodata_samples,
                    rep.total_samples ? 100.0 * rep.nodata_samples / rep.total_samples : 0.0,
                    rep.source_crs_name));
  }
  progress.done();
  run.stage_seconds.emplace_back("terrain", seconds_since(t0));

  if (scenario.buildings.enabled) {
    t0 = Clock::now();
    progress.stage("buildings", 0);
    run.buildings = load_study_buildings(scenario, run.terrain);
    const prop::BuildingReadReport& rep = run.buildings->report;
    progress.note(fmt::format(
        "buildings: {} from {} features ({} skipped, {} repaired), source "
        "CRS {}",
        rep.buildings, rep.features, rep.skipped.size(), rep.repaired.size(), rep.source_crs_name));
    for (const std::string& why : rep.skipped) progress.note("skipped: " + why);
    progress.done();
    run.stage_seconds.emplace_back("buildings", seconds_since(t0));
  }
  const StudyBuildings* buildings = run.buildings.get();
  const prop::ModelConfig model_config = with_buildings(scenario.model, buildings);
  const auto describe_model = [&](const prop::PathLossModel& m) {
    return buildings == nullptr ? m.describe()
                                : m.describe() + " + " +
                                      prop::describe_building_entry(scenario.buildings.entry_loss);
  };

  if (ns == 0) {
    // A sharing study without a planned layout: terrain and premises only.
    run.coverage.ny = grid.ny;
    run.coverage.nx = grid.nx;
    run.coverage.n_heights = static_cast<int>(grid.heights_m.size());
    run.coverage.has_premises = !scenario.coverage.premises.empty();
    run.coverage.premises_mask = rasterize_premises(grid, scenario.coverage.premises);
    run.model_description = describe_model(*prop::make_path_loss_model(model_config));
    run.profile_step_m = effective_profile_step_m(scenario);
    return run;
  }

  t0 = Clock::now();
  progress.stage("antennas and model", 0);
  std::vector<std::unique_ptr<prop::Antenna>> antennas;
  for (const Station& st : scenario.stations.planned()) {
    antennas.push_back(prop::make_antenna(st.antenna));
    run.antenna_descriptions.push_back(antennas.back()->describe());
    run.antenna_max_gain_dBi.push_back(antennas.back()->max_gain_dBi());
    run.eirp_dBm.push_back(station_eirp_dBm(st, antennas.back()->max_gain_dBi()));
  }
  const std::shared_ptr<const prop::PathLossModel> model = prop::make_path_loss_model(model_config);
  run.model_description = describe_model(*model);
  // One model per station: the building entry loss depends on where the transmitter is.
  std::vector<std::shared_ptr<const prop::PathLossModel>> station_models;
  for (std::size_t s = 0; s < ns; ++s) {
    station_models.push_back(with_building_entry(
        model, scenario, buildings,
        buildings ? planned_tx_end(*buildings, s) : prop::TxEnd{prop::TxEnd::Kind::Outdoor, -1}));
  }
  run.profile_step_m = effective_profile_step_m(scenario);
  progress.done();
  run.stage_seconds.emplace_back("antennas and model", seconds_since(t0));

  t0 = Clock::now();
  const std::size_t rows_per_station = grid.heights_m.size() * static_cast<std::size_t>(grid.ny);
  progress.stage("path loss", ns * rows_per_station);
  run.loss_dB.resize(ns * per_station);
  if (model->reports_mechanism()) run.mechanism.resize(ns * per_station);
  std::vector<float> tx_gain_dBi(ns * per_station);  // becomes coverage.rx_power_dBm
  std::vector<prop::AreaContext> contexts;
  contexts.reserve(ns);
  for (std::size_t s = 0; s < ns; ++s)
    contexts.push_back(
        prop::AreaContext{grid, run.terrain, *station_models[s], run.profile_step_m});
  std::vector<TensorJob> jobs(ns);
  const std::string context_key = engine_context_key(scenario);
  for (std::size_t s = 0; s < ns; ++s) {
    const Station& st = scenario.stations.planned()[s];
    TensorJob& job = jobs[s];
    job.kind = TensorJob::Kind::Area;
    job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
    job.antenna = antennas[s].get();
    job.ctx = &contexts[s];
    job.area = {std::span<float>(run.loss_dB).subspan(s * per_station, per_station),
                std::span<float>(tx_gain_dBi).subspan(s * per_station, per_station)};
    if (!run.mechanism.empty()) {
      job.area.mechanism =
          std::span<std::uint8_t>(run.mechanism).subspan(s * per_station, per_station);
    }
    const bool indoor = buildings ? buildings->station_indoor[s] != 0 : st.indoor;
    job.cache_key = job_key(context_key, job, antenna_key(st.antenna), indoor_key(indoor));
  }
  LocalTensorSource local;
  (source != nullptr ? *source : local).compute(jobs, progress);
  progress.done();
  run.stage_seconds.emplace_back("path loss", seconds_since(t0));

  t0 = Clock::now();
  progress.stage("coverage", 0);
  std::vector<CoverageStation> stations;
  for (std::size_t s = 0; s < ns; ++s) {
    const Station& st = scenario.stations.planned()[s];
    stations.push_back({run.eirp_dBm[s], run.antenna_max_gain_dBi[s], st.freq_Hz, st.bandwidth_Hz});
  }
  const CoverageParams params{scenario.coverage.rx_gain_dBi, scenario.coverage.noise_figure_dB,
                              scenario.coverage.service_threshold_dBm,
                              scenario.coverage.leakage_threshold_dBm};
  run.coverage = analyse_coverage(grid, stations, params, run.loss_dB, std::move(tx_gain_dBi),
                                  scenario.coverage.premises);
  progress.done();
  run.stage_seconds.emplace_back("coverage", seconds_since(t0));
  return run;
}

}  // namespace akichi::sim

#include "sim/analysis/sharing_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/engine/model_registry.h"
#include "sim/analysis/tensor_key.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kInf = std::numeric_limits<double>::infinity();

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// The scenario's model, with the time percentage of a receiver's short-term criterion where
/// the model has one (its registry entry's time_percent_parameter: P.452, P.1812, ITM): the
/// paths into that receiver are then the losses not exceeded for that percentage of time.
prop::ModelConfig model_for(const prop::ModelConfig& base, const Station& st) {
  prop::ModelConfig m = base;
  const prop::ModelEntry& e = prop::model_entry(base.name);
  if (st.criterion.time_percent && !e.time_percent_parameter.empty()) {
    e.parameter(e.time_percent_parameter)->set(m, *st.criterion.time_percent);
  }
  return m;
}

Channel band_of(const Station& st) {
  return Channel{st.id, st.freq_lo_Hz, st.freq_hi_Hz};
}

bool is_base(const Station& st) {
  return st.role == StationRole::Local5gBase;
}

/// Every slot in one set when the scenario has no time axis (all schedules are "always").
ActiveSets group_sets(const SharingSpec& sh, const std::vector<Schedule>& schedules) {
  if (sh.has_time) return group_active_sets(sh.time, schedules);
  ActiveSets a;
  a.sets.emplace_back(schedules.size(), std::uint8_t{1});
  a.slot_set.assign(sh.time.start_utc_s.size(), 0);
  return a;
}

/// MIC cover / coordination areas: received power at the rule's terminal height with the
/// rule's model (and building entry loss for indoor base stations), in the rule's reference
/// bandwidth, thresholded per station; pairs of licensees whose areas overlap.
void run_mic_areas(const Scenario& sc, const prop::TerrainGrid& terrain,
                   const CoverageRun* coverage, const StudyBuildings* buildings, SharingRun& run,
                   TensorSource& source, Progress& progress) {
  const SharingSpec& sh = sc.sharing;
  // The base stations of the areas: the planned layout, then the database's transmitting local
  // 5G base stations; indoors as the rest of the run places them.
  std::vector<const Station*> bs;
  std::vector<bool> indoor;
  const std::span<const Station> planned = sc.stations.planned();
  for (std::size_t p = 0; p < planned.size(); ++p) {
    bs.push_back(&planned[p]);
    indoor.push_back(buildings ? buildings->station_indoor[p] != 0 : planned[p].indoor);
  }
  const std::span<const Station> db = sc.stations.database();
  for (std::size_t i = 0; i < db.size(); ++i) {
    if (db[i].role != StationRole::Local5gBase || !db[i].transmits) continue;
    bs.push_back(&db[i]);
    indoor.push_back(buildings ? buildings->database_indoor[i] != 0 : db[i].indoor);
  }
  if (bs.empty()) return;
  const MicBandRule& rule = rule_for(sh.mic.rules, bs.front()->freq_Hz);
  run.mic_rule = &rule;
  const auto model = prop::make_path_loss_model(with_buildings(rule.model.config, buildings));
  run.mic_model_description = model->describe();
  prop::StudyGrid grid = sc.grid;
  grid.heights_m = {rule.terminal_height_m};
  const prop::AreaContext ctx{grid, terrain, *model, effective_profile_step_m(sc)};
  const std::size_t cells = grid.cells();
  run.mic_rx_dBm.resize(bs.size() * cells);
  std::vector<std::unique_ptr<prop::Antenna>> antennas;
  std::vector<float> losses(bs.size() * cells), gains(bs.size() * cells);
  std::vector<TensorJob> jobs(bs.size());
  const std::string context_key = engine_context_key(sc, {"mic"});
  for (std::size_t b = 0; b < bs.size(); ++b) {
    const Station& st = *bs[b];
    antennas.push_back(prop::make_antenna(st.antenna));
    TensorJob& job = jobs[b];
    job.kind = TensorJob::Kind::Area;
    job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
    job.antenna = antennas.back().get();
    job.ctx = &ctx;
    job.area = {std::span<float>(losses).subspan(b * cells, cells),
                std::span<float>(gains).subspan(b * cells, cells)};
    job.cache_key = job_key(context_key, job, antenna_key(st.antenna), "mic");
  }
  source.compute(jobs, progress);
  for (std::size_t b = 0; b < bs.size(); ++b) {
    const Station& st = *bs[b];
    const prop::Antenna* antenna = antennas[b].get();
    const float* loss = losses.data() + b * cells;
    const float* gain = gains.data() + b * cells;
    const double eirp = station_eirp_dBm(st, antenna->max_gain_dBi());
    const double bel =
        indoor[b] ? building_entry_loss_dB(rule.building_entry_loss, st.freq_Hz) : 0.0;
    const double offset = eirp - antenna->max_gain_dBi() - bel;
    for (std::size_t c = 0; c < cells; ++c) {
      const double p = offset + gain[c] - loss[c];
      run.mic_rx_dBm[b * cells + c] = static_cast<float>(
          power_in_reference_bandwidth_dBm(p, st.bandwidth_Hz, rule.reference_bandwidth_Hz));
    }
    run.mic_station_ids.push_back(st.id);
    run.mic_licensees.push_back(st.licensee);
  }
  MicAreaInput in;
  in.nx = grid.nx;
  in.ny = grid.ny;
  in.cell_m = grid.cell_m;
  in.rx_dBm = run.mic_rx_dBm;
  in.licensee = run.mic_licensees;
  in.coverage_threshold_dBm = rule.coverage_threshold_dBm;
  in.coordination_threshold_dBm = rule.coordination_threshold_dBm;
  // The planned layout's premises, when all its stations belong to one licensee.
  if (coverage != nullptr && coverage->coverage.has_premises && !planned.empty()) {
    const std::string& lic = planned.front().licensee;
    const bool one = std::all_of(planned.begin(), planned.end(),
                                 [&](const Station& st) { return st.licensee == lic; });
    if (one) in.premises.push_back({lic, coverage->coverage.premises_mask});
  }
  run.mic = mic_areas(in);
}

}  // namespace

double tdd_correction_dB(TddMode a, double a_overlap, TddMode b, double b_overlap) {
  if (a == TddMode::NotTdd || b == TddMode::NotTdd) return 0.0;
  if (a == TddMode::Unsynchronised || b == TddMode::Unsynchronised) return 0.0;
  if (a == TddMode::Synchronous && b == TddMode::Synchronous) return -kInf;
  double f = 0.0;
  if (a == TddMode::QuasiSynchronous) f = std::max(f, a_overlap);
  if (b == TddMode::QuasiSynchronous) f = std::max(f, b_overlap);
  return 10.0 * std::log10(f);
}

std::size_t coupling_evaluations(const Scenario& scenario) {
  return scenario.stations.database().size() * scenario.grid.heights_m.size() *
         scenario.grid.cells();
}

SharingRun run_sharing(const Scenario& sc, const prop::TerrainGrid& terrain,
                       const CoverageRun* coverage, Progress& progress, TensorSource* source_in) {
  LocalTensorSource local;
  TensorSource& source = source_in != nullptr ? *source_in : local;
  const SharingSpec& sh = sc.sharing;
  const std::span<const Station> db = sc.stations.database();
  const std::span<const Station> planned = sc.stations.planned();
  const prop::StudyGrid& grid = sc.grid;
  const std::size_t nd = db.size();
  const std::size_t nh = grid.heights_m.size();
  const std::size_t per = nh * grid.cells();
  const double step_m = effective_profile_step_m(sc);
  SharingRun run;
  // The study's buildings: those of the coverage run, or loaded here for a study without one.
  std::shared_ptr<const StudyBuildings> own_buildings;
  const StudyBuildings* buildings = coverage != nullptr ? coverage->buildings.get() : nullptr;
  if (buildings == nullptr && sc.buildings.enabled) {
    own_buildings = load_study_buildings(sc, terrain);
    buildings = own_buildings.get();
  }
  // Database stations: indoors when inside a footprint below its roof (as indoor = "auto").
  const prop::TxEnd from_map{prop::TxEnd::Kind::FromMap, -1};

  // Antennas, EIRPs and limits of the database stations.
  auto t0 = Clock::now();
  progress.stage("station database", 0);
  std::vector<std::unique_ptr<prop::Antenna>> antennas;
  for (const Station& st : db) {
    antennas.push_back(prop::make_antenna(st.antenna));
    const double gmax = antennas.back()->max_gain_dBi();
    run.antenna_max_gain_dBi.push_back(gmax);
    run.antenna_descriptions.push_back(antennas.back()->describe());
    run.eirp_dBm.push_back(std::isnan(st.eirp_dBm) ? st.tx_power_dBm.value_or(0.0) + gmax
                                                   : st.eirp_dBm);
    run.interference_limit_dBm.push_back(st.receives ? interference_limit_dBm(st) : kInf);
  }
  progress.done();
  run.stage_seconds.emplace_back("station database", seconds_since(t0));

  // One coupling tensor per database station, computed once for every slot and channel.
  t0 = Clock::now();
  progress.stage("coupling", nd * nh * static_cast<std::size_t>(grid.ny));
  run.coupling_dB.resize(nd * per);
  {
    std::vector<std::shared_ptr<const prop::PathLossModel>> models;
    std::vector<prop::AreaContext> contexts;
    models.reserve(nd);
    contexts.reserve(nd);
    std::vector<TensorJob> jobs(nd);
    const std::string context_key = engine_context_key(sc);
    for (std::size_t s = 0; s < nd; ++s) {
      const Station& st = db[s];
      models.push_back(with_building_entry(
          prop::make_path_loss_model(with_buildings(model_for(sc.model, st), buildings)), sc,
          buildings, from_map));
      contexts.push_back(prop::AreaContext{grid, terrain, *models.back(), step_m});
      TensorJob& job = jobs[s];
      job.kind = TensorJob::Kind::Coupling;
      job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
      job.antenna = antennas[s].get();
      job.ctx = &contexts.back();
      job.coupling_dB = std::span<float>(run.coupling_dB).subspan(s * per, per);
      job.cache_key = job_key(context_key, job, antenna_key(st.antenna), station_extra_key(st));
    }
    source.compute(jobs, progress);
  }
  progress.done();
  run.stage_seconds.emplace_back("coupling", seconds_since(t0));

  std::vector<std::span<const float>> tensors;
  for (std::size_t s = 0; s < nd; ++s)
    tensors.emplace_back(std::span<const float>(run.coupling_dB).subspan(s * per, per));

  if (sh.vacancy.enabled) {
    t0 = Clock::now();
    progress.stage("vacancy", 0);
    const VacancySpec& v = sh.vacancy;
    run.vacancy_sets =
        group_sets(sh, std::vector<Schedule>(sh.schedules.begin(), sh.schedules.begin() + nd));
    const std::size_t nc = sh.channels.size();
    for (const Channel& ch : sh.channels) {
      run.newcomer_limit_dBm.push_back(thermal_noise_dBm(ch.bandwidth_Hz(), v.noise_figure_dB) +
                                       v.i_over_n_dB);
    }
    std::vector<ActiveSet> sets;
    for (const auto& on : run.vacancy_sets.sets) {
      ActiveSet set;
      for (std::size_t i = 0; i < nd; ++i) {
        if (!on[i]) continue;
        const Station& st = db[i];
        const double tdd =
            is_base(st) ? tdd_correction_dB(v.tdd, v.tdd_overlap, st.tdd, st.tdd_overlap) : 0.0;
        if (st.receives) {
          VacancyReceiver r{static_cast<int>(i), std::vector<double>(nc, kInf)};
          for (std::size_t k = 0; k < nc; ++k) {
            if (tdd == -kInf) continue;
            // a_ik = I_lim + F + C(k -> i) - T   (G_max,new - G_new = 0: omnidirectional)
            r.a_dB[k] = run.interference_limit_dBm[i] + st.feeder_loss_dB +
                        coupling_loss_dB(sh.channels[k], band_of(st), sh.coupling) - tdd;
          }
          set.receivers.push_back(std::move(r));
        }
        if (st.transmits) {
          VacancyTransmitter t{static_cast<int>(i), std::vector<double>(nc, -kInf)};
          for (std::size_t k = 0; k < nc; ++k) {
            if (tdd == -kInf) continue;
            // b_jk = EIRP_j - G_max,j - C(j -> k) + T + G_new
            t.b_dB[k] = run.eirp_dBm[i] - run.antenna_max_gain_dBi[i] -
                        coupling_loss_dB(band_of(st), sh.channels[k], sh.coupling) + tdd +
                        v.antenna_gain_dBi;
          }
          set.transmitters.push_back(std::move(t));
        }
      }
      sets.push_back(std::move(set));
    }
    VacancyParams params;
    params.max_eirp_dBm = v.max_eirp_dBm;
    params.min_useful_eirp_dBm = v.min_useful_eirp_dBm;
    params.newcomer_limit_dBm = run.newcomer_limit_dBm;
    run.vacancy = compute_vacancy(tensors, nh, grid.cells(), sets, nc, params);
    run.usable_share = usable_share(run.vacancy);
    progress.done();
    run.stage_seconds.emplace_back("vacancy", seconds_since(t0));
  }

  if (sh.aggregate.enabled) {
    t0 = Clock::now();
    progress.stage("aggregate interference", 0);
    const AggregateSpec& ag = sh.aggregate;
    for (std::size_t i = 0; i < nd; ++i)
      if (db[i].receives) run.receivers.push_back(i);
    for (std::size_t p = 0; p < planned.size(); ++p) {
      run.sources.push_back({planned[p].id, p, AggregateSource::Kind::Base});
      if (ag.terminals) {
        run.sources.push_back(
            {planned[p].id + "/terminals", p, AggregateSource::Kind::ServedTerminals});
      }
    }
    // Terminals at given points: database terminals of the planned layout's licensees.
    for (std::size_t j = 0; j < nd; ++j) {
      const Station& t = db[j];
      const bool of_planned = std::any_of(planned.begin(), planned.end(), [&](const Station& p) {
        return p.licensee == t.licensee;
      });
      if (t.role == StationRole::Local5gTerminal && t.transmits && of_planned)
        run.sources.push_back({t.id, j, AggregateSource::Kind::PointTerminal});
    }
    // Database stations then the planned layout, as in the scenario's station list.
    run.aggregate_sets = group_sets(sh, sh.schedules);

    // The planned layout is placed on each channel of the plan in turn (power spectral density
    // kept), or left on its own frequencies when the scenario has no channel plan.
    const std::size_t nc = std::max<std::size_t>(sh.channels.size(), 1);
    AggregateInput in;
    in.n_receivers = run.receivers.size();
    in.n_channels = nc;
    in.n_sources = run.sources.size();
    in.contribution_dBm.assign(in.n_receivers * nc * in.n_sources, -kInf);

    std::vector<std::unique_ptr<prop::Antenna>> planned_antennas;
    for (const Station& p : planned) planned_antennas.push_back(prop::make_antenna(p.antenna));

    const std::size_t ht = ag.terminal_height_index;
    const std::size_t cells = grid.cells();
    // The cells whose terminals each planned base station serves (best server, inside the
    // premises, or without premises at or above the service threshold), found once for every
    // receiver.
    std::vector<std::vector<std::size_t>> served(planned.size());
    if (coverage != nullptr && ag.terminals) {
      const CoverageResult& cov = coverage->coverage;
      for (std::size_t c = 0; c < cells; ++c) {
        const std::size_t hc = ht * cells + c;
        const std::int16_t s = cov.best_server[hc];
        if (s < 0) continue;
        if (cov.has_premises ? !cov.premises_mask[c]
                             : cov.best_rx_power_dBm[hc] < sc.coverage.service_threshold_dBm)
          continue;
        served[static_cast<std::size_t>(s)].push_back(c);
      }
    }
    for (std::size_t r = 0; r < run.receivers.size(); ++r) {
      const std::size_t i = run.receivers[r];
      const Station& st = db[i];
      in.limit_dBm.push_back(run.interference_limit_dBm[i]);
      const std::shared_ptr<const prop::PathLossModel> model =
          prop::make_path_loss_model(with_buildings(model_for(sc.model, st), buildings));
      const prop::AreaContext ctx{grid, terrain, *model, step_m};
      const float* k_i = run.coupling_dB.data() + i * per + ht * cells;
      // Gains and loss of a point link from a transmitter to receiver i: G_tx - L + G_rx, with
      // the building entry loss of the transmitter's end `tx_end` and of the receiver's.
      const auto point_coupling = [&](double x, double y, double h, const prop::Antenna& ant,
                                      prop::TxEnd tx_end) {
        const auto m = with_building_entry(model, sc, buildings, tx_end);
        const prop::Transmitter tx{x, y, h, st.freq_Hz};
        prop::Profile profile;
        prop::LinkInput link;
        prop::make_link(tx, st.x_m, st.y_m, st.height_m, ctx, profile, link);
        const prop::Direction dir = prop::direction_of(tx, st.x_m, st.y_m, link);
        double loss_dB = 0;
        try {
          loss_dB = m->loss_dB(link);
        } catch (...) {
          prop::rethrow_link_failure(*m, tx, st.x_m, st.y_m, st.height_m);
        }
        return ant.gain_dBi(dir.bearing_deg, dir.elevation_deg) - loss_dB +
               antennas[i]->gain_dBi(std::fmod(dir.bearing_deg + 180.0, 360.0), -dir.elevation_deg);
      };
      for (std::size_t src = 0; src < run.sources.size(); ++src) {
        const AggregateSource& so = run.sources[src];
        const bool point_terminal = so.kind == AggregateSource::Kind::PointTerminal;
        const std::string& licensee =
            point_terminal ? db[so.station].licensee : planned[so.station].licensee;
        if (!st.licensee.empty() && st.licensee == licensee) continue;  // its own network
        double base_dBm = 0;  // everything but the channel coupling
        Channel own;          // the source's own band
        if (so.kind == AggregateSource::Kind::Base) {
          const Station& p = planned[so.station];
          own = band_of(p);
          const double tdd =
              is_base(st) ? tdd_correction_dB(p.tdd, p.tdd_overlap, st.tdd, st.tdd_overlap) : 0.0;
          if (tdd == -kInf) continue;
          const double eirp = coverage ? coverage->eirp_dBm[so.station] : p.eirp_dBm;
          const double gmax = planned_antennas[so.station]->max_gain_dBi();
          base_dBm = eirp - gmax +
                     point_coupling(p.x_m, p.y_m, p.height_m, *planned_antennas[so.station],
                                    buildings ? planned_tx_end(*buildings, so.station) : from_map) -
                     st.feeder_loss_dB + tdd + 10.0 * std::log10(ag.bs_activity);
        } else if (point_terminal) {
          // A terminal's uplink: no TDD correction (it transmits when base stations receive).
          const Station& t = db[so.station];
          own = band_of(t);
          base_dBm = run.eirp_dBm[so.station] - run.antenna_max_gain_dBi[so.station] +
                     point_coupling(t.x_m, t.y_m, t.height_m, *antennas[so.station], from_map) -
                     st.feeder_loss_dB + 10.0 * std::log10(ag.terminal_activity);
        } else {
          // Terminals served by p: spread uniformly over the cells p serves (inside the
          // premises when there are premises), at the terminal height.
          own = band_of(planned[so.station]);
          const std::vector<std::size_t>& cells_p = served[so.station];
          if (cells_p.empty()) continue;
          double sum = 0.0;
          for (std::size_t c : cells_p) sum += dbm_to_mw(k_i[c]);
          base_dBm = ag.terminal_eirp_dBm +
                     10.0 * std::log10(ag.terminals_per_station * ag.terminal_activity) +
                     mw_to_dbm(sum / static_cast<double>(cells_p.size())) - st.feeder_loss_dB;
        }
        for (std::size_t k = 0; k < nc; ++k) {
          const Channel tx_band = sh.channels.empty() ? own : sh.channels[k];
          // Power spectral density kept when a base station moves to a channel of another
          // width; a terminal's EIRP is per channel.
          const double width = so.kind == AggregateSource::Kind::Base
                                   ? 10.0 * std::log10(tx_band.bandwidth_Hz() / own.bandwidth_Hz())
                                   : 0.0;
          in.contribution_dBm[(r * nc + k) * in.n_sources + src] =
              base_dBm + width - coupling_loss_dB(tx_band, band_of(st), sh.coupling);
        }
      }
    }
    for (const auto& on : run.aggregate_sets.sets) {
      std::vector<std::uint8_t> rx_on, src_on;
      for (std::size_t i : run.receivers) rx_on.push_back(on[i]);
      for (const AggregateSource& so : run.sources) {
        src_on.push_back(so.kind == AggregateSource::Kind::PointTerminal ? on[so.station]
                                                                         : on[nd + so.station]);
      }
      in.receiver_active.push_back(std::move(rx_on));
      in.source_active.push_back(std::move(src_on));
    }
    run.aggregate = aggregate_interference(in);
    run.aggregate_contribution_dBm = std::move(in.contribution_dBm);
    progress.done();
    run.stage_seconds.emplace_back("aggregate interference", seconds_since(t0));
  }
  if (sh.mic.enabled) {
    t0 = Clock::now();
    progress.stage("MIC areas", 0);
    run_mic_areas(sc, terrain, coverage, buildings, run, source, progress);
    progress.done();
    run.stage_seconds.emplace_back("MIC areas", seconds_since(t0));
  }
  return run;
}

}  // namespace akichi::sim

#include "sim/analysis/sharing_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/engine/model_registry.h"
#include "sim/analysis/municipal_run.h"
#include "sim/analysis/sharing_terms.h"
#include "sim/analysis/tensor_key.h"
#include "sim/spectrum/link_budget.h"
#include "sim/station/criterion.h"

namespace akichi::sim {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Every slot in one set when the scenario has no time axis (all schedules are "always").
ActiveSets group_sets(const SharingSpec& sh, const std::vector<Schedule>& schedules) {
  if (sh.has_time) return group_active_sets(sh.time, schedules);
  ActiveSets a;
  a.sets.emplace_back(schedules.size(), std::uint8_t{1});
  a.slot_set.assign(sh.time.start_utc_s.size(), 0);
  return a;
}

/// The base stations of the MIC areas: the planned layout, then the database's transmitting
/// local 5G base stations; indoors as the rest of the run places them.
struct MicBaseStations {
  std::vector<const Station*> stations;
  std::vector<bool> indoor;
};

MicBaseStations mic_base_stations(const Scenario& sc, const StudyBuildings* buildings) {
  MicBaseStations bs;
  const std::span<const Station> planned = sc.stations.planned();
  for (std::size_t p = 0; p < planned.size(); ++p) {
    bs.stations.push_back(&planned[p]);
    bs.indoor.push_back(buildings ? buildings->station_indoor[p] != 0 : planned[p].indoor);
  }
  const std::span<const Station> db = sc.stations.database();
  for (std::size_t i = 0; i < db.size(); ++i) {
    if (db[i].role != StationRole::Local5gBase || !db[i].transmits) continue;
    bs.stations.push_back(&db[i]);
    bs.indoor.push_back(buildings ? buildings->database_indoor[i] != 0 : db[i].indoor);
  }
  return bs;
}

/// The input of the MIC areas from the received powers of `run`: the rule's thresholds, and
/// the planned layout's premises when all its stations belong to one licensee.
MicAreaInput mic_input(const Scenario& sc, const prop::StudyGrid& grid, const MicBandRule& rule,
                       const CoverageRun* coverage, const SharingRun& run) {
  const std::span<const Station> planned = sc.stations.planned();
  MicAreaInput in;
  in.nx = grid.nx;
  in.ny = grid.ny;
  in.cell_m = grid.cell_m;
  in.rx_dBm = run.mic_rx_dBm;
  in.licensee = run.mic_licensees;
  in.coverage_threshold_dBm = rule.coverage_threshold_dBm;
  in.coordination_threshold_dBm = rule.coordination_threshold_dBm;
  if (coverage != nullptr && coverage->coverage.has_premises && !planned.empty()) {
    const std::string& lic = planned.front().licensee;
    const bool one = std::all_of(planned.begin(), planned.end(),
                                 [&](const Station& st) { return st.licensee == lic; });
    if (one) in.premises.push_back({lic, coverage->coverage.premises_mask});
  }
  return in;
}

/// MIC cover / coordination areas: received power at the rule's terminal height with the
/// rule's model (and building entry loss for indoor base stations), in the rule's reference
/// bandwidth, thresholded per station; pairs of licensees whose areas overlap.
void run_mic_areas(const Scenario& sc, const prop::TerrainGrid& terrain,
                   const CoverageRun* coverage, const StudyBuildings* buildings, SharingRun& run,
                   TensorSource& source, Progress& progress) {
  const MicBaseStations mic = mic_base_stations(sc, buildings);
  const std::vector<const Station*>& bs = mic.stations;
  if (bs.empty()) return;
  const MicBandRule& rule = rule_for(sc.sharing.mic.rules, bs.front()->freq_Hz);
  run.mic_rule = &rule;
  const auto model = prop::make_path_loss_model(with_buildings(rule.model.config, buildings));
  run.mic_model_description = model->describe();
  prop::StudyGrid grid = sc.grid;
  grid.heights_m = {rule.terminal_height_m};
  const prop::AreaContext ctx{grid, terrain, *model, effective_profile_step_m(sc), sc.area_engine};
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
        mic.indoor[b] ? building_entry_loss_dB(rule.building_entry_loss, st.freq_Hz) : 0.0;
    const double offset = eirp - antenna->max_gain_dBi() - bel;
    for (std::size_t c = 0; c < cells; ++c) {
      const double p = offset + gain[c] - loss[c];
      run.mic_rx_dBm[b * cells + c] = static_cast<float>(
          power_in_reference_bandwidth_dBm(p, st.bandwidth_Hz, rule.reference_bandwidth_Hz));
    }
    run.mic_station_ids.push_back(st.id);
    run.mic_licensees.push_back(st.licensee);
  }
  run.mic = mic_areas(mic_input(sc, grid, rule, coverage, run));
}

/// Point links from transmitters to one aggregate receiver, with the scenario's model for that
/// receiver (its criterion's time percentage, the study's buildings).
class ReceiverLinks {
 public:
  ReceiverLinks(const Scenario& sc, const prop::TerrainGrid& terrain,
                const StudyBuildings* buildings, const Station& st, const prop::Antenna& antenna,
                double step_m)
      : sc_(sc),
        buildings_(buildings),
        st_(st),
        antenna_(antenna),
        model_(prop::make_path_loss_model(with_buildings(model_for(sc.model, st), buildings))),
        ctx_{sc.grid, terrain, *model_, step_m} {}

  /// Gains and loss of a point link from a transmitter to the receiver: G_tx - L + G_rx, with
  /// the building entry loss of the transmitter's end `tx_end` and of the receiver's.
  double coupling_dB(double x, double y, double h, const prop::Antenna& ant,
                     prop::TxEnd tx_end) const {
    const auto m = with_building_entry(model_, sc_, buildings_, tx_end);
    const prop::Transmitter tx{x, y, h, st_.freq_Hz};
    prop::Profile profile;
    prop::LinkInput link;
    prop::make_link(tx, st_.x_m, st_.y_m, st_.height_m, ctx_, profile, link);
    const prop::Direction dir = prop::direction_of(tx, st_.x_m, st_.y_m, link);
    double loss_dB = 0;
    try {
      loss_dB = m->loss_dB(link);
    } catch (...) {
      prop::rethrow_link_failure(*m, tx, st_.x_m, st_.y_m, st_.height_m);
    }
    return ant.gain_dBi(dir.bearing_deg, dir.elevation_deg) - loss_dB +
           antenna_.gain_dBi(std::fmod(dir.bearing_deg + 180.0, 360.0), -dir.elevation_deg);
  }

 private:
  const Scenario& sc_;
  const StudyBuildings* buildings_;
  const Station& st_;
  const prop::Antenna& antenna_;
  const std::shared_ptr<const prop::PathLossModel> model_;
  const prop::AreaContext ctx_;
};

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

namespace {

/// A source's level at one receiver, before the channel coupling.
struct SourceLevel {
  double mean_dBm;    ///< the mean-power aggregate's term: activity and TDD collision included
  double on_air_dBm;  ///< one emitter of the source on the air and colliding
  double collision;   ///< fraction of the frame in which a TDD pair collides (1: always)
  std::size_t emitters;
  /// Served terminals: the mean coupling over the served cells that the levels hold (dB), for
  /// the Monte Carlo to replace with a drawn cell's.
  double cell_mean_dB = 0;
};

/// One sharing run, as its stages: the database stations, their coupling tensors (computed
/// once for every slot and channel), then the analyses the scenario asks for (vacancy,
/// aggregate interference, MIC areas), each reported to the progress and timed.
class SharingRunner {
 public:
  SharingRunner(const Scenario& sc, const prop::TerrainGrid& terrain, const CoverageRun* coverage,
                Progress& progress, TensorSource& source, const MonteCarloShare* montecarlo_share)
      : sc_(sc),
        sh_(sc.sharing),
        terrain_(terrain),
        coverage_(coverage),
        progress_(progress),
        source_(source),
        montecarlo_share_(montecarlo_share),
        db_(sc.stations.database()),
        planned_(sc.stations.planned()),
        grid_(sc.grid),
        nd_(db_.size()),
        nh_(grid_.heights_m.size()),
        per_(nh_ * grid_.cells()),
        step_m_(effective_profile_step_m(sc)) {}

  SharingRun run() {
    load_buildings();
    stage("station database", 0, [&] { station_database(); });
    stage("coupling", nd_ * nh_ * static_cast<std::size_t>(grid_.ny), [&] { coupling(); });
    if (sh_.vacancy.enabled) stage("vacancy", 0, [&] { vacancy(); });
    if (sh_.aggregate.enabled) stage("aggregate interference", 0, [&] { aggregate(); });
    if (sh_.aggregate.enabled && sh_.montecarlo.enabled)
      stage("Monte Carlo", 0, [&] { montecarlo(aggregate_in_); });
    if (sh_.aggregate.enabled && sh_.coordination.enabled)
      stage("coordination", 0, [&] { coordination(aggregate_in_); });
    if (sh_.municipal.enabled)
      stage("municipal eligibility", 0, [&] { run_.municipal = run_municipal(sc_, run_); });
    if (sh_.mic.enabled) {
      stage("MIC areas", 0,
            [&] { run_mic_areas(sc_, terrain_, coverage_, buildings_, run_, source_, progress_); });
    }
    if (!sh_.space_stations.empty()) {
      // The terminals each planned base station serves are sources at the satellites too.
      stage("space-station receivers", 0, [&] {
        run_.satellite = run_satellite(
            sc_, terrain_,
            sh_.aggregate.enabled ? served_cells() : std::vector<std::vector<std::size_t>>{});
      });
    }
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

  /// The study's buildings: those of the coverage run, or loaded here for a study without one.
  void load_buildings() {
    buildings_ = coverage_ != nullptr ? coverage_->buildings.get() : nullptr;
    if (buildings_ == nullptr && sc_.buildings.enabled) {
      own_buildings_ = load_study_buildings(sc_, terrain_);
      buildings_ = own_buildings_.get();
    }
  }

  /// Antennas, EIRPs and limits of the database stations.
  void station_database() {
    for (const Station& st : db_) {
      antennas_.push_back(prop::make_antenna(st.antenna));
      const double gmax = antennas_.back()->max_gain_dBi();
      run_.antenna_max_gain_dBi.push_back(gmax);
      run_.antenna_descriptions.push_back(antennas_.back()->describe());
      run_.eirp_dBm.push_back(database_eirp_dBm(st, gmax));
      run_.interference_limit_dBm.push_back(st.receives ? criterion_limit_dBm(st, sh_.criteria)
                                                        : kInf);
      run_.criterion_bandwidth_Hz.push_back(st.receives ? criterion_bandwidth_Hz(st, sh_.criteria)
                                                        : kNaN);
    }
  }

  /// One coupling tensor per database station.
  void coupling() {
    run_.coupling_dB.resize(nd_ * per_);
    std::vector<std::shared_ptr<const prop::PathLossModel>> models;
    std::vector<prop::AreaContext> contexts;
    models.reserve(nd_);
    contexts.reserve(nd_);
    std::vector<TensorJob> jobs(nd_);
    const std::string context_key = engine_context_key(sc_);
    for (std::size_t s = 0; s < nd_; ++s) {
      const Station& st = db_[s];
      models.push_back(with_building_entry(
          prop::make_path_loss_model(with_buildings(model_for(sc_.model, st), buildings_)), sc_,
          buildings_, from_map_));
      contexts.push_back(
          prop::AreaContext{grid_, terrain_, *models.back(), step_m_, sc_.area_engine});
      TensorJob& job = jobs[s];
      job.kind = TensorJob::Kind::Coupling;
      job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
      job.antenna = antennas_[s].get();
      job.ctx = &contexts.back();
      job.coupling_dB = std::span<float>(run_.coupling_dB).subspan(s * per_, per_);
      job.cache_key = job_key(context_key, job, antenna_key(st.antenna), station_extra_key(st));
    }
    source_.compute(jobs, progress_);
  }

  /// The vacancy cube of every active set of the database stations, and its usable shares.
  void vacancy() {
    const VacancySpec& v = sh_.vacancy;
    run_.vacancy_sets =
        group_sets(sh_, std::vector<Schedule>(sh_.schedules.begin(), sh_.schedules.begin() + nd_));
    const std::size_t nc = sh_.channels.size();
    for (const Channel& ch : sh_.channels) {
      run_.newcomer_limit_dBm.push_back(newcomer_limit_dBm(v, ch));
    }
    std::vector<ActiveSet> sets;
    for (const auto& on : run_.vacancy_sets.sets) sets.push_back(vacancy_set(on, nc));
    std::vector<std::span<const float>> tensors;
    for (std::size_t s = 0; s < nd_; ++s)
      tensors.emplace_back(std::span<const float>(run_.coupling_dB).subspan(s * per_, per_));
    VacancyParams params;
    params.max_eirp_dBm = v.max_eirp_dBm;
    params.min_useful_eirp_dBm = v.min_useful_eirp_dBm;
    params.newcomer_limit_dBm = run_.newcomer_limit_dBm;
    if (v.antenna) {
      directional_vacancy(sets, nc, params);
    } else {
      run_.vacancy = compute_vacancy(tensors, nh_, grid_.cells(), sets, nc, params);
    }
    run_.usable_share = usable_share(run_.vacancy);
  }

  /// The vacancy cube of a directional candidate (vacancy.h): the coupling tensors less
  /// G_max,new - G_new(direction towards each station), for the antenna's azimuth or for each
  /// azimuth of the best-azimuth search.
  void directional_vacancy(const std::vector<ActiveSet>& sets, std::size_t nc,
                           const VacancyParams& params) {
    const VacancySpec& v = sh_.vacancy;
    const std::unique_ptr<prop::Antenna> candidate = prop::make_antenna(*v.antenna);
    run_.candidate_antenna = candidate->describe();
    std::vector<float> bearing(nd_ * per_), elevation(nd_ * per_);
    for (std::size_t s = 0; s < nd_; ++s) {
      const Station& st = db_[s];
      candidate_directions(grid_, terrain_, st.x_m, st.y_m, st.height_m,
                           std::span<float>(bearing).subspan(s * per_, per_),
                           std::span<float>(elevation).subspan(s * per_, per_));
    }
    std::vector<float> adjusted(nd_ * per_);
    std::vector<std::span<const float>> tensors;
    for (std::size_t s = 0; s < nd_; ++s)
      tensors.emplace_back(std::span<const float>(adjusted).subspan(s * per_, per_));
    const auto adjust = [&](double azimuth_offset_deg) {
      for (std::size_t s = 0; s < nd_; ++s) {
        const auto at = [&](const std::vector<float>& a) {
          return std::span<const float>(a).subspan(s * per_, per_);
        };
        candidate_coupling(at(run_.coupling_dB), at(bearing), at(elevation), *candidate,
                           azimuth_offset_deg, std::span<float>(adjusted).subspan(s * per_, per_));
      }
    };
    if (!v.best_azimuth) {
      adjust(0.0);
      run_.vacancy = compute_vacancy(tensors, nh_, grid_.cells(), sets, nc, params);
      return;
    }
    const int n_az = static_cast<int>(std::lround(360.0 / v.azimuth_step_deg));
    run_.vacancy = best_azimuth_vacancy(n_az, v.azimuth_step_deg, adjust, tensors, nh_,
                                        grid_.cells(), sets, nc, params);
  }

  /// The receivers and transmitters of the database stations that are on (`on`), with their
  /// terms a_ik and b_jk on each of the nc channels.
  ActiveSet vacancy_set(const std::vector<std::uint8_t>& on, std::size_t nc) const {
    ActiveSet set;
    for (std::size_t i = 0; i < nd_; ++i) {
      if (!on[i]) continue;
      const Station& st = db_[i];
      const double tdd = newcomer_tdd_dB(sh_.vacancy, st);
      if (st.receives) {
        VacancyReceiver r{static_cast<int>(i), std::vector<double>(nc, kInf)};
        for (std::size_t k = 0; k < nc; ++k) {
          r.a_dB[k] = vacancy_receiver_term_dB(sh_, st, run_.interference_limit_dBm[i],
                                               sh_.channels[k], tdd);
        }
        set.receivers.push_back(std::move(r));
      }
      if (st.transmits) {
        VacancyTransmitter t{static_cast<int>(i), std::vector<double>(nc, -kInf)};
        for (std::size_t k = 0; k < nc; ++k) {
          t.b_dB[k] = vacancy_transmitter_term_dB(
              sh_, st, run_.eirp_dBm[i], run_.antenna_max_gain_dBi[i], sh_.channels[k], tdd);
        }
        set.transmitters.push_back(std::move(t));
      }
    }
    return set;
  }

  /// Aggregate interference of the planned layout (and its licensees' terminals) at every
  /// receiving database station. The planned layout is placed on each channel of the plan in
  /// turn (power spectral density kept), or left on its own frequencies when the scenario has
  /// no channel plan.
  void aggregate() {
    aggregate_receivers_and_sources();
    // Database stations then the planned layout, as in the scenario's station list.
    run_.aggregate_sets = group_sets(sh_, sh_.schedules);
    const std::size_t nc = std::max<std::size_t>(sh_.channels.size(), 1);
    AggregateInput in;
    in.n_receivers = run_.receivers.size();
    in.n_channels = nc;
    in.n_sources = run_.sources.size();
    in.contribution_dBm.assign(in.n_receivers * nc * in.n_sources, -kInf);
    for (const Station& p : planned_) planned_antennas_.push_back(prop::make_antenna(p.antenna));
    served_ = served_cells();
    levels_.assign(in.n_receivers * in.n_sources, std::nullopt);
    on_air_dBm_.assign(in.n_receivers * nc * in.n_sources, -kInf);
    for (std::size_t r = 0; r < run_.receivers.size(); ++r) receiver_contributions(r, nc, in);
    aggregate_activity(in);
    run_.aggregate = aggregate_interference(in);
    run_.aggregate_contribution_dBm = std::move(in.contribution_dBm);
    aggregate_in_ = std::move(in);  // its receivers, limits and active sets, for the Monte Carlo
  }

  /// The Monte Carlo of [montecarlo] over the terms of the aggregate (computed once above): a
  /// target per receiver and channel, each source expanded into its emitters (one for a base
  /// station or a terminal at a point, ceil(terminals_per_station) for the terminals a base
  /// station serves), drawn on the air with their activity, at a random slot of the time axis.
  void montecarlo(const AggregateInput& ag) {
    const MonteCarloSpec& spec = sh_.montecarlo;
    const std::size_t nr = ag.n_receivers, nc = ag.n_channels, ns = ag.n_sources;
    MonteCarloInput in;
    std::vector<std::uint32_t> first(ns);  // first emitter of each source
    for (std::size_t src = 0; src < ns; ++src) {
      first[src] = static_cast<std::uint32_t>(in.source_activity.size());
      const AggregateSource& so = run_.sources[src];
      const AggregateSpec& a = sh_.aggregate;
      std::size_t n = 1;
      double activity =
          so.kind == AggregateSource::Kind::Base ? a.bs_activity : a.terminal_activity;
      if (so.kind == AggregateSource::Kind::ServedTerminals) {
        n = static_cast<std::size_t>(std::ceil(a.terminals_per_station));
        activity = a.terminal_activity * a.terminals_per_station / static_cast<double>(n);
      }
      in.source_activity.insert(in.source_activity.end(), n, activity);
    }
    if (sh_.has_time) {
      for (const int set : run_.aggregate_sets.slot_set)
        in.slot_set.push_back(static_cast<std::uint32_t>(set));
      for (std::size_t set = 0; set < ag.source_active.size(); ++set) {
        std::vector<std::uint8_t> on;
        for (std::size_t src = 0; src < ns; ++src) {
          const std::size_t n =
              (src + 1 < ns ? first[src + 1] : in.source_activity.size()) - first[src];
          on.insert(on.end(), n, ag.source_active[set][src]);
        }
        in.source_on.push_back(std::move(on));
        in.receiver_on.push_back(ag.receiver_active[set]);
      }
    }
    // [receiver][planned station] the receiver's coupling at each cell the station serves, when
    // its terminals are drawn there.
    const std::vector<std::vector<double>> cell_dB = place_terminals(in, first);
    for (std::size_t r = 0; r < nr; ++r) {
      const Station& st = db_[run_.receivers[r]];
      const double noise = noise_power_dBm(st, st.freq_hi_Hz - st.freq_lo_Hz);
      run_.montecarlo_noise_dBm.push_back(noise);
      for (std::size_t k = 0; k < nc; ++k) {
        // A windowed criterion: every emitter's power lies in the windows as its source's.
        const std::vector<double>* wf =
            ag.window_fraction.empty() || ag.window_fraction[r * nc + k].empty()
                ? nullptr
                : &ag.window_fraction[r * nc + k];
        const std::size_t nw = wf ? wf->size() / ns : 0;
        in.add_target(r, noise, ag.limit_dBm[r], spec.wanted_dBm, nw);
        std::vector<double> fractions(nw);
        for (std::size_t src = 0; src < ns; ++src) {
          const std::optional<SourceLevel>& level = levels_[r * ns + src];
          if (!level) continue;
          const double dBm = on_air_dBm_[(r * nc + k) * ns + src];
          for (std::size_t w = 0; w < nw; ++w) fractions[w] = (*wf)[w * ns + src];
          if (!cell_dB.empty() &&
              run_.sources[src].kind == AggregateSource::Kind::ServedTerminals) {
            // Drawn terminals: the level without the mean coupling, and each cell's coupling.
            const std::vector<double>& cells =
                cell_dB[r * planned_.size() + run_.sources[src].station];
            const LossStatistic entry = placed_entry_statistic(r);
            for (std::size_t e = 0; e < level->emitters; ++e) {
              in.add_placed_link(first[src] + static_cast<std::uint32_t>(e),
                                 dBm - level->cell_mean_dB, level->collision,
                                 spec.shadowing_sigma_dB, cells, fractions, entry);
            }
            continue;
          }
          const LossStatistic entry = entry_loss_statistic(r, run_.sources[src]);
          for (std::size_t e = 0; e < level->emitters; ++e) {
            in.add_link(first[src] + static_cast<std::uint32_t>(e), dBm, level->collision,
                        spec.shadowing_sigma_dB, entry, fractions);
          }
        }
      }
    }
    MonteCarloSettings settings;
    settings.seed = spec.seed;
    settings.max_trials = spec.max_trials;
    settings.batch_trials = spec.batch_trials;
    settings.confidence = spec.confidence;
    settings.target_width = spec.interval_width;
    settings.criteria = {spec.i_over_n,          spec.c_over_i,           spec.c_over_i_dB,
                         spec.c_over_n_plus_i,   spec.c_over_n_plus_i_dB, spec.n_plus_i_over_n,
                         spec.n_plus_i_over_n_dB};
    const auto steps = static_cast<std::size_t>(
        std::floor((spec.cdf_max_dB - spec.cdf_min_dB) / spec.cdf_step_dB + 1e-9));
    for (std::size_t i = 0; i <= steps; ++i)
      settings.cdf_i_over_n_dB.push_back(spec.cdf_min_dB +
                                         static_cast<double>(i) * spec.cdf_step_dB);
    run_.montecarlo_cdf_i_over_n_dB = settings.cdf_i_over_n_dB;
    run_.montecarlo = run_montecarlo(in, settings, montecarlo_share_);
  }

  /// For a receiver whose criterion holds in every reference bandwidth (limit_dBm is then one
  /// window's), the share of source `src`'s contribution in the window it fills most, in dB; 0
  /// for a criterion over the band. The allocation checks one sum per receiver, so each
  /// applicant counts with its own worst window: the sum of these is at least the worst
  /// window's sum (a sum of maxima bounds the maximum of sums), so the receiver stays protected,
  /// exactly when one applicant reaches it and conservatively when several fill different parts
  /// of its band.
  static double worst_window_share_dB(const AggregateInput& ag, std::size_t r, std::size_t k,
                                      std::size_t src) {
    if (ag.window_fraction.empty()) return 0.0;
    const std::vector<double>& wf = ag.window_fraction[r * ag.n_channels + k];
    if (wf.empty()) return 0.0;
    double most = 0;
    for (std::size_t w = 0; w * ag.n_sources < wf.size(); ++w)
      most = std::max(most, wf[w * ag.n_sources + src]);
    return 10.0 * std::log10(most);
  }

  /// [coordination] over the terms of the aggregate: each planned base station an applicant, its
  /// coupling into receiver r on channel k its contribution on the air with the TDD collision
  /// as a mean (the live engine's c_ji, sim/live/live_engine.h), less its EIRP.
  void coordination(const AggregateInput& ag) {
    const std::size_t nr = ag.n_receivers, nc = ag.n_channels, ns = ag.n_sources;
    const std::size_t na = planned_.size();
    AllocationInput in;
    in.n_applicants = na;
    in.n_receivers = nr;
    in.n_channels = nc;
    in.limit_dBm = ag.limit_dBm;
    in.channel = sh_.coordination.applicant_channel;
    in.requested_eirp_dBm.resize(na);
    in.activity.assign(na, sh_.aggregate.bs_activity);
    in.coupling_dB.assign(nr * nc * na, -kInf);
    for (std::size_t src = 0; src < ns; ++src) {
      const AggregateSource& so = run_.sources[src];
      if (so.kind != AggregateSource::Kind::Base) continue;
      const std::size_t a = so.station;
      const double eirp = coverage_ ? coverage_->eirp_dBm[a] : planned_[a].eirp_dBm;
      in.requested_eirp_dBm[a] = eirp;
      for (std::size_t r = 0; r < nr; ++r) {
        const std::optional<SourceLevel>& level = levels_[r * ns + src];
        if (!level) continue;
        for (std::size_t k = 0; k < nc; ++k) {
          in.coupling_dB[(r * nc + k) * na + a] = on_air_dBm_[(r * nc + k) * ns + src] +
                                                  10.0 * std::log10(level->collision) - eirp +
                                                  worst_window_share_dB(ag, r, k, src);
        }
      }
    }
    run_.coordination = run_coordination(sh_.coordination, std::move(in), montecarlo_share_);
  }

  /// With [montecarlo] draw_entry_loss: the ITU-R P.2109-2 entry loss of the link from source
  /// `so` to receiver r, one draw per indoor end (the planned base station or database terminal,
  /// and the receiver: indoors as the rest of the run places them), horizontal at the facade
  /// (θ = 0, terrestrial links), at the receiver's frequency. With [buildings] the level holds
  /// the loss at its probability and the draws add the deviation from it; without, the level
  /// holds none and the draws add the whole loss. Served terminals spread over cells get none
  /// here: placed each trial, they get placed_entry_statistic(); at their mean coupling, none.
  LossStatistic entry_loss_statistic(std::size_t r, const AggregateSource& so) const {
    LossStatistic s;
    if (!sh_.montecarlo.draw_entry_loss || so.kind == AggregateSource::Kind::ServedTerminals)
      return s;
    const std::size_t i = run_.receivers[r];
    const bool rx_in = buildings_ ? buildings_->database_indoor[i] != 0 : db_[i].indoor;
    const bool tx_in =
        so.kind == AggregateSource::Kind::Base
            ? (buildings_ ? buildings_->station_indoor[so.station] != 0
                          : planned_[so.station].indoor)
            : (buildings_ ? buildings_->database_indoor[so.station] != 0 : db_[so.station].indoor);
    const int ends = static_cast<int>(rx_in) + static_cast<int>(tx_in);
    if (ends == 0) return s;
    return p2109_statistic(i, ends);
  }

  /// The P.2109-2 statistic of `ends` indoor ends of a link into database station i (see
  /// entry_loss_statistic).
  LossStatistic p2109_statistic(std::size_t i, int ends) const {
    LossStatistic s;
    s.kind = LossStatistic::Kind::P2109;
    s.f_GHz = db_[i].freq_Hz / 1e9;
    s.theta_deg = 0;
    s.ends = static_cast<std::uint8_t>(ends);
    if (sc_.buildings.enabled) {
      s.building = sc_.buildings.entry_loss.building;
      s.reference_percent = 100.0 * sc_.buildings.entry_loss.probability;
    } else {
      s.reference_percent = std::numeric_limits<double>::quiet_NaN();
    }
    return s;
  }

  /// With [montecarlo] draw_entry_loss, for the terminals placed each trial in the cells their
  /// base station serves: the statistic of their links into receiver r, its fixed end the
  /// receiver (one draw when indoors), the terminal's end drawn with it when the trial places
  /// the terminal in an indoor cell (PositionPool::building, place_terminals()), none when that
  /// cell is in the receiver's own building (the coupling tensor holds no entry loss there).
  LossStatistic placed_entry_statistic(std::size_t r) const {
    if (!sh_.montecarlo.draw_entry_loss) return {};
    const std::size_t i = run_.receivers[r];
    const Station& st = db_[i];
    const bool rx_in = buildings_ ? buildings_->database_indoor[i] != 0 : st.indoor;
    LossStatistic s = p2109_statistic(i, rx_in ? 1 : 0);
    if (rx_in && buildings_ != nullptr && buildings_->map)
      s.same_building = buildings_->map->indoor_building_at_point(st.x_m, st.y_m, st.height_m);
    return s;
  }

  /// With [montecarlo] terminal_positions "uniform" or "density": a pool per planned station of
  /// the cells it serves (their probabilities, the terminals' power there under open-loop
  /// power control), every emitter of its served terminals placed in it; returns each
  /// receiver's coupling at the pool's cells, [receiver][planned station] (empty: the terminals
  /// keep the mean coupling).
  std::vector<std::vector<double>> place_terminals(MonteCarloInput& in,
                                                   const std::vector<std::uint32_t>& first) const {
    const MonteCarloSpec& spec = sh_.montecarlo;
    if (spec.terminal_positions == MonteCarloSpec::TerminalPositions::Mean || coverage_ == nullptr)
      return {};
    const std::size_t cells = grid_.cells();
    const std::size_t ht = sh_.aggregate.terminal_height_index;
    const std::vector<double> density =
        spec.terminal_positions == MonteCarloSpec::TerminalPositions::Density
            ? terminal_density(spec.terminal_density_path)
            : std::vector<double>{};
    std::vector<std::int32_t> pool_of(planned_.size(), -1);
    for (std::size_t p = 0; p < planned_.size(); ++p) {
      const std::vector<std::size_t>& served = served_[p];
      if (served.empty()) continue;
      MonteCarloInput::PositionPool pool;
      pool.n_cells = served.size();
      if (!density.empty()) {
        double total = 0.0;
        for (std::size_t c : served) total += density[c];
        if (!(total > 0.0)) {
          throw InputError(fmt::format(
              "{}: montecarlo.terminal_density: found no density in the {} cells {} serves, "
              "expected a density > 0 somewhere in them",
              sc_.path, served.size(), planned_[p].id));
        }
        double sum = 0.0;
        for (std::size_t c : served) pool.cdf.push_back((sum += density[c]) / total);
        pool.cdf.back() = 1.0;
      }
      if (spec.draw_entry_loss) {
        // Where the terminals stand indoors. With [buildings]: the cells inside a footprint
        // below its roof at the terminal height, as the coupling tensors place that end (their
        // values hold the entry loss at [buildings]' probability there). Without: everywhere
        // when the serving base station is indoors (indoor = true; its terminals are inside
        // with it), the whole loss drawn, as for the stations.
        const prop::BuildingMap* map = buildings_ ? buildings_->map.get() : nullptr;
        const auto nx = static_cast<std::size_t>(grid_.nx);
        for (std::size_t c : served) {
          pool.building.push_back(map != nullptr
                                      ? map->indoor_building(static_cast<int>(c % nx),
                                                             static_cast<int>(c / nx),
                                                             sh_.aggregate.terminal_height_m)
                                  : planned_[p].indoor ? 0
                                                       : -1);
        }
        if (std::all_of(pool.building.begin(), pool.building.end(),
                        [](std::int32_t b) { return b < 0; }))
          pool.building.clear();
      }
      if (spec.power_control) {
        // PL: the serving station's conducted power less the power the terminal receives
        // (its antenna gain included), TS 38.213 §7.1.1 referenceSignalPower - RSRP.
        const double p_max = sh_.aggregate.terminal_eirp_dBm;
        const double conducted = coverage_->eirp_dBm[p] - coverage_->antenna_max_gain_dBi[p];
        for (std::size_t c : served) {
          const double pl = conducted - coverage_->coverage.best_rx_power_dBm[ht * cells + c];
          pool.power_dB.push_back(open_loop_power_dBm(p_max, spec.p0_dBm, spec.alpha, pl) - p_max);
        }
      }
      pool_of[p] = in.add_pool(std::move(pool));
    }
    for (std::size_t src = 0; src < run_.sources.size(); ++src) {
      const AggregateSource& so = run_.sources[src];
      if (so.kind != AggregateSource::Kind::ServedTerminals || pool_of[so.station] < 0) continue;
      const std::size_t n =
          static_cast<std::size_t>(std::ceil(sh_.aggregate.terminals_per_station));
      for (std::size_t e = 0; e < n; ++e) in.place_source(first[src] + e, pool_of[so.station]);
    }
    std::vector<std::vector<double>> out(run_.receivers.size() * planned_.size());
    for (std::size_t r = 0; r < run_.receivers.size(); ++r) {
      const float* k_i = run_.coupling_dB.data() + run_.receivers[r] * per_ + ht * cells;
      for (std::size_t p = 0; p < planned_.size(); ++p)
        for (std::size_t c : served_[p]) out[r * planned_.size() + p].push_back(k_i[c]);
    }
    return out;
  }

  /// The terminal density raster at the study's cell centres (GDAL's warper, averaging; no
  /// data counts as no terminals). InputError on a negative density.
  std::vector<double> terminal_density(const std::string& path) const {
    prop::RasterTerrainOptions o;
    o.path = path;
    o.resampling = "average";
    o.nodata = prop::NodataPolicy::Fill;
    o.fill_value_m = 0;
    const prop::Extent centres{grid_.x(0), std::min(grid_.y(0), grid_.y(grid_.ny - 1)),
                               grid_.x(grid_.nx - 1), std::max(grid_.y(0), grid_.y(grid_.ny - 1))};
    const prop::TerrainGrid g =
        prop::load_raster_terrain(o, sc_.crs, prop::TerrainLattice{centres, grid_.cell_m}, nullptr);
    std::vector<double> d(grid_.cells());
    for (int iy = 0; iy < grid_.ny; ++iy) {
      for (int ix = 0; ix < grid_.nx; ++ix) {
        const double v = g.elevation_m(grid_.x(ix), grid_.y(iy));
        if (v < 0 || !std::isfinite(v)) {
          throw InputError(fmt::format(
              "{}: montecarlo.terminal_density: found {} at ({}, {}), expected a density >= 0",
              path, v, grid_.x(ix), grid_.y(iy)));
        }
        d[static_cast<std::size_t>(iy) * static_cast<std::size_t>(grid_.nx) +
          static_cast<std::size_t>(ix)] = v;
      }
    }
    return d;
  }

  /// The receiving database stations, and the sources: each planned base station (and the
  /// terminals it serves), then the database terminals of the planned layout's licensees
  /// (terminals at given points).
  void aggregate_receivers_and_sources() {
    for (std::size_t i = 0; i < nd_; ++i)
      if (db_[i].receives) run_.receivers.push_back(i);
    for (std::size_t p = 0; p < planned_.size(); ++p) {
      run_.sources.push_back({planned_[p].id, p, AggregateSource::Kind::Base});
      if (sh_.aggregate.terminals) {
        run_.sources.push_back(
            {planned_[p].id + "/terminals", p, AggregateSource::Kind::ServedTerminals});
      }
    }
    for (std::size_t j = 0; j < nd_; ++j) {
      const Station& t = db_[j];
      const bool of_planned = std::any_of(planned_.begin(), planned_.end(), [&](const Station& p) {
        return p.licensee == t.licensee;
      });
      if (t.role == StationRole::Local5gTerminal && t.transmits && of_planned)
        run_.sources.push_back({t.id, j, AggregateSource::Kind::PointTerminal});
    }
  }

  /// The cells whose terminals each planned base station serves (best server, inside the
  /// premises, or without premises at or above the service threshold), found once for every
  /// receiver.
  std::vector<std::vector<std::size_t>> served_cells() const {
    const std::size_t ht = sh_.aggregate.terminal_height_index;
    const std::size_t cells = grid_.cells();
    std::vector<std::vector<std::size_t>> served(planned_.size());
    if (coverage_ == nullptr || !sh_.aggregate.terminals) return served;
    const CoverageResult& cov = coverage_->coverage;
    for (std::size_t c = 0; c < cells; ++c) {
      const std::size_t hc = ht * cells + c;
      const std::int16_t s = cov.best_server[hc];
      if (s < 0) continue;
      if (cov.has_premises ? !cov.premises_mask[c]
                           : cov.best_rx_power_dBm[hc] < sc_.coverage.service_threshold_dBm)
        continue;
      served[static_cast<std::size_t>(s)].push_back(c);
    }
    return served;
  }

  /// The contribution of every source at receiver r on each of the nc channels (dBm); left at
  /// -inf where the source does not interfere with the receiver.
  void receiver_contributions(std::size_t r, std::size_t nc, AggregateInput& in) {
    const std::size_t i = run_.receivers[r];
    const Station& st = db_[i];
    in.limit_dBm.push_back(run_.interference_limit_dBm[i]);
    const ReceiverLinks links(sc_, terrain_, buildings_, st, *antennas_[i], step_m_);
    const std::size_t cells = grid_.cells();
    const float* k_i =
        run_.coupling_dB.data() + i * per_ + sh_.aggregate.terminal_height_index * cells;
    // A criterion in the worst reference bandwidth: where each contribution lies in the band.
    const bool windowed = windowed_criterion(st, sh_.criteria);
    const Channel rx_band = band_of(st);
    // A source that does not reach the receiver lies nowhere: no overlap, no leakage.
    std::vector<CouplingShape> shapes(windowed ? nc * in.n_sources : 0,
                                      CouplingShape{rx_band.lo_Hz, rx_band.lo_Hz, 1.0});
    for (std::size_t src = 0; src < run_.sources.size(); ++src) {
      const AggregateSource& so = run_.sources[src];
      Channel own;  // the source's own band
      const std::optional<SourceLevel> level = source_level(st, links, k_i, so, own);
      if (!level) continue;
      levels_[r * in.n_sources + src] = *level;
      for (std::size_t k = 0; k < nc; ++k) {
        const Channel tx_band = sh_.channels.empty() ? own : sh_.channels[k];
        // Power spectral density kept when a base station moves to a channel of another
        // width; a terminal's EIRP is per channel.
        const double width = so.kind == AggregateSource::Kind::Base
                                 ? 10.0 * std::log10(tx_band.bandwidth_Hz() / own.bandwidth_Hz())
                                 : 0.0;
        const double coupling = coupling_loss_dB(tx_band, band_of(st), sh_.coupling);
        in.contribution_dBm[(r * nc + k) * in.n_sources + src] = level->mean_dBm + width - coupling;
        on_air_dBm_[(r * nc + k) * in.n_sources + src] = level->on_air_dBm + width - coupling;
        if (windowed)
          shapes[k * in.n_sources + src] = coupling_shape(tx_band, rx_band, sh_.coupling);
      }
    }
    if (!windowed) return;
    if (in.window_fraction.empty()) in.window_fraction.resize(in.n_receivers * nc);
    for (std::size_t k = 0; k < nc; ++k) {
      in.window_fraction[r * nc + k] = window_fractions(
          rx_band, st.criterion.ref_bandwidth_Hz,
          std::span<const CouplingShape>(shapes).subspan(k * in.n_sources, in.n_sources));
    }
  }

  /// Source `so` at receiver `st`: everything but the channel coupling (dBm), and its own band
  /// in `own`; nothing when it does not interfere with the receiver (the receiver's own
  /// network, synchronous TDD, no cells served). `k_i` is the receiver's coupling tensor at
  /// the terminal height.
  std::optional<SourceLevel> source_level(const Station& st, const ReceiverLinks& links,
                                          const float* k_i, const AggregateSource& so,
                                          Channel& own) const {
    const AggregateSpec& ag = sh_.aggregate;
    const bool point_terminal = so.kind == AggregateSource::Kind::PointTerminal;
    const std::string& licensee =
        point_terminal ? db_[so.station].licensee : planned_[so.station].licensee;
    if (!st.licensee.empty() && st.licensee == licensee) return std::nullopt;  // its own network
    if (so.kind == AggregateSource::Kind::Base) {
      const Station& p = planned_[so.station];
      own = band_of(p);
      const double tdd =
          is_base(st) ? tdd_correction_dB(p.tdd, p.tdd_overlap, st.tdd, st.tdd_overlap) : 0.0;
      if (tdd == -kInf) return std::nullopt;
      const double eirp = coverage_ ? coverage_->eirp_dBm[so.station] : p.eirp_dBm;
      const double gmax = planned_antennas_[so.station]->max_gain_dBi();
      const double on_air =
          eirp - gmax +
          links.coupling_dB(p.x_m, p.y_m, p.height_m, *planned_antennas_[so.station],
                            buildings_ ? planned_tx_end(*buildings_, so.station) : from_map_) -
          st.feeder_loss_dB;
      // A quasi-synchronous pair collides for the overlap fraction of the frame: the mean
      // carries it as 10 log10(overlap), the Monte Carlo as a Bernoulli draw.
      return SourceLevel{on_air + tdd + 10.0 * std::log10(ag.bs_activity), on_air,
                         std::pow(10.0, tdd / 10.0), 1};
    }
    if (point_terminal) {
      // A terminal's uplink: no TDD correction (it transmits when base stations receive).
      const Station& t = db_[so.station];
      own = band_of(t);
      const double on_air =
          run_.eirp_dBm[so.station] - run_.antenna_max_gain_dBi[so.station] +
          links.coupling_dB(t.x_m, t.y_m, t.height_m, *antennas_[so.station], from_map_) -
          st.feeder_loss_dB;
      return SourceLevel{on_air + 10.0 * std::log10(ag.terminal_activity), on_air, 1.0, 1};
    }
    // Terminals served by p: spread uniformly over the cells p serves (inside the premises
    // when there are premises), at the terminal height.
    own = band_of(planned_[so.station]);
    const std::vector<std::size_t>& cells_p = served_[so.station];
    if (cells_p.empty()) return std::nullopt;
    double sum = 0.0;
    for (std::size_t c : cells_p) sum += dbm_to_mw(k_i[c]);
    const double mean_dBm = mw_to_dbm(sum / static_cast<double>(cells_p.size()));
    // The Monte Carlo draws each of the terminals on its own: ceil(terminals_per_station)
    // emitters whose activities keep the mean number on the air.
    const double emitters = std::ceil(ag.terminals_per_station);
    return SourceLevel{ag.terminal_eirp_dBm +
                           10.0 * std::log10(ag.terminals_per_station * ag.terminal_activity) +
                           mean_dBm - st.feeder_loss_dB,
                       ag.terminal_eirp_dBm + mean_dBm - st.feeder_loss_dB, 1.0,
                       static_cast<std::size_t>(emitters), mean_dBm};
  }

  /// Which receivers and sources are on in each active set of the time axis.
  void aggregate_activity(AggregateInput& in) const {
    for (const auto& on : run_.aggregate_sets.sets) {
      std::vector<std::uint8_t> rx_on, src_on;
      for (std::size_t i : run_.receivers) rx_on.push_back(on[i]);
      for (const AggregateSource& so : run_.sources) {
        src_on.push_back(so.kind == AggregateSource::Kind::PointTerminal ? on[so.station]
                                                                         : on[nd_ + so.station]);
      }
      in.receiver_active.push_back(std::move(rx_on));
      in.source_active.push_back(std::move(src_on));
    }
  }

  const Scenario& sc_;
  const SharingSpec& sh_;
  const prop::TerrainGrid& terrain_;
  const CoverageRun* coverage_;
  Progress& progress_;
  TensorSource& source_;
  const MonteCarloShare* montecarlo_share_;
  const std::span<const Station> db_;
  const std::span<const Station> planned_;
  const prop::StudyGrid& grid_;
  const std::size_t nd_;   ///< database stations
  const std::size_t nh_;   ///< heights
  const std::size_t per_;  ///< values per coupling tensor: heights x cells
  const double step_m_;
  /// Database stations: indoors when inside a footprint below its roof (as indoor = "auto").
  const prop::TxEnd from_map_{prop::TxEnd::Kind::FromMap, -1};

  std::shared_ptr<const StudyBuildings> own_buildings_;
  const StudyBuildings* buildings_ = nullptr;
  std::vector<std::unique_ptr<prop::Antenna>> antennas_;          ///< [db station]
  std::vector<std::unique_ptr<prop::Antenna>> planned_antennas_;  ///< [planned station]
  std::vector<std::vector<std::size_t>> served_;                  ///< [planned station] cells
  AggregateInput aggregate_in_;                     ///< the aggregate's input but its contributions
  std::vector<std::optional<SourceLevel>> levels_;  ///< [receiver][source]; none: no coupling
  std::vector<double> on_air_dBm_;                  ///< [receiver][channel][source]
  SharingRun run_;
};

}  // namespace

SharingRun run_sharing(const Scenario& sc, const prop::TerrainGrid& terrain,
                       const CoverageRun* coverage, Progress& progress, TensorSource* source_in,
                       const MonteCarloShare* montecarlo_share) {
  LocalTensorSource local;
  return SharingRunner(sc, terrain, coverage, progress, source_in != nullptr ? *source_in : local,
                       montecarlo_share)
      .run();
}

}  // namespace akichi::sim

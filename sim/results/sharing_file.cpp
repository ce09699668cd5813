#include "sim/results/sharing_file.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/results/coordination_file.h"
#include "sim/results/municipal_file.h"
#include "sim/results/satellite_file.h"
#include "sim/results/station_table.h"
#include "sim/results/variable_table.h"
#include "sim/station/criterion.h"

namespace akichi::sim {
namespace {

using results::all;
using results::Attrs;
using results::Group;
using results::StoreOptions;
using results::Values;
using results::VariableSpec;

const float kNaNf = std::numeric_limits<float>::quiet_NaN();
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

Attrs concat(Attrs a, const Attrs& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// flag_values / flag_meanings over the database station ids, with -1 first.
Attrs binding_flags(std::span<const Station> stations, const std::string& none) {
  std::vector<std::int32_t> values{-1};
  std::string meanings = none;
  for (std::size_t i = 0; i < stations.size(); ++i) {
    values.push_back(static_cast<std::int32_t>(i));
    meanings += " " + stations[i].id;
  }
  return results::flag_attrs(values, meanings);
}

// Time axis: slot starts in seconds since the epoch (UTC), with the local labels.
void write_time_axis(Group& root, const SharingSpec& sh, const StoreOptions& store) {
  std::vector<double> t;
  std::vector<std::string> t_local;
  for (std::int64_t s : sh.time.start_utc_s) {
    t.push_back(static_cast<double>(s));
    t_local.push_back(sh.has_time ? iso_local(s, sh.time.tz) : std::string("always"));
  }
  root.add_coordinate("time", t,
                      {{"standard_name", std::string("time")},
                       {"long_name", std::string("start of the time slot")},
                       {"units", std::string("seconds since 1970-01-01 00:00:00 UTC")},
                       {"calendar", std::string("standard")},
                       {"axis", std::string("T")},
                       {"time_zone", sh.time.tz},
                       {"slot_seconds", static_cast<double>(sh.time.step_s)},
                       {"comment", std::string(sh.has_time ? "slot i covers [time_i, time_i + "
                                                             "slot_seconds)"
                                                           : "no [time] table: one slot for the "
                                                             "whole study")}});
  const VariableSpec specs[] = {
      {.name = "time_local",
       .dims = {"time"},
       .long_name = "slot start in the scenario's time zone (ISO 8601)",
       .data = Values<std::string>{all(t_local)}},
  };
  results::write_variables(root, specs, store);
}

// Channels of the plan: centre frequency (the coordinate), identifier and edges.
void write_channels(Group& root, const SharingSpec& sh, const StoreOptions& store) {
  std::vector<double> centre, lo, hi;
  std::vector<std::string> ids;
  for (const Channel& c : sh.channels) {
    centre.push_back(c.centre_Hz());
    lo.push_back(c.lo_Hz);
    hi.push_back(c.hi_Hz);
    ids.push_back(c.id);
  }
  root.add_coordinate(
      "channel", centre,
      {{"long_name", std::string("channel centre frequency")}, {"units", std::string("Hz")}});
  const VariableSpec specs[] = {
      {.name = "channel_id",
       .dims = {"channel"},
       .long_name = "channel identifier",
       .data = Values<std::string>{all(ids)}},
      {.name = "channel_lo",
       .dims = {"channel"},
       .long_name = "channel lower edge",
       .units = "Hz",
       .data = Values<double>{all(lo)}},
      {.name = "channel_hi",
       .dims = {"channel"},
       .long_name = "channel upper edge",
       .units = "Hz",
       .data = Values<double>{all(hi)}},
  };
  results::write_variables(root, specs, store);
}

/// Writes the cube variables `specs` [time][channel][height][y][x] from the cube's
/// [set][channel][height][y][x] data: each slot takes the planes of its active set.
void write_by_slot(Group& root, std::span<const VariableSpec> specs, const Scenario& sc,
                   const SharingRun& run, const StoreOptions& store) {
  const VacancyCube& v = run.vacancy;
  std::vector<results::Variable> vars;
  for (const VariableSpec& spec : specs)
    vars.push_back(results::create_variable(root, spec, store));
  const std::size_t nt = sc.sharing.time.start_utc_s.size();
  const std::size_t ny = static_cast<std::size_t>(sc.grid.ny);
  const std::size_t nx = static_cast<std::size_t>(sc.grid.nx);
  for (std::size_t ti = 0; ti < nt; ++ti) {
    const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[ti]);
    for (std::size_t k = 0; k < v.n_channels; ++k) {
      for (std::size_t h = 0; h < v.n_heights; ++h) {
        const std::vector<std::size_t> o{ti, k, h, 0, 0}, n{1, 1, 1, ny, nx};
        for (std::size_t i = 0; i < specs.size(); ++i) {
          results::write_slab(vars[i], specs[i], o, n, v.index(set, k, h));
        }
      }
    }
  }
}

/// The vacancy cube's variables [time][channel][height][y][x].
std::vector<VariableSpec> vacancy_cube_specs(const Scenario& sc, const SharingRun& run) {
  const VacancyCube& v = run.vacancy;
  const VacancySpec& vac = sc.sharing.vacancy;
  const std::vector<std::string> dims{"time", "channel", "height", "y", "x"};
  Attrs cand{{"candidate_antenna_gain_dBi", vac.antenna_gain_dBi},
             {"comment", std::string("height is the candidate base station's antenna "
                                     "height above ground")}};
  // A directional candidate: its pattern (the omnidirectional one keeps the attributes it had).
  if (!run.candidate_antenna.empty()) cand.push_back({"candidate_antenna", run.candidate_antenna});
  std::vector<VariableSpec> specs{
      {.name = "max_eirp",
       .dims = dims,
       .long_name = "maximum EIRP a new base station may radiate (single entry, every active "
                    "receiver within its criterion, capped at the system maximum)",
       .units = "dBm",
       .on_grid = true,
       .extra = concat(cand, {{"system_max_eirp_dBm", vac.max_eirp_dBm}}),
       .data = Values<float>{all(v.max_eirp_dBm), kNaNf}},
      {.name = "binding_station",
       .dims = dims,
       .long_name = "index of the database station whose criterion limits max_eirp",
       .units = "1",
       .on_grid = true,
       .flags = binding_flags(sc.stations.database(), "system_maximum"),
       .extra = {{"comment", std::string("-1: the system maximum binds, no receiver limits the "
                                         "cell")}},
       .data = Values<std::int16_t>{all(v.binding), -2}},
      {.name = "vacancy_interference",
       .dims = dims,
       .long_name = "interference the new base station receives from the active transmitters",
       .units = "dBm",
       .on_grid = true,
       .extra = {{"comment", std::string("-inf: no active transmitter")}},
       .data = Values<float>{all(v.interference_dBm), kNaNf}},
      {.name = "usable",
       .dims = dims,
       .long_name = "cell, height, channel and slot usable by a new base station",
       .units = "1",
       .on_grid = true,
       .flags = results::flag_attrs({0, 1}, "not_usable usable"),
       .extra = {{"min_useful_eirp_dBm", vac.min_useful_eirp_dBm},
                 {"candidate_i_over_n_dB", vac.i_over_n_dB}},
       .data = Values<std::uint8_t>{all(v.usable), 255}},
  };
  if (!v.azimuth_deg.empty()) {
    specs.push_back(
        {.name = "candidate_azimuth",
         .dims = dims,
         .long_name = "azimuth of the candidate's antenna that gives the largest max_eirp "
                      "(azimuth = \"best\")",
         .units = "degree",
         .on_grid = true,
         .extra = {{"azimuth_step_deg", vac.azimuth_step_deg},
                   {"comment", std::string("clockwise from grid north; on a tie of max_eirp the "
                                           "lower vacancy_interference, then the smaller "
                                           "azimuth")}},
         .data = Values<float>{all(v.azimuth_deg), kNaNf}});
  }
  return specs;
}

// Vacancy: the active set of each slot, the cube, and the usable share per slot.
void write_vacancy(Group& root, const Scenario& sc, const SharingRun& run,
                   const StoreOptions& store) {
  const VacancyCube& v = run.vacancy;
  const std::size_t nt = sc.sharing.time.start_utc_s.size(), nc = v.n_channels, nh = v.n_heights;
  const std::vector<std::int32_t> slot_set(run.vacancy_sets.slot_set.begin(),
                                           run.vacancy_sets.slot_set.end());
  const VariableSpec set_spec[] = {
      {.name = "vacancy_active_set",
       .dims = {"time"},
       .long_name = "index of the distinct set of active database stations (slots with the same "
                    "set share one computation)",
       .units = "1",
       .extra = {{"distinct_sets", static_cast<std::int32_t>(v.n_sets)}},
       .data = Values<std::int32_t>{all(slot_set)}},
  };
  results::write_variables(root, set_spec, store);
  write_by_slot(root, vacancy_cube_specs(sc, run), sc, run, store);
  std::vector<double> share(nt * nc * nh);
  for (std::size_t ti = 0; ti < nt; ++ti) {
    const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[ti]);
    for (std::size_t i = 0; i < nc * nh; ++i)
      share[ti * nc * nh + i] = run.usable_share[set * nc * nh + i];
  }
  const VariableSpec specs[] = {
      {.name = "usable_share",
       .dims = {"time", "channel", "height"},
       .long_name = "share of study cells usable",
       .units = "1",
       .data = Values<double>{all(share)}},
      {.name = "vacancy_newcomer_limit",
       .dims = {"channel"},
       .long_name = "interference the new base station accepts (N + I/N)",
       .units = "dBm",
       .data = Values<double>{all(run.newcomer_limit_dBm)}},
  };
  results::write_variables(root, specs, store);
}

/// The rule parameters every MIC area variable carries.
Attrs mic_rule_attrs(const Scenario& sc, const SharingRun& run) {
  const MicBandRule& rule = *run.mic_rule;
  return {{"coordinates", std::string("mic_station_id")},
          {"mic_rules_file", sc.sharing.mic.rules_path},
          {"mic_rules_status", sc.sharing.mic.rules.status},
          {"mic_rules_source", sc.sharing.mic.rules.source},
          {"mic_band", rule.name},
          {"coverage_threshold_dBm", rule.coverage_threshold_dBm},
          {"coordination_threshold_dBm", rule.coordination_threshold_dBm},
          {"reference_bandwidth_Hz", rule.reference_bandwidth_Hz},
          {"terminal_height_m", rule.terminal_height_m},
          {"model", run.mic_model_description},
          {"model_stands_in_for", rule.model.stand_in_for}};
}

/// units "1" and the inside/outside flags, first in the MIC masks' attributes.
Attrs mask_leading() {
  return concat({{"units", std::string("1")}}, results::flag_attrs({0, 1}, "outside inside"));
}

// MIC areas (ARIB/MIC area rules) per MIC base station.
void write_mic_areas(Group& root, const Scenario& sc, const SharingRun& run,
                     const StoreOptions& store) {
  const MicAreas& m = run.mic;
  root.add_dimension("mic_station", run.mic_station_ids.size());
  const Attrs rule = mic_rule_attrs(sc, run);
  const Attrs per_station = {{"coordinates", std::string("mic_station_id")}};
  const std::vector<std::string> grid{"mic_station", "y", "x"};
  const VariableSpec specs[] = {
      {.name = "mic_station_id",
       .dims = {"mic_station"},
       .long_name = "base station of the MIC areas",
       .data = Values<std::string>{all(run.mic_station_ids)}},
      {.name = "mic_station_licensee",
       .dims = {"mic_station"},
       .long_name = "licensee",
       .data = Values<std::string>{all(run.mic_licensees)}},
      {.name = "mic_rx_power",
       .dims = grid,
       .long_name = "received power in the reference bandwidth at the rule's terminal height "
                    "(MIC area rules)",
       .units = "dBm",
       .on_grid = true,
       .extra = rule,
       .data = Values<float>{all(run.mic_rx_dBm), kNaNf}},
      {.name = "mic_coverage",
       .dims = grid,
       .leading = mask_leading(),
       .long_name = "MIC cover area (received power >= coverage threshold)",
       .on_grid = true,
       .extra = rule,
       .data = Values<std::uint8_t>{all(m.coverage)}},
      {.name = "mic_coordination",
       .dims = grid,
       .leading = mask_leading(),
       .long_name = "MIC coordination area (received power >= coordination threshold)",
       .on_grid = true,
       .extra = rule,
       .data = Values<std::uint8_t>{all(m.coordination)}},
      {.name = "mic_coverage_area",
       .dims = {"mic_station"},
       .long_name = "area of the MIC cover area",
       .units = "m2",
       .extra = per_station,
       .data = Values<double>{all(m.coverage_area_m2)}},
      {.name = "mic_coordination_area",
       .dims = {"mic_station"},
       .long_name = "area of the MIC coordination area",
       .units = "m2",
       .extra = per_station,
       .data = Values<double>{all(m.coordination_area_m2)}},
  };
  results::write_variables(root, specs, store);
}

// Pairs of licensees whose MIC areas meet: the overlap table and masks along `mic_pair`.
void write_mic_pairs(Group& root, const MicAreas& m, const StoreOptions& store) {
  root.add_dimension("mic_pair", m.pairs.size());
  std::vector<std::string> a, b;
  std::vector<double> area;
  std::vector<std::int32_t> cells, cov, prem;
  std::vector<std::uint8_t> overlap;
  for (const MicPair& p : m.pairs) {
    a.push_back(p.a);
    b.push_back(p.b);
    area.push_back(p.area_m2);
    cells.push_back(static_cast<std::int32_t>(p.cells));
    cov.push_back(static_cast<std::int32_t>(p.cells_coverage));
    prem.push_back(static_cast<std::int32_t>(p.cells_premises));
    overlap.insert(overlap.end(), p.mask.begin(), p.mask.end());
  }
  const std::vector<std::string> pair{"mic_pair"};
  const VariableSpec specs[] = {
      {.name = "mic_pair_a",
       .dims = pair,
       .long_name = "licensee whose coordination area reaches b's cover area or premises",
       .data = Values<std::string>{all(a)}},
      {.name = "mic_pair_b",
       .dims = pair,
       .long_name = "licensee reached",
       .data = Values<std::string>{all(b)}},
      {.name = "mic_pair_area",
       .dims = pair,
       .long_name = "overlap area",
       .units = "m2",
       .data = Values<double>{all(area)}},
      {.name = "mic_pair_cells",
       .dims = pair,
       .long_name = "overlap cells",
       .units = "1",
       .data = Values<std::int32_t>{all(cells)}},
      {.name = "mic_pair_cells_coverage",
       .dims = pair,
       .long_name = "overlap cells in b's cover area",
       .units = "1",
       .data = Values<std::int32_t>{all(cov)}},
      {.name = "mic_pair_cells_premises",
       .dims = pair,
       .long_name = "overlap cells in b's premises",
       .units = "1",
       .data = Values<std::int32_t>{all(prem)}},
      {.name = "mic_pair_overlap",
       .dims = {"mic_pair", "y", "x"},
       .leading = mask_leading(),
       .long_name = "a's coordination area overlapping b's cover area or premises",
       .on_grid = true,
       .data = Values<std::uint8_t>{all(overlap)}},
  };
  results::write_variables(root, specs, store);
}

/// Aggregate interference and margin [time][channel][receiver] from the per-set results.
std::pair<std::vector<double>, std::vector<double>> aggregate_by_slot(const SharingRun& run,
                                                                      std::size_t nt) {
  const AggregateResult& a = run.aggregate;
  const std::size_t nc = a.n_channels, nr = a.n_receivers;
  std::vector<double> agg(nt * nc * nr), margin(nt * nc * nr);
  for (std::size_t ti = 0; ti < nt; ++ti) {
    const std::size_t set = static_cast<std::size_t>(run.aggregate_sets.slot_set[ti]);
    for (std::size_t k = 0; k < nc; ++k) {
      for (std::size_t r = 0; r < nr; ++r) {
        agg[(ti * nc + k) * nr + r] = a.aggregate_dBm[a.index(set, k, r)];
        margin[(ti * nc + k) * nr + r] = a.margin_dB[a.index(set, k, r)];
      }
    }
  }
  return {std::move(agg), std::move(margin)};
}

// Aggregate interference of the planned layout at the protected receivers of the database.
void write_aggregate(Group& root, const Scenario& sc, const SharingRun& run,
                     const StoreOptions& store) {
  const SharingSpec& sh = sc.sharing;
  root.add_dimension("receiver", run.aggregate.n_receivers);
  root.add_dimension("source", run.aggregate.n_sources);
  if (sh.channels.empty()) root.add_dimension("layout_channel", 1);
  const std::string ch_dim = sh.channels.empty() ? "layout_channel" : "channel";
  std::vector<std::string> rx_ids, src_ids;
  std::vector<std::int32_t> rx_index;
  for (std::size_t i : run.receivers) {
    rx_ids.push_back(sc.stations.database()[i].id);
    rx_index.push_back(static_cast<std::int32_t>(i));
  }
  for (const AggregateSource& s : run.sources) src_ids.push_back(s.id);
  const auto [agg, margin] = aggregate_by_slot(run, sh.time.start_utc_s.size());
  const Attrs layout{
      {"coordinates", std::string("receiver_id")},
      {"comment", std::string(sh.channels.empty() ? "the planned layout on its own frequencies"
                                                  : "the planned layout placed on each channel "
                                                    "of the plan (power spectral density kept)")}};
  const VariableSpec specs[] = {
      {.name = "receiver_id",
       .dims = {"receiver"},
       .long_name = "protected receiver (database station)",
       .data = Values<std::string>{all(rx_ids)}},
      {.name = "receiver_db_station",
       .dims = {"receiver"},
       .long_name = "index along db_station",
       .units = "1",
       .data = Values<std::int32_t>{all(rx_index)}},
      {.name = "source_id",
       .dims = {"source"},
       .long_name = "planned base station, or the terminals it serves",
       .data = Values<std::string>{all(src_ids)}},
      {.name = "aggregate_interference",
       .dims = {"time", ch_dim, "receiver"},
       .long_name = "aggregate interference at the receiver input from the planned layout",
       .units = "dBm",
       .extra = layout,
       .data = Values<double>{all(agg), kNaN}},
      {.name = "aggregate_margin",
       .dims = {"time", ch_dim, "receiver"},
       .long_name = "interference limit minus aggregate interference (negative: criterion "
                    "exceeded)",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(margin), kNaN}},
      // Contributions [receiver][channel][source] and their ranking.
      {.name = "aggregate_contribution",
       .dims = {"receiver", ch_dim, "source"},
       .long_name = "contribution of each source at the receiver input when on the air",
       .units = "dBm",
       .data = Values<double>{all(run.aggregate_contribution_dBm), kNaN}},
      {.name = "aggregate_ranking",
       .dims = {"receiver", ch_dim, "source"},
       .long_name = "source indices by decreasing contribution",
       .units = "1",
       .data = Values<std::int32_t>{all(run.aggregate.ranking)}},
  };
  results::write_variables(root, specs, store);
}

/// The Monte Carlo of [montecarlo] in the child group /montecarlo, over the aggregate's receiver
/// and channel dimensions (those of the root group).
void write_montecarlo(Group& root, const Scenario& sc, const SharingRun& run,
                      const StoreOptions& store) {
  const MonteCarloSpec& spec = sc.sharing.montecarlo;
  const MonteCarloResult& mc = run.montecarlo;
  const std::string ch_dim = sc.sharing.channels.empty() ? "layout_channel" : "channel";
  Group g = root.create_group("montecarlo");
  g.set_attribute("trials", static_cast<std::int32_t>(mc.trials));
  g.set_attribute("converged", std::string(mc.converged ? "true" : "false"));
  g.set_attribute("seed", std::to_string(spec.seed));
  g.set_attribute("trial_cap", static_cast<std::int32_t>(spec.max_trials));
  g.set_attribute("batch_trials", static_cast<std::int32_t>(spec.batch_trials));
  g.set_attribute("confidence", spec.confidence);
  g.set_attribute("interval_width", spec.interval_width);
  g.set_attribute("interval_method", std::string("Wilson score"));
  g.set_attribute("shadowing_sigma_dB", spec.shadowing_sigma_dB);
  g.set_attribute("comment",
                  std::string("SEAMCAT-style Monte Carlo over the aggregate's terms: per trial "
                              "the activity of each interferer, a uniformly random slot of the "
                              "time axis, TDD collisions and lognormal shadowing are drawn; "
                              "P_I = P(criterion not met) as in ECC Report 252"));
  std::vector<std::string> names;
  std::vector<MonteCarloCriterion> asked;
  const bool on[kCriterionCount] = {spec.i_over_n, spec.c_over_i, spec.c_over_n_plus_i,
                                    spec.n_plus_i_over_n};
  const double threshold[kCriterionCount] = {kNaN, spec.c_over_i_dB, spec.c_over_n_plus_i_dB,
                                             spec.n_plus_i_over_n_dB};
  std::vector<double> thresholds;
  for (std::size_t c = 0; c < kCriterionCount; ++c) {
    if (!on[c]) continue;
    asked.push_back(static_cast<MonteCarloCriterion>(c));
    names.emplace_back(criterion_name(asked.back()));
    thresholds.push_back(threshold[c]);
  }
  const double percentiles[] = {50.0, 95.0, 99.0};
  g.add_coordinate("percentile", percentiles,
                   {{"long_name", std::string("percentile of the interference over the trials")},
                    {"units", std::string("percent")}});
  g.add_coordinate(
      "i_over_n", run.montecarlo_cdf_i_over_n_dB,
      {{"long_name", std::string("interference-to-noise ratio")}, {"units", std::string("dB")}});
  g.add_dimension("criterion", names.size());
  const std::size_t nt = mc.targets.size(), na = asked.size(),
                    ncdf = run.montecarlo_cdf_i_over_n_dB.size();
  std::vector<std::int32_t> trials(nt);
  std::vector<double> mean(nt), pct(nt * 3), p(nt * na), lo(nt * na), hi(nt * na), cdf(nt * ncdf);
  for (std::size_t t = 0; t < nt; ++t) {
    const MonteCarloTargetResult& r = mc.targets[t];
    trials[t] = static_cast<std::int32_t>(r.trials);
    mean[t] = r.mean_mW > 0.0 ? 10.0 * std::log10(r.mean_mW) : (r.trials ? -kInf : kNaN);
    pct[t * 3] = r.p50_dBm;
    pct[t * 3 + 1] = r.p95_dBm;
    pct[t * 3 + 2] = r.p99_dBm;
    for (std::size_t a = 0; a < na; ++a) {
      p[t * na + a] = r.p_interference[asked[a]];
      lo[t * na + a] = r.ci_low[asked[a]];
      hi[t * na + a] = r.ci_high[asked[a]];
    }
    std::copy(r.cdf.begin(), r.cdf.end(), cdf.begin() + static_cast<std::ptrdiff_t>(t * ncdf));
  }
  const Attrs rx{{"coordinates", std::string("receiver_id")}};
  const VariableSpec specs[] = {
      {.name = "criterion_name",
       .dims = {"criterion"},
       .long_name = "protection criterion of the probability of interference",
       .data = Values<std::string>{all(names)}},
      {.name = "criterion_threshold",
       .dims = {"criterion"},
       .long_name = "threshold of the criterion (i_over_n: each receiver's own criterion)",
       .units = "dB",
       .data = Values<double>{all(thresholds), kNaN}},
      {.name = "noise",
       .dims = {"receiver"},
       .long_name = "noise power N of the receiver over its band",
       .units = "dBm",
       .extra = rx,
       .data = Values<double>{all(run.montecarlo_noise_dBm), kNaN}},
      {.name = "trials",
       .dims = {"receiver", ch_dim},
       .long_name = "trials counted (the receiver on the air at the drawn instant)",
       .units = "1",
       .extra = rx,
       .data = Values<std::int32_t>{all(trials)}},
      {.name = "interference_mean",
       .dims = {"receiver", ch_dim},
       .long_name = "mean interference power over the trials (power mean)",
       .units = "dBm",
       .extra = rx,
       .data = Values<double>{all(mean), kNaN}},
      {.name = "interference_percentile",
       .dims = {"receiver", ch_dim, "percentile"},
       .long_name = "percentile of the interference power over the trials (-inf: none)",
       .units = "dBm",
       .extra = rx,
       .data = Values<double>{all(pct), kNaN}},
      {.name = "p_interference",
       .dims = {"receiver", ch_dim, "criterion"},
       .long_name = "probability of interference: share of trials not meeting the criterion",
       .units = "1",
       .extra = rx,
       .data = Values<double>{all(p), kNaN}},
      {.name = "p_interference_low",
       .dims = {"receiver", ch_dim, "criterion"},
       .long_name = "lower bound of the Wilson score interval of p_interference",
       .units = "1",
       .extra = rx,
       .data = Values<double>{all(lo), kNaN}},
      {.name = "p_interference_high",
       .dims = {"receiver", ch_dim, "criterion"},
       .long_name = "upper bound of the Wilson score interval of p_interference",
       .units = "1",
       .extra = rx,
       .data = Values<double>{all(hi), kNaN}},
      {.name = "i_over_n_cdf",
       .dims = {"receiver", ch_dim, "i_over_n"},
       .long_name = "empirical CDF of I/N over the trials: P(I/N <= i_over_n)",
       .units = "1",
       .extra = rx,
       .data = Values<double>{all(cdf), kNaN}},
  };
  results::write_variables(g, specs, store);
}

}  // namespace

void write_sharing(Group& root, const Scenario& sc, const SharingRun& run,
                   const StoreOptions& store) {
  const SharingSpec& sh = sc.sharing;
  write_time_axis(root, sh, store);
  if (!sh.channels.empty()) write_channels(root, sh, store);
  // The station database.
  root.add_dimension("db_station", sc.stations.database().size());
  // The bandwidth of each limit, written when one differs from its station's band (a criterion
  // checked in the worst reference bandwidth); else every limit is over its band.
  const std::span<const Station> db = sc.stations.database();
  bool windowed = false;
  for (std::size_t i = 0; i < db.size() && i < run.criterion_bandwidth_Hz.size(); ++i)
    windowed = windowed || (db[i].receives && windowed_criterion(db[i], sh.criteria));
  write_station_table(
      root,
      database_station_table(db, run.antenna_descriptions, run.eirp_dBm, run.interference_limit_dBm,
                             windowed ? &run.criterion_bandwidth_Hz : nullptr),
      store);
  if (sh.vacancy.enabled) write_vacancy(root, sc, run, store);
  if (sh.mic.enabled && run.mic_rule != nullptr) {
    write_mic_areas(root, sc, run, store);
    if (!run.mic.pairs.empty()) write_mic_pairs(root, run.mic, store);
  }
  if (sh.municipal.enabled && run.municipal.done) write_municipal(root, sc, run, store);
  if (sh.aggregate.enabled && !run.receivers.empty() && !run.sources.empty()) {
    write_aggregate(root, sc, run, store);
    if (sh.montecarlo.enabled) write_montecarlo(root, sc, run, store);
    if (run.coordination.done) write_coordination(root, sc, run, store);
  }
  if (run.satellite.done) write_satellite(root, sc, run.satellite, store);
}

}  // namespace akichi::sim

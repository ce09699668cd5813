#include "sim/cli/report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "propagation/engine/model_registry.h"
#include "sim/station/criterion.h"
#include "sim/station/schedule.h"

namespace akichi::sim::cli {
namespace {

std::string terrain_text(const Scenario& sc) {
  switch (sc.terrain.kind) {
    case TerrainKind::Flat:
      return fmt::format("flat at {:g} m", sc.terrain.flat_elevation_m);
    case TerrainKind::Synthetic: {
      const auto& p = sc.terrain.synthetic;
      return fmt::format("synthetic (seed {}, base {:g} m, relief {:g} m, hills ~{:g} m)", p.seed,
                         p.base_m, p.relief_m, p.wavelength_m);
    }
    case TerrainKind::Raster:
      return fmt::format("raster {} (band {}, {} resampling)", sc.terrain.raster.path,
                         sc.terrain.raster.band, sc.terrain.raster.resampling);
  }
  return "?";
}

/// Percentile of the finite values (p in 0..100), as the sweep's table computes it.
double percentile(std::vector<float> v, double p) {
  return results::summary_percentile(std::move(v), p);
}

std::string pct(double share) {
  return std::isfinite(share) ? fmt::format("{:.1f} %", 100 * share) : std::string("n/a");
}

/// A receiver's limit as printed: the value, and the reference bandwidth it holds in when the
/// criterion is checked in the worst reference bandwidth ("-118.0/200 kHz"); `unit` after the
/// value.
std::string limit_text(const Station& st, const CriterionSettings& c, double limit_dBm,
                       const char* unit = "") {
  if (!windowed_criterion(st, c)) return fmt::format("{:.1f}{}", limit_dBm, unit);
  return fmt::format("{:.1f}{}/{:g} kHz", limit_dBm, unit, st.criterion.ref_bandwidth_Hz / 1e3);
}

}  // namespace

void print_scenario_overview(std::FILE* out, const Scenario& sc,
                             const std::string& model_description,
                             const std::vector<std::string>& antenna_descriptions) {
  const prop::StudyGrid& g = sc.grid;
  fmt::print(out, "Scenario: {}{}\n", sc.name.empty() ? sc.path : sc.name,
             sc.name.empty() ? "" : " (" + sc.path + ")");
  fmt::print(out, "CRS:      {} [{}]\n", sc.crs.name(), sc.crs_definition);
  fmt::print(out,
             "Grid:     {} x {} cells of {:g} m = {:.2f} km x {:.2f} km, x {:.1f}..{:.1f}, "
             "y {:.1f}..{:.1f}\n",
             g.nx, g.ny, g.cell_m, g.nx * g.cell_m / 1000, g.ny * g.cell_m / 1000, g.x0_m,
             g.x0_m + g.nx * g.cell_m, g.y0_m, g.y0_m + g.ny * g.cell_m);
  std::string heights;
  for (double h : g.heights_m) heights += fmt::format("{}{:g}", heights.empty() ? "" : ", ", h);
  fmt::print(out, "Heights:  {} m above ground\n", heights);
  fmt::print(out, "Terrain:  {}\n", terrain_text(sc));
  if (sc.land_cover.enabled) {
    fmt::print(out, "Land cover: {}\n", describe_land_cover(sc.land_cover, sc.model.name));
  }
  fmt::print(out, "Model:    {}\n", model_description);
  // How the links' lengths are measured: the model's prescription unless [terrain] distance
  // overrides it.
  fmt::print(out, "Lengths:  {}\n", prop::distance_text(sc.model.name, sc.terrain.distance));
  if (sc.sharing.mic.enabled) {  // the MIC rules' band models measure by the same rule
    for (const MicBandRule& band : sc.sharing.mic.rules.bands) {
      const std::string& model = band.model.config.name;
      fmt::print(out, "          MIC band {} ({}): {}\n", band.name, model,
                 prop::distance_text(model, sc.terrain.distance));
    }
  }
  if (!sc.coverage.premises_path.empty()) {
    fmt::print(out, "Premises: {} ({} polygon(s), {:.3f} km²)\n", sc.coverage.premises_path,
               sc.coverage.premises.size(), prop::bg::area(sc.coverage.premises) / 1e6);
  }
  fmt::print(out, "Stations: {}\n", sc.stations.planned().size());
  fmt::print(out, "  {:<16} {:>10} {:>10} {:>10} {:>11} {:>8} {:>9}  {}\n", "id", "lat deg",
             "lon deg", "height m", "freq MHz", "bw MHz", "EIRP dBm", "antenna");
  for (std::size_t i = 0; i < sc.stations.planned().size(); ++i) {
    const Station& st = sc.stations.planned()[i];
    // EIRP is NaN only for a pattern file given with a transmitter power: show that power.
    const std::string eirp = std::isfinite(st.eirp_dBm)
                                 ? fmt::format("{:.1f}", st.eirp_dBm)
                                 : fmt::format("{:.1f}+G", st.tx_power_dBm.value_or(0.0));
    fmt::print(out, "  {:<16} {:>10.5f} {:>10.5f} {:>10.1f} {:>11.2f} {:>8.1f} {:>9}  {}\n", st.id,
               st.lat_deg, st.lon_deg, st.height_m, st.freq_Hz / 1e6, st.bandwidth_Hz / 1e6, eirp,
               i < antenna_descriptions.size() ? antenna_descriptions[i] : st.antenna.type);
  }
}

namespace {

std::string slot_label(const SharingSpec& sh, std::size_t t) {
  return sh.has_time ? iso_local(sh.time.start_utc_s[t], sh.time.tz) : std::string("always");
}

void print_vacancy_summary(std::FILE* out, const Scenario& sc, const SharingRun& run) {
  const SharingSpec& sh = sc.sharing;
  const VacancyCube& v = run.vacancy;
  const std::size_t nt = sh.time.start_utc_s.size(), nh = v.n_heights, nc = v.n_channels;
  const std::size_t cells = v.n_cells;
  const std::vector<double>& set_share = run.usable_share;  // [set][channel][height]
  std::vector<std::size_t> bind_count(sc.stations.database().size(), 0);
  std::size_t limited_total = 0;
  for (std::size_t s = 0; s < v.n_sets; ++s) {
    std::size_t slots = 0;
    for (int x : run.vacancy_sets.slot_set) slots += static_cast<std::size_t>(x) == s;
    for (std::size_t k = 0; k < nc; ++k) {
      for (std::size_t h = 0; h < nh; ++h) {
        const std::size_t off = v.index(s, k, h);
        for (std::size_t c = 0; c < cells; ++c) {
          const std::int16_t b = v.binding[off + c];
          if (b >= 0) {
            bind_count[static_cast<std::size_t>(b)] += slots;
            limited_total += slots;
          }
        }
      }
    }
  }
  fmt::print(out,
             "  Vacancy: share of the area usable by a new base station (EIRP >= {:g} dBm, "
             "received interference <= N {:+g} dB), mean over the slots [lowest, highest]\n",
             sh.vacancy.min_useful_eirp_dBm, sh.vacancy.i_over_n_dB);
  fmt::print(out, "    {:<16}", "channel");
  for (double h : sc.grid.heights_m)
    fmt::print(out, " {:>26}", fmt::format("antenna at {:g} m", h));
  fmt::print(out, "\n");
  for (std::size_t k = 0; k < nc; ++k) {
    fmt::print(out, "    {:<16}", sh.channels[k].id);
    for (std::size_t h = 0; h < nh; ++h) {
      double sum = 0, lo = 1, hi = 0;
      for (std::size_t t = 0; t < nt; ++t) {
        const double x =
            set_share[(static_cast<std::size_t>(run.vacancy_sets.slot_set[t]) * nc + k) * nh + h];
        sum += x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
      fmt::print(out, " {:>26}", fmt::format("{} [{}, {}]", pct(sum / nt), pct(lo), pct(hi)));
    }
    fmt::print(out, "\n");
  }
  if (limited_total == 0) {
    fmt::print(out, "    no receiver limits the EIRP below the system maximum ({:g} dBm)\n",
               sh.vacancy.max_eirp_dBm);
  } else {
    fmt::print(out,
               "    receivers that bind (share of the cell x height x channel x slot "
               "evaluations limited below {:g} dBm):",
               sh.vacancy.max_eirp_dBm);
    for (std::size_t i = 0; i < bind_count.size(); ++i) {
      if (bind_count[i] == 0) continue;
      fmt::print(out, " {} {}", sc.stations.database()[i].id,
                 pct(static_cast<double>(bind_count[i]) / static_cast<double>(limited_total)));
    }
    fmt::print(out, "\n");
  }
}

void print_aggregate_summary(std::FILE* out, const Scenario& sc, const SharingRun& run) {
  const SharingSpec& sh = sc.sharing;
  const AggregateResult& a = run.aggregate;
  fmt::print(out,
             "  Aggregate interference of the planned layout at each protected receiver "
             "(worst slot and channel):\n");
  for (std::size_t r = 0; r < a.n_receivers; ++r) {
    const std::size_t i = run.receivers[r];
    double worst = std::numeric_limits<double>::infinity();
    std::size_t wt = 0, wk = 0;
    for (std::size_t t = 0; t < sh.time.start_utc_s.size(); ++t) {
      const std::size_t set = static_cast<std::size_t>(run.aggregate_sets.slot_set[t]);
      for (std::size_t k = 0; k < a.n_channels; ++k) {
        const double m = a.margin_dB[a.index(set, k, r)];
        if (std::isfinite(m) && m < worst) {
          worst = m;
          wt = t;
          wk = k;
        }
      }
    }
    if (!std::isfinite(worst)) {
      fmt::print(out, "    {:<16} limit {}: no planned source reaches it while it is on\n",
                 sc.stations.database()[i].id,
                 limit_text(sc.stations.database()[i], sh.criteria, run.interference_limit_dBm[i],
                            " dBm"));
      continue;
    }
    const std::int32_t top = a.ranking[(r * a.n_channels + wk) * a.n_sources];
    const double top_dBm = run.aggregate_contribution_dBm[(r * a.n_channels + wk) * a.n_sources +
                                                          static_cast<std::size_t>(top)];
    fmt::print(
        out,
        "    {:<16} limit {}, margin {:+.1f} dB{} at {}{}; largest source {} "
        "({:.1f} dBm)\n",
        sc.stations.database()[i].id,
        limit_text(sc.stations.database()[i], sh.criteria, run.interference_limit_dBm[i], " dBm"),
        worst, worst < 0 ? " (EXCEEDED)" : "", slot_label(sh, wt),
        sh.channels.empty() ? "" : " on " + sh.channels[wk].id,
        run.sources[static_cast<std::size_t>(top)].id, top_dBm);
  }
}

void print_montecarlo_summary(std::FILE* out, const Scenario& sc, const SharingRun& run) {
  const MonteCarloSpec& spec = sc.sharing.montecarlo;
  const MonteCarloResult& mc = run.montecarlo;
  const std::size_t nc = std::max<std::size_t>(sc.sharing.channels.size(), 1);
  fmt::print(out,
             "  Monte Carlo: {} trials ({}), P_I with its {:g} % Wilson interval, at the "
             "channel of the largest P_I:\n",
             mc.trials, mc.converged ? "every interval narrow enough" : "trial cap reached",
             100.0 * spec.confidence);
  for (std::size_t r = 0; r < run.receivers.size(); ++r) {
    std::size_t worst = r * nc;
    MonteCarloCriterion shown = kCriterionIOverN;
    for (std::size_t c = 0; c < kCriterionCount; ++c) {
      if (!std::isnan(mc.targets[worst].p_interference[c])) {
        shown = static_cast<MonteCarloCriterion>(c);
        break;
      }
    }
    for (std::size_t k = 0; k < nc; ++k) {
      if (mc.targets[r * nc + k].p_interference[shown] > mc.targets[worst].p_interference[shown])
        worst = r * nc + k;
    }
    const MonteCarloTargetResult& t = mc.targets[worst];
    fmt::print(out,
               "    {:<16} {}: P_I {:.4f} [{:.4f}, {:.4f}] over {} trials; I p50 {:.1f}, p95 "
               "{:.1f}, p99 {:.1f} dBm{}\n",
               sc.stations.database()[run.receivers[r]].id, criterion_name(shown),
               t.p_interference[shown], t.ci_low[shown], t.ci_high[shown], t.trials, t.p50_dBm,
               t.p95_dBm, t.p99_dBm,
               sc.sharing.channels.empty() ? "" : " on " + sc.sharing.channels[worst % nc].id);
  }
}

void print_coordination_summary(std::FILE* out, const Scenario& sc, const SharingRun& run) {
  const CoordinationSpec& spec = sc.sharing.coordination;
  const AllocationResult& al = run.coordination.allocation;
  const auto granted = std::count(al.granted.begin(), al.granted.end(), std::uint8_t{1});
  fmt::print(out, "  Coordination ({}): {} of {} applicants granted in {} step(s)\n",
             coordination_method_name(spec.method), granted, al.granted.size(), al.steps.size());
  for (std::size_t r = 0; r < run.receivers.size(); ++r) {
    std::string moves;
    if (spec.method == CoordinationSpec::Method::MoveList) {
      const MoveListResult& m = run.coordination.moves;
      moves = fmt::format("; {} kept, {} on the move list (p{:g} {:.1f} dBm, all {:.1f} dBm)",
                          m.kept[r], m.moved[r], spec.percentile, m.kept_percentile_dBm[r],
                          m.all_percentile_dBm[r]);
    }
    fmt::print(out, "    {:<16} aggregate after {:.1f} dBm, margin {:.1f} dB{}\n",
               sc.stations.database()[run.receivers[r]].id, al.aggregate_dBm[r], al.margin_dB[r],
               moves);
  }
}

void print_mic_summary(std::FILE* out, const Scenario& sc, const SharingRun& run) {
  const MicBandRule& rule = *run.mic_rule;
  const MicAreas& m = run.mic;
  fmt::print(out,
             "  MIC areas (band {}, thresholds {:g} / {:g} dBm per {:g} MHz at {:g} m; rules "
             "{}{}):\n",
             rule.name, rule.coverage_threshold_dBm, rule.coordination_threshold_dBm,
             rule.reference_bandwidth_Hz / 1e6, rule.terminal_height_m, sc.sharing.mic.rules.status,
             sc.sharing.mic.rules.status == "example" ? ", NOT official values" : "");
  for (std::size_t b = 0; b < run.mic_station_ids.size(); ++b) {
    fmt::print(out, "    {:<16} {:<14} cover {:.4f} km², coordination {:.4f} km²\n",
               run.mic_station_ids[b], run.mic_licensees[b], m.coverage_area_m2[b] / 1e6,
               m.coordination_area_m2[b] / 1e6);
  }
  if (m.pairs.empty()) {
    fmt::print(out, "    no coordination area reaches another licensee's cover area or premises\n");
  }
  for (const MicPair& p : m.pairs) {
    fmt::print(out,
               "    must coordinate: {} -> {} ({:.4f} km², {} cells in the cover area, {} in "
               "the premises)\n",
               p.a, p.b, p.area_m2 / 1e6, p.cells_coverage, p.cells_premises);
  }
}

void print_municipal_summary(std::FILE* out, const Scenario& sc, const SharingRun& run) {
  const MunicipalSpec& mu = sc.sharing.municipal;
  const MicMunicipalRule& rule = mu.rule();
  const MunicipalRun& mr = run.municipal;
  const auto& areas = mu.boundaries.municipalities;
  std::size_t eligible = 0;
  for (const std::uint8_t e : mr.result.eligible) eligible += e;
  fmt::print(out,
             "  Municipal eligibility ({:g}-{:g} GHz{}, reference EIRP {:g} dBm; {} of {} "
             "eligible; rules {}{}):\n",
             rule.freq_min_Hz / 1e9, rule.freq_max_Hz / 1e9,
             rule.indoor_only ? ", indoor only" : "", rule.reference_eirp_dBm, eligible,
             areas.size(), mu.rules.status,
             mu.rules.status == "example" ? ", NOT official values" : "");
  for (std::size_t m = 0; m < areas.size(); ++m) {
    const MunicipalBinding& b = mr.result.binding[m];
    const double w = mr.result.worst_margin_dB[m];
    fmt::print(
        out, "    {:<8} {}  {:<12}  worst margin {} ({} cells)\n", areas[m].code, areas[m].name,
        mr.result.eligible[m] ? "eligible" : "NOT eligible",
        b.receiver < 0
            ? std::string("none: no public-service receiver reached")
            : fmt::format(
                  "{:.1f} dB at {}", w,
                  sc.stations.database()[mr.receivers[static_cast<std::size_t>(b.receiver)]].id),
        mr.result.cells[m]);
  }
}

}  // namespace

namespace {

void print_satellite_summary(std::FILE* out, const Scenario& sc, const SatelliteRun& run) {
  const SharingSpec& sh = sc.sharing;
  fmt::print(out,
             "  Space-station receivers: aggregate of {} source(s) ({} base station(s)) on "
             "earth-to-space paths, every source on the air:\n",
             run.n_sources, run.n_bases);
  for (std::size_t s = 0; s < run.n_satellites; ++s) {
    const SpaceStation& sat = sh.space_stations[s];
    for (std::size_t k = 0; k < run.n_channels; ++k) {
      // With an ephemeris the geometry changes per slot: the slot of the highest I/N.
      std::size_t e = 0;
      for (std::size_t t = 1; t < run.n_epochs; ++t)
        if (run.i_over_n_all_dB[run.sk(s, k, t)] > run.i_over_n_all_dB[run.sk(s, k, e)]) e = t;
      const std::size_t sk = run.sk(s, k, e);
      const double margin = sat.i_over_n_dB - run.i_over_n_all_dB[sk];
      const std::string slot = run.n_epochs > 1
                                   ? fmt::format(" in its worst slot ({})",
                                                 iso_local(sh.time.start_utc_s[e], sh.time.tz))
                                   : std::string();
      fmt::print(out, "    {:<16}{} I/N {:.1f} dB{} (criterion {:.1f} dB, margin {:+.1f} dB{})",
                 sat.id, sh.channels.empty() ? "" : " on " + sh.channels[k].id,
                 run.i_over_n_all_dB[sk], slot, sat.i_over_n_dB, margin,
                 margin < 0 ? ", EXCEEDED" : "");
      if (run.fit_mean[sk] < 0) {
        fmt::print(out, "; no base station reaches it\n");
      } else {
        fmt::print(out,
                   "; base stations that fit: {} of the mean contribution ({:.1f} dBm), {} "
                   "in the scenario's order\n",
                   run.fit_mean[sk], run.mean_base_dBm[sk], run.fit_in_order[sk]);
      }
      // The largest contributors, with their share of the aggregate.
      std::string top;
      for (std::size_t r = 0; r < std::min<std::size_t>(run.n_sources, 3); ++r) {
        const auto j = static_cast<std::size_t>(run.ranking[sk * run.n_sources + r]);
        const double c = run.contribution_dBm[run.at(s, k, j, e)];
        if (!std::isfinite(c)) break;
        top += fmt::format("{}{} {:.1f} dBm ({:.0f} %)", top.empty() ? "" : ", ", run.sources[j].id,
                           c, 100.0 * std::pow(10.0, (c - run.aggregate_all_dBm[sk]) / 10.0));
      }
      if (!top.empty()) fmt::print(out, "      largest: {}\n", top);
    }
  }
}

}  // namespace

void print_sharing_overview(std::FILE* out, const Scenario& sc) {
  const SharingSpec& sh = sc.sharing;
  if (!sh.any()) return;
  if (sh.has_time) {
    fmt::print(out, "Time:     {} slots of {:g} min from {} ({})\n", sh.time.start_utc_s.size(),
               sh.time.step_s / 60.0, iso_local(sh.time.start_utc_s.front(), sh.time.tz),
               sh.time.tz);
  } else {
    fmt::print(out, "Time:     one slot (no [time] table)\n");
  }
  if (!sh.channels.empty()) {
    fmt::print(out, "Channels: {} ({} .. {})\n", sh.channels.size(), sh.channels.front().id,
               sh.channels.back().id);
  }
  if (sh.municipal.enabled) {
    const MunicipalSpec& mu = sh.municipal;
    const MicMunicipalRule& rule = mu.rule();
    fmt::print(out,
               "Municipal: {} municipalit{} in the study area from {} ({} feature(s), {} without "
               "a code); band {} {:g}-{:g} GHz, {} channel(s), reference EIRP {:g} dBm{}\n",
               mu.boundaries.municipalities.size(),
               mu.boundaries.municipalities.size() == 1 ? "y" : "ies", mu.boundaries_path,
               mu.boundaries.features, mu.boundaries.without_code, mu.band_rule().name,
               rule.freq_min_Hz / 1e9, rule.freq_max_Hz / 1e9, mu.channels.size(),
               rule.reference_eirp_dBm, rule.indoor_only ? ", indoor only" : "");
  }
  fmt::print(out, "Database: {} station(s)\n", sc.stations.database().size());
  if (sc.stations.database().empty()) return;
  fmt::print(out, "  {:<16} {:<16} {:<14} {:>10} {:>10} {:>8} {:>17} {:>10} {:>10}  {}\n", "id",
             "role", "licensee", "lat deg", "lon deg", "height", "band MHz", "EIRP dBm",
             "limit dBm", "schedule");
  for (std::size_t i = 0; i < sc.stations.database().size(); ++i) {
    const Station& st = sc.stations.database()[i];
    std::string sched;
    for (const auto& e : st.schedule) sched += (sched.empty() ? "" : "; ") + e;
    fmt::print(
        out, "  {:<16} {:<16} {:<14} {:>10.5f} {:>10.5f} {:>8.1f} {:>17} {:>10} {:>10}  {}\n",
        st.id, role_name(st.role), st.licensee.empty() ? "-" : st.licensee, st.lat_deg, st.lon_deg,
        st.height_m, fmt::format("{:.1f}-{:.1f}", st.freq_lo_Hz / 1e6, st.freq_hi_Hz / 1e6),
        st.transmits && std::isfinite(st.eirp_dBm) ? fmt::format("{:.1f}", st.eirp_dBm)
                                                   : std::string(st.transmits ? "P+G" : "-"),
        st.receives ? limit_text(st, sh.criteria, criterion_limit_dBm(st, sh.criteria))
                    : std::string("-"),
        sched.empty() ? "always" : sched);
  }
}

void print_run_summary(std::FILE* out, const Scenario& sc, const CoverageRun& run,
                       const SharingRun* sharing, const std::string& results_path,
                       double total_seconds, long peak_rss_kib, int threads) {
  const CoverageResult& cov = run.coverage;
  const prop::StudyGrid& g = sc.grid;
  const std::size_t plane = g.cells();
  fmt::print(out, "\nSummary\n");
  if (!sc.stations.planned().empty()) {
    fmt::print(out, "  {:<16} {:>11} {:>9}", "station", "freq MHz", "EIRP dBm");
    for (double h : g.heights_m) fmt::print(out, " {:>14}", fmt::format("serves @{:g} m", h));
    fmt::print(out, "\n");
    for (std::size_t s = 0; s < sc.stations.planned().size(); ++s) {
      fmt::print(out, "  {:<16} {:>11.2f} {:>9.1f}", sc.stations.planned()[s].id,
                 sc.stations.planned()[s].freq_Hz / 1e6, run.eirp_dBm[s]);
      for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
        fmt::print(out, " {:>14}", pct(cov.station_best_share[s * g.heights_m.size() + h]));
      }
      fmt::print(out, "\n");
    }
    for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
      const auto first = cov.best_rx_power_dBm.begin() + static_cast<std::ptrdiff_t>(h * plane);
      std::vector<float> sinr_in,
          sinr_all(cov.sinr_dB.begin() + static_cast<std::ptrdiff_t>(h * plane),
                   cov.sinr_dB.begin() + static_cast<std::ptrdiff_t>((h + 1) * plane));
      if (cov.has_premises) {
        for (std::size_t c = 0; c < plane; ++c) {
          if (cov.premises_mask[c]) sinr_in.push_back(sinr_all[c]);
        }
      }
      fmt::print(
          out, "  at {:g} m: best received power median {:.1f} dBm", g.heights_m[h],
          percentile(std::vector<float>(first, first + static_cast<std::ptrdiff_t>(plane)), 50));
      if (cov.has_premises) {
        fmt::print(out,
                   "; premises covered (>= {:g} dBm) {}; leakage outside (>= {:g} dBm) {}; "
                   "SINR in premises median {:.1f} dB, 5th percentile {:.1f} dB",
                   sc.coverage.service_threshold_dBm, pct(cov.premises_coverage_share[h]),
                   sc.coverage.leakage_threshold_dBm, pct(cov.leakage_share[h]),
                   percentile(sinr_in, 50), percentile(sinr_in, 5));
      } else {
        fmt::print(out, "; SINR median {:.1f} dB", percentile(sinr_all, 50));
      }
      fmt::print(out, "\n");
    }
  }  // planned layout
  if (sharing != nullptr) {
    const SharingSpec& sh = sc.sharing;
    fmt::print(out,
               "Sharing: {} slot(s), {} distinct active set(s) of the database, {} channel(s), "
               "{} database station(s)\n",
               sh.time.start_utc_s.size(), sharing->vacancy_sets.sets.size(), sh.channels.size(),
               sc.stations.database().size());
    if (sh.vacancy.enabled) print_vacancy_summary(out, sc, *sharing);
    if (sh.aggregate.enabled && !sharing->receivers.empty())
      print_aggregate_summary(out, sc, *sharing);
    if (sh.montecarlo.enabled && !sharing->receivers.empty() && !sharing->sources.empty())
      print_montecarlo_summary(out, sc, *sharing);
    if (sharing->coordination.done) print_coordination_summary(out, sc, *sharing);
    if (sh.mic.enabled && sharing->mic_rule != nullptr) print_mic_summary(out, sc, *sharing);
    if (sharing->satellite.done) print_satellite_summary(out, sc, sharing->satellite);
    if (sharing->municipal.done) print_municipal_summary(out, sc, *sharing);
  }
  std::string stages;
  for (const auto& [name, sec] : run.stage_seconds) {
    stages += fmt::format("{}{} {:.2f} s", stages.empty() ? "" : ", ", name, sec);
  }
  if (sharing != nullptr) {
    for (const auto& [name, sec] : sharing->stage_seconds) {
      stages += fmt::format("{}{} {:.2f} s", stages.empty() ? "" : ", ", name, sec);
    }
  }
  fmt::print(out, "  time: {:.2f} s on {} thread(s) ({}); peak memory {:.1f} MiB\n", total_seconds,
             threads, stages, peak_rss_kib / 1024.0);
  fmt::print(out, "Results: {}\n", results_path);
}

void print_sweep_summary(std::FILE* out, const results::SweepSummary& summary) {
  if (summary.rows.empty()) return;
  const auto cell = [](const results::SweepColumn& c, double v) -> std::string {
    if (std::isnan(v)) return "-";
    if (c.unit == "share") return pct(v);
    if (c.unit.empty()) return fmt::format("{:g}", v);
    return fmt::format("{:.1f}", v);
  };
  // Header: "#", the swept parameters, then the figures with their units.
  std::vector<std::string> head{"#"};
  for (const std::string& p : summary.parameters) head.push_back(p);
  for (const results::SweepColumn& c : summary.columns)
    head.push_back(c.unit.empty() || c.unit == "share" ? c.name
                                                       : fmt::format("{} {}", c.name, c.unit));
  std::vector<std::vector<std::string>> rows;
  for (const results::SweepRow& r : summary.rows) {
    std::vector<std::string> row{std::to_string(r.index)};
    for (const std::string& p : r.parameters) row.push_back(p);
    for (std::size_t c = 0; c < summary.columns.size(); ++c)
      row.push_back(cell(summary.columns[c], c < r.values.size() ? r.values[c] : std::nan("")));
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(head.size());
  for (std::size_t c = 0; c < head.size(); ++c) {
    width[c] = head[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  fmt::print(out, "\nSweep summary: {} variant(s)\n", summary.rows.size());
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text = " ";
    for (std::size_t c = 0; c < cells.size(); ++c)
      text += fmt::format(" {:>{}}", cells[c], width[c]);
    fmt::print(out, "{}\n", text);
  };
  line(head);
  for (const auto& row : rows) line(row);
  // What the columns are, once per kind ("covered@H" for every height H).
  std::vector<std::string> kinds;
  for (const results::SweepColumn& c : summary.columns) {
    const std::size_t at = c.name.find('@');
    const std::string kind = at == std::string::npos ? c.name : c.name.substr(0, at) + "@H";
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) continue;
    kinds.push_back(kind);
    fmt::print(out, "  {}: {}{}\n", kind, c.help, at == std::string::npos ? "" : ", at height H");
  }
}

}  // namespace akichi::sim::cli

#include <cstddef>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/model_registry.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/analysis/tensor_key.h"
#include "sim/cli/commands.h"
#include "sim/cli/report.h"
#include "sim/scenario/model_params.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::cli {

namespace {

/// The model's domain from the registry, and a note for every planned station height or
/// receiver height outside the heights the model's source states (the run still computes them).
void print_model_domain(const Scenario& sc) {
  const prop::ModelEntry& entry = prop::model_entry(sc.model.name);
  const prop::ModelDomain& d = entry.domain;
  fmt::print("Domain:   {}\n", domain_text(d));
  auto outside = [](const std::optional<prop::Interval>& i, double v) {
    return i && !(v >= i->min && v <= i->max);
  };
  for (const Station& st : sc.stations.planned()) {
    if (outside(d.tx_height_m, st.height_m)) {
      fmt::print("Note:     station {} height {} m is outside {}'s {}-{} m transmitter heights\n",
                 st.id, st.height_m, entry.name, d.tx_height_m->min, d.tx_height_m->max);
    }
  }
  for (const double h : sc.grid.heights_m) {
    if (outside(d.rx_height_m, h)) {
      fmt::print("Note:     receiver height {} m is outside {}'s {}-{} m receiver heights\n", h,
                 entry.name, d.rx_height_m->min, d.rx_height_m->max);
    }
  }
}

/// The keys of the coverage and coupling tensors of a scenario (as the analyses key them).
std::vector<std::string> tensor_keys(const Scenario& sc) {
  std::vector<std::string> keys;
  const std::string ctx = engine_context_key(sc);
  for (const Station& st : sc.stations.planned()) {
    keys.push_back(tensor_key(ctx, TensorJob::Kind::Area, true, true,
                              {st.x_m, st.y_m, st.height_m, st.freq_Hz}, sc.grid,
                              antenna_key(st.antenna), indoor_key(st.indoor)));
  }
  if (sc.sharing.any()) {
    for (const Station& st : sc.stations.database()) {
      keys.push_back(tensor_key(ctx, TensorJob::Kind::Coupling, false, false,
                                {st.x_m, st.y_m, st.height_m, st.freq_Hz}, sc.grid,
                                antenna_key(st.antenna), station_extra_key(st)));
    }
  }
  return keys;
}

}  // namespace

int command_check(const CheckOptions& opts) {
  const Scenario scenario = load_scenario(opts.scenario);
  // Build what is cheap to build, so that model, antenna and pattern errors show up now.
  const auto model = prop::make_path_loss_model(scenario.model);
  std::vector<std::string> antennas;
  for (const Station& st : scenario.stations.planned()) {
    antennas.push_back(prop::make_antenna(st.antenna)->describe());
  }
  print_scenario_overview(stdout, scenario, model->describe(), antennas);
  print_model_domain(scenario);
  print_sharing_overview(stdout, scenario);
  for (const Station& st : scenario.stations.database()) prop::make_antenna(st.antenna);

  const std::size_t n = path_loss_evaluations(scenario);
  const std::size_t tensor_bytes = n * sizeof(float);
  fmt::print(
      "Work:     {} path-loss evaluations ({} stations x {} heights x {} cells), "
      "profile step {:g} m\n",
      n, scenario.stations.planned().size(), scenario.grid.heights_m.size(), scenario.grid.cells(),
      effective_profile_step_m(scenario));
  const prop::TerrainLattice lattice = terrain_lattice(scenario);
  const double terrain_nodes = (lattice.extent.width_m() / lattice.step_m + 2) *
                               (lattice.extent.height_m() / lattice.step_m + 2);
  fmt::print(
      "Memory:   path loss {:.1f} MiB + antenna gain {:.1f} MiB + received power {:.1f} MiB "
      "+ terrain ~{:.1f} MiB\n",
      tensor_bytes / 1048576.0, tensor_bytes / 1048576.0, tensor_bytes / 1048576.0,
      terrain_nodes * sizeof(float) / 1048576.0);
  const SharingSpec& sh = scenario.sharing;
  if (sh.any()) {
    const std::size_t nk = coupling_evaluations(scenario);
    const std::size_t nd = scenario.stations.database().size();
    const ActiveSets sets =
        sh.has_time ? group_active_sets(sh.time, std::vector<Schedule>(sh.schedules.begin(),
                                                                       sh.schedules.begin() + nd))
                    : ActiveSets{{{}}, {0}};
    const std::size_t cube = sets.sets.size() * sh.channels.size() *
                             scenario.grid.heights_m.size() * scenario.grid.cells();
    fmt::print(
        "Sharing:  {} coupling evaluations ({} database stations x {} heights x {} cells); "
        "{} distinct active set(s) over {} slot(s)\n",
        nk, nd, scenario.grid.heights_m.size(), scenario.grid.cells(), sets.sets.size(),
        sh.time.start_utc_s.size());
    fmt::print("Memory:   coupling {:.1f} MiB{}\n", nk * sizeof(float) / 1048576.0,
               sh.vacancy.enabled
                   ? fmt::format(" + vacancy cube {:.1f} MiB ({} sets x {} channels x {} heights x "
                                 "{} cells x 11 bytes)",
                                 cube * 11.0 / 1048576.0, sets.sets.size(), sh.channels.size(),
                                 scenario.grid.heights_m.size(), scenario.grid.cells())
                   : std::string());
    if (sh.montecarlo.enabled) {
      const MonteCarloSpec& mc = sh.montecarlo;
      std::string criteria;
      const auto add = [&](bool on, const std::string& text) {
        if (on) criteria += (criteria.empty() ? "" : ", ") + text;
      };
      add(mc.i_over_n, "I over each receiver's own limit");
      add(mc.c_over_i, fmt::format("C/I < {:g} dB", mc.c_over_i_dB));
      add(mc.c_over_n_plus_i, fmt::format("C/(N+I) < {:g} dB", mc.c_over_n_plus_i_dB));
      add(mc.n_plus_i_over_n, fmt::format("(N+I)/N > {:g} dB", mc.n_plus_i_over_n_dB));
      fmt::print(
          "Monte Carlo: up to {} trials in batches of {} (seed {}), stopping when every P_I "
          "interval ({:g} % Wilson score) is at most {:g} wide; shadowing sigma {:g} dB; "
          "activity {}; P_I for {}{}; CDF of I/N from {:g} to {:g} dB by {:g} dB\n",
          mc.max_trials, mc.batch_trials, mc.seed, 100.0 * mc.confidence, mc.interval_width,
          mc.shadowing_sigma_dB,
          sh.has_time ? "by the activity factors, at a random slot of the time axis"
                      : "by the activity factors",
          criteria,
          mc.c_over_i || mc.c_over_n_plus_i ? fmt::format(" (C = {:g} dBm)", mc.wanted_dBm)
                                            : std::string(),
          mc.cdf_min_dB, mc.cdf_max_dB, mc.cdf_step_dB);
    }
  }
  if (const std::optional<Sweep> sweep = read_sweep(scenario.text, opts.scenario)) {
    // Every variant is parsed (an invalid one throws an InputError naming it: exit 2) and its
    // models and antennas built, as for the base scenario.
    fmt::print("Sweep:    mode {}, {} variant(s) over {}\n", sweep->mode, sweep->variants.size(),
               fmt::join(sweep->labels, ", "));
    std::size_t total = 0, fresh_total = 0, tensors_total = 0, fresh_work = 0;
    std::set<std::string> seen;
    for (const Variant& v : sweep->variants) {
      const Scenario vs = variant_scenario(scenario.text, opts.scenario, v);
      prop::make_path_loss_model(vs.model);
      for (const Station& st : vs.stations.planned()) prop::make_antenna(st.antenna);
      for (const Station& st : vs.stations.database()) prop::make_antenna(st.antenna);
      std::vector<std::string> values;
      for (const SweepValue& sv : v.values) values.push_back(sv.label + " = " + sv.text);
      const std::size_t work = path_loss_evaluations(vs) +
                               (vs.sharing.any() ? coupling_evaluations(vs) : std::size_t{0});
      total += work;
      // The tensors a batch run computes for this variant, and those it reuses from earlier
      // variants (keys as the analyses build them; MIC-area tensors not counted).
      const std::vector<std::string> keys = tensor_keys(vs);
      std::size_t fresh = 0;
      for (const std::string& k : keys) fresh += seen.insert(k).second ? 1 : 0;
      fresh_total += fresh;
      tensors_total += keys.size();
      fresh_work += fresh * vs.grid.heights_m.size() * vs.grid.cells();
      fmt::print(
          "  {:>4}  {}  [{}]  work {} ({} stations{} x {} heights x {} cells); tensors {} "
          "new, {} reused\n",
          v.index, v.name, fmt::join(values, ", "), work, vs.stations.planned().size(),
          vs.sharing.any() ? fmt::format(" + {} database stations", vs.stations.database().size())
                           : std::string(),
          vs.grid.heights_m.size(), vs.grid.cells(), fresh, keys.size() - fresh);
    }
    fmt::print("Sweep work: {} evaluations in all\n", total);
    fmt::print(
        "Reuse:    {} of {} station tensors computed in a batch run ({} evaluations), {} "
        "reused from earlier variants\n",
        fresh_total, tensors_total, fresh_work, tensors_total - fresh_total);
    fmt::print("OK: {} and its {} variant(s) are valid\n", scenario.path, sweep->variants.size());
    return 0;
  }
  fmt::print("OK: {} is valid\n", scenario.path);
  return 0;
}

}  // namespace akichi::sim::cli

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/limits.h"
#include "propagation/antenna/antenna.h"
#include "propagation/engine/model_registry.h"
#include "propagation/geo/distance.h"
#include "propagation/terrain/land_cover.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/analysis/study_buildings.h"
#include "sim/analysis/tensor_key.h"
#include "sim/batch/sweep_footprint.h"
#include "sim/cli/commands.h"
#include "sim/cli/limits.h"
#include "sim/cli/report.h"
#include "sim/results/footprint.h"
#include "sim/scenario/model_params.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::cli {

namespace {

/// The terrain's nodes: a raster's own resolution, the node spacing used, the nodes and the
/// memory they take; a warning when a given terrain.step_m is coarser
/// than the DEM (its posts between nodes are lost).
void print_terrain_nodes(const Scenario& sc) {
  const TerrainSpec& t = sc.terrain;
  const prop::TerrainLattice lattice = terrain_lattice(sc);
  const std::uint64_t nodes =
      static_cast<std::uint64_t>(lattice.nx()) * static_cast<std::uint64_t>(lattice.ny());
  std::string origin = "the cell size";
  if (t.step_m > 0) {
    origin = "terrain.step_m";
  } else if (t.kind == TerrainKind::Raster && t.raster_geometry) {
    origin = t.raster_geometry->aligned ? "the DEM's own posts" : "the DEM's resolution";
  }
  if (t.kind == TerrainKind::Raster && t.raster_geometry) {
    const prop::RasterGeometry& g = *t.raster_geometry;
    fmt::print("DEM:      {} x {} posts of {:g} x {:g} {} ({}) = {:.2f} x {:.2f} m here\n",
               g.columns, g.rows, g.source_pixel_x, g.source_pixel_y, g.source_units, g.crs_name,
               g.pixel_x_m, g.pixel_y_m);
  }
  fmt::print("Nodes:    {} x {} terrain nodes every {:g} m ({}), {} as float32\n", lattice.nx(),
             lattice.ny(), lattice.step_m, origin,
             bytes_text(checked_product({nodes, std::uint64_t{sizeof(float)}})));
  if (profiles_on_source_posts(sc)) {
    const std::uint64_t posts = source_posts_estimate(sc);
    fmt::print(
        "Profiles: on the DEM's own posts in its CRS (one bilinear interpolation of them), about "
        "{} posts, {} as float32\n",
        posts, bytes_text(checked_product({posts, std::uint64_t{sizeof(float)}})));
  }
  if (t.kind == TerrainKind::Raster && t.raster_geometry && t.step_m > 0) {
    const double resolution = t.raster_geometry->resolution_m();
    if (t.step_m > resolution * (1 + 1e-9)) {
      fmt::print(
          "Warning:  terrain.step_m = {:g} m is coarser than the DEM's {:.2f} m posts: one node "
          "per {:.1f} posts, the others only interpolated across (ridges narrower than {:g} m "
          "are lowered); leave step_m out to use the DEM's own resolution\n",
          t.step_m, resolution, (t.step_m / resolution) * (t.step_m / resolution), t.step_m);
    }
  }
}

/// The land cover as a run reads it: the raster's size, resolution and CRS, the lattice it is
/// read onto, and the class histogram over the study area with each class's clutter; values
/// the table does not map and nodes without data are listed before the run's error is thrown.
void print_land_cover(const Scenario& sc) {
  if (!sc.land_cover.enabled) return;
  const prop::LandCoverOptions& o = sc.land_cover.options;
  prop::LandCoverSurvey s;
  const auto print = [&] {
    if (s.nx == 0) return;  // the raster could not be read at all
    fmt::print(
        "Land cover raster: {} x {} pixels of {:g} x {:g} {} ({}) = {:.2f} x {:.2f} m here; "
        "read onto {} x {} nodes every {:g} m (nearest class)\n",
        s.columns, s.rows, s.source_pixel_x, s.source_pixel_y, s.source_units, s.crs_name,
        s.pixel_x_m, s.pixel_y_m, s.nx, s.ny, s.step_m);
    const double nodes = static_cast<double>(s.nx) * static_cast<double>(s.ny);
    for (const auto& [value, count] : s.histogram) {
      const auto it = o.table.find(value);
      if (it == o.table.end()) {
        fmt::print("  class {:>6}: {:>10} nodes ({:5.1f} %)  NO MAPPING\n", value, count,
                   100.0 * static_cast<double>(count) / nodes);
        continue;
      }
      const prop::ClutterClass& c = it->second;
      fmt::print(
          "  class {:>6}: {:>10} nodes ({:5.1f} %)  {} -> {}, R {:g} m, profile R_i {:g} m\n",
          value, count, 100.0 * static_cast<double>(count) / nodes, c.name,
          prop::clutter_type_key(c.type), c.height_m, c.profile_height_m);
    }
    if (s.nodata_nodes > 0) {
      fmt::print("  no data    : {:>10} nodes ({:5.1f} %)  {}\n", s.nodata_nodes,
                 100.0 * static_cast<double>(s.nodata_nodes) / nodes,
                 o.nodata ? "taken as " + std::string(prop::clutter_type_key(o.nodata->type))
                          : std::string("an error (land_cover.nodata is not set)"));
    }
    if (!s.unmapped.empty())
      fmt::print("  classes without a mapping: {}\n", fmt::join(s.unmapped, ", "));
  };
  try {
    prop::load_land_cover(o, sc.crs, terrain_lattice(sc).extent, &s);
  } catch (const InputError&) {
    print();
    throw;
  }
  print();
}

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

/// Sweeps of up to this many variants are listed and parsed variant by variant; larger ones are
/// checked on the variants that hold each parameter's extreme and distinct values.
constexpr std::size_t kListedVariants = 1000;

/// Parses a variant's scenario and builds its models and antennas: an invalid variant throws
/// an InputError naming it (exit 2).
Scenario checked_variant(const Scenario& base, const std::string& path, const Variant& v) {
  Scenario vs = variant_scenario(base.text, path, v);
  prop::make_path_loss_model(vs.model);
  for (const Station& st : vs.stations.planned()) prop::make_antenna(st.antenna);
  for (const Station& st : vs.stations.database()) prop::make_antenna(st.antenna);
  return vs;
}

/// Every variant listed with its values, work and tensor reuse.
void list_variants(const Scenario& base, const std::string& path, const Sweep& sweep) {
  std::size_t total = 0, fresh_total = 0, tensors_total = 0, fresh_work = 0;
  std::set<std::string> seen;
  for (const Variant& v : sweep.variants) {
    const Scenario vs = checked_variant(base, path, v);
    std::vector<std::string> values;
    for (const SweepValue& sv : v.values) values.push_back(sv.label + " = " + sv.text);
    const std::size_t work =
        path_loss_evaluations(vs) + (vs.sharing.any() ? coupling_evaluations(vs) : std::size_t{0});
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
}

/// A large sweep: the first and last variants, and for each parameter the variants holding its
/// lowest and highest value and (up to 64 of them) each of its distinct values. The scenario's
/// checks of a value are ranges and choices, which these variants reach; parsing 133,000
/// variants one by one would take minutes.
void check_variant_sample(const Scenario& base, const std::string& path, const Sweep& sweep) {
  constexpr std::size_t kDistinct = 64;
  std::set<std::size_t> picked{0, sweep.variants.size() - 1};
  const std::size_t np = sweep.keys.size();
  for (std::size_t i = 0; i < np; ++i) {
    std::set<std::string> distinct;
    std::size_t lo = 0, hi = 0;
    const auto number = [&](std::size_t k) -> std::optional<double> {
      const SweepScalar& x = sweep.variants[k].values[i].value;
      if (const auto* d = std::get_if<double>(&x)) return *d;
      if (const auto* n = std::get_if<std::int64_t>(&x)) return static_cast<double>(*n);
      return std::nullopt;
    };
    for (std::size_t k = 0; k < sweep.variants.size(); ++k) {
      const std::optional<double> x = number(k);
      if (x && *x < *number(lo)) lo = k;
      if (x && *x > *number(hi)) hi = k;
      if (distinct.size() < kDistinct && distinct.insert(sweep.variants[k].values[i].text).second)
        picked.insert(k);
    }
    picked.insert(lo);
    picked.insert(hi);
  }
  for (const std::size_t k : picked) checked_variant(base, path, sweep.variants[k]);
  fmt::print(
      "Checked:  {} of the {} variants parsed (the first, the last, and those with each "
      "parameter's lowest, highest and first {} distinct values); sweeps of more than {} "
      "variants are not listed one by one\n",
      picked.size(), sweep.variants.size(), kDistinct, kListedVariants);
}

/// `akichi check` of a scenario with a [sweep]: its variants checked, its batch run sized.
void check_sweep(const CheckOptions& opts, const Scenario& base, const Sweep& sweep,
                 const std::string& output, const Limits& limits) {
  fmt::print("Sweep:    mode {}, {} variant(s) over {}\n", sweep.mode, sweep.variants.size(),
             fmt::join(sweep.labels, ", "));
  if (sweep.variants.size() <= kListedVariants) {
    list_variants(base, opts.scenario, sweep);
  } else {
    check_variant_sample(base, opts.scenario, sweep);
  }
  const batch::SweepFootprint f = batch::sweep_footprint(base.text, opts.scenario, sweep, {},
                                                         batch::BatchOptions{}.cache_bytes);
  fmt::print(
      "Sizing:   {} variant scenario(s) parsed to size {} variants (the others differ "
      "only in keys that change no size)\n",
      f.parsed, f.variants);
  print_footprint(stdout, f.memory, f.output, limits);
  enforce_limits(opts.scenario, output, f.memory, f.output, limits);
  fmt::print("OK: {} and its {} variant(s) are valid\n", base.path, sweep.variants.size());
}

}  // namespace

int command_check(const CheckOptions& opts) {
  const Scenario scenario = load_scenario(opts.scenario);
  // Build what is cheap to build, so that model, antenna and pattern errors show up now.
  // The model is described over the buildings a run reads (reading them checks the file).
  const std::string model = describe_study_model(scenario);
  std::vector<std::string> antennas;
  for (const Station& st : scenario.stations.planned()) {
    antennas.push_back(prop::make_antenna(st.antenna)->describe());
  }
  print_scenario_overview(stdout, scenario, model, antennas);
  print_terrain_nodes(scenario);
  print_land_cover(scenario);
  print_model_domain(scenario);
  print_sharing_overview(stdout, scenario);
  for (const Station& st : scenario.stations.database()) prop::make_antenna(st.antenna);

  const std::size_t n = path_loss_evaluations(scenario);
  fmt::print(
      "Work:     {} path-loss evaluations ({} stations x {} heights x {} cells), "
      "profile step {:g} m\n",
      n, scenario.stations.planned().size(), scenario.grid.heights_m.size(), scenario.grid.cells(),
      effective_profile_step_m(scenario));
  if (scenario.area_engine == prop::AreaEngine::Radial) {
    fmt::print(
        "Engine:   radial (terrain profiles shared along radials from each transmitter, not one "
        "per cell; docs/methods.md, \"The radial engine\")\n");
  }
  // As a single process runs it (`akichi run` without mpirun).
  const results::Footprint footprint =
      results::scenario_footprint(scenario, streams_station_tensors(scenario));
  if (scenario.sharing.any()) {
    fmt::print(
        "Sharing:  {} coupling evaluations ({} database stations x {} heights x {} cells); "
        "{} distinct active set(s) over {} slot(s)\n",
        coupling_evaluations(scenario), scenario.stations.database().size(),
        scenario.grid.heights_m.size(), scenario.grid.cells(), footprint.active_sets,
        footprint.time_slots);
    if (scenario.sharing.montecarlo.enabled) {
      const MonteCarloSpec& mc = scenario.sharing.montecarlo;
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
          scenario.sharing.has_time ? "by the activity factors, at a random slot of the time axis"
                                    : "by the activity factors",
          criteria,
          mc.c_over_i || mc.c_over_n_plus_i ? fmt::format(" (C = {:g} dBm)", mc.wanted_dBm)
                                            : std::string(),
          mc.cdf_min_dB, mc.cdf_max_dB, mc.cdf_step_dB);
    }
    if (scenario.sharing.coordination.enabled) {
      fmt::print("{}\n", describe_coordination(scenario.sharing.coordination,
                                               scenario.stations.planned().size()));
    }
    for (const SpaceStation& sat : scenario.sharing.space_stations) {
      fmt::print(
          "Space station: {}; the aggregate of {} planned base station(s) and the database's "
          "local 5G stations on earth-to-space paths (free space, P.676-13 slant-path gases{}; "
          "rain and clouds not credited), per channel and slot, with the base stations that "
          "fit under its criterion\n",
          describe_space_station(sat), scenario.stations.planned().size(),
          sat.clutter_location_percent ? ", P.2108-1 §3.3 clutter" : "");
    }
  }
  const std::string output = opts.output.empty() ? scenario.output.path : opts.output;
  const Limits limits = resolve_limits(opts.max_memory, opts.max_output, output);
  if (const std::optional<Sweep> sweep = read_sweep(scenario.text, opts.scenario)) {
    check_sweep(opts, scenario, *sweep, output, limits);
    return 0;
  }
  print_footprint(stdout, footprint.memory, footprint.output, limits);
  enforce_limits(opts.scenario, output, footprint.memory, footprint.output, limits);
  fmt::print("OK: {} is valid\n", scenario.path);
  return 0;
}

}  // namespace akichi::sim::cli

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "base/errors.h"
#include "propagation/engine/model_config.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/analysis/study_buildings.h"
#include "sim/cli/commands.h"
#include "sim/cli/limits.h"
#include "sim/cli/output_guard.h"
#include "sim/cli/progress_display.h"
#include "sim/cli/report.h"
#include "sim/parallel/comm.h"
#include "sim/parallel/coverage_share.h"
#include "sim/parallel/mpi_montecarlo_share.h"
#include "sim/parallel/mpi_tensor_source.h"
#include "sim/results/coverage_file.h"
#include "sim/results/footprint.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"
#include "viz/polygon_features.h"
#include "viz/polygons.h"

namespace akichi::sim::cli {

namespace {
long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}
/// Where the MIC areas' GeoJSON goes: [mic] geojson, or beside the results file.
std::string mic_geojson_path(const Scenario& sc) {
  if (!sc.sharing.mic.geojson_path.empty()) return sc.sharing.mic.geojson_path;
  std::filesystem::path p(sc.output.path);
  p.replace_extension();
  return p.string() + "-mic.geojson";
}

/// The MIC cover / coordination areas and the licensee overlaps as GeoJSON polygons (WGS 84).
void write_mic_geojson(const Scenario& sc, const SharingRun& run) {
  const std::string path = mic_geojson_path(sc);
  const MicAreas& m = run.mic;
  const std::size_t cells = sc.grid.cells();
  std::vector<viz::MaskLayer> layers;
  for (std::size_t b = 0; b < run.mic_station_ids.size(); ++b) {
    const auto slice = [&](const std::vector<std::uint8_t>& v) {
      return std::vector<std::uint8_t>(v.begin() + static_cast<std::ptrdiff_t>(b * cells),
                                       v.begin() + static_cast<std::ptrdiff_t>((b + 1) * cells));
    };
    layers.push_back({run.mic_station_ids[b] + " coverage", run.mic_station_ids[b],
                      run.mic_licensees[b], "coverage", slice(m.coverage)});
    layers.push_back({run.mic_station_ids[b] + " coordination", run.mic_station_ids[b],
                      run.mic_licensees[b], "coordination", slice(m.coordination)});
  }
  for (const MicPair& p : m.pairs) {
    layers.push_back({p.a + " -> " + p.b, "", p.a, "overlap", p.mask});
  }
  const viz::MaskGrid grid{sc.grid.x0_m, sc.grid.y0_m, sc.grid.cell_m,
                           sc.grid.nx,   sc.grid.ny,   sc.crs.wkt2()};
  viz::write_mask_polygons_geojson(path, grid, layers);
}

/// Where the municipalities' polygons go: [municipal] output, or beside the results file.
std::string municipal_vector_path(const Scenario& sc) {
  if (!sc.sharing.municipal.output_path.empty()) return sc.sharing.municipal.output_path;
  std::filesystem::path p(sc.output.path);
  p.replace_extension();
  return p.string() + "-municipal.geojson";
}

/// The municipalities inside the study area with their eligibility, through OGR.
void write_municipal_vector(const Scenario& sc, const SharingRun& run) {
  const MunicipalSpec& mu = sc.sharing.municipal;
  const MunicipalRun& mr = run.municipal;
  const auto& areas = mu.boundaries.municipalities;
  std::vector<viz::PolygonFeature> features;
  for (std::size_t m = 0; m < areas.size(); ++m) {
    const MunicipalBinding& b = mr.result.binding[m];
    std::ostringstream wkt;
    wkt << std::setprecision(15) << prop::bg::wkt(areas[m].area);
    const std::string binding =
        b.receiver < 0
            ? ""
            : sc.stations.database()[mr.receivers[static_cast<std::size_t>(b.receiver)]].id;
    const std::string channel =
        b.receiver < 0 ? ""
                       : sc.sharing.channels[mu.channels[static_cast<std::size_t>(b.channel)]].id;
    features.push_back({wkt.str(),
                        {{"code", areas[m].code},
                         {"name", areas[m].name},
                         {"eligible", std::int64_t{mr.result.eligible[m]}},
                         {"worst_margin_dB", mr.result.worst_margin_dB[m]},
                         {"binding_station", binding},
                         {"binding_channel", channel},
                         {"cells", static_cast<std::int64_t>(mr.result.cells[m])},
                         {"area_m2", prop::bg::area(areas[m].area)},
                         {"rules_status", mu.rules.status}}});
  }
  viz::write_polygon_features(municipal_vector_path(sc), sc.crs.wkt2(), "municipal_eligibility",
                              features);
}

}  // namespace

int command_run(const RunOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  Scenario scenario = load_scenario(opts.scenario);
  if (const std::optional<Sweep> sweep = read_sweep(scenario.text, opts.scenario)) {
    return command_batch(opts, scenario, *sweep);
  }
  if (opts.resume || !opts.shard.empty()) {
    throw_input_error({opts.scenario}, opts.resume ? "--resume" : "--shard",
                      "a scenario without [sweep]", "a scenario with a [sweep] table");
  }
  if (!opts.output.empty()) scenario.output.path = opts.output;
  const std::vector<std::string> inputs = scenario_inputs(scenario);
  refuse_output_onto_input(scenario.output.path, inputs, opts.output.empty() ? "output.path" : "-o",
                           "the scenario or a file it reads");
  if (scenario.sharing.mic.enabled)
    refuse_output_onto_input(mic_geojson_path(scenario), inputs, "mic.geojson",
                             "the scenario or a file it reads");
  if (scenario.sharing.municipal.enabled)
    refuse_output_onto_input(municipal_vector_path(scenario), inputs, "municipal.output",
                             "the scenario or a file it reads");
  // What the run will hold and write, against what it has: refused before any work.
  const results::Footprint footprint =
      results::scenario_footprint(scenario, streams_station_tensors(scenario));
  enforce_limits_on_ranks(opts.comm, opts.scenario, scenario.output.path, footprint.memory,
                          footprint.output,
                          resolve_limits(opts.max_memory, opts.max_output, scenario.output.path));
  clear_stale_temporaries(scenario.output.path);
  if (scenario.sharing.mic.enabled) clear_stale_temporaries(mic_geojson_path(scenario));
  if (scenario.sharing.municipal.enabled) clear_stale_temporaries(municipal_vector_path(scenario));
  const int ranks = opts.comm != nullptr ? opts.comm->size() : 1;
  const bool root = opts.comm == nullptr || opts.comm->rank() == 0;
  const bool quiet = opts.quiet || !root;  // ranks > 0 compute silently
  const std::filesystem::path out_path = scenario.output.path;
  if (root && out_path.has_parent_path()) {
    std::filesystem::create_directories(out_path.parent_path());
  }

  int threads = opts.threads > 0 ? opts.threads : scenario.threads;
  if (threads <= 0) threads = tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));

  ConsoleProgress progress(stderr, isatty(fileno(stderr)) != 0, quiet);
  if (!quiet) {
    // The model over the buildings the run will read (their count, walls, entry loss).
    print_scenario_overview(stdout, scenario, describe_study_model(scenario), {});
    print_sharing_overview(stdout, scenario);
    if (ranks > 1) fmt::print("Ranks:    {}, {} thread(s) each\n", opts.comm->describe(), threads);
    std::fflush(stdout);
  }
  // With several ranks each stage's station tensors are shared out among them; every rank then
  // holds all of them (but for a streamed run's coverage stage, below) and runs the rest of the
  // analyses itself (cheap next to the tensors).
  std::optional<par::MpiTensorSource> mpi_source;
  std::optional<par::MpiMonteCarloShare> mpi_trials;  // the Monte Carlo's trials likewise
  if (ranks > 1) {
    mpi_source.emplace(*opts.comm);
    mpi_trials.emplace(*opts.comm);
  }
  TensorSource* source = mpi_source ? &*mpi_source : nullptr;
  // Large station tensors are streamed to scratch files beside the output rather than held
  // (docs/methods.md, "Memory of a run"); under MPI the ranks send their stations to rank 0,
  // which alone writes them and reduces the coverage layers, then shares the layers.
  const std::filesystem::path scratch_dir =
      out_path.has_parent_path() ? out_path.parent_path() : std::filesystem::path(".");
  const bool streamed = streams_station_tensors(scenario);
  CoverageRun run = run_coverage(scenario, progress, source, streamed ? &scratch_dir : nullptr);
  if (streamed && ranks > 1) par::share_coverage(*opts.comm, run.coverage);
  std::optional<SharingRun> sharing;
  if (scenario.sharing.any()) {
    sharing =
        run_sharing(scenario, run.terrain, scenario.stations.planned().empty() ? nullptr : &run,
                    progress, source, mpi_trials ? &*mpi_trials : nullptr);
  }
  if (!root) return 0;

  progress.stage("writing results", 0);
  RunInfo info;
  info.threads = threads;
  info.ranks = ranks;
  info.command_line = fmt::format("akichi run {}{}", opts.scenario,
                                  opts.output.empty() ? "" : " -o " + opts.output);
  info.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  info.peak_rss_kib = peak_rss_kib();
  write_results(scenario.output.path, scenario, run, sharing ? &*sharing : nullptr, info);
  progress.done();
  if (sharing && sharing->mic_rule != nullptr) {
    progress.stage("MIC area polygons", 0);
    write_mic_geojson(scenario, *sharing);
    progress.done();
  }
  if (sharing && sharing->municipal.done) {
    progress.stage("municipal polygons", 0);
    write_municipal_vector(scenario, *sharing);
    progress.done();
  }

  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print_run_summary(stdout, scenario, run, sharing ? &*sharing : nullptr, scenario.output.path,
                    total, peak_rss_kib(), threads);
  return 0;
}

}  // namespace akichi::sim::cli

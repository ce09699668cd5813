// The akichi command line: run, check, models, merge, render, p2p. The only place that turns
// exceptions into messages and exit codes: 0 success, 2 bad input, 1 runtime failure.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>

#include <fmt/format.h>
#include <gdal.h>
#include <CLI/CLI.hpp>

#include "akichi_version.h"
#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/parallel/comm.h"

int main(int argc, char** argv) {
  using namespace akichi::sim::cli;
  // MPI is initialised (under mpirun / srun only) before any other thread exists and finalised
  // when main returns.
  akichi::sim::par::MpiSession mpi(&argc, &argv);
  akichi::sim::par::Comm& comm = mpi.comm();
  const bool root = comm.rank() == 0;
  CLI::App app{"akichi: vacant time-space-frequency slots for local 5G in shared bands"};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       std::string("akichi ") + AKICHI_VERSION + " (git " + AKICHI_GIT_SHA + ", " +
                           (akichi::sim::par::built_with_mpi() ? "with MPI" : "without MPI") + ")");

  RunOptions run_opts;
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results file");
  run->add_option("scenario", run_opts.scenario, "Scenario file (TOML)")->required();
  run->add_option("-o,--output", run_opts.output,
                  "Results file (HDF5); default: the scenario's [output] path");
  run->add_option("--threads", run_opts.threads,
                  "Worker threads (0 = the scenario's [run] threads, or all cores)")
      ->check(CLI::NonNegativeNumber);
  run->add_flag("-q,--quiet", run_opts.quiet, "No progress, only the summary");
  run->add_flag("--resume", run_opts.resume,
                "Sweeps: keep the variants already complete in the batch file, run the others");
  run->add_option("--shard", run_opts.shard,
                  "Sweeps: run only share i of N of the variants (i/N, 1-based); join the "
                  "shards' files with akichi merge");
  run->add_option("--cache-mib", run_opts.cache_mib,
                  "Sweeps: memory for station tensors reused across variants (default 2048)")
      ->check(CLI::NonNegativeNumber);

  CheckOptions check_opts;
  CLI::App* check = app.add_subcommand("check", "Validate a scenario and print the work it needs");
  check->add_option("scenario", check_opts.scenario, "Scenario file (TOML)")->required();

  ModelsOptions models_opts;
  CLI::App* models = app.add_subcommand(
      "models", "List the propagation models: scenario table, domain and parameters");
  models->add_flag("--json", models_opts.json, "A JSON list for programs");

  MergeOptions merge_opts;
  CLI::App* merge = app.add_subcommand(
      "merge", "Join the batch files of the shards of one sweep (akichi run --shard) into one");
  merge->add_option("inputs", merge_opts.inputs, "Batch files of the shards")->required();
  merge->add_option("-o,--output", merge_opts.output, "The merged batch file")->required();
  merge->add_flag("--allow-partial", merge_opts.allow_partial,
                  "Write the merged file even when variants are missing");

  RenderOptions render_opts;
  CLI::App* render =
      app.add_subcommand("render", "Render one layer of a results file as PNG or GeoTIFF");
  render->add_option("results", render_opts.results, "Results file (HDF5)")->required();
  render
      ->add_option(
          "--var", render_opts.var,
          "Variable along (y, x), e.g. best_rx_power, sinr, rx_power, best_server, max_eirp, "
          "binding_station, usable, vacancy_interference, mic_coverage, mic_pair_overlap")
      ->required();
  render->add_option("--time", render_opts.time,
                     "Time slot (variables along 'time'): a time_local label, a prefix of exactly "
                     "one (e.g. 2026-12-07T09), or an index");
  render->add_option(
      "--channel", render_opts.channel,
      "Channel (variables along 'channel'): a channel_id (e.g. 4700-4800MHz) or an index");
  render->add_option("--station", render_opts.station,
                     "Station id (variables along 'station', 'db_station' or 'mic_station')");
  render->add_option("--height", render_opts.height_m,
                     "Height in metres (variables along 'height'; default: the lowest)");
  render->add_option("--pair", render_opts.pair,
                     "MIC licensee pair 'A->B' or an index (variables along 'mic_pair')");
  render->add_option("--vmin", render_opts.vmin, "Colour scale minimum");
  render->add_option("--vmax", render_opts.vmax, "Colour scale maximum");
  render->add_option("--colormap", render_opts.colormap, "Colour map");
  render->add_option("-o,--output", render_opts.output, "Output map: .png or .tif")->required();

  P2pOptions p2p_opts;
  CLI::App* p2p = app.add_subcommand(
      "p2p", "Evaluate a model on the owners' profile/case files and append akichi_* columns");
  p2p->add_option("--model", p2p_opts.model, "p452-18 | p1812 | ehata-ntia | itm")->required();
  p2p->add_option("--profile", p2p_opts.profile, "Profile file (p452-18, p1812; itm: pfls.csv)");
  p2p->add_option("--cases", p2p_opts.cases, "Cases file (p452-18, ehata-ntia, itm)");
  p2p->add_option("--pfl-dir", p2p_opts.pfl_dir, "Directory of ITM-format profiles (ehata-ntia)");
  p2p->add_option("-o,--output", p2p_opts.output, "Output CSV (written atomically)")->required();
  p2p->add_option("--delta-N-map", p2p_opts.delta_N_map,
                  "p452-18: ITU-R digital map DN50.TXT; replaces the DN column by its value at "
                  "the path centre");
  p2p->add_option("--N0-map", p2p_opts.N0_map,
                  "p452-18: ITU-R digital map N050.TXT; replaces the N0 column likewise");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments and fails alike; one message is enough.
    const int rc = root ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
    return rc == 0 ? 0 : 2;
  }
  run_opts.comm = &comm;

  GDALAllRegister();
  try {
    if (*run) return command_run(run_opts);
    if (*check) return command_check(check_opts);
    if (*models) return command_models(models_opts);
    if (*merge) return command_merge(merge_opts);
    if (*render) return command_render(render_opts);
    if (*p2p) return command_p2p(p2p_opts);
  } catch (const akichi::InputError& e) {
    // Input is read alike by every rank, before any collective operation: all ranks fail
    // here together and return 2; rank 0 says why.
    if (root) fmt::print(stderr, "akichi: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    if (comm.size() > 1) {
      // A failure of this rank alone would leave the others waiting: end the whole run.
      fmt::print(stderr, "akichi: failure on rank {} of {}: {}\n", comm.rank(), comm.size(),
                 e.what());
      std::fflush(stderr);
      comm.abort(1);
    }
    fmt::print(stderr, "akichi: failure: {}\n", e.what());
    return 1;
  }
  return 1;
}

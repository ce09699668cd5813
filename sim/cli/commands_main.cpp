// The akichi command line: run, check, models, merge, render, contours, report, link, import,
// points, compare, p2p, serve. The only place, with the front end's `p2p` (sim/cli/main.cpp),
// that turns exceptions into messages and exit codes: 0 success, 2 bad input, 1 runtime failure.
//
// This file is the main() of the commands executable (libexec/akichi/akichi-commands), which the
// `akichi` front end (sim/cli/main.cpp) executes in its own place when a command needs it (every
// command but `p2p` and `--version`), so that the libraries it links (GDAL, HDF5, MPI, Pango,
// ICU, ...: about 150 shared objects) are loaded only then.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <gdal.h>
#include <CLI/CLI.hpp>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/front.h"
#include "sim/parallel/comm.h"
#include "sim/serve/http_server.h"

namespace {

using namespace akichi::sim::cli;

/// The options of every command, filled by the parser.
struct Options {
  RunOptions run;
  CheckOptions check;
  ModelsOptions models;
  MergeOptions merge;
  RenderOptions render;
  ContoursOptions contours;
  ReportOptions report;
  LinkOptions link;
  ImportOptions imports;
  PointsOptions points;
  CompareOptions compare;
  P2pOptions p2p;
  akichi::sim::serve::ServeOptions serve;
  TokenOptions token;
};

/// --max-memory and --max-output of `run` and `check` (sim/cli/limits.h).
void add_limit_options(CLI::App& cmd, std::string& max_memory, std::string& max_output) {
  cmd.add_option("--max-memory", max_memory,
                 "Refuse a run that would hold more than SIZE in memory at its peak (e.g. 8G; "
                 "default: the memory available now)");
  cmd.add_option("--max-output", max_output,
                 "Refuse a run whose results data (uncompressed) exceed SIZE (e.g. 500G; "
                 "default: the free space of the output's file system)");
}

/// `akichi run`
CLI::App* add_run(CLI::App& app, RunOptions& o) {
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario and write its results file");
  cmd->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("-o,--output", o.output,
                  "Results file (HDF5); default: the scenario's [output] path");
  cmd->add_option("--threads", o.threads,
                  "Worker threads (0 = the scenario's [run] threads, or all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("-q,--quiet", o.quiet, "No progress, only the summary");
  cmd->add_flag("--resume", o.resume,
                "Sweeps: keep the variants already complete in the batch file, run the others");
  cmd->add_option("--shard", o.shard,
                  "Sweeps: run only share i of N of the variants (i/N, 1-based); join the "
                  "shards' files with akichi merge");
  cmd->add_option("--cache-mib", o.cache_mib,
                  "Sweeps: memory for station tensors reused across variants (default 2048)")
      ->check(CLI::NonNegativeNumber);
  add_limit_options(*cmd, o.max_memory, o.max_output);
  return cmd;
}

/// `akichi check`
CLI::App* add_check(CLI::App& app, CheckOptions& o) {
  CLI::App* cmd = app.add_subcommand("check", "Validate a scenario and print the work it needs");
  cmd->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("-o,--output", o.output,
                  "Results file whose disk space is checked; default: the [output] path");
  add_limit_options(*cmd, o.max_memory, o.max_output);
  return cmd;
}

/// `akichi models`
CLI::App* add_models(CLI::App& app, ModelsOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "models", "List the propagation models: scenario table, domain and parameters");
  cmd->add_flag("--json", o.json, "A JSON list for programs");
  return cmd;
}

/// `akichi merge`
CLI::App* add_merge(CLI::App& app, MergeOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "merge", "Join the batch files of the shards of one sweep (akichi run --shard) into one");
  cmd->add_option("inputs", o.inputs, "Batch files of the shards")->required();
  cmd->add_option("-o,--output", o.output, "The merged batch file")->required();
  cmd->add_flag("--allow-partial", o.allow_partial,
                "Write the merged file even when variants are missing");
  return cmd;
}

/// `akichi render`
CLI::App* add_render(CLI::App& app, RenderOptions& o) {
  CLI::App* cmd =
      app.add_subcommand("render", "Render one layer of a results file as PNG, GeoTIFF or KMZ");
  cmd->add_option("results", o.results, "Results file (HDF5)")->required();
  cmd->add_option(
         "--var", o.var,
         "Variable along (y, x), e.g. best_rx_power, sinr, rx_power, best_server, max_eirp, "
         "binding_station, usable, vacancy_interference, mic_coverage, mic_pair_overlap; "
         "granted_eirp (the applicants of [coordination] on the map) and i_over_n_cdf (the CDF "
         "of I/N per protected receiver of [montecarlo], --station and --channel optional)")
      ->required();
  cmd->add_option("--variant", o.variant,
                  "Batch file of a sweep: the variant, by name (e.g. "
                  "'hall_height_m=8,quay_power_dBm=24') or by its index in the sweep");
  cmd->add_option("--time", o.time,
                  "Time slot (variables along 'time'): a time_local label, a prefix of exactly "
                  "one (e.g. 2026-12-07T09), or an index");
  cmd->add_option(
      "--channel", o.channel,
      "Channel (variables along 'channel'): a channel_id (e.g. 4700-4800MHz) or an index");
  cmd->add_option("--station", o.station,
                  "Station id (variables along 'station', 'db_station' or 'mic_station')");
  cmd->add_option("--height", o.height_m,
                  "Height in metres (variables along 'height'; default: the lowest)");
  cmd->add_option("--pair", o.pair,
                  "MIC licensee pair 'A->B' or an index (variables along 'mic_pair')");
  cmd->add_option("--vmin", o.vmin, "Colour scale minimum");
  cmd->add_option("--vmax", o.vmax, "Colour scale maximum");
  cmd->add_option("--colormap", o.colormap, "Colour map");
  cmd->add_flag("--log", o.log,
                "i_over_n_cdf: the tail, as the complementary CDF P(I/N > x) on a logarithmic "
                "axis down to 1/trials");
  cmd->add_flag("--no-hillshade", o.no_hillshade,
                "PNG: no hillshade of the terrain (terrain_height) under the field");
  cmd->add_flag("--no-graticule", o.no_graticule, "PNG: no latitude/longitude graticule");
  cmd->add_flag("--no-stations", o.no_stations,
                "PNG: no stations (planned, protected receivers, incumbent transmitters, earth "
                "stations, database local 5G stations)");
  cmd->add_flag("--no-buildings", o.no_buildings, "PNG: no building footprints");
  cmd->add_option("--basemap", o.basemap,
                  "PNG: a georeferenced raster (any format and CRS GDAL reads: an orthophoto, a "
                  "map) warped under the field instead of the hillshade");
  cmd->add_option("-o,--output", o.output, "Output map: .png, .tif or .kmz")->required();
  return cmd;
}

/// `akichi contours`
CLI::App* add_contours(CLI::App& app, ContoursOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "contours",
      "Areas of one layer of a results file as vectors: at or above levels, or categories");
  cmd->add_option("results", o.results, "Results file")->required();
  cmd->add_option("--var", o.var,
                  "Variable along (y, x): continuous (with --levels, e.g. rx_power, max_eirp) or "
                  "categorical (best_server, usable, mic_coverage, mic_coordination, ...)")
      ->required();
  cmd->add_option("--levels", o.levels,
                  "Levels in the variable's units, comma-separated: one area per level, where "
                  "the value is at or above it")
      ->delimiter(',');
  cmd->add_option("--variant", o.variant,
                  "Batch file of a sweep: the variant, by name or by its index in the sweep");
  cmd->add_option("--time", o.time, "Time slot: a time_local label, a prefix of one, or an index");
  cmd->add_option("--channel", o.channel, "Channel: a channel_id or an index");
  cmd->add_option("--station", o.station,
                  "Station id; a MIC mask without it: every station's area together");
  cmd->add_option("--height", o.height_m, "Height in metres (default: the lowest)");
  cmd->add_option("--pair", o.pair, "MIC licensee pair 'A->B' or an index");
  cmd->add_option("-o,--output", o.output,
                  "Output: .geojson or .json (WGS 84), .gpkg (study CRS) or .kml")
      ->required();
  return cmd;
}

/// `akichi report`
CLI::App* add_report(CLI::App& app, ReportOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "report", "The study report of a results file: one self-contained HTML file (and PDF)");
  cmd->add_option("results", o.results, "Results file")->required();
  cmd->add_option("-o,--output", o.output, "The report: .html (images and style inside)")
      ->required();
  cmd->add_option("--pdf", o.pdf, "Also print it to this PDF (headless chromium)");
  cmd->add_option("--chromium", o.chromium, "chromium for --pdf (default: found on PATH)");
  cmd->add_option("--variant", o.variant,
                  "Batch file of a sweep: the variant reported, by name or index (default: the "
                  "first); the table of every variant comes first");
  cmd->add_option("--point", o.points,
                  "LAT,LON[,H]: a point of the vacancy tables (repeatable; default: the planned "
                  "stations' sites)")
      ->allow_extra_args(false);
  return cmd;
}

/// `akichi import`
CLI::App* add_import(CLI::App& app, ImportOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "import", "Licence data as a regulator publishes it into an akichi station-list CSV");
  cmd->add_option(
         "format", o.format,
         "Published format: fcc-uls (FCC ULS public access .dat) or tafl (ISED TAFL_LTAF.csv)")
      ->required();
  cmd->add_option("inputs", o.inputs,
                  "The published files (fcc-uls: HD, EN, LO, AN, FR, EM records)")
      ->required();
  cmd->add_option("-o,--output", o.output, "The station list written (.csv)")->required();
  return cmd;
}

/// `akichi link`
CLI::App* add_link(CLI::App& app, LinkOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "link",
      "One link over a scenario's terrain: profile, loss of every model, mechanism, clearance");
  cmd->add_option("--from", o.from, "Transmitter LAT,LON,H (degrees, metres above ground)")
      ->required();
  cmd->add_option("--to", o.to, "Receiver LAT,LON,H (degrees, metres above ground)")->required();
  cmd->add_option("--scenario", o.scenario,
                  "Scenario file: its terrain, CRS, buildings and model parameters")
      ->required();
  cmd->add_option("--freq-mhz", o.freq_MHz,
                  "Frequency in MHz (default: the scenario's first planned station's)");
  cmd->add_option("--k-factor", o.k_factor,
                  "Effective earth-radius factor (default: the scenario's k_factor)");
  cmd->add_option("--model", o.model, "Only this model (default: every model that applies)");
  cmd->add_option("--plot", o.plot,
                  "Profile plot with the earth curvature and the first "
                  "Fresnel zone (PNG)");
  cmd->add_option("--profile-csv", o.profile_csv,
                  "The profile as CSV: distance, terrain, earth bulge, ray, Fresnel radius, "
                  "clearance");
  return cmd;
}

/// `akichi points`
CLI::App* add_points(CLI::App& app, PointsOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "points",
      "The receiver points of a scenario (cell centres x heights) as CSV for a peer tool");
  cmd->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("-o,--output", o.output, "CSV: id, lat_deg, lon_deg, height_m, x_m, y_m")
      ->required();
  return cmd;
}

/// `akichi compare`
CLI::App* add_compare(CLI::App& app, CompareOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "compare", "akichi's path loss against a peer's at the points of akichi points");
  cmd->add_option("input", o.input,
                  "Scenario file (computed now) or the results file of a single run")
      ->required();
  cmd->add_option("--peer", o.peer, "The peer's CSV: id (or lat_deg, lon_deg), loss_dB, height_m")
      ->required();
  cmd->add_option("--station", o.station,
                  "The planned station the peer computed (default: the first)");
  cmd->add_option("--bands-km", o.bands_km,
                  "Upper edges of the distance bands (default 1,2,5,10,20,50)")
      ->delimiter(',');
  return cmd;
}

/// `akichi serve` and its `token` commands
CLI::App* add_serve(CLI::App& app, akichi::sim::serve::ServeOptions& o, TokenOptions& t) {
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the live sharing system: station and spectrum-use databases over HTTP");
  cmd->add_option("scenario", o.scenario,
                  "Scenario file (TOML): area, terrain, models, time axis, channel plan, rules");
  cmd->add_option("--db", o.db, "Database: a GeoPackage file (created when absent) or PG:...");
  cmd->add_option("--listen", o.listen, "HOST:PORT to listen on (port 0: any free port)");
  cmd->add_option("--threads", o.threads, "Computation threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--http-threads", o.http_threads, "Connections served at once")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--max-body", o.max_body_bytes, "Largest request body in bytes (413 beyond)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  cmd->add_option("--tensor-budget", o.tensor_budget_bytes,
                  "Memory for the engine's station tensors, e.g. 512MiB, 2GiB (default 1GiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{1} << 20, std::numeric_limits<std::size_t>::max()));
  cmd->add_option("--tensor-cache", o.tensor_cache,
                  "Folder where station tensors evicted from memory are kept (optional)");
  CLI::App* token = cmd->add_subcommand("token", "Access tokens of the server");
  token->require_subcommand(1);
  CLI::App* create = token->add_subcommand("create", "Make a token; its secret is printed once");
  create->add_option("--db", t.db, "The server's database")->required();
  create->add_option("--role", t.role, "regulator, licensee or public")->required();
  create->add_option("--licensee", t.licensee, "With --role licensee: whose stations and grants");
  CLI::App* list = token->add_subcommand("list", "List the tokens (ids, roles, licensees)");
  list->add_option("--db", t.db, "The server's database")->required();
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token by its id");
  revoke->add_option("id", t.revoke, "The token's id (tok-...)")->required();
  revoke->add_option("--db", t.db, "The server's database")->required();
  cmd->callback([cmd, &o] {
    if (cmd->get_subcommands().empty() && (o.scenario.empty() || o.db.empty()))
      throw CLI::RequiredError("serve needs SCENARIO and --db");
  });
  return cmd;
}

/// Runs the chosen command; exceptions become messages and exit codes (2 bad input, 1 failure).
int dispatch(const CLI::App& app, const Options& o, akichi::sim::par::Comm& comm) {
  const bool root = comm.rank() == 0;
  try {
    if (*app.get_subcommand("run")) return command_run(o.run);
    if (*app.get_subcommand("check")) return command_check(o.check);
    if (*app.get_subcommand("models")) return command_models(o.models);
    if (*app.get_subcommand("merge")) return command_merge(o.merge);
    if (*app.get_subcommand("render")) return command_render(o.render);
    if (*app.get_subcommand("contours")) return command_contours(o.contours);
    if (*app.get_subcommand("report")) return command_report(o.report);
    if (*app.get_subcommand("link")) return command_link(o.link);
    if (*app.get_subcommand("import")) return command_import(o.imports);
    if (*app.get_subcommand("points")) return command_points(o.points);
    if (*app.get_subcommand("compare")) return command_compare(o.compare);
    if (*app.get_subcommand("p2p")) return command_p2p(o.p2p);
    if (const CLI::App* serve = app.get_subcommand("serve"); *serve) {
      const CLI::App* token = serve->get_subcommand("token");
      if (!*token) return akichi::sim::serve::run_server(o.serve);
      if (*token->get_subcommand("create")) return command_token_create(o.token);
      if (*token->get_subcommand("list")) return command_token_list(o.token);
      return command_token_revoke(o.token);
    }
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

}  // namespace

int main(int argc, char** argv) {
  // MPI is initialised (under mpirun / srun only) before any other thread exists and finalised
  // when main returns.
  akichi::sim::par::MpiSession mpi(&argc, &argv);
  akichi::sim::par::Comm& comm = mpi.comm();
  CLI::App app{kProgramDescription};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_text());
  Options o;
  add_run(app, o.run);
  add_check(app, o.check);
  add_models(app, o.models);
  add_merge(app, o.merge);
  add_render(app, o.render);
  add_contours(app, o.contours);
  add_report(app, o.report);
  add_link(app, o.link);
  add_import(app, o.imports);
  add_points(app, o.points);
  add_compare(app, o.compare);
  add_p2p(app, o.p2p);
  add_serve(app, o.serve, o.token);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments and fails alike; one message is enough.
    const int rc = comm.rank() == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
    return rc == 0 ? 0 : 2;
  }
  o.run.comm = &comm;
  GDALAllRegister();
  return dispatch(app, o, comm);
}

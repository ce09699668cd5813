// The subcommands of the akichi executable.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace akichi::sim {
struct Scenario;
struct Sweep;
}  // namespace akichi::sim
namespace akichi::sim::par {
class Comm;
}  // namespace akichi::sim::par

namespace akichi::sim::cli {

struct RunOptions {
  std::string scenario;
  std::string output;  ///< "" = the scenario's [output] path
  int threads = 0;     ///< 0 = the scenario's [run] threads, or all cores
  bool quiet = false;
  // Batch runs (scenarios with a [sweep]):
  bool resume = false;     ///< keep the variants already complete in the batch file
  std::string shard;       ///< "i/N": run only the i-th of N shares of the variants
  int cache_mib = -1;      ///< tensor cache budget in MiB; -1 = the default (2048)
  std::string max_memory;  ///< --max-memory SIZE; "" = the memory available (sim/cli/limits.h)
  std::string max_output;  ///< --max-output SIZE; "" = the free space of the output's folder
  /// The ranks of the run (mpirun -n N); null = one process. With N > 1 a single scenario's
  /// tensors are shared out among the ranks and rank 0 alone prints and writes; a sweep gives
  /// rank r the shard r+1/N and rank 0 merges the shards' files.
  par::Comm* comm = nullptr;
};
int command_run(const RunOptions& opts);

/// command_run() of a scenario with a [sweep]: every variant into one batch file.
int command_batch(const RunOptions& opts, const Scenario& base, const Sweep& sweep);

struct MergeOptions {
  std::string output;
  std::vector<std::string> inputs;
  bool allow_partial = false;
};
int command_merge(const MergeOptions& opts);

struct CheckOptions {
  std::string scenario;
  std::string output;      ///< the results file whose disk is checked; "" = [output] path
  std::string max_memory;  ///< as RunOptions::max_memory
  std::string max_output;  ///< as RunOptions::max_output
};
int command_check(const CheckOptions& opts);

struct ModelsOptions {
  bool json = false;  ///< a JSON list for programs instead of the table for people
};
int command_models(const ModelsOptions& opts);

struct RenderOptions {
  std::string results;
  std::string var;
  std::string variant;             ///< batch files: a variant's name or index in the sweep
  std::string station;             ///< id along station, db_station or mic_station
  std::optional<double> height_m;  ///< metres; default: the lowest height
  std::string time;                ///< time_local label, prefix of one, or index
  std::string channel;             ///< channel_id or index
  std::string pair;                ///< "A->B" (mic_pair_a, mic_pair_b) or index
  std::optional<double> vmin, vmax;
  std::string colormap = "viridis";
  bool log = false;  ///< i_over_n_cdf: the complementary CDF on a log axis
  // PNG maps: what ties the map to a place, each on by default.
  bool no_hillshade = false;  ///< no hillshade of terrain_height under the field
  bool no_graticule = false;  ///< no latitude/longitude graticule
  bool no_stations = false;   ///< no stations (planned and database) with their roles
  bool no_buildings = false;  ///< no building footprints
  std::string basemap;        ///< a georeferenced raster under the field instead of the hillshade
  std::string output;
};
int command_render(const RenderOptions& opts);

struct ContoursOptions {
  std::string results;
  std::string var;
  std::vector<double> levels;  ///< continuous variables: the areas at or above each level
  std::string variant;         ///< as RenderOptions
  std::string station;         ///< as RenderOptions; masks without it: all stations together
  std::optional<double> height_m;
  std::string time;
  std::string channel;
  std::string pair;
  std::string output;  ///< .geojson / .json, .gpkg or .kml
};
/// `akichi contours`: the areas of one slice of a map variable as vectors (viz/contours.h).
int command_contours(const ContoursOptions& opts);

struct ReportOptions {
  std::string results;
  std::string output;               ///< the HTML file (.html or .htm)
  std::string pdf;                  ///< also printed to this PDF; "" = none
  std::string chromium;             ///< chromium for --pdf; "" = found on PATH
  std::string variant;              ///< batch files: the variant reported; "" = the first
  std::vector<std::string> points;  ///< vacancy tables' points "LAT,LON[,H]"; none = the sites
};
/// `akichi report`: the study report of a results file (viz/study_report.h) as one
/// self-contained HTML file, and with --pdf printed by headless chromium.
int command_report(const ReportOptions& opts);

struct LinkOptions {
  std::string from, to;  ///< "LAT,LON,H": WGS 84 degrees, antenna height above ground in metres
  std::string scenario;  ///< terrain, CRS, buildings and model parameters
  std::optional<double> freq_MHz;  ///< default: the scenario's first planned station's
  std::optional<double> k_factor;  ///< default: the scenario's [propagation] k_factor
  std::string model;               ///< only this model; "" = every model of the registry
  std::string plot;                ///< profile plot (PNG)
  std::string profile_csv;         ///< the profile as CSV
};
/// `akichi link`: one link's profile, losses, mechanism and Fresnel clearance.
int command_link(const LinkOptions& opts);

struct PointsOptions {
  std::string scenario;
  std::string output;  ///< CSV: id, lat_deg, lon_deg, height_m, x_m, y_m
};
/// `akichi points`: every cell centre at every receiver height, for a peer tool
/// (docs/comparing.md).
int command_points(const PointsOptions& opts);

struct CompareOptions {
  std::string input;             ///< a scenario (computed now) or the results file of a single run
  std::string peer;              ///< the peer's CSV: id or lat_deg/lon_deg, loss_dB[, height_m]
  std::string station;           ///< the planned station the peer computed; "" = the first
  std::vector<double> bands_km;  ///< upper edges of the distance bands; empty = 1,2,5,10,20,50
};
/// `akichi compare`: the distribution of akichi's path loss minus the peer's.
int command_compare(const CompareOptions& opts);

struct P2pOptions {
  std::string model;
  std::string profile;
  std::string cases;
  std::string pfl_dir;
  std::string output;
  std::string delta_N_map;  ///< p452-18: ITU-R map DN50.TXT (replaces the DN column)
  std::string N0_map;       ///< p452-18: ITU-R map N050.TXT (replaces the N0 column)
};
int command_p2p(const P2pOptions& opts);

struct ImportOptions {
  std::string format;               ///< "fcc-uls" or "tafl"
  std::vector<std::string> inputs;  ///< the regulator's files
  std::string output;               ///< akichi station-list CSV
};
/// `akichi import`: licence data as a regulator publishes it into an akichi station list, with
/// a report of the fields not mapped and the records skipped (sim/station/licence_import.h).
int command_import(const ImportOptions& opts);

struct TokenOptions {
  std::string db;        ///< GeoPackage path or "PG:..." connection string
  std::string role;      ///< regulator, licensee, public
  std::string licensee;  ///< role licensee: whose stations and grants
  std::string revoke;    ///< token id to revoke (token revoke)
};
/// `akichi serve token create`: a new token, its secret printed once; only its hash is kept.
int command_token_create(const TokenOptions& opts);
/// `akichi serve token list`: the tokens' ids, roles and licensees (never a secret).
int command_token_list(const TokenOptions& opts);
/// `akichi serve token revoke ID`.
int command_token_revoke(const TokenOptions& opts);

}  // namespace akichi::sim::cli

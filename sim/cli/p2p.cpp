#include <functional>
#include <map>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/engine/adapters/hata.h"
#include "propagation/engine/adapters/itm.h"
#include "propagation/engine/adapters/p1812.h"
#include "propagation/engine/adapters/p452.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_guard.h"
#include "sim/p2p/ehata.h"
#include "sim/p2p/itm.h"
#include "sim/p2p/p1812.h"
#include "sim/p2p/p452.h"

namespace akichi::sim::cli {
namespace {

struct Driver {
  void (*run)(const p2p::P2pRequest&);
  bool needs_profile, needs_cases, needs_pfl_dir;
  const char* reads;
};

// The models `akichi p2p` drives, with the owners' file formats each reads.
const std::map<std::string, Driver>& drivers() {
  static const std::map<std::string, Driver> d = {
      {std::string(prop::kP452_18ModelName),
       {p2p::run_p452_18_p2p, true, true, false,
        "--profile (ITU-R WP 3M profile CSV) and --cases (its results CSV)"}},
      {std::string(prop::kP1812ModelName),
       {p2p::run_p1812_p2p, true, false, false, "--profile (SG3 measurement-data CSV)"}},
      {std::string(prop::kEhataNtiaModelName),
       {p2p::run_ehata_ntia_p2p, false, true, true,
        "--cases (NTIA regression CSV) and --pfl-dir (its ITM-format profiles)"}},
      {std::string(prop::kItmModelName),
       {p2p::run_itm_p2p, false, true, false,
        "--cases (NTIA p2p.csv or area.csv) and, for p2p, --profile (pfls.csv)"}},
  };
  return d;
}

}  // namespace

int command_p2p(const P2pOptions& opts) {
  const auto it = drivers().find(opts.model);
  if (it == drivers().end()) {
    std::string known;
    for (const auto& [name, _] : drivers()) known += (known.empty() ? "" : ", ") + name;
    throw InputError(format_input_error({}, "--model", "'" + opts.model + "'", "one of " + known));
  }
  const Driver& d = it->second;
  const auto require = [&](bool needed, const std::string& value, const char* option) {
    if (needed && value.empty()) {
      throw InputError(format_input_error(
          {}, option, "nothing", fmt::format("a file: --model {} reads {}", opts.model, d.reads)));
    }
  };
  require(d.needs_profile, opts.profile, "--profile");
  require(d.needs_cases, opts.cases, "--cases");
  require(d.needs_pfl_dir, opts.pfl_dir, "--pfl-dir");
  require_regular_input(opts.profile, "--profile");
  require_regular_input(opts.cases, "--cases");
  require_regular_input(opts.delta_N_map, "--delta-N-map");
  require_regular_input(opts.N0_map, "--N0-map");
  std::vector<std::string> inputs{opts.profile, opts.cases, opts.delta_N_map, opts.N0_map};
  if (!opts.pfl_dir.empty())
    for (std::string& f : files_in(opts.pfl_dir)) inputs.push_back(std::move(f));
  refuse_output_onto_input(opts.output, inputs, "-o", "an input file of the command");
  clear_stale_temporaries(opts.output);
  const p2p::P2pRequest request{opts.model, opts.profile, opts.cases, opts.pfl_dir, opts.output};
  if (!opts.delta_N_map.empty() || !opts.N0_map.empty()) {
    if (opts.model != prop::kP452_18ModelName) {
      throw InputError(format_input_error(
          {}, opts.delta_N_map.empty() ? "--N0-map" : "--delta-N-map",
          "a map with --model " + opts.model,
          fmt::format("the ITU-R maps only with --model {}", prop::kP452_18ModelName)));
    }
    p2p::P452Maps maps;
    if (!opts.delta_N_map.empty())
      maps.delta_N = prop::itu_maps::LatLonGrid::read(opts.delta_N_map);
    if (!opts.N0_map.empty()) maps.N0 = prop::itu_maps::LatLonGrid::read(opts.N0_map);
    p2p::run_p452_18_p2p(request, maps);
  } else {
    d.run(request);
  }
  fmt::print("{}: {} results written\n", opts.output, opts.model);
  return 0;
}

}  // namespace akichi::sim::cli

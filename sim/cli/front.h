// What the akichi executable's front end (sim/cli/main.cpp) and the commands executable it runs
// (sim/cli/commands_main.cpp) both need: the program's description, its version text, and the
// options of the one command the front end runs itself (`p2p`). One definition, so that both
// parse and print alike.
#pragma once

#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "akichi_version.h"
#include "propagation/engine/adapters/hata.h"
#include "propagation/engine/adapters/itm.h"
#include "propagation/engine/adapters/p1812.h"
#include "propagation/engine/adapters/p452.h"
#include "sim/cli/commands.h"

namespace akichi::sim::cli {

inline constexpr const char* kProgramDescription =
    "akichi: vacant time-space-frequency slots for local 5G in shared bands";

/// `akichi --version`: the release, the commit and whether MPI is built in.
inline std::string version_text() {
#ifdef AKICHI_HAVE_MPI
  constexpr const char* mpi = "with MPI";
#else
  constexpr const char* mpi = "without MPI";
#endif
  return fmt::format("akichi {} (git {}, {})", AKICHI_VERSION, AKICHI_GIT_SHA, mpi);
}

/// `akichi p2p`
inline CLI::App* add_p2p(CLI::App& app, P2pOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "p2p", "Evaluate a model on the owners' profile/case files and append akichi_* columns");
  cmd->add_option("--model", o.model,
                  fmt::format("{} | {} | {} | {}", akichi::prop::kP452_18ModelName,
                              akichi::prop::kP1812ModelName, akichi::prop::kEhataNtiaModelName,
                              akichi::prop::kItmModelName))
      ->required();
  cmd->add_option("--profile", o.profile, "Profile file (p452-18, p1812; itm: pfls.csv)");
  cmd->add_option("--cases", o.cases, "Cases file (p452-18, ehata-ntia, itm)");
  cmd->add_option("--pfl-dir", o.pfl_dir, "Directory of ITM-format profiles (ehata-ntia)");
  cmd->add_option("-o,--output", o.output, "Output CSV (written atomically)")->required();
  cmd->add_option("--delta-N-map", o.delta_N_map,
                  "p452-18: ITU-R digital map DN50.TXT; replaces the DN column by its value at "
                  "the path centre");
  cmd->add_option("--N0-map", o.N0_map,
                  "p452-18: ITU-R digital map N050.TXT; replaces the N0 column likewise");
  return cmd;
}

}  // namespace akichi::sim::cli

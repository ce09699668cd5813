// The akichi executable: a small front end. `akichi --version` and `akichi p2p` run here; every
// other command (and the help) runs in the command module (sim/cli/commands_main.cpp), which the
// front end loads with dlopen() only then. The module links GDAL, HDF5, MPI, Pango, ICU and the
// rest: about 150 shared objects, whose loading and relocation were most of the executable's
// start-up (tens of milliseconds, the whole cost of a short `p2p` run). The front end links
// what `p2p` needs: the propagation models, fmt and the C++ runtime.
#include <dlfcn.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/front.h"

namespace {

using namespace akichi::sim::cli;

/// `akichi p2p ...`, parsed and reported exactly as the command module does.
int run_p2p(int argc, char** argv) {
  CLI::App app{kProgramDescription};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_text());
  P2pOptions o;
  add_p2p(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return command_p2p(o);
  } catch (const akichi::InputError& e) {
    fmt::print(stderr, "akichi: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "akichi: failure: {}\n", e.what());
    return 1;
  }
}

/// The command module: lib/akichi/commands.so beside the executable's bin/ folder, in the build
/// tree and in an installed tree alike.
std::filesystem::path module_path() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return self.parent_path().parent_path() / "lib" / "akichi" / "commands.so";
}

int run_module(int argc, char** argv) {
  const std::filesystem::path path = module_path();
  if (path.empty()) {
    fmt::print(stderr, "akichi: failure: cannot find the executable's own path (/proc/self/exe)\n");
    return 1;
  }
  // RTLD_GLOBAL: Open MPI, which the module links, loads its own components with dlopen() and
  // they look up libmpi's symbols in the global scope.
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (module == nullptr) {
    fmt::print(stderr, "akichi: failure: cannot load the command module: {}\n", dlerror());
    return 1;
  }
  using Entry = int (*)(int, char**);
  const auto entry = reinterpret_cast<Entry>(dlsym(module, "akichi_commands_main"));
  if (entry == nullptr) {
    fmt::print(stderr, "akichi: failure: {} has no akichi_commands_main: {}\n", path.string(),
               dlerror());
    return 1;
  }
  // The module stays loaded until the process ends.
  return entry(argc, argv);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view first = argc > 1 ? std::string_view(argv[1]) : std::string_view();
  if (argc == 2 && first == "--version") {
    fmt::print("{}\n", version_text());
    return 0;
  }
  if (first == "p2p") return run_p2p(argc, argv);
  return run_module(argc, argv);
}

// The akichi executable: a small front end. `akichi --version` and `akichi p2p` run here; every
// other command (and the help) runs in the commands executable (sim/cli/commands_main.cpp,
// installed as libexec/akichi/akichi-commands), which the front end executes in its own place
// (execv) only then. That executable links GDAL, HDF5, MPI, Pango, ICU and the rest: about 150
// shared objects, whose loading and relocation were most of the start-up (tens of
// milliseconds, the whole cost of a short `p2p` run). The front end links what `p2p` needs: the
// propagation models, fmt and the C++ runtime.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
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

/// `akichi p2p ...`, parsed and reported exactly as the commands executable does.
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

/// The commands executable: libexec/akichi/akichi-commands beside the front end's bin/ folder.
std::filesystem::path commands_path() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return self.parent_path().parent_path() / "libexec" / "akichi" / "akichi-commands";
}

/// Large arrays on transparent huge pages: the commands executable starts with the C library's
/// malloc asked to advise huge pages for the memory it maps (GLIBC_TUNABLES
/// glibc.malloc.hugetlb=1, glibc 2.35 and later; tunables are read only when a program starts).
/// The loss and gain tensors, the vacancy cube and the layers are hundreds of MB written once:
/// on a virtual machine, touching them page by page first cost more than computing them (a
/// 422 MB cube: 1.0 s of page faults, 34 ms on 2 MB pages; bench/RESULTS.md). Where the kernel
/// gives no huge pages (transparent_hugepage "never"), nothing changes. A setting of the user's
/// own (glibc.malloc.hugetlb in GLIBC_TUNABLES, 0 to turn it off) is kept.
void ask_for_huge_pages() {
  const char* set = std::getenv("GLIBC_TUNABLES");
  std::string tunables = set != nullptr ? set : "";
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;
  if (!tunables.empty()) tunables += ':';
  tunables += "glibc.malloc.hugetlb=1";
  ::setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
}

/// Replaces this process by the commands executable with the same arguments (argv[0] too, so
/// that the help and the messages name `akichi` as the user typed it) and the same environment:
/// the process id, its open files and, under mpirun, its place among the ranks stay the same
/// (with huge pages asked for: ask_for_huge_pages()).
/// Returns only when the executable cannot be run.
int run_commands(char** argv) {
  const std::filesystem::path path = commands_path();
  if (path.empty()) {
    fmt::print(stderr, "akichi: failure: cannot find the executable's own path (/proc/self/exe)\n");
    return 1;
  }
  std::fflush(stdout);
  ask_for_huge_pages();
  execv(path.c_str(), argv);
  const int err = errno;
  fmt::print(stderr, "akichi: failure: cannot run the commands executable {}: {}\n", path.string(),
             std::generic_category().message(err));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view first = argc > 1 ? std::string_view(argv[1]) : std::string_view();
  if (argc == 2 && first == "--version") {
    fmt::print("{}\n", version_text());
    return 0;
  }
  if (first == "p2p") return run_p2p(argc, argv);
  return run_commands(argv);
}

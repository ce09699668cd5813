// The akichi executable's start-up: the cost of a process that runs one short command, as a
// script or a batch of `p2p` cases pays it. Each iteration spawns the executable and waits for
// it; the counters give the child's CPU time (user + system, from getrusage(RUSAGE_CHILDREN))
// per run, which a busy machine moves far less than the wall time.
//
//   BM_Version   `akichi --version`: the front end alone (sim/cli/main.cpp)
//   BM_P2pItm    `akichi p2p --model itm` on the NTIA p2p cases: the front end's own command
//   BM_Models    `akichi models --json`: the front end, then the commands executable (execv)
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

extern char** environ;

namespace {

double children_cpu_s() {
  rusage r{};
  getrusage(RUSAGE_CHILDREN, &r);
  return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}

/// Runs argv with stdout and stderr sent to /dev/null; false when it does not exit 0.
bool run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void spawn_loop(benchmark::State& state, const std::vector<std::string>& args) {
  const double cpu0 = children_cpu_s();
  for (auto _ : state) {
    if (!run(args)) {
      state.SkipWithError("the command failed");
      return;
    }
  }
  state.counters["child_cpu_ms"] =
      benchmark::Counter(1e3 * (children_cpu_s() - cpu0) / static_cast<double>(state.iterations()));
}

const std::string kAkichi = AKICHI_EXECUTABLE;
const std::string kData = AKICHI_TEST_DATA_DIR;

void BM_Version(benchmark::State& state) {
  spawn_loop(state, {kAkichi, "--version"});
}
BENCHMARK(BM_Version)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_P2pItm(benchmark::State& state) {
  const std::string out =
      std::string(P_tmpdir) + "/akichi-startup-bench-" + std::to_string(getpid()) + ".csv";
  spawn_loop(state, {kAkichi, "p2p", "--model", "itm", "--cases", kData + "/ntia-itm/p2p.csv",
                     "--profile", kData + "/ntia-itm/pfls.csv", "-o", out});
  std::remove(out.c_str());
}
BENCHMARK(BM_P2pItm)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Models(benchmark::State& state) {
  spawn_loop(state, {kAkichi, "models", "--json"});
}
BENCHMARK(BM_Models)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

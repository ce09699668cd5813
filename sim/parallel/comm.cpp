#include "sim/parallel/comm.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "base/errors.h"

namespace akichi::sim::par {

namespace {

class SerialComm final : public Comm {
 public:
  int rank() const noexcept override { return 0; }
  int size() const noexcept override { return 1; }
  void barrier() override {}
  void broadcast(std::span<std::byte>, int root) override { check_root(root); }
  void broadcast(std::span<float>, int root) override { check_root(root); }
  void broadcast(std::string&, int root) override { check_root(root); }
  void allgatherv(std::span<const float> mine, std::span<float> all,
                  std::span<const std::size_t> counts) override {
    check_counts(mine, all, counts);
    std::copy(mine.begin(), mine.end(), all.begin());
  }
  void gatherv(std::span<const float> mine, std::span<float> all,
               std::span<const std::size_t> counts, int root) override {
    check_root(root);
    allgatherv(mine, all, counts);
  }
  void send(std::span<const std::byte>, int dest) override { check_peer(dest); }
  void recv(std::span<std::byte>, int source) override { check_peer(source); }
  double max(double value) override { return value; }
  [[noreturn]] void abort(int code) override { std::_Exit(code); }
  std::string describe() const override { return "serial"; }

 private:
  static void check_root(int root) {
    if (root != 0)
      throw RuntimeError("collective with root " + std::to_string(root) + " of 1 rank");
  }
  [[noreturn]] static void check_peer(int peer) {
    throw RuntimeError("point-to-point message with rank " + std::to_string(peer) +
                       " in a run of 1 rank");
  }
  static void check_counts(std::span<const float> mine, std::span<float> all,
                           std::span<const std::size_t> counts) {
    if (counts.size() != 1 || counts[0] != mine.size() || all.size() != mine.size()) {
      throw RuntimeError("allgatherv: counts do not match the spans");
    }
  }
};

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

}  // namespace

std::unique_ptr<Comm> make_serial_comm() {
  return std::make_unique<SerialComm>();
}

bool built_with_mpi() noexcept {
#ifdef AKICHI_HAVE_MPI
  return true;
#else
  return false;
#endif
}

bool launched_by_mpi() noexcept {
  // Open MPI's mpirun, Slurm's srun with PMI/PMIx, MPICH/Hydra.
  return env_set("OMPI_COMM_WORLD_SIZE") || env_set("PMIX_RANK") || env_set("PMI_SIZE") ||
         env_set("PMI_RANK");
}

MpiSession::MpiSession([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#ifdef AKICHI_HAVE_MPI
  if (launched_by_mpi()) {
    mpi_init(argc, argv);
    initialised_ = true;
    comm_ = make_mpi_comm();
    return;
  }
#endif
  comm_ = make_serial_comm();
}

MpiSession::~MpiSession() {
  comm_.reset();
#ifdef AKICHI_HAVE_MPI
  if (initialised_) mpi_finalize();
#endif
}

}  // namespace akichi::sim::par

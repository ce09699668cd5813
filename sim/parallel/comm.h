// The processes of one run and the few collective operations akichi needs between them. Every
// MPI call of the project is behind this interface: the serial implementation (one process) is
// always compiled; the MPI implementation (comm_mpi.cpp, MPI_COMM_WORLD) exists when the build
// has AKICHI_HAVE_MPI. Only the thread that created the MpiSession calls a Comm
// (MPI_THREAD_FUNNELED): TBB worker threads never do.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace akichi::sim::par {

class Comm {
 public:
  virtual ~Comm() = default;
  /// This process's number, 0 <= rank() < size().
  virtual int rank() const noexcept = 0;
  /// Number of processes (ranks), >= 1.
  virtual int size() const noexcept = 0;
  /// Returns once every rank has called it.
  virtual void barrier() = 0;
  /// Copies `data` of rank `root` (0 <= root < size()) into `data` of every rank; every rank
  /// passes a span of the same length. Any length (sent in chunks below INT_MAX elements).
  virtual void broadcast(std::span<std::byte> data, int root) = 0;
  virtual void broadcast(std::span<float> data, int root) = 0;
  /// `text` of rank `root` replaces `text` on every rank (lengths may differ before the call).
  virtual void broadcast(std::string& text, int root) = 0;
  /// Every rank contributes `mine` (counts[rank()] elements); `all` (the sum of `counts` long,
  /// counts.size() == size(), the same on every rank) receives the contributions in rank order
  /// on every rank.
  virtual void allgatherv(std::span<const float> mine, std::span<float> all,
                          std::span<const std::size_t> counts) = 0;
  /// As allgatherv, but only rank `root` receives; `all` is ignored on the other ranks.
  virtual void gatherv(std::span<const float> mine, std::span<float> all,
                       std::span<const std::size_t> counts, int root) = 0;
  /// Point to point: `data` goes to rank `dest` (!= rank()), which receives it with recv() from
  /// this rank into a span of the same length; messages between two ranks arrive in the order
  /// sent. Returns once `data` may be reused. Any length (sent in chunks below INT_MAX bytes).
  virtual void send(std::span<const std::byte> data, int dest) = 0;
  /// Receives into `data` what rank `source` (!= rank()) sent with send().
  virtual void recv(std::span<std::byte> data, int source) = 0;
  /// The largest `value` over the ranks, returned on every rank.
  virtual double max(double value) = 0;
  /// Ends every rank of the run with exit status `code` (1..255). Does not return.
  [[noreturn]] virtual void abort(int code) = 0;
  /// "serial" or e.g. "MPI (Open MPI v4.1.4, 2 ranks)".
  virtual std::string describe() const = 0;
};

/// The one-process Comm: rank 0 of 1; collectives copy `mine` to `all`.
std::unique_ptr<Comm> make_serial_comm();

/// True when this executable was built with MPI support.
bool built_with_mpi() noexcept;

/// Owns MPI for the life of the process (create one at the top of main(), before any thread):
/// initialises MPI with MPI_THREAD_FUNNELED when the build has MPI and the process was started
/// by an MPI launcher (mpirun, srun: detected by OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_RANK or
/// SLURM_PROCID together with PMI variables) and finalises it on destruction. Otherwise, and in a
/// build without MPI, its comm() is the serial Comm.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  Comm& comm() noexcept { return *comm_; }

 private:
  std::unique_ptr<Comm> comm_;
  [[maybe_unused]] bool initialised_ = false;  // read only in a build with MPI
};

/// True when the environment says this process was started by an MPI launcher.
bool launched_by_mpi() noexcept;

#ifdef AKICHI_HAVE_MPI
/// The MPI_COMM_WORLD Comm; MPI must be initialised (comm_mpi.cpp).
std::unique_ptr<Comm> make_mpi_comm();
/// MPI_Init_thread(FUNNELED) / MPI_Finalize (comm_mpi.cpp). Throws RuntimeError when MPI cannot
/// give the thread level.
void mpi_init(int* argc, char*** argv);
void mpi_finalize() noexcept;
#endif

}  // namespace akichi::sim::par

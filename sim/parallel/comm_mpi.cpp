// The MPI implementation of Comm over MPI_COMM_WORLD (MPI 3.1). Compiled only with
// AKICHI_HAVE_MPI. Counts are `int` in MPI: every transfer is cut into chunks of at most
// kChunk elements, so spans of any length work.
// The C API only: without these, Open MPI's and MPICH's mpi.h pull in the removed C++ bindings.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <numeric>
#include <vector>

#include "base/errors.h"
#include "sim/parallel/comm.h"

namespace akichi::sim::par {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 30;  // elements per MPI call (< INT_MAX)
constexpr int kPointTag = 7002;                       // send() / recv()

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw RuntimeError(std::string("MPI ") + what +
                     " failed: " + std::string(text, static_cast<std::size_t>(len)));
}

template <class T>
void bcast_chunked(T* data, std::size_t n, MPI_Datatype type, int root) {
  for (std::size_t off = 0; off < n; off += kChunk) {
    const int count = static_cast<int>(std::min(kChunk, n - off));
    check(MPI_Bcast(data + off, count, type, root, MPI_COMM_WORLD), "MPI_Bcast");
  }
}

class MpiComm final : public Comm {
 public:
  MpiComm() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    // Errors come back as codes (turned into RuntimeError) instead of aborting the job.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  }
  int rank() const noexcept override { return rank_; }
  int size() const noexcept override { return size_; }
  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }
  void broadcast(std::span<std::byte> data, int root) override {
    check_root(root);
    bcast_chunked(data.data(), data.size(), MPI_BYTE, root);
  }
  void broadcast(std::span<float> data, int root) override {
    check_root(root);
    bcast_chunked(data.data(), data.size(), MPI_FLOAT, root);
  }
  void broadcast(std::string& text, int root) override {
    check_root(root);
    unsigned long long n = text.size();
    check(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD), "MPI_Bcast");
    text.resize(static_cast<std::size_t>(n));
    bcast_chunked(text.data(), text.size(), MPI_CHAR, root);
  }
  void allgatherv(std::span<const float> mine, std::span<float> all,
                  std::span<const std::size_t> counts) override {
    const std::vector<std::size_t> offsets = check_counts(mine, all, counts, true);
    std::copy(mine.begin(), mine.end(),
              all.begin() + static_cast<std::ptrdiff_t>(offsets[static_cast<std::size_t>(rank_)]));
    // One chunked broadcast per contributing rank: no int displacements, any sizes.
    for (int r = 0; r < size_; ++r) {
      const auto ur = static_cast<std::size_t>(r);
      bcast_chunked(all.data() + offsets[ur], counts[ur], MPI_FLOAT, r);
    }
  }
  void gatherv(std::span<const float> mine, std::span<float> all,
               std::span<const std::size_t> counts, int root) override {
    check_root(root);
    const std::vector<std::size_t> offsets = check_counts(mine, all, counts, rank_ == root);
    constexpr int kTag = 7001;
    if (rank_ != root) {
      for (std::size_t off = 0; off < mine.size(); off += kChunk) {
        const int count = static_cast<int>(std::min(kChunk, mine.size() - off));
        // MPI_Send takes a non-const buffer in MPI 2; the data is not modified.
        check(MPI_Send(const_cast<float*>(mine.data() + off), count, MPI_FLOAT, root, kTag,
                       MPI_COMM_WORLD),
              "MPI_Send");
      }
      return;
    }
    std::copy(mine.begin(), mine.end(),
              all.begin() + static_cast<std::ptrdiff_t>(offsets[static_cast<std::size_t>(root)]));
    for (int r = 0; r < size_; ++r) {
      if (r == root) continue;
      const auto ur = static_cast<std::size_t>(r);
      for (std::size_t off = 0; off < counts[ur]; off += kChunk) {
        const int count = static_cast<int>(std::min(kChunk, counts[ur] - off));
        check(MPI_Recv(all.data() + offsets[ur] + off, count, MPI_FLOAT, r, kTag, MPI_COMM_WORLD,
                       MPI_STATUS_IGNORE),
              "MPI_Recv");
      }
    }
  }
  void send(std::span<const std::byte> data, int dest) override {
    check_peer(dest);
    for (std::size_t off = 0; off < data.size(); off += kChunk) {
      const int count = static_cast<int>(std::min(kChunk, data.size() - off));
      // MPI_Send takes a non-const buffer in MPI 2; the data is not modified.
      check(MPI_Send(const_cast<std::byte*>(data.data() + off), count, MPI_BYTE, dest, kPointTag,
                     MPI_COMM_WORLD),
            "MPI_Send");
    }
  }
  void recv(std::span<std::byte> data, int source) override {
    check_peer(source);
    for (std::size_t off = 0; off < data.size(); off += kChunk) {
      const int count = static_cast<int>(std::min(kChunk, data.size() - off));
      MPI_Status status;
      check(
          MPI_Recv(data.data() + off, count, MPI_BYTE, source, kPointTag, MPI_COMM_WORLD, &status),
          "MPI_Recv");
      int got = 0;
      check(MPI_Get_count(&status, MPI_BYTE, &got), "MPI_Get_count");
      if (got != count) {
        throw RuntimeError("MPI_Recv: " + std::to_string(got) + " bytes from rank " +
                           std::to_string(source) + ", expected " + std::to_string(count));
      }
    }
  }
  double max(double value) override {
    double out = value;
    check(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
    return out;
  }
  [[noreturn]] void abort(int code) override {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);
  }
  std::string describe() const override {
    char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    MPI_Get_library_version(version, &len);
    std::string v(version, static_cast<std::size_t>(len));
    v = v.substr(0, v.find_first_of(",\n"));
    return "MPI (" + v + ", " + std::to_string(size_) + " ranks)";
  }

 private:
  void check_root(int root) const {
    if (root < 0 || root >= size_) {
      throw RuntimeError("collective with root " + std::to_string(root) + " of " +
                         std::to_string(size_) + " ranks");
    }
  }
  void check_peer(int peer) const {
    if (peer < 0 || peer >= size_ || peer == rank_) {
      throw RuntimeError("point-to-point message between rank " + std::to_string(rank_) +
                         " and rank " + std::to_string(peer) + " of " + std::to_string(size_));
    }
  }
  std::vector<std::size_t> check_counts(std::span<const float> mine, std::span<float> all,
                                        std::span<const std::size_t> counts, bool receives) const {
    if (counts.size() != static_cast<std::size_t>(size_) ||
        counts[static_cast<std::size_t>(rank_)] != mine.size()) {
      throw RuntimeError("allgatherv/gatherv: counts do not match the ranks");
    }
    std::vector<std::size_t> offsets(counts.size(), 0);
    std::exclusive_scan(counts.begin(), counts.end(), offsets.begin(), std::size_t{0});
    if (receives && offsets.back() + counts.back() != all.size()) {
      throw RuntimeError("allgatherv/gatherv: output span is not the sum of the counts");
    }
    return offsets;
  }

  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<Comm> make_mpi_comm() {
  return std::make_unique<MpiComm>();
}

void mpi_init(int* argc, char*** argv) {
  int provided = MPI_THREAD_SINGLE;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw RuntimeError("the MPI library does not provide MPI_THREAD_FUNNELED");
  }
}

void mpi_finalize() noexcept {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

}  // namespace akichi::sim::par

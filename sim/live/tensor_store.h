// The live engine's station tensors, held in memory within a byte budget.
//
// A tensor is kept under its key, the canonical text of every input its values depend on
// (sim/analysis/tensor_key.h, the batch tensor cache's key), so two stations with the same
// inputs share one tensor and a station moved back to where it was finds its tensor again.
// When the bytes held exceed the budget, the least recently used tensors leave memory; with a
// cache folder they are first spilled to it, one file per key, and read back on a later miss:
//
//   "akichi-tensor 1\n"
//   "key <bytes>\n" <the key's text> "\n"
//   "floats <n_a> <n_b>\n"          (two arrays: a coupling tensor is one, loss and gain two)
//   "crc32 <hex>\n"                 (CRC-32 of the data bytes, Boost.CRC)
//   data: n_a then n_b float32, little-endian
//
// named "<CRC-64/XZ of the key, 16 hex digits>.tensor", written under a temporary name and
// renamed (base/temp_file.h); flush() writes the tensors still in memory the same way (at a
// server's shutdown). A file is trusted only when its key equals the key asked for
// (different keys may share a name), its sizes are the sizes asked for and its data's CRC
// matches; any other file is counted as rejected and the tensor computed again.
//
// Thread safety: every member may be called concurrently. Two callers missing the same key
// compute it once (the second waits for the first). A tensor handed out stays valid while the
// caller holds it, even if the store evicts it meanwhile: memory in use may exceed the budget
// by the tensors of the queries in progress.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace akichi::sim::live {

/// One station tensor: one array (a coupling tensor) or two of equal length (an area
/// tensor's loss and gain), each [height][y][x].
struct Tensor {
  std::vector<float> a, b;
  std::size_t bytes() const noexcept { return (a.size() + b.size()) * sizeof(float); }
};
using TensorPtr = std::shared_ptr<const Tensor>;

struct TensorStoreStats {
  std::size_t hits = 0;          ///< served from memory
  std::size_t misses = 0;        ///< not in memory: reloaded or computed
  std::size_t computed = 0;      ///< computed (misses not served by the cache folder)
  std::size_t spills = 0;        ///< evicted tensors written to the cache folder
  std::size_t reloads = 0;       ///< misses served by the cache folder
  std::size_t rejected = 0;      ///< cache files damaged or of another key, not trusted
  std::size_t spill_errors = 0;  ///< spills that could not be written (the tensor is dropped)
  std::size_t flushed = 0;       ///< tensors written to the cache folder by flush()
  std::size_t flush_errors = 0;  ///< tensors flush() could not write
  std::size_t evictions = 0;     ///< tensors that left memory to stay within the budget
  std::size_t dropped = 0;       ///< tensors removed by drop() (their stations left)
  std::size_t entries = 0;       ///< tensors in memory now
  std::size_t bytes = 0;         ///< their bytes
  std::size_t budget = 0;        ///< the byte budget
};

class TensorStore {
 public:
  /// `cache_dir` empty: evicted tensors are forgotten. Otherwise the folder is created when
  /// absent and temporaries left there by killed processes are removed; InputError
  /// ("--tensor-cache: ...") when it cannot be made or is not a folder.
  explicit TensorStore(std::size_t budget_bytes, std::string cache_dir = {});
  ~TensorStore();
  TensorStore(const TensorStore&) = delete;
  TensorStore& operator=(const TensorStore&) = delete;

  /// The tensor of `key`, of `n_a` and `n_b` floats: from memory, else from the cache folder
  /// (when `spillable` and a folder is set), else made by `compute` (which fills a Tensor
  /// already sized). An exception of `compute` reaches the caller and nothing is kept.
  TensorPtr get(const std::string& key, std::size_t n_a, std::size_t n_b, bool spillable,
                const std::function<void(Tensor&)>& compute);

  /// Whether `key` is in memory now (the cache folder is not looked at).
  bool holds(const std::string& key) const;

  /// Removes `key` from memory (not from the cache folder); no-op when absent.
  void drop(const std::string& key);

  /// Writes every tensor in memory that may be spilled and has no file in the cache folder
  /// yet (the format and names of the spills, under a temporary name then renamed), so that a
  /// process started later on the same folder reloads them instead of computing them: at a
  /// server's shutdown. Returns the number written; none without a folder. The tensors stay in
  /// memory.
  std::size_t flush();

  TensorStoreStats stats() const;
  const std::string& cache_dir() const { return dir_; }

  /// The cache file of `key` in `dir`.
  static std::string file_of(const std::string& dir, const std::string& key);

 private:
  struct Entry {
    std::string key;
    TensorPtr tensor;
    bool spillable = false;
    bool on_disk = false;  ///< a trusted file of this key is in the folder
  };
  using Lru = std::list<Entry>;  ///< most recently used first

  /// Evicts least recently used entries until the bytes fit the budget; returns those to
  /// spill (written after the lock is released).
  std::vector<Entry> evict_locked();
  void spill(const std::vector<Entry>& out);
  /// Reads the cache file of `key`; null when absent, damaged or not of this key and size.
  TensorPtr load(const std::string& key, std::size_t n_a, std::size_t n_b);
  bool write(const Entry& e) const;

  const std::size_t budget_;
  const std::string dir_;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string, Lru::iterator> index_;
  std::unordered_map<std::string, std::shared_future<TensorPtr>> in_flight_;
  // Evicted, their files not yet written: served from here until the write ends (a caller in
  // between would find neither the entry nor its file, and compute it again).
  std::unordered_map<std::string, TensorPtr> spilling_;
  TensorStoreStats stats_;
};

}  // namespace akichi::sim::live

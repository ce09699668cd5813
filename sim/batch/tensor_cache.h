// A tensor source that remembers: the engine tensors of a batch run, kept under their jobs' cache
// keys (sim/analysis/tensor_key.h), so that every variant of a sweep that shares a station's
// inputs reads that station's tensor instead of computing it again. They are kept in memory, or,
// for the variants that stream their tensors (docs/methods.md, "Memory of a run"), in scratch
// files beside the output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/analysis/scratch_tensor.h"
#include "sim/analysis/tensor_source.h"

namespace akichi::sim::batch {

struct CacheStats {
  std::size_t hits = 0;           ///< jobs served from the cache
  std::size_t misses = 0;         ///< cacheable jobs computed
  std::size_t uncacheable = 0;    ///< jobs without a key, computed
  std::size_t rows_reused = 0;    ///< grid rows (heights x ny) not computed thanks to hits
  std::size_t rows_computed = 0;  ///< grid rows computed
  std::size_t evictions = 0;      ///< entries dropped to stay within the budget
  std::size_t bytes = 0;          ///< bytes held now, in memory and in scratch files
  std::size_t file_bytes = 0;     ///< of which in scratch files
};

/// Serves jobs from memory when an entry of the same key is held, and computes the others with
/// `inner` (in one call, so an MPI source still shares them out), keeping a copy of each result.
/// Entries beyond `budget_bytes` (in memory and in files together) are evicted, least recently
/// used first. Hits give exactly the bits the job would compute, because the key covers every
/// input of the job.
class CachingTensorSource final : public TensorSource {
 public:
  CachingTensorSource(TensorSource& inner, std::size_t budget_bytes);
  void compute(std::span<const TensorJob> jobs, Progress& progress) override;
  /// Where the entries made from now on are kept: in scratch files in `dir` (unnamed, gone with
  /// the cache; their pages are the kernel's cache), or in memory (nullptr, the default). The
  /// entries already held stay where they are.
  void keep_in_files(const std::filesystem::path* dir);
  CacheStats stats() const;

 private:
  /// One job's outputs: the loss, gain and coupling floats and the mechanism bytes, in vectors
  /// or one after another in a scratch file.
  struct Entry {
    std::string key;
    std::size_t n_loss = 0, n_gain = 0, n_coupling = 0, n_mechanism = 0;
    std::vector<float> loss, gain, coupling;
    std::vector<std::uint8_t> mechanism;
    std::unique_ptr<ScratchFile> file;
    std::size_t data_bytes() const noexcept {
      return (n_loss + n_gain + n_coupling) * sizeof(float) + n_mechanism;
    }
    std::size_t bytes() const noexcept { return data_bytes() + key.size(); }
  };
  static bool fits(const Entry& e, const TensorJob& job) noexcept;
  static void copy_out(const Entry& e, const TensorJob& job);
  void insert(const TensorJob& job);
  void evict_to(std::size_t budget);

  TensorSource& inner_;
  std::size_t budget_;
  std::filesystem::path file_dir_;
  bool in_files_ = false;
  std::list<Entry> lru_;  ///< most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  CacheStats stats_;
  mutable std::mutex mutex_;
};

}  // namespace akichi::sim::batch

// A tensor source that remembers: the engine tensors of a batch run, kept in memory under their
// jobs' cache keys (sim/analysis/tensor_key.h), so that every variant of a sweep that shares a
// station's inputs reads that station's tensor instead of computing it again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/analysis/tensor_source.h"

namespace akichi::sim::batch {

struct CacheStats {
  std::size_t hits = 0;           ///< jobs served from the cache
  std::size_t misses = 0;         ///< cacheable jobs computed
  std::size_t uncacheable = 0;    ///< jobs without a key, computed
  std::size_t rows_reused = 0;    ///< grid rows (heights x ny) not computed thanks to hits
  std::size_t rows_computed = 0;  ///< grid rows computed
  std::size_t evictions = 0;      ///< entries dropped to stay within the budget
  std::size_t bytes = 0;          ///< bytes held now
};

/// Serves jobs from memory when an entry of the same key is held, and computes the others with
/// `inner` (in one call, so an MPI source still shares them out), keeping a copy of each result.
/// Entries beyond `budget_bytes` are evicted, least recently used first. Hits give exactly the
/// bits the job would compute, because the key covers every input of the job.
class CachingTensorSource final : public TensorSource {
 public:
  CachingTensorSource(TensorSource& inner, std::size_t budget_bytes);
  void compute(std::span<const TensorJob> jobs, Progress& progress) override;
  CacheStats stats() const;

 private:
  struct Entry {
    std::string key;
    std::vector<float> loss, gain, coupling;
    std::vector<std::uint8_t> mechanism;
    std::size_t bytes() const noexcept {
      return (loss.size() + gain.size() + coupling.size()) * sizeof(float) + mechanism.size() +
             key.size();
    }
  };
  void insert(const TensorJob& job);
  void evict_to(std::size_t budget);

  TensorSource& inner_;
  std::size_t budget_;
  std::list<Entry> lru_;  ///< most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  CacheStats stats_;
  mutable std::mutex mutex_;
};

}  // namespace akichi::sim::batch

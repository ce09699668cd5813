#include "sim/batch/tensor_cache.h"

#include <algorithm>

namespace akichi::sim::batch {

namespace {
template <class T>
void copy_into(const std::vector<T>& from, std::span<T> to) {
  std::copy(from.begin(), from.end(), to.begin());
}
}  // namespace

CachingTensorSource::CachingTensorSource(TensorSource& inner, std::size_t budget_bytes)
    : inner_(inner), budget_(budget_bytes) {}

void CachingTensorSource::compute(std::span<const TensorJob> jobs, Progress& progress) {
  std::vector<TensorJob> misses;  // jobs to compute
  {
    std::lock_guard lock(mutex_);
    for (const TensorJob& job : jobs) {
      const auto it = job.cache_key.empty() ? index_.end() : index_.find(job.cache_key);
      if (it == index_.end()) {
        misses.push_back(job);
        continue;
      }
      const Entry& e = *it->second;
      // The key fixes the shape, so sizes agree; checked anyway, a mismatch would be a bug.
      if (e.loss.size() != job.area.loss_dB.size() ||
          e.gain.size() != job.area.tx_gain_dBi.size() ||
          e.coupling.size() != job.coupling_dB.size() ||
          e.mechanism.size() != job.area.mechanism.size()) {
        misses.push_back(job);
        continue;
      }
      copy_into(e.loss, job.area.loss_dB);
      copy_into(e.gain, job.area.tx_gain_dBi);
      copy_into(e.coupling, job.coupling_dB);
      copy_into(e.mechanism, job.area.mechanism);
      lru_.splice(lru_.begin(), lru_, it->second);
      ++stats_.hits;
      stats_.rows_reused += job_rows(job);
      progress.advance(job_rows(job));
    }
  }
  if (misses.empty()) return;
  inner_.compute(misses, progress);
  std::lock_guard lock(mutex_);
  for (const TensorJob& job : misses) {
    stats_.rows_computed += job_rows(job);
    if (job.cache_key.empty()) {
      ++stats_.uncacheable;
      continue;
    }
    ++stats_.misses;
    insert(job);
  }
}

void CachingTensorSource::insert(const TensorJob& job) {
  if (index_.count(job.cache_key) != 0) return;  // the same key twice in one stage
  Entry e;
  e.key = job.cache_key;
  e.loss.assign(job.area.loss_dB.begin(), job.area.loss_dB.end());
  e.gain.assign(job.area.tx_gain_dBi.begin(), job.area.tx_gain_dBi.end());
  e.coupling.assign(job.coupling_dB.begin(), job.coupling_dB.end());
  e.mechanism.assign(job.area.mechanism.begin(), job.area.mechanism.end());
  const std::size_t b = e.bytes();
  if (b > budget_) return;  // larger than the whole budget: not kept
  evict_to(budget_ - b);
  lru_.push_front(std::move(e));
  index_.emplace(lru_.front().key, lru_.begin());
  stats_.bytes += b;
}

void CachingTensorSource::evict_to(std::size_t budget) {
  while (stats_.bytes > budget && !lru_.empty()) {
    stats_.bytes -= lru_.back().bytes();
    index_.erase(lru_.back().key);
    lru_.pop_back();
    ++stats_.evictions;
  }
}

CacheStats CachingTensorSource::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace akichi::sim::batch

#include "sim/batch/tensor_cache.h"

#include <algorithm>

namespace akichi::sim::batch {

namespace {

/// f(byte offset, span) for each output of the job, at its place in an entry's scratch file
/// (the loss, gain and coupling floats and the mechanism bytes, one after another).
template <class F>
void each_output(const TensorJob& job, F&& f) {
  std::size_t at = 0;
  const auto one = [&](auto span) {
    f(at, span);
    at += span.size_bytes();
  };
  one(job.area.loss_dB);
  one(job.area.tx_gain_dBi);
  one(job.coupling_dB);
  one(job.area.mechanism);
}

}  // namespace

CachingTensorSource::CachingTensorSource(TensorSource& inner, std::size_t budget_bytes)
    : inner_(inner), budget_(budget_bytes) {}

void CachingTensorSource::keep_in_files(const std::filesystem::path* dir) {
  std::lock_guard lock(mutex_);
  in_files_ = dir != nullptr;
  file_dir_ = dir != nullptr ? *dir : std::filesystem::path();
}

bool CachingTensorSource::fits(const Entry& e, const TensorJob& job) noexcept {
  return e.n_loss == job.area.loss_dB.size() && e.n_gain == job.area.tx_gain_dBi.size() &&
         e.n_coupling == job.coupling_dB.size() && e.n_mechanism == job.area.mechanism.size();
}

void CachingTensorSource::copy_out(const Entry& e, const TensorJob& job) {
  if (e.file == nullptr) {
    std::copy(e.loss.begin(), e.loss.end(), job.area.loss_dB.begin());
    std::copy(e.gain.begin(), e.gain.end(), job.area.tx_gain_dBi.begin());
    std::copy(e.coupling.begin(), e.coupling.end(), job.coupling_dB.begin());
    std::copy(e.mechanism.begin(), e.mechanism.end(), job.area.mechanism.begin());
    return;
  }
  each_output(job,
              [&](std::size_t at, auto span) { e.file->read(at, span.data(), span.size_bytes()); });
}

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
      if (!fits(e, job)) {
        misses.push_back(job);
        continue;
      }
      copy_out(e, job);
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
  e.n_loss = job.area.loss_dB.size();
  e.n_gain = job.area.tx_gain_dBi.size();
  e.n_coupling = job.coupling_dB.size();
  e.n_mechanism = job.area.mechanism.size();
  const std::size_t b = e.bytes();
  if (b > budget_) return;  // larger than the whole budget: not kept
  evict_to(budget_ - b);
  if (in_files_) {
    e.file = std::make_unique<ScratchFile>(file_dir_, e.data_bytes());
    each_output(
        job, [&](std::size_t at, auto span) { e.file->write(at, span.data(), span.size_bytes()); });
    stats_.file_bytes += b;
  } else {
    e.loss.assign(job.area.loss_dB.begin(), job.area.loss_dB.end());
    e.gain.assign(job.area.tx_gain_dBi.begin(), job.area.tx_gain_dBi.end());
    e.coupling.assign(job.coupling_dB.begin(), job.coupling_dB.end());
    e.mechanism.assign(job.area.mechanism.begin(), job.area.mechanism.end());
  }
  lru_.push_front(std::move(e));
  index_.emplace(lru_.front().key, lru_.begin());
  stats_.bytes += b;
}

void CachingTensorSource::evict_to(std::size_t budget) {
  while (stats_.bytes > budget && !lru_.empty()) {
    stats_.bytes -= lru_.back().bytes();
    if (lru_.back().file != nullptr) stats_.file_bytes -= lru_.back().bytes();
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

// A thread-safe cache of computed values, bounded by bytes, least recently used out first, for
// the server's map layers (grids and tiles). A value asked for while another thread computes it
// is waited for, not computed twice: when the page opens a layer it asks for a dozen tiles at
// once, and every one of them needs the same grid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace akichi::sim::serve {

/// Keys: what was computed (`what`: layer, parameters, tile) and the database version it was
/// computed on (0 for what no write changes).
struct CacheKey {
  std::string what;
  std::int64_t version = 0;
  auto operator<=>(const CacheKey&) const = default;
};

template <class Value>
class LruCache {
 public:
  using Ptr = std::shared_ptr<const Value>;

  /// `size` gives a value's bytes; the cache keeps at most `budget_bytes` of them (a value
  /// larger than the budget is handed out but not kept).
  LruCache(std::size_t budget_bytes, std::function<std::size_t(const Value&)> size)
      : budget_(budget_bytes), size_(std::move(size)) {}

  /// The value of `key`: from the cache, from the thread computing it already, or computed
  /// here by `compute` (its exception reaches every thread waiting for it, and nothing is kept).
  Ptr get(const CacheKey& key, const std::function<Value()>& compute) {
    std::promise<Ptr> promise;
    {
      std::unique_lock lock(m_);
      if (const auto it = index_.find(key); it != index_.end()) {
        order_.splice(order_.begin(), order_, it->second);  // most recently used
        ++hits_;
        return it->second->value;
      }
      if (const auto it = pending_.find(key); it != pending_.end()) {
        std::shared_future<Ptr> f = it->second;
        lock.unlock();
        return f.get();
      }
      pending_.emplace(key, promise.get_future().share());
      ++misses_;
    }
    Ptr value;
    try {
      value = std::make_shared<const Value>(compute());
    } catch (...) {
      promise.set_exception(std::current_exception());
      const std::lock_guard lock(m_);
      pending_.erase(key);
      throw;
    }
    promise.set_value(value);
    const std::lock_guard lock(m_);
    pending_.erase(key);
    const std::size_t bytes = size_(*value);
    if (bytes <= budget_ && !index_.contains(key)) {
      order_.push_front(Entry{key, value, bytes});
      index_.emplace(key, order_.begin());
      used_ += bytes;
      while (used_ > budget_) drop(std::prev(order_.end()));
    }
    return value;
  }

  /// Drops every entry computed on a database version before `version`: no request asks for
  /// them again once the database has moved on.
  void drop_versions_before(std::int64_t version) {
    const std::lock_guard lock(m_);
    for (auto it = order_.begin(); it != order_.end();) {
      const auto next = std::next(it);
      if (it->key.version != 0 && it->key.version < version) drop(it);
      it = next;
    }
  }

  std::size_t bytes() const {
    const std::lock_guard lock(m_);
    return used_;
  }
  std::size_t entries() const {
    const std::lock_guard lock(m_);
    return index_.size();
  }
  std::uint64_t hits() const {
    const std::lock_guard lock(m_);
    return hits_;
  }
  std::uint64_t misses() const {
    const std::lock_guard lock(m_);
    return misses_;
  }

 private:
  struct Entry {
    CacheKey key;
    Ptr value;
    std::size_t bytes;
  };
  using Iter = typename std::list<Entry>::iterator;

  void drop(Iter it) {
    used_ -= it->bytes;
    index_.erase(it->key);
    order_.erase(it);
  }

  const std::size_t budget_;
  const std::function<std::size_t(const Value&)> size_;
  mutable std::mutex m_;
  std::list<Entry> order_;  ///< most recently used first
  std::map<CacheKey, Iter> index_;
  std::map<CacheKey, std::shared_future<Ptr>> pending_;
  std::size_t used_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace akichi::sim::serve

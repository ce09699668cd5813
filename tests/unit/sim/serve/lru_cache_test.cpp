// The map layers' cache (sim/serve/lru_cache.h): bounded by bytes, least recently used out
// first, one computation for concurrent requests of one key, old data versions dropped.
#include "sim/serve/lru_cache.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace lru_cache_test {

namespace {

using akichi::sim::serve::CacheKey;
using akichi::sim::serve::LruCache;

LruCache<std::string> cache(std::size_t budget) {
  return LruCache<std::string>(budget, [](const std::string& s) { return s.size(); });
}

TEST(LruCache, KeepsWithinItsBudgetDroppingTheLeastRecentlyUsed) {
  auto c = cache(30);
  int computed = 0;
  const auto value = [&](char ch) {
    return [&computed, ch] {
      ++computed;
      return std::string(10, ch);
    };
  };
  EXPECT_EQ(*c.get({"a", 1}, value('a')), std::string(10, 'a'));
  c.get({"b", 1}, value('b'));
  c.get({"c", 1}, value('c'));
  EXPECT_EQ(c.bytes(), 30u);
  c.get({"a", 1}, value('a'));  // a hit: a is now the most recently used
  EXPECT_EQ(computed, 3);
  c.get({"d", 1}, value('d'));  // drops b
  EXPECT_EQ(c.bytes(), 30u);
  EXPECT_EQ(c.entries(), 3u);
  c.get({"a", 1}, value('a'));
  c.get({"c", 1}, value('c'));
  EXPECT_EQ(computed, 4);
  c.get({"b", 1}, value('b'));
  EXPECT_EQ(computed, 5);
  EXPECT_EQ(c.hits(), 3u);
  EXPECT_EQ(c.misses(), 5u);
  // Another version of a key is another entry.
  c.get({"b", 2}, value('b'));
  EXPECT_EQ(computed, 6);
  // Larger than the whole budget: handed out, not kept.
  auto big = c.get({"big", 1}, [] { return std::string(31, 'x'); });
  EXPECT_EQ(big->size(), 31u);
  EXPECT_EQ(c.bytes(), 30u);
}

TEST(LruCache, ConcurrentRequestsOfOneKeyComputeItOnce) {
  auto c = cache(1000);
  std::atomic<int> computed{0};
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      got[static_cast<std::size_t>(i)] = *c.get({"grid", 3}, [&] {
        ++computed;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return std::string("values");
      });
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(computed.load(), 1);
  for (const auto& g : got) EXPECT_EQ(g, "values");
}

TEST(LruCache, AFailureReachesItsCallerAndIsNotKept) {
  auto c = cache(1000);
  EXPECT_THROW(c.get({"k", 1}, []() -> std::string { throw std::runtime_error("no"); }),
               std::runtime_error);
  EXPECT_EQ(c.entries(), 0u);
  EXPECT_EQ(*c.get({"k", 1}, [] { return std::string("yes"); }), "yes");
}

TEST(LruCache, OldVersionsAreDroppedAndVersionZeroKept) {
  auto c = cache(1000);
  c.get({"static", 0}, [] { return std::string("shade"); });
  c.get({"eirp", 4}, [] { return std::string("v4"); });
  c.get({"eirp", 5}, [] { return std::string("v5"); });
  c.drop_versions_before(5);
  EXPECT_EQ(c.entries(), 2u);
  EXPECT_EQ(c.bytes(), 7u);
  int computed = 0;
  c.get({"eirp", 4}, [&] {
    ++computed;
    return std::string("v4");
  });
  c.get({"static", 0}, [&] {
    ++computed;
    return std::string("shade");
  });
  EXPECT_EQ(computed, 1);
}

}  // namespace

}  // namespace lru_cache_test

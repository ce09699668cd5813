// The live engine's tensor store (sim/live/tensor_store.h): least recently used first out of a
// byte budget, spilled to the cache folder and read back bit for bit, damaged or foreign files
// never trusted, one computation for concurrent misses of a key.
#include <unistd.h>

#include <atomic>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/live/tensor_store.h"

namespace akichi::sim::live::tensor_store_test {
namespace {

namespace fs = std::filesystem;

/// A folder of its own for one test, removed at the end.
struct Folder {
  explicit Folder(const std::string& name)
      : path((fs::temp_directory_path() /
              ("akichi-tensor-store-" + name + "-" + std::to_string(::getpid())))
                 .string()) {
    fs::remove_all(path);
  }
  ~Folder() { fs::remove_all(path); }
  std::string path;
};

/// A tensor whose values follow from its seed: a[i] = seed + i / 8, b[i] = -a[i].
struct Maker {
  std::atomic<int> calls{0};
  std::function<void(Tensor&)> of(float seed) {
    return [this, seed](Tensor& t) {
      ++calls;
      for (std::size_t i = 0; i < t.a.size(); ++i) t.a[i] = seed + static_cast<float>(i) / 8;
      for (std::size_t i = 0; i < t.b.size(); ++i) t.b[i] = -(seed + static_cast<float>(i) / 8);
    };
  }
};

constexpr std::size_t kN = 256;  // floats per array: 1 KiB
constexpr std::size_t kBytes = kN * sizeof(float);

void expect_values(const Tensor& t, float seed) {
  ASSERT_EQ(t.a.size(), kN);
  for (std::size_t i = 0; i < kN; ++i)
    ASSERT_EQ(std::bit_cast<std::uint32_t>(t.a[i]),
              std::bit_cast<std::uint32_t>(seed + static_cast<float>(i) / 8));
  for (std::size_t i = 0; i < t.b.size(); ++i) ASSERT_EQ(t.b[i], -t.a[i]);
}

TEST(TensorStore, KeepsTheMostRecentlyUsedWithinTheBudget) {
  TensorStore store(3 * kBytes);
  Maker m;
  store.get("k1", kN, 0, false, m.of(1));
  store.get("k2", kN, 0, false, m.of(2));
  store.get("k3", kN, 0, false, m.of(3));
  EXPECT_EQ(m.calls, 3);
  expect_values(*store.get("k1", kN, 0, false, m.of(1)), 1);  // a hit, k1 now the newest
  EXPECT_EQ(m.calls, 3);
  store.get("k4", kN, 0, false, m.of(4));  // k2, the least recently used, goes
  TensorStoreStats s = store.stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 4u);
  EXPECT_EQ(s.computed, 4u);
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_EQ(s.spills, 0u);  // no folder
  EXPECT_EQ(s.entries, 3u);
  EXPECT_EQ(s.bytes, 3 * kBytes);
  EXPECT_EQ(s.budget, 3 * kBytes);
  EXPECT_TRUE(store.holds("k1"));
  EXPECT_FALSE(store.holds("k2"));
  EXPECT_TRUE(store.holds("k3"));
  // An area tensor (two arrays) counts twice the bytes: k3 and k1 make room for it.
  expect_values(*store.get("area", kN, kN, false, m.of(5)), 5);
  s = store.stats();
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.bytes, 3 * kBytes);
  EXPECT_TRUE(store.holds("k4"));
  store.drop("k4");
  store.drop("absent");
  s = store.stats();
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.bytes, 2 * kBytes);
  EXPECT_EQ(s.dropped, 1u);
}

TEST(TensorStore, EvictedTensorsAreSpilledAndReadBackBitForBit) {
  Folder dir("spill");
  TensorStore store(2 * kBytes, dir.path);
  Maker m;
  store.get("key one", kN, kN, true, m.of(1.25f));
  store.get("key two", kN, 0, true, m.of(2.5f));  // "key one" leaves memory, spilled
  TensorStoreStats s = store.stats();
  EXPECT_EQ(s.spills, 1u);
  ASSERT_TRUE(fs::exists(TensorStore::file_of(dir.path, "key one")));
  EXPECT_EQ(
      fs::file_size(TensorStore::file_of(dir.path, "key one")),
      std::string("akichi-tensor 1\nkey 7\nkey one\nfloats 256 256\ncrc32 00000000\n").size() +
          2 * kBytes);
  const TensorPtr back = store.get("key one", kN, kN, true, m.of(99));
  expect_values(*back, 1.25f);
  EXPECT_EQ(m.calls, 2);
  s = store.stats();
  EXPECT_EQ(s.reloads, 1u);
  EXPECT_EQ(s.computed, 2u);
  EXPECT_EQ(s.rejected, 0u);
  // A store of another process (a restart) finds it too.
  TensorStore restarted(2 * kBytes, dir.path);
  expect_values(*restarted.get("key one", kN, kN, true, m.of(99)), 1.25f);
  EXPECT_EQ(restarted.stats().reloads, 1u);
  // Not spillable: never written.
  TensorStore other(kBytes, dir.path);
  other.get("private", kN, 0, false, m.of(3));
  other.get("private 2", kN, 0, false, m.of(4));
  EXPECT_EQ(other.stats().spills, 0u);
  EXPECT_FALSE(fs::exists(TensorStore::file_of(dir.path, "private")));
}

TEST(TensorStore, FlushWritesWhatIsOnlyInMemoryForARestart) {
  Folder dir("flush");
  Maker m;
  {
    TensorStore store(3 * kBytes, dir.path);
    store.get("a", kN, 0, true, m.of(1));
    store.get("b", kN, kN, true, m.of(2));
    store.get("not spillable", kN, 0, false, m.of(3));  // b, a and this: 4 KiB, "a" spilled
    EXPECT_EQ(store.stats().spills, 1u);
    EXPECT_FALSE(fs::exists(TensorStore::file_of(dir.path, "b")));
    EXPECT_EQ(store.flush(), 1u);  // "b": "a" is on disk already, the third may not be
    EXPECT_TRUE(fs::exists(TensorStore::file_of(dir.path, "b")));
    EXPECT_FALSE(fs::exists(TensorStore::file_of(dir.path, "not spillable")));
    EXPECT_EQ(store.flush(), 0u);  // nothing new since
    const TensorStoreStats s = store.stats();
    EXPECT_EQ(s.flushed, 1u);
    EXPECT_EQ(s.flush_errors, 0u);
    EXPECT_EQ(s.entries, 2u);                               // still in memory
    for (const auto& e : fs::directory_iterator(dir.path))  // no temporary left behind
      EXPECT_EQ(e.path().extension(), ".tensor") << e.path();
  }
  // The next process reloads both, computes neither.
  TensorStore restarted(8 * kBytes, dir.path);
  const int calls = m.calls;
  expect_values(*restarted.get("a", kN, 0, true, m.of(99)), 1);
  expect_values(*restarted.get("b", kN, kN, true, m.of(99)), 2);
  EXPECT_EQ(m.calls, calls);
  EXPECT_EQ(restarted.stats().reloads, 2u);
  EXPECT_EQ(restarted.stats().computed, 0u);
  // Without a folder there is nowhere to write.
  TensorStore memory_only(kBytes);
  memory_only.get("c", kN, 0, true, m.of(4));
  EXPECT_EQ(memory_only.flush(), 0u);
}

/// Spills `key` (seed 1) into `dir` and returns its file.
std::string spilled(const std::string& dir, const std::string& key) {
  TensorStore s(kBytes, dir);
  Maker m;
  s.get(key, kN, 0, true, m.of(1));
  s.get("push it out", kN, 0, true, m.of(2));
  return TensorStore::file_of(dir, key);
}

TEST(TensorStore, DamagedOrForeignFilesAreRecomputedNeverTrusted) {
  Folder dir("damaged");
  const std::string key = "the key";
  const std::string file = spilled(dir.path, key);
  const auto bytes = [&] {
    std::ifstream f(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  const auto put = [&](const std::string& text) {
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f << text;
  };
  const std::string good = bytes();
  std::vector<std::string> bad;
  std::string flipped = good;
  flipped[flipped.size() - 10] ^= 0x40;  // a data byte: the CRC fails
  bad.push_back(flipped);
  bad.push_back(good.substr(0, good.size() - 4));  // short
  bad.push_back(good + "x");                       // long
  std::string other_key = good;
  other_key.replace(other_key.find("the key"), 7, "the kez");  // another key of the same name
  bad.push_back(other_key);
  bad.push_back("");
  bad.push_back("akichi-tensor 2\n");
  for (const std::string& b : bad) {
    put(b);
    TensorStore store(4 * kBytes, dir.path);
    Maker m;
    expect_values(*store.get(key, kN, 0, true, m.of(1)), 1);
    EXPECT_EQ(m.calls, 1);
    EXPECT_EQ(store.stats().rejected, 1u);
    EXPECT_EQ(store.stats().reloads, 0u);
  }
  // Another size asked for the same key is not trusted either.
  put(good);
  TensorStore store(8 * kBytes, dir.path);
  Maker m;
  store.get(key, kN, kN, true, m.of(1));
  EXPECT_EQ(m.calls, 1);
  EXPECT_EQ(store.stats().rejected, 1u);
  // And the good file is.
  TensorStore fine(8 * kBytes, dir.path);
  expect_values(*fine.get(key, kN, 0, true, m.of(7)), 1);
  EXPECT_EQ(fine.stats().reloads, 1u);
}

TEST(TensorStore, ConcurrentMissesOfOneKeyComputeItOnce) {
  TensorStore store(64 * kBytes);
  std::atomic<int> calls{0};
  std::vector<std::thread> threads;
  std::vector<TensorPtr> got(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      got[static_cast<std::size_t>(t)] = store.get("shared", kN, 0, false, [&](Tensor& x) {
        ++calls;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (std::size_t i = 0; i < x.a.size(); ++i) x.a[i] = 3 + static_cast<float>(i) / 8;
      });
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(calls, 1);
  for (const TensorPtr& p : got) EXPECT_EQ(p.get(), got.front().get());
  expect_values(*got.front(), 3);
  const TensorStoreStats s = store.stats();
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.hits, 7u);
}

TEST(TensorStore, AFailedComputationKeepsNothing) {
  TensorStore store(4 * kBytes);
  EXPECT_THROW(store.get("k", kN, 0, false, [](Tensor&) { throw RuntimeError("model failed"); }),
               RuntimeError);
  EXPECT_FALSE(store.holds("k"));
  Maker m;
  expect_values(*store.get("k", kN, 0, false, m.of(1)), 1);
  EXPECT_EQ(m.calls, 1);
}

TEST(TensorStore, ACacheFolderThatIsAFileIsAnInputError) {
  Folder dir("file");
  { std::ofstream(dir.path) << "not a folder"; }
  EXPECT_THROW(TensorStore(kBytes, dir.path), InputError);
  fs::remove(dir.path);
}

}  // namespace
}  // namespace akichi::sim::live::tensor_store_test

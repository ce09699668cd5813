#include "sim/live/tensor_store.h"

#include <bit>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <tbb/task_arena.h>
#include <boost/crc.hpp>

#include "base/errors.h"
#include "base/temp_file.h"

namespace akichi::sim::live {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "akichi-tensor 1";
constexpr std::string_view kSuffix = ".tensor";

/// CRC-64/XZ (ECMA-182 polynomial, reflected, all ones in and out): the file name of a key.
using Crc64 = boost::crc_optimal<64, 0x42F0E1EBA9EA3693ULL, 0xFFFFFFFFFFFFFFFFULL,
                                 0xFFFFFFFFFFFFFFFFULL, true, true>;

std::uint32_t data_crc(const Tensor& t) {
  boost::crc_32_type crc;
  crc.process_bytes(t.a.data(), t.a.size() * sizeof(float));
  crc.process_bytes(t.b.data(), t.b.size() * sizeof(float));
  return crc.checksum();
}

}  // namespace

TensorStore::TensorStore(std::size_t budget_bytes, std::string cache_dir)
    : budget_(budget_bytes), dir_(std::move(cache_dir)) {
  stats_.budget = budget_;
  if (dir_.empty()) return;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) {
    throw InputError(fmt::format("--tensor-cache: found \"{}\" ({}), expected a writable folder",
                                 dir_, ec ? ec.message() : "not a folder"));
  }
  remove_stale_temporaries_in(dir_, [](std::string_view name) { return name.ends_with(kSuffix); });
}

TensorStore::~TensorStore() = default;

std::string TensorStore::file_of(const std::string& dir, const std::string& key) {
  Crc64 crc;
  crc.process_bytes(key.data(), key.size());
  return (fs::path(dir) / fmt::format("{:016x}{}", crc.checksum(), kSuffix)).string();
}

TensorPtr TensorStore::get(const std::string& key, std::size_t n_a, std::size_t n_b, bool spillable,
                           const std::function<void(Tensor&)>& compute) {
  std::promise<TensorPtr> promise;
  {
    std::unique_lock lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++stats_.hits;
      return it->second->tensor;
    }
    if (const auto it = spilling_.find(key); it != spilling_.end()) {
      ++stats_.hits;
      return it->second;
    }
    if (const auto it = in_flight_.find(key); it != in_flight_.end()) {
      // Another caller is making it: wait for that one (a hit once it is there).
      std::shared_future<TensorPtr> f = it->second;
      lock.unlock();
      TensorPtr t = f.get();
      std::lock_guard again(mutex_);
      ++stats_.hits;
      return t;
    }
    ++stats_.misses;
    in_flight_.emplace(key, promise.get_future().share());
  }
  TensorPtr t;
  bool from_disk = false;
  try {
    if (spillable && !dir_.empty()) t = load(key, n_a, n_b);
    from_disk = t != nullptr;
    if (!t) {
      auto made = std::make_shared<Tensor>();
      made->a.resize(n_a);
      made->b.resize(n_b);
      // Isolated: while its own parallel loops wait, this thread takes none of the tasks
      // outside them. Another query's task could ask for this very key and block on it, below
      // the frame that is to finish it.
      tbb::this_task_arena::isolate([&] { compute(*made); });
      t = std::move(made);
    }
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(mutex_);
    in_flight_.erase(key);
    throw;
  }
  std::vector<Entry> out;
  {
    std::lock_guard lock(mutex_);
    ++(from_disk ? stats_.reloads : stats_.computed);
    lru_.push_front(Entry{key, t, spillable, from_disk});
    index_.emplace(key, lru_.begin());
    stats_.bytes += t->bytes();
    ++stats_.entries;
    out = evict_locked();
    in_flight_.erase(key);
  }
  promise.set_value(t);
  spill(out);
  return t;
}

bool TensorStore::holds(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return index_.contains(key);
}

void TensorStore::drop(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = index_.find(key);
  if (it == index_.end()) return;
  stats_.bytes -= it->second->tensor->bytes();
  --stats_.entries;
  ++stats_.dropped;
  lru_.erase(it->second);
  index_.erase(it);
}

std::size_t TensorStore::flush() {
  if (dir_.empty()) return 0;
  std::vector<Entry> out;
  {
    std::lock_guard lock(mutex_);
    for (const Entry& e : lru_)
      if (e.spillable && !e.on_disk) out.push_back(e);
  }
  std::size_t written = 0;
  for (const Entry& e : out) {
    const bool ok = write(e);
    written += ok ? 1 : 0;
    std::lock_guard lock(mutex_);
    ++(ok ? stats_.flushed : stats_.flush_errors);
    // Still in memory (a query may have dropped or evicted it meanwhile): its file is there.
    if (const auto it = index_.find(e.key); ok && it != index_.end()) it->second->on_disk = true;
  }
  return written;
}

TensorStoreStats TensorStore::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<TensorStore::Entry> TensorStore::evict_locked() {
  std::vector<Entry> out;
  while (stats_.bytes > budget_ && !lru_.empty()) {
    Entry& e = lru_.back();
    stats_.bytes -= e.tensor->bytes();
    --stats_.entries;
    ++stats_.evictions;
    index_.erase(e.key);
    if (e.spillable && !e.on_disk && !dir_.empty()) {
      spilling_.insert_or_assign(e.key, e.tensor);
      out.push_back(std::move(e));
    }
    lru_.pop_back();
  }
  return out;
}

void TensorStore::spill(const std::vector<Entry>& out) {
  for (const Entry& e : out) {
    const bool ok = write(e);
    std::lock_guard lock(mutex_);
    ++(ok ? stats_.spills : stats_.spill_errors);
    spilling_.erase(e.key);
  }
}

bool TensorStore::write(const Entry& e) const {
  // The data are written as they are in memory: float32 little-endian on the machines akichi
  // builds for; a big-endian machine neither writes nor reads cache files.
  if constexpr (std::endian::native != std::endian::little) return false;
  const Tensor& t = *e.tensor;
  const std::string path = file_of(dir_, e.key);
  const std::string tmp = temporary_path(path);
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << kMagic << '\n'
      << "key " << e.key.size() << '\n'
      << e.key << '\n'
      << "floats " << t.a.size() << ' ' << t.b.size() << '\n'
      << fmt::format("crc32 {:08x}\n", data_crc(t));
    f.write(reinterpret_cast<const char*>(t.a.data()),
            static_cast<std::streamsize>(t.a.size() * sizeof(float)));
    f.write(reinterpret_cast<const char*>(t.b.data()),
            static_cast<std::streamsize>(t.b.size() * sizeof(float)));
    f.flush();
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

TensorPtr TensorStore::load(const std::string& key, std::size_t n_a, std::size_t n_b) {
  if constexpr (std::endian::native != std::endian::little) return nullptr;
  const std::string path = file_of(dir_, key);
  std::ifstream f(path, std::ios::binary);
  if (!f) return nullptr;  // not spilled (or removed): no file is not a damaged file
  const auto reject = [&]() -> TensorPtr {
    std::lock_guard lock(mutex_);
    ++stats_.rejected;
    return nullptr;
  };
  std::string line;
  if (!std::getline(f, line) || line != kMagic) return reject();
  std::size_t key_bytes = 0;
  if (!std::getline(f, line) || std::sscanf(line.c_str(), "key %zu", &key_bytes) != 1 ||
      key_bytes != key.size())
    return reject();
  std::string stored(key_bytes, '\0');
  if (!f.read(stored.data(), static_cast<std::streamsize>(key_bytes)) || stored != key ||
      f.get() != '\n')
    return reject();
  std::size_t a = 0, b = 0;
  if (!std::getline(f, line) || std::sscanf(line.c_str(), "floats %zu %zu", &a, &b) != 2 ||
      a != n_a || b != n_b)
    return reject();
  unsigned crc = 0;
  if (!std::getline(f, line) || std::sscanf(line.c_str(), "crc32 %8x", &crc) != 1) return reject();
  auto t = std::make_shared<Tensor>();
  t->a.resize(a);
  t->b.resize(b);
  f.read(reinterpret_cast<char*>(t->a.data()), static_cast<std::streamsize>(a * sizeof(float)));
  f.read(reinterpret_cast<char*>(t->b.data()), static_cast<std::streamsize>(b * sizeof(float)));
  // Exactly the data: a short file fails the reads, a longer one leaves bytes behind.
  if (!f || f.peek() != std::char_traits<char>::eof() || data_crc(*t) != crc) return reject();
  return t;
}

}  // namespace akichi::sim::live

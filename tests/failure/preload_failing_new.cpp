// Loaded into the akichi executable with LD_PRELOAD by tests/e2e/runtime_failure.sh, and into
// nothing else: the first allocation made by a thread other than the process's main thread (a TBB
// worker) throws std::bad_alloc. It lets the end-to-end test see what the command line
// makes of a runtime failure inside the area engine's parallel loop.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> g_failed{false};

}  // namespace

void* operator new(std::size_t n) {
  if (!g_failed.load(std::memory_order_relaxed) && gettid() != getpid() &&
      !g_failed.exchange(true)) {
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

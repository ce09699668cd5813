// The operator new replacement of the failure-policy tests: see failing_new.h. operator new[]
// and the nothrow forms of the standard library call this operator new; the aligned forms are
// not replaced (the models do not use them).
#include "tests/failure/failing_new.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> g_armed{false};
std::atomic<std::size_t> g_min_bytes{0};
std::atomic<int> g_failed{0};
thread_local int t_in_model = 0;

}  // namespace

namespace akichi::test {

void arm_failing_new(std::size_t min_bytes) {
  g_failed = 0;
  g_min_bytes = min_bytes;
  g_armed = true;
}

void disarm_failing_new() {
  g_armed = false;
}

int failed_allocations() {
  return g_failed.load();
}

InModel::InModel() {
  ++t_in_model;
}

InModel::~InModel() {
  --t_in_model;
}

}  // namespace akichi::test

void* operator new(std::size_t n) {
  if (t_in_model > 0 && g_armed.load(std::memory_order_relaxed) &&
      n >= g_min_bytes.load(std::memory_order_relaxed)) {
    g_failed.fetch_add(1, std::memory_order_relaxed);
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

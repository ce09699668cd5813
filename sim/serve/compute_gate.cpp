#include "sim/serve/compute_gate.h"

#include <algorithm>

namespace akichi::sim::serve {

namespace {
/// The pass the calling thread holds, if any (the innermost one).
thread_local ComputeGate::Pass* current_pass = nullptr;
}  // namespace

ComputeGate::ComputeGate(unsigned slots) : slots_(std::max(1u, slots)) {}

ComputeGate::Pass::Pass(ComputeGate& gate) : gate_(gate), outer_(current_pass) {
  gate_.enter();
  current_pass = this;
}

ComputeGate::Pass::~Pass() {
  release();
  current_pass = outer_;
  gate_.in_flight_.fetch_sub(1, std::memory_order_relaxed);
}

void ComputeGate::Pass::release() {
  if (!held_) return;
  held_ = false;
  gate_.leave();
}

void ComputeGate::release_current() {
  if (current_pass != nullptr) current_pass->release();
}

unsigned ComputeGate::busy() const {
  const std::lock_guard lock(m_);
  return busy_;
}

std::size_t ComputeGate::waiting() const {
  const std::lock_guard lock(m_);
  return queue_.size();
}

std::size_t ComputeGate::in_flight() const {
  return in_flight_.load(std::memory_order_relaxed);
}

bool ComputeGate::crowded(unsigned computing) const {
  return in_flight_.load(std::memory_order_relaxed) >= computing;
}

void ComputeGate::enter() {
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  std::unique_lock lock(m_);
  if (busy_ < slots_ && queue_.empty()) {
    ++busy_;
    return;
  }
  Waiter w;
  queue_.push_back(&w);
  w.cv.wait(lock, [&] { return w.admitted; });
}

void ComputeGate::leave() {
  const std::lock_guard lock(m_);
  if (queue_.empty()) {
    --busy_;
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;  // the slot passes to it: busy_ stays
  // Notified under the lock: the waiter cannot see `admitted`, return and end its Waiter
  // before this call is done with it.
  next->cv.notify_one();
}

}  // namespace akichi::sim::serve

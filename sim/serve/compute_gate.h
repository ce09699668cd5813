// Admission of a server's requests to the cores: first come, first served, a few at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace akichi::sim::serve {

/// First come, first served admission of requests to the computation: at most `slots` at once,
/// in the order they arrived. The HTTP library serves each connection on a thread of its own;
/// letting dozens of them compute at once on a few cores shares the cores out in time slices,
/// so every request takes as long as the slowest (processor sharing). In arrival order, a
/// request waits for those before it and then runs at full speed. A request leaving hands its
/// slot to the first in the queue and wakes that one only: waking every waiter to let one in
/// (a shared condition variable) cost each request as many context switches as there were
/// clients waiting.
///
/// A request that is left only with waiting (a write waiting for its durability: the sync of
/// the database's log, shared by every write committed meanwhile) gives its slot up with
/// release_current(), so the cores compute the next request in the meantime rather than wait
/// with it.
class ComputeGate {
 public:
  explicit ComputeGate(unsigned slots);
  ComputeGate(const ComputeGate&) = delete;
  ComputeGate& operator=(const ComputeGate&) = delete;

  /// One slot, held from construction (after waiting for its turn) until release() or the
  /// end of the Pass. While it is held, it is the calling thread's current pass.
  class Pass {
   public:
    explicit Pass(ComputeGate& gate);
    ~Pass();
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    /// Gives the slot up; a second call does nothing.
    void release();

   private:
    ComputeGate& gate_;
    Pass* outer_;  ///< the thread's current pass before this one
    bool held_ = true;
  };

  /// Gives up the slot of the calling thread's current pass, if it has one: the rest of its
  /// request computes nothing worth holding a core for. Without a pass (a command, a test of
  /// the service alone) it does nothing.
  static void release_current();

  /// Slots held now, requests waiting for one, and passes not yet ended (holding a slot,
  /// waiting for one, or released with their request still in flight).
  unsigned busy() const;
  std::size_t waiting() const;
  std::size_t in_flight() const;
  /// Whether the cores are all taken: `computing` requests or more in flight (one atomic load,
  /// without the gate's lock, which every request already takes twice). A request that gave its
  /// slot up to wait for its write's sync still counts: it will compute its answer's text after the
  /// wait, and on a server whose writers come and go the slots alone would say "free" half of the
  /// time.
  bool crowded(unsigned computing) const;

 private:
  /// A request in the queue, on its own thread's stack.
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };
  void enter();
  void leave();

  const unsigned slots_;
  mutable std::mutex m_;
  std::deque<Waiter*> queue_;  ///< in arrival order
  unsigned busy_ = 0;
  std::atomic<std::size_t> in_flight_{0};  ///< passes constructed and not yet destroyed
};

}  // namespace akichi::sim::serve

// The server's admission of requests to the cores: at most its slots at once, in arrival
// order, and a slot given up by a request that is left only with waiting.
#include "sim/serve/compute_gate.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace akichi::sim::serve::compute_gate_test {

/// Waits (up to 10 s) until `pred` holds.
template <class Pred>
bool eventually(Pred pred) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

TEST(ComputeGate, NeverMoreThanItsSlotsAtOnce) {
  ComputeGate gate(3);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        const ComputeGate::Pass pass(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        --inside;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_GT(most.load(), 1);
  EXPECT_EQ(gate.busy(), 0u);
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(ComputeGate, AdmitsInArrivalOrder) {
  ComputeGate gate(1);
  std::mutex m;
  std::vector<int> order;
  std::vector<std::thread> threads;
  {
    const ComputeGate::Pass first(gate);
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        const ComputeGate::Pass pass(gate);
        const std::lock_guard lock(m);
        order.push_back(t);
      });
      // The next arrives only once this one waits in the queue.
      ASSERT_TRUE(eventually([&] { return gate.waiting() == static_cast<std::size_t>(t + 1); }));
    }
    EXPECT_EQ(gate.busy(), 1u);
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(ComputeGate, ReleaseCurrentLetsTheNextRequestInWhileThisOneWaits) {
  ComputeGate gate(1);
  std::atomic<bool> released{false}, done_waiting{false};
  std::thread writer([&] {
    const ComputeGate::Pass pass(gate);
    // Left with waiting (a write's durability): the slot goes to the next request.
    ComputeGate::release_current();
    ComputeGate::release_current();  // a second call does nothing
    released = true;
    ASSERT_TRUE(eventually([&] { return done_waiting.load(); }));
  });  // its pass ends here without leaving twice
  ASSERT_TRUE(eventually([&] { return released.load(); }));
  {
    // Admitted at once although the writer's pass still exists.
    const ComputeGate::Pass next(gate);
    EXPECT_EQ(gate.busy(), 1u);
    done_waiting = true;
    writer.join();
    EXPECT_EQ(gate.busy(), 1u);
  }
  EXPECT_EQ(gate.busy(), 0u);
}

TEST(ComputeGate, ReleaseCurrentWithoutAPassDoesNothing) {
  ComputeGate gate(2);
  ComputeGate::release_current();
  const ComputeGate::Pass a(gate);
  {
    const ComputeGate::Pass b(gate);
    EXPECT_EQ(gate.busy(), 2u);
    ComputeGate::release_current();  // the innermost pass: b's
    EXPECT_EQ(gate.busy(), 1u);
  }
  // a is the thread's current pass again.
  ComputeGate::release_current();
  EXPECT_EQ(gate.busy(), 0u);
}

TEST(ComputeGate, ARequestWaitingForItsSyncStillCrowdsTheCores) {
  ComputeGate gate(4);
  EXPECT_FALSE(gate.crowded(2));
  {
    ComputeGate::Pass a(gate);
    EXPECT_EQ(gate.in_flight(), 1u);
    EXPECT_FALSE(gate.crowded(2));  // one request on two cores: its loops may use both
    ComputeGate::Pass b(gate);
    EXPECT_TRUE(gate.crowded(2));
    a.release();  // a waits for its write's sync: no slot, but still in flight
    EXPECT_EQ(gate.busy(), 1u);
    EXPECT_EQ(gate.in_flight(), 2u);
    EXPECT_TRUE(gate.crowded(2));
  }
  EXPECT_EQ(gate.in_flight(), 0u);
  EXPECT_FALSE(gate.crowded(1));
}

}  // namespace akichi::sim::serve::compute_gate_test

// Allocation-failure injection for the failure-policy tests. failing_new.cpp replaces the global
// operator new of the akichi_failure_tests executable (and of no other): while armed, every
// allocation of at least `min_bytes` made by a thread inside an InModel scope throws
// std::bad_alloc.
#pragma once

#include <cstddef>

namespace akichi::test {

/// Arms the injection: allocations of at least `min_bytes` inside InModel scopes fail. Resets
/// the count of injected failures.
void arm_failing_new(std::size_t min_bytes);
/// Disarms it.
void disarm_failing_new();
/// Allocations made to fail since the last arm_failing_new().
int failed_allocations();

/// Marks the calling thread as evaluating a model while it lives (scopes nest).
class InModel {
 public:
  InModel();
  ~InModel();
  InModel(const InModel&) = delete;
  InModel& operator=(const InModel&) = delete;
};

}  // namespace akichi::test

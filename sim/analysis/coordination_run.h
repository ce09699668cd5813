// [coordination]: the allocation of the protected receivers' margins among the planned base
// stations (the applicants), by the method the scenario names (sim/analysis/allocation.h), over
// the terms of the aggregate (sim/analysis/sharing_run.h).
#pragma once

#include "sim/analysis/allocation.h"
#include "sim/scenario/coordination_spec.h"

namespace akichi::sim {

struct CoordinationRun {
  bool done = false;
  /// The allocation's input: applicants = the planned stations in their order, receivers = the
  /// aggregate's, channels = the aggregate's (the plan's, or the stations' own bands).
  AllocationInput input;
  /// Granted EIRP and channel per applicant, the receivers that bound it, the aggregate and
  /// margin per receiver after the allocation, the convergence record. For move_list: granted
  /// at the requested EIRP (capped at the system maximum) unless on a move list, and bound by
  /// the receivers whose move list it is on.
  AllocationResult allocation;
  MoveListResult moves;  ///< move_list only
};

/// Runs the method of `spec` on `in` (its couplings, limits, requested EIRPs and channels). The
/// move lists' trials are shared out by `share` (nullptr: all run here; move_lists()).
CoordinationRun run_coordination(const CoordinationSpec& spec, AllocationInput in,
                                 const MonteCarloShare* share = nullptr);

}  // namespace akichi::sim

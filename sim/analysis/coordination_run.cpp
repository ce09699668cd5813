#include "sim/analysis/coordination_run.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace akichi::sim {

CoordinationRun run_coordination(const CoordinationSpec& spec, AllocationInput in,
                                 const MonteCarloShare* share) {
  CoordinationRun run;
  in.max_eirp_dBm = spec.max_eirp_dBm;
  in.min_eirp_dBm = spec.min_eirp_dBm;
  run.input = std::move(in);
  const AllocationInput& a = run.input;
  switch (spec.method) {
    case CoordinationSpec::Method::Fcfs:
      run.allocation = allocate_fcfs(a, spec.order);
      break;
    case CoordinationSpec::Method::Iterative:
      run.allocation = allocate_iterative(a, spec.step_dB);
      break;
    case CoordinationSpec::Method::ChannelAssignment:
      run.allocation = assign_channels(a);
      break;
    case CoordinationSpec::Method::MoveList: {
      // Every applicant at its requested EIRP (within the system maximum) on its channel; the
      // move lists say who must leave for the percentile to keep under each limit.
      std::vector<double> eirp(a.n_applicants);
      for (std::size_t i = 0; i < a.n_applicants; ++i)
        eirp[i] = std::min(a.requested_eirp_dBm[i], a.max_eirp_dBm);
      MoveListSettings s;
      s.percentile = spec.percentile;
      s.trials = spec.trials;
      s.seed = spec.seed;
      s.sigma_dB = spec.shadowing_sigma_dB;
      run.moves = move_lists(a, eirp, a.channel, s, share);
      AllocationResult& r = run.allocation;
      const std::size_t na = a.n_applicants, nr = a.n_receivers;
      r.granted.assign(na, 0);
      r.eirp_dBm.assign(na, -std::numeric_limits<double>::infinity());
      r.channel = a.channel;
      r.reaches.assign(na * nr, 0);
      r.bound_by.assign(na * nr, 0);
      for (std::size_t i = 0; i < na; ++i) {
        for (std::size_t k = 0; k < nr; ++k) {
          const std::uint8_t st = run.moves.status[k * na + i];
          r.reaches[i * nr + k] = st != 0 ? 1 : 0;
          r.bound_by[i * nr + k] = st == 2 ? 1 : 0;
        }
        if (run.moves.on_a_move_list[i]) continue;
        r.granted[i] = 1;
        r.eirp_dBm[i] = eirp[i];
      }
      r.aggregate_dBm = aggregate_after(a, r);
      r.margin_dB.resize(nr);
      for (std::size_t k = 0; k < nr; ++k) r.margin_dB[k] = a.limit_dBm[k] - r.aggregate_dBm[k];
      // One step: every receiver's move list is found at once.
      AllocationStep step;
      step.settled = na;
      step.min_margin_dB = r.margin_dB.empty()
                               ? std::numeric_limits<double>::infinity()
                               : *std::min_element(r.margin_dB.begin(), r.margin_dB.end());
      r.steps.push_back(step);
      break;
    }
  }
  run.done = true;
  return run;
}

}  // namespace akichi::sim

// Allocation of the interference margin of protected receivers among many applicants for local
// 5G grants (the operation-coordination part of the sharing system):
//   - first come, first served (the live engine's rule, sim/live/live_engine.h judge_grant());
//   - iterative fair sharing in the manner of the CBRS iterative allocation process (IAP,
//     WInnForum WINNF-TS-0061 / R2-SGN-16);
//   - move lists in the manner of the DPA move list (WInnForum WINNF-TS-0112 / R2-SGN-24);
//   - channel assignment (a greedy ordering checked against exhaustive search).
//
// The input is reduced to what the rules need: per applicant the requested EIRP and channel,
// per protected receiver its interference limit and what already reaches it, and the coupling
// of every applicant into every receiver on every channel, c_ar(k) = I_r / EIRP_a in dB: the
// same terms as the mean-power aggregate (sim/analysis/sharing_run.h: EIRP - G_max + G_tx + K -
// feeder - C(k -> r) + T), less the EIRP, so that an applicant's contribution at r is
// EIRP_a + c_ar(k). A contribution scales with its EIRP; the others' do not.
//
// Every applicant and receiver is taken on the air at once (a schedule is not a reason to share
// less: the live engine's worst slot when all are always on).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace akichi::sim {

class MonteCarloShare;  // sim/analysis/montecarlo.h

/// A contribution more than this below a receiver's limit (1/1000 of its power) does not reach
/// the receiver: the receiver is left out of that applicant's judgement (the live engine's rule;
/// sim/live/live_engine.cpp explains why).
constexpr double kNegligibleBelowLimit_dB = 30.0;

/// A margin down to -kAllocationTolerance_dB passes (the live engine's tolerance: couplings are
/// float32 tensors, so an EIRP computed to fit exactly is judged a few 1e-6 dB away).
constexpr double kAllocationTolerance_dB = 1e-4;

/// The highest EIRP (dBm) that keeps `others_mW + (EIRP + coupling_dB)` at or under `limit_mW`:
/// 10 log10(limit - others) - coupling; -inf when the others already fill the limit.
double room_eirp_dBm(double limit_mW, double others_mW, double coupling_dB);

struct AllocationInput {
  std::size_t n_applicants = 0, n_receivers = 0, n_channels = 1;
  std::vector<double> requested_eirp_dBm;  ///< [applicant]
  std::vector<std::size_t> channel;        ///< [applicant] the channel it asks for
  /// [receiver][channel][applicant] I at the receiver per dBm of EIRP (dB); -inf: no coupling.
  std::vector<double> coupling_dB;
  std::vector<double> limit_dBm;    ///< [receiver] interference limit I_lim
  std::vector<double> existing_mW;  ///< [receiver] interference already there; empty: none
  /// [applicant] probability of being on the air in a Monte Carlo trial (move lists); empty: 1.
  std::vector<double> activity;
  double max_eirp_dBm = std::numeric_limits<double>::infinity();  ///< system maximum (cap)
  /// Below this EIRP a grant is of no use: the applicant is denied.
  double min_eirp_dBm = -std::numeric_limits<double>::infinity();

  double coupling(std::size_t r, std::size_t k, std::size_t a) const {
    return coupling_dB[(r * n_channels + k) * n_applicants + a];
  }
};

/// One step of an iterative method: what was left to settle after it.
struct AllocationStep {
  std::size_t unsatisfied = 0;  ///< applicants not settled after the step
  std::size_t settled = 0;      ///< applicants settled in the step (granted or denied)
  double min_margin_dB = 0;     ///< least margin over the receivers after the step's grants
};

struct AllocationResult {
  std::vector<std::uint8_t> granted;   ///< [applicant]
  std::vector<double> eirp_dBm;        ///< [applicant] granted EIRP; -inf when denied
  std::vector<std::size_t> channel;    ///< [applicant] granted (or asked) channel
  std::vector<std::uint8_t> reaches;   ///< [applicant][receiver] 1: the applicant reaches it
  std::vector<std::uint8_t> bound_by;  ///< [applicant][receiver] 1: it bound the EIRP
  std::vector<double> aggregate_dBm;   ///< [receiver] after the allocation (existing included)
  std::vector<double> margin_dB;       ///< [receiver] limit - aggregate
  std::vector<AllocationStep> steps;   ///< the convergence record
};

/// First come, first served in `order` (indices of applicants; empty: 0, 1, ...): each applicant
/// gets the highest EIRP <= min(requested, max_eirp) that keeps every receiver it reaches at or
/// under its limit, given the existing interference and the grants before it (all of their
/// contributions, reaching or not); denied when that is below min_eirp (or -inf). The request is
/// granted as asked when its margins pass within kAllocationTolerance_dB. This is the live
/// engine's judge_grant() applied in turn, its grantable EIRP taken when the request fails.
/// One step is recorded per applicant.
AllocationResult allocate_fcfs(const AllocationInput& in, const std::vector<std::size_t>& order);

/// Iterative fair sharing in the manner of the CBRS IAP (WINNF-TS-0061 V1.0.0 §4, "Iterative
/// Allocation Process", R2-SGN-16; reference model iap.py, iapPointConstraint): at each step,
/// every receiver's quota (limit - existing - the contributions of applicants already settled
/// and of those that do not reach it, at their requested EIRP) is split in equal shares among
/// the unsettled applicants that reach it; an unsettled applicant whose contribution at its
/// current EIRP is at most its share at every receiver it reaches is settled (granted at that
/// EIRP), the others' EIRPs are cut by `step_dB`; an applicant cut below min_eirp is denied and
/// settles with no contribution. A settled applicant's unused share returns to the quota, so the
/// shares of the next step grow. It stops when every applicant is settled. As each settled
/// contribution is at most its share, no receiver ends over its limit (unless the existing
/// interference alone exceeds it). The applicants start at min(requested, max_eirp).
AllocationResult allocate_iterative(const AllocationInput& in, double step_dB = 1.0);

struct MoveListSettings {
  double percentile = 95;  ///< of the Monte Carlo aggregate (R2-SGN-24: 95th)
  std::size_t trials = 1000;
  std::uint64_t seed = 1;
  double sigma_dB = 0;  ///< lognormal variability of every link
  /// With a MonteCarloShare: the receivers go in groups whose prefix sums (trials x applicants
  /// reaching them x 8 B) take at most this, each group two exchanges (at least one receiver).
  double shared_group_bytes = 1 << 30;
};

struct MoveListResult {
  /// [receiver][applicant]: 0 the applicant does not reach the receiver, 1 kept, 2 on its move
  /// list (to move channel or reduce power).
  std::vector<std::uint8_t> status;
  std::vector<std::size_t> kept, moved;  ///< [receiver] counts
  /// [receiver] the percentile of the aggregate of the kept applicants and of all reaching ones,
  /// dBm (existing interference included; -inf: none).
  std::vector<double> kept_percentile_dBm, all_percentile_dBm;
  std::vector<std::uint8_t> on_a_move_list;  ///< [applicant] on the move list of some receiver
};

/// Move lists in the manner of the DPA move list (WINNF-TS-0112 V1.4.1 R2-SGN-24; reference
/// model move_list.py, formInterferenceMatrix and find_nc): per receiver, the applicants that
/// reach it at `eirp_dBm` on `channel` are sorted by their median contribution (smallest first,
/// ties by index); their contributions are drawn over `trials` Monte Carlo trials
/// (sim/analysis/montecarlo.h: activity, lognormal variability; trial t of receiver r draws from
/// (seed + r, t) alone); the keep set is the longest prefix whose aggregate's percentile
/// (order statistic at floor((n - 1) p / 100), numpy's "lower") stays at or under the
/// receiver's room (limit - existing), found by binary search on the prefix length; the rest
/// is its move list. Receivers run in parallel (TBB); the result does not depend on threads.
/// With `share`, each receiver's trials are shared out among processes as the Monte Carlo's
/// (every process must call this with the same input, from the thread that may call the share):
/// the receivers go in groups, two exchanges of per-trial values per group, and the keep set is
/// found from the trials' fitting counts (allocation.cpp, shared_move_lists); the result is the
/// same bits for any number of processes.
MoveListResult move_lists(const AllocationInput& in, const std::vector<double>& eirp_dBm,
                          const std::vector<std::size_t>& channel, const MoveListSettings& s,
                          const MonteCarloShare* share = nullptr);

/// Channel assignment for a region: each applicant gets one channel of the plan (or none) so that
/// as many as possible are granted at their requested EIRP (within max_eirp) with every receiver
/// within its limit, all contributions counted (those that do not reach a receiver too). The
/// couplings c_ar(k) already hold the adjacent-channel coupling (ACIR) and the TDD correction of
/// each channel, so the synchronisation classes are respected through them (a synchronous pair of
/// base stations never collides: c = -inf). The problem is a multi-dimensional knapsack with a
/// choice per item (NP-hard); the heuristic is greedy: applicants by the least share of any
/// receiver's limit they take on their best channel, smallest first, each on the channel that
/// fits and takes the least share of what is left at any receiver (best fit), denied when no
/// channel fits. One step is recorded per applicant; bound_by marks, for a denied applicant,
/// the receivers that refuse it on the channel where it comes closest to fitting.
AllocationResult assign_channels(const AllocationInput& in);

/// The optimum of the same problem by exhaustive search over the (channels + 1)^applicants
/// assignments (ties: the first in lexicographic order of the channels, none last), for checking
/// the heuristic on small cases. Throws std::invalid_argument above 10^7 assignments.
AllocationResult assign_channels_exhaustive(const AllocationInput& in);

/// The aggregate at every receiver (dBm; existing included) of the applicants granted in `res`.
std::vector<double> aggregate_after(const AllocationInput& in, const AllocationResult& res);

}  // namespace akichi::sim

#include "sim/analysis/allocation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "sim/analysis/montecarlo.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void check_input(const AllocationInput& in) {
  const std::size_t na = in.n_applicants, nr = in.n_receivers, nc = in.n_channels;
  if (in.requested_eirp_dBm.size() != na || in.channel.size() != na ||
      in.coupling_dB.size() != nr * nc * na || in.limit_dBm.size() != nr ||
      (!in.existing_mW.empty() && in.existing_mW.size() != nr) ||
      (!in.activity.empty() && in.activity.size() != na))
    throw std::invalid_argument("allocation: input array sizes");
  for (std::size_t k : in.channel)
    if (k >= nc) throw std::invalid_argument("allocation: channel index");
}

double existing(const AllocationInput& in, std::size_t r) {
  return in.existing_mW.empty() ? 0.0 : in.existing_mW[r];
}

/// Whether a contribution of `c_dBm` reaches a receiver whose limit is `limit_dBm`.
bool reaches(double c_dBm, double limit_dBm) {
  return c_dBm != -kInf && c_dBm >= limit_dBm - kNegligibleBelowLimit_dB;
}

double least_margin(const AllocationInput& in, const std::vector<double>& agg_mW) {
  double m = kInf;
  for (std::size_t r = 0; r < in.n_receivers; ++r)
    m = std::min(m, in.limit_dBm[r] - mw_to_dbm(agg_mW[r]));
  return m;
}

AllocationResult empty_result(const AllocationInput& in) {
  AllocationResult res;
  const std::size_t na = in.n_applicants, nr = in.n_receivers;
  res.granted.assign(na, 0);
  res.eirp_dBm.assign(na, -kInf);
  res.channel = in.channel;
  res.reaches.assign(na * nr, 0);
  res.bound_by.assign(na * nr, 0);
  return res;
}

void finish(const AllocationInput& in, AllocationResult& res) {
  res.aggregate_dBm = aggregate_after(in, res);
  res.margin_dB.resize(in.n_receivers);
  for (std::size_t r = 0; r < in.n_receivers; ++r)
    res.margin_dB[r] = in.limit_dBm[r] - res.aggregate_dBm[r];
}

/// Order statistic at floor((n - 1) q / 100) of v (numpy's percentile, interpolation "lower",
/// as move_list.py takes it); v is reordered.
double percentile_lower(std::vector<double>& v, double q) {
  const auto h =
      static_cast<std::size_t>(std::floor(static_cast<double>(v.size() - 1) * q / 100.0));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  return v[h];
}

}  // namespace

double room_eirp_dBm(double limit_mW, double others_mW, double coupling_dB) {
  const double room = limit_mW - others_mW;
  return room > 0.0 ? mw_to_dbm(room) - coupling_dB : -kInf;
}

std::vector<double> aggregate_after(const AllocationInput& in, const AllocationResult& res) {
  std::vector<double> out(in.n_receivers);
  for (std::size_t r = 0; r < in.n_receivers; ++r) {
    double mw = existing(in, r);
    for (std::size_t a = 0; a < in.n_applicants; ++a) {
      if (!res.granted[a]) continue;
      const double c = in.coupling(r, res.channel[a], a);
      if (c != -kInf) mw += dbm_to_mw(res.eirp_dBm[a] + c);
    }
    out[r] = mw_to_dbm(mw);
  }
  return out;
}

AllocationResult allocate_fcfs(const AllocationInput& in,
                               const std::vector<std::size_t>& order_in) {
  check_input(in);
  const std::size_t na = in.n_applicants, nr = in.n_receivers;
  std::vector<std::size_t> order = order_in;
  if (order.empty()) {
    order.resize(na);
    std::iota(order.begin(), order.end(), std::size_t{0});
  }
  if (order.size() != na) throw std::invalid_argument("allocate_fcfs: order size");
  AllocationResult res = empty_result(in);
  std::vector<double> agg_mW(nr);
  for (std::size_t r = 0; r < nr; ++r) agg_mW[r] = existing(in, r);
  std::vector<double> room(nr, kInf);
  for (const std::size_t a : order) {
    if (a >= na) throw std::invalid_argument("allocate_fcfs: order index");
    const std::size_t k = in.channel[a];
    const double asked = in.requested_eirp_dBm[a];
    // The live engine's judge_grant(): the request as asked passes when it is within the
    // system maximum and every receiver it reaches keeps its margin; otherwise its grantable
    // EIRP is the least of the maximum and every reached receiver's room.
    bool ok = asked <= in.max_eirp_dBm + kAllocationTolerance_dB;
    double grantable = in.max_eirp_dBm;
    for (std::size_t r = 0; r < nr; ++r) {
      room[r] = kInf;
      const double cpl = in.coupling(r, k, a);
      const double c = asked + cpl;
      if (!reaches(c, in.limit_dBm[r])) continue;
      res.reaches[a * nr + r] = 1;
      const double agg = mw_to_dbm(agg_mW[r] + dbm_to_mw(c));
      if (in.limit_dBm[r] - agg < -kAllocationTolerance_dB) ok = false;
      room[r] = room_eirp_dBm(dbm_to_mw(in.limit_dBm[r]), agg_mW[r], cpl);
      grantable = std::min(grantable, room[r]);
    }
    double eirp = asked;
    if (!ok) {
      eirp = grantable;
      // The receivers whose room sets the EIRP (or, denied, those with less room than the
      // least useful EIRP).
      const double bound = std::max(grantable, in.min_eirp_dBm);
      for (std::size_t r = 0; r < nr; ++r)
        if (room[r] != kInf && room[r] <= bound + kAllocationTolerance_dB)
          res.bound_by[a * nr + r] = 1;
    }
    const bool granted = ok || eirp >= in.min_eirp_dBm;
    AllocationStep step;
    step.settled = 1;
    if (granted) {
      res.granted[a] = 1;
      res.eirp_dBm[a] = eirp;
      for (std::size_t r = 0; r < nr; ++r) {
        const double cpl = in.coupling(r, k, a);
        if (cpl != -kInf) agg_mW[r] += dbm_to_mw(eirp + cpl);
      }
    }
    step.unsatisfied = na - res.steps.size() - 1;
    step.min_margin_dB = least_margin(in, agg_mW);
    res.steps.push_back(step);
  }
  finish(in, res);
  return res;
}

AllocationResult allocate_iterative(const AllocationInput& in, double step_dB) {
  check_input(in);
  if (!(step_dB > 0) || !std::isfinite(in.min_eirp_dBm))
    throw std::invalid_argument("allocate_iterative: step_dB > 0 and a finite min_eirp_dBm");
  const std::size_t na = in.n_applicants, nr = in.n_receivers;
  AllocationResult res = empty_result(in);
  std::vector<double> eirp(na);
  for (std::size_t a = 0; a < na; ++a)
    eirp[a] = std::min(in.requested_eirp_dBm[a], in.max_eirp_dBm);

  // The receivers each applicant reaches (at its starting EIRP), with its couplings; the
  // quota of each receiver: its limit less the existing interference and the contributions of
  // the applicants that do not reach it, counted at their starting EIRP (they may only fall).
  std::vector<std::vector<std::pair<std::size_t, double>>> reach(na);
  std::vector<double> quota_mW(nr);
  std::vector<std::size_t> unsettled_at(nr, 0);
  for (std::size_t r = 0; r < nr; ++r) quota_mW[r] = dbm_to_mw(in.limit_dBm[r]) - existing(in, r);
  for (std::size_t a = 0; a < na; ++a) {
    for (std::size_t r = 0; r < nr; ++r) {
      const double cpl = in.coupling(r, in.channel[a], a);
      if (cpl == -kInf) continue;
      if (reaches(eirp[a] + cpl, in.limit_dBm[r])) {
        reach[a].emplace_back(r, cpl);
        res.reaches[a * nr + r] = 1;
        ++unsettled_at[r];
      } else {
        quota_mW[r] -= dbm_to_mw(eirp[a] + cpl);
      }
    }
  }

  std::vector<std::uint8_t> settled(na, 0);
  std::size_t unsettled = na;
  std::vector<double> share_dBm(nr);
  std::vector<std::size_t> newly;
  std::vector<double> agg_mW(nr);
  while (unsettled > 0) {
    // Equal shares of each receiver's quota among its unsettled applicants (R2-SGN-16: the
    // fair share is recomputed once per pass, after the satisfied grants have left).
    for (std::size_t r = 0; r < nr; ++r) {
      share_dBm[r] = unsettled_at[r] == 0 || quota_mW[r] <= 0.0
                         ? -kInf
                         : mw_to_dbm(quota_mW[r] / static_cast<double>(unsettled_at[r]));
    }
    newly.clear();
    AllocationStep step;
    for (std::size_t a = 0; a < na; ++a) {
      if (settled[a]) continue;
      bool fits = true;
      for (const auto& [r, cpl] : reach[a])
        if (eirp[a] + cpl > share_dBm[r] + kAllocationTolerance_dB) fits = false;
      if (fits) {
        res.granted[a] = 1;
        res.eirp_dBm[a] = eirp[a];
        newly.push_back(a);
        continue;
      }
      // The receivers that refuse this EIRP bind the applicant (the last ones that did).
      for (const auto& [r, cpl] : reach[a])
        res.bound_by[a * nr + r] = eirp[a] + cpl > share_dBm[r] + kAllocationTolerance_dB ? 1 : 0;
      eirp[a] -= step_dB;
      if (eirp[a] < in.min_eirp_dBm) newly.push_back(a);  // denied: no use below the minimum
    }
    // Settled grants take their contribution from the quota; the rest of their share is
    // released to the others at the next pass.
    for (const std::size_t a : newly) {
      settled[a] = 1;
      --unsettled;
      for (const auto& [r, cpl] : reach[a]) {
        --unsettled_at[r];
        if (res.granted[a]) quota_mW[r] -= dbm_to_mw(eirp[a] + cpl);
      }
    }
    step.settled = newly.size();
    step.unsatisfied = unsettled;
    const std::vector<double> agg = aggregate_after(in, res);
    for (std::size_t r = 0; r < nr; ++r) agg_mW[r] = dbm_to_mw(agg[r]);
    step.min_margin_dB = least_margin(in, agg_mW);
    res.steps.push_back(step);
  }
  finish(in, res);
  return res;
}

namespace {

/// x[a][k][r] = the share of receiver r's room (limit - existing, mW) that applicant a takes on
/// channel k at its EIRP; +inf where the room is none and the contribution is not.
std::vector<double> shares(const AllocationInput& in, std::vector<double>& room_mW) {
  const std::size_t na = in.n_applicants, nr = in.n_receivers, nc = in.n_channels;
  room_mW.resize(nr);
  for (std::size_t r = 0; r < nr; ++r) room_mW[r] = dbm_to_mw(in.limit_dBm[r]) - existing(in, r);
  std::vector<double> x(na * nc * nr, 0.0);
  for (std::size_t a = 0; a < na; ++a) {
    const double e = std::min(in.requested_eirp_dBm[a], in.max_eirp_dBm);
    for (std::size_t k = 0; k < nc; ++k) {
      for (std::size_t r = 0; r < nr; ++r) {
        const double c = in.coupling(r, k, a);
        if (c == -kInf) continue;
        const double mw = dbm_to_mw(e + c);
        x[(a * nc + k) * nr + r] = room_mW[r] > 0.0 ? mw / room_mW[r] : kInf;
      }
    }
  }
  return x;
}

/// Fills res for the assignment `chosen` ([applicant]: channel, or n_channels for none).
AllocationResult assignment_result(const AllocationInput& in,
                                   const std::vector<std::size_t>& chosen,
                                   std::vector<AllocationStep> steps) {
  AllocationResult res = empty_result(in);
  for (std::size_t a = 0; a < in.n_applicants; ++a) {
    const std::size_t k = chosen[a] < in.n_channels ? chosen[a] : in.channel[a];
    for (std::size_t r = 0; r < in.n_receivers; ++r) {
      const double c = in.coupling(r, k, a);
      res.reaches[a * in.n_receivers + r] = reaches(in.requested_eirp_dBm[a] + c, in.limit_dBm[r]);
    }
    if (chosen[a] >= in.n_channels) continue;
    res.granted[a] = 1;
    res.channel[a] = chosen[a];
    res.eirp_dBm[a] = std::min(in.requested_eirp_dBm[a], in.max_eirp_dBm);
  }
  res.steps = std::move(steps);
  finish(in, res);
  return res;
}

/// Whether adding share x (over the receivers) to `used` keeps every receiver within its room.
bool fits(const double* x, const std::vector<double>& used) {
  for (std::size_t r = 0; r < used.size(); ++r)
    if (x[r] > 0.0 && used[r] + x[r] > 1.0 + 1e-12) return false;
  return true;
}

}  // namespace

AllocationResult assign_channels(const AllocationInput& in) {
  check_input(in);
  const std::size_t na = in.n_applicants, nr = in.n_receivers, nc = in.n_channels;
  std::vector<double> room_mW;
  const std::vector<double> x = shares(in, room_mW);
  const auto at = [&](std::size_t a, std::size_t k) { return x.data() + (a * nc + k) * nr; };
  // The least share of any receiver an applicant takes on its best channel: smallest first.
  std::vector<double> need(na, kInf);
  for (std::size_t a = 0; a < na; ++a) {
    for (std::size_t k = 0; k < nc; ++k) {
      const double* xa = at(a, k);
      need[a] = std::min(need[a], *std::max_element(xa, xa + nr));
    }
  }
  std::vector<std::size_t> order(na);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t p, std::size_t q) { return need[p] < need[q]; });
  std::vector<double> used(nr, 0.0);
  std::vector<std::size_t> chosen(na, nc);
  std::vector<AllocationStep> steps;
  std::vector<std::uint8_t> refused(na * nr, 0);
  for (const std::size_t a : order) {
    // Best fit: the channel whose largest share of the room left at any receiver is least.
    double best = kInf, closest = kInf;
    std::size_t best_k = nc, closest_k = 0;
    for (std::size_t k = 0; k < nc; ++k) {
      const double* xa = at(a, k);
      double worst = 0.0, over = 0.0;
      for (std::size_t r = 0; r < nr; ++r) {
        if (xa[r] <= 0.0) continue;
        const double left = 1.0 - used[r];
        worst = std::max(worst, left > 0.0 ? xa[r] / left : kInf);
        over = std::max(over, used[r] + xa[r]);
      }
      if (fits(xa, used) && worst < best) {
        best = worst;
        best_k = k;
      }
      if (over < closest) {
        closest = over;
        closest_k = k;
      }
    }
    if (best_k < nc) {
      chosen[a] = best_k;
      const double* xa = at(a, best_k);
      for (std::size_t r = 0; r < nr; ++r) used[r] += xa[r];
    } else {
      const double* xa = at(a, closest_k);
      for (std::size_t r = 0; r < nr; ++r)
        refused[a * nr + r] = xa[r] > 0.0 && used[r] + xa[r] > 1.0 + 1e-12 ? 1 : 0;
    }
    AllocationStep step;
    step.settled = 1;
    step.unsatisfied = na - steps.size() - 1;
    double m = kInf;
    for (std::size_t r = 0; r < nr; ++r)
      m = std::min(m, in.limit_dBm[r] - mw_to_dbm(existing(in, r) + used[r] * room_mW[r]));
    step.min_margin_dB = m;
    steps.push_back(step);
  }
  AllocationResult res = assignment_result(in, chosen, std::move(steps));
  res.bound_by = std::move(refused);
  return res;
}

AllocationResult assign_channels_exhaustive(const AllocationInput& in) {
  check_input(in);
  const std::size_t na = in.n_applicants, nr = in.n_receivers, nc = in.n_channels;
  if (std::pow(static_cast<double>(nc + 1), static_cast<double>(na)) > 1e7)
    throw std::invalid_argument("assign_channels_exhaustive: more than 10^7 assignments");
  std::vector<double> room_mW;
  const std::vector<double> x = shares(in, room_mW);
  std::vector<std::size_t> cur(na, 0), best(na, nc);
  std::size_t best_n = 0;
  std::vector<double> used(nr);
  // Every assignment in lexicographic order (channel 0 first, none = nc last).
  while (true) {
    std::fill(used.begin(), used.end(), 0.0);
    std::size_t n = 0;
    bool ok = true;
    for (std::size_t a = 0; a < na && ok; ++a) {
      if (cur[a] == nc) continue;
      ++n;
      const double* xa = x.data() + (a * nc + cur[a]) * nr;
      for (std::size_t r = 0; r < nr; ++r) used[r] += xa[r];
    }
    for (std::size_t r = 0; r < nr; ++r)
      if (used[r] > 1.0 + 1e-12) ok = false;
    if (ok && n > best_n) {
      best_n = n;
      best = cur;
    }
    std::size_t i = na;
    while (i > 0 && cur[i - 1] == nc) cur[--i] = 0;
    if (i == 0) break;
    ++cur[i - 1];
  }
  return assignment_result(in, best, {});
}

namespace {

/// The applicants that reach receiver r at `eirp_dBm` on `channel`, by median contribution,
/// smallest first (move_list.py sorts its grants so, and moves the largest); ties by index.
std::vector<std::pair<double, std::size_t>> by_contribution(const AllocationInput& in,
                                                            const std::vector<double>& eirp_dBm,
                                                            const std::vector<std::size_t>& channel,
                                                            std::size_t r) {
  std::vector<std::pair<double, std::size_t>> by_level;
  for (std::size_t a = 0; a < in.n_applicants; ++a) {
    const double c = eirp_dBm[a] + in.coupling(r, channel[a], a);
    if (reaches(c, in.limit_dBm[r])) by_level.emplace_back(c, a);
  }
  std::sort(by_level.begin(), by_level.end());
  return by_level;
}

/// Trials [t0, t1) of receiver r's applicants `by_level` into `prefix` ([trial - t0][i]: the
/// aggregate of the first i + 1, existing interference included), TBB over the trials. Each
/// applicant is a target of one link, so that a trial gives every contribution on its own (the
/// matrix I of move_list.py, [trial][applicant]); trial t of receiver r draws from (seed + r, t).
void prefix_sums(const AllocationInput& in,
                 const std::vector<std::pair<double, std::size_t>>& by_level,
                 const MoveListSettings& s, std::size_t r, std::size_t t0, std::size_t t1,
                 std::vector<double>& prefix) {
  const std::size_t n = by_level.size();
  MonteCarloInput mc;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t a = by_level[i].second;
    mc.source_activity.push_back(in.activity.empty() ? 1.0 : in.activity[a]);
    mc.add_target(0, 0.0, 0.0, 0.0);
    mc.add_link(static_cast<std::uint32_t>(i), by_level[i].first, 1.0, s.sigma_dB);
  }
  const double base_mW = existing(in, r);
  prefix.resize((t1 - t0) * n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(t0, t1), [&](const auto& tr) {
    for (std::size_t t = tr.begin(); t != tr.end(); ++t) {
      const std::span<double> row(prefix.data() + (t - t0) * n, n);
      montecarlo_trial(mc, s.seed + r, t, row);
      double sum = base_mW;
      for (double& x : row) x = (sum += x);
    }
  });
}

/// Writes receiver r's outcome: `keep` of the applicants `by_level` kept, the percentiles of the
/// kept and of the whole set (mW).
void record(MoveListResult& res, std::size_t na, std::size_t r,
            const std::vector<std::pair<double, std::size_t>>& by_level, std::size_t keep,
            double kept_mW, double all_mW) {
  const std::size_t n = by_level.size();
  res.all_percentile_dBm[r] = mw_to_dbm(all_mW);
  res.kept_percentile_dBm[r] = mw_to_dbm(kept_mW);
  res.kept[r] = keep;
  res.moved[r] = n - keep;
  for (std::size_t i = 0; i < n; ++i) res.status[r * na + by_level[i].second] = i < keep ? 1 : 2;
}

/// Receivers [r0, r1) of move_lists() with their trials shared out by `share`, in two exchanges
/// for them all. The longest passing prefix comes from a count instead of the binary search:
/// each trial's prefix sums grow with the prefix, so in trial t the prefixes within the limit are
/// those of at most k_t applicants (k_t = -1 when the existing interference alone exceeds it);
/// the percentile of prefix m (the order statistic at h) is within the limit exactly when at
/// least h + 1 trials have k_t >= m, so the longest passing prefix is the order statistic of the
/// k_t at T - 1 - h, within [0, n] — the same comparisons of the same sums as the binary search,
/// so the same result. Exchanged: per trial, k_t and the whole set's sum; then the sum of the
/// kept prefix.
void shared_move_lists(const AllocationInput& in, const std::vector<double>& eirp_dBm,
                       const std::vector<std::size_t>& channel, const MoveListSettings& s,
                       const MonteCarloShare& share, std::size_t r0, std::size_t r1,
                       MoveListResult& res) {
  const std::size_t na = in.n_applicants, T = s.trials, nc = r1 - r0;
  const std::pair<std::size_t, std::size_t> part = share.mine(T);
  const std::size_t t0 = part.first, t1 = part.second;
  const auto h =
      static_cast<std::size_t>(std::floor(static_cast<double>(T - 1) * s.percentile / 100.0));
  std::vector<std::vector<std::pair<double, std::size_t>>> levels(nc);
  std::vector<std::vector<double>> prefix(nc);
  tbb::parallel_for(std::size_t{0}, nc, [&](std::size_t c) {
    levels[c] = by_contribution(in, eirp_dBm, channel, r0 + c);
    if (!levels[c].empty()) prefix_sums(in, levels[c], s, r0 + c, t0, t1, prefix[c]);
  });
  // [trial][receiver]: k_t and the whole set's aggregate, then the kept prefix's aggregate.
  std::vector<double> fit(T * 2 * nc), kept_sum(T * nc);
  for (std::size_t c = 0; c < nc; ++c) {
    const std::size_t n = levels[c].size();
    const double limit_mW = dbm_to_mw(in.limit_dBm[r0 + c]), base_mW = existing(in, r0 + c);
    for (std::size_t t = t0; t < t1; ++t) {
      const double* row = prefix[c].data() + (t - t0) * n;
      const double k = base_mW > limit_mW
                           ? -1.0
                           : static_cast<double>(std::upper_bound(row, row + n, limit_mW) - row);
      fit[t * 2 * nc + 2 * c] = k;
      fit[t * 2 * nc + 2 * c + 1] = n == 0 ? base_mW : row[n - 1];
    }
  }
  share.gather(fit, T, 2 * nc);
  std::vector<std::size_t> keep(nc);
  std::vector<double> all(nc), col(T);
  for (std::size_t c = 0; c < nc; ++c) {
    const std::size_t n = levels[c].size();
    for (std::size_t t = 0; t < T; ++t) col[t] = fit[t * 2 * nc + 2 * c + 1];
    all[c] = percentile_lower(col, s.percentile);
    keep[c] = n;
    if (all[c] > dbm_to_mw(in.limit_dBm[r0 + c])) {
      for (std::size_t t = 0; t < T; ++t) col[t] = fit[t * 2 * nc + 2 * c];
      std::nth_element(col.begin(), col.begin() + static_cast<std::ptrdiff_t>(T - 1 - h),
                       col.end());
      const double k = col[T - 1 - h];
      keep[c] = static_cast<std::size_t>(std::clamp(k, 0.0, static_cast<double>(n)));
    }
    for (std::size_t t = t0; t < t1; ++t) {
      kept_sum[t * nc + c] =
          keep[c] == 0 ? existing(in, r0 + c) : prefix[c][(t - t0) * n + keep[c] - 1];
    }
  }
  share.gather(kept_sum, T, nc);
  for (std::size_t c = 0; c < nc; ++c) {
    for (std::size_t t = 0; t < T; ++t) col[t] = kept_sum[t * nc + c];
    const double kept = keep[c] == levels[c].size() ? all[c] : percentile_lower(col, s.percentile);
    record(res, na, r0 + c, levels[c], keep[c], kept, all[c]);
  }
}

}  // namespace

MoveListResult move_lists(const AllocationInput& in, const std::vector<double>& eirp_dBm,
                          const std::vector<std::size_t>& channel, const MoveListSettings& s,
                          const MonteCarloShare* share) {
  check_input(in);
  const std::size_t na = in.n_applicants, nr = in.n_receivers;
  if (eirp_dBm.size() != na || channel.size() != na)
    throw std::invalid_argument("move_lists: eirp or channel size");
  if (s.trials == 0 || !(s.percentile >= 0 && s.percentile <= 100))
    throw std::invalid_argument("move_lists: trials > 0 and a percentile in [0, 100]");
  MoveListResult res;
  res.status.assign(nr * na, 0);
  res.kept.assign(nr, 0);
  res.moved.assign(nr, 0);
  res.kept_percentile_dBm.assign(nr, -kInf);
  res.all_percentile_dBm.assign(nr, -kInf);
  res.on_a_move_list.assign(na, 0);

  if (share != nullptr) {
    // The receivers in groups whose prefix sums (T x the applicants reaching them, 8 B each)
    // take at most s.shared_group_bytes, counted over all T trials so that every process forms
    // the same groups; two exchanges per group (a Comm is called from this thread only, in the
    // same order on every process).
    std::size_t r0 = 0;
    double bytes = 0;
    for (std::size_t r = 0; r < nr; ++r) {
      std::size_t n = 0;
      for (std::size_t a = 0; a < na; ++a)
        n += reaches(eirp_dBm[a] + in.coupling(r, channel[a], a), in.limit_dBm[r]) ? 1 : 0;
      const double b = 8.0 * static_cast<double>(s.trials) * static_cast<double>(n);
      if (r > r0 && bytes + b > s.shared_group_bytes) {
        shared_move_lists(in, eirp_dBm, channel, s, *share, r0, r, res);
        r0 = r;
        bytes = 0;
      }
      bytes += b;
    }
    if (r0 < nr) shared_move_lists(in, eirp_dBm, channel, s, *share, r0, nr, res);
  } else {
    // Receivers in parallel, each over its trials in parallel; per receiver find_nc of
    // move_list.py: all kept when the whole set passes, else binary search for the longest
    // passing prefix (the percentile grows with the prefix in every trial).
    tbb::parallel_for(std::size_t{0}, nr, [&](std::size_t r) {
      const std::vector<std::pair<double, std::size_t>> by_level =
          by_contribution(in, eirp_dBm, channel, r);
      const std::size_t n = by_level.size(), T = s.trials;
      const double limit_mW = dbm_to_mw(in.limit_dBm[r]), base_mW = existing(in, r);
      if (n == 0) {
        res.kept_percentile_dBm[r] = res.all_percentile_dBm[r] = mw_to_dbm(base_mW);
        return;
      }
      std::vector<double> prefix;
      prefix_sums(in, by_level, s, r, 0, T, prefix);
      std::vector<double> col(T);
      auto pct = [&](std::size_t m) {  // percentile of the aggregate of the first m
        for (std::size_t t = 0; t < T; ++t) col[t] = m == 0 ? base_mW : prefix[t * n + m - 1];
        return percentile_lower(col, s.percentile);
      };
      const double all = pct(n);
      std::size_t keep = n;
      double kept = all;
      if (all > limit_mW) {
        std::size_t lo = 0, hi = n;
        while (hi - lo > 1) {
          const std::size_t mid = lo + (hi - lo) / 2;
          if (pct(mid) > limit_mW)
            hi = mid;
          else
            lo = mid;
        }
        keep = lo;
        kept = pct(keep);
      }
      record(res, na, r, by_level, keep, kept, all);
    });
  }
  for (std::size_t r = 0; r < nr; ++r)
    for (std::size_t a = 0; a < na; ++a)
      if (res.status[r * na + a] == 2) res.on_a_move_list[a] = 1;
  return res;
}

}  // namespace akichi::sim

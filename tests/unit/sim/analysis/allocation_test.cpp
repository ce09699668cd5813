// The allocation methods (sim/analysis/allocation.h) on hand cases whose answers are worked out in
// the comments, and on invariants: no receiver over its limit after the iterative sharing,
// applicants with equal contributions get equal EIRPs, EIRPs that do not fall when the limits
// rise; the move lists against the closed form of equal interferers (σ = 0: floor(room / each)
// kept), their monotonicity in the limit and the percentile, and the same bits when their
// trials are shared among processes.
#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "sim/analysis/allocation.h"
#include "sim/analysis/montecarlo.h"

namespace akichi::sim::allocation_test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double mw(double dBm) {
  return std::pow(10.0, dBm / 10.0);
}
double dBm(double mW) {
  return 10.0 * std::log10(mW);
}

/// One channel; couplings [receiver][applicant].
AllocationInput make_input(std::vector<double> limits, std::vector<std::vector<double>> coupling,
                           std::vector<double> requested, double min_eirp = 0.0) {
  AllocationInput in;
  in.n_receivers = limits.size();
  in.n_applicants = requested.size();
  in.limit_dBm = std::move(limits);
  in.requested_eirp_dBm = std::move(requested);
  in.channel.assign(in.n_applicants, 0);
  for (const auto& row : coupling)
    in.coupling_dB.insert(in.coupling_dB.end(), row.begin(), row.end());
  in.min_eirp_dBm = min_eirp;
  return in;
}

TEST(Allocation, FcfsFirstTakesTheWholeMarginTheSecondIsDenied) {
  // One receiver at -100 dBm; two applicants at 30 dBm with coupling -130 dB: each alone puts
  // -100 dBm at the receiver. The first fills the limit exactly (margin 0, granted as asked);
  // the second finds no room (10 log10(0) = -inf) and is denied, bound by the receiver.
  const AllocationInput in = make_input({-100}, {{-130, -130}}, {30, 30});
  const AllocationResult r = allocate_fcfs(in, {});
  EXPECT_EQ(r.granted, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_DOUBLE_EQ(r.eirp_dBm[0], 30.0);
  EXPECT_EQ(r.eirp_dBm[1], -kInf);
  EXPECT_EQ(r.bound_by, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_NEAR(r.aggregate_dBm[0], -100.0, 1e-12);
  EXPECT_NEAR(r.margin_dB[0], 0.0, 1e-12);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[1].unsatisfied, 0u);
}

TEST(Allocation, FcfsReducesToTheRoomLeftAndFollowsTheOrder) {
  // Limit -100 dBm (1e-10 mW). a0: coupling -140 dB (-110 dBm at 30 dBm), a1: -130 dB.
  // Order (0, 1): a0 as asked (1e-11 mW); a1 gets 10 log10(1e-10 - 1e-11) + 130
  //   = -100.4576 + 130 = 29.5424 dBm, bound by the receiver; the aggregate is the limit.
  // Order (1, 0): a1 fills the limit; a0 is denied.
  const AllocationInput in = make_input({-100}, {{-140, -130}}, {30, 30});
  const AllocationResult r01 = allocate_fcfs(in, {0, 1});
  EXPECT_EQ(r01.granted, (std::vector<std::uint8_t>{1, 1}));
  EXPECT_DOUBLE_EQ(r01.eirp_dBm[0], 30.0);
  EXPECT_NEAR(r01.eirp_dBm[1], dBm(9e-11) + 130.0, 1e-9);
  EXPECT_NEAR(r01.eirp_dBm[1], 29.5424, 1e-4);
  EXPECT_EQ(r01.bound_by, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_NEAR(r01.aggregate_dBm[0], -100.0, 1e-9);
  const AllocationResult r10 = allocate_fcfs(in, {1, 0});
  EXPECT_EQ(r10.granted, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_DOUBLE_EQ(r10.eirp_dBm[1], 30.0);
}

TEST(Allocation, FcfsCapsAtTheSystemMaximumAndDeniesBelowTheMinimum) {
  // No receiver reached (coupling -200 dB: -170 dBm, 70 dB under the limit): a request of 45
  // dBm over a 40 dBm maximum gets 40 dBm, bound by nothing. A receiver leaving 5 dBm of room
  // to an applicant with a 10 dBm minimum denies it.
  AllocationInput in = make_input({-100}, {{-200, -105}}, {45, 30}, 10.0);
  in.max_eirp_dBm = 40;
  const AllocationResult r = allocate_fcfs(in, {});
  EXPECT_EQ(r.granted, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_DOUBLE_EQ(r.eirp_dBm[0], 40.0);
  EXPECT_EQ(r.bound_by[0], 0);
  EXPECT_EQ(r.reaches[0], 0);
  EXPECT_EQ(r.bound_by[1], 1);
}

TEST(Allocation, IterativeEqualApplicantsShareEqually) {
  // Limit -100 dBm, two applicants each putting -100 dBm at 30 dBm. Share = 1e-10 / 2 mW =
  // -103.0103 dBm. Steps: 30 (-100), 29 (-101), 28 (-102), 27 (-103 > -103.0103) all fail and
  // cut both by 1 dB; at 26 dBm (-104 dBm) both fit in step 5. Aggregate 2 x 10^-10.4 mW =
  // -100.9897 dBm.
  const AllocationInput in = make_input({-100}, {{-130, -130}}, {30, 30});
  const AllocationResult r = allocate_iterative(in, 1.0);
  EXPECT_EQ(r.granted, (std::vector<std::uint8_t>{1, 1}));
  EXPECT_DOUBLE_EQ(r.eirp_dBm[0], 26.0);
  EXPECT_DOUBLE_EQ(r.eirp_dBm[1], 26.0);
  EXPECT_NEAR(r.aggregate_dBm[0], dBm(2 * mw(-104)), 1e-12);
  EXPECT_NEAR(r.aggregate_dBm[0], -100.9897, 1e-4);
  ASSERT_EQ(r.steps.size(), 5u);
  for (std::size_t s = 0; s < 4; ++s) EXPECT_EQ(r.steps[s].unsatisfied, 2u);
  EXPECT_EQ(r.steps[4].settled, 2u);
  EXPECT_EQ(r.steps[4].unsatisfied, 0u);
  EXPECT_EQ(r.bound_by, (std::vector<std::uint8_t>{1, 1}));
}

TEST(Allocation, IterativeReleasesAnUnusedShare) {
  // Limit -100 dBm; a0 -110 dBm at 30 dBm, a1 -100 dBm at 30 dBm. Step 1: share -103.0103 dBm;
  // a0 fits (granted 30), a1 cut to 29. The quota becomes 1e-10 - 1e-11 = 9e-11 mW, all of it
  // a1's share (-100.4576 dBm): step 2, a1 at 29 dBm gives -101 dBm and fits. Aggregate
  // 1e-11 + 10^-10.1 mW = -100.4850 dBm.
  const AllocationInput in = make_input({-100}, {{-140, -130}}, {30, 30});
  const AllocationResult r = allocate_iterative(in, 1.0);
  EXPECT_DOUBLE_EQ(r.eirp_dBm[0], 30.0);
  EXPECT_DOUBLE_EQ(r.eirp_dBm[1], 29.0);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].settled, 1u);
  EXPECT_NEAR(r.aggregate_dBm[0], dBm(mw(-110) + mw(-101)), 1e-12);
  EXPECT_NEAR(r.aggregate_dBm[0], -100.4850, 1e-4);
}

TEST(Allocation, IterativeTwoReceiversThreeApplicants) {
  // r0 and r1 at -100 dBm. a0 reaches r0 (-130 dB), a1 reaches both (-130 dB), a2 reaches r1
  // (-140 dB); all ask 30 dBm.
  // Step 1: shares -103.0103 at both. a2 (-110 at r1) fits: granted 30; a0, a1 (-100 at r0)
  //   are cut to 29. r1's quota 9e-11 mW, one applicant left: share -100.4576.
  // Steps 2-4: a0 and a1 at 29, 28, 27 put -101, -102, -103 at r0 > -103.0103: cut.
  // Step 5: at 26 dBm both fit (-104 at r0; a1 -104 <= -100.4576 at r1).
  // r0: 2 x 10^-10.4 = -100.9897 dBm; r1: 10^-10.4 + 10^-11 = -103.0268 dBm. a1 is bound by r0
  // alone (at 27 dBm it fitted r1's share).
  const AllocationInput in =
      make_input({-100, -100}, {{-130, -130, -kInf}, {-kInf, -130, -140}}, {30, 30, 30});
  const AllocationResult r = allocate_iterative(in, 1.0);
  EXPECT_EQ(r.eirp_dBm, (std::vector<double>{26, 26, 30}));
  EXPECT_EQ(r.steps.size(), 5u);
  EXPECT_NEAR(r.aggregate_dBm[0], -100.9897, 1e-4);
  EXPECT_NEAR(r.aggregate_dBm[1], dBm(mw(-104) + mw(-110)), 1e-12);
  EXPECT_NEAR(r.aggregate_dBm[1], -103.0268, 1e-4);
  // bound_by is [applicant][receiver]
  EXPECT_EQ(r.bound_by, (std::vector<std::uint8_t>{1, 0, 1, 0, 0, 0}));
  EXPECT_EQ(r.reaches, (std::vector<std::uint8_t>{1, 0, 1, 1, 0, 1}));
}

TEST(Allocation, IterativeDeniesBelowTheMinimumAndReleasesItsShare) {
  // Limit -100 dBm; a0 puts -60 dBm at 30 dBm (coupling -90 dB), a1 -100 dBm (-130 dB).
  // Minimum useful EIRP 0 dBm. Share -103.0103: a0 would need 30 - 43.0103 -> -14 dBm, below
  // the minimum: it is cut to 29, ..., 0 and then -1 < 0 (step 31: denied). a1 meanwhile is cut
  // to 26 (fits in step 5, as two equal applicants would). The denied a0 adds nothing.
  const AllocationInput in = make_input({-100}, {{-90, -130}}, {30, 30}, 0.0);
  const AllocationResult r = allocate_iterative(in, 1.0);
  EXPECT_EQ(r.granted, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_DOUBLE_EQ(r.eirp_dBm[1], 26.0);
  EXPECT_EQ(r.steps.size(), 31u);
  EXPECT_NEAR(r.aggregate_dBm[0], -104.0, 1e-12);
}

/// Random couplings: applicants around receivers, some out of reach.
AllocationInput random_input(std::uint32_t seed, std::size_t na, std::size_t nr, double limit) {
  std::mt19937 g(seed);
  std::uniform_real_distribution<double> u(-150, -115);
  std::uniform_real_distribution<double> p(0, 1);
  AllocationInput in;
  in.n_applicants = na;
  in.n_receivers = nr;
  in.limit_dBm.assign(nr, limit);
  in.requested_eirp_dBm.assign(na, 30);
  in.channel.assign(na, 0);
  for (std::size_t i = 0; i < na * nr; ++i) in.coupling_dB.push_back(p(g) < 0.2 ? -kInf : u(g));
  in.min_eirp_dBm = -10;
  return in;
}

TEST(Allocation, IterativeKeepsEveryReceiverUnderItsLimit) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const AllocationInput in = random_input(seed, 40, 5, -100);
    const AllocationResult r = allocate_iterative(in, 1.0);
    for (std::size_t k = 0; k < in.n_receivers; ++k)
      EXPECT_LE(r.aggregate_dBm[k], in.limit_dBm[k] + 1e-9) << seed;
    // FCFS keeps the limits too, up to the contributions that do not reach a receiver.
    const AllocationResult f = allocate_fcfs(in, {});
    for (std::size_t k = 0; k < in.n_receivers; ++k)
      EXPECT_LE(f.aggregate_dBm[k], in.limit_dBm[k] + 0.01) << seed;
    // Iterative never exceeds what it was asked; granted iff at or above the minimum.
    for (std::size_t a = 0; a < in.n_applicants; ++a) {
      EXPECT_LE(r.eirp_dBm[a], 30.0);
      EXPECT_EQ(r.granted[a] != 0, r.eirp_dBm[a] >= in.min_eirp_dBm);
    }
  }
}

TEST(Allocation, IterativeIsFairAmongEqualApplicants) {
  // Five applicants with the same couplings into three receivers: the same EIRP for each,
  // whatever their position in the list; two others with other couplings in between.
  AllocationInput in = random_input(7, 7, 3, -100);
  for (std::size_t r = 0; r < 3; ++r) {
    const double c = in.coupling_dB[r * 7 + 1] == -kInf ? -120 : -122.5 - static_cast<double>(r);
    for (std::size_t a : {1, 2, 4, 5, 6}) in.coupling_dB[r * 7 + a] = c;
  }
  const AllocationResult res = allocate_iterative(in, 1.0);
  for (std::size_t a : {2, 4, 5, 6}) EXPECT_EQ(res.eirp_dBm[a], res.eirp_dBm[1]);
  EXPECT_LT(res.eirp_dBm[1], 30.0);  // the case does cut them
}

TEST(Allocation, EirpsDoNotFallWhenTheLimitsRise) {
  // What is monotonic in the margin. FCFS: the first applicant's EIRP (it sees the limits
  // alone). Iterative: n equal applicants at one receiver, each cut to the first EIRP whose
  // contribution fits limit / n. Not every applicant's EIRP in general: with 1 dB steps an
  // applicant settled a step earlier at a higher EIRP takes more of the quota, and another
  // applicant of the same receiver can then end 1 dB lower (found on random cases).
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    double prev = -kInf;
    for (double limit = -110; limit <= -90; limit += 0.5) {
      const AllocationResult fc = allocate_fcfs(random_input(seed, 25, 4, limit), {});
      EXPECT_GE(fc.eirp_dBm[0], prev) << seed << " " << limit;
      prev = fc.eirp_dBm[0];
    }
  }
  double prev = -kInf;
  for (double limit = -110; limit <= -90; limit += 0.25) {
    const AllocationResult it =
        allocate_iterative(make_input({limit}, {{-130, -130, -130, -130}}, {30, 30, 30, 30}), 1.0);
    // ceil(30 - 130 - (limit - 6.0206)) dB of cuts, 30 dBm at most.
    const double expect = std::min(30.0, 30.0 - std::ceil(-100.0 - (limit - 10 * std::log10(4.0))));
    EXPECT_EQ(it.eirp_dBm, std::vector<double>(4, expect)) << limit;
    EXPECT_GE(it.eirp_dBm[0], prev);
    prev = it.eirp_dBm[0];
  }
}

/// n applicants each putting `each_dBm` at one receiver (coupling each - 30, EIRP 30).
AllocationInput equal_interferers(std::size_t n, double each_dBm, double limit_dBm) {
  AllocationInput in;
  in.n_applicants = n;
  in.n_receivers = 1;
  in.limit_dBm = {limit_dBm};
  in.requested_eirp_dBm.assign(n, 30);
  in.channel.assign(n, 0);
  in.coupling_dB.assign(n, each_dBm - 30);
  return in;
}

TEST(MoveList, EqualInterferersWithoutVariabilityKeepFloorOfRoomOverEach) {
  // σ = 0, activity 1: every trial's aggregate of m applicants is m x each, so the kept count
  // is floor(limit / each): -99.5 dBm over -110 dBm is 10^1.05 = 11.22 -> 11 of 20 kept.
  for (const double limit : {-99.5, -96.2, -105.1, -111.0, -80.0}) {
    const AllocationInput in = equal_interferers(20, -110, limit);
    MoveListSettings s;
    s.trials = 200;
    const MoveListResult r = move_lists(in, in.requested_eirp_dBm, in.channel, s);
    const auto expect =
        std::min<std::size_t>(20, static_cast<std::size_t>(std::floor(mw(limit) / mw(-110))));
    EXPECT_EQ(r.kept[0], expect) << limit;
    EXPECT_EQ(r.moved[0], 20 - expect);
    EXPECT_NEAR(r.all_percentile_dBm[0], -110 + 10 * std::log10(20.0), 1e-9);
  }
}

TEST(MoveList, TheLargestContributionsMoveFirst) {
  // Contributions -120 + a dBm (a = 0..9), limit -105 dBm: the kept prefix is the smallest ones,
  // 10 log10(sum of 10^(-12 + a/10), a < m) <= -105 dBm: m = 9 gives -105.72, m = 10 -104.59.
  AllocationInput in = equal_interferers(10, -120, -105);
  for (std::size_t a = 0; a < 10; ++a) in.coupling_dB[9 - a] = -150.0 + static_cast<double>(a);
  MoveListSettings s;
  s.trials = 50;
  const MoveListResult r = move_lists(in, in.requested_eirp_dBm, in.channel, s);
  EXPECT_EQ(r.kept[0], 9u);
  // Applicant 0 carries the largest coupling (-141 dB).
  EXPECT_EQ(r.status, (std::vector<std::uint8_t>{2, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(r.on_a_move_list, (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  double sum = 0;
  for (int a = 0; a < 9; ++a) sum += mw(-120 + a);
  EXPECT_NEAR(dBm(sum), -105.72, 0.01);
  EXPECT_NEAR(r.kept_percentile_dBm[0], dBm(sum), 1e-9);
}

TEST(MoveList, MonotonicInTheLimitAndThePercentileAndThreadIndependent) {
  AllocationInput in = equal_interferers(60, -110, -95);
  in.activity.assign(60, 0.3);
  MoveListSettings s;
  s.trials = 2000;
  s.sigma_dB = 6;
  std::size_t prev = 0;
  for (double limit = -100; limit <= -85; limit += 1) {
    in.limit_dBm = {limit};
    const std::size_t kept = move_lists(in, in.requested_eirp_dBm, in.channel, s).kept[0];
    EXPECT_GE(kept, prev) << limit;
    prev = kept;
  }
  in.limit_dBm = {-95};
  std::size_t prev_p = 61;
  for (double p : {50.0, 80.0, 95.0, 99.0}) {
    s.percentile = p;
    const std::size_t kept = move_lists(in, in.requested_eirp_dBm, in.channel, s).kept[0];
    EXPECT_LE(kept, prev_p) << p;
    prev_p = kept;
  }
  s.percentile = 95;
  const MoveListResult many = move_lists(in, in.requested_eirp_dBm, in.channel, s);
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  const MoveListResult single = move_lists(in, in.requested_eirp_dBm, in.channel, s);
  EXPECT_EQ(many.status, single.status);
  EXPECT_EQ(many.kept_percentile_dBm, single.kept_percentile_dBm);
}

/// Processes simulated by threads: `ranks` threads each run move_lists() as one rank, their
/// parts of each batch of trials split as MpiMonteCarloShare splits them (n r / ranks ..
/// n (r + 1) / ranks) and exchanged through shared memory at a barrier.
class ThreadRanks {
 public:
  explicit ThreadRanks(int ranks) : ranks_(ranks), sync_(ranks) {}

  class Share final : public MonteCarloShare {
   public:
    Share(ThreadRanks& all, int rank) : all_(all), rank_(rank) {}
    std::pair<std::size_t, std::size_t> mine(std::size_t n) const override {
      return part(n, rank_);
    }
    void gather(std::span<double> samples, std::size_t n, std::size_t cols) const override {
      if (rank_ == 0) all_.buffer_.assign(n * cols, 0.0);
      all_.sync_.arrive_and_wait();
      const auto [b, e] = part(n, rank_);
      std::copy(samples.begin() + static_cast<std::ptrdiff_t>(b * cols),
                samples.begin() + static_cast<std::ptrdiff_t>(e * cols),
                all_.buffer_.begin() + static_cast<std::ptrdiff_t>(b * cols));
      all_.sync_.arrive_and_wait();
      std::copy(all_.buffer_.begin(), all_.buffer_.end(), samples.begin());
      all_.sync_.arrive_and_wait();
    }

   private:
    std::pair<std::size_t, std::size_t> part(std::size_t n, int rank) const {
      const auto r = static_cast<std::size_t>(rank), q = static_cast<std::size_t>(all_.ranks_);
      return {n * r / q, n * (r + 1) / q};
    }
    ThreadRanks& all_;
    int rank_;
  };

  /// Every rank's result of move_lists(in, ...) with its share.
  std::vector<MoveListResult> run(const AllocationInput& in, const MoveListSettings& s) {
    std::vector<MoveListResult> out(static_cast<std::size_t>(ranks_));
    std::vector<std::thread> threads;
    for (int q = 0; q < ranks_; ++q) {
      threads.emplace_back([&, q] {
        const Share share(*this, q);
        out[static_cast<std::size_t>(q)] =
            move_lists(in, in.requested_eirp_dBm, in.channel, s, &share);
      });
    }
    for (std::thread& t : threads) t.join();
    return out;
  }

 private:
  int ranks_;
  std::barrier<> sync_;
  std::vector<double> buffer_;
};

TEST(MoveList, SameBitsForOneTwoAndThreeRanks) {
  // Three receivers, 40 applicants of unequal couplings, activity and variability: each
  // receiver's list needs the binary search (the whole set's percentile over the limit).
  AllocationInput in;
  in.n_receivers = 3;
  in.n_applicants = 40;
  in.limit_dBm = {-108.0, -110.0, -106.0};
  in.requested_eirp_dBm.assign(40, 20.0);
  in.channel.assign(40, 0);
  in.activity.assign(40, 0.4);
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t a = 0; a < 40; ++a)
      in.coupling_dB.push_back(-132.0 - 0.25 * static_cast<double>((a * 7 + r * 3) % 40));
  MoveListSettings s;
  s.trials = 1001;  // not a multiple of 2 or 3: unequal parts
  s.sigma_dB = 6;
  s.seed = 11;
  const MoveListResult alone = move_lists(in, in.requested_eirp_dBm, in.channel, s);
  for (std::size_t r = 0; r < 3; ++r) {
    ASSERT_GT(alone.moved[r], 0u) << r;
    ASSERT_GT(alone.kept[r], 0u) << r;
  }
  // Each receiver's prefix sums take 1001 x 40 x 8 B = 320 kB: one group of the three, one group
  // per receiver, and groups of two and one.
  for (const auto& [ranks, group_bytes] :
       std::vector<std::pair<int, double>>{{1, 1e9}, {2, 1e9}, {3, 1e9}, {2, 1e5}, {3, 7e5}}) {
    s.shared_group_bytes = group_bytes;
    ThreadRanks all(ranks);
    for (const MoveListResult& res : all.run(in, s)) {
      EXPECT_EQ(res.status, alone.status) << ranks;
      EXPECT_EQ(res.kept, alone.kept) << ranks;
      EXPECT_EQ(res.on_a_move_list, alone.on_a_move_list) << ranks;
      for (std::size_t r = 0; r < 3; ++r) {
        EXPECT_EQ(
            std::memcmp(&res.kept_percentile_dBm[r], &alone.kept_percentile_dBm[r], sizeof(double)),
            0)
            << ranks;
        EXPECT_EQ(
            std::memcmp(&res.all_percentile_dBm[r], &alone.all_percentile_dBm[r], sizeof(double)),
            0)
            << ranks;
      }
    }
  }
}

TEST(ChannelAssignment, MovesApplicantsOffTheReceiversChannel) {
  // One receiver at -100 dBm on channel 0; three applicants asking channel 0 at 30 dBm with
  // coupling -130 dB there (each alone fills the limit) and -170 dB on channel 1 (40 dB of
  // ACIR: 1e-4 of the limit each). First come, first served on the channel asked grants one;
  // the assignment puts all three on channel 1 (3e-4 of the limit), as does the exhaustive
  // search.
  AllocationInput in;
  in.n_applicants = 3;
  in.n_receivers = 1;
  in.n_channels = 2;
  in.limit_dBm = {-100};
  in.requested_eirp_dBm = {30, 30, 30};
  in.channel = {0, 0, 0};
  in.coupling_dB = {-130, -130, -130, -170, -170, -170};  // [receiver][channel][applicant]
  in.min_eirp_dBm = 30;
  const AllocationResult f = allocate_fcfs(in, {});
  EXPECT_EQ(std::count(f.granted.begin(), f.granted.end(), 1), 1);
  const AllocationResult g = assign_channels(in);
  EXPECT_EQ(g.granted, (std::vector<std::uint8_t>{1, 1, 1}));
  EXPECT_EQ(g.channel, (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_NEAR(g.aggregate_dBm[0], -140 + 10 * std::log10(3.0), 1e-9);
  const AllocationResult x = assign_channels_exhaustive(in);
  EXPECT_EQ(x.granted, g.granted);
  EXPECT_EQ(x.channel, g.channel);
}

TEST(ChannelAssignment, GreedyAgainstExhaustiveSearchOnSmallCases) {
  // 300 random cases of 8 applicants, 3 channels (ACIR 20-45 dB off the receiver's channel),
  // 1-3 receivers: the heuristic's assignment keeps every limit, grants at most the optimum, and
  // (on these cases) at most one fewer; how often it is optimal is printed.
  std::mt19937 g(1414);
  std::uniform_real_distribution<double> u(-142, -118), acir(20, 45);
  int equal = 0, cases = 0;
  for (int c = 0; c < 300; ++c) {
    AllocationInput in;
    in.n_applicants = 8;
    in.n_receivers = 1 + static_cast<std::size_t>(c % 3);
    in.n_channels = 3;
    in.limit_dBm.assign(in.n_receivers, -100);
    in.requested_eirp_dBm.assign(8, 30);
    in.channel.assign(8, 0);
    in.min_eirp_dBm = 30;
    for (std::size_t r = 0; r < in.n_receivers; ++r) {
      const std::size_t own = r % 3;
      std::vector<double> base(8);
      for (double& b : base) b = u(g);
      for (std::size_t k = 0; k < 3; ++k) {
        const double off = k == own ? 0.0 : acir(g);
        for (std::size_t a = 0; a < 8; ++a) in.coupling_dB.push_back(base[a] - off);
      }
    }
    const AllocationResult h = assign_channels(in);
    const AllocationResult x = assign_channels_exhaustive(in);
    const auto nh = std::count(h.granted.begin(), h.granted.end(), 1);
    const auto nx = std::count(x.granted.begin(), x.granted.end(), 1);
    for (std::size_t r = 0; r < in.n_receivers; ++r) {
      EXPECT_LE(h.aggregate_dBm[r], in.limit_dBm[r] + 1e-9) << c;
      EXPECT_LE(x.aggregate_dBm[r], in.limit_dBm[r] + 1e-9) << c;
    }
    EXPECT_LE(nh, nx) << c;
    EXPECT_GE(nh, nx - 1) << c;
    equal += nh == nx;
    ++cases;
  }
  std::printf("channel assignment: the heuristic is optimal in %d of %d cases\n", equal, cases);
  EXPECT_GE(equal, cases * 8 / 10);
}

TEST(Allocation, BadInputThrows) {
  AllocationInput in = make_input({-100}, {{-130, -130}}, {30, 30});
  in.channel = {0, 1};
  EXPECT_THROW(allocate_fcfs(in, {}), std::invalid_argument);
  in = make_input({-100}, {{-130, -130}}, {30, 30}, -kInf);
  EXPECT_THROW(allocate_iterative(in, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace akichi::sim::allocation_test

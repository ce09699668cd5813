// Allocation among many applicants (sim/analysis/allocation.h) at the size of a CBRS deployment
// region (West 6: 7,260 CBSDs): 7,000 applicants against 100 protected receivers, synthetic
// couplings. Applicants and receivers are spread uniformly over 100 km x 100 km, each on one of
// three channels; the coupling is -(120 + 30 log10(d / km)) dB co-channel and 40 dB less on
// another channel; every applicant asks 30 dBm, every receiver accepts -110 dBm. An applicant
// reaches a receiver within about 46 km on its channel (30 dB under the limit): about 1,000
// applicants per receiver.
//   (a) move lists: per receiver, 1,000 Monte Carlo trials of every applicant that reaches it
//       (σ = 8 dB lognormal variability, activity 0.5), sorted, binary search for the keep set
//       (the DPA move list's work, R2-SGN-24); `every_link`: the same in a 30 km region on one
//       channel, so that every applicant reaches every receiver (7,000 x 100 x 1,000 draws);
//   (b) iterative fair sharing (R2-SGN-16) in 1 dB steps;
//   (c) first come, first served on the channel asked (`as_asked`: granted at the EIRP asked);
//   (d) channel assignment (greedy best fit), every grant at the EIRP asked.
// (a) at 1 and 2 threads ((b) to (d) run on one); `links_per_s` of (a) counts every reaching
// link of every trial. Under mpirun, (a) shares each receiver's trials among the ranks
// (MpiMonteCarloShare, as akichi run does; `ranks` says how many): every rank prints the same
// figures.
//
//   build/release/bench/allocation_bench --benchmark_counters_tabular=true
//   mpirun -n 2 build/release/bench/allocation_bench
//   --benchmark_filter='BM_MoveLists/every_link/1$'
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "sim/analysis/allocation.h"
#include "sim/parallel/comm.h"
#include "sim/parallel/mpi_montecarlo_share.h"

namespace {

using namespace akichi::sim;

constexpr std::size_t kApplicants = 7000, kReceivers = 100, kChannels = 3, kTrials = 1000;

/// MPI (under mpirun) for the life of the process, started before any TBB thread.
akichi::sim::par::MpiSession& session() {
  static akichi::sim::par::MpiSession s(nullptr, nullptr);
  return s;
}
[[maybe_unused]] const bool kSessionStarted = (session(), true);

/// `side_km`: the region's side; in a 30 km region every applicant reaches every receiver on its
/// channel, and `channels` = 1 puts them all on one.
AllocationInput make_input(double side_km, std::size_t channels) {
  std::mt19937_64 g(7260);
  std::uniform_real_distribution<double> u(0.0, side_km);
  std::vector<double> ax(kApplicants), ay(kApplicants), rx(kReceivers), ry(kReceivers);
  std::vector<std::size_t> rch(kReceivers);
  AllocationInput a;
  a.n_applicants = kApplicants;
  a.n_receivers = kReceivers;
  a.n_channels = channels;
  for (std::size_t i = 0; i < kApplicants; ++i) {
    ax[i] = u(g);
    ay[i] = u(g);
    a.channel.push_back(i % channels);
  }
  for (std::size_t r = 0; r < kReceivers; ++r) {
    rx[r] = u(g);
    ry[r] = u(g);
    rch[r] = r % channels;
  }
  a.requested_eirp_dBm.assign(kApplicants, 30.0);
  a.limit_dBm.assign(kReceivers, -110.0);
  a.activity.assign(kApplicants, 0.5);
  a.coupling_dB.resize(kReceivers * channels * kApplicants);
  for (std::size_t r = 0; r < kReceivers; ++r) {
    for (std::size_t k = 0; k < channels; ++k) {
      for (std::size_t i = 0; i < kApplicants; ++i) {
        const double d = std::max(0.1, std::hypot(ax[i] - rx[r], ay[i] - ry[r]));
        a.coupling_dB[(r * channels + k) * kApplicants + i] =
            -(120.0 + 30.0 * std::log10(d)) - (k == rch[r] ? 0.0 : 40.0);
      }
    }
  }
  a.max_eirp_dBm = 40.0;
  a.min_eirp_dBm = 0.0;
  return a;
}

const AllocationInput& input() {
  static const AllocationInput in = make_input(100.0, kChannels);
  return in;
}

/// Every applicant reaches every receiver: 700,000 links, 700 million link draws.
const AllocationInput& dense_input() {
  static const AllocationInput in = make_input(30.0, 1);
  return in;
}

void BM_MoveLists(benchmark::State& state, bool dense) {
  const tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                               static_cast<std::size_t>(state.range(0)));
  const AllocationInput& in = dense ? dense_input() : input();
  akichi::sim::par::Comm& comm = session().comm();
  std::optional<akichi::sim::par::MpiMonteCarloShare> share;
  if (comm.size() > 1) share.emplace(comm);
  MoveListSettings s;
  s.trials = kTrials;
  s.sigma_dB = 8.0;
  std::size_t links = 0, moved = 0;
  for (auto _ : state) {
    const MoveListResult r =
        move_lists(in, in.requested_eirp_dBm, in.channel, s, share ? &*share : nullptr);
    links = moved = 0;
    for (std::size_t k = 0; k < kReceivers; ++k) {
      links += r.kept[k] + r.moved[k];
      moved += r.moved[k];
    }
    benchmark::DoNotOptimize(r.status.data());
  }
  state.counters["reaching_links"] = static_cast<double>(links);
  state.counters["moved"] = static_cast<double>(moved);
  state.counters["ranks"] = static_cast<double>(comm.size());
  state.counters["links_per_s"] = benchmark::Counter(static_cast<double>(links * kTrials),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Iterative(benchmark::State& state) {
  std::size_t steps = 0, granted = 0;
  for (auto _ : state) {
    const AllocationResult r = allocate_iterative(input(), 1.0);
    steps = r.steps.size();
    granted = 0;
    for (std::uint8_t g : r.granted) granted += g;
  }
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["granted"] = static_cast<double>(granted);
}

void BM_Fcfs(benchmark::State& state) {
  std::size_t granted = 0, as_asked = 0;
  for (auto _ : state) {
    const AllocationResult r = allocate_fcfs(input(), {});
    granted = as_asked = 0;
    for (std::size_t a = 0; a < kApplicants; ++a) {
      granted += r.granted[a];
      as_asked += r.granted[a] && r.eirp_dBm[a] == input().requested_eirp_dBm[a];
    }
  }
  state.counters["granted"] = static_cast<double>(granted);
  state.counters["as_asked"] = static_cast<double>(as_asked);
}

void BM_ChannelAssignment(benchmark::State& state) {
  std::size_t granted = 0;
  for (auto _ : state) {
    const AllocationResult r = assign_channels(input());
    granted = 0;
    for (std::uint8_t g : r.granted) granted += g;
  }
  state.counters["granted"] = static_cast<double>(granted);
  state.counters["as_asked"] = static_cast<double>(granted);
}

BENCHMARK_CAPTURE(BM_MoveLists, region, false)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_MoveLists, every_link, true)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_Iterative)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_Fcfs)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_ChannelAssignment)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

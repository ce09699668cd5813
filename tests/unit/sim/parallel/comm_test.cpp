// The serial Comm (what every non-MPI run uses) and the job assignment of MpiTensorSource.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "base/errors.h"
#include "sim/parallel/comm.h"
#include "sim/parallel/mpi_tensor_source.h"

namespace akichi::sim::par::comm_test {
namespace {

TEST(SerialComm, OneRankCollectivesAreCopies) {
  const auto comm = make_serial_comm();
  EXPECT_EQ(comm->rank(), 0);
  EXPECT_EQ(comm->size(), 1);
  comm->barrier();
  std::string text = "akichi";
  comm->broadcast(text, 0);
  EXPECT_EQ(text, "akichi");
  std::vector<float> data{1.5f, -2.0f};
  comm->broadcast(std::span<float>(data), 0);
  EXPECT_EQ(data, (std::vector<float>{1.5f, -2.0f}));
  const std::vector<float> mine{3.0f, 4.0f, 5.0f};
  std::vector<float> all(3, 0.0f);
  const std::vector<std::size_t> counts{3};
  comm->allgatherv(mine, all, counts);
  EXPECT_EQ(all, mine);
  std::fill(all.begin(), all.end(), 0.0f);
  comm->gatherv(mine, all, counts, 0);
  EXPECT_EQ(all, mine);
  EXPECT_EQ(comm->max(-7.25), -7.25);
  EXPECT_EQ(comm->describe(), "serial");
}

TEST(SerialComm, RejectsBadRootsAndCounts) {
  const auto comm = make_serial_comm();
  std::string text;
  EXPECT_THROW(comm->broadcast(text, 1), RuntimeError);
  const std::vector<float> mine{1.0f, 2.0f};
  std::vector<float> all(3);
  const std::vector<std::size_t> counts{2};
  EXPECT_THROW(comm->allgatherv(mine, all, counts), RuntimeError);
  const std::vector<std::size_t> two{1, 1};
  std::vector<float> two_out(2);
  EXPECT_THROW(comm->allgatherv(mine, two_out, two), RuntimeError);
}

TEST(SerialComm, SessionWithoutLauncherIsSerial) {
  // The unit tests are not started by mpirun: the session must not initialise MPI.
  if (launched_by_mpi()) GTEST_SKIP() << "started by an MPI launcher";
  int argc = 0;
  char** argv = nullptr;
  MpiSession session(&argc, &argv);
  EXPECT_EQ(session.comm().size(), 1);
  EXPECT_EQ(session.comm().describe(), "serial");
}

std::vector<std::size_t> loads(const std::vector<std::size_t>& rows, const std::vector<int>& owner,
                               int ranks) {
  std::vector<std::size_t> load(static_cast<std::size_t>(ranks), 0);
  for (std::size_t j = 0; j < rows.size(); ++j) load[static_cast<std::size_t>(owner[j])] += rows[j];
  return load;
}

TEST(AssignJobs, HandWorkedExample) {
  // LPT: 8 -> r0, 7 -> r1, 6 -> r2, 5 -> r2 (6 < 7 < 8), 4 -> r1 (7 < 8 < 11), 1 -> r0.
  const std::vector<std::size_t> rows{5, 8, 1, 7, 6, 4};
  const std::vector<int> owner = assign_jobs(rows, 3);
  EXPECT_EQ(owner, (std::vector<int>{2, 0, 0, 1, 2, 1}));
  EXPECT_EQ(loads(rows, owner, 3), (std::vector<std::size_t>{9, 11, 11}));
}

TEST(AssignJobs, EqualJobsRoundRobinInIndexOrder) {
  const std::vector<std::size_t> rows(7, 40);
  EXPECT_EQ(assign_jobs(rows, 3), (std::vector<int>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(assign_jobs(rows, 1), std::vector<int>(7, 0));
  EXPECT_TRUE(assign_jobs({}, 4).empty());
  EXPECT_THROW(assign_jobs(rows, 0), RuntimeError);
}

TEST(AssignJobs, EveryJobOnceBalancedAndDeterministic) {
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<std::size_t> pick(0, 5000);
  for (int trial = 0; trial < 200; ++trial) {
    const int ranks = 1 + trial % 9;
    std::vector<std::size_t> rows(static_cast<std::size_t>(trial % 40));
    for (auto& r : rows) r = pick(rng);
    const std::vector<int> owner = assign_jobs(rows, ranks);
    ASSERT_EQ(owner.size(), rows.size());
    for (const int o : owner) ASSERT_TRUE(o >= 0 && o < ranks);
    EXPECT_EQ(assign_jobs(rows, ranks), owner);  // same input, same assignment
    const std::vector<std::size_t> load = loads(rows, owner, ranks);
    const std::size_t total = std::accumulate(rows.begin(), rows.end(), std::size_t{0});
    EXPECT_EQ(std::accumulate(load.begin(), load.end(), std::size_t{0}), total);
    // Greedy LPT bound: the busiest rank exceeds the mean by at most the largest job.
    const std::size_t largest = rows.empty() ? 0 : *std::max_element(rows.begin(), rows.end());
    const double mean = static_cast<double>(total) / ranks;
    EXPECT_LE(static_cast<double>(*std::max_element(load.begin(), load.end())),
              mean + static_cast<double>(largest));
  }
}

}  // namespace
}  // namespace akichi::sim::par::comm_test

namespace akichi::sim::par::comm_test {
namespace {

// The MPI Comm itself: run by tests/e2e/test_mpi.sh as
// `mpirun -n 3 akichi_unit_tests --gtest_filter='MpiComm*'`; skipped in a plain run.
TEST(MpiComm, CollectivesAcrossRanks) {
  if (!built_with_mpi() || !launched_by_mpi()) GTEST_SKIP() << "not under mpirun";
  static int argc = 0;
  static char** argv = nullptr;
  static MpiSession session(&argc, &argv);  // finalised at exit, once for the whole binary
  Comm& comm = session.comm();
  const int n = comm.size();
  const int me = comm.rank();
  ASSERT_GE(n, 2);
  comm.barrier();

  std::string text = me == n - 1 ? std::string(1000, 'z') + "end" : "other";
  comm.broadcast(text, n - 1);
  EXPECT_EQ(text, std::string(1000, 'z') + "end");

  std::vector<float> data(37, static_cast<float>(me));
  comm.broadcast(std::span<float>(data), 1);
  EXPECT_EQ(data, std::vector<float>(37, 1.0f));

  // Rank r contributes r + 2 values r * 100 + i (rank 1: 3 values ...).
  std::vector<std::size_t> counts;
  for (int r = 0; r < n; ++r) counts.push_back(static_cast<std::size_t>(r + 2));
  std::vector<float> mine;
  for (int i = 0; i < me + 2; ++i) mine.push_back(static_cast<float>(me * 100 + i));
  std::vector<float> expected;
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < r + 2; ++i) expected.push_back(static_cast<float>(r * 100 + i));
  }
  std::vector<float> all(expected.size(), -1.0f);
  comm.allgatherv(mine, all, counts);
  EXPECT_EQ(all, expected);
  std::vector<float> gathered(expected.size(), -1.0f);
  comm.gatherv(mine, gathered, counts, 0);
  if (me == 0) {
    EXPECT_EQ(gathered, expected);
  } else {
    EXPECT_EQ(gathered, std::vector<float>(expected.size(), -1.0f));
  }
  EXPECT_EQ(comm.max(-static_cast<double>(me)), 0.0);
  EXPECT_EQ(comm.max(static_cast<double>(me) + 0.5), n - 0.5);
  EXPECT_THROW(comm.broadcast(text, n), RuntimeError);
}

}  // namespace
}  // namespace akichi::sim::par::comm_test

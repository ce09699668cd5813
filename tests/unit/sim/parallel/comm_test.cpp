// The serial Comm (what every non-MPI run uses), the job assignment of MpiTensorSource and its
// streamed run on one rank; under mpirun, the MPI Comm and the sharing of coverage layers.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <random>
#include <vector>

#include "base/errors.h"
#include "sim/analysis/coverage_run.h"
#include "sim/parallel/comm.h"
#include "sim/parallel/coverage_share.h"
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
  // One rank has no one to send to or hear from.
  std::vector<std::byte> bytes(4);
  EXPECT_THROW(comm->send(bytes, 0), RuntimeError);
  EXPECT_THROW(comm->recv(bytes, 0), RuntimeError);
  EXPECT_THROW(comm->send(bytes, 1), RuntimeError);
}

TEST(SerialComm, StreamedRunThroughTheMpiSourceIsTheHeldRun) {
  // compute_each() of the MPI source on one rank (every job here, delivered in index order into
  // the one station's buffers the jobs share): the scratch tensors and the coverage layers of
  // the streamed run are those of the run that holds its tensors, bit for bit.
  const Scenario sc = parse_scenario(R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 600
size_y_m = 400
cell_size_m = 20
rx_heights_m = [1.5, 10]

[terrain]
source = "synthetic"
seed = 42
relief_m = 40
wavelength_m = 300

[propagation]
model = "p526"

[[station]]
id = "hall"
lat_deg = 35.6
lon_deg = 139.8
height_m = 15
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 43

[[station]]
id = "gate"
lat_deg = 35.601
lon_deg = 139.801
height_m = 12
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 40

[[station]]
id = "yard"
lat_deg = 35.5995
lon_deg = 139.7985
height_m = 8
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 37
)",
                                     "/tmp/comm_test.toml");
  SilentProgress quiet;
  const CoverageRun held = run_coverage(sc, quiet);
  const auto comm = make_serial_comm();
  MpiTensorSource source(*comm);
  EXPECT_TRUE(source.delivers());
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const CoverageRun streamed = run_coverage(sc, quiet, &source, &dir);
  ASSERT_NE(streamed.loss_scratch, nullptr);
  ASSERT_NE(streamed.rx_power_scratch, nullptr);
  EXPECT_TRUE(streamed.loss_dB.empty());
  const std::size_t per = streamed.loss_scratch->inner();
  ASSERT_EQ(held.loss_dB.size(), 3 * per);
  std::vector<float> loss(per), rx(per);
  for (std::size_t s = 0; s < 3; ++s) {
    streamed.loss_scratch->read(s, 0, loss);
    streamed.rx_power_scratch->read(s, 0, rx);
    const auto at = static_cast<std::ptrdiff_t>(s * per);
    EXPECT_TRUE(std::equal(loss.begin(), loss.end(), held.loss_dB.begin() + at)) << s;
    EXPECT_TRUE(std::equal(rx.begin(), rx.end(), held.coverage.rx_power_dBm.begin() + at)) << s;
  }
  EXPECT_EQ(streamed.coverage.best_server, held.coverage.best_server);
  EXPECT_EQ(streamed.coverage.best_rx_power_dBm, held.coverage.best_rx_power_dBm);
  EXPECT_EQ(streamed.coverage.interference_dBm, held.coverage.interference_dBm);
  EXPECT_EQ(streamed.coverage.sinr_dB, held.coverage.sinr_dB);
  EXPECT_EQ(streamed.coverage.station_best_share, held.coverage.station_best_share);
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

  // Point to point: every rank r > 0 sends rank 0 two messages (r + 1 and 3 r + 5 bytes of
  // r * 16 + i); rank 0 hears the ranks last first, each rank's messages in the order sent.
  const auto message = [](int r, int k) {
    std::vector<std::byte> m(static_cast<std::size_t>(k == 0 ? r + 1 : 3 * r + 5));
    for (std::size_t i = 0; i < m.size(); ++i)
      m[i] = static_cast<std::byte>(r * 16 + static_cast<int>(i) + k);
    return m;
  };
  if (me == 0) {
    for (int r = n - 1; r >= 1; --r) {
      for (int k = 0; k < 2; ++k) {
        std::vector<std::byte> got(message(r, k).size());
        comm.recv(got, r);
        EXPECT_EQ(got, message(r, k)) << "rank " << r << " message " << k;
      }
    }
  } else {
    comm.send(message(me, 0), 0);
    comm.send(message(me, 1), 0);
  }
  std::vector<std::byte> self(2);
  EXPECT_THROW(comm.send(self, me), RuntimeError);
  EXPECT_THROW(comm.recv(self, n), RuntimeError);

  // A streamed run's coverage layers, from rank 0 to the others.
  CoverageResult c;
  if (me == 0) {
    c.n_stations = 3;
    c.n_heights = 2;
    c.ny = 4;
    c.nx = 5;
    c.has_premises = true;
    c.best_server.assign(40, std::int16_t{2});
    c.best_server[7] = kNoServer;
    c.best_rx_power_dBm.assign(40, -61.5f);
    c.interference_dBm.assign(40, -90.25f);
    c.sinr_dB.assign(40, 3.5f);
    c.noise_dBm = {-94.0, -95.5, -97.0};
    c.premises_mask.assign(20, std::uint8_t{1});
    c.premises_mask[3] = 0;
    c.premises_coverage_share = {0.5, 0.25};
    c.leakage_share = {0.125, 0.0625};
    c.station_best_share = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  } else {
    c.n_stations = 9;
    c.sinr_dB.assign(100, 0.0f);
  }
  share_coverage(comm, c);
  EXPECT_EQ(c.n_stations, 3);
  EXPECT_EQ(c.n_heights, 2);
  EXPECT_EQ(c.ny, 4);
  EXPECT_EQ(c.nx, 5);
  EXPECT_TRUE(c.has_premises);
  EXPECT_TRUE(c.rx_power_dBm.empty());
  ASSERT_EQ(c.best_server.size(), 40u);
  EXPECT_EQ(c.best_server[7], kNoServer);
  EXPECT_EQ(c.best_server[8], 2);
  EXPECT_EQ(c.best_rx_power_dBm, std::vector<float>(40, -61.5f));
  EXPECT_EQ(c.interference_dBm, std::vector<float>(40, -90.25f));
  EXPECT_EQ(c.sinr_dB, std::vector<float>(40, 3.5f));
  EXPECT_EQ(c.noise_dBm, (std::vector<double>{-94.0, -95.5, -97.0}));
  ASSERT_EQ(c.premises_mask.size(), 20u);
  EXPECT_EQ(c.premises_mask[3], 0);
  EXPECT_EQ(c.premises_mask[4], 1);
  EXPECT_EQ(c.premises_coverage_share, (std::vector<double>{0.5, 0.25}));
  EXPECT_EQ(c.leakage_share, (std::vector<double>{0.125, 0.0625}));
  EXPECT_EQ(c.station_best_share, (std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}));
}

}  // namespace
}  // namespace akichi::sim::par::comm_test

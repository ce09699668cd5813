// Audit entries committed several to a transaction: every entry once, in one transaction of
// the version its request is told, transactions shared under load, and a failed commit told
// to every request of its transaction.
#include "sim/serve/group_commit.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace akichi::sim::serve::group_commit_test {

/// A store's transactions as the commit sees them: ids from 1, versions from 1, each entry's
/// version remembered; optionally slow (a commit of a real database takes a while) or failing.
struct FakeStore {
  std::mutex m;
  std::int64_t next_id = 1, version = 0;
  std::map<std::int64_t, std::int64_t> version_of_id;
  std::map<std::string, int> times_recorded;  ///< by the entry's request text
  std::vector<std::size_t> sizes;
  std::chrono::microseconds delay{0};
  std::atomic<int> fail_next{0};

  GroupCommit::CommitAll commit() {
    return [this](const std::vector<store::AuditEntry*>& entries) {
      std::this_thread::sleep_for(delay);
      if (fail_next > 0) {
        --fail_next;
        throw std::runtime_error("disk full");
      }
      const std::lock_guard lock(m);
      ++version;
      sizes.push_back(entries.size());
      for (store::AuditEntry* e : entries) {
        e->id = next_id++;
        e->data_version = version - 1;
        version_of_id[e->id] = version;
        ++times_recorded[e->request];
      }
      return version;
    };
  }
};

store::AuditEntry entry(const std::string& request) {
  store::AuditEntry e;
  e.action = "grant.request";
  e.request = request;
  return e;
}

TEST(GroupCommit, OneRequestAloneIsOneTransaction) {
  GroupCommit g;
  FakeStore db;
  store::AuditEntry e = entry("a");
  const GroupCommit::Recorded r = g.append(e, db.commit());
  EXPECT_EQ(r.audit_id, 1);
  EXPECT_EQ(r.version, 1);
  EXPECT_EQ(e.id, 1);
  EXPECT_EQ(e.data_version, 0);
  EXPECT_EQ(g.transactions(), 1);
  EXPECT_EQ(g.entries(), 1);
}

TEST(GroupCommit, ManyRequestsShareTransactionsAndEachIsRecordedOnce) {
  GroupCommit g;
  FakeStore db;
  db.delay = std::chrono::microseconds(500);
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::thread> threads;
  std::mutex m;
  std::map<std::int64_t, std::int64_t> told;  // id -> version told to the request
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const GroupCommit::CommitAll commit = db.commit();
      for (int i = 0; i < kEach; ++i) {
        store::AuditEntry e = entry(std::to_string(t) + "/" + std::to_string(i));
        const GroupCommit::Recorded r = g.append(e, commit);
        const std::lock_guard lock(m);
        EXPECT_EQ(r.audit_id, e.id);
        EXPECT_TRUE(told.emplace(r.audit_id, r.version).second) << "id " << r.audit_id;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const int total = kThreads * kEach;
  ASSERT_EQ(static_cast<int>(told.size()), total);
  EXPECT_EQ(db.times_recorded.size(), static_cast<std::size_t>(total));
  for (const auto& [request, n] : db.times_recorded) EXPECT_EQ(n, 1) << request;
  // Each request is told the version of the transaction its entry was in.
  EXPECT_EQ(told, db.version_of_id);
  // Sixteen requests at once, each commit half a millisecond: transactions are shared.
  EXPECT_EQ(g.entries(), total);
  EXPECT_EQ(g.transactions(), static_cast<std::int64_t>(db.sizes.size()));
  EXPECT_LT(g.transactions(), total / 2);
  std::size_t most = 0;
  for (std::size_t n : db.sizes) most = std::max(most, n);
  EXPECT_LE(most, static_cast<std::size_t>(kThreads));
}

TEST(GroupCommit, AFailedCommitIsEveryoneOfItsTransactionsAndTheNextOneCommits) {
  GroupCommit g;
  FakeStore db;
  db.delay = std::chrono::milliseconds(20);
  db.fail_next = 1;
  const GroupCommit::CommitAll commit = db.commit();
  std::atomic<int> failed{0}, recorded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      store::AuditEntry e = entry(std::to_string(t));
      try {
        g.append(e, commit);
        ++recorded;
      } catch (const std::runtime_error& x) {
        EXPECT_STREQ(x.what(), "disk full");
        ++failed;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_GE(failed.load(), 1);
  EXPECT_EQ(failed + recorded, 4);
  EXPECT_EQ(g.entries(), recorded.load());
  // Only the entries of committed transactions have ids.
  EXPECT_EQ(static_cast<int>(db.version_of_id.size()), recorded.load());
  store::AuditEntry later = entry("later");
  EXPECT_GT(g.append(later, commit).audit_id, 0);
}

}  // namespace akichi::sim::serve::group_commit_test

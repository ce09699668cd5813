// Audit entries of decisions that change nothing else, committed several to a transaction.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "sim/store/store.h"

namespace akichi::sim::serve {

/// Audit entries that may share a transaction (denied grant requests: the decision changes
/// nothing but the audit table), committed together. The first request to arrive while no
/// such commit is under way commits its entry and every entry that waits with it in one
/// transaction; the others wait for it, and those arriving meanwhile make the next
/// transaction, committed by the first of them. One transaction (its data_version row, the
/// table's pages in the log) then serves a few requests under load and one when it is quiet,
/// and nothing waits for a timer. Each entry keeps its own id; all of a transaction have its
/// version. Durability is still waited for by each request (Store::wait_durable()).
class GroupCommit {
 public:
  /// Commits the entries in one transaction in the order given, sets each one's id (and its
  /// data_version, the version decided on) and returns the transaction's version; throws when
  /// it does not commit (then none is).
  using CommitAll = std::function<std::int64_t(const std::vector<store::AuditEntry*>& entries)>;

  struct Recorded {
    std::int64_t version = 0, audit_id = 0;
  };

  /// Records `entry` (its id and data_version set on return). `commit_all` commits the
  /// transaction when this call is the one that commits; every caller passes the same
  /// commit. Rethrows, in every request of a transaction, what its commit threw. A waiting
  /// request gives its compute slot up (ComputeGate::release_current()): what is left of it
  /// is the wait and its answer.
  Recorded append(store::AuditEntry& entry, const CommitAll& commit_all);

  /// Transactions committed and entries recorded so far.
  std::int64_t transactions() const;
  std::int64_t entries() const;

 private:
  struct Pending {
    store::AuditEntry* entry;
    Recorded recorded;
    std::exception_ptr failure;
    bool done = false;
  };

  mutable std::mutex m_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;  ///< waiting for the next transaction, in arrival order
  bool committing_ = false;
  std::int64_t transactions_ = 0, entries_ = 0;
};

}  // namespace akichi::sim::serve

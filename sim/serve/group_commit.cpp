#include "sim/serve/group_commit.h"

#include "sim/serve/compute_gate.h"

namespace akichi::sim::serve {

GroupCommit::Recorded GroupCommit::append(store::AuditEntry& entry, const CommitAll& commit_all) {
  Pending me{&entry, {}, nullptr};
  std::unique_lock lock(m_);
  queue_.push_back(&me);
  while (!me.done) {
    if (committing_) {
      ComputeGate::release_current();
      done_.wait(lock);
      continue;
    }
    // This request commits for every one waiting now, itself among them.
    committing_ = true;
    std::vector<Pending*> group;
    group.swap(queue_);
    lock.unlock();
    std::vector<store::AuditEntry*> entries;
    entries.reserve(group.size());
    for (const Pending* p : group) entries.push_back(p->entry);
    std::exception_ptr failure;
    std::int64_t version = 0;
    try {
      version = commit_all(entries);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    for (Pending* p : group) {
      p->recorded = {version, p->entry->id};
      p->failure = failure;
      p->done = true;
    }
    if (!failure) {
      ++transactions_;
      entries_ += static_cast<std::int64_t>(group.size());
    }
    committing_ = false;
    // The others of this transaction return; the first of those queued meanwhile commits next.
    done_.notify_all();
  }
  if (me.failure) std::rethrow_exception(me.failure);
  return me.recorded;
}

std::int64_t GroupCommit::transactions() const {
  const std::lock_guard lock(m_);
  return transactions_;
}

std::int64_t GroupCommit::entries() const {
  const std::lock_guard lock(m_);
  return entries_;
}

}  // namespace akichi::sim::serve

#include "sim/store/wal_checkpointer.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::sim::store {

WalCheckpointer::WalCheckpointer(sqlite3* writer, const std::string& path, int pages,
                                 int hard_limit_factor)
    : writer_(writer), pages_(pages), hard_limit_(pages * hard_limit_factor) {
  if (sqlite3_open_v2(path.c_str(), &own_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    const std::string msg = own_ != nullptr ? sqlite3_errmsg(own_) : "out of memory";
    sqlite3_close(own_);
    throw RuntimeError(fmt::format("{}: cannot open a connection for checkpoints: {}", path, msg));
  }
  // A checkpoint on this connection syncs the log before it copies and the database after.
  sqlite3_exec(own_, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
  // While a writer commits, a checkpoint may find the log's locks taken for a moment.
  sqlite3_busy_timeout(own_, 1000);
  // And the writer, which was alone with the database until now, waits for them too rather
  // than fail its transaction with SQLITE_BUSY.
  sqlite3_busy_timeout(writer_, 5000);
  thread_ = std::thread([this] { run(); });
  sqlite3_wal_hook(writer_, &WalCheckpointer::on_commit, this);
}

WalCheckpointer::~WalCheckpointer() {
  // The writer's own automatic checkpoint again, at SQLite's default limit.
  sqlite3_wal_autocheckpoint(writer_, 1000);
  {
    const std::lock_guard lock(m_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(own_);
}

std::int64_t WalCheckpointer::checkpoints() const {
  const std::lock_guard lock(m_);
  return checkpoints_;
}

std::int64_t WalCheckpointer::inline_checkpoints() const {
  const std::lock_guard lock(m_);
  return inline_checkpoints_;
}

int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int frames) {
  auto& c = *static_cast<WalCheckpointer*>(self);
  if (frames >= c.hard_limit_) {
    // The thread has not kept up (commits without a pause for as long as a checkpoint takes
    // leave it always behind, and a log is reused only once it is copied whole). The writer
    // copies the rest itself, as SQLite's automatic checkpoint does from this hook, after the
    // thread's checkpoint under way: with no commit between, the whole log is copied and the
    // next transaction writes the log from its start again.
    {
      std::unique_lock lock(c.m_);
      c.paused_ = true;
      c.idle_.wait(lock, [&] { return !c.running_; });
    }
    // Its failure is not the commit's (the transaction is committed already).
    const int rc =
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    const std::lock_guard lock(c.m_);
    c.paused_ = false;
    if (rc == SQLITE_OK) ++c.inline_checkpoints_;
    return SQLITE_OK;
  }
  if (frames >= c.pages_) {
    {
      const std::lock_guard lock(c.m_);
      c.wanted_ = true;
    }
    c.wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lock(m_);
  for (;;) {
    wake_.wait(lock, [&] { return (wanted_ && !paused_) || stop_; });
    if (stop_) return;
    wanted_ = false;
    running_ = true;
    lock.unlock();
    // Passive: copies what it can without waiting for a reader or a writer. A failure (the
    // log busy, a full disk) leaves the frames in the log, which the next request copies; the
    // writers' commits do not depend on it.
    const int rc =
        sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    running_ = false;
    if (rc == SQLITE_OK) ++checkpoints_;
    idle_.notify_all();
  }
}

}  // namespace akichi::sim::store

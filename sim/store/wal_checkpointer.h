// Checkpoints of a GeoPackage's write-ahead log, off the writers' path.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace akichi::sim::store {

/// Copies the write-ahead log of a SQLite database in WAL mode into the database on a thread
/// and a connection of its own. SQLite's automatic checkpoint runs in the commit that fills the
/// log past its limit (1000 pages): on a server, under the writers' lock, with two syncs (the
/// log, then the database) and a thousand pages copied, while every other write waits behind
/// it. A passive checkpoint on another connection takes no writer's lock (SQLite, "Write-Ahead
/// Logging", section 3.2): writers keep committing to the log while it copies.
///
/// It replaces the automatic checkpoint of `writer` (the connection that commits, through
/// sqlite3_wal_hook(), which takes the place of sqlite3_wal_autocheckpoint()): after each
/// commit that leaves `pages` or more frames in the log, the thread is asked for a checkpoint.
/// A log is written from its start again only once it is copied whole, which commits that
/// follow each other without a pause as long as a checkpoint (two syncs) never let the thread
/// see: should the log grow to `hard_limit_factor` times `pages`, the commit waits for the
/// thread's checkpoint under way and copies the rest itself, as SQLite would, so the log stays
/// within that and a commit's frames.
///
/// Durability is SQLite's: the checkpointing connection uses synchronous = FULL, which syncs
/// the log before copying and the database before the log may be reused.
class WalCheckpointer {
 public:
  /// `writer`: the connection that commits (not owned; it must outlive this object). `path`:
  /// the database file, opened again for the thread's connection. Throws RuntimeError when it
  /// cannot be opened.
  WalCheckpointer(sqlite3* writer, const std::string& path, int pages = 1000,
                  int hard_limit_factor = 4);
  /// Removes the hook from `writer` (its automatic checkpoint is back), ends the thread and
  /// closes its connection.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  /// Checkpoints the thread has run (each copies every frame committed when it started, as
  /// far as no reader holds an older snapshot).
  std::int64_t checkpoints() const;
  /// Checkpoints run by a commit itself because the log reached the hard limit.
  std::int64_t inline_checkpoints() const;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  void run();

  sqlite3* const writer_;
  const int pages_, hard_limit_;
  sqlite3* own_ = nullptr;
  mutable std::mutex m_;
  std::condition_variable wake_, idle_;
  /// A checkpoint asked for; the thread's under way; the writer's own under way or waited for.
  bool wanted_ = false, running_ = false, paused_ = false, stop_ = false;
  std::int64_t checkpoints_ = 0, inline_checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace akichi::sim::store

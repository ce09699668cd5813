// Checkpoints of a write-ahead log off the writers' path: the log stays bounded while a writer
// commits, every committed row is in the database, and the writer's own checkpoint takes over
// when the log reaches the hard limit.
#include "sim/store/wal_checkpointer.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace akichi::sim::store::wal_checkpointer_test {

namespace fs = std::filesystem;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("akichi-wal-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "db.sqlite").string();
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    exec("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)");
  }
  void TearDown() override {
    if (db_ != nullptr) sqlite3_close(db_);
    fs::remove_all(dir_);
  }
  void exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << sql << ": " << (err ? err : "") << " extended " << sqlite3_extended_errcode(db_);
  }
  /// One transaction of one row (a page of text, so that each commit writes a few frames).
  void commit_row(int i) {
    exec("INSERT INTO t VALUES (" + std::to_string(i) + ", hex(zeroblob(1000)))");
  }
  std::int64_t count(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  }
  /// Frames in the log file now (its header 32 bytes, each frame 24 + the page size).
  std::int64_t log_frames() {
    const fs::path wal = path_ + "-wal";
    if (!fs::exists(wal)) return 0;
    return (static_cast<std::int64_t>(fs::file_size(wal)) - 32) / (24 + 4096);
  }

  fs::path dir_;
  std::string path_;
  sqlite3* db_ = nullptr;
};

TEST_F(WalCheckpointerTest, KeepsTheLogBoundedAndTheDatabaseWhole) {
  constexpr int kRows = 2000, kPages = 20, kFactor = 4;
  std::int64_t by_thread = 0;
  {
    WalCheckpointer c(db_, path_, kPages, kFactor);
    for (int i = 0; i < kRows; ++i) {
      commit_row(i);
      // A pause now and then, as a server between bursts.
      if (i % 100 == 99) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    by_thread = c.checkpoints();
    // Without checkpoints each commit's frames would stay: at least one per row.
    EXPECT_GT(by_thread + c.inline_checkpoints(), 0);
    // Reused from its start once copied whole: the file never grew past the hard limit and
    // the frames of the commit that reached it (a row and its table's pages: a few).
    EXPECT_LE(log_frames(), kPages * kFactor + 4) << "the log grew with every commit";
  }
  EXPECT_GT(by_thread, 0);
  EXPECT_EQ(count(db_), kRows);
  // Another connection reads every row, and after the writer closes (SQLite's last checkpoint
  // of the log) the database file alone holds them.
  sqlite3_close(db_);
  db_ = nullptr;
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(count(reader), kRows);
  sqlite3_close(reader);
}

TEST_F(WalCheckpointerTest, TheCommitCheckpointsAtTheHardLimit) {
  // A hard limit equal to the soft one: every commit that fills the log checkpoints itself,
  // and the thread is never asked.
  WalCheckpointer c(db_, path_, 10, 1);
  for (int i = 0; i < 200; ++i) commit_row(i);
  EXPECT_GT(c.inline_checkpoints(), 0);
  EXPECT_EQ(c.checkpoints(), 0);
  EXPECT_LE(log_frames(), 10 + 4);
  EXPECT_EQ(count(db_), 200);
}

TEST_F(WalCheckpointerTest, TheWritersOwnCheckpointIsBackAfterIt) {
  { WalCheckpointer c(db_, path_, 10, 16); }
  // SQLite's automatic checkpoint at 1000 pages again: a log of 3000 commits stays near that.
  for (int i = 0; i < 3000; ++i) commit_row(i);
  EXPECT_LT(log_frames(), 1000 + 16);
  EXPECT_EQ(count(db_), 3000);
}

TEST(WalCheckpointer, AnUnopenableFileIsARuntimeError) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  EXPECT_THROW(WalCheckpointer(db, "/nonexistent-dir/x.sqlite"), std::exception);
  sqlite3_close(db);
}

}  // namespace akichi::sim::store::wal_checkpointer_test

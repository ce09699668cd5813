// The live database's change feed on PostgreSQL: several servers share one database, and each
// must learn of the writes the others commit. Every write transaction sends
//   NOTIFY akichi_data_version, '<new data_version>'
// in the transaction itself, so that PostgreSQL delivers it only when (and if) the transaction
// commits, in commit order (PostgreSQL documentation, NOTIFY). A PgChangeFeed LISTENs on a
// libpq connection of its own (GDAL's connection is behind the store's lock and gives no
// access to its socket) and waits on that socket in a thread (PQconsumeInput, PQnotifies).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "sim/store/store.h"

namespace akichi::sim::store {

/// The channel every commit notifies.
inline constexpr const char* kChangeChannel = "akichi_data_version";

/// GDAL's "PG:..." connection string as a libpq conninfo: the prefix and GDAL's own options
/// (schemas=, active_schema=, tables=) left out, the rest (host, port, dbname, user, ...) kept.
std::string libpq_conninfo(const std::string& gdal_uri);

class PgChangeFeed final : public ServerAttachment {
 public:
  /// Connects and LISTENs before returning (RuntimeError when it cannot: a server that would
  /// not hear the others must not start), then waits for notifications in a thread.
  PgChangeFeed(std::string conninfo, std::function<void(std::int64_t)> on_change);
  ~PgChangeFeed() override;  ///< stops the thread and closes the connection
  PgChangeFeed(const PgChangeFeed&) = delete;
  PgChangeFeed& operator=(const PgChangeFeed&) = delete;

 private:
  void connect();  ///< a new connection, LISTENing
  void run();
  std::string conninfo_;
  std::function<void(std::int64_t)> on_change_;
  void* conn_ = nullptr;    ///< PGconn*, kept out of this header
  int wake_[2] = {-1, -1};  ///< a pipe: the destructor writes to end the thread's wait
  std::thread thread_;
};

}  // namespace akichi::sim::store

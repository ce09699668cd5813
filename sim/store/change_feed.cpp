#include "sim/store/change_feed.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "base/errors.h"

namespace akichi::sim::store {

std::string libpq_conninfo(const std::string& gdal_uri) {
  std::string_view rest = gdal_uri;
  if (rest.size() >= 3 && (rest.substr(0, 3) == "PG:" || rest.substr(0, 3) == "pg:"))
    rest.remove_prefix(3);
  // GDAL's PostgreSQL driver takes "key=value" words separated by spaces; a few keys are its
  // own and unknown to libpq.
  std::istringstream words{std::string(rest)};
  std::string word, out;
  while (words >> word) {
    if (word.rfind("schemas=", 0) == 0 || word.rfind("active_schema=", 0) == 0 ||
        word.rfind("tables=", 0) == 0)
      continue;
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

namespace {

PGconn* pg(void* c) {
  return static_cast<PGconn*>(c);
}

}  // namespace

PgChangeFeed::PgChangeFeed(std::string conninfo, std::function<void(std::int64_t)> on_change)
    : conninfo_(std::move(conninfo)), on_change_(std::move(on_change)) {
  if (::pipe(wake_) != 0)
    throw RuntimeError(fmt::format("change feed: pipe: {}", std::strerror(errno)));
  try {
    connect();
  } catch (...) {
    ::close(wake_[0]);
    ::close(wake_[1]);
    throw;
  }
  thread_ = std::thread([this] { run(); });
}

PgChangeFeed::~PgChangeFeed() {
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_[1], &byte, 1);
  thread_.join();
  if (conn_ != nullptr) PQfinish(pg(conn_));
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void PgChangeFeed::connect() {
  if (conn_ != nullptr) PQfinish(pg(conn_));
  conn_ = PQconnectdb(conninfo_.c_str());
  if (PQstatus(pg(conn_)) != CONNECTION_OK) {
    const std::string msg = PQerrorMessage(pg(conn_));
    PQfinish(pg(conn_));
    conn_ = nullptr;
    throw RuntimeError(fmt::format("change feed: cannot connect to \"{}\": {}", conninfo_, msg));
  }
  PGresult* r = PQexec(pg(conn_), fmt::format("LISTEN {}", kChangeChannel).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    const std::string msg = PQerrorMessage(pg(conn_));
    PQfinish(pg(conn_));
    conn_ = nullptr;
    throw RuntimeError(fmt::format("change feed: LISTEN {}: {}", kChangeChannel, msg));
  }
}

void PgChangeFeed::run() {
  bool lost = false;
  for (;;) {
    if (conn_ == nullptr || lost) {
      // The connection was lost: made again once a second, and whatever was notified
      // meanwhile is caught up by the caller (on_change(-1) reloads).
      pollfd wake{wake_[0], POLLIN, 0};
      if (::poll(&wake, 1, 1000) > 0) return;
      try {
        connect();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "akichi serve: %s\n", e.what());
        continue;
      }
      lost = false;
      on_change_(-1);
    }
    pollfd fds[2] = {{PQsocket(pg(conn_)), POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "akichi serve: change feed: poll: %s\n", std::strerror(errno));
      lost = true;
      continue;
    }
    if (fds[1].revents != 0) return;
    if (PQconsumeInput(pg(conn_)) == 0) {
      std::fprintf(stderr, "akichi serve: change feed: connection lost: %s",
                   PQerrorMessage(pg(conn_)));
      lost = true;
      continue;
    }
    std::int64_t newest = 0;
    bool any = false;
    while (PGnotify* n = PQnotifies(pg(conn_))) {
      std::int64_t v = -1;
      try {
        v = std::stoll(n->extra);
      } catch (const std::exception&) {
        v = -1;  // not ours: reload to be safe
      }
      newest = any ? (v < 0 || newest < 0 ? -1 : std::max(newest, v)) : v;
      any = true;
      PQfreemem(n);
    }
    if (any) on_change_(newest);
  }
}

}  // namespace akichi::sim::store

// The live sharing system's database: the radio-station database (incumbents, licensees' local
// 5G stations), the spectrum-use database (grants), the audit table of every decision and the
// access tokens — behind one interface with two backends on GDAL/OGR:
//   GeoPackage (SQLite; the embedded default): a file; WAL journal, the log synced by the
//     store before a write is acknowledged (group commit, see commit()), and checkpointed on
//     a thread of its own while a server is attached (wal_checkpointer.h).
//   PostgreSQL + PostGIS: a "PG:..." connection string, for a shared deployment.
// The station and grant tables are point feature tables in WGS 84 (EPSG:4326), so QGIS opens
// the live database as map layers; their columns are the keys of a station list
// (sim/station/station_fields.h), so the station table is itself a station list that
// `akichi run` reads. Audit and token tables are attribute tables.
//
// Schema: table akichi_meta (key, value) holds "schema_version" and "data_version"; opening an
// older schema runs the migrations in order inside one transaction; a newer schema is refused.
// data_version increases by one with every committed write transaction.
//
// Thread safety: a Store serialises its own calls (one connection behind a mutex). Writes go
// through transaction(): every change of the body commits together, durably (the commit returns
// after the database has synced), or none does. commit() and wait_durable() split a write in
// two so that writers waiting for durability at the same time share one sync (group commit).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "sim/station/station.h"
#include "sim/station/station_db.h"

namespace akichi::sim::store {

/// A write refused because of the database's content: an id that exists (Conflict, HTTP 409)
/// or one that does not (NotFound, HTTP 404).
class Conflict : public Error {
 public:
  using Error::Error;
};
class NotFound : public Error {
 public:
  using Error::Error;
};

/// One grant of the spectrum-use database: a newcomer's local 5G base station (role
/// Local5gBase, its band the granted channel, its EIRP and schedule the granted ones).
struct Grant {
  std::int64_t id = 0;  ///< assigned by the store (> 0)
  Station station;      ///< station.id is unique among stations and active grants
  std::string channel;  ///< the channel's name in the scenario's plan
  std::string licensee;
  bool active = true;                     ///< false once released
  std::string granted_utc, released_utc;  ///< ISO 8601, "" when not yet
  std::int64_t audit_id = 0;              ///< the decision that granted it
};

/// One decision or change, kept so that a regulator can reproduce it.
struct AuditEntry {
  std::int64_t id = 0;  ///< assigned by the store
  std::string time_utc;
  std::string actor;              ///< "regulator", "licensee:NAME", "public"
  std::string action;             ///< "station.create", "grant.request", "grant.release", ...
  std::string request;            ///< the request as JSON text
  std::string response;           ///< the answer as JSON text
  std::string models;             ///< model names and versions as JSON text
  std::int64_t data_version = 0;  ///< the database version the decision was taken on
};

/// An access token: only its SHA-256 is stored.
struct Token {
  std::string id;          ///< short public name ("t1", ...), for listing and revoking
  std::string sha256_hex;  ///< of the secret
  std::string role;        ///< "regulator", "licensee", "public"
  std::string licensee;    ///< role licensee: whose stations and grants
  std::string created_utc;
};

/// The changes of one write transaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual void insert_station(const Station& station) = 0;  ///< Conflict when the id exists
  virtual void update_station(const Station& station) = 0;  ///< NotFound when it does not
  virtual void delete_station(std::string_view id) = 0;     ///< NotFound when it does not
  /// Sets grant.id; Conflict when station.id is a station's or an active grant's id.
  virtual std::int64_t insert_grant(Grant& grant) = 0;
  virtual void release_grant(std::int64_t id, const std::string& time_utc) = 0;  ///< NotFound
  virtual std::int64_t append_audit(AuditEntry& entry) = 0;                      ///< sets entry.id
  virtual void insert_token(const Token& token) = 0;   ///< Conflict when the id exists
  virtual void delete_token(std::string_view id) = 0;  ///< NotFound
  /// The data_version this transaction starts from, read in it: on PostgreSQL under the
  /// advisory lock, so no other server's write can commit before this one does. A server
  /// compares it with the version its state was loaded at before it writes what it judged.
  virtual std::int64_t data_version() = 0;
};

/// What attach_server() gives a server: while it lives, PostgreSQL's change feed (a thread
/// listening on its own connection) or the GeoPackage's claim of the file for one server.
class ServerAttachment {
 public:
  virtual ~ServerAttachment() = default;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual std::string backend() const = 0;  ///< "gpkg" or "postgis"
  virtual int schema_version() = 0;
  /// The version of the last write transaction committed (by this store, or before it opened).
  virtual std::int64_t data_version() = 0;

  /// Runs `body` in one write transaction and commits; rolls back and rethrows when `body`
  /// throws. Returns the new data_version once the transaction is durable: commit() then
  /// wait_durable(). On PostgreSQL the transaction holds an advisory lock, so that writers of
  /// several servers are serialised too.
  std::int64_t transaction(const std::function<void(Transaction&)>& body) {
    const std::int64_t version = commit(body);
    wait_durable(version);
    return version;
  }

  /// transaction() without the wait: returns the new data_version once the transaction is
  /// committed — every later read and write of this store sees it, and transactions are
  /// durable in the order they commit — but possibly before it is durable. Nothing may be
  /// acknowledged before wait_durable() of its version returns. A writer that commits under
  /// its own lock and waits after releasing it lets the next writers commit meanwhile; all
  /// waiting then share one sync of the log.
  virtual std::int64_t commit(const std::function<void(Transaction&)>& body) = 0;

  /// Returns once every transaction up to `version` is durable (survives a crash of the
  /// process or of the machine). GeoPackage: one fdatasync of the write-ahead log covers every
  /// transaction committed before it started; concurrent callers wait for it or start the
  /// next one. PostgreSQL: commits are durable already (synchronous_commit = on). Throws
  /// RuntimeError when the log cannot be synced.
  virtual void wait_durable(std::int64_t version) = 0;

  /// The stations, parsed by parse_station() (station lists' checks and messages), in id order.
  virtual std::vector<Station> stations() = 0;
  virtual std::vector<Grant> grants(bool active_only) = 0;  ///< in id order
  virtual std::vector<AuditEntry> audit(std::int64_t after_id, std::size_t limit) = 0;
  virtual std::vector<Token> tokens() = 0;
  virtual std::optional<Token> token_by_hash(std::string_view sha256_hex) = 0;

  /// data_version read from the database now, not as this store last saw it: another server
  /// (or `akichi serve token create`) may have committed since. data_version() then answers
  /// at least this.
  virtual std::int64_t read_data_version() = 0;

  /// Attaches a server to the database, for as long as the answer lives.
  /// PostgreSQL: every commit of any server sends NOTIFY akichi_data_version with the new
  /// version, in its transaction (delivered only when it commits); the answer is a thread
  /// LISTENing on a libpq connection of its own, calling `on_change(version)` for the newest
  /// version of each batch of notifications, and `on_change(-1)` after the connection was
  /// lost and made again (notifications may have been missed meanwhile). `on_change` runs on
  /// that thread and must not throw.
  /// GeoPackage: one server per file. The answer holds an exclusive flock() on the file; a
  /// second server on the same file is refused (RuntimeError naming the file) rather than
  /// run beside the first (docs/live-database.md says why); `on_change` is never called.
  /// From then on, the store checkpoints the log on a thread of its own (WalCheckpointer).
  virtual std::unique_ptr<ServerAttachment> attach_server(
      std::function<void(std::int64_t)> on_change) = 0;
};

/// Opens (creating when absent) the database at `uri`: a GeoPackage path ("live.gpkg"), or a
/// PostgreSQL connection string ("PG:host=/tmp/x dbname=akichi"). `source` is how stations are
/// read back (the scenario's CRS, area and model domain). Throws InputError when the file is
/// not a database akichi can use (another GeoPackage without akichi's tables is refused, not
/// changed) or its schema is newer than this program's; RuntimeError when it cannot be opened.
std::unique_ptr<Store> open_store(const std::string& uri, const StationSource& source);

/// The schema version this program writes.
int current_schema_version();

}  // namespace akichi::sim::store

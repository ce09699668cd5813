// The live database on GDAL/OGR (store.h): one implementation over an OGR dataset. The
// differences of the two backends are kept apart: how the dataset is opened and tuned
// (open_gpkg: WAL journal, the log synced by wait_durable(); open_pg), and in BackendTraits the
// layer creation options, the boolean filter and the statement that starts a write transaction
// (PostgreSQL: an advisory lock).
//
// Tables (schema version 4; version 1 lacked the station columns criterion_mode, criterion_at,
// version 2 the antenna columns of the types m2101, f1336 and f699, version 3 the column
// antenna.correlation of m2101):
//   stations     point layer, EPSG:4326; one column per key of station_fields() but the
//                position (the point), so that the table is a station list of its own
//   grants       point layer, EPSG:4326; the station columns and channel, active, granted_utc,
//                released_utc, audit_id; the grant's id is the feature id
//   audit        attribute table; the entry's id is the feature id
//   tokens       attribute table (id, sha256_hex, role, licensee, created_utc)
//   akichi_meta  attribute table (key, value): schema_version, data_version
#include "sim/store/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include "base/file_kind.h"
#include "base/gdal_quiet.h"
#include "sim/station/station_fields.h"
#include "sim/store/change_feed.h"
#include "sim/store/store_pragma.h"
#include "sim/store/wal_checkpointer.h"

namespace akichi::sim::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStations = "stations";
constexpr const char* kGrants = "grants";
constexpr const char* kAudit = "audit";
constexpr const char* kTokens = "tokens";
constexpr const char* kMeta = "akichi_meta";
/// The key of the PostgreSQL advisory lock every write transaction takes ("akichi" in ASCII).
constexpr long long kAdvisoryLockKey = 0x616b69636869LL;

// ---------------------------------------------------------------------------------------------
// Columns

/// Station keys stored as text; every other station column is a real number.
bool text_key(std::string_view key) {
  return key == "id" || key == "role" || key == "service" || key == "licensee" || key == "tdd" ||
         key == "schedule" || key == "antenna.type" || key == "antenna.pattern" ||
         key == "criterion_mode" || key == "criterion_at" || key == "antenna.beam" ||
         key == "antenna.variant";
}

/// The station columns added by schema version 2: the receiver's own criterion settings.
const std::vector<std::string> kStationColumnsV2{"criterion_mode", "criterion_at"};

/// The antenna keys of schema version 1 (isotropic, 3gpp_sector, msi, s465, s580).
const std::vector<std::string> kAntennaColumnsV1{"antenna.type",
                                                 "antenna.gain_dBi",
                                                 "antenna.azimuth_deg",
                                                 "antenna.downtilt_deg",
                                                 "antenna.hpbw_h_deg",
                                                 "antenna.hpbw_v_deg",
                                                 "antenna.front_to_back_dB",
                                                 "antenna.sla_v_dB",
                                                 "antenna.pattern",
                                                 "antenna.diameter_m",
                                                 "antenna.elevation_deg",
                                                 "antenna.efficiency",
                                                 "antenna.gso_longitude_deg"};

/// The station column added by schema version 4: M.2101's correlation level of m2101.
const std::vector<std::string> kStationColumnsV4{"antenna.correlation"};

/// The station columns added by schema version 3: the keys of the antenna types m2101, f1336
/// and f699 (every antenna key of the station lists that version 1 did not have, but those of
/// later versions).
const std::vector<std::string>& station_columns_v3() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out;
    const auto in = [](const std::vector<std::string>& v, const std::string& k) {
      return std::find(v.begin(), v.end(), k) != v.end();
    };
    for (std::string& k : antenna_keys("antenna.")) {
      if (!in(kAntennaColumnsV1, k) && !in(kStationColumnsV4, k)) out.push_back(std::move(k));
    }
    return out;
  }();
  return columns;
}

/// The station columns of schema version 1 (a migration step creates them as they were then).
const std::vector<std::string>& station_columns_v1() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out{"id",
                                 "role",
                                 "service",
                                 "licensee",
                                 "tdd",
                                 "tdd_overlap",
                                 "height_m",
                                 "freq_lo_Hz",
                                 "freq_hi_Hz",
                                 "eirp_dBm",
                                 "tx_power_dBm",
                                 "noise_figure_dB",
                                 "noise_temperature_K",
                                 "feeder_loss_dB",
                                 "i_over_n_dB",
                                 "interference_dBm",
                                 "ref_bandwidth_Hz",
                                 "criterion_time_percent",
                                 "schedule"};
    out.insert(out.end(), kAntennaColumnsV1.begin(), kAntennaColumnsV1.end());
    return out;
  }();
  return columns;
}

/// The station columns: the keys station_fields() writes for a database station (every
/// antenna key, whichever type), without the position, which is the point geometry.
const std::vector<std::string>& station_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out = station_columns_v1();
    out.insert(out.end(), kStationColumnsV2.begin(), kStationColumnsV2.end());
    out.insert(out.end(), station_columns_v3().begin(), station_columns_v3().end());
    out.insert(out.end(), kStationColumnsV4.begin(), kStationColumnsV4.end());
    return out;
  }();
  return columns;
}

std::string quote_literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// ---------------------------------------------------------------------------------------------
// Backends

enum class Backend { Gpkg, Postgis };

/// What differs between the backends once the dataset is open.
struct BackendTraits {
  Backend backend;
  /// Layer creation options (FID column name, geometry column name, column names kept as
  /// given: PostgreSQL would otherwise fold "freq_lo_Hz" to lower case and '.' to '_').
  std::vector<std::string> layer_options() const {
    if (backend == Backend::Postgis) {
      return {"FID=fid", "GEOMETRY_NAME=geom", "LAUNDER=NO", "PRECISION=NO"};
    }
    return {"FID=fid", "GEOMETRY_NAME=geom"};
  }
  /// The filter of active grants: the boolean column is a BOOLEAN in PostgreSQL, an integer
  /// in SQLite.
  std::string active_filter() const {
    return backend == Backend::Postgis ? "active = TRUE" : "active = 1";
  }
  /// The statement run first in every write transaction, or "": on PostgreSQL the advisory
  /// lock, released with the transaction, that serialises the writers of every server sharing
  /// the database (SQLite serialises its writers itself).
  std::string begin_statement() const {
    return backend == Backend::Postgis
               ? fmt::format("SELECT pg_advisory_xact_lock({})", kAdvisoryLockKey)
               : "";
  }
};

class OgrStore;

// ---------------------------------------------------------------------------------------------
// Schema and migrations

/// One step of the schema: brings a database at version `to - 1` to version `to`. Steps run
/// in order inside one transaction when an older database is opened; version 1 creates the
/// tables of an empty database.
struct Migration {
  int to;
  void (*step)(GDALDataset& ds, const BackendTraits& traits);
};

OGRLayer* create_layer(GDALDataset& ds, const BackendTraits& traits, const char* name,
                       OGRwkbGeometryType type) {
  const std::vector<std::string> opts = traits.layer_options();
  CPLStringList options;
  for (const std::string& o : opts) options.AddString(o.c_str());
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds.CreateLayer(name, type == wkbNone ? nullptr : &wgs84, type, options.List());
  if (layer == nullptr) {
    throw RuntimeError(
        fmt::format("{}: cannot create table {}: {}", ds.GetDescription(), name, gdal_message()));
  }
  return layer;
}

void add_field(OGRLayer& layer, const std::string& name, OGRFieldType type,
               OGRFieldSubType subtype = OFSTNone) {
  OGRFieldDefn defn(name.c_str(), type);
  defn.SetSubType(subtype);
  if (layer.CreateField(&defn, FALSE) != OGRERR_NONE) {
    throw RuntimeError(fmt::format("table {}: cannot create column {}: {}", layer.GetName(), name,
                                   gdal_message()));
  }
}

void add_station_fields(OGRLayer& layer, const std::vector<std::string>& columns) {
  for (const std::string& c : columns) add_field(layer, c, text_key(c) ? OFTString : OFTReal);
}

void schema_v1(GDALDataset& ds, const BackendTraits& traits) {
  OGRLayer* stations = create_layer(ds, traits, kStations, wkbPoint);
  add_station_fields(*stations, station_columns_v1());

  OGRLayer* grants = create_layer(ds, traits, kGrants, wkbPoint);
  add_station_fields(*grants, station_columns_v1());
  add_field(*grants, "channel", OFTString);
  add_field(*grants, "active", OFTInteger, OFSTBoolean);
  add_field(*grants, "granted_utc", OFTString);
  add_field(*grants, "released_utc", OFTString);
  add_field(*grants, "audit_id", OFTInteger64);

  OGRLayer* audit = create_layer(ds, traits, kAudit, wkbNone);
  for (const char* c : {"time_utc", "actor", "action", "request", "response", "models"})
    add_field(*audit, c, OFTString);
  add_field(*audit, "data_version", OFTInteger64);

  OGRLayer* tokens = create_layer(ds, traits, kTokens, wkbNone);
  for (const char* c : {"id", "sha256_hex", "role", "licensee", "created_utc"})
    add_field(*tokens, c, OFTString);

  OGRLayer* meta = create_layer(ds, traits, kMeta, wkbNone);
  add_field(*meta, "key", OFTString);
  add_field(*meta, "value", OFTString);
  for (const char* key : {"schema_version", "data_version"}) {
    FeaturePtr f(OGRFeature::CreateFeature(meta->GetLayerDefn()));
    f->SetField("key", key);
    f->SetField("value", "0");
    if (meta->CreateFeature(f.get()) != OGRERR_NONE) {
      throw RuntimeError(fmt::format("{}: cannot write {}: {}", kMeta, key, gdal_message()));
    }
  }
}

/// Version 2: a receiver's own criterion_mode and criterion_at (overriding the scenario's
/// [protection]) as text columns of the stations and grants; existing rows keep theirs NULL,
/// that is the scenario's settings, as before.
void schema_v2(GDALDataset& ds, const BackendTraits&) {
  for (const char* name : {kStations, kGrants}) {
    OGRLayer* layer = ds.GetLayerByName(name);
    if (layer == nullptr) {
      throw RuntimeError(fmt::format("{}: no table {} to migrate", ds.GetDescription(), name));
    }
    add_station_fields(*layer, kStationColumnsV2);
  }
}

/// Version 3: the columns of the antenna types m2101, f1336 and f699; existing rows keep them
/// NULL (their antennas are of the older types, which do not have these keys).
void schema_v3(GDALDataset& ds, const BackendTraits&) {
  for (const char* name : {kStations, kGrants}) {
    OGRLayer* layer = ds.GetLayerByName(name);
    if (layer == nullptr) {
      throw RuntimeError(fmt::format("{}: no table {} to migrate", ds.GetDescription(), name));
    }
    add_station_fields(*layer, station_columns_v3());
  }
}

/// Version 4: M.2101's correlation level of the m2101 antennas; existing rows keep it NULL,
/// that is the fully correlated array (rho = 1) they were written with.
void schema_v4(GDALDataset& ds, const BackendTraits&) {
  for (const char* name : {kStations, kGrants}) {
    OGRLayer* layer = ds.GetLayerByName(name);
    if (layer == nullptr) {
      throw RuntimeError(fmt::format("{}: no table {} to migrate", ds.GetDescription(), name));
    }
    add_station_fields(*layer, kStationColumnsV4);
  }
}

/// The schema's history: a new version appends its step here and raises nothing else.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps{
      {1, &schema_v1}, {2, &schema_v2}, {3, &schema_v3}, {4, &schema_v4}};
  return steps;
}

// ---------------------------------------------------------------------------------------------
// The store

class OgrTransaction;

class OgrStore final : public Store {
 public:
  OgrStore(std::string uri, Backend backend, DatasetPtr ds, const StationSource& source)
      : uri_(std::move(uri)),
        traits_{backend},
        ds_(std::move(ds)),
        crs_(source.crs),
        source_{crs_, source.extent, source.model_domain, source.model_name, source.buildings} {}

  std::string backend() const override {
    return traits_.backend == Backend::Gpkg ? "gpkg" : "postgis";
  }
  int schema_version() override {
    std::lock_guard lock(mutex_);
    return static_cast<int>(meta_number("schema_version"));
  }
  ~OgrStore() override {
    checkpointer_.reset();
    if (wal_fd_ >= 0) ::close(wal_fd_);
    // Before GDAL closes the connection: an unfinalized statement keeps it open.
    for (sqlite3_stmt* st : {data_version_stmt_, meta_read_stmt_, meta_write_stmt_})
      if (st != nullptr) sqlite3_finalize(st);
    // A server's claim of the file (attach_server()) is let go once SQLite has closed it:
    // closing a descriptor of the file would drop the POSIX locks SQLite holds on it.
    ds_.reset();
    if (claim_fd_ >= 0) ::close(claim_fd_);
  }
  OgrStore(const OgrStore&) = delete;
  OgrStore& operator=(const OgrStore&) = delete;

  std::int64_t data_version() override {
    // Read once, then kept by commit() and read_data_version(): a point query asks for it
    // every time. A server sharing a PostgreSQL database learns of the others' commits from
    // its change feed and reads the version again (read_data_version()).
    std::int64_t v = version_.load(std::memory_order_acquire);
    if (v >= 0) return v;
    std::lock_guard lock(mutex_);
    v = meta_number("data_version");
    std::int64_t unknown = -1;
    version_.compare_exchange_strong(unknown, v, std::memory_order_acq_rel);
    return version_.load(std::memory_order_acquire);
  }
  /// For wait_durable(): the versions in the database when it was opened count as durable.
  void start_versions() {
    const std::int64_t v = data_version();
    const std::lock_guard lock(sync_mutex_);
    committed_ = durable_ = v;
    durable_now_.store(v, std::memory_order_release);
  }
  std::int64_t commit(const std::function<void(Transaction&)>& body) override;
  std::int64_t read_data_version() override;
  std::unique_ptr<ServerAttachment> attach_server(
      std::function<void(std::int64_t)> on_change) override;
  void wait_durable(std::int64_t version) override;
  std::vector<Station> stations() override;
  std::vector<Grant> grants(bool active_only) override;
  std::vector<AuditEntry> audit(std::int64_t after_id, std::size_t limit) override;
  std::vector<Token> tokens() override;
  std::optional<Token> token_by_hash(std::string_view sha256_hex) override;

  /// Opens: refuses a newer schema, runs the migrations an older one needs; whether it ran any.
  bool migrate();

  /// "PRAGMA name" on the connection (GeoPackage).
  std::string pragma_value(std::string_view name) {
    std::lock_guard lock(mutex_);
    return pragma_locked(name);
  }

 private:
  friend class OgrTransaction;

  /// SQLite's "PRAGMA data_version" of GDAL's connection to the GeoPackage (mutex_ held): it
  /// changes when another connection commits. Through a statement prepared once on the
  /// connection's handle: OGR's ExecuteSQL prepares it and builds a result layer every time,
  /// which cost more than the token look-up it was to save.
  std::int64_t connection_data_version() {
    if (data_version_stmt_ == nullptr) {
      auto* db = static_cast<sqlite3*>(ds_->GetInternalHandle("SQLITE_HANDLE"));
      if (db == nullptr || sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &data_version_stmt_,
                                              nullptr) != SQLITE_OK) {
        throw RuntimeError(fmt::format("{}: PRAGMA data_version: {}", uri_,
                                       db ? sqlite3_errmsg(db) : "no SQLite connection"));
      }
    }
    const int rc = sqlite3_step(data_version_stmt_);
    const std::int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(data_version_stmt_, 0) : -1;
    sqlite3_reset(data_version_stmt_);
    if (rc != SQLITE_ROW)
      throw RuntimeError(fmt::format("{}: PRAGMA data_version: {}", uri_, sqlite3_errstr(rc)));
    return v;
  }

  /// A statement prepared once on GDAL's SQLite connection to the GeoPackage (mutex_ held).
  sqlite3_stmt* prepared(sqlite3_stmt*& stmt, const char* sql) {
    if (stmt == nullptr) {
      auto* db = static_cast<sqlite3*>(ds_->GetInternalHandle("SQLITE_HANDLE"));
      if (db == nullptr || sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "no SQLite connection";
        if (stmt != nullptr) sqlite3_finalize(stmt);
        stmt = nullptr;
        throw RuntimeError(fmt::format("{}: {}: {}", uri_, sql, msg));
      }
    }
    return stmt;
  }

  /// The data_version row of akichi_meta, read and written inside a write transaction. On a
  /// GeoPackage through statements prepared once on the connection: through OGR each was an
  /// attribute query prepared anew (and the write a feature update), the largest part of a
  /// denied grant's commit. The value is the same text either way.
  std::int64_t stored_data_version() {
    if (traits_.backend != Backend::Gpkg) return meta_number("data_version");
    sqlite3_stmt* st = prepared(meta_read_stmt_,
                                "SELECT \"value\" FROM akichi_meta WHERE \"key\" = 'data_version'");
    std::string text;
    int rows = 0, rc = SQLITE_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      ++rows;
      const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      text = v != nullptr ? v : "";
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
      throw RuntimeError(fmt::format("{}: cannot read {}: {}", uri_, kMeta, sqlite3_errstr(rc)));
    if (rows != 1) {
      throw RuntimeError(
          fmt::format("{}: {} has {} rows for {}", uri_, kMeta, rows, "data_version"));
    }
    return std::stoll(text);
  }

  void store_data_version(std::int64_t value) {
    if (traits_.backend != Backend::Gpkg) return set_meta("data_version", value);
    sqlite3_stmt* st = prepared(
        meta_write_stmt_, "UPDATE akichi_meta SET \"value\" = ?1 WHERE \"key\" = 'data_version'");
    const std::string text = std::to_string(value);
    sqlite3_bind_text(st, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    auto* db = sqlite3_db_handle(st);
    const int rows = rc == SQLITE_DONE ? sqlite3_changes(db) : 0;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
      throw RuntimeError(fmt::format("{}: cannot write {}: {}", uri_, kMeta, sqlite3_errstr(rc)));
    if (rows != 1) {
      throw RuntimeError(
          fmt::format("{}: {} has {} rows for {}", uri_, kMeta, rows, "data_version"));
    }
  }

  /// pragma_value() with mutex_ held.
  std::string pragma_locked(std::string_view name) {
    if (traits_.backend != Backend::Gpkg) {
      throw RuntimeError(fmt::format("{}: PRAGMA {}: not a GeoPackage", uri_, name));
    }
    QuietGdal quiet;
    OGRLayer* r = ds_->ExecuteSQL(fmt::format("PRAGMA {}", name).c_str(), nullptr, nullptr);
    if (r == nullptr) {
      throw RuntimeError(fmt::format("{}: PRAGMA {}: {}", uri_, name, gdal_message()));
    }
    FeaturePtr f(r->GetNextFeature());
    std::string out = f ? f->GetFieldAsString(0) : "";
    f.reset();
    ds_->ReleaseResultSet(r);
    return out;
  }

  OGRLayer& layer(const char* name) {
    OGRLayer* l = ds_->GetLayerByName(name);
    if (l == nullptr) {
      throw RuntimeError(fmt::format("{}: table {} is missing", uri_, name));
    }
    return *l;
  }

  /// Features of `table` matching the OGR SQL `filter` (empty: all).
  std::vector<FeaturePtr> features(const char* table, const std::string& filter) {
    OGRLayer& l = layer(table);
    QuietGdal quiet;
    if (l.SetAttributeFilter(filter.empty() ? nullptr : filter.c_str()) != OGRERR_NONE) {
      throw RuntimeError(
          fmt::format("{}: table {}: filter {}: {}", uri_, table, filter, gdal_message()));
    }
    std::vector<FeaturePtr> out;
    l.ResetReading();
    for (FeaturePtr f(l.GetNextFeature()); f; f.reset(l.GetNextFeature()))
      out.push_back(std::move(f));
    // A failed read ends like the last feature: tell them apart.
    if (CPLGetLastErrorType() >= CE_Failure) {
      const std::string msg = gdal_message();
      l.SetAttributeFilter(nullptr);
      throw RuntimeError(fmt::format("{}: cannot read table {}: {}", uri_, table, msg));
    }
    l.SetAttributeFilter(nullptr);
    std::sort(out.begin(), out.end(),
              [](const FeaturePtr& a, const FeaturePtr& b) { return a->GetFID() < b->GetFID(); });
    return out;
  }

  std::int64_t meta_number(const char* key) {
    const auto f = features(kMeta, "key = " + quote_literal(key));
    if (f.size() != 1) {
      throw RuntimeError(fmt::format("{}: {} has {} rows for {}", uri_, kMeta, f.size(), key));
    }
    return std::stoll(f[0]->GetFieldAsString("value"));
  }

  void set_meta(const char* key, std::int64_t value) {
    auto f = features(kMeta, "key = " + quote_literal(key));
    if (f.size() != 1) {
      throw RuntimeError(fmt::format("{}: {} has {} rows for {}", uri_, kMeta, f.size(), key));
    }
    f[0]->SetField("value", std::to_string(value).c_str());
    write(kMeta, *f[0], false);
  }

  void write(const char* table, OGRFeature& f, bool create) {
    QuietGdal quiet;
    OGRLayer& l = layer(table);
    if ((create ? l.CreateFeature(&f) : l.SetFeature(&f)) != OGRERR_NONE) {
      throw RuntimeError(
          fmt::format("{}: cannot write to table {}: {}", uri_, table, gdal_message()));
    }
  }

  void begin() {
    QuietGdal quiet;
    if (ds_->StartTransaction(FALSE) != OGRERR_NONE) {
      throw RuntimeError(fmt::format("{}: cannot start a transaction: {}", uri_, gdal_message()));
    }
    if (const std::string sql = traits_.begin_statement(); !sql.empty()) {
      OGRLayer* r = ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
      if (r == nullptr && CPLGetLastErrorType() >= CE_Failure) {
        const std::string msg = gdal_message();
        ds_->RollbackTransaction();
        throw RuntimeError(fmt::format("{}: {}: {}", uri_, sql, msg));
      }
      if (r != nullptr) {
        // Fetched, so that the statement has run whatever the driver defers.
        FeaturePtr(r->GetNextFeature());
        ds_->ReleaseResultSet(r);
      }
    }
  }

  void commit_open() {
    QuietGdal quiet;
    if (ds_->CommitTransaction() != OGRERR_NONE) {
      throw RuntimeError(fmt::format("{}: cannot commit: {}", uri_, gdal_message()));
    }
  }

  void rollback() {
    QuietGdal quiet;
    ds_->RollbackTransaction();
  }

  /// PostgreSQL: NOTIFY kChangeChannel with the version a transaction commits, from inside it
  /// (sent only if it commits), for the other servers' change feeds (change_feed.h).
  void notify_change(std::int64_t version) {
    if (traits_.backend != Backend::Postgis) return;
    QuietGdal quiet;
    const std::string sql = fmt::format("SELECT pg_notify('{}', '{}')", kChangeChannel, version);
    OGRLayer* r = ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (r == nullptr && CPLGetLastErrorType() >= CE_Failure)
      throw RuntimeError(fmt::format("{}: {}: {}", uri_, sql, gdal_message()));
    if (r != nullptr) {
      FeaturePtr(r->GetNextFeature());
      ds_->ReleaseResultSet(r);
    }
  }

  /// A station column feature -> the fields of a station list; the point is lon_deg, lat_deg.
  Station station_of(const OGRFeature& f, const char* table) {
    std::vector<StationField> fields;
    for (const std::string& c : station_columns()) {
      const int i = f.GetFieldIndex(c.c_str());
      if (i < 0 || !f.IsFieldSetAndNotNull(i)) continue;
      RecordValue v;
      if (f.GetFieldDefnRef(i)->GetType() == OFTReal) {
        v.kind = RecordValue::Kind::Number;
        v.number = f.GetFieldAsDouble(i);
      } else {
        v.kind = RecordValue::Kind::Text;
        v.text = f.GetFieldAsString(i);
        if (v.text.empty()) continue;  // as an empty cell of a station list
      }
      fields.emplace_back(c, std::move(v));
    }
    const std::string where = fmt::format("{}: {} table, feature {}", uri_, table, f.GetFID());
    if (const OGRGeometry* g = f.GetGeometryRef();
        g != nullptr && wkbFlatten(g->getGeometryType()) == wkbPoint && !g->IsEmpty()) {
      RecordValue lon, lat;
      lon.kind = lat.kind = RecordValue::Kind::Number;
      lon.number = g->toPoint()->getX();
      lat.number = g->toPoint()->getY();
      fields.emplace_back("lon_deg", std::move(lon));
      fields.emplace_back("lat_deg", std::move(lat));
    }
    // Pattern paths are stored resolved: no folder to resolve them against.
    const Record record = record_of_fields(fields, where, {});
    Station st = parse_station(record, source_, nullptr);
    st.source = uri_;
    return st;
  }

  /// Sets the station columns and the point of `f` from `station`.
  void set_station(OGRFeature& f, const Station& station) {
    if (station.planned()) {
      throw_input_error({station.defined_at, 0, 0}, "role", "a planned station ([[station]])",
                        "a database station: incumbent, local5g_base or local5g_terminal");
    }
    for (const std::string& c : station_columns()) f.SetFieldNull(f.GetFieldIndex(c.c_str()));
    double lon = 0, lat = 0;
    for (const auto& [key, v] : station_fields(station)) {
      if (key == "lon_deg") {
        lon = v.number;
        continue;
      }
      if (key == "lat_deg") {
        lat = v.number;
        continue;
      }
      const int i = f.GetFieldIndex(key.c_str());
      if (i < 0) throw RuntimeError(fmt::format("{}: no column for station key {}", uri_, key));
      switch (v.kind) {
        case RecordValue::Kind::Number:
          f.SetField(i, v.number);
          break;
        case RecordValue::Kind::Texts: {
          // One text, split at ';' by the station-list reader (schedule expressions have none).
          std::string joined;
          for (const std::string& t : v.texts) joined += (joined.empty() ? "" : ";") + t;
          f.SetField(i, joined.c_str());
          break;
        }
        default:
          f.SetField(i, v.text.c_str());
          break;
      }
    }
    OGRPoint p(lon, lat);
    f.SetGeometry(&p);
  }

  bool station_exists(std::string_view id) {
    return !features(kStations, "id = " + quote_literal(id)).empty();
  }
  bool active_grant_exists(std::string_view id) {
    return !features(kGrants, "id = " + quote_literal(id) + " AND " + traits_.active_filter())
                .empty();
  }

  std::string uri_;
  BackendTraits traits_;
  DatasetPtr ds_;
  prop::Crs crs_;
  StationSource source_;
  /// fdatasync() of the GeoPackage's write-ahead log (uri_ + "-wal", which SQLite keeps while
  /// the connection is open), through a descriptor of our own: a sync flushes the file, not a
  /// descriptor, so it makes durable every frame SQLite has written into the log.
  void sync_log();

  /// One connection: every call holds it; recursive so that a transaction's body may read.
  std::recursive_mutex mutex_;
  /// data_version of the last commit (-1: not read yet).
  std::atomic<std::int64_t> version_{-1};
  /// Group commit (GeoPackage): the versions committed and known durable, and whether a sync
  /// is running; guarded by sync_mutex_, waited on with synced_.
  std::mutex sync_mutex_;
  std::condition_variable synced_;
  std::int64_t committed_ = 0, durable_ = 0;
  std::atomic<std::int64_t> durable_now_{0};  ///< durable_, read without the lock
  bool syncing_ = false;
  int wal_fd_ = -1;  ///< guarded by the running sync (syncing_)
  /// Tokens found by token_by_hash(), by hash, and the connection's data_version they were
  /// read at (GeoPackage); guarded by mutex_.
  std::map<std::string, Token, std::less<>> token_cache_;
  std::int64_t tokens_seen_at_ = -1;
  /// "PRAGMA data_version" prepared on GDAL's SQLite connection (connection_data_version()).
  sqlite3_stmt* data_version_stmt_ = nullptr;
  /// GeoPackage: the descriptor holding a server's flock() of the file (attach_server()).
  int claim_fd_ = -1;
  /// GeoPackage with a server attached: the log's checkpoints, off the writers' path.
  std::unique_ptr<WalCheckpointer> checkpointer_;
  /// The data_version row's read and write (stored_data_version(), store_data_version()).
  sqlite3_stmt* meta_read_stmt_ = nullptr;
  sqlite3_stmt* meta_write_stmt_ = nullptr;
};

class OgrTransaction final : public Transaction {
 public:
  explicit OgrTransaction(OgrStore& s) : s_(s) {}

  void insert_station(const Station& station) override {
    if (s_.station_exists(station.id) || s_.active_grant_exists(station.id)) {
      throw Conflict(fmt::format("station {}: the id exists", station.id));
    }
    FeaturePtr f(OGRFeature::CreateFeature(s_.layer(kStations).GetLayerDefn()));
    s_.set_station(*f, station);
    s_.write(kStations, *f, true);
  }

  void update_station(const Station& station) override {
    auto found = s_.features(kStations, "id = " + quote_literal(station.id));
    if (found.empty()) throw NotFound(fmt::format("station {}: no such station", station.id));
    s_.set_station(*found[0], station);
    s_.write(kStations, *found[0], false);
  }

  void delete_station(std::string_view id) override {
    auto found = s_.features(kStations, "id = " + quote_literal(id));
    if (found.empty()) throw NotFound(fmt::format("station {}: no such station", id));
    QuietGdal quiet;
    if (s_.layer(kStations).DeleteFeature(found[0]->GetFID()) != OGRERR_NONE) {
      throw RuntimeError(
          fmt::format("{}: cannot delete station {}: {}", s_.uri_, id, gdal_message()));
    }
  }

  std::int64_t insert_grant(Grant& grant) override {
    const std::string& id = grant.station.id;
    if (s_.station_exists(id) || s_.active_grant_exists(id)) {
      throw Conflict(fmt::format("grant of station {}: the id exists", id));
    }
    if (!grant.licensee.empty() && !grant.station.licensee.empty() &&
        grant.licensee != grant.station.licensee) {
      throw_input_error({grant.station.defined_at, 0, 0}, "licensee",
                        fmt::format("\"{}\" for the grant and \"{}\" for its station",
                                    grant.licensee, grant.station.licensee),
                        "the grant's licensee as its station's");
    }
    if (grant.licensee.empty()) grant.licensee = grant.station.licensee;
    Station station = grant.station;
    station.licensee = grant.licensee;
    FeaturePtr f(OGRFeature::CreateFeature(s_.layer(kGrants).GetLayerDefn()));
    s_.set_station(*f, station);
    f->SetField("channel", grant.channel.c_str());
    f->SetField("active", grant.active ? 1 : 0);
    f->SetField("granted_utc", grant.granted_utc.c_str());
    f->SetField("released_utc", grant.released_utc.c_str());
    f->SetField("audit_id", static_cast<GIntBig>(grant.audit_id));
    s_.write(kGrants, *f, true);
    grant.id = f->GetFID();
    return grant.id;
  }

  void release_grant(std::int64_t id, const std::string& time_utc) override {
    auto found =
        s_.features(kGrants, fmt::format("fid = {} AND {}", id, s_.traits_.active_filter()));
    if (found.empty()) throw NotFound(fmt::format("grant {}: no such active grant", id));
    found[0]->SetField("active", 0);
    found[0]->SetField("released_utc", time_utc.c_str());
    s_.write(kGrants, *found[0], false);
  }

  std::int64_t append_audit(AuditEntry& e) override {
    FeaturePtr f(OGRFeature::CreateFeature(s_.layer(kAudit).GetLayerDefn()));
    if (e.time_utc.empty()) e.time_utc = now_utc();
    f->SetField("time_utc", e.time_utc.c_str());
    f->SetField("actor", e.actor.c_str());
    f->SetField("action", e.action.c_str());
    f->SetField("request", e.request.c_str());
    f->SetField("response", e.response.c_str());
    f->SetField("models", e.models.c_str());
    f->SetField("data_version", static_cast<GIntBig>(e.data_version));
    s_.write(kAudit, *f, true);
    e.id = f->GetFID();
    return e.id;
  }

  void insert_token(const Token& t) override {
    if (!s_.features(kTokens, "id = " + quote_literal(t.id)).empty()) {
      throw Conflict(fmt::format("token {}: the id exists", t.id));
    }
    FeaturePtr f(OGRFeature::CreateFeature(s_.layer(kTokens).GetLayerDefn()));
    f->SetField("id", t.id.c_str());
    f->SetField("sha256_hex", t.sha256_hex.c_str());
    f->SetField("role", t.role.c_str());
    f->SetField("licensee", t.licensee.c_str());
    f->SetField("created_utc", t.created_utc.empty() ? now_utc().c_str() : t.created_utc.c_str());
    s_.write(kTokens, *f, true);
    s_.token_cache_.clear();
  }

  std::int64_t data_version() override {
    std::lock_guard lock(s_.mutex_);
    return s_.stored_data_version();
  }

  void delete_token(std::string_view id) override {
    auto found = s_.features(kTokens, "id = " + quote_literal(id));
    if (found.empty()) throw NotFound(fmt::format("token {}: no such token", id));
    QuietGdal quiet;
    if (s_.layer(kTokens).DeleteFeature(found[0]->GetFID()) != OGRERR_NONE) {
      throw RuntimeError(
          fmt::format("{}: cannot delete token {}: {}", s_.uri_, id, gdal_message()));
    }
    s_.token_cache_.clear();
  }

 private:
  OgrStore& s_;
};

std::int64_t OgrStore::commit(const std::function<void(Transaction&)>& body) {
  std::lock_guard lock(mutex_);
  begin();
  std::int64_t version = 0;
  try {
    OgrTransaction t(*this);
    body(t);
    version = stored_data_version() + 1;
    store_data_version(version);
    notify_change(version);
    commit_open();
  } catch (...) {
    rollback();
    throw;
  }
  version_.store(version, std::memory_order_release);
  const std::lock_guard sync_lock(sync_mutex_);
  committed_ = std::max(committed_, version);
  return version;
}

std::int64_t OgrStore::read_data_version() {
  std::lock_guard lock(mutex_);
  const std::int64_t v = meta_number("data_version");
  std::int64_t seen = version_.load(std::memory_order_acquire);
  while (seen < v && !version_.compare_exchange_weak(seen, v, std::memory_order_acq_rel)) {
  }
  return v;
}

namespace {

/// What a GeoPackage server holds: nothing but the claim of the file, kept by the store.
class GpkgClaim final : public ServerAttachment {};

}  // namespace

std::unique_ptr<ServerAttachment> OgrStore::attach_server(
    std::function<void(std::int64_t)> on_change) {
  if (traits_.backend == Backend::Postgis)
    return std::make_unique<PgChangeFeed>(libpq_conninfo(uri_), std::move(on_change));
  // One server per GeoPackage (docs/live-database.md): an exclusive flock() of the file,
  // which SQLite's own locks (fcntl) do not touch, held until the store closes. The
  // token commands open the file without it, beside a running server.
  std::lock_guard lock(mutex_);
  if (claim_fd_ < 0) {
    const int fd = ::open(uri_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw RuntimeError(fmt::format("{}: cannot open: {}", uri_, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK)
        throw RuntimeError(fmt::format(
            "{}: another akichi serve uses this GeoPackage; a GeoPackage is served by one "
            "server (several servers share a PostgreSQL database: --db \"PG:...\")",
            uri_));
      throw RuntimeError(fmt::format("{}: cannot lock: {}", uri_, std::strerror(err)));
    }
    claim_fd_ = fd;
  }
  // A server's writes follow each other closely: the log is copied into the database by a
  // thread of its own rather than by the commit that fills it, under the writers' lock.
  if (!checkpointer_) {
    auto* db = static_cast<sqlite3*>(ds_->GetInternalHandle("SQLITE_HANDLE"));
    if (db == nullptr) throw RuntimeError(fmt::format("{}: no SQLite connection", uri_));
    checkpointer_ = std::make_unique<WalCheckpointer>(db, uri_);
  }
  return std::make_unique<GpkgClaim>();
}

void OgrStore::wait_durable(std::int64_t version) {
  // PostgreSQL: the commit returned after the server flushed its log (synchronous_commit on).
  if (traits_.backend != Backend::Gpkg) return;
  if (version <= durable_now_.load(std::memory_order_acquire)) return;  // most reads
  std::unique_lock lock(sync_mutex_);
  // Versions this store committed; earlier ones were in the database when it was opened.
  version = std::min(version, committed_);
  while (durable_ < version) {
    if (syncing_) {
      synced_.wait(lock);
      continue;
    }
    // This caller syncs for everyone: every transaction committed so far has been written to
    // the log, so one sync makes all of them durable. Those committed while it runs wait for
    // the next sync, which one of them starts.
    syncing_ = true;
    const std::int64_t target = committed_;
    lock.unlock();
    std::exception_ptr failure;
    try {
      sync_log();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    syncing_ = false;
    if (!failure) {
      durable_ = std::max(durable_, target);
      durable_now_.store(durable_, std::memory_order_release);
    }
    synced_.notify_all();
    if (failure) std::rethrow_exception(failure);
  }
}

void OgrStore::sync_log() {
  const std::string wal = uri_ + "-wal";
  struct stat named {};
  if (::stat(wal.c_str(), &named) != 0) {
    throw RuntimeError(
        fmt::format("{}: cannot sync the write-ahead log {}: {}", uri_, wal, std::strerror(errno)));
  }
  // The log SQLite writes is the file of that name now: reopened if it was ever replaced.
  struct stat held {};
  if (wal_fd_ >= 0 && (::fstat(wal_fd_, &held) != 0 || held.st_ino != named.st_ino ||
                       held.st_dev != named.st_dev)) {
    ::close(wal_fd_);
    wal_fd_ = -1;
  }
  if (wal_fd_ < 0) wal_fd_ = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
  if (wal_fd_ < 0 || ::fdatasync(wal_fd_) != 0) {
    throw RuntimeError(
        fmt::format("{}: cannot sync the write-ahead log {}: {}", uri_, wal, std::strerror(errno)));
  }
}

std::vector<Station> OgrStore::stations() {
  std::lock_guard lock(mutex_);
  std::vector<Station> out;
  for (const FeaturePtr& f : features(kStations, "")) out.push_back(station_of(*f, kStations));
  std::sort(out.begin(), out.end(), [](const Station& a, const Station& b) { return a.id < b.id; });
  return out;
}

std::vector<Grant> OgrStore::grants(bool active_only) {
  std::lock_guard lock(mutex_);
  std::vector<Grant> out;
  for (const FeaturePtr& f : features(kGrants, active_only ? traits_.active_filter() : "")) {
    Grant g;
    g.id = f->GetFID();
    g.station = station_of(*f, kGrants);
    g.channel = f->GetFieldAsString("channel");
    g.licensee = g.station.licensee;
    g.active = f->GetFieldAsInteger("active") != 0;
    g.granted_utc = f->GetFieldAsString("granted_utc");
    g.released_utc = f->GetFieldAsString("released_utc");
    g.audit_id = f->GetFieldAsInteger64("audit_id");
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<AuditEntry> OgrStore::audit(std::int64_t after_id, std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<AuditEntry> out;
  OGRLayer& l = layer(kAudit);
  // Paged in the database: the entries after `after_id`, in id order, at most `limit`.
  const std::string sql = fmt::format(
      "SELECT fid AS entry_id, time_utc, actor, action, request, response, models, "
      "data_version FROM {} WHERE fid > {} ORDER BY fid LIMIT {}",
      l.GetName(), after_id, limit);
  QuietGdal quiet;
  OGRLayer* r = ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (r == nullptr) {
    throw RuntimeError(fmt::format("{}: cannot read the audit table: {}", uri_, gdal_message()));
  }
  for (FeaturePtr f(r->GetNextFeature()); f; f.reset(r->GetNextFeature())) {
    AuditEntry e;
    // SQLite's answer takes the integer primary key as the feature id; PostgreSQL's keeps the
    // column.
    const int id_field = f->GetFieldIndex("entry_id");
    e.id = id_field >= 0 ? f->GetFieldAsInteger64(id_field) : f->GetFID();
    e.time_utc = f->GetFieldAsString("time_utc");
    e.actor = f->GetFieldAsString("actor");
    e.action = f->GetFieldAsString("action");
    e.request = f->GetFieldAsString("request");
    e.response = f->GetFieldAsString("response");
    e.models = f->GetFieldAsString("models");
    e.data_version = f->GetFieldAsInteger64("data_version");
    out.push_back(std::move(e));
  }
  ds_->ReleaseResultSet(r);
  return out;
}

Token token_of(const OGRFeature& f) {
  return {f.GetFieldAsString("id"), f.GetFieldAsString("sha256_hex"), f.GetFieldAsString("role"),
          f.GetFieldAsString("licensee"), f.GetFieldAsString("created_utc")};
}

std::vector<Token> OgrStore::tokens() {
  std::lock_guard lock(mutex_);
  std::vector<Token> out;
  for (const FeaturePtr& f : features(kTokens, "")) out.push_back(token_of(*f));
  return out;
}

std::optional<Token> OgrStore::token_by_hash(std::string_view sha256_hex) {
  std::lock_guard lock(mutex_);
  // Every request with a token asks; tokens are made and revoked by another process (akichi
  // serve token) writing the same database. The tokens found are kept while SQLite's
  // data_version of this connection stays the same: it changes when another connection
  // commits (this connection's own token writes clear them).
  if (traits_.backend == Backend::Gpkg) {
    const std::int64_t seen = connection_data_version();
    if (seen != tokens_seen_at_) {
      token_cache_.clear();
      tokens_seen_at_ = seen;
    }
    if (const auto it = token_cache_.find(sha256_hex); it != token_cache_.end()) return it->second;
  }
  const auto found = features(kTokens, "sha256_hex = " + quote_literal(sha256_hex));
  if (found.empty()) return std::nullopt;
  Token t = token_of(*found[0]);
  // Only tokens found: unknown ones (anyone may send those) take no memory.
  if (traits_.backend == Backend::Gpkg) token_cache_.emplace(std::string(sha256_hex), t);
  return t;
}

bool OgrStore::migrate() {
  std::lock_guard lock(mutex_);
  const bool fresh = ds_->GetLayerByName(kMeta) == nullptr;
  const int from = fresh ? 0 : static_cast<int>(meta_number("schema_version"));
  const int current = current_schema_version();
  if (from > current) {
    throw_input_error(
        {uri_, 0, 0}, "schema_version",
        fmt::format("{} (a database written by a newer akichi)", from),
        fmt::format("schema version {} or older (this program's is {})", current, current));
  }
  if (from == current) return false;
  begin();
  try {
    for (const Migration& m : migrations()) {
      if (m.to > from) m.step(*ds_, traits_);
    }
    set_meta("schema_version", current);
    commit_open();
  } catch (...) {
    rollback();
    throw;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Opening

std::once_flag gdal_registered;

/// Whether an existing GeoPackage is akichi's (has akichi_meta) or empty (no table yet);
/// read-only, so that another GeoPackage is refused without being changed.
void check_gpkg_is_ours(const std::string& path) {
  QuietGdal quiet;
  const char* const drivers[] = {"GPKG", nullptr};
  DatasetPtr ds(GDALDataset::FromHandle(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
  if (!ds) {
    throw_input_error({path, 0, 0}, "",
                      fmt::format("a file that is not a GeoPackage ({})", gdal_message()),
                      "akichi's live database (a GeoPackage), or a path where none exists yet");
  }
  if (ds->GetLayerByName(kMeta) == nullptr && ds->GetLayerCount() > 0) {
    throw_input_error(
        {path, 0, 0}, "",
        fmt::format("a GeoPackage of {} tables without {}", ds->GetLayerCount(), kMeta),
        "akichi's live database (a GeoPackage with table akichi_meta); "
        "another GeoPackage is not changed");
  }
}

/// PRAGMA on the GeoPackage's SQLite connection.
void pragma(GDALDataset& ds, const std::string& statement) {
  QuietGdal quiet;
  OGRLayer* r = ds.ExecuteSQL(statement.c_str(), nullptr, nullptr);
  if (r == nullptr && CPLGetLastErrorType() >= CE_Failure) {
    throw RuntimeError(fmt::format("{}: {}: {}", ds.GetDescription(), statement, gdal_message()));
  }
  if (r != nullptr) ds.ReleaseResultSet(r);
}

DatasetPtr open_gpkg(const std::string& path) {
  std::error_code ec;
  QuietGdal quiet;
  DatasetPtr ds;
  if (fs::exists(path, ec)) {
    check_gpkg_is_ours(path);
    const char* const drivers[] = {"GPKG", nullptr};
    ds.reset(GDALDataset::FromHandle(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
  } else {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) throw RuntimeError("GDAL has no GPKG driver");
    ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  }
  if (!ds) {
    throw RuntimeError(fmt::format("{}: cannot open the live database: {}", path, gdal_message()));
  }
  // Write-ahead log: readers do not block the writer. synchronous NORMAL: a commit writes its
  // frames to the log without syncing it; wait_durable() syncs the log before a write is
  // acknowledged, once for every write committed meanwhile (group commit), so an acknowledged
  // write survives a crash or power loss as with FULL, which would sync once per commit under
  // the writers' lock. Checkpoints sync the log before copying it into the database, and the
  // database after, in both modes.
  pragma(*ds, "PRAGMA journal_mode = WAL");
  pragma(*ds, "PRAGMA synchronous = NORMAL");
  return ds;
}

DatasetPtr open_pg(const std::string& uri) {
  // Features are written with INSERT ... RETURNING, not COPY (which GDAL uses for tables it has
  // just created): a grant's and an audit entry's id is the feature id the insert returns, and
  // reads between writes of one transaction see them at once.
  CPLSetConfigOption("PG_USE_COPY", "NO");
  QuietGdal quiet;
  const char* const drivers[] = {"PostgreSQL", nullptr};
  DatasetPtr ds(GDALDataset::FromHandle(
      GDALOpenEx(uri.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
  if (!ds) {
    throw RuntimeError(fmt::format("{}: cannot connect: {}", uri, gdal_message()));
  }
  // A database shared with other applications: akichi's tables without akichi_meta are not
  // akichi's (another program's tables of the same names), and are not changed.
  if (ds->GetLayerByName(kMeta) == nullptr) {
    for (const char* t : {kStations, kGrants, kAudit, kTokens}) {
      if (ds->GetLayerByName(t) != nullptr) {
        throw_input_error({uri, 0, 0}, "", fmt::format("a table {} without {}", t, kMeta),
                          "akichi's live database (table akichi_meta), or none of its tables");
      }
    }
  }
  return ds;
}

}  // namespace

std::string sqlite_pragma(Store& store, std::string_view name) {
  auto* s = dynamic_cast<OgrStore*>(&store);
  if (s == nullptr) throw RuntimeError("sqlite_pragma: not a store of open_store()");
  return s->pragma_value(name);
}

int current_schema_version() {
  return migrations().back().to;
}

std::unique_ptr<Store> open_store(const std::string& uri, const StationSource& source) {
  std::call_once(gdal_registered, [] { GDALAllRegister(); });
  const bool pg = uri.rfind("PG:", 0) == 0 || uri.rfind("pg:", 0) == 0;
  if (const std::string kind = pg ? "" : special_file_kind(uri); !kind.empty())
    throw_input_error({uri, 0, 0}, "--db", kind, "a GeoPackage file (or a PG: connection string)");
  DatasetPtr ds = pg ? open_pg(uri) : open_gpkg(uri);
  const Backend backend = pg ? Backend::Postgis : Backend::Gpkg;
  auto store = std::make_unique<OgrStore>(uri, backend, std::move(ds), source);
  if (store->migrate()) {
    // Opened again once the schema has changed: the tables are then read as the database
    // describes them (the PostgreSQL driver knows a created BOOLEAN column as a boolean only
    // from the catalogue), as by every later opening.
    store.reset();
    store = std::make_unique<OgrStore>(uri, backend, pg ? open_pg(uri) : open_gpkg(uri), source);
    store->migrate();
  }
  store->start_versions();
  return store;
}

}  // namespace akichi::sim::store

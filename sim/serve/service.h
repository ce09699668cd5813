// The live sharing system without its transport: the scenario (area, terrain, models, time axis,
// channel plan, rules), the database (sim/store) and the live engine (sim/live), and one method
// per API operation taking the caller and the request's JSON and giving the status and the JSON
// answer. sim/serve/http_server.h maps HTTP routes onto these methods.
//
// Consistency: reads share a lock; every write (a station, a grant, a release) takes the lock
// alone, judges against the state it sees, commits to the database (Store::commit) and only
// then changes the engine's state (a grant request is judged under the shared lock first: a
// denial, which changes no state, is recorded there; one that passes is judged again alone); it
// answers after releasing the lock, once its write is durable (Store::wait_durable: the writes
// waiting together share one sync of the log, so the next requests are judged while it syncs). Two
// requests for the last dB of a receiver's margin are therefore judged one after the other, and an
// acknowledged write is durably in the database. A read answers once the state it saw is durable
// too.
//
// Several servers on one PostgreSQL database: every commit notifies the others (the store's
// change feed), which load what changed and update their engines as for their own writes. A
// write's transaction, which holds the database's writers' lock, first checks that the
// database is still at the version the server's state was loaded at, and when it is not, rolls
// back, loads the changes and judges again: two servers never both grant the last dB either.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "propagation/terrain/terrain.h"
#include "sim/live/live_engine.h"
#include "sim/scenario/scenario.h"
#include "sim/serve/auth.h"
#include "sim/store/store.h"

namespace akichi::sim::serve {

struct Reply {
  Reply() = default;
  Reply(int status, nlohmann::json body) : status(status), body(std::move(body)) {}

  int status = 200;
  nlohmann::json body;
  /// A reply sent as it is (a map tile, or JSON serialised already): its bytes and content
  /// type; `body` is not sent.
  std::string bytes, content_type;
  /// Further response headers (ETag, Cache-Control).
  std::vector<std::pair<std::string, std::string>> headers;
};

/// A request's query parameters, by name.
using Query = std::map<std::string, std::string>;

class LiveService {
 public:
  /// On a database with no stations and an empty audit table (a first start), imports the
  /// scenario's database stations ([[incumbent]], [[licensee_station]], [stations] lists) in one
  /// transaction. Then loads the stations and active grants into the engine.
  LiveService(Scenario scenario, const prop::TerrainGrid& terrain, std::unique_ptr<store::Store> db,
              const live::LiveEngineOptions& engine_options = {});
  ~LiveService();

  store::Store& db() { return *db_; }
  const Scenario& scenario() const { return scenario_; }

  Reply health();
  Reply scenario_info();
  Reply list_stations();
  Reply get_station(const std::string& id);
  Reply create_station(const Principal& who, const nlohmann::json& body);
  Reply update_station(const Principal& who, const std::string& id, const nlohmann::json& body);
  Reply delete_station(const Principal& who, const std::string& id);
  /// `content_type`: "text/csv" (a CSV station list) or JSON (a GeoJSON FeatureCollection).
  Reply import_stations(const Principal& who, const std::string& content_type,
                        const std::string& body);
  Reply vacancy(const nlohmann::json& body);
  Reply list_grants(const Principal& who);
  Reply request_grant(const Principal& who, const nlohmann::json& body);
  Reply release_grant(const Principal& who, std::int64_t id);
  Reply judge(const nlohmann::json& body);
  Reply interference();
  Reply audit(const Principal& who, std::int64_t after_id, std::size_t limit);
  /// The scenario without its database stations and a CSV station list of every station and
  /// active grant: `akichi run` on them gives the server's numbers.
  Reply export_files();

  /// Who the caller is: role and licensee (the web page shows what it may do).
  Reply whoami(const Principal& who);
  /// The map layers (sim/serve/layers.h) with their parameters, legends and tile URLs.
  Reply layers();
  /// Tile z/x/y (as written in the URL) of a layer as a 256 x 256 PNG, for the parameters in
  /// `query`; 304 without a body when `if_none_match` holds the tile's ETag. The layer's grid
  /// is computed once per parameters and data version (cached), the tiles likewise.
  Reply tile(const std::string& layer, const std::string& z, const std::string& x,
             const std::string& y, const Query& query, const std::string& if_none_match);
  /// The MIC cover and coordination areas of the live local 5G base stations as a GeoJSON
  /// FeatureCollection (sim/serve/mic_layer.h), of every station or of `query`'s "station";
  /// computed once per data version. 404 for a station that has no MIC areas.
  Reply mic_areas_geojson(const Query& query);
  /// A layer's value in the cell holding a point (lat_deg / lon_deg or x_m / y_m in `query`).
  Reply layer_value(const std::string& layer, const Query& query);

  /// Gauges for /metrics (stations, active grants, data version, resident memory, the
  /// engine's station tensors).
  std::map<std::string, double> gauges();

  /// At shutdown, once no request is in flight: the engine's station tensors in memory written
  /// to the tensor cache folder (when one is set), for the next start to reload. The number
  /// written.
  std::size_t save_tensors();

 private:
  struct Impl;
  Reply station_written(std::unique_lock<std::shared_mutex>& lock, const Principal& who,
                        const char* action, const nlohmann::json& request, const Station& station,
                        int status, void (store::Transaction::*write)(const Station&));
  Scenario scenario_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<Impl> impl_;
  /// The database's change feed (PostgreSQL) or claim of the file (GeoPackage): last, so that
  /// the feed's thread stops before the state it updates goes.
  std::unique_ptr<store::ServerAttachment> attachment_;
};

/// The current time as ISO 8601 UTC ("2026-12-05T23:59:59Z").
std::string utc_now();

}  // namespace akichi::sim::serve

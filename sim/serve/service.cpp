#include "sim/serve/service.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>

#include <tbb/parallel_for.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "akichi_version.h"
#include "base/errors.h"
#include "sim/input/csv.h"
#include "sim/serve/api_error.h"
#include "sim/serve/compute_gate.h"
#include "sim/serve/group_commit.h"
#include "sim/serve/json_station.h"
#include "sim/serve/layers.h"
#include "sim/serve/lru_cache.h"
#include "sim/serve/map_layer.h"
#include "sim/serve/mic_layer.h"
#include "sim/station/station_db.h"
#include "viz/colormap.h"

namespace akichi::sim::serve {

using nlohmann::json;

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

namespace {

/// Returns once the write of `version` is durable, with the write request's compute slot given up
/// first: what is left of a write request is this wait (the sync of the database's log, one
/// for every write committed meanwhile) and its answer's text, and the cores compute the next
/// requests in the meantime.
void await_durable(store::Store& db, std::int64_t version) {
  ComputeGate::release_current();
  db.wait_durable(version);
}

/// A dB value for JSON: finite numbers as they are, infinities as null (JSON has none).
json db_value(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

/// A JSON object filled member by member. The same object as a braced list of {key, value}
/// pairs, which makes a two-element array per member first and copies what it cannot move: the
/// per-receiver objects of a grant's decision (one per protected receiver it reaches) cost a
/// grant more than its audit entry's write did.
class ObjectBuilder {
 public:
  ObjectBuilder() : j_(json::object()), o_(j_.get_ref<json::object_t&>()) {}
  ObjectBuilder& add(const char* key, json value) {
    o_.insert_or_assign(key, std::move(value));
    return *this;
  }
  json take() { return std::move(j_); }

 private:
  json j_;
  json::object_t& o_;
};

/// A number as JSON text: the shortest text that reads back as the same double, or null when
/// not finite (as db_value()).
void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

/// The receivers of a grant's decision as JSON text, written directly: one object per
/// protected receiver the request reaches (often a hundred or more), members in key order as
/// nlohmann::json writes them. Building them as json values and dumping those was a fifth of
/// a grant request's CPU.
std::string receivers_text(const std::vector<live::ReceiverMargin>& receivers) {
  std::string out = "[";
  out.reserve(128 * receivers.size() + 2);
  for (const live::ReceiverMargin& m : receivers) {
    if (out.size() > 1) out += ',';
    out += "{\"aggregate_dBm\":";
    append_number(out, m.aggregate_dBm);
    out += ",\"limit_dBm\":";
    append_number(out, m.limit_dBm);
    out += ",\"margin_dB\":";
    append_number(out, m.margin_dB);
    out += ",\"receiver\":";
    out += json(m.receiver).dump();  // escaped as every other string of the answer
    out += ",\"request_dBm\":";
    append_number(out, m.request_dBm);
    out += ",\"slot\":";
    out += std::to_string(m.slot);
    out += '}';
  }
  out += ']';
  return out;
}

json receiver_change_json(const live::ReceiverChange& r) {
  json top = json::array();
  for (const auto& [id, dbm] : r.top_after)
    top.push_back({{"station", id}, {"dBm", db_value(dbm)}});
  return json{{"receiver", r.receiver},
              {"limit_dBm", db_value(r.limit_dBm)},
              {"before_dBm", db_value(r.before_dBm)},
              {"after_dBm", db_value(r.after_dBm)},
              {"margin_before_dB", db_value(r.margin_before_dB)},
              {"margin_after_dB", db_value(r.margin_after_dB)},
              {"top_after", top}};
}

json judgement_json(const live::Judgement& j) {
  json rx = json::array();
  for (const auto& r : j.receivers) rx.push_back(receiver_change_json(r));
  json out{{"receivers", rx},
           {"newly_harmed", j.newly_harmed},
           {"no_longer_harmed", j.no_longer_harmed},
           {"still_harmed", j.still_harmed}};
  // The MIC coordination pairs (licensee a's coordination area in b's cover area) the change
  // makes appear or vanish; null when the scenario has no [mic] rules for its base stations.
  if (j.mic) {
    const auto pairs = [](const std::vector<live::MicPairChange>& ps) {
      json a = json::array();
      for (const live::MicPairChange& p : ps) {
        a.push_back({{"a", p.a},
                     {"b", p.b},
                     {"cells", p.cells},
                     {"cells_coverage", p.cells_coverage},
                     {"cells_premises", p.cells_premises},
                     {"area_m2", p.area_m2},
                     {"rule", p.rule}});
      }
      return a;
    };
    out["mic"] = {{"rule", j.mic_rule},
                  {"pairs_appeared", pairs(j.mic_pairs_appeared)},
                  {"pairs_vanished", pairs(j.mic_pairs_vanished)}};
  } else {
    out["mic"] = nullptr;
  }
  return out;
}

/// The string at `key` of a JSON object, or nullopt; ApiError 400 when it is not a string.
std::optional<std::string> string_at(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (!it->is_string())
    throw ApiError(
        400, fmt::format("request body: field {}: found {}, expected a string", key, it->dump()),
        key, it->dump(), "a string");
  return it->get<std::string>();
}

std::optional<double> number_at(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>()))
    throw ApiError(
        400, fmt::format("request body: field {}: found {}, expected a number", key, it->dump()),
        key, it->dump(), "a number");
  return it->get<double>();
}

void require_object(const json& body) {
  if (!body.is_object())
    throw ApiError(400,
                   fmt::format("request body: found {}, expected a JSON object", body.type_name()),
                   "", body.type_name(), "a JSON object");
}

[[noreturn]] void unprocessable(const std::string& field, const std::string& found,
                                const std::string& expected) {
  throw ApiError(
      422, fmt::format("request body: field {}: found {}, expected {}", field, found, expected),
      field, found, expected);
}

/// The candidate antenna of a vacancy request, as [vacancy] antenna and azimuth take it:
/// "antenna" (an object of the station antenna keys, read by the station parser), "azimuth":
/// "best" and "azimuth_step_deg"; nullopt without "antenna" (the scenario's candidate).
std::optional<live::CandidateAntenna> candidate_of(const json& body) {
  const auto it = body.find("antenna");
  if (it == body.end()) {
    for (const char* k : {"azimuth", "azimuth_step_deg"}) {
      if (body.contains(k)) {
        unprocessable(k, fmt::format("{} without an antenna", k),
                      "an \"antenna\" object (the scenario's candidate has its own azimuth)");
      }
    }
    return std::nullopt;
  }
  if (!it->is_object()) {
    throw ApiError(400,
                   fmt::format("request body: field antenna: found {}, expected an object of "
                               "antenna keys",
                               it->dump()),
                   "antenna", it->dump(), "an object of antenna keys");
  }
  const std::string where = "request body";
  const std::vector<StationField> fields = fields_of_json(json{{"antenna", *it}}, where);
  std::vector<std::string> keys;
  for (const auto& f : fields) keys.push_back(f.first);
  refuse_file_keys(keys, where);
  live::CandidateAntenna c;
  c.antenna = parse_antenna(record_of_fields(fields, where, {}), "antenna.");
  if (const auto az = body.find("azimuth"); az != body.end()) {
    if (!az->is_string() || az->get<std::string>() != "best") {
      unprocessable("azimuth", az->dump(),
                    "\"best\" (the best azimuth; a fixed azimuth is antenna.azimuth_deg)");
    }
    if (std::find(keys.begin(), keys.end(), "antenna.azimuth_deg") != keys.end()) {
      unprocessable("azimuth", "azimuth = \"best\" with antenna.azimuth_deg",
                    "one of them: a fixed antenna.azimuth_deg, or azimuth = \"best\"");
    }
    c.best_azimuth = true;
    c.azimuth_step_deg = number_at(body, "azimuth_step_deg").value_or(c.azimuth_step_deg);
  } else if (body.contains("azimuth_step_deg")) {
    unprocessable("azimuth_step_deg", "azimuth_step_deg without azimuth = \"best\"",
                  "azimuth = \"best\" (the step of the best-azimuth search)");
  }
  return c;
}

store::AuditEntry audit_entry(const Principal& who, const std::string& action, const json& request,
                              std::string response, std::string models, std::int64_t data_version) {
  store::AuditEntry e;
  e.time_utc = utc_now();
  e.actor = who.actor();
  e.action = action;
  e.request = request.dump();
  e.response = std::move(response);
  e.models = std::move(models);
  e.data_version = data_version;
  return e;
}

std::uint64_t next_serial() {
  static std::atomic<std::uint64_t> n{0};
  return ++n;
}

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * ::sysconf(_SC_PAGESIZE);
}

}  // namespace

/// One request of a layer: the layer, its decoded parameters and their canonical text (the
/// cache key and the ETag's part: "max_eirp;channel=n79-4700;slot=9;height_m=10").
struct LayerRequest {
  const LayerDef* layer = nullptr;
  LayerArgs args;
  json params = json::object();
  std::string what;
};

struct LiveService::Impl {
  Impl(const Scenario& sc, const prop::TerrainGrid& terrain,
       const live::LiveEngineOptions& engine_options)
      : terrain(terrain),
        engine(sc, terrain, engine_options),
        source(station_source(sc)),
        sc(sc),
        epoch(fmt::format("{:016x}", std::hash<std::string>{}(AKICHI_VERSION "\n" + sc.text))) {
    register_layers();
  }

  const prop::TerrainGrid& terrain;
  live::LiveEngine engine;
  StationSource source;
  const Scenario& sc;
  /// This service among those of the process (a thread's parser belongs to one).
  const std::uint64_t serial = next_serial();
  std::shared_mutex mutex;
  std::vector<Station> stations;  ///< the database's, by id
  /// The MIC areas' GeoJSON of every station (mic_areas_geojson()) and its data version.
  std::mutex mic_mutex;
  std::int64_t mic_version = -1;
  std::shared_ptr<const json> mic_all;
  /// The active grants, by id; changed only through add_grant() and erase_grant().
  std::map<std::int64_t, store::Grant> grants;
  std::map<std::string, std::int64_t, std::less<>> grant_of_station;  ///< grant ids by station id
  /// The data_version the state above (stations, grants, the engine) was loaded at: every
  /// write checks, in its transaction, that the database is still at it (record()), and a
  /// server sharing the database learns of the others' writes through sync_from_db().
  std::atomic<std::int64_t> loaded_version{0};

  /// Thrown in a write transaction that finds the database moved past loaded_version (another
  /// server's write, a notification not yet handled): the transaction rolls back, the state is
  /// brought up to date (sync_from_db()) and the write is judged again (retrying()).
  struct StaleState {};

  void advance_loaded(std::int64_t version) {
    std::int64_t seen = loaded_version.load(std::memory_order_acquire);
    while (seen < version &&
           !loaded_version.compare_exchange_weak(seen, version, std::memory_order_acq_rel)) {
    }
  }

  /// Brings the state up to the database's data_version: the stations and active grants read
  /// again and compared with those held, and the engine changed only where they differ (a
  /// removal, then an upsert of every station new or changed), as for this server's own writes.
  /// The version is read before the tables, so the state is at least as new as the version it
  /// records: a write judged on it either finds the database at that version or is judged again.
  void sync_from_db(store::Store& db) {
    std::unique_lock lock(mutex);
    const std::int64_t version = db.read_data_version();
    if (version == loaded_version.load(std::memory_order_acquire)) return;
    std::vector<Station> now = db.stations();
    std::sort(now.begin(), now.end(),
              [](const Station& a, const Station& b) { return a.id < b.id; });
    std::map<std::int64_t, store::Grant> now_grants;
    for (store::Grant& g : db.grants(true)) now_grants.emplace(g.id, std::move(g));

    std::map<std::string, json> before, after;
    for (const Station& st : stations) before.emplace(st.id, station_feature(st));
    for (const auto& [id, g] : grants) before.emplace(g.station.id, station_feature(g.station));
    std::map<std::string, const Station*> incoming;
    for (const Station& st : now) incoming.emplace(st.id, &st);
    for (const auto& [id, g] : now_grants) incoming.emplace(g.station.id, &g.station);
    for (const auto& [id, feature] : before)
      if (!incoming.contains(id)) engine.remove(id);
    for (const auto& [id, st] : incoming) {
      const auto it = before.find(id);
      if (it == before.end() || it->second != station_feature(*st)) engine.upsert(*st);
    }
    stations = std::move(now);
    grants.clear();
    grant_of_station.clear();
    for (auto& [id, g] : now_grants) add_grant(std::move(g));
    loaded_version.store(version, std::memory_order_release);
  }

  /// Runs a write, judging it again on the database's current state as long as its
  /// transaction finds the state stale (StaleState).
  template <class Write>
  Reply retrying(store::Store& db, Write&& write) {
    for (int attempt = 0;; ++attempt) {
      try {
        return write();
      } catch (const StaleState&) {
        // Other servers writing without pause could keep a write from ever committing.
        if (attempt >= 100)
          throw RuntimeError("the live database kept changing under a write (100 attempts)");
        sync_from_db(db);
      }
    }
  }

  std::vector<Station> engine_stations() const {
    std::vector<Station> all = stations;
    for (const auto& [id, g] : grants) all.push_back(g.station);
    return all;
  }

  /// A write committed with its audit entry in one transaction: the entry first (its id is the
  /// decision's), then `change`; the entry records the database version decided on. Committed,
  /// not yet durable: the caller changes the state under its lock, releases the lock and
  /// answers after Store::wait_durable(version).
  struct Recorded {
    std::int64_t version = 0, audit_id = 0;
  };
  Recorded record(store::Store& db, const Principal& who, const std::string& action,
                  const json& request, const json& response,
                  const std::function<void(store::Transaction&, std::int64_t)>& change) {
    return record(db, who, action, request, response.dump(), change);
  }
  /// The same with the response already serialised (a grant's decision is also its answer's).
  Recorded record(store::Store& db, const Principal& who, const std::string& action,
                  const json& request, const std::string& response_text,
                  const std::function<void(store::Transaction&, std::int64_t)>& change) {
    Recorded r;
    r.version = db.commit([&](store::Transaction& tx) {
      // Judged on the state loaded at loaded_version: committed only if the database is still
      // there (on PostgreSQL the transaction holds the writers' advisory lock by now).
      const std::int64_t decided_on = tx.data_version();
      if (decided_on != loaded_version.load(std::memory_order_acquire)) throw StaleState{};
      store::AuditEntry e =
          audit_entry(who, action, request, response_text, engine.models_json(), decided_on);
      r.audit_id = tx.append_audit(e);
      change(tx, r.audit_id);
    });
    advance_loaded(r.version);
    return r;
  }

  /// A denied grant request's audit entry, committed in one transaction with those of the
  /// denials recorded at the same time (GroupCommit), under the shared lock like record(): the
  /// transaction checks the database is still at loaded_version, and each entry records it.
  Recorded record_denial(store::Store& db, const Principal& who, const json& request,
                         const std::string& response_text) {
    store::AuditEntry e =
        audit_entry(who, "grant.request", request, response_text, engine.models_json(), 0);
    const GroupCommit::Recorded r =
        denials.append(e, [&](const std::vector<store::AuditEntry*>& entries) {
          const std::int64_t version = db.commit([&](store::Transaction& tx) {
            const std::int64_t decided_on = tx.data_version();
            if (decided_on != loaded_version.load(std::memory_order_acquire)) throw StaleState{};
            for (store::AuditEntry* x : entries) {
              x->data_version = decided_on;
              tx.append_audit(*x);
            }
          });
          advance_loaded(version);
          return version;
        });
    return {r.version, r.audit_id};
  }
  GroupCommit denials;

  /// Looked up in every write request (check_new_id()): by bisection of the stations (kept in
  /// id order) and through grant_of_station, not by a walk over every station and grant.
  const Station* find_station(const std::string& id) const {
    const auto it =
        std::lower_bound(stations.begin(), stations.end(), id,
                         [](const Station& a, const std::string& key) { return a.id < key; });
    return it != stations.end() && it->id == id ? &*it : nullptr;
  }

  const store::Grant* grant_with_station(const std::string& id) const {
    const auto it = grant_of_station.find(id);
    return it == grant_of_station.end() ? nullptr : &grants.at(it->second);
  }

  void add_grant(store::Grant grant) {
    grant_of_station.insert_or_assign(grant.station.id, grant.id);
    const std::int64_t id = grant.id;
    grants.insert_or_assign(id, std::move(grant));
  }

  void erase_grant(std::map<std::int64_t, store::Grant>::iterator it) {
    grant_of_station.erase(it->second.station.id);
    grants.erase(it);
  }

  void check_new_id(const std::string& id) const {
    if (find_station(id) != nullptr)
      throw ApiError(409, fmt::format("station {} exists already", id), "id", id,
                     "an id no station or active grant has");
    if (const store::Grant* g = grant_with_station(id))
      throw ApiError(409, fmt::format("{} is the station of active grant {}", id, g->id), "id", id,
                     "an id no station or active grant has");
  }

  void put_station(const Station& st) {
    auto it = std::lower_bound(stations.begin(), stations.end(), st.id,
                               [](const Station& a, const std::string& id) { return a.id < id; });
    if (it != stations.end() && it->id == st.id)
      *it = st;
    else
      stations.insert(it, st);
  }

  void erase_station(const std::string& id) {
    std::erase_if(stations, [&](const Station& s) { return s.id == id; });
  }

  Station station_of_body(const json& body, const std::string& where) const {
    // A parser per request thread, made once per service: making PROJ's transformations for
    // every request cost more than parsing its station.
    struct ThreadParser {
      std::uint64_t service = 0;
      std::unique_ptr<StationParser> parser;
    };
    thread_local ThreadParser mine;
    if (mine.service != serial || !mine.parser) {
      mine.parser = std::make_unique<StationParser>(source);
      mine.service = serial;
    }
    return station_of_fields(fields_of_json(body, where), where, *mine.parser);
  }

  /// WGS 84 to the study CRS for this request thread, made once per service and thread: a
  /// transformation is not safe to share between threads (PROJ's objects carry their state).
  const prop::Transformer& wgs84_transformer() const {
    struct ThreadTransformer {
      std::uint64_t service = 0;
      std::unique_ptr<prop::Transformer> t;
    };
    thread_local ThreadTransformer mine;
    if (mine.service != serial || !mine.t) {
      mine.t = std::make_unique<prop::Transformer>(prop::Crs::wgs84(), sc.crs);
      mine.service = serial;
    }
    return *mine.t;
  }

  /// The point of a request: x_m / y_m in the study CRS or lon_deg / lat_deg, inside the area.
  std::pair<double, double> point_of(const json& body) {
    const auto x = number_at(body, "x_m"), y = number_at(body, "y_m");
    const auto lon = number_at(body, "lon_deg"), lat = number_at(body, "lat_deg");
    double px = 0, py = 0;
    std::string field;
    if (x && y && !lon && !lat) {
      px = *x;
      py = *y;
      field = "x_m";
    } else if (lon && lat && !x && !y) {
      px = *lon;
      py = *lat;
      wgs84_transformer().transform(px, py);
      field = "lon_deg";
    } else {
      unprocessable("lon_deg", "neither or both of (lon_deg, lat_deg) and (x_m, y_m)",
                    "lon_deg and lat_deg, or x_m and y_m");
    }
    const prop::Extent e = sc.grid.extent();
    if (px < e.xmin_m || px > e.xmax_m || py < e.ymin_m || py > e.ymax_m) {
      unprocessable(field,
                    fmt::format("a point at ({:.1f}, {:.1f}) m in {}", px, py, sc.crs.name()),
                    fmt::format("a point inside the study area [{:.1f}, {:.1f}] x [{:.1f}, {:.1f}]",
                                e.xmin_m, e.xmax_m, e.ymin_m, e.ymax_m));
    }
    return {px, py};
  }

  /// The slots of "from" / "to" (local date-times of the time axis's zone, to exclusive), or of
  /// "slots": [begin, end); every slot when none is given.
  live::SlotRange slots_of(const json& body) const {
    const TimeGrid& t = sc.sharing.time;
    const std::size_t n = t.start_utc_s.size();
    const auto from = string_at(body, "from"), to = string_at(body, "to");
    if (body.contains("slots")) {
      const json& s = body["slots"];
      if (!s.is_array() || s.size() != 2 || !s[0].is_number_unsigned() ||
          !s[1].is_number_unsigned() || s[0].get<std::size_t>() >= s[1].get<std::size_t>() ||
          s[1].get<std::size_t>() > n)
        unprocessable("slots", s.dump(),
                      fmt::format("[begin, end) with 0 <= begin < end <= {}", n));
      return {s[0].get<std::size_t>(), s[1].get<std::size_t>()};
    }
    if (!from && !to) return {0, n};
    if (!sc.sharing.has_time)
      unprocessable("from", "a time window", "none: the scenario has no [time] axis");
    const std::int64_t a = from ? utc_from_local(*from, t.tz, "from") : t.start_utc_s.front();
    const std::int64_t b = to ? utc_from_local(*to, t.tz, "to") : t.start_utc_s.back() + t.step_s;
    live::SlotRange r{n, 0};
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t s0 = t.start_utc_s[i], s1 = s0 + t.step_s;
      if (s1 > a && s0 < b) {
        r.begin = std::min(r.begin, i);
        r.end = i + 1;
      }
    }
    if (r.begin >= r.end)
      unprocessable("from", fmt::format("{} .. {}", from.value_or("start"), to.value_or("end")),
                    "a window that overlaps the scenario's time axis");
    return r;
  }

  std::size_t channel_index(const std::string& name, const std::string& field) const {
    const auto& chs = sc.sharing.channels;
    for (std::size_t i = 0; i < chs.size(); ++i)
      if (chs[i].id == name) return i;
    std::string names;
    for (const auto& c : chs) names += (names.empty() ? "" : ", ") + c.id;
    unprocessable(field, "\"" + name + "\"", "a channel of the plan: " + names);
  }

  std::vector<std::size_t> channels_of(const json& body) const {
    std::vector<std::size_t> out;
    if (!body.contains("channels")) {
      for (std::size_t i = 0; i < sc.sharing.channels.size(); ++i) out.push_back(i);
      return out;
    }
    const json& c = body["channels"];
    if (!c.is_array() || c.empty())
      throw ApiError(400, "request body: field channels: expected an array of channel names",
                     "channels", c.dump(), "an array of channel names");
    for (const json& e : c) {
      if (!e.is_string())
        throw ApiError(400, "request body: field channels: expected channel names", "channels",
                       e.dump(), "a channel name");
      out.push_back(channel_index(e.get<std::string>(), "channels"));
    }
    return out;
  }

  std::string slot_label(std::size_t slot) const {
    if (!sc.sharing.has_time) return "all";
    return iso_local(sc.sharing.time.start_utc_s[slot], sc.sharing.time.tz);
  }

  // Map layers. Budgets: a full-grid layer of the example (160 x 120 cells) is 77 kB, of a
  // 250,000-cell area 1 MB, so the grids' budget keeps a few hundred parameter sets; a tile is
  // 1 to 30 kB.
  static constexpr std::size_t kGridCacheBytes = 256u << 20;
  static constexpr std::size_t kTileCacheBytes = 64u << 20;
  LayerRegistry layers;
  LruCache<LayerGrid> grids{kGridCacheBytes, [](const LayerGrid& g) { return g.bytes(); }};
  LruCache<std::string> tiles{kTileCacheBytes,
                              [](const std::string& png) { return png.size() + 128; }};
  /// Tells one server's ETags from another's: the build and the scenario's text.
  const std::string epoch;
  std::atomic<std::int64_t> newest_version{0};

  LayerRequest layer_request(const std::string& name, const Query& q) const;
  std::shared_ptr<const LayerGrid> layer_grid(const LayerRequest& r, std::int64_t version);

  /// The study grid's layout as a layer grid (rows from the north), values NaN.
  LayerGrid study_layer_grid() const {
    const prop::StudyGrid& g = sc.grid;
    return LayerGrid{
        sc.crs,
        g.x0_m,
        g.y0_m + g.ny * g.cell_m,
        g.cell_m,
        g.nx,
        g.ny,
        std::vector<float>(static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny),
                           std::numeric_limits<float>::quiet_NaN()),
        {}};
  }

  /// Every layer of the server. A layer of the live engine's maps is a provider filling
  /// study_layer_grid() from the engine, row r of the layer being row ny - 1 - r of the study
  /// grid (whose row 0 is the southernmost).
  void register_layers() {
    LayerDef shade;
    shade.name = "hillshade";
    shade.title = "terrain hillshade";
    shade.unit = "";
    shade.style = TileStyle{"greys", 0, 255, false, true};
    shade.changes_with_data = false;
    shade.provider = [this](const LayerArgs&) { return hillshade_grid(terrain, sc.crs); };
    layers.add(std::move(shade));

    // The max EIRP of a new base station in every cell of the study grid at one channel, slot
    // and height. At a height of the study grid: the live engine's map (sim/live/live_engine.h,
    // the batch vacancy cube's layer over the stations' coupling tensors, equal to the point
    // vacancy at every cell centre); at any other height: the point vacancy at each cell centre.
    const VacancySpec& v = sc.sharing.vacancy;
    LayerDef eirp;
    eirp.name = "max_eirp";
    eirp.title = "max EIRP";
    eirp.unit = "dBm";
    eirp.style = TileStyle{"viridis", v.min_useful_eirp_dBm - 20, v.max_eirp_dBm, false, false};
    eirp.params = {LayerParam::Channel, LayerParam::Slot, LayerParam::Height};
    eirp.provider = [this](const LayerArgs& a) {
      if (const std::optional<std::size_t> h = study_height(a.height_m))
        return engine_grid(live::MapKind::MaxEirp, a, *h);
      LayerGrid out = study_layer_grid();
      const prop::StudyGrid& g = sc.grid;
      const auto nx = static_cast<std::size_t>(g.nx);
      tbb::parallel_for(std::size_t{0}, out.values.size(), [&](std::size_t i) {
        live::VacancyQuery q;
        q.x_m = g.x(static_cast<int>(i % nx));
        q.y_m = g.y(g.ny - 1 - static_cast<int>(i / nx));
        q.height_m = a.height_m;
        q.slots = {a.slot, a.slot + 1};
        q.channels = {a.channel};
        out.values[i] = engine.vacancy(q).channels.front().max_eirp_dBm;
      });
      return out;
    };
    layers.add(std::move(eirp));

    // The maps the live engine reduces from its station tensors (sim/live/live_engine.h
    // LiveEngine::map()), at the heights of the study grid.
    const auto engine_layer = [this](live::MapKind kind, std::string name, std::string title,
                                     std::string unit, TileStyle style,
                                     std::vector<LayerParam> params) {
      LayerDef l;
      l.name = std::move(name);
      l.title = std::move(title);
      l.unit = std::move(unit);
      l.style = std::move(style);
      l.params = std::move(params);
      l.provider = [this, kind](const LayerArgs& a) {
        return engine_grid(kind, a, required_study_height(a.height_m));
      };
      layers.add(std::move(l));
    };
    const std::vector<LayerParam> all = {LayerParam::Channel, LayerParam::Slot, LayerParam::Height};
    const std::vector<LayerParam> slot_height = {LayerParam::Slot, LayerParam::Height};
    // I_lim,new - I_new of the vacancy's usable test: the room a newcomer's receiver has left
    // under the interference of everything on the air (+inf where nothing is).
    engine_layer(live::MapKind::AggregateMargin, "aggregate_margin", "aggregate margin", "dB",
                 TileStyle{"rdbu", -30, 30, false, false}, all);
    engine_layer(live::MapKind::Coverage, "coverage", "coverage (best server's power)", "dBm",
                 TileStyle{"viridis", -120, -40, false, false}, slot_height);
    engine_layer(live::MapKind::Sinr, "sinr", "SINR", "dB",
                 TileStyle{"viridis", -10, 40, false, false}, slot_height);
    engine_layer(live::MapKind::BestServer, "best_server", "best server", "",
                 TileStyle{"viridis", 0, 1, true, false}, slot_height);
  }

  /// The index of `height_m` among the study grid's heights, if it is one of them.
  std::optional<std::size_t> study_height(double height_m) const {
    const std::vector<double>& hs = sc.grid.heights_m;
    const auto it = std::find(hs.begin(), hs.end(), height_m);
    if (it == hs.end()) return std::nullopt;
    return static_cast<std::size_t>(it - hs.begin());
  }
  std::size_t required_study_height(double height_m) const {
    if (const std::optional<std::size_t> h = study_height(height_m)) return *h;
    std::vector<std::string> hs;
    for (double h : sc.grid.heights_m) hs.push_back(fmt::format("{:g}", h));
    const std::string expected =
        fmt::format("a height of the study grid ({} m)", fmt::join(hs, ", "));
    throw ApiError(
        400, fmt::format("query parameter height_m: found {:g}, expected {}", height_m, expected),
        "height_m", fmt::format("{:g}", height_m), expected);
  }
  /// One of the live engine's maps as a layer grid: row r of the layer is row ny - 1 - r of the
  /// study grid (whose row 0 is the southernmost).
  LayerGrid engine_grid(live::MapKind kind, const LayerArgs& a, std::size_t height_index) const {
    live::MapQuery q;
    q.kind = kind;
    q.channel = a.channel;
    q.slot = a.slot;
    q.height_index = height_index;
    live::MapAnswer m = engine.map(q);
    LayerGrid out = study_layer_grid();
    const auto nx = static_cast<std::size_t>(m.nx), ny = static_cast<std::size_t>(m.ny);
    for (std::size_t r = 0; r < ny; ++r)
      std::copy_n(m.values.begin() + static_cast<std::ptrdiff_t>((ny - 1 - r) * nx), nx,
                  out.values.begin() + static_cast<std::ptrdiff_t>(r * nx));
    out.categories = std::move(m.servers);
    return out;
  }
};

LiveService::LiveService(Scenario scenario, const prop::TerrainGrid& terrain,
                         std::unique_ptr<store::Store> db,
                         const live::LiveEngineOptions& engine_options)
    : scenario_(std::move(scenario)), db_(std::move(db)) {
  impl_ = std::make_unique<Impl>(scenario_, terrain, engine_options);
  impl_->engine.set_premises(live::scenario_mic_premises(scenario_));
  {
    // Attached first, so that no other server's write goes unheard between the loading below
    // and the feed's start; a notification arriving meanwhile waits for the lock.
    std::unique_lock lock(impl_->mutex);
    attachment_ = db_->attach_server([this](std::int64_t version) {
      if (version >= 0 && version <= impl_->loaded_version.load(std::memory_order_acquire))
        return;  // this server's own write, or one already loaded
      try {
        impl_->sync_from_db(*db_);
      } catch (const std::exception& e) {
        // The next write finds the state stale and loads it again (record()).
        std::fprintf(stderr, "akichi serve: cannot load the database's changes: %s\n", e.what());
      }
    });
    for (;;) {
      impl_->loaded_version = db_->read_data_version();
      // A first start: no station and no decision yet (tokens may exist already). Servers
      // starting together on one PostgreSQL database: one imports, the others find it done.
      if (!db_->stations().empty() || !db_->audit(0, 1).empty()) break;
      const std::span<const Station> initial = scenario_.stations.database();
      try {
        impl_->record(*db_, Principal{Role::Regulator, ""}, "import.scenario",
                      json{{"scenario", scenario_.path}, {"stations", initial.size()}},
                      json{{"imported", initial.size()}},
                      [&](store::Transaction& tx, std::int64_t) {
                        for (const Station& st : initial) tx.insert_station(st);
                      });
      } catch (const Impl::StaleState&) {
        continue;
      }
    }
    impl_->loaded_version = db_->read_data_version();
    impl_->stations = db_->stations();
    std::sort(impl_->stations.begin(), impl_->stations.end(),
              [](const Station& a, const Station& b) { return a.id < b.id; });
    for (store::Grant& g : db_->grants(true)) impl_->add_grant(std::move(g));
    impl_->engine.set_stations(impl_->engine_stations());
  }
}

LiveService::~LiveService() = default;

Reply LiveService::health() {
  std::shared_lock lock(impl_->mutex);
  return {200, json{{"status", "ok"},
                    {"version", AKICHI_VERSION},
                    {"backend", db_->backend()},
                    {"schema_version", db_->schema_version()},
                    {"data_version", db_->data_version()},
                    {"stations", impl_->stations.size()},
                    {"active_grants", impl_->grants.size()}}};
}

Reply LiveService::scenario_info() {
  const Scenario& sc = scenario_;
  const prop::Extent e = sc.grid.extent();
  json channels = json::array();
  for (const Channel& c : sc.sharing.channels)
    channels.push_back({{"name", c.id}, {"lo_Hz", c.lo_Hz}, {"hi_Hz", c.hi_Hz}});
  json slots = json::array();
  for (std::size_t i = 0; i < sc.sharing.time.start_utc_s.size(); ++i)
    slots.push_back(json{{"index", i}, {"start", impl_->slot_label(i)}});
  // The study area's corners in WGS 84, for the map.
  prop::Transformer to_wgs84(sc.crs, prop::Crs::wgs84());
  double lon0 = e.xmin_m, lat0 = e.ymin_m, lon1 = e.xmax_m, lat1 = e.ymax_m;
  to_wgs84.transform(lon0, lat0);
  to_wgs84.transform(lon1, lat1);
  return {200, json{{"name", sc.name},
                    {"description", sc.description},
                    {"crs", sc.crs.authority_code()},
                    {"extent_m", {e.xmin_m, e.ymin_m, e.xmax_m, e.ymax_m}},
                    {"bbox_deg", {lon0, lat0, lon1, lat1}},
                    {"centre_deg", {sc.centre_lon_deg, sc.centre_lat_deg}},
                    {"cell_m", sc.grid.cell_m},
                    {"heights_m", sc.grid.heights_m},
                    {"model", sc.model.name},
                    {"time_zone", sc.sharing.time.tz},
                    {"step_s", sc.sharing.time.step_s},
                    {"slots", slots},
                    {"channels", channels},
                    {"vacancy",
                     {{"max_eirp_dBm", sc.sharing.vacancy.max_eirp_dBm},
                      {"min_useful_eirp_dBm", sc.sharing.vacancy.min_useful_eirp_dBm}}}}};
}

Reply LiveService::list_stations() {
  std::shared_lock lock(impl_->mutex);
  return {200, station_collection(impl_->stations)};
}

Reply LiveService::get_station(const std::string& id) {
  std::shared_lock lock(impl_->mutex);
  if (const Station* s = impl_->find_station(id)) return {200, station_feature(*s)};
  if (const store::Grant* g = impl_->grant_with_station(id))
    return {200, station_feature(g->station)};
  throw ApiError(404, fmt::format("no station {}", id), "id", id, "the id of a station");
}

namespace {

/// 403 before a body is read when the caller may write no station at all.
void check_may_write_stations(const Principal& who) {
  if (who.role == Role::Public)
    throw ApiError(403, "the public role is read-only: stations are written with a token");
}

}  // namespace

/// A station created or updated, under the writers' lock `lock`: judged, recorded with its audit
/// entry by `write`, put in the state and the engine, and answered once durable (after the lock:
/// writers waiting together share one sync).
Reply LiveService::station_written(std::unique_lock<std::shared_mutex>& lock, const Principal& who,
                                   const char* action, const json& request, const Station& st,
                                   int status, void (store::Transaction::*write)(const Station&)) {
  const live::Judgement j = impl_->engine.judge_change(&st, "");
  json answer{{"station", station_feature(st)}, {"judgement", judgement_json(j)}};
  const std::int64_t version =
      impl_
          ->record(*db_, who, action, request, answer,
                   [&](store::Transaction& tx, std::int64_t) { (tx.*write)(st); })
          .version;
  impl_->put_station(st);
  impl_->engine.upsert(st);
  lock.unlock();
  await_durable(*db_, version);
  answer["data_version"] = version;
  return {status, answer};
}

Reply LiveService::create_station(const Principal& who, const json& body) {
  check_may_write_stations(who);
  const Station st = impl_->station_of_body(body, "request body");
  check_station_write(who, st);
  return impl_->retrying(*db_, [&]() -> Reply {
    std::unique_lock lock(impl_->mutex);
    impl_->check_new_id(st.id);
    return station_written(lock, who, "station.create", body, st, 201,
                           &store::Transaction::insert_station);
  });
}

Reply LiveService::update_station(const Principal& who, const std::string& id, const json& body) {
  check_may_write_stations(who);
  require_object(body);
  json fields = body;
  if (const auto given = string_at(body, "id"); given && *given != id)
    unprocessable("id", "\"" + *given + "\"", "the id of the path, \"" + id + "\"");
  fields["id"] = id;
  const Station st = impl_->station_of_body(fields, "request body");
  check_station_write(who, st);
  return impl_->retrying(*db_, [&]() -> Reply {
    std::unique_lock lock(impl_->mutex);
    const Station* old = impl_->find_station(id);
    if (old == nullptr)
      throw ApiError(404, fmt::format("no station {}", id), "id", id, "the id of a station");
    check_station_write(who, *old);
    return station_written(lock, who, "station.update", fields, st, 200,
                           &store::Transaction::update_station);
  });
}

Reply LiveService::delete_station(const Principal& who, const std::string& id) {
  return impl_->retrying(*db_, [&]() -> Reply {
    std::unique_lock lock(impl_->mutex);
    const Station* old = impl_->find_station(id);
    if (old == nullptr)
      throw ApiError(404, fmt::format("no station {}", id), "id", id, "the id of a station");
    check_station_write(who, *old);
    const live::Judgement j = impl_->engine.judge_change(nullptr, id);
    json answer{{"deleted", id}, {"judgement", judgement_json(j)}};
    const std::int64_t version =
        impl_
            ->record(*db_, who, "station.delete", json{{"id", id}}, answer,
                     [&](store::Transaction& tx, std::int64_t) { tx.delete_station(id); })
            .version;
    impl_->erase_station(id);
    impl_->engine.remove(id);
    // Answered once durable, after the lock: writers waiting together share one sync.
    lock.unlock();
    await_durable(*db_, version);
    answer["data_version"] = version;
    return {200, answer};
  });
}

Reply LiveService::import_stations(const Principal& who, const std::string& content_type,
                                   const std::string& body) {
  check_may_write_stations(who);
  std::vector<Station> incoming;
  if (content_type.rfind("text/csv", 0) == 0) {
    refuse_file_keys(CsvTable::parse(body, "upload.csv").header(), "upload.csv");
    incoming = read_station_list_csv_text(body, "upload.csv", {}, impl_->source);
  } else {
    json doc;
    try {
      doc = json::parse(body);
    } catch (const json::parse_error& e) {
      throw ApiError(400, std::string("request body: ") + e.what(), "", "malformed JSON",
                     "a GeoJSON FeatureCollection or a CSV station list (Content-Type: text/csv)");
    }
    if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" ||
        !doc.contains("features") || !doc["features"].is_array())
      throw ApiError(400, "request body: expected a GeoJSON FeatureCollection", "type",
                     doc.is_object() ? doc.value("type", "") : doc.type_name(),
                     "FeatureCollection");
    std::size_t n = 0;
    for (const json& f : doc["features"]) {
      const std::string where = fmt::format("request body: feature {}", n++);
      if (!f.is_object() || !f.contains("properties"))
        throw ApiError(400, where + ": expected a Feature with properties", "properties");
      json props = f["properties"];
      require_object(props);
      if (f.contains("geometry") && f["geometry"].is_object() &&
          f["geometry"].value("type", "") == "Point") {
        const json& c = f["geometry"]["coordinates"];
        if (!c.is_array() || c.size() < 2 || !c[0].is_number() || !c[1].is_number())
          throw ApiError(400, where + ": geometry: expected [lon, lat]", "geometry");
        props["lon_deg"] = c[0];
        props["lat_deg"] = c[1];
      }
      incoming.push_back(impl_->station_of_body(props, where));
    }
    if (incoming.empty())
      throw ApiError(422, "request body: no feature", "features", "none", "at least one station");
  }
  check_unique_ids(incoming);
  for (const Station& st : incoming) check_station_write(who, st);
  return impl_->retrying(*db_, [&]() -> Reply {
    std::unique_lock lock(impl_->mutex);
    for (const Station& st : incoming) impl_->check_new_id(st.id);
    json ids = json::array();
    for (const Station& st : incoming) ids.push_back(st.id);
    json answer{{"imported", incoming.size()}, {"ids", ids}};
    const std::int64_t version =
        impl_
            ->record(*db_, who, "station.import", json{{"ids", ids}}, answer,
                     [&](store::Transaction& tx, std::int64_t) {
                       for (const Station& st : incoming) tx.insert_station(st);
                     })
            .version;
    for (const Station& st : incoming) {
      impl_->put_station(st);
      impl_->engine.upsert(st);
    }
    // Answered once durable, after the lock: writers waiting together share one sync.
    lock.unlock();
    await_durable(*db_, version);
    answer["data_version"] = version;
    return {201, answer};
  });
}

Reply LiveService::vacancy(const json& body) {
  require_object(body);
  const auto height = number_at(body, "height_m");
  if (!height) unprocessable("height_m", "nothing", "the antenna height above ground, m");
  if (!(*height > 0) || *height > 1000)
    unprocessable("height_m", fmt::format("{}", *height), "a height in (0, 1000] m");
  live::VacancyQuery q;
  std::tie(q.x_m, q.y_m) = impl_->point_of(body);
  q.height_m = *height;
  q.slots = impl_->slots_of(body);
  q.channels = impl_->channels_of(body);
  q.candidate = candidate_of(body);
  std::shared_lock lock(impl_->mutex);
  const std::int64_t version = db_->data_version();
  const live::VacancyAnswer a = impl_->engine.vacancy(q);
  lock.unlock();
  // An answer never rests on a write that a crash could still take back.
  db_->wait_durable(version);
  json channels = json::array();
  for (const live::ChannelVacancy& c : a.channels) {
    json ch{{"channel", scenario_.sharing.channels[c.channel].id},
            {"max_eirp_dBm", c.max_eirp_dBm},
            {"binding", c.binding.empty() ? json(nullptr) : json(c.binding)},
            {"binding_slot", c.binding_slot},
            {"binding_time", impl_->slot_label(c.binding_slot)},
            {"interference_dBm", db_value(c.interference_dBm)},
            {"usable", c.usable}};
    // A best-azimuth search: the candidate's azimuth that gives this answer.
    if (c.azimuth_deg) ch["azimuth_deg"] = *c.azimuth_deg;
    channels.push_back(std::move(ch));
  }
  return {200, json{{"x_m", q.x_m},
                    {"y_m", q.y_m},
                    {"height_m", q.height_m},
                    {"slots", {q.slots.begin, q.slots.end}},
                    {"channels", channels},
                    {"data_version", version}}};
}

namespace {

json grant_json(const store::Grant& g) {
  return json{{"id", g.id},
              {"channel", g.channel},
              {"licensee", g.licensee},
              {"active", g.active},
              {"granted_utc", g.granted_utc},
              {"released_utc", g.released_utc},
              {"audit_id", g.audit_id},
              {"station", station_feature(g.station)}};
}

}  // namespace

Reply LiveService::list_grants(const Principal& who) {
  std::shared_lock lock(impl_->mutex);
  json out = json::array();
  for (const auto& [id, g] : impl_->grants)
    if (who.role != Role::Licensee || g.licensee == who.licensee) out.push_back(grant_json(g));
  return {200, json{{"grants", out}}};
}

Reply LiveService::request_grant(const Principal& who, const json& body) {
  require_object(body);
  const auto channel_name = string_at(body, "channel");
  if (!channel_name) unprocessable("channel", "nothing", "the name of a channel of the plan");
  // Who may ask is decided before what is asked is checked: a forbidden request gets 403.
  check_grant_write(who, string_at(body, "licensee").value_or(""));
  const std::size_t channel = impl_->channel_index(*channel_name, "channel");
  const Channel& ch = scenario_.sharing.channels[channel];
  json fields = body;
  fields.erase("channel");
  for (const char* k :
       {"freq_lo_Hz", "freq_lo_MHz", "freq_lo_GHz", "freq_hi_Hz", "freq_hi_MHz", "freq_hi_GHz",
        "freq_Hz", "freq_MHz", "freq_GHz", "bandwidth_Hz", "bandwidth_MHz", "bandwidth_GHz"}) {
    if (fields.contains(k))
      unprocessable(k, fields[k].dump(), "no frequency key: the channel gives the band");
  }
  if (const auto role = string_at(fields, "role"); role && *role != "local5g_base")
    unprocessable("role", "\"" + *role + "\"", "\"local5g_base\" (a grant is for a base station)");
  fields["role"] = "local5g_base";
  fields["freq_lo_Hz"] = ch.lo_Hz;
  fields["freq_hi_Hz"] = ch.hi_Hz;
  const Station st = impl_->station_of_body(fields, "request body");
  if (st.licensee.empty())
    unprocessable("licensee", "nothing", "the licensee asking for the grant");
  if (!st.transmits)
    unprocessable("eirp_dBm", "nothing", "the EIRP asked for (eirp_dBm or tx_power_dBm)");
  check_grant_write(who, st.licensee);

  // A denial changes no state: a request is judged first under the shared lock, side by side
  // with others, and a denial is recorded there (its audit entry names the data version it was
  // judged on, which no write can change while the lock is held). A request that would be
  // granted is judged again under the exclusive lock, the state may have changed in between,
  // and granted only then: two requests for the last dB of a receiver's margin are still
  // judged one after the other.
  const auto decide = [&](auto& lock, bool may_grant) -> std::optional<Reply> {
    impl_->check_new_id(st.id);
    const live::GrantDecision d = impl_->engine.judge_grant(st, channel);
    if (d.granted && !may_grant) return std::nullopt;
    json slots = json::array();
    for (std::size_t s : d.slots_that_work)
      slots.push_back({{"slot", s}, {"start", impl_->slot_label(s)}});
    // Serialised once: the audit entry's response and the answer's "decision" are this text.
    std::string decision =
        ObjectBuilder()
            .add("granted", d.granted)
            .add("reason", d.reason)
            .add("binding", d.binding.empty() ? json(nullptr) : json(d.binding))
            .add("margin_dB", db_value(d.margin_dB))
            .add("receivers", nullptr)  // spliced in below
            .add("grantable_eirp_dBm",
                 d.grantable_eirp_dBm ? json(*d.grantable_eirp_dBm) : json(nullptr))
            .add("channels_that_work", d.channels_that_work)
            .add("slots_that_work", std::move(slots))
            .take()
            .dump();
    // The receivers' text in place of the placeholder. A string member cannot hold the
    // placeholder's unescaped quotes, so the first match is the member.
    constexpr std::string_view rx_member = "\"receivers\":", rx_placeholder = "null";
    const std::size_t rx_at = decision.find(std::string(rx_member) + std::string(rx_placeholder));
    decision.replace(rx_at + rx_member.size(), rx_placeholder.size(), receivers_text(d.receivers));
    store::Grant grant;
    grant.station = st;
    grant.channel = ch.id;
    grant.licensee = st.licensee;
    grant.granted_utc = utc_now();
    // A denial's entry shares its transaction with the denials recorded at the same time.
    const auto recorded = d.granted
                              ? impl_->record(*db_, who, "grant.request", body, decision,
                                              [&](store::Transaction& tx, std::int64_t audit_id) {
                                                grant.audit_id = audit_id;
                                                tx.insert_grant(grant);
                                              })
                              : impl_->record_denial(*db_, who, body, decision);
    const std::int64_t version = recorded.version;
    json answer = ObjectBuilder()
                      .add("granted", d.granted)
                      .add("audit_id", recorded.audit_id)
                      .add("data_version", version)
                      .add("decision", nullptr)
                      .take();
    if (d.granted) {
      answer["grant"] = grant_json(grant);
      impl_->add_grant(std::move(grant));
      impl_->engine.upsert(st);
    }
    // Answered once durable, after the lock: writers waiting together share one sync.
    lock.unlock();
    await_durable(*db_, version);
    // The answer's text with the decision's spliced in. Members are written in key order, and
    // only "audit_id" and "data_version", numbers, come before "decision": the first match is
    // that member.
    Reply reply;
    reply.status = d.granted ? 201 : 200;
    reply.content_type = "application/json";
    reply.bytes = answer.dump();
    constexpr std::string_view member = "\"decision\":", placeholder = "null";
    const std::size_t at = reply.bytes.find(member);
    reply.bytes.replace(at + member.size(), placeholder.size(), decision);
    return reply;
  };
  return impl_->retrying(*db_, [&]() -> Reply {
    {
      std::shared_lock lock(impl_->mutex);
      if (std::optional<Reply> denied = decide(lock, false)) return std::move(*denied);
    }
    std::unique_lock lock(impl_->mutex);
    return std::move(*decide(lock, true));
  });
}

Reply LiveService::release_grant(const Principal& who, std::int64_t id) {
  return impl_->retrying(*db_, [&]() -> Reply {
    std::unique_lock lock(impl_->mutex);
    const auto it = impl_->grants.find(id);
    if (it == impl_->grants.end())
      throw ApiError(404, fmt::format("no active grant {}", id), "id", std::to_string(id),
                     "the id of an active grant");
    check_grant_write(who, it->second.licensee);
    const std::string when = utc_now();
    json answer{{"released", id}, {"released_utc", when}};
    const std::int64_t version =
        impl_
            ->record(*db_, who, "grant.release", json{{"id", id}}, answer,
                     [&](store::Transaction& tx, std::int64_t) { tx.release_grant(id, when); })
            .version;
    impl_->engine.remove(it->second.station.id);
    impl_->erase_grant(it);
    // Answered once durable, after the lock: writers waiting together share one sync.
    lock.unlock();
    await_durable(*db_, version);
    answer["data_version"] = version;
    return {200, answer};
  });
}

Reply LiveService::judge(const json& body) {
  require_object(body);
  const std::string action = string_at(body, "action").value_or("");
  std::shared_lock lock(impl_->mutex);
  const std::int64_t version = db_->data_version();
  // As vacancy(): the judgement is answered once the state it saw is durable.
  const auto durable = [&](const live::Judgement& j) {
    lock.unlock();
    db_->wait_durable(version);
    return Reply{200, judgement_json(j)};
  };
  if (action == "remove") {
    const auto id = string_at(body, "id");
    if (!id) unprocessable("id", "nothing", "the id of the station to remove");
    if (impl_->find_station(*id) == nullptr && impl_->grant_with_station(*id) == nullptr)
      throw ApiError(404, fmt::format("no station {}", *id), "id", *id, "the id of a station");
    return durable(impl_->engine.judge_change(nullptr, *id));
  }
  if (action != "add" && action != "update")
    unprocessable("action", "\"" + action + "\"", "one of add, update, remove");
  if (!body.contains("station")) unprocessable("station", "nothing", "the station's fields");
  const Station st = impl_->station_of_body(body["station"], "request body: station");
  const bool exists = impl_->find_station(st.id) != nullptr || impl_->grant_with_station(st.id);
  if (action == "add" && exists)
    throw ApiError(409, fmt::format("station {} exists already", st.id), "station.id", st.id,
                   "a new id (or action update)");
  if (action == "update" && !exists)
    throw ApiError(404, fmt::format("no station {}", st.id), "station.id", st.id,
                   "the id of a station (or action add)");
  return durable(impl_->engine.judge_change(&st, ""));
}

Reply LiveService::interference() {
  std::shared_lock lock(impl_->mutex);
  json rx = json::array();
  for (const auto& r : impl_->engine.interference()) rx.push_back(receiver_change_json(r));
  const std::int64_t version = db_->data_version();
  lock.unlock();
  db_->wait_durable(version);  // as vacancy()
  return {200, json{{"receivers", rx}, {"data_version", version}}};
}

Reply LiveService::audit(const Principal& who, std::int64_t after_id, std::size_t limit) {
  check_regulator(who, "the audit table");
  json out = json::array();
  for (const store::AuditEntry& e : db_->audit(after_id, limit)) {
    out.push_back({{"id", e.id},
                   {"time_utc", e.time_utc},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"request", json::parse(e.request, nullptr, false)},
                   {"response", json::parse(e.response, nullptr, false)},
                   {"models", json::parse(e.models, nullptr, false)},
                   {"data_version", e.data_version}});
  }
  return {200, json{{"entries", out}}};
}

Reply LiveService::export_files() {
  std::shared_lock lock(impl_->mutex);
  const std::vector<Station> all = impl_->engine_stations();
  // Columns: every key any station has, in the station lists' documented order.
  std::vector<std::vector<StationField>> rows;
  for (const Station& st : all) rows.push_back(station_fields(st));
  std::vector<std::string> header;
  for (const std::string& key : station_keys()) {
    const bool used = std::any_of(rows.begin(), rows.end(), [&](const auto& r) {
      return std::any_of(r.begin(), r.end(), [&](const StationField& f) { return f.first == key; });
    });
    if (used) header.push_back(key);
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    std::vector<std::string> line(header.size());
    for (const auto& [key, v] : r) {
      const auto it = std::find(header.begin(), header.end(), key);
      std::string text = v.text;
      if (v.kind == RecordValue::Kind::Number) text = exact(v.number);
      if (v.kind == RecordValue::Kind::Texts) {
        text.clear();
        for (const std::string& t : v.texts) text += (text.empty() ? "" : ";") + t;
      }
      line[static_cast<std::size_t>(it - header.begin())] = text;
    }
    cells.push_back(std::move(line));
  }
  // The scenario as written, its database stations replaced by the list.
  toml::table scenario = toml::parse(scenario_.text, scenario_.path);
  scenario.erase("incumbent");
  scenario.erase("licensee_station");
  scenario.erase("stations");
  scenario.insert("stations", toml::table{{"lists", toml::array{"stations.csv"}}});
  std::ostringstream text;
  text << "# Exported from the live database (data version " << db_->data_version() << ", "
       << utc_now() << "): the scenario " << scenario_.path
       << " with its database stations in stations.csv. Keep both files in the scenario's folder.\n"
       << scenario << "\n";
  return {200, json{{"data_version", db_->data_version()},
                    {"files",
                     {{"scenario.toml", text.str()}, {"stations.csv", csv_text(header, cells)}}}}};
}

Reply LiveService::whoami(const Principal& who) {
  return {200, json{{"role", role_name(who.role)},
                    {"licensee", who.licensee.empty() ? json(nullptr) : json(who.licensee)},
                    {"actor", who.actor()}}};
}

namespace {

/// An integer of a URL's path or query, in [lo, hi]; ApiError 400 naming `name` otherwise.
std::int64_t integer_of(const std::string& text, const char* name, std::int64_t lo, std::int64_t hi,
                        const char* where = "") {
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      n < lo || n > hi)
    throw ApiError(400,
                   fmt::format("{}{}: found \"{}\", expected an integer in [{}, {}]", where, name,
                               text, lo, hi),
                   name, text, fmt::format("an integer in [{}, {}]", lo, hi));
  return n;
}

/// A finite number of a query, or nullopt when the query has none; ApiError 400 otherwise.
std::optional<double> query_number(const Query& q, const char* name) {
  const auto it = q.find(name);
  if (it == q.end()) return std::nullopt;
  const std::string& text = it->second;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || !std::isfinite(v))
    throw ApiError(400,
                   fmt::format("query parameter {}: found \"{}\", expected a number", name, text),
                   name, text, "a number");
  return v;
}

std::string hex_colour(const std::array<unsigned char, 4>& c) {
  return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

/// What the page needs to draw a layer's colour bar: the colour map, its range and unit, and
/// stops (value, colour) along it; a categorical layer's palette.
json legend_json(const LayerDef& l) {
  json legend{{"unit", l.unit}, {"categorical", l.style.categorical}};
  if (l.style.categorical) {
    json palette = json::array();
    for (std::size_t k = 0; k < viz::kCategoryColourCount; ++k)
      palette.push_back(hex_colour(tile_colour(l.style, static_cast<float>(k))));
    legend["palette"] = palette;
    return legend;
  }
  legend["colormap"] = l.style.colormap;
  legend["vmin"] = l.style.vmin;
  legend["vmax"] = l.style.vmax;
  // 17 stops: viridis' 256 entries drawn as a CSS gradient differ by at most a level from it.
  json stops = json::array();
  for (int k = 0; k <= 16; ++k) {
    const double v = l.style.vmin + (l.style.vmax - l.style.vmin) * k / 16.0;
    stops.push_back({{"value", v}, {"colour", hex_colour(tile_colour(l.style, float(v)))}});
  }
  legend["stops"] = stops;
  return legend;
}

}  // namespace

LayerRequest LiveService::Impl::layer_request(const std::string& name, const Query& q) const {
  LayerRequest r;
  r.layer = layers.find(name);
  if (r.layer == nullptr) {
    std::string names;
    for (const LayerDef& l : layers.layers()) names += (names.empty() ? "" : ", ") + l.name;
    throw ApiError(404, fmt::format("no map layer {}", name), "layer", name,
                   "a layer of /api/layers: " + names);
  }
  r.what = name;
  for (const LayerParam p : r.layer->params) {
    const char* key = param_name(p);
    const auto it = q.find(key);
    switch (p) {
      case LayerParam::Channel: {
        const auto& chs = sc.sharing.channels;
        if (it == q.end()) {
          r.args.channel = 0;
        } else {
          const auto c = std::find_if(chs.begin(), chs.end(),
                                      [&](const Channel& ch) { return ch.id == it->second; });
          if (c == chs.end()) {
            std::string names;
            for (const auto& ch : chs) names += (names.empty() ? "" : ", ") + ch.id;
            throw ApiError(400,
                           fmt::format("query parameter channel: found \"{}\", expected a "
                                       "channel of the plan: {}",
                                       it->second, names),
                           key, it->second, "a channel of the plan: " + names);
          }
          r.args.channel = static_cast<std::size_t>(c - chs.begin());
        }
        r.params[key] = chs[r.args.channel].id;
        break;
      }
      case LayerParam::Slot: {
        const std::int64_t n = static_cast<std::int64_t>(sc.sharing.time.start_utc_s.size());
        r.args.slot = it == q.end() ? 0
                                    : static_cast<std::size_t>(integer_of(it->second, key, 0, n - 1,
                                                                          "query parameter "));
        r.params[key] = r.args.slot;
        break;
      }
      case LayerParam::Height: {
        const auto h = query_number(q, key);
        r.args.height_m = h ? *h : sc.grid.heights_m.front();
        if (!(r.args.height_m > 0) || r.args.height_m > 1000)
          throw ApiError(400,
                         fmt::format("query parameter height_m: found {}, expected a height in "
                                     "(0, 1000] m",
                                     r.args.height_m),
                         key, fmt::format("{}", r.args.height_m), "a height in (0, 1000] m");
        r.params[key] = r.args.height_m;
        break;
      }
    }
    r.what += fmt::format(
        ";{}={}", key,
        r.params[key].is_string() ? r.params[key].get<std::string>() : r.params[key].dump());
  }
  return r;
}

std::shared_ptr<const LayerGrid> LiveService::Impl::layer_grid(const LayerRequest& r,
                                                               std::int64_t version) {
  if (version > newest_version.load()) {
    // The database moved on: what was computed on an older version is never asked for again.
    newest_version = version;
    grids.drop_versions_before(version);
    tiles.drop_versions_before(version);
  }
  return grids.get({r.what, version}, [&] { return r.layer->provider(r.args); });
}

Reply LiveService::layers() {
  const prop::Extent e = scenario_.grid.extent();
  prop::Transformer to_wgs84(scenario_.crs, prop::Crs::wgs84());
  double lon0 = e.xmin_m, lat0 = e.ymin_m, lon1 = e.xmax_m, lat1 = e.ymax_m;
  to_wgs84.transform(lon0, lat0);
  to_wgs84.transform(lon1, lat1);
  json out = json::array();
  for (const LayerDef& l : impl_->layers.layers()) {
    json params = json::array();
    std::string query;
    for (const LayerParam p : l.params) {
      params.push_back(param_name(p));
      query += fmt::format("{}{}={{{}}}", query.empty() ? "?" : "&", param_name(p), param_name(p));
    }
    out.push_back({{"name", l.name},
                   {"title", l.title},
                   {"unit", l.unit},
                   {"params", params},
                   {"changes_with_data", l.changes_with_data},
                   {"legend", legend_json(l)},
                   {"tiles", fmt::format("/api/tiles/{}/{{z}}/{{x}}/{{y}}.png{}", l.name, query)},
                   {"value", fmt::format("/api/layers/{}/value", l.name)},
                   {"min_zoom", 0},
                   {"max_zoom", kMaxZoom},
                   {"tile_size", kTileSize}});
  }
  // Vector layers, drawn by the page from their GeoJSON: the MIC areas, in the colour of a MIC
  // mask's "inside" in akichi render (cover area filled, coordination area outlined).
  json overlays = json::array();
  overlays.push_back(
      {{"name", "mic_areas"},
       {"title", "MIC areas"},
       {"geojson", "/api/layers/mic_areas/geojson"},
       {"params", json::array({"station"})},
       {"available", scenario_.sharing.mic.enabled},
       {"legend", {{"coverage", mic_inside_colour()}, {"coordination", mic_inside_colour()}}},
       {"changes_with_data", true}});
  return {200,
          json{{"layers", out}, {"overlays", overlays}, {"bbox_deg", {lon0, lat0, lon1, lat1}}}};
}

Reply LiveService::tile(const std::string& layer, const std::string& zs, const std::string& xs,
                        const std::string& ys, const Query& query,
                        const std::string& if_none_match) {
  const LayerRequest r = impl_->layer_request(layer, query);
  TileIndex t;
  t.z = static_cast<int>(integer_of(zs, "z", 0, kMaxZoom, "tile "));
  const std::int64_t last = (std::int64_t{1} << t.z) - 1;
  t.x = integer_of(xs, "x", 0, last, "tile ");
  t.y = integer_of(ys, "y", 0, last, "tile ");
  std::shared_lock lock(impl_->mutex);
  const std::int64_t version = r.layer->changes_with_data ? db_->data_version() : 0;
  // Strong validator: the server's build and scenario, the data version, the parameters.
  const std::string etag = fmt::format("\"{}-v{}-{}\"", impl_->epoch, version, r.what);
  Reply reply;
  reply.content_type = "image/png";
  // Kept by the browser but asked again every time: a write changes the data version, and the
  // answer to an unchanged tile is a 304 without a body.
  reply.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
  if (if_none_match == "*" || if_none_match.find(etag) != std::string::npos) {
    reply.status = 304;
    return reply;
  }
  const auto grid = impl_->layer_grid(r, version);
  lock.unlock();
  const auto png = impl_->tiles.get({fmt::format("{}/{}/{}/{}", r.what, t.z, t.x, t.y), version},
                                    [&] { return tile_png(*grid, r.layer->style, t); });
  reply.bytes = *png;
  return reply;
}

Reply LiveService::layer_value(const std::string& layer, const Query& query) {
  const LayerRequest r = impl_->layer_request(layer, query);
  json point = json::object();
  for (const char* k : {"lat_deg", "lon_deg", "x_m", "y_m"})
    if (const auto v = query_number(query, k)) point[k] = *v;
  const auto [x, y] = impl_->point_of(point);
  std::shared_lock lock(impl_->mutex);
  const std::int64_t version = r.layer->changes_with_data ? db_->data_version() : 0;
  const auto grid = impl_->layer_grid(r, version);
  lock.unlock();
  const auto [col, row] = grid->cell_of(x, y);
  if (col < 0)
    unprocessable("lon_deg", fmt::format("a point at ({:.1f}, {:.1f}) m", x, y),
                  fmt::format("a point the layer {} covers", layer));
  const float v = grid->at(col, row);
  json out{{"layer", layer},
           {"params", r.params},
           {"value", std::isfinite(v) ? json(v) : json(nullptr)},
           {"unit", r.layer->unit},
           {"x_m", x},
           {"y_m", y},
           {"cell",
            {{"column", col},
             {"row", row},
             {"x_m", grid->west_m + (col + 0.5) * grid->cell_m},
             {"y_m", grid->north_m - (row + 0.5) * grid->cell_m}}},
           {"data_version", version}};
  // JSON has no infinity: an unbounded value (an aggregate margin where nothing is on the air)
  // is null with its sign in "value_text".
  if (std::isinf(v)) out["value_text"] = v > 0 ? "inf" : "-inf";
  if (!std::isnan(v)) {
    out["colour"] = hex_colour(tile_colour(r.layer->style, v));
    if (r.layer->style.categorical) {
      const auto k = static_cast<std::size_t>(v);
      out["label"] = k < grid->categories.size() ? json(grid->categories[k]) : json(nullptr);
    }
  }
  return {200, out};
}

std::map<std::string, double> LiveService::gauges() {
  std::shared_lock lock(impl_->mutex);
  const live::TensorStoreStats t = impl_->engine.tensor_stats();
  const auto d = [](std::size_t v) { return static_cast<double>(v); };
  return {{"akichi_stations", static_cast<double>(impl_->stations.size())},
          {"akichi_layer_grid_cache_bytes", static_cast<double>(impl_->grids.bytes())},
          {"akichi_layer_tile_cache_bytes", static_cast<double>(impl_->tiles.bytes())},
          {"akichi_grants_active", static_cast<double>(impl_->grants.size())},
          {"akichi_data_version", static_cast<double>(db_->data_version())},
          {"process_resident_memory_bytes", static_cast<double>(resident_bytes())},
          // The engine's station tensors (sim/live/tensor_store.h): counts since the start,
          // and what is held now against the budget.
          {"akichi_tensor_hits", d(t.hits)},
          {"akichi_tensor_misses", d(t.misses)},
          {"akichi_tensor_computed", d(t.computed)},
          {"akichi_tensor_spills", d(t.spills)},
          {"akichi_tensor_flushed", d(t.flushed)},
          {"akichi_tensor_reloads", d(t.reloads)},
          {"akichi_tensor_rejected_files", d(t.rejected)},
          {"akichi_tensor_evictions", d(t.evictions)},
          {"akichi_tensor_entries", d(t.entries)},
          {"akichi_tensor_bytes", d(t.bytes)},
          {"akichi_tensor_budget_bytes", d(t.budget)}};
}

Reply LiveService::mic_areas_geojson(const Query& query) {
  std::shared_lock lock(impl_->mutex);
  const std::int64_t version = db_->data_version();
  std::shared_ptr<const json> all;
  {
    const std::lock_guard cache(impl_->mic_mutex);
    if (impl_->mic_version == version) all = impl_->mic_all;
  }
  if (!all) {
    // Two requests of a new version may both compute it: the same answer, kept once.
    // Band by band (each station under its own band's rule), one collection.
    json fc{{"type", "FeatureCollection"}, {"features", json::array()}};
    json rules = json::array();
    for (const live::MicAreasAnswer& m : impl_->engine.mic_areas()) {
      json band =
          serve::mic_areas_geojson(m.areas, m.stations, m.licensees, scenario_.grid, scenario_.crs);
      for (json& f : band["features"]) {
        f["properties"]["rule"] = m.rule;
        fc["features"].push_back(std::move(f));
      }
      rules.push_back(m.rule);
    }
    fc["rule"] = rules.empty() ? json(nullptr) : rules.front();
    fc["rules"] = rules;
    fc["colour"] = mic_inside_colour();
    fc["data_version"] = version;
    all = std::make_shared<const json>(std::move(fc));
    const std::lock_guard cache(impl_->mic_mutex);
    impl_->mic_version = version;
    impl_->mic_all = all;
  }
  lock.unlock();
  db_->wait_durable(version);  // as vacancy(): never an answer a crash could take back
  const auto station = query.find("station");
  if (station == query.end()) return {200, *all};
  json one = *all;
  json features = json::array();
  for (const json& f : (*all)["features"])
    if (f["properties"]["station"] == station->second) features.push_back(f);
  if (features.empty()) {
    throw ApiError(404,
                   fmt::format("query parameter station: found \"{}\", expected a transmitting "
                               "local 5G base station with MIC areas",
                               station->second),
                   "station", station->second,
                   "a transmitting local 5G base station with MIC areas");
  }
  one["features"] = std::move(features);
  return {200, one};
}

std::size_t LiveService::save_tensors() {
  std::unique_lock lock(impl_->mutex);
  return impl_->engine.save_tensors();
}

}  // namespace akichi::sim::serve

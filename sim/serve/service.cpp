#include "sim/serve/service.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <sstream>

#include <tbb/parallel_for.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "akichi_version.h"
#include "base/errors.h"
#include "sim/input/csv.h"
#include "sim/serve/api_error.h"
#include "sim/serve/json_station.h"
#include "sim/serve/map_layer.h"
#include "sim/station/station_db.h"

namespace akichi::sim::serve {

using nlohmann::json;

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

namespace {

/// A dB value for JSON: finite numbers as they are, infinities as null (JSON has none).
json db_value(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json receiver_margin_json(const live::ReceiverMargin& m) {
  return json{{"receiver", m.receiver},
              {"limit_dBm", db_value(m.limit_dBm)},
              {"aggregate_dBm", db_value(m.aggregate_dBm)},
              {"margin_dB", db_value(m.margin_dB)},
              {"request_dBm", db_value(m.request_dBm)},
              {"slot", m.slot}};
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
                     {"area_m2", p.area_m2}});
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

store::AuditEntry audit_entry(const Principal& who, const std::string& action, const json& request,
                              const json& response, const std::string& models,
                              std::int64_t data_version) {
  store::AuditEntry e;
  e.time_utc = utc_now();
  e.actor = who.actor();
  e.action = action;
  e.request = request.dump();
  e.response = response.dump();
  e.models = models;
  e.data_version = data_version;
  return e;
}

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * ::sysconf(_SC_PAGESIZE);
}

}  // namespace

struct LiveService::Impl {
  Impl(const Scenario& sc, const prop::TerrainGrid& terrain,
       const live::LiveEngineOptions& engine_options)
      : terrain(terrain),
        engine(sc, terrain, engine_options),
        source(station_source(sc)),
        from_wgs84(prop::Crs::wgs84(), sc.crs),
        sc(sc) {}

  const prop::TerrainGrid& terrain;
  live::LiveEngine engine;
  StationSource source;
  std::once_flag hillshade_once;
  json hillshade;
  prop::Transformer from_wgs84;
  const Scenario& sc;
  std::shared_mutex mutex;
  std::vector<Station> stations;                ///< the database's, by id
  std::map<std::int64_t, store::Grant> grants;  ///< the active grants, by id

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
    const std::int64_t decided_on = db.data_version();
    Recorded r;
    r.version = db.commit([&](store::Transaction& tx) {
      store::AuditEntry e =
          audit_entry(who, action, request, response, engine.models_json(), decided_on);
      r.audit_id = tx.append_audit(e);
      change(tx, r.audit_id);
    });
    return r;
  }

  const Station* find_station(const std::string& id) const {
    for (const Station& s : stations)
      if (s.id == id) return &s;
    return nullptr;
  }

  const store::Grant* grant_with_station(const std::string& id) const {
    for (const auto& [gid, g] : grants)
      if (g.station.id == id) return &g;
    return nullptr;
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
    return station_of_fields(fields_of_json(body, where), where, source);
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
      from_wgs84.transform(px, py);
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
};

LiveService::LiveService(Scenario scenario, const prop::TerrainGrid& terrain,
                         std::unique_ptr<store::Store> db,
                         const live::LiveEngineOptions& engine_options)
    : scenario_(std::move(scenario)), db_(std::move(db)) {
  impl_ = std::make_unique<Impl>(scenario_, terrain, engine_options);
  // A first start: no station and no decision yet (tokens may exist already).
  if (db_->stations().empty() && db_->audit(0, 1).empty()) {
    const std::span<const Station> initial = scenario_.stations.database();
    impl_->record(*db_, Principal{Role::Regulator, ""}, "import.scenario",
                  json{{"scenario", scenario_.path}, {"stations", initial.size()}},
                  json{{"imported", initial.size()}}, [&](store::Transaction& tx, std::int64_t) {
                    for (const Station& st : initial) tx.insert_station(st);
                  });
  }
  impl_->stations = db_->stations();
  std::sort(impl_->stations.begin(), impl_->stations.end(),
            [](const Station& a, const Station& b) { return a.id < b.id; });
  for (store::Grant& g : db_->grants(true)) impl_->grants.emplace(g.id, std::move(g));
  impl_->engine.set_stations(impl_->engine_stations());
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

Reply LiveService::create_station(const Principal& who, const json& body) {
  check_may_write_stations(who);
  const Station st = impl_->station_of_body(body, "request body");
  check_station_write(who, st);
  std::unique_lock lock(impl_->mutex);
  impl_->check_new_id(st.id);
  const live::Judgement j = impl_->engine.judge_change(&st, "");
  json answer{{"station", station_feature(st)}, {"judgement", judgement_json(j)}};
  const std::int64_t version =
      impl_
          ->record(*db_, who, "station.create", body, answer,
                   [&](store::Transaction& tx, std::int64_t) { tx.insert_station(st); })
          .version;
  impl_->put_station(st);
  impl_->engine.upsert(st);
  // Answered once durable, after the lock: writers waiting together share one sync.
  lock.unlock();
  db_->wait_durable(version);
  answer["data_version"] = version;
  return {201, answer};
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
  std::unique_lock lock(impl_->mutex);
  const Station* old = impl_->find_station(id);
  if (old == nullptr)
    throw ApiError(404, fmt::format("no station {}", id), "id", id, "the id of a station");
  check_station_write(who, *old);
  const live::Judgement j = impl_->engine.judge_change(&st, "");
  json answer{{"station", station_feature(st)}, {"judgement", judgement_json(j)}};
  const std::int64_t version =
      impl_
          ->record(*db_, who, "station.update", fields, answer,
                   [&](store::Transaction& tx, std::int64_t) { tx.update_station(st); })
          .version;
  impl_->put_station(st);
  impl_->engine.upsert(st);
  // Answered once durable, after the lock: writers waiting together share one sync.
  lock.unlock();
  db_->wait_durable(version);
  answer["data_version"] = version;
  return {200, answer};
}

Reply LiveService::delete_station(const Principal& who, const std::string& id) {
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
  db_->wait_durable(version);
  answer["data_version"] = version;
  return {200, answer};
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
  std::unique_lock lock(impl_->mutex);
  for (const Station& st : incoming) impl_->check_new_id(st.id);
  json ids = json::array();
  for (const Station& st : incoming) ids.push_back(st.id);
  json answer{{"imported", incoming.size()}, {"ids", ids}};
  const std::int64_t version = impl_
                                   ->record(*db_, who, "station.import", json{{"ids", ids}}, answer,
                                            [&](store::Transaction& tx, std::int64_t) {
                                              for (const Station& st : incoming)
                                                tx.insert_station(st);
                                            })
                                   .version;
  for (const Station& st : incoming) {
    impl_->put_station(st);
    impl_->engine.upsert(st);
  }
  // Answered once durable, after the lock: writers waiting together share one sync.
  lock.unlock();
  db_->wait_durable(version);
  answer["data_version"] = version;
  return {201, answer};
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
  std::shared_lock lock(impl_->mutex);
  const std::int64_t version = db_->data_version();
  const live::VacancyAnswer a = impl_->engine.vacancy(q);
  lock.unlock();
  // An answer never rests on a write that a crash could still take back.
  db_->wait_durable(version);
  json channels = json::array();
  for (const live::ChannelVacancy& c : a.channels) {
    channels.push_back({{"channel", scenario_.sharing.channels[c.channel].id},
                        {"max_eirp_dBm", c.max_eirp_dBm},
                        {"binding", c.binding.empty() ? json(nullptr) : json(c.binding)},
                        {"binding_slot", c.binding_slot},
                        {"binding_time", impl_->slot_label(c.binding_slot)},
                        {"interference_dBm", db_value(c.interference_dBm)},
                        {"usable", c.usable}});
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

  std::unique_lock lock(impl_->mutex);
  impl_->check_new_id(st.id);
  const live::GrantDecision d = impl_->engine.judge_grant(st, channel);
  json rx = json::array();
  for (const auto& m : d.receivers) rx.push_back(receiver_margin_json(m));
  json slots = json::array();
  for (std::size_t s : d.slots_that_work)
    slots.push_back({{"slot", s}, {"start", impl_->slot_label(s)}});
  json decision{
      {"granted", d.granted},
      {"reason", d.reason},
      {"binding", d.binding.empty() ? json(nullptr) : json(d.binding)},
      {"margin_dB", db_value(d.margin_dB)},
      {"receivers", rx},
      {"grantable_eirp_dBm", d.grantable_eirp_dBm ? json(*d.grantable_eirp_dBm) : json(nullptr)},
      {"channels_that_work", d.channels_that_work},
      {"slots_that_work", slots}};
  store::Grant grant;
  grant.station = st;
  grant.channel = ch.id;
  grant.licensee = st.licensee;
  grant.granted_utc = utc_now();
  json answer{{"granted", d.granted}, {"decision", decision}};
  const auto recorded = impl_->record(*db_, who, "grant.request", body, decision,
                                      [&](store::Transaction& tx, std::int64_t audit_id) {
                                        if (!d.granted) return;
                                        grant.audit_id = audit_id;
                                        tx.insert_grant(grant);
                                      });
  const std::int64_t version = recorded.version;
  answer["audit_id"] = recorded.audit_id;
  if (d.granted) {
    impl_->grants.emplace(grant.id, grant);
    impl_->engine.upsert(st);
    answer["grant"] = grant_json(grant);
  }
  // Answered once durable, after the lock: writers waiting together share one sync.
  lock.unlock();
  db_->wait_durable(version);
  answer["data_version"] = version;
  return {d.granted ? 201 : 200, answer};
}

Reply LiveService::release_grant(const Principal& who, std::int64_t id) {
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
  impl_->grants.erase(it);
  // Answered once durable, after the lock: writers waiting together share one sync.
  lock.unlock();
  db_->wait_durable(version);
  answer["data_version"] = version;
  return {200, answer};
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

json layer_json(const LayerImage& img) {
  return json{{"bounds", {{img.south, img.west}, {img.north, img.east}}},
              {"image", png_data_url(img.png)}};
}

}  // namespace

Reply LiveService::hillshade() {
  std::call_once(impl_->hillshade_once, [&] {
    impl_->hillshade = layer_json(hillshade_layer(impl_->terrain, scenario_.crs));
    impl_->hillshade["name"] = "hillshade";
  });
  return {200, impl_->hillshade};
}

Reply LiveService::vacancy_layer(const std::string& channel, std::size_t slot, double height_m,
                                 int step) {
  const std::size_t ch = impl_->channel_index(channel, "channel");
  const std::size_t n_slots = scenario_.sharing.time.start_utc_s.size();
  if (slot >= n_slots)
    throw ApiError(
        400, fmt::format("query parameter slot: found {}, expected 0 .. {}", slot, n_slots - 1),
        "slot", std::to_string(slot), fmt::format("0 .. {}", n_slots - 1));
  if (!(height_m > 0) || height_m > 1000)
    throw ApiError(400, "query parameter height_m: expected a height in (0, 1000] m", "height_m",
                   fmt::format("{}", height_m), "a height in (0, 1000] m");
  const prop::StudyGrid& g = scenario_.grid;
  const int nx = (g.nx + step - 1) / step, ny = (g.ny + step - 1) / step;
  // Block (bx, by) takes the value of the study cell at its centre (clamped to the grid).
  const auto centre = [step](int b, int n) { return std::min(b * step + step / 2, n - 1); };
  std::vector<float> values(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  std::vector<double> xs(static_cast<std::size_t>(nx)), ys(static_cast<std::size_t>(ny));
  for (int bx = 0; bx < nx; ++bx) xs[static_cast<std::size_t>(bx)] = g.x(centre(bx, g.nx));
  for (int r = 0; r < ny; ++r) ys[static_cast<std::size_t>(r)] = g.y(centre(ny - 1 - r, g.ny));
  {
    std::shared_lock lock(impl_->mutex);
    tbb::parallel_for(std::size_t{0}, values.size(), [&](std::size_t i) {
      live::VacancyQuery q;
      q.x_m = xs[i % static_cast<std::size_t>(nx)];
      q.y_m = ys[i / static_cast<std::size_t>(nx)];
      q.height_m = height_m;
      q.slots = {slot, slot + 1};
      q.channels = {ch};
      values[i] = impl_->engine.vacancy(q).channels.front().max_eirp_dBm;
    });
  }
  const VacancySpec& v = scenario_.sharing.vacancy;
  const double vmin = v.min_useful_eirp_dBm - 20, vmax = v.max_eirp_dBm;
  const LayerGrid grid{
      scenario_.crs, g.x0_m, g.y0_m + ny * step * g.cell_m, step * g.cell_m, nx, ny, values};
  json out = layer_json(colour_layer(grid, "viridis", vmin, vmax));
  json rows = json::array();
  for (int r = 0; r < ny; ++r) {
    json row = json::array();
    for (int bx = 0; bx < nx; ++bx)
      row.push_back(values[static_cast<std::size_t>(r) * static_cast<std::size_t>(nx) +
                           static_cast<std::size_t>(bx)]);
    rows.push_back(std::move(row));
  }
  out["name"] = "max_eirp";
  out["channel"] = channel;
  out["slot"] = slot;
  out["time"] = impl_->slot_label(slot);
  out["height_m"] = height_m;
  out["step"] = step;
  out["legend"] = {{"colormap", "viridis"}, {"vmin", vmin}, {"vmax", vmax}, {"unit", "dBm"}};
  out["x_m"] = xs;
  out["y_m"] = ys;
  out["values"] = rows;
  return {200, out};
}

std::map<std::string, double> LiveService::gauges() {
  std::shared_lock lock(impl_->mutex);
  const live::TensorStoreStats t = impl_->engine.tensor_stats();
  const auto d = [](std::size_t v) { return static_cast<double>(v); };
  return {{"akichi_stations", static_cast<double>(impl_->stations.size())},
          {"akichi_grants_active", static_cast<double>(impl_->grants.size())},
          {"akichi_data_version", static_cast<double>(db_->data_version())},
          {"process_resident_memory_bytes", static_cast<double>(resident_bytes())},
          // The engine's station tensors (sim/live/tensor_store.h): counts since the start,
          // and what is held now against the budget.
          {"akichi_tensor_hits", d(t.hits)},
          {"akichi_tensor_misses", d(t.misses)},
          {"akichi_tensor_computed", d(t.computed)},
          {"akichi_tensor_spills", d(t.spills)},
          {"akichi_tensor_reloads", d(t.reloads)},
          {"akichi_tensor_rejected_files", d(t.rejected)},
          {"akichi_tensor_evictions", d(t.evictions)},
          {"akichi_tensor_entries", d(t.entries)},
          {"akichi_tensor_bytes", d(t.bytes)},
          {"akichi_tensor_budget_bytes", d(t.budget)}};
}

}  // namespace akichi::sim::serve

// The live database on both backends: the same tests on a GeoPackage file and, when
// AKICHI_TEST_PG names a PostgreSQL + PostGIS database (tests/pg/with_postgres.sh), on a fresh
// schema of it.
#include "sim/store/store.h"
#include "sim/store/store_pragma.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>

#include "propagation/geo/crs.h"
#include "sim/station/station_db.h"
#include "sim/station/station_fields.h"

// Shared with tests/unit/sim/station/station_fields_test.cpp, which defines them.
namespace akichi::sim::station_fields_test {
void expect_same_station(const Station& a, const Station& b);
std::vector<Station> every_kind_of_station(const std::filesystem::path& dir,
                                           const StationSource& source);
}  // namespace akichi::sim::station_fields_test

namespace akichi::sim::store::store_test {
namespace {

using station_fields_test::every_kind_of_station;
using station_fields_test::expect_same_station;

namespace fs = std::filesystem;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr open_raw(const std::string& uri, bool update) {
  GDALAllRegister();
  return DatasetPtr(GDALDataset::FromHandle(
      GDALOpenEx(uri.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
                 nullptr, nullptr, nullptr)));
}

/// One row of `sql`'s answer, first column, as text.
std::string query(GDALDataset& ds, const std::string& sql) {
  OGRLayer* r = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (r == nullptr) return "(no result)";
  OGRFeature* f = r->GetNextFeature();
  std::string out = f != nullptr ? f->GetFieldAsString(0) : "(no row)";
  OGRFeature::DestroyFeature(f);
  ds.ReleaseResultSet(r);
  return out;
}

/// Changes the features of `table` matching `filter` outside the store (a damaged or foreign
/// database).
void edit(const std::string& uri, const char* table, const std::string& filter,
          const std::function<void(OGRFeature&)>& change) {
  DatasetPtr ds = open_raw(uri, true);
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName(table);
  ASSERT_NE(l, nullptr);
  l->SetAttributeFilter(filter.c_str());
  std::vector<OGRFeature*> found;
  for (OGRFeature* f = l->GetNextFeature(); f != nullptr; f = l->GetNextFeature())
    found.push_back(f);
  ASSERT_FALSE(found.empty());
  for (OGRFeature* f : found) {
    change(*f);
    EXPECT_EQ(l->SetFeature(f), OGRERR_NONE);
    OGRFeature::DestroyFeature(f);
  }
}

/// The standard output of a shell command that must succeed.
std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return "(popen failed)";
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << command;
  return out;
}

template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string name =
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::string tag = "s" + std::to_string(::getpid()) + "_" + name;
    for (char& c : tag)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    dir_ = fs::temp_directory_path() / ("akichi_store_" + tag);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (GetParam() == "gpkg") {
      uri_ = (dir_ / "live.gpkg").string();
      return;
    }
    const char* pg = std::getenv("AKICHI_TEST_PG");
    if (pg == nullptr || *pg == '\0') {
      GTEST_SKIP() << "AKICHI_TEST_PG is not set (tests/pg/with_postgres.sh sets it)";
    }
    // A schema of its own for every test: a fresh database without a cluster per test.
    DatasetPtr ds = open_raw(pg, true);
    ASSERT_TRUE(ds) << "cannot connect to " << pg;
    for (const std::string& sql :
         {"DROP SCHEMA IF EXISTS " + tag + " CASCADE", "CREATE SCHEMA " + tag}) {
      OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
      if (r != nullptr) ds->ReleaseResultSet(r);
    }
    schema_ = tag;
    pg_ = pg;
    uri_ = std::string(pg) + " active_schema=" + tag;
  }
  void TearDown() override {
    if (!schema_.empty()) {
      DatasetPtr ds = open_raw(pg_, true);
      if (ds) {
        OGRLayer* r = ds->ExecuteSQL(("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").c_str(),
                                     nullptr, nullptr);
        if (r != nullptr) ds->ReleaseResultSet(r);
      }
    }
    fs::remove_all(dir_);
  }

  std::unique_ptr<Store> open() { return open_store(uri_, source_); }

  /// The database stations of every kind (station_fields_test.cpp).
  std::vector<Station> database_stations() {
    std::vector<Station> out;
    for (Station& s : every_kind_of_station(dir_, source_))
      if (!s.planned()) out.push_back(std::move(s));
    return out;
  }

  /// A local 5G base station of licensee `licensee` named `id`.
  Station base(const std::string& id, const std::string& licensee = "Alpha Factory") {
    Station s = database_stations()[5];
    EXPECT_EQ(s.role, StationRole::Local5gBase);
    s.id = id;
    s.licensee = licensee;
    return s;
  }

  fs::path dir_;
  std::string uri_, pg_, schema_;
  prop::Crs crs_ = prop::Crs::from_epsg(32654);
  StationSource source_{crs_, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
};

TEST_P(StoreTest, NewDatabaseHasTheCurrentSchema) {
  const auto s = open();
  EXPECT_EQ(s->backend(), GetParam() == "gpkg" ? "gpkg" : "postgis");
  EXPECT_EQ(s->schema_version(), current_schema_version());
  EXPECT_EQ(current_schema_version(), 4);
  EXPECT_EQ(s->data_version(), 0);
  EXPECT_TRUE(s->stations().empty());
  EXPECT_TRUE(s->grants(false).empty());
  EXPECT_TRUE(s->audit(0, 10).empty());
  EXPECT_TRUE(s->tokens().empty());
}

TEST_P(StoreTest, StationsCreatedUpdatedDeleted) {
  const auto s = open();
  EXPECT_EQ(s->transaction([&](Transaction& t) {
    t.insert_station(base("a"));
    t.insert_station(base("b"));
  }),
            1);
  EXPECT_EQ(s->data_version(), 1);
  std::vector<Station> st = s->stations();
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].id, "a");
  EXPECT_EQ(st[1].id, "b");

  EXPECT_THROW(s->transaction([&](Transaction& t) { t.insert_station(base("a")); }), Conflict);
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.update_station(base("zz")); }), NotFound);
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.delete_station("zz"); }), NotFound);
  EXPECT_EQ(s->data_version(), 1);  // refused writes commit nothing

  Station moved = base("b");
  moved.lat_deg += 0.001;
  moved.height_m = 33;
  {
    // The position as a database station gives it: through the fields (lat/lon).
    const Record r = record_of_fields(station_fields(moved), "test", {});
    moved = parse_station(r, source_, nullptr);
  }
  EXPECT_EQ(s->transaction([&](Transaction& t) { t.update_station(moved); }), 2);
  st = s->stations();
  ASSERT_EQ(st.size(), 2u);
  expect_same_station(moved, st[1]);
  EXPECT_EQ(st[1].height_m, 33);

  EXPECT_EQ(s->transaction([&](Transaction& t) { t.delete_station("a"); }), 3);
  st = s->stations();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].id, "b");
}

TEST_P(StoreTest, ThrowingBodyChangesNothing) {
  const auto s = open();
  s->transaction([&](Transaction& t) { t.insert_station(base("keep")); });
  const std::int64_t v = s->data_version();
  EXPECT_THROW(s->transaction([&](Transaction& t) {
    t.insert_station(base("new-1"));
    t.delete_station("keep");
    Token tok{"t1", "abc", "public", "", ""};
    t.insert_token(tok);
    throw RuntimeError("the body fails");
  }),
               RuntimeError);
  // A Conflict half way: the first insert of the body is rolled back too.
  EXPECT_THROW(s->transaction([&](Transaction& t) {
    t.insert_station(base("new-2"));
    t.insert_station(base("keep"));
  }),
               Conflict);
  EXPECT_EQ(s->data_version(), v);
  const std::vector<Station> st = s->stations();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].id, "keep");
  EXPECT_TRUE(s->tokens().empty());
}

TEST_P(StoreTest, GrantsInsertedReleasedListed) {
  const auto s = open();
  s->transaction([&](Transaction& t) { t.insert_station(base("incumbent-like")); });
  Grant g1{0,    base("g-1", "Beta Campus"), "n79-1", "Beta Campus",
           true, "2026-12-01T10:00:00Z",     "",      7};
  Grant g2{0, base("g-2", "Gamma"), "n79-2", "", true, "2026-12-01T11:00:00Z", "", 8};
  s->transaction([&](Transaction& t) {
    EXPECT_GT(t.insert_grant(g1), 0);
    EXPECT_GT(t.insert_grant(g2), g1.id);
  });
  EXPECT_EQ(g2.licensee, "Gamma");  // from its station
  // A grant's station id is unique among stations and active grants.
  Grant dup{0, base("g-1", "Beta Campus"), "n79-1", "Beta Campus", true, "", "", 0};
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.insert_grant(dup); }), Conflict);
  Grant dup2{0, base("incumbent-like"), "n79-1", "", true, "", "", 0};
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.insert_grant(dup2); }), Conflict);
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.insert_station(base("g-2", "Gamma")); }),
               Conflict);

  std::vector<Grant> all = s->grants(false);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, g1.id);
  EXPECT_EQ(all[0].channel, "n79-1");
  EXPECT_EQ(all[0].licensee, "Beta Campus");
  EXPECT_EQ(all[0].granted_utc, "2026-12-01T10:00:00Z");
  EXPECT_EQ(all[0].audit_id, 7);
  EXPECT_TRUE(all[0].active);
  expect_same_station(g1.station, all[0].station);

  s->transaction([&](Transaction& t) { t.release_grant(g1.id, "2026-12-02T09:00:00Z"); });
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.release_grant(g1.id, "x"); }), NotFound);
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.release_grant(9999, "x"); }), NotFound);
  const std::vector<Grant> active = s->grants(true);
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, g2.id);
  all = s->grants(false);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].active);
  EXPECT_EQ(all[0].released_utc, "2026-12-02T09:00:00Z");
  // A released grant's id may be granted again.
  Grant again{0, base("g-1", "Beta Campus"), "n79-3", "", true, "", "", 0};
  s->transaction([&](Transaction& t) { t.insert_grant(again); });
  EXPECT_EQ(s->grants(true).size(), 2u);
  EXPECT_EQ(s->grants(false).size(), 3u);
}

TEST_P(StoreTest, AuditAppendedAndPaged) {
  const auto s = open();
  std::vector<std::int64_t> ids;
  for (int batch = 0; batch < 3; ++batch) {
    s->transaction([&](Transaction& t) {
      for (int i = 0; i < 4; ++i) {
        AuditEntry e;
        e.actor = "licensee:Alpha";
        e.action = "grant.request";
        e.request = R"({"n":)" + std::to_string(batch * 4 + i) + "}";
        e.response = R"({"granted":true})";
        e.models = R"({"p452":"18"})";
        e.data_version = batch;
        t.append_audit(e);
        ids.push_back(e.id);
        EXPECT_FALSE(e.time_utc.empty());
      }
    });
  }
  ASSERT_EQ(ids.size(), 12u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  const std::vector<AuditEntry> first = s->audit(0, 5);
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[0].request, R"({"n":0})");
  EXPECT_EQ(first[0].actor, "licensee:Alpha");
  EXPECT_EQ(first[0].models, R"({"p452":"18"})");
  const std::vector<AuditEntry> next = s->audit(first.back().id, 5);
  ASSERT_EQ(next.size(), 5u);
  EXPECT_EQ(next[0].id, ids[5]);
  EXPECT_EQ(next[0].data_version, 1);
  const std::vector<AuditEntry> last = s->audit(next.back().id, 5);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[1].id, ids[11]);
  EXPECT_EQ(last[1].request, R"({"n":11})");
  EXPECT_TRUE(s->audit(ids[11], 5).empty());
}

TEST_P(StoreTest, TokensInsertedFoundDeleted) {
  const auto s = open();
  s->transaction([&](Transaction& t) {
    t.insert_token({"t1", std::string(64, 'a'), "regulator", "", "2026-12-01T00:00:00Z"});
    t.insert_token({"t2", std::string(64, 'b'), "licensee", "Alpha Factory", ""});
  });
  EXPECT_THROW(s->transaction([&](Transaction& t) {
    t.insert_token({"t1", std::string(64, 'c'), "public", "", ""});
  }),
               Conflict);
  const std::optional<Token> t2 = s->token_by_hash(std::string(64, 'b'));
  ASSERT_TRUE(t2);
  EXPECT_EQ(t2->id, "t2");
  EXPECT_EQ(t2->role, "licensee");
  EXPECT_EQ(t2->licensee, "Alpha Factory");
  EXPECT_FALSE(t2->created_utc.empty());
  EXPECT_FALSE(s->token_by_hash(std::string(64, 'c')));
  EXPECT_FALSE(s->token_by_hash("' OR '1'='1"));  // a literal, not SQL
  ASSERT_EQ(s->tokens().size(), 2u);
  EXPECT_EQ(s->tokens()[0].created_utc, "2026-12-01T00:00:00Z");
  s->transaction([&](Transaction& t) { t.delete_token("t1"); });
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.delete_token("t1"); }), NotFound);
  EXPECT_FALSE(s->token_by_hash(std::string(64, 'a')));
  ASSERT_EQ(s->tokens().size(), 1u);
}

TEST_P(StoreTest, EveryStationFieldRoundTrips) {
  const std::vector<Station> given = database_stations();
  ASSERT_EQ(given.size(), 11u);
  {
    const auto s = open();
    s->transaction([&](Transaction& t) {
      for (const Station& st : given) t.insert_station(st);
    });
  }
  // Closed and opened again: durable, and read through the station-list parser.
  const auto s = open();
  EXPECT_EQ(s->data_version(), 1);
  std::vector<Station> want = given;
  std::sort(want.begin(), want.end(),
            [](const Station& a, const Station& b) { return a.id < b.id; });
  const std::vector<Station> got = s->stations();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    expect_same_station(want[i], got[i]);
    EXPECT_EQ(got[i].source, uri_);
    EXPECT_NE(got[i].defined_at.find(": stations table, feature "), std::string::npos);
  }
}

TEST_P(StoreTest, ReopenedDatabaseHasTheSameContent) {
  Grant g{0, base("g-1", "Beta Campus"), "n79-1", "", true, "2026-12-01T10:00:00Z", "", 3};
  {
    const auto s = open();
    s->transaction([&](Transaction& t) {
      t.insert_station(base("a"));
      t.insert_grant(g);
      AuditEntry e;
      e.action = "grant.request";
      e.request = "{}";
      t.append_audit(e);
      t.insert_token({"t1", std::string(64, 'f'), "public", "", ""});
    });
    s->transaction([&](Transaction& t) { t.release_grant(g.id, "2026-12-03T00:00:00Z"); });
  }
  const auto s = open();
  EXPECT_EQ(s->data_version(), 2);
  EXPECT_EQ(s->schema_version(), 4);
  ASSERT_EQ(s->stations().size(), 1u);
  expect_same_station(base("a"), s->stations()[0]);
  ASSERT_EQ(s->grants(false).size(), 1u);
  EXPECT_EQ(s->grants(false)[0].released_utc, "2026-12-03T00:00:00Z");
  EXPECT_TRUE(s->grants(true).empty());
  ASSERT_EQ(s->audit(0, 10).size(), 1u);
  EXPECT_EQ(s->audit(0, 10)[0].action, "grant.request");
  ASSERT_TRUE(s->token_by_hash(std::string(64, 'f')));
}

TEST_P(StoreTest, ConcurrentWritersAreSerialised) {
  const auto s = open();
  constexpr int kThreads = 4, kEach = 10;
  const Station proto = base("proto");
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < kEach; ++i) {
        Station st = proto;
        st.id = fmt::format("t{}-{}", k, i);
        s->transaction([&](Transaction& t) {
          t.insert_station(st);
          AuditEntry e;
          e.action = "station.create";
          t.append_audit(e);
        });
        // Every thread also races for one shared id: exactly one of them gets it.
        try {
          Station shared = proto;
          shared.id = fmt::format("shared-{}", i);
          s->transaction([&](Transaction& t) { t.insert_station(shared); });
        } catch (const Conflict&) {
          ++conflicts;
        }
        (void)s->stations();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(s->stations().size(), static_cast<std::size_t>(kThreads * kEach + kEach));
  EXPECT_EQ(conflicts.load(), (kThreads - 1) * kEach);
  EXPECT_EQ(s->audit(0, 1000).size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(s->data_version(), kThreads * kEach + kEach);
}

TEST_P(StoreTest, BadRowIsAnInputErrorNamingRowAndField) {
  {
    const auto s = open();
    s->transaction([&](Transaction& t) { t.insert_station(base("a")); });
  }
  edit(uri_, "stations", "id = 'a'", [](OGRFeature& f) { f.SetField("height_m", -2.0); });
  const auto s = open();
  const std::string msg = error_of<InputError>([&] { s->stations(); });
  EXPECT_NE(msg.find(uri_ + ": stations table, feature 1: field height_m: found -2"),
            std::string::npos)
      << msg;
}

TEST_P(StoreTest, NewerSchemaIsRefused) {
  { open(); }
  edit(uri_, "akichi_meta", "key = 'schema_version'",
       [](OGRFeature& f) { f.SetField("value", "7"); });
  const std::string msg = error_of<InputError>([&] { open(); });
  EXPECT_EQ(msg, uri_ +
                     ": schema_version: found 7 (a database written by a newer akichi), expected "
                     "schema version 4 or older (this program's is 4)");
}

// A database of schema version 1 (before the receivers' own criterion_mode and criterion_at,
// and before the antenna types m2101, f1336 and f699): made here from a current one by dropping
// the columns of versions 2 and 3 and setting the version back, outside the store. Opening it
// adds the columns in one transaction and keeps every row: its stations and grants read back as
// they were, with the scenario's settings (no own ones), and the new columns then take a
// station's own settings and an antenna of the new types.
TEST_P(StoreTest, MigrationFromVersionOneKeepsTheRows) {
  Grant g;
  g.station = base("g1");
  g.channel = "n79-1";
  g.granted_utc = "2026-12-06T00:00:00Z";
  std::vector<Station> before;
  std::vector<Station> new_antennas;  // types a version 1 database cannot hold
  for (const Station& s : database_stations()) {
    if (s.antenna.type == "m2101" || s.antenna.type == "f1336" || s.antenna.type == "f699") {
      new_antennas.push_back(s);
      continue;
    }
    Station plain = s;
    plain.criterion.mode.reset();
    plain.criterion.at.reset();
    before.push_back(plain);
  }
  {
    const auto s = open();
    s->transaction([&](Transaction& t) {
      for (const Station& st : before) t.insert_station(st);
      t.insert_grant(g);
    });
  }
  {
    DatasetPtr ds = open_raw(uri_, true);
    ASSERT_TRUE(ds);
    for (const char* table : {"stations", "grants"}) {
      OGRLayer* l = ds->GetLayerByName(table);
      ASSERT_NE(l, nullptr);
      for (const char* column : {"criterion_mode",
                                 "criterion_at",
                                 "antenna.elements_h",
                                 "antenna.elements_v",
                                 "antenna.spacing_h",
                                 "antenna.spacing_v",
                                 "antenna.beam",
                                 "antenna.electrical_scan_deg",
                                 "antenna.electrical_tilt_deg",
                                 "antenna.beam_scan_min_deg",
                                 "antenna.beam_scan_max_deg",
                                 "antenna.beam_scan_step_deg",
                                 "antenna.beam_tilt_min_deg",
                                 "antenna.beam_tilt_max_deg",
                                 "antenna.beam_tilt_step_deg",
                                 "antenna.variant",
                                 "antenna.k",
                                 "antenna.k_h",
                                 "antenna.k_v",
                                 "antenna.correlation"}) {
        const int i = l->GetLayerDefn()->GetFieldIndex(column);
        ASSERT_GE(i, 0) << table << "." << column;
        ASSERT_EQ(l->DeleteField(i), OGRERR_NONE) << table << "." << column;
      }
    }
  }
  edit(uri_, "akichi_meta", "key = 'schema_version'",
       [](OGRFeature& f) { f.SetField("value", "1"); });
  const auto s = open();
  EXPECT_EQ(s->schema_version(), 4);
  EXPECT_EQ(s->data_version(), 1);  // a migration is no data change
  const std::vector<Station> after = s->stations();
  ASSERT_EQ(after.size(), before.size());
  for (const Station& b : before) {
    const auto a =
        std::find_if(after.begin(), after.end(), [&](const Station& x) { return x.id == b.id; });
    ASSERT_NE(a, after.end()) << b.id;
    expect_same_station(b, *a);
    EXPECT_FALSE(a->criterion.mode);
    EXPECT_FALSE(a->criterion.at);
  }
  ASSERT_EQ(s->grants(true).size(), 1u);
  expect_same_station(g.station, s->grants(true)[0].station);
  EXPECT_EQ(s->grants(true)[0].channel, "n79-1");
  // The new columns hold a receiver's own settings.
  Station own = before[2];
  ASSERT_EQ(own.criterion.kind, ProtectionCriterion::Kind::Power);
  own.id = "own-settings";
  own.criterion.mode = CriterionMode::BandAverage;
  own.criterion.at = CriterionAt::AntennaPort;
  s->transaction([&](Transaction& t) { t.insert_station(own); });
  for (const Station& st : s->stations()) {
    if (st.id != own.id) continue;
    expect_same_station(own, st);
  }
  // The version 3 columns hold the antennas of the new types.
  ASSERT_EQ(new_antennas.size(), 3u);
  s->transaction([&](Transaction& t) {
    for (const Station& st : new_antennas) t.insert_station(st);
  });
  for (const Station& n : new_antennas) {
    const std::vector<Station> all = s->stations();
    const auto a =
        std::find_if(all.begin(), all.end(), [&](const Station& x) { return x.id == n.id; });
    ASSERT_NE(a, all.end()) << n.id;
    expect_same_station(n, *a);
  }
  const auto again = open();
  EXPECT_EQ(again->schema_version(), 4);
  EXPECT_EQ(again->stations().size(), before.size() + 1 + new_antennas.size());
}

// A process killed (SIGKILL) right after its commits loses none of them: nothing waits for a
// clean close. The writer is this test binary run again (StoreKilledWriter below), outside the
// shards of a sharded run (GoogleTest's shard variables would hide the writer from its filter).
TEST_P(StoreTest, KilledWriterLosesNoCommittedTransaction) {
  { open(); }
  const std::string command = fmt::format(
      "env -u GTEST_TOTAL_SHARDS -u GTEST_SHARD_INDEX AKICHI_STORE_KILLED_URI='{}' {} "
      "--gtest_filter=StoreKilledWriter.* 2>&1",
      uri_, fs::read_symlink("/proc/self/exe").string());
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  // The shell reports the writer's death by SIGKILL as 128 + 9.
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGKILL) << out;
  std::size_t acknowledged = 0;
  for (std::size_t at = 0; (at = out.find("committed ", at)) != std::string::npos; ++at)
    ++acknowledged;
  EXPECT_EQ(acknowledged, 30u) << out;
  const auto s = open();
  EXPECT_EQ(s->stations().size(), acknowledged);
  EXPECT_EQ(s->data_version(), static_cast<std::int64_t>(acknowledged));
}

// On PostgreSQL a write transaction holds the advisory lock that serialises the writers of
// several servers; another connection sees it while the body runs, and not after the commit.
TEST_P(StoreTest, WriteTransactionHoldsTheAdvisoryLock) {
  if (GetParam() == "gpkg") GTEST_SKIP() << "PostgreSQL only (SQLite serialises its writers)";
  const auto s = open();
  const DatasetPtr other = open_raw(pg_, false);
  ASSERT_TRUE(other);
  const std::string count = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted";
  s->transaction([&](Transaction& t) {
    t.insert_station(base("a"));
    EXPECT_EQ(query(*other, count), "1");
  });
  EXPECT_EQ(query(*other, count), "0");
}

// A database with a table of akichi's name but without akichi_meta is another program's: it is
// refused and left as it was.
TEST_P(StoreTest, ForeignTablesAreRefusedUnchanged) {
  {
    DatasetPtr ds;
    if (GetParam() == "gpkg") {
      GDALAllRegister();
      ds.reset(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(uri_.c_str(), 0, 0, 0,
                                                                       GDT_Unknown, nullptr));
    } else {
      ds = open_raw(uri_, true);
    }
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->CreateLayer("stations", nullptr, wkbNone, nullptr);
    ASSERT_NE(l, nullptr);
    OGRFieldDefn name("name", OFTString);
    ASSERT_EQ(l->CreateField(&name), OGRERR_NONE);
  }
  EXPECT_THROW(open(), InputError);
  const DatasetPtr ds = open_raw(uri_, false);
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("akichi_meta"), nullptr);
  EXPECT_EQ(ds->GetLayerByName("grants"), nullptr);
  ASSERT_NE(ds->GetLayerByName("stations"), nullptr);
  EXPECT_EQ(ds->GetLayerByName("stations")->GetLayerDefn()->GetFieldCount(), 1);
}

TEST_P(StoreTest, InsertTransactionTime) {
  const auto s = open();
  const Station proto = base("proto");
  std::vector<double> ms;
  for (int i = 0; i < 100; ++i) {
    Station st = proto;
    st.id = fmt::format("bench-{}", i);
    const auto t0 = std::chrono::steady_clock::now();
    s->transaction([&](Transaction& t) { t.insert_station(st); });
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::nth_element(ms.begin(), ms.begin() + 50, ms.end());
  std::printf("[ store    ] %s: one transaction inserting one station: median %.2f ms (of 100)\n",
              GetParam().c_str(), ms[50]);
  EXPECT_EQ(s->stations().size(), 100u);
}

// The writer of KilledWriterLosesNoCommittedTransaction: runs only when told which database.
TEST(StoreKilledWriter, WritesThenIsKilled) {
  const char* uri = std::getenv("AKICHI_STORE_KILLED_URI");
  if (uri == nullptr) GTEST_SKIP() << "run by StoreTest.KilledWriterLosesNoCommittedTransaction";
  const prop::Crs crs = prop::Crs::from_epsg(32654);
  const StationSource source{crs, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
  const auto s = open_store(uri, source);
  const fs::path dir = fs::temp_directory_path() / ("akichi_killed_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const Station proto = every_kind_of_station(dir, source)[5];
  fs::remove_all(dir);
  for (int i = 0; i < 30; ++i) {
    Station st = proto;
    st.id = fmt::format("k-{}", i);
    const std::int64_t v = s->transaction([&](Transaction& t) { t.insert_station(st); });
    std::printf("committed %lld\n", static_cast<long long>(v));
    std::fflush(stdout);
  }
  ::kill(::getpid(), SIGKILL);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("gpkg", "postgis"),
                         [](const auto& info) { return info.param; });

// ---------------------------------------------------------------------------------------------
// GeoPackage only: the file itself.

class GpkgStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("akichi_gpkg_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "live.gpkg").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
  prop::Crs crs_ = prop::Crs::from_epsg(32654);
  StationSource source_{crs_, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
};

TEST_F(GpkgStore, WalJournalSyncedByTheStore) {
  const auto s = open_store(path_, source_);
  s->transaction([&](Transaction& t) { t.insert_token({"t1", "h", "public", "", ""}); });
  // The store's own connection: write-ahead log, synchronous NORMAL (1): a commit does not
  // sync the log, wait_durable() does (once for the writers waiting together).
  EXPECT_EQ(sqlite_pragma(*s, "journal_mode"), "wal");
  EXPECT_EQ(sqlite_pragma(*s, "synchronous"), "1");
  // The journal mode is the file's: another connection sees it too.
  const DatasetPtr ds = open_raw(path_, false);
  ASSERT_TRUE(ds);
  EXPECT_EQ(query(*ds, "PRAGMA journal_mode"), "wal");
  EXPECT_TRUE(fs::exists(path_ + "-wal"));
}

TEST_F(GpkgStore, ForeignGeoPackageIsRefusedUnchanged) {
  {
    GDALAllRegister();
    DatasetPtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path_.c_str(), 0, 0, 0,
                                                                          GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->CreateLayer("roads", nullptr, wkbLineString, nullptr);
    ASSERT_NE(l, nullptr);
  }
  const std::string before = read_bytes(path_);
  const std::string msg = error_of<InputError>([&] { open_store(path_, source_); });
  EXPECT_EQ(msg, path_ +
                     ": found a GeoPackage of 1 tables without akichi_meta, expected akichi's "
                     "live database (a GeoPackage with table akichi_meta); another GeoPackage "
                     "is not changed");
  EXPECT_EQ(read_bytes(path_), before);
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
}

TEST_F(GpkgStore, NonDatabaseFileIsRefused) {
  std::ofstream(path_) << "id,role\nx,incumbent\n";
  const std::string msg = error_of<InputError>([&] { open_store(path_, source_); });
  EXPECT_EQ(msg.rfind(path_ + ": found a file that is not a GeoPackage", 0), 0u) << msg;
  EXPECT_EQ(read_bytes(path_), "id,role\nx,incumbent\n");
}

// QGIS opens the station table as a map layer of points with the station fields, and the
// station-list reader reads the file as a station list.
TEST_F(GpkgStore, StationsTableIsAPointLayerAndAStationList) {
  fs::path data_dir = dir_ / "data";
  fs::create_directories(data_dir);
  std::vector<Station> given;
  for (Station& s : every_kind_of_station(data_dir, source_))
    if (!s.planned()) given.push_back(std::move(s));
  {
    const auto s = open_store(path_, source_);
    s->transaction([&](Transaction& t) {
      for (const Station& st : given) t.insert_station(st);
    });
  }
  {
    const DatasetPtr ds = open_raw(path_, false);
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayerByName("stations");
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(wkbFlatten(l->GetGeomType()), wkbPoint);
    ASSERT_NE(l->GetSpatialRef(), nullptr);
    EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
    EXPECT_GE(l->GetLayerDefn()->GetFieldIndex("antenna.type"), 0);
    EXPECT_GE(l->GetLayerDefn()->GetFieldIndex("freq_lo_Hz"), 0);
    EXPECT_EQ(l->GetFeatureCount(), static_cast<GIntBig>(given.size()));
    OGRLayer* grants = ds->GetLayerByName("grants");
    ASSERT_NE(grants, nullptr);
    EXPECT_EQ(wkbFlatten(grants->GetGeomType()), wkbPoint);
    EXPECT_EQ(ds->GetLayerByName("audit")->GetGeomType(), wkbNone);
  }
  // What QGIS and every OGR client see: ogrinfo lists the table as a layer of WGS 84 points
  // with the station fields.
  const std::string info = run("ogrinfo -so " + path_ + " stations");
  EXPECT_NE(info.find("Geometry: Point"), std::string::npos) << info;
  EXPECT_NE(info.find("Feature Count: 11"), std::string::npos) << info;
  EXPECT_NE(info.find("ID[\"EPSG\",4326]"), std::string::npos) << info;
  EXPECT_NE(info.find("antenna.type: String"), std::string::npos) << info;
  EXPECT_NE(info.find("freq_lo_Hz: Real"), std::string::npos) << info;
  std::vector<Station> listed = read_station_list(path_, source_);
  std::sort(given.begin(), given.end(),
            [](const Station& a, const Station& b) { return a.id < b.id; });
  std::sort(listed.begin(), listed.end(),
            [](const Station& a, const Station& b) { return a.id < b.id; });
  ASSERT_EQ(listed.size(), given.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    expect_same_station(given[i], listed[i]);
    EXPECT_EQ(listed[i].source, path_);
  }
}

// The backup of docs/live-database.md, taken while the store is open, is a database akichi
// opens with the same content.
TEST_F(GpkgStore, SqliteBackupWhileOpenIsTheSameDatabase) {
  const auto s = open_store(path_, source_);
  Station st = every_kind_of_station(dir_, source_)[5];
  s->transaction([&](Transaction& t) { t.insert_station(st); });
  const std::string copy = (dir_ / "copy.gpkg").string();
  run("sqlite3 " + path_ + " \".backup " + copy + "\"");
  const auto b = open_store(copy, source_);
  EXPECT_EQ(b->data_version(), 1);
  ASSERT_EQ(b->stations().size(), 1u);
  expect_same_station(st, b->stations()[0]);
}

// The data_version row is read and written on the store's own SQLite connection: a commit by
// another connection (a token made by `akichi serve token create` while the server runs) is
// counted, the row stays the one text value OGR wrote, and other readers see it.
TEST_F(GpkgStore, DataVersionCountsOtherConnectionsCommits) {
  const auto s = open_store(path_, source_);
  s->transaction([&](Transaction& t) { t.insert_token({"t1", "h1", "public", "", ""}); });
  {
    const auto other = open_store(path_, source_);
    EXPECT_EQ(other->transaction([&](Transaction& t) {
      t.insert_token({"t2", "h2", "public", "", ""});
    }),
              2);
  }
  EXPECT_EQ(s->transaction([&](Transaction& t) { t.delete_token("t1"); }), 3);
  const DatasetPtr ds = open_raw(path_, false);
  ASSERT_TRUE(ds);
  EXPECT_EQ(query(*ds, "SELECT value FROM akichi_meta WHERE key = 'data_version'"), "3");
  EXPECT_EQ(query(*ds, "SELECT typeof(value) FROM akichi_meta WHERE key = 'data_version'"), "text");
  EXPECT_EQ(query(*ds, "SELECT COUNT(*) FROM akichi_meta"), "2");
  // A write that fails leaves the row as it was.
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.delete_token("t1"); }), NotFound);
  EXPECT_EQ(query(*ds, "SELECT value FROM akichi_meta WHERE key = 'data_version'"), "3");
  EXPECT_EQ(open_store(path_, source_)->data_version(), 3);
}

TEST_F(GpkgStore, PlannedStationIsNotADatabaseStation) {
  const auto s = open_store(path_, source_);
  Station planned = every_kind_of_station(dir_, source_).back();
  ASSERT_TRUE(planned.planned());
  EXPECT_THROW(s->transaction([&](Transaction& t) { t.insert_station(planned); }), InputError);
  EXPECT_EQ(s->data_version(), 0);
}

}  // namespace
}  // namespace akichi::sim::store::store_test

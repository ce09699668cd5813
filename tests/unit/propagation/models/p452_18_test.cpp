// ITU-R P.452-18: input checks (every branch), the p2p driver on a WP 3M pair, the area-engine
// adapter, and self-generated sweeps (continuity over the project's bands, monotonicity over
// distance on flat land). The owners' values are checked in
// tests/validation/p452_18_reference_set_test.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/adapters/p452.h"
#include "propagation/models/itu_r_p452_18.h"
#include "sim/input/csv.h"
#include "sim/p2p/p452.h"

namespace akichi::prop::p452_18::p452_18_test {
namespace {

const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p452-18/";

struct Flat {
  std::vector<double> d, h;
  Flat(double d_km, int n, double z = 0.0) {
    for (int i = 0; i < n; ++i) {
      d.push_back(d_km * i / (n - 1));
      h.push_back(z);
    }
  }
  Path path() const {
    Path p;
    p.d_km = d;
    p.h_m = h;
    p.phit_n_deg = p.phir_n_deg = 50;
    return p;
  }
};

double lb(const Path& p, double f, double pct) {
  PathAnalysis a;
  analyse_path(p, a);
  Radio r;
  r.f_GHz = f;
  r.p_percent = pct;
  return evaluate(a, r).Lb;
}

// --- input checks: one expectation per branch -------------------------------------------
TEST(P452Checks, PathFields) {
  Flat flat(10, 11);
  EXPECT_NO_THROW(check_path(flat.path()));
  auto expect_bad = [&](auto mutate, const char* field) {
    Path p = flat.path();
    std::vector<double> d = flat.d, h = flat.h, c;
    std::vector<Zone> z;
    mutate(p, d, h, c, z);
    try {
      check_path(p);
      ADD_FAILURE() << field << " accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  using V = std::vector<double>;
  using Z = std::vector<Zone>;
  expect_bad(
      [](Path& p, V& d, V&, V&, Z&) {
        d.resize(3);
        p.d_km = d;
      },
      "p452.profile");
  expect_bad(
      [](Path& p, V&, V& h, V&, Z&) {
        h.resize(5);
        p.h_m = h;
      },
      "p452.profile.h");
  expect_bad(
      [](Path& p, V&, V&, V& c, Z&) {
        c.assign(3, 0.0);
        p.clutter_m = c;
      },
      "p452.profile.clutter");
  expect_bad(
      [](Path& p, V&, V&, V&, Z& z) {
        z.assign(3, Zone::Inland);
        p.zone = z;
      },
      "p452.profile.zone");
  expect_bad(
      [](Path& p, V& d, V&, V&, Z&) {
        d[0] = 0.1;
        p.d_km = d;
      },
      "p452.profile.d");
  expect_bad(
      [](Path& p, V& d, V&, V&, Z&) {
        d[3] = d[2];
        p.d_km = d;
      },
      "p452.profile.d");
  expect_bad(
      [](Path& p, V&, V&, V&, Z& z) {
        z.assign(11, static_cast<Zone>(4));
        p.zone = z;
      },
      "p452.profile.zone");
  expect_bad(
      [](Path& p, V&, V& h, V&, Z&) {
        h[2] = NAN;
        p.h_m = h;
      },
      "p452.profile.h");
  expect_bad(
      [](Path& p, V&, V&, V& c, Z&) {
        c.assign(11, 0.0);
        c[4] = -1;
        p.clutter_m = c;
      },
      "p452.profile.clutter");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.htg_m = 0; }, "p452.htg");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.hrg_m = -1; }, "p452.hrg");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.dct_km = -1; }, "p452.dct");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.dcr_km = -1; }, "p452.dcr");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.delta_N = 157; }, "p452.delta_N");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.N0 = 0; }, "p452.N0");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.pressure_hPa = 0; }, "p452.pressure");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.temperature_C = 80; }, "p452.temperature");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.phit_n_deg = 91; }, "p452.phit_n");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.phir_n_deg = -91; }, "p452.phir_n");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.phit_e_deg = 400; }, "p452.phit_e");
  expect_bad([](Path& p, V&, V&, V&, Z&) { p.phir_e_deg = -400; }, "p452.phir_e");
}

TEST(P452Checks, RadioFields) {
  Radio ok;
  EXPECT_NO_THROW(check_radio(ok));
  auto expect_bad = [](Radio r, const char* field) {
    try {
      check_radio(r);
      ADD_FAILURE() << field << " accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  Radio r = ok;
  r.f_GHz = 0.09;
  expect_bad(r, "p452.frequency");
  r = ok;
  r.f_GHz = 51;
  expect_bad(r, "p452.frequency");
  r = ok;
  r.p_percent = 0.0009;
  expect_bad(r, "p452.time_percent");
  r = ok;
  r.p_percent = 51;
  expect_bad(r, "p452.time_percent");
  r = ok;
  r.pol = static_cast<Polarization>(3);
  expect_bad(r, "p452.pol");
  r = ok;
  r.Gt_dBi = INFINITY;
  expect_bad(r, "p452.Gt");
  r = ok;
  r.Gr_dBi = NAN;
  expect_bad(r, "p452.Gr");
}

// --- Attachment 3 and helpers --------------------------------------------------------------
TEST(P452Helpers, InverseCumulativeNormal) {
  // I(x) approximates the inverse complementary normal to 4.5e-4 (Attachment 3).
  EXPECT_NEAR(inv_cum_norm(0.5), 0.0, 5e-4);
  EXPECT_NEAR(inv_cum_norm(0.1), -1.2815516, 5e-4);
  EXPECT_NEAR(inv_cum_norm(0.01), -2.3263479, 5e-4);
  EXPECT_EQ(inv_cum_norm(1e-9), inv_cum_norm(1e-6));  // clamped at 1e-6
}

TEST(P452Helpers, GreatCircleMidPointLatitude) {
  // Along a meridian the point at distance d is d / R radians further north.
  EXPECT_NEAR(great_circle_latitude_deg(0, 40, 0, 41, 50.0), 40 + 50.0 / 6371 * 180 / M_PI, 1e-9);
  // Symmetric path across the equator: the mid-point is on it.
  const double d = 6371.0 * 2.0 * 10.0 * M_PI / 180.0;
  EXPECT_NEAR(great_circle_latitude_deg(5, -10, 5, 10, d / 2), 0.0, 1e-9);
}

// --- the p2p driver on one WP 3M pair ------------------------------------------------------
TEST(P452P2p, DriverReproducesReferencePair) {
  // Cases = the reference result file with DN taken from its printed ae (the printed DN has 6
  // decimals, too few for ae at 1e-6: see tests/validation/p452_18_reference_set_test.cpp).
  const auto ref = sim::CsvTable::read(kDir + "results/test_result_land_70km.csv");
  const int c_dn = ref.column("DN");
  const int c_ae = ref.column("ae");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < ref.rows(); ++r) {
    auto row = ref.row(r);
    row[static_cast<std::size_t>(c_dn)] = sim::exact(157.0 * (1.0 - 6371.0 / ref.number(r, c_ae)));
    rows.push_back(row);
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("akichi_p452_p2p_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cases = (dir / "cases.csv").string();
  const std::string out = (dir / "out.csv").string();
  sim::write_csv_atomically(cases, ref.header(), rows);

  sim::p2p::P2pRequest req;
  req.model = "p452-18";
  req.profile = kDir + "profiles/test_profile_land_70km.csv";
  req.cases = cases;
  req.output = out;
  sim::p2p::run_p452_18_p2p(req);

  const auto got = sim::CsvTable::read(out);
  ASSERT_EQ(got.rows(), ref.rows());
  ASSERT_EQ(got.header().size(), ref.header().size() + sim::p2p::kP452OutputNames.size());
  for (std::size_t r = 0; r < got.rows(); ++r) {
    for (std::string_view name : sim::p2p::kP452OutputNames) {
      SCOPED_TRACE("row " + std::to_string(r) + " " + std::string(name));
      const int mine = got.column("akichi_" + std::string(name));
      const int theirs = got.column(name);
      if (name == "path") {
        EXPECT_EQ(got.text(r, mine), got.text(r, theirs));
      } else {
        EXPECT_NEAR(got.number(r, mine), got.number(r, theirs), 1e-6);
      }
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(P452P2p, BadCellNamedByRowAndColumn) {
  const auto profile =
      sim::p2p::read_p452_profile(kDir + "profiles/test_profile_flat_land_5km.csv");
  const auto t = sim::CsvTable::parse(
      "f (GHz),p (%),htg (m),hrg "
      "(m),phit_e,phit_n,phir_e,phir_n,Gt,Gr,pol,dct,dcr,press,temp,DN,N0\n"
      "2,50,10,10,0,51,0,51.1,0,0,2,500,500,1013,15,45,325\n"
      "2,50,10,10,0,51,0,51.1,0,0,3,500,500,1013,15,45,325\n"
      "2,abc,10,10,0,51,0,51.1,0,0,2,500,500,1013,15,45,325\n"
      "60,50,10,10,0,51,0,51.1,0,0,2,500,500,1013,15,45,325\n",
      "cases.csv");
  EXPECT_NO_THROW(sim::p2p::p452_case(t, 0, profile));
  auto msg = [&](std::size_t r) {
    try {
      sim::p2p::p452_case(t, r, profile);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(msg(1).find("cases.csv:3"), std::string::npos) << msg(1);
  EXPECT_NE(msg(1).find("column pol"), std::string::npos) << msg(1);
  EXPECT_NE(msg(2).find("cases.csv:4"), std::string::npos) << msg(2);
  EXPECT_NE(msg(2).find("column p (%)"), std::string::npos) << msg(2);
  EXPECT_NE(msg(3).find("p452.frequency"), std::string::npos) << msg(3);
}

// --- adapter ---------------------------------------------------------------------------------
TEST(P452Adapter, ParameterChecksNameTheKey) {
  auto key_of = [](P452Params p) {
    try {
      make_p452_18_model(p);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(key_of(P452Params{}), "");
  P452Params p;
  p = {};
  p.time_percent = 0;
  EXPECT_NE(key_of(p).find("propagation.p452-18.time_percent"), std::string::npos);
  p = {};
  p.delta_N = 200;
  EXPECT_NE(key_of(p).find("propagation.p452-18.delta_N"), std::string::npos);
  p = {};
  p.N0 = -1;
  EXPECT_NE(key_of(p).find("propagation.p452-18.N0"), std::string::npos);
  p = {};
  p.temperature_C = 100;
  EXPECT_NE(key_of(p).find("propagation.p452-18.temperature"), std::string::npos);
  p = {};
  p.pressure_hPa = 0;
  EXPECT_NE(key_of(p).find("propagation.p452-18.pressure"), std::string::npos);
  p = {};
  p.latitude_deg = 100;
  EXPECT_NE(key_of(p).find("propagation.p452-18.latitude"), std::string::npos);
  p = {};
  p.pol = "circular";
  EXPECT_NE(key_of(p).find("propagation.p452-18.pol"), std::string::npos);
  p = {};
  p.zone = "desert";
  EXPECT_NE(key_of(p).find("propagation.p452-18.zone"), std::string::npos);
}

TEST(P452Adapter, EqualsTheModelOnTheSameProfile) {
  // Reference profile land_70km in metres, one frequency: adapter == direct model.
  const auto prof = sim::p2p::read_p452_profile(kDir + "profiles/test_profile_land_70km.csv");
  std::vector<double> d_m;
  for (double d : prof.d_km) d_m.push_back(d * 1000.0);
  P452Params params;
  params.time_percent = 10;
  params.latitude_deg = 50;
  const auto model = make_p452_18_model(params);
  LinkInput link;
  link.freq_Hz = 3.5e9;
  link.d_m = d_m.back();
  link.h_tx_m = 30;
  link.h_rx_m = 10;
  link.z_tx_m = prof.h_m.front();
  link.z_rx_m = prof.h_m.back();
  link.profile_d_m = d_m.data();
  link.profile_z_m = prof.h_m.data();
  link.profile_n = static_cast<int>(d_m.size());
  Path p;
  p.d_km = prof.d_km;
  p.h_m = prof.h_m;
  p.htg_m = 30;
  p.hrg_m = 10;
  p.phit_n_deg = p.phir_n_deg = 50;
  EXPECT_NEAR(model->loss_dB(link), lb(p, 3.5, 10), 1e-9);
  EXPECT_TRUE(model->uses_profile());
  EXPECT_EQ(model->name(), "p452-18");
  // A two-point profile is resampled to four points on the straight line between the ends.
  const double d2[2] = {0.0, 2000.0};
  const double z2[2] = {100.0, 100.0};
  link.profile_d_m = d2;
  link.profile_z_m = z2;
  link.profile_n = 2;
  link.d_m = 2000.0;
  link.z_tx_m = link.z_rx_m = 100.0;
  Flat flat(2.0, 4, 100.0);
  Path fp = flat.path();
  fp.htg_m = 30;
  fp.hrg_m = 10;
  EXPECT_NEAR(model->loss_dB(link), lb(fp, 3.5, 10), 1e-9);
}

// --- self-generated sweeps ---------------------------------------------------------------------
// Self-generated: Lb over the land_70km reference profile (trans-horizon) and a 20 km flat
// path (line of sight), 10 MHz steps inside the project's bands: no jump above 0.1 dB between
// neighbouring frequencies (the model is continuous in f).
TEST(P452SelfGeneratedSweep, ContinuousOverTheBands) {
  const auto prof = sim::p2p::read_p452_profile(kDir + "profiles/test_profile_land_70km.csv");
  Path hilly;
  hilly.d_km = prof.d_km;
  hilly.h_m = prof.h_m;
  hilly.phit_n_deg = hilly.phir_n_deg = 50;
  Flat flat(20, 201);
  const Path flat_path = flat.path();
  const double bands[][2] = {{2.3, 2.4}, {3.3, 4.2}, {4.6, 4.9}, {26.5, 29.5}};
  for (const Path* path : std::vector<const Path*>{&hilly, &flat_path}) {
    PathAnalysis a;
    analyse_path(*path, a);
    for (double pct : {1.0, 10.0, 50.0}) {
      for (const auto& b : bands) {
        Radio r;
        r.p_percent = pct;
        r.f_GHz = b[0];
        double prev = evaluate(a, r).Lb;
        for (double f = b[0] + 0.01; f <= b[1] + 1e-9; f += 0.01) {
          r.f_GHz = f;
          const double cur = evaluate(a, r).Lb;
          ASSERT_TRUE(std::isfinite(cur));
          EXPECT_LT(std::fabs(cur - prev), 0.1) << "f = " << f << " GHz, p = " << pct;
          prev = cur;
        }
      }
    }
  }
}

// Self-generated: on flat land, Lb grows with distance (5..200 km in 1 km steps, 30 m and 10 m
// antennas, 3.5 and 28 GHz, p = 50 %) and never jumps by more than 3 dB per km.
TEST(P452SelfGeneratedSweep, MonotoneInDistanceOnFlatLand) {
  for (double f : {3.5, 28.0}) {
    double prev = 0;
    for (int km = 5; km <= 200; ++km) {
      Flat flat(km, 4 * km + 1);
      Path p = flat.path();
      p.htg_m = 30;
      p.hrg_m = 10;
      const double cur = lb(p, f, 50);
      if (km > 5) {
        EXPECT_GT(cur, prev) << f << " GHz, " << km << " km";
        EXPECT_LT(cur - prev, 3.0) << f << " GHz, " << km << " km";
      }
      prev = cur;
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p452_18::p452_18_test

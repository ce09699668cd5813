// ITU-R P.1812 (-6, -7, -8): input checks (model, adapter, SG3 reader), helpers with analytic
// values, the adapter against the model on an owners' profile, the p2p driver, and self-generated
// sweeps.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/adapters/p1812.h"
#include "propagation/models/itu_r_p1812.h"
#include "sim/input/csv.h"
#include "sim/p2p/p1812.h"

namespace akichi::prop::p1812::p1812_test {
namespace {

const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/itu-r-p1812-6/";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(P1812Helpers, InverseComplementaryNormal) {
  // Attachment 2: |error| < 4.5e-4 against the exact quantiles; odd about x = 0.5.
  EXPECT_NEAR(inv_cum_norm(0.5), 0.0, 4.5e-4);
  EXPECT_NEAR(inv_cum_norm(0.01), 2.3263479, 4.5e-4);
  EXPECT_NEAR(inv_cum_norm(0.1), 1.2815516, 4.5e-4);
  EXPECT_NEAR(inv_cum_norm(0.9), -1.2815516, 4.5e-4);
  EXPECT_DOUBLE_EQ(inv_cum_norm(0.2), -inv_cum_norm(0.8));
  EXPECT_DOUBLE_EQ(inv_cum_norm(0.0), inv_cum_norm(1e-6));  // clamp
}

TEST(P1812Helpers, LocationSigma) {
  const double base = (0.52 + 0.024 * 2.0) * std::pow(100.0, 0.28);
  EXPECT_DOUBLE_EQ(location_sigma_dB(2.0, 1.5, 10.0, 100.0), base);  // below clutter: u_h = 1
  EXPECT_DOUBLE_EQ(location_sigma_dB(2.0, 15.0, 10.0, 100.0), 0.5 * base);  // half-way
  EXPECT_DOUBLE_EQ(location_sigma_dB(2.0, 20.0, 10.0, 100.0), 0.0);         // 10 m above
}

TEST(P1812Helpers, PathCentreOnAMeridian) {
  EXPECT_NEAR(path_centre_latitude_deg(40.0, 10.0, 42.0, 10.0, 0.5 * 2.0 * 6371.0 * M_PI / 180.0),
              41.0, 1e-9);
}

struct Flat {
  std::vector<double> d, h;
  explicit Flat(double dist_km, int n = 101) {
    for (int i = 0; i < n; ++i) {
      d.push_back(dist_km * i / (n - 1));
      h.push_back(100.0);
    }
  }
  Profile profile() const { return {d, h, {}, {}}; }
};

Inputs valid_inputs() {
  Inputs in;
  in.f_GHz = 3.5;
  in.p_percent = 10;
  in.htg_m = 30;
  in.hrg_m = 1.5;
  in.phi_path_deg = 50;
  return in;
}

TEST(P1812Validate, EveryBranchNamesItsField) {
  const Flat flat(10.0);
  EXPECT_EQ(error_of([&] { validate(flat.profile(), valid_inputs()); }), "");
  auto field_of = [&](auto mutate) {
    Inputs in = valid_inputs();
    Flat f(10.0);
    std::vector<double> R;
    std::vector<int> zone;
    Profile p = f.profile();
    mutate(in, f, p, R, zone);
    return error_of([&] { validate(p, in, "propagation.p1812"); });
  };
  using V = std::vector<double>;
  using Z = std::vector<int>;
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) {
              in.f_GHz = 6.5;
            }).find("propagation.p1812.frequency_GHz"),
            std::string::npos);
  EXPECT_NE(
      field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.f_GHz = 0.02; }).find("frequency_GHz"),
      std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) {
              in.p_percent = 0.5;
            }).find("time_percent"),
            std::string::npos);
  EXPECT_NE(
      field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.p_percent = 51; }).find("time_percent"),
      std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) {
              in.pL_percent = 99.5;
            }).find("location_percent"),
            std::string::npos);
  EXPECT_NE(
      field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.sigmaL_dB = -1; }).find("sigma_L_dB"),
      std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.htg_m = 0.5; }).find("htg_m"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.hrg_m = 3001; }).find("hrg_m"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) {
              in.phi_path_deg = 81;
            }).find("path_centre_latitude_deg"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.dN = 157; }).find("delta_N"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.N0 = 0; }).find("N0"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.dct_km = -1; }).find("dct_km"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.dcr_km = -1; }).find("dcr_km"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs& in, Flat&, Profile&, V&, Z&) { in.Ptx_kW = 0; }).find("ptx_kW"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat& f, Profile& p, V&, Z&) {
              p.d_km = std::span<const double>(f.d).first(2);
              p.h_m = std::span<const double>(f.h).first(2);
            }).find("profile"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat& f, Profile& p, V&, Z&) {
              p.h_m = std::span<const double>(f.h).first(50);
            }).find("profile.h"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat& f, Profile&, V&, Z&) { f.d[5] = f.d[4]; }).find("profile.d"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat& f, Profile&, V&, Z&) { f.h[5] = NAN; }).find("profile.h"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat& f, Profile& p, V& R, Z&) {
              R.assign(f.d.size(), 0.0);
              R[3] = -1;
              p.R_m = R;
            }).find("profile.clutter_height"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat&, Profile& p, V& R, Z&) {
              R.assign(5, 0.0);
              p.R_m = R;
            }).find("profile.clutter_height"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat& f, Profile& p, V&, Z& z) {
              z.assign(f.d.size(), 4);
              z[2] = 2;
              p.zone = z;
            }).find("profile.zone"),
            std::string::npos);
  EXPECT_NE(field_of([](Inputs&, Flat&, Profile& p, V&, Z& z) {
              z.assign(4, 4);
              p.zone = z;
            }).find("profile.zone"),
            std::string::npos);
}

TEST(P1812Adapter, ParameterChecksNameTheKey) {
  auto msg = [](auto mutate) {
    P1812Params p;
    mutate(p);
    return error_of([&] { make_p1812_model(p); });
  };
  EXPECT_EQ(msg([](P1812Params&) {}), "");
  EXPECT_NE(msg([](P1812Params& p) {
              p.time_percent = 60;
            }).find("propagation.p1812.time_percent: found 60"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) {
              p.location_percent = 0;
            }).find("propagation.p1812.location_percent"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.sigma_L_dB = -2; }).find("propagation.p1812.sigma_L_dB"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.delta_N = -1; }).find("propagation.p1812.delta_N"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.N0 = -1; }).find("propagation.p1812.N0"), std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) {
              p.path_centre_latitude_deg = 85;
            }).find("propagation.p1812.latitude_deg"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) {
              p.clutter_height_m = -1;
            }).find("propagation.p1812.clutter_height_m"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) {
              p.tx_clutter_height_m = -1;
            }).find("propagation.p1812.tx_clutter_height_m"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) {
              p.rx_clutter_height_m = -1;
            }).find("propagation.p1812.rx_clutter_height_m"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.dct_km = -1; }).find("propagation.p1812.dct_km"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.dcr_km = -1; }).find("propagation.p1812.dcr_km"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) {
              p.polarization = "circular";
            }).find("propagation.p1812.polarization: found 'circular'"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.zone = "desert"; }).find("propagation.p1812.zone"),
            std::string::npos);
  EXPECT_NE(msg([](P1812Params& p) { p.version = 5; }).find("propagation.p1812.version: found 5"),
            std::string::npos);
  // The -7 troposcatter exists only in -7 (-8 went back to eq. (44))
  const std::string tropo8 = msg([](P1812Params& p) { p.troposcatter = "p1812-7"; });
  EXPECT_NE(tropo8.find("propagation.p1812.troposcatter: found 'p1812-7' with version = 8"),
            std::string::npos)
      << tropo8;
  EXPECT_EQ(msg([](P1812Params& p) {
              p.version = 7;
              p.troposcatter = "p1812-7";
            }),
            "");
  EXPECT_NE(msg([](P1812Params& p) {
              p.version = 7;
              p.troposcatter = "p1812-7";
              p.tropo_tx_gain_dBi = 200;
            }).find("propagation.p1812.tropo_tx_gain_dBi: found 200"),
            std::string::npos);
}

// P.1812-7 §4.4, step by step on a hand geometry, every term from the Recommendation's
// formulas (written out here independently of the model file's arrangement of them).
TEST(P1812Troposcatter7, StepsOnAHandGeometry) {
  const double f = 0.6, d = 150.0, tt = 2.0, tr = -1.0, hts = 250.0, hrs = 120.0;
  const double ae = 6371.0 * 157.0 / (157.0 - 45.0), N0 = 330.0, dN = 40.0, hcv = 300.0;
  // step 1: the common volume where the two horizon rays (elevations limited to >= 0) meet
  const double te = d / ae;
  const double dtcv = (d * std::tan(0.0 + te / 2) - (hts - hrs) / 1000.0) /
                      (std::tan(0.002 + te / 2) + std::tan(te / 2));
  EXPECT_NEAR(common_volume_distance_km(d, tt, tr, hts, hrs, ae), dtcv, 1e-12);
  // steps 2-4
  const double theta = 1000.0 * d / ae + tt + tr;  // mrad
  const double beta = d / (2 * ae) + tr / 1000.0 + (hrs - hts) / (1000.0 * d);
  const double ds = d * std::sin(beta), st = std::sin(theta / 1000.0);
  const double h0 = hts / 1000.0 + ds / st * (ds / (2 * ae * st) + std::sin(tt / 1000.0));
  for (const double p : {1.0, 10.0, 50.0}) {
    SCOPED_TRACE(p);
    const double Yp =
        p < 50 ? 0.035 * N0 * std::exp(-h0 / 7.35) * std::pow(-std::log10(p / 50.0), 0.67) : 0.0;
    const double F = 0.18 * N0 * std::exp(-0.3 / 7.35) - 0.23 * dN;
    const double Lc = 0.07 * std::exp(0.055 * (3.0 + 5.0));
    const double Lbs =
        F + 22 * std::log10(600.0) + 35 * std::log10(theta) + 17 * std::log10(d) + Lc - Yp;
    EXPECT_NEAR(troposcatter_p1812_7_dB(f, p, d, tt, tr, hts, hrs, ae, N0, dN, 3.0, 5.0, hcv), Lbs,
                1e-9);
  }
  // Symmetric ends: the common volume is at mid-path
  EXPECT_NEAR(common_volume_distance_km(d, 1.0, 1.0, 200.0, 200.0, ae), d / 2, 1e-12);
  // The coupling loss alone: Lc(20 dBi) - Lc(0 dBi) = 0.07 (e^1.1 - 1)
  EXPECT_NEAR(troposcatter_p1812_7_dB(f, 10, d, tt, tr, hts, hrs, ae, N0, dN, 10, 10, hcv) -
                  troposcatter_p1812_7_dB(f, 10, d, tt, tr, hts, hrs, ae, N0, dN, 0, 0, hcv),
              0.07 * (std::exp(1.1) - 1.0), 1e-9);
}

// Against an independent implementation: crc-covlib 4.6.2 carries the P.1812-7 troposcatter
// (ITURP_1812::_TroposcatterLoss with gains and profile; not called by its own P.1812, which
// follows the ITU's advice to use eq. (44)). Its values for a 150 km path over the terrain
// h(x) = 100 + 80 sin(x / 7 km) + 0.5 x (m, x in km), N0 = 325, dN = 45 at the common volume;
// d_tcv and the terrain height there are crc-covlib's too.
TEST(P1812Troposcatter7, MatchesAnIndependentImplementation) {
  struct Case {
    double f, p, hts, hrs, Gt, Gr, ae, tt, tr, dtcv, hcv, Lbs;
  };
  const Case cases[] = {
      {0.6, 10, 250, 220, 3, 5, 8500, 2.0, -1.0, 65.837887889856, 134.4668396276, 181.5287540440},
      {3.0, 1, 400, 180, 12, 3, 8000, 5.0, 1.5, 55.890495174289, 207.2316420341, 194.8485559846},
      {0.1, 50, 150, 150, 0, 0, 9000, 0.5, 0.5, 75.000000000000, 60.6441171178, 172.3832710553},
      {5.5, 30, 320, 260, 20, 10, 8200, -0.3, 3.0, 82.750036364511, 87.1755717184, 209.6202229352},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.f);
    EXPECT_NEAR(common_volume_distance_km(150.0, c.tt, c.tr, c.hts, c.hrs, c.ae), c.dtcv, 1e-9);
    const double h = 100.0 + 80.0 * std::sin(c.dtcv / 7.0) + 0.5 * c.dtcv;
    EXPECT_NEAR(h, c.hcv, 0.05);  // theirs is linear between 0.5 km samples
    EXPECT_NEAR(troposcatter_p1812_7_dB(c.f, c.p, 150.0, c.tt, c.tr, c.hts, c.hrs, c.ae, 325, 45,
                                        c.Gt, c.Gr, c.hcv),
                c.Lbs, 1e-8);
  }
}

// Through the whole method: the revisions 6, 7 and 8 give the owners' -6 losses bit for bit with
// the eq. (44) troposcatter; the -7 model changes Lbs alone, and Lbc follows eq. (63).
TEST(P1812Troposcatter7, ChangesOnlyLbsOnTheOwnersProfiles) {
  int trans_horizon = 0;
  for (const char* name :
       {"b2iseac", "rburg", "b2iseac_rural_land_10km", "rburg_rural_noclutter"}) {
    SCOPED_TRACE(name);
    const auto file = sim::p2p::read_sg3(kDir + "profiles/" + name + ".csv");
    for (std::size_t r = 0; r < file.measurements.size(); ++r) {
      Inputs in = sim::p2p::sg3_inputs(file, r);
      std::vector<double> scratch(scratch_size(file.d_km.size()));
      const Profile prof = sim::p2p::sg3_profile(file);
      const Result a = basic_transmission_loss(prof, in, scratch);
      in.troposcatter = Troposcatter::P1812_7;
      in.Gt_dBi = 12;
      in.Gr_dBi = 3;
      const Result b = basic_transmission_loss(prof, in, scratch);
      EXPECT_EQ(a.Lbam, b.Lbam);
      EXPECT_EQ(a.Lb0p, b.Lb0p);
      EXPECT_NE(a.Lbs, b.Lbs);
      const double h_cv = [&] {  // the terrain under the common volume, linear between samples
        const auto& dk = file.d_km;
        for (std::size_t i = 1; i < dk.size(); ++i) {
          if (b.dtcv_km <= dk[i]) {
            return file.h_m[i - 1] +
                   (b.dtcv_km - dk[i - 1]) / (dk[i] - dk[i - 1]) * (file.h_m[i] - file.h_m[i - 1]);
          }
        }
        return file.h_m.back();
      }();
      EXPECT_NEAR(
          b.Lbs,
          troposcatter_p1812_7_dB(in.f_GHz, in.p_percent, b.d_km, b.theta_t_mrad, b.theta_r_mrad,
                                  b.hts_m, b.hrs_m, b.ae_km, in.N0, in.dN, 12, 3, h_cv),
          1e-9);
      EXPECT_NEAR(b.Lbc,
                  -5.0 * std::log10(std::pow(10.0, -0.2 * b.Lbs) + std::pow(10.0, -0.2 * b.Lbam)),
                  1e-9);
      if (a.trans_horizon) ++trans_horizon;
    }
  }
  EXPECT_GT(trans_horizon, 0);  // the set holds paths where troposcatter can matter
}

/// The link of an owners' profile as the area engine hands it to the adapter: distances in
/// metres, the file's heights, the measurement row's frequency and antenna heights. Not copied:
/// the link points into the profile it holds.
struct OwnersLink {
  std::vector<double> d_m, z_m;
  LinkInput link;
  OwnersLink(const sim::p2p::Sg3File& file, const Inputs& in) {
    for (std::size_t i = 0; i < file.d_km.size(); ++i) {
      d_m.push_back(file.d_km[i] * 1e3);
      z_m.push_back(file.h_m[i]);
    }
    link.freq_Hz = in.f_GHz * 1e9;
    link.d_m = d_m.back();
    link.h_tx_m = in.htg_m;
    link.h_rx_m = in.hrg_m;
    link.z_tx_m = z_m.front();
    link.z_rx_m = z_m.back();
    link.profile_d_m = d_m.data();
    link.profile_z_m = z_m.data();
    link.profile_n = static_cast<int>(d_m.size());
  }
  OwnersLink(const OwnersLink&) = delete;
  OwnersLink& operator=(const OwnersLink&) = delete;
};

TEST(P1812Adapter, RevisionsGiveTheSameLossWithEq44) {
  const auto file = sim::p2p::read_sg3(kDir + "profiles/b2iseac.csv");
  const Inputs in = sim::p2p::sg3_inputs(file, 0);
  OwnersLink owners(file, in);
  LinkInput& link = owners.link;
  auto loss = [&](int version, const char* tropo) {
    P1812Params p;
    p.time_percent = in.p_percent;
    p.delta_N = in.dN;
    p.N0 = in.N0;
    p.path_centre_latitude_deg = in.phi_path_deg;
    p.version = version;
    p.troposcatter = tropo;
    return make_p1812_model(p)->loss_dB(link);
  };
  const double l8 = loss(8, "p1812-6");
  EXPECT_EQ(std::bit_cast<std::uint64_t>(l8), std::bit_cast<std::uint64_t>(loss(6, "p1812-6")));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(l8), std::bit_cast<std::uint64_t>(loss(7, "p1812-6")));
  EXPECT_TRUE(std::isfinite(loss(7, "p1812-7")));
  P1812Params p;
  p.version = 7;
  p.troposcatter = "p1812-7";
  EXPECT_NE(make_p1812_model(p)->describe().find("P.1812-7 basic transmission loss"),
            std::string::npos);
  EXPECT_NE(make_p1812_model(P1812Params{})->describe().find("P.1812-8"), std::string::npos);
}

TEST(P1812Adapter, EqualsTheModelOnAnOwnersProfileInMetres) {
  // rburg_rural_noclutter: no clutter, inland everywhere, so the adapter's uniform params hold.
  const auto file = sim::p2p::read_sg3(kDir + "profiles/rburg_rural_noclutter.csv");
  const Inputs in = sim::p2p::sg3_inputs(file, 0);
  std::vector<double> scratch(scratch_size(file.d_km.size()));
  const Result ref = basic_transmission_loss(sim::p2p::sg3_profile(file), in, scratch);
  EXPECT_NEAR(ref.Lb, 161.86545059, 1e-6);  // the file's row (owners' Lb)

  P1812Params p;
  p.time_percent = in.p_percent;
  p.polarization = "horizontal";
  p.delta_N = in.dN;
  p.N0 = in.N0;
  p.path_centre_latitude_deg = in.phi_path_deg;
  const auto model = make_p1812_model(p);
  OwnersLink owners(file, in);
  LinkInput& link = owners.link;
  EXPECT_TRUE(model->uses_profile());
  EXPECT_NEAR(model->loss_dB(link), ref.Lb, 1e-9);
  link.freq_Hz = 7e9;  // outside 30 MHz..6 GHz
  EXPECT_TRUE(std::isnan(model->loss_dB(link)));
}

TEST(P1812Sg3, BadValuesNamedByRowAndColumn) {
  const std::string head =
      "x\nTx LAT:,50\nTx LON:,8\nRx LAT:,50.1\nRx LON:,8\nFirst Point TX or RX:,T\n"
      "Average annual values dN (N-units/km):,45\nAverage annual sea-level surface refractivity No "
      "(N-units):,320\n"
      "{Begin of Profile}\nNumber of Points:,3\n0,100,2,0,4\n0.5,100,2,0,4\n";
  const std::string tail =
      "{End of Profile}\nFrequency,Tx antenna height,Tx antenna effective height,Rx antenna "
      "height,Polarisation,"
      "Txdbm,MaxLb,Txgn,Rxgn,Rx antenna "
      "D/O,ERP_max_horiz,ERP_max_vertical,ERP_max_total,HRP_red,Time percentage,"
      "Losses,Measured field strength,Basic transmission loss\n[MHz]\n{Begin of Measurements}\n";
  const std::string good_row = "100,20,,2,1,,,,,,,,30,,1,,,\n";
  auto parse = [&](const std::string& profile_row, const std::string& row) {
    return error_of([&] {
      const auto file =
          sim::p2p::parse_sg3(head + profile_row + tail + row + "{End of Measurements}\n", "t.csv");
      sim::p2p::sg3_inputs(file, 0);
    });
  };
  EXPECT_EQ(parse("1,100,2,0,4\n", good_row), "");
  EXPECT_NE(parse("1,abc,2,0,4\n", good_row).find("t.csv:13:2: profile ground height: found 'abc'"),
            std::string::npos);
  EXPECT_NE(parse("1,100,2,0,2\n", good_row).find("t.csv:13:5: profile radio met code"),
            std::string::npos);
  EXPECT_NE(parse("1,100,7,0,4\n", good_row).find("t.csv:13:3: profile coverage code"),
            std::string::npos);
  EXPECT_NE(parse("1,100,2,-3,4\n", good_row).find("t.csv:13:4"), std::string::npos);
  EXPECT_NE(parse("1,100,2,0,4\n", "1x0,20,,2,1,,,,,,,,30,,1,,,\n")
                .find("t.csv:18:1: Frequency: found '1x0'"),
            std::string::npos);
  EXPECT_NE(
      parse("1,100,2,0,4\n", "100,20,,2,3,,,,,,,,30,,1,,,\n").find("t.csv:18:5: Polarisation"),
      std::string::npos);
  EXPECT_NE(parse("1,100,2,0,4\n", "100,20,,2,1,,,,,,,,30,,60,,,\n").find("time_percent"),
            std::string::npos);
  EXPECT_NE(parse("1,100,2,0,4\n", "100,20,,2,1,,,,,,,,,,1,,,\n")
                .find("t.csv:18:17: Measured field strength: found an empty field"),
            std::string::npos);
}

TEST(P1812P2p, WritesOneRowPerMeasurementWithTheOwnersLb) {
  const std::string out = std::string(AKICHI_BINARY_DIR) + "/p1812_p2p_b2iseac.csv";
  sim::p2p::P2pRequest req;
  req.model = "p1812";
  req.profile = kDir + "profiles/b2iseac.csv";
  req.output = out;
  sim::p2p::run_p1812_p2p(req);
  const auto t = sim::CsvTable::read(out);
  ASSERT_EQ(t.rows(), 3u);
  for (std::size_t r = 0; r < 3; ++r) {
    const double Lb_ref = t.number(r, "Basic transmission loss");
    EXPECT_NEAR(t.number(r, "akichi_Lb"), Lb_ref, 1e-6);
    EXPECT_NEAR(t.number(r, "akichi_Ep_Ptx"), t.number(r, "Measured field strength"), 1e-6);
    EXPECT_GE(t.number(r, "akichi_Lb"), t.number(r, "akichi_Lb0p"));
  }
  std::filesystem::remove(out);
}

// Self-generated: a 15 km rolling-terrain path swept over the bands of the project that lie in
// P.1812-6's domain (2.3 GHz, 3.3-4.2 GHz, 4.6-4.9 GHz; 26.5-29.5 GHz is above 6 GHz).
// Neighbouring frequencies 5 MHz apart may differ by at most 0.2 dB (free-space slope
// 20 log10(f) changes ~0.02 dB per 5 MHz; diffraction adds a comparable smooth term).
TEST(P1812SelfGenerated, FrequencySweepIsContinuous) {
  std::vector<double> d, h;
  for (int i = 0; i <= 150; ++i) {
    d.push_back(0.1 * i);
    h.push_back(200.0 + 40.0 * std::sin(0.05 * i) + 15.0 * std::sin(0.31 * i));
  }
  const Profile prof{d, h, {}, {}};
  std::vector<double> scratch(scratch_size(d.size()));
  Inputs in = valid_inputs();
  for (auto [lo, hi] : {std::pair{2.3, 2.4}, std::pair{3.3, 4.2}, std::pair{4.6, 4.9}}) {
    double prev = NAN;
    for (double f = lo; f <= hi + 1e-9; f += 0.005) {
      in.f_GHz = f;
      const double Lb = basic_transmission_loss(prof, in, scratch).Lb;
      ASSERT_TRUE(std::isfinite(Lb));
      if (!std::isnan(prev)) {
        EXPECT_LT(std::abs(Lb - prev), 0.2) << f;
      }
      prev = Lb;
    }
  }
}

// Self-generated: over flat ground, the loss grows with distance (free space, then the
// spherical-earth diffraction); between distances 100 m apart it grows by no more than the
// free-space increment 20 log10((d + 0.1) / d) plus 0.5 dB (no jump between mechanisms).
TEST(P1812SelfGenerated, DistanceSweepOverFlatGroundIsMonotonic) {
  std::vector<double> scratch(scratch_size(101));
  for (double f : {2.3, 3.5, 4.8}) {
    Inputs in = valid_inputs();
    in.f_GHz = f;
    in.p_percent = 50;
    double prev = 0;
    for (double dist = 0.5; dist <= 60.0; dist += 0.1) {
      const Flat flat(dist);
      const double Lb = basic_transmission_loss(flat.profile(), in, scratch).Lb;
      EXPECT_GT(Lb, prev) << f << " GHz, " << dist << " km";
      if (prev > 0) {
        EXPECT_LT(Lb - prev, 20.0 * std::log10(dist / (dist - 0.1)) + 0.5)
            << f << " GHz, " << dist << " km";
      }
      prev = Lb;
    }
  }
}

// The run constants (run_constants(), shared by the links of a run) give the bits the per-link
// computation gives, for every mode of the path (LoS, trans-horizon, time percentages on both
// sides of beta0, |phi| on both sides of 70 deg); an empty zone list is an inland path and an
// empty clutter list a bare one, and basic_transmission_loss_dB() is Lb, bit for bit.
TEST(P1812RunConstants, SameBitsAsPerLinkAndEmptyListsAreInlandAndBare) {
  std::vector<double> d, h;
  for (int i = 0; i <= 150; ++i) {
    d.push_back(0.1 * i);
    h.push_back(200.0 + 40.0 * std::sin(0.05 * i) + 15.0 * std::sin(0.31 * i));
  }
  const std::vector<int> inland(d.size(), kZoneInland);
  const std::vector<double> bare(d.size(), 0.0);
  std::vector<double> scratch(scratch_size(d.size()));
  for (double htg : {10.0, 400.0}) {  // trans-horizon and line of sight
    for (double pc : {1.0, 10.0, 50.0}) {
      for (double phi : {35.0, 75.0}) {
        Inputs in = valid_inputs();
        in.htg_m = htg;
        in.p_percent = pc;
        in.phi_path_deg = phi;
        in.sigmaL_dB = 5.5;
        in.pL_percent = 10;
        const RunConstants rc = run_constants(in);
        EXPECT_TRUE(run_constants_match(rc, in));
        const Result a = basic_transmission_loss({d, h, {}, {}}, in, scratch);
        const Result b = basic_transmission_loss({d, h, {}, {}}, in, rc, scratch);
        const Result c = basic_transmission_loss({d, h, bare, inland}, in, rc, scratch);
        for (const Result* x : {&b, &c}) {
          EXPECT_EQ(std::bit_cast<std::uint64_t>(x->Lb), std::bit_cast<std::uint64_t>(a.Lb));
          EXPECT_EQ(std::bit_cast<std::uint64_t>(x->Ep_Ptx_dBuVm),
                    std::bit_cast<std::uint64_t>(a.Ep_Ptx_dBuVm));
          EXPECT_EQ(x->b0_percent, a.b0_percent);
          EXPECT_EQ(x->trans_horizon, a.trans_horizon);
        }
        // the loss alone (the engine's call), which leaves out Ldb at p = 50 %
        EXPECT_EQ(std::bit_cast<std::uint64_t>(
                      basic_transmission_loss_dB({d, h, {}, {}}, in, rc, scratch)),
                  std::bit_cast<std::uint64_t>(a.Lb));
        in.f_GHz += 0.001;
        EXPECT_FALSE(run_constants_match(rc, in));
      }
    }
  }
}

}  // namespace
}  // namespace akichi::prop::p1812::p1812_test

// The added-losses decorator (propagation/engine/added_losses.h): a hand case through the area
// engine (free space + clutter + rain + gases, each term computed here from its recommendation's
// equations), the roles (rain never on interference links), the §3.1 ends and clutter source,
// the mechanism passing through, the refusals of double counting, and the P.837 map reader.
#include "propagation/engine/added_losses.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/models/itu_digital_maps.h"
#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::added_losses_test {
namespace {

constexpr double kC = 299792458.0;  // m/s, as ITU-R P.525-4 §2.2 takes it
constexpr double kDeg = std::numbers::pi / 180.0;

// tests/data/itu-r-p838/ITURP838-3_rain_specific_attenuation.csv, the row
// el = 20.14335809 deg, f = 29 GHz, R = 42.91007183 mm/h, tau = 90 deg: k, alpha, gamma_R.
constexpr double kEl_deg = 20.14335809, kR_mm_h = 42.91007183;
constexpr double kK = 0.21298877, kAlpha = 0.92265917;
// tests/data/itu-r-p676/ITURP676-13_gamma.csv, f = 29 GHz, 1013.25 hPa, 288.15 K, 7.5 g/m3.
constexpr double kGamma29_dB_per_km = 0.0964937186754364;

/// P.530-18 Annex 1 §2.4.1: step 3 r (limited to 2.5), step 5 A_p / A_0.01.
double p530_r(double d_km, double f_GHz, double R, double alpha) {
  const double den =
      0.477 * std::pow(d_km, 0.633) * std::pow(R, 0.073 * alpha) * std::pow(f_GHz, 0.123) -
      10.579 * (1.0 - std::exp(-0.024 * d_km));
  return den < 0.4 ? 2.5 : 1.0 / den;
}
double p530_scaling(double f_GHz, double p) {
  const double C0 = f_GHz >= 10 ? 0.12 + 0.4 * std::log10(std::pow(f_GHz / 10.0, 0.8)) : 0.12;
  const double C1 = std::pow(0.07, C0) * std::pow(0.12, 1.0 - C0);
  const double C2 = 0.855 * C0 + 0.546 * (1.0 - C0);
  const double C3 = 0.139 * C0 + 0.043 * (1.0 - C0);
  return C1 * std::pow(p, -(C2 + C3 * std::log10(p)));
}
/// P.2108-1 §3.2 eqs. (3a)-(5b) at p = 50 % (Q^-1(0.5) = 0), d below the 2 km cap of eq. (6).
double p2108_32_median(double f_GHz, double d_km) {
  const double Ll = -2.0 * std::log10(std::pow(10.0, -5.0 * std::log10(f_GHz) - 12.5) +
                                      std::pow(10.0, -16.5));                       // eq. (4a)
  const double Ls = 32.98 + 23.9 * std::log10(d_km) + 3.0 * std::log10(f_GHz);      // eq. (5a)
  return -5.0 * std::log10(std::pow(10.0, -0.2 * Ll) + std::pow(10.0, -0.2 * Ls));  // eq. (3a)
}

ModelConfig all_added(LinkRole role) {
  ModelConfig c;
  c.name = "free_space";
  c.added.clutter.model = "p2108-statistical";
  c.added.clutter.location_percent = 50;
  c.added.rain.enabled = true;
  c.added.rain.time_percent = 0.01;
  c.added.rain.R001_mm_h = kR_mm_h;
  c.added.rain.polarization = "vertical";
  c.added.gases.enabled = true;
  c.added.gases.temperature_C = 15;  // 288.15 K
  c.added.role = role;
  return c;
}

TEST(AddedLosses, HandCaseThroughTheAreaEngine) {
  // Flat ground at 0 m; the transmitter 2000 m west of the last cell's centre, high enough that
  // the path rises at the P.838 row's elevation towards a receiver 1.5 m above ground.
  StudyGrid g;
  g.x0_m = 0;
  g.y0_m = 0;
  g.cell_m = 500;
  g.nx = 5;
  g.ny = 1;
  g.heights_m = {1.5};
  const double d_m = 2000.0;
  const Transmitter tx{g.x(4) - d_m, g.y(0), 1.5 + d_m * std::tan(kEl_deg * kDeg), 29e9};
  const TerrainGrid terrain = make_flat_terrain({{-3000, -1000, 3000, 1000}, 50}, 0.0);
  const auto model = make_path_loss_model(all_added(LinkRole::Wanted));
  const AreaContext ctx{g, terrain, *model, 50.0};
  std::vector<float> loss(g.cells());
  compute_area(tx, nullptr, ctx, {loss, {}});

  const double r_m = std::hypot(d_m, tx.h_m - 1.5);
  const double r_km = r_m * 1e-3, f_GHz = 29.0;
  const double fspl = 20.0 * std::log10(4.0 * std::numbers::pi * r_m * 29e9 / kC);  // P.525 §2.2
  const double clutter = p2108_32_median(f_GHz, d_m * 1e-3);
  const double gamma_R = kK * std::pow(kR_mm_h, kAlpha);                       // P.838-3 eq. (1)
  const double rain = gamma_R * r_km * p530_r(r_km, f_GHz, kR_mm_h, kAlpha) *  // steps 2-4
                      p530_scaling(f_GHz, 0.01);                               // step 5
  const double gases = kGamma29_dB_per_km * r_km;                              // P.676 eq. (10)
  EXPECT_NEAR(point_loss_dB(tx, g.x(4), g.y(0), 1.5, ctx), fspl + clutter + rain + gases, 1e-4);
  EXPECT_NEAR(loss[4], fspl + clutter + rain + gases, 1e-4 * 10);  // float32 storage
  EXPECT_EQ(loss[4], static_cast<float>(point_loss_dB(tx, g.x(4), g.y(0), 1.5, ctx)));
  EXPECT_GT(rain, 10.0);  // the case exercises a real rain term (about 12 dB)

  // The terms separately, through the decorator.
  const auto* added = dynamic_cast<const AddedLosses*>(model.get());
  ASSERT_NE(added, nullptr);
  Profile profile;
  LinkInput link;
  make_link(tx, g.x(4), g.y(0), 1.5, ctx, profile, link);
  const AddedTerms t = added->terms(link);
  EXPECT_NEAR(t.clutter_dB, clutter, 1e-9);
  EXPECT_NEAR(t.rain_dB, rain, 1e-4);
  EXPECT_NEAR(t.gases_dB, gases, 1e-5 * r_km);
}

TEST(AddedLosses, InterferenceLinksNeverCreditRain) {
  const LinkInput link = [] {
    LinkInput l;
    l.freq_Hz = 28e9;
    l.d_m = 1500;
    l.h_tx_m = 15;
    l.h_rx_m = 1.5;
    return l;
  }();
  const auto wanted = make_path_loss_model(all_added(LinkRole::Wanted));
  const auto interference = make_path_loss_model(all_added(LinkRole::Interference));
  const auto* w = dynamic_cast<const AddedLosses*>(wanted.get());
  const auto* i = dynamic_cast<const AddedLosses*>(interference.get());
  ASSERT_NE(w, nullptr);
  ASSERT_NE(i, nullptr);
  EXPECT_GT(w->terms(link).rain_dB, 1.0);
  EXPECT_GT(w->terms(link).gases_dB, 0.1);
  EXPECT_EQ(i->terms(link).rain_dB, 0.0);
  EXPECT_EQ(i->terms(link).gases_dB, 0.0);  // wanted-only by default
  EXPECT_EQ(i->terms(link).clutter_dB, w->terms(link).clutter_dB);
  ModelConfig g = all_added(LinkRole::Interference);
  g.added.gases.interference_paths = true;
  const auto* gi = dynamic_cast<const AddedLosses*>(make_path_loss_model(g).release());
  ASSERT_NE(gi, nullptr);
  EXPECT_EQ(gi->terms(link).gases_dB, w->terms(link).gases_dB);
  EXPECT_EQ(gi->terms(link).rain_dB, 0.0);
  delete gi;
  // Nothing added for the role: the registry model itself, not a decorator.
  ModelConfig rain_only;
  rain_only.name = "free_space";
  rain_only.added.rain.enabled = true;
  rain_only.added.rain.R001_mm_h = 80;
  EXPECT_EQ(dynamic_cast<const AddedLosses*>(make_path_loss_model(rain_only).get()), nullptr);
  rain_only.added.role = LinkRole::Wanted;
  EXPECT_NE(dynamic_cast<const AddedLosses*>(make_path_loss_model(rain_only).get()), nullptr);
}

/// Clutter by position: dense urban west of x = 0, open/rural east of it.
class SplitClutter final : public ClutterSource {
 public:
  ClutterAt clutter_at(double x_m, double) const override {
    return x_m < 0 ? ClutterAt{p2108::ClutterType::DenseUrban, 20.0}
                   : ClutterAt{p2108::ClutterType::OpenRural, 10.0};
  }
  std::string describe() const override { return "split"; }
};

TEST(AddedLosses, TerminalCorrectionAtEachEndFromTheClutterSource) {
  LinkInput link;
  link.freq_Hz = 2e9;
  link.d_m = 800;
  link.x_tx_m = -400;  // dense urban
  link.x_rx_m = 400;   // open/rural
  link.h_tx_m = 12;
  link.h_rx_m = 1.5;
  const double A_tx =
      p2108::height_gain_correction_dB(2.0, 12, 27, 20, p2108::ClutterType::DenseUrban);
  const double A_rx =
      p2108::height_gain_correction_dB(2.0, 1.5, 27, 10, p2108::ClutterType::OpenRural);
  ASSERT_GT(A_tx, 0.0);
  ASSERT_GT(A_rx, 0.0);
  ModelConfig c;
  c.name = "free_space";
  c.added.clutter.model = "p2108-terminal";
  c.added.clutter.source = std::make_shared<SplitClutter>();
  for (const auto& [ends, expected] :
       {std::pair<std::string, double>{"rx", A_rx}, {"tx", A_tx}, {"both", A_tx + A_rx}}) {
    c.added.clutter.ends = ends;
    const auto m = make_path_loss_model(c);
    EXPECT_DOUBLE_EQ(dynamic_cast<const AddedLosses&>(*m).terms(link).clutter_dB, expected) << ends;
  }
  // The keys' uniform clutter: Table 3's height when none is given (urban: 15 m).
  c.added.clutter.source = nullptr;
  c.added.clutter.ends = "rx";
  c.added.clutter.clutter_type = "urban";
  const auto m = make_path_loss_model(c);
  EXPECT_DOUBLE_EQ(dynamic_cast<const AddedLosses&>(*m).terms(link).clutter_dB,
                   p2108::height_gain_correction_dB(2.0, 1.5, 27, 15, p2108::ClutterType::Urban));
  EXPECT_NE(m->describe().find("§3.1"), std::string::npos);
  EXPECT_NE(m->describe().find("urban, R = 15 m everywhere"), std::string::npos);
  // Outside §3.1's 0.03-3 GHz: NaN, never another number.
  link.freq_Hz = 28e9;
  EXPECT_TRUE(std::isnan(m->loss_dB(link)));
}

TEST(AddedLosses, StatisticalBothEndsFromOneKilometre) {
  ModelConfig c;
  c.name = "free_space";
  c.added.clutter.model = "p2108-statistical";
  c.added.clutter.ends = "both";
  c.added.clutter.location_percent = 50;
  const auto m = make_path_loss_model(c);
  const auto& a = dynamic_cast<const AddedLosses&>(*m);
  LinkInput link;
  link.freq_Hz = 28e9;
  link.d_m = 1500;
  EXPECT_NEAR(a.terms(link).clutter_dB, 2.0 * p2108_32_median(28.0, 1.5), 1e-9);
  link.d_m = 900;  // once below 1 km
  EXPECT_NEAR(a.terms(link).clutter_dB, p2108_32_median(28.0, 0.9), 1e-9);
  link.d_m = 100;  // taken at the model's 0.25 km
  EXPECT_NEAR(a.terms(link).clutter_dB, p2108_32_median(28.0, 0.25), 1e-9);
}

/// A model that reports a mechanism, to see it pass through the decorator.
class MechanismModel final : public PathLossModel {
 public:
  std::string_view name() const noexcept override { return "mech"; }
  bool uses_profile() const noexcept override { return true; }
  double loss_dB(const LinkInput&) const override { return 100.0; }
  double loss_and_mechanism_dB(const LinkInput&, Mechanism& m) const override {
    m = Mechanism::Diffracted;
    return 100.0;
  }
  bool reports_mechanism() const noexcept override { return true; }
  std::string describe() const override { return "mech"; }
};

TEST(AddedLosses, NameProfileAndMechanismPassThrough) {
  AddedLossesConfig a;
  a.gases.enabled = true;
  a.role = LinkRole::Wanted;
  const AddedLosses m(std::make_unique<MechanismModel>(), a);
  EXPECT_EQ(m.name(), "mech");
  EXPECT_TRUE(m.uses_profile());
  EXPECT_TRUE(m.reports_mechanism());
  LinkInput link;
  link.freq_Hz = 28e9;
  link.d_m = 1000;
  Mechanism mech = Mechanism::None;
  const double with_mech = m.loss_and_mechanism_dB(link, mech);
  EXPECT_EQ(mech, Mechanism::Diffracted);
  EXPECT_EQ(with_mech, m.loss_dB(link));
  EXPECT_GT(with_mech, 100.0);
  EXPECT_EQ(m.describe().rfind("mech + gases: ITU-R P.676-13", 0), 0u) << m.describe();
}

TEST(AddedLosses, RefusesWhatTheModelAlreadyContains) {
  const auto refused = [](const std::string& model, bool clutter, bool gases) -> std::string {
    ModelConfig c;
    c.name = model;
    if (clutter) c.added.clutter.model = "p2108-statistical";
    c.added.gases.enabled = gases;
    try {
      make_path_loss_model(c);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  for (const char* m : {"p1411", "tr38901", "ehata-ntia", "extended-hata"}) {
    const std::string what = refused(m, true, false);
    EXPECT_NE(what.find("propagation.clutter.model: found 'p2108-statistical' with [propagation] "
                        "model = \"" +
                        std::string(m) + "\""),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("count it twice"), std::string::npos) << what;
  }
  for (const char* m : {"p452-18", "p1812"}) {
    EXPECT_NE(refused(m, false, true).find("propagation.gases.model"), std::string::npos) << m;
  }
  EXPECT_EQ(refused("p526", true, true), "");
  EXPECT_EQ(refused("itm", true, true), "");
  EXPECT_EQ(refused("p452-18", true, false), "");  // the adapter has no clutter of its own
}

TEST(RainRateMap, ReadsTheP837LayoutSouthFirstFromMinus180) {
  // A 45-degree grid in the R001.TXT layout: 5 rows (-90, -45, 0, 45, 90), 9 columns
  // (-180 .. 180); value = row * 10 + column.
  std::string text;
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < 9; ++c) text += std::to_string(r * 10 + c) + (c < 8 ? " " : "\n");
  }
  const auto g = itu_maps::LatLonGrid::parse_rain_rate_map(text, "R001-test.txt");
  EXPECT_EQ(g.rows(), 5u);
  EXPECT_EQ(g.cols(), 9u);
  EXPECT_DOUBLE_EQ(g.step_deg(), 45.0);
  EXPECT_DOUBLE_EQ(g.interpolate(-90, -180), 0.0);
  EXPECT_DOUBLE_EQ(g.interpolate(45, 0), 34.0);  // row 3, column 4
  // P.1144-12 bilinear: at (22.5 N, 22.5 E) between rows 2-3 and columns 4-5, half-way: the
  // mean of 24, 25, 34 and 35.
  EXPECT_DOUBLE_EQ(g.interpolate(22.5, 22.5), 29.5);
  // Longitudes east of 180 wrap: 200 E is -160 E.
  EXPECT_DOUBLE_EQ(g.interpolate(0, 200), g.interpolate(0, -160));
  try {
    itu_maps::LatLonGrid::parse_rain_rate_map("1 2 3\n4 5 6\n7 8 9\n", "bad.txt");
    ADD_FAILURE() << "a 3 x 3 grid is not global at one step";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt:1:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace akichi::prop::added_losses_test

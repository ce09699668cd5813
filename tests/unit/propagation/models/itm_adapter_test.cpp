// The "itm" PathLossModel adapter: parameter checks naming the field, equality with the model
// function on the same profile, the NTIA example through the adapter, resampling of a
// non-uniform profile.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/adapters/itm.h"
#include "propagation/models/ntia_itm.h"

namespace akichi::prop::itm_adapter_test {
namespace {

std::vector<double> first_pfl_row() {
  std::ifstream in(std::string(AKICHI_TEST_DATA_DIR) + "/ntia-itm/pfls.csv");
  std::string line;
  std::getline(in, line);
  std::vector<double> row;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, ',')) row.push_back(std::stod(f));
  return row;
}

/// A link at f_Hz between antennas h_tx_m and h_rx_m above the ends of the profile (d, z),
/// whose last distance is the link's length.
LinkInput profile_link(double f_Hz, double h_tx_m, double h_rx_m, const std::vector<double>& d,
                       const std::vector<double>& z) {
  LinkInput link;
  link.freq_Hz = f_Hz;
  link.d_m = d.back();
  link.h_tx_m = h_tx_m;
  link.h_rx_m = h_rx_m;
  link.z_tx_m = z.front();
  link.z_rx_m = z.back();
  link.profile_d_m = d.data();
  link.profile_z_m = z.data();
  link.profile_n = static_cast<int>(d.size());
  return link;
}

std::string error_of(const ItmParams& p) {
  try {
    make_itm_model(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ItmAdapter, ParameterChecksNameTheField) {
  const auto expect_field = [](ItmParams p, const std::string& field) {
    const std::string msg = error_of(p);
    EXPECT_NE(msg.find("propagation.itm." + field), std::string::npos) << field << ": " << msg;
  };
  ItmParams p;
  EXPECT_EQ(error_of(p), "");
  p = {};
  p.climate = 0;
  expect_field(p, "climate");
  p = {};
  p.climate = 8;
  expect_field(p, "climate");
  p = {};
  p.N_0 = 249;
  expect_field(p, "N0");
  p = {};
  p.polarization = "circular";
  expect_field(p, "polarization");
  p = {};
  p.epsilon = 0.5;
  expect_field(p, "epsilon");
  p = {};
  p.epsilon = 1;
  p.polarization = "horizontal";
  expect_field(p, "epsilon");
  p = {};
  p.sigma_S_per_m = 0;
  expect_field(p, "sigma_S_per_m");
  p = {};
  p.mdvar = 4;
  expect_field(p, "mdvar");
  p = {};
  p.mdvar = 34;
  expect_field(p, "mdvar");
  p = {};
  p.time_pct = 0;
  expect_field(p, "time_percent");
  p = {};
  p.location_pct = 100;
  expect_field(p, "location_percent");
  p = {};
  p.situation_pct = -1;
  expect_field(p, "situation_percent");
}

TEST(ItmAdapter, ReproducesTheNtiaExampleOverTheLinkProfile) {
  // p2p.csv case 1: 10 m / 1 m, 230 MHz, vertical, climate 5, mdvar 12, time 50, location 17,
  // situation 23, eps 15, sigma 0.008 -> 207.65 dB.
  const std::vector<double> pfl = first_pfl_row();
  const int np = static_cast<int>(pfl[0]);
  const double xi = pfl[1];
  std::vector<double> d(static_cast<std::size_t>(np + 1));
  std::vector<double> z(pfl.begin() + 2, pfl.end());
  for (int i = 0; i <= np; ++i) d[static_cast<std::size_t>(i)] = i * xi;
  ItmParams c;
  c.climate = 5;
  c.N_0 = 301;
  c.polarization = "vertical";
  c.epsilon = 15;
  c.sigma_S_per_m = 0.008;
  c.mdvar = 12;
  c.time_pct = 50;
  c.location_pct = 17;
  c.situation_pct = 23;
  const auto model = make_itm_model(c);
  EXPECT_EQ(model->name(), "itm");
  EXPECT_TRUE(model->uses_profile());
  LinkInput link = profile_link(230e6, 10, 1, d, z);
  const double L = model->loss_dB(link);
  EXPECT_NEAR(L, 207.65, 0.1);
  itm::ItmParams p;
  p.climate = 5;
  p.N_0 = 301;
  p.f_MHz = 230;
  p.pol = 1;
  p.epsilon = 15;
  p.sigma = 0.008;
  p.mdvar = 12;
  const itm::ItmResult direct =
      itm::p2p_tls(10, 1, itm::profile_from_pfl(pfl.data()), p, 50, 17, 23);
  EXPECT_NEAR(L, direct.A_dB, 1e-6);
  // A second call reuses the scratch and gives the same value.
  EXPECT_EQ(model->loss_dB(link), L);
  // Heights ITM rejects give NaN.
  link.h_tx_m = 0.2;
  EXPECT_TRUE(std::isnan(model->loss_dB(link)));
}

TEST(ItmAdapter, NonUniformProfileIsResampledOntoTheItmGrid) {
  // A piecewise-linear ridge given at irregular distances equals the same ridge given on the
  // uniform grid: linear interpolation reproduces it exactly at the grid points.
  const double D = 20000;
  auto ridge = [&](double x) { return 100 + 80 * std::max(0.0, 1 - std::abs(x - 0.4 * D) / 3000); };
  const int n = 201;
  std::vector<double> du, zu;
  for (int i = 0; i < n; ++i) {
    du.push_back(i * D / (n - 1));
    zu.push_back(ridge(du.back()));
  }
  // Irregular samples: the grid points plus midpoints in the first half, kinks included.
  std::vector<double> di, zi;
  for (int i = 0; i < n; ++i) {
    di.push_back(du[static_cast<std::size_t>(i)]);
    if (i + 1 < n && i < n / 2) di.push_back(du[static_cast<std::size_t>(i)] + 0.5 * D / (n - 1));
  }
  for (double x : di) zi.push_back(ridge(x));
  const auto model = make_itm_model(ItmParams{});
  const LinkInput a = profile_link(3.5e9, 20, 1.5, du, zu);
  // The same number of points is needed for the same ITM grid: compare against the uniform
  // profile with as many points as the irregular one.
  const int m = static_cast<int>(di.size());
  std::vector<double> dm, zm;
  for (int i = 0; i < m; ++i) {
    dm.push_back(i * D / (m - 1));
    zm.push_back(ridge(dm.back()));
  }
  LinkInput b = a;
  b.profile_d_m = di.data();
  b.profile_z_m = zi.data();
  b.profile_n = m;
  LinkInput c = a;
  c.profile_d_m = dm.data();
  c.profile_z_m = zm.data();
  c.profile_n = m;
  const double Lb = model->loss_dB(b);
  const double Lc = model->loss_dB(c);
  ASSERT_TRUE(std::isfinite(Lb));
  // Resampling the irregular ridge: differences only where a grid point falls between samples
  // around a kink (< 1 cm of elevation here); the losses agree to 0.05 dB.
  EXPECT_NEAR(Lb, Lc, 0.05);
  // No profile: the straight line between the ground elevations.
  LinkInput flat = a;
  flat.profile_n = 0;
  flat.profile_d_m = nullptr;
  flat.profile_z_m = nullptr;
  flat.z_tx_m = flat.z_rx_m = 100;
  EXPECT_TRUE(std::isfinite(model->loss_dB(flat)));
  EXPECT_NE(model->describe().find("climate 5"), std::string::npos);
}

TEST(ItmAdapter, AProfileOnTheItmGridIsReadAsItIs) {
  // The engine's places k (L (1 / np)), within rounding of ITM's i (L / np): ITM over the
  // profile's own elevations, to the bit. Elevations from 0.3 m to 700 m, where interpolating
  // at places off by rounding would move them.
  const int np = 150;
  const double D = 11111.1, inv = 1.0 / np;
  std::vector<double> d, z;
  for (int k = 0; k <= np; ++k) {
    d.push_back(k * (D * inv));
    z.push_back(k % 7 == 0 ? 0.3 : 700.0 * std::abs(std::sin(0.37 * k)));
  }
  d.back() = D;
  int off_grid = 0;
  for (int k = 0; k <= np; ++k) off_grid += d[static_cast<std::size_t>(k)] != k * (D / np) ? 1 : 0;
  ASSERT_GT(off_grid, 0);  // the case the adapter must recognise
  const LinkInput link = profile_link(900e6, 30, 1.5, d, z);
  const ItmParams config;
  itm::ItmParams p;
  p.climate = config.climate;
  p.N_0 = config.N_0;
  p.pol = 1;
  p.epsilon = config.epsilon;
  p.sigma = config.sigma_S_per_m;
  p.mdvar = config.mdvar;
  p.f_MHz = 900;
  const itm::ItmResult r = itm::p2p_tls(30, 1.5, itm::ItmProfile{np, D / np, z.data()}, p,
                                        config.time_pct, config.location_pct, config.situation_pct);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(make_itm_model(config)->loss_dB(link), r.A_dB);
  // Places off the grid by more than rounding are interpolated: a different loss.
  d[1] += 0.25 * (D / np);
  EXPECT_NE(make_itm_model(config)->loss_dB(link), r.A_dB);
}

}  // namespace
}  // namespace akichi::prop::itm_adapter_test

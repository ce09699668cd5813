// Vacancy reduction against closed forms: flat earth + free space + isotropic antennas give the
// maximum EIRP of every cell as  I_lim + L_fs(d) - G_inc + C  (capped at the system maximum).
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/terrain.h"
#include "sim/analysis/vacancy.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim::vacancy_test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

prop::StudyGrid grid() {
  prop::StudyGrid g;
  g.x0_m = 400000;
  g.y0_m = 3900000;
  g.cell_m = 20;
  g.nx = 40;
  g.ny = 30;
  g.heights_m = {10.0, 25.0};  // candidate antenna heights of the new base station
  return g;
}

/// ITU-R P.525-4 eq. (4) written out: L = 20 log10(4 pi d / lambda).
double free_space_dB(double f_Hz, double d_m) {
  return 20.0 * std::log10(4.0 * std::numbers::pi * d_m * f_Hz / 299792458.0);
}

prop::ModelConfig free_space() {
  prop::ModelConfig c;
  c.name = "free_space";
  return c;
}

struct Fixture {
  prop::StudyGrid g = grid();
  prop::TerrainGrid terrain =
      prop::make_flat_terrain({{g.extent().xmin_m - 40, g.extent().ymin_m - 40,
                                g.extent().xmax_m + 40, g.extent().ymax_m + 40},
                               20},
                              12.0);
  std::unique_ptr<prop::PathLossModel> model = prop::make_path_loss_model(free_space());
  prop::AreaContext ctx{g, terrain, *model, 20.0};

  std::vector<float> coupling(const prop::Transmitter& tx, double gain_dBi) {
    prop::AntennaConfig a;
    a.gain_dBi = gain_dBi;
    const auto ant = prop::make_antenna(a);
    std::vector<float> k(g.heights_m.size() * g.cells());
    prop::compute_coupling(tx, *ant, ctx, k);
    return k;
  }
};

/// Two cubes equal bit for bit: every value, binding receiver and usable flag.
void expect_same_cube(const VacancyCube& a, const VacancyCube& b) {
  ASSERT_EQ(a.max_eirp_dBm.size(), b.max_eirp_dBm.size());
  EXPECT_EQ(std::memcmp(a.max_eirp_dBm.data(), b.max_eirp_dBm.data(), a.max_eirp_dBm.size() * 4),
            0);
  ASSERT_EQ(a.interference_dBm.size(), b.interference_dBm.size());
  EXPECT_EQ(std::memcmp(a.interference_dBm.data(), b.interference_dBm.data(),
                        a.interference_dBm.size() * 4),
            0);
  EXPECT_EQ(a.binding, b.binding);
  EXPECT_EQ(a.usable, b.usable);
}

TEST(Vacancy, FlatEarthFreeSpaceIsotropicMatchesClosedFormCellByCell) {
  Fixture f;
  // A public-service receiver: 4700-4800 MHz, I/N = -6 dB, NF 5 dB, 3 dBi, 15 m high, 2 dB
  // feeder loss, at a cell centre of the study area.
  const prop::Transmitter inc{f.g.x(7), f.g.y(11), 15.0, 4750e6};
  const double g_inc = 3.0, feeder = 2.0;
  const double i_lim = thermal_noise_dBm(100e6, 5.0) - 6.0;
  const auto k = f.coupling(inc, g_inc);

  // Channels of the newcomer: co-channel, half overlapping (C = 10 log10 2), adjacent with an
  // ACIR of 33 dB. The candidate antenna: omnidirectional, 5 dBi (G_max,new - G_new = 0).
  const std::vector<double> c_dB{0.0, 10.0 * std::log10(2.0), 33.0};
  VacancyReceiver r;
  r.station = 0;
  for (double c : c_dB) r.a_dB.push_back(i_lim + feeder + c);
  VacancyParams p;
  p.max_eirp_dBm = 0.0;  // reached beyond about 300 m
  p.min_useful_eirp_dBm = -10.0;
  p.newcomer_limit_dBm = {-100.0, -100.0, -100.0};
  const std::vector<std::span<const float>> tensors{k};
  const VacancyCube cube =
      compute_vacancy(tensors, f.g.heights_m.size(), f.g.cells(), {ActiveSet{{r}, {}}}, 3, p);

  int capped = 0, limited = 0;
  for (std::size_t ch = 0; ch < 3; ++ch) {
    for (std::size_t h = 0; h < f.g.heights_m.size(); ++h) {
      for (int iy = 0; iy < f.g.ny; ++iy) {
        for (int ix = 0; ix < f.g.nx; ++ix) {
          const double dx = f.g.x(ix) - inc.x_m, dy = f.g.y(iy) - inc.y_m;
          const double dz = f.g.heights_m[h] - inc.h_m;  // flat earth: heights differ only
          const double d = std::sqrt(std::max(dx * dx + dy * dy, 1.0) + dz * dz);
          const double expected = std::min(
              p.max_eirp_dBm, i_lim + feeder + c_dB[ch] + free_space_dB(4750e6, d) - g_inc);
          const std::size_t i = cube.index(0, ch, h) + static_cast<std::size_t>(iy * f.g.nx + ix);
          ASSERT_NEAR(cube.max_eirp_dBm[i], expected, 2e-4)
              << ch << " " << h << " " << ix << " " << iy;
          if (expected < p.max_eirp_dBm - 1e-3) {
            EXPECT_EQ(cube.binding[i], 0);
            ++limited;
          } else if (expected >= p.max_eirp_dBm) {
            EXPECT_EQ(cube.binding[i], kNoBinding);
            ++capped;
          }
          EXPECT_EQ(cube.usable[i], cube.max_eirp_dBm[i] >= -10.0f ? 1 : 0);
          EXPECT_TRUE(std::isinf(cube.interference_dBm[i]) && cube.interference_dBm[i] < 0);
        }
      }
    }
  }
  // The grid spans both regimes: cells limited by the receiver, and far cells at the cap.
  EXPECT_GT(limited, 100);
  EXPECT_GT(capped, 100);
}

TEST(Vacancy, BindingReceiverIsTheStrictestAndInactiveOnesDoNotCount) {
  Fixture f;
  const auto k0 = f.coupling({f.g.x(5), f.g.y(5), 20.0, 4650e6}, 0.0);
  const auto k1 = f.coupling({f.g.x(34), f.g.y(24), 20.0, 4650e6}, 0.0);
  const std::vector<std::span<const float>> tensors{k0, k1};
  VacancyParams p;
  p.max_eirp_dBm = 1e3;  // never binding
  p.min_useful_eirp_dBm = -1e3;
  p.newcomer_limit_dBm = {kInf};
  const VacancyReceiver r0{0, {-110.0}}, r1{1, {-104.0}};
  // Set 0: both on. Set 1: only receiver 1. Set 2: nobody (cap everywhere).
  const std::vector<ActiveSet> sets{{{r0, r1}, {}}, {{r1}, {}}, {}};
  const VacancyCube cube = compute_vacancy(tensors, 2, f.g.cells(), sets, 1, p);
  for (std::size_t h = 0; h < 2; ++h) {
    for (std::size_t c = 0; c < f.g.cells(); ++c) {
      const std::size_t i = h * f.g.cells() + c;
      const double l0 = -110.0 - k0[i], l1 = -104.0 - k1[i];
      const std::size_t both = cube.index(0, 0, h) + c, only1 = cube.index(1, 0, h) + c,
                        none = cube.index(2, 0, h) + c;
      EXPECT_FLOAT_EQ(cube.max_eirp_dBm[both], static_cast<float>(std::min(l0, l1)));
      EXPECT_EQ(cube.binding[both], l0 <= l1 ? 0 : 1);
      EXPECT_FLOAT_EQ(cube.max_eirp_dBm[only1], static_cast<float>(l1));
      EXPECT_EQ(cube.binding[only1], 1);
      EXPECT_FLOAT_EQ(cube.max_eirp_dBm[none], 1e3f);
      EXPECT_EQ(cube.binding[none], kNoBinding);
    }
  }
}

TEST(Vacancy, ReceivedInterferenceIsThePowerSumOfTheTransmitters) {
  Fixture f;
  const auto k0 = f.coupling({f.g.x(3), f.g.y(20), 30.0, 4750e6}, 6.0);
  const auto k1 = f.coupling({f.g.x(30), f.g.y(4), 30.0, 4750e6}, 6.0);
  const std::vector<std::span<const float>> tensors{k0, k1};
  VacancyParams p;
  p.max_eirp_dBm = 40.0;
  p.min_useful_eirp_dBm = 20.0;
  p.newcomer_limit_dBm = {-45.0, -60.0};
  // b_jk = EIRP_j - G_max,j - C(j -> k): 50 dBm EIRP, 6 dBi; channel 1 is 20 dB further away.
  const VacancyTransmitter t0{0, {50.0 - 6.0, 50.0 - 6.0 - 20.0}};
  const VacancyTransmitter t1{1, {47.0 - 6.0, 47.0 - 6.0 - 20.0}};
  const VacancyCube cube = compute_vacancy(tensors, 2, f.g.cells(), {{{}, {t0, t1}}}, 2, p);
  int usable = 0, blocked = 0;
  for (std::size_t ch = 0; ch < 2; ++ch) {
    for (std::size_t i = 0; i < 2 * f.g.cells(); ++i) {
      const double mw = std::pow(10.0, (t0.b_dB[ch] + k0[i]) / 10.0) +
                        std::pow(10.0, (t1.b_dB[ch] + k1[i]) / 10.0);
      const std::size_t j = cube.index(0, ch, 0) + i;
      ASSERT_NEAR(cube.interference_dBm[j], 10.0 * std::log10(mw), 1e-4);
      EXPECT_FLOAT_EQ(cube.max_eirp_dBm[j], 40.0f);  // no receiver to protect
      const bool ok = cube.interference_dBm[j] <= static_cast<float>(p.newcomer_limit_dBm[ch]);
      EXPECT_EQ(cube.usable[j], ok ? 1 : 0);
      (ok ? usable : blocked) += 1;
    }
  }
  EXPECT_GT(usable, 0);
  EXPECT_GT(blocked, 0);
}

TEST(Vacancy, OneThreadAndTwoThreadsGiveIdenticalBits) {
  Fixture f;
  const auto k0 = f.coupling({f.g.x(5), f.g.y(5), 20.0, 4650e6}, 2.0);
  const auto k1 = f.coupling({f.g.x(34), f.g.y(24), 20.0, 4650e6}, 2.0);
  const std::vector<std::span<const float>> tensors{k0, k1};
  VacancyParams p;
  p.max_eirp_dBm = 30.0;
  p.min_useful_eirp_dBm = 0.0;
  p.newcomer_limit_dBm = {-90.0, -95.0};
  const std::vector<ActiveSet> sets{{{{0, {-110.0, -80.0}}}, {{1, {40.0, 20.0}}}},
                                    {{{0, {-110.0, -80.0}}, {1, {-100.0, kInf}}}, {}}};
  auto run = [&](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
    return compute_vacancy(tensors, 2, f.g.cells(), sets, 2, p);
  };
  const VacancyCube a = run(1), b = run(2);
  expect_same_cube(a, b);
  EXPECT_EQ(vacancy_evaluations(sets, 2, 2, f.g.cells()), 4u * 2 * 2 * f.g.cells());
}

TEST(Vacancy, SetsSharingTheirTransmittersHaveEachTheirOwnCubesBits) {
  // Sets 0 and 2 have the same transmitters (their interference is reduced once and shared),
  // set 1 others, set 3 the same stations as 0 with another scale on one channel, set 4 the
  // receivers of set 0 (its maximum EIRP and binding shared) and the transmitters of set 1;
  // each set's slice of the cube of all five equals the cube of that set alone, with both
  // kernels, and so does the best-azimuth fold's.
  Fixture f;
  const auto k0 = f.coupling({f.g.x(5), f.g.y(5), 20.0, 4650e6}, 2.0);
  const auto k1 = f.coupling({f.g.x(34), f.g.y(24), 20.0, 4650e6}, 2.0);
  const auto k2 = f.coupling({f.g.x(20), f.g.y(3), 30.0, 4650e6}, 5.0);
  const std::vector<std::span<const float>> tensors{k0, k1, k2};
  VacancyParams p;
  p.max_eirp_dBm = 20.0;
  p.min_useful_eirp_dBm = 0.0;
  p.newcomer_limit_dBm = {-90.0, -95.0};
  const std::vector<ActiveSet> sets{{{{0, {-110.0, -80.0}}}, {{1, {40.0, 20.0}}, {2, {10.0, 0.0}}}},
                                    {{{0, {-100.0, -90.0}}}, {{2, {10.0, 0.0}}}},
                                    {{{0, {-95.0, -85.0}}}, {{1, {40.0, 20.0}}, {2, {10.0, 0.0}}}},
                                    {{}, {{1, {40.0, 21.0}}, {2, {10.0, 0.0}}}},
                                    {{{0, {-110.0, -80.0}}}, {{2, {10.0, 0.0}}}}};
  const std::size_t n = 2 * f.g.cells(), nch = 2;
  for (const bool avx2 : {true, false}) {
    VacancyParams q = p;
    q.allow_avx2 = avx2;
    const VacancyCube all = compute_vacancy(tensors, 2, f.g.cells(), sets, nch, q);
    const auto none = [](double) {};
    const VacancyCube best_all =
        best_azimuth_vacancy(2, 90.0, none, tensors, 2, f.g.cells(), sets, nch, q);
    for (std::size_t s = 0; s < sets.size(); ++s) {
      const std::vector<ActiveSet> one{sets[s]};
      const VacancyCube own = compute_vacancy(tensors, 2, f.g.cells(), one, nch, q);
      const VacancyCube best_own =
          best_azimuth_vacancy(2, 90.0, none, tensors, 2, f.g.cells(), one, nch, q);
      const std::size_t at = s * nch * n, len = nch * n;
      for (const auto& [cube, ref] : {std::pair{&all, &own}, std::pair{&best_all, &best_own}}) {
        EXPECT_EQ(
            std::memcmp(cube->interference_dBm.data() + at, ref->interference_dBm.data(), len * 4),
            0)
            << "set " << s << (avx2 ? " avx2" : " portable");
        EXPECT_EQ(std::memcmp(cube->max_eirp_dBm.data() + at, ref->max_eirp_dBm.data(), len * 4),
                  0);
        EXPECT_TRUE(std::equal(ref->usable.begin(), ref->usable.end(), cube->usable.begin() + at));
        EXPECT_TRUE(
            std::equal(ref->binding.begin(), ref->binding.end(), cube->binding.begin() + at));
      }
    }
    // Sets 0 and 2 share one interference; set 3's differs on its second channel only.
    EXPECT_EQ(std::memcmp(all.interference_dBm.data(), all.interference_dBm.data() + 2 * nch * n,
                          nch * n * 4),
              0);
    EXPECT_EQ(
        std::memcmp(all.interference_dBm.data(), all.interference_dBm.data() + 3 * nch * n, n * 4),
        0);
    EXPECT_NE(std::memcmp(all.interference_dBm.data() + n,
                          all.interference_dBm.data() + 3 * nch * n + n, n * 4),
              0);
    // Set 4's maximum EIRP is set 0's, its interference set 1's.
    EXPECT_EQ(
        std::memcmp(all.max_eirp_dBm.data(), all.max_eirp_dBm.data() + 4 * nch * n, nch * n * 4),
        0);
    EXPECT_EQ(std::memcmp(all.interference_dBm.data() + nch * n,
                          all.interference_dBm.data() + 4 * nch * n, nch * n * 4),
              0);
  }
}

TEST(Vacancy, Avx2AndPortableKernelsGiveIdenticalBits) {
  // Three receivers (two with the same limit from the same place: ties), two transmitters, a
  // channel one receiver cannot hear and one where a transmitter puts no power, on a grid whose
  // runs end in partial vectors (1200 cells a height).
  Fixture f;
  const auto k0 = f.coupling({f.g.x(5), f.g.y(5), 20.0, 4650e6}, 2.0);
  const auto k1 = f.coupling({f.g.x(34), f.g.y(24), 20.0, 4650e6}, 2.0);
  const auto k2 = f.coupling({f.g.x(20), f.g.y(3), 30.0, 4650e6}, 5.0);
  const std::vector<std::span<const float>> tensors{k0, k1, k2, k0};
  VacancyParams p;
  p.max_eirp_dBm = 20.0;
  p.min_useful_eirp_dBm = 0.0;
  p.newcomer_limit_dBm = {-90.0, -95.0, -100.0};
  const std::vector<ActiveSet> sets{
      {{{0, {-110.0, -80.0, -95.0}}, {1, {-100.0, kInf, -90.0}}, {3, {-110.0, -70.0, -95.0}}},
       {{2, {40.0, 20.0, -kInf}}, {1, {10.0, 0.0, 5.0}}}},
      {{{1, {-100.0, -80.0, -75.0}}}, {}}};
  auto run = [&](bool avx2) {
    VacancyParams q = p;
    q.allow_avx2 = avx2;
    return compute_vacancy(tensors, 2, f.g.cells(), sets, 3, q);
  };
  const VacancyCube a = run(true), b = run(false);
  expect_same_cube(a, b);
  // The cube holds every case: the cap, each receiver binding (3 ties with 0: never binds), no
  // transmitter (-inf), usable and unusable cells.
  std::size_t capped = 0, by0 = 0, by1 = 0, by3 = 0, no_tx = 0, usable = 0;
  for (std::size_t i = 0; i < a.binding.size(); ++i) {
    capped += a.binding[i] == kNoBinding;
    by0 += a.binding[i] == 0;
    by1 += a.binding[i] == 1;
    by3 += a.binding[i] == 3;
    no_tx += a.interference_dBm[i] == -std::numeric_limits<float>::infinity();
    usable += a.usable[i];
  }
  EXPECT_GT(capped, 0u);
  EXPECT_GT(by0, 0u);
  EXPECT_GT(by1, 0u);
  EXPECT_EQ(by3, 0u);
  EXPECT_EQ(no_tx, a.n_channels * a.n_heights * a.n_cells);
  EXPECT_GT(usable, 0u);
  EXPECT_LT(usable, a.usable.size());
}

}  // namespace
}  // namespace akichi::sim::vacancy_test

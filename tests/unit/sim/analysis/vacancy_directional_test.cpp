// The vacancy search with a directional candidate against a hand computation: one protected
// receiver (or one transmitter), one channel, a known coupling tensor, a flat earth and a
// 3GPP TR 38.901 element as the candidate, its gain written out here from Table 7.3-1.
//   max_eirp(cell) = min(EIRP_sys, a - (K(cell) - (G_max,new - G_new(dir(cell)))))
//   I_new(cell)    = b + K_j(cell) - (G_max,new - G_new(dir_j(cell)))
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "propagation/antenna/antenna.h"
#include "propagation/terrain/terrain.h"
#include "sim/analysis/vacancy.h"

namespace akichi::sim::vacancy_directional_test {
namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

prop::StudyGrid grid() {
  prop::StudyGrid g;
  g.x0_m = 1000;
  g.y0_m = 2000;
  g.cell_m = 25;
  g.nx = 12;
  g.ny = 9;
  g.heights_m = {6.0, 15.0};
  return g;
}

/// TR 38.901 Table 7.3-1 element, downtilt 0: theta' = 90 - elevation, phi' = bearing - azimuth.
double element_dBi(double bearing, double elevation, double azimuth) {
  double phi = std::fmod(bearing - azimuth + 540.0, 360.0) - 180.0;
  const double A_H = -std::min(12 * std::pow(phi / 65, 2), 30.0);
  const double A_V = -std::min(12 * std::pow(-elevation / 65, 2), 30.0);
  return 8 - std::min(-(A_H + A_V), 30.0);
}

struct Case {
  prop::StudyGrid g = grid();
  prop::TerrainGrid terrain = prop::make_flat_terrain(
      {{g.x0_m - 50, g.y0_m - 50, g.x0_m + g.nx* g.cell_m + 50, g.y0_m + g.ny* g.cell_m + 50}, 25},
      40.0);
  // The station (receiver or transmitter) east of the grid, 30 m up.
  double xs = 1500, ys = 2100, hs = 30;
  std::size_t n = g.heights_m.size() * g.cells();
  std::vector<float> coupling = [&] {
    std::vector<float> k(n);
    for (std::size_t i = 0; i < n; ++i) k[i] = static_cast<float>(-95.0 - 0.05 * i);
    return k;
  }();
  std::vector<float> bearing = std::vector<float>(n), elevation = std::vector<float>(n);

  Case() { candidate_directions(g, terrain, xs, ys, hs, bearing, elevation); }

  /// The hand direction from cell (ix, iy) at height index h to the station.
  std::pair<double, double> direction(int ix, int iy, std::size_t h) const {
    const double x = g.x(ix), y = g.y(iy);
    double b = std::atan2(xs - x, ys - y) * kDeg;
    if (b < 0) b += 360;
    const double d = std::hypot(xs - x, ys - y);
    const double e = std::atan2((40 + hs) - (40 + g.heights_m[h]), d) * kDeg;
    return {b, e};
  }
};

prop::AntennaConfig sector(double azimuth) {
  prop::AntennaConfig a;
  a.type = "3gpp_sector";
  a.gain_dBi = 8;
  a.azimuth_deg = azimuth;
  return a;
}

TEST(VacancyDirectional, DirectionsAreTheHandGeometry) {
  const Case c;
  for (std::size_t h = 0; h < 2; ++h)
    for (int iy = 0; iy < c.g.ny; iy += 4)
      for (int ix = 0; ix < c.g.nx; ix += 5) {
        const auto [b, e] = c.direction(ix, iy, h);
        const std::size_t i = h * c.g.cells() + static_cast<std::size_t>(iy * c.g.nx + ix);
        EXPECT_NEAR(c.bearing[i], b, 1e-4);
        EXPECT_NEAR(c.elevation[i], e, 1e-4);
      }
}

TEST(VacancyDirectional, ProtectedReceiverHandComputation) {
  const Case c;
  const double azimuth = 70;  // the candidate's boresight, roughly towards the receiver
  const auto ant = prop::make_antenna(sector(azimuth));
  std::vector<float> adjusted(c.n);
  candidate_coupling(c.coupling, c.bearing, c.elevation, *ant, 0.0, adjusted);
  const double a = -70.0;  // a_ik = I_lim + F + C - T (the candidate's G_max - G_new taken out)
  const double cap = 32.0;
  ActiveSet set;
  set.receivers.push_back({0, {a}});
  VacancyParams params;
  params.max_eirp_dBm = cap;
  params.min_useful_eirp_dBm = 0;
  params.newcomer_limit_dBm = {-100};
  const VacancyCube cube = compute_vacancy({std::span<const float>(adjusted)}, c.g.heights_m.size(),
                                           c.g.cells(), {set}, 1, params);
  int capped = 0, limited = 0;
  for (std::size_t h = 0; h < 2; ++h)
    for (int iy = 0; iy < c.g.ny; ++iy)
      for (int ix = 0; ix < c.g.nx; ++ix) {
        const std::size_t i = h * c.g.cells() + static_cast<std::size_t>(iy * c.g.nx + ix);
        const auto [b, e] = c.direction(ix, iy, h);
        const double G_new = element_dBi(b, e, azimuth);
        const double expected = std::min(cap, a - (c.coupling[i] - (8.0 - G_new)));
        EXPECT_NEAR(cube.max_eirp_dBm[i], expected, 2e-4) << ix << " " << iy << " " << h;
        (expected == cap ? capped : limited)++;
      }
  EXPECT_GT(capped, 0);
  EXPECT_GT(limited, 0);
}

TEST(VacancyDirectional, ReceivedInterferenceHandComputation) {
  const Case c;
  const double azimuth = 60;
  const auto ant = prop::make_antenna(sector(azimuth));
  std::vector<float> adjusted(c.n);
  candidate_coupling(c.coupling, c.bearing, c.elevation, *ant, 0.0, adjusted);
  const double b_jk = 30.0;  // EIRP_j - G_max,j - C + T + G_max,new
  ActiveSet set;
  set.transmitters.push_back({0, {b_jk}});
  VacancyParams params;
  params.max_eirp_dBm = 40;
  params.min_useful_eirp_dBm = 0;
  params.newcomer_limit_dBm = {-100};
  const VacancyCube cube = compute_vacancy({std::span<const float>(adjusted)}, c.g.heights_m.size(),
                                           c.g.cells(), {set}, 1, params);
  for (std::size_t h = 0; h < 2; ++h)
    for (int iy = 0; iy < c.g.ny; ++iy)
      for (int ix = 0; ix < c.g.nx; ++ix) {
        const std::size_t i = h * c.g.cells() + static_cast<std::size_t>(iy * c.g.nx + ix);
        const auto [b, e] = c.direction(ix, iy, h);
        const double expected = b_jk + c.coupling[i] - (8.0 - element_dBi(b, e, azimuth));
        EXPECT_NEAR(cube.interference_dBm[i], expected, 2e-3);
        if (std::abs(expected + 100) > 0.01) {
          EXPECT_EQ(cube.usable[i], expected <= -100 ? 1 : 0);
        }
      }
}

TEST(VacancyDirectional, IsotropicCandidateLeavesTheCouplingUnchanged) {
  const Case c;
  prop::AntennaConfig iso;
  iso.gain_dBi = 3;
  const auto ant = prop::make_antenna(iso);
  std::vector<float> adjusted(c.n);
  candidate_coupling(c.coupling, c.bearing, c.elevation, *ant, 123.0, adjusted);
  EXPECT_EQ(adjusted, c.coupling);  // G_max - G_new = 0 exactly: the omnidirectional cube
}

TEST(VacancyDirectional, BestAzimuthTurnsTheBackLobeToTheReceiver) {
  const Case c;
  const auto ant = prop::make_antenna(sector(0));
  ActiveSet set;
  set.receivers.push_back({0, {-70.0}});
  VacancyParams params;
  params.max_eirp_dBm = 90;  // never the cap: every cell is limited by the receiver
  params.min_useful_eirp_dBm = 0;
  params.newcomer_limit_dBm = {-100};
  VacancyCube best;
  std::vector<float> adjusted(c.n);
  std::vector<std::vector<float>> per_azimuth;
  for (int k = 0; k < 12; ++k) {
    candidate_coupling(c.coupling, c.bearing, c.elevation, *ant, 30.0 * k, adjusted);
    VacancyCube cube = compute_vacancy({std::span<const float>(adjusted)}, c.g.heights_m.size(),
                                       c.g.cells(), {set}, 1, params);
    per_azimuth.emplace_back(cube.max_eirp_dBm.begin(), cube.max_eirp_dBm.end());
    keep_best_azimuth(best, std::move(cube), static_cast<float>(30.0 * k));
  }
  ASSERT_EQ(best.azimuth_deg.size(), c.n);
  for (std::size_t i = 0; i < c.n; ++i) {
    // The kept azimuth gives the largest max EIRP of the twelve, the first of equals.
    float top = per_azimuth[0][i];
    int arg = 0;
    for (int k = 1; k < 12; ++k)
      if (per_azimuth[static_cast<std::size_t>(k)][i] > top) {
        top = per_azimuth[static_cast<std::size_t>(k)][i];
        arg = k;
      }
    EXPECT_EQ(best.max_eirp_dBm[i], top);
    EXPECT_EQ(best.azimuth_deg[i], 30.0f * static_cast<float>(arg));
    // That azimuth puts the receiver at least 90 degrees off boresight (the element's
    // attenuation grows with the offset up to the 30 dB floor).
    const double off =
        std::abs(std::fmod(c.bearing[i] - best.azimuth_deg[i] + 540.0, 360.0) - 180.0);
    EXPECT_GE(off, 90.0) << i;
  }
  // best_azimuth_vacancy(): the same search with one cube reused for the azimuths after the
  // first, every array of the cube bit for bit.
  const VacancyCube search = best_azimuth_vacancy(
      12, 30.0,
      [&](double azimuth) {
        candidate_coupling(c.coupling, c.bearing, c.elevation, *ant, azimuth, adjusted);
      },
      {std::span<const float>(adjusted)}, c.g.heights_m.size(), c.g.cells(), {set}, 1, params);
  const auto same = [](const auto& a, const auto& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])) == 0;
  };
  EXPECT_TRUE(same(search.max_eirp_dBm, best.max_eirp_dBm));
  EXPECT_TRUE(same(search.binding, best.binding));
  EXPECT_TRUE(same(search.interference_dBm, best.interference_dBm));
  EXPECT_TRUE(same(search.usable, best.usable));
  EXPECT_TRUE(same(search.azimuth_deg, best.azimuth_deg));
}

}  // namespace
}  // namespace akichi::sim::vacancy_directional_test

// [vacancy] antenna through the scenario reader and the sharing run: an isotropic candidate
// given as an antenna table gives the omnidirectional cube bit for bit, a sector candidate
// matches the hand formula at the receiver's cells, azimuth = "best" reports the azimuth, and bad
// input is refused with located messages.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::vacancy_candidate_run_test {
namespace {

constexpr const char* kBase = R"(
[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900600
cell_size_m = 30
rx_heights_m = [10.0, 20.0]

[terrain]
source = "flat"

[propagation]
model = "free_space"

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100

[[incumbent]]
id = "rx"
x_m = 400150
y_m = 3900450
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
i_over_n_dB = -10

[[incumbent]]
id = "tx"
x_m = 400500
y_m = 3900100
height_m = 25
freq_lo_MHz = 4800
freq_hi_MHz = 4900
eirp_dBm = 50

[vacancy]
max_eirp_dBm = 60
min_useful_eirp_dBm = 5
)";

std::string with(const std::string& extra) {
  return std::string(kBase) + extra;
}

SharingRun run(const Scenario& sc) {
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  SilentProgress progress;
  return run_sharing(sc, terrain, nullptr, progress);
}

TEST(VacancyCandidateRun, IsotropicAntennaTableIsTheOmnidirectionalCandidate) {
  const Scenario omni = parse_scenario(with("antenna_gain_dBi = 3\n"), "omni.toml");
  const Scenario table =
      parse_scenario(with("antenna = { type = \"isotropic\", gain_dBi = 3 }\n"), "table.toml");
  ASSERT_TRUE(table.sharing.vacancy.antenna.has_value());
  EXPECT_EQ(table.sharing.vacancy.antenna_gain_dBi, 3.0);
  const SharingRun a = run(omni), b = run(table);
  EXPECT_EQ(a.vacancy.max_eirp_dBm, b.vacancy.max_eirp_dBm);
  EXPECT_EQ(a.vacancy.binding, b.vacancy.binding);
  EXPECT_EQ(a.vacancy.interference_dBm, b.vacancy.interference_dBm);
  EXPECT_EQ(a.vacancy.usable, b.vacancy.usable);
  EXPECT_TRUE(a.candidate_antenna.empty());
  EXPECT_EQ(b.candidate_antenna, "isotropic 3 dBi");
}

TEST(VacancyCandidateRun, SectorCandidateAgainstTheOmnidirectionalCube) {
  // The same maximum gain omnidirectionally and as a sector: where the receiver binds, the
  // sector allows exactly G_max - G_new(direction towards the receiver) more, computed here.
  const std::string sector =
      "antenna = { type = \"f1336\", variant = \"sector-peak\", gain_dBi = 15, azimuth_deg = "
      "45 }\n";
  const Scenario omni = parse_scenario(with("antenna_gain_dBi = 15\n"), "omni.toml");
  const Scenario dir = parse_scenario(with(sector), "dir.toml");
  EXPECT_EQ(dir.sharing.vacancy.antenna_gain_dBi, 15.0);
  EXPECT_EQ(dir.sharing.vacancy.antenna->freq_Hz, 4750e6);  // centre of the plan's span
  const SharingRun a = run(omni), b = run(dir);
  const auto candidate = prop::make_antenna(*dir.sharing.vacancy.antenna);
  const prop::StudyGrid& g = dir.grid;
  std::size_t checked = 0;
  // Channel 4700-4800 (index 1) is the receiver's; the transmitter is off it. Slot 0.
  const std::size_t ch = 1;
  for (std::size_t h = 0; h < g.heights_m.size(); ++h)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::size_t i = a.vacancy.index(0, ch, h) + static_cast<std::size_t>(iy * g.nx + ix);
        if (a.vacancy.binding[i] != 0 || b.vacancy.binding[i] != 0) continue;
        const double dx = 400150 - g.x(ix), dy = 3900450 - g.y(iy);
        double bearing = std::atan2(dx, dy) * 180 / std::numbers::pi;
        if (bearing < 0) bearing += 360;
        const double elevation =
            std::atan2(20 - g.heights_m[h], std::max(std::hypot(dx, dy), 1.0)) * 180 /
            std::numbers::pi;
        const double D = 15 - candidate->gain_dBi(bearing, elevation);
        EXPECT_NEAR(b.vacancy.max_eirp_dBm[i], a.vacancy.max_eirp_dBm[i] + D, 2e-3) << i;
        ++checked;
      }
  EXPECT_GT(checked, 100u);
}

TEST(VacancyCandidateRun, BestAzimuthIsReported) {
  const Scenario sc =
      parse_scenario(with("antenna = { type = \"3gpp_sector\", gain_dBi = 12, hpbw_h_deg = 60 }\n"
                          "azimuth = \"best\"\nazimuth_step_deg = 30\n"),
                     "best.toml");
  EXPECT_TRUE(sc.sharing.vacancy.best_azimuth);
  const SharingRun r = run(sc);
  ASSERT_EQ(r.vacancy.azimuth_deg.size(), r.vacancy.max_eirp_dBm.size());
  const std::size_t per = sc.grid.cells();
  // Every kept azimuth is on the 30-degree grid; and the best max EIRP is never below the
  // one of a fixed azimuth 0 (the first candidate of the search).
  const Scenario fixed = parse_scenario(
      with("antenna = { type = \"3gpp_sector\", gain_dBi = 12, hpbw_h_deg = 60 }\n"), "f.toml");
  const SharingRun f = run(fixed);
  for (std::size_t i = 0; i < r.vacancy.azimuth_deg.size(); ++i) {
    EXPECT_EQ(std::fmod(r.vacancy.azimuth_deg[i], 30.0f), 0.0f);
    EXPECT_GE(r.vacancy.max_eirp_dBm[i], f.vacancy.max_eirp_dBm[i]);
  }
  // Near the receiver (channel 1, height 0) the candidate turns away from it.
  const std::size_t i = r.vacancy.index(0, 1, 0) + static_cast<std::size_t>(15 * sc.grid.nx + 3);
  (void)per;
  EXPECT_LT(r.vacancy.max_eirp_dBm[i], 60.0f);
  const double bearing_to_rx =
      std::atan2(400150 - sc.grid.x(3), 3900450 - sc.grid.y(15)) * 180 / std::numbers::pi;
  const double off =
      std::abs(std::fmod(bearing_to_rx - r.vacancy.azimuth_deg[i] + 540.0, 360.0) - 180.0);
  EXPECT_GE(off, 90.0);
}

void expect_error(const std::string& text, const std::vector<std::string>& parts) {
  try {
    parse_scenario(text, "dir/s.toml");
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    for (const auto& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

TEST(VacancyCandidateRun, BadInputIsRefused) {
  expect_error(with("antenna_gain_dBi = 3\nantenna = { type = \"isotropic\" }\n"),
               {"dir/s.toml:", "vacancy.antenna_gain_dBi", "one of them"});
  expect_error(with("azimuth = \"best\"\n"), {"vacancy.azimuth", "without an antenna table"});
  expect_error(with("antenna = { type = \"3gpp_sector\", azimuth_deg = 10 }\nazimuth = \"best\"\n"),
               {"vacancy.azimuth", "one of them"});
  expect_error(with("antenna = { type = \"3gpp_sector\" }\nazimuth = \"north\"\n"),
               {"vacancy.azimuth", "\"best\""});
  expect_error(with("antenna = { type = \"3gpp_sector\" }\nazimuth = \"best\"\n"
                    "azimuth_step_deg = 7\n"),
               {"vacancy.azimuth_step_deg", "divides 360"});
  expect_error(with("antenna = { type = \"f1336\", variant = \"omni\", gain_dBi = 8 }\n"),
               {"antenna.variant", "omni-peak"});
  expect_error(with("antenna = { type = \"f699\", gain_dBi = 10, diameter_m = 0.6, "
                    "azimuth_deg = 0 }\n"),
               {"vacancy.antenna", "first side lobe"});
}

}  // namespace
}  // namespace akichi::sim::vacancy_candidate_run_test

#include "sim/results/footprint.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "sim/results/coordination_file.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::footprint_test {
namespace {

/// A free-space study of `stations` stations over `size` m x 300 m in 10 m cells.
std::string study(int stations, const std::string& size_x = "400", const std::string& extra = "") {
  std::string s =
      "[area]\ncenter_lat_deg = 35.505\ncenter_lon_deg = 139.745\nsize_x_m = " + size_x +
      "\nsize_y_m = 300\ncell_size_m = 10\nrx_heights_m = [1.5, 4]\n\n" +
      "[propagation]\nmodel = \"free_space\"\n\n[output]\npath = \"out.h5\"\n" + extra;
  for (int i = 0; i < stations; ++i) {
    s += "\n[[station]]\nid = \"gnb-" + std::to_string(i) +
         "\"\nlat_deg = 35.505\nlon_deg = 139.745\nheight_m = 10\nfreq_MHz = 4850\n"
         "bandwidth_MHz = 100\ntx_power_dBm = 30\n";
  }
  return s;
}

const results::FootprintTerm& term(const std::vector<results::FootprintTerm>& terms,
                                   const std::string& name) {
  for (const auto& t : terms)
    if (t.name == name) return t;
  throw std::runtime_error("no term " + name);
}

TEST(Footprint, StationTensorsAndLayersInClosedForm) {
  const Scenario sc = parse_scenario(study(3), testing::TempDir() + "s.toml");
  const results::Footprint f = results::scenario_footprint(sc);
  // 40 x 30 cells, 2 heights, 3 stations.
  const std::uint64_t cells = 1200, per_station = 3 * 2 * cells * 4;
  EXPECT_EQ(term(f.memory, "path loss").bytes, per_station);
  EXPECT_EQ(term(f.memory, "path loss").formula, "3 stations x 2 heights x 1200 cells x 4 B");
  EXPECT_EQ(term(f.memory, "received power").bytes, per_station);
  EXPECT_EQ(term(f.memory, "coverage layers").bytes, 2 * cells * 14);
  EXPECT_EQ(term(f.output, "path_loss").bytes, per_station);
  EXPECT_EQ(term(f.output, "rx_power").bytes, per_station);
  // The totals are the sums of the terms.
  std::uint64_t sum = 0;
  for (const auto& t : f.output) sum += *t.bytes;
  EXPECT_EQ(f.output_bytes(), sum);
  // 2 x 1200 x 14 B of layers outweigh 3 x 2 x 1200 x 4 B of path loss.
  EXPECT_EQ(&results::largest_term(f.output), &term(f.output, "coverage layers"));
  EXPECT_EQ(f.time_slots, 1u);
}

TEST(Footprint, AStreamedRunHoldsOneStationAndWritesEveryOneTwiceOnDisk) {
  const Scenario sc = parse_scenario(study(3), testing::TempDir() + "s.toml");
  const results::Footprint held = results::scenario_footprint(sc);
  const results::Footprint f = results::scenario_footprint(sc, true);
  const std::uint64_t cells = 1200, one = 2 * cells * 4, all = 3 * one;
  EXPECT_EQ(term(f.memory, "path loss, one station at a time").bytes, one);
  EXPECT_EQ(term(f.memory, "path loss, one station at a time").formula,
            "1 station x 2 heights x 1200 cells x 4 B");
  EXPECT_EQ(term(f.memory, "received power, one station at a time").bytes, one);
  EXPECT_THROW(term(f.memory, "path loss"), std::runtime_error);
  // Memory: two stations' tensors of each kind fewer than held.
  EXPECT_EQ(*held.memory_bytes() - *f.memory_bytes(), 2 * (all - one));
  // Disk: the results data and both scratch tensors, whole.
  EXPECT_EQ(term(f.output, "scratch path loss (beside the output while the run lasts)").bytes, all);
  EXPECT_EQ(term(f.output, "scratch received power (likewise)").bytes, all);
  EXPECT_EQ(*f.output_bytes() - *held.output_bytes(), 2 * all);
}

TEST(Footprint, CoordinationGroupIsPartOfTheOutput) {
  // Two applicants around one protected receiver: the run's output (what `run` checks against
  // --max-output, as `check` prints it) holds the /coordination group's term, and only when the
  // scenario has a [coordination] section.
  const std::string base = R"(
[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900600
cell_size_m = 60
rx_heights_m = [10.0]

[propagation]
model = "free_space"

[spectrum]
band_lo_MHz = 4700
band_hi_MHz = 4800
bandwidth_MHz = 20

[[incumbent]]
id = "rx"
x_m = 400300
y_m = 3900300
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
interference_dBm = -110

[[station]]
id = "a"
x_m = 400100
y_m = 3900300
height_m = 10
freq_MHz = 4710
bandwidth_MHz = 20
eirp_dBm = 30

[[station]]
id = "b"
x_m = 400300
y_m = 3900500
height_m = 10
freq_MHz = 4770
bandwidth_MHz = 20
eirp_dBm = 30
)";
  const std::string aggregate = base + "\n[aggregate]\nterminals = false\n";
  const Scenario without = parse_scenario(aggregate, testing::TempDir() + "s.toml");
  const Scenario with = parse_scenario(aggregate + "\n[coordination]\nmethod = \"fcfs\"\n",
                                       testing::TempDir() + "s.toml");
  const results::Footprint f0 = results::scenario_footprint(without);
  const results::Footprint f1 = results::scenario_footprint(with);
  EXPECT_THROW(term(f0.output, "coordination"), std::runtime_error);
  const results::FootprintTerm expected = coordination_footprint(with);
  ASSERT_TRUE(expected.bytes.has_value());
  EXPECT_GT(*expected.bytes, 0u);
  EXPECT_EQ(term(f1.output, "coordination").bytes, expected.bytes);
  EXPECT_EQ(*f1.output_bytes(), *f0.output_bytes() + *expected.bytes);
}

TEST(Footprint, LargestTermPrefersAnOverflow) {
  const std::vector<results::FootprintTerm> terms{
      {"a", "", std::uint64_t{5}}, {"b", "", std::nullopt}, {"c", "", std::uint64_t{9}}};
  EXPECT_EQ(results::largest_term(terms).name, "b");
}

}  // namespace
}  // namespace akichi::sim::footprint_test

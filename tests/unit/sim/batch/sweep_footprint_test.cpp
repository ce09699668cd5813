#include "sim/batch/sweep_footprint.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "sim/results/footprint.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::sweep_footprint_test {
namespace {

/// A free-space study (as in tests/unit/sim/results/footprint_test.cpp) of `stations` stations over
/// `size` m x 300 m in 10 m cells.
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

TEST(SweepFootprint, SizeNeutralKeys) {
  using batch::size_neutral;
  EXPECT_TRUE(size_neutral("station.gnb-*.eirp_dBm", SweepScalar(30.0)));
  EXPECT_TRUE(size_neutral("station.gnb-1.antenna.downtilt_deg", SweepScalar(std::int64_t{6})));
  EXPECT_TRUE(size_neutral("propagation.p452-18.time_percent", SweepScalar(50.0)));
  EXPECT_FALSE(size_neutral("station.gnb-1.lat_deg", SweepScalar(35.5)));
  EXPECT_FALSE(size_neutral("area.cell_size_m", SweepScalar(5.0)));
  EXPECT_FALSE(size_neutral("propagation.model", SweepScalar(std::string("p1812"))));
  EXPECT_FALSE(size_neutral("time.step_minutes", SweepScalar(std::int64_t{15})));
}

TEST(SweepFootprint, OneParsePerSizeAndTheFileSummedOverVariants) {
  // 4 powers x 3 cell sizes: 3 parses (one per cell size), 12 variants in the file.
  const std::string text = study(1, "400",
                                 "\n[sweep]\nmode = \"product\"\n[[sweep.param]]\n"
                                 "key = \"station.gnb-0.tx_power_dBm\"\nvalues = [10, 20, 30, 40]\n"
                                 "[[sweep.param]]\nkey = \"area.cell_size_m\"\n"
                                 "values = [10, 20, 40]\n");
  const std::string path = testing::TempDir() + "sweep.toml";
  const std::optional<Sweep> sweep = read_sweep(text, path);
  ASSERT_TRUE(sweep.has_value());
  const batch::SweepFootprint f = batch::sweep_footprint(text, path, *sweep, {}, 1u << 30);
  EXPECT_EQ(f.variants, 12u);
  EXPECT_EQ(f.parsed, 3u);
  ASSERT_EQ(f.output.size(), 3u);
  std::uint64_t sum = 0;
  for (const results::FootprintTerm& t : f.output) sum += *t.bytes;
  // Each cell size's four variants, each as its own scenario sizes it.
  std::uint64_t expected = 0;
  for (const Variant& v : sweep->variants)
    expected += *results::scenario_footprint(variant_scenario(text, path, v)).output_bytes();
  EXPECT_EQ(sum, expected);
  // The memory is the 10 m variant's (the largest), plus the cache.
  EXPECT_EQ(term(f.memory, "path loss").bytes, std::uint64_t{1 * 2 * 1200 * 4});
  // A shard takes its variants only.
  const batch::SweepFootprint half = batch::sweep_footprint(text, path, *sweep, {1, 2}, 1u << 30);
  EXPECT_EQ(half.variants, 6u);
}

TEST(SweepFootprint, StreamedVariantsHoldOneStationAndKeepTheCacheBesideTheOutput) {
  // 150,000 x 30 cells at two heights: a 36 MB path-loss tensor, which a run streams.
  const std::string text = study(1, "1500000",
                                 "\n[sweep]\nmode = \"product\"\n[[sweep.param]]\n"
                                 "key = \"station.gnb-0.height_m\"\nvalues = [10, 20, 30]\n");
  const std::string path = testing::TempDir() + "sweep.toml";
  const std::optional<Sweep> sweep = read_sweep(text, path);
  ASSERT_TRUE(sweep.has_value());
  const batch::SweepFootprint f = batch::sweep_footprint(text, path, *sweep, {}, 1u << 30);
  const std::uint64_t tensor = std::uint64_t{2} * 4'500'000 * 4;
  EXPECT_EQ(term(f.memory, "path loss, one station at a time").bytes, tensor);
  for (const results::FootprintTerm& t : f.memory) EXPECT_NE(t.name, "tensor cache");
  // The scratch tensors once (one variant's at a time), the cache's copies of every variant's
  // loss and gain beside them.
  EXPECT_EQ(term(f.output, "scratch tensors").bytes, 2 * tensor);
  EXPECT_EQ(term(f.output, "tensor cache (scratch files)").bytes, 3 * 2 * tensor);
  // The variants' own data: what each writes in the batch file, three times.
  const results::Footprint one =
      results::scenario_footprint(variant_scenario(text, path, sweep->variants[0]), true);
  EXPECT_EQ(*f.output.front().bytes, 3 * (*one.output_bytes() - 2 * tensor));
}

}  // namespace
}  // namespace akichi::sim::sweep_footprint_test

// Batch files: variants copied whole into groups, dimensions re-attached, the variant table.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "sim/analysis/coverage_run.h"
#include "sim/results/batch_file.h"
#include "sim/results/coverage_file.h"
#include "sim/results/reader.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::batch_file_test {
namespace {

namespace fs = std::filesystem;

std::string scenario_text(double height_m) {
  return fmt::format(R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 400
size_y_m = 300
cell_size_m = 25
rx_heights_m = [1.5, 10]

[propagation]
model = "free_space"

[[station]]
id = "mast"
lat_deg = 35.6
lon_deg = 139.8
height_m = {}
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 40
)",
                     height_m);
}

class BatchFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("akichi-batch-file-{}", ::getpid());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!std::getenv("KEEP")) fs::remove_all(dir_);
  }

  std::string write_variant(double height_m, const std::string& key) {
    const Scenario sc = parse_scenario(scenario_text(height_m), (dir_ / "s.toml").string());
    SilentProgress quiet;
    const CoverageRun run = run_coverage(sc, quiet);
    RunInfo info;
    info.attributes = {{"batch_variant_key", key}};
    const std::string path = (dir_ / fmt::format("h{}.h5", height_m)).string();
    write_results(path, sc, run, nullptr, info);
    return path;
  }
  fs::path dir_;
};

TEST_F(BatchFile, VariantsAreCopiedWholeWithTheirParameterTable) {
  const std::string a = write_variant(10, "key-a");
  const std::string b = write_variant(30, "key-b");
  EXPECT_EQ(results::read_variant_key(a), "key-a");
  EXPECT_EQ(results::read_variant_key((dir_ / "missing.h5").string()), std::nullopt);

  results::BatchHeader h;
  h.sweep_mode = "product";
  h.sweep_key = "sweep-1";
  h.variants_total = 3;
  h.parameters = {{"mast_height_m", "station.mast.height_m", true},
                  {"tag", "scenario.name", false}};
  std::vector<results::BatchEntry> entries = {
      {"mast_height_m=10", 0, "key-a", {"10", "low"}, a, "/"},
      {"mast_height_m=30", 2, "key-b", {"30", "high"}, b, "/"}};
  const std::string out = (dir_ / "batch.h5").string();
  results::write_batch(out, h, entries);

  results::Reader r(out);
  EXPECT_EQ(r.groups("/"), (std::vector<std::string>{"mast_height_m=10", "mast_height_m=30"}));
  EXPECT_EQ(r.read_strings("/variant_name"),
            (std::vector<std::string>{"mast_height_m=10", "mast_height_m=30"}));
  EXPECT_EQ(r.read_coordinate("/mast_height_m"), (std::vector<double>{10, 30}));
  EXPECT_EQ(r.read_strings("/tag"), (std::vector<std::string>{"low", "high"}));
  // Each group holds exactly the variant's results, dimensions included.
  results::Reader ra(a), rb(b);
  EXPECT_EQ(r.read_float("/mast_height_m=10/path_loss"), ra.read_float("/path_loss"));
  EXPECT_EQ(r.read_float("/mast_height_m=30/path_loss"), rb.read_float("/path_loss"));
  EXPECT_NE(r.read_float("/mast_height_m=10/path_loss"),
            r.read_float("/mast_height_m=30/path_loss"));
  const auto dims = r.info("/mast_height_m=30/path_loss").dims;
  ASSERT_EQ(dims.size(), 4u);
  EXPECT_EQ(dims[0].name, "station");
  EXPECT_EQ(dims[3].name, "x");
  EXPECT_EQ(r.read_coordinate("/mast_height_m=30/x"), ra.read_coordinate("/x"));
  EXPECT_EQ(r.attr_string("/mast_height_m=30/path_loss", "coordinates")
                    .value_or("")
                    .find("mast_height_m") != std::string::npos,
            true);
  EXPECT_EQ(r.attr_string("/mast_height_m=30", "batch_variant_key"), "key-b");

  // Read back: the table and where each variant is.
  const auto c = results::read_batch(out);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->header.sweep_key, "sweep-1");
  EXPECT_EQ(c->header.variants_total, 3u);
  ASSERT_EQ(c->header.parameters.size(), 2u);
  EXPECT_FALSE(c->header.parameters[1].numeric);
  ASSERT_EQ(c->entries.size(), 2u);
  EXPECT_EQ(c->entries[1].index, 2u);
  EXPECT_EQ(c->entries[1].texts, (std::vector<std::string>{"30", "high"}));
  EXPECT_EQ(c->entries[1].source_group, "/mast_height_m=30");

  // A batch rewritten from its own groups (what resuming and merging do) holds the same data.
  const std::string again = (dir_ / "again.h5").string();
  results::write_batch(again, c->header, c->entries);
  results::Reader r2(again);
  EXPECT_EQ(r2.read_float("/mast_height_m=30/path_loss"), rb.read_float("/path_loss"));
  EXPECT_EQ(r2.info("/mast_height_m=10/rx_power").dims.size(), 4u);
}

}  // namespace
}  // namespace akichi::sim::batch_file_test

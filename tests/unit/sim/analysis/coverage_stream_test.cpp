// A streamed coverage run (station tensors in scratch files, read back a piece at a time) gives
// the same bits as a run that holds its tensors: path loss, received power, every layer and
// share, with and without the interferers' own losses (rain on the wanted links only).
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/scratch_tensor.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::coverage_stream_test {
namespace {

/// Three stations over 40 x 30 cells and two heights: two share a channel, the third overlaps
/// half of it. `extra` is appended (a [propagation.rain] table).
std::string scenario_text(const std::string& extra) {
  std::string text = R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 2000
size_y_m = 1500
cell_size_m = 50
rx_heights_m = [1.5, 10]

[terrain]
source = "synthetic"
seed = 3
relief_m = 40
wavelength_m = 800

[propagation]
model = "free_space"
)";
  text += extra;
  const double lat[] = {35.595, 35.603, 35.6};
  const double lon[] = {139.795, 139.806, 139.8};
  const double freq[] = {28000, 28000, 28050};
  for (int s = 0; s < 3; ++s) {
    text += fmt::format(R"(
[[station]]
id = "s{}"
lat_deg = {}
lon_deg = {}
height_m = 20
freq_MHz = {}
bandwidth_MHz = 100
eirp_dBm = {}
)",
                        s, lat[s], lon[s], freq[s], 40 + 3 * s);
  }
  return text;
}

template <class T>
void expect_same_bits(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(T)), 0) << what;
}

std::vector<float> whole(const ScratchTensor& t) {
  std::vector<float> v(t.outer() * t.inner());
  for (std::size_t s = 0; s < t.outer(); ++s) t.read(s, 0, {v.data() + s * t.inner(), t.inner()});
  return v;
}

std::size_t files_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

void expect_streamed_equals_held(const std::string& extra) {
  const Scenario sc = parse_scenario(scenario_text(extra), "dir/s.toml");
  SilentProgress quiet;
  const CoverageRun held = run_coverage(sc, quiet);
  const std::filesystem::path dir = testing::TempDir() + "coverage_stream_test";
  std::filesystem::create_directories(dir);
  const std::size_t before = files_in(dir);
  const CoverageRun streamed = run_coverage(sc, quiet, nullptr, &dir);
  EXPECT_EQ(files_in(dir), before);  // the scratch files have no name

  ASSERT_NE(streamed.loss_scratch, nullptr);
  ASSERT_NE(streamed.rx_power_scratch, nullptr);
  EXPECT_TRUE(streamed.loss_dB.empty());
  EXPECT_TRUE(streamed.coverage.rx_power_dBm.empty());
  EXPECT_EQ(held.loss_scratch, nullptr);
  ASSERT_FALSE(held.loss_dB.empty());
  expect_same_bits(whole(*streamed.loss_scratch), held.loss_dB, "path loss");
  expect_same_bits(whole(*streamed.rx_power_scratch), held.coverage.rx_power_dBm, "received power");
  const CoverageResult& a = streamed.coverage;
  const CoverageResult& b = held.coverage;
  expect_same_bits(a.best_server, b.best_server, "best server");
  expect_same_bits(a.best_rx_power_dBm, b.best_rx_power_dBm, "best received power");
  expect_same_bits(a.interference_dBm, b.interference_dBm, "interference");
  expect_same_bits(a.sinr_dB, b.sinr_dB, "SINR");
  expect_same_bits(a.noise_dBm, b.noise_dBm, "noise");
  expect_same_bits(a.station_best_share, b.station_best_share, "best shares");
  // Some cells have interference from both other stations.
  std::size_t interfered = 0;
  for (const float i : b.interference_dBm) interfered += i == i ? 1 : 0;
  EXPECT_GT(interfered, b.interference_dBm.size() / 2);
}

TEST(CoverageStream, StreamedRunIsTheHeldRunBitForBit) {
  expect_streamed_equals_held("");
}

TEST(CoverageStream, StreamedRunWithRainOnTheWantedLinksOnly) {
  expect_streamed_equals_held(R"(
[propagation.rain]
time_percent = 0.01
rain_rate_mm_h = 95
polarization = "vertical"
)");
}

TEST(CoverageStream, ScratchTensorReadsBackWhatWasWritten) {
  ScratchTensor t(testing::TempDir(), 3, 5);
  for (std::size_t s = 0; s < 3; ++s) {
    const std::vector<float> v{1.f * s, 2.f * s, -0.f, 1e30f, 7.f};
    t.write(s, 0, v);
  }
  const std::vector<float> piece{9.f, 8.f};
  t.write(1, 3, piece);
  std::vector<float> got(2);
  t.read(1, 3, got);
  EXPECT_EQ(got, piece);
  t.read(2, 0, got);
  EXPECT_EQ(got, (std::vector<float>{2.f, 4.f}));
  std::vector<float> three(3);
  EXPECT_THROW(t.read(2, 4, three), Error);  // past the end
}

}  // namespace
}  // namespace akichi::sim::coverage_stream_test

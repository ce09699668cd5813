// The batch tensor cache: a hit gives the very bits a fresh computation gives; keys change
// exactly when an engine input changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/analysis/coverage_run.h"
#include "sim/analysis/scratch_tensor.h"
#include "sim/analysis/tensor_key.h"
#include "sim/batch/tensor_cache.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::tensor_cache_test {
namespace {

std::string scenario_text(double hall_height_m, double eirp_dBm, const char* model = "tr38901") {
  return fmt::format(R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 600
size_y_m = 400
cell_size_m = 20
rx_heights_m = [1.5, 10]

[terrain]
source = "synthetic"
seed = 42
relief_m = 40
wavelength_m = 300

[propagation]
model = "{}"

[[station]]
id = "hall"
lat_deg = 35.6
lon_deg = 139.8
height_m = {}
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = {}

[[station]]
id = "gate"
lat_deg = 35.601
lon_deg = 139.801
height_m = 12
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 40
[station.antenna]
type = "3gpp_sector"
gain_dBi = 8
azimuth_deg = 200
downtilt_deg = 5
)",
                     model, hall_height_m, eirp_dBm);
}

Scenario scenario(const std::string& text) {
  return parse_scenario(text, "/tmp/cache_test.toml");
}

TEST(TensorCache, HitsGiveTheComputedBitsAndOnlyChangedStationsAreRecomputed) {
  LocalTensorSource local;
  batch::CachingTensorSource cache(local, std::size_t{1} << 30);
  SilentProgress quiet;

  const Scenario base = scenario(scenario_text(15, 43));
  const CoverageRun fresh = run_coverage(base, quiet);
  const CoverageRun first = run_coverage(base, quiet, &cache);
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(cache.stats().hits, 0u);
  ASSERT_EQ(first.loss_dB, fresh.loss_dB);

  // Same inputs again: both stations served from the cache, bit for bit.
  const CoverageRun again = run_coverage(base, quiet, &cache);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(again.loss_dB, fresh.loss_dB);
  EXPECT_EQ(again.coverage.rx_power_dBm, fresh.coverage.rx_power_dBm);

  // EIRP is not an engine input: still all hits, and the received power follows the EIRP.
  const Scenario louder = scenario(scenario_text(15, 46));
  const CoverageRun l = run_coverage(louder, quiet, &cache);
  EXPECT_EQ(cache.stats().hits, 4u);
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(l.loss_dB, fresh.loss_dB);
  EXPECT_EQ(l.coverage.rx_power_dBm, run_coverage(louder, quiet).coverage.rx_power_dBm);

  // A new height for one station: that station only is recomputed, and equals a fresh run.
  const Scenario higher = scenario(scenario_text(25, 43));
  const CoverageRun h = run_coverage(higher, quiet, &cache);
  EXPECT_EQ(cache.stats().hits, 5u);
  EXPECT_EQ(cache.stats().misses, 3u);
  EXPECT_EQ(h.loss_dB, run_coverage(higher, quiet).loss_dB);
  EXPECT_NE(h.loss_dB, fresh.loss_dB);

  // Another model changes the context of every station.
  const Scenario other = scenario(scenario_text(15, 43, "free_space"));
  run_coverage(other, quiet, &cache);
  EXPECT_EQ(cache.stats().misses, 5u);
  const std::size_t per_station = base.grid.cells() * base.grid.heights_m.size();
  EXPECT_EQ(cache.stats().bytes >= 5 * 2 * per_station * sizeof(float), true);
}

TEST(TensorCache, EvictsLeastRecentlyUsedWithinItsBudget) {
  LocalTensorSource local;
  SilentProgress quiet;
  const Scenario base = scenario(scenario_text(15, 43));
  const std::size_t per_station = base.grid.cells() * base.grid.heights_m.size();
  // Room for two stations' area tensors (loss + gain), not three.
  const std::size_t entry = 2 * per_station * sizeof(float);
  batch::CachingTensorSource cache(local, 2 * entry + 8192);
  run_coverage(base, quiet, &cache);                             // hall@15, gate
  run_coverage(scenario(scenario_text(25, 43)), quiet, &cache);  // hall@25 evicts hall@15
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_LE(cache.stats().bytes, 2 * entry + 8192);
  const CoverageRun r = run_coverage(base, quiet, &cache);  // gate hit, hall@15 recomputed
  EXPECT_EQ(cache.stats().hits, 2u);                        // gate twice
  EXPECT_EQ(cache.stats().misses, 4u);
  EXPECT_EQ(r.loss_dB, run_coverage(base, quiet).loss_dB);
}

std::vector<float> whole(const ScratchTensor& t) {
  std::vector<float> v(t.outer() * t.inner());
  for (std::size_t s = 0; s < t.outer(); ++s) t.read(s, 0, {v.data() + s * t.inner(), t.inner()});
  return v;
}

TEST(TensorCache, EntriesInScratchFilesServeStreamedAndHeldRunsTheSameBits) {
  LocalTensorSource local;
  batch::CachingTensorSource cache(local, std::size_t{1} << 30);
  SilentProgress quiet;
  const std::filesystem::path dir = testing::TempDir();
  const Scenario base = scenario(scenario_text(15, 43));
  const CoverageRun fresh = run_coverage(base, quiet);
  const std::size_t per_station = base.grid.cells() * base.grid.heights_m.size();
  const std::size_t entry = 2 * per_station * sizeof(float);

  // A streamed run whose cache keeps its entries in files: none in memory.
  cache.keep_in_files(&dir);
  const CoverageRun s1 = run_coverage(base, quiet, &cache, &dir);
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_GE(cache.stats().file_bytes, 2 * entry);
  EXPECT_EQ(cache.stats().file_bytes, cache.stats().bytes);
  ASSERT_NE(s1.loss_scratch, nullptr);
  EXPECT_EQ(whole(*s1.loss_scratch), fresh.loss_dB);

  // Served from the files: to a streamed run and to a held one, bit for bit.
  const CoverageRun s2 = run_coverage(base, quiet, &cache, &dir);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(whole(*s2.loss_scratch), fresh.loss_dB);
  EXPECT_EQ(whole(*s2.rx_power_scratch), fresh.coverage.rx_power_dBm);
  EXPECT_EQ(s2.coverage.best_rx_power_dBm, fresh.coverage.best_rx_power_dBm);
  cache.keep_in_files(nullptr);
  const CoverageRun h = run_coverage(base, quiet, &cache);
  EXPECT_EQ(cache.stats().hits, 4u);
  EXPECT_EQ(h.loss_dB, fresh.loss_dB);
  EXPECT_EQ(h.coverage.rx_power_dBm, fresh.coverage.rx_power_dBm);

  // A held run's new entry goes to memory, the file entries stay in their files.
  run_coverage(scenario(scenario_text(25, 43)), quiet, &cache);
  EXPECT_EQ(cache.stats().misses, 3u);
  const std::size_t in_memory = cache.stats().bytes - cache.stats().file_bytes;
  EXPECT_GE(in_memory, entry);
  EXPECT_LT(in_memory, entry + 4096);  // one entry and its key
  EXPECT_GE(cache.stats().file_bytes, 2 * entry);
}

TEST(TensorCache, EntriesInScratchFilesAreEvictedWithinTheBudget) {
  LocalTensorSource local;
  SilentProgress quiet;
  const std::filesystem::path dir = testing::TempDir();
  const Scenario base = scenario(scenario_text(15, 43));
  const std::size_t entry = 2 * base.grid.cells() * base.grid.heights_m.size() * sizeof(float);
  batch::CachingTensorSource cache(local, 2 * entry + 8192);
  cache.keep_in_files(&dir);
  run_coverage(base, quiet, &cache, &dir);                             // hall@15, gate
  run_coverage(scenario(scenario_text(25, 43)), quiet, &cache, &dir);  // hall@25 evicts hall@15
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_LE(cache.stats().file_bytes, 2 * entry + 8192);
  EXPECT_EQ(cache.stats().file_bytes, cache.stats().bytes);
  const CoverageRun r = run_coverage(base, quiet, &cache, &dir);  // gate hit, hall@15 again
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 4u);
  EXPECT_EQ(whole(*r.loss_scratch), run_coverage(base, quiet).loss_dB);
}

TEST(TensorCache, KeysCarryTheEngineRevision) {
  // A tensor cached by a program that computed other numbers for the same scenario text is
  // never served: the engine's revision is part of every key, before anything else.
  const std::string key = engine_context_key(scenario(scenario_text(10, 30)));
  EXPECT_EQ(key.rfind(fmt::format("revision={}\n", kEngineRevision), 0), 0u) << key;
  EXPECT_GE(kEngineRevision, 2);  // 2: the distances each model's source prescribes
  // Everything else that decides the numbers follows it.
  EXPECT_NE(key.find("model = 'tr38901'"), std::string::npos) << key;
  EXPECT_NE(engine_context_key(scenario(scenario_text(10, 30, "p526"))), key);
}

TEST(TensorCache, JobsWithoutAKeyAreAlwaysComputed) {
  LocalTensorSource local;
  batch::CachingTensorSource cache(local, std::size_t{1} << 30);
  SilentProgress quiet;
  Scenario sc = scenario(scenario_text(15, 43));
  sc.text = "not toml [";  // a scenario built in memory: no context key
  run_coverage(sc, quiet, &cache);
  run_coverage(sc, quiet, &cache);
  EXPECT_EQ(cache.stats().uncacheable, 4u);
  EXPECT_EQ(cache.stats().hits, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

}  // namespace
}  // namespace akichi::sim::tensor_cache_test

// The failure policy of the propagation kernels (docs/methods.md, "Failures inside the models"):
// an allocation failure inside a model, injected through the public engine API, comes out of the
// area engine's TBB loop as ComputeError naming the model and the link. Never std::terminate, a
// NaN or, for the ray model, a line-of-sight answer that ignores the buildings.
//
// failing_new.cpp makes allocations inside a model's loss evaluation fail. The models'
// per-thread scratch only grows, so each test evaluates links whose scratch its thread has not
// grown before (each model's first test in the process, or a longer profile than before).
#include <cmath>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "base/errors.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/profile.h"
#include "propagation/terrain/terrain.h"
#include "tests/failure/failing_new.h"
#include "tests/unit/propagation/surface/footprint_util.h"

namespace akichi::prop::kernel_failure_test {
namespace {

using ::testing::HasSubstr;

/// Allocations of at least `min_bytes` inside model evaluations fail while this lives.
struct Armed {
  explicit Armed(std::size_t min_bytes = 0) { test::arm_failing_new(min_bytes); }
  ~Armed() { test::disarm_failing_new(); }
  Armed(const Armed&) = delete;
  Armed& operator=(const Armed&) = delete;
};

/// The model under test, seen by the engine exactly as itself, with its evaluations marked.
class Marked final : public PathLossModel {
 public:
  explicit Marked(const PathLossModel& inner) : inner_(inner) {}
  std::string_view name() const noexcept override { return inner_.name(); }
  bool uses_profile() const noexcept override { return inner_.uses_profile(); }
  bool reports_mechanism() const noexcept override { return inner_.reports_mechanism(); }
  double loss_dB(const LinkInput& link) const override {
    const test::InModel in;
    return inner_.loss_dB(link);
  }
  double loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const override {
    const test::InModel in;
    return inner_.loss_and_mechanism_dB(link, dominant);
  }
  std::string describe() const override { return inner_.describe(); }

 private:
  const PathLossModel& inner_;
};

StudyGrid grid() {
  StudyGrid g;
  g.x0_m = 0;
  g.y0_m = 0;
  g.cell_m = 10;
  g.nx = 30;
  g.ny = 30;
  g.heights_m = {1.5, 6.0};
  return g;
}

TerrainGrid hills() {
  SyntheticTerrainParams p;
  p.seed = 5;
  p.base_m = 20;
  p.relief_m = 60;
  p.wavelength_m = 200;
  return make_synthetic_terrain({{-20, -20, 320, 320}, 10}, p);
}

/// Runs the area engine with `model` marked and every allocation inside it failing, on two
/// threads; expects ComputeError naming the model. Then, disarmed, the same run equals the
/// unmarked model's (the scratch left behind by the failure is sound).
void expect_compute_error(const ModelConfig& config, const std::string& name,
                          const TerrainGrid& terrain) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
  const auto model = make_path_loss_model(config);
  ASSERT_EQ(model->name(), name);
  const Marked marked(*model);
  const StudyGrid g = grid();
  const Transmitter tx{152, 148, 8, 3.5e9};
  const std::size_t n = g.cells() * g.heights_m.size();
  std::vector<float> loss(n, -1.0f);
  std::vector<std::uint8_t> mechanism(model->reports_mechanism() ? n : 0);
  {
    const Armed armed;
    try {
      compute_area(tx, nullptr, {g, terrain, marked, 10.0}, {loss, {}, mechanism});
      ADD_FAILURE() << name << ": no error although its allocations failed";
    } catch (const ComputeError& e) {
      EXPECT_EQ(e.model(), name);
      EXPECT_THAT(e.what(), HasSubstr("'" + name + "'"));
      EXPECT_THAT(e.what(), HasSubstr("out of memory"));
      EXPECT_THAT(e.link(), HasSubstr("x = 152.0 m, y = 148.0 m, h = 8 m"));
    }
  }
  EXPECT_GE(test::failed_allocations(), 1) << name << ": no allocation was made to fail";

  std::vector<float> again(n), plain(n);
  std::vector<std::uint8_t> mech_again(mechanism.size()), mech_plain(mechanism.size());
  compute_area(tx, nullptr, {g, terrain, marked, 10.0}, {again, {}, mech_again});
  compute_area(tx, nullptr, {g, terrain, *model, 10.0}, {plain, {}, mech_plain});
  EXPECT_EQ(std::memcmp(again.data(), plain.data(), n * sizeof(float)), 0) << name;
  EXPECT_EQ(mech_again, mech_plain) << name;
}

TEST(KernelFailure, ItmReportsAllocationFailureInsteadOfNaN) {
  ModelConfig c;
  c.name = "itm";
  expect_compute_error(c, "itm", hills());
}

TEST(KernelFailure, EhataReportsAllocationFailureInsteadOfTerminating) {
  ModelConfig c;
  c.name = "ehata-ntia";
  expect_compute_error(c, "ehata-ntia", hills());
}

TEST(KernelFailure, P452ReportsAllocationFailureInsteadOfTerminating) {
  ModelConfig c;
  c.name = "p452-18";
  expect_compute_error(c, "p452-18", hills());
}

TEST(KernelFailure, P1812ReportsAllocationFailureInsteadOfTerminating) {
  ModelConfig c;
  c.name = "p1812";
  expect_compute_error(c, "p1812", hills());
}

// A long block between the transmitter and the cells east of it: the links there are not line
// of sight. The model used to answer a failed building search with the direct ray.
std::shared_ptr<const Buildings> block() {
  auto bs = std::make_shared<Buildings>();
  Building b;
  b.id = "block";
  b.footprint = box_footprint(200, 20, 230, 280);
  b.height_m = 25;
  bs->push_back(b);
  return bs;
}

TEST(KernelFailure, RayReportsAllocationFailureInsteadOfLineOfSight) {
  ModelConfig c;
  c.name = "ray-2.5d";
  c.buildings = block();
  const TerrainGrid flat = make_flat_terrain({{-20, -20, 320, 320}, 10}, 0);
  expect_compute_error(c, "ray-2.5d", flat);
  // What the failure used to be answered with was wrong: behind the buildings the link is not
  // line of sight, and its loss is well above free space.
  const auto model = make_path_loss_model(c);
  c.name = "free_space";
  const auto free_space = make_path_loss_model(c);
  const StudyGrid g = grid();
  const Transmitter tx{152, 148, 8, 3.5e9};
  Profile profile;
  LinkInput link;
  make_link(tx, g.x(27), g.y(14), 1.5, {g, flat, *model, 10.0}, profile, link);
  Mechanism m = Mechanism::None;
  const double behind_dB = model->loss_and_mechanism_dB(link, m);
  EXPECT_NE(m, Mechanism::LoS);
  EXPECT_GT(behind_dB, free_space->loss_dB(link) + 3.0);
}

// The profile analysis of P.452-18 grows its own scratch (three values per profile point); a
// failure there, on a link longer than any before in this process, is reported alike by the
// point-to-point API. Only allocations of 16 bytes per point or more fail: the adapter's (8 bytes
// per point) succeed, the analysis's (24) does not.
TEST(KernelFailure, P452ProfileAnalysisReportsAllocationFailure) {
  SyntheticTerrainParams p;
  p.seed = 9;
  p.relief_m = 40;
  const TerrainGrid long_terrain = make_synthetic_terrain({{-20, -20, 6020, 320}, 10}, p);
  ModelConfig c;
  c.name = "p452-18";
  const auto model = make_path_loss_model(c);
  const Marked marked(*model);
  const StudyGrid g = grid();
  const Transmitter tx{10, 150, 30, 2.0e9};
  const double d_m = 6000;
  const int points = profile_sample_count(d_m, 10.0);
  ASSERT_GT(points, 500);
  {
    const Armed armed(16 * static_cast<std::size_t>(points));
    try {
      point_loss_dB(tx, 10 + d_m, 150, 1.5, {g, long_terrain, marked, 10.0});
      ADD_FAILURE() << "no error although the profile analysis could not allocate";
    } catch (const ComputeError& e) {
      EXPECT_EQ(e.model(), "p452-18");
      EXPECT_THAT(e.what(), HasSubstr("out of memory"));
      EXPECT_THAT(e.link(), HasSubstr("x = 6010.0 m, y = 150.0 m, h = 1.5 m"));
    }
  }
  EXPECT_EQ(test::failed_allocations(), 1);
  const double after = point_loss_dB(tx, 10 + d_m, 150, 1.5, {g, long_terrain, marked, 10.0});
  EXPECT_EQ(after, point_loss_dB(tx, 10 + d_m, 150, 1.5, {g, long_terrain, *model, 10.0}));
  EXPECT_TRUE(std::isfinite(after));
}

}  // namespace
}  // namespace akichi::prop::kernel_failure_test

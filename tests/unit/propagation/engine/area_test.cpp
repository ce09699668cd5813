// The area engine against the point-to-point API, analytic free space, and thread counts.
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::area_test {
namespace {

StudyGrid small_grid() {
  StudyGrid g;
  g.x0_m = 500000;
  g.y0_m = 3900000;
  g.cell_m = 25;
  g.nx = 48;
  g.ny = 36;
  g.heights_m = {1.5, 10.0};
  return g;
}

TerrainGrid hilly(const StudyGrid& g) {
  SyntheticTerrainParams p;
  p.seed = 11;
  p.base_m = 5;
  p.relief_m = 80;
  p.wavelength_m = 400;
  const Extent e = g.extent();
  return make_synthetic_terrain({{e.xmin_m - 50, e.ymin_m - 50, e.xmax_m + 50, e.ymax_m + 50}, 10},
                                p);
}

ModelConfig config(const std::string& name) {
  ModelConfig c;
  c.name = name;
  if (name == "tr38901") {
    c.scenario = "UMa";
    c.los_mode = LosMode::Terrain;
  }
  return c;
}

std::vector<float> run_area(const Transmitter& tx, const AreaContext& ctx) {
  std::vector<float> loss(ctx.grid.cells() * ctx.grid.heights_m.size());
  compute_area(tx, nullptr, ctx, {loss, {}});
  return loss;
}

// Every model of the project, and gtest-safe names for them.
const auto kAllModels = ::testing::Values("free_space", "p526", "tr38901", "p452-18", "p1812",
                                          "itm", "ehata-ntia", "extended-hata", "p1411");
std::string test_name(const ::testing::TestParamInfo<const char*>& info) {
  std::string n = info.param;
  for (char& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
}

class AreaEqualsPoint : public ::testing::TestWithParam<const char*> {};

TEST_P(AreaEqualsPoint, EveryCellEqualsThePointToPointLoss) {
  const StudyGrid g = small_grid();
  const TerrainGrid terrain = hilly(g);
  const auto model = make_path_loss_model(config(GetParam()));
  const AreaContext ctx{g, terrain, *model, 10.0};
  // The transmitter sits inside cell (20, 15), off its centre.
  const Transmitter tx{g.x(20) + 3.7, g.y(15) - 8.1, 25.0, 4.85e9};
  const std::vector<float> loss = run_area(tx, ctx);
  std::size_t i = 0;
  for (std::size_t ih = 0; ih < g.heights_m.size(); ++ih) {
    for (int iy = 0; iy < g.ny; ++iy) {
      for (int ix = 0; ix < g.nx; ++ix, ++i) {
        const float expected =
            static_cast<float>(point_loss_dB(tx, g.x(ix), g.y(iy), g.heights_m[ih], ctx));
        ASSERT_EQ(loss[i], expected) << "cell h=" << ih << " iy=" << iy << " ix=" << ix;
        ASSERT_TRUE(std::isfinite(loss[i]));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, AreaEqualsPoint, kAllModels, test_name);

class ThreadCount : public ::testing::TestWithParam<const char*> {};

TEST_P(ThreadCount, OneAndManyThreadsGiveIdenticalBits) {
  const StudyGrid g = small_grid();
  const TerrainGrid terrain = hilly(g);
  const auto model = make_path_loss_model(config(GetParam()));
  const AreaContext ctx{g, terrain, *model, 10.0};
  // 28.5 GHz where the model is defined there, else 4.85 GHz (P.1812 and extended Hata stop
  // at 6 GHz, ITM at 20 GHz).
  const std::string name = GetParam();
  const double f =
      (name == "p1812" || name == "extended-hata" || name == "ehata-ntia" || name == "itm")
          ? 4.85e9
          : 28.5e9;
  const Transmitter tx{g.x(5), g.y(30), 30.0, f};
  std::vector<float> one, many;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = run_area(tx, ctx);
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 4);
    many = run_area(tx, ctx);
  }
  ASSERT_EQ(one.size(), many.size());
  EXPECT_EQ(0, std::memcmp(one.data(), many.data(), one.size() * sizeof(float)));
}

INSTANTIATE_TEST_SUITE_P(Models, ThreadCount, kAllModels, test_name);

TEST(AreaEngine, FreeSpaceOnFlatEarthMatchesP525ClosedForm) {
  StudyGrid g = small_grid();
  const Extent e = g.extent();
  const TerrainGrid flat =
      make_flat_terrain({{e.xmin_m - 20, e.ymin_m - 20, e.xmax_m + 20, e.ymax_m + 20}, 20}, 12.0);
  const auto model = make_path_loss_model(config("free_space"));
  const AreaContext ctx{g, flat, *model, 10.0};
  const Transmitter tx{g.x(0), g.y(0), 30.0, 4.85e9};
  const std::vector<float> loss = run_area(tx, ctx);
  for (std::size_t ih = 0; ih < g.heights_m.size(); ++ih) {
    for (int iy = 0; iy < g.ny; iy += 7) {
      for (int ix = 0; ix < g.nx; ix += 5) {
        const double d2 = std::hypot(g.x(ix) - tx.x_m, g.y(iy) - tx.y_m);
        const double d3_km =
            std::hypot(std::max(d2, kMinLinkDistance_m), 30.0 - g.heights_m[ih]) / 1000;
        // ITU-R P.525-4 eq. (4): Lbf = 32.4 + 20 log f(MHz) + 20 log d(km) with 32.4 = 20 log(4 pi
        // 1e9 / c)
        const double expected = 20 * std::log10(4 * M_PI * 1e9 / 299792458.0) +
                                20 * std::log10(4850.0) + 20 * std::log10(d3_km);
        const std::size_t i = (ih * g.ny + iy) * g.nx + ix;
        EXPECT_NEAR(loss[i], expected, 1e-3) << "iy=" << iy << " ix=" << ix;
      }
    }
  }
}

TEST(AreaEngine, GainTensorFollowsTheAntenna) {
  const StudyGrid g = small_grid();
  const Extent e = g.extent();
  const TerrainGrid flat =
      make_flat_terrain({{e.xmin_m - 20, e.ymin_m - 20, e.xmax_m + 20, e.ymax_m + 20}, 20}, 0.0);
  const auto model = make_path_loss_model(config("free_space"));
  AntennaConfig ac;
  ac.type = "3gpp_sector";
  ac.gain_dBi = 8;
  ac.azimuth_deg = 90;  // east
  const auto antenna = make_antenna(ac);
  const AreaContext ctx{g, flat, *model, 10.0};
  const Transmitter tx{g.x(24), g.y(18), 1.5, 4.85e9};
  std::vector<float> loss(g.cells() * 2), gain(g.cells() * 2);
  compute_area(tx, antenna.get(), ctx, {loss, gain});
  // Same height as the receiver at h = 1.5 m: horizontal plane, boresight due east.
  const auto at = [&](int iy, int ix) { return gain[static_cast<std::size_t>(iy) * g.nx + ix]; };
  EXPECT_NEAR(at(18, 47), 8.0, 1e-4);        // due east: boresight
  EXPECT_NEAR(at(18, 0), 8.0 - 30.0, 1e-4);  // due west: front-to-back limit
  EXPECT_GT(at(18, 40), at(30, 40));         // off boresight loses gain
}

TEST(AreaEngine, ProgressCountsEveryRow) {
  const StudyGrid g = small_grid();
  const TerrainGrid terrain = hilly(g);
  const auto model = make_path_loss_model(config("free_space"));
  const AreaContext ctx{g, terrain, *model, 10.0};
  std::vector<float> loss(g.cells() * g.heights_m.size());
  std::atomic<std::size_t> rows{0};
  compute_area({g.x(3), g.y(3), 10, 4.85e9}, nullptr, ctx, {loss, {}},
               [&](std::size_t n) { rows += n; });
  EXPECT_EQ(rows.load(), g.heights_m.size() * static_cast<std::size_t>(g.ny));
}

}  // namespace
}  // namespace akichi::prop::area_test

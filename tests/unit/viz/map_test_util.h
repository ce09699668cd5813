// Shared fixtures for the map writer tests: a small layer in UTM zone 54N and a scratch folder.
#pragma once

#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "viz/map.h"

namespace akichi::viz::testing {

inline std::string utm54n_wkt() {
  OGRSpatialReference srs;
  EXPECT_EQ(srs.importFromEPSG(32654), OGRERR_NONE);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt;
  CPLFree(wkt);
  return out;
}

/// 60 x 40 cells of 10 m; value = -100 + ix + 0.5 iy dBm, except a 3 x 2 block of NaN at
/// ix 50..52, iy 30..31.
inline MapLayer gradient_layer() {
  MapLayer l;
  l.nx = 60;
  l.ny = 40;
  l.x0_m = 384000.0;
  l.y0_m = 3950000.0;
  l.cell_m = 10.0;
  l.crs_wkt = utm54n_wkt();
  l.name = "rx_power";
  l.long_name = "received power";
  l.units = "dBm";
  l.values.resize(static_cast<std::size_t>(l.nx) * l.ny);
  for (int iy = 0; iy < l.ny; ++iy)
    for (int ix = 0; ix < l.nx; ++ix)
      l.values[static_cast<std::size_t>(iy) * l.nx + ix] =
          (ix >= 50 && ix <= 52 && iy >= 30 && iy <= 31)
              ? std::numeric_limits<float>::quiet_NaN()
              : static_cast<float>(-100.0 + ix + 0.5 * iy);
  return l;
}

/// A fresh, empty folder removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("akichi_viz_") + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// Names of the entries in the folder (hidden ones included), sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace akichi::viz::testing

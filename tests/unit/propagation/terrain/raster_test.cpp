// Terrain from GDAL rasters written at test time: reprojection (EPSG:4326 -> UTM), SRTM .hgt,
// nodata policies, coverage and input errors.
#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include <gdal.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "propagation/terrain/profile.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop::raster_test {
namespace {

namespace fs = std::filesystem;

// Writes a single-band raster. gt is the GDAL geotransform; epsg 0 leaves the CRS out.
template <typename T>
void write_raster(const std::string& driver, const std::string& path, int nx, int ny,
                  const double (&gt)[6], int epsg, const std::vector<T>& north_up,
                  const double* nodata = nullptr) {
  GDALAllRegister();
  const GDALDataType type = std::is_same_v<T, float> ? GDT_Float32 : GDT_Int16;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDataset* ds = mem->Create("", nx, ny, 1, type, nullptr);
  ASSERT_NE(ds, nullptr);
  double g[6];
  std::copy(gt, gt + 6, g);
  ds->SetGeoTransform(g);
  if (epsg != 0) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    ds->SetSpatialRef(&srs);
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (nodata != nullptr) band->SetNoDataValue(*nodata);
  ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, nx, ny, const_cast<T*>(north_up.data()), nx, ny, type, 0,
                           0, nullptr),
            CE_None);
  GDALDriver* out = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  ASSERT_NE(out, nullptr);
  GDALDataset* copy = out->CreateCopy(path.c_str(), ds, FALSE, nullptr, nullptr, nullptr);
  ASSERT_NE(copy, nullptr) << CPLGetLastErrorMsg();
  GDALClose(copy);
  GDALClose(ds);
}

class RasterTerrain : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("akichi_terrain_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A 50 x 40 Float32 GeoTIFF in UTM 54N, 10 m pixels whose centres are (400005 + 10 i,
  // 3949995 - 10 r); value 100 + 0.5 i + 0.25 r, a 5 x 4 void (nodata -9999) at columns
  // 10..14, rows 20..23 when `with_void`.
  std::string utm_raster(bool with_void, int epsg = 32654) {
    std::vector<float> z(50 * 40);
    for (int r = 0; r < 40; ++r) {
      for (int i = 0; i < 50; ++i) {
        const bool hole = with_void && i >= 10 && i < 15 && r >= 20 && r < 24;
        z[r * 50 + i] = hole ? -9999.0f : static_cast<float>(100 + 0.5 * i + 0.25 * r);
      }
    }
    const double gt[6] = {400000, 10, 0, 3950000, 0, -10};
    const double nodata = -9999;
    const std::string p = path(with_void ? "void.tif" : "full.tif");
    write_raster<float>("GTiff", p, 50, 40, gt, epsg, z, &nodata);
    return p;
  }
  // A GeoTIFF of `z` (north-up rows, nodata -9999) on the posts of RidgedLonLatDem.
  template <typename Dem>
  std::string write_ridged(const Dem&, const std::vector<float>& z, const std::string& name) {
    const double gt[6] = {139.4, Dem::res, 0, 35.7, 0, -Dem::res};
    const double nodata = -9999;
    const std::string p = path(name);
    write_raster<float>("GTiff", p, Dem::n, Dem::n, gt, 4326, z, &nodata);
    return p;
  }
  // The lattice whose nodes are exactly the pixel centres of utm_raster().
  static TerrainLattice utm_lattice() { return {{400005, 3949605, 400495, 3949995}, 10}; }
  static bool in_void(int i, int j) {
    const int r = 39 - j;
    return i >= 10 && i < 15 && r >= 20 && r < 24;
  }

  fs::path dir_;
  const Crs utm54_ = Crs::from_epsg(32654);
};

TEST_F(RasterTerrain, Wgs84RasterIsReprojectedToUtm) {
  // 1 arc-second grid over lon 139.40..139.50, lat 35.60..35.70; z linear in lon/lat.
  const auto f = [](double lon, double lat) {
    return 50 + 3000 * (lon - 139.4) + 2000 * (lat - 35.6);
  };
  const int n = 360;
  const double res = 1.0 / 3600;
  const double gt[6] = {139.4, res, 0, 35.7, 0, -res};
  std::vector<float> z(n * n);
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < n; ++i)
      z[r * n + i] = static_cast<float>(f(139.4 + (i + 0.5) * res, 35.7 - (r + 0.5) * res));
  }
  const std::string file = path("lonlat.tif");
  write_raster<float>("GTiff", file, n, n, gt, 4326, z);

  const Crs wgs84 = Crs::wgs84();
  ASSERT_EQ(Crs::utm_epsg_for(139.45, 35.65), 32654);
  double cx = 139.45, cy = 35.65;
  Transformer(wgs84, utm54_).transform(cx, cy);
  // 20 m nodes on ~25 x 31 m source pixels: interpolation proper.
  const TerrainLattice lattice{{cx - 3000, cy - 3000, cx + 3000, cy + 3000}, 20};
  RasterTerrainReport report;
  const TerrainGrid g = load_raster_terrain({.path = file}, utm54_, lattice, &report);
  ASSERT_EQ(g.nx(), 301);
  ASSERT_EQ(g.ny(), 301);
  EXPECT_EQ(report.nodata_samples, 0);
  EXPECT_EQ(report.total_samples, 301 * 301);
  EXPECT_EQ(report.source_crs_name, "WGS 84");
  EXPECT_NEAR(report.source_pixel_size, res, 1e-15);

  const Transformer to_lonlat(utm54_, wgs84);
  double max_err = 0;
  for (int j = 0; j < g.ny(); ++j) {
    for (int i = 0; i < g.nx(); ++i) {
      double lon = g.x0_m() + i * g.step_m(), lat = g.y0_m() + j * g.step_m();
      to_lonlat.transform(lon, lat);
      max_err = std::max(max_err, std::abs(g.at(i, j) - f(lon, lat)));
    }
  }
  // Bound: the warper's 0.001-pixel transform approximation at 0.83 m per source pixel (0.8 mm)
  // plus float32 rounding.
  EXPECT_LT(max_err, 1e-3);
}

// A geographic DEM of ridges one post wide (1 arc-second posts, 25 x 31 m at 35.65 N) and the
// bilinear interpolation of its posts at a point of the study CRS, computed directly: the exact
// PROJ transformation of the point and the four posts around it.
struct RidgedLonLatDem {
  static constexpr int n = 360;
  static constexpr double res = 1.0 / 3600;
  std::vector<float> z = std::vector<float>(n * n);  // north-up rows
  RidgedLonLatDem() {
    for (int r = 0; r < n; ++r) {
      for (int i = 0; i < n; ++i) {
        const double lon = 139.4 + (i + 0.5) * res, lat = 35.7 - (r + 0.5) * res;
        z[r * n + i] = static_cast<float>(300 + 120 * std::sin(i * 1.3) * std::cos(r * 0.7) +
                                          4000 * (lon - 139.4) + 1000 * (lat - 35.6));
      }
    }
  }
  double at_posts(double lon, double lat) const {
    const double fi = (lon - 139.4) / res - 0.5, fr = (35.7 - lat) / res - 0.5;
    const int i = static_cast<int>(std::floor(fi)), r = static_cast<int>(std::floor(fr));
    const double tx = fi - i, ty = fr - r;
    const auto v = [&](int ii, int rr) { return static_cast<double>(z[rr * n + ii]); };
    const double north = v(i, r) + tx * (v(i + 1, r) - v(i, r));
    const double south = v(i, r + 1) + tx * (v(i + 1, r + 1) - v(i, r + 1));
    return north + ty * (south - north);
  }
};

TEST_F(RasterTerrain, SourcePostsInterpolateAGeographicDemOnce) {
  const RidgedLonLatDem dem;
  const std::string file = write_ridged(dem, dem.z, "ridges.tif");
  double cx = 139.45, cy = 35.65;
  const Crs wgs84 = Crs::wgs84();
  Transformer(wgs84, utm54_).transform(cx, cy);
  const Extent extent{cx - 3000, cy - 3000, cx + 3000, cy + 3000};
  const RasterGeometry geometry = probe_raster_terrain({.path = file}, utm54_, cx, cy);
  ASSERT_FALSE(geometry.aligned);
  const auto posts = load_source_posts({.path = file}, utm54_, extent, geometry.aligned);
  ASSERT_NE(posts, nullptr);
  // The posts under the 6 km square (about 245 x 195 of them) and their margin, not the file.
  EXPECT_GT(posts->posts().nx(), 240);
  EXPECT_LT(posts->posts().nx(), 290);
  EXPECT_GT(posts->posts().ny(), 190);
  EXPECT_LT(posts->posts().ny(), 240);
  // The lattice the DEM used to be sampled on alone: nodes at its resolution, interpolated.
  TerrainGrid grid =
      load_raster_terrain({.path = file}, utm54_, native_lattice(geometry, extent), nullptr);

  const Transformer to_lonlat(utm54_, wgs84);
  double posts_err = 0, lattice_err = 0;
  for (int k = 0; k < 4000; ++k) {
    // A quasi-random point of the square (the additive recurrence of the plastic number).
    const double u = std::fmod(0.5 + k * 0.7548776662466927, 1.0);
    const double v = std::fmod(0.5 + k * 0.5698402909980532, 1.0);
    const double x = extent.xmin_m + u * extent.width_m(),
                 y = extent.ymin_m + v * extent.height_m();
    double lon = x, lat = y;
    to_lonlat.transform(lon, lat);
    const double expected = dem.at_posts(lon, lat);
    posts_err = std::max(posts_err, std::abs(posts->elevation_m(x, y) - expected));
    lattice_err = std::max(lattice_err, std::abs(grid.elevation_m(x, y) - expected));
  }
  // The map's table puts a point at most s^2 tan(phi) / (8 R) = 0.9 mm off (s = 250 m), on
  // slopes of at most 240 m per 25 m post: under 1 cm. The lattice interpolates twice: metres.
  EXPECT_LT(posts_err, 0.01);
  EXPECT_GT(lattice_err, 1.0);

  // The grid with its posts: elevation_m() is theirs, and so is every profile sample.
  grid.set_source_posts(posts);
  EXPECT_EQ(grid.elevation_m(cx + 17, cy - 230), posts->elevation_m(cx + 17, cy - 230));
  Profile profile;
  const double x0 = cx - 2900, y0 = cy - 2500, x1 = cx + 2700, y1 = cy + 2950;
  for (const double step : {25.0, 3.0}) {
    extract_profile(grid, x0, y0, x1, y1, step, profile);
    const int last = profile.size() - 1;
    ASSERT_EQ(profile.size(), profile_sample_count(std::hypot(x1 - x0, y1 - y0), step));
    EXPECT_EQ(profile.z_m[0], grid.elevation_m(x0, y0));
    EXPECT_EQ(profile.z_m[last], grid.elevation_m(x1, y1));
    EXPECT_EQ(profile.d_m[last], std::hypot(x1 - x0, y1 - y0));
    double err = 0;
    for (int k = 0; k <= last; ++k) {
      const double t = static_cast<double>(k) / last;
      double lon = x0 + t * (x1 - x0), lat = y0 + t * (y1 - y0);
      to_lonlat.transform(lon, lat);
      err = std::max(err, std::abs(profile.z_m[k] - dem.at_posts(lon, lat)));
      EXPECT_DOUBLE_EQ(profile.d_m[k], t * profile.d_m[last]);
    }
    EXPECT_LT(err, 0.01) << "step " << step;
  }
  // Every sample but the ends, off the grid's east edge: clamped to the edge posts' values.
  extract_profile(grid, cx, cy, cx + 40000, cy, 25, profile);
  EXPECT_EQ(profile.z_m[profile.size() - 1], grid.elevation_m(cx + 40000, cy));
  EXPECT_TRUE(std::isfinite(profile.z_m[profile.size() / 2]));
}

TEST_F(RasterTerrain, SourcePostsOnlyWhereTheyReplaceAnInterpolatedLattice) {
  const RidgedLonLatDem dem;
  const std::string file = write_ridged(dem, dem.z, "ridges.tif");
  double cx = 139.45, cy = 35.65;
  Transformer(Crs::wgs84(), utm54_).transform(cx, cy);
  const Extent extent{cx - 1000, cy - 1000, cx + 1000, cy + 1000};
  EXPECT_NE(load_source_posts({.path = file}, utm54_, extent, false), nullptr);
  // Aligned with the study CRS: the lattice is the posts already.
  EXPECT_EQ(load_source_posts({.path = file}, utm54_, extent, true), nullptr);
  // Another kernel than the posts' bilinear interpolation: the lattice, as asked.
  EXPECT_EQ(load_source_posts({.path = file, .resampling = "cubic"}, utm54_, extent, false),
            nullptr);
  // Posts without data under the extent: the lattice and its nodata policy.
  std::vector<float> holed = dem.z;
  holed[180 * RidgedLonLatDem::n + 180] = -9999.0f;
  const std::string holed_file = write_ridged(dem, holed, "holed.tif");
  EXPECT_EQ(load_source_posts({.path = holed_file}, utm54_, extent, false), nullptr);
}

TEST_F(RasterTerrain, SrtmHgtTileLoads) {
  // N35E139.hgt: 1201 x 1201 int16, 3 arc-seconds, pixel centres on whole multiples of 1/1200
  // degree. z = 10 + 1200 (lon - 139) + 2400 (lat - 35) is an integer at every centre.
  const int n = 1201;
  const double res = 1.0 / 1200;
  const double gt[6] = {139 - res / 2, res, 0, 36 + res / 2, 0, -res};
  std::vector<std::int16_t> z(n * n);
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < n; ++i) z[r * n + i] = static_cast<std::int16_t>(10 + i + 2 * (1200 - r));
  }
  const std::string file = path("N35E139.hgt");
  write_raster<std::int16_t>("SRTMHGT", file, n, n, gt, 4326, z);
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::file_size(file), 1201u * 1201u * 2u);

  double cx = 139.5, cy = 35.5;
  const Crs wgs84 = Crs::wgs84();
  Transformer(wgs84, utm54_).transform(cx, cy);
  const TerrainLattice lattice{{cx - 5000, cy - 5000, cx + 5000, cy + 5000}, 50};
  RasterTerrainReport report;
  const TerrainGrid g = load_raster_terrain({.path = file}, utm54_, lattice, &report);
  EXPECT_EQ(report.nodata_samples, 0);
  EXPECT_NEAR(report.source_pixel_size, res, 1e-12);
  const Transformer to_lonlat(utm54_, wgs84);
  for (int j = 0; j < g.ny(); ++j) {
    for (int i = 0; i < g.nx(); ++i) {
      double lon = g.x0_m() + i * g.step_m(), lat = g.y0_m() + j * g.step_m();
      to_lonlat.transform(lon, lat);
      // 0.001-pixel transform approximation at up to 2 m per pixel, plus float32 rounding.
      ASSERT_NEAR(g.at(i, j), 10 + 1200 * (lon - 139) + 2400 * (lat - 35), 3e-3) << i << ", " << j;
    }
  }
}

TEST_F(RasterTerrain, AlignedRasterGivesItsPixelsAtTheNodes) {
  const std::string file = utm_raster(false);
  for (const char* alg : {"near", "bilinear", "cubic"}) {
    const TerrainGrid g =
        load_raster_terrain({.path = file, .resampling = alg}, utm54_, utm_lattice(), nullptr);
    ASSERT_EQ(g.nx(), 50);
    ASSERT_EQ(g.ny(), 40);
    for (int j = 0; j < 40; ++j) {
      for (int i = 0; i < 50; ++i) {
        // Row 0 of the grid is the south: raster row 39.
        ASSERT_NEAR(g.at(i, j), 100 + 0.5 * i + 0.25 * (39 - j), 1e-4)
            << alg << " " << i << "," << j;
      }
    }
  }
}

TEST_F(RasterTerrain, ProbeOfARasterInTheStudyCrsGivesItsPosts) {
  const RasterGeometry g =
      probe_raster_terrain({.path = utm_raster(false)}, utm54_, 400200, 3949800);
  EXPECT_EQ(g.pixel_x_m, 10.0);
  EXPECT_EQ(g.pixel_y_m, 10.0);
  EXPECT_EQ(g.resolution_m(), 10.0);
  EXPECT_TRUE(g.aligned);
  EXPECT_EQ(g.post_x_m, 400005.0);
  EXPECT_EQ(g.post_y_m, 3949995.0);
  EXPECT_EQ(g.columns, 50);
  EXPECT_EQ(g.rows, 40);
  EXPECT_EQ(g.source_units, "metre");
  EXPECT_EQ(g.crs_name, "WGS 84 / UTM zone 54N");
}

TEST_F(RasterTerrain, ProbeOfAGeographicRasterMeasuresItsArcSecondsInMetres) {
  const int n = 36;
  const double res = 1.0 / 3600;
  const double gt[6] = {139.44, res, 0, 35.66, 0, -res};
  const std::string file = path("arcsec.tif");
  write_raster<float>("GTiff", file, n, n, gt, 4326, std::vector<float>(n * n, 10.0f));
  double cx = 139.445, cy = 35.655;
  Transformer(Crs::wgs84(), utm54_).transform(cx, cy);
  const RasterGeometry g = probe_raster_terrain({.path = file}, utm54_, cx, cy);
  // One arc-second on WGS 84 at 35.655 N: N cos(lat) and M radians along the parallel and the
  // meridian (N = a / W, M = a (1 - e^2) / W^3, W = sqrt(1 - e^2 sin^2 lat)), times the UTM
  // scale 0.9996 (1 + (dlon cos lat)^2 / 2) at 1.555 degrees from zone 54's central meridian.
  constexpr double a = 6378137.0, e2 = 0.00669437999014;
  const double lat = 35.655 * std::numbers::pi / 180, rad = res * std::numbers::pi / 180;
  const double w = std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
  const double dl = (141.0 - 139.445) * std::numbers::pi / 180 * std::cos(lat);
  const double k = 0.9996 * (1 + dl * dl / 2);
  EXPECT_NEAR(g.pixel_x_m, k * a / w * std::cos(lat) * rad, 2e-4 * g.pixel_x_m);
  EXPECT_NEAR(g.pixel_y_m, k * a * (1 - e2) / (w * w * w) * rad, 2e-4 * g.pixel_y_m);
  EXPECT_EQ(g.resolution_m(), g.pixel_x_m);  // the parallels' arc-seconds are the shorter
  EXPECT_FALSE(g.aligned);
  EXPECT_EQ(g.source_units, "degree");
  EXPECT_EQ(g.source_pixel_x, res);
}

TEST_F(RasterTerrain, NativeLatticeNodesAreTheDemsOwnPosts) {
  const std::string file = utm_raster(false);
  const RasterGeometry geometry = probe_raster_terrain({.path = file}, utm54_, 0, 0);
  // An extent off the posts grows outwards to them: 400012 -> 400005, 3949611 -> 3949605.
  const TerrainLattice lattice = native_lattice(geometry, {400012, 3949611, 400300, 3949800});
  EXPECT_EQ(lattice.step_m, 10.0);
  EXPECT_EQ(lattice.extent.xmin_m, 400005.0);
  EXPECT_EQ(lattice.extent.ymin_m, 3949605.0);
  const TerrainGrid g = load_raster_terrain({.path = file}, utm54_, lattice, nullptr);
  ASSERT_EQ(g.nx(), 31);  // 400005 .. 400305
  ASSERT_EQ(g.ny(), 21);  // 3949605 .. 3949805
  for (int j = 0; j < g.ny(); ++j) {
    for (int i = 0; i < g.nx(); ++i) {
      // The node (400005 + 10 i, 3949605 + 10 j) is the post of column i, row 39 - j, as it is
      // (float32, no interpolation).
      ASSERT_EQ(g.at(i, j), static_cast<float>(100 + 0.5 * i + 0.25 * (39 - j))) << i << "," << j;
    }
  }
}

TEST_F(RasterTerrain, CoarserNodesSampleRidgesRatherThanAverageThem) {
  // A flat 100 m DEM, 10 m posts, with a ridge one post wide (200 m) along column 21 and a peak
  // one post wide (300 m) at column 30, row 9. Nodes every 30 m that fall on those posts keep
  // their height: the bilinear kernel is not widened into a 30 m average (which gave 133 m).
  std::vector<float> z(50 * 40, 100.0f);
  for (int r = 0; r < 40; ++r) z[r * 50 + 21] = 200.0f;
  z[9 * 50 + 30] = 300.0f;
  const double gt[6] = {400000, 10, 0, 3950000, 0, -10};
  const std::string file = path("ridge.tif");
  write_raster<float>("GTiff", file, 50, 40, gt, 32654, z);
  // Nodes at x = 400005 + 30 i (column 3 i) and y = 3949605 + 30 j (row 39 - 3 j).
  const TerrainLattice lattice{{400005, 3949605, 400485, 3949995}, 30};
  for (const char* alg : {"near", "bilinear", "cubic"}) {
    const TerrainGrid g =
        load_raster_terrain({.path = file, .resampling = alg}, utm54_, lattice, nullptr);
    ASSERT_EQ(g.nx(), 17);
    EXPECT_NEAR(g.at(7, 3), 200.0, 1e-3) << alg;    // column 21
    EXPECT_NEAR(g.at(10, 10), 300.0, 1e-3) << alg;  // column 30, row 9
    EXPECT_NEAR(g.at(2, 3), 100.0, 1e-3) << alg;
  }
  // "average" is asked for by name and averages: the 30 m node over columns 20..22 holds
  // (100 + 200 + 100) / 3.
  const TerrainGrid avg =
      load_raster_terrain({.path = file, .resampling = "average"}, utm54_, lattice, nullptr);
  EXPECT_NEAR(avg.at(7, 3), 400.0 / 3, 1e-3);
}

TEST_F(RasterTerrain, VoidIsAnErrorByDefault) {
  const std::string file = utm_raster(true);
  try {
    load_raster_terrain({.path = file, .resampling = "near"}, utm54_, utm_lattice(), nullptr);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              file +
                  ": 20 of 2000 terrain samples have no data (1.00%), expected full coverage "
                  "of the study area; set terrain.nodata = \"fill\" or \"nearest\"");
  }
}

TEST_F(RasterTerrain, FillPolicyUsesTheConstant) {
  const std::string file = utm_raster(true);
  RasterTerrainReport report;
  const TerrainGrid g = load_raster_terrain(
      {.path = file, .resampling = "near", .nodata = NodataPolicy::Fill, .fill_value_m = 7.5},
      utm54_, utm_lattice(), &report);
  EXPECT_EQ(report.nodata_samples, 20);
  EXPECT_EQ(report.total_samples, 2000);
  for (int j = 0; j < 40; ++j) {
    for (int i = 0; i < 50; ++i) {
      ASSERT_EQ(g.at(i, j),
                in_void(i, j) ? 7.5f : static_cast<float>(100 + 0.5 * i + 0.25 * (39 - j)));
    }
  }
}

TEST_F(RasterTerrain, NearestPolicyInterpolatesFromNeighbours) {
  const std::string file = utm_raster(true);
  RasterTerrainReport report;
  const TerrainGrid g =
      load_raster_terrain({.path = file, .resampling = "near", .nodata = NodataPolicy::Nearest},
                          utm54_, utm_lattice(), &report);
  EXPECT_EQ(report.nodata_samples, 20);
  for (int j = 0; j < 40; ++j) {
    for (int i = 0; i < 50; ++i) {
      const double plane = 100 + 0.5 * i + 0.25 * (39 - j);
      if (in_void(i, j)) {
        // Interpolated from the ring around the void (columns 9..15, rows 19..24).
        ASSERT_GE(g.at(i, j), 100 + 0.5 * 9 + 0.25 * 19 - 1e-3);
        ASSERT_LE(g.at(i, j), 100 + 0.5 * 15 + 0.25 * 24 + 1e-3);
        ASSERT_NEAR(g.at(i, j), plane, 2.0);
      } else {
        ASSERT_EQ(g.at(i, j), static_cast<float>(plane));
      }
    }
  }
}

TEST_F(RasterTerrain, PartialCoverageIsNodata) {
  const std::string file = utm_raster(false);
  TerrainLattice lattice = utm_lattice();
  lattice.extent.xmax_m += 200;  // 20 more columns east of the raster
  try {
    load_raster_terrain({.path = file}, utm54_, lattice, nullptr);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(file + ": 800 of 2800 terrain samples have no data"),
              std::string::npos)
        << e.what();
  }
  RasterTerrainReport report;
  const TerrainGrid g = load_raster_terrain(
      {.path = file, .nodata = NodataPolicy::Fill, .fill_value_m = -3}, utm54_, lattice, &report);
  EXPECT_EQ(report.nodata_samples, 800);
  EXPECT_EQ(g.at(69, 0), -3.0f);
  EXPECT_EQ(g.at(49, 0), static_cast<float>(100 + 0.5 * 49 + 0.25 * 39));
}

TEST_F(RasterTerrain, NoOverlapIsAnErrorWhateverThePolicy) {
  const std::string file = utm_raster(false);
  const TerrainLattice far{{500000, 3800000, 501000, 3801000}, 50};
  for (NodataPolicy policy : {NodataPolicy::Error, NodataPolicy::Fill, NodataPolicy::Nearest}) {
    try {
      load_raster_terrain({.path = file, .nodata = policy}, utm54_, far, nullptr);
      FAIL() << "expected InputError";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(file), std::string::npos) << msg;
      EXPECT_NE(msg.find("covers the study area"), std::string::npos) << msg;
    }
  }
}

TEST_F(RasterTerrain, InputErrorsNameTheFileOrField) {
  const auto message = [&](const RasterTerrainOptions& o) -> std::string {
    try {
      load_raster_terrain(o, utm54_, utm_lattice(), nullptr);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string missing = path("nowhere/N00E000.hgt");
  std::string msg = message({.path = missing});
  EXPECT_EQ(msg.rfind(missing + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find("cannot open"), std::string::npos) << msg;

  const std::string garbage = path("garbage.tif");
  {
    std::FILE* f = std::fopen(garbage.c_str(), "w");
    std::fputs("not a raster", f);
    std::fclose(f);
  }
  msg = message({.path = garbage});
  EXPECT_EQ(msg.rfind(garbage + ": ", 0), 0u) << msg;

  std::vector<float> z(16, 1.0f);
  const double gt[6] = {400000, 10, 0, 3950000, 0, -10};
  const std::string no_crs = path("no_crs.tif");
  write_raster<float>("GTiff", no_crs, 4, 4, gt, 0, z);
  msg = message({.path = no_crs});
  EXPECT_EQ(msg.rfind(no_crs + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find("without a coordinate reference system"), std::string::npos) << msg;

  const std::string full = utm_raster(false);
  msg = message({.path = full, .resampling = "bicubic"});
  EXPECT_NE(msg.find("terrain.resampling: found \"bicubic\""), std::string::npos) << msg;
  msg = message({.path = full, .band = 2});
  EXPECT_NE(msg.find("terrain.band: found 2"), std::string::npos) << msg;
}

}  // namespace
}  // namespace akichi::prop::raster_test

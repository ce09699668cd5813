// Land cover from GeoTIFFs written at test time with GDAL: a raster of four quadrants of known
// classes in the study CRS and the same layout in geographic coordinates (warped with nearest
// neighbour), the built-in tables, profile heights along a line, and the input errors (unknown
// class value, no data, no CRS, bad band).
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <gdal.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "propagation/terrain/land_cover.h"

namespace akichi::prop::land_cover_test {
namespace {

namespace fs = std::filesystem;
using T = p2108::ClutterType;

/// Writes a single-band Byte GeoTIFF. gt is the GDAL geotransform; epsg 0 leaves the CRS out.
void write_classes(const std::string& path, int nx, int ny, const double (&gt)[6], int epsg,
                   const std::vector<std::uint8_t>& north_up, const double* nodata = nullptr) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  ASSERT_NE(drv, nullptr);
  GDALDataset* ds = drv->Create(path.c_str(), nx, ny, 1, GDT_Byte, nullptr);
  ASSERT_NE(ds, nullptr);
  double g[6];
  std::copy(gt, gt + 6, g);
  ds->SetGeoTransform(g);
  if (epsg != 0) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ds->SetSpatialRef(&srs);
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (nodata != nullptr) band->SetNoDataValue(*nodata);
  ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, nx, ny, const_cast<std::uint8_t*>(north_up.data()), nx,
                           ny, GDT_Byte, 0, 0, nullptr),
            CE_None);
  GDALClose(ds);
}

// The study CRS, UTM 54N, and the quadrant raster: 40 x 40 pixels of 10 m, its north-west
// corner at (400000, 3950000): north-west quadrant built-up (50), north-east tree cover (10),
// south-west permanent water (80), south-east cropland (40), the ESA WorldCover values.
constexpr double kX0 = 400000, kYTop = 3950000;

std::uint8_t quadrant_class(double x, double y) {
  const bool east = x >= kX0 + 200, north = y >= kYTop - 200;
  return north ? (east ? 10 : 50) : (east ? 40 : 80);
}

class LandCoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("akichi_land_cover_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// The quadrant raster in UTM 54N; `patch` (when >= 0) replaces the 2 x 2 pixels at columns
  /// 4..5, rows 4..5 (inside the built-up quadrant).
  std::string quadrants(int patch = -1, const double* nodata = nullptr) {
    std::vector<std::uint8_t> v(40 * 40);
    for (int r = 0; r < 40; ++r) {
      for (int i = 0; i < 40; ++i) {
        v[r * 40 + i] = quadrant_class(kX0 + 10 * i + 5, kYTop - 10 * r - 5);
        if (patch >= 0 && i >= 4 && i < 6 && r >= 4 && r < 6)
          v[r * 40 + i] = static_cast<std::uint8_t>(patch);
      }
    }
    const double gt[6] = {kX0, 10, 0, kYTop, 0, -10};
    const std::string p = path("quadrants.tif");
    write_classes(p, 40, 40, gt, 32654, v, nodata);
    return p;
  }

  LandCoverOptions esa(const std::string& p) const {
    LandCoverOptions o;
    o.path = p;
    o.classes = "esa-worldcover";
    o.table = esa_worldcover_classes();
    o.nodata_values = {0};
    return o;
  }

  const Crs utm = Crs::from_user_input("EPSG:32654");
  const Extent inside{kX0 + 20, kYTop - 380, kX0 + 380, kYTop - 20};
  fs::path dir_;
};

TEST(LandCoverTables, HeightsFollowP2108Table3AndP1812Table2) {
  // P.2108-1 Table 3 (terminal R) and P.1812-6 Table 2 (profile R_i) for every type.
  const struct {
    T type;
    double R, Ri;
  } expected[] = {{T::WaterSea, 10, 0}, {T::OpenRural, 10, 0},    {T::Suburban, 10, 10},
                  {T::Urban, 15, 15},   {T::TreesForest, 15, 15}, {T::DenseUrban, 20, 20}};
  for (const auto& e : expected) {
    const ClutterClass c = default_clutter_class(e.type);
    EXPECT_EQ(c.height_m, e.R) << clutter_type_key(e.type);
    EXPECT_EQ(c.profile_height_m, e.Ri) << clutter_type_key(e.type);
    EXPECT_EQ(clutter_type_from_key(clutter_type_key(e.type)), e.type);
  }
  EXPECT_FALSE(clutter_type_from_key("forest").has_value());
  // The products' published class lists: 11 WorldCover classes, 12 JAXA ver. 21.11 categories.
  EXPECT_EQ(esa_worldcover_classes().size(), 11u);
  EXPECT_EQ(esa_worldcover_classes().at(50).type, T::Urban);
  EXPECT_EQ(esa_worldcover_classes().at(80).type, T::WaterSea);
  EXPECT_EQ(esa_worldcover_classes().at(95).type, T::TreesForest);
  EXPECT_EQ(jaxa_hrlulc_classes().size(), 12u);
  EXPECT_EQ(jaxa_hrlulc_classes().at(3).type, T::OpenRural);     // paddy field
  EXPECT_EQ(jaxa_hrlulc_classes().at(11).type, T::TreesForest);  // bamboo forest
  EXPECT_EQ(jaxa_hrlulc_classes().at(2).profile_height_m, 15.0);
}

TEST_F(LandCoverTest, ClutterAtQuadrantsInTheStudyCrs) {
  LandCoverSurvey s;
  const LandCover lc = load_land_cover(esa(quadrants()), utm, inside, &s);
  // The raster is in the study CRS: its own pixel centres are the nodes, 10 m apart.
  EXPECT_EQ(lc.step_m(), 10.0);
  EXPECT_EQ(s.columns, 40);
  EXPECT_EQ(s.rows, 40);
  EXPECT_DOUBLE_EQ(s.pixel_x_m, 10.0);
  EXPECT_DOUBLE_EQ(std::fmod(lc.x0_m() - (kX0 + 5), 10.0), 0.0);
  const struct {
    double x, y;
    T type;
    double R, Ri;
  } points[] = {
      {kX0 + 100, kYTop - 100, T::Urban, 15, 15},        // built-up
      {kX0 + 300, kYTop - 100, T::TreesForest, 15, 15},  // tree cover
      {kX0 + 100, kYTop - 300, T::WaterSea, 10, 0},      // permanent water
      {kX0 + 300, kYTop - 300, T::OpenRural, 10, 0},     // cropland
      // Either side of the vertical boundary x = kX0 + 200, 1 m away: the pixel it falls in.
      {kX0 + 199, kYTop - 50, T::Urban, 15, 15},
      {kX0 + 201, kYTop - 50, T::TreesForest, 15, 15},
  };
  for (const auto& p : points) {
    const ClutterAt c = lc.clutter_at(p.x, p.y);
    EXPECT_EQ(c.type, p.type) << p.x << ", " << p.y;
    EXPECT_EQ(c.height_m, p.R) << p.x << ", " << p.y;
    EXPECT_EQ(lc.profile_height_m(p.x, p.y), p.Ri) << p.x << ", " << p.y;
  }
  // The histogram over the lattice: the extent's 36 x 36 pixel centres (+1 each way for the
  // edge posts), a quarter of them per class when the extent is centred on the raster.
  std::int64_t total = 0;
  for (const auto& [value, count] : s.histogram) total += count;
  EXPECT_EQ(total, static_cast<std::int64_t>(s.nx) * s.ny);
  EXPECT_EQ(s.histogram.size(), 4u);
  EXPECT_EQ(s.histogram.at(50), s.histogram.at(40));
  EXPECT_TRUE(s.unmapped.empty());
  EXPECT_EQ(s.nodata_nodes, 0);
}

TEST_F(LandCoverTest, ProfileHeightsAlongALine) {
  const LandCover lc = load_land_cover(esa(quadrants()), utm, inside, nullptr);
  // West to east across the northern half: built-up (15 m) then tree cover (15 m); across the
  // southern half: water (0 m) then cropland (0 m); south to north on the west: water then
  // built-up, the change at the half-way point.
  std::vector<double> R(11);
  lc.fill_profile_heights(kX0 + 50, kYTop - 350, kX0 + 50, kYTop - 50, 11, R.data());
  for (int k = 0; k < 11; ++k) {
    const double y = kYTop - 350 + 30.0 * k;
    EXPECT_EQ(R[k], y >= kYTop - 200 ? 15.0 : 0.0) << k;
  }
}

TEST_F(LandCoverTest, GeographicRasterWarpedWithNearest) {
  // The same quadrants drawn in EPSG:4326: pixels of 1e-4 deg around the UTM raster's centre.
  double lon = kX0 + 200, lat = kYTop - 200;
  Transformer(utm, Crs::wgs84()).transform(lon, lat);
  const int n = 60;
  const double px = 1e-4;
  std::vector<std::uint8_t> v(n * n);
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < n; ++i) {
      const bool east = i >= n / 2, north = r < n / 2;
      v[r * n + i] = north ? (east ? 10 : 50) : (east ? 40 : 80);
    }
  }
  const double gt[6] = {lon - n / 2 * px, px, 0, lat + n / 2 * px, 0, -px};
  const std::string p = path("geographic.tif");
  write_classes(p, n, n, gt, 4326, v);
  LandCoverSurvey s;
  const Extent e{kX0 + 50, kYTop - 350, kX0 + 350, kYTop - 50};
  const LandCover lc = load_land_cover(esa(p), utm, e, &s);
  EXPECT_EQ(s.source_units, "degree");
  // Pixels of 1e-4 deg are about 9 m east-west and 11 m north-south at 35.7 N: the lattice
  // takes the finer dimension.
  EXPECT_NEAR(lc.step_m(), s.pixel_x_m < s.pixel_y_m ? s.pixel_x_m : s.pixel_y_m, 1e-9);
  EXPECT_LT(s.pixel_x_m, s.pixel_y_m);
  // Only the four classes, never a value between them (nearest neighbour).
  EXPECT_EQ(s.histogram.size(), 4u);
  // 100 m from the quadrant boundaries (which are 0.0030 deg, ~ 270 m, from the centre, so the
  // points are inside the raster):
  EXPECT_EQ(lc.clutter_at(kX0 + 100, kYTop - 100).type, T::Urban);
  EXPECT_EQ(lc.clutter_at(kX0 + 300, kYTop - 100).type, T::TreesForest);
  EXPECT_EQ(lc.clutter_at(kX0 + 100, kYTop - 300).type, T::WaterSea);
  EXPECT_EQ(lc.clutter_at(kX0 + 300, kYTop - 300).type, T::OpenRural);
}

TEST_F(LandCoverTest, UserTableAndOverrides) {
  LandCoverOptions o = esa(quadrants());
  o.classes = "table";
  o.table = {{50, {T::DenseUrban, 25, 25, "towers"}},
             {10, {T::TreesForest, 12, 12, "wood"}},
             {80, default_clutter_class(T::WaterSea)},
             {40, {T::Suburban, 8, 6, "village"}}};
  const LandCover lc = load_land_cover(o, utm, inside, nullptr);
  EXPECT_EQ(lc.clutter_at(kX0 + 100, kYTop - 100).type, T::DenseUrban);
  EXPECT_EQ(lc.clutter_at(kX0 + 100, kYTop - 100).height_m, 25.0);
  EXPECT_EQ(lc.profile_height_m(kX0 + 300, kYTop - 100), 12.0);
  EXPECT_EQ(lc.clutter_at(kX0 + 300, kYTop - 300).height_m, 8.0);
  EXPECT_EQ(lc.profile_height_m(kX0 + 300, kYTop - 300), 6.0);
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST_F(LandCoverTest, UnknownClassValueNamesFileAndValue) {
  const std::string p = quadrants(77);
  const std::string m = message_of([&] { load_land_cover(esa(p), utm, inside, nullptr); });
  EXPECT_NE(m.find(p), std::string::npos) << m;
  EXPECT_NE(m.find("land_cover.classes"), std::string::npos) << m;
  EXPECT_NE(m.find("found class value 77"), std::string::npos) << m;
  EXPECT_NE(m.find("expected a value of the \"esa-worldcover\" classes (10, 20, 30"),
            std::string::npos)
      << m;
  // The survey still says what was found.
  LandCoverSurvey s;
  EXPECT_THROW(load_land_cover(esa(p), utm, inside, &s), InputError);
  ASSERT_EQ(s.unmapped.size(), 1u);
  EXPECT_EQ(s.unmapped[0], 77);
  EXPECT_EQ(s.histogram.at(77), 4);
}

TEST_F(LandCoverTest, NoDataIsAnErrorOrTheFallback) {
  const double nodata = 255;
  const std::string p = quadrants(255, &nodata);
  const std::string m = message_of([&] { load_land_cover(esa(p), utm, inside, nullptr); });
  EXPECT_NE(m.find(p), std::string::npos) << m;
  EXPECT_NE(m.find("land_cover.nodata: found 4 of"), std::string::npos) << m;
  // ESA's own no-data value 0 is no data as well, without a nodata value in the file.
  const std::string p0 = quadrants(0);
  EXPECT_NE(message_of([&] {
              load_land_cover(esa(p0), utm, inside, nullptr);
            }).find("land_cover.nodata: found 4 of"),
            std::string::npos);
  LandCoverOptions o = esa(p);
  o.nodata = default_clutter_class(T::Suburban, "no data");
  LandCoverSurvey s;
  const LandCover lc = load_land_cover(o, utm, inside, &s);
  EXPECT_EQ(s.nodata_nodes, 4);
  EXPECT_EQ(lc.clutter_at(kX0 + 45, kYTop - 45).type, T::Suburban);  // the patch's pixel
  EXPECT_EQ(lc.profile_height_m(kX0 + 45, kYTop - 45), 10.0);
  EXPECT_EQ(lc.clutter_at(kX0 + 100, kYTop - 100).type, T::Urban);
  // An extent reaching beyond the raster has nodes without data too.
  const Extent beyond{kX0 - 100, kYTop - 380, kX0 + 380, kYTop - 20};
  const std::string m2 =
      message_of([&] { load_land_cover(esa(quadrants()), utm, beyond, nullptr); });
  EXPECT_NE(m2.find("land_cover.nodata"), std::string::npos) << m2;
}

TEST_F(LandCoverTest, UnreadableUngeoreferencedAndBadBand) {
  const std::string missing = path("none.tif");
  EXPECT_NE(message_of([&] {
              load_land_cover(esa(missing), utm, inside, nullptr);
            }).find("a file GDAL cannot open as a raster"),
            std::string::npos);
  std::vector<std::uint8_t> v(16, 50);
  const double gt[6] = {kX0, 10, 0, kYTop, 0, -10};
  const std::string no_crs = path("no_crs.tif");
  write_classes(no_crs, 4, 4, gt, 0, v);
  const std::string m = message_of([&] { load_land_cover(esa(no_crs), utm, inside, nullptr); });
  EXPECT_NE(m.find(no_crs), std::string::npos) << m;
  EXPECT_NE(m.find("found a raster without a coordinate reference system"), std::string::npos) << m;
  LandCoverOptions o = esa(quadrants());
  o.band = 2;
  EXPECT_NE(message_of([&] {
              load_land_cover(o, utm, inside, nullptr);
            }).find("land_cover.band: found 2, expected a band between 1 and 1"),
            std::string::npos);
}

}  // namespace
}  // namespace akichi::prop::land_cover_test

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>
#include <vector>

#include "base/errors.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/map.h"

namespace akichi::viz {
namespace {

using testing::gradient_layer;
using testing::ScratchDir;

struct Closer {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, Closer>;

DatasetPtr open(const std::string& path) {
  GDALAllRegister();
  return DatasetPtr(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
}

TEST(VizGeoTiff, GeoreferencingValuesAndNoData) {
  ScratchDir dir;
  const MapLayer layer = gradient_layer();
  const std::string path = dir.file("rx_power.tif");
  write_geotiff(layer, path);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"rx_power.tif"});

  DatasetPtr ds = open(path);
  ASSERT_TRUE(ds);
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GTiff");
  EXPECT_EQ(ds->GetRasterXSize(), 60);
  EXPECT_EQ(ds->GetRasterYSize(), 40);
  EXPECT_EQ(ds->GetRasterCount(), 1);

  double gt[6];
  ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
  EXPECT_DOUBLE_EQ(gt[0], 384000.0);
  EXPECT_DOUBLE_EQ(gt[1], 10.0);
  EXPECT_DOUBLE_EQ(gt[2], 0.0);
  EXPECT_DOUBLE_EQ(gt[3], 3950000.0 + 40 * 10.0);  // northern edge
  EXPECT_DOUBLE_EQ(gt[4], 0.0);
  EXPECT_DOUBLE_EQ(gt[5], -10.0);

  OGRSpatialReference expected;
  ASSERT_EQ(expected.importFromEPSG(32654), OGRERR_NONE);
  const OGRSpatialReference* got = ds->GetSpatialRef();
  ASSERT_NE(got, nullptr);
  EXPECT_TRUE(got->IsSame(&expected)) << got->GetName();
  EXPECT_STREQ(got->GetAuthorityCode(nullptr), "32654");

  GDALRasterBand* band = ds->GetRasterBand(1);
  EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  EXPECT_TRUE(has_nodata);
  EXPECT_TRUE(std::isnan(nodata));
  EXPECT_STREQ(band->GetDescription(), "received power");
  EXPECT_STREQ(band->GetUnitType(), "dBm");
  EXPECT_STREQ(band->GetMetadataItem("name"), "rx_power");
  const char* compression = ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
  ASSERT_NE(compression, nullptr);
  EXPECT_STREQ(compression, "DEFLATE");

  std::vector<float> image(60 * 40);
  ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 60, 40, image.data(), 60, 40, GDT_Float32, 0, 0, nullptr),
            CE_None);
  const auto at = [&](int row, int col) { return image[static_cast<std::size_t>(row) * 60 + col]; };
  // Row 0 is the northern row iy = 39, row 39 the southern row iy = 0.
  EXPECT_FLOAT_EQ(at(0, 0), -100.0f + 0 + 0.5f * 39);
  EXPECT_FLOAT_EQ(at(39, 0), -100.0f);
  EXPECT_FLOAT_EQ(at(39, 59), -100.0f + 59);
  EXPECT_FLOAT_EQ(at(10, 7), -100.0f + 7 + 0.5f * 29);
  // NaN block at ix 50..52, iy 30..31 -> rows 8..9.
  EXPECT_TRUE(std::isnan(at(8, 50)));
  EXPECT_TRUE(std::isnan(at(9, 52)));
  EXPECT_FALSE(std::isnan(at(10, 50)));
  EXPECT_FALSE(std::isnan(at(8, 53)));
  // Every value round-trips exactly.
  for (int iy = 0; iy < 40; ++iy)
    for (int ix = 0; ix < 60; ++ix) {
      const float want = layer.values[static_cast<std::size_t>(iy) * 60 + ix];
      const float have = at(39 - iy, ix);
      if (std::isnan(want))
        EXPECT_TRUE(std::isnan(have));
      else
        EXPECT_EQ(have, want) << ix << "," << iy;
    }
  // The centre of cell (ix 7, iy 29) maps to (row 10, col 7) through the geotransform.
  const double x = 384000.0 + 7.5 * 10, y = 3950000.0 + 29.5 * 10;
  EXPECT_EQ(static_cast<int>(std::floor((x - gt[0]) / gt[1])), 7);
  EXPECT_EQ(static_cast<int>(std::floor((y - gt[3]) / gt[5])), 10);
}

TEST(VizGeoTiff, CategoryLabelsAreStoredAsMetadata) {
  ScratchDir dir;
  MapLayer layer = gradient_layer();
  layer.categorical = true;
  layer.category_labels = {"gnb-1", "gnb-2"};
  for (auto& v : layer.values)
    if (!std::isnan(v)) v = v > -60.0f ? 1.0f : 0.0f;
  write_geotiff(layer, dir.file("best.tiff"));
  DatasetPtr ds = open(dir.file("best.tiff"));
  ASSERT_TRUE(ds);
  GDALRasterBand* band = ds->GetRasterBand(1);
  EXPECT_STREQ(band->GetMetadataItem("category_0"), "gnb-1");
  EXPECT_STREQ(band->GetMetadataItem("category_1"), "gnb-2");
}

TEST(VizGeoTiff, InvalidInputIsAnInputErrorAndLeavesNoFile) {
  ScratchDir dir;
  const std::string out = dir.file("m.tif");
  MapLayer no_crs = gradient_layer();
  no_crs.crs_wkt.clear();
  EXPECT_THROW(write_geotiff(no_crs, out), InputError);
  MapLayer geographic = gradient_layer();
  geographic.crs_wkt = "EPSG:4326";
  EXPECT_THROW(write_geotiff(geographic, out), InputError);
  MapLayer garbage = gradient_layer();
  garbage.crs_wkt = "not a crs";
  EXPECT_THROW(write_geotiff(garbage, out), InputError);
  MapLayer mismatch = gradient_layer();
  mismatch.nx = 61;
  EXPECT_THROW(write_geotiff(mismatch, out), InputError);
  EXPECT_THROW(write_geotiff(MapLayer{}, out), InputError);
  const MapLayer good = gradient_layer();
  EXPECT_THROW(write_geotiff(good, dir.file("m.png")), InputError);
  EXPECT_THROW(write_geotiff(good, dir.file("missing/m.tif")), InputError);
  EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace akichi::viz

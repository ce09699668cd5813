#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "base/errors.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/map.h"

namespace akichi::viz::map_geotiff_test {
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

/// Reads a whole text file.
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The gradient layer as two categories: 1 where the value is above -60 dBm, else 0.
MapLayer two_categories() {
  MapLayer layer = gradient_layer();
  layer.name = "best_server";
  layer.long_name = "best server";
  layer.units.clear();
  layer.categorical = true;
  layer.category_labels = {"gnb-1", "工場 <A&B>"};
  for (auto& v : layer.values)
    if (!std::isnan(v)) v = v > -60.0f ? 1.0f : 0.0f;
  return layer;
}

TEST(VizGeoTiff, CategoriesAreAnIntegerBandWithColoursNamesAndAQgisStyle) {
  ScratchDir dir;
  const MapLayer layer = two_categories();
  write_geotiff(layer, dir.file("best.tiff"));
  EXPECT_EQ(dir.entries(),
            (std::vector<std::string>{"best.qml", "best.tiff", "best.tiff.aux.xml"}));
  DatasetPtr ds = open(dir.file("best.tiff"));
  ASSERT_TRUE(ds);
  GDALRasterBand* band = ds->GetRasterBand(1);
  EXPECT_EQ(band->GetRasterDataType(), GDT_Byte);
  EXPECT_EQ(band->GetColorInterpretation(), GCI_PaletteIndex);
  int has_nodata = 0;
  EXPECT_EQ(band->GetNoDataValue(&has_nodata), 255.0);
  EXPECT_TRUE(has_nodata);
  EXPECT_STREQ(band->GetMetadataItem("category_0"), "gnb-1");
  EXPECT_STREQ(band->GetMetadataItem("category_1"), "工場 <A&B>");

  char** names = band->GetCategoryNames();
  ASSERT_NE(names, nullptr);
  ASSERT_EQ(CSLCount(names), 2);
  EXPECT_STREQ(names[0], "gnb-1");
  EXPECT_STREQ(names[1], "工場 <A&B>");

  // The colour table holds the PNG legend's colours: tab10 blue and orange.
  const GDALColorTable* table = band->GetColorTable();
  ASSERT_NE(table, nullptr);
  const GDALColorEntry* c0 = table->GetColorEntry(0);
  const GDALColorEntry* c1 = table->GetColorEntry(1);
  ASSERT_TRUE(c0 && c1);
  EXPECT_EQ(std::vector<short>({c0->c1, c0->c2, c0->c3}), std::vector<short>({31, 119, 180}));
  EXPECT_EQ(std::vector<short>({c1->c1, c1->c2, c1->c3}), std::vector<short>({255, 127, 14}));

  // Values: the category indices, north row first; NaN became the no-data value.
  std::vector<std::uint8_t> image(60 * 40);
  ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 60, 40, image.data(), 60, 40, GDT_Byte, 0, 0, nullptr),
            CE_None);
  for (int iy = 0; iy < 40; ++iy)
    for (int ix = 0; ix < 60; ++ix) {
      const float want = layer.values[static_cast<std::size_t>(iy) * 60 + ix];
      const int have = image[static_cast<std::size_t>(39 - iy) * 60 + ix];
      EXPECT_EQ(have, std::isnan(want) ? 255 : static_cast<int>(want)) << ix << "," << iy;
    }

  // The QGIS style: a paletted renderer with the same colours and the names, XML-escaped.
  const std::string qml = slurp(dir.file("best.qml"));
  EXPECT_NE(qml.find("<rasterrenderer type=\"paletted\" band=\"1\""), std::string::npos);
  EXPECT_NE(qml.find("<paletteEntry value=\"0\" color=\"#1f77b4\" alpha=\"255\" label=\"gnb-1\"/>"),
            std::string::npos);
  EXPECT_NE(qml.find("<paletteEntry value=\"1\" color=\"#ff7f0e\" alpha=\"255\" "
                     "label=\"工場 &lt;A&amp;B&gt;\"/>"),
            std::string::npos);
}

TEST(VizGeoTiff, ManyCategoriesTakeASixteenBitBand) {
  ScratchDir dir;
  MapLayer layer = gradient_layer();
  layer.categorical = true;
  layer.category_labels.clear();
  for (std::size_t i = 0; i < layer.values.size(); ++i)
    layer.values[i] = static_cast<float>(i % 300);  // 300 categories, no labels
  write_geotiff(layer, dir.file("many.tif"));
  DatasetPtr ds = open(dir.file("many.tif"));
  ASSERT_TRUE(ds);
  GDALRasterBand* band = ds->GetRasterBand(1);
  EXPECT_EQ(band->GetRasterDataType(), GDT_UInt16);
  int has_nodata = 0;
  EXPECT_EQ(band->GetNoDataValue(&has_nodata), 65535.0);
  char** names = band->GetCategoryNames();
  ASSERT_EQ(CSLCount(names), 300);
  EXPECT_STREQ(names[299], "299");
  std::uint16_t v = 0;
  ASSERT_EQ(
      band->RasterIO(GF_Read, 299 % 60, 39 - 299 / 60, 1, 1, &v, 1, 1, GDT_UInt16, 0, 0, nullptr),
      CE_None);
  EXPECT_EQ(v, 299);
}

TEST(VizGeoTiff, AContinuousLayerRemovesTheSidecarsOfACategoricalOne) {
  ScratchDir dir;
  const std::string path = dir.file("m.tif");
  write_geotiff(two_categories(), path);
  ASSERT_EQ(dir.entries().size(), 3u);
  write_geotiff(gradient_layer(), path);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.tif"});
  DatasetPtr ds = open(path);
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetRasterBand(1)->GetRasterDataType(), GDT_Float32);
  EXPECT_EQ(ds->GetRasterBand(1)->GetCategoryNames(), nullptr);
  // A style the user wrote is theirs: kept.
  { std::ofstream(dir.file("m.qml")) << "<!DOCTYPE qgis>\n"; }
  write_geotiff(gradient_layer(), path);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"m.qml", "m.tif"}));
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
}  // namespace akichi::viz::map_geotiff_test

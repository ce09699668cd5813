#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "base/errors.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/map.h"

namespace akichi::viz::map_kmz_test {
namespace {

using testing::gradient_layer;
using testing::ScratchDir;

struct Closer {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, Closer>;

std::string read_all(const std::string& vsi_path) {
  GByte* data = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, vsi_path.c_str(), &data, &size, -1)) return {};
  std::string out(reinterpret_cast<const char*>(data), size);
  VSIFree(data);
  return out;
}

TEST(VizKmz, SuperOverlayInWgs84WithTheLegendAsScreenOverlay) {
  ScratchDir dir;
  const MapLayer layer = gradient_layer();
  MapOverlay overlay;
  overlay.title = "Factory";
  overlay.subtitle = "received power";
  const std::string path = dir.file("rx.kmz");
  write_kmz(layer, overlay, RenderOptions{}, path);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"rx.kmz"});

  // doc.kml is the archive's first entry (the local header of the first file names it).
  std::ifstream in(path, std::ios::binary);
  std::string head(30 + 7, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  EXPECT_EQ(head.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(head.substr(30, 7), "doc.kml");

  const std::string doc = read_all("/vsizip/" + path + "/doc.kml");
  EXPECT_NE(doc.find("<name>Factory</name>"), std::string::npos);
  EXPECT_NE(doc.find("<ScreenOverlay>"), std::string::npos);
  EXPECT_NE(doc.find("<href>legend.png</href>"), std::string::npos);
  GDALAllRegister();
  DatasetPtr legend(GDALDataset::Open(("/vsizip/" + path + "/legend.png").c_str(), GDAL_OF_RASTER));
  ASSERT_TRUE(legend);
  EXPECT_STREQ(legend->GetDriver()->GetDescription(), "PNG");
  EXPECT_EQ(legend->GetRasterCount(), 4);

  // GDAL reads the overlay back: its bounds are the lon/lat box of the grid's outline.
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
  ASSERT_TRUE(ds);
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "KMLSUPEROVERLAY");
  double gt[6];
  ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
  OGRSpatialReference utm, wgs84;
  utm.importFromEPSG(32654);
  wgs84.importFromEPSG(4326);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&utm, &wgs84));
  double lon_min = 1e9, lon_max = -1e9, lat_min = 1e9, lat_max = -1e9;
  for (int k = 0; k <= 100; ++k) {
    const double t = k / 100.0;
    for (auto [x, y] :
         {std::pair{384000.0 + 600 * t, 3950000.0}, std::pair{384000.0 + 600 * t, 3950400.0},
          std::pair{384000.0, 3950000.0 + 400 * t}, std::pair{384600.0, 3950000.0 + 400 * t}}) {
      ASSERT_TRUE(ct->Transform(1, &x, &y));
      lon_min = std::min(lon_min, x), lon_max = std::max(lon_max, x);
      lat_min = std::min(lat_min, y), lat_max = std::max(lat_max, y);
    }
  }
  const double cell_lat = 10.0 / 110900, cell_lon = cell_lat / std::cos(lat_min * M_PI / 180);
  EXPECT_NEAR(gt[0], lon_min, cell_lon / 2);
  EXPECT_NEAR(gt[3], lat_max, cell_lat / 2);
  EXPECT_NEAR(gt[0] + gt[1] * ds->GetRasterXSize(), lon_max, cell_lon / 2);
  EXPECT_NEAR(gt[3] + gt[5] * ds->GetRasterYSize(), lat_min, cell_lat / 2);
}

TEST(VizKmz, BadOutputIsAnInputErrorAndLeavesNoFile) {
  ScratchDir dir;
  MapLayer no_crs = gradient_layer();
  no_crs.crs_wkt.clear();
  EXPECT_THROW(write_kmz(no_crs, {}, {}, dir.file("a.kmz")), InputError);
  EXPECT_THROW(write_kmz(gradient_layer(), {}, {}, dir.file("a.kml")), InputError);
  EXPECT_THROW(write_kmz(gradient_layer(), {}, {}, dir.file("missing/a.kmz")), InputError);
  EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace akichi::viz::map_kmz_test

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "base/errors.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/contours.h"

namespace akichi::viz::contours_test {
namespace {

using testing::gradient_layer;
using testing::ScratchDir;

struct Closer {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, Closer>;

DatasetPtr open_vector(const std::string& path) {
  return DatasetPtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

// The gradient layer (value -100 + ix + 0.5 iy at the centre of cell (ix, iy)): the area at or
// above -70 dBm holds the cells with ix + 0.5 iy >= 30, and its edge is the straight line
// ix + 0.5 iy = 30 between cell centres.
TEST(VizContours, AreaAtOrAboveALevelFollowsTheGrid) {
  ScratchDir dir;
  const MapLayer layer = gradient_layer();
  const auto written = write_areas(layer, {-70.0, -50.0}, "height 1.5 m", dir.file("c.gpkg"));
  ASSERT_EQ(written.size(), 2u);
  std::size_t want = 0;
  for (int iy = 0; iy < 40; ++iy)
    for (int ix = 0; ix < 60; ++ix)
      want += !(ix >= 50 && ix <= 52 && iy >= 30 && iy <= 31) && ix + 0.5 * iy >= 30;
  EXPECT_EQ(written[0].cells, want);
  EXPECT_EQ(written[0].label, ">= -70 dBm");

  DatasetPtr ds = open_vector(dir.file("c.gpkg"));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("rx_power");
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->GetFeatureCount(), 2);
  std::unique_ptr<OGRFeature> f(l->GetNextFeature());
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("level"), -70.0);
  EXPECT_STREQ(f->GetFieldAsString("kind"), "at_or_above");
  EXPECT_STREQ(f->GetFieldAsString("slice"), "height 1.5 m");
  EXPECT_EQ(f->GetFieldAsInteger64("cells"), static_cast<GIntBig>(want));
  const OGRGeometry* g = f->GetGeometryRef();
  ASSERT_NE(g, nullptr);
  for (int iy = 0; iy < 40; ++iy)
    for (int ix = 0; ix < 60; ++ix) {
      if (ix >= 49 && ix <= 53 && iy >= 29 && iy <= 32) continue;  // beside the no-data hole
      const double d = ix + 0.5 * iy - 30;
      if (std::abs(d) < 0.25) continue;  // on the contour itself
      OGRPoint p(384000.0 + (ix + 0.5) * 10, 3950000.0 + (iy + 0.5) * 10);
      EXPECT_EQ(g->Contains(&p), d > 0) << ix << "," << iy;
    }
  // Its area is about the cells' (the contour runs between cell centres, and to the grid's
  // outer edge): within the no-data hole and the interpolation along the edges.
  const double area_cells = g->toMultiPolygon()->get_Area() / 100.0;
  EXPECT_NEAR(area_cells, static_cast<double>(want), 40.0);
}

TEST(VizContours, MaskInsideAsOneMultipolygonOnCellEdges) {
  ScratchDir dir;
  MapLayer layer = gradient_layer();
  layer.name = "mic_coverage";
  layer.units.clear();
  layer.categorical = true;
  layer.category_labels = {"outside", "inside"};
  std::size_t inside = 0;
  for (std::size_t i = 0; i < layer.values.size(); ++i) {
    const int ix = static_cast<int>(i % 60), iy = static_cast<int>(i / 60);
    const bool in = (ix >= 5 && ix < 15 && iy >= 5 && iy < 10) || (ix >= 30 && ix < 33 && iy < 4);
    layer.values[i] = in ? 1.0f : 0.0f;
    inside += in;
  }
  const auto written = write_areas(layer, {}, "", dir.file("m.geojson"));
  ASSERT_EQ(written.size(), 1u);  // "outside" is not drawn
  EXPECT_EQ(written[0].label, "inside");
  EXPECT_EQ(written[0].cells, inside);
  write_areas(layer, {}, "", dir.file("m.gpkg"));
  DatasetPtr ds = open_vector(dir.file("m.gpkg"));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayer(0);
  std::unique_ptr<OGRFeature> f(l->GetNextFeature());
  ASSERT_TRUE(f);
  const auto* mp = f->GetGeometryRef()->toMultiPolygon();
  EXPECT_EQ(mp->getNumGeometries(), 2);
  EXPECT_DOUBLE_EQ(mp->get_Area(), static_cast<double>(inside) * 100.0);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("area_m2"), static_cast<double>(inside) * 100.0);

  // GeoJSON is in WGS 84 longitude/latitude (UTM 54N near 35.7 N, 141 E).
  DatasetPtr js = open_vector(dir.file("m.geojson"));
  ASSERT_TRUE(js);
  std::unique_ptr<OGRFeature> jf(js->GetLayer(0)->GetNextFeature());
  OGREnvelope env;
  jf->GetGeometryRef()->getEnvelope(&env);
  EXPECT_GT(env.MinX, 138.0);
  EXPECT_LT(env.MaxX, 144.0);
  EXPECT_GT(env.MinY, 30.0);
  EXPECT_LT(env.MaxY, 40.0);
}

TEST(VizContours, BadRequestsAreInputErrorsAndLeaveNoFile) {
  ScratchDir dir;
  MapLayer cat = gradient_layer();
  cat.categorical = true;
  for (auto& v : cat.values) v = 0.0f;
  EXPECT_THROW(write_areas(cat, {1.0}, "", dir.file("a.geojson")), InputError);
  EXPECT_THROW(write_areas(gradient_layer(), {}, "", dir.file("a.geojson")), InputError);
  EXPECT_THROW(write_areas(gradient_layer(), {NAN}, "", dir.file("a.geojson")), InputError);
  EXPECT_THROW(write_areas(gradient_layer(), {1.0}, "", dir.file("a.shp")), InputError);
  EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace akichi::viz::contours_test

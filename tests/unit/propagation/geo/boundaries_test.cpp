// read_boundaries / assign_cells: municipal polygons from GeoJSON, a GeoPackage and a Shapefile
// written here with OGR, N03 attribute names, parts merged by code, a hole, clipping to the study
// area, and the input errors (file, feature, field, found, expected).
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "base/errors.h"
#include "propagation/geo/boundaries.h"
#include "propagation/geo/crs.h"

namespace akichi::prop::boundaries_test {
namespace {

namespace fs = std::filesystem;

/// A fresh folder for one test's files, removed at the end.
class BoundariesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("akichi-boundaries-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  fs::path dir_;
};

const Crs kUtm = Crs::from_epsg(32654);
// The study area: 600 m x 200 m in UTM 54N, cells of 20 m (30 x 10).
constexpr double kX0 = 400000, kY0 = 3900000;
StudyGrid grid() {
  StudyGrid g;
  g.x0_m = kX0;
  g.y0_m = kY0;
  g.cell_m = 20;
  g.nx = 30;
  g.ny = 10;
  g.heights_m = {10};
  return g;
}

std::string ring(double x0, double y0, double x1, double y1) {
  return fmt::format("[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]", x0, y0, x1, y0, x1, y1, x0, y1,
                     x0, y0);
}
std::string n03(const std::string& code, const std::string& county, const std::string& name) {
  return fmt::format(
      R"({{"N03_001":"例示県","N03_002":null,"N03_003":"{}","N03_004":"{}","N03_005":null,)"
      R"("N03_006":null,"N03_007":{}}})",
      county, name, code.empty() ? std::string("null") : "\"" + code + "\"");
}
std::string feature(const std::string& props, const std::string& geometry) {
  return R"({"type":"Feature","properties":)" + props + R"(,"geometry":)" + geometry + "}";
}
std::string collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
                  R"("urn:ogc:def:crs:EPSG::32654"}},"features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}
std::string polygon(const std::vector<std::string>& rings) {
  std::string s = R"({"type":"Polygon","coordinates":[)";
  for (std::size_t i = 0; i < rings.size(); ++i) s += (i ? "," : "") + rings[i];
  return s + "]}";
}

/// Three 200 m squares side by side, A (in two features), B with a 100 m hole, C; D fills B's
/// hole and reaches beyond the study area; E lies wholly outside it; one feature has no code.
std::string three_squares() {
  const double x = kX0, y = kY0;
  return collection({
      feature(n03("99101", "例示市", "北区"), polygon({ring(x, y, x + 100, y + 200)})),
      feature(n03("99101", "例示市", "北区"), polygon({ring(x + 100, y, x + 200, y + 200)})),
      feature(n03("99102", "例示市", "南区"), polygon({ring(x + 200, y, x + 400, y + 200),
                                                       ring(x + 260, y + 60, x + 340, y + 140)})),
      feature(n03("99341", "見本郡", "見本町"), polygon({ring(x + 400, y, x + 600, y + 200)})),
      feature(n03("99342", "見本郡", "飛地村"), R"({"type":"MultiPolygon","coordinates":[[)" +
                                                    ring(x + 260, y + 60, x + 340, y + 140) +
                                                    "],[" + ring(x + 600, y, x + 700, y + 200) +
                                                    "]]}"),
      feature(n03("99999", "例示市", "遠方区"), polygon({ring(x + 900, y, x + 1000, y + 200)})),
      feature(n03("", "", "所属未定地"), polygon({ring(x + 100, y + 200, x + 200, y + 300)})),
  });
}

void expect_three_squares(const Boundaries& b) {
  ASSERT_EQ(b.municipalities.size(), 4u);
  EXPECT_EQ(b.features, 7u);
  EXPECT_EQ(b.without_code, 1u);
  const std::vector<std::string> codes = {"99101", "99102", "99341", "99342"};
  const std::vector<std::string> names = {"例示市北区", "例示市南区", "見本郡見本町",
                                          "見本郡飛地村"};
  // Areas inside the study area: A's two halves merged, B less its hole, D clipped at x0 + 600.
  const std::vector<double> areas = {40000, 40000 - 6400, 40000, 6400};
  for (std::size_t m = 0; m < 4; ++m) {
    EXPECT_EQ(b.municipalities[m].code, codes[m]);
    EXPECT_EQ(b.municipalities[m].name, names[m]);
    EXPECT_NEAR(bg::area(b.municipalities[m].area), areas[m], 1e-3) << codes[m];
  }
  EXPECT_EQ(b.municipalities[0].fids.size(), 2u);
  EXPECT_EQ(b.municipalities[0].area.size(), 1u);  // one polygon once merged
  ASSERT_EQ(b.municipalities[1].area.size(), 1u);
  EXPECT_EQ(b.municipalities[1].area[0].inners().size(), 1u);  // the hole kept
  EXPECT_EQ(b.municipalities[3].area.size(), 1u);              // the part outside clipped away

  // Cells by their centre: 10 columns each; B's hole (4 x 4 cells) is D's.
  const std::vector<std::int32_t> owner = assign_cells(grid(), b.municipalities);
  std::vector<std::size_t> count(4, 0);
  for (std::int32_t o : owner) {
    ASSERT_GE(o, 0);
    ++count[static_cast<std::size_t>(o)];
  }
  EXPECT_EQ(count, (std::vector<std::size_t>{100, 84, 100, 16}));
  EXPECT_EQ(owner[0], 0);
  EXPECT_EQ(owner[5 * 30 + 15], 3);  // (310, 110): inside the hole
  EXPECT_EQ(owner[5 * 30 + 12], 1);  // (250, 110): B, west of the hole
  EXPECT_EQ(owner[29], 2);
}

const Extent kStudy{kX0, kY0, kX0 + 600, kY0 + 200};

TEST_F(BoundariesTest, GeoJsonWithN03Attributes) {
  const std::string p = write("n03.geojson", three_squares());
  expect_three_squares(read_boundaries(p, kUtm, {}, kStudy));
}

/// The GeoJSON copied by OGR into another format (the CRS and attributes carried over).
std::string translate(const std::string& from, const std::string& to, const char* driver_name) {
  GDALAllRegister();
  GDALDataset* src = static_cast<GDALDataset*>(
      GDALOpenEx(from.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  EXPECT_NE(src, nullptr);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  GDALDataset* dst = driver->Create(to.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  EXPECT_NE(dst, nullptr);
  OGRLayer* in = src->GetLayer(0);
  const char* options[] = {"ENCODING=UTF-8", nullptr};
  OGRLayer* out = dst->CreateLayer(
      "municipalities", in->GetSpatialRef(), wkbPolygon,
      std::string(driver_name) == "ESRI Shapefile" ? const_cast<char**>(options) : nullptr);
  for (int i = 0; i < in->GetLayerDefn()->GetFieldCount(); ++i)
    out->CreateField(in->GetLayerDefn()->GetFieldDefn(i));
  in->ResetReading();
  while (OGRFeature* f = in->GetNextFeature()) {
    OGRFeature* g = OGRFeature::CreateFeature(out->GetLayerDefn());
    g->SetFrom(f);
    if (g->GetGeometryRef() && wkbFlatten(g->GetGeometryRef()->getGeometryType()) == wkbPolygon)
      g->SetGeometry(g->GetGeometryRef());
    EXPECT_EQ(out->CreateFeature(g), OGRERR_NONE);
    OGRFeature::DestroyFeature(g);
    OGRFeature::DestroyFeature(f);
  }
  GDALClose(dst);
  GDALClose(src);
  return to;
}

TEST_F(BoundariesTest, GeoPackageWrittenByOgr) {
  const std::string p = translate(write("n03.geojson", three_squares()), path("n03.gpkg"), "GPKG");
  expect_three_squares(read_boundaries(p, kUtm, {}, kStudy));
}

TEST_F(BoundariesTest, ShapefileWrittenByOgr) {
  const std::string p =
      translate(write("n03.geojson", three_squares()), path("n03.shp"), "ESRI Shapefile");
  expect_three_squares(read_boundaries(p, kUtm, {}, kStudy));
}

TEST_F(BoundariesTest, OtherFieldNamesAndGeographicCoordinates) {
  // WGS 84 longitude/latitude (no crs member): reprojected to the study CRS.
  const std::string p = write("lonlat.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"jis":13101,"ku":"千代田区"},"geometry":{"type":"Polygon",
 "coordinates":[[[139.74,35.67],[139.78,35.67],[139.78,35.70],[139.74,35.70],[139.74,35.67]]]}}]})");
  const Crs tokyo = Crs::from_epsg(32654);
  double x0 = 139.75, y0 = 35.68, x1 = 139.77, y1 = 35.69;
  Transformer t(Crs::wgs84(), tokyo);
  t.transform(x0, y0);
  t.transform(x1, y1);
  const Boundaries b = read_boundaries(p, tokyo, {"jis", {"ku"}}, {x0, y0, x1, y1});
  ASSERT_EQ(b.municipalities.size(), 1u);
  EXPECT_EQ(b.municipalities[0].code, "13101");  // an integer field read as its text
  EXPECT_EQ(b.municipalities[0].name, "千代田区");
  // Wholly inside the polygon: the clipped area is the study area's.
  EXPECT_NEAR(bg::area(b.municipalities[0].area), (x1 - x0) * (y1 - y0), 1e-3);
}

std::string error_of(const std::string& path, const BoundaryFields& fields = {}) {
  try {
    read_boundaries(path, kUtm, fields, kStudy);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST_F(BoundariesTest, InputErrorsNameFileFeatureAndField) {
  const std::string missing = path("missing.geojson");
  EXPECT_NE(error_of(missing).find(missing), std::string::npos) << error_of(missing);

  const std::string p = write("n03.geojson", three_squares());
  const std::string no_field = error_of(p, {"CODE", {"N03_004"}});
  EXPECT_NE(no_field.find(p), std::string::npos) << no_field;
  EXPECT_NE(no_field.find("code_field: found no attribute 'CODE', expected an attribute of the "
                          "layer (N03_001, N03_002"),
            std::string::npos)
      << no_field;
  const std::string no_name = error_of(p, {"N03_007", {"NAME"}});
  EXPECT_NE(no_name.find("name_field: found no attribute 'NAME'"), std::string::npos) << no_name;

  const std::string nogeom =
      write("nogeom.geojson", collection({feature(n03("99101", "例示市", "北区"),
                                                  polygon({ring(kX0, kY0, kX0 + 100, kY0 + 100)})),
                                          feature(n03("99102", "例示市", "南区"), "null")}));
  const std::string e = error_of(nogeom);
  EXPECT_NE(e.find(nogeom), std::string::npos) << e;
  EXPECT_NE(e.find("feature 1 geometry: found a feature without geometry, expected a Polygon or "
                   "MultiPolygon"),
            std::string::npos)
      << e;

  const std::string point =
      write("point.geojson", collection({feature(n03("99101", "例示市", "北区"),
                                                 R"({"type":"Point","coordinates":[1,2]})")}));
  EXPECT_NE(error_of(point).find("feature 0 geometry: found Point, expected a Polygon"),
            std::string::npos)
      << error_of(point);

  const std::string two_names = write(
      "names.geojson",
      collection(
          {feature(n03("99101", "例示市", "北区"), polygon({ring(kX0, kY0, kX0 + 100, kY0 + 100)})),
           feature(n03("99101", "例示市", "南区"),
                   polygon({ring(kX0 + 100, kY0, kX0 + 200, kY0 + 100)}))}));
  EXPECT_NE(error_of(two_names).find("feature 1 N03_007: found code '99101' named '例示市南区' "
                                     "here and '例示市北区' in feature 0"),
            std::string::npos)
      << error_of(two_names);
}

}  // namespace
}  // namespace akichi::prop::boundaries_test

// GeoJSON polygons of local-5G area masks, read back with OGR: feature count, properties,
// area (transformed back to the study CRS) against the mask area, lon/lat coordinates.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <numbers>

#include <unistd.h>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "sim/analysis/mic_area.h"
#include "tests/unit/sim/analysis/mic_test_util.h"
#include "viz/polygons.h"

namespace akichi::viz::mic_polygons_test {
namespace {

using namespace sim::testing;

class Scratch {
 public:
  Scratch() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("akichi_mic_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string file(const std::string& n) const { return (dir_ / n).string(); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir_),
                                                  std::filesystem::directory_iterator{}));
  }

 private:
  std::filesystem::path dir_;
};

struct ReadFeature {
  std::string layer, station, licensee, kind;
  long long layer_cells = 0;
  double layer_area_m2 = 0;
  double area_study_m2 = 0;  // polygon area after transforming back to the study CRS
  double lon_min = 1e9, lon_max = -1e9, lat_min = 1e9, lat_max = -1e9;
};

std::vector<ReadFeature> read_back(const std::string& path, const prop::Crs& study_crs) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::FromHandle(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  EXPECT_TRUE(ds) << path;
  if (!ds) return {};
  EXPECT_EQ(ds->GetLayerCount(), 1);
  OGRLayer* layer = ds->GetLayer(0);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference study(*static_cast<const OGRSpatialReference*>(study_crs.native()));
  study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> back(
      OGRCreateCoordinateTransformation(&wgs84, &study));
  std::vector<ReadFeature> out;
  for (auto& f : *layer) {
    ReadFeature r;
    r.layer = f->GetFieldAsString("layer");
    r.station = f->GetFieldAsString("station");
    r.licensee = f->GetFieldAsString("licensee");
    r.kind = f->GetFieldAsString("kind");
    r.layer_cells = f->GetFieldAsInteger64("layer_cells");
    r.layer_area_m2 = f->GetFieldAsDouble("layer_area_m2");
    OGRGeometry* g = f->GetGeometryRef();
    EXPECT_EQ(wkbFlatten(g->getGeometryType()), wkbPolygon);
    OGREnvelope env;
    g->getEnvelope(&env);
    r.lon_min = env.MinX;
    r.lon_max = env.MaxX;
    r.lat_min = env.MinY;
    r.lat_max = env.MaxY;
    std::unique_ptr<OGRGeometry> gs(g->clone());
    EXPECT_EQ(gs->transform(back.get()), OGRERR_NONE);
    r.area_study_m2 = gs->toPolygon()->get_Area();
    out.push_back(r);
  }
  return out;
}

/// The grid as viz takes it.
MaskGrid mask_grid(const prop::StudyGrid& g, const prop::Crs& crs) {
  return {g.x0_m, g.y0_m, g.cell_m, g.nx, g.ny, crs.wkt2()};
}

TEST(MicPolygons, CoverageDiscsOverlapAndTwoPartUnionReadBack) {
  const prop::StudyGrid g = field_grid();
  const prop::Crs utm = prop::Crs::from_epsg(32654);
  // alpha: two disjoint cover discs; beta: one.
  sim::MicAreaInput in;
  in.nx = g.nx;
  in.ny = g.ny;
  in.cell_m = g.cell_m;
  std::vector<float> rx;
  const std::vector<Site> sites = {{-150, 0, eirp_for_radius(210, kCoverage_dBm)},
                                   {150, 0, eirp_for_radius(100, kCoverage_dBm)},
                                   {-400, 400, eirp_for_radius(60, kCoverage_dBm)}};
  for (const Site& s : sites) {
    const auto p = free_space_power(g, s);
    rx.insert(rx.end(), p.begin(), p.end());
  }
  in.rx_dBm = rx;
  in.licensee = {"alpha", "beta", "alpha"};
  in.coverage_threshold_dBm = kCoverage_dBm;
  in.coordination_threshold_dBm = kCoordination_dBm;
  const sim::MicAreas a = sim::mic_areas(in);
  const std::size_t n = g.cells();
  auto slice = [n](const std::vector<std::uint8_t>& v, std::size_t k) {
    return std::vector<std::uint8_t>(v.begin() + static_cast<std::ptrdiff_t>(k * n),
                                     v.begin() + static_cast<std::ptrdiff_t>((k + 1) * n));
  };
  ASSERT_EQ(a.pairs.size(), 2u);
  std::vector<MaskLayer> layers = {
      {"A-coverage", "A", "alpha", "coverage", slice(a.coverage, 0)},
      {"B-coordination", "B", "beta", "coordination", slice(a.coordination, 1)},
      {"alpha-coverage", "", "alpha", "coverage", slice(a.licensee_coverage, 0)},
      {"alpha-beta", "", "alpha", "overlap", a.pairs[0].mask},
      {"empty", "", "nobody", "coverage", std::vector<std::uint8_t>(n, 0)}};
  const std::vector<std::size_t> cells = {a.coverage_cells[0], a.coordination_cells[1],
                                          a.licensee_coverage_cells[0], a.pairs[0].cells, 0};

  Scratch dir;
  const std::string path = dir.file("areas.geojson");
  write_mask_polygons_geojson(path, mask_grid(g, utm), layers);
  EXPECT_EQ(dir.entries(), 1u);  // no temporary file left
  const auto features = read_back(path, utm);
  // One polygon per disc; the alpha union has two; the empty layer none.
  ASSERT_EQ(features.size(), 5u);

  std::map<std::string, std::vector<const ReadFeature*>> by_layer;
  for (const auto& f : features) by_layer[f.layer].push_back(&f);
  ASSERT_EQ(by_layer["A-coverage"].size(), 1u);
  ASSERT_EQ(by_layer["B-coordination"].size(), 1u);
  ASSERT_EQ(by_layer["alpha-coverage"].size(), 2u);
  ASSERT_EQ(by_layer["alpha-beta"].size(), 1u);
  EXPECT_EQ(by_layer.count("empty"), 0u);

  // The site (grid centre) in lon/lat: about 139.73 E, 35.71 N.
  double site_lon = g.x(100), site_lat = g.y(100);
  prop::Transformer(utm, prop::Crs::wgs84()).transform(site_lon, site_lat);
  ASSERT_NEAR(site_lon, 139.73, 0.05);
  ASSERT_NEAR(site_lat, 35.71, 0.05);

  for (std::size_t k = 0; k < 4; ++k) {
    const auto& fs = by_layer[layers[k].name];
    double area = 0;
    for (const ReadFeature* f : fs) {
      EXPECT_EQ(f->station, layers[k].station);
      EXPECT_EQ(f->licensee, layers[k].licensee);
      EXPECT_EQ(f->kind, layers[k].kind);
      EXPECT_EQ(f->layer_cells, static_cast<long long>(cells[k]));
      EXPECT_DOUBLE_EQ(f->layer_area_m2, static_cast<double>(cells[k]) * 25.0);
      // lon/lat (RFC 7946 order) within ~1 km of the site, not projected metres.
      EXPECT_GT(f->lon_min, site_lon - 0.012);
      EXPECT_LT(f->lon_max, site_lon + 0.012);
      EXPECT_GT(f->lat_min, site_lat - 0.012);
      EXPECT_LT(f->lat_max, site_lat + 0.012);
      area += f->area_study_m2;
    }
    const double mask_area = static_cast<double>(cells[k]) * 25.0;
    EXPECT_NEAR(area, mask_area, 0.01 * mask_area) << layers[k].name;
  }
  // The A cover polygon is centred on A (150 m west of the site) within a cell.
  const ReadFeature& fa = *by_layer["A-coverage"][0];
  const double centre_lon = 0.5 * (fa.lon_min + fa.lon_max);
  const double m_per_deg_lon = 111320.0 * std::cos(site_lat * std::numbers::pi / 180.0);
  EXPECT_NEAR((centre_lon - site_lon) * m_per_deg_lon, -150.0, 5.0);
}

TEST(MicPolygons, InputErrors) {
  const prop::StudyGrid g = field_grid();
  const prop::Crs utm = prop::Crs::from_epsg(32654);
  Scratch dir;
  const std::vector<MaskLayer> ok = {
      {"x", "", "l", "coverage", std::vector<std::uint8_t>(g.cells(), 1)}};
  EXPECT_THROW(write_mask_polygons_geojson(dir.file("a.txt"), mask_grid(g, utm), ok), InputError);
  EXPECT_THROW(write_mask_polygons_geojson(dir.file("no/such/a.geojson"), mask_grid(g, utm), ok),
               InputError);
  EXPECT_THROW(
      write_mask_polygons_geojson(dir.file("a.geojson"), mask_grid(g, prop::Crs::wgs84()), ok),
      InputError);
  MaskGrid no_crs = mask_grid(g, utm);
  no_crs.crs_wkt = "not a CRS";
  EXPECT_THROW(write_mask_polygons_geojson(dir.file("a.geojson"), no_crs, ok), InputError);
  const std::vector<MaskLayer> bad = {{"x", "", "l", "coverage", std::vector<std::uint8_t>(5, 1)}};
  try {
    write_mask_polygons_geojson(dir.file("a.geojson"), mask_grid(g, utm), bad);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("layer[0] 'x' mask: found 5 values"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dir.entries(), 0u);
  // A full mask: one square polygon of the whole grid.
  write_mask_polygons_geojson(dir.file("a.json"), mask_grid(g, utm), ok);
  const auto f = read_back(dir.file("a.json"), utm);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NEAR(f[0].area_study_m2, 1005.0 * 1005.0, 0.001 * 1005.0 * 1005.0);
}

}  // namespace
}  // namespace akichi::viz::mic_polygons_test

// The MIC areas as GeoJSON (sim/serve/mic_layer.h): the polygons hold the centre of every cell
// the mask sets and of no other, for a mask drawn by hand (an L with a hole, a lone cell) and for
// the batch's MIC masks of two licensees' base stations; their area in the study CRS is the
// cells' area.
#include "sim/serve/mic_layer.h"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/coverage_run.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::serve::mic_layer_test {
namespace {

using GeometryPtr = std::unique_ptr<OGRGeometry, decltype(&OGRGeometryFactory::destroyGeometry)>;

GeometryPtr geometry_of(const nlohmann::json& g) {
  return {OGRGeometryFactory::createFromGeoJson(g.dump().c_str()),
          &OGRGeometryFactory::destroyGeometry};
}

/// Every cell centre of `grid` in WGS 84 (lon, lat), [y][x] row 0 the southernmost.
std::vector<OGRPoint> cell_centres(const prop::StudyGrid& grid, const prop::Crs& crs) {
  prop::Transformer to_wgs84(crs, prop::Crs::wgs84());
  std::vector<OGRPoint> out;
  for (int iy = 0; iy < grid.ny; ++iy)
    for (int ix = 0; ix < grid.nx; ++ix) {
      double x = grid.x(ix), y = grid.y(iy);
      to_wgs84.transform(x, y);
      out.emplace_back(x, y);
    }
  return out;
}

/// The polygons hold exactly the centres of the cells `mask` sets.
void expect_cells(const nlohmann::json& geometry, const std::uint8_t* mask,
                  const std::vector<OGRPoint>& centres, const std::string& what) {
  const GeometryPtr g = geometry_of(geometry);
  ASSERT_NE(g, nullptr) << what;
  std::size_t wrong = 0;
  for (std::size_t c = 0; c < centres.size(); ++c) {
    const bool inside = g->Contains(&centres[c]);
    if (inside != (mask[c] != 0)) ++wrong;
  }
  EXPECT_EQ(wrong, 0u) << what;
}

/// Area in the study CRS of a WGS 84 geometry.
double area_in(const nlohmann::json& geometry, const prop::Crs& crs) {
  GeometryPtr g = geometry_of(geometry);
  OGRSpatialReference wgs84, study(*static_cast<const OGRSpatialReference*>(crs.native()));
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(
      OGRCreateCoordinateTransformation(&wgs84, &study));
  EXPECT_EQ(g->transform(ct.get()), OGRERR_NONE);
  return g->toMultiPolygon()->get_Area();
}

TEST(MicLayer, PolygonsHoldTheCellsOfAHandDrawnMask) {
  const prop::Crs crs = prop::Crs::from_epsg(32654);
  prop::StudyGrid grid;
  grid.x0_m = 400000;
  grid.y0_m = 3900000;
  grid.cell_m = 20;
  grid.nx = 8;
  grid.ny = 6;
  // Row 0 is the south. An L of 3 x 4 cells with its middle cell left out, and a lone cell
  // touching the L at a corner only (4-connected: a polygon of its own).
  std::vector<std::uint8_t> mask(grid.cells(), 0);
  const auto set = [&](int ix, int iy) { mask[static_cast<std::size_t>(iy * grid.nx + ix)] = 1; };
  for (int iy = 0; iy < 4; ++iy)
    for (int ix = 0; ix < 3; ++ix)
      if (!(ix == 1 && iy == 1)) set(ix, iy);
  for (int ix = 3; ix < 6; ++ix) set(ix, 0);
  set(6, 1);
  std::size_t cells = 0;
  for (std::uint8_t v : mask) cells += v;
  ASSERT_EQ(cells, 15u);

  const nlohmann::json g = mask_geometry(mask, grid, crs);
  ASSERT_EQ(g["type"], "MultiPolygon");
  EXPECT_EQ(g["coordinates"].size(), 2u);  // the L (with its hole) and the lone cell
  expect_cells(g, mask.data(), cell_centres(grid, crs), "hand-drawn mask");
  EXPECT_NEAR(area_in(g, crs), 15 * 20.0 * 20.0, 1e-3);

  EXPECT_TRUE(mask_geometry(std::vector<std::uint8_t>(grid.cells(), 0), grid, crs).is_null());
  EXPECT_THROW(mask_geometry(std::vector<std::uint8_t>(3, 1), grid, crs), RuntimeError);
  EXPECT_EQ(mic_inside_colour(), "#ff7f0e");  // tab10's second colour, render's "inside"
}

const std::string kScenario = R"(
[scenario]
name = "mic layer test"

[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900500
cell_size_m = 20
rx_heights_m = [1.5]

[terrain]
source = "synthetic"
seed = 29
base_m = 5
relief_m = 25
wavelength_m = 300

[propagation]
model = "extended-hata"

[propagation.extended-hata]
environment = "urban"

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100

[coverage]
noise_figure_dB = 7

[[incumbent]]
id = "rx-a"
x_m = 400300
y_m = 3900450
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
i_over_n_dB = -10

[[station]]
id = "gnb-1"
licensee = "lic-1"
x_m = 400150
y_m = 3900200
height_m = 10
freq_MHz = 4650
bandwidth_MHz = 100
eirp_dBm = 20

[[station]]
id = "gnb-2"
licensee = "lic-2"
x_m = 400420
y_m = 3900260
height_m = 8
freq_MHz = 4650
bandwidth_MHz = 100
eirp_dBm = 14
)";

TEST(MicLayer, FeaturesHoldTheCellsOfTheBatchMasks) {
  const Scenario sc =
      parse_scenario(kScenario + "\n[mic]\nrules = \"" + std::string(AKICHI_SOURCE_DIR) +
                         "/scenarios/rules/mic-local5g-example.toml\"\n",
                     "mic_layer_test.toml");
  SilentProgress progress;
  const CoverageRun cov = run_coverage(sc, progress);
  const SharingRun run = run_sharing(sc, cov.terrain, &cov, progress);
  ASSERT_EQ(run.mic_station_ids.size(), 2u);
  const nlohmann::json fc =
      mic_areas_geojson(run.mic, run.mic_station_ids, run.mic_licensees, sc.grid, sc.crs);
  ASSERT_EQ(fc["type"], "FeatureCollection");
  const std::vector<OGRPoint> centres = cell_centres(sc.grid, sc.crs);
  const std::size_t n = sc.grid.cells();
  std::size_t features = 0;
  for (const nlohmann::json& f : fc["features"]) {
    const auto& p = f["properties"];
    const std::string id = p["station"];
    const auto s = static_cast<std::size_t>(
        std::find(run.mic_station_ids.begin(), run.mic_station_ids.end(), id) -
        run.mic_station_ids.begin());
    ASSERT_LT(s, run.mic_station_ids.size()) << id;
    EXPECT_EQ(p["licensee"], run.mic_licensees[s]);
    const bool coverage = p["kind"] == "coverage";
    const std::vector<std::uint8_t>& masks = coverage ? run.mic.coverage : run.mic.coordination;
    const std::size_t cells = coverage ? run.mic.coverage_cells[s] : run.mic.coordination_cells[s];
    EXPECT_EQ(p["cells"], cells);
    EXPECT_DOUBLE_EQ(p["area_m2"], static_cast<double>(cells) * 400.0);
    expect_cells(f["geometry"], masks.data() + s * n, centres, id + " " + std::string(p["kind"]));
    EXPECT_NEAR(area_in(f["geometry"], sc.crs), static_cast<double>(cells) * 400.0, 1e-2);
    ++features;
  }
  // Both stations, both kinds (areas neither empty nor the whole grid: edges are tested).
  EXPECT_EQ(features, 4u);
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_GT(run.mic.coverage_cells[s], 0u);
    EXPECT_LT(run.mic.coordination_cells[s], n);
  }
}

}  // namespace
}  // namespace akichi::sim::serve::mic_layer_test

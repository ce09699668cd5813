// Scenario reader: a complete scenario parses into exactly the expected values, and every class
// of bad input is answered with "FILE:LINE:COL: KEY: found X, expected Y".
#include "sim/scenario/scenario.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace akichi::sim::scenario_test {
namespace {

namespace bg = boost::geometry;
const std::string kDataDir = std::string(AKICHI_TEST_DATA_DIR) + "/scenario";
const std::string kInline = kDataDir + "/inline.toml";  // anchors premises.geojson etc.

/// (x, y) of a WGS 84 longitude/latitude in a CRS, computed with an independent Transformer.
std::pair<double, double> project(double lon, double lat, int epsg) {
  prop::Transformer t(prop::Crs::wgs84(), prop::Crs::from_epsg(epsg));
  t.transform(lon, lat);
  return {lon, lat};
}

/// Shoelace area of a lon/lat ring after projection to `epsg`, vertex by vertex.
double projected_ring_area(const std::vector<std::pair<double, double>>& lonlat, int epsg) {
  double twice = 0;
  for (std::size_t i = 0; i + 1 < lonlat.size(); ++i) {
    const auto [x0, y0] = project(lonlat[i].first, lonlat[i].second, epsg);
    const auto [x1, y1] = project(lonlat[i + 1].first, lonlat[i + 1].second, epsg);
    twice += x0 * y1 - x1 * y0;
  }
  return std::abs(twice) / 2;
}

const char* kComplete = R"(# complete scenario
[scenario]
name = "unit test"
description = "every section"

[area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 2005
size_y_m = 1500
cell_size_m = 10
rx_heights_m = [1.5, 10]

[terrain]
source = "synthetic"
seed = 42
base_m = 3
relief_m = 80
wavelength_m = 700
modes = 32
coast_lat_deg = 35.595
sea_level_m = -1

[propagation]
model = "tr38901"
profile_step_m = 5
k_factor = 1.5

[propagation.tr38901]
scenario = "UMa"
los = "terrain"
h_e_m = 1.5

[coverage]
rx_gain_dBi = -2
noise_figure_dB = 9
service_threshold_dBm = -95.5
leakage_threshold_dBm = -112
premises = "premises.geojson"

[output]
write_rx_power = false
compression_level = 6

[run]
threads = 3

[[station]]
id = "gnb-1"
lat_deg = 35.601
lon_deg = 139.799
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
tx_power_dBm = 30

[station.antenna]
type = "3gpp_sector"
gain_dBi = 8
azimuth_deg = 120
downtilt_deg = 6
hpbw_h_deg = 65
hpbw_v_deg = 10
front_to_back_dB = 25
sla_v_dB = 20

[[station]]
id = "gnb.2_b"
x_m = 391000
y_m = 3940000.5
height_m = 12.5
freq_GHz = 4.9
bandwidth_Hz = 40000000
eirp_dBm = 43
)";

TEST(ScenarioReader, CompleteScenarioParsesIntoExpectedValues) {
  const Scenario sc = parse_scenario(kComplete, kInline);
  EXPECT_EQ(sc.path, kInline);
  EXPECT_EQ(sc.text, kComplete);
  EXPECT_EQ(sc.name, "unit test");
  EXPECT_EQ(sc.description, "every section");

  // Study CRS defaulted to the UTM zone of the centre: 139.8 E -> zone 54, north.
  EXPECT_EQ(sc.crs_definition, "EPSG:32654");
  EXPECT_TRUE(sc.crs.is_projected());
  EXPECT_EQ(sc.crs.authority_code(), "EPSG:32654");

  // Grid: nx = ceil(2005 / 10) = 201, ny = 150; origin = centre - n * cell / 2.
  const auto [cx, cy] = project(139.8, 35.6, 32654);
  EXPECT_EQ(sc.grid.nx, 201);
  EXPECT_EQ(sc.grid.ny, 150);
  EXPECT_DOUBLE_EQ(sc.grid.cell_m, 10.0);
  EXPECT_NEAR(sc.grid.x0_m, cx - 1005.0, 1e-6);
  EXPECT_NEAR(sc.grid.y0_m, cy - 750.0, 1e-6);
  EXPECT_EQ(sc.grid.heights_m, (std::vector<double>{1.5, 10.0}));

  EXPECT_EQ(sc.terrain.kind, TerrainKind::Synthetic);
  EXPECT_EQ(sc.terrain.step_m, 0.0);
  EXPECT_EQ(sc.terrain.synthetic.seed, 42u);
  EXPECT_EQ(sc.terrain.synthetic.base_m, 3.0);
  EXPECT_EQ(sc.terrain.synthetic.relief_m, 80.0);
  EXPECT_EQ(sc.terrain.synthetic.wavelength_m, 700.0);
  EXPECT_EQ(sc.terrain.synthetic.modes, 32);
  EXPECT_EQ(sc.terrain.synthetic.sea_level_m, -1.0);
  EXPECT_NEAR(sc.terrain.synthetic.coast_y_m, project(139.8, 35.595, 32654).second, 1e-6);

  EXPECT_EQ(sc.model.name, "tr38901");
  EXPECT_EQ(sc.model.scenario, "UMa");
  EXPECT_EQ(sc.model.los_mode, prop::LosMode::Terrain);
  EXPECT_EQ(sc.model.h_e_m, 1.5);
  EXPECT_EQ(sc.model.k_factor, 1.5);
  EXPECT_EQ(sc.profile_step_m, 5.0);

  EXPECT_EQ(sc.coverage.rx_gain_dBi, -2.0);
  EXPECT_EQ(sc.coverage.noise_figure_dB, 9.0);
  EXPECT_EQ(sc.coverage.service_threshold_dBm, -95.5);
  EXPECT_EQ(sc.coverage.leakage_threshold_dBm, -112.0);
  EXPECT_EQ(sc.coverage.premises_path, kDataDir + "/premises.geojson");
  // Premises in the study CRS: outer square minus courtyard plus outbuilding.
  const double expected_area = projected_ring_area({{139.7960, 35.5980},
                                                    {139.8040, 35.5980},
                                                    {139.8040, 35.6020},
                                                    {139.7960, 35.6020},
                                                    {139.7960, 35.5980}},
                                                   32654) -
                               projected_ring_area({{139.7990, 35.5995},
                                                    {139.7990, 35.6005},
                                                    {139.8010, 35.6005},
                                                    {139.8010, 35.5995},
                                                    {139.7990, 35.5995}},
                                                   32654) +
                               projected_ring_area({{139.8050, 35.5990},
                                                    {139.8060, 35.5990},
                                                    {139.8060, 35.6000},
                                                    {139.8050, 35.6000},
                                                    {139.8050, 35.5990}},
                                                   32654);
  EXPECT_NEAR(bg::area(sc.coverage.premises), expected_area, 1e-6 * expected_area);

  EXPECT_EQ(sc.output.path, kDataDir + "/inline.nc");  // default: scenario stem, beside it
  EXPECT_TRUE(sc.output.write_path_loss);
  EXPECT_FALSE(sc.output.write_rx_power);
  EXPECT_EQ(sc.output.compression_level, 6);
  EXPECT_EQ(sc.threads, 3);

  ASSERT_EQ(sc.stations.planned().size(), 2u);
  const Station& a = sc.stations.planned()[0];
  EXPECT_EQ(a.id, "gnb-1");
  const auto [ax, ay] = project(139.799, 35.601, 32654);
  EXPECT_NEAR(a.x_m, ax, 1e-6);
  EXPECT_NEAR(a.y_m, ay, 1e-6);
  EXPECT_DOUBLE_EQ(a.lon_deg, 139.799);
  EXPECT_DOUBLE_EQ(a.lat_deg, 35.601);
  EXPECT_EQ(a.height_m, 25.0);
  EXPECT_EQ(a.freq_Hz, 4.85e9);
  EXPECT_EQ(a.bandwidth_Hz, 100e6);
  ASSERT_TRUE(a.tx_power_dBm.has_value());
  EXPECT_EQ(*a.tx_power_dBm, 30.0);
  EXPECT_EQ(a.eirp_dBm, 38.0);  // tx power 30 dBm + 8 dBi
  EXPECT_EQ(a.antenna.type, "3gpp_sector");
  EXPECT_EQ(a.antenna.gain_dBi, 8.0);
  EXPECT_EQ(a.antenna.azimuth_deg, 120.0);
  EXPECT_EQ(a.antenna.downtilt_deg, 6.0);
  EXPECT_EQ(a.antenna.hpbw_h_deg, 65.0);
  EXPECT_EQ(a.antenna.hpbw_v_deg, 10.0);
  EXPECT_EQ(a.antenna.front_to_back_dB, 25.0);
  EXPECT_EQ(a.antenna.sla_v_dB, 20.0);
  EXPECT_EQ(a.where.file, kInline);
  EXPECT_EQ(a.where.line, 48);

  const Station& b = sc.stations.planned()[1];
  EXPECT_EQ(b.id, "gnb.2_b");
  EXPECT_EQ(b.x_m, 391000.0);
  EXPECT_EQ(b.y_m, 3940000.5);
  double lon = 391000.0, lat = 3940000.5;
  prop::Transformer(prop::Crs::from_epsg(32654), prop::Crs::wgs84()).transform(lon, lat);
  EXPECT_NEAR(b.lon_deg, lon, 1e-12);
  EXPECT_NEAR(b.lat_deg, lat, 1e-12);
  EXPECT_EQ(b.freq_Hz, 4.9e9);
  EXPECT_EQ(b.bandwidth_Hz, 40e6);
  EXPECT_EQ(b.eirp_dBm, 43.0);
  EXPECT_FALSE(b.tx_power_dBm.has_value());
  EXPECT_EQ(b.antenna.type, "isotropic");
  EXPECT_EQ(b.antenna.gain_dBi, 0.0);
  EXPECT_EQ(station_eirp_dBm(b, 0.0), 43.0);
}

TEST(ScenarioReader, LoadsFileWithRasterTerrainAndMsiAntenna) {
  const std::string path = kDataDir + "/complete.toml";
  const Scenario sc = load_scenario(path);
  EXPECT_EQ(sc.path, path);
  EXPECT_NE(sc.text.find("[station.antenna]"), std::string::npos);
  EXPECT_EQ(sc.crs_definition, "EPSG:32654");
  EXPECT_EQ(sc.grid.x0_m, 390300.0);
  EXPECT_EQ(sc.grid.y0_m, 3939500.0);
  EXPECT_EQ(sc.grid.nx, 80);  // 2000 m / 25 m
  EXPECT_EQ(sc.grid.ny, 60);  // 1500 m / 25 m
  EXPECT_EQ(sc.grid.heights_m, (std::vector<double>{1.5, 4.0, 10.0}));
  EXPECT_EQ(sc.terrain.kind, TerrainKind::Raster);
  EXPECT_EQ(sc.terrain.raster.path, kDataDir + "/dem.tif");
  EXPECT_EQ(sc.terrain.raster.band, 1);
  EXPECT_EQ(sc.terrain.raster.resampling, "cubic");
  EXPECT_EQ(sc.terrain.raster.nodata, prop::NodataPolicy::Fill);
  EXPECT_EQ(sc.terrain.raster.fill_value_m, 3.5);
  EXPECT_EQ(sc.terrain.step_m, 50.0);
  // dem.tif: 30 x 25 posts of 100 m in the study CRS, the first at (389850, 3941450).
  ASSERT_TRUE(sc.terrain.raster_geometry.has_value());
  EXPECT_EQ(sc.terrain.raster_geometry->resolution_m(), 100.0);
  EXPECT_TRUE(sc.terrain.raster_geometry->aligned);
  EXPECT_EQ(sc.terrain.raster_geometry->post_x_m, 389850.0);
  EXPECT_EQ(sc.terrain.raster_geometry->post_y_m, 3941450.0);
  EXPECT_EQ(sc.terrain.node_step_m(sc.grid.cell_m), 50.0);  // as the user asked
  TerrainSpec by_default = sc.terrain;
  by_default.step_m = 0;
  EXPECT_EQ(by_default.node_step_m(sc.grid.cell_m), 100.0);  // the DEM's own
  EXPECT_EQ(sc.terrain.distance, std::nullopt);              // the model's own
  EXPECT_EQ(sc.model.name, "p526");
  EXPECT_EQ(sc.model.k_factor, 1.2);
  EXPECT_EQ(sc.profile_step_m, 20.0);
  EXPECT_EQ(sc.output.path, kDataDir + "/out/results.h5");
  EXPECT_FALSE(sc.output.write_path_loss);
  EXPECT_EQ(sc.output.compression_level, 0);
  EXPECT_EQ(sc.threads, 0);
  // Defaults of [coverage].
  EXPECT_EQ(sc.coverage.noise_figure_dB, 7.0);
  EXPECT_EQ(sc.coverage.service_threshold_dBm, -100.0);

  ASSERT_EQ(sc.stations.planned().size(), 1u);
  const Station& s = sc.stations.planned()[0];
  EXPECT_EQ(s.freq_Hz, 4.85e9);
  EXPECT_EQ(s.bandwidth_Hz, 100e6);
  EXPECT_EQ(s.antenna.type, "msi");
  EXPECT_EQ(s.antenna.pattern_path, kDataDir + "/sector.msi");
  EXPECT_EQ(s.antenna.azimuth_deg, 270.0);  // -90 normalised to [0, 360)
  EXPECT_EQ(s.antenna.downtilt_deg, 4.0);
  // MSI + tx power: the pattern's maximum gain is added by the caller.
  ASSERT_TRUE(s.tx_power_dBm.has_value());
  EXPECT_EQ(*s.tx_power_dBm, 33.0);
  EXPECT_TRUE(std::isnan(s.eirp_dBm));
  EXPECT_EQ(station_eirp_dBm(s, 17.0), 50.0);
}

// A minimal valid scenario; tests edit one line to make one error.
const char* kMinimal = R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 1000
size_y_m = 800
[propagation]
model = "free_space"
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

/// Parses `text` expecting an InputError whose message contains every part.
void expect_error(const std::string& text, const std::vector<std::string>& parts) {
  try {
    parse_scenario(text, "dir/s.toml");
    ADD_FAILURE() << "no InputError for:\n" << text;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("dir/s.toml:", 0), 0u) << msg;
    for (const auto& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

TEST(ScenarioReader, MinimalScenarioTakesDefaults) {
  const Scenario sc = parse_scenario(kMinimal, "dir/s.toml");
  EXPECT_EQ(sc.name, "s");
  EXPECT_EQ(sc.grid.cell_m, 10.0);
  EXPECT_EQ(sc.grid.nx, 100);
  EXPECT_EQ(sc.grid.ny, 80);
  EXPECT_EQ(sc.grid.heights_m, (std::vector<double>{1.5}));
  EXPECT_EQ(sc.terrain.kind, TerrainKind::Flat);
  EXPECT_EQ(sc.terrain.flat_elevation_m, 0.0);
  EXPECT_EQ(sc.terrain.node_step_m(sc.grid.cell_m), 10.0);
  EXPECT_EQ(sc.terrain.distance, std::nullopt);  // no [terrain]: the model's own
  EXPECT_NEAR(sc.model.k_factor, 4.0 / 3.0, 1e-15);
  EXPECT_EQ(sc.output.path, "dir/s.nc");
  EXPECT_EQ(sc.output.compression_level, 4);
  EXPECT_TRUE(sc.coverage.premises.empty());
  EXPECT_EQ(sc.coverage.premises_path, "");
}

TEST(ScenarioReader, TerrainDistanceChoosesHowLengthsAreMeasured) {
  const auto distance_of = [](const std::string& value) {
    return parse_scenario(
               with(kMinimal, "[propagation]",
                    "[terrain]\nsource = \"flat\"\ndistance = \"" + value + "\"\n[propagation]"),
               "dir/s.toml")
        .terrain.distance;
  };
  EXPECT_EQ(distance_of("plane"), prop::DistanceKind::Plane);
  EXPECT_EQ(distance_of("great-circle"), prop::DistanceKind::GreatCircle);
  EXPECT_EQ(distance_of("geodesic"), prop::DistanceKind::Geodesic);
  expect_error(with(kMinimal, "[propagation]",
                    "[terrain]\nsource = \"synthetic\"\ndistance = \"sphere\"\n[propagation]"),
               {"dir/s.toml:8:12: terrain.distance: found \"sphere\", expected one of "
                "\"plane\", \"great-circle\", \"geodesic\""});
}

TEST(ScenarioReader, PropagationEngineIsExactUnlessRadialIsAsked) {
  EXPECT_EQ(parse_scenario(kMinimal, "dir/s.toml").area_engine, prop::AreaEngine::Exact);
  const auto engine_of = [](const std::string& value) {
    return parse_scenario(with(kMinimal, "model = \"free_space\"",
                               "model = \"free_space\"\nengine = " + value),
                          "dir/s.toml")
        .area_engine;
  };
  EXPECT_EQ(engine_of("\"exact\""), prop::AreaEngine::Exact);
  EXPECT_EQ(engine_of("\"radial\""), prop::AreaEngine::Radial);
  expect_error(
      with(kMinimal, "model = \"free_space\"", "model = \"free_space\"\nengine = \"fast\""),
      {"dir/s.toml:8:10: propagation.engine: found \"fast\", expected one of \"exact\", "
       "\"radial\""});
  expect_error(with(kMinimal, "model = \"free_space\"", "model = \"free_space\"\nengine = 1"),
               {"dir/s.toml:8:10: propagation.engine: found 1"});
}

TEST(ScenarioReader, ProtectionSettingsDefaultToTheWorstReferenceBandwidthAtTheReceiverInput) {
  const CriterionSettings d = parse_scenario(kMinimal, "dir/s.toml").sharing.criteria;
  EXPECT_EQ(d.mode, CriterionSettings::Mode::WorstReferenceBandwidth);
  EXPECT_EQ(d.at, CriterionSettings::At::ReceiverInput);
  const CriterionSettings c =
      parse_scenario(with(kMinimal, "[propagation]",
                          "[protection]\ncriterion_mode = \"band_average\"\n"
                          "criterion_at = \"antenna_port\"\n[propagation]"),
                     "dir/s.toml")
          .sharing.criteria;
  EXPECT_EQ(c.mode, CriterionSettings::Mode::BandAverage);
  EXPECT_EQ(c.at, CriterionSettings::At::AntennaPort);
  expect_error(
      with(kMinimal, "[propagation]", "[protection]\ncriterion_mode = \"average\"\n[propagation]"),
      {"protection.criterion_mode: found \"average\"", "worst_reference_bandwidth",
       "band_average"});
  expect_error(with(kMinimal, "[propagation]", "[protection]\nmode = 1\n[propagation]"),
               {"protection.mode: found unknown key 'mode'"});
}

TEST(ScenarioReader, DefaultCrsIsTheUtmZoneOfTheCentre) {
  EXPECT_EQ(parse_scenario(kMinimal, "s.toml").crs_definition, "EPSG:32654");
  // Sydney: 151.2 E, 33.9 S -> zone 56, southern hemisphere.
  std::string south = with(kMinimal, "center_lat_deg = 35.6", "center_lat_deg = -33.9");
  south = with(south, "center_lon_deg = 139.8", "center_lon_deg = 151.2");
  south = with(south, "lat_deg = 35.6\nlon_deg = 139.8", "lat_deg = -33.9\nlon_deg = 151.2");
  const Scenario sc = parse_scenario(south, "s.toml");
  EXPECT_EQ(sc.crs_definition, "EPSG:32756");
  EXPECT_EQ(sc.crs.name(), "WGS 84 / UTM zone 56S");
  const auto [cx, cy] = project(151.2, -33.9, 32756);
  EXPECT_NEAR(sc.grid.x0_m, cx - 500.0, 1e-6);
  EXPECT_NEAR(sc.grid.y0_m, cy - 400.0, 1e-6);
}

TEST(ScenarioReader, ExtentAreaAndExplicitCrs) {
  const std::string text = R"([area]
crs = "+proj=utm +zone=54 +datum=WGS84 +units=m"
xmin_m = 0.0
ymin_m = 0
xmax_m = 1.1
ymax_m = 0.7
cell_size_m = 0.1
[propagation]
model = "p526"
[[station]]
id = "a"
x_m = 0.5
y_m = 0.5
height_m = 1
freq_Hz = 3.5e9
bandwidth_MHz = 20
eirp_dBm = 10
)";
  const Scenario sc = parse_scenario(text, "s.toml");
  EXPECT_TRUE(sc.crs.is_projected());
  EXPECT_EQ(sc.crs_definition, "+proj=utm +zone=54 +datum=WGS84 +units=m");
  EXPECT_EQ(sc.grid.x0_m, 0.0);
  EXPECT_EQ(sc.grid.y0_m, 0.0);
  EXPECT_EQ(sc.grid.nx, 11);  // 1.1 / 0.1 is 11.000000000000002 in binary: still 11 cells
  EXPECT_EQ(sc.grid.ny, 7);   // 0.7 / 0.1 is 6.999999999999999
}

TEST(ScenarioReader, DocumentedExampleParses) {
  // The complete example of docs/scenario-format.md, with its data/ files taken from the test data.
  std::ifstream in(std::string(AKICHI_SOURCE_DIR) + "/docs/scenario-format.md");
  ASSERT_TRUE(in.good());
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string md = doc.str();
  const std::string open = "## Complete example\n\n```toml\n";
  const auto begin = md.find(open);
  ASSERT_NE(begin, std::string::npos);
  const auto end = md.find("```", begin + open.size());
  std::string text = md.substr(begin + open.size(), end - begin - open.size());
  for (auto pos = text.find("data/"); pos != std::string::npos; pos = text.find("data/"))
    text.erase(pos, 5);
  const Scenario sc = parse_scenario(text, kDataDir + "/example.toml");
  EXPECT_EQ(sc.name, "factory-north");
  EXPECT_EQ(sc.crs_definition, "EPSG:32654");
  EXPECT_EQ(sc.grid.nx, 200);
  EXPECT_EQ(sc.grid.ny, 150);
  ASSERT_EQ(sc.stations.planned().size(), 3u);
  EXPECT_EQ(sc.stations.planned()[0].eirp_dBm, 38.0);
  EXPECT_EQ(sc.stations.planned()[1].eirp_dBm, 43.0);
  EXPECT_EQ(station_eirp_dBm(sc.stations.planned()[2], 17.0), 50.0);
  EXPECT_EQ(sc.output.path, kDataDir + "/results/factory-north.nc");
}

TEST(ScenarioErrors, TomlSyntax) {
  expect_error(with(kMinimal, "size_x_m = 1000", "size_x_m = = 1000"),
               {"dir/s.toml:4:", "TOML syntax: found ", "expected a valid TOML document"});
}

TEST(ScenarioErrors, UnknownKeyWithSuggestion) {
  expect_error(with(kMinimal, "size_y_m = 800", "size_y_m = 800\ncel_size_m = 5"),
               {"dir/s.toml:6:1: area.cel_size_m: found unknown key 'cel_size_m'",
                "expected one of crs, center_lat_deg", "(did you mean 'cell_size_m'?)"});
  expect_error(with(kMinimal, "[propagation]", "[outptu]\npath = \"x.h5\"\n[propagation]"),
               {"dir/s.toml:6:2: outptu: found unknown key 'outptu'", "(did you mean 'output'?)"});
}

TEST(ScenarioErrors, KeyNotUsedWithThisChoice) {
  expect_error(with(kMinimal, "eirp_dBm = 50", "eirp_dBm = 50\n[station.antenna]\nhpbw_h_deg = 65"),
               {"dir/s.toml:17:14: station[0].antenna.hpbw_h_deg: found key 'antenna.hpbw_h_deg', "
                "not used with antenna.type = \"isotropic\", expected one of antenna.type, "
                "antenna.gain_dBi"});
}

TEST(ScenarioErrors, WrongType) {
  expect_error(
      with(kMinimal, "size_x_m = 1000", "size_x_m = \"1000\""),
      {"dir/s.toml:4:12: area.size_x_m: found \"1000\" (string), expected a number > 0 (m)"});
  expect_error(
      with(kMinimal, "height_m = 25", "height_m = true"),
      {"dir/s.toml:12:12: station[0].height_m: found true (boolean), expected a number > 0"});
  expect_error(
      with(kMinimal, "[propagation]", "[output]\ncompression_level = 4.0\n[propagation]"),
      {"dir/s.toml:7:21: output.compression_level: found 4 (float), expected an integer in "
       "[0, 9]"});
}

TEST(ScenarioErrors, OutOfRange) {
  expect_error(with(kMinimal, "size_y_m = 800", "size_y_m = 800\ncell_size_m = 0"),
               {"dir/s.toml:6:15: area.cell_size_m: found 0, expected a number > 0 (m)"});
  expect_error(with(kMinimal, "size_y_m = 800", "size_y_m = 800\nrx_heights_m = [1.5, 10, 4]"),
               {"dir/s.toml:6:26: area.rx_heights_m[2]: found 4, expected a height above the "
                "previous one (10 m)"});
  expect_error(with(kMinimal, "size_y_m = 800", "size_y_m = 800\nrx_heights_m = [0, 10]"),
               {"dir/s.toml:6:17: area.rx_heights_m[0]: found 0, expected a number > 0 (m)"});
  expect_error(
      with(kMinimal, "bandwidth_MHz = 100", "bandwidth_MHz = -20"),
      {"dir/s.toml:14:17: station[0].bandwidth_MHz: found -20, expected a number > 0 (MHz)"});
  expect_error(
      with(kMinimal, "[propagation]", "[output]\ncompression_level = 12\n[propagation]"),
      {"dir/s.toml:7:21: output.compression_level: found 12, expected an integer in [0, 9]"});
  expect_error(with(kMinimal, "model = \"free_space\"", "model = \"free_space\"\nk_factor = 0"),
               {"dir/s.toml:8:12: propagation.k_factor: found 0, expected a number > 0"});
  expect_error(
      with(kMinimal, "freq_MHz = 4850", "freq_GHz = 400"),
      {"dir/s.toml:13:12: station[0].freq_GHz: found 400, expected a number in (0, 300] (GHz)"});
  expect_error(with(kMinimal, "center_lat_deg = 35.6", "center_lat_deg = 95"),
               {"dir/s.toml:2:18: area.center_lat_deg: found 95, expected a number in [-90, 90] "
                "(degrees)"});
}

TEST(ScenarioErrors, Tr38901RangesAndKeys) {
  const std::string inf = with(kMinimal, "model = \"free_space\"",
                               "model = \"tr38901\"\n[propagation.tr38901]\nscenario = \"InF-DL\"\n"
                               "clutter_density = 1.5");
  expect_error(inf, {"dir/s.toml:10:19: propagation.tr38901.clutter_density: found 1.5, expected a "
                     "number in [0, 1)"});
  const std::string low = with(with(kMinimal, "model = \"free_space\"", "model = \"tr38901\""),
                               "freq_MHz = 4850", "freq_MHz = 300");
  expect_error(
      low, {"dir/s.toml:13:12: station[0].freq_MHz: found 300, expected a number in [500, "
            "100000] (MHz; the validity range of model tr38901, 3GPP TR 38.901 V17.0.0 §7.4.1)"});
  const std::string wrong_key =
      with(kMinimal, "model = \"free_space\"",
           "model = \"tr38901\"\n[propagation.tr38901]\nscenario = \"UMi\"\n"
           "h_e_m = 1");
  expect_error(wrong_key,
               {"dir/s.toml:10:1: propagation.tr38901.h_e_m: found key 'h_e_m', not used "
                "with scenario = \"UMi\", expected one of scenario, los"});
  expect_error(
      with(kMinimal, "model = \"free_space\"", "model = \"tr38910\""),
      {"dir/s.toml:7:9: propagation.model: found \"tr38910\", expected one of \"ehata-ntia\", "
       "\"extended-hata\", \"free_space\", \"itm\", \"p1411\", \"p1812\", \"p452-18\", "
       "\"p526\", \"ray-2.5d\", "});
  expect_error(with(kMinimal, "model = \"free_space\"", "model = \"tr38910\""),
               {"\"tr38901\" (did you mean \"tr38901\"?)"});
}

TEST(ScenarioErrors, DuplicateStationId) {
  const std::string text =
      std::string(kMinimal) +
      "[[station]]\nid = \"gnb-1\"\nx_m = 391300\ny_m = 3940200\nheight_m = 10\n"
      "freq_Hz = 4.85e9\nbandwidth_Hz = 1e8\neirp_dBm = 40\n";
  expect_error(text,
               {"dir/s.toml:17:6: station[1].id: found \"gnb-1\" (already used by station[0]), "
                "expected a unique id"});
}

TEST(ScenarioErrors, MissingRequiredKey) {
  // Missing key: located at its table's header.
  expect_error(with(kMinimal, "height_m = 25\n", ""),
               {"dir/s.toml:8:1: station[0].height_m: found no value, expected a number > 0"});
  expect_error(with(kMinimal, "size_y_m = 800\n", ""),
               {"dir/s.toml:1:1: area.size_y_m: found no value, expected a number > 0 (m)"});
  expect_error(with(kMinimal, "model = \"free_space\"\n", ""),
               {"dir/s.toml:6:1: propagation.model: found no value, expected one of "
                "\"ehata-ntia\", \"extended-hata\", \"free_space\""});
}

TEST(ScenarioErrors, BothOrNeitherAlternative) {
  expect_error(with(kMinimal, "freq_MHz = 4850", "freq_MHz = 4850\nfreq_GHz = 4.85"),
               {"dir/s.toml:14:1: station[0].freq_GHz: found both freq_MHz and freq_GHz, expected "
                "exactly one of freq_Hz, freq_MHz, freq_GHz"});
  expect_error(
      with(kMinimal, "freq_MHz = 4850\n", ""),
      {"dir/s.toml:8:1: station[0].freq_Hz|freq_MHz|freq_GHz: found none of them, expected "
       "exactly one of freq_Hz, freq_MHz, freq_GHz"});
  expect_error(with(kMinimal, "eirp_dBm = 50", "eirp_dBm = 50\ntx_power_dBm = 30"),
               {"dir/s.toml:16:1: station[0].tx_power_dBm: found both eirp_dBm and tx_power_dBm"});
  expect_error(
      with(kMinimal, "size_y_m = 800", "size_y_m = 800\nxmin_m = 0"),
      {"dir/s.toml:6:1: area.xmin_m: found both center_lat_deg and xmin_m, expected either "
       "center_lat_deg, center_lon_deg, size_x_m, size_y_m, or xmin_m, ymin_m, xmax_m, ymax_m"});
  expect_error(with(kMinimal, "\nlon_deg = 139.8", "\nx_m = 391300"),
               {"dir/s.toml:11:1: station[0].x_m: found both lat_deg and x_m"});
}

TEST(ScenarioErrors, MissingFiles) {
  expect_error(
      with(kMinimal, "[propagation]",
           "[terrain]\nsource = \"raster\"\npath = \"no_dem.tif\"\n"
           "[propagation]"),
      {"dir/s.toml:8:8: terrain.path: found \"no_dem.tif\" (dir/no_dem.tif does not exist), "
       "expected an existing file"});
  expect_error(
      with(kMinimal, "[propagation]", "[coverage]\npremises = \"gone.geojson\"\n[propagation]"),
      {"dir/s.toml:7:12: coverage.premises: found \"gone.geojson\" (dir/gone.geojson does not "
       "exist)"});
}

TEST(ScenarioErrors, GeographicOrUnknownCrs) {
  expect_error(with(kMinimal, "[area]", "[area]\ncrs = \"EPSG:4326\""),
               {"dir/s.toml:2:7: area.crs: found \"EPSG:4326\" (geographic: WGS 84), expected a "
                "projected CRS"});
  expect_error(
      with(kMinimal, "[area]", "[area]\ncrs = \"EPSG:99999999\""),
      {"dir/s.toml:2:7: area.crs: found \"EPSG:99999999\", expected a CRS that PROJ knows"});
}

TEST(ScenarioErrors, StationOutsideStudyArea) {
  const std::string text = with(kMinimal, "\nlon_deg = 139.8", "\nlon_deg = 139.9");
  const auto [x, y] = project(139.9, 35.6, 32654);
  char pos[64];
  std::snprintf(pos, sizeof pos, "(%.1f, %.1f)", x, y);
  const auto [cx, cy] = project(139.8, 35.6, 32654);
  char box[128];
  std::snprintf(box, sizeof box, "[%.1f, %.1f] × [%.1f, %.1f]", cx - 500, cx + 500, cy - 400,
                cy + 400);
  expect_error(text,
               {"dir/s.toml:10:11: station[0] (gnb-1): found position " + std::string(pos) +
                ", outside the study area, expected a position inside the study area " + box});
}

TEST(ScenarioErrors, NoStation) {
  const std::string none =
      std::string(kMinimal).substr(0, std::string(kMinimal).find("[[station]]"));
  expect_error(none, {"station: found no value, expected at least one [[station]] table"});
  expect_error(with(kMinimal, "[[station]]", "[station]"),
               {"dir/s.toml:8:1: station: found a table, expected at least one [[station]] table"});
}

TEST(ScenarioErrors, UnreadableFile) {
  try {
    load_scenario(kDataDir + "/does_not_exist.toml");
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does_not_exist.toml: found a file that cannot be opened"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace akichi::sim::scenario_test

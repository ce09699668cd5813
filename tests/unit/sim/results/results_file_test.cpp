// sim/results: the results file written by Writer, read back by Reader and by the outside
// readers it is made for (Python netCDF4, xarray, GDAL's netCDF driver).
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "sim/results/reader.h"
#include "sim/results/writer.h"

namespace results_file_test {

namespace fs = std::filesystem;
using namespace akichi::sim::results;

namespace {

// The sample study: a 6 x 4 grid of 100 m x 50 m cells in WGS 84 / UTM zone 54N (Tokyo area),
// cell centres x0 + (i + 0.5) dx, y0 + (j + 0.5) dy (y increasing northwards).
constexpr std::size_t kNx = 6, kNy = 4, kNh = 3, kNs = 2, kNc = 2;
constexpr double kX0 = 380000.0, kY0 = 3950000.0, kDx = 100.0, kDy = 50.0;
constexpr float kRxFill = -9999.0f;
const std::array<double, kNh> kHeights{1.5, 10.0, 30.0};
const std::vector<std::string> kStations{"JP-TKY-0001", "局-0002"};

float rx_value(std::size_t s, std::size_t h, std::size_t j, std::size_t i) {
  if (s == 1 && h == 2 && j == 3 && i == 5) return kRxFill;  // one cell without result
  return -60.0f - 10.0f * s - 0.5f * h - 1.0f * j - 0.25f * i;
}
float terrain_value(std::size_t j, std::size_t i) {
  return 10.0f + 2.0f * j + 0.5f * i;
}
std::int8_t mask_value(std::size_t j, std::size_t i) {
  return static_cast<std::int8_t>((i + j) % 2);
}
float interference_value(std::size_t c, std::size_t j, std::size_t i) {
  return -110.0f + 3.0f * c + 0.125f * j - 0.5f * i;
}

std::string utm54n_wkt() {
  OGRSpatialReference srs;
  EXPECT_EQ(srs.importFromEPSG(32654), OGRERR_NONE);
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT1_GDAL", nullptr};
  EXPECT_EQ(srs.exportToWkt(&wkt, options), OGRERR_NONE);
  std::string s = wkt;
  CPLFree(wkt);
  return s;
}

std::string long_scenario_text() {
  std::string s = "# scenario\n";
  while (s.size() < 100000) s += "[[station]]\nid = \"JP-TKY-0001\"\nheight_m = 25.0\n";
  return s;
}

std::vector<float> rx_full() {
  std::vector<float> v;
  for (std::size_t s = 0; s < kNs; ++s)
    for (std::size_t h = 0; h < kNh; ++h)
      for (std::size_t j = 0; j < kNy; ++j)
        for (std::size_t i = 0; i < kNx; ++i) v.push_back(rx_value(s, h, j, i));
  return v;
}

void write_sample(const std::string& path) {
  Writer w(path);
  Group& root = w.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", std::string("akichi results: sample study"));
  root.set_attribute("akichi_version", std::string("0.1.0"));
  root.set_attribute("format_version", std::int32_t{1});
  root.set_attribute("created", std::string("2024-01-01T00:00:00Z"));
  root.set_attribute("scenario", long_scenario_text());
  root.set_attribute("comment", std::string());

  std::vector<double> x, y;
  for (std::size_t i = 0; i < kNx; ++i) x.push_back(kX0 + (i + 0.5) * kDx);
  for (std::size_t j = 0; j < kNy; ++j) y.push_back(kY0 + (j + 0.5) * kDy);
  root.add_coordinate("x", x,
                      {{"standard_name", std::string("projection_x_coordinate")},
                       {"long_name", std::string("easting")},
                       {"units", std::string("m")},
                       {"axis", std::string("X")}});
  root.add_coordinate("y", y,
                      {{"standard_name", std::string("projection_y_coordinate")},
                       {"long_name", std::string("northing")},
                       {"units", std::string("m")},
                       {"axis", std::string("Y")}});
  root.add_coordinate("height", kHeights,
                      {{"standard_name", std::string("height")},
                       {"long_name", std::string("receiver height above ground")},
                       {"units", std::string("m")},
                       {"positive", std::string("up")},
                       {"axis", std::string("Z")}});
  root.add_dimension("station", kNs);
  root.add_string_variable("station_id", "station", kStations,
                           {{"long_name", std::string("station identifier")},
                            {"cf_role", std::string("timeseries_id")}});
  root.add_grid_mapping("crs", utm54n_wkt(),
                        {{"grid_mapping_name", std::string("transverse_mercator")},
                         {"longitude_of_central_meridian", 141.0},
                         {"latitude_of_projection_origin", 0.0},
                         {"scale_factor_at_central_meridian", 0.9996},
                         {"false_easting", 500000.0},
                         {"false_northing", 0.0},
                         {"semi_major_axis", 6378137.0},
                         {"inverse_flattening", 298.257223563},
                         {"projected_crs_name", std::string("WGS 84 / UTM zone 54N")}});

  const std::vector<float> rx = rx_full();
  root.write_variable<float>("rx_power", {"station", "height", "y", "x"}, rx,
                             {{"long_name", std::string("received power")},
                              {"units", std::string("dBm")},
                              {"grid_mapping", std::string("crs")},
                              {"coordinates", std::string("station_id")}},
                             {}, kRxFill);
  std::vector<float> terrain;
  std::vector<std::int8_t> mask;
  for (std::size_t j = 0; j < kNy; ++j)
    for (std::size_t i = 0; i < kNx; ++i) {
      terrain.push_back(terrain_value(j, i));
      mask.push_back(mask_value(j, i));
    }
  root.write_variable<float>("terrain_height", {"y", "x"}, terrain,
                             {{"standard_name", std::string("height_above_mean_sea_level")},
                              {"long_name", std::string("terrain height")},
                              {"units", std::string("m")},
                              {"grid_mapping", std::string("crs")}},
                             {}, std::numeric_limits<float>::quiet_NaN());
  root.write_variable<std::int8_t>("mask", {"y", "x"}, mask,
                                   {{"long_name", std::string("study area mask")},
                                    {"flag_values", std::vector<std::int32_t>{0, 1}},
                                    {"flag_meanings", std::string("outside inside")},
                                    {"grid_mapping", std::string("crs")}});

  Group variant = root.create_group("variant_a");
  variant.set_attribute("variant", std::string("tx_power_dBm=30"));
  variant.add_coordinate(
      "channel", std::vector<double>{4.85e9, 4.95e9},
      {{"long_name", std::string("channel centre frequency")}, {"units", std::string("Hz")}});
  std::vector<float> interf;
  for (std::size_t c = 0; c < kNc; ++c)
    for (std::size_t j = 0; j < kNy; ++j)
      for (std::size_t i = 0; i < kNx; ++i) interf.push_back(interference_value(c, j, i));
  variant.write_variable<float>("interference", {"channel", "y", "x"}, interf,
                                {{"long_name", std::string("aggregate interference")},
                                 {"units", std::string("dBm")},
                                 {"grid_mapping", std::string("crs")}},
                                {}, kRxFill);
  w.commit();
}

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

constexpr const char* kPython = "/usr/bin/python3";

// Fails the test (with how to fix it) when an outside reader is missing.
bool require_python_module(const std::string& module) {
  if (::access(kPython, X_OK) != 0) {
    ADD_FAILURE() << kPython << " is missing: install python3 (scripts/setup.sh)";
    return false;
  }
  const CommandResult r = run(std::string(kPython) + " -c 'import " + module + "'");
  if (r.status != 0) {
    ADD_FAILURE() << "Python module " << module << " is missing for " << kPython
                  << " (install python3-netcdf4 python3-xarray, see scripts/setup.sh):\n"
                  << r.output;
    return false;
  }
  return true;
}

bool require_gdalinfo() {
  const CommandResult r = run("command -v gdalinfo");
  if (r.status != 0) {
    ADD_FAILURE() << "gdalinfo is missing: install gdal-bin (scripts/setup.sh)";
    return false;
  }
  return true;
}

class ResultsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("akichi_results_test_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}));
  }
  std::string run_python(const std::string& script, const std::string& h5) {
    const std::string py = file("check.py");
    std::ofstream(py) << script;
    const CommandResult r = run(std::string(kPython) + " '" + py + "' '" + h5 + "'");
    EXPECT_EQ(r.status, 0) << r.output;
    return r.output;
  }
  fs::path dir_;
};

// ------------------------------------------------------------------ akichi's own reader

TEST_F(ResultsFile, ReaderRoundTripsEveryValueAndAttribute) {
  const std::string path = file("results.h5");
  write_sample(path);
  Reader r(path);

  EXPECT_EQ(r.variables("/"), (std::vector<std::string>{"x", "y", "height", "station_id", "crs",
                                                        "rx_power", "terrain_height", "mask"}));
  EXPECT_EQ(r.groups("/"), std::vector<std::string>{"variant_a"});
  const std::vector<DimensionInfo> dims = r.dimensions("/");
  ASSERT_EQ(dims.size(), 4u);
  EXPECT_EQ(dims[3].name, "station");
  EXPECT_EQ(dims[3].size, kNs);
  EXPECT_FALSE(r.has_variable("station"));  // a dimension, not a variable
  EXPECT_TRUE(r.has_variable("variant_a/interference"));

  const VariableInfo rx = r.info("rx_power");
  EXPECT_EQ(rx.path, "/rx_power");
  EXPECT_EQ(rx.type, ElementType::float32);
  ASSERT_EQ(rx.dims.size(), 4u);
  const std::vector<std::string> names{"station", "height", "y", "x"};
  const std::vector<std::size_t> sizes{kNs, kNh, kNy, kNx};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(rx.dims[k].name, names[k]);
    EXPECT_EQ(rx.dims[k].size, sizes[k]);
  }
  ASSERT_FALSE(rx.attributes.empty());
  EXPECT_EQ(rx.attributes[0].name, "_FillValue");  // fill first, then the given order
  EXPECT_EQ(rx.attributes[1].name, "long_name");
  EXPECT_EQ(r.attr_string("rx_power", "units"), "dBm");
  EXPECT_EQ(r.attr_string("rx_power", "grid_mapping"), "crs");
  EXPECT_EQ(r.attr_double("rx_power", "_FillValue"), -9999.0);
  EXPECT_FALSE(r.attr_string("rx_power", "no_such").has_value());
  EXPECT_THROW(r.attr_double("rx_power", "units"), akichi::InputError);

  // Values: exactly what was written, the fill value read as NaN.
  const std::vector<float> all = r.read_float("rx_power");
  const std::vector<float> expected = rx_full();
  ASSERT_EQ(all.size(), expected.size());
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (expected[k] == kRxFill) {
      EXPECT_TRUE(std::isnan(all[k])) << k;
    } else {
      EXPECT_EQ(all[k], expected[k]) << k;
    }
  }
  const std::vector<float> slab = r.read_slab_float("rx_power", {1, 2, 2, 3}, {1, 1, 2, 3});
  ASSERT_EQ(slab.size(), 6u);
  EXPECT_EQ(slab[0], rx_value(1, 2, 2, 3));
  EXPECT_EQ(slab[4], rx_value(1, 2, 3, 4));
  EXPECT_TRUE(std::isnan(slab[5]));  // (1, 2, 3, 5) is the fill cell

  const std::vector<double> x = r.read_coordinate("x");
  ASSERT_EQ(x.size(), kNx);
  EXPECT_EQ(x[0], 380050.0);
  EXPECT_EQ(x[5], 380550.0);
  EXPECT_EQ(r.read_coordinate("height"), std::vector<double>(kHeights.begin(), kHeights.end()));
  EXPECT_EQ(r.info("x").dims[0].name, "x");
  EXPECT_EQ(r.attr_string("height", "positive"), "up");
  EXPECT_EQ(r.read_strings("station_id"), kStations);
  EXPECT_EQ(r.info("station_id").dims[0].name, "station");
  EXPECT_EQ(r.info("station_id").type, ElementType::string);

  const VariableInfo mask = r.info("mask");
  EXPECT_EQ(mask.type, ElementType::int8);
  const std::vector<float> m = r.read_float("mask");
  for (std::size_t j = 0; j < kNy; ++j)
    for (std::size_t i = 0; i < kNx; ++i) EXPECT_EQ(m[j * kNx + i], mask_value(j, i));
  EXPECT_EQ(r.info("terrain_height").dims[0].name, "y");
  EXPECT_EQ(r.read_float("terrain_height")[kNx + 2], terrain_value(1, 2));

  // Grid mapping and root attributes.
  EXPECT_EQ(r.info("crs").dims.size(), 0u);
  EXPECT_EQ(r.attr_string("crs", "grid_mapping_name"), "transverse_mercator");
  EXPECT_EQ(r.attr_double("crs", "longitude_of_central_meridian"), 141.0);
  EXPECT_EQ(r.attr_string("crs", "crs_wkt"), utm54n_wkt());
  EXPECT_EQ(r.attr_string("crs", "spatial_ref"), utm54n_wkt());
  EXPECT_EQ(r.attr_string("/", "Conventions"), "CF-1.10");
  EXPECT_EQ(r.attr_double("/", "format_version"), 1.0);
  EXPECT_EQ(r.attr_string("/", "scenario"), long_scenario_text());  // > 64 KiB attribute
  EXPECT_EQ(r.attr_string("/", "comment"), "");
  const Attrs root = r.root_attributes();
  ASSERT_EQ(root.size(), 7u);
  EXPECT_EQ(root[0].name, "Conventions");
  EXPECT_EQ(root[6].name, "comment");

  // The child group: its own coordinate, the root's x and y.
  EXPECT_EQ(r.variables("variant_a"), (std::vector<std::string>{"channel", "interference"}));
  const VariableInfo in = r.info("/variant_a/interference");
  ASSERT_EQ(in.dims.size(), 3u);
  EXPECT_EQ(in.dims[0].name, "channel");
  EXPECT_EQ(in.dims[1].name, "y");
  EXPECT_EQ(in.dims[2].name, "x");
  EXPECT_EQ(r.read_slab_float("variant_a/interference", {1, 3, 5}, {1, 1, 1})[0],
            interference_value(1, 3, 5));
  EXPECT_EQ(r.attr_string("variant_a", "variant"), "tx_power_dBm=30");
}

TEST_F(ResultsFile, UnknownVariableNamesFileVariableAndWhatExists) {
  const std::string path = file("results.h5");
  write_sample(path);
  Reader r(path);
  try {
    r.info("rx_powr");
    FAIL() << "no InputError";
  } catch (const akichi::InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find("'/rx_powr'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("rx_power, terrain_height, mask"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("station,"), std::string::npos) << msg;  // a dimension is no variable
  }
  try {
    r.read_float("variant_b/interference");
    FAIL() << "no InputError";
  } catch (const akichi::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/variant_b does not exist"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(r.read_strings("rx_power"), akichi::InputError);
  EXPECT_THROW(r.read_coordinate("terrain_height"), akichi::InputError);
  EXPECT_THROW(r.read_slab_float("rx_power", {0, 0, 0, 5}, {1, 1, 1, 2}), akichi::InputError);
  EXPECT_THROW(r.groups("nope"), akichi::InputError);
}

TEST_F(ResultsFile, ReaderRejectsFilesThatAreNotOurs) {
  const std::string text = file("not_hdf5.h5");
  std::ofstream(text) << "this is not HDF5\n";
  try {
    Reader r(text);
    FAIL() << "no InputError";
  } catch (const akichi::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
  // HDF5, but without CF Conventions.
  const std::string bare = file("bare.h5");
  {
    Writer w(bare);
    w.root().set_attribute("title", std::string("no conventions"));
    w.commit();
  }
  try {
    Reader r(bare);
    FAIL() << "no InputError";
  } catch (const akichi::InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(bare), std::string::npos) << msg;
    EXPECT_NE(msg.find("Conventions"), std::string::npos) << msg;
  }
  EXPECT_THROW(Reader(file("missing.h5")), akichi::InputError);
}

// ------------------------------------------------------------------ writer behaviour

TEST_F(ResultsFile, UncommittedWriterLeavesNoFile) {
  const std::string path = file("results.h5");
  {
    Writer w(path);
    w.root().set_attribute("Conventions", std::string("CF-1.10"));
    w.root().add_dimension("station", 3);
    EXPECT_TRUE(fs::exists(w.temporary_path()));
    EXPECT_EQ(fs::path(w.temporary_path()).parent_path(), dir_);
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(entries(), 0u);
}

TEST_F(ResultsFile, Hdf5FailuresBecomeRuntimeErrorsWithTheHdf5Message) {
  const std::string path = file("no_such_dir/results.h5");
  try {
    Writer w(path);
    FAIL() << "no RuntimeError";
  } catch (const akichi::RuntimeError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("HDF5: ", 0), 0u) << msg;
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find("unable to"), std::string::npos) << msg;  // HDF5's own words
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(ResultsFile, CommitLeavesAnExistingFileUntouchedUntilTheRename) {
  const std::string path = file("results.h5");
  write_sample(path);
  const auto old_size = fs::file_size(path);
  std::string temp;
  {
    Writer w(path);
    temp = w.temporary_path();
    w.root().set_attribute("Conventions", std::string("CF-1.10"));
    w.root().set_attribute("title", std::string("second run"));
    w.root().add_dimension("station", 1);
    // Before commit the old file is whole and still readable.
    EXPECT_EQ(fs::file_size(path), old_size);
    EXPECT_EQ(Reader(path).attr_string("/", "title"), "akichi results: sample study");
    w.commit();
    EXPECT_TRUE(w.committed());
    EXPECT_THROW(w.root(), akichi::RuntimeError);  // nothing can be written after commit
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(Reader(path).attr_string("/", "title"), "second run");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(ResultsFile, SlabsWrittenPieceByPieceEqualOneFullWrite) {
  const std::string path = file("slabs.h5");
  const std::vector<float> rx = rx_full();
  {
    Writer w(path);
    Group& g = w.root();
    g.set_attribute("Conventions", std::string("CF-1.10"));
    g.add_dimension("station", kNs);
    g.add_dimension("height", kNh);
    g.add_dimension("y", kNy);
    g.add_dimension("x", kNx);
    g.write_variable<float>("full", {"station", "height", "y", "x"}, rx);
    // One [station][height] slice at a time, chunks of 2 x 3 cells, leaving one slice unwritten.
    Variable v = g.create_variable<float>("pieces", {"station", "height", "y", "x"}, {},
                                          StoreOptions{{1, 1, 2, 3}, 6, true}, kRxFill);
    for (std::size_t s = 0; s < kNs; ++s)
      for (std::size_t h = 0; h < kNh; ++h) {
        if (s == 0 && h == 1) continue;
        const std::size_t n = kNy * kNx;
        const std::span<const float> slice(rx.data() + (s * kNh + h) * n, n);
        v.write_slab<float>({s, h, 0, 0}, {1, 1, kNy, kNx}, slice);
      }
    v.write_slab<float>({0, 1, 0, 0}, {1, 1, kNy, kNx},
                        std::span<const float>(rx.data() + kNy * kNx, kNy * kNx));
    // Misuse is refused.
    EXPECT_THROW(v.write_slab<double>({0, 0, 0, 0}, {1, 1, 1, 1}, std::vector<double>{1.0}),
                 akichi::RuntimeError);
    EXPECT_THROW(
        v.write_slab<float>({0, 0, 3, 0}, {1, 1, 2, kNx}, std::vector<float>(2 * kNx, 0.0f)),
        akichi::RuntimeError);
    EXPECT_THROW(g.write_variable<float>("bad", {"station", "nowhere"}, rx), akichi::RuntimeError);
    EXPECT_THROW(g.write_variable<float>("short", {"y", "x"}, std::vector<float>(3, 0.0f)),
                 akichi::RuntimeError);
    EXPECT_THROW(g.add_dimension("x", 2), akichi::RuntimeError);  // name taken
    w.commit();
  }
  Reader r(path);
  const std::vector<float> full = r.read_float("full");
  const std::vector<float> pieces = r.read_float("pieces");
  ASSERT_EQ(full.size(), rx.size());
  ASSERT_EQ(pieces.size(), rx.size());
  for (std::size_t k = 0; k < rx.size(); ++k) {
    EXPECT_EQ(full[k], rx[k]) << k;  // no _FillValue: -9999 stays a value
    if (rx[k] == kRxFill) {
      EXPECT_TRUE(std::isnan(pieces[k])) << k;
    } else {
      EXPECT_EQ(pieces[k], rx[k]) << k;
    }
  }
}

TEST_F(ResultsFile, AutomaticChunksKeepTheLastTwoDimensionsUnderOneMiB) {
  const std::string path = file("chunks.h5");
  {
    Writer w(path);
    Group& g = w.root();
    g.set_attribute("Conventions", std::string("CF-1.10"));
    g.add_dimension("station", 2);
    g.add_dimension("y", 600);
    g.add_dimension("x", 700);
    g.add_dimension("n", 300000);
    g.create_variable<float>("big", {"station", "y", "x"});           // 1.68 MB per [y][x] slice
    g.create_variable<std::uint8_t>("small", {"station", "y", "x"});  // 420 kB per slice
    g.create_variable<double>("line", {"n"});                         // 2.4 MB
    g.create_variable<std::int32_t>("scalar", {});
    w.commit();
  }
  Reader r(path);
  EXPECT_EQ(r.info("big").chunk, (std::vector<std::size_t>{1, 600, 350}));  // 840 kB
  EXPECT_EQ(r.info("small").chunk, (std::vector<std::size_t>{1, 600, 700}));
  EXPECT_EQ(r.info("line").chunk, (std::vector<std::size_t>{75000}));  // 600 kB
  EXPECT_TRUE(r.info("scalar").chunk.empty());
  EXPECT_THROW(r.info("station"), akichi::InputError);  // a dimension, not a variable
}

TEST_F(ResultsFile, PartlyWrittenVariableReadsAsFill) {
  const std::string path = file("partial.h5");
  {
    Writer w(path);
    w.root().set_attribute("Conventions", std::string("CF-1.10"));
    w.root().add_dimension("y", 4);
    w.root().add_dimension("x", 5);
    Variable v =
        w.root().create_variable<std::int16_t>("count", {"y", "x"}, {}, {}, std::int16_t{-1});
    v.write_slab<std::int16_t>({1, 0}, {1, 5}, std::vector<std::int16_t>{1, 2, 3, 4, 5});
    w.commit();
  }
  Reader r(path);
  EXPECT_EQ(r.info("count").type, ElementType::int16);
  EXPECT_EQ(r.attr_double("count", "_FillValue"), -1.0);
  const std::vector<float> v = r.read_float("count");
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (k >= 5 && k < 10) {
      EXPECT_EQ(v[k], static_cast<float>(k - 4));
    } else {
      EXPECT_TRUE(std::isnan(v[k])) << k;
    }
  }
}

// ------------------------------------------------------------------ outside readers

TEST_F(ResultsFile, PythonNetCDF4ReadsIt) {
  if (!require_python_module("netCDF4")) return;
  const std::string path = file("results.h5");
  write_sample(path);
  const std::string script = R"PY(
import sys, math
import numpy as np
import netCDF4
nc = netCDF4.Dataset(sys.argv[1])
assert isinstance(nc.Conventions, str) and nc.Conventions == "CF-1.10", repr(nc.Conventions)
assert isinstance(nc.title, str), repr(nc.title)
assert nc.comment == "", repr(nc.comment)
assert len(nc.scenario) >= 100000
assert int(nc.format_version) == 1
assert list(nc.dimensions) == ["x", "y", "height", "station"], list(nc.dimensions)
assert {k: len(d) for k, d in nc.dimensions.items()} == {"x": 6, "y": 4, "height": 3, "station": 2}
assert list(nc.variables) == ["x", "y", "height", "station_id", "crs", "rx_power",
                              "terrain_height", "mask"], list(nc.variables)
rx = nc["rx_power"]
assert rx.dimensions == ("station", "height", "y", "x"), rx.dimensions
assert rx.units == "dBm" and rx.grid_mapping == "crs"
assert rx.dtype == np.float32
assert rx._FillValue.dtype == np.float32 and rx._FillValue == -9999.0
f = rx.filters()
assert f["zlib"] and f["shuffle"] and f["complevel"] == 4, f
assert rx.chunking() == [1, 1, 4, 6], rx.chunking()
def value(s, h, j, i): return -60.0 - 10.0 * s - 0.5 * h - j - 0.25 * i
for (s, h, j, i) in [(0, 0, 0, 0), (1, 2, 3, 4), (0, 1, 2, 5), (1, 0, 3, 0)]:
    assert rx[s, h, j, i] == np.float32(value(s, h, j, i)), (s, h, j, i, rx[s, h, j, i])
assert np.ma.is_masked(rx[1, 2, 3, 5])
assert nc["x"][0] == 380050.0 and nc["x"].units == "m" and nc["x"].axis == "X"
assert nc["y"][3] == 3950175.0 and nc["y"].standard_name == "projection_y_coordinate"
assert nc["height"].positive == "up" and list(nc["height"][:]) == [1.5, 10.0, 30.0]
sid = nc["station_id"]
assert sid.dtype == str and sid.dimensions == ("station",), (sid.dtype, sid.dimensions)
assert list(sid[:]) == ["JP-TKY-0001", "\u5c40-0002"], list(sid[:])
terrain = nc["terrain_height"]
assert math.isnan(terrain._FillValue) and terrain._FillValue.dtype == np.float32
assert terrain[1, 2] == np.float32(10.0 + 2.0 + 1.0)
mask = nc["mask"]
assert mask.dtype == np.int8 and mask[1, 2] == 1 and mask[2, 2] == 0
crs = nc["crs"]
assert crs.grid_mapping_name == "transverse_mercator"
assert crs.longitude_of_central_meridian == 141.0
assert "UTM zone 54N" in crs.crs_wkt and crs.spatial_ref == crs.crs_wkt
g = nc.groups["variant_a"]
assert g.variant == "tx_power_dBm=30"
assert list(g.variables) == ["channel", "interference"], list(g.variables)
inter = g["interference"]
assert inter.dimensions == ("channel", "y", "x"), inter.dimensions
assert inter[1, 3, 5] == np.float32(-110.0 + 3.0 + 0.375 - 2.5)
assert g["channel"][1] == 4.95e9
nc.close()
print("OK")
)PY";
  EXPECT_NE(run_python(script, path).find("OK"), std::string::npos);
}

TEST_F(ResultsFile, PythonXarrayReadsIt) {
  if (!require_python_module("xarray")) return;
  if (!require_python_module("netCDF4")) return;
  const std::string path = file("results.h5");
  write_sample(path);
  const std::string script = R"PY(
import sys, math
import numpy as np
import xarray as xr
ds = xr.open_dataset(sys.argv[1], engine="netcdf4")
assert isinstance(ds.attrs["Conventions"], str) and ds.attrs["Conventions"] == "CF-1.10"
assert dict(ds.sizes) == {"x": 6, "y": 4, "height": 3, "station": 2}, dict(ds.sizes)
rx = ds["rx_power"]
assert rx.dims == ("station", "height", "y", "x"), rx.dims
assert rx.attrs["units"] == "dBm"
assert rx.dtype == np.float32
assert "station_id" in ds.coords and list(ds["station_id"].values) == ["JP-TKY-0001", "\u5c40-0002"]
assert float(rx.isel(station=1, height=2, y=3, x=4)) == -60.0 - 10.0 - 1.0 - 3.0 - 1.0
assert math.isnan(float(rx.isel(station=1, height=2, y=3, x=5)))
assert float(rx.sel(x=380250.0, y=3950125.0, height=10.0).isel(station=0)) == -60.0 - 0.5 - 2.0 - 0.5
assert ds["x"].attrs["units"] == "m" and ds["y"].attrs["axis"] == "Y"
assert list(ds["height"].values) == [1.5, 10.0, 30.0]
assert ds["mask"].dtype == np.int8
assert float(ds["terrain_height"].isel(y=3, x=5)) == 10.0 + 6.0 + 2.5
g = xr.open_dataset(sys.argv[1], engine="netcdf4", group="variant_a")
assert g["interference"].dims == ("channel", "y", "x"), g["interference"].dims
assert g.attrs["variant"] == "tx_power_dBm=30"
assert float(g["interference"].isel(channel=0, y=0, x=1)) == -110.5
print("OK")
)PY";
  EXPECT_NE(run_python(script, path).find("OK"), std::string::npos);
}

struct GdalGeo {
  double origin_x = NAN, origin_y = NAN, pixel_x = NAN, pixel_y = NAN;
  int size_x = -1, size_y = -1;
};

GdalGeo parse_gdalinfo(const std::string& out) {
  GdalGeo g;
  // Each line is found by its label, then read with sscanf.
  const auto after = [&](const char* label) -> const char* {
    const std::size_t pos = out.find(label);
    return pos == std::string::npos ? nullptr : out.c_str() + pos;
  };
  if (const char* p = after("Origin = (")) {
    std::sscanf(p, "Origin = (%lf,%lf)", &g.origin_x, &g.origin_y);
  }
  if (const char* p = after("Pixel Size = (")) {
    std::sscanf(p, "Pixel Size = (%lf,%lf)", &g.pixel_x, &g.pixel_y);
  }
  if (const char* p = after("Size is ")) std::sscanf(p, "Size is %d, %d", &g.size_x, &g.size_y);
  return g;
}

TEST_F(ResultsFile, GdalReadsProjectionAndGeotransform) {
  if (!require_gdalinfo()) return;
  const std::string path = file("results.h5");
  write_sample(path);
  // Upper-left corner: x0 (west edge) and y0 + ny * dy (north edge); rows run southwards.
  const double top = kY0 + kNy * kDy;
  for (const std::string var : {"terrain_height", "rx_power"}) {
    const CommandResult r = run("gdalinfo 'NETCDF:\"" + path + "\":" + var + "'");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("UTM zone 54N"), std::string::npos) << r.output;
    const GdalGeo g = parse_gdalinfo(r.output);
    EXPECT_EQ(g.size_x, static_cast<int>(kNx)) << r.output;
    EXPECT_EQ(g.size_y, static_cast<int>(kNy)) << r.output;
    EXPECT_NEAR(g.origin_x, kX0, 1e-6) << r.output;
    EXPECT_NEAR(g.origin_y, top, 1e-6) << r.output;
    EXPECT_NEAR(g.pixel_x, kDx, 1e-9) << r.output;
    EXPECT_NEAR(g.pixel_y, -kDy, 1e-9) << r.output;
    if (std::string(var) == "rx_power") {
      EXPECT_NE(r.output.find("Band 6 "), std::string::npos) << r.output;  // station x height
      EXPECT_EQ(r.output.find("Band 7 "), std::string::npos) << r.output;
      EXPECT_NE(r.output.find("NoData Value=-9999"), std::string::npos) << r.output;
    }
  }
  // Pixel values: GDAL row 0 is the northernmost row (j = ny - 1).
  const CommandResult v =
      run("gdallocationinfo -valonly 'NETCDF:\"" + path + "\":terrain_height' 2 0");
  ASSERT_EQ(v.status, 0) << v.output;
  EXPECT_EQ(std::stod(v.output), terrain_value(kNy - 1, 2)) << v.output;
}

}  // namespace

}  // namespace results_file_test

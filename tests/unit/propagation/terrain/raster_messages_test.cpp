// Every error path of the terrain raster reader on damaged ESRI ASCII grids and GeoTIFFs as a
// table: the bytes of the file and the parts of the message that locate it (the file, the
// option or what is wrong, found, expected).
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/errors.h"
#include "propagation/geo/crs.h"
#include "propagation/terrain/terrain.h"
#include "tests/unit/base/temp_dir_test_util.h"

namespace akichi::prop::raster_messages_test {
namespace {

namespace fs = std::filesystem;

const Crs& utm54() {
  static const Crs crs = Crs::from_epsg(32654);
  return crs;
}

/// A 6 x 5 grid of 100 m cells in UTM 54N whose cell centres cover the lattice of the tests.
std::string grid(const std::string& header_tail, const std::string& cells) {
  return "ncols 6\nnrows 5\nxllcorner 389800\nyllcorner 3939000\ncellsize 100\n" + header_tail +
         cells;
}
const std::string kCells =
    "20 20 20 20 20 20\n20 21 22 23 24 20\n20 20 20 20 20 20\n20 21 22 23 24 20\n"
    "20 20 20 20 20 20\n";

class RasterMessages : public test::TempDirTest {
 protected:
  RasterMessages() : TempDirTest("akichi_raster_messages_") {}

  std::string error_of(const RasterTerrainOptions& o) const {
    const TerrainLattice lattice{{389900, 3939100, 390300, 3939400}, 100};
    try {
      load_raster_terrain(o, utm54(), lattice, nullptr);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

struct Row {
  std::string name;
  std::string file;  ///< file name: its extension picks the driver
  std::string text;
  bool prj = true;  ///< a .prj beside it (UTM 54N)
  int band = 1;
  std::string message;  ///< after "PATH: "
};

TEST_F(RasterMessages, EveryErrorNamesTheFile) {
  const Row rows[] = {
      {"good grid", "dem.asc", grid("", kCells), true, 1, "no error"},
      {"not a raster", "dem.tif", "this is no GeoTIFF\n", true, 1,
       "found a file GDAL cannot open as a raster ("},
      {"no CRS", "dem.asc", grid("", kCells), false, 1,
       "found a raster without a coordinate reference system, expected a georeferenced raster"},
      {"band 2 of 1", "dem.asc", grid("", kCells), true, 2,
       "terrain.band: found 2, expected a band between 1 and 1"},
      {"void", "dem.asc",
       grid("NODATA_value -9999\n",
            "20 20 20 20 20 20\n20 -9999 22 23 24 20\n"
            "20 20 20 20 20 20\n20 21 22 23 24 20\n"
            "20 20 20 20 20 20\n"),
       true, 1, "1 of 20 terrain samples have no data (5.00%), expected full coverage"},
      {"header of 10^6 rows", "dem.asc",
       "ncols 6\nnrows 1000000\nxllcorner 389800\nyllcorner 3939000\ncellsize 100\n" + kCells, true,
       1,
       "found a header declaring 6 x 1000000 cells (at least 11999999 bytes of values) in a file "
       "of 160 bytes, expected a grid whose ncols and nrows match the values the file holds"},
      {"outside", "dem.asc", "ncols 6\nnrows 5\nxllcorner 0\nyllcorner 0\ncellsize 100\n" + kCells,
       true, 1,
       "found no data on any of the 20 terrain samples, expected a raster that covers the study "
       "area"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    RasterTerrainOptions o;
    o.path = write(r.file, r.text);
    o.band = r.band;
    if (r.prj) write(fs::path(r.file).stem().string() + ".prj", utm54().wkt());
    const std::string m = error_of(o);
    if (r.message == "no error") {
      EXPECT_EQ(m, "no error");
    } else {
      EXPECT_EQ(m.rfind(o.path + ": " + r.message, 0), 0u) << m;
    }
  }
}

}  // namespace
}  // namespace akichi::prop::raster_messages_test

// Buildings as an ESRI Shapefile through the building reader. A shapefile is several files
// (.shp geometry, .shx index, .dbf attributes, .prj CRS), so each input is a tar archive of
// them: GDAL's /vsitar/ lists and reads the members, which are copied into an in-memory folder
// under their own names, and the first .shp among them is read with its sidecars. Mutations
// of the archive's members reach the shapefile, DBF and PRJ parsers; a damaged archive is
// an input with no shapefile, which the reader refuses.
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <string>
#include <vector>

#include "tests/fuzz/fuzz_buildings.h"
#include "tests/fuzz/fuzz_vsimem.h"

namespace {

std::vector<char> read_member(const std::string& path) {
  std::vector<char> bytes;
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (f == nullptr) return bytes;
  char buf[65536];
  std::size_t n = 0;
  // Bounded like the fuzzer's own inputs: a member claiming more is cut there.
  while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0 && bytes.size() < (1u << 20)) {
    bytes.insert(bytes.end(), buf, buf + n);
  }
  VSIFCloseL(f);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const akichi::fuzz::VsiFolder archive_folder("akichi-fuzz-archive");
  const std::string archive = archive_folder.add("input.tar", data, size);
  const std::string root = "/vsitar/" + archive;
  const akichi::fuzz::VsiFolder folder;
  std::string shp;
  char** names = VSIReadDir(root.c_str());
  for (int i = 0; names != nullptr && names[i] != nullptr; ++i) {
    const std::string name = CPLGetFilename(names[i]);
    // Member names from the archive never leave the in-memory folder: no path parts.
    if (name.empty() || name == "." || name == "..") continue;
    const std::vector<char> bytes = read_member(root + "/" + names[i]);
    const std::string path = folder.add(name, bytes.data(), bytes.size());
    if (shp.empty() && EQUAL(CPLGetExtension(name.c_str()), "shp")) shp = path;
  }
  CSLDestroy(names);
  if (shp.empty()) shp = folder.add("buildings.shp", data, size);
  akichi::fuzz::read_buildings(shp, "height_m");
  return 0;
}

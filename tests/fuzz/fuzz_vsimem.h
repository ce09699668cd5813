// Inputs that GDAL/OGR readers take by name, kept in GDAL's in-memory file system (/vsimem/):
// no disk I/O per input, and sidecar files a driver looks for or writes (.prj, .aux.xml, .gfs)
// live and die with the input.
#pragma once

#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace akichi::fuzz {

/// An in-memory folder of files, removed with everything in it when the object goes.
class VsiFolder {
 public:
  /// `name`: the folder's name under /vsimem/; folders alive at once need different names.
  explicit VsiFolder(const std::string& name = "akichi-fuzz") : dir_("/vsimem/" + name) {
    VSIMkdir(dir_.c_str(), 0755);
  }
  ~VsiFolder() { VSIRmdirRecursive(dir_.c_str()); }
  VsiFolder(const VsiFolder&) = delete;
  VsiFolder& operator=(const VsiFolder&) = delete;

  /// Copies the bytes to `name` in the folder and returns the file's /vsimem/ path.
  std::string add(const std::string& name, const void* data, std::size_t size) const {
    const std::string path = dir_ + "/" + name;
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    if (f != nullptr) {
      VSIFWriteL(data, 1, size, f);
      VSIFCloseL(f);
    }
    return path;
  }
  std::string add(const std::string& name, std::string_view text) const {
    return add(name, text.data(), text.size());
  }

 private:
  std::string dir_;
};

}  // namespace akichi::fuzz

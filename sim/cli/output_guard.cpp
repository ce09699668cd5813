#include "sim/cli/output_guard.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/file_kind.h"
#include "base/temp_file.h"

namespace akichi::sim::cli {

void refuse_output_onto_input(const std::string& output, const std::vector<std::string>& inputs,
                              std::string_view option, std::string_view what) {
  if (output.empty()) return;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input.empty() || !std::filesystem::equivalent(output, input, ec) || ec) continue;
    const std::string same =
        output == input ? input : fmt::format("{} (the same file as {})", output, input);
    throw_input_error({}, option, fmt::format("{}, which is {}", same, what),
                      "an output file that is none of the files the command reads: it would be "
                      "overwritten");
  }
}

void require_regular_input(const std::string& path, std::string_view option) {
  if (path.empty()) return;
  if (const std::string kind = non_regular_kind(path); !kind.empty())
    throw_input_error({}, option, fmt::format("{}, which is {}", path, kind), "a regular file");
}

void clear_stale_temporaries(const std::string& output) {
  if (output.empty()) return;
  for (const StaleTemporary& t : remove_stale_temporaries(output)) {
    fmt::print(stderr, "akichi: removed {}, left by process {}, which no longer runs\n", t.path,
               t.pid);
    // GDAL writes a raster's category names to the sidecar "<temp>.aux.xml" when it closes the
    // temporary; the writer renames that sidecar before the raster (viz/map_geotiff.cpp), so a
    // sidecar left by a killed writer always lies beside its raster's temporary.
    const std::string aux = t.path + ".aux.xml";
    std::error_code ec;
    if (std::filesystem::remove(aux, ec) && !ec)
      fmt::print(stderr, "akichi: removed {}, left by process {}, which no longer runs\n", aux,
                 t.pid);
  }
}

void clear_stale_map_temporaries(const std::string& output) {
  clear_stale_temporaries(output);
  // A categorical GeoTIFF "x.tif" is written with its QGIS style "x.qml", under a temporary of
  // its own ("x.qml.partial-PID-N").
  const std::filesystem::path out(output);
  const std::string ext = out.extension().string();
  if (ext == ".tif" || ext == ".tiff")
    clear_stale_temporaries(std::filesystem::path(out).replace_extension(".qml").string());
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) out.push_back(e.path().string());
  return out;
}

}  // namespace akichi::sim::cli

// Files compiled into the server (cmake/embed_files.cmake): the OpenAPI document, the web page
// and Leaflet. The server answers from these bytes only; no request reaches the file system.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace akichi::sim::serve {

struct EmbeddedFile {
  std::string_view name;  ///< "openapi.json", "web/index.html", "leaflet/leaflet.js", ...
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

/// The bytes of the file `name`, or nullopt.
inline std::optional<std::string_view> embedded_file(std::string_view name) {
  for (const EmbeddedFile& f : embedded_files())
    if (f.name == name) return f.bytes;
  return std::nullopt;
}

}  // namespace akichi::sim::serve

#include "viz/output_file.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <system_error>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/temp_file.h"

namespace akichi::viz {

namespace fs = std::filesystem;

fs::path check_output_path(const std::string& path,
                           std::initializer_list<std::string_view> extensions,
                           std::string_view what) {
  const fs::path p(path);
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string expected;
  bool ok = false;
  for (const auto e : extensions) {
    ok = ok || ext == e;
    expected += (expected.empty() ? "" : " or ") + std::string(e);
  }
  if (path.empty() || p.filename().empty())
    throw_input_error({}, what, "an empty file name", "a file name ending in " + expected);
  if (!ok) throw_input_error({}, what, "'" + path + "'", "a file name ending in " + expected);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw_input_error({}, what, "'" + path + "' in a directory that does not exist",
                      "an existing, writable directory");
  if (fs::is_directory(p, ec))
    throw_input_error({}, what, "'" + path + "', which is a directory", "a file name");
  return p;
}

TempOutput::TempOutput(fs::path final_path) : final_(std::move(final_path)) {
  temp_ = temporary_path(final_.string());
}

TempOutput::~TempOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void TempOutput::commit() {
  std::error_code ec;
  fs::rename(temp_, final_, ec);
  if (ec)
    throw_input_error({}, "output file", fmt::format("'{}' ({})", final_.string(), ec.message()),
                      "a path that can be written");
  committed_ = true;
}

}  // namespace akichi::viz

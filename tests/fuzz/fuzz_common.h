// Shared by the libFuzzer targets: each target hands the input to one reader of user files.
// An akichi::Error (InputError, RuntimeError) is the reader's proper answer to a bad file;
// anything else that escapes (another exception, a crash, a sanitizer report, a hang) is a
// finding.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "base/errors.h"

namespace akichi::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A folder of this process's own, where inputs that readers take by path are written. It has
/// no other file, so relative paths inside a fuzzed input reach nothing.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("akichi-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

/// Writes the input to `name` in the scratch folder and returns its path.
inline std::string write_input(const std::string& name, const std::uint8_t* data,
                               std::size_t size) {
  const std::string path = (scratch_dir() / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

/// Runs `read`; akichi's own errors are answers, not findings.
template <typename F>
int answer(F&& read) {
  try {
    read();
  } catch (const akichi::Error&) {
  }
  return 0;
}

}  // namespace akichi::fuzz

#include "base/file_kind.h"

#include <filesystem>
#include <system_error>

namespace akichi {

std::string special_file_kind(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) return "";
  switch (st.type()) {
    case fs::file_type::regular:
    case fs::file_type::directory:
    case fs::file_type::not_found:
    case fs::file_type::none:
      return "";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "a special file";
  }
}

std::string non_regular_kind(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return "a directory";
  return special_file_kind(path);
}

}  // namespace akichi

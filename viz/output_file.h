// Outputs are written to a temporary name in their final directory and renamed when complete,
// so an interrupted render never leaves a truncated file under the final name.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

namespace akichi::viz {

/// Checks that `path` ends in one of `extensions` (case-insensitive, with the dot, e.g. ".png")
/// and that its directory exists. Throws InputError naming `what` otherwise.
std::filesystem::path check_output_path(const std::string& path,
                                        std::initializer_list<std::string_view> extensions,
                                        std::string_view what);

/// A hidden temporary sibling of the final file: write temp(), then commit() renames it onto the
/// final path. Destroyed without commit(), it removes the temporary file.
class TempOutput {
 public:
  explicit TempOutput(std::filesystem::path final_path);
  ~TempOutput();
  TempOutput(const TempOutput&) = delete;
  TempOutput& operator=(const TempOutput&) = delete;

  const std::filesystem::path& temp() const { return temp_; }
  /// Renames temp() onto the final path. Throws InputError when the rename fails.
  void commit();

 private:
  std::filesystem::path final_, temp_;
  bool committed_ = false;
};

}  // namespace akichi::viz

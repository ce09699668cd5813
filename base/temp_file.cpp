#include "base/temp_file.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <system_error>

namespace akichi {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kMarker = ".partial-";
std::atomic<unsigned long> g_counter{0};
}  // namespace

std::string temporary_path(const std::string& final_path) {
  return final_path + std::string(kMarker) + std::to_string(::getpid()) + "-" +
         std::to_string(g_counter.fetch_add(1));
}

std::vector<StaleTemporary> remove_stale_temporaries_in(
    const std::string& dir, const std::function<bool(std::string_view final_name)>& owned) {
  std::vector<StaleTemporary> removed;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const auto at = name.rfind(kMarker);
    if (at == std::string::npos || at == 0 || !owned(std::string_view(name).substr(0, at)))
      continue;
    // "<pid>-<n>" after the marker, both decimal.
    const char* p = name.data() + at + kMarker.size();
    const char* end = name.data() + name.size();
    long pid = 0;
    const auto [after_pid, e1] = std::from_chars(p, end, pid);
    if (e1 != std::errc() || after_pid == end || *after_pid != '-' || pid <= 0) continue;
    unsigned long n = 0;
    const auto [after_n, e2] = std::from_chars(after_pid + 1, end, n);
    if (e2 != std::errc() || after_n != end) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    std::error_code rm;
    if (fs::remove(entry.path(), rm) && !rm) removed.push_back({entry.path().string(), pid});
  }
  return removed;
}

std::vector<StaleTemporary> remove_stale_temporaries(const std::string& final_path) {
  const fs::path final(final_path);
  const std::string dir = final.has_parent_path() ? final.parent_path().string() : ".";
  const std::string name = final.filename().string();
  return remove_stale_temporaries_in(dir, [&](std::string_view n) { return n == name; });
}

}  // namespace akichi

#include "base/limits.h"

#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <system_error>

#include "base/errors.h"
#include "base/text.h"

namespace akichi {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

/// MemAvailable of /proc/meminfo in bytes (the kernel's estimate since Linux 3.14), if any.
CheckedSize meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return checked_product({kib, std::uint64_t{1024}});
  }
  return std::nullopt;
}

/// The soft limit of resource `r` in bytes, if one is set.
CheckedSize soft_limit(int r) {
  rlimit lim{};
  if (getrlimit(r, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<std::uint64_t>(lim.rlim_cur);
}

}  // namespace

CheckedSize checked_product(std::initializer_list<CheckedSize> factors) {
  std::uint64_t p = 1;
  bool overflow = false;
  for (const CheckedSize& f : factors) {
    if (!f) return std::nullopt;
    // A zero factor makes the product zero however large the others are.
    if (*f == 0) return std::uint64_t{0};
    overflow = overflow || __builtin_mul_overflow(p, *f, &p);
  }
  if (overflow) return std::nullopt;
  return p;
}

CheckedSize checked_add(CheckedSize a, CheckedSize b) {
  std::uint64_t s = 0;
  if (!a || !b || __builtin_add_overflow(*a, *b, &s)) return std::nullopt;
  return s;
}

CheckedSize checked_sum(std::initializer_list<CheckedSize> terms) {
  CheckedSize s = std::uint64_t{0};
  for (const CheckedSize& t : terms) s = checked_add(s, t);
  return s;
}

std::uint64_t available_memory_bytes() {
  CheckedSize avail = meminfo_available();
  if (!avail) {
    const long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    avail =
        pages > 0 && page > 0
            ? checked_product({static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(page)})
            : std::nullopt;
  }
  std::uint64_t bytes = avail.value_or(kMax);
  for (const int r : {RLIMIT_AS, RLIMIT_DATA}) {
    if (const CheckedSize lim = soft_limit(r)) bytes = std::min(bytes, *lim);
  }
  return bytes;
}

CheckedSize free_disk_bytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::absolute(path.empty() ? fs::path(".") : fs::path(path), ec);
  if (ec) return std::nullopt;
  // The output does not exist yet, nor perhaps its folder (run creates it): ask the nearest
  // folder that does, which is on the file system the new ones will be made on.
  while (!fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p) p = p.parent_path();
  struct statvfs st {};
  if (statvfs(p.c_str(), &st) != 0) return std::nullopt;
  const CheckedSize free = checked_product(
      {static_cast<std::uint64_t>(st.f_bavail), static_cast<std::uint64_t>(st.f_frsize)});
  // No file of this process grows past RLIMIT_FSIZE (ulimit -f), whatever the disk has.
  const CheckedSize fsize = soft_limit(RLIMIT_FSIZE);
  return free && fsize ? std::min(*free, *fsize) : free;
}

std::uint64_t parse_size(std::string_view text, std::string_view option) {
  const std::string_view t = trim(text);
  const std::string expected =
      "a size in bytes > 0 with an optional unit K, M, G or T (x 1024), e.g. 512M, 1.5G, "
      "2TiB";
  std::string found(1, '"');
  found.append(t).push_back('"');
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || t.empty()) throw_input_error({}, option, found, expected);
  std::string unit = to_upper(std::string(end, t.data() + t.size()));
  int power = 0;
  if (!unit.empty()) {
    const std::string units = "KMGT";
    const std::size_t k = units.find(unit.front());
    if (k != std::string::npos) {
      power = static_cast<int>(k) + 1;
      unit.erase(0, 1);
      if (unit == "IB" || unit == "B") unit.clear();
    } else if (unit == "B") {
      unit.clear();
    }
  }
  const double bytes = value * std::pow(1024.0, power);
  // 2^64 as a double: every double below it converts to uint64 exactly enough.
  if (!unit.empty() || !std::isfinite(bytes) || bytes < 1 || bytes >= 18446744073709551616.0) {
    throw_input_error({}, option, found,
                      bytes >= 1 && unit.empty() ? "a size below 16 EiB" : expected);
  }
  return static_cast<std::uint64_t>(bytes);
}

std::string bytes_text(CheckedSize bytes) {
  if (!bytes) return "more than 16 EiB";
  if (*bytes < 1024) return std::to_string(*bytes) + " B";
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(*bytes) / 1024.0;
  int k = 0;
  while (v >= 1024.0 && k < 5) {
    v /= 1024.0;
    ++k;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[k]);
  return buf;
}

}  // namespace akichi

// Sizes of a job before it starts: byte counts with overflow-safe arithmetic, the memory and
// disk the machine offers, and the SIZE arguments of --max-memory / --max-output. A product
// that does not fit in 64 bits is "too large" (an empty optional), never a wrapped-around
// small number that would pass a limit.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace akichi {

/// A count or a byte count; empty when the arithmetic that made it overflowed.
using CheckedSize = std::optional<std::uint64_t>;

/// The product of the factors, or empty when it overflows 64 bits (or a factor is empty).
CheckedSize checked_product(std::initializer_list<CheckedSize> factors);

/// The sum of the terms, or empty when it overflows 64 bits (or a term is empty).
CheckedSize checked_sum(std::initializer_list<CheckedSize> terms);

/// a + b, or empty when either is empty or the sum overflows.
CheckedSize checked_add(CheckedSize a, CheckedSize b);

/// The memory a new job can take now: MemAvailable of /proc/meminfo (what the kernel can give
/// without swapping), else the free physical pages (sysconf); lowered to RLIMIT_AS and
/// RLIMIT_DATA when those are set.
std::uint64_t available_memory_bytes();

/// Free space for an unprivileged writer (statvfs f_bavail x f_frsize) on the file system that
/// holds `path`: `path` itself or, when it does not exist yet, its nearest existing parent
/// folder; no more than the file size limit (RLIMIT_FSIZE) when one is set. Empty when no such
/// folder can be queried.
CheckedSize free_disk_bytes(const std::string& path);

/// A size as given on the command line: a number of bytes with an optional binary unit, "K",
/// "M", "G" or "T" (x 1024^k), optionally followed by "iB" or "B": "512M", "1.5G", "2TiB",
/// "1000000". Throws InputError naming `option` for anything else, for 0 and for sizes beyond
/// 2^64 - 1 bytes.
std::uint64_t parse_size(std::string_view text, std::string_view option);

/// A byte count for people: "812 B", "3.2 KiB", "1.5 GiB", "3.6 TiB", "16.0 EiB"; "more than
/// 16 EiB" for an empty size.
std::string bytes_text(CheckedSize bytes);

}  // namespace akichi

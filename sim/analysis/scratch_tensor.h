// A float tensor [outer][inner] kept in a scratch file instead of in the process's memory: the
// station tensors of a run ([station][height][y][x] path loss and received power), written one
// station at a time as the engine finishes each and read back a piece at a time by the coverage
// reduction and the results writer (docs/methods.md, "Memory of a run"). The file is created
// already unlinked (O_TMPFILE, or a unique name removed at once), so nothing is left behind
// whatever becomes of the process; its pages are the kernel's page cache, which it writes back
// to disk rather than hold when memory is short.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace akichi::sim {

/// Bytes in a scratch file created unlinked in a folder (as ScratchTensor's). Also the batch
/// run's tensor cache for the variants that stream (sim/batch/tensor_cache.h).
class ScratchFile {
 public:
  /// A file of `bytes` bytes (zeros until written) in `dir`. Throws RuntimeError when the file
  /// cannot be created or sized.
  ScratchFile(const std::filesystem::path& dir, std::size_t bytes);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  std::size_t size() const { return bytes_; }
  /// Writes `n` bytes from `data` at byte `at`. Throws RuntimeError on an I/O error.
  void write(std::size_t at, const void* data, std::size_t n);
  /// Reads `n` bytes at byte `at` into `data`; thread-safe. Throws RuntimeError on an I/O error.
  void read(std::size_t at, void* data, std::size_t n) const;

 private:
  int fd_ = -1;
  std::size_t bytes_ = 0;
};

class ScratchTensor {
 public:
  /// A tensor of outer x inner floats (undefined until written) in a scratch file in `dir`.
  /// Throws RuntimeError when the file cannot be created or sized.
  ScratchTensor(const std::filesystem::path& dir, std::size_t outer, std::size_t inner);

  std::size_t outer() const { return outer_; }
  std::size_t inner() const { return inner_; }

  /// Writes `values` at element `first` of outer index `o`. Throws RuntimeError on an I/O error.
  void write(std::size_t o, std::size_t first, std::span<const float> values);
  /// Reads `out.size()` values from element `first` of outer index `o`; thread-safe. Throws
  /// RuntimeError on an I/O error.
  void read(std::size_t o, std::size_t first, std::span<float> out) const;

 private:
  std::size_t offset(std::size_t o, std::size_t first) const;

  std::size_t outer_ = 0, inner_ = 0;
  ScratchFile file_;
};

}  // namespace akichi::sim

#include "sim/analysis/scratch_tensor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::sim {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw RuntimeError(fmt::format("scratch tensor: {}: {}", what, std::strerror(errno)));
}

/// An unlinked file open for reading and writing in `dir`.
int open_unlinked(const std::filesystem::path& dir) {
  const std::string d = dir.empty() ? std::string(".") : dir.string();
#ifdef O_TMPFILE
  const int fd = ::open(d.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  // File systems without O_TMPFILE: a unique name, removed as soon as it is open.
  std::string name = d + "/.akichi-scratch-XXXXXX";
  const int fd2 = ::mkstemp(name.data());
  if (fd2 < 0) fail("cannot create a scratch file in " + d);
  ::unlink(name.c_str());
  return fd2;
}

/// All `bytes` at `data` written to (or read from) the file at `at`, resumed after a short
/// transfer or an interruption.
void transfer(int fd, void* data, std::size_t bytes, off_t at, bool reading) {
  char* p = static_cast<char*>(data);
  while (bytes > 0) {
    const ssize_t n = reading ? ::pread(fd, p, bytes, at) : ::pwrite(fd, p, bytes, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(reading ? "cannot read" : "cannot write");
    if (n == 0) {
      errno = EIO;
      fail(reading ? "cannot read past the end" : "cannot write");
    }
    p += n;
    at += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

}  // namespace

ScratchFile::ScratchFile(const std::filesystem::path& dir, std::size_t bytes)
    : fd_(open_unlinked(dir)), bytes_(bytes) {
  if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0) {
    const int e = errno;
    ::close(fd_);
    errno = e;
    fail(fmt::format("cannot size a scratch file of {} bytes", bytes));
  }
}

ScratchFile::~ScratchFile() {
  if (fd_ >= 0) ::close(fd_);
}

void ScratchFile::write(std::size_t at, const void* data, std::size_t n) {
  transfer(fd_, const_cast<void*>(data), n, static_cast<off_t>(at), false);
}

void ScratchFile::read(std::size_t at, void* data, std::size_t n) const {
  transfer(fd_, data, n, static_cast<off_t>(at), true);
}

ScratchTensor::ScratchTensor(const std::filesystem::path& dir, std::size_t outer, std::size_t inner)
    : outer_(outer), inner_(inner), file_(dir, outer * inner * sizeof(float)) {}

void ScratchTensor::write(std::size_t o, std::size_t first, std::span<const float> values) {
  file_.write(offset(o, first), values.data(), values.size_bytes());
}

void ScratchTensor::read(std::size_t o, std::size_t first, std::span<float> out) const {
  file_.read(offset(o, first), out.data(), out.size_bytes());
}

std::size_t ScratchTensor::offset(std::size_t o, std::size_t first) const {
  return (o * inner_ + first) * sizeof(float);
}

}  // namespace akichi::sim

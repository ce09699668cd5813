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
void transfer(int fd, float* data, std::size_t bytes, off_t at, bool reading) {
  char* p = reinterpret_cast<char*>(data);
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

ScratchTensor::ScratchTensor(const std::filesystem::path& dir, std::size_t outer, std::size_t inner)
    : fd_(open_unlinked(dir)), outer_(outer), inner_(inner) {
  if (::ftruncate(fd_, static_cast<off_t>(outer * inner * sizeof(float))) != 0) {
    const int e = errno;
    ::close(fd_);
    errno = e;
    fail(fmt::format("cannot size a scratch file of {} bytes", outer * inner * sizeof(float)));
  }
}

ScratchTensor::~ScratchTensor() {
  if (fd_ >= 0) ::close(fd_);
}

void ScratchTensor::write(std::size_t o, std::size_t first, std::span<const float> values) {
  transfer(fd_, const_cast<float*>(values.data()), values.size_bytes(), offset(o, first), false);
}

void ScratchTensor::read(std::size_t o, std::size_t first, std::span<float> out) const {
  transfer(fd_, out.data(), out.size_bytes(), offset(o, first), true);
}

off_t ScratchTensor::offset(std::size_t o, std::size_t first) const {
  return static_cast<off_t>((o * inner_ + first) * sizeof(float));
}

}  // namespace akichi::sim

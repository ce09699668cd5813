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
  const char* p = reinterpret_cast<const char*>(values.data());
  std::size_t left = values.size_bytes();
  off_t at = static_cast<off_t>((o * inner_ + first) * sizeof(float));
  while (left > 0) {
    const ssize_t n = ::pwrite(fd_, p, left, at);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    p += n;
    at += n;
    left -= static_cast<std::size_t>(n);
  }
}

void ScratchTensor::read(std::size_t o, std::size_t first, std::span<float> out) const {
  char* p = reinterpret_cast<char*>(out.data());
  std::size_t left = out.size_bytes();
  off_t at = static_cast<off_t>((o * inner_ + first) * sizeof(float));
  while (left > 0) {
    const ssize_t n = ::pread(fd_, p, left, at);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot read");
    }
    if (n == 0) {
      errno = EIO;
      fail("cannot read past the end");
    }
    p += n;
    at += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace akichi::sim

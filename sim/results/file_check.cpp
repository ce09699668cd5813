#include "sim/results/file_check.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/results/hdf5_handles.h"

namespace akichi::sim::results {
namespace {

constexpr const char* kExpected = "a complete HDF5 results file";

[[noreturn]] void damaged(const std::string& path, const std::string& found) {
  throw InputError(format_input_error({path}, "HDF5 structure", found, kExpected));
}

// ---------------------------------------------------------------------------------------------
// Global heap collections (HDF5 file format specification 3.0, III.E).

/// Field sizes from the superblock (III.A.1): where it is (0, 512, 1024, ... bytes), and the
/// "Size of Lengths" that every collection and object size field uses.
struct Superblock {
  std::uint64_t base = 0;
  unsigned size_of_lengths = 8;
};

std::uint64_t read_le(const unsigned char* p, unsigned n) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

std::optional<Superblock> find_superblock(std::ifstream& in, std::uint64_t file_size,
                                          const std::string& path) {
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  for (std::uint64_t at = 0; at + 16 <= file_size; at = at == 0 ? 512 : at * 2) {
    std::array<unsigned char, 16> b{};
    in.seekg(static_cast<std::streamoff>(at));
    if (!in.read(reinterpret_cast<char*>(b.data()), b.size())) break;
    if (std::memcmp(b.data(), kSignature, sizeof kSignature) != 0) continue;
    Superblock sb;
    sb.base = at;
    const unsigned version = b[8];
    // Versions 0 and 1 keep the sizes at bytes 13 and 14, versions 2 and 3 at 9 and 10.
    sb.size_of_lengths = version <= 1 ? b[14] : b[10];
    if (sb.size_of_lengths != 2 && sb.size_of_lengths != 4 && sb.size_of_lengths != 8) {
      damaged(path, fmt::format("a superblock (version {}) with {} -byte lengths at byte {}",
                                version, sb.size_of_lengths, at));
    }
    return sb;
  }
  return std::nullopt;
}

/// Checks one collection whose bytes (from its signature on) are `c`.
std::optional<std::string> check_collection(const std::vector<unsigned char>& c, unsigned len) {
  const std::uint64_t size = c.size();
  const std::uint64_t header = 8 + len;         // signature, version, reserved, collection size
  const std::uint64_t object_header = 8 + len;  // index, reference count, reserved, size
  std::uint64_t p = header;
  while (p + object_header <= size) {
    const std::uint64_t index = read_le(&c[p], 2);
    const std::uint64_t object_size = read_le(&c[p + 8], len);
    if (index == 0) {
      // The free-space object spans the rest of the collection, its own header included.
      if (object_size != size - p) {
        return fmt::format(
            "free space of {} bytes at offset {} of a {}-byte collection "
            "(it must span the remaining {} bytes)",
            object_size, p, size, size - p);
      }
      return std::nullopt;
    }
    const std::uint64_t padded = (object_size + 7) / 8 * 8;
    if (object_size > size || p + object_header + padded > size) {
      return fmt::format("object {} of {} bytes at offset {} past the end of a {}-byte collection",
                         index, object_size, p, size);
    }
    p += object_header + padded;
  }
  return std::nullopt;
}

}  // namespace

void check_global_heaps(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(format_input_error({path}, "", "a file that cannot be opened", kExpected));
  in.seekg(0, std::ios::end);
  const auto file_size = static_cast<std::uint64_t>(in.tellg());
  const std::optional<Superblock> sb = find_superblock(in, file_size, path);
  if (!sb) damaged(path, "no HDF5 superblock");
  const unsigned len = sb->size_of_lengths;
  // "GCOL", version 1 and three reserved zero bytes: eight fixed bytes open every collection.
  static constexpr unsigned char kCollection[8] = {'G', 'C', 'O', 'L', 1, 0, 0, 0};
  constexpr std::uint64_t kMinCollection = 4096;  // III.E: collections are at least 4 KiB

  std::vector<std::uint64_t> starts;
  constexpr std::size_t kBlock = 8u << 20;
  std::vector<unsigned char> buf(kBlock + sizeof kCollection);
  std::size_t carried = 0;
  std::uint64_t buf_offset = 0;  // file offset of buf[0]
  in.clear();
  in.seekg(0);
  while (true) {
    in.read(reinterpret_cast<char*>(buf.data() + carried), static_cast<std::streamsize>(kBlock));
    const std::size_t got = static_cast<std::size_t>(in.gcount());
    const std::size_t n = carried + got;
    auto it = buf.begin();
    const auto end = buf.begin() + static_cast<std::ptrdiff_t>(n);
    while ((it = std::search(it, end, std::begin(kCollection), std::end(kCollection))) != end) {
      starts.push_back(buf_offset + static_cast<std::uint64_t>(it - buf.begin()));
      ++it;
    }
    if (got == 0) break;
    carried = std::min<std::size_t>(n, sizeof kCollection - 1);
    std::memmove(buf.data(), buf.data() + n - carried, carried);
    buf_offset += n - carried;
  }

  for (const std::uint64_t at : starts) {
    std::array<unsigned char, 16> head{};
    in.clear();
    in.seekg(static_cast<std::streamoff>(at));
    in.read(reinterpret_cast<char*>(head.data()), 8 + len);
    const std::uint64_t size = in.gcount() == 8 + len ? read_le(&head[8], len) : 0;
    if (size < kMinCollection || size > file_size - at) {
      damaged(path, fmt::format("a global heap collection at byte {} of {} bytes (the file has "
                                "{} bytes after it; collections are at least {} bytes)",
                                at, size, file_size - at, kMinCollection));
    }
    std::vector<unsigned char> c(size);
    in.seekg(static_cast<std::streamoff>(at));
    in.read(reinterpret_cast<char*>(c.data()), static_cast<std::streamsize>(size));
    if (const auto bad = check_collection(c, len)) {
      damaged(path, fmt::format("a global heap collection at byte {} with {}", at, *bad));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The structure walk, in a child process.
namespace {

/// Messages from the child, one a line: "O<object path>" before each object is read,
/// "E<message>" for an HDF5 error.
void send(int fd, char kind, const std::string& text) {
  std::string line;
  line.reserve(text.size() + 2);
  line += kind;
  for (char ch : text) line += ch == '\n' ? ' ' : ch;
  line += '\n';
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    left -= static_cast<std::size_t>(w);
  }
}

/// Reads one attribute or one dataset's values in full with its own file type, as a reader
/// would, and gives back the memory the library allocated for variable-length parts.
void read_attributes(hid_t obj, const std::string& what) {
  H5O_info_t oi;
  h5::check(H5Oget_info(obj, &oi), "get object info of " + what);
  for (hsize_t i = 0; i < oi.num_attrs; ++i) {
    h5::Attribute a(
        H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_NATIVE, i, H5P_DEFAULT, H5P_DEFAULT),
        "open attribute of " + what);
    h5::Datatype t(H5Aget_type(a.get()), "get attribute type of " + what);
    h5::Dataspace sp(H5Aget_space(a.get()), "get attribute dataspace of " + what);
    if (H5Sget_simple_extent_type(sp.get()) == H5S_NULL) continue;
    const hssize_t count = H5Sget_simple_extent_npoints(sp.get());
    std::vector<unsigned char> buf(H5Tget_size(t.get()) *
                                   static_cast<std::size_t>(std::max<hssize_t>(count, 1)));
    h5::check(H5Aread(a.get(), t.get(), buf.data()), "read an attribute of " + what);
    if (H5Tdetect_class(t.get(), H5T_VLEN) > 0 || H5Tis_variable_str(t.get()) > 0) {
      H5Dvlen_reclaim(t.get(), sp.get(), H5P_DEFAULT, buf.data());
    }
  }
}

void read_dataset(hid_t ds, const std::string& what) {
  h5::Datatype t(H5Dget_type(ds), "get type of " + what);
  h5::Dataspace sp(H5Dget_space(ds), "get dataspace of " + what);
  if (H5Tdetect_class(t.get(), H5T_VLEN) > 0 || H5Tis_variable_str(t.get()) > 0) {
    const hssize_t count = H5Sget_simple_extent_npoints(sp.get());
    if (count <= 0) return;
    std::vector<unsigned char> buf(H5Tget_size(t.get()) * static_cast<std::size_t>(count));
    h5::check(H5Dread(ds, t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read " + what);
    H5Dvlen_reclaim(t.get(), sp.get(), H5P_DEFAULT, buf.data());
    return;
  }
  h5::PropList dcpl(H5Dget_create_plist(ds), "get creation properties of " + what);
  if (H5Pget_layout(dcpl.get()) == H5D_CHUNKED) {
    hsize_t chunks = 0;  // walks the chunk index once
    h5::check(H5Dget_num_chunks(ds, sp.get(), &chunks), "count the chunks of " + what);
  }
}

struct ChildWalk {
  int fd;
};

herr_t visit_link(hid_t root, const char* name, const H5L_info_t* info, void* data) {
  const int fd = static_cast<ChildWalk*>(data)->fd;
  const std::string what = std::string("/") + name;
  send(fd, 'O', what);
  if (info->type != H5L_TYPE_HARD) return 0;  // soft and external links are not followed
  try {
    h5::Object obj(H5Oopen(root, name, H5P_DEFAULT), "open " + what);
    read_attributes(obj.get(), what);
    if (H5Iget_type(obj.get()) == H5I_DATASET) read_dataset(obj.get(), what);
  } catch (const std::exception& e) {
    send(fd, 'E', e.what());
    return -1;
  }
  return 0;
}

[[noreturn]] void child_walk(const std::string& path, int fd) {
  int code = 0;
  try {
    h5::silence_errors();
    send(fd, 'O', "/");
    h5::File f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    read_attributes(f.get(), "/");
    ChildWalk w{fd};
    if (H5Lvisit(f.get(), H5_INDEX_NAME, H5_ITER_NATIVE, visit_link, &w) < 0) {
      h5::throw_error("list the objects of the file");  // the library's own messages
    }
  } catch (const std::exception& e) {
    send(fd, 'E', e.what());
    code = 3;
  }
  // _exit: no atexit handler runs, so the library state inherited from the parent (its open
  // files among it) is neither flushed nor closed from here.
  ::_exit(code);
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

}  // namespace

void check_structure_isolated(const std::string& path, int stall_limit_ms) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw RuntimeError(fmt::format("{}: cannot create a pipe: {}", path, std::strerror(errno)));
  }
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw RuntimeError(fmt::format("{}: cannot fork: {}", path, std::strerror(errno)));
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_walk(path, fds[1]);
  }
  ::close(fds[1]);

  std::string received;
  bool stalled = false;
  std::array<char, 4096> chunk{};
  while (true) {
    pollfd p{fds[0], POLLIN, 0};
    const int r = ::poll(&p, 1, stall_limit_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      stalled = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const ssize_t n = ::read(fds[0], chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(chunk.data(), static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  std::string object = "/";
  std::string error;
  std::size_t start = 0;
  while (start < received.size()) {
    std::size_t end = received.find('\n', start);
    if (end == std::string::npos) break;  // a line cut short by a crash
    const char kind = received[start];
    std::string text = received.substr(start + 1, end - start - 1);
    if (kind == 'O') object = std::move(text);
    if (kind == 'E') error = std::move(text);
    start = end + 1;
  }
  if (stalled) {
    damaged(path, fmt::format("a file on which the HDF5 library stopped making progress "
                              "(no further object within {} ms) while reading {}",
                              stall_limit_ms, object));
  }
  if (WIFSIGNALED(status)) {
    damaged(path, fmt::format("a file on which the HDF5 library crashed ({}) while reading {}",
                              signal_name(WTERMSIG(status)), object));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    damaged(path, error.empty() ? fmt::format("a file that cannot be read at {}", object)
                                : fmt::format("a file that cannot be read: {}", error));
  }
}

void check_results_file(const std::string& path) {
  check_global_heaps(path);
  check_structure_isolated(path);
}

}  // namespace akichi::sim::results

// The HDF5 C library behind RAII handles, typed element mappings and error translation.
// Internal to sim/results: only its .cpp files include this header (and so <hdf5.h>).
#pragma once

#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <string>
#include <utility>

#include "sim/results/results_types.h"

namespace akichi::sim::results::h5 {

static_assert(sizeof(hid_t) == sizeof(std::int64_t), "public headers keep hid_t as std::int64_t");

/// Turns HDF5's automatic error printing off for the calling thread (the thread-safe library
/// keeps one error stack per thread). Called before every library entry point of this module.
void silence_errors() noexcept;

/// Throws akichi::RuntimeError("HDF5: <what>: <messages of the HDF5 error stack>") and clears
/// the stack.
[[noreturn]] void throw_error(const std::string& what);

inline hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) throw_error(what);
  return id;
}
inline herr_t check(herr_t status, const std::string& what) {
  if (status < 0) throw_error(what);
  return status;
}
inline bool check_tri(htri_t value, const std::string& what) {
  if (value < 0) throw_error(what);
  return value > 0;
}

/// Owns one HDF5 identifier and closes it with `Close`. Move-only.
/// An identifier already closed by the library (file closed with H5F_CLOSE_STRONG) is skipped.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() noexcept = default;
  explicit Handle(hid_t id) noexcept : id_(id) {}
  Handle(hid_t id, const std::string& what) : id_(check_id(id, what)) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const noexcept { return id_; }
  explicit operator bool() const noexcept { return id_ >= 0; }
  hid_t release() noexcept { return std::exchange(id_, H5I_INVALID_HID); }
  void reset() noexcept {
    if (id_ >= 0 && H5Iis_valid(id_) > 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropList = Handle<H5Pclose>;
using Object = Handle<H5Oclose>;

/// The in-memory (native) HDF5 type of an element type; not to be closed.
hid_t native_type(ElementType t);
/// The little-endian file type the writer stores an element type as; not to be closed.
hid_t file_type(ElementType t);
/// Size in bytes of one element.
std::size_t element_size(ElementType t);
/// Classifies a dataset's or attribute's datatype.
ElementType classify(hid_t type);

/// A fixed-length string type of `size` bytes (>= 1), NUL-terminated, UTF-8.
Datatype fixed_string_type(std::size_t size);
/// A variable-length UTF-8 string type (netCDF NC_STRING).
Datatype vlen_string_type();

}  // namespace akichi::sim::results::h5

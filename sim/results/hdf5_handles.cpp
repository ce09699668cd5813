#include "sim/results/hdf5_handles.h"

#include "base/errors.h"

namespace akichi::sim::results {

const char* element_type_name(ElementType t) noexcept {
  switch (t) {
    case ElementType::float32:
      return "float32";
    case ElementType::float64:
      return "float64";
    case ElementType::int8:
      return "int8";
    case ElementType::uint8:
      return "uint8";
    case ElementType::int16:
      return "int16";
    case ElementType::uint16:
      return "uint16";
    case ElementType::int32:
      return "int32";
    case ElementType::uint32:
      return "uint32";
    case ElementType::int64:
      return "int64";
    case ElementType::uint64:
      return "uint64";
    case ElementType::string:
      return "string";
    case ElementType::other:
      return "other";
  }
  return "other";
}

namespace h5 {

namespace {
// HDF5 closes the files still open when the process exits (H5_term_library, an atexit
// handler). A file whose flush failed (a full disk; EFBIG past RLIMIT_FSIZE) is left half-closed
// by H5Fclose in HDF5 1.10: its identifier stays valid, and closing it again at exit
// dereferences freed cache entries (SIGSEGV in H5F__close_cb) after the run has reported the
// failure and removed its temporary. Every file akichi opens is closed by its RAII handle
// (h5::File, or the Writer's strong close) before exit, so the handler has nothing left to
// do but that crash: it is not registered. H5dont_atexit() must precede the library's
// initialisation, hence a static initialiser in this file, which every HDF5 user links.
[[maybe_unused]] const bool kNoExitHandler = H5dont_atexit() >= 0;
}  // namespace

void silence_errors() noexcept {
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

namespace {
herr_t collect_error(unsigned n, const H5E_error2_t* err, void* data) {
  auto* msg = static_cast<std::string*>(data);
  if (n > 0) *msg += "; ";
  if (err->func_name != nullptr) {
    *msg += err->func_name;
    *msg += "(): ";
  }
  // HDF5's driver errors end their description with a newline and go on ("..., errno = 27,
  // error message = 'File too large'"): one line, so that the cause stays on the message's line.
  for (const char* c = err->desc; c != nullptr && *c != '\0'; ++c) *msg += *c == '\n' ? ' ' : *c;
  return 0;
}
}  // namespace

void throw_error(const std::string& what) {
  // The innermost error first: the root cause (a checksum, "File too large") leads, and stays
  // when a long stack is shortened in an input error's message.
  std::string stack;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &stack);
  H5Eclear2(H5E_DEFAULT);
  std::string msg = "HDF5: " + what;
  if (!stack.empty()) msg += ": " + stack;
  throw RuntimeError(msg);
}

hid_t native_type(ElementType t) {
  switch (t) {
    case ElementType::float32:
      return H5T_NATIVE_FLOAT;
    case ElementType::float64:
      return H5T_NATIVE_DOUBLE;
    case ElementType::int8:
      return H5T_NATIVE_INT8;
    case ElementType::uint8:
      return H5T_NATIVE_UINT8;
    case ElementType::int16:
      return H5T_NATIVE_INT16;
    case ElementType::uint16:
      return H5T_NATIVE_UINT16;
    case ElementType::int32:
      return H5T_NATIVE_INT32;
    case ElementType::uint32:
      return H5T_NATIVE_UINT32;
    case ElementType::int64:
      return H5T_NATIVE_INT64;
    case ElementType::uint64:
      return H5T_NATIVE_UINT64;
    case ElementType::string:
    case ElementType::other:
      break;
  }
  throw RuntimeError(std::string("HDF5: no numeric type for element type ") + element_type_name(t));
}

hid_t file_type(ElementType t) {
  switch (t) {
    case ElementType::float32:
      return H5T_IEEE_F32LE;
    case ElementType::float64:
      return H5T_IEEE_F64LE;
    case ElementType::int8:
      return H5T_STD_I8LE;
    case ElementType::uint8:
      return H5T_STD_U8LE;
    case ElementType::int16:
      return H5T_STD_I16LE;
    case ElementType::uint16:
      return H5T_STD_U16LE;
    case ElementType::int32:
      return H5T_STD_I32LE;
    case ElementType::uint32:
      return H5T_STD_U32LE;
    case ElementType::int64:
      return H5T_STD_I64LE;
    case ElementType::uint64:
      return H5T_STD_U64LE;
    case ElementType::string:
    case ElementType::other:
      break;
  }
  throw RuntimeError(std::string("HDF5: no numeric type for element type ") + element_type_name(t));
}

std::size_t element_size(ElementType t) {
  switch (t) {
    case ElementType::int8:
    case ElementType::uint8:
      return 1;
    case ElementType::int16:
    case ElementType::uint16:
      return 2;
    case ElementType::float32:
    case ElementType::int32:
    case ElementType::uint32:
      return 4;
    case ElementType::float64:
    case ElementType::int64:
    case ElementType::uint64:
      return 8;
    case ElementType::string:
      return sizeof(char*);
    case ElementType::other:
      break;
  }
  return 0;
}

ElementType classify(hid_t type) {
  const H5T_class_t cls = H5Tget_class(type);
  const std::size_t size = H5Tget_size(type);
  if (cls == H5T_STRING) return ElementType::string;
  if (cls == H5T_FLOAT) {
    if (size == 4) return ElementType::float32;
    if (size == 8) return ElementType::float64;
    return ElementType::other;
  }
  if (cls == H5T_INTEGER) {
    const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    switch (size) {
      case 1:
        return is_signed ? ElementType::int8 : ElementType::uint8;
      case 2:
        return is_signed ? ElementType::int16 : ElementType::uint16;
      case 4:
        return is_signed ? ElementType::int32 : ElementType::uint32;
      case 8:
        return is_signed ? ElementType::int64 : ElementType::uint64;
      default:
        return ElementType::other;
    }
  }
  return ElementType::other;
}

Datatype fixed_string_type(std::size_t size) {
  Datatype t(H5Tcopy(H5T_C_S1), "copy string type");
  check(H5Tset_size(t.get(), size == 0 ? 1 : size), "set string size");
  check(H5Tset_strpad(t.get(), H5T_STR_NULLTERM), "set string padding");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set string character set");
  return t;
}

Datatype vlen_string_type() {
  Datatype t(H5Tcopy(H5T_C_S1), "copy string type");
  check(H5Tset_size(t.get(), H5T_VARIABLE), "set variable string size");
  check(H5Tset_strpad(t.get(), H5T_STR_NULLTERM), "set string padding");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set string character set");
  return t;
}

}  // namespace h5
}  // namespace akichi::sim::results

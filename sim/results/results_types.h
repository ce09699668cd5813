// Value types shared by the results writer and reader (sim/results).
// The results file is HDF5 laid out as netCDF-4 / CF-1.10; see docs/results-conventions.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace akichi::sim::results {

/// An attribute value. Strings are written as netCDF text attributes (NC_CHAR); doubles as
/// NC_DOUBLE; int32 as NC_INT. A one-element vector is read back as a scalar.
using AttrValue =
    std::variant<std::string, double, std::int32_t, std::vector<double>, std::vector<std::int32_t>>;

struct Attr {
  std::string name;
  AttrValue value;
};
using Attrs = std::vector<Attr>;

/// How a data variable is stored.
struct StoreOptions {
  /// Chunk shape, one entry per dimension (clamped to [1, dimension size]). Empty = automatic:
  /// leading dimensions 1, the last two whole, halved (largest first) until a chunk is <= 1 MiB.
  std::vector<std::size_t> chunk;
  /// zlib (deflate) level 0..9; 0 = no compression.
  int deflate_level = 4;
  /// Byte shuffle before deflate (only when deflate_level > 0).
  bool shuffle = true;
};

/// Element type of a stored variable.
enum class ElementType {
  float32,
  float64,
  int8,
  uint8,
  int16,
  uint16,
  int32,
  uint32,
  int64,
  uint64,
  string,
  other
};

/// "float32", "int8", ... for messages.
const char* element_type_name(ElementType t) noexcept;

/// The ElementType of a C++ element type that the writer stores.
template <class T>
constexpr ElementType element_type_of() {
  if constexpr (std::is_same_v<T, float>)
    return ElementType::float32;
  else if constexpr (std::is_same_v<T, double>)
    return ElementType::float64;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return ElementType::int32;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return ElementType::int16;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return ElementType::int8;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return ElementType::uint8;
  else
    static_assert(
        !sizeof(T),
        "results: element type must be float, double, int32_t, int16_t, int8_t or uint8_t");
}

/// One dimension of a variable as stored.
struct DimensionInfo {
  std::string name;
  std::size_t size = 0;
};

}  // namespace akichi::sim::results

// Reads akichi results files (HDF5 / netCDF-4 / CF-1.10, see docs/results-conventions.md).
//
// Paths name a variable or group from the root: "rx_power", "/rx_power", "variant_a/rx_power";
// "/" is the root group. Errors: a file that is missing, not HDF5, or not a CF file, an unknown
// group or variable, or a variable of the wrong kind throw akichi::InputError naming the file
// (and the variable, listing those that exist); HDF5 failures throw akichi::RuntimeError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/results/results_types.h"

namespace akichi::sim::results {

/// What is stored for one variable.
struct VariableInfo {
  std::string path;                 ///< absolute, e.g. "/variant_a/rx_power"
  std::vector<DimensionInfo> dims;  ///< outermost first; empty for a scalar
  ElementType type = ElementType::other;
  Attrs attributes;                ///< in creation order; HDF5 bookkeeping attributes hidden
  std::vector<std::size_t> chunk;  ///< chunk shape; empty when not chunked (contiguous)
  std::vector<std::size_t> shape() const;
};

class Reader {
 public:
  /// Opens `path` read-only. It must be HDF5 with a root `Conventions` attribute naming CF.
  explicit Reader(std::string path);
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const std::string& path() const noexcept { return path_; }

  /// Names of the child groups of `group`, in creation order.
  std::vector<std::string> groups(const std::string& group = "/") const;
  /// Names of the variables of `group` (coordinates included, dimension-only datasets excluded),
  /// in creation order.
  std::vector<std::string> variables(const std::string& group = "/") const;
  /// Dimensions defined in `group` (with or without coordinate variable), in creation order.
  std::vector<DimensionInfo> dimensions(const std::string& group = "/") const;
  bool has_variable(const std::string& path) const;

  VariableInfo info(const std::string& path) const;

  /// A 1-D numeric variable as float64.
  std::vector<double> read_coordinate(const std::string& path) const;
  /// A 1-D string variable (variable-length or fixed-length).
  std::vector<std::string> read_strings(const std::string& path) const;
  /// The hyperslab [offset, offset + count) of a numeric variable, row-major, converted to
  /// float32. Values equal to the variable's `_FillValue` attribute become NaN (scale_factor /
  /// add_offset packing is not applied). For a scalar, offset and count are empty.
  std::vector<float> read_slab_float(const std::string& path,
                                     const std::vector<std::size_t>& offset,
                                     const std::vector<std::size_t>& count) const;
  /// The whole variable, as read_slab_float.
  std::vector<float> read_float(const std::string& path) const;
  /// The whole numeric variable as stored, untouched (no fill value turned into NaN), into
  /// `out`, which holds `bytes` bytes: exactly the variable's element count times the size of
  /// its ElementType (info(path).type). For readers that keep the stored types (the Python
  /// module's numpy arrays).
  void read_stored(const std::string& path, void* out, std::size_t bytes) const;

  /// Attributes of the object (group or variable) at `obj_path` ("/" = global attributes).
  Attrs attributes(const std::string& obj_path) const;
  Attrs root_attributes() const { return attributes("/"); }
  /// A text attribute; nullopt when absent; InputError when it is not text.
  std::optional<std::string> attr_string(const std::string& obj_path,
                                         const std::string& name) const;
  /// A numeric attribute with one value; nullopt when absent; InputError otherwise.
  std::optional<double> attr_double(const std::string& obj_path, const std::string& name) const;

 private:
  /// The attribute `name` of the object at the normalised path `p`; nullopt when absent.
  std::optional<AttrValue> attribute_value(const std::string& p, const std::string& name) const;

  std::string path_;
  std::int64_t file_ = -1;
};

/// A ring of x, y vertices in the file's projected CRS.
using Ring = std::vector<std::pair<double, double>>;

/// The outer rings of a WKT POLYGON or MULTIPOLYGON, as a results file stores areas (the
/// `premises_wkt` attribute of `premises_mask`), one per polygon in the order of the text.
std::vector<Ring> outer_rings_of_wkt(const std::string& wkt);

}  // namespace akichi::sim::results

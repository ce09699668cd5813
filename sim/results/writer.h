// Writes akichi results files: HDF5 laid out as netCDF-4 / CF-1.10, so that netCDF tools,
// xarray, Panoply and GDAL (and so QGIS) open them as they are. The conventions followed are
// described in docs/results-conventions.md. This module (sim/results) is the only code in
// akichi that touches HDF5.
//
// A Writer writes to a temporary file beside the final one and renames it into place on
// commit(), so an interrupted run never leaves a truncated file under the final name.
//
// Errors: misuse (unknown dimension, size mismatch, duplicate name) and HDF5 failures throw
// akichi::RuntimeError; HDF5 messages are carried in the exception, never printed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/results/results_types.h"

namespace akichi::sim::results {

namespace detail {
struct FileState;
}

/// A data variable being written piece by piece (see Group::create_variable).
/// Valid until the Writer is committed or destroyed.
class Variable {
 public:
  ~Variable();
  Variable(Variable&&) noexcept;
  Variable& operator=(Variable&&) noexcept;
  Variable(const Variable&) = delete;
  Variable& operator=(const Variable&) = delete;

  /// Writes the hyperslab [offset, offset + count) of the variable from `data` (row-major,
  /// data.size() == product(count)). T must be the variable's element type.
  template <class T>
  void write_slab(const std::vector<std::size_t>& offset, const std::vector<std::size_t>& count,
                  std::span<const T> data) {
    write_raw(offset, count, data.data(), data.size(), element_type_of<T>());
  }

  /// Adds or replaces an attribute.
  void set_attribute(const std::string& name, const AttrValue& value);

  /// Absolute path in the file, e.g. "/variant_a/rx_power".
  const std::string& path() const noexcept { return path_; }
  const std::vector<std::size_t>& shape() const noexcept { return shape_; }
  ElementType element_type() const noexcept { return type_; }

 private:
  friend class Group;
  Variable(std::shared_ptr<detail::FileState> file, std::int64_t id, std::string path,
           std::vector<std::size_t> shape, ElementType type);
  void write_raw(const std::vector<std::size_t>& offset, const std::vector<std::size_t>& count,
                 const void* data, std::size_t n, ElementType type);
  void close() noexcept;

  std::shared_ptr<detail::FileState> file_;
  std::int64_t id_ = -1;
  std::string path_;
  std::vector<std::size_t> shape_;
  ElementType type_ = ElementType::other;
};

/// A netCDF group (the root group or a child). Dimensions are looked up in this group first,
/// then in its ancestors, as netCDF-4 does. Valid until the Writer is committed or destroyed.
class Group {
 public:
  ~Group();
  Group(Group&&) noexcept;
  Group& operator=(Group&&) noexcept;
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  /// Adds or replaces a group attribute (root attributes are the netCDF global attributes).
  void set_attribute(const std::string& name, const AttrValue& value);

  /// A netCDF dimension without coordinate variable: a dimension-scale dataset whose NAME is
  /// "This is a netCDF dimension but not a netCDF variable.%10d" (as netCDF-4 writes it).
  void add_dimension(const std::string& name, std::size_t size);

  /// A 1-D float64 coordinate variable that is its own dimension (dimension scale).
  void add_coordinate(const std::string& name, std::span<const double> values,
                      const Attrs& attrs = {});

  /// A 1-D variable of variable-length UTF-8 strings (netCDF NC_STRING) along `dim`;
  /// values.size() must equal the dimension's size.
  void add_string_variable(const std::string& name, const std::string& dim,
                           const std::vector<std::string>& values, const Attrs& attrs = {});

  /// Creates a chunked, compressed data variable over `dims` (outermost first; each a dimension
  /// of this group or an ancestor) and returns it for writing in pieces. When `fill` is given it
  /// is the HDF5 fill value (unwritten parts read as it) and the `_FillValue` attribute, of
  /// exactly type T. An empty `dims` makes a scalar variable (stored contiguous).
  template <class T>
  Variable create_variable(const std::string& name, const std::vector<std::string>& dims,
                           const Attrs& attrs = {}, const StoreOptions& options = {},
                           std::optional<T> fill = {}) {
    return create_raw(name, dims, attrs, options, element_type_of<T>(),
                      fill ? static_cast<const void*>(&*fill) : nullptr);
  }

  /// create_variable + one write of the whole variable (data.size() == product of dim sizes).
  template <class T>
  void write_variable(const std::string& name, const std::vector<std::string>& dims,
                      std::span<const T> data, const Attrs& attrs = {},
                      const StoreOptions& options = {}, std::optional<T> fill = {}) {
    Variable v = create_variable<T>(name, dims, attrs, options, fill);
    std::vector<std::size_t> offset(v.shape().size(), 0);
    v.write_slab<T>(offset, v.shape(), data);
  }

  /// A CF grid-mapping variable: a scalar int32 variable `name` with attributes `extra`
  /// (grid_mapping_name and the CF projection parameters), then `crs_wkt` and `spatial_ref`
  /// (GDAL's name), both set to `crs_wkt`. Data variables refer to it by grid_mapping = name.
  void add_grid_mapping(const std::string& name, const std::string& crs_wkt,
                        const Attrs& extra = {});

  /// A child group (link and attribute creation order tracked and indexed).
  Group create_group(const std::string& name);

  /// Copies group `src_group` ("/" for the root) of the results file `src_path` -- its
  /// attributes, variables and child groups, data copied as stored (chunks are not recompressed)
  /// -- as the new child group `name` of this group, and returns it. HDF5 does not carry the
  /// dimension-scale references of a copy over to another file, so every variable's dimensions
  /// are attached again to the copied dimension scales: the copy is a valid netCDF-4 group.
  Group copy_group_from(const std::string& src_path, const std::string& src_group,
                        const std::string& name);

  /// Appends `names` (space-separated, after any present) to the CF `coordinates` attribute of
  /// every data variable of this group -- those with at least one dimension that are not
  /// dimensions themselves -- so that netCDF readers take the variables `names` (e.g. scalar
  /// sweep parameters) as their coordinates.
  void append_coordinates(const std::vector<std::string>& names);

  /// Absolute path, "/" for the root.
  const std::string& path() const noexcept { return path_; }

 private:
  friend class Writer;
  Group(std::shared_ptr<detail::FileState> file, std::int64_t id, std::string path);
  Variable create_raw(const std::string& name, const std::vector<std::string>& dims,
                      const Attrs& attrs, const StoreOptions& options, ElementType type,
                      const void* fill);
  void close() noexcept;

  std::shared_ptr<detail::FileState> file_;
  std::int64_t id_ = -1;
  std::string path_;
};

/// Writes one results file under a temporary name and renames it onto `final_path` on commit().
class Writer {
 public:
  /// Creates "<final_path>.partial-<pid>-<n>" in the same directory. A file already at
  /// final_path is not touched until commit(). Throws RuntimeError when it cannot be created.
  explicit Writer(std::string final_path);
  /// An uncommitted Writer closes and removes its temporary file.
  ~Writer();
  Writer(Writer&&) noexcept;
  Writer& operator=(Writer&&) = delete;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// The root group (netCDF global attributes live here).
  Group& root();

  /// Flushes and closes the file (every Group and Variable of it becomes unusable), fsyncs it,
  /// renames it atomically onto final_path and fsyncs the directory. Throws RuntimeError on
  /// failure (the temporary file is then removed by the destructor).
  void commit();

  bool committed() const noexcept;
  const std::string& final_path() const noexcept;
  const std::string& temporary_path() const noexcept;

 private:
  std::shared_ptr<detail::FileState> file_;
  std::optional<Group> root_;
};

}  // namespace akichi::sim::results

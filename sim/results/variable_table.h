// Data variables of a results file (docs/results-format.md) as lists of descriptors: each entry
// names the variable, its dimensions, its CF attributes and the data it is written from, and
// write_variables() writes a list in order. The coverage variables are listed in
// coverage_file.cpp, the sharing variables in sharing_file.cpp: a new variable is one entry there
// (and one row in docs/results-format.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/results/writer.h"

namespace akichi::sim::results {

/// The data of a variable (row-major over its dimensions) and its fill value, if any.
template <class T>
struct Values {
  std::span<const T> data{};
  std::optional<T> fill{};
};

/// One data variable. Its attributes are written in this order: `leading` (empty but for the
/// few variables whose format puts units and flags first), long_name, units (when not empty),
/// grid_mapping = "crs" (when on_grid), the flags, then `extra` (coordinates, comments,
/// parameters). Text variables (Values<std::string>) have one dimension and no fill value.
struct VariableSpec {
  using Data = std::variant<Values<float>, Values<double>, Values<std::int16_t>,
                            Values<std::int32_t>, Values<std::uint8_t>, Values<std::string>>;
  std::string name{};
  std::vector<std::string> dims{};
  Attrs leading{};
  std::string long_name{};
  std::string units{};
  bool on_grid = false;
  Attrs flags{};
  Attrs extra{};
  Data data{};
  /// Written one index of the outermost dimension at a time (keeps the memory of large tensors
  /// bounded by one slab of HDF5's conversion buffers).
  bool by_outer = false;
  /// With by_outer, for a float variable not held in memory (`data` then gives only its fill
  /// value): fills the slab of one index of the outermost dimension, called for each in order.
  std::function<void(std::size_t outer, std::span<float> slab)> read_outer{};
};

/// CF flag_values / flag_meanings attributes.
Attrs flag_attrs(std::vector<std::int32_t> values, std::string meanings);

/// The attributes of `spec`, in the order VariableSpec describes.
Attrs attributes_of(const VariableSpec& spec);

/// Creates the numeric variable of `spec` (with its attributes and fill value) without writing
/// its data, for variables written in pieces (write_slab).
Variable create_variable(Group& group, const VariableSpec& spec, const StoreOptions& store);

/// Writes the hyperslab [offset, offset + count) of `v` (created from `spec`) from spec's data
/// starting at element `first`.
void write_slab(Variable& v, const VariableSpec& spec, const std::vector<std::size_t>& offset,
                const std::vector<std::size_t>& count, std::size_t first);

/// Creates and writes each variable of `specs` in `group`, in order.
void write_variables(Group& group, std::span<const VariableSpec> specs, const StoreOptions& store);

/// A vector as the read-only span a Values<T> takes.
template <class T, class Alloc>
std::span<const T> all(const std::vector<T, Alloc>& v) {
  return {v.data(), v.size()};
}

}  // namespace akichi::sim::results

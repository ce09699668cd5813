#include "sim/results/variable_table.h"

#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::sim::results {
namespace {

template <class T>
void write_one(Group& group, const VariableSpec& spec, const Values<T>& values,
               const StoreOptions& store) {
  const Attrs attrs = attributes_of(spec);
  if (!spec.by_outer) {
    group.write_variable<T>(spec.name, spec.dims, values.data, attrs, store, values.fill);
    return;
  }
  Variable v = group.create_variable<T>(spec.name, spec.dims, attrs, store, values.fill);
  std::vector<std::size_t> count = v.shape();
  const std::size_t outer = count.empty() ? 0 : count[0];
  if (outer == 0) return;
  count[0] = 1;
  std::size_t per = 1;
  for (std::size_t n : count) per *= n;
  std::vector<std::size_t> offset(count.size(), 0);
  if constexpr (std::is_same_v<T, float>) {
    if (spec.read_outer) {
      std::vector<float> slab(per);
      for (std::size_t i = 0; i < outer; ++i) {
        offset[0] = i;
        spec.read_outer(i, slab);
        v.write_slab<T>(offset, count, std::span<const float>(slab));
      }
      return;
    }
  }
  for (std::size_t i = 0; i < outer; ++i) {
    offset[0] = i;
    v.write_slab<T>(offset, count, values.data.subspan(i * per, per));
  }
}

void write_one(Group& group, const VariableSpec& spec, const Values<std::string>& values,
               const StoreOptions&) {
  group.add_string_variable(spec.name, spec.dims.at(0),
                            std::vector<std::string>(values.data.begin(), values.data.end()),
                            attributes_of(spec));
}

}  // namespace

Attrs flag_attrs(std::vector<std::int32_t> values, std::string meanings) {
  return {{"flag_values", std::move(values)}, {"flag_meanings", std::move(meanings)}};
}

Attrs attributes_of(const VariableSpec& spec) {
  Attrs a = spec.leading;
  a.push_back({"long_name", spec.long_name});
  if (!spec.units.empty()) a.push_back({"units", spec.units});
  if (spec.on_grid) a.push_back({"grid_mapping", std::string("crs")});
  a.insert(a.end(), spec.flags.begin(), spec.flags.end());
  a.insert(a.end(), spec.extra.begin(), spec.extra.end());
  return a;
}

Variable create_variable(Group& group, const VariableSpec& spec, const StoreOptions& store) {
  return std::visit(
      [&]<class T>(const Values<T>& values) -> Variable {
        if constexpr (std::is_same_v<T, std::string>) {
          throw RuntimeError(
              fmt::format("results variable '{}': a text variable cannot be "
                          "written in pieces, expected a numeric variable",
                          spec.name));
        } else {
          return group.create_variable<T>(spec.name, spec.dims, attributes_of(spec), store,
                                          values.fill);
        }
      },
      spec.data);
}

void write_slab(Variable& v, const VariableSpec& spec, const std::vector<std::size_t>& offset,
                const std::vector<std::size_t>& count, std::size_t first) {
  std::size_t n = 1;
  for (std::size_t c : count) n *= c;
  std::visit(
      [&]<class T>(const Values<T>& values) {
        if constexpr (std::is_same_v<T, std::string>) {
          throw RuntimeError(
              fmt::format("results variable '{}': a text variable cannot be "
                          "written in pieces, expected a numeric variable",
                          spec.name));
        } else {
          v.write_slab<T>(offset, count, values.data.subspan(first, n));
        }
      },
      spec.data);
}

void write_variables(Group& group, std::span<const VariableSpec> specs, const StoreOptions& store) {
  for (const VariableSpec& spec : specs) {
    std::visit([&](const auto& values) { write_one(group, spec, values, store); }, spec.data);
  }
}

}  // namespace akichi::sim::results

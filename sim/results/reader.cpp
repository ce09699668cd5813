#include "sim/results/reader.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "base/errors.h"
#include "propagation/geo/geometry.h"
#include "sim/results/hdf5_handles.h"

namespace akichi::sim::results {

std::vector<std::size_t> VariableInfo::shape() const {
  std::vector<std::size_t> s;
  s.reserve(dims.size());
  for (const DimensionInfo& d : dims) s.push_back(d.size);
  return s;
}

namespace {

constexpr const char* kDimWithoutVariable = "This is a netCDF dimension but not a netCDF variable.";

// HDF5 and netCDF-4 bookkeeping attributes that netCDF does not show either.
bool hidden_attribute(const std::string& name) {
  return name == "CLASS" || name == "NAME" || name == "REFERENCE_LIST" ||
         name == "DIMENSION_LIST" || name == "_Netcdf4Dimid" || name == "_Netcdf4Coordinates" ||
         name == "_nc3_strict" || name == "_NCProperties";
}

std::string normalize(const std::string& path) {
  std::string p = path.empty() || path[0] != '/' ? "/" + path : path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

std::string parent_of(const std::string& p) {
  const auto pos = p.rfind('/');
  return pos == 0 ? "/" : p.substr(0, pos);
}

std::string base_of(const std::string& p) {
  return p.substr(p.rfind('/') + 1);
}

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "(none)" : s;
}

enum class Kind { none, group, dataset, other };

/// What `path` (normalized) names, checking each component in turn.
Kind kind_of(hid_t file, const std::string& path) {
  if (path == "/") return Kind::group;
  std::size_t pos = 0;
  while (true) {
    pos = path.find('/', pos + 1);
    const std::string prefix = path.substr(0, pos);
    const htri_t e = H5Lexists(file, prefix.c_str(), H5P_DEFAULT);
    if (e <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return Kind::none;
    }
    if (pos == std::string::npos) break;
  }
  h5::Object o(H5Oopen(file, path.c_str(), H5P_DEFAULT));
  if (!o) {
    H5Eclear2(H5E_DEFAULT);
    return Kind::none;
  }
  switch (H5Iget_type(o.get())) {
    case H5I_GROUP:
      return Kind::group;
    case H5I_DATASET:
      return Kind::dataset;
    default:
      return Kind::other;
  }
}

/// Link names of a group in creation order (name order when creation order is not tracked).
std::vector<std::string> link_names(hid_t group) {
  H5G_info_t gi;
  h5::check(H5Gget_info(group, &gi), "get group info");
  std::vector<std::string> names;
  for (H5_index_t index : {H5_INDEX_CRT_ORDER, H5_INDEX_NAME}) {
    names.clear();
    bool ok = true;
    for (hsize_t i = 0; i < gi.nlinks && ok; ++i) {
      const ssize_t n =
          H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
      if (n < 0) {
        ok = false;
        break;
      }
      std::string name(static_cast<std::size_t>(n) + 1, '\0');
      if (H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(),
                             H5P_DEFAULT) < 0) {
        ok = false;
        break;
      }
      name.resize(static_cast<std::size_t>(n));
      names.push_back(std::move(name));
    }
    if (ok) return names;
    H5Eclear2(H5E_DEFAULT);
  }
  h5::throw_error("list group members");
}

/// The NAME of a dimension scale (empty when it is none).
std::string scale_name(hid_t dset) {
  if (H5DSis_scale(dset) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return {};
  }
  const ssize_t n = H5DSget_scale_name(dset, nullptr, 0);
  if (n <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return {};
  }
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5DSget_scale_name(dset, s.data(), s.size());
  s.resize(std::strlen(s.c_str()));
  return s;
}

bool is_dimension_only(hid_t dset) {
  return scale_name(dset).rfind(kDimWithoutVariable, 0) == 0;
}

std::vector<std::size_t> extent(hid_t space) {
  const int r = H5Sget_simple_extent_ndims(space);
  if (r < 0) h5::throw_error("get rank");
  std::vector<hsize_t> d(static_cast<std::size_t>(r));
  if (r > 0) h5::check(H5Sget_simple_extent_dims(space, d.data(), nullptr), "get dimensions");
  return {d.begin(), d.end()};
}

/// Strings from a string-typed dataset or attribute.
template <class ReadFn>
std::vector<std::string> read_string_values(hid_t ftype, std::size_t n, ReadFn read) {
  std::vector<std::string> out;
  h5::Datatype mtype(H5Tcopy(ftype), "copy string type");
  if (h5::check_tri(H5Tis_variable_str(ftype), "check string type")) {
    std::vector<char*> ptrs(n, nullptr);
    if (n > 0) read(mtype.get(), ptrs.data());
    for (char* p : ptrs) {
      out.emplace_back(p != nullptr ? p : "");
      if (p != nullptr) H5free_memory(p);
    }
  } else {
    const std::size_t size = H5Tget_size(ftype);
    const bool space_padded = H5Tget_strpad(ftype) == H5T_STR_SPACEPAD;
    std::vector<char> buf(n * size);
    if (n > 0) read(mtype.get(), buf.data());
    for (std::size_t i = 0; i < n; ++i) {
      std::string s(buf.data() + i * size, size);
      s.resize(std::strlen(s.c_str()));
      if (space_padded) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

/// One attribute as an AttrValue; nullopt for types AttrValue cannot hold.
std::optional<AttrValue> read_attribute(hid_t attr, const std::string& name) {
  h5::Datatype ftype(H5Aget_type(attr), "get type of attribute " + name);
  h5::Dataspace space(H5Aget_space(attr), "get dataspace of attribute " + name);
  const H5S_class_t sclass = H5Sget_simple_extent_type(space.get());
  const std::size_t n =
      sclass == H5S_NULL ? 0 : static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  const ElementType et = h5::classify(ftype.get());
  if (et == ElementType::string) {
    std::vector<std::string> values = read_string_values(ftype.get(), n, [&](hid_t mt, void* buf) {
      h5::check(H5Aread(attr, mt, buf), "read attribute " + name);
    });
    std::string joined;
    for (std::size_t i = 0; i < values.size(); ++i) joined += (i > 0 ? "\n" : "") + values[i];
    return AttrValue(std::move(joined));
  }
  if (et == ElementType::other) return std::nullopt;
  const bool as_int = et == ElementType::int8 || et == ElementType::uint8 ||
                      et == ElementType::int16 || et == ElementType::uint16 ||
                      et == ElementType::int32;
  if (as_int) {
    std::vector<std::int32_t> v(n);
    if (n > 0) h5::check(H5Aread(attr, H5T_NATIVE_INT32, v.data()), "read attribute " + name);
    if (n == 1) return AttrValue(v[0]);
    return AttrValue(std::move(v));
  }
  std::vector<double> v(n);
  if (n > 0) h5::check(H5Aread(attr, H5T_NATIVE_DOUBLE, v.data()), "read attribute " + name);
  if (n == 1) return AttrValue(v[0]);
  return AttrValue(std::move(v));
}

herr_t collect_attr_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

std::vector<std::string> attribute_names(hid_t obj) {
  std::vector<std::string> names;
  if (H5Aiterate2(obj, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect_attr_name, &names) >= 0) {
    return names;
  }
  H5Eclear2(H5E_DEFAULT);
  names.clear();
  h5::check(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attr_name, &names),
            "list attributes");
  return names;
}

herr_t first_scale_name(hid_t, unsigned, hid_t scale, void* data) {
  const ssize_t n = H5Iget_name(scale, nullptr, 0);
  if (n <= 0) return -1;
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5Iget_name(scale, s.data(), s.size());
  s.resize(static_cast<std::size_t>(n));
  *static_cast<std::string*>(data) = base_of(s);
  return 1;  // stop at the first scale
}

}  // namespace

Reader::Reader(std::string path) : path_(std::move(path)) {
  h5::silence_errors();
  if (!std::filesystem::is_regular_file(path_)) {
    throw InputError(format_input_error({path_}, "", "no such file", "an akichi results file"));
  }
  h5::PropList fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access properties");
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "set close degree");
  const hid_t f = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (f < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(format_input_error({path_}, "", "a file that HDF5 cannot open",
                                        "an akichi results file (HDF5, netCDF-4)"));
  }
  file_ = f;
  std::optional<std::string> conventions;
  try {
    conventions = attr_string("/", "Conventions");
  } catch (const Error&) {
    conventions.reset();
  }
  if (!conventions || conventions->find("CF-") == std::string::npos) {
    H5Fclose(f);
    file_ = -1;
    throw InputError(format_input_error(
        {path_}, "Conventions", conventions ? "'" + *conventions + "'" : "no Conventions attribute",
        "a CF results file (Conventions = \"CF-1.10\")"));
  }
}

Reader::~Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

Reader::Reader(Reader&& o) noexcept
    : path_(std::move(o.path_)), file_(std::exchange(o.file_, -1)) {}

Reader& Reader::operator=(Reader&& o) noexcept {
  if (this != &o) {
    if (file_ >= 0) H5Fclose(file_);
    path_ = std::move(o.path_);
    file_ = std::exchange(o.file_, -1);
  }
  return *this;
}

namespace {

struct Opened {
  h5::Dataset dataset;
  std::string path;
};

}  // namespace

// Opens variable `path` or throws InputError naming the file, the variable and what exists.
static Opened open_variable(const Reader& r, hid_t file, const std::string& path) {
  h5::silence_errors();
  const std::string p = normalize(path);
  const Kind k = kind_of(file, p);
  if (k == Kind::dataset) {
    h5::Dataset d(H5Dopen2(file, p.c_str(), H5P_DEFAULT), "open " + p);
    if (!is_dimension_only(d.get())) return {std::move(d), p};
  }
  const std::string g = parent_of(p);
  std::string expected;
  if (kind_of(file, g) == Kind::group) {
    expected = "a variable of group " + g + ": " + join(r.variables(g));
  } else {
    expected = "an existing group (" + g + " does not exist)";
  }
  throw InputError(format_input_error({r.path()}, "variable", "'" + p + "'", expected));
}

std::vector<std::string> Reader::groups(const std::string& group) const {
  h5::silence_errors();
  const std::string g = normalize(group);
  if (kind_of(file_, g) != Kind::group) {
    throw InputError(format_input_error({path_}, "group", "'" + g + "'", "an existing group"));
  }
  h5::Group gid(H5Gopen2(file_, g.c_str(), H5P_DEFAULT), "open group " + g);
  std::vector<std::string> out;
  for (const std::string& name : link_names(gid.get())) {
    if (kind_of(file_, g == "/" ? "/" + name : g + "/" + name) == Kind::group) out.push_back(name);
  }
  return out;
}

std::vector<std::string> Reader::variables(const std::string& group) const {
  h5::silence_errors();
  const std::string g = normalize(group);
  if (kind_of(file_, g) != Kind::group) {
    throw InputError(format_input_error({path_}, "group", "'" + g + "'", "an existing group"));
  }
  h5::Group gid(H5Gopen2(file_, g.c_str(), H5P_DEFAULT), "open group " + g);
  std::vector<std::string> out;
  for (const std::string& name : link_names(gid.get())) {
    const std::string p = g == "/" ? "/" + name : g + "/" + name;
    if (kind_of(file_, p) != Kind::dataset) continue;
    h5::Dataset d(H5Dopen2(file_, p.c_str(), H5P_DEFAULT), "open " + p);
    if (!is_dimension_only(d.get())) out.push_back(name);
  }
  return out;
}

std::vector<DimensionInfo> Reader::dimensions(const std::string& group) const {
  h5::silence_errors();
  const std::string g = normalize(group);
  if (kind_of(file_, g) != Kind::group) {
    throw InputError(format_input_error({path_}, "group", "'" + g + "'", "an existing group"));
  }
  h5::Group gid(H5Gopen2(file_, g.c_str(), H5P_DEFAULT), "open group " + g);
  std::vector<DimensionInfo> out;
  for (const std::string& name : link_names(gid.get())) {
    const std::string p = g == "/" ? "/" + name : g + "/" + name;
    if (kind_of(file_, p) != Kind::dataset) continue;
    h5::Dataset d(H5Dopen2(file_, p.c_str(), H5P_DEFAULT), "open " + p);
    if (scale_name(d.get()).empty()) continue;
    h5::Dataspace s(H5Dget_space(d.get()), "get dataspace of " + p);
    const std::vector<std::size_t> e = extent(s.get());
    if (e.size() == 1) out.push_back({name, e[0]});
  }
  return out;
}

bool Reader::has_variable(const std::string& path) const {
  h5::silence_errors();
  const std::string p = normalize(path);
  if (kind_of(file_, p) != Kind::dataset) return false;
  h5::Dataset d(H5Dopen2(file_, p.c_str(), H5P_DEFAULT), "open " + p);
  return !is_dimension_only(d.get());
}

VariableInfo Reader::info(const std::string& path) const {
  Opened v = open_variable(*this, file_, path);
  const hid_t d = v.dataset.get();
  VariableInfo info;
  info.path = v.path;
  h5::Datatype t(H5Dget_type(d), "get type of " + v.path);
  info.type = h5::classify(t.get());
  h5::Dataspace s(H5Dget_space(d), "get dataspace of " + v.path);
  const std::vector<std::size_t> shape = extent(s.get());
  const bool own_scale = shape.size() == 1 && !scale_name(d).empty();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    std::string name;
    if (own_scale) {
      name = base_of(v.path);
    } else {
      const int n = H5DSget_num_scales(d, static_cast<unsigned>(i));
      if (n > 0) {
        H5DSiterate_scales(d, static_cast<unsigned>(i), nullptr, first_scale_name, &name);
      }
      H5Eclear2(H5E_DEFAULT);
    }
    if (name.empty()) name = "phony_dim_" + std::to_string(i);
    info.dims.push_back({name, shape[i]});
  }
  info.attributes = attributes(v.path);
  h5::PropList dcpl(H5Dget_create_plist(d), "get creation properties of " + v.path);
  if (H5Pget_layout(dcpl.get()) == H5D_CHUNKED && !shape.empty()) {
    std::vector<hsize_t> c(shape.size());
    h5::check(H5Pget_chunk(dcpl.get(), static_cast<int>(c.size()), c.data()),
              "get chunks of " + v.path);
    info.chunk.assign(c.begin(), c.end());
  }
  return info;
}

std::vector<double> Reader::read_coordinate(const std::string& path) const {
  Opened v = open_variable(*this, file_, path);
  h5::Datatype t(H5Dget_type(v.dataset.get()), "get type of " + v.path);
  const ElementType et = h5::classify(t.get());
  h5::Dataspace s(H5Dget_space(v.dataset.get()), "get dataspace of " + v.path);
  const std::vector<std::size_t> shape = extent(s.get());
  if (shape.size() != 1 || et == ElementType::string || et == ElementType::other) {
    throw InputError(format_input_error(
        {path_}, v.path, std::to_string(shape.size()) + "-D " + element_type_name(et) + " variable",
        "a 1-D numeric coordinate"));
  }
  std::vector<double> out(shape[0]);
  if (!out.empty()) {
    h5::check(
        H5Dread(v.dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
        "read " + v.path);
  }
  return out;
}

std::vector<std::string> Reader::read_strings(const std::string& path) const {
  Opened v = open_variable(*this, file_, path);
  h5::Datatype t(H5Dget_type(v.dataset.get()), "get type of " + v.path);
  h5::Dataspace s(H5Dget_space(v.dataset.get()), "get dataspace of " + v.path);
  const std::vector<std::size_t> shape = extent(s.get());
  if (shape.size() != 1 || h5::classify(t.get()) != ElementType::string) {
    throw InputError(format_input_error({path_}, v.path,
                                        std::to_string(shape.size()) + "-D " +
                                            element_type_name(h5::classify(t.get())) + " variable",
                                        "a 1-D string variable"));
  }
  return read_string_values(t.get(), shape[0], [&](hid_t mt, void* buf) {
    h5::check(H5Dread(v.dataset.get(), mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), "read " + v.path);
  });
}

std::vector<float> Reader::read_slab_float(const std::string& path,
                                           const std::vector<std::size_t>& offset,
                                           const std::vector<std::size_t>& count) const {
  Opened v = open_variable(*this, file_, path);
  const hid_t d = v.dataset.get();
  h5::Datatype t(H5Dget_type(d), "get type of " + v.path);
  const ElementType et = h5::classify(t.get());
  if (et == ElementType::string || et == ElementType::other) {
    throw InputError(format_input_error(
        {path_}, v.path, std::string(element_type_name(et)) + " variable", "a numeric variable"));
  }
  h5::Dataspace fs(H5Dget_space(d), "get dataspace of " + v.path);
  const std::vector<std::size_t> shape = extent(fs.get());
  const std::size_t r = shape.size();
  if (offset.size() != r || count.size() != r) {
    throw InputError(format_input_error(
        {path_}, v.path,
        std::to_string(offset.size()) + " offsets and " + std::to_string(count.size()) + " counts",
        std::to_string(r) + " of each"));
  }
  std::size_t total = 1;
  for (std::size_t i = 0; i < r; ++i) {
    if (offset[i] > shape[i] || count[i] > shape[i] - offset[i]) {
      throw InputError(format_input_error({path_}, v.path,
                                          "slab [" + std::to_string(offset[i]) + ", +" +
                                              std::to_string(count[i]) + ") in dimension " +
                                              std::to_string(i),
                                          "within size " + std::to_string(shape[i])));
    }
    total *= count[i];
  }
  std::vector<float> out(total);
  if (total == 0) return out;

  h5::Dataspace ms;
  if (r > 0) {
    std::vector<hsize_t> off(offset.begin(), offset.end()), cnt(count.begin(), count.end());
    h5::check(
        H5Sselect_hyperslab(fs.get(), H5S_SELECT_SET, off.data(), nullptr, cnt.data(), nullptr),
        "select slab of " + v.path);
    ms = h5::Dataspace(H5Screate_simple(static_cast<int>(r), cnt.data(), nullptr),
                       "create memory dataspace");
  } else {
    ms = h5::Dataspace(H5Screate(H5S_SCALAR), "create memory dataspace");
  }
  std::optional<double> fill;
  try {
    fill = attr_double(v.path, "_FillValue");
  } catch (const InputError&) {
    fill.reset();
  }
  const float nan = std::numeric_limits<float>::quiet_NaN();
  if (!fill || et == ElementType::float32) {
    h5::check(H5Dread(d, H5T_NATIVE_FLOAT, ms.get(), fs.get(), H5P_DEFAULT, out.data()),
              "read " + v.path);
    if (fill && !std::isnan(*fill)) {
      const float f = static_cast<float>(*fill);
      for (float& x : out) {
        if (x == f) x = nan;
      }
    }
  } else {
    // Compare with the fill value before narrowing to float32, so only true fills become NaN.
    std::vector<double> wide(total);
    h5::check(H5Dread(d, H5T_NATIVE_DOUBLE, ms.get(), fs.get(), H5P_DEFAULT, wide.data()),
              "read " + v.path);
    for (std::size_t i = 0; i < total; ++i) {
      out[i] = wide[i] == *fill ? nan : static_cast<float>(wide[i]);
    }
  }
  return out;
}

std::vector<float> Reader::read_float(const std::string& path) const {
  const VariableInfo vi = info(path);
  return read_slab_float(path, std::vector<std::size_t>(vi.dims.size(), 0), vi.shape());
}

void Reader::read_stored(const std::string& path, void* out, std::size_t bytes) const {
  Opened v = open_variable(*this, file_, path);
  const hid_t d = v.dataset.get();
  h5::Datatype t(H5Dget_type(d), "get type of " + v.path);
  const ElementType et = h5::classify(t.get());
  if (et == ElementType::string || et == ElementType::other) {
    throw InputError(format_input_error(
        {path_}, v.path, std::string(element_type_name(et)) + " variable", "a numeric variable"));
  }
  h5::Dataspace fs(H5Dget_space(d), "get dataspace of " + v.path);
  std::size_t total = 1;
  for (std::size_t n : extent(fs.get())) total *= n;
  const std::size_t need = total * H5Tget_size(h5::native_type(et));
  if (bytes != need) {
    throw std::logic_error("Reader::read_stored: " + v.path + " needs " + std::to_string(need) +
                           " bytes, given " + std::to_string(bytes));
  }
  if (total == 0) return;
  h5::check(H5Dread(d, h5::native_type(et), H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "read " + v.path);
}

Attrs Reader::attributes(const std::string& obj_path) const {
  h5::silence_errors();
  const std::string p = normalize(obj_path);
  const Kind k = kind_of(file_, p);
  if (k != Kind::group && k != Kind::dataset) {
    throw InputError(
        format_input_error({path_}, "object", "'" + p + "'", "an existing group or variable"));
  }
  h5::Object o(H5Oopen(file_, p.c_str(), H5P_DEFAULT), "open " + p);
  Attrs out;
  for (const std::string& name : attribute_names(o.get())) {
    if (hidden_attribute(name)) continue;
    h5::Attribute a(H5Aopen(o.get(), name.c_str(), H5P_DEFAULT), "open attribute " + name);
    std::optional<AttrValue> value = read_attribute(a.get(), name);
    if (value) out.push_back({name, std::move(*value)});
  }
  return out;
}

std::optional<AttrValue> Reader::attribute_value(const std::string& p,
                                                 const std::string& name) const {
  h5::silence_errors();
  const Kind k = kind_of(file_, p);
  if (k != Kind::group && k != Kind::dataset) {
    throw InputError(
        format_input_error({path_}, "object", "'" + p + "'", "an existing group or variable"));
  }
  h5::Object o(H5Oopen(file_, p.c_str(), H5P_DEFAULT), "open " + p);
  if (!h5::check_tri(H5Aexists(o.get(), name.c_str()), "look up attribute " + name)) {
    return std::nullopt;
  }
  h5::Attribute a(H5Aopen(o.get(), name.c_str(), H5P_DEFAULT), "open attribute " + name);
  std::optional<AttrValue> v = read_attribute(a.get(), name);
  if (!v) {
    throw InputError(format_input_error({path_}, p + " attribute " + name,
                                        "a value of a type akichi does not read",
                                        "text or numbers"));
  }
  return v;
}

std::optional<std::string> Reader::attr_string(const std::string& obj_path,
                                               const std::string& name) const {
  const std::string p = normalize(obj_path);
  std::optional<AttrValue> v = attribute_value(p, name);
  if (!v) return std::nullopt;
  if (!std::holds_alternative<std::string>(*v)) {
    throw InputError(
        format_input_error({path_}, p + " attribute " + name, "a non-text value", "text"));
  }
  return std::get<std::string>(std::move(*v));
}

std::optional<double> Reader::attr_double(const std::string& obj_path,
                                          const std::string& name) const {
  const std::string p = normalize(obj_path);
  std::optional<AttrValue> v = attribute_value(p, name);
  if (!v) return std::nullopt;
  if (const double* x = std::get_if<double>(&*v)) return *x;
  if (const std::int32_t* x = std::get_if<std::int32_t>(&*v)) return static_cast<double>(*x);
  throw InputError(format_input_error({path_}, p + " attribute " + name, "not a single number",
                                      "a single number"));
}

std::vector<Ring> outer_rings_of_wkt(const std::string& wkt) {
  prop::MultiPolygon2 polygons;
  prop::bg::read_wkt(wkt, polygons);
  std::vector<Ring> rings;
  for (const auto& poly : polygons) {
    Ring ring;
    for (const auto& p : poly.outer()) ring.emplace_back(p.x(), p.y());
    rings.push_back(std::move(ring));
  }
  return rings;
}

}  // namespace akichi::sim::results

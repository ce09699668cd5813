#include "sim/results/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <tuple>
#include <type_traits>
#include <vector>

#include "base/errors.h"
#include "base/temp_file.h"
#include "sim/results/hdf5_handles.h"

namespace akichi::sim::results {

namespace detail {
/// What every Group and Variable of one Writer share: the file and whether it is still open.
struct FileState {
  hid_t file = H5I_INVALID_HID;
  bool open = false;
  bool committed = false;
  std::string final_path;
  std::string temp_path;
};
}  // namespace detail

namespace {

// netCDF-4's marker for a dimension that has no coordinate variable (netCDF-C, nc4hdf.c:
// sprintf(name, "%s%10d", DIM_WITHOUT_VARIABLE, len)).
constexpr const char* kDimWithoutVariable = "This is a netCDF dimension but not a netCDF variable.";
constexpr std::size_t kAutoChunkBytes = 1u << 20;  // 1 MiB

void require_open(const detail::FileState& f, const std::string& what) {
  if (!f.open) {
    throw RuntimeError("results file " + f.final_path + ": " + what +
                       ": the file is already committed or closed");
  }
}

void check_name(const std::string& name, const std::string& where) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw RuntimeError("results: " + where + ": invalid name '" + name +
                       "' (expected a non-empty name without '/')");
  }
}

std::string join_path(const std::string& group, const std::string& name) {
  return group == "/" ? "/" + name : group + "/" + name;
}

std::string parent_path(const std::string& path) {
  const auto pos = path.rfind('/');
  return pos == 0 ? "/" : path.substr(0, pos);
}

void require_new_link(hid_t group, const std::string& group_path, const std::string& name) {
  if (h5::check_tri(H5Lexists(group, name.c_str(), H5P_DEFAULT), "look up " + name)) {
    throw RuntimeError("results: " + join_path(group_path, name) + " already exists");
  }
}

void write_attribute_raw(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type,
                         hid_t space, const void* data) {
  if (h5::check_tri(H5Aexists(obj, name.c_str()), "look up attribute " + name)) {
    h5::check(H5Adelete(obj, name.c_str()), "delete attribute " + name);
  }
  h5::Attribute a(H5Acreate2(obj, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                  "create attribute " + name);
  if (data != nullptr) h5::check(H5Awrite(a.get(), mem_type, data), "write attribute " + name);
}

void write_attribute(hid_t obj, const std::string& name, const AttrValue& value) {
  if (name.empty()) throw RuntimeError("results: empty attribute name");
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          // netCDF text attribute (NC_CHAR): scalar fixed-length string; empty = null dataspace.
          h5::Datatype t = h5::fixed_string_type(v.size());
          h5::Dataspace s(H5Screate(v.empty() ? H5S_NULL : H5S_SCALAR), "create dataspace");
          write_attribute_raw(obj, name, t.get(), t.get(), s.get(), v.empty() ? nullptr : v.data());
        } else if constexpr (std::is_same_v<V, double> || std::is_same_v<V, std::int32_t>) {
          const ElementType et = element_type_of<V>();
          h5::Dataspace s(H5Screate(H5S_SCALAR), "create dataspace");
          write_attribute_raw(obj, name, h5::file_type(et), h5::native_type(et), s.get(), &v);
        } else {
          using E = typename V::value_type;
          const ElementType et = element_type_of<E>();
          const hsize_t n = v.size();
          h5::Dataspace s(n == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &n, nullptr),
                          "create dataspace");
          write_attribute_raw(obj, name, h5::file_type(et), h5::native_type(et), s.get(),
                              n == 0 ? nullptr : v.data());
        }
      },
      value);
}

void write_attributes(hid_t obj, const Attrs& attrs) {
  for (const Attr& a : attrs) write_attribute(obj, a.name, a.value);
}

/// Dataset creation properties every variable gets: attribute creation order tracked and
/// indexed (netCDF-4 does the same, so attribute order survives).
h5::PropList dataset_create_props() {
  h5::PropList p(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties");
  h5::check(H5Pset_attr_creation_order(p.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "set attribute creation order");
  return p;
}

struct DimensionScale {
  h5::Dataset dataset;
  std::size_t size = 0;
};

/// Finds dimension `name` in group `group_path` or its ancestors, as netCDF-4 does.
DimensionScale find_dimension(hid_t file, const std::string& group_path, const std::string& name,
                              const std::string& for_what) {
  std::string g = group_path;
  while (true) {
    const std::string p = join_path(g, name);
    if (h5::check_tri(H5Lexists(file, p.c_str(), H5P_DEFAULT), "look up " + p)) {
      h5::Object o(H5Oopen(file, p.c_str(), H5P_DEFAULT), "open " + p);
      if (H5Iget_type(o.get()) == H5I_DATASET) {
        h5::Dataset d(H5Dopen2(file, p.c_str(), H5P_DEFAULT), "open " + p);
        if (h5::check_tri(H5DSis_scale(d.get()), "check dimension scale " + p)) {
          h5::Dataspace s(H5Dget_space(d.get()), "get dataspace of " + p);
          hsize_t n = 0;
          if (H5Sget_simple_extent_ndims(s.get()) == 1) {
            h5::check(H5Sget_simple_extent_dims(s.get(), &n, nullptr), "get size of " + p);
            return {std::move(d), static_cast<std::size_t>(n)};
          }
        }
      }
    }
    if (g == "/") break;
    g = parent_path(g);
  }
  throw RuntimeError("results: " + for_what + ": unknown dimension '" + name + "' in group " +
                     group_path + " and its ancestors");
}

std::vector<hsize_t> auto_chunk(const std::vector<std::size_t>& shape, std::size_t elem) {
  const std::size_t r = shape.size();
  std::vector<hsize_t> c(r, 1);
  for (std::size_t i = (r >= 2 ? r - 2 : 0); i < r; ++i) c[i] = std::max<std::size_t>(shape[i], 1);
  auto bytes = [&] {
    std::size_t b = elem;
    for (hsize_t v : c) b *= v;
    return b;
  };
  while (bytes() > kAutoChunkBytes) {
    // halve the larger of the last two (or the only) dimensions
    std::size_t k = r - 1;
    if (r >= 2 && c[r - 2] > c[r - 1]) k = r - 2;
    if (c[k] == 1) break;
    c[k] = (c[k] + 1) / 2;
  }
  return c;
}

void fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | (directory ? O_DIRECTORY : 0));
  if (fd < 0) {
    throw RuntimeError("results: cannot open " + path + " to sync it: " + std::strerror(errno));
  }
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw RuntimeError("results: fsync " + path + ": " + std::strerror(err));
}

}  // namespace

// ---------------------------------------------------------------- Variable

Variable::Variable(std::shared_ptr<detail::FileState> file, std::int64_t id, std::string path,
                   std::vector<std::size_t> shape, ElementType type)
    : file_(std::move(file)),
      id_(id),
      path_(std::move(path)),
      shape_(std::move(shape)),
      type_(type) {}

Variable::~Variable() {
  close();
}

Variable::Variable(Variable&& o) noexcept
    : file_(std::move(o.file_)),
      id_(std::exchange(o.id_, -1)),
      path_(std::move(o.path_)),
      shape_(std::move(o.shape_)),
      type_(o.type_) {}

Variable& Variable::operator=(Variable&& o) noexcept {
  if (this != &o) {
    close();
    file_ = std::move(o.file_);
    id_ = std::exchange(o.id_, -1);
    path_ = std::move(o.path_);
    shape_ = std::move(o.shape_);
    type_ = o.type_;
  }
  return *this;
}

void Variable::close() noexcept {
  // After a strong file close the library has closed this identifier already.
  if (id_ >= 0 && file_ && file_->open) H5Dclose(id_);
  id_ = -1;
}

void Variable::set_attribute(const std::string& name, const AttrValue& value) {
  h5::silence_errors();
  require_open(*file_, path_);
  write_attribute(id_, name, value);
}

void Variable::write_raw(const std::vector<std::size_t>& offset,
                         const std::vector<std::size_t>& count, const void* data, std::size_t n,
                         ElementType type) {
  h5::silence_errors();
  if (!file_) throw RuntimeError("results: write to a moved-from variable");
  require_open(*file_, path_);
  if (type != type_) {
    throw RuntimeError("results: " + path_ + ": slab of " + element_type_name(type) +
                       ", expected " + element_type_name(type_));
  }
  const std::size_t r = shape_.size();
  if (offset.size() != r || count.size() != r) {
    throw RuntimeError("results: " + path_ + ": slab with " + std::to_string(offset.size()) +
                       " offsets and " + std::to_string(count.size()) + " counts, expected " +
                       std::to_string(r));
  }
  std::size_t total = 1;
  for (std::size_t i = 0; i < r; ++i) {
    if (offset[i] > shape_[i] || count[i] > shape_[i] - offset[i]) {
      throw RuntimeError("results: " + path_ + ": slab dimension " + std::to_string(i) + " [" +
                         std::to_string(offset[i]) + ", +" + std::to_string(count[i]) +
                         ") outside size " + std::to_string(shape_[i]));
    }
    total *= count[i];
  }
  if (n != total) {
    throw RuntimeError("results: " + path_ + ": slab of " + std::to_string(n) +
                       " values, expected " + std::to_string(total));
  }
  if (total == 0) return;
  if (r == 0) {
    h5::check(H5Dwrite(id_, h5::native_type(type_), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
              "write " + path_);
    return;
  }
  std::vector<hsize_t> off(offset.begin(), offset.end()), cnt(count.begin(), count.end());
  h5::Dataspace fs(H5Dget_space(id_), "get dataspace of " + path_);
  h5::check(H5Sselect_hyperslab(fs.get(), H5S_SELECT_SET, off.data(), nullptr, cnt.data(), nullptr),
            "select slab of " + path_);
  h5::Dataspace ms(H5Screate_simple(static_cast<int>(r), cnt.data(), nullptr),
                   "create memory dataspace");
  h5::check(H5Dwrite(id_, h5::native_type(type_), ms.get(), fs.get(), H5P_DEFAULT, data),
            "write " + path_);
}

// ---------------------------------------------------------------- Group

Group::Group(std::shared_ptr<detail::FileState> file, std::int64_t id, std::string path)
    : file_(std::move(file)), id_(id), path_(std::move(path)) {}

Group::~Group() {
  close();
}

Group::Group(Group&& o) noexcept
    : file_(std::move(o.file_)), id_(std::exchange(o.id_, -1)), path_(std::move(o.path_)) {}

Group& Group::operator=(Group&& o) noexcept {
  if (this != &o) {
    close();
    file_ = std::move(o.file_);
    id_ = std::exchange(o.id_, -1);
    path_ = std::move(o.path_);
  }
  return *this;
}

void Group::close() noexcept {
  if (id_ >= 0 && file_ && file_->open) H5Gclose(id_);
  id_ = -1;
}

void Group::set_attribute(const std::string& name, const AttrValue& value) {
  h5::silence_errors();
  require_open(*file_, path_);
  write_attribute(id_, name, value);
}

void Group::add_dimension(const std::string& name, std::size_t size) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "dimension");
  require_new_link(id_, path_, name);
  const hsize_t n = size;
  h5::Dataspace s(H5Screate_simple(1, &n, nullptr), "create dataspace for " + p);
  h5::PropList dcpl = dataset_create_props();
  h5::Dataset d(
      H5Dcreate2(id_, name.c_str(), H5T_IEEE_F32LE, s.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create dimension " + p);
  char scale_name[96];
  std::snprintf(scale_name, sizeof scale_name, "%s%10d", kDimWithoutVariable,
                static_cast<int>(size));
  h5::check(H5DSset_scale(d.get(), scale_name), "make " + p + " a dimension scale");
}

void Group::add_coordinate(const std::string& name, std::span<const double> values,
                           const Attrs& attrs) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "coordinate");
  require_new_link(id_, path_, name);
  const hsize_t n = values.size();
  h5::Dataspace s(H5Screate_simple(1, &n, nullptr), "create dataspace for " + p);
  h5::PropList dcpl = dataset_create_props();
  h5::Dataset d(
      H5Dcreate2(id_, name.c_str(), H5T_IEEE_F64LE, s.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create coordinate " + p);
  if (n > 0) {
    h5::check(H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "write " + p);
  }
  h5::check(H5DSset_scale(d.get(), name.c_str()), "make " + p + " a dimension scale");
  write_attributes(d.get(), attrs);
}

void Group::add_string_variable(const std::string& name, const std::string& dim,
                                const std::vector<std::string>& values, const Attrs& attrs) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "string variable");
  require_new_link(id_, path_, name);
  DimensionScale scale = find_dimension(file_->file, path_, dim, p);
  if (scale.size != values.size()) {
    throw RuntimeError("results: " + p + ": " + std::to_string(values.size()) +
                       " strings, expected " + std::to_string(scale.size) + " (size of " + dim +
                       ")");
  }
  const hsize_t n = values.size();
  h5::Datatype t = h5::vlen_string_type();
  h5::Dataspace s(H5Screate_simple(1, &n, nullptr), "create dataspace for " + p);
  h5::PropList dcpl = dataset_create_props();
  h5::Dataset d(
      H5Dcreate2(id_, name.c_str(), t.get(), s.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create string variable " + p);
  if (n > 0) {
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const std::string& v : values) ptrs.push_back(v.c_str());
    h5::check(H5Dwrite(d.get(), t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write " + p);
  }
  h5::check(H5DSattach_scale(d.get(), scale.dataset.get(), 0),
            "attach dimension " + dim + " to " + p);
  write_attributes(d.get(), attrs);
}

Variable Group::create_raw(const std::string& name, const std::vector<std::string>& dims,
                           const Attrs& attrs, const StoreOptions& options, ElementType type,
                           const void* fill) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "variable");
  require_new_link(id_, path_, name);
  for (const Attr& a : attrs) {
    if (a.name == "_FillValue") {
      throw RuntimeError("results: " + p +
                         ": give the fill value as the `fill` argument, not as "
                         "a _FillValue attribute (it must have the variable's type)");
    }
  }
  if (options.deflate_level < 0 || options.deflate_level > 9) {
    throw RuntimeError("results: " + p + ": deflate level " +
                       std::to_string(options.deflate_level) + ", expected 0..9");
  }
  std::vector<DimensionScale> scales;
  std::vector<std::size_t> shape;
  std::size_t total = 1;
  for (const std::string& dim : dims) {
    scales.push_back(find_dimension(file_->file, path_, dim, p));
    shape.push_back(scales.back().size);
    total *= shape.back();
  }
  const std::size_t r = shape.size();
  std::vector<hsize_t> hshape(shape.begin(), shape.end());
  h5::Dataspace s(r == 0 ? H5Screate(H5S_SCALAR)
                         : H5Screate_simple(static_cast<int>(r), hshape.data(), nullptr),
                  "create dataspace for " + p);
  h5::PropList dcpl = dataset_create_props();
  if (r > 0 && total > 0) {
    std::vector<hsize_t> chunk;
    if (options.chunk.empty()) {
      chunk = auto_chunk(shape, h5::element_size(type));
    } else {
      if (options.chunk.size() != r) {
        throw RuntimeError("results: " + p + ": " + std::to_string(options.chunk.size()) +
                           " chunk sizes, expected " + std::to_string(r));
      }
      for (std::size_t i = 0; i < r; ++i) {
        chunk.push_back(std::clamp<std::size_t>(options.chunk[i], 1, shape[i]));
      }
    }
    h5::check(H5Pset_chunk(dcpl.get(), static_cast<int>(r), chunk.data()), "set chunks of " + p);
    if (options.deflate_level > 0) {
      if (options.shuffle) h5::check(H5Pset_shuffle(dcpl.get()), "set shuffle on " + p);
      h5::check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(options.deflate_level)),
                "set deflate on " + p);
    }
  }
  if (fill != nullptr) {
    h5::check(H5Pset_fill_value(dcpl.get(), h5::native_type(type), fill), "set fill value of " + p);
  }
  // A chunk cache large enough that a [.., y, x] slab written in pieces is assembled in memory.
  h5::PropList dapl(H5Pcreate(H5P_DATASET_ACCESS), "create dataset access properties");
  h5::check(H5Pset_chunk_cache(dapl.get(), 12421, 16u << 20, 1.0), "set chunk cache of " + p);
  h5::Dataset d(H5Dcreate2(id_, name.c_str(), h5::file_type(type), s.get(), H5P_DEFAULT, dcpl.get(),
                           dapl.get()),
                "create variable " + p);
  for (std::size_t i = 0; i < r; ++i) {
    h5::check(H5DSattach_scale(d.get(), scales[i].dataset.get(), static_cast<unsigned>(i)),
              "attach dimension " + dims[i] + " to " + p);
  }
  if (fill != nullptr) {
    h5::Dataspace as(H5Screate(H5S_SCALAR), "create dataspace");
    write_attribute_raw(d.get(), "_FillValue", h5::file_type(type), h5::native_type(type), as.get(),
                        fill);
  }
  write_attributes(d.get(), attrs);
  return Variable(file_, d.release(), p, std::move(shape), type);
}

void Group::add_grid_mapping(const std::string& name, const std::string& crs_wkt,
                             const Attrs& extra) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "grid mapping");
  require_new_link(id_, path_, name);
  h5::Dataspace s(H5Screate(H5S_SCALAR), "create dataspace for " + p);
  h5::PropList dcpl = dataset_create_props();
  h5::Dataset d(
      H5Dcreate2(id_, name.c_str(), H5T_STD_I32LE, s.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create grid mapping " + p);
  const std::int32_t zero = 0;
  h5::check(H5Dwrite(d.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero),
            "write " + p);
  write_attributes(d.get(), extra);
  write_attribute(d.get(), "crs_wkt", crs_wkt);
  write_attribute(d.get(), "spatial_ref", crs_wkt);
}

Group Group::create_group(const std::string& name) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "group");
  require_new_link(id_, path_, name);
  h5::PropList gcpl(H5Pcreate(H5P_GROUP_CREATE), "create group properties");
  h5::check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "set link creation order");
  h5::check(H5Pset_attr_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "set attribute creation order");
  h5::Group g(H5Gcreate2(id_, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
              "create group " + p);
  return Group(file_, g.release(), p);
}

// ---------------------------------------------------------------- copies between files

namespace {

/// A dataset of a copied tree with the dimension scales attached to it, as paths relative to
/// the tree's root ("" for a dimension not attached).
struct Attachment {
  std::string dataset;
  std::vector<std::string> scales;
};

struct TreeWalk {
  std::string base;  ///< absolute path of the tree's root in the source file, no trailing '/'
  std::vector<std::string> objects;  ///< every group and dataset, relative ("" = the root)
  std::vector<std::string> scales;
  std::vector<Attachment> attached;
};

std::string relative_to(const std::string& base, const std::string& absolute) {
  if (base.empty()) return absolute.substr(1);
  return absolute.substr(base.size() + 1);
}

herr_t scale_name_cb(hid_t /*dset*/, unsigned /*dim*/, hid_t scale, void* out) {
  const ssize_t n = H5Iget_name(scale, nullptr, 0);
  if (n <= 0) return -1;
  std::string name(static_cast<std::size_t>(n), '\0');
  H5Iget_name(scale, name.data(), static_cast<std::size_t>(n) + 1);
  *static_cast<std::string*>(out) = std::move(name);
  return 1;  // the first scale of the dimension is the netCDF dimension
}

void walk_tree(hid_t file, const std::string& group_path, TreeWalk& walk);

herr_t walk_cb(hid_t group, const char* name, const H5L_info_t* /*info*/, void* data) {
  auto& [file, group_path, walk] = *static_cast<std::tuple<hid_t, std::string, TreeWalk*>*>(data);
  const std::string p = join_path(group_path, name);
  H5I_type_t type = H5I_BADID;
  {
    h5::Object o(H5Oopen(group, name, H5P_DEFAULT));
    if (!o) return -1;
    type = H5Iget_type(o.get());
  }
  if (type == H5I_GROUP) {
    walk_tree(file, p, *walk);
    return 0;
  }
  if (type != H5I_DATASET) return 0;
  walk->objects.push_back(relative_to(walk->base, p));
  h5::Dataset d(H5Dopen2(file, p.c_str(), H5P_DEFAULT), "open " + p);
  if (h5::check_tri(H5DSis_scale(d.get()), "check dimension scale " + p)) {
    walk->scales.push_back(relative_to(walk->base, p));
    return 0;
  }
  h5::Dataspace sp(H5Dget_space(d.get()), "get dataspace of " + p);
  const int rank = H5Sget_simple_extent_ndims(sp.get());
  Attachment a{relative_to(walk->base, p), {}};
  bool any = false;
  for (int i = 0; i < rank; ++i) {
    std::string scale;
    if (H5DSget_num_scales(d.get(), static_cast<unsigned>(i)) > 0) {
      h5::check(
          H5DSiterate_scales(d.get(), static_cast<unsigned>(i), nullptr, scale_name_cb, &scale),
          "read the dimensions of " + p);
      scale = relative_to(walk->base, scale);
      any = true;
    }
    a.scales.push_back(std::move(scale));
  }
  if (any) walk->attached.push_back(std::move(a));
  return 0;
}

void walk_tree(hid_t file, const std::string& group_path, TreeWalk& walk) {
  h5::Group g(H5Gopen2(file, group_path.c_str(), H5P_DEFAULT), "open group " + group_path);
  walk.objects.push_back(group_path == "/" || group_path == walk.base
                             ? std::string()
                             : relative_to(walk.base, group_path));
  std::tuple<hid_t, std::string, TreeWalk*> data{file, group_path, &walk};
  // Creation order where the file tracks it (akichi files do), else name order.
  H5_index_t index = H5_INDEX_CRT_ORDER;
  {
    h5::PropList gcpl(H5Gget_create_plist(g.get()), "get group properties of " + group_path);
    unsigned flags = 0;
    if (H5Pget_link_creation_order(gcpl.get(), &flags) < 0 ||
        (flags & H5P_CRT_ORDER_INDEXED) == 0) {
      index = H5_INDEX_NAME;
    }
  }
  hsize_t idx = 0;
  h5::check(H5Literate(g.get(), index, H5_ITER_INC, &idx, walk_cb, &data),
            "list the contents of " + group_path);
}

/// Copies every attribute of `from` to `to` except the dimension-scale references, in
/// creation order where tracked. (H5Ocopy's own attribute copy is not used: HDF5 1.10 crashes
/// copying variable-length attributes held in dense storage, as DIMENSION_LIST is once a file
/// has been through a copy.)
void copy_attributes(hid_t from, hid_t to, const std::string& what) {
  H5O_info_t oi;
  h5::check(H5Oget_info(from, &oi), "get object info of " + what);
  H5_index_t index = H5_INDEX_CRT_ORDER;
  {
    h5::PropList cpl(
        H5Iget_type(from) == H5I_GROUP ? H5Gget_create_plist(from) : H5Dget_create_plist(from),
        "get creation properties of " + what);
    unsigned flags = 0;
    if (H5Pget_attr_creation_order(cpl.get(), &flags) < 0 || (flags & H5P_CRT_ORDER_INDEXED) == 0) {
      index = H5_INDEX_NAME;
    }
  }
  for (hsize_t i = 0; i < oi.num_attrs; ++i) {
    h5::Attribute a(H5Aopen_by_idx(from, ".", index, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
                    "open attribute of " + what);
    const ssize_t n = H5Aget_name(a.get(), 0, nullptr);
    std::string name(static_cast<std::size_t>(std::max<ssize_t>(n, 0)), '\0');
    H5Aget_name(a.get(), name.size() + 1, name.data());
    if (name == "DIMENSION_LIST" || name == "REFERENCE_LIST") continue;
    h5::Datatype t(H5Aget_type(a.get()), "get type of attribute " + name);
    h5::Dataspace sp(H5Aget_space(a.get()), "get dataspace of attribute " + name);
    const hssize_t count = H5Sget_simple_extent_npoints(sp.get());
    std::vector<unsigned char> buf(H5Tget_size(t.get()) *
                                   static_cast<std::size_t>(std::max<hssize_t>(count, 1)));
    const bool empty = H5Sget_simple_extent_type(sp.get()) == H5S_NULL;
    if (!empty) h5::check(H5Aread(a.get(), t.get(), buf.data()), "read attribute " + name);
    h5::Attribute b(H5Acreate2(to, name.c_str(), t.get(), sp.get(), H5P_DEFAULT, H5P_DEFAULT),
                    "create attribute " + name + " of " + what);
    if (!empty) {
      h5::check(H5Awrite(b.get(), t.get(), buf.data()), "write attribute " + name);
      if (H5Tdetect_class(t.get(), H5T_VLEN) > 0 || H5Tis_variable_str(t.get()) > 0) {
        H5Dvlen_reclaim(t.get(), sp.get(), H5P_DEFAULT, buf.data());
      }
    }
  }
}

std::string read_text_attribute(hid_t obj, const char* name) {
  if (!h5::check_tri(H5Aexists(obj, name), std::string("look up attribute ") + name)) return {};
  h5::Attribute a(H5Aopen(obj, name, H5P_DEFAULT), std::string("open attribute ") + name);
  h5::Datatype t(H5Aget_type(a.get()), "get attribute type");
  if (H5Tget_class(t.get()) != H5T_STRING || H5Tis_variable_str(t.get()) > 0) return {};
  const std::size_t n = H5Tget_size(t.get());
  std::string v(n, '\0');
  h5::check(H5Aread(a.get(), t.get(), v.data()), std::string("read attribute ") + name);
  v.resize(std::strlen(v.c_str()));
  return v;
}

}  // namespace

Group Group::copy_group_from(const std::string& src_path, const std::string& src_group,
                             const std::string& name) {
  h5::silence_errors();
  const std::string p = join_path(path_, name);
  require_open(*file_, p);
  check_name(name, "group");
  require_new_link(id_, path_, name);
  // Opened as the Reader opens files (strong close degree), so that a file the process is
  // also reading can be the source.
  h5::PropList fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access properties");
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "set close degree");
  h5::File src(H5Fopen(src_path.c_str(), H5F_ACC_RDONLY, fapl.get()), "open " + src_path);
  TreeWalk walk;
  walk.base = src_group == "/" ? std::string() : src_group;
  walk_tree(src.get(), src_group, walk);
  h5::PropList ocpypl(H5Pcreate(H5P_OBJECT_COPY), "create object copy properties");
  h5::check(H5Pset_copy_object(ocpypl.get(), H5O_COPY_WITHOUT_ATTR_FLAG), "set copy flags");
  h5::check(H5Ocopy(src.get(), src_group.c_str(), id_, name.c_str(), ocpypl.get(), H5P_DEFAULT),
            "copy " + src_path + ":" + src_group + " to " + p);
  h5::Group g(H5Gopen2(id_, name.c_str(), H5P_DEFAULT), "open group " + p);
  // Attributes but the dimension-scale references (they would point into the source file),
  // then the dimensions attached again.
  for (const std::string& rel : walk.objects) {
    const std::string src_obj =
        rel.empty() ? src_group : join_path(walk.base.empty() ? "/" : walk.base, rel);
    h5::Object from(H5Oopen(src.get(), src_obj.c_str(), H5P_DEFAULT), "open " + src_obj);
    h5::Object to(H5Oopen(g.get(), rel.empty() ? "." : rel.c_str(), H5P_DEFAULT),
                  "open " + p + "/" + rel);
    copy_attributes(from.get(), to.get(), src_path + ":" + src_obj);
  }
  for (const Attachment& a : walk.attached) {
    h5::Dataset d(H5Dopen2(g.get(), a.dataset.c_str(), H5P_DEFAULT), "open " + p + "/" + a.dataset);
    for (std::size_t i = 0; i < a.scales.size(); ++i) {
      if (a.scales[i].empty()) continue;
      h5::Dataset sc(H5Dopen2(g.get(), a.scales[i].c_str(), H5P_DEFAULT),
                     "open " + p + "/" + a.scales[i]);
      h5::check(H5DSattach_scale(d.get(), sc.get(), static_cast<unsigned>(i)),
                "attach dimension " + a.scales[i] + " to " + p + "/" + a.dataset);
    }
  }
  return Group(file_, g.release(), p);
}

void Group::append_coordinates(const std::vector<std::string>& names) {
  h5::silence_errors();
  require_open(*file_, path_);
  if (names.empty()) return;
  std::vector<std::string> targets;
  hsize_t idx = 0;
  auto collect = [](hid_t group, const char* name, const H5L_info_t*, void* out) -> herr_t {
    h5::Object o(H5Oopen(group, name, H5P_DEFAULT));
    if (!o) return -1;
    if (H5Iget_type(o.get()) == H5I_DATASET) {
      static_cast<std::vector<std::string>*>(out)->push_back(name);
    }
    return 0;
  };
  h5::check(H5Literate(id_, H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &targets),
            "list the variables of " + path_);
  std::string added;
  for (const std::string& n : names) added += (added.empty() ? "" : " ") + n;
  for (const std::string& t : targets) {
    h5::Dataset d(H5Dopen2(id_, t.c_str(), H5P_DEFAULT), "open " + join_path(path_, t));
    if (h5::check_tri(H5DSis_scale(d.get()), "check dimension scale " + t)) continue;
    h5::Dataspace sp(H5Dget_space(d.get()), "get dataspace of " + t);
    if (H5Sget_simple_extent_ndims(sp.get()) < 1) continue;
    const std::string present = read_text_attribute(d.get(), "coordinates");
    write_attribute(d.get(), "coordinates", present.empty() ? added : present + " " + added);
  }
}

// ---------------------------------------------------------------- Writer

Writer::Writer(std::string final_path) : file_(std::make_shared<detail::FileState>()) {
  h5::silence_errors();
  file_->final_path = std::move(final_path);
  file_->temp_path = akichi::temporary_path(file_->final_path);
  // Root group: link and attribute creation order tracked and indexed, as netCDF-4 does.
  h5::PropList fcpl(H5Pcreate(H5P_FILE_CREATE), "create file properties");
  h5::check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "set link creation order");
  h5::check(H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "set attribute creation order");
  // File format of HDF5 1.8 (low and high bound): creation order and dense attribute storage
  // (attributes over 64 KiB) are available, and every HDF5 >= 1.8 reader opens the file.
  h5::PropList fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access properties");
  h5::check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18),
            "set file format bounds");
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "set close degree");
  const hid_t f = H5Fcreate(file_->temp_path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  if (f < 0) h5::throw_error("cannot create results file " + file_->temp_path);
  file_->file = f;
  file_->open = true;
  const hid_t g = H5Gopen2(f, "/", H5P_DEFAULT);
  if (g < 0) {
    H5Fclose(f);
    file_->open = false;
    std::error_code ec;
    std::filesystem::remove(file_->temp_path, ec);
    h5::throw_error("open root group of " + file_->temp_path);
  }
  root_.emplace(Group(file_, g, "/"));
}

Writer::Writer(Writer&& o) noexcept : file_(std::move(o.file_)), root_(std::move(o.root_)) {
  o.root_.reset();
}

Writer::~Writer() {
  root_.reset();
  if (!file_) return;
  if (file_->open) {
    H5Fclose(file_->file);  // strong close: closes every group and dataset still open
    file_->open = false;
  }
  if (!file_->committed) {
    std::error_code ec;
    std::filesystem::remove(file_->temp_path, ec);
  }
}

Group& Writer::root() {
  if (!file_ || !root_) throw RuntimeError("results: root() of a moved-from Writer");
  require_open(*file_, "root");
  return *root_;
}

void Writer::commit() {
  h5::silence_errors();
  if (!file_) throw RuntimeError("results: commit() of a moved-from Writer");
  require_open(*file_, "commit");
  root_.reset();
  h5::check(H5Fflush(file_->file, H5F_SCOPE_GLOBAL), "flush " + file_->temp_path);
  const herr_t closed = H5Fclose(file_->file);
  file_->open = false;
  if (closed < 0) h5::throw_error("close " + file_->temp_path);
  fsync_path(file_->temp_path, false);
  if (std::rename(file_->temp_path.c_str(), file_->final_path.c_str()) != 0) {
    throw RuntimeError("results: cannot rename " + file_->temp_path + " to " + file_->final_path +
                       ": " + std::strerror(errno));
  }
  file_->committed = true;
  std::filesystem::path dir = std::filesystem::path(file_->final_path).parent_path();
  fsync_path(dir.empty() ? "." : dir.string(), true);
}

bool Writer::committed() const noexcept {
  return file_ && file_->committed;
}
const std::string& Writer::final_path() const noexcept {
  return file_->final_path;
}
const std::string& Writer::temporary_path() const noexcept {
  return file_->temp_path;
}

}  // namespace akichi::sim::results

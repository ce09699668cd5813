// The extension `akichi._akichi` of the Python module `akichi` (docs/python.md): the path loss of
// one link by any model of the registry, over a profile the caller gives or over a scenario's
// terrain exactly as `akichi link` and the area engine build it; an area run of a scenario (a
// file or the TOML document as nested dicts) through the same functions as `akichi run`; and the
// results files read back with their dimensions, coordinates and attributes. The pure-Python
// part (python/akichi/__init__.py) turns what this returns into the documented API.
//
// Errors: akichi's InputError becomes akichi.InputError (a ValueError), every other akichi::Error
// akichi.Error, with the same message as the command line prints. Long computations release the
// GIL; threads are bounded like `akichi run --threads` (tbb::global_control).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_registry.h"
#include "propagation/geo/crs.h"
#include "propagation/terrain/profile.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/analysis/study_buildings.h"
#include "sim/input/toml_section.h"
#include "sim/results/coverage_file.h"
#include "sim/results/reader.h"
#include "sim/scenario/model_params.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"

namespace py = pybind11;

namespace akichi::python {
namespace {

// ---------------------------------------------------------------------------------------------
// Python values <-> TOML

toml::table to_toml_table(const py::dict& d, const std::string& field);
toml::array to_toml_array(const py::handle& seq, const std::string& field);

/// Hands the TOML value of the Python value `v` to `put` (a callable taking any TOML value):
/// booleans, integers, floats, strings, dicts (tables) and sequences (arrays, numpy arrays
/// included); `field` names `v` in messages.
template <class Put>
void put_value(const py::handle& v, const std::string& field, Put&& put) {
  // bool before int: Python's bool is an int.
  if (py::isinstance<py::bool_>(v)) {
    put(v.cast<bool>());
  } else if (py::isinstance<py::int_>(v)) {
    put(v.cast<std::int64_t>());
  } else if (py::isinstance<py::float_>(v)) {
    put(v.cast<double>());
  } else if (py::isinstance<py::str>(v)) {
    put(v.cast<std::string>());
  } else if (py::isinstance<py::dict>(v)) {
    put(to_toml_table(v.cast<py::dict>(), field));
  } else if (py::hasattr(v, "dtype") && py::hasattr(v, "item") && py::len(v.attr("shape")) == 0) {
    put_value(v.attr("item")(), field, put);  // a numpy scalar, by what it holds
  } else if (py::isinstance<py::sequence>(v) || py::hasattr(v, "tolist")) {
    put(to_toml_array(v, field));
  } else {
    throw InputError(format_input_error({}, field, std::string(py::repr(v)),
                                        "a number, a boolean, a string, a list or a dict"));
  }
}

/// A Python dict as a TOML table; `field` names it in messages ("" = the document).
toml::table to_toml_table(const py::dict& d, const std::string& field) {
  toml::table t;
  for (const auto& [k, v] : d) {
    if (!py::isinstance<py::str>(k))
      throw InputError(format_input_error({}, field.empty() ? "key" : field + " key",
                                          std::string(py::repr(k)), "a string"));
    const std::string key = k.cast<std::string>();
    put_value(v, field.empty() ? key : field + "." + key,
              [&](auto&& x) { t.insert_or_assign(key, std::forward<decltype(x)>(x)); });
  }
  return t;
}

toml::array to_toml_array(const py::handle& v, const std::string& field) {
  const py::object seq =
      py::hasattr(v, "tolist") ? v.attr("tolist")() : py::reinterpret_borrow<py::object>(v);
  toml::array a;
  std::size_t i = 0;
  for (const py::handle& e : seq)
    put_value(e, fmt::format("{}[{}]", field, i++),
              [&](auto&& x) { a.push_back(std::forward<decltype(x)>(x)); });
  return a;
}

/// The TOML text of a scenario given as nested dicts, as parse_scenario() reads it.
std::string toml_text(const py::dict& d) {
  std::ostringstream out;
  out << toml::toml_formatter(to_toml_table(d, "")) << "\n";
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/// A scenario from a file path or from a dict (its TOML document); `base_dir` anchors a dict's
/// relative paths and names it in messages as BASE_DIR/<dict>.
sim::Scenario scenario_of(const py::object& s, const std::string& base_dir, std::string* text) {
  if (py::isinstance<py::dict>(s)) {
    const std::string t = toml_text(s.cast<py::dict>());
    const std::filesystem::path dir =
        base_dir.empty() ? std::filesystem::current_path() : std::filesystem::path(base_dir);
    const std::string path = (dir / "<dict>").string();
    if (text) *text = t;
    return sim::parse_scenario(t, path);
  }
  const std::string path = py::str(s);
  sim::Scenario sc = sim::load_scenario(path);
  if (text) *text = sc.text;
  return sc;
}

void refuse_sweep(const sim::Scenario& sc) {
  if (sim::read_sweep(sc.text, sc.path))
    throw InputError(format_input_error(
        {sc.path}, "sweep", "a [sweep] table",
        "a single scenario here (a sweep runs with `akichi run`, whose batch file "
        "akichi.open_results() reads variant by variant)"));
}

/// Threads for TBB: `threads` when > 0, else the scenario's [run] threads, else every core.
std::size_t thread_count(int threads, int scenario_threads) {
  int n = threads > 0 ? threads : scenario_threads;
  if (n <= 0) n = tbb::info::default_concurrency();
  return static_cast<std::size_t>(n);
}

/// A link end: WGS 84 (lat, lon, h) or, with `xy`, study-CRS (x, y, h).
struct End {
  double a = 0, b = 0, h_m = 0;
};

End end_of(const py::sequence& s, const char* name) {
  if (py::len(s) != 3)
    throw InputError(
        format_input_error({}, name, std::string(py::repr(s)),
                           "(LAT, LON, H) or, with xy=True, (X, Y, H): three numbers"));
  End e{s[0].cast<double>(), s[1].cast<double>(), s[2].cast<double>()};
  if (!std::isfinite(e.a) || !std::isfinite(e.b) || !std::isfinite(e.h_m) || e.h_m < 0)
    throw InputError(format_input_error({}, name, std::string(py::repr(s)),
                                        "finite coordinates and a height >= 0 m above ground"));
  return e;
}

/// The model configuration for `model`: the scenario's own when it is the scenario's model
/// (with `params` over its [propagation.<table>]), otherwise the registry's defaults with the
/// study area as context and the scenario's k factor, as `akichi link` builds them.
prop::ModelConfig config_for(const prop::ModelEntry& entry, const sim::Scenario* sc,
                             const py::dict& params, std::optional<double> k_factor) {
  prop::ModelConfig c;
  toml::table table;
  const bool scenarios_model = sc != nullptr && entry.name == sc->model.name;
  if (scenarios_model) {
    c = sc->model;
    if (params.empty() && !k_factor) return c;
    // The scenario's own table under the keyword arguments.
    const toml::table doc = toml::parse(sc->text, sc->path);
    if (const toml::table* t = doc["propagation"][entry.table_name()].as_table()) table = *t;
  }
  for (const auto& [k, v] : params) {
    const std::string key = k.cast<std::string>();
    put_value(v, entry.field() + "." + key,
              [&](auto&& x) { table.insert_or_assign(key, std::forward<decltype(x)>(x)); });
  }
  if (!scenarios_model || !params.empty()) {
    prop::ModelContext context;
    if (sc) context = {sc->centre_lat_deg, sc->centre_lon_deg};
    const sim::toml_in::Context ctx{"", std::filesystem::current_path()};
    sim::read_model_parameters(sim::toml_in::Section(ctx, table, entry.field()), entry, context, c);
  }
  if (!scenarios_model && sc) c.k_factor = sc->model.k_factor;
  if (k_factor) {
    if (!(*k_factor > 0))
      throw InputError(format_input_error({}, "k_factor", fmt::format("{:g}", *k_factor),
                                          "an effective earth-radius factor > 0"));
    c.k_factor = *k_factor;
  }
  return c;
}

const char* mechanism_name(prop::Mechanism m) {
  switch (m) {
    case prop::Mechanism::LoS:
      return "los";
    case prop::Mechanism::Reflected:
      return "reflected";
    case prop::Mechanism::Diffracted:
      return "diffracted";
    case prop::Mechanism::Transmitted:
      return "transmitted";
    case prop::Mechanism::None:
      break;
  }
  return "";
}

/// The frequency domain `config`'s model enforces, as an InputError naming `freq_mhz`.
void check_frequency(const prop::ModelEntry& entry, const prop::ModelConfig& config,
                     double freq_Hz) {
  if (!(freq_Hz > 0) || !std::isfinite(freq_Hz))
    throw InputError(format_input_error({}, "freq_mhz", fmt::format("{:g}", freq_Hz / 1e6),
                                        "a frequency > 0 MHz"));
  if (const std::optional<prop::Interval> f = prop::enforced_frequency_range(config))
    if (freq_Hz < f->min || freq_Hz > f->max)
      throw InputError(format_input_error(
          {}, "freq_mhz", fmt::format("{:g}", freq_Hz / 1e6),
          fmt::format("{:g}-{:g} MHz for {} ({})", f->min / 1e6, f->max / 1e6, entry.name,
                      entry.domain.frequency_source.empty() ? entry.domain.source
                                                            : entry.domain.frequency_source)));
}

/// One evaluated link.
py::dict answer(const prop::PathLossModel& model, double loss, prop::Mechanism m, double d_m) {
  py::dict r;
  r["loss_dB"] = loss;
  r["mechanism"] = model.reports_mechanism() ? py::object(py::str(mechanism_name(m))) : py::none();
  r["d_m"] = d_m;
  r["description"] = model.describe();
  return r;
}

std::vector<double> doubles(const py::object& a, const char* name) {
  std::vector<double> v;
  try {
    v = py::cast<std::vector<double>>(py::module_::import("numpy")
                                          .attr("asarray")(a, "float64")
                                          .attr("ravel")()
                                          .attr("tolist")());
  } catch (const py::error_already_set&) {
    throw InputError(format_input_error({}, name, std::string(py::repr(a)), "a list of numbers"));
  }
  return v;
}

/// path_loss over a profile the caller gives: distances from the transmitter (m, ascending,
/// from 0) and terrain heights (m), antenna heights above the profile's ends.
py::dict profile_path_loss(const std::string& model_name, double freq_mhz, double h_tx_m,
                           double h_rx_m, const py::object& d_obj, const py::object& z_obj,
                           const py::object& clutter_obj, std::optional<double> k_factor,
                           const py::dict& params) {
  const prop::ModelEntry& entry = prop::model_entry(model_name);
  const prop::ModelConfig config = config_for(entry, nullptr, params, k_factor);
  const double freq_Hz = freq_mhz * 1e6;
  check_frequency(entry, config, freq_Hz);
  const std::vector<double> d = doubles(d_obj, "profile distances"),
                            z = doubles(z_obj, "profile heights");
  if (d.size() < 2 || z.size() != d.size())
    throw InputError(format_input_error(
        {}, "profile", fmt::format("{} distances and {} heights", d.size(), z.size()),
        "as many heights as distances, at least 2"));
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (!std::isfinite(d[i]) || !std::isfinite(z[i]) || (i == 0 ? d[i] != 0 : !(d[i] > d[i - 1])))
      throw InputError(format_input_error(
          {}, fmt::format("profile[{}]", i), fmt::format("d {:g} m, z {:g} m", d[i], z[i]),
          "finite values, distances from 0 at the transmitter and strictly increasing"));
  }
  for (auto [h, name] : {std::pair{h_tx_m, "h_tx_m"}, std::pair{h_rx_m, "h_rx_m"}})
    if (!std::isfinite(h) || h < 0)
      throw InputError(
          format_input_error({}, name, fmt::format("{:g}", h), "a height >= 0 m above ground"));
  std::vector<double> clutter;
  if (!clutter_obj.is_none()) {
    clutter = doubles(clutter_obj, "clutter_m");
    if (clutter.size() != d.size())
      throw InputError(format_input_error({}, "clutter_m", fmt::format("{} values", clutter.size()),
                                          fmt::format("one per profile point ({})", d.size())));
  }
  const std::unique_ptr<prop::PathLossModel> model = prop::make_path_loss_model(config);
  if (!clutter.empty() && !model->uses_clutter_heights())
    throw InputError(format_input_error({}, "clutter_m", "clutter heights",
                                        "none: " + entry.name + " takes no clutter heights"));
  // The link as the engine hands it to the model (propagation/engine/area.cpp, make_link()):
  // the ends on the x axis of a plane, d_m the profile's length.
  prop::LinkInput link;
  link.freq_Hz = freq_Hz;
  link.d_m = d.back();
  link.h_tx_m = h_tx_m;
  link.h_rx_m = h_rx_m;
  link.z_tx_m = z.front();
  link.z_rx_m = z.back();
  link.x_rx_m = d.back();
  link.profile_d_m = d.data();
  link.profile_z_m = z.data();
  link.profile_n = static_cast<int>(d.size());
  if (!clutter.empty()) link.clutter_m = clutter.data();
  prop::Mechanism m = prop::Mechanism::None;
  double loss = 0;
  {
    py::gil_scoped_release release;
    try {
      loss = model->loss_and_mechanism_dB(link, m);
    } catch (...) {
      prop::rethrow_link_failure(*model, {0, 0, h_tx_m, freq_Hz}, link.x_rx_m, 0, h_rx_m);
    }
  }
  return answer(*model, loss, m, link.d_m);
}

// ---------------------------------------------------------------------------------------------
// A study: a scenario with its terrain and buildings loaded once, for many links.

class Study {
 public:
  Study(const py::object& scenario, const std::string& base_dir)
      : sc_(scenario_of(scenario, base_dir, nullptr)) {
    py::gil_scoped_release release;
    terrain_ = sim::load_terrain(sc_, nullptr);
    buildings_ = sim::load_study_buildings(sc_, terrain_);
    step_m_ = sim::effective_profile_step_m(sc_);
    extent_ = sim::terrain_lattice(sc_).extent;
  }

  const sim::Scenario& scenario() const { return sc_; }

  /// The study-CRS position of an end, checked to lie on the terrain.
  End to_study(const End& e, bool xy, const char* name) const {
    End s = e;
    if (!xy) {
      if (std::abs(e.a) > 90 || std::abs(e.b) > 180)
        throw InputError(format_input_error({}, name, fmt::format("({:g}, {:g})", e.a, e.b),
                                            "|LAT| <= 90 and |LON| <= 180 (WGS 84 degrees)"));
      s.a = e.b;  // x = lon, y = lat before the transform
      s.b = e.a;
      const prop::Transformer t(prop::Crs::wgs84(), sc_.crs);
      t.transform(s.a, s.b);
    }
    if (!extent_.contains(s.a, s.b))
      throw InputError(format_input_error(
          {sc_.path}, name, fmt::format("x {:.1f} m, y {:.1f} m", s.a, s.b),
          fmt::format("a point of the scenario's terrain: x {:.1f}..{:.1f} m, y {:.1f}..{:.1f} m "
                      "in {}",
                      extent_.xmin_m, extent_.xmax_m, extent_.ymin_m, extent_.ymax_m,
                      sc_.crs.name())));
    return s;
  }

  double default_freq_Hz(std::optional<double> freq_mhz) const {
    if (freq_mhz) return *freq_mhz * 1e6;
    if (!sc_.stations.planned().empty()) return sc_.stations.planned().front().freq_Hz;
    throw InputError(format_input_error(
        {}, "freq_mhz", "nothing",
        "a frequency > 0 MHz (the default is that of the scenario's first planned station, "
        "which this scenario has none of)"));
  }

  /// The loss of `model_name` from `tx` to `rx` over the scenario's terrain, exactly as the
  /// area engine computes it for a cell centre at `rx` (make_link()).
  py::dict path_loss(const std::string& model_name, const py::sequence& tx_s,
                     const py::sequence& rx_s, std::optional<double> freq_mhz, bool xy,
                     std::optional<double> k_factor, const py::dict& params) const {
    const prop::ModelEntry& entry = prop::model_entry(model_name);
    const prop::ModelConfig config =
        sim::with_buildings(config_for(entry, &sc_, params, k_factor), buildings_.get());
    const double freq_Hz = default_freq_Hz(freq_mhz);
    check_frequency(entry, config, freq_Hz);
    const End tx = to_study(end_of(tx_s, "tx"), xy, "tx");
    const End rx = to_study(end_of(rx_s, "rx"), xy, "rx");
    const std::unique_ptr<prop::PathLossModel> model = prop::make_path_loss_model(config);
    const prop::AreaContext ctx{sc_.grid, terrain_, *model, step_m_};
    const prop::Transmitter t{tx.a, tx.b, tx.h_m, freq_Hz};
    prop::Profile profile;
    prop::LinkInput link;
    prop::Mechanism m = prop::Mechanism::None;
    double loss = 0;
    {
      py::gil_scoped_release release;
      prop::make_link(t, rx.a, rx.b, rx.h_m, ctx, profile, link);
      try {
        loss = model->loss_and_mechanism_dB(link, m);
      } catch (...) {
        prop::rethrow_link_failure(*model, t, rx.a, rx.b, rx.h_m);
      }
    }
    return answer(*model, loss, m, link.d_m);
  }

  /// The terrain profile between two ends as `akichi link` draws it: samples at the scenario's
  /// profile step along the scenario's model's measure of length.
  py::dict profile(const py::sequence& tx_s, const py::sequence& rx_s, bool xy) const {
    const End tx = to_study(end_of(tx_s, "tx"), xy, "tx");
    const End rx = to_study(end_of(rx_s, "rx"), xy, "rx");
    const prop::DistanceKind measure = prop::distance_for(sc_.model.name, sc_.terrain.distance);
    prop::Profile p;
    prop::extract_profile(terrain_, tx.a, tx.b, rx.a, rx.b, step_m_, p, terrain_.distance(measure));
    py::array_t<double> d(p.size()), z(p.size());
    std::copy_n(p.d_m.begin(), p.size(), d.mutable_data());
    std::copy_n(p.z_m.begin(), p.size(), z.mutable_data());
    py::dict r;
    r["d_m"] = d;
    r["z_m"] = z;
    r["tx_xy_m"] = py::make_tuple(tx.a, tx.b);
    r["rx_xy_m"] = py::make_tuple(rx.a, rx.b);
    return r;
  }

 private:
  sim::Scenario sc_;
  prop::TerrainGrid terrain_;
  std::shared_ptr<const sim::StudyBuildings> buildings_;
  double step_m_ = 0;
  prop::Extent extent_;
};

// ---------------------------------------------------------------------------------------------
// Results files

/// An attribute value as Python: text, a number, or a numpy array.
py::object attr_value(const sim::results::AttrValue& v) {
  return std::visit(
      [](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>)
          return py::str(x);
        else if constexpr (std::is_same_v<T, double>)
          return py::float_(x);
        else if constexpr (std::is_same_v<T, std::int32_t>)
          return py::int_(x);
        else
          return py::array(static_cast<py::ssize_t>(x.size()), x.data());
      },
      v);
}

py::dict attrs_dict(const sim::results::Attrs& attrs) {
  py::dict d;
  for (const sim::results::Attr& a : attrs) d[py::str(a.name)] = attr_value(a.value);
  return d;
}

/// A variable's values as a numpy array of its stored type (float32, float64, integers of their
/// width and sign; fill values left as stored, as in the file), text variables as str.
py::array read_values(const sim::results::Reader& reader, const sim::results::VariableInfo& info) {
  using sim::results::ElementType;
  const std::vector<std::size_t> shape = info.shape();
  const std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  if (info.type == ElementType::string) {
    py::list l;
    for (const std::string& x : reader.read_strings(info.path)) l.append(py::str(x));
    return py::array(
        py::module_::import("numpy").attr("array")(l, "str").attr("reshape")(py::cast(dims)));
  }
  py::dtype dtype;
  switch (info.type) {
    case ElementType::float32:
      dtype = py::dtype::of<float>();
      break;
    case ElementType::float64:
      dtype = py::dtype::of<double>();
      break;
    case ElementType::int8:
      dtype = py::dtype::of<std::int8_t>();
      break;
    case ElementType::uint8:
      dtype = py::dtype::of<std::uint8_t>();
      break;
    case ElementType::int16:
      dtype = py::dtype::of<std::int16_t>();
      break;
    case ElementType::uint16:
      dtype = py::dtype::of<std::uint16_t>();
      break;
    case ElementType::int32:
      dtype = py::dtype::of<std::int32_t>();
      break;
    case ElementType::uint32:
      dtype = py::dtype::of<std::uint32_t>();
      break;
    case ElementType::int64:
      dtype = py::dtype::of<std::int64_t>();
      break;
    case ElementType::uint64:
      dtype = py::dtype::of<std::uint64_t>();
      break;
    case ElementType::string:
    case ElementType::other:
      throw InputError(format_input_error({reader.path()}, info.path,
                                          "a stored type of no numpy equivalent",
                                          "a float, an integer or text"));
  }
  py::array out(dtype, dims);
  reader.read_stored(
      info.path, out.mutable_data(),
      static_cast<std::size_t>(out.size()) * static_cast<std::size_t>(out.itemsize()));
  return out;
}

/// One group of a results file: {"variables": {name: (dims, values, attrs)}, "attrs": {...},
/// "groups": [...]}, every variable of the group (coordinates included).
py::dict read_group(const std::string& path, const std::string& group) {
  const sim::results::Reader reader(path);
  py::dict vars;
  const std::string prefix = group == "/" || group.empty() ? "/" : "/" + group + "/";
  for (const std::string& name : reader.variables(group.empty() ? "/" : group)) {
    const std::string vpath = prefix + name;
    const sim::results::VariableInfo info = reader.info(vpath);
    py::list dims;
    for (const sim::results::DimensionInfo& d : info.dims) dims.append(py::str(d.name));
    vars[py::str(name)] =
        py::make_tuple(py::tuple(dims), read_values(reader, info), attrs_dict(info.attributes));
  }
  py::dict out;
  out["variables"] = vars;
  out["attrs"] = attrs_dict(reader.attributes(group.empty() ? "/" : group));
  out["groups"] = reader.groups(group.empty() ? "/" : group);
  return out;
}

/// Runs a scenario as `akichi run` does (coverage, then the sharing analyses) and writes its
/// results file to `output`.
void run_to_file(const py::object& scenario, const std::string& base_dir, const std::string& output,
                 int threads) {
  sim::Scenario sc = scenario_of(scenario, base_dir, nullptr);
  refuse_sweep(sc);
  sc.output.path = output;
  const std::size_t n = thread_count(threads, sc.threads);
  py::gil_scoped_release release;
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, n);
  sim::SilentProgress progress;
  const sim::CoverageRun run = sim::run_coverage(sc, progress);
  std::optional<sim::SharingRun> sharing;
  if (sc.sharing.any())
    sharing =
        sim::run_sharing(sc, run.terrain, sc.stations.planned().empty() ? nullptr : &run, progress);
  sim::RunInfo info;
  info.threads = static_cast<int>(n);
  info.command_line = "akichi.run() (Python)";
  const std::filesystem::path out_path(output);
  if (out_path.has_parent_path()) std::filesystem::create_directories(out_path.parent_path());
  sim::write_results(output, sc, run, sharing ? &*sharing : nullptr, info);
}

}  // namespace
}  // namespace akichi::python

PYBIND11_MODULE(_akichi, m) {
  using namespace akichi::python;
  namespace sim = akichi::sim;
  m.doc() = "akichi's engine: path loss, area runs and results files (docs/python.md)";

  // akichi::Error -> akichi.Error (RuntimeError); InputError -> akichi.InputError (ValueError,
  // and an akichi.Error).
  static py::exception<akichi::Error> error(m, "Error", PyExc_RuntimeError);
  error.attr("__module__") = "akichi";
  static py::handle input_error = [&] {
    py::object bases = py::make_tuple(py::handle(PyExc_ValueError), error);
    py::object cls = py::reinterpret_steal<py::object>(
        PyErr_NewException("akichi.InputError", bases.ptr(), nullptr));
    m.attr("InputError") = cls;
    return cls.release();
  }();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const akichi::InputError& e) {
      PyErr_SetString(input_error.ptr(), e.what());
    } catch (const akichi::Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    } catch (const toml::parse_error& e) {
      std::ostringstream s;
      s << (e.source().path ? *e.source().path : std::string("TOML")) << ":"
        << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
      PyErr_SetString(input_error.ptr(), s.str().c_str());
    }
  });

  m.def("models_json", &sim::models_json, "The registered models as JSON (akichi models --json)");
  m.def(
      "to_toml", [](const py::dict& d) { return toml_text(d); }, py::arg("scenario"),
      "The TOML text of a scenario given as nested dicts");
  m.def("profile_path_loss", &profile_path_loss, py::arg("model"), py::arg("freq_mhz"),
        py::arg("h_tx_m"), py::arg("h_rx_m"), py::arg("d_m"), py::arg("z_m"),
        py::arg("clutter_m") = py::none(), py::arg("k_factor") = py::none(),
        py::arg("params") = py::dict());
  m.def("run_to_file", &run_to_file, py::arg("scenario"), py::arg("base_dir"), py::arg("output"),
        py::arg("threads") = 0);
  m.def("read_group", &read_group, py::arg("path"), py::arg("group") = "/");

  py::class_<Study>(m, "Study")
      .def(py::init<const py::object&, const std::string&>(), py::arg("scenario"),
           py::arg("base_dir") = "")
      .def("path_loss", &Study::path_loss, py::arg("model"), py::arg("tx"), py::arg("rx"),
           py::arg("freq_mhz") = py::none(), py::arg("xy") = false,
           py::arg("k_factor") = py::none(), py::arg("params") = py::dict())
      .def("profile", &Study::profile, py::arg("tx"), py::arg("rx"), py::arg("xy") = false)
      .def_property_readonly("model", [](const Study& s) { return s.scenario().model.name; })
      .def_property_readonly("name", [](const Study& s) { return s.scenario().name; })
      .def_property_readonly("path", [](const Study& s) { return s.scenario().path; })
      .def_property_readonly("crs", [](const Study& s) { return s.scenario().crs.name(); })
      .def_property_readonly("stations", [](const Study& s) {
        py::list l;
        for (const auto& st : s.scenario().stations.planned()) {
          py::dict d;
          d["id"] = st.id;
          d["lat_deg"] = st.lat_deg;
          d["lon_deg"] = st.lon_deg;
          d["x_m"] = st.x_m;
          d["y_m"] = st.y_m;
          d["height_m"] = st.height_m;
          d["freq_mhz"] = st.freq_Hz / 1e6;
          l.append(d);
        }
        return l;
      });
}

#include "viz/results_map.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/results/reader.h"
#include "viz/map_context.h"

namespace akichi::viz {
namespace {

/// The results of one run inside a results file: the root group of a single run's file, or one
/// variant's group of a batch file. Paths are relative to it ("x", "/" = its own attributes).
class Source {
 public:
  Source(const sim::results::Reader& reader, std::string group)
      : reader_(reader), group_(std::move(group)) {}
  std::string at(const std::string& name) const {
    if (group_.empty()) return name;
    std::string out = std::string("/").append(group_);
    if (name != "/") out.append("/").append(name);
    return out;
  }
  bool has_variable(const std::string& n) const { return reader_.has_variable(at(n)); }
  sim::results::VariableInfo info(const std::string& n) const { return reader_.info(at(n)); }
  std::vector<double> read_coordinate(const std::string& n) const {
    return reader_.read_coordinate(at(n));
  }
  std::vector<std::string> read_strings(const std::string& n) const {
    return reader_.read_strings(at(n));
  }
  std::vector<float> read_slab_float(const std::string& n, const std::vector<std::size_t>& offset,
                                     const std::vector<std::size_t>& count) const {
    return reader_.read_slab_float(at(n), offset, count);
  }
  sim::results::Attrs attributes(const std::string& n) const { return reader_.attributes(at(n)); }
  std::optional<std::string> attr_string(const std::string& n, const std::string& name) const {
    return reader_.attr_string(at(n), name);
  }
  std::vector<std::string> variables() const { return reader_.variables(at("/")); }
  std::optional<double> attr_double(const std::string& n, const std::string& name) const {
    return reader_.attr_double(at(n), name);
  }

 private:
  const sim::results::Reader& reader_;
  std::string group_;
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

/// The first few labels and the last, for messages: "a, b, c, ..., z (168 in all)".
std::string first_few(const std::vector<std::string>& labels, std::size_t few = 6) {
  if (labels.size() <= few + 1) return join(labels);
  return join(std::vector<std::string>(labels.begin(), labels.begin() + static_cast<long>(few))) +
         fmt::format(", ..., {} ({} in all)", labels.back(), labels.size());
}

/// A long name short enough for a subtitle and a colour-bar label: a trailing parenthetical
/// remark is dropped from names longer than 60 characters.
std::string display_name(const std::string& long_name) {
  if (long_name.size() <= 60 || long_name.back() != ')') return long_name;
  const std::size_t open = long_name.rfind(" (");
  return open == std::string::npos || open == 0 ? long_name : long_name.substr(0, open);
}

std::string attr_or(const Source& r, const std::string& obj, const std::string& name,
                    const std::string& fallback) {
  return r.attr_string(obj, name).value_or(fallback);
}

bool is_map(const sim::results::VariableInfo& info) {
  const std::size_t nd = info.dims.size();
  return nd >= 2 && info.dims[nd - 2].name == "y" && info.dims[nd - 1].name == "x";
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// "2026-12-07T09:00:00+09:00" -> "2026-12-07T09:00+09:00" (seconds dropped when zero).
std::string short_time(std::string s) {
  if (s.size() >= 19 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s.compare(17, 2, "00") == 0)
    s.erase(16, 3);
  return s;
}

/// How a leading dimension is selected.
struct Axis {
  std::string option;               ///< "--time", ...
  std::vector<std::string> labels;  ///< one per index
  bool by_index = false;            ///< an all-digit value not among the labels is an index
  bool by_prefix = false;           ///< a prefix of exactly one label selects it
};

/// Position of `given` along an axis: the exact label, else an index (when allowed), else the
/// one label it prefixes (when allowed).
std::size_t resolve(const std::string& file, const std::string& var, const std::string& dim,
                    const Axis& axis, const std::string& given) {
  const auto& L = axis.labels;
  const std::string what = "'" + given + "'";
  const std::string valid =
      fmt::format("one of the {} values along '{}' of {}: {}{}", L.size(), dim, var, first_few(L),
                  axis.by_index ? fmt::format(" (or an index 0..{})", L.size() - 1) : "");
  if (const auto it = std::find(L.begin(), L.end(), given); it != L.end())
    return static_cast<std::size_t>(it - L.begin());
  if (axis.by_index && all_digits(given)) {
    if (given.size() <= 9) {
      const std::size_t i = std::stoul(given);
      if (i < L.size()) return i;
    }
    if (!axis.by_prefix) {
      throw InputError(format_input_error({file}, axis.option, "index " + given, valid));
    }
  }
  if (axis.by_prefix && !given.empty()) {
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < L.size(); ++i)
      if (L[i].compare(0, given.size(), given) == 0) hits.push_back(i);
    if (hits.size() == 1) return hits[0];
    if (hits.size() > 1) {
      std::vector<std::string> matched;
      for (std::size_t i : hits) matched.push_back(L[i]);
      throw InputError(
          format_input_error({file}, axis.option,
                             what + ", which begins " + std::to_string(hits.size()) + " values (" +
                                 first_few(matched) + ")",
                             "exactly one of the values along '" + dim + "' of " + var));
    }
  }
  throw InputError(format_input_error({file}, axis.option, what, valid));
}

/// The labels of a station-like dimension: the string variable "<dim>_id", else the indices.
std::vector<std::string> id_labels(const Source& reader, const std::string& dim, std::size_t n) {
  const std::string id_var = dim + "_id";
  std::vector<std::string> out;
  if (reader.has_variable(id_var)) {
    const auto info = reader.info(id_var);
    if (info.type == sim::results::ElementType::string && info.dims.size() == 1 &&
        info.dims[0].name == dim)
      out = reader.read_strings(id_var);
  }
  if (out.size() != n) {
    out.clear();
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::to_string(i));
  }
  return out;
}

/// flag_values of a variable as doubles; empty when absent or not numeric.
std::vector<double> flag_values(const Source& reader, const std::string& var) {
  for (const auto& a : reader.attributes(var)) {
    if (a.name != "flag_values") continue;
    return std::visit(
        [](const auto& v) -> std::vector<double> {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>)
            return {};
          else if constexpr (std::is_arithmetic_v<T>)
            return {static_cast<double>(v)};
          else
            return std::vector<double>(v.begin(), v.end());
        },
        a.value);
  }
  return {};
}

bool is_station_dim(const std::string& dim) {
  return dim.size() >= 7 && dim.compare(dim.size() - 7, 7, "station") == 0;
}

/// The map variable `var` of the file, checked to exist and to be along (y, x).
sim::results::VariableInfo open_map_variable(const Source& reader, const std::string& results_path,
                                             const std::string& var) {
  if (!reader.has_variable(var)) {
    std::vector<std::string> maps;
    for (const auto& v : reader.variables())
      if (is_map(reader.info(v))) maps.push_back(v);
    throw InputError(format_input_error({results_path}, "--var", "'" + var + "'",
                                        "a map variable of this file: " + join(maps)));
  }
  sim::results::VariableInfo info = reader.info(var);
  if (!is_map(info)) {
    throw InputError(format_input_error(
        {results_path}, "--var", "'" + var + "', which is not along (y, x)", "a map variable"));
  }
  return info;
}

/// Position along the height dimension (n values): the --height given, else the lowest; its
/// label ("1.5 m") in `label`.
std::size_t select_height(const Source& reader, const std::string& results_path,
                          const LayerSelection& sel, std::size_t n, std::string& label) {
  const std::vector<double> heights = reader.read_coordinate("height");
  if (heights.size() != n) {
    throw InputError(format_input_error(
        {results_path}, "height", fmt::format("a coordinate of {} values", heights.size()),
        fmt::format("{} values, the size of the height dimension of '{}'", n, sel.var)));
  }
  std::size_t k = 0;
  if (sel.height_m) {
    const auto it = std::find_if(heights.begin(), heights.end(),
                                 [&](double h) { return std::abs(h - *sel.height_m) < 1e-6; });
    if (it == heights.end()) {
      std::vector<std::string> hs;
      for (double h : heights) hs.push_back(fmt::format("{:g}", h));
      throw InputError(format_input_error({results_path}, "--height",
                                          fmt::format("{:g} m", *sel.height_m),
                                          "one of the heights of the file: " + join(hs) + " m"));
    }
    k = static_cast<std::size_t>(it - heights.begin());
  } else {
    k = static_cast<std::size_t>(std::min_element(heights.begin(), heights.end()) -
                                 heights.begin());
  }
  label = fmt::format("{:g} m", heights[k]);
  return k;
}

Axis time_axis(const Source& reader, std::size_t n) {
  Axis axis;
  axis.option = "--time";
  axis.by_index = axis.by_prefix = true;
  if (reader.has_variable("time_local")) axis.labels = reader.read_strings("time_local");
  if (axis.labels.size() != n) axis.labels = id_labels(reader, "time", n);
  return axis;
}

Axis channel_axis(const Source& reader, std::size_t n) {
  Axis axis;
  axis.option = "--channel";
  axis.by_index = true;
  axis.labels = id_labels(reader, "channel", n);
  return axis;
}

Axis pair_axis(const Source& reader, std::size_t n) {
  Axis axis;
  axis.option = "--pair";
  axis.by_index = true;
  if (reader.has_variable("mic_pair_a") && reader.has_variable("mic_pair_b")) {
    const auto a = reader.read_strings("mic_pair_a");
    const auto b = reader.read_strings("mic_pair_b");
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
      axis.labels.push_back(a[i] + "->" + b[i]);
  }
  if (axis.labels.size() != n) axis.labels = id_labels(reader, "mic_pair", n);
  return axis;
}

Axis station_axis(const Source& reader, const std::string& dim, std::size_t n) {
  Axis axis;
  axis.option = "--station";
  axis.labels = id_labels(reader, dim, n);
  return axis;
}

/// Position along a selector axis of n values: the value given, else the only one.
std::size_t select_on_axis(const std::string& results_path, const std::string& var,
                           const std::string& dim, std::size_t n, const Axis& axis,
                           const std::string& given) {
  if (!given.empty()) return resolve(results_path, var, dim, axis, given);
  if (n > 1) {
    throw InputError(format_input_error(
        {results_path}, axis.option, "nothing",
        fmt::format("a value for '{}', along which {} has {} values: {}{}", dim, var, n,
                    first_few(axis.labels),
                    axis.by_index ? fmt::format(" (or an index 0..{})", n - 1) : "")));
  }
  return 0;
}

/// Selects one position along each leading dimension of the variable: fills out.slice and
/// the slab's offset; a selector given for a dimension the variable does not have is an error.
void select_slice(const Source& reader, const std::string& results_path, const LayerSelection& sel,
                  const sim::results::VariableInfo& info, std::vector<std::size_t>& offset,
                  LoadedMap& out) {
  const std::size_t nd = info.dims.size();
  std::set<std::string> used;  // selectors the variable's dimensions consumed
  for (std::size_t d = 0; d + 2 < nd; ++d) {
    const std::string& dim = info.dims[d].name;
    const std::size_t n = info.dims[d].size;
    if (n == 0) {
      throw InputError(format_input_error({results_path}, "--var",
                                          "'" + sel.var + "' with an empty '" + dim + "'",
                                          "a variable with data"));
    }
    if (dim == "height") {
      used.insert("--height");
      std::string label;
      const std::size_t k = select_height(reader, results_path, sel, n, label);
      out.slice.push_back({dim, k, label});
      offset[d] = k;
      continue;
    }

    Axis axis;
    std::string given;
    if (dim == "time") {
      axis = time_axis(reader, n);
      given = sel.time;
    } else if (dim == "channel") {
      axis = channel_axis(reader, n);
      given = sel.channel;
    } else if (dim == "mic_pair") {
      axis = pair_axis(reader, n);
      given = sel.pair;
    } else if (is_station_dim(dim)) {
      axis = station_axis(reader, dim, n);
      given = sel.station;
    } else if (n == 1) {
      out.slice.push_back({dim, 0, "0"});
      continue;
    } else {
      throw InputError(format_input_error(
          {results_path}, "--var", fmt::format("'{}' along '{}' ({} values)", sel.var, dim, n),
          "a variable whose leading dimensions are time, channel, height, a station dimension "
          "or mic_pair, or have one value"));
    }
    used.insert(axis.option);
    const std::size_t k = select_on_axis(results_path, sel.var, dim, n, axis, given);
    offset[d] = k;
    out.slice.push_back({dim, k, dim == "time" ? short_time(axis.labels[k]) : axis.labels[k]});
  }
  const std::pair<const char*, std::string> given_selectors[] = {
      {"--station", sel.station},
      {"--height", sel.height_m ? fmt::format("{:g} m", *sel.height_m) : std::string()},
      {"--time", sel.time},
      {"--channel", sel.channel},
      {"--pair", sel.pair}};
  for (const auto& [opt, value] : given_selectors) {
    if (value.empty() || used.count(opt) != 0) continue;
    std::vector<std::string> dims;
    for (std::size_t d = 0; d + 2 < nd; ++d) dims.push_back(info.dims[d].name);
    throw InputError(format_input_error(
        {results_path}, opt, "'" + value + "'",
        "no " + std::string(opt).substr(2) + " for " + sel.var + ", whose dimensions are " +
            (dims.empty() ? std::string("") : join(dims) + ", ") + "y, x"));
  }
}

/// Categories of a variable with flag_meanings: labels, and stored flag values mapped to the
/// category indices 0..n-1 (identity when flag_values is 0..n-1).
void read_categories(const Source& reader, const std::string& results_path, const std::string& var,
                     const std::string& meanings, MapLayer& layer) {
  layer.categorical = true;
  layer.units.clear();  // category indices carry no unit worth showing
  std::istringstream words(meanings);
  for (std::string w; words >> w;) layer.category_labels.push_back(w);
  const std::vector<double> flags = flag_values(reader, var);
  if (flags.empty()) return;
  // A 0/1 flag variable is a mask (an area), except best_server of two stations, whose
  // categories are the stations.
  layer.mask = flags == std::vector<double>{0.0, 1.0} && layer.category_labels.size() == 2 &&
               var != "best_server";
  if (flags.size() != layer.category_labels.size()) {
    layer.category_labels.clear();
    for (double f : flags) layer.category_labels.push_back(fmt::format("{:g}", f));
  }
  for (float& v : layer.values) {
    if (std::isnan(v)) continue;
    const auto it = std::find(flags.begin(), flags.end(), static_cast<double>(v));
    if (it == flags.end()) {
      std::vector<std::string> fs;
      for (double f : flags) fs.push_back(fmt::format("{:g}", f));
      throw InputError(
          format_input_error({results_path}, var, fmt::format("{:g}", v),
                             "one of its flag_values " + first_few(fs, 12) + " or its _FillValue"));
    }
    v = static_cast<float>(it - flags.begin());
  }
}

/// The (y, x) slab of the variable at `offset`, with its grid, names and categories.
void read_layer(const Source& reader, const std::string& results_path, const std::string& var,
                const std::vector<std::size_t>& offset, const std::vector<std::size_t>& count,
                MapLayer& layer) {
  const std::vector<double> xs = reader.read_coordinate("x");
  const std::vector<double> ys = reader.read_coordinate("y");
  if (xs.size() < 2 || ys.size() < 1) {
    throw InputError(format_input_error({results_path}, "x", "fewer than 2 cells", "a grid"));
  }
  layer.nx = static_cast<int>(xs.size());
  layer.ny = static_cast<int>(ys.size());
  layer.cell_m = xs[1] - xs[0];
  layer.x0_m = xs[0] - layer.cell_m / 2;
  layer.y0_m = ys[0] - layer.cell_m / 2;
  layer.values = reader.read_slab_float(var, offset, count);
  layer.crs_wkt = attr_or(reader, "crs", "crs_wkt", "");
  layer.name = var;
  layer.long_name = display_name(attr_or(reader, var, "long_name", var));
  layer.units = attr_or(reader, var, "units", "");
  if (const auto meanings = reader.attr_string(var, "flag_meanings"))
    read_categories(reader, results_path, var, *meanings, layer);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The azimuth of an antenna description as the results file records it ("3gpp_sector 15 dBi az
/// 225 tilt 0 ...", "s465 ... az 179.005 el 49.78"): the number after the word "az", clockwise
/// from true north; NaN for antennas without one (isotropic, omnidirectional).
double antenna_azimuth(const std::string& antenna) {
  std::istringstream words(antenna);
  for (std::string w; words >> w;) {
    if (w != "az") continue;
    std::string v;
    if (!(words >> v)) break;
    double az = kNaN;
    try {
      std::size_t used = 0;
      az = std::stod(v, &used);
      if (used != v.size()) az = kNaN;
    } catch (const std::exception&) {
      az = kNaN;
    }
    return std::isfinite(az) ? az : kNaN;
  }
  return kNaN;
}

/// A 2-D (y, x) variable on the layer's grid as a layer of its own; nullopt when the file has
/// no such variable or it is not on the grid.
std::optional<MapLayer> grid_variable(const Source& reader, const MapLayer& layer,
                                      const std::string& var) {
  if (!reader.has_variable(var)) return std::nullopt;
  const sim::results::VariableInfo info = reader.info(var);
  if (info.dims.size() != 2 || info.dims[0].name != "y" || info.dims[1].name != "x" ||
      info.dims[0].size != static_cast<std::size_t>(layer.ny) ||
      info.dims[1].size != static_cast<std::size_t>(layer.nx))
    return std::nullopt;
  MapLayer out = layer;
  out.categorical = false;
  out.mask = false;
  out.category_labels.clear();
  out.clear.clear();
  out.name = var;
  out.values = reader.read_slab_float(var, {0, 0}, {info.dims[0].size, info.dims[1].size});
  return out;
}

/// The database stations (db_station_*) with their roles: an incumbent with an earth-station
/// antenna (S.465, S.580) or service is an earth station, an incumbent that receives a
/// protected receiver, one that only transmits an incumbent transmitter; local5g_base and
/// local5g_terminal are other licensees' local 5G stations.
void add_database_stations(const Source& reader, const MapLayer& layer, MapOverlay& ov) {
  if (!reader.has_variable("db_station_x") || !reader.has_variable("db_station_y") ||
      !reader.has_variable("db_station_id"))
    return;
  const auto ids = reader.read_strings("db_station_id");
  const auto dx = reader.read_coordinate("db_station_x");
  const auto dy = reader.read_coordinate("db_station_y");
  const auto strings = [&](const char* v) {
    return reader.has_variable(v) ? reader.read_strings(v) : std::vector<std::string>{};
  };
  const auto numbers = [&](const char* v) {
    return reader.has_variable(v) ? reader.read_coordinate(v) : std::vector<double>{};
  };
  const auto roles = strings("db_station_role");
  const auto services = strings("db_station_service");
  const auto antennas = strings("db_station_antenna");
  const auto receives = numbers("db_station_receives");
  for (std::size_t i = 0; i < ids.size() && i < dx.size() && i < dy.size(); ++i) {
    const std::string role = i < roles.size() ? roles[i] : "incumbent";
    const std::string antenna = i < antennas.size() ? antennas[i] : "";
    const std::string service = i < services.size() ? services[i] : "";
    StationRole r = StationRole::database_local5g;
    if (role == "incumbent") {
      if (antenna.rfind("s465", 0) == 0 || antenna.rfind("s580", 0) == 0 ||
          service.find("earth station") != std::string::npos)
        r = StationRole::earth_station;
      else if (i >= receives.size() || receives[i] != 0.0)
        r = StationRole::protected_receiver;
      else
        r = StationRole::incumbent_transmitter;
    }
    const double az = antenna_azimuth(antenna);
    ov.sites.push_back(
        {dx[i], dy[i], ids[i], r, std::isnan(az) ? az : grid_azimuth(layer, dx[i], dy[i], az)});
  }
}

/// Stations, premises outlines, title and subtitle drawn over the layer.
MapOverlay build_overlay(const Source& reader, const MapLayer& layer,
                         const std::vector<SliceCoordinate>& slice) {
  MapOverlay ov;
  if (reader.has_variable("station_x") && reader.has_variable("station_y") &&
      reader.has_variable("station_id")) {
    const auto sx = reader.read_coordinate("station_x");
    const auto sy = reader.read_coordinate("station_y");
    const auto ids = reader.read_strings("station_id");
    const auto antennas = reader.has_variable("station_antenna")
                              ? reader.read_strings("station_antenna")
                              : std::vector<std::string>{};
    for (std::size_t s = 0; s < sx.size() && s < sy.size() && s < ids.size(); ++s) {
      const double az = s < antennas.size() ? antenna_azimuth(antennas[s]) : kNaN;
      ov.sites.push_back({sx[s], sy[s], ids[s], StationRole::planned,
                          std::isnan(az) ? az : grid_azimuth(layer, sx[s], sy[s], az)});
    }
  }
  add_database_stations(reader, layer, ov);
  // The terrain's hillshade under the map, and the building footprints the grid records.
  if (const auto t = grid_variable(reader, layer, "terrain_height"))
    ov.backdrop = hillshade_backdrop(*t);
  if (const auto b = grid_variable(reader, layer, "building_index"))
    ov.buildings = index_outlines(*b);
  if (reader.has_variable("premises_mask")) {
    const std::string wkt = attr_or(reader, "premises_mask", "premises_wkt", "");
    if (!wkt.empty()) {
      for (auto& ring : sim::results::outer_rings_of_wkt(wkt))
        ov.outlines.push_back(std::move(ring));
    }
  }
  // A map of the /municipal group: every municipality's outline and name.
  if (layer.name.rfind("municipal/", 0) == 0 && reader.has_variable("municipal/municipality_wkt")) {
    const auto wkts = reader.read_strings("municipal/municipality_wkt");
    const auto names = reader.read_strings("municipal/municipality_name");
    const auto lx = reader.read_coordinate("municipal/label_x");
    const auto ly = reader.read_coordinate("municipal/label_y");
    // (The public-service receivers the municipalities were judged by are among the database
    // stations drawn with their role.)
    for (std::size_t m = 0; m < wkts.size(); ++m) {
      for (auto& ring : sim::results::outer_rings_of_wkt(wkts[m]))
        ov.outlines.push_back(std::move(ring));
      if (m < names.size() && m < lx.size() && m < ly.size() && std::isfinite(lx[m]) &&
          std::isfinite(ly[m]))
        ov.labels.push_back({lx[m], ly[m], names[m]});
    }
  }
  std::vector<std::string> parts;
  for (const SliceCoordinate& c : slice) {
    if (c.dim == "height")
      parts.push_back("height " + c.label);
    else if (c.dim == "time")
      parts.push_back("time " + c.label);
    else if (c.dim == "channel")
      parts.push_back("channel " + c.label);
    else if (c.dim == "mic_pair")
      parts.push_back("pair " + c.label);
    else if (is_station_dim(c.dim))
      parts.push_back("station " + c.label);
    else if (c.dim == "variant")
      parts.push_back("variant " + c.label);
  }
  ov.title = attr_or(reader, "/", "title", "");
  ov.subtitle = layer.long_name +
                (layer.units.empty() || layer.units == "1" ? "" : " [" + layer.units + "]") +
                (parts.empty() ? "" : " · " + join(parts));
  return ov;
}

/// best_server (and its mechanism) where nothing is received at or above the service threshold
/// (best_rx_power of the same slice below premises_coverage_share's threshold_dBm, or NaN): no
/// server, so those cells are left clear.
void clear_below_threshold(const Source& reader, const std::string& var,
                           const std::vector<std::size_t>& offset,
                           const std::vector<std::size_t>& count, MapLayer& layer) {
  if (var != "best_server" && var != "best_server_mechanism") return;
  if (!reader.has_variable("best_rx_power") || !reader.has_variable("premises_coverage_share"))
    return;
  const auto threshold = reader.attr_double("premises_coverage_share", "threshold_dBm");
  if (!threshold) return;
  const sim::results::VariableInfo a = reader.info(var), b = reader.info("best_rx_power");
  if (a.dims.size() != b.dims.size()) return;
  for (std::size_t d = 0; d < a.dims.size(); ++d)
    if (a.dims[d].name != b.dims[d].name || a.dims[d].size != b.dims[d].size) return;
  const std::vector<float> best = reader.read_slab_float("best_rx_power", offset, count);
  if (best.size() != layer.values.size()) return;
  layer.clear.assign(best.size(), 0);
  for (std::size_t i = 0; i < best.size(); ++i) layer.clear[i] = !(best[i] >= *threshold) ? 1 : 0;
  layer.clear_label =
      fmt::format("below {}{:g} dBm", *threshold < 0 ? "\u2212" : "", std::abs(*threshold));
}

}  // namespace

std::string select_variant(const sim::results::Reader& reader, const std::string& results_path,
                           const std::string& given, std::vector<SliceCoordinate>& slice) {
  const auto batch = reader.attr_double("/", "akichi_batch");
  if (!batch || *batch != 1.0) {
    if (!given.empty())
      throw InputError(format_input_error(
          {results_path}, "--variant", "'" + given + "'",
          "no --variant: this is the results file of one run, not a batch file of a sweep"));
    return {};
  }
  const std::vector<std::string> names = reader.read_strings("variant_name");
  const std::vector<double> index = reader.read_coordinate("variant_index");
  Axis axis;
  axis.option = "--variant";
  axis.labels = names;
  std::string what = given;
  if (all_digits(given) && given.size() <= 9 &&
      std::find(names.begin(), names.end(), given) == names.end()) {
    // An index is the variant's position in the sweep, which a shard's file keeps.
    const double i = std::stod(given);
    const auto it = std::find(index.begin(), index.end(), i);
    if (it == index.end()) {
      std::vector<std::string> is;
      for (double v : index) is.push_back(fmt::format("{:g}", v));
      throw InputError(format_input_error(
          {results_path}, "--variant", "index " + given,
          fmt::format("the name of one of the {} variants of this batch file ({}) or its index "
                      "in the sweep ({})",
                      names.size(), first_few(names), first_few(is))));
    }
    what = names[static_cast<std::size_t>(it - index.begin())];
  }
  if (given.empty()) {
    throw InputError(format_input_error(
        {results_path}, "--variant", "nothing",
        fmt::format("a variant of this batch file of a sweep, by name or index in the sweep: {} "
                    "(or an index 0..{})",
                    first_few(names), names.empty() ? 0 : names.size() - 1)));
  }
  const std::size_t k = resolve(results_path, "the batch file", "variant", axis, what);
  slice.push_back({"variant", k, names[k]});
  return names[k];
}

LoadedMap load_map(const std::string& results_path, const LayerSelection& sel) {
  const sim::results::Reader reader(results_path);
  LoadedMap out;
  const Source src(reader, select_variant(reader, results_path, sel.variant, out.slice));
  const sim::results::VariableInfo info = open_map_variable(src, results_path, sel.var);
  const std::size_t nd = info.dims.size();
  std::vector<std::size_t> offset(nd, 0), count(nd, 1);
  count[nd - 2] = info.dims[nd - 2].size;
  count[nd - 1] = info.dims[nd - 1].size;
  select_slice(src, results_path, sel, info, offset, out);
  read_layer(src, results_path, sel.var, offset, count, out.layer);
  clear_below_threshold(src, sel.var, offset, count, out.layer);
  out.overlay = build_overlay(src, out.layer, out.slice);
  return out;
}

LoadedMap load_mask_union(const std::string& results_path, const LayerSelection& sel) {
  std::string dim;
  std::size_t n = 0;
  std::vector<std::string> ids;
  {
    const sim::results::Reader reader(results_path);
    std::vector<SliceCoordinate> variant;
    const Source src(reader, select_variant(reader, results_path, sel.variant, variant));
    const sim::results::VariableInfo info = open_map_variable(src, results_path, sel.var);
    for (std::size_t d = 0; d + 2 < info.dims.size(); ++d)
      if (is_station_dim(info.dims[d].name)) {
        dim = info.dims[d].name;
        n = info.dims[d].size;
      }
    const auto meanings = src.attr_string(sel.var, "flag_meanings");
    const auto flags = flag_values(src, sel.var);
    const bool mask = meanings && flags == std::vector<double>{0.0, 1.0};
    if (!sel.station.empty() || dim.empty() || !mask || n == 0) return load_map(results_path, sel);
    ids = station_axis(src, dim, n).labels;
  }
  LoadedMap out;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    LayerSelection one = sel;
    one.station = ids[k];
    LoadedMap m = load_map(results_path, one);
    if (k == 0) {
      out = std::move(m);
      continue;
    }
    for (std::size_t i = 0; i < out.layer.values.size(); ++i) {
      const float a = out.layer.values[i], b = m.layer.values[i];
      if (std::isnan(a) || (!std::isnan(b) && b > a)) out.layer.values[i] = b;
    }
  }
  const std::string label = fmt::format("all of {}", ids.size());
  for (SliceCoordinate& c : out.slice)
    if (c.dim == dim) c.label = label;
  const sim::results::Reader reader(results_path);
  std::vector<SliceCoordinate> variant;
  const Source src(reader, select_variant(reader, results_path, sel.variant, variant));
  out.overlay = build_overlay(src, out.layer, out.slice);
  return out;
}

std::string variant_group(const std::string& results_path, const std::string& variant) {
  const sim::results::Reader reader(results_path);
  std::vector<SliceCoordinate> slice;
  return select_variant(reader, results_path, variant, slice);
}

}  // namespace akichi::viz

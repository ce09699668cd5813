#include "viz/results_map.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "propagation/errors.h"
#include "propagation/geo/geometry.h"
#include "sim/results/reader.h"

namespace akichi::viz {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string attr_or(const sim::results::Reader& r, const std::string& obj, const std::string& name,
                    const std::string& fallback) {
  return r.attr_string(obj, name).value_or(fallback);
}

}  // namespace

LoadedMap load_map(const std::string& results_path, const LayerSelection& sel) {
  const sim::results::Reader reader(results_path);
  if (!reader.has_variable(sel.var)) {
    std::vector<std::string> maps;
    for (const auto& v : reader.variables()) {
      const auto info = reader.info(v);
      if (info.dims.size() >= 2 && info.dims[info.dims.size() - 2].name == "y" &&
          info.dims.back().name == "x") {
        maps.push_back(v);
      }
    }
    throw InputError(format_input_error({results_path}, "--var", "'" + sel.var + "'",
                                        "a map variable of this file: " + join(maps)));
  }
  const sim::results::VariableInfo info = reader.info(sel.var);
  const std::size_t nd = info.dims.size();
  if (nd < 2 || info.dims[nd - 2].name != "y" || info.dims[nd - 1].name != "x") {
    throw InputError(format_input_error({results_path}, "--var",
                                        "'" + sel.var + "', which is not along (y, x)",
                                        "a map variable"));
  }

  std::vector<std::size_t> offset(nd, 0), count(nd, 1);
  count[nd - 2] = info.dims[nd - 2].size;
  count[nd - 1] = info.dims[nd - 1].size;
  std::string subtitle;
  bool uses_station = false;
  std::vector<std::string> station_ids;
  if (reader.has_variable("station_id")) station_ids = reader.read_strings("station_id");
  for (std::size_t d = 0; d + 2 < nd; ++d) {
    const std::string& dim = info.dims[d].name;
    if (dim == "station") {
      uses_station = true;
      const auto it = std::find(station_ids.begin(), station_ids.end(), sel.station);
      if (sel.station.empty() || it == station_ids.end()) {
        throw InputError(format_input_error(
            {results_path}, "--station", sel.station.empty() ? "nothing" : "'" + sel.station + "'",
            "one of the stations of " + sel.var + ": " + join(station_ids)));
      }
      offset[d] = static_cast<std::size_t>(it - station_ids.begin());
      subtitle += (subtitle.empty() ? "" : " · ") + std::string("station ") + sel.station;
    } else if (dim == "height") {
      const std::vector<double> heights = reader.read_coordinate("height");
      std::size_t k = 0;
      if (sel.height_m) {
        const auto it = std::find_if(heights.begin(), heights.end(), [&](double h) {
          return std::abs(h - *sel.height_m) < 1e-6;
        });
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
      offset[d] = k;
      subtitle += (subtitle.empty() ? "" : " · ") + fmt::format("height {:g} m", heights[k]);
    } else {
      throw InputError(format_input_error({results_path}, "--var",
                                          "'" + sel.var + "' along '" + dim + "'",
                                          "a variable along station, height, y and x only"));
    }
  }
  if (!uses_station && !sel.station.empty()) {
    throw InputError(format_input_error({results_path}, "--station", "'" + sel.station + "'",
                                        "no station for " + sel.var + ", which is not per station"));
  }

  LoadedMap out;
  MapLayer& layer = out.layer;
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
  layer.values = reader.read_slab_float(sel.var, offset, count);
  layer.crs_wkt = attr_or(reader, "crs", "crs_wkt", "");
  layer.name = sel.var;
  layer.long_name = attr_or(reader, sel.var, "long_name", sel.var);
  layer.units = attr_or(reader, sel.var, "units", "");
  if (const auto meanings = reader.attr_string(sel.var, "flag_meanings")) {
    layer.categorical = true;
    layer.units.clear();  // category indices carry no unit worth showing
    std::istringstream words(*meanings);
    for (std::string w; words >> w;) layer.category_labels.push_back(w);
  }

  MapOverlay& ov = out.overlay;
  if (reader.has_variable("station_x") && reader.has_variable("station_y")) {
    const auto sx = reader.read_coordinate("station_x");
    const auto sy = reader.read_coordinate("station_y");
    for (std::size_t s = 0; s < sx.size() && s < station_ids.size(); ++s) {
      ov.stations.push_back({sx[s], sy[s], station_ids[s]});
    }
  }
  if (reader.has_variable("premises_mask")) {
    const std::string wkt = attr_or(reader, "premises_mask", "premises_wkt", "");
    if (!wkt.empty()) {
      prop::MultiPolygon2 premises;
      prop::bg::read_wkt(wkt, premises);
      for (const auto& poly : premises) {
        std::vector<std::pair<double, double>> ring;
        for (const auto& p : poly.outer()) ring.emplace_back(p.x(), p.y());
        ov.outlines.push_back(std::move(ring));
      }
    }
  }
  ov.title = attr_or(reader, "/", "title", "");
  ov.subtitle = layer.long_name +
                (layer.units.empty() || layer.units == "1" ? "" : " [" + layer.units + "]") +
                (subtitle.empty() ? "" : " · " + subtitle);
  return out;
}

}  // namespace akichi::viz

// Scenario file reader: TOML (toml++) -> validated Scenario in SI units and one projected CRS.
// The format is documented key by key in docs/scenario-format.md; every message has the shape
// "FILE:LINE:COL: KEY: found X, expected Y" (akichi::format_input_error).
#include "sim/scenario/scenario.h"
#include "base/file_kind.h"
#include "sim/input/record.h"
#include "sim/input/toml_section.h"
#include "sim/scenario/land_cover_spec.h"
#include "sim/scenario/loss_spec.h"
#include "sim/scenario/model_params.h"
#include "sim/station/station_db.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <ogr_spatialref.h>
#include <toml++/toml.h>

#include "propagation/models/itu_r_p2040_3.h"

namespace akichi::sim {
namespace {

namespace fs = std::filesystem;
using namespace toml_in;  // NOLINT: the checked TOML access this reader is written in
/// Largest number of grid cells along one side (keeps nx, ny and nx*ny well inside int / size_t).
constexpr double kMaxCellsPerSide = 1.0e6;

// ---------------------------------------------------------------------------------------------
// [area]

struct AreaResult {
  double centre_lon_deg = 0, centre_lat_deg = 0;
};

prop::Crs parse_crs(const Section& area, const std::string& definition) {
  prop::Crs crs;
  try {
    crs = prop::Crs::from_user_input(definition, area.field("crs"));
  } catch (const InputError&) {
    area.fail("crs", in_quotes(definition),
              "a CRS that PROJ knows (e.g. \"EPSG:32654\", WKT or a PROJ string)");
  }
  if (!crs.is_projected()) {
    area.fail("crs",
              in_quotes(definition) + " (" +
                  (crs.is_geographic() ? "geographic" : "not projected") + ": " + crs.name() + ")",
              "a projected CRS in metres, e.g. \"EPSG:32654\" (WGS 84 / UTM zone 54N)");
  }
  const auto* srs = static_cast<const OGRSpatialReference*>(crs.native());
  const double unit_m = srs->GetLinearUnits(nullptr);
  if (std::abs(unit_m - 1.0) > 1e-12) {
    area.fail("crs", in_quotes(definition) + " (linear unit " + num(unit_m) + " m)",
              "a projected CRS whose unit is the metre");
  }
  return crs;
}

/// Cells along one side, as a double: converted to int only once it is known to fit (a side of
/// 3e9 m in 1 m cells would overflow int, and the cast of a double out of range is undefined).
double cells_along(double length_m, double cell_m) {
  // A relative tolerance keeps lengths that are whole multiples of the cell (up to rounding in
  // their decimal writing) from gaining one more cell.
  // max() also turns the -0 of a side shorter than a thousandth of a cell into 0.
  return std::max(0.0, std::ceil(length_m / cell_m - 1e-9));
}

/// [area] rx_heights_m: the receiver heights (m), strictly ascending; 1.5 m when absent.
std::vector<double> parse_rx_heights(const Section& area) {
  std::vector<double> heights{1.5};
  if (const toml::node* n = area.get("rx_heights_m")) {
    const auto* arr = n->as_array();
    const std::string expected = "a non-empty array of heights > 0 (m), strictly ascending";
    if (arr == nullptr || arr->empty()) area.fail("rx_heights_m", describe(*n), expected);
    heights.clear();
    heights.reserve(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::node& e = *arr->get(i);
      // The element's name and place are made only for a message: a list of 10^6 heights
      // reaches the memory check in milliseconds, not seconds.
      const auto f = [&] { return area.field("rx_heights_m") + "[" + std::to_string(i) + "]"; };
      const auto loc = [&] { return area.ctx().at(e.source()); };
      double h = 0;
      if (const auto* iv = e.as_integer()) {
        h = static_cast<double>(iv->get());
      } else if (const auto* fv = e.as_floating_point()) {
        h = fv->get();
      } else {
        throw_input_error(loc(), f(), describe(e), "a number > 0 (m)");
      }
      if (!std::isfinite(h) || h <= 0) throw_input_error(loc(), f(), num(h), "a number > 0 (m)");
      if (!heights.empty() && h <= heights.back()) {
        throw_input_error(loc(), f(), num(h),
                          "a height above the previous one (" + num(heights.back()) +
                              " m): heights strictly ascending");
      }
      heights.push_back(h);
    }
  }
  return heights;
}

/// [area] crs: the study CRS given, else (area given by its centre) the UTM zone of the centre.
void parse_study_crs(const Section& area, bool by_centre, const AreaResult& res, Scenario& sc) {
  if (const auto def = area.string("crs", "a CRS definition (string), e.g. \"EPSG:32654\"")) {
    sc.crs_definition = *def;
    sc.crs = parse_crs(area, *def);
  } else if (by_centre) {
    const int epsg = prop::Crs::utm_epsg_for(res.centre_lon_deg, res.centre_lat_deg);
    sc.crs_definition = "EPSG:" + std::to_string(epsg);
    sc.crs = prop::Crs::from_epsg(epsg);
  } else {
    area.missing("crs",
                 "a projected CRS: required when the area is given by xmin_m, ymin_m, "
                 "xmax_m, ymax_m");
  }
}

AreaResult parse_area(const Section& area, Scenario& sc) {
  area.check_keys({"crs", "center_lat_deg", "center_lon_deg", "size_x_m", "size_y_m", "xmin_m",
                   "ymin_m", "xmax_m", "ymax_m", "cell_size_m", "rx_heights_m"});
  const std::vector<std::string_view> centre_keys{"center_lat_deg", "center_lon_deg", "size_x_m",
                                                  "size_y_m"};
  const std::vector<std::string_view> extent_keys{"xmin_m", "ymin_m", "xmax_m", "ymax_m"};
  const bool by_centre = area.group(centre_keys, extent_keys) == 0;

  const double cell = area.number_or("cell_size_m", 10.0, positive("m"));

  std::vector<double> heights = parse_rx_heights(area);

  AreaResult res;
  double cx = 0, cy = 0, size_x = 0, size_y = 0, xmin = 0, ymin = 0;
  if (by_centre) {
    res.centre_lat_deg = area.required_number("center_lat_deg", closed(-90, 90, "degrees"));
    res.centre_lon_deg = area.required_number("center_lon_deg", closed(-180, 180, "degrees"));
    size_x = area.required_number("size_x_m", positive("m"));
    size_y = area.required_number("size_y_m", positive("m"));
  } else {
    xmin = area.required_number("xmin_m", any("m, study CRS"));
    ymin = area.required_number("ymin_m", any("m, study CRS"));
    const double xmax = area.required_number("xmax_m", any("m, study CRS"));
    const double ymax = area.required_number("ymax_m", any("m, study CRS"));
    if (xmax <= xmin) area.fail("xmax_m", num(xmax), "a value > xmin_m = " + num(xmin));
    if (ymax <= ymin) area.fail("ymax_m", num(ymax), "a value > ymin_m = " + num(ymin));
    size_x = xmax - xmin;
    size_y = ymax - ymin;
  }

  parse_study_crs(area, by_centre, res, sc);

  // Checked before the counts become ints: the side and the cell size are both named, since
  // either may be the mistake.
  const double cx_cells = cells_along(size_x, cell), cy_cells = cells_along(size_y, cell);
  const std::string sides =
      by_centre
          ? fmt::format("size_x_m = {}, size_y_m = {}", num(size_x), num(size_y))
          : fmt::format("xmax_m - xmin_m = {}, ymax_m - ymin_m = {}", num(size_x), num(size_y));
  const std::string found =
      fmt::format("{} m with {} ({} x {} cells)", num(cell), sides, num(cx_cells), num(cy_cells));
  if (!(cx_cells <= kMaxCellsPerSide && cy_cells <= kMaxCellsPerSide)) {
    area.fail("cell_size_m", found,
              fmt::format("at most {} cells along each side (size / cell_size_m)",
                          num(kMaxCellsPerSide)));
  }
  if (!(cx_cells >= 1 && cy_cells >= 1)) {
    area.fail("cell_size_m", found, "a cell size that gives at least one cell along each side");
  }
  const int nx = static_cast<int>(cx_cells), ny = static_cast<int>(cy_cells);
  sc.grid.cell_m = cell;
  sc.grid.nx = nx;
  sc.grid.ny = ny;
  sc.grid.heights_m = std::move(heights);

  if (by_centre) {
    cx = res.centre_lon_deg;
    cy = res.centre_lat_deg;
    prop::Transformer(prop::Crs::wgs84(), sc.crs).transform(cx, cy);
    sc.grid.x0_m = cx - nx * cell / 2.0;
    sc.grid.y0_m = cy - ny * cell / 2.0;
  } else {
    sc.grid.x0_m = xmin;
    sc.grid.y0_m = ymin;
    double lon = xmin + size_x / 2, lat = ymin + size_y / 2;
    try {
      prop::Transformer(sc.crs, prop::Crs::wgs84()).transform(lon, lat);
    } catch (const RuntimeError&) {
      area.fail("xmin_m", num(xmin),
                "an extent whose centre has a longitude and latitude in " + sc.crs.name());
    }
    res.centre_lon_deg = lon;
    res.centre_lat_deg = lat;
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// [terrain]

void parse_terrain(const Section& t, bool present, const Scenario& sc, const AreaResult& area,
                   TerrainSpec& out) {
  if (!present) {  // no [terrain] table: flat at 0 m
    out.kind = TerrainKind::Flat;
    return;
  }
  if (!t.has("source")) {
    t.missing("source", "one of \"flat\", \"synthetic\", \"raster\"");
  }
  const std::string source = *t.choice("source", {"flat", "synthetic", "raster"});
  const std::string context = "with source = " + in_quotes(source);
  out.step_m = t.number_or("step_m", 0.0, positive("m"));
  // Absent: each model measures as its source prescribes (its registry entry).
  if (const auto distance = t.choice("distance", {"plane", "great-circle", "geodesic"})) {
    out.distance = *distance == "plane"          ? prop::DistanceKind::Plane
                   : *distance == "great-circle" ? prop::DistanceKind::GreatCircle
                                                 : prop::DistanceKind::Geodesic;
  }
  if (source == "flat") {
    t.check_keys({"source", "step_m", "distance", "elevation_m"}, context);
    out.kind = TerrainKind::Flat;
    out.flat_elevation_m = t.number_or("elevation_m", 0.0, any("m"));
  } else if (source == "synthetic") {
    t.check_keys({"source", "step_m", "distance", "seed", "base_m", "relief_m", "wavelength_m",
                  "modes", "coast_lat_deg", "sea_level_m"},
                 context);
    out.kind = TerrainKind::Synthetic;
    prop::SyntheticTerrainParams& p = out.synthetic;
    p.seed = static_cast<std::uint64_t>(
        t.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
    p.base_m = t.number_or("base_m", p.base_m, any("m"));
    p.relief_m = t.number_or("relief_m", p.relief_m, at_least(0, "m"));
    p.wavelength_m = t.number_or("wavelength_m", p.wavelength_m, positive("m"));
    p.modes = static_cast<int>(t.integer("modes", 1, 4096).value_or(p.modes));
    p.sea_level_m = t.number_or("sea_level_m", p.sea_level_m, any("m"));
    if (const auto coast_lat = t.number("coast_lat_deg", closed(-90, 90, "degrees"))) {
      double x = area.centre_lon_deg, y = *coast_lat;
      prop::Transformer(prop::Crs::wgs84(), sc.crs).transform(x, y);
      p.coast_y_m = y;
    }
  } else {
    t.check_keys(
        {"source", "step_m", "distance", "path", "band", "resampling", "nodata", "fill_value_m"},
        context);
    out.kind = TerrainKind::Raster;
    prop::RasterTerrainOptions& r = out.raster;
    r.path = existing_file(t, "path", "an elevation raster GDAL can open");
    r.band = static_cast<int>(t.integer("band", 1, 1 << 20).value_or(1));
    r.resampling = t.choice("resampling", {"near", "bilinear", "cubic", "cubicspline", "lanczos",
                                           "average", "mode", "min", "max", "med", "q1", "q3"})
                       .value_or("bilinear");
    const std::string nodata = t.choice("nodata", {"error", "fill", "nearest"}).value_or("error");
    r.nodata = nodata == "error"  ? prop::NodataPolicy::Error
               : nodata == "fill" ? prop::NodataPolicy::Fill
                                  : prop::NodataPolicy::Nearest;
    r.fill_value_m = t.number_or("fill_value_m", 0.0, any("m"));
    // The DEM's own resolution, the default node spacing, from its header: its errors (an
    // unreadable file, no CRS) show now, before any work.
    const prop::Extent e = sc.grid.extent();
    out.raster_geometry = prop::probe_raster_terrain(r, sc.crs, 0.5 * (e.xmin_m + e.xmax_m),
                                                     0.5 * (e.ymin_m + e.ymax_m));
  }
}

// ---------------------------------------------------------------------------------------------
// [buildings]

void parse_buildings(const Section& b, BuildingsSpec& out) {
  b.check_keys({"path", "layer", "id_attribute", "height_attribute", "storeys_attribute",
                "storey_height_m", "material_attribute", "default_material", "thickness_attribute",
                "default_thickness_m", "use_attribute", "invalid", "entry_loss", "p2109_building",
                "p2109_probability"});
  out.enabled = true;
  out.where = b.where();
  prop::BuildingReadOptions& r = out.read;
  r.path = existing_file(b, "path", "a vector file of building footprints OGR can open");
  r.layer = b.string("layer", "a layer name (string)").value_or("");
  r.id_attribute = b.string("id_attribute", "an attribute name (string)").value_or("");
  if (b.one_of({"height_attribute", "storeys_attribute"}, false) == 1) {
    r.storeys_attribute = *b.string("storeys_attribute", "an attribute name (string)");
    r.storey_height_m = b.number_or("storey_height_m", r.storey_height_m, positive("m"));
  } else {
    // "" reads "height", which a CityGML file with LOD2 roofs need not have.
    r.height_attribute = b.string("height_attribute", "an attribute name (string)").value_or("");
    if (b.has("storey_height_m")) {
      b.fail("storey_height_m", num(*b.number("storey_height_m", any("m"))),
             "no storey_height_m without storeys_attribute");
    }
  }
  r.material_attribute = b.string("material_attribute", "an attribute name (string)").value_or("");
  r.default_material =
      b.string("default_material", "a material name (string)").value_or(r.default_material);
  if (!prop::find_building_material(r.default_material)) {
    b.fail("default_material", in_quotes(r.default_material),
           "one of " + prop::building_material_names());
  }
  r.thickness_attribute =
      b.string("thickness_attribute", "an attribute name (string)").value_or("");
  r.default_thickness_m = b.number_or("default_thickness_m", 0.0, positive("m"));
  r.use_attribute = b.string("use_attribute", "an attribute name (string)").value_or("");
  const std::string invalid = b.choice("invalid", {"error", "repair", "skip"}).value_or("error");
  r.invalid = invalid == "error"    ? prop::InvalidBuildingPolicy::Error
              : invalid == "repair" ? prop::InvalidBuildingPolicy::Repair
                                    : prop::InvalidBuildingPolicy::Skip;

  // Entry loss: "p2109" (ITU-R P.2109-2) or a fixed loss in dB per indoor end.
  prop::BuildingEntryParams& e = out.entry_loss;
  const std::string expected = "\"p2109\" or a loss >= 0 (dB) per indoor end";
  bool p2109 = true;
  if (const toml::node* n = b.get("entry_loss")) {
    if (n->is_string()) {
      if (n->value<std::string>() != "p2109") b.fail("entry_loss", describe(*n), expected);
    } else if (n->is_number()) {
      p2109 = false;
      e.kind = prop::BuildingEntryParams::Kind::Fixed;
      e.fixed_dB = *b.number("entry_loss", at_least(0, "dB"));
    } else {
      b.fail("entry_loss", describe(*n), expected);
    }
  }
  if (!p2109) {
    for (std::string_view k : {"p2109_building", "p2109_probability"}) {
      if (b.has(k))
        b.fail(k, "a P.2109 key with a fixed entry_loss",
               "no p2109_* keys unless entry_loss = \"p2109\"");
    }
    return;
  }
  e.kind = prop::BuildingEntryParams::Kind::P2109;
  e.building =
      b.choice("p2109_building", {"traditional", "thermally_efficient"}).value_or("traditional") ==
              "traditional"
          ? prop::p2109::BuildingType::Traditional
          : prop::p2109::BuildingType::ThermallyEfficient;
  e.probability = b.number_or("p2109_probability", 0.5,
                              open_range(0, 1,
                                         "probability the loss is not exceeded, ITU-R "
                                         "P.2109-2 §3"));
}

// ---------------------------------------------------------------------------------------------
// [propagation]

std::string frequency_source(const std::string& model) {
  const prop::ModelDomain& d = prop::model_entry(model).domain;
  return d.frequency_source.empty() ? d.source : d.frequency_source;
}

/// The frequency range the model of the scenario enforces on its transmitters, if any.
std::optional<StationSource::FrequencyDomain> planned_frequency_domain(
    const prop::ModelConfig& model) {
  const std::optional<prop::Interval> fr = prop::enforced_frequency_range(model);
  if (!fr) return std::nullopt;
  return StationSource::FrequencyDomain{fr->min, fr->max, frequency_source(model.name)};
}

void parse_propagation(const Section& p, Scenario& sc) {
  if (!p.has("model")) p.missing("model", "one of " + prop::model_names_text());
  std::vector<std::string_view> names;
  for (const prop::ModelEntry* e : prop::registered_models()) names.push_back(e->name);
  const prop::ModelEntry& entry = prop::model_entry(*p.choice("model", names));
  std::vector<std::string_view> keys{"model", "profile_step_m", "k_factor", "engine"};
  for (std::string_view k : added_loss_keys()) keys.push_back(k);
  // The model's own table, [propagation.<table>], when it has parameters.
  const bool has_table = !entry.parameters.empty();
  if (has_table) keys.push_back(entry.table_name());
  p.check_keys(keys, "with model = " + in_quotes(entry.name));
  sc.profile_step_m = p.number_or("profile_step_m", 0.0, positive("m"));
  const std::optional<std::string> engine = p.choice("engine", {"exact", "radial"});
  sc.area_engine = engine == "radial" ? prop::AreaEngine::Radial : prop::AreaEngine::Exact;
  prop::ModelConfig& m = sc.model;
  m.k_factor = p.number_or("k_factor", 4.0 / 3.0, positive(""));
  const toml::table* model_table = has_table ? p.table(entry.table_name()) : nullptr;
  const Section sub(p.ctx(), model_table ? *model_table : empty_table(),
                    p.field(entry.table_name()));
  read_model_parameters(sub, entry, prop::ModelContext{sc.centre_lat_deg, sc.centre_lon_deg}, m);
}

// ---------------------------------------------------------------------------------------------
// [coverage], [output], [run]

void parse_coverage(const Section& c, Scenario& sc) {
  c.check_keys({"rx_gain_dBi", "noise_figure_dB", "service_threshold_dBm", "leakage_threshold_dBm",
                "premises"});
  CoverageSpec& cov = sc.coverage;
  cov.rx_gain_dBi = c.number_or("rx_gain_dBi", cov.rx_gain_dBi, any("dBi"));
  cov.noise_figure_dB = c.number_or("noise_figure_dB", cov.noise_figure_dB, at_least(0, "dB"));
  cov.service_threshold_dBm =
      c.number_or("service_threshold_dBm", cov.service_threshold_dBm, any("dBm"));
  cov.leakage_threshold_dBm =
      c.number_or("leakage_threshold_dBm", cov.leakage_threshold_dBm, any("dBm"));
  if (c.has("premises")) {
    cov.premises_path =
        existing_file(c, "premises", "a polygon vector file (GeoJSON, GeoPackage, ...)");
    cov.premises = prop::read_polygons(cov.premises_path, sc.crs);
    if (cov.premises.empty()) {
      c.fail("premises", in_quotes(cov.premises_path) + " without polygon features",
             "at least one Polygon or MultiPolygon feature");
    }
  }
}

void parse_output(const Section& o, Scenario& sc) {
  o.check_keys({"path", "write_path_loss", "write_rx_power", "compression_level"});
  OutputSpec& out = sc.output;
  if (const auto p = o.string("path", "a file path (string)")) {
    if (p->empty()) o.fail("path", "\"\" (empty string)", "a file path");
    out.path = o.ctx().resolve(*p);
  } else {
    out.path = o.ctx().resolve(fs::path(sc.path).stem().string() + ".nc");
  }
  out.write_path_loss = o.boolean("write_path_loss").value_or(out.write_path_loss);
  out.write_rx_power = o.boolean("write_rx_power").value_or(out.write_rx_power);
  out.compression_level =
      static_cast<int>(o.integer("compression_level", 0, 9).value_or(out.compression_level));
}

// ---------------------------------------------------------------------------------------------
// TDD alignment ([vacancy])

/// tdd_overlap: required for quasi-synchronous operation, refused otherwise.
double tdd_overlap_of(const Section& s, TddMode mode) {
  const Range r{0, 1, true, false, "fraction of the frame"};
  if (mode != TddMode::QuasiSynchronous) {
    if (s.has("tdd_overlap")) {
      s.fail("tdd_overlap", num(*s.number("tdd_overlap", any(""))),
             "no tdd_overlap unless tdd = \"quasi_synchronous\"");
    }
    return 1.0;
  }
  return s.required_number("tdd_overlap", r);
}

/// The planned layout's [[station]] tables, read by the station parser (sim/station).
std::vector<Station> parse_stations(const Section& root, const Scenario& sc,
                                    const StationSource& source) {
  // The planned layout is optional in a sharing study that only searches for vacancy or judges
  // municipal eligibility.
  const bool optional = (sc.sharing.vacancy.enabled || sc.sharing.municipal.enabled) &&
                        !sc.sharing.aggregate.enabled && !sc.sharing.mic.enabled;
  if (!root.has("station") && !optional) {
    root.missing("station", "at least one [[station]] table" +
                                std::string(sc.sharing.any() ? " (the planned layout)" : ""));
  }
  return parse_station_tables(root, "station", source);
}

// ---------------------------------------------------------------------------------------------
// Sharing: [time], [spectrum], [[incumbent]], [[licensee_station]], [stations], [vacancy],
// [aggregate], [mic]

void parse_time(const Section& t, SharingSpec& sh) {
  t.check_keys({"tz", "start", "end", "step_s", "step_minutes", "step_hours"});
  const std::string zone =
      t.string("tz", "an IANA time zone, e.g. \"Asia/Tokyo\"").value_or("Asia/Tokyo");
  const std::string expected = "a local date-time \"YYYY-MM-DDTHH:MM\" (string)";
  const auto start = t.string("start", expected);
  if (!start) t.missing("start", expected);
  const auto end = t.string("end", expected);
  if (!end) t.missing("end", expected);
  const double step_s = *t.scaled({"step_s", "step_minutes", "step_hours"}, {1.0, 60.0, 3600.0},
                                  closed(60, 31 * 86400, "s; a whole number of minutes"), true);
  if (std::fmod(step_s, 60.0) != 0.0) {
    const int k = t.one_of({"step_s", "step_minutes", "step_hours"}, true);
    t.fail(std::vector<std::string_view>{"step_s", "step_minutes", "step_hours"}[k],
           num(step_s) + " s", "a whole number of minutes");
  }
  sh.has_time = true;
  sh.time = make_time_grid(*start, *end, static_cast<std::int64_t>(step_s), zone, t.field("start"),
                           t.where("start"));
  constexpr std::size_t kMaxSlots = 100000;
  if (sh.time.start_utc_s.size() > kMaxSlots) {
    t.fail("end", fmt::format("{} slots from start to end", sh.time.start_utc_s.size()),
           fmt::format("at most {} time slots (a longer step, or a shorter period)", kMaxSlots));
  }
}

/// [vacancy] antenna: the directional candidate, read with the station antenna keys
/// (sim/station/station_db.h), built once here so that a bad antenna is an input error of the
/// scenario, with the frequency at the centre of the channel plan's span.
void parse_candidate_antenna(const Section& v, VacancySpec& q,
                             const std::vector<Channel>& channels) {
  if (v.has("antenna_gain_dBi")) {
    v.fail("antenna_gain_dBi", "antenna_gain_dBi with an antenna table",
           "one of them: antenna_gain_dBi is the omnidirectional candidate's gain, the antenna "
           "table's gain_dBi the directional one's");
  }
  const Record record = record_from_toml(v);
  prop::AntennaConfig a = parse_antenna(record, "antenna.");
  if (channels.empty()) {
    v.missing("spectrum", "a [spectrum] channel plan (the candidate antenna's frequency)");
  }
  double lo = channels.front().lo_Hz, hi = channels.front().hi_Hz;
  for (const Channel& c : channels) {
    lo = std::min(lo, c.lo_Hz);
    hi = std::max(hi, c.hi_Hz);
  }
  a.freq_Hz = 0.5 * (lo + hi);
  if (const toml::node* az = v.get("azimuth")) {
    if (az->value<std::string>() != std::optional<std::string>("best")) {
      v.fail("azimuth", toml_in::describe(*az),
             "\"best\" (the best azimuth per cell; a fixed azimuth is antenna.azimuth_deg)");
    }
    if (record.has("antenna.azimuth_deg")) {
      v.fail("azimuth", "azimuth = \"best\" with antenna.azimuth_deg",
             "one of them: a fixed azimuth_deg in the antenna table, or azimuth = \"best\"");
    }
    q.best_azimuth = true;
    q.azimuth_step_deg =
        v.number_or("azimuth_step_deg", q.azimuth_step_deg, {0, 90, true, false, "degrees"});
    if (std::abs(360.0 / q.azimuth_step_deg - std::round(360.0 / q.azimuth_step_deg)) > 1e-9) {
      v.fail("azimuth_step_deg", num(q.azimuth_step_deg),
             "a step that divides 360 degrees (e.g. 5, 10, 15, 30)");
    }
  } else if (v.has("azimuth_step_deg")) {
    v.fail("azimuth_step_deg", "azimuth_step_deg without azimuth = \"best\"",
           "azimuth = \"best\" (the step of the best-azimuth search)");
  }
  try {
    q.antenna_gain_dBi = prop::make_antenna(a)->max_gain_dBi();
  } catch (const InputError& e) {
    v.fail("antenna", e.what(), "an antenna the candidate can have");
  }
  q.antenna = std::move(a);
}

void parse_vacancy(const Section& v, VacancySpec& q, const std::vector<Channel>& channels) {
  v.check_keys({"max_eirp_dBm", "min_useful_eirp_dBm", "antenna_gain_dBi", "noise_figure_dB",
                "i_over_n_dB", "tdd", "tdd_overlap", "antenna", "azimuth", "azimuth_step_deg"});
  q.enabled = true;
  q.max_eirp_dBm = v.number_or("max_eirp_dBm", q.max_eirp_dBm, closed(-50, 100, "dBm"));
  q.min_useful_eirp_dBm =
      v.number_or("min_useful_eirp_dBm", q.min_useful_eirp_dBm, closed(-100, 100, "dBm"));
  if (q.min_useful_eirp_dBm > q.max_eirp_dBm) {
    v.fail("min_useful_eirp_dBm", num(q.min_useful_eirp_dBm),
           "a number <= max_eirp_dBm (" + num(q.max_eirp_dBm) + " dBm)");
  }
  if (v.has("antenna")) {
    parse_candidate_antenna(v, q, channels);
  } else {
    for (std::string_view k : {"azimuth", "azimuth_step_deg"}) {
      if (v.has(k)) {
        v.fail(k, fmt::format("{} without an antenna table", k),
               "[vacancy] antenna = { type = ..., ... } (the omnidirectional candidate has no "
               "azimuth)");
      }
    }
    q.antenna_gain_dBi =
        v.number_or("antenna_gain_dBi", q.antenna_gain_dBi, closed(-20, 40, "dBi"));
  }
  q.noise_figure_dB = v.number_or("noise_figure_dB", q.noise_figure_dB, closed(0, 30, "dB"));
  q.i_over_n_dB = v.number_or("i_over_n_dB", q.i_over_n_dB, closed(-40, 40, "dB"));
  q.tdd = tdd_of(v.choice("tdd", tdd_names()).value_or("synchronous"));
  q.tdd_overlap = tdd_overlap_of(v, q.tdd);
}

void parse_aggregate(const Section& a, const prop::StudyGrid& grid, AggregateSpec& q) {
  a.check_keys({"bs_activity", "terminals", "terminal_eirp_dBm", "terminals_per_station",
                "terminal_activity", "terminal_height_m"});
  q.enabled = true;
  q.bs_activity = a.number_or("bs_activity", q.bs_activity, {0, 1, true, false, "fraction"});
  q.terminals = a.boolean("terminals").value_or(q.terminals);
  q.terminal_eirp_dBm =
      a.number_or("terminal_eirp_dBm", q.terminal_eirp_dBm, closed(-50, 60, "dBm"));
  q.terminals_per_station =
      a.number_or("terminals_per_station", q.terminals_per_station, positive("terminals"));
  q.terminal_activity =
      a.number_or("terminal_activity", q.terminal_activity, {0, 1, true, false, "fraction"});
  q.terminal_height_m = a.number_or("terminal_height_m", grid.heights_m.front(), positive("m"));
  const auto it = std::find(grid.heights_m.begin(), grid.heights_m.end(), q.terminal_height_m);
  if (it == grid.heights_m.end()) {
    std::string hs;
    for (double h : grid.heights_m) hs += (hs.empty() ? "" : ", ") + num(h);
    a.fail("terminal_height_m", num(q.terminal_height_m) + " m",
           "one of area.rx_heights_m (" + hs + ")");
  }
  q.terminal_height_index = static_cast<std::size_t>(it - grid.heights_m.begin());
}

void parse_montecarlo(const Section& m, MonteCarloSpec& q) {
  m.check_keys({"seed", "trials", "batch_trials", "confidence", "interval_width",
                "shadowing_sigma_dB", "criteria", "c_over_i_dB", "c_over_n_plus_i_dB",
                "n_plus_i_over_n_dB", "wanted_dBm", "cdf_min_dB", "cdf_max_dB", "cdf_step_dB",
                "terminal_positions", "terminal_density", "terminal_p0_dBm", "terminal_alpha",
                "draw_entry_loss"});
  q.enabled = true;
  q.seed = static_cast<std::uint64_t>(
      m.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  q.max_trials = static_cast<std::size_t>(m.integer("trials", 1, 100000000).value_or(100000));
  q.batch_trials = static_cast<std::size_t>(m.integer("batch_trials", 1, 10000000).value_or(1000));
  q.confidence = m.number_or("confidence", q.confidence, open_range(0, 1, "fraction"));
  q.interval_width = m.number_or("interval_width", q.interval_width, closed(0, 1, "fraction"));
  q.shadowing_sigma_dB =
      m.number_or("shadowing_sigma_dB", q.shadowing_sigma_dB, closed(0, 30, "dB"));
  const std::vector<std::string_view> names = {"i_over_n", "c_over_i", "c_over_n_plus_i",
                                               "n_plus_i_over_n"};
  const std::string expected = "an array of criteria, each one of " + join_quoted(names);
  const auto criteria =
      m.strings("criteria", expected).value_or(std::vector<std::string>{"i_over_n"});
  if (criteria.empty()) m.fail("criteria", "an empty array", expected);
  q.i_over_n = false;
  for (const std::string& c : criteria) {
    if (std::find(names.begin(), names.end(), c) == names.end())
      m.fail("criteria", in_quotes(c), expected);
    q.i_over_n |= c == "i_over_n";
    q.c_over_i |= c == "c_over_i";
    q.c_over_n_plus_i |= c == "c_over_n_plus_i";
    q.n_plus_i_over_n |= c == "n_plus_i_over_n";
  }
  // A threshold is given exactly when its criterion is asked for.
  const auto threshold = [&](std::string_view key, bool asked, std::string_view criterion,
                             const Range& range) {
    if (asked) return m.required_number(key, range);
    if (m.has(key)) {
      m.fail(key, describe(*m.get(key)),
             fmt::format("no {} unless criteria lists \"{}\"", key, criterion));
    }
    return 0.0;
  };
  q.c_over_i_dB = threshold("c_over_i_dB", q.c_over_i, "c_over_i", closed(-50, 100, "dB"));
  q.c_over_n_plus_i_dB =
      threshold("c_over_n_plus_i_dB", q.c_over_n_plus_i, "c_over_n_plus_i", closed(-50, 100, "dB"));
  q.n_plus_i_over_n_dB = threshold("n_plus_i_over_n_dB", q.n_plus_i_over_n, "n_plus_i_over_n",
                                   {0, 40, true, false, "dB"});
  if (q.c_over_i || q.c_over_n_plus_i) {
    q.wanted_dBm = m.required_number("wanted_dBm", closed(-200, 100, "dBm"));
  } else if (m.has("wanted_dBm")) {
    m.fail("wanted_dBm", describe(*m.get("wanted_dBm")),
           "no wanted_dBm unless criteria lists \"c_over_i\" or \"c_over_n_plus_i\"");
  }
  q.cdf_min_dB = m.number_or("cdf_min_dB", q.cdf_min_dB, closed(-200, 200, "dB"));
  q.cdf_max_dB = m.number_or("cdf_max_dB", q.cdf_max_dB, closed(-200, 200, "dB"));
  if (q.cdf_max_dB <= q.cdf_min_dB)
    m.fail("cdf_max_dB", num(q.cdf_max_dB), "a number > cdf_min_dB (" + num(q.cdf_min_dB) + ")");
  q.cdf_step_dB = m.number_or("cdf_step_dB", q.cdf_step_dB, closed(0.01, 100, "dB"));
  // Terminals drawn in the served cells, and their power control.
  const std::vector<std::string_view> positions = {"mean", "uniform", "density"};
  const std::string pos = m.choice("terminal_positions", positions).value_or("mean");
  q.terminal_positions = static_cast<MonteCarloSpec::TerminalPositions>(
      std::find(positions.begin(), positions.end(), pos) - positions.begin());
  if (q.terminal_positions == MonteCarloSpec::TerminalPositions::Density) {
    q.terminal_density_path =
        existing_file(m, "terminal_density", "a raster of terminal density (any GDAL raster)");
  } else if (m.has("terminal_density")) {
    m.fail("terminal_density", describe(*m.get("terminal_density")),
           "no terminal_density unless terminal_positions = \"density\"");
  }
  const bool drawn = q.terminal_positions != MonteCarloSpec::TerminalPositions::Mean;
  if (m.has("terminal_p0_dBm") || m.has("terminal_alpha")) {
    if (!drawn) {
      const std::string_view key = m.has("terminal_p0_dBm") ? "terminal_p0_dBm" : "terminal_alpha";
      m.fail(key, describe(*m.get(key)),
             fmt::format("no {} unless terminal_positions is \"uniform\" or \"density\" (power "
                         "control needs each terminal's path loss)",
                         key));
    }
    q.power_control = true;
    q.p0_dBm = m.required_number("terminal_p0_dBm", closed(-202, 60, "dBm"));
    q.alpha = m.number_or("terminal_alpha", q.alpha, closed(0, 1, "fraction"));
  }
  q.draw_entry_loss = m.boolean("draw_entry_loss").value_or(false);
  if ((q.cdf_max_dB - q.cdf_min_dB) / q.cdf_step_dB > 10000) {
    m.fail("cdf_step_dB", num(q.cdf_step_dB),
           "at most 10000 steps from cdf_min_dB to cdf_max_dB (a larger step)");
  }
}

/// The database stations a scenario may have (docs/scenario-format.md).
constexpr std::size_t kMaxDatabaseStations = 32000;

/// [municipal]: the boundary file (read now, so that its errors show before any work), the
/// rules file with a [band.municipal_eligibility], and the channels of the plan in its sub-band.
void parse_municipal(const Section& m, const Scenario& sc, MunicipalSpec& mu) {
  const SharingSpec& sh = sc.sharing;
  m.check_keys({"boundaries", "code_field", "name_field", "rules", "output"});
  mu.enabled = true;
  mu.boundaries_path = existing_file(
      m, "boundaries", "a vector file of municipal boundaries (GeoJSON, Shapefile, ...)");
  if (const auto c = m.string("code_field", "an attribute name (string)")) {
    if (c->empty()) m.fail("code_field", "an empty string", "an attribute name");
    mu.fields.code = *c;
  }
  if (const auto n = m.strings("name_field", "an attribute name or an array of them")) {
    if (n->empty()) m.fail("name_field", "an empty array", "one or more attribute names");
    mu.fields.name = *n;
  }
  if (m.has("rules")) {
    mu.rules_path = existing_file(m, "rules", "a MIC local 5G rules file (TOML)");
    mu.rules = load_mic_rules(mu.rules_path);
  } else if (sh.mic.enabled) {
    mu.rules_path = sh.mic.rules_path;
    mu.rules = sh.mic.rules;
  } else {
    m.missing("rules", "a MIC rules file with a [band.municipal_eligibility] (or a [mic] table)");
  }
  const MicBandRule* band = municipal_band(mu.rules);
  if (band == nullptr) {
    throw_input_error({mu.rules_path, 0, 0}, "band.municipal_eligibility", "no band with one",
                      "a [[band]] with a [band.municipal_eligibility] table ([municipal] is set)");
  }
  mu.band = static_cast<std::size_t>(band - mu.rules.bands.data());
  const MicMunicipalRule& rule = *band->municipal_eligibility;
  for (std::size_t k = 0; k < sh.channels.size(); ++k)
    if (sh.channels[k].lo_Hz >= rule.freq_min_Hz && sh.channels[k].hi_Hz <= rule.freq_max_Hz)
      mu.channels.push_back(k);
  if (mu.channels.empty()) {
    throw_input_error(m.where(), "spectrum",
                      sh.channels.empty() ? std::string("no channel plan")
                                          : "no channel inside " + num(rule.freq_min_Hz / 1e9) +
                                                "-" + num(rule.freq_max_Hz / 1e9) + " GHz",
                      "a [spectrum] channel plan with channels inside the sub-band of " +
                          mu.rules_path + " (band " + band->name + ", municipal_eligibility)");
  }
  if (const auto o = m.string("output", "a file path (string): .geojson or .gpkg")) {
    std::string ext = fs::path(*o).extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext != ".geojson" && ext != ".json" && ext != ".gpkg")
      m.fail("output", in_quotes(*o), "a .geojson or .gpkg file");
    mu.output_path = m.ctx().resolve(*o);
  }
  mu.boundaries = prop::read_boundaries(mu.boundaries_path, sc.crs, mu.fields, sc.grid.extent());
  if (mu.boundaries.municipalities.empty()) {
    m.fail("boundaries",
           fmt::format("{} without a municipality in the study area ({} feature(s), {} without "
                       "a code in '{}')",
                       in_quotes(mu.boundaries_path), mu.boundaries.features,
                       mu.boundaries.without_code, mu.fields.code),
           "polygons with a code that overlap the study area");
  }
}

/// The sharing tables; returns the station database ([[incumbent]], [[licensee_station]], lists).
std::vector<Station> parse_sharing(const Section& top, Scenario& sc, const StationSource& source) {
  SharingSpec& sh = sc.sharing;
  const Context& ctx = top.ctx();
  if (const toml::table* t = top.table("time")) {
    parse_time(Section(ctx, *t, "time"), sh);
  } else {
    sh.time.tz = "UTC";
    sh.time.start_utc_s = {0};
    sh.time.step_s = 0;
  }
  if (const toml::table* t = top.table("spectrum")) {
    const Section s(ctx, *t, "spectrum");
    sh.channels = parse_channel_plan(s);
    sh.coupling = parse_coupling(s);
  }
  if (const toml::table* t = top.table("protection")) {
    const Section p(ctx, *t, "protection");
    p.check_keys({"criterion_mode", "criterion_at"});
    const auto index = [](const std::vector<std::string_view>& names, const std::string& v) {
      return std::find(names.begin(), names.end(), v) - names.begin();
    };
    if (const auto m = p.choice("criterion_mode", criterion_mode_names()))
      sh.criteria.mode = static_cast<CriterionSettings::Mode>(index(criterion_mode_names(), *m));
    if (const auto a = p.choice("criterion_at", criterion_at_names()))
      sh.criteria.at = static_cast<CriterionSettings::At>(index(criterion_at_names(), *a));
  }
  if (const toml::table* t = top.table("vacancy"))
    parse_vacancy(Section(ctx, *t, "vacancy"), sh.vacancy, sh.channels);
  if (const toml::table* t = top.table("aggregate"))
    parse_aggregate(Section(ctx, *t, "aggregate"), sc.grid, sh.aggregate);
  if (const toml::table* t = top.table("montecarlo")) {
    const Section m(ctx, *t, "montecarlo");
    if (!sh.aggregate.enabled) {
      throw_input_error(m.where(), "montecarlo", "a [montecarlo] table without [aggregate]",
                        "an [aggregate] table (the Monte Carlo draws over its terms)");
    }
    parse_montecarlo(m, sh.montecarlo);
    // The drawn entry loss replaces the one the levels hold: P.2109 at its probability.
    if (sh.montecarlo.draw_entry_loss && sc.buildings.enabled &&
        sc.buildings.entry_loss.kind != prop::BuildingEntryParams::Kind::P2109) {
      m.fail("draw_entry_loss", "true with a fixed [buildings] entry_loss",
             "buildings.entry_loss = \"p2109\" (the draws replace its loss at its probability)");
    }
  }
  if (const toml::table* t = top.table("mic")) {
    const Section m(ctx, *t, "mic");
    m.check_keys({"rules", "geojson"});
    sh.mic.enabled = true;
    sh.mic.rules_path = existing_file(m, "rules", "a MIC local 5G area rules file (TOML)");
    sh.mic.rules = load_mic_rules(sh.mic.rules_path);
    if (const auto g = m.string("geojson", "a file path (string)"))
      sh.mic.geojson_path = ctx.resolve(*g);
  }
  if (const toml::table* t = top.table("municipal"))
    parse_municipal(Section(ctx, *t, "municipal"), sc, sh.municipal);
  if (sh.vacancy.enabled && sh.channels.empty()) {
    top.missing("spectrum", "a [spectrum] channel plan (the vacancy search runs per channel)");
  }

  // The radio-station database: inline tables, then the station lists in the order given.
  std::vector<Station> stations;
  for (std::string_view key : {"incumbent", "licensee_station"}) {
    auto part = parse_station_tables(top, key, source);
    stations.insert(stations.end(), part.begin(), part.end());
  }
  if (const toml::table* t = top.table("stations")) {
    const Section s(ctx, *t, "stations");
    s.check_keys({"lists"});
    const auto lists = s.strings("lists", "an array of station-list paths (CSV, GeoJSON, ...)");
    for (std::size_t i = 0; lists && i < lists->size(); ++i) {
      const std::string path = ctx.resolve((*lists)[i]);
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        s.fail("lists", fmt::format("{} ({} does not exist)", in_quotes((*lists)[i]), path),
               "existing station-list files");
      }
      if (const std::string kind = special_file_kind(path); !kind.empty()) {
        s.fail("lists", fmt::format("{} ({}, which is {})", in_quotes((*lists)[i]), path, kind),
               "station-list files (regular files)");
      }
      auto part = read_station_list(path, source);
      if (stations.size() + part.size() > kMaxDatabaseStations) {
        // The list that crosses the limit is named, not the scenario: the stations come from it.
        throw_input_error({path, 0, 0}, "",
                          fmt::format("{} stations ({} with the {} read before this list)",
                                      part.size(), stations.size() + part.size(), stations.size()),
                          fmt::format("at most {} database stations in the scenario's tables and "
                                      "lists together",
                                      kMaxDatabaseStations));
      }
      stations.insert(stations.end(), part.begin(), part.end());
    }
  }
  check_unique_ids(stations);
  if ((sh.vacancy.enabled || sh.aggregate.enabled) && stations.empty()) {
    top.missing("incumbent",
                "at least one database station ([[incumbent]], [[licensee_station]] "
                "or [stations] lists) for the vacancy / aggregate analyses");
  }
  if (stations.size() > kMaxDatabaseStations) {
    throw_input_error(top.where(), "incumbent",
                      fmt::format("{} database stations", stations.size()),
                      fmt::format("at most {} database stations", kMaxDatabaseStations));
  }
  return stations;
}

/// Every station's schedule, in the time zone of the time axis.
void parse_schedules(Scenario& sc) {
  SharingSpec& sh = sc.sharing;
  for (const Station& st : sc.stations.all()) {
    const std::string field = st.field + ".schedule";
    if (!sh.has_time && !st.schedule.empty()) {
      throw_input_error(st.where, field, "a schedule without a [time] table",
                        "a [time] table (zone, start, end, step) when stations have schedules");
    }
    sh.schedules.push_back(
        Schedule::parse(st.schedule, sh.has_time ? sh.time.tz : "UTC", field, st.where));
  }
}

/// Every base station of the MIC areas (the planned layout and the database's local 5G base
/// stations) must fall in one band of the rules file, the same band for all.
void check_mic_bands(const Section& top, const Scenario& sc) {
  const SharingSpec& sh = sc.sharing;
  if (!sh.mic.enabled) return;
  for (const MicBandRule& band : sh.mic.rules.bands) {
    try {
      prop::make_path_loss_model(band.model.config);  // parameters checked before any work
    } catch (const InputError& e) {
      throw_input_error({sh.mic.rules_path, 0, 0}, "band " + band.name + " propagation", e.what(),
                        "a model configuration the project accepts");
    }
  }
  const MicBandRule* first = nullptr;
  std::string first_id;
  auto check = [&](double f_Hz, const std::string& id, const InputLocation& where) {
    const MicBandRule* rule = nullptr;
    try {
      rule = &rule_for(sh.mic.rules, f_Hz);
    } catch (const InputError& e) {
      throw_input_error(where, id, e.what(), "a frequency inside a band of " + sh.mic.rules_path);
    }
    if (first == nullptr) {
      first = rule;
      first_id = id;
    } else if (rule != first) {
      throw_input_error(
          where, id, fmt::format("band {} ({} is in band {})", rule->name, first_id, first->name),
          "one band of the MIC rules for every base station of a scenario");
    }
  };
  for (const Station& st : sc.stations.planned())
    check(st.freq_Hz, fmt::format("{} ({})", st.field, st.id), st.where);
  for (const Station& st : sc.stations.database())
    if (st.role == StationRole::Local5gBase) check(st.freq_Hz, st.id, {st.defined_at, 0, 0});
  if (first == nullptr) top.missing("station", "base stations for the MIC areas ([mic] is set)");
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& path) {
  const Context ctx{path, fs::path(path).parent_path()};
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    std::string description(e.description());
    if (!description.empty()) {
      description[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(description[0])));
    }
    throw_input_error(ctx.at(e.source()), "TOML syntax", description,
                      "a valid TOML document (https://toml.io/en/v1.0.0)");
  }

  Scenario sc;
  sc.path = path;
  sc.text = text;

  const Section top(ctx, root, "");
  top.check_keys({"scenario",         "area",          "terrain",    "buildings",
                  "propagation",      "coverage",      "output",     "run",
                  "station",          "time",          "spectrum",   "incumbent",
                  "licensee_station", "stations",      "vacancy",    "aggregate",
                  "montecarlo",       "mic",           "protection", "sweep",
                  "coordination",     "space_station", "land_cover", "municipal"});

  {
    const toml::table* t = top.table("scenario");
    const Section s(ctx, t ? *t : empty_table(), "scenario");
    s.check_keys({"name", "description"});
    sc.name = s.string("name").value_or(fs::path(path).stem().string());
    sc.description = s.string("description").value_or("");
  }

  const toml::table* area_tbl = top.table("area");
  if (area_tbl == nullptr) top.missing("area", "an [area] table");
  const AreaResult area = parse_area(Section(ctx, *area_tbl, "area"), sc);
  sc.centre_lon_deg = area.centre_lon_deg;
  sc.centre_lat_deg = area.centre_lat_deg;

  {
    const toml::table* t = top.table("terrain");
    parse_terrain(Section(ctx, t ? *t : empty_table(), "terrain"), t != nullptr, sc, area,
                  sc.terrain);
  }
  if (const toml::table* t = top.table("land_cover")) {
    parse_land_cover(Section(ctx, *t, "land_cover"), sc.land_cover);
  }
  if (const toml::table* t = top.table("buildings")) {
    parse_buildings(Section(ctx, *t, "buildings"), sc.buildings);
  }
  {
    const toml::table* t = top.table("propagation");
    if (t == nullptr) top.missing("propagation", "a [propagation] table with a model");
    parse_propagation(Section(ctx, *t, "propagation"), sc);
    parse_added_losses(Section(ctx, *t, "propagation"), sc);
  }
  {
    const toml::table* t = top.table("coverage");
    parse_coverage(Section(ctx, t ? *t : empty_table(), "coverage"), sc);
  }
  {
    const toml::table* t = top.table("output");
    parse_output(Section(ctx, t ? *t : empty_table(), "output"), sc);
  }
  {
    const toml::table* t = top.table("run");
    const Section r(ctx, t ? *t : empty_table(), "run");
    r.check_keys({"threads"});
    sc.threads = static_cast<int>(r.integer("threads", 0, 65536).value_or(0));
  }

  // One station database: [[incumbent]], [[licensee_station]] and the lists, then the planned
  // layout ([[station]]), all read by the one station parser.
  const StationSource source = station_source(sc);
  std::vector<Station> database = parse_sharing(top, sc, source);
  std::vector<Station> planned = parse_stations(top, sc, source);
  sc.stations = Stations(std::move(database), std::move(planned));
  parse_schedules(sc);
  check_added_loss_stations(Section(ctx, *top.table("propagation"), "propagation"), sc);
  check_mic_bands(top, sc);
  if (const toml::table* t = top.table("coordination"))
    parse_coordination(Section(ctx, *t, "coordination"), sc);
  parse_space_stations(top, sc);
  return sc;
}

std::vector<std::string> scenario_inputs(const Scenario& sc) {
  std::vector<std::string> files;
  const auto add = [&](const std::string& f) {
    if (!f.empty() && std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  };
  add(sc.path);
  if (sc.terrain.kind == TerrainKind::Raster) add(sc.terrain.raster.path);
  if (sc.land_cover.enabled) add(sc.land_cover.options.path);
  if (sc.buildings.enabled) add(sc.buildings.read.path);
  add(sc.coverage.premises_path);
  for (const Station& st : sc.stations.all()) {
    if (st.source != "scenario") add(st.source);  // a station list
  }
  if (sc.sharing.mic.enabled) add(sc.sharing.mic.rules_path);
  if (sc.sharing.municipal.enabled) {
    add(sc.sharing.municipal.boundaries_path);
    add(sc.sharing.municipal.rules_path);
  }
  for (const Station& st : sc.stations.all()) add(st.antenna.pattern_path);
  return files;
}

StationSource station_source(const Scenario& sc) {
  return StationSource{sc.crs, sc.grid.extent(), planned_frequency_domain(sc.model), sc.model.name,
                       sc.buildings.enabled};
}

Scenario load_scenario(const std::string& path) {
  if (const std::string kind = non_regular_kind(path); !kind.empty())
    throw_input_error({path, 0, 0}, "", kind, "a regular file: a TOML scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw_input_error({path, 0, 0}, "", "a file that cannot be opened",
                      "a readable TOML scenario file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw_input_error({path, 0, 0}, "", "a file that cannot be read",
                      "a readable TOML scenario file");
  }
  return parse_scenario(text.str(), path);
}

}  // namespace akichi::sim

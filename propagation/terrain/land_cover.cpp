// Land cover from any GDAL raster. See the header.
//
// The raster is read as propagation/terrain/raster.cpp reads a DEM: probed for its pixel size
// seen from the study CRS (probe_raster_terrain), put on the lattice of that resolution
// (native_lattice: its own pixel centres when it is in the study CRS), and warped onto an
// in-memory Float64 target whose pixel centres are the lattice nodes, here with
// GRA_NearestNeighbour only: a class value is a category, and any other kernel would invent
// classes between two neighbours. Nodes the warper cannot fill keep NaN (the target's nodata).
#include "propagation/terrain/land_cover.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop {

namespace {

using T = p2108::ClutterType;

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds != nullptr) GDALClose(static_cast<GDALDatasetH>(ds));
  }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

[[noreturn]] void fail(const std::string& path, std::string_view field, const std::string& found,
                       const std::string& expected) {
  throw InputError(format_input_error({path}, field, found, expected));
}

ClutterClass cls(T type, const char* name) {
  return default_clutter_class(type, name);
}

/// The values of a table, "10, 20, 30", for messages.
std::string values_text(const ClassTable& table) {
  std::string out;
  for (const auto& [value, c] : table) out += (out.empty() ? "" : ", ") + std::to_string(value);
  return out;
}

/// Opens the raster with the checks of a land-cover input: readable, the band exists, a CRS
/// and a geotransform (messages naming land_cover.*).
DatasetPtr open_checked(const LandCoverOptions& o) {
  DatasetPtr ds(GDALOpenEx(o.path.c_str(),
                           GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
                           nullptr, nullptr));
  if (!ds) {
    fail(o.path, "land_cover.path", "a file GDAL cannot open as a raster (" + gdal_message() + ")",
         "a readable land-cover raster (GeoTIFF, ...)");
  }
  const int bands = GDALGetRasterCount(ds.get());
  if (o.band < 1 || o.band > bands) {
    fail(o.path, "land_cover.band", std::to_string(o.band),
         fmt::format("a band between 1 and {}", bands));
  }
  const OGRSpatialReferenceH srs = GDALGetSpatialRef(ds.get());
  if (srs == nullptr || OGRSpatialReference::FromHandle(srs)->IsEmpty()) {
    fail(o.path, "land_cover.path", "a raster without a coordinate reference system",
         "a georeferenced raster (add one with gdal_edit.py -a_srs)");
  }
  double gt[6];
  if (GDALGetGeoTransform(ds.get(), gt) != CE_None) {
    fail(o.path, "land_cover.path", "a raster without a geotransform", "a georeferenced raster");
  }
  return ds;
}

/// Warps band o.band of `src` onto the lattice (pixel centres on the nodes) with nearest
/// neighbour; returns the nodes north-up, NaN where the warper had no data.
std::vector<double> warp_nearest(const LandCoverOptions& o, GDALDatasetH src, const Crs& target,
                                 const TerrainLattice& lattice) {
  const int nx = lattice.nx(), ny = lattice.ny();
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) throw RuntimeError("GDAL has no MEM driver");
  DatasetPtr dst(GDALCreate(mem, "", nx, ny, 1, GDT_Float64, nullptr));
  if (!dst) throw RuntimeError("cannot create the in-memory land-cover raster: " + gdal_message());
  const double step = lattice.step_m;
  const double y_top = lattice.extent.ymin_m + (ny - 1) * step;
  double dst_gt[6] = {lattice.extent.xmin_m - step / 2, step, 0, y_top + step / 2, 0, -step};
  GDALSetGeoTransform(dst.get(), dst_gt);
  GDALSetSpatialRef(dst.get(),
                    static_cast<OGRSpatialReferenceH>(const_cast<void*>(target.native())));
  const double kNan = std::nan("");
  GDALSetRasterNoDataValue(GDALGetRasterBand(dst.get(), 1), kNan);

  void* raw = GDALCreateGenImgProjTransformer2(src, dst.get(), nullptr);
  if (raw == nullptr) {
    fail(o.path, "land_cover.path",
         "a CRS that cannot be transformed to " + target.name() + " (" + gdal_message() + ")",
         "a raster in a CRS PROJ can convert");
  }
  // Approximation error bound 0.001 source pixel, as for the terrain: far below the half pixel
  // at which the nearest class changes.
  void* transformer = GDALCreateApproxTransformer(GDALGenImgProjTransform, raw, 0.001);
  GDALApproxTransformerOwnsSubtransformer(transformer, TRUE);
  GDALWarpOptions* wo = GDALCreateWarpOptions();
  wo->hSrcDS = src;
  wo->hDstDS = dst.get();
  wo->nBandCount = 1;
  wo->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  wo->panSrcBands[0] = o.band;
  wo->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  wo->panDstBands[0] = 1;
  wo->eResampleAlg = GRA_NearestNeighbour;  // categories: never interpolated
  wo->eWorkingDataType = GDT_Float64;
  int has_nodata = 0;
  const double src_nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(src, o.band), &has_nodata);
  if (has_nodata) {
    wo->padfSrcNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
    wo->padfSrcNoDataReal[0] = src_nodata;
  }
  wo->padfDstNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
  wo->padfDstNoDataReal[0] = kNan;
  wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "NO_DATA");
  wo->pfnTransformer = GDALApproxTransform;
  wo->pTransformerArg = transformer;
  CPLErr err = CE_Failure;
  {
    GDALWarpOperation op;
    if (op.Initialize(wo) == CE_None) err = op.ChunkAndWarpImage(0, 0, nx, ny);
  }
  const std::string message = gdal_message();
  GDALDestroyApproxTransformer(transformer);
  wo->pTransformerArg = nullptr;
  GDALDestroyWarpOptions(wo);
  if (err != CE_None) {
    fail(o.path, "land_cover.path", "a raster GDAL cannot warp (" + message + ")",
         "a raster readable over the study area");
  }
  std::vector<double> north_up(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  if (GDALRasterIO(GDALGetRasterBand(dst.get(), 1), GF_Read, 0, 0, nx, ny, north_up.data(), nx, ny,
                   GDT_Float64, 0, 0) != CE_None) {
    throw RuntimeError("cannot read the warped land cover: " + gdal_message());
  }
  return north_up;
}

}  // namespace

std::string_view clutter_type_key(p2108::ClutterType type) noexcept {
  switch (type) {
    case T::WaterSea:
      return "water_sea";
    case T::OpenRural:
      return "open_rural";
    case T::Suburban:
      return "suburban";
    case T::Urban:
      return "urban";
    case T::TreesForest:
      return "trees_forest";
    case T::DenseUrban:
      return "dense_urban";
  }
  return "open_rural";
}

const std::vector<std::string_view>& clutter_type_keys() {
  static const std::vector<std::string_view> keys = {"water_sea", "open_rural",   "suburban",
                                                     "urban",     "trees_forest", "dense_urban"};
  return keys;
}

std::optional<p2108::ClutterType> clutter_type_from_key(std::string_view key) noexcept {
  for (const T t :
       {T::WaterSea, T::OpenRural, T::Suburban, T::Urban, T::TreesForest, T::DenseUrban}) {
    if (clutter_type_key(t) == key) return t;
  }
  return std::nullopt;
}

double p1812_default_clutter_height_m(p2108::ClutterType type) noexcept {
  switch (type) {  // P.1812-6 Annex 1 §3.2 Table 2
    case T::WaterSea:
    case T::OpenRural:
      return 0.0;
    case T::Suburban:
      return 10.0;
    case T::Urban:
    case T::TreesForest:
      return 15.0;
    case T::DenseUrban:
      return 20.0;
  }
  return 0.0;
}

ClutterClass default_clutter_class(p2108::ClutterType type, std::string name) {
  return ClutterClass{type, p2108::default_clutter_height_m(type),
                      p1812_default_clutter_height_m(type), std::move(name)};
}

// ESA WorldCover 10 m 2020 v100 / 2021 v200, Product User Manual (Zanaga et al., ESA, 2021 and
// 2022), the map legend. WorldCover has one built-up class for every density: it maps to urban
// (Table 3's middle category); a study that knows its town is dense urban or suburban says so
// with a [[land_cover.class]] entry for value 50. Classes of low vegetation, bare ground, snow
// and wetland are open/rural; the two tree classes are trees/forest.
const ClassTable& esa_worldcover_classes() {
  static const ClassTable table = {
      {10, cls(T::TreesForest, "Tree cover")},
      {20, cls(T::OpenRural, "Shrubland")},
      {30, cls(T::OpenRural, "Grassland")},
      {40, cls(T::OpenRural, "Cropland")},
      {50, cls(T::Urban, "Built-up")},
      {60, cls(T::OpenRural, "Bare / sparse vegetation")},
      {70, cls(T::OpenRural, "Snow and ice")},
      {80, cls(T::WaterSea, "Permanent water bodies")},
      {90, cls(T::OpenRural, "Herbaceous wetland")},
      {95, cls(T::TreesForest, "Mangroves")},
      {100, cls(T::OpenRural, "Moss and lichen")},
  };
  return table;
}

// JAXA EORC, High-Resolution Land-Use and Land-Cover Map of Japan [2018-2020], ver. 21.11
// (November 2021), its 12 categories. Built-up maps to urban as for WorldCover; paddy fields,
// cropland, grassland, bare land and solar panels (a few metres high) are open/rural; the four
// forest types and bamboo forest are trees/forest.
const ClassTable& jaxa_hrlulc_classes() {
  static const ClassTable table = {
      {1, cls(T::WaterSea, "Water bodies")},
      {2, cls(T::Urban, "Built-up")},
      {3, cls(T::OpenRural, "Paddy field")},
      {4, cls(T::OpenRural, "Cropland")},
      {5, cls(T::OpenRural, "Grassland")},
      {6, cls(T::TreesForest, "Deciduous broad-leaf forest")},
      {7, cls(T::TreesForest, "Deciduous needle-leaf forest")},
      {8, cls(T::TreesForest, "Evergreen broad-leaf forest")},
      {9, cls(T::TreesForest, "Evergreen needle-leaf forest")},
      {10, cls(T::OpenRural, "Bare land")},
      {11, cls(T::TreesForest, "Bamboo forest")},
      {12, cls(T::OpenRural, "Solar panel")},
  };
  return table;
}

LandCover::LandCover(double x0_m, double y0_m, double step_m, int nx, int ny,
                     std::vector<std::uint8_t> index, std::vector<ClutterClass> classes)
    : x0_(x0_m),
      y0_(y0_m),
      step_(step_m),
      inv_step_(1.0 / step_m),
      nx_(nx),
      ny_(ny),
      index_(std::move(index)),
      classes_(std::move(classes)) {
  if (nx < 1 || ny < 1 || !(step_m > 0) ||
      index_.size() != static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny)) {
    throw InputError(fmt::format(
        "land cover: found {} x {} nodes every {} m holding {} values, expected at least one "
        "node, a positive step and one value per node",
        nx, ny, step_m, index_.size()));
  }
  for (const std::uint8_t k : index_) {
    if (k >= classes_.size()) {
      throw InputError(fmt::format("land cover: found class index {}, expected one below {}", k,
                                   classes_.size()));
    }
  }
}

void LandCover::fill_profile_heights(double x0_m, double y0_m, double x1_m, double y1_m, int n,
                                     double* out) const noexcept {
  const double dx = x1_m - x0_m, dy = y1_m - y0_m;
  const double inv = n > 1 ? 1.0 / (n - 1) : 0.0;
  for (int k = 0; k < n; ++k) {
    const double t = k * inv;
    out[k] = profile_height_m(x0_m + t * dx, y0_m + t * dy);
  }
}

LandCover load_land_cover(const LandCoverOptions& options, const Crs& target, const Extent& extent,
                          LandCoverSurvey* survey) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  const std::string& path = options.path;
  if (options.table.size() + (options.nodata ? 1 : 0) > 256) {
    fail(path, "land_cover.class", fmt::format("{} classes", options.table.size()),
         "at most 255 classes and the nodata class");
  }
  QuietGdal quiet;
  const DatasetPtr src = open_checked(options);
  RasterTerrainOptions probe;
  probe.path = path;
  probe.band = options.band;
  const RasterGeometry g = probe_raster_terrain(
      probe, target, 0.5 * (extent.xmin_m + extent.xmax_m), 0.5 * (extent.ymin_m + extent.ymax_m));
  const TerrainLattice lattice = native_lattice(g, extent);
  const int nx = lattice.nx(), ny = lattice.ny();
  const std::vector<double> north_up = warp_nearest(options, src.get(), target, lattice);

  LandCoverSurvey s;
  s.columns = g.columns;
  s.rows = g.rows;
  s.source_pixel_x = g.source_pixel_x;
  s.source_pixel_y = g.source_pixel_y;
  s.source_units = g.source_units;
  s.crs_name = g.crs_name;
  s.pixel_x_m = g.pixel_x_m;
  s.pixel_y_m = g.pixel_y_m;
  s.nx = nx;
  s.ny = ny;
  s.step_m = lattice.step_m;

  // Class value -> index into `classes` (the table's order, then the nodata class).
  std::vector<ClutterClass> classes;
  std::map<std::int64_t, std::uint8_t> index_of;
  for (const auto& [value, c] : options.table) {
    index_of[value] = static_cast<std::uint8_t>(classes.size());
    classes.push_back(c);
  }
  const auto nodata_index = static_cast<std::uint8_t>(classes.size());
  if (options.nodata) classes.push_back(*options.nodata);

  // Rows north-up -> row 0 southernmost; the first offending node of each kind, for messages.
  std::vector<std::uint8_t> index(north_up.size());
  std::optional<std::pair<double, std::size_t>> bad_value, unmapped, no_data;
  for (int r = 0; r < ny; ++r) {
    for (int i = 0; i < nx; ++i) {
      const std::size_t src_k = static_cast<std::size_t>(r) * nx + i;
      const std::size_t dst_k = static_cast<std::size_t>(ny - 1 - r) * nx + i;
      const double v = north_up[src_k];
      if (std::isnan(v)) {
        ++s.nodata_nodes;
        if (!no_data) no_data.emplace(v, dst_k);
        index[dst_k] = nodata_index;
        continue;
      }
      if (v != std::floor(v) || std::abs(v) > 9.0e15) {
        if (!bad_value) bad_value.emplace(v, dst_k);
        continue;
      }
      const auto value = static_cast<std::int64_t>(v);
      if (std::find(options.nodata_values.begin(), options.nodata_values.end(), value) !=
          options.nodata_values.end()) {
        ++s.nodata_nodes;
        if (!no_data) no_data.emplace(v, dst_k);
        index[dst_k] = nodata_index;
        continue;
      }
      ++s.histogram[value];
      const auto it = index_of.find(value);
      if (it == index_of.end()) {
        if (!unmapped) unmapped.emplace(v, dst_k);
        continue;
      }
      index[dst_k] = it->second;
    }
  }
  for (const auto& [value, count] : s.histogram) {
    if (!index_of.contains(value)) s.unmapped.push_back(value);
  }
  if (survey != nullptr) *survey = s;

  const auto where = [&](std::size_t k) {
    const std::size_t j = k / static_cast<std::size_t>(nx), i = k % static_cast<std::size_t>(nx);
    return fmt::format("x = {:.1f} m, y = {:.1f} m", lattice.extent.xmin_m + i * lattice.step_m,
                       lattice.extent.ymin_m + j * lattice.step_m);
  };
  if (bad_value) {
    fail(path, "land_cover.path",
         fmt::format("the value {} at {}", bad_value->first, where(bad_value->second)),
         "whole-number class values");
  }
  if (unmapped) {
    std::string values;
    for (const std::int64_t v : s.unmapped)
      values += (values.empty() ? "" : ", ") + std::to_string(v);
    fail(path, "land_cover.classes",
         fmt::format("class value {} at {} ({} value(s) without a class: {})",
                     static_cast<std::int64_t>(unmapped->first), where(unmapped->second),
                     s.unmapped.size(), values),
         fmt::format("a value of the \"{}\" classes ({}) or a [[land_cover.class]] entry for it",
                     options.classes, values_text(options.table)));
  }
  if (no_data && !options.nodata) {
    fail(path, "land_cover.nodata",
         fmt::format("{} of {} land-cover nodes without data (the first at {})", s.nodata_nodes,
                     north_up.size(), where(no_data->second)),
         "a raster that covers the study area, or land_cover.nodata set to the clutter type of "
         "places without data");
  }
  return LandCover(lattice.extent.xmin_m, lattice.extent.ymin_m, lattice.step_m, nx, ny,
                   std::move(index), std::move(classes));
}

}  // namespace akichi::prop

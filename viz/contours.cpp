// Areas of a map layer as vectors through GDAL: GDALContourGenerateEx for the levels of a
// continuous field, GDALPolygonize for categories; OGR writes GeoJSON, GeoPackage or KML.
#include "viz/contours.h"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/map_internal.h"
#include "viz/output_file.h"

namespace akichi::viz {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

/// No-data value of the contour raster: far below any level (the values are dB, m, shares).
constexpr double kNoData = -1.0e300;

[[noreturn]] void gdal_failed(const std::string& path, const std::string& what) {
  throw RuntimeError(fmt::format("vector output '{}': {}: {}", path, what, gdal_message()));
}

struct Feature {
  AreaFeature info;
  std::string kind;
  std::unique_ptr<OGRGeometry> geometry;  ///< in the study CRS
};

/// The layer as a north-up in-memory Float64 raster (NaN cells = kNoData).
DatasetPtr value_raster(const MapLayer& layer, const OGRSpatialReference& srs,
                        const std::string& path) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw RuntimeError("GDAL has no MEM driver");
  DatasetPtr ds(mem->Create("", layer.nx, layer.ny, 1, GDT_Float64, nullptr));
  if (!ds) gdal_failed(path, "cannot create the in-memory raster");
  double gt[6] = {layer.x0_m, layer.cell_m, 0.0, layer.y0_m + layer.ny * layer.cell_m,
                  0.0,        -layer.cell_m};
  ds->SetGeoTransform(gt);
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(kNoData);
  std::vector<double> row(static_cast<std::size_t>(layer.nx));
  for (int r = 0; r < layer.ny; ++r) {
    const float* src = layer.values.data() + static_cast<std::size_t>(layer.ny - 1 - r) * layer.nx;
    for (int ix = 0; ix < layer.nx; ++ix)
      row[static_cast<std::size_t>(ix)] = std::isnan(src[ix]) ? kNoData : src[ix];
    if (band->RasterIO(GF_Write, 0, r, layer.nx, 1, row.data(), layer.nx, 1, GDT_Float64, 0, 0,
                       nullptr) != CE_None)
      gdal_failed(path, "writing the in-memory raster");
  }
  return ds;
}

DatasetPtr memory_vectors(const std::string& path) {
  GDALDriver* memv = GetGDALDriverManager()->GetDriverByName("Memory");
  if (!memv) throw RuntimeError("GDAL has no Memory driver");
  DatasetPtr vec(memv->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  if (!vec) gdal_failed(path, "cannot create the in-memory vector dataset");
  return vec;
}

std::string number(double v) {
  return fmt::format("{:.17g}", v);
}

/// The areas at or above each level: GDAL's contour bands between consecutive levels, the
/// union of those whose upper bound is above the level.
std::vector<Feature> level_areas(const MapLayer& layer, const std::vector<double>& levels,
                                 const OGRSpatialReference& srs, const std::string& path) {
  DatasetPtr raster = value_raster(layer, srs, path);
  DatasetPtr vec = memory_vectors(path);
  OGRLayer* bands =
      vec->CreateLayer("bands", const_cast<OGRSpatialReference*>(&srs), wkbMultiPolygon, nullptr);
  if (!bands) gdal_failed(path, "cannot create the in-memory layer");
  for (const char* name : {"id", "lo", "hi"}) {
    OGRFieldDefn def(name, name[0] == 'i' ? OFTInteger : OFTReal);
    bands->CreateField(&def);
  }
  std::vector<double> sorted = levels;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string fixed;
  for (const double l : sorted) {
    if (!fixed.empty()) fixed += ',';
    fixed += number(l);
  }
  const std::string fixed_option = fmt::format("FIXED_LEVELS={}", fixed);
  const std::string nodata_option = fmt::format("NODATA={}", number(kNoData));
  const char* options[] = {
      fixed_option.c_str(), "POLYGONIZE=YES",      "ID_FIELD=0", "ELEV_FIELD_MIN=1",
      "ELEV_FIELD_MAX=2",   nodata_option.c_str(), nullptr};
  if (GDALContourGenerateEx(GDALRasterBand::ToHandle(raster->GetRasterBand(1)),
                            OGRLayer::ToHandle(bands), const_cast<char**>(options), nullptr,
                            nullptr) != CE_None)
    gdal_failed(path, "GDALContourGenerateEx failed");

  struct Band {
    double hi;
    std::unique_ptr<OGRGeometry> geometry;
  };
  std::vector<Band> all;
  bands->ResetReading();
  for (FeaturePtr f(bands->GetNextFeature()); f; f.reset(bands->GetNextFeature()))
    if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty())
      all.push_back({f->GetFieldAsDouble(2), std::unique_ptr<OGRGeometry>(g->clone())});

  std::vector<Feature> out;
  for (const double level : levels) {
    Feature feat;
    feat.kind = "at_or_above";
    feat.info.level = level;
    feat.info.label = layer.units.empty() ? fmt::format(">= {:g}", level)
                                          : fmt::format(">= {:g} {}", level, layer.units);
    for (const float v : layer.values) feat.info.cells += !std::isnan(v) && v >= level;
    std::unique_ptr<OGRGeometry> acc;
    for (const Band& b : all) {
      if (!(b.hi > level)) continue;
      if (!acc) {
        acc.reset(b.geometry->clone());
        continue;
      }
      std::unique_ptr<OGRGeometry> u(acc->Union(b.geometry.get()));
      if (!u) gdal_failed(path, fmt::format("the union of the bands above {:g}", level));
      acc = std::move(u);
    }
    if (!acc) acc = std::make_unique<OGRMultiPolygon>();
    feat.geometry.reset(OGRGeometryFactory::forceToMultiPolygon(acc.release()));
    out.push_back(std::move(feat));
  }
  return out;
}

/// Whether category 0 of the layer is the outside of a mask ("outside", "not_usable").
bool zero_is_outside(const MapLayer& layer) {
  if (layer.category_labels.size() != 2) return false;
  const std::string& l = layer.category_labels[0];
  return l == "outside" || l.rfind("not_", 0) == 0;
}

/// Every category present, its cells polygonised (one multipolygon per category).
std::vector<Feature> category_areas(const MapLayer& layer, const OGRSpatialReference& srs,
                                    const std::string& path) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw RuntimeError("GDAL has no MEM driver");
  DatasetPtr ds(mem->Create("", layer.nx, layer.ny, 2, GDT_Int32, nullptr));
  if (!ds) gdal_failed(path, "cannot create the in-memory raster");
  double gt[6] = {layer.x0_m, layer.cell_m, 0.0, layer.y0_m + layer.ny * layer.cell_m,
                  0.0,        -layer.cell_m};
  ds->SetGeoTransform(gt);
  ds->SetSpatialRef(&srs);
  const bool skip_zero = zero_is_outside(layer);
  std::map<int, std::size_t> cells;
  std::vector<std::int32_t> value(static_cast<std::size_t>(layer.nx)), keep(value.size());
  for (int r = 0; r < layer.ny; ++r) {
    const float* src = layer.values.data() + static_cast<std::size_t>(layer.ny - 1 - r) * layer.nx;
    for (int ix = 0; ix < layer.nx; ++ix) {
      const bool valid = !std::isnan(src[ix]) && !(skip_zero && src[ix] == 0.0f);
      value[static_cast<std::size_t>(ix)] = valid ? static_cast<std::int32_t>(src[ix]) : -1;
      keep[static_cast<std::size_t>(ix)] = valid ? 1 : 0;
      if (valid) ++cells[static_cast<int>(src[ix])];
    }
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, r, layer.nx, 1, value.data(), layer.nx, 1,
                                       GDT_Int32, 0, 0, nullptr) != CE_None ||
        ds->GetRasterBand(2)->RasterIO(GF_Write, 0, r, layer.nx, 1, keep.data(), layer.nx, 1,
                                       GDT_Int32, 0, 0, nullptr) != CE_None)
      gdal_failed(path, "writing the in-memory raster");
  }
  DatasetPtr vec = memory_vectors(path);
  OGRLayer* regions =
      vec->CreateLayer("regions", const_cast<OGRSpatialReference*>(&srs), wkbPolygon, nullptr);
  if (!regions) gdal_failed(path, "cannot create the in-memory layer");
  OGRFieldDefn def("value", OFTInteger);
  regions->CreateField(&def);
  if (GDALPolygonize(GDALRasterBand::ToHandle(ds->GetRasterBand(1)),
                     GDALRasterBand::ToHandle(ds->GetRasterBand(2)), OGRLayer::ToHandle(regions), 0,
                     nullptr, nullptr, nullptr) != CE_None)
    gdal_failed(path, "GDALPolygonize failed");

  // 4-connected regions of one category touch at most at a corner: together they are a valid
  // multipolygon without a union.
  std::map<int, std::unique_ptr<OGRMultiPolygon>> by_category;
  regions->ResetReading();
  for (FeaturePtr f(regions->GetNextFeature()); f; f.reset(regions->GetNextFeature())) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    auto& mp = by_category[f->GetFieldAsInteger(0)];
    if (!mp) mp = std::make_unique<OGRMultiPolygon>();
    mp->addGeometry(g);
  }
  std::vector<Feature> out;
  for (auto& [category, mp] : by_category) {
    Feature feat;
    feat.kind = "category";
    feat.info.level = category;
    feat.info.label = static_cast<std::size_t>(category) < layer.category_labels.size()
                          ? layer.category_labels[static_cast<std::size_t>(category)]
                          : std::to_string(category);
    feat.info.cells = cells[category];
    feat.geometry = std::move(mp);
    out.push_back(std::move(feat));
  }
  return out;
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

std::vector<AreaFeature> write_areas(const MapLayer& layer, const std::vector<double>& levels,
                                     const std::string& slice, const std::string& path) {
  validate_layer(layer);
  const auto final_path =
      check_output_path(path, {".geojson", ".json", ".gpkg", ".kml"}, "vector output");
  if (layer.crs_wkt.empty())
    throw_input_error({}, "map layer '" + layer.name + "': crs_wkt", "an empty CRS",
                      "the projected CRS of the study grid");
  if (layer.categorical && !levels.empty())
    throw_input_error({}, "--levels", fmt::format("{} levels for '{}'", levels.size(), layer.name),
                      "no levels: the categories of a categorical variable are its areas");
  if (!layer.categorical && levels.empty())
    throw_input_error(
        {}, "--levels", "nothing",
        fmt::format("one or more levels (in {}) for '{}'",
                    layer.units.empty() ? std::string("the variable's units") : layer.units,
                    layer.name));
  for (const double l : levels)
    if (!std::isfinite(l))
      throw_input_error({}, "--levels", fmt::format("{}", l), "finite numbers");

  ensure_gdal_registered();
  QuietGdal quiet;
  OGRSpatialReference study;
  study.SetFromUserInput(layer.crs_wkt.c_str());  // checked by validate_layer()
  study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::vector<Feature> features = layer.categorical ? category_areas(layer, study, path)
                                                    : level_areas(layer, levels, study, path);

  const std::string ext = lower_extension(path);
  const bool gpkg = ext == ".gpkg", kml = ext == ".kml";
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(gpkg  ? "GPKG"
                                                               : kml ? "KML"
                                                                     : "GeoJSON");
  if (!driver) throw RuntimeError("GDAL has no driver for " + ext + " output");
  // GeoJSON (RFC 7946 §4) and KML are in WGS 84 longitude/latitude; a GeoPackage keeps the
  // study CRS.
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
  if (!gpkg) {
    to_wgs84.reset(OGRCreateCoordinateTransformation(&study, &wgs84));
    if (!to_wgs84) gdal_failed(path, "no transformation from the study CRS to WGS 84");
  }

  TempOutput out(final_path);
  {
    const char* kml_options[] = {"NameField=label", nullptr};
    DatasetPtr dst(driver->Create(out.temp().c_str(), 0, 0, 0, GDT_Unknown,
                                  kml ? const_cast<char**>(kml_options) : nullptr));
    if (!dst)
      throw_input_error({}, "vector output", "'" + path + "' (" + gdal_message() + ")",
                        "a path that can be written");
    const char* geojson_options[] = {"RFC7946=YES", nullptr};
    OGRLayer* dl = dst->CreateLayer(
        layer.name.empty() ? "areas" : layer.name.c_str(), gpkg ? &study : &wgs84, wkbMultiPolygon,
        ext == ".geojson" || ext == ".json" ? const_cast<char**>(geojson_options) : nullptr);
    if (!dl) gdal_failed(path, "cannot create the layer");
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"variable", OFTString}, {"kind", OFTString},  {"level", OFTReal},
        {"label", OFTString},    {"units", OFTString}, {"slice", OFTString},
        {"cells", OFTInteger64}, {"area_m2", OFTReal}};
    for (const auto& [name, type] : fields) {
      OGRFieldDefn def(name, type);
      if (dl->CreateField(&def) != OGRERR_NONE) gdal_failed(path, "cannot create a field");
    }
    if (dl->StartTransaction() != OGRERR_NONE) gdal_failed(path, "cannot start a transaction");
    for (Feature& f : features) {
      if (to_wgs84 && !f.geometry->IsEmpty() &&
          f.geometry->transform(to_wgs84.get()) != OGRERR_NONE)
        gdal_failed(path, "transforming a polygon to WGS 84");
      FeaturePtr of(OGRFeature::CreateFeature(dl->GetLayerDefn()));
      of->SetField("variable", layer.name.c_str());
      of->SetField("kind", f.kind.c_str());
      of->SetField("level", f.info.level);
      of->SetField("label", f.info.label.c_str());
      of->SetField("units", layer.units.c_str());
      of->SetField("slice", slice.c_str());
      of->SetField("cells", static_cast<GIntBig>(f.info.cells));
      of->SetField("area_m2", static_cast<double>(f.info.cells) * layer.cell_m * layer.cell_m);
      of->SetGeometry(f.geometry.get());
      if (dl->CreateFeature(of.get()) != OGRERR_NONE) gdal_failed(path, "writing a feature");
    }
    if (dl->CommitTransaction() != OGRERR_NONE) gdal_failed(path, "committing the features");
    if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "writing");
  }  // closed here: the file is complete before the rename
  if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "closing");
  out.commit();

  std::vector<AreaFeature> written;
  for (const Feature& f : features) written.push_back(f.info);
  return written;
}

}  // namespace akichi::viz

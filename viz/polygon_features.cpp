#include "viz/polygon_features.h"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
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
struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};

[[noreturn]] void gdal_failed(const std::string& path, const std::string& what) {
  throw RuntimeError(fmt::format("vector output '{}': {}: {}", path, what, gdal_message()));
}

OGRFieldType field_type(const PolygonFeature::Value& v) {
  if (std::holds_alternative<std::string>(v)) return OFTString;
  if (std::holds_alternative<double>(v)) return OFTReal;
  return OFTInteger64;
}

}  // namespace

void write_polygon_features(const std::string& path, const std::string& crs_wkt,
                            const std::string& layer_name,
                            const std::vector<PolygonFeature>& features) {
  const auto final_path = check_output_path(path, {".geojson", ".json", ".gpkg"}, "vector output");
  if (crs_wkt.empty())
    throw_input_error({}, "vector output '" + path + "': crs", "an empty CRS",
                      "the projected CRS of the study");
  for (const PolygonFeature& f : features) {
    bool same = f.fields.size() == features.front().fields.size();
    for (std::size_t i = 0; same && i < f.fields.size(); ++i)
      same = f.fields[i].first == features.front().fields[i].first &&
             f.fields[i].second.index() == features.front().fields[i].second.index();
    if (!same)
      throw_input_error({}, "vector output '" + path + "': fields", "features with other fields",
                        "the fields of the first feature, in its order");
  }
  std::string ext = final_path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool gpkg = ext == ".gpkg";

  ensure_gdal_registered();
  QuietGdal quiet;
  OGRSpatialReference study;
  if (study.SetFromUserInput(crs_wkt.c_str()) != OGRERR_NONE)
    throw_input_error({}, "vector output '" + path + "': crs", "a CRS GDAL cannot read",
                      "the projected CRS of the study");
  study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  // GeoJSON is WGS 84 longitude/latitude (RFC 7946 §4); a GeoPackage keeps the study CRS.
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
  if (!gpkg) {
    to_wgs84.reset(OGRCreateCoordinateTransformation(&study, &wgs84));
    if (!to_wgs84) gdal_failed(path, "no transformation from the study CRS to WGS 84");
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(gpkg ? "GPKG" : "GeoJSON");
  if (!driver) throw RuntimeError("GDAL has no driver for " + ext + " output");

  TempOutput out(final_path);
  {
    std::unique_ptr<GDALDataset, DatasetCloser> dst(
        driver->Create(out.temp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dst)
      throw_input_error({}, "vector output", "'" + path + "' (" + gdal_message() + ")",
                        "a path that can be written");
    const char* geojson_options[] = {"RFC7946=YES", nullptr};
    OGRLayer* layer = dst->CreateLayer(layer_name.c_str(), gpkg ? &study : &wgs84, wkbMultiPolygon,
                                       gpkg ? nullptr : const_cast<char**>(geojson_options));
    if (!layer) gdal_failed(path, "cannot create the layer");
    if (!features.empty()) {
      for (const auto& [name, value] : features.front().fields) {
        OGRFieldDefn def(name.c_str(), field_type(value));
        if (layer->CreateField(&def) != OGRERR_NONE) gdal_failed(path, "cannot create a field");
      }
    }
    if (layer->StartTransaction() != OGRERR_NONE) gdal_failed(path, "cannot start a transaction");
    for (const PolygonFeature& f : features) {
      OGRGeometry* raw = nullptr;
      if (OGRGeometryFactory::createFromWkt(f.wkt.c_str(), &study, &raw) != OGRERR_NONE || !raw)
        gdal_failed(path, "reading a polygon's WKT");
      std::unique_ptr<OGRGeometry> geom(OGRGeometryFactory::forceToMultiPolygon(raw));
      if (to_wgs84 && !geom->IsEmpty() && geom->transform(to_wgs84.get()) != OGRERR_NONE)
        gdal_failed(path, "transforming a polygon to WGS 84");
      std::unique_ptr<OGRFeature, FeatureDeleter> of(
          OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (int i = 0; i < static_cast<int>(f.fields.size()); ++i) {
        const PolygonFeature::Value& v = f.fields[static_cast<std::size_t>(i)].second;
        if (const auto* s = std::get_if<std::string>(&v)) {
          of->SetField(i, s->c_str());
        } else if (const auto* d = std::get_if<double>(&v)) {
          if (std::isfinite(*d))
            of->SetField(i, *d);
          else
            of->SetFieldNull(i);
        } else {
          of->SetField(i, static_cast<GIntBig>(std::get<std::int64_t>(v)));
        }
      }
      of->SetGeometry(geom.get());
      if (layer->CreateFeature(of.get()) != OGRERR_NONE) gdal_failed(path, "writing a feature");
    }
    if (layer->CommitTransaction() != OGRERR_NONE) gdal_failed(path, "committing the features");
    if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "writing");
  }  // closed here: the file is complete before the rename
  if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "closing");
  out.commit();
}

}  // namespace akichi::viz

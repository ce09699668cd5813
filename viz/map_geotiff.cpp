// Float32 GeoTIFF of a map layer through GDAL's GTiff driver.
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <limits>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/map.h"
#include "viz/map_internal.h"
#include "viz/output_file.h"

namespace akichi::viz {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};

}  // namespace

void write_geotiff(const MapLayer& layer, const std::string& path) {
  validate_layer(layer);
  const auto final_path = check_output_path(path, {".tif", ".tiff"}, "GeoTIFF output");
  if (layer.crs_wkt.empty())
    throw_input_error({}, "map layer '" + layer.name + "': crs_wkt", "an empty CRS",
                      "the projected CRS of the study grid");
  ensure_gdal_registered();
  QuietGdal quiet;

  OGRSpatialReference srs;
  srs.SetFromUserInput(layer.crs_wkt.c_str());  // checked by validate_layer()
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw RuntimeError("GDAL has no GTiff driver");

  TempOutput out(final_path);
  const char* create_options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3",    "TILED=YES",
                                  "BLOCKXSIZE=256",   "BLOCKYSIZE=256", nullptr};
  {
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(out.temp().c_str(), layer.nx, layer.ny, 1, GDT_Float32,
                       const_cast<char**>(create_options)));
    if (!ds)
      throw_input_error({}, "GeoTIFF output", "'" + path + "' (" + gdal_message() + ")",
                        "a path that can be written");
    // Row 0 of the image is the northern edge: origin (x0, y0 + ny*cell), pixel height -cell.
    double gt[6] = {layer.x0_m, layer.cell_m, 0.0, layer.y0_m + layer.ny * layer.cell_m,
                    0.0,        -layer.cell_m};
    if (ds->SetGeoTransform(gt) != CE_None || ds->SetSpatialRef(&srs) != CE_None)
      throw RuntimeError("GeoTIFF '" + path + "': cannot set georeferencing: " + gdal_message());
    ds->SetMetadataItem("AREA_OR_POINT", "Area");

    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(std::numeric_limits<double>::quiet_NaN());
    band->SetDescription((layer.long_name.empty() ? layer.name : layer.long_name).c_str());
    band->SetUnitType(layer.units.c_str());
    if (!layer.name.empty()) band->SetMetadataItem("name", layer.name.c_str());
    if (!layer.long_name.empty()) band->SetMetadataItem("long_name", layer.long_name.c_str());
    if (!layer.units.empty()) band->SetMetadataItem("units", layer.units.c_str());
    if (layer.categorical)
      for (std::size_t i = 0; i < layer.category_labels.size(); ++i)
        band->SetMetadataItem(fmt::format("category_{}", i).c_str(),
                              layer.category_labels[i].c_str());

    // Northern row first: image row r holds grid row iy = ny - 1 - r.
    for (int r = 0; r < layer.ny; ++r) {
      const int iy = layer.ny - 1 - r;
      auto* row = const_cast<float*>(layer.values.data() + static_cast<std::size_t>(iy) * layer.nx);
      if (band->RasterIO(GF_Write, 0, r, layer.nx, 1, row, layer.nx, 1, GDT_Float32, 0, 0,
                         nullptr) != CE_None)
        throw RuntimeError("GeoTIFF '" + path + "': writing row " + std::to_string(r) +
                           " failed: " + gdal_message());
    }
    ds->FlushCache(true);
    if (CPLGetLastErrorType() == CE_Failure)
      throw RuntimeError("GeoTIFF '" + path + "': " + gdal_message());
  }  // closed here: the file is complete before the rename
  if (CPLGetLastErrorType() == CE_Failure)
    throw RuntimeError("GeoTIFF '" + path + "': closing failed: " + gdal_message());
  out.commit();
}

}  // namespace akichi::viz

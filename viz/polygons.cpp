// GeoJSON polygons of cell masks through GDAL (MEM raster, GDALPolygonize, OGR GeoJSON driver).
#include "viz/polygons.h"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

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

[[noreturn]] void gdal_failed(const std::string& path, const std::string& what) {
  throw RuntimeError(fmt::format("GeoJSON '{}': {}: {}", path, what, gdal_message()));
}

/// Checks the grid, its CRS and the layers' sizes; returns the study CRS (x = easting).
OGRSpatialReference checked_study_crs(const MaskGrid& grid, const std::vector<MaskLayer>& layers) {
  if (grid.nx <= 0 || grid.ny <= 0 || !(grid.cell_m > 0))
    throw_input_error({}, "GeoJSON output: study grid",
                      fmt::format("{} x {} cells of {} m", grid.nx, grid.ny, grid.cell_m),
                      "at least 1 x 1 cells of a size > 0");
  OGRSpatialReference study;
  if (study.importFromWkt(grid.crs_wkt.c_str()) != OGRERR_NONE)
    throw_input_error({}, "GeoJSON output: crs", "'" + grid.crs_wkt + "'",
                      "the WKT of the projected CRS of the study grid");
  if (!study.IsProjected()) {
    const char* name = study.GetName();
    throw_input_error({}, "GeoJSON output: crs", "'" + std::string(name ? name : "") + "'",
                      "the projected CRS of the study grid");
  }
  const std::size_t n = grid.cells();
  for (std::size_t k = 0; k < layers.size(); ++k)
    if (layers[k].mask.size() != n)
      throw_input_error({}, fmt::format("GeoJSON output: layer[{}] '{}' mask", k, layers[k].name),
                        fmt::format("{} values", layers[k].mask.size()),
                        fmt::format("{} x {} = {} values", grid.ny, grid.nx, n));
  study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return study;
}

/// The output layer of the GeoJSON file, with its attribute fields.
OGRLayer* create_output_layer(GDALDataset& dst, OGRSpatialReference& wgs84,
                              const std::string& path) {
  const char* layer_options[] = {"RFC7946=YES", "WRITE_NAME=NO", nullptr};
  OGRLayer* dl =
      dst.CreateLayer("mask_polygons", &wgs84, wkbPolygon, const_cast<char**>(layer_options));
  if (!dl) gdal_failed(path, "cannot create the layer");
  const std::pair<const char*, OGRFieldType> fields[] = {
      {"layer", OFTString}, {"station", OFTString},        {"licensee", OFTString},
      {"kind", OFTString},  {"layer_cells", OFTInteger64}, {"layer_area_m2", OFTReal}};
  for (const auto& [name, type] : fields) {
    OGRFieldDefn def(name, type);
    if (dl->CreateField(&def) != OGRERR_NONE) gdal_failed(path, "cannot create a field");
  }
  return dl;
}

/// The layer's mask as an in-memory north-up Byte raster (1 inside); `cells` counts the 1s.
DatasetPtr rasterize_mask(GDALDriver& mem, const MaskGrid& grid, OGRSpatialReference& study,
                          const MaskLayer& layer, const std::string& path, std::size_t& cells) {
  // North-up geotransform: image row 0 is the northern edge of the grid.
  double gt[6] = {grid.x0_m, grid.cell_m, 0.0, grid.y0_m + grid.ny * grid.cell_m,
                  0.0,       -grid.cell_m};
  DatasetPtr raster(mem.Create("", grid.nx, grid.ny, 1, GDT_Byte, nullptr));
  if (!raster) gdal_failed(path, "cannot create the in-memory raster");
  raster->SetGeoTransform(gt);
  raster->SetSpatialRef(&study);
  GDALRasterBand* band = raster->GetRasterBand(1);
  std::vector<std::uint8_t> row(static_cast<std::size_t>(grid.nx));
  cells = 0;
  for (int r = 0; r < grid.ny; ++r) {
    const int iy = grid.ny - 1 - r;  // grid row 0 is the south
    const std::uint8_t* src = layer.mask.data() + static_cast<std::size_t>(iy) * grid.nx;
    for (int ix = 0; ix < grid.nx; ++ix) {
      row[static_cast<std::size_t>(ix)] = src[ix] != 0 ? 1 : 0;
      cells += src[ix] != 0;
    }
    if (band->RasterIO(GF_Write, 0, r, grid.nx, 1, row.data(), grid.nx, 1, GDT_Byte, 0, 0,
                       nullptr) != CE_None)
      gdal_failed(path, "writing the in-memory raster");
  }
  return raster;
}

/// Polygonizes the raster's 1-cells (4-connected) and writes each polygon, in WGS 84, as a
/// feature of `dl` with the layer's attributes.
void write_layer_polygons(GDALDriver& memv, GDALDataset& raster, OGRSpatialReference& study,
                          OGRCoordinateTransformation& to_wgs84, OGRLayer& dl,
                          const MaskLayer& layer, std::size_t cells, const MaskGrid& grid,
                          const std::string& path) {
  DatasetPtr vec(memv.Create("", 0, 0, 0, GDT_Unknown, nullptr));
  if (!vec) gdal_failed(path, "cannot create the in-memory vector dataset");
  OGRLayer* pl = vec->CreateLayer("p", &study, wkbPolygon, nullptr);
  if (!pl) gdal_failed(path, "cannot create the in-memory layer");
  OGRFieldDefn value("value", OFTInteger);
  pl->CreateField(&value);
  // The band is its own mask: only nonzero cells become polygons (4-connected).
  GDALRasterBand* band = raster.GetRasterBand(1);
  if (GDALPolygonize(GDALRasterBand::ToHandle(band), GDALRasterBand::ToHandle(band),
                     OGRLayer::ToHandle(pl), 0, nullptr, nullptr, nullptr) != CE_None)
    gdal_failed(path, "GDALPolygonize failed");

  pl->ResetReading();
  for (FeaturePtr f(pl->GetNextFeature()); f; f.reset(pl->GetNextFeature())) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    std::unique_ptr<OGRGeometry> geom(g->clone());
    if (geom->transform(&to_wgs84) != OGRERR_NONE)
      gdal_failed(path, "transforming a polygon to WGS 84");
    FeaturePtr of(OGRFeature::CreateFeature(dl.GetLayerDefn()));
    of->SetField("layer", layer.name.c_str());
    of->SetField("station", layer.station.c_str());
    of->SetField("licensee", layer.licensee.c_str());
    of->SetField("kind", layer.kind.c_str());
    of->SetField("layer_cells", static_cast<GIntBig>(cells));
    of->SetField("layer_area_m2", static_cast<double>(cells) * grid.cell_m * grid.cell_m);
    of->SetGeometryDirectly(geom.release());
    if (dl.CreateFeature(of.get()) != OGRERR_NONE) gdal_failed(path, "writing a feature");
  }
}

}  // namespace

void write_mask_polygons_geojson(const std::string& path, const MaskGrid& grid,
                                 const std::vector<MaskLayer>& layers) {
  const auto final_path = check_output_path(path, {".geojson", ".json"}, "GeoJSON output");
  OGRSpatialReference study = checked_study_crs(grid, layers);

  ensure_gdal_registered();
  QuietGdal quiet;

  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // RFC 7946 §4: lon, lat
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(
      OGRCreateCoordinateTransformation(&study, &wgs84));
  if (!to_wgs84) gdal_failed(path, "no transformation from the study CRS to WGS 84");

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* memv = GetGDALDriverManager()->GetDriverByName("Memory");
  GDALDriver* geojson = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (!mem || !memv || !geojson) throw RuntimeError("GDAL lacks the MEM, Memory or GeoJSON driver");

  TempOutput out(final_path);
  {
    DatasetPtr dst(geojson->Create(out.temp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dst)
      throw_input_error({}, "GeoJSON output", "'" + path + "' (" + gdal_message() + ")",
                        "a path that can be written");
    OGRLayer* dl = create_output_layer(*dst, wgs84, path);
    for (const MaskLayer& layer : layers) {
      std::size_t cells = 0;
      DatasetPtr raster = rasterize_mask(*mem, grid, study, layer, path, cells);
      if (cells == 0) continue;
      write_layer_polygons(*memv, *raster, study, *to_wgs84, *dl, layer, cells, grid, path);
    }
    if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "writing");
  }  // closed here: the file is complete before the rename
  if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "closing");
  out.commit();
}

}  // namespace akichi::viz

#include "sim/serve/mic_layer.h"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/colormap.h"

namespace akichi::sim::serve {

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

[[noreturn]] void gdal_failed(const std::string& what) {
  throw RuntimeError(fmt::format("MIC areas as polygons: {}: {}", what, gdal_message()));
}

}  // namespace

nlohmann::json mask_geometry(std::span<const std::uint8_t> mask, const prop::StudyGrid& grid,
                             const prop::Crs& crs) {
  if (mask.size() != grid.cells()) {
    throw RuntimeError(fmt::format("MIC areas as polygons: a mask of {} values for {} x {} cells",
                                   mask.size(), grid.nx, grid.ny));
  }
  std::size_t set = 0;
  for (const std::uint8_t v : mask) set += v != 0 ? 1 : 0;
  if (set == 0) return nullptr;

  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  QuietGdal quiet;
  OGRSpatialReference study(*static_cast<const OGRSpatialReference*>(crs.native()));
  study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // RFC 7946 §4: lon, lat
  const std::unique_ptr<OGRCoordinateTransformation> to_wgs84(
      OGRCreateCoordinateTransformation(&study, &wgs84));
  if (!to_wgs84) gdal_failed("no transformation from the study CRS to WGS 84");

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* memv = GetGDALDriverManager()->GetDriverByName("Memory");
  if (mem == nullptr || memv == nullptr) gdal_failed("GDAL lacks the MEM or Memory driver");

  // The mask as a north-up Byte raster: image row 0 is the grid's northern row.
  DatasetPtr raster(mem->Create("", grid.nx, grid.ny, 1, GDT_Byte, nullptr));
  if (!raster) gdal_failed("cannot create the in-memory raster");
  double gt[6] = {grid.x0_m, grid.cell_m, 0.0, grid.y0_m + grid.ny * grid.cell_m,
                  0.0,       -grid.cell_m};
  raster->SetGeoTransform(gt);
  raster->SetSpatialRef(&study);
  GDALRasterBand* band = raster->GetRasterBand(1);
  std::vector<std::uint8_t> row(static_cast<std::size_t>(grid.nx));
  for (int r = 0; r < grid.ny; ++r) {
    const std::size_t iy = static_cast<std::size_t>(grid.ny - 1 - r);
    for (std::size_t ix = 0; ix < row.size(); ++ix) row[ix] = mask[iy * row.size() + ix] ? 1 : 0;
    if (band->RasterIO(GF_Write, 0, r, grid.nx, 1, row.data(), grid.nx, 1, GDT_Byte, 0, 0,
                       nullptr) != CE_None)
      gdal_failed("writing the in-memory raster");
  }

  DatasetPtr vec(memv->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  if (!vec) gdal_failed("cannot create the in-memory vector dataset");
  OGRLayer* layer = vec->CreateLayer("mask", &study, wkbPolygon, nullptr);
  if (layer == nullptr) gdal_failed("cannot create the in-memory layer");
  OGRFieldDefn value("value", OFTInteger);
  layer->CreateField(&value);
  // The band is its own mask: only the cells set become polygons.
  if (GDALPolygonize(GDALRasterBand::ToHandle(band), GDALRasterBand::ToHandle(band),
                     OGRLayer::ToHandle(layer), 0, nullptr, nullptr, nullptr) != CE_None)
    gdal_failed("GDALPolygonize");

  OGRMultiPolygon all;
  layer->ResetReading();
  for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (g != nullptr && wkbFlatten(g->getGeometryType()) == wkbPolygon)
      all.addGeometry(g);  // copied
  }
  if (all.transform(to_wgs84.get()) != OGRERR_NONE) gdal_failed("transforming to WGS 84");
  char* text = all.exportToJson();
  if (text == nullptr) gdal_failed("GeoJSON of the polygons");
  nlohmann::json out = nlohmann::json::parse(text);
  CPLFree(text);
  return out;
}

nlohmann::json mic_areas_geojson(const MicAreas& areas, const std::vector<std::string>& stations,
                                 const std::vector<std::string>& licensees,
                                 const prop::StudyGrid& grid, const prop::Crs& crs) {
  const std::size_t cells = grid.cells();
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t s = 0; s < stations.size(); ++s) {
    const struct {
      const char* kind;
      const std::vector<std::uint8_t>& masks;
      std::size_t cells;
      double area_m2;
    } kinds[] = {
        {"coverage", areas.coverage, areas.coverage_cells.at(s), areas.coverage_area_m2.at(s)},
        {"coordination", areas.coordination, areas.coordination_cells.at(s),
         areas.coordination_area_m2.at(s)}};
    for (const auto& k : kinds) {
      if (k.cells == 0) continue;
      const std::span<const std::uint8_t> mask(k.masks.data() + s * cells, cells);
      features.push_back({{"type", "Feature"},
                          {"geometry", mask_geometry(mask, grid, crs)},
                          {"properties",
                           {{"station", stations[s]},
                            {"licensee", licensees.at(s)},
                            {"kind", k.kind},
                            {"cells", k.cells},
                            {"area_m2", k.area_m2}}}});
    }
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

std::string mic_inside_colour() {
  // mic_coverage and mic_coordination are flagged 0 = outside, 1 = inside: render draws
  // category k in category_colour(k).
  const viz::Rgb c = viz::category_colour(1);
  const auto byte = [](double x) { return static_cast<int>(std::lround(255 * x)); };
  return fmt::format("#{:02x}{:02x}{:02x}", byte(c.r), byte(c.g), byte(c.b));
}

}  // namespace akichi::sim::serve

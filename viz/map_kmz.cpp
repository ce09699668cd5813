// KMZ of a map layer for Google Earth: the field as a KML super-overlay (GDAL's KMLSUPEROVERLAY
// driver: a pyramid of PNG tiles in WGS 84 with regions, so that large fields load by level of
// detail) and the legend as a screen overlay, which the driver does not write: its KMZ is built
// in GDAL's in-memory file system and repacked with the legend and the overlay's KML element.
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/map.h"
#include "viz/map_internal.h"
#include "viz/output_file.h"

namespace akichi::viz {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

[[noreturn]] void gdal_failed(const std::string& path, const std::string& what) {
  throw RuntimeError(fmt::format("KMZ '{}': {}: {}", path, what, gdal_message()));
}

/// A folder of GDAL's in-memory file system, removed with everything in it at the end.
class VsiMemDir {
 public:
  VsiMemDir() {
    static std::atomic<int> counter{0};
    path_ = fmt::format("/vsimem/akichi_kmz_{}_{}", static_cast<long>(getpid()), ++counter);
    VSIMkdir(path_.c_str(), 0755);
  }
  ~VsiMemDir() { VSIRmdirRecursive(path_.c_str()); }
  VsiMemDir(const VsiMemDir&) = delete;
  VsiMemDir& operator=(const VsiMemDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Pixels per cell of the overlay image: the long side about 1024 px (at most 8 per cell), so
/// that the warp to WGS 84 keeps the cells' edges sharp.
int overlay_scale(const MapLayer& layer) {
  const int side = std::max(layer.nx, layer.ny);
  return std::clamp((1024 + side - 1) / side, 1, 8);
}

/// The layer's colours as an RGBA raster in the study CRS (north-up), k pixels per cell.
DatasetPtr rgba_raster(const MapLayer& layer, const RenderOptions& options,
                       const OGRSpatialReference& srs, const std::string& path) {
  const std::vector<std::uint8_t> rgba = field_rgba(layer, options);
  const int k = overlay_scale(layer);
  const int w = layer.nx * k, h = layer.ny * k;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw RuntimeError("GDAL has no MEM driver");
  DatasetPtr ds(mem->Create("", w, h, 4, GDT_Byte, nullptr));
  if (!ds) gdal_failed(path, "cannot create the in-memory image");
  double gt[6] = {layer.x0_m, layer.cell_m / k, 0.0, layer.y0_m + layer.ny * layer.cell_m,
                  0.0,        -layer.cell_m / k};
  if (ds->SetGeoTransform(gt) != CE_None || ds->SetSpatialRef(&srs) != CE_None)
    gdal_failed(path, "cannot georeference the in-memory image");
  std::vector<std::uint8_t> row(static_cast<std::size_t>(w));
  for (int b = 0; b < 4; ++b) {
    GDALRasterBand* band = ds->GetRasterBand(b + 1);
    band->SetColorInterpretation(static_cast<GDALColorInterp>(GCI_RedBand + b));
    for (int r = 0; r < h; ++r) {
      const std::uint8_t* src = rgba.data() + static_cast<std::size_t>(r / k) * layer.nx * 4;
      for (int c = 0; c < w; ++c) row[static_cast<std::size_t>(c)] = src[(c / k) * 4 + b];
      if (band->RasterIO(GF_Write, 0, r, w, 1, row.data(), w, 1, GDT_Byte, 0, 0, nullptr) !=
          CE_None)
        gdal_failed(path, "writing the in-memory image");
    }
  }
  return ds;
}

/// The KML of the legend's screen overlay: the image's lower-left corner 12 px above and right
/// of the window's lower-left corner, at the image's own size.
std::string screen_overlay(const std::string& name) {
  return fmt::format(
      "\t\t<ScreenOverlay>\n"
      "\t\t\t<name>{}</name>\n"
      "\t\t\t<Icon><href>legend.png</href></Icon>\n"
      "\t\t\t<overlayXY x=\"0\" y=\"0\" xunits=\"fraction\" yunits=\"fraction\"/>\n"
      "\t\t\t<screenXY x=\"12\" y=\"36\" xunits=\"pixels\" yunits=\"pixels\"/>\n"
      "\t\t\t<size x=\"0\" y=\"0\" xunits=\"pixels\" yunits=\"pixels\"/>\n"
      "\t\t</ScreenOverlay>\n",
      xml_escaped(name));
}

std::vector<unsigned char> read_vsi(const std::string& file, const std::string& path) {
  GByte* data = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, file.c_str(), &data, &size, -1))
    gdal_failed(path, "reading " + file + " of the super-overlay");
  std::vector<unsigned char> out(data, data + size);
  VSIFree(data);
  return out;
}

/// A zip archive written through GDAL's writer (CPLCreateZip).
class ZipWriter {
 public:
  ZipWriter(const std::string& file, std::string path) : path_(std::move(path)) {
    handle_ = CPLCreateZip(file.c_str(), nullptr);
    if (!handle_)
      throw_input_error({}, "KMZ output", "'" + path_ + "' (" + gdal_message() + ")",
                        "a path that can be written");
  }
  ~ZipWriter() {
    if (handle_) CPLCloseZip(handle_);
  }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  void add(const std::string& name, const std::vector<unsigned char>& data) {
    if (CPLCreateFileInZip(handle_, name.c_str(), nullptr) != CE_None ||
        CPLWriteFileInZip(handle_, data.data(), static_cast<int>(data.size())) != CE_None ||
        CPLCloseFileInZip(handle_) != CE_None)
      throw RuntimeError(
          fmt::format("KMZ '{}': writing {} failed: {}", path_, name, gdal_message()));
  }
  void close() {
    const CPLErr err = CPLCloseZip(handle_);
    handle_ = nullptr;
    if (err != CE_None)
      throw RuntimeError(fmt::format("KMZ '{}': closing failed: {}", path_, gdal_message()));
  }

 private:
  void* handle_ = nullptr;
  std::string path_;
};

}  // namespace

void write_kmz(const MapLayer& layer, const MapOverlay& overlay, const RenderOptions& options,
               const std::string& path) {
  validate_layer(layer);
  const auto final_path = check_output_path(path, {".kmz"}, "KMZ output");
  if (layer.crs_wkt.empty())
    throw_input_error({}, "map layer '" + layer.name + "': crs_wkt", "an empty CRS",
                      "the projected CRS of the study grid");
  ensure_gdal_registered();
  QuietGdal quiet;
  OGRSpatialReference srs;
  srs.SetFromUserInput(layer.crs_wkt.c_str());  // checked by validate_layer()
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  GDALDriver* kml = GetGDALDriverManager()->GetDriverByName("KMLSUPEROVERLAY");
  if (!kml) throw RuntimeError("GDAL has no KMLSUPEROVERLAY driver");
  const std::vector<unsigned char> legend = legend_png(layer, options);
  DatasetPtr image = rgba_raster(layer, options, srs, path);

  // Warped to WGS 84 first (nearest neighbour, the alpha band kept), so that the tiles are
  // LatLonBox ground overlays; given the projected image, the driver would write gx:LatLonQuad
  // overlays, which GDAL's own KML reader does not read back.
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  char* wgs84_wkt = nullptr;
  wgs84.exportToWkt(&wgs84_wkt);
  DatasetPtr warped(GDALDataset::FromHandle(GDALAutoCreateWarpedVRT(
      GDALDataset::ToHandle(image.get()), nullptr, wgs84_wkt, GRA_NearestNeighbour, 0.0, nullptr)));
  CPLFree(wgs84_wkt);
  if (!warped) gdal_failed(path, "cannot warp the image to WGS 84");

  // The driver writes a KMZ when the name ends in .kmz.
  const VsiMemDir dir;
  const std::string kmz = dir.path() + "/overlay.kmz";
  const std::string title = !overlay.title.empty()     ? overlay.title
                            : !layer.long_name.empty() ? layer.long_name
                                                       : layer.name;
  const std::string name_option = fmt::format("NAME={}", title);
  const std::string description_option = fmt::format("DESCRIPTION={}", overlay.subtitle);
  const char* create_options[] = {"FORMAT=PNG", name_option.c_str(), description_option.c_str(),
                                  nullptr};
  {
    DatasetPtr out(kml->CreateCopy(kmz.c_str(), warped.get(), FALSE,
                                   const_cast<char**>(create_options), nullptr, nullptr));
    if (!out) gdal_failed(path, "the KML super-overlay driver failed");
  }
  if (CPLGetLastErrorType() == CE_Failure) gdal_failed(path, "writing the super-overlay");

  // Repack: doc.kml first (the file Google Earth opens) with the screen overlay, the legend,
  // then the tiles and their KML as the driver wrote them.
  const std::string zip = "/vsizip/" + kmz;
  std::vector<unsigned char> doc = read_vsi(zip + "/doc.kml", path);
  std::string doc_text(doc.begin(), doc.end());
  const std::size_t end = doc_text.rfind("</Document>");
  if (end == std::string::npos) gdal_failed(path, "the super-overlay's doc.kml has no Document");
  const std::size_t line = doc_text.rfind('\n', end);
  doc_text.insert(line == std::string::npos ? end : line + 1,
                  screen_overlay(layer.long_name.empty() ? layer.name : layer.long_name));
  doc.assign(doc_text.begin(), doc_text.end());

  char** entries = VSIReadDirRecursive(zip.c_str());
  std::vector<std::string> names;
  for (char** e = entries; e && *e; ++e) {
    const std::string n = *e;
    if (!n.empty() && n.back() != '/' && n != "doc.kml") names.push_back(n);
  }
  CSLDestroy(entries);
  std::sort(names.begin(), names.end());

  TempOutput out(final_path);
  {
    ZipWriter writer(out.temp().string(), path);
    writer.add("doc.kml", doc);
    writer.add("legend.png", legend);
    for (const std::string& n : names) writer.add(n, read_vsi(zip + "/" + n, path));
    writer.close();
  }
  out.commit();
}

}  // namespace akichi::viz

// GeoTIFF of a map layer through GDAL's GTiff driver: float32 for continuous layers; an
// integer band with a colour table, category names and a QGIS style for categorical ones.
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <system_error>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/colormap.h"
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

/// Number of categories of a categorical layer: its labels, else the largest index + 1.
std::size_t category_count(const MapLayer& layer) {
  std::size_t n = layer.category_labels.size();
  if (n == 0)
    for (const float v : layer.values)
      if (!std::isnan(v)) n = std::max(n, static_cast<std::size_t>(v) + 1);
  return n;
}

std::string category_label(const MapLayer& layer, std::size_t i) {
  return i < layer.category_labels.size() ? layer.category_labels[i] : std::to_string(i);
}

int to_byte(double c) {
  return static_cast<int>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0));
}

/// First line of the QGIS styles written here: a style that does not begin so is the user's
/// and never removed.
constexpr const char* kQmlMark = "<!-- akichi render: categories of ";

/// A QGIS layer style (.qml) for the categorical GeoTIFF: a "paletted" renderer whose entries
/// are the colour table's colours with the category names as labels. QGIS loads a .qml beside
/// a raster of the same base name when it adds the layer.
std::string qml_style(const MapLayer& layer, std::size_t ncat) {
  std::string out = std::string(kQmlMark) + xml_escaped(layer.name) + " -->\n";
  out +=
      "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\">\n"
      "  <pipe>\n"
      "    <rasterrenderer type=\"paletted\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" "
      "nodataColor=\"\">\n"
      "      <rasterTransparency/>\n"
      "      <colorPalette>\n";
  for (std::size_t i = 0; i < ncat; ++i) {
    const Rgb c = category_colour(i);
    out += fmt::format(
        "        <paletteEntry value=\"{}\" color=\"#{:02x}{:02x}{:02x}\" alpha=\"255\" "
        "label=\"{}\"/>\n",
        i, to_byte(c.r), to_byte(c.g), to_byte(c.b), xml_escaped(category_label(layer, i)));
  }
  out +=
      "      </colorPalette>\n"
      "    </rasterrenderer>\n"
      "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
      "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/>\n"
      "    <rasterresampler maxOversampling=\"2\"/>\n"
      "  </pipe>\n"
      "  <blendMode>0</blendMode>\n"
      "</qgis>\n";
  return out;
}

bool is_our_style(const std::filesystem::path& qml) {
  std::ifstream in(qml);
  std::string first;
  std::getline(in, first);
  return first.rfind(kQmlMark, 0) == 0;
}

/// `path` with `suffix` appended to the whole file name ("x.tif" -> "x.tif.aux.xml").
std::filesystem::path with_suffix(const std::filesystem::path& path, const char* suffix) {
  return std::filesystem::path(path.string() + suffix);
}

/// Writes the layer's values into the band, NaN as `nodata`; GDAL converts to the band's type.
void write_band(GDALRasterBand* band, const MapLayer& layer, const std::string& path,
                double nodata) {
  // Northern row first: image row r holds grid row iy = ny - 1 - r.
  std::vector<double> row(static_cast<std::size_t>(layer.nx));
  for (int r = 0; r < layer.ny; ++r) {
    const int iy = layer.ny - 1 - r;
    const float* src = layer.values.data() + static_cast<std::size_t>(iy) * layer.nx;
    for (int ix = 0; ix < layer.nx; ++ix)
      row[static_cast<std::size_t>(ix)] = std::isnan(src[ix]) ? nodata : src[ix];
    if (band->RasterIO(GF_Write, 0, r, layer.nx, 1, row.data(), layer.nx, 1, GDT_Float64, 0, 0,
                       nullptr) != CE_None)
      throw RuntimeError("GeoTIFF '" + path + "': writing row " + std::to_string(r) +
                         " failed: " + gdal_message());
  }
}

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

  // Categories: the smallest unsigned band that holds every index and one value more for
  // no data (the top of the range), so that GIS tools read classes, not a continuous ramp.
  const bool cat = layer.categorical;
  const std::size_t ncat = cat ? category_count(layer) : 0;
  const GDALDataType type = !cat ? GDT_Float32 : ncat < 255 ? GDT_Byte : GDT_UInt16;
  const double nodata = !cat               ? std::numeric_limits<double>::quiet_NaN()
                        : type == GDT_Byte ? 255.0
                                           : 65535.0;
  if (cat && ncat >= 65535)
    throw_input_error({}, "map layer '" + layer.name + "'", fmt::format("{} categories", ncat),
                      "at most 65534 categories");

  TempOutput out(final_path);
  const char* float_options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3",    "TILED=YES",
                                 "BLOCKXSIZE=256",   "BLOCKYSIZE=256", nullptr};
  const char* integer_options[] = {"COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=256",
                                   "BLOCKYSIZE=256", nullptr};
  {
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(out.temp().c_str(), layer.nx, layer.ny, 1, type,
                       const_cast<char**>(cat ? integer_options : float_options)));
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
    band->SetNoDataValue(nodata);
    band->SetDescription((layer.long_name.empty() ? layer.name : layer.long_name).c_str());
    band->SetUnitType(layer.units.c_str());
    if (!layer.name.empty()) band->SetMetadataItem("name", layer.name.c_str());
    if (!layer.long_name.empty()) band->SetMetadataItem("long_name", layer.long_name.c_str());
    if (!layer.units.empty()) band->SetMetadataItem("units", layer.units.c_str());
    if (cat) {
      // The colours of the PNG's legend (category_colour) in the TIFF colour map, the no-data
      // entry transparent; the names as GDAL category names (kept in the .aux.xml sidecar,
      // which GDAL and QGIS read with the file).
      GDALColorTable table;
      CPLStringList names;
      for (std::size_t i = 0; i < ncat; ++i) {
        const Rgb c = category_colour(i);
        const GDALColorEntry e{static_cast<short>(to_byte(c.r)), static_cast<short>(to_byte(c.g)),
                               static_cast<short>(to_byte(c.b)), 255};
        table.SetColorEntry(static_cast<int>(i), &e);
        const std::string label = category_label(layer, i);
        names.AddString(label.c_str());
        band->SetMetadataItem(fmt::format("category_{}", i).c_str(), label.c_str());
      }
      const GDALColorEntry none{0, 0, 0, 0};
      table.SetColorEntry(static_cast<int>(nodata), &none);
      if (band->SetColorTable(&table) != CE_None || band->SetCategoryNames(names.List()) != CE_None)
        throw RuntimeError("GeoTIFF '" + path + "': cannot set the categories: " + gdal_message());
      band->SetColorInterpretation(GCI_PaletteIndex);
    }
    write_band(band, layer, path, nodata);
    ds->FlushCache(true);
    if (CPLGetLastErrorType() == CE_Failure)
      throw RuntimeError("GeoTIFF '" + path + "': " + gdal_message());
  }  // closed here: the file (and its .aux.xml) is complete before the rename
  if (CPLGetLastErrorType() == CE_Failure)
    throw RuntimeError("GeoTIFF '" + path + "': closing failed: " + gdal_message());

  // Sidecars: GDAL wrote the category names to "<temp>.aux.xml"; they follow the file to its
  // final name, with the QGIS style. A continuous layer written over a categorical one removes
  // the old sidecars, which would describe the wrong band (a .qml is removed only when akichi
  // wrote it).
  namespace fs = std::filesystem;
  const fs::path aux_temp = with_suffix(out.temp(), ".aux.xml");
  const fs::path aux_final = with_suffix(final_path, ".aux.xml");
  fs::path qml_final = final_path;
  qml_final.replace_extension(".qml");
  std::error_code ec;
  if (cat) {
    TempOutput qml(qml_final);
    {
      std::ofstream f(qml.temp(), std::ios::binary);
      f << qml_style(layer, ncat);
      if (!f.flush())
        throw_input_error({}, "QGIS style", "'" + qml_final.string() + "'",
                          "a path that can be written");
    }
    qml.commit();
    if (fs::exists(aux_temp, ec)) {
      fs::rename(aux_temp, aux_final, ec);
      if (ec)
        throw_input_error({}, "GeoTIFF output",
                          fmt::format("'{}' ({})", aux_final.string(), ec.message()),
                          "a path that can be written");
    }
  } else {
    fs::remove(aux_temp, ec);
    fs::remove(aux_final, ec);
    if (fs::exists(qml_final, ec) && is_our_style(qml_final)) fs::remove(qml_final, ec);
  }
  out.commit();
}

}  // namespace akichi::viz

// Hillshade and basemap (GDAL DEM processing and warping), graticule (OGR transformations) and
// category outlines (GDAL's polygonizer) for the PNG maps.
#include "viz/map_context.h"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/map_internal.h"

namespace akichi::viz {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};

GDALDriver* driver(const char* name) {
  ensure_gdal_registered();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
  if (!d) throw RuntimeError(fmt::format("GDAL has no {} driver", name));
  return d;
}

/// An in-memory raster on the layer's grid (north up), its CRS set when the layer has one.
DatasetPtr grid_dataset(const MapLayer& layer, GDALDataType type, int bands = 1) {
  DatasetPtr ds(driver("MEM")->Create("", layer.nx, layer.ny, bands, type, nullptr));
  if (!ds) throw RuntimeError("GDAL: cannot create an in-memory raster: " + gdal_message());
  std::array<double, 6> gt{layer.x0_m, layer.cell_m, 0.0, layer.y0_m + layer.ny * layer.cell_m,
                           0.0,        -layer.cell_m};
  ds->SetGeoTransform(gt.data());
  if (!layer.crs_wkt.empty()) {
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(layer.crs_wkt.c_str()) == OGRERR_NONE) ds->SetSpatialRef(&srs);
  }
  return ds;
}

/// The layer's values north up (row 0 = northern row), as GDAL's rasters hold them.
std::vector<float> north_up(const MapLayer& layer) {
  std::vector<float> out(layer.values.size());
  for (int r = 0; r < layer.ny; ++r) {
    const auto src =
        layer.values.begin() + static_cast<std::ptrdiff_t>(layer.ny - 1 - r) * layer.nx;
    std::copy(src, src + layer.nx, out.begin() + static_cast<std::ptrdiff_t>(r) * layer.nx);
  }
  return out;
}

/// argv-style option list for GDAL's utility functions.
class Args {
 public:
  Args(std::initializer_list<std::string> args) : strings_(args) {
    for (auto& s : strings_) ptrs_.push_back(s.data());
    ptrs_.push_back(nullptr);
  }
  char** argv() { return ptrs_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> ptrs_;
};

/// WGS 84 longitude/latitude (x = longitude) and the layer's CRS.
struct Transforms {
  std::unique_ptr<OGRCoordinateTransformation> to_geo, to_map;
};
/// The transformations of the layer's CRS, made once per thread and CRS: PROJ takes
/// milliseconds to set one up, and a map asks for them once per station.
const Transforms& transforms(const MapLayer& layer) {
  thread_local std::string crs;
  thread_local Transforms t;
  if (crs == layer.crs_wkt && (t.to_geo || crs.empty())) return t;
  ensure_gdal_registered();
  crs = layer.crs_wkt;
  t = {};
  OGRSpatialReference map, geo;
  if (map.SetFromUserInput(layer.crs_wkt.c_str()) != OGRERR_NONE) return t;
  map.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  geo.SetWellKnownGeogCS("WGS84");
  geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  t.to_geo.reset(OGRCreateCoordinateTransformation(&map, &geo));
  t.to_map.reset(OGRCreateCoordinateTransformation(&geo, &map));
  if (!t.to_geo || !t.to_map) t = {};
  return t;
}

/// "139°46′30″E": degrees, and minutes and seconds as far as `step_s` (seconds) needs them.
std::string dms_label(double value_deg, bool longitude, int step_s) {
  const char hemisphere = longitude ? (value_deg < 0 ? 'W' : 'E') : (value_deg < 0 ? 'S' : 'N');
  const long total = std::lround(std::abs(value_deg) * 3600.0);
  const long d = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (step_s % 3600 == 0) return fmt::format("{}°{}", d, hemisphere);
  if (step_s % 60 == 0) return fmt::format("{}°{:02}′{}", d, m, hemisphere);
  return fmt::format("{}°{:02}′{:02}″{}", d, m, s, hemisphere);
}

}  // namespace

double flat_hillshade() {
  return 255.0 * std::sin(std::numbers::pi / 4);
}

std::vector<std::uint8_t> hillshade(const MapLayer& terrain, double z_factor) {
  QuietGdal quiet;
  DatasetPtr dem = grid_dataset(terrain, GDT_Float32);
  std::vector<float> heights = north_up(terrain);
  constexpr float kNoData = -32768.0f;
  for (float& h : heights)
    if (!std::isfinite(h)) h = kNoData;
  GDALRasterBand* band = dem->GetRasterBand(1);
  band->SetNoDataValue(kNoData);
  if (band->RasterIO(GF_Write, 0, 0, terrain.nx, terrain.ny, heights.data(), terrain.nx, terrain.ny,
                     GDT_Float32, 0, 0, nullptr) != CE_None)
    throw RuntimeError("GDAL: writing the terrain raster failed: " + gdal_message());
  // GDAL's defaults are the cartographic convention: light from the north-west (azimuth 315°)
  // at 45° altitude, Horn's 3x3 gradient; -compute_edges shades the border cells too.
  Args args{"-of", "MEM", "-compute_edges",           "-az", "315", "-alt",
            "45",  "-z",  fmt::format("{}", z_factor)};
  GDALDEMProcessingOptions* opts = GDALDEMProcessingOptionsNew(args.argv(), nullptr);
  if (!opts) throw RuntimeError("GDAL: hillshade options refused: " + gdal_message());
  int usage_error = 0;
  DatasetPtr shade(GDALDataset::FromHandle(GDALDEMProcessing(
      "", GDALDataset::ToHandle(dem.get()), "hillshade", nullptr, opts, &usage_error)));
  GDALDEMProcessingOptionsFree(opts);
  if (!shade) throw RuntimeError("GDAL: hillshade failed: " + gdal_message());
  std::vector<std::uint8_t> out(static_cast<std::size_t>(terrain.nx) * terrain.ny);
  if (shade->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, terrain.nx, terrain.ny, out.data(),
                                        terrain.nx, terrain.ny, GDT_Byte, 0, 0, nullptr) != CE_None)
    throw RuntimeError("GDAL: reading the hillshade failed: " + gdal_message());
  // 0 is GDAL's no-data (unknown heights): drawn as flat ground.
  const auto flat = static_cast<std::uint8_t>(std::lround(flat_hillshade()));
  for (std::uint8_t& v : out)
    if (v == 0) v = flat;
  return out;
}

Backdrop hillshade_backdrop(const MapLayer& terrain) {
  Backdrop b;
  b.width = terrain.nx;
  b.height = terrain.ny;
  b.relief = true;
  const std::vector<std::uint8_t> shade = hillshade(terrain, kReliefExaggeration);
  b.rgb.reserve(shade.size() * 3);
  for (const std::uint8_t v : shade) b.rgb.insert(b.rgb.end(), {v, v, v});
  return b;
}

Backdrop basemap_backdrop(const std::string& path, const MapLayer& layer,
                          const RenderOptions& options) {
  validate_layer(layer);
  if (layer.crs_wkt.empty())
    throw_input_error({}, "--basemap", "'" + path + "' for a map without a CRS",
                      "a map with a CRS to warp the basemap to");
  ensure_gdal_registered();
  QuietGdal quiet;
  DatasetPtr src(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!src)
    throw_input_error({}, "--basemap", "'" + path + "' (" + gdal_message() + ")",
                      "a raster file GDAL can open");
  std::array<double, 6> gt{};
  if (src->GetSpatialRef() == nullptr || src->GetGeoTransform(gt.data()) != CE_None)
    throw_input_error({}, "--basemap", "'" + path + "', which has no georeference",
                      "a georeferenced raster (a CRS and a geotransform)");
  const int nbands = src->GetRasterCount();
  if (nbands < 1)
    throw_input_error({}, "--basemap", "'" + path + "', which has no band", "a raster");

  // The bands drawn (1: grey; 1, 2, 3: R, G, B), paletted rasters expanded to RGB and other
  // types than bytes scaled to 0..255, as a virtual raster that the warper reads.
  GDALRasterBand* first = src->GetRasterBand(1);
  const bool paletted = first->GetColorTable() != nullptr;
  const int out_bands = paletted || nbands >= 3 ? 3 : 1;
  std::vector<std::string> tr{"-of", "VRT", "-b", "1"};
  if (paletted) {
    tr.insert(tr.end(), {"-expand", "rgb"});
  } else {
    if (out_bands == 3) tr.insert(tr.end(), {"-b", "2", "-b", "3"});
    if (first->GetRasterDataType() != GDT_Byte) tr.insert(tr.end(), {"-ot", "Byte", "-scale"});
  }
  std::vector<char*> tr_argv;
  for (auto& a : tr) tr_argv.push_back(a.data());
  tr_argv.push_back(nullptr);
  GDALTranslateOptions* topts = GDALTranslateOptionsNew(tr_argv.data(), nullptr);
  if (!topts) throw RuntimeError("GDAL: translate options refused: " + gdal_message());
  int translate_error = 0;
  DatasetPtr bytes(GDALDataset::FromHandle(
      GDALTranslate("", GDALDataset::ToHandle(src.get()), topts, &translate_error)));
  GDALTranslateOptionsFree(topts);
  if (!bytes) throw RuntimeError("GDAL: reading the basemap's bands failed: " + gdal_message());
  GDALDataset* input = bytes.get();

  // About the size render_png draws the map at.
  const double s = std::max(1.0, pixels_per_cell(layer, options));
  const int width = std::clamp(static_cast<int>(std::lround(layer.nx * s)), 1, 4096);
  const int height = std::clamp(static_cast<int>(std::lround(layer.ny * s)), 1, 4096);
  DatasetPtr dst(driver("MEM")->Create("", width, height, out_bands, GDT_Byte, nullptr));
  if (!dst) throw RuntimeError("GDAL: cannot create the basemap raster: " + gdal_message());
  const double extent_w = layer.nx * layer.cell_m, extent_h = layer.ny * layer.cell_m;
  std::array<double, 6> dgt{layer.x0_m, extent_w / width,  0.0, layer.y0_m + extent_h,
                            0.0,        -extent_h / height};
  dst->SetGeoTransform(dgt.data());
  OGRSpatialReference srs;
  srs.SetFromUserInput(layer.crs_wkt.c_str());
  dst->SetSpatialRef(&srs);
  for (int b = 1; b <= out_bands; ++b) dst->GetRasterBand(b)->Fill(255.0);  // white outside

  std::vector<std::string> warp{"-r", paletted ? "near" : "bilinear"};
  std::vector<char*> argv;
  for (auto& w : warp) argv.push_back(w.data());
  argv.push_back(nullptr);
  GDALWarpAppOptions* wopts = GDALWarpAppOptionsNew(argv.data(), nullptr);
  if (!wopts) throw RuntimeError("GDAL: warp options refused: " + gdal_message());
  GDALDatasetH in_h = GDALDataset::ToHandle(input);
  int usage_error = 0;
  GDALDatasetH warped =
      GDALWarp(nullptr, GDALDataset::ToHandle(dst.get()), 1, &in_h, wopts, &usage_error);
  GDALWarpAppOptionsFree(wopts);
  if (!warped) throw RuntimeError("GDAL: warping the basemap failed: " + gdal_message());

  Backdrop out;
  out.width = width;
  out.height = height;
  out.relief = false;
  std::vector<std::uint8_t> band(static_cast<std::size_t>(width) * height);
  out.rgb.assign(band.size() * 3, 255);
  for (int c = 0; c < 3; ++c) {
    const int b = out_bands == 3 ? c + 1 : 1;
    if (dst->GetRasterBand(b)->RasterIO(GF_Read, 0, 0, width, height, band.data(), width, height,
                                        GDT_Byte, 0, 0, nullptr) != CE_None)
      throw RuntimeError("GDAL: reading the warped basemap failed: " + gdal_message());
    for (std::size_t i = 0; i < band.size(); ++i) out.rgb[i * 3 + c] = band[i];
  }
  return out;
}

std::vector<GraticuleLine> graticule(const MapLayer& layer) {
  if (layer.crs_wkt.empty()) return {};
  const Transforms& t = transforms(layer);
  if (!t.to_geo) return {};
  // The extent in longitude/latitude: its boundary sampled (a UTM rectangle is no lon/lat one).
  const double x1 = layer.x0_m + layer.nx * layer.cell_m, y1 = layer.y0_m + layer.ny * layer.cell_m;
  double lon_lo = 1e9, lon_hi = -1e9, lat_lo = 1e9, lat_hi = -1e9;
  constexpr int kEdge = 32;
  for (int k = 0; k <= kEdge; ++k) {
    const double f = static_cast<double>(k) / kEdge;
    const std::array<std::pair<double, double>, 4> pts{
        {{layer.x0_m + f * (x1 - layer.x0_m), layer.y0_m},
         {layer.x0_m + f * (x1 - layer.x0_m), y1},
         {layer.x0_m, layer.y0_m + f * (y1 - layer.y0_m)},
         {x1, layer.y0_m + f * (y1 - layer.y0_m)}}};
    for (auto [x, y] : pts) {
      if (!t.to_geo->Transform(1, &x, &y)) continue;
      lon_lo = std::min(lon_lo, x);
      lon_hi = std::max(lon_hi, x);
      lat_lo = std::min(lat_lo, y);
      lat_hi = std::max(lat_hi, y);
    }
  }
  if (!(lon_hi > lon_lo && lat_hi > lat_lo)) return {};
  // Steps in seconds of arc: 1, 2, 5, 10, 15, 30 seconds and minutes, then 1, 2, 5, 10 degrees.
  constexpr std::array<int, 16> kSteps{1,   2,   5,   10,   15,   30,   60,    120,
                                       300, 600, 900, 1800, 3600, 7200, 18000, 36000};
  const double span_s = std::max(lon_hi - lon_lo, lat_hi - lat_lo) * 3600.0;
  int step = kSteps.back();
  for (const int s : kSteps) {
    if (span_s / s <= 5.0) {
      step = s;
      break;
    }
  }
  const double step_deg = step / 3600.0;
  std::vector<GraticuleLine> out;
  constexpr int kSamples = 64;
  const auto add = [&](bool meridian, double lo, double hi, double other_lo, double other_hi) {
    for (double v = std::ceil(lo / step_deg) * step_deg; v <= hi + 1e-12; v += step_deg) {
      GraticuleLine line;
      line.meridian = meridian;
      line.value_deg = std::round(v * 3600.0) / 3600.0;
      line.label = dms_label(line.value_deg, meridian, step);
      for (int k = 0; k <= kSamples; ++k) {
        const double w = other_lo + (other_hi - other_lo) * k / kSamples;
        double x = meridian ? line.value_deg : w, y = meridian ? w : line.value_deg;
        if (t.to_map->Transform(1, &x, &y)) line.xy_m.emplace_back(x, y);
      }
      if (line.xy_m.size() >= 2) out.push_back(std::move(line));
    }
  };
  // Lines run a little past the extent so that they reach the frame after the projection.
  const double pad_lon = (lon_hi - lon_lo) * 0.05, pad_lat = (lat_hi - lat_lo) * 0.05;
  add(true, lon_lo, lon_hi, lat_lo - pad_lat, lat_hi + pad_lat);
  add(false, lat_lo, lat_hi, lon_lo - pad_lon, lon_hi + pad_lon);
  return out;
}

namespace {

/// Outlines of the areas where `keep(value)` holds, polygonized by GDAL on the layer's grid.
template <typename Keep>
std::vector<std::vector<std::pair<double, double>>> outlines(const MapLayer& layer, Keep keep) {
  QuietGdal quiet;
  DatasetPtr raster = grid_dataset(layer, GDT_Int32);
  const std::vector<float> values = north_up(layer);
  std::vector<std::int32_t> ids(values.size(), -1);
  bool any = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i]) || !keep(values[i])) continue;
    ids[i] = static_cast<std::int32_t>(values[i]);
    any = true;
  }
  if (!any) return {};
  GDALRasterBand* band = raster->GetRasterBand(1);
  band->SetNoDataValue(-1);
  if (band->RasterIO(GF_Write, 0, 0, layer.nx, layer.ny, ids.data(), layer.nx, layer.ny, GDT_Int32,
                     0, 0, nullptr) != CE_None)
    throw RuntimeError("GDAL: writing the category raster failed: " + gdal_message());
  DatasetPtr vec(driver("Memory")->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  if (!vec) throw RuntimeError("GDAL: cannot create an in-memory layer: " + gdal_message());
  OGRLayer* out = vec->CreateLayer("areas", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn field("value", OFTInteger);
  if (!out || out->CreateField(&field) != OGRERR_NONE)
    throw RuntimeError("GDAL: cannot create the polygon layer: " + gdal_message());
  // The no-data value (-1) of the band is its mask: those cells give no polygon.
  if (GDALPolygonize(GDALRasterBand::ToHandle(band), GDALGetMaskBand(band), OGRLayer::ToHandle(out),
                     0, nullptr, nullptr, nullptr) != CE_None)
    throw RuntimeError("GDAL: polygonizing failed: " + gdal_message());
  std::vector<std::vector<std::pair<double, double>>> rings;
  out->ResetReading();
  for (std::unique_ptr<OGRFeature, FeatureDeleter> f(out->GetNextFeature()); f;
       f.reset(out->GetNextFeature())) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || wkbFlatten(g->getGeometryType()) != wkbPolygon) continue;
    const auto* poly = g->toPolygon();
    for (const OGRLinearRing* r : *poly) {
      std::vector<std::pair<double, double>> ring;
      for (int i = 0; i < r->getNumPoints(); ++i) ring.emplace_back(r->getX(i), r->getY(i));
      if (ring.size() >= 4) rings.push_back(std::move(ring));
    }
  }
  return rings;
}

}  // namespace

std::vector<std::vector<std::pair<double, double>>> category_outlines(const MapLayer& layer,
                                                                      float value) {
  return outlines(layer, [value](float v) { return v == value; });
}

std::vector<std::vector<std::pair<double, double>>> index_outlines(const MapLayer& index) {
  return outlines(index, [](float v) { return v >= 0.0f; });
}

double grid_azimuth(const MapLayer& layer, double x_m, double y_m, double bearing_deg) {
  if (layer.crs_wkt.empty()) return bearing_deg;
  const Transforms& t = transforms(layer);
  if (!t.to_geo) return bearing_deg;
  double lon = x_m, lat = y_m;
  if (!t.to_geo->Transform(1, &lon, &lat)) return bearing_deg;
  // 10 m along the bearing on the WGS 84 ellipsoid, through its meridional (M) and prime
  // vertical (N) radii of curvature at the station: the direction is all that matters, and the
  // projection (conformal) keeps it; the difference is the meridian convergence.
  constexpr double kA = 6378137.0, kF = 1 / 298.257223563, kE2 = kF * (2 - kF), kD = 10.0;
  const double phi = lat * std::numbers::pi / 180.0, b = bearing_deg * std::numbers::pi / 180.0;
  const double w = 1 - kE2 * std::sin(phi) * std::sin(phi);
  const double m = kA * (1 - kE2) / std::pow(w, 1.5), n = kA / std::sqrt(w);
  double lat2 = lat + kD * std::cos(b) / m * 180.0 / std::numbers::pi;
  double lon2 = lon + kD * std::sin(b) / (n * std::cos(phi)) * 180.0 / std::numbers::pi;
  if (!t.to_map->Transform(1, &lon2, &lat2)) return bearing_deg;
  const double az = std::atan2(lon2 - x_m, lat2 - y_m) * 180.0 / std::numbers::pi;
  return az < 0 ? az + 360.0 : az;
}

}  // namespace akichi::viz

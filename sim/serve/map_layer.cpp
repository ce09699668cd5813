#include "sim/serve/map_layer.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <memory>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "propagation/geo/ogr_support.h"
#include "viz/colormap.h"

namespace akichi::sim::serve {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds != nullptr) GDALClose(static_cast<GDALDatasetH>(ds));
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

GDALDatasetH h(const Dataset& d) {
  return static_cast<GDALDatasetH>(d.get());
}

/// GDAL utility options from an argument list.
struct Argv {
  explicit Argv(std::initializer_list<const char*> args) {
    for (const char* a : args) list = CSLAddString(list, a);
  }
  ~Argv() { CSLDestroy(list); }
  Argv(const Argv&) = delete;
  Argv& operator=(const Argv&) = delete;
  char** list = nullptr;
};

/// An in-memory raster of `bands` bands of `type`, north-up, `cell` square pixels.
Dataset mem_raster(const std::string& wkt, double west, double north, double cell, int nx, int ny,
                   int bands, GDALDataType type) {
  prop::ogr::register_drivers();
  GDALDriverH mem = GDALGetDriverByName("MEM");
  Dataset ds(GDALCreate(mem, "", nx, ny, bands, type, nullptr));
  if (!ds) throw RuntimeError("GDAL: cannot create an in-memory raster: " + gdal_message());
  double gt[6] = {west, cell, 0, north, 0, -cell};
  GDALSetGeoTransform(h(ds), gt);
  GDALSetProjection(h(ds), wkt.c_str());
  return ds;
}

/// The grid as a one-band Float32 raster over its own values (not copied: GDAL's MEM driver
/// takes the buffer as it is, and the warp only reads it), NaN as no data.
Dataset grid_view(const LayerGrid& g) {
  Dataset ds = mem_raster(g.crs.wkt(), g.west_m, g.north_m, g.cell_m, g.nx, g.ny, 0, GDT_Float32);
  char pointer[64];
  const int n = CPLPrintPointer(pointer, const_cast<float*>(g.values.data()), sizeof pointer - 1);
  pointer[n] = '\0';
  const std::string option = std::string("DATAPOINTER=") + pointer;
  Argv options{option.c_str()};
  if (GDALAddBand(h(ds), GDT_Float32, options.list) != CE_None)
    throw RuntimeError("GDAL: cannot wrap a map layer's values: " + gdal_message());
  GDALSetRasterNoDataValue(GDALGetRasterBand(h(ds), 1), kNaN);
  return ds;
}

const std::string& mercator_wkt() {
  static const std::string wkt = prop::Crs::from_epsg(3857).wkt();
  return wkt;
}

/// The grid's bounds in EPSG:3857 (OGR's transform of the edges, densified: a projected
/// rectangle's edges are curves in Web Mercator).
TileBounds mercator_bounds(const LayerGrid& g) {
  OGRSpatialReferenceH from = OSRNewSpatialReference(g.crs.wkt().c_str());
  OGRSpatialReferenceH to = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(to, 3857);
  OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, to);
  TileBounds b;
  const bool ok =
      ct != nullptr &&
      OCTTransformBounds(ct, g.west_m, g.north_m - g.ny * g.cell_m, g.west_m + g.nx * g.cell_m,
                         g.north_m, &b.west_m, &b.south_m, &b.east_m, &b.north_m, 21) != 0;
  if (ct != nullptr) OCTDestroyCoordinateTransformation(ct);
  OSRDestroySpatialReference(from);
  OSRDestroySpatialReference(to);
  if (!ok) throw RuntimeError("GDAL: cannot transform a map layer's bounds: " + gdal_message());
  return b;
}

/// An RGBA raster as a PNG file's bytes (GDAL's PNG driver through its in-memory file system).
std::string encode_png(const std::vector<unsigned char>& rgba, int nx, int ny) {
  Dataset img = mem_raster(mercator_wkt(), 0, 0, 1, nx, ny, 4, GDT_Byte);
  for (int b = 0; b < 4; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(h(img), b + 1);
    // Pixel-interleaved input: band b starts at byte b, pixels 4 bytes apart.
    if (GDALRasterIO(band, GF_Write, 0, 0, nx, ny, const_cast<unsigned char*>(rgba.data()) + b, nx,
                     ny, GDT_Byte, 4, 4 * nx) != CE_None)
      throw RuntimeError("GDAL: cannot fill a map tile: " + gdal_message());
    GDALSetRasterColorInterpretation(band, static_cast<GDALColorInterp>(GCI_RedBand + b));
  }
  static std::atomic<unsigned> counter{0};
  const std::string name = fmt::format("/vsimem/akichi-tile-{}.png", counter++);
  GDALDriverH png = GDALGetDriverByName("PNG");
  Dataset out(GDALCreateCopy(png, name.c_str(), h(img), FALSE, nullptr, nullptr, nullptr));
  if (!out) throw RuntimeError("GDAL: cannot encode a map tile as PNG: " + gdal_message());
  out.reset();
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &size, TRUE);
  std::string file(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  CPLFree(bytes);
  return file;
}

}  // namespace

std::pair<int, int> LayerGrid::cell_of(double x_m, double y_m) const {
  const double c = std::floor((x_m - west_m) / cell_m), r = std::floor((north_m - y_m) / cell_m);
  if (!(c >= 0 && c < nx && r >= 0 && r < ny)) return {-1, -1};
  return {static_cast<int>(c), static_cast<int>(r)};
}

std::array<unsigned char, 4> tile_colour(const TileStyle& s, float v) {
  if (std::isnan(v)) return {0, 0, 0, 0};
  viz::Rgb c{};
  if (s.categorical) {
    c = viz::category_colour(static_cast<std::size_t>(std::max(0.0f, v)));
  } else {
    const double t = s.vmax > s.vmin ? (v - s.vmin) / (s.vmax - s.vmin) : 0.5;
    c = viz::colormap(s.colormap, t);
  }
  const auto byte = [](double x) { return static_cast<unsigned char>(std::lround(255 * x)); };
  return {byte(c.r), byte(c.g), byte(c.b), 255};
}

std::string tile_png(const LayerGrid& grid, const TileStyle& style, const TileIndex& t) {
  const QuietGdal quiet;
  const TileBounds b = tile_bounds(t);
  const std::size_t n = static_cast<std::size_t>(kTileSize) * kTileSize;
  std::vector<float> values(n, kNaN);
  const TileBounds area = mercator_bounds(grid);
  // A tile that does not meet the grid is left transparent without a warp (at small zooms the
  // warp would also have to transform points half a world away from the study CRS's zone).
  if (b.west_m < area.east_m && b.east_m > area.west_m && b.south_m < area.north_m &&
      b.north_m > area.south_m) {
    Dataset src = grid_view(grid);
    Dataset dst = mem_raster(mercator_wkt(), b.west_m, b.north_m, (b.east_m - b.west_m) / kTileSize,
                             kTileSize, kTileSize, 1, GDT_Float32);
    GDALRasterBandH band = GDALGetRasterBand(h(dst), 1);
    GDALSetRasterNoDataValue(band, kNaN);
    GDALFillRaster(band, kNaN, 0);
    Argv args{"-r", style.bilinear ? "bilinear" : "near", "-srcnodata", "nan", "-dstnodata", "nan"};
    GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(args.list, nullptr);
    GDALDatasetH in = h(src);
    int usage_error = 0;
    GDALDatasetH warped = GDALWarp(nullptr, h(dst), 1, &in, opts, &usage_error);
    GDALWarpAppOptionsFree(opts);
    if (warped == nullptr) throw RuntimeError("GDAL: cannot warp a map tile: " + gdal_message());
    if (GDALRasterIO(band, GF_Read, 0, 0, kTileSize, kTileSize, values.data(), kTileSize, kTileSize,
                     GDT_Float32, 0, 0) != CE_None)
      throw RuntimeError("GDAL: cannot read a map tile: " + gdal_message());
  }
  std::vector<unsigned char> rgba(4 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = tile_colour(style, values[i]);
    std::copy(c.begin(), c.end(), rgba.begin() + static_cast<std::ptrdiff_t>(4 * i));
  }
  return encode_png(rgba, kTileSize, kTileSize);
}

LayerGrid hillshade_grid(const prop::TerrainGrid& t, const prop::Crs& crs) {
  const QuietGdal quiet;
  // Terrain nodes are points: each becomes the centre of a pixel; rows from the north.
  const double s = t.step_m();
  const double west = t.x0_m() - 0.5 * s, north = t.y0_m() + (t.ny() - 0.5) * s;
  Dataset dem = mem_raster(crs.wkt(), west, north, s, t.nx(), t.ny(), 1, GDT_Float32);
  std::vector<float> rows(t.data().size());
  for (int j = 0; j < t.ny(); ++j)
    for (int i = 0; i < t.nx(); ++i)
      rows[static_cast<std::size_t>(t.ny() - 1 - j) * static_cast<std::size_t>(t.nx()) +
           static_cast<std::size_t>(i)] = t.at(i, j);
  if (GDALRasterIO(GDALGetRasterBand(h(dem), 1), GF_Write, 0, 0, t.nx(), t.ny(), rows.data(),
                   t.nx(), t.ny(), GDT_Float32, 0, 0) != CE_None)
    throw RuntimeError("GDAL: cannot fill the terrain raster: " + gdal_message());
  Argv args{"-of", "MEM", "-az", "315", "-alt", "45", "-compute_edges"};
  GDALDEMProcessingOptions* opts = GDALDEMProcessingOptionsNew(args.list, nullptr);
  int usage_error = 0;
  Dataset shade(GDALDEMProcessing("", h(dem), "hillshade", nullptr, opts, &usage_error));
  GDALDEMProcessingOptionsFree(opts);
  if (!shade) throw RuntimeError("GDAL: hillshade failed: " + gdal_message());
  LayerGrid g{crs, west, north, s, t.nx(), t.ny(), std::vector<float>(rows.size()), {}};
  if (GDALRasterIO(GDALGetRasterBand(h(shade), 1), GF_Read, 0, 0, t.nx(), t.ny(), g.values.data(),
                   t.nx(), t.ny(), GDT_Float32, 0, 0) != CE_None)
    throw RuntimeError("GDAL: cannot read the hillshade: " + gdal_message());
  for (float& v : g.values)
    if (v == 0) v = kNaN;  // GDAL's no-data value of a hillshade
  return g;
}

}  // namespace akichi::sim::serve

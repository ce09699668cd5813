#include "sim/serve/map_layer.h"

#include <atomic>
#include <cmath>
#include <memory>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal.h>
#include <gdal_utils.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "viz/colormap.h"

namespace akichi::sim::serve {

namespace {

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds != nullptr) GDALClose(static_cast<GDALDatasetH>(ds));
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

GDALDatasetH h(const Dataset& d) {
  return static_cast<GDALDatasetH>(d.get());
}

/// An in-memory raster of `bands` bands of `type`, north-up, in `crs`.
Dataset mem_raster(const prop::Crs& crs, double west, double north, double cell, int nx, int ny,
                   int bands, GDALDataType type) {
  GDALDriverH mem = GDALGetDriverByName("MEM");
  Dataset ds(GDALCreate(mem, "", nx, ny, bands, type, nullptr));
  if (!ds) throw RuntimeError("GDAL: cannot create an in-memory raster: " + gdal_message());
  double gt[6] = {west, cell, 0, north, 0, -cell};
  GDALSetGeoTransform(h(ds), gt);
  GDALSetProjection(h(ds), crs.wkt().c_str());
  return ds;
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

/// `src` warped to Web Mercator (nearest neighbour, alpha from the source's last band when it is
/// one, else a new alpha band), as a PNG with its WGS 84 bounds.
LayerImage mercator_png(const Dataset& src, bool src_has_alpha) {
  Argv args = src_has_alpha ? Argv{"-of", "MEM", "-t_srs", "EPSG:3857", "-r", "near", "-srcalpha"}
                            : Argv{"-of", "MEM", "-t_srs", "EPSG:3857", "-r", "near", "-dstalpha"};
  GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(args.list, nullptr);
  GDALDatasetH in = h(src);
  int usage_error = 0;
  Dataset warped(GDALWarp("", nullptr, 1, &in, opts, &usage_error));
  GDALWarpAppOptionsFree(opts);
  if (!warped) throw RuntimeError("GDAL: cannot warp a map layer: " + gdal_message());

  static std::atomic<unsigned> counter{0};
  const std::string name = fmt::format("/vsimem/akichi-layer-{}.png", counter++);
  GDALDriverH png = GDALGetDriverByName("PNG");
  Dataset out(GDALCreateCopy(png, name.c_str(), h(warped), FALSE, nullptr, nullptr, nullptr));
  if (!out) throw RuntimeError("GDAL: cannot encode a map layer as PNG: " + gdal_message());
  out.reset();
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &size, TRUE);
  LayerImage image;
  image.png.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  CPLFree(bytes);

  double gt[6];
  GDALGetGeoTransform(h(warped), gt);
  double west = gt[0], north = gt[3];
  double east = gt[0] + gt[1] * GDALGetRasterXSize(h(warped));
  double south = gt[3] + gt[5] * GDALGetRasterYSize(h(warped));
  const prop::Transformer to_wgs84(prop::Crs::from_epsg(3857), prop::Crs::wgs84());
  to_wgs84.transform(west, north);
  to_wgs84.transform(east, south);
  image.west = west;
  image.north = north;
  image.east = east;
  image.south = south;
  return image;
}

}  // namespace

LayerImage colour_layer(const LayerGrid& g, std::string_view colormap, double vmin, double vmax) {
  const QuietGdal quiet;
  Dataset ds = mem_raster(g.crs, g.west_m, g.north_m, g.cell_m, g.nx, g.ny, 4, GDT_Byte);
  const std::size_t n = static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny);
  std::vector<GByte> rgba(4 * n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const float v = g.values[i];
    if (std::isnan(v)) continue;  // transparent
    const double t = vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
    const viz::Rgb c = viz::colormap(colormap, t);
    rgba[i] = static_cast<GByte>(std::lround(255 * c.r));
    rgba[n + i] = static_cast<GByte>(std::lround(255 * c.g));
    rgba[2 * n + i] = static_cast<GByte>(std::lround(255 * c.b));
    rgba[3 * n + i] = 255;
  }
  for (int b = 0; b < 4; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(h(ds), b + 1);
    if (GDALRasterIO(band, GF_Write, 0, 0, g.nx, g.ny, rgba.data() + b * n, g.nx, g.ny, GDT_Byte, 0,
                     0) != CE_None)
      throw RuntimeError("GDAL: cannot fill a map layer: " + gdal_message());
    GDALSetRasterColorInterpretation(band, static_cast<GDALColorInterp>(GCI_RedBand + b));
  }
  return mercator_png(ds, true);
}

LayerImage hillshade_layer(const prop::TerrainGrid& t, const prop::Crs& crs) {
  const QuietGdal quiet;
  // Terrain nodes are points: each becomes the centre of a pixel; rows from the north.
  const double s = t.step_m();
  Dataset dem = mem_raster(crs, t.x0_m() - 0.5 * s, t.y0_m() + (t.ny() - 0.5) * s, s, t.nx(),
                           t.ny(), 1, GDT_Float32);
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
  return mercator_png(shade, false);
}

std::string png_data_url(const std::string& png) {
  char* b64 =
      CPLBase64Encode(static_cast<int>(png.size()), reinterpret_cast<const GByte*>(png.data()));
  std::string out = std::string("data:image/png;base64,") + b64;
  CPLFree(b64);
  return out;
}

}  // namespace akichi::sim::serve

// Terrain from any GDAL raster, reprojected and resampled onto the lattice with GDAL's warper.
//
// The target is an in-memory Float32 raster in the study CRS whose pixel CENTRES are the lattice
// nodes: geotransform origin (xmin - step/2, ymax_node + step/2), pixel size (step, -step).
// GDAL rows run north to south, TerrainGrid row 0 is the southernmost: rows are flipped on read.
// Samples that the warper cannot fill (source nodata, outside the raster's footprint) keep the
// target's nodata value and are counted before NodataPolicy is applied.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "propagation/terrain/terrain.h"

namespace akichi::prop {
namespace {

// Target nodata: far below any terrain, exactly representable in Float32.
constexpr double kTargetNodata = -3.0e38;

bool is_nodata(float v) {
  return !(v > -1.0e38f);  // also true for NaN
}

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds != nullptr) GDALClose(static_cast<GDALDatasetH>(ds));
  }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

GDALResampleAlg resampling_from_name(const std::string& name) {
  static const std::map<std::string, GDALResampleAlg> algs = {
      {"near", GRA_NearestNeighbour},   {"bilinear", GRA_Bilinear}, {"cubic", GRA_Cubic},
      {"cubicspline", GRA_CubicSpline}, {"lanczos", GRA_Lanczos},   {"average", GRA_Average},
  };
  const auto it = algs.find(name);
  if (it == algs.end()) {
    throw InputError(format_input_error(
        {}, "terrain.resampling", "\"" + name + "\"",
        "one of \"near\", \"bilinear\", \"cubic\", \"cubicspline\", \"lanczos\", \"average\""));
  }
  return it->second;
}

[[noreturn]] void fail(const std::string& path, const std::string& found,
                       const std::string& expected) {
  throw InputError(format_input_error({path}, "", found, expected));
}

/// A text grid (ESRI ASCII, GRASS ASCII) holds each cell as a number and a separator, at least
/// two bytes: a header declaring more cells than the file can hold is refused before a cell is
/// read. (GDAL would otherwise look for the missing rows again and again while warping: a header
/// claiming 1,000,000 rows kept a run busy for minutes.)
void check_text_grid_size(const std::string& path, GDALDatasetH ds) {
  const char* driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
  if (driver == nullptr ||
      (std::string_view(driver) != "AAIGrid" && std::string_view(driver) != "GRASSASCIIGrid")) {
    return;
  }
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) return;
  const auto nx = static_cast<std::uint64_t>(GDALGetRasterXSize(ds));
  const auto ny = static_cast<std::uint64_t>(GDALGetRasterYSize(ds));
  const std::uint64_t least = 2 * nx * ny - 1;  // "v v ... v": no separator after the last
  if (static_cast<std::uint64_t>(st.st_size) < least) {
    fail(path,
         fmt::format("a header declaring {} x {} cells (at least {} bytes of values) in a file of "
                     "{} bytes",
                     nx, ny, least, st.st_size),
         "a grid whose ncols and nrows match the values the file holds");
  }
}

/// The user's raster, checked: readable, the band exists, a CRS and a geotransform.
struct Source {
  DatasetPtr ds;
  OGRSpatialReferenceH srs = nullptr;
  double gt[6] = {};
  int has_nodata = 0;
  double nodata = 0;
};

Source open_source(const RasterTerrainOptions& options) {
  const std::string& path = options.path;
  Source s;
  s.ds.reset(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                        nullptr, nullptr, nullptr));
  if (!s.ds)
    fail(path, "a file GDAL cannot open as a raster (" + gdal_message() + ")",
         "a readable raster (GeoTIFF, SRTM .hgt, ...)");
  check_text_grid_size(path, s.ds.get());
  const int band_count = GDALGetRasterCount(s.ds.get());
  if (options.band < 1 || options.band > band_count) {
    throw InputError(format_input_error({path}, "terrain.band", std::to_string(options.band),
                                        fmt::format("a band between 1 and {}", band_count)));
  }
  s.srs = GDALGetSpatialRef(s.ds.get());
  if (s.srs == nullptr || OGRSpatialReference::FromHandle(s.srs)->IsEmpty()) {
    fail(path, "a raster without a coordinate reference system",
         "a georeferenced raster (add one with gdal_edit.py -a_srs)");
  }
  if (GDALGetGeoTransform(s.ds.get(), s.gt) != CE_None) {
    fail(path, "a raster without a geotransform", "a georeferenced raster");
  }
  s.nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(s.ds.get(), options.band), &s.has_nodata);
  return s;
}

/// The in-memory Float32 target in the study CRS whose pixel centres are the lattice nodes.
DatasetPtr make_target(const Crs& target, const TerrainLattice& lattice) {
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) throw RuntimeError("GDAL has no MEM driver");
  DatasetPtr dst(GDALCreate(mem, "", lattice.nx(), lattice.ny(), 1, GDT_Float32, nullptr));
  if (!dst) throw RuntimeError("cannot create the in-memory terrain raster: " + gdal_message());
  const double step = lattice.step_m;
  const double y_top = lattice.extent.ymin_m + (lattice.ny() - 1) * step;
  double dst_gt[6] = {lattice.extent.xmin_m - step / 2, step, 0, y_top + step / 2, 0, -step};
  GDALSetGeoTransform(dst.get(), dst_gt);
  GDALSetSpatialRef(dst.get(),
                    static_cast<OGRSpatialReferenceH>(const_cast<void*>(target.native())));
  GDALSetRasterNoDataValue(GDALGetRasterBand(dst.get(), 1), kTargetNodata);
  return dst;
}

/// Whether `alg` interpolates between source pixels (rather than aggregating the pixels under a
/// target pixel).
bool interpolates(GDALResampleAlg alg) {
  return alg == GRA_NearestNeighbour || alg == GRA_Bilinear || alg == GRA_Cubic ||
         alg == GRA_CubicSpline || alg == GRA_Lanczos;
}

/// Whether `value` is within 1e-6 of a whole number; that number in `whole`.
bool near_whole(double value, long long& whole) {
  const double r = std::round(value);
  if (!(std::abs(value - r) <= 1e-6) || std::abs(r) > 1e15) return false;
  whole = static_cast<long long>(r);
  return true;
}

/// Posts [c0, c0 + nx) x [r0, r0 + ny) of the source's band, rows north first as the file
/// holds them.
std::vector<float> read_posts(const RasterTerrainOptions& options, const Source& src, long long c0,
                              long long r0, int nx, int ny) {
  std::vector<float> posts(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  if (GDALRasterIO(GDALGetRasterBand(src.ds.get(), options.band), GF_Read, static_cast<int>(c0),
                   static_cast<int>(r0), nx, ny, posts.data(), nx, ny, GDT_Float32, 0,
                   0) != CE_None) {
    fail(options.path, "a raster GDAL cannot read (" + gdal_message() + ")",
         "a raster readable over the study area");
  }
  return posts;
}

bool is_source_nodata(const Source& src, float v) {
  return std::isnan(v) || (src.has_nodata && v == static_cast<float>(src.nodata));
}

/// North-up rows -> row 0 southernmost, as TerrainGrid keeps them.
std::vector<float> south_first(const std::vector<float>& north_up, int nx, int ny) {
  std::vector<float> z(north_up.size());
  for (int r = 0; r < ny; ++r) {
    std::copy_n(north_up.begin() + static_cast<std::ptrdiff_t>(r) * nx, nx,
                z.begin() + static_cast<std::ptrdiff_t>(ny - 1 - r) * nx);
  }
  return z;
}

/// When every lattice node is a post of the source (same CRS, north up, unrotated, square
/// pixels of the lattice's step, nodes on pixel centres) and the source covers the lattice,
/// copies those posts into the target as they are and returns true: no resampling at all.
/// Source nodata becomes kTargetNodata. Otherwise returns false and writes nothing.
bool copy_posts(const RasterTerrainOptions& options, const Source& src, GDALDatasetH dst,
                const Crs& target, const TerrainLattice& lattice) {
  const double* gt = src.gt;
  const double step = lattice.step_m;
  const double tol = 1e-9 * step;
  if (gt[2] != 0 || gt[4] != 0 || !(gt[1] > 0) || !(gt[5] < 0)) return false;
  if (std::abs(gt[1] - step) > tol || std::abs(-gt[5] - step) > tol) return false;
  if (!OGRSpatialReference::FromHandle(src.srs)->IsSame(
          static_cast<const OGRSpatialReference*>(target.native())))
    return false;
  const int nx = lattice.nx(), ny = lattice.ny();
  const double y_top = lattice.extent.ymin_m + (ny - 1) * step;
  long long c0 = 0, r0 = 0;
  if (!near_whole((lattice.extent.xmin_m - (gt[0] + 0.5 * gt[1])) / gt[1], c0) ||
      !near_whole(((gt[3] + 0.5 * gt[5]) - y_top) / -gt[5], r0))
    return false;
  if (c0 < 0 || r0 < 0 || c0 + nx > GDALGetRasterXSize(src.ds.get()) ||
      r0 + ny > GDALGetRasterYSize(src.ds.get()))
    return false;
  std::vector<float> posts = read_posts(options, src, c0, r0, nx, ny);
  for (float& v : posts) {
    if (is_source_nodata(src, v)) v = static_cast<float>(kTargetNodata);
  }
  if (GDALRasterIO(GDALGetRasterBand(dst, 1), GF_Write, 0, 0, nx, ny, posts.data(), nx, ny,
                   GDT_Float32, 0, 0) != CE_None) {
    throw RuntimeError("cannot write the in-memory terrain raster: " + gdal_message());
  }
  return true;
}

/// Reprojects and resamples band `options.band` of the source onto the target with GDAL's
/// warper; samples it cannot fill keep kTargetNodata.
void warp_onto(const RasterTerrainOptions& options, GDALResampleAlg alg, const Source& src,
               GDALDatasetH dst, const Crs& target) {
  const std::string& path = options.path;
  void* raw_transformer = GDALCreateGenImgProjTransformer2(src.ds.get(), dst, nullptr);
  if (raw_transformer == nullptr) {
    fail(path, "a CRS that cannot be transformed to " + target.name() + " (" + gdal_message() + ")",
         "a raster in a CRS PROJ can convert");
  }
  // Approximation error bound 0.001 source pixel: negligible against any resampling, and far
  // cheaper than transforming every target pixel.
  void* transformer = GDALCreateApproxTransformer(GDALGenImgProjTransform, raw_transformer, 0.001);
  GDALApproxTransformerOwnsSubtransformer(transformer, TRUE);

  GDALWarpOptions* wo = GDALCreateWarpOptions();
  wo->hSrcDS = src.ds.get();
  wo->hDstDS = dst;
  wo->nBandCount = 1;
  wo->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  wo->panSrcBands[0] = options.band;
  wo->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  wo->panDstBands[0] = 1;
  wo->eResampleAlg = alg;
  wo->eWorkingDataType = GDT_Float32;
  if (src.has_nodata) {
    wo->padfSrcNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
    wo->padfSrcNoDataReal[0] = src.nodata;
  }
  wo->padfDstNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
  wo->padfDstNoDataReal[0] = kTargetNodata;
  wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "NO_DATA");
  if (interpolates(alg)) {
    // GDAL widens an interpolating kernel by the ratio of target to source pixel size when the
    // target is coarser (a bilinear "triangle" over 2 x ratio source pixels): an average that
    // lowers every ridge narrower than a node spacing. A kernel of its own width instead
    // interpolates the DEM's posts at the node, as a profile sample does.
    wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "XSCALE", "1");
    wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "YSCALE", "1");
  }
  wo->pfnTransformer = GDALApproxTransform;
  wo->pTransformerArg = transformer;

  CPLErr warp_err = CE_Failure;
  {
    GDALWarpOperation op;
    if (op.Initialize(wo) == CE_None)
      warp_err = op.ChunkAndWarpImage(0, 0, GDALGetRasterXSize(dst), GDALGetRasterYSize(dst));
  }
  const std::string warp_message = gdal_message();
  GDALDestroyApproxTransformer(transformer);
  wo->pTransformerArg = nullptr;
  GDALDestroyWarpOptions(wo);
  if (warp_err != CE_None) {
    fail(path, "a raster GDAL cannot warp (" + warp_message + ")",
         "a raster readable over the study area");
  }
}

void read_band(GDALRasterBandH band, std::vector<float>& north_up, int nx, int ny) {
  if (GDALRasterIO(band, GF_Read, 0, 0, nx, ny, north_up.data(), nx, ny, GDT_Float32, 0, 0) !=
      CE_None) {
    throw RuntimeError("cannot read the warped terrain: " + gdal_message());
  }
}

std::int64_t count_nodata(const std::vector<float>& v) {
  return static_cast<std::int64_t>(std::count_if(v.begin(), v.end(), is_nodata));
}

/// Applies terrain.nodata to the `nodata` samples without data: an input error, a fixed
/// height, or inverse-distance interpolation from the valid neighbours (GDALFillNodata over
/// the whole grid; the mean of the valid samples where even that leaves a void).
void apply_nodata_policy(const RasterTerrainOptions& options, std::int64_t nodata,
                         GDALRasterBandH band, std::vector<float>& north_up, int nx, int ny) {
  const std::string& path = options.path;
  const auto n_total = static_cast<std::int64_t>(north_up.size());
  switch (options.nodata) {
    case NodataPolicy::Error:
      throw InputError(fmt::format(
          "{}: {} of {} terrain samples have no data ({:.2f}%), expected full coverage of the "
          "study area; set terrain.nodata = \"fill\" or \"nearest\"",
          path, nodata, n_total, 100.0 * static_cast<double>(nodata) / n_total));
    case NodataPolicy::Fill:
      for (float& v : north_up) {
        if (is_nodata(v)) v = static_cast<float>(options.fill_value_m);
      }
      return;
    case NodataPolicy::Nearest: {
      const double max_search_px = static_cast<double>(std::max(nx, ny));
      if (GDALFillNodata(band, nullptr, max_search_px, 0, 0, nullptr, nullptr, nullptr) !=
          CE_None) {
        throw RuntimeError(path + ": filling terrain voids failed: " + gdal_message());
      }
      read_band(band, north_up, nx, ny);
      if (count_nodata(north_up) == 0) return;
      double sum = 0;
      std::int64_t valid = 0;
      for (float v : north_up) {
        if (!is_nodata(v)) {
          sum += v;
          ++valid;
        }
      }
      const auto mean = static_cast<float>(sum / static_cast<double>(valid));
      for (float& v : north_up) {
        if (is_nodata(v)) v = mean;
      }
      return;
    }
  }
}

}  // namespace

TerrainGrid load_raster_terrain(const RasterTerrainOptions& options, const Crs& target,
                                const TerrainLattice& lattice, RasterTerrainReport* report) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  const GDALResampleAlg alg = resampling_from_name(options.resampling);
  const int nx = lattice.nx();
  const int ny = lattice.ny();
  const std::string& path = options.path;
  QuietGdal quiet;

  const Source src = open_source(options);
  DatasetPtr dst = make_target(target, lattice);
  if (!copy_posts(options, src, dst.get(), target, lattice))
    warp_onto(options, alg, src, dst.get(), target);
  GDALRasterBandH dst_band = GDALGetRasterBand(dst.get(), 1);

  std::vector<float> north_up(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  read_band(dst_band, north_up, nx, ny);
  const std::int64_t nodata = count_nodata(north_up);
  const auto n_total = static_cast<std::int64_t>(north_up.size());
  if (report != nullptr) {
    report->nodata_samples = nodata;
    report->total_samples = n_total;
    const char* name = OSRGetName(src.srs);
    report->source_crs_name = name != nullptr ? name : "";
    report->source_pixel_size = std::hypot(src.gt[1], src.gt[2]);
  }
  if (nodata == n_total) {
    fail(path, fmt::format("no data on any of the {} terrain samples", n_total),
         "a raster that covers the study area");
  }
  if (nodata > 0) apply_nodata_policy(options, nodata, dst_band, north_up, nx, ny);

  std::vector<float> z = south_first(north_up, nx, ny);
  return TerrainGrid(lattice.extent.xmin_m, lattice.extent.ymin_m, lattice.step_m, nx, ny,
                     std::move(z));
}

std::shared_ptr<const SourcePosts> load_source_posts(const RasterTerrainOptions& options,
                                                     const Crs& target, const Extent& extent,
                                                     bool aligned) {
  if (aligned || options.resampling != "bilinear") return nullptr;
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  QuietGdal quiet;
  const Source src = open_source(options);
  double inv_gt[6];
  if (!GDALInvGeoTransform(const_cast<double*>(src.gt), inv_gt)) {
    fail(options.path, "a geotransform that cannot be inverted", "a georeferenced raster");
  }

  // The table: nodes every 250 m over the extent (coarser on very large extents, at most 1024
  // per axis), one more node beyond each edge so that every point of the extent is
  // interpolated, never extrapolated.
  const double span = std::max(extent.width_m(), extent.height_m());
  const double step = std::max(250.0, span / 1000.0);
  const int tnx = static_cast<int>(std::ceil(extent.width_m() / step)) + 3;
  const int tny = static_cast<int>(std::ceil(extent.height_m() / step)) + 3;
  const double tx0 = extent.xmin_m - step, ty0 = extent.ymin_m - step;
  const auto size = static_cast<std::size_t>(tnx) * static_cast<std::size_t>(tny);
  std::vector<double> px(size), py(size);  // pixel coordinates in the file (0.5 = first post)
  {
    char* wkt = nullptr;
    OGRSpatialReference::FromHandle(src.srs)->exportToWkt(&wkt);
    const Crs source = Crs::from_user_input(wkt != nullptr ? wkt : "", options.path + ": CRS");
    CPLFree(wkt);
    const Transformer to_source(target, source);
    try {
      for (int b = 0; b < tny; ++b) {
        for (int a = 0; a < tnx; ++a) {
          double x = tx0 + a * step, y = ty0 + b * step;
          to_source.transform(x, y);
          const std::size_t k = static_cast<std::size_t>(b) * tnx + a;
          px[k] = inv_gt[0] + inv_gt[1] * x + inv_gt[2] * y;
          py[k] = inv_gt[3] + inv_gt[4] * x + inv_gt[5] * y;
        }
      }
    } catch (const RuntimeError&) {
      return nullptr;  // a node PROJ cannot transform: the lattice, as the warper makes it
    }
  }
  // The window of posts under the table, one post of margin, within the raster.
  const auto [pxmin, pxmax] = std::minmax_element(px.begin(), px.end());
  const auto [pymin, pymax] = std::minmax_element(py.begin(), py.end());
  const int cols = GDALGetRasterXSize(src.ds.get()), rows = GDALGetRasterYSize(src.ds.get());
  const auto post_floor = [](double p) { return static_cast<long long>(std::floor(p - 0.5)) - 1; };
  const auto post_ceil = [](double p) { return static_cast<long long>(std::ceil(p - 0.5)) + 1; };
  const long long c0 = std::max(0LL, post_floor(*pxmin));
  const long long c1 = std::min<long long>(cols - 1, post_ceil(*pxmax));
  const long long r0 = std::max(0LL, post_floor(*pymin));
  const long long r1 = std::min<long long>(rows - 1, post_ceil(*pymax));
  if (c1 - c0 < 1 || r1 - r0 < 1) return nullptr;
  const int wnx = static_cast<int>(c1 - c0 + 1), wny = static_cast<int>(r1 - r0 + 1);
  const std::vector<float> north_up = read_posts(options, src, c0, r0, wnx, wny);
  for (float v : north_up) {
    if (is_source_nodata(src, v)) return nullptr;
  }
  // Post (c, r) of the file is node (c - c0, r1 - r).
  std::vector<float> z = south_first(north_up, wnx, wny);
  std::vector<double> fi(size), fj(size);
  for (std::size_t k = 0; k < size; ++k) {
    fi[k] = px[k] - 0.5 - static_cast<double>(c0);
    fj[k] = static_cast<double>(r1) - (py[k] - 0.5);
  }
  return std::make_shared<const SourcePosts>(TerrainGrid(0, 0, 1, wnx, wny, std::move(z)), tx0, ty0,
                                             step, tnx, tny, std::move(fi), std::move(fj));
}

RasterGeometry probe_raster_terrain(const RasterTerrainOptions& options, const Crs& target,
                                    double centre_x_m, double centre_y_m) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  QuietGdal quiet;
  const Source src = open_source(options);
  const double* gt = src.gt;
  const auto* srs = OGRSpatialReference::FromHandle(src.srs);
  RasterGeometry g;
  g.columns = GDALGetRasterXSize(src.ds.get());
  g.rows = GDALGetRasterYSize(src.ds.get());
  const char* name = srs->GetName();
  g.crs_name = name != nullptr ? name : "";
  g.source_pixel_x = std::hypot(gt[1], gt[4]);
  g.source_pixel_y = std::hypot(gt[2], gt[5]);
  if (srs->IsGeographic()) {
    g.source_units = "degree";
  } else {
    const char* units = nullptr;
    srs->GetLinearUnits(&units);
    g.source_units = units != nullptr ? units : "";
  }
  const auto* study = static_cast<const OGRSpatialReference*>(target.native());
  if (srs->IsSame(study)) {
    g.pixel_x_m = g.source_pixel_x;
    g.pixel_y_m = g.source_pixel_y;
    g.aligned = gt[2] == 0 && gt[4] == 0 && gt[1] > 0 && gt[5] < 0 &&
                std::abs(gt[1] + gt[5]) <= 1e-9 * gt[1];
    g.post_x_m = gt[0] + 0.5 * gt[1];
    g.post_y_m = gt[3] + 0.5 * gt[5];
    return g;
  }
  // Another CRS: one pixel step from the source point under the study area's centre, along
  // the raster's columns and rows, measured in the study CRS.
  char* wkt = nullptr;
  srs->exportToWkt(&wkt);
  const Crs source = Crs::from_user_input(wkt != nullptr ? wkt : "", options.path + ": CRS");
  CPLFree(wkt);
  const Transformer to_source(target, source);
  const Transformer to_study(source, target);
  double sx = centre_x_m, sy = centre_y_m;
  to_source.transform(sx, sy);
  double x0 = sx, y0 = sy, x1 = sx + gt[1], y1 = sy + gt[4], x2 = sx + gt[2], y2 = sy + gt[5];
  to_study.transform(x0, y0);
  to_study.transform(x1, y1);
  to_study.transform(x2, y2);
  g.pixel_x_m = std::hypot(x1 - x0, y1 - y0);
  g.pixel_y_m = std::hypot(x2 - x0, y2 - y0);
  if (!(g.resolution_m() > 0) || !std::isfinite(g.resolution_m())) {
    fail(options.path,
         fmt::format("pixels of {} x {} m seen from {}", g.pixel_x_m, g.pixel_y_m, target.name()),
         "a raster whose pixels have a size in the study CRS");
  }
  return g;
}

TerrainLattice native_lattice(const RasterGeometry& geometry, const Extent& extent) {
  const double step = geometry.resolution_m();
  if (!geometry.aligned) return {extent, step};
  Extent e = extent;
  e.xmin_m = geometry.post_x_m + std::floor((extent.xmin_m - geometry.post_x_m) / step) * step;
  e.ymin_m = geometry.post_y_m + std::floor((extent.ymin_m - geometry.post_y_m) / step) * step;
  return {e, step};
}

}  // namespace akichi::prop

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
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include <fmt/format.h>

#include "propagation/errors.h"
#include "propagation/geo/gdal_quiet.h"
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

  // --- source --------------------------------------------------------------------------------
  DatasetPtr src(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                            nullptr, nullptr, nullptr));
  if (!src)
    fail(path, "a file GDAL cannot open as a raster (" + gdal_message() + ")",
         "a readable raster (GeoTIFF, SRTM .hgt, ...)");
  const int band_count = GDALGetRasterCount(src.get());
  if (options.band < 1 || options.band > band_count) {
    throw InputError(format_input_error({path}, "terrain.band", std::to_string(options.band),
                                        fmt::format("a band between 1 and {}", band_count)));
  }
  OGRSpatialReferenceH src_srs = GDALGetSpatialRef(src.get());
  if (src_srs == nullptr || OGRSpatialReference::FromHandle(src_srs)->IsEmpty()) {
    fail(path, "a raster without a coordinate reference system",
         "a georeferenced raster (add one with gdal_edit.py -a_srs)");
  }
  double src_gt[6];
  if (GDALGetGeoTransform(src.get(), src_gt) != CE_None) {
    fail(path, "a raster without a geotransform", "a georeferenced raster");
  }
  GDALRasterBandH src_band = GDALGetRasterBand(src.get(), options.band);
  int has_src_nodata = 0;
  const double src_nodata = GDALGetRasterNoDataValue(src_band, &has_src_nodata);

  // --- target: pixel centres on the lattice nodes ---------------------------------------------
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) throw RuntimeError("GDAL has no MEM driver");
  DatasetPtr dst(GDALCreate(mem, "", nx, ny, 1, GDT_Float32, nullptr));
  if (!dst) throw RuntimeError("cannot create the in-memory terrain raster: " + gdal_message());
  const double step = lattice.step_m;
  const double x0 = lattice.extent.xmin_m;
  const double y0 = lattice.extent.ymin_m;
  const double y_top = y0 + (ny - 1) * step;
  double dst_gt[6] = {x0 - step / 2, step, 0, y_top + step / 2, 0, -step};
  GDALSetGeoTransform(dst.get(), dst_gt);
  GDALSetSpatialRef(dst.get(),
                    static_cast<OGRSpatialReferenceH>(const_cast<void*>(target.native())));
  GDALRasterBandH dst_band = GDALGetRasterBand(dst.get(), 1);
  GDALSetRasterNoDataValue(dst_band, kTargetNodata);

  // --- warp ----------------------------------------------------------------------------------
  void* raw_transformer = GDALCreateGenImgProjTransformer2(src.get(), dst.get(), nullptr);
  if (raw_transformer == nullptr) {
    fail(path, "a CRS that cannot be transformed to " + target.name() + " (" + gdal_message() + ")",
         "a raster in a CRS PROJ can convert");
  }
  // Approximation error bound 0.001 source pixel: negligible against any resampling, and far
  // cheaper than transforming every target pixel.
  void* transformer = GDALCreateApproxTransformer(GDALGenImgProjTransform, raw_transformer, 0.001);
  GDALApproxTransformerOwnsSubtransformer(transformer, TRUE);

  GDALWarpOptions* wo = GDALCreateWarpOptions();
  wo->hSrcDS = src.get();
  wo->hDstDS = dst.get();
  wo->nBandCount = 1;
  wo->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  wo->panSrcBands[0] = options.band;
  wo->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  wo->panDstBands[0] = 1;
  wo->eResampleAlg = alg;
  wo->eWorkingDataType = GDT_Float32;
  if (has_src_nodata) {
    wo->padfSrcNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
    wo->padfSrcNoDataReal[0] = src_nodata;
  }
  wo->padfDstNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
  wo->padfDstNoDataReal[0] = kTargetNodata;
  wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "NO_DATA");
  wo->pfnTransformer = GDALApproxTransform;
  wo->pTransformerArg = transformer;

  CPLErr warp_err = CE_Failure;
  {
    GDALWarpOperation op;
    if (op.Initialize(wo) == CE_None) warp_err = op.ChunkAndWarpImage(0, 0, nx, ny);
  }
  const std::string warp_message = gdal_message();
  GDALDestroyApproxTransformer(transformer);
  wo->pTransformerArg = nullptr;
  GDALDestroyWarpOptions(wo);
  if (warp_err != CE_None) {
    fail(path, "a raster GDAL cannot warp (" + warp_message + ")",
         "a raster readable over the study area");
  }

  // --- count nodata, apply the policy ---------------------------------------------------------
  const std::size_t total = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  std::vector<float> north_up(total);
  auto read_all = [&] {
    if (GDALRasterIO(dst_band, GF_Read, 0, 0, nx, ny, north_up.data(), nx, ny, GDT_Float32, 0, 0) !=
        CE_None) {
      throw RuntimeError("cannot read the warped terrain: " + gdal_message());
    }
  };
  read_all();
  const auto count_nodata = [&] {
    return static_cast<std::int64_t>(std::count_if(north_up.begin(), north_up.end(), is_nodata));
  };
  const std::int64_t nodata = count_nodata();
  const auto n_total = static_cast<std::int64_t>(total);
  if (report != nullptr) {
    report->nodata_samples = nodata;
    report->total_samples = n_total;
    const char* name = OSRGetName(src_srs);
    report->source_crs_name = name != nullptr ? name : "";
    report->source_pixel_size = std::hypot(src_gt[1], src_gt[2]);
  }
  if (nodata == n_total) {
    fail(path, fmt::format("no data on any of the {} terrain samples", n_total),
         "a raster that covers the study area");
  }
  if (nodata > 0) {
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
        break;
      case NodataPolicy::Nearest: {
        // Inverse-distance interpolation from the valid neighbours over the whole grid.
        const double max_search_px = static_cast<double>(std::max(nx, ny));
        if (GDALFillNodata(dst_band, nullptr, max_search_px, 0, 0, nullptr, nullptr, nullptr) !=
            CE_None) {
          throw RuntimeError(path + ": filling terrain voids failed: " + gdal_message());
        }
        read_all();
        if (count_nodata() > 0) {
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
        }
        break;
      }
    }
  }

  // North-up rows -> row 0 southernmost.
  std::vector<float> z(total);
  for (int r = 0; r < ny; ++r) {
    std::copy_n(north_up.begin() + static_cast<std::ptrdiff_t>(r) * nx, nx,
                z.begin() + static_cast<std::ptrdiff_t>(ny - 1 - r) * nx);
  }
  return TerrainGrid(x0, y0, step, nx, ny, std::move(z));
}

}  // namespace akichi::prop

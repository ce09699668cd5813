// What the readers of vector files share: GDAL driver registration, owning handles for OGR
// objects and the conversion of OGR polygons to Boost.Geometry. Included by .cpp files of
// propagation/ only (it brings in the GDAL headers).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "propagation/geo/crs.h"
#include "propagation/geo/geometry.h"

namespace akichi::prop::ogr {

/// GDALAllRegister(), once per process.
void register_drivers();

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const {
    OGRCoordinateTransformation::DestroyCT(ct);
  }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// The rings of an OGR polygon as they are (orientation and closure not corrected).
Polygon2 to_polygon(const OGRPolygon& poly);

/// Opens `path` read-only as a vector file, GDAL kept quiet. `open_options`: a null-terminated
/// list of driver open options, or null. Throws InputError "PATH: vector file: found 'GDAL's
/// message', expected EXPECTED" when OGR cannot open it.
DatasetPtr open_vector(const std::string& path, std::string_view expected,
                       const char* const* open_options = nullptr);

/// The transformation from the CRS of `layer` to `target`, both in x = easting / longitude
/// order. A layer without a CRS is WGS 84 longitude/latitude (RFC 7946 for GeoJSON).
/// `source_name` (may be null) receives the name of the layer's CRS ("?" when it has none).
/// Throws InputError "PATH: crs: found 'NAME', expected a CRS that can be converted to TARGET"
/// when GDAL has no such transformation.
TransformPtr transform_to(OGRLayer& layer, const Crs& target, const std::string& path,
                          std::string* source_name = nullptr);

}  // namespace akichi::prop::ogr

// What the readers of vector files share: GDAL driver registration, owning handles for OGR
// objects and the conversion of OGR polygons to Boost.Geometry. Included by .cpp files of
// propagation/ only (it brings in the GDAL headers).
#pragma once

#include <memory>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

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

}  // namespace akichi::prop::ogr

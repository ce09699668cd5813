// Vector-file reading through OGR: polygon features of any OGR vector format, reprojected to the
// study CRS and handed over as Boost.Geometry polygons.
#include "propagation/geo/geometry.h"

#include <memory>
#include <mutex>
#include <string>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_core.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/gdal_quiet.h"
#include "propagation/geo/ogr_support.h"

namespace akichi::prop {

bool valid_polygon(const Polygon2& poly, std::string& reason) {
  bg::model::box<Point2> shell;
  bg::envelope(poly.outer(), shell);
  for (const auto& ring : poly.inners()) {
    for (const Point2& p : ring) {
      if (!bg::covered_by(p, shell)) {
        reason = "Geometry has interior rings defined outside the outer boundary";
        return false;
      }
    }
  }
  return bg::is_valid(poly, reason);
}

namespace {

std::string feature_field(GIntBig fid) {
  return "feature " + std::to_string(fid);
}

const char* geometry_type_name(const OGRGeometry* g) {
  return g == nullptr ? "no geometry" : OGRGeometryTypeToName(g->getGeometryType());
}

}  // namespace

namespace ogr {

void register_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

Polygon2 to_polygon(const OGRPolygon& poly) {
  const auto append = [](const OGRLinearRing& ring, bg::model::ring<Point2>& dst) {
    dst.reserve(static_cast<std::size_t>(ring.getNumPoints()));
    for (int i = 0; i < ring.getNumPoints(); ++i) dst.emplace_back(ring.getX(i), ring.getY(i));
  };
  Polygon2 out;
  if (const OGRLinearRing* exterior = poly.getExteriorRing()) append(*exterior, out.outer());
  for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
    out.inners().emplace_back();
    append(*poly.getInteriorRing(i), out.inners().back());
  }
  return out;
}

DatasetPtr open_vector(const std::string& path, std::string_view expected,
                       const char* const* open_options) {
  const QuietGdal quiet;
  DatasetPtr ds(GDALDataset::FromHandle(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options, nullptr)));
  if (!ds) {
    const bool said = !quiet.errors().empty() || *CPLGetLastErrorMsg() != '\0';
    const std::string reason = gdal_message();
    throw_input_error(gdal_location(path, reason), "vector file",
                      said ? fmt::format("'{}'", reason) : "a file OGR cannot open", expected);
  }
  return ds;
}

TransformPtr transform_to(OGRLayer& layer, const Crs& target, const std::string& path,
                          std::string* source_name) {
  OGRSpatialReference source;
  if (const OGRSpatialReference* layer_srs = layer.GetSpatialRef()) {
    source = *layer_srs;
  } else {
    source.importFromEPSG(4326);
  }
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const std::string name = source.GetName() ? source.GetName() : "?";
  if (source_name != nullptr) *source_name = name;
  OGRSpatialReference dest(*static_cast<const OGRSpatialReference*>(target.native()));
  dest.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  TransformPtr ct(OGRCreateCoordinateTransformation(&source, &dest));
  if (!ct) {
    throw_input_error({path}, "crs", "'" + name + "'",
                      "a CRS that can be converted to " + target.name());
  }
  return ct;
}

}  // namespace ogr

MultiPolygon2 read_polygons(const std::string& path, const Crs& target) {
  ogr::register_drivers();
  const InputLocation where{path, 0, 0};

  ogr::DatasetPtr ds =
      ogr::open_vector(path, "a readable vector file (GeoJSON, GeoPackage, Shapefile, ...)");
  if (ds->GetLayerCount() < 1) {
    throw_input_error(where, "vector file", "no layer", "at least one layer of polygons");
  }
  OGRLayer* layer = ds->GetLayer(0);
  std::string source_name;
  const ogr::TransformPtr ct = ogr::transform_to(*layer, target, path, &source_name);

  MultiPolygon2 result;
  layer->ResetReading();
  for (ogr::FeaturePtr feature(layer->GetNextFeature()); feature;
       feature.reset(layer->GetNextFeature())) {
    const GIntBig fid = feature->GetFID();
    const OGRGeometry* geom = feature->GetGeometryRef();
    const OGRwkbGeometryType type = geom == nullptr ? wkbNone : wkbFlatten(geom->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) {
      throw_input_error(where, feature_field(fid), geometry_type_name(geom),
                        "a Polygon or MultiPolygon");
    }
    std::unique_ptr<OGRGeometry> projected(geom->clone());
    if (projected->transform(ct.get()) != OGRERR_NONE) {
      throw_input_error(where, feature_field(fid), "coordinates that cannot be converted",
                        "coordinates in " + source_name);
    }

    MultiPolygon2 parts;
    if (type == wkbPolygon) {
      parts.push_back(ogr::to_polygon(*projected->toPolygon()));
    } else {
      for (const OGRPolygon* part : *projected->toMultiPolygon())
        parts.push_back(ogr::to_polygon(*part));
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
      Polygon2& poly = parts[k];
      bg::correct(poly);
      std::string reason;
      if (!valid_polygon(poly, reason)) {
        const std::string field = parts.size() > 1
                                      ? feature_field(fid) + " part " + std::to_string(k)
                                      : feature_field(fid);
        throw_input_error(where, field, "an invalid polygon (" + reason + ")",
                          "a valid polygon (closed, not self-intersecting rings)");
      }
    }
    // Overlapping features (or parts) are merged so that the result is a valid multipolygon
    // whose area is the area covered.
    for (const Polygon2& poly : parts) {
      MultiPolygon2 merged;
      bg::union_(result, poly, merged);
      result = std::move(merged);
    }
  }
  return result;
}

}  // namespace akichi::prop

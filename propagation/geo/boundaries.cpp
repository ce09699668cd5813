// Municipal boundaries through OGR: any vector format GDAL reads, reprojected with the layer's
// own CRS, grouped by code and clipped with Boost.Geometry.
#include "propagation/geo/boundaries.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include <ogr_core.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/geo/ogr_support.h"

namespace akichi::prop {
namespace {

std::string feature_field(GIntBig fid, const std::string& what = "") {
  return fmt::format("feature {}{}", fid, what.empty() ? "" : " " + what);
}

/// The index of attribute `name` in the layer, or an InputError listing the fields there are.
int field_index(OGRLayer& layer, const std::string& path, const std::string& name,
                const std::string& role) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const int i = defn->GetFieldIndex(name.c_str());
  if (i >= 0) return i;
  std::string fields;
  for (int k = 0; k < defn->GetFieldCount(); ++k)
    fields += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
  throw_input_error({path, 0, 0}, role, "no attribute '" + name + "'",
                    "an attribute of the layer" +
                        (fields.empty() ? std::string(" (it has none)") : " (" + fields + ")"));
}

/// A field's text, "" when null or unset.
std::string text_of(const OGRFeature& f, int i) {
  if (!f.IsFieldSetAndNotNull(i)) return {};
  return f.GetFieldAsString(i);
}

}  // namespace

Boundaries read_boundaries(const std::string& path, const Crs& target, const BoundaryFields& fields,
                           const Extent& clip) {
  ogr::register_drivers();
  const InputLocation where{path, 0, 0};
  ogr::DatasetPtr ds = ogr::open_vector(
      path, "a readable vector file of municipal boundaries (GeoJSON, GeoPackage, Shapefile, ...)");
  if (ds->GetLayerCount() < 1)
    throw_input_error(where, "vector file", "no layer", "a layer of municipal polygons");
  OGRLayer* layer = ds->GetLayer(0);
  Boundaries out;
  const ogr::TransformPtr ct = ogr::transform_to(*layer, target, path, &out.source_crs);
  const int code_i = field_index(*layer, path, fields.code, "code_field");
  std::vector<int> name_i;
  for (const std::string& n : fields.name)
    name_i.push_back(field_index(*layer, path, n, "name_field"));

  // Municipalities by code: std::map keeps them sorted, so the order does not depend on the
  // order of the features in the file.
  std::map<std::string, Boundary> by_code;
  const Polygon2 clip_box = [&] {
    Polygon2 b;
    bg::convert(bg::model::box<Point2>({clip.xmin_m, clip.ymin_m}, {clip.xmax_m, clip.ymax_m}), b);
    return b;
  }();
  layer->ResetReading();
  for (ogr::FeaturePtr feature(layer->GetNextFeature()); feature;
       feature.reset(layer->GetNextFeature())) {
    const GIntBig fid = feature->GetFID();
    const OGRGeometry* geom = feature->GetGeometryRef();
    if (geom == nullptr || geom->IsEmpty()) {
      throw_input_error(where, feature_field(fid, "geometry"), "a feature without geometry",
                        "a Polygon or MultiPolygon (the municipality's area)");
    }
    const OGRwkbGeometryType type = wkbFlatten(geom->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) {
      throw_input_error(where, feature_field(fid, "geometry"),
                        OGRGeometryTypeToName(geom->getGeometryType()),
                        "a Polygon or MultiPolygon (the municipality's area)");
    }
    ++out.features;
    const std::string code = text_of(*feature, code_i);
    if (code.empty()) {
      ++out.without_code;
      continue;
    }
    std::string name;
    for (int i : name_i) name += text_of(*feature, i);
    if (name.empty()) name = code;

    std::unique_ptr<OGRGeometry> projected(geom->clone());
    if (projected->transform(ct.get()) != OGRERR_NONE) {
      throw_input_error(where, feature_field(fid, "geometry"),
                        "coordinates that cannot be converted", "coordinates in " + out.source_crs);
    }
    MultiPolygon2 parts;
    if (type == wkbPolygon) {
      parts.push_back(ogr::to_polygon(*projected->toPolygon()));
    } else {
      for (const OGRPolygon* part : *projected->toMultiPolygon())
        parts.push_back(ogr::to_polygon(*part));
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
      bg::correct(parts[k]);
      std::string reason;
      if (!valid_polygon(parts[k], reason)) {
        throw_input_error(
            where, feature_field(fid, parts.size() > 1 ? "part " + std::to_string(k) : "geometry"),
            "an invalid polygon (" + reason + ")",
            "a valid polygon (closed, not self-intersecting rings; holes inside the outer ring)");
      }
    }
    auto [it, fresh] = by_code.try_emplace(code);
    Boundary& b = it->second;
    if (fresh) {
      b.code = code;
      b.name = name;
    } else if (b.name != name) {
      throw_input_error(where, feature_field(fid, fields.code),
                        fmt::format("code '{}' named '{}' here and '{}' in feature {}", code, name,
                                    b.name, b.fids.front()),
                        "one name per code (the features of one municipality)");
    }
    b.fids.push_back(fid);
    for (const Polygon2& poly : parts) {
      MultiPolygon2 merged;
      bg::union_(b.area, poly, merged);
      b.area = std::move(merged);
    }
  }
  for (auto& [code, b] : by_code) {
    MultiPolygon2 clipped;
    bg::intersection(b.area, clip_box, clipped);
    if (bg::area(clipped) <= 0.0) continue;
    b.area = std::move(clipped);
    out.municipalities.push_back(std::move(b));
  }
  return out;
}

std::vector<std::int32_t> assign_cells(const StudyGrid& grid, const std::vector<Boundary>& areas) {
  std::vector<bg::model::box<Point2>> boxes;
  for (const Boundary& b : areas) {
    // Polygon by polygon: the envelope of a whole multi-polygon goes through a Boost.Geometry
    // state that GCC at -O1 reports as maybe uninitialised.
    bg::model::box<Point2> box;
    bg::assign_inverse(box);
    for (const auto& polygon : b.area)
      bg::expand(box, bg::return_envelope<bg::model::box<Point2>>(polygon));
    boxes.push_back(box);
  }
  std::vector<std::int32_t> owner(grid.cells(), -1);
  for (int iy = 0; iy < grid.ny; ++iy) {
    for (int ix = 0; ix < grid.nx; ++ix) {
      const Point2 centre(grid.x(ix), grid.y(iy));
      for (std::size_t m = 0; m < areas.size(); ++m) {
        if (!bg::covered_by(centre, boxes[m]) || !bg::covered_by(centre, areas[m].area)) continue;
        owner[static_cast<std::size_t>(iy) * static_cast<std::size_t>(grid.nx) +
              static_cast<std::size_t>(ix)] = static_cast<std::int32_t>(m);
        break;
      }
    }
  }
  return owner;
}

}  // namespace akichi::prop

// Building footprints through OGR. See the header for what is read and how.
#include "propagation/surface/building_reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_core.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <Eigen/Dense>

#include "base/errors.h"
#include "base/text.h"
#include "propagation/geo/ogr_support.h"
#include "propagation/surface/citygml_lod2.h"
#include "propagation/surface/materials.h"

namespace akichi::prop {
namespace {

using GeometryPtr = std::unique_ptr<OGRGeometry>;

// P.2040-3 Table 3 rows that are building materials: concrete (1) ... metal (11).
constexpr std::size_t kFirstBuildingMaterial = 1, kLastBuildingMaterial = 11;

// Largest coordinate accepted, in the file's CRS and in the study's: 1e8 m is 2.5 times the
// Earth's circumference, far beyond any projected coordinate of a place on Earth (and degrees
// are smaller still).
constexpr double kMaxCoordinate = 1e8;

struct Alias {
  std::string_view alias, material;
};
constexpr Alias kAliases[] = {
    {"steel", "metal"},
    {"iron", "metal"},
    {"aluminium", "metal"},
    {"aluminum", "metal"},
    {"reinforced_concrete", "concrete"},
    {"rc", "concrete"},
    {"timber", "wood"},
    {"masonry", "brick"},
    {"gypsum", "plasterboard"},
};

struct UseWord {
  std::string_view word;
  BuildingUse use;
};
// find_building_use(): OpenStreetMap building=* values and TR 38.901 scenario names, normalised.
constexpr UseWord kUseWords[] = {
    {"office", BuildingUse::Office},
    {"commercial", BuildingUse::Office},
    {"retail", BuildingUse::Office},
    {"shop", BuildingUse::Office},
    {"school", BuildingUse::Office},
    {"university", BuildingUse::Office},
    {"college", BuildingUse::Office},
    {"hospital", BuildingUse::Office},
    {"hotel", BuildingUse::Office},
    {"public", BuildingUse::Office},
    {"civic", BuildingUse::Office},
    {"government", BuildingUse::Office},
    {"laboratory", BuildingUse::Office},
    {"inh", BuildingUse::Office},
    {"inh_office", BuildingUse::Office},
    {"inh_office_mixed", BuildingUse::Office},
    {"open_office", BuildingUse::OpenOffice},
    {"inh_open", BuildingUse::OpenOffice},
    {"inh_office_open", BuildingUse::OpenOffice},
    {"factory", BuildingUse::Factory},
    {"industrial", BuildingUse::Factory},
    {"manufacture", BuildingUse::Factory},
    {"production", BuildingUse::Factory},
    {"production_hall", BuildingUse::Factory},
    {"warehouse", BuildingUse::Factory},
    {"hangar", BuildingUse::Factory},
    {"workshop", BuildingUse::Factory},
    {"inf", BuildingUse::Factory},
    {"residential", BuildingUse::Other},
    {"house", BuildingUse::Other},
    {"detached", BuildingUse::Other},
    {"semidetached_house", BuildingUse::Other},
    {"apartments", BuildingUse::Other},
    {"terrace", BuildingUse::Other},
    {"dwelling", BuildingUse::Other},
    {"canteen", BuildingUse::Other},
    {"gatehouse", BuildingUse::Other},
    {"garage", BuildingUse::Other},
    {"other", BuildingUse::Other},
    {"yes", BuildingUse::Unspecified},
    {"unknown", BuildingUse::Unspecified},
    {"", BuildingUse::Unspecified},
};

std::string normalised(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out += (c == '-' || c == ' ') ? '_' : static_cast<char>(std::tolower(u));
  }
  return out;
}

std::string in_quotes(std::string_view s) {
  return fmt::format("\"{}\"", s);
}

/// A per-feature problem: thrown while one feature is read, caught by the loop (policy Skip).
struct FeatureFault {
  std::string message;
};

class FeatureReader {
 public:
  FeatureReader(const BuildingReadOptions& opts, OGRLayer& layer, OGRCoordinateTransformation& ct,
                BuildingReadReport& report, const citygml::Lod2Model* lod2, const Crs& study)
      : opts_(opts), where_{opts.path, 0, 0}, ct_(ct), report_(report), lod2_(lod2), study_(study) {
    if (lod2_ != nullptr) {
      for (std::size_t i = 0; i < lod2_->buildings.size(); ++i) {
        const citygml::Lod2Building& b = lod2_->buildings[i];
        if (!b.id.empty()) lod2_ids_.emplace(b.id, i);
        for (const citygml::Lod2Part& part : b.parts)
          has_roofs_ = has_roofs_ || !part.roofs.empty();
      }
    }
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const auto field_index = [&](const std::string& name, std::string_view what) {
      if (name.empty()) return -1;
      const int i = defn->GetFieldIndex(name.c_str());
      if (i < 0) {
        std::string fields;
        for (int k = 0; k < defn->GetFieldCount(); ++k)
          fields += fmt::format("{}{}", k ? ", " : "", defn->GetFieldDefn(k)->GetNameRef());
        throw_input_error(
            where_, std::string(what) + " attribute",
            in_quotes(name) + " (not an attribute of layer " + in_quotes(layer.GetName()) + ")",
            "one of the layer's attributes: " + (fields.empty() ? "(none)" : fields));
      }
      return i;
    };
    id_field_ = field_index(opts.id_attribute, "id");
    // GML features carry their gml:id (GDAL's field gml_id): it names the element in messages.
    if (id_field_ < 0) gml_id_field_ = defn->GetFieldIndex("gml_id");
    lod2_id_field_ = defn->GetFieldIndex("gml_id");
    if (!opts.storeys_attribute.empty()) {
      storeys_field_ = field_index(opts.storeys_attribute, "storeys");
    } else {
      height_name_ = opts.height_attribute.empty() ? "height" : opts.height_attribute;
      // A CityGML file with LOD2 roofs needs no height attribute unless one is named: the roofs
      // give the heights (a feature without roofs then needs it).
      if (!(has_roofs_ && opts.height_attribute.empty() && defn->GetFieldIndex("height") < 0))
        height_field_ = field_index(height_name_, "height");
    }
    material_field_ = field_index(opts.material_attribute, "material");
    use_field_ = field_index(opts.use_attribute, "use");
    thickness_field_ = field_index(opts.thickness_attribute, "thickness");
    if (!(opts.default_thickness_m >= 0) || !std::isfinite(opts.default_thickness_m)) {
      throw_input_error(where_, "default_thickness_m", fmt::format("{}", opts.default_thickness_m),
                        "a wall thickness > 0 (m), or 0 for the material's typical thickness");
    }
    const auto m = find_building_material(opts.default_material);
    if (!m) {
      throw_input_error(where_, "default_material", in_quotes(opts.default_material),
                        "one of " + building_material_names());
    }
    default_material_ = *m;
  }

  /// Reads one feature into `out` (one building per polygon part). Throws FeatureFault.
  void read(OGRFeature& f, Buildings& out) {
    const GIntBig fid = f.GetFID();
    std::string id = std::to_string(fid);
    name_ = fmt::format("feature {}", fid);
    if (id_field_ >= 0) {
      if (!f.IsFieldSetAndNotNull(id_field_) || std::string(f.GetFieldAsString(id_field_)).empty())
        fault(opts_.id_attribute, "no value", "a non-empty building id");
      id = f.GetFieldAsString(id_field_);
      name_ = fmt::format("feature {} ({})", fid, id);
    } else if (gml_id_field_ >= 0 && f.IsFieldSetAndNotNull(gml_id_field_)) {
      name_ = fmt::format("feature {} (gml:id {})", fid, f.GetFieldAsString(gml_id_field_));
    }
    if (const auto it = ids_.find(id); it != ids_.end()) {
      fault(opts_.id_attribute.empty() ? "id" : opts_.id_attribute,
            in_quotes(id) + " (already used by " + it->second + ")", "a unique building id");
    }

    // LOD2 surfaces of this building (CityGML): matched by gml:id, else by feature order.
    const citygml::Lod2Building* lod2 = nullptr;
    if (lod2_ != nullptr) {
      std::size_t k = lod2_->buildings.size();
      if (lod2_id_field_ >= 0 && f.IsFieldSetAndNotNull(lod2_id_field_)) {
        if (const auto it = lod2_ids_.find(f.GetFieldAsString(lod2_id_field_));
            it != lod2_ids_.end())
          k = it->second;
      } else if (feature_index_ < lod2_->buildings.size() &&
                 lod2_->buildings[feature_index_].id.empty()) {
        k = feature_index_;
      }
      if (k < lod2_->buildings.size()) {
        for (const citygml::Lod2Part& part : lod2_->buildings[k].parts)
          if (!part.roofs.empty()) lod2 = &lod2_->buildings[k];
      }
    }
    ++feature_index_;

    // Height.
    double height_m = 0;
    if (lod2 != nullptr) {
      // From the roofs.
    } else if (storeys_field_ >= 0) {
      height_m = positive_number(f, storeys_field_, opts_.storeys_attribute, "storeys") *
                 opts_.storey_height_m;
    } else if (height_field_ < 0) {
      fault(height_name_, "no value (and no LOD2 roof surfaces)", "a number > 0 (m above ground)");
    } else {
      height_m = positive_number(f, height_field_, height_name_, "m above ground");
    }

    // Material.
    std::size_t material = default_material_;
    if (material_field_ >= 0 && f.IsFieldSetAndNotNull(material_field_)) {
      const std::string name = f.GetFieldAsString(material_field_);
      const auto m = find_building_material(name);
      if (!m)
        fault(opts_.material_attribute, in_quotes(name), "one of " + building_material_names());
      material = *m;
    }

    // Wall thickness.
    double thickness_m = opts_.default_thickness_m > 0 ? opts_.default_thickness_m
                                                       : p2040::default_thickness_m(material);
    if (thickness_field_ >= 0 && f.IsFieldSetAndNotNull(thickness_field_)) {
      thickness_m = positive_number(f, thickness_field_, opts_.thickness_attribute, "m");
    }

    // Use.
    BuildingUse use = BuildingUse::Unspecified;
    if (use_field_ >= 0 && f.IsFieldSetAndNotNull(use_field_)) {
      const std::string name = f.GetFieldAsString(use_field_);
      const auto u = find_building_use(name);
      if (!u) fault(opts_.use_attribute, in_quotes(name), "one of " + building_use_names());
      use = *u;
    }

    // Geometry.
    if (lod2 != nullptr) {
      Buildings made = lod2_buildings(*lod2);
      for (std::size_t k = 0; k < made.size(); ++k) {
        Building& b = made[k];
        b.id = made.size() > 1 ? fmt::format("{}#{}", id, k + 1) : id;
        b.material = material;
        b.wall_thickness_m = thickness_m;
        b.use = use;
        out.push_back(std::move(b));
      }
      ids_.emplace(id, name_);
      return;
    }
    std::vector<Polygon2> parts = footprints(f.GetGeometryRef(), ct_);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      Building b;
      b.id = parts.size() > 1 ? fmt::format("{}#{}", id, k + 1) : id;
      b.footprint = std::move(parts[k]);
      b.height_m = height_m;
      b.material = material;
      b.wall_thickness_m = thickness_m;
      b.use = use;
      out.push_back(std::move(b));
    }
    ids_.emplace(id, name_);
  }

 private:
  [[noreturn]] void fault(std::string_view field, std::string_view found,
                          std::string_view expected) const {
    throw FeatureFault{
        format_input_error(where_, name_ + "." + std::string(field), found, expected)};
  }

  double positive_number(OGRFeature& f, int index, const std::string& field,
                         std::string_view unit) const {
    const std::string expected = fmt::format("a number > 0 ({})", unit);
    if (!f.IsFieldSetAndNotNull(index)) fault(field, "no value", expected);
    const OGRFieldType type = f.GetFieldDefnRef(index)->GetType();
    double v = 0;
    if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
      v = f.GetFieldAsDouble(index);
    } else {
      const std::string text = f.GetFieldAsString(index);
      const char* begin = text.c_str();
      char* end = nullptr;
      errno = 0;
      v = std::strtod(begin, &end);
      while (end != nullptr && *end != '\0' && std::isspace(static_cast<unsigned char>(*end)))
        ++end;
      if (text.empty() || end == begin || *end != '\0' || errno == ERANGE)
        fault(field, in_quotes(text) + " (not a number)", expected);
    }
    if (!std::isfinite(v) || v <= 0) fault(field, fmt::format("{}", v), expected);
    return v;
  }

  /// Ring checks on the geometry as read: closed, at least 4 points (a triangle and its
  /// closing point). Under Repair an open ring is closed.
  void check_rings(OGRPolygon& poly, int part) {
    const auto ring_name = [&](int r) {
      return fmt::format("geometry{} ring {}", part >= 0 ? fmt::format(" part {}", part + 1) : "",
                         r);
    };
    for (int r = 0; r <= poly.getNumInteriorRings(); ++r) {
      OGRLinearRing* ring = r == 0 ? poly.getExteriorRing() : poly.getInteriorRing(r - 1);
      if (ring == nullptr) fault("geometry", "an empty polygon", "a polygon with an outer ring");
      if (!ring->get_IsClosed()) {
        if (opts_.invalid != InvalidBuildingPolicy::Repair) {
          fault(ring_name(r),
                fmt::format("an unclosed ring (first point ({}, {}), last ({}, {}))", ring->getX(0),
                            ring->getY(0), ring->getX(ring->getNumPoints() - 1),
                            ring->getY(ring->getNumPoints() - 1)),
                "a closed ring (last point = first point); invalid = \"repair\" closes it");
        }
        ring->closeRings();
        repaired_ = true;
      }
      if (ring->getNumPoints() < 4) {
        fault(ring_name(r), fmt::format("{} points", ring->getNumPoints()),
              "a ring of at least 4 points (3 corners and the closing point)");
      }
    }
  }

  /// Refuses a geometry with a coordinate that is not finite or lies beyond kMaxCoordinate:
  /// no place on Earth has one, and Boost.Geometry's validity and area computations convert
  /// coordinates to integers (numeric_cast), which such values overflow.
  void check_coordinates(const OGRGeometry& g, std::string_view crs) const {
    OGREnvelope env;
    g.getEnvelope(&env);
    for (const auto& [axis, v] : {std::pair{"x", env.MinX}, std::pair{"x", env.MaxX},
                                  std::pair{"y", env.MinY}, std::pair{"y", env.MaxY}}) {
      if (!std::isfinite(v) || std::fabs(v) > kMaxCoordinate) {
        fault("geometry", fmt::format("a vertex with {} = {} {}", axis, v, crs),
              fmt::format("coordinates within +-{:g} (metres or degrees of a place on Earth)",
                          kMaxCoordinate));
      }
    }
  }

  /// Polygons of any geometry OGR hands over (MakeValid may return a collection).
  static void collect_polygons(const OGRGeometry& g, std::vector<const OGRPolygon*>& out) {
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    if (t == wkbPolygon) {
      out.push_back(g.toPolygon());
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
      for (const OGRGeometry* sub : *g.toGeometryCollection()) collect_polygons(*sub, out);
    }
  }

  /// The transformation of LOD2 coordinates in the CRS named `srs_name` (a GML srsName; "": the
  /// layer's CRS) to the study CRS. Short "EPSG:n" names keep GDAL's GML convention
  /// (longitude / easting first); URN and URL names ("http://www.opengis.net/def/crs/EPSG/0/6697",
  /// PLATEAU's) follow the CRS's axis order (latitude first for EPSG:6697).
  OGRCoordinateTransformation& lod2_transform(const std::string& srs_name) {
    if (srs_name.empty()) return ct_;
    if (const auto it = lod2_ct_.find(srs_name); it != lod2_ct_.end()) return *it->second;
    OGRSpatialReference source;
    if (source.SetFromUserInput(srs_name.c_str()) != OGRERR_NONE) {
      throw FeatureFault{format_input_error(where_, name_ + ".srsName", in_quotes(srs_name),
                                            "a CRS name GDAL knows (EPSG:6697, ...)")};
    }
    source.SetAxisMappingStrategy(to_lower(srs_name).rfind("epsg:", 0) == 0
                                      ? OAMS_TRADITIONAL_GIS_ORDER
                                      : OAMS_AUTHORITY_COMPLIANT);
    OGRSpatialReference dest(*static_cast<const OGRSpatialReference*>(study_.native()));
    dest.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ogr::TransformPtr ct(OGRCreateCoordinateTransformation(&source, &dest));
    if (!ct) {
      throw FeatureFault{format_input_error(where_, name_ + ".srsName", in_quotes(srs_name),
                                            "a CRS that can be converted to " + study_.name())};
    }
    return *lod2_ct_.emplace(srs_name, std::move(ct)).first->second;
  }

  /// The building parts of a CityGML LOD2 building: per bldg:Building / BuildingPart with roof
  /// surfaces, its footprint (the union in plan of its roof and ground surfaces; each polygon of
  /// it a part) and its roof facets (each RoofSurface polygon with an area in plan, assigned to
  /// the footprint polygon that holds its centroid), heights above the part's ground (its lowest
  /// GroundSurface point, or its lowest point when it has none).
  Buildings lod2_buildings(const citygml::Lod2Building& lb) {
    Buildings out;
    for (const citygml::Lod2Part& part : lb.parts) {
      if (part.roofs.empty()) continue;
      const std::string where = part.id.empty() || part.id == lb.id
                                    ? std::string("RoofSurface")
                                    : fmt::format("BuildingPart {}.RoofSurface", part.id);
      OGRCoordinateTransformation& ct =
          lod2_transform(part.srs_name.empty() ? lod2_->srs_name : part.srs_name);
      // Ground: the lowest point of the ground surfaces, else of all surfaces.
      double ground_z = std::numeric_limits<double>::infinity();
      const auto lowest = [&](const std::vector<std::unique_ptr<OGRPolygon>>& polys) {
        for (const auto& p : polys) {
          for (const OGRLinearRing* r : *p) {
            for (int i = 0; i < r->getNumPoints(); ++i) ground_z = std::min(ground_z, r->getZ(i));
          }
        }
      };
      lowest(part.ground);
      if (!std::isfinite(ground_z)) {
        lowest(part.roofs);
        lowest(part.others);
      }
      // Footprint: roofs and ground together (walls have no area in plan).
      OGRMultiPolygon faces;
      for (const auto& p : part.roofs) faces.addGeometry(p.get());
      for (const auto& p : part.ground) faces.addGeometry(p.get());
      for (const auto& p : part.others) faces.addGeometry(p.get());
      std::vector<Polygon2> fps = footprints(&faces, ct, true);
      const bool footprint_repaired = repaired_;
      roof_repaired_ = false;
      std::vector<std::vector<RoofFacet>> roofs(fps.size());
      for (std::size_t k = 0; k < part.roofs.size(); ++k) {
        RoofFacet facet;
        if (!roof_facet(*part.roofs[k], ground_z, ct, fmt::format("{} polygon {}", where, k + 1),
                        facet))
          continue;
        Point2 c(0, 0);
        bg::centroid(facet.plan, c);
        std::size_t home = fps.size();
        for (std::size_t j = 0; j < fps.size() && home == fps.size(); ++j) {
          if (bg::covered_by(c, fps[j])) home = j;
        }
        for (std::size_t j = 0; j < fps.size() && home == fps.size(); ++j) {
          if (bg::intersects(facet.plan, fps[j])) home = j;
        }
        if (home < fps.size()) roofs[home].push_back(std::move(facet));
      }
      // footprints() noted a repair of the footprint already.
      if (roof_repaired_ && !footprint_repaired) report_.repaired.push_back(name_);
      for (std::size_t j = 0; j < fps.size(); ++j) {
        if (roofs[j].empty()) continue;  // a footprint polygon without roof (a ground slab)
        Building b;
        b.footprint = std::move(fps[j]);
        double top = -std::numeric_limits<double>::infinity();
        for (const RoofFacet& f : roofs[j]) {
          for (const Point2& p : f.plan.outer()) top = std::max(top, f.height_m(p.x(), p.y()));
        }
        if (!(top > 0)) {
          fault(where,
                fmt::format("a roof whose highest point is {:.3f} m above the building's ground",
                            top),
                "a roof above the ground (the lowest GroundSurface point)");
        }
        b.height_m = top;
        b.roof = std::move(roofs[j]);
        out.push_back(std::move(b));
      }
    }
    if (out.empty()) {
      fault("RoofSurface", "no roof polygon with an area in plan",
            "LOD2 roof surfaces over the building's footprint");
    }
    return out;
  }

  /// The planar facet of one roof polygon (file coordinates, z in metres): false when its plan
  /// has no area (a vertical face). The plane is fitted by least squares through the ring's
  /// vertices (Eigen); a vertex farther than kPlanarity_m from it is an error.
  bool roof_facet(const OGRPolygon& poly, double ground_z, OGRCoordinateTransformation& ct,
                  const std::string& field, RoofFacet& out) {
    constexpr double kPlanarity_m = 0.1;
    if (!poly.Is3D()) fault(field, "a polygon without heights", "a 3-D polygon (x y z)");
    std::unique_ptr<OGRPolygon> plan(poly.clone());
    std::vector<double> xs, ys, zs;
    const OGRLinearRing* outer = poly.getExteriorRing();
    if (outer == nullptr || outer->getNumPoints() < 4)
      fault(field, "an empty polygon or one of fewer than 4 points", "a closed ring");
    for (int i = 0; i + 1 < outer->getNumPoints(); ++i) zs.push_back(outer->getZ(i) - ground_z);
    plan->flattenTo2D();
    check_coordinates(*plan, "in the file's CRS");
    if (plan->transform(&ct) != OGRERR_NONE)
      fault(field, "coordinates that cannot be converted", "coordinates in the file's CRS");
    check_coordinates(*plan, "once converted to the study CRS");
    const OGRLinearRing* ring = plan->getExteriorRing();
    for (int i = 0; i + 1 < ring->getNumPoints(); ++i) {
      xs.push_back(ring->getX(i));
      ys.push_back(ring->getY(i));
    }
    out.plan = ogr::to_polygon(*plan);
    bg::correct(out.plan);
    if (!(std::fabs(bg::area(out.plan)) > 1e-6)) return false;  // vertical: no area in plan
    std::string reason;
    if (!valid_polygon(out.plan, reason)) {
      fault(field, "an invalid polygon in plan (" + reason + ")",
            "a valid roof polygon (not self-intersecting in plan)");
    }
    const std::size_t n = xs.size();
    double x0 = 0, y0 = 0, z0 = 0;
    for (std::size_t i = 0; i < n; ++i) {
      x0 += xs[i] / static_cast<double>(n);
      y0 += ys[i] / static_cast<double>(n);
      z0 += zs[i] / static_cast<double>(n);
    }
    Eigen::MatrixXd A(n, 3);
    Eigen::VectorXd z(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      A(r, 0) = xs[i] - x0;
      A(r, 1) = ys[i] - y0;
      A(r, 2) = 1.0;
      z(r) = zs[i] - z0;
    }
    const Eigen::Vector3d c = A.colPivHouseholderQr().solve(z);
    const double worst = (A * c - z).cwiseAbs().maxCoeff();
    if (!(worst <= kPlanarity_m)) {
      if (opts_.invalid != InvalidBuildingPolicy::Repair || !std::isfinite(worst)) {
        fault(field, fmt::format("a polygon {:.3f} m off its best-fitting plane", worst),
              fmt::format("a planar roof polygon (within {} m); invalid = \"repair\" takes the "
                          "plane",
                          kPlanarity_m));
      }
      roof_repaired_ = true;  // the fitted plane stands for the polygon
    }
    out.x0_m = x0;
    out.y0_m = y0;
    out.z0_m = z0 + c(2);
    out.dz_dx = c(0);
    out.dz_dy = c(1);
    return true;
  }

  /// The footprints of one feature in the study CRS, valid and corrected.
  /// `surface_set`: the polygons are the faces of one solid (CityGML LOD2 surfaces): the
  /// footprint is their union in plan.
  std::vector<Polygon2> footprints(const OGRGeometry* geom, OGRCoordinateTransformation& ct,
                                   bool surface_set = false) {
    repaired_ = false;
    const OGRwkbGeometryType type = geom == nullptr ? wkbNone : wkbFlatten(geom->getGeometryType());
    const char* type_name =
        geom == nullptr ? "no geometry" : OGRGeometryTypeToName(geom->getGeometryType());
    GeometryPtr g;
    bool surfaces = false;  // faces of a 3-D surface set: their union in plan is the footprint
    if (type == wkbPolygon || type == wkbMultiPolygon) {
      g.reset(geom->clone());
      // A 3-D MultiPolygon with a face of no area in plan (a wall) is a surface set too.
      if (type == wkbMultiPolygon && geom->Is3D()) {
        for (const OGRPolygon* p : *g->toMultiPolygon()) {
          OGRPolygon flat(*p);
          flat.flattenTo2D();
          if (!(std::fabs(flat.get_Area()) > 0)) surfaces = true;
        }
      }
    } else if (type == wkbMultiSurface || type == wkbPolyhedralSurface || type == wkbTIN ||
               type == wkbCurvePolygon || type == wkbTriangle) {
      g.reset(OGRGeometryFactory::forceToMultiPolygon(geom->clone()));
      surfaces = type != wkbCurvePolygon;
    } else {
      fault("geometry", type_name,
            "a Polygon or MultiPolygon (or a surface set such as a CityGML LOD1 solid)");
    }
    if (g == nullptr || g->IsEmpty()) fault("geometry", "an empty geometry", "a polygon footprint");
    surfaces = surfaces || surface_set;
    g->flattenTo2D();
    // Before any area or union: a face of 1e23 m would otherwise pass for a wall.
    check_coordinates(*g, "in the file's CRS");

    if (surfaces) {
      // Footprint of a surface set: union of the faces that have an area in plan.
      // Faces whose plan area is a negligible share of the whole extent are walls.
      OGREnvelope env;
      g->getEnvelope(&env);
      const double min_area = 1e-9 * (env.MaxX - env.MinX) * (env.MaxY - env.MinY);
      OGRMultiPolygon faces;
      for (const OGRPolygon* p : *g->toMultiPolygon()) {
        if (std::fabs(p->get_Area()) > min_area && p->IsValid()) faces.addGeometry(p);
      }
      GeometryPtr u(faces.IsEmpty() ? nullptr : faces.UnionCascaded());
      if (u == nullptr || u->IsEmpty())
        fault("geometry", fmt::format("{} without faces of area in plan", type_name),
              "a surface set with a ground or roof face");
      g = std::move(u);
    } else if (wkbFlatten(g->getGeometryType()) == wkbPolygon) {
      check_rings(*g->toPolygon(), -1);
    } else {
      int k = 0;
      for (OGRPolygon* p : *g->toMultiPolygon()) check_rings(*p, k++);
    }

    if (g->transform(&ct) != OGRERR_NONE) {
      fault("geometry", "coordinates that cannot be converted", "coordinates in the file's CRS");
    }
    check_coordinates(*g, "once converted to the study CRS");

    std::vector<const OGRPolygon*> polys;
    GeometryPtr valid;
    if (opts_.invalid == InvalidBuildingPolicy::Repair && !g->IsValid()) {
      valid.reset(g->MakeValid());
      if (valid == nullptr) {
        fault("geometry", "an invalid polygon that OGR MakeValid cannot repair",
              "a valid polygon (closed, not self-intersecting rings)");
      }
      repaired_ = true;
      collect_polygons(*valid, polys);
    } else {
      collect_polygons(*g, polys);
    }
    std::vector<Polygon2> out;
    for (std::size_t k = 0; k < polys.size(); ++k) {
      Polygon2 poly = ogr::to_polygon(*polys[k]);
      bg::correct(poly);
      std::string reason;
      if (!valid_polygon(poly, reason)) {
        fault(polys.size() > 1 ? fmt::format("geometry part {}", k + 1) : "geometry",
              "an invalid polygon (" + reason + ")",
              "a valid polygon (closed, not self-intersecting rings); invalid = \"repair\" "
              "repairs it");
      }
      if (!(bg::area(poly) > 0)) {
        fault("geometry", "a polygon of zero area", "a footprint with an area");
      }
      out.push_back(std::move(poly));
    }
    if (out.empty()) fault("geometry", "no polygon after repair", "a polygon footprint");
    if (repaired_) report_.repaired.push_back(name_);
    return out;
  }

  const BuildingReadOptions& opts_;
  InputLocation where_;
  OGRCoordinateTransformation& ct_;
  BuildingReadReport& report_;
  int id_field_ = -1, gml_id_field_ = -1, height_field_ = -1, storeys_field_ = -1,
      material_field_ = -1, use_field_ = -1;
  std::string height_name_;
  std::size_t default_material_ = 1;
  int thickness_field_ = -1;
  std::string name_;
  bool repaired_ = false;
  std::map<std::string, std::string> ids_;    // id -> the feature that used it
  const citygml::Lod2Model* lod2_ = nullptr;  // the LOD2 surfaces of a CityGML file
  const Crs& study_;
  std::map<std::string, std::size_t> lod2_ids_;       // gml:id -> index into lod2_->buildings
  std::map<std::string, ogr::TransformPtr> lod2_ct_;  // srsName -> transformation to study_
  std::size_t feature_index_ = 0;
  int lod2_id_field_ = -1;      // the GML driver's gml_id, which pairs features with LOD2 buildings
  bool has_roofs_ = false;      // some LOD2 building has roof surfaces
  bool roof_repaired_ = false;  // a roof polygon of the part was replaced by its fitted plane
};

}  // namespace

std::optional<std::size_t> find_building_material(std::string_view name) noexcept {
  const std::string n = normalised(name);
  std::string_view target = n;
  for (const Alias& a : kAliases) {
    if (a.alias == n) target = a.material;
  }
  const auto m = p2040::find_material(target);
  if (!m || *m < kFirstBuildingMaterial || *m > kLastBuildingMaterial) return std::nullopt;
  return m;
}

std::string building_material_names() {
  std::string out;
  const auto table = p2040::materials();
  for (std::size_t i = kFirstBuildingMaterial; i <= kLastBuildingMaterial; ++i)
    out += fmt::format("{}{}", out.empty() ? "" : ", ", table[i].name);
  out += " (aliases:";
  for (const Alias& a : kAliases) out += fmt::format(" {}={}", a.alias, a.material);
  return out + ")";
}

std::optional<BuildingUse> find_building_use(std::string_view name) noexcept {
  try {
    std::string n = normalised(name);
    // A remark in parentheses at the end is not part of the use: "warehouse (neighbour)".
    if (!n.empty() && n.back() == ')') {
      if (const auto open = n.rfind('('); open != std::string::npos && open > 0) n.erase(open);
    }
    while (!n.empty() && n.back() == '_') n.pop_back();
    while (!n.empty() && n.front() == '_') n.erase(n.begin());
    for (const UseWord& w : kUseWords) {
      if (w.word == n) return w.use;
    }
  } catch (...) {  // std::bad_alloc of the normalised copy
  }
  return std::nullopt;
}

std::string_view building_use_name(BuildingUse use) noexcept {
  switch (use) {
    case BuildingUse::Unspecified:
      return "unspecified";
    case BuildingUse::Office:
      return "office";
    case BuildingUse::OpenOffice:
      return "open_office";
    case BuildingUse::Factory:
      return "factory";
    case BuildingUse::Other:
      return "other";
  }
  return "";
}

std::string building_use_names() {
  std::string out;
  for (const BuildingUse u : {BuildingUse::Office, BuildingUse::OpenOffice, BuildingUse::Factory,
                              BuildingUse::Other, BuildingUse::Unspecified}) {
    std::string words;
    for (const UseWord& w : kUseWords) {
      if (w.use == u && !w.word.empty())
        words += fmt::format("{}{}", words.empty() ? "" : ", ", w.word);
    }
    out += fmt::format("{}{} ({})", out.empty() ? "" : "; ", building_use_name(u), words);
  }
  return out + "; case, '-' and spaces ignored, a final remark in parentheses ignored";
}

Buildings read_buildings(const BuildingReadOptions& opts, const Crs& study,
                         BuildingReadReport* report_out) {
  ogr::register_drivers();
  const InputLocation where{opts.path, 0, 0};
  BuildingReadReport report;
  if (!(opts.storey_height_m > 0) || !std::isfinite(opts.storey_height_m)) {
    throw_input_error(where, "storey_height_m", fmt::format("{}", opts.storey_height_m),
                      "a number > 0 (m)");
  }
  if (!opts.height_attribute.empty() && !opts.storeys_attribute.empty()) {
    throw_input_error(where, "storeys_attribute", "both height_attribute and storeys_attribute",
                      "exactly one of them");
  }

  // GDAL's GML driver (which reads CityGML) would write a .gfs schema file beside the input.
  const std::string ext = opts.path.size() >= 4
                              ? to_lower(std::string_view(opts.path).substr(opts.path.size() - 4))
                              : std::string();
  const char* const gml_options[] = {"WRITE_GFS=NO", nullptr};
  ogr::DatasetPtr ds = ogr::open_vector(
      opts.path, "a readable vector file (GeoJSON, GeoPackage, Shapefile, GML, ...)",
      ext == ".gml" ? gml_options : nullptr);
  if (ds->GetLayerCount() < 1) {
    throw_input_error(where, "vector file", "no layer", "a layer of building footprints");
  }
  OGRLayer* layer = nullptr;
  if (opts.layer.empty()) {
    layer = ds->GetLayer(0);
  } else {
    layer = ds->GetLayerByName(opts.layer.c_str());
    if (layer == nullptr) {
      std::string names;
      for (int i = 0; i < ds->GetLayerCount(); ++i)
        names += fmt::format("{}{}", i ? ", " : "", ds->GetLayer(i)->GetName());
      throw_input_error(where, "layer", in_quotes(opts.layer),
                        "one of the file's layers: " + names);
    }
  }

  const ogr::TransformPtr ct = ogr::transform_to(*layer, study, opts.path, &report.source_crs_name);

  // CityGML: the buildings' LOD2 surfaces, which GDAL's GML driver does not deliver.
  std::optional<citygml::Lod2Model> lod2;
  if (citygml::is_citygml(opts.path)) lod2 = citygml::read_lod2(opts.path);

  FeatureReader reader(opts, *layer, *ct, report, lod2 ? &*lod2 : nullptr, study);
  Buildings buildings;
  layer->ResetReading();
  CPLPushErrorHandler(CPLQuietErrorHandler);  // OGR warnings (e.g. unclosed rings) are ours
  try {
    for (ogr::FeaturePtr feature(layer->GetNextFeature()); feature;
         feature.reset(layer->GetNextFeature())) {
      ++report.features;
      try {
        reader.read(*feature, buildings);
      } catch (const FeatureFault& fault) {
        if (opts.invalid != InvalidBuildingPolicy::Skip) throw InputError(fault.message);
        report.skipped.push_back(fault.message);
      }
    }
  } catch (...) {
    CPLPopErrorHandler();
    throw;
  }
  CPLPopErrorHandler();
  report.buildings = buildings.size();
  if (report_out != nullptr) *report_out = std::move(report);
  return buildings;
}

}  // namespace akichi::prop

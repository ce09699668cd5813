// Building footprints from any OGR vector file (GeoJSON, GeoPackage, Shapefile, GML / CityGML
// as far as GDAL's GML driver reads it), reprojected to the study CRS, with a roof height and a
// wall material per footprint.
//
// Geometry: Polygon and MultiPolygon features (each part of a MultiPolygon is one building, its id
// suffixed "#k", k counting from 1). Surfaces (MultiSurface, PolyhedralSurface, TIN, the faces of
// a CityGML LOD1 solid as GDAL delivers them) are reduced to their footprint: the union of the
// faces' plan projections that have an area (vertical walls have none).
// CityGML LOD2 (propagation/surface/citygml_lod2.h): a bldg:Building or bldg:BuildingPart with
// bldg:RoofSurface polygons is a building part with roof facets (Building::roof): each roof
// polygon with an area in plan a plane fitted through its vertices, heights above the part's
// lowest GroundSurface point; the footprint the union in plan of its roof and ground surfaces;
// height_m the roof's highest point (no height attribute needed). Parts of one feature get ids
// "<id>#k".
// Heights: a height attribute in metres, or a storey count times a storey height.
// Materials: ITU-R P.2040-3 Table 3 names (p2040::find_material) and a few aliases; wall
// thickness from an attribute, a default, or the material's typical thickness.
// Use: an attribute naming what the building is used for (office, factory, ...), which chooses
// the indoor model of the ray model's links inside the building (find_building_use).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/geo/crs.h"
#include "propagation/surface/building.h"

namespace akichi::prop {

/// What to do with a feature whose geometry or attributes are unusable.
enum class InvalidBuildingPolicy {
  Error,   ///< throw InputError naming the file, the feature, the field, what was found/expected
  Repair,  ///< repair geometries (close rings, OGR MakeValid through GEOS); other faults throw
  Skip,    ///< leave the feature out and record the reason in BuildingReadReport::skipped
};

/// Default storey height used with a storey-count attribute: an assumption (3.5 m floor to
/// floor, between residential ~3 m and office / commercial ~4 m storeys), not a standard's value.
inline constexpr double kDefaultStoreyHeight_m = 3.5;

struct BuildingReadOptions {
  std::string path;   ///< the vector file
  std::string layer;  ///< layer name; "" = the first layer
  /// Attribute holding the building id; "" = the OGR feature id (FID). Ids must be unique.
  std::string id_attribute;
  /// Attribute holding the roof height above ground in metres (> 0). Exactly one of
  /// height_attribute and storeys_attribute is used; both empty means height_attribute "height"
  /// (which a CityGML file with LOD2 roofs need not have: the roofs give the heights). Buildings
  /// with LOD2 roofs ignore it.
  std::string height_attribute;
  /// Attribute holding the number of storeys (> 0); height = storeys * storey_height_m.
  std::string storeys_attribute;
  double storey_height_m = kDefaultStoreyHeight_m;  ///< metres per storey, > 0
  /// Attribute naming the wall material; "" = default_material for every building.
  std::string material_attribute;
  std::string default_material =
      "concrete";  ///< a material name or alias (see find_building_material)
  /// Attribute holding the wall thickness in metres (> 0); "" = default_thickness_m.
  std::string thickness_attribute;
  /// Wall thickness of features without one (m, > 0), or 0: the material's
  /// p2040::default_thickness_m().
  double default_thickness_m = 0;
  /// Attribute naming the building's use (find_building_use); "" = every building
  /// BuildingUse::Unspecified. A feature without a value is Unspecified.
  std::string use_attribute;
  InvalidBuildingPolicy invalid = InvalidBuildingPolicy::Error;
};

/// What read_buildings() did besides returning the buildings.
struct BuildingReadReport {
  std::size_t features = 0;           ///< features in the layer
  std::size_t buildings = 0;          ///< buildings returned (MultiPolygon parts count one each)
  std::vector<std::string> skipped;   ///< one message per skipped feature (policy Skip)
  std::vector<std::string> repaired;  ///< one message per repaired feature (policy Repair)
  std::string source_crs_name;        ///< the file's CRS ("WGS 84" when it has none)
};

/// Index into p2040::materials() of a building material: a P.2040-3 Table 3 name of the rows
/// that are building materials (concrete ... metal; not vacuum nor the ground types), matched
/// case-insensitively with '-' and ' ' as '_', or an alias: steel, iron, aluminium, aluminum ->
/// metal; reinforced_concrete, rc -> concrete; timber -> wood; masonry -> brick; gypsum ->
/// plasterboard. nullopt when unknown.
std::optional<std::size_t> find_building_material(std::string_view name) noexcept;

/// The accepted material names and aliases, for "expected one of ..." messages.
std::string building_material_names();

/// The use of a building named by a use attribute's value, matched case-insensitively with '-'
/// and ' ' as '_', a remark in parentheses at the end ignored ("warehouse (neighbour)" is
/// "warehouse"). The words are OpenStreetMap building=* values and the TR 38.901 scenario names:
///   Office:      office, commercial, retail, shop, school, university, college, hospital, hotel,
///                public, civic, government, laboratory, InH, InH-Office, InH-Office-mixed
///   OpenOffice:  open_office, InH-open, InH-Office-open
///   Factory:     factory, industrial, manufacture, production, production_hall, warehouse,
///                hangar, workshop, InF
///   Other:       residential, house, detached, semidetached_house, apartments, terrace,
///                dwelling, canteen, gatehouse, garage, other
///   Unspecified: yes, unknown, and the empty string
/// nullopt when unknown.
std::optional<BuildingUse> find_building_use(std::string_view name) noexcept;

/// The accepted use words by class, for "expected one of ..." messages.
std::string building_use_names();

/// Name of a use class: "unspecified", "office", "open_office", "factory", "other".
std::string_view building_use_name(BuildingUse use) noexcept;

/// Reads the buildings of `opts.path`, reprojected to `study` (a projected CRS in metres; files
/// without a CRS are WGS 84 longitude/latitude). Footprints are corrected to Boost.Geometry's
/// orientation and valid; base_z_m is 0. Throws InputError
///   "FILE: feature FID (ID).FIELD: found X, expected Y"
/// for unreadable files, unknown layers or attributes, non-polygon features, invalid
/// geometries (self-intersecting, unclosed ring, fewer than 4 ring points), missing,
/// non-numeric or non-positive heights, unknown materials, unknown uses and duplicate ids, unless
/// the policy repairs or skips them. `report` (may be null) receives the counts and the skip /
/// repair notes. CityGML LOD2 roofs add: a roof polygon more than 0.1 m off its fitted plane, a
/// roof not above the ground, an unknown srsName, a surface geometry OGR cannot read.
Buildings read_buildings(const BuildingReadOptions& opts, const Crs& study,
                         BuildingReadReport* report = nullptr);

}  // namespace akichi::prop

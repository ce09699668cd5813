// The LOD2 surfaces of the buildings of a CityGML 2.0 file (as Japan's PLATEAU publishes them:
// bldg:Building, bldg:consistsOfBuildingPart/bldg:BuildingPart, bldg:boundedBy/
// bldg:RoofSurface | WallSurface | GroundSurface | ... /bldg:lod2MultiSurface), read through GDAL.
//
// GDAL's GML driver reads a bldg:Building's attributes and its LOD0 / LOD1 geometry, but not its
// thematic surfaces: it takes every boundedBy element inside a feature for gml:boundedBy (an
// envelope) and skips it, .gfs templates and GML_SKIP_RESOLVE_ELEMS included (GDAL 3.6,
// gmlhandler.cpp). The surfaces are therefore read here with GDAL's XML parser
// (CPLParseXMLFile) and OGR's GML geometry reader (OGR_G_CreateFromGMLTree), in the file's
// coordinates; propagation/surface/building_reader.h pairs them with the GML driver's features by
// gml:id and turns the roof polygons into planar facets. Included by .cpp files of propagation/
// only (it brings in the GDAL headers).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <ogr_geometry.h>

namespace akichi::prop::citygml {

/// The LOD2 surfaces of one bldg:Building or bldg:BuildingPart, as polygons in the file's
/// coordinates (x, y, z in the order of the file's CRS axes).
struct Lod2Part {
  std::string id;                                   ///< its gml:id ("" when it has none)
  std::vector<std::unique_ptr<OGRPolygon>> roofs;   ///< bldg:RoofSurface polygons
  std::vector<std::unique_ptr<OGRPolygon>> ground;  ///< bldg:GroundSurface polygons
  std::vector<std::unique_ptr<OGRPolygon>> others;  ///< the other surfaces (walls, closures, ...)
  std::string srs_name;  ///< srsName of its first geometry that has one ("" when none has)
};

struct Lod2Building {
  std::string id;  ///< gml:id of the bldg:Building ("" when it has none)
  /// Its own surfaces, then each bldg:BuildingPart's (nested parts included), in document
  /// order; a building or part without LOD2 surfaces has no entry.
  std::vector<Lod2Part> parts;
};

struct Lod2Model {
  std::vector<Lod2Building> buildings;  ///< every bldg:Building, in document order
  std::string srs_name;  ///< srsName of the model's gml:boundedBy/gml:Envelope ("" when none)
};

/// Whether `path` names a CityGML document: a .gml / .xml / .citygml file whose root element is
/// CityModel (any namespace prefix). Reads the file's first 4 kB only.
bool is_citygml(const std::string& path);

/// Reads the LOD2 surfaces of every bldg:Building of a CityGML file. Throws InputError
/// "PATH: Building ID.RoofSurface: found ..., expected ..." when the XML cannot be parsed or a
/// surface's geometry is not one OGR reads as polygons.
Lod2Model read_lod2(const std::string& path);

}  // namespace akichi::prop::citygml

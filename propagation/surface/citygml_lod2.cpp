// CityGML LOD2 surfaces through GDAL's XML parser. See the header.
#include "propagation/surface/citygml_lod2.h"

#include <cstdio>
#include <cstring>
#include <string_view>

#include <cpl_error.h>
#include <cpl_minixml.h>
#include <fmt/format.h>
#include <ogr_api.h>

#include "base/errors.h"
#include "base/text.h"

namespace akichi::prop::citygml {
namespace {

struct XmlTreeDeleter {
  void operator()(CPLXMLNode* n) const { CPLDestroyXMLNode(n); }
};

bool named(const CPLXMLNode* n, const char* name) {
  return n != nullptr && n->eType == CXT_Element && std::strcmp(n->pszValue, name) == 0;
}

/// The gml:id of an element (namespaces stripped: "id"), "" when it has none.
std::string gml_id(const CPLXMLNode* n) {
  for (const CPLXMLNode* a = n->psChild; a != nullptr; a = a->psNext) {
    if (a->eType == CXT_Attribute && std::strcmp(a->pszValue, "id") == 0 && a->psChild)
      return a->psChild->pszValue;
  }
  return "";
}

/// CityGML coordinates are 3-D; PLATEAU's gml:posList carry no srsDimension, which OGR's GML
/// reader would take for 2: give them srsDimension="3" (as GDAL's GML driver does for CityGML).
void set_3d(CPLXMLNode* n) {
  for (; n != nullptr; n = n->psNext) {
    if (n->eType != CXT_Element) continue;
    if ((named(n, "posList") || named(n, "pos")) && CPLGetXMLNode(n, "srsDimension") == nullptr)
      CPLAddXMLAttributeAndValue(n, "srsDimension", "3");
    set_3d(n->psChild);
  }
}

class Reader {
 public:
  explicit Reader(const std::string& path) : where_{path, 0, 0} {}

  /// The surfaces of one bldg:Building or bldg:BuildingPart, then its parts'.
  void building(CPLXMLNode* b, const std::string& building_id, Lod2Building& out) {
    Lod2Part part;
    part.id = gml_id(b);
    for (CPLXMLNode* c = b->psChild; c != nullptr; c = c->psNext) {
      if (named(c, "boundedBy")) {
        for (CPLXMLNode* s = c->psChild; s != nullptr; s = s->psNext) {
          if (s->eType == CXT_Element) surface(s, building_id, part);
        }
      }
    }
    if (!part.roofs.empty() || !part.ground.empty() || !part.others.empty())
      out.parts.push_back(std::move(part));
    for (CPLXMLNode* c = b->psChild; c != nullptr; c = c->psNext) {
      if (!named(c, "consistsOfBuildingPart")) continue;
      for (CPLXMLNode* p = c->psChild; p != nullptr; p = p->psNext) {
        if (named(p, "BuildingPart")) building(p, building_id, out);
      }
    }
  }

  /// Every bldg:Building under n.
  void find_buildings(CPLXMLNode* n, Lod2Model& model) {
    for (CPLXMLNode* c = n; c != nullptr; c = c->psNext) {
      if (c->eType != CXT_Element) continue;
      if (named(c, "Building")) {
        Lod2Building b;
        b.id = gml_id(c);
        building(c, b.id.empty() ? fmt::format("#{}", model.buildings.size() + 1) : b.id, b);
        model.buildings.push_back(std::move(b));
      } else {
        find_buildings(c->psChild, model);
      }
    }
  }

 private:
  /// One thematic surface (bldg:RoofSurface, WallSurface, ...): its lod2MultiSurface polygons.
  void surface(CPLXMLNode* s, const std::string& building_id, Lod2Part& part) {
    const std::string kind = s->pszValue;
    for (CPLXMLNode* m = s->psChild; m != nullptr; m = m->psNext) {
      if (!named(m, "lod2MultiSurface")) continue;
      for (CPLXMLNode* g = m->psChild; g != nullptr; g = g->psNext) {
        if (g->eType != CXT_Element) continue;
        const std::string field = fmt::format("Building {}.{}.lod2MultiSurface", building_id, kind);
        // OGR's GML reader parses the one element g (not its siblings).
        set_3d(g->psChild);
        CPLXMLNode* next = g->psNext;
        g->psNext = nullptr;
        CPLErrorReset();
        OGRGeometryH h = OGR_G_CreateFromGMLTree(g);
        g->psNext = next;
        std::unique_ptr<OGRGeometry> geom(OGRGeometry::FromHandle(h));
        if (geom == nullptr) {
          const char* msg = CPLGetLastErrorMsg();
          throw_input_error(where_, field,
                            fmt::format("a gml:{} OGR cannot read ({})", g->pszValue,
                                        msg && *msg ? msg : "no message"),
                            "a gml:MultiSurface or gml:CompositeSurface of gml:Polygon");
        }
        if (part.srs_name.empty()) {
          if (const char* srs = CPLGetXMLValue(g, "srsName", nullptr)) part.srs_name = srs;
        }
        std::unique_ptr<OGRGeometry> multi(OGRGeometryFactory::forceToMultiPolygon(geom.release()));
        if (multi == nullptr || wkbFlatten(multi->getGeometryType()) != wkbMultiPolygon) {
          throw_input_error(where_, field, fmt::format("a gml:{}", g->pszValue),
                            "a gml:MultiSurface or gml:CompositeSurface of gml:Polygon");
        }
        auto& dest = kind == "RoofSurface"     ? part.roofs
                     : kind == "GroundSurface" ? part.ground
                                               : part.others;
        for (const OGRPolygon* p : *multi->toMultiPolygon())
          dest.push_back(std::unique_ptr<OGRPolygon>(p->clone()));
      }
    }
  }

  InputLocation where_;
};

}  // namespace

bool is_citygml(const std::string& path) {
  const std::string lower = to_lower(path);
  const auto ends_with = [&](std::string_view e) {
    return lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0;
  };
  if (!ends_with(".gml") && !ends_with(".xml") && !ends_with(".citygml")) return false;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char head[4096];
  const std::size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  const std::string_view text(head, n);
  // The root element: the first '<' not followed by '?' or '!'.
  for (std::size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    if (i + 1 < text.size() && (text[i + 1] == '?' || text[i + 1] == '!')) continue;
    const std::size_t end = text.find_first_of(" \t\r\n>/", i + 1);
    if (end == std::string_view::npos) return false;
    std::string_view name = text.substr(i + 1, end - i - 1);
    if (const std::size_t colon = name.find(':'); colon != std::string_view::npos)
      name.remove_prefix(colon + 1);
    return name == "CityModel";
  }
  return false;
}

Lod2Model read_lod2(const std::string& path) {
  const InputLocation where{path, 0, 0};
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  std::unique_ptr<CPLXMLNode, XmlTreeDeleter> tree(CPLParseXMLFile(path.c_str()));
  const std::string msg = CPLGetLastErrorMsg();
  CPLPopErrorHandler();
  if (tree == nullptr) {
    throw_input_error(where, "CityGML", fmt::format("XML that cannot be parsed ({})", msg),
                      "a CityGML 2.0 document");
  }
  CPLStripXMLNamespace(tree.get(), nullptr, TRUE);
  Lod2Model model;
  CPLXMLNode* root = tree.get();
  while (root != nullptr && !named(root, "CityModel")) root = root->psNext;
  if (root == nullptr) {
    throw_input_error(where, "CityGML", "no CityModel root element", "a CityGML 2.0 document");
  }
  if (const char* srs = CPLGetXMLValue(root, "boundedBy.Envelope.srsName", nullptr))
    model.srs_name = srs;
  Reader reader(path);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  try {
    reader.find_buildings(root->psChild, model);
  } catch (...) {
    CPLPopErrorHandler();
    throw;
  }
  CPLPopErrorHandler();
  return model;
}

}  // namespace akichi::prop::citygml

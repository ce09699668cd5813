// Administrative boundaries (municipalities, 市区町村) from any OGR vector source: each feature's
// polygons reprojected to the study CRS, grouped by the feature's code, clipped to the study area,
// and the study grid's cells assigned to the municipality that contains their centre.
//
// The default attribute names are those of the national administrative-area data N03 of the
// MLIT National Land Numerical Information (国土数値情報 行政区域データ): N03_001 prefecture
// (都道府県名), N03_003 county or designated city (郡・政令市名), N03_004 municipality or ward
// (市区町村名), N03_007 administrative-area code (行政区域コード). N03 splits a municipality into
// one feature per island or part; the parts that share a code are one municipality here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "propagation/geo/geometry.h"
#include "propagation/geo/grid.h"

namespace akichi::prop {

/// Which attributes of the boundary file hold a municipality's code and name.
struct BoundaryFields {
  std::string code = "N03_007";  ///< the key features are grouped by (a string or an integer)
  /// joined without separator, empty or null values skipped: "横浜市" + "中区" = "横浜市中区"
  std::vector<std::string> name = {"N03_003", "N03_004"};
};

/// One municipality: its parts merged, in the study CRS.
struct Boundary {
  std::string code, name;
  std::vector<std::int64_t> fids;  ///< the features it was made of, in file order
  MultiPolygon2 area;              ///< clipped to the study area (read_boundaries)
};

/// What read_boundaries found.
struct Boundaries {
  std::vector<Boundary> municipalities;  ///< those that reach the study area, sorted by code
  std::size_t features = 0;              ///< polygon features read
  std::size_t without_code = 0;          ///< features skipped: null or empty code field
  std::string source_crs;                ///< the name of the file's CRS
};

/// Reads the first layer of `path` (GeoJSON, GeoPackage, Shapefile, ...; a file without a CRS is
/// WGS 84, as GeoJSON specifies), reprojects every feature to `target`, corrects it to
/// Boost.Geometry's orientation, merges the features of one code (bg::union_), and clips each
/// municipality to `clip` (the study area); municipalities outside it are left out. Features
/// whose code is null or empty (N03's 所属未定地, land not assigned to a municipality) are
/// counted and skipped. Throws InputError "PATH: FIELD: found X, expected Y" naming the feature
/// (FID) for a file OGR cannot open, a missing attribute, a feature without geometry or with a
/// geometry that is not a polygon, an invalid polygon, or one code with two names.
Boundaries read_boundaries(const std::string& path, const Crs& target, const BoundaryFields& fields,
                           const Extent& clip);

/// The municipality of each cell of `grid` ([y][x], row 0 = south): the index in `areas` of the
/// first one whose area covers the cell centre (bg::covered_by: a centre on a shared edge goes to
/// the first in order), or -1 outside every one.
std::vector<std::int32_t> assign_cells(const StudyGrid& grid, const std::vector<Boundary>& areas);

}  // namespace akichi::prop

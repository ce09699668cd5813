// Land cover: a categorical raster (ESA WorldCover, JAXA's high-resolution land use/land cover
// map of Japan, or a user's classes) giving the clutter of every place of the study area.
//
// Each class value of the raster is mapped to a ClutterClass: a clutter type of ITU-R P.2108-1
// §3.1 Table 3 with the representative clutter height R that P.2108's terminal correction
// takes, and the representative clutter height R_i that a profile point of ITU-R P.1812-6 §3.2
// (and the ground cover of P.452-18's radio profile) takes. The two heights differ where the
// Recommendations differ: P.1812-6 Table 2 gives 0 m for water/sea and open/rural (those points
// are the bare terrain), P.2108-1 Table 3 gives 10 m (its §3.1 model needs R > 0).
//
// The raster is read through GDAL in any CRS and warped onto a lattice of the study CRS at its
// own resolution with NEAREST resampling: classes are categories, never interpolated. A place
// takes the class of the lattice node nearest to it (the raster pixel it falls in, for a raster
// in the study CRS); places outside the lattice take the nearest edge node, as the terrain does.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/geo/crs.h"
#include "propagation/geo/grid.h"
#include "propagation/terrain/clutter_type.h"

namespace akichi::prop {

/// What one land-cover class stands for.
struct ClutterClass {
  p2108::ClutterType type = p2108::ClutterType::OpenRural;
  double height_m = 10;         ///< representative clutter height R of P.2108-1 §3.1 (> 0 m)
  double profile_height_m = 0;  ///< R_i of a profile point, P.1812-6 §3.2 / P.452-18 (>= 0 m)
  std::string name;             ///< the class's name in its product, for reports
};

/// The clutter of one place, as the P.2108 §3.1 terminal correction takes it.
struct ClutterAt {
  p2108::ClutterType type = p2108::ClutterType::OpenRural;
  double height_m = 10;  ///< representative clutter height R (m)
};

/// The scenario's name of a clutter type: "water_sea", "open_rural", "suburban", "urban",
/// "trees_forest", "dense_urban".
std::string_view clutter_type_key(p2108::ClutterType type) noexcept;
/// The type of a scenario name, or nullopt.
std::optional<p2108::ClutterType> clutter_type_from_key(std::string_view key) noexcept;
/// The six names in Table 3's order, for "expected ..." parts.
const std::vector<std::string_view>& clutter_type_keys();

/// Default representative clutter height of a profile point whose clutter is of this type,
/// ITU-R P.1812-6 Annex 1 §3.2 Table 2: water/sea 0 m, open/rural 0 m, suburban 10 m,
/// urban/trees/forest 15 m, dense urban 20 m.
double p1812_default_clutter_height_m(p2108::ClutterType type) noexcept;

/// A class of `type` with both default heights (P.2108-1 Table 3, P.1812-6 Table 2).
ClutterClass default_clutter_class(p2108::ClutterType type, std::string name = {});

/// Raster value -> class.
using ClassTable = std::map<std::int64_t, ClutterClass>;

/// The built-in tables (docs/methods.md, "Land cover", says why each class maps as it does).
/// ESA WorldCover 10 m v100/v200 (Product User Manual, map legend: 10 tree cover ... 100 moss
/// and lichen; 0 is no data).
const ClassTable& esa_worldcover_classes();
/// JAXA EORC High-Resolution Land-Use and Land-Cover Map of Japan ver. 21.11 (categories 1
/// water bodies ... 12 solar panel; 0 is unclassified, treated as no data).
const ClassTable& jaxa_hrlulc_classes();

struct LandCoverOptions {
  std::string path;     ///< any raster GDAL opens, in any CRS
  int band = 1;         ///< the band holding the class values
  std::string classes;  ///< the table's name for messages: "esa-worldcover", "table", ...
  ClassTable table;     ///< every class value the raster may hold over the study area
  /// Class values that mean "no data" besides the raster's own nodata value (0 for the
  /// built-in tables: ESA's no data, JAXA's unclassified).
  std::vector<std::int64_t> nodata_values;
  /// The clutter of places without data (the raster's nodata, outside its footprint, JAXA's
  /// and ESA's class 0); nullopt: such places are an input error.
  std::optional<ClutterClass> nodata;
};

/// What the raster holds over the study area (`akichi check`).
struct LandCoverSurvey {
  int columns = 0, rows = 0;                      ///< the raster's size
  double source_pixel_x = 0, source_pixel_y = 0;  ///< its pixel size in its own CRS's units
  std::string source_units;                       ///< "metre", "degree", ...
  std::string crs_name;
  double pixel_x_m = 0, pixel_y_m = 0;  ///< its pixels measured in the study CRS
  int nx = 0, ny = 0;                   ///< the lattice it is read onto
  double step_m = 0;
  std::map<std::int64_t, std::int64_t> histogram;  ///< class value -> lattice nodes
  std::int64_t nodata_nodes = 0;                   ///< nodes without data
  std::vector<std::int64_t> unmapped;  ///< values found that the table does not map, ascending
};

/// The land cover of the study area on a lattice of the study CRS: node (i, j) at (x0_m +
/// i*step_m, y0_m + j*step_m), j = 0 southernmost, as TerrainGrid.
class LandCover {
 public:
  LandCover() = default;
  /// `index` holds, per node (row-major, [j][i]), an index into `classes`. Throws InputError
  /// unless nx, ny >= 1, step_m > 0, index.size() == nx * ny and every index is valid.
  LandCover(double x0_m, double y0_m, double step_m, int nx, int ny,
            std::vector<std::uint8_t> index, std::vector<ClutterClass> classes);

  /// The clutter type and representative clutter height R (P.2108 §3.1) at a place.
  ClutterAt clutter_at(double x_m, double y_m) const noexcept {
    const ClutterClass& c = class_at(x_m, y_m);
    return {c.type, c.height_m};
  }
  /// The representative clutter height R_i of a profile point at a place (P.1812-6 §3.2).
  double profile_height_m(double x_m, double y_m) const noexcept {
    return class_at(x_m, y_m).profile_height_m;
  }
  /// R_i of n >= 2 points equally spaced on the straight line from (x0, y0) (point 0) to (x1,
  /// y1) (point n-1): the placement of extract_profile()'s samples.
  void fill_profile_heights(double x0_m, double y0_m, double x1_m, double y1_m, int n,
                            double* out) const noexcept;
  const ClutterClass& class_at(double x_m, double y_m) const noexcept {
    return classes_[index_[node(x_m, y_m)]];
  }

  double x0_m() const { return x0_; }
  double y0_m() const { return y0_; }
  double step_m() const { return step_; }
  int nx() const { return nx_; }
  int ny() const { return ny_; }
  const std::vector<ClutterClass>& classes() const { return classes_; }

 private:
  std::size_t node(double x_m, double y_m) const noexcept {
    // Nearest node, clamped to the lattice (NaN goes to 0, as TerrainGrid::sample_nodes()).
    const double fi = std::max(0.0, (x_m - x0_) * inv_step_ + 0.5);
    const double fj = std::max(0.0, (y_m - y0_) * inv_step_ + 0.5);
    const int i = std::min(static_cast<int>(std::min(fi, 2.0e9)), nx_ - 1);
    const int j = std::min(static_cast<int>(std::min(fj, 2.0e9)), ny_ - 1);
    return static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) +
           static_cast<std::size_t>(i);
  }

  double x0_ = 0, y0_ = 0, step_ = 1, inv_step_ = 1;
  int nx_ = 0, ny_ = 0;
  std::vector<std::uint8_t> index_;
  std::vector<ClutterClass> classes_;
};

/// Reads band options.band of options.path onto the lattice of its own resolution covering
/// `extent` in `target` (nearest neighbour; a raster in the study CRS keeps its own pixels) and
/// maps every node through options.table. Throws InputError naming the file: unreadable, no
/// such band, no CRS or geotransform, a value that is not a whole number, a value the table
/// does not map (naming it), or a node without data when options.nodata is not set. `survey`
/// (may be null) receives what was read, filled before those errors are thrown.
LandCover load_land_cover(const LandCoverOptions& options, const Crs& target, const Extent& extent,
                          LandCoverSurvey* survey);

}  // namespace akichi::prop

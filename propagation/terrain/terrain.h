// Terrain elevation on a regular grid in the study CRS, with bilinear sampling, and optionally
// a DEM's own posts in its own geometry, sampled through a map from the study CRS.
// Sources: any GDAL raster (reprojected and resampled with GDAL's warper), deterministic
// synthetic terrain (seeded), or flat.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "propagation/geo/crs.h"
#include "propagation/geo/distance.h"
#include "propagation/geo/grid.h"
#include "propagation/terrain/land_cover.h"

namespace akichi::prop {

class SourcePosts;

/// Elevation samples (metres above the raster's vertical datum) at nodes
/// (x0_m + i*step_m, y0_m + j*step_m), i in [0, nx), j in [0, ny), row-major [j][i],
/// j = 0 southernmost ("pixel is point").
class TerrainGrid {
 public:
  TerrainGrid() = default;
  /// Throws InputError unless nx >= 2, ny >= 2, z_m.size() == nx * ny and step_m > 0.
  TerrainGrid(double x0_m, double y0_m, double step_m, int nx, int ny, std::vector<float> z_m);

  /// Bilinear interpolation; points outside the grid take the value at the nearest edge.
  /// A default-constructed (empty) grid returns NaN. With source posts (set_source_posts()),
  /// the bilinear interpolation of the DEM's own posts instead.
  inline double elevation_m(double x_m, double y_m) const noexcept;

  /// The bilinear kernel in node units: fi = (x - x0) / step, fj = (y - y0) / step. Clamped to
  /// [0, nx-1] x [0, ny-1] (NaN goes to 0); requires a non-empty grid. Branch-free: this is the
  /// inner loop of extract_profile().
  double sample_nodes(double fi, double fj) const noexcept {
    fi = std::min(std::max(0.0, fi), fi_max_);  // max(0, NaN) is 0
    fj = std::min(std::max(0.0, fj), fj_max_);
    const int i = std::min(static_cast<int>(fi), nx_ - 2);
    const int j = std::min(static_cast<int>(fj), ny_ - 2);
    const double tx = fi - i;
    const double ty = fj - j;
    const float* p = z_.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) + i;
    const double z00 = p[0], z10 = p[1], z01 = p[nx_], z11 = p[nx_ + 1];
    const double south = z00 + tx * (z10 - z00);
    const double north = z01 + tx * (z11 - z01);
    return south + ty * (north - south);
  }
  /// Node value.
  float at(int i, int j) const noexcept { return z_[static_cast<std::size_t>(j) * nx_ + i]; }
  /// Every node at the same elevation (a flat earth): elevation_m() is that value everywhere.
  /// False for an empty grid.
  bool flat() const noexcept { return flat_; }

  /// The measures of length over this terrain: profiles (extract_profile()) and the distance
  /// every model sees (the engine's make_link()). `given`: the one measure every model uses
  /// ([terrain] distance when the user set it), or none: each model measures as its source
  /// prescribes (the engine's AreaContext). `measures`: one PathDistance for each kind other
  /// than the plane that may be asked for (the plane needs none). A grid that was never given
  /// its measures knows no earth: every length is on its plane.
  void set_distances(std::optional<DistanceKind> given,
                     std::vector<std::shared_ptr<const PathDistance>> measures) {
    given_ = given;
    measures_ = std::move(measures);
  }
  /// The measure every model uses, or none when each takes the one its source prescribes.
  std::optional<DistanceKind> given_distance() const noexcept { return given_; }
  /// The measure of `kind`: null for the plane; throws RuntimeError for a kind the grid was not
  /// given.
  const PathDistance* distance(DistanceKind kind) const;
  /// Length from (x0, y0) to (x1, y1) by `distance` (null: the plane, exactly std::hypot(x1 -
  /// x0, y1 - y0)).
  static double path_length_m(const PathDistance* distance, double x0_m, double y0_m, double x1_m,
                              double y1_m) {
    return distance ? distance->length_m(x0_m, y0_m, x1_m, y1_m)
                    : std::hypot(x1_m - x0_m, y1_m - y0_m);
  }

  /// The DEM's own posts in its own geometry (null, the default: none). With them,
  /// elevation_m() and extract_profile() interpolate the posts once at each point instead of
  /// the lattice that was itself interpolated from them; the lattice (sample_nodes(), data())
  /// stays for what needs nodes on the study CRS's axes.
  void set_source_posts(std::shared_ptr<const SourcePosts> posts) { posts_ = std::move(posts); }
  const SourcePosts* source_posts() const noexcept { return posts_.get(); }

  /// The land cover of the study area (null, the default: none). The engine's make_link()
  /// fills a link's per-point clutter heights from it for models that take them.
  void set_land_cover(std::shared_ptr<const LandCover> land_cover) {
    land_cover_ = std::move(land_cover);
  }
  const LandCover* land_cover() const noexcept { return land_cover_.get(); }

  double x0_m() const { return x0_; }
  double y0_m() const { return y0_; }
  double step_m() const { return step_; }
  double inv_step() const { return inv_step_; }
  int nx() const { return nx_; }
  int ny() const { return ny_; }
  const std::vector<float>& data() const { return z_; }
  Extent extent() const { return {x0_, y0_, x0_ + (nx_ - 1) * step_, y0_ + (ny_ - 1) * step_}; }

 private:
  double x0_ = 0, y0_ = 0, step_ = 1, inv_step_ = 1, fi_max_ = 0, fj_max_ = 0;
  int nx_ = 0, ny_ = 0;
  bool flat_ = false;
  std::vector<float> z_;
  std::optional<DistanceKind> given_ = DistanceKind::Plane;
  std::vector<std::shared_ptr<const PathDistance>> measures_;
  std::shared_ptr<const LandCover> land_cover_;
  std::shared_ptr<const SourcePosts> posts_;
};

/// A DEM's posts as the DEM gives them, in its own CRS and pixel geometry (a geographic DEM's
/// rows of latitude and columns of longitude), and the map from the study CRS onto them.
/// The posts are a TerrainGrid in post units (origin 0, step 1: node (i, j) is post (i, j) of
/// the window read, j = 0 its last row in the file). The map from study coordinates to post
/// coordinates is tabulated at nodes every table_step_m of the study CRS (each node's exact
/// PROJ transformation and the raster's inverse geotransform) and interpolated bilinearly
/// between them: the transformation's curvature over a table cell of s metres puts a point off
/// by about s^2 tan(latitude) / (8 R), 1 mm at s = 250 m (docs/methods.md, "Terrain nodes").
class SourcePosts {
 public:
  /// `fi`, `fj`: the post coordinates of table node (a, b) at [b * table_nx + a], the node at
  /// (table_x0_m + a * table_step_m, table_y0_m + b * table_step_m). Throws InputError unless
  /// the table has at least 2 x 2 finite nodes and a finite step > 0.
  SourcePosts(TerrainGrid posts, double table_x0_m, double table_y0_m, double table_step_m,
              int table_nx, int table_ny, std::vector<double> fi, std::vector<double> fj);

  /// Post coordinates of a study point: the table's bilinear interpolation (extrapolated
  /// linearly beyond it).
  void to_posts(double x_m, double y_m, double& fi, double& fj) const noexcept {
    const double u = (x_m - tx0_) * tinv_, v = (y_m - ty0_) * tinv_;
    // The cell, clamped before the conversion (NaN goes to 0): floor(u) inside the table.
    const int a = static_cast<int>(std::min(std::max(u, 0.0), tnx_ - 2.0));
    const int b = static_cast<int>(std::min(std::max(v, 0.0), tny_ - 2.0));
    const double s = u - a, t = v - b;
    const std::size_t k = static_cast<std::size_t>(b) * static_cast<std::size_t>(tnx_) + a;
    const std::size_t up = static_cast<std::size_t>(tnx_);
    const auto lerp2 = [&](const std::vector<double>& f) {
      const double south = f[k] + s * (f[k + 1] - f[k]);
      const double north = f[k + up] + s * (f[k + up + 1] - f[k + up]);
      return south + t * (north - south);
    };
    fi = lerp2(fi_);
    fj = lerp2(fj_);
  }
  /// Bilinear interpolation of the posts at a study point (the edge value beyond them).
  double elevation_m(double x_m, double y_m) const noexcept {
    double fi = 0, fj = 0;
    to_posts(x_m, y_m, fi, fj);
    return posts_.sample_nodes(fi, fj);
  }
  const TerrainGrid& posts() const noexcept { return posts_; }
  double table_step_m() const noexcept { return tstep_; }
  int table_nx() const noexcept { return tnx_; }
  int table_ny() const noexcept { return tny_; }

 private:
  TerrainGrid posts_;
  double tx0_, ty0_, tstep_, tinv_;
  int tnx_, tny_;
  std::vector<double> fi_, fj_;
};

double TerrainGrid::elevation_m(double x_m, double y_m) const noexcept {
  if (posts_) return posts_->elevation_m(x_m, y_m);
  if (nx_ < 2) return std::numeric_limits<double>::quiet_NaN();
  return sample_nodes((x_m - x0_) * inv_step_, (y_m - y0_) * inv_step_);
}

/// Node lattice a terrain source is resampled onto: covers `extent` with nodes every `step_m`.
/// Nodes are x = xmin + i*step_m, y = ymin + j*step_m; along each axis the count is
/// floor(width / step_m) + 1, plus one more node when that last node falls short of the far edge,
/// so the last node reaches or passes xmax (ymax); at least 2 nodes per axis. A relative
/// tolerance of 1e-9 keeps widths that are whole multiples of the step from growing a node.
struct TerrainLattice {
  Extent extent;
  double step_m = 10;

  /// Node counts; throw InputError unless step_m > 0 and the extent is finite and not inverted.
  int nx() const;
  int ny() const;
};

/// A flat earth at elevation z_m.
TerrainGrid make_flat_terrain(const TerrainLattice& lattice, double z_m);

/// Parameters of deterministic synthetic terrain: a sum of seeded random Fourier modes
/// (isotropic, power-law spectrum) scaled to the requested relief, plus a base level.
struct SyntheticTerrainParams {
  std::uint64_t seed = 1;
  double base_m = 0;           ///< elevation of the lowest point
  double relief_m = 50;        ///< highest minus lowest point
  double wavelength_m = 1000;  ///< dominant horizontal scale of the hills
  int modes = 64;              ///< number of Fourier modes summed
  /// Optional sea: nodes south of this northing (projected metres) are smoothly lowered to
  /// sea_level_m. NaN disables it.
  double coast_y_m = std::numeric_limits<double>::quiet_NaN();
  double sea_level_m = 0;
};

/// Same parameters -> the same grid, bit for bit, on every machine.
TerrainGrid make_synthetic_terrain(const TerrainLattice& lattice,
                                   const SyntheticTerrainParams& params);

/// What to do with raster cells that have no data (voids, outside the raster's footprint).
enum class NodataPolicy {
  Error,    ///< any nodata sample is an input error
  Fill,     ///< replace with a constant (fill_value_m)
  Nearest,  ///< GDALFillNodata inverse-distance interpolation from valid neighbours
};

struct RasterTerrainOptions {
  std::string path;  ///< any raster GDAL opens (GeoTIFF, SRTM .hgt, ...)
  int band = 1;
  /// GDAL warp resampling: near, bilinear, cubic, ... The interpolating kernels (near, bilinear,
  /// cubic, cubicspline, lanczos) sample the DEM at each node with their own footprint in
  /// source pixels, however far apart the nodes are (GDAL's XSCALE = YSCALE = 1): nodes coarser
  /// than the DEM pick the DEM's values rather than averaging ridges away. average, mode, min,
  /// max, med, q1, q3 aggregate the source pixels under each node, as their names say.
  std::string resampling = "bilinear";
  NodataPolicy nodata = NodataPolicy::Error;
  double fill_value_m = 0;
};

/// What loading a raster found.
struct RasterTerrainReport {
  std::int64_t nodata_samples = 0;  ///< samples without data before the fill policy
  std::int64_t total_samples = 0;
  std::string source_crs_name;
  double source_pixel_size = 0;  ///< in the source CRS's units
};

/// A raster's own geometry as the study CRS sees it, read from its header.
struct RasterGeometry {
  /// Post spacing along the raster's columns and rows, in study-CRS metres, measured at the
  /// study area's centre (for a geographic DEM the columns shrink with the latitude's cosine).
  double pixel_x_m = 0, pixel_y_m = 0;
  /// The raster is in the study CRS, north up, unrotated, with square pixels: a lattice at its
  /// pixel size, one node on a post, has every node on a post.
  bool aligned = false;
  double post_x_m = 0, post_y_m = 0;  ///< one post (a pixel centre), study CRS, when aligned
  int columns = 0, rows = 0;
  std::string crs_name;
  double source_pixel_x = 0, source_pixel_y = 0;  ///< pixel size in the source CRS's units
  std::string source_units;                       ///< "metre", "degree", ...

  /// The node spacing that keeps every post of the DEM: its finer pixel dimension.
  double resolution_m() const { return std::min(pixel_x_m, pixel_y_m); }
};

/// Opens `options.path` (the checks of load_raster_terrain: readable, band, CRS, geotransform)
/// and measures its posts from the study CRS at (centre_x_m, centre_y_m).
RasterGeometry probe_raster_terrain(const RasterTerrainOptions& options, const Crs& target,
                                    double centre_x_m, double centre_y_m);

/// The lattice whose nodes are the DEM's own posts: `extent` grown outwards to the posts of an
/// aligned raster at its resolution; otherwise `extent` at geometry.resolution_m().
TerrainLattice native_lattice(const RasterGeometry& geometry, const Extent& extent);

/// The posts of `options.path` under `extent` of the study CRS `target`, as the DEM gives them,
/// and the map onto them (SourcePosts), for profiles that interpolate the DEM once. Null when
/// the lattice is already the posts or cannot be replaced by them: a raster `aligned` with the
/// study CRS (its lattice nodes are its posts), a resampling other than "bilinear", posts
/// without data under the extent (the lattice's nodata policy applies), or fewer than 2 x 2
/// posts under it.
std::shared_ptr<const SourcePosts> load_source_posts(const RasterTerrainOptions& options,
                                                     const Crs& target, const Extent& extent,
                                                     bool aligned);

/// Reprojects and resamples `options.path` onto `lattice` in `target` with GDALWarp. When the
/// raster is aligned with the lattice (RasterGeometry::aligned, the lattice's step its pixel
/// size and its nodes on posts) and covers it, the nodes are read as they are, without
/// resampling.
/// Throws InputError naming the file when it cannot be opened, has no CRS, does not cover
/// the lattice, or has nodata under NodataPolicy::Error.
TerrainGrid load_raster_terrain(const RasterTerrainOptions& options, const Crs& target,
                                const TerrainLattice& lattice, RasterTerrainReport* report);

}  // namespace akichi::prop

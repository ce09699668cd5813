// Map outputs of one 2-D field on the study grid: a PNG for people (cairo) and a float32
// GeoTIFF for GIS tools (GDAL). The caller fills MapLayer / MapOverlay from a results file;
// nothing here reads results.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace akichi::viz {

/// One 2-D field on the study grid.
struct MapLayer {
  int nx = 0, ny = 0;   ///< columns (west to east), rows (south to north); both >= 1
  double x0_m = 0.0;    ///< west edge of column 0 in the study CRS [m]
  double y0_m = 0.0;    ///< south edge of row 0 in the study CRS [m]
  double cell_m = 0.0;  ///< side of the square cells [m], > 0
  std::vector<float>
      values;  ///< row-major [iy][ix], size nx*ny; row iy = 0 is the SOUTHERN row; NaN = no data
  std::string crs_wkt;  ///< projected CRS (WKT, or anything OGR's SetFromUserInput accepts, e.g.
                        ///< "EPSG:32654")
  std::string name, long_name, units;  ///< e.g. "rx_power", "received power", "dBm"
  bool categorical =
      false;  ///< values are category indices 0..n-1: qualitative colours and a legend
  std::vector<std::string> category_labels;  ///< labels of categories 0..n-1 (when categorical)
  /// A binary mask (categorical, categories 0 and 1: a MIC cover area, premises, usable cells):
  /// render_png fills category 1 semi-transparently with an outline of its boundary and leaves
  /// category 0 clear, so that what lies under the map shows.
  bool mask = false;
  /// Empty, or nx*ny flags in the order of `values`: a nonzero flag leaves the cell clear (not
  /// drawn, what lies under the map shows), e.g. best_server where nothing is received above the
  /// service threshold. Not part of the GeoTIFF or KMZ.
  std::vector<std::uint8_t> clear;
  std::string clear_label;  ///< legend entry of the clear cells, e.g. "below −90 dBm"
};

/// What lies under the field in render_png: an image covering exactly the map's extent, north
/// up (row 0 = the northern edge), 3 bytes (R, G, B) a pixel.
struct Backdrop {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  /// true: a hillshade (grey), blended into the field with the soft-light operator so that the
  /// value of flat ground (flat_hillshade()) leaves the colours unchanged; false: a basemap image,
  /// under the field drawn with 60 % opacity.
  bool relief = false;
};

/// Role of a station drawn on a map; each role has its own symbol and legend entry.
enum class StationRole {
  planned,                ///< a station of the study (the scenario's [[station]])
  protected_receiver,     ///< an incumbent (database) station that receives
  incumbent_transmitter,  ///< an incumbent (database) station that only transmits
  earth_station,          ///< an incumbent earth station (S.465 / S.580 antenna)
  database_local5g,       ///< another licensee's local 5G station from the database
};
/// Legend text of a role ("planned station", "protected receiver", ...).
const char* station_role_name(StationRole role);

/// What is drawn over the field.
struct MapOverlay {
  struct Marker {
    double x_m, y_m;  ///< position in the study CRS [m]
    std::string label;
  };
  std::vector<Marker> stations;  ///< drawn as triangles with their label
  /// Stations with their role: symbol by role, a short line along the azimuth of directional
  /// ones, their label, and a legend entry (lower right of the map) for each role present.
  struct Site {
    double x_m, y_m;  ///< position in the study CRS [m]
    std::string label;
    StationRole role;
    /// Direction of the main beam on the map, clockwise from grid north [deg]; NaN for
    /// omnidirectional antennas.
    double azimuth_deg = std::numeric_limits<double>::quiet_NaN();
  };
  std::vector<Site> sites;
  /// Building footprints (closed rings), outlined thinly.
  std::vector<std::vector<std::pair<double, double>>> buildings;
  /// Drawn under the field (the terrain's hillshade or a basemap); none: a white ground.
  std::optional<Backdrop> backdrop;
  std::vector<std::vector<std::pair<double, double>>>
      outlines;  ///< closed rings (x_m, y_m), e.g. premises
  /// Names centred on their position, dark with a white halo (municipality names); text with
  /// non-ASCII characters is set in a Japanese font (IPAGothic) so that 市区町村 names show.
  std::vector<Marker> labels;
  std::string title, subtitle;  ///< title defaults to the layer's long_name (or name) when empty
};

struct RenderOptions {
  std::string colormap = "viridis";  ///< a name colormap() knows; ignored for categorical layers
  std::optional<double> vmin, vmax;  ///< colour range in the layer's units; see value_range()
  int scale = 0;                     ///< pixels per cell; 0 = automatic (see pixels_per_cell())
  /// A latitude/longitude graticule through the layer's CRS, labelled in degrees, minutes and
  /// seconds as the extent needs (see graticule()); nothing for a layer without a CRS.
  bool graticule = true;
};

/// Writes `path` (extension .png) atomically: the image is written to a hidden temporary file in
/// the same directory and renamed when complete. The image holds the field north up with
/// nearest-neighbour cells, no-data cells light grey (#d9d9d9), easting/northing ticks in km, a
/// colour bar with tick labels and units (a legend for categorical layers), the title and
/// subtitle, station markers with labels, outlines, a scale bar and a north arrow; when given,
/// the backdrop under the field (see Backdrop), building outlines, the stations by role with
/// their legend, and the graticule (options.graticule). Clear cells (layer.clear, category 0 of
/// a mask) show the backdrop, or white without one.
/// Throws akichi::InputError for an invalid layer (see validate_layer()), an unknown colour map,
/// a negative scale, vmin >= vmax, a wrong extension or a path that cannot be written.
void render_png(const MapLayer& layer, const MapOverlay& overlay, const RenderOptions& options,
                const std::string& path);

/// Writes `path` (extension .tif or .tiff) atomically as a GeoTIFF: north-up (first row
/// = northern row ny-1), DEFLATE, the layer's CRS, geotransform (x0, cell, 0, y0 + ny*cell, 0,
/// -cell), band description = long_name (or name), unit type = units; band metadata name,
/// long_name, units. A continuous layer is float32 (floating-point predictor) with nodata NaN.
/// A categorical layer of n categories is Byte (UInt16 when n >= 255) with nodata 255 (65535),
/// colour interpretation palette, a colour table of category_colour(i) (the PNG legend's
/// colours), the labels as GDAL category names (stored by GDAL in "<path>.aux.xml") and as
/// category_<i> metadata, and a QGIS style "<path without extension>.qml" (paletted renderer,
/// same colours and labels). A continuous layer removes a "<path>.aux.xml" and a .qml that this
/// function wrote for an earlier categorical file of the same name.
/// Throws akichi::InputError for an invalid layer, a missing CRS, a wrong extension or a path
/// that cannot be written; akichi::RuntimeError when GDAL fails while writing.
void write_geotiff(const MapLayer& layer, const std::string& path);

/// Writes `path` (extension .kmz) atomically as a KMZ for Google Earth: the field in the colours
/// of render_png (no-data cells transparent) as a KML super-overlay written by GDAL's
/// KMLSUPEROVERLAY driver (PNG tiles in WGS 84 with regions; its name the title, its
/// description the subtitle), and render_png's colour bar or legend as a screen overlay
/// (legend.png, lower-left corner of the window). doc.kml is the archive's first entry.
/// Throws InputError for an invalid layer, a missing CRS, a wrong extension or a path that
/// cannot be written; RuntimeError when GDAL fails.
void write_kmz(const MapLayer& layer, const MapOverlay& overlay, const RenderOptions& options,
               const std::string& path);

/// Checks sizes and geometry: nx, ny >= 1, values.size() == nx*ny, cell_m > 0, finite
/// x0_m / y0_m; a non-empty crs_wkt must name a projected CRS; a categorical layer holds only
/// NaN or integers 0..n-1 (n = category_labels.size() when labels are given). Throws InputError.
void validate_layer(const MapLayer& layer);

/// Colour range used by render_png (continuous layers).
struct ValueRange {
  double vmin, vmax;
};

/// vmin / vmax from the options when given; otherwise the 2nd and 98th percentiles of the finite
/// values (linear interpolation between order statistics), so that a few extreme cells (next to
/// a transmitter) do not flatten the colours; with the "rdbu" map the default range is
/// symmetric about 0 (+-max(|p2|, |p98|)) so that white means 0. A degenerate range v..v becomes
/// v-0.5..v+0.5; no finite value gives 0..1. Throws InputError when given vmin >= vmax.
ValueRange value_range(const MapLayer& layer, const RenderOptions& options);

/// Pixels per cell: options.scale when > 0; otherwise min(1100/nx, 900/ny), rounded down to an
/// integer when that is >= 4 (every cell then has the same size), so that the map area is about
/// 900-1100 px wide. Throws InputError for a negative scale.
double pixels_per_cell(const MapLayer& layer, const RenderOptions& options);

/// Where the map area lies in the PNG render_png writes for these arguments.
struct PngGeometry {
  int width_px, height_px;         ///< whole image
  double map_left_px, map_top_px;  ///< north-west corner of the map area
  double px_per_cell;
  /// Image position (x right, y down) of the point (x_m, y_m) of the study CRS.
  std::pair<double, double> to_pixel(double x_m, double y_m, const MapLayer& layer) const;
};
PngGeometry png_geometry(const MapLayer& layer, const MapOverlay& overlay,
                         const RenderOptions& options);

}  // namespace akichi::viz

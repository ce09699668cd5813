// The operation-coordination outputs drawn for people: the granted EIRP of each applicant of
// [coordination] on the study area (the map frame of render_png), and the empirical CDF of I/N
// of each protected receiver from the Monte Carlo of [montecarlo] (a line plot). cairo.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "viz/map.h"

namespace akichi::viz {

/// One applicant of the allocation (a planned base station).
struct Applicant {
  double x_m = 0, y_m = 0;  ///< position in the study CRS
  std::string id;
  bool granted = false;
  double eirp_dBm = 0;  ///< granted EIRP; meaningless when denied
};

/// The allocation as the map draws it: the study grid (no field: every cell no data), the
/// protected receivers as the overlay's station markers, and the applicants.
struct GrantedEirpMap {
  MapLayer layer;      ///< the grid, all NaN; name granted_eirp, units dBm
  MapOverlay overlay;  ///< stations = the protected receivers with their ids
  std::vector<Applicant> applicants;
};

/// Reads /coordination of a results file (applicant_id, granted, granted_eirp), the applicants'
/// positions (station_x, station_y by station_id) and the receivers' (db_station_x / _y of
/// receiver_db_station); of a batch file of a sweep, those of the variant `variant` names (its
/// name or index in the sweep: select_variant(), required there and refused elsewhere). Throws
/// InputError naming the file when it has no /coordination group (written by a scenario with a
/// [coordination] section) or an applicant has no position.
GrantedEirpMap load_granted_eirp(const std::string& results_path, const std::string& variant = "");

/// The colour range of the granted EIRPs: options.vmin / vmax when given, else the least and
/// greatest granted EIRP (a single value v: v-0.5..v+0.5; none granted: 0..1).
ValueRange granted_eirp_range(const GrantedEirpMap& map, const RenderOptions& options);

/// Radius [px] of the applicants' markers in render_granted_eirp_png.
inline constexpr double kApplicantMarkerRadius_px = 6.0;

/// Writes `path` (.png): render_png's frame (grid, ticks, title, scale bar, north arrow, the
/// receivers marked and labelled) with a colour bar over granted_eirp_range(), each granted
/// applicant a disc filled with the colour of its EIRP on that bar (black rim), each denied one
/// a hollow grey circle, and a legend of the two in the map's upper-left corner. The applicant
/// at pixel png_geometry(map.layer, map.overlay, options).to_pixel(x, y) is centred there.
void render_granted_eirp_png(const GrantedEirpMap& map, const RenderOptions& options,
                             const std::string& path);

/// The granted EIRP on the grid (the greatest of the granted applicants in a cell, NaN
/// elsewhere): the layer write_geotiff writes for `.tif`.
MapLayer granted_eirp_raster(const GrantedEirpMap& map);

/// One curve of the CDF plot.
struct CdfCurve {
  std::string label;         ///< receiver id (and channel when the file has several)
  std::vector<double> x_dB;  ///< I/N abscissae, ascending
  std::vector<double> p;     ///< P(I/N <= x); NaN where not known
  double criterion_dB = 0;   ///< the receiver's I/N criterion: db_station_limit - noise
};

struct CdfPlot {
  std::string title, subtitle;
  std::vector<CdfCurve> curves;
  /// Draw the tail: the complementary CDF P(I/N > x) = 1 - p on a logarithmic axis from 1 down
  /// to 1 / trials (the least non-zero share the trials can give).
  bool complementary = false;
  double trials = 0;  ///< trials run (/montecarlo's trials attribute); 0: not known
};

/// Reads /montecarlo's i_over_n_cdf: one curve per protected receiver (only `station` when not
/// empty) and channel (only `channel`, a channel_id or an index, when not empty) with counted
/// trials; `complementary`: for the tail plot (CdfPlot::complementary); `variant`: a batch
/// file's variant as for load_granted_eirp(). Throws InputError naming the file when it has no
/// /montecarlo group (written by a scenario with a [montecarlo] section), or an unknown station
/// or channel (listing the valid).
CdfPlot load_i_over_n_cdf(const std::string& results_path, const std::string& station,
                          const std::string& channel, bool complementary = false,
                          const std::string& variant = "");

/// Where the plot area of render_cdf_png lies: x from xmin to xmax dB, y from 0 to 1 (linear),
/// or for the complementary CDF from 1 at the top down to pmin at the bottom, log10-scaled.
struct CdfGeometry {
  int width_px = 1000, height_px = 0;
  double left = 80, top = 78, plot_w = 0, plot_h = 480;
  double xmin = 0, xmax = 1;
  bool log = false;
  double pmin = 1e-3;  ///< log: the bottom of the axis (1 / trials)
  /// The pixel of abscissa x_dB and plotted probability p (the CDF, or its complement when
  /// log; a p below pmin lies below the plot area).
  std::pair<double, double> to_pixel(double x_dB, double p) const {
    const double px = left + (x_dB - xmin) / (xmax - xmin) * plot_w;
    if (!log) return {px, top + (1.0 - p) * plot_h};
    return {px, top + std::log10(p) / std::log10(pmin) * plot_h};
  }
};
CdfGeometry cdf_geometry(const CdfPlot& plot);

/// Writes `path` (.png): one line per curve (category_colour(i)) with a legend, x axis I/N [dB],
/// y axis probability 0..1 (complementary: P(I/N > x) on a log axis with a tick per decade from
/// 1 down to 1 / trials, each line ending where the complement reaches 0), each curve's
/// criterion as a dashed vertical line of its colour, title and subtitle; DejaVu Sans as the
/// maps. Throws InputError for no curve or a bad path.
void render_cdf_png(const CdfPlot& plot, const std::string& path);

}  // namespace akichi::viz

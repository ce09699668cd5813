// A study, as read from its TOML scenario file: validated, in SI units and one projected CRS.
// The file format is documented in docs/scenario-format.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "propagation/engine/adapters/building_entry.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/geo/crs.h"
#include "propagation/geo/geometry.h"
#include "propagation/geo/grid.h"
#include "propagation/surface/building_reader.h"
#include "propagation/terrain/terrain.h"
#include "sim/scenario/land_cover_spec.h"
#include "sim/scenario/sharing_spec.h"
#include "sim/station/station.h"
#include "sim/station/station_db.h"

namespace akichi::sim {

enum class TerrainKind { Flat, Synthetic, Raster };

struct TerrainSpec {
  TerrainKind kind = TerrainKind::Flat;
  double flat_elevation_m = 0;
  prop::SyntheticTerrainParams synthetic;
  prop::RasterTerrainOptions raster;  ///< path already resolved relative to the scenario
  /// The raster's posts seen from the study CRS, read from its header when the scenario is
  /// parsed (source = "raster" only).
  std::optional<prop::RasterGeometry> raster_geometry;
  /// Terrain node spacing as given; 0 = the default: the DEM's own resolution
  /// (RasterGeometry::resolution_m()) for a raster, the grid's cell size otherwise.
  double step_m = 0;
  /// How profile and link lengths are measured ([terrain] distance), for every model; none (the
  /// key absent): each model as its source prescribes (prop::distance_for()).
  std::optional<prop::DistanceKind> distance;

  /// The node spacing used: step_m, or its default.
  double node_step_m(double cell_m) const {
    if (step_m > 0) return step_m;
    if (kind == TerrainKind::Raster && raster_geometry) return raster_geometry->resolution_m();
    return cell_m;
  }
};

struct CoverageSpec {
  double rx_gain_dBi = 0;               ///< receiving terminal antenna gain (isotropic pattern)
  double noise_figure_dB = 7;           ///< receiver noise figure
  double service_threshold_dBm = -100;  ///< received power for service (premises share)
  double leakage_threshold_dBm = -110;  ///< received power counted as leakage outside premises
  std::string premises_path;            ///< resolved; "" when the scenario has no premises
  prop::MultiPolygon2 premises;         ///< premises in the study CRS (empty when none)
};

/// [buildings]: the footprint file and the building entry loss of indoor link ends.
struct BuildingsSpec {
  bool enabled = false;
  prop::BuildingReadOptions read;        ///< path resolved relative to the scenario file
  prop::BuildingEntryParams entry_loss;  ///< per indoor end (P.2109-2 or a fixed value)
  InputLocation where;                   ///< the [buildings] table, for later messages
};

struct OutputSpec {
  std::string path;  ///< results file, resolved relative to the scenario; may be overridden by -o
  bool write_path_loss = true;  ///< write the path_loss tensor
  bool write_rx_power = true;   ///< write the per-station rx_power tensor
  int compression_level = 4;    ///< deflate level 0..9
};

struct Scenario {
  std::string path;  ///< the scenario file as given
  std::string text;  ///< its full text (stored in the results file)
  std::string name;
  std::string description;

  std::string crs_definition;  ///< as written, or "EPSG:326zz" when defaulted to UTM
  prop::Crs crs;               ///< projected study CRS
  prop::StudyGrid grid;        ///< cells and receiver heights
  double centre_lon_deg = 0, centre_lat_deg = 0;  ///< the study area's centre in WGS 84

  TerrainSpec terrain;
  LandCoverSpec land_cover;   ///< [land_cover] (read at run time, with the terrain)
  prop::ModelConfig model;    ///< model.buildings stays null here: set when a run loads them
  BuildingsSpec buildings;    ///< [buildings] (read at run time, like the terrain)
  double profile_step_m = 0;  ///< terrain profile sample spacing; 0 = the grid's cell size
  /// [propagation] engine: one profile per cell ("exact", the default) or shared along radials
  /// from each transmitter ("radial"); prop::AreaContext::engine.
  prop::AreaEngine area_engine = prop::AreaEngine::Exact;

  /// Every station of the study: the database, then the planned layout (stations.planned(),
  /// the coverage analysis's transmitters; may be empty in a sharing study).
  Stations stations;
  CoverageSpec coverage;
  SharingSpec sharing;
  OutputSpec output;
  int threads = 0;  ///< 0 = all hardware threads
};

/// Every file the scenario reads, resolved: the scenario itself, its terrain raster, land cover,
/// buildings,
/// premises, station lists, MIC rules and antenna patterns, each once, in that order. A run
/// refuses to write its output onto any of them (sim/cli).
std::vector<std::string> scenario_inputs(const Scenario& scenario);

/// How stations given besides the scenario (station lists, the live database, requests) are
/// read for it: its CRS and area, its model's frequency domain, its buildings.
StationSource station_source(const Scenario& scenario);

/// Reads and validates a scenario file. Throws InputError ("FILE:LINE:COL: KEY: found X,
/// expected Y") for syntax errors, unknown keys, wrong types, values out of range, missing
/// files referenced by the scenario and stations outside the study area. Does no heavy work
/// (no terrain is loaded).
Scenario load_scenario(const std::string& path);

/// The same from text already in memory; `path` names it in messages and anchors relative paths.
Scenario parse_scenario(const std::string& text, const std::string& path);

}  // namespace akichi::sim

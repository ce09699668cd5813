// A study, as read from its TOML scenario file: validated, in SI units and one projected CRS.
// The file format is documented in docs/scenario-format.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "propagation/engine/adapters/building_entry.h"
#include "propagation/engine/model_config.h"
#include "propagation/geo/crs.h"
#include "propagation/geo/geometry.h"
#include "propagation/geo/grid.h"
#include "propagation/surface/building_reader.h"
#include "propagation/terrain/terrain.h"
#include "sim/scenario/sharing_spec.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// A transmitting station of the study (a local 5G base station in the coverage analysis).
struct StationSpec {
  std::string id;                   ///< unique, [A-Za-z0-9_.-]+
  double x_m = 0, y_m = 0;          ///< position in the study CRS
  double lon_deg = 0, lat_deg = 0;  ///< the same position in WGS 84
  double height_m = 0;              ///< antenna height above ground
  double freq_Hz = 0;               ///< channel centre frequency
  double bandwidth_Hz = 0;          ///< channel bandwidth
  double eirp_dBm = 0;  ///< EIRP in the direction of maximum gain, over the channel bandwidth
                        ///< (NaN until station_eirp_dBm() is used: "msi" antenna + tx_power_dBm)
  /// Conducted power at the antenna port when the scenario gave tx_power_dBm instead of eirp_dBm.
  /// For "isotropic" and "3gpp_sector" antennas eirp_dBm = tx_power_dBm + antenna.gain_dBi is
  /// already set; for "msi" the maximum gain is in the pattern file, so eirp_dBm is NaN and the
  /// caller completes it with station_eirp_dBm(station, antenna->max_gain_dBi()).
  std::optional<double> tx_power_dBm;
  prop::AntennaConfig antenna;         ///< pattern_path already resolved relative to the scenario
  std::string licensee = "planned";    ///< licensee of the planned layout (sharing analyses)
  TddMode tdd = TddMode::Synchronous;  ///< TDD alignment with the reference pattern
  double tdd_overlap = 1.0;            ///< QuasiSynchronous: DL/UL overlap fraction, (0, 1]
  /// Inside a building: the MIC area rules add their building entry loss, and with [buildings]
  /// every link of the station gets the scenario's entry loss at this end.
  bool indoor = false;
  /// indoor = "auto": indoors when the station stands inside a footprint of [buildings] below
  /// its roof; decided when the buildings are loaded (StudyBuildings::station_indoor), `indoor`
  /// is false until then.
  bool indoor_auto = false;
  std::vector<std::string> schedule;  ///< on-air schedule expressions; empty = always
  InputLocation where;                ///< where the station was defined (for later messages)
};

enum class TerrainKind { Flat, Synthetic, Raster };

struct TerrainSpec {
  TerrainKind kind = TerrainKind::Flat;
  double flat_elevation_m = 0;
  prop::SyntheticTerrainParams synthetic;
  prop::RasterTerrainOptions raster;  ///< path already resolved relative to the scenario
  double step_m = 0;                  ///< terrain node spacing; 0 = the grid's cell size
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
  prop::ModelConfig model;    ///< model.buildings stays null here: set when a run loads them
  BuildingsSpec buildings;    ///< [buildings] (read at run time, like the terrain)
  double profile_step_m = 0;  ///< terrain profile sample spacing; 0 = the grid's cell size

  std::vector<StationSpec> stations;  ///< the planned layout; may be empty in a sharing study
  CoverageSpec coverage;
  SharingSpec sharing;
  OutputSpec output;
  int threads = 0;  ///< 0 = all hardware threads
};

/// EIRP of a station once its antenna pattern is built: eirp_dBm when it is known (given, or
/// derived from tx_power_dBm and the configured gain), else tx_power_dBm + antenna_max_gain_dBi.
double station_eirp_dBm(const StationSpec& station, double antenna_max_gain_dBi);

/// Reads and validates a scenario file. Throws InputError ("FILE:LINE:COL: KEY: found X,
/// expected Y") for syntax errors, unknown keys, wrong types, values out of range, missing
/// files referenced by the scenario and stations outside the study area. Does no heavy work
/// (no terrain is loaded).
Scenario load_scenario(const std::string& path);

/// The same from text already in memory; `path` names it in messages and anchors relative paths.
Scenario parse_scenario(const std::string& text, const std::string& path);

}  // namespace akichi::sim

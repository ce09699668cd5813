// The buildings of a study at run time: read from [buildings] (like the terrain, not when the
// scenario is parsed), placed on the terrain, rasterised onto the study grid; the stations'
// indoor flags resolved; and the path-loss models of a run given the buildings and
// the building entry loss of indoor link ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "propagation/engine/adapters/building_entry.h"
#include "propagation/engine/model_config.h"
#include "propagation/surface/building_map.h"
#include "propagation/surface/building_reader.h"
#include "propagation/terrain/terrain.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

struct StudyBuildings {
  std::shared_ptr<const prop::Buildings> buildings;  ///< study CRS, base_z_m on the terrain
  std::shared_ptr<const prop::BuildingMap> map;      ///< on the study grid
  prop::BuildingReadReport report;
  /// [planned station] 1 when the station is indoors: `indoor = true`, or `indoor = "auto"`
  /// and inside a footprint below its roof.
  std::vector<std::uint8_t> station_indoor;
  /// [planned station] index of the building whose footprint contains the station (exact
  /// polygon test; the tallest where several do), or -1.
  std::vector<int> station_building;
  /// [database station] 1 when the station is indoors, decided as for the planned stations
  /// (database stations are indoor = "auto" with [buildings]); read by the MIC areas. Their
  /// coupling links look the station up in the building map instead (prop::TxEnd::FromMap).
  std::vector<std::uint8_t> database_indoor;
};

/// Reads the scenario's [buildings] (InputError naming the file and feature for bad input)
/// and sets each building's base_z_m to the terrain elevation at its footprint's centroid.
/// Null when the scenario has no [buildings].
std::shared_ptr<const prop::Buildings> load_buildings(const Scenario& scenario,
                                                      const prop::TerrainGrid& terrain,
                                                      prop::BuildingReadReport* report = nullptr);

/// load_buildings(), the BuildingMap and the stations' indoor flags. Null when the
/// scenario has no [buildings].
std::shared_ptr<const StudyBuildings> load_study_buildings(const Scenario& scenario,
                                                           const prop::TerrainGrid& terrain);

/// The scenario's model as a run describes it (CoverageRun::model_description), with its added
/// losses (each saying on which links it applies): built over
/// the buildings of [buildings], followed by the building entry loss of indoor ends; without
/// [buildings], the model's own description. Reads the building file (InputError as
/// load_buildings()) but does not place the buildings on the terrain: no description depends
/// on their base elevation. For the start-up text of `akichi run` and `akichi check`, which
/// come before the terrain is loaded.
std::string describe_study_model(const Scenario& scenario);

/// `base` with its buildings set from `b` (unchanged when `b` is null).
prop::ModelConfig with_buildings(const prop::ModelConfig& base, const StudyBuildings* b);

/// Where planned station `s` is, as the entry-loss decorator needs it.
prop::TxEnd planned_tx_end(const StudyBuildings& b, std::size_t s);

/// The model for the links of one transmitter: `inner` itself without buildings, else
/// inner + the building entry loss of the scenario at the indoor ends (prop::BuildingEntryModel).
std::shared_ptr<const prop::PathLossModel> with_building_entry(
    std::shared_ptr<const prop::PathLossModel> inner, const Scenario& scenario,
    const StudyBuildings* b, prop::TxEnd tx);

}  // namespace akichi::sim

#include "sim/analysis/study_buildings.h"

#include <utility>

namespace akichi::sim {

std::shared_ptr<const prop::Buildings> load_buildings(const Scenario& scenario,
                                                      const prop::TerrainGrid& terrain,
                                                      prop::BuildingReadReport* report) {
  if (!scenario.buildings.enabled) return nullptr;
  auto buildings = std::make_shared<prop::Buildings>(
      prop::read_buildings(scenario.buildings.read, scenario.crs, report));
  for (prop::Building& b : *buildings) {
    prop::Point2 c(0.0, 0.0);  // initialised: GCC 12 cannot see that centroid() sets it
    prop::bg::centroid(b.footprint, c);
    b.base_z_m = terrain.elevation_m(c.x(), c.y());
  }
  return buildings;
}

std::shared_ptr<const StudyBuildings> load_study_buildings(const Scenario& scenario,
                                                           const prop::TerrainGrid& terrain) {
  if (!scenario.buildings.enabled) return nullptr;
  auto out = std::make_shared<StudyBuildings>();
  out->buildings = load_buildings(scenario, terrain, &out->report);
  out->map = std::make_shared<prop::BuildingMap>(scenario.grid, out->buildings);
  const auto locate = [&](const Station& st, std::vector<std::uint8_t>& indoor,
                          std::vector<int>* building) {
    double roof_m = 0;
    const int b = prop::building_containing(*out->buildings, st.x_m, st.y_m, &roof_m);
    const bool below_roof = b >= 0 && st.height_m < roof_m;
    if (building != nullptr) building->push_back(b);
    indoor.push_back(st.indoor_auto ? below_roof : st.indoor);
  };
  for (const Station& st : scenario.stations.planned())
    locate(st, out->station_indoor, &out->station_building);
  for (const Station& st : scenario.stations.database()) locate(st, out->database_indoor, nullptr);
  return out;
}

std::string describe_study_model(const Scenario& scenario) {
  // As the wanted signals' links: every added loss listed, each saying where it applies.
  prop::ModelConfig m = scenario.model;
  m.added.role = prop::LinkRole::Wanted;
  if (!scenario.buildings.enabled) return prop::make_path_loss_model(m)->describe();
  m.buildings = std::make_shared<const prop::Buildings>(
      prop::read_buildings(scenario.buildings.read, scenario.crs));
  return prop::make_path_loss_model(m)->describe() + " + " +
         prop::describe_building_entry(scenario.buildings.entry_loss);
}

prop::ModelConfig with_buildings(const prop::ModelConfig& base, const StudyBuildings* b) {
  prop::ModelConfig m = base;
  if (b != nullptr) m.buildings = b->buildings;
  return m;
}

prop::TxEnd planned_tx_end(const StudyBuildings& b, std::size_t s) {
  if (!b.station_indoor[s]) return {prop::TxEnd::Kind::Outdoor, -1};
  return {prop::TxEnd::Kind::Indoor, b.station_building[s]};
}

std::shared_ptr<const prop::PathLossModel> with_building_entry(
    std::shared_ptr<const prop::PathLossModel> inner, const Scenario& scenario,
    const StudyBuildings* b, prop::TxEnd tx) {
  if (b == nullptr) return inner;
  return std::make_shared<prop::BuildingEntryModel>(std::move(inner), b->map,
                                                    scenario.buildings.entry_loss, tx);
}

}  // namespace akichi::sim

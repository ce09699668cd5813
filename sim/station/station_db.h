// Readers of the study's stations, planned and in the database: stations written inline in the
// scenario ([[station]] for the planned layout, [[incumbent]], [[licensee_station]]) and station
// lists (CSV, or any OGR vector of points: GeoJSON, GeoPackage, Shapefile, ...). All sources
// become Records (sim/input/record.h) read by one field parser, so they accept the same keys
// with the same checks and messages; a station's role decides which keys it takes and which
// are required. The keys are documented in docs/station-lists.md and docs/scenario-format.md.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/model_config.h"
#include "propagation/geo/crs.h"
#include "propagation/geo/grid.h"
#include "sim/input/record.h"
#include "sim/input/toml_section.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// Where stations must lie and what the scenario around them allows: the study CRS (positions
/// are converted into it), the study extent in that CRS (stations outside it are refused), the
/// frequency domain of the scenario's model (planned stations outside it are refused) and
/// whether the scenario has [buildings] (indoor = "auto"; database stations are then placed
/// indoors or outdoors by the footprints).
struct StationSource {
  /// The frequency range the scenario's propagation model is valid in (its registry entry),
  /// with the source that states it: planned stations must transmit inside it.
  struct FrequencyDomain {
    double min_Hz = 0;
    double max_Hz = 0;
    std::string source;
  };
  const prop::Crs& crs;
  prop::Extent extent;
  std::optional<FrequencyDomain> model_domain;
  std::string model_name;  ///< the scenario's model, for messages
  bool buildings = false;
};

/// Every [[key]] table of `parent` (key = "station", "incumbent" or "licensee_station"); none ->
/// empty. [[station]] tables are the planned layout (role "planned", no role key); in
/// [[incumbent]] tables `role` may be left out (it is then "incumbent"); in any other table it
/// is required. Ids are checked unique among the tables read.
std::vector<Station> parse_station_tables(const toml_in::Section& parent, std::string_view key,
                                          const StationSource& source);

/// A station list: CSV when the path ends in ".csv" (any case), else any OGR vector whose one
/// layer has point features — or, in a file of several layers, whose layer named "stations"
/// has (the station table of akichi's live database, sim/store/store.h). Ids are checked
/// unique within the list.
std::vector<Station> read_station_list(const std::string& path, const StationSource& source);

/// A CSV station list already in memory (an upload): `name` stands for the file in messages
/// ("NAME:row N"), `base_dir` anchors relative paths (antenna patterns).
std::vector<Station> read_station_list_csv_text(const std::string& text, const std::string& name,
                                                const std::filesystem::path& base_dir,
                                                const StationSource& source);

/// Ids unique over all the stations given (e.g. the scenario's and every list's); the message
/// names both places.
void check_unique_ids(const std::vector<Station>& stations);

/// A feature's point, already converted into the study CRS and into WGS 84.
struct PointGeometry {
  double x = 0, y = 0;  ///< in the study CRS
  double lon_deg = 0, lat_deg = 0;
};
/// One station from a record: the one field parser of every source. `default_role` is used
/// when the record has no role (nullptr: role required; otherwise a different role is refused;
/// PlannedBase: a planned station, whose records have no role key). With `point`, the position
/// is the point and position keys are refused. Sets every Station member but `source`.
Station parse_station(const Record& record, const StationSource& source,
                      const StationRole* default_role, const PointGeometry* point = nullptr);

/// parse_station() for one record after another of one source, the source's coordinate
/// transformations made once: PROJ takes longer to make a transformation than a station takes
/// to parse (a server parsing every request's station keeps one per thread). The same stations
/// as parse_station(). Not thread-safe: one per thread.
class StationParser {
 public:
  /// Keeps a copy of `source`, whose CRS must outlive the parser.
  explicit StationParser(const StationSource& source);
  ~StationParser();
  StationParser(const StationParser&) = delete;
  StationParser& operator=(const StationParser&) = delete;

  Station parse(const Record& record, const StationRole* default_role,
                const PointGeometry* point = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Antennas

/// One antenna type: its name, the keys it accepts below "antenna." (besides "type") and how it
/// reads them. New types are added to antenna_types() in station_db.cpp.
struct AntennaType {
  std::string_view name;
  std::vector<std::string_view> keys;
  std::function<void(const Record&, std::string_view prefix, prop::AntennaConfig&)> read;
};
const std::vector<AntennaType>& antenna_types();

/// Every key an antenna may have, prefixed ("antenna.type", "antenna.gain_dBi", ...).
std::vector<std::string> antenna_keys(std::string_view prefix);

/// Reads the antenna keys of `record` under `prefix` (e.g. "antenna."): type defaults to
/// "isotropic"; keys of another type are refused ("not used with type = ..."); an msi pattern
/// path is resolved against the record's folder and must exist. Same keys and defaults as the
/// scenario's [[station]].antenna table.
prop::AntennaConfig parse_antenna(const Record& record, std::string_view prefix);

/// Every key a database station record may have (including the antenna keys), in
/// documentation order.
std::vector<std::string> station_keys();

/// Every key a planned station ([[station]] table) may have, including the antenna keys.
std::vector<std::string> planned_station_keys();

}  // namespace akichi::sim

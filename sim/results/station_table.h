// The station tables of a results file (docs/results-format.md): the planned layout along
// `station` (coverage) and the station database along `db_station` (sharing). One writer, driven
// by a list of column descriptors per table: a station attribute in a results file is one entry
// of station_table.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/results/writer.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// One variable of a station table: its name, attributes and value for station i.
struct StationColumn {
  using Text = std::function<std::string(std::size_t)>;
  using Number = std::function<double(std::size_t)>;
  using Flag = std::function<std::uint8_t(std::size_t)>;
  std::string name;
  results::Attrs attrs;
  std::variant<Text, Number, Flag> value;
};

/// A station table: the dimension it lies along (already added by the caller), its columns, and
/// whether its numbers have NaN as fill value. Columns refer to the stations and vectors they
/// were made from: write the table while those live.
struct StationTable {
  std::string dimension;
  std::size_t size = 0;
  std::vector<StationColumn> columns;
  bool nan_fill = false;
};

/// Writes every column of `table` into `root` (text columns as string variables, numbers as
/// float64, flags as uint8).
void write_station_table(results::Group& root, const StationTable& table,
                         const results::StoreOptions& store);

/// The planned layout's table (`station`): ids, antennas, positions, channel, EIRP, maximum gain
/// and the receiver noise of the coverage analysis, each [planned station].
StationTable planned_station_table(std::span<const Station> planned,
                                   const std::vector<std::string>& antenna_descriptions,
                                   const std::vector<double>& eirp_dBm,
                                   const std::vector<double>& antenna_max_gain_dBi,
                                   const std::vector<double>& noise_dBm);

/// The station database's table (`db_station`): ids, roles, owners, antennas, positions, band,
/// EIRP of transmitters and the interference limit of receivers, each [database station]; with
/// `limit_bandwidth_Hz` (not null), also the bandwidth each limit holds in
/// (`db_station_limit_bandwidth`: the reference bandwidth of a criterion checked in the worst
/// reference bandwidth, else the band).
StationTable database_station_table(std::span<const Station> database,
                                    const std::vector<std::string>& antenna_descriptions,
                                    const std::vector<double>& eirp_dBm,
                                    const std::vector<double>& interference_limit_dBm,
                                    const std::vector<double>* limit_bandwidth_Hz = nullptr);

}  // namespace akichi::sim

// Shared by the station-list targets: the study every fuzzed list is read into (the one of the
// station-list unit tests: UTM 54N around Tokyo, tests/data/stations).
#pragma once

#include <optional>
#include <string>

#include "propagation/geo/crs.h"
#include "sim/station/station_db.h"

namespace akichi::fuzz {

inline void read_station_list(const std::string& path) {
  static const prop::Crs crs = prop::Crs::from_epsg(32654);
  const sim::StationSource source{crs, {383000, 3944000, 393000, 3954000}, std::nullopt, "", false};
  sim::read_station_list(path, source);
}

}  // namespace akichi::fuzz

// A station as the flat fields of a station list: the inverse of parse_station()
// (sim/station/station_db.h). The live database stores stations as these fields (one column per
// key, docs/scenario-format.md "Station lists"), the HTTP API sends them as JSON objects with the
// same keys, and `GET /export` writes them as a station list; reading the fields back through
// parse_station() gives the same station.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/input/record.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// One key of a station list and its value (Number, Text, Texts or Boolean).
using StationField = std::pair<std::string, RecordValue>;

/// The canonical fields of a database station (role other than PlannedBase), in the order of
/// station_keys(): id, role, service, licensee, tdd (and tdd_overlap when quasi-synchronous),
/// lon_deg, lat_deg, height_m, freq_lo_Hz, freq_hi_Hz, the transmitter keys given (eirp_dBm or
/// tx_power_dBm), the receiver keys given (noise, feeder loss, criterion), the antenna keys of
/// its type, schedule. Keys whose value is the parser's default are still written, so that a
/// row is complete on its own; empty texts (service, licensee) and an empty schedule are left
/// out, as an empty cell is. Frequencies are in Hz, positions in WGS 84 degrees, an msi pattern
/// as the station's resolved path. A planned station (PlannedBase) gives the keys of a
/// [[station]] table instead: no role, freq_Hz and bandwidth_Hz, no receiver keys, indoor
/// (true, false or "auto"); it is read back with default role PlannedBase.
std::vector<StationField> station_fields(const Station& station);

/// A Record of `fields` (Naming::Field, "field <key>" in messages) located at `where`
/// (e.g. "request body", "stations table: feature 12"), for parse_station().
Record record_of_fields(const std::vector<StationField>& fields, std::string where,
                        std::filesystem::path base_dir);

}  // namespace akichi::sim

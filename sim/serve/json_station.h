// Stations in the HTTP API: a JSON object whose keys are the keys of a station list (flat and
// dotted, "antenna.type", or nested, {"antenna": {"type": ...}}), read by the one station
// parser (sim/station/station_db.h) with its checks and messages; and a station as a GeoJSON
// Feature (a WGS 84 point; the properties are the station list's fields).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.h"
#include "sim/station/station_fields.h"

namespace akichi::sim::serve {

/// The fields of a JSON object (nested objects flattened to dotted keys). Numbers, strings,
/// booleans and arrays of strings are taken; anything else (null, an array of numbers, ...) is
/// an ApiError 400 naming the key. `where` names the object in messages ("request body").
std::vector<StationField> fields_of_json(const nlohmann::json& object, const std::string& where);

/// ApiError 422 when a request names a file for the server to read (antenna.pattern): no request
/// reaches the file system.
void refuse_file_keys(const std::vector<std::string>& keys, const std::string& where);

/// The station the fields describe, read as a station list's row: InputError (422) naming the
/// field otherwise.
Station station_of_fields(const std::vector<StationField>& fields, const std::string& where,
                          const StationSource& source);
/// The same with a parser of the source kept by the caller (its transformations made once).
Station station_of_fields(const std::vector<StationField>& fields, const std::string& where,
                          StationParser& parser);

/// The station list's fields of a station as a JSON object (flat dotted keys).
nlohmann::json station_properties(const Station& station);

/// A GeoJSON Feature: id, Point geometry [lon, lat], properties = station_properties().
nlohmann::json station_feature(const Station& station);

/// A GeoJSON FeatureCollection of stations.
nlohmann::json station_collection(const std::vector<Station>& stations);

}  // namespace akichi::sim::serve

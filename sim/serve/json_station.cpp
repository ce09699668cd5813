#include "sim/serve/json_station.h"

#include <fmt/format.h>

#include "sim/serve/api_error.h"

namespace akichi::sim::serve {

namespace {

void flatten(const nlohmann::json& object, const std::string& prefix, const std::string& where,
             std::vector<StationField>& out) {
  for (const auto& [name, v] : object.items()) {
    const std::string key = prefix + name;
    RecordValue value;
    value.where = where;
    if (v.is_object()) {
      flatten(v, key + ".", where, out);
      continue;
    }
    if (v.is_number()) {
      value.kind = RecordValue::Kind::Number;
      value.number = v.get<double>();
      value.text = v.dump();
    } else if (v.is_string()) {
      value.kind = RecordValue::Kind::Text;
      value.text = v.get<std::string>();
    } else if (v.is_boolean()) {
      value.kind = RecordValue::Kind::Boolean;
      value.flag = v.get<bool>();
      value.text = value.flag ? "true" : "false";
    } else if (v.is_array() && std::all_of(v.begin(), v.end(),
                                           [](const nlohmann::json& e) { return e.is_string(); })) {
      value.kind = RecordValue::Kind::Texts;
      for (const auto& e : v) value.texts.push_back(e.get<std::string>());
      value.text = v.dump();
    } else {
      throw ApiError(400,
                     fmt::format("{}: field {}: found {}, expected a number, a string, a "
                                 "boolean or an array of strings",
                                 where, key, v.dump()),
                     key, v.dump(), "a number, a string, a boolean or an array of strings");
    }
    out.emplace_back(key, std::move(value));
  }
}

}  // namespace

std::vector<StationField> fields_of_json(const nlohmann::json& object, const std::string& where) {
  if (!object.is_object()) {
    throw ApiError(400,
                   fmt::format("{}: found {}, expected a JSON object of station fields", where,
                               object.type_name()),
                   "", object.type_name(), "a JSON object of station fields");
  }
  std::vector<StationField> out;
  flatten(object, "", where, out);
  return out;
}

void refuse_file_keys(const std::vector<std::string>& keys, const std::string& where) {
  for (const std::string& key : keys) {
    if (key == "antenna.pattern")
      throw ApiError(422,
                     fmt::format("{}: field {}: a file path in a request, expected no file: "
                                 "a request never reaches the server's file system (msi "
                                 "patterns come with the scenario's station lists)",
                                 where, key),
                     key, "a file path", "no antenna.pattern in a request");
  }
}

Station station_of_fields(const std::vector<StationField>& fields, const std::string& where,
                          StationParser& parser) {
  std::vector<std::string> keys;
  for (const auto& f : fields) keys.push_back(f.first);
  refuse_file_keys(keys, where);
  const Record record = record_of_fields(fields, where, {});
  Station st = parser.parse(record, nullptr);
  st.source = where;
  return st;
}

Station station_of_fields(const std::vector<StationField>& fields, const std::string& where,
                          const StationSource& source) {
  StationParser parser(source);
  return station_of_fields(fields, where, parser);
}

nlohmann::json station_properties(const Station& station) {
  nlohmann::json p = nlohmann::json::object();
  for (const auto& [key, v] : station_fields(station)) {
    switch (v.kind) {
      case RecordValue::Kind::Number:
        p[key] = v.number;
        break;
      case RecordValue::Kind::Boolean:
        p[key] = v.flag;
        break;
      case RecordValue::Kind::Texts:
        p[key] = v.texts;
        break;
      default:
        p[key] = v.text;
    }
  }
  return p;
}

nlohmann::json station_feature(const Station& station) {
  return nlohmann::json{
      {"type", "Feature"},
      {"id", station.id},
      {"geometry", {{"type", "Point"}, {"coordinates", {station.lon_deg, station.lat_deg}}}},
      {"properties", station_properties(station)}};
}

nlohmann::json station_collection(const std::vector<Station>& stations) {
  nlohmann::json features = nlohmann::json::array();
  for (const Station& s : stations) features.push_back(station_feature(s));
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

}  // namespace akichi::sim::serve

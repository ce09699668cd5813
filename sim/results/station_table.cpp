#include "sim/results/station_table.h"

#include <limits>
#include <utility>

namespace akichi::sim {
namespace {

using results::Attrs;

/// Number attributes: long name, units, the table's id coordinate, and a CF standard name
/// when there is one.
Attrs number_attrs(const std::string& long_name, const std::string& units, const std::string& ids,
                   const std::string& standard_name = "") {
  Attrs a{{"long_name", long_name}, {"units", units}, {"coordinates", ids}};
  if (!standard_name.empty()) a.push_back({"standard_name", standard_name});
  return a;
}

Attrs text_attrs(const std::string& long_name, const std::string& ids) {
  return {{"long_name", long_name}, {"coordinates", ids}};
}

Attrs id_attrs(const std::string& long_name) {
  return {{"long_name", long_name}, {"cf_role", std::string("timeseries_id")}};
}

Attrs flag_attrs(const std::string& long_name, const std::string& ids) {
  return {{"long_name", long_name},
          {"coordinates", ids},
          {"flag_values", std::vector<std::int32_t>{0, 1}},
          {"flag_meanings", std::string("no yes")}};
}

template <class T, class F>
std::vector<T> column_values(std::size_t n, const F& f) {
  std::vector<T> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) v.push_back(f(i));
  return v;
}

}  // namespace

void write_station_table(results::Group& root, const StationTable& table,
                         const results::StoreOptions& store) {
  const std::vector<std::string> dims{table.dimension};
  const std::size_t n = table.size;
  for (const StationColumn& c : table.columns) {
    if (const auto* text = std::get_if<StationColumn::Text>(&c.value)) {
      root.add_string_variable(c.name, table.dimension, column_values<std::string>(n, *text),
                               c.attrs);
    } else if (const auto* number = std::get_if<StationColumn::Number>(&c.value)) {
      const std::vector<double> v = column_values<double>(n, *number);
      root.write_variable<double>(
          c.name, dims, std::span<const double>(v), c.attrs, store,
          table.nan_fill ? std::optional<double>(std::numeric_limits<double>::quiet_NaN())
                         : std::nullopt);
    } else {
      const std::vector<std::uint8_t> v =
          column_values<std::uint8_t>(n, std::get<StationColumn::Flag>(c.value));
      root.write_variable<std::uint8_t>(c.name, dims, std::span<const std::uint8_t>(v), c.attrs,
                                        store);
    }
  }
}

StationTable planned_station_table(std::span<const Station> planned,
                                   const std::vector<std::string>& antenna_descriptions,
                                   const std::vector<double>& eirp_dBm,
                                   const std::vector<double>& antenna_max_gain_dBi,
                                   const std::vector<double>& noise_dBm) {
  const std::string ids = "station_id";
  const auto st = [planned](std::size_t i) -> const Station& { return planned[i]; };
  const auto of = [](const std::vector<double>& v) {
    return StationColumn::Number([&v](std::size_t i) { return v[i]; });
  };
  return {"station",
          planned.size(),
          {
              {"station_id", id_attrs("station identifier"),
               StationColumn::Text([st](std::size_t i) { return st(i).id; })},
              {"station_antenna",
               {{"long_name", std::string("transmit antenna pattern and pointing")}},
               StationColumn::Text(
                   [&antenna_descriptions](std::size_t i) { return antenna_descriptions[i]; })},
              {"station_x", number_attrs("station easting", "m", ids, "projection_x_coordinate"),
               StationColumn::Number([st](std::size_t i) { return st(i).x_m; })},
              {"station_y", number_attrs("station northing", "m", ids, "projection_y_coordinate"),
               StationColumn::Number([st](std::size_t i) { return st(i).y_m; })},
              {"station_lon",
               number_attrs("station longitude (WGS 84)", "degrees_east", ids, "longitude"),
               StationColumn::Number([st](std::size_t i) { return st(i).lon_deg; })},
              {"station_lat",
               number_attrs("station latitude (WGS 84)", "degrees_north", ids, "latitude"),
               StationColumn::Number([st](std::size_t i) { return st(i).lat_deg; })},
              {"station_height", number_attrs("antenna height above ground", "m", ids),
               StationColumn::Number([st](std::size_t i) { return st(i).height_m; })},
              {"station_frequency", number_attrs("channel centre frequency", "Hz", ids),
               StationColumn::Number([st](std::size_t i) { return st(i).freq_Hz; })},
              {"station_bandwidth", number_attrs("channel bandwidth", "Hz", ids),
               StationColumn::Number([st](std::size_t i) { return st(i).bandwidth_Hz; })},
              {"station_eirp", number_attrs("EIRP in the direction of maximum gain", "dBm", ids),
               of(eirp_dBm)},
              {"station_max_gain", number_attrs("transmit antenna maximum gain", "dBi", ids),
               of(antenna_max_gain_dBi)},
              {"station_noise",
               number_attrs("receiver noise power in the station's bandwidth", "dBm", ids),
               of(noise_dBm)},
          },
          false};
}

StationTable database_station_table(std::span<const Station> database,
                                    const std::vector<std::string>& antenna_descriptions,
                                    const std::vector<double>& eirp_dBm,
                                    const std::vector<double>& interference_limit_dBm,
                                    const std::vector<double>* limit_bandwidth_Hz) {
  const std::string ids = "db_station_id";
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto st = [database](std::size_t i) -> const Station& { return database[i]; };
  const auto text = [&](const char* name, const char* long_name, StationColumn::Text f) {
    return StationColumn{name, text_attrs(long_name, ids), std::move(f)};
  };
  const auto number = [&](const char* name, const char* long_name, const char* units,
                          StationColumn::Number f) {
    return StationColumn{name, number_attrs(long_name, units, ids), std::move(f)};
  };
  StationTable table{
      "db_station",
      database.size(),
      {
          {"db_station_id", id_attrs("database station identifier"),
           StationColumn::Text([st](std::size_t i) { return st(i).id; })},
          text("db_station_role", "role: incumbent, local5g_base or local5g_terminal",
               [st](std::size_t i) { return std::string(role_name(st(i).role)); }),
          text("db_station_service", "service", [st](std::size_t i) { return st(i).service; }),
          text("db_station_licensee", "licensee", [st](std::size_t i) { return st(i).licensee; }),
          text("db_station_tdd", "TDD alignment",
               [st](std::size_t i) { return std::string(tdd_name(st(i).tdd)); }),
          text("db_station_antenna", "antenna pattern and pointing",
               [&antenna_descriptions](std::size_t i) { return antenna_descriptions[i]; }),
          text("db_station_source", "where the station was defined",
               [st](std::size_t i) { return st(i).source; }),
          number("db_station_x", "station easting", "m", [st](std::size_t i) { return st(i).x_m; }),
          number("db_station_y", "station northing", "m",
                 [st](std::size_t i) { return st(i).y_m; }),
          number("db_station_lon", "station longitude (WGS 84)", "degrees_east",
                 [st](std::size_t i) { return st(i).lon_deg; }),
          number("db_station_lat", "station latitude (WGS 84)", "degrees_north",
                 [st](std::size_t i) { return st(i).lat_deg; }),
          number("db_station_height", "antenna height above ground", "m",
                 [st](std::size_t i) { return st(i).height_m; }),
          number("db_station_freq_lo", "lower edge of the station's band", "Hz",
                 [st](std::size_t i) { return st(i).freq_lo_Hz; }),
          number("db_station_freq_hi", "upper edge of the station's band", "Hz",
                 [st](std::size_t i) { return st(i).freq_hi_Hz; }),
          number("db_station_eirp", "EIRP in the direction of maximum gain (transmitters)", "dBm",
                 [st, &eirp_dBm, kNaN](std::size_t i) {
                   return st(i).transmits ? eirp_dBm[i] : kNaN;
                 }),
          number("db_station_limit",
                 limit_bandwidth_Hz != nullptr
                     ? "interference limit at the receiver input over db_station_limit_bandwidth "
                       "(receivers)"
                     : "interference limit over the station's band (receivers)",
                 "dBm",
                 [st, &interference_limit_dBm, kNaN](std::size_t i) {
                   return st(i).receives ? interference_limit_dBm[i] : kNaN;
                 }),
          {"db_station_receives", flag_attrs("protected receiver", ids),
           StationColumn::Flag(
               [st](std::size_t i) { return static_cast<std::uint8_t>(st(i).receives); })},
          {"db_station_transmits", flag_attrs("interfering transmitter", ids),
           StationColumn::Flag(
               [st](std::size_t i) { return static_cast<std::uint8_t>(st(i).transmits); })},
      },
      true};
  if (limit_bandwidth_Hz != nullptr) {
    table.columns.push_back(
        number("db_station_limit_bandwidth",
               "bandwidth db_station_limit holds in: the reference bandwidth of a criterion "
               "checked in the worst reference bandwidth, else the station's band (receivers)",
               "Hz", [st, limit_bandwidth_Hz, kNaN](std::size_t i) {
                 return st(i).receives ? (*limit_bandwidth_Hz)[i] : kNaN;
               }));
  }
  return table;
}

}  // namespace akichi::sim

// Licence data into akichi's station-list CSV (licence_import.h).
// FCC ULS: field positions (1-based, as the FCC numbers them) follow the FCC's "ULS public
// access database" record definitions, pa_ddef: HD Application/License Header, EN Entity, LO
// Location, AN Antenna, FR Frequency, EM Emission.
// ISED TAFL: the 61 columns of TAFL_LTAF.csv in the order of ISED's TAFL field descriptions
// (tafl_description_ltaf), read through GDAL's CSV driver (the file has no header).
#include "sim/station/licence_import.h"

#include <cctype>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>

#include "base/errors.h"
#include "base/text.h"

namespace akichi::sim {
namespace {

/// One record: its fields split at '|' and where it is.
struct Line {
  std::string file;
  int line = 0;
  std::vector<std::string> fields;
  /// Position `pos` (1-based, as pa_ddef numbers it), trimmed; "" when the record is shorter.
  std::string at(int pos) const {
    const auto i = static_cast<std::size_t>(pos - 1);
    return i < fields.size() ? std::string(trim(fields[i])) : std::string();
  }
};

/// The positions read of each record type, with the FCC's names (pa_ddef).
const std::map<std::string, std::map<int, std::string>, std::less<>>& mapped_positions() {
  static const std::map<std::string, std::map<int, std::string>, std::less<>> m{
      {"HD",
       {{1, "Record Type"},
        {2, "Unique System Identifier"},
        {5, "Call Sign"},
        {6, "License Status"},
        {7, "Radio Service Code"}}},
      {"EN",
       {{1, "Record Type"},
        {2, "Unique System Identifier"},
        {5, "Call Sign"},
        {6, "Entity Type"},
        {8, "Entity Name"}}},
      {"LO",
       {{1, "Record Type"},
        {2, "Unique System Identifier"},
        {5, "Call Sign"},
        {9, "Location Number"},
        {20, "Lat Degrees"},
        {21, "Lat Minutes"},
        {22, "Lat Seconds"},
        {23, "Lat Direction"},
        {24, "Long Degrees"},
        {25, "Long Minutes"},
        {26, "Long Seconds"},
        {27, "Long Direction"}}},
      {"AN",
       {{1, "Record Type"},
        {2, "Unique System Identifier"},
        {5, "Call Sign"},
        {7, "Antenna Number"},
        {8, "Location Number"},
        {12, "Height to Center RAAT"},
        {17, "Beamwidth"},
        {18, "Gain"},
        {19, "Azimuth"}}},
      {"FR",
       {{1, "Record Type"},
        {2, "Unique System Identifier"},
        {5, "Call Sign"},
        {7, "Location Number"},
        {8, "Antenna Number"},
        {9, "Class Station Code"},
        {11, "Frequency Assigned"},
        {12, "Frequency Upper Band"},
        {16, "Power Output"},
        {17, "Power ERP"},
        {21, "EIRP"}}},
      {"EM",
       {{1, "Record Type"},
        {2, "Unique System Identifier"},
        {5, "Call Sign"},
        {6, "Location Number"},
        {7, "Antenna Number"},
        {8, "Frequency Assigned"},
        {10, "Emission Code"}}},
  };
  return m;
}

/// Names of published fields that are not read, where the report says more than a position.
const std::map<std::pair<std::string, int>, std::string>& unmapped_names() {
  static const std::map<std::pair<std::string, int>, std::string> m{
      {{"HD", 8}, "Grant Date: not a station key"},
      {{"HD", 9}, "Expired Date: not a station key"},
      {{"EN", 9}, "First Name: the licensee is the entity name"},
      {{"LO", 19}, "Ground Elevation: the ground comes from the study's terrain"},
      {{"LO", 12}, "Location Address: not a station key"},
      {{"LO", 13}, "Location City: not a station key"},
      {{"LO", 15}, "Location State: not a station key"},
      {{"LO", 16}, "Radius of Operation: akichi stations are points"},
      {{"AN", 10}, "Antenna Type Code: not a station key"},
      {{"AN", 11}, "Height to Tip: the antenna's centre height is used"},
      {{"AN", 13}, "Antenna Make: no pattern file; the sector pattern stands for it"},
      {{"AN", 14}, "Antenna Model: no pattern file; the sector pattern stands for it"},
      {{"AN", 15}, "Tilt: its sign convention is not defined in the record definitions"},
      {{"AN", 16}, "Polarization Code: akichi has no polarisation key"},
      {{"AN", 20}, "Height Above Average Terrain: the terrain comes from the study"},
      {{"AN", 34}, "Line loss: akichi has a feeder loss for receivers only"},
      {{"FR", 18}, "Tolerance: not a station key"},
      {{"FR", 22}, "Transmitter Make: not a station key"},
      {{"FR", 23}, "Transmitter Model: not a station key"},
      {{"FR", 25}, "Number of Units: one station per FR record"},
  };
  return m;
}

[[noreturn]] void fail(const Line& l, int pos, std::string_view found, std::string_view expected) {
  const auto& names = mapped_positions().at(l.at(1));
  const auto it = names.find(pos);
  throw_input_error({l.file, l.line, 0},
                    fmt::format("{} position {} ({})", l.at(1), pos,
                                it == names.end() ? std::string("?") : it->second),
                    fmt::format("\"{}\"", found), expected);
}

/// A number at `pos`; nullopt when empty. Anything else than a whole number is an error.
std::optional<double> number(const Line& l, int pos, std::string_view expected) {
  const std::string t = l.at(pos);
  if (t.empty()) return std::nullopt;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != t.size() || !std::isfinite(v)) fail(l, pos, t, expected);
  return v;
}

/// A whole number (an identifier or a location / antenna number); required.
long long integer(const Line& l, int pos) {
  const std::string t = l.at(pos);
  const bool digits = !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || t.size() > 15) fail(l, pos, t, "a whole number >= 0");
  return std::stoll(t);
}

/// Degrees, minutes and seconds with a direction letter into signed decimal degrees: the
/// sexagesimal value d + m/60 + s/3600, negative to the south and west.
std::optional<double> dms(const Line& l, int deg_pos, double max_deg, char positive,
                          char negative) {
  const auto d = number(l, deg_pos, fmt::format("whole degrees in [0, {:g}]", max_deg));
  const auto m = number(l, deg_pos + 1, "minutes in [0, 60)");
  const auto s = number(l, deg_pos + 2, "seconds in [0, 60)");
  const std::string dir = l.at(deg_pos + 3);
  if (!d && !m && !s && dir.empty()) return std::nullopt;
  if (!d || *d < 0 || *d > max_deg || std::floor(*d) != *d)
    fail(l, deg_pos, l.at(deg_pos), fmt::format("whole degrees in [0, {:g}]", max_deg));
  if (m && (*m < 0 || *m >= 60 || std::floor(*m) != *m))
    fail(l, deg_pos + 1, l.at(deg_pos + 1), "whole minutes in [0, 60)");
  if (s && (*s < 0 || *s >= 60)) fail(l, deg_pos + 2, l.at(deg_pos + 2), "seconds in [0, 60)");
  if (dir != std::string(1, positive) && dir != std::string(1, negative))
    fail(l, deg_pos + 3, dir, fmt::format("{} or {}", positive, negative));
  const double v = *d + m.value_or(0) / 60.0 + s.value_or(0) / 3600.0;
  if (v > max_deg)
    fail(l, deg_pos, fmt::format("{}", v), fmt::format("at most {:g} degrees", max_deg));
  return dir[0] == negative ? -v : v;
}

std::vector<Line> read_records(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw_input_error({path, 0, 0}, "", "a file that cannot be read",
                      "FCC ULS public access files (pipe-delimited .dat)");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<Line> out;
  int n = 0;
  for (std::string_view s : split_lines(text)) {
    ++n;
    if (s.find_first_not_of(" \t") == std::string_view::npos) continue;
    Line l{path, n, split(s, '|')};
    const std::string type = l.at(1);
    if (type.size() != 2 || !std::isupper(static_cast<unsigned char>(type[0])) ||
        !std::isupper(static_cast<unsigned char>(type[1])))
      throw_input_error({path, n, 0}, "record type", fmt::format("\"{}\"", printable(type)),
                        "a two-letter ULS record type (HD, EN, LO, AN, FR, EM, ...) before the "
                        "first '|'");
    out.push_back(std::move(l));
  }
  return out;
}

/// A number as its shortest text that reads back to the same double ("38.1", not
/// "38.100000000000001"): exact, and as a person would write it in the list.
std::string num(double v) {
  return fmt::format("{}", v);
}

/// The columns of the CSV written: the station keys the importers fill.
std::vector<std::string> station_header() {
  return {"id",
          "role",
          "service",
          "licensee",
          "lat_deg",
          "lon_deg",
          "height_m",
          "freq_lo_MHz",
          "freq_hi_MHz",
          "freq_MHz",
          "bandwidth_MHz",
          "eirp_dBm",
          "tx_power_dBm",
          "antenna.type",
          "antenna.gain_dBi",
          "antenna.azimuth_deg",
          "antenna.hpbw_h_deg",
          "antenna.front_to_back_dB"};
}

/// `id` with the characters a station id does not take ([A-Za-z0-9_.-]) written as '_'.
std::string id_text(std::string id) {
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  return id;
}

using LocKey = std::pair<long long, long long>;                     // system id, location
using AntKey = std::tuple<long long, long long, long long>;         // system id, location, antenna
using EmKey = std::tuple<long long, long long, long long, double>;  // ... + frequency MHz

}  // namespace

double emission_bandwidth_Hz(std::string_view d) {
  if (d.size() < 4) return 0;
  d = d.substr(0, 4);
  int letter = -1;
  double scale = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = d[static_cast<std::size_t>(i)];
    if (std::isdigit(static_cast<unsigned char>(c))) continue;
    if (letter >= 0) return 0;
    letter = i;
    scale = c == 'H' ? 1 : c == 'K' ? 1e3 : c == 'M' ? 1e6 : c == 'G' ? 1e9 : 0;
    if (scale == 0) return 0;
  }
  // RR Appendix 1: the letter stands in the decimal point's place and is never first.
  if (letter <= 0) return 0;
  const std::string digits = std::string(d.substr(0, static_cast<std::size_t>(letter))) + "." +
                             std::string(d.substr(static_cast<std::size_t>(letter) + 1));
  return std::stod(digits) * scale;
}

ImportedStations import_fcc_uls(const std::vector<std::string>& paths) {
  struct Licence {
    std::string call_sign, status, service;
  };
  struct Location {
    double lat = 0, lon = 0;
    bool placed = false;
  };
  struct Antenna {
    std::optional<double> height_m, beamwidth_deg, gain_dBi, azimuth_deg;
  };
  std::map<long long, Licence> licences;
  std::map<long long, std::string> licensees;
  std::map<LocKey, Location> locations;
  std::map<AntKey, Antenna> antennas;
  std::map<EmKey, std::string> emissions;
  std::vector<Line> frequencies;
  std::map<std::pair<std::string, int>, int> unmapped_counts;
  std::map<std::string, int> unread_types;

  for (const std::string& path : paths) {
    for (Line& l : read_records(path)) {
      const std::string type = l.at(1);
      const auto known = mapped_positions().find(type);
      if (known == mapped_positions().end()) {
        ++unread_types[type];
        continue;
      }
      for (std::size_t i = 0; i < l.fields.size(); ++i) {
        const int pos = static_cast<int>(i) + 1;
        if (!known->second.contains(pos) && !l.at(pos).empty()) ++unmapped_counts[{type, pos}];
      }
      const long long usi = integer(l, 2);
      if (type == "HD") {
        licences[usi] = {l.at(5), l.at(6), l.at(7)};
      } else if (type == "EN") {
        // Entity type L is the licensee; the others are contacts, owners, ...
        if (l.at(6) == "L") licensees[usi] = l.at(8);
      } else if (type == "LO") {
        Location loc;
        const auto lat = dms(l, 20, 90, 'N', 'S');
        const auto lon = dms(l, 24, 180, 'E', 'W');
        if (lat && lon) loc = {*lat, *lon, true};
        locations[{usi, integer(l, 9)}] = loc;
      } else if (type == "AN") {
        Antenna a;
        a.height_m = number(l, 12, "metres above ground");
        a.beamwidth_deg = number(l, 17, "degrees");
        a.gain_dBi = number(l, 18, "dBi");
        a.azimuth_deg = number(l, 19, "degrees from true north");
        antennas[{usi, integer(l, 8), integer(l, 7)}] = a;
      } else if (type == "EM") {
        const auto f = number(l, 8, "MHz");
        if (l.at(6).empty() || l.at(7).empty() || !f) continue;
        const std::string code = l.at(10);
        if (emission_bandwidth_Hz(code) <= 0)
          fail(l, 10, code,
               "an emission designator whose first four characters give the bandwidth (e.g. "
               "40M0, 11K2; ITU RR Appendix 1)");
        emissions[{usi, integer(l, 6), integer(l, 7), *f}] = code;
      } else if (type == "FR") {
        frequencies.push_back(std::move(l));
      }
    }
  }

  ImportedStations out;
  out.header = station_header();
  std::map<AntKey, int> per_antenna;
  std::set<std::string> ids;
  for (const Line& l : frequencies) {
    const long long usi = integer(l, 2);
    const long long loc_no = integer(l, 7);
    const long long ant_no = integer(l, 8);
    const std::string call = l.at(5);
    const auto skip = [&](const std::string& why) {
      out.skipped.push_back(fmt::format("{}:{}: FR (call sign {}, location {}, antenna {}): {}",
                                        l.file, l.line, printable(call), loc_no, ant_no, why));
    };
    const auto lic = licences.find(usi);
    if (lic == licences.end()) {
      skip(fmt::format("no HD record of unique system identifier {}", usi));
      continue;
    }
    if (lic->second.status != "A") {
      skip(fmt::format("licence status \"{}\", not A (active)", printable(lic->second.status)));
      continue;
    }
    const auto loc = locations.find({usi, loc_no});
    if (loc == locations.end() || !loc->second.placed) {
      skip(loc == locations.end() ? "no LO record of its location"
                                  : "its LO record has no "
                                    "coordinates");
      continue;
    }
    const auto ant = antennas.find({usi, loc_no, ant_no});
    if (ant == antennas.end() || !ant->second.height_m || *ant->second.height_m <= 0) {
      skip(ant == antennas.end() ? "no AN record of its antenna"
                                 : "its AN record has no height to centre above ground > 0");
      continue;
    }
    const Antenna& a = ant->second;

    // The band: a range when the upper band edge is given, else the emission's bandwidth
    // around the assigned frequency.
    const auto f = number(l, 11, "MHz");
    const auto f_hi = number(l, 12, "MHz");
    if (!f || *f <= 0) {
      skip("no assigned frequency");
      continue;
    }
    std::string lo_MHz, hi_MHz, centre_MHz, bw_MHz;
    if (f_hi && *f_hi > *f) {
      lo_MHz = num(*f);
      hi_MHz = num(*f_hi);
    } else if (const auto em = emissions.find({usi, loc_no, ant_no, *f}); em != emissions.end()) {
      centre_MHz = num(*f);
      bw_MHz = num(emission_bandwidth_Hz(em->second) * 1e-6);
    } else {
      skip(
          "no bandwidth: no Frequency Upper Band above the assigned frequency and no EM "
          "record of this frequency");
      continue;
    }

    // The power: EIRP in dBm as given; else the ERP in watts, referred to a half-wave dipole,
    // + 2.15 dB (the dipole's gain over isotropic); else the transmitter output in watts with
    // the antenna's gain added by akichi.
    std::string eirp, tx_power;
    const auto eirp_dBm = number(l, 21, "dBm");
    const auto erp_W = number(l, 17, "watts");
    const auto out_W = number(l, 16, "watts");
    if (eirp_dBm) {
      eirp = num(*eirp_dBm);
    } else if (erp_W && *erp_W > 0) {
      eirp = num(10.0 * std::log10(*erp_W * 1e3) + 2.15);
    } else if (out_W && *out_W > 0) {
      tx_power = num(10.0 * std::log10(*out_W * 1e3));
    } else {
      skip(
          "no power (EIRP, Power ERP and Power Output empty): akichi's database stations "
          "transmit or are protected, and ULS gives no receiver noise or criterion");
      continue;
    }

    // A sector pattern stands for a directional antenna (one with an azimuth); its
    // half-power beamwidth is the published one when given.
    const bool sector = a.azimuth_deg.has_value();
    std::string hpbw;
    if (sector && a.beamwidth_deg && *a.beamwidth_deg > 0 && *a.beamwidth_deg <= 360)
      hpbw = num(*a.beamwidth_deg);
    if (!sector && !a.gain_dBi && !tx_power.empty()) {
      skip("Power Output with no antenna gain: the EIRP cannot be made");
      continue;
    }

    const int k = ++per_antenna[{usi, loc_no, ant_no}];
    std::string id =
        fmt::format("{}.L{}.A{}.{}", call.empty() ? std::to_string(usi) : call, loc_no, ant_no, k);
    for (char& c : id)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
    if (!ids.insert(id).second) id += fmt::format("_{}", usi);
    const auto who = licensees.find(usi);
    const std::string cls = l.at(9);
    out.rows.push_back(
        {id, "incumbent",
         fmt::format("FCC ULS {}{}{}", lic->second.service, cls.empty() ? "" : " ", cls),
         who == licensees.end() ? "" : who->second, num(loc->second.lat), num(loc->second.lon),
         num(*a.height_m), lo_MHz, hi_MHz, centre_MHz, bw_MHz, eirp, tx_power,
         sector ? "3gpp_sector" : "isotropic", a.gain_dBi ? num(*a.gain_dBi) : "",
         sector ? num(*a.azimuth_deg) : "", hpbw, ""});
  }

  for (const auto& [type_pos, count] : unmapped_counts) {
    const auto name = unmapped_names().find(type_pos);
    out.not_mapped.push_back(
        fmt::format("{} position {}{}: {} record{}", type_pos.first, type_pos.second,
                    name == unmapped_names().end() ? std::string(": no akichi station key")
                                                   : fmt::format(" ({})", name->second),
                    count, count == 1 ? "" : "s"));
  }
  for (const auto& [type, count] : unread_types)
    out.not_mapped.push_back(fmt::format("{} records: {} (a record type not read)", type, count));
  return out;
}

namespace {

/// The 61 columns of TAFL_LTAF.csv, in order (ISED's TAFL field descriptions).
const std::vector<std::string_view> kTaflColumns{"Station Function (TX/RX)",
                                                 "Frequency (MHz)",
                                                 "Frequency Record Identifier",
                                                 "Regulatory Service",
                                                 "Communication Type",
                                                 "Conformity to Frequency Plan",
                                                 "Frequency Allocation Name",
                                                 "Channel",
                                                 "International Coordination Number",
                                                 "Analog/Digital",
                                                 "Occupied Bandwidth (kHz)",
                                                 "Designation of Emission",
                                                 "Modulation Type",
                                                 "Filtration Installed",
                                                 "Tx ERP (dBW)",
                                                 "Tx Transmitter Power (W)",
                                                 "Total Losses (dB)",
                                                 "Analog Capacity",
                                                 "Digital Capacity",
                                                 "Rx Unfaded Received Signal Level",
                                                 "Rx Threshold Signal Level",
                                                 "Antenna Manufacturer",
                                                 "Antenna Model",
                                                 "Antenna Gain",
                                                 "Antenna Pattern",
                                                 "Half-power Beamwidth (degrees)",
                                                 "Front to Back Ratio (dB)",
                                                 "Polarization",
                                                 "Height Above Ground Level (m)",
                                                 "Azimuth of Main Lobe (degrees)",
                                                 "Vertical Elevation Angle",
                                                 "Station Location",
                                                 "Licensee Station Reference",
                                                 "Call Sign",
                                                 "Station Type",
                                                 "ITU Class of Station",
                                                 "Station Cost Category",
                                                 "Number of Identical Stations",
                                                 "Reference Identifier",
                                                 "Province",
                                                 "Latitude (degrees)",
                                                 "Longitude (degrees)",
                                                 "Ground Elevation Above Sea Level",
                                                 "Antenna Structure Height Above Ground Level",
                                                 "Congestion Zone",
                                                 "Radius of Operation",
                                                 "Satellite Name",
                                                 "Authorization Number",
                                                 "Service",
                                                 "Subservice",
                                                 "Licence Type",
                                                 "Authorization Status",
                                                 "In-service Date",
                                                 "Account Number",
                                                 "Licensee Name",
                                                 "Licensee Address",
                                                 "Operational Status",
                                                 "Station Classification",
                                                 "Horizontal Power",
                                                 "Vertical Power",
                                                 "Standby Transmitter Information"};

/// Why a TAFL column with values has no station key, where more than its name is worth saying.
const std::map<int, std::string_view>& tafl_unmapped_reasons() {
  static const std::map<int, std::string_view> m{
      {16, "the ERP is used; it already holds the power, losses and gain"},
      {17, "the ERP is used; it already holds the power, losses and gain"},
      {24, "the ERP holds it; its reference (dBi or dBd) is not needed"},
      {31, "akichi's sector pattern has no uptilt; the downtilt sign is not defined"},
      {43, "the ground comes from the study's terrain"},
      {44, "the antenna's own height above ground is used"},
      {46, "akichi stations are points"},
  };
  return m;
}

/// The columns read (1-based).
const std::set<int> kTaflMapped{1, 2, 3, 11, 12, 15, 26, 27, 29, 30, 34, 41, 42, 48, 49, 50, 55};

/// One TAFL row and where it is: a cell by its 1-based column, "-" and blanks as empty (ISED
/// writes "-" where a value does not apply).
struct TaflRow {
  std::string file;
  int row = 0;
  std::vector<std::string> cells;
  std::string at(int col) const {
    const auto i = static_cast<std::size_t>(col - 1);
    const std::string_view t = i < cells.size() ? trim(cells[i]) : std::string_view();
    return t == "-" ? std::string() : std::string(t);
  }
  [[noreturn]] void fail(int col, std::string_view found, std::string_view expected) const {
    throw_input_error(
        {file, row, 0},
        fmt::format("column {} ({})", col, kTaflColumns[static_cast<std::size_t>(col - 1)]),
        fmt::format("\"{}\"", printable(found)), expected);
  }
  std::optional<double> number(int col, std::string_view expected) const {
    const std::string t = at(col);
    if (t.empty()) return std::nullopt;
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(t, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != t.size() || !std::isfinite(v)) fail(col, t, expected);
    return v;
  }
};

struct GdalCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};

/// The rows of one TAFL file, through GDAL's CSV driver: no header (HEADERS=NO), every field as
/// text (AUTODETECT_TYPE off by default). OGR numbers the rows from 1, as the file's lines.
std::vector<TaflRow> read_tafl(const std::string& path) {
  // The command line registers GDAL's drivers; a library caller may not have (as in
  // station_db.cpp's open_station_dataset).
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  const char* options[] = {"HEADERS=NO", nullptr};
  const std::string name = "CSV:" + path;
  std::unique_ptr<GDALDataset, GdalCloser> ds(GDALDataset::FromHandle(
      GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr)));
  if (!ds || ds->GetLayerCount() != 1) {
    const char* why = CPLGetLastErrorMsg();
    throw_input_error(
        {path, 0, 0}, "",
        fmt::format("a file GDAL's CSV driver cannot open ({})", why && *why ? why : "no message"),
        "ISED TAFL data (TAFL_LTAF.csv, comma-separated, no header)");
  }
  OGRLayer* layer = ds->GetLayer(0);
  const int fields = layer->GetLayerDefn()->GetFieldCount();
  std::vector<TaflRow> rows;
  for (const auto& f : *layer) {
    TaflRow r{path, static_cast<int>(f->GetFID()), {}};
    for (int i = 0; i < fields; ++i)
      r.cells.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
    // GDAL takes the number of columns from the first row (later rows are cut or padded).
    if (r.cells.size() != kTaflColumns.size())
      throw_input_error(
          {path, r.row, 0}, "", fmt::format("{} columns", r.cells.size()),
          fmt::format("the {} columns of ISED's TAFL field descriptions", kTaflColumns.size()));
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

ImportedStations import_tafl(const std::vector<std::string>& paths) {
  ImportedStations out;
  out.header = station_header();
  std::map<int, int> unmapped_counts;
  std::set<std::string> ids;
  for (const std::string& path : paths) {
    for (const TaflRow& r : read_tafl(path)) {
      for (int col = 1; col <= static_cast<int>(r.cells.size()); ++col) {
        if (!kTaflMapped.contains(col) && !r.at(col).empty()) ++unmapped_counts[col];
      }
      const std::string call = r.at(34);
      const std::string rec = r.at(3);
      const auto skip = [&](const std::string& why) {
        out.skipped.push_back(fmt::format("{}:{}: {} (call sign {}, record {}): {}", r.file, r.row,
                                          printable(r.at(1)), printable(call), printable(rec),
                                          why));
      };
      const std::string function = r.at(1);
      if (function != "TX" && function != "RX") r.fail(1, function, "TX or RX");
      // Read every value first, so that a damaged row is an error whatever else it lacks.
      const auto f = r.number(2, "MHz");
      const auto bw_kHz = r.number(11, "kHz");
      const auto erp_dBW = r.number(15, "dBW");
      const auto hpbw = r.number(26, "degrees");
      const auto ftb = r.number(27, "dB");
      const auto height = r.number(29, "metres above ground");
      const auto azimuth = r.number(30, "degrees from true north");
      const auto lat = r.number(41, "decimal degrees in [-90, 90]");
      const auto lon = r.number(42, "decimal degrees in [-180, 180]");
      if (lat && std::abs(*lat) > 90) r.fail(41, r.at(41), "decimal degrees in [-90, 90]");
      if (lon && std::abs(*lon) > 180) r.fail(42, r.at(42), "decimal degrees in [-180, 180]");
      const std::string emission = r.at(12);
      if (function == "RX") {
        skip("receive-only: TAFL gives no receiver noise or protection criterion");
        continue;
      }
      if (!lat || !lon) {
        skip("no coordinates");
        continue;
      }
      if (!height || *height <= 0) {
        skip("no height above ground level > 0");
        continue;
      }
      if (!f || *f <= 0) {
        skip("no frequency");
        continue;
      }
      // The occupied bandwidth, else the necessary bandwidth of the emission designator.
      double bw_MHz = bw_kHz && *bw_kHz > 0 ? *bw_kHz * 1e-3 : 0;
      if (bw_MHz <= 0 && !emission.empty()) bw_MHz = emission_bandwidth_Hz(emission) * 1e-6;
      if (bw_MHz <= 0) {
        skip("no bandwidth (no occupied bandwidth and no emission designator giving one)");
        continue;
      }
      if (!erp_dBW) {
        skip("no ERP: akichi's database stations transmit with a known EIRP or are protected");
        continue;
      }
      // ERP (dBW, referred to a half-wave dipole) into EIRP (dBm): + 30 dB (dBW to dBm) and
      // + 2.15 dB (the dipole's gain over isotropic).
      const double eirp = *erp_dBW + 30.0 + 2.15;
      // A sector pattern for an antenna with a main-lobe azimuth; its beamwidth and
      // front-to-back ratio when given.
      const bool sector = azimuth.has_value();
      std::string id = id_text(fmt::format("{}.{}", call.empty() ? r.at(48) : call,
                                           rec.empty() ? std::to_string(r.row) : rec));
      if (!ids.insert(id).second) {
        id += fmt::format("_{}", r.row);
        ids.insert(id);
      }
      std::string service = "ISED TAFL";
      if (!r.at(49).empty()) service += fmt::format(" service {}", r.at(49));
      if (!r.at(50).empty()) service += fmt::format(" subservice {}", r.at(50));
      out.rows.push_back({id, "incumbent", service, r.at(55), num(*lat), num(*lon), num(*height),
                          "", "", num(*f), num(bw_MHz), num(eirp), "",
                          sector ? "3gpp_sector" : "isotropic", "", sector ? num(*azimuth) : "",
                          sector && hpbw && *hpbw > 0 && *hpbw <= 360 ? num(*hpbw) : "",
                          sector && ftb && *ftb >= 0 ? num(*ftb) : ""});
    }
  }
  for (const auto& [col, count] : unmapped_counts) {
    const auto why = tafl_unmapped_reasons().find(col);
    out.not_mapped.push_back(fmt::format(
        "column {} ({}{}): {} row{}", col, kTaflColumns[static_cast<std::size_t>(col - 1)],
        why == tafl_unmapped_reasons().end() ? std::string(": no akichi station key")
                                             : fmt::format(": {}", why->second),
        count, count == 1 ? "" : "s"));
  }
  return out;
}

}  // namespace akichi::sim

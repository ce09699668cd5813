// FCC ULS public access records into akichi's station-list CSV (licence_import.h). Field
// positions (1-based, as the FCC numbers them) follow the FCC's "ULS public access database"
// record definitions, pa_ddef: HD Application/License Header, EN Entity, LO Location, AN
// Antenna, FR Frequency, EM Emission.
#include "sim/station/licence_import.h"

#include <cctype>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

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
    if (i >= fields.size()) return "";
    const std::string& f = fields[i];
    const auto b = f.find_first_not_of(' ');
    if (b == std::string::npos) return "";
    return f.substr(b, f.find_last_not_of(' ') - b + 1);
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
  out.header = {"id",
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
                "antenna.hpbw_h_deg"};
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
         sector ? num(*a.azimuth_deg) : "", hpbw});
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

}  // namespace akichi::sim

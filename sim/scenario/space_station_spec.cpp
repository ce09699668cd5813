#include "sim/scenario/space_station_spec.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sim/input/csv.h"
#include "sim/input/toml_section.h"
#include "sim/scenario/scenario.h"
#include "sim/station/schedule.h"

namespace akichi::sim {

using toml_in::closed;
using toml_in::in_quotes;
using toml_in::num;
using toml_in::open_range;
using toml_in::positive;
using toml_in::Section;

std::string describe_space_station(const SpaceStation& s) {
  std::string orbit = s.gso ? fmt::format("geostationary at {:g}° E", s.lon_deg)
                            : fmt::format("at {:.4f}° N {:.4f}° E, {:g} km", s.lat_deg, s.lon_deg,
                                          s.altitude_m / 1e3);
  if (!s.ephemeris.empty())
    orbit = fmt::format("on the ephemeris {} ({} rows)", s.ephemeris_path, s.ephemeris.size());
  std::string boresight = "boresight at nadir";
  if (s.boresight == SpaceStation::Boresight::Point)
    boresight =
        fmt::format("boresight at {:.4f}° N {:.4f}° E", s.boresight_lat_deg, s.boresight_lon_deg);
  if (s.boresight == SpaceStation::Boresight::Station)
    boresight = fmt::format("boresight on {}", s.boresight_station);
  const std::string criterion =
      s.delta_t_over_t_percent
          ? fmt::format("ΔT/T {:g} % (I/N {:.1f} dB)", *s.delta_t_over_t_percent, s.i_over_n_dB)
          : fmt::format("I/N {:g} dB", s.i_over_n_dB);
  return fmt::format(
      "{} {}, receives {:g}-{:g} MHz, {}, {}, T {:g} K, {}{}", s.id, orbit, s.freq_lo_Hz / 1e6,
      s.freq_hi_Hz / 1e6, describe(s.pattern), boresight, s.noise_temperature_K, criterion,
      s.clutter_location_percent
          ? fmt::format(", P.2108 §3.3 clutter at {:g} % of locations", *s.clutter_location_percent)
          : std::string());
}

std::vector<EphemerisRow> read_ephemeris(const std::string& path) {
  const CsvTable t = CsvTable::read(path);
  const int c_time = t.column("time"), c_lat = t.column("lat_deg"), c_lon = t.column("lon_deg"),
            c_alt = t.column("altitude_km");
  std::vector<EphemerisRow> rows;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const InputLocation at{t.source(), t.line_of(r), 0};
    EphemerisRow row;
    row.line = t.line_of(r);
    // ISO 8601 in UTC, the 'Z' required: an ephemeris in local time would shift the orbit.
    const std::string& text = t.text(r, c_time);
    const std::string expected_time = "an ISO 8601 UTC time YYYY-MM-DDTHH:MM[:SS]Z";
    if (text.empty() || text.back() != 'Z')
      throw_input_error(at, "column time", in_quotes(text), expected_time);
    try {
      row.utc_s = utc_from_local(std::string_view(text).substr(0, text.size() - 1), "UTC", "time");
    } catch (const InputError&) {
      throw_input_error(at, "column time", in_quotes(text), expected_time);
    }
    const auto in_range = [&](int c, const char* name, double lo, double hi, const char* unit) {
      const double v = t.number(r, c);
      if (!(v >= lo && v <= hi))
        throw_input_error(at, fmt::format("column {}", name), num(v),
                          fmt::format("a value in [{}, {}] {}", num(lo), num(hi), unit));
      return v;
    };
    row.lat_deg = in_range(c_lat, "lat_deg", -90, 90, "deg");
    row.lon_deg = in_range(c_lon, "lon_deg", -180, 180, "deg");
    // As altitude_km of a given point: the lowest orbits up to beyond the geostationary one.
    row.altitude_m = 1e3 * in_range(c_alt, "altitude_km", 100, 100000, "km");
    if (!rows.empty() && row.utc_s <= rows.back().utc_s)
      throw_input_error(at, "column time", in_quotes(text),
                        fmt::format("a time after the previous row's (line {}): times strictly "
                                    "increasing",
                                    rows.back().line));
    rows.push_back(row);
  }
  if (rows.empty())
    throw_input_error({t.source(), 0, 0}, "", "no rows", "at least one row of positions");
  return rows;
}

namespace {

/// The ephemeris of `st` must cover the start of every slot of the time axis (the position is
/// read there, interpolated between the rows around it).
void check_ephemeris_covers(const Section& s, const SpaceStation& st, const SharingSpec& sh) {
  if (!sh.has_time)
    s.fail("ephemeris", in_quotes(st.ephemeris_path),
           "a [time] table: the ephemeris is read at each slot's start");
  const std::int64_t first = st.ephemeris.front().utc_s, last = st.ephemeris.back().utc_s;
  for (const std::int64_t t0 : sh.time.start_utc_s) {
    if (t0 >= first && t0 <= last) continue;
    s.fail("ephemeris",
           fmt::format("{} (rows from {} to {}; the slot starting {} is outside)",
                       in_quotes(st.ephemeris_path), iso_local(first, "UTC"),
                       iso_local(last, "UTC"), iso_local(t0, "UTC")),
           "an ephemeris whose rows span every slot start of [time]");
  }
}

SpaceStation parse_one(const Section& s, const Scenario& sc) {
  s.check_keys({"id", "service", "gso_longitude_deg", "lat_deg", "lon_deg", "altitude_km",
                "ephemeris", "freq_lo_MHz", "freq_lo_GHz", "freq_hi_MHz", "freq_hi_GHz",
                "noise_temperature_K", "i_over_n_dB", "delta_t_over_t_percent",
                "clutter_location_percent", "water_vapour_density_g_m3", "antenna"});
  SpaceStation st;
  st.where = s.where();
  st.field = s.name();
  const std::string id_expected = "an id of letters, digits, '_', '.', '-'";
  const std::optional<std::string> id = s.string("id", id_expected);
  if (!id) s.missing("id", id_expected);
  if (!toml_in::valid_id(*id)) s.fail("id", in_quotes(*id), id_expected);
  st.id = *id;
  st.service = s.string("service").value_or("");

  // The orbit: a geostationary longitude, one given point, or an ephemeris.
  if (s.has("ephemeris")) {
    for (const char* other : {"gso_longitude_deg", "lat_deg", "lon_deg", "altitude_km"})
      if (s.has(other))
        s.fail(other, "given with ephemeris",
               "either ephemeris, or gso_longitude_deg, or lat_deg, lon_deg and altitude_km");
    st.gso = false;
    st.ephemeris_path =
        existing_file(s, "ephemeris", "a CSV of time, lat_deg, lon_deg, altitude_km");
    st.ephemeris = read_ephemeris(st.ephemeris_path);
    st.lat_deg = st.ephemeris.front().lat_deg;
    st.lon_deg = st.ephemeris.front().lon_deg;
    st.altitude_m = st.ephemeris.front().altitude_m;
    check_ephemeris_covers(s, st, sc.sharing);
  } else if (s.group({"gso_longitude_deg"}, {"lat_deg", "lon_deg", "altitude_km"}) == 0) {
    st.gso = true;
    st.lon_deg = s.required_number("gso_longitude_deg", closed(-180, 360, "deg"));
    if (st.lon_deg > 180) st.lon_deg -= 360;
  } else {
    st.gso = false;
    st.lat_deg = s.required_number("lat_deg", closed(-90, 90, "deg"));
    st.lon_deg = s.required_number("lon_deg", closed(-180, 180, "deg"));
    // From the lowest orbits (about 160 km) up to beyond the geostationary altitude.
    st.altitude_m = 1e3 * s.required_number("altitude_km", closed(100, 100000, "km"));
  }

  const toml_in::Range band = positive("Hz");
  st.freq_lo_Hz = *s.scaled({"freq_lo_MHz", "freq_lo_GHz"}, {1e6, 1e9}, band, true);
  st.freq_hi_Hz = *s.scaled({"freq_hi_MHz", "freq_hi_GHz"}, {1e6, 1e9}, band, true);
  if (st.freq_hi_Hz <= st.freq_lo_Hz) {
    const std::string key = s.has("freq_hi_MHz") ? "freq_hi_MHz" : "freq_hi_GHz";
    s.fail(key, num(st.freq_hi_Hz / 1e6) + " MHz",
           fmt::format("above freq_lo ({} MHz)", num(st.freq_lo_Hz / 1e6)));
  }
  // ITU-R P.676-13 Annex 1 computes gases from 1 GHz; S.672-4 and S.1528-0 are for the
  // fixed-satellite service, S.1528 below 30 GHz: the band must lie in 1-100 GHz.
  if (st.freq_lo_Hz < 1e9 || st.freq_hi_Hz > 100e9) {
    s.fail(s.has("freq_lo_MHz") ? "freq_lo_MHz" : "freq_lo_GHz",
           fmt::format("a band of {}-{} MHz", num(st.freq_lo_Hz / 1e6), num(st.freq_hi_Hz / 1e6)),
           "a receive band inside 1-100 GHz (the earth-space gas model's domain)");
  }
  st.noise_temperature_K = s.required_number("noise_temperature_K", open_range(0, 1e5, "K"));
  if (s.one_of({"i_over_n_dB", "delta_t_over_t_percent"}, true) == 0) {
    st.i_over_n_dB = *s.number("i_over_n_dB", closed(-50, 30, "dB"));
  } else {
    st.delta_t_over_t_percent =
        *s.number("delta_t_over_t_percent", toml_in::Range{0, 1000, true, false, "percent"});
    st.i_over_n_dB = 10.0 * std::log10(*st.delta_t_over_t_percent / 100.0);
  }
  st.clutter_location_percent = s.number("clutter_location_percent", open_range(0, 100, "percent"));
  // ITU-R P.2108-1 §3.3 holds from 10 to 100 GHz.
  if (st.clutter_location_percent && st.freq_lo_Hz < 10e9) {
    s.fail("clutter_location_percent", num(*st.clutter_location_percent),
           fmt::format("no clutter loss for a receive band below 10 GHz ({}-{} MHz): ITU-R "
                       "P.2108-1 §3.3 holds from 10 to 100 GHz",
                       num(st.freq_lo_Hz / 1e6), num(st.freq_hi_Hz / 1e6)));
  }
  st.water_vapour_density_g_m3 = s.number_or("water_vapour_density_g_m3",
                                             st.water_vapour_density_g_m3, closed(0, 50, "g/m^3"));

  // The antenna.
  const toml::table* at = s.table("antenna");
  if (at == nullptr)
    s.missing("antenna", "a [space_station.antenna] table with type = \"s672\" or \"s1528\"");
  const Section a(s.ctx(), *at, s.field("antenna"));
  a.check_keys({"type", "gain_dBi", "beamwidth_deg", "ls_dB", "lf_dBi", "boresight_lat_deg",
                "boresight_lon_deg", "boresight_station"});
  const std::vector<std::string_view> types = {"s672", "s1528"};
  const std::optional<std::string> type = a.choice("type", types);
  if (!type)
    a.missing("type",
              "one of \"s672\" (ITU-R S.672-4, GSO) or \"s1528\" (ITU-R S.1528-0, non-GSO)");
  const prop::SpacePatternKind kind =
      *type == "s672" ? prop::SpacePatternKind::kS672_4 : prop::SpacePatternKind::kS1528_0;
  const double gain = a.required_number("gain_dBi", closed(0, 70, "dBi"));
  const double beamwidth = a.required_number("beamwidth_deg", open_range(0, 60, "deg"));
  const double ls = a.required_number("ls_dB", closed(-30, -15, "dB"));
  if (!prop::space_pattern_accepts_ls(kind, ls)) {
    a.fail("ls_dB", num(ls) + " dB",
           kind == prop::SpacePatternKind::kS672_4
               ? "one of -20, -25, -30 dB (the values of ITU-R S.672-4 recommends 1.1)"
               : "one of -15, -20, -25, -30 dB (the values of ITU-R S.1528-0 recommends 1.2)");
  }
  if (kind == prop::SpacePatternKind::kS672_4 && a.has("lf_dBi"))
    a.fail("lf_dBi", num(*a.number("lf_dBi", toml_in::any("dBi"))) + " dBi",
           "no lf_dBi unless type = \"s1528\" (S.672-4 falls to 0 dBi)");
  const double lf = a.number_or("lf_dBi", 0.0, closed(-30, 30, "dBi"));
  if (kind == prop::SpacePatternKind::kS1528_0 && gain + ls <= lf)
    a.fail("gain_dBi", num(gain) + " dBi",
           fmt::format("a peak gain whose near-in side lobes (gain_dBi + ls_dB) lie above lf_dBi "
                       "({} dBi)",
                       num(lf)));
  st.pattern = prop::make_space_station_pattern(kind, gain, beamwidth, ls, lf);

  if (a.has("boresight_station")) {
    if (a.has("boresight_lat_deg") || a.has("boresight_lon_deg"))
      a.fail("boresight_station", in_quotes(*a.string("boresight_station")),
             "either boresight_station or boresight_lat_deg and boresight_lon_deg");
    st.boresight = SpaceStation::Boresight::Station;
    st.boresight_station = *a.string("boresight_station");
    const auto all = sc.stations.all();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const Station& x) { return x.id == st.boresight_station; });
    if (it == all.end())
      a.fail("boresight_station", in_quotes(st.boresight_station) + " (no station with that id)",
             "the id of a station of the scenario (e.g. the earth station the satellite serves)");
    st.boresight_lat_deg = it->lat_deg;
    st.boresight_lon_deg = it->lon_deg;
  } else if (a.has("boresight_lat_deg") || a.has("boresight_lon_deg")) {
    st.boresight = SpaceStation::Boresight::Point;
    st.boresight_lat_deg = a.required_number("boresight_lat_deg", closed(-90, 90, "deg"));
    st.boresight_lon_deg = a.required_number("boresight_lon_deg", closed(-180, 180, "deg"));
  }
  return st;
}

}  // namespace

void parse_space_stations(const Section& top, Scenario& sc) {
  const toml::array* arr = top.tables("space_station", "one or more [[space_station]] tables");
  if (arr == nullptr) return;
  std::vector<SpaceStation>& out = sc.sharing.space_stations;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table* t = arr->get(i)->as_table();
    const Section s(top.ctx(), *t, fmt::format("space_station[{}]", i));
    SpaceStation st = parse_one(s, sc);
    for (const SpaceStation& other : out) {
      if (other.id == st.id)
        s.fail("id", fmt::format("{} (already used by {})", in_quotes(st.id), other.field),
               "a unique id");
    }
    out.push_back(std::move(st));
  }
}

}  // namespace akichi::sim

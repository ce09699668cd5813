// [[space_station]]: space-station (satellite) receivers to protect from the aggregate of the
// study's local 5G stations on earth-to-space paths (sim/analysis/satellite_run.h). Documented
// in docs/scenario-format.md, "[[space_station]]".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "propagation/antenna/space_station.h"

namespace akichi::sim {

struct Scenario;
namespace toml_in {
class Section;
}

/// One row of an ephemeris: where the satellite is at an instant (UTC).
struct EphemerisRow {
  std::int64_t utc_s = 0;  ///< seconds since 1970-01-01T00:00:00Z
  double lat_deg = 0, lon_deg = 0;
  double altitude_m = 0;  ///< above the WGS 84 ellipsoid
  int line = 0;           ///< in the file, for messages
};

/// One space-station receiver. Its orbit is a geostationary longitude, one given point
/// (latitude, longitude, altitude: where a non-geostationary satellite is for the whole
/// study), or an ephemeris (a CSV file of positions over time, read at each slot's start).
struct SpaceStation {
  std::string id;
  std::string service;  ///< free text
  bool gso = true;
  double lat_deg = 0, lon_deg = 0;  ///< sub-satellite point (GSO: 0, the orbit's longitude)
  double altitude_m = 0;            ///< above the WGS 84 ellipsoid (GSO: unused)
  /// A given orbit: the ephemeris file (resolved) and its rows, times strictly increasing and
  /// covering every slot start of the time axis; empty otherwise (lat_deg, lon_deg and
  /// altitude_m are then its first row's).
  std::string ephemeris_path;
  std::vector<EphemerisRow> ephemeris;
  double freq_lo_Hz = 0, freq_hi_Hz = 0;  ///< receive band
  prop::SpaceStationPattern pattern;
  /// Where the antenna's boresight meets the earth: the sub-satellite point (nadir), a given
  /// point, or a database station (e.g. the earth station that works with the satellite).
  enum class Boresight { Nadir, Point, Station } boresight = Boresight::Nadir;
  double boresight_lat_deg = 0, boresight_lon_deg = 0;  ///< Point and Station (resolved)
  std::string boresight_station;                        ///< Station: its id
  double noise_temperature_K = 0;                       ///< receiving system noise temperature
  /// The protection criterion as I/N over the receive band; from delta_t_over_t_percent as
  /// 10 log10(dT/T) when given so (dT/T = I/N for interference that adds to the noise).
  double i_over_n_dB = 0;
  std::optional<double> delta_t_over_t_percent;
  /// ITU-R P.2108-1 §3.3 earth-space clutter loss not exceeded for this percentage of
  /// locations, added to the paths of every station; nullopt: no clutter loss.
  std::optional<double> clutter_location_percent;
  /// Surface water-vapour density of the P.835-6 reference atmosphere of the gas loss.
  double water_vapour_density_g_m3 = 7.5;
  InputLocation where;
  std::string field;  ///< "space_station[0]"
};

/// One line for `akichi check` and the run's overview.
std::string describe_space_station(const SpaceStation& s);

/// Reads an ephemeris CSV (columns time, lat_deg, lon_deg, altitude_km; time as ISO 8601 UTC
/// "YYYY-MM-DDTHH:MM[:SS]Z"). InputError naming the file, the line and the column with the
/// value found and the one expected: a bad field, times not strictly increasing, fewer than
/// one row.
std::vector<EphemerisRow> read_ephemeris(const std::string& path);

/// Reads every [[space_station]] table into sc.sharing.space_stations once the scenario's
/// stations and time axis are read (a boresight may name a station; an ephemeris must cover
/// every slot). Throws InputError located at the key.
void parse_space_stations(const toml_in::Section& top, Scenario& sc);

}  // namespace akichi::sim

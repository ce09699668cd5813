#include "sim/results/satellite_file.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "propagation/geo/earth_space.h"
#include "sim/results/variable_table.h"

namespace akichi::sim {
namespace {

using results::all;
using results::Attrs;
using results::Values;
using results::VariableSpec;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Equatorial radius of WGS 84: the geostationary altitude is the orbit radius less it.
constexpr double kWgs84_a_m = 6378137.0;

}  // namespace

void write_satellite(results::Group& root, const Scenario& sc, const SatelliteRun& run,
                     const results::StoreOptions& store) {
  const SharingSpec& sh = sc.sharing;
  results::Group g = root.create_group("satellite");
  g.set_attribute(
      "comment",
      std::string("aggregate interference of the local 5G stations at each space-station "
                  "receiver on earth-to-space paths: free space (P.525-4), gases (P.676-13 Annex "
                  "1 2.2.1, P.835-6 reference atmosphere), clutter (P.2108-1 3.3, when asked), "
                  "the stations' own antenna patterns towards the satellite, the satellite's "
                  "pattern (S.672-4 or S.1528-0), the channel plan's coupling and the "
                  "[aggregate] activity; rain and clouds not credited"));
  g.add_dimension("space_station", run.n_satellites);
  g.add_dimension("satellite_source", run.n_sources);
  if (sh.channels.empty()) g.add_dimension("layout_channel", 1);
  const std::string ch = sh.channels.empty() ? "layout_channel" : "channel";

  std::vector<std::string> ids, src_ids;
  std::vector<double> lat, lon, alt, lo, hi, criterion;
  for (const SpaceStation& s : sh.space_stations) {
    ids.push_back(s.id);
    lat.push_back(s.gso ? 0.0 : s.lat_deg);
    lon.push_back(s.lon_deg);
    alt.push_back(s.gso ? prop::kGsoOrbitRadius_m - kWgs84_a_m : s.altitude_m);
    lo.push_back(s.freq_lo_Hz);
    hi.push_back(s.freq_hi_Hz);
    criterion.push_back(s.i_over_n_dB);
  }
  std::vector<std::uint8_t> kind;
  for (const SatelliteSource& so : run.sources) {
    src_ids.push_back(so.id);
    kind.push_back(static_cast<std::uint8_t>(so.kind));
  }
  const std::size_t np = run.paths.size();
  std::vector<double> az(np), el(np), range(np), psi(np), gt(np), gr(np), h(np);
  for (std::size_t i = 0; i < np; ++i) {
    const SatellitePath& p = run.paths[i];
    az[i] = p.azimuth_deg;
    el[i] = p.elevation_deg;
    range[i] = p.range_m;
    psi[i] = p.off_axis_deg;
    gt[i] = p.tx_gain_dBi;
    gr[i] = p.rx_gain_dBi;
    h[i] = p.altitude_m;
  }
  // Each source's share of the aggregate with every source on the air.
  std::vector<double> share(run.contribution_dBm.size(), 0.0);
  for (std::size_t s = 0; s < run.n_satellites; ++s)
    for (std::size_t k = 0; k < run.n_channels; ++k)
      for (std::size_t j = 0; j < run.n_sources; ++j) {
        const std::size_t i = run.at(s, k, j);
        const double total = run.aggregate_all_dBm[s * run.n_channels + k];
        share[i] =
            std::isfinite(total) ? std::pow(10.0, (run.contribution_dBm[i] - total) / 10.0) : 0.0;
      }

  const Attrs sat{{"coordinates", std::string("space_station_id")}};
  const Attrs src{{"coordinates", std::string("satellite_source_id")}};
  const Attrs layout{
      {"comment", std::string(sh.channels.empty()
                                  ? "the planned layout on its own frequencies"
                                  : "the planned layout placed on each channel of the plan "
                                    "(power spectral density kept); database stations on their "
                                    "own bands")}};
  const std::vector<VariableSpec> specs = {
      {.name = "space_station_id",
       .dims = {"space_station"},
       .long_name = "space-station receiver ([[space_station]])",
       .data = Values<std::string>{all(ids)}},
      {.name = "space_station_lat",
       .dims = {"space_station"},
       .long_name = "latitude of the sub-satellite point",
       .units = "degrees_north",
       .extra = sat,
       .data = Values<double>{all(lat), kNaN}},
      {.name = "space_station_lon",
       .dims = {"space_station"},
       .long_name = "longitude of the sub-satellite point",
       .units = "degrees_east",
       .extra = sat,
       .data = Values<double>{all(lon), kNaN}},
      {.name = "space_station_altitude",
       .dims = {"space_station"},
       .long_name = "altitude above the WGS 84 ellipsoid (geostationary: orbit radius 42 164 172 "
                    "m less the equatorial radius)",
       .units = "m",
       .extra = sat,
       .data = Values<double>{all(alt), kNaN}},
      {.name = "space_station_pattern",
       .dims = {"space_station"},
       .long_name = "receive antenna pattern",
       .data = Values<std::string>{all(run.pattern_descriptions)}},
      {.name = "receive_lo",
       .dims = {"space_station"},
       .long_name = "lower edge of the receive band",
       .units = "Hz",
       .extra = sat,
       .data = Values<double>{all(lo), kNaN}},
      {.name = "receive_hi",
       .dims = {"space_station"},
       .long_name = "upper edge of the receive band",
       .units = "Hz",
       .extra = sat,
       .data = Values<double>{all(hi), kNaN}},
      {.name = "noise_power",
       .dims = {"space_station"},
       .long_name = "receiver noise power k T B over the receive band",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.noise_dBm), kNaN}},
      {.name = "i_over_n_criterion",
       .dims = {"space_station"},
       .long_name = "I/N not to be exceeded (from delta_t_over_t_percent as 10 log10(dT/T))",
       .units = "dB",
       .extra = sat,
       .data = Values<double>{all(criterion), kNaN}},
      {.name = "interference_limit",
       .dims = {"space_station"},
       .long_name = "interference limit: noise_power + i_over_n_criterion",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.limit_dBm), kNaN}},
      {.name = "satellite_source_id",
       .dims = {"satellite_source"},
       .long_name = "interfering local 5G station",
       .data = Values<std::string>{all(src_ids)}},
      {.name = "satellite_source_kind",
       .dims = {"satellite_source"},
       .long_name = "kind of interfering station",
       .flags = results::flag_attrs({0, 1, 2}, "planned_base local5g_base local5g_terminal"),
       .extra = src,
       .data = Values<std::uint8_t>{all(kind)}},
      {.name = "source_altitude",
       .dims = {"space_station", "satellite_source"},
       .long_name = "height of the source's antenna above sea level (terrain + antenna height)",
       .units = "m",
       .data = Values<double>{all(h), kNaN}},
      {.name = "elevation",
       .dims = {"space_station", "satellite_source"},
       .long_name = "elevation of the space station seen from the source (geometric, WGS 84)",
       .units = "degree",
       .data = Values<double>{all(el), kNaN}},
      {.name = "azimuth",
       .dims = {"space_station", "satellite_source"},
       .long_name = "azimuth of the space station seen from the source, clockwise from true "
                    "north",
       .units = "degree",
       .data = Values<double>{all(az), kNaN}},
      {.name = "slant_range",
       .dims = {"space_station", "satellite_source"},
       .long_name = "distance from the source to the space station",
       .units = "m",
       .data = Values<double>{all(range), kNaN}},
      {.name = "off_axis_angle",
       .dims = {"space_station", "satellite_source"},
       .long_name = "angle at the space station between its boresight and the source",
       .units = "degree",
       .data = Values<double>{all(psi), kNaN}},
      {.name = "source_antenna_gain",
       .dims = {"space_station", "satellite_source"},
       .long_name = "gain of the source's antenna towards the space station",
       .units = "dBi",
       .data = Values<double>{all(gt), kNaN}},
      {.name = "space_station_antenna_gain",
       .dims = {"space_station", "satellite_source"},
       .long_name = "gain of the space station's antenna towards the source",
       .units = "dBi",
       .data = Values<double>{all(gr), kNaN}},
      {.name = "free_space_loss",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "free-space basic transmission loss (ITU-R P.525-4); NaN: satellite below "
                    "the source's horizon",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.free_space_loss_dB), kNaN}},
      {.name = "gas_loss",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "slant-path attenuation by atmospheric gases (ITU-R P.676-13 Annex 1 "
                    "2.2.1, P.835-6 reference atmosphere)",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.gas_loss_dB), kNaN}},
      {.name = "clutter_loss",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "earth-space clutter loss (ITU-R P.2108-1 3.3; 0 when not asked for)",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.clutter_loss_dB), kNaN}},
      {.name = "coupling_loss",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "coupling loss from the source's band into the receive band (overlap, "
                    "ACLR and ACS of [spectrum])",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.coupling_loss_dB), kNaN}},
      {.name = "contribution",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "interference power of the source at the space station's receiver input, "
                    "activity included; -inf: it does not reach it",
       .units = "dBm",
       .extra = layout,
       .data = Values<double>{all(run.contribution_dBm), kNaN}},
      {.name = "share",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "the source's share of aggregate_all",
       .units = "1",
       .extra = layout,
       .data = Values<double>{all(share), kNaN}},
      {.name = "ranking",
       .dims = {"space_station", ch, "satellite_source"},
       .long_name = "indices along satellite_source by decreasing contribution (ties: lower "
                    "index first)",
       .units = "1",
       .extra = layout,
       .data = Values<std::int32_t>{all(run.ranking)}},
      {.name = "aggregate_all",
       .dims = {"space_station", ch},
       .long_name = "aggregate interference with every source on the air",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.aggregate_all_dBm), kNaN}},
      {.name = "i_over_n_all",
       .dims = {"space_station", ch},
       .long_name = "I/N with every source on the air",
       .units = "dB",
       .extra = sat,
       .data = Values<double>{all(run.i_over_n_all_dB), kNaN}},
      {.name = "aggregate",
       .dims = {"time", ch, "space_station"},
       .long_name = "aggregate interference of the sources on the air in the slot (their "
                    "schedules)",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.aggregate_dBm), kNaN}},
      {.name = "i_over_n",
       .dims = {"time", ch, "space_station"},
       .long_name = "I/N of the sources on the air in the slot",
       .units = "dB",
       .extra = sat,
       .data = Values<double>{all(run.i_over_n_dB), kNaN}},
      {.name = "mean_base_contribution",
       .dims = {"space_station", ch},
       .long_name = "mean contribution of a base station (planned and database; power mean)",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.mean_base_dBm), kNaN}},
      {.name = "terminal_sum",
       .dims = {"space_station", ch},
       .long_name = "sum of the terminals' contributions, counted before any base station",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.terminals_dBm), kNaN}},
      {.name = "base_stations_fit_mean",
       .dims = {"space_station", ch},
       .long_name = "identical base stations of the mean contribution that fit under the "
                    "limit with the terminals: floor((limit - terminal_sum) / mean), linear; "
                    "-1: no base station reaches the space station",
       .units = "1",
       .extra = sat,
       .data = Values<std::int32_t>{all(run.fit_mean)}},
      {.name = "base_stations_fit_in_order",
       .dims = {"space_station", ch},
       .long_name = "base stations, added in the order of satellite_source, that fit under the "
                    "limit with the terminals",
       .units = "1",
       .extra = sat,
       .data = Values<std::int32_t>{all(run.fit_in_order)}},
  };
  results::write_variables(g, specs, store);
}

}  // namespace akichi::sim

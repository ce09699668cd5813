#include "sim/results/satellite_file.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/results/variable_table.h"

namespace akichi::sim {
namespace {

using results::all;
using results::Attrs;
using results::Values;
using results::VariableSpec;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// `dims` with a leading time dimension when the geometry changes from slot to slot (an
/// ephemeris).
std::vector<std::string> per_epoch(const SatelliteRun& run, std::vector<std::string> dims) {
  if (run.n_epochs > 1) dims.insert(dims.begin(), "time");
  return dims;
}

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
  for (const SatellitePosition& p : run.positions) {
    lat.push_back(p.lat_deg);
    lon.push_back(p.lon_deg);
    alt.push_back(p.altitude_m);
  }
  for (const SpaceStation& s : sh.space_stations) {
    ids.push_back(s.id);
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
  for (std::size_t e = 0; e < run.n_epochs; ++e)
    for (std::size_t s = 0; s < run.n_satellites; ++s)
      for (std::size_t k = 0; k < run.n_channels; ++k)
        for (std::size_t j = 0; j < run.n_sources; ++j) {
          const std::size_t i = run.at(s, k, j, e);
          const double total = run.aggregate_all_dBm[run.sk(s, k, e)];
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
  std::vector<VariableSpec> specs = {
      {.name = "space_station_id",
       .dims = {"space_station"},
       .long_name = "space-station receiver ([[space_station]])",
       .data = Values<std::string>{all(ids)}},
      {.name = "space_station_lat",
       .dims = per_epoch(run, {"space_station"}),
       .long_name = "latitude of the sub-satellite point",
       .units = "degrees_north",
       .extra = sat,
       .data = Values<double>{all(lat), kNaN}},
      {.name = "space_station_lon",
       .dims = per_epoch(run, {"space_station"}),
       .long_name = "longitude of the sub-satellite point",
       .units = "degrees_east",
       .extra = sat,
       .data = Values<double>{all(lon), kNaN}},
      {.name = "space_station_altitude",
       .dims = per_epoch(run, {"space_station"}),
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
       .flags = run.has_served_terminals
                    ? results::flag_attrs({0, 1, 2, 3},
                                          "planned_base local5g_base local5g_terminal "
                                          "served_terminals")
                    : results::flag_attrs({0, 1, 2}, "planned_base local5g_base local5g_terminal"),
       .extra = src,
       .data = Values<std::uint8_t>{all(kind)}},
      {.name = "source_altitude",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "height of the source's antenna above sea level (terrain + antenna height)",
       .units = "m",
       .data = Values<double>{all(h), kNaN}},
      {.name = "elevation",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "elevation of the space station seen from the source (geometric, WGS 84)",
       .units = "degree",
       .data = Values<double>{all(el), kNaN}},
      {.name = "azimuth",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "azimuth of the space station seen from the source, clockwise from true "
                    "north",
       .units = "degree",
       .data = Values<double>{all(az), kNaN}},
      {.name = "slant_range",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "distance from the source to the space station",
       .units = "m",
       .data = Values<double>{all(range), kNaN}},
      {.name = "off_axis_angle",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "angle at the space station between its boresight and the source",
       .units = "degree",
       .data = Values<double>{all(psi), kNaN}},
      {.name = "source_antenna_gain",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "gain of the source's antenna towards the space station",
       .units = "dBi",
       .data = Values<double>{all(gt), kNaN}},
      {.name = "space_station_antenna_gain",
       .dims = per_epoch(run, {"space_station", "satellite_source"}),
       .long_name = "gain of the space station's antenna towards the source",
       .units = "dBi",
       .data = Values<double>{all(gr), kNaN}},
      {.name = "free_space_loss",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "free-space basic transmission loss (ITU-R P.525-4); NaN: satellite below "
                    "the source's horizon",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.free_space_loss_dB), kNaN}},
      {.name = "gas_loss",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "slant-path attenuation by atmospheric gases (ITU-R P.676-13 Annex 1 "
                    "2.2.1, P.835-6 reference atmosphere)",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.gas_loss_dB), kNaN}},
      {.name = "clutter_loss",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "earth-space clutter loss (ITU-R P.2108-1 3.3; 0 when not asked for)",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.clutter_loss_dB), kNaN}},
      {.name = "coupling_loss",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "coupling loss from the source's band into the receive band (overlap, "
                    "ACLR and ACS of [spectrum])",
       .units = "dB",
       .extra = layout,
       .data = Values<double>{all(run.coupling_loss_dB), kNaN}},
      {.name = "contribution",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "interference power of the source at the space station's receiver input, "
                    "activity included; -inf: it does not reach it",
       .units = "dBm",
       .extra = layout,
       .data = Values<double>{all(run.contribution_dBm), kNaN}},
      {.name = "share",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "the source's share of aggregate_all",
       .units = "1",
       .extra = layout,
       .data = Values<double>{all(share), kNaN}},
      {.name = "ranking",
       .dims = per_epoch(run, {"space_station", ch, "satellite_source"}),
       .long_name = "indices along satellite_source by decreasing contribution (ties: lower "
                    "index first)",
       .units = "1",
       .extra = layout,
       .data = Values<std::int32_t>{all(run.ranking)}},
      {.name = "aggregate_all",
       .dims = per_epoch(run, {"space_station", ch}),
       .long_name = "aggregate interference with every source on the air",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.aggregate_all_dBm), kNaN}},
      {.name = "i_over_n_all",
       .dims = per_epoch(run, {"space_station", ch}),
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
       .dims = per_epoch(run, {"space_station", ch}),
       .long_name = run.has_served_terminals
                        ? "mean contribution of a base station (planned and database; power "
                          "mean), a planned one with the terminals it serves"
                        : "mean contribution of a base station (planned and database; power mean)",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.mean_base_dBm), kNaN}},
      {.name = "terminal_sum",
       .dims = per_epoch(run, {"space_station", ch}),
       .long_name = "sum of the terminals' contributions, counted before any base station",
       .units = "dBm",
       .extra = sat,
       .data = Values<double>{all(run.terminals_dBm), kNaN}},
      {.name = "base_stations_fit_mean",
       .dims = per_epoch(run, {"space_station", ch}),
       .long_name = "identical base stations of the mean contribution that fit under the "
                    "limit with the terminals: floor((limit - terminal_sum) / mean), linear; "
                    "-1: no base station reaches the space station",
       .units = "1",
       .extra = sat,
       .data = Values<std::int32_t>{all(run.fit_mean)}},
      {.name = "base_stations_fit_in_order",
       .dims = per_epoch(run, {"space_station", ch}),
       .long_name = "base stations, added in the order of satellite_source, that fit under the "
                    "limit with the terminals",
       .units = "1",
       .extra = sat,
       .data = Values<std::int32_t>{all(run.fit_in_order)}},
  };
  if (run.has_served_terminals) {
    // The terminals [aggregate] spreads over each planned base station's served cells.
    specs.push_back({.name = "served_terminal_cells",
                     .dims = {"satellite_source"},
                     .long_name = "cells whose terminals a served_terminals source spreads "
                                  "over (terminals_per_station terminals, uniformly); 0 for "
                                  "the other sources",
                     .units = "1",
                     .extra = src,
                     .data = Values<std::int32_t>{all(run.served_cells)}});
    specs.push_back({.name = "served_terminal_visible_share",
                     .dims = per_epoch(run, {"space_station", "satellite_source"}),
                     .long_name = "share of a served_terminals source's cells that see the "
                                  "space station (elevation >= 0); NaN for the other sources",
                     .units = "1",
                     .data = Values<double>{all(run.served_visible_share), kNaN}});
  }
  results::write_variables(g, specs, store);
}

}  // namespace akichi::sim

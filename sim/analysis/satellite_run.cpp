#include "sim/analysis/satellite_run.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <numeric>

#include <tbb/parallel_for.h>

#include "propagation/antenna/antenna.h"
#include "propagation/geo/crs.h"
#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/itu_r_p676_slant.h"
#include "sim/analysis/sharing_terms.h"
#include "sim/spectrum/acir.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
/// Equatorial radius of WGS 84: the geostationary altitude is the orbit radius less it.
constexpr double kWgs84_a_m = 6378137.0;

/// The satellite's position and the point its boresight meets the earth, in ECEF, and its
/// sub-satellite point.
struct SatelliteGeometry {
  prop::Ecef position, boresight;
  SatellitePosition where;
};

SatelliteGeometry satellite_geometry(const SpaceStation& s, std::int64_t utc_s,
                                     const prop::GeocentricConverter& g) {
  SatelliteGeometry geo;
  if (!s.ephemeris.empty()) {
    geo.position = ephemeris_position(s, utc_s, g);
    const prop::GeocentricConverter::Geodetic d = g.to_geodetic(geo.position);
    geo.where = {d.lat_deg, d.lon_deg, d.height_m};
  } else if (s.gso) {
    geo.position = prop::gso_position(s.lon_deg);
    geo.where = {0.0, s.lon_deg, prop::kGsoOrbitRadius_m - kWgs84_a_m};
  } else {
    geo.position = g.to_ecef(s.lat_deg, s.lon_deg, s.altitude_m);
    geo.where = {s.lat_deg, s.lon_deg, s.altitude_m};
  }
  switch (s.boresight) {
    case SpaceStation::Boresight::Nadir:
      geo.boresight = g.to_ecef(geo.where.lat_deg, geo.where.lon_deg, 0.0);
      break;
    case SpaceStation::Boresight::Point:
    case SpaceStation::Boresight::Station:
      geo.boresight = g.to_ecef(s.boresight_lat_deg, s.boresight_lon_deg, 0.0);
      break;
  }
  return geo;
}

/// Bearing of true north in the study frame (clockwise from grid north) at a station: the
/// meridian convergence of the projection there, from a point 1e-4 deg north of it.
double true_north_grid_bearing_deg(const prop::Transformer& to_study, double lat_deg,
                                   double lon_deg) {
  double x0 = lon_deg, y0 = lat_deg, x1 = lon_deg, y1 = std::min(lat_deg + 1e-4, 90.0);
  to_study.transform(x0, y0);
  to_study.transform(x1, y1);
  return std::atan2(x1 - x0, y1 - y0) * kRadToDeg;
}

std::vector<SatelliteSource> satellite_sources(const Scenario& sc) {
  std::vector<SatelliteSource> out;
  const auto all = sc.stations.all();
  const std::size_t nd = sc.stations.database().size();
  const AggregateSpec& ag = sc.sharing.aggregate;
  for (std::size_t p = nd; p < all.size(); ++p) {
    out.push_back({all[p].id, p, SatelliteSource::Kind::PlannedBase});
    if (ag.enabled && ag.terminals)
      out.push_back({all[p].id + "/terminals", p, SatelliteSource::Kind::ServedTerminals});
  }
  for (std::size_t i = 0; i < nd; ++i) {
    const Station& st = all[i];
    if (!st.transmits) continue;
    if (st.role == StationRole::Local5gBase)
      out.push_back({st.id, i, SatelliteSource::Kind::DatabaseBase});
    else if (st.role == StationRole::Local5gTerminal)
      out.push_back({st.id, i, SatelliteSource::Kind::DatabaseTerminal});
  }
  return out;
}

}  // namespace

FitCounts fit_counts(const std::vector<double>& base_mW, double terminals_mW, double limit_mW) {
  FitCounts f;
  const double room = limit_mW - terminals_mW;
  const double total = std::accumulate(base_mW.begin(), base_mW.end(), 0.0);
  if (total > 0) {
    const double mean = total / static_cast<double>(base_mW.size());
    const double n = room > 0 ? std::floor(room / mean) : 0.0;
    f.mean = static_cast<std::int32_t>(
        std::min(n, static_cast<double>(std::numeric_limits<std::int32_t>::max())));
  }
  double sum = 0;
  for (double b : base_mW) {
    if (sum + b > room) break;
    sum += b;
    ++f.in_order;
  }
  return f;
}

prop::Ecef ephemeris_position(const SpaceStation& s, std::int64_t utc_s,
                              const prop::GeocentricConverter& geocentric) {
  const std::vector<EphemerisRow>& rows = s.ephemeris;
  // The first row at or after utc_s; the parser checked that the rows span every slot start.
  const auto it =
      std::lower_bound(rows.begin(), rows.end(), utc_s,
                       [](const EphemerisRow& r, std::int64_t t) { return r.utc_s < t; });
  const auto ecef = [&](const EphemerisRow& r) {
    return geocentric.to_ecef(r.lat_deg, r.lon_deg, r.altitude_m);
  };
  if (it == rows.end()) return ecef(rows.back());
  if (it->utc_s == utc_s || it == rows.begin()) return ecef(*it);
  const EphemerisRow& a = *(it - 1);
  const EphemerisRow& b = *it;
  const double w = static_cast<double>(utc_s - a.utc_s) / static_cast<double>(b.utc_s - a.utc_s);
  const prop::Ecef pa = ecef(a), pb = ecef(b);
  return {pa.x + w * (pb.x - pa.x), pa.y + w * (pb.y - pa.y), pa.z + w * (pb.z - pa.z)};
}

GasTable::GasTable(double f_GHz, double rho0_g_m3, double el_min_deg, double el_max_deg,
                   double h_min_m, double h_max_m) {
  el0_ = std::floor(el_min_deg / kElevationStep_deg) * kElevationStep_deg;
  h0_ = std::floor(h_min_m / kAltitudeStep_m) * kAltitudeStep_m;
  const auto nodes = [](double lo, double hi, double step) {
    return hi > lo ? static_cast<std::size_t>(std::ceil((hi - lo) / step)) + 1 : std::size_t{1};
  };
  // A range of one value is one node at the value itself (flat terrain: no interpolation).
  if (h_max_m <= h_min_m) h0_ = h_min_m;
  if (el_max_deg <= el_min_deg) el0_ = el_min_deg;
  n_el_ = nodes(el0_, el_max_deg, kElevationStep_deg);
  n_h_ = nodes(h0_, h_max_m, kAltitudeStep_m);
  a_.assign(n_el_ * n_h_, 0.0);
  tbb::parallel_for(std::size_t{0}, a_.size(), [&](std::size_t i) {
    const double h = h0_ + static_cast<double>(i / n_el_) * kAltitudeStep_m;
    const double el = el0_ + static_cast<double>(i % n_el_) * kElevationStep_deg;
    a_[i] = prop::p676::slant_path_attenuation_dB(f_GHz, h / 1e3, el, rho0_g_m3);
  });
}

double GasTable::loss_dB(double elevation_deg, double altitude_m) const {
  // Position between nodes, clamped to the table (the cells lie inside it).
  const auto locate = [](double v, double v0, double step, std::size_t n, std::size_t& i0) {
    if (n == 1) {
      i0 = 0;
      return 0.0;
    }
    const double x = std::clamp((v - v0) / step, 0.0, static_cast<double>(n - 1));
    i0 = std::min(static_cast<std::size_t>(x), n - 2);
    return x - static_cast<double>(i0);
  };
  std::size_t ie = 0, ih = 0;
  const double we = locate(elevation_deg, el0_, kElevationStep_deg, n_el_, ie);
  const double wh = locate(altitude_m, h0_, kAltitudeStep_m, n_h_, ih);
  const auto at = [&](std::size_t h, std::size_t e) {
    return a_[std::min(h, n_h_ - 1) * n_el_ + std::min(e, n_el_ - 1)];
  };
  const double low = (1 - we) * at(ih, ie) + we * at(ih, ie + 1);
  const double high = (1 - we) * at(ih + 1, ie) + we * at(ih + 1, ie + 1);
  return (1 - wh) * low + wh * high;
}

namespace {

/// The cells whose terminals a planned base station serves: their ECEF position, geodetic
/// latitude and longitude, and altitude (ground + terminal height).
struct TerminalCells {
  std::vector<prop::Ecef> where;
  std::vector<double> lat_deg, lon_deg, altitude_m;
};

TerminalCells terminal_cells(const Scenario& sc, const prop::TerrainGrid& terrain,
                             const std::vector<std::size_t>& cells,
                             const prop::GeocentricConverter& geocentric) {
  TerminalCells t;
  const prop::Transformer to_wgs84(sc.crs, prop::Crs::wgs84());
  const std::size_t nx = static_cast<std::size_t>(sc.grid.nx);
  for (std::size_t c : cells) {
    const double x = sc.grid.x(static_cast<int>(c % nx)), y = sc.grid.y(static_cast<int>(c / nx));
    double lon = x, lat = y;
    to_wgs84.transform(lon, lat);
    double ground = terrain.elevation_m(x, y);
    if (!std::isfinite(ground)) ground = 0.0;
    const double h = ground + sc.sharing.aggregate.terminal_height_m;
    t.where.push_back(geocentric.to_ecef(lat, lon, h));
    t.lat_deg.push_back(lat);
    t.lon_deg.push_back(lon);
    t.altitude_m.push_back(h);
  }
  return t;
}

/// The clutter loss of ITU-R P.2108-1 §3.3 on one path, 0 when not asked for or outside its
/// domain (a source far below the receive band, 10-100 GHz being checked for the band
/// itself, is not credited).
double clutter_dB(const SpaceStation& sat, double f_GHz, double elevation_deg) {
  if (!sat.clutter_location_percent ||
      prop::p2108::validate_aeronautical(f_GHz, elevation_deg, *sat.clutter_location_percent) !=
          prop::p2108::kSuccess)
    return 0.0;
  return prop::p2108::aeronautical_clutter_loss_dB(f_GHz, elevation_deg,
                                                   *sat.clutter_location_percent);
}

/// The terminals served by one planned base station (source j) at satellite s in epoch e: one
/// path per cell, the mean of the linear powers over every cell (those below the satellite's
/// horizon adding 0), N a and the channel coupling.
void served_terminals(SatelliteRun& run, const SpaceStation& sat, const SatelliteGeometry& geo,
                      const Channel& rx, const TerminalCells& cells, double eirp_dBm,
                      double n_activity, const std::vector<Channel>& bands,
                      const CouplingModel& coupling, std::size_t e, std::size_t s, std::size_t j) {
  const std::size_t n = cells.where.size();
  std::vector<double> el(n, kNaN), range(n, kNaN), gain(n, kNaN);
  double el_lo = kInf, el_hi = -kInf, h_lo = kInf, h_hi = -kInf;
  std::size_t visible = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const prop::LookAngles look =
        prop::look_angles(cells.where[c], cells.lat_deg[c], cells.lon_deg[c], geo.position);
    if (look.elevation_deg < 0) continue;
    ++visible;
    el[c] = look.elevation_deg;
    range[c] = look.range_m;
    gain[c] = prop::space_station_gain_dBi(
        sat.pattern, prop::angle_at_deg(geo.position, geo.boresight, cells.where[c]));
    el_lo = std::min(el_lo, el[c]);
    el_hi = std::max(el_hi, el[c]);
    h_lo = std::min(h_lo, cells.altitude_m[c]);
    h_hi = std::max(h_hi, cells.altitude_m[c]);
  }
  const std::size_t ns = run.n_satellites, nj = run.n_sources;
  if (n > 0)
    run.served_visible_share[(e * ns + s) * nj + j] =
        static_cast<double>(visible) / static_cast<double>(n);
  for (std::size_t k = 0; k < bands.size(); ++k) {
    const std::size_t i = run.at(s, k, j, e);
    run.coupling_loss_dB[i] = coupling_loss_dB(bands[k], rx, coupling);
    if (visible == 0) continue;  // no served cell, or none sees the satellite
    const double f_GHz = bands[k].centre_Hz() / 1e9;
    const GasTable gas(f_GHz, sat.water_vapour_density_g_m3, el_lo, el_hi, h_lo, h_hi);
    double sum = 0;
    for (std::size_t c = 0; c < n; ++c) {
      if (!std::isfinite(el[c])) continue;
      sum += dbm_to_mw(gain[c] - prop::p525::free_space_loss_dB(f_GHz * 1e3, range[c] / 1e3) -
                       gas.loss_dB(el[c], cells.altitude_m[c]) - clutter_dB(sat, f_GHz, el[c]));
    }
    run.contribution_dBm[i] = eirp_dBm + 10.0 * std::log10(n_activity) +
                              mw_to_dbm(sum / static_cast<double>(n)) - run.coupling_loss_dB[i];
  }
}

}  // namespace

SatelliteRun run_satellite(const Scenario& sc, const prop::TerrainGrid& terrain,
                           const std::vector<std::vector<std::size_t>>& served) {
  SatelliteRun run;
  const SharingSpec& sh = sc.sharing;
  if (sh.space_stations.empty()) return run;
  run.done = true;
  run.sources = satellite_sources(sc);
  run.n_satellites = sh.space_stations.size();
  run.n_channels = std::max<std::size_t>(sh.channels.size(), 1);
  run.n_sources = run.sources.size();
  run.n_times = sh.time.start_utc_s.size();
  const bool moving = std::any_of(sh.space_stations.begin(), sh.space_stations.end(),
                                  [](const SpaceStation& s) { return !s.ephemeris.empty(); });
  run.n_epochs = moving ? run.n_times : 1;
  const std::size_t ns = run.n_satellites, nc = run.n_channels, nj = run.n_sources,
                    ne = run.n_epochs;
  const auto all = sc.stations.all();
  const std::size_t nd = sc.stations.database().size();

  // The sources' antennas, EIRP, activity and bands; their ECEF positions and grid bearings.
  // Served terminals: isotropic, their EIRP per channel, N a in the activity, their cells.
  const prop::GeocentricConverter geocentric;
  const prop::Transformer to_study(prop::Crs::wgs84(), sc.crs);
  std::vector<std::unique_ptr<prop::Antenna>> antennas(nj);
  std::vector<double> eirp(nj), activity(nj), north(nj), altitude(nj);
  std::vector<prop::Ecef> where(nj);
  std::vector<TerminalCells> cells(nj);
  run.served_cells.assign(nj, 0);
  const AggregateSpec& ag = sh.aggregate;
  for (std::size_t j = 0; j < nj; ++j) {
    const SatelliteSource& so = run.sources[j];
    const Station& st = all[so.station];
    if (so.kind == SatelliteSource::Kind::ServedTerminals) {
      run.has_served_terminals = true;
      eirp[j] = ag.terminal_eirp_dBm;
      activity[j] = ag.terminals_per_station * ag.terminal_activity;
      const std::size_t p = so.station - nd;
      if (p < served.size()) cells[j] = terminal_cells(sc, terrain, served[p], geocentric);
      run.served_cells[j] = static_cast<std::int32_t>(cells[j].where.size());
      continue;
    }
    antennas[j] = prop::make_antenna(st.antenna);
    const double gmax = antennas[j]->max_gain_dBi();
    eirp[j] = st.planned() ? station_eirp_dBm(st, gmax) : database_eirp_dBm(st, gmax);
    activity[j] = !ag.enabled ? 1.0 : so.base() ? ag.bs_activity : ag.terminal_activity;
    double ground = terrain.elevation_m(st.x_m, st.y_m);
    if (!std::isfinite(ground)) ground = 0.0;
    altitude[j] = ground + st.height_m;
    // Heights above sea level are taken as heights above the ellipsoid: the geoid's undulation
    // (tens of metres) moves the look angles to a satellite by micro-degrees.
    where[j] = geocentric.to_ecef(st.lat_deg, st.lon_deg, altitude[j]);
    north[j] = true_north_grid_bearing_deg(to_study, st.lat_deg, st.lon_deg);
  }

  for (std::size_t s = 0; s < ns; ++s) {
    const SpaceStation& sat = sh.space_stations[s];
    const Channel rx{sat.id, sat.freq_lo_Hz, sat.freq_hi_Hz};
    run.pattern_descriptions.push_back(prop::describe(sat.pattern));
    run.noise_dBm.push_back(
        mw_to_dbm(kBoltzmann_J_per_K * sat.noise_temperature_K * rx.bandwidth_Hz() * 1e3));
    run.limit_dBm.push_back(run.noise_dBm.back() + sat.i_over_n_dB);
  }
  run.positions.resize(ne * ns);
  run.paths.resize(ne * ns * nj);
  run.served_visible_share.assign(ne * ns * nj, kNaN);
  const std::size_t n3 = ne * ns * nc * nj;
  run.free_space_loss_dB.assign(n3, kNaN);
  run.gas_loss_dB.assign(n3, kNaN);
  run.clutter_loss_dB.assign(n3, kNaN);
  run.coupling_loss_dB.assign(n3, kNaN);
  run.contribution_dBm.assign(n3, -kInf);
  for (std::size_t e = 0; e < ne; ++e) {
    const std::int64_t utc_s = moving ? sh.time.start_utc_s[e] : 0;
    for (std::size_t s = 0; s < ns; ++s) {
      const SpaceStation& sat = sh.space_stations[s];
      const Channel rx{sat.id, sat.freq_lo_Hz, sat.freq_hi_Hz};
      const SatelliteGeometry geo = satellite_geometry(sat, utc_s, geocentric);
      run.positions[e * ns + s] = geo.where;
      // The sources in parallel: each writes its own elements (the gases dominate the time).
      tbb::parallel_for(std::size_t{0}, nj, [&](std::size_t j) {
        const SatelliteSource& so = run.sources[j];
        const Station& st = all[so.station];
        SatellitePath& p = run.paths[(e * ns + s) * nj + j];
        // The planned layout on channel k (its power spectral density kept); the database's
        // stations on their own bands. A terminal's EIRP is per channel.
        const Channel own = band_of(st);
        const bool moved = st.planned() && !sh.channels.empty();
        const auto tx_band = [&](std::size_t k) { return moved ? sh.channels[k] : own; };
        if (so.kind == SatelliteSource::Kind::ServedTerminals) {
          p = SatellitePath{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, false};
          std::vector<Channel> bands;
          for (std::size_t k = 0; k < nc; ++k) bands.push_back(tx_band(k));
          served_terminals(run, sat, geo, rx, cells[j], eirp[j], activity[j], bands, sh.coupling, e,
                           s, j);
          return;
        }
        const prop::LookAngles look =
            prop::look_angles(where[j], st.lat_deg, st.lon_deg, geo.position);
        p.azimuth_deg = look.azimuth_deg;
        p.elevation_deg = look.elevation_deg;
        p.range_m = look.range_m;
        p.altitude_m = altitude[j];
        p.visible = look.elevation_deg >= 0;
        p.off_axis_deg = prop::angle_at_deg(geo.position, geo.boresight, where[j]);
        p.rx_gain_dBi = prop::space_station_gain_dBi(sat.pattern, p.off_axis_deg);
        double bearing = std::fmod(look.azimuth_deg + north[j], 360.0);
        if (bearing < 0) bearing += 360.0;
        p.tx_gain_dBi = antennas[j]->gain_dBi(bearing, look.elevation_deg);
        if (!p.visible) return;
        for (std::size_t k = 0; k < nc; ++k) {
          const Channel tx = tx_band(k);
          const double width =
              moved ? 10.0 * std::log10(tx.bandwidth_Hz() / own.bandwidth_Hz()) : 0.0;
          const double f_GHz = tx.centre_Hz() / 1e9;
          const std::size_t i = run.at(s, k, j, e);
          run.free_space_loss_dB[i] = prop::p525::free_space_loss_dB(f_GHz * 1e3, p.range_m / 1e3);
          run.gas_loss_dB[i] = prop::p676::slant_path_attenuation_dB(
              f_GHz, altitude[j] / 1e3, p.elevation_deg, sat.water_vapour_density_g_m3);
          run.clutter_loss_dB[i] = clutter_dB(sat, f_GHz, p.elevation_deg);
          run.coupling_loss_dB[i] = coupling_loss_dB(tx, rx, sh.coupling);
          run.contribution_dBm[i] = eirp[j] + width - antennas[j]->max_gain_dBi() + p.tx_gain_dBi -
                                    run.free_space_loss_dB[i] - run.gas_loss_dB[i] -
                                    run.clutter_loss_dB[i] + p.rx_gain_dBi -
                                    run.coupling_loss_dB[i] + 10.0 * std::log10(activity[j]);
        }
      });
    }
  }

  // The aggregate with every source on the air, the ranking and the fit counts: a planned base
  // station counts with the terminals it serves (the row after it).
  for (const SatelliteSource& so : run.sources) run.n_bases += so.base() ? 1 : 0;
  const std::size_t n2 = ne * ns * nc;
  run.aggregate_all_dBm.assign(n2, -kInf);
  run.i_over_n_all_dB.assign(n2, -kInf);
  run.mean_base_dBm.assign(n2, -kInf);
  run.terminals_dBm.assign(n2, -kInf);
  run.fit_mean.assign(n2, -1);
  run.fit_in_order.assign(n2, 0);
  run.ranking.assign(n2 * nj, 0);
  for (std::size_t e = 0; e < ne; ++e) {
    for (std::size_t s = 0; s < ns; ++s) {
      for (std::size_t k = 0; k < nc; ++k) {
        double sum = 0, terminals = 0;
        std::vector<double> bases;
        for (std::size_t j = 0; j < nj; ++j) {
          const double mW = dbm_to_mw(run.contribution_dBm[run.at(s, k, j, e)]);
          sum += mW;
          switch (run.sources[j].kind) {
            case SatelliteSource::Kind::PlannedBase:
            case SatelliteSource::Kind::DatabaseBase:
              bases.push_back(mW);
              break;
            case SatelliteSource::Kind::ServedTerminals:
              bases.back() += mW;  // always after its base station
              break;
            case SatelliteSource::Kind::DatabaseTerminal:
              terminals += mW;
              break;
          }
        }
        const std::size_t sk = run.sk(s, k, e);
        run.aggregate_all_dBm[sk] = mw_to_dbm(sum);
        run.i_over_n_all_dB[sk] = run.aggregate_all_dBm[sk] - run.noise_dBm[s];
        run.terminals_dBm[sk] = mw_to_dbm(terminals);
        if (!bases.empty()) {
          run.mean_base_dBm[sk] = mw_to_dbm(std::accumulate(bases.begin(), bases.end(), 0.0) /
                                            static_cast<double>(bases.size()));
        }
        const FitCounts f = fit_counts(bases, terminals, dbm_to_mw(run.limit_dBm[s]));
        run.fit_mean[sk] = f.mean;
        run.fit_in_order[sk] = f.in_order;
        std::int32_t* rank = run.ranking.data() + sk * nj;
        std::iota(rank, rank + nj, 0);
        std::stable_sort(rank, rank + nj, [&](std::int32_t a, std::int32_t b) {
          return run.contribution_dBm[run.at(s, k, static_cast<std::size_t>(a), e)] >
                 run.contribution_dBm[run.at(s, k, static_cast<std::size_t>(b), e)];
        });
      }
    }
  }

  // Per time slot: the sources on the air by their schedules (every slot, all of them, without
  // a time axis; served terminals with their base station), at the slot's epoch. The satellite
  // receives always.
  const std::size_t nt = run.n_times;
  run.aggregate_dBm.assign(nt * nc * ns, -kInf);
  run.i_over_n_dB.assign(nt * nc * ns, -kInf);
  for (std::size_t t = 0; t < nt; ++t) {
    const std::size_t e = ne > 1 ? t : 0;
    std::vector<std::uint8_t> on(nj, 1);
    if (sh.has_time) {
      const std::int64_t t0 = sh.time.start_utc_s[t];
      for (std::size_t j = 0; j < nj; ++j)
        on[j] = sh.schedules[run.sources[j].station].active(t0, t0 + sh.time.step_s) ? 1 : 0;
    }
    for (std::size_t k = 0; k < nc; ++k) {
      for (std::size_t s = 0; s < ns; ++s) {
        double sum = 0;
        for (std::size_t j = 0; j < nj; ++j)
          if (on[j]) sum += dbm_to_mw(run.contribution_dBm[run.at(s, k, j, e)]);
        const std::size_t i = (t * nc + k) * ns + s;
        run.aggregate_dBm[i] = mw_to_dbm(sum);
        run.i_over_n_dB[i] = run.aggregate_dBm[i] - run.noise_dBm[s];
      }
    }
  }
  return run;
}

}  // namespace akichi::sim

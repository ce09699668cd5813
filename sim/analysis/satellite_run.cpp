#include "sim/analysis/satellite_run.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <numeric>

#include "propagation/antenna/antenna.h"
#include "propagation/geo/crs.h"
#include "propagation/geo/earth_space.h"
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

/// The satellite's position and the point its boresight meets the earth, in ECEF.
struct SatelliteGeometry {
  prop::Ecef position, boresight;
};

SatelliteGeometry satellite_geometry(const SpaceStation& s, const prop::GeocentricConverter& g) {
  SatelliteGeometry geo;
  geo.position =
      s.gso ? prop::gso_position(s.lon_deg) : g.to_ecef(s.lat_deg, s.lon_deg, s.altitude_m);
  switch (s.boresight) {
    case SpaceStation::Boresight::Nadir:
      geo.boresight = g.to_ecef(s.lat_deg, s.lon_deg, 0.0);
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
  for (std::size_t p = nd; p < all.size(); ++p)
    out.push_back({all[p].id, p, SatelliteSource::Kind::PlannedBase});
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

SatelliteRun run_satellite(const Scenario& sc, const prop::TerrainGrid& terrain) {
  SatelliteRun run;
  const SharingSpec& sh = sc.sharing;
  if (sh.space_stations.empty()) return run;
  run.done = true;
  run.sources = satellite_sources(sc);
  run.n_satellites = sh.space_stations.size();
  run.n_channels = std::max<std::size_t>(sh.channels.size(), 1);
  run.n_sources = run.sources.size();
  run.n_times = sh.time.start_utc_s.size();
  const std::size_t ns = run.n_satellites, nc = run.n_channels, nj = run.n_sources;
  const auto all = sc.stations.all();

  // The sources' antennas, EIRP, activity and bands; their ECEF positions and grid bearings.
  const prop::GeocentricConverter geocentric;
  const prop::Transformer to_study(prop::Crs::wgs84(), sc.crs);
  std::vector<std::unique_ptr<prop::Antenna>> antennas;
  std::vector<double> eirp(nj), activity(nj), north(nj), altitude(nj);
  std::vector<prop::Ecef> where(nj);
  const AggregateSpec& ag = sh.aggregate;
  for (std::size_t j = 0; j < nj; ++j) {
    const Station& st = all[run.sources[j].station];
    antennas.push_back(prop::make_antenna(st.antenna));
    const double gmax = antennas.back()->max_gain_dBi();
    eirp[j] = st.planned() ? station_eirp_dBm(st, gmax) : database_eirp_dBm(st, gmax);
    activity[j] = !ag.enabled ? 1.0 : run.sources[j].base() ? ag.bs_activity : ag.terminal_activity;
    double ground = terrain.elevation_m(st.x_m, st.y_m);
    if (!std::isfinite(ground)) ground = 0.0;
    altitude[j] = ground + st.height_m;
    // Heights above sea level are taken as heights above the ellipsoid: the geoid's undulation
    // (tens of metres) moves the look angles to a satellite by micro-degrees.
    where[j] = geocentric.to_ecef(st.lat_deg, st.lon_deg, altitude[j]);
    north[j] = true_north_grid_bearing_deg(to_study, st.lat_deg, st.lon_deg);
  }

  run.paths.resize(ns * nj);
  const std::size_t n3 = ns * nc * nj;
  run.free_space_loss_dB.assign(n3, kNaN);
  run.gas_loss_dB.assign(n3, kNaN);
  run.clutter_loss_dB.assign(n3, kNaN);
  run.coupling_loss_dB.assign(n3, kNaN);
  run.contribution_dBm.assign(n3, -kInf);
  for (std::size_t s = 0; s < ns; ++s) {
    const SpaceStation& sat = sh.space_stations[s];
    const Channel rx{sat.id, sat.freq_lo_Hz, sat.freq_hi_Hz};
    run.pattern_descriptions.push_back(prop::describe(sat.pattern));
    run.noise_dBm.push_back(
        mw_to_dbm(kBoltzmann_J_per_K * sat.noise_temperature_K * rx.bandwidth_Hz() * 1e3));
    run.limit_dBm.push_back(run.noise_dBm.back() + sat.i_over_n_dB);
    const SatelliteGeometry geo = satellite_geometry(sat, geocentric);
    for (std::size_t j = 0; j < nj; ++j) {
      const Station& st = all[run.sources[j].station];
      SatellitePath& p = run.paths[s * nj + j];
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
      if (!p.visible) continue;
      for (std::size_t k = 0; k < nc; ++k) {
        const Channel own = band_of(st);
        // The planned layout on channel k (its power spectral density kept); the database's
        // stations on their own bands.
        const bool moved = st.planned() && !sh.channels.empty();
        const Channel tx = moved ? sh.channels[k] : own;
        const double width =
            moved ? 10.0 * std::log10(tx.bandwidth_Hz() / own.bandwidth_Hz()) : 0.0;
        const double f_GHz = tx.centre_Hz() / 1e9;
        const std::size_t i = run.at(s, k, j);
        run.free_space_loss_dB[i] = prop::p525::free_space_loss_dB(f_GHz * 1e3, p.range_m / 1e3);
        run.gas_loss_dB[i] = prop::p676::slant_path_attenuation_dB(
            f_GHz, altitude[j] / 1e3, p.elevation_deg, sat.water_vapour_density_g_m3);
        // P.2108-1 §3.3 outside its domain (a source far below the receive band, 10-100 GHz
        // being checked for the band itself) is not credited: no clutter loss there.
        run.clutter_loss_dB[i] = sat.clutter_location_percent &&
                                         prop::p2108::validate_aeronautical(
                                             f_GHz, p.elevation_deg,
                                             *sat.clutter_location_percent) == prop::p2108::kSuccess
                                     ? prop::p2108::aeronautical_clutter_loss_dB(
                                           f_GHz, p.elevation_deg, *sat.clutter_location_percent)
                                     : 0.0;
        run.coupling_loss_dB[i] = coupling_loss_dB(tx, rx, sh.coupling);
        run.contribution_dBm[i] = eirp[j] + width - antennas[j]->max_gain_dBi() + p.tx_gain_dBi -
                                  run.free_space_loss_dB[i] - run.gas_loss_dB[i] -
                                  run.clutter_loss_dB[i] + p.rx_gain_dBi - run.coupling_loss_dB[i] +
                                  10.0 * std::log10(activity[j]);
      }
    }
  }

  // The aggregate with every source on the air, the ranking and the fit counts.
  for (const SatelliteSource& so : run.sources) run.n_bases += so.base() ? 1 : 0;
  run.aggregate_all_dBm.assign(ns * nc, -kInf);
  run.i_over_n_all_dB.assign(ns * nc, -kInf);
  run.mean_base_dBm.assign(ns * nc, -kInf);
  run.terminals_dBm.assign(ns * nc, -kInf);
  run.fit_mean.assign(ns * nc, -1);
  run.fit_in_order.assign(ns * nc, 0);
  run.ranking.assign(ns * nc * nj, 0);
  for (std::size_t s = 0; s < ns; ++s) {
    for (std::size_t k = 0; k < nc; ++k) {
      double sum = 0, terminals = 0;
      std::vector<double> bases;
      for (std::size_t j = 0; j < nj; ++j) {
        const double mW = dbm_to_mw(run.contribution_dBm[run.at(s, k, j)]);
        sum += mW;
        if (run.sources[j].base())
          bases.push_back(mW);
        else
          terminals += mW;
      }
      const std::size_t sk = s * nc + k;
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
        return run.contribution_dBm[run.at(s, k, static_cast<std::size_t>(a))] >
               run.contribution_dBm[run.at(s, k, static_cast<std::size_t>(b))];
      });
    }
  }

  // Per time slot: the sources on the air by their schedules (every slot, all of them, without
  // a time axis). The satellite receives always.
  const std::size_t nt = run.n_times;
  run.aggregate_dBm.assign(nt * nc * ns, -kInf);
  run.i_over_n_dB.assign(nt * nc * ns, -kInf);
  for (std::size_t t = 0; t < nt; ++t) {
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
          if (on[j]) sum += dbm_to_mw(run.contribution_dBm[run.at(s, k, j)]);
        const std::size_t i = (t * nc + k) * ns + s;
        run.aggregate_dBm[i] = mw_to_dbm(sum);
        run.i_over_n_dB[i] = run.aggregate_dBm[i] - run.noise_dBm[s];
      }
    }
  }
  return run;
}

}  // namespace akichi::sim

#include "sim/analysis/coverage.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "sim/spectrum/link_budget.h"

namespace akichi::sim {

std::vector<std::uint8_t> rasterize_premises(const prop::StudyGrid& grid,
                                             const prop::MultiPolygon2& premises) {
  std::vector<std::uint8_t> mask(grid.cells(), 0);
  if (premises.empty()) return mask;
  // Rows outside the premises' north-south span are skipped.
  double y_lo = std::numeric_limits<double>::infinity(), y_hi = -y_lo;
  for (const auto& poly : premises) {
    for (const auto& p : poly.outer()) {
      y_lo = std::min(y_lo, p.y());
      y_hi = std::max(y_hi, p.y());
    }
  }
  tbb::parallel_for(tbb::blocked_range<int>(0, grid.ny), [&](const tbb::blocked_range<int>& r) {
    for (int iy = r.begin(); iy != r.end(); ++iy) {
      const double y = grid.y(iy);
      if (y < y_lo || y > y_hi) continue;
      for (int ix = 0; ix < grid.nx; ++ix) {
        const prop::Point2 p(grid.x(ix), y);
        if (prop::bg::covered_by(p, premises)) {
          mask[static_cast<std::size_t>(iy) * grid.nx + ix] = 1;
        }
      }
    }
  });
  return mask;
}

namespace {

/// The noise of each station (also stored in res.noise_dBm) and the share of each station's
/// band that falls in each other station's band.
struct BandShares {
  std::vector<double> noise_mW;  ///< [station]
  std::vector<double> overlap;   ///< [s * ns + j]: share of j's power in s's band
};

BandShares band_shares(const std::vector<CoverageStation>& stations, const CoverageParams& params,
                       CoverageResult& res) {
  const std::size_t ns = stations.size();
  BandShares b;
  res.noise_dBm.resize(ns);
  b.noise_mW.resize(ns);
  b.overlap.assign(ns * ns, 0.0);
  std::vector<double>& noise_mW = b.noise_mW;
  std::vector<double>& overlap = b.overlap;
  for (std::size_t s = 0; s < ns; ++s) {
    res.noise_dBm[s] = thermal_noise_dBm(stations[s].bandwidth_Hz, params.noise_figure_dB);
    noise_mW[s] = dbm_to_mw(res.noise_dBm[s]);
    const double s_lo = stations[s].freq_Hz - stations[s].bandwidth_Hz / 2;
    const double s_hi = stations[s].freq_Hz + stations[s].bandwidth_Hz / 2;
    for (std::size_t j = 0; j < ns; ++j) {
      if (j == s) continue;
      const double j_lo = stations[j].freq_Hz - stations[j].bandwidth_Hz / 2;
      const double j_hi = stations[j].freq_Hz + stations[j].bandwidth_Hz / 2;
      overlap[s * ns + j] = band_overlap_fraction(j_lo, j_hi, s_lo, s_hi);
    }
  }
  return b;
}

/// The shares of the result's best-server maps, per height: premises covered, leakage outside,
/// cells each station serves (counts are integers: exact whatever the thread count).
void fill_shares(const prop::StudyGrid& grid, const CoverageParams& params,
                 const prop::MultiPolygon2& premises, CoverageResult& res) {
  const std::size_t plane = grid.cells();
  const std::size_t ns = static_cast<std::size_t>(res.n_stations);
  res.has_premises = !premises.empty();
  res.premises_mask = rasterize_premises(grid, premises);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  res.premises_coverage_share.assign(res.n_heights, nan);
  res.leakage_share.assign(res.n_heights, nan);
  res.station_best_share.assign(ns * res.n_heights, 0.0);
  for (int h = 0; h < res.n_heights; ++h) {
    std::size_t in = 0, in_served = 0, out = 0, out_leak = 0;
    std::vector<std::size_t> served(ns, 0);
    for (std::size_t c = 0; c < plane; ++c) {
      const std::size_t i = static_cast<std::size_t>(h) * plane + c;
      const float p = res.best_rx_power_dBm[i];
      if (res.best_server[i] != kNoServer) ++served[static_cast<std::size_t>(res.best_server[i])];
      if (res.premises_mask[c]) {
        ++in;
        if (p >= params.service_threshold_dBm) ++in_served;
      } else {
        ++out;
        if (p >= params.leakage_threshold_dBm) ++out_leak;
      }
    }
    if (res.has_premises) {
      if (in > 0) res.premises_coverage_share[h] = static_cast<double>(in_served) / in;
      if (out > 0) res.leakage_share[h] = static_cast<double>(out_leak) / out;
    }
    for (std::size_t s = 0; s < ns; ++s) {
      res.station_best_share[s * res.n_heights + h] = static_cast<double>(served[s]) / plane;
    }
  }
}

}  // namespace

void received_power(const CoverageStation& station, const CoverageParams& params,
                    std::span<const float> loss_dB, std::span<float> tx_gain_to_rx_power) {
  if (loss_dB.size() != tx_gain_to_rx_power.size()) {
    throw std::invalid_argument("received_power: loss and gain sizes differ");
  }
  const double base = station.eirp_dBm - station.max_gain_dBi + params.rx_gain_dBi;
  float* p = tx_gain_to_rx_power.data();
  const float* loss = loss_dB.data();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, loss_dB.size(), 16384),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        p[i] = static_cast<float>(base + p[i] - loss[i]);
                      }
                    });
}

CoverageResult reduce_coverage(const prop::StudyGrid& grid,
                               const std::vector<CoverageStation>& stations,
                               const CoverageParams& params, const TensorPiece& rx_power_dBm,
                               const TensorPiece& loss_dB, const prop::MultiPolygon2& premises,
                               const std::vector<float>* interference_loss_dB) {
  CoverageResult res;
  res.n_stations = static_cast<int>(stations.size());
  res.n_heights = static_cast<int>(grid.heights_m.size());
  res.ny = grid.ny;
  res.nx = grid.nx;
  const std::size_t plane = grid.cells();
  const std::size_t per_station = plane * res.n_heights;
  const std::size_t ns = stations.size();
  if (interference_loss_dB != nullptr && interference_loss_dB->size() != ns * per_station) {
    throw std::invalid_argument("reduce_coverage: interference loss size does not match");
  }

  // Noise and the share of each station's band that falls in each other station's band.
  const BandShares bands = band_shares(stations, params, res);
  const std::vector<double>& noise_mW = bands.noise_mW;
  const std::vector<double>& overlap = bands.overlap;

  const std::size_t nhp = per_station;  // height x plane
  res.best_server.assign(nhp, kNoServer);
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  res.best_rx_power_dBm.assign(nhp, kNaN);
  res.interference_dBm.assign(nhp, kNaN);
  res.sinr_dB.assign(nhp, kNaN);
  // Cells in pieces: each task reads the stations' values of its piece, then reduces every cell
  // of it over the stations in index order.
  const bool with_loss = interference_loss_dB != nullptr;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, nhp, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
        const std::size_t first = r.begin(), n = r.size();
        // Left uninitialised: a source that copies fills it, one that views memory ignores it.
        const auto buffer = std::make_unique_for_overwrite<float[]>((with_loss ? 2 : 1) * ns * n);
        std::vector<const float*> rx(ns), loss(with_loss ? ns : 0);
        for (std::size_t s = 0; s < ns; ++s) {
          rx[s] = rx_power_dBm(s, first, {buffer.get() + s * n, n}).data();
          if (with_loss) loss[s] = loss_dB(s, first, {buffer.get() + (ns + s) * n, n}).data();
        }
        for (std::size_t c = 0; c < n; ++c) {
          const std::size_t i = first + c;
          int best = kNoServer;
          float best_p = -std::numeric_limits<float>::infinity();
          for (std::size_t s = 0; s < ns; ++s) {
            const float p = rx[s][c];
            if (p > best_p) {  // NaN never wins; ties keep the lower index
              best_p = p;
              best = static_cast<int>(s);
            }
          }
          if (best == kNoServer) continue;
          double i_mW = 0;
          for (std::size_t j = 0; j < ns; ++j) {
            const double share = overlap[static_cast<std::size_t>(best) * ns + j];
            if (share > 0) {
              if (!with_loss) {
                i_mW += share * dbm_to_mw(rx[j][c]);
              } else {
                // the interferer without the wanted-only attenuations: P + L - L'
                const std::size_t k = j * per_station + i;
                i_mW += share * dbm_to_mw(static_cast<double>(rx[j][c]) +
                                          (static_cast<double>(loss[j][c]) -
                                           static_cast<double>((*interference_loss_dB)[k])));
              }
            }
          }
          res.best_server[i] = static_cast<std::int16_t>(best);
          res.best_rx_power_dBm[i] = best_p;
          res.interference_dBm[i] = i_mW > 0 ? static_cast<float>(mw_to_dbm(i_mW)) : kNaN;
          res.sinr_dB[i] = static_cast<float>(
              best_p - mw_to_dbm(i_mW + noise_mW[static_cast<std::size_t>(best)]));
        }
      });

  fill_shares(grid, params, premises, res);
  return res;
}

CoverageResult analyse_coverage(const prop::StudyGrid& grid,
                                const std::vector<CoverageStation>& stations,
                                const CoverageParams& params, const std::vector<float>& loss_dB,
                                std::vector<float>&& tx_gain_dBi,
                                const prop::MultiPolygon2& premises,
                                const std::vector<float>* interference_loss_dB) {
  const std::size_t per_station = grid.cells() * grid.heights_m.size();
  const std::size_t ns = stations.size();
  if (loss_dB.size() != ns * per_station || tx_gain_dBi.size() != ns * per_station) {
    throw std::invalid_argument("analyse_coverage: tensor sizes do not match the grid");
  }
  if (interference_loss_dB != nullptr && interference_loss_dB->size() != loss_dB.size()) {
    throw std::invalid_argument("analyse_coverage: interference loss size does not match");
  }
  // Received power, station by station (independent elements), in place over the gain.
  std::vector<float> rx_power = std::move(tx_gain_dBi);
  for (std::size_t s = 0; s < ns; ++s) {
    received_power(stations[s], params,
                   std::span<const float>(loss_dB).subspan(s * per_station, per_station),
                   std::span<float>(rx_power).subspan(s * per_station, per_station));
  }
  const auto in_memory = [per_station](const std::vector<float>& v) {
    return [&v, per_station](std::size_t s, std::size_t first, std::span<float> buffer) {
      return std::span<const float>(v).subspan(s * per_station + first, buffer.size());
    };
  };
  CoverageResult res = reduce_coverage(grid, stations, params, in_memory(rx_power),
                                       in_memory(loss_dB), premises, interference_loss_dB);
  res.rx_power_dBm = std::move(rx_power);
  return res;
}

}  // namespace akichi::sim

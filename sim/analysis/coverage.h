// Coverage analysis: received power per station, best server, SINR with co-channel
// interferers, and the premises coverage / leakage shares. A reduction over the loss and gain
// tensors computed once by the engine; nothing here recomputes path loss.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "propagation/geo/geometry.h"
#include "propagation/geo/grid.h"

namespace akichi::sim {

/// Per-station radio parameters the analysis needs.
struct CoverageStation {
  double eirp_dBm = 0;      ///< EIRP in the direction of maximum gain
  double max_gain_dBi = 0;  ///< the transmit antenna's maximum gain
  double freq_Hz = 0;       ///< channel centre
  double bandwidth_Hz = 0;  ///< channel bandwidth
};

struct CoverageParams {
  double rx_gain_dBi = 0;
  double noise_figure_dB = 7;
  double service_threshold_dBm = -100;
  double leakage_threshold_dBm = -110;
};

/// Value used where a quantity does not exist (e.g. no station serves the cell).
inline constexpr std::int16_t kNoServer = -1;

struct CoverageResult {
  int n_stations = 0, n_heights = 0, ny = 0, nx = 0;
  std::vector<float> rx_power_dBm;        ///< [station][height][y][x]
  std::vector<std::int16_t> best_server;  ///< [height][y][x], station index or kNoServer
  std::vector<float> best_rx_power_dBm;   ///< [height][y][x]
  std::vector<float>
      interference_dBm;           ///< [height][y][x] co-channel power in the best server's band
  std::vector<float> sinr_dB;     ///< [height][y][x]
  std::vector<double> noise_dBm;  ///< [station] receiver noise in the station's bandwidth
  std::vector<std::uint8_t> premises_mask;  ///< [y][x] 1 inside the premises, 0 outside
  bool has_premises = false;
  std::vector<double>
      premises_coverage_share;        ///< [height] share of premises cells >= service threshold
  std::vector<double> leakage_share;  ///< [height] share of outside cells >= leakage threshold
  std::vector<double> station_best_share;  ///< [station][height] share of all cells it serves
};

/// Cells whose centre lies inside (or on the boundary of) `premises`.
std::vector<std::uint8_t> rasterize_premises(const prop::StudyGrid& grid,
                                             const prop::MultiPolygon2& premises);

/// Reduces the engine's tensors ([station][height][y][x], basic transmission loss in dB and
/// transmit-antenna gain in dBi) to the coverage layers. The gain tensor is taken over and
/// becomes the result's rx_power_dBm in place, so a run holds two station tensors, not three.
///   P_rx = EIRP - G_max + G_tx(direction) - L + G_rx                     (dBm)
///   best server = argmax P_rx (lowest index on ties)
///   I = sum over stations j != s of P_rx,j * overlap(j's band inside s's band) / 1   (mW)
///   N = k T0 B_s + NF;  SINR = P_rx,s / (I + N)
/// Sums run over stations in index order, so any thread count gives identical bits.
/// `interference_loss_dB`, when given (same shape as loss_dB), is the loss of the stations as
/// interferers: I then sums P_rx,j + L_j - L'_j, the interferer's power over the loss without
/// the attenuations credited to wanted signals only (rain; docs/methods.md, "Added losses").
CoverageResult analyse_coverage(const prop::StudyGrid& grid,
                                const std::vector<CoverageStation>& stations,
                                const CoverageParams& params, const std::vector<float>& loss_dB,
                                std::vector<float>&& tx_gain_dBi,
                                const prop::MultiPolygon2& premises,
                                const std::vector<float>* interference_loss_dB = nullptr);

/// Turns one station's transmit-antenna gain (heights * cells, dBi) into its received power in
/// place, from its loss (same shape): P_rx = EIRP - G_max + G_tx - L + G_rx, as analyse_coverage
/// does for each station.
void received_power(const CoverageStation& station, const CoverageParams& params,
                    std::span<const float> loss_dB, std::span<float> tx_gain_to_rx_power);

/// A piece of a station tensor [station][height][y][x]: `piece(s, first, buffer)` gives
/// buffer.size() values of station s from element `first` of its heights * cells, either as a
/// view of memory or copied into `buffer` (and then valid until the buffer is reused). Called
/// from several threads at once.
using TensorPiece =
    std::function<std::span<const float>(std::size_t s, std::size_t first, std::span<float>)>;

/// The layers and shares of analyse_coverage from the stations' received power already computed
/// (and, with `interference_loss_dB`, their loss), read a piece at a time: the same bits as
/// analyse_coverage gives, while the tensors stay wherever they are kept (scratch files, in a
/// streamed run). The result's rx_power_dBm is left empty.
CoverageResult reduce_coverage(const prop::StudyGrid& grid,
                               const std::vector<CoverageStation>& stations,
                               const CoverageParams& params, const TensorPiece& rx_power_dBm,
                               const TensorPiece& loss_dB, const prop::MultiPolygon2& premises,
                               const std::vector<float>* interference_loss_dB = nullptr);

}  // namespace akichi::sim

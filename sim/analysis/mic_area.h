// Cover areas (カバーエリア), coordination areas (調整対象区域) and the coordination pairs of the
// Japanese local-5G licensing rules, as pure reductions over received-power tensors the caller
// computed with the band's rule (sim/scenario/mic_rules.h): the propagation model, the building
// entry loss of indoor stations, the terminal height and the reference bandwidth.
//
// Definitions used here (docs/mic-area-rules.md):
//   - a cell belongs to a station's cover area when the received power at its centre, in the
//     reference bandwidth, is >= the cover threshold; to its coordination area when it is
//     >= the coordination threshold. NaN (not computed) belongs to neither.
//   - licensee A must coordinate with licensee B when A's coordination area (union over A's
//     stations) overlaps B's cover area (union over B's stations) or B's premises.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace akichi::sim {

/// Power in the reference bandwidth of a signal whose power `p_channel_dBm` is spread evenly
/// over `channel_bandwidth_Hz`: p - 10 log10(B_ch / B_ref). A reference bandwidth wider than the
/// channel holds the whole channel power (no gain is added). Both bandwidths > 0.
double power_in_reference_bandwidth_dBm(double p_channel_dBm, double channel_bandwidth_Hz,
                                        double reference_bandwidth_Hz) noexcept;

/// A licensee's premises (its own land / buildings) as a uint8 [y][x] mask, nonzero = inside.
struct MicPremises {
  std::string licensee;
  std::vector<std::uint8_t> mask;
};

struct MicAreaInput {
  int nx = 0, ny = 0;  ///< grid size; arrays are row-major [y][x], row 0 = south
  double cell_m = 0;   ///< cell side (m), > 0
  /// Received power in the reference bandwidth at the terminal height, [station][y][x], dBm
  std::span<const float> rx_dBm;
  std::vector<std::string> licensee;  ///< per station (size = number of stations)
  double coverage_threshold_dBm = 0;
  double coordination_threshold_dBm = 0;  ///< <= coverage_threshold_dBm
  std::vector<MicPremises> premises;      ///< optional, at most one per licensee
};

/// One ordered pair (A, B): cells of A's coordination area in B's cover area or premises.
struct MicPair {
  std::string a;                   ///< licensee whose coordination area is tested
  std::string b;                   ///< licensee whose cover area / premises it reaches
  std::size_t cells = 0;           ///< overlap cells (coverage or premises)
  std::size_t cells_coverage = 0;  ///< of which in B's cover area
  std::size_t cells_premises = 0;  ///< of which in B's premises
  double area_m2 = 0;              ///< cells x cell area
  std::vector<std::uint8_t> mask;  ///< [y][x], 1 = overlap cell
};

struct MicAreas {
  int nx = 0, ny = 0, stations = 0;
  double cell_area_m2 = 0;
  std::vector<std::uint8_t> coverage;      ///< [station][y][x], 1 = in the cover area
  std::vector<std::uint8_t> coordination;  ///< [station][y][x], 1 = in the coordination area
  std::vector<std::size_t> coverage_cells, coordination_cells;  ///< per station
  std::vector<double> coverage_area_m2, coordination_area_m2;   ///< per station
  std::vector<std::string> licensees;                           ///< distinct licensees, sorted
  std::vector<std::uint8_t> licensee_coverage;      ///< [licensee][y][x], union of its stations
  std::vector<std::uint8_t> licensee_coordination;  ///< [licensee][y][x]
  std::vector<std::size_t> licensee_coverage_cells, licensee_coordination_cells;
  std::vector<double> licensee_coverage_area_m2, licensee_coordination_area_m2;
  /// Ordered pairs of different licensees with a nonzero overlap, sorted by (a, b).
  std::vector<MicPair> pairs;
};

/// Computes every mask, area and the pair table. Throws InputError on inconsistent sizes,
/// unknown premises licensees, or thresholds in the wrong order.
MicAreas mic_areas(const MicAreaInput& in);

}  // namespace akichi::sim

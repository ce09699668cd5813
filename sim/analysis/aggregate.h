// Aggregate interference at protected receivers: the power sum (in mW) of the contributions of
// the planned local 5G stations (base stations, and the terminals they serve) that are on the
// air, per distinct active set and per channel the planned layout is placed on; the margin to
// each receiver's criterion; and every source's contribution, sorted, to show who must move or
// lower power.
//
// The contributions themselves (dB at the receiver input: EIRP - G_max + G_tx + K - feeder -
// coupling + activity and TDD corrections) are computed by the caller from the engine's
// coupling tensors and point links; this reduction only sums, in a fixed order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace akichi::sim {

struct AggregateInput {
  std::size_t n_receivers = 0, n_channels = 0, n_sources = 0;
  /// [receiver] interference limit: over its band, or in one window (below)
  std::vector<double> limit_dBm;
  /// [receiver][channel][source] power at the receiver input in dBm; -inf: no coupling.
  std::vector<double> contribution_dBm;
  /// Empty, or [receiver][channel]: for a receiver whose criterion holds in every reference
  /// bandwidth (sim/station/criterion.h), the share of each source's contribution in each
  /// window that can be the worst, [window][source]; the aggregate is then the largest window
  /// sum. Empty for a receiver whose criterion is over its band (the plain power sum).
  std::vector<std::vector<double>> window_fraction;
  std::vector<std::vector<std::uint8_t>> receiver_active;  ///< [set][receiver]
  std::vector<std::vector<std::uint8_t>> source_active;    ///< [set][source]
};

struct AggregateResult {
  std::size_t n_sets = 0, n_channels = 0, n_receivers = 0, n_sources = 0;
  /// [set][channel][receiver] aggregate in dBm, over the band or in the worst window as the
  /// receiver's criterion is checked; NaN where the receiver is off the air, -inf where no
  /// active source reaches it.
  std::vector<double> aggregate_dBm;
  std::vector<double> margin_dB;  ///< [set][channel][receiver] limit - aggregate; NaN when off
  /// [receiver][channel][rank] source indices by decreasing contribution (ties: lower index
  /// first), over every source regardless of schedule.
  std::vector<std::int32_t> ranking;

  std::size_t index(std::size_t set, std::size_t ch, std::size_t rx) const {
    return (set * n_channels + ch) * n_receivers + rx;
  }
};

AggregateResult aggregate_interference(const AggregateInput& in);

/// 10 log10 of a sum of powers given in dBm, summed in the order given; -inf for none.
double power_sum_dBm(const std::vector<double>& dBm);

}  // namespace akichi::sim

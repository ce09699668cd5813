// Adjacent-channel coupling between a transmitter's channel and a receiver's channel.
//
// ACIR, the adjacent channel interference ratio, combines the transmitter's adjacent channel
// leakage ratio (ACLR) and the receiver's adjacent channel selectivity (ACS):
//     ACIR = 1 / (1/ACLR + 1/ACS)            (linear ratios)
// 3GPP TR 36.942 (E-UTRA RF system scenarios, definition of ACIR) and 3GPP TR 38.803 (NR RF
// requirements study, coexistence simulations) use this definition; it is the one used here.
//
// The coupling loss is the dB to subtract from the transmitter's in-band power (over its whole
// channel) to obtain the interference power inside the receiver's channel:
//   f    = overlap(tx, rx) / bandwidth(tx)             share of tx power inside the rx band,
//                                                      the power spread uniformly over tx band
//   g    = max(0, |fc_rx - fc_tx| - (B_tx + B_rx)/2)   edge gap: distance between the nearest
//                                                      edges of the two channels, 0 when they
//                                                      touch or overlap
//   c    = f + (1 - f) * 10^(-ACIR(g)/10)              in mW per mW
//   loss = -10 log10(c)
// so that: co-channel (rx covers tx) -> 0 dB; rx inside a wider tx -> 10 log10(B_tx/B_rx)
// (less a little leakage); no overlap -> ACIR(g); a partial overlap adds the in-band share and
// the leakage of the remaining power through ACIR at zero gap, which is continuous with the
// touching case (f -> 0) and with the co-channel case (f -> 1).
// Adjacent order by centre separation Δ: for two channels of bandwidth B, g = Δ - B, so the
// first adjacent channel (Δ = B) has g = 0 and the second (Δ = 2B) has g = B. ACLR and ACS are
// masks of g (piecewise linear in dB, constant beyond their end points); a step is written as
// two points at one gap (exactly at the step the value after it applies, so a step at g = B
// gives the first adjacent channel [0, B) and the second [B, 2B) their own values). ACLR and ACS
// are applied as given, with no correction for unequal tx and rx bandwidths.
#pragma once

#include <vector>

#include "sim/spectrum/channel_plan.h"

namespace akichi::sim {

/// Attenuation (dB, >= 0) versus edge gap g (Hz, >= 0), piecewise linear; offsets
/// non-decreasing, at most two points at one offset (a step).
struct Mask {
  std::vector<double> offset_Hz;
  std::vector<double> att_dB;

  /// Attenuation at gap `offset_Hz`: linear interpolation, constant beyond the end points; at a
  /// step, the value after the step. Requires a valid, non-empty mask.
  double at(double offset_Hz) const noexcept;

  static Mask flat(double att_dB) { return Mask{{0.0}, {att_dB}}; }
};

/// Throws InputError naming `field` unless the mask is valid (see Mask).
void check_mask(const Mask& m, const std::string& field);

/// ACIR (dB) from ACLR and ACS (dB): -10 log10(10^(-ACLR/10) + 10^(-ACS/10)),
/// as defined in 3GPP TR 36.942 and used in TR 38.803.
double acir_dB(double aclr_dB, double acs_dB) noexcept;

/// Leakage of the transmitter (ACLR) and selectivity of the receiver (ACS) as masks of the edge
/// gap. Defaults: ACLR 45 dB at every gap — the NR base-station ACLR limit of 3GPP TS 38.104
/// §6.6.3.2 Table 6.6.3.2-1 (FR1, adjacent NR carrier); ACS 45 dB at every gap — an EXAMPLE
/// value (TS 38.104 §7.4 states base-station ACS as a test with interferer and wanted-signal
/// levels, not as one dB figure): set both for the equipment of the study.
struct CouplingModel {
  Mask aclr = Mask::flat(45.0);
  Mask acs = Mask::flat(45.0);
};

/// Bandwidth shared by the two channels, Hz (0 when they are disjoint or touch).
double overlap_Hz(const Channel& a, const Channel& b) noexcept;

/// Distance between the nearest edges of two channels, Hz; 0 when they touch or overlap.
double edge_gap_Hz(const Channel& a, const Channel& b) noexcept;

/// Coupling loss (dB, >= 0) from the transmitter's channel `tx` into the receiver's channel `rx`
/// (see the top of this file). Both channels need hi_Hz > lo_Hz; the model masks must be valid.
double coupling_loss_dB(const Channel& tx, const Channel& rx, const CouplingModel& m) noexcept;

/// Where the power coupled from `tx` into `rx` (the total of coupling_loss_dB) lies inside the
/// receiver's band, for criteria stated per reference bandwidth (sim/station/criterion.h):
///   - the in-band part (share f of the transmitter's power, the power spread uniformly over its
///     channel as above) lies flat over the overlap [lo_Hz, hi_Hz];
///   - the leakage, (1 - f) 10^(-ACIR/10), lies flat over the whole receiver band. ACLR (3GPP
///     TS 38.104 §6.6.3: the filtered mean power centred on the assigned channel over that
///     centred on an adjacent channel) and ACS (§7.4: the receiver's attenuation of the assigned
///     channel over that of the adjacent channel) are each a ratio of powers over a whole
///     channel, and ACIR (TR 36.942, TR 38.803) combines them into the power leaked into the
///     receiver's channel as a total: none of them says how it lies inside that channel, and the
///     receiver-limited part (filter, reciprocal mixing) falls across all of it. Flat over the
///     band is the distribution the total alone supports; where the transmitter's ACLR
///     dominates, the real leakage crowds towards the transmitter's side and a window there
///     holds more.
struct CouplingShape {
  double lo_Hz = 0, hi_Hz = 0;  ///< the overlap of the two channels (lo == hi: none)
  double in_band_share = 0;     ///< share of the coupled power flat over [lo_Hz, hi_Hz]
};

/// The shape (above) of the power coupled from `tx` into `rx`; channels and masks as for
/// coupling_loss_dB.
CouplingShape coupling_shape(const Channel& tx, const Channel& rx, const CouplingModel& m) noexcept;

/// The coupling model of a [spectrum] table: aclr_dB and acs_dB, each either a number (the same
/// at every gap) or a table {gap_MHz = [...], dB = [...]} (or gap_Hz); defaults as in
/// CouplingModel. InputError with file:line:col and the key otherwise.
CouplingModel parse_coupling(const toml_in::Section& s);

}  // namespace akichi::sim

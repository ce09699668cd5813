// How a protected receiver's criterion is applied to the interference it receives: over its
// whole band or in the worst reference bandwidth its interferers hit, and at its antenna port or
// at its receiver input.
//
// A criterion stated as a power in a reference bandwidth (for example -118 dBm per 200 kHz,
// ProtectionCriterion::Kind::Power) limits the interference's spectral density: the power in
// any reference bandwidth of the receiver's band. Two ways to check it:
//   worst_reference_bandwidth (default): I_W <= P_ref in every window W of width B_ref inside
//     the band, I_W the power of all contributions in W, each contribution lying in the band
//     as sim/spectrum/acir.h coupling_shape() says (its in-band part flat over the overlap,
//     its adjacent-channel leakage flat over the band). The window sum is piecewise linear in
//     the window's start, so its largest value is taken at a breakpoint: a start or end of the
//     window at an edge of an overlap or of the band (window_starts());
//   band_average: I <= P_ref + 10 log10(B_rx / B_ref) over the whole band (interference_limit_
//     dBm() of sim/station/station.h): an interferer on 10 MHz of a 60 MHz receiver may then
//     exceed the density in its part by 10 log10(60/10) = 7.8 dB.
// A reference bandwidth as wide as the band or wider, and an I/N criterion (a ratio of two
// powers over the receiver's band), are checked over the band in either mode.
//
// Where: interference powers are computed at the receiver input (after the feeder loss F, as
// every analysis subtracts it); a criterion stated at the antenna port (before the feeder)
// limits I + F there, so at the receiver input the limit is F lower.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "sim/spectrum/acir.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// The scenario's settings for every protected receiver ([protection], docs/scenario-format.md).
/// A station may state its own (ProtectionCriterion::mode and ::at, the station lists'
/// criterion_mode and criterion_at), which the functions below take over these.
struct CriterionSettings {
  using Mode = CriterionMode;
  using At = CriterionAt;
  Mode mode = Mode::WorstReferenceBandwidth;
  At at = At::ReceiverInput;
};

/// The settings that hold for station `s`: its own where it states them, else the scenario's.
CriterionSettings station_criterion_settings(const Station& s, const CriterionSettings& c);

/// The names of the modes and reference points, in enum order, as the scenario writes them:
/// "worst_reference_bandwidth", "band_average"; "receiver_input", "antenna_port".
const std::vector<std::string_view>& criterion_mode_names();
const std::vector<std::string_view>& criterion_at_names();

/// Whether the criterion of `s` is checked in windows narrower than its band: a power
/// criterion, the worst_reference_bandwidth mode (the station's own, else `c`'s), and a
/// reference bandwidth narrower than the band.
bool windowed_criterion(const Station& s, const CriterionSettings& c);

/// I_lim at the receiver input (dBm): the criterion's power in one reference bandwidth when
/// windowed, else the limit over the band (interference_limit_dBm()); F lower when the
/// criterion applies at the antenna port (the station's own point, else `c`'s). +inf for a
/// station without a criterion.
double criterion_limit_dBm(const Station& s, const CriterionSettings& c);

/// The bandwidth I_lim applies to (Hz): the reference bandwidth when windowed, else the band.
double criterion_bandwidth_Hz(const Station& s, const CriterionSettings& c);

/// Share (0..1) of a contribution shaped `shape` that falls in [start, start + width] of the
/// receiver band `rx`.
double window_fraction(const CouplingShape& shape, const Channel& rx, double start_Hz,
                       double width_Hz) noexcept;

/// The largest window_fraction() over the windows of `width_Hz` inside `rx` (width <= band):
/// the in-band part as far as the window covers the overlap, plus the leakage's share of the
/// window.
double worst_window_fraction(const CouplingShape& shape, const Channel& rx,
                             double width_Hz) noexcept;

/// The starts of the windows of width `width_Hz` (<= the band) whose sums include the largest
/// window sum of contributions shaped `shapes`, ascending, without repeats: the band's edges
/// and every overlap edge as a window's start or end, those inside the band.
std::vector<double> window_starts(const Channel& rx, double width_Hz,
                                  std::span<const CouplingShape> shapes);

/// [window][contribution] window_fraction() of each shape in each window of window_starts().
std::vector<double> window_fractions(const Channel& rx, double width_Hz,
                                     std::span<const CouplingShape> shapes);

/// The single-entry limit of receiver `s` on one transmitter in band `tx` (dBm, its whole
/// coupled power at the receiver input): `limit_dBm` (criterion_limit_dBm()) less 10 log10 of
/// the worst window's share of that power when windowed, else `limit_dBm` itself.
double single_entry_limit_dBm(const Station& s, const CriterionSettings& c, double limit_dBm,
                              const Channel& tx, const CouplingModel& m);

}  // namespace akichi::sim

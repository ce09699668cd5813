// Space-station (satellite) receive antenna patterns, as functions of the off-axis angle psi
// at the satellite between the antenna's boresight and the direction of interest.
//
// Implemented:
//   Recommendation ITU-R S.672-4 (1997), "Satellite antenna radiation pattern for use as a
//   design objective in the fixed-satellite service employing geostationary satellites",
//   recommends 1.1 (single-feed circular beams; psi0 one half of the 3 dB beamwidth, Gm the
//   peak gain, Ls the near-in side-lobe level relative to Gm):
//     G = Gm - 3 (psi/psi0)^2                 dBi  for psi0 <= psi <= a psi0
//     G = Gm + Ls                             dBi  for a psi0 < psi <= b psi0
//     G = Gm + Ls + 20 - 25 log(psi/psi0)     dBi  for b psi0 < psi <= psi1
//     G = 0                                   dBi  for psi1 < psi
//     Ls = -20, -25, -30 dB  ->  a = 2.58, 2.88, 3.16;  b = 6.32;
//     psi1 where the third segment reaches 0 dBi: psi1 = psi0 10^((Gm + Ls + 20) / 25).
//   Inside psi0 the Recommendation states no gain (its pattern starts at the -3 dB point);
//   akichi continues the same main-beam law Gm - 3 (psi/psi0)^2 down to psi = 0, which meets
//   Gm on the axis and the Recommendation's value at psi0.
//   Recommendation ITU-R S.1528-0 (2001), "Satellite antenna radiation patterns for
//   non-geostationary orbit satellite antennas operating in the fixed-satellite service below
//   30 GHz", recommends 1.2 (psi_b one half of the 3 dB beamwidth, LN the near-in side-lobe
//   level relative to Gm, LF the far-out side-lobe level in dBi, z the ratio of the major to
//   the minor axis of the beam; circular beams here, z = 1):
//     G = Gm - 3 (psi/psi_b)^alpha            dBi  for 0 <= psi <= a psi_b
//     G = Gm + LN + 20 log z                  dBi  for a psi_b < psi <= 0.5 b psi_b
//     G = Gm + LN                             dBi  for 0.5 b psi_b < psi <= b psi_b
//     G = X - 25 log psi                      dBi  for b psi_b < psi <= Y
//     G = LF                                  dBi  for Y < psi <= 90 deg
//     G = LB                                  dBi  for 90 deg < psi <= 180 deg
//     X = Gm + LN + 25 log(b psi_b),  Y = b psi_b 10^(0.04 (Gm + LN - LF)),
//     LB = max(15 + LN + 0.25 Gm + 5 log z, 0) dBi,
//     LN = -15, -20, -25, -30 dB  ->  a = 2.58 sqrt(1 - {1.4, 1.0, 0.6, 0.4} log z);
//     b = 6.32; alpha = 1.5.
//
// Not implemented: S.672-4 recommends 1.2 (elliptical beams) and 1.3 (multiple-feed shaped
// beams), S.1528 recommends 1.1 (the LEO pattern, 1.2 applies to any non-GSO orbit) and 1.3
// (the analytical Taylor pattern), elliptical beams (z > 1).
#pragma once

#include <string>

namespace akichi::prop {

enum class SpacePatternKind {
  kS672_4,   ///< ITU-R S.672-4 recommends 1.1 (GSO)
  kS1528_0,  ///< ITU-R S.1528-0 recommends 1.2 (non-GSO)
};

/// A pattern with its breakpoints precomputed; build it with make_space_station_pattern.
struct SpaceStationPattern {
  SpacePatternKind kind = SpacePatternKind::kS672_4;
  double Gm_dBi = 0;    ///< peak gain
  double psi0_deg = 0;  ///< one half of the 3 dB beamwidth (S.672: psi0; S.1528: psi_b)
  double Ls_dB = 0;     ///< near-in side-lobe level relative to Gm (S.672: Ls; S.1528: LN)
  double LF_dBi = 0;    ///< S.1528: far-out side-lobe level
  double a = 0, b = 6.32, alpha = 2;
  double psi1_deg = 0;                      ///< S.672: where the side-lobe envelope reaches 0 dBi
  double X_dBi = 0, Y_deg = 0, LB_dBi = 0;  ///< S.1528
};

/// The near-in side-lobe levels each Recommendation tabulates: S.672-4 {-20, -25, -30} dB,
/// S.1528-0 {-15, -20, -25, -30} dB.
bool space_pattern_accepts_ls(SpacePatternKind kind, double Ls_dB) noexcept;

/// Breakpoints of the pattern (circular beam) for peak gain Gm_dBi, full 3 dB beamwidth
/// beamwidth_deg (> 0) and near-in side-lobe level Ls_dB (one the Recommendation tabulates,
/// space_pattern_accepts_ls); LF_dBi only for S.1528. Inputs are checked by the caller.
SpaceStationPattern make_space_station_pattern(SpacePatternKind kind, double Gm_dBi,
                                               double beamwidth_deg, double Ls_dB,
                                               double LF_dBi) noexcept;

/// Gain in dBi at off-axis angle psi_deg in [0, 180] (values outside are clamped).
double space_station_gain_dBi(const SpaceStationPattern& p, double psi_deg) noexcept;

/// "s672" / "s1528".
const char* space_pattern_name(SpacePatternKind kind) noexcept;

/// Short description for logs and result attributes, e.g. "s672 Gm 40 dBi, 3 dB beamwidth
/// 1.6 deg, Ls -20 dB".
std::string describe(const SpaceStationPattern& p);

}  // namespace akichi::prop

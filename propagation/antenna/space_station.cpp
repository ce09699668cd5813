#include "propagation/antenna/space_station.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace akichi::prop {

bool space_pattern_accepts_ls(SpacePatternKind kind, double Ls_dB) noexcept {
  if (Ls_dB == -20 || Ls_dB == -25 || Ls_dB == -30) return true;
  return kind == SpacePatternKind::kS1528_0 && Ls_dB == -15;
}

SpaceStationPattern make_space_station_pattern(SpacePatternKind kind, double Gm_dBi,
                                               double beamwidth_deg, double Ls_dB,
                                               double LF_dBi) noexcept {
  SpaceStationPattern p;
  p.kind = kind;
  p.Gm_dBi = Gm_dBi;
  p.psi0_deg = 0.5 * beamwidth_deg;
  p.Ls_dB = Ls_dB;
  p.b = 6.32;
  if (kind == SpacePatternKind::kS672_4) {
    // S.672-4 recommends 1.1: a for Ls = -20, -25, -30 dB.
    p.a = Ls_dB == -20 ? 2.58 : Ls_dB == -25 ? 2.88 : 3.16;
    p.alpha = 2;
    p.psi1_deg = p.psi0_deg * std::pow(10.0, (Gm_dBi + Ls_dB + 20.0) / 25.0);
    return p;
  }
  // S.1528-0 recommends 1.2 with z = 1: log z = 0, so a = 2.58 for every LN.
  const double z = 1.0;
  const double k = Ls_dB == -15 ? 1.4 : Ls_dB == -20 ? 1.0 : Ls_dB == -25 ? 0.6 : 0.4;
  p.a = 2.58 * std::sqrt(1.0 - k * std::log10(z));
  p.alpha = 1.5;
  p.LF_dBi = LF_dBi;
  p.X_dBi = Gm_dBi + Ls_dB + 25.0 * std::log10(p.b * p.psi0_deg);
  p.Y_deg = p.b * p.psi0_deg * std::pow(10.0, 0.04 * (Gm_dBi + Ls_dB - LF_dBi));
  p.LB_dBi = std::max(15.0 + Ls_dB + 0.25 * Gm_dBi + 5.0 * std::log10(z), 0.0);
  return p;
}

double space_station_gain_dBi(const SpaceStationPattern& p, double psi_deg) noexcept {
  const double psi = std::clamp(psi_deg, 0.0, 180.0);
  const double r = psi / p.psi0_deg;
  if (p.kind == SpacePatternKind::kS672_4) {
    if (r <= p.a) return p.Gm_dBi - 3.0 * r * r;
    if (r <= p.b) return p.Gm_dBi + p.Ls_dB;
    if (psi <= p.psi1_deg) return p.Gm_dBi + p.Ls_dB + 20.0 - 25.0 * std::log10(r);
    return 0.0;
  }
  if (r <= p.a) return p.Gm_dBi - 3.0 * std::pow(r, p.alpha);
  if (r <= 0.5 * p.b) return p.Gm_dBi + p.Ls_dB;  // + 20 log z, z = 1
  if (r <= p.b) return p.Gm_dBi + p.Ls_dB;
  if (psi <= p.Y_deg) return p.X_dBi - 25.0 * std::log10(psi);
  if (psi <= 90.0) return p.LF_dBi;
  return p.LB_dBi;
}

const char* space_pattern_name(SpacePatternKind kind) noexcept {
  return kind == SpacePatternKind::kS672_4 ? "s672" : "s1528";
}

std::string describe(const SpaceStationPattern& p) {
  if (p.kind == SpacePatternKind::kS672_4) {
    return fmt::format("s672 (ITU-R S.672-4) Gm {:g} dBi, 3 dB beamwidth {:g} deg, Ls {:g} dB",
                       p.Gm_dBi, 2 * p.psi0_deg, p.Ls_dB);
  }
  return fmt::format(
      "s1528 (ITU-R S.1528-0 rec. 1.2) Gm {:g} dBi, 3 dB beamwidth {:g} deg, LN {:g} dB, LF {:g} "
      "dBi",
      p.Gm_dBi, 2 * p.psi0_deg, p.Ls_dB, p.LF_dBi);
}

}  // namespace akichi::prop

// Municipal eligibility (市区町村単位の判定) of the 4.6-4.8 GHz local 5G sub-band: a municipality
// is eligible for indoor local 5G when no cell inside it is a point where the public-service
// systems (公共業務用無線局) risk interference ("被干渉のおそれがある地点がない"), the rule of the
// MIC rules file's [band.municipal_eligibility] (sim/scenario/mic_rules.h).
//
// A cell is such a point when a reference local 5G base station there -- omnidirectional, at the
// rule's reference EIRP over a channel of the sub-band, less the band's building entry loss when
// the rule is indoor only -- would take a public-service receiver beyond its criterion, on some
// channel of the sub-band and at some height of the study. This is the single-entry limit of the
// vacancy search (sim/analysis/vacancy.h) for one receiver i, channel k, height h and cell c:
//   EIRP_max,i = a_ik - K_i(h, c)
// with a_ik = I_lim,i + F_i + C(k -> i) - T_i and K_i the coupling tensor of receiver i (the
// same terms and tensors as the vacancy cube's, before its system-maximum cap), so that the
// margin of the reference station is
//   m_ikh(c) = a_ik - K_i(h, c) + L_BEL(f_k) - EIRP_ref    (dB; < 0: the criterion is exceeded)
// A municipality's worst margin is the least m over its cells, receivers, channels and heights;
// it is eligible when that is >= 0 (docs/methods.md, "Municipal eligibility").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace akichi::sim {

struct MunicipalInput {
  std::size_t n_municipalities = 0, n_heights = 0, n_cells = 0, n_channels = 0;
  std::vector<std::int32_t> owner;  ///< [cell] municipality index, -1 outside every one
  struct Receiver {
    std::span<const float> coupling_dB;  ///< K_i, [height][cell]
    std::vector<double> a_dB;            ///< [channel] a_ik; +inf: the channel cannot reach it
  };
  std::vector<Receiver> receivers;  ///< the public-service receivers
  double reference_eirp_dBm = 0;
  std::vector<double> entry_loss_dB;  ///< [channel] L_BEL at the channel's centre; 0 outdoors
};

/// What binds a municipality: where its worst margin is.
struct MunicipalBinding {
  std::int32_t receiver = -1;  ///< index in MunicipalInput::receivers; -1: none reaches it
  std::int32_t channel = -1, height = -1;
  std::int64_t cell = -1;
};

struct MunicipalResult {
  std::vector<std::size_t> cells;         ///< [municipality] cells whose centre is inside
  std::vector<double> worst_margin_dB;    ///< [municipality]; +inf: no receiver reaches it
  std::vector<std::uint8_t> eligible;     ///< [municipality] 1 eligible, 0 not
  std::vector<MunicipalBinding> binding;  ///< [municipality]
  /// [cell] the least margin over receivers, channels and heights (+inf: none reaches the cell);
  /// NaN outside every municipality
  std::vector<float> cell_margin_dB;
};

/// The municipal eligibility of a run (sim/analysis/municipal_run.h): the reduction and what it
/// was computed from.
struct MunicipalRun {
  bool done = false;
  std::vector<std::int32_t> owner;     ///< [cell] index in MunicipalSpec::boundaries, -1 outside
  std::vector<std::size_t> receivers;  ///< database index of each public-service receiver
  std::vector<double> entry_loss_dB;   ///< [sub-band channel]
  MunicipalResult result;
};

/// The reduction. Ties keep the first found in the order receiver, channel, height, cell, so the
/// result does not depend on anything but the input. A coupling value that is NaN (not computed)
/// is no exceedance. Throws RuntimeError on inconsistent sizes.
MunicipalResult municipal_eligibility(const MunicipalInput& in);

}  // namespace akichi::sim

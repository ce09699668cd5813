#include "sim/analysis/municipal.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::sim {

MunicipalResult municipal_eligibility(const MunicipalInput& in) {
  const std::size_t nm = in.n_municipalities, nc = in.n_cells, nh = in.n_heights;
  const std::size_t nk = in.n_channels;
  if (in.owner.size() != nc || in.entry_loss_dB.size() != nk)
    throw RuntimeError(
        fmt::format("municipal eligibility: {} cell owners for {} cells, {} entry "
                    "losses for {} channels",
                    in.owner.size(), nc, in.entry_loss_dB.size(), nk));
  for (const MunicipalInput::Receiver& r : in.receivers)
    if (r.coupling_dB.size() != nh * nc || r.a_dB.size() != nk)
      throw RuntimeError(
          fmt::format("municipal eligibility: a receiver with {} coupling values "
                      "and {} channel terms, expected {} and {}",
                      r.coupling_dB.size(), r.a_dB.size(), nh * nc, nk));
  constexpr double kInf = std::numeric_limits<double>::infinity();
  MunicipalResult out;
  out.cells.assign(nm, 0);
  out.worst_margin_dB.assign(nm, kInf);
  out.binding.assign(nm, MunicipalBinding{});
  out.cell_margin_dB.assign(nc, std::numeric_limits<float>::quiet_NaN());
  std::vector<double> cell_min(nc, kInf);
  for (std::size_t c = 0; c < nc; ++c) {
    if (in.owner[c] < 0) continue;
    const auto m = static_cast<std::size_t>(in.owner[c]);
    if (m >= nm)
      throw RuntimeError(
          fmt::format("municipal eligibility: cell {} owned by municipality {} of {}", c, m, nm));
    ++out.cells[m];
  }
  for (std::size_t i = 0; i < in.receivers.size(); ++i) {
    const MunicipalInput::Receiver& r = in.receivers[i];
    for (std::size_t k = 0; k < nk; ++k) {
      if (r.a_dB[k] == kInf) continue;
      // m = a_ik + L_BEL - EIRP_ref - K: the part that does not depend on the cell first.
      const double base = r.a_dB[k] + in.entry_loss_dB[k] - in.reference_eirp_dBm;
      for (std::size_t h = 0; h < nh; ++h) {
        const float* K = r.coupling_dB.data() + h * nc;
        for (std::size_t c = 0; c < nc; ++c) {
          if (in.owner[c] < 0 || std::isnan(K[c])) continue;
          const double margin = base - static_cast<double>(K[c]);
          if (margin < cell_min[c]) cell_min[c] = margin;
          const auto m = static_cast<std::size_t>(in.owner[c]);
          if (margin < out.worst_margin_dB[m]) {
            out.worst_margin_dB[m] = margin;
            out.binding[m] = {static_cast<std::int32_t>(i), static_cast<std::int32_t>(k),
                              static_cast<std::int32_t>(h), static_cast<std::int64_t>(c)};
          }
        }
      }
    }
  }
  for (std::size_t c = 0; c < nc; ++c)
    if (in.owner[c] >= 0) out.cell_margin_dB[c] = static_cast<float>(cell_min[c]);
  out.eligible.resize(nm);
  for (std::size_t m = 0; m < nm; ++m) out.eligible[m] = out.worst_margin_dB[m] >= 0.0 ? 1 : 0;
  return out;
}

}  // namespace akichi::sim

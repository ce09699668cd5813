#include "sim/analysis/municipal_run.h"

#include <span>

#include "sim/analysis/sharing_terms.h"

namespace akichi::sim {

bool public_service_receiver(const Station& st) {
  return st.role == StationRole::Incumbent && st.receives;
}

MunicipalRun run_municipal(const Scenario& sc, const SharingRun& run) {
  const SharingSpec& sh = sc.sharing;
  const MunicipalSpec& mu = sh.municipal;
  const MicMunicipalRule& rule = mu.rule();
  const std::span<const Station> db = sc.stations.database();
  const std::size_t cells = sc.grid.cells(), nh = sc.grid.heights_m.size();

  MunicipalRun out;
  out.owner = prop::assign_cells(sc.grid, mu.boundaries.municipalities);
  MunicipalInput in;
  in.n_municipalities = mu.boundaries.municipalities.size();
  in.n_heights = nh;
  in.n_cells = cells;
  in.n_channels = mu.channels.size();
  in.owner = out.owner;
  in.reference_eirp_dBm = rule.reference_eirp_dBm;
  for (const std::size_t k : mu.channels) {
    // The reference station is indoors when the rule allows indoor use only: the band's
    // building entry loss at the channel's centre (P.2109-2 eq. (1), or the fixed value).
    const Channel& ch = sh.channels[k];
    in.entry_loss_dB.push_back(rule.indoor_only
                                   ? building_entry_loss_dB(mu.band_rule().building_entry_loss,
                                                            0.5 * (ch.lo_Hz + ch.hi_Hz))
                                   : 0.0);
  }
  for (std::size_t i = 0; i < db.size(); ++i) {
    const Station& st = db[i];
    if (!public_service_receiver(st)) continue;
    MunicipalInput::Receiver r;
    r.coupling_dB = std::span<const float>(run.coupling_dB).subspan(i * nh * cells, nh * cells);
    const double tdd = newcomer_tdd_dB(sh.vacancy, st);
    for (const std::size_t k : mu.channels) {
      r.a_dB.push_back(
          vacancy_receiver_term_dB(sh, st, run.interference_limit_dBm[i], sh.channels[k], tdd));
    }
    in.receivers.push_back(std::move(r));
    out.receivers.push_back(i);
  }
  out.entry_loss_dB = in.entry_loss_dB;
  out.result = municipal_eligibility(in);
  out.done = true;
  return out;
}

}  // namespace akichi::sim

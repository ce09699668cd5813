#include "sim/analysis/sharing_terms.h"

#include <cmath>
#include <limits>

#include "propagation/engine/model_registry.h"
#include "sim/analysis/sharing_run.h"
#include "sim/spectrum/acir.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

prop::ModelConfig model_for(const prop::ModelConfig& base, const Station& st) {
  prop::ModelConfig m = base;
  const prop::ModelEntry& e = prop::model_entry(base.name);
  if (st.criterion.time_percent && !e.time_percent_parameter.empty()) {
    e.parameter(e.time_percent_parameter)->set(m, *st.criterion.time_percent);
  }
  return m;
}

Channel band_of(const Station& st) {
  return Channel{st.id, st.freq_lo_Hz, st.freq_hi_Hz};
}

double database_eirp_dBm(const Station& st, double antenna_max_gain_dBi) {
  return std::isnan(st.eirp_dBm) ? st.tx_power_dBm.value_or(0.0) + antenna_max_gain_dBi
                                 : st.eirp_dBm;
}

double newcomer_limit_dBm(const VacancySpec& v, const Channel& k) {
  return thermal_noise_dBm(k.bandwidth_Hz(), v.noise_figure_dB) + v.i_over_n_dB;
}

double newcomer_tdd_dB(const VacancySpec& v, const Station& st) {
  return is_base(st) ? tdd_correction_dB(v.tdd, v.tdd_overlap, st.tdd, st.tdd_overlap) : 0.0;
}

double vacancy_receiver_term_dB(const SharingSpec& sh, const Station& st, double limit_dBm,
                                const Channel& k, double tdd_dB) {
  if (tdd_dB == -kInf) return kInf;
  // The newcomer's power in the receiver's worst reference bandwidth (criterion.h).
  limit_dBm = single_entry_limit_dBm(st, sh.criteria, limit_dBm, k, sh.coupling);
  return limit_dBm + st.feeder_loss_dB + coupling_loss_dB(k, band_of(st), sh.coupling) - tdd_dB;
}

double vacancy_transmitter_term_dB(const SharingSpec& sh, const Station& st, double eirp_dBm,
                                   double antenna_max_gain_dBi, const Channel& k, double tdd_dB) {
  if (tdd_dB == -kInf) return -kInf;
  return eirp_dBm - antenna_max_gain_dBi - coupling_loss_dB(band_of(st), k, sh.coupling) + tdd_dB +
         sh.vacancy.antenna_gain_dBi;
}

}  // namespace akichi::sim

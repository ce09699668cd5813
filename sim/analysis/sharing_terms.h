// The per-station terms of the sharing analyses, shared by the batch run (sim/analysis/
// sharing_run.h) and the live engine (sim/live/live_engine.h) so that both give the same bits:
// the model of the paths into a station, its band, EIRP, and the vacancy terms a_ik and b_jk
// (sim/analysis/vacancy.h).
#pragma once

#include "propagation/engine/model_config.h"
#include "sim/scenario/sharing_spec.h"
#include "sim/spectrum/channel_plan.h"
#include "sim/station/station.h"

namespace akichi::sim {

/// The scenario's model, with the time percentage of a receiver's short-term criterion where
/// the model has one (its registry entry's time_percent_parameter: P.452, P.1812, ITM): the
/// paths into that receiver are then the losses not exceeded for that percentage of time.
prop::ModelConfig model_for(const prop::ModelConfig& base, const Station& st);

/// The station's band as a channel named by its id.
Channel band_of(const Station& st);

inline bool is_base(const Station& st) {
  return st.role == StationRole::Local5gBase;
}

/// EIRP of a database station once its antenna is built: eirp_dBm, or (NaN) the conducted power
/// (0 dBm when absent) plus the antenna's maximum gain.
double database_eirp_dBm(const Station& st, double antenna_max_gain_dBi);

/// I_lim,new(k): the interference a new base station on channel `k` accepts, N + I/N with the
/// candidate's noise figure.
double newcomer_limit_dBm(const VacancySpec& v, const Channel& k);

/// T_i: the TDD correction between the candidate of [vacancy] and database station `st` (0 dB
/// unless `st` is a local 5G base station).
double newcomer_tdd_dB(const VacancySpec& v, const Station& st);

/// a_ik = I_lim,i + F_i + C(k -> i) - T_i (G_max,new - G_new = 0: omnidirectional candidate);
/// +inf when T_i = -inf (the candidate never collides with the receiver). `limit_dBm` is
/// criterion_limit_dBm() (sim/station/criterion.h); for a windowed criterion, I_lim,i is that
/// less 10 log10 of the share of the newcomer's power in the receiver's worst window.
double vacancy_receiver_term_dB(const SharingSpec& sh, const Station& st, double limit_dBm,
                                const Channel& k, double tdd_dB);

/// b_jk = EIRP_j - G_max,j - C(j -> k) + T_j + G_new; -inf when T_j = -inf.
double vacancy_transmitter_term_dB(const SharingSpec& sh, const Station& st, double eirp_dBm,
                                   double antenna_max_gain_dBi, const Channel& k, double tdd_dB);

}  // namespace akichi::sim

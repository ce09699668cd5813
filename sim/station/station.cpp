#include "sim/station/station.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/spectrum/link_budget.h"

namespace akichi::sim {

Stations::Stations(std::vector<Station> database, std::vector<Station> planned)
    : all_(std::move(database)), n_database_(all_.size()) {
  for (const Station& st : all_) {
    if (st.planned())
      throw RuntimeError("station " + st.id + ": a planned station in the database");
  }
  for (Station& st : planned) {
    if (!st.planned()) throw RuntimeError("station " + st.id + ": not a planned station");
    all_.push_back(std::move(st));
  }
}

const char* role_name(StationRole role) {
  switch (role) {
    case StationRole::Incumbent:
      return "incumbent";
    case StationRole::Local5gBase:
      return "local5g_base";
    case StationRole::Local5gTerminal:
      return "local5g_terminal";
    case StationRole::PlannedBase:
      return "planned";
  }
  return "";
}

const std::vector<std::string_view>& tdd_names() {
  static const std::vector<std::string_view> names{"none", "synchronous", "quasi_synchronous",
                                                   "unsynchronised"};
  return names;
}

const char* tdd_name(TddMode mode) {
  return tdd_names()[static_cast<std::size_t>(mode)].data();
}

TddMode tdd_of(std::string_view name) {
  const auto& names = tdd_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw RuntimeError("unknown TDD mode \"" + std::string(name) + "\"");
  return static_cast<TddMode>(it - names.begin());
}

double station_eirp_dBm(const Station& station, double antenna_max_gain_dBi) {
  if (!std::isnan(station.eirp_dBm)) return station.eirp_dBm;
  return station.tx_power_dBm.value_or(0.0) + antenna_max_gain_dBi;
}

double noise_power_dBm(const Station& s, double bandwidth_Hz) {
  // A noise temperature when given (N = k T B), else T0 with the noise figure (N = k T0 B F).
  if (s.noise_temperature_K) {
    return mw_to_dbm(kBoltzmann_J_per_K * *s.noise_temperature_K * bandwidth_Hz * 1e3);
  }
  return thermal_noise_dBm(bandwidth_Hz, s.noise_figure_dB.value_or(0.0));
}

double interference_limit_dBm(const Station& s) {
  const double band_Hz = s.freq_hi_Hz - s.freq_lo_Hz;
  switch (s.criterion.kind) {
    case ProtectionCriterion::Kind::IOverN:
      return noise_power_dBm(s, band_Hz) + s.criterion.i_over_n_dB;
    case ProtectionCriterion::Kind::Power:
      return s.criterion.power_dBm + 10.0 * std::log10(band_Hz / s.criterion.ref_bandwidth_Hz);
    case ProtectionCriterion::Kind::None:
      break;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace akichi::sim

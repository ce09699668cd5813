#include "sim/station/criterion.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace akichi::sim {

const std::vector<std::string_view>& criterion_mode_names() {
  static const std::vector<std::string_view> names{"worst_reference_bandwidth", "band_average"};
  return names;
}

const std::vector<std::string_view>& criterion_at_names() {
  static const std::vector<std::string_view> names{"receiver_input", "antenna_port"};
  return names;
}

CriterionSettings station_criterion_settings(const Station& s, const CriterionSettings& c) {
  CriterionSettings out = c;
  if (s.criterion.mode) out.mode = *s.criterion.mode;
  if (s.criterion.at) out.at = *s.criterion.at;
  return out;
}

bool windowed_criterion(const Station& s, const CriterionSettings& c) {
  return station_criterion_settings(s, c).mode ==
             CriterionSettings::Mode::WorstReferenceBandwidth &&
         s.criterion.kind == ProtectionCriterion::Kind::Power &&
         s.criterion.ref_bandwidth_Hz < s.freq_hi_Hz - s.freq_lo_Hz;
}

double criterion_limit_dBm(const Station& s, const CriterionSettings& c) {
  if (s.criterion.kind == ProtectionCriterion::Kind::None)
    return std::numeric_limits<double>::infinity();
  const double at = windowed_criterion(s, c) ? s.criterion.power_dBm : interference_limit_dBm(s);
  return station_criterion_settings(s, c).at == CriterionSettings::At::AntennaPort
             ? at - s.feeder_loss_dB
             : at;
}

double criterion_bandwidth_Hz(const Station& s, const CriterionSettings& c) {
  return windowed_criterion(s, c) ? s.criterion.ref_bandwidth_Hz : s.freq_hi_Hz - s.freq_lo_Hz;
}

double window_fraction(const CouplingShape& shape, const Channel& rx, double start_Hz,
                       double width_Hz) noexcept {
  const double overlap = shape.hi_Hz - shape.lo_Hz;
  double in = 0.0;
  if (overlap > 0.0) {
    const double covered =
        std::max(0.0, std::min(shape.hi_Hz, start_Hz + width_Hz) - std::max(shape.lo_Hz, start_Hz));
    in = shape.in_band_share * covered / overlap;
  }
  return in + (1.0 - shape.in_band_share) * width_Hz / rx.bandwidth_Hz();
}

double worst_window_fraction(const CouplingShape& shape, const Channel& rx,
                             double width_Hz) noexcept {
  // The overlap lies inside the band, so a window of the band can cover min(overlap, width) of it.
  const double overlap = shape.hi_Hz - shape.lo_Hz;
  const double in =
      overlap > 0.0 ? shape.in_band_share * std::min(overlap, width_Hz) / overlap : 0.0;
  return in + (1.0 - shape.in_band_share) * width_Hz / rx.bandwidth_Hz();
}

std::vector<double> window_starts(const Channel& rx, double width_Hz,
                                  std::span<const CouplingShape> shapes) {
  // The window sum is continuous and linear in the start between the starts at which one of
  // the window's ends crosses an overlap edge: its maximum is at such a start or at the band's
  // ends.
  const double first = rx.lo_Hz, last = rx.hi_Hz - width_Hz;
  std::vector<double> starts{first, last};
  for (const CouplingShape& s : shapes) {
    if (s.hi_Hz <= s.lo_Hz) continue;
    for (const double a : {s.lo_Hz, s.hi_Hz, s.lo_Hz - width_Hz, s.hi_Hz - width_Hz})
      if (a > first && a < last) starts.push_back(a);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}

std::vector<double> window_fractions(const Channel& rx, double width_Hz,
                                     std::span<const CouplingShape> shapes) {
  const std::vector<double> starts = window_starts(rx, width_Hz, shapes);
  std::vector<double> f;
  f.reserve(starts.size() * shapes.size());
  for (const double a : starts)
    for (const CouplingShape& s : shapes) f.push_back(window_fraction(s, rx, a, width_Hz));
  return f;
}

double single_entry_limit_dBm(const Station& s, const CriterionSettings& c, double limit_dBm,
                              const Channel& tx, const CouplingModel& m) {
  if (!windowed_criterion(s, c)) return limit_dBm;
  const Channel rx{s.id, s.freq_lo_Hz, s.freq_hi_Hz};
  return limit_dBm - 10.0 * std::log10(worst_window_fraction(coupling_shape(tx, rx, m), rx,
                                                             s.criterion.ref_bandwidth_Hz));
}

}  // namespace akichi::sim

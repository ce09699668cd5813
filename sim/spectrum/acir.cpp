#include "sim/spectrum/acir.h"

#include <algorithm>
#include <cmath>

#include "base/errors.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

double Mask::at(double x) const noexcept {
  // First point beyond x; at a step (two points at one gap) x == gap takes the value after
  // the step, so a step at gap B gives [0, B) one value and [B, ...) the next.
  const auto next = std::upper_bound(offset_Hz.begin(), offset_Hz.end(), x);
  if (next == offset_Hz.begin()) return att_dB.front();
  if (next == offset_Hz.end()) return att_dB.back();
  const auto j =
      static_cast<std::size_t>(next - offset_Hz.begin());  // offset[j-1] <= x < offset[j]
  const double t = (x - offset_Hz[j - 1]) / (offset_Hz[j] - offset_Hz[j - 1]);
  return att_dB[j - 1] + t * (att_dB[j] - att_dB[j - 1]);
}

void check_mask(const Mask& m, const std::string& field) {
  using toml_in::num;
  if (m.offset_Hz.empty() || m.offset_Hz.size() != m.att_dB.size())
    throw_input_error({}, field,
                      std::to_string(m.offset_Hz.size()) + " gaps and " +
                          std::to_string(m.att_dB.size()) + " attenuations",
                      "as many gaps as attenuations, at least one");
  for (std::size_t i = 0; i < m.offset_Hz.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (!std::isfinite(m.offset_Hz[i]) || m.offset_Hz[i] < 0)
      throw_input_error({}, f, "gap " + num(m.offset_Hz[i]) + " Hz", "a gap >= 0 Hz");
    if (!std::isfinite(m.att_dB[i]) || m.att_dB[i] < 0)
      throw_input_error({}, f, num(m.att_dB[i]) + " dB", "an attenuation >= 0 dB");
    if (i > 0 && m.offset_Hz[i] < m.offset_Hz[i - 1])
      throw_input_error({}, f,
                        "gap " + num(m.offset_Hz[i]) + " Hz after " + num(m.offset_Hz[i - 1]),
                        "gaps in non-decreasing order");
    if (i > 1 && m.offset_Hz[i] == m.offset_Hz[i - 2])
      throw_input_error({}, f, "a third point at gap " + num(m.offset_Hz[i]) + " Hz",
                        "at most two points at one gap (a step)");
  }
}

double acir_dB(double aclr_dB, double acs_dB) noexcept {
  // ACIR = 1 / (1/ACLR + 1/ACS), linear (3GPP TR 36.942 ACIR definition; TR 38.803).
  return -10.0 * std::log10(std::pow(10.0, -aclr_dB / 10.0) + std::pow(10.0, -acs_dB / 10.0));
}

double overlap_Hz(const Channel& a, const Channel& b) noexcept {
  return std::max(0.0, std::min(a.hi_Hz, b.hi_Hz) - std::max(a.lo_Hz, b.lo_Hz));
}

double edge_gap_Hz(const Channel& a, const Channel& b) noexcept {
  return std::max(0.0, std::max(a.lo_Hz, b.lo_Hz) - std::min(a.hi_Hz, b.hi_Hz));
}

double coupling_loss_dB(const Channel& tx, const Channel& rx, const CouplingModel& m) noexcept {
  const double f = std::min(1.0, overlap_Hz(tx, rx) / tx.bandwidth_Hz());  // in-band share
  const double g = edge_gap_Hz(tx, rx);
  const double leak = std::pow(10.0, -acir_dB(m.aclr.at(g), m.acs.at(g)) / 10.0);
  return -10.0 * std::log10(f + (1.0 - f) * leak);  // power sum in mW of both parts
}

CouplingShape coupling_shape(const Channel& tx, const Channel& rx,
                             const CouplingModel& m) noexcept {
  // The two parts of coupling_loss_dB, each as a share of their sum.
  const double f = std::min(1.0, overlap_Hz(tx, rx) / tx.bandwidth_Hz());
  const double leak = std::pow(10.0, -acir_dB(m.aclr.at(0.0), m.acs.at(0.0)) / 10.0);
  CouplingShape s;
  s.lo_Hz = std::max(tx.lo_Hz, rx.lo_Hz);
  s.hi_Hz = std::max(s.lo_Hz, std::min(tx.hi_Hz, rx.hi_Hz));
  if (f <= 0.0) return s;  // leakage only (at the edge gap's ACIR): flat over the band
  s.in_band_share = f / (f + (1.0 - f) * leak);
  return s;
}

namespace {

Mask parse_mask(const toml_in::Section& s, std::string_view key, const Mask& fallback) {
  using namespace toml_in;
  const toml::node* n = s.get(key);
  if (n == nullptr) return fallback;
  const std::string expected = "a number (dB) or a table {gap_MHz = [...], dB = [...]}";
  if (n->is_number()) return Mask::flat(*s.number(key, closed(0, 300, "dB")));
  const toml::table* t = n->as_table();
  if (t == nullptr) s.fail(key, describe(*n), expected);
  const Section m(s.ctx(), *t, s.field(key));
  m.check_keys({"gap_Hz", "gap_MHz", "dB"});
  const int k = m.one_of({"gap_Hz", "gap_MHz"}, true);
  const std::string_view gap_key = k == 0 ? "gap_Hz" : "gap_MHz";
  std::vector<double> gap = *m.numbers(gap_key, at_least(0, k == 0 ? "Hz" : "MHz"));
  for (double& g : gap) g *= (k == 0 ? 1.0 : 1e6);
  if (!m.has("dB")) m.missing("dB", "an array of attenuations (dB), one per gap");
  const std::vector<double> att = *m.numbers("dB", closed(0, 300, "dB"));
  if (gap.empty()) m.fail(gap_key, "an empty array", "at least one gap");
  if (att.size() != gap.size())
    m.fail("dB", std::to_string(att.size()) + " values for " + std::to_string(gap.size()) + " gaps",
           "one attenuation per gap");
  for (std::size_t i = 1; i < gap.size(); ++i) {
    if (gap[i] < gap[i - 1])
      m.fail(gap_key, "gaps out of order at [" + std::to_string(i) + "]",
             "gaps in non-decreasing order");
    if (i > 1 && gap[i] == gap[i - 2])
      m.fail(gap_key, "three points at one gap at [" + std::to_string(i) + "]",
             "at most two points at one gap (a step)");
  }
  return Mask{std::move(gap), att};
}

}  // namespace

CouplingModel parse_coupling(const toml_in::Section& s) {
  s.check_keys(spectrum_keys());
  const CouplingModel defaults;
  CouplingModel m;
  m.aclr = parse_mask(s, "aclr_dB", defaults.aclr);
  m.acs = parse_mask(s, "acs_dB", defaults.acs);
  return m;
}

}  // namespace akichi::sim

// ITU-R M.2101-0 Annex 1 §5 array antenna (see m2101_array.h for the equations and the scope).
#include "propagation/antenna/m2101_array.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

#include <fmt/format.h>

namespace akichi::prop {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

/// |sum_{k=0}^{n-1} exp(j k x)|^2, summed term by term (the M.2101 §5.2 sum along one axis).
double axis_power(int n, double x) noexcept {
  const std::complex<double> step(std::cos(x), std::sin(x));
  std::complex<double> term(1.0, 0.0), sum(0.0, 0.0);
  for (int k = 0; k < n; ++k) {
    sum += term;
    term *= step;
  }
  return std::norm(sum);
}

/// Phase increments per element along each axis for local direction (theta, phi) and `beam`:
/// the exponents of v_n,m w_i,n,m of M.2101 Table 4 for n - 1 = 1 (vertical) and m - 1 = 1
/// (horizontal).
struct AxisPhases {
  double vertical, horizontal;
};
AxisPhases axis_phases(double theta_deg, double phi_deg, const M2101ArrayParams& p,
                       const M2101Beam& b) noexcept {
  const double th = theta_deg * kDegToRad, ph = phi_deg * kDegToRad;
  const double tilt = b.theta_etilt_deg * kDegToRad, scan = b.phi_escan_deg * kDegToRad;
  return {kTwoPi * p.d_V * (std::cos(th) + std::sin(tilt)),
          kTwoPi * p.d_H * (std::sin(th) * std::sin(ph) - std::cos(tilt) * std::sin(scan))};
}

double power_dB(double linear) noexcept {
  return linear > 0 ? 10.0 * std::log10(linear) : -std::numeric_limits<double>::infinity();
}

}  // namespace

double m2101_correlated(double x, double rho) noexcept {
  return rho == 1.0 ? x : 1.0 + rho * (x - 1.0);
}

double m2101_element_dBi(double theta_deg, double phi_deg, const M2101ArrayParams& p) noexcept {
  const double xh = wrap_pm180_deg(phi_deg) / p.phi_3dB_deg;
  const double xv = (theta_deg - 90.0) / p.theta_3dB_deg;
  const double A_EH = -std::min(12.0 * xh * xh, p.A_m_dB);    // Table 4, A_E,H
  const double A_EV = -std::min(12.0 * xv * xv, p.SLA_v_dB);  // Table 4, A_E,V
  return p.G_E_max_dBi - std::min(-(A_EH + A_EV), p.A_m_dB);  // Table 4, A_E
}

double m2101_array_factor_dB(double theta_deg, double phi_deg, const M2101ArrayParams& p,
                             const M2101Beam& beam) noexcept {
  const AxisPhases x = axis_phases(theta_deg, phi_deg, p, beam);
  // |sum_n sum_m w v|^2 = |sum_n e^{j(n-1)x_V}|^2 |sum_m e^{j(m-1)x_H}|^2 / (N_H N_V)
  return power_dB(m2101_correlated(axis_power(p.N_V, x.vertical) * axis_power(p.N_H, x.horizontal) /
                                       (static_cast<double>(p.N_H) * p.N_V),
                                   p.rho));
}

double m2101_beam_dBi(double theta_deg, double phi_deg, const M2101ArrayParams& p,
                      const M2101Beam& beam) noexcept {
  return m2101_element_dBi(theta_deg, phi_deg, p) +
         m2101_array_factor_dB(theta_deg, phi_deg, p, beam);
}

std::vector<M2101Beam> m2101_beam_grid(double escan_min_deg, double escan_max_deg,
                                       double escan_step_deg, double etilt_min_deg,
                                       double etilt_max_deg, double etilt_step_deg) {
  // Counted by index, not by accumulating the step, so that max is reached without drift.
  const auto count = [](double lo, double hi, double step) {
    return static_cast<int>(std::floor((hi - lo) / step + 1e-9)) + 1;
  };
  std::vector<M2101Beam> beams;
  const int ns = count(escan_min_deg, escan_max_deg, escan_step_deg);
  const int nt = count(etilt_min_deg, etilt_max_deg, etilt_step_deg);
  for (int t = 0; t < nt; ++t)
    for (int s = 0; s < ns; ++s)
      beams.push_back({escan_min_deg + s * escan_step_deg, etilt_min_deg + t * etilt_step_deg});
  return beams;
}

M2101ArrayAntenna::M2101ArrayAntenna(const M2101ArrayParams& params, const M2101Beam& beam,
                                     double azimuth_deg, double downtilt_deg)
    : params_(params), beams_{beam}, orientation_(azimuth_deg, downtilt_deg) {
  find_max_gain();
}

M2101ArrayAntenna::M2101ArrayAntenna(const M2101ArrayParams& params, std::vector<M2101Beam> beams,
                                     double azimuth_deg, double downtilt_deg)
    : params_(params), beams_(std::move(beams)), orientation_(azimuth_deg, downtilt_deg) {
  tabulate();
  find_max_gain();
}

double M2101ArrayAntenna::exact_local_gain_dBi(double theta_deg, double phi_deg) const noexcept {
  const double element = m2101_element_dBi(theta_deg, phi_deg, params_);
  double best = 0;  // the largest |sum w v|^2 over the beams
  for (const M2101Beam& b : beams_) {
    const AxisPhases x = axis_phases(theta_deg, phi_deg, params_, b);
    best =
        std::max(best, axis_power(params_.N_V, x.vertical) * axis_power(params_.N_H, x.horizontal));
  }
  return element + power_dB(m2101_correlated(
                       best / (static_cast<double>(params_.N_H) * params_.N_V), params_.rho));
}

void M2101ArrayAntenna::tabulate() {
  n_theta_ = static_cast<int>(std::lround(180.0 / kEnvelopeStep_deg)) + 1;
  n_phi_ = static_cast<int>(std::lround(360.0 / kEnvelopeStep_deg)) + 1;
  table_.resize(static_cast<std::size_t>(n_theta_) * static_cast<std::size_t>(n_phi_));
  const double norm = static_cast<double>(params_.N_H) * params_.N_V;
  // The same sums as exact_local_gain_dBi, arranged for the grid: the vertical sum of a beam
  // depends on theta alone (one per row), the horizontal one on sin(theta) sin(phi).
  std::vector<double> sin_tilt(beams_.size()), cos_tilt_sin_scan(beams_.size());
  for (std::size_t b = 0; b < beams_.size(); ++b) {
    sin_tilt[b] = std::sin(beams_[b].theta_etilt_deg * kDegToRad);
    cos_tilt_sin_scan[b] = std::cos(beams_[b].theta_etilt_deg * kDegToRad) *
                           std::sin(beams_[b].phi_escan_deg * kDegToRad);
  }
  std::vector<double> vertical(beams_.size());
  const double h_max = static_cast<double>(params_.N_H) * params_.N_H;
  for (int i = 0; i < n_theta_; ++i) {
    const double theta = i * kEnvelopeStep_deg;
    const double cos_theta = std::cos(theta * kDegToRad), sin_theta = std::sin(theta * kDegToRad);
    for (std::size_t b = 0; b < beams_.size(); ++b)
      vertical[b] = axis_power(params_.N_V, kTwoPi * params_.d_V * (cos_theta + sin_tilt[b]));
    for (int j = 0; j < n_phi_; ++j) {
      const double phi = -180.0 + j * kEnvelopeStep_deg;
      const double u = sin_theta * std::sin(phi * kDegToRad);
      double best = 0;
      for (std::size_t b = 0; b < beams_.size(); ++b) {
        // The horizontal sum is at most N_H^2: a beam whose vertical sum cannot win is skipped.
        if (vertical[b] * h_max <= best) continue;
        best = std::max(
            best, vertical[b] *
                      axis_power(params_.N_H, kTwoPi * params_.d_H * (u - cos_tilt_sin_scan[b])));
      }
      // Linear power gain: element (dB -> linear) times the array factor.
      const double g = std::pow(10.0, 0.1 * m2101_element_dBi(theta, phi, params_)) *
                       m2101_correlated(best / norm, params_.rho);
      table_[static_cast<std::size_t>(i) * static_cast<std::size_t>(n_phi_) +
             static_cast<std::size_t>(j)] = static_cast<float>(g);
    }
  }
}

void M2101ArrayAntenna::find_max_gain() {
  if (is_envelope()) {
    // Bilinear interpolation never exceeds its largest node.
    max_gain_dBi_ = power_dB(*std::max_element(table_.begin(), table_.end()));
    return;
  }
  // A fixed beam: its steering direction, and a 0.5-degree search around the sphere (the
  // element pattern can pull the maximum off the steering direction).
  const M2101Beam& b = beams_.front();
  double best = exact_local_gain_dBi(90.0 + b.theta_etilt_deg, b.phi_escan_deg);
  for (int i = 0; i <= 360; ++i)
    for (int j = 0; j <= 720; ++j)
      best = std::max(best, exact_local_gain_dBi(i * 0.5, -180.0 + j * 0.5));
  max_gain_dBi_ = best;
}

double M2101ArrayAntenna::local_gain_dBi(double theta_deg, double phi_deg) const noexcept {
  if (!is_envelope()) return exact_local_gain_dBi(theta_deg, phi_deg);
  const double u = std::clamp(theta_deg, 0.0, 180.0) / kEnvelopeStep_deg;
  const double v = (wrap_pm180_deg(phi_deg) + 180.0) / kEnvelopeStep_deg;
  const int i = std::min(static_cast<int>(u), n_theta_ - 2);
  const int j = std::min(static_cast<int>(v), n_phi_ - 2);
  const double fu = u - i, fv = v - j;
  const float* r0 = table_.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(n_phi_);
  const float* r1 = r0 + n_phi_;
  const double linear =
      (1 - fu) * ((1 - fv) * r0[j] + fv * r0[j + 1]) + fu * ((1 - fv) * r1[j] + fv * r1[j + 1]);
  // A direction between nodes that are all exact nulls: the table's floor.
  return linear > 0 ? 10.0 * std::log10(linear) : params_.G_E_max_dBi - 200.0;
}

double M2101ArrayAntenna::gain_dBi(double bearing_deg, double elevation_deg) const noexcept {
  const LocalDirection l = orientation_.to_local(bearing_deg, elevation_deg);
  return local_gain_dBi(l.theta_deg, l.phi_deg);
}

std::string M2101ArrayAntenna::describe() const {
  const std::string beam =
      is_envelope() ? fmt::format("envelope of {} beams", beams_.size())
                    : fmt::format("beam escan {:g} etilt {:g}", beams_.front().phi_escan_deg,
                                  beams_.front().theta_etilt_deg);
  // rho named only when below 1, so that the fully correlated array reads as it always did.
  const std::string rho = params_.rho == 1.0 ? "" : fmt::format(" rho {:g}", params_.rho);
  return fmt::format(
      "m2101 {}x{} d_H {:g} d_V {:g}{} element {:g} dBi hpbw_h {:g} hpbw_v {:g} A_m {:g} SLA_v "
      "{:g} {} az {:g} tilt {:g} (max {:.2f} dBi)",
      params_.N_H, params_.N_V, params_.d_H, params_.d_V, rho, params_.G_E_max_dBi,
      params_.phi_3dB_deg, params_.theta_3dB_deg, params_.A_m_dB, params_.SLA_v_dB, beam,
      orientation_.azimuth_deg(), orientation_.downtilt_deg(), max_gain_dBi_);
}

EnvelopeTableError envelope_table_error(const M2101ArrayAntenna& antenna, int n_theta, int n_phi,
                                        double within_dB) {
  EnvelopeTableError err;
  if (!antenna.is_envelope()) return err;
  const double step = M2101ArrayAntenna::kEnvelopeStep_deg;
  for (int a = 0; a < n_theta; ++a) {
    // Node row chosen evenly over [0, 180), offset a third of a step into the cell.
    const double theta = std::floor(a * (180.0 / step) / n_theta) * step + step / 3.0;
    for (int b = 0; b < n_phi; ++b) {
      const double phi = -180.0 + std::floor(b * (360.0 / step) / n_phi) * step + step / 3.0;
      const double exact = antenna.exact_local_gain_dBi(theta, phi);
      if (exact < antenna.max_gain_dBi() - within_dB) continue;
      const double d = antenna.local_gain_dBi(theta, phi) - exact;
      err.max_over_dB = std::max(err.max_over_dB, d);
      err.max_under_dB = std::max(err.max_under_dB, -d);
    }
  }
  return err;
}

}  // namespace akichi::prop

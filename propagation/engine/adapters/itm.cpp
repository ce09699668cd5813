// "itm" PathLossModel -- see itm.h.
#include "propagation/engine/adapters/itm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/ntia_itm.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kName = kItmModelName;

/// Whether the distances d[0..np] are the ITM grid's i xi within rounding (1e-12 of the path:
/// the engine forms them as k (L / (n - 1)) with the reciprocal, ITM's grid as i (L / np)).
bool on_itm_grid(const double* d, int np, double xi) noexcept {
  const double tol = 1e-12 * (np * xi);
  bool on = true;
  for (int i = 0; i <= np; ++i) on &= std::abs(d[i] - i * xi) <= tol;
  return on;
}

class ItmModel final : public PathLossModel {
 public:
  ItmModel(itm::ItmParams p, const ItmParams& config) : p_(p), config_(config) {}
  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return true; }

  double loss_dB(const LinkInput& link) const override {
    // Scratch elevations of the uniform ITM profile; grows once per thread, then reused. A
    // failure to grow is thrown (the failure policy, area.h), not answered.
    thread_local std::vector<double> z;
    const bool have_profile =
        link.profile_n >= 3 && link.profile_d_m != nullptr && link.profile_z_m != nullptr;
    const int n = have_profile ? link.profile_n : 3;
    const int np = n - 1;
    const double xi = link.d_m / np;
    const double* elevations = link.profile_z_m;
    if (!have_profile || !on_itm_grid(link.profile_d_m, np, xi)) {
      if (z.size() < static_cast<std::size_t>(n)) z.resize(static_cast<std::size_t>(n));
      elevations = z.data();
      if (have_profile) {
        // Linear interpolation of (d, z) at i xi; the samples are ascending in distance.
        const double* d = link.profile_d_m;
        const double* zz = link.profile_z_m;
        int k = 0;
        for (int i = 0; i <= np; ++i) {
          const double x = i * xi;
          while (k + 2 < n && d[k + 1] < x) ++k;
          const double span = d[k + 1] - d[k];
          const double t = span > 0 ? std::clamp((x - d[k]) / span, 0.0, 1.0) : 0.0;
          z[static_cast<std::size_t>(i)] = zz[k] + t * (zz[k + 1] - zz[k]);
        }
      } else {
        z[0] = link.z_tx_m;
        z[1] = 0.5 * (link.z_tx_m + link.z_rx_m);
        z[2] = link.z_rx_m;
      }
    }
    // else: the profile is sampled at i xi already (extract_profile(): k L / (n - 1)), and ITM
    // reads its elevations as they are (interpolated, each would move by rounding alone).
    itm::ItmParams p = p_;
    p.f_MHz = link.freq_Hz * 1e-6;
    // The terms that depend only on the frequency and the model's parameters, once per thread
    // and frequency (a station's tensor is one frequency)
    thread_local itm::RunConstants rc;
    if (!itm::run_constants_match(rc, p, config_.time_pct, config_.location_pct,
                                  config_.situation_pct)) {
      rc = itm::run_constants(p, config_.time_pct, config_.location_pct, config_.situation_pct);
    }
    const itm::ItmResult r =
        itm::p2p_tls(link.h_tx_m, link.h_rx_m, itm::ItmProfile{np, xi, elevations}, p,
                     config_.time_pct, config_.location_pct, config_.situation_pct, rc);
    return r.ok() ? r.A_dB : std::numeric_limits<double>::quiet_NaN();
  }

  std::string describe() const override {
    return fmt::format(
        "{}: NTIA Irregular Terrain Model 1.2.2 point-to-point over the terrain profile "
        "(climate {}, N_0 = {} N-units, {} polarization, eps_r = {}, sigma = {} S/m, mdvar {}, "
        "time {} %, location {} %, situation {} %)",
        kName, config_.climate, config_.N_0, config_.polarization, config_.epsilon,
        config_.sigma_S_per_m, config_.mdvar, config_.time_pct, config_.location_pct,
        config_.situation_pct);
  }

 private:
  itm::ItmParams p_;
  ItmParams config_;
};

void check(const ModelConfig& c, const Reject& reject) {
  if (c.itm.mdvar % 10 > 3) {
    reject("mdvar", fmt::format("{}", c.itm.mdvar), "0-3, 10-13, 20-23 or 30-33");
  }
  // The ground impedance check of ITM ([Alg (2.4)], ERROR__GROUND_IMPEDANCE): with epsilon = 1
  // and horizontal polarization the impedance's real and imaginary parts are equal.
  if (c.itm.polarization == "horizontal" && c.itm.epsilon == 1) {
    reject("epsilon", fmt::format("{}", c.itm.epsilon),
           "> 1 with horizontal polarization (ITM ground impedance)");
  }
}

std::unique_ptr<PathLossModel> make(const ModelConfig& config) {
  const ItmParams& c = config.itm;
  itm::ItmParams p;
  p.climate = c.climate;
  p.N_0 = c.N_0;
  p.pol = c.polarization == "horizontal" ? 0 : 1;
  p.epsilon = c.epsilon;
  p.sigma = c.sigma_S_per_m;
  p.mdvar = c.mdvar;
  return std::make_unique<ItmModel>(p, c);
}

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::GreatCircle;
  e.distance_source =
      "NTIA ITM 1.2.2 (Hufford, The ITS Irregular Terrain Model, version 1.2.2: the profile along "
      "the great circle path)";
  e.summary = "NTIA Irregular Terrain Model (Longley-Rice) 1.2.2, point to point over the profile";
  e.domain.frequency_Hz = Interval{20e6, 20e9};
  e.domain.frequency_enforced = true;
  e.domain.frequency_source = "NTIA ITM (20 MHz to 20 GHz)";
  e.domain.distance_m = Interval{1e3, 2000e3};
  e.domain.tx_height_m = Interval{0.5, 3000};
  e.domain.rx_height_m = Interval{0.5, 3000};
  e.domain.source =
      "NTIA ITM 1.2.2 input checks: 20 MHz-20 GHz and 0.5-3000 m heights are errors outside, "
      "1-2000 km a warning outside";
  e.parameters = {
      integer_param(
          "climate", 1, 7, 5, "radio climate (5: continental temperate)",
          [](auto& c) -> auto& { return c.itm.climate; }),
      number_param(
          "N0", "N-units", closed(250, 400), 301, "surface refractivity",
          [](auto& c) -> auto& { return c.itm.N_0; }),
      choice_param(
          "polarization", {"vertical", "horizontal"}, "vertical", "polarization",
          [](auto& c) -> auto& { return c.itm.polarization; }),
      number_param(
          "epsilon", "", at_least(1), 15, "relative permittivity of the ground",
          [](auto& c) -> auto& { return c.itm.epsilon; }),
      number_param(
          "sigma_S_per_m", "S/m", above(0), 0.005, "ground conductivity",
          [](auto& c) -> auto& { return c.itm.sigma_S_per_m; }),
      integer_param(
          "mdvar", 0, 33, 12,
          "mode of variability (0 single message, 1 accidental, 2 mobile, 3 broadcast; "
          "+10, +20 as in ITM)",
          [](auto& c) -> auto& { return c.itm.mdvar; }),
      number_param(
          "time_percent", "%", open(0, 100), 50, "time quantile of the variability",
          [](auto& c) -> auto& { return c.itm.time_pct; }),
      number_param(
          "location_percent", "%", open(0, 100), 50, "location quantile of the variability",
          [](auto& c) -> auto& { return c.itm.location_pct; }),
      number_param(
          "situation_percent", "%", open(0, 100), 50, "situation quantile of the variability",
          [](auto& c) -> auto& { return c.itm.situation_pct; }),
  };
  e.check = check;
  e.time_percent_parameter = "time_percent";
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_itm_model(const ItmParams& params) {
  ModelConfig c;
  c.name = kName;
  c.itm = params;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

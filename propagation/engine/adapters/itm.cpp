// "itm" PathLossModel -- see itm.h.
#include "propagation/engine/adapters/itm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "base/errors.h"
#include "propagation/models/ntia_itm.h"

namespace akichi::prop {
namespace {

[[noreturn]] void bad(std::string_view key, double v, std::string_view expected) {
  throw_input_error(InputLocation{}, "propagation.itm." + std::string(key), fmt::format("{}", v),
                    expected);
}

class ItmModel final : public PathLossModel {
 public:
  ItmModel(itm::ItmParams p, const ItmParams& config) : p_(p), config_(config) {}
  std::string_view name() const noexcept override { return "itm"; }
  bool uses_profile() const noexcept override { return true; }

  double loss_dB(const LinkInput& link) const override {
    // Scratch elevations of the uniform ITM profile; grows once per thread, then reused. A
    // failure to grow is thrown (the failure policy, area.h), not answered.
    thread_local std::vector<double> z;
    const bool have_profile =
        link.profile_n >= 3 && link.profile_d_m != nullptr && link.profile_z_m != nullptr;
    const int n = have_profile ? link.profile_n : 3;
    if (z.size() < static_cast<std::size_t>(n)) z.resize(static_cast<std::size_t>(n));
    const int np = n - 1;
    const double xi = link.d_m / np;
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
    itm::ItmParams p = p_;
    p.f_MHz = link.freq_Hz * 1e-6;
    const itm::ItmResult r =
        itm::p2p_tls(link.h_tx_m, link.h_rx_m, itm::ItmProfile{np, xi, z.data()}, p,
                     config_.time_pct, config_.location_pct, config_.situation_pct);
    return r.ok() ? r.A_dB : std::numeric_limits<double>::quiet_NaN();
  }

  std::string describe() const override {
    return fmt::format(
        "itm: NTIA Irregular Terrain Model 1.2.2 point-to-point over the terrain profile "
        "(climate {}, N_0 = {} N-units, {} polarization, eps_r = {}, sigma = {} S/m, mdvar {}, "
        "time {} %, location {} %, situation {} %)",
        config_.climate, config_.N_0, config_.polarization, config_.epsilon, config_.sigma_S_per_m,
        config_.mdvar, config_.time_pct, config_.location_pct, config_.situation_pct);
  }

 private:
  itm::ItmParams p_;
  ItmParams config_;
};

}  // namespace

std::unique_ptr<PathLossModel> make_itm_model(const ItmParams& c) {
  if (c.climate < 1 || c.climate > 7) bad("climate", c.climate, "an integer 1..7");
  if (!(c.N_0 >= 250 && c.N_0 <= 400)) bad("N_0", c.N_0, "250..400 N-units");
  int pol = 1;
  if (c.polarization == "vertical") {
    pol = 1;
  } else if (c.polarization == "horizontal") {
    pol = 0;
  } else {
    throw_input_error(InputLocation{}, "propagation.itm.polarization", "'" + c.polarization + "'",
                      "vertical or horizontal");
  }
  if (!(c.epsilon >= 1 && std::isfinite(c.epsilon))) bad("epsilon", c.epsilon, "a number >= 1");
  if (!(c.sigma_S_per_m > 0 && std::isfinite(c.sigma_S_per_m))) {
    bad("sigma_S_per_m", c.sigma_S_per_m, "a number > 0");
  }
  if (c.mdvar < 0 || c.mdvar > 33 || c.mdvar % 10 > 3) {
    bad("mdvar", c.mdvar, "0-3, 10-13, 20-23 or 30-33");
  }
  if (!(c.time_pct > 0 && c.time_pct < 100))
    bad("time_pct", c.time_pct, "a percentage in (0, 100)");
  if (!(c.location_pct > 0 && c.location_pct < 100)) {
    bad("location_pct", c.location_pct, "a percentage in (0, 100)");
  }
  if (!(c.situation_pct > 0 && c.situation_pct < 100)) {
    bad("situation_pct", c.situation_pct, "a percentage in (0, 100)");
  }
  // The ground impedance check of ITM ([Alg (2.4)], ERROR__GROUND_IMPEDANCE): with epsilon = 1
  // and horizontal polarization the impedance's real and imaginary parts are equal.
  if (pol == 0 && c.epsilon == 1) {
    bad("epsilon", c.epsilon, "> 1 with horizontal polarization (ITM ground impedance)");
  }
  itm::ItmParams p;
  p.climate = c.climate;
  p.N_0 = c.N_0;
  p.pol = pol;
  p.epsilon = c.epsilon;
  p.sigma = c.sigma_S_per_m;
  p.mdvar = c.mdvar;
  return std::make_unique<ItmModel>(p, c);
}

}  // namespace akichi::prop

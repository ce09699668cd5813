#include "propagation/engine/adapters/p1812.h"

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/models/itu_r_p1812_6.h"

namespace akichi::prop {
namespace {

[[noreturn]] void bad(const char* key, const std::string& found, const char* expected) {
  throw_input_error({}, std::string("propagation.p1812.") + key, found, expected);
}

class P1812Model final : public PathLossModel {
 public:
  P1812Model(const P1812Params& params, p1812::Inputs base, int zone)
      : params_(params), base_(base), zone_(zone) {}
  std::string_view name() const noexcept override { return "p1812"; }
  bool uses_profile() const noexcept override { return true; }

  double loss_dB(const LinkInput& link) const override {
    p1812::Inputs in = base_;
    in.f_GHz = link.freq_Hz * 1e-9;
    in.htg_m = link.h_tx_m;
    in.hrg_m = link.h_rx_m;
    if (!(in.f_GHz >= 0.03 && in.f_GHz <= 6.0) || !(in.htg_m >= 1.0 && in.htg_m <= 3000.0) ||
        !(in.hrg_m >= 1.0 && in.hrg_m <= 3000.0) || !(link.d_m > 0.0)) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    // Profile in metres (d_unit_km = 1e-3); without one, the straight line between the ends.
    const std::array<double, 3> ends_d{0.0, 0.5 * link.d_m, link.d_m};
    const std::array<double, 3> ends_z{link.z_tx_m, 0.5 * (link.z_tx_m + link.z_rx_m), link.z_rx_m};
    std::span<const double> d(ends_d);
    std::span<const double> z(ends_z);
    if (link.profile_n >= 3 && link.profile_d_m != nullptr && link.profile_z_m != nullptr) {
      d = std::span<const double>(link.profile_d_m, static_cast<std::size_t>(link.profile_n));
      z = std::span<const double>(link.profile_z_m, static_cast<std::size_t>(link.profile_n));
    }
    const std::size_t n = d.size();
    // Per-thread buffers: grown to the longest profile seen, then reused without allocation; a
    // failure to grow is thrown (the failure policy, area.h).
    thread_local std::vector<double> R;
    thread_local std::vector<int> zones;
    thread_local std::vector<double> scratch;
    if (R.size() < n) {
      R.resize(n);
      zones.resize(n);
      scratch.resize(p1812::scratch_size(n));
    }
    for (std::size_t i = 0; i < n; ++i) {
      R[i] = params_.clutter_height_m;  // §3.2: representative clutter height of the point
      zones[i] = zone_;
    }
    R[0] = 0.0;  // terminal points at ground height (§3.2)
    R[n - 1] = 0.0;
    R[1] = params_.tx_clutter_height_m;
    R[n - 2] = params_.rx_clutter_height_m;
    if (n == 3) R[1] = std::max(params_.tx_clutter_height_m, params_.rx_clutter_height_m);
    const p1812::Profile profile{d, z, std::span<const double>(R.data(), n),
                                 std::span<const int>(zones.data(), n), 1e-3};
    return p1812::basic_transmission_loss(profile, in,
                                          std::span<double>(scratch.data(), p1812::scratch_size(n)))
        .Lb;
  }

  std::string describe() const override {
    return fmt::format(
        "p1812: ITU-R P.1812-6 basic transmission loss over the terrain profile (p = {} %, pL = {} "
        "%, "
        "sigma_L = {} dB, dN = {}, N0 = {}, {} polarization, zone {}, path-centre latitude {} deg, "
        "clutter R = {} m (R_2 = {} m, R_n-1 = {} m))",
        params_.time_percent, params_.location_percent, params_.sigma_L_dB, params_.delta_N,
        params_.N0, params_.polarization, params_.zone, params_.path_centre_latitude_deg,
        params_.clutter_height_m, params_.tx_clutter_height_m, params_.rx_clutter_height_m);
  }

 private:
  P1812Params params_;
  p1812::Inputs base_;
  int zone_;
};

}  // namespace

std::unique_ptr<PathLossModel> make_p1812_6_model(const P1812Params& p) {
  auto num = [](double v) { return fmt::format("{}", v); };
  if (!(p.time_percent >= 1.0 && p.time_percent <= 50.0))
    bad("time_percent", num(p.time_percent), "1..50");
  if (!(p.location_percent >= 1.0 && p.location_percent <= 99.0))
    bad("location_percent", num(p.location_percent), "1..99");
  if (!(p.sigma_L_dB >= 0.0 && std::isfinite(p.sigma_L_dB)))
    bad("sigma_L_dB", num(p.sigma_L_dB), ">= 0");
  if (!(p.delta_N > 0.0 && p.delta_N < 157.0)) bad("delta_N", num(p.delta_N), "0 < delta_N < 157");
  if (!(p.N0 > 0.0 && std::isfinite(p.N0))) bad("N0", num(p.N0), "> 0");
  if (!(std::abs(p.path_centre_latitude_deg) <= 80.0))
    bad("path_centre_latitude_deg", num(p.path_centre_latitude_deg), "-80..80");
  if (!(p.clutter_height_m >= 0.0 && std::isfinite(p.clutter_height_m)))
    bad("clutter_height_m", num(p.clutter_height_m), ">= 0");
  if (!(p.tx_clutter_height_m >= 0.0 && std::isfinite(p.tx_clutter_height_m)))
    bad("tx_clutter_height_m", num(p.tx_clutter_height_m), ">= 0");
  if (!(p.rx_clutter_height_m >= 0.0 && std::isfinite(p.rx_clutter_height_m)))
    bad("rx_clutter_height_m", num(p.rx_clutter_height_m), ">= 0");
  if (!(p.dct_km >= 0.0 && std::isfinite(p.dct_km))) bad("dct_km", num(p.dct_km), ">= 0");
  if (!(p.dcr_km >= 0.0 && std::isfinite(p.dcr_km))) bad("dcr_km", num(p.dcr_km), ">= 0");
  p1812::Inputs in;
  if (p.polarization == "horizontal") {
    in.pol = p526::Polarization::Horizontal;
  } else if (p.polarization == "vertical") {
    in.pol = p526::Polarization::Vertical;
  } else {
    bad("polarization", "'" + p.polarization + "'", "\"horizontal\" or \"vertical\"");
  }
  int zone = p1812::kZoneInland;
  if (p.zone == "inland") {
    zone = p1812::kZoneInland;
  } else if (p.zone == "coastal_land") {
    zone = p1812::kZoneCoastalLand;
  } else if (p.zone == "sea") {
    zone = p1812::kZoneSea;
  } else {
    bad("zone", "'" + p.zone + "'", "\"inland\", \"coastal_land\" or \"sea\"");
  }
  in.p_percent = p.time_percent;
  in.pL_percent = p.location_percent;
  in.sigmaL_dB = p.sigma_L_dB;
  in.dN = p.delta_N;
  in.N0 = p.N0;
  in.phi_path_deg = p.path_centre_latitude_deg;
  in.dct_km = p.dct_km;
  in.dcr_km = p.dcr_km;
  return std::make_unique<P1812Model>(p, in, zone);
}

}  // namespace akichi::prop

// ITU-R P.452-18 behind the PathLossModel interface. See the header.
#include "propagation/engine/adapters/p452.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/errors.h"
#include "propagation/models/itu_digital_maps.h"
#include "propagation/models/itu_r_p452_18.h"

namespace akichi::prop {
namespace {

namespace m = p452_18;

[[noreturn]] void bad(std::string_view key, std::string_view found, std::string_view expected) {
  throw_input_error(InputLocation{}, fmt::format("propagation.p452.{}", key), found, expected);
}

/// Per-thread scratch: profile distances in km and the zone of each point (grown, never shrunk).
struct Scratch {
  std::vector<double> d_km, z_m;
  std::vector<m::Zone> zone;
  m::PathAnalysis analysis;
};

class P452Model final : public PathLossModel {
 public:
  P452Model(const P452Params& p, m::Polarization pol, m::Zone zone)
      : p_(p), pol_(pol), zone_(zone) {}
  std::string_view name() const noexcept override { return "p452"; }
  bool uses_profile() const noexcept override { return true; }

  double loss_dB(const LinkInput& link) const override {
    thread_local Scratch s;
    const bool have =
        link.profile_n >= 2 && link.profile_d_m != nullptr && link.profile_z_m != nullptr;
    const std::size_t n_in = have ? static_cast<std::size_t>(link.profile_n) : 2;
    // P.452-18 needs at least 4 points (two intermediate ones): shorter profiles are resampled
    // linearly between their samples.
    const std::size_t n = std::max<std::size_t>(n_in, 4);
    if (s.d_km.size() < n) {
      // Growth happens on the first links of a thread only; the per-link path is allocation-free
      // afterwards. A failure to grow is thrown (the failure policy, area.h).
      s.d_km.resize(n);
      s.z_m.resize(n);
      s.zone.resize(n);
    }
    const double total_m = have ? link.profile_d_m[n_in - 1] - link.profile_d_m[0] : link.d_m;
    if (n_in >= 4) {
      for (std::size_t i = 0; i < n; ++i) {
        s.d_km[i] = (link.profile_d_m[i] - link.profile_d_m[0]) * 1e-3;
        s.z_m[i] = link.profile_z_m[i];
      }
    } else {
      const double z0 = have ? link.profile_z_m[0] : link.z_tx_m;
      const double z1 = have ? link.profile_z_m[n_in - 1] : link.z_rx_m;
      for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(n - 1);
        s.d_km[i] = t * total_m * 1e-3;
        s.z_m[i] = z0 + t * (z1 - z0);
      }
    }
    std::fill(s.zone.begin(), s.zone.begin() + static_cast<std::ptrdiff_t>(n), zone_);
    m::Path path;
    path.d_km = std::span<const double>(s.d_km.data(), n);
    path.h_m = std::span<const double>(s.z_m.data(), n);
    path.zone = std::span<const m::Zone>(s.zone.data(), n);
    path.htg_m = link.h_tx_m;
    path.hrg_m = link.h_rx_m;
    path.phit_n_deg = p_.latitude_deg;
    path.phir_n_deg = p_.latitude_deg;
    path.dct_km = zone_ == m::Zone::Sea ? 0.0 : 500.0;
    path.dcr_km = path.dct_km;
    path.delta_N = p_.delta_N;
    path.N0 = p_.N0;
    path.pressure_hPa = p_.pressure_hPa;
    path.temperature_C = p_.temperature_C;
    m::analyse_path(path, s.analysis);
    m::Radio radio;
    radio.f_GHz = link.freq_Hz * 1e-9;
    radio.p_percent = p_.time_percent;
    radio.pol = pol_;
    return m::evaluate(s.analysis, radio).Lb;
  }

  std::string describe() const override {
    return fmt::format(
        "p452: ITU-R P.452-18 clear-air basic transmission loss not exceeded for {} % of time "
        "(dN = {} N-units/km, N0 = {}, {} polarization, {} path, {} deg C, {} hPa, "
        "path-centre latitude {} deg, P.676-13 gases, no ground cover, 0 dBi towards the horizon)",
        p_.time_percent, p_.delta_N, p_.N0,
        pol_ == m::Polarization::Vertical ? "vertical" : "horizontal", p_.zone, p_.temperature_C,
        p_.pressure_hPa, p_.latitude_deg);
  }

 private:
  P452Params p_;
  m::Polarization pol_;
  m::Zone zone_;
};

std::string num(double v) {
  return fmt::format("{}", v);
}

}  // namespace

std::unique_ptr<PathLossModel> make_p452_18_model(const P452Params& given) {
  P452Params p = given;
  if (!(std::fabs(p.latitude_deg) <= 90.0))
    bad("latitude", num(p.latitude_deg), "-90 <= latitude <= 90 (deg)");
  if (!std::isfinite(p.longitude_deg))
    bad("longitude", num(p.longitude_deg), "a finite longitude (deg)");
  // P.452-18 §3.2.1: dN and N0 from the ITU digital maps at the path centre; the area engine
  // has no geographic path centre per link, so one look-up at the study-area centre serves the
  // whole study area (the maps vary on a 1.5 deg scale, see docs/scenario-format.md).
  if (!p.delta_N_map.empty()) {
    p.delta_N =
        itu_maps::LatLonGrid::read(p.delta_N_map).interpolate(p.latitude_deg, p.longitude_deg);
    if (!(p.delta_N > 0.0 && p.delta_N < 157.0)) {
      bad("delta_N_map",
          fmt::format("{} at ({}, {}) in {}", p.delta_N, p.latitude_deg, p.longitude_deg,
                      p.delta_N_map),
          "0 < dN < 157 (N-units/km)");
    }
  }
  if (!p.N0_map.empty()) {
    p.N0 = itu_maps::LatLonGrid::read(p.N0_map).interpolate(p.latitude_deg, p.longitude_deg);
    if (!(p.N0 > 0.0 && p.N0 < 500.0)) {
      bad("N0_map",
          fmt::format("{} at ({}, {}) in {}", p.N0, p.latitude_deg, p.longitude_deg, p.N0_map),
          "0 < N0 < 500 (N-units)");
    }
  }
  if (!(p.time_percent >= 0.001 && p.time_percent <= 50.0))
    bad("time_percent", num(p.time_percent), "0.001 <= p <= 50 (%)");
  if (!(p.delta_N > 0.0 && p.delta_N < 157.0))
    bad("delta_N", num(p.delta_N), "0 < dN < 157 (N-units/km)");
  if (!(p.N0 > 0.0 && p.N0 < 500.0)) bad("N0", num(p.N0), "0 < N0 < 500 (N-units)");
  if (!(p.temperature_C > -100.0 && p.temperature_C < 70.0))
    bad("temperature", num(p.temperature_C), "-100 < t < 70 (deg C)");
  if (!(p.pressure_hPa > 0.0 && p.pressure_hPa <= 1200.0))
    bad("pressure", num(p.pressure_hPa), "0 < p <= 1200 (hPa)");
  if (!(std::fabs(p.latitude_deg) <= 90.0))
    bad("latitude", num(p.latitude_deg), "-90 <= latitude <= 90 (deg)");
  m::Polarization pol;
  if (p.pol == "vertical") {
    pol = m::Polarization::Vertical;
  } else if (p.pol == "horizontal") {
    pol = m::Polarization::Horizontal;
  } else {
    bad("pol", "'" + p.pol + "'", "\"vertical\" or \"horizontal\"");
  }
  m::Zone zone;
  if (p.zone == "inland") {
    zone = m::Zone::Inland;
  } else if (p.zone == "coastal") {
    zone = m::Zone::CoastalLand;
  } else if (p.zone == "sea") {
    zone = m::Zone::Sea;
  } else {
    bad("zone", "'" + p.zone + "'", "\"inland\", \"coastal\" or \"sea\"");
  }
  return std::make_unique<P452Model>(p, pol, zone);
}

}  // namespace akichi::prop

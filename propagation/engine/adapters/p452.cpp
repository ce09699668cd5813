// ITU-R P.452-18 behind the PathLossModel interface. See the header.
#include "propagation/engine/adapters/p452.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/errors.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_digital_maps.h"
#include "propagation/models/itu_r_p452_18.h"

namespace akichi::prop {
namespace {

namespace m = p452_18;

constexpr std::string_view kName = kP452_18ModelName;

[[noreturn]] void bad(std::string_view key, std::string_view found, std::string_view expected) {
  throw_input_error(InputLocation{}, fmt::format("propagation.{}.{}", kName, key), found, expected);
}

/// Per-thread scratch: profile distances in km and the zone of each point (grown, never shrunk).
struct Scratch {
  std::vector<double> d_km, z_m, clutter_m;
  std::vector<m::Zone> zone;
  m::PathAnalysis analysis;
};

class P452Model final : public PathLossModel {
 public:
  P452Model(const P452Params& p, m::Polarization pol, m::Zone zone)
      : p_(p), pol_(pol), zone_(zone) {}
  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return true; }
  bool uses_clutter_heights() const noexcept override { return true; }

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
    // The ground cover of the radio profile from the land cover (P.452-18 §3.2.1 Step 4: g_i =
    // h_i + R_i, the model leaving out the points within 50 m of either terminal); a profile
    // resampled from fewer than 4 points has no land cover under its new points.
    const bool ground_cover = n_in >= 4 && link.clutter_m != nullptr;
    if (ground_cover && s.clutter_m.size() < n) s.clutter_m.resize(n);
    const double total_m = have ? link.profile_d_m[n_in - 1] - link.profile_d_m[0] : link.d_m;
    if (n_in >= 4) {
      for (std::size_t i = 0; i < n; ++i) {
        s.d_km[i] = (link.profile_d_m[i] - link.profile_d_m[0]) * 1e-3;
        s.z_m[i] = link.profile_z_m[i];
      }
      if (ground_cover) std::copy_n(link.clutter_m, n, s.clutter_m.begin());
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
    if (ground_cover) path.clutter_m = std::span<const double>(s.clutter_m.data(), n);
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

std::unique_ptr<PathLossModel> make(const ModelConfig& c) {
  P452Params p = c.p452;
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
  const m::Polarization pol =
      p.pol == "horizontal" ? m::Polarization::Horizontal : m::Polarization::Vertical;
  const m::Zone zone = p.zone == "sea"       ? m::Zone::Sea
                       : p.zone == "coastal" ? m::Zone::CoastalLand
                                             : m::Zone::Inland;
  return std::make_unique<P452Model>(p, pol, zone);
}

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::GreatCircle;
  e.distance_source =
      "ITU-R P.452-18 Annex 1 Attachment 2: the profile along the great circle, mean earth radius "
      "6371 km";
  e.summary = "ITU-R P.452-18 clear-air interference prediction over the terrain profile";
  e.domain.frequency_Hz = Interval{0.1e9, 50e9};
  e.domain.frequency_enforced = true;
  e.domain.frequency_source = "ITU-R P.452-18 §1 (about 0.1-50 GHz)";
  e.domain.distance_m = Interval{0, 10000e3};
  e.domain.source = "ITU-R P.452-18 §1 (about 0.1-50 GHz, distances up to 10 000 km)";
  auto P = [](auto& c) -> auto& {
    return c.p452;
  };
  e.parameters = {
      number_param(
          "time_percent", "%", closed(0.001, 50), 50,
          "annual percentage of time the loss is not exceeded (p)",
          [P](auto& c) -> auto& { return P(c).time_percent; }),
      excluding(number_param(
                    "delta_N", "N-units/km", open(0, 157), 45,
                    "average radio-refractivity lapse rate (from the ITU maps for the "
                    "path centre)",
                    [P](auto& c) -> auto& { return P(c).delta_N; }),
                "delta_N_map"),
      excluding(number_param(
                    "N0", "N-units", open(0, 500), 325,
                    "sea-level surface refractivity", [P](auto& c) -> auto& { return P(c).N0; }),
                "N0_map"),
      choice_param(
          "polarization", {"vertical", "horizontal"}, "vertical",
          "polarization", [P](auto& c) -> auto& { return P(c).pol; }),
      number_param(
          "temperature_C", "deg C", closed(-100, 70), 15,
          "air temperature (gaseous attenuation, P.676)",
          [P](auto& c) -> auto& { return P(c).temperature_C; }),
      number_param(
          "pressure_hPa", "hPa", Bounds{0, 1200, true, false}, 1013.25,
          "dry-air pressure", [P](auto& c) -> auto& { return P(c).pressure_hPa; }),
      choice_param(
          "zone", {"inland", "coastal", "sea"}, "inland",
          "radio-climatic zone of the whole path", [P](auto& c) -> auto& { return P(c).zone; }),
      area_default(number_param(
                       "latitude_deg", "deg", closed(-90, 90), 45,
                       "path-centre latitude (beta0; the map look-up point)",
                       [P](auto& c) -> auto& { return P(c).latitude_deg; }),
                   ContextDefault::AreaCentreLatitude),
      area_default(
          number_param(
              "longitude_deg", "deg", closed(-360, 360), 0, "longitude of the map look-up point",
              [P](auto& c) -> auto& { return P(c).longitude_deg; }),
          ContextDefault::AreaCentreLongitude),
      path_param(
          "delta_N_map", "ITU-R digital map DN50.TXT; replaces delta_N (giving both is an error)",
          [P](auto& c) -> auto& { return P(c).delta_N_map; }),
      path_param(
          "N0_map", "ITU-R digital map N050.TXT; replaces N0 (giving both is an error)",
          [P](auto& c) -> auto& { return P(c).N0_map; }),
  };
  e.time_percent_parameter = "time_percent";
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_p452_18_model(const P452Params& params) {
  ModelConfig c;
  c.name = kName;
  c.p452 = params;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

// Area-engine adapter of ITU-R P.1812 (-8, -7, -6) and its registry entry. See the header.
#include "propagation/engine/adapters/p1812.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/engine/model_registry.h"
#include "propagation/models/itu_r_p1812.h"

namespace akichi::prop {
namespace {

constexpr std::string_view kName = kP1812ModelName;

class P1812Model final : public PathLossModel {
 public:
  P1812Model(const P1812Params& params, p1812::Inputs base, int zone)
      : params_(params),
        base_(base),
        zone_(zone),
        has_clutter_(params.clutter_height_m != 0.0 || params.tx_clutter_height_m != 0.0 ||
                     params.rx_clutter_height_m != 0.0) {}
  std::string_view name() const noexcept override { return kName; }
  bool uses_profile() const noexcept override { return true; }
  bool uses_clutter_heights() const noexcept override { return true; }

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
    const double* land_R = nullptr;  // per-point clutter heights from the land cover
    if (link.profile_n >= 3 && link.profile_d_m != nullptr && link.profile_z_m != nullptr) {
      d = std::span<const double>(link.profile_d_m, static_cast<std::size_t>(link.profile_n));
      z = std::span<const double>(link.profile_z_m, static_cast<std::size_t>(link.profile_n));
      land_R = link.clutter_m;
    }
    const std::size_t n = d.size();
    // Per-thread buffers: grown to the longest profile seen, then reused without allocation; a
    // failure to grow is thrown (the failure policy, area.h). Without clutter heights the
    // profile has none (R empty), and an inland path needs no zones (empty means inland).
    thread_local std::vector<double> R;
    thread_local std::vector<int> zones;
    thread_local std::vector<double> scratch;
    if (scratch.size() < p1812::scratch_size(n)) scratch.resize(p1812::scratch_size(n));
    std::span<const double> clutter;
    if (land_R != nullptr) {
      // P.1812-6 §3.2: R_i of every intermediate point from the land cover (Table 2 heights,
      // or the scenario's mapping); the terminals at ground height.
      if (R.size() < n) R.resize(n);
      std::copy_n(land_R, n, R.begin());
      R[0] = 0.0;
      R[n - 1] = 0.0;
      clutter = std::span<const double>(R.data(), n);
    } else if (has_clutter_) {
      if (R.size() < n) R.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        R[i] = params_.clutter_height_m;  // §3.2: representative clutter height of the point
      }
      R[0] = 0.0;  // terminal points at ground height (§3.2)
      R[n - 1] = 0.0;
      R[1] = params_.tx_clutter_height_m;
      R[n - 2] = params_.rx_clutter_height_m;
      if (n == 3) R[1] = std::max(params_.tx_clutter_height_m, params_.rx_clutter_height_m);
      clutter = std::span<const double>(R.data(), n);
    }
    std::span<const int> zone;
    if (zone_ != p1812::kZoneInland) {
      if (zones.size() < n) zones.resize(n);
      std::fill(zones.begin(), zones.begin() + static_cast<std::ptrdiff_t>(n), zone_);
      zone = std::span<const int>(zones.data(), n);
    }
    // The terms that depend only on the frequency and the model's parameters, once per thread
    // and frequency (a station's tensor is one frequency)
    thread_local p1812::RunConstants rc;
    if (!p1812::run_constants_match(rc, in)) rc = p1812::run_constants(in);
    const p1812::Profile profile{d, z, clutter, zone, 1e-3};
    return p1812::basic_transmission_loss_dB(
        profile, in, rc, std::span<double>(scratch.data(), p1812::scratch_size(n)));
  }

  std::string describe() const override {
    const std::string tropo =
        params_.troposcatter == "p1812-7"
            ? fmt::format("troposcatter of P.1812-7 §4.4, Gt = {} dBi, Gr = {} dBi",
                          params_.tropo_tx_gain_dBi, params_.tropo_rx_gain_dBi)
            : std::string("troposcatter eq. (44)");
    return fmt::format(
        "{}: ITU-R P.1812-{} basic transmission loss over the terrain profile (p = {} %, pL = {} "
        "%, "
        "sigma_L = {} dB, dN = {}, N0 = {}, {} polarization, zone {}, path-centre latitude {} deg, "
        "clutter R = {} m (R_2 = {} m, R_n-1 = {} m), {})",
        kName, params_.version, params_.time_percent, params_.location_percent, params_.sigma_L_dB,
        params_.delta_N, params_.N0, params_.polarization, params_.zone,
        params_.path_centre_latitude_deg, params_.clutter_height_m, params_.tx_clutter_height_m,
        params_.rx_clutter_height_m, tropo);
  }

 private:
  P1812Params params_;
  p1812::Inputs base_;
  int zone_;
  bool has_clutter_;
};

std::unique_ptr<PathLossModel> make(const ModelConfig& c) {
  const P1812Params& p = c.p1812;
  p1812::Inputs in;
  in.pol = p.polarization == "horizontal" ? p526::Polarization::Horizontal
                                          : p526::Polarization::Vertical;
  const int zone = p.zone == "sea"            ? p1812::kZoneSea
                   : p.zone == "coastal_land" ? p1812::kZoneCoastalLand
                                              : p1812::kZoneInland;
  in.p_percent = p.time_percent;
  in.pL_percent = p.location_percent;
  in.sigmaL_dB = p.sigma_L_dB;
  in.dN = p.delta_N;
  in.N0 = p.N0;
  in.phi_path_deg = p.path_centre_latitude_deg;
  in.dct_km = p.dct_km;
  in.dcr_km = p.dcr_km;
  in.troposcatter =
      p.troposcatter == "p1812-7" ? p1812::Troposcatter::P1812_7 : p1812::Troposcatter::Eq44;
  in.Gt_dBi = p.tropo_tx_gain_dBi;
  in.Gr_dBi = p.tropo_rx_gain_dBi;
  return std::make_unique<P1812Model>(p, in, zone);
}

ModelEntry entry() {
  ModelEntry e;
  e.name = kName;
  e.distance = DistanceKind::GreatCircle;
  e.distance_source =
      "ITU-R P.1812-8 §3.2 and Attachment 1: the profile along the great circle, mean earth radius "
      "6371 km";
  e.summary = "ITU-R P.1812-8 (or -7, -6) path-specific prediction over the terrain profile";
  e.domain.frequency_Hz = Interval{30e6, 6e9};
  e.domain.frequency_enforced = true;
  e.domain.distance_m = Interval{0.25e3, 3000e3};
  e.domain.tx_height_m = Interval{1, 3000};
  e.domain.rx_height_m = Interval{1, 3000};
  e.domain.source = "ITU-R P.1812-8 (30 MHz to 6 GHz)";
  auto R = [](auto& c) -> auto& {
    return c.p1812;
  };
  e.parameters = {
      number_param(
          "time_percent", "%", closed(1, 50), 50,
          "time percentage p", [R](auto& c) -> auto& { return R(c).time_percent; }),
      number_param(
          "location_percent", "%", closed(1, 99), 50,
          "location percentage pL", [R](auto& c) -> auto& { return R(c).location_percent; }),
      number_param(
          "sigma_L_dB", "dB", at_least(0), 0,
          "location variability standard deviation (0: median location)",
          [R](auto& c) -> auto& { return R(c).sigma_L_dB; }),
      number_param(
          "delta_N", "N-units/km", open(0, 157), 45,
          "average radio-refractivity lapse rate", [R](auto& c) -> auto& { return R(c).delta_N; }),
      number_param(
          "N0", "N-units", above(0), 325,
          "sea-level surface refractivity", [R](auto& c) -> auto& { return R(c).N0; }),
      choice_param(
          "polarization", {"vertical", "horizontal"}, "vertical",
          "polarization", [R](auto& c) -> auto& { return R(c).polarization; }),
      choice_param(
          "zone", {"inland", "coastal_land", "sea"}, "inland",
          "radio-climatic zone of the whole path", [R](auto& c) -> auto& { return R(c).zone; }),
      area_default(number_param(
                       "latitude_deg", "deg", closed(-80, 80), 45, "path-centre latitude",
                       [R](auto& c) -> auto& { return R(c).path_centre_latitude_deg; }),
                   ContextDefault::AreaCentreLatitude),
      number_param(
          "clutter_height_m", "m", at_least(0), 0,
          "representative clutter height at the intermediate profile points",
          [R](auto& c) -> auto& { return R(c).clutter_height_m; }),
      number_param(
          "tx_clutter_height_m", "m", at_least(0), 0,
          "clutter height at the profile point next to the transmitter",
          [R](auto& c) -> auto& { return R(c).tx_clutter_height_m; }),
      number_param(
          "rx_clutter_height_m", "m", at_least(0), 0,
          "clutter height at the profile point next to the receiver",
          [R](auto& c) -> auto& { return R(c).rx_clutter_height_m; }),
      number_param(
          "dct_km", "km", at_least(0), 500, "distance of the transmitter from the coast",
          [R](auto& c) -> auto& { return R(c).dct_km; }),
      number_param(
          "dcr_km", "km", at_least(0), 500,
          "distance of the receiver from the coast", [R](auto& c) -> auto& { return R(c).dcr_km; }),
      integer_param(
          "version", 6, 8, 8,
          "revision of the Recommendation: 8 (in force), 7 or 6; they differ only in the "
          "troposcatter model",
          [R](auto& c) -> auto& { return R(c).version; }),
      choice_param(
          "troposcatter", {"p1812-6", "p1812-7"}, "p1812-6",
          "troposcatter loss: eq. (44) of -6 (also -8, and -7 as the ITU advises) or the -7 "
          "model (version = 7 only)",
          [R](auto& c) -> auto& { return R(c).troposcatter; }),
      only_with(number_param(
                    "tropo_tx_gain_dBi", "dBi", closed(-100, 100), 0,
                    "transmit antenna gain towards the horizon, for the -7 coupling loss",
                    [R](auto& c) -> auto& { return R(c).tropo_tx_gain_dBi; }),
                "troposcatter", {"p1812-7"}),
      only_with(number_param(
                    "tropo_rx_gain_dBi", "dBi", closed(-100, 100), 0,
                    "receive antenna gain towards the horizon, for the -7 coupling loss",
                    [R](auto& c) -> auto& { return R(c).tropo_rx_gain_dBi; }),
                "troposcatter", {"p1812-7"}),
  };
  e.check = [](const ModelConfig& c, const Reject& reject) {
    if (c.p1812.troposcatter == "p1812-7" && c.p1812.version != 7) {
      reject("troposcatter", "'p1812-7' with version = " + std::to_string(c.p1812.version),
             "the -7 troposcatter model only with version = 7 (P.1812-8 has the eq. (44) model)");
    }
  };
  e.time_percent_parameter = "time_percent";
  e.make = make;
  return e;
}

const ModelRegistration registration{entry()};

}  // namespace

std::unique_ptr<PathLossModel> make_p1812_model(const P1812Params& params) {
  ModelConfig c;
  c.name = kName;
  c.p1812 = params;
  return make_path_loss_model(c);
}

}  // namespace akichi::prop

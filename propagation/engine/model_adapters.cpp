// Adapters from the engine's LinkInput to the pure model functions of propagation/models/.
#include "propagation/engine/model_adapters.h"
#include "propagation/engine/model_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "base/errors.h"
#include "propagation/models/extended_hata_seamcat.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/itu_r_p526_15.h"
#include "propagation/models/tr38901.h"

namespace akichi::prop {

double distance_3d_m(const LinkInput& link) noexcept {
  const double dz = (link.z_tx_m + link.h_tx_m) - (link.z_rx_m + link.h_rx_m);
  return std::sqrt(link.d_m * link.d_m + dz * dz);
}

bool terrain_line_of_sight(const LinkInput& link, double k_factor) noexcept {
  const int n = link.profile_n;
  if (n < 3 || link.profile_d_m == nullptr || link.profile_z_m == nullptr) return true;
  const double d0 = link.profile_d_m[0];
  const double total = link.profile_d_m[n - 1] - d0;
  if (total <= 0.0) return true;
  const double hts = link.z_tx_m + link.h_tx_m;
  const double hrs = link.z_rx_m + link.h_rx_m;
  const double two_k_Re = 2.0 * k_factor * kEarthRadius_m;
  for (int i = 1; i + 1 < n; ++i) {
    const double d1 = link.profile_d_m[i] - d0;
    const double d2 = total - d1;
    const double ray = hts + (hrs - hts) * d1 / total;
    if (link.profile_z_m[i] + d1 * d2 / two_k_Re > ray) return false;
  }
  return true;
}

double los_weighted_loss_dB(double p_los, double los_dB, double nlos_dB) noexcept {
  const double ref = std::min(los_dB, nlos_dB);  // factor out the larger linear term
  const double sum = p_los * std::pow(10.0, -(los_dB - ref) / 10.0) +
                     (1.0 - p_los) * std::pow(10.0, -(nlos_dB - ref) / 10.0);
  return ref - 10.0 * std::log10(sum);
}

namespace {

[[noreturn]] void bad(std::string_view field, std::string_view found, std::string_view expected) {
  throw_input_error(InputLocation{}, field, found, expected);
}

std::string num(double v) {
  return fmt::format("{}", v);
}

class FreeSpaceModel final : public PathLossModel {
 public:
  std::string_view name() const noexcept override { return "free_space"; }
  bool uses_profile() const noexcept override { return false; }
  double loss_dB(const LinkInput& link) const noexcept override {
    return p525::free_space_loss_dB_si(link.freq_Hz, distance_3d_m(link));
  }
  std::string describe() const override {
    return "free_space: ITU-R P.525-4 free-space basic transmission loss over the 3-D distance";
  }
};

class P526Model final : public PathLossModel {
 public:
  P526Model(double k_factor, p526::Surface surface) : k_(k_factor), surface_(surface) {}
  std::string_view name() const noexcept override { return "p526"; }
  bool uses_profile() const noexcept override { return true; }
  double loss_dB(const LinkInput& link) const noexcept override {
    const double f_GHz = link.freq_Hz * 1e-9;
    const double hts = link.z_tx_m + link.h_tx_m;
    const double hrs = link.z_rx_m + link.h_rx_m;
    const double ae_km = p526::kEarthRadius_km * k_;
    const std::array<double, 2> ends_d{0.0, link.d_m};
    const std::array<double, 2> ends_z{link.z_tx_m, link.z_rx_m};
    std::span<const double> d(ends_d);
    std::span<const double> z(ends_z);
    if (link.profile_n >= 2 && link.profile_d_m != nullptr && link.profile_z_m != nullptr) {
      d = std::span<const double>(link.profile_d_m, static_cast<std::size_t>(link.profile_n));
      z = std::span<const double>(link.profile_z_m, static_cast<std::size_t>(link.profile_n));
    }
    const double Ld = p526::delta_bullington_loss_dB(d, z, hts, hrs, f_GHz, ae_km, surface_,
                                                     1e-3 /* profile in metres */);
    return p525::free_space_loss_dB_si(link.freq_Hz, distance_3d_m(link)) + Ld;
  }
  std::string describe() const override {
    return fmt::format(
        "p526: ITU-R P.525-4 free-space loss + ITU-R P.526-15 delta-Bullington diffraction over "
        "the terrain profile (k = {:.4g}, {} polarization, eps_r = {}, sigma = {} S/m)",
        k_, surface_.pol == p526::Polarization::Vertical ? "vertical" : "horizontal",
        surface_.eps_r, surface_.sigma_S_per_m);
  }

 private:
  double k_;
  p526::Surface surface_;
};

std::string_view los_mode_name(LosMode m) {
  switch (m) {
    case LosMode::Los:
      return "LoS";
    case LosMode::Nlos:
      return "NLoS";
    case LosMode::Probabilistic:
      return "probabilistic";
    case LosMode::Terrain:
      return "terrain";
  }
  return "";
}

class Tr38901Model final : public PathLossModel {
 public:
  Tr38901Model(tr38901::Scenario s, tr38901::Params p, LosMode mode, double k_factor)
      : s_(s), p_(p), mode_(mode), k_(k_factor) {}
  std::string_view name() const noexcept override { return "tr38901"; }
  bool uses_profile() const noexcept override { return mode_ == LosMode::Terrain; }
  double loss_dB(const LinkInput& link) const noexcept override {
    // TR 38.901 heights are above ground: h_BS = h_tx, h_UT = h_rx; d_3D includes terrain.
    const tr38901::PathLoss pl = tr38901::path_loss(s_, p_, link.freq_Hz * 1e-9, link.d_m,
                                                    distance_3d_m(link), link.h_tx_m, link.h_rx_m);
    switch (mode_) {
      case LosMode::Los:
        return pl.los_dB;
      case LosMode::Nlos:
        return pl.nlos_dB;
      case LosMode::Probabilistic:
        return los_weighted_loss_dB(
            tr38901::los_probability(s_, p_, link.d_m, link.h_tx_m, link.h_rx_m), pl.los_dB,
            pl.nlos_dB);
      case LosMode::Terrain:
        return terrain_line_of_sight(link, k_) ? pl.los_dB : pl.nlos_dB;
    }
    return pl.nlos_dB;
  }
  std::string describe() const override {
    // Only the parameters the chosen scenario and LoS mode read.
    std::string params;
    switch (s_) {
      case tr38901::Scenario::RMa:
        params = fmt::format(", h = {} m, W = {} m", p_.h_m, p_.W_m);
        break;
      case tr38901::Scenario::UMa:
        params = fmt::format(", h_E = {} m", p_.h_E_m);
        break;
      case tr38901::Scenario::InF_SL:
      case tr38901::Scenario::InF_DL:
      case tr38901::Scenario::InF_SH:
      case tr38901::Scenario::InF_DH:
        params =
            fmt::format(", r = {}, h_c = {} m, d_clutter = {} m", p_.r, p_.h_c_m, p_.d_clutter_m);
        break;
      default:
        break;
    }
    if (mode_ == LosMode::Terrain) params += fmt::format(", k = {:.4g}", k_);
    return fmt::format(
        "tr38901: 3GPP TR 38.901 V17.0.0 §7.4.1 path loss, scenario {}, LoS state {}{}",
        tr38901::scenario_name(s_), los_mode_name(mode_), params);
  }

 private:
  tr38901::Scenario s_;
  tr38901::Params p_;
  LosMode mode_;
  double k_;
};

void check_k_factor(double k) {
  if (!(std::isfinite(k) && k > 0.0)) bad("propagation.k_factor", num(k), "a number > 0");
}

std::unique_ptr<PathLossModel> make_p526(const ModelConfig& c) {
  check_k_factor(c.k_factor);
  p526::Surface surface;
  if (c.polarization == "vertical") {
    surface.pol = p526::Polarization::Vertical;
  } else if (c.polarization == "horizontal") {
    surface.pol = p526::Polarization::Horizontal;
  } else {
    bad("propagation.p526.polarization", "'" + c.polarization + "'", "vertical or horizontal");
  }
  if (!(std::isfinite(c.ground_permittivity) && c.ground_permittivity >= 1.0)) {
    bad("propagation.p526.ground_permittivity", num(c.ground_permittivity), "a number >= 1");
  }
  if (!(std::isfinite(c.ground_conductivity_S_per_m) && c.ground_conductivity_S_per_m > 0.0)) {
    bad("propagation.p526.ground_conductivity_S_per_m", num(c.ground_conductivity_S_per_m),
        "a number > 0");
  }
  surface.eps_r = c.ground_permittivity;
  surface.sigma_S_per_m = c.ground_conductivity_S_per_m;
  return std::make_unique<P526Model>(c.k_factor, surface);
}

void check_range(std::string_view field, double v, double lo, double hi,
                 std::string_view expected) {
  if (!(std::isfinite(v) && v >= lo && v <= hi)) bad(field, num(v), expected);
}

std::unique_ptr<PathLossModel> make_tr38901(const ModelConfig& c) {
  tr38901::Scenario s{};
  if (!tr38901::parse_scenario(c.scenario, s)) {
    bad("propagation.tr38901.scenario", "'" + c.scenario + "'",
        "one of RMa, UMa, UMi, InH, InH-open, InF-SL, InF-DL, InF-SH, InF-DH");
  }
  if (c.los_mode != LosMode::Los && c.los_mode != LosMode::Nlos &&
      c.los_mode != LosMode::Probabilistic && c.los_mode != LosMode::Terrain) {
    bad("propagation.tr38901.los_mode", num(static_cast<int>(c.los_mode)),
        "one of los, nlos, probabilistic, terrain");
  }
  if (c.los_mode == LosMode::Terrain) check_k_factor(c.k_factor);
  tr38901::Params p;
  // Table 7.4.1-1 RMa applicability ranges: 5 m <= h <= 50 m, 5 m <= W <= 50 m
  check_range("propagation.tr38901.avg_building_height_m", c.avg_building_height_m, 5, 50,
              "a height in [5, 50] m (TR 38.901 Table 7.4.1-1, RMa)");
  check_range("propagation.tr38901.avg_street_width_m", c.avg_street_width_m, 5, 50,
              "a width in [5, 50] m (TR 38.901 Table 7.4.1-1, RMa)");
  check_range("propagation.tr38901.h_e_m", c.h_e_m, 0, 1e9, "a height >= 0 m");
  check_range("propagation.tr38901.clutter_density", c.clutter_density, 0, 0.999999,
              "a fraction in [0, 1)");
  check_range("propagation.tr38901.clutter_height_m", c.clutter_height_m, 1e-9, 1e9,
              "a height > 0 m");
  check_range("propagation.tr38901.clutter_size_m", c.clutter_size_m, 1e-9, 1e9, "a size > 0 m");
  check_range("propagation.tr38901.hall_ceiling_m", c.hall_ceiling_m, 1e-9, 1e9, "a height > 0 m");
  const bool inf = s == tr38901::Scenario::InF_SL || s == tr38901::Scenario::InF_DL ||
                   s == tr38901::Scenario::InF_SH || s == tr38901::Scenario::InF_DH;
  if (inf && c.clutter_height_m > c.hall_ceiling_m) {
    bad("propagation.tr38901.clutter_height_m", num(c.clutter_height_m),
        fmt::format("a height <= hall_ceiling_m = {} m", c.hall_ceiling_m));
  }
  p.h_m = c.avg_building_height_m;
  p.W_m = c.avg_street_width_m;
  p.h_E_m = c.h_e_m;
  p.r = c.clutter_density;
  p.h_c_m = c.clutter_height_m;
  p.d_clutter_m = c.clutter_size_m;
  return std::make_unique<Tr38901Model>(s, p, c.los_mode, c.k_factor);
}

}  // namespace

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = {
      "free_space", "p526",       "tr38901",       "p452-18", "p1812",
      "itm",        "ehata-ntia", "extended-hata", "p1411",   "ray-2.5d"};
  return names;
}

std::optional<FrequencyRange> model_frequency_range(const ModelConfig& config) {
  const std::string& n = config.name;
  if (n == "tr38901") return FrequencyRange{0.5e9, 100e9, "3GPP TR 38.901 V17.0.0 §7.4.1"};
  if (n == "p452-18") return FrequencyRange{0.1e9, 50e9, "ITU-R P.452-18 §1 (about 0.1-50 GHz)"};
  if (n == "p1812") return FrequencyRange{30e6, 6e9, "ITU-R P.1812-6 (30 MHz to 6 GHz)"};
  if (n == "itm") return FrequencyRange{20e6, 20e9, "NTIA ITM (20 MHz to 20 GHz)"};
  if (n == "extended-hata") {
    return FrequencyRange{
        30e6, extended_hata::max_frequency_MHz(config.extended_hata.extend_above_3GHz) * 1e6,
        "ERC Report 68 / SEAMCAT extended Hata"};
  }
  return std::nullopt;
}

std::unique_ptr<PathLossModel> make_path_loss_model(const ModelConfig& config) {
  if (config.name == "free_space") return std::make_unique<FreeSpaceModel>();
  if (config.name == "p526") return make_p526(config);
  if (config.name == "tr38901") return make_tr38901(config);
  if (config.name == "p452-18") return make_p452_18_model(config.p452);
  if (config.name == "p1812") return make_p1812_6_model(config.p1812);
  if (config.name == "itm") return make_itm_model(config.itm);
  if (config.name == "ehata-ntia") return make_ehata_ntia_model(config.ehata);
  if (config.name == "extended-hata") return make_extended_hata_model(config.extended_hata);
  if (config.name == "p1411") return make_p1411_model(config.p1411);
  if (config.name == "ray-2.5d") {
    return make_ray_model(config.ray, config.polarization, config.buildings);
  }
  std::string known;
  for (const auto& n : model_names()) known += (known.empty() ? "" : ", ") + n;
  bad("propagation.model", "'" + config.name + "'", "one of " + known);
}

}  // namespace akichi::prop

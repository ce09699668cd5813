// Losses added on top of any model. See the header.
#include "propagation/engine/added_losses.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

#include "base/errors.h"
#include "propagation/engine/model_adapters.h"
#include "propagation/models/itu_r_p530_18.h"
#include "propagation/models/itu_r_p838_3.h"

namespace akichi::prop {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDegPerRad = 180.0 / std::numbers::pi;

/// The [propagation.clutter] clutter_type choices: the land cover's names of P.2108-1 Table 3.
std::vector<std::string> clutter_type_choices() {
  std::vector<std::string> keys;
  for (const std::string_view k : clutter_type_keys()) keys.emplace_back(k);
  return keys;
}

/// The clutter source of a configuration: the one given, or uniform from the keys (a height of
/// 0 standing for Table 3's height of the type).
std::shared_ptr<const ClutterSource> clutter_source(const ClutterConfig& c) {
  if (c.source) return c.source;
  const p2108::ClutterType type = clutter_type_of(c.clutter_type);
  const double R =
      c.clutter_height_m > 0 ? c.clutter_height_m : p2108::default_clutter_height_m(type);
  return std::make_shared<UniformClutter>(ClutterAt{type, R});
}

std::string ends_text(std::string_view ends) {
  if (ends == "both") return "both ends";
  return ends == "tx" ? "the station (tx) end" : "the grid-cell (rx) end";
}

std::string describe_clutter(const ClutterConfig& c) {
  if (c.model == "p2108-terminal") {
    return fmt::format(
        "clutter: ITU-R P.2108-1 §3.1 height-gain terminal correction at {} (clutter type and R "
        "from the land cover where the study has one, otherwise {}; w_s = {} m)",
        ends_text(c.ends), clutter_source(c)->describe(), c.street_width_m);
  }
  return fmt::format(
      "clutter: ITU-R P.2108-1 §3.2 terrestrial statistical clutter loss not exceeded at {} % of "
      "locations, at {}{}",
      c.location_percent, ends_text(c.ends), c.ends == "both" ? " (twice from 1 km)" : "");
}

std::string describe_rain(const RainConfig& r) {
  const std::string rate =
      r.rain_rate_map.empty()
          ? fmt::format("R0.01 = {} mm/h (given)", r.R001_mm_h)
          : fmt::format("R0.01 = {:.2f} mm/h (ITU-R P.837-7 map {} at {} N, {} E)", r.R001_mm_h,
                        r.rain_rate_map, r.latitude_deg, r.longitude_deg);
  return fmt::format(
      "rain: ITU-R P.530-18 §2.4.1 attenuation exceeded for {} % of the time, {}, {} "
      "polarisation (ITU-R P.838-3), on wanted-signal links only",
      r.time_percent, rate, r.polarization);
}

std::string describe_gases(const GasesConfig& g) {
  return fmt::format(
      "gases: ITU-R P.676-13 Annex 1 over the path ({} deg C, {} hPa dry air, {} g/m3 water "
      "vapour), on {}",
      g.temperature_C, g.dry_pressure_hPa, g.water_vapour_g_m3,
      g.interference_paths ? "every link" : "wanted-signal links only");
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string UniformClutter::describe() const {
  return fmt::format("{}, R = {} m everywhere", clutter_type_key(at_.type), at_.height_m);
}

p2108::ClutterType clutter_type_of(std::string_view key) {
  if (const auto type = clutter_type_from_key(key)) return *type;
  throw_input_error(InputLocation{}, "propagation.clutter.clutter_type",
                    "'" + std::string(key) + "'",
                    "one of " + fmt::format("{}", fmt::join(clutter_type_keys(), ", ")));
}

double polarization_tilt_deg(std::string_view polarization) {
  if (polarization == "horizontal") return p838::kTauHorizontal_deg;
  if (polarization == "circular") return p838::kTauCircular_deg;
  return p838::kTauVertical_deg;
}

// ---------------------------------------------------------------------------------------------

AddedLosses::AddedLosses(std::unique_ptr<PathLossModel> inner, const AddedLossesConfig& config)
    : inner_(std::move(inner)), config_(config) {
  if (config_.has_clutter()) clutter_ = clutter_source(config_.clutter);
  rain_ = config_.rain.enabled && config_.role == LinkRole::Wanted;
  gases_ = config_.gases.enabled &&
           (config_.role == LinkRole::Wanted || config_.gases.interference_paths);
  tau_deg_ = polarization_tilt_deg(config_.rain.polarization);
  if (gases_) {
    // P.676-13 eq. (3): theta = 300 / T with T in kelvin.
    gas_state_ = p676::gas_state(config_.gases.dry_pressure_hPa, config_.gases.water_vapour_g_m3,
                                 config_.gases.temperature_C + 273.15);
  }
}

double AddedLosses::clutter_dB(const LinkInput& link) const noexcept {
  const ClutterConfig& c = config_.clutter;
  const double f_GHz = link.freq_Hz * 1e-9;
  const bool tx = c.ends != "rx", rx = c.ends != "tx";
  if (c.model == "p2108-terminal") {
    // §3.1: A_h at each end in clutter, from the clutter type and representative height there
    // (eqs. (2a)-(2g); 0 for an antenna at or above the clutter height).
    double sum = 0;
    const auto end = [&](double x, double y, double h) {
      // The land cover's clutter where the study has one (make_link passes it), else the
      // configuration's source
      const ClutterAt at = link.land_cover != nullptr ? link.land_cover->clutter_at(x, y)
                                                      : clutter_->clutter_at(x, y);
      if (p2108::validate_height_gain(f_GHz, h, c.street_width_m, at.height_m,
                                      static_cast<int>(at.type)) != p2108::kSuccess) {
        return kNaN;
      }
      return p2108::height_gain_correction_dB(f_GHz, h, c.street_width_m, at.height_m, at.type);
    };
    if (tx) sum += end(link.x_tx_m, link.y_tx_m, link.h_tx_m);
    if (rx) sum += end(link.x_rx_m, link.y_rx_m, link.h_rx_m);
    return sum;
  }
  // §3.2: L_ctc for the path length, taken at 0.25 km on shorter paths (the model's lower
  // limit); "both ends" adds it twice from 1 km, as §3.2 allows.
  if (!(f_GHz >= 0.5 && f_GHz <= 67.0)) return kNaN;
  const double d_km = std::max(link.d_m * 1e-3, 0.25);
  const double L_ctc = p2108::terrestrial_clutter_loss_dB(f_GHz, d_km, c.location_percent);
  return (tx && rx && d_km >= 1.0) ? 2.0 * L_ctc : L_ctc;
}

AddedTerms AddedLosses::terms(const LinkInput& link) const noexcept {
  AddedTerms t;
  if (clutter_) t.clutter_dB = clutter_dB(link);
  if (!rain_ && !gases_) return t;
  const double f_GHz = link.freq_Hz * 1e-9;
  const double r_km = distance_3d_m(link) * 1e-3;  // the straight path between the antennas
  if (rain_) {
    if (!(f_GHz >= 1.0 && f_GHz <= 100.0)) {
      t.rain_dB = kNaN;
    } else {
      // P.838-3 eqs. (4)-(5) take the path elevation; P.530-18 §2.4.1 steps 2-5.
      const double dz = (link.z_rx_m + link.h_rx_m) - (link.z_tx_m + link.h_tx_m);
      const double theta_deg = std::atan2(std::abs(dz), link.d_m) * kDegPerRad;
      t.rain_dB = p530::rain_attenuation(r_km, f_GHz, config_.rain.R001_mm_h,
                                         config_.rain.time_percent, tau_deg_, theta_deg)
                      .Ap_dB;
    }
  }
  if (gases_) {
    t.gases_dB = (f_GHz >= 1.0 && f_GHz <= 1000.0)
                     ? p676::specific_attenuation(gas_state_, f_GHz).total() * r_km  // eq. (10)
                     : kNaN;
  }
  return t;
}

double AddedLosses::loss_dB(const LinkInput& link) const {
  return inner_->loss_dB(link) + terms(link).total();
}

double AddedLosses::loss_and_mechanism_dB(const LinkInput& link, Mechanism& dominant) const {
  return inner_->loss_and_mechanism_dB(link, dominant) + terms(link).total();
}

std::string AddedLosses::describe() const {
  return inner_->describe() + " + " + describe_added_losses(config_);
}

std::string describe_added_losses(const AddedLossesConfig& config) {
  std::vector<std::string> parts;
  if (config.has_clutter()) parts.push_back(describe_clutter(config.clutter));
  if (config.rain.enabled) parts.push_back(describe_rain(config.rain));
  if (config.gases.enabled) parts.push_back(describe_gases(config.gases));
  return fmt::format("{}", fmt::join(parts, " + "));
}

std::unique_ptr<PathLossModel> with_added_losses(std::unique_ptr<PathLossModel> inner,
                                                 const ModelConfig& config) {
  const AddedLossesConfig& a = config.added;
  if (!a.any()) return inner;
  check_added_losses(config, config.buildings != nullptr, Reject("propagation.clutter"),
                     Reject("propagation.gases"));
  if (!a.adds_for(a.role)) return inner;
  return std::make_unique<AddedLosses>(std::move(inner), a);
}

void check_added_losses(const ModelConfig& config, bool with_buildings, const Reject& clutter,
                        const Reject& gases) {
  const AddedLossesConfig& a = config.added;
  const std::string& m = config.name;
  if (a.has_clutter()) {
    std::string why;
    if (m == "p1411") {
      why =
          "ITU-R P.1411-12's site-general models include the clutter of the measured "
          "environments (it warns against adding a clutter loss)";
    } else if (m == "tr38901") {
      why = "3GPP TR 38.901's path losses include the clutter of their scenarios";
    } else if (m == "ehata-ntia" || m == "extended-hata") {
      why = "the Hata family's urban/suburban losses are measured in clutter";
    } else if (m == "ray-2.5d" && with_buildings) {
      why = "ray-2.5d traces the scenario's buildings, the clutter itself";
    } else if (m == "p1812" &&
               (config.p1812.clutter_height_m != 0.0 || config.p1812.tx_clutter_height_m != 0.0 ||
                config.p1812.rx_clutter_height_m != 0.0)) {
      why =
          "ITU-R P.1812-6 with representative clutter heights already has the terminal "
          "clutter losses (§4.7)";
    }
    if (!why.empty()) {
      clutter("model", fmt::format("'{}' with [propagation] model = \"{}\"", a.clutter.model, m),
              "'none': " + why + ", so adding ITU-R P.2108 would count it twice");
    }
  }
  if (a.gases.enabled && (m == "p452-18" || m == "p1812")) {
    gases("model", fmt::format("[propagation.gases] with [propagation] model = \"{}\"", m),
          "no [propagation.gases] table: the model adds ITU-R P.676 gaseous absorption itself, "
          "so adding it again would count it twice");
  }
}

std::optional<FrequencyLimit> clutter_frequency_limit(std::string_view clutter_model) {
  if (clutter_model == "p2108-terminal")
    return FrequencyLimit{{0.03e9, 3e9}, "ITU-R P.2108-1 §3.1"};
  if (clutter_model == "p2108-statistical")
    return FrequencyLimit{{0.5e9, 67e9}, "ITU-R P.2108-1 §3.2"};
  return std::nullopt;
}

FrequencyLimit rain_frequency_limit() {
  return {{1e9, 100e9}, "ITU-R P.530-18 §2.4.1 with ITU-R P.838-3"};
}

FrequencyLimit gases_frequency_limit() {
  return {{1e9, 1000e9}, "ITU-R P.676-13 Annex 1"};
}

// ---------------------------------------------------------------------------------------------
// The schema of the tables.

namespace {

ModelEntry clutter_table() {
  ModelEntry e;
  e.name = "clutter";
  e.summary =
      "clutter loss added to any model: ITU-R P.2108-1 §3.1 terminal correction or §3.2 "
      "terrestrial statistical loss";
  const auto C = [](auto& c) -> auto& {
    return c.added.clutter;
  };
  e.parameters = {
      choice_param(
          "model", {"none", "p2108-terminal", "p2108-statistical"}, "none",
          "none, P.2108-1 §3.1 height-gain terminal correction, or §3.2 terrestrial "
          "statistical clutter loss",
          [C](auto& c) -> auto& { return C(c).model; }),
      choice_param(
          "ends", {"rx", "tx", "both"}, "rx",
          "ends in clutter: rx = the grid cell (terminal), tx = the station, or both",
          [C](auto& c) -> auto& { return C(c).ends; }),
      only_with(choice_param(
                    "clutter_type", clutter_type_choices(), "urban",
                    "P.2108-1 Table 3 clutter type around the ends in clutter",
                    [C](auto& c) -> auto& { return C(c).clutter_type; }),
                "model", {"p2108-terminal"}),
      only_with(number_param(
                    "clutter_height_m", "m", at_least(0), 0,
                    "representative clutter height R; 0 = Table 3's height for the type",
                    [C](auto& c) -> auto& { return C(c).clutter_height_m; }),
                "model", {"p2108-terminal"}),
      only_with(
          number_param(
              "street_width_m", "m", above(0), p2108::kDefaultStreetWidth_m,
              "street width w_s of §3.1", [C](auto& c) -> auto& { return C(c).street_width_m; }),
          "model", {"p2108-terminal"}),
      only_with(number_param(
                    "location_percent", "%", open(0, 100), 50,
                    "percentage of locations at which the §3.2 loss is not exceeded",
                    [C](auto& c) -> auto& { return C(c).location_percent; }),
                "model", {"p2108-statistical"}),
  };
  e.make = [](const ModelConfig&) -> std::unique_ptr<PathLossModel> { return nullptr; };
  return e;
}

ModelEntry rain_table() {
  ModelEntry e;
  e.name = "rain";
  e.summary =
      "rain attenuation on wanted-signal links: ITU-R P.530-18 §2.4.1 with ITU-R P.838-3, R0.01 "
      "given or from a user's ITU-R P.837-7 map";
  const auto R = [](auto& c) -> auto& {
    return c.added.rain;
  };
  e.parameters = {
      number_param(
          "time_percent", "%", closed(0.001, 1), 0.01,
          "percentage of an average year for which the attenuation is exceeded",
          [R](auto& c) -> auto& { return R(c).time_percent; }),
      excluding(number_param(
                    "rain_rate_mm_h", "mm/h", at_least(0), 0,
                    "R0.01, the rain rate exceeded for 0.01 % of the time (1-min "
                    "integration); 0 = from rain_rate_map",
                    [R](auto& c) -> auto& { return R(c).rain_rate_mm_h; }),
                "rain_rate_map"),
      path_param(
          "rain_rate_map", "a copy of the ITU-R P.837-7 map R001.TXT; replaces rain_rate_mm_h",
          [R](auto& c) -> auto& { return R(c).rain_rate_map; }),
      area_default(
          number_param(
              "latitude_deg", "deg", closed(-90, 90), 0, "latitude of the map look-up point",
              [R](auto& c) -> auto& { return R(c).latitude_deg; }),
          ContextDefault::AreaCentreLatitude),
      area_default(
          number_param(
              "longitude_deg", "deg", closed(-180, 360), 0, "longitude of the map look-up point",
              [R](auto& c) -> auto& { return R(c).longitude_deg; }),
          ContextDefault::AreaCentreLongitude),
      choice_param(
          "polarization", {"vertical", "horizontal", "circular"}, "vertical",
          "polarisation (P.838-3 tilt tau: 90, 0 or 45 deg)",
          [R](auto& c) -> auto& { return R(c).polarization; }),
  };
  e.check = [](const ModelConfig& c, const Reject& reject) {
    const RainConfig& r = c.added.rain;
    if (r.rain_rate_map.empty() && !(r.rain_rate_mm_h > 0.0)) {
      reject("rain_rate_mm_h", r.rain_rate_mm_h == 0.0 ? "neither it nor rain_rate_map" : "0",
             "R0.01 > 0 (mm/h), or rain_rate_map");
    }
  };
  e.make = [](const ModelConfig&) -> std::unique_ptr<PathLossModel> { return nullptr; };
  return e;
}

ModelEntry gases_table() {
  ModelEntry e;
  e.name = "gases";
  e.summary = "gaseous absorption added to models without it: ITU-R P.676-13 Annex 1, A = gamma d";
  const auto G = [](auto& c) -> auto& {
    return c.added.gases;
  };
  e.parameters = {
      number_param(
          "temperature_C", "degC", closed(-90, 60), 15,
          "air temperature", [G](auto& c) -> auto& { return G(c).temperature_C; }),
      number_param(
          "dry_pressure_hPa", "hPa", closed(100, 1100), 1013.25,
          "dry-air pressure", [G](auto& c) -> auto& { return G(c).dry_pressure_hPa; }),
      number_param(
          "water_vapour_g_m3", "g/m3", closed(0, 50), 7.5,
          "water-vapour density", [G](auto& c) -> auto& { return G(c).water_vapour_g_m3; }),
      boolean_param(
          "interference_paths", false,
          "also add the absorption on interference links (default: wanted-signal "
          "links only)",
          [G](auto& c) -> auto& { return G(c).interference_paths; }),
  };
  e.make = [](const ModelConfig&) -> std::unique_ptr<PathLossModel> { return nullptr; };
  return e;
}

}  // namespace

const std::vector<ModelEntry>& added_loss_tables() {
  static const std::vector<ModelEntry> tables{clutter_table(), rain_table(), gases_table()};
  return tables;
}

}  // namespace akichi::prop

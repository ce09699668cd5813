// make_antenna: checks an AntennaConfig and builds the pattern it names.
//   "isotropic"   constant gain_dBi in every direction
//   "3gpp_sector" 3GPP TR 38.901 V17.0.0 Table 7.3-1 element (tr38901_element.h)
//   "msi"         MSI / Planet pattern file (msi_pattern.h); the gain is the file's GAIN,
//                 config.gain_dBi and the 3gpp_sector parameters are not used
//   "s465"        ITU-R S.465-6 earth-station reference pattern (earth_station.h)
//   "s580"        ITU-R S.580-6 earth-station design objective, D/lambda >= 50 (earth_station.h)
//   "m2101"       ITU-R M.2101-0 Annex 1 §5 array, fixed beam or envelope (m2101_array.h)
//   "f1336"       ITU-R F.1336-5 omnidirectional / sectoral, peak / average (f1336.h)
//   "f699"        ITU-R F.699-8 fixed-wireless dish (f699.h)
#include <cmath>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "propagation/antenna/earth_station.h"
#include "propagation/antenna/f1336.h"
#include "propagation/antenna/f699.h"
#include "propagation/antenna/m2101_array.h"
#include "propagation/antenna/msi_pattern.h"
#include "propagation/antenna/tr38901_element.h"

namespace akichi::prop {

namespace {

class IsotropicAntenna final : public Antenna {
 public:
  explicit IsotropicAntenna(double gain_dBi) noexcept : gain_dBi_(gain_dBi) {}
  double gain_dBi(double, double) const noexcept override { return gain_dBi_; }
  double max_gain_dBi() const noexcept override { return gain_dBi_; }
  std::string describe() const override { return fmt::format("isotropic {:g} dBi", gain_dBi_); }

 private:
  double gain_dBi_;
};

void require_finite(double value, std::string_view field) {
  if (!std::isfinite(value)) {
    throw_input_error({}, fmt::format("antenna.{}", field), fmt::format("{}", value),
                      "a finite number");
  }
}

void require_positive(double value, std::string_view field, double upper_limit) {
  if (!(value > 0 && value <= upper_limit)) {
    throw_input_error({}, fmt::format("antenna.{}", field), fmt::format("{:g}", value),
                      fmt::format("a value > 0 and <= {:g}", upper_limit));
  }
}

void require_non_negative(double value, std::string_view field) {
  if (!(value >= 0) || !std::isfinite(value)) {
    throw_input_error({}, fmt::format("antenna.{}", field), fmt::format("{:g}", value),
                      "a finite value >= 0");
  }
}

void check_pointing(const AntennaConfig& c) {
  require_finite(c.azimuth_deg, "azimuth_deg");
  require_finite(c.downtilt_deg, "downtilt_deg");
  if (c.downtilt_deg < -90 || c.downtilt_deg > 90) {
    throw_input_error({}, "antenna.downtilt_deg", fmt::format("{:g}", c.downtilt_deg),
                      "a value in [-90, 90] degrees");
  }
}

constexpr double kSpeedOfLight_m_per_s = 299792458.0;

std::unique_ptr<Antenna> make_earth_station(const AntennaConfig& c) {
  const bool s465 = c.type == "s465";
  const auto rec = s465 ? EarthStationRecommendation::kS465_6 : EarthStationRecommendation::kS580_6;
  if (c.gso_longitude_deg) {
    throw_input_error({}, "antenna.gso_longitude_deg", fmt::format("{:g}", *c.gso_longitude_deg),
                      "azimuth_deg and elevation_deg resolved by resolve_gso_pointing() before "
                      "the antenna is built");
  }
  require_finite(c.azimuth_deg, "azimuth_deg");
  if (!(c.elevation_deg >= -90 && c.elevation_deg <= 90)) {
    throw_input_error({}, "antenna.elevation_deg", fmt::format("{:g}", c.elevation_deg),
                      "a value in [-90, 90] degrees");
  }
  if (!(c.diameter_m > 0) || !std::isfinite(c.diameter_m)) {
    throw_input_error({}, "antenna.diameter_m", fmt::format("{:g}", c.diameter_m),
                      "a finite value > 0 m");
  }
  if (s465) {
    if (!(c.freq_Hz >= 2e9 && c.freq_Hz <= 31e9)) {  // S.465-6 title: 2 to 31 GHz
      throw_input_error({}, "antenna.freq_Hz", fmt::format("{:g}", c.freq_Hz),
                        "a value in [2e9, 3.1e10] Hz (ITU-R S.465-6: 2 to 31 GHz)");
    }
  } else {
    require_positive(c.freq_Hz, "freq_Hz", 300e9);
  }
  const double D_over_lambda = c.diameter_m * c.freq_Hz / kSpeedOfLight_m_per_s;
  if (!s465 && D_over_lambda < 50) {  // S.580-6 applies to D/lambda >= 50
    throw_input_error({}, "antenna.diameter_m",
                      fmt::format("{:g} (D/lambda {:.4g} at {:g} GHz)", c.diameter_m, D_over_lambda,
                                  c.freq_Hz / 1e9),
                      "D/lambda >= 50 for ITU-R S.580-6 (use type 's465' for smaller dishes)");
  }
  double G_max_dBi = c.gain_dBi;
  if (std::isnan(c.gain_dBi)) {
    if (!(c.efficiency > 0 && c.efficiency <= 1)) {
      throw_input_error({}, "antenna.efficiency", fmt::format("{:g}", c.efficiency),
                        "a value > 0 and <= 1");
    }
    G_max_dBi = parabolic_max_gain_dBi(D_over_lambda, c.efficiency);
  }
  const EarthStationEnvelope env = make_earth_station_envelope(rec, D_over_lambda, G_max_dBi);
  if (!(G_max_dBi > env.G1_dBi) || !std::isfinite(G_max_dBi)) {
    throw_input_error(
        {}, "antenna.gain_dBi", fmt::format("{:g}", c.gain_dBi),
        fmt::format("NaN (G_max from the efficiency) or a finite maximum gain above the first "
                    "side-lobe level {:.2f} dBi",
                    env.G1_dBi));
  }
  return std::make_unique<EarthStationAntenna>(env, c.azimuth_deg, c.elevation_deg, c.diameter_m,
                                               c.freq_Hz);
}

void require_in(double value, std::string_view field, double lo, double hi, std::string_view unit) {
  if (!(value >= lo && value <= hi)) {
    throw_input_error({}, fmt::format("antenna.{}", field), fmt::format("{:g}", value),
                      fmt::format("a value in [{:g}, {:g}] {}", lo, hi, unit));
  }
}

void check_element(const AntennaConfig& c) {
  require_finite(c.gain_dBi, "gain_dBi");
  check_pointing(c);
  require_positive(c.hpbw_h_deg, "hpbw_h_deg", 360.0);
  require_positive(c.hpbw_v_deg, "hpbw_v_deg", 180.0);
  require_non_negative(c.front_to_back_dB, "front_to_back_dB");
  require_non_negative(c.sla_v_dB, "sla_v_dB");
}

/// At most this many beams in an envelope: each costs a pass over the table.
constexpr std::size_t kMaxEnvelopeBeams = 2000;

std::unique_ptr<Antenna> make_m2101(const AntennaConfig& c) {
  check_element(c);
  if (c.elements_h < 1 || c.elements_h > 64) {
    throw_input_error({}, "antenna.elements_h", fmt::format("{}", c.elements_h),
                      "a whole number in [1, 64]");
  }
  if (c.elements_v < 1 || c.elements_v > 64) {
    throw_input_error({}, "antenna.elements_v", fmt::format("{}", c.elements_v),
                      "a whole number in [1, 64]");
  }
  require_positive(c.spacing_h, "spacing_h", 10.0);
  require_positive(c.spacing_v, "spacing_v", 10.0);
  require_in(c.correlation, "correlation", 0, 1, "dimensionless");
  M2101ArrayParams p;
  p.G_E_max_dBi = c.gain_dBi;
  p.phi_3dB_deg = c.hpbw_h_deg;
  p.theta_3dB_deg = c.hpbw_v_deg;
  p.A_m_dB = c.front_to_back_dB;
  p.SLA_v_dB = c.sla_v_dB;
  p.N_H = c.elements_h;
  p.N_V = c.elements_v;
  p.d_H = c.spacing_h;
  p.d_V = c.spacing_v;
  p.rho = c.correlation;
  if (c.beam == "fixed") {
    require_in(c.escan_deg, "electrical_scan_deg", -90, 90, "degrees");
    require_in(c.etilt_deg, "electrical_tilt_deg", -90, 90, "degrees");
    return std::make_unique<M2101ArrayAntenna>(p, M2101Beam{c.escan_deg, c.etilt_deg},
                                               c.azimuth_deg, c.downtilt_deg);
  }
  if (c.beam != "envelope") {
    throw_input_error({}, "antenna.beam", fmt::format("'{}'", c.beam), "one of fixed, envelope");
  }
  require_in(c.escan_min_deg, "beam_scan_min_deg", -90, 90, "degrees");
  require_in(c.escan_max_deg, "beam_scan_max_deg", c.escan_min_deg, 90,
             "degrees (beam_scan_min_deg to 90)");
  require_positive(c.escan_step_deg, "beam_scan_step_deg", 180.0);
  require_in(c.etilt_min_deg, "beam_tilt_min_deg", -90, 90, "degrees");
  require_in(c.etilt_max_deg, "beam_tilt_max_deg", c.etilt_min_deg, 90,
             "degrees (beam_tilt_min_deg to 90)");
  require_positive(c.etilt_step_deg, "beam_tilt_step_deg", 180.0);
  std::vector<M2101Beam> beams =
      m2101_beam_grid(c.escan_min_deg, c.escan_max_deg, c.escan_step_deg, c.etilt_min_deg,
                      c.etilt_max_deg, c.etilt_step_deg);
  if (beams.size() > kMaxEnvelopeBeams) {
    throw_input_error({}, "antenna.beam_scan_step_deg",
                      fmt::format("{:g} ({} beams with beam_tilt_step_deg {:g})", c.escan_step_deg,
                                  beams.size(), c.etilt_step_deg),
                      fmt::format("steps giving at most {} beams", kMaxEnvelopeBeams));
  }
  return std::make_unique<M2101ArrayAntenna>(p, std::move(beams), c.azimuth_deg, c.downtilt_deg);
}

std::unique_ptr<Antenna> make_f1336(const AntennaConfig& c) {
  require_finite(c.gain_dBi, "gain_dBi");
  check_pointing(c);
  F1336Params p;
  if (c.variant == "omni-peak") {
    p.variant = F1336Variant::kOmniPeak;
  } else if (c.variant == "omni-average") {
    p.variant = F1336Variant::kOmniAverage;
  } else if (c.variant == "sector-peak") {
    p.variant = F1336Variant::kSectorPeak;
  } else if (c.variant == "sector-average") {
    p.variant = F1336Variant::kSectorAverage;
  } else {
    throw_input_error({}, "antenna.variant", fmt::format("'{}'", c.variant),
                      "one of omni-peak, omni-average, sector-peak, sector-average");
  }
  // F.1336-5 title: 400 MHz to about 70 GHz.
  if (!(c.freq_Hz >= 400e6 && c.freq_Hz <= 70e9)) {
    throw_input_error({}, "antenna.freq_Hz", fmt::format("{:g}", c.freq_Hz),
                      "a value in [4e8, 7e10] Hz (ITU-R F.1336-5: 400 MHz to 70 GHz)");
  }
  require_in(c.k, "k", 0, 1, "(F.1336-5: k, k_p, k_a between 0 and 1)");
  require_in(c.electrical_tilt_deg, "electrical_tilt_deg", -89, 89, "degrees");
  p.G0_dBi = c.gain_dBi;
  p.k = c.k;
  p.electrical_tilt_deg = c.electrical_tilt_deg;
  const bool omni = p.variant == F1336Variant::kOmniPeak || p.variant == F1336Variant::kOmniAverage;
  if (omni) {
    // theta_3 = 107.6 x 10^(-0.1 G0) must leave room for a main beam within +-90 degrees.
    require_in(c.gain_dBi, "gain_dBi", 0.8, 40, "dBi (F.1336-5 omnidirectional: theta_3 < 90 deg)");
    return std::make_unique<F1336Antenna>(p, c.azimuth_deg, c.downtilt_deg);
  }
  require_positive(c.hpbw_h_deg, "hpbw_h_deg", 360.0);
  p.phi_3_deg = c.hpbw_h_deg;
  if (std::isnan(c.hpbw_v_deg)) {
    if (c.hpbw_h_deg > 120) {
      throw_input_error({}, "antenna.hpbw_v_deg", "nothing",
                        fmt::format("the elevation beamwidth theta_3: F.1336-5 recommends 3.3 "
                                    "derives it only for hpbw_h_deg <= 120 (found {:g})",
                                    c.hpbw_h_deg));
    }
    p.theta_3_deg = f1336_sector_theta3_deg(c.gain_dBi, c.hpbw_h_deg);
  } else {
    p.theta_3_deg = c.hpbw_v_deg;
  }
  p.above_6GHz = c.freq_Hz > 6e9;
  const double theta3_max = 90.0;  // a main beam inside the half plane
  if (!(p.theta_3_deg > 0 && p.theta_3_deg < theta3_max)) {
    throw_input_error({}, std::isnan(c.hpbw_v_deg) ? "antenna.gain_dBi" : "antenna.hpbw_v_deg",
                      fmt::format("theta_3 = {:.4g} deg", p.theta_3_deg),
                      fmt::format("an elevation beamwidth in (0, {:g}) degrees for F.1336-5 "
                                  "recommends {}",
                                  theta3_max, p.above_6GHz ? "3.2" : "3.1"));
  }
  require_in(c.k_h, "k_h", 0, 1, "(F.1336-5 recommends 3.1.1.2)");
  require_in(c.k_v, "k_v", 0, 1, "(F.1336-5 recommends 3.1.1.3)");
  p.k_h = c.k_h;
  p.k_v = c.k_v;
  return std::make_unique<F1336Antenna>(p, c.azimuth_deg, c.downtilt_deg);
}

std::unique_ptr<Antenna> make_f699(const AntennaConfig& c) {
  require_finite(c.gain_dBi, "gain_dBi");
  require_finite(c.azimuth_deg, "azimuth_deg");
  require_in(c.elevation_deg, "elevation_deg", -90, 90, "degrees");
  if (!(c.diameter_m > 0) || !std::isfinite(c.diameter_m)) {
    throw_input_error({}, "antenna.diameter_m", fmt::format("{:g}", c.diameter_m),
                      "a finite value > 0 m");
  }
  if (!(c.freq_Hz >= 100e6 && c.freq_Hz <= 86e9)) {  // F.699-8 title: 100 MHz to 86 GHz
    throw_input_error({}, "antenna.freq_Hz", fmt::format("{:g}", c.freq_Hz),
                      "a value in [1e8, 8.6e10] Hz (ITU-R F.699-8: 100 MHz to 86 GHz)");
  }
  F699Params p;
  p.D_over_lambda = c.diameter_m * c.freq_Hz / kSpeedOfLight_m_per_s;
  p.below_1GHz = c.freq_Hz < 1e9;
  p.G_max_dBi = c.gain_dBi;
  if (p.below_1GHz && !(p.D_over_lambda > 0.63)) {  // recommends 2.3
    throw_input_error({}, "antenna.diameter_m",
                      fmt::format("{:g} (D/lambda {:.4g} at {:g} MHz)", c.diameter_m,
                                  p.D_over_lambda, c.freq_Hz / 1e6),
                      "D/lambda > 0.63 below 1 GHz (ITU-R F.699-8 recommends 2.3)");
  }
  const double G1 = f699_first_sidelobe_dBi(p.D_over_lambda);
  if (!(c.gain_dBi > G1)) {
    throw_input_error({}, "antenna.gain_dBi", fmt::format("{:g}", c.gain_dBi),
                      fmt::format("a maximum gain above the first side lobe G1 = 2 + 15 "
                                  "log(D/lambda) = {:.2f} dBi",
                                  G1));
  }
  return std::make_unique<F699Antenna>(p, c.azimuth_deg, c.elevation_deg, c.freq_Hz);
}

}  // namespace

void resolve_gso_pointing(AntennaConfig& config, double lat_deg, double lon_deg) {
  if (!config.gso_longitude_deg) return;
  const double sat_lon_deg = *config.gso_longitude_deg;
  if (!std::isfinite(sat_lon_deg) || sat_lon_deg < -360 || sat_lon_deg > 360) {
    throw_input_error({}, "antenna.gso_longitude_deg", fmt::format("{:g}", sat_lon_deg),
                      "a value in [-360, 360] degrees");
  }
  const GsoPointing p = gso_pointing(lat_deg, lon_deg, sat_lon_deg);
  if (!(p.elevation_deg >= 0)) {
    throw_input_error({}, "antenna.gso_longitude_deg",
                      fmt::format("{:g} (elevation {:.2f} deg from lat {:g}, lon {:g})",
                                  sat_lon_deg, p.elevation_deg, lat_deg, lon_deg),
                      "a satellite above the station's horizon");
  }
  config.azimuth_deg = p.azimuth_deg;
  config.elevation_deg = p.elevation_deg;
  config.gso_longitude_deg.reset();
}

std::unique_ptr<Antenna> make_antenna(const AntennaConfig& config) {
  if (config.type == "isotropic") {
    require_finite(config.gain_dBi, "gain_dBi");
    return std::make_unique<IsotropicAntenna>(config.gain_dBi);
  }
  if (config.type == "3gpp_sector") {
    check_element(config);
    Tr38901ElementParams p;
    p.G_E_max_dBi = config.gain_dBi;
    p.phi_3dB_deg = config.hpbw_h_deg;
    p.theta_3dB_deg = config.hpbw_v_deg;
    p.A_max_dB = config.front_to_back_dB;
    p.SLA_V_dB = config.sla_v_dB;
    return std::make_unique<Tr38901SectorAntenna>(p, config.azimuth_deg, config.downtilt_deg);
  }
  if (config.type == "msi") {
    check_pointing(config);
    if (config.pattern_path.empty()) {
      throw_input_error({}, "antenna.pattern_path", "nothing",
                        "the path of an MSI / Planet pattern file (required for type 'msi')");
    }
    return std::make_unique<MsiAntenna>(read_msi_file(config.pattern_path), config.azimuth_deg,
                                        config.downtilt_deg);
  }
  if (config.type == "s465" || config.type == "s580") return make_earth_station(config);
  if (config.type == "m2101") return make_m2101(config);
  if (config.type == "f1336") return make_f1336(config);
  if (config.type == "f699") return make_f699(config);
  throw_input_error({}, "antenna.type", fmt::format("'{}'", config.type),
                    "one of isotropic, 3gpp_sector, msi, s465, s580, m2101, f1336, f699");
}

}  // namespace akichi::prop

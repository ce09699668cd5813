// make_antenna: checks an AntennaConfig and builds the pattern it names.
//   "isotropic"   constant gain_dBi in every direction
//   "3gpp_sector" 3GPP TR 38.901 V17.0.0 Table 7.3-1 element (tr38901_element.h)
//   "msi"         MSI / Planet pattern file (msi_pattern.h); the gain is the file's GAIN,
//                 config.gain_dBi and the 3gpp_sector parameters are not used
//   "s465"        ITU-R S.465-6 earth-station reference pattern (earth_station.h)
//   "s580"        ITU-R S.580-6 earth-station design objective, D/lambda >= 50 (earth_station.h)
#include <cmath>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "propagation/antenna/earth_station.h"
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
    require_finite(config.gain_dBi, "gain_dBi");
    check_pointing(config);
    require_positive(config.hpbw_h_deg, "hpbw_h_deg", 360.0);
    require_positive(config.hpbw_v_deg, "hpbw_v_deg", 180.0);
    require_non_negative(config.front_to_back_dB, "front_to_back_dB");
    require_non_negative(config.sla_v_dB, "sla_v_dB");
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
  throw_input_error({}, "antenna.type", fmt::format("'{}'", config.type),
                    "one of isotropic, 3gpp_sector, msi, s465, s580");
}

}  // namespace akichi::prop

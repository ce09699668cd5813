// make_antenna: checks an AntennaConfig and builds the pattern it names.
//   "isotropic"   constant gain_dBi in every direction
//   "3gpp_sector" 3GPP TR 38.901 V17.0.0 Table 7.3-1 element (tr38901_element.h)
//   "msi"         MSI / Planet pattern file (msi_pattern.h); the gain is the file's GAIN,
//                 config.gain_dBi and the 3gpp_sector parameters are not used
#include <cmath>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "propagation/antenna/antenna.h"
#include "propagation/antenna/msi_pattern.h"
#include "propagation/antenna/tr38901_element.h"
#include "propagation/errors.h"

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

}  // namespace

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
  throw_input_error({}, "antenna.type", fmt::format("'{}'", config.type),
                    "one of isotropic, 3gpp_sector, msi");
}

}  // namespace akichi::prop

#include "propagation/antenna/orientation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace akichi::prop {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
}  // namespace

double wrap_360_deg(double angle_deg) noexcept {
  double a = std::fmod(angle_deg, 360.0);
  if (a < 0) a += 360.0;
  if (a >= 360.0) a = 0.0;  // -tiny + 360 rounds to 360
  return a;
}

double wrap_pm180_deg(double angle_deg) noexcept {
  const double a = wrap_360_deg(angle_deg);
  return a > 180.0 ? a - 360.0 : a;
}

Orientation::Orientation(double azimuth_deg, double downtilt_deg) noexcept
    : azimuth_deg_(wrap_360_deg(azimuth_deg)),
      downtilt_deg_(downtilt_deg),
      cos_beta_(std::cos(downtilt_deg * kDegToRad)),
      sin_beta_(std::sin(downtilt_deg * kDegToRad)) {}

LocalDirection Orientation::to_local(double bearing_deg, double elevation_deg) const noexcept {
  const double elevation = std::clamp(elevation_deg, -90.0, 90.0);
  const double theta = (90.0 - elevation) * kDegToRad;  // zenith angle of the GCS
  const double dphi = wrap_pm180_deg(bearing_deg - azimuth_deg_) * kDegToRad;  // phi - alpha
  const double sin_theta = std::sin(theta);
  const double cos_theta = std::cos(theta);
  const double cos_dphi = std::cos(dphi);
  const double sin_dphi = std::sin(dphi);

  // TR 38.901 eq. (7.1-7), gamma = 0:
  //   theta' = arccos(cos(beta) cos(theta) + sin(beta) cos(phi - alpha) sin(theta))
  const double cos_theta_l =
      std::clamp(cos_beta_ * cos_theta + sin_beta_ * cos_dphi * sin_theta, -1.0, 1.0);
  // TR 38.901 eq. (7.1-8), gamma = 0:
  //   phi' = arg(cos(beta) sin(theta) cos(phi - alpha) - sin(beta) cos(theta)
  //              + j sin(phi - alpha) sin(theta))
  const double re = cos_beta_ * sin_theta * cos_dphi - sin_beta_ * cos_theta;
  const double im = sin_dphi * sin_theta;

  LocalDirection local;
  local.theta_deg = std::acos(cos_theta_l) * kRadToDeg;
  local.phi_deg = (re == 0.0 && im == 0.0) ? 0.0 : std::atan2(im, re) * kRadToDeg;
  if (local.phi_deg <= -180.0) local.phi_deg = 180.0;
  return local;
}

}  // namespace akichi::prop

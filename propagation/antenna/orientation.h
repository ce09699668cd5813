// Pointing of an antenna: the rotation from the study frame (global coordinate system, GCS) to
// the antenna's local coordinate system (LCS), after 3GPP TR 38.901 V17.0.0 §7.1.3.
//
// Implemented: eq. (7.1-7) and (7.1-8) with bearing angle alpha = azimuth, downtilt angle
// beta = mechanical downtilt and slant angle gamma = 0. Not implemented: a slant angle
// gamma != 0 (no pattern in akichi needs one) and the polarisation rotation of eq. (7.1-11)..
// (7.1-15) (gains only, no field components).
//
// Angle conventions at this edge:
//   study frame: bearing clockwise from grid north (+y), elevation above the horizontal plane;
//   TR 38.901:   theta = zenith angle = 90 deg - elevation, phi = azimuth.
// TR 38.901 measures phi counter-clockwise from the x axis; eq. (7.1-8) is odd in (phi - alpha),
// so feeding it (bearing - azimuth), measured clockwise, returns phi' measured clockwise too.
// That keeps the sign of the local azimuth equal to the sign of the bearing offset, which is
// what the clockwise horizontal cut of an MSI file needs.
#pragma once

namespace akichi::prop {

/// A direction in the antenna's local coordinate system.
struct LocalDirection {
  double theta_deg = 90;  ///< local zenith angle theta', [0, 180]; 90 = the antenna's horizon
  double phi_deg = 0;     ///< local azimuth phi', (-180, 180]; 0 = boresight, positive clockwise
                          ///< seen from above (same sense as the bearing)
};

/// The GCS -> LCS rotation of one antenna. Immutable, thread-safe.
class Orientation {
 public:
  /// azimuth_deg: boresight bearing, clockwise from grid north, any value (taken modulo 360).
  /// downtilt_deg: mechanical downtilt, positive below the horizon, [-90, 90].
  Orientation(double azimuth_deg, double downtilt_deg) noexcept;

  /// Local direction seen by the antenna towards (bearing_deg, elevation_deg) of the study frame.
  /// bearing any value (modulo 360); elevation in [-90, 90] (clamped).
  LocalDirection to_local(double bearing_deg, double elevation_deg) const noexcept;

  double azimuth_deg() const noexcept { return azimuth_deg_; }
  double downtilt_deg() const noexcept { return downtilt_deg_; }

 private:
  double azimuth_deg_;
  double downtilt_deg_;
  double cos_beta_;
  double sin_beta_;
};

/// Angle wrapped into (-180, 180] degrees.
double wrap_pm180_deg(double angle_deg) noexcept;

/// Angle wrapped into [0, 360) degrees.
double wrap_360_deg(double angle_deg) noexcept;

}  // namespace akichi::prop

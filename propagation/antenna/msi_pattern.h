// Measured antenna patterns in the MSI / Planet text format (".msi", ".pln"): a header of
// keyword lines and two cuts, horizontal and vertical, of attenuation relative to the maximum
// gain.
//
// File format read here (keywords case-insensitive, LF or CRLF line ends):
//   NAME <text>          MAKE <text>          COMMENT <text> (may repeat; texts are joined)
//   FREQUENCY <MHz>      H_WIDTH <deg>        V_WIDTH <deg>      FRONT_TO_BACK <dB>
//   GAIN <value> [dBd|dBi]   -- required. Without a unit the value is dBd, as in the Planet
//                               format definition and in the files antenna makers publish for it;
//                               dBi = dBd + 2.15.
//   TILT <ELECTRICAL|MECHANICAL> [<deg>]   -- how the tilt in the cuts was made; informative:
//                               the cuts are used as they are, any mechanical downtilt of the
//                               installation is applied by the rotation (orientation.h).
//   POLARIZATION <text>
//   HORIZONTAL <n>  then n rows "<angle_deg> <attenuation_dB>": angle clockwise from boresight.
//   VERTICAL <n>    then n rows: angle 0 = horizon in front, 90 = straight down, 180 = horizon
//                   behind, 270 = straight up.
// Rows: angles in [0, 360), strictly increasing; attenuations finite and >= 0 dB. Any n >= 2;
// values between rows are interpolated linearly in angle, wrapping from the last row to the first.
// Blank lines and lines starting with '#' or ';' are skipped. Other header keywords (vendor
// extensions) are skipped. Both sections and GAIN are required.
//
// 3-D pattern from the two cuts. Method: the summing method in the form of 3GPP TR 38.901
// V17.0.0 Table 7.3-1 (A = -min{-(A_V + A_H), A_max}: horizontal plus vertical attenuation,
// capped), with the vertical cut read on the side (front or back) of the direction and taken
// relative to the horizontal cut on that side, as in the Horizontal Projection Interpolation of the
// Altair WinProp user guide ("Conversion of 2x2D patterns to 3D patterns", HPI algorithm, with the
// front/back weights set to 1 on the side of the direction and 0 on the other). In local angles
// (phi' clockwise from boresight, elevation e' = 90 deg - theta'), with H and V the cuts:
//   front, |phi'| <= 90:  a = H(phi') + V(-e')       - H(0)
//   back,  |phi'| >  90:  a = H(phi') + V(180 + e')  - H(180)
//   attenuation = min(max(a, 0), A_max),  A_max = the largest attenuation of either cut
// Why: (1) with the TR's own analytic cuts this is exactly Table 7.3-1 in the front hemisphere,
// so an MSI file sampled from the 3GPP element reproduces it there; (2) the horizontal cut is
// reproduced in the horizontal plane and each side of the vertical cut in the vertical plane
// through boresight, for any file whose cuts agree at the horizon (H(0) = V(0), H(180) = V(180));
// plain summing would count the back attenuation twice (H(180) + V(180)); (3) it is a sum of two
// table look-ups, cheap enough for per-cell evaluation. A_max is the largest attenuation of both
// cuts rather than the horizontal front-to-back ratio alone so that vertical nulls deeper than the
// front-to-back ratio survive; for cuts sampled from the 3GPP element (SLA_V <= A_max) both are
// the same. Known limit: at |phi'| = 90 the vertical reading switches sides, so off the horizon the
// pattern steps there when the front and back vertical cuts differ.
// The installation's azimuth and mechanical downtilt are applied with the TR 38.901 §7.1.3
// rotation (orientation.h), as for the 3GPP element.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/antenna/antenna.h"
#include "propagation/antenna/orientation.h"

namespace akichi::prop {

/// dBi = dBd + 2.15 (gain of the half-wave dipole over the isotropic antenna).
inline constexpr double kDipoleGain_dBi = 2.15;

/// One row of a cut.
struct PatternPoint {
  double angle_deg = 0;       ///< [0, 360)
  double attenuation_dB = 0;  ///< >= 0, relative to the maximum gain
};

/// One cut: attenuation versus angle, linear interpolation, wrap-around at 360 deg.
class PatternCut {
 public:
  PatternCut() = default;
  /// points: >= 2 rows, angles strictly increasing in [0, 360) (checked by the parser, not here).
  explicit PatternCut(std::vector<PatternPoint> points);

  /// Attenuation in dB at angle_deg (any value, taken modulo 360). Exact at listed angles.
  double attenuation_dB(double angle_deg) const noexcept;
  /// Smallest attenuation over the closed arc from from_deg clockwise (increasing angle) to to_deg.
  double min_attenuation_dB(double from_deg, double to_deg) const noexcept;
  double max_attenuation_dB() const noexcept;
  const std::vector<PatternPoint>& points() const noexcept { return points_; }

 private:
  std::vector<PatternPoint> points_;
};

/// The content of an MSI / Planet file.
struct MsiPattern {
  std::string source;  ///< file name used in messages
  std::string name;
  std::string make;
  std::string comment;
  std::string polarization;
  std::string tilt_kind;  ///< "ELECTRICAL", "MECHANICAL" or empty
  std::optional<double> tilt_deg;
  std::optional<double> frequency_MHz;
  std::optional<double> h_width_deg;
  std::optional<double> v_width_deg;
  std::optional<double> front_to_back_dB;
  double gain_dBi = 0;  ///< maximum gain, converted to dBi
  PatternCut horizontal;
  PatternCut vertical;
};

/// Parses MSI text. source names the file in error messages. Throws InputError
/// ("source:LINE:COL: FIELD: found X, expected Y") for any malformed content.
MsiPattern parse_msi(std::string_view text, const std::string& source);

/// Reads and parses an MSI file. Throws InputError if it cannot be read or is malformed.
MsiPattern read_msi_file(const std::string& path);

/// Attenuation in dB (>= 0) of the 3-D pattern built from the cuts (method above), towards the
/// local direction (theta_l_deg zenith angle [0, 180], phi_l_deg clockwise from boresight).
double msi_attenuation_dB(const MsiPattern& pattern, double theta_l_deg, double phi_l_deg) noexcept;

/// "msi": a measured pattern pointed by azimuth and mechanical downtilt.
class MsiAntenna final : public Antenna {
 public:
  MsiAntenna(MsiPattern pattern, double azimuth_deg, double downtilt_deg);

  double gain_dBi(double bearing_deg, double elevation_deg) const noexcept override;
  double max_gain_dBi() const noexcept override { return max_gain_dBi_; }
  std::string describe() const override;

  const MsiPattern& pattern() const noexcept { return pattern_; }
  const Orientation& orientation() const noexcept { return orientation_; }

 private:
  MsiPattern pattern_;
  Orientation orientation_;
  double A_max_dB_;  // cap: largest attenuation of either cut
  double H0_dB_;     // horizontal cut at boresight
  double H180_dB_;   // horizontal cut behind
  double max_gain_dBi_;
};

}  // namespace akichi::prop

// ITU-R P.525-4 (08/2019) "Calculation of free-space attenuation".
// Implemented: §2.2 point-to-point links, free-space basic transmission loss Lbf.
// Not implemented: §2.1 point-to-area field strength, §2.3 radar, §4 conversion formulae.
#pragma once

namespace akichi::prop::p525 {

/// Speed of light in vacuum (m/s), used to turn frequency into wavelength.
inline constexpr double kSpeedOfLight_m_per_s = 299792458.0;

/// Free-space basic transmission loss Lbf (dB) between isotropic antennas,
/// P.525-4 §2.2: Lbf = 20 log10(4 pi d / lambda), written in the recommendation's units
/// (Lbf = 32.45 + 20 log10 f_MHz + 20 log10 d_km; the text rounds the constant to 32.4).
/// @param f_MHz frequency in MHz (> 0)
/// @param d_km  distance between the antennas in km (> 0, d >> lambda)
/// @return Lbf in dB
double free_space_loss_dB(double f_MHz, double d_km) noexcept;

/// The same, with SI inputs converted at the edge: freq_Hz (> 0), d_m (> 0). Returns dB.
double free_space_loss_dB_si(double freq_Hz, double d_m) noexcept;

}  // namespace akichi::prop::p525

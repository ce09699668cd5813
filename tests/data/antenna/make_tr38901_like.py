#!/usr/bin/env python3
"""Writes tr38901_like.msi: the 3GPP TR 38.901 V17.0.0 Table 7.3-1 element (phi_3dB = 65 deg,
theta_3dB = 10 deg, SLA_V = A_max = 30 dB, G_E,max = 8 dBi) sampled every degree in the MSI
horizontal and vertical cuts. Synthetic, for the tests."""

PHI_3DB, THETA_3DB, SLA_V, A_MAX, G_MAX = 65.0, 10.0, 30.0, 30.0, 8.0


def a_h(phi):  # attenuation of the horizontal cut, phi in (-180, 180]
    return min(12.0 * (phi / PHI_3DB) ** 2, A_MAX)


def a_v(elevation):  # attenuation of the vertical cut, theta'' = 90 - elevation
    return min(12.0 * (elevation / THETA_3DB) ** 2, SLA_V)


def wrap(a):
    a %= 360.0
    return a - 360.0 if a > 180.0 else a


lines = ["NAME TR38901_LIKE_65_10", "MAKE synthetic", "FREQUENCY 3700",
         "H_WIDTH 65", "V_WIDTH 10", "FRONT_TO_BACK 30", f"GAIN {G_MAX:g} dBi",
         "TILT ELECTRICAL 0", "POLARIZATION V",
         "COMMENT TR 38.901 Table 7.3-1 element sampled every degree, for the tests",
         "HORIZONTAL 360"]
for deg in range(360):
    lines.append(f"{deg} {a_h(wrap(deg)):.4f}")
lines.append("VERTICAL 360")
for deg in range(360):
    v = wrap(deg)  # -180..180; front half |v| <= 90, elevation = -v
    if abs(v) <= 90.0:
        att = min(a_v(-v) + a_h(0.0), A_MAX)
    else:  # behind: phi'' = 180, elevation = v - 180 (wrapped)
        att = min(a_v(wrap(v - 180.0)) + a_h(180.0), A_MAX)
    lines.append(f"{deg} {att:.4f}")

with open("tr38901_like.msi", "w", newline="\n") as f:
    f.write("\n".join(lines) + "\n")

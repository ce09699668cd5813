#!/usr/bin/env bash
# Overlapping building parts through akichi check and run: a 10 m podium listed first and a
# 60 m tower standing inside it (EPSG:32654), one indoor station 20 m up in the tower with
# indoor = "auto", at 4.7 GHz, the default ray-2.5d model and one row of cells at 1.5 m.
# Every part an end stands in below its roof is that end's own, and the two parts are one
# building: the losses are the tower-alone run's except in the podium's wing, where the cells
# are inside the station's building and lose the station end's ITU-R P.2109-2 entry loss
# (which the tower alone adds there, its cells being outdoors), and just outside the podium,
# where its volume lies between the ends. The start-up text describes the buildings used.
# The rays are what is compared: the indoor models (TR 38.901 inside the station's building,
# PL_in on links leaving it) are off (indoor_model = "free_space", indoor_depth_loss = false).
source "$(dirname "$0")/lib.sh" "$@"

footprints() {  # footprints NAME [x0 y0 x1 y1 height]...
  local name="$1"; shift
  local features="" sep=""
  while [ $# -gt 0 ]; do
    local x0=$(($1 + 380000)) y0=$(($2 + 3930000)) x1=$(($3 + 380000)) y1=$(($4 + 3930000))
    features+="$sep{\"type\":\"Feature\",\"properties\":{\"height\":$5},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[$x0,$y0],[$x1,$y0],[$x1,$y1],[$x0,$y1],[$x0,$y0]]]}}"
    sep=","
    shift 5
  done
  cat >"$WORK/$name.geojson" <<EOF
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32654"}},"features":[$features]}
EOF
}
footprints both 100 0 160 40 10 120 10 140 30 60
footprints tower 120 10 140 30 60

scenario() {  # scenario NAME: cells 2 m wide, centres at x = 380001 ... 380249, y = 3930020
  cat >"$WORK/$1.toml" <<EOF
[area]
crs = "EPSG:32654"
xmin_m = 380000
ymin_m = 3930019
xmax_m = 380250
ymax_m = 3930021
cell_size_m = 2
rx_heights_m = [1.5]

[buildings]
path = "$1.geojson"

[propagation]
model = "ray-2.5d"

[propagation.ray]
indoor_model = "free_space"
indoor_depth_loss = false

[[station]]
id = "tower-20m"
x_m = 380130.5
y_m = 3930020
height_m = 20
freq_MHz = 4700
bandwidth_MHz = 100
eirp_dBm = 30
indoor = "auto"
EOF
}
scenario both
scenario tower

expect_status 0 -- "$AKICHI" check "$WORK/both.toml" &&
  expect_output "rays over 1 buildings \(2 parts, 8 walls\).* \+ building entry loss ITU-R P.2109-2" &&
  pass "check describes the two parts as one building"
expect_status 0 -- "$AKICHI" check "$WORK/tower.toml" &&
  expect_output "rays over 1 buildings \(4 walls\)" && pass "check describes the tower alone"
expect_status 0 -- "$AKICHI" run "$WORK/both.toml" -o "$WORK/both.h5" &&
  expect_output "Model: +ray-2.5d: deterministic 2.5-D rays over 1 buildings \(2 parts, 8 walls\)" &&
  pass "run's start-up text describes the buildings used"
expect_status 0 -- "$AKICHI" run "$WORK/tower.toml" -o "$WORK/tower.h5" -q || true
# The wall thickness keys of [buildings] are checked like the others.
sed 's|^path = "both.geojson"|&\ndefault_thickness_m = -0.2|' "$WORK/both.toml" >"$WORK/thick.toml"
expect_status 2 -- "$AKICHI" check "$WORK/thick.toml" &&
  expect_output "buildings.default_thickness_m: found -0.2, expected" && pass "thickness checked"

"$PY" - "$WORK/both.h5" "$WORK/tower.h5" <<'PY' || fail "podium and tower against the tower alone"
import sys, h5py, numpy as np
both, tower = (h5py.File(p, "r") for p in sys.argv[1:3])
x = both["x"][()] - 380000.0
a = both["path_loss"][0, 0, 0].astype(float)
b = tower["path_loss"][0, 0, 0].astype(float)
assert list(both["station_indoor"][()]) == [1] and list(tower["station_indoor"][()]) == [1]
# The figures of the tower alone, and the same with the podium (before, with the podium listed
# first, its lowest index made it the station's only own building and the tower's walls
# blocked every link: 204.8 / 197.5 / 204.5 dB).
for xi, want in ((1, 105.7), (131, 70.3), (249, 105.2)):
    i = int(np.argmin(np.abs(x - xi)))
    assert abs(b[i] - want) < 0.05, (xi, b[i], want)
    assert a[i] == b[i], (xi, a[i], b[i])
# In the podium's wing (inside the podium, outside the tower) the cells are in the station's
# building: no entry loss, where the tower alone adds the station end's. P.2109-2 eq. (1) at
# P = 0.5, traditional building (Table 1: r = 12.64, s = 3.72, t = 0.96, u = 9.6, v = 2.0,
# w = 9.1, x = -3.0, y = 4.5, z = -2.0; only the means enter at the median), 4.7 GHz, at the
# path's elevation angle theta = atan(18.5 / d).
wing = ((x > 100) & (x < 120)) | ((x > 140) & (x < 160))
lf = np.log10(4.7)
d = np.maximum(np.abs(x - 130.5), 1.0)
theta = np.degrees(np.arctan2(18.5, d))
A = 12.64 + 3.72 * lf + 0.96 * lf * lf + 0.212 * theta
B = 9.1 - 3.0 * lf
bel = 10 * np.log10(10 ** (A / 10) + 10 ** (B / 10) + 10 ** (-0.3))
assert wing.sum() == 20, wing.sum()
assert np.max(np.abs((b - a)[wing] - bel[wing])) < 2e-3, np.max(np.abs((b - a)[wing] - bel[wing]))
# Under the tower both ends are in it: the same. Outdoors the podium is a real volume: where
# the direct ray and the ground-reflected ray both pass its walls above its 10 m roof, the
# same loss to the bit; where either runs through it (cells up to 66 m from the wall: the
# podium's roof and wall really lie between the ends) more loss, up to 46 dB beside the wall,
# where the ray model sees the podium's roof edge as a knife edge (no transmission through it).
under = (x > 120) & (x < 140)
assert np.array_equal(a[under], b[under])
out = (x < 100) | (x > 160)
dx = np.abs(x - 130.5)
wall = np.where(x < 100, 30.5, 29.5)           # plan distance from the station to the wall
z_direct = 20 - 18.5 * wall / dx               # the direct ray's height at the wall
z_ground = 20 * (1 - wall / (20 / 21.5 * dx))  # the station's leg to the ground point
clear = (z_direct > 10) & (z_ground > 10)
assert np.array_equal(a[out & clear], b[out & clear])
assert np.all(a[out & ~clear] > b[out & ~clear]), (x[out & ~clear], (a - b)[out & ~clear])
assert (out & ~clear).sum() == 35, (out & ~clear).sum()
print("parts ok: x=1/131/249 ->", [round(float(a[int(np.argmin(np.abs(x - v)))]), 1) for v in (1, 131, 249)],
      "dB; wing cells", int(wing.sum()), "without the entry loss")
PY
finish

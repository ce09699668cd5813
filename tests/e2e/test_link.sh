#!/usr/bin/env bash
# akichi link: the loss of the scenario's model for a station-to-cell link equals the batch
# engine's path_loss of that cell; on flat terrain the Fresnel clearance equals its closed form
# over the curved earth; the profile plot and CSV are written; bad ends are input errors.
source "$(dirname "$0")/lib.sh" "$@"
out="$WORK/default.nc"
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$out" -q --threads 2 \
  && pass "default run"

# Station gnb-hall to the centre of cell (ix 40, iy 150) at 1.5 m, by WGS 84 coordinates.
read -r from to want <<<"$("$PY" - "$out" <<'PY'
import sys, netCDF4
from osgeo import osr
d = netCDF4.Dataset(sys.argv[1])
ids = list(d["station_id"][:])
s = ids.index("gnb-hall")
study = osr.SpatialReference(); study.ImportFromWkt(d["crs"].crs_wkt)
study.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
lon, lat, _ = osr.CoordinateTransformation(study, wgs).TransformPoint(float(d["x"][40]), float(d["y"][150]))
h = list(d["height"][:]).index(1.5)
print("%.10f,%.10f,%g %.10f,%.10f,1.5 %.6f" % (d["station_lat"][s], d["station_lon"][s],
      d["station_height"][s], lat, lon, float(d["path_loss"][s, h, 150, 40])))
PY
)"
expect_status 0 -- "$AKICHI" link --scenario "$SRC/scenarios/default/scenario.toml" --from "$from" \
    --to "$to" --plot "$WORK/link.png" --profile-csv "$WORK/link.csv" \
  && expect_output '^tr38901 +[0-9.]+  the scenario.s model' && expect_output '^p452-18 +[0-9.]+' \
  && expect_output '^Dominant: ' && expect_output '^Clearance: ' && pass "link over the default scenario"
got=$(sed -n 's/^tr38901 *\([0-9.]*\) .*/\1/p' "$WORK/out")
"$PY" -c "import sys; g, w = float(sys.argv[1]), float(sys.argv[2]); assert abs(g - w) < 0.002, (g, w)" \
  "$got" "$want" && pass "tr38901 loss $got dB = the batch engine's path_loss $want dB" \
  || fail "link loss $got differs from the results file's $want"
[ -s "$WORK/link.png" ] && head -c 8 "$WORK/link.png" | grep -q PNG && pass "profile plot" || fail "no plot"
"$PY" - "$WORK/link.csv" <<'PY' && pass "profile CSV" || fail "profile CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) > 10 and float(rows[0]["d_m"]) == 0.0
assert abs(float(rows[0]["clearance_m"]) - 12.0) < 1e-3  # the transmitter's antenna height
PY

# Flat terrain at 20 m: the clearance of a 6 km link between two 30 m masts, over the samples,
# against h - d1 d2 / (2 k a) in radii of the first Fresnel zone sqrt(c d1 d2 / (f d)).
cat >"$WORK/flat.toml" <<'TOML'
[area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 8000
size_y_m = 2000
cell_size_m = 50
[terrain]
source = "flat"
elevation_m = 20
[propagation]
model = "free_space"
[[station]]
id = "gnb-1"
lat_deg = 35.6
lon_deg = 139.8
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
TOML
expect_status 0 -- "$AKICHI" link --scenario "$WORK/flat.toml" --from 35.6,139.767,30 \
    --to 35.6,139.833,30 --freq-mhz 4850 --model free_space --profile-csv "$WORK/flat.csv" \
  && pass "link on flat terrain"
if "$PY" - "$WORK/out" "$WORK/flat.csv" <<'PY'; then
import csv, math, re, sys
text = open(sys.argv[1]).read()
d = float(re.search(r"^\s+([0-9.]+) m in ", text, re.M).group(1))
m = re.search(r"Clearance: ([-0-9.]+) m = ([-0-9.]+) F1 at ([0-9.]+) m", text)
c_m, ratio, at = float(m.group(1)), float(m.group(2)), float(m.group(3))
ds = [float(r["d_m"]) for r in csv.DictReader(open(sys.argv[2]))]
k, a, lam = 4.0 / 3.0, 6371e3, 299792458.0 / 4850e6
best = min(((30 - d1 * (d - d1) / (2 * k * a)) / math.sqrt(lam * d1 * (d - d1) / d), d1)
           for d1 in ds[1:-1])
want_ratio, want_at = best
want_c = 30 - want_at * (d - want_at) / (2 * k * a)
assert abs(ratio - want_ratio) < 1e-4, (ratio, want_ratio)
assert abs(c_m - want_c) < 1e-3 and abs(at - want_at) < 0.06, (c_m, want_c, at, want_at)
assert abs(want_at - d / 2) < 50  # the least clearance is mid-path
# free space: 20 log10(4 pi d / lambda) over the 3-D distance (equal heights: d)
loss = float(re.search(r"^free_space\s+([0-9.]+)", text, re.M).group(1))
assert abs(loss - 20 * math.log10(4 * math.pi * d / lam)) < 0.002, loss
print("clearance", c_m, "m =", ratio, "F1 at", at, "m of", d)
PY
  pass "clearance and free-space loss against their closed forms"
else fail "flat-terrain clearance"; fi

# [terrain] distance = "great-circle": the link's length is the haversine on the 6371 km sphere
# of the ends' WGS 84 latitudes and longitudes, and free space follows it.
sed 's/^elevation_m = 20$/elevation_m = 20\ndistance = "great-circle"/' "$WORK/flat.toml" >"$WORK/gc.toml"
expect_status 0 -- "$AKICHI" link --scenario "$WORK/gc.toml" --from 35.6,139.767,30 \
    --to 35.6,139.833,30 --freq-mhz 4850 --model free_space \
  && expect_output '^ +[0-9.]+ m along the great-circle \(given by \[terrain\] distance\)' \
  && "$PY" - "$WORK/out" <<'PY' && pass "great-circle link length and free-space loss" || fail "great-circle link"
import math, re, sys
text = open(sys.argv[1]).read()
d = float(re.search(r"^\s+([0-9.]+) m along the great-circle", text, re.M).group(1))
lat, dlon = math.radians(35.6), math.radians(139.833 - 139.767)
want = 2 * 6371e3 * math.asin(math.cos(lat) * math.sin(dlon / 2))
assert abs(d - want) < 1e-3, (d, want)
loss = float(re.search(r"^free_space\s+([0-9.]+)", text, re.M).group(1))
assert abs(loss - 20 * math.log10(4 * math.pi * d / (299792458.0 / 4850e6))) < 0.002, loss
PY

# Bad ends: outside the terrain, malformed.
expect_status 2 -- "$AKICHI" link --scenario "$WORK/flat.toml" --from 35.6,139.767,30 --to 36.0,139.8,10 \
  && expect_output "--to: found \(36\.000000, 139\.800000\).*expected a point of the scenario's terrain" \
  && pass "end outside the terrain -> 2"
expect_status 2 -- "$AKICHI" link --scenario "$WORK/flat.toml" --from 35.6,139.767 --to 35.6,139.8,10 \
  && expect_output "--from: found '35\.6,139\.767', expected LAT,LON,H" && pass "malformed end -> 2"
finish

#!/usr/bin/env bash
# A scenario on a real raster DEM (geographic coordinates, reprojected by GDAL's warper) with a
# measured antenna pattern: voids are refused with a count, then filled when the scenario says so.
source "$(dirname "$0")/lib.sh" "$@"

# A 0.03° x 0.03° DEM at 3 arc-seconds around 35.50 N 139.75 E: a ridge rising to the north,
# with a void (-9999) in the middle, written as an ESRI ASCII grid and converted to GeoTIFF.
"$PY" - "$WORK/dem.asc" <<'PY'
import sys
n = 37
with open(sys.argv[1], "w") as f:
    f.write(f"ncols {n}\nnrows {n}\nxllcorner 139.735\nyllcorner 35.485\ncellsize {0.03/(n-1):.12f}\nNODATA_value -9999\n")
    for r in range(n):               # first row is the northern one
        row = []
        for c in range(n):
            z = 5.0 + 4.0 * (n - 1 - r) + 0.5 * c
            if 17 <= r <= 19 and 17 <= c <= 19:
                z = -9999
            row.append(f"{z:.1f}")
        f.write(" ".join(row) + "\n")
PY
gdal_translate -q -a_srs EPSG:4326 -of GTiff "$WORK/dem.asc" "$WORK/dem.tif"
cp "$SRC/tests/data/antenna/tr38901_like.msi" "$WORK/sector.msi"

cat > "$WORK/raster.toml" <<'TOML'
[scenario]
name = "Raster terrain with a measured pattern"

[area]
center_lat_deg = 35.50
center_lon_deg = 139.75
size_x_m = 2000
size_y_m = 2000
cell_size_m = 20
rx_heights_m = [1.5]

[terrain]
source = "raster"
path = "dem.tif"
nodata = "error"

[propagation]
model = "p526"

[[station]]
id = "mast"
lat_deg = 35.50
lon_deg = 139.75
height_m = 25
freq_MHz = 4700
bandwidth_MHz = 40
tx_power_dBm = 30
[station.antenna]
type = "msi"
pattern = "sector.msi"
azimuth_deg = 0
downtilt_deg = 3
TOML

expect_status 2 -- "$AKICHI" run "$WORK/raster.toml" -o "$WORK/r.h5" \
  && expect_output 'dem\.tif: [0-9]+ of [0-9]+ terrain samples have no data' && pass "voids refused with a count"
[ -e "$WORK/r.h5" ] && fail "a results file was written although the terrain was refused"

sed -i 's/^nodata = "error"$/nodata = "nearest"/' "$WORK/raster.toml"
expect_status 0 -- "$AKICHI" run "$WORK/raster.toml" -o "$WORK/r.h5" \
  && expect_output 'terrain: [0-9]+ samples, [1-9][0-9]* without data' && pass "voids filled and reported"

"$PY" - "$WORK/r.h5" <<'PY' || fail "terrain or EIRP not as expected"
import sys, netCDF4, numpy as np
ds = netCDF4.Dataset(sys.argv[1])
t = ds["terrain_height"][:]
y = ds["y"][:]
# The ridge rises northwards by 4 m per 3 arc-seconds (~92.5 m): about 0.043 m per metre.
slope = np.polyfit(y, t.mean(axis=1), 1)[0]
assert 0.035 < slope < 0.05, slope
assert not np.isnan(t).any()
# EIRP = tx power + the pattern file's maximum gain (dBd + 2.15 or dBi as the file says).
assert abs(ds["station_eirp"][0] - (30.0 + ds["station_max_gain"][0])) < 1e-9
assert "msi" in ds["station_antenna"][0]
PY
pass "terrain slope and EIRP"

# akichi check: the DEM's resolution (3 arc-seconds: 92.4 m north-south, 75.6 m east-west at
# 35.5 N in UTM 54N), nodes at that resolution by default (2 km plus a node of margin on each
# side: 30 x 30 nodes), the great circle P.526 prescribes, and a warning for a coarser step_m.
expect_status 0 -- "$AKICHI" check "$WORK/raster.toml" \
  && expect_output 'DEM: +37 x 37 posts of 0\.000833333 x 0\.000833333 degree \(WGS 84\) = 75\.[0-9]{2} x 92\.[0-9]{2} m here' \
  && expect_output "Nodes: +30 x 30 terrain nodes every 75\.[0-9]+ m \(the DEM's resolution\), [0-9.]+ KiB as float32" \
  && expect_output "Lengths: +great-circle \(prescribed by ITU-R P\.526-15" \
  && expect_output "Profiles: +on the DEM's own posts in its CRS \(one bilinear interpolation of them\), about [0-9]{3} posts" \
  && expect_output "terrain posts \(the DEM's own\): [0-9]{3} posts x 4 B = " \
  && pass "check reports the DEM's resolution, the nodes, the posts profiles read and the measure of length"
grep -q Warning "$WORK/out" && fail "a warning without step_m"
sed -i 's/^nodata = "nearest"$/nodata = "nearest"\nstep_m = 200/' "$WORK/raster.toml"
expect_status 0 -- "$AKICHI" check "$WORK/raster.toml" \
  && expect_output "Nodes: .* every 200 m \(terrain\.step_m\)" \
  && expect_output "Warning: +terrain\.step_m = 200 m is coarser than the DEM's 75\.[0-9]{2} m posts: one node per 7\.[0-9] posts" \
  && pass "check warns when step_m throws resolution away"
grep -q "^Profiles:" "$WORK/out" && fail "profiles on the posts although step_m sets the nodes"
finish

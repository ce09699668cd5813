#!/usr/bin/env bash
# [land_cover] end to end: an ESA WorldCover-like raster in geographic coordinates, reported by
# akichi check (size, resolution, CRS, class histogram), named in the run's start-up text, and
# changing P.1812-6's loss only behind the built-up band; a class the table does not map and a
# place without data are refused with exit status 2 naming the file, the field and the value.
source "$(dirname "$0")/lib.sh" "$@"

# 0.012 deg x 0.012 deg at 1/12000 deg (WorldCover's pixel) around 35.50 N 139.75 E: cropland
# (40), with a band of built-up (50) from 139.7512 to 139.7536 E, written as an ESRI ASCII grid.
"$PY" - "$WORK/lc.asc" <<'PY'
import sys
n = 144
with open(sys.argv[1], "w") as f:
    f.write(f"ncols {n}\nnrows {n}\nxllcorner 139.744\nyllcorner 35.494\ncellsize {1/12000:.12f}\nNODATA_value 255\n")
    for r in range(n):
        f.write(" ".join("50" if 84 <= c < 108 else "40" for c in range(n)) + "\n")
PY
gdal_translate -q -a_srs EPSG:4326 -ot Byte -of GTiff "$WORK/lc.asc" "$WORK/lc.tif"

cat > "$WORK/bare.toml" <<'TOML'
[scenario]
name = "Land cover"

[area]
center_lat_deg = 35.50
center_lon_deg = 139.75
size_x_m = 800
size_y_m = 400
cell_size_m = 20
rx_heights_m = [1.5]

[propagation]
model = "p1812"

[[station]]
id = "mast"
lat_deg = 35.50
lon_deg = 139.7465
height_m = 10
freq_MHz = 2000
bandwidth_MHz = 20
eirp_dBm = 40
TOML
sed 's/^\[propagation\]$/[land_cover]\npath = "lc.tif"\nclasses = "esa-worldcover"\n\n[propagation]/' \
  "$WORK/bare.toml" > "$WORK/lc.toml"

expect_status 0 -- "$AKICHI" check "$WORK/lc.toml" \
  && expect_output 'Land cover: .*lc\.tif \(band 1, "esa-worldcover" classes, 11 mapped values, no data: an error\)' \
  && expect_output 'Land cover raster: 144 x 144 pixels of 8\.33333e-05 x 8\.33333e-05 degree \(WGS 84\) = 7\.[0-9]{2} x 9\.[0-9]{2} m here' \
  && expect_output 'class +40: +[0-9]+ nodes .*Cropland -> open_rural, R 10 m, profile R_i 0 m' \
  && expect_output 'class +50: +[0-9]+ nodes .*Built-up -> urban, R 15 m, profile R_i 15 m' \
  && pass "check reports the land cover and its classes"

expect_status 0 -- "$AKICHI" run "$WORK/bare.toml" -o "$WORK/bare.h5"
expect_status 0 -- "$AKICHI" run "$WORK/lc.toml" -o "$WORK/lc.h5" \
  && expect_output "Land cover: .*the representative clutter heights R_i of p1812's profile points" \
  && pass "the start-up text says the land cover is used"

# West of the built-up band (nothing but cropland, R_i = 0 on every profile point) the loss is
# the bare one; east of it the 15 m of clutter between the 10 m mast and the 1.5 m receiver add
# loss.
"$PY" - "$WORK/bare.h5" "$WORK/lc.h5" <<'PY' || fail "the loss does not follow the land cover"
import sys, netCDF4, numpy as np
a = netCDF4.Dataset(sys.argv[1]); b = netCDF4.Dataset(sys.argv[2])
la = np.asarray(a["path_loss"][:], dtype=float)[0, 0]
lb = np.asarray(b["path_loss"][:], dtype=float)[0, 0]
x = np.asarray(a["x"][:]); x0 = x[0]
west = x < x.min() + 160      # the first 8 columns: west of the mast and of the band
east = x > x.max() - 100      # the last 5 columns: beyond the band
assert np.array_equal(la[:, west], lb[:, west]), "loss changed where no clutter lies"
assert (lb[:, east] > la[:, east] + 1.0).all(), (lb[:, east] - la[:, east]).min()
PY
pass "loss unchanged without clutter on the path, higher beyond the built-up band"

# A class the table does not map: refused, naming the file, the field, the value and the table.
"$PY" - "$WORK/lc.asc" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
row = lines[6 + 70].split(); row[40] = "77"; lines[6 + 70] = " ".join(row)
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
gdal_translate -q -a_srs EPSG:4326 -ot Byte -of GTiff "$WORK/lc.asc" "$WORK/lc.tif"
expect_status 2 -- "$AKICHI" check "$WORK/lc.toml" \
  && expect_output 'lc\.tif: land_cover\.classes: found class value 77 at x = [0-9.]+ m, y = [0-9.]+ m \(1 value\(s\) without a class: 77\), expected a value of the "esa-worldcover" classes \(10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100\) or a \[\[land_cover\.class\]\] entry for it' \
  && expect_output 'classes without a mapping: 77' \
  && pass "an unmapped class value is refused by check"
expect_status 2 -- "$AKICHI" run "$WORK/lc.toml" -o "$WORK/lc77.h5" \
  && expect_output 'found class value 77' && pass "and by the run"
[ -e "$WORK/lc77.h5" ] && fail "a results file was written although the land cover was refused"
printf '\n[[land_cover.class]]\nvalue = 77\nclutter = "trees_forest"\n' >> "$WORK/lc.toml"
expect_status 0 -- "$AKICHI" check "$WORK/lc.toml" \
  && expect_output 'class +77: +[0-9]+ nodes .*class 77 -> trees_forest, R 15 m, profile R_i 15 m' \
  && pass "a [[land_cover.class]] entry maps it"

# A study area reaching beyond the raster: places without data, an error unless nodata says.
sed -i 's/^size_x_m = 800$/size_x_m = 2000/' "$WORK/lc.toml"
expect_status 2 -- "$AKICHI" check "$WORK/lc.toml" \
  && expect_output 'lc\.tif: land_cover\.nodata: found [0-9]+ of [0-9]+ land-cover nodes without data' \
  && pass "places without data are refused"
sed -i 's/^classes = "esa-worldcover"$/classes = "esa-worldcover"\nnodata = "open_rural"/' "$WORK/lc.toml"
expect_status 0 -- "$AKICHI" check "$WORK/lc.toml" \
  && expect_output 'no data +: +[0-9]+ nodes .*taken as open_rural' \
  && pass "or taken as the clutter type nodata names"
finish

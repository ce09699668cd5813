#!/usr/bin/env bash
# `akichi render` of the operation coordination on the examples' results: the granted EIRP map of
# scenarios/dpa-like and scenarios/region-4.7ghz (PNG, GeoTIFF and KMZ: the granted applicants'
# EIRPs in their cells, as /coordination holds them) and the CDF plot of I/N of
# scenarios/factory-4.7ghz-montecarlo (all curves, one receiver, one channel, the tail with
# --log), also of a sweep's batch file by --variant; a file without the group, or a wrong
# selector, exits 2 naming what is missing.
source "$(dirname "$0")/lib.sh" "$@"

for s in dpa-like region-4.7ghz factory-4.7ghz-montecarlo; do
  expect_status 0 -- "$AKICHI" run "$SRC/scenarios/$s/scenario.toml" -o "$WORK/$s.nc" &&
    pass "run $s"
done

# PNG signature and IHDR size: "WIDTHxHEIGHT".
png_size() {
  "$PY" - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(24)
assert b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR", "not a PNG"
print("%dx%d" % struct.unpack(">II", b[16:24]))
PY
}

expect_status 0 -- "$AKICHI" render "$WORK/dpa-like.nc" --var granted_eirp -o "$WORK/dpa.png" &&
  expect_output 'granted EIRP \[dBm\] · [0-9]+ of 60 applicants granted · method move_list' &&
  [[ "$(png_size "$WORK/dpa.png")" =~ ^(1[0-9]{3})x(1[0-9]{3})$ ]] && pass "granted EIRP map (dpa-like)" ||
  fail "granted EIRP map (dpa-like): $(png_size "$WORK/dpa.png")"
expect_status 0 -- "$AKICHI" render "$WORK/region-4.7ghz.nc" --var granted_eirp -o "$WORK/region.png" &&
  expect_output 'of 200 applicants granted · method iterative' &&
  [[ "$(png_size "$WORK/region.png")" =~ ^[0-9]{4}x[0-9]{3,4}$ ]] && pass "granted EIRP map (region)" ||
  fail "granted EIRP map (region)"
# The GeoTIFF as cell-centre x y value lines (GDAL's XYZ driver: GDAL's Python bindings and
# netCDF4 do not share one process here), against /coordination and the stations' positions.
expect_status 0 -- "$AKICHI" render "$WORK/region-4.7ghz.nc" --var granted_eirp -o "$WORK/region.tif" &&
  gdal_translate -q -of XYZ "$WORK/region.tif" "$WORK/region.xyz" &&
  "$PY" - "$WORK/region-4.7ghz.nc" "$WORK/region.xyz" <<'PY' && pass "granted EIRP GeoTIFF" || fail "granted EIRP GeoTIFF"
import sys
import numpy as np, xarray as xr
root = xr.open_dataset(sys.argv[1])
co = xr.open_dataset(sys.argv[1], group="coordination")
xyz = np.loadtxt(sys.argv[2])
tif = {(round(a), round(b)): v for a, b, v in xyz if np.isfinite(v)}
x, y = root.x.values, root.y.values
cell = x[1] - x[0]
pos = {s: (px, py) for s, px, py in
       zip(root.station_id.values.astype(str), root.station_x.values, root.station_y.values)}
best = {}
for a, e in zip(co.applicant_id.values.astype(str), co.granted_eirp.values):
    if np.isfinite(e):
        px, py = pos[a]
        ix, iy = int((px - (x[0] - cell / 2)) // cell), int((py - (y[0] - cell / 2)) // cell)
        k = (round(x[ix]), round(y[iy]))
        best[k] = max(best.get(k, -np.inf), e)
assert set(tif) == set(best), (len(tif), len(best))
for k, e in best.items():
    assert abs(tif[k] - e) < 1e-4, (k, tif[k], e)
print(len(best), "cells hold a grant")
PY

# KMZ: the GeoTIFF's granted EIRP as a KML super-overlay over the PNG's colour range, with its
# colour bar: doc.kml first, a legend that decodes, GDAL reading the overlay in WGS 84 around the
# grid, the pixels of granted cells opaque and the rest (no grant) transparent.
expect_status 0 -- "$AKICHI" render "$WORK/region-4.7ghz.nc" --var granted_eirp -o "$WORK/region.kmz" &&
  expect_output 'region.kmz: granted EIRP .*of 200 applicants granted' &&
  "$PY" - "$WORK/region.kmz" "$WORK/region.xyz" <<'PY' && pass "granted EIRP KMZ" || fail "granted EIRP KMZ"
import sys, zipfile
import numpy as np
from osgeo import gdal
kmz, xyz = sys.argv[1:]
z = zipfile.ZipFile(kmz)
assert z.namelist()[0] == "doc.kml", z.namelist()[:3]
doc = z.read("doc.kml").decode()
assert "<ScreenOverlay>" in doc and "<href>legend.png</href>" in doc
legend = gdal.Open("/vsizip/" + kmz + "/legend.png")
assert legend.GetDriver().ShortName == "PNG" and legend.RasterXSize > 50
ds = gdal.Open(kmz)
assert ds.GetDriver().ShortName == "KMLSUPEROVERLAY", ds.GetDriver().ShortName
gt = ds.GetGeoTransform()
assert 120 < gt[0] < 150 and 20 < gt[3] < 50, gt   # lon/lat in Japan
alpha = ds.GetRasterBand(4).ReadAsArray()
cells = sum(1 for line in open(xyz) if np.isfinite(float(line.split()[2])))
assert cells > 0 and 0 < np.count_nonzero(alpha) < alpha.size, (cells, np.count_nonzero(alpha))
print(cells, "granted cells;", np.count_nonzero(alpha), "opaque pixels of", alpha.size)
PY

MC="$WORK/factory-4.7ghz-montecarlo.nc"
expect_status 0 -- "$AKICHI" render "$MC" --var i_over_n_cdf -o "$WORK/cdf.png" &&
  expect_output 'empirical CDF of I/N · [0-9]+ trials .*\(3 curves\)' &&
  [ "$(png_size "$WORK/cdf.png")" = "1000x698" ] && pass "CDF plot, every receiver and channel" ||
  fail "CDF plot: $(png_size "$WORK/cdf.png")"
expect_status 0 -- "$AKICHI" render "$MC" --var i_over_n_cdf --station ps-fixed-rx \
  --channel 4800-4900MHz -o "$WORK/cdf1.png" &&
  expect_output 'channel 4800-4900MHz .*\(1 curves\)' &&
  [ "$(png_size "$WORK/cdf1.png")" = "1000x658" ] && pass "CDF plot, one receiver and channel" ||
  fail "CDF plot of one"

expect_status 0 -- "$AKICHI" render "$MC" --var i_over_n_cdf --log -o "$WORK/tail.png" &&
  expect_output 'complementary CDF of I/N, log scale to 1/trials · [0-9]+ trials .*\(3 curves\)' &&
  [ "$(png_size "$WORK/tail.png")" = "1000x698" ] && pass "CDF tail (--log)" ||
  fail "CDF tail: $(png_size "$WORK/tail.png")"
expect_status 2 -- "$AKICHI" render "$WORK/dpa-like.nc" --var granted_eirp --log -o "$WORK/no.png" &&
  expect_output '--log: found a value for --var granted_eirp, expected --log only with --var i_over_n_cdf' &&
  pass "--log only for the CDF: exit 2"
# Both drawings of a sweep's batch file, by --variant (name or index in the sweep), each the
# variant's own: the move lists of dpa-like at two percentiles, the Monte Carlo at two seeds.
"$PY" "$SRC/tests/e2e/swept_copy.py" "$SRC/scenarios/dpa-like/scenario.toml" "$WORK/dpa-sweep.toml" \
  coordination.percentile p "[80, 99]"
"$PY" "$SRC/tests/e2e/swept_copy.py" "$SRC/scenarios/factory-4.7ghz-montecarlo/scenario.toml" \
  "$WORK/mc-sweep.toml" montecarlo.seed seed "[7, 8]"
expect_status 0 -- "$AKICHI" run "$WORK/dpa-sweep.toml" -o "$WORK/dpa-sweep.nc" -q &&
  expect_status 0 -- "$AKICHI" run "$WORK/mc-sweep.toml" -o "$WORK/mc-sweep.nc" -q && pass "sweeps run"
expect_status 2 -- "$AKICHI" render "$WORK/dpa-sweep.nc" --var granted_eirp -o "$WORK/no.png" &&
  expect_output '--variant: found nothing, expected a variant of this batch file of a sweep' &&
  pass "a batch file's granted EIRP needs --variant"
for v in p=80 1; do
  expect_status 0 -- "$AKICHI" render "$WORK/dpa-sweep.nc" --var granted_eirp --variant "$v" \
    -o "$WORK/sweep-$v.png" && grep -Eo '[0-9]+ of 60 applicants granted · method move_list · variant p=[0-9]+' \
    "$WORK/out" >"$WORK/sweep-$v.txt" && pass "granted EIRP of variant $v: $(cat "$WORK/sweep-$v.txt")"
done
# Each variant's count of granted applicants as its group holds it.
"$PY" - "$WORK/dpa-sweep.nc" "$WORK/sweep-p=80.txt" "$WORK/sweep-1.txt" <<'PY' && pass "each variant's own grants" || fail "variant grants"
import sys, h5py
f = h5py.File(sys.argv[1])
for path, name in ((sys.argv[2], "p=80"), (sys.argv[3], "p=99")):
    said = open(path).read().split()
    granted = int(f[name]["coordination"]["granted"][()].sum())
    assert int(said[0]) == granted and said[-1] == name, (said, granted)
PY
expect_status 0 -- "$AKICHI" render "$WORK/mc-sweep.nc" --var i_over_n_cdf --variant seed=8 --log \
  -o "$WORK/sweep-tail.png" && expect_output 'trials · variant seed=8 · .*\(3 curves\)' &&
  [ "$(png_size "$WORK/sweep-tail.png")" = "1000x698" ] && pass "CDF of a variant"
expect_status 2 -- "$AKICHI" render "$MC" --var granted_eirp -o "$WORK/no.png" &&
  expect_output 'factory-4.7ghz-montecarlo.nc: /coordination: found no such group, expected .*\[coordination\] section' &&
  pass "no /coordination: exit 2"
expect_status 2 -- "$AKICHI" render "$WORK/dpa-like.nc" --var i_over_n_cdf -o "$WORK/no.png" &&
  expect_output 'dpa-like.nc: /montecarlo: found no such group, expected .*\[montecarlo\] section' &&
  pass "no /montecarlo: exit 2"
expect_status 2 -- "$AKICHI" render "$MC" --var i_over_n_cdf --station nobody -o "$WORK/no.png" &&
  expect_output "--station: found 'nobody', expected a protected receiver: ps-fixed-rx" &&
  pass "unknown receiver: exit 2"
expect_status 2 -- "$AKICHI" render "$MC" --var i_over_n_cdf -o "$WORK/no.tif" &&
  expect_output 'expected for i_over_n_cdf an output ending in .png' && pass "CDF only as PNG: exit 2"
[ ! -e "$WORK/no.png" ] && [ ! -e "$WORK/no.tif" ] && pass "no output on errors" || fail "output left on error"

finish

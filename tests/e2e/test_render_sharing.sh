#!/usr/bin/env bash
# Rendering the sharing analyses of the factory scenario: max_eirp at a weekday office hour on
# 4700-4800 MHz (PNG and GeoTIFF), binding_station, usable and a MIC cover area; the GeoTIFF's
# CRS, geotransform and statistics against the same slice read with h5py; selector errors.
source "$(dirname "$0")/lib.sh" "$@"
out="$WORK/factory.nc"
slot="2026-12-08T10"   # Tuesday 10:00 JST: the public-service receiver is on the air
chan="4700-4800MHz"

expect_status 0 -- "$AKICHI" run "$SRC/scenarios/factory-4.7ghz/scenario.toml" -o "$out" -q --threads 2 \
  && pass "factory run"
[ -f "$out" ] || { fail "no results file"; finish; }

is_png() { [ -s "$1" ] && head -c 8 "$1" | grep -q PNG; }

# max_eirp: PNG and GeoTIFF of one (time, channel, height) slice.
expect_status 0 -- "$AKICHI" render "$out" --var max_eirp --time "$slot" --channel "$chan" --height 10 \
    -o "$WORK/eirp.png" \
  && expect_output 'time 2026-12-08T10:00\+09:00, channel 4700-4800MHz, height 10 m' \
  && expect_output '\[dBm\]' && pass "max_eirp png"
is_png "$WORK/eirp.png" || fail "eirp.png is not a PNG"
expect_status 0 -- "$AKICHI" render "$out" --var max_eirp --time "$slot" --channel "$chan" --height 10 \
    -o "$WORK/eirp.tif" && pass "max_eirp GeoTIFF"
expect_status 0 -- gdalinfo "$WORK/eirp.tif" && expect_output 'UTM zone 53N' \
  && expect_output 'Pixel Size = \(20\.0+,-20\.0+\)' && expect_output 'Size is 150, 100' \
  && pass "GeoTIFF: UTM CRS, pixel size, raster size"
gdalinfo -json -stats "$WORK/eirp.tif" >"$WORK/eirp.json" 2>"$WORK/gdal.err" || fail "gdalinfo -stats"
if "$PY" - "$out" "$WORK/eirp.json" "$slot" "$chan" <<'PY'; then
import json, sys
import h5py, numpy as np
path, js, slot, chan = sys.argv[1:5]
f = h5py.File(path, "r")
times = [t.decode() if isinstance(t, bytes) else t for t in f["time_local"][:]]
chans = [c.decode() if isinstance(c, bytes) else c for c in f["channel_id"][:]]
ti = [i for i, t in enumerate(times) if t.startswith(slot)]
assert len(ti) == 1, ti
ci = chans.index(chan)
hi = list(f["height"][:]).index(10.0)
v = f["max_eirp"][ti[0], ci, hi, :, :].astype(np.float64)
v[v == f["max_eirp"].attrs["_FillValue"]] = np.nan
lo, hi_ = np.nanmin(v), np.nanmax(v)
assert hi_ - lo > 1.0, ("a flat slice proves nothing", lo, hi_)
d = json.load(open(js))
md = d["bands"][0]["metadata"][""]
gmin, gmax = float(md["STATISTICS_MINIMUM"]), float(md["STATISTICS_MAXIMUM"])
assert abs(gmin - lo) < 1e-4 and abs(gmax - hi_) < 1e-4, (gmin, lo, gmax, hi_)
# Geotransform: west edge, cell, north edge from the file's x / y coordinates.
x, y = f["x"][:], f["y"][:]
cell = x[1] - x[0]
gt = d["geoTransform"]
assert abs(gt[0] - (x[0] - cell / 2)) < 1e-6 and abs(gt[3] - (y[-1] + cell / 2)) < 1e-6, gt
assert abs(gt[1] - cell) < 1e-9 and abs(gt[5] + cell) < 1e-9, gt
print(f"max_eirp {slot} {chan} 10 m: min {lo:.3f} max {hi_:.3f} dBm (gdal {gmin:.3f} {gmax:.3f})")
PY
  pass "GeoTIFF statistics and geotransform equal numpy's min/max of the slice and the x/y edges"
else fail "GeoTIFF statistics or geotransform differ from the results file"; fi

# Categorical layers and a MIC cover area.
expect_status 0 -- "$AKICHI" render "$out" --var binding_station --time "$slot" --channel "$chan" \
    -o "$WORK/binding.png" && expect_output 'height 10 m' && pass "binding_station png"
is_png "$WORK/binding.png" || fail "binding.png is not a PNG"
expect_status 0 -- "$AKICHI" render "$out" --var usable --time "$slot" --channel "$chan" --height 25 \
    -o "$WORK/usable.png" && expect_output 'height 25 m' && pass "usable png"
is_png "$WORK/usable.png" || fail "usable.png is not a PNG"
expect_status 0 -- "$AKICHI" render "$out" --var mic_coverage --station gnb-hall-a -o "$WORK/mic.png" \
  && expect_output 'station gnb-hall-a' && pass "mic_coverage png"
is_png "$WORK/mic.png" || fail "mic.png is not a PNG"
expect_status 0 -- "$AKICHI" render "$out" --var mic_coverage --station gnb-hall-a -o "$WORK/mic.tif" \
  && pass "mic_coverage GeoTIFF"
# The cover area holds some cells (category 1 = inside) and the GeoTIFF has the same count.
if "$PY" - "$out" "$WORK/mic.tif" <<'PY'; then
import sys, subprocess, json
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
ids = [s.decode() if isinstance(s, bytes) else s for s in f["mic_station_id"][:]]
m = f["mic_coverage"][ids.index("gnb-hall-a"), :, :]
assert 0 < int(m.sum()) < m.size, int(m.sum())
d = json.loads(subprocess.check_output(["gdalinfo", "-json", "-stats", "-hist", sys.argv[2]]))
md = d["bands"][0]["metadata"][""]
assert float(md["STATISTICS_MINIMUM"]) == 0.0 and float(md["STATISTICS_MAXIMUM"]) == 1.0, md
mean = float(md["STATISTICS_MEAN"])
assert abs(mean - m.mean()) < 1e-9, (mean, m.mean())
PY
  pass "mic_coverage GeoTIFF: values 0/1 with the file's share of inside cells"
else fail "mic_coverage GeoTIFF differs from the results file"; fi

# Category GeoTIFFs (a MIC mask, the binding station): integer bands with the PNG legend's
# colours as the colour table, the flag_meanings as GDAL category names, and a QGIS style.
expect_status 0 -- "$AKICHI" render "$out" --var binding_station --time "$slot" --channel "$chan" \
    --height 10 -o "$WORK/binding.tif" && pass "binding_station GeoTIFF"
if "$PY" - "$out" "$WORK" <<'PY'; then
import sys, os
import xml.etree.ElementTree as ET
import netCDF4, numpy as np
from osgeo import gdal
gdal.UseExceptions()
nc = netCDF4.Dataset(sys.argv[1])
tab10 = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
         (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207)]
for name, var in (("mic", "mic_coverage"), ("binding", "binding_station")):
    tif = os.path.join(sys.argv[2], name + ".tif")
    meanings = nc[var].flag_meanings.split()
    ds = gdal.Open(tif)
    band = ds.GetRasterBand(1)
    assert gdal.GetDataTypeName(band.DataType) == "Byte", (var, band.DataType)
    assert band.GetNoDataValue() == 255, band.GetNoDataValue()
    assert band.GetColorInterpretation() == gdal.GCI_PaletteIndex
    assert band.GetCategoryNames() == meanings, (band.GetCategoryNames(), meanings)
    ct = band.GetColorTable()
    for i in range(len(meanings)):
        assert ct.GetColorEntry(i)[:3] == tab10[i % 9], (var, i, ct.GetColorEntry(i))
    a = band.ReadAsArray()
    assert set(np.unique(a)) <= set(range(len(meanings))) | {255}, np.unique(a)
    qml = os.path.join(sys.argv[2], name + ".qml")
    root = ET.parse(qml).getroot()
    r = root.find("pipe/rasterrenderer")
    assert r.get("type") == "paletted" and r.get("band") == "1"
    entries = r.findall("colorPalette/paletteEntry")
    assert [e.get("label") for e in entries] == meanings
    assert [e.get("color") for e in entries] == ["#%02x%02x%02x" % tab10[i % 9] for i in range(len(meanings))]
# the MIC mask: category 1 ("inside") exactly where the file's mask is 1, north row first
ids = list(nc["mic_station_id"][:])
m = np.asarray(nc["mic_coverage"][ids.index("gnb-hall-a"), :, :])
mic = gdal.Open(os.path.join(sys.argv[2], "mic.tif"))  # held: a band outlives no dataset
a = mic.GetRasterBand(1).ReadAsArray()
assert np.array_equal(a, m[::-1, :].astype(a.dtype)), "mask differs"
PY
  pass "category GeoTIFFs: Byte band, colour table, category names, QGIS style"
else fail "category GeoTIFFs"; fi

# Bad selectors: exit status 2 with a message naming the option and the valid values.
expect_status 2 -- "$AKICHI" render "$out" --var max_eirp --time "$slot" --channel 4900-5000MHz -o "$WORK/x.png" \
  && expect_output "--channel: found '4900-5000MHz', expected one of the 3 values along 'channel' of max_eirp: 4600-4700MHz, 4700-4800MHz, 4800-4900MHz" \
  && pass "unknown channel -> 2"
expect_status 2 -- "$AKICHI" render "$out" --var max_eirp --channel "$chan" -o "$WORK/x.png" \
  && expect_output "--time: found nothing, expected a value for 'time'.*168 values: 2026-12-07T00:00:00\+09:00" \
  && pass "missing --time -> 2"
expect_status 2 -- "$AKICHI" render "$out" --var max_eirp --time 2026-12-08 --channel "$chan" -o "$WORK/x.png" \
  && expect_output "begins 24 values" && pass "ambiguous --time prefix -> 2"
expect_status 2 -- "$AKICHI" render "$out" --var mic_coverage --station gnb-nowhere -o "$WORK/x.png" \
  && expect_output "--station: found 'gnb-nowhere'.*gnb-hall-a, gnb-hall-b" && pass "unknown MIC station -> 2"
expect_status 2 -- "$AKICHI" render "$out" --var terrain_height --channel "$chan" -o "$WORK/x.png" \
  && expect_output "no channel for terrain_height" && pass "selector for a missing dimension -> 2"
ls "$WORK" | grep -q '^x\.png' && fail "a failed render left x.png"
finish

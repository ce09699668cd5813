#!/usr/bin/env bash
# KMZ maps and vector areas, opened with GDAL/OGR as their users' tools do: the KMZ's overlay
# bounds against the study grid's extent and its legend; the contour areas of a level against
# the grid (cell centres above the level inside, below it outside); the MIC cover and
# coordination areas of all stations together against the union of the stations' masks; the
# same areas as GeoJSON, GeoPackage and KML.
source "$(dirname "$0")/lib.sh" "$@"
out="$WORK/factory.nc"
slot="2026-12-08T10"
chan="4700-4800MHz"

expect_status 0 -- "$AKICHI" run "$SRC/scenarios/factory-4.7ghz/scenario.toml" -o "$out" -q --threads 2 \
  && pass "factory run"
[ -f "$out" ] || { fail "no results file"; finish; }

expect_status 0 -- "$AKICHI" render "$out" --var max_eirp --time "$slot" --channel "$chan" --height 10 \
    -o "$WORK/eirp.kmz" && pass "max_eirp KMZ"
expect_status 0 -- "$AKICHI" render "$out" --var mic_coverage --station gnb-hall-a -o "$WORK/mic.kmz" \
  && pass "mic_coverage KMZ"
expect_status 0 -- "$AKICHI" contours "$out" --var max_eirp --time "$slot" --channel "$chan" --height 10 \
    --levels 10,20,25 -o "$WORK/eirp.gpkg" && expect_output '>= 20 dBm +[0-9]+ cells' \
  && pass "max_eirp contours (GeoPackage)"
for ext in geojson kml; do
  expect_status 0 -- "$AKICHI" contours "$out" --var max_eirp --time "$slot" --channel "$chan" \
      --height 10 --levels 10,20,25 -o "$WORK/eirp.$ext" && pass "max_eirp contours ($ext)"
done
for var in mic_coverage mic_coordination; do
  expect_status 0 -- "$AKICHI" contours "$out" --var $var -o "$WORK/$var.geojson" \
    && expect_output 'station all of 2' && pass "$var of all stations (GeoJSON)"
  expect_status 0 -- "$AKICHI" contours "$out" --var $var -o "$WORK/$var.gpkg" && pass "$var (GeoPackage)"
done

if "$PY" - "$out" "$WORK" <<'PY'; then
import sys, os, zipfile
import netCDF4, numpy as np
from osgeo import gdal, ogr, osr
gdal.UseExceptions(); ogr.UseExceptions()
nc = netCDF4.Dataset(sys.argv[1]); w = sys.argv[2]
x, y = np.asarray(nc["x"][:]), np.asarray(nc["y"][:])
cell = float(x[1] - x[0])
study = osr.SpatialReference(); study.ImportFromWkt(nc["crs"].crs_wkt)
study.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
wgs84 = osr.SpatialReference(); wgs84.ImportFromEPSG(4326)
wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(study, wgs84)

# KMZ: doc.kml first, a screen overlay with a legend PNG that decodes; GDAL reads the overlay,
# whose bounds are the lon/lat box of the grid's outline (within a cell).
west, east, south, north = x[0] - cell / 2, x[-1] + cell / 2, y[0] - cell / 2, y[-1] + cell / 2
edge = [(west + t * (east - west), south) for t in np.linspace(0, 1, 50)] + \
       [(west + t * (east - west), north) for t in np.linspace(0, 1, 50)] + \
       [(west, south + t * (north - south)) for t in np.linspace(0, 1, 50)] + \
       [(east, south + t * (north - south)) for t in np.linspace(0, 1, 50)]
ll = np.array([ct.TransformPoint(float(a), float(b))[:2] for a, b in edge])
for name in ("eirp", "mic"):
    kmz = os.path.join(w, name + ".kmz")
    z = zipfile.ZipFile(kmz)
    assert z.namelist()[0] == "doc.kml", z.namelist()[:3]
    doc = z.read("doc.kml").decode()
    assert "<ScreenOverlay>" in doc and "<href>legend.png</href>" in doc
    legend = gdal.Open("/vsizip/" + kmz + "/legend.png")
    assert legend.GetDriver().ShortName == "PNG" and legend.RasterCount == 4
    assert legend.RasterXSize > 50 and legend.RasterYSize > 50
    ds = gdal.Open(kmz)
    assert ds.GetDriver().ShortName == "KMLSUPEROVERLAY", ds.GetDriver().ShortName
    gt = ds.GetGeoTransform()
    k_west, k_north = gt[0], gt[3]
    k_east, k_south = gt[0] + gt[1] * ds.RasterXSize, gt[3] + gt[5] * ds.RasterYSize
    dlon = cell / (111320 * np.cos(np.radians(ll[:, 1].mean()))); dlat = cell / 110574
    for got, want, tol in ((k_west, ll[:, 0].min(), dlon), (k_east, ll[:, 0].max(), dlon),
                           (k_south, ll[:, 1].min(), dlat), (k_north, ll[:, 1].max(), dlat)):
        assert abs(got - want) < tol, (name, got, want, tol)
    print(name, "KMZ bounds", k_west, k_south, k_east, k_north)

# Contours: the area at or above each level holds the cell centres above it and not those below.
times = [str(t) for t in nc["time_local"][:]]
t = [i for i, s in enumerate(times) if s.startswith("2026-12-08T10")][0]
c = [str(s) for s in nc["channel_id"][:]].index("4700-4800MHz")
h = list(np.asarray(nc["height"][:])).index(10.0)
v = np.ma.filled(nc["max_eirp"][t, c, h, :, :].astype(float), np.nan)
src = ogr.Open(os.path.join(w, "eirp.gpkg"))
layer = src.GetLayer(0)
assert layer.GetName() == "max_eirp"
feats = {f["level"]: (f["cells"], f.GetGeometryRef().Clone(), f["kind"]) for f in layer}
assert sorted(feats) == [10.0, 20.0, 25.0], sorted(feats)
for level, (cells, geom, kind) in feats.items():
    assert kind == "at_or_above"
    assert cells == int(np.sum(v >= level)), (level, cells, int(np.sum(v >= level)))
    above = np.argwhere(v > level + 0.05); below = np.argwhere(v < level - 0.05)
    assert len(above) and len(below), level
    rng = np.random.default_rng(1)
    for iy, ix in above[rng.choice(len(above), min(300, len(above)), replace=False)]:
        p = ogr.CreateGeometryFromWkt("POINT (%r %r)" % (float(x[ix]), float(y[iy])))
        assert geom.Contains(p), ("above outside", level, iy, ix, v[iy, ix])
    for iy, ix in below[rng.choice(len(below), min(300, len(below)), replace=False)]:
        p = ogr.CreateGeometryFromWkt("POINT (%r %r)" % (float(x[ix]), float(y[iy])))
        assert not geom.Contains(p), ("below inside", level, iy, ix, v[iy, ix])
print("contour levels", {k: f[0] for k, f in feats.items()})
# The same levels as GeoJSON and KML, in WGS 84, with the same cell counts.
for ext in ("geojson", "kml"):
    vds = ogr.Open(os.path.join(w, "eirp." + ext))  # held: a layer outlives no dataset
    lyr = vds.GetLayer(0)
    got = {}
    for f in lyr:
        # KML: the label is the placemark's name; integers come back as text
        got[round(f["level"], 6) if ext == "geojson" else f["Name"]] = int(f["cells"])
        env = f.GetGeometryRef().GetEnvelope()
        assert 130 < env[0] < 140 and 30 < env[2] < 40, env  # lon, lat
    want = {k: f[0] for k, f in feats.items()}
    if ext == "geojson":
        assert got == want, (got, want)
    else:
        assert sorted(got.values()) == sorted(want.values()) and ">= 20 dBm" in got, got

# MIC areas of all stations together: the union of the stations' masks, polygons on cell edges.
for var in ("mic_coverage", "mic_coordination"):
    union = np.asarray(nc[var][:]).max(axis=0)
    vds = ogr.Open(os.path.join(w, var + ".gpkg"))
    lyr = vds.GetLayer(0)
    fs = list(lyr)
    assert len(fs) == 1 and fs[0]["label"] == "inside", [f["label"] for f in fs]
    g = fs[0].GetGeometryRef()
    assert fs[0]["cells"] == int(union.sum()) and int(union.sum()) > 0
    assert abs(g.GetArea() - union.sum() * cell * cell) < 1e-3 * cell * cell, (g.GetArea(), union.sum())
    for iy, ix in np.argwhere(union == 1)[:200]:
        assert g.Contains(ogr.CreateGeometryFromWkt("POINT (%r %r)" % (float(x[ix]), float(y[iy]))))
    jds = ogr.Open(os.path.join(w, var + ".geojson"))
    assert jds.GetLayer(0).GetFeatureCount() == 1
    print(var, "all stations:", int(union.sum()), "cells")
PY
  pass "KMZ bounds and legend; contour areas against the grid; MIC areas of all stations"
else fail "KMZ / contour checks"; fi

# Errors: levels for a categorical variable, none for a continuous one, an unknown extension.
expect_status 2 -- "$AKICHI" contours "$out" --var mic_coverage --levels 1 -o "$WORK/x.geojson" \
  && expect_output "--levels: found 1 levels for 'mic_coverage'" && pass "levels for a mask -> 2"
expect_status 2 -- "$AKICHI" contours "$out" --var max_eirp --time "$slot" --channel "$chan" -o "$WORK/x.geojson" \
  && expect_output "--levels: found nothing, expected one or more levels \(in dBm\)" && pass "no levels -> 2"
expect_status 2 -- "$AKICHI" contours "$out" --var max_eirp --time "$slot" --channel "$chan" --levels 1 \
    -o "$WORK/x.shp" && expect_output "expected a file name ending in .geojson or .json or .gpkg or .kml" \
  && pass "unknown vector extension -> 2"
expect_status 2 -- "$AKICHI" render "$out" --var max_eirp --time "$slot" --channel "$chan" -o "$WORK/x.kml" \
  && expect_output "\.png, \.tif, \.tiff or \.kmz" && pass "render: unknown extension -> 2"
ls "$WORK" | grep -q '^x\.' && fail "a failed command left an output"
finish

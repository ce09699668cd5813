#!/usr/bin/env bash
# The default scenario end to end: run, then open the results with GDAL, netCDF4 and xarray,
# and render PNG and GeoTIFF maps.
source "$(dirname "$0")/lib.sh" "$@"
out="$WORK/default.nc"

expect_status 0 -- "$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$out" --threads 2 \
  && expect_output 'Results: ' && expect_output 'premises covered' && pass "default run"
[ -f "$out" ] || fail "no results file"
ls "$WORK" | grep -q partial && fail "a temporary file was left behind"

# GDAL sees the projected CRS, the origin and the pixel size of the study grid.
expect_status 0 -- gdalinfo "NETCDF:\"$out\":terrain_height" && {
  expect_output 'UTM zone 54N' && expect_output 'Pixel Size = \(10\.0+,-10\.0+\)' \
    && expect_output 'Size is 240, 180' && pass "gdalinfo: CRS, pixel size, raster size"; }
# Origin: west edge and north edge of the grid, as written in the file's x/y coordinates.
"$PY" - "$out" "$WORK/out" <<'PY' || fail "gdalinfo origin does not match the file's coordinates"
import re, sys, netCDF4
ds = netCDF4.Dataset(sys.argv[1])
x, y = ds["x"][:], ds["y"][:]
west, north = x[0] - 5.0, y[-1] + 5.0
m = re.search(r"Origin = \(([-0-9.]+),([-0-9.]+)\)", open(sys.argv[2]).read())
assert m, "no origin line"
ox, oy = float(m.group(1)), float(m.group(2))
assert abs(ox - west) < 1e-6 and abs(oy - north) < 1e-6, (ox, oy, west, north)
PY
pass "gdalinfo origin"

# GDAL opens the file by its plain name with the netCDF driver (the .nc name decides it): its
# subdatasets are georeferenced, and row 0 of a band is the northern row of the grid.
"$PY" - "$out" <<'PY' || fail "GDAL on the plain results file name"
import sys
import netCDF4, numpy as np
from osgeo import gdal
gdal.UseExceptions()
path = sys.argv[1]
ds = gdal.Open(path)
assert ds.GetDriver().ShortName == "netCDF", ds.GetDriver().ShortName
subs = dict((v, k) for k, v in ds.GetMetadata("SUBDATASETS").items() if k.endswith("_NAME"))
name = 'NETCDF:"%s":sinr' % path
assert name in subs, sorted(subs)
nc = netCDF4.Dataset(path)
x, y = nc["x"][:], nc["y"][:]
assert y[-1] > y[0]  # stored south to north
sinr = gdal.Open(name)
assert sinr.GetDriver().ShortName == "netCDF"
gt = sinr.GetGeoTransform()
want = (x[0] - 5.0, 10.0, 0.0, y[-1] + 5.0, 0.0, -10.0)
assert np.allclose(gt, want, atol=1e-6), (gt, want)
assert "UTM zone 54N" in sinr.GetProjection()
assert (sinr.RasterXSize, sinr.RasterYSize, sinr.RasterCount) == (240, 180, 2)
# band 1 = height 1.5 m; GDAL's row 0 is the file's last (northern) row
band = sinr.GetRasterBand(1).ReadAsArray()
stored = np.ma.filled(nc["sinr"][0, :, :].astype("f4"), np.nan)
assert np.array_equal(band, stored[::-1, :], equal_nan=True)
assert not np.array_equal(band, stored, equal_nan=True)  # the test can tell the two apart
PY
pass "GDAL: netCDF driver on the plain name, geotransform, row 0 north"

# netCDF4 and xarray read every variable with its units, dims and the scenario text.
"$PY" - "$out" <<'PY' || fail "netCDF4/xarray checks"
import sys, math
import netCDF4, numpy as np, xarray as xr
path = sys.argv[1]
ds = netCDF4.Dataset(path)
assert ds.Conventions == "CF-1.10", ds.Conventions
assert "Coastal factory campus" in ds.scenario_text
assert isinstance(ds.git_sha, str) and isinstance(ds.akichi_version, str)
rx = ds["rx_power"]
assert rx.dimensions == ("station", "height", "y", "x"), rx.dimensions
assert rx.units == "dBm" and rx.grid_mapping == "crs"
assert list(ds["height"][:]) == [1.5, 10.0]
ids = list(ds["station_id"][:])
assert ids == ["gnb-quay-west", "gnb-quay-east", "gnb-hall", "gnb-office"], ids
x = xr.open_dataset(path)
best = x["best_rx_power"]
assert best.dims == ("height", "y", "x") and best.attrs["units"] == "dBm"
# the best server's power equals the maximum over stations
mx = x["rx_power"].max("station")
assert float(abs(mx - best).max()) < 1e-4
srv = x["best_server"].values
assert srv.min() >= 0 and srv.max() <= 3
share = float(x["premises_coverage_share"].sel(height=1.5))
assert 0.0 <= share <= 1.0
assert int(x["premises_mask"].sum()) > 1000
print("xarray ok: premises covered at 1.5 m =", share)
PY
pass "netCDF4 and xarray"

# Maps.
expect_status 0 -- "$AKICHI" render "$out" --var best_rx_power -o "$WORK/best.png" && pass "render png"
[ -s "$WORK/best.png" ] && head -c 8 "$WORK/best.png" | grep -q PNG || fail "best.png is not a PNG"
expect_status 0 -- "$AKICHI" render "$out" --var rx_power --station gnb-hall --height 10 -o "$WORK/hall.tif" \
  && pass "render GeoTIFF"
expect_status 0 -- gdalinfo "$WORK/hall.tif" && expect_output 'UTM zone 54N' \
  && expect_output 'Pixel Size = \(10\.0+,-10\.0+\)' && pass "GeoTIFF georeferenced"
finish

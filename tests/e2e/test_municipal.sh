#!/usr/bin/env bash
# Municipal eligibility end to end: the example scenario (four hand-made municipalities around a
# public-service receiver looking south over the two wards of the west) gives the two western
# wards not eligible and the town and its enclave eligible; the /municipal group reads in
# xarray and agrees with the vacancy cube of the same run; the polygons come out as GeoJSON
# (and GeoPackage) through OGR; render draws the flag map; the input errors exit 2 naming the
# file, the feature and the field.
source "$(dirname "$0")/lib.sh" "$@"

ex="$SRC/scenarios/municipal-4.7ghz"
out="$WORK/m.nc"
expect_status 0 -- "$AKICHI" run "$ex/scenario.toml" -o "$out" --threads 2 \
  && expect_output 'Municipal eligibility \(4.6-4.8 GHz, indoor only, reference EIRP 30 dBm; 2 of 4 eligible' \
  && expect_output '99101 +例示市北区 +NOT eligible +worst margin -[0-9.]+ dB at ps-fixed-rx' \
  && expect_output '99342 +見本郡飛地村 +eligible +worst margin [0-9.]+ dB at ps-fixed-rx' \
  && pass "example run and summary lines"
[ -f "$WORK/m-municipal.geojson" ] || fail "no municipal GeoJSON beside the results"

"$PY" - "$out" "$WORK/m-municipal.geojson" <<'PY' && pass "results group and GeoJSON" || fail "results group and GeoJSON"
import sys, json
import numpy as np, xarray as xr
root = xr.open_dataset(sys.argv[1])
mu = xr.open_dataset(sys.argv[1], group="municipal", mask_and_scale=False)
codes = [str(c) for c in mu.municipality_code.values]
assert codes == ["99101", "99102", "99341", "99342"], codes
assert [str(n) for n in mu.municipality_name.values] == ["例示市北区", "例示市南区", "見本郡見本町", "見本郡飛地村"]
assert mu.eligible.values.tolist() == [0, 0, 1, 1], mu.eligible.values
assert mu.eligible.attrs["flag_meanings"] == "not_eligible eligible"
assert mu.attrs["rules_status"] == "example" and mu.attrs["indoor_only"] == 1
assert mu.attrs["channels"] == "4600-4700MHz 4700-4800MHz", mu.attrs["channels"]
assert [str(s) for s in mu.binding_station.values] == ["ps-fixed-rx"] * 4
assert [str(s) for s in mu.binding_channel.values] == ["4700-4800MHz"] * 4
# The worst margins against the vacancy cube of the same run (cap 50 dBm: the cells that bind
# are far below it): margin = max_eirp + L_BEL - EIRP_ref = max_eirp + 10 - 30.
idx = mu.municipality_index.values
e = root.max_eirp.values[0, :2, 0]   # time, channel (the sub-band's two), height 0
w = mu.worst_margin.values
for m in range(4):
    expect = (e[:, idx == m] + 10 - 30).min()
    assert abs(w[m] - expect) < 1e-3, (m, w[m], expect)
    assert mu.cells.values[m] == (idx == m).sum()
# The cell map: the municipality's flag where a municipality is, missing elsewhere.
flag = mu.eligibility.values
assert np.all(flag[idx >= 0] == mu.eligible.values[idx[idx >= 0]])
assert (idx >= 0).all()  # the example's polygons cover the study area
assert np.isclose(np.nanmin(mu.margin.values[idx == 0]), w[0])
assert mu.margin.attrs["grid_mapping"] == "/crs"
gj = json.load(open(sys.argv[2]))
props = [f["properties"] for f in gj["features"]]
assert [p["code"] for p in props] == codes
assert [p["eligible"] for p in props] == [0, 0, 1, 1]
assert all(abs(p["worst_margin_dB"] - w[i]) < 1e-9 for i, p in enumerate(props))
types = [f["geometry"]["type"] for f in gj["features"]]
assert types[2] == "Polygon" and len(gj["features"][2]["geometry"]["coordinates"]) == 2, types  # the hole
PY

# The map: categories with the municipalities' outlines and names.
expect_status 0 -- "$AKICHI" render "$out" --var municipal/eligibility -o "$WORK/elig.png" \
  && [ -s "$WORK/elig.png" ] && pass "render --var municipal/eligibility"
expect_status 0 -- "$AKICHI" render "$out" --var municipal/eligibility -o "$WORK/elig.tif" \
  && { grep -q "not_eligible" "$WORK/elig.tif.aux.xml" && pass "GeoTIFF categories" \
       || fail "no category names in the GeoTIFF"; }

# A GeoPackage instead, in the study CRS.
mkdir -p "$WORK/gpkg"
cp "$ex/municipalities.geojson" "$ex/land-cover.tif" "$WORK/gpkg/"
sed -e 's#"municipalities.geojson"#"municipalities.geojson"\noutput = "m.gpkg"#' \
    -e "s#\.\./rules/#$SRC/scenarios/rules/#" "$ex/scenario.toml" > "$WORK/gpkg/scenario.toml"
expect_status 0 -- "$AKICHI" run "$WORK/gpkg/scenario.toml" -o "$WORK/gpkg/m.nc" \
  && ogrinfo -ro -al -so "$WORK/gpkg/m.gpkg" > "$WORK/out" 2>&1 \
  && expect_output 'Feature Count: 4' && expect_output 'UTM zone 53N' && pass "GeoPackage output"

# Input errors: exit 2 naming the file, the feature or field, what was found and expected.
bad="$WORK/bad"; mkdir -p "$bad"; cp "$ex/land-cover.tif" "$bad/"
scenario_with() {  # scenario_with BOUNDARIES [EXTRA LINES]
  sed -e "s#boundaries = \"municipalities.geojson\"#boundaries = \"$1\"${2:-}#" \
      -e "s#\.\./rules/#$SRC/scenarios/rules/#" "$ex/scenario.toml" > "$bad/scenario.toml"
}
scenario_with "missing.geojson"
expect_status 2 -- "$AKICHI" check "$bad/scenario.toml" \
  && expect_output 'municipal.boundaries: found .*missing.geojson' && pass "missing boundary file"
cp "$ex/municipalities.geojson" "$bad/m.geojson"
scenario_with "m.geojson" '\ncode_field = "CODE"'
expect_status 2 -- "$AKICHI" check "$bad/scenario.toml" \
  && expect_output 'm.geojson: code_field: found no attribute .CODE., expected an attribute of the layer \(N03_001' \
  && pass "missing field"
"$PY" - "$ex/municipalities.geojson" "$bad/nogeom.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["features"][2]["geometry"] = None
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
scenario_with "nogeom.geojson"
expect_status 2 -- "$AKICHI" run "$bad/scenario.toml" -o "$bad/x.nc" \
  && expect_output 'nogeom.geojson: feature 2 geometry: found a feature without geometry, expected a Polygon or MultiPolygon' \
  && pass "feature without geometry"
[ ! -e "$bad/x.nc" ] || fail "a results file after an input error"

finish
